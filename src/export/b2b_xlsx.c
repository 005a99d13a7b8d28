/* b2b_xlsx.c - the schedule workbook: grid, meetings, interpreters. */
#include "b2b_xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "xlsx_file.h"

enum { PAPER_A4 = 9 };

struct wx {
	lxw_workbook *wb;
	int en;
	const json_t *grid, *people;
	/* the meetings by slot (counting sort): those of slot t are order[at[t]..at[t+1]), the
	 * ones with no slot last; so that every sheet is one pass, not slots × meetings */
	const json_t **order;
	size_t *at, nslots;
	lxw_error err; /* the first error; later writes are skipped */
	lxw_format *title, *head, *text, *wrap, *date, *count, *muted;
};

static const char *const words[][2] = {
	{"sheet.grid", "일정표"},	 {"sheet.grid.en", "Grid"},
	{"sheet.meetings", "상담 목록"}, {"sheet.meetings.en", "Meetings"},
	{"sheet.interpreters", "통역"},	 {"sheet.interpreters.en", "Interpreters"},
};

static const char *const meeting_head[2][14] = {
	{"번호", "날짜", "시작", "종료", "장소", "부스", "테이블", "참가기업", "방문(바이어)",
	 "국가", "통역", "우선순위", "진행", "미배정 사유"},
	{"No.", "Date", "Start", "End", "Venue", "Booth", "Table", "Host", "Visitor", "Country",
	 "Interpreter", "Priority", "Status", "Why unscheduled"},
};

static const char *word(const struct wx *x, const char *key)
{
	char k[64];
	snprintf(k, sizeof(k), "%s%s", key, x->en ? ".en" : "");
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(words[i][0], k))
			return words[i][1];
	return key;
}

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void check(struct wx *x, lxw_error e)
{
	if (e && !x->err)
		x->err = e;
}

static void put(struct wx *x, lxw_worksheet *ws, int row, int col, const char *s, lxw_format *f)
{
	if (!x->err && s && *s)
		check(x, worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, s, f));
}

static void number(struct wx *x, lxw_worksheet *ws, int row, int col, double v)
{
	if (!x->err)
		check(x, worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, v, x->count));
}

static void date(struct wx *x, lxw_worksheet *ws, int row, int col, const char *s)
{
	lxw_datetime dt = {0};
	char tail;
	if (x->err || !s)
		return;
	if (sscanf(s, "%4d-%2d-%2d%c", &dt.year, &dt.month, &dt.day, &tail) == 3)
		check(x,
		      worksheet_write_datetime(ws, (lxw_row_t)row, (lxw_col_t)col, &dt, x->date));
}

/* A venue's or organization's name in the workbook's language. */
static const char *name_of(const struct wx *x, const json_t *o)
{
	const char *en = str(o, "name_en"), *ko = str(o, "name_ko");
	return x->en && en ? en : ko ? ko : en;
}

static const json_t *person(const struct wx *x, json_int_t id)
{
	char key[32];
	snprintf(key, sizeof(key), "%lld", (long long)id);
	return json_object_get(x->people, key);
}

static const char *pname(const struct wx *x, const json_t *m, const char *field)
{
	const json_t *id = json_object_get(m, field);
	return json_is_integer(id) ? str(person(x, json_integer_value(id)), "name") : NULL;
}

static void formats(struct wx *x)
{
	x->title = workbook_add_format(x->wb);
	format_set_bold(x->title);
	format_set_font_size(x->title, 14);
	x->head = workbook_add_format(x->wb);
	format_set_bold(x->head);
	format_set_bg_color(x->head, 0xEEF1F6);
	format_set_text_wrap(x->head);
	format_set_border(x->head, LXW_BORDER_THIN);
	x->text = workbook_add_format(x->wb);
	format_set_border(x->text, LXW_BORDER_THIN);
	format_set_align(x->text, LXW_ALIGN_VERTICAL_TOP);
	x->wrap = workbook_add_format(x->wb);
	format_set_border(x->wrap, LXW_BORDER_THIN);
	format_set_text_wrap(x->wrap);
	format_set_align(x->wrap, LXW_ALIGN_VERTICAL_TOP);
	x->date = workbook_add_format(x->wb);
	format_set_num_format(x->date, "yyyy-mm-dd");
	format_set_border(x->date, LXW_BORDER_THIN);
	format_set_align(x->date, LXW_ALIGN_LEFT);
	x->count = workbook_add_format(x->wb);
	format_set_num_format(x->count, "0");
	format_set_border(x->count, LXW_BORDER_THIN);
	format_set_align(x->count, LXW_ALIGN_LEFT);
	x->muted = workbook_add_format(x->wb);
	format_set_font_color(x->muted, 0x5C5C5C);
}

static lxw_worksheet *sheet(struct wx *x, const char *key)
{
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, word(x, key));
	if (!ws) {
		check(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return NULL;
	}
	worksheet_set_paper(ws, PAPER_A4);
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	check(x, worksheet_set_footer(ws, "&C&P / &N"));
	return ws;
}

/* The programme's name over the sheet's first row. */
static void caption(struct wx *x, lxw_worksheet *ws)
{
	const char *zone = str(x->grid, "timezone");
	put(x, ws, 0, 0, name_of(x, x->grid), x->title);
	put(x, ws, 1, 0, zone, x->muted);
}

/* The slot of meeting m, or nslots when it has none. */
static size_t slot_of(const struct wx *x, const json_t *m)
{
	const json_t *s = json_object_get(m, "slot");
	json_int_t t = json_is_integer(s) ? json_integer_value(s) : -1;
	return t >= 0 && (size_t)t < x->nslots ? (size_t)t : x->nslots;
}

static int cancelled(const json_t *m)
{
	const char *st = str(m, "status");
	return st && !strcmp(st, "cancelled");
}

/* Sorts the meetings by slot into x->order and x->at. Returns 0, or -1 out of memory. */
static int by_slot(struct wx *x)
{
	const json_t *meetings = json_object_get(x->grid, "meetings"), *m;
	size_t n = json_array_size(meetings), i;
	x->order = calloc(n + 1, sizeof(*x->order));
	x->at = calloc(x->nslots + 2, sizeof(*x->at));
	if (!x->order || !x->at)
		return -1;
	json_array_foreach(meetings, i, m) x->at[slot_of(x, m) + 1]++;
	for (size_t t = 0; t <= x->nslots; t++)
		x->at[t + 1] += x->at[t];
	size_t *fill = calloc(x->nslots + 1, sizeof(*fill));
	if (!fill)
		return -1;
	json_array_foreach(meetings, i, m)
	{
		size_t t = slot_of(x, m);
		x->order[x->at[t] + fill[t]++] = m;
	}
	free(fill);
	return 0;
}

/* Slots down, booths across; a cell lists the meetings of that booth in that slot. */
static void grid_sheet(struct wx *x)
{
	lxw_worksheet *ws = sheet(x, "sheet.grid");
	const json_t *hosts = json_object_get(x->grid, "hosts");
	const json_t *slots = json_object_get(x->grid, "slots");
	size_t h, t, nh = json_array_size(hosts);
	const json_t *host, *slot;
	json_t *column = json_object(); /* host id → its column */
	struct strbuf *cells = calloc(nh + 1, sizeof(*cells));
	if (!ws || !column || !cells) {
		check(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
		json_decref(column);
		free(cells);
		return;
	}
	caption(x, ws);
	put(x, ws, 3, 0, x->en ? "Date" : "날짜", x->head);
	put(x, ws, 3, 1, x->en ? "Time" : "시간", x->head);
	check(x, worksheet_set_column(ws, 0, 1, 11, NULL));
	json_array_foreach(hosts, h, host)
	{
		const json_t *booth = json_object_get(host, "booth");
		struct strbuf sb = STRBUF_INIT;
		char key[32];
		snprintf(key, sizeof(key), "%lld",
			 (long long)json_integer_value(json_object_get(host, "id")));
		json_object_set_new(column, key, json_integer((json_int_t)h));
		strbuf_addstr(&sb, str(host, "name") ? str(host, "name") : "");
		if (str(booth, "code"))
			strbuf_addf(&sb, "\n%s", str(booth, "code"));
		put(x, ws, 3, (int)h + 2, sb.buf, x->head);
		strbuf_release(&sb);
		check(x,
		      worksheet_set_column(ws, (lxw_col_t)(h + 2), (lxw_col_t)(h + 2), 22, NULL));
		strbuf_init(&cells[h]);
	}
	check(x, worksheet_repeat_rows(ws, 3, 3));
	worksheet_freeze_panes(ws, 4, 2);
	json_array_foreach(slots, t, slot)
	{
		const json_t *start = json_object_get(slot, "start");
		date(x, ws, (int)t + 4, 0, str(start, "date"));
		put(x, ws, (int)t + 4, 1, str(start, "time"), x->text);
		for (size_t k = x->at[t]; t < x->nslots && k < x->at[t + 1]; k++) {
			const json_t *mt = x->order[k];
			char key[32];
			snprintf(key, sizeof(key), "%lld",
				 (long long)json_integer_value(json_object_get(mt, "host_id")));
			const json_t *col = json_object_get(column, key);
			if (!col || cancelled(mt))
				continue;
			struct strbuf *sb = &cells[json_integer_value(col)];
			const char *who = pname(x, mt, "visitor_id"),
				   *ip = pname(x, mt, "interpreter_id");
			strbuf_addf(sb, "%s%s", sb->len ? "\n" : "", who ? who : "");
			if (ip)
				strbuf_addf(sb, x->en ? " (interpreter: %s)" : " (통역: %s)", ip);
		}
		for (h = 0; h < nh; h++) {
			put(x, ws, (int)t + 4, (int)h + 2, cells[h].buf, x->wrap);
			strbuf_reset(&cells[h]);
		}
	}
	for (h = 0; h < nh; h++)
		strbuf_release(&cells[h]);
	free(cells);
	json_decref(column);
}

/* One row per meeting, in slot order (the grid lists them by id; the slot decides). */
static void meetings_sheet(struct wx *x)
{
	lxw_worksheet *ws = sheet(x, "sheet.meetings");
	const json_t *slots = json_object_get(x->grid, "slots");
	static const double widths[] = {7, 11, 7, 7, 20, 9, 7, 22, 22, 8, 14, 9, 10, 14};
	int row = 4;
	if (!ws)
		return;
	caption(x, ws);
	for (int c = 0; c < 14; c++) {
		put(x, ws, 3, c, meeting_head[x->en][c], x->head);
		check(x, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL));
	}
	check(x, worksheet_repeat_rows(ws, 3, 3));
	worksheet_freeze_panes(ws, 4, 0);
	/* placed meetings slot by slot, then the rest */
	for (size_t k = 0; k < x->at[x->nslots + 1]; k++) {
		const json_t *mt = x->order[k];
		size_t at = slot_of(x, mt);
		const json_t *slot = at < x->nslots ? json_array_get(slots, at) : NULL;
		const json_t *host = person(x, json_integer_value(json_object_get(mt, "host_id")));
		const json_t *vis =
			person(x, json_integer_value(json_object_get(mt, "visitor_id")));
		const json_t *table = json_object_get(mt, "table_no");
		number(x, ws, row, 0, (double)json_integer_value(json_object_get(mt, "id")));
		if (slot) {
			date(x, ws, row, 1, str(json_object_get(slot, "start"), "date"));
			put(x, ws, row, 2, str(json_object_get(slot, "start"), "time"), x->text);
			put(x, ws, row, 3, str(json_object_get(slot, "end"), "time"), x->text);
			if (json_is_integer(table))
				number(x, ws, row, 6, (double)json_integer_value(table));
		}
		put(x, ws, row, 4, name_of(x, json_object_get(host, "venue")), x->text);
		put(x, ws, row, 5, str(json_object_get(host, "booth"), "code"), x->text);
		put(x, ws, row, 7, str(host, "name"), x->text);
		put(x, ws, row, 8, str(vis, "name"), x->text);
		put(x, ws, row, 9, str(vis, "country"), x->text);
		put(x, ws, row, 10, pname(x, mt, "interpreter_id"), x->text);
		put(x, ws, row, 11, str(mt, "priority"), x->text);
		put(x, ws, row, 12, str(mt, "status"), x->text);
		put(x, ws, row, 13, str(mt, "reason"), x->text);
		row++;
	}
	check(x, worksheet_autofilter(ws, 3, 0, (lxw_row_t)(row > 4 ? row - 1 : 4), 13));
}

/* Each interpreter's meetings in time order: the roster. */
static void interpreters_sheet(struct wx *x)
{
	lxw_worksheet *ws = sheet(x, "sheet.interpreters");
	const json_t *slots = json_object_get(x->grid, "slots");
	const json_t *interps = json_object_get(x->grid, "interpreters");
	static const char *const head[2][6] = {
		{"통역", "언어", "날짜", "시작", "참가기업", "방문(바이어)"},
		{"Interpreter", "Languages", "Date", "Start", "Host", "Visitor"}};
	static const double widths[] = {16, 14, 11, 7, 22, 22};
	size_t i;
	const json_t *ip;
	int row = 4;
	if (!ws)
		return;
	caption(x, ws);
	for (int c = 0; c < 6; c++) {
		put(x, ws, 3, c, head[x->en][c], x->head);
		check(x, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL));
	}
	check(x, worksheet_repeat_rows(ws, 3, 3));
	json_array_foreach(interps, i, ip)
	{
		struct strbuf langs = STRBUF_INIT;
		size_t k;
		const json_t *l;
		json_array_foreach(json_object_get(ip, "languages"), k, l)
			strbuf_addf(&langs, "%s%s", k ? ", " : "", json_string_value(l));
		put(x, ws, row, 0, str(ip, "name"), x->text);
		put(x, ws, row, 1, langs.buf, x->text);
		strbuf_release(&langs);
		row++;
		/* its meetings in slot order: one pass over the meetings sorted by slot */
		for (size_t o = 0; o < x->at[x->nslots]; o++) {
			const json_t *mt = x->order[o];
			if (json_integer_value(json_object_get(mt, "interpreter_id")) !=
				    json_integer_value(json_object_get(ip, "id")) ||
			    cancelled(mt))
				continue;
			const json_t *start =
				json_object_get(json_array_get(slots, slot_of(x, mt)), "start");
			date(x, ws, row, 2, str(start, "date"));
			put(x, ws, row, 3, str(start, "time"), x->text);
			put(x, ws, row, 4, pname(x, mt, "host_id"), x->text);
			put(x, ws, row, 5, pname(x, mt, "visitor_id"), x->text);
			row++;
		}
	}
}

int b2b_xlsx(const json_t *grid, int en, struct strbuf *out, char *err, size_t errlen)
{
	struct xlsx_file file;
	if (!json_is_array(json_object_get(grid, "slots")) ||
	    !json_is_object(json_object_get(grid, "people"))) {
		snprintf(err, errlen, "the schedule's model is malformed");
		return -1;
	}
	if (xlsx_open(&file, 0, err, errlen))
		return -1;
	struct wx x = {
		.wb = file.wb, .en = en, .grid = grid, .people = json_object_get(grid, "people")};
	lxw_doc_properties props = {
		.title = (char *)name_of(&x, grid),
		.subject = (char *)(en ? "B2B meeting schedule" : "B2B 상담 일정표"),
		.comments = "Roadshow",
	};
	check(&x, workbook_set_properties(x.wb, &props));
	x.nslots = json_array_size(json_object_get(grid, "slots"));
	if (by_slot(&x))
		check(&x, LXW_ERROR_MEMORY_MALLOC_FAILED);
	formats(&x);
	if (!x.err) {
		grid_sheet(&x);
		meetings_sheet(&x);
		interpreters_sheet(&x);
	}
	free(x.order);
	free(x.at);
	return xlsx_finish(&file, x.err, out, err, errlen);
}
