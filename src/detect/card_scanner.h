// Payment card number detector: a vectorised scan for digit runs, then grouping, Luhn and
// issuer (IIN) checks. Replaces a Hyperscan bounded-repeat pattern that would be slow on logs.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace logscrub {

struct CardMatch {
  size_t begin;  // offset of the first digit
  size_t end;    // one past the last digit
};

// Appends to `out` every plausible card number in `text`:
//  - 13..19 digits, either contiguous or in one of the usual groupings with a single space
//    or a single dash between groups (same separator throughout): 4-4-4-4, 4-4-4-4-3,
//    4-6-5 (Amex), 4-6-4 (Diners), 4-4-4-1 ... as documented in card_scanner.cpp;
//  - not glued to a word: the byte before is not [A-Za-z0-9_] and not one of "-.+/" when
//    that is itself preceded by a word byte (block ids like blk_-123..., decimals 0.4111...),
//    the byte after is not [A-Za-z0-9_] and not "." or "," followed by a digit;
//  - Luhn-valid, and the length fits the issuer prefix (Visa, Mastercard, Amex, Discover,
//    JCB, Diners, UnionPay, Maestro).
// Linear in text.size(); never reads outside `text`.
void find_card_numbers(std::string_view text, std::vector<CardMatch>& out);

// Checks for a card starting at text[i] (a candidate from the digit-shape pass); appends it to
// `out` when there is one. Returns where the next candidate may start.
size_t card_check_at(std::string_view text, size_t i, std::vector<CardMatch>& out);

// True when `digits` (ASCII digits only) has a length that its issuer prefix allows.
bool card_iin_plausible(std::string_view digits);

}  // namespace logscrub
