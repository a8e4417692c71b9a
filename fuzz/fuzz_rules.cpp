// fuzz_rules: user rule documents (LOGSCRUB_OPT_RULE_TEXT).
//
// Input: a YAML rule document, passed as it is. Built-in rules are off, unless the document
// starts with the comment line "#builtin\n" (a valid YAML comment, so seeds stay YAML). The
// error buffer is NULL when the input size is a multiple of 7, 1..16 bytes when it is a
// multiple of 5 (truncation), else 1024 bytes.
//
// Oracles:
//   - logscrub_engine_create returns LOGSCRUB_OK with an engine, or a documented error status
//     (never LOGSCRUB_E_INTERNAL, which means an unexpected failure) with *engine = NULL and a
//     NUL-terminated, non-empty message within the buffer; it never crashes or hangs (libFuzzer's
//     -timeout);
//   - an engine that results has rule ids for every index below its count; it scrubs a fixed
//     sample text (and the document itself) with an OK or MASKED_RECORDS status and as many
//     '\n' out as in; logscrub_find reports findings within the input.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "fuzz_util.h"

namespace {

constexpr std::string_view kBuiltinMarker = "#builtin\n";

constexpr char kSample[] =
    "2024-05-14T09:12:44Z INFO boto3 credentials from env: AWS_ACCESS_KEY_ID=AKIAZ5B3Q2XJ7N4PLW6R\n"
    "> Authorization: Bearer Qx7vK2mN9pL4rT8wZ3yB6cF1hJ5dG0sA\n"
    "{\"level\":\"info\",\"password\":\"hunter2\",\"user\":\"mallory.fuzz@corp-mail.net\"}\n"
    "order 1234 paid with 4111 1111 1111 1111 by ana@example.org\r\n"
    "token=abc123def456 secret: s3cr3t-v4lu3 key-00000000000000000000000000000000\n"
    "-----BEGIN PRIVATE KEY-----\n"
    "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n"
    "-----END PRIVATE KEY-----\n"
    "\xff\xfe invalid utf-8 \xc3\x28 and a NUL \0 inside\n"
    "no newline at the end";

int on_finding(const logscrub_finding* f, void* user) {
  const size_t in_len = *static_cast<const size_t*>(user);
  FUZZ_CHECK(f->rule_id != nullptr && f->category != nullptr, "NULL rule_id or category");
  FUZZ_CHECK(f->begin < f->end && f->end <= in_len, "finding out of range");
  return 0;
}

void use_engine(logscrub_engine* engine, std::string_view text) {
  logscrub_scratch* scratch = nullptr;
  FUZZ_CHECK(logscrub_scratch_create(engine, &scratch) == LOGSCRUB_OK, "scratch_create");
  fuzz::Engine e{engine, scratch};
  const std::string out = fuzz::scrub_ok(e, text);
  FUZZ_CHECK(fuzz::count_newlines(out) == fuzz::count_newlines(text), "line count changed");
  size_t len = text.size();
  const int rc = logscrub_find(engine, scratch, text.data(), text.size(), on_finding, &len);
  FUZZ_CHECK(rc == LOGSCRUB_OK, std::string("logscrub_find returned ") + logscrub_status_name(rc));
  logscrub_scratch_free(scratch);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view doc(reinterpret_cast<const char*>(data), size);
  const bool builtin = doc.substr(0, kBuiltinMarker.size()) == kBuiltinMarker;

  logscrub_options* o = logscrub_options_create();
  FUZZ_CHECK(o != nullptr, "options_create");
  FUZZ_CHECK(
      logscrub_options_set_int(o, LOGSCRUB_OPT_BUILTIN_RULES, builtin ? 1 : 0) == LOGSCRUB_OK,
      "set BUILTIN_RULES");
  FUZZ_CHECK(
      logscrub_options_set_str(o, LOGSCRUB_OPT_RULE_TEXT, doc.data(), doc.size()) == LOGSCRUB_OK,
      "set RULE_TEXT");

  char error[1024];
  const size_t cap = size % 7 == 0 ? 0 : size % 5 == 0 ? 1 + size % 16 : sizeof error;
  std::memset(error, 'E', sizeof error);
  logscrub_engine* engine = reinterpret_cast<logscrub_engine*>(&error);  // must be overwritten
  const int rc = logscrub_engine_create(o, &engine, cap ? error : nullptr, cap);
  logscrub_options_free(o);

  if (rc == LOGSCRUB_OK) {
    FUZZ_CHECK(engine != nullptr, "OK without an engine");
    const size_t n = logscrub_engine_rule_count(engine);
    for (size_t i = 0; i < n; ++i)
      FUZZ_CHECK(logscrub_engine_rule_id(engine, i) != nullptr, "NULL rule id");
    FUZZ_CHECK(logscrub_engine_rule_id(engine, n) == nullptr, "rule id past the count");
    use_engine(engine, std::string_view(kSample, sizeof kSample - 1));
    use_engine(engine, doc.substr(0, 4096));
    logscrub_engine_free(engine);
    return 0;
  }
  FUZZ_CHECK(engine == nullptr, "error without *engine = NULL");
  FUZZ_CHECK(rc == LOGSCRUB_E_RULE_FILE || rc == LOGSCRUB_E_COMPILE || rc == LOGSCRUB_E_UNKNOWN ||
                 rc == LOGSCRUB_E_INVALID_ARGUMENT || rc == LOGSCRUB_E_NO_HMAC_KEY ||
                 rc == LOGSCRUB_E_NO_MEMORY,
             std::string("engine_create returned ") + logscrub_status_name(rc) +
                 (cap ? std::string(": ") + std::string(error, strnlen(error, cap)) : "") +
                 "\ndocument: " + fuzz::show(doc, 400));
  if (cap > 0) {
    const size_t len = strnlen(error, cap);
    FUZZ_CHECK(len < cap, "error message not NUL-terminated within the buffer");
    FUZZ_CHECK(cap == 1 || len > 0, "empty error message");
    for (size_t i = cap; i < sizeof error; ++i)
      FUZZ_CHECK(error[i] == 'E', "error message written past its buffer");
  }
  return 0;
}
