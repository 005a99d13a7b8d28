/* fuzz_body.c - libFuzzer target: request JSON through parsing and descriptor validation.
 * The first byte picks the resource; the rest is the body of a POST, then of a PATCH. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_app.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct app *app = fuzz_app();
	if (size < 1)
		return 0;
	const struct entity *e = entities[data[0] % nentities];
	json_t *body = json_loadb((const char *)data + 1, size - 1, JSON_REJECT_DUPLICATES, NULL);
	if (!body)
		return 0;
	struct arena a = ARENA_INIT;
	struct app_error err;
	struct app_write w = {.path = e->name, .if_match = 1};
	json_t *out = NULL;
	int status, replayed;
	app_error_init(&err, &a);
	if (!app_create(app, &a, e, body, &w, &out, &status, &replayed, &err)) {
		json_int_t id = json_integer_value(json_object_get(out, "id"));
		json_decref(out);
		out = NULL;
		app_update(app, &a, e, id, body, &w, &out, &err);
	}
	json_decref(out);
	json_decref(body);
	arena_release(&a);
	return 0;
}
