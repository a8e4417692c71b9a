// Sensitive JSON key names (see sensitive_keys.h).

#include "json/sensitive_keys.h"

#include <algorithm>
#include <cstring>

#include "detect/ascii.h"

namespace logscrub {

namespace {

// Normalised keys that end with a sensitive name but are not secrets; they do not match unless
// they are themselves one of the configured names (an explicit add() wins). Kept deliberately
// small:
//  - pagination / continuation / cancellation tokens (AWS "NextToken", Google "pageToken", ...)
//    are opaque cursors, not credentials;
//  - "oldpwd" is the shell's previous working directory (a path), not a password.
// Keys such as "prompt_tokens", "token_type", "password_policy" or "secret_name" need no entry:
// they do not END with a name.
constexpr std::string_view kExcluded[] = {
    "nexttoken",         "nextpagetoken",     "pagetoken", "paginationtoken",
    "continuationtoken", "cancellationtoken", "oldpwd",
};

constexpr size_t kKeyStack = 128;  // keys normalised on the stack up to this many bytes

std::string normalise(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (char ch : name) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (!is_key_separator(c)) out.push_back(ascii::to_lower(c));
  }
  return out;
}

bool is_excluded(std::string_view norm) {
  for (std::string_view e : kExcluded) {
    if (norm == e) return true;
  }
  return false;
}

// `norm` is the whole normalised key (complete) or only its last bytes (!complete, when the key
// is longer than every name so it can only match by suffix).
bool match_normalised(const std::vector<std::string>& names, std::string_view norm, bool complete) {
  bool suffix = false;
  for (const std::string& name : names) {
    const size_t n = name.size();
    if (n > norm.size() || name.back() != norm.back()) continue;
    if (std::memcmp(norm.data() + (norm.size() - n), name.data(), n) != 0) continue;
    if (complete && n == norm.size()) return true;  // equals a configured name
    suffix = true;
  }
  if (!suffix) return false;
  return !complete || !is_excluded(norm);
}

}  // namespace

SensitiveKeys SensitiveKeys::defaults() {
  SensitiveKeys keys;
  for (std::string_view name : {"password",
                                "passwd",
                                "pwd",
                                "passphrase",
                                "secret",
                                "clientsecret",
                                "secretkey",
                                "secretaccesskey",
                                "token",
                                "accesstoken",
                                "refreshtoken",
                                "idtoken",
                                "sessiontoken",
                                "authtoken",
                                "apikey",
                                "xapikey",
                                "apitoken",
                                "authorization",
                                "proxyauthorization",
                                "cookie",
                                "setcookie",
                                "privatekey",
                                "session",
                                "sessionid",
                                "credentials"}) {
    keys.add(name);
  }
  return keys;
}

void SensitiveKeys::add(std::string_view name) {
  std::string norm = normalise(name);
  if (norm.empty()) return;  // an empty name would match every key
  if (std::find(names_.begin(), names_.end(), norm) == names_.end()) {
    names_.push_back(std::move(norm));
  }
}

void SensitiveKeys::remove(std::string_view name) {
  const std::string norm = normalise(name);
  names_.erase(std::remove(names_.begin(), names_.end(), norm), names_.end());
}

bool SensitiveKeys::matches(std::string_view decoded_key) const {
  // Normalise from the end into a stack buffer: only the key's tail matters for "ends with",
  // and equality needs the whole key only when it is short enough to equal a name.
  char buf[kKeyStack];
  size_t len = 0;
  size_t i = decoded_key.size();
  while (i > 0) {
    const unsigned char c = static_cast<unsigned char>(decoded_key[i - 1]);
    if (is_key_separator(c)) {
      --i;
      continue;
    }
    if (len == kKeyStack) break;  // more significant bytes remain: the key is longer than buf
    buf[kKeyStack - 1 - len] = ascii::to_lower(c);
    ++len;
    --i;
  }
  const std::string_view norm(buf + (kKeyStack - len), len);
  if (i == 0) return match_normalised(names_, norm, /*complete=*/true);
  // Longer than kKeyStack: only names of at most kKeyStack bytes can be checked on the tail.
  for (const std::string& name : names_) {
    if (name.size() > kKeyStack) {
      return match_normalised(names_, normalise(decoded_key), /*complete=*/true);  // rare
    }
  }
  return match_normalised(names_, norm, /*complete=*/false);
}

}  // namespace logscrub
