/*
 * What the harnesses share. CONTRACT(cond, ...) states a documented
 * property of the C ABI; a broken one aborts, which libFuzzer reports as a
 * crash with the input saved. Not part of the library.
 */
#ifndef GALLEY_FUZZ_SUPPORT_H
#define GALLEY_FUZZ_SUPPORT_H

#include <galley.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONTRACT(cond, ...)                                                   \
  do {                                                                        \
    if (!(cond)) {                                                            \
      fprintf(stderr, "CONTRACT BROKEN %s:%d: %s: ", __FILE__, __LINE__, #cond); \
      fprintf(stderr, __VA_ARGS__);                                           \
      fputc('\n', stderr);                                                    \
      abort();                                                                \
    }                                                                         \
  } while (0)

/* galley_dedup_index_has() as one value: 1 or 0, or -1 on failure (the
 * thread's last error says why). */
static inline int32_t has_document(galley_dedup_index *index, const char *id, size_t len) {
  int32_t found = 0;
  return galley_dedup_index_has(index, id, len, &found) == GALLEY_STATUS_OK ? found : -1;
}

/* Whether `len` bytes are valid UTF-8, by the library's own validator. */
static inline int valid_utf8(const char *s, size_t len) {
  size_t off = SIZE_MAX;
  return galley_utf8_validate(s, len, &off) == GALLEY_STATUS_OK;
}

/* The number of code points in valid UTF-8. */
static inline size_t code_points(const uint8_t *s, size_t len) {
  size_t n = 0;
  for (size_t i = 0; i < len; i++) n += (s[i] & 0xC0) != 0x80;
  return n;
}

/* A copy of the bytes in a buffer of exactly that size (so that ASan sees a
 * read past the end of the input, which libFuzzer's own buffer hides when
 * a harness uses a prefix of it). */
static inline char *exact_copy(const uint8_t *data, size_t len) {
  char *p = malloc(len ? len : 1);
  if (len) memcpy(p, data, len);
  return p;
}

/* Statuses every call may return for valid arguments. */
static inline int ordinary_failure(galley_status st) {
  return st == GALLEY_STATUS_INVALID_UTF8 || st == GALLEY_STATUS_OUT_OF_MEMORY || st == GALLEY_STATUS_TOO_LARGE;
}

#endif
