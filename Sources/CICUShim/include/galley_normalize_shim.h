/*
 * Unicode normalization (NFC, NFKC) for Galley's Swift core, on ICU's
 * unorm2. Like galley_icu_shim.h, this header names no ICU type.
 *
 * The Swift core drives the work (it removes, maps and folds characters and
 * keeps the offset map); the shim answers two questions it cannot answer
 * without ICU's data:
 *   - what is known about one code point (gshim_normalizer_props): whether
 *     it is unchanged by the form on its own (quick check "yes") and whether
 *     it always starts a normalization segment (a boundary before it), and
 *   - what one such segment ("chunk": text from a boundary up to the next
 *     one) becomes (gshim_normalizer_chunk).
 * Because normalization never crosses a boundary, normalizing text chunk by
 * chunk gives the same result as normalizing it whole, and every chunk
 * boundary maps exactly to an offset of the input.
 *
 * Internal to Galley: not installed, not part of the C ABI.
 */
#ifndef GALLEY_NORMALIZE_SHIM_H
#define GALLEY_NORMALIZE_SHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Normalization forms. */
enum {
  GSHIM_FORM_NFC = 0,
  GSHIM_FORM_NFKC = 1
};

/* Bits of gshim_normalizer_props(). */
enum {
  /* NFC_Quick_Check / NFKC_Quick_Check = Yes: the code point on its own is
   * already normalized and may stay as it is. */
  GSHIM_NF_QC_YES = 1,
  /* The code point never interacts with what precedes it: a chunk may start
   * here (unorm2_hasBoundaryBefore). */
  GSHIM_NF_BOUNDARY_BEFORE = 2
};

/* A normalizer: ICU's shared instance for one form, scratch buffers and a
 * cache of code point properties. One per thread; cheap to open (no ICU
 * data is loaded twice: ICU keeps one instance per form per process). */
typedef struct gshim_normalizer gshim_normalizer;

/* Opens a normalizer for GSHIM_FORM_NFC or GSHIM_FORM_NFKC. Returns GSHIM_OK,
 * GSHIM_NO_MEMORY or GSHIM_ICU_ERROR (ICU's code in *icu_error). */
int32_t gshim_normalizer_open(int32_t form, gshim_normalizer **out,
                              int32_t *icu_error);

/* Frees a normalizer. NULL is a no-op. */
void gshim_normalizer_close(gshim_normalizer *normalizer);

/* GSHIM_NF_* bits for one code point (a Unicode scalar value). ASCII is
 * always QC_YES | BOUNDARY_BEFORE; callers need not ask. */
int32_t gshim_normalizer_props(gshim_normalizer *normalizer, uint32_t c);

/* Normalizes one chunk of valid UTF-8 that starts at a boundary (or at the
 * start of the text) and contains no other boundary. On GSHIM_OK, *out and
 * *out_len hold the result (UTF-8, in a buffer owned by the normalizer,
 * valid until the next call or close) and *changed is 0 when it equals the
 * input byte for byte. Errors: GSHIM_NO_MEMORY, GSHIM_TOO_LARGE (a chunk
 * longer than 2^29 bytes: ICU works on int32_t UTF-16 lengths and NFKC may
 * grow text 18 times), GSHIM_ICU_ERROR (ICU's code in *icu_error). */
int32_t gshim_normalizer_chunk(gshim_normalizer *normalizer,
                               const uint8_t *utf8, size_t len,
                               const uint8_t **out, size_t *out_len,
                               int *changed, int32_t *icu_error);

/* Chunks of at least `min_units` UTF-16 units are given to ICU as their
 * full decomposition with each run of combining marks stably sorted by
 * combining class (default 128): ICU 72 reorders marks by insertion, which
 * is quadratic in a long run of marks of mixed classes; presorted, it is
 * linear, and the result is the same by the definition of the forms. For
 * tests (0: always, SIZE_MAX: never). */
void gshim_normalizer_set_presort(gshim_normalizer *normalizer, size_t min_units);

#ifdef __cplusplus
}
#endif

#endif
