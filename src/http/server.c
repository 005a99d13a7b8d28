/* server.c - libmicrohttpd glue: collect a request, run the dispatcher, send the answer; one
 * log line and the metrics per request; limits on connections; a graceful stop. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../core/hash.h"
#include "cache.h"
#include "http.h"
#include "metrics.h"

enum {
	/* connections open at once, at most (fewer when the descriptor limit is lower) */
	HTTP_MAX_CONNECTIONS = 10000,
	/* from one address (the trusted proxy excepted): one client cannot take every slot */
	HTTP_MAX_PER_ADDRESS = 512,
	/* seconds a connection may stay silent, between requests or inside one */
	HTTP_IDLE_SECONDS = 30,
	/* a thread waits while its write's group commits (app/writer.c): more of them make the
	 * groups larger (POST at 64 connections: 64 threads ~4,600/s, 16 ~3,600/s); each costs
	 * little more than its stack (idle resident 14.9 MB against 14.4 MB) */
	HTTP_THREADS = 64,
	REQUEST_ID_MAX = 128,
	/* The most of a body over APP_BODY_MAX that is read (and dropped) before its 413. A
	 * client that sends its whole body before it reads (most do, unless they ask for 100
	 * Continue) would lose the answer to a reset if the connection closed under it, so a body
	 * a little too large is read out; a larger one is refused as soon as its Content-Length
	 * shows it, and a chunked one that grows past this is cut off without an answer
	 * (libmicrohttpd answers only before a body or after it). */
	HTTP_READ_MAX = 4 * APP_BODY_MAX,
	PEER_BUCKETS = 1024,
};

/* Open connections per client address, for HTTP_MAX_PER_ADDRESS. */
struct peer {
	struct peer *next;
	unsigned char addr[16]; /* IPv6, or IPv4 mapped into it */
	unsigned count;
};

struct peers {
	pthread_mutex_t lock;
	struct peer *bucket[PEER_BUCKETS];
};

struct http_server {
	struct MHD_Daemon *daemon;
	struct app *app;
	struct metrics *metrics;
	struct http_cache *cache;
	struct peers peers;
	char trusted_proxy[INET6_ADDRSTRLEN];
	unsigned char proxy_addr[16];
	int has_proxy;
	MHD_socket listen_fd; /* the listening socket once quiesced, closed after the stop */
	atomic_int stopping;
};

/* Per-request state, from the first callback to the completion notice. */
struct pending {
	struct arena arena;
	struct strbuf body;
	int too_many, too_large;
	size_t discarded;  /* bytes of a too large body dropped */
	int answered;	   /* a response was queued */
	const char *ended; /* why the connection was cut, for the log */
	struct kv *query;
	size_t nquery, capquery;
	struct timespec start;
	int route; /* index in routes[], or -1 */
	char method[16];
	const char *client;
	char request_id[REQUEST_ID_MAX + 1];
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

static int is_loopback(const char *addr)
{
	return !strncmp(addr, "127.", 4) || !strcmp(addr, "::1") ||
	       !strncmp(addr, "::ffff:127.", 11);
}

int http_client_is_local(const struct http_request *req)
{
	const union MHD_ConnectionInfo *info =
		req->conn ? MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS)
			  : NULL;
	char peer[INET6_ADDRSTRLEN] = "";
	if (info && info->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)info->client_addr)->sin_addr, peer,
			  sizeof(peer));
	else if (info && info->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)info->client_addr)->sin6_addr,
			  peer, sizeof(peer));
	if (!is_loopback(peer))
		return 0;
	if (!req->trusted_proxy || strcmp(peer, req->trusted_proxy))
		return 1;
	/* through the proxy: only the address it names counts, and none is nobody's */
	const char *xff = http_header(req, "X-Forwarded-For");
	const char *named = xff ? forwarded_for(req->arena, xff) : NULL;
	return named && is_loopback(named);
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

/* ---- the log: one JSON line per request on stderr ---- */

static void rfc3339_now(char out[32])
{
	struct timespec t;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &t);
	gmtime_r(&t.tv_sec, &tm);
	size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, 32 - n, ".%03dZ", (int)(t.tv_nsec / 1000000));
}

/* Writes j as one line and frees it: one write, so that lines of several threads never
 * interleave and a busy server makes one system call per line. */
static void log_line(json_t *j)
{
	char small[1024], *buf = small;
	size_t flags = JSON_COMPACT | JSON_REAL_PRECISION(12);
	size_t n = j ? json_dumpb(j, small, sizeof(small) - 1, flags) : 0;
	if (n > sizeof(small) - 1 && (buf = malloc(n + 1)))
		json_dumpb(j, buf, n, flags);
	json_decref(j);
	if (!n || !buf)
		return;
	buf[n] = '\n';
	fwrite(buf, 1, n + 1, stderr);
	if (buf != small)
		free(buf);
}

void http_log(const char *event, const char *message)
{
	char now[32];
	rfc3339_now(now);
	log_line(json_pack("{s:s, s:s, s:s?}", "time", now, "event", event, "message", message));
}

/* libmicrohttpd's own complaints, as log lines like the others. */
static void mhd_logger(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	(void)cls;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	msg[strcspn(msg, "\r\n")] = '\0';
	/* its messages are ASCII; anything else would make the line unencodable */
	for (char *c = msg; *c; c++)
		if ((unsigned char)*c < 0x20 || (unsigned char)*c > 0x7e)
			*c = '?';
	http_log("http_server", msg);
}

static uint64_t since_ns(const struct timespec *start)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	int64_t ns =
		(int64_t)(t.tv_sec - start->tv_sec) * 1000000000 + (t.tv_nsec - start->tv_nsec);
	return ns > 0 ? (uint64_t)ns : 0;
}

/* The request line's object, one per thread, its values set in place for each request:
 * making a new one (jansson's pack and its frees) cost most of what dumping it does. */
struct request_line {
	json_t *obj, *time, *request_id, *method, *duration_ms, *bytes, *client;
};

static pthread_key_t line_key;
static pthread_once_t line_once = PTHREAD_ONCE_INIT;

static void line_free(void *p)
{
	struct request_line *l = p;
	json_decref(l->obj);
	free(l);
}

static void line_key_make(void)
{
	pthread_key_create(&line_key, line_free);
}

/* This thread's line, made at its first request; NULL when there is no memory. */
static struct request_line *thread_line(void)
{
	pthread_once(&line_once, line_key_make);
	struct request_line *l = pthread_getspecific(line_key);
	if (l)
		return l;
	if (!(l = calloc(1, sizeof(*l))))
		return NULL;
	/* the keys in the order a line shows them; route, status and end are set per request */
	l->obj = json_pack("{s:s, s:s, s:s, s:n, s:n, s:f, s:I, s:s}", "time", "", "request_id", "",
			   "method", "", "route", "status", "duration_ms", 0.0, "bytes",
			   (json_int_t)0, "client", "");
	if (!l->obj || pthread_setspecific(line_key, l)) {
		json_decref(l->obj);
		free(l);
		return NULL;
	}
	l->time = json_object_get(l->obj, "time");
	l->request_id = json_object_get(l->obj, "request_id");
	l->method = json_object_get(l->obj, "method");
	l->duration_ms = json_object_get(l->obj, "duration_ms");
	l->bytes = json_object_get(l->obj, "bytes");
	l->client = json_object_get(l->obj, "client");
	return l;
}

/* status 0: the request ended without an answer, end says how. */
static void log_request(const struct pending *p, int status, size_t bytes, uint64_t ns,
			const char *end)
{
	char now[32];
	struct request_line *l = thread_line();
	if (!l)
		return;
	rfc3339_now(now);
	/* the method and client may be any bytes a client sent: checked as UTF-8 (a line that
	 * cannot be encoded is not written) */
	if (json_string_set(l->time, now) || json_string_set(l->request_id, p->request_id) ||
	    json_string_set(l->method, p->method) ||
	    json_string_set(l->client, p->client ? p->client : "unknown"))
		return;
	json_real_set(l->duration_ms, (double)(ns / 1000) / 1e3);
	json_integer_set(l->bytes, (json_int_t)bytes);
	json_object_set_new(l->obj, "route",
			    p->route >= 0 ? json_string(routes[p->route].pattern) : json_null());
	json_object_set_new(l->obj, "status", status ? json_integer(status) : json_null());
	if (end)
		json_object_set_new(l->obj, "end", json_string(end));
	else
		json_object_del(l->obj, "end");
	log_line(json_incref(l->obj));
}

/* ---- requests ---- */

/* An incoming X-Request-Id is kept when it is 1 to REQUEST_ID_MAX letters, digits and
 * "-_.:"; otherwise a random one is made (32 hex digits). */
static void request_id(struct MHD_Connection *c, char out[REQUEST_ID_MAX + 1])
{
	const char *in = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Request-Id");
	size_t n = in ? strlen(in) : 0;
	if (n >= 1 && n <= REQUEST_ID_MAX &&
	    strspn(in, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:") == n) {
		memcpy(out, in, n + 1);
		return;
	}
	unsigned char bin[16];
	randombytes_buf(bin, sizeof(bin));
	sodium_bin2hex(out, REQUEST_ID_MAX + 1, bin, sizeof(bin));
}

/* The method as a log can carry it: HTTP's token characters only. */
static void copy_method(char out[16], const char *method)
{
	size_t i = 0;
	for (; method && method[i] && i < 15; i++)
		out[i] = strchr("!#$%&'*+-.^_`|~", method[i]) ||
					 (method[i] >= '0' && method[i] <= '9') ||
					 (method[i] >= 'A' && method[i] <= 'Z') ||
					 (method[i] >= 'a' && method[i] <= 'z')
				 ? method[i]
				 : '?';
	out[i] = '\0';
}

/* Queues res; logs and counts the answer. close: end the connection after it (a body left
 * unread, or the server stopping). */
static enum MHD_Result send_response(struct http_server *srv, struct MHD_Connection *c,
				     struct pending *p, struct http_response *res, int close,
				     uint64_t app_ns)
{
	struct MHD_Response *r;
	size_t bytes = res->data ? res->data_len : res->body.len;
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
	MHD_add_response_header(r, "X-Request-Id", p->request_id);
	if (close || atomic_load(&srv->stopping))
		MHD_add_response_header(r, "Connection", "close");
	uint64_t ns = since_ns(&p->start);
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)res->status, r);
	MHD_destroy_response(r);
	/* the answer leaves once this callback returns: a client that has it finds it counted */
	if (ret == MHD_YES) {
		p->answered = 1;
		metrics_observe(srv->metrics, p->route, res->status, ns, app_ns);
		log_request(p, res->status, bytes, ns, NULL);
	}
	return ret;
}

/* Refuses the request at once, its body (if any) unread, and closes the connection. */
static enum MHD_Result refuse(struct http_server *srv, struct MHD_Connection *c, struct pending *p,
			      int status, const char *code, const char *detail)
{
	struct http_response res = {.status = status};
	strbuf_init(&res.body);
	http_fail(&res, status, code, detail);
	enum MHD_Result ret = send_response(srv, c, p, &res, 1, 0);
	strbuf_release(&res.body);
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
		metrics_in_flight(srv->metrics, 1);
		clock_gettime(CLOCK_MONOTONIC, &p->start);
		request_id(c, p->request_id);
		copy_method(p->method, method);
		p->route = http_route_find(&p->arena, method, url);
		struct http_request who = {
			.conn = c,
			.arena = &p->arena,
			.trusted_proxy = srv->trusted_proxy[0] ? srv->trusted_proxy : NULL,
		};
		p->client = http_client(&who);
		const char *len = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		unsigned long long size = len ? strtoull(len, NULL, 10) : 0;
		const char *expect = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Expect");
		if (size > APP_BODY_MAX &&
		    (size > HTTP_READ_MAX || (expect && !strcasecmp(expect, "100-continue"))))
			return refuse(srv, c, p, 413, "body_too_large",
				      "the request body is over 1 MiB");
		p->too_large = size > APP_BODY_MAX; /* read out, then refused */
		return MHD_YES;
	}
	if (p->answered) { /* refused early: what still arrives is not kept */
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (*upload_data_size) {
		/* a chunked body says its size only as it goes: kept no more once over */
		if (p->too_large || p->body.len + *upload_data_size > APP_BODY_MAX) {
			p->too_large = 1;
			p->discarded += *upload_data_size;
			*upload_data_size = 0;
			if (p->body.len + p->discarded <= HTTP_READ_MAX)
				return MHD_YES;
			p->ended = "body_too_large";
			return MHD_NO;
		}
		strbuf_add(&p->body, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (p->too_large)
		return refuse(srv, c, p, 413, "body_too_large", "the request body is over 1 MiB");

	struct http_response res = {.status = 500};
	strbuf_init(&res.body);
	uint64_t app_ns = 0;
	if (MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_query, p) < 0 ||
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
			.metrics = srv->metrics,
			.cache = srv->cache,
			.stopping = atomic_load(&srv->stopping),
			.route = p->route + 1,
		};
		http_dispatch(&req, &res);
		app_ns = req.app_ns;
	}
	enum MHD_Result ret = send_response(srv, c, p, &res, 0, app_ns);
	strbuf_release(&res.body);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **state,
			 enum MHD_RequestTerminationCode code)
{
	struct http_server *srv = cls;
	struct pending *p = *state;
	(void)c;
	if (!p)
		return;
	if (!p->answered) {
		static const char *const why[] = {
			[MHD_REQUEST_TERMINATED_COMPLETED_OK] = "completed",
			[MHD_REQUEST_TERMINATED_WITH_ERROR] = "error",
			[MHD_REQUEST_TERMINATED_TIMEOUT_REACHED] = "timeout",
			[MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN] = "shutdown",
			[MHD_REQUEST_TERMINATED_READ_ERROR] = "read_error",
			[MHD_REQUEST_TERMINATED_CLIENT_ABORT] = "client_abort",
		};
		metrics_aborted(srv->metrics);
		log_request(p, 0, 0, since_ns(&p->start),
			    p->ended						       ? p->ended
			    : (size_t)code < sizeof(why) / sizeof(why[0]) && why[code] ? why[code]
										       : "aborted");
	}
	metrics_in_flight(srv->metrics, -1);
	strbuf_release(&p->body);
	arena_release(&p->arena);
	free(p);
	*state = NULL;
}

/* ---- connections: at most HTTP_MAX_PER_ADDRESS from one address ---- */

static int address_key(const struct sockaddr *sa, unsigned char key[16])
{
	memset(key, 0, 16);
	if (sa->sa_family == AF_INET) {
		key[10] = key[11] = 0xff;
		memcpy(key + 12, &((const struct sockaddr_in *)sa)->sin_addr, 4);
		return 0;
	}
	if (sa->sa_family == AF_INET6) {
		memcpy(key, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
		return 0;
	}
	return -1;
}

static struct peer **peer_slot(struct peers *ps, const unsigned char key[16])
{
	struct peer **pp = &ps->bucket[hash_bytes(key, 16) % PEER_BUCKETS];
	while (*pp && memcmp((*pp)->addr, key, 16))
		pp = &(*pp)->next;
	return pp;
}

static enum MHD_Result on_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
	struct http_server *srv = cls;
	unsigned char key[16];
	(void)addrlen;
	if (address_key(addr, key) || (srv->has_proxy && !memcmp(key, srv->proxy_addr, 16)))
		return MHD_YES;
	pthread_mutex_lock(&srv->peers.lock);
	struct peer *p = *peer_slot(&srv->peers, key);
	int over = p && p->count >= HTTP_MAX_PER_ADDRESS;
	pthread_mutex_unlock(&srv->peers.lock);
	if (over)
		metrics_refused(srv->metrics);
	return over ? MHD_NO : MHD_YES;
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	struct http_server *srv = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *info =
			MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		unsigned char key[16];
		metrics_connections(srv->metrics, 1);
		*socket_context = NULL;
		if (!info || address_key(info->client_addr, key))
			return;
		pthread_mutex_lock(&srv->peers.lock);
		struct peer **pp = peer_slot(&srv->peers, key);
		if (!*pp && (*pp = calloc(1, sizeof(**pp))))
			memcpy((*pp)->addr, key, 16);
		if (*pp)
			(*pp)->count++;
		*socket_context = *pp; /* the node lives while a connection counts in it */
		pthread_mutex_unlock(&srv->peers.lock);
		return;
	}
	metrics_connections(srv->metrics, -1);
	struct peer *p = *socket_context;
	if (!p)
		return;
	pthread_mutex_lock(&srv->peers.lock);
	if (--p->count == 0) {
		struct peer **pp = peer_slot(&srv->peers, p->addr);
		*pp = p->next;
		free(p);
	}
	pthread_mutex_unlock(&srv->peers.lock);
	*socket_context = NULL;
}

/* ---- the server ---- */

/* As many connections as the descriptor limit allows, raised to its hard ceiling first. */
static unsigned connection_limit(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl))
		return 1000;
	if (rl.rlim_cur < rl.rlim_max && rl.rlim_cur < HTTP_MAX_CONNECTIONS + 256) {
		rl.rlim_cur = rl.rlim_max < HTTP_MAX_CONNECTIONS + 256 ? rl.rlim_max
								       : HTTP_MAX_CONNECTIONS + 256;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	/* the database, the log and libmicrohttpd's own descriptors need some too */
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > HTTP_MAX_CONNECTIONS + 256)
		return HTTP_MAX_CONNECTIONS;
	return rl.rlim_cur > 256 ? (unsigned)rl.rlim_cur - 128 : (unsigned)rl.rlim_cur / 2;
}

struct http_server *http_start(struct app *app, const char *addr, int port,
			       const char *trusted_proxy, char *err, size_t errlen)
{
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1) {
		snprintf(err, errlen, "'%s' is not an IPv4 address", addr);
		return NULL;
	}
	if (sodium_init() < 0) { /* request ids come from its generator */
		snprintf(err, errlen, "libsodium cannot start");
		return NULL;
	}
	struct http_server *s = calloc(1, sizeof(*s));
	if (!s || !(s->metrics = metrics_new()) || !(s->cache = http_cache_new())) {
		if (s)
			metrics_free(s->metrics);
		free(s);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->app = app;
	s->listen_fd = MHD_INVALID_SOCKET;
	pthread_mutex_init(&s->peers.lock, NULL);
	if (trusted_proxy) {
		snprintf(s->trusted_proxy, sizeof(s->trusted_proxy), "%s", trusted_proxy);
		/* the same key address_key makes of its connections */
		unsigned char *k = s->proxy_addr;
		if (inet_pton(AF_INET, trusted_proxy, k + 12) == 1) {
			k[10] = k[11] = 0xff;
			s->has_proxy = 1;
		} else {
			s->has_proxy = inet_pton(AF_INET6, trusted_proxy, k) == 1;
		}
	}
	s->daemon = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG,
		0, on_accept, s, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, mhd_logger, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin, MHD_OPTION_THREAD_POOL_SIZE,
		(unsigned)HTTP_THREADS, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)HTTP_IDLE_SECONDS,
		MHD_OPTION_CONNECTION_LIMIT, connection_limit(), MHD_OPTION_NOTIFY_COMPLETED,
		on_completed, s, MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
		MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL, MHD_OPTION_END);
	if (!s->daemon) {
		snprintf(err, errlen, "cannot listen on %s:%d", addr, port);
		pthread_mutex_destroy(&s->peers.lock);
		metrics_free(s->metrics);
		http_cache_free(s->cache);
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

void http_quiesce(struct http_server *s)
{
	if (atomic_exchange(&s->stopping, 1))
		return;
	s->listen_fd = MHD_quiesce_daemon(s->daemon);
	/* the socket must stay open until the daemon stops (a worker may still hold it), but it
	 * need not listen: on Linux this refuses new connections and those waiting in the
	 * backlog at once, rather than leaving them to hang until the stop */
	if (s->listen_fd != MHD_INVALID_SOCKET)
		shutdown(s->listen_fd, SHUT_RD);
}

unsigned long http_in_flight(struct http_server *s)
{
	return (unsigned long)metrics_in_flight_now(s->metrics);
}

void http_stop(struct http_server *s)
{
	if (!s)
		return;
	MHD_stop_daemon(s->daemon);
	if (s->listen_fd != MHD_INVALID_SOCKET)
		close(s->listen_fd);
	for (size_t i = 0; i < PEER_BUCKETS; i++)
		while (s->peers.bucket[i]) {
			struct peer *p = s->peers.bucket[i];
			s->peers.bucket[i] = p->next;
			free(p);
		}
	pthread_mutex_destroy(&s->peers.lock);
	metrics_free(s->metrics);
	http_cache_free(s->cache);
	free(s);
}
