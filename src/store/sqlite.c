/* sqlite.c - the SQLite back end of the store: STRICT tables, WAL, foreign keys on. */
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/embedded.h"
#include "sql.h"
#include "sqlite_internal.h"
#include "store.h"

extern const struct embedded_file migrations_sqlite[];
extern const size_t migrations_sqlite_count;

static const char *const errors[] = {
	[STORE_OK] = "ok",
	[STORE_NOT_FOUND] = "not found",
	[STORE_CONFLICT] = "version conflict",
	[STORE_DUPLICATE] = "duplicate key",
	[STORE_REFERENCED] = "still referenced",
	[STORE_BAD_REF] = "reference to a missing row",
	[STORE_ERROR] = "database error",
};

const char *store_strerror(enum store_err e)
{
	return errors[e];
}

const char *store_errmsg(struct store *s)
{
	return s->errmsg;
}

enum store_err sqlite_fail(struct store *s, int rc, int deleting)
{
	int ext = sqlite3_extended_errcode(s->db);
	snprintf(s->errmsg, sizeof(s->errmsg), "%s", sqlite3_errmsg(s->db));
	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		/* ON DELETE RESTRICT reports itself as a trigger constraint */
		if (ext == SQLITE_CONSTRAINT_FOREIGNKEY ||
		    (ext == SQLITE_CONSTRAINT_TRIGGER && strstr(s->errmsg, "FOREIGN KEY")))
			return deleting ? STORE_REFERENCED : STORE_BAD_REF;
		if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
			return STORE_DUPLICATE;
	}
	return STORE_ERROR;
}

int sqlite_prepare_text(struct store *s, const char *sql, sqlite3_stmt **out)
{
	int rc = sqlite3_prepare_v2(s->db, sql, -1, out, NULL);
	if (rc != SQLITE_OK) {
		sqlite_fail(s, rc, 0);
		*out = NULL;
		return -1;
	}
	return 0;
}

int sqlite_bound(struct store *s, sqlite3_stmt **st, const char *sql, const char *types, ...)
{
	va_list ap;
	int rc = SQLITE_OK;
	if (sqlite_prepare_text(s, sql, st))
		return -1;
	va_start(ap, types);
	for (int k = 1; *types && rc == SQLITE_OK; types++, k++) {
		if (*types == 't') {
			const char *v = va_arg(ap, const char *);
			rc = v ? sqlite3_bind_text(*st, k, v, -1, SQLITE_TRANSIENT)
			       : sqlite3_bind_null(*st, k);
		} else {
			int64_t v = va_arg(ap, int64_t);
			rc = *types == 'r' && v == 0 ? sqlite3_bind_null(*st, k)
						     : sqlite3_bind_int64(*st, k, v);
		}
	}
	va_end(ap);
	if (rc != SQLITE_OK) {
		sqlite_fail(s, rc, 0);
		sqlite3_finalize(*st);
		*st = NULL;
		return -1;
	}
	return 0;
}

enum store_err sqlite_done(struct store *s, sqlite3_stmt *st, int *changes)
{
	int rc = sqlite3_step(st);
	enum store_err err = rc == SQLITE_DONE ? STORE_OK : sqlite_fail(s, rc, 0);
	if (changes)
		*changes = sqlite3_changes(s->db);
	sqlite3_finalize(st);
	return err;
}

enum store_err sqlite_one_int(struct store *s, sqlite3_stmt *st, int64_t *out)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	enum store_err err = rc == SQLITE_ROW ? STORE_OK : sqlite_fail(s, rc, 0);
	sqlite3_finalize(st);
	return err;
}

int sqlite_changes(struct store *s)
{
	return sqlite3_changes(s->db);
}

/* Prepares st's text and binds its arguments. */
static enum store_err prepare(struct store *s, const struct sql_stmt *st, sqlite3_stmt **out)
{
	int rc = sqlite3_prepare_v2(s->db, st->text.buf, (int)st->text.len, out, NULL);
	if (rc != SQLITE_OK)
		return sqlite_fail(s, rc, 0);
	for (size_t i = 0; i < st->nargs; i++) {
		const struct sql_arg *a = &st->args[i];
		int k = (int)i + 1;
		if (a->is_null)
			rc = sqlite3_bind_null(*out, k);
		else if (a->is_int)
			rc = sqlite3_bind_int64(*out, k, a->i);
		else
			rc = sqlite3_bind_text(*out, k, a->s, -1, SQLITE_STATIC);
		if (rc != SQLITE_OK) {
			sqlite3_finalize(*out);
			*out = NULL;
			return sqlite_fail(s, rc, 0);
		}
	}
	return STORE_OK;
}

static enum store_err exec_plain(struct store *s, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		snprintf(s->errmsg, sizeof(s->errmsg), "%s", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return STORE_ERROR;
	}
	return STORE_OK;
}

struct store *store_open(const char *url, char *err, size_t errlen)
{
	struct store *s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	int rc = sqlite3_open_v2(url, &s->db,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
				 NULL);
	if (rc != SQLITE_OK) {
		if (err)
			snprintf(err, errlen, "cannot open '%s': %s", url,
				 s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
		store_close(s);
		return NULL;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, 5000);
	if (exec_plain(s, "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL;"
			  "PRAGMA synchronous = FULL;") ||
	    store_migrate(s, NULL)) {
		if (err)
			snprintf(err, errlen, "cannot prepare '%s': %s", url, s->errmsg);
		store_close(s);
		return NULL;
	}
	return s;
}

struct store *store_open_reader(struct store *s)
{
	const char *file = sqlite3_db_filename(s->db, "main");
	if (!sqlite3_threadsafe() || !file || !*file || !sqlite3_get_autocommit(s->db))
		return NULL;
	struct store *r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	/* read-only: the schema is s's, migrated already */
	if (sqlite3_open_v2(file, &r->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		store_close(r);
		return NULL;
	}
	sqlite3_extended_result_codes(r->db, 1);
	sqlite3_busy_timeout(r->db, 5000);
	return r;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	sqlite3_close(s->db);
	free(s);
}

int store_schema_version(struct store *s)
{
	sqlite3_stmt *st;
	int v = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", -1,
			       &st, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void now_utc(char out[21])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

enum store_err store_migrate(struct store *s, int *applied)
{
	if (applied)
		*applied = 0;
	if (exec_plain(s, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY "
			  "KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT"))
		return STORE_ERROR;
	int current = store_schema_version(s);
	for (size_t i = 0; i < migrations_sqlite_count; i++) {
		const struct embedded_file *m = &migrations_sqlite[i];
		int version = atoi(m->path);
		if (version <= current)
			continue;
		char *sql = malloc(m->size + 1);
		if (!sql)
			return STORE_ERROR;
		memcpy(sql, m->data, m->size);
		sql[m->size] = '\0';
		enum store_err e = store_begin(s);
		if (!e)
			e = exec_plain(s, sql);
		free(sql);
		if (!e) {
			sqlite3_stmt *st;
			char now[21];
			now_utc(now);
			if (sqlite3_prepare_v2(s->db,
					       "INSERT INTO schema_migrations (version, name, "
					       "applied_at) VALUES (?1, ?2, ?3)",
					       -1, &st, NULL) != SQLITE_OK)
				e = sqlite_fail(s, sqlite3_errcode(s->db), 0);
			else {
				sqlite3_bind_int(st, 1, version);
				sqlite3_bind_text(st, 2, m->path, -1, SQLITE_STATIC);
				sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
				if (sqlite3_step(st) != SQLITE_DONE)
					e = sqlite_fail(s, sqlite3_errcode(s->db), 0);
				sqlite3_finalize(st);
			}
		}
		if (!e)
			e = store_commit(s);
		if (e) {
			char keep[512];
			snprintf(keep, sizeof(keep), "migration %.60s: %.400s", m->path, s->errmsg);
			store_rollback(s);
			snprintf(s->errmsg, sizeof(s->errmsg), "%s", keep);
			return STORE_ERROR;
		}
		if (applied)
			(*applied)++;
	}
	return STORE_OK;
}

enum store_err store_begin(struct store *s)
{
	return exec_plain(s, "BEGIN IMMEDIATE");
}

enum store_err store_commit(struct store *s)
{
	return exec_plain(s, "COMMIT");
}

void store_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

static void read_row(sqlite3_stmt *st, const struct entity *e, struct arena *a, struct row *r)
{
	r->id = sqlite3_column_int64(st, 0);
	r->version = sqlite3_column_int64(st, 1);
	r->created_at = arena_strdup(a, (const char *)sqlite3_column_text(st, 2));
	r->updated_at = arena_strdup(a, (const char *)sqlite3_column_text(st, 3));
	r->v = arena_alloc(a, e->nfields * sizeof(*r->v));
	for (size_t i = 0; i < e->nfields; i++) {
		int col = (int)i + 4;
		struct value *v = &r->v[i];
		v->present = 1;
		if (sqlite3_column_type(st, col) == SQLITE_NULL)
			v->null = 1;
		else if (field_is_integer(e->fields[i].type))
			v->i = sqlite3_column_int64(st, col);
		else
			v->s = arena_strdup(a, (const char *)sqlite3_column_text(st, col));
	}
}

enum store_err store_list(struct store *s, const struct entity *e, const struct store_query *q,
			  struct arena *a, struct row **rows, size_t *n)
{
	struct sql_stmt sql;
	sqlite3_stmt *st = NULL;
	enum store_err err;
	size_t limit = q->limit ? q->limit : 16, cap = limit < 64 ? limit : 64;

	*rows = NULL;
	*n = 0;
	sql_stmt_init(&sql, SQL_SQLITE);
	sql_select(&sql, e, q, 0);
	if ((err = prepare(s, &sql, &st)))
		goto done;
	*rows = arena_alloc(a, cap * sizeof(**rows));
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < limit) {
		if (*n == cap) { /* grown as rows come, not sized for the limit */
			struct row *more = arena_alloc(a, 2 * cap * sizeof(**rows));
			memcpy(more, *rows, cap * sizeof(**rows));
			*rows = more, cap *= 2;
		}
		read_row(st, e, a, &(*rows)[(*n)++]);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		err = sqlite_fail(s, rc, 0);
done:
	sqlite3_finalize(st);
	sql_stmt_release(&sql);
	return err;
}

enum store_err store_count(struct store *s, const struct entity *e, const struct store_query *q,
			   int64_t *count)
{
	struct sql_stmt sql;
	sqlite3_stmt *st = NULL;
	enum store_err err;

	*count = 0;
	sql_stmt_init(&sql, SQL_SQLITE);
	sql_select(&sql, e, q, 1);
	if ((err = prepare(s, &sql, &st)))
		goto done;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*count = sqlite3_column_int64(st, 0);
	else
		err = sqlite_fail(s, rc, 0);
done:
	sqlite3_finalize(st);
	sql_stmt_release(&sql);
	return err;
}

/* Runs a query for at most one row: *found says whether it gave one, and then read (when
 * not NULL) takes it. */
static enum store_err query_one(struct store *s, const struct sql_stmt *sql, int *found,
				void (*read)(sqlite3_stmt *, void *), void *ctx)
{
	sqlite3_stmt *st = NULL;
	enum store_err err = prepare(s, sql, &st);
	*found = 0;
	if (!err) {
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*found = 1;
			if (read)
				read(st, ctx);
		} else if (rc != SQLITE_DONE) {
			err = sqlite_fail(s, rc, 0);
		}
	}
	sqlite3_finalize(st);
	return err;
}

struct read_ctx {
	const struct entity *e;
	struct arena *a;
	struct row *out;
};

static void read_one(sqlite3_stmt *st, void *ctx)
{
	struct read_ctx *c = ctx;
	read_row(st, c->e, c->a, c->out);
}

enum store_err store_get(struct store *s, const struct entity *e, int64_t id, struct arena *a,
			 struct row *out)
{
	struct sql_stmt sql;
	struct read_ctx ctx = {e, a, out};
	int found;
	sql_stmt_init(&sql, SQL_SQLITE);
	sql_get(&sql, e, id);
	enum store_err err = query_one(s, &sql, &found, read_one, &ctx);
	sql_stmt_release(&sql);
	return err ? err : found ? STORE_OK : STORE_NOT_FOUND;
}

enum store_err store_exists(struct store *s, const struct entity *e, int64_t id, int *exists)
{
	struct sql_stmt sql;
	sql_stmt_init(&sql, SQL_SQLITE);
	sql_exists(&sql, e, id);
	enum store_err err = query_one(s, &sql, exists, NULL, NULL);
	sql_stmt_release(&sql);
	return err;
}

/* Runs a statement that changes rows; *changes gets how many it changed, *id the
 * RETURNING id when there is one. */
static enum store_err run_change(struct store *s, struct sql_stmt *sql, int deleting, int64_t *id,
				 int *changes)
{
	sqlite3_stmt *st = NULL;
	enum store_err err = prepare(s, sql, &st);
	if (err)
		return err;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && id)
		*id = sqlite3_column_int64(st, 0);
	if (rc == SQLITE_ROW)
		rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		err = sqlite_fail(s, rc, deleting);
	if (changes)
		*changes = sqlite3_changes(s->db);
	sqlite3_finalize(st);
	return err;
}

enum store_err store_insert(struct store *s, const struct entity *e, const struct row *r,
			    int64_t *id)
{
	struct sql_stmt sql;
	sql_stmt_init(&sql, SQL_SQLITE);
	sql_insert(&sql, e, r);
	enum store_err err = run_change(s, &sql, 0, id, NULL);
	sql_stmt_release(&sql);
	return err;
}

/* After an UPDATE or DELETE that changed nothing: was the row missing or stale? */
static enum store_err missing_or_stale(struct store *s, const struct entity *e, int64_t id)
{
	int exists;
	enum store_err err = store_exists(s, e, id, &exists);
	if (err)
		return err;
	return exists ? STORE_CONFLICT : STORE_NOT_FOUND;
}

enum store_err store_update(struct store *s, const struct entity *e, int64_t id,
			    int64_t expected_version, const struct row *r)
{
	struct sql_stmt sql;
	int changes = 0;
	sql_stmt_init(&sql, SQL_SQLITE);
	sql_update(&sql, e, id, expected_version, r);
	enum store_err err = run_change(s, &sql, 0, NULL, &changes);
	sql_stmt_release(&sql);
	if (!err && changes == 0)
		err = missing_or_stale(s, e, id);
	return err;
}

enum store_err store_delete(struct store *s, const struct entity *e, int64_t id,
			    int64_t expected_version)
{
	struct sql_stmt sql;
	int changes = 0;
	sql_stmt_init(&sql, SQL_SQLITE);
	sql_delete(&sql, e, id, expected_version);
	enum store_err err = run_change(s, &sql, 1, NULL, &changes);
	sql_stmt_release(&sql);
	if (!err && changes == 0)
		err = missing_or_stale(s, e, id);
	return err;
}

enum store_err store_idem_get(struct store *s, const char *key, struct arena *a, struct idem *out)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db,
			       "SELECT method, path, request_hash, status, location, body, "
			       "created_at FROM idempotency_keys WHERE key = ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, sqlite3_errcode(s->db), 0);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	enum store_err err = STORE_OK;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->key = arena_strdup(a, key);
		out->method = arena_strdup(a, (const char *)sqlite3_column_text(st, 0));
		out->path = arena_strdup(a, (const char *)sqlite3_column_text(st, 1));
		out->request_hash = arena_strdup(a, (const char *)sqlite3_column_text(st, 2));
		out->status = sqlite3_column_int(st, 3);
		out->location = arena_strdup(a, (const char *)sqlite3_column_text(st, 4));
		out->body = arena_strdup(a, (const char *)sqlite3_column_text(st, 5));
		out->created_at = arena_strdup(a, (const char *)sqlite3_column_text(st, 6));
	} else if (rc == SQLITE_DONE) {
		err = STORE_NOT_FOUND;
	} else {
		err = sqlite_fail(s, rc, 0);
	}
	sqlite3_finalize(st);
	return err;
}

enum store_err store_idem_put(struct store *s, const struct idem *in)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db,
			       "INSERT INTO idempotency_keys (key, method, path, request_hash, "
			       "status, location, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5, "
			       "?6, ?7, ?8)",
			       -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, sqlite3_errcode(s->db), 0);
	sqlite3_bind_text(st, 1, in->key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, in->method, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, in->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, in->request_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, in->status);
	sqlite3_bind_text(st, 6, in->location, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, in->body, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, in->created_at, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	enum store_err err = rc == SQLITE_DONE ? STORE_OK : sqlite_fail(s, rc, 0);
	sqlite3_finalize(st);
	return err;
}

enum store_err store_audit_append(struct store *s, const struct audit_entry *in)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(
		    s->db,
		    "INSERT INTO audit_log (at, actor, action, resource, row_id, before, "
		    "after, owner) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
		    -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, sqlite3_errcode(s->db), 0);
	sqlite3_bind_text(st, 1, in->at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, in->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, in->action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, in->resource, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, in->row_id);
	sqlite3_bind_text(st, 6, in->before, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, in->after, -1, SQLITE_STATIC);
	if (in->owner == AUDIT_SHARED)
		sqlite3_bind_null(st, 8);
	else
		sqlite3_bind_int64(st, 8, in->owner);
	int rc = sqlite3_step(st);
	enum store_err err = rc == SQLITE_DONE ? STORE_OK : sqlite_fail(s, rc, 0);
	sqlite3_finalize(st);
	return err;
}

enum store_err store_audit_list(struct store *s, const struct audit_query *q, struct arena *a,
				struct audit_entry **out, size_t *n)
{
	sqlite3_stmt *st;
	size_t cap = q->limit ? q->limit : 50;
	*n = 0;
	*out = arena_alloc(a, cap * sizeof(**out));
	/* each narrowing applies only when given: NULL resource, 0 row or 0 cursor match all */
	if (sqlite3_prepare_v2(
		    s->db,
		    "SELECT id, at, actor, action, resource, row_id, before, after, owner "
		    "FROM audit_log WHERE (?1 IS NULL OR resource = ?1) AND (?2 = 0 OR "
		    "row_id = ?2) AND (?3 = 0 OR id < ?3) AND (?5 = 0 OR owner = ?5 OR "
		    "owner IS NULL) ORDER BY id DESC LIMIT ?4",
		    -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, sqlite3_errcode(s->db), 0);
	sqlite3_bind_text(st, 1, q->resource, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, q->row_id);
	sqlite3_bind_int64(st, 3, q->before_id);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)cap);
	sqlite3_bind_int64(st, 5, q->owner);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct audit_entry *e = &(*out)[(*n)++];
		e->id = sqlite3_column_int64(st, 0);
		e->at = arena_strdup(a, (const char *)sqlite3_column_text(st, 1));
		e->actor = arena_strdup(a, (const char *)sqlite3_column_text(st, 2));
		e->action = arena_strdup(a, (const char *)sqlite3_column_text(st, 3));
		e->resource = arena_strdup(a, (const char *)sqlite3_column_text(st, 4));
		e->row_id = sqlite3_column_int64(st, 5);
		e->before = arena_strdup(a, (const char *)sqlite3_column_text(st, 6));
		e->after = arena_strdup(a, (const char *)sqlite3_column_text(st, 7));
		e->owner = sqlite3_column_type(st, 8) == SQLITE_NULL ? AUDIT_SHARED
								     : sqlite3_column_int64(st, 8);
	}
	enum store_err err = rc == SQLITE_DONE ? STORE_OK : sqlite_fail(s, rc, 0);
	sqlite3_finalize(st);
	return err;
}
