/* response.c - JSON bodies, problem+json (RFC 9457) and headers. */
#include <stdlib.h>
#include <string.h>

#include "http.h"

void http_add_header(struct http_response *res, struct arena *a, const char *name,
		     const char *value)
{
	if (res->nheaders < HTTP_MAX_HEADERS)
		res->headers[res->nheaders++] =
			(struct kv){arena_strdup(a, name), arena_strdup(a, value)};
}

static int to_body(const char *buffer, size_t size, void *data)
{
	strbuf_add(data, buffer, size);
	return 0;
}

void http_json(struct http_response *res, int status, json_t *j)
{
	res->status = status;
	res->content_type = "application/json; charset=utf-8";
	strbuf_reset(&res->body);
	/* written straight into the body, with no copy between */
	if (!j || json_dump_callback(j, to_body, &res->body, JSON_COMPACT)) {
		strbuf_reset(&res->body);
		strbuf_addstr(&res->body, "null");
	}
}

static const char *status_title(int status)
{
	switch (status) {
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 412: return "Precondition Failed";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 428: return "Precondition Required";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Error";
	}
}

void http_problem(struct http_response *res, const struct app_error *err)
{
	int status = err->status ? err->status : 500;
	json_t *p = json_pack("{s:s, s:s, s:i, s:s, s:s}", "type", "about:blank", "title",
			      err->title ? err->title : status_title(status), "status", status,
			      "code", err->code ? err->code : "internal", "detail",
			      err->detail ? err->detail : "");
	if (err->nerrors) {
		json_t *list = json_array();
		for (size_t i = 0; i < err->nerrors; i++)
			json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "field",
							      err->errors[i].field, "code",
							      err->errors[i].code, "message",
							      err->errors[i].message));
		json_object_set_new(p, "errors", list);
	}
	http_json(res, status, p);
	res->content_type = "application/problem+json; charset=utf-8";
	json_decref(p);
}

void http_fail(struct http_response *res, int status, const char *code, const char *detail)
{
	struct app_error err = {.status = status, .code = code, .detail = detail};
	http_problem(res, &err);
}

void http_download(struct http_request *req, struct http_response *res, int rc,
		   const struct app_error *err, const char *type, const char *name)
{
	if (rc) {
		strbuf_reset(&res->body);
		return http_problem(res, err);
	}
	res->status = 200;
	res->content_type = type;
	http_add_header(res, req->arena, "Content-Disposition",
			arena_printf(req->arena, "attachment; filename=\"%s\"", name));
}
