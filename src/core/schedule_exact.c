/* schedule_exact.c - an exact model of the day, solved by CaDiCaL (through its C API): a
 * variable per meeting and slot it may take, per participant and slot "busy", per participant
 * and slot "has met before" (a prefix), and per participant and slot "a break ends here" (busy
 * now, idle just before, busy earlier in the session), so that the breaks of a schedule are
 * exactly the break-end variables that are true. The hard rules are at-most-k constraints
 * written as clauses (sequential counters): a meeting once, a participant's meetings per slot
 * (its tables), the pool's tables per slot, the fairness bound per participant, an
 * interpreter's meetings per slot (a variable per interpreter that could serve a meeting in a
 * slot), and the walks (a participant at one venue in a slot is not at another too close).
 * When the schedule leaves meetings out, every meeting is optional ("placed"), caps hold, and
 * the weight left out is first lowered below each schedule found until none is heavier.
 * The breaks are minimised in two steps. First a core-guided search (OLL) proves a lower
 * bound: every break end is assumed false, and each set of those assumptions the solver
 * shows cannot hold together (a core) adds one break to the bound and is replaced by a
 * totalizer over it, "at least 2, 3, ... of these", whose outputs are assumed false in turn;
 * a schedule found under the assumptions is optimal. When a solve takes too long, the breaks
 * the cores leave (the bound plus the count of the assumptions that fail) go into one
 * totalizer whose outputs are assumed false below each schedule found, until the solver
 * proves none is left, the count reaches the bound (the breaks are then optimal), or its
 * budget of conflicts is spent; when asked, neighbourhoods of the schedule (around) have their
 * turns between the solves of that descent.
 * The solver starts from the schedule the search has: each variable is given the sign under
 * which CaDiCaL's first phase (true) is its value in that schedule, so that each call looks
 * next to the best one known. Used when no meeting is moved and the day is small enough
 * (SCHED_EXACT_MAX). */
#include "schedule_exact.h"

#include <ccadical.h>
#include <limits.h>
#include <string.h>

/* The largest day the model is built for, in meetings × slots (a brokerage event has some
 * thousands; a trade show's tens of thousands of meetings are left to the local search). */
enum { SCHED_EXACT_MAX = 60000 };
enum { SCHED_EXACT_ASK = 8 };
/* The shares of the budget of conflicts that the core-guided search's solves may take: the
 * first, "no break at all", a half, each one after it an eighth; a solve that takes longer
 * ends the search for cores, and the counter takes over from the bound they prove. On the
 * brokerage events the cores come in some tens or some thousands of conflicts each, and the
 * first solve of a day without breaks finds it in 20,000 to 40,000; the proofs are the
 * cores' (with 500 and 2,000 conflicts, as before, on a 154-meeting day the second solve ran
 * out at 1,900 where 8,000 found the optimum; a 237-meeting day's schedule without a break
 * took 37,000), and the counter, which finds schedules from above, seldom proves them.
 * A day that leaves meetings out (a trade show's, with caps and interpreters) is the other
 * way round: its cores come one break at a time, a few thousand conflicts each, and the
 * counter proves it sooner (a 160-meeting day in 0.41 s, where the cores took 0.6 s and
 * more), so there the first solve takes SCHED_EXACT_FIRST_STEP conflicts at most and each
 * later one SCHED_EXACT_CORE_STEP. */
enum { SCHED_EXACT_FIRST_SHARE = 2, SCHED_EXACT_CORE_SHARE = 8 };
enum { SCHED_EXACT_FIRST_STEP = 500, SCHED_EXACT_CORE_STEP = 2000 };
/* The descent for fewer breaks: the conflicts of one solve before the neighbourhoods (around)
 * have their turn, the conflicts of one of those, how many at a turn, and how many meetings
 * the first frees and the smallest does. */
enum {
	SCHED_EXACT_DESCENT = 1000,
	SCHED_EXACT_NEAR = 300,
	SCHED_EXACT_TRIES = 30,
	SCHED_EXACT_NEAR_FIRST = 30,
	SCHED_EXACT_NEAR_MIN = 8,
	SCHED_EXACT_SEEDS = 3,
};
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
	long base;  /* the breaks the cores prove: the counter counts those beyond */
	long kmax;  /* the bound the counter was built for */
	int *out;   /* its outputs: out[j] says at least j + 1 breaks */
	int *buf;
	size_t *zat;  /* meeting × slot: where its interpreters start in zlit and zwho */
	int *zlit;    /* "this interpreter serves the meeting in the slot" */
	int *zwho;    /* the interpreter of each */
	int optional; /* s leaves meetings out: the model may place any, keeping the weight */
	int *placed;  /* meeting: "it has a slot" (optional only) */
	unsigned long learnt; /* clauses the solver has learnt: its conflicts, near enough */
};

/* Whether the model fits the instance and the schedule: everything placed where it was (when
 * it was published), and the day small enough. The meetings s leaves out stay out (s has the
 * best weight the search found; the model looks for fewer breaks with the same meetings). */
int sched_exact_applies(const struct state *s)
{
	const struct sched_instance *in = s->in;
	return !s->moved && !sched_over_of(s) && !s->excess &&
	       in->nmeetings * in->nslots <= SCHED_EXACT_MAX;
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

/* The walks: a participant with one table at most, with meetings at venues v and w, is not
 * at v in one slot and at w within walk(v, w) slots of it in the session. at[v] is "p meets
 * at venue v in this slot" (implied by its meetings there, which is all the rule needs). */
static int walks(struct day *d, struct arena *a, size_t p)
{
	const struct state *s = d->s;
	const struct sched_instance *in = s->in;
	size_t ns = in->nslots, nv = in->nvenues;
	if (!in->walk || !nv || in->participants[p].tables > 1)
		return 0;
	int *at = arena_alloc(a, nv * ns * sizeof(int));
	if (!at)
		return -1;
	memset(at, 0, nv * ns * sizeof(int));
	/* first the cells p may take, 1 where the schedule of s has it there, then literals */
	for (int pass = 0; pass < 2; pass++)
		for (size_t k = 0; k < s->nmine[p]; k++) {
			int m = s->mine[p][k], v = venue_of(in, m);
			for (size_t t = 0; v >= 0 && t < ns; t++) {
				int l = d->x[(size_t)m * ns + t], *u = &at[(size_t)v * ns + t];
				if (!l)
					continue;
				if (!pass)
					*u = *u == 1 || s->slot[m] == (int)t ? 1 : 2;
				else if (*u == 1 || *u == 2) /* no literal is: x's come first */
					*u = fresh(d, *u == 1), add2(d, -l, *u);
				else
					add2(d, -l, *u);
			}
		}
	for (size_t v = 0; v < nv; v++)
		for (size_t w = 0; w < nv; w++) {
			int k = walk(in, (int)v, (int)w);
			for (size_t t = 0; k > 0 && t < ns; t++)
				for (size_t u = t + 1; u < ns && u <= t + (size_t)k; u++)
					if (in->session[u] == in->session[t] && at[v * ns + t] &&
					    at[w * ns + u])
						add2(d, -at[v * ns + t], -at[w * ns + u]);
		}
	return 0;
}

/* The interpreters: a meeting that needs one takes one that serves it and is free in its
 * slot, each interpreter one meeting a slot. */
static int interpreters(struct day *d, struct arena *a)
{
	const struct state *s = d->s;
	const struct sched_instance *in = s->in;
	size_t ns = in->nslots, nm = in->nmeetings, ni = in->ninterpreters, n = 0;
	d->zat = arena_alloc(a, (nm * ns + 1) * sizeof(size_t));
	if (!d->zat)
		return -1;
	for (size_t m = 0; m < nm; m++)
		for (size_t t = 0; t < ns; t++) {
			d->zat[m * ns + t] = n;
			if (!s->needs[m] || !d->x[m * ns + t])
				continue;
			for (size_t i = 0; i < ni; i++)
				n += flag(in->interpreters[i].available, (int)t) &&
				     sched_interpreter_serves(in, &in->interpreters[i],
							      &in->meetings[m]);
		}
	d->zat[nm * ns] = n;
	d->zlit = arena_alloc(a, (n + 1) * sizeof(int));
	d->zwho = arena_alloc(a, (n + 1) * sizeof(int));
	int *mine = arena_alloc(a, (n + 1) * sizeof(int));
	if (!d->zlit || !d->zwho || !mine)
		return -1;
	for (size_t m = 0; m < nm; m++)
		for (size_t t = 0; t < ns; t++) {
			int l = d->x[m * ns + t];
			if (!s->needs[m] || !l)
				continue;
			size_t z = d->zat[m * ns + t], k = 0;
			for (size_t i = 0; i < ni; i++) {
				if (!flag(in->interpreters[i].available, (int)t) ||
				    !sched_interpreter_serves(in, &in->interpreters[i],
							      &in->meetings[m]))
					continue;
				int on = s->slot[m] == (int)t && s->interp[m] == (int)i;
				d->zlit[z + k] = fresh(d, on);
				d->zwho[z + k] = (int)i;
				add2(d, -d->zlit[z + k], l);
				mine[k] = d->zlit[z + k];
				k++;
			}
			mine[k] = -l;
			clause(d, mine, k + 1);
		}
	/* each interpreter and slot: one meeting at most */
	for (size_t i = 0; i < ni; i++)
		for (size_t t = 0; t < ns; t++) {
			size_t k = 0;
			for (size_t m = 0; m < nm; m++)
				for (size_t z = d->zat[m * ns + t]; z < d->zat[m * ns + t + 1]; z++)
					if (d->zwho[z] == (int)i)
						mine[k++] = d->zlit[z];
			if (atmost(d, a, mine, k, 1))
				return -1;
		}
	return 0;
}

/* Builds the model, each variable signed after the schedule of s; the breaks are left
 * unbounded but for the fairness bound (the cores and the counter bound them). Returns 0 or
 * -1 (out of memory). */
static int build(struct day *d, struct arena *a)
{
	const struct state *s = d->s;
	const struct sched_instance *in = s->in;
	size_t ns = in->nslots, nm = in->nmeetings, np = in->nparticipants;
	size_t nbuf = nm + np * ns + ns + 1;
	d->x = arena_alloc(a, (nm * ns + 1) * sizeof(int));
	d->placed = arena_alloc(a, (nm + 1) * sizeof(int));
	d->y = arena_alloc(a, (np * ns + 1) * sizeof(int));
	d->f = arena_alloc(a, (np * ns + 1) * sizeof(int));
	d->g = arena_alloc(a, (np * ns + 1) * sizeof(int));
	d->buf = arena_alloc(a, nbuf * sizeof(int));
	if (!d->x || !d->placed || !d->y || !d->f || !d->g || !d->buf)
		return -1;
	d->lfalse = fresh(d, 0);
	add1(d, -d->lfalse);
	int *buf = d->buf;
	/* meetings: once each (those s places), in a slot both sides (and the meeting) allow */
	for (size_t m = 0; m < nm; m++) {
		const struct sched_meeting *mt = &in->meetings[m];
		size_t n = 0;
		for (size_t t = 0; t < ns; t++) {
			int ok = (d->optional || s->slot[m] >= 0) && flag(mt->allowed, (int)t) &&
				 flag(in->participants[mt->a].available, (int)t) &&
				 flag(in->participants[mt->b].available, (int)t) &&
				 (mt->pinned < 0 || mt->pinned == (int)t) &&
				 (mt->previous < 0 || mt->previous == (int)t);
			d->x[m * ns + t] = ok ? fresh(d, s->slot[m] == (int)t) : 0;
			if (ok)
				buf[n++] = d->x[m * ns + t];
		}
		if (d->optional) {
			int pl = d->placed[m] = n ? fresh(d, s->slot[m] >= 0) : d->lfalse;
			for (size_t k = 0; k < n; k++)
				add2(d, -buf[k], pl);
			buf[n] = -pl;
			clause(d, buf, n + 1);
			/* what is published or pinned stays in (s has it, as moved is 0) */
			if (n && s->slot[m] >= 0 && (mt->previous >= 0 || mt->pinned >= 0))
				add1(d, pl);
		} else if (s->slot[m] >= 0) {
			clause(d, buf, n);
		} else {
			continue;
		}
		if (atmost(d, a, buf, n, 1))
			return -1;
	}
	/* caps, when the model chooses what is placed */
	for (size_t p = 0; d->optional && p < np; p++) {
		int cap = in->participants[p].cap;
		if (cap < 0 || s->nmine[p] <= (size_t)cap)
			continue;
		for (size_t k = 0; k < s->nmine[p]; k++)
			buf[k] = d->placed[s->mine[p][k]];
		if (atmost(d, a, buf, s->nmine[p], cap))
			return -1;
	}
	if (interpreters(d, a))
		return -1;
	for (size_t p = 0; p < np; p++)
		if (walks(d, a, p))
			return -1;
	/* busy: a meeting of p in slot t, at most its tables of them */
	for (size_t p = 0; p < np; p++)
		for (size_t t = 0; t < ns; t++) {
			size_t n = 0;
			for (size_t k = 0; k < s->nmine[p]; k++) {
				int l = d->x[(size_t)s->mine[p][k] * ns + t];
				if (l)
					buf[n++] = l;
			}
			/* one meeting that may take the slot: busy is that meeting there */
			int y = n == 1 ? buf[0] : n ? fresh(d, busy_at(s, p, t)) : d->lfalse;
			d->y[p * ns + t] = y;
			if (n < 2)
				continue;
			for (size_t k = 0; k < n; k++)
				add2(d, -buf[k], y);
			buf[n] = -y;
			clause(d, buf, n + 1);
			if (atmost(d, a, buf, n, capacity(&in->participants[p])))
				return -1;
		}
	/* per participant: the prefix, the break ends, the fairness bound, the busy slots */
	for (size_t p = 0; p < np; p++) {
		int *y = d->y + p * ns, *f = d->f + p * ns, *g = d->g + p * ns;
		size_t ng = 0;
		memset(g, 0, ns * sizeof(int));
		if ((d->optional ? s->nmine[p] : (size_t)s->count[p]) < 2)
			continue; /* one meeting at most: no break, and exactly one busy slot or
				     none */
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
				if (t < lo + 2 || y[t] == d->lfalse ||
				    (d->optional ? s->nmine[p] : (size_t)s->count[p]) < 2)
					continue;
				int e = fresh(d, end);
				clause(d, (int[]){-y[t], y[t - 1], -f[t - 2], e}, 4);
				add2(d, -e, y[t]);
				add2(d, -e, -y[t - 1]);
				add2(d, -e, f[t - 2]);
				g[t] = e;
				buf[ng++] = e;
			}
		}
		if (in->fairness >= 0 && atmost(d, a, buf, ng, in->fairness))
			return -1;
		if (capacity(&in->participants[p]) > 1 || !s->count[p] || d->optional)
			continue;
		/* one meeting per busy slot: exactly as many busy slots as meetings placed
		 * (redundant, but it propagates what the meetings alone leave to search) */
		size_t n = 0;
		for (size_t t = 0; t < ns; t++)
			if (y[t] != d->lfalse)
				buf[n++] = y[t];
		if (atmost(d, a, buf, n, (int)s->count[p]))
			return -1;
		for (size_t k = 0; k < n; k++)
			buf[k] = -buf[k];
		if (atmost(d, a, buf, n, (int)(n - (size_t)s->count[p])))
			return -1;
	}
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
		int to = -1, cand, who = -1;
		if (slot[m] < 0 && !d->optional)
			continue; /* out of the model */
		for (size_t t = 0; t < ns && to < 0; t++) {
			int l = d->x[m * ns + t];
			if (l && ccadical_val(d->sat, l) > 0)
				to = (int)t;
		}
		if (to >= 0 && s->needs[m]) { /* the model's interpreter, when it is free */
			size_t c = m * ns + (size_t)to, z = d->zat[c];
			while (z < d->zat[c + 1] && ccadical_val(d->sat, d->zlit[z]) <= 0)
				z++;
			who = z < d->zat[c + 1] ? d->zwho[z] : -1;
			if (who >= 0 && s->ibusy[(size_t)who * ns + (size_t)to])
				who = -1;
		}
		if (to < 0 && d->optional)
			continue; /* the model leaves it out */
		if (to < 0 || sched_fits(s, (int)m, to, &cand) != SCHED_PLACED ||
		    (s->needs[m] && who < 0)) {
			sched_restore(s, slot, ip);
			return -1;
		}
		sched_place(s, (int)m, to, s->needs[m] ? who : cand);
	}
	return 0;
}

/* Assumes at most k breaks in all for the next solve; returns 0, or 1 when no schedule can
 * have so few (k < 0). */
static int assume_bound(struct day *d, long k)
{
	k -= d->base;
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
	if (s->nun)
		return 0; /* the model kept what s left out out */
	for (size_t m = 0; m < in->nmeetings; m++)
		if (!in->meetings[m].weight)
			return 0;
	for (size_t p = 0; p < in->nparticipants; p++)
		busy += s->count[p] > 0;
	return in->fairness < 0 || s->total_breaks - 1 < busy;
}

struct clock {
	const struct sched_options *opt;
	long deadline;
	unsigned calls;
};

static int out_of_time(void *ctx)
{
	const struct clock *c = ctx;
	return c->opt->clock_ms(c->opt->clock_ctx) >= c->deadline;
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

/* A run of the exact phase: the schedule, its clock and budget of conflicts, the breaks
 * proven (a bound of the model), and room to keep a schedule while another is tried. */
struct run {
	struct state *s;
	struct clock *clk;
	unsigned long used, work;
	long lb;
	int *slot, *ip;
};

/* The objective, as the core-guided search leaves it: the breaks are base plus the count of
 * the literals of lits that are false; each soft is an assumption, and a totalizer output's
 * soft also has its successors ("at least one more"), a list ending in 0. */
struct softs {
	int *lit;
	int **next; /* the successors, or NULL */
	size_t n, cap;
};

/* One solve with the bound or the softs assumed, at most limit conflicts (and the rest of
 * the budget); returns CaDiCaL's answer (10, 20, or 0 when stopped). */
static int solve(struct day *d, struct run *run, unsigned long limit)
{
	unsigned long left = run->work - run->used, before = d->learnt;
	if (limit > left)
		limit = left;
	ccadical_limit(d->sat, "conflicts", limit > INT_MAX ? INT_MAX : (int)limit);
	int r = ccadical_solve(d->sat);
	run->used += d->learnt - before;
	return r;
}

/* Core-guided search (OLL): assumes no break at all; each core the solver returns (a set of
 * the assumptions that cannot all hold) proves one break more and is replaced by a
 * totalizer over its literals, whose outputs "at least 2, 3, ... of them" become softs in
 * turn; an output that would mean as many breaks as s has is made false outright. A solve
 * that finds a schedule finds an optimal one of the model. The first solve may take at most
 * first conflicts, each later one step (first 0: no solve, the softs are every break end).
 * Returns 1 when s is then optimal for the model (a schedule found and installed, or the
 * bound proven reaches it), 0 when a solve runs out first (run->lb is the bound proven, so
 * the softs state the rest), -1 when out of memory. */
static int cores(struct day *d, struct arena *a, struct run *run, struct softs *so,
		 unsigned long first, unsigned long step)
{
	struct state *s = run->s;
	size_t cells = s->in->nparticipants * s->in->nslots;
	so->cap = cells + (size_t)s->total_breaks + 2; /* each core adds one at most */
	so->lit = arena_alloc(a, so->cap * sizeof(int));
	so->next = arena_alloc(a, so->cap * sizeof(int *));
	int *core = arena_alloc(a, so->cap * sizeof(int));
	int **grow = arena_alloc(a, so->cap * sizeof(int *));
	if (!so->lit || !so->next || !core || !grow)
		return -1;
	so->n = 0;
	for (size_t k = 0; k < cells; k++)
		if (d->g[k])
			so->lit[so->n] = -d->g[k], so->next[so->n++] = NULL;
	while (run->lb < s->total_breaks) {
		if (run->used >= run->work || out_of_time(run->clk) || !first)
			return 0;
		for (size_t i = 0; i < so->n; i++)
			ccadical_assume(d->sat, so->lit[i]);
		int r = solve(d, run, first);
		first = step;
		if (r == 10)
			return install(d, s, run->slot, run->ip) ? 0 : 1;
		if (r != 20)
			return 0;
		size_t nc = 0, kept = 0, ngrow = 0;
		for (size_t i = 0; i < so->n; i++) {
			if (!ccadical_failed(d->sat, so->lit[i])) {
				so->lit[kept] = so->lit[i], so->next[kept++] = so->next[i];
				continue;
			}
			core[nc++] = -so->lit[i];
			if (so->next[i])
				grow[ngrow++] = so->next[i];
		}
		so->n = kept;
		if (!nc)
			return 1; /* no schedule at all: s stays */
		run->lb++;
		for (size_t i = 0; i < ngrow; i++)
			so->lit[so->n] = -grow[i][0],
			so->next[so->n++] = grow[i][1] ? grow[i] + 1 : NULL;
		if (nc < 2 || run->lb >= s->total_breaks)
			continue;
		/* the core's count beyond its first: output k (at least k + 1) would mean as many
		 * breaks as s has */
		long k = s->total_breaks - run->lb, end;
		int *o = arena_alloc(a, ((size_t)k + 2) * sizeof(int));
		long no = o ? totalizer(d, a, core, nc, k, o) : -1;
		if (no < 0)
			return -1;
		end = no;
		if (no == k + 1)
			add1(d, -o[k]), end = k;
		o[end] = 0;
		if (end >= 2)
			so->lit[so->n] = -o[1], so->next[so->n++] = o[2] ? o + 2 : NULL;
	}
	return 1;
}

/* The weight s leaves out. */
static long lost(const struct state *s)
{
	long w = 0;
	for (size_t m = 0; m < s->in->nmeetings; m++)
		if (s->slot[m] < 0)
			w += s->in->meetings[m].weight;
	return w;
}

/* More weight first, when s leaves meetings out: the weight left out is counted in unary (a
 * meeting of weight w is w inputs), held to at most what s leaves out, and bounded one below
 * it after each schedule found, until the solver proves none heavier (returns 1), a solve
 * runs out (0), or memory does (-1). Afterwards no schedule of the model is lighter than s. */
static int heavier(struct day *d, struct arena *a, struct run *run)
{
	struct state *s = run->s;
	const struct sched_instance *in = s->in;
	long k = lost(s), n = 0;
	if (!k)
		return 1;
	for (size_t m = 0; m < in->nmeetings; m++)
		n += in->meetings[m].weight;
	if (n > SCHED_EXACT_MAX)
		return 0;
	int *x = arena_alloc(a, ((size_t)n + 1) * sizeof(int));
	int *o = arena_alloc(a, ((size_t)k + 2) * sizeof(int));
	if (!x || !o)
		return -1;
	n = 0;
	for (size_t m = 0; m < in->nmeetings; m++)
		for (int w = 0; w < in->meetings[m].weight; w++)
			x[n++] = -d->placed[m];
	long no = totalizer(d, a, x, (size_t)n, k, o); /* o[j]: at least j + 1 left out */
	if (no < 0)
		return -1;
	for (;;) {
		if (k < no)
			add1(d, -o[k]); /* never lighter than the best found */
		if (!k)
			return 1;
		ccadical_assume(d->sat, -o[k - 1]);
		int r = solve(d, run, run->work);
		if (r == 20)
			return 1;
		if (r != 10 || install(d, s, run->slot, run->ip))
			return 0;
		k = lost(s);
	}
}

/* The counter of the objective the cores leave (every soft's literal and its successors,
 * false when the soft is), in unary up to the bound that s's breaks less one make. */
static int objective(struct day *d, struct arena *a, const struct run *run, const struct softs *so)
{
	long bound = run->s->total_breaks - 1 - run->lb;
	size_t n = 0;
	d->base = run->lb;
	d->kmax = 0;
	if (bound < 0)
		return 0;
	for (size_t i = 0; i < so->n; i++)
		for (int *q = so->next[i]; q && *q; q++)
			n++;
	int *x = arena_alloc(a, (so->n + n + 1) * sizeof(int));
	d->out = arena_alloc(a, ((size_t)bound + 1) * sizeof(int));
	if (!x || !d->out)
		return -1;
	n = 0;
	for (size_t i = 0; i < so->n; i++) {
		x[n++] = -so->lit[i];
		for (int *q = so->next[i]; q && *q; q++)
			x[n++] = *q;
	}
	if (n && (d->kmax = totalizer(d, a, x, n, bound, d->out)) < 0)
		return -1;
	return 0;
}

/* The neighbourhoods of the descent, a large neighbourhood search in the model: when a solve
 * for fewer breaks runs out of its SCHED_EXACT_DESCENT conflicts, the schedule is held (by
 * assumptions) but for the meetings of the participants nearest one with a break (its own,
 * those of the ones it meets, theirs, ... up to size meetings), and the solver looks for fewer
 * breaks by moving those alone, SCHED_EXACT_NEAR conflicts at most each, until
 * SCHED_EXACT_TRIES in a row (or SCHED_EXACT_DESCENT conflicts) gain nothing; on odd tries the
 * meetings of a run of slots are the ones free.
 * A neighbourhood proven to hold nothing better grows the next one, one that runs out shrinks
 * it. On the nine hardest brokerage days of the JAIR set, at a limit of 5 s, 46 breaks with
 * the descent alone, 42 with the neighbourhoods. */
struct near {
	long size;
	uint8_t *freed; /* meeting: free to move */
	uint8_t *seen;	/* participant: in the neighbourhood */
	int *queue;
};

/* Frees size meetings at most: on odd tries those of a run of slots from a random one, else
 * those around a few participants with breaks (theirs, those of the ones they meet, ...). */
static void neighbourhood(struct state *s, struct near *nb, int try)
{
	const struct sched_instance *in = s->in;
	size_t ns = in->nslots;
	memset(nb->freed, 0, in->nmeetings);
	memset(nb->seen, 0, in->nparticipants);
	long n = 0;
	if (try % 2) {
		size_t t0 = next_random(s) % ns;
		for (size_t t = t0; t < t0 + ns && n < nb->size; t++)
			for (size_t m = 0; m < in->nmeetings; m++)
				if (s->slot[m] == (int)(t % ns) && !nb->freed[m])
					nb->freed[m] = 1, n++;
		return;
	}
	size_t head = 0, tail = 0;
	for (int j = 0; j < SCHED_EXACT_SEEDS; j++) {
		int p = s->gappy[next_random(s) % s->ngappy];
		if (!nb->seen[p])
			nb->queue[tail++] = p, nb->seen[p] = 1;
	}
	while (head < tail && n < nb->size) {
		int q = nb->queue[head++];
		for (size_t k = 0; k < s->nmine[q] && n < nb->size; k++) {
			int m = s->mine[q][k];
			const struct sched_meeting *mt = &in->meetings[m];
			int o = mt->a == q ? mt->b : mt->a;
			if (!nb->freed[m])
				nb->freed[m] = 1, n++;
			if (!nb->seen[o])
				nb->seen[o] = 1, nb->queue[tail++] = o;
		}
	}
}

/* Neighbourhoods until SCHED_EXACT_TRIES in a row have nothing better; returns 1 when some
 * had a schedule with fewer breaks (s has the last), 0 when none had, -1 when the model's
 * schedule would not install. */
static int around(struct day *d, struct run *run, struct near *nb)
{
	struct state *s = run->s;
	const struct sched_instance *in = s->in;
	size_t ns = in->nslots;
	int found = 0;
	unsigned long since = run->used;
	for (int k = 0; k < SCHED_EXACT_TRIES && run->used - since < SCHED_EXACT_DESCENT; k++) {
		if (!s->ngappy || s->total_breaks <= run->lb || run->used >= run->work ||
		    out_of_time(run->clk))
			return found;
		neighbourhood(s, nb, k);
		for (size_t m = 0; m < in->nmeetings; m++) {
			if (nb->freed[m])
				continue;
			if (s->slot[m] >= 0 && d->x[m * ns + (size_t)s->slot[m]])
				ccadical_assume(d->sat, d->x[m * ns + (size_t)s->slot[m]]);
			else if (s->slot[m] < 0 && d->optional)
				ccadical_assume(d->sat, -d->placed[m]);
		}
		if (assume_bound(d, s->total_breaks - 1))
			return found;
		int r = solve(d, run, SCHED_EXACT_NEAR);
		if (r == 10 && install(d, s, run->slot, run->ip))
			return -1;
		if (r == 10)
			found = 1, k = -1, since = run->used; /* a fresh turn after each found */
		else if (r == 20 && nb->size < (long)in->nmeetings)
			nb->size += nb->size / 8 + 1;
		else if (r != 20 && nb->size > SCHED_EXACT_NEAR_MIN)
			nb->size -= nb->size / 8;
	}
	return 0;
}

int sched_exact_phase(struct state *s, const struct sched_options *opt, struct arena *a, long *lb,
		      struct sched_exact_budget b)
{
	unsigned long work = b.work;
	if (!sched_exact_applies(s) || s->total_breaks <= *lb)
		return 0;
	const struct sched_instance *in = s->in;
	struct day d = {.s = s, .optional = s->nun > 0};
	struct clock clk = {opt, b.deadline, 0};
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
	/* and no variable elimination at all: the counter's last proof on a 160-meeting day took
	 * a quarter fewer conflicts (13,600 -> 10,400), the brokerage events as many breaks */
	ccadical_set_option(d.sat, "elim", 0);
	ccadical_set_option(d.sat, "subsumereleff", 60);
	ccadical_set_terminate(d.sat, &clk, terminate);
	ccadical_set_learn(d.sat, &d.learnt, INT_MAX, count_learnt);
	int rc = build(&d, a);
	if (rc)
		goto done;
	struct run run = {s, &clk, 0, work, 0, slot, ip};
	struct softs so;
	int heaviest = d.optional ? heavier(&d, a, &run) : 1;
	if (heaviest < 0) {
		rc = -1;
		goto done;
	}
	/* a later round looks for no cores (it knows the bound: *lb): the counter counts every
	 * break */
	unsigned long first = d.optional ? SCHED_EXACT_FIRST_STEP : work / SCHED_EXACT_FIRST_SHARE;
	unsigned long each = d.optional ? SCHED_EXACT_CORE_STEP : work / SCHED_EXACT_CORE_SHARE;
	int c = cores(&d, a, &run, &so, b.later ? 0 : first, each);
	if (c < 0 || (!c && objective(&d, a, &run, &so))) {
		rc = -1;
		goto done;
	}
	unsigned long turn = b.later ? SCHED_EXACT_DESCENT : work, step = turn;
	struct near nb = {.size = SCHED_EXACT_NEAR_FIRST,
			  .freed = arena_alloc(a, in->nmeetings + 1),
			  .seen = arena_alloc(a, in->nparticipants + 1),
			  .queue = arena_alloc(a, (in->nparticipants + 1) * sizeof(int))};
	if (!nb.freed || !nb.seen || !nb.queue) {
		rc = -1;
		goto done;
	}
	while (!c && s->total_breaks > run.lb && s->total_breaks > *lb && run.used < work &&
	       !out_of_time(&clk)) {
		if (assume_bound(&d, s->total_breaks - 1))
			break;
		int r = solve(&d, &run, step), g = 0;
		if (r == 20)
			c = 1; /* nothing below it: optimal */
		else if (r == 10 ? install(&d, s, slot, ip)
				 : run.used >= work || out_of_time(&clk) ||
					   (b.later && (g = around(&d, &run, &nb)) < 0))
			break;
		/* the descent's turns double while the neighbourhoods find nothing (without them,
		 * one solve may take the whole budget) */
		step = r == 0 && !g && step < work / 2 ? step * 2 : turn;
	}
	/* the model's bounds hold for every fair schedule (bound_holds); run.lb <= the breaks */
	if (bound_holds(s) && (c || s->total_breaks <= run.lb))
		*lb = s->total_breaks;
	else if (bound_holds(s) && run.lb > *lb)
		*lb = run.lb;
	/* with meetings left out, the model is the whole problem only without a fairness bound
	 * (it holds each participant to d breaks); then a proof is one of the schedule */
	if (d.optional && in->fairness < 0 && heaviest == 1 && (c || s->total_breaks <= run.lb))
		s->optimal = 1;
done:
	ccadical_release(d.sat);
	return rc;
}
