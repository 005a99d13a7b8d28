/* ops.c - handlers for whoever runs the server: readiness and the Prometheus metrics. */
#include "http.h"
#include "metrics.h"

void h_ready(struct http_request *req, struct http_response *res)
{
	struct app_error err;
	json_t *out = NULL;
	app_error_init(&err, req->arena);
	/* a server on its way out is not ready for more, whatever its database says */
	if (req->stopping) {
		http_fail(res, 503, "stopping", "the server is stopping");
		return;
	}
	if (app_ready(req->app, req->arena, &out, &err)) {
		http_problem(res, &err);
		return;
	}
	http_json(res, 200, out);
	json_decref(out);
}

void h_metrics(struct http_request *req, struct http_response *res)
{
	if (!req->metrics) {
		http_fail(res, 404, "not_found", "this server keeps no metrics");
		return;
	}
	strbuf_reset(&res->body);
	metrics_write(req->metrics, &res->body);
	res->status = 200;
	res->content_type = "text/plain; version=0.0.4; charset=utf-8";
	http_add_header(res, req->arena, "Cache-Control", "no-store");
}
