/*
 * logscrub — find and redact secrets and personal data in logs.
 *
 * The C API, read top to bottom:
 *   1. Version and status codes.
 *   2. Options: built from integer keys, so bindings stay simple.
 *   3. Engine: immutable once created; share one engine freely across threads.
 *   4. Scratch: per-thread working memory for an engine (clone one per thread).
 *   5. One-shot scrub into a caller buffer, with a bound function.
 *   6. Findings through a callback: rule id, category, byte offsets — never the secret bytes.
 *   7. Streaming: push bytes in any chunking, pull scrubbed bytes (zstd-style buffers).
 *
 * Conventions: every function that can fail returns an int status: LOGSCRUB_OK (0), a
 * positive notice (LOGSCRUB_MASKED_RECORDS), or a negative LOGSCRUB_E_* error. Status values
 * are stable across versions. Every *_create has a *_free that accepts NULL. Lengths are
 * size_t. No C++ exception ever crosses this boundary. Input is bytes: any content (NUL,
 * invalid UTF-8) is accepted; records are separated by '\n'.
 */
#ifndef LOGSCRUB_LOGSCRUB_H
#define LOGSCRUB_LOGSCRUB_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define LOGSCRUB_API __attribute__((visibility("default")))
#else
#define LOGSCRUB_API
#endif

/* ---- 1. Version and status ------------------------------------------------------------- */

#define LOGSCRUB_VERSION_MAJOR 0
#define LOGSCRUB_VERSION_MINOR 1
#define LOGSCRUB_VERSION_PATCH 0
#define LOGSCRUB_VERSION_NUMBER \
  (LOGSCRUB_VERSION_MAJOR * 10000 + LOGSCRUB_VERSION_MINOR * 100 + LOGSCRUB_VERSION_PATCH)

/* The version of the library actually loaded, as LOGSCRUB_VERSION_NUMBER computes it. */
LOGSCRUB_API unsigned logscrub_version_number(void);
/* The same as "MAJOR.MINOR.PATCH"; a static string. */
LOGSCRUB_API const char* logscrub_version_string(void);

/* Status codes. Stable: values never change meaning. */
#define LOGSCRUB_OK 0
#define LOGSCRUB_MASKED_RECORDS                                     \
  1 /* output written; some records were masked whole (fail closed) \
     */
#define LOGSCRUB_E_INVALID_ARGUMENT (-1) /* NULL where a pointer is required, bad value */
#define LOGSCRUB_E_NO_MEMORY (-2)
#define LOGSCRUB_E_RULE_FILE (-3)     /* a rule file could not be read, parsed or checked */
#define LOGSCRUB_E_COMPILE (-4)       /* a rule's pattern was rejected by Hyperscan or RE2 */
#define LOGSCRUB_E_NO_HMAC_KEY (-5)   /* hmac style without a key of >= 16 bytes */
#define LOGSCRUB_E_BAD_SCRATCH (-6)   /* scratch in use by another thread, or of another engine */
#define LOGSCRUB_E_DST_TOO_SMALL (-7) /* output buffer too small; *out_len = bytes needed */
#define LOGSCRUB_E_INTERNAL (-8)
#define LOGSCRUB_E_UNKNOWN (-9) /* unknown option key, rule id, tag, category or style */

/* A static, never-NULL name for `status`, e.g. "LOGSCRUB_E_DST_TOO_SMALL"; "unknown status"
 * for values not listed above. */
LOGSCRUB_API const char* logscrub_status_name(int status);

/* ---- 2. Options ------------------------------------------------------------------------ */

typedef struct logscrub_options logscrub_options;

/* Integer option keys (logscrub_options_set_int). */
enum logscrub_int_option {
  LOGSCRUB_OPT_BUILTIN_RULES = 1,    /* 1 (default): load the built-in rules; 0: don't */
  LOGSCRUB_OPT_STYLE = 2,            /* a LOGSCRUB_STYLE_*; overrides rules' own defaults */
  LOGSCRUB_OPT_MASK_SAME_LENGTH = 3, /* 1: mask style writes one '*' per byte */
  LOGSCRUB_OPT_CARD_KEEP_FIRST = 4,  /* partial cards: 0 (default) or 6 leading digits shown */
  LOGSCRUB_OPT_CARD_KEEP_LAST = 5,   /* partial cards: 0..4 (default 4) trailing digits shown */
  LOGSCRUB_OPT_MAX_LINE_BYTES = 6,   /* longer records are masked whole; default 64 MiB */
  LOGSCRUB_OPT_FORMAT = 7            /* a LOGSCRUB_FORMAT_*; default LOGSCRUB_FORMAT_AUTO */
};

/* How records are read (LOGSCRUB_OPT_FORMAT). AUTO: a record that is a JSON object/array, or
 * the message part of a Lambda text-format record ("ts<TAB>id<TAB>LEVEL<TAB>{...}"), is scrubbed
 * as JSON: string escapes decoded before matching, values under sensitive keys redacted whole,
 * numbers and containers replaced by a quoted marker, bytes outside redactions unchanged, valid
 * JSON in gives valid JSON out; other records, and invalid JSON, as text. TEXT: never parse.
 * JSON: as AUTO (invalid JSON still falls back to text, never passes unscanned). */
enum logscrub_format {
  LOGSCRUB_FORMAT_AUTO = 0,
  LOGSCRUB_FORMAT_TEXT = 1,
  LOGSCRUB_FORMAT_JSON = 2
};

/* String option keys (logscrub_options_set_str); each call adds one value. */
enum logscrub_str_option {
  LOGSCRUB_OPT_RULE_FILE = 101,        /* path of an extra YAML rule file */
  LOGSCRUB_OPT_RULE_TEXT = 102,        /* an extra YAML rule document, in memory */
  LOGSCRUB_OPT_DISABLE = 103,          /* a rule id or tag to switch off */
  LOGSCRUB_OPT_DISABLE_CATEGORY = 104, /* "secret" or "pii" */
  LOGSCRUB_OPT_ENABLE = 105,           /* a rule id or tag to switch on (default-off rules) */
  LOGSCRUB_OPT_HMAC_KEY = 106,         /* the HMAC key bytes (>= 16); replaces any earlier key */
  LOGSCRUB_OPT_STYLE_FOR = 107,        /* "NAME=STYLE": NAME a rule id, tag or category */
  LOGSCRUB_OPT_JSON_KEY_ADD = 108,     /* a JSON key name to treat as sensitive */
  LOGSCRUB_OPT_JSON_KEY_REMOVE = 109   /* a default sensitive JSON key name to drop */
};

enum logscrub_style {
  LOGSCRUB_STYLE_TAG = 0,     /* [REDACTED:rule.id] (default) */
  LOGSCRUB_STYLE_MASK = 1,    /* [REDACTED], or '*' per byte with MASK_SAME_LENGTH */
  LOGSCRUB_STYLE_PARTIAL = 2, /* cards: last 4 digits visible at most; others: '*' per byte */
  LOGSCRUB_STYLE_HMAC = 3     /* [REDACTED:rule.id#<16 hex>], keyed HMAC-SHA-256 pseudonym */
};

/* Creates options with the defaults above; NULL when out of memory. */
LOGSCRUB_API logscrub_options* logscrub_options_create(void);
/* Frees options; NULL is a no-op. The HMAC key is wiped. */
LOGSCRUB_API void logscrub_options_free(logscrub_options* options);
/* Sets integer option `key`. LOGSCRUB_E_UNKNOWN for an unknown key, INVALID_ARGUMENT for an
 * out-of-range value (the option is then unchanged). */
LOGSCRUB_API int logscrub_options_set_int(logscrub_options* options, int key, long long value);
/* Adds `len` bytes of `value` to string option `key` (value need not be NUL-terminated). */
LOGSCRUB_API int logscrub_options_set_str(logscrub_options* options, int key, const char* value,
                                          size_t len);

/* ---- 3. Engine ------------------------------------------------------------------------- */

typedef struct logscrub_engine logscrub_engine;

/* Compiles an engine from `options` (NULL: all defaults) into *engine. On failure *engine is
 * NULL, the status says why, and if `error` is not NULL a NUL-terminated message (naming the
 * rule file, line and rule where relevant; never scanned data) is written into it, truncated
 * to `error_cap` bytes. The engine does not keep a pointer to `options`. */
LOGSCRUB_API int logscrub_engine_create(const logscrub_options* options, logscrub_engine** engine,
                                        char* error, size_t error_cap);
/* Frees an engine; NULL is a no-op. All its scratches must be freed first. */
LOGSCRUB_API void logscrub_engine_free(logscrub_engine* engine);
/* Number of active rules. */
LOGSCRUB_API size_t logscrub_engine_rule_count(const logscrub_engine* engine);
/* Id ("aws.access_key_id") of active rule `index`, or NULL when out of range. Static while
 * the engine lives. */
LOGSCRUB_API const char* logscrub_engine_rule_id(const logscrub_engine* engine, size_t index);

/* ---- 4. Scratch ------------------------------------------------------------------------ */

typedef struct logscrub_scratch logscrub_scratch;

/* Allocates per-thread scratch for `engine`. A scratch may be used by one thread at a time;
 * concurrent use returns LOGSCRUB_E_BAD_SCRATCH. */
LOGSCRUB_API int logscrub_scratch_create(const logscrub_engine* engine, logscrub_scratch** scratch);
/* Allocates a new scratch for the same engine as `src` (for another thread). */
LOGSCRUB_API int logscrub_scratch_clone(const logscrub_scratch* src, logscrub_scratch** scratch);
/* Frees scratch; NULL is a no-op. */
LOGSCRUB_API void logscrub_scratch_free(logscrub_scratch* scratch);

/* ---- 5. One-shot scrub ----------------------------------------------------------------- */

/* An output capacity that is always enough for `in_len` input bytes (a worst case: every
 * byte a separate secret). Most output is about in_len; see logscrub_scrub for retrying. */
LOGSCRUB_API size_t logscrub_scrub_bound(const logscrub_engine* engine, size_t in_len);

/* Scrubs `in_len` bytes of `in` into `out` (capacity `out_cap`); *out_len = bytes written.
 * The output has exactly as many '\n' as the input, and every byte outside a redacted span is
 * unchanged. Returns LOGSCRUB_OK, or LOGSCRUB_MASKED_RECORDS when a record was longer than
 * MAX_LINE_BYTES and was replaced by "[REDACTED:oversized-record]" (fail closed).
 * When `out_cap` is too small: LOGSCRUB_E_DST_TOO_SMALL, *out_len = the capacity needed, and
 * `out` holds no output (any bytes already written are zeroed). `in` may be NULL when in_len is 0;
 * `out` may be NULL when out_cap is 0. On any error no input byte is written to `out`. */
LOGSCRUB_API int logscrub_scrub(const logscrub_engine* engine, logscrub_scratch* scratch,
                                const char* in, size_t in_len, char* out, size_t out_cap,
                                size_t* out_len);

/* ---- 6. Findings ----------------------------------------------------------------------- */

typedef struct logscrub_finding {
  const char* rule_id;  /* e.g. "aws.access_key_id"; valid while the engine lives */
  const char* category; /* "secret" or "pii" */
  size_t begin;         /* byte offsets into the input: [begin, end) */
  size_t end;
} logscrub_finding;

/* Called once per finding, in order of `begin`. Return 0 to continue, non-zero to stop. */
typedef int (*logscrub_finding_cb)(const logscrub_finding* finding, void* user);

/* Reports every finding in `in` to `callback` (findings are not merged: two rules on the
 * same bytes give two findings). Never passes the secret bytes; the caller has the input.
 * Returns LOGSCRUB_OK (also when the callback stopped early) or an error. */
LOGSCRUB_API int logscrub_find(const logscrub_engine* engine, logscrub_scratch* scratch,
                               const char* in, size_t in_len, logscrub_finding_cb callback,
                               void* user);

/* ---- 7. Streaming ---------------------------------------------------------------------- */

/* Input and output buffers, as in zstd: the library reads src[pos, size) and advances pos;
 * it writes dst[pos, size) and advances pos. */
typedef struct logscrub_in_buffer {
  const void* src;
  size_t size;
  size_t pos;
} logscrub_in_buffer;

typedef struct logscrub_out_buffer {
  void* dst;
  size_t size;
  size_t pos;
} logscrub_out_buffer;

/* What a logscrub_stream_scrub call must achieve besides consuming input:
 *   CONTINUE: scrub every record completed so far and write out what fits;
 *   FLUSH:    the same (no complete record is ever held back; an unfinished record, i.e. bytes
 *             after the last '\n', is kept until its '\n' arrives or the stream ends);
 *   END:      the input is complete: the unfinished record is scrubbed as the last record.
 *             Once all output is written (*pending == 0), the stream is ready for a new input. */
typedef enum logscrub_stream_op {
  LOGSCRUB_CONTINUE = 0,
  LOGSCRUB_FLUSH = 1,
  LOGSCRUB_END = 2
} logscrub_stream_op;

typedef struct logscrub_stream logscrub_stream;

/* Creates a stream over `engine` (which must outlive it) into *stream. */
LOGSCRUB_API int logscrub_stream_create(const logscrub_engine* engine, logscrub_stream** stream);
/* Frees a stream; NULL is a no-op. Buffered input bytes are wiped. */
LOGSCRUB_API void logscrub_stream_free(logscrub_stream* stream);

/* Consumes input from `in` and writes scrubbed output to `out`, using `scratch` (of the
 * stream's engine) for the scan. Returns when all of `in` is consumed and all output produced
 * so far is written, or when `out` is full; *pending (may be NULL) = output bytes still held,
 * to be collected by calling again with room in `out` (with more input or none).
 * Guarantees: the concatenated output is the same for every chunking of the input (1-byte
 * writes included) and equals logscrub_scrub of the whole input; a secret cut across writes is
 * still redacted; records are never passed through unscanned.
 * Memory per stream: the unfinished record (at most MAX_LINE_BYTES + 1 bytes; a longer record
 * is dropped as it arrives and written as "[REDACTED:oversized-record]") plus the output of
 * at most 256 KiB of input not yet collected.
 * Returns LOGSCRUB_OK; LOGSCRUB_MASKED_RECORDS when this call masked a record whole; or an
 * error, after which the stream only returns that error until logscrub_stream_reset (no input
 * byte of the failing records is ever written to `out`). */
LOGSCRUB_API int logscrub_stream_scrub(logscrub_stream* stream, logscrub_scratch* scratch,
                                       logscrub_out_buffer* out, logscrub_in_buffer* in,
                                       logscrub_stream_op op, size_t* pending);

/* Drops buffered input and output and any error: the next call starts a new input. */
LOGSCRUB_API int logscrub_stream_reset(logscrub_stream* stream);

/* Records masked whole by this stream since it was created (too long, or not scannable). */
LOGSCRUB_API size_t logscrub_stream_masked_records(const logscrub_stream* stream);

#ifdef __cplusplus
}
#endif

#endif /* LOGSCRUB_LOGSCRUB_H */
