#include "rules/rule_loader.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <set>
#include <sstream>

#include "detect/prefilter_scanners.h"
#include "detect/validators.h"

namespace logscrub {
namespace {

Error rule_error(const std::string& source, int line, const std::string& rule_id,
                 const std::string& what) {
  std::ostringstream msg;
  msg << source;
  if (line > 0) msg << ':' << line;
  msg << ": ";
  if (!rule_id.empty()) msg << "rule '" << rule_id << "': ";
  msg << what;
  return {ErrorCode::RuleFile, msg.str()};
}

bool valid_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// Reads a string or a list of strings under `key` of `node` into `out`.
bool read_string_list(const YAML::Node& node, std::vector<std::string>& out) {
  if (!node) return true;
  if (node.IsScalar()) {
    out.push_back(node.as<std::string>());
    return true;
  }
  if (!node.IsSequence()) return false;
  for (const auto& item : node) {
    if (!item.IsScalar()) return false;
    out.push_back(item.as<std::string>());
  }
  return true;
}

const std::set<std::string>& known_keys() {
  static const std::set<std::string> keys = {
      "id",       "name",        "category",         "prefilter",
      "tags",     "enabled",     "pattern",          "redact",
      "extend",   "end_pattern", "next_pattern",     "validators",
      "style",    "references",  "examples",         "negative_examples",
      "detector", "description", "prefilter_offset", "prefilter_scanner",
      "glued"};
  return keys;
}

Error parse_one(const YAML::Node& node, const std::string& source, Rule& rule) {
  int line = node.Mark().line + 1;
  rule.source = source;
  rule.source_line = line;
  if (!node.IsMap()) return rule_error(source, line, "", "each rule must be a mapping");
  if (!node["id"] || !node["id"].IsScalar()) return rule_error(source, line, "", "missing 'id'");
  rule.id = node["id"].as<std::string>();
  if (!valid_id(rule.id))
    return rule_error(source, line, rule.id, "id must be 1-64 chars of [a-z0-9_.-]");
  for (const auto& kv : node) {
    std::string key = kv.first.as<std::string>();
    if (!known_keys().count(key))
      return rule_error(source, kv.first.Mark().line + 1, rule.id, "unknown key '" + key + "'");
  }
  rule.name = node["name"] ? node["name"].as<std::string>() : rule.id;
  std::string category = node["category"] ? node["category"].as<std::string>() : "";
  if (!parse_category(category, &rule.category))
    return rule_error(source, line, rule.id, "category must be 'secret' or 'pii'");
  if (!read_string_list(node["tags"], rule.tags))
    return rule_error(source, line, rule.id, "'tags' must be a list of strings");
  if (node["enabled"]) rule.enabled_by_default = node["enabled"].as<bool>();
  std::string detector = node["detector"] ? node["detector"].as<std::string>() : "regex";
  if (detector == "payment_card") {
    rule.detector = Detector::PaymentCard;
  } else if (detector == "json_key") {
    rule.detector = Detector::JsonKey;
  } else if (detector == "us_ssn") {
    rule.detector = Detector::UsSsn;
  } else if (detector == "iban") {
    rule.detector = Detector::Iban;
  } else if (detector == "jwk") {
    rule.detector = Detector::Jwk;
  } else if (detector != "regex") {
    return rule_error(source, line, rule.id, "unknown detector '" + detector + "'");
  }
  if (node["pattern"]) rule.pattern = node["pattern"].as<std::string>();
  if (rule.detector == Detector::Regex && rule.pattern.empty())
    return rule_error(source, line, rule.id, "missing 'pattern'");
  if (rule.detector != Detector::Regex && !rule.pattern.empty())
    return rule_error(source, line, rule.id, "'pattern' and 'detector' are exclusive");
  if (node["prefilter"]) rule.prefilter = node["prefilter"].as<std::string>();
  if (rule.detector == Detector::Jwk && !rule.prefilter.empty())
    return rule_error(source, line, rule.id, "the jwk detector has its own trigger (\"kty\")");
  if (!rule.prefilter.empty() && rule.detector != Detector::Regex &&
      rule.detector != Detector::JsonKey)
    return rule_error(source, line, rule.id, "'prefilter' needs a 'pattern'");
  if (rule.detector == Detector::JsonKey && !rule.prefilter.empty())
    return rule_error(source, line, rule.id,
                      "the json_key detector builds its own trigger from the key list");
  if (node["prefilter_offset"]) {
    rule.prefilter_offset = node["prefilter_offset"].as<int>();
    if (rule.prefilter.empty() || rule.prefilter_offset < 0 || rule.prefilter_offset > 4096)
      return rule_error(source, line, rule.id, "'prefilter_offset' (0-4096) needs a 'prefilter'");
  }
  if (node["prefilter_scanner"]) {
    rule.prefilter_scanner = node["prefilter_scanner"].as<std::string>();
    const PrefilterScanner scanner = prefilter_scanner_by_name(rule.prefilter_scanner);
    if (scanner == PrefilterScanner::None)
      return rule_error(source, line, rule.id,
                        "unknown prefilter_scanner '" + rule.prefilter_scanner + "'");
    if (rule.prefilter != prefilter_scanner_pattern(scanner))
      return rule_error(source, line, rule.id,
                        "prefilter_scanner '" + rule.prefilter_scanner +
                            "' stands for the prefilter '" +
                            std::string(prefilter_scanner_pattern(scanner)) + "'");
  }
  if (node["glued"]) {
    rule.glued = node["glued"].as<bool>();
    if (rule.glued && (rule.prefilter.rfind("\\b", 0) != 0 || rule.prefilter.size() == 2 ||
                       rule.prefilter_offset != 0 || !rule.prefilter_scanner.empty()))
      return rule_error(
          source, line, rule.id,
          "'glued' needs a prefilter \\b + the token's prefix, and prefilter_offset 0");
  }
  if (node["redact"]) rule.redact_group = node["redact"].as<int>();
  if (rule.redact_group < -1 || rule.redact_group > 9)
    return rule_error(source, line, rule.id, "'redact' must be a capture group number 0-9");
  if (node["extend"]) rule.extend = node["extend"].as<std::string>();
  if (node["end_pattern"]) rule.end_pattern = node["end_pattern"].as<std::string>();
  if (node["next_pattern"]) {
    rule.next_pattern = node["next_pattern"].as<std::string>();
    if (rule.pattern.empty() || !rule.end_pattern.empty() || !rule.prefilter_scanner.empty() ||
        rule.next_pattern.empty())
      return rule_error(source, line, rule.id,
                        "'next_pattern' needs a pattern, and no end_pattern or prefilter_scanner");
  }
  if (!read_string_list(node["validators"], rule.validators))
    return rule_error(source, line, rule.id, "'validators' must be a list of names");
  for (const std::string& v : rule.validators) {
    if (!find_validator(v))
      return rule_error(source, line, rule.id, "unknown validator '" + v + "'");
  }
  if (node["style"]) {
    rule.has_style = true;
    if (!parse_style(node["style"].as<std::string>(), &rule.style))
      return rule_error(source, line, rule.id, "style must be tag, mask, partial or hmac");
  }
  if (!read_string_list(node["references"], rule.references) ||
      !read_string_list(node["examples"], rule.examples) ||
      !read_string_list(node["negative_examples"], rule.negative_examples))
    return rule_error(source, line, rule.id,
                      "'references', 'examples' and 'negative_examples' must be string lists");
  return {};
}

}  // namespace

Error parse_rules_yaml(std::string_view yaml, const std::string& source, std::vector<Rule>& out) {
  try {
    YAML::Node doc = YAML::Load(std::string(yaml));
    if (!doc || !doc.IsMap() || !doc["rules"] || !doc["rules"].IsSequence())
      return rule_error(source, 0, "", "expected a top-level 'rules:' list");
    for (const auto& node : doc["rules"]) {
      Rule rule;
      Error err = parse_one(node, source, rule);
      if (err) return err;
      out.push_back(std::move(rule));
    }
    return {};
  } catch (const YAML::Exception& e) {
    return rule_error(source, e.mark.is_null() ? 0 : e.mark.line + 1, "", e.msg);
  } catch (const std::exception& e) {
    return rule_error(source, 0, "", e.what());
  }
}

Error load_rules_file(const std::string& path, std::vector<Rule>& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {ErrorCode::RuleFile, path + ": cannot open rule file"};
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return {ErrorCode::RuleFile, path + ": read error"};
  return parse_rules_yaml(text.str(), path, out);
}

}  // namespace logscrub
