/* outcome.c - an outcome report (성과) of a pavilion or of a company: its consultations and
 * their follow-ups read page by page into core/outcome.c, converted into USD and KRW at the
 * rates recorded in exchange_rates for the event's last day. */
#include <string.h>

#include "../core/outcome.h"
#include "../core/zone.h"
#include "../store/store.h"
#include "app.h"
#include "rowjson.h"

enum { PAGE = 5000, MAX_CURRENCIES = 64 };

static const char *const report_currencies[2] = {"USD", "KRW"};

/* What a report is over: the rows of e whose field (through via, when set) is id. */
struct scope {
	const char *field, *via;
	int64_t id;
	int64_t owner_org; /* the reader's region, 0 for all */
};

/* Calls feed with every row of e in scope, a page at a time, by id. */
struct feeding;
static int each_page(struct app *app, const struct entity *e, const struct scope *s,
		     int (*feed)(const struct entity *e, const struct row *rows, size_t n,
				 void *ctx),
		     struct feeding *ctx, struct app_error *err);

struct feeding {
	struct oc_report *o;
	const char *currencies[MAX_CURRENCIES]; /* every currency met, for the rates */
	size_t ncurrencies;
	struct arena *a;    /* the report's */
	struct arena *page; /* the page being fed's */
};

static int each_page(struct app *app, const struct entity *e, const struct scope *s,
		     int (*feed)(const struct entity *e, const struct row *rows, size_t n,
				 void *ctx),
		     struct feeding *ctx, struct app_error *err)
{
	struct store_filter flt = {
		.field = entity_field_index(e, s->field), .num = s->id, .via = s->via};
	struct store_query q = {.filters = &flt,
				.nfilters = 1,
				.sort = -1,
				.limit = PAGE,
				.owner_org = s->owner_org};
	for (;;) {
		struct row *rows;
		size_t n;
		struct arena page = ARENA_INIT; /* a page's rows go once they are fed */
		int se = store_list(app->store, e, &q, &page, &rows, &n);
		if (se) {
			arena_release(&page);
			return app_store_fail(app, err, se, e);
		}
		ctx->page = &page;
		int rc = feed(e, rows, n, ctx);
		int64_t last = n ? rows[n - 1].id : 0;
		arena_release(&page);
		if (rc)
			return app_fail(err, 500, "internal", "out of memory");
		if (n < PAGE)
			return 0;
		q.has_after = 1, q.after_id = last;
	}
}

static void note_currency(struct feeding *f, const char *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < f->ncurrencies; i++)
		if (!strcmp(f->currencies[i], c))
			return;
	if (f->ncurrencies < MAX_CURRENCIES)
		f->currencies[f->ncurrencies++] = arena_strdup(f->a, c);
}

static int feed_consultations(const struct entity *e, const struct row *rows, size_t n, void *ctx)
{
	struct feeding *f = ctx;
	struct oc_consultation *c = arena_alloc(f->page, (n + 1) * sizeof(*c));
	if (!c)
		return -1;
	for (size_t i = 0; i < n; i++) {
		c[i] = (struct oc_consultation){
			.id = rows[i].id,
			.company = row_int(e, &rows[i], "exhibitor_id"),
			.country = row_text(e, &rows[i], "buyer_country"),
			.category = row_text(e, &rows[i], "category"),
			.amount = row_int(e, &rows[i], "amount"),
			.currency = row_text(e, &rows[i], "currency"),
		};
		note_currency(f, c[i].currency);
	}
	return oc_add_consultations(f->o, c, n);
}

static int feed_follow_ups(const struct entity *e, const struct row *rows, size_t n, void *ctx)
{
	struct feeding *f = ctx;
	struct oc_follow_up *u = arena_alloc(f->page, (n + 1) * sizeof(*u));
	if (!u)
		return -1;
	for (size_t i = 0; i < n; i++) {
		long day = 0;
		const char *prov = row_text(e, &rows[i], "provenance");
		date_parse(row_text(e, &rows[i], "date"), &day);
		u[i] = (struct oc_follow_up){
			.consultation = row_int(e, &rows[i], "consultation_id"),
			.stage = (enum oc_stage)oc_stage(row_text(e, &rows[i], "stage")),
			.date = day,
			.amount = row_int(e, &rows[i], "amount"),
			.currency = row_text(e, &rows[i], "currency"),
			.verified = prov && !strcmp(prov, "verified"),
		};
		note_currency(f, u[i].currency);
	}
	return oc_add_follow_ups(f->o, u, n);
}

/* The latest rate of currency into to recorded on or before day (a YYYY-MM-DD, or NULL for
 * any), as its row, or NULL. */
static int rate_of(struct app *app, struct arena *a, const char *currency, const char *to,
		   const char *day, json_t **row, const char **rate, struct app_error *err)
{
	const struct entity *e = entity_find("exchange_rates");
	struct store_filter flt[2] = {
		{.field = entity_field_index(e, "currency"), .text = currency},
		{.field = entity_field_index(e, "to_currency"), .text = to}};
	struct store_query q = {.filters = flt,
				.nfilters = 2,
				.sort = entity_field_index(e, "date"),
				.descending = 1,
				.limit = 1000};
	struct row *rows;
	size_t n;
	*row = NULL;
	*rate = NULL;
	int se = store_list(app->store, e, &q, a, &rows, &n);
	if (se)
		return app_store_fail(app, err, se, e);
	for (size_t i = 0; i < n; i++)
		if (!day || strcmp(row_text(e, &rows[i], "date"), day) <= 0) {
			*row = row_pick(e, &rows[i], "date currency to_currency rate source");
			*rate = row_text(e, &rows[i], "rate");
			return 0;
		}
	return 0;
}

static json_t *cell_json(const struct oc_cell *c)
{
	return json_pack("{s:I, s:{s:I, s:I}, s:{s:I, s:I}, s:I}", "count", (json_int_t)c->count,
			 "amount", "USD", (json_int_t)c->amount[0], "KRW", (json_int_t)c->amount[1],
			 "verified", "USD", (json_int_t)c->verified[0], "KRW",
			 (json_int_t)c->verified[1], "unconverted", (json_int_t)c->unconverted);
}

static json_t *group_json(const struct oc_group *g, enum oc_axis axis)
{
	json_t *stages = json_object();
	for (int s = 0; s < OC_NSTAGES; s++)
		json_object_set_new(stages, oc_stage_names[s], cell_json(&g->stage[s]));
	json_t *o = json_pack("{s:o}", "stages", stages);
	if (axis == OC_BY_COMPANY)
		json_object_set_new(o, "organization_id", json_integer(g->id));
	else if (axis != OC_TOTAL)
		json_object_set_new(o, "key", *g->key ? json_string(g->key) : json_null());
	return o;
}

static int report_locked(struct app *app, struct arena *a, const char *kind, int64_t id,
			 const struct app_principal *who, json_t **out, struct app_error *err)
{
	const struct entity *ce = entity_find("consultations"), *fe = entity_find("follow_ups");
	struct app_grant g;
	int pavilion = !strcmp(kind, "pavilion");
	const struct entity *se = entity_find(pavilion ? "pavilions" : "organizations");
	struct row subject;
	int rc = store_get(app->store, se, id, a, &subject);
	if (rc)
		return app_store_fail(app, err, rc, se);
	if (app_grant_locked(app, who, ce, POLICY_READ, &g, err) ||
	    (pavilion && app_grant_row(app, a, &g, se, &subject, 404, err)))
		return -1;
	/* the report's day: the pavilion's event's last day (a company's: any rate's latest) */
	const char *day = NULL;
	if (pavilion) {
		json_t *ev = app_pick_ref(app, a, "events", row_int(se, &subject, "event_id"),
					  "end_date");
		day = arena_strdup(a, json_string_value(json_object_get(ev, "end_date")) ?: "");
		json_decref(ev);
		if (!*day)
			day = NULL;
	}
	struct scope cs = {pavilion ? "pavilion_id" : "exhibitor_id", NULL, id, g.owner_org};
	struct scope fs = {"consultation_id", pavilion ? "pavilion_id" : "exhibitor_id", id,
			   g.owner_org};
	/* one pass over the rows; the currencies they use decide which rates to look up */
	struct oc_rates none = {{report_currencies[0], report_currencies[1]}, NULL, 0};
	struct feeding f = {.o = oc_new(a, &none), .a = a};
	if (!f.o || each_page(app, ce, &cs, feed_consultations, &f, err) ||
	    each_page(app, fe, &fs, feed_follow_ups, &f, err))
		return -1;
	struct oc_rate *rates = arena_alloc(a, (f.ncurrencies + 1) * sizeof(*rates));
	json_t *used = json_array();
	size_t nr = 0;
	for (size_t i = 0; i < f.ncurrencies; i++) {
		struct oc_rate r = {f.currencies[i], {NULL, NULL}};
		for (int k = 0; k < 2; k++) {
			json_t *row;
			if (!strcmp(f.currencies[i], report_currencies[k]))
				continue;
			if (rate_of(app, a, f.currencies[i], report_currencies[k], day, &row,
				    &r.rate[k], err)) {
				json_decref(used);
				return -1;
			}
			if (row)
				json_array_append_new(used, row);
		}
		rates[nr++] = r;
	}
	struct oc_rates with = {{report_currencies[0], report_currencies[1]}, rates, nr};
	if (oc_set_rates(f.o, &with)) {
		json_decref(used);
		return app_fail(err, 500, "internal", "out of memory");
	}
	json_t *o = json_pack("{s:s, s:I, s:o, s:[s,s], s:o}", "scope", kind, "id", (json_int_t)id,
			      "date", day ? json_string(day) : json_null(), "currencies",
			      report_currencies[0], report_currencies[1], "rates", used);
	static const struct {
		const char *key;
		enum oc_axis axis;
	} axes[] = {{"total", OC_TOTAL},
		    {"by_company", OC_BY_COMPANY},
		    {"by_country", OC_BY_COUNTRY},
		    {"by_category", OC_BY_CATEGORY}};
	for (size_t k = 0; k < sizeof(axes) / sizeof(axes[0]); k++) {
		const struct oc_group *gs;
		size_t n;
		if (oc_groups(f.o, axes[k].axis, &gs, &n)) {
			json_decref(o);
			return app_fail(err, 422, "overflow", "an amount is too large to sum");
		}
		if (axes[k].axis == OC_TOTAL) {
			json_object_set_new(o, "total", group_json(&gs[0], OC_TOTAL));
			continue;
		}
		json_t *list = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(list, group_json(&gs[i], axes[k].axis));
		json_object_set_new(o, axes[k].key, list);
	}
	json_object_set_new(o, "orphans", json_integer((json_int_t)oc_orphans(f.o)));
	*out = o;
	return 0;
}

int app_outcome(struct app *app, struct arena *a, const char *kind, int64_t id,
		const struct app_principal *who, json_t **out, struct app_error *err)
{
	*out = NULL;
	pthread_mutex_lock(&app->lock);
	int rc = report_locked(app, a, kind, id, who, out, err);
	pthread_mutex_unlock(&app->lock);
	return rc;
}
