/*
 * UTF-8 <-> UTF-16 conversion shared by the shim's C files (private: not in
 * the module map, not exported from libgalley.so).
 */
#ifndef GALLEY_SHIM_UTF_H
#define GALLEY_SHIM_UTF_H

#include <stddef.h>
#include <stdint.h>
#include <unicode/utypes.h>

/* Valid UTF-8 to UTF-16 (eight ASCII bytes at a time); `d` holds at least
 * `len` code units. Returns the number of code units. */
size_t gshim_utf8_to_utf16(const uint8_t *s, size_t len, UChar *d);

/* Well-formed UTF-16 (ICU's output) to UTF-8; `d` holds at least 3 * n
 * bytes. Returns the number of bytes. */
size_t gshim_utf16_to_utf8(const UChar *s, size_t n, uint8_t *d);

#endif
