/* schedule_bound.c - a proven lower bound on breaks: a participant whose meetings cannot take
 * consecutive slots at all has a break in every schedule. */
#include "schedule_state.h"

/* The slots meeting m may ever take (its own, both sides free, its pin), as a mask: only
 * for instances of at most 64 slots. */
uint64_t sched_domain_of(const struct state *s, int m)
{
	const struct sched_instance *in = s->in;
	const struct sched_meeting *mt = &in->meetings[m];
	uint64_t d = 0;
	for (size_t t = 0; t < in->nslots; t++)
		if (flag(mt->allowed, (int)t) && flag(in->participants[mt->a].available, (int)t) &&
		    flag(in->participants[mt->b].available, (int)t) &&
		    (mt->pinned < 0 || mt->pinned == (int)t))
			d |= 1ULL << t;
	return d;
}

/* Kuhn's augmenting path for meeting k of dom (slot masks) within the slots of window:
 * owner[t] is the meeting holding slot t, or -1. */
static int augment(const uint64_t *dom, int k, uint64_t window, uint64_t *seen, int *owner)
{
	uint64_t c = dom[k] & window & ~*seen;
	while (c) {
		int t = __builtin_ctzll(c);
		c &= c - 1;
		*seen |= 1ULL << t;
		if (owner[t] < 0 || augment(dom, owner[t], window, seen, owner)) {
			owner[t] = k;
			return 1;
		}
	}
	return 0;
}

/* Whether n meetings with slot masks dom can take n consecutive slots, one each: a
 * participant who meets all of them without a break. */
static int fits_without_break(const uint64_t *dom, int n, int nslots)
{
	int owner[64];
	for (int first = 0; first + n <= nslots; first++) {
		uint64_t window = (n == 64 ? ~0ULL : ((1ULL << n) - 1)) << first;
		int k = 0;
		for (int t = 0; t < 64; t++)
			owner[t] = -1;
		for (uint64_t seen = 0; k < n && (seen = 0, augment(dom, k, window, &seen, owner));)
			k++;
		if (k == n)
			return 1;
	}
	return 0;
}

/* A lower bound on the breaks of any schedule that places every meeting (of weight > 0,
 * so that the best schedules place every meeting when they can): a participant
 * whose meetings cannot take consecutive slots (its own and its partners' hours, the
 * meetings' slots) has a break whatever the others do. When the search reaches it, the
 * breaks are optimal and it stops. Counted for one-session days of at most 64 slots and
 * participants without a multi-table booth; 0 elsewhere (a bound, not an estimate). */
long sched_lower_bound(struct state *s, struct arena *a)
{
	const struct sched_instance *in = s->in;
	long lb = 0;
	if (s->nspans != 1 || in->nslots > 64)
		return 0;
	uint64_t *dom = arena_alloc(a, (in->nmeetings + 1) * sizeof(*dom));
	uint64_t *mine = arena_alloc(a, (in->nslots + 1) * sizeof(*mine));
	if (!dom || !mine)
		return 0;
	for (size_t m = 0; m < in->nmeetings; m++) {
		/* a meeting of no weight may be left out to save a break: no bound holds then */
		if (!in->meetings[m].weight)
			return 0;
		dom[m] = sched_domain_of(s, (int)m);
	}
	for (size_t p = 0; p < in->nparticipants; p++) {
		size_t n = s->nmine[p];
		if (n < 2 || n > in->nslots || in->participants[p].tables > 1)
			continue;
		for (size_t k = 0; k < n; k++)
			mine[k] = dom[s->mine[p][k]];
		lb += !fits_without_break(mine, (int)n, (int)in->nslots);
	}
	return lb;
}

/* Whether the search has nothing left to gain: everything placed where it was, within the
 * fairness bound, with no more breaks than the bound; or the exact model's proof. */
int sched_proven(const struct state *s, long lb)
{
	return s->optimal || (!s->nun && !s->moved && !sched_over_of(s) && s->total_breaks <= lb);
}
