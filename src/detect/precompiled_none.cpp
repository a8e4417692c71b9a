// No embedded database: used by logscrub_dbgen, which builds the real one.
#include "detect/precompiled.h"

namespace logscrub {

const PrecompiledDatabase* precompiled_database() {
  return nullptr;
}

}  // namespace logscrub
