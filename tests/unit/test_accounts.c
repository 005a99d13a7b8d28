/* test_accounts.c - accounts: argon2id hashes, verification, roles, disabling, audit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app/app.h"
#include "store/store.h"

struct fixture {
	struct app app;
	struct arena a;
	struct app_error err;
	int64_t org;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char err[256];
	if (app_open(&f->app, ":memory:", err, sizeof(err)))
		return -1;
	app_error_init(&f->err, &f->a);
	json_t *body = json_pack("{s:s, s:s}", "kind", "government", "name_ko", "전북특별자치도"),
	       *out;
	struct app_write w = {.actor = "test"};
	int status, replayed;
	if (app_create(&f->app, &f->a, entity_find("organizations"), body, &w, &out, &status,
		       &replayed, &f->err))
		return -1;
	f->org = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	json_decref(body);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	app_close(&f->app);
	arena_release(&f->a);
	free(f);
	return 0;
}

static int add(struct fixture *f, const char *login, const char *role, int64_t org,
	       const char *password)
{
	struct app_account in = {.login = login, .role = role, .organization_id = org};
	int64_t id;
	app_error_init(&f->err, &f->a);
	return app_user_add(&f->app, &f->a, &in, password, "test", &id, &f->err);
}

static int verify(struct fixture *f, const char *login, const char *password)
{
	struct app_account who;
	app_error_init(&f->err, &f->a);
	return app_user_verify(&f->app, &f->a, login, password, &who, &f->err);
}

static void passwords_are_stored_as_argon2id(void **state)
{
	struct fixture *f = *state;
	struct user u;
	assert_int_equal(add(f, "jb.officer", "organizer", f->org, "correct horse battery"), 0);
	assert_int_equal(store_user_by_login(f->app.store, "jb.officer", &f->a, &u), STORE_OK);
	assert_non_null(strstr(u.password_hash, "$argon2id$"));
	assert_null(strstr(u.password_hash, "correct horse"));
	assert_int_equal(u.organization_id, f->org);
	assert_string_equal(u.role, "organizer");
}

static void verification_accepts_only_the_right_password(void **state)
{
	struct fixture *f = *state;
	struct app_account who;
	assert_int_equal(add(f, "admin", "admin", 0, "correct horse battery"), 0);
	app_error_init(&f->err, &f->a);
	assert_int_equal(
		app_user_verify(&f->app, &f->a, "admin", "correct horse battery", &who, &f->err),
		0);
	assert_string_equal(who.role, "admin");
	assert_int_equal(verify(f, "admin", "correct horse batterY"), -1);
	assert_int_equal(f->err.status, 401);
	assert_string_equal(f->err.code, "invalid_credentials");
	/* an unknown login fails the same way */
	assert_int_equal(verify(f, "nobody", "correct horse battery"), -1);
	assert_string_equal(f->err.code, "invalid_credentials");
}

static void disabled_accounts_cannot_log_in_until_enabled(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(add(f, "viewer1", "viewer", f->org, "correct horse battery"), 0);
	assert_int_equal(app_user_set_disabled(&f->app, &f->a, "viewer1", 1, "test", &f->err), 0);
	assert_int_equal(verify(f, "viewer1", "correct horse battery"), -1);
	assert_int_equal(app_user_set_disabled(&f->app, &f->a, "viewer1", 0, "test", &f->err), 0);
	assert_int_equal(verify(f, "viewer1", "correct horse battery"), 0);
}

static void a_new_password_replaces_the_old(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(add(f, "co.member", "viewer", f->org, "first password 1"), 0);
	assert_int_equal(app_user_set_password(&f->app, &f->a, "co.member", "second password 2",
					       "test", &f->err),
			 0);
	assert_int_equal(verify(f, "co.member", "first password 1"), -1);
	assert_int_equal(verify(f, "co.member", "second password 2"), 0);
	app_error_init(&f->err, &f->a);
	assert_int_equal(
		app_user_set_password(&f->app, &f->a, "co.member", "short", "test", &f->err), -1);
	assert_int_equal(f->err.status, 422);
}

static void roles_organizations_and_logins_are_checked(void **state)
{
	struct fixture *f = *state;
	/* a company member belongs to a company, nobody else does (f->org is a government) */
	assert_int_equal(add(f, "co.member", "company", f->org, "correct horse battery"), -1);
	assert_string_equal(f->err.errors[0].code, "wrong_kind");
	assert_int_equal(add(f, "x1", "organizer", f->org, "correct horse battery"), -1);
	assert_string_equal(f->err.errors[0].field, "login");
	assert_int_equal(add(f, "boss", "emperor", 0, "correct horse battery"), -1);
	assert_string_equal(f->err.errors[0].field, "role");
	assert_int_equal(add(f, "orgless", "organizer", 0, "correct horse battery"), -1);
	assert_string_equal(f->err.errors[0].field, "organization_id");
	assert_int_equal(add(f, "admin2", "admin", f->org, "correct horse battery"), -1);
	assert_string_equal(f->err.errors[0].field, "organization_id");
	assert_int_equal(add(f, "ghost.org", "viewer", f->org + 1000, "correct horse battery"), -1);
	assert_string_equal(f->err.errors[0].code, "unknown_reference");
	assert_int_equal(add(f, "dup", "admin", 0, "correct horse battery"), 0);
	assert_int_equal(add(f, "dup", "admin", 0, "correct horse battery"), -1);
	assert_int_equal(f->err.status, 409);
	json_t *list;
	assert_int_equal(app_user_list(&f->app, &f->a, &list, &f->err), 0);
	assert_int_equal(json_array_size(list), 1);
	assert_null(json_object_get(json_array_get(list, 0), "password_hash"));
	json_decref(list);
}

static void account_changes_are_audited_without_secrets(void **state)
{
	struct fixture *f = *state;
	struct audit_query q = {.resource = APP_ACCOUNTS, .limit = 10};
	struct audit_entry *e;
	size_t n;
	assert_int_equal(add(f, "audited", "viewer", f->org, "correct horse battery"), 0);
	assert_int_equal(app_user_set_disabled(&f->app, &f->a, "audited", 1, "test", &f->err), 0);
	assert_int_equal(app_user_set_password(&f->app, &f->a, "audited", "another password",
					       "test", &f->err),
			 0);
	assert_int_equal(store_audit_list(f->app.store, &q, &f->a, &e, &n), STORE_OK);
	assert_int_equal(n, 3);
	assert_string_equal(e[0].action, "password");
	assert_string_equal(e[1].action, "disable");
	assert_string_equal(e[2].action, "create");
	for (size_t i = 0; i < n; i++) {
		assert_null(strstr(e[i].after, "argon2"));
		assert_null(strstr(e[i].after, "password\":"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(passwords_are_stored_as_argon2id, setup, teardown),
		cmocka_unit_test_setup_teardown(verification_accepts_only_the_right_password, setup,
						teardown),
		cmocka_unit_test_setup_teardown(disabled_accounts_cannot_log_in_until_enabled,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_new_password_replaces_the_old, setup, teardown),
		cmocka_unit_test_setup_teardown(roles_organizations_and_logins_are_checked, setup,
						teardown),
		cmocka_unit_test_setup_teardown(account_changes_are_audited_without_secrets, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
