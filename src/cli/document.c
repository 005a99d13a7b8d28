/* document.c - `roadshow document DELEGATION plan|report`: the trip plan or the result
 * report as HTML or XLSX, the same files the API serves. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/app.h"
#include "cli.h"

int cmd_document(int argc, char **argv)
{
	const char *db = cli_default_db(), *format = NULL, *lang = "ko", *out = NULL;
	const struct opt opts[] = {
		OPT_DB(db),
		{"format", "FMT", "html or xlsx (default: from --out's name, else html)", &format,
		 NULL},
		{"lang", "LANG", "ko (default) or en", &lang, NULL},
		{"out", "FILE", "write to FILE (default: standard output)", &out, NULL},
		{0},
	};
	char *pos[2], *end;
	struct app app = {0};
	struct arena a = ARENA_INIT;
	struct app_error err;
	struct strbuf buf = STRBUF_INIT;
	int rc = 1;

	int optrc = opt_parse("document", opts, argc, argv, pos, 2, 2);
	if (optrc < 0)
		return opt_exit(optrc);
	long long id = *pos[0] >= '1' && *pos[0] <= '9' ? strtoll(pos[0], &end, 10) : 0;
	const char *dot = out ? strrchr(out, '.') : NULL;
	if (!format)
		format = dot && !strcmp(dot, ".xlsx") ? "xlsx" : "html";
	int plan = !strcmp(pos[1], "plan"), xlsx = !strcmp(format, "xlsx");
	if (!id || *end || (!plan && strcmp(pos[1], "report")) ||
	    (!xlsx && strcmp(format, "html"))) {
		fprintf(stderr, "roadshow document: DELEGATION is an id, the document plan or "
				"report, --format html or xlsx\n");
		cmd_usage_by_name("document", opts, stderr);
		return 2;
	}
	if (cli_open_app("document", db, &app))
		return 1;
	app_error_init(&err, &a);
	if (app_tripdoc(&app, &a, id, plan ? APP_DOC_PLAN : APP_DOC_REPORT,
			xlsx ? APP_DOC_XLSX : APP_DOC_HTML, lang, NULL, &buf, &err))
		cli_print_error("document", &err);
	else if (!cli_write_file("document", out, buf.buf, buf.len))
		rc = 0;
	strbuf_release(&buf);
	arena_release(&a);
	app_close(&app);
	return rc;
}
