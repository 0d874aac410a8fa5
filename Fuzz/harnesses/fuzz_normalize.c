/* galley_normalize. Input: byte 0 = options (bit 0 form, bits 1-3 flags,
 * bit 4 code point offsets), the rest the text.
 * Contract: OK exactly for valid UTF-8 (else INVALID_UTF8 at the
 * validator's offset); the output is valid UTF-8 with a NUL after it; the
 * offset map is non-decreasing, within the input, and maps the output's
 * length to the input's; map_offsets agrees with original_offset. */
#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  galley_normalize_options o;
  galley_normalize_options_init(&o, sizeof o);
  o.form = data[0] & 1;
  o.flags = (data[0] >> 1) & 7;
  o.offsets = (data[0] >> 4) & 1 ? GALLEY_OFFSETS_CODEPOINTS : GALLEY_OFFSETS_UTF8;
  size_t len = size - 1;
  char *text = exact_copy(data + 1, len);
  galley_normalized *n = NULL;
  size_t off = 0, bad = SIZE_MAX;
  galley_status st = galley_normalize(&o, text, len, &n, &off);
  int valid = galley_utf8_validate(text, len, &bad) == GALLEY_STATUS_OK;
  if (st == GALLEY_STATUS_OK) {
    CONTRACT(valid && off == SIZE_MAX, "OK on invalid UTF-8");
    size_t out_len = 0;
    const char *out = galley_normalized_text(n, &out_len);
    CONTRACT(out != NULL && out[out_len] == 0 && valid_utf8(out, out_len), "output");
    size_t in_units = o.offsets == GALLEY_OFFSETS_UTF8 ? len : code_points((const uint8_t *)text, len);
    size_t out_units = o.offsets == GALLEY_OFFSETS_UTF8 ? out_len : code_points((const uint8_t *)out, out_len);
    CONTRACT(galley_normalized_original_offset(n, 0) <= in_units, "start");
    CONTRACT(galley_normalized_original_offset(n, out_units) == in_units, "end %zu vs %zu",
             galley_normalized_original_offset(n, out_units), in_units);
    CONTRACT(galley_normalized_original_offset(n, out_units + 1) == SIZE_MAX, "past the end");
    size_t prev = 0, prev_end = 0;
    size_t step = out_units > 4096 ? out_units / 4096 : 1;
    for (size_t k = 0; k <= out_units; k += step) {
      size_t a = galley_normalized_original_offset(n, k), b = galley_normalized_original_end(n, k);
      CONTRACT(a >= prev && a <= in_units && b >= prev_end && b <= in_units, "map at %zu: %zu %zu", k, a, b);
      size_t mapped = k;
      CONTRACT(galley_normalized_map_offsets(n, &mapped, 1) == GALLEY_STATUS_OK && mapped == a, "map_offsets %zu", k);
      prev = a;
      prev_end = b;
    }
    galley_normalized_free(n);
  } else {
    CONTRACT(n == NULL, "out set on failure");
    CONTRACT(ordinary_failure(st), "status %s", galley_status_name(st));
    if (st == GALLEY_STATUS_INVALID_UTF8) CONTRACT(!valid && off == bad, "offset %zu vs %zu", off, bad);
  }
  free(text);
  return 0;
}
