/* ics.c - itineraries as iCalendar. Each event's times carry the IANA zone of where they
 * happen (a flight starts in its origin's zone and ends in its destination's), and each zone
 * used comes with its VTIMEZONE from tzdata, named by its plain IANA name so that calendar
 * apps recognise it. */
#include "ics.h"

#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>

/* A time property (DTSTART, DTEND) at t as the clocks of tz show it, with TZID=tz. */
static icalproperty *zoned_time(icalproperty_kind kind, int64_t t, const char *tz)
{
	icaltimezone *z = icaltimezone_get_builtin_timezone(tz);
	if (!z)
		return NULL;
	icaltimetype local = icaltime_from_timet_with_zone((time_t)t, 0, z);
	local.zone = NULL; /* written as local time; the TZID parameter says whose */
	icalproperty *p = icalproperty_new(kind);
	icalproperty_set_value(p, icalvalue_new_datetime(local));
	icalproperty_add_parameter(p, icalparameter_new_tzid(tz));
	return p;
}

static icalproperty *utc_time(icalproperty_kind kind, int64_t t)
{
	icalproperty *p = icalproperty_new(kind);
	icalproperty_set_value(p, icalvalue_new_datetime(icaltime_from_timet_with_zone(
					  (time_t)t, 0, icaltimezone_get_utc_timezone())));
	return p;
}

/* The zone's VTIMEZONE, its TZID the plain IANA name, its history cut to from a year before
 * the first event: enough for every event and far smaller than tzdata's full past. */
static icalcomponent *vtimezone(const char *tz, int64_t from)
{
	icaltimezone *z = icaltimezone_get_builtin_timezone(tz);
	icalcomponent *c = z ? icaltimezone_get_component(z) : NULL;
	if (!c)
		return NULL;
	c = icalcomponent_new_clone(c);
	icalproperty *id = icalcomponent_get_first_property(c, ICAL_TZID_PROPERTY);
	if (id)
		icalproperty_set_tzid(id, tz);
	icaltimetype start = icaltime_from_timet_with_zone((time_t)(from - 366 * 86400), 0,
							   icaltimezone_get_utc_timezone());
	icaltimezone_truncate_vtimezone(c, start, icaltime_null_time(), 1);
	return c;
}

static int seen(const char *const *zones, size_t n, const char *tz)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(zones[i], tz))
			return 1;
	return 0;
}

int ics_write(const char *name, const struct ics_event *ev, size_t n, int64_t now,
	      struct strbuf *out)
{
	icalcomponent *cal =
		icalcomponent_vanew(ICAL_VCALENDAR_COMPONENT, icalproperty_new_version("2.0"),
				    icalproperty_new_prodid("-//Roadshow//Itinerary//KO"),
				    icalproperty_new_calscale("GREGORIAN"),
				    icalproperty_new_method(ICAL_METHOD_PUBLISH), (void *)0);
	const char **zones = calloc(2 * n + 1, sizeof(*zones));
	size_t nz = 0;
	int64_t first = n ? ev[0].start : now;
	int rc = -1;
	if (!cal || !zones)
		goto done;
	icalproperty *calname = icalproperty_new_x(name);
	icalproperty_set_x_name(calname, "X-WR-CALNAME");
	icalcomponent_add_property(cal, calname);
	for (size_t i = 0; i < n; i++) {
		if (ev[i].start < first)
			first = ev[i].start;
		if (!seen(zones, nz, ev[i].start_tz))
			zones[nz++] = ev[i].start_tz;
		if (!seen(zones, nz, ev[i].end_tz))
			zones[nz++] = ev[i].end_tz;
	}
	for (size_t i = 0; i < nz; i++) {
		icalcomponent *tz = vtimezone(zones[i], first);
		if (!tz)
			goto done;
		icalcomponent_add_component(cal, tz);
	}
	for (size_t i = 0; i < n; i++) {
		const struct ics_event *e = &ev[i];
		icalproperty *dtstart = zoned_time(ICAL_DTSTART_PROPERTY, e->start, e->start_tz);
		icalproperty *dtend = zoned_time(ICAL_DTEND_PROPERTY,
						 e->end > e->start ? e->end : e->start, e->end_tz);
		if (!dtstart || !dtend) {
			icalproperty_free(dtstart);
			icalproperty_free(dtend);
			goto done;
		}
		icalcomponent *v = icalcomponent_vanew(
			ICAL_VEVENT_COMPONENT, icalproperty_new_uid(e->uid),
			icalproperty_new_sequence((int)(e->sequence > 0 ? e->sequence : 0)),
			utc_time(ICAL_DTSTAMP_PROPERTY, now), dtstart, dtend,
			icalproperty_new_summary(e->summary),
			icalproperty_new_status(e->cancelled ? ICAL_STATUS_CANCELLED
							     : ICAL_STATUS_CONFIRMED),
			(void *)0);
		if (e->location && *e->location)
			icalcomponent_add_property(v, icalproperty_new_location(e->location));
		if (e->description && *e->description)
			icalcomponent_add_property(v, icalproperty_new_description(e->description));
		if (e->last_modified)
			icalcomponent_add_property(
				v, utc_time(ICAL_LASTMODIFIED_PROPERTY, e->last_modified));
		icalcomponent_add_component(cal, v);
	}
	char *text = icalcomponent_as_ical_string_r(cal);
	if (text) {
		strbuf_addstr(out, text);
		free(text);
		rc = 0;
	}
done:
	free(zones);
	if (cal)
		icalcomponent_free(cal);
	return rc;
}
