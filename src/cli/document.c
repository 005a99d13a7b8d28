/* document.c - `roadshow document DELEGATION plan|report`: the trip plan or the result
 * report as HTML or XLSX, the same files the API serves. */
#include <stdio.h>
#include <string.h>

#include "../app/app.h"
#include "cli.h"

struct doc {
	long long id;
	int plan, xlsx;
	const char *lang;
};

static int make(struct app *app, struct arena *a, void *ctx, struct strbuf *out,
		struct app_error *err)
{
	const struct doc *d = ctx;
	return app_tripdoc(app, a, d->id, d->plan ? APP_DOC_PLAN : APP_DOC_REPORT,
			   d->xlsx ? APP_DOC_XLSX : APP_DOC_HTML, d->lang, NULL, out, err);
}

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
	static const char *const formats[] = {"xlsx", NULL};
	char *pos[2];
	int optrc = opt_parse("document", opts, argc, argv, pos, 2, 2);
	if (optrc < 0)
		return opt_exit(optrc);
	if (!format)
		format = cli_format_of(out, formats, "html");
	struct doc d = {cli_id(pos[0]), !strcmp(pos[1], "plan"), !strcmp(format, "xlsx"), lang};
	if (!d.id || (!d.plan && strcmp(pos[1], "report")) || (!d.xlsx && strcmp(format, "html"))) {
		fprintf(stderr, "roadshow document: DELEGATION is an id, the document plan or "
				"report, --format html or xlsx\n");
		cmd_usage_by_name("document", opts, stderr);
		return 2;
	}
	return cli_write_document("document", db, out, make, &d);
}
