/* resource.c - handlers of the generic resource routes; each one calls one app use case. */
#include <stdlib.h>
#include <string.h>

#include "http.h"

/* Reads If-Match: "3", W/"3" or 3. Returns 0 when absent, -1 when unreadable. */
static int if_match(const struct http_request *req, int64_t *v)
{
	const char *h = http_header(req, "If-Match");
	*v = 0;
	if (!h)
		return 0;
	if (!strncmp(h, "W/", 2))
		h += 2;
	if (*h == '"')
		h++;
	char *end;
	long long n = strtoll(h, &end, 10);
	if (end == h || n <= 0 || (*end && strcmp(end, "\"")))
		return -1;
	*v = n;
	return 0;
}

static void etag(struct http_response *res, struct arena *a, json_t *row)
{
	json_int_t v = json_integer_value(json_object_get(row, "version"));
	http_add_header(res, a, "ETag", arena_printf(a, "\"%lld\"", (long long)v));
}

static int read_write_opts(struct http_request *req, struct http_response *res, struct app_write *w)
{
	memset(w, 0, sizeof(*w));
	w->path = req->path;
	w->who = &req->who;
	w->actor = req->who.user_id ? arena_printf(req->arena, "user:%s", req->who.login) : "api";
	w->idempotency_key = http_header(req, "Idempotency-Key");
	if (if_match(req, &w->if_match)) {
		struct app_error err;
		app_error_init(&err, req->arena);
		app_fail(&err, 400, "invalid_header", "a header is invalid");
		app_field_error(&err, "If-Match", "invalid_version",
				"must be the ETag of the record, like \"3\"");
		http_problem(res, &err);
		return -1;
	}
	return 0;
}

void h_resource_list(struct http_request *req, struct http_response *res)
{
	struct app_error err;
	json_t *out;
	app_error_init(&err, req->arena);
	if (app_list(req->app, req->arena, req->entity, req->query, req->nquery, &req->who, &out,
		     &err))
		return http_problem(res, &err);
	http_json(res, 200, out);
	json_decref(out);
}

void h_resource_get(struct http_request *req, struct http_response *res)
{
	struct app_error err;
	json_t *out;
	app_error_init(&err, req->arena);
	if (app_get(req->app, req->arena, req->entity, req->id, &req->who, &out, &err))
		return http_problem(res, &err);
	http_json(res, 200, out);
	etag(res, req->arena, out);
	json_decref(out);
}

void h_resource_create(struct http_request *req, struct http_response *res)
{
	struct app_error err;
	struct app_write w;
	json_t *out;
	int status, replayed;
	app_error_init(&err, req->arena);
	if (read_write_opts(req, res, &w))
		return;
	if (app_create(req->app, req->arena, req->entity, req->json, &w, &out, &status, &replayed,
		       &err))
		return http_problem(res, &err);
	http_json(res, status, out);
	etag(res, req->arena, out);
	http_add_header(res, req->arena, "Location",
			arena_printf(req->arena, "/api/v1/%s/%lld", req->entity->name,
				     (long long)json_integer_value(json_object_get(out, "id"))));
	if (replayed)
		http_add_header(res, req->arena, "Idempotent-Replayed", "true");
	json_decref(out);
}

static void update(struct http_request *req, struct http_response *res, int replace)
{
	struct app_error err;
	struct app_write w;
	json_t *out;
	app_error_init(&err, req->arena);
	if (read_write_opts(req, res, &w))
		return;
	w.replace = replace;
	if (app_update(req->app, req->arena, req->entity, req->id, req->json, &w, &out, &err))
		return http_problem(res, &err);
	http_json(res, 200, out);
	etag(res, req->arena, out);
	json_decref(out);
}

void h_resource_patch(struct http_request *req, struct http_response *res)
{
	update(req, res, 0);
}

void h_resource_put(struct http_request *req, struct http_response *res)
{
	update(req, res, 1);
}

void h_resource_delete(struct http_request *req, struct http_response *res)
{
	struct app_error err;
	struct app_write w;
	app_error_init(&err, req->arena);
	if (read_write_opts(req, res, &w))
		return;
	if (app_delete(req->app, req->arena, req->entity, req->id, &w, &err))
		return http_problem(res, &err);
	res->status = 204;
}

void h_resource_export(struct http_request *req, struct http_response *res)
{
	struct app_error err;
	app_error_init(&err, req->arena);
	if (req->nquery) {
		http_fail(res, 400, "invalid_parameter", "the CSV export takes no parameters");
		return;
	}
	if (app_export(req->app, req->arena, req->entity, APP_CSV, &req->who, &res->body, &err))
		return http_problem(res, &err);
	res->status = 200;
	res->content_type = "text/csv; charset=utf-8";
	http_add_header(
		res, req->arena, "Content-Disposition",
		arena_printf(req->arena, "attachment; filename=\"%s.csv\"", req->entity->name));
}
