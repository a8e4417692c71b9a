// fuzz_scrub: one-shot logscrub_scrub of arbitrary bytes with the built-in rules.
//
// Input: [secret][config][limit][offset lo][offset hi] then the log text. A known secret
// (kSecrets[secret % n]) is planted as a line of its own, "\n<secret line>\n", at `offset`
// (mod the text length + 1). Engines: AUTO format (default), TEXT format, or AUTO with a small
// MAX_LINE_BYTES (16..256, in steps of 16) so the oversized-record path runs too.
//
// Oracles:
//   - the planted line's output holds none of the secret's distinctive bytes;
//   - G5: as many '\n' out as in;
//   - G6: scrubbing the output again changes nothing (with the same format and the default
//     line limit; see the note at kSmallLimit);
//   - the status is OK or MASKED_RECORDS, MASKED_RECORDS exactly when a record is over the
//     line limit, and each such record's output is the oversized marker (plus its '\r').
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_util.h"

namespace {

struct Secret {
  const char* line;         // a line the built-in rules redact when it stands alone
  const char* distinctive;  // bytes that must not survive in the output
};

// Fabricated values (none is a real credential), each redacted on its own line by default.
const Secret kSecrets[] = {
    {"AKIAZ5B3Q2XJ7N4PLW6R", "Z5B3Q2XJ7N4PLW6R"},
    {"Authorization: Bearer Qx7vK2mN9pL4rT8wZ3yB6cF1hJ5dG0sA", "Qx7vK2mN9pL4rT8wZ3yB6cF1hJ5dG0sA"},
    {"sk_live_51Hx7QpLm2VdR8sKfT3nYb9Wc", "51Hx7QpLm2VdR8sKfT3nYb9Wc"},
    {"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJmdXp6LTQ3MTEiLCJpYXQiOjE3MDAwMDAwMDB9."
     "Vt3kQ9xLmP2rW8nZ5cY7bH4jF6gD1sA0eR3tU9iO2pK",
     "eyJzdWIiOiJmdXp6LTQ3MTEiLCJpYXQiOjE3MDAwMDAwMDB9"},
    {"mallory.fuzz@corp-mail.net", "mallory.fuzz@corp-mail"},
    {"4111 1111 1111 1111", "4111 1111 1111"},
    {"password=Sup3rS3cretValue!", "Sup3rS3cretValue!"},
    {"xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "AbCdEfGhIjKlMnOpQrStUvWx"},
    {"postgres://admin:Tr0ub4dor3xyz@db.internal:5432/app", "Tr0ub4dor3xyz"},
    {"IBAN DE44500105175407324931", "500105175407324931"},
    // Tokens glued to each other and to a word (rules marked glued: Matcher::find_glued).
    {"AKIAZ5B3Q2XJ7N4PLW6R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", "Z5B3Q2XJ7N4PLW6R"},
    {"id=mallory.fuzz@corp-mail.netsk_live_51Hx7QpLm2VdR8sKfT3nYb9Wc", "51Hx7QpLm2VdR8sKfT3nYb9Wc"},
    // A glued key id holding two more glued prefixes after word bytes ("ASIA" after 'I', '3').
    {"id=userAKIASIA3ASIAN7EXAMPL", "SIA3ASIAN7EXAMPL"},
    // Separators percent-encoded (a query string nested in another): the percent view.
    {"next=%2Fhome%26password%3DSup3rS3cretValue%21", "Sup3rS3cretValue"},
    {"r=https%3A%2F%2Fadmin%3ATr0ub4dor3xyz%40db.internal%2Fapp", "Tr0ub4dor3xyz"},
    {"n=%252Fcb%253Ftoken%253DAKIAZ5B3Q2XJ7N4PLW6R", "Z5B3Q2XJ7N4PLW6R"},
};
constexpr size_t kSecretCount = sizeof kSecrets / sizeof kSecrets[0];

constexpr char kOversizedMarker[] = "[REDACTED:oversized-record]";

// A small line limit makes scrub(scrub(x)) differ from scrub(x) by design: a replacement
// marker can be longer than the bytes it replaces ("a@b.io" -> "[REDACTED:pii.email]"), so a
// line just under the limit can grow over it and be masked whole on a second pass. The
// idempotence check therefore re-scrubs with the default limit (and the same format).
const fuzz::Engine& engine(int format, long long max_line_bytes) {
  fuzz::EngineSpec spec;
  spec.ints.push_back({LOGSCRUB_OPT_FORMAT, format});
  if (max_line_bytes > 0) spec.ints.push_back({LOGSCRUB_OPT_MAX_LINE_BYTES, max_line_bytes});
  return fuzz::engine_for(spec);
}

// Every planted line is redacted when it stands alone, with every engine variant the target
// uses (a unit check of the oracle itself, run once).
bool self_check() {
  for (const Secret& s : kSecrets) {
    for (int format : {LOGSCRUB_FORMAT_AUTO, LOGSCRUB_FORMAT_TEXT}) {
      for (long long limit : {0LL, 16LL, 60LL}) {
        std::string in = std::string("\n") + s.line + "\n";
        std::string out = fuzz::scrub_ok(engine(format, limit), in);
        FUZZ_CHECK(out.find(s.distinctive) == std::string::npos,
                   "self-check: planted secret not redacted on its own: " + fuzz::show(out));
      }
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool checked = self_check();
  (void)checked;

  fuzz::Reader r(data, size);
  const Secret& secret = kSecrets[r.byte() % kSecretCount];
  const uint8_t config = r.byte();
  const int format = (config & 1) ? LOGSCRUB_FORMAT_TEXT : LOGSCRUB_FORMAT_AUTO;
  const uint8_t limit_byte = r.byte();
  // 16 limits, not 256: the target keeps one engine per (format, limit) for the whole run, and
  // each grows as its rules' RE2 programs are built on first use; 512 of them outgrew
  // libFuzzer's 2 GB memory limit in a 400 s campaign, 128 in a 1,500 s one.
  const long long limit = (config & 6) == 6 ? 16 + 16 * (limit_byte & 15) : 0;
  const size_t offset_seed = r.u16();
  const std::string_view text = r.rest();

  const size_t offset = offset_seed % (text.size() + 1);
  std::string in;
  in.reserve(text.size() + 64);
  in.append(text.substr(0, offset));
  in.append("\n").append(secret.line).append("\n");
  in.append(text.substr(offset));
  const size_t planted_line = fuzz::count_newlines(text.substr(0, offset)) + 1;

  int rc = 0;
  const std::string out = fuzz::scrub_ok(engine(format, limit), in, &rc);

  // G5: same number of lines.
  FUZZ_CHECK(fuzz::count_newlines(out) == fuzz::count_newlines(in),
             "line count changed: in " + fuzz::show(in) + "\nout " + fuzz::show(out));

  // The planted secret is gone from its line.
  const auto in_lines = fuzz::split_lines(in);
  const auto out_lines = fuzz::split_lines(out);
  FUZZ_CHECK(out_lines[planted_line].find(secret.distinctive) == std::string_view::npos,
             "planted secret survived: " + fuzz::show(out_lines[planted_line]) +
                 "\ninput: " + fuzz::show(in));

  // Oversized records: masked whole, and the status says so; otherwise nothing is masked.
  bool oversized = false;
  if (limit > 0) {
    for (size_t i = 0; i < in_lines.size(); ++i) {
      std::string_view content = in_lines[i];
      const bool cr = !content.empty() && content.back() == '\r';
      if (cr) content.remove_suffix(1);
      if (content.size() <= static_cast<size_t>(limit)) continue;
      oversized = true;
      const std::string want = std::string(kOversizedMarker) + (cr ? "\r" : "");
      FUZZ_CHECK(out_lines[i] == want, "oversized record " + std::to_string(i) +
                                           " not masked whole: " + fuzz::show(out_lines[i]));
    }
  }
  FUZZ_CHECK(rc == (oversized ? LOGSCRUB_MASKED_RECORDS : LOGSCRUB_OK),
             std::string("status ") + logscrub_status_name(rc) +
                 (oversized ? " with an oversized record" : " without an oversized record") +
                 "\ninput: " + fuzz::show(in));

  // G6: idempotent.
  int rc2 = 0;
  const std::string again = fuzz::scrub_ok(engine(format, 0), out, &rc2);
  FUZZ_CHECK(rc2 == LOGSCRUB_OK, std::string("re-scrub status ") + logscrub_status_name(rc2));
  const std::string g6 = fuzz::g6_violation(in, out, again);
  FUZZ_CHECK(g6.empty(), "not idempotent: " + g6);
  return 0;
}
