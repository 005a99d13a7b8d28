/* authorize.c - the one place requests are checked against the roles (core/policy.c):
 * which rows a request may see or change, decided before any row is read or written. */
#include <string.h>

#include "../store/store.h"
#include "app.h"
#include "rowjson.h"

static const char *const access_names[ACCESS_COUNT] = {
	[ACCESS_PUBLIC] = "public", [ACCESS_ACCOUNT] = "account",
	[ACCESS_STAFF] = "staff",   [ACCESS_ADMIN] = "admin",
	[ACCESS_POLICY] = "policy", [ACCESS_PARTICIPANT] = "participant",
};

const char *app_access_name(enum app_access access)
{
	return access_names[access];
}

static int login_required(struct app_error *err)
{
	return app_fail(err, 401, "login_required",
			"log in, or send an API token as Authorization: Bearer");
}

/* Whether no account exists yet (the caller holds the lock). Once one does, setup is over for
 * good: accounts are disabled, never deleted, so the count need not be asked again. */
static int setup_mode_locked(struct app *app, int *setup, struct app_error *err)
{
	int64_t accounts = 0;
	*setup = 0;
	if (atomic_load(&app->accounts_exist))
		return 0;
	int se = store_user_count(app_store(app), &accounts);
	*setup = !accounts;
	if (accounts)
		atomic_store(&app->accounts_exist, 1);
	return se ? app_store_fail(app, err, se, NULL) : 0;
}

int app_setup_mode(struct app *app, int *setup, struct app_error *err)
{
	*setup = 0;
	if (atomic_load(&app->accounts_exist))
		return 0;
	app_read_begin(app);
	int rc = setup_mode_locked(app, setup, err);
	app_read_end(app);
	return rc;
}

int app_authorize(struct app *app, const struct app_principal *who, enum app_access access,
		  const struct entity *e, enum policy_op op, struct app_error *err)
{
	enum role role;
	int setup;
	if (access == ACCESS_PUBLIC)
		return 0;
	if (access == ACCESS_ACCOUNT)
		return who->user_id ? 0 : login_required(err);
	if (app_setup_mode(app, &setup, err))
		return -1;
	if (setup)
		return 0;
	if (!who->user_id)
		return login_required(err);
	if (role_parse(who->role, &role))
		return app_fail(err, 403, "forbidden", "your account has no known role");
	struct policy_actor actor = {
		.signed_in = 1, .role = role, .organization_id = who->organization_id};
	int allowed = access == ACCESS_STAFF	     ? role != ROLE_COMPANY
		      : access == ACCESS_ADMIN	     ? role == ROLE_ADMIN
		      : access == ACCESS_PARTICIPANT ? 1
						     : policy_scope(&actor, e, op) != SCOPE_NONE;
	if (allowed)
		return 0;
	return app_fail(err, 403, "forbidden",
			access == ACCESS_ADMIN	 ? "only an administrator may do this"
			: access == ACCESS_STAFF ? "this is for administrators and organizers"
			: op == POLICY_READ	 ? "your role may not read these records"
						 : "your role may not change these records");
}

int app_grant_locked(struct app *app, const struct app_principal *who, const struct entity *e,
		     enum policy_op op, struct app_grant *g, struct app_error *err)
{
	int setup;
	memset(g, 0, sizeof(*g));
	if (!who)
		return 0; /* the CLI and the demo loader act for the operator of the machine */
	if (setup_mode_locked(app, &setup, err))
		return -1;
	if (setup)
		return 0; /* set-up: no account yet, so loopback-only and open (see README) */
	if (!who->user_id)
		return login_required(err);
	g->checked = 1;
	g->actor.signed_in = 1;
	g->actor.organization_id = who->organization_id;
	if (role_parse(who->role, &g->actor.role))
		return app_fail(err, 403, "forbidden", "your account has no known role");
	return app_grant_narrow(g, e, op, err);
}

int app_grant_narrow(struct app_grant *g, const struct entity *e, enum policy_op op,
		     struct app_error *err)
{
	g->owner_org = g->company_org = 0;
	if (!g->checked)
		return 0;
	switch (policy_scope(&g->actor, e, op)) {
	case SCOPE_ALL: return 0;
	case SCOPE_OWN: g->owner_org = g->actor.organization_id; return 0;
	case SCOPE_COMPANY: g->company_org = g->actor.organization_id; return 0;
	default:
		return app_fail(err, 403, "forbidden",
				op == POLICY_READ ? "your role may not read these records"
						  : "your role may not change these records");
	}
}

int app_grant_row(struct app *app, struct arena *a, const struct app_grant *g,
		  const struct entity *e, const struct row *r, int status, struct app_error *err)
{
	int64_t owner;
	if (!g || (!g->owner_org && !g->company_org))
		return 0;
	if (g->owner_org ? app_owner_of(app, a, e, r, &owner, err)
			 : app_company_of(app, a, e, r, &owner, err))
		return -1;
	if (owner == (g->owner_org ? g->owner_org : g->company_org))
		return 0;
	/* a row of someone else's is, for this request, a row that does not exist */
	return status == 404 ? app_fail(err, 404, "not_found", "no such record")
			     : app_fail(err, 403, "forbidden",
					"the record would belong to another organization");
}
