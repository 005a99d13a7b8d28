/* policy.h - who may read and write which rows: the one place the row-level rules live.
 *
 * Pure: the caller resolves which organization owns a row (following entity->owner) and
 * asks here; lists ask for a scope and filter by it. */
#ifndef ROADSHOW_POLICY_H
#define ROADSHOW_POLICY_H

#include <stdint.h>

#include "entity.h"
#include "role.h"

enum policy_op {
	POLICY_READ,
	POLICY_WRITE,  /* create, update */
	POLICY_DELETE, /* as write, except that a company may not delete its own profile */
};

enum policy_scope {
	SCOPE_NONE,    /* no row */
	SCOPE_OWN,     /* the rows owned by the actor's organization */
	SCOPE_ALL,     /* every row */
	SCOPE_COMPANY, /* the rows about the actor's company (entity->company) */
};

struct policy_actor {
	int signed_in; /* 0: anonymous, who sees only published public pages */
	enum role role;
	int64_t organization_id;
};

/* Which rows of e the actor may read or write. */
enum policy_scope policy_scope(const struct policy_actor *who, const struct entity *e,
			       enum policy_op op);
/* Whether the actor may read or write a row of e owned by owner_org (0: by nobody; for a
 * self-owned entity, the row's own id) and about company (entity->company; 0: none). */
int policy_allows(const struct policy_actor *who, const struct entity *e, enum policy_op op,
		  int64_t owner_org, int64_t company);
/* The scope's name, for messages and tests. */
const char *policy_scope_name(enum policy_scope s);

#endif
