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
  logscrub_scratch_free(scratch);
  logscrub_engine_free(engine);
  return 0;
}
