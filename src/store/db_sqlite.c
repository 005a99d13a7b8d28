/* db_sqlite.c - the SQLite back end: STRICT tables, WAL, foreign keys on, synchronous=FULL. */
#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/hash.h"
#include "../core/strbuf.h"
#include "db.h"

extern const struct embedded_file migrations_sqlite[];
extern const size_t migrations_sqlite_count;

/* Statements are prepared once and kept: parsing SQL was a third of a request's time. */
enum { CACHED = 64 };

struct lite {
	sqlite3 *db;
	struct cached {
		char *sql;
		uint64_t hash;
		sqlite3_stmt *st;
		int busy; /* running */
	} cache[CACHED];
	unsigned next; /* the slot a new statement takes, round the cache */
};

struct db_stmt {
	sqlite3_stmt *st;
	sqlite3 *db;
	int rc;	  /* of the last step */
	int slot; /* in the cache, or -1 */
};

static sqlite3 *db_of(struct store *s)
{
	return ((struct lite *)s->conn)->db;
}

static void record(struct store *s)
{
	snprintf(s->errmsg, sizeof(s->errmsg), "%s", sqlite3_errmsg(db_of(s)));
}

/* SQLite's library-wide settings, made before its first connection. It keeps no count of the
 * memory it holds: counting took a mutex at every allocation and every free, some 140 of each
 * a consultation POST. */
static void lite_configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int lite_open(struct store *s, const char *url, int reader, char *err, size_t errlen)
{
	static pthread_once_t configured = PTHREAD_ONCE_INIT;
	pthread_once(&configured, lite_configure);
	sqlite3 *db = NULL;
	/* a reader reads what s's connection wrote; the schema is migrated already */
	int flags = reader ? SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
			   : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	int rc = sqlite3_open_v2(url, &db, flags, NULL);
	if (rc != SQLITE_OK) {
		if (err)
			snprintf(err, errlen, "cannot open '%s': %s", url,
				 db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return -1;
	}
	struct lite *l = calloc(1, sizeof(*l));
	if (!l) {
		if (err)
			snprintf(err, errlen, "out of memory");
		sqlite3_close(db);
		return -1;
	}
	l->db = db;
	s->conn = l;
	/* the name the database has on disk, for a reader ("" in memory: none can be opened) */
	const char *file = sqlite3_db_filename(db, "main");
	snprintf(s->url, sizeof(s->url), "%s", file ? file : "");
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, 5000);
	/* a reader relies on the pages the system caches rather than many of its own. The writer
	 * keeps its savepoints' journal in memory: in a group commit every request is a
	 * savepoint, whose pages that the requests before it changed are journalled, and beyond
	 * 16 pages the journal went to a temporary file, a page a write, in the writer's turn
	 * (durable POSTs 3,800 -> 4,700/s). It holds one request's pages at a time. */
	if (reader ? s->be->exec(s, "PRAGMA cache_size = -512")
		   : s->be->exec(s, "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL;"
				    "PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY;")) {
		if (err)
			snprintf(err, errlen, "cannot prepare '%s': %s", url, s->errmsg);
		return -1;
	}
	return 0;
}

static void lite_close(struct store *s)
{
	struct lite *l = s->conn;
	for (int i = 0; i < CACHED; i++) {
		sqlite3_finalize(l->cache[i].st);
		free(l->cache[i].sql);
	}
	sqlite3_close(l->db);
	free(l);
	s->conn = NULL;
}

/* A prepared statement of sql from the cache, or a new one kept there (st->slot -1: none
 * could be, as every slot runs). */
static int prepared(struct lite *l, const char *sql, struct db_stmt *st)
{
	uint64_t h = hash_text(sql);
	for (int i = 0; i < CACHED; i++) {
		struct cached *c = &l->cache[i];
		if (c->st && !c->busy && c->hash == h && !strcmp(c->sql, sql)) {
			c->busy = 1;
			st->st = c->st, st->slot = i;
			return SQLITE_OK;
		}
	}
	int rc = sqlite3_prepare_v3(l->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->st, NULL);
	st->slot = -1;
	if (rc != SQLITE_OK)
		return rc;
	for (int k = 0; k < CACHED; k++) {
		int i = (int)((l->next + (unsigned)k) % CACHED);
		struct cached *c = &l->cache[i];
		char *copy;
		if (c->busy || !(copy = strdup(sql)))
			continue;
		sqlite3_finalize(c->st);
		free(c->sql);
		*c = (struct cached){copy, h, st->st, 1};
		st->slot = i;
		l->next = (unsigned)i + 1;
		break;
	}
	return SQLITE_OK;
}

/* Ends st's run: a kept statement is reset for the next, another finalized. */
static void done_with(struct lite *l, struct db_stmt *st)
{
	if (st->slot < 0) {
		sqlite3_finalize(st->st);
		return;
	}
	sqlite3_reset(st->st);
	sqlite3_clear_bindings(st->st);
	l->cache[st->slot].busy = 0;
}

/* One statement, run from the cache: BEGIN, COMMIT and the savepoints come on every request. */
static enum store_err exec_one(struct store *s, const char *sql)
{
	struct lite *l = s->conn;
	struct db_stmt st = {.db = l->db};
	int rc = prepared(l, sql, &st);
	if (rc == SQLITE_OK) {
		while ((rc = sqlite3_step(st.st)) == SQLITE_ROW)
			;
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	if (rc != SQLITE_OK)
		record(s);
	if (st.st)
		done_with(l, &st);
	return rc == SQLITE_OK ? STORE_OK : STORE_ERROR;
}

static enum store_err lite_exec(struct store *s, const char *script)
{
	if (!strchr(script, ';'))
		return exec_one(s, script);
	char *msg = NULL;
	int rc = sqlite3_exec(db_of(s), script, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		snprintf(s->errmsg, sizeof(s->errmsg), "%s", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return STORE_ERROR;
	}
	return STORE_OK;
}

static struct db_stmt *lite_query(struct store *s, const char *sql, const struct sql_arg *args,
				  size_t n)
{
	struct db_stmt *st = calloc(1, sizeof(*st));
	if (!st) {
		db_fail(s, "out of memory");
		return NULL;
	}
	struct lite *l = s->conn;
	st->db = l->db;
	int rc = prepared(l, sql, st);
	for (size_t i = 0; rc == SQLITE_OK && i < n; i++) {
		int k = (int)i + 1;
		if (args[i].is_null)
			rc = sqlite3_bind_null(st->st, k);
		else if (args[i].is_int)
			rc = sqlite3_bind_int64(st->st, k, args[i].i);
		else /* the store's callers' text outlives the statements they run */
			rc = sqlite3_bind_text(st->st, k, args[i].s, -1, SQLITE_STATIC);
	}
	if (rc != SQLITE_OK) {
		record(s);
		if (st->st)
			done_with(l, st);
		free(st);
		return NULL;
	}
	return st;
}

static int lite_step(struct db_stmt *st)
{
	st->rc = sqlite3_step(st->st);
	return st->rc == SQLITE_ROW ? 1 : st->rc == SQLITE_DONE ? 0 : -1;
}

static int lite_is_null(struct db_stmt *st, int col)
{
	return sqlite3_column_type(st->st, col) == SQLITE_NULL;
}

static int64_t lite_integer(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(st->st, col);
}

static const char *lite_text(struct db_stmt *st, int col, size_t *len)
{
	const char *t = (const char *)sqlite3_column_text(st->st, col);
	*len = t ? (size_t)sqlite3_column_bytes(st->st, col) : 0;
	return t;
}

static enum store_err lite_finish(struct store *s, struct db_stmt *st, int deleting, int *changes)
{
	enum store_err err = STORE_OK;
	if (st->rc != SQLITE_ROW && st->rc != SQLITE_DONE && st->rc != SQLITE_OK) {
		int ext = sqlite3_extended_errcode(st->db);
		record(s);
		err = STORE_ERROR;
		if ((st->rc & 0xff) == SQLITE_CONSTRAINT) {
			/* ON DELETE RESTRICT reports itself as a trigger constraint */
			if (ext == SQLITE_CONSTRAINT_FOREIGNKEY ||
			    (ext == SQLITE_CONSTRAINT_TRIGGER && strstr(s->errmsg, "FOREIGN KEY")))
				err = deleting ? STORE_REFERENCED : STORE_BAD_REF;
			else if (ext == SQLITE_CONSTRAINT_UNIQUE ||
				 ext == SQLITE_CONSTRAINT_PRIMARYKEY)
				err = STORE_DUPLICATE;
		}
	}
	if (changes)
		*changes = sqlite3_changes(st->db);
	done_with(s->conn, st);
	free(st);
	return err;
}

static int lite_in_transaction(struct store *s)
{
	return !sqlite3_get_autocommit(db_of(s));
}

/* Whether db passes SQLite's quick check and holds Roadshow's schema. */
static int sound(struct store *s, sqlite3 *db, const char *what)
{
	sqlite3_stmt *st;
	int ok = 0;
	if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL) == SQLITE_OK) {
		ok = sqlite3_step(st) == SQLITE_ROW &&
		     !strcmp((const char *)sqlite3_column_text(st, 0), "ok");
		sqlite3_finalize(st);
	}
	if (!ok) {
		db_fail(s, "%s is not a sound SQLite database: %s", what, sqlite3_errmsg(db));
		return 0;
	}
	if (sqlite3_prepare_v2(db, "SELECT MAX(version) FROM schema_migrations", -1, &st, NULL) !=
	    SQLITE_OK) {
		db_fail(s, "%s is not a Roadshow database (no schema_migrations)", what);
		return 0;
	}
	sqlite3_finalize(st);
	return 1;
}

/* The whole of one database into another, in one step: the source read as of one moment
 * (its writers go on, in WAL), the destination locked until it is done. */
static int copy_all(struct store *s, sqlite3 *to, sqlite3 *from)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	if (!b) {
		db_fail(s, "cannot copy: %s", sqlite3_errmsg(to));
		return -1;
	}
	int rc;
	while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED)
		sqlite3_sleep(20);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		db_fail(s, "cannot copy: %s", sqlite3_errstr(rc));
		return -1;
	}
	return 0;
}

static enum store_err lite_copy(struct store *s, const char *file, int restore)
{
	sqlite3 *other = NULL;
	struct strbuf partial = STRBUF_INIT;
	enum store_err err = STORE_ERROR;
	if (restore) {
		if (sqlite3_open_v2(file, &other, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
			db_fail(s, "cannot open '%s': %s", file, sqlite3_errmsg(other));
		else if (sound(s, other, file) && !copy_all(s, db_of(s), other))
			err = STORE_OK;
		sqlite3_close(other);
		return err;
	}
	/* a copy appears whole or not at all: made beside file, renamed over it once checked */
	strbuf_addf(&partial, "%s.partial", file);
	unlink(partial.buf);
	if (sqlite3_open_v2(partial.buf, &other, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK)
		db_fail(s, "cannot create '%s': %s", partial.buf, sqlite3_errmsg(other));
	else if (!copy_all(s, other, db_of(s)) && sound(s, other, partial.buf)) {
		sqlite3_close(other);
		other = NULL;
		if (rename(partial.buf, file))
			db_fail(s, "cannot rename '%s' to '%s': %s", partial.buf, file,
				strerror(errno));
		else
			err = STORE_OK;
	}
	sqlite3_close(other);
	if (err)
		unlink(partial.buf);
	strbuf_release(&partial);
	return err;
}

const struct db_backend db_sqlite = {
	.name = "sqlite",
	.dialect = SQL_SQLITE,
	.open = lite_open,
	.close = lite_close,
	.exec = lite_exec,
	.query = lite_query,
	.step = lite_step,
	.is_null = lite_is_null,
	.integer = lite_integer,
	.text = lite_text,
	.finish = lite_finish,
	.in_transaction = lite_in_transaction,
	.copy = lite_copy,
	.begin_sql = "BEGIN IMMEDIATE",
	.read_begin_sql = "BEGIN DEFERRED",
	.migrations_table_sql = "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER "
				"PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT",
	.migrations = migrations_sqlite,
	.nmigrations = &migrations_sqlite_count,
};
