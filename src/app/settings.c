/* settings.c - the settings use cases: read them all, change some (administrators). A
 * setting never changed has its default from core. */
#include <string.h>

#include "../core/check.h"
#include "../core/settings.h"
#include "../store/store.h"
#include "app.h"
#include "rowjson.h"

int app_rules_locked(struct app *app, struct arena *a, struct itin_rules *r, struct app_error *err)
{
	struct store_setting *rows;
	size_t n;
	*r = itin_rules_default;
	int se = store_settings_list(app_store(app), a, &rows, &n);
	if (se)
		return app_store_fail(app, err, se, NULL);
	for (size_t i = 0; i < n; i++) {
		const struct setting *s = setting_find(rows[i].key);
		if (s && rows[i].value >= s->min && rows[i].value <= s->max)
			setting_set(s, r, (int)rows[i].value);
	}
	return 0;
}

static json_t *values_json(const struct itin_rules *r)
{
	json_t *o = json_object();
	for (size_t i = 0; i < nsettings; i++)
		json_object_set_new(o, settings[i].key, json_integer(setting_get(&settings[i], r)));
	return o;
}

static json_t *settings_json(const struct itin_rules *r)
{
	json_t *fields = json_array();
	for (size_t i = 0; i < nsettings; i++) {
		const struct setting *s = &settings[i];
		json_array_append_new(
			fields, json_pack("{s:s, s:s, s:i, s:i, s:i, s:s, s:s}", "key", s->key,
					  "unit", s->unit, "min", s->min, "max", s->max, "default",
					  setting_get(s, &itin_rules_default), "label_ko",
					  s->label_ko, "label_en", s->label_en));
	}
	return json_pack("{s:o, s:o}", "values", values_json(r), "fields", fields);
}

int app_settings_get(struct app *app, struct arena *a, json_t **out, struct app_error *err)
{
	struct itin_rules r;
	*out = NULL;
	app_read_begin(app);
	int rc = app_rules_locked(app, a, &r, err);
	app_read_end(app);
	if (!rc)
		*out = settings_json(&r);
	return rc;
}

/* Checks body against the descriptors into next; 422 naming each wrong key. */
static int read_settings(json_t *body, struct itin_rules *next, struct app_error *err)
{
	const char *key;
	json_t *val;
	json_object_foreach(body, key, val)
	{
		const struct setting *s = setting_find(key);
		enum check_code c = CHECK_OK;
		if (!s)
			c = CHECK_UNKNOWN_FIELD;
		else if (!json_is_integer(val))
			c = CHECK_TYPE;
		else if (json_integer_value(val) < s->min || json_integer_value(val) > s->max)
			c = CHECK_RANGE;
		else
			setting_set(s, next, (int)json_integer_value(val));
		if (c)
			app_field_error(err, key, check_code_name(c), check_message(c));
	}
	if (!err->nerrors && next->business_end <= next->business_start)
		app_field_error(err, "business_end", check_code_name(CHECK_ORDER),
				check_message(CHECK_ORDER));
	if (err->nerrors) {
		err->status = 422;
		err->code = "validation_failed";
		err->title = "Validation failed";
		err->detail = "one or more settings are invalid";
		return -1;
	}
	return 0;
}

struct settings_change {
	struct arena *a;
	json_t *body;
	const char *actor;
	struct itin_rules next;
};

static int settings_tx(struct app *app, void *ctx, struct app_error *err)
{
	struct settings_change *c = ctx;
	struct itin_rules cur;
	if (app_rules_locked(app, c->a, &cur, err) ||
	    (c->next = cur, read_settings(c->body, &c->next, err)))
		return -1;
	const char *now = app_now(c->a);
	int se = STORE_OK;
	for (size_t i = 0; i < nsettings && !se; i++)
		if (json_object_get(c->body, settings[i].key))
			se = store_setting_put(app_store(app), settings[i].key,
					       setting_get(&settings[i], &c->next), now);
	json_t *before = values_json(&cur), *after = values_json(&c->next);
	int rc = se ? app_store_fail(app, err, se, NULL)
		    : app_audit_locked(app, c->a, c->actor, "update", APP_SETTINGS, 0, AUDIT_SHARED,
				       before, after, err);
	json_decref(before);
	json_decref(after);
	return rc;
}

int app_settings_update(struct app *app, struct arena *a, json_t *body, const char *actor,
			json_t **out, struct app_error *err)
{
	struct settings_change c = {.a = a, .body = body, .actor = actor};
	*out = NULL;
	if (!json_is_object(body))
		return app_fail(err, 400, "invalid_body", "the request body must be a JSON object");
	if (app_tx(app, settings_tx, &c, err))
		return -1;
	*out = settings_json(&c.next);
	return 0;
}
