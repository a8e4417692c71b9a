// JSON view of one log record (see json_view.h).
//
// build_json_view runs simdjson On-Demand over a padded copy of the input and walks every value
// with an explicit stack of object/array iterators (no recursion, so nesting depth never costs C++
// stack). simdjson validates the structure (commas, colons, brackets, UTF-8); this file validates
// what On-Demand leaves to the caller when values are read raw: string escapes and control
// characters (our own decoder), number grammar and the literals true/false/null, the nesting depth
// limit, and that nothing but whitespace follows the document.
//
// The decoded view is produced lazily in one left-to-right pass: bytes that are copied as is
// (structure, whitespace, numbers, literals and unescaped string content) are only written when
// an escape needs to be emitted or at the end, as one memcpy plus an identity fill of
// raw_of/raw_end_of. A record without escapes therefore costs one memcpy and one fill.

#include "json/json_view.h"

#include <algorithm>
#include <cstring>
#include <memory>

#include "detect/ascii.h"
#include "json/escapes.h"
#include "json/simdjson_include.h"

#if defined(__SSE2__) && !defined(LOGSCRUB_JSON_NO_SIMD)
#include <emmintrin.h>
#define LOGSCRUB_JSON_SSE2 1
#endif
#if defined(__x86_64__) && defined(__GNUC__) && !defined(LOGSCRUB_JSON_NO_SIMD)
#include <immintrin.h>
#endif

namespace logscrub {

// ============================================================================ JsonView

void JsonView::clear() {
  decoded.clear();
  raw_of.clear();
  raw_end_of.clear();
  tokens.clear();
  sensitive_values.clear();
}

namespace {

namespace od = simdjson::ondemand;

inline bool is_json_ws(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// ---------------------------------------------------------------- identity fill
// ro[k] = base + k, re[k] = base + k + 1 for k < len: 16 output bytes per input byte, so it is
// vectorised explicitly (GCC does not vectorise it at -O2), with AVX2/AVX-512 picked at run time.
inline void fill_identity_scalar(size_t* ro, size_t* re, size_t base, size_t len) {
  for (size_t k = 0; k < len; ++k) {
    ro[k] = base + k;
    re[k] = base + k + 1;
  }
}

#if defined(__x86_64__) && defined(__GNUC__) && !defined(LOGSCRUB_JSON_NO_SIMD)
#define LOGSCRUB_JSON_FILL_DISPATCH 1
static_assert(sizeof(size_t) == 8);

void fill_identity_sse2(size_t* ro, size_t* re, size_t base, size_t len) {
  __m128i v = _mm_set_epi64x(static_cast<long long>(base + 1), static_cast<long long>(base));
  const __m128i two = _mm_set1_epi64x(2);
  const __m128i one = _mm_set1_epi64x(1);
  size_t k = 0;
  for (; k + 2 <= len; k += 2) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(ro + k), v);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(re + k), _mm_add_epi64(v, one));
    v = _mm_add_epi64(v, two);
  }
  fill_identity_scalar(ro + k, re + k, base + k, len - k);
}

__attribute__((target("avx2"))) void fill_identity_avx2(size_t* ro, size_t* re, size_t base,
                                                        size_t len) {
  const long long b = static_cast<long long>(base);
  __m256i v = _mm256_set_epi64x(b + 3, b + 2, b + 1, b);
  const __m256i four = _mm256_set1_epi64x(4);
  const __m256i one = _mm256_set1_epi64x(1);
  size_t k = 0;
  for (; k + 4 <= len; k += 4) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(ro + k), v);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(re + k), _mm256_add_epi64(v, one));
    v = _mm256_add_epi64(v, four);
  }
  fill_identity_scalar(ro + k, re + k, base + k, len - k);
}

__attribute__((target("avx512f"))) void fill_identity_avx512(size_t* ro, size_t* re, size_t base,
                                                             size_t len) {
  const long long b = static_cast<long long>(base);
  __m512i v = _mm512_set_epi64(b + 7, b + 6, b + 5, b + 4, b + 3, b + 2, b + 1, b);
  const __m512i eight = _mm512_set1_epi64(8);
  const __m512i one = _mm512_set1_epi64(1);
  size_t k = 0;
  for (; k + 8 <= len; k += 8) {
    _mm512_storeu_si512(ro + k, v);
    _mm512_storeu_si512(re + k, _mm512_add_epi64(v, one));
    v = _mm512_add_epi64(v, eight);
  }
  fill_identity_scalar(ro + k, re + k, base + k, len - k);
}

using FillFn = void (*)(size_t*, size_t*, size_t, size_t);
FillFn pick_fill() {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return fill_identity_avx512;
  if (__builtin_cpu_supports("avx2")) return fill_identity_avx2;
  return fill_identity_sse2;
}
const FillFn g_fill = pick_fill();
#endif

inline void fill_identity(size_t* ro, size_t* re, size_t base, size_t len) {
#if defined(LOGSCRUB_JSON_FILL_DISPATCH)
  if (len >= 8) {
    g_fill(ro, re, base, len);
    return;
  }
#endif
  fill_identity_scalar(ro, re, base, len);
}

// ---------------------------------------------------------------- decoded-view writer
// Output arrays are sized to the raw length up front (decoding never grows the text).
struct Writer {
  const char* src;
  char* d;
  size_t* ro;
  size_t* re;
  size_t o = 0;       // bytes written
  size_t copied = 0;  // raw bytes accounted for

  // Copies raw [copied, upto) as is.
  inline void flush(size_t upto) {
    const size_t len = upto - copied;
    std::memcpy(d + o, src + copied, len);
    fill_identity(ro + o, re + o, copied, len);
    o += len;
    copied = upto;
  }
  inline void put(unsigned char c, size_t rb, size_t rend) {
    d[o] = static_cast<char>(c);
    ro[o] = rb;
    re[o] = rend;
    ++o;
  }
};

// ---------------------------------------------------------------- string scanning
// Index of the first '"', '\\' or control byte (< 0x20) at or after i. The input is a padded
// copy whose padding is zeroed, so the scan always stops within len + 16 bytes.
inline size_t find_special(const char* s, size_t i) {
#if defined(LOGSCRUB_JSON_SSE2)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i bslash = _mm_set1_epi8('\\');
  const __m128i ctl = _mm_set1_epi8(0x1F);
  for (;; i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    const __m128i m =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, bslash)),
                     _mm_cmpeq_epi8(_mm_min_epu8(x, ctl), x));
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(m));
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(mask));
  }
#else
  // SWAR, 8 bytes at a time (little-endian), then bytewise for the hit.
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  for (;; i += 8) {
    uint64_t x;
    std::memcpy(&x, s + i, 8);
    const uint64_t q = x ^ (kOnes * '"');
    const uint64_t b = x ^ (kOnes * '\\');
    const uint64_t m = (((q - kOnes) & ~q) | ((b - kOnes) & ~b) | (x - kOnes * 0x20)) & ~x & kHigh;
    if (m != 0) break;
  }
  for (;; ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\' || c < 0x20) return i;
  }
#endif
}

// Decodes the escape at raw index i (s[i] == '\\') into the writer; returns the escape's length,
// or 0 when it is invalid.
inline size_t decode_escape(const char* s, size_t i, Writer& w) {
  const int letter = json_escape::one_letter(s[i + 1]);
  if (letter >= 0) {
    w.put(static_cast<unsigned char>(letter), i, i + 2);
    return 2;
  }
  if (s[i + 1] != 'u') return 0;
  int32_t cp = json_escape::hex4(s + i + 2);
  if (cp < 0) return 0;
  size_t len = 6;
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    if (s[i + 6] != '\\' || s[i + 7] != 'u') return 0;  // lone high surrogate
    const int32_t lo = json_escape::hex4(s + i + 8);
    if (lo < 0xDC00 || lo > 0xDFFF) return 0;
    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
    len = 12;
  } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
    return 0;  // lone low surrogate
  }
  unsigned char bytes[4];
  const size_t n = json_escape::utf8(static_cast<uint32_t>(cp), bytes);
  for (size_t k = 0; k < n; ++k) w.put(bytes[k], i, i + len);
  return len;
}

// Scans the string whose opening quote is at raw index q, emitting decoded content. On success
// sets `end` to one past the closing quote. When `key` is non-null it receives the decoded
// content (pointing into the raw input when there were no escapes, else into the output).
inline bool scan_string(const char* s, size_t q, Writer& w, size_t& end, std::string_view* key) {
  size_t i = q + 1;
  size_t dstart = 0;
  bool escaped = false;
  for (;;) {
    i = find_special(s, i);
    const char c = s[i];
    if (c == '"') break;
    if (c != '\\') return false;  // unescaped control character
    if (!escaped) {
      escaped = true;
      if (key != nullptr) {
        w.flush(q + 1);
        dstart = w.o;
      }
    }
    w.flush(i);
    const size_t len = decode_escape(s, i, w);
    if (len == 0) return false;
    i += len;
    w.copied = i;
  }
  end = i + 1;
  if (key != nullptr) {
    if (escaped) {
      w.flush(i);
      *key = std::string_view(w.d + dstart, w.o - dstart);
    } else {
      *key = std::string_view(s + q + 1, i - q - 1);
    }
  }
  return true;
}

inline bool is_digit(unsigned char c) {
  return c >= '0' && c <= '9';
}

// JSON number grammar over [p, e).
bool valid_number(const char* p, const char* e) {
  if (p < e && *p == '-') ++p;
  if (p == e) return false;
  if (*p == '0') {
    ++p;
  } else if (*p >= '1' && *p <= '9') {
    while (p < e && is_digit(static_cast<unsigned char>(*p))) ++p;
  } else {
    return false;
  }
  if (p < e && *p == '.') {
    ++p;
    if (p == e || !is_digit(static_cast<unsigned char>(*p))) return false;
    while (p < e && is_digit(static_cast<unsigned char>(*p))) ++p;
  }
  if (p < e && (*p == 'e' || *p == 'E')) {
    ++p;
    if (p < e && (*p == '+' || *p == '-')) ++p;
    if (p == e || !is_digit(static_cast<unsigned char>(*p))) return false;
    while (p < e && is_digit(static_cast<unsigned char>(*p))) ++p;
  }
  return p == e;
}

// ---------------------------------------------------------------- key pre-filter
// SensitiveKeys::matches on every key of every record would dominate the walk, so each build
// compiles the names into a filter that rejects almost every key after looking at its last
// normalised bytes: a 2048-bit bloom over the last min(len, 6) bytes of each name (the key is
// tested once per distinct length), then a compare of the last (up to) eight bytes against every
// name's. Keys passing both are checked with SensitiveKeys::matches, which stays the single
// source of truth (exclusions, exact names, long names).
class KeyFilter {
 public:
  explicit KeyFilter(const SensitiveKeys& keys) : keys_(keys) {
    const std::vector<std::string>& names = keys.names();
    count_ = names.size();
    usable_ = count_ <= kMaxNames;
    std::memset(bloom_, 0, sizeof bloom_);
    for (size_t k = 0; usable_ && k < count_; ++k) {
      const size_t len = names[k].size();
      if (len < 3) {  // the bloom needs three bytes; add() keeps names non-empty
        usable_ = false;
        break;
      }
      const uint64_t tail = reversed_tail(names[k].data(), len);
      tail_[k] = tail;
      mask_[k] = len >= 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * len)) - 1;
      const unsigned hl = len >= kBloomLen ? kBloomLen : static_cast<unsigned>(len);
      lengths_ |= 1u << hl;
      set_bit(hash(tail, hl));
    }
  }

  // An unescaped key whose bytes end at `end`; the 8 bytes before `end` must be readable.
  inline bool matches_raw(const char* end, size_t len) const {
    if (!usable_) return keys_.matches(std::string_view(end - len, len));
    if (len < 3) return false;  // every name has at least three bytes
    uint64_t v;
    std::memcpy(&v, end - 8, 8);  // little-endian: the key's last byte is the top byte
    const unsigned got = len >= 8 ? 8 : static_cast<unsigned>(len);
    if (got < 8) v &= ~uint64_t{0} << (8 * (8 - got));
    if (has_separator(v)) return matches(std::string_view(end - len, len));
    v = lower(v);
    return check(__builtin_bswap64(v), got, std::string_view(end - len, len));
  }

  inline bool matches(std::string_view key) const {
    if (!usable_) return keys_.matches(key);
    uint64_t tail = 0;  // last (up to) eight normalised bytes, last byte lowest
    unsigned got = 0;
    for (size_t i = key.size(); i > 0 && got < 8; --i) {
      const unsigned char c = static_cast<unsigned char>(key[i - 1]);
      if (is_key_separator(c)) continue;
      tail |= uint64_t{static_cast<unsigned char>(ascii::to_lower(c))} << (8 * got);
      ++got;
    }
    // A key longer than 8 normalised bytes compares like one of exactly 8 here.
    return check(tail, got, key);
  }

 private:
  static constexpr size_t kMaxNames = 64;
  static constexpr unsigned kBloomLen = 6;
  static constexpr uint64_t kOnes = 0x0101010101010101ULL;
  static constexpr uint64_t kHigh = 0x8080808080808080ULL;

  static inline uint64_t has_byte(uint64_t v, unsigned char c) {
    const uint64_t x = v ^ (kOnes * c);
    return (x - kOnes) & ~x & kHigh;
  }
  static inline bool has_separator(uint64_t v) {
    return (has_byte(v, '-') | has_byte(v, '_') | has_byte(v, '.') | has_byte(v, ' ')) != 0;
  }
  // ASCII upper -> lower on every byte (bytes >= 0x80 untouched).
  static inline uint64_t lower(uint64_t v) {
    const uint64_t t = v & ~kHigh;
    const uint64_t ge_a = t + kOnes * (0x80 - 'A');
    const uint64_t gt_z = t + kOnes * (0x80 - 'Z' - 1);
    const uint64_t upper = ge_a & ~gt_z & ~v & kHigh;
    return v | (upper >> 2);
  }
  // Last min(len, 8) bytes of s, last byte lowest.
  static inline uint64_t reversed_tail(const char* s, size_t len) {
    uint64_t v;
    if (len >= 8) {
      std::memcpy(&v, s + len - 8, 8);
    } else {  // 3..7 bytes: two overlapping 4- or 2-byte loads, placed at the top
      uint32_t lo, hi;
      if (len >= 4) {
        std::memcpy(&lo, s, 4);
        std::memcpy(&hi, s + len - 4, 4);
        v = (uint64_t{lo} | (uint64_t{hi} << (8 * (len - 4)))) << (8 * (8 - len));
      } else {
        v = (uint64_t{static_cast<unsigned char>(s[0])} |
             uint64_t{static_cast<unsigned char>(s[1])} << 8 |
             uint64_t{static_cast<unsigned char>(s[2])} << 16)
            << 40;
      }
    }
    return __builtin_bswap64(v);
  }
  static inline uint32_t hash(uint64_t tail, unsigned len) {
    const uint64_t bytes = tail & ((uint64_t{1} << (8 * len)) - 1);
    return static_cast<uint32_t>(((bytes + len) * 0x9E3779B97F4A7C15ULL) >> 53);  // 11 bits
  }
  inline void set_bit(uint32_t h) { bloom_[h >> 6] |= uint64_t{1} << (h & 63); }
  inline bool test_bit(uint32_t h) const { return (bloom_[h >> 6] >> (h & 63)) & 1; }

  inline bool check(uint64_t tail, unsigned got, std::string_view key) const {
    bool hit = false;
    for (unsigned l = 3; l <= kBloomLen && l <= got; ++l) {
      if ((lengths_ >> l) & 1) hit |= test_bit(hash(tail, l));
    }
    if (!hit) return false;
    bool candidate = false;
    for (size_t k = 0; k < count_; ++k) candidate |= (tail & mask_[k]) == tail_[k];
    return candidate && keys_.matches(key);
  }

  const SensitiveKeys& keys_;
  size_t count_ = 0;
  bool usable_ = true;
  uint32_t lengths_ = 0;  // bit l: some name is hashed on its last l bytes
  uint64_t bloom_[32];
  uint64_t tail_[kMaxNames];
  uint64_t mask_[kMaxNames];
};

// ---------------------------------------------------------------- per-thread state
constexpr size_t kRetainLimit = size_t{1} << 20;  // buffers grown past this are released after

struct Frame {
  od::object_iterator obj;
  od::array_iterator arr;
  size_t sensitive_slot;  // index in sensitive_values of this container's range, or npos
  bool is_object;
  bool advance;  // the iterator is on an element already visited: ++ before the next one
};

struct ThreadState {
  std::unique_ptr<char[]> buf;
  size_t cap = 0;
  std::unique_ptr<od::parser> parser;
  std::vector<Frame> stack;
  std::vector<JsonToken> tokens;  // written through a pointer, copied to the view at the end

  // A copy of the input goes at buf + kFront: the zeroed front lets key tails be read 8 bytes at
  // a time, the back padding is what simdjson requires.
  static constexpr size_t kFront = 16;
  char* padded(size_t n) {
    if (cap < n) {
      size_t c = std::max(n, std::max<size_t>(cap * 2, 4096));
      buf.reset(new char[kFront + c + simdjson::SIMDJSON_PADDING]);
      std::memset(buf.get(), 0, kFront);
      cap = c;
    }
    return buf.get() + kFront;
  }
  void release_if_large() {
    if (cap > kRetainLimit) {
      buf.reset();
      cap = 0;
      parser.reset();
      stack = {};
      tokens = {};
    }
  }
};

ThreadState& thread_state() {
  thread_local ThreadState state;
  if (!state.parser) {
    state.parser = std::make_unique<od::parser>();
    state.stack.reserve(64);
    state.tokens.resize(256);
  }
  return state;
}

struct Walker {
  const char* s;  // padded copy of the input
  size_t n;
  Writer& w;
  JsonView& view;
  const KeyFilter& keys;
  od::document& doc;
  std::vector<Frame>& stack;
  size_t max_depth;
  std::vector<JsonToken>& token_buf;
  JsonToken* tcur;
  JsonToken* tend;

  inline void token(JsonToken::Kind kind, size_t b, size_t e) {
    if (tcur == tend) grow_tokens();
    *tcur++ = JsonToken{kind, b, e};
  }
  void grow_tokens() {
    const size_t used = static_cast<size_t>(tcur - token_buf.data());
    token_buf.resize(std::max<size_t>(256, token_buf.size() * 2));
    tcur = token_buf.data() + used;
    tend = token_buf.data() + token_buf.size();
  }

  // On-Demand parses lazily and does not catch every malformed document: {"m":"a":"x"}}
  // iterates as an object with one field. So after each value the walk itself checks what
  // follows it: a ',' or the bracket `close` of its container.
  bool separated(size_t e, char close) const {
    while (e < n && is_json_ws(static_cast<unsigned char>(s[e]))) ++e;
    return e < n && (s[e] == ',' || s[e] == close);
  }

  // Visits one value of a container closed by `close`; containers are pushed on the stack
  // (their sensitive range is completed, and what follows them checked, when they are popped).
  inline bool visit(od::value& v, bool sensitive, char close) {
    const std::string_view tok = v.raw_json_token();
    const size_t b = static_cast<size_t>(tok.data() - s);
    const unsigned char c = static_cast<unsigned char>(s[b]);
    if (c == '"') {
      size_t e;
      if (!scan_string(s, b, w, e, nullptr) || !separated(e, close)) return false;
      token(JsonToken::String, b, e);
      if (sensitive) view.sensitive_values.emplace_back(b, e);
      return true;
    }
    if (c == '{' || c == '[') {
      if (stack.size() >= max_depth) return false;
      Frame f;
      f.is_object = c == '{';
      f.advance = false;
      f.sensitive_slot = std::string_view::npos;
      if (f.is_object) {
        od::object o;
        if (v.get_object().get(o) != simdjson::SUCCESS) return false;
        if (o.begin().get(f.obj) != simdjson::SUCCESS) return false;
      } else {
        od::array a;
        if (v.get_array().get(a) != simdjson::SUCCESS) return false;
        if (a.begin().get(f.arr) != simdjson::SUCCESS) return false;
      }
      if (sensitive) {
        f.sensitive_slot = view.sensitive_values.size();
        view.sensitive_values.emplace_back(b, b);
      }
      stack.push_back(f);
      return true;
    }
    // Scalar token: trim the whitespace On-Demand includes up to the next structural.
    size_t e = b + tok.size();
    while (e > b && is_json_ws(static_cast<unsigned char>(s[e - 1]))) --e;
    const std::string_view t(s + b, e - b);
    if (c == 't' || c == 'f' || c == 'n') {
      if ((t != "true" && t != "false" && t != "null") || !separated(e, close)) return false;
      token(JsonToken::Literal, b, e);
      return true;
    }
    if (!valid_number(s + b, s + e) || !separated(e, close)) return false;
    token(JsonToken::Number, b, e);
    if (sensitive) view.sensitive_values.emplace_back(b, e);
    return true;
  }

  // End (one past the closing bracket) of the container just finished.
  size_t container_end() {
    const char* loc = nullptr;
    size_t e = n;
    if (doc.current_location().get(loc) == simdjson::SUCCESS) e = static_cast<size_t>(loc - s);
    while (e > 0 && is_json_ws(static_cast<unsigned char>(s[e - 1]))) --e;
    return e;
  }

  bool run() {
    while (!stack.empty()) {
      Frame& f = stack.back();
      if (f.is_object) {
        if (f.advance) ++f.obj;
        f.advance = true;
        if (!(f.obj != od::object_iterator{})) {
          if (!finish_container()) return false;
          continue;
        }
        od::field field;
        if ((*f.obj).get(field) != simdjson::SUCCESS) return false;
        const size_t q = static_cast<size_t>(field.key().raw() - s) - 1;
        size_t e;
        std::string_view key;
        if (!scan_string(s, q, w, e, &key)) return false;
        token(JsonToken::Key, q, e);
        const bool sensitive =
            key.data() == s + q + 1 ? keys.matches_raw(s + e - 1, key.size()) : keys.matches(key);
        if (!visit(field.value(), sensitive, '}')) return false;  // may invalidate f
      } else {
        if (f.advance) ++f.arr;
        f.advance = true;
        if (!(f.arr != od::array_iterator{})) {
          if (!finish_container()) return false;
          continue;
        }
        od::value v;
        if ((*f.arr).get(v) != simdjson::SUCCESS) return false;
        if (!visit(v, false, ']')) return false;  // may invalidate f
      }
    }
    return true;
  }

  // Pops the finished container; false when what follows a nested one is no ',' or bracket.
  bool finish_container() {
    const size_t slot = stack.back().sensitive_slot;
    stack.pop_back();
    if (slot == std::string_view::npos && stack.empty()) return true;
    const size_t end = container_end();
    if (slot != std::string_view::npos) view.sensitive_values[slot].second = end;
    return stack.empty() || separated(end, stack.back().is_object ? '}' : ']');
  }
};

bool walk(ThreadState& st, const char* s, size_t n, size_t first, const SensitiveKeys& keys,
          JsonView& view, Writer& w) {
  // Grow the parser geometrically (iterate() would reallocate to the exact length each time a
  // record is longer than every earlier one).
  if (st.parser->capacity() < n) {
    const size_t want = std::max(n, std::max<size_t>(st.parser->capacity() * 2, size_t{16} << 10));
    if (st.parser->allocate(want) != simdjson::SUCCESS) return false;
  }
  od::document doc;
  if (st.parser->iterate(s, n, n + simdjson::SIMDJSON_PADDING).get(doc) != simdjson::SUCCESS) {
    return false;
  }
  std::vector<Frame>& stack = st.stack;
  stack.clear();
  Frame root;
  root.is_object = s[first] == '{';
  root.advance = false;
  root.sensitive_slot = std::string_view::npos;
  if (root.is_object) {
    od::object o;
    if (doc.get_object().get(o) != simdjson::SUCCESS) return false;
    if (o.begin().get(root.obj) != simdjson::SUCCESS) return false;
  } else {
    od::array a;
    if (doc.get_array().get(a) != simdjson::SUCCESS) return false;
    if (a.begin().get(root.arr) != simdjson::SUCCESS) return false;
  }
  stack.push_back(root);
  const KeyFilter filter(keys);
  Walker walker{s,
                n,
                w,
                view,
                filter,
                doc,
                stack,
                st.parser->max_depth(),
                st.tokens,
                st.tokens.data(),
                st.tokens.data() + st.tokens.size()};
  if (!walker.run()) return false;
  view.tokens.assign(st.tokens.data(), walker.tcur);
  // Only whitespace may follow the document: On-Demand reports OUT_OF_BOUNDS at the end.
  const char* loc = nullptr;
  return doc.current_location().get(loc) != simdjson::SUCCESS;
}

}  // namespace

bool build_json_view(std::string_view json, const SensitiveKeys& keys, JsonView& view) {
  view.tokens.clear();
  view.sensitive_values.clear();
  const size_t n = json.size();
  size_t first = 0;
  while (first < n && is_json_ws(static_cast<unsigned char>(json[first]))) ++first;
  if (first == n || (json[first] != '{' && json[first] != '[')) return false;

  ThreadState& st = thread_state();
  char* s = st.padded(n);
  std::memcpy(s, json.data(), n);
  std::memset(s + n, 0, simdjson::SIMDJSON_PADDING);

  // Decoding never makes the text longer: size the outputs to the raw length, trim at the end.
  // (Resizing without clearing first only zero-fills growth beyond the previous size.)
  view.decoded.resize(n);
  view.raw_of.resize(n + 1);
  view.raw_end_of.resize(n);
  Writer w{s, view.decoded.data(), view.raw_of.data(), view.raw_end_of.data()};

  const bool ok = walk(st, s, n, first, keys, view, w);
  if (ok) {
    w.flush(n);
    view.decoded.resize(w.o);
    view.raw_of.resize(w.o + 1);
    view.raw_of[w.o] = n;
    view.raw_end_of.resize(w.o);
  }
  if (n > kRetainLimit) st.release_if_large();
  return ok;
}

}  // namespace logscrub
