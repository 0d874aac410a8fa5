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
/* Decodes the hex string `hex` (pairs of digits, either case) into `buf`
 * of `cap` bytes; returns the number of bytes, or (size_t)-1 when it does
 * not fit. The shared vectors write invalid UTF-8 cases this way. */
static inline size_t hex_decode(const char *hex, char *buf, size_t cap) {
  size_t n = 0;
  for (; hex[0] && hex[1]; hex += 2, n++) {
    if (n == cap) return (size_t)-1;
    int hi = hex[0] <= '9' ? hex[0] - '0' : (hex[0] | 0x20) - 'a' + 10;
    int lo = hex[1] <= '9' ? hex[1] - '0' : (hex[1] | 0x20) - 'a' + 10;
    buf[n] = (char)(hi << 4 | lo);
  }
  return n;
}

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
