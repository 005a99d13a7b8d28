/* policy.c - the row-level rules of the roles. */
#include "policy.h"

enum policy_scope policy_scope(const struct policy_actor *who, const struct entity *e,
			       enum policy_op op)
{
	if (!who->signed_in)
		return SCOPE_NONE;
	if (who->role == ROLE_ADMIN)
		return SCOPE_ALL;
	if (!e->owner && !e->self_owned) /* reference data: people, places, events, ties */
		return op == POLICY_READ || who->role == ROLE_ORGANIZER ? SCOPE_ALL : SCOPE_NONE;
	if (e->self_owned) /* organizations: all read them; a company edits its own profile */
		return op == POLICY_READ || who->role == ROLE_ORGANIZER	 ? SCOPE_ALL
		       : who->role == ROLE_COMPANY && op == POLICY_WRITE ? SCOPE_OWN
									 : SCOPE_NONE;
	switch (who->role) {
	case ROLE_ORGANIZER: return SCOPE_OWN;
	case ROLE_VIEWER: return op == POLICY_READ ? SCOPE_OWN : SCOPE_NONE;
	case ROLE_COMPANY:
		if (e->company)
			return op == POLICY_DELETE ? SCOPE_NONE : SCOPE_COMPANY;
		return op == POLICY_READ && e->company_reads ? SCOPE_ALL : SCOPE_NONE;
	default: return SCOPE_NONE;
	}
}

int policy_allows(const struct policy_actor *who, const struct entity *e, enum policy_op op,
		  int64_t owner_org, int64_t company)
{
	switch (policy_scope(who, e, op)) {
	case SCOPE_ALL: return 1;
	case SCOPE_OWN: return owner_org != 0 && owner_org == who->organization_id;
	case SCOPE_COMPANY: return company != 0 && company == who->organization_id;
	default: return 0;
	}
}

const char *policy_scope_name(enum policy_scope s)
{
	return s == SCOPE_ALL	    ? "all"
	       : s == SCOPE_OWN	    ? "own"
	       : s == SCOPE_COMPANY ? "company"
				    : "none";
}
