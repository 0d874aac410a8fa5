/* icu_raw.c — the baseline: raw ICU sentence and word segmentation.
 *
 *   icu_raw CORPUS [RUNS]
 *
 * Variants (one JSON line each; MB/s is always over the UTF-8 byte size of
 * the input, so the figures compare with Galley's, which takes UTF-8):
 *
 *   utf16        the text is converted to UTF-16 once, outside the timing;
 *                timed: ubrk_setText + ubrk_next over every boundary
 *                (words also call ubrk_getRuleStatus at each one).
 *   utf8_to_16   as utf16, with malloc + u_strFromUTF8 + free inside the
 *                timed region: what any UTF-8-in library built on the
 *                UTF-16 iterator must at least do.
 *   utext_utf8   no conversion: utext_openUTF8 + ubrk_setUText, iterating
 *                the UTF-8 directly (ICU's other way in), for reference.
 *
 * Sentences use "en@ss=standard" (English suppressions: "Mr. Smith" is not
 * split), words "en". Break iterators are opened once, outside the timing.
 */
#include "bench_common.h"
#include "bench_icu.h"

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s CORPUS [RUNS]\n", argv[0]);
    return 2;
  }
  int runs = argc > 2 ? atoi(argv[2]) : 5;
  if (runs < 1 || runs > 64) runs = 5;
  size_t len;
  char *utf8 = bench_read_file(argv[1], &len);
  int32_t len16 = 0;
  UChar *text16 = icu_to_utf16(utf8, len, &len16);

  char vs[U_MAX_VERSION_STRING_LENGTH];
  printf("{\"impl\": \"icu\", \"bench\": \"info\", \"icu_version\": \"%s\", "
         "\"bytes\": %zu, \"utf16_units\": %d}\n", icu_version(vs), len, len16);

  struct {
    const char *unit;
    UBreakIteratorType type;
    const char *locale;
  } kinds[] = {{"sentence", UBRK_SENTENCE, "en@ss=standard"},
               {"word", UBRK_WORD, "en"}};

  for (int k = 0; k < 2; k++) {
    UErrorCode status = U_ZERO_ERROR;
    int words = kinds[k].type == UBRK_WORD;
    UBreakIterator *bi = ubrk_open(kinds[k].type, kinds[k].locale, NULL, 0, &status);
    icu_check(status, "ubrk_open");
    double secs[3][64];
    long long segs[3] = {0, 0, 0}, wl = 0;
    UText *ut = NULL;

    /* Warm-up: touches the text and the iterator's caches once. */
    icu_run_utf16(bi, text16, len16, words, NULL);

    /* The three variants take turns within each round, so that they see
     * the same machine noise. */
    for (int r = 0; r < runs; r++) {
      double t0 = bench_now();
      segs[0] = icu_run_utf16(bi, text16, len16, words, &wl);
      double t1 = bench_now();
      segs[1] = icu_run_utf8_to_16(bi, utf8, len, words, NULL);
      double t2 = bench_now();
      ut = utext_openUTF8(ut, utf8, (int64_t)len, &status);
      ubrk_setUText(bi, ut, &status);
      icu_check(status, "utext_openUTF8/ubrk_setUText");
      segs[2] = iterate(bi, words, NULL);
      double t3 = bench_now();
      secs[0][r] = t1 - t0;
      secs[1][r] = t2 - t1;
      secs[2][r] = t3 - t2;
    }
    char note[128];
    if (words) snprintf(note, sizeof note, "locale %s; %lld letter/number words", kinds[k].locale, wl);
    else snprintf(note, sizeof note, "locale %s", kinds[k].locale);
    bench_report("icu", "utf16", kinds[k].unit, len, secs[0], runs, segs[0], note);
    bench_report("icu", "utf8_to_16", kinds[k].unit, len, secs[1], runs, segs[1], note);
    bench_report("icu", "utext_utf8", kinds[k].unit, len, secs[2], runs, segs[2], note);
    ubrk_close(bi);
    utext_close(ut);
  }
  free(text16);
  free(utf8);
  return 0;
}
