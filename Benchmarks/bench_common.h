/* Shared helpers for the C benchmarks: reading the corpus, a monotonic
 * clock, best-of-N bookkeeping and JSON-line output. Header-only. */
#ifndef GALLEY_BENCH_COMMON_H
#define GALLEY_BENCH_COMMON_H

#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Wall time, or with BENCH_CLOCK=cpu in the environment the process's CPU
 * time (the benchmarks are single-threaded; steadier on a loaded machine). */
static double bench_now(void) {
  static int clock_id = -1;
  if (clock_id < 0) {
    const char *c = getenv("BENCH_CLOCK");
    clock_id = (c && strcmp(c, "cpu") == 0) ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC;
  }
  struct timespec ts;
  clock_gettime((clockid_t)clock_id, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Reads a whole file; exits on failure. */
static char *bench_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    exit(2);
  }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
    fprintf(stderr, "cannot read %s\n", path);
    exit(2);
  }
  fclose(f);
  buf[n] = 0;
  *len = (size_t)n;
  return buf;
}

static int bench_cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Prints one JSON line: name, best and median seconds, MB/s over `bytes`
 * (10^6 bytes per MB), segment count and the raw times. */
static void bench_report(const char *impl, const char *name, const char *unit,
                         size_t bytes, double *secs, int runs,
                         long long segments, const char *note) {
  double sorted[64];
  int n = runs < 64 ? runs : 64;
  memcpy(sorted, secs, sizeof(double) * (size_t)n);
  qsort(sorted, (size_t)n, sizeof(double), bench_cmp_double);
  double best = sorted[0], median = sorted[n / 2];
  printf("{\"impl\": \"%s\", \"bench\": \"%s\", \"unit\": \"%s\", "
         "\"bytes\": %zu, \"runs\": %d, \"best_s\": %.6f, \"median_s\": %.6f, "
         "\"mb_per_s\": %.2f, \"median_mb_per_s\": %.2f, \"segments\": %lld",
         impl, name, unit, bytes, runs, best, median, bytes / best / 1e6,
         bytes / median / 1e6, segments);
  if (note) printf(", \"note\": \"%s\"", note);
  printf(", \"times_s\": [");
  for (int i = 0; i < n; i++) printf("%s%.6f", i ? ", " : "", secs[i]);
  printf("]}\n");
  fflush(stdout);
}

#endif
