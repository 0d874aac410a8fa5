/* See include/galley_sqlite_shim.h. The handles are SQLite's own objects
 * under opaque names. */
#include "galley_sqlite_shim.h"

#include <sqlite3.h>

#define DB(p) ((sqlite3 *)(p))
#define ST(p) ((sqlite3_stmt *)(p))

int32_t gsql_open(const char *path, gsql_db **out) {
  sqlite3 *db = NULL;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
#ifdef SQLITE_OPEN_EXRESCODE
              | SQLITE_OPEN_EXRESCODE
#endif
      ;
  int rc = sqlite3_open_v2(path, &db, flags, NULL);
  *out = (gsql_db *)db;
  if (db != NULL) sqlite3_extended_result_codes(db, 1);
  return rc;
}

void gsql_close(gsql_db *db) {
  if (db == NULL) return;
  sqlite3_stmt *stmt;
  while ((stmt = sqlite3_next_stmt(DB(db), NULL)) != NULL) sqlite3_finalize(stmt);
  sqlite3_close(DB(db));
}

int32_t gsql_exec(gsql_db *db, const char *sql) {
  return sqlite3_exec(DB(db), sql, NULL, NULL, NULL);
}

int32_t gsql_system_errno(const gsql_db *db) { return sqlite3_system_errno(DB(db)); }

int32_t gsql_db_readonly(gsql_db *db) { return sqlite3_db_readonly(DB(db), "main"); }

const char *gsql_errmsg(const gsql_db *db) {
  const char *m = sqlite3_errmsg(DB(db));
  return m != NULL ? m : "out of memory";
}

int32_t gsql_extended_errcode(const gsql_db *db) {
  return sqlite3_extended_errcode(DB(db));
}

const char *gsql_errstr(int32_t code) { return sqlite3_errstr(code); }

int32_t gsql_prepare(gsql_db *db, const char *sql, gsql_stmt **out) {
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2(DB(db), sql, -1, &stmt, NULL);
  *out = (gsql_stmt *)stmt;
  return rc;
}

void gsql_finalize(gsql_stmt *stmt) { sqlite3_finalize(ST(stmt)); }

int32_t gsql_reset(gsql_stmt *stmt) {
  int rc = sqlite3_reset(ST(stmt));
  sqlite3_clear_bindings(ST(stmt));
  return rc;
}

int32_t gsql_bind_int64(gsql_stmt *stmt, int32_t index, int64_t value) {
  return sqlite3_bind_int64(ST(stmt), index, value);
}

int32_t gsql_bind_double(gsql_stmt *stmt, int32_t index, double value) {
  return sqlite3_bind_double(ST(stmt), index, value);
}

int32_t gsql_bind_null(gsql_stmt *stmt, int32_t index) {
  return sqlite3_bind_null(ST(stmt), index);
}

int32_t gsql_bind_text(gsql_stmt *stmt, int32_t index, const uint8_t *utf8, size_t len) {
  /* An empty string must bind as '' (not NULL): SQLite wants a non-NULL
   * pointer for that. */
  return sqlite3_bind_text64(ST(stmt), index, utf8 != NULL ? (const char *)utf8 : "",
                             (sqlite3_uint64)len, SQLITE_TRANSIENT, SQLITE_UTF8);
}

int32_t gsql_bind_blob(gsql_stmt *stmt, int32_t index, const uint8_t *bytes, size_t len) {
  /* Likewise an empty blob binds as x'' (zeroblob), never NULL. */
  if (len == 0) return sqlite3_bind_zeroblob(ST(stmt), index, 0);
  return sqlite3_bind_blob64(ST(stmt), index, bytes, (sqlite3_uint64)len, SQLITE_TRANSIENT);
}

int32_t gsql_step(gsql_stmt *stmt) { return sqlite3_step(ST(stmt)); }

int32_t gsql_column_type(gsql_stmt *stmt, int32_t column) {
  return sqlite3_column_type(ST(stmt), column);
}

int64_t gsql_column_int64(gsql_stmt *stmt, int32_t column) {
  return sqlite3_column_int64(ST(stmt), column);
}

double gsql_column_double(gsql_stmt *stmt, int32_t column) {
  return sqlite3_column_double(ST(stmt), column);
}

const uint8_t *gsql_column_blob(gsql_stmt *stmt, int32_t column, size_t *len) {
  const void *p = sqlite3_column_blob(ST(stmt), column);
  *len = (size_t)sqlite3_column_bytes(ST(stmt), column);
  return (const uint8_t *)p;
}

const uint8_t *gsql_column_text(gsql_stmt *stmt, int32_t column, size_t *len) {
  const unsigned char *p = sqlite3_column_text(ST(stmt), column);
  *len = (size_t)sqlite3_column_bytes(ST(stmt), column);
  return (const uint8_t *)p;
}

const char *gsql_libversion(void) { return sqlite3_libversion(); }
