// No embedded database or rule catalog: used by logscrub_dbgen, which builds the real ones.
#include "detect/precompiled.h"

namespace logscrub {

const PrecompiledDatabase* precompiled_database() {
  return nullptr;
}

std::string_view precompiled_builtin_catalog() {
  return {};
}

}  // namespace logscrub
