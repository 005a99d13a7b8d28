/* demo.c - loads the demo scenario: per resource, rows whose references name earlier rows
 * by their "ref" ("@jeonbuk") instead of by id. */
#include <string.h>

#include "../core/schedule.h"
#include "../store/store.h"
#include "app.h"
#include "b2b.h"
#include "rowjson.h"

struct ref_map {
	struct ref_map *next;
	const char *name;
	const struct entity *e;
	int64_t id;
};

/* The row of e that name ("@ref") names, or NULL. */
static const struct ref_map *named(const struct ref_map *refs, const struct entity *e,
				   const char *name)
{
	if (!name || name[0] != '@')
		return NULL;
	for (; refs; refs = refs->next)
		if (refs->e == e && !strcmp(refs->name, name + 1))
			return refs;
	return NULL;
}

static int resolve(struct arena *a, struct ref_map *refs, const struct entity *e, json_t *obj,
		   const char *where, struct app_error *err)
{
	for (size_t i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		json_t *j = json_object_get(obj, f->name);
		if (f->type != FT_REF || !json_is_string(j))
			continue;
		const char *name = json_string_value(j);
		const struct ref_map *m = named(refs, entity_find(f->ref), name);
		if (!m) {
			app_fail(
				err, 422, "unknown_reference",
				arena_printf(a, "%s: %s names no earlier %s", where, name, f->ref));
			app_field_error(err, f->name, "unknown_reference",
					"names no earlier record");
			return -1;
		}
		json_object_set_new(obj, f->name, json_integer(m->id));
	}
	return 0;
}

/* Inserts one record, its references resolved, and remembers its "ref". */
static int load_one(struct app *app, struct arena *a, const struct entity *e, json_t *obj,
		    const char *where, struct ref_map **refs, struct app_error *err)
{
	int64_t id;
	if (!json_is_object(obj))
		return app_fail(err, 422, "invalid_body",
				arena_printf(a, "%s is not an object", where));
	json_t *ref = json_object_get(obj, "ref");
	/* copied now: deleting "ref" below frees the JSON string */
	const char *ref_name = json_is_string(ref) ? arena_strdup(a, json_string_value(ref)) : NULL;
	if (resolve(a, *refs, e, obj, where, err))
		return -1;
	json_object_del(obj, "ref");
	struct row made;
	if (app_insert_locked(app, a, e, obj, 0, NULL, &id, &made, err) ||
	    app_audit_of(app, a, "demo", "create", e, &made, NULL, err)) {
		err->detail = arena_printf(a, "%s: %s", where, err->detail);
		return -1;
	}
	if (ref_name) {
		struct ref_map *m = arena_alloc(a, sizeof(*m));
		*m = (struct ref_map){*refs, ref_name, e, id};
		*refs = m;
	}
	return 0;
}

/* Creates the document's demo accounts, each with a new random password; *out lists them
 * with their passwords (the only place those are ever written). */
static int load_accounts(struct app *app, struct arena *a, json_t *list, struct ref_map *refs,
			 json_t *out, struct app_error *err)
{
	const struct entity *orgs = entity_find("organizations");
	size_t i;
	json_t *acct;
	json_array_foreach(list, i, acct)
	{
		const char *where = arena_printf(a, "accounts[%zu]", i);
		json_t *jorg = json_object_get(acct, "organization_id");
		const char *org = json_string_value(jorg);
		const struct ref_map *m = named(refs, orgs, org);
		if (!json_is_object(acct) || (jorg && !m))
			return app_fail(err, 422, "invalid_body",
					arena_printf(a,
						     "%s: not an account whose organization_id "
						     "names an earlier organization",
						     where));
		struct app_account in = {
			.login = json_string_value(json_object_get(acct, "login")),
			.role = json_string_value(json_object_get(acct, "role")),
			.name = json_string_value(json_object_get(acct, "name")),
			.organization_id = m && org ? m->id : 0,
		};
		const char *password = app_password_generate(a);
		int64_t id;
		if (!in.login || !in.role || !password)
			return app_fail(err, 422, "invalid_body",
					arena_printf(a, "%s: needs a login and a role", where));
		if (app_user_add_locked(app, a, &in, password, "demo", &id, err)) {
			err->detail = arena_printf(a, "%s: %s", where, err->detail);
			return -1;
		}
		json_array_append_new(out, json_pack("{s:s, s:s, s:o, s:s}", "login", in.login,
						     "role", in.role, "organization_id",
						     in.organization_id
							     ? json_integer(in.organization_id)
							     : json_null(),
						     "password", password));
	}
	return 0;
}

/* The demo's B2B programmes come with a published schedule: made as an organizer would, with
 * the scheduler's fixed seed and move budget (the same schedule every time). */
static int publish_schedules(struct app *app, struct arena *a, struct app_error *err)
{
	const struct entity *e = entity_find("b2b_events");
	struct store_query q = {.sort = -1, .limit = 1000};
	struct sched_options opt = {.seed = 1, .time_limit_ms = 60000, .clock_ms = app_clock_ms};
	struct row *rows;
	size_t n;
	int se = store_list(app_store(app), e, &q, a, &rows, &n);
	if (se)
		return app_store_fail(app, err, se, e);
	for (size_t i = 0; i < n; i++) {
		json_t *out = NULL, *pub = NULL;
		struct b2b_call c = {.id = rows[i].id, .opt = &opt, .actor = "demo"};
		int rc = b2b_schedule_locked(app, a, &c, &out, err) ||
			 b2b_publish_locked(app, a, &c, &pub, err);
		json_decref(out);
		json_decref(pub);
		if (rc)
			return -1;
	}
	return 0;
}

/* What happened at the show once the schedules were out: each entry of list, {"resource",
 * "ref": "@name", "set": {fields}}, changes the row named (a B2B meeting marked held). */
static int after_show(struct app *app, struct arena *a, json_t *list, struct ref_map *refs,
		      struct app_error *err)
{
	size_t i;
	json_t *ch;
	json_array_foreach(list, i, ch)
	{
		const char *where = arena_printf(a, "_after_show[%zu]", i);
		const struct entity *e =
			entity_find(json_string_value(json_object_get(ch, "resource")) ?: "");
		const struct ref_map *m =
			e ? named(refs, e, json_string_value(json_object_get(ch, "ref"))) : NULL;
		json_t *set = json_object_get(ch, "set");
		struct row r;
		if (!m || !json_is_object(set))
			return app_fail(err, 422, "invalid_body",
					arena_printf(a,
						     "%s: not a change {resource, ref, set} of "
						     "an earlier record",
						     where));
		json_t *before = app_row_snapshot(app, a, e, m->id);
		int se = store_get(app_store(app), e, m->id, a, &r), rc = -1;
		if (se)
			app_store_fail(app, err, se, e);
		else if (!row_from_json(app, a, e, set, (enum row_mode)(ROW_PATCH | ROW_SYSTEM), &r,
					err)) {
			int64_t version = r.version;
			r.updated_at = app_now(a);
			if ((se = store_update(app_store(app), e, m->id, version, &r)))
				app_store_fail(app, err, se, e);
			else
				rc = app_audit_row(app, a, "demo", "update", e, m->id, before, err);
		}
		json_decref(before);
		if (rc) {
			err->detail = arena_printf(a, "%s: %s", where, err->detail);
			return -1;
		}
	}
	return 0;
}

struct demo {
	struct arena *a;
	json_t *doc;
	int with_accounts;
	size_t *count;
	json_t *made; /* the accounts made */
};

static int demo_tx(struct app *app, void *ctx, struct app_error *err)
{
	struct demo *t = ctx;
	struct arena *a = t->a;
	struct ref_map *refs = NULL;
	int rc = 0;
	for (size_t k = 0; k < nentities && !rc; k++) {
		const struct entity *e = entities[k];
		json_t *rows = json_object_get(t->doc, e->name), *obj;
		size_t i;
		json_array_foreach(rows, i, obj)
		{
			const char *where = arena_printf(a, "%s[%zu]", e->name, i);
			if ((rc = load_one(app, a, e, obj, where, &refs, err)))
				break;
			(*t->count)++;
		}
	}
	if (!rc)
		rc = publish_schedules(app, a, err) ||
		     after_show(app, a, json_object_get(t->doc, "_after_show"), refs, err);
	if (!rc && t->with_accounts)
		rc = load_accounts(app, a, json_object_get(t->doc, "accounts"), refs, t->made, err);
	return rc;
}

int app_demo_load(struct app *app, struct arena *a, const char *data, size_t len, int with_accounts,
		  size_t *count, json_t **accounts, struct app_error *err)
{
	json_error_t jerr;
	json_t *doc = json_loadb(data, len, 0, &jerr);

	*count = 0;
	if (accounts)
		*accounts = NULL;
	if (!json_is_object(doc)) {
		json_decref(doc);
		return app_fail(err, 400, "malformed_json",
				arena_printf(a, "demo data, line %d: %s", jerr.line, jerr.text));
	}
	const char *key;
	json_t *val;
	json_object_foreach(doc, key, val)
	{
		if (key[0] != '_' && !entity_find(key) && strcmp(key, "accounts")) {
			json_decref(doc);
			return app_fail(err, 422, "unknown_resource",
					arena_printf(a, "demo data: no resource called '%s'", key));
		}
	}
	struct demo t = {a, doc, with_accounts, count, json_array()};
	json_t *made = t.made;
	int rc = app_tx(app, demo_tx, &t, err);
	json_decref(doc);
	if (rc) {
		json_decref(made);
		return -1;
	}
	if (accounts)
		*accounts = made;
	else
		json_decref(made);
	return 0;
}
