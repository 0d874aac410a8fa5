/*
 * URLs through include/galley.h: parsing, components, canonical forms and
 * match keys, one URL into the caller's buffer, and many at once. The WPT
 * conformance data runs in test_url_conformance.c.
 *
 * usage: test_url
 */
#define _GNU_SOURCE
#include "galley.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"

/* ---- URLs ------------------------------------------------------------------ */

static void test_url(void) {
  galley_url *u = NULL;
  const char *in = "../a?b#c", *base = "https://Example.COM/x/y";
  CHECK(galley_url_parse(in, strlen(in), base, strlen(base), &u) == GALLEY_STATUS_OK, "url parse");
  size_t n = 0;
  const char *href = galley_url_component(u, GALLEY_URL_HREF, &n);
  CHECK(href && n == strlen("https://example.com/a?b#c") && !strcmp(href, "https://example.com/a?b#c"),
        "href %s", href ? href : "(null)");
  CHECK(!strcmp(galley_url_component(u, GALLEY_URL_HOSTNAME, NULL), "example.com") &&
            !strcmp(galley_url_component(u, GALLEY_URL_SEARCH, NULL), "?b") &&
            galley_url_component(u, 42, NULL) == NULL && !strcmp(galley_errmsg(), ""), "url parts");
  galley_url_free(u);
  const char *bad = "http://exa mple.com";
  u = NULL;
  CHECK(galley_url_parse(bad, strlen(bad), NULL, 0, &u) == GALLEY_STATUS_INVALID_ARGUMENT && u == NULL &&
            strstr(galley_errmsg(), "forbidden") != NULL, "bad url: %s", galley_errmsg());
  galley_url_free(u);
  CHECK(galley_url_parse("ab\xff", 3, NULL, 0, &u) == GALLEY_STATUS_INVALID_UTF8, "url invalid UTF-8");
  galley_url_free(u);
  CHECK(galley_url_parse(NULL, 3, NULL, 0, &u) == GALLEY_STATUS_INVALID_ARGUMENT, "url NULL");
  galley_url_free(u);
  CHECK(galley_url_parse("x", 1, NULL, 0, NULL) == GALLEY_STATUS_INVALID_ARGUMENT, "url NULL out");
  galley_url_free(NULL);
  const char *link = "HTTPS://Example.com/a%7eb?utm_source=x&z=1&a=2#top";
  CHECK(galley_url_canonicalize(NULL, link, strlen(link), NULL, 0, &u) == GALLEY_STATUS_OK &&
            !strcmp(galley_url_component(u, GALLEY_URL_HREF, NULL), "https://example.com/a~b?a=2&z=1"),
        "canonical %s", u ? galley_url_component(u, GALLEY_URL_HREF, NULL) : "(null)");
  galley_url_free(u);
  galley_canonical_options co;
  galley_canonical_options_init(&co, sizeof co);
  const char *only[] = {"a"};
  co.tracking = only;
  co.tracking_count = 1;
  co.flags = GALLEY_CANONICAL_KEEP_FRAGMENT | GALLEY_CANONICAL_KEEP_ORDER;
  CHECK(galley_url_canonicalize(&co, link, strlen(link), NULL, 0, &u) == GALLEY_STATUS_OK &&
            !strcmp(galley_url_component(u, GALLEY_URL_HREF, NULL),
                    "https://example.com/a~b?utm_source=x&z=1#top"),
        "canonical with options %s", u ? galley_url_component(u, GALLEY_URL_HREF, NULL) : "(null)");
  galley_url_free(u);
  co.flags = 64;
  CHECK(galley_url_canonicalize(&co, link, strlen(link), NULL, 0, &u) == GALLEY_STATUS_INVALID_ARGUMENT,
        "canonical bad flags");
  galley_url_free(u);
}

/* The batch call gives what one call per URL gives, fails items alone, and
 * refuses malformed arrays. */
static void test_url_batch(void) {
  const char *items[] = {"HTTPS://Example.com/a%7eb?utm_source=x&z=1&a=2#top", "../b?fbclid=1", "http://[x",
                         "rel", "ab\xff", "", "/c"};
  const int32_t base_of[] = {-1, 0, -1, 1, -1, 0, 1};
  const char *base_list[] = {"https://News.Example.com/x/y/z", "not a base"};
  enum { N = 7 };
  char urls[512], bases[128];
  size_t offsets[N + 1], base_offsets[3], at = 0;
  for (int i = 0; i < N; i++) {
    offsets[i] = at;
    memcpy(urls + at, items[i], strlen(items[i]));
    at += strlen(items[i]);
  }
  offsets[N] = at;
  at = 0;
  for (int i = 0; i < 2; i++) {
    base_offsets[i] = at;
    memcpy(bases + at, base_list[i], strlen(base_list[i]));
    at += strlen(base_list[i]);
  }
  base_offsets[2] = at;

  galley_url_list *list = NULL;
  CHECK(galley_url_canonicalize_many(NULL, urls, offsets, N, bases, base_offsets, 2, base_of, &list) ==
            GALLEY_STATUS_OK && list, "batch status");
  CHECK(galley_url_list_count(list) == N && galley_url_list_failures(list) == 4, "batch counts %zu %zu",
        galley_url_list_count(list), galley_url_list_failures(list));
  for (int i = 0; i < N; i++) {
    galley_url *u = NULL;
    const char *b = base_of[i] < 0 ? NULL : base_list[base_of[i]];
    galley_status one = galley_url_canonicalize(NULL, items[i], strlen(items[i]), b, b ? strlen(b) : 0, &u);
    size_t n = 0;
    const char *href = galley_url_list_get(list, (size_t)i, &n);
    if (one == GALLEY_STATUS_OK) {
      const char *want = galley_url_component(u, GALLEY_URL_HREF, NULL);
      CHECK(href && n == strlen(want) && !memcmp(href, want, n) && !galley_url_list_error(list, (size_t)i),
            "batch item %d: %.*s vs %s", i, (int)n, href ? href : "", want);
    } else {
      const char *why = galley_url_list_error(list, (size_t)i);
      CHECK(!href && why && *why, "batch item %d should fail", i);
      /* The per-call reason names the same problem, except for UTF-8, which
       * the batch reports as an argument problem of that item. */
      if (one == GALLEY_STATUS_INVALID_ARGUMENT)
        CHECK(!strcmp(why, galley_errmsg()), "batch item %d: %s vs %s", i, why, galley_errmsg());
      else
        CHECK(strstr(why, "UTF-8") != NULL, "batch item %d: %s", i, why);
    }
    galley_url_free(u);
  }
  size_t tlen = 0;
  const char *text = galley_url_list_text(list, &tlen);
  const char *want = "https://example.com/a~b?a=2&z=1\nhttps://news.example.com/x/b\n\n\n\n"
                     "https://news.example.com/x/y/z\n\n";
  CHECK(tlen == strlen(want) && !strcmp(text, want), "batch text %s", text);
  CHECK(galley_url_list_get(list, N, NULL) == NULL && galley_url_list_error(list, N) == NULL,
        "batch out of range");
  galley_url_list_free(list);

  /* One base for all, no base_index. */
  list = NULL;
  CHECK(galley_url_canonicalize_many(NULL, urls, offsets, N, bases, base_offsets, 1, NULL, &list) ==
            GALLEY_STATUS_OK && galley_url_list_failures(list) == 2, "batch one base");
  galley_url_list_free(list);
  /* Empty batch; NULL arrays with a zero count. */
  list = NULL;
  CHECK(galley_url_canonicalize_many(NULL, NULL, NULL, 0, NULL, NULL, 0, NULL, &list) == GALLEY_STATUS_OK &&
            galley_url_list_count(list) == 0 && !strcmp(galley_url_list_text(list, NULL), ""), "batch empty");
  galley_url_list_free(list);
  /* Malformed calls fail whole, with *out NULL. */
  size_t back[] = {0, 5, 3};
  const int32_t wild[] = {2, 0, 0, 0, 0, 0, 0};
  galley_canonical_options co;
  galley_canonical_options_init(&co, sizeof co);
  co.flags = 64;
  struct { galley_status got; const char *what; } bad[] = {
    {galley_url_canonicalize_many(NULL, urls, offsets, N, NULL, NULL, 0, NULL, NULL), "NULL out"},
    {galley_url_canonicalize_many(NULL, urls, NULL, N, NULL, NULL, 0, NULL, &list), "NULL offsets"},
    {galley_url_canonicalize_many(NULL, NULL, offsets, N, NULL, NULL, 0, NULL, &list), "NULL urls"},
    {galley_url_canonicalize_many(NULL, urls, back, 2, NULL, NULL, 0, NULL, &list), "decreasing"},
    {galley_url_canonicalize_many(NULL, urls, offsets, N, bases, base_offsets, 2, NULL, &list), "no index"},
    {galley_url_canonicalize_many(NULL, urls, offsets, N, bases, base_offsets, 2, wild, &list), "index"},
    {galley_url_canonicalize_many(&co, urls, offsets, N, NULL, NULL, 0, NULL, &list), "flags"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    CHECK(bad[i].got == GALLEY_STATUS_INVALID_ARGUMENT && list == NULL, "batch %s", bad[i].what);
  CHECK(galley_url_list_count(NULL) == 0 && galley_url_list_failures(NULL) == 0 &&
            galley_url_list_get(NULL, 0, NULL) == NULL && !strcmp(galley_url_list_text(NULL, NULL), ""),
        "batch NULL list");
  galley_url_list_free(NULL);
}

/* The batch with lengths: in bytes and in code points it gives what the
 * offsets form gives; lengths that do not add up are refused. */
static void test_url_batch_lengths(void) {
  /* 2- 3- and 4-byte sequences, an invalid byte alone in its item, a base
   * with a non-ASCII path. */
  const char *items[] = {"https://b\xc3\xbc" "cher.de/\xe2\x82\xac?utm_source=x&b=1", "../\xf0\x9f\x98\x80?q",
                         "ab\xff", "", "/c?\xc3\xa9=1", "http://[x"};
  const size_t points[] = {36, 6, 3, 0, 6, 9};
  const int32_t base_of[] = {-1, 0, -1, 0, 1, -1};
  const char *base_list[] = {"https://News.Example.com/x/\xc3\xa4/z", "https://e.com/"};
  const size_t base_points[] = {30, 14};
  enum { N = 6 };
  char urls[512], bases[128];
  size_t offsets[N + 1], lengths[N], base_offsets[3], base_lengths[2], at = 0, base_at = 0;
  for (int i = 0; i < N; i++) {
    offsets[i] = at;
    lengths[i] = strlen(items[i]);
    memcpy(urls + at, items[i], lengths[i]);
    at += lengths[i];
  }
  offsets[N] = at;
  for (int i = 0; i < 2; i++) {
    base_offsets[i] = base_at;
    base_lengths[i] = strlen(base_list[i]);
    memcpy(bases + base_at, base_list[i], base_lengths[i]);
    base_at += base_lengths[i];
  }
  base_offsets[2] = base_at;

  galley_url_list *want = NULL, *by_bytes = NULL, *by_points = NULL;
  CHECK(galley_url_canonicalize_many(NULL, urls, offsets, N, bases, base_offsets, 2, base_of, &want) ==
            GALLEY_STATUS_OK, "lengths: offsets form");
  CHECK(galley_url_canonicalize_lengths(NULL, GALLEY_URL_LENGTHS_BYTES, urls, at, lengths, N, bases, base_at,
                                        base_lengths, 2, base_of, &by_bytes) == GALLEY_STATUS_OK,
        "lengths: bytes");
  CHECK(galley_url_canonicalize_lengths(NULL, GALLEY_URL_LENGTHS_CODE_POINTS, urls, at, points, N, bases, base_at,
                                        base_points, 2, base_of, &by_points) == GALLEY_STATUS_OK,
        "lengths: code points");
  size_t n0 = 0, n1 = 0, n2 = 0;
  const char *t0 = galley_url_list_text(want, &n0), *t1 = galley_url_list_text(by_bytes, &n1),
             *t2 = galley_url_list_text(by_points, &n2);
  CHECK(n0 > 0 && n0 == n1 && n0 == n2 && !memcmp(t0, t1, n0) && !memcmp(t0, t2, n0), "lengths: same text\n%s\n%s",
        t0, t2);
  CHECK(galley_url_list_failures(by_points) == 2 && galley_url_list_error(by_points, 2) != NULL,
        "lengths: failures %zu", galley_url_list_failures(by_points));
  galley_url_list_free(want);
  galley_url_list_free(by_bytes);
  galley_url_list_free(by_points);

  /* Empty; one base for all without base_index. */
  galley_url_list *list = NULL;
  CHECK(galley_url_canonicalize_lengths(NULL, GALLEY_URL_LENGTHS_CODE_POINTS, NULL, 0, NULL, 0, NULL, 0, NULL, 0,
                                        NULL, &list) == GALLEY_STATUS_OK && galley_url_list_count(list) == 0,
        "lengths: empty");
  galley_url_list_free(list);
  list = NULL;
  CHECK(galley_url_canonicalize_lengths(NULL, GALLEY_URL_LENGTHS_CODE_POINTS, urls, at, points, N, bases,
                                        base_lengths[0], base_points, 1, NULL, &list) == GALLEY_STATUS_OK &&
            galley_url_list_count(list) == N,
        "lengths: one base");
  galley_url_list_free(list);

  /* Lengths that do not add up, a bad unit, NULL arrays with a count. */
  size_t short_points[] = {36, 6, 3, 0, 6, 8}, long_points[] = {36, 6, 3, 0, 6, 10};
  size_t too_big[] = {SIZE_MAX, 0, 0, 0, 0, 0};
  list = NULL;
  struct { galley_status got; const char *what; } bad[] = {
    {galley_url_canonicalize_lengths(NULL, GALLEY_URL_LENGTHS_CODE_POINTS, urls, at, short_points, N, NULL, 0,
                                     NULL, 0, NULL, &list), "short"},
    {galley_url_canonicalize_lengths(NULL, GALLEY_URL_LENGTHS_CODE_POINTS, urls, at, long_points, N, NULL, 0,
                                     NULL, 0, NULL, &list), "long"},
    {galley_url_canonicalize_lengths(NULL, GALLEY_URL_LENGTHS_BYTES, urls, at, points, N, NULL, 0, NULL, 0,
                                     NULL, &list), "code points as bytes"},
    {galley_url_canonicalize_lengths(NULL, GALLEY_URL_LENGTHS_BYTES, urls, at, too_big, N, NULL, 0, NULL, 0,
                                     NULL, &list), "SIZE_MAX"},
    {galley_url_canonicalize_lengths(NULL, 7, urls, at, lengths, N, NULL, 0, NULL, 0, NULL, &list), "unit"},
    {galley_url_canonicalize_lengths(NULL, GALLEY_URL_LENGTHS_BYTES, urls, at, NULL, N, NULL, 0, NULL, 0, NULL,
                                     &list), "NULL lengths"},
    {galley_url_canonicalize_lengths(NULL, GALLEY_URL_LENGTHS_BYTES, NULL, at, lengths, N, NULL, 0, NULL, 0, NULL,
                                     &list), "NULL urls"},
    {galley_url_canonicalize_lengths(NULL, GALLEY_URL_LENGTHS_BYTES, urls, at, lengths, N, bases, base_at,
                                     base_lengths, 2, NULL, &list), "no index"},
    {galley_url_canonicalize_lengths(NULL, GALLEY_URL_LENGTHS_BYTES, urls, at, lengths, N, NULL, 0, NULL, 0, NULL,
                                     NULL), "NULL out"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    CHECK(bad[i].got == GALLEY_STATUS_INVALID_ARGUMENT && list == NULL, "lengths: %s", bad[i].what);
}

int main(void) {
  test_url();
  test_url_batch();
  test_url_batch_lengths();
  printf("%d checks, %d failures\n", checks, failures);
  return failures ? 1 : 0;
}
