#include "scrub/render.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>

namespace logscrub {
namespace {

constexpr std::string_view kPrefix = "[REDACTED";
constexpr size_t kHmacHexLen = 16;

void render_card_partial(std::string_view card, const RenderOptions& o, std::string& out) {
  size_t digits = 0;
  for (char c : card) digits += (c >= '0' && c <= '9');
  size_t keep_last = static_cast<size_t>(std::clamp(o.card_keep_last, 0, 4));
  size_t keep_first = o.card_keep_first == 6 ? 6 : 0;
  if (keep_first + keep_last + 3 > digits) keep_first = 0;  // always hide most digits
  size_t index = 0;
  for (char c : card) {
    if (c < '0' || c > '9') {
      out.push_back(c);
      continue;
    }
    bool visible = index < keep_first || index >= digits - keep_last;
    out.push_back(visible ? c : '*');
    ++index;
  }
}

void append_hmac_hex(std::string_view key, std::string_view data, std::string& out) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &mac_len);
  static constexpr char kHex[] = "0123456789abcdef";
  for (size_t i = 0; i < kHmacHexLen / 2 && i < mac_len; ++i) {
    out.push_back(kHex[mac[i] >> 4]);
    out.push_back(kHex[mac[i] & 15]);
  }
}

}  // namespace

void render_replacement(const Rule& rule, Style style, std::string_view secret,
                        const RenderOptions& o, std::string& out) {
  bool card = rule.detector == Detector::PaymentCard;
  switch (style) {
    case Style::Tag: out.append(kPrefix).append(":").append(rule.id).append("]"); return;
    case Style::Mask:
      if (o.mask_same_length) {
        out.append(secret.size(), '*');
      } else {
        out.append(kPrefix).append("]");
      }
      return;
    case Style::Partial:
      if (card) {
        render_card_partial(secret, o, out);
      } else {
        out.append(secret.size(), '*');
      }
      return;
    case Style::Hmac: {
      out.append(kPrefix).append(":").append(rule.id).append("#");
      if (card) {
        std::string digits;
        for (char c : secret) {
          if (c >= '0' && c <= '9') digits.push_back(c);
        }
        append_hmac_hex(o.hmac_key, digits, out);
      } else {
        append_hmac_hex(o.hmac_key, secret, out);
      }
      out.push_back(']');
      return;
    }
  }
}

bool is_redaction_marker(std::string_view s) {
  if (s.empty()) return false;
  if (std::all_of(s.begin(), s.end(), [](char c) { return c == '*'; })) return true;
  if (s.size() < kPrefix.size() + 1 || s.substr(0, kPrefix.size()) != kPrefix || s.back() != ']')
    return false;
  std::string_view rest = s.substr(kPrefix.size(), s.size() - kPrefix.size() - 1);
  if (rest.empty()) return true;  // "[REDACTED]"
  if (rest[0] != ':') return false;
  rest.remove_prefix(1);
  size_t hash = rest.find('#');
  std::string_view id = rest.substr(0, hash);
  if (id.empty()) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  if (hash == std::string_view::npos) return true;
  std::string_view hex = rest.substr(hash + 1);
  if (hex.size() != kHmacHexLen) return false;
  return std::all_of(hex.begin(), hex.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

size_t max_replacement_len(size_t id_len, size_t span_len) {
  size_t tagged = kPrefix.size() + 1 + id_len + 1 + kHmacHexLen + 1;
  return std::max(tagged, span_len);
}

}  // namespace logscrub
