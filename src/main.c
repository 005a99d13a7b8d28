/* main.c - roadshow: git-style subcommands dispatched from the command table. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

int main(int argc, char **argv)
{
	if (argc < 2) {
		cli_print_commands(stderr);
		return 2;
	}
	const char *name = argv[1];
	if (!strcmp(name, "--help") || !strcmp(name, "-h"))
		name = "help";
	if (!strcmp(name, "--version"))
		name = "version";
	const struct cmd *c = cmd_find(name);
	if (!c) {
		fprintf(stderr, "roadshow: '%s' is not a command\n\n", argv[1]);
		cli_print_commands(stderr);
		return 2;
	}
	return c->fn(argc - 1, argv + 1);
}
