/*
 * Index files through the C ABI: every way a file can be unusable gets its
 * own status and a message naming the file, nothing committed is lost, and a
 * clean close leaves no -wal or -shm file. Also NUL bytes in text and ids
 * (length-delimited text: never cut at a NUL). Usage:
 *   test_storage [DBFILE...]   (DBFILEs: damaged index files to open and walk)
 */
#include <galley.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_support.h"

static char dir[] = "/tmp/galley-storage-XXXXXX";

static void path_of(char *out, size_t cap, const char *name) { snprintf(out, cap, "%s/%s", dir, name); }

static int exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

/* Adds `n` documents of one paragraph each ("doc-<first+k>"). */
static galley_status add_docs(galley_dedup_index *index, int first, int n) {
  char *ids = malloc((size_t)n * 32), *text = malloc((size_t)n * 200);
  size_t *id_off = malloc(sizeof(size_t) * (size_t)(n + 1)), *text_off = malloc(sizeof(size_t) * (size_t)(n + 1));
  size_t *paras = malloc(sizeof(size_t) * (size_t)(n + 1));
  size_t il = 0, tl = 0;
  id_off[0] = text_off[0] = paras[0] = 0;
  for (int k = 0; k < n; k++) {
    il += (size_t)sprintf(ids + il, "doc-%d", first + k);
    tl += (size_t)sprintf(text + tl, "Paragraph %d of the storage test says something different each time: %d %d %d.",
                          first + k, (first + k) * 7919, (first + k) * 104729, (first + k) % 13);
    id_off[k + 1] = il;
    text_off[k + 1] = tl;
    paras[k + 1] = (size_t)k + 1;
  }
  galley_dedup_results *r = NULL;
  galley_status st = galley_dedup_index_add(index, (size_t)n, ids, id_off, text, text_off, paras, &r);
  galley_dedup_results_free(r);
  free(ids); free(text); free(id_off); free(text_off); free(paras);
  return st;
}

/* Opens `path`; the status, with *out the handle (free it). */
static galley_status open_index(const char *path, galley_dedup_index **out) {
  *out = NULL;
  return galley_dedup_index_open(path, NULL, out);
}

/* Makes an index of `n` paragraphs at `path`. */
static void make_index(const char *path, int n) {
  galley_dedup_index *index;
  unlink(path);
  CHECK(open_index(path, &index) == GALLEY_STATUS_OK, "create %s: %s", path, galley_errmsg());
  CHECK(add_docs(index, 0, n) == GALLEY_STATUS_OK, "add: %s", galley_errmsg());
  galley_dedup_index_free(index);
}

static void copy_file(const char *from, const char *to) {
  size_t len;
  char *bytes = read_file(from, &len);
  FILE *f = fopen(to, "wb");
  if (bytes && f) fwrite(bytes, 1, len, f);
  if (f) fclose(f);
  free(bytes);
}

/* The status of opening `path`, and that the message names the file. */
static galley_status open_status(const char *path) {
  galley_dedup_index *index;
  galley_status st = open_index(path, &index);
  if (st != GALLEY_STATUS_OK) {
    const char *m = galley_errmsg();
    CHECK(strstr(m, path) != NULL, "message names the file: %s", m);
  }
  galley_dedup_index_free(index);
  return st;
}

static void test_clean_close_and_empty(void) {
  char path[256], wal[300], shm[300];
  path_of(path, sizeof path, "clean.galley");
  snprintf(wal, sizeof wal, "%s-wal", path);
  snprintf(shm, sizeof shm, "%s-shm", path);
  make_index(path, 5);
  CHECK(!exists(wal) && !exists(shm), "no -wal or -shm after a clean close");
  galley_dedup_index *index;
  CHECK(open_index(path, &index) == GALLEY_STATUS_OK && galley_dedup_index_count(index) == 5, "reopen keeps 5");
  CHECK(has_document(index, "doc-3", 5) == 1, "doc-3 is there");
  galley_dedup_index_free(index);
  CHECK(!exists(wal) && !exists(shm), "no -wal or -shm after reopening and closing");

  /* A 0-byte file holds nothing committed: it opens as a new index (the
   * documented decision; what mktemp and a crash before the first commit
   * leave). */
  path_of(path, sizeof path, "empty.galley");
  FILE *f = fopen(path, "wb");
  if (f) fclose(f);
  CHECK(open_index(path, &index) == GALLEY_STATUS_OK && galley_dedup_index_count(index) == 0, "0 bytes: new index");
  galley_dedup_index_free(index);
}

static void test_damaged_truncated_foreign_busy(void) {
  char good[256], bad[256];
  path_of(good, sizeof good, "good.galley");
  path_of(bad, sizeof bad, "bad.galley");
  make_index(good, 300);
  size_t len = 0;
  char *bytes = read_file(good, &len);
  CHECK(bytes != NULL && len > 16384, "index of %zu bytes", len);
  if (!bytes) return;

  /* Cut short: not whole pages, and whole pages missing. */
  FILE *f = fopen(bad, "wb");
  fwrite(bytes, 1, len - 1000, f);
  fclose(f);
  galley_status st = open_status(bad);
  CHECK(st == GALLEY_STATUS_CORRUPT, "cut mid-page: %s", galley_status_name(st));
  f = fopen(bad, "wb");
  fwrite(bytes, 1, len / 2 - (len / 2) % 4096, f);
  fclose(f);
  st = open_status(bad);
  CHECK(st == GALLEY_STATUS_CORRUPT, "cut to half its pages: %s", galley_status_name(st));

  /* Damaged: every page after the first overwritten with a pattern. */
  char *copy = malloc(len);
  memcpy(copy, bytes, len);
  for (size_t i = 4096; i < len; i++) copy[i] = (char)(i * 37);
  f = fopen(bad, "wb");
  fwrite(copy, 1, len, f);
  fclose(f);
  st = open_status(bad);
  CHECK(st == GALLEY_STATUS_CORRUPT, "damaged pages: %s", galley_status_name(st));
  free(copy);

  /* Foreign: text, and a header that is not SQLite's. */
  f = fopen(bad, "wb");
  for (int i = 0; i < 400; i++) fputs("not an index at all\n", f);
  fclose(f);
  st = open_status(bad);
  CHECK(st == GALLEY_STATUS_NOT_AN_INDEX, "a text file: %s", galley_status_name(st));
  free(bytes);

  /* Busy: a second index on a file the first holds. */
  galley_dedup_index *first;
  CHECK(open_index(good, &first) == GALLEY_STATUS_OK, "first open");
  st = open_status(good);
  CHECK(st == GALLEY_STATUS_BUSY, "second open: %s", galley_status_name(st));
  galley_dedup_index_free(first);
  CHECK(open_status(good) == GALLEY_STATUS_OK, "free releases the file");
  CHECK(strcmp(galley_status_name(GALLEY_STATUS_FULL), "GALLEY_STATUS_FULL") == 0 &&
            strcmp(galley_status_name(GALLEY_STATUS_STORAGE), "GALLEY_STATUS_STORAGE") == 0,
        "status names");
}

/* Read-only: a file that cannot be opened for writing, in a child that is
 * not root when the test runs as root (root writes anything). */
static void test_read_only(void) {
  char path[256];
  path_of(path, sizeof path, "ro.galley");
  make_index(path, 3);
  chmod(dir, 0755);
  pid_t pid = fork();
  if (pid == 0) {
    if (geteuid() == 0) {
      if (chown(path, 65534, 65534) != 0 || setgid(65534) != 0 || setuid(65534) != 0) _exit(99);
    }
    chmod(path, 0444);
    galley_dedup_index *index;
    galley_status st = open_index(path, &index);
    int named = strstr(galley_errmsg(), path) != NULL;
    galley_dedup_index_free(index);
    _exit(st == GALLEY_STATUS_READONLY && named ? 0 : 10 + st);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "read-only file: child exit %d (10 + status)",
        WEXITSTATUS(status));
  chmod(path, 0644);
  galley_dedup_index *index;
  CHECK(open_index(path, &index) == GALLEY_STATUS_OK && galley_dedup_index_count(index) == 3,
        "the read-only file lost nothing");
  galley_dedup_index_free(index);
  chmod(dir, 0700);
}

/* Full: the batch is rolled back and nothing committed is lost. With
 * `full_dir` (a small tmpfs, Tests/c/storage_full.sh) the disk really fills
 * and the status must be GALLEY_STATUS_FULL. Without, the process's file
 * size limit stops the WAL from growing: SQLite reports the write's EFBIG
 * as an I/O error, which Galley maps to FULL when SQLite passes the errno
 * on, else STORAGE; both are accepted there. In a child, so the limit ends
 * with it. */
static const char *full_dir = NULL;

static void test_full(void) {
  char path[512];
  if (full_dir) snprintf(path, sizeof path, "%s/full.galley", full_dir);
  else path_of(path, sizeof path, "full.galley");
  make_index(path, 10);
  pid_t pid = fork();
  if (pid == 0) {
    signal(SIGXFSZ, SIG_IGN);
    galley_dedup_index *index;
    if (open_index(path, &index) != GALLEY_STATUS_OK) _exit(90);
    struct rlimit rl = {300000 + 1234, RLIM_INFINITY};
    if (!full_dir && setrlimit(RLIMIT_FSIZE, &rl) != 0) _exit(91);
    galley_status st = add_docs(index, 1000, 5000);
    char index_msg[512];
    snprintf(index_msg, sizeof index_msg, "%s", galley_errmsg());
    int named = strstr(index_msg, path) != NULL;
    int kept = galley_dedup_index_count(index) == 10 && has_document(index, "doc-1000", 8) == 0;
    /* Still usable after the failure: a small batch fits. */
    galley_status again = add_docs(index, 20, 1);
    galley_dedup_index_free(index);
    if (st != GALLEY_STATUS_FULL && (full_dir || st != GALLEY_STATUS_STORAGE)) {
      fprintf(stderr, "full: %s: %s\n", galley_status_name(st), index_msg);
      _exit(10 + st);
    }
    _exit(!named ? 30 : !kept ? 31 : again != GALLEY_STATUS_OK ? 40 + again : 0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "full disk: child exit %d", WEXITSTATUS(status));
  galley_dedup_index *index;
  galley_status st = open_index(path, &index);
  CHECK(st == GALLEY_STATUS_OK && galley_dedup_index_count(index) == 11, "after a full disk: %s, %zu paragraphs",
        galley_status_name(st), galley_dedup_index_count(index));
  galley_dedup_index_free(index);
}

/* NUL bytes are text: ids and related-link bodies come back whole. */
static void test_nul_bytes(void) {
  galley_dedup_index *index;
  CHECK(galley_dedup_index_new(NULL, &index) == GALLEY_STATUS_OK, "new");
  const char id[] = "x\0yz", para[] = "One\0paragraph with a NUL inside it, and more words after it.";
  size_t id_off[] = {0, 4}, text_off[] = {0, sizeof para - 1}, paras[] = {0, 1};
  galley_dedup_results *r = NULL;
  CHECK(galley_dedup_index_add(index, 1, id, id_off, para, text_off, paras, &r) == GALLEY_STATUS_OK, "add");
  galley_dedup_results_free(r);
  const char *sid = NULL;
  size_t slen = 0;
  int32_t sp;
  galley_dedup_match m;
  CHECK(galley_dedup_index_paragraph(index, 0, &sid, &slen, &sp, &m) == GALLEY_STATUS_OK && slen == 4 &&
            memcmp(sid, id, 4) == 0 && sid[4] == 0,
        "id with a NUL: %zu bytes", slen);
  CHECK(has_document(index, id, 4) == 1 && has_document(index, id, 1) == 0,
        "contains with a NUL");
  galley_dedup_index_free(index);

  /* The same through a file, closed and reopened (the fuzzer found it by
   * opening a file whose stored name held a NUL). */
  char path[256];
  path_of(path, sizeof path, "nul.galley");
  for (int round = 0; round < 2; round++) {
    CHECK(open_index(path, &index) == GALLEY_STATUS_OK, "file %d", round);
    if (round == 0) {
      CHECK(galley_dedup_index_add(index, 1, id, id_off, para, text_off, paras, &r) == GALLEY_STATUS_OK, "add");
      galley_dedup_results_free(r);
    }
    sid = NULL;
    slen = 0;
    CHECK(galley_dedup_index_paragraph(index, 0, &sid, &slen, &sp, &m) == GALLEY_STATUS_OK && slen == 4 &&
              memcmp(sid, id, 4) == 0 && sid[4] == 0,
          "file id with a NUL, round %d: %zu bytes", round, slen);
    galley_dedup_index_free(index);
  }

  for (size_t n = 1; n < 12; n++) {
    const char text[] = "a\0bcdefgh\0\0x";
    galley_related *rel = NULL;
    size_t eo, blen = 99;
    CHECK(galley_related_links(text, n, NULL, 0, &rel, &eo) == GALLEY_STATUS_OK, "related %zu", n);
    const char *body = galley_related_body(rel, &blen);
    CHECK(blen == n && memcmp(body, text, n) == 0 && body[n] == 0, "body of %zu bytes is the text (%zu)", n, blen);
    galley_related_free(rel);
  }
}

/* Damaged index files (the fuzzer's findings): open, walk, add, close,
 * reopen; only statuses, never a crash (AddressSanitizer checks the reads). */
static void walk_file(const char *file) {
  char path[256];
  path_of(path, sizeof path, "walk.galley");
  unlink(path);
  copy_file(file, path);
  for (int round = 0; round < 2; round++) {
    galley_dedup_index *index;
    galley_status st = open_index(path, &index);
    if (st == GALLEY_STATUS_OK) {
      size_t n = galley_dedup_index_count(index);
      for (size_t s = 0; s < n; s++) {
        const char *sid;
        size_t slen;
        int32_t sp;
        galley_dedup_match m;
        if (galley_dedup_index_paragraph(index, (int64_t)s, &sid, &slen, &sp, &m) != GALLEY_STATUS_OK) continue;
        volatile char sum = 0;
        for (size_t i = 0; i <= slen; i++) sum ^= sid[i];   /* every byte and the NUL readable */
        CHECK(sid[slen] == 0, "id terminated at its length");
        CHECK(has_document(index, sid, slen) == 1, "stored id %zu is contained", s);
      }
      add_docs(index, 0, 3);
    } else {
      CHECK(st >= GALLEY_STATUS_STORAGE && st <= GALLEY_STATUS_FULL, "%s: %s", file, galley_status_name(st));
    }
    galley_dedup_index_free(index);
  }
}

int main(int argc, char **argv) {
  if (!mkdtemp(dir)) {
    perror("mkdtemp");
    return 2;
  }
  if (argc > 2 && strcmp(argv[1], "--full-dir") == 0) {   /* only the real full disk */
    full_dir = argv[2];
    test_full();
    printf("%d checks, %d failures\n", checks, failures);
    rmdir(dir);
    return failures ? 1 : 0;
  }
  test_clean_close_and_empty();
  test_damaged_truncated_foreign_busy();
  test_read_only();
  test_full();
  test_nul_bytes();
  for (int i = 1; i < argc; i++) walk_file(argv[i]);
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
  printf("%d checks, %d failures\n", checks, failures);
  return failures ? 1 : 0;
}
