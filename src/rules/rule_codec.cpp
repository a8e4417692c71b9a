#include "rules/rule_codec.h"

#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "rules/hash64.h"

namespace logscrub {
namespace {

constexpr char kMagic[4] = {'L', 'S', 'R', 'C'};
constexpr uint32_t kVersion = 3;
constexpr size_t kHeaderBytes = 4 + 4 + 8 + 8;
// The fewest payload bytes one rule takes: 8 strings and 5 lists (a u32 each), 6 one-byte
// fields and 3 i32 fields. Bounds the rule count before anything is allocated.
constexpr size_t kMinRuleBytes = 8 * 4 + 5 * 4 + 6 + 3 * 4;

uint64_t load_le64(const unsigned char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  if constexpr (std::endian::native == std::endian::big) w = __builtin_bswap64(w);
  return w;
}

// The payload's checksum (rules/hash64.h: a change confined to one 8-byte word always changes
// it; it runs at memory speed, the catalog is checked at every start-up).
uint64_t checksum(std::string_view s) {
  Hash64 h;
  h.bytes(s);
  return h.finish();
}

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  void u8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u32(uint32_t v) {
    for (int k = 0; k < 4; ++k) out_.push_back(static_cast<char>((v >> (8 * k)) & 0xFFu));
  }
  void u64(uint64_t v) {
    for (int k = 0; k < 8; ++k) out_.push_back(static_cast<char>((v >> (8 * k)) & 0xFFu));
  }
  void i32(int v) { u32(static_cast<uint32_t>(v)); }
  void str(const std::string& s) {
    if (s.size() > std::numeric_limits<uint32_t>::max())
      throw std::length_error("rule field longer than 4 GiB");
    u32(static_cast<uint32_t>(s.size()));
    out_.append(s);
  }
  void list(const std::vector<std::string>& v) {
    if (v.size() > std::numeric_limits<uint32_t>::max())
      throw std::length_error("rule list longer than 2^32 items");
    u32(static_cast<uint32_t>(v.size()));
    for (const std::string& s : v) str(s);
  }

 private:
  std::string& out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in)
      : p_(reinterpret_cast<const unsigned char*>(in.data())), end_(p_ + in.size()) {}
  bool ok() const { return ok_; }
  size_t remaining() const { return static_cast<size_t>(end_ - p_); }
  const char* what() const { return what_; }

  uint8_t u8() {
    if (!need(1, "truncated")) return 0;
    return *p_++;
  }
  uint32_t u32() {
    if (!need(4, "truncated")) return 0;
    uint32_t v =
        uint32_t{p_[0]} | uint32_t{p_[1]} << 8 | uint32_t{p_[2]} << 16 | uint32_t{p_[3]} << 24;
    p_ += 4;
    return v;
  }
  uint64_t u64() {
    if (!need(8, "truncated")) return 0;
    uint64_t v = load_le64(p_);
    p_ += 8;
    return v;
  }
  int i32() { return static_cast<int>(static_cast<int32_t>(u32())); }
  bool boolean() {
    uint8_t v = u8();
    if (v > 1) fail("bad boolean");
    return v == 1;
  }
  template <typename Enum>
  Enum enumeration(Enum last) {
    uint8_t v = u8();
    if (v > static_cast<uint8_t>(last)) fail("bad enum value");
    return ok_ ? static_cast<Enum>(v) : Enum{};
  }
  void str(std::string& s) {
    uint32_t n = u32();
    if (!need(n, "string runs past the end")) return;
    s.assign(reinterpret_cast<const char*>(p_), n);
    p_ += n;
  }
  void list(std::vector<std::string>& v) {
    uint32_t n = u32();
    // Each item takes at least its 4-byte length: a corrupt count cannot allocate much.
    if (!ok_ || n > remaining() / 4) return fail("list count runs past the end");
    v.resize(n);
    for (std::string& s : v) {
      if (!ok_) return;
      str(s);
    }
  }
  void fail(const char* what) {
    if (ok_) what_ = what;
    ok_ = false;
    p_ = end_;
  }

 private:
  bool need(size_t n, const char* what) {
    if (ok_ && n <= remaining()) return true;
    fail(what);
    return false;
  }
  const unsigned char* p_;
  const unsigned char* end_;
  bool ok_ = true;
  const char* what_ = "";
};

void encode_rule(Writer& w, const Rule& r) {
  w.str(r.id);
  w.str(r.name);
  w.u8(static_cast<uint8_t>(r.category));
  w.list(r.tags);
  w.u8(r.enabled_by_default ? 1 : 0);
  w.u8(static_cast<uint8_t>(r.detector));
  w.str(r.pattern);
  w.str(r.prefilter);
  w.i32(r.prefilter_offset);
  w.str(r.prefilter_scanner);
  w.u8(r.glued ? 1 : 0);
  w.i32(r.redact_group);
  w.str(r.extend);
  w.str(r.end_pattern);
  w.str(r.next_pattern);
  w.list(r.validators);
  w.u8(r.has_style ? 1 : 0);
  w.u8(static_cast<uint8_t>(r.style));
  w.list(r.references);
  w.list(r.examples);
  w.list(r.negative_examples);
  w.str(r.source);
  w.i32(r.source_line);
}

void decode_rule(Reader& in, Rule& r) {
  in.str(r.id);
  in.str(r.name);
  r.category = in.enumeration(Category::Pii);
  in.list(r.tags);
  r.enabled_by_default = in.boolean();
  r.detector = in.enumeration(Detector::Jwk);
  in.str(r.pattern);
  in.str(r.prefilter);
  r.prefilter_offset = in.i32();
  in.str(r.prefilter_scanner);
  r.glued = in.boolean();
  r.redact_group = in.i32();
  in.str(r.extend);
  in.str(r.end_pattern);
  in.str(r.next_pattern);
  in.list(r.validators);
  r.has_style = in.boolean();
  r.style = in.enumeration(Style::Hmac);
  in.list(r.references);
  in.list(r.examples);
  in.list(r.negative_examples);
  in.str(r.source);
  r.source_line = in.i32();
}

Error codec_error(const std::string& what) {
  return {ErrorCode::RuleFile, "encoded rule catalog: " + what};
}

}  // namespace

uint64_t rule_codec_detail::payload_checksum(std::string_view payload) {
  return checksum(payload);
}

std::string encode_rules(const std::vector<Rule>& rules) {
  std::string payload;
  Writer pw(payload);
  if (rules.size() > std::numeric_limits<uint32_t>::max())
    throw std::length_error("more than 2^32 rules");
  pw.u32(static_cast<uint32_t>(rules.size()));
  for (const Rule& r : rules) encode_rule(pw, r);
  std::string out;
  out.reserve(kHeaderBytes + payload.size());
  out.append(kMagic, sizeof kMagic);
  Writer w(out);
  w.u32(kVersion);
  w.u64(payload.size());
  w.u64(checksum(payload));
  out += payload;
  return out;
}

Error decode_rules(std::string_view blob, std::vector<Rule>& out) {
  if (blob.size() < kHeaderBytes) return codec_error("truncated header");
  if (std::memcmp(blob.data(), kMagic, sizeof kMagic) != 0) return codec_error("bad magic");
  Reader header(blob.substr(sizeof kMagic, kHeaderBytes - sizeof kMagic));
  uint32_t version = header.u32();
  uint64_t payload_size = header.u64();
  uint64_t sum = header.u64();
  if (version != kVersion) return codec_error("unsupported version " + std::to_string(version));
  std::string_view payload = blob.substr(kHeaderBytes);
  if (payload_size != payload.size()) return codec_error("size mismatch (truncated?)");
  if (checksum(payload) != sum) return codec_error("checksum mismatch (corrupt)");

  Reader in(payload);
  uint32_t count = in.u32();
  if (!in.ok() || count > in.remaining() / kMinRuleBytes)
    return codec_error("rule count runs past the end");
  std::vector<Rule> rules(count);
  for (Rule& r : rules) {
    decode_rule(in, r);
    if (!in.ok()) break;
  }
  if (!in.ok()) return codec_error(in.what());
  if (in.remaining() != 0) return codec_error("trailing bytes");
  if (out.empty()) {
    out = std::move(rules);
  } else {
    out.insert(out.end(), std::make_move_iterator(rules.begin()),
               std::make_move_iterator(rules.end()));
  }
  return {};
}

}  // namespace logscrub
