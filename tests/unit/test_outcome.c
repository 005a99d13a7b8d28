/* test_outcome.c - core's outcome report figures (core/outcome.c): stages kept apart, the
 * latest follow-up of a stage counting, conversion at the recorded rates, amounts with no
 * rate counted but never summed, verified shares, breakdowns whose groups add up to the
 * total, and the same figures whatever the batches rows come in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/outcome.h"

/* USD per unit and KRW per unit of each currency the tests use. */
static const struct oc_rate rate_list[] = {
	{"USD", {"1", "1300"}},
	{"KRW", {"0.00077", "1"}},
	{"JPY", {"0.0067", "8.9"}},
};
static const struct oc_rates rates = {{"USD", "KRW"}, rate_list, 3};

enum { A = 11, B = 12 }; /* two companies */

static const struct oc_consultation consultations[] = {
	{1, A, "US", "AI", 100000, "USD", 0},	 /* 1,000.00 USD */
	{2, A, "JP", "AI", 5000000, "JPY", 0},	 /* 5,000,000 JPY */
	{3, B, "US", "Food", 2600000, "KRW", 0}, /* 2,600,000 KRW */
	{4, B, NULL, NULL, 99999, "EUR", 0},	 /* no rate: counted, not summed */
};

/* day numbers: 19723 is 2024-01-01 */
static const struct oc_follow_up follow_ups[] = {
	{1, OC_NEGOTIATING, 19730, 200000, "USD", 0},  {1, OC_SIGNED, 19750, 150000, "USD", 1},
	{1, OC_SIGNED, 19740, 999999, "USD", 0}, /* earlier: the later one counts */
	{2, OC_NEGOTIATING, 19731, 1000000, "JPY", 1}, {3, OC_DROPPED, 19735, 0, "KRW", 0},
	{99, OC_SIGNED, 19735, 1, "USD", 0},	     /* no such consultation */
	{3, OC_CONSULTED, 19724, 3900000, "KRW", 1}, /* a corrected consulted amount */
};

static const struct oc_group *groups(struct oc_report *o, enum oc_axis axis, size_t *n)
{
	const struct oc_group *g;
	assert_int_equal(oc_groups(o, axis, &g, n), 0);
	return g;
}

/* o's figures are ref's: every breakdown, group by group (keys and cells). */
static void assert_same_figures(struct oc_report *o, struct oc_report *ref)
{
	for (int axis = 0; axis < OC_NAXES; axis++) {
		size_t n, m;
		const struct oc_group *g = groups(o, (enum oc_axis)axis, &n),
				      *r = groups(ref, (enum oc_axis)axis, &m);
		assert_int_equal(n, m);
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(g[i].id, r[i].id);
			assert_string_equal(g[i].key, r[i].key);
			assert_memory_equal(g[i].stage, r[i].stage, sizeof(g[i].stage));
		}
	}
}

static struct oc_report *fed(struct arena *a, size_t batch)
{
	struct oc_report *o = oc_new(a, &rates);
	assert_non_null(o);
	size_t nc = sizeof(consultations) / sizeof(consultations[0]);
	size_t nf = sizeof(follow_ups) / sizeof(follow_ups[0]);
	for (size_t i = 0; i < nc; i += batch)
		assert_int_equal(
			oc_add_consultations(o, consultations + i, i + batch > nc ? nc - i : batch),
			0);
	for (size_t i = 0; i < nf; i += batch)
		assert_int_equal(
			oc_add_follow_ups(o, follow_ups + i, i + batch > nf ? nf - i : batch), 0);
	return o;
}

static void stages_are_kept_apart(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	size_t n;
	const struct oc_group *t = groups(fed(&a, 100), OC_TOTAL, &n);
	assert_int_equal(n, 1);
	/* consulted: 1,000.00 USD + 5,000,000 JPY (33,500.00 USD) + 3,900,000 KRW (3,003.00 USD),
	 * the EUR one counted and left out */
	const struct oc_cell *c = &t->stage[OC_CONSULTED];
	assert_int_equal(c->count, 4);
	assert_int_equal(c->unconverted, 1);
	assert_int_equal(c->amount[0], 100000 + 3350000 + 300300);
	assert_int_equal(c->amount[1], 1300000 + 44500000 + 3900000);
	assert_int_equal(c->verified[1], 3900000); /* only the corrected KRW one was verified */
	/* negotiating: 2,000.00 USD and 1,000,000 JPY (verified) */
	c = &t->stage[OC_NEGOTIATING];
	assert_int_equal(c->count, 2);
	assert_int_equal(c->amount[0], 200000 + 670000);
	assert_int_equal(c->verified[0], 670000);
	/* signed: the latest signed follow-up, 1,500.00 USD verified, never the earlier 9,999.99 */
	c = &t->stage[OC_SIGNED];
	assert_int_equal(c->count, 1);
	assert_int_equal(c->amount[0], 150000);
	assert_int_equal(c->verified[0], 150000);
	assert_int_equal(c->amount[1], 1950000);
	assert_int_equal(t->stage[OC_DROPPED].count, 1);
	assert_int_equal(t->stage[OC_EXPORTED].count, 0);
	assert_int_equal(t->stage[OC_PROVISIONAL].amount[0], 0);
	assert_int_equal(oc_orphans(fed(&a, 100)), 1);
	arena_release(&a);
}

static void breakdowns_add_up_to_the_total(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	struct oc_report *o = fed(&a, 100);
	size_t nt, n;
	const struct oc_group *t = groups(o, OC_TOTAL, &nt);
	for (enum oc_axis axis = OC_BY_COMPANY; axis < OC_NAXES; axis++) {
		const struct oc_group *g = groups(o, axis, &n);
		for (int s = 0; s < OC_NSTAGES; s++) {
			int64_t count = 0, usd = 0, krw = 0, vusd = 0, unconv = 0;
			for (size_t i = 0; i < n; i++) {
				count += g[i].stage[s].count;
				usd += g[i].stage[s].amount[0];
				krw += g[i].stage[s].amount[1];
				vusd += g[i].stage[s].verified[0];
				unconv += g[i].stage[s].unconverted;
			}
			assert_int_equal(count, t->stage[s].count);
			assert_int_equal(usd, t->stage[s].amount[0]);
			assert_int_equal(krw, t->stage[s].amount[1]);
			assert_int_equal(vusd, t->stage[s].verified[0]);
			assert_int_equal(unconv, t->stage[s].unconverted);
		}
	}
	const struct oc_group *g = groups(o, OC_BY_COMPANY, &n);
	assert_int_equal(n, 2);
	assert_int_equal(g[0].id, A);
	assert_int_equal(g[0].stage[OC_CONSULTED].count, 2);
	g = groups(o, OC_BY_COUNTRY, &n);
	assert_int_equal(n, 3); /* "" (not given), JP, US */
	assert_string_equal(g[0].key, "");
	assert_string_equal(g[1].key, "JP");
	assert_string_equal(g[2].key, "US");
	assert_int_equal(g[2].stage[OC_CONSULTED].count, 2);
	g = groups(o, OC_BY_CATEGORY, &n);
	assert_int_equal(n, 3);
	assert_string_equal(g[1].key, "AI");
	assert_int_equal(g[1].stage[OC_NEGOTIATING].count, 2);
	arena_release(&a);
}

static void batches_and_order_do_not_change_the_figures(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	size_t n1, n2;
	const struct oc_group *one = groups(fed(&a, 100), OC_BY_COMPANY, &n1);
	const struct oc_group *two = groups(fed(&a, 1), OC_BY_COMPANY, &n2);
	assert_int_equal(n1, n2);
	for (size_t i = 0; i < n1; i++)
		assert_memory_equal(one[i].stage, two[i].stage, sizeof(one[i].stage));
	/* consultations fed out of id order are found all the same */
	struct oc_report *o = oc_new(&a, &rates);
	const struct oc_consultation rev[] = {consultations[3], consultations[2], consultations[1],
					      consultations[0]};
	assert_int_equal(oc_add_consultations(o, rev, 4), 0);
	assert_int_equal(
		oc_add_follow_ups(o, follow_ups, sizeof(follow_ups) / sizeof(follow_ups[0])), 0);
	size_t n3;
	const struct oc_group *three = groups(o, OC_BY_COMPANY, &n3);
	assert_int_equal(n3, n1);
	for (size_t i = 0; i < n1; i++)
		assert_memory_equal(one[i].stage, three[i].stage, sizeof(one[i].stage));
	arena_release(&a);
}

/* The lines behind every cell of every breakdown add up to the cell, and the verified ones to
 * its verified amount; a pavilion's breakdown is like the others. */
static void drill_down_lines_add_up_to_their_cell(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	struct oc_consultation c[4];
	memcpy(c, consultations, sizeof(c));
	c[0].pavilion = c[1].pavilion = 7, c[2].pavilion = c[3].pavilion = 8;
	struct oc_report *o = oc_new(&a, &rates);
	assert_int_equal(oc_add_consultations(o, c, 4), 0);
	assert_int_equal(oc_add_follow_ups(o, follow_ups, sizeof(follow_ups) / sizeof(*follow_ups)),
			 0);
	size_t np;
	const struct oc_group *pav = groups(o, OC_BY_PAVILION, &np);
	assert_int_equal(np, 2);
	assert_int_equal(pav[0].id, 7);
	assert_int_equal(pav[0].stage[OC_CONSULTED].count, 2);
	assert_int_equal(pav[1].stage[OC_DROPPED].count, 1);
	int checked = 0;
	for (int axis = 0; axis < OC_NAXES; axis++) {
		size_t n;
		const struct oc_group *g = groups(o, (enum oc_axis)axis, &n);
		for (size_t i = 0; i < n; i++)
			for (int s = 0; s < OC_NSTAGES; s++) {
				struct oc_filter f = {(enum oc_stage)s, (enum oc_axis)axis, g[i].id,
						      g[i].key, 0};
				const struct oc_line *lines;
				size_t nl;
				struct oc_cell cell, vcell;
				assert_int_equal(oc_lines(o, &f, &lines, &nl, &cell), 0);
				assert_memory_equal(&cell, &g[i].stage[s], sizeof(cell));
				assert_int_equal(nl, g[i].stage[s].count);
				int64_t usd = 0;
				for (size_t k = 0; k < nl; k++)
					usd += lines[k].converted ? lines[k].in[0] : 0;
				assert_int_equal(usd, cell.amount[0]);
				f.verified_only = 1;
				assert_int_equal(oc_lines(o, &f, &lines, &nl, &vcell), 0);
				assert_int_equal(vcell.amount[1], cell.verified[1]);
				for (size_t k = 0; k < nl; k++)
					assert_true(lines[k].verified);
				checked++;
			}
	}
	assert_true(checked > 20);
	/* consultation 1 is signed at its latest signed follow-up: 1,500.00 USD, verified */
	struct oc_filter signed_a = {OC_SIGNED, OC_BY_COMPANY, A, NULL, 0};
	const struct oc_line *l;
	size_t nl;
	struct oc_cell cell;
	assert_int_equal(oc_lines(o, &signed_a, &l, &nl, &cell), 0);
	assert_int_equal(nl, 1);
	assert_int_equal(l[0].consultation, 1);
	assert_int_equal(l[0].amount, 150000);
	assert_string_equal(l[0].currency, "USD");
	assert_true(l[0].verified);
	/* the same, consultation by consultation */
	struct oc_line at[OC_NSTAGES];
	assert_int_equal(oc_entry(o, 1, at), 0);
	assert_int_equal(at[OC_SIGNED].in[1], 150000 * 13);
	assert_int_equal(at[OC_CONSULTED].amount, 100000);
	assert_int_equal(at[OC_PROVISIONAL].consultation, 0);
	assert_int_equal(oc_entry(o, 99, at), -1);
	arena_release(&a);
}

/* Standings (each consultation with its latest follow-up per stage, as the store keeps them)
 * give the same figures as the consultations and every follow-up fed one by one. */
static void standings_give_the_same_figures(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	struct oc_standing st[4];
	memset(st, 0, sizeof(st));
	for (int i = 0; i < 4; i++)
		st[i].c = consultations[i];
	/* the latest follow-up of each stage, worked out by hand from follow_ups[] */
	st[0].at[OC_NEGOTIATING].has = 1, st[0].at[OC_NEGOTIATING].date = 19730,
	st[0].at[OC_NEGOTIATING].amount = 200000, st[0].at[OC_NEGOTIATING].currency = "USD";
	st[0].at[OC_SIGNED].has = 1, st[0].at[OC_SIGNED].date = 19750,
	st[0].at[OC_SIGNED].amount = 150000, st[0].at[OC_SIGNED].currency = "USD",
	st[0].at[OC_SIGNED].verified = 1;
	st[1].at[OC_NEGOTIATING].has = 1, st[1].at[OC_NEGOTIATING].date = 19731,
	st[1].at[OC_NEGOTIATING].amount = 1000000, st[1].at[OC_NEGOTIATING].currency = "JPY",
	st[1].at[OC_NEGOTIATING].verified = 1;
	st[2].at[OC_DROPPED].has = 1, st[2].at[OC_DROPPED].date = 19735,
	st[2].at[OC_DROPPED].currency = "KRW";
	st[2].at[OC_CONSULTED].has = 1, st[2].at[OC_CONSULTED].date = 19724,
	st[2].at[OC_CONSULTED].amount = 3900000, st[2].at[OC_CONSULTED].currency = "KRW",
	st[2].at[OC_CONSULTED].verified = 1;
	struct oc_report *o = oc_new(&a, &rates);
	assert_int_equal(oc_add_standings(o, st, 4), 0);
	struct oc_report *ref = fed(&a, 100);
	assert_same_figures(o, ref);
	arena_release(&a);
}

/* Rows fed in two parts to two reports and merged give the figures of one report fed them
 * all: every breakdown, the lines behind a cell, and a later follow-up of the same day still
 * counting over the merged ones. */
static void two_parts_merged_give_the_figures_of_one(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	size_t nf = sizeof(follow_ups) / sizeof(follow_ups[0]);
	for (int swap = 0; swap < 2; swap++) {
		struct arena other = ARENA_INIT;
		struct oc_report *part[2] = {oc_new(&a, &rates), oc_new(&other, &rates)};
		assert_non_null(part[0]);
		assert_non_null(part[1]);
		/* consultations 1-2 to one part, 3-4 to the other, each with its own follow-ups;
		 * swapped, the merged part holds the lower ids */
		for (int p = 0; p < 2; p++) {
			int lo = (p ^ swap) ? 2 : 0;
			assert_int_equal(oc_add_consultations(part[p], consultations + lo, 2), 0);
			for (size_t i = 0; i < nf; i++)
				if (follow_ups[i].consultation == lo + 1 ||
				    follow_ups[i].consultation == lo + 2)
					assert_int_equal(
						oc_add_follow_ups(part[p], &follow_ups[i], 1), 0);
		}
		assert_int_equal(oc_merge(part[0], part[1]), 0);
		arena_release(&other);
		/* a follow-up of the same day as consultation 3's dropped one, fed after: it counts
		 */
		const struct oc_follow_up again = {3, OC_DROPPED, 19735, 1300, "KRW", 1};
		assert_int_equal(oc_add_follow_ups(part[0], &again, 1), 0);
		struct oc_report *ref = fed(&a, 100);
		assert_int_equal(oc_add_follow_ups(ref, &again, 1), 0);
		assert_same_figures(part[0], ref);
		size_t n;
		assert_int_equal(groups(part[0], OC_TOTAL, &n)[0].stage[OC_DROPPED].verified[1],
				 1300);
		struct oc_filter f = {OC_CONSULTED, OC_BY_COUNTRY, 0, "US", 0};
		const struct oc_line *lines;
		struct oc_cell cell;
		assert_int_equal(oc_lines(part[0], &f, &lines, &n, &cell), 0);
		assert_int_equal(n, 2);
		assert_int_equal(lines[0].consultation, 1);
		assert_int_equal(lines[1].consultation, 3);
		assert_int_equal(lines[1].amount, 3900000);
		/* a report whose figures are worked out takes no more parts */
		assert_int_equal(oc_merge(part[0], ref), -1);
	}
	arena_release(&a);
}

/* The figures worked out in parts (as on several threads) are those worked out in one. */
static void figures_worked_out_in_parts_are_those_of_one(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	for (size_t parts = 1; parts <= 5; parts++) {
		struct oc_report *o = fed(&a, 100), *ref = fed(&a, 100);
		assert_int_equal(oc_work_end(o), -1); /* not begun */
		assert_int_equal(oc_work_begin(o, parts), 0);
		assert_int_equal(oc_work_part(o, parts), -1);
		for (size_t k = parts; k-- > 0;) /* any order */
			assert_int_equal(oc_work_part(o, k), 0);
		assert_int_equal(oc_work_end(o), 0);
		assert_same_figures(o, ref);
		assert_int_equal(oc_work_begin(o, 2), -1); /* worked out already */
	}
	arena_release(&a);
}

static void an_empty_report_has_a_zero_total_and_no_groups(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	struct oc_report *o = oc_new(&a, &rates);
	size_t n;
	const struct oc_group *t = groups(o, OC_TOTAL, &n);
	assert_int_equal(n, 1);
	for (int s = 0; s < OC_NSTAGES; s++)
		assert_int_equal(t->stage[s].count, 0);
	groups(o, OC_BY_COUNTRY, &n);
	assert_int_equal(n, 0);
	assert_int_equal(oc_stage("signed"), OC_SIGNED);
	assert_int_equal(oc_stage("won"), -1);
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stages_are_kept_apart),
		cmocka_unit_test(breakdowns_add_up_to_the_total),
		cmocka_unit_test(batches_and_order_do_not_change_the_figures),
		cmocka_unit_test(drill_down_lines_add_up_to_their_cell),
		cmocka_unit_test(standings_give_the_same_figures),
		cmocka_unit_test(two_parts_merged_give_the_figures_of_one),
		cmocka_unit_test(figures_worked_out_in_parts_are_those_of_one),
		cmocka_unit_test(an_empty_report_has_a_zero_total_and_no_groups),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
