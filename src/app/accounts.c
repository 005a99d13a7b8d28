/* accounts.c - accounts: add, list, disable, enable, change password, verify a login. */
#include <sodium.h>
#include <string.h>

#include "../core/check.h"
#include "../core/role.h"
#include "../store/store.h"
#include "app.h"
#include "rowjson.h"

static int valid_login(const char *s)
{
	size_t n = strlen(s);
	if (n < 3 || n > 100)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || strchr("._@+-", *s)))
			return 0;
	return 1;
}

static int field_fail(struct app_error *err, const char *field, const char *code,
		      const char *message)
{
	app_fail(err, 422, "validation_failed", "one or more fields are invalid");
	app_field_error(err, field, code, message);
	return -1;
}

/* An account as the audit trail and listings show it: never the password hash. */
static json_t *account_json(const struct user *u)
{
	return json_pack("{s:I, s:s, s:s?, s:s, s:o, s:b, s:s, s:s, s:s}", "id", (json_int_t)u->id,
			 "login", u->login, "name", u->name, "role", u->role, "organization_id",
			 u->organization_id ? json_integer(u->organization_id) : json_null(),
			 "disabled", u->disabled, "password_changed_at", u->password_changed_at,
			 "created_at", u->created_at, "updated_at", u->updated_at);
}

static int audit_account(struct app *app, struct arena *a, const char *actor, const char *action,
			 const struct user *before, const char *login, struct app_error *err)
{
	struct user now;
	int se = store_user_by_login(app->store, login, a, &now);
	if (se)
		return app_store_fail(app, err, se, NULL);
	json_t *b = before ? account_json(before) : NULL, *after = account_json(&now);
	int rc = app_audit_locked(app, a, actor, action, APP_ACCOUNTS, now.id, b, after, err);
	json_decref(b);
	json_decref(after);
	return rc;
}

/* argon2id at libsodium's interactive limits; the string carries salt and parameters. */
static const char *hash_password(struct arena *a, const char *password)
{
	char *out = arena_alloc(a, crypto_pwhash_STRBYTES);
	if (!out ||
	    crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE))
		return NULL;
	return out;
}

/* Checks the password rules and hashes it; 422 names the password when it is too weak. */
static int checked_hash(struct arena *a, const char *password, const char **hash,
			struct app_error *err)
{
	if (password_acceptable(password))
		return field_fail(err, "password", "weak_password", "must be 10 to 256 characters");
	if (sodium_init() < 0)
		return app_fail(err, 500, "internal", "the password library failed to start");
	if (!(*hash = hash_password(a, password)))
		return app_fail(err, 500, "internal", "the password could not be hashed");
	return 0;
}

int app_user_add(struct app *app, struct arena *a, const struct app_account *in,
		 const char *password, const char *actor, int64_t *id, struct app_error *err)
{
	enum role role;
	int exists = 0;

	if (!valid_login(in->login))
		return field_fail(err, "login", "invalid_login",
				  "must be 3 to 100 letters, digits or . _ @ + -");
	if (role_parse(in->role, &role))
		return field_fail(err, "role", "invalid_choice",
				  "must be admin, organizer, viewer or company");
	if (role_needs_organization(role) != (in->organization_id != 0))
		return field_fail(err, "organization_id",
				  in->organization_id ? "not_allowed" : "required",
				  in->organization_id ? "an admin belongs to no organization"
						      : "this role belongs to an organization");
	if (in->name && check_text(in->name, strlen(in->name), 200, 0))
		return field_fail(err, "name", "too_long", "must be at most 200 characters");
	const char *hash;
	if (checked_hash(a, password, &hash, err))
		return -1;
	if (app_tx_begin(app, err))
		return -1;
	int rc = 0, se;
	if (in->organization_id && ((se = store_exists(app->store, entity_find("organizations"),
						       in->organization_id, &exists)) ||
				    !exists))
		rc = se ? app_store_fail(app, err, se, NULL)
			: field_fail(err, "organization_id", "unknown_reference",
				     "refers to a record that does not exist");
	if (!rc) {
		const char *now = app_now(a);
		struct user u = {.login = in->login,
				 .name = in->name,
				 .role = role_name(role),
				 .password_hash = hash,
				 .organization_id = in->organization_id,
				 .password_changed_at = now,
				 .created_at = now,
				 .updated_at = now};
		if ((se = store_user_insert(app->store, &u, id)))
			rc = se == STORE_DUPLICATE
				     ? (app_fail(err, 409, "duplicate", "that login is taken"),
					app_field_error(err, "login", "duplicate",
							"is already taken"),
					-1)
				     : app_store_fail(app, err, se, NULL);
		else
			rc = audit_account(app, a, actor, "create", NULL, in->login, err);
	}
	return app_tx_end(app, rc, err);
}

int app_user_list(struct app *app, struct arena *a, json_t **out, struct app_error *err)
{
	struct user *users;
	size_t n;
	pthread_mutex_lock(&app->lock);
	int se = store_user_list(app->store, a, &users, &n);
	pthread_mutex_unlock(&app->lock);
	if (se)
		return app_store_fail(app, err, se, NULL);
	*out = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(*out, account_json(&users[i]));
	return 0;
}

/* Looks the account up inside the caller's transaction; 404 when there is none. */
static int find_locked(struct app *app, struct arena *a, const char *login, struct user *u,
		       struct app_error *err)
{
	int se = store_user_by_login(app->store, login, a, u);
	if (se == STORE_NOT_FOUND)
		return app_fail(err, 404, "not_found", "no account with that login");
	return se ? app_store_fail(app, err, se, NULL) : 0;
}

int app_user_set_disabled(struct app *app, struct arena *a, const char *login, int disabled,
			  const char *actor, struct app_error *err)
{
	struct user u;
	if (app_tx_begin(app, err))
		return -1;
	int rc = find_locked(app, a, login, &u, err), se;
	if (!rc && ((se = store_user_set_disabled(app->store, u.id, disabled, app_now(a))) ||
		    (disabled && (se = store_sessions_delete_user(app->store, u.id)))))
		rc = app_store_fail(app, err, se, NULL);
	if (!rc)
		rc = audit_account(app, a, actor, disabled ? "disable" : "enable", &u, login, err);
	return app_tx_end(app, rc, err);
}

int app_user_set_password(struct app *app, struct arena *a, const char *login, const char *password,
			  const char *actor, struct app_error *err)
{
	struct user u;
	const char *hash;
	if (checked_hash(a, password, &hash, err))
		return -1;
	if (app_tx_begin(app, err))
		return -1;
	int rc = find_locked(app, a, login, &u, err), se;
	/* a new password ends every session the account had */
	if (!rc && ((se = store_user_set_password(app->store, u.id, hash, app_now(a))) ||
		    (se = store_sessions_delete_user(app->store, u.id))))
		rc = app_store_fail(app, err, se, NULL);
	if (!rc)
		rc = audit_account(app, a, actor, "password", &u, login, err);
	return app_tx_end(app, rc, err);
}

static char unknown_hash[crypto_pwhash_STRBYTES];
static pthread_once_t unknown_once = PTHREAD_ONCE_INIT;

static void make_unknown_hash(void)
{
	unsigned char raw[16];
	char secret[33];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(secret, sizeof(secret), raw, sizeof(raw));
	if (crypto_pwhash_str(unknown_hash, secret, strlen(secret),
			      crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE))
		unknown_hash[0] = '\0';
}

int app_user_verify(struct app *app, struct arena *a, const char *login, const char *password,
		    struct app_account *out, struct app_error *err)
{
	struct user u;
	pthread_mutex_lock(&app->lock);
	int se = store_user_by_login(app->store, login, a, &u);
	pthread_mutex_unlock(&app->lock);
	if (se && se != STORE_NOT_FOUND)
		return app_store_fail(app, err, se, NULL);
	if (sodium_init() < 0)
		return app_fail(err, 500, "internal", "the password library failed to start");
	pthread_once(&unknown_once, make_unknown_hash);
	/* an unknown login costs the same verification as a wrong password */
	int good = crypto_pwhash_str_verify(se ? unknown_hash : u.password_hash, password,
					    strlen(password)) == 0;
	if (se || !good || u.disabled)
		return app_fail(err, 401, "invalid_credentials",
				"the login or password is wrong, or the account is disabled");
	*out = (struct app_account){.id = u.id,
				    .login = u.login,
				    .name = u.name,
				    .role = u.role,
				    .organization_id = u.organization_id};
	return 0;
}
