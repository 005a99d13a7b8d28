/* outcome.c - roadshow outcome: an outcome report (a pavilion's, an event's, a company's or a
 * business centre's) as JSON, CSV or XLSX, the same the API serves. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/app.h"
#include "cli.h"

struct report {
	const char *kind, *format, *lang;
	long long id;
};

static int make(struct app *app, struct arena *a, void *ctx, struct strbuf *out,
		struct app_error *err)
{
	const struct report *r = ctx;
	if (!strcmp(r->format, "xlsx"))
		return app_outcome_xlsx(app, a, r->kind, r->id, r->lang, NULL, out, err);
	if (!strcmp(r->format, "csv"))
		return app_outcome_csv(app, a, r->kind, r->id, r->lang, NULL, out, err);
	json_t *report = NULL;
	if (app_outcome(app, a, r->kind, r->id, NULL, &report, err))
		return -1;
	char *text = json_dumps(report, JSON_INDENT(2));
	json_decref(report);
	if (!text)
		return app_fail(err, 500, "internal", "out of memory");
	strbuf_addstr(out, text);
	strbuf_addch(out, '\n');
	free(text);
	return 0;
}

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
	static const char *const formats[] = {"json", "csv", "xlsx", NULL};
	static const char *const kinds[] = {"pavilion", "event", "company", "centre", NULL};
	char *pos[2];
	int optrc = opt_parse("outcome", opts, argc, argv, pos, 2, 2);
	if (optrc < 0)
		return opt_exit(optrc);
	struct report r = {NULL, format ? format : cli_format_of(out, formats, "json"), lang,
			   cli_id(pos[1])};
	for (size_t i = 0; kinds[i]; i++)
		if (!strcmp(pos[0], kinds[i]))
			r.kind = kinds[i];
	int known = 0;
	for (size_t i = 0; formats[i]; i++)
		known |= !strcmp(r.format, formats[i]);
	if (!r.kind || !r.id || !known) {
		fprintf(stderr,
			"roadshow outcome: pavilion, event, company or centre, then its id; "
			"--format json, csv or xlsx\n");
		cmd_usage_by_name("outcome", opts, stderr);
		return 2;
	}
	return cli_write_document("outcome", db, out, make, &r);
}
