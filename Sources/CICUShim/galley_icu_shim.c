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

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
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
  /* Sentence iterators on the root rules without suppressions: boundaries
   * are found by sentence_scan (below) wherever it can, ICU elsewhere. */
  int fast_sentences;
};

static int has_root_sentence_rules(UBreakIterator *bi);

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
  b->fast_sentences = kind == GSHIM_BREAK_SENTENCE && !suppressions && has_root_sentence_rules(b->bi);
  *out = b;
  return GSHIM_OK;
}

void gshim_breaker_set_scan(gshim_breaker *b, int32_t on) {
  if (!on) b->fast_sentences = 0;
  else if (b->kind == GSHIM_BREAK_SENTENCE) b->fast_sentences = has_root_sentence_rules(b->bi);
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

/* ---- Sentence boundaries without ICU's iterator --------------------------
 *
 * ICU's sentence iterator spends about 9 ns per byte (a table-driven
 * automaton over UTF-16, after a conversion); most bytes of prose are
 * letters and spaces that no rule of UAX #29 looks at. sentence_scan finds
 * the same boundaries as ICU's root sentence rules (UAX #29 SB1-SB998) by
 * looking only at terminators and line ends, with the Sentence_Break
 * property values ICU itself reports (u_getIntPropertyValue), so the two
 * agree on every character ICU knows. Used only when the breaker's compiled
 * rules are the root's (has_root_sentence_rules: not for "el", which ICU
 * gives rules of its own, nor with ss=standard suppressions).
 *
 * Every line end (after LF, CR not before LF, NEL, LS, PS) is a boundary
 * (SB4) and no rule looks across one, so lines are independent: a line
 * holding an Extend or Format character (SB5, which this scan does not
 * implement) is given to ICU alone, starting from that boundary, and the
 * rest is scanned. The outputs are the same; the tests compare both on
 * random text and on the corpora. */

/* The root sentence rules, compiled, read once per process (NULL if ICU
 * could not give them: then no breaker uses the scan). */
static uint8_t *root_rules;
static int32_t root_rules_len;
static pthread_once_t root_rules_once = PTHREAD_ONCE_INIT;
static void root_rules_read(void) {
  UErrorCode err = U_ZERO_ERROR;
  UBreakIterator *root = ubrk_open(UBRK_SENTENCE, "", NULL, 0, &err);
  if (U_FAILURE(err) || root == NULL) { ubrk_close(root); return; }
  int32_t n = ubrk_getBinaryRules(root, NULL, 0, &err);
  uint8_t *r = U_SUCCESS(err) && n > 0 ? malloc((size_t)n) : NULL;
  if (r != NULL) {
    err = U_ZERO_ERROR;
    ubrk_getBinaryRules(root, r, n, &err);
    if (U_SUCCESS(err)) { root_rules = r; root_rules_len = n; }
    else free(r);
  }
  ubrk_close(root);
}

static int has_root_sentence_rules(UBreakIterator *bi) {
  pthread_once(&root_rules_once, root_rules_read);
  if (root_rules == NULL) return 0;
  UErrorCode err = U_ZERO_ERROR;
  int32_t n = ubrk_getBinaryRules(bi, NULL, 0, &err);
  if (U_FAILURE(err) || n != root_rules_len) return 0;
  uint8_t *r = malloc((size_t)n);
  if (r == NULL) return 0;
  err = U_ZERO_ERROR;
  ubrk_getBinaryRules(bi, r, n, &err);
  int same = U_SUCCESS(err) && memcmp(r, root_rules, (size_t)n) == 0;
  free(r);
  return same;
}

/* Sentence_Break classes the scan tells apart (bits, so that a test of a
 * set is one AND). */
enum {
  SB_OTHER = 0, SB_ATERM = 1 << 0, SB_STERM = 1 << 1, SB_CLOSE = 1 << 2, SB_SP = 1 << 3,
  SB_PARASEP = 1 << 4, SB_SCONTINUE = 1 << 5, SB_UPPER = 1 << 6, SB_LOWER = 1 << 7,
  SB_OLETTER = 1 << 8, SB_NUMERIC = 1 << 9, SB_EXTEND_FORMAT = 1 << 10, SB_CR = 1 << 11,
  SB_SATERM = SB_ATERM | SB_STERM,
  /* The characters the scan stops at: all others continue a sentence. */
  SB_STOP = SB_SATERM | SB_PARASEP | SB_EXTEND_FORMAT,
  /* SB8: what ends the look-ahead for a lower-case letter. */
  SB_LETTERS = SB_OLETTER | SB_UPPER | SB_LOWER | SB_PARASEP | SB_SATERM
};

static uint16_t sb_bits(UChar32 c) {
  switch (u_getIntPropertyValue(c, UCHAR_SENTENCE_BREAK)) {
    case U_SB_ATERM: return SB_ATERM;
    case U_SB_STERM: return SB_STERM;
    case U_SB_CLOSE: return SB_CLOSE;
    case U_SB_SP: return SB_SP;
    case U_SB_SEP: case U_SB_LF: return SB_PARASEP;
    case U_SB_CR: return SB_PARASEP | SB_CR;
    case U_SB_SCONTINUE: return SB_SCONTINUE;
    case U_SB_UPPER: return SB_UPPER;
    case U_SB_LOWER: return SB_LOWER;
    case U_SB_OLETTER: return SB_OLETTER;
    case U_SB_NUMERIC: return SB_NUMERIC;
    case U_SB_EXTEND: case U_SB_FORMAT: return SB_EXTEND_FORMAT;
    default: return SB_OTHER;
  }
}

/* Classes of U+0000-U+07FF (ASCII, Latin, Greek, Cyrillic, Hebrew, Arabic,
 * ...) and of General Punctuation (U+2000-U+206F: quotation marks, dashes,
 * separators), from ICU's data, filled once per process. */
static uint16_t sb_ascii[0x800];
static uint16_t sb_punct[0x70];
/* The ASCII bytes the scan stops at (". ! ? LF CR" in ICU 72), when there
 * are at most SB_STOP_BYTES of them: then 16 bytes at a time are skipped
 * while none of them is one of these or a non-ASCII byte. */
#define SB_STOP_BYTES 6
static uint8_t sb_stop_bytes[SB_STOP_BYTES];
static int sb_stop_count = -1;   /* -1: too many for the fast skip */
static pthread_once_t sb_ascii_once = PTHREAD_ONCE_INIT;
static void sb_ascii_fill(void) {
  for (UChar32 c = 0; c < 0x800; c++) sb_ascii[c] = sb_bits(c);
  for (UChar32 c = 0; c < 0x70; c++) sb_punct[c] = sb_bits(0x2000 + c);
  int k = 0;
  for (int c = 0; c < 0x80; c++) {
    if (!(sb_ascii[c] & SB_STOP)) continue;
    if (k == SB_STOP_BYTES) { k = -1; break; }
    sb_stop_bytes[k++] = (uint8_t)c;
  }
  for (int j = k; j >= 0 && j < SB_STOP_BYTES; j++) sb_stop_bytes[j] = k > 0 ? sb_stop_bytes[0] : 0x80;
  sb_stop_count = k;
}

/* The first offset in [i, e) where a byte may stop the scan (a stop byte
 * or a non-ASCII byte), or e; the bytes before it continue a sentence. */
static inline size_t sb_skip(const uint8_t *s, size_t i, size_t e) {
#if defined(__SSE2__)
  if (sb_stop_count >= 0) {
    __m128i b0 = _mm_set1_epi8((char)sb_stop_bytes[0]), b1 = _mm_set1_epi8((char)sb_stop_bytes[1]);
    __m128i b2 = _mm_set1_epi8((char)sb_stop_bytes[2]), b3 = _mm_set1_epi8((char)sb_stop_bytes[3]);
    __m128i b4 = _mm_set1_epi8((char)sb_stop_bytes[4]), b5 = _mm_set1_epi8((char)sb_stop_bytes[5]);
    while (i + 16 <= e) {
      __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
      __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, b0), _mm_cmpeq_epi8(v, b1)),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, b2), _mm_cmpeq_epi8(v, b3)));
      hit = _mm_or_si128(hit, _mm_or_si128(_mm_cmpeq_epi8(v, b4), _mm_cmpeq_epi8(v, b5)));
      /* movemask of v itself gives the non-ASCII bytes (high bit set). */
      unsigned m = (unsigned)_mm_movemask_epi8(hit) | (unsigned)_mm_movemask_epi8(v);
      if (m) return i + (size_t)__builtin_ctz(m);
      i += 16;
    }
  }
#endif
  while (i < e && s[i] < 0x80 && !(sb_ascii[s[i]] & SB_STOP)) i++;
  return i;
}

/* The class of the scalar at i (valid UTF-8, i < len); its length in *n. */
static inline uint16_t sb_at(const uint8_t *s, size_t i, size_t *n) {
  uint8_t c = s[i];
  if (c < 0x80) { *n = 1; return sb_ascii[c]; }
  UChar32 cp;
  if (c < 0xE0) { *n = 2; return sb_ascii[((c & 0x1F) << 6) | (s[i + 1] & 0x3F)]; }
  else if (c < 0xF0) {
    cp = ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
    *n = 3;
    if (cp >= 0x2000 && cp < 0x2070) return sb_punct[cp - 0x2000];
  } else {
    cp = ((c & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) | ((s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);
    *n = 4;
  }
  return sb_bits(cp);
}

static inline int push_bound(gshim_breaker *b, size_t *n, size_t off) {
  if (*n + 1 > b->bounds_cap && !grow_bounds(b, *n + 1)) return 0;
  b->bounds[(*n)++] = off;
  return 1;
}

/* Boundaries of one line of s[0..len), from `a` (a boundary) to `e` (just
 * after its line end, or len), appended after the boundary `a`, ending
 * with `e`. Returns 1, 0 when the line holds an Extend or Format
 * character (nothing appended), -1 when out of memory. */
static int scan_line(gshim_breaker *b, const uint8_t *s, size_t a, size_t e, size_t *n) {
  size_t start_n = *n;
  size_t i = a, len;
  while (i < e) {
    /* Letters, digits, spaces, most punctuation: no rule looks at them. */
    i = sb_skip(s, i, e);
    if (i >= e) break;
    uint16_t k = sb_at(s, i, &len);
    if (k & SB_EXTEND_FORMAT) goto hand_over;
    if (!(k & SB_STOP)) { i += len; continue; }
    if (k & SB_PARASEP) {
      /* SB3 CR x LF; SB4 break after any other paragraph separator. */
      if ((k & SB_CR) && i + 1 < e && s[i + 1] == 0x0A) { i += 1; continue; }
      i += len;
      if (!push_bound(b, n, i)) return -1;
      continue;
    }
    /* A terminator: SATerm Close* Sp*, then the next character x. */
    size_t t = i;
    int aterm = (k & SB_ATERM) != 0;
    i += len;
    size_t after_t = i;
    uint16_t x = 0;
    while (i < e && ((x = sb_at(s, i, &len)) & SB_CLOSE)) i += len;
    while (i < e && (x & SB_SP)) {
      i += len;
      x = i < e ? sb_at(s, i, &len) : 0;
    }
    if (i >= e) break;                        /* the line (and text) ends here */
    if (x & SB_EXTEND_FORMAT) goto hand_over;
    if (x & (SB_PARASEP | SB_SATERM | SB_SCONTINUE)) continue;   /* SB9, SB10, SB8a */
    if (aterm) {
      if (i == after_t) {
        if (x & SB_NUMERIC) continue;                              /* SB6 */
        if ((x & SB_UPPER) && t > a) {                             /* SB7 */
          size_t p = t - 1, pl;
          while (p > a && (s[p] & 0xC0) == 0x80) p--;
          if (sb_at(s, p, &pl) & (SB_UPPER | SB_LOWER)) continue;
        }
      }
      /* SB8: ATerm Close* Sp* x (not letters, terminators, separators)* Lower. */
      size_t m = i, ml;
      uint16_t y = 0;
      while (m < e && !((y = sb_at(s, m, &ml)) & (SB_LETTERS | SB_EXTEND_FORMAT))) m += ml;
      if (m < e && (y & SB_EXTEND_FORMAT)) goto hand_over;
      if (m < e && (y & SB_LOWER)) continue;
    }
    if (!push_bound(b, n, i)) return -1;      /* SB11 */
  }
  if (b->bounds[*n - 1] != e && !push_bound(b, n, e)) return -1;
  return 1;
hand_over:
  *n = start_n;
  return 0;
}

/* ICU's boundaries of s[a..e) (a and e boundaries), appended after a. */
static int32_t icu_range(gshim_breaker *b, const uint8_t *s, size_t a, size_t e, size_t *n,
                         int32_t *icu_error) {
  const uint8_t *utf8 = s + a;
  size_t len = e - a;
  size_t n16 = gshim_utf8_to_utf16(utf8, len, b->u16);
  int ascii = (n16 == len);
  UErrorCode err = U_ZERO_ERROR;
  ubrk_setText(b->bi, b->u16, (int32_t)n16, &err);
  if (U_FAILURE(err)) { *icu_error = (int32_t)err; return GSHIM_ICU_ERROR; }
  size_t u8 = 0, u16 = 0;
  for (int32_t p = ubrk_next(b->bi); p != UBRK_DONE; p = ubrk_next(b->bi)) {
    size_t off;
    if (ascii) {
      off = (size_t)p;
    } else {
      while (u16 < (size_t)p) {
        uint8_t c = utf8[u8];
        if (c < 0x80) { u8 += 1; u16 += 1; }
        else if (c < 0xE0) { u8 += 2; u16 += 1; }
        else if (c < 0xF0) { u8 += 3; u16 += 1; }
        else { u8 += 4; u16 += 2; }
      }
      off = u8;
    }
    if (!push_bound(b, n, a + off)) return GSHIM_NO_MEMORY;
  }
  return GSHIM_OK;
}

/* All sentence boundaries of s[0..len) (len > 0), line by line. */
static int32_t sentence_scan(gshim_breaker *b, const uint8_t *s, size_t len, size_t *n,
                             int32_t *icu_error) {
  pthread_once(&sb_ascii_once, sb_ascii_fill);
  b->bounds[(*n)++] = 0;
  size_t a = 0;
  while (a < len) {
    /* A line ends after LF; CR, NEL, LS and PS inside it are handled by
     * scan_line, and by ICU for the lines it is given. */
    const uint8_t *lf = memchr(s + a, 0x0A, len - a);
    size_t e = lf ? (size_t)(lf - s) + 1 : len;
    int r = scan_line(b, s, a, e, n);
    if (r < 0) return GSHIM_NO_MEMORY;
    if (r == 0) {
      int32_t rc = icu_range(b, s, a, e, n, icu_error);
      if (rc != GSHIM_OK) return rc;
    }
    a = e;
  }
  return GSHIM_OK;
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
  if (b->fast_sentences) {
    size_t n = 0;
    if (!grow_bounds(b, len / 64 + 16)) return GSHIM_NO_MEMORY;
    int32_t rc = sentence_scan(b, utf8, len, &n, icu_error);
    if (rc != GSHIM_OK) return rc;
    *boundaries = b->bounds;
    *count = n;
    return GSHIM_OK;
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
