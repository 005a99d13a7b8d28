/* schedule_state.c - the scheduler's working state: loads, busy masks and breaks kept up
 * to date as meetings go in and out, what a slot allows, and the cost the phases compare. */
#include <stdlib.h>
#include <string.h>

#include "schedule_state.h"

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
enum sched_reason sched_fits(const struct state *s, int m, int t, int *ip)
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

void sched_place(struct state *s, int m, int t, int ip)
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

void sched_unplace(struct state *s, int m)
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

/* The spread of break counts: the most a participant has less the fewest. */
long sched_spread_of(const struct state *s)
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
long sched_over_of(const struct state *s)
{
	long spread = sched_spread_of(s);
	return s->in->fairness >= 0 && spread > s->in->fairness ? spread - s->in->fairness : 0;
}

struct cost sched_cost_of(const struct state *s)
{
	long spread = sched_spread_of(s);
	long over = s->in->fairness >= 0 && spread > s->in->fairness ? spread - s->in->fairness : 0;
	return (struct cost){s->excess,	      over,   s->weight,    s->moved,
			     s->total_breaks, spread, s->total_idle};
}

/* Whether x is strictly better than y. */
int sched_better(const struct cost *x, const struct cost *y)
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

void sched_measure_state(const struct state *s, struct sched_result *out)
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

/* The bookkeeping every schedule needs, allocated in a: loads, busy masks, the sessions as
 * spans, each participant's meetings. With pools (pool lists, the unplaced list, the
 * histogram) when search is set; sched_measure needs none of those. Returns 0 or -1. */
int sched_state_init(struct state *s, const struct sched_instance *in, struct arena *a, int search)
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

/* The schedule of best (slot and interpreter per meeting) into s. */
void sched_restore(struct state *s, const int *best, const int *best_ip)
{
	size_t nm = s->in->nmeetings;
	for (size_t m = 0; m < nm; m++)
		sched_unplace(s, (int)m);
	for (size_t m = 0; m < nm; m++)
		if (best[m] >= 0)
			sched_place(s, (int)m, best[m], best_ip[m]);
}
