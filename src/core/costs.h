/* costs.h - a trip's costs in its budget currency: each line converted at its own recorded
 * rate, totals per category. Integer minor units throughout; no floating point. */
#ifndef ROADSHOW_COSTS_H
#define ROADSHOW_COSTS_H

#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

/* The categories of trip_costs.category, in this order. */
enum { COST_AIRFARE, COST_LODGING, COST_GROUND, COST_INTERPRETING, COST_OTHER, COST_NCATEGORIES };
extern const char *const cost_category_names[COST_NCATEGORIES];
int cost_category(const char *name); /* -1 for an unknown one */

struct cost_line {
	const char *category;
	int64_t amount; /* minor units of currency */
	const char *currency;
	const char *rate; /* units of the base currency per one unit of currency; NULL: none */
};

struct cost_summary {
	int64_t total;			       /* minor units of the base currency */
	int64_t by_category[COST_NCATEGORIES]; /* the same, per category */
	size_t converted, unconverted;	       /* lines counted; lines left out (no rate) */
};

/* Converts amount (minor units of from) at rate (a decimal string: units of to per unit of
 * from) into minor units of to, rounding half away from zero. The same currency needs no
 * rate (NULL). Returns 0, or -1 for a missing or malformed rate or an overflow. */
int money_convert(int64_t amount, const char *from, const char *rate, const char *to, int64_t *out);
/* The same conversion with its rate read once, for converting many amounts: set returns 0,
 * or -1 for a missing or malformed rate (as money_convert); apply returns 0, or -1 on
 * overflow. */
struct money_rate {
	int same;      /* from is to, with no rate: amounts stay as they are */
	int64_t micro; /* the rate in millionths */
	int from_digits, to_digits;
	/* amount x mul / den, in 64 bits for amounts of at most small in magnitude (0: none) */
	int64_t mul, den, small;
};
int money_rate_set(struct money_rate *r, const char *from, const char *rate, const char *to);
int money_rate_apply(const struct money_rate *r, int64_t amount, int64_t *out);
/* Appends minor units of a currency with digits decimals in major units, with thousands
 * separators when grouped: (1611250, 0, 1) "1,611,250"; (123456, 2, 1) "1,234.56"; (-5, 2, 0)
 * "-0.05". */
void money_text(struct strbuf *sb, int64_t minor, int digits, int grouped);
/* Sums lines into base. A line in another currency without a usable rate is left out and
 * counted as unconverted. Returns 0, or -1 on overflow. */
int costs_sum(const struct cost_line *lines, size_t n, const char *base, struct cost_summary *out);

#endif
