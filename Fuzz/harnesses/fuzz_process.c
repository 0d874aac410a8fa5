/* galley_process_article with an in-memory index. Input: byte 0 = flags (bits 0-2)
 * and whether to give a URL (bit 3) and a language (bit 4), the rest the
 * article. Each input is processed twice into the same index.
 * Contract: a JSON record always (the error record on failure), valid UTF-8
 * of the stated length with a NUL after it, starting with '{' and ending
 * with '}'; OK exactly for valid UTF-8; the second run of the same text
 * finds every paragraph it has (a repeat), so it never reports fewer
 * duplicates than paragraphs. */
#include "fuzz_support.h"

static galley_dedup_index *index_;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  if (!index_ || galley_dedup_index_count(index_) > 20000) {
    galley_dedup_index_free(index_);
    CONTRACT(galley_dedup_index_new(NULL, &index_) == GALLEY_STATUS_OK, "index");
  }
  galley_process_options o;
  galley_process_options_init(&o, sizeof o);
  o.flags = data[0] & 7;
  o.id = "fuzz";
  o.url = data[0] & 8 ? "https://news.example.com/a/b/story.html" : NULL;
  o.lang = data[0] & 16 ? "uk" : NULL;
  size_t len = size - 1;
  char *text = exact_copy(data + 1, len);
  for (int round = 0; round < 2; round++) {
    char *json = NULL;
    size_t jlen = SIZE_MAX;
    galley_status st = galley_process_article(&o, text, len, index_, &json, &jlen);
    CONTRACT(galley_errcode() == st, "the thread's last error is the status");
    if (st == GALLEY_STATUS_OK) {
      CONTRACT(valid_utf8(text, len), "OK on invalid UTF-8");
      CONTRACT(json != NULL && jlen != SIZE_MAX && json[jlen] == 0 && valid_utf8(json, jlen), "record");
      CONTRACT(jlen >= 2 && json[0] == '{' && json[jlen - 1] == '}', "a JSON object: %.40s", json);
    } else {
      CONTRACT(ordinary_failure(st) || st == GALLEY_STATUS_INVALID_ARGUMENT, "status %s", galley_status_name(st));
      CONTRACT(json == NULL && jlen == 0 && galley_errmsg()[0] != 0, "failure: no record, a message");
    }
    galley_string_free(json);
  }
  free(text);
  return 0;
}
