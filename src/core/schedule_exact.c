/* schedule_exact.c - an exact model of the day, solved by CaDiCaL (through its C API): a
 * variable per meeting and slot it may take, per participant and slot "busy", per participant
 * and slot "has met before" (a prefix), and per participant and slot "a break ends here" (busy
 * now, idle just before, busy earlier in the session), so that the breaks of a schedule are
 * exactly the break-end variables that are true. The hard rules are at-most-k constraints
 * written as clauses (sequential counters): a meeting once, a participant's meetings per slot
 * (its tables), the pool's tables per slot, the fairness bound per participant; the breaks in
 * all go into a totalizer whose outputs are assumed false below each schedule found, until the
 * solver proves none is left (the breaks are then optimal) or its budget of conflicts is spent.
 * The solver starts from the schedule the search has: each variable is given the sign under
 * which CaDiCaL's first phase (true) is its value in that schedule, so that each call looks
 * next to the best one known. Used when every meeting is placed, the day has no interpreters
 * or walks to respect, and it is small enough (SCHED_EXACT_MAX). */
#include "schedule_exact.h"

#include <ccadical.h>
#include <limits.h>
#include <string.h>

/* The largest day the model is built for, in meetings × slots (a brokerage event has some
 * thousands; a trade show's tens of thousands of meetings are left to the local search). */
enum { SCHED_EXACT_MAX = 60000 };
/* Tenths of the caller's time limit the exact phase may take at most. */
enum { SCHED_EXACT_TIME_SHARE = 6 };
enum { SCHED_EXACT_ASK = 1024 };
/* At most one of this many literals or fewer is written pairwise. */
enum { SCHED_EXACT_PAIRWISE = 24 };

/* The model: CaDiCaL literals (a variable v is v or -v, its sign chosen so that the literal
 * holds in the known schedule), 0 where a meeting cannot take a slot. */
struct day {
	CCaDiCaL *sat;
	const struct state *s;
	int nvars;
	int *x;	    /* meeting × slot */
	int *y;	    /* participant × slot: busy (lfalse when it cannot be) */
	int *f;	    /* participant × slot: busy at this slot or before, in the session */
	int *g;	    /* participant × slot: a break ends here, or 0 */
	int lfalse; /* a literal that is false */
	long kmax;  /* the bound the counter of all breaks was built for */
	int *out;   /* its outputs: out[j] says at least j + 1 breaks */
	int *buf;
	unsigned long learnt; /* clauses the solver has learnt: its conflicts, near enough */
};

/* Whether the model fits the instance and the schedule: everything placed where it was (when
 * it was published), no interpreter needed, no walk between venues, no meeting out. */
static int applies(const struct state *s)
{
	const struct sched_instance *in = s->in;
	if (s->nun || s->moved || sched_over_of(s) || s->excess ||
	    in->nmeetings * in->nslots > SCHED_EXACT_MAX)
		return 0;
	for (size_t m = 0; m < in->nmeetings; m++)
		if (s->needs[m])
			return 0;
	if (in->walk)
		for (size_t k = 0; k < in->nvenues * in->nvenues; k++)
			if (in->walk[k])
				return 0;
	return 1;
}

static void clause(struct day *d, const int *l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ccadical_add(d->sat, l[i]);
	ccadical_add(d->sat, 0);
}

static void add1(struct day *d, int a)
{
	clause(d, (int[]){a}, 1);
}

static void add2(struct day *d, int a, int b)
{
	clause(d, (int[]){a, b}, 2);
}

static void add3(struct day *d, int a, int b, int c)
{
	clause(d, (int[]){a, b, c}, 3);
}

/* A fresh variable's literal that is true in the solver's first phase when value is. */
static int fresh(struct day *d, int value)
{
	int v = ++d->nvars;
	return value ? v : -v;
}

/* At most k of the n literals x true, as clauses: a sequential counter (a register of k
 * literals per input, "at least j + 1 of the inputs so far", false in the first phase), whose
 * auxiliary literals let the solver learn clauses about partial counts. Returns 0 or -1. */
static int atmost(struct day *d, struct arena *a, const int *x, size_t n, int k)
{
	if (k <= 0) {
		for (size_t i = 0; i < n; i++)
			add1(d, -x[i]);
		return 0;
	}
	if ((size_t)k >= n)
		return 0;
	if (k == 1 && n <= SCHED_EXACT_PAIRWISE) { /* binary clauses propagate fastest */
		for (size_t i = 0; i < n; i++)
			for (size_t j = i + 1; j < n; j++)
				add2(d, -x[i], -x[j]);
		return 0;
	}
	int *prev = arena_alloc(a, 2 * (size_t)k * sizeof(int)), *cur = prev + k;
	if (!prev)
		return -1;
	for (size_t i = 0; i < n; i++) {
		for (int j = 0; j < k; j++)
			cur[j] = (size_t)j > i ? d->lfalse : fresh(d, 0);
		add2(d, -x[i], cur[0]);
		for (int j = 0; i > 0 && j < k; j++) {
			if (prev[j] != d->lfalse)
				add2(d, -prev[j], cur[j]);
			if (j > 0 && prev[j - 1] != d->lfalse)
				add3(d, -x[i], -prev[j - 1], cur[j]);
		}
		if (i > 0 && prev[k - 1] != d->lfalse)
			add2(d, -x[i], -prev[k - 1]);
		int *tmp = prev;
		prev = cur, cur = tmp;
	}
	return 0;
}

/* The count of the n literals x in unary, up to k + 1: out[j] (j <= k) is implied by at least
 * j + 1 of them true (a totalizer, cut at k + 1 outputs per node; only the implications
 * upward, which is all that bounding the count from above needs). Writes min(n, k + 1)
 * outputs and returns their number, or -1. */
static long totalizer(struct day *d, struct arena *a, const int *x, size_t n, long k, int *out)
{
	if (n == 1) {
		out[0] = x[0];
		return 1;
	}
	size_t h = n / 2;
	int *l = arena_alloc(a, 2 * ((size_t)k + 1) * sizeof(int)), *r = l + k + 1;
	if (!l)
		return -1;
	long nl = totalizer(d, a, x, h, k, l), nr = totalizer(d, a, x + h, n - h, k, r);
	if (nl < 0 || nr < 0)
		return -1;
	long no = nl + nr < k + 1 ? nl + nr : k + 1;
	for (long j = 0; j < no; j++)
		out[j] = fresh(d, 0);
	for (long i = 0; i <= nl; i++)
		for (long j = 0; j <= nr; j++) {
			long sum = i + j;
			if (sum == 0)
				continue;
			int c[3];
			size_t nc = 0;
			if (i)
				c[nc++] = -l[i - 1];
			if (j)
				c[nc++] = -r[j - 1];
			c[nc++] = out[(sum > no ? no : sum) - 1];
			clause(d, c, nc);
		}
	return no;
}

/* Whether p meets in slot t in the schedule of s. */
static int busy_at(const struct state *s, size_t p, size_t t)
{
	return (int)(s->busy[p * s->nw + t / 64] >> (t % 64) & 1);
}

/* Builds the model with the breaks bounded by bound, each variable signed after the schedule
 * of s. Returns 0 or -1 (out of memory). */
static int build(struct day *d, struct arena *a, long bound)
{
	const struct state *s = d->s;
	const struct sched_instance *in = s->in;
	size_t ns = in->nslots, nm = in->nmeetings, np = in->nparticipants;
	size_t nbuf = nm + np * ns + ns + 1;
	d->x = arena_alloc(a, (nm * ns + 1) * sizeof(int));
	d->y = arena_alloc(a, (np * ns + 1) * sizeof(int));
	d->f = arena_alloc(a, (np * ns + 1) * sizeof(int));
	d->g = arena_alloc(a, (np * ns + 1) * sizeof(int));
	d->buf = arena_alloc(a, nbuf * sizeof(int));
	if (!d->x || !d->y || !d->f || !d->g || !d->buf)
		return -1;
	d->lfalse = fresh(d, 0);
	add1(d, -d->lfalse);
	int *buf = d->buf;
	/* meetings: once each, in a slot both sides (and the meeting) allow */
	for (size_t m = 0; m < nm; m++) {
		const struct sched_meeting *mt = &in->meetings[m];
		size_t n = 0;
		for (size_t t = 0; t < ns; t++) {
			int ok = flag(mt->allowed, (int)t) &&
				 flag(in->participants[mt->a].available, (int)t) &&
				 flag(in->participants[mt->b].available, (int)t) &&
				 (mt->pinned < 0 || mt->pinned == (int)t) &&
				 (mt->previous < 0 || mt->previous == (int)t);
			d->x[m * ns + t] = ok ? fresh(d, s->slot[m] == (int)t) : 0;
			if (ok)
				buf[n++] = d->x[m * ns + t];
		}
		clause(d, buf, n);
		if (atmost(d, a, buf, n, 1))
			return -1;
	}
	/* busy: a meeting of p in slot t, at most its tables of them */
	for (size_t p = 0; p < np; p++)
		for (size_t t = 0; t < ns; t++) {
			size_t n = 0;
			for (size_t k = 0; k < s->nmine[p]; k++) {
				int l = d->x[(size_t)s->mine[p][k] * ns + t];
				if (l)
					buf[n++] = l;
			}
			int y = n ? fresh(d, busy_at(s, p, t)) : d->lfalse;
			d->y[p * ns + t] = y;
			if (!n)
				continue;
			for (size_t k = 0; k < n; k++)
				add2(d, -buf[k], y);
			buf[n] = -y;
			clause(d, buf, n + 1);
			if (atmost(d, a, buf, n, capacity(&in->participants[p])))
				return -1;
		}
	/* per participant: the prefix, the break ends, the fairness bound, the busy slots */
	size_t nall = 0;
	int *all = arena_alloc(a, (np * ns + 1) * sizeof(int));
	if (!all)
		return -1;
	for (size_t p = 0; p < np; p++) {
		int *y = d->y + p * ns, *f = d->f + p * ns, *g = d->g + p * ns;
		size_t ng = 0;
		for (size_t k = 0; k < s->nspans; k++) {
			size_t lo = s->spans[k].first, hi = s->spans[k].last;
			int before = 0, prev = 0;
			for (size_t t = lo; t <= hi; t++) {
				int busy = busy_at(s, p, t), end = busy && !prev && before;
				before |= prev;
				prev = busy;
				g[t] = 0;
				if (t == lo) {
					f[t] = y[t];
					continue;
				}
				f[t] = fresh(d, before || busy);
				add2(d, -y[t], f[t]);
				add2(d, -f[t - 1], f[t]);
				add3(d, -f[t], f[t - 1], y[t]);
				if (t < lo + 2 || y[t] == d->lfalse || s->nmine[p] < 2)
					continue;
				int e = fresh(d, end);
				clause(d, (int[]){-y[t], y[t - 1], -f[t - 2], e}, 4);
				add2(d, -e, y[t]);
				add2(d, -e, -y[t - 1]);
				add2(d, -e, f[t - 2]);
				g[t] = e;
				buf[ng++] = e;
				all[nall++] = e;
			}
		}
		if (in->fairness >= 0 && atmost(d, a, buf, ng, in->fairness))
			return -1;
		if (capacity(&in->participants[p]) > 1 || !s->nmine[p])
			continue;
		/* one meeting per busy slot: exactly nmine busy slots (redundant, but it
		 * propagates what the meetings alone leave to search) */
		size_t n = 0;
		for (size_t t = 0; t < ns; t++)
			if (y[t] != d->lfalse)
				buf[n++] = y[t];
		if (atmost(d, a, buf, n, (int)s->nmine[p]))
			return -1;
		for (size_t k = 0; k < n; k++)
			buf[k] = -buf[k];
		if (atmost(d, a, buf, n, (int)(n - s->nmine[p])))
			return -1;
	}
	/* the breaks in all: their count in unary up to bound + 1, bounded later by assuming
	 * an output false */
	d->kmax = 0;
	d->out = arena_alloc(a, ((size_t)bound + 1) * sizeof(int));
	if (!d->out)
		return -1;
	if (nall && (d->kmax = totalizer(d, a, all, nall, bound, d->out)) < 0)
		return -1;
	/* the pool's tables: a totalizer each slot, whose k + 1 outputs per node keep it to a
	 * fraction of a sequential counter's variables when the pool has dozens of tables */
	for (size_t t = 0; t < ns; t++) {
		size_t n = 0;
		for (size_t m = 0; m < nm; m++)
			if (in->participants[in->meetings[m].a].tables == 0 && d->x[m * ns + t])
				buf[n++] = d->x[m * ns + t];
		if (n > (size_t)in->pool_tables) {
			int *o = arena_alloc(a, ((size_t)in->pool_tables + 1) * sizeof(int));
			long no = o ? totalizer(d, a, buf, n, in->pool_tables, o) : -1;
			if (no < 0)
				return -1;
			if (no > in->pool_tables)
				add1(d, -o[in->pool_tables]);
			continue;
		}
	}
	return 0;
}

/* The model's schedule into s, every meeting where the solver put it. Returns 0, or -1 when
 * one does not fit (which would be a fault of the model: s is then left as it was). */
static int install(struct day *d, struct state *s, int *slot, int *ip)
{
	const struct sched_instance *in = s->in;
	size_t ns = in->nslots, nm = in->nmeetings;
	memcpy(slot, s->slot, nm * sizeof(int));
	memcpy(ip, s->interp, nm * sizeof(int));
	for (size_t m = 0; m < nm; m++)
		sched_unplace(s, (int)m);
	for (size_t m = 0; m < nm; m++) {
		int to = -1, cand;
		for (size_t t = 0; t < ns && to < 0; t++) {
			int l = d->x[m * ns + t];
			if (l && ccadical_val(d->sat, l) > 0)
				to = (int)t;
		}
		if (to < 0 || sched_fits(s, (int)m, to, &cand) != SCHED_PLACED) {
			sched_restore(s, slot, ip);
			return -1;
		}
		sched_place(s, (int)m, to, cand);
	}
	return 0;
}

/* Assumes at most k breaks in all for the next solve; returns 0, or 1 when no schedule can
 * have so few (k < 0). */
static int assume_bound(struct day *d, long k)
{
	if (k < 0)
		return 1;
	if (k < d->kmax)
		ccadical_assume(d->sat, -d->out[k]);
	return 0;
}

/* Whether "no schedule of the model has fewer breaks" proves that none at all has: the model
 * places every meeting, which only the best schedules must when every meeting has weight; and
 * it bounds each participant's breaks by the fairness bound d, which a fair schedule with
 * fewer breaks than s could break only if every participant with meetings had a break. */
static int bound_holds(const struct state *s)
{
	const struct sched_instance *in = s->in;
	long busy = 0;
	for (size_t m = 0; m < in->nmeetings; m++)
		if (!in->meetings[m].weight)
			return 0;
	for (size_t p = 0; p < in->nparticipants; p++)
		busy += s->count[p] > 0;
	return in->fairness < 0 || s->total_breaks - 1 < busy;
}

struct clock {
	const struct sched_options *opt;
	long start;
	unsigned calls;
};

static int out_of_time(void *ctx)
{
	const struct clock *c = ctx;
	return c->opt->clock_ms(c->opt->clock_ctx) - c->start >=
	       c->opt->time_limit_ms / 10 * SCHED_EXACT_TIME_SHARE;
}

/* The solver asks at every step; the clock is read at every SCHED_EXACT_ASK-th. */
static int terminate(void *ctx)
{
	struct clock *c = ctx;
	return ++c->calls % SCHED_EXACT_ASK == 0 && out_of_time(c);
}

/* The C interface tells no statistics; a learnt clause per conflict counts them. */
static void count_learnt(void *ctx, int *clause)
{
	++*(unsigned long *)ctx;
}

int sched_exact_phase(struct state *s, const struct sched_options *opt, struct arena *a, long *lb,
		      long start, unsigned long work)
{
	if (!applies(s) || s->total_breaks <= *lb)
		return 0;
	const struct sched_instance *in = s->in;
	struct day d = {.s = s};
	struct clock clk = {opt, start, 0};
	int *slot = arena_alloc(a, (in->nmeetings + 1) * sizeof(int));
	int *ip = arena_alloc(a, (in->nmeetings + 1) * sizeof(int));
	if (!slot || !ip || !(d.sat = ccadical_init()))
		return -1;
	/* the first phase true: each literal's sign makes that the known schedule */
	ccadical_set_option(d.sat, "phase", 1);
	ccadical_set_option(d.sat, "quiet", 1);
	/* CaDiCaL's configuration for satisfiable problems (its --sat): stable mode only, less
	 * effort on elimination and subsumption; on the brokerage events it finds the schedules
	 * below the bound several times sooner than the default */
	ccadical_set_option(d.sat, "stabilizeonly", 1);
	ccadical_set_option(d.sat, "elimreleff", 10);
	ccadical_set_option(d.sat, "subsumereleff", 60);
	ccadical_set_terminate(d.sat, &clk, terminate);
	ccadical_set_learn(d.sat, &d.learnt, INT_MAX, count_learnt);
	int rc = build(&d, a, s->total_breaks - 1);
	if (rc)
		goto done;
	unsigned long used = 0;
	while (used < work && s->total_breaks > *lb && !out_of_time(&clk)) {
		unsigned long left = work - used;
		if (assume_bound(&d, s->total_breaks - 1))
			break;
		ccadical_limit(d.sat, "conflicts", left > INT_MAX ? INT_MAX : (int)left);
		unsigned long before = d.learnt;
		int r = ccadical_solve(d.sat);
		used += d.learnt - before;
		if (r == 20) {
			if (bound_holds(s))
				*lb = s->total_breaks; /* nothing below it: optimal */
			break;
		}
		if (r != 10 || install(&d, s, slot, ip))
			break;
	}
done:
	ccadical_release(d.sat);
	return rc;
}
