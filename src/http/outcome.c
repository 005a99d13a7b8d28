/* outcome.c - outcome reports of a pavilion and of a company. */
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

void h_outcome_pavilion(struct http_request *req, struct http_response *res)
{
	report(req, res, "pavilion");
}

void h_outcome_company(struct http_request *req, struct http_response *res)
{
	report(req, res, "company");
}
