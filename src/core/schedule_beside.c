/* schedule_beside.c - the exact phase on a thread of its own, beside the local search.
 *
 * One after the other, the exact model took its share of the time limit before the annealing
 * began, and on the hardest brokerage days it ended on that share with little gained (a
 * 302-meeting day: 21 breaks to 18 in 3 s, where the annealing then took it to 6 in 1.5 s),
 * while the annealing stopped early for want of moves. Side by side, on a second core, each
 * has the time: the model starts from the same first schedule on a copy of it, the search goes
 * on as before, and when they are both done the better schedule is kept, the search's on a tie.
 * When the model proves its schedule optimal, its schedule is the answer whatever the search
 * has, and the search is told to stop (*proved). So the answer depends on neither thread's
 * speed: on the model's run alone when it proves, else on both runs to their own ends; the
 * budgets are moves and conflicts, and the clock only cuts what would run longer, as before. */
#include <pthread.h>
#include <stdlib.h>

#include "schedule_exact.h"

struct sched_beside {
	struct state s; /* the model's copy of the schedule */
	struct arena a; /* what it allocates: the thread's own */
	const struct sched_options *opt;
	long lb;
	struct sched_exact_budget b;
	int rc;
	atomic_int *proved;
	pthread_t thread;
	int threaded;
};

static void *exact_run(void *arg)
{
	struct sched_beside *x = arg;
	x->rc = sched_exact_phase(&x->s, x->opt, &x->a, &x->lb, x->b);
	if (!x->rc && sched_proven(&x->s, x->lb))
		atomic_store(x->proved, 1);
	return NULL;
}

struct sched_beside *sched_beside_start(const struct state *s, const struct sched_options *opt,
					long lb, struct sched_exact_budget b, atomic_int *proved)
{
	struct sched_beside *x = calloc(1, sizeof(*x));
	if (!x)
		return NULL;
	*x = (struct sched_beside){.a = ARENA_INIT, .opt = opt, .lb = lb, .b = b, .proved = proved};
	if (sched_state_init(&x->s, s->in, &x->a, 1)) {
		arena_release(&x->a);
		free(x);
		return NULL;
	}
	sched_restore(&x->s, s->slot, s->interp);
	/* the model's own draws, for its neighbourhoods (schedule_exact.c) */
	x->s.rng = s->rng ^ 0x5851f42d4c957f2dULL;
	/* without a second thread, the model runs here first, as it did before the search */
	x->threaded = !pthread_create(&x->thread, NULL, exact_run, x);
	if (!x->threaded)
		exact_run(x);
	return x;
}

int sched_beside_join(struct sched_beside *x, struct state *s, long *lb)
{
	if (x->threaded)
		pthread_join(x->thread, NULL);
	int rc = x->rc;
	if (!rc) {
		struct cost mine = sched_cost_of(&x->s), theirs = sched_cost_of(s);
		if (sched_proven(&x->s, x->lb) || sched_better(&mine, &theirs)) {
			sched_restore(s, x->s.slot, x->s.interp);
			s->optimal = x->s.optimal;
		}
		/* a bound the model proves holds for every fair schedule (schedule_exact.c) */
		if (x->lb > *lb)
			*lb = x->lb;
	}
	arena_release(&x->a);
	free(x);
	return rc;
}
