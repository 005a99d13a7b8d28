/* outcome.c - outcome reports of a pavilion, an event and a company, and the consultations
 * behind each of their numbers. */
#include "http.h"

static void report(struct http_request *req, struct http_response *res, const char *kind)
{
	struct app_error err;
	json_t *out = NULL;
	app_error_init(&err, req->arena);
	if (req->nquery) {
		app_fail(&err, 400, "invalid_parameter", "unknown query parameter");
		app_field_error(&err, req->query[0].key, "unknown_parameter",
				"takes no query parameters");
		return http_problem(res, &err);
	}
	if (app_outcome(req->app, req->arena, kind, req->id, &req->who, &out, &err))
		return http_problem(res, &err);
	http_json(res, 200, out);
	json_decref(out);
}

static void lines(struct http_request *req, struct http_response *res, const char *kind)
{
	struct app_error err;
	json_t *out = NULL;
	app_error_init(&err, req->arena);
	if (app_outcome_lines(req->app, req->arena, kind, req->id, req->query, req->nquery,
			      &req->who, &out, &err))
		return http_problem(res, &err);
	http_json(res, 200, out);
	json_decref(out);
}

#define OUTCOME(kind)                                                                              \
	void h_outcome_##kind(struct http_request *req, struct http_response *res)                 \
	{                                                                                          \
		report(req, res, #kind);                                                           \
	}                                                                                          \
	void h_outcome_##kind##_lines(struct http_request *req, struct http_response *res)         \
	{                                                                                          \
		lines(req, res, #kind);                                                            \
	}

OUTCOME(pavilion)
OUTCOME(event)
OUTCOME(company)
