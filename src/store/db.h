/* db.h - what the store's files share, and what each back end (SQLite, PostgreSQL) gives them:
 * statements with numbered parameters (?1, ?2, ... in the SQL text, whichever the back end),
 * rows read column by column, errors mapped to store errors. Not for callers of the store. */
#ifndef ROADSHOW_DB_H
#define ROADSHOW_DB_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/embedded.h"
#include "sql.h"
#include "store.h"

struct db_stmt; /* a back end's running statement */

/* A back end. Each function that fails records its message in the store (store_errmsg). */
struct db_backend {
	const char *name;
	enum sql_dialect dialect;
	/* Connects s to url (reader: another connection of a store already open, for reading). */
	int (*open)(struct store *s, const char *url, int reader, char *err, size_t errlen);
	void (*close)(struct store *s);
	/* Runs a script of statements without parameters or rows (a migration). */
	enum store_err (*exec)(struct store *s, const char *script);
	/* Starts sql with its n arguments bound; NULL when it cannot. */
	struct db_stmt *(*query)(struct store *s, const char *sql, const struct sql_arg *args,
				 size_t n);
	/* The next row: 1, none left: 0, failed: -1 (the error kept for finish). */
	int (*step)(struct db_stmt *st);
	int (*is_null)(struct db_stmt *st, int col);
	int64_t (*integer)(struct db_stmt *st, int col);
	/* The column as text, NULL for null; valid until the next step. */
	const char *(*text)(struct db_stmt *st, int col, size_t *len);
	/* Ends st: the rows it changed into *changes (may be NULL), and its error mapped to a store
	 * error (deleting: a foreign-key failure means the row is still referenced). */
	enum store_err (*finish)(struct store *s, struct db_stmt *st, int deleting, int *changes);
	int (*in_transaction)(struct store *s);
	/* Copies the whole database into the database file (backup), or the file's over it
	 * (restore); NULL where the database's own tools do it (pg_dump). */
	enum store_err (*copy)(struct store *s, const char *file, int restore);
	const char *begin_sql;	    /* starts a write transaction */
	const char *read_begin_sql; /* starts a read transaction: one snapshot until COMMIT */
	const char *migrations_table_sql;
	const struct embedded_file *migrations;
	const size_t *nmigrations;
};

extern const struct db_backend db_sqlite, db_postgres;

struct store {
	const struct db_backend *be;
	void *conn;	/* the back end's connection */
	char url[1024]; /* for a reader */
	char errmsg[512];
	int generation; /* whether its commits raise data_generation (the schema has it) */
	/* each entity's insert text once made, without and with an id (2 * nentities; made and
	 * kept by store_insert: building it was a tenth of the writer's turn for a POST) */
	char **inserts;
};

/* Starts sql with the arguments that follow, one per letter of types: 't' text (const char *,
 * NULL binds null), 'i' int64_t, 'r' int64_t reference (0 binds null). NULL (message
 * recorded) when it cannot. */
struct db_stmt *db_query(struct store *s, const char *sql, const char *types, ...);
/* Starts a statement built by sql.c. */
struct db_stmt *db_query_sql(struct store *s, const struct sql_stmt *sql);
int db_step(struct store *s, struct db_stmt *st);
int db_null(struct store *s, struct db_stmt *st, int col);
int64_t db_int(struct store *s, struct db_stmt *st, int col);
/* The column's text copied into a (NULL for null). */
const char *db_text(struct store *s, struct db_stmt *st, int col, struct arena *a);
enum store_err db_finish(struct store *s, struct db_stmt *st, int deleting, int *changes);
/* Steps a statement that returns no rows and ends it. */
enum store_err db_done(struct store *s, struct db_stmt *st, int *changes);
/* Steps a statement that returns one integer (COUNT, RETURNING id) into *out, and ends it. */
enum store_err db_one_int(struct store *s, struct db_stmt *st, int64_t *out);
enum store_err db_exec(struct store *s, const char *script);
/* Records a message as the store's error; returns STORE_ERROR. */
enum store_err db_fail(struct store *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Reads the user columns (users.c's order) of the current row. */
void store_read_user(struct store *s, struct db_stmt *st, struct arena *a, struct user *u);

#endif
