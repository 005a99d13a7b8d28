/* settings.c - the settings rows (key, integer value) of the store. */
#include <string.h>

#include "db.h"

enum store_err store_settings_list(struct store *s, struct arena *a, struct store_setting **out,
				   size_t *n)
{
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	struct db_stmt *st =
		db_query(s, "SELECT key, value, updated_at FROM settings ORDER BY key", "");
	if (!st)
		return STORE_ERROR;
	while (db_step(s, st) > 0) {
		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 8;
			struct store_setting *grown = arena_alloc(a, nc * sizeof(*grown));
			if (!grown) {
				db_finish(s, st, 0, NULL);
				return STORE_ERROR;
			}
			if (*n)
				memcpy(grown, *out, *n * sizeof(*grown));
			*out = grown, cap = nc;
		}
		struct store_setting *e = &(*out)[(*n)++];
		e->key = db_text(s, st, 0, a);
		e->value = db_int(s, st, 1);
		e->updated_at = db_text(s, st, 2, a);
	}
	return db_finish(s, st, 0, NULL);
}

enum store_err store_setting_put(struct store *s, const char *key, int64_t value, const char *now)
{
	struct db_stmt *st =
		db_query(s,
			 "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, "
			 "?3) ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
			 "updated_at = excluded.updated_at",
			 "tit", key, value, now);
	return st ? db_done(s, st, NULL) : STORE_ERROR;
}
