// Where a log record's JSON starts: the whole record, the part after Lambda's text-format
// prefix, or an object that ends a text record.
#pragma once

#include <cstddef>
#include <string_view>

namespace logscrub {

// Where the JSON part of a record starts: 0 when the first non-blank byte is '{' or '[' (after
// a UTF-8 byte order mark: 3);
// for Lambda's text format "<timestamp>\t<request id>\t<LEVEL>\t{...}" the offset after the
// third tab when the rest starts with '{' or '['; std::string_view::npos otherwise.
size_t json_part_offset(std::string_view record);
// The same, given the offset of the record's first '\t' (npos when it holds none), which a
// caller going through many records may know without searching each.
size_t json_part_offset(std::string_view record, size_t first_tab);

// For a text record that ends with an object ("INFO body={...}"): the offset of the '{' that
// balances the final '}', braces inside strings not counted (a candidate: the caller parses
// from there, may try the next '{' positions, and falls back to text when none parses);
// std::string_view::npos when the record does not end with '}' or nothing balances it.
size_t embedded_json_offset(std::string_view record);

}  // namespace logscrub
