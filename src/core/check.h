/* check.h - pure checks of single field values, shared by the API, CSV import and the demo. */
#ifndef ROADSHOW_CHECK_H
#define ROADSHOW_CHECK_H

#include <stddef.h>

#include "entity.h"

enum check_code {
	CHECK_OK = 0,
	CHECK_REQUIRED,
	CHECK_TYPE,
	CHECK_TOO_LONG,
	CHECK_CONTROL,
	CHECK_ENUM,
	CHECK_DATE,
	CHECK_INSTANT,
	CHECK_COUNTRY,
	CHECK_EMAIL,
	CHECK_TZ,
	CHECK_RANGE,
	CHECK_REFERENCE,
	CHECK_UNKNOWN_FIELD,
	CHECK_ORDER,
	CHECK_TOO_MANY,
	CHECK_DUPLICATE,
	CHECK_READ_ONLY,
	CHECK_SAME,
	CHECK_CURRENCY,
	CHECK_ELSEWHERE,
	CHECK_DECIMAL,
	CHECK_STAFF_ONLY,
};

/* Stable code for the API ("too_long"), and an English sentence for people. */
const char *check_code_name(enum check_code c);
const char *check_message(enum check_code c);

/* Number of code points in valid UTF-8 s of length n. */
size_t utf8_length(const char *s, size_t n);

/* Text of at most max code points; line breaks and tabs only when multiline. */
enum check_code check_text(const char *s, size_t n, int max, int multiline);
enum check_code check_enum(const char *s, const char *const *values);
/* A real calendar date written YYYY-MM-DD. */
enum check_code check_date(const char *s);
/* RFC 3339 date-time with a Z or numeric offset; writes the instant in UTC as
 * YYYY-MM-DDTHH:MM:SSZ into out (21 bytes). */
enum check_code check_instant(const char *s, char out[21]);
/* Whether code (width characters) is among the count codes of the sorted, unseparated list. */
int code_listed(const char *list, size_t count, size_t width, const char *code);
/* A code ISO 3166-1 has assigned (countries.c). */
enum check_code check_country(const char *s);
int country_assigned(const char *code);
/* Digits of a currency's minor unit per ISO 4217: 2 for most, 0 for KRW and JPY, 3 for
 * KWD. */
int currency_digits(const char *code);
/* A code ISO 4217 lists (currencies.c). */
enum check_code check_currency(const char *s);
int currency_assigned(const char *code);
enum check_code check_email(const char *s);
/* A decimal of at most 12 integer and 6 fraction digits: "1305.12", "0.000765". */
enum check_code check_decimal(const char *s);
/* Shape of an IANA zone name (Area/Location); whether tzdata knows it is checked above core. */
enum check_code check_tz_shape(const char *s);

/* Days since 1970-01-01 of a proleptic Gregorian date. */
long days_from_civil(int y, int m, int d);
/* The proleptic Gregorian date of day z since 1970-01-01. */
void civil_from_days(long z, int *y, int *m, int *d);

#endif
