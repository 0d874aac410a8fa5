/* Arbitrary bytes as an index file: galley_dedup_index_open, then count,
 * every galley_dedup_index_paragraph, contains, an add, close, reopen.
 * Contract: opening gives OK or a storage status (never a crash, never
 * another status) with a message; a lookup's id has its stated length and
 * a NUL after it, and the index contains it; an add on an opened file
 * succeeds or fails with a storage status, and a reopened file holds
 * exactly what was committed. */
#include "fuzz_support.h"

#include <unistd.h>

static char path[512];

static int storage_status(galley_status st) {
  return st == GALLEY_STATUS_STORAGE || st == GALLEY_STATUS_CORRUPT || st == GALLEY_STATUS_NOT_AN_INDEX ||
         st == GALLEY_STATUS_BUSY || st == GALLEY_STATUS_READONLY || st == GALLEY_STATUS_FULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!path[0]) {
    /* TMPDIR (e.g. /dev/shm for the long run: the index syncs every batch) */
    const char *dir = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/galley-fuzz-db-%d.galley", dir && dir[0] ? dir : "/tmp", (int)getpid());
  }
  char wal[520];
  snprintf(wal, sizeof wal, "%s-wal", path);
  unlink(wal);
  FILE *f = fopen(path, "wb");
  if (!f) return 0;
  fwrite(data, 1, size, f);
  fclose(f);
  size_t expected = SIZE_MAX;
  for (int round = 0; round < 2; round++) {
    galley_dedup_index *index = NULL;
    galley_status st = galley_dedup_index_open(path, NULL, &index);
    CONTRACT((st == GALLEY_STATUS_OK) == (index != NULL), "a handle exactly on success");
    if (st != GALLEY_STATUS_OK) {
      CONTRACT(storage_status(st) || st == GALLEY_STATUS_INVALID_ARGUMENT, "open: %s", galley_status_name(st));
      CONTRACT(galley_errmsg()[0] != 0, "a message");
      CONTRACT(round == 0, "reopening a file that opened failed: %s", galley_errmsg());
      galley_dedup_index_free(index);
      break;
    }
    size_t n = galley_dedup_index_count(index);
    if (round == 1) CONTRACT(n == expected, "reopened with %zu paragraphs, committed %zu", n, expected);
    for (size_t s = 0; s < n && s < 512; s++) {
      const char *id;
      size_t len;
      int32_t para;
      galley_dedup_match m;
      if (galley_dedup_index_paragraph(index, (int64_t)s, &id, &len, &para, &m) != GALLEY_STATUS_OK) continue;
      char *copy = exact_copy((const uint8_t *)id, len);
      CONTRACT(id[len] == 0, "id terminated at its length");
      CONTRACT(has_document(index, copy, len) == 1, "stored id %zu contained", s);
      free(copy);
    }
    if (round == 0) {
      const char *ids = "fuzz-doc";
      const char *text = "A paragraph the fuzzer adds to whatever the file holds, with enough words.";
      size_t id_off[] = {0, 8}, text_off[] = {0, strlen(text)}, paras[] = {0, 1};
      galley_dedup_results *r = NULL;
      galley_status sa = galley_dedup_index_add(index, 1, ids, id_off, text, text_off, paras, &r);
      CONTRACT(sa == GALLEY_STATUS_OK || storage_status(sa), "add: %s", galley_status_name(sa));
      galley_dedup_results_free(r);
      expected = galley_dedup_index_count(index);
      CONTRACT(expected == n + (sa == GALLEY_STATUS_OK), "count after add");
    }
    galley_dedup_index_free(index);
  }
  unlink(path);
  unlink(wal);
  return 0;
}
