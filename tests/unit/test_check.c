/* test_check.c - the pure value checks of core/check.c, and core/strbuf.c's numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/check.h"
#include "core/strbuf.h"

/* strbuf_add_uint writes what printf's %llu does, appended */
static void numbers_in_decimal_match_printf(void **state)
{
	(void)state;
	const unsigned long long ns[] = {
		0, 1, 9, 10, 99, 100, 12345, 4294967296ULL, 18446744073709551615ULL};
	for (size_t i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
		char want[32];
		snprintf(want, sizeof(want), "x%llu", ns[i]);
		struct strbuf sb = STRBUF_INIT;
		strbuf_addch(&sb, 'x');
		strbuf_add_uint(&sb, ns[i]);
		assert_string_equal(sb.buf, want);
		assert_int_equal(sb.len, strlen(want));
		strbuf_release(&sb);
	}
}

static void text_length_counts_code_points(void **state)
{
	(void)state;
	const char *hangul = "전북특별자치도"; /* 7 code points, 21 bytes */
	assert_int_equal(utf8_length(hangul, strlen(hangul)), 7);
	assert_int_equal(check_text(hangul, strlen(hangul), 7, 0), CHECK_OK);
	assert_int_equal(check_text(hangul, strlen(hangul), 6, 0), CHECK_TOO_LONG);
}

static void text_rejects_control_characters(void **state)
{
	(void)state;
	assert_int_equal(check_text("a\nb", 3, 10, 0), CHECK_CONTROL);
	assert_int_equal(check_text("a\nb", 3, 10, 1), CHECK_OK);
	assert_int_equal(check_text("a\x01", 2, 10, 1), CHECK_CONTROL);
	assert_int_equal(check_text("a\x7f", 2, 10, 1), CHECK_CONTROL);
	assert_int_equal(check_text("a\xc2\x85", 3, 10, 1), CHECK_CONTROL); /* U+0085 NEL */
	assert_int_equal(check_text("\xc2\xa0", 2, 10, 0), CHECK_OK);	    /* U+00A0 is text */
}

static void dates_must_exist(void **state)
{
	(void)state;
	assert_int_equal(check_date("2024-01-09"), CHECK_OK);
	assert_int_equal(check_date("2024-02-29"), CHECK_OK);
	assert_int_equal(check_date("2023-02-29"), CHECK_DATE);
	assert_int_equal(check_date("2024-02-30"), CHECK_DATE);
	assert_int_equal(check_date("2024-13-01"), CHECK_DATE);
	assert_int_equal(check_date("2024-1-09"), CHECK_DATE);
	assert_int_equal(check_date("2024-01-09T00:00"), CHECK_DATE);
	assert_int_equal(check_date(""), CHECK_DATE);
}

static void instants_are_normalised_to_utc(void **state)
{
	(void)state;
	char out[21];
	assert_int_equal(check_instant("2024-01-09T10:00:00-08:00", out), CHECK_OK);
	assert_string_equal(out, "2024-01-09T18:00:00Z");
	/* KST departure the morning of the 8th is still the 7th in UTC */
	assert_int_equal(check_instant("2024-01-08T08:30:00+09:00", out), CHECK_OK);
	assert_string_equal(out, "2024-01-07T23:30:00Z");
	/* crossing a year and a leap day */
	assert_int_equal(check_instant("2024-03-01T01:00+09:00", out), CHECK_OK);
	assert_string_equal(out, "2024-02-29T16:00:00Z");
	assert_int_equal(check_instant("2023-12-31T23:00:00.123-05:00", out), CHECK_OK);
	assert_string_equal(out, "2024-01-01T04:00:00Z");
	assert_int_equal(check_instant("2024-01-09T10:00:00Z", out), CHECK_OK);
	assert_string_equal(out, "2024-01-09T10:00:00Z");
}

static void instants_need_a_zone_and_valid_parts(void **state)
{
	(void)state;
	char out[21];
	assert_int_equal(check_instant("2024-01-09T10:00:00", out), CHECK_INSTANT);
	assert_int_equal(check_instant("2024-01-09 10:00", out), CHECK_INSTANT);
	assert_int_equal(check_instant("2024-01-09T24:00:00Z", out), CHECK_INSTANT);
	assert_int_equal(check_instant("2024-01-09T10:60:00Z", out), CHECK_INSTANT);
	assert_int_equal(check_instant("2024-02-30T10:00:00Z", out), CHECK_INSTANT);
	assert_int_equal(check_instant("2024-01-09T10:00:00+9:00", out), CHECK_INSTANT);
	assert_int_equal(check_instant("2024-01-09T10:00:00Zjunk", out), CHECK_INSTANT);
	assert_int_equal(check_instant("", out), CHECK_INSTANT);
}

static void days_from_civil_matches_known_dates(void **state)
{
	(void)state;
	assert_int_equal(days_from_civil(1970, 1, 1), 0);
	assert_int_equal(days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(days_from_civil(2024, 1, 9), 19731);
	assert_int_equal(days_from_civil(1969, 12, 31), -1);
}

static void currencies_are_iso_4217_codes(void **state)
{
	(void)state;
	assert_int_equal(check_currency("KRW"), CHECK_OK);
	assert_int_equal(check_currency("USD"), CHECK_OK);
	assert_int_equal(check_currency("AED"), CHECK_OK); /* first of the list */
	assert_int_equal(check_currency("ZWL"), CHECK_OK); /* last */
	assert_int_equal(check_currency("krw"), CHECK_CURRENCY);
	assert_int_equal(check_currency("KR"), CHECK_CURRENCY);
	assert_int_equal(check_currency("KRWW"), CHECK_CURRENCY);
	assert_int_equal(check_currency("XYZ"), CHECK_CURRENCY); /* shaped right, not a currency */
	assert_int_equal(check_currency("XTS"),
			 CHECK_CURRENCY); /* ISO's code for tests: no money */
	assert_int_equal(check_currency(""), CHECK_CURRENCY);
	assert_string_equal(check_code_name(CHECK_CURRENCY), "invalid_currency");
}

static void countries_emails_and_zones(void **state)
{
	(void)state;
	assert_int_equal(check_country("KR"), CHECK_OK);
	assert_int_equal(check_country("kr"), CHECK_COUNTRY);
	assert_int_equal(check_country("KOR"), CHECK_COUNTRY);
	assert_int_equal(check_country("ZY"), CHECK_COUNTRY); /* shaped right, never assigned */
	assert_int_equal(check_country("US"), CHECK_OK);
	assert_int_equal(check_country("ZW"), CHECK_OK);
	assert_int_equal(check_country("AD"), CHECK_OK);
	assert_int_equal(check_email("officer@jeonbuk.go.kr"), CHECK_OK);
	assert_int_equal(check_email("officer@jeonbuk"), CHECK_EMAIL);
	assert_int_equal(check_email("a b@c.kr"), CHECK_EMAIL);
	assert_int_equal(check_email("@c.kr"), CHECK_EMAIL);
	assert_int_equal(check_tz_shape("America/Los_Angeles"), CHECK_OK);
	assert_int_equal(check_tz_shape("../etc/passwd"), CHECK_TZ);
	assert_int_equal(check_tz_shape("Asia/Seoul; DROP"), CHECK_TZ);
}

static void enums_and_code_names(void **state)
{
	(void)state;
	static const char *const kinds[] = {"mou", "friendship", NULL};
	assert_int_equal(check_enum("mou", kinds), CHECK_OK);
	assert_int_equal(check_enum("MOU", kinds), CHECK_ENUM);
	assert_string_equal(check_code_name(CHECK_TOO_LONG), "too_long");
	assert_string_equal(check_code_name(CHECK_REFERENCE), "unknown_reference");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbers_in_decimal_match_printf),
		cmocka_unit_test(text_length_counts_code_points),
		cmocka_unit_test(text_rejects_control_characters),
		cmocka_unit_test(dates_must_exist),
		cmocka_unit_test(instants_are_normalised_to_utc),
		cmocka_unit_test(instants_need_a_zone_and_valid_parts),
		cmocka_unit_test(days_from_civil_matches_known_dates),
		cmocka_unit_test(countries_emails_and_zones),
		cmocka_unit_test(currencies_are_iso_4217_codes),
		cmocka_unit_test(enums_and_code_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
