// One vectorised pass over the text for every digit-shaped detector: payment cards, US SSNs,
// IBANs. Each 64-byte block yields masks of digits, upper-case letters and separators (' ',
// '-') once; from them each detector's shape gives the few positions where it can start:
//   card  a digit that begins >= 13 bytes of digits and separators (a card's whole span)
//   ssn   ddd?dd?dddd with ? a separator
//   iban  two upper-case letters followed by two digits
// and the scalar checks (card_check_at, ssn_check_at, iban_check_at) decide. Linear in
// text.size(); AVX-512BW or AVX2 when the CPU has it, else SSE2, else scalar.
#pragma once

#include <string_view>
#include <vector>

#include "detect/card_scanner.h"

namespace logscrub {

struct DigitShapeOutputs {
  std::vector<CardMatch>* cards = nullptr;  // null: that detector is off
  std::vector<CardMatch>* ssns = nullptr;
  std::vector<CardMatch>* ibans = nullptr;
};

// Appends the findings of each enabled detector to its vector, in text order.
void scan_digit_shapes(std::string_view text, const DigitShapeOutputs& out);

// The same pass on one instruction set (for tests that hold every path to the same results).
// False, with nothing appended, when this build or CPU does not have it.
enum class DigitShapeIsa { Portable, Avx2, Avx512 };
bool scan_digit_shapes_with(DigitShapeIsa isa, std::string_view text, const DigitShapeOutputs& out);

}  // namespace logscrub
