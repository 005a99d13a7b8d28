/* backup.c - `roadshow backup FILE` and `roadshow restore FILE`: a copy of a SQLite database
 * made while the server goes on writing, and the database replaced by such a copy. */
#include <stdio.h>
#include <string.h>

#include "../store/store.h"
#include "cli.h"

/* backup (restore 0) or restore (1) of --db with FILE. */
static int copy_command(const char *name, int restore, int argc, char **argv)
{
	const char *db = cli_default_db();
	const struct opt opts[] = {
		OPT_DB(db),
		{0},
	};
	char *rest[1];
	char err[512];
	int optrc = opt_parse(name, opts, argc, argv, rest, 1, 1);
	if (optrc < 0)
		return opt_exit(optrc);
	if (!strcmp(rest[0], db)) {
		fprintf(stderr, "roadshow %s: '%s' is the database itself\n", name, rest[0]);
		return 2;
	}
	if (restore)
		cli_prepare_db_dir(db);
	struct store *s = store_open(db, err, sizeof(err));
	if (!s) {
		fprintf(stderr, "roadshow %s: %s\n", name, err);
		return 1;
	}
	enum store_err e = restore ? store_restore(s, rest[0]) : store_backup(s, rest[0]);
	if (e)
		fprintf(stderr, "roadshow %s: %s\n", name, store_errmsg(s));
	else if (restore)
		printf("roadshow restore: %s now holds %s (schema version %d)\n", db, rest[0],
		       store_schema_version(s));
	else
		printf("roadshow backup: %s copied to %s\n", db, rest[0]);
	store_close(s);
	return e ? 1 : 0;
}

int cmd_backup(int argc, char **argv)
{
	return copy_command("backup", 0, argc, argv);
}

int cmd_restore(int argc, char **argv)
{
	return copy_command("restore", 1, argc, argv);
}
