/*
 * What the C test programs share: a CHECK macro that counts and reports
 * failures without stopping, and reading a whole file (and a JSON file, when
 * mini_json.h is included first). Not part of the library.
 */
#ifndef GALLEY_TEST_SUPPORT_H
#define GALLEY_TEST_SUPPORT_H

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>

static int failures = 0;
static int checks = 0;

#define CHECK(cond, ...)                                              \
  do {                                                                \
    checks++;                                                         \
    if (!(cond)) {                                                    \
      failures++;                                                     \
      fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
      fprintf(stderr, __VA_ARGS__);                                   \
      fputc('\n', stderr);                                            \
    }                                                                 \
  } while (0)

#ifdef GALLEY_H
/* galley_dedup_index_has() as one value: 1 or 0, or -1 on failure (the
 * thread's last error says why). */
static inline int32_t has_document(galley_dedup_index *index, const char *id, size_t len) {
  int32_t found = 0;
  return galley_dedup_index_has(index, id, len, &found) == GALLEY_STATUS_OK ? found : -1;
}
#endif

/* The whole file, NUL-terminated (free it); NULL if it cannot be read. */
static inline char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  if (n < 0) { fclose(f); return NULL; }
  char *buf = malloc((size_t)n + 1);
  if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) { free(buf); fclose(f); return NULL; }
  buf[n] = 0;
  fclose(f);
  *len = (size_t)n;
  return buf;
}

#ifdef GALLEY_TEST_MINI_JSON_H
/* Reads and parses a JSON file into *doc; *src keeps the text the values
 * point into (free it after j_free(doc)). 1 on success, 0 when the file
 * cannot be read, -1 when it does not parse. */
static inline int read_json(const char *path, char **src, jval *doc) {
  size_t len;
  *src = read_file(path, &len);
  if (!*src) return 0;
  jparser q = {*src, *src + len, 0};
  j_parse(&q, doc);
  return q.error ? -1 : 1;
}
#endif

#endif
