/* demo.c - `roadshow demo`: load the CES 2024 scenario (embedded, or --file) into a database. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../app/app.h"
#include "../core/embedded.h"
#include "cli.h"

extern const struct embedded_file demo_files[];
extern const size_t demo_files_count;

/* The demo accounts as a table people read: login, role, organization, password. */
static void print_accounts(FILE *f, json_t *accounts, const char *db)
{
	size_t i;
	json_t *acct;
	fprintf(f,
		"demo accounts of %s (the database keeps only their hashes; set a new one with "
		"`roadshow user passwd LOGIN --db %s`):\n",
		db, db);
	json_array_foreach(accounts, i, acct)
	{
		json_t *org = json_object_get(acct, "organization_id");
		char orgtext[32] = "-";
		if (json_is_integer(org))
			snprintf(orgtext, sizeof(orgtext), "organization %lld",
				 (long long)json_integer_value(org));
		fprintf(f, "  %-16s %-10s %-18s password %s\n",
			json_string_value(json_object_get(acct, "login")),
			json_string_value(json_object_get(acct, "role")), orgtext,
			json_string_value(json_object_get(acct, "password")));
	}
}

/* Writes the table to path, readable by its owner only. */
static int save_accounts(const char *path, json_t *accounts, const char *db)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "w");
	if (!f) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	print_accounts(f, accounts, db);
	return fclose(f);
}

int cmd_demo(int argc, char **argv)
{
	const char *db = cli_default_db(), *file = NULL, *accounts_out = NULL;
	int if_empty = 0, no_accounts = 0;
	const struct opt opts[] = {
		OPT_DB(db),
		{"file", "FILE", "scenario file (default: the built-in CES 2024 scenario)", &file,
		 NULL},
		{"if-empty", NULL, "do nothing (and succeed) when the database has data", NULL,
		 &if_empty},
		{"no-accounts", NULL, "make no demo accounts (the database stays in set-up mode)",
		 NULL, &no_accounts},
		{"accounts-out", "FILE",
		 "also write the demo accounts and passwords to FILE (0600)", &accounts_out, NULL},
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
	json_t *accounts = NULL;
	if (app_demo_load(&app, &a, data ? data : (const char *)demo_files[0].data,
			  data ? len : demo_files[0].size, !no_accounts, &count, &accounts,
			  &aerr)) {
		cli_print_error("demo", &aerr);
		goto done;
	}
	printf("roadshow demo: loaded %zu records into %s\n", count, db);
	rc = 0;
	if (json_array_size(accounts)) {
		print_accounts(stdout, accounts, db);
		if (accounts_out && save_accounts(accounts_out, accounts, db)) {
			fprintf(stderr, "roadshow demo: cannot write '%s': %s\n", accounts_out,
				strerror(errno));
			rc = 1;
		}
	}
	json_decref(accounts);
done:
	free(data);
	arena_release(&a);
	app_close(&app);
	return rc;
}
