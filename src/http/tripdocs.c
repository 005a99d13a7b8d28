/* tripdocs.c - a delegation's plan and result report as HTML and XLSX downloads. */
#include <string.h>

#include "http.h"

/* ?lang=ko|en, the only parameter these routes take; app_tripdoc checks its value. */
static int lang_param(struct http_request *req, struct http_response *res, const char **lang)
{
	struct app_error err;
	app_error_init(&err, req->arena);
	*lang = NULL;
	for (size_t i = 0; i < req->nquery; i++) {
		if (strcmp(req->query[i].key, "lang")) {
			app_fail(&err, 400, "invalid_parameter", "unknown query parameter");
			app_field_error(&err, req->query[i].key, "unknown_parameter",
					"only lang is accepted");
		} else if (*lang) {
			app_fail(&err, 400, "invalid_parameter", "give lang once");
			app_field_error(&err, "lang", "duplicate", "is given more than once");
		} else {
			*lang = req->query[i].value;
			continue;
		}
		http_problem(res, &err);
		return -1;
	}
	return 0;
}

static void document(struct http_request *req, struct http_response *res, enum app_doc doc,
		     enum app_doc_format format)
{
	struct app_error err;
	const char *lang;
	app_error_init(&err, req->arena);
	if (lang_param(req, res, &lang))
		return;
	if (app_tripdoc(req->app, req->arena, req->id, doc, format, lang, &req->who, &res->body,
			&err)) {
		strbuf_reset(&res->body);
		http_problem(res, &err);
		return;
	}
	res->status = 200;
	res->content_type =
		format == APP_DOC_HTML
			? "text/html; charset=utf-8"
			: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	http_add_header(res, req->arena, "Content-Disposition",
			arena_printf(req->arena, "attachment; filename=\"delegation-%lld-%s%s.%s\"",
				     (long long)req->id, doc == APP_DOC_PLAN ? "plan" : "report",
				     lang && !strcmp(lang, "en") ? "-en" : "",
				     format == APP_DOC_HTML ? "html" : "xlsx"));
}

void h_trip_plan_html(struct http_request *req, struct http_response *res)
{
	document(req, res, APP_DOC_PLAN, APP_DOC_HTML);
}

void h_trip_plan_xlsx(struct http_request *req, struct http_response *res)
{
	document(req, res, APP_DOC_PLAN, APP_DOC_XLSX);
}

void h_trip_report_html(struct http_request *req, struct http_response *res)
{
	document(req, res, APP_DOC_REPORT, APP_DOC_HTML);
}

void h_trip_report_xlsx(struct http_request *req, struct http_response *res)
{
	document(req, res, APP_DOC_REPORT, APP_DOC_XLSX);
}
