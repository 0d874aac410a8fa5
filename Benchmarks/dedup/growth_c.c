/* Growth run without Python (issue 11): per-call galley_dedup_index_add
 * time and RSS per paragraph as an index grows to 10M paragraphs, for the
 * sizes Python's own cost (generating and passing the text) makes too slow.
 *
 *   cc -O2 -I include Benchmarks/dedup/growth_c.c -L build -lgalley -Wl,-rpath,$PWD/build -o build/growth_c
 *   build/growth_c --max 10000000                       # in memory
 *   build/growth_c --max 1000000 --file /tmp/g.db       # an SQLite file
 *   build/growth_c --max 10000000 --file /tmp/g.db --batch 200   # build a large file fast
 *   build/growth_c --reopen /tmp/g.db                   # open it in a fresh process
 *
 * Paragraphs are synthetic news lengths (25-110 words) from a 50,000-word
 * Zipf vocabulary (exponent 1.05), 8% repeating an earlier paragraph
 * exactly and 6% with one word changed, deterministic (xorshift, fixed
 * seed). One call adds --batch articles of --per-call paragraphs (default
 * 1 article of 5). At 10k, 100k, 1M, 3M, 10M (up to --max) it prints one JSON
 * line: the mean microseconds per call over the last 2,000 calls (only the
 * add call is timed; wall clock and the process's CPU time), VmRSS minus VmRSS before the index was made, per
 * paragraph, and the file's size. cpu_us_per_call_since_last is the CPU
 * time per call over every call since the previous checkpoint: it includes
 * the LSH merges at their true share (a merge, linear in the index, falls
 * every 1/32 of its size, and may or may not fall in the last 2,000 calls). --reopen prints the open's seconds, RSS
 * and peak RSS (VmHWM) above the process's RSS before it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "galley.h"

static uint64_t state = 0x9E3779B97F4A7C15ull;
static uint64_t next(void) {
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return state;
}

static long status_kb(const char *field) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long v = 0;
  size_t n = strlen(field);
  while (f && fgets(line, sizeof line, f))
    if (strncmp(line, field, n) == 0 && line[n] == ':') v = atol(line + n + 1);
  if (f) fclose(f);
  return v;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static double cpu_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static long long file_size(const char *path) {
  struct stat st;
  long long total = 0;
  char wal[4096];
  if (stat(path, &st) == 0) total += st.st_size;
  snprintf(wal, sizeof wal, "%s-wal", path);
  if (stat(wal, &st) == 0) total += st.st_size;
  return total;
}

#define VOCAB 50000
#define RECENT 4096
static char words[VOCAB][12];
static double cumulative[VOCAB];
static char *recent[RECENT];
static size_t recent_len[RECENT];
static int recent_count = 0;

static void setup(void) {
  double total = 0;
  for (int i = 0; i < VOCAB; i++) {
    snprintf(words[i], sizeof words[i], "w%llx", (unsigned long long)i * 2654435761ull % 1000003ull);
    total += 1.0 / __builtin_pow(i + 1, 1.05);
    cumulative[i] = total;
  }
  for (int i = 0; i < VOCAB; i++) cumulative[i] /= total;
}

static int draw_word(void) {
  double u = (next() >> 11) * (1.0 / 9007199254740992.0);
  int lo = 0, hi = VOCAB - 1;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    if (cumulative[mid] < u) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/* Appends one paragraph to buf (grown as needed); returns its length. */
static size_t paragraph(char **buf, size_t *cap, size_t at) {
  if (*cap < at + 2048) { *cap = (at + 2048) * 2; *buf = realloc(*buf, *cap); }
  char *out = *buf + at;
  uint64_t r = next() % 100;
  if (r < 14 && recent_count > 0) {
    int k = (int)(next() % recent_count);
    memcpy(out, recent[k], recent_len[k]);
    size_t n = recent_len[k];
    if (r >= 8) {  /* one word changed: the first word becomes "changed" */
      char *space = memchr(out, ' ', n);
      if (space) {
        size_t rest = n - (size_t)(space - out);
        memmove(out + 7, space, rest);
        memcpy(out, "changed", 7);
        n = 7 + rest;
      }
    }
    return n;
  }
  int len = 25 + (int)(next() % 86);
  size_t n = 0;
  for (int i = 0; i < len; i++) {
    const char *w = words[draw_word()];
    size_t wl = strlen(w);
    if (i) out[n++] = ' ';
    memcpy(out + n, w, wl);
    n += wl;
  }
  out[n++] = '.';
  int slot = recent_count < RECENT ? recent_count++ : (int)(next() % RECENT);
  recent[slot] = realloc(recent[slot], n);
  memcpy(recent[slot], out, n);
  recent_len[slot] = n;
  return n;
}

int main(int argc, char **argv) {
  long long max = 1000000;
  int per_call = 5, batch = 1;
  const char *file = NULL, *reopen = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--max") && i + 1 < argc) max = atoll(argv[++i]);
    else if (!strcmp(argv[i], "--per-call") && i + 1 < argc) per_call = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--batch") && i + 1 < argc) batch = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--file") && i + 1 < argc) file = argv[++i];
    else if (!strcmp(argv[i], "--reopen") && i + 1 < argc) reopen = argv[++i];
    else { fprintf(stderr, "usage: see the comment at the top of growth_c.c\n"); return 2; }
  }
  if (reopen) {
    long r0 = status_kb("VmRSS"), h0 = status_kb("VmHWM");
    galley_dedup_index *index = NULL;
    double t0 = now();
    galley_status st = galley_dedup_index_open(reopen, NULL, &index);
    double dt = now() - t0;
    if (st != GALLEY_STATUS_OK) { fprintf(stderr, "open: %s\n", galley_errmsg()); return 1; }
    size_t n = galley_dedup_index_count(index);
    long r = status_kb("VmRSS") - r0, h = status_kb("VmHWM") - h0;
    printf("{\"system\": \"galley-c-reopen\", \"paragraphs\": %zu, \"seconds\": %.3f, \"rss_bytes\": %ld, "
           "\"rss_per_paragraph\": %.1f, \"peak_rss_bytes\": %ld, \"file_bytes\": %lld, "
           "\"file_per_paragraph\": %.1f}\n",
           n, dt, r * 1024, r * 1024.0 / (n ? n : 1), h * 1024, file_size(reopen),
           file_size(reopen) / (double)(n ? n : 1));
    galley_dedup_index_free(index);
    return 0;
  }
  setup();
  for (int i = 0; i < 5000; i++) { char *b = NULL; size_t c = 0; paragraph(&b, &c, 0); free(b); }
  long rss0 = status_kb("VmRSS");
  galley_dedup_index *index = NULL;
  galley_status st = file ? galley_dedup_index_open(file, NULL, &index) : galley_dedup_index_new(NULL, &index);
  if (st != GALLEY_STATUS_OK) { fprintf(stderr, "open failed: %d\n", (int)st); return 1; }
  long long checkpoints[] = {10000, 100000, 1000000, 3000000, 10000000};
  int next_cp = 0;
  size_t cap = 0, id_cap = 0;
  char *text = NULL, *ids = NULL;
  size_t *text_offsets = calloc((size_t)batch * per_call + 1, sizeof(size_t));
  size_t *id_offsets = calloc((size_t)batch + 1, sizeof(size_t));
  size_t *doc_paragraphs = calloc((size_t)batch + 1, sizeof(size_t));
  enum { WINDOW = 2000 };
  double window[WINDOW], cpu_window[WINDOW];
  long long calls = 0, n = 0;
  double added = 0, start = now(), cpu_added = 0, cpu_at_checkpoint = 0;
  long long calls_at_checkpoint = 0;
  while (n < max) {
    size_t at = 0, id_at = 0;
    int k = 0;
    for (int d = 0; d < batch; d++) {
      if (id_cap < id_at + 32) { id_cap = (id_at + 32) * 2; ids = realloc(ids, id_cap); }
      id_at += (size_t)snprintf(ids + id_at, 32, "a%lld-%d", calls, d);
      id_offsets[d + 1] = id_at;
      for (int p = 0; p < per_call; p++) {
        at += paragraph(&text, &cap, at);
        text_offsets[++k] = at;
      }
      doc_paragraphs[d + 1] = (size_t)k;
    }
    galley_dedup_results *results = NULL;
    double t0 = now(), c0 = cpu_now();
    st = galley_dedup_index_add(index, (size_t)batch, ids, id_offsets, text, text_offsets, doc_paragraphs, &results);
    double dt = now() - t0;
    cpu_window[calls % WINDOW] = cpu_now() - c0;
    cpu_added += cpu_window[calls % WINDOW];
    if (st != GALLEY_STATUS_OK) { fprintf(stderr, "add: %s\n", galley_errmsg()); return 1; }
    galley_dedup_results_free(results);
    added += dt;
    window[calls % WINDOW] = dt;
    calls++;
    n += k;
    while (next_cp < 5 && n >= checkpoints[next_cp] && checkpoints[next_cp] <= max) {
      long r = (status_kb("VmRSS") - rss0) * 1024;
      int w = calls < WINDOW ? (int)calls : WINDOW;
      double sum = 0, cpu = 0;
      for (int i = 0; i < w; i++) { sum += window[i]; cpu += cpu_window[i]; }
      printf("{\"system\": \"%s\", \"paragraphs\": %lld, \"calls\": %lld, \"per_call\": %d, \"us_per_call\": %.1f, "
             "\"cpu_us_per_call\": %.1f, \"cpu_us_per_call_since_last\": %.1f, \"add_seconds\": %.1f, \"wall_seconds\": %.1f, \"rss_bytes\": %ld, "
             "\"rss_per_paragraph\": %.1f",
             file ? "galley-c-file" : "galley-c", n, calls, batch * per_call, 1e6 * sum / w, 1e6 * cpu / w,
             1e6 * (cpu_added - cpu_at_checkpoint) / (double)(calls - calls_at_checkpoint), added,
             now() - start, r, (double)r / n);
      if (file) printf(", \"file_bytes\": %lld, \"file_per_paragraph\": %.1f", file_size(file),
                       file_size(file) / (double)n);
      printf("}\n");
      cpu_at_checkpoint = cpu_added;
      calls_at_checkpoint = calls;
      fflush(stdout);
      next_cp++;
    }
  }
  galley_dedup_index_free(index);
  return 0;
}
