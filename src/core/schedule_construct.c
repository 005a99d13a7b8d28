/* schedule_construct.c - the first schedule: pinned and published meetings where they were,
 * the rest where they add the fewest breaks, a repair that makes room for those left out,
 * and the fairness bound kept by leaving out meetings when it must. */
#include <stdlib.h>

#include "schedule_state.h"

/* The best slot for m now: the one adding the fewest breaks (ties at random); -1 when none.
 * *why gets the reason when none fits. */
int sched_best_slot(struct state *s, int m, int *ip, enum sched_reason *why)
{
	const struct sched_instance *in = s->in;
	int best = -1, best_ip = -1, ties = 0;
	long best_cost = 0;
	enum sched_reason worst = SCHED_NO_COMMON_SLOT;
	for (size_t t = 0; t < in->nslots; t++) {
		int cand;
		enum sched_reason r = sched_fits(s, m, (int)t, &cand);
		if (r != SCHED_PLACED) {
			/* report the most telling reason: a real chance beats no common slot */
			if (r != SCHED_NO_COMMON_SLOT &&
			    (worst == SCHED_NO_COMMON_SLOT || r == SCHED_CAP))
				worst = r;
			continue;
		}
		long before = s->total_breaks;
		sched_place(s, m, (int)t, cand);
		long cost = s->total_breaks - before;
		sched_unplace(s, m);
		if (best < 0 || cost < best_cost) {
			best = (int)t, best_ip = cand, best_cost = cost, ties = 1;
		} else if (cost == best_cost && next_random(s) % (uint64_t)++ties == 0) {
			best = (int)t, best_ip = cand;
		}
	}
	*ip = best_ip;
	*why = worst;
	return best;
}

int sched_feasible_slots(const struct state *s, int m)
{
	const struct sched_instance *in = s->in;
	const struct sched_meeting *mt = &in->meetings[m];
	int n = 0;
	for (size_t t = 0; t < in->nslots; t++)
		n += flag(mt->allowed, (int)t) && flag(in->participants[mt->a].available, (int)t) &&
		     flag(in->participants[mt->b].available, (int)t);
	return n;
}

/* Makes room for unplaced meeting m in some slot by moving one placed meeting of equal or
 * lower weight elsewhere (or, when lighter, leaving it out). Returns 1 when m was placed. */
static int repair(struct state *s, int m)
{
	const struct sched_instance *in = s->in;
	const struct sched_meeting *mt = &in->meetings[m];
	int sides[2] = {mt->a, mt->b};
	for (size_t t = 0; t < in->nslots; t++) {
		int ip;
		if (!flag(mt->allowed, (int)t) ||
		    !flag(in->participants[mt->a].available, (int)t) ||
		    !flag(in->participants[mt->b].available, (int)t))
			continue;
		for (int side = 0; side < 2; side++) {
			int p = sides[side];
			for (size_t k = 0; k < s->nmine[p]; k++) {
				int o = s->mine[p][k], ot = s->slot[o];
				if (o == m || ot != (int)t || in->meetings[o].pinned >= 0)
					continue;
				int o_ip = s->interp[o];
				sched_unplace(s, o);
				if (sched_fits(s, m, (int)t, &ip) == SCHED_PLACED) {
					sched_place(s, m, (int)t, ip);
					int oip;
					enum sched_reason why;
					int nt = sched_best_slot(s, o, &oip, &why);
					if (nt >= 0) {
						sched_place(s, o, nt, oip);
						return 1;
					}
					sched_unplace(s, m);
				}
				sched_place(s, o, ot, o_ip); /* back as it was */
			}
		}
	}
	return 0;
}

/* Keeps the fairness bound: while the spread of breaks is over it, leaves out the meeting
 * whose removal costs least of those of a participant with the most breaks. */
void sched_enforce_fairness(struct state *s)
{
	const struct sched_instance *in = s->in;
	while (sched_over_of(s)) {
		int best = -1;
		struct cost best_cost = {0};
		long most = 0;
		for (size_t p = 0; p < in->nparticipants; p++)
			if (s->count[p] && s->breaks[p] > most)
				most = s->breaks[p];
		for (size_t p = 0; p < in->nparticipants; p++) {
			if (!s->count[p] || s->breaks[p] != most)
				continue;
			for (size_t k = 0; k < s->nmine[p]; k++) {
				int m = s->mine[p][k], t = s->slot[m], ip = s->interp[m];
				if (t < 0 || in->meetings[m].pinned >= 0)
					continue;
				sched_unplace(s, m);
				struct cost c = sched_cost_of(s);
				sched_place(s, m, t, ip);
				if (best < 0 || sched_better(&c, &best_cost))
					best = m, best_cost = c;
			}
		}
		if (best < 0)
			return; /* only pinned meetings left: they keep their slots */
		sched_unplace(s, best);
	}
}

/* The first schedule: pinned meetings at their slot, published ones back where they were
 * when they still fit there, then the rest in order, each where it adds the fewest breaks;
 * then a repair that makes room for what was left out, heaviest first. */
void sched_construct(struct state *s, const int *order, enum sched_reason *reason)
{
	const struct sched_instance *in = s->in;
	size_t nm = in->nmeetings;
	for (size_t k = 0; k < nm; k++) {
		int m = order[k], ip;
		const struct sched_meeting *mt = &in->meetings[m];
		int t = mt->pinned >= 0 ? mt->pinned : mt->previous;
		reason[m] = SCHED_CAPACITY;
		if (t < 0)
			continue;
		enum sched_reason why = sched_fits(s, m, t, &ip);
		if (why == SCHED_PLACED)
			sched_place(s, m, t, ip);
		if (mt->pinned >= 0)
			reason[m] = why == SCHED_PLACED ? SCHED_PLACED : SCHED_PIN_CONFLICT;
	}
	for (size_t k = 0; k < nm; k++) {
		int m = order[k], ip, t;
		enum sched_reason why;
		if (s->slot[m] >= 0 || in->meetings[m].pinned >= 0)
			continue;
		t = sched_best_slot(s, m, &ip, &why);
		if (t >= 0)
			sched_place(s, m, t, ip);
		reason[m] = t >= 0 ? SCHED_PLACED : why;
	}
	for (size_t k = 0; k < nm; k++) {
		int m = order[k];
		if (s->slot[m] < 0 && in->meetings[m].pinned < 0 && reason[m] != SCHED_CAP &&
		    reason[m] != SCHED_NO_COMMON_SLOT && repair(s, m))
			reason[m] = SCHED_PLACED;
	}
}
