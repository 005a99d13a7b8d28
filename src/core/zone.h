/* zone.h - local time in IANA zones. The rules come from tzdata through a library, which the
 * program installs (zone_rules_use; src/tz/tzdata.c reads them through libical): core does
 * the arithmetic and knows no offset by heart, and no file. Instants are seconds since
 * 1970-01-01T00:00:00Z. */
#ifndef ROADSHOW_ZONE_H
#define ROADSHOW_ZONE_H

#include <stdint.h>

struct civil {
	int year, month, day, hour, minute, second;
};

/* A moment as a zone shows it: its civil time, offset from UTC and abbreviation ("PST"). */
struct zoned {
	struct civil c;
	long day;   /* the local date as days since 1970-01-01 */
	int offset; /* seconds east of UTC */
	char abbr[16];
};

/* The rules of the zones, from wherever they are kept. */
struct zone_rules {
	/* The offset east of UTC (seconds) of zone tz at instant t, whether daylight time is in
	 * force, and the abbreviation of its time then ("PST"). Returns 0, or -1 for a zone the
	 * rules do not know. */
	int (*offset_at)(const char *tz, int64_t t, int *offset, int *dst, char abbr[16]);
	/* The instant when the clocks of tz show c (in a gap or an overlap, the rules' reading).
	 * Returns 0, or -1 for an unknown zone. */
	int (*instant_of)(const char *tz, const struct civil *c, int64_t *t);
};
/* Installs the rules every function below asks (once, at start-up); before that, and with
 * NULL, no zone is known. */
void zone_rules_use(const struct zone_rules *r);

/* Whether the rules know the zone. */
int zone_known(const char *tz);
/* How zone tz shows instant t. Returns 0, or -1 for a zone tzdata does not know. */
int zone_at(const char *tz, int64_t t, struct zoned *out);
/* The instant when the clocks of tz show c (in a gap or an overlap, the rules' reading).
 * Returns 0, or -1 for an unknown zone. */
int zone_instant(const char *tz, const struct civil *c, int64_t *t);

/* Parses YYYY-MM-DDTHH:MM:SSZ (how instants are stored). Returns 0 or -1. */
int instant_parse(const char *s, int64_t *t);
/* Writes t as YYYY-MM-DDTHH:MM:SSZ, the form instant_parse reads. */
void instant_format(int64_t t, char out[21]);
/* Parses YYYY-MM-DD into days since 1970-01-01. Returns 0 or -1. */
int date_parse(const char *s, long *day);
/* Writes day (days since 1970-01-01) as YYYY-MM-DD. */
void date_format(long day, char out[11]);
/* Day of the week of a day since 1970-01-01: 0 Sunday .. 6 Saturday. */
int date_weekday(long day);

#endif
