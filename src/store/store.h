/* store.h - the storage interface: one set of operations, one back end per database. */
#ifndef ROADSHOW_STORE_H
#define ROADSHOW_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "../core/arena.h"
#include "../core/entity.h"

enum store_err {
	STORE_OK = 0,
	STORE_NOT_FOUND,  /* no row with that id */
	STORE_CONFLICT,	  /* the row's version is not the one expected */
	STORE_DUPLICATE,  /* a unique key is taken */
	STORE_REFERENCED, /* other rows still refer to this one */
	STORE_BAD_REF,	  /* a reference points at no row */
	STORE_ERROR,	  /* the database failed; see store_errmsg */
};

const char *store_strerror(enum store_err e);

struct store;

/* One filter of a list: field = value (integers for references); with via, the row field
 * refers to has via = value instead (follow-ups of a pavilion's consultations); at_most: field
 * <= value instead (a date on or before a day), and not null. */
struct store_filter {
	int field;
	const char *text;
	int64_t num;
	const char *via;
	int at_most;
};

struct store_query {
	const struct store_filter *filters;
	size_t nfilters;
	const char *q;	     /* substring matched against FF_SEARCH fields, or NULL */
	int64_t owner_org;   /* when not 0: only rows this organization owns (entity->owner) */
	int64_t company_org; /* when not 0: only rows about this company (entity->company) */
	int sort;	     /* field index, or -1 for id */
	int descending;
	/* keyset cursor: rows after (after_key, after_id) in sort order */
	int has_after;
	const char *after_key;
	int64_t after_id;
	size_t limit;
};

/* A stored response to a POST with an Idempotency-Key. */
struct idem {
	const char *key, *method, *path, *request_hash, *location, *body, *created_at;
	int status;
};

/* Whether url names a database file (SQLite's), rather than a server (postgres://...,
 * postgresql://...) or memory (":memory:"). */
int store_url_is_file(const char *url);
/* Opens the database named by url (a file path, or ":memory:") and applies migrations.
 * On failure returns NULL and writes a message to err (may be NULL). The caller frees
 * the store with store_close. */
struct store *store_open(const char *url, char *err, size_t errlen);
void store_close(struct store *s);
/* The last database error message; owned by the store. */
const char *store_errmsg(struct store *s);

/* Applies pending migrations; *applied gets how many ran (may be NULL). */
enum store_err store_migrate(struct store *s, int *applied);
/* The schema version (highest applied migration). */
int store_schema_version(struct store *s);
/* The version the migrations this binary carries for s's back end lead to. */
int store_schema_target(struct store *s);
/* Whether the database answers (a trivial query). */
enum store_err store_ping(struct store *s);

/* Copies the whole database into file, as it is at one moment while others go on writing:
 * written beside file, checked, then renamed over it. STORE_ERROR with the reason when it
 * cannot (a PostgreSQL database is copied with pg_dump). */
enum store_err store_backup(struct store *s, const char *file);
/* Replaces the whole database with the copy in file, which must be a Roadshow database that
 * passes its integrity check, then applies the migrations it lacks. */
enum store_err store_restore(struct store *s, const char *file);

/* The data generation: a number every committed write transaction raises (store_commit), read
 * at s's snapshot. What was read from the database at one generation is still what it holds
 * while the generation stays the same. */
enum store_err store_generation(struct store *s, int64_t *n);

/* A read transaction on a reader (store_open_reader): what it reads until store_read_end is
 * what was committed when it began. */
enum store_err store_read_begin(struct store *s);
enum store_err store_read_end(struct store *s);
/* Whether s has a transaction open. */
int store_in_transaction(struct store *s);
enum store_err store_begin(struct store *s);
enum store_err store_commit(struct store *s);
void store_rollback(struct store *s);
/* A use case's part of a transaction (app/writer.c): begun, kept (released into the
 * transaction), or undone (the transaction goes on without it). */
enum store_err store_savepoint(struct store *s);
enum store_err store_savepoint_release(struct store *s);
enum store_err store_savepoint_undo(struct store *s);

/* Rows matching q; rows and their strings are allocated in a. */
enum store_err store_list(struct store *s, const struct entity *e, const struct store_query *q,
			  struct arena *a, struct row **rows, size_t *n);
/* Where one consultation stands at every stage (consultation_figures, kept by the
 * database's triggers): its groups, its own amount, and per stage in the order consulted,
 * negotiating, provisional, signed, exported, dropped, the latest follow-up there (by date,
 * then id) as "date|amount|currency|provenance", or NULL. */
enum { STORE_FIGURE_STAGES = 6 };
struct store_figures {
	int64_t id, pavilion, exhibitor, amount;
	const char *country, *category, *currency;
	const char *at[STORE_FIGURE_STAGES];
};
typedef int (*store_figures_fn)(void *ctx, const struct store_figures *rows, size_t n);
/* Which consultations' figures: those of pavilion id (by_company: of exhibitor id), at the
 * pavilions of owner_org when not 0, with ids from from_id up to but not including to_id
 * (when not 0). whole: they are most of the table, which is then scanned rather than reached
 * through its index. */
struct store_figures_scope {
	int by_company, whole;
	int64_t id, owner_org, from_id, to_id;
};
/* The figures of sc's consultations, by id, batch at a time to fn, in an arena emptied after
 * each call; fn returns 0 to go on. */
enum store_err store_figures_scan(struct store *s, const struct store_figures_scope *sc,
				  size_t batch, store_figures_fn fn, void *ctx);
/* The lowest and highest id of consultation_figures (0 and 0 when it is empty). */
enum store_err store_figures_ids(struct store *s, int64_t *min, int64_t *max);
/* Another connection to s's database, for reading on another thread at the same time
 * (store_close it there or after): what it reads is what is committed, not what a
 * transaction open on s holds. NULL when s has no database to share (in memory). */
struct store *store_open_reader(struct store *s);
/* Counts the rows matching q (its cursor and limit ignored). */
enum store_err store_count(struct store *s, const struct entity *e, const struct store_query *q,
			   int64_t *count);
enum store_err store_get(struct store *s, const struct entity *e, int64_t id, struct arena *a,
			 struct row *out);
/* Only some fields of row id: out[i] gets the field whose index is fields[i] (its text in a).
 * A label or a link read this way costs a fraction of the whole row. */
enum store_err store_get_fields(struct store *s, const struct entity *e, int64_t id,
				const size_t *fields, size_t n, struct arena *a, struct value *out);
/* Inserts r (r->id 0 picks a new id); writes the id into *id and, when stored is not NULL,
 * the row as the database keeps it into *stored (as store_get reads it; its text in a). */
enum store_err store_insert(struct store *s, const struct entity *e, const struct row *r,
			    int64_t *id, struct arena *a, struct row *stored);
/* Replaces the row's fields with r's when its version is expected_version (0: any);
 * bumps the version. */
enum store_err store_update(struct store *s, const struct entity *e, int64_t id,
			    int64_t expected_version, const struct row *r);
enum store_err store_delete(struct store *s, const struct entity *e, int64_t id,
			    int64_t expected_version);
/* Whether a row of e with this id exists. */
enum store_err store_exists(struct store *s, const struct entity *e, int64_t id, int *exists);

enum store_err store_idem_get(struct store *s, const char *key, struct arena *a, struct idem *out);
enum store_err store_idem_put(struct store *s, const struct idem *in);

/* One change on the audit trail; before/after are JSON texts (NULL for none). */
struct audit_entry {
	int64_t id;
	const char *at, *actor, *action, *resource;
	int64_t row_id;
	int64_t owner; /* the owning organization; AUDIT_SHARED, or 0 for an administrator's */
	const char *before, *after;
};

/* An audit entry of shared reference data, which every account reads. */
#define AUDIT_SHARED (-1)

/* Newest first; resource and row_id (0: any) narrow it, before_id continues a page. */
struct audit_query {
	const char *resource;
	int64_t row_id;
	int64_t before_id;
	int64_t owner; /* when not 0: only this organization's entries and the shared ones */
	size_t limit;
};

enum store_err store_audit_append(struct store *s, const struct audit_entry *in);
/* Entries matching q, allocated in a. */
enum store_err store_audit_list(struct store *s, const struct audit_query *q, struct arena *a,
				struct audit_entry **out, size_t *n);

/* An account. password_hash is an argon2id string; organization_id 0 means none. */
struct user {
	int64_t id;
	const char *login, *name, *role, *password_hash;
	int64_t organization_id;
	int disabled;
	const char *password_changed_at, *created_at, *updated_at;
};

/* Inserts u (u->id ignored); STORE_DUPLICATE when the login is taken. */
enum store_err store_user_insert(struct store *s, const struct user *u, int64_t *id);
enum store_err store_user_by_login(struct store *s, const char *login, struct arena *a,
				   struct user *out);
enum store_err store_user_by_id(struct store *s, int64_t id, struct arena *a, struct user *out);
enum store_err store_user_count(struct store *s, int64_t *count);
/* Every account, by login. */
enum store_err store_user_list(struct store *s, struct arena *a, struct user **out, size_t *n);
enum store_err store_user_set_disabled(struct store *s, int64_t id, int disabled, const char *now);
enum store_err store_user_set_password(struct store *s, int64_t id, const char *hash,
				       const char *now);
/* name NULL clears it. */
enum store_err store_user_set_name(struct store *s, int64_t id, const char *name, const char *now);

/* The account a session or API token belongs to (a user row, read with its secret's hash). */
enum store_err store_session_put(struct store *s, const char *token_hash, int64_t user_id,
				 const char *csrf, const char *created_at, const char *expires_at);
/* The live session's account (not expired at now, account not disabled) and its CSRF token. */
enum store_err store_session_get(struct store *s, const char *token_hash, const char *now,
				 struct arena *a, struct user *out, const char **csrf);
enum store_err store_session_delete(struct store *s, const char *token_hash);
/* Ends every session of an account (password change, disabling). */
enum store_err store_sessions_delete_user(struct store *s, int64_t user_id);

struct api_token {
	int64_t id, user_id;
	const char *name, *created_at, *revoked_at;
};
enum store_err store_token_put(struct store *s, int64_t user_id, const char *name,
			       const char *token_hash, const char *created_at, int64_t *id);
/* The account of a token that is not revoked (and whose account is not disabled). */
enum store_err store_token_user(struct store *s, const char *token_hash, struct arena *a,
				struct user *out);
/* The tokens of one account, newest first. */
enum store_err store_token_list(struct store *s, int64_t user_id, struct arena *a,
				struct api_token **out, size_t *n);
/* Revokes token id of user_id (NOT_FOUND when it is not theirs or already revoked). */
enum store_err store_token_revoke(struct store *s, int64_t id, int64_t user_id, const char *now);

enum store_err store_login_failure_add(struct store *s, const char *key, const char *at);
enum store_err store_login_failures(struct store *s, const char *key, const char *since,
				    int64_t *count);
enum store_err store_login_failures_clear(struct store *s, const char *key);

/* A setting that has been changed from its default (core/settings.h names them). */
struct store_setting {
	const char *key;
	int64_t value;
	const char *updated_at;
};
/* The settings rows, by key. */
enum store_err store_settings_list(struct store *s, struct arena *a, struct store_setting **out,
				   size_t *n);
enum store_err store_setting_put(struct store *s, const char *key, int64_t value, const char *now);

#endif
