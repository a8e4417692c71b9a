#include "scrub/json_records.h"

#include <algorithm>
#include <cstring>

#include "json/json_part.h"
#include "json/lenient_decode.h"
#include "scrub/render.h"

namespace logscrub {
namespace {

constexpr int kEmbeddedObjectTries = 4;  // '{' positions tried for an object at a record's end
constexpr size_t kTabLookahead = size_t{64} << 10;  // see refine_json_records' first_tab

// True when `json` holds a byte >= 0x80 or < 0x20: then it may be invalid JSON only because of
// those bytes (invalid UTF-8, raw control characters in strings).
bool needs_byte_cleanup(std::string_view json) {
  return std::any_of(json.begin(), json.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b >= 0x80 || b < 0x20;
  });
}

// The token of `view` that contains raw offset `pos` (relative to the JSON part), or nullptr.
const JsonToken* token_at(const JsonView& view, size_t pos) {
  auto it = std::upper_bound(view.tokens.begin(), view.tokens.end(), pos,
                             [](size_t p, const JsonToken& t) { return p < t.raw_begin; });
  if (it == view.tokens.begin()) return nullptr;
  --it;
  return pos < it->raw_end ? &*it : nullptr;
}

// Adds the part of raw span [begin, end) (relative to the JSON part at `base`) that lies inside
// tokens: string/key content (quotes excluded) as is, numbers whole and quoted. Structure and
// true/false/null are never redacted, so the document stays valid.
void add_clipped(const JsonView& view, uint32_t rule, size_t base, size_t begin, size_t end,
                 std::vector<Finding>& out) {
  size_t pos = begin;
  while (pos < end) {
    const JsonToken* tok = token_at(view, pos);
    if (!tok) {
      auto next = std::upper_bound(view.tokens.begin(), view.tokens.end(), pos,
                                   [](size_t p, const JsonToken& t) { return p < t.raw_begin; });
      if (next == view.tokens.end() || next->raw_begin >= end) return;
      pos = next->raw_begin;
      continue;
    }
    if (tok->kind == JsonToken::Number) {
      out.push_back({rule, base + tok->raw_begin, base + tok->raw_end, kQuoteReplacement});
    } else if (tok->kind == JsonToken::String || tok->kind == JsonToken::Key) {
      size_t lo = std::max(pos, tok->raw_begin + 1);
      size_t hi = std::min(end, tok->raw_end - 1);
      if (lo < hi) out.push_back({rule, base + lo, base + hi, 0});
    }
    pos = tok->raw_end;
  }
}

// Joins findings of the same rule that only decoded line breaks separate (a PEM key in one
// JSON string, written with "\n" escapes, becomes one span instead of one per key line).
void merge_across_newlines(std::string_view decoded, std::vector<Finding>& findings) {
  std::sort(findings.begin(), findings.end(),
            [](const Finding& a, const Finding& b) { return a.begin < b.begin; });
  size_t kept = 0;
  for (size_t i = 0; i < findings.size(); ++i) {
    if (kept > 0) {
      Finding& prev = findings[kept - 1];
      const Finding& cur = findings[i];
      bool only_breaks = prev.rule == cur.rule && prev.end <= cur.begin && cur.begin > prev.end &&
                         std::all_of(decoded.begin() + static_cast<long>(prev.end),
                                     decoded.begin() + static_cast<long>(cur.begin),
                                     [](char c) { return c == '\n' || c == '\r'; });
      if (only_breaks) {
        prev.end = std::max(prev.end, cur.end);
        continue;
      }
    }
    findings[kept++] = findings[i];
  }
  findings.resize(kept);
}

// Widens raw span [b, e) (relative to the JSON part, e > b) so it starts and ends on whole
// escape sequences: a redaction must never leave half of "\u0041" behind.
void widen_to_escapes(const JsonView& view, size_t& b, size_t& e) {
  auto last = view.raw_of.end() - 1;  // raw_of[decoded.size()] is the raw end
  auto first_after = [&](size_t raw) {
    return static_cast<size_t>(std::upper_bound(view.raw_of.begin(), last, raw) -
                               view.raw_of.begin());
  };
  size_t i = first_after(b);
  if (i > 0) b = std::min(b, view.raw_of[i - 1]);
  size_t j = first_after(e - 1);
  if (j > 0) e = std::max(e, view.raw_end_of[j - 1]);
}

// Scans `part` (at input offset `base`) with its escapes decoded leniently, adding the findings,
// mapped back to whole raw escapes, to js.refined.
Error add_lenient_findings(const Matcher& matcher, MatcherScratch& mscratch, std::string_view part,
                           size_t base, JsonScratch& js) {
  decode_escapes_leniently(part, js.lenient_view);
  js.lenient_findings.clear();
  Error err = matcher.find(mscratch, js.lenient_view.decoded, js.lenient_findings, nullptr);
  if (err) return err;
  merge_across_newlines(js.lenient_view.decoded, js.lenient_findings);
  for (const Finding& f : js.lenient_findings) {
    if (f.end <= f.begin) continue;
    js.refined.push_back({f.rule, base + js.lenient_view.raw_of[f.begin],
                          base + js.lenient_view.raw_end_of[f.end - 1], 0});
  }
  return {};
}

}  // namespace

void clean_copy(std::string_view json, std::string& out) {
  out.assign(json);
  for (char& c : out) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x80)
      c = '?';
    else if (b < 0x20)
      c = ' ';
  }
}

Error refine_json_records(const Matcher& matcher, MatcherScratch& mscratch,
                          const SensitiveKeys& keys, InputFormat format, std::string_view input,
                          std::vector<Finding>& findings, JsonScratch& js) {
  if (format == InputFormat::Text) return {};
  js.refined.clear();
  auto text_it = findings.begin();
  auto trig_it = js.triggers.begin();
  int key_rule = matcher.json_key_rule();
  // Only records holding a text finding, a key trigger or a backslash can change, so the loop
  // jumps from one such position to the next; other records cost nothing here.
  // The first `byte` at or after `from`, or input.size().
  auto byte_from = [&](char byte, size_t from) {
    const void* at = std::memchr(input.data() + from, byte, input.size() - from);
    return at ? static_cast<size_t>(static_cast<const char*>(at) - input.data()) : input.size();
  };
  size_t next_backslash = byte_from('\\', 0);  // searched again once the cursor passes it
  // The first '\t' of a record, for json_part_offset: the search stops at most kTabLookahead
  // bytes past the record, and what it learnt (no '\t' before tab_mark, which is a '\t' or
  // where it stopped) serves the records after it: one search per line was ~1% of the time
  // on lines with secrets.
  size_t tab_mark = 0;
  auto first_tab = [&](size_t begin, size_t end) {
    if (tab_mark < begin) tab_mark = begin;
    if (tab_mark < end && input[tab_mark] != '\t') {  // searches at least to `end`
      const size_t stop = std::min(input.size(), std::max(end, tab_mark + kTabLookahead));
      const void* at = std::memchr(input.data() + tab_mark, '\t', stop - tab_mark);
      tab_mark = at ? static_cast<size_t>(static_cast<const char*>(at) - input.data()) : stop;
    }
    return tab_mark < end ? tab_mark - begin : std::string_view::npos;
  };
  // Whether input[begin, end) holds a '\\', for begin at or after the cursor: no search while
  // the next one is known to lie past `end` (most records hold none).
  auto backslash_in = [&](size_t begin, size_t end) {
    if (next_backslash >= end) return false;
    if (next_backslash >= begin) return true;
    return std::memchr(input.data() + begin, '\\', end - begin) != nullptr;
  };
  for (size_t cursor = 0; cursor < input.size();) {
    if (next_backslash < cursor) next_backslash = byte_from('\\', cursor);
    size_t next = next_backslash;
    if (text_it != findings.end()) next = std::min(next, text_it->begin);
    while (trig_it != js.triggers.end() && *trig_it <= cursor) ++trig_it;
    if (trig_it != js.triggers.end()) next = std::min(next, *trig_it - 1);
    if (next >= input.size()) break;
    const void* prev_nl =
        next > cursor ? memrchr(input.data() + cursor, '\n', next - cursor) : nullptr;
    size_t ls = prev_nl ? static_cast<size_t>(static_cast<const char*>(prev_nl) - input.data()) + 1
                        : cursor;
    const void* nl = std::memchr(input.data() + next, '\n', input.size() - next);
    size_t le =
        nl ? static_cast<size_t>(static_cast<const char*>(nl) - input.data()) : input.size();
    auto line_text_begin = text_it;
    while (text_it != findings.end() && text_it->begin < le) ++text_it;
    bool trigger = false;
    for (; trig_it != js.triggers.end() && *trig_it <= le; ++trig_it) {
      if (*trig_it > ls) trigger = true;
    }
    std::string_view record = input.substr(ls, le - ls);
    size_t off = json_part_offset(record, first_tab(ls, le));
    bool embedded = off == std::string_view::npos;
    if (embedded) off = embedded_json_offset(record);
    std::string_view json = off != std::string_view::npos ? record.substr(off) : std::string_view();
    bool escaped = off != std::string_view::npos && backslash_in(ls + off, le);
    bool parsed = false;
    auto parse = [&] {
      parsed = build_json_view(json, keys, js.view);
      if (!parsed && needs_byte_cleanup(json)) {
        // Invalid UTF-8 or a raw control byte makes the record invalid JSON, yet its keys and
        // escapes still mean what they say: parse a copy with those bytes replaced one for one
        // ('?' / ' '), so every offset of the view is an offset of the record too.
        clean_copy(json, js.cleaned);
        parsed = build_json_view(js.cleaned, keys, js.view);
      }
    };
    // Parses the record from `at` on instead.
    auto parse_at = [&](size_t at) {
      off = at;
      json = record.substr(off);
      escaped = backslash_in(ls + off, le);
      parse();
    };
    if (off != std::string_view::npos && (line_text_begin != text_it || trigger || escaped)) {
      parse();
      // A record that starts like JSON but is none ("[INFO] ... {...}", or a redaction marker
      // "[REDACTED:...]" before an object, which a second scrub sees: G6) may still end with an
      // object embedded in text.
      if (!parsed && !embedded) {
        const size_t object = embedded_json_offset(record);
        if (object != std::string_view::npos && object != off) {
          embedded = true;
          parse_at(object);
        }
      }
      // An object embedded in text may start at a later '{' than the first (which can sit in
      // the text, or in a value that a redaction removes: trying the next ones keeps G6).
      for (int tries = 1; !parsed && embedded && tries < kEmbeddedObjectTries; ++tries) {
        const size_t next_brace = record.find('{', off + 1);
        if (next_brace == std::string_view::npos) break;
        parse_at(next_brace);
      }
      if (parsed) {
        size_t base = ls + off;
        js.decoded_findings.clear();
        // Without a backslash the decoded view is the raw text byte for byte, and the text
        // findings (kept below) are exactly what scanning it would give.
        if (escaped) {
          Error err = matcher.find(mscratch, js.view.decoded, js.decoded_findings, nullptr);
          if (err) return err;
        }
        merge_across_newlines(js.view.decoded, js.decoded_findings);
        for (const Finding& f : js.decoded_findings) {
          if (f.end <= f.begin) continue;
          size_t raw_begin = js.view.raw_of[f.begin];
          size_t raw_end = js.view.raw_end_of[f.end - 1];
          add_clipped(js.view, f.rule, base, raw_begin, raw_end, js.refined);
        }
        // The record's text findings stay too: before the JSON part (a Lambda prefix) as they
        // are; inside it clipped to tokens and widened to whole escape sequences. The JSON path
        // thus never redacts less than the text path would.
        for (auto it = line_text_begin; it != text_it; ++it) {
          if (it->begin < base) {
            js.refined.push_back({it->rule, it->begin, std::min(it->end, base), it->flags});
            if (it->end <= base) continue;
          }
          size_t b = std::max(it->begin, base) - base;
          size_t e = it->end - base;
          widen_to_escapes(js.view, b, e);
          add_clipped(js.view, it->rule, base, b, e, js.refined);
        }
        if (key_rule >= 0) {
          for (const auto& [vb, ve] : js.view.sensitive_values) {
            bool is_string = json[vb] == '"';
            if (is_string) {
              std::string_view content = json.substr(vb + 1, ve - vb - 2);
              if (!content.empty() && !is_redaction_marker(content))
                js.refined.push_back(
                    {static_cast<uint32_t>(key_rule), base + vb + 1, base + ve - 1, 0});
            } else {
              js.refined.push_back(
                  {static_cast<uint32_t>(key_rule), base + vb, base + ve, kQuoteReplacement});
            }
          }
        }
      }
    }
    // What escapes outside parsed JSON spell is scanned too, in addition to the text findings:
    // in a record that is not valid JSON (cut short, a lone surrogate escape, NaN, text after
    // the object) or holds none, the whole record; in one whose object ends a text record,
    // the text before it. So "AKIA\u005A..." or "pass\u0077ord" still count there, and a
    // second scrub, which may parse what the first did not, finds nothing new in them (G6).
    // A record that holds no JSON is decoded too because a redaction can make it look like
    // JSON: one that takes a \" changes which '{' balances the last '}' (embedded_json_offset).
    const std::string_view outside = parsed ? record.substr(0, off) : record;
    if (backslash_in(ls, ls + outside.size())) {
      Error err = add_lenient_findings(matcher, mscratch, outside, ls, js);
      if (err) return err;
    }
    if (!parsed) js.refined.insert(js.refined.end(), line_text_begin, text_it);
    cursor = le + 1;
  }
  js.triggers.clear();
  findings.swap(js.refined);
  return {};
}

namespace {

// Words that sensitive key names are made of, for splitting "secretaccesskey" into
// secret|access|key (greedy, longest word first).
constexpr std::string_view kKeyWords[] = {
    "authorization", "credentials", "refresh", "session", "private", "phrase", "secret", "client",
    "access",        "cookie",      "token",   "proxy",   "auth",    "pass",   "word",   "key",
    "pwd",           "api",         "set",     "wd",      "id",      "x"};

bool split_words(std::string_view name, std::vector<std::string_view>& words) {
  words.clear();
  while (!name.empty()) {
    bool found = false;
    for (std::string_view w : kKeyWords) {
      if (name.substr(0, w.size()) == w) {
        words.push_back(w);
        name.remove_prefix(w.size());
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

std::string json_key_trigger_pattern(const SensitiveKeys& keys) {
  // A sensitive key ends with a listed name, so a record holding one contains, caselessly, the
  // name's last words (at least 5 letters of them: "pass word", "session id", "api key", with
  // up to 3 separators between and after them) followed by the key's closing quote and ':'.
  // Anchoring on the end of the key (below) keeps the words inside values ("orders-api-prod")
  // from firing, and Hyperscan runs the words as literals. A name that ends with another listed
  // name ("accesstoken" / "token") needs no alternative of its own. Keys written with escapes
  // are parsed anyway (backslash).
  constexpr std::string_view kSep = "[-_. ]{0,3}";
  std::vector<std::string> alternatives;
  std::vector<std::string_view> words;
  for (const std::string& name : keys.names()) {
    if (name.empty()) continue;
    bool covered = false;
    for (const std::string& other : keys.names()) {
      covered = covered || (other != name && !other.empty() && ends_with(name, other));
    }
    if (covered) continue;
    if (!split_words(name, words)) {
      words.assign(1, std::string_view(name));
    }
    std::string alt;
    size_t letters = 0;
    for (size_t k = words.size(); k-- > 0 && letters < 5;) {
      std::string word;
      for (char c : words[k]) {
        bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!alnum) word += '\\';
        word += c;
      }
      alt = alt.empty() ? word : word + std::string(kSep) + alt;
      letters += words[k].size();
    }
    if (std::find(alternatives.begin(), alternatives.end(), alt) == alternatives.end())
      alternatives.push_back(alt);
  }
  if (alternatives.empty()) return "";
  std::string pattern = "(?i)(?:";
  for (size_t i = 0; i < alternatives.size(); ++i) {
    if (i) pattern += '|';
    pattern += alternatives[i];
  }
  // After the name: separators and the closing quote, then blanks and ':'. Hyperscan looks
  // for the two bytes after the name only (a separator then a separator or the quote, or the
  // quote then a blank or ':'): every such key holds them, and as a set of literals the whole
  // Hyperscan scan is ~9% faster on real logs (~5% on secret-dense lines) than with the repeats
  // up to the ':', where these words are frequent. The price is on JSON lines, where the words
  // are rare but '"' and ':' are everywhere: ~11% more scan time there (CLI ~6%), which keeps
  // them well above their target. A value ending so is rare too: no line of loghub or the
  // secret-dense corpus holds one. A trigger only makes its record parsed.
  pattern += ")(?:\"[\\s:]|[-_. ][-_. \"])";
  return pattern;
}

}  // namespace logscrub
