/* b2b_plan.c - a B2B programme read whole: its rows, its slots, lookups by id, and who may
 * act on it. */
#include <stdlib.h>
#include <string.h>

#include "../core/role.h"
#include "../core/zone.h"
#include "b2b.h"

enum { B2B_ROWS_MAX = 1000000 };

int b2b_rows(struct app *app, struct arena *a, const struct entity *e, const char *fk, int64_t id,
	     struct row **rows, size_t *n, struct app_error *err)
{
	struct store_filter flt = {.field = entity_field_index(e, fk), .num = id};
	struct store_query q = {.filters = &flt, .nfilters = 1, .sort = -1, .limit = B2B_ROWS_MAX};
	int se = store_list(app_store(app), e, &q, a, rows, n);
	return se ? app_store_fail(app, err, se, e) : 0;
}

static const struct row *by_id(const struct row *rows, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) { /* rows come sorted by id */
		size_t mid = (lo + hi) / 2;
		if (rows[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && rows[lo].id == id ? &rows[lo] : NULL;
}

const struct row *b2b_person(const struct b2b_plan *p, int64_t id)
{
	return by_id(p->people, p->npeople, id);
}

const struct row *b2b_venue(const struct b2b_plan *p, int64_t id)
{
	return by_id(p->venues, p->nvenues, id);
}

int b2b_meeting_slot(const struct b2b_plan *p, const struct row *m, const char *field)
{
	int64_t t;
	const char *s = row_text(p->me, m, field);
	return s && !instant_parse(s, &t) ? b2b_slot_at(p->slots, p->nslots, t) : -1;
}

static int64_t instant_of(const struct entity *e, const struct row *r, const char *name)
{
	int64_t t = 0;
	const char *s = row_text(e, r, name);
	return s && !instant_parse(s, &t) ? t : 0;
}

/* The slots of the programme's sessions. */
static int make_slots(struct arena *a, struct b2b_plan *p, struct app_error *err)
{
	struct b2b_session *ss = arena_alloc(a, (p->nsessions + 1) * sizeof(*ss));
	p->slots = arena_alloc(a, B2B_MAX_SLOTS * sizeof(*p->slots));
	if (p->nsessions > B2B_MAX_SLOTS)
		return app_fail(err, 422, "too_many_slots", "the sessions make too many slots");
	p->shortest = 0;
	for (size_t i = 0; i < p->nsessions; i++) {
		const struct row *r = &p->sessions[i];
		ss[i] = (struct b2b_session){
			.start = instant_of(p->se, r, "starts_at"),
			.end = instant_of(p->se, r, "ends_at"),
			.slot_minutes = (int)row_int(p->se, r, "slot_minutes"),
			.break_start = instant_of(p->se, r, "break_starts_at"),
			.break_end = instant_of(p->se, r, "break_ends_at"),
		};
		if (!p->shortest || ss[i].slot_minutes < p->shortest)
			p->shortest = ss[i].slot_minutes;
	}
	size_t bad;
	enum b2b_slots_error e = b2b_slots(ss, p->nsessions, p->slots, &p->nslots, &bad);
	if (e == B2B_SLOTS_OK)
		return 0;
	const char *field = arena_printf(a, "b2b_sessions/%lld", (long long)p->sessions[bad].id);
	switch (e) {
	case B2B_SLOTS_OVERLAP:
		app_fail(err, 422, "invalid_sessions", "two sessions overlap");
		app_field_error(err, field, "overlap",
				"overlaps the session before it: nobody can be in both");
		break;
	case B2B_SLOTS_BAD:
		app_fail(err, 422, "invalid_sessions", "a session's slots are too short");
		app_field_error(err, field, "out_of_range", "slot_minutes must be 5 or more");
		break;
	default:
		app_fail(err, 422, "invalid_sessions", "the sessions make too many slots");
		app_field_error(err, field, "too_many", "at most 2000 slots in a programme");
	}
	return -1;
}

int b2b_plan_load(struct app *app, struct arena *a, int64_t id, struct b2b_plan *p,
		  struct app_error *err)
{
	memset(p, 0, sizeof(*p));
	p->ee = entity_find("b2b_events");
	p->se = entity_find("b2b_sessions");
	p->ve = entity_find("b2b_venues");
	p->we = entity_find("b2b_walks");
	p->pe = entity_find("b2b_participants");
	p->me = entity_find("b2b_meetings");
	p->ae = entity_find("b2b_absences");
	p->re = entity_find("b2b_requests");
	int se = store_get(app_store(app), p->ee, id, a, &p->event);
	if (se)
		return app_store_fail(app, err, se, p->ee);
	p->tz = row_text(p->ee, &p->event, "timezone");
	if (b2b_rows(app, a, p->se, "b2b_event_id", id, &p->sessions, &p->nsessions, err) ||
	    b2b_rows(app, a, p->ve, "b2b_event_id", id, &p->venues, &p->nvenues, err) ||
	    b2b_rows(app, a, p->we, "b2b_event_id", id, &p->walks, &p->nwalks, err) ||
	    b2b_rows(app, a, p->pe, "b2b_event_id", id, &p->people, &p->npeople, err) ||
	    b2b_rows(app, a, p->me, "b2b_event_id", id, &p->meetings, &p->nmeetings, err))
		return -1;
	return make_slots(a, p, err);
}

int b2b_may(struct app *app, struct arena *a, const struct app_principal *who,
	    const struct entity *e, enum policy_op op, const struct row *event,
	    const struct row *person, enum b2b_actor *as, struct app_error *err)
{
	enum role role;
	const struct entity *pe = entity_find("b2b_participants");
	*as = B2B_STAFF;
	if (who && who->user_id && !role_parse(who->role, &role) && role == ROLE_COMPANY) {
		/* a company member acts for its own organization's participants, nobody else */
		if (person && row_int(pe, person, "organization_id") == who->organization_id &&
		    who->organization_id) {
			*as = B2B_SELF;
			return 0;
		}
		return person ? app_fail(err, 404, "not_found", "no such record")
			      : app_fail(err, 403, "forbidden",
					 "this is for the programme's organizers");
	}
	struct app_grant g;
	return app_grant_locked(app, who, e, op, &g, err) ||
	       app_grant_row(app, a, &g, entity_find("b2b_events"), event, 404, err);
}

int b2b_save(struct app *app, struct arena *a, const char *actor, const char *action,
	     const struct entity *e, struct row *r, const struct row *event, json_t *before,
	     struct app_error *err)
{
	r->updated_at = app_now(a);
	int se = store_update(app_store(app), e, r->id, r->version, r);
	if (se)
		return app_store_fail(app, err, se, e);
	r->version++;
	/* every B2B row belongs to its programme's host: no need to walk the chain per row */
	int64_t owner = row_int(entity_find("b2b_events"), event, "host_organization_id");
	json_t *after = row_to_json(e, r);
	int rc = app_audit_locked(app, a, actor, action, e->name, r->id, owner, before, after, err);
	json_decref(after);
	return rc;
}

struct b2b_tx {
	struct arena *a;
	b2b_use_case fn;
	const struct b2b_call *c;
	json_t **out;
};

static int b2b_tx(struct app *app, void *ctx, struct app_error *err)
{
	struct b2b_tx *t = ctx;
	return t->fn(app, t->a, t->c, t->out, err);
}

int b2b_write(struct app *app, struct arena *a, b2b_use_case fn, const struct b2b_call *c,
	      json_t **out, struct app_error *err)
{
	struct b2b_tx t = {a, fn, c, out};
	*out = NULL;
	if (app_tx(app, b2b_tx, &t, err)) {
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}
