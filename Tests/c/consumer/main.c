/* Splits one sentence pair through an installed libgalley; exit 0 on success. */
#include <galley.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  const char *text = "It rained. We stayed in.";
  galley_segmenter *s = NULL;
  galley_spans *spans = NULL;
  if (galley_version_number() != GALLEY_VERSION_NUMBER) return 1;
  if (galley_segmenter_new(NULL, &s) != GALLEY_STATUS_OK) return 2;
  if (galley_segmenter_split(s, text, strlen(text), &spans) != GALLEY_STATUS_OK) return 3;
  int ok = galley_spans_count(spans) == 2;
  printf("%zu sentences\n", galley_spans_count(spans));
  galley_spans_free(spans);
  galley_segmenter_free(s);
  return ok ? 0 : 4;
}
