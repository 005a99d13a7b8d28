/* b2b_requests.c - meeting requests answered: accepted (a meeting at the exhibitor's booth),
 * declined, cancelled; and a request made by a participant's own company. */
#include <string.h>

#include "b2b.h"

/* The request, its programme and its two participants, read under the lock. */
struct ask {
	const struct entity *re, *pe, *ee;
	struct row req, from, to, event;
};

static int load(struct app *app, struct arena *a, int64_t id, struct ask *q, struct app_error *err)
{
	q->re = entity_find("b2b_requests");
	q->pe = entity_find("b2b_participants");
	q->ee = entity_find("b2b_events");
	int se = store_get(app_store(app), q->re, id, a, &q->req);
	if (!se)
		se = store_get(app_store(app), q->pe, row_int(q->re, &q->req, "from_id"), a,
			       &q->from);
	if (!se)
		se = store_get(app_store(app), q->pe, row_int(q->re, &q->req, "to_id"), a, &q->to);
	if (!se)
		se = store_get(app_store(app), q->ee, row_int(q->re, &q->req, "b2b_event_id"), a,
			       &q->event);
	return se ? app_store_fail(app, err, se, q->re) : 0;
}

static void set_status(struct arena *a, struct ask *q, const char *status)
{
	struct value *v = &q->req.v[entity_field_index(q->re, "status")];
	v->null = 0;
	v->s = arena_strdup(a, status);
	v = &q->req.v[entity_field_index(q->re, "answered_at")];
	v->null = 0;
	v->s = app_now(a);
}

static int is_kind(const struct entity *pe, const struct row *p, const char *kind)
{
	const char *k = row_text(pe, p, "kind");
	return k && !strcmp(k, kind);
}

/* Accepting makes the meeting: at the booth of the exhibitor (of the one asked, when both
 * exhibit), with the request's priority. */
static int make_meeting(struct app *app, struct arena *a, struct ask *q, const char *actor,
			int64_t *meeting, struct app_error *err)
{
	const struct entity *me = entity_find("b2b_meetings");
	int to_hosts = is_kind(q->pe, &q->to, "exhibitor");
	json_t *body = json_pack(
		"{s:I, s:I, s:I, s:s, s:I}", "b2b_event_id", (json_int_t)q->event.id, "host_id",
		(json_int_t)(to_hosts ? q->to.id : q->from.id), "visitor_id",
		(json_int_t)(to_hosts ? q->from.id : q->to.id), "priority",
		row_text(q->re, &q->req, "priority"), "request_id", (json_int_t)q->req.id);
	/* trusted: the request was checked, and request_id is Roadshow's to set */
	struct row made;
	int rc = app_insert_locked(app, a, me, body, 0, NULL, meeting, &made, err) ||
		 app_audit_of(app, a, actor, "create", me, &made, NULL, err);
	json_decref(body);
	return rc;
}

enum answer { ACCEPT, DECLINE, CANCEL };

static int answer_locked(struct app *app, struct arena *a, const struct b2b_call *c, json_t **out,
			 struct app_error *err)
{
	enum answer what = (enum answer)c->what;
	const char *actor = c->actor;
	struct ask q;
	enum b2b_actor as;
	int64_t meeting = 0;
	if (load(app, a, c->id, &q, err) ||
	    /* the one asked answers, the one who asked cancels; organizers do either */
	    b2b_may(app, a, c->who, q.re, POLICY_WRITE, &q.event, what == CANCEL ? &q.from : &q.to,
		    &as, err))
		return -1;
	const char *status = row_text(q.re, &q.req, "status");
	const char *close = row_text(q.ee, &q.event, "requests_close_at");
	if (what == CANCEL ? strcmp(status, "pending") && strcmp(status, "accepted")
			   : strcmp(status, "pending") != 0)
		return app_fail(err, 409, "request_closed",
				arena_printf(a, "the request is %s already", status));
	if (what != CANCEL && close && strcmp(app_now(a), close) >= 0)
		return app_fail(err, 409, "request_expired",
				"requests closed at the programme's deadline; an organizer can "
				"still add the meeting");
	json_t *before = row_to_json(q.re, &q.req);
	set_status(a, &q, what == ACCEPT ? "accepted" : what == DECLINE ? "declined" : "cancelled");
	int rc = b2b_save(app, a, actor,
			  what == ACCEPT    ? "accept"
			  : what == DECLINE ? "decline"
					    : "cancel",
			  q.re, &q.req, &q.event, before, err);
	json_decref(before);
	if (!rc && what == ACCEPT)
		rc = make_meeting(app, a, &q, actor, &meeting, err);
	if (!rc && what == CANCEL && !strcmp(status, "accepted")) {
		/* its meeting, unless it already took place, is cancelled with it */
		const struct entity *me = entity_find("b2b_meetings");
		struct row *ms;
		size_t n;
		rc = app_rows_of(app, a, me, "request_id", q.req.id, NULL, &ms, &n, err);
		for (size_t k = 0; !rc && k < n; k++) {
			const char *ms_status = row_text(me, &ms[k], "status");
			if (strcmp(ms_status, "planned"))
				continue;
			json_t *mb = row_to_json(me, &ms[k]);
			struct value *v = &ms[k].v[entity_field_index(me, "status")];
			v->s = "cancelled";
			rc = b2b_save(app, a, actor, "cancel", me, &ms[k], &q.event, mb, err);
			json_decref(mb);
			meeting = ms[k].id;
		}
	}
	if (rc)
		return -1;
	*out = row_to_json(q.re, &q.req);
	json_object_set_new(*out, "meeting_id", meeting ? json_integer(meeting) : json_null());
	return 0;
}

static int answer(struct app *app, struct arena *a, int64_t id, enum answer what,
		  const struct app_principal *who, const char *actor, json_t **out,
		  struct app_error *err)
{
	struct b2b_call c = {.id = id, .what = what, .who = who, .actor = actor};
	return b2b_write(app, a, answer_locked, &c, out, err);
}

int app_b2b_accept(struct app *app, struct arena *a, int64_t id, const struct app_principal *who,
		   const char *actor, json_t **out, struct app_error *err)
{
	return answer(app, a, id, ACCEPT, who, actor, out, err);
}

int app_b2b_decline(struct app *app, struct arena *a, int64_t id, const struct app_principal *who,
		    const char *actor, json_t **out, struct app_error *err)
{
	return answer(app, a, id, DECLINE, who, actor, out, err);
}

int app_b2b_cancel(struct app *app, struct arena *a, int64_t id, const struct app_principal *who,
		   const char *actor, json_t **out, struct app_error *err)
{
	return answer(app, a, id, CANCEL, who, actor, out, err);
}

static int ask_locked(struct app *app, struct arena *a, const struct b2b_call *c, json_t **out,
		      struct app_error *err)
{
	int64_t from = c->id;
	json_t *body = c->body;
	const struct entity *pe = entity_find("b2b_participants"), *ee = entity_find("b2b_events"),
			    *re = entity_find("b2b_requests");
	struct row person, event;
	enum b2b_actor as;
	int64_t id;
	int se = store_get(app_store(app), pe, from, a, &person);
	if (!se)
		se = store_get(app_store(app), ee, row_int(pe, &person, "b2b_event_id"), a, &event);
	if (se)
		return app_store_fail(app, err, se, pe);
	if (b2b_may(app, a, c->who, re, POLICY_WRITE, &event, &person, &as, err))
		return -1;
	const char *close = row_text(ee, &event, "requests_close_at");
	if (close && strcmp(app_now(a), close) >= 0)
		return app_fail(err, 409, "requests_closed",
				"requests closed at the programme's deadline");
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v) if (strcmp(key, "to_id") && strcmp(key, "priority") &&
					      strcmp(key, "message"))
	{
		app_fail(err, 422, "validation_failed", "one or more fields are invalid");
		app_field_error(err, key, "unknown_field",
				"only to_id, priority and message are taken");
		return -1;
	}
	json_t *row = json_deep_copy(body);
	json_object_set_new(row, "b2b_event_id", json_integer(event.id));
	json_object_set_new(row, "from_id", json_integer(from));
	/* the caller was checked above: the row goes in as theirs, read-only fields still not */
	struct app_grant open = {0};
	struct row stored;
	int rc = app_insert_locked(app, a, re, row, 0, &open, &id, &stored, err) ||
		 app_audit_of(app, a, c->actor, "create", re, &stored, NULL, err);
	json_decref(row);
	if (rc)
		return -1;
	*out = row_to_json(re, &stored);
	return 0;
}

int app_b2b_ask(struct app *app, struct arena *a, int64_t from, json_t *body,
		const struct app_principal *who, const char *actor, json_t **out,
		struct app_error *err)
{
	*out = NULL;
	if (!json_is_object(body))
		return app_fail(err, 400, "invalid_body", "the request body must be a JSON object");
	struct b2b_call c = {.id = from, .body = body, .who = who, .actor = actor};
	return b2b_write(app, a, ask_locked, &c, out, err);
}
