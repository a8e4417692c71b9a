#include "detect/pattern_syntax.h"

#include <cctype>

namespace logscrub::syntax {

Paren classify_paren(const std::string& p, size_t i, size_t* body, std::string* flag_text) {
  if (i + 1 >= p.size() || p[i + 1] != '?') {
    *body = i + 1;
    return Paren::Capturing;
  }
  size_t j = i + 2;
  if (j < p.size() && (p[j] == 'P' || p[j] == '<')) {  // (?P<name>...) or (?<name>...)
    const size_t close = p.find('>', j);
    if (close == std::string::npos) return Paren::Unsupported;
    *body = close + 1;
    return Paren::Capturing;
  }
  const size_t flags_begin = j;
  while (j < p.size() && (std::isalpha(static_cast<unsigned char>(p[j])) || p[j] == '-')) ++j;
  if (j >= p.size()) return Paren::Unsupported;
  *flag_text = p.substr(flags_begin, j - flags_begin);
  *body = j + 1;
  if (p[j] == ':') return Paren::NonCapturing;
  if (p[j] == ')') return Paren::BareFlags;
  return Paren::Unsupported;
}

size_t skip_class(const std::string& p, size_t i) {
  size_t j = i + 1;
  if (j < p.size() && p[j] == '^') ++j;
  if (j < p.size() && p[j] == ']') ++j;  // a leading ']' is a literal
  while (j < p.size()) {
    if (p[j] == '\\') {
      j += 2;
    } else if (p[j] == '[' && j + 1 < p.size() && p[j + 1] == ':') {
      const size_t close = p.find(":]", j + 2);
      if (close == std::string::npos) return std::string::npos;
      j = close + 2;
    } else if (p[j] == ']') {
      return j + 1;
    } else {
      ++j;
    }
  }
  return std::string::npos;
}

}  // namespace logscrub::syntax
