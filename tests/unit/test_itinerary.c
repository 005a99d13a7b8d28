/* test_itinerary.c - core's itinerary logic: zones (tzdata through libical), the trip's length
 * (N박M일), the day view's clocks, every finding of the checks, money conversion and the
 * settings table. The demo trips go through the app layer, the rest is plain structs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app/app.h"
#include "core/check.h"
#include "core/costs.h"
#include "core/embedded.h"
#include "core/itinerary.h"
#include "core/settings.h"
#include "core/zone.h"
#include "tz/tzdata.h"

/* The demo scenario compiled into roadshow_lib (gen_demo.c). */
extern const struct embedded_file demo_files[];
extern const size_t demo_files_count;

/* A list of ids and its length, for the two-argument (pointer, count) parameters. */
#define LIST(...)                                                                                  \
	(const int64_t[]){__VA_ARGS__}, sizeof((const int64_t[]){__VA_ARGS__}) / sizeof(int64_t)
#define NONE NULL, 0

/* The places every test trip uses: cities with their sites, and halls under a venue. */
enum {
	SEOUL = 1,
	ICN,
	SEOUL_HOTEL,
	LV,
	LVCC,
	CENTRAL,
	WEST,
	VENETIAN,
	LV_HOTEL,
	LAS,
	LA,
	LAX,
	LA_HOTEL,
	LA_OFFICE,
	NYC,
	JFK,
	NY_HOTEL,
	NY_HOTEL2,
	NY_OFFICE,
};

static const struct itin_place world[] = {
	{SEOUL, 0, "city", "Asia/Seoul", "서울", "Seoul"},
	{ICN, SEOUL, "airport", "Asia/Seoul", "인천국제공항", "Incheon Airport"},
	{SEOUL_HOTEL, SEOUL, "hotel", "Asia/Seoul", "서울 호텔", "Seoul Hotel"},
	{LV, 0, "city", "America/Los_Angeles", "라스베이거스", "Las Vegas"},
	{LVCC, LV, "venue", "America/Los_Angeles", "컨벤션센터", "Las Vegas Convention Center"},
	{CENTRAL, LVCC, "hall", "America/Los_Angeles", "센트럴홀", "Central Hall"},
	{WEST, LVCC, "hall", "America/Los_Angeles", "웨스트홀", "West Hall"},
	{VENETIAN, LV, "venue", "America/Los_Angeles", "베네시안", "The Venetian"},
	{LV_HOTEL, LV, "hotel", "America/Los_Angeles", "라스베이거스 호텔", "Las Vegas Hotel"},
	{LAS, LV, "airport", "America/Los_Angeles", "해리 리드 공항", "Harry Reid Airport"},
	{LA, 0, "city", "America/Los_Angeles", "로스앤젤레스", "Los Angeles"},
	{LAX, LA, "airport", "America/Los_Angeles", "LA 공항", "LAX"},
	{LA_HOTEL, LA, "hotel", "America/Los_Angeles", "LA 호텔", "LA Hotel"},
	{LA_OFFICE, LA, "office", "America/Los_Angeles", "LA 사무소", "LA Office"},
	{NYC, 0, "city", "America/New_York", "뉴욕", "New York"},
	{JFK, NYC, "airport", "America/New_York", "JFK 공항", "JFK"},
	{NY_HOTEL, NYC, "hotel", "America/New_York", "뉴욕 호텔", "NY Hotel"},
	{NY_HOTEL2, NYC, "hotel", "America/New_York", "뉴욕 호텔 2", "NY Hotel 2"},
	{NY_OFFICE, NYC, "office", "America/New_York", "뉴욕 사무소", "NY Office"},
};

static const struct itin_member crew[] = {
	{1, "김일", "Kim Il"},
	{2, "이이", "Lee Yi"},
	{3, "박삼", "Park Sam"},
	{4, "최사", "Choi Sa"},
};

static int setup(void **state)
{
	struct arena *a = calloc(1, sizeof(*a));
	*state = a;
	return a ? 0 : -1;
}

static int teardown(void **state)
{
	struct arena *a = *state;
	arena_release(a);
	free(a);
	return 0;
}

/* An RFC 3339 date-time with its offset, as the instant it names. */
static int64_t at(const char *s)
{
	char utc[21];
	int64_t t = 0;
	assert_int_equal(check_instant(s, utc), CHECK_OK);
	assert_int_equal(instant_parse(utc, &t), 0);
	return t;
}

static struct itin_item item(int64_t id, const char *kind, int64_t place, int64_t to,
			     const char *start, const char *end)
{
	return (struct itin_item){.id = id,
				  .kind = kind,
				  .title_ko = kind,
				  .title_en = kind,
				  .place = place,
				  .to_place = to,
				  .start = at(start),
				  .end = at(end)};
}

static void attend(struct itin_item *it, const int64_t *ids, size_t n)
{
	it->attendees = ids;
	it->nattendees = n;
}

static struct itin_trip trip(const char *home, const struct itin_item *items, size_t n,
			     size_t nmembers)
{
	return (struct itin_trip){.home_tz = home,
				  .members = crew,
				  .nmembers = nmembers,
				  .places = world,
				  .nplaces = sizeof(world) / sizeof(world[0]),
				  .items = items,
				  .nitems = n};
}

static struct trip_length length_of(const struct itin_trip *t)
{
	struct trip_length len;
	assert_int_equal(trip_length(t, &len), 0);
	return len;
}

static void assert_length(const struct trip_length *len, int nights, int days, const char *first,
			  const char *last, const char *ko, const char *en)
{
	assert_int_equal(len->nights, nights);
	assert_int_equal(len->days, days);
	assert_string_equal(len->first, first);
	assert_string_equal(len->last, last);
	assert_string_equal(len->label_ko, ko);
	assert_string_equal(len->label_en, en);
}

static size_t run(const struct itin_trip *t, const struct itin_rules *r, struct arena *a,
		  struct finding **f)
{
	size_t n = 0;
	assert_int_equal(itin_check(t, r, a, f, &n), 0);
	return n;
}

static const struct finding *find(const struct finding *f, size_t n, const char *code,
				  int64_t item_id)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(f[i].code, code) && f[i].item == item_id)
			return &f[i];
	return NULL;
}

static void expect_none(const struct finding *f, size_t n)
{
	if (n)
		fail_msg("%zu unexpected finding(s), first %s: %s", n, f[0].code, f[0].message_en);
}

/* The finding code on item_id exists with this level, other item and members. */
static const struct finding *expect(const struct finding *f, size_t n, const char *code,
				    enum finding_level level, int64_t item_id, int64_t other,
				    const int64_t *members, size_t nmembers)
{
	const struct finding *x = find(f, n, code, item_id);
	if (!x)
		fail_msg("no %s finding on item %lld among %zu", code, (long long)item_id, n);
	assert_int_equal(x->level, level);
	assert_int_equal(x->other, other);
	assert_int_equal(x->nmembers, nmembers);
	for (size_t i = 0; i < nmembers; i++)
		assert_int_equal(x->members[i], members[i]);
	assert_non_null(x->message_ko);
	assert_non_null(x->message_en);
	assert_true(*x->message_ko && *x->message_en);
	return x;
}

static size_t count_code(const struct finding *f, size_t n, const char *code)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += !strcmp(f[i].code, code);
	return k;
}

/* ---- zones and dates ---- */

static void instants_and_dates_parse_strictly(void **state)
{
	(void)state;
	int64_t t;
	long day;
	char out[11];
	assert_int_equal(instant_parse("1970-01-01T00:00:00Z", &t), 0);
	assert_int_equal(t, 0);
	assert_int_equal(instant_parse("2024-01-08T06:00:00Z", &t), 0);
	assert_int_equal(t, 1704693600);
	assert_int_equal(at("2024-01-08T15:00:00+09:00"), 1704693600);
	assert_int_equal(instant_parse("2024-01-08T06:00:00", &t), -1);
	assert_int_equal(instant_parse("2024-01-08 06:00:00Z", &t), -1);
	assert_int_equal(instant_parse("2024-01-08T06:00:00+09:00", &t), -1);
	assert_int_equal(instant_parse("2024-01-08T6:00:00Z", &t), -1);

	assert_int_equal(date_parse("2024-02-29", &day), 0);
	date_format(day, out);
	assert_string_equal(out, "2024-02-29");
	date_format(day + 1, out);
	assert_string_equal(out, "2024-03-01");
	assert_int_equal(date_parse("2024-13-01", &day), -1);
	assert_int_equal(date_parse("2024-1-01", &day), -1);
	assert_int_equal(date_parse("2024-01-00", &day), -1);
	date_format(-1, out);
	assert_string_equal(out, "1969-12-31");

	assert_int_equal(date_weekday(0), 4); /* 1970-01-01: Thursday */
	assert_int_equal(date_weekday(-1), 3);
	assert_int_equal(date_parse("2024-01-13", &day), 0);
	assert_int_equal(date_weekday(day), 6);
	assert_int_equal(date_weekday(day + 1), 0);
}

static void zones_come_from_tzdata(void **state)
{
	(void)state;
	struct zoned z;
	assert_true(zone_known("Asia/Seoul"));
	assert_false(zone_known("Asia/Atlantis"));
	assert_false(zone_known(NULL));
	assert_int_equal(zone_at("Asia/Atlantis", 0, &z), -1);

	assert_int_equal(zone_at("Asia/Seoul", at("2024-01-08T06:00:00Z"), &z), 0);
	assert_int_equal(z.c.year, 2024);
	assert_int_equal(z.c.month, 1);
	assert_int_equal(z.c.day, 8);
	assert_int_equal(z.c.hour, 15);
	assert_int_equal(z.offset, 9 * 3600);
	assert_string_equal(z.abbr, "KST");

	assert_int_equal(zone_at("America/Los_Angeles", at("2024-01-08T06:00:00Z"), &z), 0);
	assert_int_equal(z.c.day, 7);
	assert_int_equal(z.c.hour, 22);
	assert_int_equal(z.offset, -8 * 3600);
	assert_string_equal(z.abbr, "PST");
	assert_int_equal(zone_at("America/Los_Angeles", at("2024-07-08T06:00:00Z"), &z), 0);
	assert_int_equal(z.offset, -7 * 3600);
	assert_string_equal(z.abbr, "PDT");

	struct civil c = {2024, 1, 8, 15, 0, 0};
	int64_t t;
	assert_int_equal(zone_instant("Asia/Seoul", &c, &t), 0);
	assert_int_equal(t, at("2024-01-08T06:00:00Z"));
	assert_int_equal(zone_instant("Asia/Atlantis", &c, &t), -1);
}

/* ---- 1. the demo trips ---- */

static void demo_trips_have_their_lengths_and_no_findings(void **state)
{
	struct arena *a = *state;
	struct app app;
	struct app_error err;
	char msg[256];
	size_t count;
	const struct embedded_file *demo =
		embedded_find(demo_files, demo_files_count, "ces2024.json");
	assert_non_null(demo);
	if (app_open(&app, ":memory:", msg, sizeof(msg)))
		fail_msg("app_open: %s", msg);
	app_error_init(&err, a);
	if (app_demo_load(&app, a, (const char *)demo->data, demo->size, 0, &count, NULL, &err))
		fail_msg("demo load: %s", err.detail);
	static const struct {
		const char *label, *label_en, *first, *last;
		int nights, days;
	} want[] = {
		{"5박7일", "5 nights, 7 days", "2024-01-08", "2024-01-14", 5, 7},    /* Jeonbuk */
		{"9박12일", "9 nights, 12 days", "2024-01-07", "2024-01-18", 9, 12}, /* Seongnam */
		{"5박7일", "5 nights, 7 days", "2024-01-09", "2024-01-15", 5, 7},    /* Changwon */
	};
	for (int id = 1; id <= 3; id++) {
		json_t *out = NULL;
		app_error_init(&err, a);
		if (app_itinerary_findings(&app, a, id, 0, NULL, &out, &err))
			fail_msg("delegation %d: %s", id, err.detail);
		json_t *tr = json_object_get(out, "trip"), *list = json_object_get(out, "findings");
		assert_int_equal(json_integer_value(json_object_get(out, "id")), id);
		assert_string_equal(json_string_value(json_object_get(out, "depart_date")),
				    want[id - 1].first);
		assert_true(json_is_object(tr));
		assert_string_equal(json_string_value(json_object_get(tr, "label")),
				    want[id - 1].label);
		assert_string_equal(json_string_value(json_object_get(tr, "label_en")),
				    want[id - 1].label_en);
		assert_int_equal(json_integer_value(json_object_get(tr, "nights")),
				 want[id - 1].nights);
		assert_int_equal(json_integer_value(json_object_get(tr, "days")),
				 want[id - 1].days);
		assert_string_equal(json_string_value(json_object_get(tr, "first_date")),
				    want[id - 1].first);
		assert_string_equal(json_string_value(json_object_get(tr, "last_date")),
				    want[id - 1].last);
		assert_true(json_is_array(list));
		if (json_array_size(list)) {
			json_t *f0 = json_array_get(list, 0);
			fail_msg("delegation %d: %zu finding(s), first %s: %s", id,
				 json_array_size(list),
				 json_string_value(json_object_get(f0, "code")),
				 json_string_value(json_object_get(f0, "message_en")));
		}
		json_decref(out);
	}
	app_close(&app);
}

/* ---- 2. the date line ---- */

/* A Seoul delegation to Los Angeles: eastward it lands "before" it left, on the same date;
 * westward it loses a day. */
static void date_line_eastward_and_back(void **state)
{
	struct arena *a = *state;
	struct itin_item items[] = {
		item(1, "flight", ICN, LAX, "2024-01-08T15:00:00+09:00",
		     "2024-01-08T09:30:00-08:00"),
		item(2, "lodging", LA_HOTEL, 0, "2024-01-08T15:00:00-08:00",
		     "2024-01-10T11:00:00-08:00"),
		item(3, "meeting", LA_OFFICE, 0, "2024-01-09T10:00:00-08:00",
		     "2024-01-09T11:00:00-08:00"),
		item(4, "flight", LAX, ICN, "2024-01-10T13:00:00-08:00",
		     "2024-01-11T18:30:00+09:00"),
	};
	struct itin_trip t = trip("Asia/Seoul", items, 4, 0);
	struct trip_length len = length_of(&t);
	/* the night of the 10th is spent on the plane */
	assert_length(&len, 2, 4, "2024-01-08", "2024-01-11", "2박4일", "2 nights, 4 days");

	struct itin_clock dep, arr;
	assert_int_equal(itin_clock("Asia/Seoul", "Asia/Seoul", items[0].start, &dep), 0);
	assert_int_equal(itin_clock("America/Los_Angeles", "Asia/Seoul", items[0].end, &arr), 0);
	assert_string_equal(dep.label, "15:00 KST"); /* at home: one clock */
	assert_int_equal(dep.day_shift, 0);
	assert_string_equal(arr.label, "09:30 PST · 02:30 KST +1");
	assert_int_equal(arr.day_shift, 1);
	assert_string_equal(arr.date, "2024-01-08");
	assert_string_equal(arr.time, "09:30");
	assert_string_equal(arr.home_date, "2024-01-09");
	assert_string_equal(arr.home_time, "02:30");
	/* same local date, earlier local clock, yet a later instant */
	assert_string_equal(dep.date, arr.date);
	assert_true(items[0].end > items[0].start);
	assert_true(arr.local.c.hour * 60 + arr.local.c.minute <
		    dep.local.c.hour * 60 + dep.local.c.minute);

	struct itin_clock back;
	assert_int_equal(itin_clock("America/Los_Angeles", "Asia/Seoul", items[3].start, &back), 0);
	assert_string_equal(back.label, "13:00 PST · 06:00 KST +1");
	assert_int_equal(itin_clock("Asia/Seoul", "Asia/Seoul", items[3].end, &arr), 0);
	assert_string_equal(arr.label, "18:30 KST");
	assert_int_equal(arr.local.day - back.local.day, 1);

	struct finding *f;
	expect_none(f, run(&t, &itin_rules_default, a, &f));
}

/* A Los Angeles delegation to Seoul: westward the 9th never shows on a local clock, and Seoul's
 * clocks are a day ahead of home (-1). */
static void date_line_westward_loses_a_day(void **state)
{
	struct arena *a = *state;
	struct itin_item items[] = {
		item(1, "flight", LAX, ICN, "2024-01-08T23:30:00-08:00",
		     "2024-01-10T05:30:00+09:00"),
		item(2, "lodging", SEOUL_HOTEL, 0, "2024-01-10T07:00:00+09:00",
		     "2024-01-12T10:00:00+09:00"),
		item(3, "flight", ICN, LAX, "2024-01-12T12:00:00+09:00",
		     "2024-01-12T06:30:00-08:00"),
	};
	struct itin_trip t = trip("America/Los_Angeles", items, 3, 0);
	struct trip_length len = length_of(&t);
	assert_length(&len, 2, 5, "2024-01-08", "2024-01-12", "2박5일", "2 nights, 5 days");

	struct itin_clock dep, arr;
	assert_int_equal(
		itin_clock("America/Los_Angeles", "America/Los_Angeles", items[0].start, &dep), 0);
	assert_int_equal(itin_clock("Asia/Seoul", "America/Los_Angeles", items[0].end, &arr), 0);
	assert_string_equal(dep.label, "23:30 PST");
	assert_string_equal(arr.label, "05:30 KST · 12:30 PST -1");
	assert_int_equal(arr.day_shift, -1);
	assert_string_equal(arr.date, "2024-01-10");
	assert_string_equal(arr.home_date, "2024-01-09");
	assert_int_equal(arr.local.day - dep.local.day, 2);
	assert_int_equal(items[0].end - items[0].start, 13 * 3600);

	/* and eastward home it lands before it left, by the clocks */
	assert_int_equal(
		itin_clock("America/Los_Angeles", "America/Los_Angeles", items[2].end, &arr), 0);
	assert_string_equal(arr.label, "06:30 PST");
	assert_int_equal(itin_clock("Asia/Seoul", "America/Los_Angeles", items[2].start, &dep), 0);
	assert_string_equal(dep.label, "12:00 KST · 19:00 PST -1");

	struct finding *f;
	expect_none(f, run(&t, &itin_rules_default, a, &f));
}

/* ---- 3. daylight saving time ---- */

static void daylight_saving_switch(void **state)
{
	struct arena *a = *state;
	struct zoned z;
	const char *ny = "America/New_York";
	/* 2024-03-10: 02:00 EST becomes 03:00 EDT */
	assert_int_equal(zone_at(ny, at("2024-03-10T06:59:59Z"), &z), 0);
	assert_int_equal(z.c.hour, 1);
	assert_int_equal(z.c.minute, 59);
	assert_int_equal(z.offset, -5 * 3600);
	assert_string_equal(z.abbr, "EST");
	assert_int_equal(zone_at(ny, at("2024-03-10T07:00:00Z"), &z), 0);
	assert_int_equal(z.c.day, 10);
	assert_int_equal(z.c.hour, 3);
	assert_int_equal(z.c.minute, 0);
	assert_int_equal(z.offset, -4 * 3600);
	assert_string_equal(z.abbr, "EDT");

	struct civil before = {2024, 3, 9, 10, 0, 0}, after = {2024, 3, 11, 10, 0, 0};
	int64_t t;
	assert_int_equal(zone_instant(ny, &before, &t), 0);
	assert_int_equal(t, at("2024-03-09T15:00:00Z"));
	assert_int_equal(zone_instant(ny, &after, &t), 0);
	assert_int_equal(t, at("2024-03-11T14:00:00Z"));

	/* the same 10:00 in New York is midnight, then 23:00, in Seoul */
	struct itin_clock c;
	assert_int_equal(itin_clock(ny, "Asia/Seoul", at("2024-03-09T10:00:00-05:00"), &c), 0);
	assert_string_equal(c.label, "10:00 EST · 00:00 KST +1");
	assert_int_equal(itin_clock(ny, "Asia/Seoul", at("2024-03-11T10:00:00-04:00"), &c), 0);
	assert_string_equal(c.label, "10:00 EDT · 23:00 KST");
	assert_int_equal(c.day_shift, 0);

	/* four nights across the switch, the delegation split between two hotels for two of them:
	 * each night once, the short one (02:00 does not exist on the 10th) included */
	struct itin_item items[] = {
		item(1, "lodging", NY_HOTEL, 0, "2024-03-08T15:00:00-05:00",
		     "2024-03-12T11:00:00-04:00"),
		item(2, "lodging", NY_HOTEL2, 0, "2024-03-09T15:00:00-05:00",
		     "2024-03-11T11:00:00-04:00"),
		item(3, "meeting", NY_OFFICE, 0, "2024-03-11T10:00:00-04:00",
		     "2024-03-11T11:00:00-04:00"),
	};
	attend(&items[0], LIST(1));
	attend(&items[1], LIST(2));
	struct itin_trip tr = trip(ny, items, 3, 2);
	struct trip_length len = length_of(&tr);
	assert_length(&len, 4, 5, "2024-03-08", "2024-03-12", "4박5일", "4 nights, 5 days");
	struct finding *f;
	expect_none(f, run(&tr, &itin_rules_default, a, &f));

	/* one night across the switch, 23 hours long */
	struct itin_item one[] = {item(1, "lodging", NY_HOTEL, 0, "2024-03-09T15:00:00-05:00",
				       "2024-03-10T14:00:00-04:00")};
	tr = trip(ny, one, 1, 0);
	len = length_of(&tr);
	assert_length(&len, 1, 2, "2024-03-09", "2024-03-10", "1박2일", "1 night, 2 days");

	/* 2024-11-03: 02:00 EDT falls back to 01:00 EST, a 25-hour night, still one */
	struct itin_item fall[] = {item(1, "lodging", NY_HOTEL, 0, "2024-11-01T15:00:00-04:00",
					"2024-11-05T11:00:00-05:00")};
	tr = trip(ny, fall, 1, 0);
	len = length_of(&tr);
	assert_length(&len, 4, 5, "2024-11-01", "2024-11-05", "4박5일", "4 nights, 5 days");
	assert_int_equal(zone_at(ny, at("2024-11-03T05:30:00Z"), &z), 0);
	assert_string_equal(z.abbr, "EDT");
	assert_int_equal(z.c.hour, 1);
	assert_int_equal(zone_at(ny, at("2024-11-03T06:30:00Z"), &z), 0);
	assert_string_equal(z.abbr, "EST");
	assert_int_equal(z.c.hour, 1);
}

/* ---- 4. nights ---- */

static void overnight_flight_red_eye_and_day_room(void **state)
{
	(void)state;
	const char *ny = "America/New_York";
	/* a red-eye between two meetings: no night, two days */
	struct itin_item plane[] = {
		item(1, "meeting", LA_OFFICE, 0, "2024-01-09T10:00:00-08:00",
		     "2024-01-09T11:00:00-08:00"),
		item(2, "flight", LAX, JFK, "2024-01-09T22:00:00-08:00",
		     "2024-01-10T06:30:00-05:00"),
		item(3, "meeting", NY_OFFICE, 0, "2024-01-10T10:00:00-05:00",
		     "2024-01-10T11:00:00-05:00"),
	};
	struct itin_trip t = trip(ny, plane, 3, 0);
	struct trip_length len = length_of(&t);
	assert_length(&len, 0, 2, "2024-01-09", "2024-01-10", "무박2일", "0 nights, 2 days");

	/* landing late, checking in at 01:00: the rest of that night counts */
	struct itin_item late[] = {
		item(1, "flight", LAX, JFK, "2024-01-09T16:30:00-08:00",
		     "2024-01-10T00:30:00-05:00"),
		item(2, "lodging", NY_HOTEL, 0, "2024-01-10T01:00:00-05:00",
		     "2024-01-10T11:00:00-05:00"),
	};
	t = trip(ny, late, 2, 0);
	len = length_of(&t);
	assert_length(&len, 1, 2, "2024-01-09", "2024-01-10", "1박2일", "1 night, 2 days");

	/* a room for the day holds no night */
	struct itin_item day[] = {item(1, "lodging", NY_HOTEL, 0, "2024-01-10T10:00:00-05:00",
				       "2024-01-10T18:00:00-05:00")};
	t = trip(ny, day, 1, 0);
	len = length_of(&t);
	assert_length(&len, 0, 1, "2024-01-10", "2024-01-10", "당일", "0 nights, 1 day");

	/* changing hotels mid-trip: 2 + 2 nights */
	struct itin_item change[] = {
		item(1, "lodging", NY_HOTEL, 0, "2024-01-08T15:00:00-05:00",
		     "2024-01-10T11:00:00-05:00"),
		item(2, "lodging", NY_HOTEL2, 0, "2024-01-10T15:00:00-05:00",
		     "2024-01-12T11:00:00-05:00"),
	};
	t = trip(ny, change, 2, 0);
	len = length_of(&t);
	assert_length(&len, 4, 5, "2024-01-08", "2024-01-12", "4박5일", "4 nights, 5 days");

	/* a cancelled item neither lengthens the trip nor adds a night */
	change[1].cancelled = 1;
	len = length_of(&t);
	assert_length(&len, 2, 3, "2024-01-08", "2024-01-10", "2박3일", "2 nights, 3 days");

	/* nothing left, or a zone tzdata does not know */
	change[0].cancelled = 1;
	assert_int_equal(trip_length(&t, &len), 1);
	t = trip(ny, NULL, 0, 0);
	assert_int_equal(trip_length(&t, &len), 1);
	t = trip("Mars/Olympus_Mons", day, 1, 0);
	assert_int_equal(trip_length(&t, &len), -1);
}

/* ---- 5. transfers within a city ---- */

static void transfers_between_sites_of_one_city(void **state)
{
	struct arena *a = *state;
	struct finding *f;
	size_t n;
	struct itin_item items[] = {
		item(1, "meeting", CENTRAL, 0, "2024-01-10T10:00:00-08:00",
		     "2024-01-10T11:00:00-08:00"),
		item(2, "meeting", VENETIAN, 0, "2024-01-10T11:00:00-08:00",
		     "2024-01-10T12:00:00-08:00"),
	};
	struct itin_trip t = trip("Asia/Seoul", items, 2, 2);

	/* back to back across the city */
	n = run(&t, &itin_rules_default, a, &f);
	assert_int_equal(n, 1);
	const struct finding *x = expect(f, n, "short_transfer", FINDING_ERROR, 2, 1, LIST(1, 2));
	/* it names the sites, not the hall */
	assert_non_null(strstr(x->message_en, "Only 0 minutes to get from Las Vegas Convention "
					      "Center to The Venetian"));
	assert_true(itin_has_errors(f, n));

	/* 14 minutes is too few, 15 enough */
	items[1].start = at("2024-01-10T11:14:00-08:00");
	n = run(&t, &itin_rules_default, a, &f);
	x = expect(f, n, "short_transfer", FINDING_ERROR, 2, 1, LIST(1, 2));
	assert_non_null(strstr(x->message_en, "Only 14 minutes"));
	items[1].start = at("2024-01-10T11:15:00-08:00");
	expect_none(f, run(&t, &itin_rules_default, a, &f));

	/* the rule is a setting */
	struct itin_rules r = itin_rules_default;
	r.min_transfer = 30;
	n = run(&t, &r, a, &f);
	expect(f, n, "short_transfer", FINDING_ERROR, 2, 1, LIST(1, 2));

	/* a transfer in between links them */
	struct itin_item linked[] = {
		items[0],
		item(3, "ground", LVCC, VENETIAN, "2024-01-10T11:00:00-08:00",
		     "2024-01-10T11:10:00-08:00"),
		item(2, "meeting", VENETIAN, 0, "2024-01-10T11:10:00-08:00",
		     "2024-01-10T12:00:00-08:00"),
	};
	t = trip("Asia/Seoul", linked, 3, 2);
	expect_none(f, run(&t, &itin_rules_default, a, &f));

	/* two halls of one venue, back to back */
	items[1] = item(2, "meeting", WEST, 0, "2024-01-10T11:00:00-08:00",
			"2024-01-10T12:00:00-08:00");
	t = trip("Asia/Seoul", items, 2, 2);
	expect_none(f, run(&t, &itin_rules_default, a, &f));
}

/* ---- 6. each other finding ---- */

static void member_overlap_only_for_shared_members(void **state)
{
	struct arena *a = *state;
	struct finding *f;
	size_t n;
	struct itin_item items[] = {
		item(1, "meeting", CENTRAL, 0, "2024-01-10T10:00:00-08:00",
		     "2024-01-10T11:00:00-08:00"),
		item(2, "meeting", CENTRAL, 0, "2024-01-10T10:30:00-08:00",
		     "2024-01-10T11:30:00-08:00"),
	};
	attend(&items[0], LIST(1));
	attend(&items[1], LIST(1));
	struct itin_trip t = trip("Asia/Seoul", items, 2, 2);
	n = run(&t, &itin_rules_default, a, &f);
	assert_int_equal(n, 1);
	expect(f, n, "member_overlap", FINDING_ERROR, 2, 1, LIST(1));

	/* the delegation split: member 2 goes to the other one */
	attend(&items[1], LIST(2));
	expect_none(f, run(&t, &itin_rules_default, a, &f));

	/* back to back is not an overlap */
	attend(&items[1], LIST(1));
	items[1].start = at("2024-01-10T11:00:00-08:00");
	expect_none(f, run(&t, &itin_rules_default, a, &f));

	/* a hotel stay does not clash with what is done during it; two stays at once do */
	struct itin_item stay[] = {
		item(1, "lodging", LV_HOTEL, 0, "2024-01-09T15:00:00-08:00",
		     "2024-01-11T11:00:00-08:00"),
		item(2, "meeting", VENETIAN, 0, "2024-01-10T10:00:00-08:00",
		     "2024-01-10T11:00:00-08:00"),
		item(3, "lodging", LA_HOTEL, 0, "2024-01-10T15:00:00-08:00",
		     "2024-01-12T11:00:00-08:00"),
	};
	t = trip("Asia/Seoul", stay, 2, 2);
	expect_none(f, run(&t, &itin_rules_default, a, &f));
	t = trip("Asia/Seoul", stay, 3, 2);
	n = run(&t, &itin_rules_default, a, &f);
	assert_int_equal(n, 1);
	expect(f, n, "member_overlap", FINDING_ERROR, 3, 1, LIST(1, 2));
}

static void no_transport_between_cities(void **state)
{
	struct arena *a = *state;
	struct finding *f;
	size_t n;
	struct itin_item items[] = {
		item(1, "meeting", LVCC, 0, "2024-01-10T10:00:00-08:00",
		     "2024-01-10T11:00:00-08:00"),
		item(2, "meeting", LA_OFFICE, 0, "2024-01-11T10:00:00-08:00",
		     "2024-01-11T11:00:00-08:00"),
		item(3, "ground", LVCC, LA_OFFICE, "2024-01-10T13:00:00-08:00",
		     "2024-01-10T17:00:00-08:00"),
	};
	struct itin_trip t = trip("Asia/Seoul", items, 2, 1);
	n = run(&t, &itin_rules_default, a, &f);
	assert_int_equal(n, 1);
	const struct finding *x = expect(f, n, "no_transport", FINDING_ERROR, 2, 1, LIST(1));
	assert_non_null(strstr(x->message_en, "No transport from Las Vegas"));
	assert_non_null(strstr(x->message_en, "to Los Angeles"));

	/* with the drive in between, nothing */
	t = trip("Asia/Seoul", items, 3, 1);
	expect_none(f, run(&t, &itin_rules_default, a, &f));
}

static void short_connection_before_a_flight(void **state)
{
	struct arena *a = *state;
	struct finding *f;
	size_t n;
	struct itin_item items[] = {
		item(1, "meeting", LVCC, 0, "2024-01-10T10:00:00-08:00",
		     "2024-01-10T11:00:00-08:00"),
		item(2, "flight", LAS, LAX, "2024-01-10T11:30:00-08:00",
		     "2024-01-10T12:40:00-08:00"),
	};
	struct itin_trip t = trip("Asia/Seoul", items, 2, 1);
	n = run(&t, &itin_rules_default, a, &f);
	assert_int_equal(n, 1);
	const struct finding *x = expect(f, n, "short_connection", FINDING_ERROR, 2, 1, LIST(1));
	assert_non_null(strstr(x->message_en, "Only 30 minutes"));
	assert_non_null(strstr(x->message_en, "(at least 60)"));

	items[1].start = at("2024-01-10T12:00:00-08:00");
	expect_none(f, run(&t, &itin_rules_default, a, &f));
	struct itin_rules r = itin_rules_default;
	r.min_connection = 90;
	n = run(&t, &r, a, &f);
	expect(f, n, "short_connection", FINDING_ERROR, 2, 1, LIST(1));
}

static void outside_trip_by_home_dates(void **state)
{
	struct arena *a = *state;
	struct finding *f;
	size_t n;
	struct itin_item items[] = {
		/* Friday in Las Vegas, Saturday at home: inside */
		item(1, "visit", LVCC, 0, "2024-01-12T10:00:00-08:00", "2024-01-12T11:00:00-08:00"),
		/* Sunday the 14th in Las Vegas is Monday the 15th at home: outside */
		item(2, "visit", LVCC, 0, "2024-01-14T08:00:00-08:00", "2024-01-14T09:00:00-08:00"),
		/* 23:00 at home on the return date: inside */
		item(3, "visit", SEOUL_HOTEL, 0, "2024-01-14T22:00:00+09:00",
		     "2024-01-14T23:00:00+09:00"),
	};
	struct itin_trip t = trip("Asia/Seoul", items, 3, 0);
	t.depart_date = "2024-01-08";
	t.return_date = "2024-01-14";
	n = run(&t, &itin_rules_default, a, &f);
	/* item 3 follows item 2 with no transport back: that is its own finding */
	assert_int_equal(count_code(f, n, "outside_trip"), 1);
	const struct finding *x = expect(f, n, "outside_trip", FINDING_ERROR, 2, 0, NONE);
	assert_non_null(strstr(x->message_en, "(2024-01-08 to 2024-01-14)"));

	/* no window, no finding */
	t.return_date = NULL;
	n = run(&t, &itin_rules_default, a, &f);
	assert_int_equal(count_code(f, n, "outside_trip"), 0);

	/* a start before departure day */
	struct itin_item early[] = {item(1, "visit", SEOUL_HOTEL, 0, "2024-01-07T23:00:00+09:00",
					 "2024-01-08T01:00:00+09:00")};
	t = trip("Asia/Seoul", early, 1, 0);
	t.depart_date = "2024-01-08";
	t.return_date = "2024-01-14";
	n = run(&t, &itin_rules_default, a, &f);
	assert_int_equal(n, 1);
	expect(f, n, "outside_trip", FINDING_ERROR, 1, 0, NONE);
}

static void times_in_the_wrong_order(void **state)
{
	struct arena *a = *state;
	struct finding *f;
	size_t n;
	/* the arrival typed in Seoul time instead of Los Angeles time */
	struct itin_item items[] = {
		item(1, "flight", ICN, LAX, "2024-01-08T15:00:00+09:00",
		     "2024-01-08T09:30:00+09:00"),
		item(2, "visit", LA_OFFICE, 0, "2024-01-10T11:00:00-08:00",
		     "2024-01-10T10:00:00-08:00"),
		item(3, "visit", LA_OFFICE, 0, "2024-01-11T10:00:00-08:00",
		     "2024-01-11T11:00:00-08:00"),
	};
	struct itin_trip t = trip("Asia/Seoul", items, 3, 1);
	n = run(&t, &itin_rules_default, a, &f);
	expect(f, n, "arrives_before_departs", FINDING_ERROR, 1, 0, NONE);
	expect(f, n, "ends_before_starts", FINDING_ERROR, 2, 0, NONE);
	assert_null(find(f, n, "ends_before_starts", 1));
	assert_null(find(f, n, "arrives_before_departs", 2));
	assert_null(find(f, n, "ends_before_starts", 3));
	assert_int_equal(count_code(f, n, "arrives_before_departs"), 1);
	assert_int_equal(count_code(f, n, "ends_before_starts"), 1);

	items[0].end = at("2024-01-08T09:30:00-08:00");
	items[1].end = at("2024-01-10T12:00:00-08:00");
	expect_none(f, run(&t, &itin_rules_default, a, &f));
}

static void outside_business_hours_local_weekdays(void **state)
{
	struct arena *a = *state;
	struct finding *f;
	size_t n;
	struct itin_item items[] = {
		item(1, "meeting", CENTRAL, 0, "2024-01-10T07:30:00-08:00",
		     "2024-01-10T07:50:00-08:00"), /* Wednesday, early */
		item(2, "meeting", CENTRAL, 0, "2024-01-10T08:00:00-08:00",
		     "2024-01-10T09:00:00-08:00"), /* from 08:00: fine */
		item(3, "meeting", CENTRAL, 0, "2024-01-10T18:00:00-08:00",
		     "2024-01-10T19:00:00-08:00"), /* until 19:00: fine */
		item(4, "meeting", CENTRAL, 0, "2024-01-10T19:00:00-08:00",
		     "2024-01-10T19:30:00-08:00"), /* late */
		item(5, "meeting", CENTRAL, 0, "2024-01-12T17:00:00-08:00",
		     "2024-01-12T18:00:00-08:00"), /* Friday here, Saturday at home: fine */
		item(6, "meeting", CENTRAL, 0, "2024-01-13T10:00:00-08:00",
		     "2024-01-13T11:00:00-08:00"), /* Saturday */
		item(7, "meeting", CENTRAL, 0, "2024-01-14T10:00:00-08:00",
		     "2024-01-14T11:00:00-08:00"), /* Sunday */
		item(8, "visit", CENTRAL, 0, "2024-01-13T14:00:00-08:00",
		     "2024-01-13T15:00:00-08:00"), /* not a meeting */
	};
	struct itin_trip t = trip("Asia/Seoul", items, 8, 1);
	n = run(&t, &itin_rules_default, a, &f);
	assert_int_equal(n, 4);
	expect(f, n, "outside_business_hours", FINDING_WARNING, 1, 0, NONE);
	expect(f, n, "outside_business_hours", FINDING_WARNING, 4, 0, NONE);
	const struct finding *sat =
		expect(f, n, "outside_business_hours", FINDING_WARNING, 6, 0, NONE);
	expect(f, n, "outside_business_hours", FINDING_WARNING, 7, 0, NONE);
	assert_non_null(strstr(sat->message_en, "(weekdays 08:00-19:00): Sat 10:00 PST"));
	assert_non_null(strstr(sat->message_ko, "토요일 10:00 PST"));
	assert_false(itin_has_errors(f, n));

	/* the hours are settings */
	struct itin_rules r = itin_rules_default;
	r.business_start = 7 * 60;
	r.business_end = 20 * 60;
	n = run(&t, &r, a, &f);
	assert_int_equal(n, 2);
	assert_null(find(f, n, "outside_business_hours", 1));
	assert_null(find(f, n, "outside_business_hours", 4));
	expect(f, n, "outside_business_hours", FINDING_WARNING, 6, 0, NONE);
	expect(f, n, "outside_business_hours", FINDING_WARNING, 7, 0, NONE);
}

static void signing_needs_an_agreement(void **state)
{
	struct arena *a = *state;
	struct finding *f;
	size_t n;
	struct itin_item items[] = {
		item(1, "signing", VENETIAN, 0, "2024-01-10T14:00:00-08:00",
		     "2024-01-10T15:00:00-08:00"),
		item(2, "signing", VENETIAN, 0, "2024-01-10T16:00:00-08:00",
		     "2024-01-10T17:00:00-08:00"),
	};
	items[1].agreement = 42;
	struct itin_trip t = trip("Asia/Seoul", items, 2, 1);
	n = run(&t, &itin_rules_default, a, &f);
	assert_int_equal(n, 1);
	expect(f, n, "signing_without_agreement", FINDING_WARNING, 1, 0, NONE);
	assert_false(itin_has_errors(f, n));
}

static void deadlines_of_plan_and_report(void **state)
{
	struct arena *a = *state;
	struct finding *f;
	size_t n;
	struct itin_trip t = trip("Asia/Seoul", NULL, 0, 1);
	struct itin_rules r = itin_rules_default;
	t.depart_date = "2024-01-08"; /* plan due 2024-01-01 */
	t.return_date = "2024-01-14"; /* report due 2024-02-13 */

	/* no "today", no deadlines */
	expect_none(f, run(&t, &r, a, &f));

	r.today = "2024-01-01";
	expect_none(f, run(&t, &r, a, &f));
	r.today = "2024-01-02";
	n = run(&t, &r, a, &f);
	assert_int_equal(n, 1);
	const struct finding *x = expect(f, n, "plan_overdue", FINDING_ERROR, 0, 0, NONE);
	assert_non_null(strstr(x->message_en, "due by 2024-01-01"));

	t.plan_published_on = "2024-01-01";
	expect_none(f, run(&t, &r, a, &f));
	t.plan_published_on = "2024-01-03";
	n = run(&t, &r, a, &f);
	assert_int_equal(n, 1);
	x = expect(f, n, "plan_late", FINDING_WARNING, 0, 0, NONE);
	assert_non_null(strstr(x->message_en, "published on 2024-01-03, after its due date "
					      "2024-01-01"));

	t.plan_published_on = "2023-12-29";
	r.today = "2024-02-13";
	expect_none(f, run(&t, &r, a, &f));
	r.today = "2024-02-14";
	n = run(&t, &r, a, &f);
	assert_int_equal(n, 1);
	x = expect(f, n, "report_overdue", FINDING_ERROR, 0, 0, NONE);
	assert_non_null(strstr(x->message_en, "due by 2024-02-13"));
	t.report_published_on = "2024-02-13";
	expect_none(f, run(&t, &r, a, &f));
	t.report_published_on = "2024-02-14";
	n = run(&t, &r, a, &f);
	assert_int_equal(n, 1);
	expect(f, n, "report_late", FINDING_WARNING, 0, 0, NONE);

	/* the deadlines are settings */
	r.report_days_after = 45;
	expect_none(f, run(&t, &r, a, &f));

	/* both missing at once */
	t.plan_published_on = t.report_published_on = NULL;
	r = itin_rules_default;
	r.today = "2024-03-01";
	n = run(&t, &r, a, &f);
	assert_int_equal(n, 2);
	expect(f, n, "plan_overdue", FINDING_ERROR, 0, 0, NONE);
	expect(f, n, "report_overdue", FINDING_ERROR, 0, 0, NONE);

	/* a trip called off owes no documents */
	t.cancelled = 1;
	expect_none(f, run(&t, &r, a, &f));
}

static void cancelled_items_are_ignored(void **state)
{
	struct arena *a = *state;
	struct finding *f;
	size_t n;
	struct itin_item items[] = {
		item(1, "meeting", CENTRAL, 0, "2024-01-10T10:00:00-08:00",
		     "2024-01-10T11:00:00-08:00"),
		item(2, "meeting", CENTRAL, 0, "2024-01-10T10:30:00-08:00",
		     "2024-01-10T11:30:00-08:00"), /* overlaps 1 */
		item(3, "meeting", CENTRAL, 0, "2024-01-13T10:00:00-08:00",
		     "2024-01-13T11:00:00-08:00"), /* Saturday */
		item(4, "signing", CENTRAL, 0, "2024-01-11T14:00:00-08:00",
		     "2024-01-11T15:00:00-08:00"), /* no agreement */
		item(5, "visit", LA_OFFICE, 0, "2024-01-12T10:00:00-08:00",
		     "2024-01-12T11:00:00-08:00"), /* another city, no transport */
		item(6, "visit", CENTRAL, 0, "2024-01-20T10:00:00-08:00",
		     "2024-01-20T09:00:00-08:00"), /* after the trip, ends before it starts */
		item(7, "flight", LAS, LAX, "2024-01-11T15:10:00-08:00",
		     "2024-01-11T14:00:00-08:00"), /* 10 minutes after 4, arrives before */
	};
	struct itin_trip t = trip("Asia/Seoul", items, 7, 1);
	t.depart_date = "2024-01-08";
	t.return_date = "2024-01-14";
	n = run(&t, &itin_rules_default, a, &f);
	expect(f, n, "member_overlap", FINDING_ERROR, 2, 1, LIST(1));
	expect(f, n, "outside_business_hours", FINDING_WARNING, 3, 0, NONE);
	expect(f, n, "signing_without_agreement", FINDING_WARNING, 4, 0, NONE);
	expect(f, n, "outside_trip", FINDING_ERROR, 6, 0, NONE);
	expect(f, n, "ends_before_starts", FINDING_ERROR, 6, 0, NONE);
	expect(f, n, "arrives_before_departs", FINDING_ERROR, 7, 0, NONE);
	expect(f, n, "short_connection", FINDING_ERROR, 7, 4, LIST(1));
	assert_non_null(find(f, n, "no_transport", 5));

	for (size_t i = 1; i < 7; i++)
		items[i].cancelled = 1;
	expect_none(f, run(&t, &itin_rules_default, a, &f));
	struct trip_length len = length_of(&t);
	assert_string_equal(len.last, "2024-01-11");
}

/* ---- 7. merging ---- */

static void one_conflict_of_three_members_is_one_finding(void **state)
{
	struct arena *a = *state;
	struct finding *f;
	size_t n;
	struct itin_item items[] = {
		item(1, "meeting", CENTRAL, 0, "2024-01-10T10:00:00-08:00",
		     "2024-01-10T11:00:00-08:00"),
		item(2, "meeting", WEST, 0, "2024-01-10T10:30:00-08:00",
		     "2024-01-10T11:30:00-08:00"),
		item(3, "meeting", VENETIAN, 0, "2024-01-10T14:00:00-08:00",
		     "2024-01-10T15:00:00-08:00"),
	};
	attend(&items[0], LIST(1, 2, 3));
	attend(&items[1], LIST(3, 2, 1));
	struct itin_trip t = trip("Asia/Seoul", items, 3, 4);
	n = run(&t, &itin_rules_default, a, &f);
	assert_int_equal(n, 1);
	expect(f, n, "member_overlap", FINDING_ERROR, 2, 1, LIST(1, 2, 3));

	/* the whole delegation: all four on the one finding */
	attend(&items[0], NONE);
	attend(&items[1], NONE);
	n = run(&t, &itin_rules_default, a, &f);
	assert_int_equal(n, 1);
	expect(f, n, "member_overlap", FINDING_ERROR, 2, 1, LIST(1, 2, 3, 4));

	/* a delegation without a member list: one finding, naming nobody */
	t.nmembers = 0;
	n = run(&t, &itin_rules_default, a, &f);
	assert_int_equal(n, 1);
	expect(f, n, "member_overlap", FINDING_ERROR, 2, 1, NONE);

	/* an unknown home zone is refused */
	t.home_tz = "Mars/Olympus_Mons";
	assert_int_equal(itin_check(&t, &itin_rules_default, a, &f, &n), -1);
}

/* ---- 8. money ---- */

static void money_converts_with_iso_minor_units(void **state)
{
	(void)state;
	int64_t v;
	/* 123.45 USD x 1305.12 = 161117.064 KRW */
	assert_int_equal(money_convert(12345, "USD", "1305.12", "KRW", &v), 0);
	assert_int_equal(v, 161117);
	assert_int_equal(money_convert(-12345, "USD", "1305.12", "KRW", &v), 0);
	assert_int_equal(v, -161117);
	/* halves round away from zero, less than half does not */
	assert_int_equal(money_convert(100, "USD", "1305.5", "KRW", &v), 0);
	assert_int_equal(v, 1306);
	assert_int_equal(money_convert(-100, "USD", "1305.5", "KRW", &v), 0);
	assert_int_equal(v, -1306);
	assert_int_equal(money_convert(100, "USD", "1305.499999", "KRW", &v), 0);
	assert_int_equal(v, 1305);
	assert_int_equal(money_convert(100, "USD", "1305", "KRW", &v), 0);
	assert_int_equal(v, 1305);
	/* 161117 KRW x 0.000766 = 123.415622 USD */
	assert_int_equal(money_convert(161117, "KRW", "0.000766", "USD", &v), 0);
	assert_int_equal(v, 12342);
	/* JPY has no minor unit: 123.45 USD x 144.5 = 17838.525 JPY */
	assert_int_equal(money_convert(12345, "USD", "144.5", "JPY", &v), 0);
	assert_int_equal(v, 17839);
	assert_int_equal(money_convert(10000, "JPY", "0.0069", "USD", &v), 0);
	assert_int_equal(v, 6900);
	/* KWD has three: 10 USD x 0.307 = 3.070 KWD; 1.500 KWD x 3.25 = 4.875 USD */
	assert_int_equal(money_convert(1000, "USD", "0.307", "KWD", &v), 0);
	assert_int_equal(v, 3070);
	assert_int_equal(money_convert(1500, "KWD", "3.25", "USD", &v), 0);
	assert_int_equal(v, 488);
	assert_int_equal(money_convert(1500, "KWD", "9.5", "KRW", &v), 0);
	assert_int_equal(v, 14);
	/* the same currency needs no rate */
	assert_int_equal(money_convert(5000, "KRW", NULL, "KRW", &v), 0);
	assert_int_equal(v, 5000);
	assert_int_equal(money_convert(INT64_MAX, "KRW", NULL, "KRW", &v), 0);
	assert_int_equal(v, INT64_MAX);

	/* a missing or malformed rate, or an overflow */
	v = 7;
	assert_int_equal(money_convert(12345, "USD", NULL, "KRW", &v), -1);
	assert_int_equal(money_convert(12345, "USD", "", "KRW", &v), -1);
	assert_int_equal(money_convert(12345, "USD", "1,305.12", "KRW", &v), -1);
	assert_int_equal(money_convert(12345, "USD", "-1305.12", "KRW", &v), -1);
	assert_int_equal(money_convert(12345, "USD", "1305.", "KRW", &v), -1);
	assert_int_equal(money_convert(12345, "USD", "1e3", "KRW", &v), -1);
	assert_int_equal(money_convert(12345, "USD", "0.0000001", "KRW", &v), -1);
	assert_int_equal(v, 7);
	assert_int_equal(money_convert(INT64_MAX, "USD", "1305.12", "KRW", &v), -1);
	assert_int_equal(money_convert(INT64_MIN, "USD", "1305.12", "KRW", &v), -1);
	/* just inside and just outside the range: INT64_MAX / 10 cents x 999 and x 1001 */
	assert_int_equal(money_convert(INT64_MAX / 10, "USD", "999", "KRW", &v), 0);
	assert_int_equal(v, INT64_C(9214148664817921024));
	v = 7;
	assert_int_equal(money_convert(INT64_MAX / 10, "USD", "1001", "KRW", &v), -1);
	/* the largest rate check_decimal lets through, on the largest amount */
	assert_int_equal(money_convert(INT64_MAX, "KRW", "999999999999.999999", "USD", &v), -1);
	assert_int_equal(money_convert(INT64_MIN, "KRW", "999999999999.999999", "CLF", &v), -1);
	assert_int_equal(v, 7);
}

/* amount x micro / 10^6 from from_digits to to_digits, rounded half away from zero: the
 * arithmetic written out in 128 bits, to hold the conversion's 64-bit shortcut against */
static int64_t converted_by_hand(int64_t amount, int64_t micro, int from_digits, int to_digits)
{
	__int128 num = (__int128)amount * micro, den = 1000000;
	for (int i = 0; i < to_digits; i++)
		num *= 10;
	for (int i = 0; i < from_digits; i++)
		den *= 10;
	__int128 q = num / den, rem = num % den;
	if (rem * 2 >= den)
		q++;
	else if (-rem * 2 >= den)
		q--;
	return (int64_t)q;
}

static void money_converts_the_same_either_side_of_64_bits(void **state)
{
	(void)state;
	static const struct {
		const char *from, *rate, *to;
		int64_t micro;
		int from_digits, to_digits;
	} rates[] = {
		{"USD", "1305.5", "KRW", 1305500000, 2, 0},
		{"KRW", "0.000766", "USD", 766, 0, 2},
		{"JPY", "0.0069", "USD", 6900, 0, 2},
		{"USD", "144.5", "JPY", 144500000, 2, 0},
		{"KWD", "3.25", "USD", 3250000, 3, 2},
		{"EUR", "1.095", "USD", 1095000, 2, 2},
	};
	for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		struct money_rate r;
		assert_int_equal(money_rate_set(&r, rates[i].from, rates[i].rate, rates[i].to), 0);
		/* the largest amount whose product fits 64 bits, and its neighbours, both signs;
		 * and amounts ending in a half */
		int64_t edge = INT64_MAX / (rates[i].micro * (rates[i].to_digits == 2 ? 100 : 1));
		const int64_t amounts[] = {edge - 1, edge, edge + 1, -edge, -edge - 1, 1,
					   -1,	     50,   -50,	     12345, -12345,    999999999};
		for (size_t k = 0; k < sizeof(amounts) / sizeof(amounts[0]); k++) {
			int64_t v = 0;
			assert_int_equal(money_rate_apply(&r, amounts[k], &v), 0);
			assert_int_equal(v, converted_by_hand(amounts[k], rates[i].micro,
							      rates[i].from_digits,
							      rates[i].to_digits));
		}
	}
}

static void costs_sum_per_category(void **state)
{
	(void)state;
	struct cost_summary s;
	const struct cost_line lines[] = {
		{"airfare", 12345, "USD", "1305.12"},	 /* 161117 */
		{"airfare", 200000, "KRW", NULL},	 /* 200000 */
		{"lodging", 50000, "JPY", "9.01"},	 /* 450500 */
		{"ground", 1000, "USD", NULL},		 /* no rate: left out */
		{"interpreting", 1500, "KWD", "4300.5"}, /* 6450.75 -> 6451 */
	};
	assert_int_equal(costs_sum(lines, 5, "KRW", &s), 0);
	assert_int_equal(s.by_category[COST_AIRFARE], 361117);
	assert_int_equal(s.by_category[COST_LODGING], 450500);
	assert_int_equal(s.by_category[COST_GROUND], 0);
	assert_int_equal(s.by_category[COST_INTERPRETING], 6451);
	assert_int_equal(s.by_category[COST_OTHER], 0);
	assert_int_equal(s.total, 361117 + 450500 + 6451);
	assert_int_equal(s.converted, 4);
	assert_int_equal(s.unconverted, 1);

	assert_int_equal(costs_sum(NULL, 0, "KRW", &s), 0);
	assert_int_equal(s.total, 0);
	assert_int_equal(s.converted + s.unconverted, 0);

	const struct cost_line big[] = {
		{"airfare", INT64_MAX / 2 + 1, "KRW", NULL},
		{"lodging", INT64_MAX / 2 + 1, "KRW", NULL},
	};
	assert_int_equal(costs_sum(big, 2, "KRW", &s), -1);

	assert_int_equal(cost_category("interpreting"), COST_INTERPRETING);
	assert_int_equal(cost_category("snacks"), -1);
	assert_int_equal(cost_category(NULL), -1);
	assert_int_equal(currency_digits("KRW"), 0);
	assert_int_equal(currency_digits("JPY"), 0);
	assert_int_equal(currency_digits("USD"), 2);
	assert_int_equal(currency_digits("KWD"), 3);
}

static void decimals_are_plain(void **state)
{
	(void)state;
	assert_int_equal(check_decimal("0"), CHECK_OK);
	assert_int_equal(check_decimal("1305.12"), CHECK_OK);
	assert_int_equal(check_decimal("0.000765"), CHECK_OK);
	assert_int_equal(check_decimal("999999999999"), CHECK_OK);
	assert_int_equal(check_decimal("999999999999.999999"), CHECK_OK);
	assert_int_equal(check_decimal(""), CHECK_DECIMAL);
	assert_int_equal(check_decimal("."), CHECK_DECIMAL);
	assert_int_equal(check_decimal(".5"), CHECK_DECIMAL);
	assert_int_equal(check_decimal("5."), CHECK_DECIMAL);
	assert_int_equal(check_decimal("1000000000000"), CHECK_DECIMAL); /* 13 digits */
	assert_int_equal(check_decimal("1.0000001"), CHECK_DECIMAL);	 /* 7 decimals */
	assert_int_equal(check_decimal("-1"), CHECK_DECIMAL);
	assert_int_equal(check_decimal("+1"), CHECK_DECIMAL);
	assert_int_equal(check_decimal("1e5"), CHECK_DECIMAL);
	assert_int_equal(check_decimal("1,305"), CHECK_DECIMAL);
	assert_int_equal(check_decimal(" 1"), CHECK_DECIMAL);
	assert_int_equal(check_decimal("1 "), CHECK_DECIMAL);
	assert_int_equal(check_decimal("1.2.3"), CHECK_DECIMAL);
}

/* ---- 9. settings ---- */

static void settings_round_trip(void **state)
{
	(void)state;
	static const struct {
		const char *key;
		int value;
	} want[] = {
		{"business_start", 480}, {"business_end", 1140},  {"min_transfer", 15},
		{"min_connection", 60},	 {"plan_days_before", 7}, {"report_days_after", 30},
	};
	assert_int_equal(nsettings, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < nsettings; i++) {
		const struct setting *s = setting_find(want[i].key);
		assert_non_null(s);
		assert_string_equal(s->key, want[i].key);
		assert_int_equal(setting_get(s, &itin_rules_default), want[i].value);
		assert_in_range(want[i].value, s->min, s->max);
		assert_non_null(s->label_ko);
		assert_non_null(s->label_en);
	}
	assert_null(setting_find("min_layover"));
	assert_null(setting_find(NULL));
	assert_string_equal(setting_find("business_start")->unit, "time");
	assert_string_equal(setting_find("min_transfer")->unit, "minutes");
	assert_string_equal(setting_find("plan_days_before")->unit, "days");

	/* setting one changes that one only, in the copy */
	struct itin_rules r = itin_rules_default;
	r.today = "2024-01-01";
	setting_set(setting_find("min_transfer"), &r, 30);
	assert_int_equal(r.min_transfer, 30);
	assert_int_equal(setting_get(setting_find("min_transfer"), &r), 30);
	assert_int_equal(itin_rules_default.min_transfer, 15);
	assert_int_equal(r.business_start, 480);
	assert_int_equal(r.business_end, 1140);
	assert_int_equal(r.min_connection, 60);
	assert_int_equal(r.plan_days_before, 7);
	assert_int_equal(r.report_days_after, 30);
	assert_string_equal(r.today, "2024-01-01");
	setting_set(setting_find("business_end"), &r, 20 * 60);
	assert_int_equal(r.business_end, 1200);
	setting_set(setting_find("report_days_after"), &r, 45);
	assert_int_equal(r.report_days_after, 45);
	assert_int_equal(r.min_transfer, 30);
}

/* Core knows no zone until the program gives it rules; then it knows tzdata's. */
static void zones_need_rules(void **state)
{
	(void)state;
	struct zoned z;
	zone_rules_use(NULL);
	assert_false(zone_known("Asia/Seoul"));
	assert_int_equal(zone_at("Asia/Seoul", 0, &z), -1);
	zone_rules_use(&tzdata_rules);
	assert_true(zone_known("Asia/Seoul"));
	assert_false(zone_known("Mars/Olympus_Mons"));
}

/* Every test runs with tzdata's rules, as the program does from app_open. */
static int install_rules(void **state)
{
	(void)state;
	zone_rules_use(&tzdata_rules);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(zones_need_rules),
		cmocka_unit_test(instants_and_dates_parse_strictly),
		cmocka_unit_test(zones_come_from_tzdata),
		cmocka_unit_test_setup_teardown(demo_trips_have_their_lengths_and_no_findings,
						setup, teardown),
		cmocka_unit_test_setup_teardown(date_line_eastward_and_back, setup, teardown),
		cmocka_unit_test_setup_teardown(date_line_westward_loses_a_day, setup, teardown),
		cmocka_unit_test_setup_teardown(daylight_saving_switch, setup, teardown),
		cmocka_unit_test(overnight_flight_red_eye_and_day_room),
		cmocka_unit_test_setup_teardown(transfers_between_sites_of_one_city, setup,
						teardown),
		cmocka_unit_test_setup_teardown(member_overlap_only_for_shared_members, setup,
						teardown),
		cmocka_unit_test_setup_teardown(no_transport_between_cities, setup, teardown),
		cmocka_unit_test_setup_teardown(short_connection_before_a_flight, setup, teardown),
		cmocka_unit_test_setup_teardown(outside_trip_by_home_dates, setup, teardown),
		cmocka_unit_test_setup_teardown(times_in_the_wrong_order, setup, teardown),
		cmocka_unit_test_setup_teardown(outside_business_hours_local_weekdays, setup,
						teardown),
		cmocka_unit_test_setup_teardown(signing_needs_an_agreement, setup, teardown),
		cmocka_unit_test_setup_teardown(deadlines_of_plan_and_report, setup, teardown),
		cmocka_unit_test_setup_teardown(cancelled_items_are_ignored, setup, teardown),
		cmocka_unit_test_setup_teardown(one_conflict_of_three_members_is_one_finding, setup,
						teardown),
		cmocka_unit_test(money_converts_with_iso_minor_units),
		cmocka_unit_test(money_converts_the_same_either_side_of_64_bits),
		cmocka_unit_test(costs_sum_per_category),
		cmocka_unit_test(decimals_are_plain),
		cmocka_unit_test(settings_round_trip),
	};
	return cmocka_run_group_tests(tests, install_rules, NULL);
}
