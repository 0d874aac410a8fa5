/*
 * Articles (the whole pipeline on one text) through include/galley.h.
 *
 * usage: test_article
 */
#define _GNU_SOURCE
#define GALLEY_NO_DEPRECATION_WARNINGS /* galley_process is tested too */
#include "galley.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"

/* ---- Articles: the whole pipeline ------------------------------------------ */

static void test_process(void) {
  const char *text = "Bridge reopens\n\nThe bridge reopened on Monday.But the council says little.\n\n"
                     "Read also:\n- [Steel](/economy/steel?utm_source=rss)\n";
  galley_process_options o;
  galley_process_options_init(&o, sizeof o);
  o.id = "a1";
  o.url = "https://News.Example.com/city/bridge";
  char *json = NULL;
  size_t n = 0;
  CHECK(galley_process_article(&o, text, strlen(text), NULL, &json, &n) == GALLEY_STATUS_OK && json && n == strlen(json),
        "process");
  /* The record: id, language, two paragraphs, the glued sentences split
   * (byte spans of the input), the link canonicalized against the URL. */
  CHECK(json && strstr(json, "\"id\":\"a1\"") && strstr(json, "\"lang\":\"en\"") &&
            strstr(json, "\"sentences\":[[16,46],[46,74]]") &&
            strstr(json, "\"canonical_url\":\"https://news.example.com/economy/steel\"") &&
            strstr(json, "\"paragraphs\":2,") && !strchr(json, '\n'),
        "process record %s", json ? json : "(null)");
  galley_string_free(json);

  /* With an index: the second article repeats the first one's paragraph. */
  galley_dedup_index *index = NULL;
  CHECK(galley_dedup_index_new(NULL, &index) == GALLEY_STATUS_OK, "process index");
  const char *para = "The council approved the budget for a second crossing after a long debate on Tuesday.";
  o.url = NULL;
  o.lang = "en";
  CHECK(galley_process_article(&o, para, strlen(para), index, &json, NULL) == GALLEY_STATUS_OK &&
            strstr(json, "\"duplicate\":null"), "process first");
  galley_string_free(json);
  o.id = "a2";
  CHECK(galley_process_article(&o, para, strlen(para), index, &json, NULL) == GALLEY_STATUS_OK &&
            strstr(json, "\"duplicate\":{\"id\":\"a1\",\"paragraph\":0,\"similarity\":1,\"kind\":\"exact\"}"),
        "process repeat %s", json);
  galley_string_free(json);
  CHECK(galley_dedup_index_count(index) == 2, "process index count");
  galley_dedup_index_free(index);

  /* Scalar offsets: "Київ." is 9 bytes, 5 scalars. */
  o.flags = GALLEY_PROCESS_SCALAR_OFFSETS;
  o.lang = "uk";
  const char *uk = "\xd0\x9a\xd0\xb8\xd1\x97\xd0\xb2. \xd0\xa2\xd0\xb0\xd0\xba.";
  CHECK(galley_process_article(&o, uk, strlen(uk), NULL, &json, NULL) == GALLEY_STATUS_OK &&
            strstr(json, "\"span\":[0,10]") && strstr(json, "\"sentences\":[[0,5],[6,10]]"), "process scalars %s", json);
  galley_string_free(json);

  /* Failures: *json NULL, the thread's last error says why. */
  o.flags = 0;
  o.lang = "e n";
  CHECK(galley_process_article(&o, "x", 1, NULL, &json, &n) == GALLEY_STATUS_INVALID_ARGUMENT && !json && n == 0 &&
            strstr(galley_errmsg(), "BCP 47"), "process bad lang: %s", galley_errmsg());
  o.lang = NULL;
  CHECK(galley_process_article(&o, "ab\xff", 3, NULL, &json, NULL) == GALLEY_STATUS_INVALID_UTF8 && !json &&
            strstr(galley_errmsg(), "UTF-8") && galley_error_offset() == 2, "process invalid UTF-8");
  CHECK(galley_process_article(NULL, NULL, 3, NULL, &json, NULL) == GALLEY_STATUS_INVALID_ARGUMENT && !json,
        "process NULL text");
  CHECK(galley_process_article(NULL, "x", 1, NULL, NULL, NULL) == GALLEY_STATUS_INVALID_ARGUMENT, "process NULL json");
  o.flags = 1 << 20;
  CHECK(galley_process_article(&o, "x", 1, NULL, &json, NULL) == GALLEY_STATUS_INVALID_ARGUMENT && !json &&
            strstr(galley_errmsg(), "flags"), "process bad flags");
  /* The deprecated galley_process still writes an error record. */
  o.flags = 0;
  o.lang = "e n";
  CHECK(galley_process(&o, "x", 1, NULL, &json, &n) == GALLEY_STATUS_INVALID_ARGUMENT && json &&
            strstr(json, "\"error\":") && strstr(json, "BCP 47"), "deprecated process error record %s", json ? json : "");
  galley_string_free(json);
  o.lang = NULL;
  CHECK(galley_process_article(NULL, "", 0, NULL, &json, NULL) == GALLEY_STATUS_OK && strstr(json, "\"paragraphs\":[]"),
        "process empty");
  galley_string_free(json);
  galley_string_free(NULL);
}


int main(void) {
  test_process();
  printf("%d checks, %d failures\n", checks, failures);
  return failures ? 1 : 0;
}
