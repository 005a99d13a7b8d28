/* outcome_xlsx.c - the outcome report workbook: summary, breakdowns with charts, rates and
 * the consultations behind it. Written in constant memory, each sheet top to bottom. */
#include "outcome_xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "../core/check.h"
#include "xlsx_file.h"

enum { CHART_ROWS = 20 }; /* groups a breakdown's chart shows: the largest */

struct ox {
	lxw_workbook *wb;
	int en;
	const json_t *r;
	lxw_error err; /* the first error; later writes are skipped */
	lxw_format *title, *head, *text, *note, *count, *usd, *krw, *share;
};

/* Words of the workbook, Korean and English, by key. */
static const char *const words[][3] = {
	{"title", "성과 보고서", "Outcome report"},
	{"summary", "요약", "Summary"},
	{"by_company", "기업별", "By company"},
	{"by_country", "국가별", "By country"},
	{"by_category", "품목별", "By category"},
	{"by_pavilion", "공동관별", "By pavilion"},
	{"rates", "환율", "Rates"},
	{"consultations", "상담일지", "Consultations"},
	{"apart",
	 "단계별 금액은 서로 더하지 않습니다. 각 단계는 그 단계에 이른 상담의 최근 금액입니다.",
	 "Amounts of different stages are never added together: each stage holds the latest amount "
	 "of the consultations that reached it."},
	{"date", "환율 기준일", "Rates of"},
	{"latest", "최근 환율", "latest rates"},
	{"item", "항목", "Item"},
	{"this", "이번 회", "This edition"},
	{"previous", "이전 회", "Previous edition"},
	{"change", "증감", "Change"},
	{"companies", "참가기업", "Companies"},
	{"consulted_n", "상담 건수", "Consultations"},
	{"meetings_held", "B2B 상담 진행", "B2B meetings held"},
	{"agreements", "협약 체결", "Agreements signed"},
	{"binding", "법적 구속력 있는 협약", "Binding agreements"},
	{"agreement_value", "협약 금액 (USD)", "Agreements' value (USD)"},
	{"stage", "단계", "Stage"},
	{"count", "건수", "Count"},
	{"usd", "금액 (USD)", "Amount (USD)"},
	{"krw", "금액 (KRW)", "Amount (KRW)"},
	{"verified_usd", "서류 확인 (USD)", "Verified (USD)"},
	{"verified_share", "확인 비율", "Verified share"},
	{"unconverted", "환율 없음 (건)", "No rate (count)"},
	{"prev_count", "이전 회 건수", "Previous: count"},
	{"prev_usd", "이전 회 금액 (USD)", "Previous: amount (USD)"},
	{"by_stage_chart", "단계별 금액 (USD)", "Amount by stage (USD)"},
	{"group", "구분", "Group"},
	{"none", "(미기재)", "(none)"},
	{"currency", "통화", "Currency"},
	{"to", "환산 통화", "Into"},
	{"rate", "환율", "Rate"},
	{"source", "출처", "Source"},
	{"no", "번호", "No."},
	{"consulted_at", "상담 일시 (UTC)", "Consulted at (UTC)"},
	{"exhibitor", "참가기업", "Exhibitor"},
	{"buyer", "바이어", "Buyer"},
	{"country", "바이어 국적", "Buyer country"},
	{"category", "품목 분야", "Category"},
	{"product", "상담 품목", "Product"},
	{"kind", "상담 유형", "Kind"},
	{"verified_stages", "서류 확인 단계", "Verified stages"},
	{"total", "합계", "Total"},
	{"consulted", "상담", "Consulted"},
	{"negotiating", "협상 중", "Negotiating"},
	{"provisional", "가계약", "Provisional contract"},
	{"signed", "계약 체결", "Contract signed"},
	{"exported", "수출 완료", "Exported"},
	{"dropped", "중단", "Dropped"},
	{"walk_in", "현장 방문 상담", "Walk-in at the booth"},
	{"scheduled", "예약 상담", "Scheduled meeting"},
	{"interpreted", "통역 상담", "Interpreted meeting"},
	{"online", "온라인 상담", "Online"},
};

static const char *word(const struct ox *x, const char *key)
{
	for (size_t i = 0; key && i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(words[i][0], key))
			return words[i][1 + x->en];
	return key ? key : "";
}

static void check(struct ox *x, lxw_error e)
{
	if (e && !x->err)
		x->err = e;
}

static void text(struct ox *x, lxw_worksheet *ws, int row, int col, const char *s, lxw_format *f)
{
	if (!x->err && s && *s)
		check(x, worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, s, f));
}

static void number(struct ox *x, lxw_worksheet *ws, int row, int col, double v, lxw_format *f)
{
	if (!x->err)
		check(x, worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, v, f));
}

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static double integer(const json_t *o, const char *key)
{
	return (double)json_integer_value(json_object_get(o, key));
}

/* Minor units of cur in major units: one division, so that 58299756 cents reads 582997.56. */
static double major(int64_t minor, const char *cur)
{
	double unit = 1;
	for (int d = currency_digits(cur); d > 0; d--)
		unit *= 10;
	return (double)minor / unit;
}

/* An amount of report currency cur (minor units in o[cur]) in major units. */
static double money(const json_t *o, const char *cur)
{
	return major(json_integer_value(json_object_get(o, cur)), cur);
}

static lxw_worksheet *sheet(struct ox *x, const char *key)
{
	lxw_worksheet *ws = x->err ? NULL : workbook_add_worksheet(x->wb, word(x, key));
	if (!ws && !x->err)
		x->err = LXW_ERROR_MEMORY_MALLOC_FAILED;
	return ws;
}

static void heads(struct ox *x, lxw_worksheet *ws, int row, const char *const *keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		text(x, ws, row, (int)i, word(x, keys[i]), x->head);
}

/* A column chart of cells rows first..last of columns cols[] (one series each, named by the
 * heading in row first - 1) by the categories in column 0, at (row, col) of ws. */
static void chart(struct ox *x, lxw_worksheet *ws, const char *title, int first, int last,
		  const int *cols, size_t ncols, int at_row, int at_col)
{
	if (x->err || last < first)
		return;
	const char *name = word(x, title);
	lxw_chart *c = workbook_add_chart(x->wb, LXW_CHART_COLUMN);
	if (!c) {
		x->err = LXW_ERROR_MEMORY_MALLOC_FAILED;
		return;
	}
	for (size_t i = 0; i < ncols; i++) {
		lxw_chart_series *s = chart_add_series(c, NULL, NULL);
		if (!s) {
			x->err = LXW_ERROR_MEMORY_MALLOC_FAILED;
			return;
		}
		chart_series_set_categories(s, ws->name, (lxw_row_t)first, 0, (lxw_row_t)last, 0);
		chart_series_set_values(s, ws->name, (lxw_row_t)first, (lxw_col_t)cols[i],
					(lxw_row_t)last, (lxw_col_t)cols[i]);
		chart_series_set_name_range(s, ws->name, (lxw_row_t)(first - 1),
					    (lxw_col_t)cols[i]);
	}
	chart_title_set_name(c, name);
	chart_legend_set_position(c, LXW_CHART_LEGEND_BOTTOM);
	check(x, worksheet_insert_chart(ws, (lxw_row_t)at_row, (lxw_col_t)at_col, c));
}

static const json_t *stage_of(const json_t *stages, int s)
{
	return json_object_get(stages, oc_stage_names[s]);
}

static void summary_sheet(struct ox *x)
{
	lxw_worksheet *ws = sheet(x, "summary");
	const json_t *sum = json_object_get(x->r, "summary"),
		     *prev = json_object_get(x->r, "previous");
	const json_t *psum = json_is_object(prev) ? json_object_get(prev, "summary") : NULL;
	const json_t *name = json_object_get(x->r, "name");
	const char *label = str(name, x->en ? "name_en" : "name_ko");
	if (!label || !*label)
		label = str(name, "name_ko");
	if (!ws)
		return;
	char title[512];
	snprintf(title, sizeof(title), "%s — %s", word(x, "title"), label ? label : "");
	text(x, ws, 0, 0, title, x->title);
	const char *day = str(x->r, "date");
	char line[256];
	snprintf(line, sizeof(line), "%s: %s", word(x, "date"), day ? day : word(x, "latest"));
	text(x, ws, 1, 0, line, x->note);
	text(x, ws, 2, 0, word(x, "apart"), x->note);
	static const char *const head[] = {"item", "this", "previous", "change"};
	heads(x, ws, 4, head, psum ? 4 : 2);
	struct {
		const char *key;
		double now, before;
		lxw_format *f;
	} items[] = {
		{"companies", integer(sum, "companies"), integer(psum, "companies"), x->count},
		{"consulted_n", integer(sum, "consultations"), integer(psum, "consultations"),
		 x->count},
		{"meetings_held", integer(sum, "meetings_held"), integer(psum, "meetings_held"),
		 x->count},
		{"agreements", integer(json_object_get(sum, "agreements"), "count"),
		 integer(json_object_get(psum, "agreements"), "count"), x->count},
		{"binding", integer(json_object_get(sum, "agreements"), "binding"),
		 integer(json_object_get(psum, "agreements"), "binding"), x->count},
		{"agreement_value",
		 money(json_object_get(json_object_get(sum, "agreements"), "amount"), "USD"),
		 money(json_object_get(json_object_get(psum, "agreements"), "amount"), "USD"),
		 x->usd},
	};
	int row = 5;
	for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++, row++) {
		text(x, ws, row, 0, word(x, items[i].key), x->text);
		number(x, ws, row, 1, items[i].now, items[i].f);
		if (psum) {
			number(x, ws, row, 2, items[i].before, items[i].f);
			number(x, ws, row, 3, items[i].now - items[i].before, items[i].f);
		}
	}
	row++;
	static const char *const stage_head[] = {"stage",	"count",	"usd",
						 "krw",		"verified_usd", "verified_share",
						 "unconverted", "prev_count",	"prev_usd"};
	int first = row + 1;
	heads(x, ws, row++, stage_head, psum ? 9 : 7);
	const json_t *stages = json_object_get(json_object_get(x->r, "total"), "stages");
	const json_t *pstages = psum ? json_object_get(prev, "total") : NULL;
	for (int s = 0; s < OC_NSTAGES; s++, row++) {
		const json_t *c = stage_of(stages, s);
		double usd = money(json_object_get(c, "amount"), "USD"),
		       vusd = money(json_object_get(c, "verified"), "USD");
		text(x, ws, row, 0, word(x, oc_stage_names[s]), x->text);
		number(x, ws, row, 1, integer(c, "count"), x->count);
		number(x, ws, row, 2, usd, x->usd);
		number(x, ws, row, 3, money(json_object_get(c, "amount"), "KRW"), x->krw);
		number(x, ws, row, 4, vusd, x->usd);
		if (usd > 0)
			number(x, ws, row, 5, vusd / usd, x->share);
		number(x, ws, row, 6, integer(c, "unconverted"), x->count);
		if (pstages) {
			const json_t *p = stage_of(pstages, s);
			number(x, ws, row, 7, integer(p, "count"), x->count);
			number(x, ws, row, 8, money(json_object_get(p, "amount"), "USD"), x->usd);
		}
	}
	static const int now_only[] = {2}, both[] = {2, 8};
	chart(x, ws, "by_stage_chart", first, row - 1, pstages ? both : now_only, pstages ? 2 : 1,
	      4, psum ? 10 : 8);
	if (!x->err) {
		worksheet_set_column(ws, 0, 0, 24, NULL);
		worksheet_set_column(ws, 1, 8, 16, NULL);
	}
}

struct ranked {
	const json_t *g;
	double consulted;
};

static int by_consulted(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	return x->consulted < y->consulted ? 1 : x->consulted > y->consulted ? -1 : 0;
}

/* A breakdown: a row per group (the largest consulted amount first), per stage its count
 * and USD amount, and a chart of the consulted and signed amounts of the largest. */
static void breakdown_sheet(struct ox *x, const char *key)
{
	const json_t *groups = json_object_get(x->r, key);
	if (!json_is_array(groups))
		return;
	lxw_worksheet *ws = sheet(x, key);
	if (!ws)
		return;
	size_t n = json_array_size(groups);
	struct ranked *rk = calloc(n + 1, sizeof(*rk));
	if (!rk) {
		x->err = LXW_ERROR_MEMORY_MALLOC_FAILED;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		rk[i].g = json_array_get(groups, i);
		rk[i].consulted = money(
			json_object_get(stage_of(json_object_get(rk[i].g, "stages"), OC_CONSULTED),
					"amount"),
			"USD");
	}
	qsort(rk, n, sizeof(*rk), by_consulted);
	text(x, ws, 0, 0, word(x, "group"), x->head);
	for (int s = 0; s < OC_NSTAGES; s++) {
		char h[128];
		snprintf(h, sizeof(h), "%s: %s", word(x, oc_stage_names[s]), word(x, "count"));
		text(x, ws, 0, 1 + 2 * s, h, x->head);
		snprintf(h, sizeof(h), "%s (USD)", word(x, oc_stage_names[s]));
		text(x, ws, 0, 2 + 2 * s, h, x->head);
	}
	for (size_t i = 0; i < n; i++) {
		const json_t *g = rk[i].g;
		const char *label = str(g, x->en ? "name_en" : "name_ko");
		if (!label || !*label)
			label = str(g, "name_ko");
		if (!label)
			label = str(g, "key");
		text(x, ws, (int)i + 1, 0, label ? label : word(x, "none"), x->text);
		const json_t *stages = json_object_get(g, "stages");
		for (int s = 0; s < OC_NSTAGES; s++) {
			const json_t *c = stage_of(stages, s);
			number(x, ws, (int)i + 1, 1 + 2 * s, integer(c, "count"), x->count);
			number(x, ws, (int)i + 1, 2 + 2 * s,
			       money(json_object_get(c, "amount"), "USD"), x->usd);
		}
	}
	free(rk);
	static const int cols[] = {2 + 2 * OC_CONSULTED, 2 + 2 * OC_SIGNED};
	int last = (int)(n < CHART_ROWS ? n : CHART_ROWS);
	chart(x, ws, key, 1, last, cols, 2, 1, 2 * OC_NSTAGES + 2);
	if (!x->err) {
		worksheet_set_column(ws, 0, 0, 28, NULL);
		worksheet_set_column(ws, 1, 2 * OC_NSTAGES, 13, NULL);
		worksheet_freeze_panes(ws, 1, 1);
	}
}

static void rates_sheet(struct ox *x)
{
	lxw_worksheet *ws = sheet(x, "rates");
	static const char *const head[] = {"date", "currency", "to", "rate", "source"};
	const json_t *lists[2] = {json_object_get(x->r, "rates"),
				  json_object_get(json_object_get(x->r, "previous"), "rates")};
	if (!ws)
		return;
	heads(x, ws, 0, head, 5);
	int row = 1;
	for (int k = 0; k < 2; k++) {
		size_t i;
		const json_t *r;
		json_array_foreach(lists[k], i, r)
		{
			text(x, ws, row, 0, str(r, "date"), x->text);
			text(x, ws, row, 1, str(r, "currency"), x->text);
			text(x, ws, row, 2, str(r, "to_currency"), x->text);
			const char *rate = str(r, "rate");
			number(x, ws, row, 3, rate ? strtod(rate, NULL) : 0, NULL);
			text(x, ws, row++, 4, str(r, "source"), x->text);
		}
	}
	if (!x->err) {
		worksheet_set_column(ws, 0, 3, 12, NULL);
		worksheet_set_column(ws, 4, 4, 60, NULL);
	}
}

/* Every consultation: who, where, what, and its USD amount at each stage it reached; the
 * last row sums each stage's column. */
static void consultations_sheet(struct ox *x, outcome_rows_fn next, void *ctx)
{
	lxw_worksheet *ws = sheet(x, "consultations");
	static const char *const head[] = {"no",      "consulted_at", "exhibitor", "buyer",
					   "country", "category",     "product",   "kind"};
	enum { FIXED = 8 };
	if (!ws)
		return;
	heads(x, ws, 0, head, FIXED);
	for (int s = 0; s < OC_NSTAGES; s++) {
		char h[128];
		snprintf(h, sizeof(h), "%s (USD)", word(x, oc_stage_names[s]));
		text(x, ws, 0, FIXED + s, h, x->head);
	}
	text(x, ws, 0, FIXED + OC_NSTAGES, word(x, "verified_stages"), x->head);
	int row = 1;
	for (;;) {
		const struct outcome_row *rows;
		size_t n;
		if (x->err)
			return;
		if (next(ctx, &rows, &n)) {
			x->err = LXW_ERROR_MEMORY_MALLOC_FAILED;
			return;
		}
		if (!n)
			break;
		for (size_t i = 0; i < n; i++, row++) {
			const struct outcome_row *r = &rows[i];
			number(x, ws, row, 0, (double)r->id, NULL);
			text(x, ws, row, 1, r->consulted_at, x->text);
			text(x, ws, row, 2, r->exhibitor, x->text);
			text(x, ws, row, 3, r->buyer, x->text);
			text(x, ws, row, 4, r->country, x->text);
			text(x, ws, row, 5, r->category, x->text);
			text(x, ws, row, 6, r->product, x->text);
			text(x, ws, row, 7, word(x, r->kind), x->text);
			char verified[256] = "";
			for (int s = 0; s < OC_NSTAGES; s++) {
				const struct oc_line *l = &r->at[s];
				if (!l->consultation || !l->converted)
					continue;
				number(x, ws, row, FIXED + s, major(l->in[0], "USD"), x->usd);
				if (l->verified)
					snprintf(verified + strlen(verified),
						 sizeof(verified) - strlen(verified), "%s%s",
						 *verified ? ", " : "", word(x, oc_stage_names[s]));
			}
			text(x, ws, row, FIXED + OC_NSTAGES, verified, x->text);
		}
	}
	text(x, ws, row, 0, word(x, "total"), x->head);
	for (int s = 0; s < OC_NSTAGES && row > 1; s++) {
		char f[64];
		lxw_col_t c = (lxw_col_t)(FIXED + s);
		char col[8];
		lxw_col_to_name(col, c, 0);
		snprintf(f, sizeof(f), "=SUM(%s2:%s%d)", col, col, row);
		if (!x->err)
			check(x, worksheet_write_formula(ws, (lxw_row_t)row, c, f, x->usd));
	}
	if (!x->err) {
		worksheet_set_column(ws, 1, 1, 22, NULL);
		worksheet_set_column(ws, 2, 3, 26, NULL);
		worksheet_set_column(ws, FIXED, FIXED + OC_NSTAGES, 14, NULL);
		worksheet_freeze_panes(ws, 1, 0);
	}
}

static lxw_format *fmt(struct ox *x, int bold, const char *num, double size)
{
	lxw_format *f = workbook_add_format(x->wb);
	if (!f)
		return NULL;
	if (bold)
		format_set_bold(f);
	if (num)
		format_set_num_format(f, num);
	if (size > 0)
		format_set_font_size(f, size);
	return f;
}

int outcome_xlsx(const json_t *report, int en, outcome_rows_fn next, void *ctx, struct strbuf *out,
		 char *err, size_t errlen)
{
	struct xlsx_file file;
	if (xlsx_open(&file, 1, err, errlen))
		return -1;
	struct ox x = {.wb = file.wb, .en = en, .r = report};
	x.title = fmt(&x, 1, NULL, 14);
	x.head = fmt(&x, 1, NULL, 0);
	x.text = NULL;
	x.note = fmt(&x, 0, NULL, 9);
	x.count = fmt(&x, 0, "#,##0", 0);
	x.usd = fmt(&x, 0, "#,##0.00", 0);
	x.krw = fmt(&x, 0, "#,##0", 0);
	x.share = fmt(&x, 0, "0.0%", 0);
	if (!x.title || !x.head || !x.note || !x.count || !x.usd || !x.krw || !x.share)
		x.err = LXW_ERROR_MEMORY_MALLOC_FAILED;
	if (x.head)
		format_set_bg_color(x.head, 0xE8EEF7);
	summary_sheet(&x);
	breakdown_sheet(&x, "by_company");
	breakdown_sheet(&x, "by_country");
	breakdown_sheet(&x, "by_category");
	breakdown_sheet(&x, "by_pavilion");
	rates_sheet(&x);
	consultations_sheet(&x, next, ctx);
	return xlsx_finish(&file, x.err, out, err, errlen);
}
