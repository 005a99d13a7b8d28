/* b2b_schedule.c - a programme's meetings through the scheduler (core/schedule.c) and back:
 * the instance from its rows, the result into its meetings, the preliminary schedule made
 * final. */
#include <ctype.h>
#include <string.h>
#include <time.h>

#include "../core/schedule.h"
#include "../core/zone.h"
#include "b2b.h"

long app_clock_ms(void *ctx)
{
	(void)ctx;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The instance being built from a plan, and the way back from its indices to rows. */
struct build {
	struct b2b_plan *p;
	struct arena *a;
	struct app_error *err;
	struct sched_instance in;
	int *who;	    /* per participant row: its scheduler participant, or -1 */
	int *interp;	    /* per participant row: its interpreter index, or -1 */
	size_t *interp_row; /* per interpreter: its participant row */
	size_t *meeting_row;
	const char *langs[SCHED_MAX_LANGUAGES];
	size_t nlangs;
	/* every row the instance was made from, with its version: the writes after a search run
	 * without the lock go ahead only when the programme still reads the same */
	struct stamp {
		int64_t id, version;
	} * stamps;
	size_t nstamps, cap;
};

static void stamp(struct build *b, const struct row *r)
{
	if (b->nstamps == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 256;
		struct stamp *more = arena_alloc(b->a, cap * sizeof(*more));
		if (b->nstamps)
			memcpy(more, b->stamps, b->nstamps * sizeof(*more));
		b->stamps = more, b->cap = cap;
	}
	b->stamps[b->nstamps++] = (struct stamp){r->id, r->version};
}

static void stamp_all(struct build *b, const struct row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		stamp(b, &rows[i]);
}

/* The bit of a language (compared without case), added when new; -1 past 64 languages. */
static int language(struct build *b, const char *name)
{
	for (size_t i = 0; i < b->nlangs; i++)
		if (!strcasecmp(b->langs[i], name))
			return (int)i;
	if (b->nlangs == SCHED_MAX_LANGUAGES)
		return -1;
	b->langs[b->nlangs] = name;
	return (int)b->nlangs++;
}

static int too_many_languages(struct build *b, const struct row *r)
{
	app_fail(b->err, 422, "too_many_languages",
		 "the participants speak more than 64 languages between them");
	app_field_error(b->err, arena_printf(b->a, "b2b_participants/%lld", (long long)r->id),
			"too_many", "one language too many");
	return -1;
}

/* A participant's free slots: all but those an absence overlaps. */
static int availability(struct app *app, struct build *b, const struct row *r, uint8_t **out)
{
	struct b2b_plan *p = b->p;
	struct row *abs;
	size_t n;
	uint8_t *flags = arena_alloc(b->a, p->nslots + 1);
	if (b2b_rows(app, b->a, p->ae, "participant_id", r->id, &abs, &n, b->err))
		return -1;
	memset(flags, 1, p->nslots + 1);
	stamp_all(b, abs, n);
	for (size_t k = 0; k < n; k++) {
		int64_t s, e;
		if (instant_parse(row_text(p->ae, &abs[k], "starts_at"), &s) ||
		    instant_parse(row_text(p->ae, &abs[k], "ends_at"), &e))
			continue;
		for (size_t t = 0; t < p->nslots; t++)
			if (b2b_overlaps(&p->slots[t], s, e))
				flags[t] = 0;
	}
	*out = flags;
	return 0;
}

static int add_people(struct app *app, struct build *b)
{
	struct b2b_plan *p = b->p;
	struct sched_participant *ps = arena_alloc(b->a, (p->npeople + 1) * sizeof(*ps));
	struct sched_interpreter *is = arena_alloc(b->a, (p->npeople + 1) * sizeof(*is));
	b->who = arena_alloc(b->a, (p->npeople + 1) * sizeof(int));
	b->interp = arena_alloc(b->a, (p->npeople + 1) * sizeof(int));
	b->interp_row = arena_alloc(b->a, (p->npeople + 1) * sizeof(size_t));
	for (size_t k = 0; k < p->npeople; k++) {
		const struct row *r = &p->people[k];
		const char *kind = row_text(p->pe, r, "kind");
		json_t *langs = json_loads(
			row_text(p->pe, r, "languages") ? row_text(p->pe, r, "languages") : "[]", 0,
			NULL);
		uint8_t *avail;
		size_t i;
		json_t *l;
		b->who[k] = b->interp[k] = -1;
		if (availability(app, b, r, &avail)) {
			json_decref(langs);
			return -1;
		}
		if (!strcmp(kind, "interpreter")) {
			int(*pairs)[2] =
				arena_alloc(b->a, (json_array_size(langs) + 1) * sizeof(*pairs));
			size_t np = 0;
			json_array_foreach(langs, i, l)
			{
				const char *s = json_string_value(l),
					   *dash = s ? strchr(s, '-') : NULL;
				if (!dash)
					continue;
				int x = language(b, arena_strndup(b->a, s, (size_t)(dash - s)));
				int y = language(b, arena_strdup(b->a, dash + 1));
				if (x < 0 || y < 0) {
					json_decref(langs);
					return too_many_languages(b, r);
				}
				pairs[np][0] = x, pairs[np][1] = y, np++;
			}
			b->interp_row[b->in.ninterpreters] = k;
			b->interp[k] = (int)b->in.ninterpreters;
			is[b->in.ninterpreters++] = (struct sched_interpreter){pairs, np, avail};
			json_decref(langs);
			continue;
		}
		uint64_t bits = 0;
		json_array_foreach(langs, i, l)
		{
			int x = json_is_string(l)
					? language(b, arena_strdup(b->a, json_string_value(l)))
					: 0;
			if (x < 0) {
				json_decref(langs);
				return too_many_languages(b, r);
			}
			bits |= 1ULL << x;
		}
		json_decref(langs);
		const struct value *cap = &r->v[entity_field_index(p->pe, "cap")];
		int64_t venue = row_int(p->pe, r, "venue_id");
		const struct row *v = venue ? b2b_venue(p, venue) : NULL;
		/* only an exhibitor's booth has tables; a visitor is in one meeting at a time */
		int tables = !strcmp(kind, "exhibitor") ? (int)row_int(p->pe, r, "tables") : 1;
		b->who[k] = (int)b->in.nparticipants;
		ps[b->in.nparticipants++] = (struct sched_participant){
			.tables = tables,
			.venue = v ? (int)(v - p->venues) : -1,
			.cap = cap->null ? -1 : (int)cap->i,
			.languages = bits,
			.available = avail,
		};
	}
	b->in.participants = ps;
	b->in.interpreters = is;
	return 0;
}

/* Walks between venues in slots of the shortest session, the same both ways. */
static void add_walks(struct build *b)
{
	struct b2b_plan *p = b->p;
	int *walk = arena_alloc(b->a, (p->nvenues * p->nvenues + 1) * sizeof(int));
	memset(walk, 0, (p->nvenues * p->nvenues + 1) * sizeof(int));
	for (size_t k = 0; k < p->nwalks; k++) {
		const struct row *v = b2b_venue(p, row_int(p->we, &p->walks[k], "from_venue_id"));
		const struct row *w = b2b_venue(p, row_int(p->we, &p->walks[k], "to_venue_id"));
		if (!v || !w)
			continue;
		size_t i = (size_t)(v - p->venues), j = (size_t)(w - p->venues);
		int slots =
			b2b_walk_slots((int)row_int(p->we, &p->walks[k], "minutes"), p->shortest);
		if (slots > walk[i * p->nvenues + j])
			walk[i * p->nvenues + j] = walk[j * p->nvenues + i] = slots;
	}
	b->in.nvenues = p->nvenues;
	b->in.walk = walk;
}

static int is_status(const struct b2b_plan *p, const struct row *m, const char *s)
{
	const char *v = row_text(p->me, m, "status");
	return v && !strcmp(v, s);
}

/* The meetings to place: every one not cancelled; those held or missed stay where they
 * were, pinned ones where the organizer put them. *conflict gets the rows of pinned
 * meetings whose time is no slot (left out with pin_conflict). */
static void add_meetings(struct build *b, uint8_t *conflict)
{
	struct b2b_plan *p = b->p;
	struct sched_meeting *ms = arena_alloc(b->a, (p->nmeetings + 1) * sizeof(*ms));
	b->meeting_row = arena_alloc(b->a, (p->nmeetings + 1) * sizeof(size_t));
	int must = (int)row_int(p->ee, &p->event, "must_weight");
	int published = row_text(p->ee, &p->event, "published_at") != NULL;
	for (size_t k = 0; k < p->nmeetings; k++) {
		const struct row *m = &p->meetings[k];
		const struct row *host = b2b_person(p, row_int(p->me, m, "host_id"));
		const struct row *visitor = b2b_person(p, row_int(p->me, m, "visitor_id"));
		int fixed = is_status(p, m, "held") || is_status(p, m, "no_show");
		int pin = fixed || row_int(p->me, m, "pinned");
		int slot = b2b_meeting_slot(p, m, "starts_at");
		conflict[k] = 0;
		if (is_status(p, m, "cancelled") || !host || !visitor ||
		    b->who[host - p->people] < 0 || b->who[visitor - p->people] < 0)
			continue;
		if (pin && slot < 0) {
			conflict[k] = !fixed;
			continue;
		}
		const char *prio = row_text(p->me, m, "priority");
		b->meeting_row[b->in.nmeetings] = k;
		ms[b->in.nmeetings++] = (struct sched_meeting){
			.a = b->who[host - p->people],
			.b = b->who[visitor - p->people],
			.weight = prio && !strcmp(prio, "must") ? must : 1,
			.pinned = pin ? slot : -1,
			.previous = published ? b2b_meeting_slot(p, m, "published_at") : -1,
			.allowed = NULL,
		};
	}
	b->in.meetings = ms;
}

static void set_value(struct arena *a, const struct entity *e, struct row *r, const char *name,
		      const char *text, int64_t num, int null)
{
	struct value *v = &r->v[entity_field_index(e, name)];
	v->null = null;
	v->i = null ? 0 : num;
	v->s = null || !text ? NULL : arena_strdup(a, text);
}

static int same_value(const struct entity *e, const struct row *r, const char *name,
		      const char *text, int64_t num, int null)
{
	const struct value *v = &r->v[entity_field_index(e, name)];
	if (v->null || null)
		return v->null == null;
	return text ? v->s && !strcmp(v->s, text) : v->i == num;
}

/* One meeting's new place: its slot's start (kept when it is fixed and left out), table,
 * interpreter and reason; saved only when something changed. */
static int place_meeting(struct app *app, struct build *b, struct row *m, int slot, int table,
			 int interp, const char *reason, const char *actor, size_t *changed)
{
	struct b2b_plan *p = b->p;
	const struct entity *e = p->me;
	char start[21] = "";
	int keep_start = slot < 0 && (row_int(e, m, "pinned") || !is_status(p, m, "planned"));
	if (slot >= 0)
		instant_format(p->slots[slot].start, start);
	const char *st = keep_start ? row_text(e, m, "starts_at") : slot >= 0 ? start : NULL;
	int64_t iid = interp >= 0 ? p->people[b->interp_row[interp]].id : 0;
	if (same_value(e, m, "starts_at", st ? st : "", 0, !st) &&
	    same_value(e, m, "table_no", NULL, table + 1, table < 0) &&
	    same_value(e, m, "interpreter_id", NULL, iid, !iid) &&
	    same_value(e, m, "reason", reason ? reason : "", 0, !reason))
		return 0;
	json_t *before = row_to_json(e, m);
	set_value(b->a, e, m, "starts_at", st, 0, !st);
	set_value(b->a, e, m, "table_no", NULL, table + 1, table < 0);
	set_value(b->a, e, m, "interpreter_id", NULL, iid, !iid);
	set_value(b->a, e, m, "reason", reason, 0, !reason);
	int rc = b2b_save(app, b->a, actor, "schedule", e, m, &p->event, before, b->err);
	json_decref(before);
	(*changed)++;
	return rc;
}

/* Pending requests past the programme's closing time: expired. */
static int expire_requests(struct app *app, struct arena *a, struct b2b_plan *p, const char *actor,
			   size_t *expired, struct app_error *err)
{
	const char *close = row_text(p->ee, &p->event, "requests_close_at");
	const char *now = app_now(a);
	struct row *rs;
	size_t n;
	*expired = 0;
	if (!close || strcmp(now, close) < 0)
		return 0;
	if (b2b_rows(app, a, p->re, "b2b_event_id", p->event.id, &rs, &n, err))
		return -1;
	for (size_t k = 0; k < n; k++) {
		const char *s = row_text(p->re, &rs[k], "status");
		if (!s || strcmp(s, "pending"))
			continue;
		json_t *before = row_to_json(p->re, &rs[k]);
		set_value(a, p->re, &rs[k], "status", "expired", 0, 0);
		int rc = b2b_save(app, a, actor, "expire", p->re, &rs[k], &p->event, before, err);
		json_decref(before);
		if (rc)
			return -1;
		(*expired)++;
	}
	return 0;
}

static int mark_event(struct app *app, struct arena *a, struct b2b_plan *p, const char *status,
		      const char *stamp_field, const char *actor, const char *action,
		      struct app_error *err)
{
	json_t *before = row_to_json(p->ee, &p->event);
	set_value(a, p->ee, &p->event, "schedule_status", status, 0, 0);
	set_value(a, p->ee, &p->event, stamp_field, app_now(a), 0, 0);
	int rc = b2b_save(app, a, actor, action, p->ee, &p->event, &p->event, before, err);
	json_decref(before);
	return rc;
}

/* A programme read and made an instance of, for one search. */
struct run {
	struct b2b_plan p;
	struct build b;
	uint8_t *conflict; /* per meeting row: a pin at a time that is no slot */
	size_t expired;
};

/* Reads programme c->id and makes its instance (caller holds the lock). */
static int prepare(struct app *app, struct arena *a, const struct b2b_call *c, struct run *r,
		   struct app_error *err)
{
	struct b2b_plan *p = &r->p;
	enum b2b_actor as;
	memset(r, 0, sizeof(*r));
	r->b = (struct build){.p = p, .a = a, .err = err};
	if (b2b_plan_load(app, a, c->id, p, err) ||
	    b2b_may(app, a, c->who, p->ee, POLICY_WRITE, &p->event, NULL, &as, err) ||
	    add_people(app, &r->b))
		return -1;
	stamp(&r->b, &p->event);
	stamp_all(&r->b, p->sessions, p->nsessions);
	stamp_all(&r->b, p->venues, p->nvenues);
	stamp_all(&r->b, p->walks, p->nwalks);
	stamp_all(&r->b, p->people, p->npeople);
	stamp_all(&r->b, p->meetings, p->nmeetings);
	r->conflict = arena_alloc(a, p->nmeetings + 1);
	add_walks(&r->b);
	add_meetings(&r->b, r->conflict);
	r->b.in.nslots = p->nslots;
	int *session = arena_alloc(a, (p->nslots + 1) * sizeof(int));
	for (size_t t = 0; t < p->nslots; t++)
		session[t] = p->slots[t].session;
	r->b.in.session = session;
	r->b.in.pool_tables = (int)row_int(p->ee, &p->event, "pool_tables");
	r->b.in.fairness = -1;
	return 0;
}

static int same_rows(const struct build *x, const struct build *y)
{
	return x->nstamps == y->nstamps &&
	       !memcmp(x->stamps, y->stamps, x->nstamps * sizeof(*x->stamps));
}

/* Writes the search's result into the programme r was made from (caller holds a write
 * transaction): pending requests past the deadline expire, each meeting whose place changed
 * is saved, the programme's schedule becomes preliminary. */
static int apply(struct app *app, struct arena *a, const struct b2b_call *c, struct run *r,
		 const struct sched_result *res, json_t **out, struct app_error *err)
{
	struct b2b_plan *p = &r->p;
	const char *actor = c->actor;
	size_t changed = 0, placed = 0;
	size_t *sched_of = arena_alloc(a, (p->nmeetings + 1) * sizeof(size_t));
	if (expire_requests(app, a, p, actor, &r->expired, err))
		return -1;
	for (size_t k = 0; k < p->nmeetings; k++)
		sched_of[k] = (size_t)-1;
	for (size_t m = 0; m < r->b.in.nmeetings; m++)
		sched_of[r->b.meeting_row[m]] = m;
	json_t *left = json_array();
	int rc = 0;
	for (size_t k = 0; k < p->nmeetings && !rc; k++) {
		size_t m = sched_of[k];
		const char *reason = NULL;
		if (m != (size_t)-1) {
			if (res->slot[m] >= 0)
				placed++;
			else
				reason = sched_reason_name(res->reason[m]);
			rc = place_meeting(app, &r->b, &p->meetings[k], res->slot[m], res->table[m],
					   res->interpreter[m], reason, actor, &changed);
		} else if (r->conflict[k]) {
			reason = "pin_conflict";
			rc = place_meeting(app, &r->b, &p->meetings[k], -1, -1, -1, reason, actor,
					   &changed);
		}
		if (reason)
			json_array_append_new(left, json_pack("{s:I, s:s}", "meeting",
							      (json_int_t)p->meetings[k].id,
							      "reason", reason));
	}
	if (rc || mark_event(app, a, p, "preliminary", "scheduled_at", actor, "schedule", err)) {
		json_decref(left);
		return -1;
	}
	*out = json_pack("{s:s, s:I, s:I, s:I, s:o, s:I, s:I, s:I, s:{s:I, s:I, s:I}}",
			 "schedule_status", "preliminary", "slots", (json_int_t)p->nslots,
			 "meetings", (json_int_t)p->nmeetings, "scheduled", (json_int_t)placed,
			 "unscheduled", left, "moved", (json_int_t)res->moved, "changed",
			 (json_int_t)changed, "expired", (json_int_t)r->expired, "objective",
			 "weight", (json_int_t)res->weight, "breaks", (json_int_t)res->breaks,
			 "max_breaks", (json_int_t)res->max_breaks);
	return 0;
}

int b2b_schedule_locked(struct app *app, struct arena *a, const struct b2b_call *c, json_t **out,
			struct app_error *err)
{
	struct run r;
	struct sched_result res;
	if (prepare(app, a, c, &r, err))
		return -1;
	if (sched_solve(&r.b.in, c->opt, a, &res))
		return app_fail(err, 500, "internal", "the scheduler ran out of memory");
	return apply(app, a, c, &r, &res, out, err);
}

/* The search runs without the lock, so that the server answers others meanwhile; the
 * programme is read again under the write transaction, and a change made in between (a
 * meeting added, a participant away) refuses the result rather than write a stale one. */
/* Applies what was solved, when the programme is still the one it was solved for. */
struct schedule_tx {
	struct arena *a;
	const struct b2b_call *c;
	struct run *first;
	const struct sched_result *res;
	json_t **out;
};

static int schedule_tx(struct app *app, void *ctx, struct app_error *err)
{
	struct schedule_tx *t = ctx;
	struct run now;
	if (prepare(app, t->a, t->c, &now, err))
		return -1;
	if (!same_rows(&t->first->b, &now.b))
		return app_fail(
			err, 409, "programme_changed",
			"the programme changed while it was being scheduled; schedule again");
	return apply(app, t->a, t->c, &now, t->res, t->out, err);
}

static int schedule_unlocked(struct app *app, struct arena *a, const struct b2b_call *c,
			     json_t **out, struct app_error *err)
{
	struct run first;
	struct sched_result res;
	app_read_begin(app);
	int rc = prepare(app, a, c, &first, err);
	app_read_end(app);
	if (rc)
		return -1;
	if (sched_solve(&first.b.in, c->opt, a, &res))
		return app_fail(err, 500, "internal", "the scheduler ran out of memory");
	struct schedule_tx t = {a, c, &first, &res, out};
	if (app_tx(app, schedule_tx, &t, err)) {
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

int app_b2b_schedule(struct app *app, struct arena *a, int64_t id, json_t *body,
		     const struct app_principal *who, const char *actor, json_t **out,
		     struct app_error *err)
{
	struct sched_options opt = {.seed = 1, .time_limit_ms = 2000, .clock_ms = app_clock_ms};
	json_t *seed = body ? json_object_get(body, "seed") : NULL;
	json_t *limit = body ? json_object_get(body, "time_limit") : NULL;
	const char *key;
	json_t *v;
	*out = NULL;
	if (body && !json_is_object(body))
		return app_fail(err, 400, "invalid_body", "the request body must be a JSON object");
	json_object_foreach(body, key, v) if (strcmp(key, "seed") && strcmp(key, "time_limit"))
	{
		app_fail(err, 422, "validation_failed", "one or more fields are invalid");
		app_field_error(err, key, "unknown_field", "only seed and time_limit are taken");
		return -1;
	}
	if (seed && (!json_is_integer(seed) || json_integer_value(seed) < 0)) {
		app_fail(err, 422, "validation_failed", "one or more fields are invalid");
		app_field_error(err, "seed", "invalid_type", "must be a whole number, 0 or more");
		return -1;
	}
	if (limit && (!json_is_integer(limit) || json_integer_value(limit) < 0 ||
		      json_integer_value(limit) > 60)) {
		app_fail(err, 422, "validation_failed", "one or more fields are invalid");
		app_field_error(err, "time_limit", "out_of_range", "must be 0 to 60 seconds");
		return -1;
	}
	if (seed)
		opt.seed = (uint64_t)json_integer_value(seed);
	if (limit)
		opt.time_limit_ms = (long)json_integer_value(limit) * 1000;
	struct b2b_call c = {.id = id, .opt = &opt, .who = who, .actor = actor};
	*out = NULL;
	return schedule_unlocked(app, a, &c, out, err);
}

int b2b_publish_locked(struct app *app, struct arena *a, const struct b2b_call *c, json_t **out,
		       struct app_error *err)
{
	const char *actor = c->actor;
	struct b2b_plan p;
	enum b2b_actor as;
	size_t published = 0, changed = 0;
	if (b2b_plan_load(app, a, c->id, &p, err) ||
	    b2b_may(app, a, c->who, p.ee, POLICY_WRITE, &p.event, NULL, &as, err))
		return -1;
	if (!strcmp(row_text(p.ee, &p.event, "schedule_status"), "none"))
		return app_fail(err, 409, "not_scheduled",
				"make a schedule first: nothing to publish yet");
	for (size_t k = 0; k < p.nmeetings; k++) {
		struct row *m = &p.meetings[k];
		const char *st =
			is_status(&p, m, "cancelled") ? NULL : row_text(p.me, m, "starts_at");
		if (st)
			published++;
		if (same_value(p.me, m, "published_at", st ? st : "", 0, !st))
			continue;
		json_t *before = row_to_json(p.me, m);
		set_value(a, p.me, m, "published_at", st, 0, !st);
		int rc = b2b_save(app, a, actor, "publish", p.me, m, &p.event, before, err);
		json_decref(before);
		if (rc)
			return -1;
		changed++;
	}
	if (mark_event(app, a, &p, "final", "published_at", actor, "publish", err))
		return -1;
	*out = json_pack("{s:s, s:I, s:I}", "schedule_status", "final", "published",
			 (json_int_t)published, "changed", (json_int_t)changed);
	return 0;
}

int app_b2b_publish(struct app *app, struct arena *a, int64_t id, const struct app_principal *who,
		    const char *actor, json_t **out, struct app_error *err)
{
	struct b2b_call c = {.id = id, .who = who, .actor = actor};
	return b2b_write(app, a, b2b_publish_locked, &c, out, err);
}
