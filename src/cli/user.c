/* user.c - `roadshow user add|list|disable|enable|passwd`: accounts from the command line. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/app.h"
#include "cli.h"

/* Reads the password from the first line of standard input (--password-stdin), or makes a
 * random one and prints it once. The result lives in buf. */
static int get_password(int from_stdin, char *buf, size_t len, int *generated)
{
	*generated = !from_stdin;
	if (from_stdin) {
		if (!fgets(buf, (int)len, stdin))
			return -1;
		buf[strcspn(buf, "\r\n")] = '\0';
		return 0;
	}
	struct arena a = ARENA_INIT;
	const char *made = app_password_generate(&a);
	if (made && strlen(made) < len)
		strcpy(buf, made);
	arena_release(&a);
	return made && strlen(buf) ? 0 : -1;
}

struct user_cmd {
	const char *name, *args, *summary;
};

static const struct user_cmd user_cmds[] = {
	{"add", "LOGIN", "create an account (--role, --organization, --name)"},
	{"list", "", "list the accounts"},
	{"disable", "LOGIN", "stop an account from logging in"},
	{"enable", "LOGIN", "let a disabled account log in again"},
	{"passwd", "LOGIN", "set a new password"},
};

static void user_usage(FILE *f)
{
	fprintf(f, "usage: roadshow user SUBCOMMAND [options]\n");
	for (size_t i = 0; i < sizeof(user_cmds) / sizeof(user_cmds[0]); i++)
		fprintf(f, "  %-8s %-6s %s\n", user_cmds[i].name, user_cmds[i].args,
			user_cmds[i].summary);
	fprintf(f, "options: --db PATH, --password-stdin (else a password is made and printed)\n");
}

int cmd_user(int argc, char **argv)
{
	const char *db = cli_default_db(), *role = NULL, *org = NULL, *name = NULL;
	int from_stdin = 0;
	const struct opt opts[] = {
		OPT_DB(db),
		{"role", "ROLE", "add: admin, organizer, viewer or company", &role, NULL},
		{"organization", "ID", "add: the account's organization (all roles but admin)",
		 &org, NULL},
		{"name", "NAME", "add: the person's name", &name, NULL},
		{"password-stdin", NULL, "read the password from standard input", NULL,
		 &from_stdin},
		{0},
	};
	char *pos[2], password[300];
	struct app app = {0};
	struct arena a = ARENA_INIT;
	struct app_error err;
	int rc = 1, generated = 0;

	if (argc < 2 || !strcmp(argv[1], "--help")) {
		user_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	const char *sub = argv[1];
	size_t k = 0, nsub = sizeof(user_cmds) / sizeof(user_cmds[0]);
	while (k < nsub && strcmp(user_cmds[k].name, sub))
		k++;
	if (k == nsub) {
		fprintf(stderr, "roadshow user: '%s' is not a subcommand\n", sub);
		user_usage(stderr);
		return 2;
	}
	int npos = *user_cmds[k].args ? 1 : 0;
	int optrc = opt_parse("user", opts, argc - 1, argv + 1, pos, npos, npos);
	if (optrc < 0)
		return opt_exit(optrc);
	if (strcmp(sub, "add") && (role || org || name)) {
		fprintf(stderr, "roadshow user %s: --role, --organization and --name go with add\n",
			sub);
		return 2;
	}
	if (!strcmp(sub, "add") && !role) {
		fprintf(stderr, "roadshow user add: --role is required\n");
		return 2;
	}
	if ((!strcmp(sub, "add") || !strcmp(sub, "passwd")) &&
	    get_password(from_stdin, password, sizeof(password), &generated)) {
		fprintf(stderr, "roadshow user %s: no password on standard input\n", sub);
		return 2;
	}
	if (cli_open_app("user", db, &app))
		return 1;
	app_error_init(&err, &a);
	if (!strcmp(sub, "add")) {
		char *end = NULL;
		long long oid = org ? strtoll(org, &end, 10) : 0;
		struct app_account in = {
			.login = pos[0], .name = name, .role = role, .organization_id = oid};
		int64_t id;
		if (org && (*end || oid <= 0))
			fprintf(stderr, "roadshow user add: '--organization %s' is not an id\n",
				org);
		else if (!app_user_add(&app, &a, &in, password, "cli", &id, &err)) {
			printf("roadshow user: added %s (id %lld, %s)\n", pos[0], (long long)id,
			       role);
			rc = 0;
		}
	} else if (!strcmp(sub, "list")) {
		json_t *list, *u;
		size_t i;
		if (!app_user_list(&app, &a, &list, &err)) {
			json_array_foreach(list, i, u)
			{
				json_t *o = json_object_get(u, "organization_id");
				printf("%-24s %-10s %-8s",
				       json_string_value(json_object_get(u, "login")),
				       json_string_value(json_object_get(u, "role")),
				       json_is_true(json_object_get(u, "disabled")) ? "disabled"
										    : "active");
				if (json_is_integer(o))
					printf(" organization %lld",
					       (long long)json_integer_value(o));
				putchar('\n');
			}
			json_decref(list);
			rc = 0;
		}
	} else if (!strcmp(sub, "disable") || !strcmp(sub, "enable")) {
		if (!app_user_set_disabled(&app, &a, pos[0], !strcmp(sub, "disable"), "cli",
					   &err)) {
			printf("roadshow user: %s %sd\n", pos[0], sub);
			rc = 0;
		}
	} else if (!app_user_set_password(&app, &a, pos[0], password, "cli", &err)) {
		printf("roadshow user: new password set for %s\n", pos[0]);
		rc = 0;
	}
	if (rc && err.status) {
		char where[32];
		snprintf(where, sizeof(where), "user %s", sub);
		cli_print_error(where, &err);
	}
	if (!rc && generated)
		printf("password: %s\n", password);
	sodium_memzero(password, sizeof(password));
	arena_release(&a);
	app_close(&app);
	return rc;
}
