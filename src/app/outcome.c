/* outcome.c - an outcome report (성과) of a pavilion, of an event's pavilions or of a company:
 * its consultations and their follow-ups read page by page into core/outcome.c, converted into
 * USD and KRW at the rates recorded in exchange_rates for the event's last day, beside the
 * companies, the B2B meetings held and the agreements signed, and the same figures for the
 * previous edition of the show; and the consultations behind any one of its numbers. */
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../core/costs.h"
#include "../core/outcome.h"
#include "../core/zone.h"
#include "../store/store.h"
#include "outcome.h"
#include "rowjson.h"

enum { SCAN_BATCH = 4096, MAX_CURRENCIES = 64, LINES_DEFAULT = 100, LINES_MAX = 1000 };

static const char *const report_currencies[2] = {"USD", "KRW"};

/* A subject's figures as they are gathered. */
struct figures {
	struct oc_report *o;
	struct oc_extras x;
	const char *currencies[MAX_CURRENCIES]; /* every currency met, for the rates */
	size_t ncurrencies;
	struct oc_rate *rates;	    /* per currency met */
	json_t *used;		    /* the rate rows that convert */
	struct arena *a;	    /* the report's */
	struct oc_standing *st;	    /* a batch of rows as core takes them (SCAN_BATCH) */
	char (*cur)[OC_NSTAGES][4]; /* their stages' currencies */
};

static void note_currency(struct figures *f, const char *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < f->ncurrencies; i++)
		if (!strcmp(f->currencies[i], c))
			return;
	if (f->ncurrencies < MAX_CURRENCIES)
		f->currencies[f->ncurrencies++] = arena_strdup(f->a, c);
}

/* "date|amount|currency|provenance" (store_figures, as the triggers write it) into a
 * standing's stage; the currency into cur, which the stage then points at. */
static int parse_at(const char *t, char cur[4], long *date, int64_t *amount, const char **currency,
		    int *verified)
{
	char day[11];
	if (strlen(t) < 12 || t[10] != '|')
		return -1;
	memcpy(day, t, 10);
	day[10] = 0;
	if (date_parse(day, date))
		return -1;
	const char *p = t + 11;
	int neg = *p == '-';
	int64_t v = 0;
	for (p += neg; *p >= '0' && *p <= '9'; p++)
		v = v * 10 + (*p - '0');
	if (*p++ != '|')
		return -1;
	*amount = neg ? -v : v;
	size_t n = 0;
	while (p[n] && p[n] != '|' && n < 3)
		cur[n] = p[n], n++;
	cur[n] = 0;
	if (p[n] != '|')
		return -1;
	*currency = n ? cur : NULL;
	*verified = !strcmp(p + n + 1, "verified");
	return 0;
}

static int feed_figures(void *ctx, const struct store_figures *rows, size_t n)
{
	struct figures *f = ctx;
	for (size_t i = 0; i < n; i++) {
		const struct store_figures *r = &rows[i];
		struct oc_standing *s = &f->st[i];
		memset(s, 0, sizeof(*s));
		s->c = (struct oc_consultation){.id = r->id,
						.company = r->exhibitor,
						.pavilion = r->pavilion,
						.country = r->country,
						.category = r->category,
						.amount = r->amount,
						.currency = r->currency};
		for (int k = 0; k < OC_NSTAGES && k < STORE_FIGURE_STAGES; k++)
			s->at[k].has = r->at[k] && !parse_at(r->at[k], f->cur[i][k], &s->at[k].date,
							     &s->at[k].amount, &s->at[k].currency,
							     &s->at[k].verified);
	}
	return oc_add_standings(f->o, f->st, n);
}

/* The latest rate of currency into to recorded on or before day (NULL: any), or NULL. */
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
	int se = store_list(app_store(app), e, &q, a, &rows, &n);
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

/* The rates of every currency met, looked up once every row is fed. */
static int set_rates(struct app *app, struct figures *f, const char *day, struct app_error *err)
{
	f->rates = arena_alloc(f->a, (f->ncurrencies + 1) * sizeof(*f->rates));
	f->used = json_array();
	if (!f->rates)
		return app_fail(err, 500, "internal", "out of memory");
	for (size_t i = 0; i < f->ncurrencies; i++) {
		struct oc_rate r = {f->currencies[i], {NULL, NULL}};
		for (int k = 0; k < 2; k++) {
			json_t *row;
			if (!strcmp(f->currencies[i], report_currencies[k]))
				continue;
			if (rate_of(app, f->a, f->currencies[i], report_currencies[k], day, &row,
				    &r.rate[k], err))
				return -1;
			if (row)
				json_array_append_new(f->used, row);
		}
		f->rates[i] = r;
	}
	struct oc_rates with = {
		{report_currencies[0], report_currencies[1]}, f->rates, f->ncurrencies};
	return oc_set_rates(f->o, &with) ? app_fail(err, 500, "internal", "out of memory") : 0;
}

/* How many consultations e holds whose field is id. */
static int count_of(struct app *app, const struct entity *e, const char *field, int64_t id,
		    int64_t owner_org, int64_t *n, struct app_error *err)
{
	struct store_filter flt = {.field = entity_field_index(e, field), .num = id};
	struct store_query q = {.filters = &flt, .nfilters = 1, .sort = -1, .owner_org = owner_org};
	int se = store_count(app_store(app), e, &q, n);
	return se ? app_store_fail(app, err, se, e) : 0;
}

static int figures_init(struct figures *f, struct arena *a)
{
	struct oc_rates none = {{report_currencies[0], report_currencies[1]}, NULL, 0};
	memset(f, 0, sizeof(*f));
	f->a = a;
	f->st = arena_alloc(a, SCAN_BATCH * sizeof(*f->st));
	f->cur = arena_alloc(a, SCAN_BATCH * sizeof(*f->cur));
	return f->st && f->cur && (f->o = oc_new(a, &none)) ? 0 : -1;
}

/* The figures of s's consultations with ids from from_id up to to_id (0: no end) into f. */
static enum store_err scan_parts(struct store *store, const struct oc_subject *s, int whole,
				 int64_t from_id, int64_t to_id, struct figures *f)
{
	enum store_err se = STORE_OK;
	for (size_t p = 0; !se && p < s->nparts; p++) {
		struct store_figures_scope sc = {.by_company = oc_by_company(s),
						 .whole = whole,
						 .id = s->parts[p],
						 .owner_org = s->owner_org,
						 .from_id = from_id,
						 .to_id = to_id};
		se = store_figures_scan(store, &sc, SCAN_BATCH, feed_figures, f);
	}
	return se;
}

/* The upper half of a whole-table scan, read on a thread of its own over a connection of its
 * own into a report of its own, which then joins the caller's: the two cores of a small
 * server read a million consultations in about half the time. */
struct upper_half {
	struct store *store;
	const struct oc_subject *s;
	int64_t from_id;
	size_t reserve;
	int failed; /* out of memory */
	struct arena a;
	struct figures f;
	enum store_err se;
	pthread_t thread;
};

static void *scan_upper_half(void *arg)
{
	struct upper_half *h = arg;
	if (figures_init(&h->f, &h->a) || oc_reserve(h->f.o, h->reserve)) {
		h->failed = 1;
		return NULL;
	}
	h->se = scan_parts(h->store, h->s, 1, h->from_id, 0, &h->f);
	return NULL;
}

struct upper_part {
	struct oc_report *o;
	int rc;
};

static void *work_upper_part(void *arg)
{
	struct upper_part *w = arg;
	w->rc = oc_work_part(w->o, 1);
	return NULL;
}

/* The figures of o worked out in two parts, the upper one on a thread of its own. */
static int work_out_in_two(struct oc_report *o)
{
	struct upper_part w = {o, 0};
	pthread_t thread;
	if (oc_work_begin(o, 2))
		return -1;
	int started = !pthread_create(&thread, NULL, work_upper_part, &w);
	if (!started)
		w.rc = oc_work_part(o, 1);
	int rc = oc_work_part(o, 0);
	if (started)
		pthread_join(thread, NULL);
	return rc || w.rc ? -1 : oc_work_end(o);
}

/* Both halves at one snapshot: taken afresh on each connection under the app lock, which
 * every commit holds, so that none comes between them. */
static int same_snapshot(struct app *app, struct store *mine, struct store *other, int64_t *min,
			 int64_t *max)
{
	int64_t omin, omax;
	pthread_mutex_lock(&app->lock);
	int bad = store_read_end(mine) || store_read_begin(mine) ||
		  store_figures_ids(mine, min, max) || store_read_begin(other) ||
		  store_figures_ids(other, &omin, &omax);
	pthread_mutex_unlock(&app->lock);
	return bad || omin != *min || omax != *max ? -1 : 0;
}

/* Starts h on the upper half of the ids when the use case reads on a connection of its own
 * (in a read section, not on the writer's under the app lock) and another can be opened; 0
 * when it did not (the caller then reads everything). */
static int upper_half_start(struct app *app, const struct oc_subject *s, int64_t mine,
			    struct upper_half *h)
{
	int64_t min, max;
	struct store *st = app_store(app);
	memset(h, 0, sizeof(*h));
	h->a = (struct arena)ARENA_INIT;
	if (st == app->store || !store_in_transaction(st) || !(h->store = store_open_reader(st)))
		return 0;
	if (same_snapshot(app, st, h->store, &min, &max) || max <= min) {
		store_close(h->store);
		return 0;
	}
	h->s = s;
	h->from_id = min + (max - min) / 2 + 1;
	h->reserve = (size_t)mine / 2 + 1;
	if (pthread_create(&h->thread, NULL, scan_upper_half, h)) {
		store_close(h->store);
		return 0;
	}
	return 1;
}

/* Waits for h and adds its figures to f; -1 when it or the merge failed. */
static int upper_half_join(struct upper_half *h, struct figures *f, enum store_err *se)
{
	pthread_join(h->thread, NULL);
	int bad = h->failed || h->se || oc_merge(f->o, h->f.o);
	if (h->se && !*se)
		*se = h->se;
	arena_release(&h->a);
	store_close(h->store);
	return bad ? -1 : 0;
}

/* Everything of subject s: where each of its consultations stands at every stage (kept by
 * the store, so that no follow-up is read), its extras and its rates. */
static int gather(struct app *app, struct arena *a, const struct oc_subject *s, struct figures *f,
		  struct app_error *err)
{
	const struct entity *ce = entity_find("consultations");
	int64_t mine = 0;
	if (figures_init(f, a))
		return app_fail(err, 500, "internal", "out of memory");
	for (size_t p = 0; p < s->nparts; p++) {
		int64_t n;
		if (count_of(app, ce, s->part_field, s->parts[p], s->owner_org, &n, err))
			return -1;
		mine += n;
	}
	if (oc_reserve(f->o, (size_t)mine))
		return app_fail(err, 500, "internal", "out of memory");
	/* a part that holds most of the consultations is read by scanning the whole table, which
	 * costs less than following its index to every row; and in two halves at once */
	int64_t all = 0;
	struct store_query every = {.sort = -1};
	int se = store_count(app_store(app), ce, &every, &all);
	if (se)
		return app_store_fail(app, err, se, ce);
	int whole = mine * 2 >= all;
	struct upper_half h;
	int split = whole && upper_half_start(app, s, mine, &h);
	enum store_err scanned = scan_parts(app_store(app), s, whole, 0, split ? h.from_id : 0, f);
	if (split && upper_half_join(&h, f, &scanned) && !scanned)
		return app_fail(err, 500, "internal", "out of memory");
	if (scanned)
		return app_store_fail(app, err, scanned, ce);
	/* the currencies met, whose rates the report looks up */
	const char *const *met;
	size_t nmet = oc_currencies(f->o, &met);
	for (size_t i = 0; i < nmet; i++)
		if (*met[i])
			note_currency(f, met[i]);
	if (oc_extras_of(app, a, s, &f->x, err))
		return -1;
	for (size_t i = 0; i < f->x.nagreements; i++)
		note_currency(f, f->x.agreements[i].currency);
	if (set_rates(app, f, s->day, err))
		return -1;
	/* a report read in halves is worked out in halves too; should that fail, oc_groups
	 * works it out again in one and says why */
	if (split)
		work_out_in_two(f->o);
	return 0;
}

static void figures_release(struct figures *f)
{
	json_decref(f->used);
	f->used = NULL;
}

static json_t *money_json(const int64_t v[2])
{
	return json_pack("{s:I, s:I}", report_currencies[0], (json_int_t)v[0], report_currencies[1],
			 (json_int_t)v[1]);
}

static json_t *cell_json(const struct oc_cell *c)
{
	return json_pack("{s:I, s:o, s:o, s:I}", "count", (json_int_t)c->count, "amount",
			 money_json(c->amount), "verified", money_json(c->verified), "unconverted",
			 (json_int_t)c->unconverted);
}

static json_t *stages_json(const struct oc_group *g)
{
	json_t *stages = json_object();
	for (int s = 0; s < OC_NSTAGES; s++)
		json_object_set_new(stages, oc_stage_names[s], cell_json(&g->stage[s]));
	return stages;
}

static json_t *group_json(const struct oc_group *g, enum oc_axis axis)
{
	json_t *o = json_pack("{s:o}", "stages", stages_json(g));
	if (axis == OC_BY_COMPANY)
		json_object_set_new(o, "organization_id", json_integer(g->id));
	else if (axis == OC_BY_PAVILION)
		json_object_set_new(o, "pavilion_id", json_integer(g->id));
	else if (axis != OC_TOTAL)
		json_object_set_new(o, "key", *g->key ? json_string(g->key) : json_null());
	return o;
}

/* The rate of currency into report currency k among f's, or NULL. */
static const char *rate_in(const struct figures *f, const char *currency, int k)
{
	for (size_t i = 0; i < f->ncurrencies; i++)
		if (!strcmp(f->rates[i].currency, currency))
			return f->rates[i].rate[k];
	return NULL;
}

/* The summary: companies (exhibitors and those that logged consultations), consultations,
 * meetings held, agreements signed (count, binding, value converted). */
static json_t *summary_json(struct figures *f, struct app_error *err)
{
	const struct oc_group *g, *total;
	size_t n, nt;
	if (oc_groups(f->o, OC_BY_COMPANY, &g, &n) || oc_groups(f->o, OC_TOTAL, &total, &nt)) {
		app_fail(err, 422, "overflow", "an amount is too large to sum");
		return NULL;
	}
	/* the exhibitors, and the companies that logged consultations without a booth (both
	 * lists are sorted by id) */
	int64_t companies = f->x.exhibitors ? (int64_t)f->x.nexhibitors : f->x.companies;
	for (size_t i = 0, k = 0; f->x.exhibitors && i < n; i++) {
		while (k < f->x.nexhibitors && f->x.exhibitors[k] < g[i].id)
			k++;
		if (k == f->x.nexhibitors || f->x.exhibitors[k] != g[i].id)
			companies++;
	}
	int64_t value[2] = {0, 0}, unconverted = 0, binding = 0;
	for (size_t i = 0; i < f->x.nagreements; i++) {
		const struct oc_agreement *ag = &f->x.agreements[i];
		binding += ag->binding != 0;
		if (!ag->amount)
			continue;
		int64_t in[2];
		int bad = 0;
		for (int k = 0; k < 2 && !bad; k++)
			bad = money_convert(ag->amount, ag->currency, rate_in(f, ag->currency, k),
					    report_currencies[k], &in[k]) ||
			      __builtin_add_overflow(value[k], in[k], &value[k]);
		unconverted += bad;
	}
	return json_pack("{s:I, s:I, s:I, s:{s:I, s:I, s:o, s:I}}", "companies",
			 (json_int_t)companies, "consultations",
			 (json_int_t)total[0].stage[OC_CONSULTED].count, "meetings_held",
			 (json_int_t)f->x.meetings_held, "agreements", "count",
			 (json_int_t)f->x.nagreements, "binding", (json_int_t)binding, "amount",
			 money_json(value), "unconverted", (json_int_t)unconverted);
}

static json_t *pavilions_json(const struct oc_subject *s)
{
	json_t *ids = json_array();
	for (size_t i = 0; i < s->npavilions; i++)
		json_array_append_new(ids, json_integer(s->pavilions[i]));
	return ids;
}

int oc_figures_locked(struct app *app, struct arena *a, const struct oc_subject *s, json_t **out,
		      struct app_error *err)
{
	struct figures f;
	*out = NULL;
	if (gather(app, a, s, &f, err)) {
		figures_release(&f);
		return -1;
	}
	json_t *summary = summary_json(&f, err);
	const struct oc_group *total;
	size_t n;
	if (!summary || oc_groups(f.o, OC_TOTAL, &total, &n)) {
		json_decref(summary);
		figures_release(&f);
		return summary ? app_fail(err, 422, "overflow", "an amount is too large to sum")
			       : -1;
	}
	*out = json_pack("{s:I, s:o, s:s, s:o, s:o, s:o}", "event_id", (json_int_t)s->event,
			 "pavilions", pavilions_json(s), "date", s->day ? s->day : "", "rates",
			 f.used, "summary", summary, "total", stages_json(&total[0]));
	return 0;
}

/* The previous edition's summary and stage totals, or JSON null when there is none. */
static int previous_json(struct app *app, struct arena *a, const struct oc_subject *s, json_t **out,
			 struct app_error *err)
{
	struct oc_subject prev;
	int found;
	*out = json_null();
	if (oc_previous_of(app, a, s, &prev, &found, err))
		return -1;
	if (!found)
		return 0;
	json_decref(*out);
	return oc_figures_locked(app, a, &prev, out, err);
}

/* The names of what a group or the report is about ({name_ko, name_en}), into o. */
static void name_into(struct app *app, struct arena *a, json_t *o, const char *entity, int64_t id)
{
	json_t *names = app_pick_ref(app, a, entity, id, "name_ko name_en");
	if (json_is_object(names))
		json_object_update(o, names);
	json_decref(names);
}

int oc_report_locked(struct app *app, struct arena *a, const char *kind, int64_t id,
		     const struct app_principal *who, json_t **out, struct oc_subject *subject,
		     struct oc_report **report, struct app_error *err)
{
	struct oc_subject s;
	struct figures f;
	if (oc_subject_of(app, a, kind, id, who, &s, err))
		return -1;
	if (gather(app, a, &s, &f, err)) {
		figures_release(&f);
		return -1;
	}
	json_t *summary = summary_json(&f, err), *previous = NULL;
	if (!summary || previous_json(app, a, &s, &previous, err)) {
		json_decref(summary);
		figures_release(&f);
		return -1;
	}
	json_t *o = json_pack(
		"{s:s, s:I, s:o, s:o, s:[s,s], s:o, s:o, s:o}", "scope", kind, "id", (json_int_t)id,
		"event_id", s.event ? json_integer(s.event) : json_null(), "date",
		s.day ? json_string(s.day) : json_null(), "currencies", report_currencies[0],
		report_currencies[1], "rates", f.used, "summary", summary, "previous", previous);
	f.used = NULL;
	static const struct {
		const char *key;
		enum oc_axis axis;
	} axes[] = {{"total", OC_TOTAL},
		    {"by_company", OC_BY_COMPANY},
		    {"by_country", OC_BY_COUNTRY},
		    {"by_category", OC_BY_CATEGORY},
		    {"by_pavilion", OC_BY_PAVILION}};
	for (size_t k = 0; k < sizeof(axes) / sizeof(axes[0]); k++) {
		const struct oc_group *gs;
		size_t n;
		if (axes[k].axis == OC_BY_PAVILION && strcmp(kind, "event"))
			continue;
		if (oc_groups(f.o, axes[k].axis, &gs, &n)) {
			json_decref(o);
			return app_fail(err, 422, "overflow", "an amount is too large to sum");
		}
		if (axes[k].axis == OC_TOTAL) {
			json_object_set_new(o, "total", group_json(&gs[0], OC_TOTAL));
			continue;
		}
		json_t *list = json_array();
		for (size_t i = 0; i < n; i++) {
			json_t *g = group_json(&gs[i], axes[k].axis);
			if (axes[k].axis == OC_BY_COMPANY || axes[k].axis == OC_BY_PAVILION)
				name_into(app, a, g,
					  axes[k].axis == OC_BY_COMPANY ? "organizations"
									: "pavilions",
					  gs[i].id);
			json_array_append_new(list, g);
		}
		json_object_set_new(o, axes[k].key, list);
	}
	json_t *name = json_object();
	name_into(app, a, name,
		  !strcmp(kind, "company")  ? "organizations"
		  : !strcmp(kind, "event")  ? "events"
		  : !strcmp(kind, "centre") ? "business_centres"
					    : "pavilions",
		  id);
	json_object_set_new(o, "name", name);
	*out = o;
	if (subject)
		*subject = s;
	if (report)
		*report = f.o;
	return 0;
}

int app_outcome(struct app *app, struct arena *a, const char *kind, int64_t id,
		const struct app_principal *who, json_t **out, struct app_error *err)
{
	*out = NULL;
	app_read_begin(app);
	int rc = oc_report_locked(app, a, kind, id, who, out, NULL, NULL, err);
	app_read_end(app);
	return rc;
}

/* ---- the consultations behind a number ---- */

static int bad_param(struct app_error *err, const char *key, const char *code, const char *msg)
{
	app_fail(err, 400, "invalid_parameter", "a query parameter is invalid");
	app_field_error(err, key, code, msg);
	return -1;
}

static int parse_id(const char *v, int64_t *out)
{
	char *end;
	long long n = v && *v ? strtoll(v, &end, 10) : 0;
	if (!v || !*v || *end || n <= 0)
		return -1;
	*out = n;
	return 0;
}

/* The cell the query names: stage (required), at most one group (organization_id, country,
 * category, pavilion_id), verified=true|false, limit and after (a consultation id). */
static int parse_lines_query(const struct kv *params, size_t n, struct oc_filter *f, size_t *limit,
			     int64_t *after, struct app_error *err)
{
	static const struct {
		const char *key;
		enum oc_axis axis;
	} groups[] = {{"organization_id", OC_BY_COMPANY},
		      {"pavilion_id", OC_BY_PAVILION},
		      {"country", OC_BY_COUNTRY},
		      {"category", OC_BY_CATEGORY}};
	int stage = -1;
	const char *grouped = NULL;
	*f = (struct oc_filter){.axis = OC_TOTAL};
	*limit = LINES_DEFAULT;
	*after = 0;
	for (size_t i = 0; i < n; i++) {
		const char *k = params[i].key, *v = params[i].value ? params[i].value : "";
		size_t g = 0;
		while (g < 4 && strcmp(groups[g].key, k))
			g++;
		if (!strcmp(k, "stage")) {
			if ((stage = oc_stage(v)) < 0)
				return bad_param(err, k, "invalid_value",
						 "must be consulted, negotiating, provisional, "
						 "signed, exported or dropped");
		} else if (g < 4) {
			if (grouped)
				return bad_param(err, k, "conflicting_parameter",
						 "name one group only");
			grouped = k;
			f->axis = groups[g].axis;
			if (f->axis == OC_BY_COMPANY || f->axis == OC_BY_PAVILION) {
				if (parse_id(v, &f->id))
					return bad_param(err, k, "invalid_type",
							 "must be a positive integer");
			} else
				f->key = v; /* empty: those with none */
		} else if (!strcmp(k, "verified")) {
			if (strcmp(v, "true") && strcmp(v, "false"))
				return bad_param(err, k, "invalid_type", "must be true or false");
			f->verified_only = !strcmp(v, "true");
		} else if (!strcmp(k, "limit")) {
			int64_t l;
			if (parse_id(v, &l) || l > LINES_MAX)
				return bad_param(err, k, "out_of_range", "must be 1 to 1000");
			*limit = (size_t)l;
		} else if (!strcmp(k, "after")) {
			if (parse_id(v, after))
				return bad_param(err, k, "invalid_type",
						 "must be a consultation id");
		} else
			return bad_param(err, k, "unknown_parameter",
					 "only stage, organization_id, pavilion_id, country, "
					 "category, verified, limit and after are accepted");
	}
	if (stage < 0)
		return bad_param(err, "stage", "required", "name the stage");
	f->stage = (enum oc_stage)stage;
	return 0;
}

static json_t *line_json(struct app *app, struct arena *a, const struct oc_line *l)
{
	const struct entity *ce = entity_find("consultations");
	struct row r;
	json_t *c = json_null();
	if (!store_get(app_store(app), ce, l->consultation, a, &r)) {
		c = row_pick(ce, &r,
			     "pavilion_id exhibitor_id kind consulted_at buyer_company "
			     "buyer_country category product stage");
		json_object_set_new(c, "id", json_integer(r.id));
		json_object_set_new(c, "exhibitor",
				    app_pick_ref(app, a, "organizations",
						 row_int(ce, &r, "exhibitor_id"),
						 "name_ko name_en"));
	}
	char day[11] = "";
	if (l->date != LONG_MIN)
		date_format(l->date, day);
	return json_pack("{s:o, s:o, s:I, s:s, s:s, s:o}", "consultation", c, "date",
			 *day ? json_string(day) : json_null(), "amount", (json_int_t)l->amount,
			 "currency", l->currency, "provenance",
			 l->verified ? "verified" : "reported", "converted",
			 l->converted ? money_json(l->in) : json_null());
}

static int lines_locked(struct app *app, struct arena *a, const char *kind, int64_t id,
			const struct kv *params, size_t nparams, const struct app_principal *who,
			json_t **out, struct app_error *err)
{
	struct oc_subject s;
	struct figures f;
	struct oc_filter flt_;
	const struct oc_filter *flt = &flt_;
	size_t limit;
	int64_t after;
	/* an unknown subject is 404 whatever the query */
	if (oc_subject_of(app, a, kind, id, who, &s, err) ||
	    parse_lines_query(params, nparams, &flt_, &limit, &after, err))
		return -1;
	if (gather(app, a, &s, &f, err)) {
		figures_release(&f);
		return -1;
	}
	figures_release(&f);
	const struct oc_line *lines;
	size_t n;
	struct oc_cell cell;
	if (oc_lines(f.o, flt, &lines, &n, &cell))
		return app_fail(err, 422, "overflow", "an amount is too large to sum");
	json_t *items = json_array();
	size_t i = 0, shown = 0;
	while (i < n && lines[i].consultation <= after)
		i++;
	for (; i < n && shown < limit; i++, shown++)
		json_array_append_new(items, line_json(app, a, &lines[i]));
	*out = json_pack("{s:s, s:o, s:I, s:o, s:o}", "stage", oc_stage_names[flt->stage], "total",
			 cell_json(&cell), "lines", (json_int_t)n, "items", items, "next_after",
			 i < n ? json_integer(lines[i - 1].consultation) : json_null());
	return 0;
}

int app_outcome_lines(struct app *app, struct arena *a, const char *kind, int64_t id,
		      const struct kv *params, size_t nparams, const struct app_principal *who,
		      json_t **out, struct app_error *err)
{
	*out = NULL;
	app_read_begin(app);
	int rc = lines_locked(app, a, kind, id, params, nparams, who, out, err);
	app_read_end(app);
	return rc;
}
