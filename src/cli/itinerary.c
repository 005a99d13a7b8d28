/* itinerary.c - `roadshow itinerary DELEGATION`: the day view on a terminal, the checks
 * (--check exits 1 when any finding is an error) and the iCalendar file (--ics FILE). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/app.h"
#include "cli.h"

/* The words the terminal view prints, per language (the web UI has its own catalogues). */
struct words {
	const char *weekdays[7];
	const char *home, *errors, *warnings, *error, *warning, *no_items, *everyone;
};
static const struct words ko = {
	{"일", "월", "화", "수", "목", "금", "토"},
	"본국 시간대",
	"오류",
	"경고",
	"오류",
	"경고",
	"일정이 없습니다",
	"전원",
};
static const struct words en = {
	{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},
	"home time zone",
	"errors",
	"warnings",
	"error",
	"warning",
	"no itinerary items",
	"everyone",
};

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

/* The Korean or English form of o's key ("title" → title_ko / title_en), the other when
 * the one asked for is empty. */
static const char *pick(json_t *o, const char *key, int english)
{
	char k[64];
	snprintf(k, sizeof(k), "%s_%s", key, english ? "en" : "ko");
	const char *s = str(o, k);
	if (!*s) {
		snprintf(k, sizeof(k), "%s_%s", key, english ? "ko" : "en");
		s = str(o, k);
	}
	return s;
}

static void print_finding(FILE *f, json_t *fd, const struct words *w, int english,
			  const char *indent)
{
	int error = !strcmp(str(fd, "severity"), "error");
	json_t *m;
	size_t i;
	fprintf(f, "%s%s %s [%s] %s", indent, error ? "!" : "~", error ? w->error : w->warning,
		str(fd, "code"), pick(fd, "message", english));
	/* whom it concerns; a finding of the whole trip names nobody */
	json_array_foreach(json_object_get(fd, "members"), i, m)
		fprintf(f, "%s%s", i ? ", " : " — ", pick(m, "name", english));
	fputc('\n', f);
}

static void print_item(FILE *f, json_t *it, const struct words *w, int english)
{
	json_t *place = json_object_get(it, "place"), *to = json_object_get(it, "to_place");
	json_t *fd;
	size_t i;
	fprintf(f, "  %s – %s  %-8s %s", str(json_object_get(it, "start"), "label"),
		str(json_object_get(it, "end"), "label"), str(it, "kind"),
		pick(it, "title", english));
	if (json_is_object(place) && json_is_object(to))
		fprintf(f, "  (%s → %s)", pick(place, "name", english), pick(to, "name", english));
	else if (json_is_object(place))
		fprintf(f, "  @ %s", pick(place, "name", english));
	if (!strcmp(str(it, "status"), "cancelled"))
		fprintf(f, "  [cancelled]");
	fputc('\n', f);
	json_array_foreach(json_object_get(it, "findings"), i, fd)
		print_finding(f, fd, w, english, "      ");
}

static void print_view(FILE *f, json_t *v, const struct words *w, int english)
{
	json_t *trip = json_object_get(v, "trip"), *member = json_object_get(v, "member");
	json_t *day, *it, *fd;
	size_t i, k;
	fprintf(f, "%s", pick(v, "title", english));
	if (json_is_object(trip))
		fprintf(f, " — %s (%s ~ %s)", english ? str(trip, "label_en") : str(trip, "label"),
			str(trip, "first_date"), str(trip, "last_date"));
	fprintf(f, "\n%s: %s\n", w->home, str(v, "home_timezone"));
	if (json_is_object(member))
		fprintf(f, "%s (%s)\n", pick(member, "name", english), str(member, "role"));
	if (!json_array_size(json_object_get(v, "days")))
		fprintf(f, "\n%s\n", w->no_items);
	json_array_foreach(json_object_get(v, "days"), i, day)
	{
		json_int_t wd = json_integer_value(json_object_get(day, "weekday"));
		fprintf(f, "\n%s (%s)\n", str(day, "date"),
			w->weekdays[wd >= 0 && wd < 7 ? wd : 0]);
		json_array_foreach(json_object_get(day, "items"), k, it)
			print_item(f, it, w, english);
	}
	json_t *counts = json_object_get(v, "counts");
	fprintf(f, "\n%s %lld, %s %lld\n", w->errors,
		(long long)json_integer_value(json_object_get(counts, "errors")), w->warnings,
		(long long)json_integer_value(json_object_get(counts, "warnings")));
	json_array_foreach(json_object_get(v, "findings"), i, fd)
		print_finding(f, fd, w, english, "");
}

static int parse_id(const char *s, int64_t *id)
{
	char *end;
	errno = 0;
	long long v = s && *s >= '1' && *s <= '9' ? strtoll(s, &end, 10) : 0;
	if (!v || errno || *end)
		return -1;
	*id = v;
	return 0;
}

int cmd_itinerary(int argc, char **argv)
{
	const char *db = cli_default_db(), *member_s = NULL, *ics = NULL, *lang = "ko";
	int check = 0;
	const struct opt opts[] = {
		OPT_DB(db),
		{"member", "ID", "only this delegation member's items (a member id)", &member_s,
		 NULL},
		{"ics", "FILE", "write the itinerary as iCalendar to FILE (- for stdout)", &ics,
		 NULL},
		{"check", NULL, "print the findings only; exit 1 when any is an error", NULL,
		 &check},
		{"lang", "LANG", "ko (default) or en", &lang, NULL},
		{0},
	};
	char *pos[1];
	int64_t id, member = 0;
	struct app app = {0};
	struct arena a = ARENA_INIT;
	struct app_error err;
	struct strbuf buf = STRBUF_INIT;
	json_t *view = NULL;
	int rc = 1;

	int optrc = opt_parse("itinerary", opts, argc, argv, pos, 1, 1);
	if (optrc < 0)
		return opt_exit(optrc);
	if (parse_id(pos[0], &id) || (member_s && parse_id(member_s, &member)) ||
	    (strcmp(lang, "ko") && strcmp(lang, "en"))) {
		fprintf(stderr, "roadshow itinerary: DELEGATION and --member are ids (positive "
				"integers); --lang is ko or en\n");
		return 2;
	}
	const struct words *w = strcmp(lang, "en") ? &ko : &en;
	int english = w == &en;
	if (cli_open_app("itinerary", db, &app))
		return 1;
	app_error_init(&err, &a);
	if (ics) {
		if (app_itinerary_ics(&app, &a, id, member, NULL, &buf, &err))
			goto fail;
		if (cli_write_file("itinerary", ics, buf.buf, buf.len))
			goto done;
		rc = 0;
		goto done;
	}
	if ((check ? app_itinerary_findings : app_itinerary_view)(&app, &a, id, member, NULL, &view,
								  &err))
		goto fail;
	if (check) {
		json_t *fd, *counts = json_object_get(view, "counts");
		size_t i;
		json_array_foreach(json_object_get(view, "findings"), i, fd)
			print_finding(stdout, fd, w, english, "");
		printf("%s %lld, %s %lld\n", w->errors,
		       (long long)json_integer_value(json_object_get(counts, "errors")),
		       w->warnings,
		       (long long)json_integer_value(json_object_get(counts, "warnings")));
		rc = json_integer_value(json_object_get(counts, "errors")) ? 1 : 0;
	} else {
		print_view(stdout, view, w, english);
		rc = 0;
	}
	goto done;
fail:
	cli_print_error("itinerary", &err);
done:
	json_decref(view);
	strbuf_release(&buf);
	arena_release(&a);
	app_close(&app);
	return rc;
}
