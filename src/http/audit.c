/* audit.c - the audit trail, read-only: GET /api/v1/audit. */
#include "http.h"

void h_audit(struct http_request *req, struct http_response *res)
{
	struct app_error err;
	json_t *out;
	app_error_init(&err, req->arena);
	if (app_audit_list(req->app, req->arena, req->query, req->nquery, &req->who, &out, &err))
		return http_problem(res, &err);
	http_json(res, 200, out);
	json_decref(out);
}
