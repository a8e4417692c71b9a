#include "detect/jwk_members.h"

#include <algorithm>
#include <cstdint>

#include "detect/ascii.h"
#include "json/escapes.h"

namespace logscrub {
namespace {

constexpr size_t kMostBytesBeforeKty = 16 * 1024;
constexpr size_t kShortestValue = 20;
constexpr int kEnd = -1;  // Cursor::peek: no more bytes of this JSON text

// The bytes of a JSON text as its tokenizer sees them. Plain: the text's own bytes. Escaped
// (a JSON text written inside a JSON string): the string's escapes decoded, \" to '"', \\ to
// '\', \n to a newline...; an unescaped '"' ends it. Either ends at the line's end.
class Cursor {
 public:
  Cursor(std::string_view text, size_t pos, bool escaped)
      : text_(text), pos_(pos), escaped_(escaped) {}

  size_t pos() const { return pos_; }

  // The next decoded byte (a \u escape above 0x7f reads as 0x80), or kEnd; take() consumes it.
  int peek() {
    width_ = 1;
    if (pos_ >= text_.size() || text_[pos_] == '\n') return kEnd;
    const auto c = static_cast<unsigned char>(text_[pos_]);
    if (!escaped_ || (c != '"' && c != '\\')) return c;
    if (c == '"' || pos_ + 1 >= text_.size()) return kEnd;
    const char letter = text_[pos_ + 1];
    if (letter == 'u') {
      // \uXXXX: only its byte matters here (one above 0x7f reads as 0x80).
      if (pos_ + 6 > text_.size()) return kEnd;
      const int32_t value = json_escape::hex4(text_.data() + pos_ + 2);
      if (value < 0) return kEnd;
      width_ = 6;
      return value < 0x80 ? static_cast<int>(value) : 0x80;
    }
    width_ = 2;
    const int byte = json_escape::one_letter(letter);
    return byte < 0 ? kEnd : byte;
  }
  void take() { pos_ += width_; }

  void skip_blanks() {
    for (int c = peek(); c == ' ' || c == '\t' || c == '\r' || c == '\n'; c = peek()) take();
  }

  // From a string's opening quote: its content's bytes [*begin, *end) in the text. False when
  // the JSON text ends first (an unterminated string: the content runs to there).
  bool read_string(size_t* begin, size_t* end) {
    take();
    *begin = pos_;
    for (int c = peek(); c != kEnd; c = peek()) {
      if (c == '"') {
        *end = pos_;
        take();
        return true;
      }
      take();
      if (c == '\\') {
        if (peek() == kEnd) break;
        take();  // the escaped byte (a \u escape's hex digits are read as plain bytes)
      }
    }
    *end = pos_;
    return false;
  }

  // Skips a value that is not a string: an array or object (nested to any depth, strings in
  // it read as strings), or a number or literal. False where the text stops being JSON.
  bool skip_other_value() {
    int c = peek();
    if (c == '[' || c == '{') {
      size_t depth = 0;
      for (; c != kEnd; c = peek()) {
        size_t b = 0, e = 0;
        if (c == '"') {
          if (!read_string(&b, &e)) return false;
          continue;
        }
        take();
        if (c == '[' || c == '{') ++depth;
        if ((c == ']' || c == '}') && --depth == 0) return true;
      }
      return false;
    }
    const size_t from = pos_;
    for (; c != kEnd && c != ',' && c != '}' && c != ']' && c != '"' && c != ' ' && c != '\t' &&
           c != '\r' && c != '\n';
         c = peek())
      take();
    return pos_ > from;
  }

 private:
  std::string_view text_;
  size_t pos_;
  bool escaped_;
  size_t width_ = 1;
};

enum class KeyType : uint8_t { Unknown, Asymmetric, Symmetric };

struct Member {
  std::string_view name;
  size_t begin, end;  // its string value's content
};

// One object's members as far as they read as JSON, from `pos` (just after its '{', or at a
// member's name).
struct ObjectRead {
  std::vector<Member> strings;  // the members whose value is a string
  KeyType type = KeyType::Unknown;
  bool named_at_trigger = false;  // a member's name began at the trigger's name
  size_t stop = 0;                // where reading stopped (after the '}' when it closed)
};

KeyType key_type(std::string_view value) {
  if (value == "RSA" || value == "EC" || value == "OKP") return KeyType::Asymmetric;
  if (value == "oct") return KeyType::Symmetric;
  return KeyType::Unknown;
}

void read_object(std::string_view text, size_t pos, bool escaped, size_t trigger_name,
                 ObjectRead& read) {
  read.strings.clear();
  read.type = KeyType::Unknown;
  read.named_at_trigger = false;
  Cursor cur(text, pos, escaped);
  bool have_type = false;
  for (cur.skip_blanks(); cur.peek() == '"';) {
    if (cur.pos() == trigger_name) read.named_at_trigger = true;
    size_t name_begin = 0, name_end = 0;
    if (!cur.read_string(&name_begin, &name_end)) break;
    const std::string_view name = text.substr(name_begin, name_end - name_begin);
    cur.skip_blanks();
    if (cur.peek() != ':') break;
    cur.take();
    cur.skip_blanks();
    if (cur.peek() == '"') {
      size_t begin = 0, end = 0;
      const bool closed = cur.read_string(&begin, &end);
      read.strings.push_back({name, begin, end});
      if (name == "kty" && !have_type) {
        read.type = key_type(text.substr(begin, end - begin));
        have_type = true;
      }
      if (!closed) break;
    } else if (!cur.skip_other_value()) {
      break;
    }
    cur.skip_blanks();
    if (cur.peek() == '}') {
      cur.take();
      break;
    }
    if (cur.peek() != ',') break;
    cur.take();
    cur.skip_blanks();
  }
  read.stop = cur.pos();
}

bool is_private_member(KeyType type, std::string_view name) {
  if (type == KeyType::Symmetric) return name == "k";
  return type == KeyType::Asymmetric && (name == "d" || name == "p" || name == "q" ||
                                         name == "dp" || name == "dq" || name == "qi");
}

// Key material: base64url (or, misencoded, base64 with its padding), at least kShortestValue
// bytes. A redaction marker or a placeholder ("<redacted>", "***") is none.
bool is_key_material(std::string_view value) {
  if (value.size() < kShortestValue) return false;
  return std::all_of(value.begin(), value.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return ascii::is_alnum(c) || c == '_' || c == '-' || c == '+' || c == '/' || c == '=';
  });
}

// Reads the members before a name backwards, to the '{' of their object, quote-aware: a brace
// inside a string value (which another rule's redaction may take away) is no structure, so
// the same object is found whatever the strings before "kty" hold (G6). Raw positions: a
// token starts at its first byte (an escaped quote at its backslash).
class BackwardReader {
 public:
  BackwardReader(std::string_view text, size_t floor, bool escaped)
      : text_(text), floor_(floor), escaped_(escaped) {}

  // Where the object holding the member whose name's quote starts at `name` starts (just
  // after its '{'), or `name` when the bytes before it are not members of an object.
  size_t object_start(size_t name) {
    size_t at = name;
    for (;;) {
      at = skip_blanks(at);
      if (at > floor_ && text_[at - 1] == '{') return at;
      if (at <= floor_ || text_[at - 1] != ',') return name;
      at = skip_blanks(at - 1);
      if (!skip_value(&at)) return name;
      at = skip_blanks(at);
      if (at <= floor_ || text_[at - 1] != ':') return name;
      at = skip_blanks(at - 1);
      if (!skip_string(&at)) return name;
    }
  }

 private:
  // Whether a quote token ends just before `at` (raw '"' at at-1, structural: in plain text
  // after an even run of backslashes; in a JSON string its escape \" after a run whose
  // decoding leaves an even one). Sets *begin to where the token starts.
  bool quote_before(size_t at, size_t* begin) const {
    if (at <= floor_ || text_[at - 1] != '"') return false;
    size_t k = 0;
    while (at - 1 - k > floor_ && text_[at - 2 - k] == '\\') ++k;
    if (escaped_ ? k % 4 != 1 : k % 2 != 0) return false;
    *begin = escaped_ ? at - 2 : at - 1;
    return true;
  }

  size_t skip_blanks(size_t at) const {
    while (at > floor_) {
      const char c = text_[at - 1];
      if (c == ' ' || c == '\t' || c == '\r') {
        --at;
      } else if (escaped_ && at - 1 > floor_ && text_[at - 2] == '\\' &&
                 (c == 'n' || c == 't' || c == 'r')) {
        at -= 2;
      } else {
        break;
      }
    }
    return at;
  }

  // A string that ends just before *at: *at becomes its opening quote's start.
  bool skip_string(size_t* at) const {
    size_t close = 0;
    if (!quote_before(*at, &close)) return false;
    for (size_t k = close; k > floor_ && text_[k - 1] != '\n'; --k) {
      size_t open = 0;
      if (quote_before(k, &open)) {
        *at = open;
        return true;
      }
    }
    return false;
  }

  // A value that ends just before *at: a string, an array or object (nested, strings in it
  // skipped whole), or a number or literal.
  bool skip_value(size_t* at) const {
    if (*at <= floor_) return false;
    const char last = text_[*at - 1];
    if (last == '"') return skip_string(at);
    if (last == ']' || last == '}') {
      size_t depth = 0;
      while (*at > floor_ && text_[*at - 1] != '\n') {
        const char c = text_[*at - 1];
        if (c == '"') {
          if (!skip_string(at)) return false;
          continue;
        }
        --*at;
        if (c == ']' || c == '}') ++depth;
        if ((c == '[' || c == '{') && --depth == 0) return true;
      }
      return false;
    }
    const size_t from = *at;
    while (*at > floor_ &&
           (ascii::is_alnum(static_cast<unsigned char>(text_[*at - 1])) || text_[*at - 1] == '.' ||
            text_[*at - 1] == '+' || text_[*at - 1] == '-'))
      --*at;
    return *at < from;
  }

  std::string_view text_;
  size_t floor_;
  bool escaped_;
};

}  // namespace

void find_jwk_private_values(std::string_view text, const std::vector<size_t>& kty_ends,
                             std::vector<CardMatch>& out) {
  size_t resume = 0;  // where the last object read stopped
  ObjectRead read;
  for (const size_t end : kty_ends) {
    if (end <= resume || end < 5 || end > text.size()) continue;
    // The name's opening quote: "kty", or \"kty\" in a JSON string.
    const bool escaped = text[end - 2] == '\\';
    if (escaped && end < 7) continue;
    const size_t name = escaped ? end - 7 : end - 5;
    const bool named =
        escaped ? text.compare(name, 7, R"(\"kty\")") == 0
                : text.compare(name, 5, R"("kty")") == 0 && (name == 0 || text[name - 1] != '\\');
    if (!named) continue;
    const size_t floor =
        std::max(resume, name > kMostBytesBeforeKty ? name - kMostBytesBeforeKty : 0);
    const size_t start = BackwardReader(text, floor, escaped).object_start(name);
    read_object(text, start, escaped, name, read);
    resume = std::max(read.stop, end);
    // Read from its '{', the members reach "kty" (BackwardReader read them); should the two
    // readers ever disagree, read from "kty" on. (Every byte is read at most twice: the next
    // trigger's reading starts after both reads' ends.)
    if (!read.named_at_trigger && start != name) {
      read_object(text, name, escaped, name, read);
      resume = std::max(resume, read.stop);
    }
    for (const Member& m : read.strings) {
      if (is_private_member(read.type, m.name) &&
          is_key_material(text.substr(m.begin, m.end - m.begin)))
        out.push_back({m.begin, m.end});
    }
  }
}

}  // namespace logscrub
