/* fuzz_itinerary.c - libFuzzer target: trip length, the itinerary checks and the day view's
 * clocks over itineraries made from the input bytes (any zones, times, kinds, places,
 * attendees). They must not crash, and what they answer must hold together. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/costs.h"
#include "core/itinerary.h"
#include "fuzz_input.h"
#include "tz/tzdata.h"

static const char *const zones[] = {"Asia/Seoul",	"America/Los_Angeles", "America/New_York",
				    "Pacific/Auckland", "Pacific/Honolulu",    "Europe/London",
				    "Asia/Kolkata",	"Australia/Lord_Howe"};
static const char *const place_kinds[] = {"city", "venue", "hall", "airport", "hotel", "office"};
static const char *const item_kinds[] = {"flight", "ground",  "lodging",  "meeting", "ceremony",
					 "visit",  "signing", "briefing", "other"};
enum { MAX_PLACES = 8, MAX_ITEMS = 24, MAX_MEMBERS = 4 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = {data, size};
	zone_rules_use(&tzdata_rules);
	struct itin_place places[MAX_PLACES];
	struct itin_item items[MAX_ITEMS];
	struct itin_member members[MAX_MEMBERS];
	int64_t attendees[MAX_ITEMS][MAX_MEMBERS];
	struct itin_trip t = {.home_tz = zones[take(&in, 8)]};
	size_t np = 1 + take(&in, MAX_PLACES), ni = take(&in, MAX_ITEMS + 1);
	size_t nm = take(&in, MAX_MEMBERS + 1);
	/* 2024-03-01T00:00:00Z, then minutes from there: DST switches and the date line inside */
	const int64_t base = 1709251200;

	for (size_t i = 0; i < np; i++)
		places[i] = (struct itin_place){.id = (int64_t)i + 1,
						.parent = (int64_t)take(&in, (unsigned)np + 1),
						.kind = place_kinds[take(&in, 6)],
						.tz = zones[take(&in, 8)],
						.name_ko = "장소",
						.name_en = "Place"};
	for (size_t m = 0; m < nm; m++)
		members[m] = (struct itin_member){.id = (int64_t)m + 1, .name_ko = "단원"};
	for (size_t i = 0; i < ni; i++) {
		int64_t start = base + (int64_t)(take(&in, 0) | take(&in, 0) << 8) * 60;
		int64_t len = ((int64_t)take(&in, 0) - 32) * 600; /* may end before it starts */
		size_t na = take(&in, MAX_MEMBERS + 1);
		for (size_t k = 0; k < na; k++)
			attendees[i][k] = (int64_t)take(&in, MAX_MEMBERS + 1);
		items[i] = (struct itin_item){.id = (int64_t)i + 1,
					      .kind = item_kinds[take(&in, 9)],
					      .title_ko = "일정",
					      .title_en = "",
					      .place = (int64_t)take(&in, (unsigned)np + 2),
					      .to_place = (int64_t)take(&in, (unsigned)np + 2),
					      .start = start,
					      .end = start + len,
					      .agreement = take(&in, 2),
					      .cancelled = take(&in, 8) == 0,
					      .attendees = attendees[i],
					      .nattendees = na};
	}
	t.places = places, t.nplaces = np;
	t.items = items, t.nitems = ni;
	t.members = members, t.nmembers = nm;
	t.depart_date = take(&in, 2) ? "2024-03-02" : NULL;
	t.return_date = "2024-03-20";
	t.plan_published_on = take(&in, 2) ? "2024-02-01" : NULL;

	struct trip_length len;
	int rc = trip_length(&t, &len);
	if (rc == 0 && (len.days < 1 || len.nights < 0 || len.nights > len.days + 1))
		abort(); /* at most one night per calendar day the trip spans */
	struct itin_rules rules = itin_rules_default;
	rules.today = "2024-04-30";
	struct arena a = ARENA_INIT;
	struct finding *f;
	size_t n;
	if (itin_check(&t, &rules, &a, &f, &n))
		abort();
	for (size_t i = 0; i < n; i++)
		if (!f[i].code || !f[i].message_ko || !f[i].message_en ||
		    (f[i].item && (f[i].item < 1 || f[i].item > (int64_t)ni)))
			abort();
	for (size_t i = 0; i < ni; i++) {
		struct itin_clock c;
		if (itin_clock(itin_start_tz(&t, &items[i]), t.home_tz, items[i].start, &c) ||
		    c.day_shift < -1 || c.day_shift > 1)
			abort();
	}
	arena_release(&a);
	int64_t out;
	char rate[16];
	size_t rn = take(&in, 15);
	for (size_t i = 0; i < rn; i++)
		rate[i] = (char)("0123456789."[take(&in, 11)]);
	rate[rn] = '\0';
	money_convert((int64_t)take(&in, 0) << 40, "USD", rate, "KRW", &out);
	return 0;
}
