/* schedule_lp.c - a scheduler instance as an integer program in LP format, for a reference
 * solver (CBC) to run on the same instance.
 *
 * Variables: x_m_t (binary), meeting m in slot t; z_m_t_i (binary), and interpreter i
 * interprets it, only for the slots open to m (both sides available, among the meeting's
 * slots, and an interpreter who serves it available when it needs one). Every hard
 * constraint of docs/schedule-format.md is a row: a meeting at most once (a pinned one
 * exactly once, at its slot; left out when that slot is closed to it, as the scheduler's
 * pin_conflict; pins that exclude each other make the program infeasible), a participant's
 * tables' worth of meetings per slot, caps, the pool's tables, walking, interpreters.
 *
 * Objective (1), the weight placed, alone for large instances. For small ones (at most
 * SCHEDULE_LP_BREAKS_MEETINGS meetings) also (2), the breaks, lexicographically: maximise
 * M * weight - breaks, with M one more than the most breaks any schedule can have, so that
 * one unit of weight outweighs every break. A break is a maximal run of slots without a
 * meeting between two meetings of one participant in one session, so a participant's breaks
 * in a session are its runs of busy slots less one (none when it has no meeting there):
 *
 *   y_p_t   p is busy in slot t: = the sum of its x in t (at most one table), or, for a
 *           k-table booth, binary with y <= sum x <= k y;
 *   r_p_t   a run of busy slots starts at t: r >= y_p_t - y_p_(t-1) (y of the slot before t
 *           in its session, 0 at a session's first slot), r >= 0;
 *   a_p_s   p has a meeting in session s: a <= sum over s of y_p_t, a <= 1;
 *   breaks  = the sum of r less the sum of a.
 *
 * Minimising breaks pushes r down onto max(0, y_t - y_(t-1)) and a up onto min(1, sum y), so
 * at an optimum the breaks are exact. When the instance has a fairness bound d, breaks also
 * appear in rows that a solver could satisfy by inflating them, so r and a are then pinned
 * from both sides (r <= y_t, r <= 1 - y_(t-1), a >= y_t, both binary) and the bound is
 * written: h_p (binary) p has a meeting; bmax >= breaks_p for every p; bmin <= breaks_p +
 * nslots (1 - h_p); bmax - bmin <= d. Large instances get no fairness rows (they have no
 * break variables to bound).
 *
 * The walking rows forbid two meetings of a participant at venues v, w with fewer than
 * walk(v, w) slots between them; the rule counts free slots between them, which is the same
 * with two venues (a meeting in between is at one of them, too close to the other) but not
 * with three or more venues whose walks break the triangle inequality. */
#include <stdlib.h>

#include "schedule_lp.h"

static int flag(const uint8_t *flags, size_t t)
{
	return !flags || flags[t];
}

/* Whether meeting m may take slot t at all: both sides and the meeting allow it. */
static int open_slot(const struct sched_instance *in, size_t m, size_t t)
{
	const struct sched_meeting *mt = &in->meetings[m];
	if (mt->pinned >= 0 && (size_t)mt->pinned != t)
		return 0;
	return flag(mt->allowed, t) && flag(in->participants[mt->a].available, t) &&
	       flag(in->participants[mt->b].available, t);
}

/* One constraint (or the objective), written only when it binds (more terms than its bound
 * allows) unless told always. */
struct row {
	struct strbuf terms;
	size_t n;
};

static void term(struct row *r, long coef, const char *var)
{
	const char *sep = r->n && r->n % 8 == 0 ? "\n" : "";
	if (coef < 0)
		strbuf_addf(&r->terms, "%s - ", r->n ? sep : "");
	else if (r->n)
		strbuf_addf(&r->terms, "%s + ", sep);
	if (coef != 1 && coef != -1)
		strbuf_addf(&r->terms, "%ld ", coef < 0 ? -coef : coef);
	strbuf_addstr(&r->terms, var);
	r->n++;
}

static void add(struct row *r, const char *var)
{
	term(r, 1, var);
}

static void emit(struct strbuf *out, struct row *r, const char *name, const char *op, long rhs,
		 int always)
{
	if (r->n && (always || r->n > (size_t)rhs))
		strbuf_addf(out, " %s: %s %s %ld\n", name, r->terms.buf, op, rhs);
	strbuf_reset(&r->terms);
	r->n = 0;
}

/* What the rows are built from: per participant the meetings it is in, per meeting that
 * needs an interpreter the interpreters that can serve it, and the open slots. */
struct lp {
	const struct sched_instance *in;
	uint8_t *open;	 /* nmeetings × nslots */
	size_t *pm, *po; /* participant p's meetings: pm[po[p] .. po[p+1]) */
	uint8_t *needs;	 /* per meeting */
	uint8_t *serve;	 /* nmeetings × ninterpreters, set only where needs */
	uint8_t *can;	 /* nparticipants × nslots: p may be busy in t */
	size_t *first;	 /* per slot: the first slot of its session */
};

static int serves(const struct lp *L, size_t m, size_t i, size_t t)
{
	return L->serve[m * L->in->ninterpreters + i] && flag(L->in->interpreters[i].available, t);
}

static void lp_release(struct lp *L)
{
	free(L->open), free(L->pm), free(L->po), free(L->needs), free(L->serve), free(L->can),
		free(L->first);
}

static int lp_init(struct lp *L, const struct sched_instance *in)
{
	size_t nm = in->nmeetings, ns = in->nslots, np = in->nparticipants, ni = in->ninterpreters;
	*L = (struct lp){.in = in};
	L->open = malloc(nm * ns + 1);
	L->po = calloc(np + 2, sizeof(*L->po));
	L->pm = malloc((2 * nm + 1) * sizeof(*L->pm));
	L->needs = malloc(nm + 1);
	L->serve = calloc(nm * ni + 1, 1);
	L->can = calloc(np * ns + 1, 1);
	L->first = malloc((ns + 1) * sizeof(*L->first));
	if (!L->open || !L->po || !L->pm || !L->needs || !L->serve || !L->can || !L->first)
		return -1;
	for (size_t m = 0; m < nm; m++) {
		const struct sched_meeting *mt = &in->meetings[m];
		for (size_t t = 0; t < ns; t++)
			L->open[m * ns + t] = (uint8_t)open_slot(in, m, t);
		L->needs[m] = (uint8_t)sched_needs_interpreter(in, mt);
		for (size_t i = 0; L->needs[m] && i < ni; i++)
			L->serve[m * ni + i] =
				(uint8_t)sched_interpreter_serves(in, &in->interpreters[i], mt);
		/* a slot in which no interpreter can serve a meeting that needs one is closed to
		 * it, as one its sides are away in: a pin there is left out, like the scheduler's
		 * pin_conflict */
		for (size_t t = 0; L->needs[m] && t < ns; t++) {
			int any = 0;
			for (size_t i = 0; !any && i < ni; i++)
				any = L->serve[m * ni + i] &&
				      flag(in->interpreters[i].available, t);
			L->open[m * ns + t] &= (uint8_t)any;
		}
		L->po[mt->a + 2]++;
		if (mt->b != mt->a)
			L->po[mt->b + 2]++;
	}
	for (size_t p = 0; p < np; p++) /* po[p + 2]: counts; po[p + 1]: starts, then ends */
		L->po[p + 2] += L->po[p + 1];
	for (size_t m = 0; m < nm; m++) {
		const struct sched_meeting *mt = &in->meetings[m];
		L->pm[L->po[mt->a + 1]++] = m;
		if (mt->b != mt->a)
			L->pm[L->po[mt->b + 1]++] = m;
	}
	for (size_t p = 0; p < np; p++)
		for (size_t k = L->po[p]; k < L->po[p + 1]; k++)
			for (size_t t = 0; t < ns; t++)
				L->can[p * ns + t] |= L->open[L->pm[k] * ns + t];
	for (size_t t = 0; t < ns; t++)
		L->first[t] = t && in->session[t] == in->session[t - 1] ? L->first[t - 1] : t;
	return 0;
}

/* The sum of p's meetings in slot t, into r. */
static void busy_terms(const struct lp *L, struct row *r, size_t p, size_t t, long coef)
{
	char var[64];
	for (size_t k = L->po[p]; k < L->po[p + 1]; k++)
		if (L->open[L->pm[k] * L->in->nslots + t]) {
			snprintf(var, sizeof(var), "x_%zu_%zu", L->pm[k], t);
			term(r, coef, var);
		}
}

/* The break terms of participant p (sum of r less sum of a), times coef, into r. */
static void break_terms(const struct lp *L, struct row *r, size_t p, long coef)
{
	char var[64];
	size_t ns = L->in->nslots;
	for (size_t t = 0; t < ns; t++) {
		if (!L->can[p * ns + t])
			continue;
		snprintf(var, sizeof(var), "r_%zu_%zu", p, t);
		term(r, coef, var);
	}
	for (size_t s = 0; s < ns; s++) {
		if (L->first[s] != s)
			continue;
		int any = 0;
		for (size_t t = s; t < ns && L->first[t] == s; t++)
			any |= L->can[p * ns + t];
		if (!any)
			continue;
		snprintf(var, sizeof(var), "a_%zu_%zu", p, s);
		term(r, -coef, var);
	}
}

/* The most breaks a schedule can give p: one less than its meetings, and per session of
 * length n at most (n - 1) / 2. */
static long most_breaks(const struct lp *L, size_t p)
{
	size_t ns = L->in->nslots;
	long by_slots = 0, by_meetings = (long)(L->po[p + 1] - L->po[p]) - 1;
	for (size_t s = 0; s < ns; s++) {
		if (L->first[s] != s)
			continue;
		size_t e = s;
		while (e < ns && L->first[e] == s)
			e++;
		by_slots += (long)(e - s - 1) / 2;
	}
	return by_meetings < 0 ? 0 : by_meetings < by_slots ? by_meetings : by_slots;
}

/* The rows that define y, r and a for participant p (breaks), exact when asked. */
static void break_rows(const struct lp *L, struct strbuf *out, struct row *r, size_t p, int exact)
{
	const struct sched_instance *in = L->in;
	size_t ns = in->nslots;
	long k = in->participants[p].tables > 1 ? in->participants[p].tables : 1;
	char var[64], name[64];
	for (size_t t = 0; t < ns; t++) {
		if (!L->can[p * ns + t])
			continue;
		snprintf(var, sizeof(var), "y_%zu_%zu", p, t);
		if (k == 1) { /* the busy row already bounds it by 1 */
			term(r, 1, var);
			busy_terms(L, r, p, t, -1);
			snprintf(name, sizeof(name), "yd_%zu_%zu", p, t);
			emit(out, r, name, "=", 0, 1);
		} else {
			busy_terms(L, r, p, t, 1);
			term(r, -k, var);
			snprintf(name, sizeof(name), "yl_%zu_%zu", p, t);
			emit(out, r, name, "<=", 0, 1);
			term(r, 1, var);
			busy_terms(L, r, p, t, -1);
			snprintf(name, sizeof(name), "yu_%zu_%zu", p, t);
			emit(out, r, name, "<=", 0, 1);
		}
		/* a run starts at t */
		int before = L->first[t] != t && L->can[p * ns + t - 1];
		char prev[64];
		snprintf(prev, sizeof(prev), "y_%zu_%zu", p, t - (t > 0));
		snprintf(var, sizeof(var), "r_%zu_%zu", p, t);
		term(r, 1, var);
		snprintf(name, sizeof(name), "y_%zu_%zu", p, t);
		term(r, -1, name);
		if (before)
			term(r, 1, prev);
		snprintf(name, sizeof(name), "rs_%zu_%zu", p, t);
		emit(out, r, name, ">=", 0, 1);
		if (exact) {
			term(r, 1, var);
			snprintf(name, sizeof(name), "y_%zu_%zu", p, t);
			term(r, -1, name);
			snprintf(name, sizeof(name), "ru_%zu_%zu", p, t);
			emit(out, r, name, "<=", 0, 1);
			if (before) {
				term(r, 1, var);
				term(r, 1, prev);
				snprintf(name, sizeof(name), "rv_%zu_%zu", p, t);
				emit(out, r, name, "<=", 1, 1);
			}
		}
	}
	/* a session with a meeting */
	for (size_t s = 0; s < ns; s++) {
		if (L->first[s] != s)
			continue;
		char a[64];
		snprintf(a, sizeof(a), "a_%zu_%zu", p, s);
		int any = 0;
		for (size_t t = s; t < ns && L->first[t] == s; t++) {
			if (!L->can[p * ns + t])
				continue;
			if (!any)
				term(r, 1, a);
			any = 1;
			snprintf(var, sizeof(var), "y_%zu_%zu", p, t);
			term(r, -1, var);
			if (exact) {
				struct row e = {STRBUF_INIT, 0};
				term(&e, 1, a);
				term(&e, -1, var);
				snprintf(name, sizeof(name), "al_%zu_%zu", p, t);
				emit(out, &e, name, ">=", 0, 1);
				strbuf_release(&e.terms);
			}
		}
		snprintf(name, sizeof(name), "as_%zu_%zu", p, s);
		emit(out, r, name, "<=", 0, 1);
	}
}

/* The declarations of p's break variables: with bounds, the Bounds lines (a <= 1 when not
 * exact); without, the Binary names (y at k-table booths; r and a when exact). */
static void break_vars(const struct lp *L, size_t p, struct strbuf *out, int exact, int bounds,
		       size_t *n)
{
	size_t ns = L->in->nslots;
	int k = L->in->participants[p].tables;
	for (size_t t = 0; t < ns; t++) {
		if (!L->can[p * ns + t])
			continue;
		if (!bounds && k > 1)
			strbuf_addf(out, " y_%zu_%zu%s", p, t, ++*n % 10 ? "" : "\n");
		if (!bounds && exact)
			strbuf_addf(out, " r_%zu_%zu%s", p, t, ++*n % 10 ? "" : "\n");
	}
	for (size_t s = 0; s < ns; s++) {
		if (L->first[s] != s)
			continue;
		int any = 0;
		for (size_t t = s; t < ns && L->first[t] == s; t++)
			any |= L->can[p * ns + t];
		if (!any)
			continue;
		if (bounds && !exact)
			strbuf_addf(out, " a_%zu_%zu <= 1\n", p, s);
		else if (!bounds && exact)
			strbuf_addf(out, " a_%zu_%zu%s", p, s, ++*n % 10 ? "" : "\n");
	}
}

int schedule_lp(const struct sched_instance *in, struct strbuf *out)
{
	struct lp L;
	struct row r = {STRBUF_INIT, 0};
	char var[80], name[64];
	size_t nm = in->nmeetings, ns = in->nslots, np = in->nparticipants;
	if (lp_init(&L, in)) {
		lp_release(&L);
		return -1;
	}
	int breaks = nm <= SCHEDULE_LP_BREAKS_MEETINGS;
	int exact = breaks && in->fairness >= 0;
	long M = 1;
	for (size_t p = 0; breaks && p < np; p++)
		M += most_breaks(&L, p);

	if (breaks)
		strbuf_addf(out,
			    "\\ Roadshow meeting schedule: objective (1) then (2), as %ld weight - "
			    "breaks\n\\ weight multiplier: %ld\n",
			    M, M);
	else
		strbuf_addstr(out, "\\ Roadshow meeting schedule: objective (1), the weight "
				   "placed\n\\ weight multiplier: 1\n");
	for (size_t m = 0; m < nm; m++)
		for (size_t t = 0; t < ns; t++)
			if (L.open[m * ns + t]) {
				snprintf(var, sizeof(var), "x_%zu_%zu", m, t);
				term(&r, M * in->meetings[m].weight, var);
			}
	for (size_t p = 0; breaks && p < np; p++)
		break_terms(&L, &r, p, -1);
	strbuf_addf(out, "Maximize\n obj: %s\nSubject To\n", r.n ? r.terms.buf : "0 x_none");
	strbuf_reset(&r.terms);
	r.n = 0;
	/* each meeting at most once; a pinned one at its slot */
	for (size_t m = 0; m < nm; m++) {
		for (size_t t = 0; t < ns; t++)
			if (L.open[m * ns + t]) {
				snprintf(var, sizeof(var), "x_%zu_%zu", m, t);
				add(&r, var);
			}
		snprintf(name, sizeof(name), "once_%zu", m);
		emit(out, &r, name, in->meetings[m].pinned >= 0 ? "=" : "<=", 1, 1);
	}
	/* a participant: its tables' worth of meetings per slot, and its cap */
	for (size_t p = 0; p < np; p++) {
		const struct sched_participant *pp = &in->participants[p];
		for (size_t t = 0; t < ns; t++) {
			busy_terms(&L, &r, p, t, 1);
			snprintf(name, sizeof(name), "busy_%zu_%zu", p, t);
			emit(out, &r, name, "<=", pp->tables > 1 ? pp->tables : 1, 0);
		}
		if (pp->cap < 0)
			continue;
		for (size_t t = 0; t < ns; t++)
			busy_terms(&L, &r, p, t, 1);
		snprintf(name, sizeof(name), "cap_%zu", p);
		emit(out, &r, name, "<=", pp->cap, 0);
	}
	/* the shared pool of tables, per slot */
	for (size_t t = 0; t < ns; t++) {
		for (size_t m = 0; m < nm; m++)
			if (in->participants[in->meetings[m].a].tables == 0 && L.open[m * ns + t]) {
				snprintf(var, sizeof(var), "x_%zu_%zu", m, t);
				add(&r, var);
			}
		snprintf(name, sizeof(name), "pool_%zu", t);
		emit(out, &r, name, "<=", in->pool_tables, 0);
	}
	/* walking: two meetings of one participant (at most one table) in one session, at venues
	 * too far apart for the slots between them, are not both held */
	size_t k = 0;
	for (size_t p = 0; in->walk && p < np; p++) {
		if (in->participants[p].tables > 1)
			continue;
		for (size_t k1 = L.po[p]; k1 < L.po[p + 1]; k1++)
			for (size_t k2 = k1 + 1; k2 < L.po[p + 1]; k2++) {
				size_t m1 = L.pm[k1], m2 = L.pm[k2];
				int v = in->participants[in->meetings[m1].a].venue;
				int w = in->participants[in->meetings[m2].a].venue;
				int need = v < 0 || w < 0 || v == w
						   ? 0
						   : in->walk[(size_t)v * in->nvenues + (size_t)w];
				for (size_t t1 = 0; need > 0 && t1 < ns; t1++) {
					if (!L.open[m1 * ns + t1])
						continue;
					size_t lo = t1 > (size_t)need ? t1 - (size_t)need : 0;
					for (size_t t2 = lo; t2 <= t1 + (size_t)need && t2 < ns;
					     t2++) {
						if (t1 == t2 ||
						    in->session[t1] != in->session[t2] ||
						    !L.open[m2 * ns + t2])
							continue;
						strbuf_addf(
							out,
							" walk_%zu: x_%zu_%zu + x_%zu_%zu <= 1\n",
							k++, m1, t1, m2, t2);
					}
				}
			}
	}
	/* interpreters: a meeting that needs one has one, and one does one meeting a slot */
	for (size_t m = 0; m < nm; m++) {
		if (!L.needs[m])
			continue;
		for (size_t t = 0; t < ns; t++) {
			if (!L.open[m * ns + t])
				continue;
			for (size_t i = 0; i < in->ninterpreters; i++)
				if (serves(&L, m, i, t)) {
					snprintf(var, sizeof(var), "z_%zu_%zu_%zu", m, t, i);
					add(&r, var);
				}
			snprintf(name, sizeof(name), "interp_%zu_%zu", m, t);
			strbuf_addf(&r.terms, " - x_%zu_%zu", m, t);
			emit(out, &r, name, ">=", 0, 1);
		}
	}
	for (size_t i = 0; i < in->ninterpreters; i++)
		for (size_t t = 0; t < ns; t++) {
			for (size_t m = 0; m < nm; m++)
				if (L.needs[m] && L.open[m * ns + t] && serves(&L, m, i, t)) {
					snprintf(var, sizeof(var), "z_%zu_%zu_%zu", m, t, i);
					add(&r, var);
				}
			snprintf(name, sizeof(name), "one_%zu_%zu", i, t);
			emit(out, &r, name, "<=", 1, 0);
		}
	/* (2): the breaks, and the fairness bound on them */
	for (size_t p = 0; breaks && p < np; p++)
		break_rows(&L, out, &r, p, exact);
	for (size_t p = 0; exact && p < np; p++) {
		if (L.po[p] == L.po[p + 1])
			continue;
		snprintf(var, sizeof(var), "h_%zu", p);
		for (size_t s = 0; s < ns; s++) { /* h is whether any a is */
			if (L.first[s] != s)
				continue;
			int any = 0;
			for (size_t t = s; t < ns && L.first[t] == s; t++)
				any |= L.can[p * ns + t];
			if (!any)
				continue;
			term(&r, 1, var);
			snprintf(name, sizeof(name), "a_%zu_%zu", p, s);
			term(&r, -1, name);
			snprintf(name, sizeof(name), "hl_%zu_%zu", p, s);
			emit(out, &r, name, ">=", 0, 1);
		}
		term(&r, 1, var);
		for (size_t s = 0; s < ns; s++)
			if (L.first[s] == s) {
				int any = 0;
				for (size_t t = s; t < ns && L.first[t] == s; t++)
					any |= L.can[p * ns + t];
				if (!any)
					continue;
				snprintf(name, sizeof(name), "a_%zu_%zu", p, s);
				term(&r, -1, name);
			}
		snprintf(name, sizeof(name), "hu_%zu", p);
		emit(out, &r, name, "<=", 0, 1);
		term(&r, 1, "bmax");
		break_terms(&L, &r, p, -1);
		snprintf(name, sizeof(name), "fmax_%zu", p);
		emit(out, &r, name, ">=", 0, 1);
		term(&r, 1, "bmin");
		break_terms(&L, &r, p, -1);
		term(&r, (long)ns, var);
		snprintf(name, sizeof(name), "fmin_%zu", p);
		emit(out, &r, name, "<=", (long)ns, 1);
	}
	if (exact)
		strbuf_addf(out, " fair: bmax - bmin <= %d\n", in->fairness);
	strbuf_release(&r.terms);
	if (breaks) {
		strbuf_addstr(out, "Bounds\n");
		size_t n = 0;
		for (size_t p = 0; p < np; p++)
			break_vars(&L, p, out, exact, 1, &n);
	}
	/* x, z and the break variables that must be whole */
	strbuf_addstr(out, "Binary\n");
	size_t n = 0;
	for (size_t m = 0; m < nm; m++)
		for (size_t t = 0; t < ns; t++) {
			if (!L.open[m * ns + t])
				continue;
			strbuf_addf(out, " x_%zu_%zu%s", m, t, ++n % 10 ? "" : "\n");
			if (!L.needs[m])
				continue;
			for (size_t i = 0; i < in->ninterpreters; i++)
				if (serves(&L, m, i, t))
					strbuf_addf(out, " z_%zu_%zu_%zu%s", m, t, i,
						    ++n % 10 ? "" : "\n");
		}
	for (size_t p = 0; breaks && p < np; p++) {
		break_vars(&L, p, out, exact, 0, &n);
		if (exact && L.po[p] != L.po[p + 1])
			strbuf_addf(out, " h_%zu%s", p, ++n % 10 ? "" : "\n");
	}
	strbuf_addstr(out, "\nEnd\n");
	lp_release(&L);
	return 0;
}
