#include "detect/precompiled.h"

#include <hs/hs.h>

#include <bit>
#include <cstring>

#include "rules/hash64.h"

namespace logscrub {
namespace {}  // namespace

uint64_t rules_fingerprint(const std::vector<Rule>& rules) {
  Hash64 f;
  f.bytes(hs_version());
  f.word(rules.size());
  for (const Rule& r : rules) {
    f.bytes(r.id);
    f.word(static_cast<uint64_t>(r.detector));
    f.bytes(r.pattern);
    f.bytes(r.prefilter);
    f.word(static_cast<uint64_t>(static_cast<int64_t>(r.prefilter_offset)));
    f.bytes(r.end_pattern);
    f.bytes(r.next_pattern);
    f.bytes(r.prefilter_scanner);
    f.word(r.glued ? 1 : 0);
  }
  return f.finish();
}

}  // namespace logscrub
