// Escapes decoded in a record that is not valid JSON.
//
// A JSON log line can fail to parse and still be written by a JSON producer: a string cut by a
// logger's line limit, a lone surrogate escape (JSON.stringify of a string cut inside a
// surrogate pair), NaN from Python's json.dumps, text after the object. Such a record is
// scrubbed as text, where "AKIA\u005A..." or "pass\u0077ord" do not spell what they mean; the
// lenient view below lets the matcher see them decoded, as build_json_view does for valid JSON.
#pragma once

#include <string_view>

#include "json/json_view.h"

namespace logscrub {

// Fills view.decoded with `raw` where every well-formed escape is decoded (\" \\ \/ \b \f \n
// \r \t, \uXXXX, surrogate pairs → UTF-8), wherever it stands, and view.raw_of / raw_end_of as
// build_json_view fills them (each decoded byte maps to the raw escape that produced it). A
// lone surrogate escape becomes '?'; any other byte, an invalid or cut-off escape included, is
// copied as is. tokens and sensitive_values are left empty. Decoding never makes text longer.
void decode_escapes_leniently(std::string_view raw, JsonView& view);

}  // namespace logscrub
