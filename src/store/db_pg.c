/* db_pg.c - the PostgreSQL back end (libpq): the store's statements sent with their parameters
 * in one round trip each, rows streamed one at a time (single-row mode), writers serialized
 * across every server on the database as SQLite's one writer is. */
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/hash.h"
#include "../core/strbuf.h"
#include "db.h"

extern const struct embedded_file migrations_postgres[];
extern const size_t migrations_postgres_count;

enum { INT8OID = 20, MAX_PARAMS = 128 };

struct db_stmt {
	PGconn *c;
	PGresult *row;	  /* the current row (single-row mode), or NULL */
	PGresult *failed; /* the error, kept for finish */
	int changes;
	int ended; /* every result read */
};

/* Statements are prepared once per connection, by name, and kept: parsing and planning each
 * anew was most of a short query's time. */
enum { PREPARED = 128 };

struct pgconn {
	PGconn *c;
	struct prepared {
		char *sql;
		uint64_t hash;
	} kept[PREPARED]; /* statement i is named "s<i>" */
	int nkept;
};

static PGconn *conn_of(struct store *s)
{
	return ((struct pgconn *)s->conn)->c;
}

/* The name of sql's prepared statement on p (prepared now when new), into name; 0 when it is
 * not kept (the cache is full, or it would not prepare: then sent unprepared, which says why). */
static int prepared_name(struct pgconn *p, const char *sql, const char *text, int n,
			 const Oid *types, char name[16])
{
	uint64_t h = hash_text(sql);
	for (int i = 0; i < p->nkept; i++)
		if (p->kept[i].hash == h && !strcmp(p->kept[i].sql, sql)) {
			snprintf(name, 16, "s%d", i);
			return 1;
		}
	if (p->nkept == PREPARED || PQtransactionStatus(p->c) == PQTRANS_INERROR)
		return 0;
	snprintf(name, 16, "s%d", p->nkept);
	PGresult *r = PQprepare(p->c, name, text, n, types);
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	PQclear(r);
	if (!ok || !(p->kept[p->nkept].sql = strdup(sql)))
		return 0;
	p->kept[p->nkept++].hash = h;
	return 1;
}

static void record(struct store *s, const char *msg)
{
	snprintf(s->errmsg, sizeof(s->errmsg), "%s", msg && *msg ? msg : "database error");
	/* libpq's messages end in a newline */
	size_t n = strlen(s->errmsg);
	while (n && (s->errmsg[n - 1] == '\n' || s->errmsg[n - 1] == ' '))
		s->errmsg[--n] = 0;
}

static int pg_open(struct store *s, const char *url, int reader, char *err, size_t errlen)
{
	PGconn *c = PQconnectdb(url);
	if (!c || PQstatus(c) != CONNECTION_OK) {
		if (err)
			snprintf(err, errlen, "cannot connect to '%s': %s", url,
				 c ? PQerrorMessage(c) : "out of memory");
		PQfinish(c);
		return -1;
	}
	struct pgconn *p = calloc(1, sizeof(*p));
	if (!p) {
		if (err)
			snprintf(err, errlen, "out of memory");
		PQfinish(c);
		return -1;
	}
	p->c = c;
	s->conn = p;
	snprintf(s->url, sizeof(s->url), "%s", url);
	(void)reader; /* the same connection either way: what it reads is what is committed */
	/* notices (CREATE TABLE IF NOT EXISTS that exists) are not errors */
	if (s->be->exec(s, "SET client_min_messages = warning")) {
		if (err)
			snprintf(err, errlen, "cannot prepare '%s': %s", url, s->errmsg);
		return -1;
	}
	return 0;
}

static void pg_close(struct store *s)
{
	struct pgconn *p = s->conn;
	for (int i = 0; i < p->nkept; i++)
		free(p->kept[i].sql);
	PQfinish(p->c);
	free(p);
	s->conn = NULL;
}

static enum store_err pg_exec(struct store *s, const char *script)
{
	PGresult *r = PQexec(conn_of(s), script);
	ExecStatusType t = PQresultStatus(r);
	enum store_err err = STORE_OK;
	if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK) {
		record(s, r ? PQresultErrorMessage(r) : PQerrorMessage(conn_of(s)));
		err = STORE_ERROR;
	}
	PQclear(r);
	return err;
}

/* sql with the store's ?N parameters as PostgreSQL's $N (none inside quotes). */
static void dollars(struct strbuf *out, const char *sql)
{
	char quote = 0;
	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if (*p == '?' && p[1] >= '0' && p[1] <= '9') {
			strbuf_addch(out, '$');
			continue;
		}
		strbuf_addch(out, *p);
	}
}

static struct db_stmt *pg_query(struct store *s, const char *sql, const struct sql_arg *args,
				size_t n)
{
	if (n > MAX_PARAMS) {
		db_fail(s, "too many parameters");
		return NULL;
	}
	struct db_stmt *st = calloc(1, sizeof(*st));
	if (!st) {
		db_fail(s, "out of memory");
		return NULL;
	}
	st->c = conn_of(s);
	struct strbuf text = STRBUF_INIT;
	dollars(&text, sql);
	char ints[MAX_PARAMS][24];
	const char *values[MAX_PARAMS];
	Oid types[MAX_PARAMS];
	for (size_t i = 0; i < n; i++) {
		/* text and nulls as literals are: of whatever type the place they go to has */
		types[i] = args[i].is_int && !args[i].is_null ? INT8OID : 0;
		if (args[i].is_null)
			values[i] = NULL;
		else if (args[i].is_int) {
			snprintf(ints[i], sizeof(ints[i]), "%" PRId64, args[i].i);
			values[i] = ints[i];
		} else
			values[i] = args[i].s;
	}
	char name[16];
	/* a failed statement aborts the transaction: nothing is prepared until it ends */
	int sent =
		prepared_name(s->conn, sql, text.buf, (int)n, types, name)
			? PQsendQueryPrepared(st->c, name, (int)n, values, NULL, NULL, 0)
			: PQsendQueryParams(st->c, text.buf, (int)n, types, values, NULL, NULL, 0);
	strbuf_release(&text);
	if (!sent) {
		record(s, PQerrorMessage(st->c));
		free(st);
		return NULL;
	}
	PQsetSingleRowMode(st->c);
	return st;
}

/* Reads what is left of st's results (after its last row, or instead of the rows not read). */
static void drain(struct db_stmt *st)
{
	PGresult *r;
	while (!st->ended && (r = PQgetResult(st->c))) {
		ExecStatusType t = PQresultStatus(r);
		if (t == PGRES_FATAL_ERROR && !st->failed)
			st->failed = r;
		else {
			if (t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK)
				st->changes = atoi(PQcmdTuples(r));
			PQclear(r);
		}
	}
	st->ended = 1;
}

static int pg_step(struct db_stmt *st)
{
	PQclear(st->row);
	st->row = NULL;
	if (st->ended)
		return st->failed ? -1 : 0;
	PGresult *r = PQgetResult(st->c);
	switch (PQresultStatus(r)) {
	case PGRES_SINGLE_TUPLE: st->row = r; return 1;
	case PGRES_TUPLES_OK:
	case PGRES_COMMAND_OK:
		st->changes = atoi(PQcmdTuples(r));
		PQclear(r);
		drain(st);
		return st->failed ? -1 : 0;
	default:
		if (!r) {
			st->ended = 1;
			return st->failed ? -1 : 0;
		}
		st->failed = r;
		drain(st);
		return -1;
	}
}

static int pg_is_null(struct db_stmt *st, int col)
{
	return !st->row || PQgetisnull(st->row, 0, col);
}

static int64_t pg_integer(struct db_stmt *st, int col)
{
	if (pg_is_null(st, col))
		return 0;
	return strtoll(PQgetvalue(st->row, 0, col), NULL, 10);
}

static const char *pg_text(struct db_stmt *st, int col, size_t *len)
{
	if (pg_is_null(st, col)) {
		*len = 0;
		return NULL;
	}
	*len = (size_t)PQgetlength(st->row, 0, col);
	return PQgetvalue(st->row, 0, col);
}

static enum store_err pg_finish(struct store *s, struct db_stmt *st, int deleting, int *changes)
{
	PQclear(st->row);
	st->row = NULL;
	drain(st);
	enum store_err err = STORE_OK;
	if (st->failed) {
		const char *state = PQresultErrorField(st->failed, PG_DIAG_SQLSTATE);
		record(s, PQresultErrorMessage(st->failed));
		err = STORE_ERROR;
		if (state && !strcmp(state, "23505"))
			err = STORE_DUPLICATE;
		else if (state && !strcmp(state, "23503"))
			err = deleting ? STORE_REFERENCED : STORE_BAD_REF;
		PQclear(st->failed);
	}
	if (changes)
		*changes = st->changes;
	free(st);
	return err;
}

static int pg_in_transaction(struct store *s)
{
	return PQtransactionStatus(conn_of(s)) != PQTRANS_IDLE;
}

const struct db_backend db_postgres = {
	.name = "postgres",
	.dialect = SQL_POSTGRES,
	.open = pg_open,
	.close = pg_close,
	.exec = pg_exec,
	.query = pg_query,
	.step = pg_step,
	.is_null = pg_is_null,
	.integer = pg_integer,
	.text = pg_text,
	.finish = pg_finish,
	.in_transaction = pg_in_transaction,
	/* one writer at a time over every server on the database, as SQLite has: a use case
	 * reads, checks and writes in its transaction as if it were alone */
	.begin_sql = "BEGIN; SELECT pg_advisory_xact_lock(7245001)",
	.read_begin_sql = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
	/* under the writers' lock: two servers starting on an empty database at once would
	 * otherwise both create it */
	.migrations_table_sql = "BEGIN; SELECT pg_advisory_xact_lock(7245001); CREATE TABLE IF NOT "
				"EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT "
				"NOT NULL, applied_at TEXT NOT NULL); COMMIT",
	.migrations = migrations_postgres,
	.nmigrations = &migrations_postgres_count,
};
