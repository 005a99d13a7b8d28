/* users.c - accounts for administrators: GET/POST /api/v1/users, PATCH /api/v1/users/{id}. */
#include "http.h"

static const char *actor(struct http_request *req)
{
	return req->who.user_id ? arena_printf(req->arena, "user:%s", req->who.login) : "api";
}

/* Answers out (consumed) with status, never cached: it may hold a new password. */
static void answer(struct http_request *req, struct http_response *res, int status, json_t *out)
{
	http_json(res, status, out);
	http_add_header(res, req->arena, "Cache-Control", "no-store");
	json_decref(out);
}

void h_user_list(struct http_request *req, struct http_response *res)
{
	struct app_error err;
	json_t *list;
	app_error_init(&err, req->arena);
	if (app_user_list(req->app, req->arena, &list, &err))
		return http_problem(res, &err);
	answer(req, res, 200,
	       json_pack("{s:O, s:I}", "items", list, "total", (json_int_t)json_array_size(list)));
	json_decref(list);
}

void h_user_create(struct http_request *req, struct http_response *res)
{
	struct app_error err;
	json_t *out;
	app_error_init(&err, req->arena);
	if (app_user_create(req->app, req->arena, req->json, actor(req), &out, &err))
		return http_problem(res, &err);
	answer(req, res, 201, out);
}

void h_user_update(struct http_request *req, struct http_response *res)
{
	struct app_error err;
	json_t *out;
	app_error_init(&err, req->arena);
	if (app_user_update(req->app, req->arena, req->id, req->json, &req->who, actor(req), &out,
			    &err))
		return http_problem(res, &err);
	answer(req, res, 200, out);
}
