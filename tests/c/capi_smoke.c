/* Compiled as C99 against the public header and liblogscrub.so: the API is usable from C. */
#include <logscrub/logscrub.h>
#include <stdio.h>
#include <string.h>

static int count_findings(const logscrub_finding* f, void* user) {
  (void)f;
  ++*(int*)user;
  return 0;
}

int main(void) {
  char err[256];
  logscrub_engine* engine = NULL;
  logscrub_scratch* scratch = NULL;
  const char* line = "export AWS_ACCESS_KEY_ID=AKIAZ5B3Q2XJ7N4PLW6R\n";
  char out[4096];
  size_t out_len = 0;
  int found = 0;
  int rc = logscrub_engine_create(NULL, &engine, err, sizeof err);
  if (rc != LOGSCRUB_OK) {
    fprintf(stderr, "engine_create: %s: %s\n", logscrub_status_name(rc), err);
    return 1;
  }
  if (logscrub_scratch_create(engine, &scratch) != LOGSCRUB_OK) return 1;
  rc = logscrub_scrub(engine, scratch, line, strlen(line), out, sizeof out, &out_len);
  if (rc != LOGSCRUB_OK) return 1;
  if (strstr(out, "AKIAZ5B3Q2XJ7N4PLW6R") != NULL || out_len == 0 || out[out_len - 1] != '\n') {
    fprintf(stderr, "secret not redacted\n");
    return 1;
  }
  if (logscrub_find(engine, scratch, line, strlen(line), count_findings, &found) != LOGSCRUB_OK ||
      found != 1)
    return 1;
  printf("%.*s", (int)out_len, out);

  /* Streaming, 3 bytes at a time through a 5-byte output buffer (the README's loop). */
  {
    logscrub_stream* stream = NULL;
    char streamed[4096];
    size_t streamed_len = 0;
    size_t fed = 0;
    if (logscrub_stream_create(engine, &stream) != LOGSCRUB_OK) return 1;
    for (;;) {
      size_t take = strlen(line) - fed < 3 ? strlen(line) - fed : 3;
      logscrub_in_buffer in;
      logscrub_stream_op op = take ? LOGSCRUB_CONTINUE : LOGSCRUB_END;
      size_t pending = 0;
      in.src = line + fed;
      in.size = take;
      in.pos = 0;
      do {
        char small[5];
        logscrub_out_buffer o;
        o.dst = small;
        o.size = sizeof small;
        o.pos = 0;
        if (logscrub_stream_scrub(stream, scratch, &o, &in, op, &pending) < 0) return 1;
        memcpy(streamed + streamed_len, small, o.pos);
        streamed_len += o.pos;
      } while (in.pos < in.size || pending > 0);
      if (!take) break;
      fed += take;
    }
    logscrub_stream_free(stream);
    if (streamed_len != out_len || memcmp(streamed, out, out_len) != 0) {
      fprintf(stderr, "streamed output differs from one-shot\n");
      return 1;
    }
  }
  logscrub_scratch_free(scratch);
  logscrub_engine_free(engine);
  return 0;
}
