/* session.c - logging in and out, sessions, API tokens and login throttling. */
#include <sodium.h>
#include <string.h>

#include "../core/check.h"
#include "../store/store.h"
#include "app.h"
#include "rowjson.h"

/* A new random secret (base64url, 43 characters), with prefix, in a. */
static const char *new_secret(struct arena *a, const char *prefix)
{
	unsigned char raw[32];
	char b64[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(b64, sizeof(b64), raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	return arena_printf(a, "%s%s", prefix, b64);
}

/* What the database keeps of a secret: its BLAKE2b-256, hex. */
static const char *secret_hash(struct arena *a, const char *secret)
{
	unsigned char h[32];
	char *hex = arena_alloc(a, 2 * sizeof(h) + 1);
	crypto_generichash(h, sizeof(h), (const unsigned char *)secret, strlen(secret), NULL, 0);
	return sodium_bin2hex(hex, 2 * sizeof(h) + 1, h, sizeof(h));
}

static void fill(struct app_principal *who, const struct user *u, const char *csrf)
{
	*who = (struct app_principal){.user_id = u->id,
				      .login = u->login,
				      .role = u->role,
				      .organization_id = u->organization_id,
				      .csrf = csrf};
}

/* Opens a session for u (caller holds a transaction). */
static int open_session(struct app *app, struct arena *a, const struct user *u, const char **token,
			struct app_principal *who, struct app_error *err)
{
	const char *csrf = new_secret(a, "");
	*token = new_secret(a, "");
	int se = store_session_put(app_store(app), secret_hash(a, *token), u->id, csrf, app_now(a),
				   app_time_from_now(a, APP_SESSION_SECONDS));
	if (se)
		return app_store_fail(app, err, se, NULL);
	fill(who, u, csrf);
	return 0;
}

static int throttled(struct app *app, struct arena *a, const char *key, int64_t max,
		     struct app_error *err)
{
	int64_t n;
	int se = store_login_failures(app_store(app), key,
				      app_time_from_now(a, -APP_THROTTLE_SECONDS), &n);
	if (se)
		return app_store_fail(app, err, se, NULL);
	if (n >= max)
		return app_fail(err, 429, "too_many_attempts",
				"too many failed logins; wait 15 minutes and try again");
	return 0;
}

/* What a login writes: the throttle's check, a failure, or the new session. */
struct login {
	struct arena *a;
	const char *login, *account_key, *address_key;
	const char **token;
	struct app_principal *who;
};

static int login_check_tx(struct app *app, void *ctx, struct app_error *err)
{
	struct login *c = ctx;
	return throttled(app, c->a, c->account_key, APP_MAX_FAILURES_ACCOUNT, err) ||
			       throttled(app, c->a, c->address_key, APP_MAX_FAILURES_ADDRESS, err)
		       ? -1
		       : 0;
}

static int login_failed_tx(struct app *app, void *ctx, struct app_error *err)
{
	struct login *c = ctx;
	const char *now = app_now(c->a);
	(void)err;
	return store_login_failure_add(app_store(app), c->account_key, now) ||
			       store_login_failure_add(app_store(app), c->address_key, now)
		       ? -1
		       : 0;
}

static int login_open_tx(struct app *app, void *ctx, struct app_error *err)
{
	struct login *c = ctx;
	struct user u;
	int se;
	if ((se = store_user_by_login(app_store(app), c->login, c->a, &u)) ||
	    (se = store_login_failures_clear(app_store(app), c->account_key)))
		return app_store_fail(app, err, se, NULL);
	return open_session(app, c->a, &u, c->token, c->who, err);
}

int app_login(struct app *app, struct arena *a, const char *login, const char *password,
	      const char *client, const char **token, struct app_principal *who,
	      struct app_error *err)
{
	struct login c = {a,
			  login,
			  arena_printf(a, "login:%.100s", login),
			  arena_printf(a, "addr:%.100s", client ? client : "unknown"),
			  token,
			  who};
	struct app_account acct;

	if (sodium_init() < 0)
		return app_fail(err, 500, "internal", "the crypto library failed to start");
	if (app_tx(app, login_check_tx, &c, err))
		return -1;

	/* argon2id takes a tenth of a second: verify outside the lock */
	if (app_user_verify(app, a, login, password, &acct, err)) {
		struct app_error ignored;
		app_error_init(&ignored, a);
		app_tx(app, login_failed_tx, &c, &ignored);
		return -1;
	}
	return app_tx(app, login_open_tx, &c, err);
}

int app_session_find(struct app *app, struct arena *a, const char *token, struct app_principal *who,
		     struct app_error *err)
{
	struct user u;
	const char *csrf;
	app_read_begin(app);
	int se = store_session_get(app_store(app), secret_hash(a, token), app_now(a), a, &u, &csrf);
	app_read_end(app);
	if (se == STORE_NOT_FOUND)
		return app_fail(err, 401, "invalid_session", "the session has ended; log in again");
	if (se)
		return app_store_fail(app, err, se, NULL);
	fill(who, &u, csrf);
	return 0;
}

int app_token_find(struct app *app, struct arena *a, const char *token, int64_t generation,
		   struct app_principal *who, struct app_error *err)
{
	struct user u;
	const char *hash = secret_hash(a, token);
	if (generation && !token_cache_get(&app->tokens, hash, generation, a, who))
		return 0;
	app_read_begin(app);
	int se = store_token_user(app_store(app), hash, a, &u);
	app_read_end(app);
	if (se == STORE_NOT_FOUND)
		return app_fail(err, 401, "invalid_token", "the API token is unknown or revoked");
	if (se)
		return app_store_fail(app, err, se, NULL);
	fill(who, &u, NULL);
	/* read at or after generation: while that is still the generation, it is this account */
	if (generation)
		token_cache_put(&app->tokens, hash, generation, who);
	return 0;
}

static int logout_tx(struct app *app, void *hash, struct app_error *err)
{
	int se = store_session_delete(app_store(app), hash);
	return se ? app_store_fail(app, err, se, NULL) : 0;
}

int app_logout(struct app *app, struct arena *a, const char *token, struct app_error *err)
{
	return app_tx(app, logout_tx, (void *)secret_hash(a, token), err);
}

static int session_reopen_tx(struct app *app, void *ctx, struct app_error *err)
{
	struct login *c = ctx;
	struct user u;
	int se = store_user_by_login(app_store(app), c->login, c->a, &u);
	return se ? app_store_fail(app, err, se, NULL)
		  : open_session(app, c->a, &u, c->token, c->who, err);
}

int app_password_change(struct app *app, struct arena *a, struct app_principal *who,
			const char *current, const char *next, const char **token,
			struct app_error *err)
{
	struct app_account acct;
	if (app_user_verify(app, a, who->login, current, &acct, err)) {
		app_error_init(err, a);
		app_fail(err, 422, "validation_failed", "one or more fields are invalid");
		app_field_error(err, "current_password", "wrong_password", "is not your password");
		return -1;
	}
	/* ends every session, this one included */
	if (app_user_set_password(app, a, who->login, next, arena_printf(a, "user:%s", who->login),
				  err)) {
		for (size_t i = 0; i < err->nerrors; i++) /* the request calls it new_password */
			if (!strcmp(err->errors[i].field, "password"))
				err->errors[i].field = "new_password";
		return -1;
	}
	struct login c = {.a = a, .login = who->login, .token = token, .who = who};
	return app_tx(app, session_reopen_tx, &c, err);
}

struct token_put {
	int64_t user_id;
	const char *name, *hash, *now;
	int64_t id;
	int64_t revoke; /* the token to revoke, for token_revoke_tx */
};

static int token_put_tx(struct app *app, void *ctx, struct app_error *err)
{
	struct token_put *c = ctx;
	int se = store_token_put(app_store(app), c->user_id, c->name, c->hash, c->now, &c->id);
	return se ? app_store_fail(app, err, se, NULL) : 0;
}

int app_token_create(struct app *app, struct arena *a, const struct app_principal *who,
		     json_t *body, json_t **out, struct app_error *err)
{
	json_t *jname = json_object_get(body, "name");
	const char *key;
	json_t *val;
	int64_t id;

	*out = NULL;
	if (!json_is_object(body))
		return app_fail(err, 400, "invalid_body", "the request body must be a JSON object");
	json_object_foreach(body, key, val) if (strcmp(key, "name"))
		app_field_error(err, key, "unknown_field", "is not a field of a token");
	if (!json_is_string(jname) || !json_string_length(jname) ||
	    check_text(json_string_value(jname), json_string_length(jname), 100, 0))
		app_field_error(err, "name", json_is_string(jname) ? "invalid_name" : "required",
				"a name of 1 to 100 characters says what the token is for");
	if (err->nerrors)
		return app_fail(err, 422, "validation_failed", "one or more fields are invalid");
	if (sodium_init() < 0)
		return app_fail(err, 500, "internal", "the crypto library failed to start");
	const char *secret = new_secret(a, "rst_"), *now = app_now(a);
	struct token_put c = {.user_id = who->user_id,
			      .name = json_string_value(jname),
			      .hash = secret_hash(a, secret),
			      .now = now};
	if (app_tx(app, token_put_tx, &c, err))
		return -1;
	id = c.id;
	*out = json_pack("{s:I, s:O, s:s, s:s, s:n}", "id", (json_int_t)id, "name", jname, "token",
			 secret, "created_at", now, "revoked_at");
	return 0;
}

int app_token_list(struct app *app, struct arena *a, const struct app_principal *who, json_t **out,
		   struct app_error *err)
{
	struct api_token *t;
	size_t n;
	app_read_begin(app);
	int se = store_token_list(app_store(app), who->user_id, a, &t, &n);
	app_read_end(app);
	if (se)
		return app_store_fail(app, err, se, NULL);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items,
				      json_pack("{s:I, s:s, s:s, s:s?}", "id", (json_int_t)t[i].id,
						"name", t[i].name, "created_at", t[i].created_at,
						"revoked_at", t[i].revoked_at));
	*out = json_pack("{s:o}", "items", items);
	return 0;
}

static int token_revoke_tx(struct app *app, void *ctx, struct app_error *err)
{
	struct token_put *c = ctx;
	int se = store_token_revoke(app_store(app), c->revoke, c->user_id, c->now);
	return se == STORE_NOT_FOUND ? app_fail(err, 404, "not_found", "no such token of yours")
	       : se		     ? app_store_fail(app, err, se, NULL)
				     : 0;
}

int app_token_revoke(struct app *app, struct arena *a, const struct app_principal *who, int64_t id,
		     struct app_error *err)
{
	struct token_put c = {.user_id = who->user_id, .now = app_now(a), .revoke = id};
	return app_tx(app, token_revoke_tx, &c, err);
}

json_t *app_principal_json(const struct app_principal *who)
{
	return json_pack("{s:I, s:s, s:s, s:o, s:s?}", "id", (json_int_t)who->user_id, "login",
			 who->login, "role", who->role, "organization_id",
			 who->organization_id ? json_integer(who->organization_id) : json_null(),
			 "csrf_token", who->csrf);
}
