/* meta.c - handlers that describe the service: health, descriptors, the OpenAPI document. */
#include "http.h"

void h_health(struct http_request *req, struct http_response *res)
{
	(void)req;
	json_t *j = json_pack("{s:s}", "status", "ok");
	http_json(res, 200, j);
	json_decref(j);
}

void h_meta(struct http_request *req, struct http_response *res)
{
	(void)req;
	json_t *j = app_meta();
	http_json(res, 200, j);
	json_decref(j);
}

void h_openapi(struct http_request *req, struct http_response *res)
{
	(void)req;
	json_t *j = openapi_document();
	http_json(res, 200, j);
	json_decref(j);
}
