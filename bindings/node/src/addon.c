/* The native half of the Node.js binding: thin Node-API (C) wrappers over the C API. The
 * JavaScript half (index.js) turns options into [key, value] pairs and offsets of string input
 * into string indices; see bindings/node/README.md.
 *
 * Ownership: an engine wrapper owns the engine and the scratch of the JavaScript thread that
 * made it; a stream wrapper owns its stream and a scratch of its own and holds a count on the
 * engine wrapper, so the engine is freed after every scratch and stream of it, whatever order
 * the garbage collector finalizes them in. Each Node.js thread (worker) has its own objects. */
#define NAPI_VERSION 8
#include <node_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logscrub/logscrub.h"

typedef struct {
  logscrub_engine* engine;
  logscrub_scratch* scratch;
  char* out; /* output buffer, grown to the largest output seen */
  size_t out_cap;
  int refs; /* the JavaScript object, plus one per live stream */
} engine_wrap;

typedef struct {
  engine_wrap* owner;
  logscrub_stream* stream;
  logscrub_scratch* scratch;
  char* out; /* output buffer, grown to the largest output of one call */
  size_t out_cap;
} stream_wrap;

/* Throws an Error whose code is the status name ("LOGSCRUB_E_RULE_FILE"). Returns NULL. */
static napi_value throw_status(napi_env env, int status, const char* message) {
  char text[1200];
  snprintf(text, sizeof text, "%s: %s", logscrub_status_name(status), message);
  napi_throw_error(env, logscrub_status_name(status), text);
  return NULL;
}

static napi_value throw_type(napi_env env, const char* message) {
  napi_throw_type_error(env, NULL, message);
  return NULL;
}

/* The room a stream call has for its output at least. */
enum { kStreamRoom = 65536 };

/* Grows *buf (capacity *cap) to at least `need` bytes, keeping its contents. 0 when out of
 * memory (*buf is then unchanged). */
static int reserve(char** buf, size_t* cap, size_t need) {
  char* bigger;
  if (*cap >= need) return 1;
  bigger = realloc(*buf, need);
  if (bigger == NULL) return 0;
  *buf = bigger;
  *cap = need;
  return 1;
}

static void engine_release(engine_wrap* w) {
  if (--w->refs > 0) return;
  logscrub_engine_free(w->engine);
  free(w->out);
  free(w);
}

static void engine_finalize(napi_env env, void* data, void* hint) {
  engine_wrap* w = data;
  (void)env;
  (void)hint;
  logscrub_scratch_free(w->scratch);
  w->scratch = NULL;
  engine_release(w);
}

static void stream_finalize(napi_env env, void* data, void* hint) {
  stream_wrap* s = data;
  (void)env;
  (void)hint;
  logscrub_stream_free(s->stream);
  logscrub_scratch_free(s->scratch);
  free(s->out);
  engine_release(s->owner);
  free(s);
}

/* The bytes of a Buffer or the UTF-8 of a string argument. *owned is malloc'd (free it) for a
 * string, NULL for a Buffer. Returns 0 and throws when `value` is neither. */
static int input_bytes(napi_env env, napi_value value, const char** data, size_t* len, char** owned,
                       int* is_string) {
  napi_valuetype type;
  bool is_buffer = false;
  *owned = NULL;
  napi_typeof(env, value, &type);
  if (type == napi_string) {
    size_t n = 0;
    napi_get_value_string_utf8(env, value, NULL, 0, &n);
    *owned = malloc(n + 1);
    if (*owned == NULL) {
      throw_status(env, LOGSCRUB_E_NO_MEMORY, "input copy");
      return 0;
    }
    napi_get_value_string_utf8(env, value, *owned, n + 1, &n);
    *data = *owned;
    *len = n;
    *is_string = 1;
    return 1;
  }
  napi_is_buffer(env, value, &is_buffer);
  if (is_buffer) {
    void* p = NULL;
    napi_get_buffer_info(env, value, &p, len);
    *data = p;
    *is_string = 0;
    return 1;
  }
  throw_type(env, "logscrub: input must be a string or a Buffer");
  return 0;
}

static int get_args(napi_env env, napi_callback_info info, size_t want, napi_value* argv) {
  size_t argc = want;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < want) {
    throw_type(env, "logscrub: missing argument");
    return 0;
  }
  return 1;
}

static engine_wrap* engine_arg(napi_env env, napi_value value) {
  void* p = NULL;
  if (napi_get_value_external(env, value, &p) != napi_ok || p == NULL) {
    throw_type(env, "logscrub: not an engine");
    return NULL;
  }
  return p;
}

static stream_wrap* stream_arg(napi_env env, napi_value value) {
  void* p = NULL;
  if (napi_get_value_external(env, value, &p) != napi_ok || p == NULL) {
    throw_type(env, "logscrub: not a stream");
    return NULL;
  }
  return p;
}

/* A JavaScript value owning `data`, which `finalize` frees once the value is collected. When
 * it cannot be made, `finalize` runs at once, an error is thrown and NULL returned. */
static napi_value make_external(napi_env env, void* data, napi_finalize finalize,
                                const char* what) {
  napi_value result;
  if (napi_create_external(env, data, finalize, NULL, &result) != napi_ok) {
    finalize(env, data, NULL);
    return throw_status(env, LOGSCRUB_E_NO_MEMORY, what);
  }
  return result;
}

/* engineCreate(pairs): pairs is an array of [key, value]; a number value goes to
 * logscrub_options_set_int, a string or Buffer to logscrub_options_set_str. Returns an
 * external engine. */
static napi_value engine_create(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  uint32_t count = 0;
  logscrub_options* options;
  engine_wrap* w;
  char error[1024] = "";
  int status = LOGSCRUB_OK;
  if (!get_args(env, info, 1, argv)) return NULL;
  if (napi_get_array_length(env, argv[0], &count) != napi_ok)
    return throw_type(env, "logscrub: options must be an array of [key, value]");
  options = logscrub_options_create();
  if (options == NULL) return throw_status(env, LOGSCRUB_E_NO_MEMORY, "options");
  for (uint32_t i = 0; i < count && status >= 0; ++i) {
    napi_value pair, key_value, value;
    napi_valuetype type;
    int64_t key = 0;
    napi_get_element(env, argv[0], i, &pair);
    napi_get_element(env, pair, 0, &key_value);
    napi_get_element(env, pair, 1, &value);
    napi_get_value_int64(env, key_value, &key);
    napi_typeof(env, value, &type);
    if (type == napi_number) {
      int64_t v = 0;
      napi_get_value_int64(env, value, &v);
      status = logscrub_options_set_int(options, (int)key, v);
    } else {
      const char* data;
      size_t len;
      char* owned;
      int is_string;
      if (!input_bytes(env, value, &data, &len, &owned, &is_string)) {
        logscrub_options_free(options);
        return NULL;
      }
      status = logscrub_options_set_str(options, (int)key, data, len);
      free(owned);
    }
    if (status < 0) {
      /* The pair's third element, when there is one, names the option for the message. */
      napi_value name_value;
      char name[128] = "";
      size_t name_len = 0;
      if (napi_get_element(env, pair, 2, &name_value) == napi_ok)
        napi_get_value_string_utf8(env, name_value, name, sizeof name, &name_len);
      snprintf(error, sizeof error, "option %s rejected", name[0] ? name : "(unnamed)");
    }
  }
  w = calloc(1, sizeof *w);
  if (w == NULL) {
    logscrub_options_free(options);
    return throw_status(env, LOGSCRUB_E_NO_MEMORY, "engine");
  }
  if (status >= 0) status = logscrub_engine_create(options, &w->engine, error, sizeof error);
  logscrub_options_free(options);
  if (status >= 0) status = logscrub_scratch_create(w->engine, &w->scratch);
  if (status < 0) {
    logscrub_engine_free(w->engine);
    free(w);
    return throw_status(env, status, error[0] ? error : "cannot create the engine");
  }
  w->refs = 1;
  return make_external(env, w, engine_finalize, "engine object");
}

/* ruleIds(engine): an array of the active rules' ids. */
static napi_value rule_ids(napi_env env, napi_callback_info info) {
  napi_value argv[1], array;
  engine_wrap* w;
  size_t n;
  if (!get_args(env, info, 1, argv) || (w = engine_arg(env, argv[0])) == NULL) return NULL;
  n = logscrub_engine_rule_count(w->engine);
  napi_create_array_with_length(env, n, &array);
  for (size_t i = 0; i < n; ++i) {
    napi_value id;
    napi_create_string_utf8(env, logscrub_engine_rule_id(w->engine, i), NAPI_AUTO_LENGTH, &id);
    napi_set_element(env, array, (uint32_t)i, id);
  }
  return array;
}

/* scrub(engine, input): the scrubbed input, a string for a string, a Buffer for a Buffer. */
static napi_value scrub(napi_env env, napi_callback_info info) {
  napi_value argv[2], result = NULL;
  engine_wrap* w;
  const char* data;
  size_t len, out_len = 0, need;
  char* owned;
  int is_string, status;
  if (!get_args(env, info, 2, argv) || (w = engine_arg(env, argv[0])) == NULL) return NULL;
  if (!input_bytes(env, argv[1], &data, &len, &owned, &is_string)) return NULL;
  need = len + len / 4 + 256;
  for (int attempt = 0;; ++attempt) {
    if (!reserve(&w->out, &w->out_cap, need)) {
      free(owned);
      return throw_status(env, LOGSCRUB_E_NO_MEMORY, "output buffer");
    }
    status = logscrub_scrub(w->engine, w->scratch, data, len, w->out, w->out_cap, &out_len);
    if (status != LOGSCRUB_E_DST_TOO_SMALL || attempt == 1) break;
    need = out_len; /* the capacity the library asks for */
  }
  free(owned);
  if (status < 0) return throw_status(env, status, "scrub failed");
  if (is_string)
    napi_create_string_utf8(env, w->out, out_len, &result);
  else
    napi_create_buffer_copy(env, out_len, w->out, NULL, &result);
  return result;
}

typedef struct {
  logscrub_finding* items;
  size_t count, cap;
  int failed;
} finding_list;

static int collect_finding(const logscrub_finding* f, void* user) {
  finding_list* list = user;
  if (list->count == list->cap) {
    size_t cap = list->cap ? 2 * list->cap : 16;
    logscrub_finding* bigger = realloc(list->items, cap * sizeof *bigger);
    if (bigger == NULL) {
      list->failed = 1;
      return 1;
    }
    list->items = bigger;
    list->cap = cap;
  }
  list->items[list->count++] = *f;
  return 0;
}

/* UTF-16 length of the UTF-8 bytes s[0, n): what String.prototype.length counts. */
static size_t utf16_units(const unsigned char* s, size_t n) {
  size_t units = 0;
  for (size_t i = 0; i < n; ++i) {
    if ((s[i] & 0xC0) != 0x80) units += s[i] >= 0xF0 ? 2 : 1;
  }
  return units;
}

/* find(engine, input): [{ruleId, category, start, end}], by start; offsets in bytes for a
 * Buffer, in string indices (UTF-16 units) for a string, widened to whole characters. */
static napi_value find(napi_env env, napi_callback_info info) {
  napi_value argv[2], array;
  engine_wrap* w;
  const char* data;
  size_t len;
  char* owned;
  int is_string, status;
  finding_list list = {NULL, 0, 0, 0};
  if (!get_args(env, info, 2, argv) || (w = engine_arg(env, argv[0])) == NULL) return NULL;
  if (!input_bytes(env, argv[1], &data, &len, &owned, &is_string)) return NULL;
  status = logscrub_find(w->engine, w->scratch, data, len, collect_finding, &list);
  if (status < 0 || list.failed) {
    free(owned);
    free(list.items);
    return throw_status(env, status < 0 ? status : LOGSCRUB_E_NO_MEMORY, "find failed");
  }
  napi_create_array_with_length(env, list.count, &array);
  for (size_t i = 0; i < list.count; ++i) {
    const logscrub_finding* f = &list.items[i];
    size_t begin = f->begin, end = f->end;
    napi_value obj, v;
    if (is_string) {
      const unsigned char* s = (const unsigned char*)data;
      while (begin > 0 && (s[begin] & 0xC0) == 0x80) --begin; /* to the character's start */
      while (end < len && (s[end] & 0xC0) == 0x80) ++end;     /* past its last byte */
      end = utf16_units(s, end);
      begin = utf16_units(s, begin);
    }
    napi_create_object(env, &obj);
    napi_create_string_utf8(env, f->rule_id, NAPI_AUTO_LENGTH, &v);
    napi_set_named_property(env, obj, "ruleId", v);
    napi_create_string_utf8(env, f->category, NAPI_AUTO_LENGTH, &v);
    napi_set_named_property(env, obj, "category", v);
    napi_create_double(env, (double)begin, &v);
    napi_set_named_property(env, obj, "start", v);
    napi_create_double(env, (double)end, &v);
    napi_set_named_property(env, obj, "end", v);
    napi_set_element(env, array, (uint32_t)i, obj);
  }
  free(owned);
  free(list.items);
  return array;
}

/* streamCreate(engine): an external stream over the engine. */
static napi_value stream_create(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  engine_wrap* w;
  stream_wrap* s;
  int status;
  if (!get_args(env, info, 1, argv) || (w = engine_arg(env, argv[0])) == NULL) return NULL;
  s = calloc(1, sizeof *s);
  if (s == NULL) return throw_status(env, LOGSCRUB_E_NO_MEMORY, "stream");
  status = logscrub_stream_create(w->engine, &s->stream);
  if (status >= 0) status = logscrub_scratch_create(w->engine, &s->scratch);
  if (status < 0) {
    logscrub_stream_free(s->stream);
    free(s);
    return throw_status(env, status, "cannot create the stream");
  }
  s->owner = w;
  ++w->refs;
  return make_external(env, s, stream_finalize, "stream object");
}

/* streamScrub(stream, buffer, end): the output of pushing `buffer` (and, when `end` is true,
 * ending the input), all of it, as one Buffer. */
static napi_value stream_scrub(napi_env env, napi_callback_info info) {
  napi_value argv[3], result;
  stream_wrap* s;
  const char* data;
  size_t len, pending = 0, total = 0;
  char* owned;
  int is_string, status = LOGSCRUB_OK;
  bool end = false;
  if (!get_args(env, info, 3, argv) || (s = stream_arg(env, argv[0])) == NULL) return NULL;
  if (!input_bytes(env, argv[1], &data, &len, &owned, &is_string)) return NULL;
  napi_get_value_bool(env, argv[2], &end);
  {
    logscrub_in_buffer in = {data, len, 0};
    do {
      logscrub_out_buffer o;
      /* At least 64 KiB of room for each call; the buffer doubles when that is short. */
      if (!reserve(&s->out, &s->out_cap,
                   s->out_cap - total >= kStreamRoom ? 0 : 2 * s->out_cap + kStreamRoom)) {
        status = LOGSCRUB_E_NO_MEMORY;
        break;
      }
      o.dst = s->out + total;
      o.size = s->out_cap - total;
      o.pos = 0;
      status = logscrub_stream_scrub(s->stream, s->scratch, &o, &in,
                                     end ? LOGSCRUB_END : LOGSCRUB_CONTINUE, &pending);
      total += o.pos;
    } while (status >= 0 && (in.pos < in.size || pending > 0));
  }
  free(owned);
  if (status < 0) return throw_status(env, status, "stream failed");
  napi_create_buffer_copy(env, total, s->out, NULL, &result);
  return result;
}

/* streamMaskedRecords(stream): records masked whole so far. */
static napi_value stream_masked_records(napi_env env, napi_callback_info info) {
  napi_value argv[1], result;
  stream_wrap* s;
  if (!get_args(env, info, 1, argv) || (s = stream_arg(env, argv[0])) == NULL) return NULL;
  napi_create_double(env, (double)logscrub_stream_masked_records(s->stream), &result);
  return result;
}

static napi_value version(napi_env env, napi_callback_info info) {
  napi_value result;
  (void)info;
  napi_create_string_utf8(env, logscrub_version_string(), NAPI_AUTO_LENGTH, &result);
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  const napi_property_descriptor fns[] = {
      {"engineCreate", NULL, engine_create, NULL, NULL, NULL, napi_default, NULL},
      {"ruleIds", NULL, rule_ids, NULL, NULL, NULL, napi_default, NULL},
      {"scrub", NULL, scrub, NULL, NULL, NULL, napi_default, NULL},
      {"find", NULL, find, NULL, NULL, NULL, napi_default, NULL},
      {"streamCreate", NULL, stream_create, NULL, NULL, NULL, napi_default, NULL},
      {"streamScrub", NULL, stream_scrub, NULL, NULL, NULL, napi_default, NULL},
      {"streamMaskedRecords", NULL, stream_masked_records, NULL, NULL, NULL, napi_default, NULL},
      {"version", NULL, version, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof fns / sizeof fns[0], fns);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
