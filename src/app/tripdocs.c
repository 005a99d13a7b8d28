/* tripdocs.c - a delegation's two documents, the plan (출장 계획서) and the result report
 * (결과보고서): one model (export/tripdoc.h) built from the store and the itinerary's day
 * view, then rendered as HTML or XLSX outside the lock. */
#include <string.h>

#include "../core/check.h"
#include "../core/costs.h"
#include "../core/zone.h"
#include "../export/tripdoc.h"
#include "../store/store.h"
#include "app.h"
#include "rowjson.h"

static const char *jstr(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* Item id of the day view, and the local date of the day it is on; NULL when the view does
 * not hold it. */
static json_t *view_item(json_t *view, int64_t id, const char **date)
{
	size_t i, k;
	json_t *day, *item;
	json_array_foreach(json_object_get(view, "days"), i, day)
	{
		json_array_foreach(json_object_get(day, "items"), k, item)
		{
			if (json_integer_value(json_object_get(item, "id")) == id) {
				*date = jstr(day, "date");
				return item;
			}
		}
	}
	return NULL;
}

/* The item of a row that points at one, as a document names it. */
static json_t *item_ref(json_t *view, int64_t id)
{
	const char *date = NULL;
	json_t *it = id ? view_item(view, id, &date) : NULL;
	if (!it)
		return json_null();
	return json_pack("{s:s?, s:s?, s:s?}", "title_ko", jstr(it, "title_ko"), "title_en",
			 jstr(it, "title_en"), "date", date);
}

static int institutions_json(struct app *app, struct arena *a, int64_t id, json_t *view,
			     json_t **out, struct app_error *err)
{
	const struct entity *te = entity_find("trip_institutions");
	struct row *rows;
	size_t n;
	if (app_rows_of(app, a, te, "delegation_id", id, NULL, &rows, &n, err))
		return -1;
	*out = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = app_pick_ref(app, a, "organizations",
					 row_int(te, &rows[i], "organization_id"),
					 "name_ko name_en country city");
		if (!json_is_object(o)) {
			json_decref(o);
			o = json_pack("{s:n, s:n, s:n, s:n}", "name_ko", "name_en", "country",
				      "city");
		}
		json_object_set_new(o, "purpose", row_field_json(te, &rows[i], "purpose"));
		json_object_set_new(o, "result", row_field_json(te, &rows[i], "result"));
		json_object_set_new(o, "item", item_ref(view, row_int(te, &rows[i], "item_id")));
		json_array_append_new(*out, o);
	}
	return 0;
}

static json_t *name_only(json_t *o)
{
	if (!json_is_object(o))
		return json_null();
	return json_pack("{s:s?, s:s?}", "name_ko", jstr(o, "name_ko"), "name_en",
			 jstr(o, "name_en"));
}

/* What a document shows of an item of the day view. */
static json_t *item_json(json_t *it)
{
	static const char *const keys[] = {
		"id",	"kind",	  "status", "title_ko", "title_en", "carrier", "service_number",
		"task", "result", "start",  "end",	NULL};
	json_t *o = json_object(), *cps = json_array(), *cp;
	size_t i;
	for (const char *const *k = keys; *k; k++) {
		json_t *v = json_object_get(it, *k);
		json_object_set(o, *k, v ? v : json_null());
	}
	json_object_set_new(o, "place", name_only(json_object_get(it, "place")));
	json_object_set_new(o, "to_place", name_only(json_object_get(it, "to_place")));
	json_array_foreach(json_object_get(it, "counterparts"), i, cp)
		json_array_append_new(cps, name_only(cp));
	json_object_set_new(o, "counterparts", cps);
	return o;
}

static int status_is(json_t *it, const char *status)
{
	const char *s = jstr(it, "status");
	return s && !strcmp(s, status);
}

/* The days of the view a document shows: the plan every item not cancelled; the report the
 * items as travelled (done) and the cancelled ones, which it marks. */
static json_t *days_json(json_t *view, enum app_doc doc, json_int_t *left_out)
{
	json_t *days = json_array(), *day, *it;
	size_t i, k;
	*left_out = 0;
	json_array_foreach(json_object_get(view, "days"), i, day)
	{
		json_t *items = json_array();
		json_array_foreach(json_object_get(day, "items"), k, it)
		{
			int cancelled = status_is(it, "cancelled");
			if (doc == APP_DOC_PLAN && cancelled)
				continue;
			if (doc == APP_DOC_REPORT && !cancelled && !status_is(it, "done")) {
				(*left_out)++;
				continue;
			}
			json_array_append_new(items, item_json(it));
		}
		if (json_array_size(items))
			json_array_append_new(
				days, json_pack("{s:O, s:O, s:o}", "date",
						json_object_get(day, "date"), "weekday",
						json_object_get(day, "weekday"), "items", items));
		else
			json_decref(items);
	}
	return days;
}

/* Whether an item is an activity of the report: done, and work rather than travel (a flight
 * or a hotel counts only when someone gave it a task or a result). */
static int is_activity(json_t *it)
{
	static const char *const travel[] = {"flight", "ground", "lodging", NULL};
	if (!status_is(it, "done"))
		return 0;
	if (jstr(it, "task") || jstr(it, "result"))
		return 1;
	const char *kind = jstr(it, "kind");
	for (const char *const *t = travel; kind && *t; t++)
		if (!strcmp(kind, *t))
			return 0;
	return 1;
}

static json_t *task_group(json_t *groups, const char *task)
{
	json_t *g;
	size_t i;
	json_array_foreach(groups, i, g)
	{
		const char *t = jstr(g, "task");
		if ((!t && !task) || (t && task && !strcmp(t, task)))
			return g;
	}
	g = json_pack("{s:s?, s:[]}", "task", task, "items");
	json_array_append_new(groups, g);
	return g;
}

/* The report's main activities by task, in the order tasks first come up; items without a
 * task last. */
static json_t *activities_json(json_t *days)
{
	json_t *groups = json_array(), *day, *it, *other = NULL;
	size_t i, k;
	json_array_foreach(days, i, day)
	{
		json_array_foreach(json_object_get(day, "items"), k, it)
		{
			if (!is_activity(it))
				continue;
			const char *task = jstr(it, "task");
			json_t *g = task && *task ? task_group(groups, task) : NULL;
			if (!g && !other)
				other = json_pack("{s:n, s:[]}", "task", "items");
			json_array_append_new(json_object_get(g ? g : other, "items"),
					      json_pack("{s:O, s:O, s:O, s:O, s:O}", "date",
							json_object_get(day, "date"), "kind",
							json_object_get(it, "kind"), "title_ko",
							json_object_get(it, "title_ko"), "title_en",
							json_object_get(it, "title_en"), "result",
							json_object_get(it, "result")));
		}
	}
	if (other)
		json_array_append_new(groups, other);
	return groups;
}

/* A cost line's member by office (role and title), never by name. */
static json_t *cost_member(struct app *app, struct arena *a, int64_t id)
{
	const struct entity *me = entity_find("delegation_members"), *pe = entity_find("people");
	struct row m, p;
	if (!id || store_get(app_store(app), me, id, a, &m))
		return json_null();
	json_t *o = json_pack("{s:o, s:n, s:n}", "role", row_field_json(me, &m, "role"), "title_ko",
			      "title_en");
	if (!store_get(app_store(app), pe, row_int(me, &m, "person_id"), a, &p)) {
		json_object_set_new(o, "title_ko", row_field_json(pe, &p, "title_ko"));
		json_object_set_new(o, "title_en", row_field_json(pe, &p, "title_en"));
	}
	return o;
}

/* The costs in the budget currency: each line converted at its own recorded rate (core's
 * money_convert), totals per category by costs_sum; a line that cannot be converted is
 * listed and counted, never summed. */
static int costs_json(struct app *app, struct arena *a, const struct entity *de,
		      const struct row *d, json_t *view, json_t **out, struct app_error *err)
{
	const struct entity *ce = entity_find("trip_costs");
	const char *base = row_text(de, d, "budget_currency");
	const struct value *budget = &d->v[entity_field_index(de, "budget")];
	struct row *rows;
	struct cost_summary sum;
	size_t n;
	if (!base)
		base = "KRW";
	if (app_rows_of(app, a, ce, "delegation_id", d->id, NULL, &rows, &n, err))
		return -1;
	struct cost_line *lines = arena_alloc(a, (n + 1) * sizeof(*lines));
	if (!lines)
		return app_fail(err, 500, "internal", "out of memory");
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		const char *currency = row_text(ce, &rows[i], "currency");
		int64_t conv;
		lines[i] = (struct cost_line){.category = row_text(ce, &rows[i], "category"),
					      .amount = row_int(ce, &rows[i], "amount"),
					      .currency = currency ? currency : "KRW",
					      .rate = row_text(ce, &rows[i], "rate")};
		int bad = money_convert(lines[i].amount, lines[i].currency, lines[i].rate, base,
					&conv);
		json_array_append_new(
			list, json_pack("{s:s?, s:o, s:I, s:s, s:i, s:s?, s:o, s:o, s:o}",
					"category", lines[i].category, "description",
					row_field_json(ce, &rows[i], "description"), "amount",
					(json_int_t)lines[i].amount, "currency", lines[i].currency,
					"digits", currency_digits(lines[i].currency), "rate",
					lines[i].rate, "converted",
					bad ? json_null() : json_integer(conv), "item",
					item_ref(view, row_int(ce, &rows[i], "item_id")), "member",
					cost_member(app, a, row_int(ce, &rows[i], "member_id"))));
	}
	if (costs_sum(lines, n, base, &sum)) {
		json_decref(list);
		return app_fail(err, 422, "costs_overflow",
				"the trip's costs add up to more than can be counted");
	}
	json_t *cats = json_array();
	for (int c = 0; c < COST_NCATEGORIES; c++)
		json_array_append_new(cats,
				      json_pack("{s:s, s:I}", "category", cost_category_names[c],
						"amount", (json_int_t)sum.by_category[c]));
	*out = json_pack("{s:s, s:i, s:o, s:I, s:o, s:I, s:I, s:o, s:o}", "currency", base,
			 "digits", currency_digits(base), "budget",
			 budget->null ? json_null() : json_integer(budget->i), "total",
			 (json_int_t)sum.total, "remaining",
			 budget->null ? json_null() : json_integer(budget->i - sum.total),
			 "converted", (json_int_t)sum.converted, "unconverted",
			 (json_int_t)sum.unconverted, "by_category", cats, "lines", list);
	return 0;
}

/* Today in the trip's home zone, the day the document is dated. */
static json_t *today_json(struct arena *a, const char *tz)
{
	int64_t t;
	struct zoned z;
	char day[11];
	const char *now = app_now(a);
	if (instant_parse(now, &t) || zone_at(tz, t, &z))
		return json_stringn(now, 10);
	date_format(z.day, day);
	return json_string(day);
}

static json_t *delegation_json(struct app *app, struct arena *a, const struct entity *de,
			       const struct row *d)
{
	json_t *o =
		row_pick(de, d,
			 "title_ko title_en purpose status depart_date return_date home_timezone "
			 "plan_published_on report_published_on outcome_ko outcome_en "
			 "implications_ko implications_en");
	json_object_set_new(o, "id", json_integer(d->id));
	json_object_set_new(o, "host",
			    app_pick_ref(app, a, "organizations",
					 row_int(de, d, "host_organization_id"),
					 "name_ko name_en"));
	json_object_set_new(o, "event",
			    app_pick_ref(app, a, "events", row_int(de, d, "event_id"),
					 "name_ko name_en start_date end_date"));
	return o;
}

/* The model of export/tripdoc.h from the store and view (the day view of the same trip).
 * Caller holds the lock. */
static int model_locked(struct app *app, struct arena *a, int64_t id, enum app_doc doc,
			const struct app_principal *who, json_t *view, json_t **out,
			struct app_error *err)
{
	const struct entity *de = entity_find("delegations");
	struct app_grant g;
	struct row d;
	json_t *members = NULL, *insts = NULL, *ags = NULL, *costs = NULL, *o;
	json_int_t left_out;
	size_t nsigned = 0;
	/* checked again: the trip may have gone, or moved, since the day view was read */
	if (app_grant_locked(app, who, de, POLICY_READ, &g, err))
		return -1;
	int se = store_get(app_store(app), de, id, a, &d);
	if (se)
		return app_store_fail(app, err, se, de);
	if (app_grant_row(app, a, &g, de, &d, 404, err))
		return -1;
	const char *tz = jstr(view, "home_timezone");
	if (app_members_by_title_locked(app, a, id, &members, err) ||
	    institutions_json(app, a, id, view, &insts, err) ||
	    (doc == APP_DOC_REPORT && app_agreements_locked(app, a, id, &ags, &nsigned, err)) ||
	    costs_json(app, a, de, &d, view, &costs, err)) {
		json_decref(members);
		json_decref(insts);
		json_decref(ags);
		return -1;
	}
	json_t *days = days_json(view, doc, &left_out);
	json_t *trip = json_object_get(view, "trip");
	o = json_pack("{s:s, s:o, s:o, s:O, s:o, s:o, s:o, s:o}", "kind",
		      doc == APP_DOC_PLAN ? "plan" : "report", "generated_on",
		      today_json(a, tz ? tz : "Asia/Seoul"), "delegation",
		      delegation_json(app, a, de, &d), "trip", trip ? trip : json_null(), "members",
		      members, "institutions", insts, "days", days, "costs", costs);
	if (doc == APP_DOC_REPORT) {
		json_object_set_new(o, "left_out", json_integer(left_out));
		json_object_set_new(o, "activities", activities_json(days));
		json_object_set_new(o, "agreements", ags);
		json_object_set_new(o, "signed", json_integer((json_int_t)nsigned));
	}
	*out = o;
	return 0;
}

int app_tripdoc_model(struct app *app, struct arena *a, int64_t id, enum app_doc doc,
		      const struct app_principal *who, json_t **out, struct app_error *err)
{
	json_t *view = NULL;
	*out = NULL;
	/* the day view takes the lock itself (it is not recursive): read it first, then the
	 * rest under the lock */
	if (app_itinerary_view(app, a, id, 0, who, &view, err))
		return -1;
	app_read_begin(app);
	int rc = model_locked(app, a, id, doc, who, view, out, err);
	app_read_end(app);
	json_decref(view);
	return rc;
}

int app_tripdoc(struct app *app, struct arena *a, int64_t id, enum app_doc doc,
		enum app_doc_format format, const char *lang, const struct app_principal *who,
		struct strbuf *out, struct app_error *err)
{
	enum tripdoc_lang l;
	json_t *model;
	char msg[200] = "";
	if (!lang || !strcmp(lang, "ko")) {
		l = TRIPDOC_KO;
	} else if (!strcmp(lang, "en")) {
		l = TRIPDOC_EN;
	} else {
		app_fail(err, 400, "invalid_parameter", "lang must be ko or en");
		app_field_error(err, "lang", "invalid_choice", "must be ko or en");
		return -1;
	}
	if (app_tripdoc_model(app, a, id, doc, who, &model, err))
		return -1;
	int rc = format == APP_DOC_HTML ? tripdoc_html(model, l, out)
					: tripdoc_xlsx(model, l, out, msg, sizeof(msg));
	json_decref(model);
	if (rc)
		return app_fail(err, 500, "internal",
				*msg ? arena_printf(a, "the document could not be written: %s", msg)
				     : "the document could not be written");
	return 0;
}
