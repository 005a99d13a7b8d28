/* session.c - logging in and out, the current account, password change, API tokens. */
#include <string.h>

#include "http.h"

#define SESSION_COOKIE "rs_session"

/* The session cookie: HttpOnly, SameSite=Strict, Secure when the client reached us over TLS
 * (directly or through the TLS front that says so). max_age 0 deletes it. */
static void set_cookie(struct http_request *req, struct http_response *res, const char *token,
		       long max_age)
{
	const char *proto = http_header(req, "X-Forwarded-Proto");
	int tls = proto && !strcmp(proto, "https");
	http_add_header(res, req->arena, "Set-Cookie",
			arena_printf(req->arena,
				     "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Strict%s",
				     SESSION_COOKIE, token, max_age, tls ? "; Secure" : ""));
	http_add_header(res, req->arena, "Cache-Control", "no-store");
}

static void answer_principal(struct http_response *res, int status, const struct app_principal *who)
{
	json_t *j = app_principal_json(who);
	http_json(res, status, j);
	json_decref(j);
}

static int string_field(struct http_request *req, json_t *body, const char *name, const char **out,
			struct app_error *err)
{
	json_t *j = json_object_get(body, name);
	*out = json_string_value(j);
	if (!*out || json_string_length(j) > 300 || strlen(*out) != json_string_length(j)) {
		app_field_error(err, name, j ? "invalid_type" : "required",
				j ? "must be a string of at most 300 characters" : "is required");
		return -1;
	}
	(void)req;
	return 0;
}

void h_login(struct http_request *req, struct http_response *res)
{
	struct app_error err;
	struct app_principal who;
	const char *login, *password, *token;
	app_error_init(&err, req->arena);
	if (!json_is_object(req->json))
		return http_fail(res, 400, "invalid_body",
				 "the request body must be a JSON object");
	int bad = string_field(req, req->json, "login", &login, &err);
	bad |= string_field(req, req->json, "password", &password, &err);
	if (bad) {
		app_fail(&err, 422, "validation_failed", "one or more fields are invalid");
		return http_problem(res, &err);
	}
	if (app_login(req->app, req->arena, login, password, http_client(req), &token, &who, &err))
		return http_problem(res, &err);
	answer_principal(res, 201, &who);
	set_cookie(req, res, token, APP_SESSION_SECONDS);
}

void h_whoami(struct http_request *req, struct http_response *res)
{
	answer_principal(res, 200, &req->who);
	http_add_header(res, req->arena, "Cache-Control", "no-store");
}

void h_logout(struct http_request *req, struct http_response *res)
{
	struct app_error err;
	app_error_init(&err, req->arena);
	if (!req->session) {
		http_fail(
			res, 400, "not_a_session",
			"this request is authenticated by an API token; revoke the token instead");
		return;
	}
	if (app_logout(req->app, req->arena, req->session, &err))
		return http_problem(res, &err);
	res->status = 204;
	set_cookie(req, res, "", 0);
}

void h_password(struct http_request *req, struct http_response *res)
{
	struct app_error err;
	const char *current, *next, *token;
	app_error_init(&err, req->arena);
	if (!json_is_object(req->json))
		return http_fail(res, 400, "invalid_body",
				 "the request body must be a JSON object");
	int bad = string_field(req, req->json, "current_password", &current, &err);
	bad |= string_field(req, req->json, "new_password", &next, &err);
	if (bad) {
		app_fail(&err, 422, "validation_failed", "one or more fields are invalid");
		return http_problem(res, &err);
	}
	if (app_password_change(req->app, req->arena, &req->who, current, next, &token, &err))
		return http_problem(res, &err);
	answer_principal(res, 200, &req->who);
	set_cookie(req, res, token, APP_SESSION_SECONDS);
}

void h_token_list(struct http_request *req, struct http_response *res)
{
	struct app_error err;
	json_t *out;
	app_error_init(&err, req->arena);
	if (app_token_list(req->app, req->arena, &req->who, &out, &err))
		return http_problem(res, &err);
	http_json(res, 200, out);
	json_decref(out);
}

void h_token_create(struct http_request *req, struct http_response *res)
{
	struct app_error err;
	json_t *out;
	app_error_init(&err, req->arena);
	if (app_token_create(req->app, req->arena, &req->who, req->json, &out, &err))
		return http_problem(res, &err);
	http_json(res, 201, out);
	http_add_header(res, req->arena, "Cache-Control", "no-store");
	json_decref(out);
}

void h_token_revoke(struct http_request *req, struct http_response *res)
{
	struct app_error err;
	app_error_init(&err, req->arena);
	if (app_token_revoke(req->app, req->arena, &req->who, req->id, &err))
		return http_problem(res, &err);
	res->status = 204;
}
