/* zone.c - local clocks from the zone rules the program installed, and plain dates. */
#include "zone.h"

#include <stdio.h>
#include <string.h>

#include "check.h"

static const struct zone_rules *rules;

void zone_rules_use(const struct zone_rules *r)
{
	rules = r;
}

int zone_known(const char *tz)
{
	int offset, dst;
	char abbr[16];
	return tz && rules && !rules->offset_at(tz, 0, &offset, &dst, abbr);
}

int zone_at(const char *tz, int64_t t, struct zoned *out)
{
	int offset, dst;
	memset(out, 0, sizeof(*out));
	if (!tz || !rules || rules->offset_at(tz, t, &offset, &dst, out->abbr))
		return -1;
	/* the local clock is UTC plus the offset tzdata gives for that instant */
	int64_t local = t + offset;
	long day = (long)(local >= 0 ? local / 86400 : (local - 86399) / 86400);
	long rem = (long)(local - (int64_t)day * 86400);
	civil_from_days(day, &out->c.year, &out->c.month, &out->c.day);
	out->c.hour = (int)(rem / 3600);
	out->c.minute = (int)(rem / 60 % 60);
	out->c.second = (int)(rem % 60);
	out->day = day;
	out->offset = offset;
	return 0;
}

int zone_instant(const char *tz, const struct civil *c, int64_t *t)
{
	return tz && rules ? rules->instant_of(tz, c, t) : -1;
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

void instant_format(int64_t t, char out[21])
{
	long day = (long)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
	long rem = (long)(t - (int64_t)day * 86400);
	char date[11];
	date_format(day, date);
	snprintf(out, 21, "%.10sT%02u:%02u:%02uZ", date, (unsigned)(rem / 3600) % 24u,
		 (unsigned)(rem / 60) % 60u, (unsigned)rem % 60u);
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
