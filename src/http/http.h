/* http.h - the HTTP layer: requests, responses, the route table and the server. */
#ifndef ROADSHOW_HTTP_H
#define ROADSHOW_HTTP_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "../app/app.h"
#include "../core/arena.h"
#include "../core/strbuf.h"

struct http_cache;
struct metrics;

struct http_request {
	const char *method, *path;
	struct kv *query;
	size_t nquery;
	const char *body;
	size_t body_len;
	struct arena *arena;
	struct app *app;
	void *conn; /* the server's connection, for headers */
	/* filled by the dispatcher from the route's flags, before the handler runs */
	const struct entity *entity;
	int64_t id;
	json_t *json;		   /* parsed body (RT_JSON), owned by the dispatcher */
	struct app_principal who;  /* who is asking (user_id 0: nobody), set before the handler */
	int by_cookie;		   /* who came from the session cookie (writes need CSRF) */
	const char *session;	   /* the session cookie's secret, when there is one */
	const char *rest;	   /* the rest of the path a trailing "{path}" matched */
	const char *trusted_proxy; /* the proxy whose X-Forwarded-For names the client, or NULL */
	struct metrics *metrics;   /* the server's counters (NULL without a server) */
	struct http_cache *cache;  /* the server's kept answers (NULL: none are kept) */
	int stopping;		   /* the server is draining before it stops */
	uint64_t app_ns;	   /* time the dispatcher spent in app-layer calls, added to */
	int route; /* 1 + the index http_route_find gave for method and path, or 0 */
};

enum { HTTP_MAX_HEADERS = 8 };

struct http_response {
	int status;
	const char *content_type;
	struct strbuf body;
	const unsigned char *data; /* static bytes sent instead of body when set */
	size_t data_len;
	struct kv headers[HTTP_MAX_HEADERS];
	size_t nheaders;
};

/* Looks up a request header; NULL when absent. */
const char *http_header(const struct http_request *req, const char *name);
/* Looks up a request cookie; NULL when absent. */
const char *http_cookie(const struct http_request *req, const char *name);
/* The client's address as text (in the request arena): the connection's, or, when that is
 * the trusted proxy, the last address its X-Forwarded-For names. */
const char *http_client(const struct http_request *req);
/* Whether the client is on this machine: a loopback peer that is not the trusted proxy, or a
 * loopback address that the trusted proxy names. */
int http_client_is_local(const struct http_request *req);
void http_add_header(struct http_response *res, struct arena *a, const char *name,
		     const char *value);
/* Writes j (not consumed) as the JSON body with status. */
void http_json(struct http_response *res, int status, json_t *j);
/* Writes an application/problem+json body for err. */
void http_problem(struct http_response *res, const struct app_error *err);
/* A file answer: res->body (written by the use case) as type, offered as name; rc != 0:
 * err's problem instead. */
void http_download(struct http_request *req, struct http_response *res, int rc,
		   const struct app_error *err, const char *type, const char *name);
/* Shorthand for a problem without field errors. */
void http_fail(struct http_response *res, int status, const char *code, const char *detail);

typedef void (*http_handler)(struct http_request *req, struct http_response *res);

enum route_flag {
	RT_JSON = 1 << 0,     /* needs a JSON body: parsed (400/413/415 before the handler) */
	RT_RESOURCE = 1 << 1, /* {resource} must name an entity (404 otherwise) */
	RT_ID = 1 << 2,	      /* {id} must be a positive integer (404 otherwise) */
	RT_ACTION = 1 << 3,   /* a POST that acts on a row rather than making one: 200, not 201 */
	RT_OPEN = 1 << 4,     /* a probe: credentials are not read, nor is who may call asked */
	RT_LOCAL = 1 << 5,    /* a client on this machine passes the access check (metrics) */
	RT_CACHE = 1 << 6,    /* a GET whose answer depends on the database and who asks, and on
				 nothing else (no clock): kept per data generation (cache.h) */
};

struct route {
	const char *method;
	const char *pattern; /* segments; "{resource}", "{id}" and a final "{path}" capture */
	http_handler fn;
	unsigned flags;
	enum app_access access; /* who may call it, checked before the handler (app_authorize) */
	const char *summary;	/* OpenAPI operation summary */
	const char *query; /* query parameters of a route that is not a resource list, or NULL */
};

extern const struct route routes[];
extern const size_t nroutes;

/* Runs the route table for req; always fills res. */
void http_dispatch(struct http_request *req, struct http_response *res);
/* The index in routes[] of the route that method and path reach, or -1 (captures are
 * allocated in a). */
int http_route_find(struct arena *a, const char *method, const char *path);

/* Handlers, one file each. */
void h_resource_list(struct http_request *req, struct http_response *res);
void h_resource_get(struct http_request *req, struct http_response *res);
void h_resource_create(struct http_request *req, struct http_response *res);
void h_resource_patch(struct http_request *req, struct http_response *res);
void h_resource_put(struct http_request *req, struct http_response *res);
void h_resource_delete(struct http_request *req, struct http_response *res);
void h_resource_export(struct http_request *req, struct http_response *res);
void h_meta(struct http_request *req, struct http_response *res);
void h_audit(struct http_request *req, struct http_response *res);
void h_login(struct http_request *req, struct http_response *res);
void h_whoami(struct http_request *req, struct http_response *res);
void h_logout(struct http_request *req, struct http_response *res);
void h_password(struct http_request *req, struct http_response *res);
void h_token_list(struct http_request *req, struct http_response *res);
void h_token_create(struct http_request *req, struct http_response *res);
void h_token_revoke(struct http_request *req, struct http_response *res);
void h_user_list(struct http_request *req, struct http_response *res);
void h_user_create(struct http_request *req, struct http_response *res);
void h_user_update(struct http_request *req, struct http_response *res);
void h_public_list(struct http_request *req, struct http_response *res);
void h_public_get(struct http_request *req, struct http_response *res);
void h_itinerary(struct http_request *req, struct http_response *res);
void h_findings(struct http_request *req, struct http_response *res);
void h_itinerary_ics(struct http_request *req, struct http_response *res);
void h_trip_plan_html(struct http_request *req, struct http_response *res);
void h_trip_plan_xlsx(struct http_request *req, struct http_response *res);
void h_trip_report_html(struct http_request *req, struct http_response *res);
void h_trip_report_xlsx(struct http_request *req, struct http_response *res);
void h_settings_get(struct http_request *req, struct http_response *res);
void h_settings_patch(struct http_request *req, struct http_response *res);
void h_b2b_schedule(struct http_request *req, struct http_response *res);
void h_b2b_publish(struct http_request *req, struct http_response *res);
void h_b2b_grid(struct http_request *req, struct http_response *res);
void h_b2b_schedule_csv(struct http_request *req, struct http_response *res);
void h_b2b_schedule_xlsx(struct http_request *req, struct http_response *res);
void h_b2b_accept(struct http_request *req, struct http_response *res);
void h_b2b_decline(struct http_request *req, struct http_response *res);
void h_b2b_cancel(struct http_request *req, struct http_response *res);
void h_b2b_ask(struct http_request *req, struct http_response *res);
void h_b2b_requests_of(struct http_request *req, struct http_response *res);
void h_b2b_agenda(struct http_request *req, struct http_response *res);
void h_b2b_agenda_ics(struct http_request *req, struct http_response *res);
void h_outcome_pavilion(struct http_request *req, struct http_response *res);
void h_outcome_company(struct http_request *req, struct http_response *res);
void h_outcome_event(struct http_request *req, struct http_response *res);
void h_outcome_pavilion_lines(struct http_request *req, struct http_response *res);
void h_outcome_event_lines(struct http_request *req, struct http_response *res);
void h_outcome_company_lines(struct http_request *req, struct http_response *res);
void h_outcome_pavilion_xlsx(struct http_request *req, struct http_response *res);
void h_outcome_event_xlsx(struct http_request *req, struct http_response *res);
void h_outcome_company_xlsx(struct http_request *req, struct http_response *res);
void h_outcome_pavilion_csv(struct http_request *req, struct http_response *res);
void h_outcome_event_csv(struct http_request *req, struct http_response *res);
void h_outcome_company_csv(struct http_request *req, struct http_response *res);
void h_follow_ups_due(struct http_request *req, struct http_response *res);
void h_outcome_centre(struct http_request *req, struct http_response *res);
void h_outcome_centre_lines(struct http_request *req, struct http_response *res);
void h_outcome_centre_xlsx(struct http_request *req, struct http_response *res);
void h_outcome_centre_csv(struct http_request *req, struct http_response *res);
void h_centre_status(struct http_request *req, struct http_response *res);
void h_openapi(struct http_request *req, struct http_response *res);
void h_health(struct http_request *req, struct http_response *res);
void h_ready(struct http_request *req, struct http_response *res);
void h_metrics(struct http_request *req, struct http_response *res);
void h_index(struct http_request *req, struct http_response *res);
void h_asset(struct http_request *req, struct http_response *res);

/* The OpenAPI 3.1 document for the route table and descriptors (new reference). */
json_t *openapi_document(void);

struct http_server;
/* Starts serving app on addr:port (port 0 picks one); trusted_proxy (or NULL) is the address
 * of a front such as nginx whose X-Forwarded-For is believed. Returns NULL with a message in
 * err. */
struct http_server *http_start(struct app *app, const char *addr, int port,
			       const char *trusted_proxy, char *err, size_t errlen);
int http_port(struct http_server *s);
/* Stops accepting connections (a connection attempt is refused from now on) and closes the
 * connections of every answer still to come; requests already begun go on. */
void http_quiesce(struct http_server *s);
/* Requests begun and not yet ended. */
unsigned long http_in_flight(struct http_server *s);
/* Stops the server (ending whatever is still going on) and frees it. */
void http_stop(struct http_server *s);
/* Writes {time, event, message} as one JSON line on stderr, the server log's form; message may
 * be NULL. */
void http_log(const char *event, const char *message);

#endif
