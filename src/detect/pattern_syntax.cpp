#include "detect/pattern_syntax.h"

#include <cctype>

#include "detect/ascii.h"

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

namespace {

// Reads the digits at p[*j] into a count (saturating: RE2 rejects counts over 1000 anyway);
// false when there are none.
bool read_count(std::string_view p, size_t* j, size_t* value) {
  const size_t start = *j;
  *value = 0;
  for (; *j < p.size() && ascii::is_digit(p[*j]); ++*j) {
    const auto digit = static_cast<size_t>(p[*j] - '0');
    *value = *value > (SIZE_MAX - digit) / 10 ? SIZE_MAX - 1 : *value * 10 + digit;
  }
  return *j > start;
}

}  // namespace

std::optional<Quantifier> read_quantifier(std::string_view p, size_t i) {
  if (i >= p.size()) return std::nullopt;
  Quantifier q;
  switch (p[i]) {
    case '*':
      q.max = SIZE_MAX;
      q.end = i + 1;
      break;
    case '+':
      q.min = 1;
      q.max = SIZE_MAX;
      q.end = i + 1;
      break;
    case '?':
      q.max = 1;
      q.end = i + 1;
      break;
    case '{': {
      size_t j = i + 1;
      if (!read_count(p, &j, &q.min)) return std::nullopt;
      q.max = q.min;
      if (j < p.size() && p[j] == ',') {
        ++j;
        if (!read_count(p, &j, &q.max)) q.max = SIZE_MAX;
      }
      if (j >= p.size() || p[j] != '}') return std::nullopt;
      q.end = j + 1;
      break;
    }
    default: return std::nullopt;
  }
  if (q.end < p.size() && p[q.end] == '?') {
    q.lazy = true;
    ++q.end;
  }
  return q;
}

}  // namespace logscrub::syntax
