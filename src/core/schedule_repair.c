/* schedule_repair.c - a large neighbourhood search: the meetings of a few participants (or of
 * a few slots) out of the schedule and back by an exact depth-first branch-and-bound. */
#include <string.h>

#include "schedule_state.h"

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
	struct cost c = sched_cost_of(L->s);
	if (L->found ? !sched_better(&c, &L->best) : sched_better(&L->orig, &c))
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
			cnt += sched_fits(s, L->rm[k], c[j], &ip) == SCHED_PLACED;
		L->work += (unsigned long)L->ncand[k];
		if (cnt == 0)
			return -1;
		if (cnt < fewest)
			fewest = cnt, pick = (int)k;
	}
	int m = L->rm[pick], n = 0;
	const int *c = L->cand + (size_t)pick * ns;
	for (int j = 0; j < L->ncand[pick]; j++) {
		if (sched_fits(s, m, c[j], &ip) != SCHED_PLACED)
			continue;
		sched_place(s, m, c[j], ip);
		/* moved, then breaks, then the idle slots in gaps, ties at random (a field
		 * that outgrows its bits only blurs the order, which is a heuristic) */
		long idle = s->total_idle < 65535 ? s->total_idle : 65535;
		long k = ((s->moved * 65536 + s->total_breaks) * 65536 + idle) * 256 +
			 (long)(next_random(s) & 255);
		sched_unplace(s, m);
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
		if (sched_fits(s, m, buf[j], &ip) != SCHED_PLACED)
			continue;
		sched_place(s, m, buf[j], ip);
		L->path[depth] = m, L->pslot[depth] = buf[j], L->pip[depth] = ip;
		lns_dfs(L, depth + 1);
		sched_unplace(s, m);
	}
	L->rem[mt->a]++, L->rem[mt->b]++;
	L->done[k] = 0;
}

/* Takes the neighbourhood out, repairs it and puts the best way found back (the way it was
 * when none is as good). Returns the work it took. */
static unsigned long lns_run(struct lns *L, unsigned long limit)
{
	struct state *s = L->s;
	L->orig = sched_cost_of(s);
	L->found = 0;
	L->work = 0;
	L->limit = limit;
	for (size_t k = 0; k < L->n; k++)
		sched_unplace(s, L->rm[k]);
	lns_dfs(L, 0);
	if (L->found)
		for (size_t k = 0; k < L->n; k++)
			sched_place(s, L->inc[k], L->islot[k], L->iip[k]);
	else
		for (size_t k = 0; k < L->n; k++)
			sched_place(s, L->rm[k], L->from[k], L->fip[k]);
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
	int to, m = sched_gap_target(s, &to);
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
int sched_lns_phase(struct state *s, const struct sched_options *opt, struct arena *a, long lb,
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
	for (unsigned long k = 0;
	     spent < budget && spent - last < budget / LNS_PATIENCE &&
	     now - start < opt->time_limit_ms && !sched_proven(s, lb) && s->ngappy;
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
