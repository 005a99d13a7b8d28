/* role.c - role names and the rules that go with them. */
#include "role.h"

#include <string.h>

static const char *const names[ROLE_COUNT] = {
	[ROLE_ADMIN] = "admin",
	[ROLE_ORGANIZER] = "organizer",
	[ROLE_VIEWER] = "viewer",
	[ROLE_COMPANY] = "company",
};

const char *role_name(enum role r)
{
	return r < ROLE_COUNT ? names[r] : "unknown";
}

int role_parse(const char *name, enum role *out)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (!strcmp(names[i], name)) {
			*out = (enum role)i;
			return 0;
		}
	return -1;
}

int role_needs_organization(enum role r)
{
	return r != ROLE_ADMIN;
}

int password_acceptable(const char *password)
{
	size_t n = strlen(password);
	return n >= 10 && n <= 256 ? 0 : -1;
}
