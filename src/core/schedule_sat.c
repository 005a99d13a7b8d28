/* schedule_sat.c - the CDCL solver behind the scheduler's exact model (see schedule_sat.h):
 * two watched literals per clause, counters for the at-most-k constraints, first-UIP learning
 * with a local minimisation of the learnt clause, activity-ordered branching on saved phases,
 * Luby restarts and a periodic cut of the learnt clauses by literal block distance. */
#include "schedule_sat.h"

#include <stdlib.h>
#include <string.h>

/* Restarts after SAT_RESTART × luby(i) conflicts; the learnt clauses are cut after
 * SAT_REDUCE conflicts, then SAT_REDUCE_STEP more each time. */
enum { SAT_RESTART = 100, SAT_REDUCE = 4000, SAT_REDUCE_STEP = 1000, SAT_HDR = 3 };
static const double SAT_VAR_DECAY = 0.95, SAT_CLA_DECAY = 0.999;

/* A reason or a conflict: -1 none, else its kind in the low two bits and its argument above:
 * a clause (its offset), a card (its index), or a binary clause (its other literal, false). */
#define REASON_NONE (-1)
#define R_CLAUSE(c) ((int)((c) << 2))
#define R_CARD(c)   ((int)((c) << 2 | 1))
#define R_BIN(l)    ((int)((l) << 2 | 2))
#define KIND(r)	    ((r)&3)
#define ARG(r)	    ((r) >> 2)
#define MEM_MAX	    ((size_t)1 << 29)

static int *clause_lits(const struct sat *s, uint32_t cref)
{
	return (int *)(s->mem + cref + SAT_HDR);
}

static float clause_act(const struct sat *s, uint32_t cref)
{
	float f;
	memcpy(&f, &s->mem[cref + 2], sizeof(f));
	return f;
}

static void clause_set_act(struct sat *s, uint32_t cref, float f)
{
	memcpy(&s->mem[cref + 2], &f, sizeof(f));
}

static int vec_push(struct sat *s, struct sat_vec *v, int x)
{
	if (v->n == v->cap) {
		size_t cap = v->cap * 2 + 16;
		int *a = realloc(v->a, cap * sizeof(*a));
		if (!a) {
			s->failed = 1;
			return -1;
		}
		v->a = a, v->cap = cap;
	}
	v->a[v->n++] = x;
	return 0;
}

static int watch_push(struct sat *s, int lit, uint32_t cref, int blocker)
{
	struct sat_wvec *w = &s->watches[lit];
	if (w->n == w->cap) {
		size_t cap = w->cap * 2 + 4;
		struct sat_watch *a = realloc(w->a, cap * sizeof(*a));
		if (!a) {
			s->failed = 1;
			return -1;
		}
		w->a = a, w->cap = cap;
	}
	w->a[w->n++] = (struct sat_watch){cref, blocker};
	return 0;
}

void sat_init(struct sat *s)
{
	memset(s, 0, sizeof(*s));
	s->ok = 1;
	s->var_inc = 1.0;
	s->cla_inc = 1.0;
	s->next_reduce = SAT_REDUCE;
}

void sat_release(struct sat *s)
{
	for (int l = 0; l < 2 * s->nvars; l++) {
		free(s->watches[l].a);
		free(s->occ[l].a);
		free(s->bins[l].a);
	}
	free(s->val), free(s->level), free(s->reason), free(s->tpos), free(s->phase);
	free(s->act), free(s->trail), free(s->lim), free(s->heap), free(s->hpos);
	free(s->mem), free(s->watches), free(s->learnts.a), free(s->cards), free(s->cardlits.a);
	free(s->occ), free(s->seen), free(s->learnt.a), free(s->expl.a), free(s->toclear.a);
	free(s->lvlseen), free(s->bins);
	memset(s, 0, sizeof(*s));
}

/* ---- the order of branching: a binary max-heap of variables by activity ---------------- */

static int heap_less(const struct sat *s, int a, int b)
{
	return s->act[a] > s->act[b] || (s->act[a] == s->act[b] && a < b);
}

static void heap_up(struct sat *s, int i)
{
	int v = s->heap[i];
	while (i > 0) {
		int parent = (i - 1) / 2;
		if (!heap_less(s, v, s->heap[parent]))
			break;
		s->heap[i] = s->heap[parent];
		s->hpos[s->heap[i]] = i;
		i = parent;
	}
	s->heap[i] = v;
	s->hpos[v] = i;
}

static void heap_down(struct sat *s, int i)
{
	int v = s->heap[i];
	for (;;) {
		int c = 2 * i + 1;
		if (c >= s->nheap)
			break;
		if (c + 1 < s->nheap && heap_less(s, s->heap[c + 1], s->heap[c]))
			c++;
		if (!heap_less(s, s->heap[c], v))
			break;
		s->heap[i] = s->heap[c];
		s->hpos[s->heap[i]] = i;
		i = c;
	}
	s->heap[i] = v;
	s->hpos[v] = i;
}

static void heap_insert(struct sat *s, int v)
{
	if (s->hpos[v] >= 0)
		return;
	s->heap[s->nheap] = v;
	s->hpos[v] = s->nheap++;
	heap_up(s, s->nheap - 1);
}

static int heap_pop(struct sat *s)
{
	int v = s->heap[0];
	s->hpos[v] = -1;
	if (--s->nheap > 0) {
		s->heap[0] = s->heap[s->nheap];
		s->hpos[s->heap[0]] = 0;
		heap_down(s, 0);
	}
	return v;
}

static void bump_var(struct sat *s, int v)
{
	if ((s->act[v] += s->var_inc) > 1e100) {
		for (int k = 0; k < s->nvars; k++)
			s->act[k] *= 1e-100;
		s->var_inc *= 1e-100;
	}
	if (s->hpos[v] >= 0)
		heap_up(s, s->hpos[v]);
}

static void bump_clause(struct sat *s, uint32_t cref)
{
	float a = clause_act(s, cref) + (float)s->cla_inc;
	clause_set_act(s, cref, a);
	if (a > 1e20f) {
		for (size_t k = 0; k < s->learnts.n; k++) {
			uint32_t c = (uint32_t)s->learnts.a[k];
			clause_set_act(s, c, clause_act(s, c) * 1e-20f);
		}
		s->cla_inc *= 1e-20;
	}
}

/* ---- variables, assignment --------------------------------------------------------------- */

static int grow(void **p, size_t elem, size_t n)
{
	void *q = realloc(*p, elem * n);
	if (!q)
		return -1;
	*p = q;
	return 0;
}

int sat_new_var(struct sat *s)
{
	int v = s->nvars;
	if (v == s->capvars) {
		size_t cap = s->capvars ? 2 * (size_t)s->capvars : 64;
		if (grow((void **)&s->val, 1, 2 * cap) ||
		    grow((void **)&s->level, sizeof(int), cap) ||
		    grow((void **)&s->reason, sizeof(int), cap) ||
		    grow((void **)&s->tpos, sizeof(int), cap) || grow((void **)&s->phase, 1, cap) ||
		    grow((void **)&s->act, sizeof(double), cap) ||
		    grow((void **)&s->trail, sizeof(int), cap) ||
		    grow((void **)&s->lim, sizeof(int), cap + 1) ||
		    grow((void **)&s->heap, sizeof(int), cap) ||
		    grow((void **)&s->hpos, sizeof(int), cap) ||
		    grow((void **)&s->watches, sizeof(struct sat_wvec), 2 * cap) ||
		    grow((void **)&s->occ, sizeof(struct sat_vec), 2 * cap) ||
		    grow((void **)&s->bins, sizeof(struct sat_vec), 2 * cap) ||
		    grow((void **)&s->seen, 1, cap) ||
		    grow((void **)&s->lvlseen, sizeof(int), cap + 1)) {
			s->failed = 1;
			return -1;
		}
		s->capvars = (int)cap;
	}
	s->val[2 * v] = s->val[2 * v + 1] = 0;
	s->level[v] = 0;
	s->reason[v] = REASON_NONE;
	s->tpos[v] = -1;
	s->phase[v] = 0;
	s->act[v] = 0;
	s->hpos[v] = -1;
	s->seen[v] = 0;
	s->lvlseen[v] = 0;
	s->lvlseen[v + 1] = 0;
	memset(&s->watches[2 * v], 0, 2 * sizeof(struct sat_wvec));
	memset(&s->occ[2 * v], 0, 2 * sizeof(struct sat_vec));
	memset(&s->bins[2 * v], 0, 2 * sizeof(struct sat_vec));
	s->nvars++;
	heap_insert(s, v);
	return v;
}

void sat_set_phase(struct sat *s, int v, int positive)
{
	s->phase[v] = (signed char)(positive != 0);
}

int sat_value(const struct sat *s, int v)
{
	return s->val[2 * v] == 1;
}

static void enqueue(struct sat *s, int lit, int reason)
{
	int v = lit >> 1;
	s->val[lit] = 1;
	s->val[lit ^ 1] = -1;
	s->level[v] = s->nlim;
	s->reason[v] = reason;
	s->tpos[v] = s->ntrail;
	s->trail[s->ntrail++] = lit;
	const struct sat_vec *o = &s->occ[lit];
	for (size_t k = 0; k < o->n; k++)
		s->cards[o->a[k]].cnt++;
}

static void cancel_until(struct sat *s, int level)
{
	if (s->nlim <= level)
		return;
	for (int i = s->ntrail - 1; i >= s->lim[level]; i--) {
		int lit = s->trail[i], v = lit >> 1;
		s->phase[v] = (signed char)!(lit & 1);
		s->val[lit] = s->val[lit ^ 1] = 0;
		s->reason[v] = REASON_NONE;
		const struct sat_vec *o = &s->occ[lit];
		for (size_t k = 0; k < o->n; k++)
			s->cards[o->a[k]].cnt--;
		heap_insert(s, v);
	}
	s->ntrail = s->lim[level];
	s->qhead = s->ntrail;
	s->nlim = level;
}

/* ---- propagation ----------------------------------------------------------------------- */

/* Card c is full: its literals not yet assigned become false. */
static void card_fill(struct sat *s, int c)
{
	const struct sat_card *cd = &s->cards[c];
	const int *l = s->cardlits.a + cd->off;
	for (size_t k = 0; k < cd->n; k++)
		if (!s->val[l[k]])
			enqueue(s, l[k] ^ 1, R_CARD(c));
}

/* Unit propagation of the trail from qhead on; returns the conflict, or REASON_NONE. */
static int propagate(struct sat *s)
{
	while (s->qhead < s->ntrail) {
		int p = s->trail[s->qhead++], fl = p ^ 1;
		s->propagations++;
		const struct sat_vec *o = &s->occ[p];
		for (size_t k = 0; k < o->n; k++) {
			int c = o->a[k];
			if (s->cards[c].cnt > s->cards[c].k) {
				s->qhead = s->ntrail;
				return R_CARD(c);
			}
			if (s->cards[c].cnt == s->cards[c].k)
				card_fill(s, c);
		}
		const struct sat_vec *bl = &s->bins[p];
		for (size_t k = 0; k < bl->n; k++) {
			int q = bl->a[k];
			if (s->val[q] == 1)
				continue;
			if (s->val[q] == -1) {
				s->bconfl = q;
				s->qhead = s->ntrail;
				return R_BIN(fl);
			}
			enqueue(s, q, R_BIN(fl));
		}
		struct sat_wvec *ws = &s->watches[p];
		size_t i = 0, j = 0;
		int confl = REASON_NONE;
		while (i < ws->n) {
			struct sat_watch w = ws->a[i];
			if (s->val[w.blocker] == 1) {
				ws->a[j++] = ws->a[i++];
				continue;
			}
			int *c = clause_lits(s, w.cref);
			if (c[0] == fl)
				c[0] = c[1], c[1] = fl;
			i++;
			int first = c[0];
			if (first != w.blocker && s->val[first] == 1) {
				ws->a[j++] = (struct sat_watch){w.cref, first};
				continue;
			}
			uint32_t size = s->mem[w.cref];
			int moved = 0;
			for (uint32_t k = 2; k < size; k++)
				if (s->val[c[k]] != -1) {
					c[1] = c[k], c[k] = fl;
					if (watch_push(s, c[1] ^ 1, w.cref, first))
						return REASON_NONE;
					moved = 1;
					break;
				}
			if (moved)
				continue;
			ws->a[j++] = (struct sat_watch){w.cref, first};
			if (s->val[first] == -1) {
				confl = R_CLAUSE(w.cref);
				s->qhead = s->ntrail;
				while (i < ws->n)
					ws->a[j++] = ws->a[i++];
				break;
			}
			enqueue(s, first, R_CLAUSE(w.cref));
		}
		ws->n = j;
		if (confl != REASON_NONE)
			return confl;
	}
	return REASON_NONE;
}

/* The clause behind a reason or a conflict, into s->expl: for a card, the implied literal of
 * v first (v < 0: a conflict) and the negations of its literals true before it; for a clause,
 * its literals (the implied one first). Returns the literals. */
static const int *explain(struct sat *s, int r, int v, size_t *n)
{
	if (KIND(r) == 0) {
		*n = s->mem[ARG(r)];
		return clause_lits(s, (uint32_t)ARG(r));
	}
	if (KIND(r) == 2) {
		s->bin2[0] = v < 0 ? s->bconfl : (s->val[2 * v] == 1 ? 2 * v : 2 * v + 1);
		s->bin2[1] = ARG(r);
		*n = 2;
		return s->bin2;
	}
	const struct sat_card *cd = &s->cards[ARG(r)];
	const int *l = s->cardlits.a + cd->off;
	s->expl.n = 0;
	if (v >= 0)
		vec_push(s, &s->expl, s->val[2 * v] == 1 ? 2 * v : 2 * v + 1);
	for (size_t k = 0; k < cd->n; k++)
		if (s->val[l[k]] == 1 && (v < 0 || s->tpos[l[k] >> 1] < s->tpos[v]))
			vec_push(s, &s->expl, l[k] ^ 1);
	*n = s->expl.n;
	return s->expl.a;
}

/* ---- clauses ------------------------------------------------------------------------------ */

static int64_t alloc_clause(struct sat *s, const int *lits, size_t n, int learnt, int lbd)
{
	if (n == 2) /* kept apart, never deleted: a watch holds the whole clause */
		return vec_push(s, &s->bins[lits[0] ^ 1], lits[1]) ||
				       vec_push(s, &s->bins[lits[1] ^ 1], lits[0])
			       ? -1
			       : 0;
	size_t need = s->nmem + SAT_HDR + n;
	if (need >= MEM_MAX) {
		s->failed = 1;
		return -1;
	}
	if (need > s->capmem) {
		size_t cap = need * 2 + 1024;
		uint32_t *m = realloc(s->mem, cap * sizeof(*m));
		if (!m) {
			s->failed = 1;
			return -1;
		}
		s->mem = m, s->capmem = cap;
	}
	uint32_t cref = (uint32_t)s->nmem;
	s->mem[cref] = (uint32_t)n;
	s->mem[cref + 1] = (uint32_t)(learnt | lbd << 2);
	clause_set_act(s, cref, 0);
	memcpy(s->mem + cref + SAT_HDR, lits, n * sizeof(int));
	s->nmem = need;
	if (watch_push(s, lits[0] ^ 1, cref, lits[1]) || watch_push(s, lits[1] ^ 1, cref, lits[0]))
		return -1;
	if (learnt && vec_push(s, &s->learnts, (int)cref))
		return -1;
	return cref;
}

int sat_add_clause(struct sat *s, const int *lits, size_t n)
{
	cancel_until(s, 0);
	if (!s->ok)
		return 0;
	s->learnt.n = 0;
	for (size_t k = 0; k < n; k++) {
		int l = lits[k], dup = 0;
		if (s->val[l] == 1)
			return 0; /* satisfied at the root */
		if (s->val[l] == -1)
			continue;
		for (size_t j = 0; j < s->learnt.n && !dup; j++) {
			if (s->learnt.a[j] == (l ^ 1))
				return 0; /* a tautology */
			dup = s->learnt.a[j] == l;
		}
		if (!dup && vec_push(s, &s->learnt, l))
			return -1;
	}
	if (s->learnt.n == 0) {
		s->ok = 0;
		return 0;
	}
	if (s->learnt.n == 1) {
		enqueue(s, s->learnt.a[0], REASON_NONE);
		if (propagate(s) != REASON_NONE)
			s->ok = 0;
		return s->failed ? -1 : 0;
	}
	return alloc_clause(s, s->learnt.a, s->learnt.n, 0, 0) < 0 ? -1 : 0;
}

int sat_add_atmost(struct sat *s, const int *lits, size_t n, int k)
{
	cancel_until(s, 0);
	if (s->ncards == s->capcards) {
		size_t cap = s->capcards * 2 + 16;
		struct sat_card *c = realloc(s->cards, cap * sizeof(*c));
		if (!c) {
			s->failed = 1;
			return -1;
		}
		s->cards = c, s->capcards = cap;
	}
	int c = (int)s->ncards++;
	struct sat_card *cd = &s->cards[c];
	cd->k = k, cd->cnt = 0, cd->off = s->cardlits.n, cd->n = n;
	for (size_t j = 0; j < n; j++) {
		if (vec_push(s, &s->cardlits, lits[j]) || vec_push(s, &s->occ[lits[j]], c))
			return -1;
		cd = &s->cards[c];
		cd->cnt += s->val[lits[j]] == 1;
	}
	if (!s->ok)
		return c;
	if (k < 0 || cd->cnt > k) {
		s->ok = 0;
		return c;
	}
	if (cd->cnt == k) {
		card_fill(s, c);
		if (propagate(s) != REASON_NONE)
			s->ok = 0;
	}
	return s->failed ? -1 : c;
}

/* ---- conflict analysis --------------------------------------------------------------------- */

/* Whether the literal of the learnt clause at q is implied by the others (its reason's
 * literals are all in the clause or fixed at the root): it can go. */
static int redundant(struct sat *s, int q)
{
	int v = q >> 1, r = s->reason[v];
	if (r == REASON_NONE)
		return 0;
	size_t n;
	const int *l = explain(s, r, v, &n);
	for (size_t k = 1; k < n; k++) {
		int u = l[k] >> 1;
		if (!s->seen[u] && s->level[u] > 0)
			return 0;
	}
	return 1;
}

/* First-UIP analysis of conflict confl: the learnt clause into s->learnt (the asserting
 * literal first, one of the highest other level second); returns the level to go back to and
 * its literal block distance in *lbd. */
static int analyze(struct sat *s, int confl, int *lbd)
{
	int pathc = 0, p = -1, idx = s->ntrail - 1;
	s->learnt.n = 0;
	vec_push(s, &s->learnt, -1);
	s->toclear.n = 0;
	do {
		size_t n;
		const int *l = explain(s, confl, p < 0 ? -1 : p >> 1, &n);
		if (KIND(confl) == 0 && (s->mem[ARG(confl) + 1] & 1))
			bump_clause(s, (uint32_t)ARG(confl));
		for (size_t k = p < 0 ? 0 : 1; k < n; k++) {
			int q = l[k], v = q >> 1;
			if (s->seen[v] || s->level[v] == 0)
				continue;
			bump_var(s, v);
			s->seen[v] = 1;
			vec_push(s, &s->toclear, v);
			if (s->level[v] >= s->nlim)
				pathc++;
			else
				vec_push(s, &s->learnt, q);
		}
		while (!s->seen[s->trail[idx] >> 1])
			idx--;
		p = s->trail[idx--];
		confl = s->reason[p >> 1];
		s->seen[p >> 1] = 0;
		pathc--;
	} while (pathc > 0);
	s->learnt.a[0] = p ^ 1;
	/* drop the literals the others imply */
	size_t j = 1;
	for (size_t k = 1; k < s->learnt.n; k++)
		if (!redundant(s, s->learnt.a[k]))
			s->learnt.a[j++] = s->learnt.a[k];
	s->learnt.n = j;
	for (size_t k = 0; k < s->toclear.n; k++)
		s->seen[s->toclear.a[k]] = 0;
	/* the level to go back to: the highest of the rest, whose literal goes second */
	int bt = 0;
	if (s->learnt.n > 1) {
		size_t at = 1;
		for (size_t k = 2; k < s->learnt.n; k++)
			if (s->level[s->learnt.a[k] >> 1] > s->level[s->learnt.a[at] >> 1])
				at = k;
		int t = s->learnt.a[1];
		s->learnt.a[1] = s->learnt.a[at], s->learnt.a[at] = t;
		bt = s->level[s->learnt.a[1] >> 1];
	}
	/* literal block distance: the distinct levels, stamped with the conflict count */
	int stamp = (int)(s->conflicts & 0x3fffffff) + 1, d = 0;
	for (size_t k = 0; k < s->learnt.n; k++) {
		int lv = s->level[s->learnt.a[k] >> 1];
		if (s->lvlseen[lv] != stamp)
			s->lvlseen[lv] = stamp, d++;
	}
	*lbd = d;
	return bt;
}

/* ---- the learnt clause database ---------------------------------------------------------- */

static int locked(const struct sat *s, uint32_t cref)
{
	int l0 = clause_lits(s, cref)[0];
	return s->val[l0] == 1 && s->reason[l0 >> 1] == R_CLAUSE(cref);
}

static int by_quality(const void *x, const void *y, void *ctx)
{
	const struct sat *sort_ctx = ctx;
	uint32_t a = (uint32_t) * (const int *)x, b = (uint32_t) * (const int *)y;
	uint32_t la = sort_ctx->mem[a + 1] >> 2, lb = sort_ctx->mem[b + 1] >> 2;
	if (la != lb)
		return la < lb ? -1 : 1;
	float fa = clause_act(sort_ctx, a), fb = clause_act(sort_ctx, b);
	if (fa != fb)
		return fa > fb ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* Keeps the better half of the learnt clauses (and every one of distance 2 or less, and the
 * reasons of the trail), then compacts the clause memory and rebuilds the watches. */
static void reduce_db(struct sat *s)
{
	qsort_r(s->learnts.a, s->learnts.n, sizeof(int), by_quality, s);
	for (size_t k = s->learnts.n / 2; k < s->learnts.n; k++) {
		uint32_t c = (uint32_t)s->learnts.a[k];
		if ((s->mem[c + 1] >> 2) > 2 && !locked(s, c))
			s->mem[c + 1] |= 2; /* deleted */
	}
	uint32_t *mem = malloc((s->nmem + 1) * sizeof(*mem));
	if (!mem) { /* no room to compact: the deleted ones stay, unwatched never */
		for (size_t k = 0; k < s->learnts.n; k++)
			s->mem[(uint32_t)s->learnts.a[k] + 1] &= ~2u;
		return;
	}
	/* each live clause into the new memory; its old activity word keeps where it went */
	size_t to = 0;
	for (size_t c = 0; c < s->nmem; c += s->mem[c] + SAT_HDR) {
		size_t size = s->mem[c] + SAT_HDR;
		if (s->mem[c + 1] & 2)
			continue;
		memcpy(mem + to, s->mem + c, size * sizeof(*mem));
		s->mem[c + 2] = (uint32_t)to;
		to += size;
	}
	size_t j = 0;
	for (size_t k = 0; k < s->learnts.n; k++) {
		uint32_t c = (uint32_t)s->learnts.a[k];
		if (!(s->mem[c + 1] & 2))
			s->learnts.a[j++] = (int)s->mem[c + 2];
	}
	s->learnts.n = j;
	for (int i = 0; i < s->ntrail; i++) {
		int v = s->trail[i] >> 1, r = s->reason[v];
		if (r != REASON_NONE && KIND(r) == 0)
			s->reason[v] = R_CLAUSE(s->mem[ARG(r) + 2]);
	}
	s->capmem = s->nmem + 1;
	free(s->mem);
	s->mem = mem, s->nmem = to;
	for (int l = 0; l < 2 * s->nvars; l++)
		s->watches[l].n = 0;
	for (size_t c = 0; c < s->nmem; c += s->mem[c] + SAT_HDR) {
		const int *l = clause_lits(s, (uint32_t)c);
		watch_push(s, l[0] ^ 1, (uint32_t)c, l[1]);
		watch_push(s, l[1] ^ 1, (uint32_t)c, l[0]);
	}
}

static unsigned long luby(unsigned long i)
{
	/* the i-th element (from 0) of 1 1 2 1 1 2 4 1 1 2 ... */
	unsigned long size = 1, seq = 0;
	while (size < i + 1)
		seq++, size = 2 * size + 1;
	while (size - 1 != i) {
		size = (size - 1) >> 1;
		seq--;
		i %= size;
	}
	return 1UL << seq;
}

enum sat_status sat_solve(struct sat *s, unsigned long max_work, int (*stop)(void *ctx), void *ctx)
{
	cancel_until(s, 0);
	if (!s->ok || s->failed)
		return s->ok ? SAT_UNKNOWN : SAT_UNSAT;
	if (propagate(s) != REASON_NONE) {
		s->ok = 0;
		return SAT_UNSAT;
	}
	unsigned long start = s->propagations;
	for (unsigned long restart = 0;; restart++) {
		unsigned long limit = luby(restart) * SAT_RESTART, nconf = 0;
		for (;;) {
			if (s->failed) {
				cancel_until(s, 0);
				return SAT_UNKNOWN;
			}
			int confl = propagate(s);
			if (confl != REASON_NONE) {
				s->conflicts++, nconf++;
				if (s->nlim == 0) {
					s->ok = 0;
					return SAT_UNSAT;
				}
				int lbd, bt = analyze(s, confl, &lbd);
				cancel_until(s, bt);
				if (s->learnt.n == 1) {
					enqueue(s, s->learnt.a[0], REASON_NONE);
				} else {
					int64_t c =
						alloc_clause(s, s->learnt.a, s->learnt.n, 1, lbd);
					if (c < 0)
						continue;
					if (s->learnt.n > 2)
						bump_clause(s, (uint32_t)c);
					enqueue(s, s->learnt.a[0],
						s->learnt.n == 2 ? R_BIN(s->learnt.a[1])
								 : R_CLAUSE(c));
				}
				s->var_inc /= SAT_VAR_DECAY;
				s->cla_inc /= SAT_CLA_DECAY;
				if (s->propagations - start >= max_work ||
				    ((s->conflicts & 63) == 0 && stop && stop(ctx))) {
					cancel_until(s, 0);
					return SAT_UNKNOWN;
				}
				continue;
			}
			if (nconf >= limit) {
				cancel_until(s, 0);
				break;
			}
			if (s->conflicts >= s->next_reduce) {
				s->next_reduce =
					s->conflicts + SAT_REDUCE + SAT_REDUCE_STEP * ++s->nreduce;
				reduce_db(s);
			}
			int v = -1;
			while (s->nheap > 0) {
				int u = heap_pop(s);
				if (!s->val[2 * u]) {
					v = u;
					break;
				}
			}
			if (v < 0)
				return SAT_SAT;
			s->decisions++;
			s->lim[s->nlim++] = s->ntrail;
			enqueue(s, sat_lit(v, s->phase[v]), REASON_NONE);
		}
	}
}
