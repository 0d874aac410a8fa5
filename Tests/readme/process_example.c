#include <galley.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  const char *text = "Harbour bridge reopens\n\nThe bridge reopened on Monday.But the council says little.\n\n"
                     "Read also:\n- [Steel prices](/economy/steel?utm_source=rss)\n";
  galley_process_options options;
  galley_process_options_init(&options, sizeof options);
  options.id = "bridge";
  options.url = "https://news.example.com/city/bridge";

  galley_dedup_index *index = NULL; /* galley_dedup_index_open("galley.db", ...) keeps it */
  if (galley_dedup_index_new(NULL, &index) != GALLEY_STATUS_OK) return 1;
  char *json = NULL;
  galley_status status = galley_process_article(&options, text, strlen(text), index, &json, NULL);
  if (status == GALLEY_STATUS_OK) puts(json); /* the record */
  else fprintf(stderr, "%s: %s\n", galley_status_name(status), galley_errmsg());
  galley_string_free(json);
  galley_dedup_index_free(index);
  return status == GALLEY_STATUS_OK ? 0 : 1;
}
