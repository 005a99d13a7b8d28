/* schedule_lp.c - a scheduler instance as an integer program in LP format, for a reference
 * solver (CBC) to run on the same instance. x_m_t: meeting m in slot t; z_m_t_i: and
 * interpreter i interprets it. Objective (1): the weight of the meetings placed. */
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

static int serves(const struct sched_instance *in, size_t m, size_t i, size_t t)
{
	return flag(in->interpreters[i].available, t) &&
	       sched_interpreter_serves(in, &in->interpreters[i], &in->meetings[m]);
}

static int involves(const struct sched_instance *in, size_t m, size_t p)
{
	return (size_t)in->meetings[m].a == p || (size_t)in->meetings[m].b == p;
}

/* One constraint, written only when it binds (more terms than its bound allows). */
struct row {
	struct strbuf terms;
	size_t n;
};

static void add(struct row *r, const char *var)
{
	strbuf_addstr(&r->terms, r->n ? (r->n % 8 ? " + " : "\n + ") : "");
	strbuf_addstr(&r->terms, var);
	r->n++;
}

static void emit(struct strbuf *out, struct row *r, const char *name, const char *op, long rhs,
		 int always)
{
	if (r->n && (always || r->n > (size_t)rhs))
		strbuf_addf(out, " %s: %s %s %ld\n", name, r->terms.buf, op, rhs);
	strbuf_reset(&r->terms);
	r->n = 0;
}

int schedule_lp(const struct sched_instance *in, struct strbuf *out)
{
	struct row r = {STRBUF_INIT, 0};
	char var[80], name[64];
	size_t nm = in->nmeetings, ns = in->nslots;

	strbuf_addstr(out, "\\ Roadshow meeting schedule: objective (1), the weight placed\n");
	strbuf_addstr(out, "Maximize\n obj: ");
	size_t n = 0;
	for (size_t m = 0; m < nm; m++)
		for (size_t t = 0; t < ns; t++)
			if (open_slot(in, m, t))
				strbuf_addf(out, "%s%d x_%zu_%zu",
					    n++ ? (n % 8 ? " + " : "\n + ") : "",
					    in->meetings[m].weight, m, t);
	strbuf_addstr(out, n ? "\nSubject To\n" : "0 x_none\nSubject To\n");
	/* each meeting at most once; a pinned one at its slot */
	for (size_t m = 0; m < nm; m++) {
		for (size_t t = 0; t < ns; t++)
			if (open_slot(in, m, t)) {
				snprintf(var, sizeof(var), "x_%zu_%zu", m, t);
				add(&r, var);
			}
		snprintf(name, sizeof(name), "once_%zu", m);
		emit(out, &r, name, in->meetings[m].pinned >= 0 ? "=" : "<=", 1, 1);
	}
	/* a participant: its tables' worth of meetings per slot, and its cap */
	for (size_t p = 0; p < in->nparticipants; p++) {
		const struct sched_participant *pp = &in->participants[p];
		for (size_t t = 0; t < ns; t++) {
			for (size_t m = 0; m < nm; m++)
				if (involves(in, m, p) && open_slot(in, m, t)) {
					snprintf(var, sizeof(var), "x_%zu_%zu", m, t);
					add(&r, var);
				}
			snprintf(name, sizeof(name), "busy_%zu_%zu", p, t);
			emit(out, &r, name, "<=", pp->tables > 1 ? pp->tables : 1, 0);
		}
		if (pp->cap < 0)
			continue;
		for (size_t m = 0; m < nm; m++)
			for (size_t t = 0; involves(in, m, p) && t < ns; t++)
				if (open_slot(in, m, t)) {
					snprintf(var, sizeof(var), "x_%zu_%zu", m, t);
					add(&r, var);
				}
		snprintf(name, sizeof(name), "cap_%zu", p);
		emit(out, &r, name, "<=", pp->cap, 0);
	}
	/* the shared pool of tables, per slot */
	for (size_t t = 0; t < ns; t++) {
		for (size_t m = 0; m < nm; m++)
			if (in->participants[in->meetings[m].a].tables == 0 &&
			    open_slot(in, m, t)) {
				snprintf(var, sizeof(var), "x_%zu_%zu", m, t);
				add(&r, var);
			}
		snprintf(name, sizeof(name), "pool_%zu", t);
		emit(out, &r, name, "<=", in->pool_tables, 0);
	}
	/* walking: two meetings of one participant (at most one table) in one session, at venues
	 * too far apart for the slots between them, are not both held */
	size_t k = 0;
	for (size_t p = 0; in->walk && p < in->nparticipants; p++) {
		if (in->participants[p].tables > 1)
			continue;
		for (size_t m1 = 0; m1 < nm; m1++)
			for (size_t m2 = m1 + 1; involves(in, m1, p) && m2 < nm; m2++) {
				if (!involves(in, m2, p))
					continue;
				int v = in->participants[in->meetings[m1].a].venue;
				int w = in->participants[in->meetings[m2].a].venue;
				int need = v < 0 || w < 0 || v == w
						   ? 0
						   : in->walk[(size_t)v * in->nvenues + (size_t)w];
				for (size_t t1 = 0; need && t1 < ns; t1++)
					for (size_t t2 = 0; open_slot(in, m1, t1) && t2 < ns;
					     t2++) {
						long gap = (long)(t1 > t2 ? t1 - t2 : t2 - t1) - 1;
						if (t1 == t2 ||
						    in->session[t1] != in->session[t2] ||
						    gap >= need || !open_slot(in, m2, t2))
							continue;
						strbuf_addf(
							out,
							" walk_%zu: x_%zu_%zu + x_%zu_%zu <= 1\n",
							k++, m1, t1, m2, t2);
					}
			}
	}
	/* interpreters: a meeting that needs one has one, and one does one meeting a slot */
	for (size_t m = 0; m < nm; m++) {
		if (!sched_needs_interpreter(in, &in->meetings[m]))
			continue;
		for (size_t t = 0; t < ns; t++) {
			if (!open_slot(in, m, t))
				continue;
			for (size_t i = 0; i < in->ninterpreters; i++)
				if (serves(in, m, i, t)) {
					snprintf(var, sizeof(var), "z_%zu_%zu_%zu", m, t, i);
					add(&r, var);
				}
			snprintf(name, sizeof(name), "interp_%zu_%zu", m, t);
			if (!r.n) { /* nobody can interpret it then: the slot is closed to it */
				strbuf_addf(out, " %s: x_%zu_%zu <= 0\n", name, m, t);
				continue;
			}
			strbuf_addf(&r.terms, " - x_%zu_%zu", m, t);
			emit(out, &r, name, ">=", 0, 1);
		}
	}
	for (size_t i = 0; i < in->ninterpreters; i++)
		for (size_t t = 0; t < ns; t++) {
			for (size_t m = 0; m < nm; m++)
				if (sched_needs_interpreter(in, &in->meetings[m]) &&
				    open_slot(in, m, t) && serves(in, m, i, t)) {
					snprintf(var, sizeof(var), "z_%zu_%zu_%zu", m, t, i);
					add(&r, var);
				}
			snprintf(name, sizeof(name), "one_%zu_%zu", i, t);
			emit(out, &r, name, "<=", 1, 0);
		}
	strbuf_release(&r.terms);
	/* every variable is 0 or 1 */
	strbuf_addstr(out, "Binary\n");
	n = 0;
	for (size_t m = 0; m < nm; m++)
		for (size_t t = 0; t < ns; t++) {
			if (!open_slot(in, m, t))
				continue;
			strbuf_addf(out, " x_%zu_%zu%s", m, t, ++n % 10 ? "" : "\n");
			if (!sched_needs_interpreter(in, &in->meetings[m]))
				continue;
			for (size_t i = 0; i < in->ninterpreters; i++)
				if (serves(in, m, i, t))
					strbuf_addf(out, " z_%zu_%zu_%zu%s", m, t, i,
						    ++n % 10 ? "" : "\n");
		}
	strbuf_addstr(out, "\nEnd\n");
	return 0;
}
