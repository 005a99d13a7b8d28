/* sqlite_internal.h - what the SQLite back end's files share; not for callers of the store. */
#ifndef ROADSHOW_SQLITE_INTERNAL_H
#define ROADSHOW_SQLITE_INTERNAL_H

#include <sqlite3.h>

#include "store.h"

struct store {
	sqlite3 *db;
	char errmsg[512];
};

/* Records the database's error and maps it to a store error (deleting: a foreign-key
 * failure means the row is still referenced). */
enum store_err sqlite_fail(struct store *s, int rc, int deleting);
/* Prepares a fixed statement; -1 (message recorded) when it cannot. */
int sqlite_prepare_text(struct store *s, const char *sql, sqlite3_stmt **out);
/* Prepares sql and binds the arguments that follow, one per letter of types:
 * 't' text (const char *, NULL binds null), 'i' int64_t, 'r' int64_t reference (0 binds
 * null). -1 (message recorded) when it cannot. */
int sqlite_bound(struct store *s, sqlite3_stmt **st, const char *sql, const char *types, ...);
/* Steps a statement that returns no rows and finalizes it; *changes (may be NULL) gets the
 * rows it changed. */
enum store_err sqlite_done(struct store *s, sqlite3_stmt *st, int *changes);
/* Reads the user columns (users.c's order) of the current row. */
void store_read_user(sqlite3_stmt *st, struct arena *a, struct user *u);
/* Steps a statement that returns one integer (COUNT, RETURNING id), stores it in *out and
 * finalizes. */
enum store_err sqlite_one_int(struct store *s, sqlite3_stmt *st, int64_t *out);
/* Rows changed by the last statement. */
int sqlite_changes(struct store *s);

#endif
