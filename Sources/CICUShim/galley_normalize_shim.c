/*
 * NFC / NFKC on ICU's unorm2 for Galley's Swift core. See
 * include/galley_normalize_shim.h.
 *
 * ICU's C API normalizes UTF-16, so a chunk is converted to UTF-16,
 * normalized, and converted back. The Swift core calls this only for chunks
 * that may change (a code point whose quick check is not "yes", or one
 * followed by a code point without a boundary before it); everything else,
 * ASCII above all, never reaches ICU.
 */
#include "galley_normalize_shim.h"
#include "galley_shim_utf.h"
#include "galley_icu_shim.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>
#include <unicode/utypes.h>

/* Chunks of this many UTF-16 units or more are handed to ICU presorted
 * (see presort). Shorter ones cannot be slow and go to ICU as they are. */
#define PRESORT_MIN 128

/* Code points below this have their properties cached (BMP). */
#define PROPS_CACHE_SIZE 0x10000

struct gshim_normalizer {
  const UNormalizer2 *n2;     /* ICU's shared instance; never closed */
  UProperty qc_property;      /* UCHAR_NFC_QUICK_CHECK or UCHAR_NFKC_QUICK_CHECK */
  uint8_t *props;             /* props + 1 per BMP code point; 0 = not yet known */
  UChar *src16, *dst16;       /* reused UTF-16 buffers */
  size_t src16_cap, dst16_cap;
  uint8_t *out8;              /* reused UTF-8 result buffer */
  size_t out8_cap;
  size_t presort_min;         /* chunks this long (UTF-16) are presorted */
};

int32_t gshim_normalizer_open(int32_t form, gshim_normalizer **out,
                              int32_t *icu_error) {
  UErrorCode err = U_ZERO_ERROR;
  *out = NULL;
  *icu_error = 0;
  const UNormalizer2 *n2;
  UProperty qc;
  switch (form) {
    case GSHIM_FORM_NFC:
      n2 = unorm2_getNFCInstance(&err);
      qc = UCHAR_NFC_QUICK_CHECK;
      break;
    case GSHIM_FORM_NFKC:
      n2 = unorm2_getNFKCInstance(&err);
      qc = UCHAR_NFKC_QUICK_CHECK;
      break;
    default:
      return GSHIM_ICU_ERROR;
  }
  if (U_FAILURE(err) || n2 == NULL) {
    *icu_error = (int32_t)err;
    return err == U_MEMORY_ALLOCATION_ERROR ? GSHIM_NO_MEMORY : GSHIM_ICU_ERROR;
  }
  gshim_normalizer *n = calloc(1, sizeof *n);
  if (n == NULL) return GSHIM_NO_MEMORY;
  n->n2 = n2;
  n->qc_property = qc;
  n->presort_min = PRESORT_MIN;
  *out = n;
  return GSHIM_OK;
}

void gshim_normalizer_close(gshim_normalizer *n) {
  if (n == NULL) return;
  free(n->props);
  free(n->src16);
  free(n->dst16);
  free(n->out8);
  free(n);
}

static int32_t compute_props(const gshim_normalizer *n, uint32_t c) {
  int32_t p = 0;
  if (u_getIntPropertyValue((UChar32)c, n->qc_property) == UNORM_YES) p |= GSHIM_NF_QC_YES;
  if (unorm2_hasBoundaryBefore(n->n2, (UChar32)c)) p |= GSHIM_NF_BOUNDARY_BEFORE;
  return p;
}

int32_t gshim_normalizer_props(gshim_normalizer *n, uint32_t c) {
  if (c < 0x80) return GSHIM_NF_QC_YES | GSHIM_NF_BOUNDARY_BEFORE;
  if (c >= PROPS_CACHE_SIZE) return compute_props(n, c);
  if (n->props == NULL) {
    /* calloc: the pages of an untouched range are never even mapped. */
    n->props = calloc(PROPS_CACHE_SIZE, 1);
    if (n->props == NULL) return compute_props(n, c);
  }
  uint8_t cached = n->props[c];
  if (cached) return (int32_t)cached - 1;
  int32_t p = compute_props(n, c);
  n->props[c] = (uint8_t)(p + 1);
  return p;
}

void gshim_normalizer_set_presort(gshim_normalizer *n, size_t min_units) {
  n->presort_min = min_units;
}

static int grow(void **buf, size_t *cap, size_t need, size_t unit) {
  if (need <= *cap) return 1;
  size_t c = *cap ? *cap : 64;
  while (c < need) c *= 2;
  void *nb = realloc(*buf, c * unit);
  if (nb == NULL) return 0;
  *buf = nb;
  *cap = c;
  return 1;
}



static void sort_run(UChar32 *cp, uint8_t *cc, size_t n, UChar32 *tmp) {
  if (n < 2) return;
  if (n < 32) {                      /* short: stable insertion sort */
    for (size_t i = 1; i < n; i++) {
      UChar32 c = cp[i];
      uint8_t k = cc[i];
      size_t j = i;
      while (j > 0 && cc[j - 1] > k) { cp[j] = cp[j - 1]; cc[j] = cc[j - 1]; j--; }
      cp[j] = c;
      cc[j] = k;
    }
    return;
  }
  size_t start[257] = {0};           /* stable counting sort by class */
  for (size_t i = 0; i < n; i++) start[cc[i] + 1]++;
  for (int k = 0; k < 256; k++) start[k + 1] += start[k];
  for (size_t i = 0; i < n; i++) tmp[start[cc[i]]++] = cp[i];
  memcpy(cp, tmp, n * sizeof *cp);   /* cc is not read again */
}

/* ICU 72 reorders combining marks by insertion (ReorderingBuffer): one
 * starter followed by n marks of alternating combining classes costs O(n^2)
 * inside unorm2_normalize (128k marks: 10 s). For a long chunk this replaces
 * src16[0 .. *n16) by its full decomposition (each code point's canonical
 * or, for NFKC, compatibility decomposition) with every run of non-starters
 * stably sorted by combining class: the canonical (compatibility)
 * decomposition of the chunk, exactly as UAX #15 defines it, so its NFC
 * (NFKC) is the chunk's, byte for byte — and ICU then appends every mark in
 * order and never moves one. Linear (counting sort). Returns 0 when memory
 * ran out. */
static int presort(gshim_normalizer *n, size_t *n16) {
  size_t len = *n16;
  size_t cap = len + 64, m = 0;
  UChar32 *cp = malloc(cap * sizeof *cp);
  if (cp == NULL) return 0;
  for (size_t i = 0; i < len;) {
    UChar32 c;
    U16_NEXT(n->src16, i, len, c);
    if (m + 32 > cap) {   /* a code point decomposes to at most 18 (U+FDFA) */
      UChar32 *g = realloc(cp, 2 * cap * sizeof *cp);
      if (g == NULL) { free(cp); return 0; }
      cp = g;
      cap *= 2;
    }
    UChar d[64];
    UErrorCode err = U_ZERO_ERROR;
    int32_t dl = unorm2_getDecomposition(n->n2, c, d, 64, &err);
    if (U_FAILURE(err) || dl < 0) {
      cp[m++] = c;
    } else {
      for (int32_t j = 0; j < dl;) {
        UChar32 e;
        U16_NEXT(d, j, dl, e);
        cp[m++] = e;
      }
    }
  }
  UChar32 *tmp = malloc((m + 1) * sizeof *tmp);
  uint8_t *cc = malloc(m + 1);
  if (tmp == NULL || cc == NULL) { free(cp); free(tmp); free(cc); return 0; }
  for (size_t i = 0; i < m; i++) cc[i] = unorm2_getCombiningClass(n->n2, cp[i]);
  for (size_t i = 0; i < m;) {
    if (cc[i] == 0) { i++; continue; }
    size_t j = i;
    while (j < m && cc[j] != 0) j++;
    sort_run(cp + i, cc + i, j - i, tmp);
    i = j;
  }
  free(tmp);
  free(cc);
  if (!grow((void **)&n->src16, &n->src16_cap, 2 * m + 1, sizeof(UChar))) { free(cp); return 0; }
  size_t k = 0;
  for (size_t i = 0; i < m; i++) {   /* room: 2 units per code point */
    UChar32 c = cp[i];
    if (c <= 0xFFFF) {
      n->src16[k++] = (UChar)c;
    } else {
      n->src16[k++] = U16_LEAD(c);
      n->src16[k++] = U16_TRAIL(c);
    }
  }
  free(cp);
  *n16 = k;
  return 1;
}

int32_t gshim_normalizer_chunk(gshim_normalizer *n, const uint8_t *utf8, size_t len,
                               const uint8_t **out, size_t *out_len, int *changed,
                               int32_t *icu_error) {
  *icu_error = 0;
  *out = NULL;
  *out_len = 0;
  *changed = 0;
  if (len == 0) {
    *out = utf8;
    return GSHIM_OK;
  }
  if (len > (size_t)INT32_MAX) return GSHIM_TOO_LARGE;
  if (!grow((void **)&n->src16, &n->src16_cap, len, sizeof(UChar))) return GSHIM_NO_MEMORY;
  size_t n16 = gshim_utf8_to_utf16(utf8, len, n->src16);
  if (n16 >= n->presort_min) {
    if (!presort(n, &n16)) return GSHIM_NO_MEMORY;
  }

  /* Most chunks keep or nearly keep their length; grow and retry on
   * overflow (ICU reports the length it needs). */
  size_t want = n16 + 16;
  for (int attempt = 0; attempt < 2; attempt++) {
    if (want > (size_t)INT32_MAX) return GSHIM_TOO_LARGE;
    if (!grow((void **)&n->dst16, &n->dst16_cap, want, sizeof(UChar))) return GSHIM_NO_MEMORY;
    UErrorCode err = U_ZERO_ERROR;
    size_t cap = n->dst16_cap < (size_t)INT32_MAX ? n->dst16_cap : (size_t)INT32_MAX;
    int32_t got = unorm2_normalize(n->n2, n->src16, (int32_t)n16, n->dst16, (int32_t)cap, &err);
    if (err == U_BUFFER_OVERFLOW_ERROR && attempt == 0) {
      want = (size_t)got;
      continue;
    }
    if (U_FAILURE(err)) {
      *icu_error = (int32_t)err;
      return err == U_MEMORY_ALLOCATION_ERROR ? GSHIM_NO_MEMORY : GSHIM_ICU_ERROR;
    }
    size_t m16 = (size_t)got;
    if (!grow((void **)&n->out8, &n->out8_cap, 3 * m16 + 1, 1)) return GSHIM_NO_MEMORY;
    size_t m8 = gshim_utf16_to_utf8(n->dst16, m16, n->out8);
    *out = n->out8;
    *out_len = m8;
    *changed = !(m8 == len && memcmp(n->out8, utf8, len) == 0);
    return GSHIM_OK;
  }
  return GSHIM_ICU_ERROR;   /* not reached: the second attempt has room */
}
