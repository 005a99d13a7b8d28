/* public.c - the public pages of published delegations: what anyone may read without an
 * account, built field by field so that nothing internal (notes, people's names and contacts,
 * unpublished trips) can reach them. */
#include <string.h>

#include "../store/store.h"
#include "app.h"
#include "outcome.h"
#include "rowjson.h"

enum { PUBLIC_MAX_ROWS = 500 };

/* The order of member roles on a public page and in the trip documents: the head first. */
static const char *const role_order[] = {"head",  "deputy",	 "member", "staff",
					 "press", "interpreter", "other",  NULL};

int app_members_by_title_locked(struct app *app, struct arena *a, int64_t id, json_t **out,
				struct app_error *err)
{
	const struct entity *me = entity_find("delegation_members"), *pe = entity_find("people");
	struct row *rows, p;
	size_t n;
	if (app_rows_of(app, a, me, "delegation_id", id, NULL, &rows, &n, err))
		return -1;
	*out = json_array();
	for (const char *const *rank = role_order; *rank; rank++)
		for (size_t i = 0; i < n; i++) {
			const char *role = row_text(me, &rows[i], "role");
			if (!role || strcmp(role, *rank))
				continue;
			json_t *m = json_pack("{s:s, s:n, s:n, s:n}", "role", role, "title_ko",
					      "title_en", "organization");
			if (!store_get(app_store(app), pe, row_int(me, &rows[i], "person_id"), a,
				       &p)) {
				json_object_update_new(m, row_pick(pe, &p, "title_ko title_en"));
				json_object_set_new(m, "organization",
						    app_pick_ref(app, a, "organizations",
								 row_int(pe, &p, "organization_id"),
								 "name_ko name_en"));
			}
			json_array_append_new(*out, m);
		}
	return 0;
}

static json_t *place_json(struct app *app, struct arena *a, int64_t id)
{
	return app_pick_ref(app, a, "places", id, "name_ko name_en code timezone");
}

/* The itinerary in time order; each item says the zone it happens in (its place's, else the
 * trip's home zone), so that readers can show local time and group by local day. */
static int items_json(struct app *app, struct arena *a, int64_t id, const char *home_tz,
		      json_t **out, struct app_error *err)
{
	const struct entity *ie = entity_find("itinerary_items");
	const struct entity *ce = entity_find("itinerary_counterparts");
	struct row *rows, *cps;
	size_t n, ncp;
	if (app_rows_of(app, a, ie, "delegation_id", id, "starts_at", &rows, &n, err))
		return -1;
	*out = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *it = row_pick(ie, &rows[i],
				      "kind title_ko title_en starts_at ends_at carrier "
				      "service_number illustrative");
		json_t *place = place_json(app, a, row_int(ie, &rows[i], "place_id"));
		json_t *to = place_json(app, a, row_int(ie, &rows[i], "to_place_id"));
		json_t *tz = json_object_get(place, "timezone");
		json_t *totz = json_object_get(to, "timezone");
		json_object_set_new(
			it, "timezone",
			json_string(json_is_string(tz) ? json_string_value(tz) : home_tz));
		json_object_set_new(it, "end_timezone",
				    json_is_string(totz)
					    ? json_incref(totz)
					    : json_incref(json_object_get(it, "timezone")));
		json_object_set_new(it, "place", place);
		json_object_set_new(it, "to_place", to);
		if (app_rows_of(app, a, ce, "item_id", rows[i].id, NULL, &cps, &ncp, err)) {
			json_decref(it);
			return -1;
		}
		json_t *list = json_array();
		for (size_t k = 0; k < ncp; k++)
			json_array_append_new(list,
					      app_pick_ref(app, a, "organizations",
							   row_int(ce, &cps[k], "organization_id"),
							   "name_ko name_en country"));
		json_object_set_new(it, "counterparts", list);
		json_array_append_new(*out, it);
	}
	return 0;
}

int app_agreements_locked(struct app *app, struct arena *a, int64_t id, json_t **out,
			  size_t *nsigned, struct app_error *err)
{
	const struct entity *ae = entity_find("agreements");
	const struct entity *pe = entity_find("agreement_parties");
	struct row *rows, *parties;
	size_t n, np;
	*nsigned = 0;
	*out = NULL;
	if (app_rows_of(app, a, ae, "delegation_id", id, "signed_date", &rows, &n, err))
		return -1;
	*out = json_array();
	for (size_t i = 0; i < n; i++) {
		const char *status = row_text(ae, &rows[i], "status");
		if (status && strcmp(status, "planned") && strcmp(status, "lapsed"))
			(*nsigned)++;
		if (app_rows_of(app, a, pe, "agreement_id", rows[i].id, NULL, &parties, &np, err)) {
			json_decref(*out);
			*out = NULL;
			return -1;
		}
		json_t *ag =
			row_pick(ae, &rows[i],
				 "kind title_ko title_en status signed_date summary illustrative");
		json_t *list = json_array();
		for (size_t k = 0; k < np; k++) {
			json_t *o = app_pick_ref(app, a, "organizations",
						 row_int(pe, &parties[k], "organization_id"),
						 "name_ko name_en country");
			if (!json_is_object(o)) {
				json_decref(o);
				continue;
			}
			json_object_set_new(o, "role", row_field_json(pe, &parties[k], "role"));
			json_array_append_new(list, o);
		}
		json_object_set_new(ag, "parties", list);
		json_array_append_new(*out, ag);
	}
	return 0;
}

/* What the list and the page both show of a delegation. */
static json_t *summary_json(struct app *app, struct arena *a, const struct entity *de,
			    const struct row *d)
{
	json_t *o = row_pick(de, d, "title_ko title_en depart_date return_date status");
	json_object_set_new(o, "id", json_integer(d->id));
	json_object_set_new(o, "host",
			    app_pick_ref(app, a, "organizations",
					 row_int(de, d, "host_organization_id"),
					 "name_ko name_en"));
	return o;
}

int app_public_list(struct app *app, struct arena *a, json_t **out, struct app_error *err)
{
	const struct entity *de = entity_find("delegations");
	struct store_filter flt = {.field = entity_field_index(de, "published"), .num = 1};
	struct store_query q = {.filters = &flt,
				.nfilters = 1,
				.sort = entity_field_index(de, "depart_date"),
				.descending = 1,
				.limit = PUBLIC_MAX_ROWS};
	struct row *rows;
	size_t n;
	*out = NULL;
	app_read_begin(app);
	int se = store_list(app_store(app), de, &q, a, &rows, &n);
	json_t *items = json_array();
	for (size_t i = 0; !se && i < n; i++)
		json_array_append_new(items, summary_json(app, a, de, &rows[i]));
	app_read_end(app);
	if (se) {
		json_decref(items);
		return app_store_fail(app, err, se, de);
	}
	*out = json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)n);
	return 0;
}

/* The trip is over when it says so or its return date has passed (UTC today). */
static int trip_over(struct arena *a, const struct entity *de, const struct row *d)
{
	const struct value *status = &d->v[entity_field_index(de, "status")];
	const struct value *ret = &d->v[entity_field_index(de, "return_date")];
	if (!status->null && !strcmp(status->s, "completed"))
		return 1;
	return !ret->null && strncmp(ret->s, app_now(a), 10) < 0;
}

static int page_locked(struct app *app, struct arena *a, int64_t id, json_t **out,
		       struct app_error *err)
{
	const struct entity *de = entity_find("delegations");
	struct row d;
	int se = store_get(app_store(app), de, id, a, &d);
	/* an unpublished trip is, to the public, a trip that does not exist */
	if (se == STORE_NOT_FOUND || (!se && !row_int(de, &d, "published")))
		return app_fail(err, 404, "not_found", "no published delegation with that id");
	if (se)
		return app_store_fail(app, err, se, de);
	const struct value *tz = &d.v[entity_field_index(de, "home_timezone")];
	const char *home = tz->null ? "Asia/Seoul" : tz->s;
	json_t *o = summary_json(app, a, de, &d), *members = NULL, *items = NULL, *ags = NULL;
	size_t nsigned;
	json_object_update_new(o, row_pick(de, &d, "purpose home_timezone"));
	json_object_set_new(o, "updated_at", json_string(d.updated_at));
	json_object_set_new(o, "event",
			    app_pick_ref(app, a, "events", row_int(de, &d, "event_id"),
					 "name_ko name_en start_date end_date"));
	const struct value *budget = &d.v[entity_field_index(de, "budget")];
	json_object_set_new(o, "budget",
			    budget->null ? json_null()
					 : json_pack("{s:I, s:o}", "amount", (json_int_t)budget->i,
						     "currency",
						     row_field_json(de, &d, "budget_currency")));
	if (app_members_by_title_locked(app, a, id, &members, err) ||
	    items_json(app, a, id, home, &items, err) ||
	    app_agreements_locked(app, a, id, &ags, &nsigned, err)) {
		json_decref(members);
		json_decref(items);
		json_decref(o);
		return -1;
	}
	json_object_set_new(o, "members", members);
	json_object_set_new(o, "items", items);
	json_object_set_new(o, "agreements", ags);
	json_t *trip;
	if (app_delegation_trip_locked(app, a, id, &trip, err)) {
		json_decref(o);
		return -1;
	}
	json_object_set_new(o, "trip", trip);
	json_t *outcome = NULL, *figures = json_null();
	if (trip_over(a, de, &d) && row_int(de, &d, "event_id")) {
		/* the host's pavilions at the show: the same figures as its outcome report */
		struct oc_subject s;
		if (oc_host_subject(app, a, row_int(de, &d, "event_id"),
				    row_int(de, &d, "host_organization_id"), &s, err) ||
		    (s.npavilions && oc_figures_locked(app, a, &s, &figures, err))) {
			json_decref(o);
			return -1;
		}
		if (json_is_object(figures)) /* which rates converted is the report's detail */
			json_object_del(figures, "rates");
	}
	if (trip_over(a, de, &d))
		outcome = json_pack("{s:o, s:o, s:I, s:o}", "summary_ko",
				    row_field_json(de, &d, "outcome_ko"), "summary_en",
				    row_field_json(de, &d, "outcome_en"), "agreements_signed",
				    (json_int_t)nsigned, "show", figures);
	else
		json_decref(figures);
	json_object_set_new(o, "outcome", outcome ? outcome : json_null());
	*out = o;
	return 0;
}

int app_public_get(struct app *app, struct arena *a, int64_t id, json_t **out,
		   struct app_error *err)
{
	*out = NULL;
	app_read_begin(app);
	int rc = page_locked(app, a, id, out, err);
	app_read_end(app);
	return rc;
}
