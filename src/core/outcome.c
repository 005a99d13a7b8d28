/* outcome.c - outcome report figures from consultations and follow-ups. */
#include "outcome.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "costs.h"

const char *const oc_stage_names[OC_NSTAGES] = {"consulted", "negotiating", "provisional",
						"signed",    "exported",    "dropped"};

int oc_stage(const char *name)
{
	for (int i = 0; name && i < OC_NSTAGES; i++)
		if (!strcmp(oc_stage_names[i], name))
			return i;
	return -1;
}

/* Where a consultation stands at one stage: the follow-up that put it there last. */
struct at {
	int has, verified;
	long date;
	size_t order; /* the order fed, for follow-ups of one date */
	int64_t amount;
	char currency[4];
	int64_t in[2]; /* converted, once the figures are worked out */
	int converted;
};

struct entry {
	int64_t id, company, pavilion;
	const char *country, *category;
	struct at at[OC_NSTAGES];
};

struct oc_report {
	struct arena *a;
	struct oc_rates rates;
	struct entry *e;
	size_t n, cap, fed, orphans;
	int sorted, worked;
	struct oc_group *groups[OC_NAXES];
	size_t ngroups[OC_NAXES];
};

static char *copy(struct arena *a, const char *s)
{
	return arena_strdup(a, s ? s : "");
}

int oc_set_rates(struct oc_report *o, const struct oc_rates *r)
{
	struct arena *a = o->a;
	for (int k = 0; k < OC_NAXES; k++)
		if (o->groups[k])
			return -1; /* the figures are worked out already */
	o->rates = *r;
	struct oc_rate *rates = arena_alloc(a, (r->n + 1) * sizeof(*rates));
	for (size_t i = 0; rates && i < r->n; i++)
		rates[i] = (struct oc_rate){
			copy(a, r->rates[i].currency),
			{copy(a, r->rates[i].rate[0]), copy(a, r->rates[i].rate[1])}};
	o->rates.rates = rates;
	o->rates.report[0] = copy(a, r->report[0]);
	o->rates.report[1] = copy(a, r->report[1]);
	return rates ? 0 : -1;
}

struct oc_report *oc_new(struct arena *a, const struct oc_rates *r)
{
	struct oc_report *o = arena_alloc(a, sizeof(*o));
	if (!o)
		return NULL;
	memset(o, 0, sizeof(*o));
	o->a = a;
	o->sorted = 1;
	return oc_set_rates(o, r) ? NULL : o;
}

static void set_currency(char out[4], const char *c)
{
	memset(out, 0, 4);
	if (c)
		memcpy(out, c, strnlen(c, 3));
}

int oc_add_consultations(struct oc_report *o, const struct oc_consultation *c, size_t n)
{
	if (o->n + n > o->cap) {
		size_t cap = o->cap ? o->cap : 1024;
		while (cap < o->n + n)
			cap *= 2;
		struct entry *more = arena_alloc(o->a, cap * sizeof(*more));
		if (!more)
			return -1;
		if (o->n)
			memcpy(more, o->e, o->n * sizeof(*more));
		o->e = more, o->cap = cap;
	}
	for (size_t i = 0; i < n; i++) {
		struct entry *e = &o->e[o->n++];
		memset(e, 0, sizeof(*e));
		e->id = c[i].id;
		e->company = c[i].company;
		e->pavilion = c[i].pavilion;
		e->country = copy(o->a, c[i].country);
		e->category = copy(o->a, c[i].category);
		/* the consultation itself puts it at "consulted", as its company reported it; any
		 * follow-up at that stage comes after it */
		e->at[OC_CONSULTED] =
			(struct at){.has = 1, .date = LONG_MIN, .amount = c[i].amount};
		set_currency(e->at[OC_CONSULTED].currency, c[i].currency);
		if (o->n > 1 && o->e[o->n - 2].id >= e->id)
			o->sorted = 0;
	}
	return 0;
}

static int by_id(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;
	return a->id < b->id ? -1 : a->id > b->id;
}

static struct entry *find(struct oc_report *o, int64_t id)
{
	size_t lo = 0, hi = o->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (o->e[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < o->n && o->e[lo].id == id ? &o->e[lo] : NULL;
}

int oc_add_follow_ups(struct oc_report *o, const struct oc_follow_up *f, size_t n)
{
	if (!o->sorted) { /* rows normally come by id; others are sorted once */
		qsort(o->e, o->n, sizeof(*o->e), by_id);
		o->sorted = 1;
	}
	for (size_t i = 0; i < n; i++) {
		struct entry *e = find(o, f[i].consultation);
		size_t order = o->fed++;
		if (!e || f[i].stage < 0 || f[i].stage >= OC_NSTAGES) {
			o->orphans++;
			continue;
		}
		struct at *at = &e->at[f[i].stage];
		if (at->has &&
		    (f[i].date < at->date || (f[i].date == at->date && order + 1 < at->order)))
			continue;
		*at = (struct at){.has = 1,
				  .verified = f[i].verified != 0,
				  .date = f[i].date,
				  .order = order + 1,
				  .amount = f[i].amount};
		set_currency(at->currency, f[i].currency);
	}
	return 0;
}

size_t oc_orphans(const struct oc_report *o)
{
	return o->orphans;
}

/* The amount at a stage in both report currencies: converted once, whatever the axes. */
static void convert(const struct oc_report *o, struct at *at)
{
	if (at->converted)
		return;
	at->converted = 1;
	for (int k = 0; k < 2; k++) {
		const char *rate = NULL;
		if (strcmp(at->currency, o->rates.report[k]))
			for (size_t i = 0; i < o->rates.n; i++)
				if (!strcmp(o->rates.rates[i].currency, at->currency))
					rate = o->rates.rates[i].rate[k];
		if (money_convert(at->amount, at->currency, rate, o->rates.report[k], &at->in[k])) {
			at->converted = -1; /* no rate for it: counted, never summed */
			return;
		}
	}
}

static int add_to(struct oc_cell *cell, const struct at *at)
{
	cell->count++;
	if (at->converted < 0) {
		cell->unconverted++;
		return 0;
	}
	for (int k = 0; k < 2; k++) {
		if (__builtin_add_overflow(cell->amount[k], at->in[k], &cell->amount[k]))
			return -1;
		if (at->verified &&
		    __builtin_add_overflow(cell->verified[k], at->in[k], &cell->verified[k]))
			return -1;
	}
	return 0;
}

/* The key of entry e on an axis, for sorting and grouping. */
static int compare_on(enum oc_axis axis, const struct entry *a, const struct entry *b)
{
	switch (axis) {
	case OC_BY_COMPANY: return a->company < b->company ? -1 : a->company > b->company;
	case OC_BY_COUNTRY: return strcmp(a->country, b->country);
	case OC_BY_CATEGORY: return strcmp(a->category, b->category);
	case OC_BY_PAVILION: return a->pavilion < b->pavilion ? -1 : a->pavilion > b->pavilion;
	default: return 0;
	}
}

struct sort_ctx {
	enum oc_axis axis;
	const struct entry *e;
};

static int by_axis(const void *x, const void *y, void *ctx)
{
	const struct sort_ctx *c = ctx;
	const struct entry *a = &c->e[*(const size_t *)x], *b = &c->e[*(const size_t *)y];
	int k = compare_on(c->axis, a, b);
	return k ? k : (a->id < b->id ? -1 : a->id > b->id);
}

static int work_out(struct oc_report *o, enum oc_axis axis)
{
	size_t *idx = arena_alloc(o->a, (o->n + 1) * sizeof(*idx));
	struct oc_group *g = arena_alloc(o->a, (o->n + 1) * sizeof(*g));
	size_t ng = 0;
	if (!idx || !g)
		return -1;
	for (size_t i = 0; i < o->n; i++)
		idx[i] = i;
	struct sort_ctx ctx = {axis, o->e};
	if (axis != OC_TOTAL)
		qsort_r(idx, o->n, sizeof(*idx), by_axis, &ctx);
	if (axis == OC_TOTAL || !o->n)
		memset(&g[ng++], 0, sizeof(*g));
	for (size_t i = 0; i < o->n; i++) {
		struct entry *e = &o->e[idx[i]];
		if (axis != OC_TOTAL && (i == 0 || compare_on(axis, &o->e[idx[i - 1]], e) != 0)) {
			memset(&g[ng], 0, sizeof(*g));
			g[ng].id = axis == OC_BY_COMPANY    ? e->company
				   : axis == OC_BY_PAVILION ? e->pavilion
							    : 0;
			g[ng].key = axis == OC_BY_COUNTRY    ? e->country
				    : axis == OC_BY_CATEGORY ? e->category
							     : "";
			ng++;
		}
		for (int s = 0; s < OC_NSTAGES; s++) {
			if (!e->at[s].has)
				continue;
			convert(o, &e->at[s]);
			if (add_to(&g[ng - 1].stage[s], &e->at[s]))
				return -1;
		}
	}
	if (axis != OC_TOTAL && !o->n)
		ng = 0;
	o->groups[axis] = g;
	o->ngroups[axis] = ng;
	return 0;
}

int oc_groups(struct oc_report *o, enum oc_axis axis, const struct oc_group **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (axis < 0 || axis >= OC_NAXES)
		return -1;
	if (!o->groups[axis] && work_out(o, axis))
		return -1;
	*out = o->groups[axis];
	*n = o->ngroups[axis];
	return 0;
}

/* Whether entry e is in f's group. */
static int in_group(const struct oc_filter *f, const struct entry *e)
{
	switch (f->axis) {
	case OC_BY_COMPANY: return e->company == f->id;
	case OC_BY_PAVILION: return e->pavilion == f->id;
	case OC_BY_COUNTRY: return !strcmp(e->country, f->key ? f->key : "");
	case OC_BY_CATEGORY: return !strcmp(e->category, f->key ? f->key : "");
	default: return 1;
	}
}

static struct oc_line line_of(const struct entry *e, const struct at *at)
{
	return (struct oc_line){.consultation = e->id,
				.date = at->date,
				.amount = at->amount,
				.currency = at->currency,
				.verified = at->verified,
				.converted = at->converted > 0,
				.in = {at->in[0], at->in[1]}};
}

int oc_entry(struct oc_report *o, int64_t id, struct oc_line at[OC_NSTAGES])
{
	if (!o->sorted) {
		qsort(o->e, o->n, sizeof(*o->e), by_id);
		o->sorted = 1;
	}
	struct entry *e = find(o, id);
	memset(at, 0, OC_NSTAGES * sizeof(*at));
	if (!e)
		return -1;
	for (int s = 0; s < OC_NSTAGES; s++)
		if (e->at[s].has) {
			convert(o, &e->at[s]);
			at[s] = line_of(e, &e->at[s]);
		}
	return 0;
}

int oc_lines(struct oc_report *o, const struct oc_filter *f, const struct oc_line **out, size_t *n,
	     struct oc_cell *cell)
{
	*out = NULL;
	*n = 0;
	memset(cell, 0, sizeof(*cell));
	if (f->stage < 0 || f->stage >= OC_NSTAGES || f->axis < 0 || f->axis >= OC_NAXES)
		return -1;
	if (!o->sorted) {
		qsort(o->e, o->n, sizeof(*o->e), by_id);
		o->sorted = 1;
	}
	struct oc_line *lines = arena_alloc(o->a, (o->n + 1) * sizeof(*lines));
	if (!lines)
		return -1;
	size_t k = 0;
	for (size_t i = 0; i < o->n; i++) {
		struct entry *e = &o->e[i];
		struct at *at = &e->at[f->stage];
		if (!at->has || (f->verified_only && !at->verified) || !in_group(f, e))
			continue;
		convert(o, at);
		if (add_to(cell, at))
			return -1;
		lines[k++] = line_of(e, at);
	}
	*out = lines;
	*n = k;
	return 0;
}
