/*
 * Threads as galley.h allows them, for ThreadSanitizer (scripts/test.sh
 * builds the library and this program with GALLEY_SANITIZE=thread): four
 * threads, each with its own segmenter (one per thread), normalizing and
 * canonicalizing URLs (safe from any thread) and adding to one in-memory
 * index shared under a mutex (one thread at a time; it may move between
 * threads), reading the results (immutable; any thread). Checks the spans
 * are the same on every thread.
 */
#include <galley.h>

#include <pthread.h>
#include <string.h>

#include "test_support.h"

#define THREADS 4
#define ROUNDS 40

static galley_dedup_index *shared_index;
static pthread_mutex_t index_lock = PTHREAD_MUTEX_INITIALIZER;
static const char *text =
    "The bridge reopened on Monday.But the council says little. Dr. Smith disagreed! "
    "Prices rose 4.5% in May. Ціни зросли. Цены выросли.\n\nA second paragraph, quite short.";
static size_t expected_count[THREADS];

static void *work(void *arg) {
  int t = (int)(intptr_t)arg;
  galley_segment_options o;
  galley_segment_options_init(&o, sizeof o);
  o.lang = t % 2 ? "en" : "uk";
  galley_segmenter *seg = NULL;
  if (galley_segmenter_new(&o, &seg) != GALLEY_STATUS_OK) return (void *)1;
  for (int r = 0; r < ROUNDS; r++) {
    galley_spans *spans = NULL;
    if (galley_segmenter_split(seg, text, strlen(text), &spans) != GALLEY_STATUS_OK) return (void *)2;
    size_t n = galley_spans_count(spans);
    if (r == 0) expected_count[t] = n;
    if (n != expected_count[t]) return (void *)3;
    galley_spans_free(spans);

    galley_normalized *norm = NULL;
    size_t bad;
    if (galley_normalize(NULL, text, strlen(text), &norm, &bad) != GALLEY_STATUS_OK) return (void *)4;
    galley_normalized_free(norm);

    galley_url *url = NULL;
    const char *u = "HTTPS://Example.COM/a/../b?utm_source=x&z=1#frag";
    galley_url_canonicalize(NULL, u, strlen(u), NULL, 0, &url);
    galley_url_free(url);

    char id[32], para[160];
    int il = snprintf(id, sizeof id, "t%d-r%d", t, r);
    int pl = snprintf(para, sizeof para, "Paragraph from thread %d round %d about the same bridge and council.", t, r % 5);
    size_t id_off[] = {0, (size_t)il}, text_off[] = {0, (size_t)pl}, paras[] = {0, 1};
    galley_dedup_results *res = NULL;
    pthread_mutex_lock(&index_lock);
    galley_status st = galley_dedup_index_add(shared_index, 1, id, id_off, para, text_off, paras, &res);
    pthread_mutex_unlock(&index_lock);
    if (st != GALLEY_STATUS_OK) return (void *)5;
    (void)galley_dedup_results_count(res);  /* results: any thread */
    galley_dedup_results_free(res);
  }
  galley_segmenter_free(seg);
  return NULL;
}

int main(void) {
  CHECK(galley_dedup_index_new(NULL, &shared_index) == GALLEY_STATUS_OK, "index");
  pthread_t th[THREADS];
  for (int t = 0; t < THREADS; t++) pthread_create(&th[t], NULL, work, (void *)(intptr_t)t);
  for (int t = 0; t < THREADS; t++) {
    void *rc;
    pthread_join(th[t], &rc);
    CHECK(rc == NULL, "thread %d failed at step %d", t, (int)(intptr_t)rc);
  }
  CHECK(galley_dedup_index_count(shared_index) == THREADS * ROUNDS, "every paragraph added: %zu",
        galley_dedup_index_count(shared_index));
  CHECK(expected_count[0] == expected_count[2] && expected_count[1] == expected_count[3], "same spans per language");
  galley_dedup_index_free(shared_index);
  printf("%d checks, %d failures\n", checks, failures);
  return failures ? 1 : 0;
}
