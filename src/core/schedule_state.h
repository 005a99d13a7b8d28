/* schedule_state.h - the scheduler's working state, shared by its phases (construction,
 * annealing, neighbourhood repair, the exact model): who is busy when, the breaks it makes,
 * the cost the phases compare. Internal to src/core/schedule*.c; callers use schedule.h. */
#ifndef ROADSHOW_SCHEDULE_STATE_H
#define ROADSHOW_SCHEDULE_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "schedule.h"

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
	int *gappy;  /* the participants with breaks, in no order (search only) */
	int optimal; /* the exact model proved this schedule the best (schedule_exact.c) */
	int *gpos;   /* participant: its index in gappy, or -1 */
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

static inline uint64_t next_random(struct state *s)
{
	/* xorshift64*: small, fast, and the same on every machine for a seed */
	s->rng ^= s->rng >> 12;
	s->rng ^= s->rng << 25;
	s->rng ^= s->rng >> 27;
	return s->rng * 2685821657736338717ULL;
}

/* The search's schedule, in moves (not time, so that a seed gives one schedule): a cycle of
 * the temperature takes SCHED_CYCLE moves per meeting; the search stops after
 * SCHED_PATIENCE cycles without a better schedule, and after SCHED_CYCLES cycles at most.
 * With the exact model on its own thread beside it (schedule_beside.c) the search no longer
 * waits for the model's share of the time, and ran four times as long as it did (25 and 12
 * cycles: on the JAIR brokerage days the breaks summed 63 against 76); with the model's rounds
 * from the search's schedule after it (schedule.c, relay), half that leaves the rounds more
 * time: the nine hard days 40 and 41 breaks against 42 at 100 cycles. */
enum { SCHED_CYCLE = 250, SCHED_PATIENCE = 50, SCHED_CYCLES = 50, SCHED_RELAXED = 12 };
/* The rounds of the exact model after the first (schedule.c), and the cycles of annealing
 * beside each. */
enum { SCHED_ROUNDS = 8, SCHED_ROUND_CYCLES = 25 };

static inline int flag(const uint8_t *flags, int slot)
{
	return !flags || flags[slot];
}

static inline int capacity(const struct sched_participant *p)
{
	return p->tables > 1 ? p->tables : 1;
}

static inline int walk(const struct sched_instance *in, int v, int w)
{
	if (!in->walk || v < 0 || w < 0 || v == w)
		return 0;
	return in->walk[(size_t)v * in->nvenues + (size_t)w];
}

static inline int venue_of(const struct sched_instance *in, int meeting)
{
	return in->participants[in->meetings[meeting].a].venue;
}

/* The bits set in x, without the library call a compiler makes when the target's popcount
 * instruction is not assumed. */
static inline int popcount(uint64_t x)
{
	x = x - ((x >> 1) & 0x5555555555555555ULL);
	x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (int)((x * 0x0101010101010101ULL) >> 56);
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

/* What the search keeps across its phases: the best schedule seen, the clock, the bound. */
struct search {
	int *best, *best_ip;
	struct cost best_cost;
	long start, now, lb;
};

/* schedule_state.c: the bookkeeping. */

/* The bookkeeping every schedule needs, allocated in a: loads, busy masks, the sessions as
 * spans, each participant's meetings. With pools (pool lists, the unplaced list, the
 * histogram) when search is set; sched_measure needs none of those. Returns 0 or -1. */
int sched_state_init(struct state *s, const struct sched_instance *in, struct arena *a, int search);
/* Why meeting m cannot go to slot t now (SCHED_PLACED when it can); the meeting itself is
 * not placed. *ip gets the interpreter it would take. */
enum sched_reason sched_fits(const struct state *s, int m, int t, int *ip);
/* Meeting m into slot t with interpreter ip (-1: none), or out of its slot; the breaks,
 * loads and lists follow. */
void sched_place(struct state *s, int m, int t, int ip);
void sched_unplace(struct state *s, int m);
/* The spread of break counts, and how far it is over the fairness bound (0 when within). */
long sched_spread_of(const struct state *s);
long sched_over_of(const struct state *s);
struct cost sched_cost_of(const struct state *s);
/* Whether x is strictly better than y, the objectives compared in their order. */
int sched_better(const struct cost *x, const struct cost *y);
/* The schedule of best (slot and interpreter per meeting) into s. */
void sched_restore(struct state *s, const int *best, const int *best_ip);
/* The totals of the schedule in s into out. */
void sched_measure_state(const struct state *s, struct sched_result *out);

/* schedule_construct.c: the first schedule. */

/* The best slot for m now (fewest breaks added, ties at random), or -1; *why gets the reason
 * when none fits. */
int sched_best_slot(struct state *s, int m, int *ip, enum sched_reason *why);
/* The slots both sides and the meeting's own slots allow. */
int sched_feasible_slots(const struct state *s, int m);
/* Pinned and published meetings where they were, the rest in order where they add the
 * fewest breaks, then a repair for those left out; reason gets why each one is out. */
void sched_construct(struct state *s, const int *order, enum sched_reason *reason);
/* Leaves out meetings of those with the most breaks while the fairness bound is broken. */
void sched_enforce_fairness(struct state *s);

/* schedule_anneal.c: simulated annealing. */

/* A meeting of a participant with a break and an idle slot (*to) inside one of its gaps, or
 * -1 when nobody has a break. */
int sched_gap_target(struct state *s, int *to);
/* Lets the shared pool overflow for a price (on) or holds it to its tables (off). */
void sched_relax(struct state *s, int on);
/* One phase of annealing within budget moves, patience moves without a better schedule, the
 * time limit and a proven optimum; the best schedule goes to w and back into s. Returns the
 * moves made. */
unsigned long sched_anneal(struct state *s, const struct sched_options *opt, struct search *w,
			   unsigned long budget, unsigned long patience, int relaxed);

/* schedule_bound.c: the lower bound on breaks. */

/* The slots meeting m may ever take, as a mask (at most 64 slots). */
uint64_t sched_domain_of(const struct state *s, int m);
/* A proven lower bound on the breaks of a schedule placing every meeting (0 when none is
 * known). */
long sched_lower_bound(struct state *s, struct arena *a);
/* Whether the search has nothing left to gain: everything placed where it was, within the
 * fairness bound, no more breaks than lb. */
int sched_proven(const struct state *s, long lb);

/* schedule_repair.c: the neighbourhood search with an exact repair. */
int sched_lns_phase(struct state *s, const struct sched_options *opt, struct arena *a, long lb,
		    long start);

#endif
