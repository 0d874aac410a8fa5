/* galley_related_links, with and without a base URL. Input: byte 0 = mode
 * (bit 0: a base URL), the rest the text.
 * Contract: OK exactly for valid UTF-8; the body is valid UTF-8 of its stated
 * length with a NUL after it, no longer than the text, and a prefix-free
 * copy of text bytes (when there are no links, the text itself, NUL bytes
 * included); every field valid UTF-8 of its stated length. */
#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  const char *base = (data[0] & 1) ? "https://news.example.com/world/2024/story.html?x=1" : NULL;
  size_t len = size - 1;
  char *text = exact_copy(data + 1, len);
  galley_related *r = NULL;
  size_t off = 0;
  galley_status st = galley_related_links(text, len, base, base ? strlen(base) : 0, &r, &off);
  int valid = valid_utf8(text, len);
  if (st == GALLEY_STATUS_OK) {
    CONTRACT(valid, "OK on invalid UTF-8");
    size_t blen = SIZE_MAX;
    const char *body = galley_related_body(r, &blen);
    CONTRACT(body != NULL && blen <= len && body[blen] == 0 && valid_utf8(body, blen), "body of %zu", blen);
    size_t count = galley_related_count(r);
    if (count == 0) CONTRACT(blen == len && memcmp(body, text, len) == 0, "no links: body is the text");
    for (size_t i = 0; i < count; i++) {
      for (int part = 0; part <= 5; part++) {
        size_t l = SIZE_MAX;
        const char *f = galley_related_field(r, i, part, &l);
        if (f) CONTRACT(l != SIZE_MAX && f[l] == 0 && valid_utf8(f, l), "field %zu.%d", i, part);
      }
    }
    CONTRACT(galley_related_field(r, count, 0, NULL) == NULL, "field past the end");
    galley_related_free(r);
  } else {
    CONTRACT(r == NULL && ordinary_failure(st), "status %s", galley_status_name(st));
    if (st == GALLEY_STATUS_INVALID_UTF8) CONTRACT(!valid, "INVALID_UTF8 on valid text");
  }
  free(text);
  return 0;
}
