// Offline validators (see validators.h). All functions are total: any bytes, no exceptions,
// no heap allocation.
#include "detect/validators.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "detect/ascii.h"

namespace logscrub {
namespace {

using ascii::is_alnum;
using ascii::is_alpha;
using ascii::is_digit;
using ascii::is_lower;
using ascii::is_upper;
using ascii::to_lower;

constexpr bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
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
constexpr int b64_digit_value(char c, bool url) {
  if (is_upper(c)) return c - 'A';
  if (is_lower(c)) return c - 'a' + 26;
  if (is_digit(c)) return c - '0' + 52;
  if (c == (url ? '-' : '+')) return 62;
  if (c == (url ? '_' : '/')) return 63;
  return -1;
}
constexpr std::array<int8_t, 256> b64_table(bool url) {
  std::array<int8_t, 256> t{};
  for (unsigned b = 0; b < 256; ++b)
    t[b] = static_cast<int8_t>(b64_digit_value(static_cast<char>(b), url));
  return t;
}
constexpr std::array<int8_t, 256> kB64Values = b64_table(false);
constexpr std::array<int8_t, 256> kB64UrlValues = b64_table(true);
int b64_value(char c, bool url) {
  return (url ? kB64UrlValues : kB64Values)[static_cast<unsigned char>(c)];
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

// CRC-32 (IEEE, reflected) tables for eight bytes a step: kCrcTables[0] is the byte table;
// kCrcTables[k][i] is the CRC state of byte i followed by k zero bytes, so the eight bytes of
// a step are looked up independently and XORed (no chain of eight dependent lookups).
constexpr std::array<std::array<uint32_t, 256>, 8> make_crc_tables() {
  std::array<std::array<uint32_t, 256>, 8> t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1u) ? (0xEDB88320u ^ (c >> 1)) : (c >> 1);
    t[0][i] = c;
  }
  for (size_t k = 1; k < 8; ++k) {
    for (size_t i = 0; i < 256; ++i) t[k][i] = t[0][t[k - 1][i] & 0xFFu] ^ (t[k - 1][i] >> 8);
  }
  return t;
}
constexpr std::array<std::array<uint32_t, 256>, 8> kCrcTables = make_crc_tables();

// Four bytes as a little-endian number, on any host.
inline uint32_t load_le32(const unsigned char* p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
         static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}

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

// 30 base62 random characters + 6 base62 characters of their CRC-32, zero padded, in either
// alphabet ordering (the scheme of GitHub classic and npm tokens, after the prefix).
bool base62_crc_body_valid(std::string_view body) {
  constexpr size_t kRandom = 30, kCheck = 6;
  if (body.size() != kRandom + kCheck) return false;
  for (char c : body) {
    if (!is_alnum(c)) return false;
  }
  const uint32_t crc = crc32_ieee(body.substr(0, kRandom));
  const std::string_view check = body.substr(kRandom);
  return base62_matches(crc, kBase62Upper, check) || base62_matches(crc, kBase62Lower, check);
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
constexpr std::array<std::string_view, 20> kPlaceholderWords = {
    "null",     "none",    "nil",     "true",     "false",    "undefined", "empty",
    "redacted", "removed", "hidden",  "secret",   "password", "changeme",  "example",
    "test",     "n/a",     "enabled", "disabled", "unset",    "masked"};

// Prefixes (compared case-insensitively) of template variables ("${VAR}", "{{var}}", "<token>",
// "%s", "$(cmd)") and of existing redaction markers ("[REDACTED]", "[REDACTED:aws]").
constexpr std::array<std::string_view, 6> kPlaceholderPrefixes = {"${", "{{", "<",
                                                                  "%",  "$(", "[redacted"};
static_assert(std::none_of(kPlaceholderPrefixes.begin(), kPlaceholderPrefixes.end(),
                           [](std::string_view p) { return is_alnum(p[0]); }),
              "not_placeholder compares the prefixes only for values that start with a symbol");
constexpr size_t kLongestPlaceholderWord =
    std::max_element(kPlaceholderWords.begin(), kPlaceholderWords.end(),
                     [](std::string_view a, std::string_view b) { return a.size() < b.size(); })
        ->size();

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

// IBAN lengths by country (SWIFT IBAN registry). SEPA members: AD AT BE BG CH CY CZ DE DK EE
// ES FI FR GB GI GR HR HU IE IS IT LI LT LU LV MC MT NL NO PL PT RO SE SI SK SM VA; other
// common IBAN countries: AE AL BA BR FO GE GL IL KZ MD ME MK RS SA TR UA XK.
struct IbanCountry {
  std::string_view code;
  size_t length;
};
constexpr std::array<IbanCountry, 54> kIbanCountries = {{
    {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"BA", 20}, {"BE", 16}, {"BG", 22}, {"BR", 29},
    {"CH", 21}, {"CY", 28}, {"CZ", 24}, {"DE", 22}, {"DK", 18}, {"EE", 20}, {"ES", 24}, {"FI", 18},
    {"FO", 18}, {"FR", 27}, {"GB", 22}, {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27}, {"HR", 21},
    {"HU", 28}, {"IE", 22}, {"IL", 23}, {"IS", 26}, {"IT", 27}, {"KZ", 20}, {"LI", 21}, {"LT", 20},
    {"LU", 20}, {"LV", 21}, {"MC", 27}, {"MD", 24}, {"ME", 22}, {"MK", 19}, {"MT", 31}, {"NL", 18},
    {"NO", 15}, {"PL", 28}, {"PT", 25}, {"RO", 24}, {"RS", 22}, {"SA", 24}, {"SE", 24}, {"SI", 19},
    {"SK", 24}, {"SM", 27}, {"TR", 26}, {"UA", 29}, {"VA", 22}, {"XK", 20},
}};
constexpr size_t kIbanMaxLength = 34;

// Value of an IBAN character for mod-97 (0-9 -> 0..9, A-Z -> 10..35), or -1.
int iban_char_value(char c) {
  if (is_digit(c)) return c - '0';
  if (is_upper(c)) return c - 'A' + 10;
  return -1;
}

// Documentation placeholder markers for not_example (lower case, matched case-insensitively).
constexpr std::array<std::string_view, 10> kExampleMarkers = {
    "example",  "xxxxxxxx", "<token>", "your_",       "your-",
    "changeme", "dummy",    "sample",  "placeholder", "redacted"};

// Parses a strict dotted quad into `out`: 4 octets of 1..3 digits, each <= 255, no leading
// zeros ("0" alone is fine), nothing else.
bool parse_ipv4(std::string_view s, std::array<unsigned, 4>& out) {
  size_t i = 0;
  for (size_t octet = 0; octet < 4; ++octet) {
    if (octet > 0) {
      if (i >= s.size() || s[i] != '.') return false;
      ++i;
    }
    const size_t start = i;
    unsigned value = 0;
    while (i < s.size() && is_digit(s[i]) && i - start < 3) {
      value = value * 10 + static_cast<unsigned>(s[i] - '0');
      ++i;
    }
    const size_t len = i - start;
    if (len == 0 || value > 255 || (len > 1 && s[start] == '0')) return false;
    out[octet] = value;
  }
  return i == s.size();
}

// Non-public IPv4 ranges (IANA special-purpose registry, RFC 6890 and successors).
struct Ipv4Range {
  uint32_t base;
  unsigned prefix;
};
constexpr uint32_t ipv4(unsigned a, unsigned b, unsigned c, unsigned d) {
  return (a << 24) | (b << 16) | (c << 8) | d;
}
constexpr std::array<Ipv4Range, 13> kNonPublicIpv4 = {{
    {ipv4(0, 0, 0, 0), 8},        // "this network"
    {ipv4(10, 0, 0, 0), 8},       // private (RFC 1918)
    {ipv4(100, 64, 0, 0), 10},    // carrier-grade NAT (RFC 6598)
    {ipv4(127, 0, 0, 0), 8},      // loopback
    {ipv4(169, 254, 0, 0), 16},   // link-local
    {ipv4(172, 16, 0, 0), 12},    // private (RFC 1918)
    {ipv4(192, 0, 0, 0), 24},     // IETF protocol assignments
    {ipv4(192, 0, 2, 0), 24},     // documentation TEST-NET-1 (RFC 5737)
    {ipv4(192, 168, 0, 0), 16},   // private (RFC 1918)
    {ipv4(198, 18, 0, 0), 15},    // benchmarking (RFC 2544)
    {ipv4(198, 51, 100, 0), 24},  // documentation TEST-NET-2
    {ipv4(203, 0, 113, 0), 24},   // documentation TEST-NET-3
    {ipv4(224, 0, 0, 0), 3},      // 224/4 multicast + 240/4 reserved + broadcast
}};

constexpr std::array<NamedValidator, 16> kValidators = {{
    {"luhn", &luhn_valid},
    {"github_checksum", &github_checksum_valid},
    {"jwt", &jwt_valid},
    {"basic_auth", &basic_auth_valid},
    {"aws_key_id", &aws_key_id_valid},
    {"email", &email_valid},
    {"token_like", &token_like},
    {"not_placeholder", &not_placeholder},
    {"iban", &iban_valid},
    {"ssn", &ssn_valid},
    {"npm_checksum", &npm_checksum_valid},
    {"entropy", &entropy_valid},
    {"not_example", &not_example},
    {"ipv4_public", &ipv4_public},
    {"phone_e164", &phone_e164_valid},
    {"sasl_credentials", &sasl_credentials_valid},
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
  const auto& t = kCrcTables;
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  size_t n = data.size();
  uint32_t c = 0xFFFFFFFFu;
  for (; n >= 8; p += 8, n -= 8) {
    const uint32_t lo = c ^ load_le32(p);
    const uint32_t hi = load_le32(p + 4);
    c = t[7][lo & 0xFFu] ^ t[6][(lo >> 8) & 0xFFu] ^ t[5][(lo >> 16) & 0xFFu] ^ t[4][lo >> 24] ^
        t[3][hi & 0xFFu] ^ t[2][(hi >> 8) & 0xFFu] ^ t[1][(hi >> 16) & 0xFFu] ^ t[0][hi >> 24];
  }
  for (; n > 0; ++p, --n) c = t[0][(c ^ *p) & 0xFFu] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

bool github_checksum_valid(std::string_view token) {
  const std::string_view prefix = token.substr(0, 4);
  if (prefix != "ghp_" && prefix != "gho_" && prefix != "ghu_" && prefix != "ghs_" &&
      prefix != "ghr_") {
    return false;
  }
  return base62_crc_body_valid(token.substr(4));
}

bool npm_checksum_valid(std::string_view token) {
  return token.substr(0, 4) == "npm_" && base62_crc_body_valid(token.substr(4));
}

bool jwt_valid(std::string_view token) {
  const size_t d1 = token.find('.');
  if (d1 == std::string_view::npos) return false;
  const size_t d2 = token.find('.', d1 + 1);
  if (d2 == std::string_view::npos) return false;
  // Parts after the third (a JWE's five, or a second token glued on with no separator) are
  // part of the span too; the first three decide.
  const size_t d3 = token.find('.', d2 + 1);
  const std::string_view header = token.substr(0, d1);
  const std::string_view payload = token.substr(d1 + 1, d2 - d1 - 1);
  const std::string_view signature =
      token.substr(d2 + 1, d3 == std::string_view::npos ? std::string_view::npos : d3 - d2 - 1);
  if (header.empty() || payload.empty()) return false;
  auto ignore = [](unsigned char) {};  // payload and signature: only their form is checked
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

bool sasl_credentials_valid(std::string_view b64) {
  constexpr std::string_view kOauth =
      "\x01"
      "auth=";  // matched as the bytes go by
  constexpr size_t kMinOauthToken = 8;
  size_t count = 0, nuls = 0, authcid_begin = 0, passwd_begin = 0;
  size_t oauth_matched = 0, token_bytes = 0;
  bool in_token = false, controls = false;  // controls: bytes below 0x20 other than NUL, DEL
  const bool ok = b64_decode(b64, false, [&](unsigned char b) {
    ++count;
    if (b == 0) {
      (++nuls == 1 ? authcid_begin : passwd_begin) = count;
    } else if (b < 0x20 || b == 0x7f) {
      controls = true;
    }
    if (in_token) {
      if (b == 0x01)
        in_token = false;
      else if (token_bytes < kMinOauthToken)
        ++token_bytes;
    } else if (token_bytes == 0) {
      oauth_matched = b == static_cast<unsigned char>(kOauth[oauth_matched]) ? oauth_matched + 1
                      : b == 0x01                                            ? 1
                                                                             : 0;
      in_token = oauth_matched == kOauth.size();
    }
  });
  if (!ok) return false;
  const bool plain =
      !controls && nuls == 2 && passwd_begin > authcid_begin + 1 && count > passwd_begin;
  const bool oauth = nuls == 0 && token_bytes >= kMinOauthToken;
  return plain || oauth;
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
  // The classes seen, OR-ed from a table: one load per byte, no branch.
  enum : uint8_t { kDigit = 1, kUpper = 2, kLower = 4, kSymbol = 8 };
  static constexpr std::array<uint8_t, 256> kClassOf = [] {
    std::array<uint8_t, 256> t{};
    for (unsigned b = 0; b < 256; ++b) {
      const char c = static_cast<char>(b);
      t[b] = is_digit(c)             ? kDigit
             : is_upper(c)           ? kUpper
             : is_lower(c)           ? kLower
             : (c > ' ' && c < 0x7f) ? kSymbol
                                     : 0;
    }
    return t;
  }();
  unsigned seen = 0;
  for (char c : value) seen |= kClassOf[static_cast<unsigned char>(c)];
  const bool mixed =
      (seen & (kDigit | kSymbol)) != 0 || (seen & (kUpper | kLower)) == (kUpper | kLower);
  return mixed && not_placeholder(value);
}

bool not_placeholder(std::string_view value) {
  if (value.empty() || all_same_char(value)) return false;
  // Every prefix starts with a symbol and every word is short: most values skip both loops.
  if (!is_alnum(value[0])) {
    for (std::string_view p : kPlaceholderPrefixes) {
      if (iequals(value.substr(0, p.size()), p)) return false;
    }
  }
  if (value.size() <= kLongestPlaceholderWord) {
    for (std::string_view w : kPlaceholderWords) {
      if (iequals(value, w)) return false;
    }
  }
  return true;
}

bool iban_valid(std::string_view iban) {
  // Compact form into a fixed buffer. With spaces (print format), every group but the last
  // has exactly 4 characters and the last 1..4, separated by single spaces.
  std::array<char, kIbanMaxLength> buf{};
  size_t n = 0;
  const bool spaced = iban.find(' ') != std::string_view::npos;
  size_t group = 0;
  for (char c : iban) {
    if (c == ' ') {
      if (group != 4) return false;
      group = 0;
      continue;
    }
    if (n == buf.size() || iban_char_value(c) < 0 || (spaced && group == 4)) return false;
    buf[n++] = c;
    ++group;
  }
  if (group == 0) return false;  // empty, or a trailing space
  const std::string_view compact(buf.data(), n);
  if (n < 5 || !is_upper(compact[0]) || !is_upper(compact[1]) || !is_digit(compact[2]) ||
      !is_digit(compact[3])) {
    return false;
  }
  bool known = false;
  for (const IbanCountry& country : kIbanCountries) {
    if (country.code == compact.substr(0, 2)) {
      known = country.length == n;
      break;
    }
  }
  if (!known) return false;
  // Rearranged (BBAN + country + check digits), letters as 2-digit numbers, mod 97.
  unsigned rem = 0;
  for (size_t k = 0; k < n; ++k) {
    const unsigned v = static_cast<unsigned>(iban_char_value(compact[(k + 4) % n]));
    rem = (v >= 10 ? rem * 100 + v : rem * 10 + v) % 97;
  }
  return rem == 1;
}

bool ssn_valid(std::string_view ssn) {
  std::array<char, 9> d{};
  if (ssn.size() == 9) {
    for (size_t i = 0; i < 9; ++i) d[i] = ssn[i];
  } else if (ssn.size() == 11 && (ssn[3] == '-' || ssn[3] == ' ') && ssn[6] == ssn[3]) {
    size_t n = 0;
    for (size_t i = 0; i < 11; ++i) {
      if (i != 3 && i != 6) d[n++] = ssn[i];
    }
  } else {
    return false;
  }
  for (char c : d) {
    if (!is_digit(c)) return false;
  }
  const std::string_view s(d.data(), d.size());
  const std::string_view area = s.substr(0, 3), group = s.substr(3, 2), serial = s.substr(5);
  if (area == "000" || area == "666" || area[0] == '9') return false;
  if (group == "00" || serial == "0000") return false;
  return s != "078051120" && s != "219099999";
}

namespace {

// c * log2(c) for the counts nearly every value has, and n * log2(n) for its length n.
constexpr size_t kTabledCounts = 256;
const std::array<double, kTabledCounts + 1>& c_log2_c() {
  static const std::array<double, kTabledCounts + 1> table = [] {
    std::array<double, kTabledCounts + 1> t{};
    for (size_t c = 1; c < t.size(); ++c) t[c] = static_cast<double>(c) * std::log2(c);
    return t;
  }();
  return table;
}

// Whether `value`'s Shannon entropy is at least `kEntropyFloor` bits per byte. `Count` holds
// value.size().
//
// H = log2(n) - (1/n) * sum over distinct bytes of c * log2(c). H is at least the min-entropy
// -log2(c_max / n), so a value whose most frequent byte makes up at most 1/8 of it has H >= 3
// without any logarithm: most random tokens. Otherwise the sum runs over the value's bytes,
// each distinct byte once (its count cleared when taken), leaving out the counts of 1, whose
// terms are 0 (the same sum, bit for bit).
constexpr double kEntropyFloor = 3.0;
template <typename Count>
bool entropy_at_least_floor(std::string_view value) {
  std::array<Count, 256> counts{};
  size_t most = 0;
  for (char c : value) most = std::max<size_t>(most, ++counts[static_cast<unsigned char>(c)]);
  const size_t n = value.size();
  static_assert(kEntropyFloor == 3.0, "the shortcut below is for 3 bits: c_max / n <= 2^-3");
  if (most * 8 <= n) return true;
  const auto& table = c_log2_c();
  auto c_log2 = [&](size_t c) {
    return c < table.size() ? table[c] : static_cast<double>(c) * std::log2(c);
  };
  double sum = 0.0;
  for (char ch : value) {
    Count& slot = counts[static_cast<unsigned char>(ch)];
    const size_t c = slot;
    slot = 0;
    if (c > 1) sum += c_log2(c);
  }
  const double bits = (c_log2(n) - sum) / static_cast<double>(n);
  return bits >= kEntropyFloor - 1e-9;  // 3 bits exactly (8 bytes, all different) counts
}

}  // namespace

bool entropy_valid(std::string_view value) {
  if (value.size() < 8) return false;
  // Byte counts for the usual values of up to 255 bytes (256 bytes to clear, not 1 KB).
  return value.size() <= UINT8_MAX ? entropy_at_least_floor<uint8_t>(value)
                                   : entropy_at_least_floor<uint32_t>(value);
}

bool not_example(std::string_view value) {
  if (value.empty() || all_same_char(value)) return false;
  // One pass: a marker is compared only where two bytes could begin one.
  // Bit k of kByteAt[j][c]: kExampleMarkers[k] has c at position j (every marker has two).
  static constexpr std::array<std::array<uint16_t, 256>, 2> kByteAt = [] {
    std::array<std::array<uint16_t, 256>, 2> t{};
    for (size_t k = 0; k < kExampleMarkers.size(); ++k) {
      for (size_t j = 0; j < 2; ++j)
        t[j][static_cast<unsigned char>(kExampleMarkers[k][j])] |= static_cast<uint16_t>(1u << k);
    }
    return t;
  }();
  static_assert(kExampleMarkers.size() <= 16);
  static_assert(std::all_of(kExampleMarkers.begin(), kExampleMarkers.end(),
                            [](std::string_view m) { return m.size() >= 2; }));
  for (size_t i = 0; i + 1 < value.size(); ++i) {
    unsigned markers = kByteAt[0][static_cast<unsigned char>(to_lower(value[i]))] &
                       kByteAt[1][static_cast<unsigned char>(to_lower(value[i + 1]))];
    for (; markers != 0; markers &= markers - 1) {
      const std::string_view marker =
          kExampleMarkers[static_cast<size_t>(std::countr_zero(markers))];
      if (iequals(value.substr(i, marker.size()), marker)) return false;
    }
  }
  return true;
}

bool ipv4_public(std::string_view addr) {
  std::array<unsigned, 4> o{};
  if (!parse_ipv4(addr, o)) return false;
  const uint32_t ip = ipv4(o[0], o[1], o[2], o[3]);
  for (const Ipv4Range& r : kNonPublicIpv4) {
    const uint32_t mask = ~uint32_t{0} << (32 - r.prefix);
    if ((ip & mask) == r.base) return false;
  }
  return true;
}

bool phone_e164_valid(std::string_view phone) {
  if (phone.empty() || phone[0] != '+') return false;
  size_t digits = 0;
  int paren = 0;  // 0 none yet, 1 inside, 2 closed
  for (size_t i = 1; i < phone.size(); ++i) {
    const char c = phone[i];
    if (is_digit(c)) {
      if (digits == 0 && c == '0') return false;
      ++digits;
    } else if (c == '(') {
      if (paren != 0) return false;
      paren = 1;
    } else if (c == ')') {
      if (paren != 1) return false;
      paren = 2;
    } else if (c != ' ' && c != '-' && c != '.') {
      return false;
    }
  }
  return paren != 1 && digits >= 8 && digits <= 15;
}

}  // namespace logscrub
