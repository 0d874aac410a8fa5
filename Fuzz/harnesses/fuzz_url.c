/* galley_url_parse, galley_url_canonicalize and galley_url_canonicalize_many.
 * Input: byte 0 = mode (bit 0: with a base, bits 1-2 canonical flags,
 * bit 3: also a malformed offsets array from the next 16 bytes), then the
 * URL and, after the first '\n', the base.
 * Contract: components valid UTF-8 of their stated length with a NUL after;
 * the batch gives exactly what the single call gives (href or failure);
 * INVALID_UTF8 exactly for invalid input; malformed offsets are rejected
 * with INVALID_ARGUMENT, never read past. */
#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  int mode = data[0];
  const uint8_t *rest = data + 1;
  size_t n = size - 1;
  const uint8_t *nl = memchr(rest, '\n', n);
  size_t url_len = nl ? (size_t)(nl - rest) : n;
  char *url = exact_copy(rest, url_len);
  size_t base_len = nl && (mode & 1) ? n - url_len - 1 : 0;
  char *base = (mode & 1) && nl ? exact_copy(nl + 1, base_len) : NULL;

  galley_url *parsed = NULL;
  galley_status st = galley_url_parse(url, url_len, base, base_len, &parsed);
  CONTRACT((st == GALLEY_STATUS_OK) == (parsed != NULL), "a handle exactly on success");
  CONTRACT(galley_errcode() == st && (st == GALLEY_STATUS_OK) == (galley_errmsg()[0] == 0),
           "the thread's last error follows the status");
  if (st == GALLEY_STATUS_OK) {
    for (int part = 0; part <= 9; part++) {
      size_t l = SIZE_MAX;
      const char *c = galley_url_component(parsed, part, &l);
      CONTRACT(c != NULL && l != SIZE_MAX && c[l] == 0 && valid_utf8(c, l), "component %d", part);
    }
  } else {
    CONTRACT(st == GALLEY_STATUS_INVALID_ARGUMENT || ordinary_failure(st), "parse status %s", galley_status_name(st));
    if (st == GALLEY_STATUS_INVALID_UTF8)
      CONTRACT(!valid_utf8(url, url_len) || !valid_utf8(base, base_len), "INVALID_UTF8 on valid input");
  }
  galley_url_free(parsed);

  galley_canonical_options o;
  galley_canonical_options_init(&o, sizeof o);
  o.flags = (mode >> 1) & 3;
  galley_url *one = NULL;
  galley_status st1 = galley_url_canonicalize(&o, url, url_len, base, base_len, &one);
  size_t href_len = 0;
  const char *href = st1 == GALLEY_STATUS_OK ? galley_url_component(one, GALLEY_URL_HREF, &href_len) : NULL;

  size_t offsets[2] = {0, url_len}, base_offsets[2] = {0, base_len};
  galley_url_list *list = NULL;
  galley_status stm = galley_url_canonicalize_many(&o, url, offsets, 1, base, base_offsets, base ? 1 : 0, NULL, &list);
  CONTRACT(stm == GALLEY_STATUS_OK && galley_url_list_count(list) == 1, "batch of one: %s", galley_status_name(stm));
  size_t got_len = 0;
  const char *got = galley_url_list_get(list, 0, &got_len);
  if (st1 == GALLEY_STATUS_OK) {
    CONTRACT(got != NULL && got_len == href_len && memcmp(got, href, href_len) == 0,
             "batch differs from single: %.*s vs %.*s", (int)got_len, got ? got : "", (int)href_len, href);
  } else {
    CONTRACT(got == NULL && galley_url_list_failures(list) == 1, "batch succeeded where single failed (%s)",
             galley_status_name(st1));
  }
  galley_url_list_free(list);
  galley_url_free(one);

  if (mode & 8 && n >= 16) {
    /* Offsets from the input: decreasing or past the buffer's end must be
     * refused (the buffer is the offsets' last entry long, by contract, so
     * only the shape can be wrong here). */
    size_t bogus[3] = {rest[0] % 8, rest[1] % 8, rest[2] % 8};
    size_t bufsize = bogus[2] > url_len ? bogus[2] : url_len;
    char *buf = calloc(bufsize ? bufsize : 1, 1);
    memcpy(buf, url, url_len);
    list = NULL;
    galley_status sb = galley_url_canonicalize_many(&o, buf, bogus, 2, NULL, NULL, 0, NULL, &list);
    int decreasing = bogus[0] > bogus[1] || bogus[1] > bogus[2];
    CONTRACT(decreasing ? sb == GALLEY_STATUS_INVALID_ARGUMENT && list == NULL : sb == GALLEY_STATUS_OK,
             "offsets %zu %zu %zu: %s", bogus[0], bogus[1], bogus[2], galley_status_name(sb));
    galley_url_list_free(list);
    free(buf);
  }
  free(url);
  free(base);
  return 0;
}
