/*
 * Near-duplicate paragraphs through include/galley.h: the shared vectors
 * (Tests/vectors/dedup.json) through in-memory and file indexes and
 * galley_dedup_paragraphs, and the experimental fingerprint columns
 * (galley_dedup_fingerprints, galley_dedup_overlaps) that galley.dask uses.
 * Index files' failures are test_storage.c's.
 *
 * usage: test_dedup DEDUP.json
 */
#define _GNU_SOURCE
#include "galley.h"
#include "mini_json.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_support.h"

/* ---- Near-duplicate vectors (Tests/vectors/dedup.json) ------------------- */

static void test_dedup(const char *path) {
  char *src;
  jval doc;
  int read = read_json(path, &src, &doc);
  CHECK(read == 1, "read and parse %s", path);
  if (read == 0) return;
  galley_dedup_options o;
  galley_dedup_options_init(&o, sizeof o);
  CHECK(o.shingle == GALLEY_SHINGLE_WORDS && o.shingle_size == 5 && o.threshold == 0.8 &&
            o.containment == 0.9 && o.permutations == 64, "dedup defaults");
  galley_dedup_index *index = NULL;
  CHECK(galley_dedup_index_new(&o, &index) == GALLEY_STATUS_OK, "dedup new");
  const jval *batches = j_get(&doc, "batches"), *expected = j_get(&doc, "expected");
  static const char *kinds[] = {"", "exact", "near", "contained"};
  for (size_t b = 0; b < batches->count; b++) {
    const jval *batch = &batches->items[b];
    size_t ndocs = batch->count, nparas = 0, idlen = 0, textlen = 0;
    for (size_t d = 0; d < ndocs; d++) {
      const jval *ps = j_get(&batch->items[d], "paragraphs");
      nparas += ps->count;
      idlen += j_get(&batch->items[d], "id")->str_len;
      for (size_t p = 0; p < ps->count; p++) textlen += ps->items[p].str_len;
    }
    char *ids = malloc(idlen + 1), *text = malloc(textlen + 1);
    size_t *id_off = malloc((ndocs + 1) * sizeof *id_off), *doc_par = malloc((ndocs + 1) * sizeof *doc_par);
    size_t *text_off = malloc((nparas + 1) * sizeof *text_off);
    size_t io = 0, to = 0, pi = 0;
    id_off[0] = 0; doc_par[0] = 0; text_off[0] = 0;
    for (size_t d = 0; d < ndocs; d++) {
      const jval *id = j_get(&batch->items[d], "id"), *ps = j_get(&batch->items[d], "paragraphs");
      memcpy(ids + io, id->str, id->str_len); io += id->str_len; id_off[d + 1] = io;
      for (size_t p = 0; p < ps->count; p++) {
        memcpy(text + to, ps->items[p].str, ps->items[p].str_len);
        to += ps->items[p].str_len;
        text_off[++pi] = to;
      }
      doc_par[d + 1] = pi;
    }
    galley_dedup_results *r = NULL;
    galley_status st = galley_dedup_index_add(index, ndocs, ids, id_off, text, text_off, doc_par, &r);
    CHECK(st == GALLEY_STATUS_OK, "dedup add batch %zu: %s", b, galley_errmsg());
    const jval *want = &expected->items[b];
    CHECK(galley_dedup_results_count(r) == want->count, "batch %zu count", b);
    const galley_dedup_match *m = galley_dedup_results_data(r);
    for (size_t i = 0; m && i < want->count && i < galley_dedup_results_count(r); i++) {
      const jval *w = &want->items[i];
      if (w->kind == J_NULL) {
        CHECK(m[i].kind == GALLEY_DUPLICATE_NONE && m[i].sequence == -1, "batch %zu #%zu kept", b, i);
        continue;
      }
      size_t dl = 0;
      const char *docid = galley_dedup_results_document(r, i, &dl);
      CHECK(m[i].kind >= 1 && m[i].kind <= 3 && !strcmp(kinds[m[i].kind], j_get(w, "kind")->str) &&
                m[i].paragraph == (int32_t)j_get(w, "paragraph")->num &&
                m[i].sequence == (int64_t)j_get(w, "sequence")->num &&
                m[i].similarity == j_get(w, "similarity")->num && docid &&
                dl == j_get(w, "doc_id")->str_len && !memcmp(docid, j_get(w, "doc_id")->str, dl),
            "batch %zu #%zu: kind %d para %d seq %lld sim %.17g", b, i, m[i].kind, m[i].paragraph,
            (long long)m[i].sequence, m[i].similarity);
    }
    CHECK(galley_dedup_results_document(r, 1000000, NULL) == NULL, "document out of range");
    galley_dedup_results_free(r);
    free(ids); free(text); free(id_off); free(doc_par); free(text_off);
  }
  /* Stored paragraphs can be walked (clusters). */
  {
    const char *sid = NULL;
    size_t slen = 0;
    int32_t spara = -2;
    galley_dedup_match sm;
    CHECK(galley_dedup_index_paragraph(index, 0, &sid, &slen, &spara, &sm) == GALLEY_STATUS_OK && slen == 6 &&
              !memcmp(sid, "wire-1", 6) && spara == 0 && sm.kind == GALLEY_DUPLICATE_NONE, "paragraph 0");
    CHECK(galley_dedup_index_paragraph(index, 3, &sid, &slen, &spara, &sm) == GALLEY_STATUS_OK &&
              !memcmp(sid, "wire-2", 6) && sm.kind == GALLEY_DUPLICATE_EXACT && sm.sequence == 0, "paragraph 3");
    CHECK(galley_dedup_index_paragraph(index, -1, &sid, &slen, &spara, &sm) == GALLEY_STATUS_INVALID_ARGUMENT &&
              galley_dedup_index_paragraph(index, 1 << 30, &sid, &slen, &spara, &sm) ==
                  GALLEY_STATUS_INVALID_ARGUMENT, "sequence out of range");
  }
  /* A bad paragraph rejects the whole batch and names it. */
  size_t before = galley_dedup_index_count(index);
  const char bad_text[] = "good paragraph\xff bad";
  size_t off2[] = {0, 4, sizeof bad_text - 1}, idoff[] = {0, 1}, dp[] = {0, 2};
  galley_dedup_results *r = (galley_dedup_results *)index;
  CHECK(galley_dedup_index_add(index, 1, "x", idoff, bad_text, off2, dp, &r) == GALLEY_STATUS_INVALID_UTF8 &&
            r == NULL, "dedup invalid UTF-8");
  CHECK(galley_error_offset() == 14, "dedup error offset %zu",
        galley_error_offset());
  CHECK(strstr(galley_errmsg(), "paragraph 1") != NULL, "dedup message: %s",
        galley_errmsg());
  CHECK(galley_dedup_index_count(index) == before, "nothing added");
  size_t unordered[] = {0, 5, 3};
  CHECK(galley_dedup_index_add(index, 1, "x", idoff, bad_text, unordered, dp, &r) ==
            GALLEY_STATUS_INVALID_ARGUMENT, "offsets out of order");
  CHECK(galley_dedup_index_add(index, 1, NULL, idoff, bad_text, off2, dp, &r) == GALLEY_STATUS_INVALID_ARGUMENT,
        "NULL ids");
  CHECK(galley_dedup_index_add(index, SIZE_MAX, "x", idoff, bad_text, off2, dp, &r) ==
            GALLEY_STATUS_INVALID_ARGUMENT, "absurd document count");
  CHECK(galley_dedup_index_add(index, 0, NULL, NULL, NULL, NULL, NULL, &r) == GALLEY_STATUS_OK &&
            galley_dedup_results_count(r) == 0, "empty batch");
  galley_dedup_results_free(r);
  /* Options are checked. */
  galley_dedup_options bad = o;
  bad.threshold = 1.5;
  galley_dedup_index *none = (galley_dedup_index *)&bad;
  CHECK(galley_dedup_index_new(&bad, &none) == GALLEY_STATUS_INVALID_ARGUMENT && none == NULL, "bad threshold");
  bad = o; bad.permutations = 2;
  CHECK(galley_dedup_index_new(&bad, &none) == GALLEY_STATUS_INVALID_ARGUMENT, "bad permutations");
  bad = o; bad.reserved = 1;
  CHECK(galley_dedup_index_new(&bad, &none) == GALLEY_STATUS_INVALID_ARGUMENT, "reserved");
  /* Within one text. */
  const char *article = "Same words in this paragraph here.\n\nOther.\n\nSame words in this paragraph here.";
  size_t eo = 0;
  CHECK(galley_dedup_paragraphs(NULL, article, strlen(article), &r, &eo) == GALLEY_STATUS_OK &&
            eo == SIZE_MAX && galley_dedup_results_count(r) == 3 &&
            galley_dedup_results_data(r)[2].kind == GALLEY_DUPLICATE_EXACT &&
            galley_dedup_results_data(r)[2].paragraph == 0, "dedup_paragraphs");
  galley_dedup_results_free(r);
  CHECK(galley_dedup_paragraphs(NULL, "ab\xc0", 3, &r, &eo) == GALLEY_STATUS_INVALID_UTF8 && eo == 2,
        "dedup_paragraphs invalid UTF-8");
  CHECK(galley_dedup_paragraphs(NULL, NULL, 3, &r, &eo) == GALLEY_STATUS_INVALID_ARGUMENT, "NULL text");
  galley_dedup_index_free(index);
  galley_dedup_index_free(NULL);
  galley_dedup_results_free(NULL);

  /* A file index: what is added survives reopening; a foreign file is refused
   * with a message on the returned handle. */
  char dir[] = "/tmp/galley-test-XXXXXX";
  if (mkdtemp(dir)) {
    char path[256];
    snprintf(path, sizeof path, "%s/index.db", dir);
    galley_dedup_index *fi = NULL;
    CHECK(galley_dedup_index_open(path, NULL, &fi) == GALLEY_STATUS_OK, "open new file");
    const char *p1 = "The council approved the budget for the second crossing on Monday evening.";
    size_t t1[] = {0, strlen(p1)}, i1[] = {0, 3}, d1[] = {0, 1};
    CHECK(galley_dedup_index_add(fi, 1, "doc", i1, p1, t1, d1, &r) == GALLEY_STATUS_OK, "add to file");
    galley_dedup_results_free(r);
    CHECK(has_document(fi, "doc", 3) == 1 && has_document(fi, "nope", 4) == 0,
          "contains");
    galley_dedup_index_free(fi);
    fi = NULL;
    CHECK(galley_dedup_index_open(path, NULL, &fi) == GALLEY_STATUS_OK && galley_dedup_index_count(fi) == 1,
          "reopen keeps the paragraph");
    CHECK(galley_dedup_index_add(fi, 1, "dup", i1, p1, t1, d1, &r) == GALLEY_STATUS_OK &&
              galley_dedup_results_data(r)[0].kind == GALLEY_DUPLICATE_EXACT &&
              galley_dedup_results_data(r)[0].sequence == 0, "duplicate of the stored paragraph");
    galley_dedup_results_free(r);
    galley_dedup_index_free(fi);
    snprintf(path, sizeof path, "%s/notes.txt", dir);
    FILE *f = fopen(path, "w");
    for (int k = 0; f && k < 200; k++) fputs("not an index, just text\n", f);
    if (f) fclose(f);
    fi = NULL;
    CHECK(galley_dedup_index_open(path, NULL, &fi) == GALLEY_STATUS_NOT_AN_INDEX && fi == NULL &&
              strstr(galley_errmsg(), "not a Galley index") != NULL,
          "foreign file: %s", galley_errmsg());
    CHECK(galley_dedup_index_add(fi, 0, NULL, NULL, NULL, NULL, NULL, &r) == GALLEY_STATUS_INVALID_ARGUMENT,
          "a NULL index refuses work");
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
  }
  j_free(&doc);
  free(src);
}


/* ---- Fingerprints for distributed deduplication --------------------------- */

static void test_fingerprints(void) {
  const char *paras[] = {"The council approved the budget for the second crossing on Tuesday.", "Short.",
                         "The council approved the budget for the second crossing on Tuesday.", ""};
  char text[512];
  size_t offsets[5], at = 0;
  for (int i = 0; i < 4; i++) {
    offsets[i] = at;
    memcpy(text + at, paras[i], strlen(paras[i]));
    at += strlen(paras[i]);
  }
  offsets[4] = at;
  galley_fingerprints *fp = NULL;
  size_t bad = 0;
  CHECK(galley_dedup_fingerprints(NULL, text, offsets, 4, &fp, &bad) == GALLEY_STATUS_OK && bad == SIZE_MAX,
        "fingerprints");
  CHECK(galley_fingerprints_count(fp) == 4, "fingerprints count");
  const uint64_t *exact = galley_fingerprints_exact(fp);
  const int32_t *tokens = galley_fingerprints_tokens(fp);
  const size_t *bo = galley_fingerprints_band_offsets(fp), *so = galley_fingerprints_shingle_offsets(fp);
  const uint32_t *keys = galley_fingerprints_band_keys(fp);
  const uint16_t *sh = galley_fingerprints_shingles(fp);
  CHECK(exact[0] == exact[2] && exact[0] != exact[1] && tokens[0] == 11 && tokens[1] == 1 && tokens[3] == 0,
        "fingerprints exact/tokens %d %d", tokens[0], tokens[1]);
  /* 0.8 -> 21 bands of 3 rows; "Short." has no 5-word shingle, so no keys. */
  CHECK(bo[0] == 0 && bo[1] == 21 && bo[2] == 21 && bo[3] == 42 && bo[4] == 42, "fingerprints band offsets");
  CHECK(!memcmp(keys, keys + 21, 21 * sizeof *keys), "fingerprints same keys for the same text");
  CHECK(so[1] - so[0] == 7 && so[2] == so[1] && so[3] - so[2] == 7, "fingerprints shingle offsets");
  int sorted = 1;
  for (size_t k = so[0] + 1; k < so[1]; k++) sorted &= sh[k - 1] < sh[k];
  CHECK(sorted, "fingerprints shingles sorted and unique");
  /* Shared shingles, as the index counts them when it verifies a candidate. */
  /* Pair 0: paragraphs 0 and 2 (the same text); pair 1: two empty sets. */
  size_t ao[] = {so[0], so[1], so[1]}, bo2[] = {so[2], so[3], so[3]};
  uint64_t shared[2] = {99, 99};
  CHECK(galley_dedup_overlaps(sh, ao, sh, bo2, 2, shared) == GALLEY_STATUS_OK &&
            shared[0] == 7 && shared[1] == 0, "overlaps %llu %llu", (unsigned long long)shared[0],
        (unsigned long long)shared[1]);
  size_t down[] = {3, 1};
  CHECK(galley_dedup_overlaps(sh, down, sh, down, 1, shared) == GALLEY_STATUS_INVALID_ARGUMENT, "overlaps order");
  CHECK(galley_dedup_overlaps(NULL, ao, sh, bo2, 1, shared) == GALLEY_STATUS_INVALID_ARGUMENT, "overlaps NULL");
  CHECK(galley_dedup_overlaps(sh, ao, sh, bo2, 1, NULL) == GALLEY_STATUS_INVALID_ARGUMENT, "overlaps NULL out");
  CHECK(galley_dedup_overlaps(NULL, NULL, NULL, NULL, 0, NULL) == GALLEY_STATUS_OK, "overlaps none");
  galley_fingerprints_free(fp);

  /* Bad input: the failing paragraph's index; malformed arrays; NULLs. */
  size_t two[] = {0, 3, 6};
  fp = NULL;
  CHECK(galley_dedup_fingerprints(NULL, "abcd\xff" "f", two, 2, &fp, &bad) == GALLEY_STATUS_INVALID_UTF8 &&
            bad == 1 && fp == NULL, "fingerprints invalid UTF-8 -> item %zu", bad);
  size_t back[] = {0, 4, 2};
  CHECK(galley_dedup_fingerprints(NULL, "abcd", back, 2, &fp, NULL) == GALLEY_STATUS_INVALID_ARGUMENT, "fp back");
  CHECK(galley_dedup_fingerprints(NULL, NULL, two, 2, &fp, NULL) == GALLEY_STATUS_INVALID_ARGUMENT, "fp NULL text");
  CHECK(galley_dedup_fingerprints(NULL, "x", NULL, 1, &fp, NULL) == GALLEY_STATUS_INVALID_ARGUMENT, "fp NULL offsets");
  CHECK(galley_dedup_fingerprints(NULL, "x", two, 1, NULL, NULL) == GALLEY_STATUS_INVALID_ARGUMENT, "fp NULL out");
  galley_dedup_options o;
  galley_dedup_options_init(&o, sizeof o);
  o.permutations = 3;
  CHECK(galley_dedup_fingerprints(&o, "x", two, 0, &fp, NULL) == GALLEY_STATUS_INVALID_ARGUMENT, "fp bad options");
  CHECK(galley_dedup_fingerprints(NULL, NULL, NULL, 0, &fp, NULL) == GALLEY_STATUS_OK &&
            galley_fingerprints_count(fp) == 0, "fp empty");
  galley_fingerprints_free(fp);
  CHECK(galley_fingerprints_count(NULL) == 0 && galley_fingerprints_exact(NULL) == NULL, "fp NULL handle");
  galley_fingerprints_free(NULL);
}


/* ---- candidates_per_bucket (options version 2) ---------------------------- */

static void test_candidates_per_bucket(void) {
  galley_dedup_options o;
  galley_dedup_options_init(&o, sizeof o);
  CHECK(o.candidates_per_bucket == 128 && o.reserved2 == 0, "default candidates_per_bucket 128, got %d",
        (int)o.candidates_per_bucket);
  galley_dedup_index *index = NULL;
  /* A caller built against 0.1 gives version 1's size: accepted, default bound. */
  galley_dedup_options v1;
  galley_dedup_options_init(&v1, offsetof(galley_dedup_options, candidates_per_bucket));
  CHECK(v1.size == offsetof(galley_dedup_options, candidates_per_bucket), "v1 size kept");
  CHECK(galley_dedup_index_new(&v1, &index) == GALLEY_STATUS_OK && index, "version 1 options accepted");
  galley_dedup_index_free(index);
  index = NULL;
  o.candidates_per_bucket = 0;   /* no bound */
  CHECK(galley_dedup_index_new(&o, &index) == GALLEY_STATUS_OK && index, "candidates_per_bucket 0 accepted");
  galley_dedup_index_free(index);
  index = NULL;
  o.candidates_per_bucket = -1;
  CHECK(galley_dedup_index_new(&o, &index) == GALLEY_STATUS_INVALID_ARGUMENT && !index,
        "negative candidates_per_bucket refused");
  o.candidates_per_bucket = 4;
  o.reserved2 = 1;
  CHECK(galley_dedup_index_new(&o, &index) == GALLEY_STATUS_INVALID_ARGUMENT && !index, "reserved2 != 0 refused");
  o.reserved2 = 0;
  o.size = sizeof o - 1;
  CHECK(galley_dedup_index_new(&o, &index) == GALLEY_STATUS_INVALID_ARGUMENT && !index, "odd size refused");
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: %s DEDUP.json\n", argv[0]); return 2; }
  test_dedup(argv[1]);
  test_fingerprints();
  test_candidates_per_bucket();
  printf("%d checks, %d failures\n", checks, failures);
  return failures ? 1 : 0;
}
