/*
 * UTS #46 ToASCII for Galley's URL parser (the WHATWG URL Standard's
 * "domain to ASCII" with beStrict = false). Like the other shim headers it
 * names no ICU type.
 *
 * Internal to Galley: not installed, not part of the C ABI.
 */
#ifndef GALLEY_IDNA_SHIM_H
#define GALLEY_IDNA_SHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Result codes of gshim_idna_to_ascii. */
enum {
  GSHIM_IDNA_OK = 0,
  /* The domain is not valid under UTS #46 (the errors that remain after
   * the WHATWG non-strict filtering); *idna_errors holds ICU's UIDNA_ERROR_*
   * bits that caused it. */
  GSHIM_IDNA_INVALID = 1,
  /* `out_cap` is too small; *out_len holds the length needed. */
  GSHIM_IDNA_BUFFER_TOO_SMALL = 2,
  /* ICU failed (opening the UTS #46 object, say); *icu_error holds its code. */
  GSHIM_IDNA_ICU_ERROR = 3,
  /* The input is longer than ICU takes (INT32_MAX bytes). */
  GSHIM_IDNA_TOO_LARGE = 4,
  /* A label longer than ICU's Punycode limit (1,000 code points;
   * U_INPUT_TOO_LONG_ERROR): not a valid domain. */
  GSHIM_IDNA_LABEL_TOO_LONG = 5
};

/* Runs UTS #46 ToASCII over the valid UTF-8 `utf8` (`len` bytes) with
 * nontransitional processing, CheckBidi and CheckJoiners, without
 * UseSTD3ASCIIRules, and ignores the CheckHyphens and VerifyDnsLength errors
 * (hyphens in positions 3-4, leading and trailing hyphens, empty labels,
 * label and domain lengths), as the URL Standard asks for beStrict = false.
 *
 * On GSHIM_IDNA_OK, `out` holds *out_len bytes of ASCII (not NUL-terminated).
 * The UTS #46 object is opened once, on first use, and shared: the function
 * is safe to call from any thread. */
int32_t gshim_idna_to_ascii(const uint8_t *utf8, size_t len, uint8_t *out,
                            size_t out_cap, size_t *out_len,
                            uint32_t *idna_errors, int32_t *icu_error);

#ifdef __cplusplus
}
#endif

#endif /* GALLEY_IDNA_SHIM_H */
