/*
 * A small JSON reader for the C tests: enough for the files in Tests/vectors
 * (objects, arrays, strings with escapes, numbers, true/false/null).
 * Not part of the library.
 */
#ifndef GALLEY_TEST_MINI_JSON_H
#define GALLEY_TEST_MINI_JSON_H

#include <stdlib.h>
#include <string.h>

typedef enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } jkind;

typedef struct jval {
  jkind kind;
  double num;        /* J_NUM, J_BOOL (0/1) */
  char *str;         /* J_STR: UTF-8, NUL-terminated; str_len bytes */
  size_t str_len;
  struct jval *items;  /* J_ARR, J_OBJ values */
  char **keys;         /* J_OBJ keys */
  size_t count;
} jval;

typedef struct { const char *p, *end; int error; } jparser;

static void j_ws(jparser *q) {
  while (q->p < q->end && (*q->p == ' ' || *q->p == '\n' || *q->p == '\r' || *q->p == '\t')) q->p++;
}

static void j_put(char **buf, size_t *len, size_t *cap, const char *src, size_t n) {
  if (*len + n + 1 > *cap) {
    while (*len + n + 1 > *cap) *cap = *cap ? *cap * 2 : 32;
    *buf = realloc(*buf, *cap);
  }
  memcpy(*buf + *len, src, n);
  *len += n;
  (*buf)[*len] = 0;
}

static unsigned j_hex4(jparser *q) {
  unsigned v = 0;
  for (int i = 0; i < 4; i++) {
    if (q->p >= q->end) { q->error = 1; return 0; }
    char c = *q->p++;
    v <<= 4;
    if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
    else q->error = 1;
  }
  return v;
}

static char *j_string(jparser *q, size_t *out_len) {
  char *buf = NULL;
  size_t len = 0, cap = 0;
  j_put(&buf, &len, &cap, "", 0);
  q->p++; /* opening quote */
  while (q->p < q->end && *q->p != '"') {
    if (*q->p != '\\') { j_put(&buf, &len, &cap, q->p, 1); q->p++; continue; }
    q->p++;
    if (q->p >= q->end) break;
    char e = *q->p++;
    char c;
    switch (e) {
      case 'n': c = '\n'; break;
      case 't': c = '\t'; break;
      case 'r': c = '\r'; break;
      case 'b': c = '\b'; break;
      case 'f': c = '\f'; break;
      case 'u': {
        /* A surrogate pair is one code point. A lone surrogate has no UTF-8
         * form: it becomes U+FFFD, as a JavaScript string does when it is
         * converted to a USVString (WPT's IdnaTestV2.json holds "a\ud900z"),
         * and an escape after a lone high surrogate is read on its own. */
        unsigned cp = j_hex4(q);
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          const char *next = q->p;
          unsigned lo = 0;
          if (q->p + 6 <= q->end && q->p[0] == '\\' && q->p[1] == 'u') {
            q->p += 2;
            lo = j_hex4(q);
          }
          if (lo >= 0xDC00 && lo <= 0xDFFF) cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          else { cp = 0xFFFD; q->p = next; }
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          cp = 0xFFFD;
        }
        char u[4];
        size_t n;
        if (cp < 0x80) { u[0] = (char)cp; n = 1; }
        else if (cp < 0x800) { u[0] = (char)(0xC0 | (cp >> 6)); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
        else if (cp < 0x10000) { u[0] = (char)(0xE0 | (cp >> 12)); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[2] = (char)(0x80 | (cp & 0x3F)); n = 3; }
        else { u[0] = (char)(0xF0 | (cp >> 18)); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F)); u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); n = 4; }
        j_put(&buf, &len, &cap, u, n);
        continue;
      }
      default: c = e; break;
    }
    j_put(&buf, &len, &cap, &c, 1);
  }
  if (q->p >= q->end) q->error = 1; else q->p++;
  *out_len = len;
  return buf;
}

static void j_parse(jparser *q, jval *v) {
  memset(v, 0, sizeof *v);
  j_ws(q);
  if (q->p >= q->end) { q->error = 1; return; }
  char c = *q->p;
  if (c == '"') { v->kind = J_STR; v->str = j_string(q, &v->str_len); return; }
  if (c == '[' || c == '{') {
    int obj = c == '{';
    v->kind = obj ? J_OBJ : J_ARR;
    q->p++;
    size_t cap = 0;
    for (;;) {
      j_ws(q);
      if (q->p < q->end && *q->p == (obj ? '}' : ']')) { q->p++; return; }
      if (v->count == cap) {
        cap = cap ? cap * 2 : 8;
        v->items = realloc(v->items, cap * sizeof *v->items);
        if (obj) v->keys = realloc(v->keys, cap * sizeof *v->keys);
      }
      if (obj) {
        size_t kl;
        if (q->p >= q->end || *q->p != '"') { q->error = 1; return; }
        v->keys[v->count] = j_string(q, &kl);
        j_ws(q);
        if (q->p >= q->end || *q->p != ':') { q->error = 1; return; }
        q->p++;
      }
      j_parse(q, &v->items[v->count++]);
      if (q->error) return;
      j_ws(q);
      if (q->p < q->end && *q->p == ',') q->p++;
    }
  }
  if (!strncmp(q->p, "true", 4)) { v->kind = J_BOOL; v->num = 1; q->p += 4; return; }
  if (!strncmp(q->p, "false", 5)) { v->kind = J_BOOL; q->p += 5; return; }
  if (!strncmp(q->p, "null", 4)) { v->kind = J_NULL; q->p += 4; return; }
  char *endp;
  v->kind = J_NUM;
  v->num = strtod(q->p, &endp);
  if (endp == q->p) q->error = 1;
  q->p = endp;
}

static void j_free(jval *v) {
  free(v->str);
  for (size_t i = 0; i < v->count; i++) {
    j_free(&v->items[i]);
    if (v->keys) free(v->keys[i]);
  }
  free(v->items);
  free(v->keys);
}

static const jval *j_get(const jval *obj, const char *key) {
  if (obj->kind != J_OBJ) return NULL;
  for (size_t i = 0; i < obj->count; i++)
    if (!strcmp(obj->keys[i], key)) return &obj->items[i];
  return NULL;
}

#endif
