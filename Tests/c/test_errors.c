/*
 * The header's one error model, call by call: every fallible function of
 * include/galley.h is made to fail here (EXPECT_FAILS) and must then
 *   - return the status the header documents,
 *   - leave the same status in galley_errcode() and a message in
 *     galley_errmsg(), with galley_error_offset()/galley_error_item() as
 *     documented (SIZE_MAX when they do not apply),
 *   - set its pointer out-parameters to NULL (and leave the others alone);
 * and a success must clear the thread's last error (EXPECT_OK).
 * Also the versions and status names. The last error is per thread: a failure on one thread is not seen on
 * another. Deprecated entry points still report as they did.
 *
 * check_error_model.py walks galley.h and fails when a fallible
 * declaration has no EXPECT_FAILS here.
 *
 * usage: test_errors
 */
#define GALLEY_NO_DEPRECATION_WARNINGS
#include "galley.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_support.h"

#define SENTINEL ((void *)0x1)

static void check_failure(const char *call, int line, galley_status rc, galley_status expected) {
  checks++;
  if (rc != expected || galley_errcode() != rc || galley_errmsg() == NULL || galley_errmsg()[0] == 0) {
    failures++;
    fprintf(stderr, "FAIL test_errors.c:%d: %s returned %s (want %s), errcode %s, errmsg \"%s\"\n", line,
            call, galley_status_name(rc), galley_status_name(expected), galley_status_name(galley_errcode()),
            galley_errmsg() ? galley_errmsg() : "(NULL)");
  }
}

static void check_success(const char *call, int line, galley_status rc) {
  checks++;
  if (rc != GALLEY_STATUS_OK || galley_errcode() != GALLEY_STATUS_OK || strcmp(galley_errmsg(), "") != 0 ||
      galley_error_offset() != SIZE_MAX || galley_error_item() != SIZE_MAX) {
    failures++;
    fprintf(stderr, "FAIL test_errors.c:%d: %s returned %s, errcode %s, errmsg \"%s\", offset %zu, item %zu\n",
            line, call, galley_status_name(rc), galley_status_name(galley_errcode()), galley_errmsg(),
            galley_error_offset(), galley_error_item());
  }
}

/* `call` must fail with `expected`, and leave it as the thread's last error. */
#define EXPECT_FAILS(call, expected) check_failure(#call, __LINE__, (call), (expected))
/* `call` must succeed and clear the thread's last error. */
#define EXPECT_OK(call) check_success(#call, __LINE__, (call))

/* A success on its own: clears the last error before the next case. */
static void reset(void) {
  size_t off = 0;
  EXPECT_OK(galley_utf8_validate("ok", 2, &off));
}

/* Versions and status names. */
static void test_versions(void) {
  CHECK(galley_version_number() == GALLEY_VERSION_NUMBER, "%u", galley_version_number());
  CHECK(strcmp(galley_version_string(), GALLEY_VERSION_STRING) == 0, "%s", galley_version_string());
  CHECK(strcmp(galley_status_name(GALLEY_STATUS_OK), "GALLEY_STATUS_OK") == 0, "ok name");
  CHECK(strcmp(galley_status_name(GALLEY_STATUS_INVALID_UTF8), "GALLEY_STATUS_INVALID_UTF8") == 0, "utf8 name");
  CHECK(strcmp(galley_status_name(GALLEY_STATUS_TOO_LARGE), "GALLEY_STATUS_TOO_LARGE") == 0, "too large name");
  CHECK(strcmp(galley_status_name(-7), "GALLEY_STATUS_UNKNOWN") == 0, "unknown name");
}

static const char BAD[] = "ab\xff";   /* invalid UTF-8 at byte offset 2 */

static void test_thread_state(void) {
  /* A thread that never called Galley reads OK. */
  CHECK(galley_errcode() == GALLEY_STATUS_OK, "%d", galley_errcode());
  CHECK(strcmp(galley_errmsg(), "") == 0, "%s", galley_errmsg());
  CHECK(galley_error_offset() == SIZE_MAX && galley_error_item() == SIZE_MAX, "offset/item set");
}

static void test_utf8_validate(void) {
  size_t off = 99;
  EXPECT_FAILS(galley_utf8_validate(BAD, 3, &off), GALLEY_STATUS_INVALID_UTF8);
  CHECK(galley_error_offset() == 2 && off == 2, "offset %zu / %zu", galley_error_offset(), off);
  CHECK(galley_error_item() == SIZE_MAX, "item %zu", galley_error_item());
  EXPECT_FAILS(galley_utf8_validate(NULL, 3, NULL), GALLEY_STATUS_INVALID_ARGUMENT);
  CHECK(galley_error_offset() == SIZE_MAX, "offset %zu", galley_error_offset());
  reset();
}

static void test_segmentation(void) {
  galley_segmenter *s = SENTINEL;
  galley_segment_options o;
  galley_segment_options_init(&o, sizeof o);
  o.unit = 99;
  EXPECT_FAILS(galley_segmenter_new(&o, &s), GALLEY_STATUS_INVALID_ARGUMENT);
  CHECK(s == NULL, "out not NULL after failure");
  CHECK(strstr(galley_errmsg(), "unit") != NULL, "%s", galley_errmsg());
  EXPECT_OK(galley_segmenter_new(NULL, &s));

  galley_spans *spans = SENTINEL;
  EXPECT_FAILS(galley_segmenter_split(s, BAD, 3, &spans), GALLEY_STATUS_INVALID_UTF8);
  CHECK(spans == NULL, "out not NULL after failure");
  CHECK(galley_error_offset() == 2, "offset %zu", galley_error_offset());
  /* The deprecated per-handle accessors say the same. */
  CHECK(strcmp(galley_segmenter_errmsg(s), galley_errmsg()) == 0, "%s", galley_segmenter_errmsg(s));
  CHECK(galley_segmenter_error_offset(s) == 2, "%zu", galley_segmenter_error_offset(s));
  EXPECT_FAILS(galley_segmenter_split(NULL, "a", 1, &spans), GALLEY_STATUS_INVALID_ARGUMENT);
  EXPECT_OK(galley_segmenter_split(s, "A b.", 4, &spans));
  CHECK(strcmp(galley_segmenter_errmsg(s), "") == 0, "%s", galley_segmenter_errmsg(s));
  galley_spans_free(spans);
  galley_segmenter_free(s);
}

static void test_normalization(void) {
  galley_normalized *n = SENTINEL;
  size_t off = 0;
  EXPECT_FAILS(galley_normalize(NULL, BAD, 3, &n, &off), GALLEY_STATUS_INVALID_UTF8);
  CHECK(n == NULL && off == 2 && galley_error_offset() == 2, "out %p, offset %zu", (void *)n, off);
  galley_normalize_options o;
  galley_normalize_options_init(&o, sizeof o);
  o.form = 7;
  n = SENTINEL;
  EXPECT_FAILS(galley_normalize(&o, "a", 1, &n, NULL), GALLEY_STATUS_INVALID_ARGUMENT);
  CHECK(n == NULL, "out not NULL");
  EXPECT_OK(galley_normalize(NULL, "a\xc2\xa0" "b", 4, &n, NULL));

  size_t offsets[3] = {0, 1, 999};
  EXPECT_FAILS(galley_normalized_map_offsets(n, offsets, 3), GALLEY_STATUS_INVALID_ARGUMENT);
  CHECK(galley_error_item() == 2, "item %zu", galley_error_item());
  CHECK(offsets[0] == 0 && offsets[1] == 1 && offsets[2] == 999, "offsets changed on failure");
  galley_span spans[2] = {{0, 1, 0, 0}, {2, 1, 0, 0}};
  EXPECT_FAILS(galley_normalized_map_spans(n, spans, 2), GALLEY_STATUS_INVALID_ARGUMENT);
  CHECK(galley_error_item() == 1, "item %zu", galley_error_item());
  CHECK(spans[1].start == 2 && spans[1].end == 1, "span changed on failure");
  EXPECT_OK(galley_normalized_map_offsets(n, offsets, 2));
  galley_normalized_free(n);
}

static void test_dedup(void) {
  galley_dedup_index *index = SENTINEL;
  galley_dedup_options o;
  galley_dedup_options_init(&o, sizeof o);
  o.threshold = 2.0;
  EXPECT_FAILS(galley_dedup_index_new(&o, &index), GALLEY_STATUS_INVALID_ARGUMENT);
  CHECK(index == NULL, "out not NULL");
  index = SENTINEL;
  EXPECT_FAILS(galley_dedup_index_open("", NULL, &index), GALLEY_STATUS_INVALID_ARGUMENT);
  CHECK(index == NULL, "a failed open must leave *out NULL (no message-only handle)");

  /* A file that is not an index: its own status, the message names it. */
  char path[] = "/tmp/galley-test-errors-XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0, "mkstemp");
  if (fd >= 0) {
    const char junk[] = "this is not an SQLite database, only some text that fills a page or so......";
    for (int i = 0; i < 64; i++) CHECK(write(fd, junk, sizeof junk - 1) > 0, "write");
    close(fd);
    index = SENTINEL;
    EXPECT_FAILS(galley_dedup_index_open(path, NULL, &index), GALLEY_STATUS_NOT_AN_INDEX);
    CHECK(index == NULL, "out not NULL");
    CHECK(strstr(galley_errmsg(), path) != NULL, "message does not name the file: %s", galley_errmsg());
    unlink(path);
  }

  EXPECT_OK(galley_dedup_index_new(NULL, &index));

  /* galley_dedup_index_has: status, *found untouched on failure. */
  int32_t found = 7;
  EXPECT_FAILS(galley_dedup_index_has(index, NULL, 3, &found), GALLEY_STATUS_INVALID_ARGUMENT);
  CHECK(found == 7, "found changed on failure");
  EXPECT_FAILS(galley_dedup_index_has(index, BAD, 3, &found), GALLEY_STATUS_INVALID_UTF8);
  CHECK(galley_error_offset() == 2 && found == 7, "offset %zu", galley_error_offset());
  EXPECT_FAILS(galley_dedup_index_has(NULL, "a", 1, &found), GALLEY_STATUS_INVALID_ARGUMENT);
  EXPECT_OK(galley_dedup_index_has(index, "a", 1, &found));
  CHECK(found == 0, "found %d", found);
  /* Deprecated: -1 and the same last error. */
  CHECK(galley_dedup_index_contains(index, BAD, 3) == -1, "contains");
  CHECK(galley_errcode() == GALLEY_STATUS_INVALID_UTF8, "%s", galley_status_name(galley_errcode()));
  CHECK(strcmp(galley_dedup_index_errmsg(index), galley_errmsg()) == 0, "%s", galley_dedup_index_errmsg(index));

  /* Batch add: the item and offset at fault. Paragraph 1 of the text. */
  const char text[] = "first paragraph here" "bad \xff here";
  size_t text_offsets[] = {0, 20, 30};
  size_t id_offsets[] = {0, 1};
  size_t doc_paras[] = {0, 2};
  galley_dedup_results *results = SENTINEL;
  EXPECT_FAILS(galley_dedup_index_add(index, 1, "d", id_offsets, text, text_offsets, doc_paras, &results),
               GALLEY_STATUS_INVALID_UTF8);
  CHECK(results == NULL, "out not NULL");
  CHECK(galley_error_item() == 1 && galley_error_offset() == 24, "item %zu offset %zu", galley_error_item(),
        galley_error_offset());
  CHECK(galley_dedup_index_error_offset(index) == 24, "%zu", galley_dedup_index_error_offset(index));
  /* An id at fault: the document's index. */
  const char ids[] = "ok" "b\xff";
  size_t two_ids[] = {0, 2, 4};
  size_t two_docs[] = {0, 1, 1};
  size_t one_text[] = {0, 20};
  EXPECT_FAILS(galley_dedup_index_add(index, 2, ids, two_ids, text, one_text, two_docs, &results),
               GALLEY_STATUS_INVALID_UTF8);
  CHECK(galley_error_item() == 1 && galley_error_offset() == 3, "item %zu offset %zu", galley_error_item(),
        galley_error_offset());
  size_t bad_offsets[] = {5, 1};
  EXPECT_FAILS(galley_dedup_index_add(index, 1, "d", bad_offsets, text, text_offsets, doc_paras, &results),
               GALLEY_STATUS_INVALID_ARGUMENT);
  EXPECT_OK(galley_dedup_index_add(index, 1, "d", id_offsets, text, one_text, (size_t[]){0, 1}, &results));
  galley_dedup_results_free(results);

  const char *id = SENTINEL;
  size_t id_len = 5;
  int32_t paragraph = 5;
  galley_dedup_match match;
  EXPECT_FAILS(galley_dedup_index_paragraph(index, 99, &id, &id_len, &paragraph, &match),
               GALLEY_STATUS_INVALID_ARGUMENT);
  CHECK(id_len == 5 && paragraph == 5, "out-parameters changed on failure");
  EXPECT_OK(galley_dedup_index_paragraph(index, 0, &id, &id_len, &paragraph, &match));
  galley_dedup_index_free(index);

  results = SENTINEL;
  size_t off = 0;
  EXPECT_FAILS(galley_dedup_paragraphs(NULL, BAD, 3, &results, &off), GALLEY_STATUS_INVALID_UTF8);
  CHECK(results == NULL && off == 2 && galley_error_offset() == 2, "offset %zu", off);
  EXPECT_OK(galley_dedup_paragraphs(NULL, "a b c", 5, &results, NULL));
  galley_dedup_results_free(results);
}

static void test_experimental(void) {
  galley_fingerprints *fp = SENTINEL;
  const char text[] = "one two three" "fo\xffur";
  size_t offsets[] = {0, 13, 18};
  size_t item = 0;
  EXPECT_FAILS(galley_dedup_fingerprints(NULL, text, offsets, 2, &fp, &item), GALLEY_STATUS_INVALID_UTF8);
  CHECK(fp == NULL && item == 1, "out %p item %zu", (void *)fp, item);
  CHECK(galley_error_item() == 1 && galley_error_offset() == 15, "item %zu offset %zu", galley_error_item(),
        galley_error_offset());
  size_t decreasing[] = {5, 1};
  EXPECT_FAILS(galley_dedup_fingerprints(NULL, text, decreasing, 1, &fp, NULL), GALLEY_STATUS_INVALID_ARGUMENT);
  EXPECT_OK(galley_dedup_fingerprints(NULL, text, offsets, 1, &fp, NULL));
  galley_fingerprints_free(fp);

  uint64_t shared[1] = {42};
  size_t ao[] = {0, 1};
  EXPECT_FAILS(galley_dedup_overlaps(NULL, ao, NULL, ao, 1, shared), GALLEY_STATUS_INVALID_ARGUMENT);
  CHECK(shared[0] == 42, "shared changed on failure");
  uint16_t a[] = {3};
  EXPECT_OK(galley_dedup_overlaps(a, ao, a, ao, 1, shared));
}

static void test_urls(void) {
  galley_url *url = SENTINEL;
  EXPECT_FAILS(galley_url_parse("not a url", 9, NULL, 0, &url), GALLEY_STATUS_INVALID_ARGUMENT);
  CHECK(url == NULL, "a failed parse must leave *out NULL (no failed handle)");
  url = SENTINEL;
  EXPECT_FAILS(galley_url_parse("/a", 2, BAD, 3, &url), GALLEY_STATUS_INVALID_UTF8);
  CHECK(url == NULL && strstr(galley_errmsg(), "base URL") != NULL, "%s", galley_errmsg());
  CHECK(galley_error_offset() == 2, "offset %zu", galley_error_offset());
  EXPECT_OK(galley_url_parse("https://example.com/a", 21, NULL, 0, &url));
  CHECK(strcmp(galley_url_errmsg(url), "") == 0, "deprecated errmsg");
  galley_url_free(url);

  galley_canonical_options o;
  galley_canonical_options_init(&o, sizeof o);
  o.flags = 1 << 20;
  url = SENTINEL;
  EXPECT_FAILS(galley_url_canonicalize(&o, "https://e.com/", 14, NULL, 0, &url), GALLEY_STATUS_INVALID_ARGUMENT);
  CHECK(url == NULL, "out not NULL");
  url = SENTINEL;
  EXPECT_FAILS(galley_url_canonicalize(NULL, BAD, 3, NULL, 0, &url), GALLEY_STATUS_INVALID_UTF8);
  CHECK(url == NULL && galley_error_offset() == 2, "offset %zu", galley_error_offset());
  EXPECT_OK(galley_url_canonicalize(NULL, "https://e.com/?utm_source=x", 27, NULL, 0, &url));
  galley_url_free(url);

  galley_url_list *list = SENTINEL;
  size_t offsets[] = {0, 14};
  size_t base_offsets[] = {0, 14, 28};
  int32_t base_index[] = {5};
  EXPECT_FAILS(galley_url_canonicalize_many(NULL, "https://e.com/", offsets, 1, "https://e.com/https://f.com/",
                                            base_offsets, 2, base_index, &list),
               GALLEY_STATUS_INVALID_ARGUMENT);
  CHECK(list == NULL && galley_error_item() == 0, "out %p item %zu", (void *)list, galley_error_item());
  EXPECT_OK(galley_url_canonicalize_many(NULL, "https://e.com/", offsets, 1, NULL, NULL, 0, NULL, &list));
  galley_url_list_free(list);
  /* The same batch by lengths; and lengths that do not add up. */
  size_t lengths[] = {14}, base_lengths[] = {14, 14};
  list = SENTINEL;
  EXPECT_FAILS(galley_url_canonicalize_lengths(NULL, GALLEY_URL_LENGTHS_CODE_POINTS, "https://e.com/", 14, lengths, 1,
                                               "https://e.com/https://f.com/", 28, base_lengths, 2, base_index, &list),
               GALLEY_STATUS_INVALID_ARGUMENT);
  CHECK(list == NULL && galley_error_item() == 0, "out %p item %zu", (void *)list, galley_error_item());
  EXPECT_FAILS(galley_url_canonicalize_lengths(NULL, GALLEY_URL_LENGTHS_BYTES, "https://e.com/", 13, lengths, 1, NULL,
                                               0, NULL, 0, NULL, &list),
               GALLEY_STATUS_INVALID_ARGUMENT);
  EXPECT_OK(galley_url_canonicalize_lengths(NULL, GALLEY_URL_LENGTHS_BYTES, "https://e.com/", 14, lengths, 1, NULL, 0,
                                            NULL, 0, NULL, &list));
  galley_url_list_free(list);

  char buf[8] = "XXXXXXX";
  size_t href_len = 3;
  size_t spans[20] = {0};
  EXPECT_FAILS(galley_url_write(GALLEY_URL_WRITE_PARSED, NULL, "nope", 4, NULL, 0, buf, sizeof buf, &href_len,
                                spans),
               GALLEY_STATUS_INVALID_ARGUMENT);
  CHECK(href_len == 3 && buf[0] == 'X', "out-parameters changed on failure");
  EXPECT_FAILS(galley_url_write(GALLEY_URL_WRITE_PARSED, NULL, "https://example.com/long", 24, NULL, 0, buf,
                                sizeof buf, &href_len, NULL),
               GALLEY_STATUS_TOO_LARGE);
  CHECK(href_len == 24 && buf[0] == 'X', "TOO_LARGE gives the size needed, buf untouched: %zu", href_len);
  char big[64];
  EXPECT_OK(galley_url_write(GALLEY_URL_WRITE_PARSED, NULL, "https://e.com/", 14, NULL, 0, big, sizeof big,
                             &href_len, NULL));
}

static void test_related(void) {
  galley_related *r = SENTINEL;
  size_t off = 0;
  EXPECT_FAILS(galley_related_links(BAD, 3, NULL, 0, &r, &off), GALLEY_STATUS_INVALID_UTF8);
  CHECK(r == NULL && off == 2 && galley_error_offset() == 2, "offset %zu", off);
  r = SENTINEL;
  EXPECT_FAILS(galley_related_links("a", 1, BAD, 3, &r, NULL), GALLEY_STATUS_INVALID_UTF8);
  CHECK(r == NULL && strstr(galley_errmsg(), "base URL") != NULL, "%s", galley_errmsg());
  EXPECT_OK(galley_related_links("Body.", 5, NULL, 0, &r, NULL));
  galley_related_free(r);
}

static void test_process(void) {
  char *json = SENTINEL;
  size_t len = 9;
  galley_process_options o;
  galley_process_options_init(&o, sizeof o);
  o.lang = "not a tag!";
  EXPECT_FAILS(galley_process_article(&o, "Text.", 5, NULL, &json, &len), GALLEY_STATUS_INVALID_ARGUMENT);
  CHECK(json == NULL && len == 0, "a failed process must leave *json NULL");
  json = SENTINEL;
  EXPECT_FAILS(galley_process_article(NULL, BAD, 3, NULL, &json, &len), GALLEY_STATUS_INVALID_UTF8);
  CHECK(json == NULL && galley_error_offset() == 2, "offset %zu", galley_error_offset());
  EXPECT_OK(galley_process_article(NULL, "A title here\n\nSome text.", 24, NULL, &json, &len));
  CHECK(json != NULL && len > 0, "no record");
  galley_string_free(json);
  /* Deprecated: the error record, and the same last error. */
  json = NULL;
  EXPECT_FAILS(galley_process(&o, "Text.", 5, NULL, &json, &len), GALLEY_STATUS_INVALID_ARGUMENT);
  CHECK(json != NULL && strstr(json, "\"error\"") != NULL, "deprecated galley_process keeps its error record");
  galley_string_free(json);
}

/* The last error belongs to its thread. */
static void *other_thread(void *arg) {
  (void)arg;
  int ok = galley_errcode() == GALLEY_STATUS_OK && strcmp(galley_errmsg(), "") == 0;
  size_t off = 0;
  ok = ok && galley_utf8_validate("\xff", 1, &off) == GALLEY_STATUS_INVALID_UTF8 &&
       galley_error_offset() == 0;
  return ok ? (void *)1 : NULL;
}

static void test_threads(void) {
  size_t off = 0;
  EXPECT_FAILS(galley_utf8_validate(BAD, 3, &off), GALLEY_STATUS_INVALID_UTF8);
  pthread_t t;
  void *result = NULL;
  CHECK(pthread_create(&t, NULL, other_thread, NULL) == 0, "pthread_create");
  CHECK(pthread_join(t, &result) == 0 && result != NULL, "other thread saw this thread's error or lost its own");
  CHECK(galley_errcode() == GALLEY_STATUS_INVALID_UTF8 && galley_error_offset() == 2,
        "this thread's error changed by another thread: %s %zu", galley_status_name(galley_errcode()),
        galley_error_offset());
  reset();
}

static void test_segment_batch(void) {
  galley_segmenter *s = NULL;
  EXPECT_OK(galley_segmenter_new(NULL, &s));
  size_t offsets[8], count = 99;
  EXPECT_FAILS(galley_segmenter_split_offsets(s, BAD, 3, offsets, 4, &count), GALLEY_STATUS_INVALID_UTF8);
  CHECK(count == 0, "count %zu after failure", count);
  CHECK(galley_error_offset() == 2, "offset %zu", galley_error_offset());
  EXPECT_FAILS(galley_segmenter_split_offsets(NULL, "a", 1, offsets, 4, &count), GALLEY_STATUS_INVALID_ARGUMENT);
  EXPECT_FAILS(galley_segmenter_split_offsets(s, "a", 1, NULL, 4, &count), GALLEY_STATUS_INVALID_ARGUMENT);
  EXPECT_FAILS(galley_segmenter_split_offsets(s, "a", 1, offsets, 4, NULL), GALLEY_STATUS_INVALID_ARGUMENT);
  EXPECT_FAILS(galley_segmenter_split_offsets(s, NULL, 1, offsets, 4, &count), GALLEY_STATUS_INVALID_ARGUMENT);
  EXPECT_FAILS(galley_segmenter_split_offsets(s, "a", 1, offsets, SIZE_MAX, &count),
               GALLEY_STATUS_INVALID_ARGUMENT);
  EXPECT_OK(galley_segmenter_split_offsets(s, "A b. C d.", 9, offsets, 4, &count));
  CHECK(count == 2 && offsets[0] == 0 && offsets[1] == 4 && offsets[2] == 5 && offsets[3] == 9,
        "count %zu: %zu %zu %zu %zu", count, offsets[0], offsets[1], offsets[2], offsets[3]);
  /* Too small an array: the count of all spans, only the first written. */
  EXPECT_OK(galley_segmenter_split_offsets(s, "A b. C d.", 9, NULL, 0, &count));
  CHECK(count == 2, "count %zu", count);
  galley_segmenter_free(s);

  galley_segment_batch *batch = SENTINEL;
  const size_t doc_offsets[] = {0, 4, 7, 11};
  const char docs[] = "A b.ab\xff" "C d.";
  galley_segment_options o;
  galley_segment_options_init(&o, sizeof o);
  o.flags = 1 << 20;
  EXPECT_FAILS(galley_segment_many(&o, docs, doc_offsets, 3, 0, &batch), GALLEY_STATUS_INVALID_ARGUMENT);
  CHECK(batch == NULL, "out not NULL after failure");
  batch = SENTINEL;
  const size_t decreasing[] = {0, 4, 2};
  EXPECT_FAILS(galley_segment_many(NULL, docs, decreasing, 2, 0, &batch), GALLEY_STATUS_INVALID_ARGUMENT);
  CHECK(batch == NULL, "out not NULL after failure");
  EXPECT_FAILS(galley_segment_many(NULL, NULL, doc_offsets, 3, 0, &batch), GALLEY_STATUS_INVALID_ARGUMENT);
  EXPECT_FAILS(galley_segment_many(NULL, docs, doc_offsets, 3, 0, NULL), GALLEY_STATUS_INVALID_ARGUMENT);
  /* One bad document fails alone. */
  EXPECT_OK(galley_segment_many(NULL, docs, doc_offsets, 3, 2, &batch));
  size_t spans = 0;
  const size_t *b = galley_segment_batch_offsets(batch, &spans);
  const size_t *starts = galley_segment_batch_span_starts(batch);
  CHECK(galley_segment_batch_count(batch) == 3 && spans == 2 && b != NULL && starts != NULL, "%zu spans", spans);
  CHECK(starts[0] == 0 && starts[1] == 1 && starts[2] == 1 && starts[3] == 2, "span starts");
  CHECK(b[0] == 0 && b[1] == 4 && b[2] == 0 && b[3] == 4, "offsets %zu %zu %zu %zu", b[0], b[1], b[2], b[3]);
  CHECK(galley_segment_batch_failures(batch) == 1, "%zu failures", galley_segment_batch_failures(batch));
  CHECK(galley_segment_batch_error(batch, 1) != NULL && galley_segment_batch_error(batch, 0) == NULL, "error");
  CHECK(galley_segment_batch_error(batch, 3) == NULL, "error out of range");
  galley_segment_batch_free(batch);
  galley_segment_batch_free(NULL);
  CHECK(galley_segment_batch_count(NULL) == 0 && galley_segment_batch_offsets(NULL, &spans) == NULL && spans == 0,
        "NULL batch");
  /* No documents. */
  EXPECT_OK(galley_segment_many(NULL, NULL, NULL, 0, 0, &batch));
  CHECK(galley_segment_batch_count(batch) == 0, "empty batch");
  galley_segment_batch_free(batch);
}

int main(void) {
  test_thread_state();
  test_versions();
  test_utf8_validate();
  test_segmentation();
  test_segment_batch();
  test_normalization();
  test_dedup();
  test_experimental();
  test_urls();
  test_related();
  test_process();
  test_threads();
  printf("%d checks, %d failures\n", checks, failures);
  return failures ? 1 : 0;
}
