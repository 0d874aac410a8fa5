/*
 * The bridge between Galley's Swift core and the system SQLite (the corpus
 * dedup index's store, Sources/Galley/Dedup/IndexStore.swift). Like the ICU
 * shim, this is the only code that includes <sqlite3.h>; this header names no
 * SQLite type, only opaque handles and fixed-width integers, and exposes just
 * what the store needs.
 *
 * Result codes are SQLite's own (primary or extended), passed through as
 * int32_t; the few the store tests for are named below. A connection and its
 * statements are used by one thread at a time (the store opens connections
 * with SQLITE_OPEN_NOMUTEX).
 *
 * Internal to Galley: not installed, not part of the C ABI.
 */
#ifndef GALLEY_SQLITE_SHIM_H
#define GALLEY_SQLITE_SHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* SQLite result codes the store distinguishes (values are SQLite's; macros,
 * so that Swift sees them as Int32 like the results). */
#define GSQL_OK 0
#define GSQL_ERROR 1   /* SQL error, e.g. "no such table" */
#define GSQL_BUSY 5    /* the file is locked by another connection */
#define GSQL_NOMEM 7
#define GSQL_CORRUPT 11 /* "database disk image is malformed" */
#define GSQL_NOTADB 26 /* "file is not a database" */
#define GSQL_PERM 3     /* access permission denied */
#define GSQL_LOCKED 6   /* a table is locked (same connection) */
#define GSQL_READONLY 8 /* attempt to write a read-only database */
#define GSQL_IOERR 10   /* an I/O error; extended codes say which */
#define GSQL_FULL 13    /* the disk or the file size limit is full */
#define GSQL_CANTOPEN 14
#define GSQL_IOERR_SHORT_READ 522 /* (GSQL_IOERR | 2 << 8): the file ends early */
#define GSQL_ROW 100
#define GSQL_DONE 101

/* Column types (values are SQLite's). */
#define GSQL_INTEGER 1
#define GSQL_FLOAT 2
#define GSQL_TEXT 3
#define GSQL_BLOB 4
#define GSQL_NULL 5

typedef struct gsql_db gsql_db;
typedef struct gsql_stmt gsql_stmt;

/* Opens the database at `path` (NUL-terminated UTF-8; ":memory:" for a
 * private in-memory database), read-write, created if missing, without
 * SQLite's connection mutex and with extended result codes. Returns a result
 * code; *out is set even on failure (except out of memory, when it is NULL)
 * so that gsql_errmsg can describe the failure, and must be closed with
 * gsql_close either way. Opening does not read the file: a file that is not
 * a database is reported by the first statement (GSQL_NOTADB). */
int32_t gsql_open(const char *path, gsql_db **out);

/* Closes a connection, finalizing any statement still open on it (NULL is a
 * no-op). Closing the last connection to a WAL database checkpoints it and
 * removes the -wal file. */
void gsql_close(gsql_db *db);

/* Runs one or more SQL statements with no parameters and no results
 * (PRAGMA settings, BEGIN, COMMIT, CREATE TABLE ...). */
int32_t gsql_exec(gsql_db *db, const char *sql);

/* 1 when the connection's main database was opened read-only (SQLite does
 * so by itself when the file cannot be opened for writing), 0 when it can
 * be written, -1 for no database. */
int32_t gsql_db_readonly(gsql_db *db);

/* The English message of the connection's last failure. Valid until the
 * next call on the connection. Never NULL. */
const char *gsql_errmsg(const gsql_db *db);

/* The operating system's errno behind the connection's last I/O failure
 * (sqlite3_system_errno), 0 when there was none. */
int32_t gsql_system_errno(const gsql_db *db);

/* The extended result code of the connection's last failure. */
int32_t gsql_extended_errcode(const gsql_db *db);

/* SQLite's static English text for a result code. */
const char *gsql_errstr(int32_t code);

/* Compiles one SQL statement (NUL-terminated). On failure *out is NULL. */
int32_t gsql_prepare(gsql_db *db, const char *sql, gsql_stmt **out);

/* Frees a statement. NULL is a no-op. */
void gsql_finalize(gsql_stmt *stmt);

/* Resets a statement to run again and clears its bindings. */
int32_t gsql_reset(gsql_stmt *stmt);

/* Bind parameter `index` (from 1). Text and blobs are copied. Text is UTF-8
 * of `len` bytes (no terminator needed). */
int32_t gsql_bind_int64(gsql_stmt *stmt, int32_t index, int64_t value);
int32_t gsql_bind_double(gsql_stmt *stmt, int32_t index, double value);
int32_t gsql_bind_null(gsql_stmt *stmt, int32_t index);
int32_t gsql_bind_text(gsql_stmt *stmt, int32_t index, const uint8_t *utf8, size_t len);
int32_t gsql_bind_blob(gsql_stmt *stmt, int32_t index, const uint8_t *bytes, size_t len);

/* Runs the statement to its next row: GSQL_ROW, GSQL_DONE or an error. */
int32_t gsql_step(gsql_stmt *stmt);

/* Columns of the current row (from 0). Blob and text pointers are owned by
 * the statement and valid until the next step, reset or finalize; an empty
 * blob may be NULL with *len = 0. */
int32_t gsql_column_type(gsql_stmt *stmt, int32_t column);
int64_t gsql_column_int64(gsql_stmt *stmt, int32_t column);
double gsql_column_double(gsql_stmt *stmt, int32_t column);
const uint8_t *gsql_column_blob(gsql_stmt *stmt, int32_t column, size_t *len);
const uint8_t *gsql_column_text(gsql_stmt *stmt, int32_t column, size_t *len);

/* The SQLite library version in use, e.g. "3.40.1". Static text. */
const char *gsql_libversion(void);

#ifdef __cplusplus
}
#endif

#endif
