/* tripdoc_html.c - the trip documents as printable HTML (words from tripdoc_labels.c).
 * Literal markup is written raw; everything from the model goes through esc(). */
#include <stdio.h>
#include <string.h>

#include "../core/costs.h"
#include "tripdoc.h"

/* ---------------------------------------------------------------------------------------
 * The HTML writer. */

struct html {
	struct strbuf *sb;
	enum tripdoc_lang lang;
	const json_t *doc;
	int report;
	int section; /* the number of the last h2 */
};

/* Markup written as it is: string literals of this file only. */
static void raw(struct html *h, const char *markup)
{
	strbuf_addstr(h->sb, markup);
}

/* Text, escaped for element content and quoted attribute values alike. */
static void esc(struct html *h, const char *s)
{
	while (s && *s) {
		size_t n = strcspn(s, "&<>\"'");
		strbuf_add(h->sb, s, n);
		s += n;
		switch (*s) {
		case '&': raw(h, "&amp;"); break;
		case '<': raw(h, "&lt;"); break;
		case '>': raw(h, "&gt;"); break;
		case '"': raw(h, "&quot;"); break;
		case '\'': raw(h, "&#39;"); break;
		default: return;
		}
		s++;
	}
}

static void label(struct html *h, const char *key)
{
	esc(h, tripdoc_label(h->lang, key));
}

static void num(struct html *h, long long n)
{
	strbuf_addf(h->sb, "%lld", n);
}

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static int64_t integer(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

static int has(const json_t *o, const char *key)
{
	const char *s = str(o, key);
	return s && *s;
}

/* The text of key in lang: key_en in English when it is set, else key_ko. */
static const char *localized(struct html *h, const json_t *o, const char *key)
{
	return tripdoc_name(h->lang, o, key);
}

/* <td>text</td>, or an empty cell for NULL. */
static void td(struct html *h, const char *text)
{
	raw(h, "<td>");
	esc(h, text);
	raw(h, "</td>");
}

static void th_row(struct html *h, const char *const *keys)
{
	raw(h, "<thead><tr>");
	for (; *keys; keys++) {
		raw(h, strcmp(*keys, "c.no") ? "<th scope=\"col\">"
					     : "<th scope=\"col\" class=\"no\">");
		label(h, *keys);
		raw(h, "</th>");
	}
	raw(h, "</tr></thead>\n");
}

/* Multi-line text kept as written (CSS white-space: pre-line), or "none". */
static void paragraph(struct html *h, const char *text)
{
	if (text && *text) {
		raw(h, "<p class=\"text\">");
		esc(h, text);
		raw(h, "</p>\n");
	} else {
		raw(h, "<p class=\"muted\">");
		label(h, "t.none");
		raw(h, "</p>\n");
	}
}

static void none(struct html *h)
{
	raw(h, "<p class=\"muted\">");
	label(h, "t.none");
	raw(h, "</p>\n");
}

/* Opens a numbered section; page starts it on a new sheet of paper. */
static void section(struct html *h, const char *id, const char *key, int page)
{
	raw(h, "<section id=\"");
	esc(h, id);
	raw(h, page ? "\" class=\"page\">\n<h2>" : "\">\n<h2>");
	num(h, ++h->section);
	raw(h, ". ");
	label(h, key);
	raw(h, "</h2>\n");
}

static void money(struct html *h, int64_t minor, int digits)
{
	/* digits, commas, a point and a sign only: nothing to escape */
	money_text(h->sb, minor, digits, 1);
}

static const char CSS[] =
	"@page{size:A4;margin:16mm 14mm 18mm}\n"
	"*{box-sizing:border-box}\n"
	"html{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
	"body{font-family:\"Pretendard GOV\",Pretendard,\"Malgun Gothic\",\"Apple SD Gothic "
	"Neo\",\"Noto Sans CJK KR\",\"Noto Sans KR\",sans-serif;font-size:10.5pt;line-height:1.55;"
	"color:#1d1d1d;margin:0 auto;max-width:190mm;padding:10mm 0;word-break:keep-all;"
	"overflow-wrap:break-word}\n"
	".doc-kind{font-size:15pt;font-weight:700;letter-spacing:.3em;text-align:center;"
	"border:1.5pt solid #1d1d1d;padding:2.5mm;margin:0 0 6mm}\n"
	"h1{font-size:17pt;line-height:1.35;margin:0 0 1mm}\n"
	".subtitle{margin:0 0 5mm;color:#4d4d4d}\n"
	"h2{font-size:13pt;border-bottom:1.2pt solid #1d1d1d;padding-bottom:1mm;margin:8mm 0 3mm}\n"
	"h3{font-size:11pt;margin:5mm 0 2mm}\n"
	"h2,h3{break-after:avoid;page-break-after:avoid}\n"
	"table{width:100%;border-collapse:collapse;margin:0 0 3mm}\n"
	"th,td{border:.75pt solid #8a8a8a;padding:1.2mm 2mm;text-align:left;vertical-align:top}\n"
	"thead th{background:#eef1f6;font-weight:700}\n"
	"thead{display:table-header-group}\n"
	"thead th{white-space:nowrap}\n"
	"th.no,td.no{width:11mm;text-align:right;white-space:nowrap}\n"
	"table.itinerary{table-layout:fixed;font-size:9.5pt}\n"
	"table.itinerary th:nth-child(1){width:31mm}\n"
	"table.itinerary th:nth-child(2){width:31mm}\n"
	"table.itinerary th:nth-child(3){width:21mm}\n"
	"table.itinerary th:nth-child(5){width:38mm}\n"
	"tr{break-inside:avoid;page-break-inside:avoid}\n"
	".facts th{width:32mm;background:#f5f6f8;font-weight:700}\n"
	".num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}\n"
	".nowrap{white-space:nowrap}\n"
	".text{white-space:pre-line;margin:0 0 3mm}\n"
	"td.text{margin:0}\n"
	".muted{color:#5c5c5c}\n"
	".small{font-size:9pt}\n"
	".cancelled td{color:#6b6b6b}\n"
	".cancelled .item-title{text-decoration:line-through}\n"
	".badge{display:inline-block;border:.75pt solid currentColor;border-radius:2pt;"
	"padding:0 1.5mm;margin-right:1.5mm;font-size:8.5pt;text-decoration:none}\n"
	".total th,.total td{font-weight:700;background:#f5f6f8}\n"
	".warn{border-left:2pt solid #b3261e;padding-left:2mm}\n"
	"section.page{break-before:page;page-break-before:always}\n"
	"@media print{body{max-width:none;padding:0}}\n";

static void facts_row(struct html *h, const char *key, const char *value)
{
	raw(h, "<tr><th scope=\"row\">");
	label(h, key);
	raw(h, "</th>");
	td(h, value && *value ? value : "—");
	raw(h, "</tr>\n");
}

static void head(struct html *h)
{
	const json_t *d = json_object_get(h->doc, "delegation");
	const json_t *trip = json_object_get(h->doc, "trip");
	const json_t *ev = json_object_get(d, "event");
	const char *kind = h->report ? "doc.report" : "doc.plan";
	const char *title = localized(h, d, "title");
	const char *other = h->lang == TRIPDOC_EN ? str(d, "title_ko") : str(d, "title_en");

	raw(h, "<!DOCTYPE html>\n<html lang=\"");
	raw(h, h->lang == TRIPDOC_EN ? "en" : "ko");
	raw(h, "\">\n<head>\n<meta charset=\"utf-8\">\n"
	       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	       "<meta name=\"generator\" content=\"Roadshow\">\n<title>");
	label(h, kind);
	raw(h, " — ");
	esc(h, title);
	raw(h, "</title>\n<style>\n");
	raw(h, CSS);
	raw(h, "</style>\n</head>\n<body>\n<header>\n<p class=\"doc-kind\">");
	label(h, kind);
	raw(h, "</p>\n<h1>");
	esc(h, title);
	raw(h, "</h1>\n");
	if (other && *other && strcmp(other, title)) {
		raw(h, "<p class=\"subtitle\">");
		esc(h, other);
		raw(h, "</p>\n");
	}
	raw(h, "<table class=\"facts\"><tbody>\n");
	facts_row(h, "f.host", localized(h, json_object_get(d, "host"), "name"));

	struct strbuf period = STRBUF_INIT;
	const char *from = has(d, "depart_date") ? str(d, "depart_date") : str(trip, "first_date");
	const char *to = has(d, "return_date") ? str(d, "return_date") : str(trip, "last_date");
	if (from || to)
		strbuf_addf(&period, "%s ~ %s", from ? from : "", to ? to : "");
	if (has(trip, "label"))
		strbuf_addf(&period, "%s(%s)", period.len ? " " : "",
			    str(trip, h->lang == TRIPDOC_EN ? "label_en" : "label"));
	facts_row(h, "f.period", period.buf);
	strbuf_release(&period);

	if (json_is_object(ev)) {
		struct strbuf e = STRBUF_INIT;
		strbuf_addstr(&e, localized(h, ev, "name"));
		if (has(ev, "start_date"))
			strbuf_addf(&e, " (%s ~ %s)", str(ev, "start_date"),
				    has(ev, "end_date") ? str(ev, "end_date") : "");
		facts_row(h, "f.event", e.buf);
		strbuf_release(&e);
	}
	char count[32];
	snprintf(count, sizeof(count), "%zu", json_array_size(json_object_get(h->doc, "members")));
	struct strbuf people = STRBUF_INIT;
	strbuf_addf(&people, "%s%s", count, tripdoc_label(h->lang, "u.people"));
	facts_row(h, "f.headcount", people.buf);
	strbuf_release(&people);
	facts_row(h, "f.status", tripdoc_enum(h->lang, "dstatus", str(d, "status")));
	facts_row(h, "f.published",
		  str(d, h->report ? "report_published_on" : "plan_published_on"));
	facts_row(h, "f.generated", str(h->doc, "generated_on"));
	raw(h, "</tbody></table>\n</header>\n<main>\n");
}

static void overview(struct html *h)
{
	const json_t *d = json_object_get(h->doc, "delegation");
	section(h, "overview", "h.overview", 0);
	raw(h, "<h3>");
	label(h, "h.purpose");
	raw(h, "</h3>\n");
	paragraph(h, str(d, "purpose"));
	if (h->report) {
		raw(h, "<h3>");
		label(h, "h.outcome");
		raw(h, "</h3>\n");
		paragraph(h, localized(h, d, "outcome"));
	}
	raw(h, "</section>\n");
}

static void members(struct html *h)
{
	static const char *const cols[] = {"c.no", "c.role", "c.title", "c.org", NULL};
	const json_t *list = json_object_get(h->doc, "members"), *m;
	size_t i;
	section(h, "members", "h.members", 0);
	if (!json_array_size(list)) {
		none(h);
	} else {
		raw(h, "<table>\n");
		th_row(h, cols);
		raw(h, "<tbody>\n");
		json_array_foreach(list, i, m)
		{
			raw(h, "<tr><td class=\"no\">");
			num(h, (long long)i + 1);
			raw(h, "</td>");
			td(h, tripdoc_enum(h->lang, "role", str(m, "role")));
			td(h, localized(h, m, "title"));
			td(h, localized(h, json_object_get(m, "organization"), "name"));
			raw(h, "</tr>\n");
		}
		raw(h, "</tbody></table>\n");
	}
	raw(h, "</section>\n");
}

/* "2024-01-11 · Plano City Hall meeting": the item a row points at. */
static void item_cell(struct html *h, const json_t *item)
{
	raw(h, "<td>");
	if (json_is_object(item)) {
		if (has(item, "date")) {
			raw(h, "<span class=\"nowrap\">");
			esc(h, str(item, "date"));
			raw(h, "</span> ");
		}
		esc(h, localized(h, item, "title"));
	}
	raw(h, "</td>");
}

static void institutions(struct html *h)
{
	static const char *const cols[] = {"c.no", "c.institution", "c.purpose", "c.item", NULL};
	const json_t *list = json_object_get(h->doc, "institutions"), *o;
	size_t i;
	section(h, "institutions", "h.institutions", 0);
	if (!json_array_size(list)) {
		none(h);
	} else {
		raw(h, "<table>\n");
		th_row(h, cols);
		raw(h, "<tbody>\n");
		json_array_foreach(list, i, o)
		{
			raw(h, "<tr><td class=\"no\">");
			num(h, (long long)i + 1);
			raw(h, "</td><td>");
			esc(h, localized(h, o, "name"));
			if (has(o, "city") || has(o, "country")) {
				raw(h, "<br><span class=\"muted small\">");
				esc(h, str(o, "city"));
				raw(h, has(o, "city") && has(o, "country") ? ", " : "");
				esc(h, str(o, "country"));
				raw(h, "</span>");
			}
			raw(h, "</td><td class=\"text\">");
			esc(h, str(o, "purpose"));
			raw(h, "</td>");
			item_cell(h, json_object_get(o, "item"));
			raw(h, "</tr>\n");
		}
		raw(h, "</tbody></table>\n");
	}
	raw(h, "</section>\n");
}

/* "09:00–11:00 PST", or "10:50 KST – 01-08 07:30 PST" across zones or dates; each clock
 * kept on one line. */
static void local_time(struct html *h, const json_t *start, const json_t *end)
{
	if (!json_is_object(start))
		return;
	const char *sd = str(start, "date"), *ed = str(end, "date");
	const char *sz = str(start, "zone"), *ez = str(end, "zone");
	int same = sd && ed && sz && ez && !strcmp(sd, ed) && !strcmp(sz, ez);
	raw(h, "<span class=\"nowrap\">");
	esc(h, str(start, "time"));
	if (same) {
		raw(h, "–");
		esc(h, str(end, "time"));
	}
	raw(h, " ");
	esc(h, sz);
	raw(h, "</span>");
	if (!json_is_object(end) || same)
		return;
	raw(h, " – <span class=\"nowrap\">");
	if (sd && ed && strcmp(sd, ed) && strlen(ed) == 10) {
		esc(h, ed + 5);
		raw(h, " ");
	}
	esc(h, str(end, "time"));
	raw(h, " ");
	esc(h, ez);
	raw(h, "</span>");
}

/* "02:00 KST", "01-09 02:00 KST" when home is on another date. */
static void home_time(struct html *h, const json_t *start)
{
	if (!json_is_object(start))
		return;
	const char *date = str(start, "home_date");
	if (integer(start, "day_shift") && date && strlen(date) == 10) {
		esc(h, date + 5);
		raw(h, " ");
	}
	esc(h, str(start, "home_time"));
	raw(h, " ");
	esc(h, str(start, "home_zone"));
}

static void names_joined(struct html *h, const json_t *list)
{
	const json_t *o;
	size_t i;
	json_array_foreach(list, i, o)
	{
		if (i)
			raw(h, ", ");
		esc(h, localized(h, o, "name"));
	}
}

static void itinerary_item(struct html *h, const json_t *it)
{
	int cancelled = str(it, "status") && !strcmp(str(it, "status"), "cancelled");
	const json_t *place = json_object_get(it, "place"), *to = json_object_get(it, "to_place");
	const json_t *cps = json_object_get(it, "counterparts");
	raw(h, cancelled ? "<tr class=\"cancelled\"><td>" : "<tr><td>");
	local_time(h, json_object_get(it, "start"), json_object_get(it, "end"));
	raw(h, "</td><td class=\"nowrap\">");
	home_time(h, json_object_get(it, "start"));
	raw(h, "</td>");
	td(h, tripdoc_enum(h->lang, "kind", str(it, "kind")));
	raw(h, "<td>");
	if (cancelled) {
		raw(h, "<span class=\"badge\">");
		label(h, "t.cancelled");
		raw(h, "</span>");
	}
	raw(h, "<span class=\"item-title\">");
	esc(h, localized(h, it, "title"));
	raw(h, "</span>");
	if (has(it, "carrier") || has(it, "service_number")) {
		raw(h, " <span class=\"muted\">(");
		esc(h, str(it, "carrier"));
		raw(h, has(it, "carrier") && has(it, "service_number") ? " " : "");
		esc(h, str(it, "service_number"));
		raw(h, ")</span>");
	}
	if (json_array_size(cps)) {
		raw(h, "<br><span class=\"muted small\">");
		label(h, "c.counterparts");
		raw(h, ": ");
		names_joined(h, cps);
		raw(h, "</span>");
	}
	raw(h, "</td><td>");
	if (json_is_object(place))
		esc(h, localized(h, place, "name"));
	if (json_is_object(to)) {
		raw(h, json_is_object(place) ? " → " : "→ ");
		esc(h, localized(h, to, "name"));
	}
	raw(h, "</td></tr>\n");
}

static void day_heading(struct html *h, size_t n, const json_t *day)
{
	char key[8];
	snprintf(key, sizeof(key), "w.%d", (int)(integer(day, "weekday") % 7));
	raw(h, "<h3>");
	label(h, "t.day_pre");
	num(h, (long long)n);
	label(h, "t.day_post");
	raw(h, " · ");
	esc(h, str(day, "date"));
	raw(h, " (");
	label(h, key);
	raw(h, ")</h3>\n");
}

static void itinerary(struct html *h)
{
	static const char *const cols[] = {"c.local",	 "c.home",  "c.kind",
					   "c.schedule", "c.place", NULL};
	const json_t *days = json_object_get(h->doc, "days"), *day, *it;
	size_t i, k;
	section(h, "itinerary", h->report ? "h.itinerary_done" : "h.itinerary", 1);
	if (!json_array_size(days))
		none(h);
	json_array_foreach(days, i, day)
	{
		day_heading(h, i + 1, day);
		raw(h, "<table class=\"itinerary\">\n");
		th_row(h, cols);
		raw(h, "<tbody>\n");
		json_array_foreach(json_object_get(day, "items"), k, it) itinerary_item(h, it);
		raw(h, "</tbody></table>\n");
	}
	if (h->report && integer(h->doc, "left_out") > 0) {
		raw(h, "<p class=\"muted\">");
		label(h, "t.left_out_pre");
		num(h, integer(h->doc, "left_out"));
		label(h, "t.left_out_post");
		raw(h, "</p>\n");
	}
	raw(h, "</section>\n");
}

static void activities(struct html *h)
{
	static const char *const cols[] = {"c.date", "c.schedule", "c.result", NULL};
	static const char *const icols[] = {"c.institution", "c.purpose", "c.result", NULL};
	const json_t *groups = json_object_get(h->doc, "activities"), *g, *it, *o;
	const json_t *insts = json_object_get(h->doc, "institutions");
	size_t i, k;
	section(h, "activities", "h.activities", 1);
	if (!json_array_size(groups))
		none(h);
	json_array_foreach(groups, i, g)
	{
		raw(h, "<h3>");
		if (has(g, "task"))
			esc(h, str(g, "task"));
		else
			label(h, "t.other_task");
		raw(h, "</h3>\n<table>\n");
		th_row(h, cols);
		raw(h, "<tbody>\n");
		json_array_foreach(json_object_get(g, "items"), k, it)
		{
			raw(h, "<tr><td class=\"nowrap\">");
			esc(h, str(it, "date"));
			raw(h, "</td>");
			td(h, localized(h, it, "title"));
			raw(h, "<td class=\"text\">");
			esc(h, str(it, "result"));
			raw(h, "</td></tr>\n");
		}
		raw(h, "</tbody></table>\n");
	}
	if (json_array_size(insts)) {
		raw(h, "<h3>");
		label(h, "h.inst_results");
		raw(h, "</h3>\n<table>\n");
		th_row(h, icols);
		raw(h, "<tbody>\n");
		json_array_foreach(insts, k, o)
		{
			raw(h, "<tr>");
			td(h, localized(h, o, "name"));
			raw(h, "<td class=\"text\">");
			esc(h, str(o, "purpose"));
			raw(h, "</td><td class=\"text\">");
			esc(h, str(o, "result"));
			raw(h, "</td></tr>\n");
		}
		raw(h, "</tbody></table>\n");
	}
	raw(h, "</section>\n");
}

static void agreements(struct html *h)
{
	static const char *const cols[] = {"c.no",	    "c.kind",	 "c.agreement", "c.status",
					   "c.signed_date", "c.parties", NULL};
	const json_t *list = json_object_get(h->doc, "agreements"), *ag, *p;
	size_t i, k;
	section(h, "agreements", "h.agreements", 0);
	raw(h, "<p>");
	label(h, "t.signed_pre");
	num(h, integer(h->doc, "signed"));
	label(h, "t.signed_post");
	raw(h, "</p>\n");
	if (json_array_size(list)) {
		raw(h, "<table>\n");
		th_row(h, cols);
		raw(h, "<tbody>\n");
		json_array_foreach(list, i, ag)
		{
			raw(h, "<tr><td class=\"no\">");
			num(h, (long long)i + 1);
			raw(h, "</td>");
			td(h, tripdoc_enum(h->lang, "akind", str(ag, "kind")));
			raw(h, "<td>");
			esc(h, localized(h, ag, "title"));
			if (has(ag, "summary")) {
				raw(h, "<br><span class=\"muted small text\">");
				esc(h, str(ag, "summary"));
				raw(h, "</span>");
			}
			raw(h, "</td>");
			td(h, tripdoc_enum(h->lang, "astatus", str(ag, "status")));
			raw(h, "<td class=\"nowrap\">");
			esc(h, str(ag, "signed_date"));
			raw(h, "</td><td>");
			json_array_foreach(json_object_get(ag, "parties"), k, p)
			{
				if (k)
					raw(h, ", ");
				esc(h, localized(h, p, "name"));
				if (has(p, "role") && strcmp(str(p, "role"), "party")) {
					raw(h, " (");
					esc(h, tripdoc_enum(h->lang, "party", str(p, "role")));
					raw(h, ")");
				}
			}
			raw(h, "</td></tr>\n");
		}
		raw(h, "</tbody></table>\n");
	}
	raw(h, "</section>\n");
}

static void implications(struct html *h)
{
	section(h, "implications", "h.implications", 0);
	paragraph(h, localized(h, json_object_get(h->doc, "delegation"), "implications"));
	raw(h, "</section>\n");
}

static void summary_row(struct html *h, const char *cls, const char *key, const char *text,
			const json_t *amount, int digits)
{
	raw(h, cls);
	raw(h, "<th scope=\"row\">");
	if (key)
		label(h, key);
	else
		esc(h, text);
	raw(h, "</th><td class=\"num\">");
	if (json_is_integer(amount))
		money(h, json_integer_value(amount), digits);
	else
		label(h, "t.no_budget");
	raw(h, "</td></tr>\n");
}

static void costs(struct html *h)
{
	static const char *const cols[] = {
		"c.no", "c.category", "c.description", "c.amount", "c.rate", "c.converted", NULL};
	const json_t *c = json_object_get(h->doc, "costs"), *cat, *l;
	const char *base = str(c, "currency");
	int digits = (int)integer(c, "digits");
	size_t i;
	section(h, "costs", "h.costs", 1);
	raw(h, "<h3>");
	label(h, "h.cost_summary");
	raw(h, "</h3>\n<table class=\"cost-summary\">\n<thead><tr><th scope=\"col\">");
	label(h, "c.category");
	raw(h, "</th><th scope=\"col\" class=\"num\">");
	label(h, "c.amount");
	raw(h, " (");
	esc(h, base);
	raw(h, ")</th></tr></thead>\n<tbody>\n");
	json_array_foreach(json_object_get(c, "by_category"), i, cat)
		summary_row(h, "<tr>", NULL, tripdoc_enum(h->lang, "cost", str(cat, "category")),
			    json_object_get(cat, "amount"), digits);
	summary_row(h, "<tr class=\"total\">", "t.total", NULL, json_object_get(c, "total"),
		    digits);
	summary_row(h, "<tr>", "t.budget", NULL, json_object_get(c, "budget"), digits);
	if (json_is_integer(json_object_get(c, "remaining")))
		summary_row(h, "<tr>", "t.remaining", NULL, json_object_get(c, "remaining"),
			    digits);
	raw(h, "</tbody></table>\n");
	if (integer(c, "unconverted") > 0) {
		raw(h, "<p class=\"warn\">");
		label(h, "t.unconverted_pre");
		num(h, integer(c, "unconverted"));
		label(h, "t.unconverted_post");
		raw(h, "</p>\n");
	}
	raw(h, "<h3>");
	label(h, "h.cost_lines");
	raw(h, "</h3>\n");
	if (!json_array_size(json_object_get(c, "lines"))) {
		none(h);
		raw(h, "</section>\n");
		return;
	}
	raw(h, "<table class=\"cost-lines\">\n");
	th_row(h, cols);
	raw(h, "<tbody>\n");
	json_array_foreach(json_object_get(c, "lines"), i, l)
	{
		const json_t *item = json_object_get(l, "item"), *m = json_object_get(l, "member");
		raw(h, "<tr><td class=\"no\">");
		num(h, (long long)i + 1);
		raw(h, "</td>");
		td(h, tripdoc_enum(h->lang, "cost", str(l, "category")));
		raw(h, "<td>");
		esc(h, str(l, "description"));
		if (json_is_object(item)) {
			raw(h, "<br><span class=\"muted small\">");
			label(h, "c.item");
			raw(h, ": ");
			esc(h, str(item, "date"));
			raw(h, " ");
			esc(h, localized(h, item, "title"));
			raw(h, "</span>");
		}
		if (json_is_object(m)) {
			raw(h, "<br><span class=\"muted small\">");
			label(h, "c.member");
			raw(h, ": ");
			esc(h, tripdoc_enum(h->lang, "role", str(m, "role")));
			if (has(m, "title_ko") || has(m, "title_en")) {
				raw(h, " · ");
				esc(h, localized(h, m, "title"));
			}
			raw(h, "</span>");
		}
		raw(h, "</td><td class=\"num\">");
		money(h, integer(l, "amount"), (int)integer(l, "digits"));
		raw(h, " ");
		esc(h, str(l, "currency"));
		raw(h, "</td><td class=\"num\">");
		esc(h, str(l, "rate"));
		raw(h, "</td><td class=\"num\">");
		if (json_is_integer(json_object_get(l, "converted"))) {
			money(h, integer(l, "converted"), digits);
			raw(h, " ");
			esc(h, base);
		} else {
			raw(h, "<span class=\"warn\">");
			label(h, "t.no_rate");
			raw(h, "</span>");
		}
		raw(h, "</td></tr>\n");
	}
	raw(h, "</tbody></table>\n</section>\n");
}

int tripdoc_html(const json_t *doc, enum tripdoc_lang lang, struct strbuf *out)
{
	const char *kind = json_string_value(json_object_get(doc, "kind"));
	if (!kind || !json_is_object(json_object_get(doc, "delegation")) ||
	    !json_is_object(json_object_get(doc, "costs")))
		return -1;
	struct html h = {.sb = out, .lang = lang, .doc = doc, .report = !strcmp(kind, "report")};
	head(&h);
	overview(&h);
	members(&h);
	institutions(&h);
	itinerary(&h);
	if (h.report) {
		activities(&h);
		agreements(&h);
		implications(&h);
	}
	costs(&h);
	raw(&h, "</main>\n</body>\n</html>\n");
	return 0;
}
