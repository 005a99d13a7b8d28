/* outcome.c - outcome report figures from consultations and follow-ups.
 *
 * Built for a million consultations: each is an entry of fixed size with its groups' keys
 * interned (small indices) and its stages in place; follow-ups find their entry through an
 * index by id; the figures of every breakdown are worked out in one pass, each amount
 * converted once at rates read once. */
#include "outcome.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "costs.h"
#include "hash.h"

const char *const oc_stage_names[OC_NSTAGES] = {"consulted", "negotiating", "provisional",
						"signed",    "exported",    "dropped"};

int oc_stage(const char *name)
{
	for (int i = 0; name && i < OC_NSTAGES; i++)
		if (!strcmp(oc_stage_names[i], name))
			return i;
	return -1;
}

enum { NO_DATE = INT32_MIN, MAX_CURRENCIES = 256 };

/* Where a consultation stands at one stage: the follow-up that put it there last. */
struct at {
	int64_t amount;
	int32_t date;	  /* days; NO_DATE: the consultation itself */
	uint32_t order;	  /* the order fed, for follow-ups of one date */
	uint8_t currency; /* index into the report's currencies */
	uint8_t has, verified;
};

/* What a breakdown groups by, interned: a key's index stands for it in every entry. */
enum { KEY_COMPANY, KEY_PAVILION, KEY_COUNTRY, KEY_CATEGORY, NKEYS };

struct entry {
	int64_t id;
	uint32_t key[NKEYS];
	struct at at[OC_NSTAGES];
};

/* An interned set of keys (ids or strings) with an open-addressing index. */
struct keys {
	int text;
	int64_t *ids;
	const char **strs;
	size_t n, cap;
	uint32_t *slot; /* index + 1; 0 empty */
	size_t nslot;
};

struct oc_report {
	struct arena *a;
	struct oc_rates rates;
	const char *currency[MAX_CURRENCIES];
	size_t ncurrencies, last_currency;
	struct money_rate rate[MAX_CURRENCIES][2];
	int has_rate[MAX_CURRENCIES][2];
	struct entry *e;
	size_t n, cap, fed, orphans;
	int sorted, worked;
	uint32_t *by_id; /* index + 1 of the entry of id min_id + k, when ids are dense */
	int64_t min_id, max_id;
	size_t indexed; /* entries the index covers */
	struct keys keys[NKEYS];
	struct oc_group *groups[OC_NAXES];
	size_t ngroups[OC_NAXES];
	uint32_t *rank[NKEYS];		     /* key index -> position of its group */
	struct oc_group *(*parts)[OC_NAXES]; /* oc_work_begin's */
	size_t nparts;
};

static char *copy(struct arena *a, const char *s)
{
	return arena_strdup(a, s ? s : "");
}

static uint64_t hash_id(int64_t v)
{
	uint64_t x = (uint64_t)v * 0x9E3779B97F4A7C15ULL;
	return x ^ (x >> 29);
}

static int keys_grow(struct arena *a, struct keys *k)
{
	size_t nslot = k->nslot ? 2 * k->nslot : 64;
	uint32_t *slot = arena_alloc(a, nslot * sizeof(*slot));
	size_t cap = nslot / 2;
	void *vals = arena_alloc(a, cap * (k->text ? sizeof(char *) : sizeof(int64_t)));
	if (!slot || !vals)
		return -1;
	memset(slot, 0, nslot * sizeof(*slot));
	if (k->n)
		memcpy(vals, k->text ? (void *)k->strs : (void *)k->ids,
		       k->n * (k->text ? sizeof(char *) : sizeof(int64_t)));
	if (k->text)
		k->strs = vals;
	else
		k->ids = vals;
	for (size_t i = 0; i < k->n; i++) {
		uint64_t h = k->text ? hash_text(k->strs[i]) : hash_id(k->ids[i]);
		size_t j = h & (nslot - 1);
		while (slot[j])
			j = (j + 1) & (nslot - 1);
		slot[j] = (uint32_t)i + 1;
	}
	k->slot = slot, k->nslot = nslot, k->cap = cap;
	return 0;
}

/* The index of key (s when text, else id), added when new; -1 out of memory. */
static long intern(struct arena *a, struct keys *k, const char *s, int64_t id)
{
	if (k->text && !s)
		s = "";
	if (k->n + 1 > k->cap && keys_grow(a, k))
		return -1;
	uint64_t h = k->text ? hash_text(s) : hash_id(id);
	size_t j = h & (k->nslot - 1);
	for (; k->slot[j]; j = (j + 1) & (k->nslot - 1)) {
		size_t i = k->slot[j] - 1;
		if (k->text ? !strcmp(k->strs[i], s) : k->ids[i] == id)
			return (long)i;
	}
	if (k->text) {
		if (!(k->strs[k->n] = copy(a, s)))
			return -1;
	} else
		k->ids[k->n] = id;
	k->slot[j] = (uint32_t)k->n + 1;
	return (long)k->n++;
}

static int currency_of(struct oc_report *o, const char *c)
{
	if (!c)
		c = "";
	/* most amounts share a currency: the last one found first */
	if (o->last_currency < o->ncurrencies && !strcmp(o->currency[o->last_currency], c))
		return (int)o->last_currency;
	for (size_t i = 0; i < o->ncurrencies; i++)
		if (!strcmp(o->currency[i], c))
			return (int)(o->last_currency = i);
	if (o->ncurrencies == MAX_CURRENCIES)
		return -1;
	o->currency[o->ncurrencies] = copy(o->a, c);
	return o->currency[o->ncurrencies] ? (int)o->ncurrencies++ : -1;
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
	o->keys[KEY_COUNTRY].text = o->keys[KEY_CATEGORY].text = 1;
	return oc_set_rates(o, r) ? NULL : o;
}

int oc_reserve(struct oc_report *o, size_t n)
{
	if (o->n + n <= o->cap)
		return 0;
	size_t cap = o->n + n;
	struct entry *more = arena_alloc(o->a, cap * sizeof(*more));
	if (!more)
		return -1;
	if (o->n)
		memcpy(more, o->e, o->n * sizeof(*more));
	o->e = more, o->cap = cap;
	return 0;
}

int oc_add_consultations(struct oc_report *o, const struct oc_consultation *c, size_t n)
{
	if (o->n + n > o->cap) {
		size_t cap = o->cap ? o->cap : 1024;
		while (cap < o->n + n)
			cap *= 2;
		if (oc_reserve(o, cap - o->n))
			return -1;
	}
	for (size_t i = 0; i < n; i++) {
		struct entry *e = &o->e[o->n];
		long k[NKEYS] = {intern(o->a, &o->keys[KEY_COMPANY], NULL, c[i].company),
				 intern(o->a, &o->keys[KEY_PAVILION], NULL, c[i].pavilion),
				 intern(o->a, &o->keys[KEY_COUNTRY], c[i].country, 0),
				 intern(o->a, &o->keys[KEY_CATEGORY], c[i].category, 0)};
		int cur = currency_of(o, c[i].currency);
		if (k[0] < 0 || k[1] < 0 || k[2] < 0 || k[3] < 0 || cur < 0)
			return -1;
		memset(e, 0, sizeof(*e));
		e->id = c[i].id;
		for (int j = 0; j < NKEYS; j++)
			e->key[j] = (uint32_t)k[j];
		/* the consultation itself puts it at "consulted", as its company reported it; any
		 * follow-up at that stage comes after it */
		e->at[OC_CONSULTED] = (struct at){
			.has = 1, .date = NO_DATE, .amount = c[i].amount, .currency = (uint8_t)cur};
		if (o->n && o->e[o->n - 1].id >= e->id)
			o->sorted = 0;
		o->n++;
	}
	return 0;
}

int oc_add_standings(struct oc_report *o, const struct oc_standing *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (oc_add_consultations(o, &s[i].c, 1))
			return -1;
		struct entry *e = &o->e[o->n - 1];
		for (int k = 0; k < OC_NSTAGES; k++) {
			if (!s[i].at[k].has)
				continue;
			int cur = currency_of(o, s[i].at[k].currency);
			long d = s[i].at[k].date;
			if (cur < 0)
				return -1;
			e->at[k] = (struct at){.has = 1,
					       .verified = s[i].at[k].verified != 0,
					       .date = d < INT32_MIN + 1 ? INT32_MIN + 1
						       : d > INT32_MAX	 ? INT32_MAX
									 : (int32_t)d,
					       .order = (uint32_t)++o->fed,
					       .amount = s[i].at[k].amount,
					       .currency = (uint8_t)cur};
		}
	}
	return 0;
}

static int by_id(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* Sorts the entries by id once, and indexes them by id when the ids are dense enough. */
static void index_entries(struct oc_report *o)
{
	if (!o->sorted) {
		qsort(o->e, o->n, sizeof(*o->e), by_id);
		o->sorted = 1;
		o->indexed = 0;
	}
	if (o->indexed == o->n || !o->n)
		return;
	o->min_id = o->e[0].id, o->max_id = o->e[o->n - 1].id;
	uint64_t span = (uint64_t)(o->max_id - o->min_id) + 1;
	o->by_id = NULL;
	if (span <= 4 * (uint64_t)o->n + 1024 &&
	    (o->by_id = arena_alloc(o->a, span * sizeof(*o->by_id)))) {
		memset(o->by_id, 0, span * sizeof(*o->by_id));
		for (size_t i = 0; i < o->n; i++)
			o->by_id[o->e[i].id - o->min_id] = (uint32_t)i + 1;
	}
	o->indexed = o->n;
}

static struct entry *find(struct oc_report *o, int64_t id)
{
	if (o->by_id) {
		if (id < o->min_id || id > o->max_id)
			return NULL;
		uint32_t k = o->by_id[id - o->min_id];
		return k ? &o->e[k - 1] : NULL;
	}
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
	index_entries(o);
	for (size_t i = 0; i < n; i++) {
		struct entry *e = find(o, f[i].consultation);
		uint32_t order = (uint32_t)++o->fed;
		if (!e || f[i].stage < 0 || f[i].stage >= OC_NSTAGES) {
			o->orphans++;
			continue;
		}
		struct at *at = &e->at[f[i].stage];
		int32_t date = f[i].date < INT32_MIN + 1 ? INT32_MIN + 1
			       : f[i].date > INT32_MAX	 ? INT32_MAX
							 : (int32_t)f[i].date;
		if (at->has && (date < at->date || (date == at->date && order < at->order)))
			continue;
		int cur = currency_of(o, f[i].currency);
		if (cur < 0)
			return -1;
		*at = (struct at){.has = 1,
				  .verified = f[i].verified != 0,
				  .date = date,
				  .order = order,
				  .amount = f[i].amount,
				  .currency = (uint8_t)cur};
	}
	return 0;
}

int oc_merge(struct oc_report *o, const struct oc_report *from)
{
	uint32_t *map[NKEYS];
	int cur[MAX_CURRENCIES];
	if (o->worked || o->groups[0] || o->fed + from->fed > UINT32_MAX)
		return -1;
	/* from's keys and currencies as o's */
	for (int k = 0; k < NKEYS; k++) {
		const struct keys *fk = &from->keys[k];
		if (!(map[k] = arena_alloc(o->a, (fk->n + 1) * sizeof(*map[k]))))
			return -1;
		for (size_t i = 0; i < fk->n; i++) {
			long v = intern(o->a, &o->keys[k], fk->text ? fk->strs[i] : NULL,
					fk->text ? 0 : fk->ids[i]);
			if (v < 0)
				return -1;
			map[k][i] = (uint32_t)v;
		}
	}
	for (size_t c = 0; c < from->ncurrencies; c++)
		if ((cur[c] = currency_of(o, from->currency[c])) < 0)
			return -1;
	if (oc_reserve(o, from->n))
		return -1;
	if (from->n && o->n && (!from->sorted || from->e[0].id <= o->e[o->n - 1].id))
		o->sorted = 0;
	for (size_t i = 0; i < from->n; i++) {
		struct entry *e = &o->e[o->n++];
		*e = from->e[i];
		for (int k = 0; k < NKEYS; k++)
			e->key[k] = map[k][e->key[k]];
		for (int s = 0; s < OC_NSTAGES; s++) {
			struct at *at = &e->at[s];
			if (!at->has)
				continue;
			at->currency = (uint8_t)cur[at->currency];
			if (at->order)
				at->order += (uint32_t)o->fed; /* fed after o's own */
		}
	}
	o->fed += from->fed;
	o->orphans += from->orphans;
	return 0;
}

size_t oc_currencies(const struct oc_report *o, const char *const **out)
{
	*out = o->currency;
	return o->ncurrencies;
}

size_t oc_orphans(const struct oc_report *o)
{
	return o->orphans;
}

/* The rates of every currency met into both report currencies, read once. */
static void read_rates(struct oc_report *o)
{
	for (size_t c = 0; c < o->ncurrencies; c++)
		for (int k = 0; k < 2; k++) {
			const char *rate = NULL;
			if (strcmp(o->currency[c], o->rates.report[k]))
				for (size_t i = 0; i < o->rates.n; i++)
					if (!strcmp(o->rates.rates[i].currency, o->currency[c]))
						rate = o->rates.rates[i].rate[k];
			o->has_rate[c][k] = !money_rate_set(&o->rate[c][k], o->currency[c], rate,
							    o->rates.report[k]);
		}
}

/* The amount at a stage in both report currencies; 0 when it has no rate (or overflows). */
static int convert(const struct oc_report *o, const struct at *at, int64_t in[2])
{
	for (int k = 0; k < 2; k++)
		if (!o->has_rate[at->currency][k] ||
		    money_rate_apply(&o->rate[at->currency][k], at->amount, &in[k]))
			return 0;
	return 1;
}

static int add_to(struct oc_cell *cell, const struct at *at, int converted, const int64_t in[2])
{
	cell->count++;
	if (!converted) {
		cell->unconverted++;
		return 0;
	}
	for (int k = 0; k < 2; k++) {
		if (__builtin_add_overflow(cell->amount[k], in[k], &cell->amount[k]))
			return -1;
		if (at->verified &&
		    __builtin_add_overflow(cell->verified[k], in[k], &cell->verified[k]))
			return -1;
	}
	return 0;
}

/* The key an axis groups by. */
static const int axis_key[OC_NAXES] = {
	[OC_TOTAL] = -1,
	[OC_BY_COMPANY] = KEY_COMPANY,
	[OC_BY_COUNTRY] = KEY_COUNTRY,
	[OC_BY_CATEGORY] = KEY_CATEGORY,
	[OC_BY_PAVILION] = KEY_PAVILION,
};

struct key_order {
	const struct keys *k;
};

static int by_key(const void *x, const void *y, void *ctx)
{
	const struct keys *k = ((const struct key_order *)ctx)->k;
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	if (k->text)
		return strcmp(k->strs[a], k->strs[b]);
	return k->ids[a] < k->ids[b] ? -1 : k->ids[a] > k->ids[b];
}

/* The groups of every breakdown, by key, with empty cells; rank[k]: key index -> position of
 * its group. */
static int prepare(struct oc_report *o)
{
	read_rates(o);
	for (int a = 0; a < OC_NAXES; a++) {
		int k = axis_key[a];
		size_t ng = k < 0 ? 1 : o->keys[k].n;
		o->groups[a] = arena_alloc(o->a, (ng + 1) * sizeof(struct oc_group));
		if (!o->groups[a])
			return -1;
		o->ngroups[a] = ng;
		if (k < 0)
			continue;
		uint32_t *order = arena_alloc(o->a, (ng + 1) * sizeof(*order));
		o->rank[k] = arena_alloc(o->a, (ng + 1) * sizeof(*o->rank[k]));
		if (!order || !o->rank[k])
			return -1;
		for (uint32_t i = 0; i < ng; i++)
			order[i] = i;
		struct key_order ctx = {&o->keys[k]};
		qsort_r(order, ng, sizeof(*order), by_key, &ctx);
		for (uint32_t r = 0; r < ng; r++) {
			o->rank[k][order[r]] = r;
			struct oc_group *g = &o->groups[a][r];
			g->id = o->keys[k].text ? 0 : o->keys[k].ids[order[r]];
			g->key = o->keys[k].text ? o->keys[k].strs[order[r]] : "";
		}
	}
	o->groups[OC_TOTAL][0].key = "";
	return 0;
}

/* Entries from up to to added to the groups of every breakdown in g (laid out as o's), in
 * one pass: each amount converted once. */
static int sum_entries(const struct oc_report *o, struct oc_group *const g[OC_NAXES], size_t from,
		       size_t to)
{
	for (size_t i = from; i < to; i++) {
		const struct entry *e = &o->e[i];
		for (int s = 0; s < OC_NSTAGES; s++) {
			const struct at *at = &e->at[s];
			int64_t in[2] = {0, 0};
			if (!at->has)
				continue;
			int converted = convert(o, at, in);
			for (int a = 0; a < OC_NAXES; a++) {
				int k = axis_key[a];
				struct oc_group *x = &g[a][k < 0 ? 0 : o->rank[k][e->key[k]]];
				if (add_to(&x->stage[s], at, converted, in))
					return -1;
			}
		}
	}
	return 0;
}

static int work_out(struct oc_report *o)
{
	if (prepare(o) || sum_entries(o, o->groups, 0, o->n))
		return -1;
	o->worked = 1;
	return 0;
}

int oc_work_begin(struct oc_report *o, size_t nparts)
{
	if (o->worked || o->groups[0] || !nparts || prepare(o) ||
	    !(o->parts = arena_alloc(o->a, nparts * sizeof(*o->parts))))
		return -1;
	for (size_t p = 0; p < nparts; p++)
		for (int a = 0; a < OC_NAXES; a++)
			if (!(o->parts[p][a] = arena_alloc(o->a, (o->ngroups[a] + 1) *
									 sizeof(struct oc_group))))
				return -1;
	o->nparts = nparts;
	return 0;
}

int oc_work_part(const struct oc_report *o, size_t k)
{
	if (k >= o->nparts)
		return -1;
	return sum_entries(o, o->parts[k], o->n * k / o->nparts, o->n * (k + 1) / o->nparts);
}

int oc_work_end(struct oc_report *o)
{
	if (!o->nparts)
		return -1;
	for (size_t p = 0; p < o->nparts; p++)
		for (int a = 0; a < OC_NAXES; a++)
			for (size_t i = 0; i < o->ngroups[a]; i++)
				for (int s = 0; s < OC_NSTAGES; s++) {
					struct oc_cell *to = &o->groups[a][i].stage[s];
					const struct oc_cell *c = &o->parts[p][a][i].stage[s];
					to->count += c->count;
					to->unconverted += c->unconverted;
					for (int k = 0; k < 2; k++)
						if (__builtin_add_overflow(to->amount[k],
									   c->amount[k],
									   &to->amount[k]) ||
						    __builtin_add_overflow(to->verified[k],
									   c->verified[k],
									   &to->verified[k]))
							return -1;
				}
	o->nparts = 0;
	o->worked = 1;
	return 0;
}

int oc_groups(struct oc_report *o, enum oc_axis axis, const struct oc_group **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (axis < 0 || axis >= OC_NAXES)
		return -1;
	if (!o->worked && work_out(o))
		return -1;
	*out = o->groups[axis];
	*n = o->ngroups[axis];
	return 0;
}

static struct oc_line line_of(const struct oc_report *o, const struct entry *e, const struct at *at)
{
	struct oc_line l = {.consultation = e->id,
			    .date = at->date == NO_DATE ? LONG_MIN : at->date,
			    .amount = at->amount,
			    .currency = o->currency[at->currency],
			    .verified = at->verified};
	l.converted = convert(o, at, l.in);
	if (!l.converted)
		l.in[0] = l.in[1] = 0;
	return l;
}

/* The rates read and the entries indexed, for a look at single consultations. */
static void ready(struct oc_report *o)
{
	index_entries(o);
	read_rates(o);
}

int oc_entry(struct oc_report *o, int64_t id, struct oc_line at[OC_NSTAGES])
{
	ready(o);
	struct entry *e = find(o, id);
	memset(at, 0, OC_NSTAGES * sizeof(*at));
	if (!e)
		return -1;
	for (int s = 0; s < OC_NSTAGES; s++)
		if (e->at[s].has)
			at[s] = line_of(o, e, &e->at[s]);
	return 0;
}

/* Whether entry e is in f's group. */
static int in_group(const struct oc_report *o, const struct oc_filter *f, const struct entry *e)
{
	int k = axis_key[f->axis];
	if (k < 0)
		return 1;
	const struct keys *keys = &o->keys[k];
	if (keys->text)
		return !strcmp(keys->strs[e->key[k]], f->key ? f->key : "");
	return keys->ids[e->key[k]] == f->id;
}

int oc_lines(struct oc_report *o, const struct oc_filter *f, const struct oc_line **out, size_t *n,
	     struct oc_cell *cell)
{
	*out = NULL;
	*n = 0;
	memset(cell, 0, sizeof(*cell));
	if (f->stage < 0 || f->stage >= OC_NSTAGES || f->axis < 0 || f->axis >= OC_NAXES)
		return -1;
	ready(o);
	struct oc_line *lines = arena_alloc(o->a, (o->n + 1) * sizeof(*lines));
	if (!lines)
		return -1;
	size_t k = 0;
	for (size_t i = 0; i < o->n; i++) {
		const struct entry *e = &o->e[i];
		const struct at *at = &e->at[f->stage];
		if (!at->has || (f->verified_only && !at->verified) || !in_group(o, f, e))
			continue;
		lines[k] = line_of(o, e, at);
		if (add_to(cell, at, lines[k].converted, lines[k].in))
			return -1;
		k++;
	}
	*out = lines;
	*n = k;
	return 0;
}
