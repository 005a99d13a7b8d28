/* sql.h - SQL text for the generic resource operations, built from entity descriptors.
 *
 * Identifiers come only from the compiled descriptor tables; every value goes through a
 * bound parameter collected in args[]. Dialects differ in parameter markers and LIKE. */
#ifndef ROADSHOW_SQL_H
#define ROADSHOW_SQL_H

#include "../core/entity.h"
#include "../core/strbuf.h"
#include "store.h"

enum sql_dialect { SQL_SQLITE, SQL_POSTGRES };

struct sql_arg {
	int is_int, is_null;
	int64_t i;
	const char *s;
};

enum { SQL_MAX_ARGS = 128 };

struct sql_stmt {
	enum sql_dialect dialect;
	struct strbuf text;
	struct sql_arg args[SQL_MAX_ARGS];
	size_t nargs;
	/* the text made before, for a statement whose text is the same each time (an entity's
	 * insert): only the arguments are bound (text stays empty) */
	const char *made;
};

void sql_stmt_init(struct sql_stmt *st, enum sql_dialect d);
void sql_stmt_release(struct sql_stmt *st);

/* The column list every row read returns: id, version, created_at, updated_at, fields... */
void sql_select(struct sql_stmt *st, const struct entity *e, const struct store_query *q,
		int count_only);
void sql_get(struct sql_stmt *st, const struct entity *e, int64_t id);
/* The fields of row id whose indexes fields has (n of them), in that order. */
void sql_get_fields(struct sql_stmt *st, const struct entity *e, int64_t id, const size_t *fields,
		    size_t n);
/* The same text for every row of e with an id or every one without: st->made may have it. */
void sql_insert(struct sql_stmt *st, const struct entity *e, const struct row *r);
void sql_update(struct sql_stmt *st, const struct entity *e, int64_t id, int64_t expected_version,
		const struct row *r);
void sql_delete(struct sql_stmt *st, const struct entity *e, int64_t id, int64_t expected_version);
void sql_exists(struct sql_stmt *st, const struct entity *e, int64_t id);

#endif
