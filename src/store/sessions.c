/* sessions.c - sessions, API tokens and failed logins in the store. */
#include <stdint.h>

#include "db.h"
#include "store.h"

/* the user columns read_user (users.c) expects, prefixed for a join */
#define JOINED_USER                                                                                \
	"u.id, u.login, u.name, u.role, u.password_hash, u.organization_id, u.disabled, "          \
	"u.password_changed_at, u.created_at, u.updated_at"

/* Steps a statement that returns at most one user (and extra, when not NULL, its column 10);
 * NOT_FOUND when none. */
static enum store_err one_user(struct store *s, struct db_stmt *st, struct arena *a,
			       struct user *out, const char **extra)
{
	if (!st)
		return STORE_ERROR;
	int found = db_step(s, st) > 0;
	if (found) {
		store_read_user(s, st, a, out);
		if (extra)
			*extra = db_text(s, st, 10, a);
	}
	enum store_err err = db_finish(s, st, 0, NULL);
	return err ? err : found ? STORE_OK : STORE_NOT_FOUND;
}

enum store_err store_session_put(struct store *s, const char *token_hash, int64_t user_id,
				 const char *csrf, const char *created_at, const char *expires_at)
{
	struct db_stmt *st;
	if (!(st = db_query(
		      s,
		      "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) "
		      "VALUES (?1, ?2, ?3, ?4, ?5)",
		      "tittt", token_hash, user_id, csrf, created_at, expires_at)))
		return STORE_ERROR;
	return db_done(s, st, NULL);
}

enum store_err store_session_get(struct store *s, const char *token_hash, const char *now,
				 struct arena *a, struct user *out, const char **csrf)
{
	struct db_stmt *st;
	if (!(st = db_query(
		      s,
		      "SELECT " JOINED_USER ", x.csrf FROM sessions x JOIN users u ON u.id = "
		      "x.user_id WHERE x.token_hash = ?1 AND x.expires_at > ?2 AND u.disabled = 0",
		      "tt", token_hash, now)))
		return STORE_ERROR;
	return one_user(s, st, a, out, csrf);
}

enum store_err store_session_delete(struct store *s, const char *token_hash)
{
	struct db_stmt *st;
	if (!(st = db_query(s, "DELETE FROM sessions WHERE token_hash = ?1", "t", token_hash)))
		return STORE_ERROR;
	return db_done(s, st, NULL);
}

enum store_err store_sessions_delete_user(struct store *s, int64_t user_id)
{
	struct db_stmt *st;
	if (!(st = db_query(s, "DELETE FROM sessions WHERE user_id = ?1", "i", user_id)))
		return STORE_ERROR;
	return db_done(s, st, NULL);
}

enum store_err store_token_put(struct store *s, int64_t user_id, const char *name,
			       const char *token_hash, const char *created_at, int64_t *id)
{
	struct db_stmt *st;
	if (!(st = db_query(s,
			    "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES "
			    "(?1, ?2, ?3, ?4) RETURNING id",
			    "ittt", user_id, name, token_hash, created_at)))
		return STORE_ERROR;
	return db_one_int(s, st, id);
}

enum store_err store_token_user(struct store *s, const char *token_hash, struct arena *a,
				struct user *out)
{
	struct db_stmt *st;
	if (!(st = db_query(s,
			    "SELECT " JOINED_USER
			    " FROM api_tokens t JOIN users u ON u.id = t.user_id "
			    "WHERE t.token_hash = ?1 AND t.revoked_at IS NULL AND u.disabled = 0",
			    "t", token_hash)))
		return STORE_ERROR;
	return one_user(s, st, a, out, NULL);
}

enum store_err store_token_list(struct store *s, int64_t user_id, struct arena *a,
				struct api_token **out, size_t *n)
{
	struct db_stmt *st;
	size_t cap = 8;
	*n = 0;
	*out = arena_alloc(a, cap * sizeof(**out));
	if (!(st = db_query(
		      s,
		      "SELECT id, user_id, name, created_at, revoked_at FROM api_tokens WHERE "
		      "user_id = ?1 ORDER BY id DESC LIMIT 200",
		      "i", user_id)))
		return STORE_ERROR;
	while (db_step(s, st) > 0) {
		if (*n == cap) {
			struct api_token *bigger = arena_alloc(a, 2 * cap * sizeof(*bigger));
			for (size_t i = 0; i < cap; i++)
				bigger[i] = (*out)[i];
			*out = bigger;
			cap *= 2;
		}
		struct api_token *t = &(*out)[(*n)++];
		t->id = db_int(s, st, 0);
		t->user_id = db_int(s, st, 1);
		t->name = db_text(s, st, 2, a);
		t->created_at = db_text(s, st, 3, a);
		t->revoked_at = db_text(s, st, 4, a);
	}
	return db_finish(s, st, 0, NULL);
}

enum store_err store_token_revoke(struct store *s, int64_t id, int64_t user_id, const char *now)
{
	struct db_stmt *st;
	int changes = 0;
	if (!(st = db_query(
		      s,
		      "UPDATE api_tokens SET revoked_at = ?1 WHERE id = ?2 AND user_id = ?3 AND "
		      "revoked_at IS NULL",
		      "tii", now, id, user_id)))
		return STORE_ERROR;
	enum store_err err = db_done(s, st, &changes);
	return err ? err : changes ? STORE_OK : STORE_NOT_FOUND;
}

enum store_err store_login_failure_add(struct store *s, const char *key, const char *at)
{
	struct db_stmt *st;
	if (!(st = db_query(s, "INSERT INTO login_failures (key, at) VALUES (?1, ?2)", "tt", key,
			    at)))
		return STORE_ERROR;
	return db_done(s, st, NULL);
}

enum store_err store_login_failures(struct store *s, const char *key, const char *since,
				    int64_t *count)
{
	struct db_stmt *st;
	*count = 0;
	if (!(st = db_query(s, "SELECT COUNT(*) FROM login_failures WHERE key = ?1 AND at > ?2",
			    "tt", key, since)))
		return STORE_ERROR;
	return db_one_int(s, st, count);
}

enum store_err store_login_failures_clear(struct store *s, const char *key)
{
	struct db_stmt *st;
	if (!(st = db_query(s, "DELETE FROM login_failures WHERE key = ?1", "t", key)))
		return STORE_ERROR;
	return db_done(s, st, NULL);
}
