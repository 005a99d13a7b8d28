/* schedule.c - `roadshow schedule`: the meetings of a B2B programme in the database
 * (`roadshow schedule EVENT [--publish]`, as the API's schedule and publish do), or of an
 * instance file (`--instance FILE`, docs/schedule-format.md), written as JSON. */
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

/* The programme's schedule as a summary line and the meetings left out, one per line. */
static void print_summary(json_t *r, json_t *pub)
{
	json_t *left = json_object_get(r, "unscheduled"), *u;
	json_t *obj = json_object_get(r, "objective");
	size_t i;
	printf("scheduled %lld of %lld meetings in %lld slots; %zu left out; %lld published "
	       "meetings moved; breaks %lld (at most %lld for one participant); %lld requests "
	       "expired\n",
	       (long long)json_integer_value(json_object_get(r, "scheduled")),
	       (long long)json_integer_value(json_object_get(r, "meetings")),
	       (long long)json_integer_value(json_object_get(r, "slots")), json_array_size(left),
	       (long long)json_integer_value(json_object_get(r, "moved")),
	       (long long)json_integer_value(json_object_get(obj, "breaks")),
	       (long long)json_integer_value(json_object_get(obj, "max_breaks")),
	       (long long)json_integer_value(json_object_get(r, "expired")));
	json_array_foreach(left, i, u)
		printf("  meeting %lld: %s\n",
		       (long long)json_integer_value(json_object_get(u, "meeting")),
		       json_string_value(json_object_get(u, "reason")));
	if (pub)
		printf("published: %lld meetings in the final schedule\n",
		       (long long)json_integer_value(json_object_get(pub, "published")));
}

/* `roadshow schedule EVENT`: the programme's working schedule, and with publish its final. */
static int schedule_event(const char *db, long long id, long long seed, long long limit,
			  int publish)
{
	struct app app = {0};
	struct arena a = ARENA_INIT;
	struct app_error err;
	json_t *body = json_pack("{s:I, s:I}", "seed", (json_int_t)seed, "time_limit",
				 (json_int_t)(limit > 60 ? 60 : limit));
	json_t *r = NULL, *pub = NULL;
	int rc = 1;
	if (cli_open_app("schedule", db, &app)) {
		json_decref(body);
		return 1;
	}
	app_error_init(&err, &a);
	if (app_b2b_schedule(&app, &a, id, body, NULL, "cli", &r, &err) ||
	    (publish && app_b2b_publish(&app, &a, id, NULL, "cli", &pub, &err))) {
		cli_print_error("schedule", &err);
		if (r) /* the working schedule was made; publishing it failed */
			print_summary(r, NULL);
	} else {
		print_summary(r, pub);
		rc = 0;
	}
	json_decref(r);
	json_decref(pub);
	json_decref(body);
	arena_release(&a);
	app_close(&app);
	return rc;
}

int cmd_schedule(int argc, char **argv)
{
	const char *file = NULL, *out = NULL, *seed_s = "1", *limit_s = "5", *lp_file = NULL,
		   *iter_s = "0", *db = cli_default_db();
	int publish = 0;
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
		{"db", "PATH", "with EVENT: the database", &db, NULL},
		{"publish", NULL, "with EVENT: publish the schedule as the final one", NULL,
		 &publish},
		{0},
	};
	char *data = NULL, *pos[1] = {NULL}, *end = NULL;
	size_t len;
	struct arena a = ARENA_INIT;
	struct app_error err;
	json_error_t jerr;
	json_t *doc = NULL, *schedule = NULL;
	int rc = 1;

	int optrc = opt_parse("schedule", opts, argc, argv, pos, 0, 1);
	if (optrc < 0)
		return opt_exit(optrc);
	long long seed = number(seed_s, (long long)1 << 62), limit = number(limit_s, 86400);
	long long iterations = number(iter_s, 1000000000000LL);
	long long event =
		pos[0] && *pos[0] >= '1' && *pos[0] <= '9' ? strtoll(pos[0], &end, 10) : 0;
	if (!file == !pos[0] || (pos[0] && (!event || *end)) || seed < 0 || limit < 0 ||
	    iterations < 0 || (file && publish)) {
		fprintf(stderr,
			"roadshow schedule: give a programme's id (EVENT) or --instance FILE; "
			"--seed, --time-limit and --iterations are whole numbers; --publish goes "
			"with EVENT\n");
		cmd_usage_by_name("schedule", opts, stderr);
		return 2;
	}
	if (event)
		return schedule_event(db, event, seed, limit, publish);
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
