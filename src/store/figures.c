/* figures.c - where each consultation stands at every stage (consultation_figures, kept by
 * the triggers of migration 0011), read for the outcome reports. */
#include <string.h>

#include "db.h"

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

enum store_err store_figures_scan(struct store *s, const struct store_figures_scope *sc,
				  size_t batch, store_figures_fn fn, void *ctx)
{
	struct arena a = ARENA_INIT;
	struct store_figures *rows = NULL;
	size_t n = 0;
	int stop = 0;
	struct db_stmt *st = db_query(s, queries[sc->by_company != 0][sc->whole != 0], "iiii",
				      sc->id, sc->owner_org, sc->from_id, sc->to_id);
	if (!st)
		return STORE_ERROR;
	while (!stop && db_step(s, st) > 0) {
		if (!rows && !(rows = arena_alloc(&a, batch * sizeof(*rows)))) {
			stop = 1;
			break;
		}
		struct store_figures *r = &rows[n++];
		r->id = db_int(s, st, 0);
		r->pavilion = db_int(s, st, 1);
		r->exhibitor = db_int(s, st, 2);
		r->country = db_text(s, st, 3, &a);
		r->category = db_text(s, st, 4, &a);
		r->amount = db_int(s, st, 5); /* null reads 0 */
		r->currency = db_text(s, st, 6, &a);
		for (int k = 0; k < STORE_FIGURE_STAGES; k++)
			r->at[k] = db_text(s, st, 7 + k, &a);
		if (n == batch) {
			stop = fn(ctx, rows, n);
			arena_release(&a);
			rows = NULL, n = 0;
		}
	}
	enum store_err err = db_finish(s, st, 0, NULL);
	if (!err && (stop || (n && fn(ctx, rows, n))))
		err = STORE_ERROR;
	arena_release(&a);
	return err;
}

enum store_err store_figures_ids(struct store *s, int64_t *min, int64_t *max)
{
	*min = *max = 0;
	/* apart, so that each reads one end of the key */
	struct db_stmt *st = db_query(s,
				      "SELECT COALESCE((SELECT MIN(consultation_id) FROM "
				      "consultation_figures), 0), COALESCE((SELECT "
				      "MAX(consultation_id) FROM consultation_figures), 0)",
				      "");
	if (!st)
		return STORE_ERROR;
	if (db_step(s, st) > 0) {
		*min = db_int(s, st, 0);
		*max = db_int(s, st, 1);
	}
	return db_finish(s, st, 0, NULL);
}
