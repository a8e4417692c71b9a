// The C API: thin, exception-free wrappers over the C++ engine (include/logscrub/logscrub.h).
#include <openssl/crypto.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "logscrub/logscrub.h"
#include "scrub/engine.h"
#include "scrub/stream.h"

struct logscrub_options {
  logscrub::EngineOptions engine;
};

struct logscrub_engine {
  std::shared_ptr<const logscrub::Engine> engine;
};

struct logscrub_scratch {
  std::unique_ptr<logscrub::Scratch> scratch;
  const logscrub_engine* owner = nullptr;
  std::vector<logscrub::Finding> findings;
  bool in_callback = false;  // logscrub_find's callback must not reuse this scratch
};

struct logscrub_stream {
  explicit logscrub_stream(const logscrub_engine* engine)
      : owner(engine), stream(*engine->engine) {}
  const logscrub_engine* owner;
  logscrub::StreamScrubber stream;
  std::string pending;  // scrubbed output not yet written to the caller's buffer
  size_t pending_pos = 0;
  int error = LOGSCRUB_OK;  // sticky until logscrub_stream_reset
};

namespace {

// Input taken per step between output drains: bounds the output a stream holds.
constexpr size_t kStreamSlice = size_t{256} << 10;

constexpr int to_status(logscrub::ErrorCode code) {
  return static_cast<int>(code);
}

void write_error(char* dst, size_t cap, const std::string& message) {
  if (!dst || cap == 0) return;
  size_t n = std::min(cap - 1, message.size());
  std::memcpy(dst, message.data(), n);
  dst[n] = '\0';
}

bool style_from_int(long long v, logscrub::Style* out) {
  switch (v) {
    case LOGSCRUB_STYLE_TAG: *out = logscrub::Style::Tag; return true;
    case LOGSCRUB_STYLE_MASK: *out = logscrub::Style::Mask; return true;
    case LOGSCRUB_STYLE_PARTIAL: *out = logscrub::Style::Partial; return true;
    case LOGSCRUB_STYLE_HMAC: *out = logscrub::Style::Hmac; return true;
    default: return false;
  }
}

}  // namespace

extern "C" {

unsigned logscrub_version_number(void) {
  return LOGSCRUB_VERSION_NUMBER;
}

const char* logscrub_version_string(void) {
#define LOGSCRUB_STR2(x) #x
#define LOGSCRUB_STR(x) LOGSCRUB_STR2(x)
  return LOGSCRUB_STR(LOGSCRUB_VERSION_MAJOR) "." LOGSCRUB_STR(
      LOGSCRUB_VERSION_MINOR) "." LOGSCRUB_STR(LOGSCRUB_VERSION_PATCH);
}

const char* logscrub_status_name(int status) {
  switch (status) {
    case LOGSCRUB_OK: return "LOGSCRUB_OK";
    case LOGSCRUB_MASKED_RECORDS: return "LOGSCRUB_MASKED_RECORDS";
    case LOGSCRUB_E_INVALID_ARGUMENT: return "LOGSCRUB_E_INVALID_ARGUMENT";
    case LOGSCRUB_E_NO_MEMORY: return "LOGSCRUB_E_NO_MEMORY";
    case LOGSCRUB_E_RULE_FILE: return "LOGSCRUB_E_RULE_FILE";
    case LOGSCRUB_E_COMPILE: return "LOGSCRUB_E_COMPILE";
    case LOGSCRUB_E_NO_HMAC_KEY: return "LOGSCRUB_E_NO_HMAC_KEY";
    case LOGSCRUB_E_BAD_SCRATCH: return "LOGSCRUB_E_BAD_SCRATCH";
    case LOGSCRUB_E_DST_TOO_SMALL: return "LOGSCRUB_E_DST_TOO_SMALL";
    case LOGSCRUB_E_INTERNAL: return "LOGSCRUB_E_INTERNAL";
    case LOGSCRUB_E_UNKNOWN: return "LOGSCRUB_E_UNKNOWN";
    default: return "unknown status";
  }
}

logscrub_options* logscrub_options_create(void) {
  try {
    return new logscrub_options();
  } catch (...) {
    return nullptr;
  }
}

void logscrub_options_free(logscrub_options* options) {
  if (!options) return;
  std::string& key = options->engine.hmac_key;
  if (!key.empty()) OPENSSL_cleanse(key.data(), key.size());
  delete options;
}

int logscrub_options_set_int(logscrub_options* options, int key, long long value) {
  if (!options) return LOGSCRUB_E_INVALID_ARGUMENT;
  logscrub::EngineOptions& o = options->engine;
  switch (key) {
    case LOGSCRUB_OPT_BUILTIN_RULES:
      if (value != 0 && value != 1) return LOGSCRUB_E_INVALID_ARGUMENT;
      o.builtin_rules = value == 1;
      return LOGSCRUB_OK;
    case LOGSCRUB_OPT_STYLE:
      if (!style_from_int(value, &o.style)) return LOGSCRUB_E_INVALID_ARGUMENT;
      o.style_forced = true;
      return LOGSCRUB_OK;
    case LOGSCRUB_OPT_MASK_SAME_LENGTH:
      if (value != 0 && value != 1) return LOGSCRUB_E_INVALID_ARGUMENT;
      o.mask_same_length = value == 1;
      return LOGSCRUB_OK;
    case LOGSCRUB_OPT_CARD_KEEP_FIRST:
      if (value != 0 && value != 6) return LOGSCRUB_E_INVALID_ARGUMENT;
      o.card_keep_first = static_cast<int>(value);
      return LOGSCRUB_OK;
    case LOGSCRUB_OPT_CARD_KEEP_LAST:
      if (value < 0 || value > 4) return LOGSCRUB_E_INVALID_ARGUMENT;
      o.card_keep_last = static_cast<int>(value);
      return LOGSCRUB_OK;
    case LOGSCRUB_OPT_MAX_LINE_BYTES:
      if (value < 1 || value > (1LL << 30)) return LOGSCRUB_E_INVALID_ARGUMENT;
      o.max_line_bytes = static_cast<size_t>(value);
      return LOGSCRUB_OK;
    case LOGSCRUB_OPT_FORMAT:
      switch (value) {
        case LOGSCRUB_FORMAT_AUTO: o.format = logscrub::InputFormat::Auto; return LOGSCRUB_OK;
        case LOGSCRUB_FORMAT_TEXT: o.format = logscrub::InputFormat::Text; return LOGSCRUB_OK;
        case LOGSCRUB_FORMAT_JSON: o.format = logscrub::InputFormat::Json; return LOGSCRUB_OK;
        default: return LOGSCRUB_E_INVALID_ARGUMENT;
      }
    default: return LOGSCRUB_E_UNKNOWN;
  }
}

int logscrub_options_set_str(logscrub_options* options, int key, const char* value, size_t len) {
  if (!options || (!value && len > 0)) return LOGSCRUB_E_INVALID_ARGUMENT;
  try {
    std::string v(value ? value : "", len);
    logscrub::EngineOptions& o = options->engine;
    switch (key) {
      case LOGSCRUB_OPT_RULE_FILE: o.rule_files.push_back(std::move(v)); return LOGSCRUB_OK;
      case LOGSCRUB_OPT_RULE_TEXT: o.rule_texts.push_back(std::move(v)); return LOGSCRUB_OK;
      case LOGSCRUB_OPT_DISABLE: o.disabled_ids.push_back(std::move(v)); return LOGSCRUB_OK;
      case LOGSCRUB_OPT_DISABLE_CATEGORY:
        o.disabled_categories.push_back(std::move(v));
        return LOGSCRUB_OK;
      case LOGSCRUB_OPT_ENABLE: o.enabled_ids.push_back(std::move(v)); return LOGSCRUB_OK;
      case LOGSCRUB_OPT_HMAC_KEY:
        if (!o.hmac_key.empty()) OPENSSL_cleanse(o.hmac_key.data(), o.hmac_key.size());
        o.hmac_key = std::move(v);
        return LOGSCRUB_OK;
      case LOGSCRUB_OPT_JSON_KEY_ADD: o.json_keys_add.push_back(std::move(v)); return LOGSCRUB_OK;
      case LOGSCRUB_OPT_JSON_KEY_REMOVE:
        o.json_keys_remove.push_back(std::move(v));
        return LOGSCRUB_OK;
      case LOGSCRUB_OPT_STYLE_FOR: {
        size_t eq = v.rfind('=');
        logscrub::Style style;
        if (eq == std::string::npos || eq == 0 || !logscrub::parse_style(v.substr(eq + 1), &style))
          return LOGSCRUB_E_INVALID_ARGUMENT;
        o.style_overrides.emplace_back(v.substr(0, eq), style);
        return LOGSCRUB_OK;
      }
      default: return LOGSCRUB_E_UNKNOWN;
    }
  } catch (...) {
    return LOGSCRUB_E_NO_MEMORY;
  }
}

int logscrub_engine_create(const logscrub_options* options, logscrub_engine** engine, char* error,
                           size_t error_cap) {
  if (!engine) {
    write_error(error, error_cap, "engine output pointer is NULL");
    return LOGSCRUB_E_INVALID_ARGUMENT;
  }
  *engine = nullptr;
  try {
    logscrub::EngineOptions defaults;
    logscrub::Error err;
    auto built = logscrub::Engine::create(options ? options->engine : defaults, &err);
    if (!built) {
      write_error(error, error_cap, err.message);
      return to_status(err.code);
    }
    *engine = new logscrub_engine{std::move(built)};
    write_error(error, error_cap, "");
    return LOGSCRUB_OK;
  } catch (...) {
    write_error(error, error_cap, "out of memory");
    return LOGSCRUB_E_NO_MEMORY;
  }
}

void logscrub_engine_free(logscrub_engine* engine) {
  delete engine;
}

size_t logscrub_engine_rule_count(const logscrub_engine* engine) {
  return engine ? engine->engine->rules().size() : 0;
}

const char* logscrub_engine_rule_id(const logscrub_engine* engine, size_t index) {
  if (!engine || index >= engine->engine->rules().size()) return nullptr;
  return engine->engine->rules()[index].id.c_str();
}

int logscrub_scratch_create(const logscrub_engine* engine, logscrub_scratch** scratch) {
  if (!scratch) return LOGSCRUB_E_INVALID_ARGUMENT;
  *scratch = nullptr;
  if (!engine) return LOGSCRUB_E_INVALID_ARGUMENT;
  try {
    logscrub::Error err;
    auto s = logscrub::Scratch::create(*engine->engine, &err);
    if (!s) return to_status(err.code);
    *scratch = new logscrub_scratch{std::move(s), engine, {}, false};
    return LOGSCRUB_OK;
  } catch (...) {
    return LOGSCRUB_E_NO_MEMORY;
  }
}

int logscrub_scratch_clone(const logscrub_scratch* src, logscrub_scratch** scratch) {
  if (!src || !scratch) {
    if (scratch) *scratch = nullptr;
    return LOGSCRUB_E_INVALID_ARGUMENT;
  }
  return logscrub_scratch_create(src->owner, scratch);
}

void logscrub_scratch_free(logscrub_scratch* scratch) {
  delete scratch;
}

size_t logscrub_scrub_bound(const logscrub_engine* engine, size_t in_len) {
  return engine ? engine->engine->scrub_bound(in_len) : 0;
}

int logscrub_scrub(const logscrub_engine* engine, logscrub_scratch* scratch, const char* in,
                   size_t in_len, char* out, size_t out_cap, size_t* out_len) {
  if (out_len) *out_len = 0;
  if (!engine || !scratch || !out_len || (!in && in_len > 0) || (!out && out_cap > 0))
    return LOGSCRUB_E_INVALID_ARGUMENT;
  if (scratch->owner != engine || scratch->in_callback) return LOGSCRUB_E_BAD_SCRATCH;
  try {
    logscrub::ScrubStats stats;
    size_t needed = 0;
    logscrub::Error err = engine->engine->scrub_to(
        *scratch->scratch, std::string_view(in ? in : "", in_len), out, out_cap, &needed, &stats);
    if (err) return to_status(err.code);  // nothing left in `out` (scrub_to zeroes it)
    *out_len = needed;
    if (needed > out_cap) return LOGSCRUB_E_DST_TOO_SMALL;
    return stats.records_failed_closed > 0 ? LOGSCRUB_MASKED_RECORDS : LOGSCRUB_OK;
  } catch (...) {
    return LOGSCRUB_E_NO_MEMORY;
  }
}

int logscrub_find(const logscrub_engine* engine, logscrub_scratch* scratch, const char* in,
                  size_t in_len, logscrub_finding_cb callback, void* user) {
  if (!engine || !scratch || !callback || (!in && in_len > 0)) return LOGSCRUB_E_INVALID_ARGUMENT;
  if (scratch->owner != engine || scratch->in_callback) return LOGSCRUB_E_BAD_SCRATCH;
  try {
    logscrub::Error err = engine->engine->find(
        *scratch->scratch, std::string_view(in ? in : "", in_len), scratch->findings, nullptr);
    if (err) return to_status(err.code);
    const auto& rules = engine->engine->rules();
    scratch->in_callback = true;
    for (const logscrub::Finding& f : scratch->findings) {
      const logscrub::Rule& rule = rules[f.rule];
      logscrub_finding cf{rule.id.c_str(), logscrub::category_name(rule.category), f.begin, f.end};
      if (callback(&cf, user) != 0) break;
    }
    scratch->in_callback = false;
    return LOGSCRUB_OK;
  } catch (...) {
    scratch->in_callback = false;
    return LOGSCRUB_E_NO_MEMORY;
  }
}

int logscrub_stream_create(const logscrub_engine* engine, logscrub_stream** stream) {
  if (!stream) return LOGSCRUB_E_INVALID_ARGUMENT;
  *stream = nullptr;
  if (!engine) return LOGSCRUB_E_INVALID_ARGUMENT;
  try {
    *stream = new logscrub_stream(engine);
    return LOGSCRUB_OK;
  } catch (...) {
    return LOGSCRUB_E_NO_MEMORY;
  }
}

void logscrub_stream_free(logscrub_stream* stream) {
  delete stream;
}

int logscrub_stream_scrub(logscrub_stream* stream, logscrub_scratch* scratch,
                          logscrub_out_buffer* out, logscrub_in_buffer* in, logscrub_stream_op op,
                          size_t* pending) {
  if (pending) *pending = 0;
  if (!stream || !scratch || !out || !in || out->pos > out->size || in->pos > in->size ||
      (!out->dst && out->size > 0) || (!in->src && in->size > 0) ||
      (op != LOGSCRUB_CONTINUE && op != LOGSCRUB_FLUSH && op != LOGSCRUB_END))
    return LOGSCRUB_E_INVALID_ARGUMENT;
  if (scratch->owner != stream->owner || scratch->in_callback) return LOGSCRUB_E_BAD_SCRATCH;
  if (stream->error != LOGSCRUB_OK) return stream->error;
  const size_t masked_before = stream->stream.stats().records_failed_closed;
  auto fail = [&](int status) {
    stream->error = status;
    stream->pending.clear();
    stream->pending_pos = 0;
    return status;
  };
  bool finished = false;
  try {
    for (;;) {
      // Drain first: output is written in input order.
      const size_t held = stream->pending.size() - stream->pending_pos;
      const size_t n = std::min(held, out->size - out->pos);
      if (n > 0) {
        std::memcpy(static_cast<char*>(out->dst) + out->pos,
                    stream->pending.data() + stream->pending_pos, n);
        out->pos += n;
        stream->pending_pos += n;
      }
      if (stream->pending_pos < stream->pending.size()) break;  // `out` is full
      stream->pending.clear();
      stream->pending_pos = 0;
      if (in->pos < in->size) {
        const size_t take = std::min(in->size - in->pos, kStreamSlice);
        logscrub::Error err = stream->stream.write(
            *scratch->scratch, std::string_view(static_cast<const char*>(in->src) + in->pos, take),
            stream->pending);
        if (err) return fail(to_status(err.code));
        in->pos += take;
        continue;
      }
      // Input consumed. END: the unfinished record becomes the last one (once per call;
      // finishing an already finished input adds nothing).
      if (op != LOGSCRUB_END || finished) break;
      finished = true;
      logscrub::Error err = stream->stream.finish(*scratch->scratch, stream->pending);
      if (err) return fail(to_status(err.code));
    }
  } catch (...) {
    return fail(LOGSCRUB_E_NO_MEMORY);
  }
  if (pending) *pending = stream->pending.size() - stream->pending_pos;
  return stream->stream.stats().records_failed_closed > masked_before ? LOGSCRUB_MASKED_RECORDS
                                                                      : LOGSCRUB_OK;
}

int logscrub_stream_reset(logscrub_stream* stream) {
  if (!stream) return LOGSCRUB_E_INVALID_ARGUMENT;
  stream->stream.reset();
  stream->pending.clear();
  stream->pending_pos = 0;
  stream->error = LOGSCRUB_OK;
  return LOGSCRUB_OK;
}

size_t logscrub_stream_masked_records(const logscrub_stream* stream) {
  return stream ? stream->stream.stats().records_failed_closed : 0;
}

}  // extern "C"
