/*
 * Related-link blocks through include/galley.h.
 *
 * usage: test_related
 */
#define _GNU_SOURCE
#include "galley.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"

/* ---- Related links ------------------------------------------------------- */

static void test_related(void) {
  const char *text = "It rained.\n\nRead also:\n- [Floods](https://x.org/f?utm_source=a)\n- Plain headline\n";
  galley_related *r = NULL;
  size_t eo = 0, n = 0;
  CHECK(galley_related_links(text, strlen(text), NULL, 0, &r, &eo) == GALLEY_STATUS_OK && eo == SIZE_MAX,
        "related");
  const char *body = galley_related_body(r, &n);
  CHECK(!strcmp(body, "It rained.\n") && n == strlen(body), "related body %s", body);
  CHECK(galley_related_count(r) == 2, "related count");
  CHECK(!strcmp(galley_related_field(r, 0, GALLEY_RELATED_CANONICAL_URL, NULL), "https://x.org/f") &&
            !strcmp(galley_related_field(r, 0, GALLEY_RELATED_TITLE, NULL), "Floods") &&
            galley_related_field(r, 0, GALLEY_RELATED_URL_ERROR, NULL) == NULL &&
            galley_related_field(r, 1, GALLEY_RELATED_URL, NULL) == NULL &&
            !strcmp(galley_related_field(r, 1, GALLEY_RELATED_SLUG, NULL), "plain-headline") &&
            galley_related_field(r, 2, GALLEY_RELATED_TITLE, NULL) == NULL &&
            galley_related_field(r, 0, 99, NULL) == NULL, "related fields");
  galley_related_free(r);
  CHECK(galley_related_links("ab\xc3", 3, NULL, 0, &r, &eo) == GALLEY_STATUS_INVALID_UTF8 && eo == 2 && r == NULL,
        "related invalid UTF-8");
  CHECK(galley_related_links(NULL, 2, NULL, 0, &r, NULL) == GALLEY_STATUS_INVALID_ARGUMENT, "related NULL");
  galley_related_free(NULL);
}


int main(void) {
  test_related();
  printf("%d checks, %d failures\n", checks, failures);
  return failures ? 1 : 0;
}
