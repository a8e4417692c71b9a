// Rule model: what a rule file (patterns/*.yaml) says, after loading and checking.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace logscrub {

enum class Category : uint8_t { Secret, Pii };

// How a matched span is rewritten. See render.h for the exact output of each style.
enum class Style : uint8_t { Tag, Mask, Partial, Hmac };

// Special detectors implemented in code instead of a regex: PaymentCard (detect/card_scanner.h);
// JsonKey (values under sensitive JSON keys, json/json_view.h; the engine gives it a Hyperscan
// trigger built from the key list, which tells which records carry such a key).
// UsSsn and Iban: digit-shaped identifiers (detect/id_scanners.h). Jwk: the private members
// of JSON Web Keys, read from the object around each "kty" (detect/jwk_members.h; the engine
// gives it the Hyperscan trigger kJwkTrigger).
enum class Detector : uint8_t { Regex, PaymentCard, JsonKey, UsSsn, Iban, Jwk };

struct Rule {
  std::string id;    // e.g. "aws.access_key_id": [a-z0-9_.-]+, unique
  std::string name;  // human readable
  Category category = Category::Secret;
  std::vector<std::string> tags;
  bool enabled_by_default = true;
  Detector detector = Detector::Regex;
  std::string pattern;  // RE2 syntax (common subset with Hyperscan), required for Regex
  // Optional cheaper Hyperscan pattern that matches inside every match of `pattern` (e.g. "@"
  // for emails). Then the RE2 window is [end - W, end + W], W = max width of `pattern`.
  std::string prefilter;
  // With a prefilter: the most bytes by which a match may start before the prefilter's match
  // starts (0: the prefilter begins every match, as "eyJ" does for JWTs). Then the window
  // starts at end - (max width of prefilter + prefilter_offset) instead of end - W.
  int prefilter_offset = -1;
  // Optional name of a built-in scanner (detect/prefilter_scanners.h) that finds the
  // prefilter's matches instead of Hyperscan; it must stand for exactly `prefilter`.
  std::string prefilter_scanner;
  // The token may follow another word with no separator (two secrets written back to back).
  // Needs a prefilter "\b" + a fixed-width prefix that starts with a word byte and
  // prefilter_offset 0: Hyperscan then scans the prefix without "\b", and where it follows a
  // word byte the matcher scans that line again cut before the prefix (Matcher::find).
  bool glued = false;
  int redact_group = -1;  // capture group to redact; -1 = 1 if the pattern has groups, else 0
  std::string extend;  // byte-set spec ("A-Za-z0-9/+="); redaction grows while next byte is in it
  std::string
      end_pattern;  // non-empty: a multi-line block rule (PEM keys): pattern opens, this closes
  // Optional: matched again, anchored, where each value the rule found (or rejected) ends, on
  // the same line; its group `redact_group` is the next value (a command's further flags of the
  // same kind: ACL SETUSER >pw1 >pw2). Each value it finds continues the chain.
  std::string next_pattern;
  std::vector<std::string> validators;  // names known to detect/validators.h
  bool has_style = false;
  Style style = Style::Tag;  // per-rule default style, when has_style
  std::vector<std::string> references;
  std::vector<std::string> examples;
  std::vector<std::string> negative_examples;
  std::string source;  // "builtin:patterns/aws.yaml" or a user file path, for error messages
  int source_line = 0;
};

const char* category_name(Category c);
const char* style_name(Style s);
bool parse_category(const std::string& s, Category* out);
bool parse_style(const std::string& s, Style* out);

}  // namespace logscrub
