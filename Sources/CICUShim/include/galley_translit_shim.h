/*
 * ICU transliteration to ASCII for Galley's title slugs ("Any-Latin;
 * Latin-ASCII"). Like the other shim headers it names no ICU type.
 *
 * Internal to Galley: not installed, not part of the C ABI.
 */
#ifndef GALLEY_TRANSLIT_SHIM_H
#define GALLEY_TRANSLIT_SHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Transliterates valid UTF-8 (the caller validates first; Swift strings
 * are) with ICU's "Any-Latin; Latin-ASCII": Cyrillic, Greek, Han (pinyin),
 * kana, Hangul, Arabic, Hebrew... become Latin, then accents and Latin
 * letters outside ASCII are replaced by ASCII. Characters with no Latin
 * form (emoji, symbols) pass through unchanged, so the result is mostly,
 * not always, ASCII.
 *
 * Returns a GSHIM_* code of galley_icu_shim.h. On GSHIM_OK, *out holds
 * *out_len bytes of UTF-8 (and a NUL) allocated with malloc; free it with
 * gshim_free(). On GSHIM_ICU_ERROR, *icu_error holds ICU's code (opening the
 * transliterator, say, when ICU's data lacks its rules).
 *
 * Thread-safe. The transliterator is built once (pthread_once) and each
 * thread transliterates with its own clone, made on the thread's first call
 * and closed when the thread exits (ICU transliterators are not safe for
 * concurrent use). */
int32_t gshim_translit_ascii(const uint8_t *utf8, size_t len, uint8_t **out,
                             size_t *out_len, int32_t *icu_error);

#ifdef __cplusplus
}
#endif

#endif
