/*
 * The bridge between Galley's Swift core and ICU. This is the only code in
 * Galley that includes ICU's headers; this header itself names no ICU type,
 * so Swift modules that also see Foundation's ICU (tests) still compile.
 *
 * Internal to Galley: not installed, not part of the C ABI.
 */
#ifndef GALLEY_ICU_SHIM_H
#define GALLEY_ICU_SHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Break iterator kinds. */
enum {
  GSHIM_BREAK_CHARACTER = 0,
  GSHIM_BREAK_WORD = 1,
  GSHIM_BREAK_SENTENCE = 2
};

/* Result codes of the shim (0 = success). ICU's own error code, when there
 * is one, is returned through an out-parameter so callers can name it. */
enum {
  GSHIM_OK = 0,
  GSHIM_BAD_LANGUAGE = 1,
  GSHIM_ICU_ERROR = 2,
  GSHIM_NO_MEMORY = 3,
  GSHIM_TOO_LARGE = 4
};

typedef struct gshim_breaker gshim_breaker;

/* Opens a break iterator of `kind` for the BCP 47 tag `bcp47` (NUL-terminated;
 * NULL or "" = root). Sentence iterators get the locale's ss=standard
 * suppressions when `suppressions` is non-zero. On failure returns a GSHIM_*
 * code and stores ICU's error code (or 0) in *icu_error. */
int32_t gshim_breaker_open(int32_t kind, const char *bcp47, int32_t suppressions,
                           gshim_breaker **out, int32_t *icu_error);

void gshim_breaker_close(gshim_breaker *breaker);

/* Runs the iterator over valid UTF-8 (the caller validates first) and
 * stores the boundaries, as UTF-8 byte offsets, in a buffer owned by the
 * breaker: boundaries[0] = 0 ... boundaries[count-1] = len (count = 0 for
 * empty text). For word iterators, statuses[i] is ICU's rule status of the
 * segment ending at boundaries[i+1]; for other kinds `statuses` is NULL.
 * The buffers stay valid until the next run or close. */
int32_t gshim_breaker_run(gshim_breaker *breaker, const uint8_t *utf8,
                          size_t len, const size_t **boundaries,
                          const int32_t **statuses, size_t *count,
                          int32_t *icu_error);

/* Sentence iterators on the root rules without suppressions find their
 * boundaries with a scan of their own (the same as ICU's; ICU still splits
 * lines holding Extend or Format characters). `on` = 0 makes the breaker use
 * ICU's iterator for everything (for tests comparing the two); 1 restores
 * the default. Other kinds ignore it. */
void gshim_breaker_set_scan(gshim_breaker *breaker, int32_t on);

/* NFKC_Casefold of valid UTF-8 (the normalization used for hashing text):
 * on GSHIM_OK, *out holds *out_len bytes of UTF-8 allocated with malloc;
 * free it with gshim_free(). */
int32_t gshim_nfkc_casefold(const uint8_t *utf8, size_t len, uint8_t **out,
                            size_t *out_len, int32_t *icu_error);

void gshim_free(void *p);

/* ICU's name for an error code ("U_MEMORY_ALLOCATION_ERROR"). Static text. */
const char *gshim_icu_error_name(int32_t icu_error);

/* Validates UTF-8 (Unicode Table 3-7). Returns 1 when valid; otherwise 0
 * with the offset of the first byte of the first ill-formed sequence in
 * *error_offset. `is_ascii` (may be NULL) receives 1 when every byte < 0x80. */
int gshim_utf8_validate(const uint8_t *s, size_t len, size_t *error_offset,
                        int *is_ascii);

/* The ICU version the shim runs against, e.g. "72.1". Static text. */
const char *gshim_icu_version(void);

#ifdef __cplusplus
}
#endif

#endif
