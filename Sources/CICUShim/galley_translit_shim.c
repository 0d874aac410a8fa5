/*
 * "[<Language>-Latin/BGN;] Any-Latin; Latin-ASCII" through ICU for Galley's
 * title slugs. See include/galley_translit_shim.h.
 *
 * Building a compound transliterator parses ICU's rule data and takes
 * milliseconds, so each is built once, when first needed, and never closed. ICU's
 * transliterators keep mutable state while they run (Any-Latin caches one
 * sub-transliterator per script it meets), so one instance must not run on
 * two threads at once. Each thread therefore gets its own clone of the
 * prototype, kept in thread-specific data and closed by the key's destructor
 * when the thread exits. Measured (ICU 72.1, 2 cores, a 35-character
 * Cyrillic headline, wall time per call): per-thread clone 14 us on one
 * thread, 21 us with two; cloning on every call 99 / 139 us (a clone
 * rebuilds the compound's parts); one instance behind a mutex 18 / 22 us,
 * and it serialises every caller. A clone is built once per thread that
 * ever makes a slug.
 */
#include "galley_translit_shim.h"
#include "galley_icu_shim.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ustring.h>
#include <unicode/utrans.h>
#include <unicode/utypes.h>

/* One prototype per scheme, built on first use under the mutex and never
 * closed (never used to transliterate); one thread-specific key per scheme
 * for the per-thread clones. */
static pthread_once_t keys_once = PTHREAD_ONCE_INIT;
static int keys_ok;
static pthread_key_t translit_key[GSHIM_LATIN_SCHEMES];
static pthread_mutex_t proto_lock = PTHREAD_MUTEX_INITIALIZER;
static UTransliterator *translit_proto[GSHIM_LATIN_SCHEMES];

static const char *const translit_ids[GSHIM_LATIN_SCHEMES] = {
    "Any-Latin; Latin-ASCII",
    "Russian-Latin/BGN; Any-Latin; Latin-ASCII",
    "Ukrainian-Latin/BGN; Any-Latin; Latin-ASCII",
    "Belarusian-Latin/BGN; Any-Latin; Latin-ASCII",
    "Bulgarian-Latin/BGN; Any-Latin; Latin-ASCII",
    "Serbian-Latin/BGN; Any-Latin; Latin-ASCII",
    "Macedonian-Latin/BGN; Any-Latin; Latin-ASCII",
};

static void translit_close_clone(void *p) {
  if (p) utrans_close((UTransliterator *)p);
}

static void keys_create(void) {
  for (int i = 0; i < GSHIM_LATIN_SCHEMES; i++)
    if (pthread_key_create(&translit_key[i], translit_close_clone) != 0) return;
  keys_ok = 1;
}

/* The scheme's prototype, built once; NULL with *err set when ICU cannot. */
static UTransliterator *translit_prototype(int scheme, UErrorCode *err) {
  pthread_mutex_lock(&proto_lock);
  UTransliterator *t = translit_proto[scheme];
  if (!t) {
    UChar id[64];
    int32_t n = 0;
    for (const char *c = translit_ids[scheme]; *c; c++) id[n++] = (UChar)*c;
    id[n] = 0;
    UParseError pe;
    t = utrans_openU(id, n, UTRANS_FORWARD, NULL, -1, &pe, err);
    if (U_FAILURE(*err)) t = NULL;
    translit_proto[scheme] = t;
  }
  pthread_mutex_unlock(&proto_lock);
  return t;
}

/* The calling thread's transliterator for `scheme`, or NULL with *err set. */
static UTransliterator *translit_for_thread(int scheme, UErrorCode *err) {
  UTransliterator *t = pthread_getspecific(translit_key[scheme]);
  if (t) return t;
  UTransliterator *proto = translit_prototype(scheme, err);
  if (!proto) return NULL;
  t = utrans_clone(proto, err);
  if (U_FAILURE(*err)) return NULL;
  if (pthread_setspecific(translit_key[scheme], t) != 0) {
    utrans_close(t);
    *err = U_MEMORY_ALLOCATION_ERROR;
    return NULL;
  }
  return t;
}

int32_t gshim_translit_ascii(int32_t scheme, const uint8_t *utf8, size_t len, uint8_t **out,
                             size_t *out_len, int32_t *icu_error) {
  *out = NULL;
  *out_len = 0;
  *icu_error = 0;
  if (len > (size_t)INT32_MAX / 8) return GSHIM_TOO_LARGE;
  if (scheme < 0 || scheme >= GSHIM_LATIN_SCHEMES) scheme = GSHIM_LATIN_ANY;
  pthread_once(&keys_once, keys_create);
  if (!keys_ok) return GSHIM_NO_MEMORY;

  UErrorCode err = U_ZERO_ERROR;
  int32_t n16 = 0;
  u_strFromUTF8(NULL, 0, &n16, (const char *)utf8, (int32_t)len, &err);
  if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err)) {
    *icu_error = (int32_t)err;
    return GSHIM_ICU_ERROR;
  }
  err = U_ZERO_ERROR;
  UChar *src = malloc(((size_t)n16 + 1) * sizeof *src);
  if (!src) return GSHIM_NO_MEMORY;
  u_strFromUTF8(src, n16 + 1, &n16, (const char *)utf8, (int32_t)len, &err);
  if (U_FAILURE(err)) { free(src); *icu_error = (int32_t)err; return GSHIM_ICU_ERROR; }

  /* utrans_transUChars works in place; romanisation grows text (a Han
   * syllable becomes up to six letters and a space), so start with room
   * for that and retry, from a fresh copy, with more when ICU asks. */
  int64_t cap = (int64_t)n16 * 4 + 16;
  UChar *buf = NULL;
  int32_t n = 0;
  UTransliterator *t = translit_for_thread(scheme, &err);
  if (!t) goto icu_fail;
  for (int attempt = 0; attempt < 4; attempt++) {
    if (cap > INT32_MAX) { err = U_BUFFER_OVERFLOW_ERROR; break; }
    UChar *nb = realloc(buf, (size_t)cap * sizeof *buf);
    if (!nb) { err = U_MEMORY_ALLOCATION_ERROR; break; }
    buf = nb;
    memcpy(buf, src, (size_t)n16 * sizeof *buf);
    n = n16;
    int32_t limit = n16;
    err = U_ZERO_ERROR;
    utrans_transUChars(t, buf, &n, (int32_t)cap, 0, &limit, &err);
    if (err != U_BUFFER_OVERFLOW_ERROR) break;
    cap *= 4;
  }
icu_fail:
  free(src);
  if (err == U_MEMORY_ALLOCATION_ERROR) { free(buf); return GSHIM_NO_MEMORY; }
  if (U_FAILURE(err)) { free(buf); *icu_error = (int32_t)err; return GSHIM_ICU_ERROR; }

  int32_t n8 = 0;
  err = U_ZERO_ERROR;
  u_strToUTF8(NULL, 0, &n8, buf, n, &err);
  err = U_ZERO_ERROR;
  uint8_t *res = malloc((size_t)n8 + 1);
  if (!res) { free(buf); return GSHIM_NO_MEMORY; }
  u_strToUTF8((char *)res, n8 + 1, &n8, buf, n, &err);
  free(buf);
  if (U_FAILURE(err)) { free(res); *icu_error = (int32_t)err; return GSHIM_ICU_ERROR; }
  *out = res;
  *out_len = (size_t)n8;
  return GSHIM_OK;
}
