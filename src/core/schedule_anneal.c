/* schedule_anneal.c - simulated annealing over insertions (ejection chains), single moves and
 * swaps, Kempe chains and shifts of a run, half of them aimed at a break; optionally with a
 * shared pool that may overflow for a rising price (strategic oscillation). */
#include <stdlib.h>
#include <string.h>

#include "schedule_state.h"

/* The mix of moves, out of 16 (see step): 0..3 insert a meeting left out, 4 removes one,
 * up to 4 + SCHED_SHIFT shift a run (0..3 too when nothing is left out), then single moves;
 * from 8 on they aim at a gap, as single moves below SCHED_GAPMOVE, else Kempe chains. */
enum { SCHED_GAPMOVE = 12, SCHED_SHIFT = 2 };
/* Temperatures are in breaks: hot is SCHED_T0 of a break, cold a fiftieth of that. An idle
 * slot inside a gap weighs SCHED_IDLE of a break in the search's eyes only (idle_of). */
static const double SCHED_T0 = 0.15, SCHED_TMIN = 0.02, SCHED_IDLE = 0.1;
/* The price of a pool meeting over the tables, in breaks: where it starts, how it moves
 * (reprice) and its range. */
static const double SCHED_LAMBDA0 = 0.5, SCHED_LAMBDA_STEP = 1.05, SCHED_LAMBDA_MIN = 0.05,
		    SCHED_LAMBDA_MAX = 4.0;

/* How much worse now is than before, in breaks (a unit of spread is a small fraction of
 * one); a change in a term above breaks is worth more than any number of them. */
enum { COST_HUGE = 1 << 30 };
static double worsening(const struct state *s, const struct cost *before)
{
	struct cost now = sched_cost_of(s);
	/* an overflowing pool has its price; the terms above breaks are above any price */
	long excess = now.excess - before->excess;
	now.excess = before->excess;
	if (now.over != before->over || now.weight != before->weight || now.moved != before->moved)
		return sched_better(&now, before) ? -(double)COST_HUGE : (double)COST_HUGE;
	return (double)(now.breaks - before->breaks) + (double)excess * s->lambda +
	       (double)(now.spread - before->spread) / (double)(s->in->nslots + 1) +
	       (double)(now.idle - before->idle) * SCHED_IDLE;
}

/* Whether the change since before is kept at this temperature (in breaks). */
static int accept(struct state *s, const struct cost *before, double temperature)
{
	double delta = worsening(s, before);
	if (delta <= 0)
		return 1;
	if (delta >= COST_HUGE)
		return 0;
	double u = (double)(next_random(s) >> 11) / 9007199254740992.0;
	/* exp(-delta / T) without libm: 1 / (1 + x + x²/2), close enough to steer the walk */
	double x = delta / (temperature > 1e-9 ? temperature : 1e-9);
	return u < 1.0 / (1.0 + x + x * x / 2.0);
}

/* A meeting at slot t that stands in m's way there: one of its sides' (or, when the pool is
 * full, one of the pool's), picked at random; -1 when none can be moved. */
static int blocker(struct state *s, int m, int t)
{
	const struct sched_instance *in = s->in;
	const struct sched_meeting *mt = &in->meetings[m];
	int sides[2] = {mt->a, mt->b}, found = -1, seen = 0;
	int v = in->participants[mt->a].venue;
	for (int k = 0; k < 2; k++)
		for (size_t j = 0; j < s->nmine[sides[k]]; j++) {
			int o = s->mine[sides[k]][j], u = s->slot[o];
			if (o == m || u < 0 || in->meetings[o].pinned >= 0)
				continue;
			/* in its way: at the same slot, or too near to walk between */
			int near = u != t && in->walk && in->session[u] == in->session[t] &&
				   in->participants[sides[k]].tables <= 1 &&
				   abs(u - t) - 1 < walk(in, venue_of(in, o), v);
			if ((u == t || near) && next_random(s) % (uint64_t)++seen == 0)
				found = o;
		}
	if (found < 0 && in->participants[mt->a].tables == 0 &&
	    (size_t)s->pool[t] >= s->pool_room && s->pool[t] > 0) {
		/* a few tries at a random pool meeting of the slot that may move */
		const int *row = s->pool_at + (size_t)t * s->pool_cap;
		for (int k = 0; k < 4 && found < 0; k++) {
			int o = row[next_random(s) % s->pool[t]];
			if (o != m && in->meetings[o].pinned < 0)
				found = o;
		}
	}
	return found;
}

/* m back at slot t with interpreter ip, where it was until this move: every meeting a move
 * touched goes back exactly so (after all of them are lifted), and the schedule is again the
 * valid one it was. */
static void put_back(struct state *s, int m, int t, int ip)
{
	sched_place(s, m, t, ip);
}

/* The meetings a compound move touched, as they were before it, so that it can be undone. */
enum { CHAIN_DEPTH = 3, CHAIN_MAX = 16 };
struct journal {
	int m[CHAIN_MAX], slot[CHAIN_MAX], ip[CHAIN_MAX];
	size_t n;
};

static void note(struct state *s, struct journal *j, int m)
{
	for (size_t k = 0; k < j->n; k++)
		if (j->m[k] == m)
			return;
	if (j->n < CHAIN_MAX) {
		j->m[j->n] = m, j->slot[j->n] = s->slot[m], j->ip[j->n] = s->interp[m];
		j->n++;
	}
}

static void undo(struct state *s, const struct journal *j)
{
	for (size_t k = 0; k < j->n; k++)
		sched_unplace(s, j->m[k]);
	for (size_t k = 0; k < j->n; k++)
		if (j->slot[k] >= 0)
			put_back(s, j->m[k], j->slot[k], j->ip[k]);
}

/* Places u, making room when it must: into a random slot, taking the place of a meeting in
 * its way there, which is placed the same way in turn (depth levels deep) or left out. Every
 * meeting it touches is in j. Returns whether u was placed. */
static int eject(struct state *s, int u, int depth, struct journal *j)
{
	const struct sched_instance *in = s->in;
	int t = in->meetings[u].pinned >= 0 ? in->meetings[u].pinned
					    : (int)(next_random(s) % in->nslots);
	int ip, out[2], nout = 0;
	/* up to two meetings may have to make way: one at the slot, one a walk away */
	while (sched_fits(s, u, t, &ip) != SCHED_PLACED) {
		int o;
		if (!depth || nout == 2 || j->n + 2 > CHAIN_MAX || (o = blocker(s, u, t)) < 0)
			return 0;
		note(s, j, o);
		sched_unplace(s, o);
		out[nout++] = o;
	}
	note(s, j, u);
	sched_place(s, u, t, ip);
	for (int k = 0; k < nout; k++) {
		int oip;
		enum sched_reason why;
		int nt = sched_best_slot(s, out[k], &oip, &why);
		if (nt >= 0)
			sched_place(s, out[k], nt, oip);
		else
			eject(s, out[k], depth - 1, j);
	}
	return 1;
}

/* An unplaced meeting into the schedule through a chain of ejections; kept when the cost
 * does not grow (or, at the temperature's odds, grows a little), else undone. */
static void try_insert(struct state *s, int u, double temperature)
{
	struct journal j = {.n = 0};
	struct cost before = sched_cost_of(s);
	if (!eject(s, u, CHAIN_DEPTH, &j) || !accept(s, &before, temperature))
		undo(s, &j);
}

/* A placed meeting out of the schedule: what the fairness bound or a weightless meeting that
 * costs a break asks for. m is a meeting of a participant with the most breaks when the bound
 * is broken, else a meeting of weight 0. */
static void try_remove(struct state *s, double temperature)
{
	const struct sched_instance *in = s->in;
	int m = (int)(next_random(s) % in->nmeetings), t = s->slot[m], ip = s->interp[m];
	if (t < 0 || in->meetings[m].pinned >= 0)
		return;
	if (!sched_over_of(s) && in->meetings[m].weight)
		return;
	struct cost before = sched_cost_of(s);
	sched_unplace(s, m);
	if (!accept(s, &before, temperature))
		put_back(s, m, t, ip);
}

/* One move: meeting m to another slot or, when a meeting stands in its way there, the two
 * trading slots. Kept when the cost does not grow (or, at the temperature's odds, grows a
 * little); otherwise undone. */
static void try_move(struct state *s, int m, int to, double temperature)
{
	const struct sched_instance *in = s->in;
	int from = s->slot[m], ip, oip;
	if (from < 0 || to == from || in->meetings[m].pinned >= 0)
		return;
	struct cost before = sched_cost_of(s);
	int from_ip = s->interp[m];
	sched_unplace(s, m);
	if (sched_fits(s, m, to, &ip) == SCHED_PLACED) {
		sched_place(s, m, to, ip);
		if (accept(s, &before, temperature))
			return;
		sched_unplace(s, m);
		put_back(s, m, from, from_ip);
		return;
	}
	int o = blocker(s, m, to);
	if (o < 0) {
		put_back(s, m, from, from_ip);
		return;
	}
	int o_ip = s->interp[o], ot = s->slot[o];
	sched_unplace(s, o);
	if (sched_fits(s, m, to, &ip) == SCHED_PLACED) {
		sched_place(s, m, to, ip);
		if (sched_fits(s, o, from, &oip) == SCHED_PLACED) {
			sched_place(s, o, from, oip);
			if (accept(s, &before, temperature))
				return;
			sched_unplace(s, o);
		}
		sched_unplace(s, m);
	}
	put_back(s, o, ot, o_ip);
	put_back(s, m, from, from_ip);
}

/* A Kempe chain: the meetings of slots t1 and t2 linked through shared participants, from
 * m's outward, all trading their slot for the other. Nobody is then in two meetings at once
 * that was not before, so the move often fits where a single move cannot. */
enum { KEMPE_MAX = 48 };
static void try_kempe(struct state *s, int m, int t2, double temperature)
{
	const struct sched_instance *in = s->in;
	int t1 = s->slot[m];
	int chain[KEMPE_MAX], from[KEMPE_MAX], ips[KEMPE_MAX];
	size_t n = 0;
	if (t1 < 0 || t2 == t1)
		return;
	chain[n++] = m;
	for (size_t k = 0; k < n; k++) {
		const struct sched_meeting *mt = &in->meetings[chain[k]];
		if (mt->pinned >= 0)
			return;
		int sides[2] = {mt->a, mt->b};
		for (int q = 0; q < 2; q++)
			for (size_t j = 0; j < s->nmine[sides[q]]; j++) {
				int o = s->mine[sides[q]][j], seen = 0;
				if (s->slot[o] != t1 && s->slot[o] != t2)
					continue;
				for (size_t x = 0; x < n && !seen; x++)
					seen = chain[x] == o;
				if (seen)
					continue;
				if (n == KEMPE_MAX)
					return;
				chain[n++] = o;
			}
	}
	struct cost before = sched_cost_of(s);
	for (size_t k = 0; k < n; k++) {
		from[k] = s->slot[chain[k]];
		ips[k] = s->interp[chain[k]];
		sched_unplace(s, chain[k]);
	}
	size_t placed = 0;
	for (; placed < n; placed++) {
		int ip, to = from[placed] == t1 ? t2 : t1;
		if (sched_fits(s, chain[placed], to, &ip) != SCHED_PLACED)
			break;
		sched_place(s, chain[placed], to, ip);
	}
	if (placed == n && accept(s, &before, temperature))
		return;
	for (size_t k = 0; k < placed; k++)
		sched_unplace(s, chain[k]);
	for (size_t k = 0; k < n; k++)
		put_back(s, chain[k], from[k], ips[k]);
}

/* A target for a move that closes a break: a meeting of a participant with breaks and an
 * idle slot inside one of its gaps (between its first and last meeting of that session).
 * Returns the meeting, or -1 when nobody has a break; *to gets the slot. */
int sched_gap_target(struct state *s, int *to)
{
	if (!s->ngappy)
		return -1;
	int p = s->gappy[next_random(s) % s->ngappy];
	int m = s->mine[p][next_random(s) % s->nmine[p]];
	const uint64_t *b = s->busy + (size_t)p * s->nw;
	/* the idle slots of p with a busy one before and after it in its session: a random
	 * one of them, reservoir-picked */
	int seen = 0;
	*to = -1;
	for (size_t k = 0; k < s->nspans; k++) {
		int lo = -1, hi = -1;
		for (size_t t = s->spans[k].first; t <= s->spans[k].last; t++)
			if (b[t / 64] >> (t % 64) & 1) {
				if (lo < 0)
					lo = (int)t;
				hi = (int)t;
			}
		for (int t = lo + 1; lo >= 0 && t < hi; t++)
			if (!(b[t / 64] >> (t % 64) & 1) && next_random(s) % (uint64_t)++seen == 0)
				*to = t;
	}
	return s->slot[m] >= 0 && *to >= 0 ? m : -1;
}

/* A shift: the run of consecutive slots of participant p that holds meeting m moves one
 * slot towards dir (-1 or +1), every meeting of the run with it, so that a gap next to the
 * run closes by one slot while the partners' meetings each move by one slot only. Kept
 * at the temperature's odds, else undone. */
enum { SHIFT_MAX = 64 };
static void try_shift(struct state *s, int p, int m, int dir, double temperature)
{
	const struct sched_instance *in = s->in;
	int t = s->slot[m], lo = t, hi = t, run[SHIFT_MAX], from[SHIFT_MAX], ips[SHIFT_MAX];
	size_t n = 0;
	if (t < 0 || in->participants[p].tables > 1)
		return;
	const uint64_t *b = s->busy + (size_t)p * s->nw;
	while (lo > 0 && in->session[lo - 1] == in->session[t] &&
	       (b[(lo - 1) / 64] >> ((lo - 1) % 64) & 1))
		lo--;
	while (hi + 1 < (int)in->nslots && in->session[hi + 1] == in->session[t] &&
	       (b[(hi + 1) / 64] >> ((hi + 1) % 64) & 1))
		hi++;
	int edge = dir > 0 ? hi + 1 : lo - 1;
	if (edge < 0 || edge >= (int)in->nslots || in->session[edge] != in->session[t])
		return;
	for (size_t k = 0; k < s->nmine[p]; k++) {
		int o = s->mine[p][k], u = s->slot[o];
		if (u < lo || u > hi)
			continue;
		if (n == SHIFT_MAX || in->meetings[o].pinned >= 0)
			return;
		run[n++] = o;
	}
	struct cost before = sched_cost_of(s);
	for (size_t k = 0; k < n; k++) {
		from[k] = s->slot[run[k]];
		ips[k] = s->interp[run[k]];
		sched_unplace(s, run[k]);
	}
	size_t placed = 0;
	for (; placed < n; placed++) {
		int ip;
		if (sched_fits(s, run[placed], from[placed] + dir, &ip) != SCHED_PLACED)
			break;
		sched_place(s, run[placed], from[placed] + dir, ip);
	}
	if (placed == n && accept(s, &before, temperature))
		return;
	for (size_t k = 0; k < placed; k++)
		sched_unplace(s, run[k]);
	for (size_t k = 0; k < n; k++)
		put_back(s, run[k], from[k], ips[k]);
}

/* A shift aimed at a break: a participant with one, a run of its next to a gap, towards it. */
static void shift_to_gap(struct state *s, double temperature)
{
	int to, m = sched_gap_target(s, &to);
	if (m < 0)
		return;
	const struct sched_meeting *mt = &s->in->meetings[m];
	/* gap_target picked m among the meetings of a participant with a break: which one */
	int p = s->breaks[mt->a] ? mt->a : mt->b;
	if (s->breaks[mt->a] && s->breaks[mt->b] && next_random(s) & 1)
		p = mt->b;
	try_shift(s, p, m, s->slot[m] < to ? 1 : -1, temperature);
}

/* One move of the search at this temperature: an insertion of a meeting left out, a
 * removal, a move or swap, or a Kempe chain; half of the moves and chains aim at a break (a
 * meeting of a participant with one, into its gap), the rest go anywhere. */
static void step(struct state *s, double temp)
{
	const struct sched_instance *in = s->in;
	size_t nm = in->nmeetings;
	uint64_t pick = next_random(s) % 16;
	int m = (int)(next_random(s) % nm), to = (int)(next_random(s) % in->nslots);
	if (pick >= 8 && s->ngappy) {
		int g = sched_gap_target(s, &to);
		if (g >= 0)
			m = g;
		pick = pick < SCHED_GAPMOVE ? 6 : 12;
	}
	if (pick < 4 && s->nun)
		try_insert(s, s->unplaced[next_random(s) % s->nun], temp);
	else if (pick == 4)
		try_remove(s, temp);
	else if (pick < 4 + SCHED_SHIFT && s->ngappy)
		shift_to_gap(s, temp);
	else if (pick < 12)
		try_move(s, m, to, temp);
	else
		try_kempe(s, m, to, temp);
}

/* Lets the pool overflow for a price while the search runs (on), or holds it to its tables
 * (off). Only where the pool could overflow at all. */
void sched_relax(struct state *s, int on)
{
	size_t tables = s->in->pool_tables > 0 ? (size_t)s->in->pool_tables : 0;
	s->relax = on && s->pool_cap > tables;
	s->pool_room = s->relax ? s->pool_cap : tables;
	s->lambda = SCHED_LAMBDA0;
}

/* Strategic oscillation: the price of an overflow rises while the schedule overflows and
 * falls while it does not, so that the search crosses full slots and comes back to schedules
 * that keep the pool (the only ones it keeps as its best). */
static void reprice(struct state *s)
{
	if (!s->relax)
		return;
	s->lambda *= s->excess ? SCHED_LAMBDA_STEP : 1.0 / SCHED_LAMBDA_STEP;
	s->lambda = s->lambda < SCHED_LAMBDA_MIN ? SCHED_LAMBDA_MIN : s->lambda;
	s->lambda = s->lambda > SCHED_LAMBDA_MAX ? SCHED_LAMBDA_MAX : s->lambda;
}

/* One phase of annealing: cycles of moves from hot to cold, until budget moves, patience
 * moves without a better schedule, the time limit or a proven optimum. relaxed lets the pool
 * overflow for a price (reprice); only schedules that keep it can be the best. Returns the
 * moves made. */
unsigned long sched_anneal(struct state *s, const struct sched_options *opt, struct search *w,
			   unsigned long budget, unsigned long patience, int relaxed)
{
	size_t nm = s->in->nmeetings;
	unsigned long cycle = (unsigned long)nm * SCHED_CYCLE + 1000UL, last = 0, it = 0;
	sched_relax(s, relaxed);
	for (; it < budget && it - last < patience && w->now - w->start < opt->time_limit_ms &&
	       !sched_proven(s, w->lb);
	     it++) {
		double cold = 1.0 - (double)(it % cycle) / (double)cycle;
		double temp = SCHED_T0 * (cold * cold + SCHED_TMIN);
		step(s, temp);
		if ((it & 255) == 0)
			reprice(s);
		struct cost c = sched_cost_of(s);
		if (sched_better(&c, &w->best_cost)) {
			w->best_cost = c;
			last = it;
			memcpy(w->best, s->slot, nm * sizeof(int));
			memcpy(w->best_ip, s->interp, nm * sizeof(int));
		}
		if ((it & 1023) == 0)
			w->now = opt->clock_ms(opt->clock_ctx);
	}
	sched_relax(s, 0);
	struct cost c = sched_cost_of(s);
	if (sched_better(&w->best_cost, &c))
		sched_restore(s, w->best, w->best_ip);
	return it;
}
