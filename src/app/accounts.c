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
	int se = store_user_by_login(app_store(app), login, a, &now);
	if (se)
		return app_store_fail(app, err, se, NULL);
	json_t *b = before ? account_json(before) : NULL, *after = account_json(&now);
	int rc = app_audit_locked(app, a, actor, action, APP_ACCOUNTS, now.id, 0, b, after, err);
	json_decref(b);
	json_decref(after);
	return rc;
}

/* One password hash at a time: each takes 64 MB (argon2id at the interactive limits), and a
 * burst of log-ins would otherwise hold that much per request at once. */
static pthread_mutex_t hashing = PTHREAD_MUTEX_INITIALIZER;

/* argon2id at libsodium's interactive limits; the string carries salt and parameters. */
static int hash_into(char out[crypto_pwhash_STRBYTES], const char *password)
{
	pthread_mutex_lock(&hashing);
	int rc = crypto_pwhash_str(out, password, strlen(password),
				   crypto_pwhash_OPSLIMIT_INTERACTIVE,
				   crypto_pwhash_MEMLIMIT_INTERACTIVE);
	pthread_mutex_unlock(&hashing);
	return rc;
}

static int hash_matches(const char *hash, const char *password)
{
	pthread_mutex_lock(&hashing);
	int good = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
	pthread_mutex_unlock(&hashing);
	return good;
}

static const char *hash_password(struct arena *a, const char *password)
{
	char *out = arena_alloc(a, crypto_pwhash_STRBYTES);
	return out && !hash_into(out, password) ? out : NULL;
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

/* Checks in and hashes password: 422 naming the field that is wrong. */
static int account_checked(struct arena *a, const struct app_account *in, const char *password,
			   enum role *role, const char **hash, struct app_error *err)
{
	if (!valid_login(in->login))
		return field_fail(err, "login", "invalid_login",
				  "must be 3 to 100 letters, digits or . _ @ + -");
	if (role_parse(in->role, role))
		return field_fail(err, "role", "invalid_choice",
				  "must be admin, organizer, viewer or company");
	if (role_needs_organization(*role) != (in->organization_id != 0))
		return field_fail(err, "organization_id",
				  in->organization_id ? "not_allowed" : "required",
				  in->organization_id ? "an admin belongs to no organization"
						      : "this role belongs to an organization");
	enum check_code c = in->name ? check_text(in->name, strlen(in->name), 200, 0) : CHECK_OK;
	if (c)
		return field_fail(err, "name", check_code_name(c), check_message(c));
	return checked_hash(a, password, hash, err);
}

/* Inserts a checked account; the caller holds a transaction. */
static int insert_locked(struct app *app, struct arena *a, const struct app_account *in,
			 enum role role, const char *hash, const char *actor, int64_t *id,
			 struct app_error *err)
{
	const struct entity *orgs = entity_find("organizations");
	struct row org;
	int se;
	if (in->organization_id) {
		se = store_get(app_store(app), orgs, in->organization_id, a, &org);
		if (se == STORE_NOT_FOUND)
			return field_fail(err, "organization_id", "unknown_reference",
					  "refers to a record that does not exist");
		if (se)
			return app_store_fail(app, err, se, NULL);
		/* a company member belongs to a company; the other roles to a host organization */
		int company = !strcmp(org.v[entity_field_index(orgs, "kind")].s, "company");
		if (company != (role == ROLE_COMPANY))
			return field_fail(
				err, "organization_id", "wrong_kind",
				company ? "a company: only company members belong to it"
					: "not a company: a company member belongs to one");
	}
	const char *now = app_now(a);
	struct user u = {.login = in->login,
			 .name = in->name,
			 .role = role_name(role),
			 .password_hash = hash,
			 .organization_id = in->organization_id,
			 .password_changed_at = now,
			 .created_at = now,
			 .updated_at = now};
	if ((se = store_user_insert(app_store(app), &u, id))) {
		if (se != STORE_DUPLICATE)
			return app_store_fail(app, err, se, NULL);
		app_fail(err, 409, "duplicate", "that login is taken");
		app_field_error(err, "login", "duplicate", "is already taken");
		return -1;
	}
	return audit_account(app, a, actor, "create", NULL, in->login, err);
}

int app_user_add_locked(struct app *app, struct arena *a, const struct app_account *in,
			const char *password, const char *actor, int64_t *id, struct app_error *err)
{
	enum role role;
	const char *hash;
	return account_checked(a, in, password, &role, &hash, err) ||
	       insert_locked(app, a, in, role, hash, actor, id, err);
}

/* What an account's use case writes, for the *_tx functions below. */
struct account_tx {
	struct arena *a;
	const struct app_account *in;
	enum role role;
	const char *hash, *actor, *login;
	int64_t *id;
	int disabled;
	/* app_user_update: its body's fields */
	int64_t uid;
	json_t *jdisabled, *jname;
	const char *name;
};

static int user_add_tx(struct app *app, void *ctx, struct app_error *err)
{
	struct account_tx *t = ctx;
	return insert_locked(app, t->a, t->in, t->role, t->hash, t->actor, t->id, err);
}

int app_user_add(struct app *app, struct arena *a, const struct app_account *in,
		 const char *password, const char *actor, int64_t *id, struct app_error *err)
{
	enum role role;
	const char *hash;
	/* hashing is slow on purpose: done before the lock is taken */
	if (account_checked(a, in, password, &role, &hash, err))
		return -1;
	struct account_tx t = {
		.a = a, .in = in, .role = role, .hash = hash, .actor = actor, .id = id};
	return app_tx(app, user_add_tx, &t, err);
}

int app_user_list(struct app *app, struct arena *a, json_t **out, struct app_error *err)
{
	struct user *users;
	size_t n;
	app_read_begin(app);
	int se = store_user_list(app_store(app), a, &users, &n);
	app_read_end(app);
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
	int se = store_user_by_login(app_store(app), login, a, u);
	if (se == STORE_NOT_FOUND)
		return app_fail(err, 404, "not_found", "no account with that login");
	return se ? app_store_fail(app, err, se, NULL) : 0;
}

static int set_disabled_tx(struct app *app, void *ctx, struct app_error *err)
{
	struct account_tx *t = ctx;
	struct user u;
	int rc = find_locked(app, t->a, t->login, &u, err), se;
	if (!rc &&
	    ((se = store_user_set_disabled(app_store(app), u.id, t->disabled, app_now(t->a))) ||
	     (t->disabled && (se = store_sessions_delete_user(app_store(app), u.id)))))
		rc = app_store_fail(app, err, se, NULL);
	if (!rc)
		rc = audit_account(app, t->a, t->actor, t->disabled ? "disable" : "enable", &u,
				   t->login, err);
	return rc;
}

int app_user_set_disabled(struct app *app, struct arena *a, const char *login, int disabled,
			  const char *actor, struct app_error *err)
{
	struct account_tx t = {.a = a, .login = login, .disabled = disabled, .actor = actor};
	return app_tx(app, set_disabled_tx, &t, err);
}

static int set_password_tx(struct app *app, void *ctx, struct app_error *err)
{
	struct account_tx *t = ctx;
	struct user u;
	int rc = find_locked(app, t->a, t->login, &u, err), se;
	/* a new password ends every session the account had */
	if (!rc && ((se = store_user_set_password(app_store(app), u.id, t->hash, app_now(t->a))) ||
		    (se = store_sessions_delete_user(app_store(app), u.id))))
		rc = app_store_fail(app, err, se, NULL);
	if (!rc)
		rc = audit_account(app, t->a, t->actor, "password", &u, t->login, err);
	return rc;
}

int app_user_set_password(struct app *app, struct arena *a, const char *login, const char *password,
			  const char *actor, struct app_error *err)
{
	const char *hash;
	if (checked_hash(a, password, &hash, err))
		return -1;
	struct account_tx t = {.a = a, .login = login, .hash = hash, .actor = actor};
	return app_tx(app, set_password_tx, &t, err);
}

const char *app_password_generate(struct arena *a)
{
	/* 16 characters without look-alikes (0/O, 1/l/I): about 90 bits */
	static const char alphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	char *out = arena_alloc(a, 17);
	if (sodium_init() < 0)
		return NULL;
	for (int i = 0; i < 16; i++)
		out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	out[16] = '\0';
	return out;
}

/* A string member of body: NULL when absent or null (nullable) ; -1 with a field error when
 * it has another type or is longer than max bytes. */
static int opt_string(json_t *body, const char *name, size_t max, const char **out,
		      struct app_error *err)
{
	json_t *j = json_object_get(body, name);
	*out = NULL;
	if (!j || json_is_null(j))
		return 0;
	if (!json_is_string(j) || json_string_length(j) > max ||
	    strlen(json_string_value(j)) != json_string_length(j)) {
		app_field_error(err, name, "invalid_type",
				"must be a string (without NUL characters)");
		return -1;
	}
	*out = json_string_value(j);
	return 0;
}

/* Refuses members of body not in allowed (NULL-terminated). */
static int only_members(json_t *body, const char *const *allowed, struct app_error *err)
{
	const char *key;
	json_t *v;
	int bad = 0;
	json_object_foreach(body, key, v)
	{
		const char *const *k = allowed;
		while (*k && strcmp(*k, key))
			k++;
		if (!*k) {
			app_field_error(err, key, "unknown_field", "is not a field of an account");
			bad = -1;
		}
	}
	return bad;
}

static int account_answer(struct app *app, struct arena *a, int64_t id, json_t **out,
			  struct app_error *err)
{
	struct user u;
	app_read_begin(app);
	int se = store_user_by_id(app_store(app), id, a, &u);
	app_read_end(app);
	if (se)
		return app_store_fail(app, err, se, NULL);
	*out = account_json(&u);
	return 0;
}

int app_user_create(struct app *app, struct arena *a, json_t *body, const char *actor, json_t **out,
		    struct app_error *err)
{
	static const char *const allowed[] = {"login", "role",	   "organization_id",
					      "name",  "password", NULL};
	struct app_account in = {0};
	const char *password;
	int64_t id;

	*out = NULL;
	if (!json_is_object(body))
		return app_fail(err, 400, "invalid_body", "the request body must be a JSON object");
	json_t *org = json_object_get(body, "organization_id");
	int bad = only_members(body, allowed, err);
	bad |= opt_string(body, "login", 300, &in.login, err);
	bad |= opt_string(body, "role", 50, &in.role, err);
	bad |= opt_string(body, "name", 1000, &in.name, err);
	if (in.name && !*in.name)
		in.name = NULL; /* an empty name is no name */
	bad |= opt_string(body, "password", 300, &password, err);
	if (org && !json_is_null(org) && (!json_is_integer(org) || json_integer_value(org) <= 0)) {
		app_field_error(err, "organization_id", "invalid_type", "must be a positive id");
		bad = -1;
	}
	in.organization_id = json_is_integer(org) ? json_integer_value(org) : 0;
	if (!bad && !in.login)
		app_field_error(err, "login", "required", "is required"), bad = -1;
	if (!bad && !in.role)
		app_field_error(err, "role", "required", "is required"), bad = -1;
	if (bad)
		return app_fail(err, 422, "validation_failed", "one or more fields are invalid");
	int generated = !password;
	if (generated && !(password = app_password_generate(a)))
		return app_fail(err, 500, "internal", "no password could be made");
	if (app_user_add(app, a, &in, password, actor, &id, err) ||
	    account_answer(app, a, id, out, err))
		return -1;
	/* a password made here is shown in this answer only */
	if (generated)
		json_object_set_new(*out, "password", json_string(password));
	return 0;
}

static int user_update_tx(struct app *app, void *ctx, struct app_error *err)
{
	struct account_tx *t = ctx;
	struct store *s = app_store(app);
	const char *now = app_now(t->a);
	int64_t id = t->uid;
	struct user u;
	int se = store_user_by_id(s, id, t->a, &u);
	if (se)
		return se == STORE_NOT_FOUND ? app_fail(err, 404, "not_found", "no such account")
					     : app_store_fail(app, err, se, NULL);
	if ((t->jdisabled &&
	     (se = store_user_set_disabled(s, id, json_is_true(t->jdisabled), now))) ||
	    (t->jname && (se = store_user_set_name(s, id, t->name, now))) ||
	    (t->hash && (se = store_user_set_password(s, id, t->hash, now))) ||
	    /* a new password or disabling ends every session the account had */
	    ((t->hash || json_is_true(t->jdisabled)) && (se = store_sessions_delete_user(s, id))))
		return app_store_fail(app, err, se, NULL);
	return audit_account(app, t->a, t->actor, "update", &u, u.login, err);
}

int app_user_update(struct app *app, struct arena *a, int64_t id, json_t *body,
		    const struct app_principal *who, const char *actor, json_t **out,
		    struct app_error *err)
{
	static const char *const allowed[] = {"disabled", "name", "password", NULL};
	const char *name, *password, *hash = NULL;

	*out = NULL;
	if (!json_is_object(body))
		return app_fail(err, 400, "invalid_body", "the request body must be a JSON object");
	json_t *disabled = json_object_get(body, "disabled"),
	       *jname = json_object_get(body, "name");
	int bad = only_members(body, allowed, err);
	bad |= opt_string(body, "name", 1000, &name, err);
	bad |= opt_string(body, "password", 300, &password, err);
	if (name && !*name)
		name = NULL; /* an empty name is no name */
	if (disabled && !json_is_boolean(disabled)) {
		app_field_error(err, "disabled", "invalid_type", "must be true or false");
		bad = -1;
	}
	enum check_code c = name ? check_text(name, strlen(name), 200, 0) : CHECK_OK;
	if (!bad && c) {
		app_field_error(err, "name", check_code_name(c), check_message(c));
		bad = -1;
	}
	if (!bad && json_object_size(body) == 0) {
		app_field_error(err, "disabled", "required", "send disabled, name or password");
		bad = -1;
	}
	if (bad)
		return app_fail(err, 422, "validation_failed", "one or more fields are invalid");
	if (json_is_true(disabled) && who && who->user_id == id)
		return app_fail(err, 409, "own_account",
				"you cannot disable the account you are logged in with");
	if (password && checked_hash(a, password, &hash, err))
		return -1;
	struct account_tx t = {.a = a,
			       .hash = hash,
			       .actor = actor,
			       .uid = id,
			       .jdisabled = disabled,
			       .jname = jname,
			       .name = name};
	if (app_tx(app, user_update_tx, &t, err))
		return -1;
	return account_answer(app, a, id, out, err);
}

static char unknown_hash[crypto_pwhash_STRBYTES];
static pthread_once_t unknown_once = PTHREAD_ONCE_INIT;

static void make_unknown_hash(void)
{
	unsigned char raw[16];
	char secret[33];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(secret, sizeof(secret), raw, sizeof(raw));
	if (hash_into(unknown_hash, secret))
		unknown_hash[0] = '\0';
}

int app_user_verify(struct app *app, struct arena *a, const char *login, const char *password,
		    struct app_account *out, struct app_error *err)
{
	struct user u;
	app_read_begin(app);
	int se = store_user_by_login(app_store(app), login, a, &u);
	app_read_end(app);
	if (se && se != STORE_NOT_FOUND)
		return app_store_fail(app, err, se, NULL);
	if (sodium_init() < 0)
		return app_fail(err, 500, "internal", "the password library failed to start");
	pthread_once(&unknown_once, make_unknown_hash);
	/* an unknown login costs the same verification as a wrong password */
	int good = hash_matches(se ? unknown_hash : u.password_hash, password);
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
