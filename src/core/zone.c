/* zone.c - zone arithmetic through libical's tzdata-backed time zones. */
#include "zone.h"

#include <libical/ical.h>
#include <stdio.h>
#include <string.h>

#include "check.h"

int zone_known(const char *tz)
{
	return tz && icaltimezone_get_builtin_timezone(tz) != NULL;
}

/* tzdata names standard and daylight time "PST/PDT"; a zone with one name has no slash. */
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

int zone_at(const char *tz, int64_t t, struct zoned *out)
{
	icaltimezone *z = tz ? icaltimezone_get_builtin_timezone(tz) : NULL;
	if (!z)
		return -1;
	icaltimetype utc =
		icaltime_from_timet_with_zone((time_t)t, 0, icaltimezone_get_utc_timezone());
	int dst = 0;
	int offset = icaltimezone_get_utc_offset_of_utc_time(z, &utc, &dst);
	/* the local clock is UTC plus the offset tzdata gives for that instant */
	int64_t local = t + offset;
	long day = (long)(local >= 0 ? local / 86400 : (local - 86399) / 86400);
	long rem = (long)(local - (int64_t)day * 86400);
	memset(out, 0, sizeof(*out));
	civil_from_days(day, &out->c.year, &out->c.month, &out->c.day);
	out->c.hour = (int)(rem / 3600);
	out->c.minute = (int)(rem / 60 % 60);
	out->c.second = (int)(rem % 60);
	out->day = day;
	out->offset = offset;
	abbreviation(z, dst, offset, out->abbr);
	return 0;
}

int zone_instant(const char *tz, const struct civil *c, int64_t *t)
{
	icaltimezone *z = tz ? icaltimezone_get_builtin_timezone(tz) : NULL;
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

static int digits(const char *s, int n, int *out)
{
	*out = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*out = *out * 10 + (s[i] - '0');
	}
	return 0;
}

int date_parse(const char *s, long *day)
{
	int y, m, d;
	if (!s || strlen(s) < 10 || s[4] != '-' || s[7] != '-' || digits(s, 4, &y) ||
	    digits(s + 5, 2, &m) || digits(s + 8, 2, &d) || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	*day = days_from_civil(y, m, d);
	return 0;
}

int instant_parse(const char *s, int64_t *t)
{
	long day;
	int h, mi, sec;
	if (date_parse(s, &day) || strlen(s) != 20 || s[10] != 'T' || s[13] != ':' ||
	    s[16] != ':' || s[19] != 'Z' || digits(s + 11, 2, &h) || digits(s + 14, 2, &mi) ||
	    digits(s + 17, 2, &sec))
		return -1;
	*t = (int64_t)day * 86400 + h * 3600 + mi * 60 + sec;
	return 0;
}

void date_format(long day, char out[11])
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 13u,
		 (unsigned)d % 32u);
}

int date_weekday(long day)
{
	long w = (day + 4) % 7; /* 1970-01-01 was a Thursday */
	return (int)(w < 0 ? w + 7 : w);
}
