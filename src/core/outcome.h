/* outcome.h - the figures of an outcome report (성과), worked out from logged consultations and
 * their follow-ups: for each stage its count and amount, kept apart (amounts of different
 * stages are never summed), in two report currencies at recorded rates, with how much of each
 * was verified; by company, buyer country and product category. Pure: plain arrays in, fed in
 * batches, so that a caller reading rows page by page never holds them all.
 *
 * A consultation counts at "consulted" with its own amount (as reported by the company); it
 * counts at a later stage when a follow-up puts it there, with that follow-up's amount: its
 * latest at that stage (by date, then by the order fed), verified or reported as that
 * follow-up says. */
#ifndef ROADSHOW_OUTCOME_H
#define ROADSHOW_OUTCOME_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

/* The stages of consultations.stage and follow_ups.stage, in this order. */
enum oc_stage {
	OC_CONSULTED,
	OC_NEGOTIATING,
	OC_PROVISIONAL,
	OC_SIGNED,
	OC_EXPORTED,
	OC_DROPPED,
	OC_NSTAGES
};
extern const char *const oc_stage_names[OC_NSTAGES];
int oc_stage(const char *name); /* -1 for an unknown one */

/* What a breakdown is by. */
enum oc_axis { OC_TOTAL, OC_BY_COMPANY, OC_BY_COUNTRY, OC_BY_CATEGORY, OC_BY_PAVILION, OC_NAXES };

struct oc_consultation {
	int64_t id;
	int64_t company;      /* the exhibitor's organization */
	const char *country;  /* the buyer's nationality (or NULL) */
	const char *category; /* the product category (or NULL) */
	int64_t amount;	      /* minor units of currency; 0 when none was given */
	const char *currency;
	int64_t pavilion; /* where it was logged */
};

struct oc_follow_up {
	int64_t consultation; /* its id */
	enum oc_stage stage;
	long date; /* days since 1970-01-01 */
	int64_t amount;
	const char *currency;
	int verified;
};

/* The two currencies a report shows and the rates it converts at: rate[k] is units of
 * report currency k per unit of currency (a decimal string, as exchange_rates.rate). */
struct oc_rate {
	const char *currency;
	const char *rate[2];
};
struct oc_rates {
	const char *report[2]; /* e.g. "USD", "KRW" */
	const struct oc_rate *rates;
	size_t n;
};

/* One stage's figures in one group. */
struct oc_cell {
	int64_t count;	     /* consultations at the stage */
	int64_t amount[2];   /* in the report currencies, minor units */
	int64_t verified[2]; /* of which verified */
	int64_t unconverted; /* of the count, amounts with no rate for their currency: not summed */
};

/* A group of a breakdown: its key (a company or pavilion id, or a country or category; ""
 * for none) and a cell per stage. */
struct oc_group {
	int64_t id;
	const char *key;
	struct oc_cell stage[OC_NSTAGES];
};

struct oc_report;

/* A report over the rates r (copied); allocated in a, which owns everything it holds. */
struct oc_report *oc_new(struct arena *a, const struct oc_rates *r);
/* Sets the rates the figures are converted at (copied), in place of those given to oc_new:
 * a caller may learn the currencies while it feeds. Before the first oc_groups only. */
int oc_set_rates(struct oc_report *o, const struct oc_rates *r);
/* Makes room for n more consultations at once (a caller that knows how many will come). */
int oc_reserve(struct oc_report *o, size_t n);
/* Feeds consultations; each id once. Returns 0, or -1 out of memory. */
int oc_add_consultations(struct oc_report *o, const struct oc_consultation *c, size_t n);
/* A consultation with where it stands at each stage already worked out (the latest
 * follow-up per stage, kept by the store): the same figures as oc_add_consultations and then
 * oc_add_follow_ups of its follow-ups. at[s].has 0: not at stage s (at consulted: at its own
 * amount). */
struct oc_standing {
	struct oc_consultation c;
	struct {
		int has;
		long date;
		int64_t amount;
		const char *currency;
		int verified;
	} at[OC_NSTAGES];
};
int oc_add_standings(struct oc_report *o, const struct oc_standing *s, size_t n);
/* Feeds follow-ups of consultations fed before (others are ignored and counted). */
int oc_add_follow_ups(struct oc_report *o, const struct oc_follow_up *f, size_t n);
/* Feeds o what was fed to from, as if it came after o's own rows (none of from's
 * consultations being o's): the rows fed in two parts to two reports at once, on two
 * threads, make one. from is not changed, and its arena may go once this returns. Before
 * the figures of o are worked out only. Returns 0, or -1 out of memory. */
int oc_merge(struct oc_report *o, const struct oc_report *from);
/* Works the figures out (once every row is fed): the groups of axis, by key, into *out.
 * Returns 0, or -1 on overflow of an amount. */
int oc_groups(struct oc_report *o, enum oc_axis axis, const struct oc_group **out, size_t *n);
/* The figures worked out in parts at once, on the caller's threads: oc_work_begin makes room
 * for nparts parts; oc_work_part adds part k of the consultations (k < nparts, each once),
 * and may run on any thread while the other parts do, and nothing else on o; oc_work_end
 * sums the parts into what oc_groups then gives. oc_groups alone works them out in one part.
 * Each returns 0, or -1 out of memory or on overflow. */
int oc_work_begin(struct oc_report *o, size_t nparts);
int oc_work_part(const struct oc_report *o, size_t k);
int oc_work_end(struct oc_report *o);
/* The consultations behind one cell: those at stage in the group of axis whose key is id
 * (OC_BY_COMPANY, OC_BY_PAVILION) or key (OC_BY_COUNTRY, OC_BY_CATEGORY; "" for none), or
 * every one (OC_TOTAL); verified_only keeps the verified ones. Each line says what it adds
 * to the cell; their sum is the cell (oc_groups). */
struct oc_line {
	int64_t consultation;
	long date; /* of the follow-up that put it at the stage; LONG_MIN for the consultation */
	int64_t amount;	      /* as recorded, in currency's minor units */
	const char *currency; /* "" when none */
	int verified;
	int converted; /* 0: no rate for currency, so it is counted and not summed */
	int64_t in[2]; /* in the report currencies, when converted */
};
struct oc_filter {
	enum oc_stage stage;
	enum oc_axis axis;
	int64_t id;
	const char *key;
	int verified_only;
};
/* The lines of f, by consultation id, into *out (allocated in the report's arena), with their
 * sum in *cell. Returns 0, or -1 out of memory or on overflow. */
int oc_lines(struct oc_report *o, const struct oc_filter *f, const struct oc_line **out, size_t *n,
	     struct oc_cell *cell);
/* Where consultation id stands at each stage, as the lines of oc_lines: at[s].consultation
 * is 0 where it is not at stage s. Returns 0, or -1 when it was never fed. */
int oc_entry(struct oc_report *o, int64_t id, struct oc_line at[OC_NSTAGES]);
/* The currencies of the amounts fed so far ("" for none given), n of them, into *out. */
size_t oc_currencies(const struct oc_report *o, const char *const **out);
/* Follow-ups fed for consultations never fed. */
size_t oc_orphans(const struct oc_report *o);

#endif
