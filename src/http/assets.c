/* assets.c - the embedded web UI: index.html at "/", other files under /assets/BUILD/. */
#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "../core/embedded.h"
#include "http.h"

extern const struct embedded_file web_assets[];
extern const size_t web_assets_count;

static char build_hash[17];
static pthread_once_t build_once = PTHREAD_ONCE_INIT;

/* One hash over every asset's hash: any change to any file moves every asset URL. */
static void compute_build_hash(void)
{
	crypto_generichash_state st;
	unsigned char h[8];
	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	for (size_t i = 0; i < web_assets_count; i++)
		crypto_generichash_update(&st, (const unsigned char *)web_assets[i].hash,
					  strlen(web_assets[i].hash));
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(build_hash, sizeof(build_hash), h, sizeof(h));
}

static const char *mime_type(const char *path)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{".html", "text/html; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".mjs", "text/javascript; charset=utf-8"},
		{".css", "text/css; charset=utf-8"},
		{".json", "application/json; charset=utf-8"},
		{".svg", "image/svg+xml"},
		{".png", "image/png"},
		{".ico", "image/x-icon"},
		{".woff2", "font/woff2"},
		{".woff", "font/woff"},
		{".ttf", "font/ttf"},
		{".otf", "font/otf"},
	};
	const char *dot = strrchr(path, '.');
	for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(dot, types[i].ext))
			return types[i].type;
	return "application/octet-stream";
}

void h_index(struct http_request *req, struct http_response *res)
{
	const struct embedded_file *f = embedded_find(web_assets, web_assets_count, "index.html");
	pthread_once(&build_once, compute_build_hash);
	if (!f) {
		http_fail(res, 404, "not_found", "this build has no web UI");
		return;
	}
	const char *token = "{{ASSETS}}";
	const char *p = (const char *)f->data, *end = p + f->size;
	while (p < end) {
		const char *hit = memmem(p, (size_t)(end - p), token, strlen(token));
		if (!hit) {
			strbuf_add(&res->body, p, (size_t)(end - p));
			break;
		}
		strbuf_add(&res->body, p, (size_t)(hit - p));
		strbuf_addf(&res->body, "/assets/%s", build_hash);
		p = hit + strlen(token);
	}
	res->status = 200;
	res->content_type = "text/html; charset=utf-8";
	http_add_header(res, req->arena, "Cache-Control", "no-cache");
}

void h_asset(struct http_request *req, struct http_response *res)
{
	pthread_once(&build_once, compute_build_hash);
	const char *slash = strchr(req->rest, '/');
	const struct embedded_file *f = NULL;
	if (slash && (size_t)(slash - req->rest) == strlen(build_hash) &&
	    !strncmp(req->rest, build_hash, strlen(build_hash)))
		f = embedded_find(web_assets, web_assets_count, slash + 1);
	if (!f || !strcmp(f->path, "index.html")) {
		http_fail(res, 404, "not_found", "no such asset in this build");
		return;
	}
	res->status = 200;
	res->content_type = mime_type(f->path);
	res->data = f->data;
	res->data_len = f->size;
	http_add_header(res, req->arena, "Cache-Control", "public, max-age=31536000, immutable");
}
