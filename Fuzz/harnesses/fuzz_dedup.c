/* The dedup index in memory and in a file, side by side: add, contains,
 * paragraph lookup, close and reopen. Input: documents separated by 0x01,
 * each "id\x02paragraph\x00paragraph..."; byte 0 picks the shingles
 * (bit 0: characters) and byte 1 the split into two batches.
 * Contract: the memory index and the file index give the same results,
 * statuses, counts, lookups and contains, and the reopened file the same
 * lookups; ids come back whole (NUL bytes included) with a NUL after them.
 * Known and owned elsewhere (issue 12, the index's data layout): a
 * document with no paragraphs; contains is not compared for those. */
#include "fuzz_support.h"

#include <unistd.h>

#define MAX_DOCS 64
#define MAX_PARAS 256

static char path[512];

typedef struct {
  size_t docs, paras;
  size_t id_off[MAX_DOCS + 1], text_off[MAX_PARAS + 1], doc_paras[MAX_DOCS + 1];
  char ids[4096], text[65536];
  size_t il, tl;
} batch;

static void parse(const uint8_t *d, size_t n, batch *b) {
  memset(b, 0, sizeof *b);
  size_t i = 0;
  while (i < n && b->docs < MAX_DOCS) {
    size_t end = i;
    while (end < n && d[end] != 1) end++;
    const uint8_t *sep = memchr(d + i, 2, end - i);
    size_t idl = sep ? (size_t)(sep - (d + i)) : end - i;
    if (idl > 64) idl = 64;
    if (b->il + idl > sizeof b->ids) break;
    memcpy(b->ids + b->il, d + i, idl);
    b->il += idl;
    b->id_off[++b->docs] = b->il;
    if (sep) {
      size_t p = (size_t)(sep - d) + 1;
      while (p <= end && b->paras < MAX_PARAS) {
        size_t q = p;
        while (q < end && d[q] != 0) q++;
        if (b->tl + (q - p) > sizeof b->text) break;
        memcpy(b->text + b->tl, d + p, q - p);
        b->tl += q - p;
        b->text_off[++b->paras] = b->tl;
        p = q + 1;
      }
    }
    b->doc_paras[b->docs] = b->paras;
    i = end + 1;
  }
}

static void same_results(galley_dedup_results *a, galley_dedup_results *b) {
  size_t n = galley_dedup_results_count(a);
  CONTRACT(n == galley_dedup_results_count(b), "result counts %zu vs %zu", n, galley_dedup_results_count(b));
  const galley_dedup_match *ma = galley_dedup_results_data(a), *mb = galley_dedup_results_data(b);
  for (size_t i = 0; i < n; i++) {
    CONTRACT(ma[i].kind == mb[i].kind && ma[i].sequence == mb[i].sequence && ma[i].paragraph == mb[i].paragraph &&
                 ma[i].similarity == mb[i].similarity,
             "result %zu differs", i);
    size_t la, lb;
    const char *da = galley_dedup_results_document(a, i, &la), *db = galley_dedup_results_document(b, i, &lb);
    CONTRACT(la == lb && memcmp(da, db, la) == 0 && da[la] == 0, "document %zu differs", i);
  }
}

static void same_lookups(galley_dedup_index *a, galley_dedup_index *b) {
  size_t n = galley_dedup_index_count(a);
  CONTRACT(n == galley_dedup_index_count(b), "counts %zu vs %zu", n, galley_dedup_index_count(b));
  for (size_t s = 0; s < n; s++) {
    const char *ia, *ib;
    size_t la, lb;
    int32_t pa, pb;
    galley_dedup_match ma, mb;
    CONTRACT(galley_dedup_index_paragraph(a, (int64_t)s, &ia, &la, &pa, &ma) == GALLEY_STATUS_OK, "lookup a");
    char *copy = exact_copy((const uint8_t *)ia, la);   /* valid until the next call on a */
    CONTRACT(ia[la] == 0, "id terminated");
    CONTRACT(galley_dedup_index_paragraph(b, (int64_t)s, &ib, &lb, &pb, &mb) == GALLEY_STATUS_OK, "lookup b");
    CONTRACT(la == lb && memcmp(copy, ib, la) == 0 && ib[lb] == 0 && pa == pb && ma.kind == mb.kind &&
                 ma.sequence == mb.sequence && ma.similarity == mb.similarity,
             "paragraph %zu differs", s);
    free(copy);
  }
}

static void same_contains(galley_dedup_index *a, galley_dedup_index *b, const batch *bt) {
  for (size_t k = 0; k < bt->docs; k++) {
    if (bt->doc_paras[k] == bt->doc_paras[k + 1]) continue;   /* see above */
    const char *id = bt->ids + bt->id_off[k];
    size_t l = bt->id_off[k + 1] - bt->id_off[k];
    int32_t ca = has_document(a, id, l), cb = has_document(b, id, l);
    CONTRACT(ca == cb, "contains %d vs %d", ca, cb);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2) return 0;
  if (!path[0]) {
    /* TMPDIR (e.g. /dev/shm for the long run: the index syncs every batch) */
    const char *dir = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/galley-fuzz-dedup-%d.galley", dir && dir[0] ? dir : "/tmp", (int)getpid());
  }
  unlink(path);
  galley_dedup_options o;
  galley_dedup_options_init(&o, sizeof o);
  if (data[0] & 1) {
    o.shingle = GALLEY_SHINGLE_CHARACTERS;
    o.shingle_size = 3 + (data[0] >> 1) % 4;
  }
  size_t cut = 2 + (size - 2) * data[1] / 256;
  batch *b1 = malloc(sizeof *b1), *b2 = malloc(sizeof *b2);
  parse(data + 2, cut - 2, b1);
  parse(data + cut, size - cut, b2);
  galley_dedup_index *mem = NULL, *file = NULL;
  CONTRACT(galley_dedup_index_new(&o, &mem) == GALLEY_STATUS_OK, "new");
  CONTRACT(galley_dedup_index_open(path, &o, &file) == GALLEY_STATUS_OK, "open: %s", galley_errmsg());
  batch *batches[2] = {b1, b2};
  for (int k = 0; k < 2; k++) {
    batch *b = batches[k];
    galley_dedup_results *ra = NULL, *rb = NULL;
    galley_status sa = galley_dedup_index_add(mem, b->docs, b->ids, b->id_off, b->text, b->text_off, b->doc_paras, &ra);
    galley_status sb = galley_dedup_index_add(file, b->docs, b->ids, b->id_off, b->text, b->text_off, b->doc_paras, &rb);
    CONTRACT(sa == sb, "add: memory %s, file %s (%s)", galley_status_name(sa), galley_status_name(sb),
             galley_errmsg());
    if (sa == GALLEY_STATUS_OK) same_results(ra, rb);
    else CONTRACT(ordinary_failure(sa), "add status %s", galley_status_name(sa));
    galley_dedup_results_free(ra);
    galley_dedup_results_free(rb);
    same_lookups(mem, file);
    same_contains(mem, file, b);
  }
  galley_dedup_index_free(file);
  char wal[520];
  snprintf(wal, sizeof wal, "%s-wal", path);
  CONTRACT(access(wal, F_OK) != 0, "-wal left after close");
  CONTRACT(galley_dedup_index_open(path, &o, &file) == GALLEY_STATUS_OK, "reopen: %s", galley_errmsg());
  same_lookups(mem, file);
  same_contains(mem, file, b1);
  same_contains(mem, file, b2);
  galley_dedup_index_free(file);
  galley_dedup_index_free(mem);
  unlink(path);
  free(b1);
  free(b2);
  return 0;
}
