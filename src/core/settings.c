/* settings.c - the settings table; defaults are itin_rules_default's. */
#include "settings.h"

#include <stddef.h>
#include <string.h>

#define SETTING(k, unit, lo, hi, field, ko, en)                                                    \
	{                                                                                          \
		k, unit, lo, hi, offsetof(struct itin_rules, field), ko, en                        \
	}

const struct setting settings[] = {
	SETTING("business_start", "time", 0, 24 * 60 - 1, business_start, "현지 업무 시작",
		"Local business hours start"),
	SETTING("business_end", "time", 1, 24 * 60, business_end, "현지 업무 종료",
		"Local business hours end"),
	SETTING("min_transfer", "minutes", 0, 24 * 60, min_transfer,
		"같은 도시 안 장소 간 최소 이동 시간",
		"Minimum transfer between sites of one city"),
	SETTING("min_connection", "minutes", 0, 24 * 60, min_connection, "항공편 출발 전 최소 여유",
		"Minimum time before a flight departs"),
	SETTING("plan_days_before", "days", 0, 365, plan_days_before,
		"계획서 공개 기한(출발 전 일수)", "Plan due (days before departure)"),
	SETTING("report_days_after", "days", 0, 365, report_days_after,
		"결과보고서 기한(귀국 후 일수)", "Result report due (days after return)"),
};
const size_t nsettings = sizeof(settings) / sizeof(settings[0]);

const struct setting *setting_find(const char *key)
{
	for (size_t i = 0; key && i < nsettings; i++)
		if (!strcmp(settings[i].key, key))
			return &settings[i];
	return NULL;
}

int setting_get(const struct setting *s, const struct itin_rules *r)
{
	return *(const int *)((const char *)r + s->offset);
}

void setting_set(const struct setting *s, struct itin_rules *r, int value)
{
	*(int *)((char *)r + s->offset) = value;
}
