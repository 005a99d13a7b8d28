/* zone.h - local time in IANA zones. The rules come from tzdata through libical; nothing here
 * knows an offset by heart. Instants are seconds since 1970-01-01T00:00:00Z. */
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

/* Whether tzdata knows the zone. */
int zone_known(const char *tz);
/* How zone tz shows instant t. Returns 0, or -1 for a zone tzdata does not know. */
int zone_at(const char *tz, int64_t t, struct zoned *out);
/* The instant when the clocks of tz show c (in a gap or an overlap, libical's reading).
 * Returns 0, or -1 for an unknown zone. */
int zone_instant(const char *tz, const struct civil *c, int64_t *t);

/* Parses YYYY-MM-DDTHH:MM:SSZ (how instants are stored). Returns 0 or -1. */
int instant_parse(const char *s, int64_t *t);
/* Parses YYYY-MM-DD into days since 1970-01-01. Returns 0 or -1. */
int date_parse(const char *s, long *day);
/* Writes day (days since 1970-01-01) as YYYY-MM-DD. */
void date_format(long day, char out[11]);
/* Day of the week of a day since 1970-01-01: 0 Sunday .. 6 Saturday. */
int date_weekday(long day);

#endif
