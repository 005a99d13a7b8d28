/* commands.c - the one command table, option parsing and usage. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../app/app.h"
#include "../core/strbuf.h"
#include "../store/store.h"
#include "cli.h"

const struct cmd commands[] = {
	{"serve", cmd_serve, "", "serve the web UI and the JSON API"},
	{"demo", cmd_demo, "", "load the CES 2024 demo scenario into an empty database"},
	{"import", cmd_import, "RESOURCE FILE", "import rows of a resource from CSV or JSON"},
	{"export", cmd_export, "RESOURCE", "export every row of a resource as CSV or JSON"},
	{"migrate", cmd_migrate, "", "apply pending schema migrations"},
	{"backup", cmd_backup, "FILE",
	 "copy the database (SQLite) into FILE while the server goes on writing"},
	{"restore", cmd_restore, "FILE", "replace the database (SQLite) with a backup in FILE"},
	{"user", cmd_user, "SUBCOMMAND", "manage accounts: add, list, disable, enable, passwd"},
	{"itinerary", cmd_itinerary, "DELEGATION",
	 "a delegation's itinerary by day (local and home time), its checks, its calendar"},
	{"schedule", cmd_schedule, "[EVENT]",
	 "schedule a B2B programme's meetings (or those of an instance file)"},
	{"document", cmd_document, "DELEGATION plan|report",
	 "a delegation's trip plan or result report as HTML or XLSX"},
	{"outcome", cmd_outcome, "pavilion|event|company|centre ID",
	 "an outcome report (consultations by stage, against the previous edition) as JSON, CSV "
	 "or XLSX"},
	{"version", cmd_version, "", "print the version"},
	{"help", cmd_help, "[COMMAND]", "show the commands, or one command's options"},
};
const size_t ncommands = sizeof(commands) / sizeof(commands[0]);

const struct cmd *cmd_find(const char *name)
{
	for (size_t i = 0; i < ncommands; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

void cmd_usage(const struct cmd *c, const struct opt *opts, FILE *f)
{
	fprintf(f, "usage: roadshow %s%s%s%s\n", c->name, opts && opts->name ? " [options]" : "",
		*c->args ? " " : "", c->args);
	fprintf(f, "  %s\n", c->summary);
	for (; opts && opts->name; opts++)
		fprintf(f, "  --%s%s%-*s %s\n", opts->name, opts->arg ? " " : "",
			(int)(16 - strlen(opts->name) - (opts->arg ? strlen(opts->arg) + 1 : 0)),
			opts->arg ? opts->arg : "", opts->help);
}

void cmd_usage_by_name(const char *cmdname, const struct opt *opts, FILE *f)
{
	const struct cmd *c = cmd_find(cmdname);
	if (c)
		cmd_usage(c, opts, f);
}

int opt_parse(const char *cmdname, const struct opt *opts, int argc, char **argv, char **rest,
	      int npos_min, int npos_max)
{
	int npos = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] != '-' || a[1] != '-' || !a[2]) {
			if (!strcmp(a, "--"))
				continue;
			if (npos >= npos_max) {
				fprintf(stderr, "roadshow %s: unexpected argument '%s'\n", cmdname,
					a);
				goto usage;
			}
			rest[npos++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--help")) {
			cmd_usage_by_name(cmdname, opts, stdout);
			return OPT_HELP;
		}
		const char *name = a + 2, *eq = strchr(name, '=');
		size_t nlen = eq ? (size_t)(eq - name) : strlen(name);
		const struct opt *o = opts;
		for (; o && o->name; o++)
			if (strlen(o->name) == nlen && !strncmp(o->name, name, nlen))
				break;
		if (!o || !o->name) {
			fprintf(stderr, "roadshow %s: unknown option '--%.*s'\n", cmdname,
				(int)nlen, name);
			goto usage;
		}
		if (o->arg) {
			if (eq)
				*o->value = eq + 1;
			else if (i + 1 < argc)
				*o->value = argv[++i];
			else {
				fprintf(stderr, "roadshow %s: option '--%s' needs %s\n", cmdname,
					o->name, o->arg);
				goto usage;
			}
		} else {
			if (eq) {
				fprintf(stderr, "roadshow %s: option '--%s' takes no value\n",
					cmdname, o->name);
				goto usage;
			}
			*o->flag = 1;
		}
	}
	if (npos < npos_min) {
		fprintf(stderr, "roadshow %s: missing arguments\n", cmdname);
		goto usage;
	}
	return npos;
usage:
	cmd_usage_by_name(cmdname, opts, stderr);
	return OPT_BAD;
}

int opt_exit(int rc)
{
	return rc == OPT_HELP ? 0 : 2;
}

void cli_print_commands(FILE *f)
{
	fprintf(f, "usage: roadshow COMMAND [options]\n\ncommands:\n");
	for (size_t i = 0; i < ncommands; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n'roadshow help COMMAND' shows a command's options.\n");
}

const char *cli_default_db(void)
{
	const char *env = getenv("ROADSHOW_DB");
	return env && *env ? env : "var/roadshow.db";
}

void cli_prepare_db_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash || slash == path || !store_url_is_file(path))
		return;
	struct strbuf dir = STRBUF_INIT;
	strbuf_add(&dir, path, (size_t)(slash - path));
	if (mkdir(dir.buf, 0755) && errno != EEXIST)
		fprintf(stderr, "roadshow: cannot create '%s': %s\n", dir.buf, strerror(errno));
	strbuf_release(&dir);
}

int cli_write_document(const char *cmd, const char *db, const char *out, cli_make_fn make,
		       void *ctx)
{
	struct app app = {0};
	struct arena a = ARENA_INIT;
	struct app_error err;
	struct strbuf buf = STRBUF_INIT;
	int rc = 1;
	if (cli_open_app(cmd, db, &app))
		return 1;
	app_error_init(&err, &a);
	if (make(&app, &a, ctx, &buf, &err))
		cli_print_error(cmd, &err);
	else if (!cli_write_file(cmd, out, buf.buf, buf.len))
		rc = 0;
	strbuf_release(&buf);
	arena_release(&a);
	app_close(&app);
	return rc;
}

const char *cli_format_of(const char *out, const char *const *formats, const char *def)
{
	const char *dot = out ? strrchr(out, '.') : NULL;
	for (; dot && *formats; formats++)
		if (!strcmp(dot + 1, *formats))
			return *formats;
	return def;
}

long long cli_id(const char *s)
{
	char *end;
	long long id = *s >= '1' && *s <= '9' ? strtoll(s, &end, 10) : 0;
	return id > 0 && !*end ? id : 0;
}

int cli_write_file(const char *cmd, const char *path, const char *data, size_t len)
{
	int to_stdout = !path || !strcmp(path, "-");
	FILE *fp = to_stdout ? stdout : fopen(path, "wb");
	if (!fp) {
		fprintf(stderr, "roadshow %s: cannot write '%s': %s\n", cmd, path, strerror(errno));
		return -1;
	}
	int ok = fwrite(data, 1, len, fp) == len;
	ok &= to_stdout ? !fflush(fp) : !fclose(fp);
	if (!ok)
		fprintf(stderr, "roadshow %s: write failed: %s\n", cmd, strerror(errno));
	return ok ? 0 : -1;
}

int cli_read_file(const char *path, char **data, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	size_t n;
	if (!f)
		return -1;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	int bad = ferror(f);
	if (f != stdin)
		fclose(f);
	if (bad) {
		strbuf_release(&sb);
		return -1;
	}
	*data = strbuf_detach(&sb, len);
	return 0;
}

int cli_open_app(const char *cmd, const char *db, struct app *app)
{
	char err[512];
	cli_prepare_db_dir(db);
	if (app_open(app, db, err, sizeof(err))) {
		fprintf(stderr, "roadshow %s: %s\n", cmd, err);
		return -1;
	}
	return 0;
}
