/* sql.c - descriptor-driven SQL text with bound parameters, for both back ends. */
#include "sql.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

void sql_stmt_init(struct sql_stmt *st, enum sql_dialect d)
{
	st->dialect = d;
	strbuf_init(&st->text);
	st->nargs = 0;
	st->made = NULL;
}

void sql_stmt_release(struct sql_stmt *st)
{
	strbuf_release(&st->text);
	st->nargs = 0;
}

static void bind_arg(struct sql_stmt *st, struct sql_arg arg)
{
	if (st->nargs >= SQL_MAX_ARGS) {
		fputs("BUG: too many SQL parameters\n", stderr);
		abort();
	}
	st->args[st->nargs++] = arg;
	if (st->made)
		return;
	strbuf_addch(&st->text, st->dialect == SQL_POSTGRES ? '$' : '?');
	strbuf_add_uint(&st->text, st->nargs);
}

/* Text for the statement, unless it was made before (st->made). */
static void add(struct sql_stmt *st, const char *s)
{
	if (!st->made)
		strbuf_addstr(&st->text, s);
}

static void bind_int(struct sql_stmt *st, int64_t i)
{
	bind_arg(st, (struct sql_arg){.is_int = 1, .i = i});
}

static void bind_text(struct sql_stmt *st, const char *s)
{
	bind_arg(st, (struct sql_arg){.s = s, .is_null = s == NULL});
}

static void bind_value(struct sql_stmt *st, const struct field *f, const struct value *v)
{
	if (v->null)
		bind_arg(st, (struct sql_arg){.is_null = 1});
	else if (field_is_integer(f->type))
		bind_int(st, v->i);
	else
		bind_text(st, v->s);
}

static void columns(struct sql_stmt *st, const struct entity *e, int with_id)
{
	if (st->made)
		return;
	add(st,
	    with_id ? "id, version, created_at, updated_at" : "version, created_at, updated_at");
	for (size_t i = 0; i < e->nfields; i++) {
		add(st, ", ");
		add(st, e->fields[i].name);
	}
}

static void sort_key(struct sql_stmt *st, const struct entity *e, int sort)
{
	strbuf_addstr(&st->text, "COALESCE(");
	strbuf_addstr(&st->text, e->fields[sort].name);
	strbuf_addstr(&st->text, ", '')");
	/* in byte order, as SQLite sorts, whatever the database's locale */
	if (st->dialect == SQL_POSTGRES)
		strbuf_addstr(&st->text, " COLLATE \"C\"");
}

/* " AND <rows of e at the end of whose chain org is>": down e->owner's chain (or, company,
 * e->company's) with one subquery a hop. */
static void chain_clause(struct sql_stmt *st, const struct entity *e, int64_t org, int company)
{
	if (e->self_owned) {
		strbuf_addstr(&st->text, " AND id = ");
		bind_int(st, org);
		return;
	}
	const struct field *f = &e->fields[entity_field_index(e, company ? e->company : e->owner)];
	const struct entity *up = entity_find(f->ref);
	strbuf_addstr(&st->text, " AND ");
	strbuf_addstr(&st->text, f->name);
	if (up->self_owned) {
		strbuf_addstr(&st->text, " = ");
		bind_int(st, org);
		return;
	}
	strbuf_addstr(&st->text, " IN (SELECT id FROM ");
	strbuf_addstr(&st->text, up->name);
	strbuf_addstr(&st->text, " WHERE 1 = 1");
	chain_clause(st, up, org, company);
	strbuf_addch(&st->text, ')');
}

void sql_select(struct sql_stmt *st, const struct entity *e, const struct store_query *q,
		int count_only)
{
	const char *like = st->dialect == SQL_POSTGRES ? " ILIKE " : " LIKE ";
	const char *gt = q->descending ? " < " : " > ";

	strbuf_addstr(&st->text, "SELECT ");
	if (count_only)
		strbuf_addstr(&st->text, "COUNT(*)");
	else
		columns(st, e, 1);
	strbuf_addstr(&st->text, " FROM ");
	strbuf_addstr(&st->text, e->name);
	strbuf_addstr(&st->text, " WHERE 1 = 1");
	for (size_t i = 0; i < q->nfilters; i++) {
		const struct field *f = &e->fields[q->filters[i].field];
		strbuf_addstr(&st->text, " AND ");
		strbuf_addstr(&st->text, f->name);
		if (q->filters[i].via && f->ref) {
			/* through the reference: the referenced row's field (a descriptor's name)
			 */
			const struct entity *up = entity_find(f->ref);
			int k = entity_field_index(up, q->filters[i].via);
			strbuf_addstr(&st->text, " IN (SELECT id FROM ");
			strbuf_addstr(&st->text, up->name);
			strbuf_addstr(&st->text, " WHERE ");
			strbuf_addstr(&st->text, k >= 0 ? up->fields[k].name : "id");
			strbuf_addstr(&st->text, " = ");
			bind_int(st, q->filters[i].num);
			strbuf_addch(&st->text, ')');
			continue;
		}
		strbuf_addstr(&st->text, q->filters[i].at_most ? " <= " : " = ");
		if (field_is_integer(f->type))
			bind_int(st, q->filters[i].num);
		else
			bind_text(st, q->filters[i].text);
	}
	if (q->owner_org && (e->owner || e->self_owned))
		chain_clause(st, e, q->owner_org, 0);
	if (q->company_org && e->company)
		chain_clause(st, e, q->company_org, 1);
	if (q->q && *q->q) {
		const char *sep = " AND (";
		for (size_t i = 0; i < e->nfields; i++) {
			if (!(e->fields[i].flags & FF_SEARCH))
				continue;
			strbuf_addstr(&st->text, sep);
			strbuf_addstr(&st->text, e->fields[i].name);
			strbuf_addstr(&st->text, like);
			bind_text(st, q->q);
			strbuf_addstr(&st->text, " ESCAPE '\\'");
			sep = " OR ";
		}
		if (*sep == ' ' && sep[1] == 'O')
			strbuf_addch(&st->text, ')');
		else
			strbuf_addstr(&st->text, " AND 1 = 0"); /* nothing to search: no match */
	}
	if (count_only)
		return;
	if (q->has_after) {
		if (q->sort < 0) {
			strbuf_addstr(&st->text, " AND id");
			strbuf_addstr(&st->text, gt);
			bind_int(st, q->after_id);
		} else {
			strbuf_addstr(&st->text, " AND (");
			sort_key(st, e, q->sort);
			strbuf_addstr(&st->text, gt);
			bind_text(st, q->after_key);
			strbuf_addstr(&st->text, " OR (");
			sort_key(st, e, q->sort);
			strbuf_addstr(&st->text, " = ");
			bind_text(st, q->after_key);
			strbuf_addstr(&st->text, " AND id");
			strbuf_addstr(&st->text, gt);
			bind_int(st, q->after_id);
			strbuf_addstr(&st->text, "))");
		}
	}
	strbuf_addstr(&st->text, " ORDER BY ");
	if (q->sort >= 0) {
		sort_key(st, e, q->sort);
		strbuf_addstr(&st->text, q->descending ? " DESC, " : " ASC, ");
	}
	strbuf_addstr(&st->text, q->descending ? "id DESC" : "id ASC");
	strbuf_addstr(&st->text, " LIMIT ");
	bind_int(st, (int64_t)q->limit);
}

void sql_get(struct sql_stmt *st, const struct entity *e, int64_t id)
{
	strbuf_addstr(&st->text, "SELECT ");
	columns(st, e, 1);
	strbuf_addstr(&st->text, " FROM ");
	strbuf_addstr(&st->text, e->name);
	strbuf_addstr(&st->text, " WHERE id = ");
	bind_int(st, id);
}

void sql_get_fields(struct sql_stmt *st, const struct entity *e, int64_t id, const size_t *fields,
		    size_t n)
{
	strbuf_addstr(&st->text, "SELECT ");
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addstr(&st->text, ", ");
		strbuf_addstr(&st->text, e->fields[fields[i]].name);
	}
	strbuf_addstr(&st->text, " FROM ");
	strbuf_addstr(&st->text, e->name);
	strbuf_addstr(&st->text, " WHERE id = ");
	bind_int(st, id);
}

void sql_exists(struct sql_stmt *st, const struct entity *e, int64_t id)
{
	strbuf_addstr(&st->text, "SELECT 1 FROM ");
	strbuf_addstr(&st->text, e->name);
	strbuf_addstr(&st->text, " WHERE id = ");
	bind_int(st, id);
}

void sql_insert(struct sql_stmt *st, const struct entity *e, const struct row *r)
{
	add(st, "INSERT INTO ");
	add(st, e->name);
	add(st, " (");
	columns(st, e, r->id != 0);
	add(st, ") VALUES (");
	if (r->id) {
		bind_int(st, r->id);
		add(st, ", ");
	}
	bind_int(st, r->version > 0 ? r->version : 1);
	add(st, ", ");
	bind_text(st, r->created_at);
	add(st, ", ");
	bind_text(st, r->updated_at);
	for (size_t i = 0; i < e->nfields; i++) {
		add(st, ", ");
		bind_value(st, &e->fields[i], &r->v[i]);
	}
	add(st, ") RETURNING id");
}

void sql_update(struct sql_stmt *st, const struct entity *e, int64_t id, int64_t expected_version,
		const struct row *r)
{
	strbuf_addstr(&st->text, "UPDATE ");
	strbuf_addstr(&st->text, e->name);
	strbuf_addstr(&st->text, " SET version = version + 1, updated_at = ");
	bind_text(st, r->updated_at);
	for (size_t i = 0; i < e->nfields; i++) {
		strbuf_addstr(&st->text, ", ");
		strbuf_addstr(&st->text, e->fields[i].name);
		strbuf_addstr(&st->text, " = ");
		bind_value(st, &e->fields[i], &r->v[i]);
	}
	strbuf_addstr(&st->text, " WHERE id = ");
	bind_int(st, id);
	if (expected_version > 0) {
		strbuf_addstr(&st->text, " AND version = ");
		bind_int(st, expected_version);
	}
}

void sql_delete(struct sql_stmt *st, const struct entity *e, int64_t id, int64_t expected_version)
{
	strbuf_addstr(&st->text, "DELETE FROM ");
	strbuf_addstr(&st->text, e->name);
	strbuf_addstr(&st->text, " WHERE id = ");
	bind_int(st, id);
	if (expected_version > 0) {
		strbuf_addstr(&st->text, " AND version = ");
		bind_int(st, expected_version);
	}
}
