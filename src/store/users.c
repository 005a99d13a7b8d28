/* users.c - accounts in the store. */
#include <string.h>

#include "db.h"
#include "store.h"

#define USER_COLUMNS                                                                               \
	"id, login, name, role, password_hash, organization_id, disabled, password_changed_at, "   \
	"created_at, updated_at"

void store_read_user(struct store *s, struct db_stmt *st, struct arena *a, struct user *u)
{
	u->id = db_int(s, st, 0);
	u->login = db_text(s, st, 1, a);
	u->name = db_text(s, st, 2, a);
	u->role = db_text(s, st, 3, a);
	u->password_hash = db_text(s, st, 4, a);
	u->organization_id = db_int(s, st, 5);
	u->disabled = (int)db_int(s, st, 6);
	u->password_changed_at = db_text(s, st, 7, a);
	u->created_at = db_text(s, st, 8, a);
	u->updated_at = db_text(s, st, 9, a);
}

enum store_err store_user_insert(struct store *s, const struct user *u, int64_t *id)
{
	struct db_stmt *st = db_query(
		s,
		"INSERT INTO users (login, name, role, password_hash, organization_id, "
		"disabled, password_changed_at, created_at, updated_at) VALUES (?1, "
		"?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8) RETURNING id",
		"ttttritt", u->login, u->name, u->role, u->password_hash, u->organization_id,
		(int64_t)u->disabled, u->password_changed_at, u->created_at);
	return st ? db_one_int(s, st, id) : STORE_ERROR;
}

enum store_err store_user_count(struct store *s, int64_t *count)
{
	*count = 0;
	struct db_stmt *st = db_query(s, "SELECT COUNT(*) FROM users", "");
	return st ? db_one_int(s, st, count) : STORE_ERROR;
}

/* Steps a query for one account and reads it; NOT_FOUND when it has no row. */
static enum store_err user_one(struct store *s, struct db_stmt *st, struct arena *a,
			       struct user *out)
{
	if (!st)
		return STORE_ERROR;
	int found = db_step(s, st) > 0;
	if (found)
		store_read_user(s, st, a, out);
	enum store_err err = db_finish(s, st, 0, NULL);
	return err ? err : found ? STORE_OK : STORE_NOT_FOUND;
}

enum store_err store_user_by_login(struct store *s, const char *login, struct arena *a,
				   struct user *out)
{
	return user_one(
		s, db_query(s, "SELECT " USER_COLUMNS " FROM users WHERE login = ?1", "t", login),
		a, out);
}

enum store_err store_user_by_id(struct store *s, int64_t id, struct arena *a, struct user *out)
{
	return user_one(s, db_query(s, "SELECT " USER_COLUMNS " FROM users WHERE id = ?1", "i", id),
			a, out);
}

enum store_err store_user_list(struct store *s, struct arena *a, struct user **out, size_t *n)
{
	size_t cap = 16;
	*n = 0;
	*out = arena_alloc(a, cap * sizeof(**out));
	struct db_stmt *st = db_query(s, "SELECT " USER_COLUMNS " FROM users ORDER BY login", "");
	if (!st)
		return STORE_ERROR;
	while (db_step(s, st) > 0) {
		if (*n == cap) {
			struct user *bigger = arena_alloc(a, 2 * cap * sizeof(*bigger));
			memcpy(bigger, *out, cap * sizeof(*bigger));
			*out = bigger;
			cap *= 2;
		}
		store_read_user(s, st, a, &(*out)[(*n)++]);
	}
	return db_finish(s, st, 0, NULL);
}

/* Runs an UPDATE of one user: NOT_FOUND when no row has that id. */
static enum store_err update_user(struct store *s, struct db_stmt *st)
{
	int changes = 0;
	if (!st)
		return STORE_ERROR;
	enum store_err err = db_done(s, st, &changes);
	return err ? err : changes ? STORE_OK : STORE_NOT_FOUND;
}

enum store_err store_user_set_disabled(struct store *s, int64_t id, int disabled, const char *now)
{
	return update_user(
		s, db_query(s, "UPDATE users SET disabled = ?1, updated_at = ?2 WHERE id = ?3",
			    "iti", (int64_t)disabled, now, id));
}

enum store_err store_user_set_password(struct store *s, int64_t id, const char *hash,
				       const char *now)
{
	return update_user(s, db_query(s,
				       "UPDATE users SET password_hash = ?1, password_changed_at = "
				       "?2, updated_at = ?2 WHERE id = ?3",
				       "tti", hash, now, id));
}

enum store_err store_user_set_name(struct store *s, int64_t id, const char *name, const char *now)
{
	return update_user(s,
			   db_query(s, "UPDATE users SET name = ?1, updated_at = ?2 WHERE id = ?3",
				    "tti", name, now, id));
}
