/* schedule.c - `roadshow schedule --instance FILE`: schedules the meetings of an instance
 * file (docs/schedule-format.md) and writes the schedule as JSON. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/app.h"
#include "../core/schedule.h"
#include "../core/strbuf.h"
#include "cli.h"

/* A number of at most max from s, or -1. */
static long long number(const char *s, long long max)
{
	char *end;
	errno = 0;
	long long v = s && *s >= '0' && *s <= '9' ? strtoll(s, &end, 10) : -1;
	return v < 0 || errno || *end || v > max ? -1 : v;
}

int cmd_schedule(int argc, char **argv)
{
	const char *file = NULL, *out = NULL, *seed_s = "1", *limit_s = "5", *lp_file = NULL,
		   *iter_s = "0";
	struct strbuf lp = STRBUF_INIT;
	const struct opt opts[] = {
		{"instance", "FILE", "the instance to schedule (JSON; - for stdin)", &file, NULL},
		{"out", "FILE", "write the schedule to FILE (default: standard output)", &out,
		 NULL},
		{"seed", "N", "the random seed (default 1): the same seed, the same schedule",
		 &seed_s, NULL},
		{"time-limit", "S", "seconds for the improvement phase (default 5; 0: none)",
		 &limit_s, NULL},
		{"iterations", "N",
		 "moves of the improvement phase (default: from the instance's size)", &iter_s,
		 NULL},
		{"emit-lp", "FILE", "also write the instance as an integer program (LP format)",
		 &lp_file, NULL},
		{0},
	};
	char *data = NULL, *pos[1];
	size_t len;
	struct arena a = ARENA_INIT;
	struct app_error err;
	json_error_t jerr;
	json_t *doc = NULL, *schedule = NULL;
	int rc = 1;

	int optrc = opt_parse("schedule", opts, argc, argv, pos, 0, 0);
	if (optrc < 0)
		return opt_exit(optrc);
	long long seed = number(seed_s, (long long)1 << 62), limit = number(limit_s, 86400);
	long long iterations = number(iter_s, 1000000000000LL);
	if (!file || seed < 0 || limit < 0 || iterations < 0) {
		fprintf(stderr,
			"roadshow schedule: --instance FILE is needed; --seed, --time-limit "
			"and --iterations are whole numbers\n");
		cmd_usage_by_name("schedule", opts, stderr);
		return 2;
	}
	if (cli_read_file(file, &data, &len)) {
		fprintf(stderr, "roadshow schedule: cannot read '%s': %s\n", file, strerror(errno));
		return 1;
	}
	app_error_init(&err, &a);
	if (!(doc = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr))) {
		fprintf(stderr, "roadshow schedule: %s is not JSON: %s (line %d)\n", file,
			jerr.text, jerr.line);
	} else if (app_schedule_file(
			   &a, doc,
			   &(struct sched_options){.seed = (uint64_t)seed,
						   .time_limit_ms = (long)limit * 1000,
						   .iterations = (unsigned long)iterations},
			   lp_file ? &lp : NULL, &schedule, &err)) {
		cli_print_error("schedule", &err);
	} else if (lp_file && cli_write_file("schedule", lp_file, lp.buf, lp.len)) {
		rc = 1;
	} else {
		char *text = json_dumps(schedule, JSON_INDENT(1) | JSON_ENSURE_ASCII);
		struct strbuf sb = STRBUF_INIT;
		if (text) {
			strbuf_addstr(&sb, text);
			strbuf_addch(&sb, '\n');
			rc = cli_write_file("schedule", out, sb.buf, sb.len) ? 1 : 0;
		}
		strbuf_release(&sb);
		free(text);
	}
	strbuf_release(&lp);
	json_decref(schedule);
	json_decref(doc);
	free(data);
	arena_release(&a);
	return rc;
}
