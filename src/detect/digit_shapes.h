// One vectorised pass over the text for every digit-shaped detector: payment cards, US SSNs,
// IBANs, and the percent escapes that turn the matcher's percent view on. Each 64-byte block
// yields masks of digits, upper-case letters, separators (' ', '-') and '%' once; from them
// each detector's shape gives the few positions where it can start:
//   card     a digit that begins >= 13 bytes of digits and separators (a card's whole span)
//   ssn      ddd?dd?dddd with ? a separator
//   iban     two upper-case letters followed by two digits
//   percent  a '%'
// and the scalar checks (card_check_at, ssn_check_at, iban_check_at, percent::triggers_view)
// decide. Linear in text.size(); AVX-512BW or AVX2 when the CPU has it, else SSE2, else scalar.
#pragma once

#include <string_view>
#include <vector>

#include "detect/card_scanner.h"

namespace logscrub {

struct DigitShapeOutputs {
  std::vector<CardMatch>* cards = nullptr;  // null: that detector is off
  std::vector<CardMatch>* ssns = nullptr;
  std::vector<CardMatch>* ibans = nullptr;
  // Per line holding an escape for which percent::triggers_view holds: where the line ends
  // (after its '\n', or the text's size), once, in order.
  std::vector<size_t>* percent_lines = nullptr;
};

// Appends the findings of each enabled detector to its vector, in text order.
void scan_digit_shapes(std::string_view text, const DigitShapeOutputs& out);

// The same pass on one instruction set (for tests that hold every path to the same results).
// False, with nothing appended, when this build or CPU does not have it.
enum class DigitShapeIsa { Portable, Avx2, Avx512 };
bool scan_digit_shapes_with(DigitShapeIsa isa, std::string_view text, const DigitShapeOutputs& out);

}  // namespace logscrub
