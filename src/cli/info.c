/* info.c - `roadshow migrate`, `roadshow version` and `roadshow help`. */
#include <jansson.h>
#include <microhttpd.h>
#include <sqlite3.h>
#include <stdio.h>

#include "../app/app.h"
#include "../store/store.h"
#include "../version.h"
#include "cli.h"

int cmd_migrate(int argc, char **argv)
{
	const char *db = cli_default_db();
	const struct opt opts[] = {
		OPT_DB(db),
		{0},
	};
	char err[512];
	int optrc = opt_parse("migrate", opts, argc, argv, NULL, 0, 0);
	if (optrc < 0)
		return opt_exit(optrc);
	cli_prepare_db_dir(db);
	/* opening applies what is pending; report where the schema now stands */
	struct store *s = store_open(db, err, sizeof(err));
	if (!s) {
		fprintf(stderr, "roadshow migrate: %s\n", err);
		return 1;
	}
	printf("roadshow migrate: %s is at schema version %d\n", db, store_schema_version(s));
	store_close(s);
	return 0;
}

int cmd_version(int argc, char **argv)
{
	const struct opt opts[] = {{0}};
	int optrc = opt_parse("version", opts, argc, argv, NULL, 0, 0);
	if (optrc < 0)
		return opt_exit(optrc);
	printf("roadshow %s (SQLite %s, libmicrohttpd %s, jansson %s)\n", ROADSHOW_VERSION,
	       sqlite3_libversion(), MHD_get_version(), JANSSON_VERSION);
	return 0;
}

int cmd_help(int argc, char **argv)
{
	char *pos[1];
	const struct opt opts[] = {{0}};
	int n = opt_parse("help", opts, argc, argv, pos, 0, 1);
	if (n < 0)
		return opt_exit(n);
	if (n == 0) {
		cli_print_commands(stdout);
		return 0;
	}
	const struct cmd *c = cmd_find(pos[0]);
	if (!c) {
		fprintf(stderr, "roadshow help: '%s' is not a command\n", pos[0]);
		return 2;
	}
	/* each command knows its own options: ask it */
	char *args[] = {(char *)c->name, (char *)"--help", NULL};
	return c->fn(2, args);
}
