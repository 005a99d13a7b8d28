/* demo.c - `roadshow demo`: load the CES 2024 scenario (embedded, or --file) into a database. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/app.h"
#include "../core/embedded.h"
#include "cli.h"

extern const struct embedded_file demo_files[];
extern const size_t demo_files_count;

int cmd_demo(int argc, char **argv)
{
	const char *db = cli_default_db(), *file = NULL;
	int if_empty = 0;
	const struct opt opts[] = {
		OPT_DB(db),
		{"file", "FILE", "scenario file (default: the built-in CES 2024 scenario)", &file,
		 NULL},
		{"if-empty", NULL, "do nothing (and succeed) when the database has data", NULL,
		 &if_empty},
		{0},
	};
	char *data = NULL;
	size_t len, count;
	struct app app = {0};
	struct arena a = ARENA_INIT;
	struct app_error aerr;
	int rc = 1;

	int optrc = opt_parse("demo", opts, argc, argv, NULL, 0, 0);
	if (optrc < 0)
		return opt_exit(optrc);
	if (cli_open_app("demo", db, &app)) {
		return 1;
	}
	app_error_init(&aerr, &a);
	json_t *page = NULL;
	const struct kv one = {"limit", "1"};
	if (app_list(&app, &a, entity_find("organizations"), &one, 1, NULL, &page, &aerr)) {
		cli_print_error("demo", &aerr);
		goto done;
	}
	if (json_integer_value(json_object_get(page, "total")) > 0) {
		json_decref(page);
		if (if_empty) {
			printf("roadshow demo: %s already has data; left as it is\n", db);
			rc = 0;
		} else {
			fprintf(stderr,
				"roadshow demo: %s already has data; use an empty database\n", db);
		}
		goto done;
	}
	json_decref(page);
	if (file) {
		if (cli_read_file(file, &data, &len)) {
			fprintf(stderr, "roadshow demo: cannot read '%s': %s\n", file,
				strerror(errno));
			goto done;
		}
	} else if (demo_files_count == 0) {
		fprintf(stderr, "roadshow demo: this build has no demo data\n");
		goto done;
	}
	if (app_demo_load(&app, &a, data ? data : (const char *)demo_files[0].data,
			  data ? len : demo_files[0].size, &count, &aerr)) {
		cli_print_error("demo", &aerr);
		goto done;
	}
	printf("roadshow demo: loaded %zu records into %s\n", count, db);
	rc = 0;
done:
	free(data);
	arena_release(&a);
	app_close(&app);
	return rc;
}
