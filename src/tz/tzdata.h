/* tzdata.h - the zone rules of the system's tzdata, read through libical, for core's zone
 * arithmetic (core/zone.h). */
#ifndef ROADSHOW_TZDATA_H
#define ROADSHOW_TZDATA_H

#include "../core/zone.h"

extern const struct zone_rules tzdata_rules;

#endif
