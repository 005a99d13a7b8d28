/* users.c - accounts in the SQLite store. */
#include <sqlite3.h>
#include <string.h>

#include "sqlite_internal.h"
#include "store.h"

#define USER_COLUMNS                                                                               \
	"id, login, name, role, password_hash, organization_id, disabled, password_changed_at, "   \
	"created_at, updated_at"

void store_read_user(sqlite3_stmt *st, struct arena *a, struct user *u)
{
	u->id = sqlite3_column_int64(st, 0);
	u->login = arena_strdup(a, (const char *)sqlite3_column_text(st, 1));
	u->name = arena_strdup(a, (const char *)sqlite3_column_text(st, 2));
	u->role = arena_strdup(a, (const char *)sqlite3_column_text(st, 3));
	u->password_hash = arena_strdup(a, (const char *)sqlite3_column_text(st, 4));
	u->organization_id = sqlite3_column_int64(st, 5);
	u->disabled = sqlite3_column_int(st, 6);
	u->password_changed_at = arena_strdup(a, (const char *)sqlite3_column_text(st, 7));
	u->created_at = arena_strdup(a, (const char *)sqlite3_column_text(st, 8));
	u->updated_at = arena_strdup(a, (const char *)sqlite3_column_text(st, 9));
}

enum store_err store_user_insert(struct store *s, const struct user *u, int64_t *id)
{
	sqlite3_stmt *st;
	if (sqlite_prepare_text(
		    s,
		    "INSERT INTO users (login, name, role, password_hash, organization_id, "
		    "disabled, password_changed_at, created_at, updated_at) VALUES (?1, "
		    "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8) RETURNING id",
		    &st))
		return STORE_ERROR;
	sqlite3_bind_text(st, 1, u->login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, u->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, u->role, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, u->password_hash, -1, SQLITE_STATIC);
	if (u->organization_id)
		sqlite3_bind_int64(st, 5, u->organization_id);
	else
		sqlite3_bind_null(st, 5);
	sqlite3_bind_int(st, 6, u->disabled);
	sqlite3_bind_text(st, 7, u->password_changed_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, u->created_at, -1, SQLITE_STATIC);
	return sqlite_one_int(s, st, id);
}

enum store_err store_user_count(struct store *s, int64_t *count)
{
	sqlite3_stmt *st;
	*count = 0;
	if (sqlite_prepare_text(s, "SELECT COUNT(*) FROM users", &st))
		return STORE_ERROR;
	return sqlite_one_int(s, st, count);
}

/* Steps a query for one account and reads it; NOT_FOUND when it has no row. */
static enum store_err user_one(struct store *s, sqlite3_stmt *st, struct arena *a, struct user *out)
{
	int rc = sqlite3_step(st);
	enum store_err err = STORE_OK;
	if (rc == SQLITE_ROW)
		store_read_user(st, a, out);
	else
		err = rc == SQLITE_DONE ? STORE_NOT_FOUND : sqlite_fail(s, rc, 0);
	sqlite3_finalize(st);
	return err;
}

enum store_err store_user_by_login(struct store *s, const char *login, struct arena *a,
				   struct user *out)
{
	sqlite3_stmt *st;
	if (sqlite_prepare_text(s, "SELECT " USER_COLUMNS " FROM users WHERE login = ?1", &st))
		return STORE_ERROR;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	return user_one(s, st, a, out);
}

enum store_err store_user_by_id(struct store *s, int64_t id, struct arena *a, struct user *out)
{
	sqlite3_stmt *st;
	if (sqlite_prepare_text(s, "SELECT " USER_COLUMNS " FROM users WHERE id = ?1", &st))
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	return user_one(s, st, a, out);
}

enum store_err store_user_list(struct store *s, struct arena *a, struct user **out, size_t *n)
{
	sqlite3_stmt *st;
	size_t cap = 16;
	*n = 0;
	*out = arena_alloc(a, cap * sizeof(**out));
	if (sqlite_prepare_text(s, "SELECT " USER_COLUMNS " FROM users ORDER BY login", &st))
		return STORE_ERROR;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			struct user *bigger = arena_alloc(a, 2 * cap * sizeof(*bigger));
			memcpy(bigger, *out, cap * sizeof(*bigger));
			*out = bigger;
			cap *= 2;
		}
		store_read_user(st, a, &(*out)[(*n)++]);
	}
	enum store_err err = rc == SQLITE_DONE ? STORE_OK : sqlite_fail(s, rc, 0);
	sqlite3_finalize(st);
	return err;
}

/* Runs an UPDATE of one user: NOT_FOUND when no row has that id. */
static enum store_err update_user(struct store *s, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	enum store_err err = rc != SQLITE_DONE	      ? sqlite_fail(s, rc, 0)
			     : sqlite_changes(s) == 0 ? STORE_NOT_FOUND
						      : STORE_OK;
	sqlite3_finalize(st);
	return err;
}

enum store_err store_user_set_disabled(struct store *s, int64_t id, int disabled, const char *now)
{
	sqlite3_stmt *st;
	if (sqlite_prepare_text(s, "UPDATE users SET disabled = ?1, updated_at = ?2 WHERE id = ?3",
				&st))
		return STORE_ERROR;
	sqlite3_bind_int(st, 1, disabled);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, id);
	return update_user(s, st);
}

enum store_err store_user_set_password(struct store *s, int64_t id, const char *hash,
				       const char *now)
{
	sqlite3_stmt *st;
	if (sqlite_prepare_text(s,
				"UPDATE users SET password_hash = ?1, password_changed_at = ?2, "
				"updated_at = ?2 WHERE id = ?3",
				&st))
		return STORE_ERROR;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, id);
	return update_user(s, st);
}

enum store_err store_user_set_name(struct store *s, int64_t id, const char *name, const char *now)
{
	sqlite3_stmt *st;
	if (sqlite_prepare_text(s, "UPDATE users SET name = ?1, updated_at = ?2 WHERE id = ?3",
				&st))
		return STORE_ERROR;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, id);
	return update_user(s, st);
}
