/* Raw ICU iteration shared by icu_raw.c and galley_c.c (which runs it
 * interleaved with Galley, so that both see the same machine noise). */
#ifndef GALLEY_BENCH_ICU_H
#define GALLEY_BENCH_ICU_H

#include <unicode/ubrk.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/uversion.h>

static void icu_check(UErrorCode status, const char *what) {
  if (U_FAILURE(status)) {
    fprintf(stderr, "%s: %s\n", what, u_errorName(status));
    exit(3);
  }
}

/* Iterates every boundary; returns the number of segments. For words, also
 * reads the rule status at each boundary and counts letter/number words. */
static long long iterate(UBreakIterator *bi, int words, long long *wordlike) {
  long long n = 0, w = 0;
  ubrk_first(bi);
  if (words) {
    for (int32_t b = ubrk_next(bi); b != UBRK_DONE; b = ubrk_next(bi)) {
      int32_t st = ubrk_getRuleStatus(bi);
      n++;
      w += st >= UBRK_WORD_NUMBER;
    }
  } else {
    for (int32_t b = ubrk_next(bi); b != UBRK_DONE; b = ubrk_next(bi)) n++;
  }
  if (wordlike) *wordlike = w;
  return n;
}

/* UTF-16 text, conversion not timed by the caller: setText + iterate. */
static long long icu_run_utf16(UBreakIterator *bi, const UChar *t, int32_t n,
                               int words, long long *wordlike) {
  UErrorCode status = U_ZERO_ERROR;
  ubrk_setText(bi, t, n, &status);
  icu_check(status, "ubrk_setText");
  return iterate(bi, words, wordlike);
}

/* UTF-8 in: malloc + u_strFromUTF8 + setText + iterate + free. */
static inline long long icu_run_utf8_to_16(UBreakIterator *bi, const char *utf8, size_t len,
                                    int words, long long *wordlike) {
  UErrorCode status = U_ZERO_ERROR;
  UChar *buf = malloc(sizeof(UChar) * (len + 1));
  int32_t n16 = 0;
  u_strFromUTF8(buf, (int32_t)len + 1, &n16, utf8, (int32_t)len, &status);
  ubrk_setText(bi, buf, n16, &status);
  icu_check(status, "u_strFromUTF8/ubrk_setText");
  long long n = iterate(bi, words, wordlike);
  free(buf);
  return n;
}

/* The whole file as UTF-16 (allocated; caller frees). */
static UChar *icu_to_utf16(const char *utf8, size_t len, int32_t *len16) {
  UErrorCode status = U_ZERO_ERROR;
  u_strFromUTF8(NULL, 0, len16, utf8, (int32_t)len, &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) status = U_ZERO_ERROR;
  icu_check(status, "u_strFromUTF8 (preflight)");
  UChar *t = malloc(sizeof(UChar) * (size_t)(*len16 > 0 ? *len16 : 1));
  u_strFromUTF8(t, *len16, NULL, utf8, (int32_t)len, &status);
  icu_check(status, "u_strFromUTF8");
  return t;
}

static const char *icu_version(char *vs) {
  UVersionInfo v;
  u_getVersion(v);
  u_versionToString(v, vs);
  return vs;
}

#endif
