/* fuzz_schedule.c - libFuzzer target: scheduler instance files through the reader, the
 * scheduler (construction and a few hundred moves) and the LP writer. A schedule it answers
 * must place each meeting at most once, in a slot of the instance. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/schedule.h"
#include "core/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	if (!doc)
		return 0;
	struct arena a = ARENA_INIT;
	struct app_error err;
	struct strbuf lp = STRBUF_INIT;
	json_t *out = NULL, *as;
	struct sched_options opt = {.seed = size, .time_limit_ms = 1000, .iterations = 300};
	app_error_init(&err, &a);
	if (!app_schedule_file(&a, doc, &opt, &lp, &out, &err)) {
		size_t i, k;
		json_t *x, *y;
		as = json_object_get(out, "assignments");
		json_array_foreach(as, i, x) for (k = i + 1; k < json_array_size(as); k++)
		{
			y = json_array_get(as, k);
			if (json_equal(json_object_get(x, "meeting"),
				       json_object_get(y, "meeting")))
				abort(); /* one meeting placed twice */
		}
	}
	json_decref(out);
	json_decref(doc);
	strbuf_release(&lp);
	arena_release(&a);
	return 0;
}
