/* outcome.h - what an outcome report is of (a pavilion, an event's pavilions, a company),
 * the edition it compares with, and the report's figures that are not consultations: the
 * companies, the B2B meetings held and the agreements signed. Internal to the app layer;
 * callers hold the lock. */
#ifndef ROADSHOW_APP_OUTCOME_H
#define ROADSHOW_APP_OUTCOME_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"

struct oc_subject {
	const char *kind; /* "pavilion", "event", "company" or "centre" */
	int64_t id;
	int64_t event;		    /* the event (pavilion, event), else 0 */
	int64_t host;		    /* the pavilion's host organization, else 0 */
	int64_t owner_org;	    /* the reader's region, 0 for all */
	const char *day;	    /* the event's last day, for the rates; NULL for the latest */
	const char *series, *start; /* the event's series (or NULL) and first day */
	int64_t *pavilions;	    /* the pavilions whose consultations count (pavilion, event) */
	size_t npavilions;
	/* what its consultations are: those whose part_field is one of parts (pavilion_id: the
	 * pavilions; exhibitor_id: the company, or a business centre's member companies) */
	const char *part_field;
	int64_t *parts;
	size_t nparts;
};
/* Whether s is about companies (a company, a centre's members) rather than pavilions. */
int oc_by_company(const struct oc_subject *s);

/* The subject kind/id as the reader who may see it (404 when it may not), in a. */
int oc_subject_of(struct app *app, struct arena *a, const char *kind, int64_t id,
		  const struct app_principal *who, struct oc_subject *s, struct app_error *err);
/* The pavilions host had at event, as one subject (every reader's: a published trip's page). */
int oc_host_subject(struct app *app, struct arena *a, int64_t event, int64_t host,
		    struct oc_subject *s, struct app_error *err);
/* The summary and stage totals of s (kind pavilion), as a report's "previous" holds them
 * ({event_id, pavilions, date, rates, summary, total}). */
int oc_figures_locked(struct app *app, struct arena *a, const struct oc_subject *s, json_t **out,
		      struct app_error *err);
/* The same subject at the series' previous edition: the latest event of the series that
 * starts before s's, with the same host's pavilions (a pavilion's) or all the reader's (an
 * event's). *found 0 when there is none (no series, no earlier edition, no pavilion there). */
int oc_previous_of(struct app *app, struct arena *a, const struct oc_subject *s,
		   struct oc_subject *prev, int *found, struct app_error *err);

/* The figures beside the consultations: exhibiting companies, B2B meetings held, and the
 * agreements signed at the event (signed, in progress or completed), their value and how
 * many bind. Amounts are minor units of their own currency, converted by the caller. */
struct oc_agreement {
	int64_t amount;
	const char *currency;
	int binding;
};
struct oc_extras {
	int64_t companies, meetings_held;
	int64_t *exhibitors; /* with a booth in the pavilions, distinct and sorted */
	size_t nexhibitors;
	struct oc_agreement *agreements;
	size_t nagreements;
};
int oc_extras_of(struct app *app, struct arena *a, const struct oc_subject *s, struct oc_extras *x,
		 struct app_error *err);

struct oc_report;
/* The report of kind/id as app_outcome gives it (with names: {name_ko, name_en} of the
 * subject and of each company and pavilion group); when not NULL, *subject and *report get
 * its subject and its figures (in a) for a caller that goes on to list its consultations. */
int oc_report_locked(struct app *app, struct arena *a, const char *kind, int64_t id,
		     const struct app_principal *who, json_t **out, struct oc_subject *subject,
		     struct oc_report **report, struct app_error *err);

#endif
