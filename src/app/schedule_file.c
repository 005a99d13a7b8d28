/* schedule_file.c - the scheduler's instance file (docs/schedule-format.md): read into core's
 * plain arrays, solved, and the schedule written back, with ids as the file gives them. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/schedule.h"
#include "../export/schedule_lp.h"
#include "app.h"

/* What the file's names become: indices into core's arrays, found through a JSON object
 * (jansson's hash table) so that a national event's 35,000 ids stay quick to look up. */
struct names {
	const char **v;
	size_t n, cap;
	json_t *map; /* name → index; owned, released by names_release */
};

static int name_index(const struct names *ns, const char *s)
{
	json_t *i = s && ns->map ? json_object_get(ns->map, s) : NULL;
	return i ? (int)json_integer_value(i) : -1;
}

static void names_release(struct names *ns)
{
	json_decref(ns->map);
	ns->map = NULL;
}

static int name_add(struct arena *a, struct names *ns, const char *s)
{
	int i = name_index(ns, s);
	if (i >= 0)
		return i;
	if (!ns->map && !(ns->map = json_object()))
		return -1;
	if (ns->n == ns->cap) {
		size_t nc = ns->cap ? ns->cap * 2 : 16;
		const char **nv = arena_alloc(a, nc * sizeof(*nv));
		if (!nv)
			return -1;
		if (ns->n)
			memcpy(nv, ns->v, ns->n * sizeof(*nv));
		ns->v = nv, ns->cap = nc;
	}
	ns->v[ns->n] = s;
	if (json_object_set_new(ns->map, s, json_integer((json_int_t)ns->n)))
		return -1;
	return (int)ns->n++;
}

struct reader {
	struct arena *a;
	struct app_error *err;
	json_t *doc;
	struct sched_instance in;
	json_int_t *slot_ids; /* per slot index */
	struct names venues, participants, languages, meeting_names;
	const char **interpreter_ids, **meeting_ids;
};

static int bad(struct reader *r, const char *where, const char *code, const char *message)
{
	if (!r->err->nerrors)
		app_fail(r->err, 422, "invalid_instance", "the instance file is not valid");
	app_field_error(r->err, where, code, message);
	return -1;
}

static json_t *array_at(struct reader *r, json_t *o, const char *key, int required)
{
	json_t *v = json_object_get(o, key);
	if (!v && !required)
		return NULL;
	if (!json_is_array(v)) {
		bad(r, key, "invalid_type", "must be an array");
		return NULL;
	}
	return v;
}

static int slot_index(const struct reader *r, json_t *id)
{
	if (!json_is_integer(id))
		return -1;
	for (size_t i = 0; i < r->in.nslots; i++)
		if (r->slot_ids[i] == json_integer_value(id))
			return (int)i;
	return -1;
}

/* A list of slot ids as nslots flags; NULL for a key left out. */
static int slot_flags(struct reader *r, json_t *o, const char *key, const char *where,
		      const uint8_t **out)
{
	json_t *list = json_object_get(o, key), *v;
	size_t i;
	*out = NULL;
	if (!list || json_is_null(list))
		return 0;
	if (!json_is_array(list))
		return bad(r, arena_printf(r->a, "%s.%s", where, key), "invalid_type",
			   "must be an array of slot ids");
	uint8_t *f = arena_alloc(r->a, r->in.nslots + 1);
	if (!f)
		return bad(r, where, "too_large", "out of memory");
	json_array_foreach(list, i, v)
	{
		int s = slot_index(r, v);
		if (s < 0)
			return bad(r, arena_printf(r->a, "%s.%s[%zu]", where, key, i),
				   "unknown_slot", "is not the id of a slot");
		f[s] = 1;
	}
	*out = f;
	return 0;
}

/* Slot objects by their id. */
static int by_id(const void *x, const void *y)
{
	json_int_t a = json_integer_value(json_object_get(*(json_t *const *)x, "id"));
	json_int_t b = json_integer_value(json_object_get(*(json_t *const *)y, "id"));
	return (a > b) - (a < b);
}

static int read_slots(struct reader *r)
{
	json_t *list = array_at(r, r->doc, "slots", 1), *s;
	size_t n, i;
	if (!list)
		return -1;
	n = json_array_size(list);
	if (!n)
		return bad(r, "slots", "required", "must list at least one slot");
	json_t **sorted = arena_alloc(r->a, n * sizeof(*sorted));
	int *session = arena_alloc(r->a, n * sizeof(int));
	r->slot_ids = arena_alloc(r->a, n * sizeof(*r->slot_ids));
	if (!sorted || !session || !r->slot_ids)
		return bad(r, "slots", "too_large", "out of memory");
	json_array_foreach(list, i, s)
	{
		if (!json_is_integer(json_object_get(s, "id")) ||
		    !json_is_integer(json_object_get(s, "session")))
			return bad(r, arena_printf(r->a, "slots[%zu]", i), "invalid_type",
				   "needs an integer id and session");
		sorted[i] = s;
	}
	/* slots are numbered in id order */
	qsort(sorted, n, sizeof(*sorted), by_id);
	for (i = 0; i < n; i++) {
		r->slot_ids[i] = json_integer_value(json_object_get(sorted[i], "id"));
		session[i] = (int)json_integer_value(json_object_get(sorted[i], "session"));
		if (i && r->slot_ids[i] == r->slot_ids[i - 1])
			return bad(r, "slots", "duplicate", "two slots have one id");
	}
	/* a session's slots are consecutive: once left, a session does not come back */
	for (i = 1; i < n; i++)
		for (size_t k = 0; k + 1 < i; k++)
			if (session[k] == session[i] && session[i - 1] != session[i])
				return bad(
					r, "slots", "not_consecutive",
					"the slots of a session must be consecutive in id order");
	r->in.nslots = n;
	r->in.session = session;
	return 0;
}

static int read_venues(struct reader *r)
{
	json_t *list = array_at(r, r->doc, "venues", 0), *v, *w;
	size_t i;
	if (r->err->nerrors)
		return -1;
	json_array_foreach(list, i, v)
	{
		if (!json_is_string(v) || name_index(&r->venues, json_string_value(v)) >= 0)
			return bad(r, arena_printf(r->a, "venues[%zu]", i), "invalid_type",
				   "must be a venue name, once");
		name_add(r->a, &r->venues, json_string_value(v));
	}
	r->in.nvenues = r->venues.n;
	json_t *walks = array_at(r, r->doc, "walk", 0);
	if (!walks)
		return r->err->nerrors ? -1 : 0;
	int *m = arena_alloc(r->a, (r->venues.n * r->venues.n + 1) * sizeof(int));
	if (!m)
		return bad(r, "walk", "too_large", "out of memory");
	json_array_foreach(walks, i, w)
	{
		int from = name_index(&r->venues, json_string_value(json_object_get(w, "from")));
		int to = name_index(&r->venues, json_string_value(json_object_get(w, "to")));
		json_t *slots = json_object_get(w, "slots");
		if (from < 0 || to < 0 || !json_is_integer(slots) ||
		    json_integer_value(slots) < 0 ||
		    json_integer_value(slots) > (json_int_t)r->in.nslots)
			return bad(r, arena_printf(r->a, "walk[%zu]", i), "invalid_walk",
				   "needs from and to (venues) and slots (0 or more)");
		/* walking is the same both ways */
		m[(size_t)from * r->venues.n + (size_t)to] = (int)json_integer_value(slots);
		m[(size_t)to * r->venues.n + (size_t)from] = (int)json_integer_value(slots);
	}
	r->in.walk = m;
	return 0;
}

static int language_bits(struct reader *r, json_t *list, const char *where, uint64_t *bits)
{
	json_t *l;
	size_t i;
	*bits = 0;
	if (!list)
		return 0;
	if (!json_is_array(list))
		return bad(r, where, "invalid_type", "must be an array of languages");
	json_array_foreach(list, i, l)
	{
		int k = json_is_string(l) ? name_add(r->a, &r->languages, json_string_value(l))
					  : -1;
		if (k < 0 || k >= SCHED_MAX_LANGUAGES)
			return bad(r, where, "invalid_language",
				   "at most 64 languages, as strings");
		*bits |= 1ULL << k;
	}
	return 0;
}

static int read_participants(struct reader *r)
{
	json_t *list = array_at(r, r->doc, "participants", 1), *p;
	size_t i, n = json_array_size(list);
	struct sched_participant *ps = arena_alloc(r->a, (n + 1) * sizeof(*ps));
	if (!list || !ps)
		return -1;
	json_array_foreach(list, i, p)
	{
		const char *where = arena_printf(r->a, "participants[%zu]", i);
		const char *id = json_string_value(json_object_get(p, "id"));
		json_t *tables = json_object_get(p, "tables"), *cap = json_object_get(p, "cap");
		json_t *venue = json_object_get(p, "venue");
		if (!id || name_index(&r->participants, id) >= 0)
			return bad(r, where, "invalid_id", "needs a string id, unique");
		name_add(r->a, &r->participants, id);
		ps[i] = (struct sched_participant){.cap = -1, .venue = -1};
		if (tables && (!json_is_integer(tables) || json_integer_value(tables) < 0 ||
			       json_integer_value(tables) > 1000))
			return bad(r, where, "invalid_tables", "tables is an integer 0..1000");
		ps[i].tables = tables ? (int)json_integer_value(tables) : 0;
		if (cap && !json_is_null(cap) &&
		    (!json_is_integer(cap) || json_integer_value(cap) < 0 ||
		     json_integer_value(cap) > 100000))
			return bad(r, where, "invalid_cap", "cap is an integer 0 or more");
		if (cap && json_is_integer(cap))
			ps[i].cap = (int)json_integer_value(cap);
		if (venue && !json_is_null(venue) &&
		    (ps[i].venue = name_index(&r->venues, json_string_value(venue))) < 0)
			return bad(r, where, "unknown_venue", "venue is not one of venues");
		if (language_bits(r, json_object_get(p, "languages"), where, &ps[i].languages) ||
		    slot_flags(r, p, "available", where, &ps[i].available))
			return -1;
	}
	r->in.participants = ps;
	r->in.nparticipants = n;
	return 0;
}

static int read_interpreters(struct reader *r)
{
	json_t *list = array_at(r, r->doc, "interpreters", 0), *ip, *pair;
	size_t i, k, n = json_array_size(list);
	if (r->err->nerrors)
		return -1;
	struct sched_interpreter *is = arena_alloc(r->a, (n + 1) * sizeof(*is));
	r->interpreter_ids = arena_alloc(r->a, (n + 1) * sizeof(*r->interpreter_ids));
	if (!is || !r->interpreter_ids)
		return -1;
	json_array_foreach(list, i, ip)
	{
		const char *where = arena_printf(r->a, "interpreters[%zu]", i);
		const char *id = json_string_value(json_object_get(ip, "id"));
		json_t *langs = json_object_get(ip, "languages");
		if (!id || !json_is_array(langs))
			return bad(r, where, "invalid_type",
				   "needs an id and languages (\"ko-en\")");
		for (size_t j = 0; j < i; j++)
			if (!strcmp(r->interpreter_ids[j], id))
				return bad(r, where, "duplicate", "two interpreters have one id");
		int(*pairs)[2] = arena_alloc(r->a, (json_array_size(langs) + 1) * sizeof(*pairs));
		if (!pairs)
			return -1;
		json_array_foreach(langs, k, pair)
		{
			const char *s = json_string_value(pair), *dash = s ? strchr(s, '-') : NULL;
			if (!dash || dash == s || !dash[1])
				return bad(r, where, "invalid_language",
					   "a language pair is written \"ko-en\"");
			pairs[k][0] = name_add(r->a, &r->languages,
					       arena_strndup(r->a, s, (size_t)(dash - s)));
			pairs[k][1] = name_add(r->a, &r->languages, dash + 1);
		}
		is[i] = (struct sched_interpreter){.pairs = (const int(*)[2])pairs,
						   .npairs = json_array_size(langs)};
		r->interpreter_ids[i] = id;
		if (slot_flags(r, ip, "available", where, &is[i].available))
			return -1;
	}
	r->in.interpreters = is;
	r->in.ninterpreters = n;
	return 0;
}

static int read_meetings(struct reader *r)
{
	json_t *list = array_at(r, r->doc, "meetings", 1), *m;
	size_t i, n = json_array_size(list);
	struct sched_meeting *ms = arena_alloc(r->a, (n + 1) * sizeof(*ms));
	r->meeting_ids = arena_alloc(r->a, (n + 1) * sizeof(*r->meeting_ids));
	if (!list || !ms || !r->meeting_ids)
		return -1;
	json_array_foreach(list, i, m)
	{
		const char *where = arena_printf(r->a, "meetings[%zu]", i);
		const char *id = json_string_value(json_object_get(m, "id"));
		int a = name_index(&r->participants, json_string_value(json_object_get(m, "a")));
		int b = name_index(&r->participants, json_string_value(json_object_get(m, "b")));
		json_t *weight = json_object_get(m, "weight"),
		       *pinned = json_object_get(m, "pinned"),
		       *previous = json_object_get(m, "previous");
		if (!id)
			return bad(r, where, "invalid_id", "needs a string id");
		if (name_add(r->a, &r->meeting_names, id) != (int)i)
			return bad(r, where, "duplicate", "two meetings have one id");
		if (a < 0 || b < 0 || a == b)
			return bad(r, where, "unknown_participant",
				   "a and b are two different participants' ids");
		if (weight && (!json_is_integer(weight) || json_integer_value(weight) < 0 ||
			       json_integer_value(weight) > 1000000))
			return bad(r, where, "invalid_weight", "weight is an integer 0..1000000");
		ms[i] = (struct sched_meeting){.a = a,
					       .b = b,
					       .weight =
						       weight ? (int)json_integer_value(weight) : 1,
					       .pinned = -1,
					       .previous = -1};
		if (pinned && !json_is_null(pinned) && (ms[i].pinned = slot_index(r, pinned)) < 0)
			return bad(r, where, "unknown_slot", "pinned is a slot id or null");
		/* where a published schedule had it: rescheduling moves as few as it can */
		if (previous && !json_is_null(previous) &&
		    (ms[i].previous = slot_index(r, previous)) < 0)
			return bad(r, arena_printf(r->a, "%s.previous", where), "unknown_slot",
				   "previous is a slot id or null");
		r->meeting_ids[i] = id;
		if (slot_flags(r, m, "slots", where, &ms[i].allowed))
			return -1;
	}
	r->in.meetings = ms;
	r->in.nmeetings = n;
	return 0;
}

static int read_instance(struct reader *r)
{
	json_t *pool = json_object_get(r->doc, "pool_tables");
	json_t *fair = json_object_get(r->doc, "fairness");
	if (!json_is_object(r->doc))
		return app_fail(r->err, 422, "invalid_instance", "the instance is a JSON object");
	if (pool && (!json_is_integer(pool) || json_integer_value(pool) < 0 ||
		     json_integer_value(pool) > 100000))
		return bad(r, "pool_tables", "invalid_type", "is an integer 0 or more");
	if (fair && !json_is_null(fair) &&
	    (!json_is_integer(fair) || json_integer_value(fair) < 0 ||
	     json_integer_value(fair) > 100000))
		return bad(r, "fairness", "invalid_type", "is an integer 0 or more, or null");
	r->in.pool_tables = pool ? (int)json_integer_value(pool) : 0;
	r->in.fairness = fair && json_is_integer(fair) ? (int)json_integer_value(fair) : -1;
	return read_slots(r) || read_venues(r) || read_participants(r) || read_interpreters(r) ||
	       read_meetings(r);
}

static json_t *schedule_json(const struct reader *r, const struct sched_result *res)
{
	json_t *assigned = json_array(), *left = json_array();
	for (size_t m = 0; m < r->in.nmeetings; m++) {
		if (res->slot[m] < 0) {
			json_array_append_new(left, json_pack("{s:s, s:s}", "meeting",
							      r->meeting_ids[m], "reason",
							      sched_reason_name(res->reason[m])));
			continue;
		}
		json_array_append_new(
			assigned,
			json_pack("{s:s, s:I, s:i, s:o}", "meeting", r->meeting_ids[m], "slot",
				  r->slot_ids[res->slot[m]], "table", res->table[m], "interpreter",
				  res->interpreter[m] >= 0
					  ? json_string(r->interpreter_ids[res->interpreter[m]])
					  : json_null()));
	}
	return json_pack("{s:o, s:o, s:{s:I, s:I, s:I, s:I, s:b}}", "assignments", assigned,
			 "unscheduled", left, "objective", "weight", (json_int_t)res->weight,
			 "moved", (json_int_t)res->moved, "breaks", (json_int_t)res->breaks,
			 "max_breaks", (json_int_t)res->max_breaks, "breaks_proven",
			 res->breaks_proven);
}

static long monotonic_ms(void *ctx)
{
	(void)ctx;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int app_schedule_file(struct arena *a, json_t *instance, const struct sched_options *given,
		      struct strbuf *lp, json_t **out, struct app_error *err)
{
	struct reader r = {.a = a, .err = err, .doc = instance};
	struct sched_result res;
	struct sched_options opt = *given;
	opt.clock_ms = monotonic_ms;
	int rc = -1;
	*out = NULL;
	if (read_instance(&r))
		goto done;
	if (lp)
		schedule_lp(&r.in, lp);
	if (sched_solve(&r.in, &opt, a, &res)) {
		app_fail(err, 422, "invalid_instance", "the instance is inconsistent");
		goto done;
	}
	*out = schedule_json(&r, &res);
	rc = 0;
done:
	names_release(&r.venues);
	names_release(&r.participants);
	names_release(&r.languages);
	names_release(&r.meeting_names);
	return rc;
}
