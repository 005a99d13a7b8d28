/* test_b2b.c - core's B2B time line (core/b2b.c): the slots sessions make, a lunch break that
 * splits a session, sessions that overlap or make too many slots, walks rounded up to slots,
 * and finding the slot an instant starts. Plain structs, no database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/b2b.h"
#include "core/zone.h"

static int64_t at(const char *s)
{
	int64_t t = 0;
	assert_int_equal(instant_parse(s, &t), 0);
	return t;
}

static struct b2b_slot slots[B2B_MAX_SLOTS];

static void a_session_makes_whole_slots_only(void **state)
{
	(void)state;
	/* 10:00–11:45 in 30-minute slots: three whole ones, the last quarter hour none */
	struct b2b_session s = {at("2024-01-10T18:00:00Z"), at("2024-01-10T19:45:00Z"), 30, 0, 0};
	size_t n, bad;
	assert_int_equal(b2b_slots(&s, 1, slots, &n, &bad), B2B_SLOTS_OK);
	assert_int_equal(n, 3);
	assert_true(slots[0].start == at("2024-01-10T18:00:00Z"));
	assert_true(slots[2].end == at("2024-01-10T19:30:00Z"));
	for (size_t i = 0; i < n; i++)
		assert_int_equal(slots[i].session, 0);
}

static void a_break_splits_its_session(void **state)
{
	(void)state;
	/* 10:00–13:00 with lunch 11:30–12:00: 10:00 10:30 11:00 | 12:00 12:30 */
	struct b2b_session s = {at("2024-01-10T18:00:00Z"), at("2024-01-10T21:00:00Z"), 30,
				at("2024-01-10T19:30:00Z"), at("2024-01-10T20:00:00Z")};
	size_t n, bad;
	assert_int_equal(b2b_slots(&s, 1, slots, &n, &bad), B2B_SLOTS_OK);
	assert_int_equal(n, 5);
	assert_true(slots[3].start == at("2024-01-10T20:00:00Z"));
	assert_int_equal(slots[2].session, slots[0].session);
	assert_int_not_equal(slots[3].session, slots[2].session);
	assert_int_equal(slots[4].session, slots[3].session);
	/* no slot overlaps the break */
	for (size_t i = 0; i < n; i++)
		assert_false(b2b_overlaps(&slots[i], s.break_start, s.break_end));
}

static void a_break_off_the_grid_starts_slots_when_it_ends(void **state)
{
	(void)state;
	/* lunch 11:45–12:15: 11:30 would run into it; the afternoon starts at 12:15 */
	struct b2b_session s = {at("2024-01-10T18:00:00Z"), at("2024-01-10T21:00:00Z"), 30,
				at("2024-01-10T19:45:00Z"), at("2024-01-10T20:15:00Z")};
	size_t n, bad;
	assert_int_equal(b2b_slots(&s, 1, slots, &n, &bad), B2B_SLOTS_OK);
	assert_int_equal(n, 4); /* 10:00 10:30 11:00 | 12:15 (12:45 would end past 13:00) */
	assert_true(slots[3].start == at("2024-01-10T20:15:00Z"));
	assert_true(slots[3].end == at("2024-01-10T20:45:00Z"));
}

static void sessions_come_in_time_order_whatever_their_order(void **state)
{
	(void)state;
	struct b2b_session s[2] = {
		{at("2024-01-11T18:00:00Z"), at("2024-01-11T19:00:00Z"), 30, 0, 0},
		{at("2024-01-10T18:00:00Z"), at("2024-01-10T19:00:00Z"), 20, 0, 0},
	};
	size_t n, bad;
	assert_int_equal(b2b_slots(s, 2, slots, &n, &bad), B2B_SLOTS_OK);
	assert_int_equal(n, 3 + 2);
	assert_true(slots[0].start == at("2024-01-10T18:00:00Z"));
	assert_true(slots[1].start == at("2024-01-10T18:20:00Z"));
	assert_true(slots[3].start == at("2024-01-11T18:00:00Z"));
	assert_int_not_equal(slots[3].session, slots[2].session);
	assert_int_equal(b2b_slot_at(slots, n, at("2024-01-11T18:30:00Z")), 4);
	assert_int_equal(b2b_slot_at(slots, n, at("2024-01-11T18:15:00Z")), -1);
	assert_int_equal(b2b_slot_at(slots, n, at("2024-01-09T18:00:00Z")), -1);
}

static void overlapping_sessions_and_short_slots_are_refused_naming_the_session(void **state)
{
	(void)state;
	struct b2b_session s[2] = {
		{at("2024-01-10T18:00:00Z"), at("2024-01-10T20:00:00Z"), 30, 0, 0},
		{at("2024-01-10T19:00:00Z"), at("2024-01-10T21:00:00Z"), 30, 0, 0},
	};
	size_t n, bad;
	assert_int_equal(b2b_slots(s, 2, slots, &n, &bad), B2B_SLOTS_OVERLAP);
	assert_int_equal(bad, 1);
	s[1].start = at("2024-01-10T20:00:00Z"); /* back to back is fine */
	assert_int_equal(b2b_slots(s, 2, slots, &n, &bad), B2B_SLOTS_OK);
	s[0].slot_minutes = 4;
	assert_int_equal(b2b_slots(s, 2, slots, &n, &bad), B2B_SLOTS_BAD);
	assert_int_equal(bad, 0);
	/* 2,001 five-minute slots are one too many */
	struct b2b_session big = {0, (int64_t)(B2B_MAX_SLOTS + 1) * 300, 5, 0, 0};
	assert_int_equal(b2b_slots(&big, 1, slots, &n, &bad), B2B_SLOTS_TOO_MANY);
	big.end = (int64_t)B2B_MAX_SLOTS * 300;
	assert_int_equal(b2b_slots(&big, 1, slots, &n, &bad), B2B_SLOTS_OK);
	assert_int_equal(n, B2B_MAX_SLOTS);
}

static void walks_round_up_to_whole_slots(void **state)
{
	(void)state;
	assert_int_equal(b2b_walk_slots(0, 30), 0);
	assert_int_equal(b2b_walk_slots(1, 30), 1);
	assert_int_equal(b2b_walk_slots(25, 30), 1);
	assert_int_equal(b2b_walk_slots(30, 30), 1);
	assert_int_equal(b2b_walk_slots(31, 30), 2);
	assert_int_equal(b2b_walk_slots(25, 20), 2);
	assert_int_equal(b2b_walk_slots(25, 0), 0);
}

static void an_absence_takes_the_slots_it_overlaps(void **state)
{
	(void)state;
	struct b2b_slot s = {at("2024-01-10T18:00:00Z"), at("2024-01-10T18:30:00Z"), 0};
	assert_true(b2b_overlaps(&s, at("2024-01-10T18:29:00Z"), at("2024-01-10T19:00:00Z")));
	assert_true(b2b_overlaps(&s, at("2024-01-10T17:00:00Z"), at("2024-01-10T18:01:00Z")));
	assert_false(b2b_overlaps(&s, at("2024-01-10T18:30:00Z"), at("2024-01-10T19:00:00Z")));
	assert_false(b2b_overlaps(&s, at("2024-01-10T17:00:00Z"), at("2024-01-10T18:00:00Z")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_session_makes_whole_slots_only),
		cmocka_unit_test(a_break_splits_its_session),
		cmocka_unit_test(a_break_off_the_grid_starts_slots_when_it_ends),
		cmocka_unit_test(sessions_come_in_time_order_whatever_their_order),
		cmocka_unit_test(
			overlapping_sessions_and_short_slots_are_refused_naming_the_session),
		cmocka_unit_test(walks_round_up_to_whole_slots),
		cmocka_unit_test(an_absence_takes_the_slots_it_overlaps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
