// Adversarial suite, framed PEM keys: a private key logged through a container runtime (CRI:
// "<time> stderr F <line>"), a syslog daemon ("Nov 24 10:00:00 host app[7]: <line>") or
// Docker's json-file driver ({"log":"<line>\n",...}) has a frame around every line of its body.
// Before the matcher compared lines with the opening line's frame (detect/line_frame.h), the
// block ended at the first framed body line and every body line went out unchanged.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "adversarial_util.h"

namespace logscrub_adversarial {
namespace {

constexpr std::string_view kMarker = "[REDACTED:crypto.private_key]";

// A key's lines, each written between `heads[i % heads.size()]` and `tail`, and the output the
// scrubber must give: every head and tail kept, every key line's own bytes redacted.
struct Framed {
  std::string in;
  std::string want;
};

Framed framed_key(const std::vector<std::string>& heads, std::string_view tail,
                  const std::vector<std::string_view>& key_lines) {
  Framed f;
  for (size_t i = 0; i < key_lines.size(); ++i) {
    const std::string& head = heads[i % heads.size()];
    f.in += cat({head, key_lines[i], tail, "\n"});
    f.want += cat({head, kMarker, tail, "\n"});
  }
  return f;
}

const std::vector<std::string_view> kKeyLines = {"-----BEGIN RSA PRIVATE KEY-----", kPemBody1,
                                                 kPemBody2,
                                                 "dKc0nl0==", "-----END RSA PRIVATE KEY-----"};

// Checks the exact output, one-shot, streamed a byte at a time and a line at a time (G4), that
// no body line is left, G5 and G6.
void expect_framed(const Scrubber& s, const Framed& f) {
  SCOPED_TRACE(f.in);
  const std::string out = s.scrub(f.in);
  EXPECT_EQ(out, f.want);
  EXPECT_EQ(s.stream_bytewise(f.in), out) << "G4, a byte per write";
  std::vector<size_t> line_cuts;
  for (size_t i = 0; i + 1 < f.in.size(); ++i)
    if (f.in[i] == '\n') line_cuts.push_back(i + 1);
  EXPECT_EQ(s.stream(f.in, line_cuts), out) << "G4, a line per write";
  expect_scrubbed(s, f.in, out, {kPemBody1, kPemBody2});
}

TEST(AdversarialFramedPem, KeyLinesUnderAContainerRuntimesHeaderAreRedacted) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  // CRI trims trailing zeros from the nanoseconds, so the header's width changes.
  expect_framed(
      s, framed_key({"2026-11-24T10:00:00.123456789Z stderr F ",
                     "2026-11-24T10:00:00.1234Z stderr F ", "2026-11-24T10:00:01Z stderr F "},
                    "", kKeyLines));
}

TEST(AdversarialFramedPem, KeyLinesUnderASyslogHeaderAreRedacted) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  expect_framed(
      s, framed_key({"Nov 24 10:00:00 web-7 app[4021]: ", "Nov 24 10:00:00 web-7 app[4021]: "}, "",
                    kKeyLines));
  // A level and a logger name in the header, and a message before the key on its first line.
  Framed f = framed_key({"2024-05-14T09:12:44Z ERROR [tls] "}, "", kKeyLines);
  const std::string message = "loaded signing key ";
  f.in.insert(f.in.find("-----BEGIN"), message);
  f.want.insert(f.want.find(kMarker), message);
  expect_framed(s, f);
}

TEST(AdversarialFramedPem, DockerJsonFileRecordsOfAKeyAreRedacted) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  // Docker's json-file driver: one record per line of the key, its time changing.
  Framed f;
  for (size_t i = 0; i < kKeyLines.size(); ++i) {
    const std::string tail = "\\n\",\"stream\":\"stderr\",\"time\":\"2026-11-24T10:00:0" +
                             std::to_string(i) + "." + std::string(i + 1, '7') + "Z\"}\n";
    f.in += cat({"{\"log\":\"", kKeyLines[i], tail});
    // The first record's other strings are redacted too: a key's body may follow its BEGIN
    // marker on the same line, so the opening runs to the line's end.
    f.want += i == 0 ? cat({"{\"log\":\"", kMarker, "\",\"", kMarker, "\":\"", kMarker, "\",\"",
                            kMarker, "\":\"", kMarker, "\"}\n"})
                     : cat({"{\"log\":\"", kMarker, tail});
  }
  SCOPED_TRACE(f.in);
  const std::string out = s.scrub(f.in);
  EXPECT_EQ(out, f.want);
  EXPECT_EQ(s.stream_bytewise(f.in), out) << "G4";
  expect_scrubbed(s, f.in, out, {kPemBody1, kPemBody2, "dKc0nl0=="});
}

TEST(AdversarialFramedPem, EncryptedKeyHeadersAndBlankLinesInsideAFramedKeyAreRedacted) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  const std::string head = "2026-11-24T10:00:00.5Z stdout F ";
  const std::string in =
      cat({head, "-----BEGIN RSA PRIVATE KEY-----\n", head, "Proc-Type: 4,ENCRYPTED\n", head,
           "DEK-Info: AES-128-CBC,4F1A0C77\n", head, "\n", head, kPemBody1, "\n", head,
           "-----END RSA PRIVATE KEY-----\n"});
  const std::string want = cat({head, kMarker, "\n", head, kMarker, "\n", head, kMarker, "\n", head,
                                "\n", head, kMarker, "\n", head, kMarker, "\n"});
  const std::string out = s.scrub(in);
  EXPECT_EQ(out, want);
  EXPECT_EQ(s.stream_bytewise(in), out) << "G4";
  expect_scrubbed(s, in, out, {kPemBody1});
}

TEST(AdversarialFramedPem, AFramedLineThatIsNoBodyEndsTheBlock) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  const std::string head = "2026-11-24T10:00:00Z stderr F ";
  // What follows the sentence is left as it is (Proc-Type would be a header inside a block).
  const std::string ending = head + "request finished in 12 ms";
  const std::string in = cat({head, "-----BEGIN PRIVATE KEY-----\n", head, kPemBody1, "\n", ending,
                              "\n", head, "Proc-Type: 4\n"});
  const std::string want =
      cat({head, kMarker, "\n", head, kMarker, "\n", ending, "\n", head, "Proc-Type: 4\n"});
  EXPECT_EQ(s.scrub(in), want);
  EXPECT_EQ(s.stream_bytewise(in), want) << "G4";
}

TEST(AdversarialFramedPem, FramedLinesWithoutAnOpeningAreUnchanged) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  const std::string head = "2026-11-24T10:00:00Z stderr F ";
  const std::string in = cat({head, "starting\n", head, kPemBody1, "\n", head,
                              "-----BEGIN PUBLIC KEY-----\n", head, kPemBody2, "\n"});
  EXPECT_EQ(s.scrub(in), in);
}

}  // namespace
}  // namespace logscrub_adversarial
