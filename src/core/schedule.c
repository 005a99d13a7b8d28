/* schedule.c - the meeting scheduler: a greedy construction that keeps pinned and published
 * meetings where they were and places the heaviest, most constrained of the rest first where
 * they add the fewest breaks; a repair that makes room for left-out meetings by moving one
 * meeting out of the way; then simulated annealing over insertions (ejection chains), single
 * moves and swaps, Kempe chains and shifts of a participant's run of meetings, half of them
 * aimed at a gap of a participant with a break. When breaks are left and a shared pool of
 * tables could overflow, a second annealing phase starts afresh and lets the pool overflow for
 * a price that rises while it does (strategic oscillation), so that runs of meetings pass
 * through full slots; only schedules that keep the pool count. Last, a large neighbourhood
 * search takes out every meeting of a participant with a break and one or two partners (or of
 * a few slots around a gap) and puts them back by an exact branch-and-bound, which reaches the
 * coordinated moves of several blocks at once that single moves cannot. Costs compare the
 * objectives in their order (pool, fairness bound, weight, moved, breaks, spread); busy slots
 * are bit masks, so that a participant's breaks are a few word operations. Every phase ends by
 * a budget of moves or work, early when it stalls or reaches a lower bound; deterministic for
 * a seed, and the caller's clock only stops a search that would run longer. */
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

/* The slots of one session, first..last. */
struct span {
	size_t first, last;
};

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
	int hmax;	/* no participant has had more breaks than this: hist ends there */
	/* participant × nw words: bit t set when it has a meeting in slot t, so that its breaks
	 * are a few word operations, not a walk over the slots */
	uint64_t *busy;
	size_t nw;
	uint64_t *first;    /* nw words: bit t set when slot t opens a session */
	struct span *spans; /* the sessions, as runs of slots */
	size_t nspans;
	int *pool_at;  /* slot × pool_cap: the pool meetings placed in it */
	int *pool_pos; /* meeting: its index in pool_at's row, or -1 */
	size_t pool_cap;
	/* the most pool meetings a slot may take now: pool_tables, or more while the search
	 * lets the pool overflow for a price (relax), so that blocks of meetings can pass through
	 * full slots; excess counts the meetings over pool_tables, lambda is their price in breaks
	 */
	size_t pool_room;
	int relax;
	long excess;
	double lambda;
	int *gappy; /* the participants with breaks, in no order (search only) */
	int *gpos;  /* participant: its index in gappy, or -1 */
	size_t ngappy;
	int *idle; /* participant: idle slots inside its gaps (search only) */
	long total_idle;
	long total_breaks;
	long weight;   /* of the meetings placed */
	long moved;    /* meetings with a previous slot not in it */
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

/* The search's schedule, in moves (not time, so that a seed gives one schedule): a cycle of
 * the temperature takes SCHED_CYCLE moves per meeting; the search stops after
 * SCHED_PATIENCE cycles without a better schedule, and after SCHED_CYCLES cycles at most. */
enum { SCHED_CYCLE = 250, SCHED_PATIENCE = 12, SCHED_CYCLES = 25, SCHED_RELAXED = 12 };
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

/* The bits set in x, without the library call a compiler makes when the target's popcount
 * instruction is not assumed. */
static int popcount(uint64_t x)
{
	x = x - ((x >> 1) & 0x5555555555555555ULL);
	x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (int)((x * 0x0101010101010101ULL) >> 56);
}

/* Whether any of the busy bits b has a slot in first..last. */
static int any_in(const uint64_t *b, size_t first, size_t last)
{
	size_t w0 = first / 64, w1 = last / 64;
	uint64_t lo = ~0ULL << (first % 64), hi = ~0ULL >> (63 - last % 64);
	if (w0 == w1)
		return (b[w0] & lo & hi) != 0;
	if (b[w0] & lo || b[w1] & hi)
		return 1;
	for (size_t w = w0 + 1; w < w1; w++)
		if (b[w])
			return 1;
	return 0;
}

/* Breaks of participant p: per session, the idle runs between its first and last busy slot,
 * which is its runs of busy slots less one for each session it is busy in. */
static int breaks_of(const struct state *s, int p)
{
	const uint64_t *b = s->busy + (size_t)p * s->nw;
	uint64_t carry = 0;
	int runs = 0;
	for (size_t w = 0; w < s->nw; w++) {
		/* a run starts where the slot before is idle or in another session */
		uint64_t before = (b[w] << 1) | carry;
		carry = b[w] >> 63;
		runs += popcount(b[w] & (~before | s->first[w]));
	}
	if (runs <= 1)
		return 0;
	if (s->nspans == 1)
		return runs - 1;
	for (size_t k = 0; k < s->nspans; k++)
		runs -= any_in(b, s->spans[k].first, s->spans[k].last);
	return runs;
}

/* Idle slots of participant p inside its gaps: per session, the slots between its first and
 * last busy one that are free. Not an objective: a guide for the search, which sees a gap
 * shrink (a run of meetings creeping towards another) before it sees the break go. */
static int idle_of(const struct state *s, int p)
{
	const uint64_t *b = s->busy + (size_t)p * s->nw;
	int idle = 0;
	for (size_t k = 0; k < s->nspans; k++) {
		size_t first = s->spans[k].first, last = s->spans[k].last;
		if (s->nw == 1) {
			uint64_t x = b[0] & (~0ULL << first) & (~0ULL >> (63 - last));
			if (x)
				idle += 64 - __builtin_clzll(x) - __builtin_ctzll(x) - popcount(x);
			continue;
		}
		int lo = -1, hi = -1, busy = 0;
		for (size_t t = first; t <= last; t++)
			if (b[t / 64] >> (t % 64) & 1) {
				lo = lo < 0 ? (int)t : lo;
				hi = (int)t;
				busy++;
			}
		idle += lo < 0 ? 0 : hi - lo + 1 - busy;
	}
	return idle;
}

static void set_busy(struct state *s, int p, int t, int on)
{
	uint64_t *w = &s->busy[(size_t)p * s->nw + (size_t)t / 64], bit = 1ULL << (t % 64);
	*w = on ? *w | bit : *w & ~bit;
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
	if (pa->tables == 0 && (size_t)s->pool[t] >= s->pool_room)
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
	if (s->hist && s->count[p]) {
		s->hist[s->breaks[p]] += sign;
		if (s->breaks[p] > s->hmax)
			s->hmax = s->breaks[p];
	}
}

/* Participant p's breaks after a change to its meetings: the total, and whether it is among
 * those with breaks, which the search picks its targets from. */
static void refresh(struct state *s, int p)
{
	int b = breaks_of(s, p);
	s->total_breaks += b - s->breaks[p];
	s->breaks[p] = b;
	if (!s->gpos)
		return;
	int idle = b ? idle_of(s, p) : 0;
	s->total_idle += idle - s->idle[p];
	s->idle[p] = idle;
	if (b && s->gpos[p] < 0) {
		s->gpos[p] = (int)s->ngappy;
		s->gappy[s->ngappy++] = p;
	} else if (!b && s->gpos[p] >= 0) {
		int last = s->gappy[--s->ngappy];
		s->gappy[s->gpos[p]] = last;
		s->gpos[last] = s->gpos[p];
		s->gpos[p] = -1;
	}
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
	if (mt->previous >= 0 && mt->previous == t)
		s->moved--;
	if (!s->load[(size_t)mt->a * in->nslots + (size_t)t]++)
		set_busy(s, mt->a, t, 1);
	if (!s->load[(size_t)mt->b * in->nslots + (size_t)t]++)
		set_busy(s, mt->b, t, 1);
	if (in->participants[mt->a].tables == 0) {
		if (s->pool_at) {
			s->pool_pos[m] = s->pool[t];
			s->pool_at[(size_t)t * s->pool_cap + s->pool[t]] = m;
		}
		s->excess += s->pool[t] >= in->pool_tables;
		s->pool[t]++;
	}
	if (ip >= 0)
		s->ibusy[(size_t)ip * in->nslots + (size_t)t] = 1;
	s->count[mt->a]++;
	s->count[mt->b]++;
	refresh(s, mt->a);
	refresh(s, mt->b);
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
	if (mt->previous >= 0 && mt->previous == t)
		s->moved++;
	if (!--s->load[(size_t)mt->a * in->nslots + (size_t)t])
		set_busy(s, mt->a, t, 0);
	if (!--s->load[(size_t)mt->b * in->nslots + (size_t)t])
		set_busy(s, mt->b, t, 0);
	if (in->participants[mt->a].tables == 0) {
		if (s->pool_at) { /* the last of the row takes its place */
			int *row = s->pool_at + (size_t)t * s->pool_cap, last = row[s->pool[t] - 1];
			row[s->pool_pos[m]] = last;
			s->pool_pos[last] = s->pool_pos[m];
			s->pool_pos[m] = -1;
		}
		s->excess -= s->pool[t] > in->pool_tables;
		s->pool[t]--;
	}
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
	refresh(s, mt->a);
	refresh(s, mt->b);
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

/* Pinned first, then heaviest, then the published (kept where they were before a new one
 * takes their place); among equals, the one with the fewest possible slots. */
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
	if ((ma->previous >= 0) != (mb->previous >= 0))
		return ma->previous >= 0 ? -1 : 1;
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
	for (size_t b = 0; b <= (size_t)s->hmax; b++)
		if (s->hist[b]) {
			if (lo < 0)
				lo = (long)b;
			hi = (long)b;
		}
	return lo < 0 ? 0 : hi - lo;
}

/* How far the spread of breaks is over the fairness bound (0 when within it or unbound). */
static long over_of(const struct state *s)
{
	long spread = spread_of(s);
	return s->in->fairness >= 0 && spread > s->in->fairness ? spread - s->in->fairness : 0;
}

/* The cost the search lowers: the objectives in their order, compared term by term rather
 * than folded into one number, so that no instance is large enough to overflow it (150,000
 * meetings of weight up to 10^6 would not fit a long with room for the terms below). */
struct cost {
	long excess; /* pool meetings over the tables: hard, allowed only while searching */
	long over;   /* over the fairness bound: hard, above all */
	long weight; /* placed: the more the better */
	long moved;  /* published meetings out of their previous slot */
	long breaks;
	long spread;
	long idle; /* not an objective: the search's guide (idle_of) */
};

static struct cost cost_of(const struct state *s)
{
	long spread = spread_of(s);
	long over = s->in->fairness >= 0 && spread > s->in->fairness ? spread - s->in->fairness : 0;
	return (struct cost){s->excess,	      over,   s->weight,    s->moved,
			     s->total_breaks, spread, s->total_idle};
}

/* Whether x is strictly better than y. */
static int better(const struct cost *x, const struct cost *y)
{
	if (x->excess != y->excess)
		return x->excess < y->excess;
	if (x->over != y->over)
		return x->over < y->over;
	if (x->weight != y->weight)
		return x->weight > y->weight;
	if (x->moved != y->moved)
		return x->moved < y->moved;
	if (x->breaks != y->breaks)
		return x->breaks < y->breaks;
	return x->spread < y->spread;
}

/* How much worse now is than before, in breaks (a unit of spread is a small fraction of
 * one); a change in a term above breaks is worth more than any number of them. */
enum { COST_HUGE = 1 << 30 };
static double worsening(const struct state *s, const struct cost *before)
{
	struct cost now = cost_of(s);
	/* an overflowing pool has its price; the terms above breaks are above any price */
	long excess = now.excess - before->excess;
	now.excess = before->excess;
	if (now.over != before->over || now.weight != before->weight || now.moved != before->moved)
		return better(&now, before) ? -(double)COST_HUGE : (double)COST_HUGE;
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
	struct cost before = cost_of(s);
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
	if (!over_of(s) && in->meetings[m].weight)
		return;
	struct cost before = cost_of(s);
	unplace(s, m);
	if (!accept(s, &before, temperature))
		put_back(s, m, t, ip);
}

/* Keeps the fairness bound: while the spread of breaks is over it, leaves out the meeting
 * whose removal costs least of those of a participant with the most breaks. */
static void enforce_fairness(struct state *s)
{
	const struct sched_instance *in = s->in;
	while (over_of(s)) {
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
				unplace(s, m);
				struct cost c = cost_of(s);
				place(s, m, t, ip);
				if (best < 0 || better(&c, &best_cost))
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
static void try_move(struct state *s, int m, int to, double temperature)
{
	const struct sched_instance *in = s->in;
	int from = s->slot[m], ip, oip;
	if (from < 0 || to == from || in->meetings[m].pinned >= 0)
		return;
	struct cost before = cost_of(s);
	int from_ip = s->interp[m];
	unplace(s, m);
	if (fits(s, m, to, &ip) == SCHED_PLACED) {
		place(s, m, to, ip);
		if (accept(s, &before, temperature))
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
			if (accept(s, &before, temperature))
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
	struct cost before = cost_of(s);
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
	if (placed == n && accept(s, &before, temperature))
		return;
	for (size_t k = 0; k < placed; k++)
		unplace(s, chain[k]);
	for (size_t k = 0; k < n; k++)
		put_back(s, chain[k], from[k], ips[k]);
}

/* A target for a move that closes a break: a meeting of a participant with breaks and an
 * idle slot inside one of its gaps (between its first and last meeting of that session).
 * Returns the meeting, or -1 when nobody has a break; *to gets the slot. */
static int gap_target(struct state *s, int *to)
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

static void measure_state(const struct state *s, struct sched_result *out)
{
	out->weight = 0;
	out->breaks = s->total_breaks;
	out->max_breaks = 0;
	out->min_breaks = 0;
	out->moved = 0;
	int any = 0;
	for (size_t m = 0; m < s->in->nmeetings; m++) {
		const struct sched_meeting *mt = &s->in->meetings[m];
		if (s->slot[m] >= 0)
			out->weight += mt->weight;
		out->moved += mt->previous >= 0 && s->slot[m] != mt->previous;
	}
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
		    mt->pinned >= (int)in->nslots || mt->previous >= (int)in->nslots)
			return 0;
	}
	for (size_t p = 0; p < in->nparticipants; p++)
		if (in->participants[p].venue >= (int)in->nvenues)
			return 0;
	return 1;
}

/* The bookkeeping every schedule needs, allocated in a: loads, busy masks, the sessions as
 * spans, each participant's meetings. With pools (pool lists, the unplaced list, the
 * histogram) when search is set; sched_measure needs none of those. Returns 0 or -1. */
static int state_init(struct state *s, const struct sched_instance *in, struct arena *a, int search)
{
	size_t nm = in->nmeetings, np = in->nparticipants, ns = in->nslots;
	s->in = in;
	s->nw = (ns + 63) / 64;
	s->pool_room = in->pool_tables > 0 ? (size_t)in->pool_tables : 0;
	s->slot = arena_alloc(a, (nm + 1) * sizeof(int));
	s->interp = arena_alloc(a, (nm + 1) * sizeof(int));
	s->load = arena_alloc(a, (np * ns + 1) * sizeof(*s->load));
	s->busy = arena_alloc(a, (np * s->nw + 1) * sizeof(*s->busy));
	s->first = arena_alloc(a, (s->nw + 1) * sizeof(*s->first));
	s->spans = arena_alloc(a, (ns + 1) * sizeof(*s->spans));
	s->pool = arena_alloc(a, (ns + 1) * sizeof(*s->pool));
	s->ibusy = arena_alloc(a, in->ninterpreters * ns + 1);
	s->count = arena_alloc(a, (np + 1) * sizeof(int));
	s->breaks = arena_alloc(a, (np + 1) * sizeof(int));
	s->mine = arena_alloc(a, (np + 1) * sizeof(*s->mine));
	s->nmine = arena_alloc(a, (np + 1) * sizeof(*s->nmine));
	s->needs = arena_alloc(a, nm + 1);
	if (!s->slot || !s->interp || !s->load || !s->busy || !s->first || !s->spans || !s->pool ||
	    !s->ibusy || !s->count || !s->breaks || !s->mine || !s->nmine || !s->needs)
		return -1;
	for (size_t t = 0; t < ns; t++) {
		if (t && in->session[t] == in->session[t - 1]) {
			s->spans[s->nspans - 1].last = t;
			continue;
		}
		s->first[t / 64] |= 1ULL << (t % 64);
		s->spans[s->nspans++] = (struct span){t, t};
	}
	for (size_t m = 0; m < nm; m++) {
		s->slot[m] = s->interp[m] = -1;
		s->nmine[in->meetings[m].a]++;
		s->nmine[in->meetings[m].b]++;
		s->needs[m] = (uint8_t)sched_needs_interpreter(in, &in->meetings[m]);
		s->moved += in->meetings[m].previous >= 0; /* nothing is placed yet */
	}
	for (size_t p = 0; p < np; p++) {
		s->mine[p] = arena_alloc(a, (s->nmine[p] + 1) * sizeof(int));
		if (!s->mine[p])
			return -1;
		s->nmine[p] = 0;
	}
	for (size_t m = 0; m < nm; m++) {
		const struct sched_meeting *mt = &in->meetings[m];
		s->mine[mt->a][s->nmine[mt->a]++] = (int)m;
		s->mine[mt->b][s->nmine[mt->b]++] = (int)m;
	}
	if (!search)
		return 0;
	/* a slot holds at most pool_tables pool meetings, and never more than there are */
	size_t npool = 0;
	for (size_t m = 0; m < nm; m++)
		npool += in->participants[in->meetings[m].a].tables == 0;
	/* room for a quarter more while the search lets the pool overflow (improve) */
	size_t tables = in->pool_tables > 0 ? (size_t)in->pool_tables : 0;
	size_t room = tables + tables / 4 + 1;
	s->pool_cap = npool < room ? npool : room;
	s->pool_at = arena_alloc(a, (ns * s->pool_cap + 1) * sizeof(int));
	s->pool_pos = arena_alloc(a, (nm + 1) * sizeof(int));
	s->hist = arena_alloc(a, (ns + 2) * sizeof(int));
	s->unplaced = arena_alloc(a, (nm + 1) * sizeof(int));
	s->upos = arena_alloc(a, (nm + 1) * sizeof(int));
	s->gappy = arena_alloc(a, (np + 1) * sizeof(int));
	s->gpos = arena_alloc(a, (np + 1) * sizeof(int));
	s->idle = arena_alloc(a, (np + 1) * sizeof(int));
	if (!s->pool_at || !s->pool_pos || !s->hist || !s->unplaced || !s->upos || !s->gappy ||
	    !s->gpos || !s->idle)
		return -1;
	for (size_t p = 0; p < np; p++)
		s->gpos[p] = -1;
	for (size_t m = 0; m < nm; m++) {
		s->pool_pos[m] = -1;
		s->unplaced[m] = s->upos[m] = (int)m;
	}
	s->nun = nm;
	return 0;
}

/* The first schedule: pinned meetings at their slot, published ones back where they were
 * when they still fit there, then the rest in order, each where it adds the fewest breaks;
 * then a repair that makes room for what was left out, heaviest first. */
static void construct(struct state *s, const int *order, enum sched_reason *reason)
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
		enum sched_reason why = fits(s, m, t, &ip);
		if (why == SCHED_PLACED)
			place(s, m, t, ip);
		if (mt->pinned >= 0)
			reason[m] = why == SCHED_PLACED ? SCHED_PLACED : SCHED_PIN_CONFLICT;
	}
	for (size_t k = 0; k < nm; k++) {
		int m = order[k], ip, t;
		enum sched_reason why;
		if (s->slot[m] >= 0 || in->meetings[m].pinned >= 0)
			continue;
		t = best_slot(s, m, &ip, &why);
		if (t >= 0)
			place(s, m, t, ip);
		reason[m] = t >= 0 ? SCHED_PLACED : why;
	}
	for (size_t k = 0; k < nm; k++) {
		int m = order[k];
		if (s->slot[m] < 0 && in->meetings[m].pinned < 0 && reason[m] != SCHED_CAP &&
		    reason[m] != SCHED_NO_COMMON_SLOT && repair(s, m))
			reason[m] = SCHED_PLACED;
	}
}

/* The schedule of best (slot and interpreter per meeting) into s. */
static void restore(struct state *s, const int *best, const int *best_ip)
{
	size_t nm = s->in->nmeetings;
	for (size_t m = 0; m < nm; m++)
		unplace(s, (int)m);
	for (size_t m = 0; m < nm; m++)
		if (best[m] >= 0)
			place(s, (int)m, best[m], best_ip[m]);
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
	struct cost before = cost_of(s);
	for (size_t k = 0; k < n; k++) {
		from[k] = s->slot[run[k]];
		ips[k] = s->interp[run[k]];
		unplace(s, run[k]);
	}
	size_t placed = 0;
	for (; placed < n; placed++) {
		int ip;
		if (fits(s, run[placed], from[placed] + dir, &ip) != SCHED_PLACED)
			break;
		place(s, run[placed], from[placed] + dir, ip);
	}
	if (placed == n && accept(s, &before, temperature))
		return;
	for (size_t k = 0; k < placed; k++)
		unplace(s, run[k]);
	for (size_t k = 0; k < n; k++)
		put_back(s, run[k], from[k], ips[k]);
}

/* A shift aimed at a break: a participant with one, a run of its next to a gap, towards it. */
static void shift_to_gap(struct state *s, double temperature)
{
	int to, m = gap_target(s, &to);
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
		int g = gap_target(s, &to);
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

/* The slots meeting m may ever take (its own, both sides free, its pin), as a mask: only
 * for instances of at most 64 slots. */
static uint64_t domain_of(const struct state *s, int m)
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
static long lower_bound(struct state *s, struct arena *a)
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
		dom[m] = domain_of(s, (int)m);
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
 * fairness bound, with no more breaks than the bound. */
static int proven(const struct state *s, long lb)
{
	return !s->nun && !s->moved && !over_of(s) && s->total_breaks <= lb;
}

/* A large neighbourhood search with an exact repair: a few participants' meetings (or the
 * meetings of a few slots) come out of the schedule and go back in by a depth-first
 * branch-and-bound over their slots, which finds the best way to place them all again given
 * everything else. What single moves, Kempe chains and shifts cannot reach, a coordinated
 * move of several participants' blocks at once, is one step here. */
enum { LNS_MAX = 40 };

/* A repair in progress: the meetings taken out, where they were, and the best way back. */
struct lns {
	struct state *s;
	size_t n; /* meetings out */
	int rm[LNS_MAX], from[LNS_MAX], fip[LNS_MAX];
	int *cand; /* n × nslots: each one's candidate slots */
	int ncand[LNS_MAX];
	uint8_t done[LNS_MAX]; /* back in, on the current path */
	int *rem;	       /* participant: its meetings still out (0 elsewhere) */
	int aff[2 * LNS_MAX];  /* the participants of the meetings out */
	size_t naff;
	int path[LNS_MAX], pslot[LNS_MAX], pip[LNS_MAX]; /* the current path, in order */
	int inc[LNS_MAX], islot[LNS_MAX], iip[LNS_MAX];	 /* the incumbent, in order */
	int *buf;  /* depth × nslots: the slots tried at each depth */
	long *key; /* depth × nslots: their order */
	struct cost orig, best;
	int found;		   /* an incumbent at least as good as orig */
	unsigned long work, limit; /* fits checks and placements: the budget */
};

/* Takes meeting m into the neighbourhood, with the slots of [lo, hi] it could ever take. */
static void lns_add(struct lns *L, int m, int lo, int hi)
{
	struct state *s = L->s;
	const struct sched_instance *in = s->in;
	const struct sched_meeting *mt = &in->meetings[m];
	if (s->slot[m] < 0 || mt->pinned >= 0 || L->n == LNS_MAX)
		return;
	for (size_t k = 0; k < L->n; k++)
		if (L->rm[k] == m)
			return;
	int *c = L->cand + L->n * in->nslots, nc = 0;
	for (int t = lo; t <= hi; t++)
		if (flag(mt->allowed, t) && flag(in->participants[mt->a].available, t) &&
		    flag(in->participants[mt->b].available, t))
			c[nc++] = t;
	int sides[2] = {mt->a, mt->b};
	for (int q = 0; q < 2; q++)
		if (!L->rem[sides[q]]++)
			L->aff[L->naff++] = sides[q];
	L->rm[L->n] = m, L->from[L->n] = s->slot[m], L->fip[L->n] = s->interp[m];
	L->ncand[L->n] = nc, L->done[L->n] = 0;
	L->n++;
}

/* Whether the path can no longer beat the incumbent (or, before one, match the schedule it
 * started from): a meeting still out closes at most one break of each side, and may yet go
 * back to its previous slot. */
static int lns_pruned(const struct lns *L)
{
	const struct state *s = L->s;
	long save = 0, back = 0;
	for (size_t k = 0; k < L->naff; k++) {
		int p = L->aff[k];
		save += s->breaks[p] < L->rem[p] ? s->breaks[p] : L->rem[p];
	}
	for (size_t k = 0; k < L->n; k++)
		back += !L->done[k] && s->in->meetings[L->rm[k]].previous >= 0;
	const struct cost *ref = L->found ? &L->best : &L->orig;
	long moved = s->moved - back, breaks = s->total_breaks - save;
	if (moved != ref->moved)
		return moved > ref->moved;
	return L->found ? breaks >= ref->breaks : breaks > ref->breaks;
}

/* Every meeting back in: an incumbent when better than the last (or, the first time, no
 * worse than where the repair started, so that the search drifts across plateaus). */
static void lns_leaf(struct lns *L)
{
	struct cost c = cost_of(L->s);
	if (L->found ? !better(&c, &L->best) : better(&L->orig, &c))
		return;
	L->found = 1;
	L->best = c;
	memcpy(L->inc, L->path, L->n * sizeof(int));
	memcpy(L->islot, L->pslot, L->n * sizeof(int));
	memcpy(L->iip, L->pip, L->n * sizeof(int));
}

/* The meeting out with the fewest slots it fits in now (-1 when one fits nowhere: a dead
 * end); its slots go to buf, in order of the schedule they make, best first. */
static int lns_choose(struct lns *L, int depth, int *nbuf)
{
	struct state *s = L->s;
	size_t ns = s->in->nslots;
	int *buf = L->buf + (size_t)depth * ns, pick = -1, ip;
	long *key = L->key + (size_t)depth * ns;
	int fewest = (int)ns + 1;
	for (size_t k = 0; k < L->n && fewest > 1; k++) {
		if (L->done[k])
			continue;
		int cnt = 0;
		const int *c = L->cand + k * ns;
		for (int j = 0; j < L->ncand[k] && cnt < fewest; j++)
			cnt += fits(s, L->rm[k], c[j], &ip) == SCHED_PLACED;
		L->work += (unsigned long)L->ncand[k];
		if (cnt == 0)
			return -1;
		if (cnt < fewest)
			fewest = cnt, pick = (int)k;
	}
	int m = L->rm[pick], n = 0;
	const int *c = L->cand + (size_t)pick * ns;
	for (int j = 0; j < L->ncand[pick]; j++) {
		if (fits(s, m, c[j], &ip) != SCHED_PLACED)
			continue;
		place(s, m, c[j], ip);
		/* moved, then breaks, then the idle slots in gaps, ties at random (a field
		 * that outgrows its bits only blurs the order, which is a heuristic) */
		long idle = s->total_idle < 65535 ? s->total_idle : 65535;
		long k = ((s->moved * 65536 + s->total_breaks) * 65536 + idle) * 256 +
			 (long)(next_random(s) & 255);
		unplace(s, m);
		int at = n++;
		while (at > 0 && key[at - 1] > k) {
			buf[at] = buf[at - 1], key[at] = key[at - 1];
			at--;
		}
		buf[at] = c[j], key[at] = k;
	}
	L->work += (unsigned long)L->ncand[pick] * 2;
	*nbuf = n;
	return pick;
}

/* The branch-and-bound: the meetings out go back one at a time, the most constrained first,
 * each into the slots that cost least first; a path that cannot beat the incumbent stops. */
static void lns_dfs(struct lns *L, int depth)
{
	struct state *s = L->s;
	if (L->work >= L->limit)
		return;
	if (depth == (int)L->n) {
		lns_leaf(L);
		return;
	}
	if (lns_pruned(L))
		return;
	int nbuf, k = lns_choose(L, depth, &nbuf);
	if (k < 0)
		return;
	int m = L->rm[k];
	const int *buf = L->buf + (size_t)depth * s->in->nslots;
	const struct sched_meeting *mt = &s->in->meetings[m];
	L->done[k] = 1;
	L->rem[mt->a]--, L->rem[mt->b]--;
	for (int j = 0; j < nbuf && L->work < L->limit; j++) {
		int ip;
		if (fits(s, m, buf[j], &ip) != SCHED_PLACED)
			continue;
		place(s, m, buf[j], ip);
		L->path[depth] = m, L->pslot[depth] = buf[j], L->pip[depth] = ip;
		lns_dfs(L, depth + 1);
		unplace(s, m);
	}
	L->rem[mt->a]++, L->rem[mt->b]++;
	L->done[k] = 0;
}

/* Takes the neighbourhood out, repairs it and puts the best way found back (the way it was
 * when none is as good). Returns the work it took. */
static unsigned long lns_run(struct lns *L, unsigned long limit)
{
	struct state *s = L->s;
	L->orig = cost_of(s);
	L->found = 0;
	L->work = 0;
	L->limit = limit;
	for (size_t k = 0; k < L->n; k++)
		unplace(s, L->rm[k]);
	lns_dfs(L, 0);
	if (L->found)
		for (size_t k = 0; k < L->n; k++)
			place(s, L->inc[k], L->islot[k], L->iip[k]);
	else
		for (size_t k = 0; k < L->n; k++)
			put_back(s, L->rm[k], L->from[k], L->fip[k]);
	for (size_t k = 0; k < L->naff; k++)
		L->rem[L->aff[k]] = 0;
	L->n = L->naff = 0;
	return L->work + 1;
}

/* The session's slots around slot t: first and last. */
static void session_of(const struct state *s, int t, int *lo, int *hi)
{
	*lo = *hi = t;
	while (*lo > 0 && s->in->session[*lo - 1] == s->in->session[t])
		(*lo)--;
	while (*hi + 1 < (int)s->in->nslots && s->in->session[*hi + 1] == s->in->session[t])
		(*hi)++;
}

/* Every meeting of participant p into the neighbourhood, each free to move in its session. */
static void lns_add_participant(struct lns *L, int p)
{
	struct state *s = L->s;
	for (size_t k = 0; k < s->nmine[p]; k++) {
		int m = s->mine[p][k], lo, hi;
		if (s->slot[m] < 0)
			continue;
		session_of(s, s->slot[m], &lo, &hi);
		lns_add(L, m, lo, hi);
	}
}

/* A neighbourhood around a break: a participant with one and one or two of its partners,
 * all their meetings; or every meeting of a few slots around the gap, each free to move
 * among those slots. */
static void lns_pick(struct lns *L)
{
	struct state *s = L->s;
	const struct sched_instance *in = s->in;
	int to, m = gap_target(s, &to);
	if (m < 0)
		return;
	const struct sched_meeting *mt = &in->meetings[m];
	int p = s->breaks[mt->a] ? mt->a : mt->b;
	if (next_random(s) % 3) {
		lns_add_participant(L, p);
		int partners = 1 + (int)(next_random(s) % 2);
		for (int k = 0; k < partners; k++) {
			const struct sched_meeting *o =
				&in->meetings[s->mine[p][next_random(s) % s->nmine[p]]];
			lns_add_participant(L, o->a == p ? o->b : o->a);
		}
		return;
	}
	int lo, hi, w = 2 + (int)(next_random(s) % 3);
	session_of(s, to, &lo, &hi);
	int first = to - (int)(next_random(s) % (unsigned)w);
	first = first < lo ? lo : first;
	int last = first + w - 1 > hi ? hi : first + w - 1;
	/* from a random meeting on, so that a crowded window is not always cut at the same ones */
	size_t nm = in->nmeetings, from = (size_t)(next_random(s) % nm);
	for (size_t j = 0; j < nm && L->n < LNS_MAX; j++) {
		size_t k = (from + j) % nm;
		if (s->slot[k] >= first && s->slot[k] <= last)
			lns_add(L, (int)k, first, last);
	}
}

/* The last phase: repairs of large neighbourhoods around the breaks that are left, each
 * kept when no worse, until the budget of work is spent, the breaks reach the lower bound or
 * the clock says stop. Work is counted in slots tried (fits checks and trial placements), not
 * time: LNS_WORK for one repair, LNS_BUDGET per meeting in all, or LNS_PER_MOVE per move of
 * the caller's budget when it sets one. */
enum { LNS_WORK = 20000, LNS_BUDGET = 100000, LNS_PER_MOVE = 32, LNS_PATIENCE = 3 };
static int lns_phase(struct state *s, const struct sched_options *opt, struct arena *a, long lb,
		     long start)
{
	const struct sched_instance *in = s->in;
	size_t ns = in->nslots;
	struct lns L = {.s = s};
	L.cand = arena_alloc(a, (LNS_MAX * ns + 1) * sizeof(int));
	L.buf = arena_alloc(a, ((LNS_MAX + 1) * ns + 1) * sizeof(int));
	L.key = arena_alloc(a, ((LNS_MAX + 1) * ns + 1) * sizeof(long));
	L.rem = arena_alloc(a, (in->nparticipants + 1) * sizeof(int));
	if (!L.cand || !L.buf || !L.key || !L.rem)
		return -1;
	memset(L.rem, 0, (in->nparticipants + 1) * sizeof(int));
	unsigned long budget = opt->iterations ? opt->iterations * LNS_PER_MOVE
					       : (unsigned long)in->nmeetings * LNS_BUDGET;
	unsigned long spent = 0, last = 0;
	long now = opt->clock_ms(opt->clock_ctx), breaks = s->total_breaks;
	for (unsigned long k = 0; spent < budget && spent - last < budget / LNS_PATIENCE &&
				  now - start < opt->time_limit_ms && !proven(s, lb) && s->ngappy;
	     k++) {
		lns_pick(&L);
		spent += L.n ? lns_run(&L, LNS_WORK) : 1;
		if (s->total_breaks < breaks)
			breaks = s->total_breaks, last = spent;
		if ((k & 15) == 0)
			now = opt->clock_ms(opt->clock_ctx);
	}
	return 0;
}

/* Lets the pool overflow for a price while the search runs (on), or holds it to its tables
 * (off). Only where the pool could overflow at all. */
static void relax(struct state *s, int on)
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

/* What the search keeps across its phases: the best schedule seen, the clock, the bound. */
struct search {
	int *best, *best_ip;
	struct cost best_cost;
	long start, now, lb;
};

/* One phase of annealing: cycles of moves from hot to cold, until budget moves, patience
 * moves without a better schedule, the time limit or a proven optimum. relaxed lets the pool
 * overflow for a price (reprice); only schedules that keep it can be the best. Returns the
 * moves made. */
static unsigned long anneal(struct state *s, const struct sched_options *opt, struct search *w,
			    unsigned long budget, unsigned long patience, int relaxed)
{
	size_t nm = s->in->nmeetings;
	unsigned long cycle = (unsigned long)nm * SCHED_CYCLE + 1000UL, last = 0, it = 0;
	relax(s, relaxed);
	for (; it < budget && it - last < patience && w->now - w->start < opt->time_limit_ms &&
	       !proven(s, w->lb);
	     it++) {
		double cold = 1.0 - (double)(it % cycle) / (double)cycle;
		double temp = SCHED_T0 * (cold * cold + SCHED_TMIN);
		step(s, temp);
		if ((it & 255) == 0)
			reprice(s);
		struct cost c = cost_of(s);
		if (better(&c, &w->best_cost)) {
			w->best_cost = c;
			last = it;
			memcpy(w->best, s->slot, nm * sizeof(int));
			memcpy(w->best_ip, s->interp, nm * sizeof(int));
		}
		if ((it & 1023) == 0)
			w->now = opt->clock_ms(opt->clock_ctx);
	}
	relax(s, 0);
	struct cost c = cost_of(s);
	if (better(&w->best_cost, &c))
		restore(s, w->best, w->best_ip);
	return it;
}

/* Anneals the schedule within the caller's time and move budget, keeping the best seen:
 * first with the pool held to its tables, then, when breaks are left above the lower bound
 * and the pool could overflow, a phase that lets it overflow for a price, so that runs of
 * meetings pass through full slots (SCHED_RELAXED cycles more at most). The phases end by
 * moves, not time, so that a seed gives one schedule. */
static int improve(struct state *s, const struct sched_options *opt, struct arena *a)
{
	const struct sched_instance *in = s->in;
	size_t nm = in->nmeetings;
	struct search w = {.best = arena_alloc(a, nm * sizeof(int)),
			   .best_ip = arena_alloc(a, nm * sizeof(int))};
	if (!w.best || !w.best_ip)
		return -1;
	w.start = w.now = opt->clock_ms(opt->clock_ctx);
	w.lb = nm * in->nslots <= 4000000 ? lower_bound(s, a) : 0;
	w.best_cost = cost_of(s);
	memcpy(w.best, s->slot, nm * sizeof(int));
	memcpy(w.best_ip, s->interp, nm * sizeof(int));
	int *first = arena_alloc(a, nm * sizeof(int)), *first_ip = arena_alloc(a, nm * sizeof(int));
	if (!first || !first_ip)
		return -1;
	memcpy(first, s->slot, nm * sizeof(int));
	memcpy(first_ip, s->interp, nm * sizeof(int));
	unsigned long cycle = (unsigned long)nm * SCHED_CYCLE + 1000UL;
	unsigned long budget = opt->iterations ? opt->iterations : cycle * SCHED_CYCLES;
	unsigned long patience = opt->iterations ? budget : cycle * SCHED_PATIENCE;
	unsigned long used = anneal(s, opt, &w, budget, patience, 0);
	unsigned long more = opt->iterations ? budget - used : cycle * SCHED_RELAXED;
	if (more && !proven(s, w.lb) && (relax(s, 1), s->relax)) {
		restore(s, first, first_ip); /* a fresh start: the first phase's best is kept */
		anneal(s, opt, &w, more, more, 1);
	}
	return lns_phase(s, opt, a, w.lb, w.start);
}

/* Tables: the lowest free one at the booth (or in the pool) of each slot, in meeting order;
 * a counter per booth and slot and one per pool slot keep it linear in the meetings. */
static int assign_tables(const struct state *s, struct arena *a, int *table)
{
	const struct sched_instance *in = s->in;
	size_t ns = in->nslots;
	uint16_t *booth = arena_alloc(a, (in->nparticipants * ns + 1) * sizeof(*booth));
	int *pool = arena_alloc(a, (ns + 1) * sizeof(int));
	if (!booth || !pool)
		return -1;
	for (size_t m = 0; m < in->nmeetings; m++) {
		int t = s->slot[m], host = in->meetings[m].a;
		table[m] = -1;
		if (t < 0)
			continue;
		if (in->participants[host].tables == 0)
			table[m] = pool[t]++;
		else
			table[m] = booth[(size_t)host * ns + (size_t)t]++;
	}
	return 0;
}

/* Whether some interpreter could serve meeting m in a slot both sides have free, were it
 * not busy: when none could, no other schedule would place it either. */
static int interpretable(const struct state *s, int m)
{
	const struct sched_instance *in = s->in;
	const struct sched_meeting *mt = &in->meetings[m];
	for (size_t i = 0; i < in->ninterpreters; i++) {
		const struct sched_interpreter *ip = &in->interpreters[i];
		if (!sched_interpreter_serves(in, ip, mt))
			continue;
		for (size_t t = 0; t < in->nslots; t++)
			if (flag(mt->allowed, (int)t) &&
			    flag(in->participants[mt->a].available, (int)t) &&
			    flag(in->participants[mt->b].available, (int)t) &&
			    flag(ip->available, (int)t))
				return 1;
	}
	return 0;
}

/* Why each meeting left out is out, in the final schedule: what stops it now or, when
 * nothing does, the fairness bound or its lack of weight. A meeting no interpreter could
 * ever serve says so, whatever else also stands in its way. */
static void explain(struct state *s, enum sched_reason *reason)
{
	const struct sched_instance *in = s->in;
	for (size_t m = 0; m < in->nmeetings; m++) {
		int ip;
		enum sched_reason why = SCHED_CAPACITY;
		if (s->slot[m] >= 0) {
			reason[m] = SCHED_PLACED;
		} else if (in->meetings[m].pinned >= 0) {
			reason[m] = SCHED_PIN_CONFLICT;
		} else if (s->needs[m] && feasible_slots(s, (int)m) && !interpretable(s, (int)m)) {
			reason[m] = SCHED_NO_INTERPRETER;
		} else if (best_slot(s, (int)m, &ip, &why) < 0) {
			reason[m] = why;
		} else {
			reason[m] = in->meetings[m].weight ? SCHED_FAIRNESS : SCHED_NO_GAIN;
		}
	}
}

int sched_solve(const struct sched_instance *in, const struct sched_options *opt, struct arena *a,
		struct sched_result *out)
{
	size_t nm = in->nmeetings;
	struct state s = {.rng = (opt ? opt->seed : 0) * 2 + 0x9e3779b97f4a7c15ULL};
	memset(out, 0, sizeof(*out));
	if (!valid(in) || state_init(&s, in, a, 1))
		return -1;
	int *order = arena_alloc(a, (nm + 1) * sizeof(int));
	int *room = arena_alloc(a, (nm + 1) * sizeof(int));
	out->table = arena_alloc(a, (nm + 1) * sizeof(int));
	out->reason = arena_alloc(a, (nm + 1) * sizeof(*out->reason));
	if (!order || !room || !out->table || !out->reason)
		return -1;
	for (size_t m = 0; m < nm; m++) {
		order[m] = (int)m;
		room[m] = feasible_slots(&s, (int)m);
	}
	struct order ord = {in, room};
	qsort_r(order, nm, sizeof(*order), by_priority, &ord);
	construct(&s, order, out->reason);
	if (opt && opt->time_limit_ms > 0 && nm && opt->clock_ms && improve(&s, opt, a))
		return -1;
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
	if (assign_tables(&s, a, out->table))
		return -1;
	explain(&s, out->reason);
	out->slot = s.slot;
	out->interpreter = s.interp;
	measure_state(&s, out);
	return 0;
}

void sched_measure(const struct sched_instance *in, const int *slot, struct sched_result *out,
		   long *breaks)
{
	struct arena a = ARENA_INIT;
	struct state s = {0};
	memset(out, 0, sizeof(*out));
	if (!state_init(&s, in, &a, 0)) {
		for (size_t m = 0; m < in->nmeetings; m++)
			if (slot[m] >= 0 && (size_t)slot[m] < in->nslots)
				place(&s, (int)m, slot[m], -1);
		for (size_t p = 0; p < in->nparticipants; p++)
			if (breaks)
				breaks[p] = s.breaks[p];
		measure_state(&s, out);
	}
	arena_release(&a);
}
