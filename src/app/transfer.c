/* transfer.c - import and export of a resource as CSV (libcsv) or JSON (jansson). */
#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "../store/store.h"
#include "app.h"
#include "rowjson.h"

enum { EXPORT_PAGE = 500 };

void app_csv_cell(struct strbuf *out, const char *s)
{
	size_t n = strlen(s), need = n * 2 + 2;
	char *buf = malloc(need + 1);
	if (!buf)
		abort();
	size_t w = csv_write(buf, need, s, n);
	strbuf_add(out, buf, w);
	free(buf);
}

static void csv_value(struct strbuf *out, const struct field *f, const struct value *v)
{
	if (v->null)
		return;
	switch (f->type) {
	case FT_REF:
	case FT_MONEY:
	case FT_INT: strbuf_addf(out, "%lld", (long long)v->i); return;
	case FT_BOOL: strbuf_addstr(out, v->i ? "true" : "false"); return;
	case FT_STRLIST: {
		json_t *list = json_loads(v->s, 0, NULL), *item;
		struct strbuf joined = STRBUF_INIT;
		size_t i;
		int plain = 1;
		json_array_foreach(list, i, item)
		{
			const char *t = json_string_value(item);
			size_t n = strlen(t);
			/* items the '; ' form cannot carry go out as a JSON array */
			if (!n || strchr(t, ';') || t[0] == ' ' || t[n - 1] == ' ' || t[0] == '[')
				plain = 0;
			if (i)
				strbuf_addstr(&joined, "; ");
			strbuf_addstr(&joined, t);
		}
		if (!plain) {
			char *text = json_dumps(list, JSON_COMPACT);
			strbuf_reset(&joined);
			strbuf_addstr(&joined, text);
			free(text);
		}
		json_decref(list);
		app_csv_cell(out, joined.buf);
		strbuf_release(&joined);
		return;
	}
	default: app_csv_cell(out, v->s);
	}
}

/* Calls fn for every row of e within g in id order, a page at a time. */
static int each_row(struct app *app, struct arena *a, const struct entity *e,
		    const struct app_grant *g,
		    void (*fn)(const struct entity *, const struct row *, void *), void *ctx,
		    struct app_error *err)
{
	struct store_query q = {.sort = -1,
				.limit = EXPORT_PAGE,
				.owner_org = g->owner_org,
				.company_org = g->company_org};
	for (;;) {
		struct arena page = ARENA_INIT;
		struct row *rows;
		size_t n;
		int se = store_list(app_store(app), e, &q, &page, &rows, &n);
		if (se) {
			arena_release(&page);
			return app_store_fail(app, err, se, e);
		}
		for (size_t i = 0; i < n; i++)
			fn(e, &rows[i], ctx);
		q.has_after = 1;
		q.after_id = n ? rows[n - 1].id : 0;
		arena_release(&page);
		if (n < EXPORT_PAGE)
			break;
	}
	(void)a;
	return 0;
}

static void csv_row(const struct entity *e, const struct row *r, void *ctx)
{
	struct strbuf *out = ctx;
	strbuf_addf(out, "%lld", (long long)r->id);
	for (size_t i = 0; i < e->nfields; i++) {
		strbuf_addch(out, ',');
		csv_value(out, &e->fields[i], &r->v[i]);
	}
	strbuf_addf(out, ",%lld,%s,%s\r\n", (long long)r->version, r->created_at, r->updated_at);
}

static void json_row(const struct entity *e, const struct row *r, void *ctx)
{
	json_array_append_new(ctx, row_to_json(e, r));
}

int app_export(struct app *app, struct arena *a, const struct entity *e, enum app_format f,
	       const struct app_principal *who, struct strbuf *out, struct app_error *err)
{
	struct app_grant g;
	int rc;
	app_read_begin(app);
	if (app_grant_locked(app, who, e, POLICY_READ, &g, err)) {
		app_read_end(app);
		return -1;
	}
	if (f == APP_CSV) {
		strbuf_addstr(out, "id");
		for (size_t i = 0; i < e->nfields; i++)
			strbuf_addf(out, ",%s", e->fields[i].name);
		strbuf_addstr(out, ",version,created_at,updated_at\r\n");
		rc = each_row(app, a, e, &g, csv_row, out, err);
	} else {
		json_t *list = json_array();
		rc = each_row(app, a, e, &g, json_row, list, err);
		if (!rc) {
			char *text = json_dumps(list, JSON_INDENT(1));
			strbuf_addstr(out, text);
			strbuf_addch(out, '\n');
			free(text);
		}
		json_decref(list);
	}
	app_read_end(app);
	return rc;
}

/* CSV parsing: cells of the current record, then one JSON object per record. */
struct csv_state {
	struct arena *a;
	const struct entity *e;
	char **header;
	size_t nheader, col;
	json_t *rows, *cur;
	const char *bad_column;
	size_t line;	 /* the file line the current record starts on */
	size_t newlines; /* line breaks inside the current record's quoted cells */
	size_t bad_utf8; /* the line of the first cell that is not UTF-8, or 0 */
};

/* A list cell: a JSON array as exported for items that hold ';' or edge spaces, else
 * items separated by ';' with spaces around them trimmed. NULL when not UTF-8. */
static json_t *list_cell(const char *s, size_t n)
{
	if (n && s[0] == '[') {
		json_t *list = json_loadb(s, n, 0, NULL);
		if (json_is_array(list))
			return list;
		json_decref(list);
	}
	json_t *list = json_array();
	const char *p = s, *end = s + n;
	while (p < end) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		const char *stop = semi ? semi : end;
		while (p < stop && *p == ' ')
			p++;
		const char *q = stop;
		while (q > p && q[-1] == ' ')
			q--;
		json_t *item = json_stringn(p, (size_t)(q - p));
		if (!item) {
			json_decref(list);
			return NULL;
		}
		if (q > p)
			json_array_append_new(list, item);
		else
			json_decref(item);
		p = semi ? semi + 1 : end;
	}
	return list;
}

/* The JSON value of a cell for field f; NULL when the text is not UTF-8. Values that do not
 * convert stay strings, so that validation names the field. */
static json_t *cell_json(const struct field *f, const char *s, size_t n)
{
	if (f->type == FT_REF || f->type == FT_INT || f->type == FT_MONEY) {
		char *end;
		long long v = strtoll(s, &end, 10);
		if (n && end == s + n)
			return json_integer(v);
	} else if (f->type == FT_BOOL) {
		if ((n == 4 && !strncmp(s, "true", 4)) || (n == 1 && *s == '1'))
			return json_true();
		if ((n == 5 && !strncmp(s, "false", 5)) || (n == 1 && *s == '0'))
			return json_false();
	} else if (f->type == FT_STRLIST) {
		return list_cell(s, n);
	}
	return json_stringn(s, n);
}

static void on_cell(void *data, size_t n, void *ctx)
{
	struct csv_state *st = ctx;
	const char *s = data ? data : "";
	for (size_t i = 0; i < n; i++)
		st->newlines += s[i] == '\n';
	if (st->nheader == (size_t)-1) {
		char **h = realloc(st->header, (st->col + 1) * sizeof(char *));
		if (!h)
			abort();
		st->header = h;
		st->header[st->col++] = arena_strndup(st->a, s, n);
		return;
	}
	if (!st->cur)
		st->cur = json_object();
	/* an unquoted empty cell (data NULL) is null; a quoted one ("") is an empty string */
	if (st->col < st->nheader && data) {
		const char *name = st->header[st->col];
		int idx = entity_field_index(st->e, name);
		const struct field id_field = {.type = FT_INT};
		const struct field *f = idx >= 0	      ? &st->e->fields[idx]
					: !strcmp(name, "id") ? &id_field
							      : NULL;
		json_t *v = f ? cell_json(f, s, n) : NULL;
		if (f && !v && !st->bad_utf8)
			st->bad_utf8 = st->line;
		if (v)
			json_object_set_new(st->cur, name, v);
	}
	st->col++;
}

static void on_record(int c, void *ctx)
{
	struct csv_state *st = ctx;
	(void)c;
	if (st->nheader == (size_t)-1) {
		st->nheader = st->col;
		for (size_t i = 0; i < st->nheader; i++) {
			const char *h = st->header[i];
			if (entity_field_index(st->e, h) < 0 && strcmp(h, "id") &&
			    strcmp(h, "version") && strcmp(h, "created_at") &&
			    strcmp(h, "updated_at") && !st->bad_column)
				st->bad_column = h;
		}
	} else {
		json_t *row = st->cur ? st->cur : json_object();
		json_object_set_new(row, "_line", json_integer((json_int_t)st->line));
		json_array_append_new(st->rows, row);
		st->cur = NULL;
	}
	st->line += 1 + st->newlines;
	st->newlines = 0;
	st->col = 0;
}

static json_t *parse_csv(struct arena *a, const struct entity *e, const char *data, size_t len,
			 struct app_error *err)
{
	struct csv_parser p;
	struct csv_state st = {
		.a = a, .e = e, .nheader = (size_t)-1, .rows = json_array(), .line = 1};
	int bad = -1;
	if (csv_init(&p, CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) ||
	    csv_parse(&p, data, len, on_cell, on_record, &st) != len ||
	    csv_fini(&p, on_cell, on_record, &st)) {
		app_fail(err, 400, "malformed_csv",
			 arena_printf(a, "CSV: %s", csv_strerror(csv_error(&p))));
	} else if (st.bad_column) {
		bad = app_fail(err, 422, "unknown_column",
			       arena_printf(a, "CSV column '%s' is not a field of %s",
					    st.bad_column, e->name));
		app_field_error(err, st.bad_column, "unknown_field",
				"is not a field of this resource");
	} else if (st.bad_utf8) {
		bad = app_fail(err, 422, "invalid_encoding",
			       arena_printf(a, "line %zu: a cell is not UTF-8 text", st.bad_utf8));
	} else {
		bad = 0;
	}
	if (bad) {
		json_decref(st.rows);
		st.rows = NULL;
	}
	json_decref(st.cur);
	csv_free(&p);
	free(st.header);
	return st.rows;
}

/* Updates the row obj names by id when it exists, else inserts it (keeping its id). */
static int import_one(struct app *app, struct arena *a, const struct entity *e, json_t *obj,
		      struct app_error *err)
{
	json_t *jid = json_object_get(obj, "id");
	int64_t id = json_is_integer(jid) ? json_integer_value(jid) : 0;
	int exists = 0, se;
	if (!json_is_object(obj))
		return app_fail(err, 422, "invalid_body", "not an object");
	if (id > 0 && (se = store_exists(app_store(app), e, id, &exists)))
		return app_store_fail(app, err, se, e);
	struct row made;
	if (!exists)
		return app_insert_locked(app, a, e, obj, 1, NULL, &id, &made, err) ||
		       app_audit_of(app, a, "import", "create", e, &made, NULL, err);
	struct row *r = row_new(a, e);
	if (row_from_json(app, a, e, obj, (enum row_mode)(ROW_REPLACE | ROW_SYSTEM), r, err))
		return -1;
	r->updated_at = app_now(a);
	json_t *before = app_row_snapshot(app, a, e, id);
	se = store_update(app_store(app), e, id, 0, r);
	int rc = se ? app_store_fail(app, err, se, e)
		    : app_audit_row(app, a, "import", "update", e, id, before, err);
	json_decref(before);
	return rc;
}

struct import {
	struct arena *a;
	const struct entity *e;
	json_t *rows;
	size_t *count;
};

static int import_tx(struct app *app, void *ctx, struct app_error *err)
{
	struct import *t = ctx;
	json_t *obj;
	size_t i;
	*t->count = 0;
	json_array_foreach(t->rows, i, obj)
	{
		if (import_one(app, t->a, t->e, obj, err)) {
			json_t *line = json_object_get(obj, "_line");
			const char *where = line ? arena_printf(t->a, "line %lld",
								(long long)json_integer_value(line))
						 : arena_printf(t->a, "item %zu", i + 1);
			err->detail = arena_printf(t->a, "%s: %s", where, err->detail);
			return -1;
		}
		(*t->count)++;
	}
	return 0;
}

int app_import(struct app *app, struct arena *a, const struct entity *e, enum app_format f,
	       const char *data, size_t len, size_t *count, struct app_error *err)
{
	json_t *rows;

	*count = 0;
	if (f == APP_CSV) {
		rows = parse_csv(a, e, data, len, err);
		if (!rows)
			return -1;
	} else {
		json_error_t jerr;
		rows = json_loadb(data, len, 0, &jerr);
		if (json_is_object(rows) && json_is_array(json_object_get(rows, "items"))) {
			json_t *items = json_incref(json_object_get(rows, "items"));
			json_decref(rows);
			rows = items;
		}
		if (!json_is_array(rows)) {
			json_decref(rows);
			return app_fail(err, 400, "malformed_json",
					arena_printf(a, "expected a JSON array of %s (line %d: %s)",
						     e->name, jerr.line, jerr.text));
		}
	}
	struct import t = {a, e, rows, count};
	int rc = app_tx(app, import_tx, &t, err);
	json_decref(rows);
	return rc;
}
