/* outcome_scope.c - what an outcome report is of, the edition before it, and the figures it
 * shows beside the consultations (companies, B2B meetings held, agreements signed). */
#include <stdlib.h>
#include <string.h>

#include "../store/store.h"
#include "outcome.h"
#include "rowjson.h"

enum { MANY = 100000 }; /* pavilions, programmes, agreements of one subject: never near it */

/* The rows of the entity called name whose fields (a NULL-terminated list of name, value
 * pairs, integer values) match, within owner_org (0: all). */
static int rows_where(struct app *app, struct arena *a, const char *name, int64_t owner_org,
		      const char *const *fields, const int64_t *values, struct row **rows,
		      size_t *n, struct app_error *err)
{
	const struct entity *e = entity_find(name);
	struct store_filter flt[4];
	size_t nf = 0;
	for (; fields[nf] && nf < 4; nf++)
		flt[nf] = (struct store_filter){.field = entity_field_index(e, fields[nf]),
						.num = values[nf]};
	struct store_query q = {
		.filters = flt, .nfilters = nf, .sort = -1, .limit = MANY, .owner_org = owner_org};
	int se = store_list(app_store(app), e, &q, a, rows, n);
	return se ? app_store_fail(app, err, se, e) : 0;
}

/* The pavilions of event (of host, when not 0) within owner_org, into s. */
static int pavilions_of(struct app *app, struct arena *a, int64_t event, int64_t host,
			int64_t owner_org, struct oc_subject *s, struct app_error *err)
{
	static const char *const by_event[] = {"event_id", NULL}, *const by_host[] = {
									  "event_id",
									  "host_organization_id",
									  NULL};
	const int64_t values[] = {event, host};
	struct row *rows;
	size_t n;
	if (rows_where(app, a, "pavilions", owner_org, host ? by_host : by_event, values, &rows, &n,
		       err))
		return -1;
	s->pavilions = arena_alloc(a, (n + 1) * sizeof(*s->pavilions));
	for (size_t i = 0; i < n; i++)
		s->pavilions[i] = rows[i].id;
	s->npavilions = n;
	return 0;
}

/* The event's days and series into s. */
static int event_into(struct app *app, struct arena *a, int64_t id, struct oc_subject *s,
		      struct app_error *err)
{
	const struct entity *ee = entity_find("events");
	struct row ev;
	int se = store_get(app_store(app), ee, id, a, &ev);
	if (se)
		return app_store_fail(app, err, se, ee);
	s->event = id;
	s->day = row_text(ee, &ev, "end_date");
	s->start = row_text(ee, &ev, "start_date");
	s->series = row_text(ee, &ev, "series");
	return 0;
}

int oc_by_company(const struct oc_subject *s)
{
	return !strcmp(s->part_field, "exhibitor_id");
}

/* A business centre's member companies, into s's parts. */
static int members_of(struct app *app, struct arena *a, int64_t centre, struct oc_subject *s,
		      struct app_error *err)
{
	static const char *const f[] = {"centre_id", NULL};
	const struct entity *me = entity_find("centre_members");
	struct row *rows;
	size_t n;
	if (rows_where(app, a, "centre_members", 0, f, &centre, &rows, &n, err))
		return -1;
	s->parts = arena_alloc(a, (n + 1) * sizeof(*s->parts));
	for (size_t i = 0; i < n; i++)
		s->parts[i] = row_int(me, &rows[i], "organization_id");
	s->nparts = n;
	return 0;
}

static int subject_of(struct app *app, struct arena *a, const char *kind, int64_t id,
		      const struct app_principal *who, struct oc_subject *s, struct app_error *err);

int oc_subject_of(struct app *app, struct arena *a, const char *kind, int64_t id,
		  const struct app_principal *who, struct oc_subject *s, struct app_error *err)
{
	if (subject_of(app, a, kind, id, who, s, err))
		return -1;
	if (!strcmp(kind, "company")) {
		s->part_field = "exhibitor_id";
		s->parts = arena_alloc(a, sizeof(*s->parts));
		s->parts[0] = id;
		s->nparts = 1;
	} else if (strcmp(kind, "centre")) {
		s->part_field = "pavilion_id";
		s->parts = s->pavilions;
		s->nparts = s->npavilions;
	}
	return 0;
}

static int subject_of(struct app *app, struct arena *a, const char *kind, int64_t id,
		      const struct app_principal *who, struct oc_subject *s, struct app_error *err)
{
	const struct entity *ce = entity_find("consultations");
	struct app_grant g;
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->id = id;
	if (app_grant_locked(app, who, ce, POLICY_READ, &g, err))
		return -1;
	s->owner_org = g.owner_org;
	if (!strcmp(kind, "company")) {
		struct row r;
		int se = store_get(app_store(app), entity_find("organizations"), id, a, &r);
		return se ? app_store_fail(app, err, se, NULL) : 0;
	}
	if (!strcmp(kind, "centre")) { /* its member companies' consultations the reader sees */
		const struct entity *be = entity_find("business_centres");
		struct row r;
		int se = store_get(app_store(app), be, id, a, &r);
		if (se)
			return app_store_fail(app, err, se, be);
		if (app_grant_narrow(&g, be, POLICY_READ, err) ||
		    app_grant_row(app, a, &g, be, &r, 404, err) ||
		    app_grant_narrow(&g, entity_find("consultations"), POLICY_READ, err))
			return -1;
		s->owner_org = g.owner_org;
		s->part_field = "exhibitor_id";
		return members_of(app, a, id, s, err);
	}
	if (!strcmp(kind, "event"))
		return event_into(app, a, id, s, err) ||
		       pavilions_of(app, a, id, 0, s->owner_org, s, err);
	const struct entity *pe = entity_find("pavilions");
	struct row p;
	int se = store_get(app_store(app), pe, id, a, &p);
	if (se)
		return app_store_fail(app, err, se, pe);
	if (app_grant_narrow(&g, pe, POLICY_READ, err) ||
	    app_grant_row(app, a, &g, pe, &p, 404, err))
		return -1;
	s->host = row_int(pe, &p, "host_organization_id");
	s->pavilions = arena_alloc(a, sizeof(*s->pavilions));
	s->pavilions[0] = id;
	s->npavilions = 1;
	return event_into(app, a, row_int(pe, &p, "event_id"), s, err);
}

int oc_host_subject(struct app *app, struct arena *a, int64_t event, int64_t host,
		    struct oc_subject *s, struct app_error *err)
{
	memset(s, 0, sizeof(*s));
	s->kind = "pavilion";
	s->host = host;
	if (event_into(app, a, event, s, err) || pavilions_of(app, a, event, host, 0, s, err))
		return -1;
	s->id = s->npavilions ? s->pavilions[0] : 0;
	s->part_field = "pavilion_id";
	s->parts = s->pavilions;
	s->nparts = s->npavilions;
	return 0;
}

int oc_previous_of(struct app *app, struct arena *a, const struct oc_subject *s,
		   struct oc_subject *prev, int *found, struct app_error *err)
{
	*found = 0;
	if (!s->event || !s->series || !s->start)
		return 0;
	const struct entity *ee = entity_find("events");
	struct store_filter flt = {.field = entity_field_index(ee, "series"), .text = s->series};
	struct store_query q = {.filters = &flt,
				.nfilters = 1,
				.sort = entity_field_index(ee, "start_date"),
				.descending = 1,
				.limit = MANY};
	struct row *rows;
	size_t n;
	int se = store_list(app_store(app), ee, &q, a, &rows, &n);
	if (se)
		return app_store_fail(app, err, se, ee);
	for (size_t i = 0; i < n; i++) {
		const char *start = row_text(ee, &rows[i], "start_date");
		if (rows[i].id == s->event || !start || strcmp(start, s->start) >= 0)
			continue;
		*prev = *s;
		if (event_into(app, a, rows[i].id, prev, err) ||
		    pavilions_of(app, a, rows[i].id, s->host, s->owner_org, prev, err))
			return -1;
		prev->id = !strcmp(s->kind, "event") ? rows[i].id
			   : prev->npavilions	     ? prev->pavilions[0]
						     : 0;
		prev->parts = prev->pavilions; /* the earlier edition's, not s's */
		prev->nparts = prev->npavilions;
		*found = prev->npavilions > 0;
		return 0;
	}
	return 0;
}

static int by_value(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return a < b ? -1 : a > b;
}

/* The exhibitors with a booth in s's pavilions, distinct, sorted. */
static int exhibitors(struct app *app, struct arena *a, const struct oc_subject *s, int64_t **out,
		      size_t *nout, struct app_error *err)
{
	const struct entity *be = entity_find("booths");
	size_t cap = 64, k = 0;
	*out = NULL;
	*nout = 0;
	int64_t *ids = malloc(cap * sizeof(*ids));
	for (size_t p = 0; ids && p < s->npavilions; p++) {
		static const char *const f[] = {"pavilion_id", NULL};
		struct row *rows;
		size_t n;
		if (rows_where(app, a, "booths", 0, f, &s->pavilions[p], &rows, &n, err)) {
			free(ids);
			return -1;
		}
		for (size_t i = 0; i < n; i++) {
			int64_t org = row_int(be, &rows[i], "exhibitor_id");
			if (!org)
				continue;
			if (k == cap) {
				int64_t *more = realloc(ids, (cap *= 2) * sizeof(*ids));
				if (!more)
					break;
				ids = more;
			}
			ids[k++] = org;
		}
	}
	if (!ids)
		return app_fail(err, 500, "internal", "out of memory");
	qsort(ids, k, sizeof(*ids), by_value);
	size_t u = 0;
	for (size_t i = 0; i < k; i++)
		if (!u || ids[u - 1] != ids[i])
			ids[u++] = ids[i];
	*out = arena_alloc(a, (u + 1) * sizeof(**out));
	if (*out)
		memcpy(*out, ids, u * sizeof(*ids));
	*nout = u;
	free(ids);
	return *out ? 0 : app_fail(err, 500, "internal", "out of memory");
}

static int64_t held_in(struct app *app, const char *field, int64_t id, struct app_error *err,
		       int *failed)
{
	const struct entity *me = entity_find("b2b_meetings");
	struct store_filter flt[2] = {{.field = entity_field_index(me, field), .num = id},
				      {.field = entity_field_index(me, "status"), .text = "held"}};
	struct store_query q = {.filters = flt, .nfilters = 2, .sort = -1};
	int64_t n = 0;
	int se = store_count(app_store(app), me, &q, &n);
	if (se) {
		app_store_fail(app, err, se, me);
		*failed = 1;
	}
	return n;
}

/* B2B meetings marked held: in the host's programmes at the event (a pavilion's), in the
 * event's programmes the reader sees (an event's), with the company on either side (a
 * company's). */
static int meetings_held(struct app *app, struct arena *a, const struct oc_subject *s, int64_t *out,
			 struct app_error *err)
{
	struct row *rows;
	size_t n;
	int failed = 0;
	*out = 0;
	if (oc_by_company(s)) {
		static const char *const f[] = {"organization_id", NULL};
		for (size_t c = 0; c < s->nparts && !failed; c++) {
			if (rows_where(app, a, "b2b_participants", s->owner_org, f, &s->parts[c],
				       &rows, &n, err))
				return -1;
			for (size_t k = 0; k < n && !failed; k++)
				*out += held_in(app, "host_id", rows[k].id, err, &failed) +
					held_in(app, "visitor_id", rows[k].id, err, &failed);
		}
		return failed ? -1 : 0;
	}
	static const char *const by_event[] = {"event_id", NULL}, *const by_host[] = {
									  "event_id",
									  "host_organization_id",
									  NULL};
	const int64_t values[] = {s->event, s->host};
	if (rows_where(app, a, "b2b_events", s->owner_org, s->host ? by_host : by_event, values,
		       &rows, &n, err))
		return -1;
	for (size_t i = 0; i < n && !failed; i++)
		*out += held_in(app, "b2b_event_id", rows[i].id, err, &failed);
	return failed ? -1 : 0;
}

static int is_signed(const struct entity *e, const struct row *r)
{
	const char *st = row_text(e, r, "status");
	return st &&
	       (!strcmp(st, "signed") || !strcmp(st, "in_progress") || !strcmp(st, "completed"));
}

/* The agreements signed: at the event by the host (a pavilion's) or by the regions the
 * reader sees (an event's); with the company among the parties (a company's). */
static int agreements(struct app *app, struct arena *a, const struct oc_subject *s,
		      struct oc_extras *x, struct app_error *err)
{
	const struct entity *ae = entity_find("agreements");
	struct row *rows;
	size_t n;
	if (oc_by_company(s)) {
		static const char *const f[] = {"organization_id", NULL};
		const struct entity *pe = entity_find("agreement_parties");
		size_t cap = 0;
		rows = NULL;
		n = 0;
		for (size_t c = 0; c < s->nparts; c++) {
			struct row *parties;
			size_t np;
			if (rows_where(app, a, "agreement_parties", s->owner_org, f, &s->parts[c],
				       &parties, &np, err))
				return -1;
			if (n + np + 1 > cap) {
				struct row *more =
					arena_alloc(a, (2 * (n + np) + 1) * sizeof(*rows));
				if (!more)
					return app_fail(err, 500, "internal", "out of memory");
				if (n)
					memcpy(more, rows, n * sizeof(*rows));
				rows = more, cap = 2 * (n + np) + 1;
			}
			for (size_t k = 0; k < np; k++) {
				int64_t ag = row_int(pe, &parties[k], "agreement_id");
				int seen = 0; /* one agreement of two members counts once */
				for (size_t q = 0; q < n && !seen; q++)
					seen = rows[q].id == ag;
				if (seen)
					continue;
				int se = store_get(app_store(app), ae, ag, a, &rows[n]);
				if (se && se != STORE_NOT_FOUND)
					return app_store_fail(app, err, se, ae);
				n += !se;
			}
		}
	} else {
		static const char *const f[] = {"event_id", NULL};
		if (rows_where(app, a, "agreements", s->host ? s->host : s->owner_org, f, &s->event,
			       &rows, &n, err))
			return -1;
	}
	x->agreements = arena_alloc(a, (n + 1) * sizeof(*x->agreements));
	if (!x->agreements)
		return app_fail(err, 500, "internal", "out of memory");
	for (size_t i = 0; i < n; i++)
		if (is_signed(ae, &rows[i]))
			x->agreements[x->nagreements++] = (struct oc_agreement){
				row_int(ae, &rows[i], "amount"), row_text(ae, &rows[i], "currency"),
				(int)row_int(ae, &rows[i], "binding")};
	return 0;
}

int oc_extras_of(struct app *app, struct arena *a, const struct oc_subject *s, struct oc_extras *x,
		 struct app_error *err)
{
	memset(x, 0, sizeof(*x));
	if (oc_by_company(s))
		x->companies = (int64_t)s->nparts;
	else {
		int64_t *ids;
		size_t n;
		if (exhibitors(app, a, s, &ids, &n, err))
			return -1;
		x->exhibitors = ids;
		x->nexhibitors = n;
		x->companies = (int64_t)n;
	}
	return meetings_held(app, a, s, &x->meetings_held, err) || agreements(app, a, s, x, err);
}
