/* settings.c - the settings rows (key, integer value) of the SQLite back end. */
#include <string.h>

#include "sqlite_internal.h"

enum store_err store_settings_list(struct store *s, struct arena *a, struct store_setting **out,
				   size_t *n)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	if (sqlite_prepare_text(s, "SELECT key, value, updated_at FROM settings ORDER BY key", &st))
		return STORE_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 8;
			struct store_setting *grown = arena_alloc(a, nc * sizeof(*grown));
			if (!grown) {
				sqlite3_finalize(st);
				return STORE_ERROR;
			}
			if (*n)
				memcpy(grown, *out, *n * sizeof(*grown));
			*out = grown, cap = nc;
		}
		struct store_setting *e = &(*out)[(*n)++];
		e->key = arena_strdup(a, (const char *)sqlite3_column_text(st, 0));
		e->value = sqlite3_column_int64(st, 1);
		e->updated_at = arena_strdup(a, (const char *)sqlite3_column_text(st, 2));
	}
	enum store_err err = rc == SQLITE_DONE ? STORE_OK : sqlite_fail(s, rc, 0);
	sqlite3_finalize(st);
	return err;
}

enum store_err store_setting_put(struct store *s, const char *key, int64_t value, const char *now)
{
	sqlite3_stmt *st;
	if (sqlite_bound(s, &st,
			 "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3) "
			 "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
			 "updated_at = excluded.updated_at",
			 "tit", key, value, now))
		return STORE_ERROR;
	return sqlite_done(s, st, NULL);
}
