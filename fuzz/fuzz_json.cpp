// fuzz_json: JSON records (LOGSCRUB_FORMAT_AUTO), re-parsed with simdjson's DOM parser.
//
// Input: [plant][value] then `value & 63` (at most 48) bytes of a value, then the log text.
// When plant & 3 is not 0, a generated record holding that value under a sensitive key is
// planted as a line of its own at the start, the middle or the end of the text. plant bits
// 2-3: the key ("password", "pass\u0077ord", "db_password", "X-Api-Key"); bits 4-5: the value
// type (string, number, object, array); bits 6-7: where the key sits (top-level object, nested
// object, object in an array, the JSON part of a Lambda text-format record). Bit 6 of the
// value byte adds a sibling member "note" holding the value bytes raw (only '"', '\' and
// control bytes replaced), which makes the record invalid JSON when they are invalid UTF-8.
//
// Oracles:
//   - G5: as many '\n' out as in; every input line that is a JSON object or array (first byte
//     after blanks '{' or '[') and parses gives an output line that parses too, with the same
//     structure: the same containers and keys, and every scalar either unchanged or replaced by
//     a string holding "[REDACTED" (true/false/null never change);
//   - the planted member ("key":value, as written) is gone from its line, and when the planted
//     record is valid JSON its value is now a "[REDACTED..." string;
//   - G6: scrubbing the output again changes nothing.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_util.h"
#include "json/simdjson_include.h"

namespace {

// Two parsers: an element lives until its parser parses again.
simdjson::dom::parser& in_parser() {
  static simdjson::dom::parser p;
  return p;
}
simdjson::dom::parser& parser() {
  static simdjson::dom::parser p;
  return p;
}

// The value as a JSON string body: ASCII kept, '"' '\\' and every other byte \u-escaped (so
// the record is valid JSON whatever the bytes; bytes >= 0x80 become U+0080..U+00FF).
std::string json_string(std::string_view bytes) {
  std::string out = "\"";
  for (unsigned char c : bytes) {
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    }
  }
  // Left as they are by design, so not planted as such: an empty string (nothing to hide) and
  // a value that already is a redaction marker ("***", "[REDACTED…]", see is_redaction_marker
  // in src/scrub/render.cpp). A trailing 'x' makes them ordinary values.
  const bool stars = bytes.find_first_not_of('*') == std::string_view::npos;
  if (stars || bytes.substr(0, 9) == "[REDACTED") out += "x";
  return out + "\"";
}

const char* const kKeys[4] = {"password", "pass\\u0077ord", "db_password", "X-Api-Key"};

struct Planted {
  std::string line;
  std::string member;  // "key":value as written
};

// The bytes as a JSON string body without escapes: '"', '\\' and control bytes become '?'.
std::string raw_string(std::string_view bytes) {
  std::string out = "\"";
  for (char c : bytes) out.push_back(c == '"' || c == '\\' || (c >= 0 && c < 0x20) ? '?' : c);
  return out + "\"";
}

Planted plant(uint8_t how, std::string_view bytes, bool raw_note) {
  std::string value;
  switch ((how >> 4) & 3) {
    case 0: value = json_string(bytes); break;
    case 1: {
      long long n = 0;
      for (unsigned char c : bytes) n = (n * 31 + c) % 1000000007;
      // (appended piecewise: GCC 12 warns falsely (-Wrestrict) on "-" + std::string)
      if (bytes.size() & 1) value = "-";
      value += std::to_string(n);
      if (bytes.size() & 1) value += ".5e3";
      break;
    }
    case 2: value = "{\"v\":" + json_string(bytes) + ",\"n\":[1,{}]}"; break;
    default: value = "[" + json_string(bytes) + ",2,null]"; break;
  }
  Planted p;
  p.member = std::string("\"") + kKeys[(how >> 2) & 3] + "\":" + value;
  // The member, then the note if any: the member stays at the index planted_value() expects.
  const std::string members = p.member + (raw_note ? ",\"note\":" + raw_string(bytes) : "");
  switch (how >> 6) {
    case 0: p.line = "{\"level\":\"INFO\"," + members + ",\"n\":1}"; break;
    case 1: p.line = "{\"ctx\":{\"user\":\"ana\"," + members + "}}"; break;
    case 2: p.line = "[{" + members + "},3]"; break;
    default:
      p.line =
          "2024-05-14T09:12:49.331Z\t8f5e2c1a-3b7d-4e9f-a1c2-6d8e0f4b2a9c\tINFO\t"
          "{\"msg\":\"login\", " +
          members + "}";
      break;
  }
  return p;
}

// The value of the planted member in the parsed output record (located by structure, since
// the key may be written with escapes).
simdjson::dom::element planted_value(uint8_t how, simdjson::dom::element root) {
  simdjson::dom::object obj;
  switch (how >> 6) {
    case 1: obj = root.get_object().value()["ctx"].get_object().value(); break;
    case 2: obj = root.get_array().value().at(0).get_object().value(); break;
    default: obj = root.get_object().value(); break;
  }
  // The second member (cases 0, 1 and 3) or the first (case 2).
  simdjson::dom::element found;
  size_t i = 0;
  const size_t want = (how >> 6) == 2 ? 0 : 1;
  for (auto field : obj) {
    if (i++ == want) found = field.value;
  }
  return found;
}

bool has_marker(simdjson::dom::element e) {
  std::string_view s;
  return e.get_string().get(s) == simdjson::SUCCESS &&
         s.find("[REDACTED") != std::string_view::npos;
}

// Same structure, scalars unchanged or replaced by a marker string (see the oracles above).
bool same_shape(simdjson::dom::element in, simdjson::dom::element out, std::string& why) {
  using simdjson::dom::element_type;
  if (in.type() == element_type::OBJECT) {
    if (out.type() != element_type::OBJECT) return has_marker(out) || (why = "object lost", false);
    auto a = in.get_object().value();
    auto b = out.get_object().value();
    if (a.size() != b.size()) return why = "object size changed", false;
    auto it = b.begin();
    for (auto field : a) {
      auto other = *it;
      ++it;
      if (field.key != other.key && other.key.find("[REDACTED") == std::string_view::npos)
        return why = "key changed: " + std::string(field.key) + " -> " + std::string(other.key),
               false;
      if (!same_shape(field.value, other.value, why)) return false;
    }
    return true;
  }
  if (in.type() == element_type::ARRAY) {
    if (out.type() != element_type::ARRAY) return has_marker(out) || (why = "array lost", false);
    auto a = in.get_array().value();
    auto b = out.get_array().value();
    if (a.size() != b.size()) return why = "array size changed", false;
    auto it = b.begin();
    for (auto v : a) {
      auto other = *it;
      ++it;
      if (!same_shape(v, other, why)) return false;
    }
    return true;
  }
  if (in.type() == element_type::BOOL || in.type() == element_type::NULL_VALUE) {
    if (in.type() != out.type() ||
        (in.type() == element_type::BOOL && in.get_bool().value() != out.get_bool().value()))
      return why = "true/false/null changed", false;
    return true;
  }
  if (has_marker(out)) return true;
  if (in.type() != out.type()) return why = "scalar type changed without a marker", false;
  bool equal = false;
  switch (in.type()) {
    case element_type::STRING: equal = in.get_string().value() == out.get_string().value(); break;
    case element_type::INT64: equal = in.get_int64().value() == out.get_int64().value(); break;
    case element_type::UINT64: equal = in.get_uint64().value() == out.get_uint64().value(); break;
    default: {
      const double x = in.get_double().value();
      const double y = out.get_double().value();
      equal = x == y || (x != x && y != y);
      break;
    }
  }
  return equal || (why = "scalar changed without a marker", false);
}

// The line's JSON part per the header: a record that is an object/array after blanks.
bool looks_like_json(std::string_view line) {
  size_t i = line.find_first_not_of(" \t\r");
  return i != std::string_view::npos && (line[i] == '{' || line[i] == '[');
}

const fuzz::Engine& engine() {
  return fuzz::engine_for({{{LOGSCRUB_OPT_FORMAT, LOGSCRUB_FORMAT_AUTO}}, {}});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Reader r(data, size);
  const uint8_t how = r.byte();
  const uint8_t value_byte = r.byte();
  const std::string_view value = r.take(static_cast<size_t>(std::min(value_byte & 63, 48)));
  const std::string_view text = r.rest();

  std::string in(text);
  size_t planted_line = 0;
  Planted planted;
  if (how & 3) {
    planted = plant(how, value, (value_byte & 64) != 0);
    size_t at = (how & 3) == 1 ? 0 : (how & 3) == 2 ? in.size() / 2 : in.size();
    in.insert(at, "\n" + planted.line + "\n");
    planted_line = fuzz::count_newlines(std::string_view(in).substr(0, at)) + 1;
  }

  const std::string out = fuzz::scrub_ok(engine(), in);
  FUZZ_CHECK(fuzz::count_newlines(out) == fuzz::count_newlines(in), "line count changed");
  const auto in_lines = fuzz::split_lines(in);
  const auto out_lines = fuzz::split_lines(out);

  for (size_t i = 0; i < in_lines.size(); ++i) {
    if (!looks_like_json(in_lines[i])) continue;
    simdjson::dom::element in_doc;
    if (in_parser().parse(in_lines[i].data(), in_lines[i].size()).get(in_doc) != simdjson::SUCCESS)
      continue;
    simdjson::dom::element out_doc;
    const auto err = parser().parse(out_lines[i].data(), out_lines[i].size()).get(out_doc);
    FUZZ_CHECK(err == simdjson::SUCCESS, std::string("valid JSON in, invalid JSON out (") +
                                             simdjson::error_message(err) + "):\n  in  " +
                                             fuzz::show(in_lines[i], 400) + "\n  out " +
                                             fuzz::show(out_lines[i], 400));
    std::string why;
    FUZZ_CHECK(same_shape(in_doc, out_doc, why), "JSON changed beyond redactions: " + why +
                                                     "\n  in  " + fuzz::show(in_lines[i], 400) +
                                                     "\n  out " + fuzz::show(out_lines[i], 400));
  }

  if (how & 3) {
    const std::string_view out_line = out_lines[planted_line];
    FUZZ_CHECK(out_line.find(planted.member) == std::string_view::npos,
               "value under a sensitive key not redacted:\n  in  " + fuzz::show(planted.line, 400) +
                   "\n  out " + fuzz::show(out_line, 400));
    // The JSON part, after a Lambda prefix (the generated parts hold no tab).
    auto json_part = [&](std::string_view line) {
      return (how >> 6) == 3 ? line.substr(line.rfind('\t') + 1) : line;
    };
    const std::string_view in_json = json_part(planted.line);
    simdjson::dom::element doc;
    if (in_parser().parse(in_json.data(), in_json.size()).get(doc) == simdjson::SUCCESS) {
      FUZZ_CHECK(out_line.find('\t') != std::string_view::npos || (how >> 6) != 3,
                 "Lambda prefix lost: " + fuzz::show(out_line));
      const std::string_view out_json = json_part(out_line);
      FUZZ_CHECK(parser().parse(out_json.data(), out_json.size()).get(doc) == simdjson::SUCCESS,
                 "planted record does not parse after scrubbing: " + fuzz::show(out_line, 400));
      FUZZ_CHECK(has_marker(planted_value(how, doc)),
                 "value under a sensitive key not redacted:\n  in  " +
                     fuzz::show(planted.line, 400) + "\n  out " + fuzz::show(out_line, 400));
    }
  }

  // G6: idempotent.
  const std::string again = fuzz::scrub_ok(engine(), out);
  const std::string g6 = fuzz::g6_violation(in, out, again, /*json_records_only=*/true);
  FUZZ_CHECK(g6.empty(), "not idempotent: " + g6);
  return 0;
}
