/*
 * C tests of galley_normalize() through include/galley.h: options, NULL and
 * invalid input, the shared vectors (Tests/vectors/normalization.json) with
 * UTF-8 and code point offsets, the single and batch map functions, and
 * (with --large) a 32 MiB input.
 *
 * usage: test_normalize NORMALIZATION.json SEGMENTATION.json [--large]
 *   SEGMENTATION.json supplies the shared invalid UTF-8 cases.
 */
#include "galley.h"
#include "mini_json.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "test_support.h"


static galley_normalized *run(const char *text, size_t len, int32_t form, int32_t flags,
                              galley_offset_unit unit) {
  galley_normalize_options o;
  galley_normalize_options_init(&o, sizeof o);
  o.form = form;
  o.flags = flags;
  o.offsets = unit;
  galley_normalized *n = NULL;
  size_t bad = 0;
  galley_status st = galley_normalize(&o, text, len, &n, &bad);
  CHECK(st == GALLEY_STATUS_OK && n != NULL && bad == SIZE_MAX, "normalize: %s", galley_status_name(st));
  return n;
}

/* The number of code points in s[0..<bytes]. */
static size_t cps(const char *s, size_t bytes) {
  size_t n = 0;
  for (size_t i = 0; i < bytes; i++) n += ((unsigned char)s[i] & 0xC0) != 0x80;
  return n;
}

static void test_options_and_nulls(void) {
  galley_normalize_options o;
  galley_normalize_options_init(&o, sizeof o);
  galley_normalize_options_init(NULL, sizeof o);  /* no-op */
  CHECK(o.size == sizeof o && o.form == GALLEY_NORMALIZE_NFC && o.flags == 0 &&
            o.offsets == GALLEY_OFFSETS_UTF8 && o.reserved == 0, "defaults");
  galley_normalize_options tiny;
  memset(&tiny, 0x5A, sizeof tiny);
  galley_normalize_options_init(&tiny, 4);
  CHECK(tiny.form == 0x5A5A5A5A, "init with a too-small size wrote");

  galley_normalized *n = (galley_normalized *)&o;  /* must be overwritten */
  size_t bad = 0;
  CHECK(galley_normalize(NULL, "a", 1, &n, &bad) == GALLEY_STATUS_OK && n != NULL && bad == SIZE_MAX,
        "NULL options = defaults");
  galley_normalized_free(n);
  CHECK(galley_normalize(NULL, "a", 1, NULL, &bad) == GALLEY_STATUS_INVALID_ARGUMENT, "NULL out");
  n = (galley_normalized *)&o;
  CHECK(galley_normalize(NULL, NULL, 5, &n, &bad) == GALLEY_STATUS_INVALID_ARGUMENT && n == NULL &&
            bad == SIZE_MAX, "NULL text with a length");
  CHECK(galley_normalize(NULL, NULL, 0, &n, NULL) == GALLEY_STATUS_OK && n != NULL, "NULL empty text");
  size_t len = 99;
  const char *t = galley_normalized_text(n, &len);
  CHECK(t != NULL && len == 0 && t[0] == 0, "empty result");
  CHECK(galley_normalized_original_offset(n, 0) == 0 && galley_normalized_original_end(n, 0) == 0,
        "empty map");
  CHECK(galley_normalized_original_offset(n, 1) == SIZE_MAX && galley_normalized_original_end(n, 1) == SIZE_MAX,
        "offset past the end");
  CHECK(galley_normalized_map_offsets(n, NULL, 0) == GALLEY_STATUS_OK, "no offsets");
  CHECK(galley_normalized_map_offsets(n, NULL, 1) == GALLEY_STATUS_INVALID_ARGUMENT, "NULL offsets");
  CHECK(galley_normalized_map_spans(n, NULL, 0) == GALLEY_STATUS_OK, "no spans");
  CHECK(galley_normalized_map_spans(n, NULL, 2) == GALLEY_STATUS_INVALID_ARGUMENT, "NULL spans");
  galley_normalized_free(n);
  galley_normalized_free(NULL);
  len = 7;
  CHECK(galley_normalized_text(NULL, &len) == NULL && len == 0, "NULL text");
  CHECK(galley_normalized_text(NULL, NULL) == NULL, "NULL text, NULL len");
  CHECK(galley_normalized_original_offset(NULL, 0) == SIZE_MAX, "NULL original_offset");
  CHECK(galley_normalized_original_end(NULL, 0) == SIZE_MAX, "NULL original_end");
  size_t one = 0;
  CHECK(galley_normalized_map_offsets(NULL, &one, 1) == GALLEY_STATUS_INVALID_ARGUMENT, "NULL map_offsets");
  galley_span span = {0, 0, 0, 0};
  CHECK(galley_normalized_map_spans(NULL, &span, 1) == GALLEY_STATUS_INVALID_ARGUMENT, "NULL map_spans");

  struct { const char *what; galley_normalize_options o; } bad_options[5];
  for (int i = 0; i < 5; i++) galley_normalize_options_init(&bad_options[i].o, sizeof o);
  bad_options[0].what = "size"; bad_options[0].o.size = sizeof o - 4;
  bad_options[1].what = "form"; bad_options[1].o.form = 2;
  bad_options[2].what = "flags"; bad_options[2].o.flags = 8;
  bad_options[3].what = "offsets"; bad_options[3].o.offsets = 5;
  bad_options[4].what = "reserved"; bad_options[4].o.reserved = 1;
  for (int i = 0; i < 5; i++) {
    n = (galley_normalized *)&o;
    galley_status st = galley_normalize(&bad_options[i].o, "a", 1, &n, &bad);
    CHECK(st == GALLEY_STATUS_INVALID_ARGUMENT && n == NULL, "bad %s: %s", bad_options[i].what,
          galley_status_name(st));
  }
}


static void test_invalid_utf8(const jval *list) {
  CHECK(list != NULL && list->count > 0, "no invalid_utf8 cases");
  for (size_t i = 0; list && i < list->count; i++) {
    const jval *c = &list->items[i];
    const char *hex = j_get(c, "hex")->str;
    size_t want = (size_t)j_get(c, "offset")->num;
    char buf[64];
    size_t n = hex_decode(hex, buf, sizeof buf);
    CHECK(n != (size_t)-1, "invalid_utf8 case %zu does not fit", i);
    if (n == (size_t)-1) continue;
    galley_normalized *out = (galley_normalized *)buf;
    size_t off = 0;
    galley_status st = galley_normalize(NULL, buf, n, &out, &off);
    CHECK(st == GALLEY_STATUS_INVALID_UTF8 && out == NULL && off == want, "%s: %s offset %zu",
          j_get(c, "name")->str, galley_status_name(st), off);
    /* error_offset may be NULL. */
    CHECK(galley_normalize(NULL, buf, n, &out, NULL) == GALLEY_STATUS_INVALID_UTF8, "NULL error_offset");
  }
}

static void test_vectors(const jval *cases) {
  CHECK(cases != NULL && cases->count > 0, "no cases");
  for (size_t i = 0; cases && i < cases->count; i++) {
    const jval *c = &cases->items[i];
    const char *name = j_get(c, "name")->str;
    const jval *text = j_get(c, "text");
    const jval *expected = j_get(c, "expected");
    const jval *starts = j_get(c, "starts");
    const jval *ends = j_get(c, "ends");
    int32_t form = strcmp(j_get(c, "form")->str, "NFKC") == 0 ? GALLEY_NORMALIZE_NFKC : GALLEY_NORMALIZE_NFC;
    int32_t flags = (j_get(c, "fold_quotes")->num ? GALLEY_NORMALIZE_FOLD_QUOTES : 0) |
                    (j_get(c, "fold_dashes")->num ? GALLEY_NORMALIZE_FOLD_DASHES : 0) |
                    (j_get(c, "collapse_spaces")->num ? 0 : GALLEY_NORMALIZE_KEEP_SPACE_RUNS);

    galley_normalized *n = run(text->str, text->str_len, form, flags, GALLEY_OFFSETS_UTF8);
    if (!n) continue;
    size_t len = 0;
    const char *t = galley_normalized_text(n, &len);
    CHECK(len == expected->str_len && memcmp(t, expected->str, len) == 0 && t[len] == 0,
          "%s: text \"%.*s\"", name, (int)len, t);
    CHECK(starts->count == len + 1 && ends->count == len + 1, "%s: map of %zu, text of %zu", name,
          starts->count, len);
    size_t *batch = malloc((len + 1) * sizeof *batch);
    galley_span *spans = malloc((len + 1) * sizeof *spans);
    for (size_t k = 0; k <= len && k < starts->count; k++) {
      size_t s = galley_normalized_original_offset(n, k);
      size_t e = galley_normalized_original_end(n, k);
      CHECK(s == (size_t)starts->items[k].num && e == (size_t)ends->items[k].num,
            "%s: offset %zu maps to [%zu, %zu], want [%g, %g]", name, k, s, e,
            starts->items[k].num, ends->items[k].num);
      batch[k] = k;
      /* Spans [0, k): the start maps with original_offset, the end with original_end. */
      spans[k] = (galley_span){0, k, GALLEY_WORD_LETTER, 0};
    }
    CHECK(galley_normalized_map_offsets(n, batch, len + 1) == GALLEY_STATUS_OK, "%s: map_offsets", name);
    CHECK(galley_normalized_map_spans(n, spans, len + 1) == GALLEY_STATUS_OK, "%s: map_spans", name);
    size_t s0 = galley_normalized_original_offset(n, 0);
    for (size_t k = 0; k <= len; k++) {
      CHECK(batch[k] == galley_normalized_original_offset(n, k), "%s: batch offset %zu", name, k);
      size_t want_end = k == 0 ? s0 : galley_normalized_original_end(n, k);
      CHECK(spans[k].start == s0 && spans[k].end == want_end && spans[k].kind == GALLEY_WORD_LETTER,
            "%s: span [0, %zu) maps to [%zu, %zu)", name, k, spans[k].start, spans[k].end);
    }
    /* An offset past the end changes nothing. */
    size_t two[2] = {0, len + 1};
    CHECK(galley_normalized_map_offsets(n, two, 2) == GALLEY_STATUS_INVALID_ARGUMENT && two[0] == 0,
          "%s: map_offsets past the end", name);
    galley_span backwards = {1, 0, 0, 0};
    CHECK(galley_normalized_map_spans(n, &backwards, 1) == GALLEY_STATUS_INVALID_ARGUMENT &&
              backwards.start == 1, "%s: span with start > end", name);

    /* The same with code point offsets: the map is the UTF-8 map, counted in
     * code points. */
    galley_normalized *m = run(text->str, text->str_len, form, flags, GALLEY_OFFSETS_CODEPOINTS);
    size_t mlen = 0;
    const char *mt = galley_normalized_text(m, &mlen);
    CHECK(mlen == len && memcmp(mt, t, len) == 0, "%s: same text with code point offsets", name);
    size_t cp = 0;
    for (size_t k = 0; k <= len; k++) {
      if (k < len && ((unsigned char)t[k] & 0xC0) == 0x80) continue;  /* not a boundary */
      size_t s = galley_normalized_original_offset(m, cp);
      size_t e = galley_normalized_original_end(m, cp);
      CHECK(s == cps(text->str, galley_normalized_original_offset(n, k)) &&
                e == cps(text->str, galley_normalized_original_end(n, k)),
            "%s: code point %zu maps to [%zu, %zu]", name, cp, s, e);
      cp++;
    }
    CHECK(galley_normalized_original_offset(m, cp) == SIZE_MAX, "%s: code point past the end", name);
    galley_normalized_free(m);
    free(batch);
    free(spans);
    galley_normalized_free(n);
  }
}

/* A sentence found on the normalized text maps back to the original. */
static void test_sentences_map_back(void) {
  const char *text = "\xEF\xBB\xBF" "Dr.\xC2\xA0Smith  arrived\xC2\xAD today.\xE2\x80\x8B   He left.";
  galley_normalized *n = run(text, strlen(text), GALLEY_NORMALIZE_NFC, 0, GALLEY_OFFSETS_UTF8);
  size_t len = 0;
  const char *t = galley_normalized_text(n, &len);
  CHECK(strcmp(t, "Dr. Smith arrived today. He left.") == 0, "%s", t);
  galley_segmenter *s = NULL;
  CHECK(galley_segmenter_new(NULL, &s) == GALLEY_STATUS_OK, "segmenter");
  galley_spans *spans = NULL;
  CHECK(galley_segmenter_split(s, t, len, &spans) == GALLEY_STATUS_OK, "split");
  size_t count = galley_spans_count(spans);
  CHECK(count == 2, "%zu sentences", count);
  galley_span mapped[2];
  if (count == 2) {
    memcpy(mapped, galley_spans_data(spans), sizeof mapped);
    CHECK(galley_normalized_map_spans(n, mapped, 2) == GALLEY_STATUS_OK, "map_spans");
    const char *want[2] = {"Dr.\xC2\xA0Smith  arrived\xC2\xAD today.", "He left."};
    for (int k = 0; k < 2; k++) {
      size_t w = strlen(want[k]);
      CHECK(mapped[k].end - mapped[k].start == w && memcmp(text + mapped[k].start, want[k], w) == 0,
            "sentence %d maps to [%zu, %zu)", k, mapped[k].start, mapped[k].end);
    }
  }
  galley_spans_free(spans);
  galley_segmenter_free(s);
  galley_normalized_free(n);
}

/* 32 MiB of mixed text: the right output, a map that stays small, and the
 * last paragraph mapped exactly. */
static void test_large(void) {
  const char *para = "The quick\xC2\xA0" "brown fox \xE2\x80\x9Cjumps\xE2\x80\x9D  over the lazy dog."
                     "\xE2\x80\x8B Caf\x65\xCC\x81 \xEF\xAC\x81sh.\n";
  const char *want = "The quick brown fox \"jumps\" over the lazy dog. Caf\xC3\xA9 fish.\n";
  size_t pl = strlen(para), wl = strlen(want);
  size_t reps = (32u << 20) / pl;
  char *text = malloc(pl * reps);
  for (size_t r = 0; r < reps; r++) memcpy(text + r * pl, para, pl);
  clock_t t0 = clock();
  galley_normalized *n = run(text, pl * reps, GALLEY_NORMALIZE_NFKC, GALLEY_NORMALIZE_FOLD_QUOTES,
                             GALLEY_OFFSETS_UTF8);
  double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
  size_t len = 0;
  const char *t = galley_normalized_text(n, &len);
  int same = len == wl * reps;
  for (size_t r = 0; same && r < reps; r++) same = memcmp(t + r * wl, want, wl) == 0;
  CHECK(same, "large output differs (%zu bytes, want %zu)", len, wl * reps);
  size_t last = wl * (reps - 1);
  CHECK(galley_normalized_original_offset(n, last) == pl * (reps - 1), "last paragraph start");
  CHECK(galley_normalized_original_offset(n, len) == pl * reps, "end");
  galley_span quick = {last + 4, last + 9, 0, 0};  /* "quick" */
  CHECK(galley_normalized_map_spans(n, &quick, 1) == GALLEY_STATUS_OK &&
            quick.start == pl * (reps - 1) + 4 && quick.end == pl * (reps - 1) + 9, "last \"quick\"");
  printf("large: %zu MiB in %.3f s\n", (pl * reps) >> 20, secs);
  galley_normalized_free(n);
  free(text);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s NORMALIZATION.json SEGMENTATION.json [--large]\n", argv[0]);
    return 2;
  }
  int large = argc > 3 && !strcmp(argv[3], "--large");
  char *src = NULL, *seg = NULL;
  jval doc, segdoc;
  if (read_json(argv[1], &src, &doc) != 1 || read_json(argv[2], &seg, &segdoc) != 1) {
    fprintf(stderr, "cannot read or parse %s or %s\n", argv[1], argv[2]);
    return 2;
  }

  test_options_and_nulls();
  test_invalid_utf8(j_get(&segdoc, "invalid_utf8"));
  test_vectors(j_get(&doc, "cases"));
  test_sentences_map_back();
  if (large) test_large();

  j_free(&doc);
  j_free(&segdoc);
  free(src);
  free(seg);
  printf("%d checks, %d failures\n", checks, failures);
  return failures ? 1 : 0;
}
