// Detectors for identifiers made of digits, which Hyperscan handles badly (digits are
// everywhere in logs): US SSNs and IBANs. The digit-shape pass (detect/digit_shapes.h) finds
// the rare positions where the shape can start; the checks below decide with the boundaries
// and the offline validator (ssn_valid, iban_valid). Linear in text.size().
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "detect/card_scanner.h"

namespace logscrub {

// US SSNs written ddd-dd-dddd or ddd dd dddd (one separator, the same twice), not glued to a
// word or to another number (the byte before is not [A-Za-z0-9_] nor one of "-./+"; the byte
// after is not [A-Za-z0-9_] nor "-", "." or "/" followed by a digit), and ssn_valid.
void find_us_ssns(std::string_view text, std::vector<CardMatch>& out);

// IBANs, compact (DE44500105175407324931) or in print form (groups of 4 separated by single
// spaces, last group 1-4): two upper-case letters and two digits at a word start, then the
// longest candidate that iban_valid accepts (country length table, mod-97).
void find_ibans(std::string_view text, std::vector<CardMatch>& out);

// Candidate checks for the digit-shape pass (detect/digit_shapes.h): `pos` starts the shape
// ddd?dd?dddd, resp. two upper-case letters and two digits. iban_check_at returns the end of
// the IBAN it appended, or `pos`.
void ssn_check_at(std::string_view text, size_t pos, std::vector<CardMatch>& out);
size_t iban_check_at(std::string_view text, size_t pos, std::vector<CardMatch>& out);

}  // namespace logscrub
