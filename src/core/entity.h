/* entity.h - resource descriptors: the one description of each resource's fields.
 *
 * Validation, JSON encoding, CSV columns, SQL column lists, the OpenAPI schemas and the
 * web UI's forms are all derived from these tables. The SQL schema itself is written in
 * the numbered migrations; a unit test keeps the two in step. */
#ifndef ROADSHOW_ENTITY_H
#define ROADSHOW_ENTITY_H

#include <stddef.h>
#include <stdint.h>

enum field_type {
	FT_TEXT,    /* UTF-8 string, max = code points */
	FT_ENUM,    /* one of values[] */
	FT_REF,	    /* id of a row of entity ref */
	FT_DATE,    /* local calendar date, YYYY-MM-DD */
	FT_INSTANT, /* an instant; RFC 3339 in, stored and shown in UTC */
	FT_TZ,	    /* IANA time-zone name */
	FT_BOOL,
	FT_INT,	    /* 0..max */
	FT_COUNTRY, /* ISO 3166-1 alpha-2, upper case */
	FT_EMAIL,
	FT_STRLIST,  /* list of strings, at most max entries of 200 code points */
	FT_MONEY,    /* an amount in integer minor units of a currency (cents, won), 0..MONEY_MAX */
	FT_CURRENCY, /* ISO 4217 alpha-3 currency code, upper case */
	FT_DECIMAL,  /* a non-negative decimal written as a string: "1305.12" (exchange rates) */
};

/* The largest amount a money field holds: under 2^53, so JSON readers keep it exact. */
#define MONEY_MAX 999999999999999LL

enum field_flag {
	FF_REQUIRED = 1 << 0,  /* must be present and non-null on create */
	FF_FILTER = 1 << 1,    /* may be used as ?name=value on lists */
	FF_SEARCH = 1 << 2,    /* matched by ?q= */
	FF_SORT = 1 << 3,      /* may be used as ?sort=name */
	FF_MULTILINE = 1 << 4, /* may hold line breaks (UI shows a text area) */
	/* set by Roadshow (the scheduler, an action), never by a client: a request's value is
	 * ignored (OpenAPI readOnly); an import or the demo loader keeps it */
	FF_READONLY = 1 << 5,
	/* set by staff only (a follow-up's provenance): a company member writing its own row
	 * may send back the stored value (or, creating, the default), no other */
	FF_STAFF = 1 << 6
};

struct field {
	const char *name; /* JSON key, CSV column and SQL column */
	enum field_type type;
	unsigned flags;
	int max;
	const char *const *values; /* FT_ENUM: NULL-terminated */
	const char *ref;	   /* FT_REF: the referenced entity's name */
	const char *label_ko, *label_en;
	const char *def; /* value stored when a create leaves the field out, or NULL */
};

/* A child resource listed inside its parent's GET (delegation members, agreement parties). */
struct child {
	const char *key;    /* JSON key in the parent */
	const char *entity; /* child entity name */
	const char *fk;	    /* child's field that points at the parent */
};

struct entity {
	const char *name;     /* plural, URL segment and table name: "organizations" */
	const char *singular; /* "organization" */
	const char *label_ko, *label_en;
	const char *title_ko, *title_en; /* fields that name a row, for labels of references */
	const struct field *fields;
	size_t nfields;
	const struct child *children;
	size_t nchildren;
	const char *unique[4];	    /* fields that together are unique (NULL-terminated) */
	const char *before, *after; /* when both are set, before <= after must hold */
	const char *distinct[2];    /* two references that must not point at the same row */
	/* References (NULL-terminated) whose rows must agree on their field same_via, e.g. an
	 * attendee's item and member belong to one delegation; a field named same_via itself
	 * takes part with its own value. */
	const char *same[4];
	const char *same_via;
	const char *computed; /* a key a GET adds that is worked out, never stored ("trip") */
	/* Who owns a row: the reference that leads to its host organization, directly (a
	 * reference to organizations) or through the owner of the row it points at. NULL for
	 * reference data (organizations, people, places, events, ties) that every account reads. */
	const char *owner;
	int company_reads; /* company members read every row (show listings: pavilions, booths) */
	/* The reference that leads to the company a row is about, directly (a reference to
	 * organizations) or through the company of the row it points at: that company's members
	 * read, create and update it (never delete it), whatever region owns it. NULL: none. */
	const char *company;
	int self_owned; /* each row is owned by itself (an organization owns its profile) */
};

extern const struct entity *const entities[];
extern const size_t nentities;

/* Returns the entity called name (plural), or NULL. */
const struct entity *entity_find(const char *name);
/* Returns the index of field name in e, or -1. */
int entity_field_index(const struct entity *e, const char *name);
/* Returns the field type's name as the API documents it ("text", "ref", ...). */
const char *field_type_name(enum field_type t);

/* One row of a resource: the fixed columns and one value per descriptor field.
 * All strings are owned by whoever owns the row (an arena, normally). */
struct value {
	int present; /* for updates: the field was given */
	int null;
	int64_t i;     /* FT_REF, FT_BOOL, FT_INT, FT_MONEY */
	const char *s; /* every other type; FT_STRLIST holds a JSON array */
};

struct row {
	int64_t id, version;
	const char *created_at, *updated_at;
	struct value *v; /* nfields values */
};

static inline int field_is_integer(enum field_type t)
{
	return t == FT_REF || t == FT_BOOL || t == FT_INT || t == FT_MONEY;
}

#endif
