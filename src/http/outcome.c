/* outcome.c - outcome reports of a pavilion, an event and a company, and the consultations
 * behind each of their numbers. */
#include <string.h>

#include "http.h"

/* A route that takes no query: any parameter is 400 naming it. Returns 1 when answered. */
static int no_query(struct http_request *req, struct http_response *res)
{
	struct app_error err;
	if (!req->nquery)
		return 0;
	app_error_init(&err, req->arena);
	app_fail(&err, 400, "invalid_parameter", "unknown query parameter");
	app_field_error(&err, req->query[0].key, "unknown_parameter", "takes no query parameters");
	http_problem(res, &err);
	return 1;
}

static void report(struct http_request *req, struct http_response *res, const char *kind)
{
	struct app_error err;
	json_t *out = NULL;
	app_error_init(&err, req->arena);
	if (no_query(req, res))
		return;
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

/* ?lang=ko|en, nothing else. */
static int lang_param(struct http_request *req, struct http_response *res, const char **lang)
{
	struct app_error err;
	app_error_init(&err, req->arena);
	*lang = NULL;
	for (size_t i = 0; i < req->nquery; i++) {
		if (!strcmp(req->query[i].key, "lang")) {
			*lang = req->query[i].value ? req->query[i].value : "";
			continue;
		}
		app_fail(&err, 400, "invalid_parameter", "unknown query parameter");
		app_field_error(&err, req->query[i].key, "unknown_parameter",
				"only lang is accepted");
		http_problem(res, &err);
		return -1;
	}
	return 0;
}

static void file(struct http_request *req, struct http_response *res, const char *kind, int xlsx)
{
	struct app_error err;
	const char *lang;
	app_error_init(&err, req->arena);
	if (lang_param(req, res, &lang))
		return;
	int rc = xlsx ? app_outcome_xlsx(req->app, req->arena, kind, req->id, lang, &req->who,
					 &res->body, &err)
		      : app_outcome_csv(req->app, req->arena, kind, req->id, lang, &req->who,
					&res->body, &err);
	http_download(req, res, rc, &err,
		      xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
			   : "text/csv; charset=utf-8",
		      arena_printf(req->arena, "outcome-%s-%lld.%s", kind, (long long)req->id,
				   xlsx ? "xlsx" : "csv"));
}

#define OUTCOME(kind)                                                                              \
	void h_outcome_##kind(struct http_request *req, struct http_response *res)                 \
	{                                                                                          \
		report(req, res, #kind);                                                           \
	}                                                                                          \
	void h_outcome_##kind##_lines(struct http_request *req, struct http_response *res)         \
	{                                                                                          \
		lines(req, res, #kind);                                                            \
	}                                                                                          \
	void h_outcome_##kind##_xlsx(struct http_request *req, struct http_response *res)          \
	{                                                                                          \
		file(req, res, #kind, 1);                                                          \
	}                                                                                          \
	void h_outcome_##kind##_csv(struct http_request *req, struct http_response *res)           \
	{                                                                                          \
		file(req, res, #kind, 0);                                                          \
	}

OUTCOME(pavilion)
OUTCOME(event)
OUTCOME(company)
OUTCOME(centre)

void h_follow_ups_due(struct http_request *req, struct http_response *res)
{
	struct app_error err;
	json_t *out = NULL;
	app_error_init(&err, req->arena);
	if (app_follow_ups_due(req->app, req->arena, req->query, req->nquery, &req->who, &out,
			       &err))
		return http_problem(res, &err);
	http_json(res, 200, out);
	json_decref(out);
}

void h_centre_status(struct http_request *req, struct http_response *res)
{
	struct app_error err;
	json_t *out = NULL;
	app_error_init(&err, req->arena);
	if (no_query(req, res))
		return;
	if (app_centre_status(req->app, req->arena, req->id, &req->who, &out, &err))
		return http_problem(res, &err);
	http_json(res, 200, out);
	json_decref(out);
}
