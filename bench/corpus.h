// Generated corpora for the benchmarks: deterministic (fixed seed), no external files.
#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace logscrub::bench {

// Lambda-style JSON log lines (AWS Lambda Powertools structured logging shape, ~300 bytes),
// `secret_percent`% of them carrying a secret: a password key, an AWS key id (sometimes with a
// \u escape), a bearer token in a header map, an email, or a card number as a JSON number.
inline std::string lambda_json_lines(size_t bytes, unsigned secret_percent = 2, uint32_t seed = 7) {
  std::mt19937 rng(seed);
  static const char* kMessages[] = {
      "processed order", "cache miss, fetching from DynamoDB", "request validated",
      "published event to EventBridge", "retrying downstream call", "request completed"};
  static const char* kSecrets[] = {
      R"("password":"Tr0ub4dor&3xK")",
      R"("detail":"using key AKIAZ5B3Q2XJ7N4PLW6R")",
      R"("detail":"using key AKIA\u005A5B3Q2XJ7N4PLW6R")",
      R"("headers":{"Authorization":"Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlX2hlcmU"})",
      R"("customer_email":"jane.doe@example.com")",
      R"("card":4111111111111111)"};
  std::string out;
  out.reserve(bytes + 512);
  char buf[512];
  for (uint64_t i = 0; out.size() < bytes; ++i) {
    auto r = static_cast<unsigned>(rng() % 100);
    const char* extra = r < secret_percent ? kSecrets[rng() % 6] : R"("detail":"ok")";
    int n = std::snprintf(
        buf, sizeof buf,
        R"({"level":"INFO","location":"handler:%u","message":"%s","timestamp":"2026-11-22 13:%02u:%02u,%03u+0000","service":"orders","cold_start":false,"function_name":"orders-api-prod","function_memory_size":512,"function_request_id":"%08x-1b4d-4c8e-9f2a-%012llx","xray_trace_id":"1-6560f2a1-%08x",%s})"
        "\n",
        static_cast<unsigned>(rng() % 400), kMessages[rng() % 6], static_cast<unsigned>(rng() % 60),
        static_cast<unsigned>(rng() % 60), static_cast<unsigned>(rng() % 1000),
        static_cast<unsigned>(rng()), static_cast<unsigned long long>(i), static_cast<unsigned>(rng()),
        extra);
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

}  // namespace logscrub::bench
