/* store.c - the store's operations written once over either back end (db.h): opening and
 * migrating, transactions, the generic resource operations from entity descriptors (sql.c),
 * idempotency keys and the audit trail. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "sql.h"
#include "store.h"

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

/* The back end a url names: postgres:// or postgresql:// is PostgreSQL, anything else a
 * SQLite file (or ":memory:"). */
static int is_postgres(const char *url)
{
	return !strncmp(url, "postgres://", 11) || !strncmp(url, "postgresql://", 13);
}

static const struct db_backend *backend_of(const char *url)
{
	return is_postgres(url) ? &db_postgres : &db_sqlite;
}

int store_url_is_file(const char *url)
{
	return !is_postgres(url) && strcmp(url, ":memory:") && strncmp(url, "file:", 5);
}

static struct store *connect(const struct db_backend *be, const char *url, int reader, char *err,
			     size_t errlen)
{
	struct store *s = calloc(1, sizeof(*s));
	if (!s) {
		if (err)
			snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->be = be;
	if (be->open(s, url, reader, err, errlen)) {
		store_close(s);
		return NULL;
	}
	return s;
}

struct store *store_open(const char *url, char *err, size_t errlen)
{
	struct store *s = connect(backend_of(url), url, 0, err, errlen);
	if (s && store_migrate(s, NULL)) {
		if (err)
			snprintf(err, errlen, "cannot prepare '%s': %s", url, s->errmsg);
		store_close(s);
		return NULL;
	}
	return s;
}

struct store *store_open_reader(struct store *s)
{
	return *s->url ? connect(s->be, s->url, 1, NULL, 0) : NULL;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	if (s->conn)
		s->be->close(s);
	for (size_t i = 0; s->inserts && i < 2 * nentities; i++)
		free(s->inserts[i]);
	free(s->inserts);
	free(s);
}

int store_schema_version(struct store *s)
{
	int64_t v = 0;
	struct db_stmt *st =
		db_query(s, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", "");
	if (!st || db_one_int(s, st, &v))
		return 0;
	return (int)v;
}

int store_schema_target(struct store *s)
{
	int top = 0;
	for (size_t i = 0; i < *s->be->nmigrations; i++) {
		int v = atoi(s->be->migrations[i].path);
		top = v > top ? v : top;
	}
	return top;
}

enum store_err store_ping(struct store *s)
{
	int64_t one = 0;
	struct db_stmt *st = db_query(s, "SELECT 1", "");
	return st ? db_one_int(s, st, &one) : STORE_ERROR;
}

static void now_utc(char out[21])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The migration that makes data_generation. */
enum { GENERATION_SINCE = 12 };

enum store_err store_generation(struct store *s, int64_t *n)
{
	struct db_stmt *st = db_query(s, "SELECT n FROM data_generation", "");
	*n = 0;
	return st ? db_one_int(s, st, n) : STORE_ERROR;
}

enum store_err store_migrate(struct store *s, int *applied)
{
	if (applied)
		*applied = 0;
	if (db_exec(s, s->be->migrations_table_sql))
		return STORE_ERROR;
	int current = store_schema_version(s);
	for (size_t i = 0; i < *s->be->nmigrations; i++) {
		const struct embedded_file *m = &s->be->migrations[i];
		int version = atoi(m->path);
		if (version <= current)
			continue;
		char *sql = malloc(m->size + 1);
		if (!sql)
			return STORE_ERROR;
		memcpy(sql, m->data, m->size);
		sql[m->size] = '\0';
		enum store_err e = store_begin(s);
		/* another process may have applied it since: its writer's transaction excludes
		 * ours (SQLite's lock, PostgreSQL's advisory lock), so the version read now holds
		 */
		if (!e && store_schema_version(s) >= version) {
			free(sql);
			if ((e = store_commit(s)))
				return e;
			continue;
		}
		if (!e)
			e = db_exec(s, sql);
		free(sql);
		if (!e) {
			char now[21];
			now_utc(now);
			struct db_stmt *st =
				db_query(s,
					 "INSERT INTO schema_migrations (version, name, "
					 "applied_at) VALUES (?1, ?2, ?3)",
					 "itt", (int64_t)version, m->path, now);
			e = st ? db_done(s, st, NULL) : STORE_ERROR;
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
	s->generation = store_schema_version(s) >= GENERATION_SINCE;
	return STORE_OK;
}

enum store_err store_backup(struct store *s, const char *file)
{
	if (!s->be->copy)
		return db_fail(s, "a %s database is copied with its own tools (pg_dump)",
			       s->be->name);
	return s->be->copy(s, file, 0);
}

enum store_err store_restore(struct store *s, const char *file)
{
	if (!s->be->copy)
		return db_fail(s, "a %s database is restored with its own tools (pg_restore)",
			       s->be->name);
	/* past every generation the database replaced had, so that nothing a server kept from
	 * that one passes for current */
	int64_t before = 0;
	if (s->generation && store_generation(s, &before))
		return STORE_ERROR;
	if (s->be->copy(s, file, 1) || store_migrate(s, NULL))
		return STORE_ERROR;
	struct db_stmt *st;
	enum store_err e = store_begin(s);
	if (!e)
		e = (st = db_query(s, "UPDATE data_generation SET n = MAX(n, ?1) + 1", "i", before))
			    ? db_done(s, st, NULL)
			    : STORE_ERROR;
	if (!e)
		e = store_commit(s);
	if (e)
		store_rollback(s);
	return e;
}

enum store_err store_read_begin(struct store *s)
{
	return db_exec(s, s->be->read_begin_sql);
}

enum store_err store_read_end(struct store *s)
{
	return db_exec(s, "COMMIT");
}

int store_in_transaction(struct store *s)
{
	return s->be->in_transaction(s);
}

enum store_err store_begin(struct store *s)
{
	return db_exec(s, s->be->begin_sql);
}

enum store_err store_commit(struct store *s)
{
	if (s->generation && db_exec(s, "UPDATE data_generation SET n = n + 1"))
		return STORE_ERROR;
	return db_exec(s, "COMMIT");
}

enum store_err store_savepoint(struct store *s)
{
	return db_exec(s, "SAVEPOINT use_case");
}

enum store_err store_savepoint_release(struct store *s)
{
	return db_exec(s, "RELEASE use_case");
}

enum store_err store_savepoint_undo(struct store *s)
{
	char keep[sizeof(s->errmsg)];
	memcpy(keep, s->errmsg, sizeof(keep)); /* the error that undoes it */
	enum store_err e = db_exec(s, "ROLLBACK TO use_case; RELEASE use_case");
	if (!e)
		memcpy(s->errmsg, keep, sizeof(keep));
	return e;
}

void store_rollback(struct store *s)
{
	if (s->be->in_transaction(s)) {
		char keep[sizeof(s->errmsg)];
		memcpy(keep, s->errmsg,
		       sizeof(keep)); /* the error that made the caller roll back */
		db_exec(s, "ROLLBACK");
		memcpy(s->errmsg, keep, sizeof(keep));
	}
}

static void read_value(struct store *s, struct db_stmt *st, int col, const struct field *f,
		       struct arena *a, struct value *v)
{
	v->present = 1;
	if (db_null(s, st, col))
		v->null = 1;
	else if (field_is_integer(f->type))
		v->i = db_int(s, st, col);
	else
		v->s = db_text(s, st, col, a);
}

static void read_row(struct store *s, struct db_stmt *st, const struct entity *e, struct arena *a,
		     struct row *r)
{
	r->id = db_int(s, st, 0);
	r->version = db_int(s, st, 1);
	r->created_at = db_text(s, st, 2, a);
	r->updated_at = db_text(s, st, 3, a);
	r->v = arena_alloc(a, e->nfields * sizeof(*r->v));
	for (size_t i = 0; i < e->nfields; i++)
		read_value(s, st, (int)i + 4, &e->fields[i], a, &r->v[i]);
}

enum store_err store_list(struct store *s, const struct entity *e, const struct store_query *q,
			  struct arena *a, struct row **rows, size_t *n)
{
	struct sql_stmt sql;
	enum store_err err = STORE_ERROR;
	size_t limit = q->limit ? q->limit : 16, cap = limit < 64 ? limit : 64;

	*rows = NULL;
	*n = 0;
	sql_stmt_init(&sql, s->be->dialect);
	sql_select(&sql, e, q, 0);
	struct db_stmt *st = db_query_sql(s, &sql);
	if (st) {
		*rows = arena_alloc(a, cap * sizeof(**rows));
		while (*n < limit && db_step(s, st) > 0) {
			if (*n == cap) { /* grown as rows come, not sized for the limit */
				struct row *more = arena_alloc(a, 2 * cap * sizeof(**rows));
				memcpy(more, *rows, cap * sizeof(**rows));
				*rows = more, cap *= 2;
			}
			read_row(s, st, e, a, &(*rows)[(*n)++]);
		}
		err = db_finish(s, st, 0, NULL);
	}
	sql_stmt_release(&sql);
	return err;
}

enum store_err store_count(struct store *s, const struct entity *e, const struct store_query *q,
			   int64_t *count)
{
	struct sql_stmt sql;
	*count = 0;
	sql_stmt_init(&sql, s->be->dialect);
	sql_select(&sql, e, q, 1);
	struct db_stmt *st = db_query_sql(s, &sql);
	enum store_err err = st ? db_one_int(s, st, count) : STORE_ERROR;
	sql_stmt_release(&sql);
	return err;
}

/* Runs a query for at most one row: *found says whether it gave one, and then read (when
 * not NULL) takes it. */
static enum store_err query_one(struct store *s, const struct sql_stmt *sql, int *found,
				void (*read)(struct store *, struct db_stmt *, void *), void *ctx)
{
	struct db_stmt *st = db_query_sql(s, sql);
	*found = 0;
	if (!st)
		return STORE_ERROR;
	if (db_step(s, st) > 0) {
		*found = 1;
		if (read)
			read(s, st, ctx);
	}
	return db_finish(s, st, 0, NULL);
}

struct read_ctx {
	const struct entity *e;
	struct arena *a;
	struct row *out;
};

static void read_one(struct store *s, struct db_stmt *st, void *ctx)
{
	struct read_ctx *c = ctx;
	read_row(s, st, c->e, c->a, c->out);
}

enum store_err store_get(struct store *s, const struct entity *e, int64_t id, struct arena *a,
			 struct row *out)
{
	struct sql_stmt sql;
	struct read_ctx ctx = {e, a, out};
	int found;
	sql_stmt_init(&sql, s->be->dialect);
	sql_get(&sql, e, id);
	enum store_err err = query_one(s, &sql, &found, read_one, &ctx);
	sql_stmt_release(&sql);
	return err ? err : found ? STORE_OK : STORE_NOT_FOUND;
}

struct fields_ctx {
	const struct entity *e;
	const size_t *fields;
	size_t n;
	struct arena *a;
	struct value *out;
};

static void read_fields(struct store *s, struct db_stmt *st, void *ctx)
{
	struct fields_ctx *c = ctx;
	for (size_t i = 0; i < c->n; i++)
		read_value(s, st, (int)i, &c->e->fields[c->fields[i]], c->a, &c->out[i]);
}

enum store_err store_get_fields(struct store *s, const struct entity *e, int64_t id,
				const size_t *fields, size_t n, struct arena *a, struct value *out)
{
	struct sql_stmt sql;
	struct fields_ctx ctx = {e, fields, n, a, out};
	int found;
	memset(out, 0, n * sizeof(*out));
	sql_stmt_init(&sql, s->be->dialect);
	sql_get_fields(&sql, e, id, fields, n);
	enum store_err err = query_one(s, &sql, &found, read_fields, &ctx);
	sql_stmt_release(&sql);
	return err ? err : found ? STORE_OK : STORE_NOT_FOUND;
}

enum store_err store_exists(struct store *s, const struct entity *e, int64_t id, int *exists)
{
	struct sql_stmt sql;
	sql_stmt_init(&sql, s->be->dialect);
	sql_exists(&sql, e, id);
	enum store_err err = query_one(s, &sql, exists, NULL, NULL);
	sql_stmt_release(&sql);
	return err;
}

/* Runs a statement that changes rows; *changes gets how many it changed, and read (when not
 * NULL) takes the first row it returns. */
static enum store_err run_change(struct store *s, struct sql_stmt *sql, int deleting,
				 void (*read)(struct store *, struct db_stmt *, void *), void *ctx,
				 int *changes)
{
	struct db_stmt *st = db_query_sql(s, sql);
	if (!st)
		return STORE_ERROR;
	if (db_step(s, st) > 0) {
		if (read)
			read(s, st, ctx);
		while (db_step(s, st) > 0)
			;
	}
	return db_finish(s, st, deleting, changes);
}

static void read_id(struct store *s, struct db_stmt *st, void *ctx)
{
	*(int64_t *)ctx = db_int(s, st, 0);
}

/* The row r made with id, as the database keeps it: what was bound (every field is, so no
 * default of the schema's comes in; the columns are TEXT and integers, kept as sent), its
 * text copied into a. */
static void as_stored(const struct entity *e, const struct row *r, int64_t id, struct arena *a,
		      struct row *out)
{
	*out = *r;
	out->id = id;
	out->version = r->version > 0 ? r->version : 1;
	out->created_at = arena_strdup(a, r->created_at);
	out->updated_at = arena_strdup(a, r->updated_at);
	out->v = arena_alloc(a, e->nfields * sizeof(*out->v));
	for (size_t i = 0; i < e->nfields; i++) {
		const struct value *v = &r->v[i];
		int integer = field_is_integer(e->fields[i].type);
		/* as bind_value binds it: a text field without text is null */
		if (v->null || (!integer && !v->s))
			out->v[i] = (struct value){.present = 1, .null = 1};
		else if (integer)
			out->v[i] = (struct value){.present = 1, .i = v->i};
		else
			out->v[i] = (struct value){.present = 1, .s = arena_strdup(a, v->s)};
	}
}

/* Where the text of e's insert is kept (with_id: the one that sets the id), or NULL. */
static char **insert_made(struct store *s, const struct entity *e, int with_id)
{
	size_t k = 0;
	while (k < nentities && entities[k] != e)
		k++;
	if (k == nentities ||
	    (!s->inserts && !(s->inserts = calloc(2 * nentities, sizeof(char *)))))
		return NULL;
	return &s->inserts[2 * k + (with_id != 0)];
}

enum store_err store_insert(struct store *s, const struct entity *e, const struct row *r,
			    int64_t *id, struct arena *a, struct row *stored)
{
	struct sql_stmt sql;
	char **made = insert_made(s, e, r->id != 0);
	sql_stmt_init(&sql, s->be->dialect);
	sql.made = made ? *made : NULL;
	sql_insert(&sql, e, r);
	if (made && !*made)
		*made = strdup(sql.text.buf); /* NULL when out of memory: made again next time */
	/* the statement returns the id it gave; the row is the one bound (read back with
	 * RETURNING of every column, as before, it cost a tenth of the insert in the writer's
	 * turn: the returned row went through a table of SQLite's own first) */
	*id = 0;
	enum store_err err = run_change(s, &sql, 0, read_id, id, NULL);
	sql_stmt_release(&sql);
	if (!err && stored)
		as_stored(e, r, *id, a, stored);
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
	sql_stmt_init(&sql, s->be->dialect);
	sql_update(&sql, e, id, expected_version, r);
	enum store_err err = run_change(s, &sql, 0, NULL, NULL, &changes);
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
	sql_stmt_init(&sql, s->be->dialect);
	sql_delete(&sql, e, id, expected_version);
	enum store_err err = run_change(s, &sql, 1, NULL, NULL, &changes);
	sql_stmt_release(&sql);
	if (!err && changes == 0)
		err = missing_or_stale(s, e, id);
	return err;
}

enum store_err store_idem_get(struct store *s, const char *key, struct arena *a, struct idem *out)
{
	struct db_stmt *st = db_query(s,
				      "SELECT method, path, request_hash, status, location, body, "
				      "created_at FROM idempotency_keys WHERE key = ?1",
				      "t", key);
	if (!st)
		return STORE_ERROR;
	int found = db_step(s, st) > 0;
	if (found) {
		out->key = arena_strdup(a, key);
		out->method = db_text(s, st, 0, a);
		out->path = db_text(s, st, 1, a);
		out->request_hash = db_text(s, st, 2, a);
		out->status = (int)db_int(s, st, 3);
		out->location = db_text(s, st, 4, a);
		out->body = db_text(s, st, 5, a);
		out->created_at = db_text(s, st, 6, a);
	}
	enum store_err err = db_finish(s, st, 0, NULL);
	return err ? err : found ? STORE_OK : STORE_NOT_FOUND;
}

enum store_err store_idem_put(struct store *s, const struct idem *in)
{
	struct db_stmt *st = db_query(s,
				      "INSERT INTO idempotency_keys (key, method, path, "
				      "request_hash, status, location, body, created_at) VALUES "
				      "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
				      "ttttitt"
				      "t",
				      in->key, in->method, in->path, in->request_hash,
				      (int64_t)in->status, in->location, in->body, in->created_at);
	return st ? db_done(s, st, NULL) : STORE_ERROR;
}

enum store_err store_audit_append(struct store *s, const struct audit_entry *in)
{
	/* a shared entry has no owner (null); an administrator's has 0 */
	struct db_stmt *st =
		db_query(s,
			 "INSERT INTO audit_log (at, actor, action, resource, row_id, "
			 "before, after, owner) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
			 "NULLIF(?8, ?9))",
			 "ttttittii", in->at, in->actor, in->action, in->resource, in->row_id,
			 in->before, in->after, in->owner, (int64_t)AUDIT_SHARED);
	return st ? db_done(s, st, NULL) : STORE_ERROR;
}

enum store_err store_audit_list(struct store *s, const struct audit_query *q, struct arena *a,
				struct audit_entry **out, size_t *n)
{
	size_t cap = q->limit ? q->limit : 50;
	*n = 0;
	*out = arena_alloc(a, cap * sizeof(**out));
	/* each narrowing applies only when given: NULL resource, 0 row or 0 cursor match all */
	struct db_stmt *st = db_query(
		s,
		"SELECT id, at, actor, action, resource, row_id, before, after, owner "
		"FROM audit_log WHERE (CAST(?1 AS TEXT) IS NULL OR resource = ?1) AND (?2 = 0 OR "
		"row_id = ?2) AND (?3 = 0 OR id < ?3) AND (?5 = 0 OR owner = ?5 OR "
		"owner IS NULL) ORDER BY id DESC LIMIT ?4",
		"tiiii", q->resource, q->row_id, q->before_id, (int64_t)cap, q->owner);
	if (!st)
		return STORE_ERROR;
	while (*n < cap && db_step(s, st) > 0) {
		struct audit_entry *e = &(*out)[(*n)++];
		e->id = db_int(s, st, 0);
		e->at = db_text(s, st, 1, a);
		e->actor = db_text(s, st, 2, a);
		e->action = db_text(s, st, 3, a);
		e->resource = db_text(s, st, 4, a);
		e->row_id = db_int(s, st, 5);
		e->before = db_text(s, st, 6, a);
		e->after = db_text(s, st, 7, a);
		e->owner = db_null(s, st, 8) ? AUDIT_SHARED : db_int(s, st, 8);
	}
	return db_finish(s, st, 0, NULL);
}
