/* check.c - value checks: text length, enums, dates, instants, countries, emails. */
#include "check.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *name, *message;
} codes[] = {
	[CHECK_OK] = {"ok", "ok"},
	[CHECK_REQUIRED] = {"required", "is required"},
	[CHECK_TYPE] = {"invalid_type", "has the wrong type"},
	[CHECK_TOO_LONG] = {"too_long", "is too long"},
	[CHECK_CONTROL] = {"invalid_character", "contains a control character"},
	[CHECK_ENUM] = {"invalid_choice", "is not one of the allowed values"},
	[CHECK_DATE] = {"invalid_date", "is not a date (YYYY-MM-DD)"},
	[CHECK_INSTANT] = {"invalid_instant",
			   "is not an RFC 3339 date-time with a zone (2024-01-09T10:00:00-08:00)"},
	[CHECK_COUNTRY] = {"invalid_country", "is not an ISO 3166 two-letter country code"},
	[CHECK_EMAIL] = {"invalid_email", "is not an email address"},
	[CHECK_TZ] = {"invalid_timezone", "is not an IANA time zone (Asia/Seoul)"},
	[CHECK_RANGE] = {"out_of_range", "is out of range"},
	[CHECK_REFERENCE] = {"unknown_reference", "refers to a record that does not exist"},
	[CHECK_UNKNOWN_FIELD] = {"unknown_field", "is not a field of this resource"},
	[CHECK_ORDER] = {"invalid_order", "must not come before its start"},
	[CHECK_TOO_MANY] = {"too_many", "has too many entries"},
	[CHECK_DUPLICATE] = {"duplicate", "is already taken"},
	[CHECK_READ_ONLY] = {"read_only", "cannot be set"},
	[CHECK_STAFF_ONLY] = {"staff_only", "is set by the organizers; send the stored value"},
	[CHECK_SAME] = {"must_differ", "must not be the same as the other side"},
	[CHECK_CURRENCY] = {"invalid_currency", "is not an ISO 4217 currency code (KRW, USD)"},
	[CHECK_DECIMAL] = {"invalid_decimal",
			   "must be a decimal written as a string, like \"1305.12\" (at most 6 "
			   "decimals)"},
	[CHECK_ELSEWHERE] = {"other_parent",
			     "belongs elsewhere than the other references (another delegation)"},
};

const char *check_code_name(enum check_code c)
{
	return codes[c].name;
}

const char *check_message(enum check_code c)
{
	return codes[c].message;
}

size_t utf8_length(const char *s, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}

enum check_code check_text(const char *s, size_t n, int max, int multiline)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n' || c == '\t' || c == '\r') {
			if (!multiline)
				return CHECK_CONTROL;
		} else if (c < 0x20 || c == 0x7f) {
			return CHECK_CONTROL;
		} else if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
			   (unsigned char)s[i + 1] <= 0x9f) {
			return CHECK_CONTROL; /* C1 controls U+0080..U+009F (NEL, CSI...) */
		}
	}
	if (max > 0 && utf8_length(s, n) > (size_t)max)
		return CHECK_TOO_LONG;
	return CHECK_OK;
}

enum check_code check_enum(const char *s, const char *const *values)
{
	for (; *values; values++)
		if (!strcmp(s, *values))
			return CHECK_OK;
	return CHECK_ENUM;
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int days_in_month(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : dm[m - 1];
}

static int parse_date(const char *s, int *y, int *m, int *d)
{
	if (digits(s, 4, y) || s[4] != '-' || digits(s + 5, 2, m) || s[7] != '-' ||
	    digits(s + 8, 2, d))
		return -1;
	if (*y < 1900 || *y > 2200 || *m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m))
		return -1;
	return 0;
}

enum check_code check_date(const char *s)
{
	int y, m, d;
	if (strlen(s) != 10 || parse_date(s, &y, &m, &d))
		return CHECK_DATE;
	return CHECK_OK;
}

long days_from_civil(int y, int m, int d)
{
	/* era arithmetic over 400-year cycles (H. Hinnant's civil-from-days algorithm) */
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

enum check_code check_instant(const char *s, char out[21])
{
	int y, mo, d, h, mi, sec = 0, oh = 0, om = 0, sign = 0;
	size_t n = strlen(s);
	const char *p;

	if (n < 17 || parse_date(s, &y, &mo, &d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' '))
		return CHECK_INSTANT;
	if (digits(s + 11, 2, &h) || s[13] != ':' || digits(s + 14, 2, &mi))
		return CHECK_INSTANT;
	p = s + 16;
	if (*p == ':') {
		if (digits(p + 1, 2, &sec))
			return CHECK_INSTANT;
		p += 3;
		if (*p == '.') {
			p++;
			if (!isdigit((unsigned char)*p))
				return CHECK_INSTANT;
			while (isdigit((unsigned char)*p))
				p++;
		}
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : 1;
		if (digits(p + 1, 2, &oh) || p[3] != ':' || digits(p + 4, 2, &om))
			return CHECK_INSTANT;
		p += 6;
	} else {
		return CHECK_INSTANT; /* an instant without a zone is ambiguous */
	}
	if (*p || h > 23 || mi > 59 || sec > 60 || oh > 23 || om > 59)
		return CHECK_INSTANT;
	if (sec == 60)
		sec = 59;

	long long t = (long long)days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
	t -= (long long)sign * (oh * 3600 + om * 60);
	long days = (long)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
	long rem = (long)(t - (long long)days * 86400);
	civil_from_days(days, &y, &mo, &d);
	if (y < 1000 || y > 9999)
		return CHECK_INSTANT;
	unsigned hh = (unsigned)(rem / 3600) % 24, mm = (unsigned)(rem / 60 % 60),
		 ss = (unsigned)(rem % 60);
	snprintf(out, 21, "%04u-%02u-%02uT%02u:%02u:%02uZ", (unsigned)y % 10000u,
		 (unsigned)mo % 13u, (unsigned)d % 32u, hh, mm, ss);
	return CHECK_OK;
}

int code_listed(const char *list, size_t count, size_t width, const char *code)
{
	size_t lo = 0, hi = count;
	if (strlen(code) != width)
		return 0;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strncmp(list + width * mid, code, width);
		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

enum check_code check_country(const char *s)
{
	if (strlen(s) != 2 || !isupper((unsigned char)s[0]) || !isupper((unsigned char)s[1]) ||
	    !country_assigned(s))
		return CHECK_COUNTRY;
	return CHECK_OK;
}

enum check_code check_currency(const char *s)
{
	for (size_t i = 0; i < 3; i++)
		if (!isupper((unsigned char)s[i]))
			return CHECK_CURRENCY;
	return s[3] || !currency_assigned(s) ? CHECK_CURRENCY : CHECK_OK;
}

enum check_code check_email(const char *s)
{
	const char *at = strchr(s, '@');
	size_t n = strlen(s);
	if (!at || at == s || strchr(at + 1, '@') || n > 254)
		return CHECK_EMAIL;
	const char *dot = strrchr(at, '.');
	if (!dot || dot == at + 1 || !dot[1])
		return CHECK_EMAIL;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '<' || *p == '>' || *p == '"')
			return CHECK_EMAIL;
	return CHECK_OK;
}

enum check_code check_decimal(const char *s)
{
	size_t whole = strspn(s, "0123456789"), frac = 0;
	if (whole < 1 || whole > 12)
		return CHECK_DECIMAL;
	if (s[whole] == '.') {
		frac = strspn(s + whole + 1, "0123456789");
		if (frac < 1 || frac > 6)
			return CHECK_DECIMAL;
		frac++;
	}
	return s[whole + frac] ? CHECK_DECIMAL : CHECK_OK;
}

enum check_code check_tz_shape(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 64 || s[0] == '/' || strstr(s, ".."))
		return CHECK_TZ;
	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("/_-+", *p))
			return CHECK_TZ;
	return CHECK_OK;
}
