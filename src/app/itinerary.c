/* itinerary.c - a delegation's itinerary for its readers: the trip's length, the findings of
 * core's checks, the day view (local time with home time beside it) and the iCalendar file.
 * The store's rows become core's plain structs here; core does the arithmetic. */
#include <stdlib.h>
#include <string.h>

#include "../core/itinerary.h"
#include "../export/ics.h"
#include "../store/store.h"
#include "app.h"
#include "rowjson.h"

enum { ITIN_MAX_DEPTH = 16 };

/* A delegation's rows and the core view of them (t.items in the order of items[]). */
struct trip {
	const struct entity *de, *ie, *me, *pe, *le;
	struct row d;
	struct itin_trip t;
	struct row *items;
	size_t nitems;
	struct row *members;
	struct row **people; /* per member, NULL when the person is gone */
	size_t nmembers;
	struct row **place_rows; /* per t.places entry */
	int64_t member;		 /* the one member asked about, or 0 */
};

/* Adds place id and the places above it to the trip (once each). */
static int add_place(struct app *app, struct arena *a, struct trip *tr, struct itin_place *places,
		     size_t cap, int64_t id, struct app_error *err)
{
	for (int depth = 0; id && depth < ITIN_MAX_DEPTH; depth++) {
		if (itin_place_find(&tr->t, id) || tr->t.nplaces == cap)
			return 0;
		struct row *r = arena_alloc(a, sizeof(*r));
		int se = r ? store_get(app_store(app), tr->pe, id, a, r) : STORE_ERROR;
		if (se == STORE_NOT_FOUND)
			return 0;
		if (se)
			return app_store_fail(app, err, se, tr->pe);
		struct itin_place *p = &places[tr->t.nplaces];
		*p = (struct itin_place){.id = id,
					 .parent = row_int(tr->pe, r, "parent_id"),
					 .kind = row_text(tr->pe, r, "kind"),
					 .tz = row_text(tr->pe, r, "timezone"),
					 .name_ko = row_text(tr->pe, r, "name_ko"),
					 .name_en = row_text(tr->pe, r, "name_en")};
		tr->place_rows[tr->t.nplaces++] = r;
		id = p->parent;
	}
	return 0;
}

static int load_items(struct app *app, struct arena *a, struct trip *tr, struct app_error *err)
{
	struct itin_item *items;
	struct itin_place *places;
	size_t cap;
	if (app_rows_of(app, a, tr->ie, "delegation_id", tr->d.id, "starts_at", &tr->items,
			&tr->nitems, err))
		return -1;
	cap = tr->nitems * 2 * ITIN_MAX_DEPTH + 1;
	items = arena_alloc(a, (tr->nitems + 1) * sizeof(*items));
	places = arena_alloc(a, cap * sizeof(*places));
	tr->place_rows = arena_alloc(a, cap * sizeof(*tr->place_rows));
	if (!items || !places || !tr->place_rows)
		return app_fail(err, 500, "internal", "out of memory");
	tr->t.items = items;
	tr->t.places = places;
	for (size_t i = 0; i < tr->nitems; i++) {
		const struct row *r = &tr->items[i];
		struct itin_item *it = &items[i];
		struct row *att;
		size_t natt;
		const char *status = row_text(tr->ie, r, "status");
		*it = (struct itin_item){.id = r->id,
					 .kind = row_text(tr->ie, r, "kind"),
					 .title_ko = row_text(tr->ie, r, "title_ko"),
					 .title_en = row_text(tr->ie, r, "title_en"),
					 .place = row_int(tr->ie, r, "place_id"),
					 .to_place = row_int(tr->ie, r, "to_place_id"),
					 .agreement = row_int(tr->ie, r, "agreement_id"),
					 .cancelled = status && !strcmp(status, "cancelled")};
		if (instant_parse(row_text(tr->ie, r, "starts_at"), &it->start) ||
		    instant_parse(row_text(tr->ie, r, "ends_at"), &it->end))
			return app_fail(err, 500, "internal", "a stored instant is malformed");
		if (app_rows_of(app, a, tr->le, "item_id", r->id, NULL, &att, &natt, err))
			return -1;
		int64_t *ids = arena_alloc(a, (natt + 1) * sizeof(*ids));
		if (!ids)
			return app_fail(err, 500, "internal", "out of memory");
		for (size_t k = 0; k < natt; k++)
			ids[k] = row_int(tr->le, &att[k], "member_id");
		it->attendees = ids;
		it->nattendees = natt;
		if (add_place(app, a, tr, places, cap, it->place, err) ||
		    add_place(app, a, tr, places, cap, it->to_place, err))
			return -1;
	}
	tr->t.nitems = tr->nitems;
	return 0;
}

static int load_members(struct app *app, struct arena *a, struct trip *tr, struct app_error *err)
{
	const struct entity *people = entity_find("people");
	struct itin_member *m;
	if (app_rows_of(app, a, tr->me, "delegation_id", tr->d.id, NULL, &tr->members,
			&tr->nmembers, err))
		return -1;
	m = arena_alloc(a, (tr->nmembers + 1) * sizeof(*m));
	tr->people = arena_alloc(a, (tr->nmembers + 1) * sizeof(*tr->people));
	if (!m || !tr->people)
		return app_fail(err, 500, "internal", "out of memory");
	for (size_t i = 0; i < tr->nmembers; i++) {
		struct row *p = arena_alloc(a, sizeof(*p));
		m[i].id = tr->members[i].id;
		if (p && !store_get(app_store(app), people,
				    row_int(tr->me, &tr->members[i], "person_id"), a, p)) {
			tr->people[i] = p;
			m[i].name_ko = row_text(people, p, "name_ko");
			m[i].name_en = row_text(people, p, "name_en");
		}
	}
	tr->t.members = m;
	tr->t.nmembers = tr->nmembers;
	return 0;
}

/* Reads delegation id and everything its checks need; with g, only when g may read it (404
 * otherwise). Caller holds the lock. */
static int trip_load(struct app *app, struct arena *a, int64_t id, const struct app_grant *g,
		     struct trip *tr, struct app_error *err)
{
	memset(tr, 0, sizeof(*tr));
	tr->de = entity_find("delegations");
	tr->ie = entity_find("itinerary_items");
	tr->me = entity_find("delegation_members");
	tr->pe = entity_find("places");
	tr->le = entity_find("itinerary_attendees");
	int se = store_get(app_store(app), tr->de, id, a, &tr->d);
	if (se)
		return app_store_fail(app, err, se, tr->de);
	if (g && app_grant_row(app, a, g, tr->de, &tr->d, 404, err))
		return -1;
	const char *status = row_text(tr->de, &tr->d, "status");
	tr->t.home_tz = row_text(tr->de, &tr->d, "home_timezone");
	if (!tr->t.home_tz || !zone_known(tr->t.home_tz))
		tr->t.home_tz = "Asia/Seoul";
	tr->t.depart_date = row_text(tr->de, &tr->d, "depart_date");
	tr->t.return_date = row_text(tr->de, &tr->d, "return_date");
	tr->t.plan_published_on = row_text(tr->de, &tr->d, "plan_published_on");
	tr->t.report_published_on = row_text(tr->de, &tr->d, "report_published_on");
	tr->t.cancelled = status && !strcmp(status, "cancelled");
	return load_members(app, a, tr, err) || load_items(app, a, tr, err);
}

/* The trip's length as the API gives it; null when the itinerary is empty. */
static json_t *length_json(const struct trip *tr)
{
	struct trip_length len;
	if (trip_length(&tr->t, &len))
		return json_null();
	return json_pack("{s:i, s:i, s:s, s:s, s:s, s:s}", "nights", len.nights, "days", len.days,
			 "label", len.label_ko, "label_en", len.label_en, "first_date", len.first,
			 "last_date", len.last);
}

int app_delegation_trip_locked(struct app *app, struct arena *a, int64_t id, json_t **out,
			       struct app_error *err)
{
	struct trip tr;
	*out = NULL;
	if (trip_load(app, a, id, NULL, &tr, err))
		return -1;
	*out = length_json(&tr);
	return 0;
}

static const struct itin_member *member_of(const struct trip *tr, int64_t id)
{
	for (size_t i = 0; i < tr->t.nmembers; i++)
		if (tr->t.members[i].id == id)
			return &tr->t.members[i];
	return NULL;
}

static json_t *member_json(const struct trip *tr, size_t i)
{
	const struct itin_member *m = &tr->t.members[i];
	return json_pack("{s:I, s:s?, s:s?, s:s?}", "id", (json_int_t)m->id, "name_ko", m->name_ko,
			 "name_en", m->name_en, "role", row_text(tr->me, &tr->members[i], "role"));
}

/* Whether finding f concerns member m (0: everyone asks): its members, or the whole trip. */
static int concerns(const struct finding *f, int64_t m)
{
	if (!m || !f->nmembers)
		return 1;
	for (size_t i = 0; i < f->nmembers; i++)
		if (f->members[i] == m)
			return 1;
	return 0;
}

/* The rules with the stored settings, and today in the trip's home zone. */
static int rules_for(struct app *app, struct arena *a, const struct trip *tr, struct itin_rules *r,
		     struct app_error *err)
{
	struct zoned now;
	int64_t t;
	if (app_rules_locked(app, a, r, err))
		return -1;
	if (instant_parse(app_now(a), &t) || zone_at(tr->t.home_tz, t, &now))
		return app_fail(err, 500, "internal", "the clock or the home zone failed");
	char *today = arena_alloc(a, 11);
	if (!today)
		return app_fail(err, 500, "internal", "out of memory");
	date_format(now.day, today);
	r->today = today;
	return 0;
}

static int findings_of(struct app *app, struct arena *a, const struct trip *tr, struct finding **f,
		       size_t *n, struct app_error *err)
{
	struct itin_rules rules;
	if (rules_for(app, a, tr, &rules, err))
		return -1;
	if (itin_check(&tr->t, &rules, a, f, n))
		return app_fail(err, 500, "internal", "the itinerary checks failed");
	return 0;
}

/* The findings (those concerning tr->member when set) and their counts, into o. */
static void findings_json(const struct trip *tr, const struct finding *f, size_t n, json_t *o)
{
	json_t *list = json_array();
	int errors = 0, warnings = 0;
	for (size_t i = 0; i < n; i++) {
		if (!concerns(&f[i], tr->member))
			continue;
		json_t *items = json_array(), *members = json_array();
		if (f[i].item)
			json_array_append_new(items, json_integer(f[i].item));
		if (f[i].other)
			json_array_append_new(items, json_integer(f[i].other));
		for (size_t k = 0; k < f[i].nmembers; k++)
			for (size_t m = 0; m < tr->t.nmembers; m++)
				if (tr->t.members[m].id == f[i].members[k])
					json_array_append_new(members, member_json(tr, m));
		json_array_append_new(list,
				      json_pack("{s:s, s:s, s:o, s:o, s:s, s:s}", "code", f[i].code,
						"severity",
						f[i].level == FINDING_ERROR ? "error" : "warning",
						"items", items, "members", members, "message_ko",
						f[i].message_ko, "message_en", f[i].message_en));
		if (f[i].level == FINDING_ERROR)
			errors++;
		else
			warnings++;
	}
	json_object_set_new(o, "findings", list);
	json_object_set_new(o, "counts",
			    json_pack("{s:i, s:i}", "errors", errors, "warnings", warnings));
}

static json_t *clock_json(const char *tz, const char *home, int64_t t, const char *at)
{
	struct itin_clock c;
	if (itin_clock(tz, home, t, &c))
		return json_null();
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s}", "at", at, "tz", tz,
			 "date", c.date, "time", c.time, "zone", c.local.abbr, "home_date",
			 c.home_date, "home_time", c.home_time, "home_zone", c.home.abbr,
			 "day_shift", c.day_shift, "label", c.label);
}

static json_t *place_json(const struct trip *tr, int64_t id)
{
	const struct itin_place *p = itin_place_find(&tr->t, id);
	if (!p)
		return json_null();
	return json_pack("{s:I, s:s?, s:s?, s:s?, s:s?}", "id", (json_int_t)p->id, "kind", p->kind,
			 "name_ko", p->name_ko, "name_en", p->name_en, "timezone", p->tz);
}

static int counterparts_json(struct app *app, struct arena *a, int64_t item, json_t **out,
			     struct app_error *err)
{
	const struct entity *ce = entity_find("itinerary_counterparts");
	const struct entity *oe = entity_find("organizations");
	struct row *rows, o;
	size_t n;
	if (app_rows_of(app, a, ce, "item_id", item, NULL, &rows, &n, err))
		return -1;
	*out = json_array();
	for (size_t i = 0; i < n; i++)
		if (!store_get(app_store(app), oe, row_int(ce, &rows[i], "organization_id"), a, &o))
			json_array_append_new(*out,
					      json_pack("{s:I, s:s?, s:s?}", "id", (json_int_t)o.id,
							"name_ko", row_text(oe, &o, "name_ko"),
							"name_en", row_text(oe, &o, "name_en")));
	return 0;
}

static int item_json(struct app *app, struct arena *a, const struct trip *tr, size_t i,
		     const struct finding *f, size_t nf, json_t **out, struct app_error *err)
{
	const struct row *r = &tr->items[i];
	const struct itin_item *it = &tr->t.items[i];
	const char *home = tr->t.home_tz;
	json_t *o = row_to_json(tr->ie, r), *cps, *att = json_array(), *mine = json_array();
	for (size_t k = 0; k < it->nattendees; k++)
		json_array_append_new(att, json_integer(it->attendees[k]));
	for (size_t k = 0; k < nf; k++)
		if ((f[k].item == it->id || f[k].other == it->id) && concerns(&f[k], tr->member))
			json_array_append_new(
				mine,
				json_pack("{s:s, s:s, s:s, s:s}", "code", f[k].code, "severity",
					  f[k].level == FINDING_ERROR ? "error" : "warning",
					  "message_ko", f[k].message_ko, "message_en",
					  f[k].message_en));
	json_object_set_new(o, "place", place_json(tr, it->place));
	json_object_set_new(o, "to_place", place_json(tr, it->to_place));
	json_object_set_new(o, "start",
			    clock_json(itin_start_tz(&tr->t, it), home, it->start,
				       row_text(tr->ie, r, "starts_at")));
	json_object_set_new(
		o, "end",
		clock_json(itin_end_tz(&tr->t, it), home, it->end, row_text(tr->ie, r, "ends_at")));
	json_object_set_new(o, "attendees", att);
	json_object_set_new(o, "everyone", json_boolean(!it->nattendees));
	json_object_set_new(o, "findings", mine);
	if (counterparts_json(app, a, r->id, &cps, err)) {
		json_decref(o);
		return -1;
	}
	json_object_set_new(o, "counterparts", cps);
	*out = o;
	return 0;
}

/* The items the reader sees, grouped into days: a new day whenever the local date of an
 * item's start differs from the one before (crossing the date line eastward lives one date
 * twice, and shows it twice). */
static int days_json(struct app *app, struct arena *a, const struct trip *tr,
		     const struct finding *f, size_t nf, json_t **out, struct app_error *err)
{
	json_t *days = json_array(), *day = NULL;
	char last[11] = "";
	for (size_t i = 0; i < tr->nitems; i++) {
		const struct itin_item *it = &tr->t.items[i];
		struct zoned z;
		char date[11];
		json_t *o;
		if (tr->member && !itin_attends(it, tr->member))
			continue;
		if (zone_at(itin_start_tz(&tr->t, it), it->start, &z))
			continue;
		date_format(z.day, date);
		if (!day || strcmp(date, last)) {
			day = json_pack("{s:s, s:i, s:[]}", "date", date, "weekday",
					date_weekday(z.day), "items");
			json_array_append_new(days, day);
			memcpy(last, date, sizeof(last));
		}
		if (item_json(app, a, tr, i, f, nf, &o, err)) {
			json_decref(days);
			return -1;
		}
		json_array_append_new(json_object_get(day, "items"), o);
	}
	*out = days;
	return 0;
}

/* Reads the trip for who (404 when it may not read it) and checks ?member belongs to it. */
static int trip_for(struct app *app, struct arena *a, int64_t id, int64_t member,
		    const struct app_principal *who, struct trip *tr, struct app_error *err)
{
	struct app_grant g;
	if (app_grant_locked(app, who, entity_find("delegations"), POLICY_READ, &g, err) ||
	    trip_load(app, a, id, &g, tr, err))
		return -1;
	if (member && !member_of(tr, member)) {
		app_fail(err, 404, "not_found", "no member with that id in this delegation");
		app_field_error(err, "member", "unknown_member",
				"is not a member of this delegation");
		return -1;
	}
	tr->member = member;
	return 0;
}

static json_t *head_json(const struct trip *tr)
{
	json_t *o =
		json_pack("{s:I, s:s?, s:s?, s:s, s:s?, s:s?, s:s?}", "id", (json_int_t)tr->d.id,
			  "title_ko", row_text(tr->de, &tr->d, "title_ko"), "title_en",
			  row_text(tr->de, &tr->d, "title_en"), "home_timezone", tr->t.home_tz,
			  "depart_date", tr->t.depart_date, "return_date", tr->t.return_date,
			  "status", row_text(tr->de, &tr->d, "status"));
	json_t *members = json_array();
	for (size_t i = 0; i < tr->t.nmembers; i++)
		json_array_append_new(members, member_json(tr, i));
	json_object_set_new(o, "trip", length_json(tr));
	json_object_set_new(o, "members", members);
	json_object_set_new(o, "member", json_null());
	for (size_t i = 0; i < tr->t.nmembers; i++)
		if (tr->t.members[i].id == tr->member)
			json_object_set_new(o, "member", member_json(tr, i));
	return o;
}

static int view_locked(struct app *app, struct arena *a, int64_t id, int64_t member, int with_days,
		       const struct app_principal *who, json_t **out, struct app_error *err)
{
	struct trip tr;
	struct finding *f;
	size_t nf;
	json_t *days = NULL;
	if (trip_for(app, a, id, member, who, &tr, err) || findings_of(app, a, &tr, &f, &nf, err) ||
	    (with_days && days_json(app, a, &tr, f, nf, &days, err)))
		return -1;
	*out = head_json(&tr);
	findings_json(&tr, f, nf, *out);
	if (days)
		json_object_set_new(*out, "days", days);
	return 0;
}

int app_itinerary_view(struct app *app, struct arena *a, int64_t id, int64_t member,
		       const struct app_principal *who, json_t **out, struct app_error *err)
{
	*out = NULL;
	app_read_begin(app);
	int rc = view_locked(app, a, id, member, 1, who, out, err);
	app_read_end(app);
	return rc;
}

int app_itinerary_findings(struct app *app, struct arena *a, int64_t id, int64_t member,
			   const struct app_principal *who, json_t **out, struct app_error *err)
{
	*out = NULL;
	app_read_begin(app);
	int rc = view_locked(app, a, id, member, 0, who, out, err);
	app_read_end(app);
	return rc;
}

/* Where an item happens, for a calendar: "Origin → Destination", or its place. */
static const char *location_of(struct arena *a, const struct trip *tr, const struct itin_item *it)
{
	const struct itin_place *p = itin_place_find(&tr->t, it->place);
	const struct itin_place *q = itin_place_find(&tr->t, it->to_place);
	const char *pn = p ? (p->name_en && *p->name_en ? p->name_en : p->name_ko) : NULL;
	const char *qn = q ? (q->name_en && *q->name_en ? q->name_en : q->name_ko) : NULL;
	if (pn && qn)
		return arena_printf(a, "%s → %s", pn, qn);
	return pn ? pn : qn;
}

static int ics_locked(struct app *app, struct arena *a, int64_t id, int64_t member,
		      const struct app_principal *who, struct strbuf *out, struct app_error *err)
{
	struct trip tr;
	int64_t now;
	size_t n = 0;
	if (trip_for(app, a, id, member, who, &tr, err))
		return -1;
	struct ics_event *ev = arena_alloc(a, (tr.nitems + 1) * sizeof(*ev));
	if (!ev || instant_parse(app_now(a), &now))
		return app_fail(err, 500, "internal", "out of memory");
	for (size_t i = 0; i < tr.nitems; i++) {
		const struct itin_item *it = &tr.t.items[i];
		const struct row *r = &tr.items[i];
		const char *ko = it->title_ko, *en = it->title_en;
		const char *number = row_text(tr.ie, r, "service_number");
		const char *carrier = row_text(tr.ie, r, "carrier");
		const char *notes = row_text(tr.ie, r, "notes");
		struct itin_clock sc;
		int64_t modified = 0;
		if (member && !itin_attends(it, member))
			continue;
		instant_parse(r->updated_at, &modified);
		itin_clock(itin_start_tz(&tr.t, it), tr.t.home_tz, it->start, &sc);
		ev[n++] = (struct ics_event){
			.uid = arena_printf(a, "roadshow-itinerary-item-%lld@roadshow",
					    (long long)r->id),
			.sequence = r->version - 1,
			.start = it->start,
			.end = it->end,
			.start_tz = itin_start_tz(&tr.t, it),
			.end_tz = itin_end_tz(&tr.t, it),
			.summary = en && *en && strcmp(en, ko) ? arena_printf(a, "%s / %s", ko, en)
							       : ko,
			.location = location_of(a, &tr, it),
			.description = arena_printf(
				a, "%s%s%s%s%s%s%s", sc.label, carrier || number ? "\n" : "",
				carrier ? carrier : "", carrier && number ? " " : "",
				number ? number : "", notes ? "\n\n" : "", notes ? notes : ""),
			.last_modified = modified,
			.cancelled = it->cancelled,
		};
	}
	const char *title = row_text(tr.de, &tr.d, "title_ko");
	const struct itin_member *m = member_of(&tr, member);
	if (m)
		title = arena_printf(a, "%s · %s", title, m->name_ko ? m->name_ko : "");
	if (ics_write(title, ev, n, now, out))
		return app_fail(err, 500, "internal", "the calendar could not be written");
	return 0;
}

int app_itinerary_ics(struct app *app, struct arena *a, int64_t id, int64_t member,
		      const struct app_principal *who, struct strbuf *out, struct app_error *err)
{
	app_read_begin(app);
	int rc = ics_locked(app, a, id, member, who, out, err);
	app_read_end(app);
	return rc;
}
