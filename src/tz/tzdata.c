/* tzdata.c - zone rules from tzdata through libical's built-in time zones. libical keeps the
 * zones it has loaded for the life of the process; callers hold the app's lock (or are the
 * CLI's one thread), since loading a zone is not thread-safe. */
#include "tzdata.h"

#include <libical/ical.h>
#include <stdio.h>
#include <string.h>

/* tzdata names standard and daylight time "PST/PDT"; a zone with one name has no slash, and
 * one without names is written by its offset. */
static void abbreviation(icaltimezone *z, int dst, int offset, char out[16])
{
	const char *names = icaltimezone_get_tznames(z);
	const char *slash = names ? strchr(names, '/') : NULL;
	if (!names || !*names) {
		int m = (offset < 0 ? -offset : offset) / 60;
		snprintf(out, 16, "UTC%c%02d:%02d", offset < 0 ? '-' : '+', m / 60 % 100, m % 60);
	} else if (slash && dst) {
		snprintf(out, 16, "%s", slash + 1);
	} else {
		snprintf(out, 16, "%.*s", slash ? (int)(slash - names) : 15, names);
	}
}

static int offset_at(const char *tz, int64_t t, int *offset, int *dst, char abbr[16])
{
	icaltimezone *z = icaltimezone_get_builtin_timezone(tz);
	if (!z)
		return -1;
	icaltimetype utc =
		icaltime_from_timet_with_zone((time_t)t, 0, icaltimezone_get_utc_timezone());
	*dst = 0;
	*offset = icaltimezone_get_utc_offset_of_utc_time(z, &utc, dst);
	abbreviation(z, *dst, *offset, abbr);
	return 0;
}

static int instant_of(const char *tz, const struct civil *c, int64_t *t)
{
	icaltimezone *z = icaltimezone_get_builtin_timezone(tz);
	if (!z)
		return -1;
	icaltimetype lt = icaltime_null_time();
	lt.year = c->year;
	lt.month = c->month;
	lt.day = c->day;
	lt.hour = c->hour;
	lt.minute = c->minute;
	lt.second = c->second;
	*t = (int64_t)icaltime_as_timet_with_zone(lt, z);
	return 0;
}

const struct zone_rules tzdata_rules = {.offset_at = offset_at, .instant_of = instant_of};
