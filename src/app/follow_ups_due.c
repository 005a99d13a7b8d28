/* follow_ups_due.c - the follow-ups that are due: consultations whose next step falls on or
 * before a day and that are still open (not exported, not dropped), by company and by
 * organizer (the pavilion's host), as the reader may see them (a company member: its own). */
#include <string.h>

#include "../core/outcome.h"
#include "../core/zone.h"
#include "../store/store.h"
#include "app.h"
#include "rowjson.h"

enum { DUE_MAX = 5000 };

/* A consultation's stage now: its latest follow-up's (by date, then as entered), else its own. */
static int stage_now(struct app *app, struct arena *a, const struct row *c, const char **stage,
		     struct app_error *err)
{
	const struct entity *ce = entity_find("consultations"), *fe = entity_find("follow_ups");
	struct row *ups;
	size_t n;
	*stage = row_text(ce, c, "stage");
	if (app_rows_of(app, a, fe, "consultation_id", c->id, "date", &ups, &n, err))
		return -1;
	if (n)
		*stage = row_text(fe, &ups[n - 1], "stage");
	return 0;
}

/* A tally per organization: how many due, how many of them overdue. */
struct tally {
	int64_t org;
	json_int_t due, overdue;
};

static void count_in(struct tally *t, size_t *n, int64_t org, int overdue)
{
	size_t i = 0;
	while (i < *n && t[i].org != org)
		i++;
	if (i == *n)
		t[(*n)++] = (struct tally){org, 0, 0};
	t[i].due++;
	t[i].overdue += overdue;
}

static json_t *tallies_json(struct app *app, struct arena *a, const struct tally *t, size_t n)
{
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_pack("{s:I, s:I, s:I}", "organization_id", (json_int_t)t[i].org,
				      "due", t[i].due, "overdue", t[i].overdue);
		json_t *names = app_pick_ref(app, a, "organizations", t[i].org, "name_ko name_en");
		if (json_is_object(names))
			json_object_update(o, names);
		json_decref(names);
		json_array_append_new(list, o);
	}
	return list;
}

static int due_locked(struct app *app, struct arena *a, const char *day,
		      const struct app_principal *who, json_t **out, struct app_error *err)
{
	const struct entity *ce = entity_find("consultations"), *pe = entity_find("pavilions");
	struct app_grant g;
	if (app_grant_locked(app, who, ce, POLICY_READ, &g, err))
		return -1;
	struct store_filter flt = {
		.field = entity_field_index(ce, "next_step_on"), .text = day, .at_most = 1};
	struct store_query q = {.filters = &flt,
				.nfilters = 1,
				.sort = entity_field_index(ce, "next_step_on"),
				.limit = DUE_MAX,
				.owner_org = g.owner_org,
				.company_org = g.company_org};
	struct row *rows;
	size_t n;
	int se = store_list(app_store(app), ce, &q, a, &rows, &n);
	if (se)
		return app_store_fail(app, err, se, ce);
	long today = 0;
	date_parse(day, &today);
	struct tally *by_company = arena_alloc(a, (n + 1) * sizeof(*by_company)),
		     *by_host = arena_alloc(a, (n + 1) * sizeof(*by_host));
	size_t ncompany = 0, nhost = 0;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		const char *stage;
		struct row pav;
		if (stage_now(app, a, &rows[i], &stage, err)) {
			json_decref(items);
			return -1;
		}
		if (stage && (!strcmp(stage, "exported") || !strcmp(stage, "dropped")))
			continue;
		long on = 0;
		date_parse(row_text(ce, &rows[i], "next_step_on"), &on);
		int64_t host = 0, company = row_int(ce, &rows[i], "exhibitor_id");
		if (!store_get(app_store(app), pe, row_int(ce, &rows[i], "pavilion_id"), a, &pav))
			host = row_int(pe, &pav, "host_organization_id");
		json_t *c =
			row_pick(ce, &rows[i],
				 "pavilion_id exhibitor_id buyer_company buyer_country next_step "
				 "next_step_on consultant");
		json_object_set_new(c, "id", json_integer(rows[i].id));
		json_object_set_new(c, "stage", stage ? json_string(stage) : json_null());
		json_object_set_new(
			c, "exhibitor",
			app_pick_ref(app, a, "organizations", company, "name_ko name_en"));
		json_object_set_new(c, "organizer",
				    app_pick_ref(app, a, "organizations", host, "name_ko name_en"));
		json_object_set_new(c, "days_overdue", json_integer(today - on));
		json_array_append_new(items, c);
		count_in(by_company, &ncompany, company, today > on);
		count_in(by_host, &nhost, host, today > on);
	}
	*out = json_pack("{s:s, s:o, s:o, s:o}", "as_of", day, "items", items, "by_company",
			 tallies_json(app, a, by_company, ncompany), "by_organizer",
			 tallies_json(app, a, by_host, nhost));
	return 0;
}

int app_follow_ups_due(struct app *app, struct arena *a, const struct kv *params, size_t nparams,
		       const struct app_principal *who, json_t **out, struct app_error *err)
{
	const char *day = NULL;
	long d;
	*out = NULL;
	for (size_t i = 0; i < nparams; i++) {
		if (strcmp(params[i].key, "as_of")) {
			app_fail(err, 400, "invalid_parameter", "unknown query parameter");
			app_field_error(err, params[i].key, "unknown_parameter",
					"only as_of is accepted");
			return -1;
		}
		day = params[i].value ? params[i].value : "";
		if (date_parse(day, &d)) {
			app_fail(err, 400, "invalid_parameter", "a query parameter is invalid");
			app_field_error(err, "as_of", "invalid_date", "must be a date, YYYY-MM-DD");
			return -1;
		}
	}
	if (!day) { /* today where Roadshow's users work: Korea */
		char buf[11];
		const char *now = app_now(a);
		int64_t t;
		struct zoned z;
		if (instant_parse(now, &t) || zone_at("Asia/Seoul", t, &z))
			memcpy(buf, now, 10), buf[10] = 0;
		else
			date_format(z.day, buf);
		day = arena_strdup(a, buf);
	}
	app_read_begin(app);
	int rc = due_locked(app, a, day, who, out, err);
	app_read_end(app);
	return rc;
}
