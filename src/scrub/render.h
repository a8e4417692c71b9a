// Rendering: the replacement text for one redacted span, per style.
//
//   tag      [REDACTED:<rule id>]
//   mask     [REDACTED]              or, with mask_same_length, one '*' per byte
//   partial  payment cards: every digit '*' except the last card_keep_last (<= 4) and, if
//            card_keep_first == 6, the first 6; separators kept. Other rules: one '*' per byte.
//   hmac     [REDACTED:<rule id>#<16 hex>] — the first 8 bytes of HMAC-SHA-256(key, secret),
//            where a card's secret is its digits only. Equal secrets give equal pseudonyms;
//            without the key they cannot be recomputed. Never an unkeyed hash.
// No replacement can match a rule: markers are skipped by the matcher (is_redaction_marker),
// '*' runs contain no token characters, and masked cards have fewer than 13 digits.
#pragma once

#include <string>
#include <string_view>

#include "rules/rule.h"

namespace logscrub {

struct RenderOptions {
  bool mask_same_length = false;
  int card_keep_first = 0;
  int card_keep_last = 4;
  std::string_view hmac_key;
};

// Appends the replacement for `secret` (found by `rule`, rendered in `style`) to `out`.
void render_replacement(const Rule& rule, Style style, std::string_view secret,
                        const RenderOptions& options, std::string& out);

// Every marker this library writes starts so.
inline constexpr std::string_view kRedactionMarkerPrefix = "[REDACTED";

// The marker written for a record masked whole (too long, or an internal error).
inline constexpr std::string_view kOversizedMarker = "[REDACTED:oversized-record]";
inline constexpr std::string_view kFailedMarker = "[REDACTED:scrub-error]";

// What a record over the limit that the framing drops becomes: the marker, then the record's
// '\r' (its last byte before any '\n') and '\n' when it had them -- what Engine::scrub writes
// for such a record.
constexpr std::string_view oversized_record_line(bool ends_with_cr, bool terminated) {
  constexpr std::string_view kLine = "[REDACTED:oversized-record]\r\n";
  constexpr std::string_view kLineLf = "[REDACTED:oversized-record]\n";
  static_assert(kLine.substr(0, kOversizedMarker.size()) == kOversizedMarker &&
                kLine.substr(kOversizedMarker.size()) == "\r\n" &&
                kLineLf.substr(0, kOversizedMarker.size()) == kOversizedMarker &&
                kLineLf.substr(kOversizedMarker.size()) == "\n");
  if (ends_with_cr) return terminated ? kLine : kLine.substr(0, kLine.size() - 1);
  return terminated ? kLineLf : kOversizedMarker;
}

// True when `s` is exactly a marker this library writes ("[REDACTED]", "[REDACTED:<id>]",
// "[REDACTED:<id>#<16 hex>]"; '#', not ':', so "secret:<hex>" never reads as an assignment) or a
// run of '*': such text is already redacted.
bool is_redaction_marker(std::string_view s);

// Length of the longest replacement a rule with an id of `id_len` bytes can produce for a
// span of `span_len` bytes.
size_t max_replacement_len(size_t id_len, size_t span_len);

}  // namespace logscrub
