/* schedule.h - the B2B meeting scheduler: places accepted meetings into slots, tables and
 * interpreters under the hard constraints. Objectives, in this order: the most weight
 * scheduled, the fewest published meetings moved from their previous slot, the fewest breaks,
 * then the least spread of breaks (the fairness bound, when given, is hard). Pure: plain
 * arrays in, plain arrays out; deterministic for a given seed and move budget.
 *
 * Slots are numbered 0..nslots-1; slots of one session are consecutive. A meeting takes
 * place at the booth of participant a (tables > 0) or at a table of the shared pool (a with
 * no tables); b visits. */
#ifndef ROADSHOW_SCHEDULE_H
#define ROADSHOW_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

enum { SCHED_MAX_LANGUAGES = 64 };

struct sched_participant {
	int tables;		  /* > 0: a booth staffed for that many meetings at once */
	int venue;		  /* index into the venues; -1 when it has none */
	int cap;		  /* most meetings, or -1 for no cap */
	uint64_t languages;	  /* bit l: speaks language l */
	const uint8_t *available; /* nslots flags; NULL: every slot */
};

struct sched_interpreter {
	/* the language pairs it interprets, as (first, second) language indices */
	const int (*pairs)[2];
	size_t npairs;
	const uint8_t *available; /* nslots flags; NULL: every slot */
};

struct sched_meeting {
	int a, b; /* participant indices: the host (booth or pool) and the visitor */
	int weight;
	int pinned; /* a slot, or -1 */
	/* the slot it was published at, or -1 for none (a new meeting). Rescheduling keeps as
	 * many meetings as it can where they were; 0 is slot 0, so every caller sets it. */
	int previous;
	const uint8_t *allowed; /* nslots flags; NULL: any slot */
};

struct sched_instance {
	size_t nslots;
	const int *session; /* per slot */
	size_t nvenues;
	const int
		*walk; /* nvenues × nvenues free slots needed between venues, row-major; NULL: 0 */
	const struct sched_participant *participants;
	size_t nparticipants;
	const struct sched_interpreter *interpreters;
	size_t ninterpreters;
	const struct sched_meeting *meetings;
	size_t nmeetings;
	int pool_tables; /* meetings of hosts without tables at once, per slot */
	int fairness;	 /* a hard bound on the spread of break counts, or -1 for none */
};

/* Why a meeting is left out. */
enum sched_reason {
	SCHED_PLACED = 0,
	SCHED_NO_COMMON_SLOT, /* the two sides (and the meeting's own slots) share no free slot */
	SCHED_NO_INTERPRETER, /* it needs one and none is free when both sides are */
	SCHED_CAPACITY,	      /* every slot both sides have free is full (tables, walks) */
	SCHED_CAP,	      /* a side has reached its cap */
	SCHED_PIN_CONFLICT,   /* pinned to a slot it cannot take */
	SCHED_FAIRNESS,	      /* it would break the fairness bound */
	SCHED_NO_GAIN,	      /* it has no weight and would only add breaks */
};
const char *sched_reason_name(enum sched_reason r); /* "no_common_slot", ... */

struct sched_options {
	uint64_t seed;
	long time_limit_ms;	  /* the improvement phase stops by then at the latest (0: none) */
	unsigned long iterations; /* its moves (0: a number from the instance's size; else the
				   * neighbourhood repairs get work in proportion); the same seed
				   * and budget give the same schedule */
	/* the caller's clock in milliseconds (core reads no clock of its own); NULL: no
	 * improvement phase */
	long (*clock_ms)(void *ctx);
	void *clock_ctx;
};

struct sched_result {
	int *slot;	  /* per meeting: its slot, or -1 */
	int *table;	  /* per meeting: the table at its booth (or of the pool), or -1 */
	int *interpreter; /* per meeting: the interpreter, or -1 when none is needed or placed */
	enum sched_reason *reason;
	long weight;	 /* of the meetings placed */
	long moved;	 /* meetings with a previous slot that are not in it (left out included) */
	long breaks;	 /* summed over participants */
	long max_breaks; /* of one participant */
	long min_breaks;
	int breaks_proven; /* every meeting placed, and no schedule that places them all and holds
			      the fairness bound has fewer breaks */
};

/* Whether meeting m needs an interpreter: its two sides share no language. */
int sched_needs_interpreter(const struct sched_instance *in, const struct sched_meeting *m);
/* Whether interpreter i serves meeting m: one of its pairs joins a language of a with one
 * of b. */
int sched_interpreter_serves(const struct sched_instance *in, const struct sched_interpreter *i,
			     const struct sched_meeting *m);

/* Solves in; out's arrays are allocated in a. Returns 0, or -1 when out of memory or the
 * instance is malformed (an index out of range). */
int sched_solve(const struct sched_instance *in, const struct sched_options *opt, struct arena *a,
		struct sched_result *out);

/* Recomputes weight, moved and breaks of a schedule (slot per meeting, -1 unplaced) into
 * out's totals; the breaks of participant p go to breaks[p] when breaks is not NULL. */
void sched_measure(const struct sched_instance *in, const int *slot, struct sched_result *out,
		   long *breaks);

#endif
