/* itinerary.h - a delegation's itinerary as plain data, and what core works out from it:
 * the trip's length in the Korean convention (N박M일), the findings of its checks, and the
 * clocks of the day view (local time with home time beside it). Pure: no database, no HTTP.
 * Zone rules come from zone.h (tzdata). */
#ifndef ROADSHOW_ITINERARY_H
#define ROADSHOW_ITINERARY_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "zone.h"

struct itin_place {
	int64_t id, parent; /* parent 0: none */
	const char *kind;   /* places.kind: city, venue, hall, airport, hotel, ... */
	const char *tz;
	const char *name_ko, *name_en;
};

struct itin_item {
	int64_t id;
	const char *kind; /* itinerary_items.kind: flight, ground, lodging, meeting, ... */
	const char *title_ko, *title_en;
	int64_t place, to_place; /* 0: none; for flights and ground transfers, origin and end */
	int64_t start, end;	 /* instants */
	int64_t agreement;	 /* 0: none */
	int cancelled;
	/* who attends: delegation member ids; none listed means the whole delegation */
	const int64_t *attendees;
	size_t nattendees;
};

struct itin_member {
	int64_t id;
	const char *name_ko, *name_en;
};

struct itin_trip {
	const char *home_tz;
	const char *depart_date, *return_date; /* the approved window (home dates), or NULL */
	const char *plan_published_on, *report_published_on; /* or NULL */
	int cancelled;					     /* the whole trip is called off */
	const struct itin_member *members;
	size_t nmembers;
	const struct itin_place *places;
	size_t nplaces;
	const struct itin_item *items;
	size_t nitems;
};

/* What the checks allow; settings, with itin_rules_default's values until changed. */
struct itin_rules {
	int business_start, business_end; /* local minutes after midnight: 8:00 = 480 */
	int min_transfer;		  /* minutes between two sites of one city */
	int min_connection;		  /* minutes before a flight departs */
	int plan_days_before;		  /* the plan is due this many days before departure */
	int report_days_after;		  /* the result report is due this many days after return */
	const char *today;		  /* YYYY-MM-DD (home zone), for the deadlines */
};
extern const struct itin_rules itin_rules_default;

/* Days: calendar days from the first item's start to the last item's end in the home zone,
 * inclusive. Nights: nights spent in lodging (a night on a plane is not one). */
struct trip_length {
	int nights, days;
	char first[11], last[11]; /* home dates of departure and return */
	char label_ko[24];	  /* "5박7일", "무박2일", "당일" */
	char label_en[40];	  /* "5 nights, 7 days" */
};

/* Returns 0 and fills out; 1 when the itinerary has no (uncancelled) item; -1 for an unknown
 * zone. */
int trip_length(const struct itin_trip *t, struct trip_length *out);

enum finding_level { FINDING_ERROR, FINDING_WARNING };

struct finding {
	const char *code; /* stable: member_overlap, no_transport, ... */
	enum finding_level level;
	int64_t item, other; /* the items involved (0: none) */
	int64_t *members;    /* the members concerned; none for the trip as a whole */
	size_t nmembers;
	const char *message_ko, *message_en;
};

/* Every finding of t under r, in item order; allocated in a. Returns 0, or -1 when out of
 * memory or a zone is unknown. */
int itin_check(const struct itin_trip *t, const struct itin_rules *r, struct arena *a,
	       struct finding **out, size_t *n);
/* Whether any finding is an error. */
int itin_has_errors(const struct finding *f, size_t n);

/* An instant on the day view: the clock where it happens and the clock at home. */
struct itin_clock {
	struct zoned local, home;
	int day_shift; /* home date minus local date: -1, 0 or +1 */
	char date[11], time[6], home_date[11], home_time[6];
	char label[64]; /* "09:00 PST · 02:00 KST +1"; "09:00 KST" in the home zone */
};
int itin_clock(const char *tz, const char *home_tz, int64_t t, struct itin_clock *out);

/* The place p's zone, or the trip's home zone when p is unknown or 0. */
const char *itin_place_tz(const struct itin_trip *t, int64_t place);
const struct itin_place *itin_place_find(const struct itin_trip *t, int64_t id);
/* The zone an item starts in (its place's) and the one it ends in (its destination's). */
const char *itin_start_tz(const struct itin_trip *t, const struct itin_item *it);
const char *itin_end_tz(const struct itin_trip *t, const struct itin_item *it);
/* Whether member m attends item it. */
int itin_attends(const struct itin_item *it, int64_t m);

#endif
