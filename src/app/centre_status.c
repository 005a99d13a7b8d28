/* centre_status.c - a business centre's status report: its member companies by mode, the
 * services it gave them by kind and by month, and the outcome of their consultations. */
#include <string.h>

#include "../store/store.h"
#include "app.h"
#include "outcome.h"
#include "rowjson.h"

static const char *const modes[] = {"resident", "online", "offline"};
static const char *const kinds[] = {"buyer_sourcing", "consultation", "market_research",
				    "interpreting",   "meeting_room", "desk",
				    "show_support"};
enum { NKINDS = sizeof(kinds) / sizeof(kinds[0]) };

static int kind_index(const char *k)
{
	for (int i = 0; k && i < (int)NKINDS; i++)
		if (!strcmp(kinds[i], k))
			return i;
	return -1;
}

static json_t *counts_json(const json_int_t *n)
{
	json_t *o = json_object();
	for (size_t i = 0; i < NKINDS; i++)
		json_object_set_new(o, kinds[i], json_integer(n[i]));
	return o;
}

static int status_locked(struct app *app, struct arena *a, int64_t id,
			 const struct app_principal *who, json_t **out, struct app_error *err)
{
	const struct entity *be = entity_find("business_centres"),
			    *me = entity_find("centre_members"),
			    *se = entity_find("centre_services");
	struct app_grant g;
	struct row centre;
	int rc = store_get(app_store(app), be, id, a, &centre);
	if (rc)
		return app_store_fail(app, err, rc, be);
	if (app_grant_locked(app, who, be, POLICY_READ, &g, err) ||
	    app_grant_row(app, a, &g, be, &centre, 404, err))
		return -1;
	struct row *members, *services;
	size_t nm, ns;
	if (app_rows_of(app, a, me, "centre_id", id, "since", &members, &nm, err))
		return -1;
	struct store_filter flt = {.field = entity_field_index(se, "centre_id"), .num = id};
	struct store_query q = {.filters = &flt,
				.nfilters = 1,
				.sort = entity_field_index(se, "date"),
				.limit = 100000};
	if ((rc = store_list(app_store(app), se, &q, a, &services, &ns)))
		return app_store_fail(app, err, rc, se);

	json_t *by_mode = json_object(), *items = json_array();
	for (size_t k = 0; k < 3; k++)
		json_object_set_new(by_mode, modes[k], json_integer(0));
	for (size_t i = 0; i < nm; i++) {
		const char *mode = row_text(me, &members[i], "mode");
		json_t *n = mode ? json_object_get(by_mode, mode) : NULL;
		if (n)
			json_integer_set(n, json_integer_value(n) + 1);
		json_t *m = row_pick(me, &members[i], "organization_id mode since");
		json_t *names = app_pick_ref(app, a, "organizations",
					     row_int(me, &members[i], "organization_id"),
					     "name_ko name_en");
		if (json_is_object(names))
			json_object_update(m, names);
		json_decref(names);
		json_array_append_new(items, m);
	}
	/* services: per kind, and per month (services come by date) */
	json_int_t total[NKINDS] = {0}, month_n[NKINDS] = {0};
	char month[8] = "";
	json_t *months = json_array();
	for (size_t i = 0; i <= ns; i++) {
		const char *day = i < ns ? row_text(se, &services[i], "date") : NULL;
		if (*month && (!day || strncmp(day, month, 7))) {
			json_int_t sum = 0;
			for (size_t k = 0; k < NKINDS; k++)
				sum += month_n[k];
			json_array_append_new(months,
					      json_pack("{s:s, s:I, s:o}", "month", month, "total",
							sum, "by_kind", counts_json(month_n)));
			memset(month_n, 0, sizeof(month_n));
		}
		if (!day)
			break;
		memcpy(month, day, 7);
		month[7] = 0;
		int k = kind_index(row_text(se, &services[i], "kind"));
		if (k >= 0)
			total[k]++, month_n[k]++;
	}
	json_t *report = NULL;
	if (oc_report_locked(app, a, "centre", id, who, &report, NULL, NULL, err)) {
		json_decref(by_mode);
		json_decref(items);
		json_decref(months);
		return -1;
	}
	json_t *c = row_pick(be, &centre, "name_ko name_en operator_id place_id opened_on");
	json_object_set_new(c, "id", json_integer(id));
	*out = json_pack("{s:o, s:{s:I, s:o, s:o}, s:{s:I, s:o, s:o}, s:{s:O, s:O, s:O}}", "centre",
			 c, "members", "total", (json_int_t)nm, "by_mode", by_mode, "items", items,
			 "services", "total", (json_int_t)ns, "by_kind", counts_json(total),
			 "by_month", months, "outcome", "summary",
			 json_object_get(report, "summary"), "total",
			 json_object_get(report, "total"), "by_company",
			 json_object_get(report, "by_company"));
	json_decref(report);
	return 0;
}

int app_centre_status(struct app *app, struct arena *a, int64_t id, const struct app_principal *who,
		      json_t **out, struct app_error *err)
{
	*out = NULL;
	app_read_begin(app);
	int rc = status_locked(app, a, id, who, out, err);
	app_read_end(app);
	return rc;
}
