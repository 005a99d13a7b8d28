/* itinerary.c - a delegation's day view, findings and calendar file; the settings. */
#include <stdlib.h>
#include <string.h>

#include "http.h"

/* ?member=ID (a delegation member's id), the only parameter these routes take. */
static int member_param(struct http_request *req, struct http_response *res, int64_t *member)
{
	*member = 0;
	for (size_t i = 0; i < req->nquery; i++) {
		const char *k = req->query[i].key, *v = req->query[i].value;
		char *end = NULL;
		long long m = 0;
		struct app_error err;
		app_error_init(&err, req->arena);
		if (strcmp(k, "member")) {
			app_fail(&err, 400, "invalid_parameter", "unknown query parameter");
			app_field_error(&err, k, "unknown_parameter", "only member is accepted");
			http_problem(res, &err);
			return -1;
		}
		if (v && *v >= '1' && *v <= '9' && strlen(v) <= 18)
			m = strtoll(v, &end, 10);
		if (!m || *end) {
			app_fail(&err, 400, "invalid_parameter", "member must be a member id");
			app_field_error(&err, "member", "invalid_type",
					"must be a positive integer");
			http_problem(res, &err);
			return -1;
		}
		*member = m;
	}
	return 0;
}

static void answer(struct http_response *res, int rc, json_t *out, const struct app_error *err)
{
	if (rc)
		return http_problem(res, err);
	http_json(res, 200, out);
	json_decref(out);
}

void h_itinerary(struct http_request *req, struct http_response *res)
{
	struct app_error err;
	json_t *out = NULL;
	int64_t member;
	app_error_init(&err, req->arena);
	if (member_param(req, res, &member))
		return;
	int rc = app_itinerary_view(req->app, req->arena, req->id, member, &req->who, &out, &err);
	answer(res, rc, out, &err);
}

void h_findings(struct http_request *req, struct http_response *res)
{
	struct app_error err;
	json_t *out = NULL;
	int64_t member;
	app_error_init(&err, req->arena);
	if (member_param(req, res, &member))
		return;
	int rc = app_itinerary_findings(req->app, req->arena, req->id, member, &req->who, &out,
					&err);
	answer(res, rc, out, &err);
}

void h_itinerary_ics(struct http_request *req, struct http_response *res)
{
	struct app_error err;
	int64_t member;
	app_error_init(&err, req->arena);
	if (member_param(req, res, &member))
		return;
	if (app_itinerary_ics(req->app, req->arena, req->id, member, &req->who, &res->body, &err))
		return http_problem(res, &err);
	res->status = 200;
	res->content_type = "text/calendar; charset=utf-8";
	http_add_header(
		res, req->arena, "Content-Disposition",
		member ? arena_printf(req->arena,
				      "attachment; filename=\"delegation-%lld-member-%lld.ics\"",
				      (long long)req->id, (long long)member)
		       : arena_printf(req->arena, "attachment; filename=\"delegation-%lld.ics\"",
				      (long long)req->id));
}

void h_settings_get(struct http_request *req, struct http_response *res)
{
	struct app_error err;
	json_t *out = NULL;
	app_error_init(&err, req->arena);
	int rc = app_settings_get(req->app, req->arena, &out, &err);
	answer(res, rc, out, &err);
}

void h_settings_patch(struct http_request *req, struct http_response *res)
{
	struct app_error err;
	json_t *out = NULL;
	app_error_init(&err, req->arena);
	const char *actor =
		req->who.user_id ? arena_printf(req->arena, "user:%s", req->who.login) : "api";
	int rc = app_settings_update(req->app, req->arena, req->json, actor, &out, &err);
	answer(res, rc, out, &err);
}
