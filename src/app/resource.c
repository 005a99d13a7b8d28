/* resource.c - the generic use cases every resource has: list, get, create, update, delete. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "../core/check.h"
#include "../store/store.h"
#include "app.h"
#include "rowjson.h"

/* Labels of referenced rows, looked up once per request. */
struct label_cache {
	struct label_cache *next;
	const struct entity *e;
	int64_t id;
	json_t *label; /* borrowed by callers; freed with the cache */
};

static void label_cache_free(struct label_cache *c)
{
	for (; c; c = c->next)
		json_decref(c->label);
}

static json_t *ref_label(struct app *app, struct arena *a, struct label_cache **cache,
			 const struct entity *e, int64_t id)
{
	for (struct label_cache *c = *cache; c; c = c->next)
		if (c->e == e && c->id == id)
			return c->label;
	json_t *label = json_pack("{s:I}", "id", (json_int_t)id);
	struct value v[2];
	if (e->title_ko && !store_get_fields(app_store(app), e, id,
					     (size_t[]){(size_t)entity_field_index(e, e->title_ko),
							(size_t)entity_field_index(e, e->title_en)},
					     2, a, v)) {
		json_object_set_new(label, "label_ko",
				    v[0].null ? json_null() : json_string(v[0].s));
		json_object_set_new(label, "label_en",
				    v[1].null ? json_null() : json_string(v[1].s));
	}
	struct label_cache *c = arena_alloc(a, sizeof(*c));
	*c = (struct label_cache){*cache, e, id, label};
	*cache = c;
	return label;
}

/* row_to_json plus "_refs": the labels of the rows each reference points at. o, when not
 * NULL, is row_to_json's already (taken over). */
static json_t *row_json_with_refs(struct app *app, struct arena *a, struct label_cache **cache,
				  const struct entity *e, const struct row *r, json_t *o)
{
	json_t *refs = json_object();
	if (!o)
		o = row_to_json(e, r);
	for (size_t i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		if (f->type != FT_REF || r->v[i].null)
			continue;
		json_object_set(refs, f->name,
				ref_label(app, a, cache, entity_find(f->ref), r->v[i].i));
	}
	json_object_set_new(o, "_refs", refs);
	return o;
}

static int bad_param(struct app_error *err, const char *name, const char *code, const char *msg)
{
	app_fail(err, 400, "invalid_parameter", "a query parameter is invalid");
	app_field_error(err, name, code, msg);
	return -1;
}

static char *cursor_encode(struct arena *a, const struct store_query *q, const char *key,
			   int64_t id)
{
	json_t *c = json_pack("[i, b, s?, I]", q->sort, q->descending, key, (json_int_t)id);
	char *text = json_dumps(c, JSON_COMPACT);
	json_decref(c);
	size_t len = strlen(text);
	size_t outlen = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = arena_alloc(a, outlen);
	sodium_bin2base64(out, outlen, (const unsigned char *)text, len,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	free(text);
	return out;
}

static int cursor_decode(struct arena *a, const char *s, struct store_query *q)
{
	size_t len = strlen(s), binlen;
	if (len > 1024)
		return -1;
	unsigned char *bin = arena_alloc(a, len + 1);
	if (sodium_base642bin(bin, len, s, len, NULL, &binlen, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING))
		return -1;
	json_t *c = json_loadb((const char *)bin, binlen, 0, NULL);
	json_t *jsort = json_array_get(c, 0), *jdesc = json_array_get(c, 1);
	json_t *jkey = json_array_get(c, 2), *jid = json_array_get(c, 3);
	int rc = -1;
	/* [sort field index, descending, sort key of the last row (null by id), last id] */
	if (json_array_size(c) == 4 && json_is_integer(jsort) && json_is_boolean(jdesc) &&
	    json_is_integer(jid) && json_integer_value(jsort) == q->sort &&
	    json_is_true(jdesc) == q->descending &&
	    (q->sort < 0 ? json_is_null(jkey) : json_is_string(jkey))) {
		q->has_after = 1;
		q->after_key = q->sort < 0 ? NULL : arena_strdup(a, json_string_value(jkey));
		q->after_id = json_integer_value(jid);
		rc = 0;
	}
	json_decref(c);
	return rc;
}

static const char *like_pattern(struct arena *a, const char *q)
{
	size_t n = strlen(q);
	char *p = arena_alloc(a, 2 * n + 3), *o = p;
	*o++ = '%';
	for (; *q; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			*o++ = '\\';
		*o++ = *q;
	}
	*o++ = '%';
	return p;
}

static int parse_int(const char *s, int64_t *out)
{
	char *end;
	if (!*s)
		return -1;
	long long v = strtoll(s, &end, 10);
	if (*end)
		return -1;
	*out = v;
	return 0;
}

static int parse_list_query(struct arena *a, const struct entity *e, const struct kv *params,
			    size_t nparams, struct store_query *q, struct app_error *err)
{
	struct store_filter *filters = arena_alloc(a, (nparams + 1) * sizeof(*filters));
	const char *cursor = NULL;

	memset(q, 0, sizeof(*q));
	q->sort = -1;
	q->limit = APP_LIST_DEFAULT;
	q->filters = filters;
	for (size_t i = 0; i < nparams; i++) {
		const char *k = params[i].key, *v = params[i].value ? params[i].value : "";
		int64_t n;
		if (!strcmp(k, "limit")) {
			if (parse_int(v, &n) || n < 1 || n > APP_LIST_MAX)
				return bad_param(err, k, "out_of_range",
						 "must be a number from 1 to 500");
			q->limit = (size_t)n;
		} else if (!strcmp(k, "cursor")) {
			cursor = v;
		} else if (!strcmp(k, "q")) {
			enum check_code c = check_text(v, strlen(v), 200, 0);
			if (c)
				return bad_param(err, k, check_code_name(c), check_message(c));
			q->q = like_pattern(a, v);
		} else if (!strcmp(k, "sort")) {
			q->descending = v[0] == '-';
			int idx = entity_field_index(e, v + q->descending);
			if (idx < 0 || !(e->fields[idx].flags & FF_SORT))
				return bad_param(err, k, "invalid_choice",
						 "is not a sortable field");
			q->sort = idx;
		} else {
			int idx = entity_field_index(e, k);
			if (idx < 0 || !(e->fields[idx].flags & FF_FILTER))
				return bad_param(err, k, "unknown_parameter",
						 "is not a parameter of this list");
			const struct field *f = &e->fields[idx];
			struct store_filter *flt = &filters[q->nfilters++];
			flt->field = idx;
			if (f->type == FT_BOOL) {
				if (strcmp(v, "true") && strcmp(v, "false"))
					return bad_param(err, k, "invalid_type",
							 "must be true or false");
				flt->num = !strcmp(v, "true");
			} else if (field_is_integer(f->type)) {
				if (parse_int(v, &flt->num))
					return bad_param(err, k, "invalid_type",
							 "must be a number");
			} else {
				enum check_code c = check_text(v, strlen(v), 200, 0);
				if (c)
					return bad_param(err, k, check_code_name(c),
							 check_message(c));
				flt->text = v;
			}
		}
	}
	if (cursor && cursor_decode(a, cursor, q))
		return bad_param(err, "cursor", "invalid_cursor",
				 "is not a cursor this list gave out (with the same sort)");
	return 0;
}

int app_list(struct app *app, struct arena *a, const struct entity *e, const struct kv *params,
	     size_t nparams, const struct app_principal *who, json_t **out, struct app_error *err)
{
	struct app_grant g;
	struct store_query q;
	struct row *rows;
	size_t n;
	int64_t total;
	struct label_cache *cache = NULL;
	int se;

	*out = NULL;
	if (parse_list_query(a, e, params, nparams, &q, err))
		return -1;
	q.limit += 1; /* one more tells whether a next page exists */
	app_read_begin(app);
	if (app_grant_locked(app, who, e, POLICY_READ, &g, err)) {
		app_read_end(app);
		return -1;
	}
	q.owner_org = g.owner_org;
	q.company_org = g.company_org;
	se = store_list(app_store(app), e, &q, a, &rows, &n);
	if (!se)
		se = store_count(app_store(app), e, &q, &total);
	if (se) {
		app_read_end(app);
		return app_store_fail(app, err, se, e);
	}
	q.limit -= 1;
	json_t *items = json_array();
	for (size_t i = 0; i < n && i < q.limit; i++)
		json_array_append_new(items, row_json_with_refs(app, a, &cache, e, &rows[i], NULL));
	app_read_end(app);
	label_cache_free(cache);

	json_t *next = json_null();
	if (n > q.limit) {
		const struct row *last = &rows[q.limit - 1];
		const char *key =
			q.sort >= 0 ? (last->v[q.sort].null ? "" : last->v[q.sort].s) : NULL;
		next = json_string(cursor_encode(a, &q, key, last->id));
	}
	*out = json_pack("{s:o, s:o, s:I}", "items", items, "next_cursor", next, "total",
			 (json_int_t)total);
	return 0;
}

/* How answer_row makes an answer. */
struct answer_from {
	json_t *fields; /* row_to_json of the row already (taken over), or NULL */
	int fresh;	/* the row was just made: it has no children yet */
};

/* The answer for row r as read (g, when not NULL, may have to allow it; a row outside it is
 * 404): its fields with its references' labels, its children as they are now, and what is
 * computed. */
static int answer_row(struct app *app, struct arena *a, const struct entity *e, struct row *r,
		      const struct app_grant *g, struct answer_from from, json_t **out,
		      struct app_error *err)
{
	struct label_cache *cache = NULL;
	int64_t id = r->id;
	int se = 0;
	if (app_grant_row(app, a, g, e, r, 404, err)) {
		json_decref(from.fields);
		return -1;
	}
	json_t *o = row_json_with_refs(app, a, &cache, e, r, from.fields);
	for (size_t c = 0; c < e->nchildren && from.fresh; c++)
		json_object_set_new(o, e->children[c].key, json_array());
	for (size_t c = 0; c < e->nchildren && !se && !from.fresh; c++) {
		const struct child *ch = &e->children[c];
		const struct entity *ce = entity_find(ch->entity);
		struct store_filter flt = {.field = entity_field_index(ce, ch->fk), .num = id};
		struct store_query q = {.filters = &flt, .nfilters = 1, .sort = -1, .limit = 2000};
		struct app_grant cg = g ? *g : (struct app_grant){0};
		struct app_error ignored;
		app_error_init(&ignored, a);
		if (app_grant_narrow(&cg, ce, POLICY_READ, &ignored)) {
			json_object_set_new(o, ch->key,
					    json_array()); /* children it may not read */
			continue;
		}
		q.owner_org = cg.owner_org;
		q.company_org = cg.company_org;
		struct row *rows;
		size_t n;
		se = store_list(app_store(app), ce, &q, a, &rows, &n);
		json_t *list = json_array();
		for (size_t i = 0; !se && i < n; i++)
			json_array_append_new(
				list, row_json_with_refs(app, a, &cache, ce, &rows[i], NULL));
		json_object_set_new(o, ch->key, list);
	}
	label_cache_free(cache);
	if (se) {
		json_decref(o);
		return app_store_fail(app, err, se, e);
	}
	if (e->computed && !strcmp(e->computed, "trip")) {
		json_t *trip;
		if (app_delegation_trip_locked(app, a, id, &trip, err)) {
			json_decref(o);
			return -1;
		}
		json_object_set_new(o, "trip", trip);
	}
	*out = o;
	return 0;
}

static int get_locked(struct app *app, struct arena *a, const struct entity *e, int64_t id,
		      const struct app_grant *g, json_t **out, struct row *read,
		      struct app_error *err)
{
	struct row r;
	int se = store_get(app_store(app), e, id, a, &r);
	if (!se && read)
		*read = r;
	if (se)
		return app_store_fail(app, err, se, e);
	return answer_row(app, a, e, &r, g, (struct answer_from){0}, out, err);
}

int app_get(struct app *app, struct arena *a, const struct entity *e, int64_t id,
	    const struct app_principal *who, json_t **out, struct app_error *err)
{
	struct app_grant g;
	app_read_begin(app);
	int rc = app_grant_locked(app, who, e, POLICY_READ, &g, err) ||
		 get_locked(app, a, e, id, &g, out, NULL, err);
	app_read_end(app);
	return rc;
}

static const char *request_hash(struct arena *a, const char *method, const char *path, json_t *body)
{
	unsigned char h[16];
	char *text = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)method, strlen(method) + 1);
	crypto_generichash_update(&st, (const unsigned char *)path, strlen(path) + 1);
	crypto_generichash_update(&st, (const unsigned char *)text, strlen(text));
	crypto_generichash_final(&st, h, sizeof(h));
	free(text);
	char *hex = arena_alloc(a, 2 * sizeof(h) + 1);
	return sodium_bin2hex(hex, 2 * sizeof(h) + 1, h, sizeof(h));
}

static int valid_idempotency_key(const char *k)
{
	size_t n = strlen(k);
	if (n == 0 || n > 200)
		return 0;
	for (; *k; k++)
		if (*k < 0x21 || *k > 0x7e)
			return 0;
	return 1;
}

/* The first response to an earlier request with this key: 1 when replayed (or refused, with
 * err filled and *rc -1), 0 when the key is new. Runs inside the transaction. */
static int idempotent_replay(struct app *app, struct arena *a, const struct app_write *w,
			     const char *hash, json_t **out, int *status, int *rc,
			     struct app_error *err)
{
	struct idem prior;
	int se = store_idem_get(app_store(app), w->idempotency_key, a, &prior);
	*rc = 0;
	if (se == STORE_NOT_FOUND)
		return 0;
	if (se)
		*rc = app_store_fail(app, err, se, NULL);
	else if (strcmp(prior.request_hash, hash))
		*rc = app_fail(err, 422, "idempotency_key_reused",
			       "this Idempotency-Key was used for a different request");
	else if (!(*out = json_loads(prior.body, 0, NULL)))
		*rc = app_fail(err, 500, "internal", "the stored response is unreadable");
	else
		*status = prior.status;
	return 1;
}

static int remember_response(struct app *app, struct arena *a, const struct app_write *w,
			     const char *path, const char *hash, json_t *out, struct app_error *err)
{
	char *text = json_dumps(out, JSON_COMPACT);
	struct idem rec = {.key = w->idempotency_key,
			   .method = "POST",
			   .path = path,
			   .request_hash = hash,
			   .status = 201,
			   .body = text,
			   .created_at = app_now(a)};
	int se = store_idem_put(app_store(app), &rec);
	free(text);
	return se ? app_store_fail(app, err, se, NULL) : 0;
}

/* The row id as stored, within the writer's transaction (for the audit trail), and, with out,
 * the answer made from it. */
static int stored(struct app *app, struct arena *a, const struct entity *e, int64_t id,
		  json_t **out, struct row *r, struct app_error *err)
{
	if (out)
		return get_locked(app, a, e, id, NULL, out, r, err);
	int se = store_get(app_store(app), e, id, a, r);
	return se ? app_store_fail(app, err, se, e) : 0;
}

/* The answer to a write, made once it is committed, on a reader: the row as the write left
 * it (the transaction has it: reading it again cost a tenth of a consultation POST's CPU),
 * from the JSON its audit entry was made of, with its references' labels and its children
 * as they are now; only its id when that fails. */
static void answered(struct app *app, struct arena *a, const struct entity *e, struct row *r,
		     struct answer_from from, json_t **out)
{
	struct app_error ignored;
	app_error_init(&ignored, a);
	app_read_begin(app);
	if (answer_row(app, a, e, r, NULL, from, out, &ignored))
		*out = json_pack("{s:I}", "id", (json_int_t)r->id);
	app_read_end(app);
}

struct create {
	struct arena *a;
	const struct entity *e;
	json_t *body;
	const struct app_write *w;
	const char *path, *hash;
	json_t **out;
	int *status, *replayed;
	struct row row;	 /* the row made */
	json_t *audited; /* its JSON in the audit entry */
};

static int create_tx(struct app *app, void *ctx, struct app_error *err)
{
	struct create *c = ctx;
	const struct app_write *w = c->w;
	struct app_grant g;
	int64_t id;
	int rc;
	if (app_grant_locked(app, w->who, c->e, POLICY_WRITE, &g, err))
		return -1;
	if (c->hash && idempotent_replay(app, c->a, w, c->hash, c->out, c->status, &rc, err)) {
		*c->replayed = !rc;
		return rc;
	}
	/* the answer is made after the commit (answered), unless it is to be kept for a replay;
	 * the audit trail has the row as the insert returns it */
	if (app_insert_locked(app, c->a, c->e, c->body, 0, &g, &id, &c->row, err) ||
	    (c->hash && stored(app, c->a, c->e, id, c->out, &c->row, err)) ||
	    app_audit_kept(app, c->a, w->actor, "create", c->e, &c->row, NULL, &c->audited, err) ||
	    (c->hash && remember_response(app, c->a, w, c->path, c->hash, *c->out, err)))
		return -1;
	return 0;
}

int app_create(struct app *app, struct arena *a, const struct entity *e, json_t *body,
	       const struct app_write *given, json_t **out, int *status, int *replayed,
	       struct app_error *err)
{
	/* an Idempotency-Key is the account's own: another account's same key is another key */
	struct app_write scoped = *given;
	if (given->idempotency_key && given->who && given->who->user_id)
		scoped.idempotency_key = arena_printf(
			a, "user %lld:%s", (long long)given->who->user_id, given->idempotency_key);
	struct create c = {.a = a,
			   .e = e,
			   .body = body,
			   .w = &scoped,
			   .path = scoped.path ? scoped.path : e->name,
			   .out = out,
			   .status = status,
			   .replayed = replayed};

	*out = NULL;
	*replayed = 0;
	*status = 201;
	if (scoped.idempotency_key) {
		if (!valid_idempotency_key(given->idempotency_key)) {
			app_fail(err, 400, "invalid_header", "a header is invalid");
			app_field_error(err, "Idempotency-Key", "invalid_idempotency_key",
					"must be 1 to 200 visible ASCII characters");
			return -1;
		}
		c.hash = request_hash(a, "POST", c.path, body);
	}
	if (app_tx(app, create_tx, &c, err)) {
		json_decref(*out);
		json_decref(c.audited);
		*out = NULL;
		return -1;
	}
	if (!*out)
		answered(app, a, e, &c.row, (struct answer_from){c.audited, 1}, out);
	else
		json_decref(c.audited);
	return 0;
}

/* The version the client read: If-Match, else the body's "version". */
static int expected_version(json_t *body, const struct app_write *w, int64_t *v,
			    struct app_error *err)
{
	json_t *jv = json_object_get(body, "version");
	if (w->if_match > 0) {
		*v = w->if_match;
		return 0;
	}
	if (json_is_integer(jv) && json_integer_value(jv) > 0) {
		*v = json_integer_value(jv);
		return 0;
	}
	if (jv) {
		app_fail(err, 422, "validation_failed", "one or more fields are invalid");
		app_field_error(err, "version", "invalid_type", "must be a positive integer");
		return -1;
	}
	return app_fail(err, 428, "precondition_required",
			"send the version you read, in If-Match or as \"version\"");
}

struct update {
	struct arena *a;
	const struct entity *e;
	int64_t id, version;
	json_t *body;
	const struct app_write *w;
	struct row row;	 /* as the update left it */
	json_t *audited; /* its JSON in the audit entry */
};

static int update_tx(struct app *app, void *ctx, struct app_error *err)
{
	struct update *c = ctx;
	const struct entity *e = c->e;
	struct app_grant g;
	struct row cur;
	int se, rc = -1;
	if (app_grant_locked(app, c->w->who, e, POLICY_WRITE, &g, err))
		;
	else if ((se = store_get(app_store(app), e, c->id, c->a, &cur)))
		app_store_fail(app, err, se, e);
	else if (app_grant_row(app, c->a, &g, e, &cur, 404, err))
		;
	else if (cur.version != c->version)
		app_store_fail(app, err, STORE_CONFLICT, e);
	else {
		json_t *before = row_to_json(e, &cur); /* cur is overwritten below */
		enum row_mode mode = c->w->replace ? ROW_REPLACE : ROW_PATCH;
		if (g.company_org)
			mode = (enum row_mode)(mode | ROW_COMPANY);
		if (!row_from_json(app, c->a, e, c->body, mode, &cur, err) &&
		    !app_grant_row(app, c->a, &g, e, &cur, 403, err)) {
			cur.updated_at = app_now(c->a);
			if ((se = store_update(app_store(app), e, c->id, c->version, &cur)))
				app_store_fail(app, err, se, e);
			else
				rc = stored(app, c->a, e, c->id, NULL, &cur, err) ||
				     app_audit_kept(app, c->a, c->w->actor, "update", e, &cur,
						    before, &c->audited, err);
			c->row = cur;
		}
		json_decref(before);
	}
	return rc;
}

int app_update(struct app *app, struct arena *a, const struct entity *e, int64_t id, json_t *body,
	       const struct app_write *w, json_t **out, struct app_error *err)
{
	struct update c = {a, e, id, 0, body, w, {0}, NULL};
	*out = NULL;
	if (!json_is_object(body))
		return app_fail(err, 400, "invalid_body", "the request body must be a JSON object");
	if (expected_version(body, w, &c.version, err)) {
		return -1;
	}
	if (app_tx(app, update_tx, &c, err)) {
		json_decref(c.audited);
		return -1;
	}
	answered(app, a, e, &c.row, (struct answer_from){c.audited, 0}, out);
	return 0;
}

struct delete
{
	struct arena *a;
	const struct entity *e;
	int64_t id;
	const struct app_write *w;
};

static int delete_tx(struct app *app, void *ctx, struct app_error *err)
{
	struct delete *c = ctx;
	const struct entity *e = c->e;
	json_t *before = NULL;
	struct app_grant g;
	struct row r;
	int64_t owner = 0;
	int rc, se;
	/* the row with its children: what a cascade takes with it is on record too */
	if ((rc = app_grant_locked(app, c->w->who, e, POLICY_DELETE, &g, err)) == 0 &&
	    (rc = get_locked(app, c->a, e, c->id, &g, &before, NULL, err)) == 0) {
		/* whose entry it is, read while the row (and what it hangs from) still exists */
		if ((se = store_get(app_store(app), e, c->id, c->a, &r)))
			rc = app_store_fail(app, err, se, e);
		else if ((rc = app_audit_owner(app, c->a, e, &r, &owner, err)))
			;
		else if ((se = store_delete(app_store(app), e, c->id, c->w->if_match)))
			rc = app_store_fail(app, err, se, e);
		else
			rc = app_audit_locked(app, c->a, c->w->actor, "delete", e->name, c->id,
					      owner, before, NULL, err);
	}
	json_decref(before);
	return rc;
}

int app_delete(struct app *app, struct arena *a, const struct entity *e, int64_t id,
	       const struct app_write *w, struct app_error *err)
{
	struct delete c = {a, e, id, w};
	return app_tx(app, delete_tx, &c, err);
}
