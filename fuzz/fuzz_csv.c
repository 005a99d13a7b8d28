/* fuzz_csv.c - libFuzzer target: CSV import of any resource (first byte picks it). */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_app.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct app *app = fuzz_app();
	if (size < 1)
		return 0;
	const struct entity *e = entities[data[0] % nentities];
	struct arena a = ARENA_INIT;
	struct app_error err;
	size_t n;
	app_error_init(&err, &a);
	app_import(app, &a, e, APP_CSV, (const char *)data + 1, size - 1, &n, &err);
	arena_release(&a);
	return 0;
}
