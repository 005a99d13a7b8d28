/* health.c - readiness: the database answers, at the schema version this binary carries. */
#include <time.h>

#include "../store/store.h"
#include "app.h"

int app_ready(struct app *app, struct arena *a, json_t **out, struct app_error *err)
{
	/* a probe must answer in bounded time even while a long use case holds the lock */
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += APP_READY_WAIT_SECONDS;
	if (pthread_mutex_timedlock(&app->lock, &until))
		return app_fail(
			err, 503, "database_busy",
			arena_printf(a,
				     "the database has been held by another request for over "
				     "%d s",
				     APP_READY_WAIT_SECONDS));
	int answers = !store_ping(app->store);
	int have = store_schema_version(app->store), want = store_schema_target(app->store);
	pthread_mutex_unlock(&app->lock);
	if (!answers || have <= 0)
		return app_fail(err, 503, "database_unavailable",
				"the database did not answer, or holds no schema");
	if (have < want)
		return app_fail(err, 503, "schema_behind",
				arena_printf(a,
					     "the database is at schema version %d and this binary "
					     "needs %d: run `roadshow migrate`",
					     have, want));
	if (have > want)
		return app_fail(
			err, 503, "schema_ahead",
			arena_printf(a,
				     "the database is at schema version %d, newer than this "
				     "binary's %d: run the binary that migrated it",
				     have, want));
	*out = json_pack("{s:s, s:i}", "status", "ready", "schema_version", have);
	return 0;
}
