/* outcome.c - roadshow outcome: an outcome report (a pavilion's, an event's or a company's)
 * as JSON, CSV or XLSX, the same the API serves. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/app.h"
#include "cli.h"

int cmd_outcome(int argc, char **argv)
{
	const char *db = cli_default_db(), *format = NULL, *lang = "ko", *out = NULL;
	const struct opt opts[] = {
		OPT_DB(db),
		{"format", "FMT", "json, csv or xlsx (default: from --out's name, else json)",
		 &format, NULL},
		{"lang", "LANG", "ko (default) or en, for csv and xlsx", &lang, NULL},
		{"out", "FILE", "write to FILE (default: standard output)", &out, NULL},
		{0},
	};
	char *pos[2], *end;
	struct app app = {0};
	struct arena a = ARENA_INIT;
	struct app_error err;
	struct strbuf buf = STRBUF_INIT;
	int rc = 1;

	int optrc = opt_parse("outcome", opts, argc, argv, pos, 2, 2);
	if (optrc < 0)
		return opt_exit(optrc);
	long long id = *pos[1] >= '1' && *pos[1] <= '9' ? strtoll(pos[1], &end, 10) : 0;
	const char *dot = out ? strrchr(out, '.') : NULL;
	if (!format)
		format = dot && (!strcmp(dot, ".xlsx") || !strcmp(dot, ".csv")) ? dot + 1 : "json";
	const char *kind = !strcmp(pos[0], "pavilion")	? "pavilion"
			   : !strcmp(pos[0], "event")	? "event"
			   : !strcmp(pos[0], "company") ? "company"
							: NULL;
	int xlsx = !strcmp(format, "xlsx"), csv = !strcmp(format, "csv");
	if (!kind || !id || *end || (!xlsx && !csv && strcmp(format, "json"))) {
		fprintf(stderr, "roadshow outcome: pavilion, event or company, then its id; "
				"--format json, csv or xlsx\n");
		cmd_usage_by_name("outcome", opts, stderr);
		return 2;
	}
	if (cli_open_app("outcome", db, &app))
		return 1;
	app_error_init(&err, &a);
	json_t *report = NULL;
	int failed = xlsx  ? app_outcome_xlsx(&app, &a, kind, id, lang, NULL, &buf, &err)
		     : csv ? app_outcome_csv(&app, &a, kind, id, lang, NULL, &buf, &err)
			   : app_outcome(&app, &a, kind, id, NULL, &report, &err);
	if (!failed && report) {
		char *text = json_dumps(report, JSON_INDENT(2));
		if (text) {
			strbuf_addstr(&buf, text);
			strbuf_addch(&buf, '\n');
		}
		free(text);
		json_decref(report);
	}
	if (failed)
		cli_print_error("outcome", &err);
	else if (!cli_write_file("outcome", out, buf.buf, buf.len))
		rc = 0;
	strbuf_release(&buf);
	arena_release(&a);
	app_close(&app);
	return rc;
}
