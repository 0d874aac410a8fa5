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

/* Romanisation schemes: ICU's generic Any-Latin, or, for Cyrillic text of a
 * known language, the BGN/PCGN system for it first ("Київ" -> "Kyyiv",
 * "Жёлтый" -> "Zheltyy", where Any-Latin gives "Kiïv", "Žëltyj" and
 * Latin-ASCII then loses the difference between ж and з). */
enum {
  GSHIM_LATIN_ANY = 0,
  GSHIM_LATIN_RUSSIAN = 1,
  GSHIM_LATIN_UKRAINIAN = 2,
  GSHIM_LATIN_BELARUSIAN = 3,
  GSHIM_LATIN_BULGARIAN = 4,
  GSHIM_LATIN_SERBIAN = 5,
  GSHIM_LATIN_MACEDONIAN = 6,
  GSHIM_LATIN_SCHEMES = 7
};

/* Transliterates valid UTF-8 (the caller validates first; Swift strings
 * are) with ICU's "<Language>-Latin/BGN; Any-Latin; Latin-ASCII" for the
 * GSHIM_LATIN_* `scheme` (just "Any-Latin; Latin-ASCII" for
 * GSHIM_LATIN_ANY): Cyrillic, Greek, Han (pinyin), kana, Hangul, Arabic,
 * Hebrew... become Latin, then accents and Latin letters outside ASCII are
 * replaced by ASCII. Characters with no Latin form (emoji, symbols) pass
 * through unchanged, so the result is mostly, not always, ASCII. An
 * unknown scheme is GSHIM_LATIN_ANY.
 *
 * Returns a GSHIM_* code of galley_icu_shim.h. On GSHIM_OK, *out holds
 * *out_len bytes of UTF-8 (and a NUL) allocated with malloc; free it with
 * gshim_free(). On GSHIM_ICU_ERROR, *icu_error holds ICU's code (opening the
 * transliterator, say, when ICU's data lacks its rules).
 *
 * Thread-safe. Each scheme's transliterator is built once and each
 * thread transliterates with its own clone, made on the thread's first call
 * and closed when the thread exits (ICU transliterators are not safe for
 * concurrent use). */
int32_t gshim_translit_ascii(int32_t scheme, const uint8_t *utf8, size_t len, uint8_t **out,
                             size_t *out_len, int32_t *icu_error);

#ifdef __cplusplus
}
#endif

#endif
