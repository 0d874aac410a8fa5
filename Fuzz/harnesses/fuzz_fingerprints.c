/* galley_dedup_fingerprints and galley_dedup_overlaps. Input: bytes 0-3 are
 * options (byte 0: bit 0 character shingles, bits 1-5 shingle size - 1;
 * byte 1: threshold (b % 100 + 1) / 100; byte 2 & 7 picks the permutations;
 * byte 3: containment off if bit 7, else (b % 100 + 1) / 100), then
 * paragraphs separated by NUL bytes.
 * Contract: one row per paragraph; offsets non-decreasing and ending at the
 * column lengths; shingles sorted and unique; the batch gives each
 * paragraph exactly what a batch of one gives it; a set overlaps itself
 * completely. Options the library refuses are INVALID_ARGUMENT. */
#include "fuzz_support.h"

static const int32_t perms[8] = {8, 16, 64, 100, 128, 256, 1024, 33};

static galley_fingerprints *run(const galley_dedup_options *o, const char *text, const size_t *off, size_t n,
                                galley_status *st) {
  galley_fingerprints *fp = NULL;
  size_t item = 0;
  *st = galley_dedup_fingerprints(o, text, off, n, &fp, &item);
  return fp;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 4) return 0;
  galley_dedup_options o;
  galley_dedup_options_init(&o, sizeof o);
  o.shingle = data[0] & 1 ? GALLEY_SHINGLE_CHARACTERS : GALLEY_SHINGLE_WORDS;
  o.shingle_size = 1 + ((data[0] >> 1) & 31);
  o.threshold = (data[1] % 100 + 1) / 100.0;
  o.permutations = perms[data[2] & 7];
  o.containment = data[3] & 0x80 ? 0 : (data[3] % 100 + 1) / 100.0;
  size_t len = size - 4;
  char *text = exact_copy(data + 4, len);
  size_t n = 1;
  for (size_t i = 0; i < len; i++) n += text[i] == 0;
  size_t *off = malloc((n + 1) * sizeof *off);
  off[0] = 0;
  size_t k = 1;
  for (size_t i = 0; i < len; i++)
    if (text[i] == 0) off[k++] = i + 1;   /* the NUL ends the paragraph before it */
  off[n] = len;
  /* Paragraph j is text[off[j] .. off[j+1]) minus its trailing NUL: use an
   * ends array of the same shape instead. */
  size_t *ends = malloc((n + 1) * sizeof *ends);
  for (size_t j = 0; j < n; j++) ends[j] = off[j];
  ends[n] = len;
  galley_status st;
  galley_fingerprints *fp = run(&o, text, ends, n, &st);
  if (st == GALLEY_STATUS_OK) {
    CONTRACT(galley_fingerprints_count(fp) == n, "count");
    const size_t *bo = galley_fingerprints_band_offsets(fp), *so = galley_fingerprints_shingle_offsets(fp);
    const uint16_t *sh = galley_fingerprints_shingles(fp);
    const uint32_t *bk = galley_fingerprints_band_keys(fp);
    const uint64_t *ex = galley_fingerprints_exact(fp);
    const int32_t *tok = galley_fingerprints_tokens(fp);
    CONTRACT(bo[0] == 0 && so[0] == 0, "offsets start at 0");
    uint64_t *shared = malloc(n * sizeof *shared);
    CONTRACT(galley_dedup_overlaps(sh, so, sh, so, n, shared) == GALLEY_STATUS_OK, "overlaps");
    for (size_t j = 0; j < n; j++) {
      CONTRACT(bo[j] <= bo[j + 1] && so[j] <= so[j + 1], "offsets of %zu", j);
      for (size_t s = so[j] + 1; s < so[j + 1]; s++) CONTRACT(sh[s - 1] < sh[s], "shingles of %zu sorted", j);
      CONTRACT(shared[j] == so[j + 1] - so[j], "self-overlap of %zu", j);
      if (j < 8) {   /* batch == single, for the first few */
        size_t one[2] = {0, ends[j + 1] - ends[j]};
        galley_status s1;
        galley_fingerprints *f1 = run(&o, text + ends[j], one, 1, &s1);
        CONTRACT(s1 == GALLEY_STATUS_OK, "single %zu: %s", j, galley_status_name(s1));
        const size_t *bo1 = galley_fingerprints_band_offsets(f1), *so1 = galley_fingerprints_shingle_offsets(f1);
        CONTRACT(galley_fingerprints_exact(f1)[0] == ex[j] && galley_fingerprints_tokens(f1)[0] == tok[j] &&
                     bo1[1] == bo[j + 1] - bo[j] && so1[1] == so[j + 1] - so[j] &&
                     (bo1[1] == 0 || memcmp(galley_fingerprints_band_keys(f1), bk + bo[j], bo1[1] * 4) == 0) &&
                     (so1[1] == 0 || memcmp(galley_fingerprints_shingles(f1), sh + so[j], so1[1] * 2) == 0),
                 "batch differs from single for paragraph %zu", j);
        galley_fingerprints_free(f1);
      }
    }
    free(shared);
    galley_fingerprints_free(fp);
  } else {
    CONTRACT(fp == NULL, "out set on failure");
    CONTRACT(st == GALLEY_STATUS_INVALID_ARGUMENT || ordinary_failure(st), "status %s", galley_status_name(st));
  }
  free(off);
  free(ends);
  free(text);
  return 0;
}
