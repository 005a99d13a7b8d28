/* rowjson.h - rows to JSON and JSON to validated rows, both driven by the descriptors. */
#ifndef ROADSHOW_ROWJSON_H
#define ROADSHOW_ROWJSON_H

#include "../core/policy.h"
#include "app.h"

struct row;
struct app_grant;

enum row_mode {
	ROW_CREATE,  /* fields left out take their default (or null) */
	ROW_PATCH,   /* fields left out keep the base row's value */
	ROW_REPLACE, /* like create, on an existing row */
	/* or'ed in: a trusted caller's row (import, demo), whose read-only fields are read too */
	ROW_SYSTEM = 8,
	/* or'ed in: a company member's own row, whose staff-only fields it may not change */
	ROW_COMPANY = 16,
};

/* A new JSON object for r: id, version, timestamps and every field. */
json_t *row_to_json(const struct entity *e, const struct row *r);

/* Validates obj and writes the result into r. For ROW_PATCH, r holds the current row on
 * entry. Keys id, version, created_at, updated_at and those starting with '_' are
 * ignored here (the caller reads version). Returns 0, or -1 with err filled (422). */
int row_from_json(struct app *app, struct arena *a, const struct entity *e, json_t *obj,
		  enum row_mode mode, struct row *r, struct app_error *err);

/* The value of field name of row r: its text (NULL when null), its integer (references,
 * money; 0 when null). */
const char *row_text(const struct entity *e, const struct row *r, const char *name);
int64_t row_int(const struct entity *e, const struct row *r, const char *name);
/* The rows of e whose field fk is id, sorted by field sort (NULL: by id), at most
 * APP_CHILDREN_MAX, allocated in a. Caller holds the lock. */
enum { APP_CHILDREN_MAX = 2000 };
int app_rows_of(struct app *app, struct arena *a, const struct entity *e, const char *fk,
		int64_t id, const char *sort, struct row **rows, size_t *n, struct app_error *err);

/* The rules of e that need other rows (rules.c), asked of a row that is valid field by
 * field: 0, or -1 with err filled (422 naming the field, 409 for a taken pair). */
int app_rules_check(struct app *app, struct arena *a, const struct entity *e, const struct row *r,
		    struct app_error *err);

/* The value of field name of r as JSON (null when null), a new reference. */
json_t *row_field_json(const struct entity *e, const struct row *r, const char *name);
/* The named fields (a space-separated list) of r, as a new object: what a page built field
 * by field shows, and nothing else. */
json_t *row_pick(const struct entity *e, const struct row *r, const char *names);
/* The named fields of row id of the entity called name, or JSON null when there is none.
 * Caller holds the lock. */
json_t *app_pick_ref(struct app *app, struct arena *a, const char *name, int64_t id,
		     const char *fields);

/* A delegation's members by role (head first) and office: {role, title_ko, title_en,
 * organization}, never a name or a contact, for the public page and the trip documents.
 * Caller holds the lock. */
int app_members_by_title_locked(struct app *app, struct arena *a, int64_t id, json_t **out,
				struct app_error *err);

/* A delegation's agreements by signing date, each with its parties (name, country, role);
 * *nsigned counts those signed (neither planned nor lapsed). Caller holds the lock. */
int app_agreements_locked(struct app *app, struct arena *a, int64_t id, json_t **out,
			  size_t *nsigned, struct app_error *err);

/* Appends s to out as one CSV cell, quoted as needed (libcsv). */
void app_csv_cell(struct strbuf *out, const char *s);

/* Allocates an empty row of e in a. */
struct row *row_new(struct arena *a, const struct entity *e);

/* Current UTC time as YYYY-MM-DDTHH:MM:SSZ, in a. */
const char *app_now(struct arena *a);
/* The UTC time seconds from now (negative: ago), same form. */
const char *app_time_from_now(struct arena *a, long seconds);

/* Inserts obj as a new row of e (validated; r->id from obj's "id" when keep_id); with stored
 * not NULL, also gives the row as stored. Caller holds the lock and a transaction. */
int app_insert_locked(struct app *app, struct arena *a, const struct entity *e, json_t *obj,
		      int keep_id, const struct app_grant *g, int64_t *id, struct row *stored,
		      struct app_error *err);
/* A use case's transaction: 0 keeps what it did, -1 undoes it (err filled). */
typedef int (*app_tx_fn)(struct app *app, void *ctx, struct app_error *err);
/* Runs fn(app, ctx, err) in a write transaction on the writer's connection (its thread, under
 * the app lock) and returns once what it kept is committed: 0, or -1 with err filled (by fn,
 * or when the transaction could not begin or commit: then nothing of it is kept). */
int app_tx(struct app *app, app_tx_fn fn, void *ctx, struct app_error *err);
/* Appends a change to the audit trail (caller holds a transaction); before/after are the
 * row as JSON, NULL where there is none; owner as app_audit_owner says. */
int app_audit_locked(struct app *app, struct arena *a, const char *actor, const char *action,
		     const char *resource, int64_t id, int64_t owner, json_t *before, json_t *after,
		     struct app_error *err);
/* Whose entry a change of row r of e makes: its owning organization, AUDIT_SHARED for
 * reference data and organizations, 0 when an owned row has no owner (admin only). */
int app_audit_owner(struct app *app, struct arena *a, const struct entity *e, const struct row *r,
		    int64_t *owner, struct app_error *err);
/* Records a create or update of row id: before (NULL for a create) and the row as stored now. */
int app_audit_row(struct app *app, struct arena *a, const char *actor, const char *action,
		  const struct entity *e, int64_t id, json_t *before, struct app_error *err);
/* The same for the row r as it was just read from the store (no second read). */
int app_audit_of(struct app *app, struct arena *a, const char *actor, const char *action,
		 const struct entity *e, const struct row *r, json_t *before,
		 struct app_error *err);
/* The same, and the row's JSON as the entry has it into *kept (a reference; one there before is
 * released), for the answer to the write to start from. */
int app_audit_kept(struct app *app, struct arena *a, const char *actor, const char *action,
		   const struct entity *e, const struct row *r, json_t *before, json_t **kept,
		   struct app_error *err);
/* The stored fields of a row as JSON (new reference), or NULL when it does not exist. */
json_t *app_row_snapshot(struct app *app, struct arena *a, const struct entity *e, int64_t id);
/* What one request may do to one resource: unchecked (trusted caller or set-up mode), all
 * rows, only rows owned by owner_org, or only rows about company_org. */
struct app_grant {
	int checked;
	struct policy_actor actor;
	int64_t owner_org;
	int64_t company_org; /* when not 0: only rows about this company (entity->company) */
};
/* The grant of who (NULL: a trusted caller) to op rows of e; 401 for nobody, 403 when the
 * role may not. Caller holds the lock. */
int app_grant_locked(struct app *app, const struct app_principal *who, const struct entity *e,
		     enum policy_op op, struct app_grant *g, struct app_error *err);
/* The same actor's grant for another resource or op (children, the new values). */
int app_grant_narrow(struct app_grant *g, const struct entity *e, enum policy_op op,
		     struct app_error *err);
/* Whether row r of e lies within g; otherwise status (404: hide it, 403: refuse the change). */
int app_grant_row(struct app *app, struct arena *a, const struct app_grant *g,
		  const struct entity *e, const struct row *r, int status, struct app_error *err);

/* The organization that owns row r of e (entity->owner followed up the chain): 0 when none
 * does (reference data, or a reference left empty). */
int app_owner_of(struct app *app, struct arena *a, const struct entity *e, const struct row *r,
		 int64_t *org, struct app_error *err);
/* The company row r of e is about (entity->company followed up the chain): 0 when none. */
int app_company_of(struct app *app, struct arena *a, const struct entity *e, const struct row *r,
		   int64_t *org, struct app_error *err);
/* app_user_add inside the caller's transaction (the demo loader's). */
int app_user_add_locked(struct app *app, struct arena *a, const struct app_account *in,
			const char *password, const char *actor, int64_t *id,
			struct app_error *err);
/* Maps a store error to a problem. */
int app_store_fail(struct app *app, struct app_error *err, int store_err, const struct entity *e);

#endif
