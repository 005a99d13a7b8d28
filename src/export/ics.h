/* ics.h - iCalendar (RFC 5545) files of itineraries, written with libical. */
#ifndef ROADSHOW_ICS_H
#define ROADSHOW_ICS_H

#include <stddef.h>
#include <stdint.h>

#include "../core/strbuf.h"

struct ics_event {
	const char *uid;      /* stable across exports, so calendars update the event */
	int64_t sequence;     /* grows with every change of the event */
	int64_t start, end;   /* instants */
	const char *start_tz; /* IANA zones of the start (origin) and end (destination) */
	const char *end_tz;
	const char *summary, *location, *description; /* description may be NULL */
	int64_t last_modified;			      /* an instant, or 0 */
	int cancelled;
};

/* Writes a VCALENDAR named name with one VTIMEZONE per zone used and one VEVENT per event;
 * DTSTAMP is now. Returns 0, or -1 for an unknown zone or when out of memory. */
int ics_write(const char *name, const struct ics_event *ev, size_t n, int64_t now,
	      struct strbuf *out);

#endif
