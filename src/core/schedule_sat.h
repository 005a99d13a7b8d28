/* schedule_sat.h - a small CDCL satisfiability solver for the scheduler's exact model of the
 * day: clauses plus native at-most-k constraints (a slot's pool tables, a participant's
 * meetings per slot, the breaks in all), which propagate by counting and explain themselves
 * as clauses only when conflict analysis asks. Conflict-driven learning with the first unique
 * implication point, activity-based branching with saved phases (seeded from a known
 * schedule, so that the search starts next to it), Luby restarts and a learnt-clause database
 * pruned by literal block distance. Deterministic: budgets count propagations, and the caller's
 * stop test is only a cap. Internal to src/core/schedule*.c. */
#ifndef ROADSHOW_SCHEDULE_SAT_H
#define ROADSHOW_SCHEDULE_SAT_H

#include <stddef.h>
#include <stdint.h>

/* A literal: variable v is 2v (true) or 2v + 1 (false). */
static inline int sat_lit(int v, int positive)
{
	return 2 * v + !positive;
}

enum sat_status { SAT_UNKNOWN = 0, SAT_SAT = 10, SAT_UNSAT = 20 };

struct sat_vec {
	int *a;
	size_t n, cap;
};

struct sat_card {
	int k;	       /* at most k of its literals true */
	int cnt;       /* of them assigned true now */
	size_t off, n; /* its literals: lits[off .. off + n) */
};

struct sat_watch {
	uint32_t cref;
	int blocker;
};

struct sat_wvec {
	struct sat_watch *a;
	size_t n, cap;
};

/* The solver. S_init/S_release: sat_init gives an empty one, sat_release frees it all. */
struct sat {
	int nvars, capvars;
	int ok;		  /* 0 once the constraints are known unsatisfiable */
	signed char *val; /* per literal: 1 true, -1 false, 0 unassigned */
	int *level, *reason, *tpos;
	signed char *phase; /* per variable: the value it takes when branched on */
	double *act;
	int *trail, ntrail, qhead;
	int *lim, nlim;
	int *heap, *hpos, nheap;
	double var_inc, cla_inc;
	uint32_t *mem; /* clauses: size, flags (learnt, deleted, lbd << 2), activity, literals */
	size_t nmem, capmem;
	struct sat_wvec *watches; /* per literal p: the clauses that watch its negation */
	struct sat_vec learnts;
	struct sat_card *cards;
	size_t ncards, capcards;
	struct sat_vec cardlits;
	struct sat_vec *occ;  /* per literal: the cards it is in */
	struct sat_vec *bins; /* per literal p: the literals binary clauses imply when p holds */
	int bconfl, bin2[2];  /* a binary conflict's other literal; a binary reason's clause */
	/* conflict analysis */
	signed char *seen;
	struct sat_vec learnt, expl, toclear;
	int *lvlseen;
	unsigned long conflicts, decisions, propagations;
	unsigned long next_reduce, nreduce;
	int failed; /* out of memory */
};

void sat_init(struct sat *s);
void sat_release(struct sat *s);
/* A new variable; returns its index, or -1 when out of memory. */
int sat_new_var(struct sat *s);
/* Adds a clause of n literals (at decision level 0). Returns 0, or -1 when out of memory. */
int sat_add_clause(struct sat *s, const int *lits, size_t n);
/* Adds "at most k of these n literals are true"; returns the constraint's index, or -1 when
 * out of memory. */
int sat_add_atmost(struct sat *s, const int *lits, size_t n, int k);
/* The phase variable v is first tried at. */
void sat_set_phase(struct sat *s, int v, int positive);
/* Searches for an assignment within max_work propagated literals (stop, when not NULL, is asked
 * now and then and ends the search when it says so). SAT_SAT leaves the model readable by
 * sat_value until the next call that changes the solver. */
enum sat_status sat_solve(struct sat *s, unsigned long max_work, int (*stop)(void *ctx), void *ctx);
/* After SAT_SAT: whether variable v is true. */
int sat_value(const struct sat *s, int v);

#endif
