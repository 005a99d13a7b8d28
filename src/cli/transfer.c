/* transfer.c - `roadshow import` and `roadshow export` of one resource, CSV or JSON. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/app.h"
#include "cli.h"

void cli_print_error(const char *cmd, const struct app_error *err)
{
	fprintf(stderr, "roadshow %s: %s\n", cmd, err->detail ? err->detail : err->code);
	for (size_t i = 0; i < err->nerrors; i++)
		fprintf(stderr, "  %s: %s (%s)\n", err->errors[i].field, err->errors[i].message,
			err->errors[i].code);
}

static int pick_format(const char *cmd, const char *given, const char *file, enum app_format *f)
{
	const char *dot = file ? strrchr(file, '.') : NULL;
	const char *word = given ? given : dot && !strcmp(dot, ".json") ? "json" : "csv";
	if (app_format_parse(word, f)) {
		fprintf(stderr, "roadshow %s: '--format %s' is not csv or json\n", cmd, word);
		return -1;
	}
	return 0;
}

static const struct entity *pick_entity(const char *cmd, const char *name)
{
	const struct entity *e = entity_find(name);
	if (!e) {
		fprintf(stderr, "roadshow %s: '%s' is not a resource; one of:", cmd, name);
		for (size_t i = 0; i < nentities; i++)
			fprintf(stderr, " %s", entities[i]->name);
		fputc('\n', stderr);
	}
	return e;
}

int cmd_import(int argc, char **argv)
{
	const char *db = cli_default_db(), *format = NULL;
	const struct opt opts[] = {
		OPT_DB(db),
		{"format", "FMT", "csv or json (default: from the file name, else csv)", &format,
		 NULL},
		{0},
	};
	char *pos[2], *data = NULL;
	enum app_format f;
	size_t len, count;
	struct app app = {0};
	struct arena a = ARENA_INIT;
	struct app_error aerr;
	int rc = 1;

	int optrc = opt_parse("import", opts, argc, argv, pos, 2, 2);
	if (optrc < 0)
		return opt_exit(optrc);
	const struct entity *e = pick_entity("import", pos[0]);
	if (!e || pick_format("import", format, pos[1], &f))
		return 2;
	if (cli_read_file(pos[1], &data, &len)) {
		fprintf(stderr, "roadshow import: cannot read '%s': %s\n", pos[1], strerror(errno));
		return 1;
	}
	if (cli_open_app("import", db, &app)) {
		free(data);
		return 1;
	}
	app_error_init(&aerr, &a);
	if (app_import(&app, &a, e, f, data, len, &count, &aerr))
		cli_print_error("import", &aerr);
	else {
		printf("roadshow import: %zu %s imported\n", count, e->name);
		rc = 0;
	}
	free(data);
	arena_release(&a);
	app_close(&app);
	return rc;
}

int cmd_export(int argc, char **argv)
{
	const char *db = cli_default_db(), *format = NULL, *out = NULL;
	const struct opt opts[] = {
		OPT_DB(db),
		{"format", "FMT", "csv or json (default: from --out, else csv)", &format, NULL},
		{"out", "FILE", "write to FILE instead of standard output", &out, NULL},
		{0},
	};
	char *pos[1];
	enum app_format f;
	struct app app = {0};
	struct arena a = ARENA_INIT;
	struct app_error aerr;
	struct strbuf sb = STRBUF_INIT;
	int rc = 1;

	int optrc = opt_parse("export", opts, argc, argv, pos, 1, 1);
	if (optrc < 0)
		return opt_exit(optrc);
	const struct entity *e = pick_entity("export", pos[0]);
	if (!e || pick_format("export", format, out, &f))
		return 2;
	if (cli_open_app("export", db, &app)) {
		return 1;
	}
	app_error_init(&aerr, &a);
	if (app_export(&app, &a, e, f, NULL, &sb, &aerr)) {
		cli_print_error("export", &aerr);
		goto done;
	}
	if (!cli_write_file("export", out, sb.buf, sb.len))
		rc = 0;
done:
	strbuf_release(&sb);
	arena_release(&a);
	app_close(&app);
	return rc;
}
