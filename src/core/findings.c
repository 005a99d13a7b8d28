/* findings.c - the checks of an itinerary: who is booked twice, who cannot get from one place
 * to the next in time, what falls outside the trip, the hours or the deadlines. Each finding
 * names its items and members and says what is wrong in Korean and English. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "itinerary.h"

struct checker {
	const struct itin_trip *t;
	const struct itin_rules *r;
	struct arena *a;
	struct finding *f;
	size_t n, cap;
	int failed;
};

static int is_kind(const struct itin_item *it, const char *kind)
{
	return !strcmp(it->kind, kind);
}

static int is_transport(const struct itin_item *it)
{
	return is_kind(it, "flight") || is_kind(it, "ground");
}

static const char *title(const struct itin_item *it, int en)
{
	return en && it->title_en && *it->title_en ? it->title_en : it->title_ko;
}

static const char *place_name(const struct itin_place *p, int en)
{
	if (!p)
		return "?";
	return en && p->name_en && *p->name_en ? p->name_en : p->name_ko;
}

/* Adds a finding, or a member to the same finding (same code and items) already made. */
static void add(struct checker *c, const char *code, enum finding_level level,
		const struct itin_item *item, const struct itin_item *other, const int64_t *member,
		const char *ko, const char *en)
{
	int64_t id = item ? item->id : 0, oid = other ? other->id : 0;
	if (c->failed || !ko || !en)
		goto oom;
	for (size_t i = 0; member && i < c->n; i++) {
		struct finding *f = &c->f[i];
		if (strcmp(f->code, code) || f->item != id || f->other != oid)
			continue;
		for (size_t k = 0; k < f->nmembers; k++)
			if (f->members[k] == *member)
				return;
		int64_t *m = arena_alloc(c->a, (f->nmembers + 1) * sizeof(*m));
		if (!m)
			goto oom;
		memcpy(m, f->members, f->nmembers * sizeof(*m));
		m[f->nmembers++] = *member;
		f->members = m;
		return;
	}
	if (c->n == c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 16;
		struct finding *nf = arena_alloc(c->a, nc * sizeof(*nf));
		if (!nf)
			goto oom;
		if (c->n)
			memcpy(nf, c->f, c->n * sizeof(*nf));
		c->f = nf, c->cap = nc;
	}
	struct finding *f = &c->f[c->n++];
	*f = (struct finding){.code = code, .level = level, .item = id, .other = oid};
	f->message_ko = ko;
	f->message_en = en;
	if (member) {
		f->members = arena_alloc(c->a, sizeof(*f->members));
		if (!f->members)
			goto oom;
		f->members[0] = *member;
		f->nmembers = 1;
	}
	return;
oom:
	c->failed = 1;
}

static int minutes_of(const struct zoned *z)
{
	return z->c.hour * 60 + z->c.minute;
}

/* What a single item gets wrong, whoever attends it. */
static void check_item(struct checker *c, const struct itin_item *it, long first_day, long last_day,
		       int window)
{
	struct arena *a = c->a;
	const char *ko = title(it, 0), *en = title(it, 1);
	if (it->end < it->start) {
		if (is_kind(it, "flight"))
			add(c, "arrives_before_departs", FINDING_ERROR, it, NULL, NULL,
			    arena_printf(a,
					 "「%s」 항공편의 도착 시각이 출발 시각보다 이릅니다. "
					 "도착지 시간대를 확인하세요.",
					 ko),
			    arena_printf(a,
					 "Flight \"%s\" arrives before it departs: check the "
					 "arrival time and its zone.",
					 en));
		else
			add(c, "ends_before_starts", FINDING_ERROR, it, NULL, NULL,
			    arena_printf(a, "「%s」 일정의 종료 시각이 시작 시각보다 이릅니다.",
					 ko),
			    arena_printf(a, "\"%s\" ends before it starts.", en));
	}
	struct zoned s, e;
	if (window && !zone_at(c->t->home_tz, it->start, &s) &&
	    !zone_at(c->t->home_tz, it->end > it->start ? it->end : it->start, &e) &&
	    (s.day < first_day || e.day > last_day))
		add(c, "outside_trip", FINDING_ERROR, it, NULL, NULL,
		    arena_printf(a, "「%s」 일정이 출장 기간(%s~%s) 밖에 있습니다.", ko,
				 c->t->depart_date, c->t->return_date),
		    arena_printf(a, "\"%s\" falls outside the trip (%s to %s).", en,
				 c->t->depart_date, c->t->return_date));
	if (is_kind(it, "meeting")) {
		const char *tz = itin_start_tz(c->t, it);
		if (zone_at(tz, it->start, &s) || zone_at(tz, it->end, &e))
			return;
		int wd = date_weekday(s.day);
		int early = minutes_of(&s) < c->r->business_start;
		int late = e.day > s.day || minutes_of(&e) > c->r->business_end;
		if (early || late || wd == 0 || wd == 6) {
			static const char *const days_ko[] = {"일", "월", "화", "수",
							      "목", "금", "토"};
			static const char *const days_en[] = {"Sun", "Mon", "Tue", "Wed",
							      "Thu", "Fri", "Sat"};
			int bs = c->r->business_start, be = c->r->business_end;
			add(c, "outside_business_hours", FINDING_WARNING, it, NULL, NULL,
			    arena_printf(a,
					 "「%s」 면담이 현지 업무 시간(평일 %02d:%02d~%02d:%02d) "
					 "밖입니다: %s요일 %02d:%02d %s.",
					 ko, bs / 60 % 24, bs % 60, be / 60 % 24, be % 60,
					 days_ko[wd], s.c.hour, s.c.minute, s.abbr),
			    arena_printf(a,
					 "Meeting \"%s\" is outside local business hours "
					 "(weekdays %02d:%02d-%02d:%02d): %s %02d:%02d %s.",
					 en, bs / 60 % 24, bs % 60, be / 60 % 24, be % 60,
					 days_en[wd], s.c.hour, s.c.minute, s.abbr));
		}
	}
	if (is_kind(it, "signing") && !it->agreement)
		add(c, "signing_without_agreement", FINDING_WARNING, it, NULL, NULL,
		    arena_printf(a, "「%s」 서명 일정에 연결된 협약이 없습니다.", ko),
		    arena_printf(a, "Signing \"%s\" has no agreement attached.", en));
}

/* The city a place lies in (the nearest city above it, or its topmost place), and its site:
 * the place just below the city (a venue for its halls, a hotel, an airport). */
static const struct itin_place *city_of(const struct itin_trip *t, const struct itin_place *p,
					const struct itin_place **site)
{
	const struct itin_place *below = p;
	for (int depth = 0; p && depth < 32; depth++) {
		if (!strcmp(p->kind, "city"))
			break;
		const struct itin_place *up = itin_place_find(t, p->parent);
		if (!up)
			break;
		below = p;
		p = up;
	}
	if (site)
		*site = p && !strcmp(p->kind, "city") ? below : p;
	return p;
}

/* Where the members of an item are when it ends: a transfer's destination, else its place. */
static int64_t place_after(const struct itin_item *it)
{
	return is_transport(it) && it->to_place ? it->to_place : it->place;
}

/* One member's day, item after item: can they get from each one to the next? */
static void check_sequence(struct checker *c, const struct itin_item *prev,
			   const struct itin_item *next, const int64_t *member)
{
	const struct itin_trip *t = c->t;
	struct arena *a = c->a;
	const struct itin_place *from = itin_place_find(t, place_after(prev));
	const struct itin_place *to = itin_place_find(t, next->place);
	const struct itin_place *from_site, *to_site;
	if (!from || !to)
		return;
	const struct itin_place *from_city = city_of(t, from, &from_site);
	const struct itin_place *to_city = city_of(t, to, &to_site);
	long gap = (long)((next->start - prev->end) / 60);
	if (from_city != to_city) {
		add(c, "no_transport", FINDING_ERROR, next, prev, member,
		    arena_printf(a, "「%s」(%s) 뒤 「%s」(%s)로 가는 이동 일정이 없습니다.",
				 title(prev, 0), place_name(from_city, 0), title(next, 0),
				 place_name(to_city, 0)),
		    arena_printf(a, "No transport from %s (after \"%s\") to %s for \"%s\".",
				 place_name(from_city, 1), title(prev, 1), place_name(to_city, 1),
				 title(next, 1)));
	} else if (is_kind(next, "flight") && gap < c->r->min_connection) {
		add(c, "short_connection", FINDING_ERROR, next, prev, member,
		    arena_printf(a, "「%s」 출발 %ld분 전에야 「%s」 일정이 끝납니다(최소 %d분).",
				 title(next, 0), gap, title(prev, 0), c->r->min_connection),
		    arena_printf(a,
				 "Only %ld minutes between \"%s\" and the departure of \"%s\" "
				 "(at least %d).",
				 gap, title(prev, 1), title(next, 1), c->r->min_connection));
	} else if (from_site != to_site && gap < c->r->min_transfer) {
		add(c, "short_transfer", FINDING_ERROR, next, prev, member,
		    arena_printf(a, "%s에서 %s까지 이동 시간이 %ld분뿐입니다(최소 %d분).",
				 place_name(from_site, 0), place_name(to_site, 0), gap,
				 c->r->min_transfer),
		    arena_printf(a,
				 "Only %ld minutes to get from %s to %s for \"%s\" (at least "
				 "%d).",
				 gap, place_name(from_site, 1), place_name(to_site, 1),
				 title(next, 1), c->r->min_transfer));
	}
}

static int by_start(const void *x, const void *y)
{
	const struct itin_item *a = *(const struct itin_item *const *)x;
	const struct itin_item *b = *(const struct itin_item *const *)y;
	if (a->start != b->start)
		return (a->start > b->start) - (a->start < b->start);
	return (a->id > b->id) - (a->id < b->id);
}

/* Two items overlap when each starts before the other ends (back to back is fine). A hotel
 * stay overlaps everything done while staying there; only two stays at once clash. */
static int clash(const struct itin_item *x, const struct itin_item *y)
{
	if (is_kind(x, "lodging") != is_kind(y, "lodging"))
		return 0;
	return x->start < y->end && y->start < x->end;
}

static void check_member(struct checker *c, const struct itin_item **order, size_t n,
			 const int64_t *member)
{
	const struct itin_item *prev = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct itin_item *it = order[i];
		if (member && !itin_attends(it, *member))
			continue;
		for (size_t k = i + 1; k < n && order[k]->start < it->end; k++)
			if ((!member || itin_attends(order[k], *member)) && clash(it, order[k]))
				add(c, "member_overlap", FINDING_ERROR, order[k], it, member,
				    arena_printf(c->a, "「%s」와(과) 「%s」 일정이 겹칩니다.",
						 title(it, 0), title(order[k], 0)),
				    arena_printf(c->a, "\"%s\" and \"%s\" overlap.", title(it, 1),
						 title(order[k], 1)));
		if (is_kind(it, "lodging"))
			continue;
		if (prev && prev->end <= it->start)
			check_sequence(c, prev, it, member);
		if (!prev || it->end >= prev->end)
			prev = it;
	}
}

static void check_deadlines(struct checker *c)
{
	const struct itin_trip *t = c->t;
	struct arena *a = c->a;
	long today, dep, ret, on;
	char due[11];
	if (t->cancelled || !c->r->today || date_parse(c->r->today, &today))
		return;
	if (t->depart_date && !date_parse(t->depart_date, &dep)) {
		date_format(dep - c->r->plan_days_before, due);
		if (!t->plan_published_on && today > dep - c->r->plan_days_before)
			add(c, "plan_overdue", FINDING_ERROR, NULL, NULL, NULL,
			    arena_printf(a, "출장 계획서 공개 기한(%s)이 지났습니다.", due),
			    arena_printf(a, "The trip plan was due by %s and is not published.",
					 due));
		else if (t->plan_published_on && !date_parse(t->plan_published_on, &on) &&
			 on > dep - c->r->plan_days_before)
			add(c, "plan_late", FINDING_WARNING, NULL, NULL, NULL,
			    arena_printf(a, "출장 계획서를 기한(%s)보다 늦은 %s에 공개했습니다.",
					 due, t->plan_published_on),
			    arena_printf(
				    a, "The trip plan was published on %s, after its due date %s.",
				    t->plan_published_on, due));
	}
	if (t->return_date && !date_parse(t->return_date, &ret)) {
		date_format(ret + c->r->report_days_after, due);
		if (!t->report_published_on && today > ret + c->r->report_days_after)
			add(c, "report_overdue", FINDING_ERROR, NULL, NULL, NULL,
			    arena_printf(a, "결과보고서 제출 기한(%s)이 지났습니다.", due),
			    arena_printf(a, "The result report was due by %s and is not published.",
					 due));
		else if (t->report_published_on && !date_parse(t->report_published_on, &on) &&
			 on > ret + c->r->report_days_after)
			add(c, "report_late", FINDING_WARNING, NULL, NULL, NULL,
			    arena_printf(a, "결과보고서를 기한(%s)보다 늦은 %s에 공개했습니다.",
					 due, t->report_published_on),
			    arena_printf(a,
					 "The result report was published on %s, after its due "
					 "date %s.",
					 t->report_published_on, due));
	}
}

int itin_check(const struct itin_trip *t, const struct itin_rules *r, struct arena *a,
	       struct finding **out, size_t *n)
{
	struct checker c = {.t = t, .r = r, .a = a};
	long first_day = 0, last_day = 0;
	int window = t->depart_date && t->return_date && !date_parse(t->depart_date, &first_day) &&
		     !date_parse(t->return_date, &last_day);
	const struct itin_item **order = arena_alloc(a, (t->nitems + 1) * sizeof(*order));
	size_t live = 0;
	*out = NULL;
	*n = 0;
	if (!order || !zone_known(t->home_tz))
		return -1;
	for (size_t i = 0; i < t->nitems; i++)
		if (!t->items[i].cancelled)
			order[live++] = &t->items[i];
	qsort(order, live, sizeof(*order), by_start);
	for (size_t i = 0; i < live; i++)
		check_item(&c, order[i], first_day, last_day, window);
	if (!t->nmembers)
		check_member(&c, order, live, NULL);
	for (size_t m = 0; m < t->nmembers; m++)
		check_member(&c, order, live, &t->members[m].id);
	check_deadlines(&c);
	if (c.failed)
		return -1;
	*out = c.f;
	*n = c.n;
	return 0;
}

int itin_has_errors(const struct finding *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (f[i].level == FINDING_ERROR)
			return 1;
	return 0;
}
