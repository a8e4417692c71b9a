#include "detect/native_search.h"

#include "detect/cookie_search.h"
#include "detect/password_assignment_search.h"
#include "detect/secret_assignment_search.h"
#include "detect/shape_search.h"
#include "detect/token_searches.h"
#include "detect/url_credential_search.h"

namespace logscrub {

std::unique_ptr<NativeSearch> build_native_search(const std::string& pattern, int group) {
  if (auto search = UrlCredentialSearch::build(pattern, group)) return search;
  if (auto search = SecretAssignmentSearch::build(pattern, group)) return search;
  if (auto search = PasswordAssignmentSearch::build(pattern, group)) return search;
  if (auto search = JwtSearch::build(pattern, group)) return search;
  if (auto search = BearerSearch::build(pattern, group)) return search;
  if (auto search = AuthorizationBearerSearch::build(pattern, group)) return search;
  if (auto search = CookieSearch::build(pattern, group)) return search;
  if (auto search = ShapeSearch::build(pattern, group)) return search;
  return nullptr;
}

}  // namespace logscrub
