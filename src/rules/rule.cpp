#include "rules/rule.h"

namespace logscrub {

const char* category_name(Category c) {
  return c == Category::Secret ? "secret" : "pii";
}

const char* style_name(Style s) {
  switch (s) {
    case Style::Tag: return "tag";
    case Style::Mask: return "mask";
    case Style::Partial: return "partial";
    case Style::Hmac: return "hmac";
  }
  return "tag";
}

bool parse_category(const std::string& s, Category* out) {
  if (s == "secret") {
    *out = Category::Secret;
    return true;
  }
  if (s == "pii") {
    *out = Category::Pii;
    return true;
  }
  return false;
}

bool parse_style(const std::string& s, Style* out) {
  static constexpr Style kAll[] = {Style::Tag, Style::Mask, Style::Partial, Style::Hmac};
  for (Style st : kAll) {
    if (s == style_name(st)) {
      *out = st;
      return true;
    }
  }
  return false;
}

}  // namespace logscrub
