/* rules.c - what a resource's descriptor cannot say about a row: the rules that need other
 * rows (a meeting is hosted at an exhibitor's booth; one request per pair of companies).
 * row_from_json asks them of every row it has validated, through the one table below. */
#include <string.h>

#include "../store/store.h"
#include "app.h"
#include "rowjson.h"

static int invalid(struct app_error *err, const char *field, const char *code, const char *message)
{
	app_fail(err, 422, "validation_failed", "one or more fields are invalid");
	app_field_error(err, field, code, message);
	return -1;
}

/* Participant id of a B2B row, read whole; a participant that is gone fails as a reference. */
static int participant(struct app *app, struct arena *a, int64_t id, struct row *out,
		       struct app_error *err)
{
	int se = store_get(app_store(app), entity_find("b2b_participants"), id, a, out);
	return se ? app_store_fail(app, err, se, NULL) : 0;
}

static int is_kind(const struct row *p, const char *kind)
{
	const char *k = row_text(entity_find("b2b_participants"), p, "kind");
	return k && !strcmp(k, kind);
}

/* A participant's company for the one-request-per-pair rule: its organization, or the
 * participant itself when it names none (its own negative id keeps the two apart). */
static int64_t company_of(const struct row *p)
{
	int64_t org = row_int(entity_find("b2b_participants"), p, "organization_id");
	return org ? org : -p->id;
}

static int is_live(const struct entity *re, const struct row *r)
{
	const char *s = row_text(re, r, "status");
	return s && (!strcmp(s, "pending") || !strcmp(s, "accepted"));
}

/* Whether a live request other than self joins a participant of company `mine` (the
 * participants ps) with one of company `theirs`, in either direction. */
static int pair_taken(struct app *app, struct arena *a, const struct row *ps, size_t n,
		      int64_t theirs, int64_t self, int64_t *found, struct app_error *err)
{
	const struct entity *re = entity_find("b2b_requests");
	static const char *const sides[2][2] = {{"from_id", "to_id"}, {"to_id", "from_id"}};
	for (size_t i = 0; i < n; i++)
		for (int s = 0; s < 2; s++) {
			struct row *rs;
			size_t nr;
			if (app_rows_of(app, a, re, sides[s][0], ps[i].id, NULL, &rs, &nr, err))
				return -1;
			for (size_t k = 0; k < nr; k++) {
				struct row other;
				if (rs[k].id == self || !is_live(re, &rs[k]))
					continue;
				if (participant(app, a, row_int(re, &rs[k], sides[s][1]), &other,
						err))
					return -1;
				if (company_of(&other) == theirs) {
					*found = rs[k].id;
					return 1;
				}
			}
		}
	return 0;
}

/* A request: between two participants who take meetings, one of them an exhibitor (meetings
 * are at a booth), and the only live one between their two companies — two people of one
 * buyer never both ask the same exhibitor. */
static int request_rules(struct app *app, struct arena *a, const struct entity *e,
			 const struct row *r, struct app_error *err)
{
	struct row from, to;
	if (participant(app, a, row_int(e, r, "from_id"), &from, err) ||
	    participant(app, a, row_int(e, r, "to_id"), &to, err))
		return -1;
	if (is_kind(&from, "interpreter"))
		return invalid(err, "from_id", "is_interpreter",
			       "an interpreter neither asks for meetings nor takes them");
	if (is_kind(&to, "interpreter"))
		return invalid(err, "to_id", "is_interpreter",
			       "an interpreter neither asks for meetings nor takes them");
	if (!is_kind(&from, "exhibitor") && !is_kind(&to, "exhibitor"))
		return invalid(err, "to_id", "no_exhibitor",
			       "one side must be an exhibitor: meetings take place at a booth");
	if (!is_live(e, r))
		return 0;
	/* the requests of every participant of the asking company */
	const struct entity *pe = entity_find("b2b_participants");
	struct row *ps = &from;
	size_t n = 1;
	int64_t mine = company_of(&from), found = 0;
	if (mine > 0 && app_rows_of(app, a, pe, "organization_id", mine, NULL, &ps, &n, err))
		return -1;
	int taken = pair_taken(app, a, ps, n, company_of(&to), r->id, &found, err);
	if (taken < 0)
		return -1;
	if (taken) {
		app_fail(err, 409, "duplicate_request",
			 arena_printf(err->arena,
				      "request %lld already joins these two companies: one "
				      "request per pair",
				      (long long)found));
		app_field_error(err, "to_id", "duplicate_pair",
				"someone of the same company already asked this company, or was "
				"asked by it");
		return -1;
	}
	return 0;
}

/* A meeting: at the booth of an exhibitor, with a visitor who is no interpreter. */
static int meeting_rules(struct app *app, struct arena *a, const struct entity *e,
			 const struct row *r, struct app_error *err)
{
	struct row host, visitor;
	if (participant(app, a, row_int(e, r, "host_id"), &host, err) ||
	    participant(app, a, row_int(e, r, "visitor_id"), &visitor, err))
		return -1;
	if (!is_kind(&host, "exhibitor"))
		return invalid(err, "host_id", "not_exhibitor",
			       "a meeting takes place at an exhibitor's booth: the host is one");
	if (is_kind(&visitor, "interpreter"))
		return invalid(err, "visitor_id", "is_interpreter",
			       "an interpreter is assigned by the scheduler, not met");
	return 0;
}

/* A participant: an interpreter's languages are the pairs it interprets ("ko-en"). */
static int participant_rules(struct app *app, struct arena *a, const struct entity *e,
			     const struct row *r, struct app_error *err)
{
	(void)app;
	const char *langs = row_text(e, r, "languages");
	if (!is_kind(r, "interpreter") || !langs)
		return 0;
	json_t *list = json_loads(langs, 0, NULL);
	size_t i;
	json_t *x;
	int rc = 0;
	json_array_foreach(list, i, x)
	{
		const char *s = json_string_value(x), *dash = s ? strchr(s, '-') : NULL;
		if (!dash || dash == s || !dash[1] || strchr(dash + 1, '-')) {
			rc = invalid(err, arena_printf(a, "languages[%zu]", i), "invalid_pair",
				     "an interpreter's languages are pairs such as ko-en");
			break;
		}
	}
	json_decref(list);
	return rc;
}

static const struct {
	const char *entity;
	int (*check)(struct app *app, struct arena *a, const struct entity *e, const struct row *r,
		     struct app_error *err);
} rules[] = {
	{"b2b_requests", request_rules},
	{"b2b_meetings", meeting_rules},
	{"b2b_participants", participant_rules},
};

int app_rules_check(struct app *app, struct arena *a, const struct entity *e, const struct row *r,
		    struct app_error *err)
{
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (!strcmp(rules[i].entity, e->name))
			return rules[i].check(app, a, e, r, err);
	return 0;
}
