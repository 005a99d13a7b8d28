/* outcome_export.c - an outcome report as a download: the XLSX workbook (export/outcome_xlsx.c,
 * every consultation behind it read a page at a time) and a CSV of its figures. */
#include <stdlib.h>
#include <string.h>

#include "../core/check.h"
#include "../core/costs.h"
#include "../core/outcome.h"
#include "../export/outcome_xlsx.h"
#include "../store/store.h"
#include "outcome.h"
#include "rowjson.h"

enum { ROWS_PAGE = 2000 };

/* The consultations of a subject, page by page, for the workbook's last sheet. */
struct pager {
	struct app *app;
	const struct oc_subject *s;
	struct oc_report *o;
	const json_t *companies; /* by_company, for the exhibitors' names */
	int en;
	size_t part; /* the part being read (a pavilion, a company) */
	int64_t after;
	int done;
	struct arena page;
	struct outcome_row *rows;
};

/* by_company is sorted by organization id (core/outcome.c), so a binary search finds one. */
static const char *company_name(const struct pager *p, int64_t id)
{
	size_t lo = 0, hi = json_array_size(p->companies);
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const json_t *g = json_array_get(p->companies, mid);
		int64_t at = json_integer_value(json_object_get(g, "organization_id"));
		if (at < id)
			lo = mid + 1;
		else if (at > id)
			hi = mid;
		else {
			const char *n = json_string_value(
				json_object_get(g, p->en ? "name_en" : "name_ko"));
			return n && *n ? n : json_string_value(json_object_get(g, "name_ko"));
		}
	}
	return NULL;
}

static int next_rows(void *ctx, const struct outcome_row **out, size_t *nout)
{
	struct pager *p = ctx;
	const struct entity *ce = entity_find("consultations");
	*nout = 0;
	arena_release(&p->page);
	while (!p->done) {
		if (p->part >= p->s->nparts) {
			p->done = 1;
			break;
		}
		struct store_filter flt = {.field = entity_field_index(ce, p->s->part_field),
					   .num = p->s->parts[p->part]};
		struct store_query q = {.filters = &flt,
					.nfilters = 1,
					.sort = -1,
					.limit = ROWS_PAGE,
					.owner_org = p->s->owner_org,
					.has_after = p->after > 0,
					.after_id = p->after};
		struct row *rows;
		size_t n;
		if (store_list(app_store(p->app), ce, &q, &p->page, &rows, &n))
			return -1;
		if (n < ROWS_PAGE) { /* this part's last page: the next one's from the start */
			p->after = 0;
			p->part++;
		} else
			p->after = rows[n - 1].id;
		if (!n)
			continue;
		p->rows = arena_alloc(&p->page, n * sizeof(*p->rows));
		if (!p->rows)
			return -1;
		for (size_t i = 0; i < n; i++) {
			struct outcome_row *r = &p->rows[i];
			const char *buyer = row_text(ce, &rows[i], "buyer_company");
			*r = (struct outcome_row){
				.id = rows[i].id,
				.consulted_at = row_text(ce, &rows[i], "consulted_at"),
				.exhibitor = company_name(p, row_int(ce, &rows[i], "exhibitor_id")),
				.buyer = buyer,
				.country = row_text(ce, &rows[i], "buyer_country"),
				.category = row_text(ce, &rows[i], "category"),
				.product = row_text(ce, &rows[i], "product"),
				.kind = row_text(ce, &rows[i], "kind"),
			};
			oc_entry(p->o, rows[i].id, r->at);
		}
		*out = p->rows;
		*nout = n;
		return 0;
	}
	return 0;
}

static int lang_of(const char *lang, int *en, struct app_error *err)
{
	*en = lang && !strcmp(lang, "en");
	if (lang && strcmp(lang, "ko") && strcmp(lang, "en")) {
		app_fail(err, 400, "invalid_parameter", "a query parameter is invalid");
		app_field_error(err, "lang", "invalid_choice", "must be ko or en");
		return -1;
	}
	return 0;
}

int app_outcome_xlsx(struct app *app, struct arena *a, const char *kind, int64_t id,
		     const char *lang, const struct app_principal *who, struct strbuf *out,
		     struct app_error *err)
{
	json_t *report = NULL;
	struct oc_subject s;
	struct oc_report *o;
	char msg[200];
	int en;
	if (lang_of(lang, &en, err))
		return -1;
	/* one read section while the workbook is written: its rows are read as it goes */
	app_read_begin(app);
	int rc = oc_report_locked(app, a, kind, id, who, &report, &s, &o, err);
	if (!rc) {
		struct pager p = {.app = app,
				  .s = &s,
				  .o = o,
				  .companies = json_object_get(report, "by_company"),
				  .en = en,
				  .page = ARENA_INIT};
		rc = outcome_xlsx(report, en, next_rows, &p, out, msg, sizeof(msg));
		arena_release(&p.page);
		if (rc)
			app_fail(err, 500, "internal", arena_strdup(a, msg));
	}
	app_read_end(app);
	json_decref(report);
	return rc;
}

/* ---- CSV: one line per figure ---- */

static void cell_text(struct strbuf *out, const char *s)
{
	app_csv_cell(out, s ? s : "");
	strbuf_addch(out, ',');
}

static void cell_money(struct strbuf *out, const json_t *o, const char *cur)
{
	money_text(out, json_integer_value(json_object_get(o, cur)), currency_digits(cur), 0);
	strbuf_addch(out, ',');
}

/* The lines of one group: a line per stage. */
static void group_lines(struct strbuf *out, const char *section, const json_t *g, int en)
{
	const json_t *stages = json_object_get(g, "stages");
	if (!stages) /* the previous edition's total is the stages themselves */
		stages = g;
	json_t *gid = json_object_get(g, "organization_id");
	if (!gid)
		gid = json_object_get(g, "pavilion_id");
	if (!gid)
		gid = json_object_get(g, "event_id");
	const char *label = json_string_value(json_object_get(g, en ? "name_en" : "name_ko"));
	if (!label || !*label)
		label = json_string_value(json_object_get(g, "name_ko"));
	if (!label)
		label = json_string_value(json_object_get(g, "key"));
	for (int s = 0; s < OC_NSTAGES; s++) {
		const json_t *c = json_object_get(stages, oc_stage_names[s]);
		cell_text(out, section);
		if (json_is_integer(gid))
			strbuf_addf(out, "%lld", (long long)json_integer_value(gid));
		strbuf_addch(out, ',');
		cell_text(out, label);
		cell_text(out, oc_stage_names[s]);
		strbuf_addf(out, "%lld,",
			    (long long)json_integer_value(json_object_get(c, "count")));
		cell_money(out, json_object_get(c, "amount"), "USD");
		cell_money(out, json_object_get(c, "amount"), "KRW");
		cell_money(out, json_object_get(c, "verified"), "USD");
		cell_money(out, json_object_get(c, "verified"), "KRW");
		strbuf_addf(out, "%lld\r\n",
			    (long long)json_integer_value(json_object_get(c, "unconverted")));
	}
}

/* The summary's figures: one line each, the count (or the agreements' value) in place. */
static void summary_lines(struct strbuf *out, const char *section, const json_t *sum)
{
	static const char *const items[] = {"companies", "consultations", "meetings_held"};
	const json_t *ag = json_object_get(sum, "agreements");
	for (size_t i = 0; i < 3; i++)
		strbuf_addf(out, "%s,,%s,,%lld,,,,,\r\n", section, items[i],
			    (long long)json_integer_value(json_object_get(sum, items[i])));
	strbuf_addf(out, "%s,,agreements,,%lld,", section,
		    (long long)json_integer_value(json_object_get(ag, "count")));
	cell_money(out, json_object_get(ag, "amount"), "USD");
	cell_money(out, json_object_get(ag, "amount"), "KRW");
	strbuf_addf(out, ",,%lld\r\n",
		    (long long)json_integer_value(json_object_get(ag, "unconverted")));
	strbuf_addf(out, "%s,,binding_agreements,,%lld,,,,,\r\n", section,
		    (long long)json_integer_value(json_object_get(ag, "binding")));
}

int app_outcome_csv(struct app *app, struct arena *a, const char *kind, int64_t id,
		    const char *lang, const struct app_principal *who, struct strbuf *out,
		    struct app_error *err)
{
	json_t *r = NULL;
	int en;
	if (lang_of(lang, &en, err) || app_outcome(app, a, kind, id, who, &r, err))
		return -1;
	strbuf_addstr(out, "section,group_id,group,stage,count,amount_usd,amount_krw,"
			   "verified_usd,verified_krw,unconverted\r\n");
	summary_lines(out, "summary", json_object_get(r, "summary"));
	group_lines(out, "total", json_object_get(r, "total"), en);
	static const char *const axes[][2] = {{"by_company", "company"},
					      {"by_country", "country"},
					      {"by_category", "category"},
					      {"by_pavilion", "pavilion"}};
	for (size_t k = 0; k < 4; k++) {
		size_t i;
		const json_t *g;
		json_array_foreach(json_object_get(r, axes[k][0]), i, g)
			group_lines(out, axes[k][1], g, en);
	}
	const json_t *prev = json_object_get(r, "previous");
	if (json_is_object(prev)) {
		summary_lines(out, "previous_summary", json_object_get(prev, "summary"));
		json_t *total = json_pack("{s:O, s:O}", "stages", json_object_get(prev, "total"),
					  "event_id", json_object_get(prev, "event_id"));
		group_lines(out, "previous_total", total, en);
		json_decref(total);
	}
	json_decref(r);
	return 0;
}
