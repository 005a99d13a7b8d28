/* figures.c - where each consultation stands at every stage (consultation_figures, kept by
 * the triggers of migration 0011), read for the outcome reports of the SQLite back end. */
#include <string.h>

#include "sqlite_internal.h"

#define FIGURES                                                                                    \
	"SELECT consultation_id, pavilion_id, exhibitor_id, buyer_country, category, amount, "     \
	"currency, at_consulted, at_negotiating, at_provisional, at_signed, at_exported, "         \
	"at_dropped FROM consultation_figures WHERE "
#define SCOPE                                                                                      \
	" = ?1 AND (?2 = 0 OR pavilion_id IN (SELECT id FROM pavilions WHERE "                     \
	"host_organization_id = ?2)) AND consultation_id >= ?3 AND (?4 = 0 OR "                    \
	"consultation_id < ?4) ORDER BY consultation_id"
/* [by_company][whole]: "+field" keeps SQLite off the field's index, for a plain scan */
static const char *const queries[2][2] = {
	{FIGURES "pavilion_id" SCOPE, FIGURES "+pavilion_id" SCOPE},
	{FIGURES "exhibitor_id" SCOPE, FIGURES "+exhibitor_id" SCOPE},
};

static const char *text(sqlite3_stmt *st, int col, struct arena *a)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	/* its length known: no strlen */
	return t ? arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(st, col)) : NULL;
}

enum store_err store_figures_scan(struct store *s, const struct store_figures_scope *sc,
				  size_t batch, store_figures_fn fn, void *ctx)
{
	sqlite3_stmt *st;
	struct arena a = ARENA_INIT;
	struct store_figures *rows = NULL;
	size_t n = 0;
	enum store_err err = STORE_OK;
	int rc;
	if (sqlite_bound(s, &st, queries[sc->by_company != 0][sc->whole != 0], "iiii", sc->id,
			 sc->owner_org, sc->from_id, sc->to_id))
		return STORE_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!rows && !(rows = arena_alloc(&a, batch * sizeof(*rows)))) {
			err = STORE_ERROR;
			break;
		}
		struct store_figures *r = &rows[n++];
		r->id = sqlite3_column_int64(st, 0);
		r->pavilion = sqlite3_column_int64(st, 1);
		r->exhibitor = sqlite3_column_int64(st, 2);
		r->country = text(st, 3, &a);
		r->category = text(st, 4, &a);
		r->amount = sqlite3_column_int64(st, 5); /* null reads 0 */
		r->currency = text(st, 6, &a);
		for (int k = 0; k < STORE_FIGURE_STAGES; k++)
			r->at[k] = text(st, 7 + k, &a);
		if (n == batch) {
			int stop = fn(ctx, rows, n);
			arena_release(&a);
			rows = NULL, n = 0;
			if (stop) {
				err = STORE_ERROR;
				break;
			}
		}
	}
	if (!err && rc != SQLITE_DONE)
		err = sqlite_fail(s, rc, 0);
	else if (!err && n && fn(ctx, rows, n))
		err = STORE_ERROR;
	sqlite3_finalize(st);
	arena_release(&a);
	return err;
}

enum store_err store_figures_ids(struct store *s, int64_t *min, int64_t *max)
{
	sqlite3_stmt *st;
	*min = *max = 0;
	/* apart, so that each reads one end of the key */
	if (sqlite_prepare_text(s,
				"SELECT IFNULL((SELECT MIN(consultation_id) FROM "
				"consultation_figures), 0), IFNULL((SELECT MAX(consultation_id) "
				"FROM consultation_figures), 0)",
				&st))
		return STORE_ERROR;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*min = sqlite3_column_int64(st, 0);
		*max = sqlite3_column_int64(st, 1);
		rc = SQLITE_DONE;
	}
	enum store_err err = rc == SQLITE_DONE ? STORE_OK : sqlite_fail(s, rc, 0);
	sqlite3_finalize(st);
	return err;
}
