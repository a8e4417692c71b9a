// JSON-aware findings for records that are JSON (or carry a JSON message part).
//
// After the text scan of a buffer, each record whose JSON part might hold something — a text
// finding, a sensitive-key trigger, or a backslash (an escape can hide a secret from the raw
// scan) — is parsed (json/json_view.h). If it is valid JSON, its text findings are replaced by
// findings from scanning the *decoded* view (escapes resolved, so context rules still see
// "key": "value"), mapped back to raw bytes and clipped to single tokens, plus the values under
// sensitive keys. A JSON number or container that is redacted becomes a quoted marker, so the
// output stays valid JSON. If the record is not valid JSON, its text findings stay (fallback).
// Escapes outside parsed JSON (the whole record when it does not parse, the text before an
// object that ends a text record) are decoded leniently (json/lenient_decode.h) and scanned
// too, their findings mapped back to whole raw escapes.
// Records that need none of this cost one json_part_offset and one memchr.
#pragma once

#include <string_view>
#include <vector>

#include "detect/matcher.h"
#include "json/json_view.h"
#include "scrub/engine.h"

namespace logscrub {

struct JsonScratch {
  JsonView view;
  std::vector<Finding> decoded_findings;
  std::vector<Finding> refined;
  std::vector<size_t> triggers;
  std::string cleaned;    // a record's copy with invalid UTF-8 and control bytes replaced
  JsonView lenient_view;  // escapes outside parsed JSON, decoded (json/lenient_decode.h)
  std::vector<Finding> lenient_findings;
};

// `json` with every byte >= 0x80 replaced by '?' and every byte < 0x20 by ' ' (same length):
// what a record with invalid UTF-8 or raw control bytes is parsed from, so its keys and
// escapes still count and every offset in it is an offset of the record.
void clean_copy(std::string_view json, std::string& out);

// Rewrites `findings` (text-path findings of `input`, sorted by begin) as described above;
// the findings of records it leaves as they are keep their order.
// `triggers`: JsonKey trigger end offsets from the text scan (ascending); consumed.
Error refine_json_records(const Matcher& matcher, MatcherScratch& mscratch,
                          const SensitiveKeys& keys, InputFormat format, std::string_view input,
                          std::vector<Finding>& findings, JsonScratch& js);

// A Hyperscan pattern that fires on every record holding a raw (unescaped) JSON key that `keys`
// calls sensitive: the last words of a name ("pass word", "api key"), any separators between
// and after them, then the key's closing quote and ':', caselessly — so a record with such a
// key is parsed even when nothing else matched in it.
std::string json_key_trigger_pattern(const SensitiveKeys& keys);

}  // namespace logscrub
