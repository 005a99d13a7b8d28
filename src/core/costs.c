/* costs.c - currency conversion at recorded rates, and cost totals. */
#include "costs.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"

const char *const cost_category_names[COST_NCATEGORIES] = {"airfare", "lodging", "ground",
							   "interpreting", "other"};

int cost_category(const char *name)
{
	for (int i = 0; name && i < COST_NCATEGORIES; i++)
		if (!strcmp(cost_category_names[i], name))
			return i;
	return -1;
}

/* The rate as an integer of millionths. */
static int rate_micro(const char *rate, __int128 *out)
{
	if (!rate || check_decimal(rate))
		return -1;
	__int128 v = 0;
	int frac = -1;
	for (const char *p = rate; *p; p++) {
		if (*p == '.') {
			frac = 0;
			continue;
		}
		v = v * 10 + (*p - '0');
		if (frac >= 0)
			frac++;
	}
	for (int i = frac < 0 ? 0 : frac; i < 6; i++)
		v *= 10;
	*out = v;
	return 0;
}

static __int128 pow10_128(int n)
{
	__int128 v = 1;
	while (n-- > 0)
		v *= 10;
	return v;
}

int money_rate_set(struct money_rate *r, const char *from, const char *rate, const char *to)
{
	__int128 v;
	memset(r, 0, sizeof(*r));
	if (!strcmp(from, to) && !rate) {
		r->same = 1;
		return 0;
	}
	if (rate_micro(rate, &v) || v > INT64_MAX)
		return -1;
	r->micro = (int64_t)v;
	r->from_digits = currency_digits(from);
	r->to_digits = currency_digits(to);
	/* most amounts times the rate fit 64 bits, where the division costs a fraction of a
	 * 128-bit one; the same quotient, rounded the same way */
	__int128 mul = (__int128)r->micro * pow10_128(r->to_digits),
		 den = pow10_128(r->from_digits) * 1000000;
	if (mul > 0 && mul <= INT64_MAX && den <= INT64_MAX) {
		r->mul = (int64_t)mul, r->den = (int64_t)den;
		r->small = INT64_MAX / r->mul;
	}
	return 0;
}

/* num / den rounded half away from zero. */
static int64_t rounded(int64_t num, int64_t den)
{
	int64_t q = num / den, rem = num % den;
	if (rem > 0 && rem >= den - rem)
		q++;
	else if (rem < 0 && -rem >= den + rem)
		q--;
	return q;
}

int money_rate_apply(const struct money_rate *r, int64_t amount, int64_t *out)
{
	if (r->same) {
		*out = amount;
		return 0;
	}
	/* amount / 10^df units of from, times r / 10^6, is that many units of to: times 10^dt.
	 * The largest amount at the largest rate check_decimal allows (10^18 millionths) times
	 * 10^4 does not fit even 128 bits, so the product is checked rather than left to wrap. */
	if (r->small && amount <= r->small && amount >= -r->small) {
		*out = rounded(amount * r->mul, r->den);
		return 0;
	}
	__int128 num, den = pow10_128(r->from_digits) * 1000000;
	if (__builtin_mul_overflow((__int128)amount, (__int128)r->micro, &num) ||
	    __builtin_mul_overflow(num, pow10_128(r->to_digits), &num))
		return -1;
	__int128 q = num / den, rem = num % den;
	if (rem * 2 >= den)
		q++;
	else if (-rem * 2 >= den)
		q--;
	if (q > INT64_MAX || q < INT64_MIN)
		return -1;
	*out = (int64_t)q;
	return 0;
}

int money_convert(int64_t amount, const char *from, const char *rate, const char *to, int64_t *out)
{
	struct money_rate r;
	return money_rate_set(&r, from, rate, to) || money_rate_apply(&r, amount, out) ? -1 : 0;
}

int costs_sum(const struct cost_line *lines, size_t n, const char *base, struct cost_summary *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		int64_t v;
		int c = cost_category(lines[i].category);
		if (money_convert(lines[i].amount, lines[i].currency, lines[i].rate, base, &v)) {
			out->unconverted++;
			continue;
		}
		if (c < 0)
			c = COST_OTHER;
		if (__builtin_add_overflow(out->total, v, &out->total) ||
		    __builtin_add_overflow(out->by_category[c], v, &out->by_category[c]))
			return -1;
		out->converted++;
	}
	return 0;
}

void money_text(struct strbuf *sb, int64_t minor, int digits, int grouped)
{
	/* unsigned, so that the most negative amount has a magnitude too */
	uint64_t mag = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor, unit = 1;
	char whole[32], frac[8];
	for (int i = 0; i < digits; i++)
		unit *= 10;
	snprintf(whole, sizeof(whole), "%llu", (unsigned long long)(mag / unit));
	snprintf(frac, sizeof(frac), "%0*llu", digits, (unsigned long long)(mag % unit));
	if (minor < 0)
		strbuf_addch(sb, '-');
	size_t n = strlen(whole);
	for (size_t i = 0; i < n; i++) {
		if (grouped && i && (n - i) % 3 == 0)
			strbuf_addch(sb, ',');
		strbuf_addch(sb, whole[i]);
	}
	if (digits > 0) {
		strbuf_addch(sb, '.');
		strbuf_addstr(sb, frac);
	}
}
