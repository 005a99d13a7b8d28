/* public.c - published delegations for anyone: GET /api/v1/public/delegations[/{id}]. */
#include "http.h"

static void answer(struct http_response *res, int rc, json_t *out, const struct app_error *err)
{
	if (rc)
		return http_problem(res, err);
	http_json(res, 200, out);
	json_decref(out);
}

void h_public_list(struct http_request *req, struct http_response *res)
{
	struct app_error err;
	json_t *out;
	app_error_init(&err, req->arena);
	int rc = app_public_list(req->app, req->arena, &out, &err);
	answer(res, rc, out, &err);
}

void h_public_get(struct http_request *req, struct http_response *res)
{
	struct app_error err;
	json_t *out;
	app_error_init(&err, req->arena);
	int rc = app_public_get(req->app, req->arena, req->id, &out, &err);
	answer(res, rc, out, &err);
}
