/* Galley's URL canonicalization through the C ABI: every URL of the
 * benchmark file (lines of `url<TAB>base`, from gen_urls.py) through
 * galley_url_canonicalize() with the default options, the canonical href
 * read with galley_url_component(GALLEY_URL_HREF), then galley_url_free().
 * Then the batch call, galley_url_canonicalize_many(), over all of them at
 * once (the URLs and distinct bases laid out as concatenated bytes + offsets
 * and a base index per URL, prepared untimed: that layout is the call's
 * input format). Then, for reference, the per-URL loop through
 * galley_url_parse() (parse and serialize only, no canonicalization). Best
 * of N runs each, the loops taking turns within each round; prints one JSON
 * object.
 *
 *   bench_c URLS.tsv [RUNS]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "galley.h"

typedef struct {
  const char *url;
  size_t url_len;
  const char *base; /* NULL for none */
  size_t base_len;
} item;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s URLS.tsv [RUNS]\n", argv[0]);
    return 2;
  }
  int runs = argc > 2 ? atoi(argv[2]) : 3;
  FILE *f = fopen(argv[1], "rb");
  if (!f) {
    perror(argv[1]);
    return 1;
  }
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)size + 1);
  if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
    fprintf(stderr, "cannot read %s\n", argv[1]);
    return 1;
  }
  fclose(f);
  buf[size] = '\0';

  size_t n = 0, cap = 1 << 17;
  item *items = malloc(cap * sizeof *items);
  for (char *p = buf; p < buf + size;) {
    char *nl = memchr(p, '\n', (size_t)(buf + size - p));
    if (!nl) nl = buf + size;
    char *tab = memchr(p, '\t', (size_t)(nl - p));
    if (!tab) {
      fprintf(stderr, "line without a tab\n");
      return 1;
    }
    if (n == cap) items = realloc(items, (cap *= 2) * sizeof *items);
    items[n].url = p;
    items[n].url_len = (size_t)(tab - p);
    items[n].base = tab + 1 < nl ? tab + 1 : NULL;
    items[n].base_len = (size_t)(nl - tab - 1);
    n++;
    p = nl + 1;
  }

  galley_canonical_options options;
  galley_canonical_options_init(&options, sizeof options);

  /* The batch layout: URLs concatenated with offsets; distinct bases (found
   * by a small open-addressing hash on their bytes) likewise, and per URL
   * the index of its base or -1. */
  char *flat = malloc((size_t)size + 1), *flat_bases = malloc((size_t)size + 1);
  size_t *offsets = malloc((n + 1) * sizeof *offsets), *base_offsets = malloc((n + 1) * sizeof *base_offsets);
  int32_t *base_index = malloc((n + 1) * sizeof *base_index);
  size_t slots = 1;
  while (slots < 2 * n + 2) slots <<= 1;
  int32_t *table = malloc(slots * sizeof *table);
  for (size_t s = 0; s < slots; s++) table[s] = -1;
  size_t at = 0, base_at = 0, base_count = 0;
  for (size_t i = 0; i < n; i++) {
    offsets[i] = at;
    memcpy(flat + at, items[i].url, items[i].url_len);
    at += items[i].url_len;
    base_index[i] = -1;
    if (!items[i].base) continue;
    uint64_t h = 1469598103934665603ull;
    for (size_t k = 0; k < items[i].base_len; k++) h = (h ^ (unsigned char)items[i].base[k]) * 1099511628211ull;
    for (size_t s = h & (slots - 1);; s = (s + 1) & (slots - 1)) {
      int32_t j = table[s];
      if (j < 0) {
        table[s] = (int32_t)base_count;
        base_offsets[base_count] = base_at;
        memcpy(flat_bases + base_at, items[i].base, items[i].base_len);
        base_at += items[i].base_len;
        base_index[i] = (int32_t)base_count++;
        base_offsets[base_count] = base_at;
        break;
      }
      if (base_offsets[j + 1] - base_offsets[j] == items[i].base_len &&
          !memcmp(flat_bases + base_offsets[j], items[i].base, items[i].base_len)) {
        base_index[i] = j;
        break;
      }
    }
  }
  offsets[n] = at;
  if (base_count == 0) base_offsets[0] = 0;
  double batch_best = 1e30;
  size_t batch_failed = 0;

  double best = 1e30, total = 0, parse_best = 1e30;
  size_t parse_failed = 0;
  size_t failed = 0, out_bytes = 0;
  uint64_t checksum = 0;
  for (int r = 0; r < runs; r++) {
    failed = out_bytes = 0;
    double t0 = now();
    for (size_t i = 0; i < n; i++) {
      galley_url *url = NULL;
      galley_status st = galley_url_canonicalize(&options, items[i].url, items[i].url_len,
                                                 items[i].base, items[i].base_len, &url);
      if (st != GALLEY_STATUS_OK) {
        failed++;
      } else {
        size_t len = 0;
        const char *href = galley_url_component(url, GALLEY_URL_HREF, &len);
        out_bytes += len;
        checksum += (unsigned char)href[len / 2];
      }
      galley_url_free(url);
    }
    double dt = now() - t0;
    total += dt;
    if (dt < best) best = dt;
    fprintf(stderr, "  galley C run %d: %.3f s (%.0f URLs/s)\n", r + 1, dt, n / dt);

    t0 = now();
    galley_url_list *list = NULL;
    if (galley_url_canonicalize_many(&options, flat, offsets, n, flat_bases, base_offsets, base_count,
                                     base_index, &list) != GALLEY_STATUS_OK) {
      fprintf(stderr, "galley_url_canonicalize_many failed\n");
      return 1;
    }
    size_t text_len = 0;
    const char *text = galley_url_list_text(list, &text_len);
    checksum += (unsigned char)text[text_len / 2];
    batch_failed = galley_url_list_failures(list);
    galley_url_list_free(list);
    dt = now() - t0;
    if (dt < batch_best) batch_best = dt;
    fprintf(stderr, "  galley C batch run %d: %.3f s (%.0f URLs/s)\n", r + 1, dt, n / dt);

    t0 = now();
    for (size_t i = 0; i < n; i++) {
      galley_url *url = NULL;
      if (galley_url_parse(items[i].url, items[i].url_len, items[i].base, items[i].base_len,
                           &url) == GALLEY_STATUS_OK) {
        size_t len = 0;
        const char *href = galley_url_component(url, GALLEY_URL_HREF, &len);
        checksum += (unsigned char)href[len / 2];
      } else {
        parse_failed++;
      }
      galley_url_free(url);
    }
    dt = now() - t0;
    if (dt < parse_best) parse_best = dt;
    fprintf(stderr, "  galley C parse-only run %d: %.3f s (%.0f URLs/s)\n", r + 1, dt, n / dt);
  }
  printf("{\"urls\": %zu, \"runs\": %d, \"best_s\": %.6f, \"mean_s\": %.6f, "
         "\"urls_per_s\": %.1f, \"failed\": %zu, \"output_bytes\": %zu, \"checksum\": %llu, "
         "\"batch\": {\"best_s\": %.6f, \"urls_per_s\": %.1f, \"failed\": %zu, \"bases\": %zu}, "
         "\"parse_only\": {\"best_s\": %.6f, \"urls_per_s\": %.1f, \"failed\": %zu}}\n",
         n, runs, best, total / runs, n / best, failed, out_bytes,
         (unsigned long long)checksum, batch_best, n / batch_best, batch_failed, base_count, parse_best,
         n / parse_best, parse_failed / (size_t)runs);
  free(flat);
  free(flat_bases);
  free(offsets);
  free(base_offsets);
  free(base_index);
  free(table);
  free(items);
  free(buf);
  return 0;
}
