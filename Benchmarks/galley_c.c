/* galley_c.c — Galley's segmentation through its C ABI, measured side by
 * side with raw ICU.
 *
 *   galley_c CORPUS [RUNS [sentence|word]]   (the third argument: one unit only)
 *
 * One segmenter per unit (sentence: galley_segment_options_init(), i.e.
 * "en", flags 0 -- Galley's sentence rules on top of ICU --, UTF-8 offsets;
 * word: the same with unit WORD), created outside the timing. Timed:
 * galley_segmenter_split over the whole UTF-8 buffer (which validates the
 * UTF-8, converts it, iterates, applies the rules and builds the span
 * array), a read of the spans and galley_spans_free. Sentences also run
 * with GALLEY_SEGMENT_RAW (ICU's sentences, no rules; trimmed). A last
 * segmenter with GALLEY_SEGMENT_KEEP_WHITESPACE (sentences:
 * GALLEY_SEGMENT_RAW | GALLEY_SEGMENT_KEEP_WHITESPACE) gives the untrimmed
 * spans, one per UAX #29 segment, exactly what raw ICU iterates: the
 * program warns if its count differs from ICU's. The rules mode's count
 * differs from ICU's by design and is not checked.
 *
 * Each round runs, in turn: raw ICU over UTF-16 (conversion not timed; the
 * same code as icu_raw.c), Galley default, (sentences) Galley raw, Galley
 * keep-whitespace. Taking turns means the ratios compare runs that saw the
 * same machine noise.
 * Best of RUNS; MB/s over the UTF-8 byte size. Also times
 * galley_utf8_validate alone.
 */
#include "bench_common.h"
#include "bench_icu.h"

#include "galley.h"

static void check(galley_status st, const galley_segmenter *seg, const char *what) {
  if (st != GALLEY_STATUS_OK) {
    fprintf(stderr, "%s: %s (%s)\n", what, galley_status_name(st),
            galley_errmsg());
    exit(3);
  }
}

/* split + read every span + free; returns the span count. */
static long long galley_run(galley_segmenter *seg, const char *utf8, size_t len,
                            long long *wordlike) {
  galley_spans *spans = NULL;
  check(galley_segmenter_split(seg, utf8, len, &spans), seg, "galley_segmenter_split");
  long long count = (long long)galley_spans_count(spans);
  const galley_span *d = galley_spans_data(spans);
  long long w = 0;
  for (long long i = 0; i < count; i++) w += d[i].kind != GALLEY_WORD_NONE;
  galley_spans_free(spans);
  if (wordlike) *wordlike = w;
  return count;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s CORPUS [RUNS [sentence|word]]\n", argv[0]);
    return 2;
  }
  int runs = argc > 2 ? atoi(argv[2]) : 5;
  if (runs < 1 || runs > 64) runs = 5;
  size_t len;
  char *utf8 = bench_read_file(argv[1], &len);
  int32_t len16 = 0;
  UChar *text16 = icu_to_utf16(utf8, len, &len16);

  char vs[U_MAX_VERSION_STRING_LENGTH];
  printf("{\"impl\": \"galley\", \"bench\": \"info\", \"galley_version\": \"%s\", "
         "\"icu_version\": \"%s\", \"bytes\": %zu}\n",
         galley_version_string(), icu_version(vs), len);

  double secs[4][64];
  for (int r = 0; r < runs; r++) {
    size_t off = 0;
    double t0 = bench_now();
    galley_status st = galley_utf8_validate(utf8, len, &off);
    secs[0][r] = bench_now() - t0;
    check(st, NULL, "galley_utf8_validate");
  }
  bench_report("galley", "utf8_validate", "none", len, secs[0], runs, 0, NULL);

  struct {
    const char *name;
    galley_unit unit;
    UBreakIteratorType type;
    const char *locale;
  } kinds[] = {{"sentence", GALLEY_UNIT_SENTENCE, UBRK_SENTENCE, "en@ss=standard"},
               {"word", GALLEY_UNIT_WORD, UBRK_WORD, "en"}};

  const char *only = argc > 3 ? argv[3] : NULL;
  for (int k = 0; k < 2; k++) {
    if (only && strcmp(only, kinds[k].name) != 0) continue;
    int words = kinds[k].unit == GALLEY_UNIT_WORD;
    galley_segment_options opt;
    galley_segment_options_init(&opt, sizeof opt);
    opt.unit = kinds[k].unit;
    galley_segmenter *seg = NULL, *seg_raw = NULL, *seg_ws = NULL;
    check(galley_segmenter_new(&opt, &seg), NULL, "galley_segmenter_new");
    if (!words) {
      opt.flags = GALLEY_SEGMENT_RAW;
      check(galley_segmenter_new(&opt, &seg_raw), NULL, "galley_segmenter_new");
    }
    /* ICU's exact segments: keep whitespace and, for sentences, no rules. */
    opt.flags = GALLEY_SEGMENT_KEEP_WHITESPACE | (words ? 0 : GALLEY_SEGMENT_RAW);
    check(galley_segmenter_new(&opt, &seg_ws), NULL, "galley_segmenter_new");
    UErrorCode status = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(kinds[k].type, kinds[k].locale, NULL, 0, &status);
    icu_check(status, "ubrk_open");

    /* Warm-up (first use allocates Galley's reusable buffers). */
    icu_run_utf16(bi, text16, len16, words, NULL);
    galley_run(seg, utf8, len, NULL);
    if (seg_raw) galley_run(seg_raw, utf8, len, NULL);
    galley_run(seg_ws, utf8, len, NULL);

    long long n[4] = {0, 0, 0, 0}, wl_icu = 0, wl_galley = 0;
    for (int r = 0; r < runs; r++) {
      double t0 = bench_now();
      n[0] = icu_run_utf16(bi, text16, len16, words, &wl_icu);
      double t1 = bench_now();
      n[1] = galley_run(seg, utf8, len, &wl_galley);
      double t2 = bench_now();
      if (seg_raw) n[3] = galley_run(seg_raw, utf8, len, NULL);
      double t3 = bench_now();
      n[2] = galley_run(seg_ws, utf8, len, NULL);
      double t4 = bench_now();
      secs[0][r] = t1 - t0;
      secs[1][r] = t2 - t1;
      secs[3][r] = t3 - t2;
      secs[2][r] = t4 - t3;
    }
    char note[200];
    snprintf(note, sizeof note, "locale %s, interleaved with galley", kinds[k].locale);
    bench_report("icu", "utf16_paired", kinds[k].name, len, secs[0], runs, n[0], note);
    if (words)
      snprintf(note, sizeof note, "lang en, flags 0: whitespace-only words dropped; "
               "%lld letter/number/kana/ideographic words", wl_galley);
    else
      snprintf(note, sizeof note, "lang en, flags 0: Galley's sentence rules on; "
               "trimmed, whitespace-only dropped");
    bench_report("galley", "split", kinds[k].name, len, secs[1], runs, n[1], note);
    if (seg_raw)
      bench_report("galley", "split_raw", kinds[k].name, len, secs[3], runs, n[3],
                   "lang en, GALLEY_SEGMENT_RAW: ICU's sentences, no rules; trimmed, "
                   "whitespace-only dropped");
    bench_report("galley", "split_keep_whitespace", kinds[k].name, len, secs[2], runs, n[2],
                 words ? "lang en, GALLEY_SEGMENT_KEEP_WHITESPACE"
                       : "lang en, GALLEY_SEGMENT_RAW | GALLEY_SEGMENT_KEEP_WHITESPACE");
    if (n[2] != n[0])
      fprintf(stderr, "warning: %s: galley %skeep-whitespace gives %lld spans, ICU %lld "
              "segments\n", kinds[k].name, words ? "" : "raw ", n[2], n[0]);
    ubrk_close(bi);
    galley_segmenter_free(seg);
    if (seg_raw) galley_segmenter_free(seg_raw);
    galley_segmenter_free(seg_ws);
  }
  free(text16);
  free(utf8);
  return 0;
}
