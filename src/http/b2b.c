/* b2b.c - B2B matchmaking: schedule and publish a programme, answer and make requests, the
 * grid, a participant's agenda (JSON, iCalendar) and the meetings as CSV. */
#include <string.h>

#include "http.h"

static const char *actor_of(struct http_request *req)
{
	return req->who.user_id ? arena_printf(req->arena, "user:%s", req->who.login) : "api";
}

/* A view's query: the yes/no parameter name=true|false and, when lang is not NULL, lang
 * (its value checked by the use case); anything else is 400. */
static int view_params(struct http_request *req, struct http_response *res, const char *name,
		       int *on, const char **lang)
{
	struct app_error err;
	app_error_init(&err, req->arena);
	*on = 0;
	for (size_t i = 0; i < req->nquery; i++) {
		const char *k = req->query[i].key,
			   *v = req->query[i].value ? req->query[i].value : "";
		if (lang && !strcmp(k, "lang")) {
			*lang = v;
			continue;
		}
		if (strcmp(k, name)) {
			app_fail(&err, 400, "invalid_parameter", "unknown query parameter");
			app_field_error(&err, k, "unknown_parameter",
					*name ? arena_printf(req->arena, "only %s%s is accepted",
							     name, lang ? " and lang" : "")
					      : "takes no query parameters");
		} else if (strcmp(v, "true") && strcmp(v, "false")) {
			app_fail(&err, 400, "invalid_parameter", "a query parameter is invalid");
			app_field_error(&err, k, "invalid_type", "must be true or false");
		} else {
			*on = !strcmp(v, "true");
			continue;
		}
		http_problem(res, &err);
		return -1;
	}
	return 0;
}

static void answer(struct http_response *res, int rc, int status, json_t *out,
		   const struct app_error *err)
{
	if (rc)
		return http_problem(res, err);
	http_json(res, status, out);
	json_decref(out);
}

#define ACTION(fn, call)                                                                           \
	void fn(struct http_request *req, struct http_response *res)                               \
	{                                                                                          \
		struct app_error err;                                                              \
		json_t *out = NULL;                                                                \
		app_error_init(&err, req->arena);                                                  \
		int rc = call;                                                                     \
		answer(res, rc, 200, out, &err);                                                   \
	}

ACTION(h_b2b_schedule, app_b2b_schedule(req->app, req->arena, req->id, req->json, &req->who,
					actor_of(req), &out, &err))
ACTION(h_b2b_publish,
       app_b2b_publish(req->app, req->arena, req->id, &req->who, actor_of(req), &out, &err))
ACTION(h_b2b_accept,
       app_b2b_accept(req->app, req->arena, req->id, &req->who, actor_of(req), &out, &err))
ACTION(h_b2b_decline,
       app_b2b_decline(req->app, req->arena, req->id, &req->who, actor_of(req), &out, &err))
ACTION(h_b2b_cancel,
       app_b2b_cancel(req->app, req->arena, req->id, &req->who, actor_of(req), &out, &err))

void h_b2b_ask(struct http_request *req, struct http_response *res)
{
	struct app_error err;
	json_t *out = NULL;
	app_error_init(&err, req->arena);
	int rc = app_b2b_ask(req->app, req->arena, req->id, req->json, &req->who, actor_of(req),
			     &out, &err);
	if (!rc)
		http_add_header(
			res, req->arena, "Location",
			arena_printf(req->arena, "/api/v1/b2b_requests/%lld",
				     (long long)json_integer_value(json_object_get(out, "id"))));
	answer(res, rc, 201, out, &err);
}

void h_b2b_grid(struct http_request *req, struct http_response *res)
{
	struct app_error err;
	json_t *out = NULL;
	int final;
	app_error_init(&err, req->arena);
	if (view_params(req, res, "final", &final, NULL))
		return;
	int rc = app_b2b_grid(req->app, req->arena, req->id, final, &req->who, &out, &err);
	answer(res, rc, 200, out, &err);
}

void h_b2b_agenda(struct http_request *req, struct http_response *res)
{
	struct app_error err;
	json_t *out = NULL;
	int draft;
	app_error_init(&err, req->arena);
	if (view_params(req, res, "draft", &draft, NULL))
		return;
	int rc = app_b2b_agenda(req->app, req->arena, req->id, draft, &req->who, &out, &err);
	answer(res, rc, 200, out, &err);
}

void h_b2b_agenda_ics(struct http_request *req, struct http_response *res)
{
	struct app_error err;
	int draft;
	app_error_init(&err, req->arena);
	if (view_params(req, res, "draft", &draft, NULL))
		return;
	int rc = app_b2b_agenda_ics(req->app, req->arena, req->id, draft, &req->who, &res->body,
				    &err);
	http_download(req, res, rc, &err, "text/calendar; charset=utf-8",
		      arena_printf(req->arena, "agenda-%lld.ics", (long long)req->id));
}

void h_b2b_schedule_csv(struct http_request *req, struct http_response *res)
{
	struct app_error err;
	int final;
	app_error_init(&err, req->arena);
	if (view_params(req, res, "final", &final, NULL))
		return;
	int rc = app_b2b_schedule_csv(req->app, req->arena, req->id, final, &req->who, &res->body,
				      &err);
	http_download(req, res, rc, &err, "text/csv; charset=utf-8",
		      arena_printf(req->arena, "b2b-%lld-schedule.csv", (long long)req->id));
}

void h_b2b_schedule_xlsx(struct http_request *req, struct http_response *res)
{
	struct app_error err;
	int final;
	const char *lang = NULL;
	app_error_init(&err, req->arena);
	if (view_params(req, res, "final", &final, &lang))
		return;
	int rc = app_b2b_schedule_xlsx(req->app, req->arena, req->id, final, lang, &req->who,
				       &res->body, &err);
	http_download(req, res, rc, &err,
		      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		      arena_printf(req->arena, "b2b-%lld-schedule.xlsx", (long long)req->id));
}

void h_b2b_requests_of(struct http_request *req, struct http_response *res)
{
	struct app_error err;
	json_t *out = NULL;
	int none;
	app_error_init(&err, req->arena);
	if (view_params(req, res, "", &none, NULL))
		return;
	int rc = app_b2b_requests_of(req->app, req->arena, req->id, &req->who, &out, &err);
	answer(res, rc, 200, out, &err);
}
