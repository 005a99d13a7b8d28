/* routes.c - the one route table, and the dispatcher that enforces each entry's flags. */
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cache.h"
#include "http.h"
#include "metrics.h"

/* The drill-down's query parameters (app_outcome_lines). */
#define OUTCOME_LINE_PARAMS                                                                        \
	"stage organization_id pavilion_id country category verified limit after"

/* Each entry says who may call it (enum app_access); the dispatcher checks that, and the
 * route's flags, before the handler runs. A test walks this table (through the OpenAPI
 * document) with every role, so no route goes unchecked. */
const struct route routes[] = {
	{"GET", "/healthz", h_health, RT_OPEN, ACCESS_PUBLIC, "Liveness: the process answers",
	 NULL},
	{"GET", "/readyz", h_ready, RT_OPEN, ACCESS_PUBLIC,
	 "Readiness: the database answers at this binary's schema version (503 says why not)",
	 NULL},
	{"GET", "/metrics", h_metrics, RT_LOCAL, ACCESS_ADMIN,
	 "Prometheus metrics (text format 0.0.4): for administrators, and for any client on this "
	 "machine",
	 NULL},
	{"GET", "/api/v1/meta", h_meta, 0, ACCESS_PUBLIC,
	 "Resource descriptors (fields, types, labels)", NULL},
	{"GET", "/api/v1/openapi.json", h_openapi, 0, ACCESS_PUBLIC, "This OpenAPI document", NULL},
	{"GET", "/api/v1/audit", h_audit, 0, ACCESS_STAFF,
	 "The audit trail, newest first (an organizer's: its organization's and shared data's)",
	 "resource row_id limit cursor"},
	{"POST", "/api/v1/session", h_login, RT_JSON, ACCESS_PUBLIC,
	 "Log in: sets the session cookie", NULL},
	{"GET", "/api/v1/session", h_whoami, 0, ACCESS_ACCOUNT,
	 "The account logged in, with its CSRF token", NULL},
	{"DELETE", "/api/v1/session", h_logout, 0, ACCESS_ACCOUNT, "Log out", NULL},
	{"POST", "/api/v1/session/password", h_password, RT_JSON, ACCESS_ACCOUNT,
	 "Change your password: ends every session, opens a new one", NULL},
	{"GET", "/api/v1/tokens", h_token_list, 0, ACCESS_ACCOUNT,
	 "Your API tokens (never their secrets)", NULL},
	{"POST", "/api/v1/tokens", h_token_create, RT_JSON, ACCESS_ACCOUNT,
	 "Create an API token; its secret is shown in this answer only", NULL},
	{"DELETE", "/api/v1/tokens/{id}", h_token_revoke, RT_ID, ACCESS_ACCOUNT,
	 "Revoke an API token", NULL},
	{"GET", "/api/v1/users", h_user_list, 0, ACCESS_ADMIN, "Every account", NULL},
	{"POST", "/api/v1/users", h_user_create, RT_JSON, ACCESS_ADMIN,
	 "Create an account (a password left out is made and shown once)", NULL},
	{"PATCH", "/api/v1/users/{id}", h_user_update, RT_ID | RT_JSON, ACCESS_ADMIN,
	 "Disable or enable an account, rename it, or set its password", NULL},
	{"GET", "/api/v1/public/delegations", h_public_list, 0, ACCESS_PUBLIC,
	 "Published delegations (no login)", NULL},
	{"GET", "/api/v1/public/delegations/{id}", h_public_get, RT_ID, ACCESS_PUBLIC,
	 "A published delegation's public page: purpose, members by title, itinerary, budget, "
	 "outcome",
	 NULL},
	{"GET", "/api/v1/delegations/{id}/itinerary", h_itinerary, RT_ID, ACCESS_STAFF,
	 "The day view: items by local day with local and home time, the trip's length, findings",
	 "member"},
	{"GET", "/api/v1/delegations/{id}/findings", h_findings, RT_ID, ACCESS_STAFF,
	 "The itinerary checks' findings and the trip's length", "member"},
	{"GET", "/api/v1/delegations/{id}/itinerary.ics", h_itinerary_ics, RT_ID, ACCESS_STAFF,
	 "The itinerary as iCalendar (stable UIDs, SEQUENCE per change)", "member"},
	{"GET", "/api/v1/delegations/{id}/plan.html", h_trip_plan_html, RT_ID, ACCESS_STAFF,
	 "The trip plan (출장 계획서) as printable HTML", "lang"},
	{"GET", "/api/v1/delegations/{id}/plan.xlsx", h_trip_plan_xlsx, RT_ID, ACCESS_STAFF,
	 "The trip plan (출장 계획서) as an XLSX workbook, one sheet per section", "lang"},
	{"GET", "/api/v1/delegations/{id}/report.html", h_trip_report_html, RT_ID, ACCESS_STAFF,
	 "The result report (결과보고서) as printable HTML", "lang"},
	{"GET", "/api/v1/delegations/{id}/report.xlsx", h_trip_report_xlsx, RT_ID, ACCESS_STAFF,
	 "The result report (결과보고서) as an XLSX workbook, one sheet per section", "lang"},
	{"GET", "/api/v1/settings", h_settings_get, 0, ACCESS_STAFF,
	 "Settings: the itinerary checks' rules and the documents' deadlines", NULL},
	{"PATCH", "/api/v1/settings", h_settings_patch, RT_JSON, ACCESS_ADMIN,
	 "Change settings (all or nothing)", NULL},
	{"POST", "/api/v1/b2b_events/{id}/schedule", h_b2b_schedule, RT_ID | RT_JSON | RT_ACTION,
	 ACCESS_STAFF,
	 "Schedule the programme's meetings (body {} or {seed, time_limit}): the working "
	 "schedule, published meetings moved as little as may be",
	 NULL},
	{"POST", "/api/v1/b2b_events/{id}/publish", h_b2b_publish, RT_ID | RT_ACTION, ACCESS_STAFF,
	 "Publish the working schedule as the final one participants see", NULL},
	{"GET", "/api/v1/b2b_events/{id}/grid", h_b2b_grid, RT_ID, ACCESS_STAFF,
	 "The schedule grid: slots, booths, meetings, interpreters", "final"},
	{"GET", "/api/v1/b2b_events/{id}/schedule.csv", h_b2b_schedule_csv, RT_ID, ACCESS_STAFF,
	 "The programme's meetings as CSV, in slot order", "final"},
	{"GET", "/api/v1/b2b_events/{id}/schedule.xlsx", h_b2b_schedule_xlsx, RT_ID, ACCESS_STAFF,
	 "The grid, the meetings and the interpreters' roster as an XLSX workbook", "final lang"},
	{"POST", "/api/v1/b2b_requests/{id}/accept", h_b2b_accept, RT_ID | RT_ACTION,
	 ACCESS_PARTICIPANT,
	 "Accept a meeting request (the one asked, or an organizer): makes the meeting", NULL},
	{"POST", "/api/v1/b2b_requests/{id}/decline", h_b2b_decline, RT_ID | RT_ACTION,
	 ACCESS_PARTICIPANT, "Decline a meeting request (the one asked, or an organizer)", NULL},
	{"POST", "/api/v1/b2b_requests/{id}/cancel", h_b2b_cancel, RT_ID | RT_ACTION,
	 ACCESS_PARTICIPANT,
	 "Withdraw a meeting request (the one who asked, or an organizer), with its meeting", NULL},
	{"POST", "/api/v1/b2b_participants/{id}/requests", h_b2b_ask, RT_ID | RT_JSON,
	 ACCESS_PARTICIPANT,
	 "Ask for a meeting as this participant ({to_id, priority, message}): its own company "
	 "or an organizer",
	 NULL},
	{"GET", "/api/v1/b2b_participants/{id}/requests", h_b2b_requests_of, RT_ID,
	 ACCESS_PARTICIPANT,
	 "The requests a participant sent and received (its own company, or the staff)", NULL},
	{"GET", "/api/v1/b2b_participants/{id}/agenda", h_b2b_agenda, RT_ID, ACCESS_PARTICIPANT,
	 "A participant's agenda: the final schedule (draft=true: the working one, organizers)",
	 "draft"},
	{"GET", "/api/v1/b2b_participants/{id}/agenda.ics", h_b2b_agenda_ics, RT_ID,
	 ACCESS_PARTICIPANT, "A participant's agenda as iCalendar", "draft"},
	{"GET", "/api/v1/pavilions/{id}/outcome", h_outcome_pavilion, RT_ID, ACCESS_STAFF,
	 "A pavilion's outcome report: consultations and follow-ups by stage, in USD and KRW",
	 NULL},
	{"GET", "/api/v1/events/{id}/outcome", h_outcome_event, RT_ID, ACCESS_STAFF,
	 "An event's outcome report: the reader's pavilions there, by pavilion", NULL},
	{"GET", "/api/v1/organizations/{id}/outcome", h_outcome_company, RT_ID, ACCESS_STAFF,
	 "A company's outcome report (its consultations in the reader's regions)", NULL},
	{"GET", "/api/v1/pavilions/{id}/outcome.xlsx", h_outcome_pavilion_xlsx, RT_ID, ACCESS_STAFF,
	 "A pavilion's outcome report as an XLSX workbook (charts; every consultation)", "lang"},
	{"GET", "/api/v1/pavilions/{id}/outcome.csv", h_outcome_pavilion_csv, RT_ID, ACCESS_STAFF,
	 "A pavilion's outcome report's figures as CSV", "lang"},
	{"GET", "/api/v1/events/{id}/outcome.xlsx", h_outcome_event_xlsx, RT_ID, ACCESS_STAFF,
	 "An event's outcome report as an XLSX workbook (charts; every consultation)", "lang"},
	{"GET", "/api/v1/events/{id}/outcome.csv", h_outcome_event_csv, RT_ID, ACCESS_STAFF,
	 "An event's outcome report's figures as CSV", "lang"},
	{"GET", "/api/v1/organizations/{id}/outcome.xlsx", h_outcome_company_xlsx, RT_ID,
	 ACCESS_STAFF,
	 "A company's outcome report as an XLSX workbook (charts; every consultation)", "lang"},
	{"GET", "/api/v1/organizations/{id}/outcome.csv", h_outcome_company_csv, RT_ID,
	 ACCESS_STAFF, "A company's outcome report's figures as CSV", "lang"},
	{"GET", "/api/v1/pavilions/{id}/outcome/consultations", h_outcome_pavilion_lines, RT_ID,
	 ACCESS_STAFF, "The consultations behind one number of a pavilion's outcome report",
	 OUTCOME_LINE_PARAMS},
	{"GET", "/api/v1/events/{id}/outcome/consultations", h_outcome_event_lines, RT_ID,
	 ACCESS_STAFF, "The consultations behind one number of an event's outcome report",
	 OUTCOME_LINE_PARAMS},
	{"GET", "/api/v1/organizations/{id}/outcome/consultations", h_outcome_company_lines, RT_ID,
	 ACCESS_STAFF, "The consultations behind one number of a company's outcome report",
	 OUTCOME_LINE_PARAMS},
	{"GET", "/api/v1/business_centres/{id}/status", h_centre_status, RT_ID, ACCESS_STAFF,
	 "A business centre's status: members by mode, services by kind and month, and its "
	 "members' outcome",
	 NULL},
	{"GET", "/api/v1/business_centres/{id}/outcome", h_outcome_centre, RT_ID, ACCESS_STAFF,
	 "The outcome report of a business centre's member companies", NULL},
	{"GET", "/api/v1/business_centres/{id}/outcome.xlsx", h_outcome_centre_xlsx, RT_ID,
	 ACCESS_STAFF, "A business centre's outcome report as an XLSX workbook", "lang"},
	{"GET", "/api/v1/business_centres/{id}/outcome.csv", h_outcome_centre_csv, RT_ID,
	 ACCESS_STAFF, "A business centre's outcome report's figures as CSV", "lang"},
	{"GET", "/api/v1/business_centres/{id}/outcome/consultations", h_outcome_centre_lines,
	 RT_ID, ACCESS_STAFF,
	 "The consultations behind one number of a business centre's outcome report",
	 OUTCOME_LINE_PARAMS},
	{"GET", "/api/v1/consultations/due", h_follow_ups_due, 0, ACCESS_PARTICIPANT,
	 "The follow-ups due: open consultations whose next step is on or before as_of (default "
	 "today in Korea), by company and by organizer (a company member: its own)",
	 "as_of"},
	{"GET", "/api/v1/{resource}", h_resource_list, RT_RESOURCE | RT_CACHE, ACCESS_POLICY,
	 "List (filters, q, sort, limit, cursor)", NULL},
	{"POST", "/api/v1/{resource}", h_resource_create, RT_RESOURCE | RT_JSON, ACCESS_POLICY,
	 "Create (Idempotency-Key honoured)", NULL},
	{"GET", "/api/v1/{resource}.csv", h_resource_export, RT_RESOURCE, ACCESS_POLICY,
	 "Export all rows as CSV", NULL},
	{"GET", "/api/v1/{resource}/{id}", h_resource_get, RT_RESOURCE | RT_ID | RT_CACHE,
	 ACCESS_POLICY, "Get one, with its children", NULL},
	{"PATCH", "/api/v1/{resource}/{id}", h_resource_patch, RT_RESOURCE | RT_ID | RT_JSON,
	 ACCESS_POLICY, "Update some fields (If-Match or version)", NULL},
	{"PUT", "/api/v1/{resource}/{id}", h_resource_put, RT_RESOURCE | RT_ID | RT_JSON,
	 ACCESS_POLICY, "Replace (If-Match or version)", NULL},
	{"DELETE", "/api/v1/{resource}/{id}", h_resource_delete, RT_RESOURCE | RT_ID, ACCESS_POLICY,
	 "Delete (If-Match optional)", NULL},
	{"GET", "/", h_index, 0, ACCESS_PUBLIC, "Web UI", NULL},
	{"GET", "/assets/{path}", h_asset, 0, ACCESS_PUBLIC, "Web UI assets (the rest of the path)",
	 NULL},
};
const size_t nroutes = sizeof(routes) / sizeof(routes[0]);

struct match {
	const char *resource, *id, *rest;
};

/* Matches path against pattern segment by segment; "{resource}.csv" matches a suffix. The
 * captures are copied into a only once the whole pattern matched (most patterns do not). */
static int match(struct arena *a, const char *pattern, const char *path, struct match *m)
{
	const char *cap[2] = {NULL, NULL}; /* {resource}, {id}: where each starts in path */
	size_t caplen[2] = {0, 0};
	memset(m, 0, sizeof(*m));
	while (*pattern && *path) {
		if (*pattern != '/' || *path != '/')
			return 0;
		pattern++, path++;
		const char *pe = strchrnul(pattern, '/'), *se = strchrnul(path, '/');
		size_t plen = (size_t)(pe - pattern), slen = (size_t)(se - path);
		if (pattern[0] != '{') {
			if (plen != slen || memcmp(pattern, path, plen))
				return 0;
		} else if (plen == 6 && !memcmp(pattern, "{path}", 6)) {
			/* the rest of the path, slashes included */
			if (!slen)
				return 0;
			m->rest = path;
			break;
		} else {
			const char *close = memchr(pattern, '}', plen);
			size_t suffix = close ? (size_t)(pe - close - 1) : 0;
			if (!close || slen <= suffix ||
			    memcmp(path + slen - suffix, close + 1, suffix))
				return 0;
			int resource = !strncmp(pattern, "{resource}", 10);
			if (resource && !suffix && memchr(path, '.', slen))
				return 0;
			cap[!resource] = path;
			caplen[!resource] = slen - suffix;
		}
		pattern = pe, path = se;
	}
	if (!m->rest && (*pattern || *path))
		return 0;
	if (cap[0])
		m->resource = arena_strndup(a, cap[0], caplen[0]);
	if (cap[1])
		m->id = arena_strndup(a, cap[1], caplen[1]);
	return 1;
}

static int content_type_is_json(const char *ct)
{
	if (!ct)
		return 0;
	while (*ct == ' ')
		ct++;
	size_t n = strcspn(ct, "; ");
	static const char *const types[] = {"application/json", "application/merge-patch+json"};
	for (size_t i = 0; i < 2; i++)
		if (n == strlen(types[i]) && !strncasecmp(ct, types[i], n))
			return 1;
	return 0;
}

static int parse_id(const char *s, int64_t *id)
{
	char *end;
	if (!s || !*s || strlen(s) > 18 || *s == '0')
		return -1;
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return -1;
	*id = strtoll(s, &end, 10);
	return 0;
}

/* Sets req->who from an API token (Authorization: Bearer) or the session cookie. A token
 * that is wrong is refused at once; a stale cookie just leaves nobody logged in. */
static int authenticate(struct http_request *req, struct http_response *res, int64_t generation)
{
	struct app_error err;
	const char *auth = http_header(req, "Authorization");
	const char *cookie = http_cookie(req, "rs_session");
	app_error_init(&err, req->arena);
	if (auth) {
		if (strncmp(auth, "Bearer ", 7) ||
		    app_token_find(req->app, req->arena, auth + 7, generation, &req->who, &err)) {
			if (!err.status)
				app_fail(&err, 401, "invalid_token",
					 "use Authorization: Bearer TOKEN");
			http_problem(res, &err);
			http_add_header(res, req->arena, "WWW-Authenticate", "Bearer");
			return -1;
		}
		return 0;
	}
	if (cookie && *cookie && !app_session_find(req->app, req->arena, cookie, &req->who, &err)) {
		req->by_cookie = 1;
		req->session = cookie;
	}
	return 0;
}

static int csrf_ok(const struct http_request *req)
{
	const char *sent = http_header(req, "X-CSRF-Token");
	size_t n = req->who.csrf ? strlen(req->who.csrf) : 0;
	return sent && n && strlen(sent) == n && !sodium_memcmp(sent, req->who.csrf, n);
}

/* The route for req's method and path into *m; NULL when none, with the methods the path
 * takes into allow (when not NULL). */
/* Each pattern's literal start (up to its first '{'), which a path must begin with:
 * compared first, it turns most routes away at once (the route table is scanned for every
 * request). */
static size_t literal[sizeof(routes) / sizeof(routes[0])];
static pthread_once_t literal_once = PTHREAD_ONCE_INIT;

static void measure_literals(void)
{
	for (size_t i = 0; i < nroutes; i++)
		literal[i] = strcspn(routes[i].pattern, "{");
}

static const struct route *find_route(struct arena *a, const char *method, const char *path,
				      struct match *m, struct strbuf *allow)
{
	pthread_once(&literal_once, measure_literals);
	for (size_t i = 0; i < nroutes; i++) {
		/* another method's route matters only to list it in allow */
		if ((!allow && strcmp(routes[i].method, method)) ||
		    strncmp(routes[i].pattern, path, literal[i]) ||
		    !match(a, routes[i].pattern, path, m))
			continue;
		/* {resource} matches only a resource's name, so /api/v1/meta stays meta's */
		if ((routes[i].flags & RT_RESOURCE) && !entity_find(m->resource))
			continue;
		if (!strcmp(routes[i].method, method))
			return &routes[i];
		if (allow) {
			strbuf_addstr(allow, allow->len ? ", " : "");
			strbuf_addstr(allow, routes[i].method);
		}
	}
	return NULL;
}

int http_route_find(struct arena *a, const char *method, const char *path)
{
	struct match m;
	const struct route *r = find_route(a, method, path, &m, NULL);
	return r ? (int)(r - routes) : -1;
}

static uint64_t now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* Authentication, the access check and the handler: the calls into app/, timed together for
 * the metrics' app time (req->app_ns). */
static void run_route(struct http_request *req, struct http_response *res, const struct route *r,
		      const struct match *m)
{
	if (r->flags & RT_OPEN) {
		r->fn(req, res);
		return;
	}
	/* a GET that may be answered from the cache asks the data generation first: the token's
	 * account and the answer kept at it are current while it is; another request with a
	 * token asks too, for the account (one statement, where looking it up is a read
	 * transaction of its own) */
	int cacheable = req->cache && (r->flags & RT_CACHE);
	int64_t generation = cacheable || (req->cache && http_header(req, "Authorization"))
				     ? app_generation(req->app)
				     : 0;
	if (authenticate(req, res, generation))
		return;
	if (r->flags & RT_RESOURCE)
		req->entity = entity_find(m->resource);
	struct app_error err;
	app_error_init(&err, req->arena);
	int reading = !strcmp(r->method, "GET") || !strcmp(r->method, "HEAD");
	enum policy_op op = reading			   ? POLICY_READ
			    : !strcmp(r->method, "DELETE") ? POLICY_DELETE
							   : POLICY_WRITE;
	int local = (r->flags & RT_LOCAL) && http_client_is_local(req);
	if (!local && app_authorize(req->app, &req->who, r->access, req->entity, op, &err)) {
		http_problem(res, &err);
		return;
	}
	/* a write riding on the session cookie must carry the session's CSRF token */
	if (req->by_cookie && !reading && !csrf_ok(req)) {
		http_fail(res, 403, "csrf_failed",
			  "send the session's csrf_token in the X-CSRF-Token header");
		return;
	}
	if ((r->flags & RT_ID) && parse_id(m->id, &req->id)) {
		http_fail(res, 404, "not_found", "no such record (ids are positive integers)");
		return;
	}
	if (r->flags & RT_JSON) {
		json_error_t jerr;
		if (!content_type_is_json(http_header(req, "Content-Type"))) {
			http_fail(res, 415, "unsupported_media_type",
				  "send the body as Content-Type: application/json");
			return;
		}
		req->json = json_loadb(req->body ? req->body : "", req->body_len,
				       JSON_REJECT_DUPLICATES, &jerr);
		if (!req->json) {
			http_fail(res, 400, "malformed_json",
				  arena_printf(req->arena,
					       "the body is not valid JSON: %s (line %d, "
					       "column %d)",
					       jerr.text, jerr.line, jerr.column));
			return;
		}
	}
	const char *key = cacheable && generation ? http_cache_key(req) : NULL;
	if (key) {
		int hit = !http_cache_get(req->cache, key, generation, res, req->arena);
		if (req->metrics)
			metrics_cache(req->metrics, hit);
		if (hit)
			return;
	}
	r->fn(req, res);
	if (key && res->status == 200)
		http_cache_put(req->cache, key, generation, res);
	json_decref(req->json);
	req->json = NULL;
}

void http_dispatch(struct http_request *req, struct http_response *res)
{
	struct match m;
	struct strbuf allow = STRBUF_INIT;
	/* the route the server found already (for its log and metrics) is the one the table
	 * gives: matched once more only for its captures */
	const struct route *r =
		req->route > 0 && (size_t)req->route <= nroutes &&
				match(req->arena, routes[req->route - 1].pattern, req->path, &m)
			? &routes[req->route - 1]
			: find_route(req->arena, req->method, req->path, &m, &allow);
	if (!r) {
		if (allow.len) {
			http_fail(res, 405, "method_not_allowed",
				  "this path does not take that method");
			http_add_header(res, req->arena, "Allow", allow.buf);
		} else {
			http_fail(res, 404, "not_found", "no such path");
		}
		strbuf_release(&allow);
		return;
	}
	strbuf_release(&allow);
	req->rest = m.rest;
	uint64_t t0 = now_ns();
	run_route(req, res, r, &m);
	req->app_ns += now_ns() - t0;
}
