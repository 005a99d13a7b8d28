/* settings.h - the settings an administrator may change: the itinerary checks' rules and the
 * trip documents' deadlines. One descriptor per setting drives the API, validation and UI. */
#ifndef ROADSHOW_SETTINGS_H
#define ROADSHOW_SETTINGS_H

#include <stddef.h>

#include "itinerary.h"

struct setting {
	const char *key;
	const char *unit; /* "time" (minutes after midnight), "minutes" or "days" */
	int min, max;
	size_t offset; /* of the int in struct itin_rules */
	const char *label_ko, *label_en;
};

extern const struct setting settings[];
extern const size_t nsettings;

const struct setting *setting_find(const char *key);
int setting_get(const struct setting *s, const struct itin_rules *r);
void setting_set(const struct setting *s, struct itin_rules *r, int value);

#endif
