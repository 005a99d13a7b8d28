/* app.h - use cases shared by the HTTP API and the CLI: validate, run one transaction, answer.
 *
 * Every function takes a request arena; JSON results are new references the caller owns
 * (json_decref). On failure a function fills an app_error (strings in the arena) and
 * leaves the database as it was. */
#ifndef ROADSHOW_APP_H
#define ROADSHOW_APP_H

#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/arena.h"
#include "../core/entity.h"
#include "../core/policy.h"
#include "../core/strbuf.h"
#include "readers.h"
#include "token_cache.h"
#include "writer.h"

struct store;

struct app {
	struct store *store;
	pthread_mutex_t lock;	    /* one use case at a time on the one connection */
	struct app_writer writer;   /* the use cases' transactions, committed in groups */
	struct app_readers readers; /* connections the use cases that only read run on */
	atomic_int accounts_exist;  /* seen once: accounts are disabled, never deleted */
	struct token_cache tokens;  /* the accounts API tokens name, per data generation */
};

/* A use case that only reads runs between these, on a connection of its own (readers.h):
 * outside the app lock, at one snapshot of what is committed. */
void app_read_begin(struct app *app);
void app_read_end(struct app *app);
/* The store this thread reads and writes: its reader inside app_read_begin/end, else the
 * writer's connection (under the app lock). */
struct store *app_store(struct app *app);
/* The data generation now (store_generation): what was read at one generation is still what
 * the database holds while it stays the same. 0 when it cannot be read (then nothing kept may
 * be used). */
int64_t app_generation(struct app *app);

struct app_principal;

struct field_error {
	const char *field, *code, *message;
};

/* An RFC 9457 problem: status, a stable code, a sentence, and per-field errors. */
struct app_error {
	struct arena *arena; /* where field errors are kept */
	int status;
	const char *code, *title, *detail;
	struct field_error *errors;
	size_t nerrors, cap;
};

/* A query parameter or option: key = value. */
struct kv {
	const char *key, *value;
};

enum { APP_LIST_DEFAULT = 50, APP_LIST_MAX = 500, APP_BODY_MAX = 1 << 20 };

/* Opens the store at url. Returns 0, or -1 with a message in err. */
int app_open(struct app *app, const char *url, char *err, size_t errlen);
void app_close(struct app *app);

/* Sets err to a problem without field errors; returns -1 for `return app_fail(...)`. */
int app_fail(struct app_error *err, int status, const char *code, const char *detail);
/* Prepares err to collect problems in a. */
void app_error_init(struct app_error *err, struct arena *a);
/* Adds a field error; field is copied, code and message must be literals. */
void app_field_error(struct app_error *err, const char *field, const char *code,
		     const char *message);

/* Reads and writes take who is asking (NULL: a trusted caller such as the CLI): 401 when
 * nobody is logged in, 403 when the role may not, 404 for rows of other organizations —
 * once any account exists (before that, loopback-only set-up mode, everything is open). */

/* Who may call an operation at all: declared once per route in the route table and checked
 * by app_authorize before the handler runs; the rows it reaches are then narrowed by the
 * row policy (core/policy.c) inside each use case. */
enum app_access {
	ACCESS_PUBLIC,	/* anyone, logged in or not */
	ACCESS_ACCOUNT, /* any account logged in */
	ACCESS_STAFF,	/* administrators, and organizers and viewers of host organizations */
	ACCESS_ADMIN,	/* administrators */
	ACCESS_POLICY,	/* the resource's rules for its role: read for GET, write otherwise */
	/* any account (and anyone in set-up mode); the use case then narrows it to the rows of
	 * the reader's own: a B2B programme's organizers and a company member for its own
	 * company's participants (app/b2b_plan.c); the follow-ups due of a region or a company */
	ACCESS_PARTICIPANT,
	ACCESS_COUNT,
};
/* The access level's stable name ("staff"), as the OpenAPI document gives it. */
const char *app_access_name(enum app_access access);
/* 0 when who may call an operation of this access (e and op for ACCESS_POLICY); else 401
 * for nobody logged in, 403 for a role that may not. Until an account exists (set-up mode)
 * everything but ACCESS_ACCOUNT is open. */
int app_authorize(struct app *app, const struct app_principal *who, enum app_access access,
		  const struct entity *e, enum policy_op op, struct app_error *err);

/* *setup becomes 1 while no account exists: set-up mode, open, and served on loopback only. */
int app_setup_mode(struct app *app, int *setup, struct app_error *err);

/* GET a list: params are filters (field=value), q, sort, order, limit, cursor. */
int app_list(struct app *app, struct arena *a, const struct entity *e, const struct kv *params,
	     size_t nparams, const struct app_principal *who, json_t **out, struct app_error *err);
/* GET one row with its children and the labels of the rows it refers to. */
int app_get(struct app *app, struct arena *a, const struct entity *e, int64_t id,
	    const struct app_principal *who, json_t **out, struct app_error *err);

struct app_write {
	const char *idempotency_key;	 /* POST: a replay answers the first response */
	const char *path;		 /* request path, stored with the idempotency key */
	int64_t if_match;		 /* expected version, 0 when none was given */
	int replace;			 /* PUT: fields left out become null/default */
	const char *actor;		 /* who makes the change, for the audit trail */
	const struct app_principal *who; /* whose rights apply; NULL for a trusted caller */
};

/* POST. *status is 201, or the first response's status on an idempotent replay;
 * *replayed tells which. */
int app_create(struct app *app, struct arena *a, const struct entity *e, json_t *body,
	       const struct app_write *w, json_t **out, int *status, int *replayed,
	       struct app_error *err);
/* PATCH (or PUT with w->replace). Needs a version, from If-Match or the body. */
int app_update(struct app *app, struct arena *a, const struct entity *e, int64_t id, json_t *body,
	       const struct app_write *w, json_t **out, struct app_error *err);
int app_delete(struct app *app, struct arena *a, const struct entity *e, int64_t id,
	       const struct app_write *w, struct app_error *err);

enum app_format { APP_CSV, APP_JSON };
/* Parses an --format word; returns -1 for an unknown one. */
int app_format_parse(const char *s, enum app_format *f);
/* Writes every row of e to out. */
int app_export(struct app *app, struct arena *a, const struct entity *e, enum app_format f,
	       const struct app_principal *who, struct strbuf *out, struct app_error *err);
/* Reads rows of e from data (all or nothing): rows with an id that exists are updated,
 * others inserted. *count gets the number of rows read. */
int app_import(struct app *app, struct arena *a, const struct entity *e, enum app_format f,
	       const char *data, size_t len, size_t *count, struct app_error *err);
/* Loads the demo scenario (a JSON document, see data/demo/README.md) into an empty database,
 * in one transaction; with_accounts also makes its demo accounts, with random passwords, and
 * *accounts (may be NULL) gets them as [{login, role, organization_id, password}]. */
int app_demo_load(struct app *app, struct arena *a, const char *data, size_t len, int with_accounts,
		  size_t *count, json_t **accounts, struct app_error *err);

/* Accounts and settings: the audit trail names them with these resources. */
#define APP_ACCOUNTS "users"
#define APP_SETTINGS "settings"

/* An account as the rest of the program sees it (no password). */
struct app_account {
	int64_t id;
	const char *login, *name, *role; /* role: admin, organizer, viewer, company */
	int64_t organization_id;	 /* 0 for an admin */
};

/* Creates an account with an argon2id hash of password; *id gets its id. 422 names the
 * field that is wrong; 409 when the login is taken. */
int app_user_add(struct app *app, struct arena *a, const struct app_account *in,
		 const char *password, const char *actor, int64_t *id, struct app_error *err);
/* Every account as a JSON array (new reference), by login, without password hashes. */
int app_user_list(struct app *app, struct arena *a, json_t **out, struct app_error *err);
int app_user_set_disabled(struct app *app, struct arena *a, const char *login, int disabled,
			  const char *actor, struct app_error *err);
int app_user_set_password(struct app *app, struct arena *a, const char *login, const char *password,
			  const char *actor, struct app_error *err);
/* A new random password of 16 characters (in a), or NULL when the CSPRNG fails. */
const char *app_password_generate(struct arena *a);
/* POST /api/v1/users: {login, role, organization_id, name, password}; a password left out
 * is made and returned once as "password". *out is the account (new reference). */
int app_user_create(struct app *app, struct arena *a, json_t *body, const char *actor, json_t **out,
		    struct app_error *err);
/* PATCH /api/v1/users/{id}: {disabled, name, password}, any of them. Disabling or a new
 * password ends the account's sessions; who may not disable itself (409). */
int app_user_update(struct app *app, struct arena *a, int64_t id, json_t *body,
		    const struct app_principal *who, const char *actor, json_t **out,
		    struct app_error *err);
/* Checks a login and password; 401 invalid_credentials (the same for an unknown login, a
 * wrong password and a disabled account). */
int app_user_verify(struct app *app, struct arena *a, const char *login, const char *password,
		    struct app_account *out, struct app_error *err);

/* Who is asking: set from a session cookie or an API token; user_id 0 for nobody. */
struct app_principal {
	int64_t user_id;
	const char *login, *role;
	int64_t organization_id;
	const char *csrf; /* the session's CSRF token; NULL when authenticated by API token */
};

enum { APP_SESSION_SECONDS = 12 * 3600, APP_THROTTLE_SECONDS = 15 * 60 };
enum { APP_MAX_FAILURES_ACCOUNT = 5, APP_MAX_FAILURES_ADDRESS = 20 };

/* Logs in: 401 invalid_credentials, 429 too_many_attempts after APP_MAX_FAILURES_* failed
 * logins in APP_THROTTLE_SECONDS for the login or for client (an address). On success
 * *token is the session secret for the cookie (in a) and who is filled, csrf included. */
int app_login(struct app *app, struct arena *a, const char *login, const char *password,
	      const char *client, const char **token, struct app_principal *who,
	      struct app_error *err);
/* Finds the session of a cookie's token or the account of an API token. An unknown,
 * expired or revoked secret gives 401 invalid_session / invalid_token. */
int app_session_find(struct app *app, struct arena *a, const char *token, struct app_principal *who,
		     struct app_error *err);
/* The account of an API token; generation (app_generation, or 0) lets the account kept from
 * an earlier request at that generation answer without the database. */
int app_token_find(struct app *app, struct arena *a, const char *token, int64_t generation,
		   struct app_principal *who, struct app_error *err);
int app_logout(struct app *app, struct arena *a, const char *token, struct app_error *err);
/* Changes who's password after checking the current one; every session of the account ends
 * and a new one is opened (*token, who->csrf). */
int app_password_change(struct app *app, struct arena *a, struct app_principal *who,
			const char *current, const char *next, const char **token,
			struct app_error *err);
/* API tokens of who: create (the secret is in the answer, once), list, revoke. */
int app_token_create(struct app *app, struct arena *a, const struct app_principal *who,
		     json_t *body, json_t **out, struct app_error *err);
int app_token_list(struct app *app, struct arena *a, const struct app_principal *who, json_t **out,
		   struct app_error *err);
int app_token_revoke(struct app *app, struct arena *a, const struct app_principal *who, int64_t id,
		     struct app_error *err);
/* The principal as JSON for GET /api/v1/session (new reference). */
json_t *app_principal_json(const struct app_principal *who);

/* GET the audit trail, newest first: params resource, row_id, limit, cursor. */
int app_audit_list(struct app *app, struct arena *a, const struct kv *params, size_t nparams,
		   const struct app_principal *who, json_t **out, struct app_error *err);

/* Published delegations for anyone, newest first: {items: [{id, title_ko, title_en,
 * depart_date, return_date, status, host}], total}. */
int app_public_list(struct app *app, struct arena *a, json_t **out, struct app_error *err);
/* A published delegation's public page: purpose, host, event, budget, trip length, members by title
 * (never names or contacts), itinerary items in time order with their zones, agreements,
 * and once the trip is over its outcome. 404 for a delegation that is not published. */
int app_public_get(struct app *app, struct arena *a, int64_t id, json_t **out,
		   struct app_error *err);

/* Itineraries (itinerary.c). A delegation's day view: {id, title_ko, title_en, home_timezone,
 * depart_date, return_date, status, trip, members, member, findings, counts, days: [{date,
 * weekday, items: [item with place, to_place, start and end clocks (local and home time),
 * attendees, everyone, counterparts, findings]}]}; member (0: everyone) narrows it to the
 * items and findings of one delegation member (404 when not one of its members). */
int app_itinerary_view(struct app *app, struct arena *a, int64_t id, int64_t member,
		       const struct app_principal *who, json_t **out, struct app_error *err);
/* The same without days: the trip's length and the findings of its checks. */
int app_itinerary_findings(struct app *app, struct arena *a, int64_t id, int64_t member,
			   const struct app_principal *who, json_t **out, struct app_error *err);
/* The itinerary (one member's, when member) as an iCalendar file into out. */
int app_itinerary_ics(struct app *app, struct arena *a, int64_t id, int64_t member,
		      const struct app_principal *who, struct strbuf *out, struct app_error *err);
/* The delegation's trip {nights, days, label, label_en, first_date, last_date} computed from
 * its itinerary, or JSON null when it has none (new reference). Caller holds the lock. */
int app_delegation_trip_locked(struct app *app, struct arena *a, int64_t id, json_t **out,
			       struct app_error *err);

/* Trip documents (tripdocs.c): the plan (출장 계획서) and, after the trip, the result report
 * (결과보고서) of a delegation who may read (404 otherwise). */
enum app_doc { APP_DOC_PLAN, APP_DOC_REPORT };
enum app_doc_format { APP_DOC_HTML, APP_DOC_XLSX };
/* The document's model as export/tripdoc.h describes it (new reference). */
int app_tripdoc_model(struct app *app, struct arena *a, int64_t id, enum app_doc doc,
		      const struct app_principal *who, json_t **out, struct app_error *err);
/* The document rendered into out (HTML text or XLSX bytes); lang "ko" (or NULL) or "en",
 * anything else 400 naming lang. */
int app_tripdoc(struct app *app, struct arena *a, int64_t id, enum app_doc doc,
		enum app_doc_format format, const char *lang, const struct app_principal *who,
		struct strbuf *out, struct app_error *err);

/* Settings (settings.c): {values: {key: value}, fields: [{key, unit, min, max, default,
 * label_ko, label_en}]}. An update takes {key: value, ...}: all or nothing, 422 naming the
 * wrong keys; it is on the audit trail as resource "settings". */
struct itin_rules;
int app_settings_get(struct app *app, struct arena *a, json_t **out, struct app_error *err);
int app_settings_update(struct app *app, struct arena *a, json_t *body, const char *actor,
			json_t **out, struct app_error *err);
/* The checks' rules: the defaults with the stored settings. Caller holds the lock. */
int app_rules_locked(struct app *app, struct arena *a, struct itin_rules *r, struct app_error *err);

/* Schedules the meetings of a scheduler instance file (docs/schedule-format.md): 422
 * invalid_instance naming the first wrong place ("meetings[3].a"); *out is {assignments,
 * unscheduled, objective} with the file's ids; opt's seed, move budget and time limit steer
 * the search (on the monotonic clock). With lp, the instance is also written there as an integer
 * program (LP format) for a reference solver. */
struct sched_options;
int app_schedule_file(struct arena *a, json_t *instance, const struct sched_options *opt,
		      struct strbuf *lp, json_t **out, struct app_error *err);

/* B2B matchmaking (b2b_*.c). Organizers of a programme schedule and publish it:
 * app_b2b_schedule places its meetings (body {seed, time_limit} or {}), giving {slots,
 * meetings, scheduled, unscheduled: [{meeting, reason}], moved, changed, expired, objective};
 * app_b2b_publish makes the working schedule the final one participants see. */
int app_b2b_schedule(struct app *app, struct arena *a, int64_t id, json_t *body,
		     const struct app_principal *who, const char *actor, json_t **out,
		     struct app_error *err);
int app_b2b_publish(struct app *app, struct arena *a, int64_t id, const struct app_principal *who,
		    const char *actor, json_t **out, struct app_error *err);
/* A request answered by the one asked (accept makes the meeting; 409 once it is answered or
 * the programme's requests have closed), or cancelled by the one who asked (with its
 * meeting); organizers may do either. *out is the request with meeting_id. */
int app_b2b_accept(struct app *app, struct arena *a, int64_t id, const struct app_principal *who,
		   const char *actor, json_t **out, struct app_error *err);
int app_b2b_decline(struct app *app, struct arena *a, int64_t id, const struct app_principal *who,
		    const char *actor, json_t **out, struct app_error *err);
int app_b2b_cancel(struct app *app, struct arena *a, int64_t id, const struct app_principal *who,
		   const char *actor, json_t **out, struct app_error *err);
/* A request from participant `from` ({to_id, priority, message}), by its own company or an
 * organizer. */
int app_b2b_ask(struct app *app, struct arena *a, int64_t from, json_t *body,
		const struct app_principal *who, const char *actor, json_t **out,
		struct app_error *err);
/* A participant's requests {sent, received}: each request with "other", the other side's
 * {name, kind, country}; for its own company or the programme's staff. */
int app_b2b_requests_of(struct app *app, struct arena *a, int64_t id,
			const struct app_principal *who, json_t **out, struct app_error *err);
/* The grid: {programme fields, view, slots, hosts, interpreters, people, meetings, counts};
 * final: the published schedule, else the working one. */
int app_b2b_grid(struct app *app, struct arena *a, int64_t id, int final,
		 const struct app_principal *who, json_t **out, struct app_error *err);
/* A participant's agenda (the final schedule; draft: the working one, organizers only):
 * {participant, programme, view, items: [meeting with role, time, host, visitor,
 * interpreter]}; as iCalendar; the programme's meetings as CSV. */
int app_b2b_agenda(struct app *app, struct arena *a, int64_t id, int draft,
		   const struct app_principal *who, json_t **out, struct app_error *err);
int app_b2b_agenda_ics(struct app *app, struct arena *a, int64_t id, int draft,
		       const struct app_principal *who, struct strbuf *out, struct app_error *err);
int app_b2b_schedule_csv(struct app *app, struct arena *a, int64_t id, int final,
			 const struct app_principal *who, struct strbuf *out,
			 struct app_error *err);
/* The grid, the meetings and the interpreters' roster as an XLSX workbook; lang ko (NULL) or
 * en, anything else 400 naming lang. */
int app_b2b_schedule_xlsx(struct app *app, struct arena *a, int64_t id, int final, const char *lang,
			  const struct app_principal *who, struct strbuf *out,
			  struct app_error *err);
/* Outcome reports (outcome.c): a pavilion's (kind "pavilion"), an event's ("event": its
 * pavilions the reader sees) or a company's ("company") consultations and follow-ups as
 * {scope, id, event_id, date, currencies, rates, summary, previous, total, by_company,
 * by_country, by_category, [by_pavilion]}; each group has, per stage, {count,
 * amount, verified, unconverted} in USD and KRW at the latest rates recorded on or before the
 * event's last day. Stages are never summed together. summary: companies, consultations,
 * meetings held, agreements signed; previous: the summary and total of the series' previous
 * edition, or null. */
int app_outcome(struct app *app, struct arena *a, const char *kind, int64_t id,
		const struct app_principal *who, json_t **out, struct app_error *err);
/* The consultations behind one number of that report: params stage (required), at most one
 * of organization_id, pavilion_id, country, category, and verified, limit, after; as {stage,
 * total (the report's cell), lines, items, next_after}. 400 naming a bad parameter. */
int app_outcome_lines(struct app *app, struct arena *a, const char *kind, int64_t id,
		      const struct kv *params, size_t nparams, const struct app_principal *who,
		      json_t **out, struct app_error *err);
/* The report as an XLSX workbook (summary and stages with a chart, a sheet per breakdown with
 * a chart, the rates, every consultation) or a CSV of its figures (section, group, stage,
 * count, amounts in USD and KRW, verified, unconverted); lang ko (NULL) or en, anything else
 * 400 naming lang. */
int app_outcome_xlsx(struct app *app, struct arena *a, const char *kind, int64_t id,
		     const char *lang, const struct app_principal *who, struct strbuf *out,
		     struct app_error *err);
int app_outcome_csv(struct app *app, struct arena *a, const char *kind, int64_t id,
		    const char *lang, const struct app_principal *who, struct strbuf *out,
		    struct app_error *err);
/* The follow-ups due on or before as_of (params: as_of, default today in Korea): the open
 * consultations (not exported or dropped) whose next step is then, as {as_of, items
 * (consultation, stage, exhibitor, organizer, days_overdue), by_company, by_organizer (due,
 * overdue)}, as far as who may read them. 400 naming a bad parameter. */
int app_follow_ups_due(struct app *app, struct arena *a, const struct kv *params, size_t nparams,
		       const struct app_principal *who, json_t **out, struct app_error *err);
/* A business centre's status report: {centre, members {total, by_mode, items (with names,
 * mode, since)}, services {total, by_kind, by_month [{month, total, by_kind}]}, outcome
 * {summary, total, by_company} of its member companies' consultations (the reader's regions')}.
 * Its outcome report proper is app_outcome's kind "centre". */
int app_centre_status(struct app *app, struct arena *a, int64_t id, const struct app_principal *who,
		      json_t **out, struct app_error *err);
/* The monotonic clock in milliseconds, for the scheduler's time limit. */
long app_clock_ms(void *ctx);

/* The descriptors as JSON, for the web UI and the OpenAPI document. */
json_t *app_meta(void);

/* Readiness (health.c). */
enum { APP_READY_WAIT_SECONDS = 2 };
/* 0 with *out {status: "ready", schema_version} (new reference) when the database answers and
 * is at the version this binary's migrations lead to (store_schema_target); else 503 with code
 * database_busy (the lock was not free within APP_READY_WAIT_SECONDS), database_unavailable,
 * schema_behind or schema_ahead. */
int app_ready(struct app *app, struct arena *a, json_t **out, struct app_error *err);

#endif
