/* b2b_views.c - what a programme's schedule looks like: the grid (slots × booths, with
 * interpreters), one participant's agenda (JSON and iCalendar), the meetings as CSV. The
 * organizers see the working schedule; participants see the final one. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/zone.h"
#include "../export/b2b_xlsx.h"
#include "../export/ics.h"
#include "b2b.h"

/* Local date and clock of instant t in the programme's zone. */
static json_t *clock_json(const struct b2b_plan *p, int64_t t)
{
	struct zoned z;
	char date[11], time[6];
	if (zone_at(p->tz, t, &z))
		return json_null();
	date_format(z.day, date);
	snprintf(time, sizeof(time), "%02u:%02u", (unsigned)z.c.hour % 24u,
		 (unsigned)z.c.minute % 60u);
	return json_pack("{s:s, s:s, s:s}", "date", date, "time", time, "zone", z.abbr);
}

static json_t *slot_json(const struct b2b_plan *p, int t)
{
	char s[21], e[21];
	instant_format(p->slots[t].start, s);
	instant_format(p->slots[t].end, e);
	return json_pack("{s:i, s:s, s:s, s:i, s:o, s:o}", "index", t, "starts_at", s, "ends_at", e,
			 "session", p->slots[t].session, "start", clock_json(p, p->slots[t].start),
			 "end", clock_json(p, p->slots[t].end));
}

static json_t *person_json(struct app *app, struct arena *a, const struct b2b_plan *p, int64_t id)
{
	const struct row *r = id ? b2b_person(p, id) : NULL;
	if (!r)
		return json_null();
	json_t *o = row_pick(p->pe, r, "name kind country tables languages");
	json_object_set_new(o, "id", json_integer(r->id));
	json_object_set_new(o, "organization",
			    app_pick_ref(app, a, "organizations",
					 row_int(p->pe, r, "organization_id"), "name_ko name_en"));
	json_object_set_new(o, "booth",
			    app_pick_ref(app, a, "booths", row_int(p->pe, r, "booth_id"), "code"));
	const struct row *v = b2b_venue(p, row_int(p->pe, r, "venue_id"));
	json_object_set_new(o, "venue", v ? row_pick(p->ve, v, "name_ko name_en") : json_null());
	return o;
}

/* Which instant places a meeting: the final schedule's or the working one. */
static const char *slot_field(int final)
{
	return final ? "published_at" : "starts_at";
}

static json_t *meeting_json(const struct b2b_plan *p, const struct row *m, int final)
{
	json_t *o = row_pick(p->me, m,
			     "host_id visitor_id interpreter_id table_no status priority pinned "
			     "reason starts_at published_at");
	int t = b2b_meeting_slot(p, m, slot_field(final));
	json_object_set_new(o, "id", json_integer(m->id));
	json_object_set_new(o, "version", json_integer(m->version));
	json_object_set_new(o, "slot", t >= 0 ? json_integer(t) : json_null());
	return o;
}

static int event_access(struct app *app, struct arena *a, int64_t id,
			const struct app_principal *who, struct b2b_plan *p, struct app_error *err)
{
	enum b2b_actor as;
	return b2b_plan_load(app, a, id, p, err) ||
	       b2b_may(app, a, who, p->ee, POLICY_READ, &p->event, NULL, &as, err);
}

static json_t *programme_json(const struct b2b_plan *p)
{
	json_t *o = row_pick(p->ee, &p->event,
			     "name_ko name_en timezone schedule_status scheduled_at published_at "
			     "requests_close_at");
	json_object_set_new(o, "id", json_integer(p->event.id));
	return o;
}

static int grid_locked(struct app *app, struct arena *a, int64_t id, int final,
		       const struct app_principal *who, json_t **out, struct app_error *err)
{
	struct b2b_plan p;
	if (event_access(app, a, id, who, &p, err))
		return -1;
	json_t *slots = json_array(), *hosts = json_array(), *meetings = json_array(),
	       *interps = json_array(), *people = json_object();
	json_int_t scheduled = 0, unscheduled = 0, cancelled = 0, held = 0, no_show = 0,
		   interpreted = 0;
	for (size_t t = 0; t < p.nslots; t++)
		json_array_append_new(slots, slot_json(&p, (int)t));
	for (size_t k = 0; k < p.npeople; k++) {
		const struct row *r = &p.people[k];
		const char *kind = row_text(p.pe, r, "kind");
		json_t *pj = person_json(app, a, &p, r->id);
		json_object_set(people, arena_printf(a, "%lld", (long long)r->id), pj);
		if (!strcmp(kind, "exhibitor"))
			json_array_append(hosts, pj);
		else if (!strcmp(kind, "interpreter"))
			json_array_append(interps, pj);
		json_decref(pj);
	}
	for (size_t k = 0; k < p.nmeetings; k++) {
		const struct row *m = &p.meetings[k];
		const char *st = row_text(p.me, m, "status");
		int placed = b2b_meeting_slot(&p, m, slot_field(final)) >= 0;
		if (!strcmp(st, "cancelled"))
			cancelled++;
		else if (placed) {
			scheduled++;
			held += !strcmp(st, "held");
			no_show += !strcmp(st, "no_show");
			interpreted += row_int(p.me, m, "interpreter_id") != 0;
		} else
			unscheduled++;
		json_array_append_new(meetings, meeting_json(&p, m, final));
	}
	json_t *o = programme_json(&p);
	json_object_set_new(o, "view", json_string(final ? "final" : "working"));
	json_object_set_new(o, "slots", slots);
	json_object_set_new(o, "hosts", hosts);
	json_object_set_new(o, "interpreters", interps);
	json_object_set_new(o, "people", people);
	json_object_set_new(o, "meetings", meetings);
	json_object_set_new(o, "counts",
			    json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "meetings",
				      (json_int_t)p.nmeetings, "scheduled", scheduled,
				      "unscheduled", unscheduled, "cancelled", cancelled, "held",
				      held, "no_show", no_show, "interpreted", interpreted));
	*out = o;
	return 0;
}

int app_b2b_grid(struct app *app, struct arena *a, int64_t id, int final,
		 const struct app_principal *who, json_t **out, struct app_error *err)
{
	*out = NULL;
	app_read_begin(app);
	int rc = grid_locked(app, a, id, final, who, out, err);
	app_read_end(app);
	return rc;
}

int app_b2b_schedule_xlsx(struct app *app, struct arena *a, int64_t id, int final, const char *lang,
			  const struct app_principal *who, struct strbuf *out,
			  struct app_error *err)
{
	json_t *grid = NULL;
	char msg[200];
	if (lang && strcmp(lang, "ko") && strcmp(lang, "en")) {
		app_fail(err, 400, "invalid_parameter", "a query parameter is invalid");
		app_field_error(err, "lang", "invalid_choice", "must be ko or en");
		return -1;
	}
	if (app_b2b_grid(app, a, id, final, who, &grid, err))
		return -1;
	int rc = b2b_xlsx(grid, lang && !strcmp(lang, "en"), out, msg, sizeof(msg));
	json_decref(grid);
	return rc ? app_fail(err, 500, "internal", arena_strdup(a, msg)) : 0;
}

/* The requests a participant sent and received, with the other side's name: what a company
 * member answers from (it reads no other requests of the programme). */
static int requests_locked(struct app *app, struct arena *a, int64_t id,
			   const struct app_principal *who, json_t **out, struct app_error *err)
{
	const struct entity *pe = entity_find("b2b_participants"),
			    *re = entity_find("b2b_requests"), *ee = entity_find("b2b_events");
	struct row person, event;
	enum b2b_actor as;
	int se = store_get(app_store(app), pe, id, a, &person);
	if (!se)
		se = store_get(app_store(app), ee, row_int(pe, &person, "b2b_event_id"), a, &event);
	if (se)
		return app_store_fail(app, err, se, pe);
	if (b2b_may(app, a, who, re, POLICY_READ, &event, &person, &as, err))
		return -1;
	static const char *const sides[2][3] = {{"sent", "from_id", "to_id"},
						{"received", "to_id", "from_id"}};
	*out = json_object();
	for (int k = 0; k < 2; k++) {
		struct row *rs;
		size_t n;
		if (b2b_rows(app, a, re, sides[k][1], id, &rs, &n, err)) {
			json_decref(*out);
			*out = NULL;
			return -1;
		}
		json_t *list = json_array();
		for (size_t i = 0; i < n; i++) {
			json_t *o = row_to_json(re, &rs[i]);
			json_object_set_new(o, "other",
					    app_pick_ref(app, a, "b2b_participants",
							 row_int(re, &rs[i], sides[k][2]),
							 "name kind country"));
			json_array_append_new(list, o);
		}
		json_object_set_new(*out, sides[k][0], list);
	}
	return 0;
}

int app_b2b_requests_of(struct app *app, struct arena *a, int64_t id,
			const struct app_principal *who, json_t **out, struct app_error *err)
{
	*out = NULL;
	app_read_begin(app);
	int rc = requests_locked(app, a, id, who, out, err);
	app_read_end(app);
	return rc;
}

/* One participant's meetings in slot order: those it hosts, visits or interprets. */
struct agenda {
	struct b2b_plan p;
	const struct row *person;
	int final;
	const struct row **items;
	int *slot;
	size_t n;
};

static int by_key(const void *x, const void *y)
{
	const int a = *(const int *)x, b = *(const int *)y;
	return a < b ? -1 : a > b;
}

static int agenda_locked(struct app *app, struct arena *a, int64_t id, int draft,
			 const struct app_principal *who, struct agenda *g, struct app_error *err)
{
	const struct entity *pe = entity_find("b2b_participants");
	struct row person;
	enum b2b_actor as;
	int se = store_get(app_store(app), pe, id, a, &person);
	if (se)
		return app_store_fail(app, err, se, pe);
	if (b2b_plan_load(app, a, row_int(pe, &person, "b2b_event_id"), &g->p, err) ||
	    b2b_may(app, a, who, g->p.ee, POLICY_READ, &g->p.event, &person, &as, err))
		return -1;
	if (draft && as != B2B_STAFF)
		return app_fail(err, 403, "forbidden",
				"participants see the final schedule; the working one is the "
				"organizers'");
	g->person = b2b_person(&g->p, id);
	g->final = !draft;
	g->items = arena_alloc(a, (g->p.nmeetings + 1) * sizeof(*g->items));
	g->slot = arena_alloc(a, (g->p.nmeetings + 1) * sizeof(int));
	/* sort keys: slot * meetings + position, so one qsort orders them */
	int *keys = arena_alloc(a, (g->p.nmeetings + 1) * sizeof(int));
	g->n = 0;
	for (size_t k = 0; k < g->p.nmeetings; k++) {
		const struct row *m = &g->p.meetings[k];
		int t = b2b_meeting_slot(&g->p, m, slot_field(g->final));
		if (t < 0 || (row_int(g->p.me, m, "host_id") != id &&
			      row_int(g->p.me, m, "visitor_id") != id &&
			      row_int(g->p.me, m, "interpreter_id") != id))
			continue;
		keys[g->n++] = t * (int)(g->p.nmeetings + 1) + (int)k;
	}
	qsort(keys, g->n, sizeof(int), by_key);
	for (size_t i = 0; i < g->n; i++) {
		g->slot[i] = keys[i] / (int)(g->p.nmeetings + 1);
		g->items[i] = &g->p.meetings[keys[i] % (int)(g->p.nmeetings + 1)];
	}
	return 0;
}

static const char *role_in(const struct agenda *g, const struct row *m)
{
	if (row_int(g->p.me, m, "host_id") == g->person->id)
		return "host";
	return row_int(g->p.me, m, "visitor_id") == g->person->id ? "visitor" : "interpreter";
}

static json_t *agenda_json(struct app *app, struct arena *a, const struct agenda *g)
{
	json_t *items = json_array();
	for (size_t i = 0; i < g->n; i++) {
		const struct row *m = g->items[i];
		const char *role = role_in(g, m);
		int64_t host = row_int(g->p.me, m, "host_id"),
			vis = row_int(g->p.me, m, "visitor_id");
		json_t *o = meeting_json(&g->p, m, g->final);
		json_object_set_new(o, "role", json_string(role));
		json_object_set_new(o, "time", slot_json(&g->p, g->slot[i]));
		json_object_set_new(o, "host", person_json(app, a, &g->p, host));
		json_object_set_new(o, "visitor", person_json(app, a, &g->p, vis));
		json_object_set_new(
			o, "interpreter",
			person_json(app, a, &g->p, row_int(g->p.me, m, "interpreter_id")));
		json_array_append_new(items, o);
	}
	json_t *o = json_pack("{s:o, s:o, s:s, s:o}", "participant",
			      person_json(app, a, &g->p, g->person->id), "programme",
			      programme_json(&g->p), "view", g->final ? "final" : "working",
			      "items", items);
	return o;
}

int app_b2b_agenda(struct app *app, struct arena *a, int64_t id, int draft,
		   const struct app_principal *who, json_t **out, struct app_error *err)
{
	struct agenda g;
	*out = NULL;
	app_read_begin(app);
	int rc = agenda_locked(app, a, id, draft, who, &g, err);
	if (!rc)
		*out = agenda_json(app, a, &g);
	app_read_end(app);
	return rc;
}

/* A participant's agenda as iCalendar: one event per meeting, in the programme's zone,
 * named for whom it is with; UIDs stable, SEQUENCE the meeting's version − 1. */
int app_b2b_agenda_ics(struct app *app, struct arena *a, int64_t id, int draft,
		       const struct app_principal *who, struct strbuf *out, struct app_error *err)
{
	struct agenda g;
	app_read_begin(app);
	int rc = agenda_locked(app, a, id, draft, who, &g, err);
	struct ics_event *ev = rc ? NULL : arena_alloc(a, (g.n + 1) * sizeof(*ev));
	for (size_t i = 0; !rc && i < g.n; i++) {
		const struct row *m = g.items[i];
		const char *role = role_in(&g, m);
		const struct row *host = b2b_person(&g.p, row_int(g.p.me, m, "host_id"));
		const struct row *vis = b2b_person(&g.p, row_int(g.p.me, m, "visitor_id"));
		const struct row *other = !strcmp(role, "host") ? vis : host;
		const struct row *venue =
			host ? b2b_venue(&g.p, row_int(g.p.pe, host, "venue_id")) : NULL;
		json_t *booth = host ? app_pick_ref(app, a, "booths",
						    row_int(g.p.pe, host, "booth_id"), "code")
				     : json_null();
		const char *code = json_string_value(json_object_get(booth, "code"));
		const struct value *table = &m->v[entity_field_index(g.p.me, "table_no")];
		ev[i] = (struct ics_event){
			.uid = arena_printf(a, "b2b-meeting-%lld@roadshow", (long long)m->id),
			.sequence = m->version - 1,
			.start = g.p.slots[g.slot[i]].start,
			.end = g.p.slots[g.slot[i]].end,
			.start_tz = g.p.tz,
			.end_tz = g.p.tz,
			.summary =
				!strcmp(role, "interpreter")
					? arena_printf(a, "통역 Interpreting: %s · %s",
						       host ? row_text(g.p.pe, host, "name") : "",
						       vis ? row_text(g.p.pe, vis, "name") : "")
					: arena_printf(a, "상담 Meeting: %s",
						       other ? row_text(g.p.pe, other, "name")
							     : ""),
			.location = arena_printf(
				a, "%s%s%s%s", venue ? row_text(g.p.ve, venue, "name_ko") : "",
				code ? arena_printf(a, "%sbooth %s", venue ? ", " : "", code) : "",
				table->null ? ""
					    : arena_printf(a, ", table %lld", (long long)table->i),
				""),
			.description = NULL,
			.cancelled = !strcmp(row_text(g.p.me, m, "status"), "cancelled"),
		};
		json_decref(booth);
	}
	if (!rc) {
		const char *name = arena_printf(a, "%s — %s", row_text(g.p.pe, g.person, "name"),
						row_text(g.p.ee, &g.p.event, "name_ko"));
		if (ics_write(name, ev, g.n, (int64_t)time(NULL), out))
			rc = app_fail(err, 500, "internal", "the calendar could not be written");
	}
	app_read_end(app);
	return rc;
}

/* The meetings as CSV, in slot order: one line per meeting, unscheduled ones last. */
int app_b2b_schedule_csv(struct app *app, struct arena *a, int64_t id, int final,
			 const struct app_principal *who, struct strbuf *out, struct app_error *err)
{
	struct b2b_plan p;
	static const char *const head[] = {
		"meeting_id",  "date",	   "start",  "end",	"venue",
		"booth",       "table",	   "host",   "visitor", "visitor_country",
		"interpreter", "priority", "status", "reason"};
	app_read_begin(app);
	int rc = event_access(app, a, id, who, &p, err);
	if (rc) {
		app_read_end(app);
		return rc;
	}
	int *keys = arena_alloc(a, (p.nmeetings + 1) * sizeof(int));
	int span = (int)p.nmeetings + 1;
	for (size_t k = 0; k < p.nmeetings; k++) {
		int t = b2b_meeting_slot(&p, &p.meetings[k], slot_field(final));
		keys[k] = (t < 0 ? (int)p.nslots : t) * span + (int)k;
	}
	qsort(keys, p.nmeetings, sizeof(int), by_key);
	for (size_t c = 0; c < sizeof(head) / sizeof(head[0]); c++) {
		if (c)
			strbuf_addstr(out, ",");
		app_csv_cell(out, head[c]);
	}
	strbuf_addstr(out, "\r\n");
	for (size_t i = 0; i < p.nmeetings; i++) {
		const struct row *m = &p.meetings[keys[i] % span];
		int t = keys[i] / span < (int)p.nslots ? keys[i] / span : -1;
		const struct row *host = b2b_person(&p, row_int(p.me, m, "host_id"));
		const struct row *vis = b2b_person(&p, row_int(p.me, m, "visitor_id"));
		const struct row *ip = b2b_person(&p, row_int(p.me, m, "interpreter_id"));
		const struct row *venue =
			host ? b2b_venue(&p, row_int(p.pe, host, "venue_id")) : NULL;
		json_t *start = t >= 0 ? clock_json(&p, p.slots[t].start) : json_null();
		json_t *end = t >= 0 ? clock_json(&p, p.slots[t].end) : json_null();
		json_t *booth = host ? app_pick_ref(app, a, "booths",
						    row_int(p.pe, host, "booth_id"), "code")
				     : json_null();
		const struct value *table = &m->v[entity_field_index(p.me, "table_no")];
		const char *cells[] = {
			arena_printf(a, "%lld", (long long)m->id),
			json_string_value(json_object_get(start, "date")),
			json_string_value(json_object_get(start, "time")),
			json_string_value(json_object_get(end, "time")),
			venue ? row_text(p.ve, venue, "name_ko") : NULL,
			json_string_value(json_object_get(booth, "code")),
			table->null || t < 0 ? NULL : arena_printf(a, "%lld", (long long)table->i),
			host ? row_text(p.pe, host, "name") : NULL,
			vis ? row_text(p.pe, vis, "name") : NULL,
			vis ? row_text(p.pe, vis, "country") : NULL,
			ip ? row_text(p.pe, ip, "name") : NULL,
			row_text(p.me, m, "priority"),
			row_text(p.me, m, "status"),
			row_text(p.me, m, "reason"),
		};
		for (size_t c = 0; c < sizeof(cells) / sizeof(cells[0]); c++) {
			if (c)
				strbuf_addstr(out, ",");
			if (cells[c])
				app_csv_cell(out, cells[c]);
		}
		strbuf_addstr(out, "\r\n");
		json_decref(start);
		json_decref(end);
		json_decref(booth);
	}
	app_read_end(app);
	return 0;
}
