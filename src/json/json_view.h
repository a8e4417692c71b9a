// JSON view of one log record: the record's JSON part parsed with simdjson On-Demand, every
// string's escapes decoded into one "decoded view" (so the matcher sees AKIA\u0049... as AKIAI...
// and wJalr\/K7 as wJalr/K7), with a map back to the raw bytes, the raw range of every scalar
// token, and the raw ranges of values under sensitive keys.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "json/sensitive_keys.h"

namespace logscrub {

struct JsonToken {
  enum Kind : uint8_t { Key, String, Number, Literal };  // Literal: true/false/null
  Kind kind;
  size_t raw_begin;  // for strings/keys: the opening quote; numbers/literals: first byte
  size_t raw_end;    // one past the closing quote / last byte (no trailing whitespace)
};

struct JsonView {
  std::string decoded;             // see build_json_view
  std::vector<size_t> raw_of;      // raw_of[i] = raw offset of the escape/byte that produced
                                   // decoded[i]; raw_of[decoded.size()] = raw end
  std::vector<size_t> raw_end_of;  // raw_end_of[i] = one past that escape/byte in raw
  std::vector<JsonToken> tokens;   // every key/string/number/literal, in order
  // Raw ranges [begin, end) of values under sensitive keys: a string (with quotes), a number, or
  // a whole nested object/array (brackets included). true/false/null values are not listed.
  std::vector<std::pair<size_t, size_t>> sensitive_values;
  void clear();
};

// Parses `json` (one JSON object or array, e.g. a log line or the message part of one; leading
// and trailing whitespace allowed) with simdjson On-Demand and fills `view`:
//  - decoded: `json` with each string token's *content* replaced by its decoded bytes
//    (\" \\ \/ \b \f \n \r \t \uXXXX incl. surrogate pairs -> UTF-8); quotes, structure,
//    whitespace and numbers copied as they are;
//  - raw_of / raw_end_of: for every decoded byte, the raw range that produced it (a byte
//    copied as is maps to itself; all bytes of one escape's UTF-8 map to that escape);
//  - tokens and sensitive_values as documented above (keys matched with `keys`).
// Returns false (view unspecified) when `json` is not a valid JSON object/array (any simdjson
// error, trailing content, invalid escape, lone surrogate, unescaped control characters).
// Handles any nesting depth simdjson allows and documents larger than any batch size.
bool build_json_view(std::string_view json, const SensitiveKeys& keys, JsonView& view);

}  // namespace logscrub
