/*
 * ICU bridge for Galley's Swift core: break iterators over UTF-8 text and a
 * UTF-8 validator. See include/galley_icu_shim.h.
 *
 * ICU's break iterators are fastest over UTF-16, so text is converted once
 * into a buffer the breaker keeps and reuses, and the boundaries ICU reports
 * (UTF-16 indices, always increasing) are mapped back to UTF-8 byte offsets
 * in one forward walk. For ASCII text both indices are the same and the walk
 * is skipped.
 */
#include "galley_icu_shim.h"
#include "galley_shim_utf.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uloc.h>
#include <unicode/unorm2.h>
#include <unicode/uversion.h>
#include <unicode/utypes.h>

struct gshim_breaker {
  UBreakIterator *bi;
  int32_t kind;
  UChar *u16;          /* reused UTF-16 copy of the text */
  size_t u16_cap;
  size_t *bounds;      /* reused boundary buffer (UTF-8 offsets) */
  int32_t *statuses;   /* reused rule-status buffer (word iterators) */
  size_t bounds_cap;
};

/* ---- UTF-8 validation (Unicode 15.0, Table 3-7) ------------------------ */

int gshim_utf8_validate(const uint8_t *s, size_t len, size_t *error_offset,
                        int *is_ascii) {
  size_t i = 0;
  int ascii = 1;
  while (i < len) {
    /* Eight ASCII bytes at a time. */
    while (i + 8 <= len) {
      uint64_t w;
      memcpy(&w, s + i, 8);
      if (w & UINT64_C(0x8080808080808080)) break;
      i += 8;
    }
    if (i >= len) break;
    uint8_t c = s[i];
    if (c < 0x80) { i++; continue; }
    ascii = 0;
    size_t n;
    uint8_t lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c == 0xE0) { n = 3; lo = 0xA0; }
    else if (c >= 0xE1 && c <= 0xEC) n = 3;
    else if (c == 0xED) { n = 3; hi = 0x9F; }
    else if (c >= 0xEE && c <= 0xEF) n = 3;
    else if (c == 0xF0) { n = 4; lo = 0x90; }
    else if (c >= 0xF1 && c <= 0xF3) n = 4;
    else if (c == 0xF4) { n = 4; hi = 0x8F; }
    else goto bad;
    if (i + 1 >= len || s[i + 1] < lo || s[i + 1] > hi) goto bad;
    for (size_t k = 2; k < n; k++)
      if (i + k >= len || (s[i + k] & 0xC0) != 0x80) goto bad;
    i += n;
  }
  if (is_ascii) *is_ascii = ascii;
  return 1;
bad:
  if (error_offset) *error_offset = i;
  if (is_ascii) *is_ascii = 0;
  return 0;
}

/* ---- Breakers ----------------------------------------------------------- */

int32_t gshim_breaker_open(int32_t kind, const char *bcp47, int32_t suppressions,
                           gshim_breaker **out, int32_t *icu_error) {
  UErrorCode err = U_ZERO_ERROR;
  char locale[ULOC_FULLNAME_CAPACITY + 32];
  *out = NULL;
  *icu_error = 0;
  locale[0] = '\0';
  if (bcp47 != NULL && bcp47[0] != '\0') {
    int32_t parsed = 0;
    int32_t tag_len = (int32_t)strnlen(bcp47, 256);
    if (tag_len >= 256) return GSHIM_BAD_LANGUAGE;
    uloc_forLanguageTag(bcp47, locale, ULOC_FULLNAME_CAPACITY, &parsed, &err);
    if (U_FAILURE(err) || err == U_STRING_NOT_TERMINATED_WARNING ||
        parsed != tag_len) {
      *icu_error = (int32_t)err;
      return GSHIM_BAD_LANGUAGE;
    }
  }
  UBreakIteratorType type;
  switch (kind) {
    case GSHIM_BREAK_CHARACTER: type = UBRK_CHARACTER; break;
    case GSHIM_BREAK_WORD: type = UBRK_WORD; break;
    case GSHIM_BREAK_SENTENCE: type = UBRK_SENTENCE; break;
    default: return GSHIM_ICU_ERROR;
  }
  if (kind == GSHIM_BREAK_SENTENCE && suppressions) {
    err = U_ZERO_ERROR;
    uloc_setKeywordValue("ss", "standard", locale, (int32_t)sizeof locale, &err);
    if (U_FAILURE(err)) { *icu_error = (int32_t)err; return GSHIM_ICU_ERROR; }
  }
  gshim_breaker *b = calloc(1, sizeof *b);
  if (b == NULL) return GSHIM_NO_MEMORY;
  err = U_ZERO_ERROR;
  b->bi = ubrk_open(type, locale, NULL, 0, &err);
  if (U_FAILURE(err) || b->bi == NULL) {
    *icu_error = (int32_t)err;
    free(b);
    return err == U_MEMORY_ALLOCATION_ERROR ? GSHIM_NO_MEMORY : GSHIM_ICU_ERROR;
  }
  b->kind = kind;
  *out = b;
  return GSHIM_OK;
}

void gshim_breaker_close(gshim_breaker *b) {
  if (b == NULL) return;
  ubrk_close(b->bi);
  free(b->u16);
  free(b->bounds);
  free(b->statuses);
  free(b);
}

/* Converts valid UTF-8 to UTF-16; returns the number of code units. */
size_t gshim_utf8_to_utf16(const uint8_t *s, size_t len, UChar *d) {
  size_t i = 0, j = 0;
  while (i < len) {
    while (i + 8 <= len) {
      uint64_t w;
      memcpy(&w, s + i, 8);
      if (w & UINT64_C(0x8080808080808080)) break;
      for (int k = 0; k < 8; k++) d[j + k] = s[i + k];
      i += 8;
      j += 8;
    }
    if (i >= len) break;
    uint8_t c = s[i];
    if (c < 0x80) {
      d[j++] = c;
      i += 1;
    } else if (c < 0xE0) {
      d[j++] = (UChar)(((c & 0x1F) << 6) | (s[i + 1] & 0x3F));
      i += 2;
    } else if (c < 0xF0) {
      d[j++] = (UChar)(((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) |
                       (s[i + 2] & 0x3F));
      i += 3;
    } else {
      uint32_t cp = ((uint32_t)(c & 0x07) << 18) |
                    ((uint32_t)(s[i + 1] & 0x3F) << 12) |
                    ((uint32_t)(s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);
      cp -= 0x10000;
      d[j++] = (UChar)(0xD800 | (cp >> 10));
      d[j++] = (UChar)(0xDC00 | (cp & 0x3FF));
      i += 4;
    }
  }
  return j;
}

size_t gshim_utf16_to_utf8(const UChar *s, size_t n, uint8_t *d) {
  size_t j = 0;
  for (size_t i = 0; i < n; i++) {
    uint32_t c = s[i];
    if (c < 0x80) {
      d[j++] = (uint8_t)c;
    } else if (c < 0x800) {
      d[j++] = (uint8_t)(0xC0 | (c >> 6));
      d[j++] = (uint8_t)(0x80 | (c & 0x3F));
    } else if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (s[++i] - 0xDC00);
      d[j++] = (uint8_t)(0xF0 | (c >> 18));
      d[j++] = (uint8_t)(0x80 | ((c >> 12) & 0x3F));
      d[j++] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
      d[j++] = (uint8_t)(0x80 | (c & 0x3F));
    } else {
      d[j++] = (uint8_t)(0xE0 | (c >> 12));
      d[j++] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
      d[j++] = (uint8_t)(0x80 | (c & 0x3F));
    }
  }
  return j;
}

static int grow_bounds(gshim_breaker *b, size_t need) {
  if (need <= b->bounds_cap) return 1;
  size_t cap = b->bounds_cap ? b->bounds_cap : 256;
  while (cap < need) cap *= 2;
  size_t *nb = realloc(b->bounds, cap * sizeof *nb);
  if (nb == NULL) return 0;
  b->bounds = nb;
  if (b->kind == GSHIM_BREAK_WORD) {
    int32_t *ns = realloc(b->statuses, cap * sizeof *ns);
    if (ns == NULL) return 0;
    b->statuses = ns;
  }
  b->bounds_cap = cap;
  return 1;
}

int32_t gshim_breaker_run(gshim_breaker *b, const uint8_t *utf8, size_t len,
                          const size_t **boundaries, const int32_t **statuses,
                          size_t *count, int32_t *icu_error) {
  *icu_error = 0;
  *count = 0;
  *boundaries = NULL;
  *statuses = NULL;
  if (len == 0) return GSHIM_OK;
  /* UTF-16 never needs more code units than UTF-8 has bytes. */
  if (len > (size_t)INT32_MAX) return GSHIM_TOO_LARGE;
  if (len > b->u16_cap) {
    UChar *nu = realloc(b->u16, len * sizeof *nu);
    if (nu == NULL) return GSHIM_NO_MEMORY;
    b->u16 = nu;
    b->u16_cap = len;
  }
  size_t n16 = gshim_utf8_to_utf16(utf8, len, b->u16);
  int ascii = (n16 == len);

  UErrorCode err = U_ZERO_ERROR;
  ubrk_setText(b->bi, b->u16, (int32_t)n16, &err);
  if (U_FAILURE(err)) { *icu_error = (int32_t)err; return GSHIM_ICU_ERROR; }

  int want_status = (b->kind == GSHIM_BREAK_WORD);
  size_t n = 0;
  /* Enough for typical prose; grown on demand. */
  if (!grow_bounds(b, len / 64 + 16)) return GSHIM_NO_MEMORY;
  b->bounds[n++] = 0;
  size_t u8 = 0, u16 = 0; /* mapping cursor for non-ASCII text */
  for (int32_t p = ubrk_next(b->bi); p != UBRK_DONE; p = ubrk_next(b->bi)) {
    if (n + 1 > b->bounds_cap && !grow_bounds(b, n + 1)) return GSHIM_NO_MEMORY;
    size_t off;
    if (ascii) {
      off = (size_t)p;
    } else {
      /* Walk forward from the last boundary to UTF-16 index p, eight
       * ASCII bytes (= eight code units) at a time where possible. */
      while (u16 < (size_t)p) {
        if ((size_t)p - u16 >= 8) {
          uint64_t w;
          memcpy(&w, utf8 + u8, 8);
          if (!(w & UINT64_C(0x8080808080808080))) { u8 += 8; u16 += 8; continue; }
        }
        uint8_t c = utf8[u8];
        if (c < 0x80) { u8 += 1; u16 += 1; }
        else if (c < 0xE0) { u8 += 2; u16 += 1; }
        else if (c < 0xF0) { u8 += 3; u16 += 1; }
        else { u8 += 4; u16 += 2; }
      }
      off = u8;
    }
    if (want_status) b->statuses[n - 1] = ubrk_getRuleStatus(b->bi);
    b->bounds[n++] = off;
  }
  *boundaries = b->bounds;
  *statuses = want_status ? b->statuses : NULL;
  *count = n;
  return GSHIM_OK;
}

const char *gshim_icu_error_name(int32_t icu_error) {
  return u_errorName((UErrorCode)icu_error);
}

const char *gshim_icu_version(void) { return U_ICU_VERSION; }

/* ---- NFKC_Casefold --------------------------------------------------------- */

int32_t gshim_nfkc_casefold(const uint8_t *utf8, size_t len, uint8_t **out,
                            size_t *out_len, int32_t *icu_error) {
  *out = NULL;
  *out_len = 0;
  *icu_error = 0;
  if (len > (size_t)INT32_MAX / 4) return GSHIM_TOO_LARGE;
  UErrorCode err = U_ZERO_ERROR;
  const UNormalizer2 *nf = unorm2_getNFKCCasefoldInstance(&err);
  if (U_FAILURE(err)) { *icu_error = (int32_t)err; return GSHIM_ICU_ERROR; }
  UChar *src = malloc((len + 1) * sizeof *src);
  if (!src) return GSHIM_NO_MEMORY;
  size_t n16 = gshim_utf8_to_utf16(utf8, len, src);
  /* Case folding and compatibility decomposition grow text; retry once with
   * the size ICU asks for. */
  int32_t cap = (int32_t)(n16 * 2 + 16);
  UChar *dst = malloc((size_t)cap * sizeof *dst);
  if (!dst) { free(src); return GSHIM_NO_MEMORY; }
  int32_t n = unorm2_normalize(nf, src, (int32_t)n16, dst, cap, &err);
  if (err == U_BUFFER_OVERFLOW_ERROR) {
    err = U_ZERO_ERROR;
    free(dst);
    cap = n + 1;
    dst = malloc((size_t)cap * sizeof *dst);
    if (!dst) { free(src); return GSHIM_NO_MEMORY; }
    n = unorm2_normalize(nf, src, (int32_t)n16, dst, cap, &err);
  }
  free(src);
  if (U_FAILURE(err)) { free(dst); *icu_error = (int32_t)err; return GSHIM_ICU_ERROR; }
  uint8_t *res = malloc((size_t)n * 3 + 1);
  if (!res) { free(dst); return GSHIM_NO_MEMORY; }
  size_t n8 = gshim_utf16_to_utf8(dst, (size_t)n, res);
  free(dst);
  *out = res;
  *out_len = n8;
  return GSHIM_OK;
}

void gshim_free(void *p) { free(p); }
