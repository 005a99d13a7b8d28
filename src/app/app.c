/* app.c - opening the application, problems, formats and the descriptor metadata. */
#include "app.h"

#include <string.h>

#include "../store/store.h"
#include "../tz/tzdata.h"
#include "rowjson.h"

int app_open(struct app *app, const char *url, char *err, size_t errlen)
{
	/* core's clocks read tzdata's zone rules (the same every time: installing is idempotent) */
	zone_rules_use(&tzdata_rules);
	app->store = store_open(url, err, errlen);
	if (!app->store)
		return -1;
	pthread_mutex_init(&app->lock, NULL);
	writer_init(&app->writer, app->store, &app->lock);
	readers_init(&app->readers);
	atomic_init(&app->accounts_exist, 0);
	token_cache_init(&app->tokens);
	return 0;
}

void app_close(struct app *app)
{
	if (!app->store)
		return;
	readers_release(&app->readers);
	token_cache_release(&app->tokens);
	store_close(app->store);
	app->store = NULL;
	writer_release(&app->writer);
	pthread_mutex_destroy(&app->lock);
}

void app_error_init(struct app_error *err, struct arena *a)
{
	memset(err, 0, sizeof(*err));
	err->arena = a;
}

int app_fail(struct app_error *err, int status, const char *code, const char *detail)
{
	err->status = status;
	err->code = code;
	err->detail = detail;
	err->title = NULL;
	return -1;
}

void app_field_error(struct app_error *err, const char *field, const char *code,
		     const char *message)
{
	if (err->nerrors == err->cap) {
		size_t cap = err->cap ? err->cap * 2 : 8;
		struct field_error *n = arena_alloc(err->arena, cap * sizeof(*n));
		if (!n)
			return;
		if (err->nerrors)
			memcpy(n, err->errors, err->nerrors * sizeof(*n));
		err->errors = n;
		err->cap = cap;
	}
	err->errors[err->nerrors++] =
		(struct field_error){arena_strdup(err->arena, field), code, message};
}

int app_format_parse(const char *s, enum app_format *f)
{
	if (!strcmp(s, "csv"))
		*f = APP_CSV;
	else if (!strcmp(s, "json"))
		*f = APP_JSON;
	else
		return -1;
	return 0;
}

static json_t *field_meta(const struct field *f)
{
	json_t *o = json_pack(
		"{s:s, s:s, s:b, s:b, s:b, s:b, s:b, s:s, s:s}", "name", f->name, "type",
		field_type_name(f->type), "required", (f->flags & FF_REQUIRED) != 0, "filter",
		(f->flags & FF_FILTER) != 0, "search", (f->flags & FF_SEARCH) != 0, "sort",
		(f->flags & FF_SORT) != 0, "multiline", (f->flags & FF_MULTILINE) != 0, "label_ko",
		f->label_ko, "label_en", f->label_en);
	if (f->flags & FF_READONLY)
		json_object_set_new(o, "readonly", json_true());
	if (f->flags & FF_STAFF)
		json_object_set_new(o, "staff_only", json_true());
	if (f->max)
		json_object_set_new(o, "max", json_integer(f->max));
	if (f->type == FT_MONEY)
		json_object_set_new(o, "max", json_integer(MONEY_MAX));
	if (f->ref)
		json_object_set_new(o, "ref", json_string(f->ref));
	if (f->def)
		json_object_set_new(o, "default", json_string(f->def));
	if (f->values) {
		json_t *vals = json_array();
		for (const char *const *v = f->values; *v; v++)
			json_array_append_new(vals, json_string(*v));
		json_object_set_new(o, "values", vals);
	}
	return o;
}

json_t *app_meta(void)
{
	json_t *list = json_array();
	for (size_t i = 0; i < nentities; i++) {
		const struct entity *e = entities[i];
		json_t *fields = json_array(), *children = json_array();
		for (size_t k = 0; k < e->nfields; k++)
			json_array_append_new(fields, field_meta(&e->fields[k]));
		for (size_t k = 0; k < e->nchildren; k++)
			json_array_append_new(children, json_pack("{s:s, s:s, s:s}", "key",
								  e->children[k].key, "entity",
								  e->children[k].entity, "fk",
								  e->children[k].fk));
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "name", e->name, "singular",
				      e->singular, "label_ko", e->label_ko, "label_en", e->label_en,
				      "fields", fields, "children", children);
		json_object_set_new(o, "title_ko",
				    e->title_ko ? json_string(e->title_ko) : json_null());
		json_object_set_new(o, "title_en",
				    e->title_en ? json_string(e->title_en) : json_null());
		/* the reference that leads to the owning organization (policy.h), for clients */
		json_object_set_new(o, "owner",
				    e->self_owned ? json_string("id")
				    : e->owner	  ? json_string(e->owner)
						  : json_null());
		/* the reference that leads to the company a row is about, whose members keep it */
		json_object_set_new(o, "company",
				    e->company ? json_string(e->company) : json_null());
		/* references that must lead to one parent (an attendee's item and member) */
		if (e->same[0]) {
			json_t *same = json_array();
			for (size_t k = 0; k < 4 && e->same[k]; k++)
				json_array_append_new(same, json_string(e->same[k]));
			json_object_set_new(
				o, "same",
				json_pack("{s:o, s:s}", "fields", same, "via", e->same_via));
		}
		if (e->computed)
			json_object_set_new(o, "computed", json_string(e->computed));
		json_array_append_new(list, o);
	}
	return json_pack("{s:o}", "entities", list);
}

struct tx_call {
	struct app *app;
	app_tx_fn fn;
	void *ctx;
	struct app_error *err;
	int rc;
};

static int tx_run(void *arg)
{
	struct tx_call *c = arg;
	readers_writing(1);
	c->rc = c->fn(c->app, c->ctx, c->err);
	readers_writing(0);
	return c->rc;
}

int app_tx(struct app *app, app_tx_fn fn, void *ctx, struct app_error *err)
{
	struct tx_call c = {app, fn, ctx, err, 0};
	int r = writer_run(&app->writer, tx_run, &c);
	if (!r)
		return 0;
	if (c.rc)
		return -1;
	/* the store failed (the writer said why on stderr) */
	if (r == WRITER_UNDONE || r == STORE_ERROR)
		return app_fail(err, 500, "internal", "the database failed; nothing was changed");
	return app_store_fail(app, err, r, NULL);
}
