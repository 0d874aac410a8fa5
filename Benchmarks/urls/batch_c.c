/* The batch call alone, for profiling (perf record) and timing on the CPU
 * clock: the first COUNT URLs of the benchmark file (lines of
 * `url<TAB>base`) laid out as bench_c.c lays them out (concatenated bytes +
 * offsets, distinct bases, a base index per URL), then
 * galley_url_canonicalize_many() ROUNDS times. Prints the median and best
 * CPU µs per URL and a checksum of the output (FNV-1a over every round's
 * text, so that two builds can be compared for identical output).
 *
 *   batch_c URLS.tsv [COUNT [ROUNDS [match_key]]]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "galley.h"

static double cpu(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s URLS.tsv [COUNT [ROUNDS [match_key]]]\n", argv[0]);
    return 2;
  }
  size_t count = argc > 2 ? strtoul(argv[2], NULL, 10) : 30000;
  int rounds = argc > 3 ? atoi(argv[3]) : 50;
  int key = argc > 4 && !strcmp(argv[4], "match_key");
  FILE *f = fopen(argv[1], "rb");
  if (!f) {
    perror(argv[1]);
    return 1;
  }
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)size + 1);
  if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) return 1;
  fclose(f);

  char *flat = malloc((size_t)size + 1), *flat_bases = malloc((size_t)size + 1);
  size_t *offsets = malloc((count + 1) * sizeof *offsets);
  size_t *base_offsets = malloc((count + 1) * sizeof *base_offsets);
  int32_t *base_index = malloc((count + 1) * sizeof *base_index);
  size_t n = 0, at = 0, base_at = 0, base_count = 0;
  base_offsets[0] = 0;
  for (char *p = buf; p < buf + size && n < count;) {
    char *nl = memchr(p, '\n', (size_t)(buf + size - p));
    if (!nl) nl = buf + size;
    char *tab = memchr(p, '\t', (size_t)(nl - p));
    if (!tab) return 1;
    offsets[n] = at;
    memcpy(flat + at, p, (size_t)(tab - p));
    at += (size_t)(tab - p);
    base_index[n] = -1;
    size_t blen = (size_t)(nl - tab - 1);
    if (blen) {
      /* distinct bases by a linear search (untimed; a few hundred here) */
      int32_t found = -1;
      for (size_t j = 0; j < base_count; j++)
        if (base_offsets[j + 1] - base_offsets[j] == blen && !memcmp(flat_bases + base_offsets[j], tab + 1, blen)) {
          found = (int32_t)j;
          break;
        }
      if (found < 0) {
        memcpy(flat_bases + base_at, tab + 1, blen);
        base_at += blen;
        found = (int32_t)base_count++;
        base_offsets[base_count] = base_at;
      }
      base_index[n] = found;
    }
    n++;
    p = nl + 1;
  }
  offsets[n] = at;

  galley_canonical_options options;
  galley_canonical_options_init(&options, sizeof options);
  if (key) options.flags |= GALLEY_CANONICAL_MATCH_KEY;
  double *t = malloc((size_t)rounds * sizeof *t);
  uint64_t h = 1469598103934665603ull;
  size_t failures = 0;
  for (int r = 0; r < rounds; r++) {
    double t0 = cpu();
    galley_url_list *list = NULL;
    if (galley_url_canonicalize_many(&options, flat, offsets, n, flat_bases, base_offsets, base_count,
                                     base_index, &list) != GALLEY_STATUS_OK)
      return 1;
    size_t len = 0;
    const char *text = galley_url_list_text(list, &len);
    if (r == 0) {
      for (size_t k = 0; k < len; k++) h = (h ^ (unsigned char)text[k]) * 1099511628211ull;
      failures = galley_url_list_failures(list);
    }
    galley_url_list_free(list);
    t[r] = cpu() - t0;
  }
  qsort(t, (size_t)rounds, sizeof *t, cmp);
  printf("{\"urls\": %zu, \"bases\": %zu, \"rounds\": %d, \"median_us_per_url\": %.4f, "
         "\"best_us_per_url\": %.4f, \"failures\": %zu, \"checksum\": \"%016llx\"}\n",
         n, base_count, rounds, t[rounds / 2] * 1e6 / n, t[0] * 1e6 / n, failures, (unsigned long long)h);
  return 0;
}
