/* b2b.h - what the B2B use cases share (app/b2b_*.c): a programme read whole, with its slots,
 * and who may act for a participant. Not part of the app interface (app.h has that). */
#ifndef ROADSHOW_APP_B2B_H
#define ROADSHOW_APP_B2B_H

#include "../core/b2b.h"
#include "../store/store.h"
#include "app.h"
#include "rowjson.h"

/* A programme as the scheduler and the views need it; rows by id, in a. */
struct b2b_plan {
	struct row event;
	struct row *sessions, *venues, *walks, *people, *meetings;
	size_t nsessions, nvenues, nwalks, npeople, nmeetings;
	struct b2b_slot *slots;
	size_t nslots;
	int shortest; /* the shortest slot, in minutes (walks are counted in it) */
	const char *tz;
	const struct entity *ee, *se, *ve, *we, *pe, *me, *ae, *re;
};

/* Reads programme id with its sessions, venues, walks, participants and meetings, and makes
 * its slots: 404 for none, 422 naming the session whose slots cannot be made. Caller holds
 * the lock; access is the caller's to check. */
int b2b_plan_load(struct app *app, struct arena *a, int64_t id, struct b2b_plan *p,
		  struct app_error *err);

/* The participant, venue or meeting row with this id, or NULL. */
const struct row *b2b_person(const struct b2b_plan *p, int64_t id);
const struct row *b2b_venue(const struct b2b_plan *p, int64_t id);

/* The slot a meeting's instant (starts_at or published_at, by field) falls at, or -1. */
int b2b_meeting_slot(const struct b2b_plan *p, const struct row *m, const char *field);

/* Every row of e whose field fk is id, by id, without the children limit. Caller holds the
 * lock. */
int b2b_rows(struct app *app, struct arena *a, const struct entity *e, const char *fk, int64_t id,
	     struct row **rows, size_t *n, struct app_error *err);

/* How who may act on programme `event` for participant `person` (NULL: the programme
 * only): B2B_STAFF (an administrator, or its region's organizer; for reads a viewer too),
 * B2B_SELF (a company member of the participant's organization), else it fails: 404 for a
 * row it may not see, 403 for a role that may not do this. Caller holds the lock. */
enum b2b_actor { B2B_STAFF = 1, B2B_SELF };
int b2b_may(struct app *app, struct arena *a, const struct app_principal *who,
	    const struct entity *e, enum policy_op op, const struct row *event,
	    const struct row *person, enum b2b_actor *as, struct app_error *err);

/* Writes row r of e (a row of programme event) back, its version bumped, and puts the
 * change on the audit trail as action, with the row as it was (before, a snapshot). */
int b2b_save(struct app *app, struct arena *a, const char *actor, const char *action,
	     const struct entity *e, struct row *r, const struct row *event, json_t *before,
	     struct app_error *err);

struct sched_options;
/* One B2B write: what it acts on, how, and for whom. */
struct b2b_call {
	int64_t id;
	json_t *body;
	const struct sched_options *opt;
	int what;
	const struct app_principal *who;
	const char *actor;
};
typedef int (*b2b_use_case)(struct app *app, struct arena *a, const struct b2b_call *c,
			    json_t **out, struct app_error *err);
/* Runs fn in one write transaction: committed when it succeeds, *out dropped when not. */
int b2b_write(struct app *app, struct arena *a, b2b_use_case fn, const struct b2b_call *c,
	      json_t **out, struct app_error *err);

/* app_b2b_schedule (c->opt) and app_b2b_publish inside the caller's transaction (the demo
 * loader's too). */
int b2b_schedule_locked(struct app *app, struct arena *a, const struct b2b_call *c, json_t **out,
			struct app_error *err);
int b2b_publish_locked(struct app *app, struct arena *a, const struct b2b_call *c, json_t **out,
		       struct app_error *err);

#endif
