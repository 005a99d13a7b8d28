/* rowjson.c - descriptor-driven JSON encoding and validation of rows. */
#include "rowjson.h"

#include <string.h>
#include <time.h>

#include "../core/check.h"
#include "../core/zone.h"
#include "../store/store.h"

struct row *row_new(struct arena *a, const struct entity *e)
{
	struct row *r = arena_alloc(a, sizeof(*r));
	r->v = arena_alloc(a, e->nfields * sizeof(*r->v));
	for (size_t i = 0; i < e->nfields; i++)
		r->v[i].null = 1;
	return r;
}

const char *app_now(struct arena *a)
{
	return app_time_from_now(a, 0);
}

const char *app_time_from_now(struct arena *a, long seconds)
{
	char buf[21];
	time_t t = time(NULL) + seconds;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return arena_strdup(a, buf);
}

static json_t *value_to_json(const struct field *f, const struct value *v)
{
	if (v->null)
		return json_null();
	switch (f->type) {
	case FT_REF:
	case FT_MONEY:
	case FT_INT: return json_integer(v->i);
	case FT_BOOL: return json_boolean(v->i);
	case FT_STRLIST: {
		json_t *list = json_loads(v->s, 0, NULL);
		return list ? list : json_array();
	}
	default: return json_string(v->s);
	}
}

json_t *row_to_json(const struct entity *e, const struct row *r)
{
	/* the keys are the descriptors' names, ASCII: not checked as UTF-8 again each time (a
	 * consultation's row took 22,700 instructions with the checks, 17,700 without) */
	json_t *o = json_object();
	json_object_set_new_nocheck(o, "id", json_integer(r->id));
	json_object_set_new_nocheck(o, "version", json_integer(r->version));
	for (size_t i = 0; i < e->nfields; i++)
		json_object_set_new_nocheck(o, e->fields[i].name,
					    value_to_json(&e->fields[i], &r->v[i]));
	json_object_set_new_nocheck(o, "created_at",
				    r->created_at ? json_string(r->created_at) : json_null());
	json_object_set_new_nocheck(o, "updated_at",
				    r->updated_at ? json_string(r->updated_at) : json_null());
	return o;
}

static int is_meta_key(const char *k)
{
	return k[0] == '_' || !strcmp(k, "id") || !strcmp(k, "version") ||
	       !strcmp(k, "created_at") || !strcmp(k, "updated_at");
}

/* Children and computed keys come back in a GET; a client that sends them back is ignored. */
static int is_child_key(const struct entity *e, const char *k)
{
	for (size_t i = 0; i < e->nchildren; i++)
		if (!strcmp(e->children[i].key, k))
			return 1;
	return e->computed && !strcmp(e->computed, k);
}

static enum check_code text_value(json_t *j, const struct field *f, int multiline)
{
	if (!json_is_string(j))
		return CHECK_TYPE;
	return check_text(json_string_value(j), json_string_length(j), f->max, multiline);
}

static int set_default(struct arena *a, const struct field *f, struct value *v)
{
	memset(v, 0, sizeof(*v));
	v->null = f->def == NULL;
	if (!f->def)
		return 0;
	if (field_is_integer(f->type))
		v->i = strtoll(f->def, NULL, 10);
	else
		v->s = arena_strdup(a, f->def);
	return 0;
}

/* Checks one JSON value against its field and stores it in v. */
static enum check_code read_value(struct app *app, struct arena *a, const struct field *f,
				  json_t *j, struct value *v)
{
	enum check_code c;
	char utc[21];

	memset(v, 0, sizeof(*v));
	v->present = 1;
	if (json_is_null(j)) {
		v->null = 1;
		if (f->def) /* null asks for the field's default */
			return set_default(a, f, v), CHECK_OK;
		return f->flags & FF_REQUIRED ? CHECK_REQUIRED : CHECK_OK;
	}
	switch (f->type) {
	case FT_TEXT:
		if ((c = text_value(j, f, f->flags & FF_MULTILINE)))
			return c;
		if ((f->flags & FF_REQUIRED) && json_string_length(j) == 0)
			return CHECK_REQUIRED; /* a name may not be blank */
		break;
	case FT_ENUM:
		if (!json_is_string(j))
			return CHECK_TYPE;
		if ((c = check_enum(json_string_value(j), f->values)))
			return c;
		break;
	case FT_DATE:
		if (!json_is_string(j))
			return CHECK_TYPE;
		if ((c = check_date(json_string_value(j))))
			return c;
		break;
	case FT_INSTANT:
		if (!json_is_string(j))
			return CHECK_TYPE;
		if ((c = check_instant(json_string_value(j), utc)))
			return c;
		v->s = arena_strdup(a, utc);
		return CHECK_OK;
	case FT_TZ:
		if (!json_is_string(j))
			return CHECK_TYPE;
		if (check_tz_shape(json_string_value(j)) || !zone_known(json_string_value(j)))
			return CHECK_TZ;
		break;
	case FT_COUNTRY:
		if (!json_is_string(j))
			return CHECK_TYPE;
		if ((c = check_country(json_string_value(j))))
			return c;
		break;
	case FT_EMAIL:
		if (!json_is_string(j))
			return CHECK_TYPE;
		if ((c = check_email(json_string_value(j))))
			return c;
		break;
	case FT_CURRENCY:
		if (!json_is_string(j))
			return CHECK_TYPE;
		if ((c = check_currency(json_string_value(j))))
			return c;
		break;
	case FT_DECIMAL:
		if (!json_is_string(j))
			return CHECK_TYPE;
		if ((c = check_decimal(json_string_value(j))))
			return c;
		break;
	case FT_MONEY:
		if (!json_is_integer(j))
			return CHECK_TYPE;
		v->i = json_integer_value(j);
		return v->i < 0 || v->i > MONEY_MAX ? CHECK_RANGE : CHECK_OK;
	case FT_BOOL:
		if (!json_is_boolean(j))
			return CHECK_TYPE;
		v->i = json_is_true(j);
		return CHECK_OK;
	case FT_INT:
		if (!json_is_integer(j))
			return CHECK_TYPE;
		v->i = json_integer_value(j);
		return v->i < 0 || v->i > f->max ? CHECK_RANGE : CHECK_OK;
	case FT_REF: {
		const struct entity *target = entity_find(f->ref);
		int exists = 0;
		if (!json_is_integer(j))
			return CHECK_TYPE;
		v->i = json_integer_value(j);
		if (v->i <= 0 || store_exists(app_store(app), target, v->i, &exists) || !exists)
			return CHECK_REFERENCE;
		return CHECK_OK;
	}
	case FT_STRLIST: {
		size_t i;
		json_t *item;
		if (!json_is_array(j))
			return CHECK_TYPE;
		if (json_array_size(j) > (size_t)f->max)
			return CHECK_TOO_MANY;
		json_array_foreach(j, i, item)
		{
			if (!json_is_string(item))
				return CHECK_TYPE;
			if ((c = check_text(json_string_value(item), json_string_length(item), 200,
					    0)))
				return c;
		}
		char *text = json_dumps(j, JSON_COMPACT);
		v->s = arena_strdup(a, text);
		free(text);
		return CHECK_OK;
	}
	}
	v->s = arena_strndup(a, json_string_value(j), json_string_length(j));
	return CHECK_OK;
}

/* A read-only field's value as a client sent it: well formed, and the one the row holds
 * (cur: the stored value, or the default of a new row), else CHECK_READ_ONLY. */
static enum check_code read_only_value(struct app *app, struct arena *a, const struct field *f,
				       json_t *j, const struct value *cur)
{
	struct value v;
	enum check_code c = read_value(app, a, f, j, &v); /* null asks for the default */
	if (c)
		return c;
	if (v.null)
		return cur->null ? CHECK_OK : CHECK_READ_ONLY;
	if (cur->null)
		return CHECK_READ_ONLY;
	if (field_is_integer(f->type))
		return v.i == cur->i ? CHECK_OK : CHECK_READ_ONLY;
	return !strcmp(v.s, cur->s) ? CHECK_OK : CHECK_READ_ONLY;
}

/* The value of e->same_via that field i of r leads to: its own value when it is that field,
 * else that field of the row it refers to. 0 when empty or unknown. */
static int64_t same_value(struct app *app, struct arena *a, const struct entity *e,
			  const struct row *r, int i)
{
	const struct value *v = &r->v[i];
	if (v->null)
		return 0;
	if (!strcmp(e->fields[i].name, e->same_via))
		return v->i;
	const struct entity *target = entity_find(e->fields[i].ref);
	int k = entity_field_index(target, e->same_via);
	struct value up;
	if (k < 0 ||
	    store_get_fields(app_store(app), target, v->i, (size_t[]){(size_t)k}, 1, a, &up) ||
	    up.null)
		return 0;
	return up.i;
}

/* The references of e->same must agree on e->same_via; the later one that does not is wrong. */
static void check_same(struct app *app, struct arena *a, const struct entity *e,
		       const struct row *r, struct app_error *err)
{
	int64_t first = 0;
	for (size_t s = 0; s < 4 && e->same[s]; s++) {
		int64_t v = same_value(app, a, e, r, entity_field_index(e, e->same[s]));
		if (v && first && v != first) {
			app_field_error(err, e->same[s], check_code_name(CHECK_ELSEWHERE),
					check_message(CHECK_ELSEWHERE));
			return;
		}
		if (v && !first)
			first = v;
	}
}

int row_from_json(struct app *app, struct arena *a, const struct entity *e, json_t *obj,
		  enum row_mode mode, struct row *r, struct app_error *err)
{
	const char *key;
	json_t *val;

	if (!json_is_object(obj))
		return app_fail(err, 400, "invalid_body", "the request body must be a JSON object");
	err->nerrors = 0;
	json_object_foreach(obj, key, val)
	{
		if (is_meta_key(key) || is_child_key(e, key))
			continue;
		if (entity_field_index(e, key) < 0)
			app_field_error(err, key, check_code_name(CHECK_UNKNOWN_FIELD),
					check_message(CHECK_UNKNOWN_FIELD));
	}
	int system = (int)mode & ROW_SYSTEM, company = (int)mode & ROW_COMPANY;
	mode = (enum row_mode)((int)mode & ~(ROW_SYSTEM | ROW_COMPANY));
	for (size_t i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		json_t *j = json_object_get(obj, f->name);
		enum check_code c = CHECK_OK;
		if (((f->flags & FF_READONLY) && !system) || ((f->flags & FF_STAFF) && company)) {
			/* Roadshow's (or staff's) to set: a client may send back the value it read,
			 * no other */
			if (mode == ROW_CREATE)
				set_default(a, f, &r->v[i]);
			if (j)
				c = read_only_value(app, a, f, j, &r->v[i]);
			if (c == CHECK_READ_ONLY && !(f->flags & FF_READONLY))
				c = CHECK_STAFF_ONLY;
			if (c)
				app_field_error(err, f->name, check_code_name(c), check_message(c));
			continue;
		}
		if (j)
			c = read_value(app, a, f, j, &r->v[i]);
		else if (mode != ROW_PATCH) {
			set_default(a, f, &r->v[i]);
			if (r->v[i].null && (f->flags & FF_REQUIRED))
				c = CHECK_REQUIRED;
		}
		if (c)
			app_field_error(err, f->name, check_code_name(c), check_message(c));
	}
	if (!err->nerrors && e->before && e->after) {
		const struct value *b = &r->v[entity_field_index(e, e->before)];
		const struct value *af = &r->v[entity_field_index(e, e->after)];
		if (!b->null && !af->null && strcmp(b->s, af->s) > 0)
			app_field_error(err, e->after, check_code_name(CHECK_ORDER),
					check_message(CHECK_ORDER));
	}
	if (!err->nerrors && e->distinct[0]) {
		const struct value *x = &r->v[entity_field_index(e, e->distinct[0])];
		const struct value *y = &r->v[entity_field_index(e, e->distinct[1])];
		if (!x->null && !y->null && x->i == y->i)
			app_field_error(err, e->distinct[1], check_code_name(CHECK_SAME),
					check_message(CHECK_SAME));
	}
	if (!err->nerrors && e->same[0])
		check_same(app, a, e, r, err);
	if (err->nerrors) {
		err->status = 422;
		err->code = "validation_failed";
		err->title = "Validation failed";
		err->detail = "one or more fields are invalid";
		return -1;
	}
	return app_rules_check(app, a, e, r, err);
}

/* The organization at the end of r's chain of references: e->owner's, or e->company's. */
static int chain_end(struct app *app, struct arena *a, const struct entity *e, const struct row *r,
		     int company, int64_t *org, struct app_error *err)
{
	/* up the links one field at a time: only the link of each row above is read */
	*org = 0;
	if (e->self_owned) {
		*org = r->id;
		return 0;
	}
	const char *link = company ? e->company : e->owner;
	if (!link)
		return 0;
	int idx = entity_field_index(e, link);
	struct value v = r->v[idx];
	while (!v.null) {
		const struct entity *up = entity_find(e->fields[idx].ref);
		if (up->self_owned) {
			*org = v.i;
			return 0;
		}
		e = up;
		if (!(link = company ? e->company : e->owner))
			return 0;
		idx = entity_field_index(e, link);
		int64_t id = v.i;
		int se = store_get_fields(app_store(app), e, id, (size_t[]){(size_t)idx}, 1, a, &v);
		if (se == STORE_NOT_FOUND)
			return 0;
		if (se)
			return app_store_fail(app, err, se, e);
	}
	return 0;
}

int app_owner_of(struct app *app, struct arena *a, const struct entity *e, const struct row *r,
		 int64_t *org, struct app_error *err)
{
	return chain_end(app, a, e, r, 0, org, err);
}

int app_company_of(struct app *app, struct arena *a, const struct entity *e, const struct row *r,
		   int64_t *org, struct app_error *err)
{
	if (!e->company) {
		*org = 0;
		return 0;
	}
	return chain_end(app, a, e, r, 1, org, err);
}

int app_store_fail(struct app *app, struct app_error *err, int store_err, const struct entity *e)
{
	switch ((enum store_err)store_err) {
	case STORE_NOT_FOUND: return app_fail(err, 404, "not_found", "no such record");
	case STORE_CONFLICT:
		return app_fail(err, 412, "version_mismatch",
				"the record was changed since you read it; reload and try again");
	case STORE_DUPLICATE:
		app_fail(err, 409, "duplicate", "a record with the same key already exists");
		for (size_t i = 0; e && i < 4 && e->unique[i]; i++)
			app_field_error(err, e->unique[i], check_code_name(CHECK_DUPLICATE),
					check_message(CHECK_DUPLICATE));
		return -1;
	case STORE_REFERENCED:
		return app_fail(err, 409, "referenced",
				"other records still refer to this one; remove them first");
	case STORE_BAD_REF:
		return app_fail(err, 422, "unknown_reference", "a reference points at no record");
	default:
		fprintf(stderr, "store error: %s\n", store_errmsg(app_store(app)));
		return app_fail(err, 500, "internal", "the database failed; nothing was changed");
	}
}

int app_insert_locked(struct app *app, struct arena *a, const struct entity *e, json_t *obj,
		      int keep_id, const struct app_grant *g, int64_t *id, struct row *stored,
		      struct app_error *err)
{
	struct row *r = row_new(a, e);
	/* a trusted caller (import, the demo loader) also sets the fields Roadshow keeps */
	enum row_mode mode = g ? ROW_CREATE : (enum row_mode)(ROW_CREATE | ROW_SYSTEM);
	if (g && g->company_org)
		mode = (enum row_mode)(mode | ROW_COMPANY);
	if (row_from_json(app, a, e, obj, mode, r, err) || app_grant_row(app, a, g, e, r, 403, err))
		return -1;
	if (keep_id) {
		json_t *jid = json_object_get(obj, "id");
		if (json_is_integer(jid) && json_integer_value(jid) > 0)
			r->id = json_integer_value(jid);
	}
	r->version = 1;
	r->created_at = r->updated_at = app_now(a);
	int se = store_insert(app_store(app), e, r, id, a, stored);
	return se ? app_store_fail(app, err, se, e) : 0;
}

const char *row_text(const struct entity *e, const struct row *r, const char *name)
{
	const struct value *v = &r->v[entity_field_index(e, name)];
	return v->null ? NULL : v->s;
}

int64_t row_int(const struct entity *e, const struct row *r, const char *name)
{
	const struct value *v = &r->v[entity_field_index(e, name)];
	return v->null ? 0 : v->i;
}

int app_rows_of(struct app *app, struct arena *a, const struct entity *e, const char *fk,
		int64_t id, const char *sort, struct row **rows, size_t *n, struct app_error *err)
{
	struct store_filter flt = {.field = entity_field_index(e, fk), .num = id};
	struct store_query q = {.filters = &flt,
				.nfilters = 1,
				.sort = sort ? entity_field_index(e, sort) : -1,
				.limit = APP_CHILDREN_MAX};
	int se = store_list(app_store(app), e, &q, a, rows, n);
	return se ? app_store_fail(app, err, se, e) : 0;
}

json_t *row_field_json(const struct entity *e, const struct row *r, const char *name)
{
	int i = entity_field_index(e, name);
	return value_to_json(&e->fields[i], &r->v[i]);
}

json_t *row_pick(const struct entity *e, const struct row *r, const char *names)
{
	json_t *o = json_object();
	while (*names) {
		size_t n = strcspn(names, " ");
		char name[64];
		if (n < sizeof(name)) {
			memcpy(name, names, n);
			name[n] = '\0';
			json_object_set_new(o, name, row_field_json(e, r, name));
		}
		names += n + (names[n] == ' ');
	}
	return o;
}

json_t *app_pick_ref(struct app *app, struct arena *a, const char *name, int64_t id,
		     const char *fields)
{
	const struct entity *e = entity_find(name);
	struct row r;
	if (!id || store_get(app_store(app), e, id, a, &r))
		return json_null();
	return row_pick(e, &r, fields);
}
