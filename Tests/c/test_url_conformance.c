/*
 * The Web Platform Tests' URL conformance data through the C ABI
 * (galley_url_parse, galley_url_component), as the Swift tests and pytest run
 * it:
 *   urltestdata.json  href and every component given; expected failures must
 *                     fail (GALLEY_STATUS_INVALID_ARGUMENT, with a message).
 *   toascii.json      the host and hostname of "https://" + input + "/x", or
 *                     a failure where output is null.
 *   IdnaTestV2.json   as WPT's IdnaTestV2.window.js: ":", "/", "?", "#", "\"
 *                     in the input percent-encoded, then a failure where
 *                     output is null, or that host and hostname, pathname
 *                     "/x" and href "https://" + output + "/x". The empty
 *                     input is left out, as WPT does.
 * For the last two, the inputs that fail must be exactly the known ICU 72
 * gaps of Tests/vectors/url_icu72_gaps.json (compared byte by byte, that is
 * code point by code point): any other failure fails, and so does a listed
 * input that passes or one listed twice. A lone surrogate escaped in the
 * data ("a\ud900z") reads as U+FFFD (mini_json.h), as WPT's USVString
 * conversion does.
 *
 * usage: test_url_conformance CONFORMANCE_DIR URL_ICU72_GAPS.json
 *   exit 77 (skipped) when CONFORMANCE_DIR holds none of the three files.
 */
#include "galley.h"
#include "mini_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"

/* Prints `s` as a C-like literal, non-ASCII and controls as \u{...}. */
static void print_literal(FILE *f, const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  fputc('"', f);
  for (size_t i = 0; i < n;) {
    unsigned c = u[i], cp = c, len = 1;
    if (c >= 0xF0 && i + 3 < n) {
      cp = ((c & 0x07) << 18) | ((u[i + 1] & 0x3Fu) << 12) | ((u[i + 2] & 0x3Fu) << 6) | (u[i + 3] & 0x3Fu);
      len = 4;
    } else if (c >= 0xE0 && i + 2 < n) {
      cp = ((c & 0x0F) << 12) | ((u[i + 1] & 0x3Fu) << 6) | (u[i + 2] & 0x3Fu);
      len = 3;
    } else if (c >= 0xC0 && i + 1 < n) {
      cp = ((c & 0x1F) << 6) | (u[i + 1] & 0x3Fu);
      len = 2;
    }
    if (cp == '"' || cp == '\\') fprintf(f, "\\%c", (char)cp);
    else if (cp >= 0x20 && cp < 0x7F) fputc((int)cp, f);
    else fprintf(f, "\\u{%X}", cp);
    i += len;
  }
  fputc('"', f);
}

static int same(const char *a, size_t an, const char *b, size_t bn) {
  return an == bn && memcmp(a, b, an) == 0;
}

/* Reads dir/name (an array of objects and, between them, comment strings)
 * into *doc; 0, with a SKIP line, when it is absent (or a failed check when
 * it does not parse). On 1, free with j_free(doc) and free(*src). */
static int load(const char *dir, const char *name, jval *doc, char **src) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  int read = read_json(path, src, doc);
  if (read == 0) {
    printf("SKIP %s: %s not found (Tests/conformance is part of the repository)\n", name, path);
    return 0;
  }
  if (read != 1 || doc->kind != J_ARR) {
    CHECK(0, "cannot parse %s", path);
    j_free(doc);
    return 0;
  }
  return 1;
}

static galley_url *parse(const char *input, size_t len, const jval *base, galley_status *status) {
  galley_url *url = NULL;
  int has_base = base && base->kind == J_STR;
  *status = galley_url_parse(input, len, has_base ? base->str : NULL, has_base ? base->str_len : 0, &url);
  return url;
}

static const char *part(const galley_url *url, galley_url_part p, size_t *len) {
  const char *s = galley_url_component(url, p, len);
  if (!s) { *len = 0; return ""; }
  return s;
}

/* ---- urltestdata.json ------------------------------------------------------ */

static const struct { const char *name; galley_url_part part; } components[] = {
    {"href", GALLEY_URL_HREF},         {"protocol", GALLEY_URL_PROTOCOL},
    {"username", GALLEY_URL_USERNAME}, {"password", GALLEY_URL_PASSWORD},
    {"host", GALLEY_URL_HOST},         {"hostname", GALLEY_URL_HOSTNAME},
    {"port", GALLEY_URL_PORT},         {"pathname", GALLEY_URL_PATHNAME},
    {"search", GALLEY_URL_SEARCH},     {"hash", GALLEY_URL_HASH},
};

static void report(const jval *input, const jval *base, const char *what) {
  fprintf(stderr, "  FAIL urltestdata.json: input ");
  print_literal(stderr, input->str, input->str_len);
  fprintf(stderr, " base ");
  if (base && base->kind == J_STR) print_literal(stderr, base->str, base->str_len);
  else fprintf(stderr, "none");
  fprintf(stderr, ": %s\n", what);
}

/* galley_url_write on a URL that parsed: the href and the spans give the
 * handle's components; the canonical URL equals galley_url_canonicalize's;
 * the canonical URL and the match key are idempotent. */
static int write_one(int32_t mode, const galley_canonical_options *o, const char *in, size_t n, const jval *base,
                     char *buf, size_t cap, size_t *len, size_t *spans) {
  int has_base = base && base->kind == J_STR;
  return galley_url_write(mode, o, in, n, has_base ? base->str : NULL, has_base ? base->str_len : 0, buf, cap,
                          len, spans) == GALLEY_STATUS_OK;
}

static int check_write(const jval *input, const jval *base, const galley_url *url) {
  static char buf[1 << 16], again[1 << 16];
  size_t len = 0, len2 = 0, spans[20];
  if (!write_one(GALLEY_URL_WRITE_PARSED, NULL, input->str, input->str_len, base, buf, sizeof buf, &len, spans)) {
    report(input, base, "galley_url_write failed");
    return 0;
  }
  for (size_t k = 0; k < sizeof components / sizeof *components; k++) {
    size_t n;
    const char *want = part(url, components[k].part, &n);
    size_t a = spans[2 * components[k].part], b = spans[2 * components[k].part + 1];
    if (a > b || b > len || !same(buf + a, b - a, want, n)) {
      report(input, base, "galley_url_write spans");
      return 0;
    }
  }
  galley_canonical_options key;
  galley_canonical_options_init(&key, sizeof key);
  key.flags = GALLEY_CANONICAL_MATCH_KEY;
  for (int strength = 0; strength < 2; strength++) {
    const galley_canonical_options *o = strength ? &key : NULL;
    if (!write_one(GALLEY_URL_WRITE_CANONICAL, o, input->str, input->str_len, base, buf, sizeof buf, &len, NULL))
    { report(input, base, "parses but galley_url_write canonical fails"); return 0; }
    if (!strength) {
      galley_url *c = NULL;
      int has_base = base && base->kind == J_STR;
      galley_url_canonicalize(NULL, input->str, input->str_len, has_base ? base->str : NULL,
                              has_base ? base->str_len : 0, &c);
      size_t n;
      const char *href = part(c, GALLEY_URL_HREF, &n);
      int equal = same(href, n, buf, len);
      galley_url_free(c);
      if (!equal) {
        report(input, base, "galley_url_write canonical differs from galley_url_canonicalize");
        return 0;
      }
    }
    if (!write_one(GALLEY_URL_WRITE_CANONICAL, o, buf, len, NULL, again, sizeof again, &len2, NULL) ||
        !same(buf, len, again, len2)) {
      report(input, base, strength ? "match key not idempotent" : "canonical URL not idempotent");
      return 0;
    }
  }
  return 1;
}

static void check_write_edges(void) {
  char buf[64];
  size_t len = 0, spans[20];
  const char *u = "http://m.example.com/world/story-123/amp/?utm_source=tw";
  galley_canonical_options key;
  galley_canonical_options_init(&key, sizeof key);
  key.flags = GALLEY_CANONICAL_MATCH_KEY;
  CHECK(galley_url_write(GALLEY_URL_WRITE_CANONICAL, &key, u, strlen(u), NULL, 0, buf, sizeof buf, &len, NULL) ==
            GALLEY_STATUS_OK && same(buf, len, "https://example.com/world/story-123", 35),
        "match key of %s", u);
  /* Too small: the length needed, the buffer untouched. */
  memset(buf, 'z', sizeof buf);
  CHECK(galley_url_write(GALLEY_URL_WRITE_PARSED, NULL, u, strlen(u), NULL, 0, buf, 10, &len, spans) ==
            GALLEY_STATUS_TOO_LARGE && len == strlen(u) && buf[0] == 'z',
        "galley_url_write with a small buffer");
  CHECK(galley_url_write(GALLEY_URL_WRITE_PARSED, NULL, u, strlen(u), NULL, 0, NULL, 0, &len, NULL) ==
            GALLEY_STATUS_TOO_LARGE && len == strlen(u),
        "galley_url_write measuring");
  CHECK(galley_url_write(GALLEY_URL_WRITE_PARSED, NULL, u, strlen(u), NULL, 0, buf, sizeof buf, NULL, NULL) ==
            GALLEY_STATUS_INVALID_ARGUMENT, "NULL href_len");
  CHECK(galley_url_write(7, NULL, u, strlen(u), NULL, 0, buf, sizeof buf, &len, NULL) ==
            GALLEY_STATUS_INVALID_ARGUMENT, "unknown mode");
  CHECK(galley_url_write(GALLEY_URL_WRITE_PARSED, NULL, "\xff", 1, NULL, 0, buf, sizeof buf, &len, NULL) ==
            GALLEY_STATUS_INVALID_UTF8, "invalid UTF-8");
  CHECK(galley_url_write(GALLEY_URL_WRITE_PARSED, NULL, NULL, 3, NULL, 0, buf, sizeof buf, &len, NULL) ==
            GALLEY_STATUS_INVALID_ARGUMENT, "NULL input with a length");
  /* A bidi domain whose other label starts with a digit (RFC 5893 rule 1). */
  const char *bidi = "http://1.\xd7\x90\xd7\x91/";
  galley_url *url = NULL;
  CHECK(galley_url_parse(bidi, strlen(bidi), NULL, 0, &url) == GALLEY_STATUS_INVALID_ARGUMENT &&
            strstr(galley_errmsg(), "bidi"), "http://1.<hebrew>/ is rejected by the bidi rule");
  galley_url_free(url);
  /* A label over ICU's 1,000 code points: invalid, not an ICU error. */
  size_t n = 8 + 2 * 1001 + 9;
  char *big = malloc(n + 1);
  memcpy(big, "https://", 8);
  for (size_t i = 0; i < 1001; i++) memcpy(big + 8 + 2 * i, "\xc3\xbc", 2);
  memcpy(big + 8 + 2 * 1001, ".example/", 9);
  url = NULL;
  CHECK(galley_url_parse(big, n, NULL, 0, &url) == GALLEY_STATUS_INVALID_ARGUMENT &&
            strstr(galley_errmsg(), "1,000 code points"), "over-long IDN label");
  galley_url_free(url);
  free(big);
}

static int run_urltestdata(const char *dir) {
  jval doc;
  char *src;
  if (!load(dir, "urltestdata.json", &doc, &src)) { free(src); return 0; }
  size_t count = 0, passed = 0;
  for (size_t i = 0; i < doc.count; i++) {
    const jval *c = &doc.items[i];
    if (c->kind != J_OBJ) continue;
    count++;
    const jval *input = j_get(c, "input"), *base = j_get(c, "base"), *failure = j_get(c, "failure");
    if (!input || input->kind != J_STR) { CHECK(0, "case %zu has no input", i); continue; }
    galley_status status;
    galley_url *url = parse(input->str, input->str_len, base, &status);
    int ok = 1;
    if (failure && failure->kind == J_BOOL && failure->num) {
      if (status == GALLEY_STATUS_OK) {
        report(input, base, "parsed, expected failure");
        ok = 0;
      } else if (status != GALLEY_STATUS_INVALID_ARGUMENT || url || !*galley_errmsg()) {
        char what[160];
        snprintf(what, sizeof what, "failed with %s, a handle or no message, expected GALLEY_STATUS_INVALID_ARGUMENT",
                 galley_status_name(status));
        report(input, base, what);
        ok = 0;
      }
    } else if (status != GALLEY_STATUS_OK) {
      char what[512];
      snprintf(what, sizeof what, "%s: %s", galley_status_name(status), galley_errmsg());
      report(input, base, what);
      ok = 0;
    } else {
      for (size_t k = 0; k < sizeof components / sizeof *components; k++) {
        const jval *want = j_get(c, components[k].name);
        if (!want || want->kind != J_STR) continue;
        size_t n;
        const char *got = part(url, components[k].part, &n);
        if (!same(got, n, want->str, want->str_len) || got[n] != 0) {
          report(input, base, components[k].name);
          fprintf(stderr, "    got ");
          print_literal(stderr, got, n);
          fprintf(stderr, " expected ");
          print_literal(stderr, want->str, want->str_len);
          fputc('\n', stderr);
          ok = 0;
        }
      }
    }
    if (status == GALLEY_STATUS_OK) ok &= check_write(input, base, url);
    galley_url_free(url);
    passed += (size_t)ok;
  }
  printf("urltestdata.json: %zu/%zu pass\n", passed, count);
  CHECK(count == 891, "urltestdata.json has %zu cases, expected 891", count);
  CHECK(passed == count, "urltestdata.json: %zu/%zu pass", passed, count);
  j_free(&doc);
  free(src);
  return 1;
}

/* ---- The ICU 72 gaps --------------------------------------------------------- */

typedef struct {
  const jval **items;
  size_t count, cap;
} strlist;

static void strlist_add(strlist *l, const jval *s) {
  if (l->count == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 64;
    l->items = realloc(l->items, l->cap * sizeof *l->items);
  }
  l->items[l->count++] = s;
}

static int strlist_has(const strlist *l, const jval *s) {
  for (size_t i = 0; i < l->count; i++)
    if (same(l->items[i]->str, l->items[i]->str_len, s->str, s->str_len)) return 1;
  return 0;
}

/* Fails on an input listed twice, a failure not listed (run_idna() printed
 * it) and a listed input that passes; prints the summary line. `failed`
 * holds the failing inputs. */
static void check_gaps(const char *name, size_t passed, size_t run, const strlist *failed,
                       const strlist *listed) {
  for (size_t i = 0; i < listed->count; i++)
    for (size_t j = i + 1; j < listed->count; j++)
      if (same(listed->items[i]->str, listed->items[i]->str_len, listed->items[j]->str,
               listed->items[j]->str_len)) {
        CHECK(0, "url_icu72_gaps.json lists an input of %s twice", name);
        print_literal(stderr, listed->items[i]->str, listed->items[i]->str_len);
        fputc('\n', stderr);
      }
  size_t unexpected = 0, now_passing = 0;
  for (size_t i = 0; i < failed->count; i++) unexpected += !strlist_has(listed, failed->items[i]);
  for (size_t i = 0; i < listed->count; i++)
    if (!strlist_has(failed, listed->items[i])) {
      now_passing++;
      fprintf(stderr, "  LISTED BUT PASSES %s: ", name);
      print_literal(stderr, listed->items[i]->str, listed->items[i]->str_len);
      fputc('\n', stderr);
    }
  printf("%s: %zu/%zu pass; %zu fail, all listed ICU 72 gaps: %s\n", name, passed, run, failed->count,
         unexpected == 0 && now_passing == 0 ? "yes" : "no");
  CHECK(unexpected == 0, "%s: %zu unlisted failures", name, unexpected);
  CHECK(now_passing == 0, "%s: %zu listed ICU 72 gaps now pass (remove them)", name, now_passing);
}

/* ---- toascii.json and IdnaTestV2.json ---------------------------------------- */

/* "https://" + input + "/x", with ":", "/", "?", "#" and "\" in the input
 * percent-encoded when `encode` (malloc'd; *n gets its length). */
static char *wrap(const jval *input, int encode, size_t *n) {
  char *s = malloc(input->str_len * 3 + 16);
  size_t o = 0;
  memcpy(s, "https://", 8);
  o = 8;
  for (size_t i = 0; i < input->str_len; i++) {
    char c = input->str[i];
    if (encode && (c == ':' || c == '/' || c == '?' || c == '#' || c == '\\')) {
      o += (size_t)sprintf(s + o, "%%%02X", (unsigned char)c);
    } else {
      s[o++] = c;
    }
  }
  memcpy(s + o, "/x", 3);
  *n = o + 2;
  return s;
}

static int has_part(const galley_url *url, galley_url_part p, const char *want, size_t want_len) {
  size_t n;
  const char *got = part(url, p, &n);
  return same(got, n, want, want_len);
}

/* Runs toascii.json (idna 0) or IdnaTestV2.json (idna 1). */
static int run_idna(const char *dir, const char *name, int idna, size_t expected_cases,
                    const strlist *listed) {
  jval doc;
  char *src;
  if (!load(dir, name, &doc, &src)) { free(src); return 0; }
  size_t count = 0, run = 0, passed = 0;
  strlist failed = {0};
  for (size_t i = 0; i < doc.count; i++) {
    const jval *c = &doc.items[i];
    if (c->kind != J_OBJ) continue;
    count++;
    const jval *input = j_get(c, "input"), *output = j_get(c, "output");
    if (!input || input->kind != J_STR) { CHECK(0, "%s: case %zu has no input", name, i); continue; }
    if (idna && input->str_len == 0) continue; /* as WPT: "" cannot go through new URL() */
    run++;
    size_t n;
    char *text = wrap(input, idna, &n);
    galley_status status;
    galley_url *url = parse(text, n, NULL, &status);
    int ok;
    if (!output || output->kind != J_STR) {
      ok = status != GALLEY_STATUS_OK;
    } else {
      ok = status == GALLEY_STATUS_OK && has_part(url, GALLEY_URL_HOST, output->str, output->str_len) &&
           has_part(url, GALLEY_URL_HOSTNAME, output->str, output->str_len);
      if (ok && idna) {
        char *href = malloc(output->str_len + 16);
        int href_len = sprintf(href, "https://%s/x", output->str);
        ok = has_part(url, GALLEY_URL_PATHNAME, "/x", 2) &&
             has_part(url, GALLEY_URL_HREF, href, (size_t)href_len);
        free(href);
      }
    }
    if (ok) {
      passed++;
    } else {
      strlist_add(&failed, input);
      if (!strlist_has(listed, input)) {
        size_t hn;
        const char *href = part(url, GALLEY_URL_HREF, &hn);
        fprintf(stderr, "  UNEXPECTED FAIL %s: ", name);
        print_literal(stderr, input->str, input->str_len);
        fprintf(stderr, ": got ");
        if (status == GALLEY_STATUS_OK) print_literal(stderr, href, hn);
        else fprintf(stderr, "failure (%s: %s)", galley_status_name(status), galley_errmsg());
        fprintf(stderr, ", expected ");
        if (output && output->kind == J_STR) print_literal(stderr, output->str, output->str_len);
        else fprintf(stderr, "failure");
        fputc('\n', stderr);
      }
    }
    galley_url_free(url);
    free(text);
  }
  CHECK(count == expected_cases, "%s has %zu cases, expected %zu", name, count, expected_cases);
  check_gaps(name, passed, run, &failed, listed);
  free(failed.items);
  j_free(&doc);
  free(src);
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s CONFORMANCE_DIR URL_ICU72_GAPS.json\n", argv[0]);
    return 2;
  }
  char *gaps_src;
  jval gaps;
  if (read_json(argv[2], &gaps_src, &gaps) != 1) { fprintf(stderr, "cannot read or parse %s\n", argv[2]); return 2; }
  const jval *toascii = j_get(&gaps, "toascii"), *idna = j_get(&gaps, "IdnaTestV2");
  if (!toascii || toascii->kind != J_ARR || !idna || idna->kind != J_ARR) {
    fprintf(stderr, "cannot parse %s\n", argv[2]);
    return 2;
  }
  strlist toascii_gaps = {0}, idna_gaps = {0};
  for (size_t i = 0; i < toascii->count; i++) strlist_add(&toascii_gaps, &toascii->items[i]);
  for (size_t k = 0; k < idna->count; k++) {
    const jval *inputs = j_get(&idna->items[k], "inputs");
    CHECK(inputs && inputs->kind == J_ARR && j_get(&idna->items[k], "class"), "IdnaTestV2 class %zu", k);
    for (size_t i = 0; inputs && i < inputs->count; i++) strlist_add(&idna_gaps, &inputs->items[i]);
  }
  for (size_t i = 0; i < toascii_gaps.count; i++)
    CHECK(toascii_gaps.items[i]->kind == J_STR, "toascii gap %zu", i);
  for (size_t i = 0; i < idna_gaps.count; i++)
    CHECK(idna_gaps.items[i]->kind == J_STR, "IdnaTestV2 gap %zu", i);
  if (failures) return 1;

  check_write_edges();
  int found = run_urltestdata(argv[1]);
  found |= run_idna(argv[1], "toascii.json", 0, 87, &toascii_gaps);
  found |= run_idna(argv[1], "IdnaTestV2.json", 1, 2671, &idna_gaps);

  free(toascii_gaps.items);
  free(idna_gaps.items);
  j_free(&gaps);
  free(gaps_src);
  printf("%d checks, %d failures\n", checks, failures);
  if (!failures && !found) {
    printf("SKIP: no URL conformance files in %s (Tests/conformance is part of the repository)\n", argv[1]);
    return 77;
  }
  return failures ? 1 : 0;
}
