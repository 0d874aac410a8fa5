/*
 * UTS #46 ToASCII on ICU's uidna for Galley's URL parser. See
 * include/galley_idna_shim.h.
 *
 * The UIDNA object is opened once (pthread_once) and never closed: ICU's
 * UIDNA is immutable after uidna_openUTS46 and its processing functions may
 * be called from several threads at once.
 */
#include "galley_idna_shim.h"

#include <limits.h>
#include <pthread.h>

#include <unicode/uidna.h>
#include <unicode/utypes.h>

static pthread_once_t idna_once = PTHREAD_ONCE_INIT;
static UIDNA *idna_shared = NULL;
static UErrorCode idna_open_error = U_ZERO_ERROR;

static void idna_open(void) {
  UErrorCode err = U_ZERO_ERROR;
  uint32_t options = UIDNA_NONTRANSITIONAL_TO_ASCII |
                     UIDNA_NONTRANSITIONAL_TO_UNICODE | UIDNA_CHECK_BIDI |
                     UIDNA_CHECK_CONTEXTJ;
  UIDNA *idna = uidna_openUTS46(options, &err);
  if (U_FAILURE(err)) {
    idna_open_error = err;
    if (idna != NULL) uidna_close(idna);
    return;
  }
  idna_shared = idna;
}

/* The errors the URL Standard's non-strict mode does not check:
 * CheckHyphens = false and VerifyDnsLength = false. */
static const uint32_t ignored_errors =
    UIDNA_ERROR_HYPHEN_3_4 | UIDNA_ERROR_LEADING_HYPHEN |
    UIDNA_ERROR_TRAILING_HYPHEN | UIDNA_ERROR_EMPTY_LABEL |
    UIDNA_ERROR_LABEL_TOO_LONG | UIDNA_ERROR_DOMAIN_NAME_TOO_LONG;

int32_t gshim_idna_to_ascii(const uint8_t *utf8, size_t len, uint8_t *out,
                            size_t out_cap, size_t *out_len,
                            uint32_t *idna_errors, int32_t *icu_error) {
  *out_len = 0;
  *idna_errors = 0;
  *icu_error = 0;
  if (len > INT32_MAX) return GSHIM_IDNA_TOO_LARGE;
  pthread_once(&idna_once, idna_open);
  if (idna_shared == NULL) {
    *icu_error = (int32_t)idna_open_error;
    return GSHIM_IDNA_ICU_ERROR;
  }
  int32_t cap = out_cap > INT32_MAX ? INT32_MAX : (int32_t)out_cap;
  UErrorCode err = U_ZERO_ERROR;
  UIDNAInfo info = UIDNA_INFO_INITIALIZER;
  int32_t n = uidna_nameToASCII_UTF8(idna_shared, (const char *)utf8,
                                     (int32_t)len, (char *)out, cap, &info,
                                     &err);
  if (err == U_BUFFER_OVERFLOW_ERROR) {
    *out_len = (size_t)n;
    return GSHIM_IDNA_BUFFER_TOO_SMALL;
  }
  if (err == U_INPUT_TOO_LONG_ERROR) return GSHIM_IDNA_LABEL_TOO_LONG;
  if (U_FAILURE(err)) {
    *icu_error = (int32_t)err;
    return GSHIM_IDNA_ICU_ERROR;
  }
  uint32_t errors = info.errors & ~ignored_errors;
  if (errors != 0) {
    *idna_errors = errors;
    return GSHIM_IDNA_INVALID;
  }
  *out_len = (size_t)n;
  return GSHIM_IDNA_OK;
}
