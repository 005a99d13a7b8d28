/* server.c - libmicrohttpd glue: collect a request, run the dispatcher, send the answer. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

struct http_server {
	struct MHD_Daemon *daemon;
	struct app *app;
	char trusted_proxy[INET6_ADDRSTRLEN];
};

/* Per-request state, from the first callback to the completion notice. */
struct pending {
	struct arena arena;
	struct strbuf body;
	int too_large, too_many;
	struct kv *query;
	size_t nquery, capquery;
};

const char *http_header(const struct http_request *req, const char *name)
{
	/* a request made without a connection (fuzzers, tests) has no headers */
	if (!req->conn)
		return NULL;
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *http_cookie(const struct http_request *req, const char *name)
{
	if (!req->conn)
		return NULL;
	return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

/* The last address of an X-Forwarded-For list, when it is one (nginx appends the peer). */
static const char *forwarded_for(struct arena *a, const char *h)
{
	const char *last = strrchr(h, ',');
	last = last ? last + 1 : h;
	while (*last == ' ')
		last++;
	size_t n = strcspn(last, " ");
	char buf[INET6_ADDRSTRLEN];
	unsigned char bin[16];
	if (n == 0 || n >= sizeof(buf))
		return NULL;
	memcpy(buf, last, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET, buf, bin) != 1 && inet_pton(AF_INET6, buf, bin) != 1)
		return NULL;
	return arena_strdup(a, buf);
}

const char *http_client(const struct http_request *req)
{
	const union MHD_ConnectionInfo *info =
		req->conn ? MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS)
			  : NULL;
	char buf[INET6_ADDRSTRLEN] = "unknown";
	if (info && info->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)info->client_addr)->sin_addr, buf,
			  sizeof(buf));
	else if (info && info->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)info->client_addr)->sin6_addr,
			  buf, sizeof(buf));
	const char *xff = http_header(req, "X-Forwarded-For");
	const char *client = req->trusted_proxy && xff && !strcmp(buf, req->trusted_proxy)
				     ? forwarded_for(req->arena, xff)
				     : NULL;
	return client ? client : arena_strdup(req->arena, buf);
}

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *key,
				     const char *value)
{
	struct pending *p = cls;
	(void)kind;
	if (p->nquery == p->capquery) {
		size_t cap = p->capquery ? p->capquery * 2 : 8;
		if (cap > 256) {
			p->too_many = 1;
			return MHD_NO;
		}
		struct kv *n = arena_alloc(&p->arena, cap * sizeof(*n));
		if (p->nquery)
			memcpy(n, p->query, p->nquery * sizeof(*n));
		p->query = n;
		p->capquery = cap;
	}
	p->query[p->nquery++] = (struct kv){arena_strdup(&p->arena, key),
					    arena_strdup(&p->arena, value ? value : "")};
	return MHD_YES;
}

static int hex_value(char c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
				      : -1;
}

/* Decodes %XX in paths and query values in place, except %00: a NUL would cut the string
 * short and make "/booths/1%00" read as "/booths/1", so it stays as written (and matches
 * nothing). Returns the new length. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	char *out = s;
	(void)cls, (void)c;
	for (const char *in = s; *in; in++) {
		int hi, lo;
		if (*in == '%' && (hi = hex_value(in[1])) >= 0 && (lo = hex_value(in[2])) >= 0 &&
		    (hi || lo)) {
			*out++ = (char)(hi * 16 + lo);
			in += 2;
		} else {
			*out++ = *in;
		}
	}
	*out = '\0';
	return (size_t)(out - s);
}

static void security_headers(struct MHD_Response *r)
{
	MHD_add_response_header(r, "Content-Security-Policy",
				"default-src 'self'; script-src 'self'; style-src 'self'; "
				"img-src 'self' data:; font-src 'self'; connect-src 'self'; "
				"object-src 'none'; base-uri 'none'; form-action 'self'; "
				"frame-ancestors 'none'");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
}

static enum MHD_Result send_response(struct MHD_Connection *c, struct http_response *res)
{
	struct MHD_Response *r;
	if (res->data)
		r = MHD_create_response_from_buffer(res->data_len, (void *)res->data,
						    MHD_RESPMEM_PERSISTENT);
	else
		r = MHD_create_response_from_buffer(res->body.len, res->body.buf,
						    MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	if (res->content_type && res->status != 204)
		MHD_add_response_header(r, "Content-Type", res->content_type);
	for (size_t i = 0; i < res->nheaders; i++)
		MHD_add_response_header(r, res->headers[i].key, res->headers[i].value);
	security_headers(r);
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)res->status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **state)
{
	struct http_server *srv = cls;
	struct pending *p = *state;
	(void)version;

	if (!p) {
		p = calloc(1, sizeof(*p));
		if (!p)
			return MHD_NO;
		strbuf_init(&p->body);
		*state = p;
		const char *len = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		if (len && strtoull(len, NULL, 10) > APP_BODY_MAX)
			p->too_large = 1;
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!p->too_large && p->body.len + *upload_data_size > APP_BODY_MAX)
			p->too_large = 1;
		if (!p->too_large)
			strbuf_add(&p->body, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}

	struct http_response res = {.status = 500};
	strbuf_init(&res.body);
	if (p->too_large) {
		http_fail(&res, 413, "body_too_large", "the request body is over 1 MiB");
	} else if (MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_query, p) < 0 ||
		   p->too_many) {
		http_fail(&res, 400, "invalid_parameter", "more than 256 query parameters");
	} else {
		struct http_request req = {
			.method = method,
			.path = url,
			.query = p->query,
			.nquery = p->nquery,
			.body = p->body.buf,
			.body_len = p->body.len,
			.arena = &p->arena,
			.app = srv->app,
			.conn = c,
			.trusted_proxy = srv->trusted_proxy[0] ? srv->trusted_proxy : NULL,
		};
		http_dispatch(&req, &res);
	}
	enum MHD_Result ret = send_response(c, &res);
	strbuf_release(&res.body);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **state,
			 enum MHD_RequestTerminationCode code)
{
	struct pending *p = *state;
	(void)cls, (void)c, (void)code;
	if (!p)
		return;
	strbuf_release(&p->body);
	arena_release(&p->arena);
	free(p);
	*state = NULL;
}

struct http_server *http_start(struct app *app, const char *addr, int port,
			       const char *trusted_proxy, char *err, size_t errlen)
{
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1) {
		snprintf(err, errlen, "'%s' is not an IPv4 address", addr);
		return NULL;
	}
	struct http_server *s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->app = app;
	if (trusted_proxy)
		snprintf(s->trusted_proxy, sizeof(s->trusted_proxy), "%s", trusted_proxy);
	s->daemon = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0, NULL, NULL,
		on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
		MHD_OPTION_THREAD_POOL_SIZE, 4U, MHD_OPTION_CONNECTION_TIMEOUT, 30U,
		MHD_OPTION_CONNECTION_LIMIT, 1000U, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL, MHD_OPTION_END);
	if (!s->daemon) {
		snprintf(err, errlen, "cannot listen on %s:%d", addr, port);
		free(s);
		return NULL;
	}
	return s;
}

int http_port(struct http_server *s)
{
	const union MHD_DaemonInfo *info =
		MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	return info ? info->port : 0;
}

void http_stop(struct http_server *s)
{
	if (!s)
		return;
	MHD_stop_daemon(s->daemon);
	free(s);
}
