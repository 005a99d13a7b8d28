/* itinerary.c - trip length (N박M일) and the day view's clocks. */
#include "itinerary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

const struct itin_rules itin_rules_default = {
	.business_start = 8 * 60,
	.business_end = 19 * 60,
	.min_transfer = 15,
	.min_connection = 60,
	.plan_days_before = 7,
	.report_days_after = 30,
	.today = NULL,
};

const struct itin_place *itin_place_find(const struct itin_trip *t, int64_t id)
{
	for (size_t i = 0; id && i < t->nplaces; i++)
		if (t->places[i].id == id)
			return &t->places[i];
	return NULL;
}

const char *itin_place_tz(const struct itin_trip *t, int64_t place)
{
	const struct itin_place *p = itin_place_find(t, place);
	return p && p->tz ? p->tz : t->home_tz;
}

const char *itin_start_tz(const struct itin_trip *t, const struct itin_item *it)
{
	return itin_place_tz(t, it->place);
}

const char *itin_end_tz(const struct itin_trip *t, const struct itin_item *it)
{
	return itin_place_tz(t, it->to_place ? it->to_place : it->place);
}

int itin_attends(const struct itin_item *it, int64_t m)
{
	if (!it->nattendees)
		return 1;
	for (size_t i = 0; i < it->nattendees; i++)
		if (it->attendees[i] == m)
			return 1;
	return 0;
}

static int cmp_i64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return (a > b) - (a < b);
}

/* The moments, one per night, when a lodging item has its guests asleep: 02:00 local after
 * each evening the stay covers. A day room (10:00-18:00) holds none; a red-eye arrival at
 * 01:00 still makes a night. */
static int night_marks(const struct itin_trip *t, const struct itin_item *it, int64_t **marks,
		       size_t *n, size_t *cap)
{
	const char *tz = itin_start_tz(t, it);
	struct zoned s, e;
	if (zone_at(tz, it->start, &s) || zone_at(tz, it->end, &e))
		return -1;
	for (long d = s.day - 1; d <= e.day; d++) {
		struct civil c = {0};
		int64_t m;
		civil_from_days(d + 1, &c.year, &c.month, &c.day);
		c.hour = 2;
		if (zone_instant(tz, &c, &m))
			return -1;
		if (m < it->start || m >= it->end)
			continue;
		if (*n == *cap) {
			size_t nc = *cap ? *cap * 2 : 16;
			int64_t *nm = realloc(*marks, nc * sizeof(**marks));
			if (!nm)
				return -1;
			*marks = nm, *cap = nc;
		}
		(*marks)[(*n)++] = m;
	}
	return 0;
}

int trip_length(const struct itin_trip *t, struct trip_length *out)
{
	int64_t first = 0, last = 0, *marks = NULL;
	size_t nm = 0, cap = 0, counted = 0;
	int any = 0;
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < t->nitems; i++) {
		const struct itin_item *it = &t->items[i];
		if (it->cancelled)
			continue;
		int64_t end = it->end > it->start ? it->end : it->start;
		if (!any || it->start < first)
			first = it->start;
		if (!any || end > last)
			last = end;
		any = 1;
		if (!strcmp(it->kind, "lodging") && night_marks(t, it, &marks, &nm, &cap)) {
			free(marks);
			return -1;
		}
	}
	if (!any)
		return 1;
	/* two lodgings on one night (the delegation split between hotels) are one night; marks is
	 * NULL when no lodging was booked, and qsort may not be handed NULL even for no elements */
	if (nm)
		qsort(marks, nm, sizeof(*marks), cmp_i64);
	for (size_t i = 0, night = 0; i < nm; i++)
		if (!counted || marks[i] - marks[night] >= 12 * 3600) {
			counted++;
			night = i;
		}
	free(marks);
	struct zoned f, l;
	if (zone_at(t->home_tz, first, &f) || zone_at(t->home_tz, last, &l))
		return -1;
	out->nights = (int)counted;
	out->days = (int)(l.day - f.day + 1);
	date_format(f.day, out->first);
	date_format(l.day, out->last);
	if (out->nights == 0 && out->days == 1)
		snprintf(out->label_ko, sizeof(out->label_ko), "당일");
	else if (out->nights == 0)
		snprintf(out->label_ko, sizeof(out->label_ko), "무박%d일", out->days % 10000);
	else
		snprintf(out->label_ko, sizeof(out->label_ko), "%d박%d일", out->nights % 10000,
			 out->days % 10000);
	snprintf(out->label_en, sizeof(out->label_en), "%d night%s, %d day%s", out->nights % 10000,
		 out->nights == 1 ? "" : "s", out->days % 10000, out->days == 1 ? "" : "s");
	return 0;
}

int itin_clock(const char *tz, const char *home_tz, int64_t t, struct itin_clock *out)
{
	memset(out, 0, sizeof(*out));
	if (zone_at(tz, t, &out->local) || zone_at(home_tz, t, &out->home))
		return -1;
	out->day_shift = (int)(out->home.day - out->local.day);
	date_format(out->local.day, out->date);
	date_format(out->home.day, out->home_date);
	snprintf(out->time, sizeof(out->time), "%02u:%02u", (unsigned)out->local.c.hour % 24u,
		 (unsigned)out->local.c.minute % 60u);
	snprintf(out->home_time, sizeof(out->home_time), "%02u:%02u",
		 (unsigned)out->home.c.hour % 24u, (unsigned)out->home.c.minute % 60u);
	char shift[8] = "";
	if (!strcmp(tz, home_tz)) { /* at home the home time says nothing more */
		snprintf(out->label, sizeof(out->label), "%s %s", out->time, out->local.abbr);
		return 0;
	}
	if (out->day_shift)
		snprintf(shift, sizeof(shift), " %+d", out->day_shift % 10);
	snprintf(out->label, sizeof(out->label), "%s %s · %s %s%s", out->time, out->local.abbr,
		 out->home_time, out->home.abbr, shift);
	return 0;
}
