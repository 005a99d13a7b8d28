/* schedule_exact.h - the exact phase of the scheduler: the day as a satisfiability model
 * (schedule_exact.c), solved with a bound on the breaks lowered below each schedule found.
 * Internal to src/core/schedule*.c. */
#ifndef ROADSHOW_SCHEDULE_EXACT_H
#define ROADSHOW_SCHEDULE_EXACT_H

#include <stdatomic.h>

#include "schedule_state.h"

/* The exact phase's budget of work, in the solver's conflicts (some thousands a second on a
 * brokerage event): by default SCHED_EXACT_PER_CELL per meeting and slot, at most
 * SCHED_EXACT_WORK in all; or one per SCHED_EXACT_MOVES_PER_CONFLICT moves of the caller's
 * budget when it sets one. */
enum {
	SCHED_EXACT_WORK = 200000,
	SCHED_EXACT_PER_CELL = 40,
	SCHED_EXACT_MOVES_PER_CONFLICT = 4,
};
/* Tenths of the caller's time limit the first round of the exact phase may take at most: its
 * cores and its first solve are the proofs of the brokerage days (on the nine hardest of the
 * JAIR set at a 5 s limit, 72 breaks over two seeds at 7 or 8 tenths, 77 at 6). */
enum { SCHED_EXACT_TIME_SHARE = 8 };

/* What a run of the exact phase may take: conflicts, and the caller's clock until deadline;
 * and whether it is a later round (from the best schedule there is, the breaks' lower bound
 * known): then it does not look for the cores again (their proof took half a second and more
 * of each round on the hardest brokerage days) and its descent for fewer breaks looks in
 * neighbourhoods when it is slow (around, schedule_exact.c). */
struct sched_exact_budget {
	long deadline;
	unsigned long work;
	int later;
};

/* Looks for schedules with more weight (when s leaves meetings out), then fewer breaks than
 * s has, within budget b, when the model applies: none moved, the day small enough. s gets the best
 * one found. With every meeting placed, *lb rises to the breaks proven (to those of s when it is
 * optimal); with meetings left out and no fairness bound, s->optimal is set when s is proven
 * optimal. Returns 0, or -1 when out of memory. */
int sched_exact_phase(struct state *s, const struct sched_options *opt, struct arena *a, long *lb,
		      struct sched_exact_budget b);
/* Whether the model is built for s (no meeting moved, within the fairness bound, the pool
 * held, the day small enough). */
int sched_exact_applies(const struct state *s);

/* schedule_beside.c: the exact phase on a thread of its own, on a copy of s, while the
 * caller's search goes on. Started from s as it is (NULL when out of memory; *proved is set
 * when the model proves its schedule optimal, so that the search may stop), then joined: s
 * gets the model's schedule when that is proven or better than s's, and *lb what the model
 * proves. Returns 0, or -1 when the model ran out of memory (s is then the search's). */
struct sched_beside;
struct sched_beside *sched_beside_start(const struct state *s, const struct sched_options *opt,
					long lb, struct sched_exact_budget b, atomic_int *proved);
int sched_beside_join(struct sched_beside *x, struct state *s, long *lb);

#endif
