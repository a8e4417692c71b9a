// Generated corpora for the benchmarks: deterministic (fixed seed), no external files.
#pragma once

#include <cstdint>
#include <cstdio>
#include <random>
#include <string>

namespace logscrub::bench {

// Lambda-style JSON log lines (AWS Lambda Powertools structured logging shape, ~300 bytes),
// `secret_percent`% of them carrying a secret: a password key, an AWS key id (sometimes with a
// \u escape), a bearer token in a header map, an email, or a card number as a JSON number.
inline std::string lambda_json_lines(size_t bytes, unsigned secret_percent = 2, uint32_t seed = 7) {
  std::mt19937 rng(seed);
  static const char* kMessages[] = {
      "processed order",          "cache miss, fetching from DynamoDB",
      "request validated",        "published event to EventBridge",
      "retrying downstream call", "request completed"};
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
    // Drawn one per statement (argument evaluation order differs between compilers), in the
    // order GCC evaluated them when these were snprintf arguments, so the bytes stay as they were.
    const auto trace = static_cast<unsigned>(rng());
    const auto request = static_cast<unsigned>(rng());
    const auto millis = static_cast<unsigned>(rng() % 1000);
    const auto secs = static_cast<unsigned>(rng() % 60);
    const auto mins = static_cast<unsigned>(rng() % 60);
    const char* message = kMessages[rng() % 6];
    const auto location = static_cast<unsigned>(rng() % 400);
    int n = std::snprintf(
        buf, sizeof buf,
        R"({"level":"INFO","location":"handler:%u","message":"%s","timestamp":"2026-11-22 13:%02u:%02u,%03u+0000","service":"orders","cold_start":false,"function_name":"orders-api-prod","function_memory_size":512,"function_request_id":"%08x-1b4d-4c8e-9f2a-%012llx","xray_trace_id":"1-6560f2a1-%08x",%s})"
        "\n",
        location, message, mins, secs, millis, request, static_cast<unsigned long long>(i), trace,
        extra);
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

namespace detail {

// Deterministic helpers. Only the raw mt19937 output is used (not the std distributions, whose
// results differ between standard libraries), so every platform generates the same bytes.
struct Gen {
  std::mt19937 rng;
  explicit Gen(uint32_t seed) : rng(seed) {}

  unsigned below(unsigned n) { return static_cast<unsigned>(rng() % n); }
  template <size_t N>
  const char* pick(const char* const (&items)[N]) {
    return items[below(static_cast<unsigned>(N))];
  }
  void chars(std::string& out, const char* alphabet, size_t alphabet_len, size_t n) {
    for (size_t i = 0; i < n; ++i) out.push_back(alphabet[rng() % alphabet_len]);
  }
  void alnum(std::string& out, size_t n) { chars(out, kAlnum, 62, n); }
  void hex(std::string& out, size_t n) { chars(out, "0123456789abcdef", 16, n); }
  void b64url(std::string& out, size_t n) { chars(out, kB64, 64, n); }
  void digits(std::string& out, size_t n) { chars(out, "0123456789", 10, n); }
  void number(std::string& out, unsigned n) { out += std::to_string(below(n)); }

  static constexpr const char* kAlnum =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyz";
  static constexpr const char* kB64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
};

inline const char* const kFirst[] = {"jane",  "john",  "maria", "wei",   "olga",
                                     "ahmed", "lucia", "kenji", "priya", "tom"};
inline const char* const kLast[] = {"doe",  "smith", "garcia", "chen",  "ivanova",
                                    "khan", "rossi", "tanaka", "patel", "mueller"};
inline const char* const kDomains[] = {"example.com", "example.org", "mail.example.net",
                                       "corp.example.io"};
inline const char* const kHosts[] = {"db-1.internal", "orders-db.prod.internal", "10.12.4.17",
                                     "pg.example.net"};

// The body of a GitHub classic token: 30 random base62 characters, then the CRC-32 of those in
// base62 (6 characters, zero padded).
inline void append_base62_crc_body(Gen& g, std::string& out) {
  static const char kBase62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  const size_t start = out.size();
  g.chars(out, kBase62, 62, 30);
  uint32_t crc = 0xffffffffu;
  for (size_t i = start; i < out.size(); ++i) {
    crc ^= static_cast<unsigned char>(out[i]);
    for (int k = 0; k < 8; ++k) crc = (crc & 1u) ? (0xedb88320u ^ (crc >> 1)) : (crc >> 1);
  }
  crc ^= 0xffffffffu;
  char check[6];
  for (size_t i = 6; i-- > 0;) {
    check[i] = kBase62[crc % 62];
    crc /= 62;
  }
  out.append(check, 6);
}

// One fake secret (or personal data item) of kind `kind`, with the context a log line would put
// around it, appended to `out`. Kinds 0..kSecretKinds-1.
constexpr unsigned kSecretKinds = 14;
inline void append_secret(Gen& g, std::string& out, unsigned kind) {
  switch (kind) {
    case 0:  // AWS access key id
      out += g.below(2) ? "AWS_ACCESS_KEY_ID=" : "using access key ";
      out += g.below(4) ? "AKIA" : "ASIA";
      g.chars(out, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 32, 16);
      break;
    case 1:  // AWS secret access key assignment
      out += g.below(2) ? "aws_secret_access_key=" : "AWS_SECRET_ACCESS_KEY=";
      g.chars(out, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 64, 40);
      break;
    case 2: {  // GitHub token (with a valid CRC-32 checksum, as real ones have)
      const bool in_url = g.below(2) != 0;
      out += in_url ? "git remote set-url origin https://x-access-token:" : "GH_TOKEN=";
      out += g.below(3) ? "ghp_" : "ghs_";
      append_base62_crc_body(g, out);
      if (in_url) out += "@github.com/example/orders.git";
      break;
    }
    case 3:  // Slack bot token
      out += "slack client token=xoxb-";
      g.digits(out, 12);
      out += '-';
      g.digits(out, 13);
      out += '-';
      g.alnum(out, 24);
      break;
    case 4:  // Stripe live secret key
      out += "stripe.api_key=";
      out += g.below(4) ? "sk_live_" : "rk_live_";
      g.alnum(out, 24);
      break;
    case 5: {  // JWT (in a cookie)
      out += "cookie: session=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ";
      g.b64url(out, 40);
      out += '.';
      g.b64url(out, 43);
      break;
    }
    case 6:  // bearer token in a header dump
      out += "Authorization: Bearer ";
      g.b64url(out, 32 + g.below(16));
      break;
    case 7:  // email address
      out += "user=";
      out += g.pick(kFirst);
      out += '.';
      out += g.pick(kLast);
      if (g.below(2)) g.number(out, 100);
      out += '@';
      out += g.pick(kDomains);
      break;
    case 8: {  // card number (Luhn-valid), sometimes grouped
      static const char* const kPrefixes[] = {"4", "4", "51", "53", "55", "2221"};
      std::string pan = g.pick(kPrefixes);
      while (pan.size() < 15) pan.push_back(static_cast<char>('0' + g.below(10)));
      unsigned sum = 0;  // Luhn check digit over the 15 digits
      for (size_t i = 0; i < 15; ++i) {
        unsigned d = static_cast<unsigned>(pan[14 - i] - '0');
        if (i % 2 == 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        sum += d;
      }
      pan.push_back(static_cast<char>('0' + (10 - sum % 10) % 10));
      out += "charging card ";
      unsigned style = g.below(3);
      for (size_t i = 0; i < 16; ++i) {
        if (i > 0 && i % 4 == 0 && style != 0) out.push_back(style == 1 ? ' ' : '-');
        out.push_back(pan[i]);
      }
      break;
    }
    case 9:  // database URL with credentials
      out += "connecting to postgres://";
      out += g.pick(kFirst);
      out += "_app:";
      g.alnum(out, 16);
      out += '@';
      out += g.pick(kHosts);
      out += ":5432/orders";
      break;
    case 10:  // password assignment
      out += g.below(2) ? "login failed password=" : "db_password=";
      g.alnum(out, 10 + g.below(8));
      break;
    case 11:  // Google API key
      out += "maps key=AIza";
      g.b64url(out, 35);
      break;
    case 12:  // SendGrid API key
      out += "SENDGRID_API_KEY=SG.";
      g.b64url(out, 22);
      out += '.';
      g.b64url(out, 43);
      break;
    default:  // Twilio API key sid
      out += "twilio key SK";
      g.hex(out, 32);
      break;
  }
}

// "2026-11-22T13:09:41.123Z" for the `t`-th millisecond of the day.
inline void append_iso_time(std::string& out, uint64_t ms) {
  char buf[32];
  unsigned s = static_cast<unsigned>((ms / 1000) % 86400);
  int n = std::snprintf(buf, sizeof buf, "2026-11-22T%02u:%02u:%02u.%03uZ", s / 3600, s / 60 % 60,
                        s % 60, static_cast<unsigned>(ms % 1000));
  out.append(buf, static_cast<size_t>(n));
}

// "Nov 22 13:09:41" (syslog) for the `t`-th millisecond of the day.
inline void append_syslog_time(std::string& out, uint64_t ms) {
  char buf[32];
  unsigned s = static_cast<unsigned>((ms / 1000) % 86400);
  int n = std::snprintf(buf, sizeof buf, "Nov 22 %02u:%02u:%02u", s / 3600, s / 60 % 60, s % 60);
  out.append(buf, static_cast<size_t>(n));
}

// One clean log line in one of several common shapes (application log, syslog, access log, Java
// logger), without the trailing newline. `tail` (possibly empty) is put where such a line would
// carry free text, so a secret lands in a natural position.
inline void append_plain_line(Gen& g, std::string& out, uint64_t ms, const std::string& tail) {
  static const char* const kLevels[] = {"INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"};
  static const char* const kServices[] = {"order-service", "payment-service", "auth-service",
                                          "inventory", "gateway"};
  static const char* const kMessages[] = {
      "processed order",          "cache miss, fetching from upstream",
      "request validated",        "published event to queue",
      "retrying downstream call", "request completed",
      "connection pool resized",  "scheduled job finished"};
  static const char* const kPaths[] = {"/api/v1/orders",   "/api/v1/payments", "/healthz",
                                       "/api/v2/users/me", "/static/app.js",   "/api/v1/search"};
  static const char* const kDaemons[] = {"sshd", "systemd", "kernel", "cron", "dockerd"};
  // Every random value is drawn in its own statement: the order in which function arguments
  // are evaluated differs between compilers, and the corpus must not.
  char buf[320];
  int n = 0;
  switch (g.below(4)) {
    case 0: {  // application log
      append_iso_time(out, ms);
      const char* level = g.pick(kLevels);
      const unsigned worker = g.below(16);
      const char* service = g.pick(kServices);
      const char* message = g.pick(kMessages);
      const unsigned id = 100000000 + g.below(900000000);
      const unsigned items = 1 + g.below(9);
      const unsigned euros = g.below(500);
      const unsigned cents = g.below(100);
      const unsigned latency = g.below(900);
      n = std::snprintf(buf, sizeof buf,
                        " %s [worker-%u] %s: %s id=%u items=%u total=%u.%02u EUR latency_ms=%u "
                        "region=eu-west-1 status=200",
                        level, worker, service, message, id, items, euros, cents, latency);
      out.append(buf, static_cast<size_t>(n));
      break;
    }
    case 1: {  // syslog
      append_syslog_time(out, ms);
      const char* daemon = g.pick(kDaemons);
      const unsigned ip3 = g.below(256);
      const unsigned ip4 = g.below(256);
      const unsigned pid = 100 + g.below(60000);
      n = std::snprintf(buf, sizeof buf, " ip-10-0-%u-%u %s[%u]:", ip3, ip4, daemon, pid);
      out.append(buf, static_cast<size_t>(n));
      if (daemon[0] == 's' && daemon[1] == 's') {
        const unsigned from3 = g.below(256);
        const unsigned from4 = g.below(256);
        const unsigned port = 1024 + g.below(60000);
        n = std::snprintf(buf, sizeof buf,
                          " Accepted publickey for ubuntu from 10.0.%u.%u port %u ssh2: RSA "
                          "SHA256:",
                          from3, from4, port);
        out.append(buf, static_cast<size_t>(n));
        g.b64url(out, 43);
      } else {
        const char* message = g.pick(kMessages);
        const unsigned unit = g.below(40);
        const unsigned secs = g.below(10);
        const unsigned millis = g.below(1000);
        n = std::snprintf(buf, sizeof buf, " %s unit-%u.service took %u.%03us", message, unit, secs,
                          millis);
        out.append(buf, static_cast<size_t>(n));
      }
      break;
    }
    case 2: {  // access log
      const unsigned ip2 = g.below(256);
      const unsigned ip3 = g.below(256);
      const unsigned ip4 = g.below(256);
      const char* path = g.pick(kPaths);
      const unsigned page = g.below(20);
      const unsigned status = g.below(10) ? 200u : 404u;
      const unsigned size = 200 + g.below(40000);
      const unsigned secs = g.below(2);
      const unsigned millis = g.below(1000);
      n = std::snprintf(buf, sizeof buf,
                        "10.%u.%u.%u - - [22/Nov/2026:%02u:%02u:%02u +0000] \"GET %s?page=%u "
                        "HTTP/1.1\" %u %u \"-\" \"Mozilla/5.0 (X11; Linux x86_64) "
                        "AppleWebKit/537.36\" rt=%u.%03u",
                        ip2, ip3, ip4, static_cast<unsigned>(ms / 3600000 % 24),
                        static_cast<unsigned>(ms / 60000 % 60),
                        static_cast<unsigned>(ms / 1000 % 60), path, page, status, size, secs,
                        millis);
      out.append(buf, static_cast<size_t>(n));
      break;
    }
    default: {  // Java logger
      append_iso_time(out, ms);
      const char* level = g.pick(kLevels);
      const unsigned thread = 1 + g.below(10);
      const char* message = g.pick(kMessages);
      const unsigned tenant = g.below(5000);
      const unsigned took = g.below(300);
      n = std::snprintf(buf, sizeof buf,
                        " %-5s 1 --- [nio-8080-exec-%u] c.e.orders.web.OrderController      : %s "
                        "for tenant %u in %u ms",
                        level, thread, message, tenant, took);
      out.append(buf, static_cast<size_t>(n));
      break;
    }
  }
  if (!tail.empty()) {
    out.push_back(' ');
    out += tail;
  }
}

}  // namespace detail

// Plain-text log lines (application logs, syslog, access logs, Java logger lines; ~150 bytes),
// `secret_percent`% of them carrying one secret or personal data item of a random kind (password
// assignment, AWS key id, bearer token, email, card number, GitHub/Slack/Stripe token, ...).
inline std::string plain_text_lines(size_t bytes, unsigned secret_percent = 2, uint32_t seed = 11) {
  detail::Gen g(seed);
  std::string out;
  out.reserve(bytes + 512);
  std::string tail;
  uint64_t ms = 13 * 3600 * 1000;
  while (out.size() < bytes) {
    ms += g.below(40);
    tail.clear();
    if (g.below(100) < secret_percent)
      detail::append_secret(g, tail, g.below(detail::kSecretKinds));
    detail::append_plain_line(g, out, ms, tail);
    out.push_back('\n');
  }
  return out;
}

// Secret-dense lines: every line carries at least one secret, one to three of different kinds
// (AWS key id and secret, GitHub ghp_ token, Slack xoxb-, Stripe sk_live_, JWT, bearer token,
// email, card number, postgres://user:pass@host URL, password=..., Google, SendGrid, Twilio).
// The worst case for a scrubber: every line goes through confirmation and rendering.
inline std::string secret_dense_lines(size_t bytes, uint32_t seed = 13) {
  detail::Gen g(seed);
  std::string out;
  out.reserve(bytes + 1024);
  std::string tail;
  uint64_t ms = 13 * 3600 * 1000;
  while (out.size() < bytes) {
    ms += g.below(40);
    tail.clear();
    unsigned count = 1 + g.below(3);
    unsigned kind = g.below(detail::kSecretKinds);
    for (unsigned i = 0; i < count; ++i) {
      if (i > 0) tail += g.below(2) ? " " : ", ";
      detail::append_secret(g, tail, kind);
      kind = (kind + 1 + g.below(detail::kSecretKinds - 1)) % detail::kSecretKinds;
    }
    detail::append_plain_line(g, out, ms, tail);
    out.push_back('\n');
  }
  return out;
}

}  // namespace logscrub::bench
