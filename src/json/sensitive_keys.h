// Sensitive JSON key names: which keys' values a JSON record has redacted whole.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace logscrub {

// Sensitive JSON key names (values under them are redacted whole).
// Matching rule: the key is decoded (\u escapes too), lower-cased, and '-', '_', '.' and ' '
// are removed; it is sensitive when the result EQUALS one of the names, or ENDS WITH one of the
// names (so "db_password", "X-Api-Key", "aws_secret_access_key" match "password", "apikey",
// "secretaccesskey"), unless it equals a name in the exclusion list. Names are stored
// normalised the same way. Keys that only contain a name elsewhere ("password_policy",
// "token_ttl_seconds", "prompt_tokens") do not match.
// The bytes a key name loses when it is normalised: '-', '_', '.' and ' '.
inline bool is_key_separator(unsigned char c) {
  return c == '-' || c == '_' || c == '.' || c == ' ';
}

class SensitiveKeys {
 public:
  // The default list: password passwd pwd passphrase secret clientsecret secretkey
  // secretaccesskey token accesstoken refreshtoken idtoken sessiontoken authtoken apikey
  // xapikey apitoken authorization proxyauthorization cookie setcookie privatekey session
  // sessionid credentials.
  static SensitiveKeys defaults();
  void add(std::string_view name);     // adds a name (normalised)
  void remove(std::string_view name);  // removes a name (normalised); no-op when absent
  // True when the *decoded* key is sensitive under the rule above.
  bool matches(std::string_view decoded_key) const;
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::vector<std::string> names_;
};

}  // namespace logscrub
