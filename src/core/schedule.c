/* schedule.c - the meeting scheduler: a greedy construction that places the heaviest, most
 * constrained meetings first where they add the fewest breaks, a repair that makes room for
 * left-out meetings by moving one meeting out of the way, then simulated annealing over
 * single-meeting moves and swaps that lowers breaks (and their spread) without losing any
 * placed meeting. Deterministic for a seed; the caller's clock bounds the last phase. */
#include "schedule.h"

#include <stdlib.h>
#include <string.h>

static const char *const reason_names[] = {
	[SCHED_PLACED] = "placed",
	[SCHED_NO_COMMON_SLOT] = "no_common_slot",
	[SCHED_NO_INTERPRETER] = "no_interpreter",
	[SCHED_CAPACITY] = "capacity",
	[SCHED_CAP] = "cap",
	[SCHED_PIN_CONFLICT] = "pin_conflict",
	[SCHED_FAIRNESS] = "fairness",
	[SCHED_NO_GAIN] = "no_gain",
};

const char *sched_reason_name(enum sched_reason r)
{
	return r <= SCHED_NO_GAIN ? reason_names[r] : "unknown";
}

/* The working state: who is busy when, and the breaks it makes. */
struct state {
	const struct sched_instance *in;
	int *slot, *interp;
	uint16_t *load; /* participant × slot: meetings then */
	uint16_t *pool; /* slot: pool meetings then */
	uint8_t *ibusy; /* interpreter × slot */
	int *count;	/* participant: meetings placed */
	int *breaks;	/* participant: breaks now */
	int **mine;	/* participant: its meetings */
	size_t *nmine;
	uint8_t *needs; /* meeting: needs an interpreter */
	int *hist;	/* breaks b: how many participants with meetings have b breaks */
	long total_breaks;
	long weight;   /* of the meetings placed */
	int *unplaced; /* the meetings not placed, in no order */
	int *upos;     /* meeting: its index in unplaced, or -1 */
	size_t nun;
	uint64_t rng;
};

static uint64_t next_random(struct state *s)
{
	/* xorshift64*: small, fast, and the same on every machine for a seed */
	s->rng ^= s->rng >> 12;
	s->rng ^= s->rng << 25;
	s->rng ^= s->rng >> 27;
	return s->rng * 2685821657736338717ULL;
}

#ifndef SCHED_CYCLES
#define SCHED_CYCLES 20
#endif
#ifndef SCHED_T0
#define SCHED_T0 1.0
#endif

static int flag(const uint8_t *flags, int slot)
{
	return !flags || flags[slot];
}

int sched_needs_interpreter(const struct sched_instance *in, const struct sched_meeting *m)
{
	return !(in->participants[m->a].languages & in->participants[m->b].languages);
}

int sched_interpreter_serves(const struct sched_instance *in, const struct sched_interpreter *i,
			     const struct sched_meeting *m)
{
	uint64_t la = in->participants[m->a].languages, lb = in->participants[m->b].languages;
	for (size_t k = 0; k < i->npairs; k++) {
		int x = i->pairs[k][0], y = i->pairs[k][1];
		if (x < 0 || y < 0 || x >= SCHED_MAX_LANGUAGES || y >= SCHED_MAX_LANGUAGES)
			continue;
		uint64_t bx = 1ULL << x, by = 1ULL << y;
		if (((la & bx) && (lb & by)) || ((la & by) && (lb & bx)))
			return 1;
	}
	return 0;
}

static int capacity(const struct sched_participant *p)
{
	return p->tables > 1 ? p->tables : 1;
}

static int walk(const struct sched_instance *in, int v, int w)
{
	if (!in->walk || v < 0 || w < 0 || v == w)
		return 0;
	return in->walk[(size_t)v * in->nvenues + (size_t)w];
}

static int venue_of(const struct sched_instance *in, int meeting)
{
	return in->participants[in->meetings[meeting].a].venue;
}

/* Breaks of participant p: per session, the idle runs between its first and last busy slot. */
static int breaks_of(const struct state *s, int p)
{
	const struct sched_instance *in = s->in;
	const uint16_t *load = s->load + (size_t)p * in->nslots;
	int n = 0;
	for (size_t t = 0; t < in->nslots;) {
		size_t end = t;
		while (end < in->nslots && in->session[end] == in->session[t])
			end++;
		int seen = 0, idle = 0;
		for (size_t u = t; u < end; u++) {
			if (load[u]) {
				if (seen && idle)
					n++;
				seen = 1;
				idle = 0;
			} else {
				idle = 1;
			}
		}
		t = end;
	}
	return n;
}

/* Whether participant p (at most one table) may also be at venue v in slot t: every meeting
 * of p in the same session leaves the walk between the venues free. */
static int walk_ok(const struct state *s, int p, int t, int v, int except)
{
	const struct sched_instance *in = s->in;
	if (in->participants[p].tables > 1 || !in->walk)
		return 1;
	for (size_t k = 0; k < s->nmine[p]; k++) {
		int o = s->mine[p][k], u = s->slot[o];
		if (o == except || u < 0 || in->session[u] != in->session[t])
			continue;
		int gap = abs(u - t) - 1, need = walk(in, venue_of(in, o), v);
		if (u == t || gap < need)
			return 0;
	}
	return 1;
}

static int free_interpreter(const struct state *s, int m, int t)
{
	const struct sched_instance *in = s->in;
	for (size_t i = 0; i < in->ninterpreters; i++) {
		const struct sched_interpreter *ip = &in->interpreters[i];
		if (!s->ibusy[i * in->nslots + (size_t)t] && flag(ip->available, t) &&
		    sched_interpreter_serves(in, ip, &in->meetings[m]))
			return (int)i;
	}
	return -1;
}

/* Why meeting m cannot go to slot t now (SCHED_PLACED when it can); the meeting itself is
 * not placed. *ip gets the interpreter it would take. */
static enum sched_reason fits(const struct state *s, int m, int t, int *ip)
{
	const struct sched_instance *in = s->in;
	const struct sched_meeting *mt = &in->meetings[m];
	const struct sched_participant *pa = &in->participants[mt->a],
				       *pb = &in->participants[mt->b];
	*ip = -1;
	if (!flag(mt->allowed, t) || !flag(pa->available, t) || !flag(pb->available, t))
		return SCHED_NO_COMMON_SLOT;
	if ((pa->cap >= 0 && s->count[mt->a] >= pa->cap) ||
	    (pb->cap >= 0 && s->count[mt->b] >= pb->cap))
		return SCHED_CAP;
	if (s->load[(size_t)mt->a * in->nslots + (size_t)t] >= capacity(pa) ||
	    s->load[(size_t)mt->b * in->nslots + (size_t)t] >= capacity(pb))
		return SCHED_CAPACITY;
	if (pa->tables == 0 && s->pool[t] >= in->pool_tables)
		return SCHED_CAPACITY;
	int v = pa->venue;
	if (!walk_ok(s, mt->a, t, v, m) || !walk_ok(s, mt->b, t, v, m))
		return SCHED_CAPACITY;
	if (s->needs[m] && (*ip = free_interpreter(s, m, t)) < 0)
		return SCHED_NO_INTERPRETER;
	return SCHED_PLACED;
}

/* A participant leaves or joins the histogram of break counts (those with meetings only). */
static void tally(struct state *s, int p, int sign)
{
	if (s->hist && s->count[p])
		s->hist[s->breaks[p]] += sign;
}

static void place(struct state *s, int m, int t, int ip)
{
	const struct sched_instance *in = s->in;
	const struct sched_meeting *mt = &in->meetings[m];
	tally(s, mt->a, -1);
	tally(s, mt->b, -1);
	s->slot[m] = t;
	s->weight += mt->weight;
	if (s->upos && s->upos[m] >= 0) { /* out of the list of the unplaced */
		int last = s->unplaced[--s->nun];
		s->unplaced[s->upos[m]] = last;
		s->upos[last] = s->upos[m];
		s->upos[m] = -1;
	}
	s->interp[m] = ip;
	s->load[(size_t)mt->a * in->nslots + (size_t)t]++;
	s->load[(size_t)mt->b * in->nslots + (size_t)t]++;
	if (in->participants[mt->a].tables == 0)
		s->pool[t]++;
	if (ip >= 0)
		s->ibusy[(size_t)ip * in->nslots + (size_t)t] = 1;
	s->count[mt->a]++;
	s->count[mt->b]++;
	int ba = breaks_of(s, mt->a), bb = breaks_of(s, mt->b);
	s->total_breaks += ba - s->breaks[mt->a] + bb - s->breaks[mt->b];
	s->breaks[mt->a] = ba;
	s->breaks[mt->b] = bb;
	tally(s, mt->a, 1);
	tally(s, mt->b, 1);
}

static void unplace(struct state *s, int m)
{
	const struct sched_instance *in = s->in;
	const struct sched_meeting *mt = &in->meetings[m];
	int t = s->slot[m];
	if (t < 0)
		return;
	tally(s, mt->a, -1);
	tally(s, mt->b, -1);
	s->load[(size_t)mt->a * in->nslots + (size_t)t]--;
	s->load[(size_t)mt->b * in->nslots + (size_t)t]--;
	if (in->participants[mt->a].tables == 0)
		s->pool[t]--;
	if (s->interp[m] >= 0)
		s->ibusy[(size_t)s->interp[m] * in->nslots + (size_t)t] = 0;
	s->count[mt->a]--;
	s->count[mt->b]--;
	s->slot[m] = -1;
	s->interp[m] = -1;
	s->weight -= mt->weight;
	if (s->upos) {
		s->upos[m] = (int)s->nun;
		s->unplaced[s->nun++] = m;
	}
	int ba = breaks_of(s, mt->a), bb = breaks_of(s, mt->b);
	s->total_breaks += ba - s->breaks[mt->a] + bb - s->breaks[mt->b];
	s->breaks[mt->a] = ba;
	s->breaks[mt->b] = bb;
	tally(s, mt->a, 1);
	tally(s, mt->b, 1);
}

/* The best slot for m now: the one adding the fewest breaks (ties at random); -1 when none.
 * *why gets the reason when none fits. */
static int best_slot(struct state *s, int m, int *ip, enum sched_reason *why)
{
	const struct sched_instance *in = s->in;
	int best = -1, best_ip = -1, ties = 0;
	long best_cost = 0;
	enum sched_reason worst = SCHED_NO_COMMON_SLOT;
	for (size_t t = 0; t < in->nslots; t++) {
		int cand;
		enum sched_reason r = fits(s, m, (int)t, &cand);
		if (r != SCHED_PLACED) {
			/* report the most telling reason: a real chance beats no common slot */
			if (r != SCHED_NO_COMMON_SLOT &&
			    (worst == SCHED_NO_COMMON_SLOT || r == SCHED_CAP))
				worst = r;
			continue;
		}
		long before = s->total_breaks;
		place(s, m, (int)t, cand);
		long cost = s->total_breaks - before;
		unplace(s, m);
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

static int feasible_slots(const struct state *s, int m)
{
	const struct sched_instance *in = s->in;
	const struct sched_meeting *mt = &in->meetings[m];
	int n = 0;
	for (size_t t = 0; t < in->nslots; t++)
		n += flag(mt->allowed, (int)t) && flag(in->participants[mt->a].available, (int)t) &&
		     flag(in->participants[mt->b].available, (int)t);
	return n;
}

struct order {
	const struct sched_instance *in;
	const int *room;
};

/* Pinned first, then heaviest; among equals, the one with the fewest possible slots. */
static int by_priority(const void *x, const void *y, void *ctx)
{
	const struct order *o = ctx;
	int a = *(const int *)x, b = *(const int *)y;
	const struct sched_meeting *ma = &o->in->meetings[a];
	const struct sched_meeting *mb = &o->in->meetings[b];
	if ((ma->pinned >= 0) != (mb->pinned >= 0))
		return ma->pinned >= 0 ? -1 : 1;
	if (ma->weight != mb->weight)
		return mb->weight - ma->weight;
	if (o->room[a] != o->room[b])
		return o->room[a] - o->room[b];
	return a - b;
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
				unplace(s, o);
				if (fits(s, m, (int)t, &ip) == SCHED_PLACED) {
					place(s, m, (int)t, ip);
					int oip;
					enum sched_reason why;
					int nt = best_slot(s, o, &oip, &why);
					if (nt >= 0) {
						place(s, o, nt, oip);
						return 1;
					}
					unplace(s, m);
				}
				place(s, o, ot, o_ip); /* back as it was */
			}
		}
	}
	return 0;
}

/* The spread of break counts: the most a participant has less the fewest. */
static long spread_of(const struct state *s)
{
	long lo = -1, hi = 0;
	for (size_t b = 0; b <= s->in->nslots; b++)
		if (s->hist[b]) {
			if (lo < 0)
				lo = (long)b;
			hi = (long)b;
		}
	return lo < 0 ? 0 : hi - lo;
}

/* The cost the annealing lowers: breaks, far more for breaking the fairness bound. */
/* How far the spread of breaks is over the fairness bound (0 when within it or unbound). */
static long over_of(const struct state *s)
{
	long spread = spread_of(s);
	return s->in->fairness >= 0 && spread > s->in->fairness ? spread - s->in->fairness : 0;
}

/* The cost the search lowers, the objectives in their order in one number: the fairness
 * bound (hard) above all, then the weight placed, then breaks, then their spread. */
static long cost_of(const struct state *s)
{
	return over_of(s) * (1L << 50) - s->weight * (1L << 28) +
	       s->total_breaks * (long)(s->in->nslots + 1) + spread_of(s);
}

/* Whether a change of cost delta is kept at this temperature. */
static int accept(struct state *s, long delta, double temperature)
{
	if (delta <= 0)
		return 1;
	double u = (double)(next_random(s) >> 11) / 9007199254740992.0;
	/* exp(-delta / T) without libm: 1 / (1 + x + x²/2), close enough to steer the walk */
	double x = (double)delta / (temperature > 1e-9 ? temperature : 1e-9);
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
	if (found < 0 && in->participants[mt->a].tables == 0 && s->pool[t] >= in->pool_tables)
		for (size_t o = 0; o < in->nmeetings && seen < 8; o++)
			if ((int)o != m && s->slot[o] == t && in->meetings[o].pinned < 0 &&
			    in->participants[in->meetings[o].a].tables == 0 &&
			    next_random(s) % (uint64_t)++seen == 0)
				found = (int)o;
	return found;
}

/* m back at slot t with interpreter ip, where it was until this move: every meeting a move
 * touched goes back exactly so (after all of them are lifted), and the schedule is again the
 * valid one it was. */
static void put_back(struct state *s, int m, int t, int ip)
{
	place(s, m, t, ip);
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
		unplace(s, j->m[k]);
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
	while (fits(s, u, t, &ip) != SCHED_PLACED) {
		int o;
		if (!depth || nout == 2 || j->n + 2 > CHAIN_MAX || (o = blocker(s, u, t)) < 0)
			return 0;
		note(s, j, o);
		unplace(s, o);
		out[nout++] = o;
	}
	note(s, j, u);
	place(s, u, t, ip);
	for (int k = 0; k < nout; k++) {
		int oip;
		enum sched_reason why;
		int nt = best_slot(s, out[k], &oip, &why);
		if (nt >= 0)
			place(s, out[k], nt, oip);
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
	long before = cost_of(s);
	if (!eject(s, u, CHAIN_DEPTH, &j) || !accept(s, cost_of(s) - before, temperature))
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
	if (!over_of(s) && in->meetings[m].weight)
		return;
	long before = cost_of(s);
	unplace(s, m);
	if (!accept(s, cost_of(s) - before, temperature))
		put_back(s, m, t, ip);
}

/* Keeps the fairness bound: while the spread of breaks is over it, leaves out the meeting
 * whose removal costs least of those of a participant with the most breaks. */
static void enforce_fairness(struct state *s)
{
	const struct sched_instance *in = s->in;
	while (over_of(s)) {
		int best = -1;
		long best_cost = 0;
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
				unplace(s, m);
				long c = cost_of(s);
				place(s, m, t, ip);
				if (best < 0 || c < best_cost)
					best = m, best_cost = c;
			}
		}
		if (best < 0)
			return; /* only pinned meetings left: they keep their slots */
		unplace(s, best);
	}
}

/* One move: meeting m to another slot or, when a meeting stands in its way there, the two
 * trading slots. Kept when the cost does not grow (or, at the temperature's odds, grows a
 * little); otherwise undone. */
static void try_move(struct state *s, int m, double temperature)
{
	const struct sched_instance *in = s->in;
	int from = s->slot[m], ip, oip, to = (int)(next_random(s) % in->nslots);
	if (from < 0 || to == from || in->meetings[m].pinned >= 0)
		return;
	long before = cost_of(s);
	int from_ip = s->interp[m];
	unplace(s, m);
	if (fits(s, m, to, &ip) == SCHED_PLACED) {
		place(s, m, to, ip);
		if (accept(s, cost_of(s) - before, temperature))
			return;
		unplace(s, m);
		put_back(s, m, from, from_ip);
		return;
	}
	int o = blocker(s, m, to);
	if (o < 0) {
		put_back(s, m, from, from_ip);
		return;
	}
	int o_ip = s->interp[o], ot = s->slot[o];
	unplace(s, o);
	if (fits(s, m, to, &ip) == SCHED_PLACED) {
		place(s, m, to, ip);
		if (fits(s, o, from, &oip) == SCHED_PLACED) {
			place(s, o, from, oip);
			if (accept(s, cost_of(s) - before, temperature))
				return;
			unplace(s, o);
		}
		unplace(s, m);
	}
	put_back(s, o, ot, o_ip);
	put_back(s, m, from, from_ip);
}

/* A Kempe chain: the meetings of slots t1 and t2 linked through shared participants, from
 * m's outward, all trading their slot for the other. Nobody is then in two meetings at once
 * that was not before, so the move often fits where a single move cannot. */
enum { KEMPE_MAX = 48 };
static void try_kempe(struct state *s, int m, double temperature)
{
	const struct sched_instance *in = s->in;
	int t1 = s->slot[m], t2 = (int)(next_random(s) % in->nslots);
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
	long before = cost_of(s);
	for (size_t k = 0; k < n; k++) {
		from[k] = s->slot[chain[k]];
		ips[k] = s->interp[chain[k]];
		unplace(s, chain[k]);
	}
	size_t placed = 0;
	for (; placed < n; placed++) {
		int ip, to = from[placed] == t1 ? t2 : t1;
		if (fits(s, chain[placed], to, &ip) != SCHED_PLACED)
			break;
		place(s, chain[placed], to, ip);
	}
	if (placed == n && accept(s, cost_of(s) - before, temperature))
		return;
	for (size_t k = 0; k < placed; k++)
		unplace(s, chain[k]);
	for (size_t k = 0; k < n; k++)
		put_back(s, chain[k], from[k], ips[k]);
}

static void measure_state(const struct state *s, struct sched_result *out)
{
	out->weight = 0;
	out->breaks = s->total_breaks;
	out->max_breaks = 0;
	out->min_breaks = 0;
	int any = 0;
	for (size_t m = 0; m < s->in->nmeetings; m++)
		if (s->slot[m] >= 0)
			out->weight += s->in->meetings[m].weight;
	for (size_t p = 0; p < s->in->nparticipants; p++) {
		if (!s->count[p])
			continue;
		if (!any || s->breaks[p] > out->max_breaks)
			out->max_breaks = s->breaks[p];
		if (!any || s->breaks[p] < out->min_breaks)
			out->min_breaks = s->breaks[p];
		any = 1;
	}
}

static int valid(const struct sched_instance *in)
{
	if (!in->nslots || !in->session)
		return 0;
	for (size_t m = 0; m < in->nmeetings; m++) {
		const struct sched_meeting *mt = &in->meetings[m];
		if (mt->a < 0 || mt->b < 0 || (size_t)mt->a >= in->nparticipants ||
		    (size_t)mt->b >= in->nparticipants || mt->a == mt->b ||
		    mt->pinned >= (int)in->nslots)
			return 0;
	}
	for (size_t p = 0; p < in->nparticipants; p++)
		if (in->participants[p].venue >= (int)in->nvenues)
			return 0;
	return 1;
}

int sched_solve(const struct sched_instance *in, const struct sched_options *opt, struct arena *a,
		struct sched_result *out)
{
	size_t nm = in->nmeetings, np = in->nparticipants, ns = in->nslots;
	struct state s = {.in = in, .rng = (opt ? opt->seed : 0) * 2 + 0x9e3779b97f4a7c15ULL};
	memset(out, 0, sizeof(*out));
	if (!valid(in))
		return -1;
	s.slot = arena_alloc(a, (nm + 1) * sizeof(int));
	s.interp = arena_alloc(a, (nm + 1) * sizeof(int));
	s.load = arena_alloc(a, (np * ns + 1) * sizeof(*s.load));
	s.pool = arena_alloc(a, (ns + 1) * sizeof(*s.pool));
	s.ibusy = arena_alloc(a, in->ninterpreters * ns + 1);
	s.count = arena_alloc(a, (np + 1) * sizeof(int));
	s.breaks = arena_alloc(a, (np + 1) * sizeof(int));
	s.mine = arena_alloc(a, (np + 1) * sizeof(*s.mine));
	s.nmine = arena_alloc(a, (np + 1) * sizeof(*s.nmine));
	s.needs = arena_alloc(a, nm + 1);
	s.hist = arena_alloc(a, (ns + 1) * sizeof(int));
	s.unplaced = arena_alloc(a, (nm + 1) * sizeof(int));
	s.upos = arena_alloc(a, (nm + 1) * sizeof(int));
	int *order = arena_alloc(a, (nm + 1) * sizeof(int));
	int *room = arena_alloc(a, (nm + 1) * sizeof(int));
	out->table = arena_alloc(a, (nm + 1) * sizeof(int));
	out->reason = arena_alloc(a, (nm + 1) * sizeof(*out->reason));
	if (!s.slot || !s.interp || !s.load || !s.pool || !s.ibusy || !s.count || !s.breaks ||
	    !s.mine || !s.nmine || !s.needs || !s.hist || !s.unplaced || !s.upos || !order ||
	    !room || !out->table || !out->reason)
		return -1;
	for (size_t m = 0; m < nm; m++) {
		s.slot[m] = s.interp[m] = -1;
		s.unplaced[m] = s.upos[m] = (int)m;
		s.nmine[in->meetings[m].a]++;
		s.nmine[in->meetings[m].b]++;
		s.needs[m] = (uint8_t)sched_needs_interpreter(in, &in->meetings[m]);
	}
	s.nun = nm;
	for (size_t p = 0; p < np; p++) {
		s.mine[p] = arena_alloc(a, (s.nmine[p] + 1) * sizeof(int));
		if (!s.mine[p])
			return -1;
		s.nmine[p] = 0;
	}
	for (size_t m = 0; m < nm; m++) {
		const struct sched_meeting *mt = &in->meetings[m];
		s.mine[mt->a][s.nmine[mt->a]++] = (int)m;
		s.mine[mt->b][s.nmine[mt->b]++] = (int)m;
		order[m] = (int)m;
		room[m] = feasible_slots(&s, (int)m);
	}
	struct order ord = {in, room};
	qsort_r(order, nm, sizeof(*order), by_priority, &ord);

	/* construct: pinned meetings at their slot, then the rest where they cost least */
	for (size_t k = 0; k < nm; k++) {
		int m = order[k], ip, t;
		enum sched_reason why;
		const struct sched_meeting *mt = &in->meetings[m];
		if (mt->pinned >= 0) {
			why = fits(&s, m, mt->pinned, &ip);
			if (why == SCHED_PLACED)
				place(&s, m, mt->pinned, ip);
			out->reason[m] = why == SCHED_PLACED ? SCHED_PLACED : SCHED_PIN_CONFLICT;
			continue;
		}
		t = best_slot(&s, m, &ip, &why);
		if (t >= 0)
			place(&s, m, t, ip);
		out->reason[m] = t >= 0 ? SCHED_PLACED : why;
	}
	/* repair: make room for what was left out, heaviest first */
	for (size_t k = 0; k < nm; k++) {
		int m = order[k];
		if (s.slot[m] < 0 && in->meetings[m].pinned < 0 && out->reason[m] != SCHED_CAP &&
		    out->reason[m] != SCHED_NO_COMMON_SLOT && repair(&s, m))
			out->reason[m] = SCHED_PLACED;
	}
	/* improve: anneal breaks down, within the caller's time, keeping the best seen */
	long limit = opt ? opt->time_limit_ms : 0;
	if (limit > 0 && nm && opt->clock_ms) {
		int *best = arena_alloc(a, nm * sizeof(int)),
		    *best_ip = arena_alloc(a, nm * sizeof(int));
		if (!best || !best_ip)
			return -1;
		long start = opt->clock_ms(opt->clock_ctx), now = start, best_cost = cost_of(&s);
		/* a budget of moves, not of time, so that a seed gives one schedule; the time limit
		 * only stops a search that would run longer */
		unsigned long budget =
			opt->iterations ? opt->iterations : (unsigned long)nm * 5000UL + 50000UL;
		if (budget > 200000000UL)
			budget = 200000000UL;
		memcpy(best, s.slot, nm * sizeof(int));
		memcpy(best_ip, s.interp, nm * sizeof(int));
		for (unsigned long it = 0;
		     it < budget && now - start < limit && (s.nun || s.total_breaks || over_of(&s));
		     it++) {
			/* the temperature falls, then rises again: cycles, each from hot to cold */
			double frac = (double)it / (double)budget * SCHED_CYCLES;
			double cold = 1.0 - (frac - (double)(long)frac);
			double temp = SCHED_T0 * cold * cold + 0.02;
			uint64_t pick = next_random(&s) % 8;
			if (s.nun && pick < 2)
				try_insert(&s, s.unplaced[next_random(&s) % s.nun], temp);
			else if (pick == 2)
				try_remove(&s, temp);
			else if (pick < 6)
				try_move(&s, (int)(next_random(&s) % nm), temp);
			else
				try_kempe(&s, (int)(next_random(&s) % nm), temp);
			long c = cost_of(&s);
			if (c < best_cost) {
				best_cost = c;
				memcpy(best, s.slot, nm * sizeof(int));
				memcpy(best_ip, s.interp, nm * sizeof(int));
			}
			if ((it & 1023) == 0)
				now = opt->clock_ms(opt->clock_ctx);
		}
		if (cost_of(&s) > best_cost) {
			for (size_t m = 0; m < nm; m++)
				unplace(&s, (int)m);
			for (size_t m = 0; m < nm; m++)
				if (best[m] >= 0)
					place(&s, (int)m, best[m], best_ip[m]);
		}
	}
	/* what still fits goes in, heaviest first (a search cut short by the clock may leave
	 * some), unless it has no weight and would add a break */
	for (size_t k = 0; k < nm; k++) {
		int m = order[k], ip, t;
		enum sched_reason why;
		if (s.slot[m] >= 0 || in->meetings[m].pinned >= 0 ||
		    (t = best_slot(&s, m, &ip, &why)) < 0)
			continue;
		long before = s.total_breaks;
		place(&s, m, t, ip);
		if (!in->meetings[m].weight && s.total_breaks > before)
			unplace(&s, m);
	}
	enforce_fairness(&s);
	/* tables: the lowest free one at the booth (or in the pool) of each slot */
	for (size_t m = 0; m < nm; m++)
		out->table[m] = -1;
	for (size_t m = 0; m < nm; m++) {
		int t = s.slot[m];
		if (t < 0)
			continue;
		int host = in->meetings[m].a, pool = in->participants[host].tables == 0, used = 0;
		for (size_t o = 0; o < m; o++)
			if (s.slot[o] == t &&
			    (pool ? in->participants[in->meetings[o].a].tables == 0
				  : in->meetings[o].a == host))
				used++;
		out->table[m] = used;
	}
	for (size_t m = 0; m < nm; m++) {
		int ip;
		enum sched_reason why = SCHED_CAPACITY;
		if (s.slot[m] >= 0)
			out->reason[m] = SCHED_PLACED;
		else if (in->meetings[m].pinned >= 0) {
			out->reason[m] = SCHED_PIN_CONFLICT;
		} else {
			/* why, in the final schedule: what stops it now or, when nothing does, the
			 * fairness bound or its lack of weight */
			int t = best_slot(&s, (int)m, &ip, &why);
			if (t < 0)
				out->reason[m] = why;
			else
				out->reason[m] =
					in->meetings[m].weight ? SCHED_FAIRNESS : SCHED_NO_GAIN;
		}
	}
	out->slot = s.slot;
	out->interpreter = s.interp;
	measure_state(&s, out);
	return 0;
}

void sched_measure(const struct sched_instance *in, const int *slot, struct sched_result *out,
		   long *breaks)
{
	struct arena a = ARENA_INIT;
	struct state s = {.in = in};
	s.slot = arena_alloc(&a, (in->nmeetings + 1) * sizeof(int));
	s.load = arena_alloc(&a, (in->nparticipants * in->nslots + 1) * sizeof(*s.load));
	s.count = arena_alloc(&a, (in->nparticipants + 1) * sizeof(int));
	s.breaks = arena_alloc(&a, (in->nparticipants + 1) * sizeof(int));
	memset(out, 0, sizeof(*out));
	if (s.slot && s.load && s.count && s.breaks) {
		for (size_t m = 0; m < in->nmeetings; m++) {
			s.slot[m] = slot[m];
			if (slot[m] < 0 || (size_t)slot[m] >= in->nslots)
				continue;
			s.load[(size_t)in->meetings[m].a * in->nslots + (size_t)slot[m]]++;
			s.load[(size_t)in->meetings[m].b * in->nslots + (size_t)slot[m]]++;
			s.count[in->meetings[m].a]++;
			s.count[in->meetings[m].b]++;
		}
		for (size_t p = 0; p < in->nparticipants; p++) {
			s.breaks[p] = breaks_of(&s, (int)p);
			s.total_breaks += s.breaks[p];
			if (breaks)
				breaks[p] = s.breaks[p];
		}
		measure_state(&s, out);
	}
	arena_release(&a);
}
