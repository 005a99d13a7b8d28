/* tripdoc_xlsx.c - the trip documents as an XLSX workbook (libxlsxwriter): one sheet per
 * section, amounts as numbers in major units with their currency's decimals, dates as real
 * dates, every sheet set up for A4. Words come from the catalogue in tripdoc_html.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "tripdoc.h"
#include "xlsx_file.h"

enum { MAX_DIGITS = 4, PAPER_A4 = 9 };

struct xw {
	lxw_workbook *wb;
	enum tripdoc_lang lang;
	const json_t *doc;
	int report;
	lxw_error err; /* the first error; later writes are skipped */
	lxw_format *title, *head, *key, *text, *wrap, *date, *money[MAX_DIGITS + 1], *rate, *total,
		*total_money[MAX_DIGITS + 1], *count, *muted;
};

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

static int64_t integer(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

static const char *L(struct xw *x, const char *key)
{
	return tripdoc_label(x->lang, key);
}

static const char *name(struct xw *x, const json_t *o, const char *key)
{
	return tripdoc_name(x->lang, o, key);
}

static void check(struct xw *x, lxw_error e)
{
	if (e && !x->err)
		x->err = e;
}

static void put(struct xw *x, lxw_worksheet *ws, int row, int col, const char *s, lxw_format *f)
{
	if (x->err)
		return;
	if (s && *s)
		check(x, worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, s, f));
	else if (f)
		check(x, worksheet_write_blank(ws, (lxw_row_t)row, (lxw_col_t)col, f));
}

static void number(struct xw *x, lxw_worksheet *ws, int row, int col, double v, lxw_format *f)
{
	if (!x->err)
		check(x, worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, v, f));
}

static int clamp_digits(int64_t d)
{
	return d < 0 ? 0 : d > MAX_DIGITS ? MAX_DIGITS : (int)d;
}

/* Minor units as a number in major units; doubles hold every amount the API allows (under
 * 2^53 minor units) to the cent. */
static void amount(struct xw *x, lxw_worksheet *ws, int row, int col, int64_t minor, int digits,
		   int bold)
{
	double unit = 1;
	digits = clamp_digits(digits);
	for (int i = 0; i < digits; i++)
		unit *= 10;
	number(x, ws, row, col, (double)minor / unit,
	       bold ? x->total_money[digits] : x->money[digits]);
}

/* A YYYY-MM-DD date as a real date cell; anything else as text. */
static void date(struct xw *x, lxw_worksheet *ws, int row, int col, const char *s)
{
	lxw_datetime dt = {0};
	char tail;
	if (x->err)
		return;
	if (s && strlen(s) == 10 &&
	    sscanf(s, "%4d-%2d-%2d%c", &dt.year, &dt.month, &dt.day, &tail) == 3)
		check(x,
		      worksheet_write_datetime(ws, (lxw_row_t)row, (lxw_col_t)col, &dt, x->date));
	else
		put(x, ws, row, col, s, x->text);
}

static lxw_format *format(struct xw *x)
{
	lxw_format *f = workbook_add_format(x->wb);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	format_set_border(f, LXW_BORDER_THIN);
	format_set_border_color(f, 0x8A8A8A);
	return f;
}

static void formats(struct xw *x)
{
	static const char *const num_formats[MAX_DIGITS + 1] = {"#,##0", "#,##0.0", "#,##0.00",
								"#,##0.000", "#,##0.0000"};
	x->title = workbook_add_format(x->wb);
	format_set_bold(x->title);
	format_set_font_size(x->title, 14);
	x->head = format(x);
	format_set_bold(x->head);
	format_set_bg_color(x->head, 0xEEF1F6);
	format_set_text_wrap(x->head);
	x->key = format(x);
	format_set_bold(x->key);
	format_set_bg_color(x->key, 0xF5F6F8);
	x->text = format(x);
	x->wrap = format(x);
	format_set_text_wrap(x->wrap);
	x->date = format(x);
	format_set_num_format(x->date, "yyyy-mm-dd");
	format_set_align(x->date, LXW_ALIGN_LEFT);
	x->rate = format(x);
	format_set_num_format(x->rate, "#,##0.00####");
	x->count = format(x);
	format_set_num_format(x->count, "0");
	format_set_align(x->count, LXW_ALIGN_LEFT);
	x->total = format(x);
	format_set_bold(x->total);
	format_set_bg_color(x->total, 0xF5F6F8);
	x->muted = workbook_add_format(x->wb);
	format_set_font_color(x->muted, 0x5C5C5C);
	format_set_text_wrap(x->muted);
	for (int d = 0; d <= MAX_DIGITS; d++) {
		x->money[d] = format(x);
		format_set_num_format(x->money[d], num_formats[d]);
		x->total_money[d] = format(x);
		format_set_num_format(x->total_money[d], num_formats[d]);
		format_set_bold(x->total_money[d]);
		format_set_bg_color(x->total_money[d], 0xF5F6F8);
	}
}

/* A sheet named by key for A4 paper, its columns' widths (0 ends the list) set. */
static lxw_worksheet *sheet(struct xw *x, const char *key, const double *widths, int landscape)
{
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, L(x, key));
	if (!ws) {
		check(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return NULL;
	}
	for (int c = 0; widths[c] > 0; c++)
		check(x, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL));
	worksheet_set_paper(ws, PAPER_A4);
	if (landscape)
		worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	check(x, worksheet_set_footer(ws, "&C&P / &N"));
	return ws;
}

/* The header row (keys, NULL-terminated) at row; it repeats on every printed page. */
static void header(struct xw *x, lxw_worksheet *ws, int row, const char *const *keys)
{
	for (int c = 0; keys[c]; c++)
		put(x, ws, row, c, L(x, keys[c]), x->head);
	check(x, worksheet_repeat_rows(ws, (lxw_row_t)row, (lxw_row_t)row));
	worksheet_freeze_panes(ws, (lxw_row_t)row + 1, 0);
}

/* "국외출장 계획서 · title" above a sheet's table. */
static void caption(struct xw *x, lxw_worksheet *ws, const char *key)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s · %s", L(x, key),
		    name(x, json_object_get(x->doc, "delegation"), "title"));
	put(x, ws, 0, 0, sb.buf, x->title);
	strbuf_release(&sb);
}

static void fact(struct xw *x, lxw_worksheet *ws, int *row, const char *key, const char *value,
		 int wrap)
{
	put(x, ws, *row, 0, L(x, key), x->key);
	put(x, ws, *row, 1, value && *value ? value : NULL, wrap ? x->wrap : x->text);
	(*row)++;
}

static void fact_date(struct xw *x, lxw_worksheet *ws, int *row, const char *key, const char *v)
{
	put(x, ws, *row, 0, L(x, key), x->key);
	date(x, ws, *row, 1, v);
	(*row)++;
}

static void fact_money(struct xw *x, lxw_worksheet *ws, int *row, const char *key, const json_t *v,
		       const char *currency, int digits)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s (%s)", L(x, key), currency ? currency : "");
	put(x, ws, *row, 0, sb.buf, x->key);
	strbuf_release(&sb);
	if (json_is_integer(v))
		amount(x, ws, *row, 1, json_integer_value(v), digits, 0);
	else
		put(x, ws, *row, 1, L(x, "t.no_budget"), x->text);
	(*row)++;
}

static void overview_sheet(struct xw *x)
{
	static const double widths[] = {26, 90, 0};
	const json_t *doc = x->doc, *d = json_object_get(doc, "delegation");
	const json_t *trip = json_object_get(doc, "trip"), *ev = json_object_get(d, "event");
	const json_t *c = json_object_get(doc, "costs");
	const char *currency = str(c, "currency");
	int digits = (int)integer(c, "digits"), row = 2;
	lxw_worksheet *ws = sheet(x, "s.overview", widths, 0);
	if (!ws)
		return;
	put(x, ws, 0, 0, L(x, x->report ? "doc.report" : "doc.plan"), x->title);
	fact(x, ws, &row, "f.title", name(x, d, "title"), 1);
	fact(x, ws, &row, "f.host", name(x, json_object_get(d, "host"), "name"), 0);
	if (json_is_object(ev))
		fact(x, ws, &row, "f.event", name(x, ev, "name"), 0);
	fact_date(x, ws, &row, "f.depart",
		  str(d, "depart_date") ? str(d, "depart_date") : str(trip, "first_date"));
	fact_date(x, ws, &row, "f.return",
		  str(d, "return_date") ? str(d, "return_date") : str(trip, "last_date"));
	fact(x, ws, &row, "f.length", str(trip, x->lang == TRIPDOC_EN ? "label_en" : "label"), 0);
	put(x, ws, row, 0, L(x, "f.headcount"), x->key);
	number(x, ws, row++, 1, (double)json_array_size(json_object_get(doc, "members")), x->count);
	fact(x, ws, &row, "f.status", tripdoc_enum(x->lang, "dstatus", str(d, "status")), 0);
	fact_date(x, ws, &row, "f.published",
		  str(d, x->report ? "report_published_on" : "plan_published_on"));
	fact(x, ws, &row, "h.purpose", str(d, "purpose"), 1);
	if (x->report) {
		fact(x, ws, &row, "h.outcome", name(x, d, "outcome"), 1);
		fact(x, ws, &row, "h.implications", name(x, d, "implications"), 1);
		put(x, ws, row, 0, L(x, "f.signed"), x->key);
		number(x, ws, row++, 1, (double)integer(doc, "signed"), x->count);
	}
	fact_money(x, ws, &row, "f.budget", json_object_get(c, "budget"), currency, digits);
	fact_money(x, ws, &row, "f.total", json_object_get(c, "total"), currency, digits);
	put(x, ws, row, 0, L(x, "f.unconverted"), x->key);
	number(x, ws, row++, 1, (double)integer(c, "unconverted"), x->count);
	fact_date(x, ws, &row, "f.generated", str(doc, "generated_on"));
}

static void members_sheet(struct xw *x)
{
	static const char *const cols[] = {"c.no", "c.role", "c.title", "c.org", NULL};
	static const double widths[] = {6, 12, 40, 36, 0};
	const json_t *m;
	size_t i;
	lxw_worksheet *ws = sheet(x, "s.members", widths, 0);
	if (!ws)
		return;
	caption(x, ws, "h.members");
	header(x, ws, 2, cols);
	json_array_foreach(json_object_get(x->doc, "members"), i, m)
	{
		int row = 3 + (int)i;
		number(x, ws, row, 0, (double)i + 1, x->count);
		put(x, ws, row, 1, tripdoc_enum(x->lang, "role", str(m, "role")), x->text);
		put(x, ws, row, 2, name(x, m, "title"), x->wrap);
		put(x, ws, row, 3, name(x, json_object_get(m, "organization"), "name"), x->wrap);
	}
}

static void institutions_sheet(struct xw *x)
{
	static const char *const plan[] = {"c.no",	"c.institution", "c.country", "c.city",
					   "c.purpose", "c.item",	 "c.date",    NULL};
	static const char *const report[] = {"c.no",   "c.institution", "c.country",
					     "c.city", "c.purpose",	"c.item",
					     "c.date", "c.result",	NULL};
	static const double widths[] = {6, 32, 8, 16, 44, 32, 12, 44, 0};
	const json_t *o;
	size_t i;
	lxw_worksheet *ws = sheet(x, "s.institutions", widths, 1);
	if (!ws)
		return;
	caption(x, ws, "h.institutions");
	header(x, ws, 2, x->report ? report : plan);
	json_array_foreach(json_object_get(x->doc, "institutions"), i, o)
	{
		const json_t *item = json_object_get(o, "item");
		int row = 3 + (int)i;
		number(x, ws, row, 0, (double)i + 1, x->count);
		put(x, ws, row, 1, name(x, o, "name"), x->wrap);
		put(x, ws, row, 2, str(o, "country"), x->text);
		put(x, ws, row, 3, str(o, "city"), x->text);
		put(x, ws, row, 4, str(o, "purpose"), x->wrap);
		put(x, ws, row, 5, json_is_object(item) ? name(x, item, "title") : NULL, x->wrap);
		date(x, ws, row, 6, str(item, "date"));
		if (x->report)
			put(x, ws, row, 7, str(o, "result"), x->wrap);
	}
}

/* "09:00 PST", with "01-09 " before it when on another date than day. */
static void clock_text(struct strbuf *sb, const json_t *clock, const char *day, int home)
{
	const char *date = str(clock, home ? "home_date" : "date");
	if (!json_is_object(clock))
		return;
	if (date && day && strcmp(date, day) && strlen(date) == 10)
		strbuf_addf(sb, "%s ", date + 5);
	strbuf_addf(sb, "%s %s", or_empty(str(clock, home ? "home_time" : "time")),
		    or_empty(str(clock, home ? "home_zone" : "zone")));
}

static void itinerary_sheet(struct xw *x)
{
	static const char *const cols[] = {"c.day",   "c.date",		"c.weekday", "c.start",
					   "c.end",   "c.home",		"c.kind",    "c.schedule",
					   "c.place", "c.counterparts", "c.status",  NULL};
	static const double widths[] = {6, 12, 6, 16, 16, 16, 12, 44, 32, 32, 10, 0};
	const json_t *day, *it, *cp;
	size_t i, k, n;
	int row = 3;
	lxw_worksheet *ws = sheet(x, "s.itinerary", widths, 1);
	if (!ws)
		return;
	caption(x, ws, x->report ? "h.itinerary_done" : "h.itinerary");
	header(x, ws, 2, cols);
	json_array_foreach(json_object_get(x->doc, "days"), i, day)
	{
		const char *d = str(day, "date");
		char wkey[8];
		snprintf(wkey, sizeof(wkey), "w.%d", (int)(integer(day, "weekday") % 7));
		json_array_foreach(json_object_get(day, "items"), k, it)
		{
			struct strbuf sb = STRBUF_INIT;
			const json_t *place = json_object_get(it, "place");
			const json_t *to = json_object_get(it, "to_place");
			number(x, ws, row, 0, (double)i + 1, x->count);
			date(x, ws, row, 1, d);
			put(x, ws, row, 2, L(x, wkey), x->text);
			clock_text(&sb, json_object_get(it, "start"), d, 0);
			put(x, ws, row, 3, sb.buf, x->text);
			strbuf_reset(&sb);
			clock_text(&sb, json_object_get(it, "end"), d, 0);
			put(x, ws, row, 4, sb.buf, x->text);
			strbuf_reset(&sb);
			clock_text(&sb, json_object_get(it, "start"), d, 1);
			put(x, ws, row, 5, sb.buf, x->text);
			strbuf_reset(&sb);
			put(x, ws, row, 6, tripdoc_enum(x->lang, "kind", str(it, "kind")), x->text);
			strbuf_addstr(&sb, name(x, it, "title"));
			if (str(it, "service_number"))
				strbuf_addf(&sb, " (%s%s%s)", or_empty(str(it, "carrier")),
					    str(it, "carrier") ? " " : "",
					    str(it, "service_number"));
			put(x, ws, row, 7, sb.buf, x->wrap);
			strbuf_reset(&sb);
			if (json_is_object(place))
				strbuf_addstr(&sb, name(x, place, "name"));
			if (json_is_object(to))
				strbuf_addf(&sb, "%s%s", sb.len ? " → " : "→ ",
					    name(x, to, "name"));
			put(x, ws, row, 8, sb.buf, x->wrap);
			strbuf_reset(&sb);
			json_array_foreach(json_object_get(it, "counterparts"), n, cp)
				strbuf_addf(&sb, "%s%s", n ? ", " : "", name(x, cp, "name"));
			put(x, ws, row, 9, sb.buf, x->wrap);
			strbuf_release(&sb);
			put(x, ws, row, 10, tripdoc_enum(x->lang, "istatus", str(it, "status")),
			    x->text);
			row++;
		}
	}
	if (x->report && integer(x->doc, "left_out") > 0) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "%s%lld%s", L(x, "t.left_out_pre"),
			    (long long)integer(x->doc, "left_out"), L(x, "t.left_out_post"));
		put(x, ws, row + 1, 0, sb.buf, x->muted);
		strbuf_release(&sb);
	}
}

static void activities_sheet(struct xw *x)
{
	static const char *const cols[] = {"c.task", "c.date", "c.schedule", "c.result", NULL};
	static const double widths[] = {24, 12, 44, 70, 0};
	const json_t *g, *it;
	size_t i, k;
	int row = 3;
	lxw_worksheet *ws = sheet(x, "s.activities", widths, 1);
	if (!ws)
		return;
	caption(x, ws, "h.activities");
	header(x, ws, 2, cols);
	json_array_foreach(json_object_get(x->doc, "activities"), i, g)
	{
		const char *task = str(g, "task") ? str(g, "task") : L(x, "t.other_task");
		json_array_foreach(json_object_get(g, "items"), k, it)
		{
			put(x, ws, row, 0, task, x->wrap);
			date(x, ws, row, 1, str(it, "date"));
			put(x, ws, row, 2, name(x, it, "title"), x->wrap);
			put(x, ws, row, 3, str(it, "result"), x->wrap);
			row++;
		}
	}
}

static void agreements_sheet(struct xw *x)
{
	static const char *const cols[] = {"c.no",	    "c.kind",	 "c.agreement", "c.status",
					   "c.signed_date", "c.parties", "c.summary",	NULL};
	static const double widths[] = {6, 18, 48, 12, 12, 40, 60, 0};
	const json_t *ag, *p;
	size_t i, k;
	lxw_worksheet *ws = sheet(x, "s.agreements", widths, 1);
	if (!ws)
		return;
	caption(x, ws, "h.agreements");
	header(x, ws, 2, cols);
	json_array_foreach(json_object_get(x->doc, "agreements"), i, ag)
	{
		struct strbuf sb = STRBUF_INIT;
		int row = 3 + (int)i;
		number(x, ws, row, 0, (double)i + 1, x->count);
		put(x, ws, row, 1, tripdoc_enum(x->lang, "akind", str(ag, "kind")), x->text);
		put(x, ws, row, 2, name(x, ag, "title"), x->wrap);
		put(x, ws, row, 3, tripdoc_enum(x->lang, "astatus", str(ag, "status")), x->text);
		date(x, ws, row, 4, str(ag, "signed_date"));
		json_array_foreach(json_object_get(ag, "parties"), k, p)
		{
			strbuf_addf(&sb, "%s%s", k ? ", " : "", name(x, p, "name"));
			if (str(p, "role") && strcmp(str(p, "role"), "party"))
				strbuf_addf(&sb, " (%s)",
					    tripdoc_enum(x->lang, "party", str(p, "role")));
		}
		put(x, ws, row, 5, sb.buf, x->wrap);
		strbuf_release(&sb);
		put(x, ws, row, 6, str(ag, "summary"), x->wrap);
	}
}

static void costs_sheet(struct xw *x)
{
	static const char *const cols[] = {
		"c.no",	      "c.category", "c.description", "c.item", "c.member", "c.amount",
		"c.currency", "c.rate",	    "c.converted",   "c.note", NULL};
	static const double widths[] = {6, 16, 36, 32, 28, 16, 8, 12, 18, 24, 0};
	const json_t *c = json_object_get(x->doc, "costs"), *cat, *l;
	const char *base = str(c, "currency");
	int digits = (int)integer(c, "digits"), row = 2;
	size_t i;
	struct strbuf sb = STRBUF_INIT;
	lxw_worksheet *ws = sheet(x, "s.costs", widths, 1);
	if (!ws)
		return;
	caption(x, ws, "h.costs");
	put(x, ws, row, 1, L(x, "c.category"), x->head);
	strbuf_addf(&sb, "%s (%s)", L(x, "c.amount"), base ? base : "");
	put(x, ws, row++, 2, sb.buf, x->head);
	json_array_foreach(json_object_get(c, "by_category"), i, cat)
	{
		put(x, ws, row, 1, tripdoc_enum(x->lang, "cost", str(cat, "category")), x->text);
		amount(x, ws, row++, 2, integer(cat, "amount"), digits, 0);
	}
	put(x, ws, row, 1, L(x, "t.total"), x->total);
	amount(x, ws, row++, 2, integer(c, "total"), digits, 1);
	put(x, ws, row, 1, L(x, "t.budget"), x->text);
	if (json_is_integer(json_object_get(c, "budget")))
		amount(x, ws, row++, 2, integer(c, "budget"), digits, 0);
	else
		put(x, ws, row++, 2, L(x, "t.no_budget"), x->text);
	if (json_is_integer(json_object_get(c, "remaining"))) {
		put(x, ws, row, 1, L(x, "t.remaining"), x->text);
		amount(x, ws, row++, 2, integer(c, "remaining"), digits, 0);
	}
	put(x, ws, row, 1, L(x, "f.unconverted"), x->text);
	number(x, ws, row++, 2, (double)integer(c, "unconverted"), x->count);

	row++;
	put(x, ws, row++, 0, L(x, "h.cost_lines"), x->title);
	for (int k = 0; cols[k]; k++) {
		strbuf_reset(&sb);
		strbuf_addstr(&sb, L(x, cols[k]));
		if (!strcmp(cols[k], "c.converted"))
			strbuf_addf(&sb, " (%s)", base ? base : "");
		put(x, ws, row, k, sb.buf, x->head);
	}
	check(x, worksheet_repeat_rows(ws, (lxw_row_t)row, (lxw_row_t)row));
	row++;
	json_array_foreach(json_object_get(c, "lines"), i, l)
	{
		const json_t *item = json_object_get(l, "item"), *m = json_object_get(l, "member");
		const char *rate = str(l, "rate");
		number(x, ws, row, 0, (double)i + 1, x->count);
		put(x, ws, row, 1, tripdoc_enum(x->lang, "cost", str(l, "category")), x->text);
		put(x, ws, row, 2, str(l, "description"), x->wrap);
		put(x, ws, row, 3, json_is_object(item) ? name(x, item, "title") : NULL, x->wrap);
		strbuf_reset(&sb);
		if (json_is_object(m)) {
			strbuf_addstr(&sb, tripdoc_enum(x->lang, "role", str(m, "role")));
			if (*name(x, m, "title"))
				strbuf_addf(&sb, " · %s", name(x, m, "title"));
		}
		put(x, ws, row, 4, sb.buf, x->wrap);
		amount(x, ws, row, 5, integer(l, "amount"), (int)integer(l, "digits"), 0);
		put(x, ws, row, 6, str(l, "currency"), x->text);
		if (rate)
			number(x, ws, row, 7, strtod(rate, NULL), x->rate);
		else
			put(x, ws, row, 7, NULL, x->text);
		if (json_is_integer(json_object_get(l, "converted"))) {
			amount(x, ws, row, 8, integer(l, "converted"), digits, 0);
			put(x, ws, row, 9, NULL, x->text);
		} else {
			put(x, ws, row, 8, NULL, x->text);
			put(x, ws, row, 9, L(x, "t.no_rate"), x->wrap);
		}
		row++;
	}
	strbuf_release(&sb);
}

int tripdoc_xlsx(const json_t *doc, enum tripdoc_lang lang, struct strbuf *out, char *err,
		 size_t errlen)
{
	const char *kind = json_string_value(json_object_get(doc, "kind"));
	struct xlsx_file file;
	if (!kind || !json_is_object(json_object_get(doc, "delegation")) ||
	    !json_is_object(json_object_get(doc, "costs"))) {
		snprintf(err, errlen, "the document's model is malformed");
		return -1;
	}
	if (xlsx_open(&file, 0, err, errlen))
		return -1;
	struct xw x = {.lang = lang, .doc = doc, .report = !strcmp(kind, "report"), .wb = file.wb};
	const json_t *d = json_object_get(doc, "delegation");
	lxw_doc_properties props = {
		.title = (char *)tripdoc_name(lang, d, "title"),
		.subject = (char *)tripdoc_label(lang, x.report ? "doc.report" : "doc.plan"),
		.author = (char *)tripdoc_name(lang, json_object_get(d, "host"), "name"),
		.comments = "Roadshow",
	};
	check(&x, workbook_set_properties(x.wb, &props));
	formats(&x);
	overview_sheet(&x);
	members_sheet(&x);
	institutions_sheet(&x);
	itinerary_sheet(&x);
	if (x.report) {
		activities_sheet(&x);
		agreements_sheet(&x);
	}
	costs_sheet(&x);
	return xlsx_finish(&file, x.err, out, err, errlen);
}
