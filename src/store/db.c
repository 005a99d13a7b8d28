/* db.c - the store's statements over either back end: arguments bound from a type string,
 * columns copied into arenas, the common ways of ending a statement. */
#include "db.h"

#include <stdio.h>
#include <string.h>

enum { MAX_ARGS = 32 };

struct db_stmt *db_query(struct store *s, const char *sql, const char *types, ...)
{
	struct sql_arg args[MAX_ARGS];
	size_t n = 0;
	va_list ap;
	va_start(ap, types);
	for (; *types && n < MAX_ARGS; types++, n++) {
		memset(&args[n], 0, sizeof(args[n]));
		if (*types == 't') {
			args[n].s = va_arg(ap, const char *);
			args[n].is_null = args[n].s == NULL;
		} else {
			args[n].is_int = 1;
			args[n].i = va_arg(ap, int64_t);
			args[n].is_null = *types == 'r' && args[n].i == 0;
		}
	}
	va_end(ap);
	if (*types) {
		db_fail(s, "too many parameters");
		return NULL;
	}
	return s->be->query(s, sql, args, n);
}

struct db_stmt *db_query_sql(struct store *s, const struct sql_stmt *sql)
{
	return s->be->query(s, sql->made ? sql->made : sql->text.buf, sql->args, sql->nargs);
}

int db_step(struct store *s, struct db_stmt *st)
{
	return s->be->step(st);
}

int db_null(struct store *s, struct db_stmt *st, int col)
{
	return s->be->is_null(st, col);
}

int64_t db_int(struct store *s, struct db_stmt *st, int col)
{
	return s->be->integer(st, col);
}

const char *db_text(struct store *s, struct db_stmt *st, int col, struct arena *a)
{
	size_t n;
	const char *t = s->be->text(st, col, &n);
	return t ? arena_strndup(a, t, n) : NULL;
}

enum store_err db_finish(struct store *s, struct db_stmt *st, int deleting, int *changes)
{
	return s->be->finish(s, st, deleting, changes);
}

enum store_err db_done(struct store *s, struct db_stmt *st, int *changes)
{
	while (s->be->step(st) > 0)
		;
	return s->be->finish(s, st, 0, changes);
}

enum store_err db_one_int(struct store *s, struct db_stmt *st, int64_t *out)
{
	int rc = s->be->step(st);
	if (rc > 0)
		*out = s->be->integer(st, 0);
	enum store_err err = s->be->finish(s, st, 0, NULL);
	if (!err && rc == 0)
		err = db_fail(s, "no row where one was expected");
	return err;
}

enum store_err db_exec(struct store *s, const char *script)
{
	return s->be->exec(s, script);
}

enum store_err db_fail(struct store *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->errmsg, sizeof(s->errmsg), fmt, ap);
	va_end(ap);
	return STORE_ERROR;
}
