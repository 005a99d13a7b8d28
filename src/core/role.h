/* role.h - who an account is: the roles of Roadshow and what each needs. */
#ifndef ROADSHOW_ROLE_H
#define ROADSHOW_ROLE_H

enum role {
	ROLE_ADMIN = 0, /* everything */
	ROLE_ORGANIZER, /* reads and edits its host organization's data */
	ROLE_VIEWER,	/* reads what its organization's organizers read */
	ROLE_COMPANY,	/* a participating company's member */
	ROLE_COUNT,
};

/* The role's stable name ("organizer"). */
const char *role_name(enum role r);
/* Parses a name; returns -1 when it names no role. */
int role_parse(const char *name, enum role *out);
/* Whether an account of this role belongs to an organization (all but admin). */
int role_needs_organization(enum role r);

/* Password rules: 10 to 256 bytes. Returns 0 when acceptable. */
int password_acceptable(const char *password);

#endif
