/* audit.c - the audit trail: one entry per change, written in the change's transaction. */
#include <stdlib.h>
#include <string.h>

#include "../store/store.h"
#include "app.h"
#include "rowjson.h"

/* A JSON text of j in a, or NULL for no value. */
static const char *json_text(struct arena *a, json_t *j)
{
	if (!j)
		return NULL;
	/* in the fields' order, as row_to_json makes them (sorting them cost a fifth of the dump,
	 * 12,000 instructions a create, in the writer's turn) */
	char *text = json_dumps(j, JSON_COMPACT);
	const char *copy = arena_strdup(a, text);
	free(text);
	return copy;
}

int app_audit_locked(struct app *app, struct arena *a, const char *actor, const char *action,
		     const char *resource, int64_t id, int64_t owner, json_t *before, json_t *after,
		     struct app_error *err)
{
	struct audit_entry entry = {
		.at = app_now(a),
		.actor = actor ? actor : "unknown",
		.action = action,
		.resource = resource,
		.row_id = id,
		.owner = owner,
		.before = json_text(a, before),
		.after = json_text(a, after),
	};
	int se = store_audit_append(app_store(app), &entry);
	return se ? app_store_fail(app, err, se, NULL) : 0;
}

int app_audit_owner(struct app *app, struct arena *a, const struct entity *e, const struct row *r,
		    int64_t *owner, struct app_error *err)
{
	*owner = AUDIT_SHARED;
	/* organizations and reference data are read by every account, and so is their history */
	if (e->self_owned || !e->owner)
		return 0;
	return app_owner_of(app, a, e, r, owner, err);
}

int app_audit_kept(struct app *app, struct arena *a, const char *actor, const char *action,
		   const struct entity *e, const struct row *r, json_t *before, json_t **kept,
		   struct app_error *err)
{
	int64_t owner = 0;
	if (app_audit_owner(app, a, e, r, &owner, err))
		return -1;
	json_t *after = row_to_json(e, r);
	int rc = app_audit_locked(app, a, actor, action, e->name, r->id, owner, before, after, err);
	if (kept && !rc) {
		json_decref(*kept);
		*kept = after;
	} else {
		json_decref(after);
	}
	return rc;
}

int app_audit_of(struct app *app, struct arena *a, const char *actor, const char *action,
		 const struct entity *e, const struct row *r, json_t *before, struct app_error *err)
{
	return app_audit_kept(app, a, actor, action, e, r, before, NULL, err);
}

int app_audit_row(struct app *app, struct arena *a, const char *actor, const char *action,
		  const struct entity *e, int64_t id, json_t *before, struct app_error *err)
{
	struct row r;
	int se = store_get(app_store(app), e, id, a, &r);
	if (se)
		return app_store_fail(app, err, se, e);
	return app_audit_of(app, a, actor, action, e, &r, before, err);
}

json_t *app_row_snapshot(struct app *app, struct arena *a, const struct entity *e, int64_t id)
{
	struct row r;
	return store_get(app_store(app), e, id, a, &r) ? NULL : row_to_json(e, &r);
}

static int bad_param(struct app_error *err, const char *name, const char *code, const char *msg)
{
	app_fail(err, 400, "invalid_parameter", "a query parameter is invalid");
	app_field_error(err, name, code, msg);
	return -1;
}

static int positive(const char *s, int64_t *out)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || v <= 0)
		return -1;
	*out = v;
	return 0;
}

int app_audit_list(struct app *app, struct arena *a, const struct kv *params, size_t nparams,
		   const struct app_principal *who, json_t **out, struct app_error *err)
{
	struct app_grant g;
	struct audit_query q = {.limit = APP_LIST_DEFAULT};
	struct audit_entry *entries;
	size_t n;
	int64_t v;

	*out = NULL;
	for (size_t i = 0; i < nparams; i++) {
		const char *k = params[i].key, *val = params[i].value ? params[i].value : "";
		if (!strcmp(k, "resource")) {
			if (!entity_find(val) && strcmp(val, APP_ACCOUNTS) &&
			    strcmp(val, APP_SETTINGS))
				return bad_param(err, k, "invalid_choice", "is not a resource");
			q.resource = val;
		} else if (!strcmp(k, "row_id")) {
			if (positive(val, &q.row_id))
				return bad_param(err, k, "invalid_type", "must be a positive id");
		} else if (!strcmp(k, "cursor")) {
			if (positive(val, &q.before_id))
				return bad_param(err, k, "invalid_cursor",
						 "is not a cursor this list gave out");
		} else if (!strcmp(k, "limit")) {
			if (positive(val, &v) || v > APP_LIST_MAX)
				return bad_param(err, k, "out_of_range",
						 "must be a number from 1 to 500");
			q.limit = (size_t)v;
		} else {
			return bad_param(err, k, "unknown_parameter",
					 "is not a parameter of this list");
		}
	}
	q.limit += 1; /* one more tells whether a next page exists */
	app_read_begin(app);
	/* an administrator reads the whole trail; organizers and viewers their organization's
	 * entries and those of the shared reference data; company members none */
	int denied = app_grant_locked(app, who, entity_find("organizations"), POLICY_READ, &g, err);
	if (!denied && g.checked && g.actor.role == ROLE_COMPANY)
		denied = app_fail(err, 403, "forbidden",
				  "the audit trail is for administrators and organizers");
	if (!denied && g.checked && g.actor.role != ROLE_ADMIN)
		q.owner = g.actor.organization_id;
	int se = denied ? STORE_OK : store_audit_list(app_store(app), &q, a, &entries, &n);
	app_read_end(app);
	if (denied)
		return -1;
	if (se)
		return app_store_fail(app, err, se, NULL);
	q.limit -= 1;
	json_t *items = json_array();
	for (size_t i = 0; i < n && i < q.limit; i++) {
		const struct audit_entry *e = &entries[i];
		json_array_append_new(
			items,
			json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:o, s:o}", "id",
				  (json_int_t)e->id, "at", e->at, "actor", e->actor, "action",
				  e->action, "resource", e->resource, "row_id",
				  (json_int_t)e->row_id, "before",
				  e->before ? json_loads(e->before, 0, NULL) : json_null(), "after",
				  e->after ? json_loads(e->after, 0, NULL) : json_null()));
	}
	json_t *next = n > q.limit ? json_sprintf("%lld", (long long)entries[q.limit - 1].id)
				   : json_null();
	*out = json_pack("{s:o, s:o}", "items", items, "next_cursor", next);
	return 0;
}
