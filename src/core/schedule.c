/* schedule.c - the meeting scheduler's entry point and the order of its phases: a greedy
 * construction that keeps pinned and published meetings where they were and places the rest
 * where they add the fewest breaks (schedule_construct.c); one cycle of simulated annealing
 * (schedule_anneal.c) that places what is left out; then, when no meeting is moved and the
 * day is small enough, an exact model of the day solved by CaDiCaL (more weight when meetings
 * are left out, then a lower bound on the breaks from cores and fewer breaks below each
 * schedule found), which ends with a proof of optimality or when its budget of conflicts is
 * spent (schedule_exact.c), on a thread of its own beside (schedule_beside.c): the
 * rest of the annealing, a second annealing phase that lets a shared pool of tables overflow
 * for a rising price, and a large neighbourhood search with an exact branch-and-bound repair
 * (schedule_repair.c), and when the search is done first, a later round's model from its
 * schedule on this thread until the first model's share is up; then rounds of the model from
 * the best schedule, with annealing beside (relay). The lower bound of schedule_bound.c and the
 * exact model's proofs stop the search early. The working state and the cost the phases compare
 * (pool, fairness bound, weight, moved, breaks, spread) are in schedule_state.c. Every phase ends
 * by a budget of moves or work, early when it stalls or reaches a lower bound; deterministic for a
 * seed, and the caller's clock only stops a search that would run longer. */
#include "schedule.h"
#include "schedule_exact.h"
#include "schedule_state.h"

#include <limits.h>
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

/* The caller's clock, or the end of time once the exact model beside the search has proven
 * its schedule optimal: the search's phases then stop as they do at the time limit. */
struct stoppable {
	const struct sched_options *opt;
	atomic_int proved;
};

static long stoppable_ms(void *ctx)
{
	struct stoppable *c = ctx;
	return atomic_load(&c->proved) ? LONG_MAX / 2 : c->opt->clock_ms(c->opt->clock_ctx);
}

/* The exact model's budget of conflicts in a round: SCHED_EXACT_PER_CELL for each meeting and
 * slot, at most SCHED_EXACT_WORK; or its share of the caller's moves when the caller sets
 * them. */
static unsigned long exact_work(const struct sched_options *opt, unsigned long cells)
{
	if (opt->iterations)
		return opt->iterations / SCHED_EXACT_MOVES_PER_CONFLICT + 1;
	return cells < SCHED_EXACT_WORK / SCHED_EXACT_PER_CELL ? cells * SCHED_EXACT_PER_CELL
							       : (unsigned long)SCHED_EXACT_WORK;
}

/* The rounds after the first: the exact model starts again from the best schedule there is
 * (the solver looks next to the schedule it starts from, and from the search's it finds in a
 * second what it did not in three from the first schedule: a 154-meeting brokerage day 6
 * breaks to 1, the optimum), the search goes on from it beside, and the better of the two is
 * where the next round starts. Until a round gains nothing, the model proves its schedule,
 * SCHED_ROUNDS have run or the time is up; each round ends by conflicts and moves, so a seed
 * still gives one schedule where the clock cuts nothing. They run also when the first round's
 * model is as good as the search or better: a later round does not go over the first's ground
 * again (no cores, and neighbourhoods of the best schedule), and on the hardest brokerage days
 * the first round's model often ends on its share of the limit ahead of the search, which left
 * the rest of the limit unused. */
static int relay(struct state *s, const struct sched_options *given,
		 const struct sched_options *opt, struct search *w, atomic_int *proved,
		 unsigned long cycle, unsigned long work)
{
	size_t nm = s->in->nmeetings;
	unsigned long moves =
		opt->iterations ? opt->iterations / SCHED_ROUNDS + 1 : cycle * SCHED_ROUND_CYCLES;
	for (int r = 0; r < SCHED_ROUNDS; r++) {
		struct cost before = sched_cost_of(s);
		if (atomic_load(proved) || sched_proven(s, w->lb) || !sched_exact_applies(s) ||
		    opt->clock_ms(opt->clock_ctx) - w->start >= opt->time_limit_ms)
			return 0;
		/* the search's best is where both start */
		w->best_cost = before;
		memcpy(w->best, s->slot, nm * sizeof(int));
		memcpy(w->best_ip, s->interp, nm * sizeof(int));
		struct sched_exact_budget b = {w->start + opt->time_limit_ms, work, 1};
		struct sched_beside *x = sched_beside_start(s, given, w->lb, b, proved);
		if (!x)
			return -1;
		sched_anneal(s, opt, w, moves, moves, 0);
		if (sched_beside_join(x, s, &w->lb))
			return -1;
		struct cost after = sched_cost_of(s);
		if (!sched_better(&after, &before))
			return 0;
	}
	return 0;
}

/* Anneals the schedule within the caller's time and move budget, keeping the best seen:
 * first with the pool held to its tables, then, when breaks are left above the lower bound
 * and the pool could overflow, a phase that lets it overflow for a price, so that runs of
 * meetings pass through full slots (SCHED_RELAXED cycles more at most). The phases end by
 * moves, not time, so that a seed gives one schedule. */
static int improve(struct state *s, const struct sched_options *given, struct arena *a, long *lb)
{
	struct stoppable stop = {.opt = given, .proved = 0};
	struct sched_options search = *given;
	const struct sched_options *opt = &search;
	search.clock_ms = stoppable_ms;
	search.clock_ctx = &stop;
	const struct sched_instance *in = s->in;
	size_t nm = in->nmeetings;
	struct search w = {.best = arena_alloc(a, nm * sizeof(int)),
			   .best_ip = arena_alloc(a, nm * sizeof(int))};
	if (!w.best || !w.best_ip)
		return -1;
	w.start = w.now = opt->clock_ms(opt->clock_ctx);
	w.lb = nm * in->nslots <= 4000000 ? sched_lower_bound(s, a) : 0;
	w.best_cost = sched_cost_of(s);
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
	unsigned long used = 0;
	/* one cycle of annealing places what the construction left out; then the exact model,
	 * from that schedule, when it applies */
	unsigned long warm = budget < cycle ? budget : cycle;
	used += sched_anneal(s, opt, &w, warm, warm, 0);
	unsigned long cells = (unsigned long)nm * in->nslots;
	unsigned long work = exact_work(opt, cells);
	/* the exact model beside the search, from the same schedule (schedule_beside.c), for
	 * its share of the time at most */
	struct sched_beside *exact = NULL;
	long share = w.start + opt->time_limit_ms / 10 * SCHED_EXACT_TIME_SHARE;
	if (!sched_proven(s, w.lb) && sched_exact_applies(s) &&
	    !(exact = sched_beside_start(
		      s, given, w.lb, (struct sched_exact_budget){share, work, 0}, &stop.proved)))
		return -1;
	used += sched_anneal(s, opt, &w, budget - used, patience, 0);
	unsigned long more = opt->iterations ? budget - used : cycle * SCHED_RELAXED;
	if (more && !sched_proven(s, w.lb) && (sched_relax(s, 1), s->relax)) {
		sched_restore(s, first,
			      first_ip); /* a fresh start: the first phase's best is kept */
		sched_anneal(s, opt, &w, more, more, 1);
	}
	int rc = sched_lns_phase(s, opt, a, w.lb, w.start);
	/* while the first round's model goes on (on the brokerage days the search ends a second
	 * or two before its share does), this thread runs a later round's model from the search's
	 * schedule, to the same end, rather than wait. It stops when the other proves (whose
	 * schedule is then the answer); the other runs to its own end whatever this one finds,
	 * so that with a budget of moves the seed alone decides the schedule. */
	if (!rc && exact && !atomic_load(&stop.proved) && !sched_proven(s, w.lb) &&
	    sched_exact_applies(s) && opt->clock_ms(opt->clock_ctx) < share) {
		struct arena mine = ARENA_INIT;
		rc = sched_exact_phase(s, opt, &mine, &w.lb,
				       (struct sched_exact_budget){share, work, 1});
		arena_release(&mine);
	}
	/* then the rounds from the best schedule */
	if (exact && sched_beside_join(exact, s, &w.lb))
		rc = -1;
	if (!rc)
		rc = relay(s, given, opt, &w, &stop.proved, cycle, work);
	*lb = w.lb;
	return rc;
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
		} else if (s->needs[m] && sched_feasible_slots(s, (int)m) &&
			   !interpretable(s, (int)m)) {
			reason[m] = SCHED_NO_INTERPRETER;
		} else if (sched_best_slot(s, (int)m, &ip, &why) < 0) {
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
	if (!valid(in) || sched_state_init(&s, in, a, 1))
		return -1;
	int *order = arena_alloc(a, (nm + 1) * sizeof(int));
	int *room = arena_alloc(a, (nm + 1) * sizeof(int));
	out->table = arena_alloc(a, (nm + 1) * sizeof(int));
	out->reason = arena_alloc(a, (nm + 1) * sizeof(*out->reason));
	if (!order || !room || !out->table || !out->reason)
		return -1;
	for (size_t m = 0; m < nm; m++) {
		order[m] = (int)m;
		room[m] = sched_feasible_slots(&s, (int)m);
	}
	struct order ord = {in, room};
	qsort_r(order, nm, sizeof(*order), by_priority, &ord);
	sched_construct(&s, order, out->reason);
	long lb = 0; /* breaks no schedule that places every meeting can go below */
	if (opt && opt->time_limit_ms > 0 && nm && opt->clock_ms && improve(&s, opt, a, &lb))
		return -1;
	/* what still fits goes in, heaviest first (a search cut short by the clock may leave
	 * some), unless it has no weight and would add a break */
	for (size_t k = 0; k < nm; k++) {
		int m = order[k], ip, t;
		enum sched_reason why;
		if (s.slot[m] >= 0 || in->meetings[m].pinned >= 0 ||
		    (t = sched_best_slot(&s, m, &ip, &why)) < 0)
			continue;
		long before = s.total_breaks;
		sched_place(&s, m, t, ip);
		if (!in->meetings[m].weight && s.total_breaks > before)
			sched_unplace(&s, m);
	}
	sched_enforce_fairness(&s);
	if (assign_tables(&s, a, out->table))
		return -1;
	explain(&s, out->reason);
	out->slot = s.slot;
	out->interpreter = s.interp;
	sched_measure_state(&s, out);
	out->breaks_proven = sched_proven(&s, lb);
	return 0;
}

void sched_measure(const struct sched_instance *in, const int *slot, struct sched_result *out,
		   long *breaks)
{
	struct arena a = ARENA_INIT;
	struct state s = {0};
	memset(out, 0, sizeof(*out));
	if (!sched_state_init(&s, in, &a, 0)) {
		for (size_t m = 0; m < in->nmeetings; m++)
			if (slot[m] >= 0 && (size_t)slot[m] < in->nslots)
				sched_place(&s, (int)m, slot[m], -1);
		for (size_t p = 0; p < in->nparticipants; p++)
			if (breaks)
				breaks[p] = s.breaks[p];
		sched_measure_state(&s, out);
	}
	arena_release(&a);
}
