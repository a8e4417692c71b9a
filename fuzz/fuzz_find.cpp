// fuzz_find: logscrub_find with a callback.
//
// Input: [flags][k] then the log text. flags bit 0: the TEXT format (else AUTO). k: the first
// run reports every finding; a second run stops after k % 32 findings (the callback returns
// non-zero on the k-th; k = 0 never stops).
//
// Oracles:
//   - every finding has begin < end <= in_len, and findings come in order of begin;
//   - rule_id and category are non-NULL, rule_id is one of the engine's rule ids and category
//     is "secret" or "pii";
//   - the status is LOGSCRUB_OK, also when the callback stopped early;
//   - stopping after k findings calls the callback exactly min(k, total) times, with the same
//     first findings as the full run;
//   - no finding means nothing to redact: the one-shot scrub returns the input unchanged (no
//     record is over the default line limit here).
#include <cstdint>
#include <cstring>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_util.h"

namespace {

struct Collected {
  std::string_view rule_id;
  std::string_view category;
  size_t begin;
  size_t end;
  bool operator==(const Collected& o) const {
    return rule_id == o.rule_id && category == o.category && begin == o.begin && end == o.end;
  }
};

struct Ctx {
  size_t in_len;
  const std::set<std::string_view>* rule_ids;
  size_t stop_after;  // 0: never stop
  std::vector<Collected> seen;
};

int on_finding(const logscrub_finding* f, void* user) {
  Ctx& ctx = *static_cast<Ctx*>(user);
  FUZZ_CHECK(f != nullptr, "NULL finding");
  FUZZ_CHECK(f->rule_id != nullptr && f->category != nullptr, "NULL rule_id or category");
  const std::string_view id(f->rule_id);
  const std::string_view category(f->category);
  FUZZ_CHECK(ctx.rule_ids->count(id) == 1, "rule_id not an engine rule: " + fuzz::show(id));
  FUZZ_CHECK(category == "secret" || category == "pii", "category " + fuzz::show(category));
  FUZZ_CHECK(f->begin < f->end && f->end <= ctx.in_len,
             "finding [" + std::to_string(f->begin) + ", " + std::to_string(f->end) + ") of " +
                 std::string(id) + " out of range (input " + std::to_string(ctx.in_len) +
                 " bytes)");
  FUZZ_CHECK(ctx.seen.empty() || ctx.seen.back().begin <= f->begin,
             "findings out of order: " + std::to_string(ctx.seen.back().begin) + " then " +
                 std::to_string(f->begin));
  FUZZ_CHECK(ctx.stop_after == 0 || ctx.seen.size() < ctx.stop_after,
             "callback called after it asked to stop");
  ctx.seen.push_back({id, category, f->begin, f->end});
  return ctx.stop_after != 0 && ctx.seen.size() == ctx.stop_after ? 1 : 0;
}

struct FindEngine {
  const fuzz::Engine* e;
  std::set<std::string_view> rule_ids;
};

const FindEngine& engine(bool text) {
  static FindEngine engines[2];
  FindEngine& fe = engines[text ? 1 : 0];
  if (!fe.e) {
    fe.e = &fuzz::engine_for(
        {{{LOGSCRUB_OPT_FORMAT, text ? LOGSCRUB_FORMAT_TEXT : LOGSCRUB_FORMAT_AUTO}}, {}});
    const size_t n = logscrub_engine_rule_count(fe.e->engine);
    FUZZ_CHECK(n > 0, "no rules");
    for (size_t i = 0; i < n; ++i) {
      const char* id = logscrub_engine_rule_id(fe.e->engine, i);
      FUZZ_CHECK(id != nullptr, "rule_id(" + std::to_string(i) + ") is NULL");
      fe.rule_ids.insert(id);
    }
    FUZZ_CHECK(logscrub_engine_rule_id(fe.e->engine, n) == nullptr, "rule_id(count) not NULL");
  }
  return fe;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Reader r(data, size);
  const uint8_t flags = r.byte();
  const size_t k = r.byte() % 32;
  const std::string_view text = r.rest();
  const FindEngine& fe = engine(flags & 1);
  const fuzz::Engine& e = *fe.e;

  Ctx all{text.size(), &fe.rule_ids, 0, {}};
  int rc = logscrub_find(e.engine, e.scratch, text.data(), text.size(), on_finding, &all);
  FUZZ_CHECK(rc == LOGSCRUB_OK, std::string("logscrub_find returned ") + logscrub_status_name(rc));

  if (k > 0) {
    Ctx some{text.size(), &fe.rule_ids, k, {}};
    rc = logscrub_find(e.engine, e.scratch, text.data(), text.size(), on_finding, &some);
    FUZZ_CHECK(rc == LOGSCRUB_OK,
               std::string("logscrub_find (stopping early) returned ") + logscrub_status_name(rc));
    FUZZ_CHECK(some.seen.size() == std::min(k, all.seen.size()),
               "stopping after " + std::to_string(k) + " findings gave " +
                   std::to_string(some.seen.size()) + " of " + std::to_string(all.seen.size()));
    for (size_t i = 0; i < some.seen.size(); ++i)
      FUZZ_CHECK(some.seen[i] == all.seen[i], "finding " + std::to_string(i) + " differs");
  }

  if (all.seen.empty()) {
    const std::string out = fuzz::scrub_ok(e, text);
    FUZZ_CHECK(out == text, "no findings, yet the scrub changed the input: " +
                                fuzz::first_difference(text, out));
  }
  return 0;
}
