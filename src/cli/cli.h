/* cli.h - the command table and the option tables each command declares. */
#ifndef ROADSHOW_CLI_H
#define ROADSHOW_CLI_H

#include <stdio.h>

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *args;    /* positional arguments, for usage */
	const char *summary; /* one line for `help` */
};

extern const struct cmd commands[];
extern const size_t ncommands;

const struct cmd *cmd_find(const char *name);

/* An option: --name VALUE when arg is set (stored in *value), else a flag (*flag = 1). */
struct opt {
	const char *name, *arg, *help;
	const char **value;
	int *flag;
};

enum { OPT_BAD = -1, OPT_HELP = -2 };

/* Parses argv (argv[0] is the command name) against opts, which end with a {0} entry.
 * Positional arguments go to rest; npos_min..npos_max are accepted; returns their count.
 * --help prints usage to stdout and returns OPT_HELP; a bad option or count prints usage
 * to stderr and returns OPT_BAD. */
int opt_parse(const char *cmdname, const struct opt *opts, int argc, char **argv, char **rest,
	      int npos_min, int npos_max);
/* The exit status for a negative opt_parse result: 0 after --help, else 2. */
int opt_exit(int rc);
void cli_print_commands(FILE *f);
/* Prints an app error the way every command does. */
struct app_error;
void cli_print_error(const char *cmd, const struct app_error *err);
void cmd_usage(const struct cmd *c, const struct opt *opts, FILE *f);
/* Prints the options of cmdname (looked up in the table) to f. */
void cmd_usage_by_name(const char *cmdname, const struct opt *opts, FILE *f);

/* The --db option every command that opens a database declares. */
#define OPT_DB(var)                                                                                \
	{                                                                                          \
		"db", "PATH", "database file (default $ROADSHOW_DB or var/roadshow.db)", &(var),   \
			NULL                                                                       \
	}

struct app;
/* Opens the application on db for command cmd (creating db's folder); prints why not and
 * returns -1 when it cannot. */
int cli_open_app(const char *cmd, const char *db, struct app *app);

/* The database every command uses unless --db says otherwise: $ROADSHOW_DB or
 * var/roadshow.db. */
const char *cli_default_db(void);
/* Creates the folder that will hold path, when missing (one level). */
void cli_prepare_db_dir(const char *path);
/* Writes len bytes of data to path (NULL or "-": standard output); prints why not for
 * command cmd and returns -1 when it cannot. */
int cli_write_file(const char *cmd, const char *path, const char *data, size_t len);
struct arena;
struct strbuf;
struct app_error;
/* A document a command writes: make fills out from the application (err on failure). */
typedef int (*cli_make_fn)(struct app *app, struct arena *a, void *ctx, struct strbuf *out,
			   struct app_error *err);
/* Opens the application on db, makes the document and writes it to out (NULL or "-":
 * standard output). Returns the command's exit status: 0, or 1 with the reason printed. */
int cli_write_document(const char *cmd, const char *db, const char *out, cli_make_fn make,
		       void *ctx);
/* The format a file name asks for: its extension when it is one of formats (a NULL-ended
 * list), else def. */
const char *cli_format_of(const char *out, const char *const *formats, const char *def);
/* A positive id, or 0 when s is not one. */
long long cli_id(const char *s);
/* Reads a whole file (or stdin for "-"); the caller frees *data. Returns 0 or -1 (errno). */
int cli_read_file(const char *path, char **data, size_t *len);

int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_itinerary(int argc, char **argv);
int cmd_document(int argc, char **argv);
int cmd_schedule(int argc, char **argv);
int cmd_outcome(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_help(int argc, char **argv);

#endif
