/* galley_segmenter_split: every unit, flag, offset unit and a few languages.
 * Input: byte 0 = unit (bits 0-1) and flags (bits 2-4) and offsets (bit 5),
 * byte 1 = language, the rest the text.
 * Contract: spans in range, ordered, non-empty and not overlapping; with
 * KEEP_WHITESPACE they partition the text exactly; INVALID_UTF8 exactly when
 * galley_utf8_validate says so, with the same offset. */
#include "fuzz_support.h"

static const char *languages[] = {"en", "uk", "ru", "de", "ja", "zh", "", "fr", "th", "ar", "pl", "tr"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2) return 0;
  galley_segment_options o;
  galley_segment_options_init(&o, sizeof o);
  o.unit = 1 + (data[0] & 3);
  o.flags = (data[0] >> 2) & 7;
  o.offsets = (data[0] >> 5) & 1 ? GALLEY_OFFSETS_CODEPOINTS : GALLEY_OFFSETS_UTF8;
  o.lang = languages[data[1] % (sizeof languages / sizeof *languages)];
  size_t len = size - 2;
  char *text = exact_copy(data + 2, len);
  galley_segmenter *seg = NULL;
  CONTRACT(galley_segmenter_new(&o, &seg) == GALLEY_STATUS_OK, "segmenter_new");
  galley_spans *spans = NULL;
  galley_status st = galley_segmenter_split(seg, text, len, &spans);
  size_t bad = SIZE_MAX;
  int valid = galley_utf8_validate(text, len, &bad) == GALLEY_STATUS_OK;
  if (st == GALLEY_STATUS_OK) {
    CONTRACT(valid, "OK on invalid UTF-8");
    size_t n = galley_spans_count(spans);
    const galley_span *s = galley_spans_data(spans);
    size_t total = o.offsets == GALLEY_OFFSETS_UTF8 ? len : code_points((const uint8_t *)text, len);
    size_t prev = 0;
    for (size_t i = 0; i < n; i++) {
      CONTRACT(s[i].start < s[i].end && s[i].end <= total, "span %zu [%zu, %zu) of %zu", i, s[i].start, s[i].end, total);
      CONTRACT(s[i].start >= prev, "span %zu starts at %zu before %zu", i, s[i].start, prev);
      if (o.flags & GALLEY_SEGMENT_KEEP_WHITESPACE)
        CONTRACT(s[i].start == prev, "keep-whitespace gap before span %zu", i);
      CONTRACT(s[i].reserved == 0, "reserved");
      prev = s[i].end;
    }
    if (o.flags & GALLEY_SEGMENT_KEEP_WHITESPACE && len > 0)
      CONTRACT(prev == total, "keep-whitespace spans end at %zu of %zu", prev, total);
    galley_spans_free(spans);
  } else {
    CONTRACT(spans == NULL, "out set on failure");
    CONTRACT(ordinary_failure(st), "status %s", galley_status_name(st));
    if (st == GALLEY_STATUS_INVALID_UTF8)
      CONTRACT(!valid && galley_error_offset() == bad, "offset %zu vs %zu",
               galley_error_offset(), bad);
  }
  galley_segmenter_free(seg);
  free(text);
  return 0;
}
