// Offline validators (see validators.h). All functions are total: any bytes, no exceptions,
// no heap allocation.
#include "detect/validators.h"

#include <array>
#include <cstddef>
#include <cstdint>

namespace logscrub {
namespace {

constexpr bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
constexpr bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
constexpr bool is_lower(char c) {
  return c >= 'a' && c <= 'z';
}
constexpr bool is_alpha(char c) {
  return is_upper(c) || is_lower(c);
}
constexpr bool is_alnum(char c) {
  return is_alpha(c) || is_digit(c);
}
constexpr bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
constexpr char to_lower(char c) {
  return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}

// Case-insensitive ASCII equality; `lower` must already be lower case.
bool iequals(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (to_lower(s[i]) != lower[i]) return false;
  }
  return true;
}

// Value of a base64 (url=false) or base64url (url=true) digit, or -1.
int b64_value(char c, bool url) {
  if (is_upper(c)) return c - 'A';
  if (is_lower(c)) return c - 'a' + 26;
  if (is_digit(c)) return c - '0' + 52;
  if (c == (url ? '-' : '+')) return 62;
  if (c == (url ? '_' : '/')) return 63;
  return -1;
}

// Decodes base64/base64url `in`, calling sink(unsigned char) for each byte. Padding is
// optional, but when present it must complete a 4-char quantum. False on malformed input.
template <class Sink>
bool b64_decode(std::string_view in, bool url, Sink&& sink) {
  size_t n = in.size();
  size_t pad = 0;
  while (pad < 2 && n > 0 && in[n - 1] == '=') {
    --n;
    ++pad;
  }
  if (n % 4 == 1 || (pad > 0 && (n + pad) % 4 != 0)) return false;
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < n; ++i) {
    const int v = b64_value(in[i], url);
    if (v < 0) return false;
    acc = ((acc << 6) | static_cast<uint32_t>(v)) & 0xFFFFFFu;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      sink(static_cast<unsigned char>((acc >> bits) & 0xFFu));
    }
  }
  return true;
}

// Streaming check for a JSON object header that contains an "alg" member.
class AlgScanner {
 public:
  void feed(unsigned char b) {
    const char c = static_cast<char>(b);
    if (state_ == kBad || state_ == kFound) return;
    if (state_ == kStart) {
      if (!is_space(c)) state_ = (c == '{') ? 0 : kBad;
      return;
    }
    step(c);
  }
  bool found() const { return state_ == kFound; }

 private:
  static constexpr int kStart = -1, kBad = -2, kFound = -3;
  static constexpr std::string_view kKey = "\"alg\"";

  // state_ 0..5 = number of chars of `"alg"` matched so far.
  void step(char c) {
    if (state_ == static_cast<int>(kKey.size())) {
      if (c == ':') {
        state_ = kFound;
        return;
      }
      if (is_space(c)) return;
    } else if (c == kKey[static_cast<size_t>(state_)]) {
      ++state_;
      return;
    }
    state_ = (c == '"') ? 1 : 0;
  }

  int state_ = kStart;
};

constexpr std::array<uint32_t, 256> make_crc_table() {
  std::array<uint32_t, 256> t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1u) ? (0xEDB88320u ^ (c >> 1)) : (c >> 1);
    t[i] = c;
  }
  return t;
}
constexpr std::array<uint32_t, 256> kCrcTable = make_crc_table();

constexpr std::string_view kBase62Upper =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr std::string_view kBase62Lower =
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

// True when `expected` (6 chars) is `value` in base62 with `alphabet`, zero padded.
bool base62_matches(uint32_t value, std::string_view alphabet, std::string_view expected) {
  for (size_t i = expected.size(); i-- > 0;) {
    if (expected[i] != alphabet[value % 62]) return false;
    value /= 62;
  }
  return value == 0;
}

// Characters allowed unquoted in an email local part (besides alphanumerics and '.').
bool is_local_char(char c) {
  return is_alnum(c) || std::string_view("!#$%&'*+/=?^_`{|}~-").find(c) != std::string_view::npos;
}

// Local part: 1..64 chars, dot-atoms (no leading/trailing/double dots).
bool email_local_valid(std::string_view s) {
  if (s.empty() || s.size() > 64 || s.front() == '.' || s.back() == '.') return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '.') {
      if (s[i + 1] == '.') return false;  // s.back() != '.', so i + 1 < size
    } else if (!is_local_char(s[i])) {
      return false;
    }
  }
  return true;
}

// One DNS label: 1..63 of [A-Za-z0-9-], not starting or ending with '-'.
bool dns_label_valid(std::string_view label) {
  if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
    return false;
  }
  for (char c : label) {
    if (!is_alnum(c) && c != '-') return false;
  }
  return true;
}

// Domain: >= 2 valid labels, the last one (TLD) alphabetic with >= 2 letters.
bool email_domain_valid(std::string_view d) {
  if (d.empty() || d.size() > 253) return false;
  size_t labels = 0;
  std::string_view last;
  while (true) {
    const size_t dot = d.find('.');
    last = d.substr(0, dot);
    if (!dns_label_valid(last)) return false;
    ++labels;
    if (dot == std::string_view::npos) break;
    d.remove_prefix(dot + 1);
  }
  if (labels < 2 || last.size() < 2) return false;
  for (char c : last) {
    if (!is_alpha(c)) return false;
  }
  return true;
}

// Documented placeholder words (compared case-insensitively).
constexpr std::array<std::string_view, 16> kPlaceholderWords = {
    "null",    "none",   "nil",    "true",     "false",    "undefined", "empty", "redacted",
    "removed", "hidden", "secret", "password", "changeme", "example",   "test",  "n/a"};

// Prefixes (compared case-insensitively) of template variables ("${VAR}", "{{var}}", "<token>",
// "%s", "$(cmd)") and of existing redaction markers ("[REDACTED]", "[REDACTED:aws]").
constexpr std::array<std::string_view, 6> kPlaceholderPrefixes = {"${", "{{", "<",
                                                                  "%",  "$(", "[redacted"};

bool all_same_char(std::string_view s) {
  for (char c : s) {
    if (c != s.front()) return false;
  }
  return true;
}

struct NamedValidator {
  std::string_view name;
  ValidatorFn fn;
};

constexpr std::array<NamedValidator, 8> kValidators = {{
    {"luhn", &luhn_valid},
    {"github_checksum", &github_checksum_valid},
    {"jwt", &jwt_valid},
    {"basic_auth", &basic_auth_valid},
    {"aws_key_id", &aws_key_id_valid},
    {"email", &email_valid},
    {"token_like", &token_like},
    {"not_placeholder", &not_placeholder},
}};

}  // namespace

ValidatorFn find_validator(std::string_view name) {
  for (const NamedValidator& v : kValidators) {
    if (v.name == name) return v.fn;
  }
  return nullptr;
}

bool luhn_valid(std::string_view s) {
  unsigned sum = 0;
  size_t digits = 0;
  for (size_t i = s.size(); i-- > 0;) {
    if (!is_digit(s[i])) continue;
    unsigned d = static_cast<unsigned>(s[i] - '0');
    if (digits % 2 == 1) d = (d * 2 > 9) ? d * 2 - 9 : d * 2;
    sum += d;
    ++digits;
  }
  return digits >= 2 && sum % 10 == 0;
}

uint32_t crc32_ieee(std::string_view data) {
  uint32_t c = 0xFFFFFFFFu;
  for (char ch : data) c = kCrcTable[(c ^ static_cast<unsigned char>(ch)) & 0xFFu] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

bool github_checksum_valid(std::string_view token) {
  constexpr size_t kPrefix = 4, kRandom = 30, kCheck = 6;
  if (token.size() != kPrefix + kRandom + kCheck) return false;
  const std::string_view prefix = token.substr(0, kPrefix);
  if (prefix != "ghp_" && prefix != "gho_" && prefix != "ghu_" && prefix != "ghs_" &&
      prefix != "ghr_") {
    return false;
  }
  const std::string_view body = token.substr(kPrefix);
  for (char c : body) {
    if (!is_alnum(c)) return false;
  }
  const uint32_t crc = crc32_ieee(body.substr(0, kRandom));
  const std::string_view check = body.substr(kRandom);
  return base62_matches(crc, kBase62Upper, check) || base62_matches(crc, kBase62Lower, check);
}

bool jwt_valid(std::string_view token) {
  const size_t d1 = token.find('.');
  if (d1 == std::string_view::npos) return false;
  const size_t d2 = token.find('.', d1 + 1);
  if (d2 == std::string_view::npos || token.find('.', d2 + 1) != std::string_view::npos) {
    return false;
  }
  const std::string_view header = token.substr(0, d1);
  const std::string_view payload = token.substr(d1 + 1, d2 - d1 - 1);
  const std::string_view signature = token.substr(d2 + 1);
  if (header.empty() || payload.empty()) return false;
  auto ignore = [](unsigned char) {};
  if (!b64_decode(payload, true, ignore) || !b64_decode(signature, true, ignore)) return false;
  AlgScanner scanner;
  if (!b64_decode(header, true, [&scanner](unsigned char b) { scanner.feed(b); })) return false;
  return scanner.found();
}

bool basic_auth_valid(std::string_view b64) {
  size_t count = 0;
  size_t colon = std::string_view::npos;
  bool printable = true;
  const bool ok = b64_decode(b64, false, [&](unsigned char b) {
    if (b < 0x20 || b > 0x7e) printable = false;
    if (b == ':' && colon == std::string_view::npos) colon = count;
    ++count;
  });
  return ok && printable && count >= 3 && colon != std::string_view::npos && colon > 0;
}

bool aws_key_id_valid(std::string_view id) {
  static constexpr std::array<std::string_view, 11> kPrefixes = {
      "AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA", "APKA"};
  if (id.size() != 20) return false;
  bool known = false;
  for (std::string_view p : kPrefixes) known = known || id.substr(0, 4) == p;
  if (!known) return false;
  for (char c : id.substr(4)) {
    if (!is_upper(c) && !(c >= '2' && c <= '7')) return false;
  }
  return true;
}

bool email_valid(std::string_view addr) {
  if (addr.size() > 254) return false;
  const size_t at = addr.find('@');
  if (at == std::string_view::npos || addr.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  return email_local_valid(addr.substr(0, at)) && email_domain_valid(addr.substr(at + 1));
}

bool token_like(std::string_view value) {
  if (value.size() < 8) return false;
  bool digit = false, upper = false, lower = false, symbol = false;
  for (char c : value) {
    digit = digit || is_digit(c);
    upper = upper || is_upper(c);
    lower = lower || is_lower(c);
    symbol = symbol || (c > ' ' && c < 0x7f && !is_alnum(c));
  }
  return (digit || (upper && lower) || symbol) && not_placeholder(value);
}

bool not_placeholder(std::string_view value) {
  if (value.empty() || all_same_char(value)) return false;
  for (std::string_view p : kPlaceholderPrefixes) {
    if (iequals(value.substr(0, p.size()), p)) return false;
  }
  for (std::string_view w : kPlaceholderWords) {
    if (iequals(value, w)) return false;
  }
  return true;
}

}  // namespace logscrub
