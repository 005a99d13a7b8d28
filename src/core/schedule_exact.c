/* schedule_exact.c - an exact model of the day, solved by the CDCL solver of schedule_sat.c:
 * a variable per meeting and slot it may take, per participant and slot "busy", per
 * participant and slot "has met before" (a prefix), and per participant and slot "a break
 * ends here" (busy now, idle just before, busy earlier in the session), so that the breaks of
 * a schedule are exactly the break-end variables that are true. The hard rules are at-most-k
 * constraints: a meeting once, a participant's meetings per slot (its tables), the pool's
 * tables per slot, the fairness bound per participant; the breaks in all are one more, whose
 * bound is lowered below each schedule found until the solver proves none is left (the
 * breaks are then optimal) or its budget of conflicts is spent. The solver starts from the
 * schedule the search has (its phases), so that each call looks next to the best one known.
 * Used when every meeting is placed, the day has no interpreters or walks to respect, and it
 * is small enough (SCHED_EXACT_MAX). */
#include "schedule_exact.h"

#include <string.h>

#include "schedule_sat.h"

/* The pool is kept by native constraints when its counters would have this many times the
 * variables of the rest of the model. */
enum { SCHED_EXACT_NATIVE = 4 };
/* The largest day the model is built for, in meetings × slots (a brokerage event has some
 * thousands; a trade show's tens of thousands of meetings are left to the local search). */
enum { SCHED_EXACT_MAX = 60000 };
/* Tenths of the caller's time limit the exact phase may take at most. */
enum { SCHED_EXACT_TIME_SHARE = 6 };

/* The model: variable indices, -1 where a meeting cannot take a slot. */
struct day {
	struct sat sat;
	const struct state *s;
	int *x;	    /* meeting × slot */
	int *y;	    /* participant × slot: busy (a literal: the false one when it cannot be) */
	int *f;	    /* participant × slot: busy at this slot or before, in the session */
	int *g;	    /* participant × slot: a break ends here, or -1 */
	int lfalse; /* a literal that is false */
	long kmax;  /* the bound the counter of all breaks was built for */
	int *out;   /* its outputs: out[j] says at least j + 1 breaks */
	int *buf;
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

static int add2(struct day *d, int a, int b)
{
	int c[2] = {a, b};
	return sat_add_clause(&d->sat, c, 2);
}

static int add3(struct day *d, int a, int b, int c)
{
	int l[3] = {a, b, c};
	return sat_add_clause(&d->sat, l, 3);
}

static int pos(int v)
{
	return sat_lit(v, 1);
}

/* A fresh variable's positive literal, or -1. */
static int fresh(struct day *d)
{
	int v = sat_new_var(&d->sat);
	return v < 0 ? -1 : pos(v);
}

/* At most k of the n literals x true, as clauses: a sequential counter (a register of k
 * literals per input, "at least j + 1 of the inputs so far"), whose auxiliary literals let the
 * solver learn clauses about partial counts, which it cannot from a native constraint's
 * explanations. The last register goes to out (k literals) when out is not NULL, so that the
 * bound can be lowered later by a unit clause. Returns 0 or -1. */
static int atmost(struct day *d, struct arena *a, const int *x, size_t n, int k, int *out)
{
	struct sat *sat = &d->sat;
	if (k <= 0) {
		for (size_t i = 0; i < n; i++)
			if (sat_add_clause(sat, (int[]){x[i] ^ 1}, 1))
				return -1;
		return 0;
	}
	if ((size_t)k >= n && !out)
		return 0;
	if (k == 1 && !out) /* its explanations are binary clauses: nothing to gain */
		return sat_add_atmost(sat, x, n, 1) < 0 ? -1 : 0;
	int *prev = arena_alloc(a, 2 * (size_t)k * sizeof(int)), *cur = prev + k;
	if (!prev)
		return -1;
	for (size_t i = 0; i < n; i++) {
		for (int j = 0; j < k; j++) {
			cur[j] = (size_t)j > i ? d->lfalse : fresh(d);
			if (cur[j] < 0)
				return -1;
		}
		if (add2(d, x[i] ^ 1, cur[0]))
			return -1;
		for (int j = 0; i > 0 && j < k; j++) {
			if (prev[j] != d->lfalse && add2(d, prev[j] ^ 1, cur[j]))
				return -1;
			if (j > 0 && prev[j - 1] != d->lfalse &&
			    add3(d, x[i] ^ 1, prev[j - 1] ^ 1, cur[j]))
				return -1;
		}
		if (i > 0 && prev[k - 1] != d->lfalse && add2(d, x[i] ^ 1, prev[k - 1] ^ 1))
			return -1;
		int *tmp = prev;
		prev = cur, cur = tmp;
	}
	if (out)
		memcpy(out, prev, (size_t)k * sizeof(int));
	return 0;
}

/* Builds the model with the breaks bounded by bound. Returns 0 or -1 (out of memory). */
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
	struct sat *sat = &d->sat;
	if ((d->lfalse = fresh(d)) < 0 || sat_add_clause(sat, (int[]){d->lfalse ^ 1}, 1))
		return -1;
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
			d->x[m * ns + t] = -1;
			if (ok && (d->x[m * ns + t] = fresh(d)) < 0)
				return -1;
			if (ok)
				buf[n++] = d->x[m * ns + t];
		}
		if (sat_add_clause(sat, buf, n) || atmost(d, a, buf, n, 1, NULL))
			return -1;
	}
	/* busy: a meeting of p in slot t, at most its tables of them */
	for (size_t p = 0; p < np; p++)
		for (size_t t = 0; t < ns; t++) {
			size_t n = 0;
			for (size_t k = 0; k < s->nmine[p]; k++) {
				int l = d->x[(size_t)s->mine[p][k] * ns + t];
				if (l >= 0)
					buf[n++] = l;
			}
			int y = n ? fresh(d) : d->lfalse;
			if ((d->y[p * ns + t] = y) < 0)
				return -1;
			if (!n)
				continue;
			for (size_t k = 0; k < n; k++)
				if (add2(d, buf[k] ^ 1, y))
					return -1;
			buf[n] = y ^ 1;
			if (sat_add_clause(sat, buf, n + 1))
				return -1;
			int cap = capacity(&in->participants[p]);
			if (atmost(d, a, buf, n, cap, NULL))
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
			for (size_t t = lo; t <= hi; t++) {
				g[t] = -1;
				if (t == lo) {
					f[t] = y[t];
					continue;
				}
				if ((f[t] = fresh(d)) < 0 || add2(d, y[t] ^ 1, f[t]) ||
				    add2(d, f[t - 1] ^ 1, f[t]) ||
				    add3(d, f[t] ^ 1, f[t - 1], y[t]))
					return -1;
				if (t < lo + 2 || y[t] == d->lfalse || s->nmine[p] < 2)
					continue;
				int e = fresh(d);
				int c[4] = {y[t] ^ 1, y[t - 1], f[t - 2] ^ 1, e};
				if (e < 0 || sat_add_clause(sat, c, 4) || add2(d, e ^ 1, y[t]) ||
				    add2(d, e ^ 1, y[t - 1] ^ 1) || add2(d, e ^ 1, f[t - 2]))
					return -1;
				g[t] = e;
				buf[ng++] = e;
				all[nall++] = e;
			}
		}
		if (in->fairness >= 0 && atmost(d, a, buf, ng, in->fairness, NULL))
			return -1;
		if (capacity(&in->participants[p]) > 1 || !s->nmine[p])
			continue;
		/* one meeting per busy slot: exactly nmine busy slots (redundant, but it
		 * propagates what the meetings alone leave to search) */
		size_t n = 0;
		for (size_t t = 0; t < ns; t++)
			if (y[t] != d->lfalse)
				buf[n++] = y[t];
		if (atmost(d, a, buf, n, (int)s->nmine[p], NULL))
			return -1;
		for (size_t k = 0; k < n; k++)
			buf[k] ^= 1;
		if (atmost(d, a, buf, n, (int)(n - s->nmine[p]), NULL))
			return -1;
	}
	/* the breaks in all: a counter up to bound, lowered later by units on its outputs */
	d->kmax = bound;
	d->out = arena_alloc(a, ((size_t)bound + 1) * sizeof(int));
	if (!d->out || atmost(d, a, all, nall, (int)bound, d->out))
		return -1;
	/* the pool's tables: as counters, unless they would outgrow the rest of the model
	 * several times over (many meetings, many tables), when native constraints keep the
	 * model small enough to search fast */
	size_t size = 0;
	for (size_t t = 0; t < ns; t++) {
		size_t n = 0;
		for (size_t m = 0; m < nm; m++)
			n += in->participants[in->meetings[m].a].tables == 0 &&
			     d->x[m * ns + t] >= 0;
		size += n > (size_t)in->pool_tables ? n * (size_t)in->pool_tables : 0;
	}
	int native = size > SCHED_EXACT_NATIVE * (size_t)sat->nvars;
	for (size_t t = 0; t < ns; t++) {
		size_t n = 0;
		for (size_t m = 0; m < nm; m++)
			if (in->participants[in->meetings[m].a].tables == 0 &&
			    d->x[m * ns + t] >= 0)
				buf[n++] = d->x[m * ns + t];
		if (native && n > (size_t)in->pool_tables) {
			if (sat_add_atmost(sat, buf, n, in->pool_tables) < 0)
				return -1;
			continue;
		}
		if (atmost(d, a, buf, n, in->pool_tables, NULL))
			return -1;
	}
	return sat->failed ? -1 : 0;
}

/* The solver's first guesses: the schedule in s. */
static void seed_phases(struct day *d)
{
	const struct state *s = d->s;
	const struct sched_instance *in = s->in;
	size_t ns = in->nslots;
	for (size_t m = 0; m < in->nmeetings; m++)
		for (size_t t = 0; t < ns; t++)
			if (d->x[m * ns + t] >= 0)
				sat_set_phase(&d->sat, d->x[m * ns + t] >> 1, s->slot[m] == (int)t);
	for (size_t p = 0; p < in->nparticipants; p++) {
		const uint64_t *b = s->busy + p * s->nw;
		for (size_t k = 0; k < s->nspans; k++) {
			int before = 0, prev = 0;
			for (size_t t = s->spans[k].first; t <= s->spans[k].last; t++) {
				int busy = (int)(b[t / 64] >> (t % 64) & 1);
				size_t i = p * ns + t;
				if (d->y[i] != d->lfalse)
					sat_set_phase(&d->sat, d->y[i] >> 1, busy);
				if (d->g[i] >= 0)
					sat_set_phase(&d->sat, d->g[i] >> 1,
						      busy && !prev && before);
				before |= prev;
				prev = busy;
				if (t > s->spans[k].first)
					sat_set_phase(&d->sat, d->f[i] >> 1, before || busy);
			}
		}
	}
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
		for (size_t t = 0; t < ns && to < 0; t++)
			if (d->x[m * ns + t] >= 0 && sat_value(&d->sat, d->x[m * ns + t] >> 1))
				to = (int)t;
		if (to < 0 || sched_fits(s, (int)m, to, &cand) != SCHED_PLACED) {
			sched_restore(s, slot, ip);
			return -1;
		}
		sched_place(s, (int)m, to, cand);
	}
	return 0;
}

/* At most k breaks in all from now on (k below the bound the counter was built for). */
static int tighten(struct day *d, long k)
{
	if (k < 0 || k >= d->kmax)
		return k < 0;
	return sat_add_clause(&d->sat, (int[]){d->out[k] ^ 1}, 1);
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
};

static int out_of_time(void *ctx)
{
	const struct clock *c = ctx;
	/* the local search after it gets the rest of the time */
	return c->opt->clock_ms(c->opt->clock_ctx) - c->start >=
	       c->opt->time_limit_ms / 10 * SCHED_EXACT_TIME_SHARE;
}

int sched_exact_phase(struct state *s, const struct sched_options *opt, struct arena *a, long *lb,
		      long start, unsigned long work)
{
	if (!applies(s) || s->total_breaks <= *lb)
		return 0;
	const struct sched_instance *in = s->in;
	struct day d = {.s = s};
	struct clock clk = {opt, start};
	int *slot = arena_alloc(a, (in->nmeetings + 1) * sizeof(int));
	int *ip = arena_alloc(a, (in->nmeetings + 1) * sizeof(int));
	if (!slot || !ip)
		return -1;
	sat_init(&d.sat);
	int rc = build(&d, a, s->total_breaks - 1);
	if (rc)
		goto done;
	seed_phases(&d);
	unsigned long used = 0;
	while (used < work && s->total_breaks > *lb && !out_of_time(&clk)) {
		unsigned long before = d.sat.propagations, left = work - used;
		enum sat_status r = sat_solve(&d.sat, left, out_of_time, &clk);
		used += d.sat.propagations - before;
		if (r == SAT_UNSAT) {
			if (bound_holds(s))
				*lb = s->total_breaks; /* nothing below it: optimal */
			break;
		}
		if (r != SAT_SAT || install(&d, s, slot, ip))
			break;
		if (tighten(&d, s->total_breaks - 1))
			break;
	}
done:
	sat_release(&d.sat);
	return rc;
}
