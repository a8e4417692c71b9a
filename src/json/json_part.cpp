// Where the JSON part of a record starts (see json_part.h).

#include "json/json_part.h"

namespace logscrub {

size_t json_part_offset(std::string_view record) {
  return json_part_offset(record, record.find('\t'));
}

size_t json_part_offset(std::string_view record, size_t first_tab) {
  auto starts_json = [](std::string_view rest) {
    size_t i = 0;
    while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\t')) ++i;
    return i < rest.size() && (rest[i] == '{' || rest[i] == '[');
  };
  if (starts_json(record)) return 0;
  // A UTF-8 byte order mark before the document.
  if (record.size() >= 3 && record.substr(0, 3) == "\xEF\xBB\xBF" && starts_json(record.substr(3)))
    return 3;
  // Lambda text format: "<timestamp>\t<request id>\t<LEVEL>\t{...}" (three non-empty fields).
  size_t pos = 0;
  for (int field = 0; field < 3; ++field) {
    const size_t tab = field == 0 ? first_tab : record.find('\t', pos);
    if (tab == std::string_view::npos || tab == pos) return std::string_view::npos;
    pos = tab + 1;
  }
  return starts_json(record.substr(pos)) ? pos : std::string_view::npos;
}

size_t embedded_json_offset(std::string_view record) {
  // "INFO body={...}": an object that runs to the end of the record (trailing spaces and a
  // '\r' aside).
  size_t end = record.size();
  while (end > 0 && (record[end - 1] == '\r' || record[end - 1] == ' ' || record[end - 1] == '\t'))
    --end;
  if (end == 0 || record[end - 1] != '}') return std::string_view::npos;
  // The '{' that balances the final '}', braces counted backwards outside strings (a '"' with
  // an even run of backslashes before it opens or closes one): chosen from the end, it stays
  // the same when a redaction earlier in the record removes bytes (G6), and braces inside
  // string values ("a}b") do not move it.
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = end; i-- > 0;) {
    const char c = record[i];
    if (c == '"') {
      size_t backslashes = 0;
      while (backslashes < i && record[i - 1 - backslashes] == '\\') ++backslashes;
      if (backslashes % 2 == 0) in_string = !in_string;
    } else if (in_string) {
      continue;
    } else if (c == '}') {
      ++depth;
    } else if (c == '{' && --depth == 0) {
      return i;
    }
  }
  return std::string_view::npos;
}

}  // namespace logscrub
