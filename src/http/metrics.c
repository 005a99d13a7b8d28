/* metrics.c - counters kept with C11 atomics (the server's threads record at once) and written
 * in Prometheus's text format; labels come from the route table, so their number is bounded. */
#include "metrics.h"

#include <stdatomic.h>
#include <stdlib.h>

#include "../version.h"
#include "http.h"

/* Upper bounds of the latency buckets, in seconds: 0.5 ms to 10 s. */
static const double bucket_le[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
				   0.1,	   0.25,  0.5,	  1,	 2.5,  5,     10};
enum {
	NBUCKETS = sizeof(bucket_le) / sizeof(bucket_le[0]),
	STATUS_MIN = 100,
	NSTATUS = 500, /* 100 to 599 */
};

struct route_counters {
	_Atomic uint64_t bucket[NBUCKETS + 1]; /* the last one: over 10 s */
	_Atomic uint64_t count, sum_ns, app_ns;
	_Atomic uint64_t status[NSTATUS];
};

struct metrics {
	size_t nslots; /* nroutes + 1: the last slot is for requests no route matched */
	_Atomic uint64_t in_flight, connections, refused, aborted, cache_hits, cache_misses;
	struct route_counters *slot;
};

struct metrics *metrics_new(void)
{
	struct metrics *m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->nslots = nroutes + 1;
	m->slot = calloc(m->nslots, sizeof(*m->slot));
	if (!m->slot) {
		free(m);
		return NULL;
	}
	return m;
}

void metrics_free(struct metrics *m)
{
	if (!m)
		return;
	free(m->slot);
	free(m);
}

static void add(_Atomic uint64_t *c, uint64_t n)
{
	atomic_fetch_add_explicit(c, n, memory_order_relaxed);
}

static uint64_t get(_Atomic uint64_t *c)
{
	return atomic_load_explicit(c, memory_order_relaxed);
}

void metrics_observe(struct metrics *m, int route, int status, uint64_t ns, uint64_t app_ns)
{
	struct route_counters *c =
		&m->slot[route >= 0 && (size_t)route < nroutes ? (size_t)route : nroutes];
	size_t b = 0;
	while (b < NBUCKETS && (double)ns / 1e9 > bucket_le[b])
		b++;
	add(&c->bucket[b], 1);
	add(&c->count, 1);
	add(&c->sum_ns, ns);
	add(&c->app_ns, app_ns);
	if (status >= STATUS_MIN && status < STATUS_MIN + NSTATUS)
		add(&c->status[status - STATUS_MIN], 1);
}

void metrics_aborted(struct metrics *m)
{
	add(&m->aborted, 1);
}

static void move(_Atomic uint64_t *c, int delta)
{
	if (delta >= 0)
		atomic_fetch_add_explicit(c, (uint64_t)delta, memory_order_relaxed);
	else
		atomic_fetch_sub_explicit(c, (uint64_t)-delta, memory_order_relaxed);
}

void metrics_in_flight(struct metrics *m, int delta)
{
	move(&m->in_flight, delta);
}

void metrics_connections(struct metrics *m, int delta)
{
	move(&m->connections, delta);
}

void metrics_refused(struct metrics *m)
{
	add(&m->refused, 1);
}

void metrics_cache(struct metrics *m, int hit)
{
	add(hit ? &m->cache_hits : &m->cache_misses, 1);
}

uint64_t metrics_in_flight_now(struct metrics *m)
{
	return get(&m->in_flight);
}

/* The labels of a slot: the route table's method and pattern (neither holds a quote, a
 * backslash or a line break, which the format would need escaped), or "unmatched". */
static void labels(struct strbuf *out, size_t slot)
{
	if (slot < nroutes)
		strbuf_addf(out, "method=\"%s\",route=\"%s\"", routes[slot].method,
			    routes[slot].pattern);
	else
		strbuf_addstr(out, "method=\"\",route=\"unmatched\"");
}

static void head(struct strbuf *out, const char *name, const char *type, const char *help)
{
	strbuf_addf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

void metrics_write(struct metrics *m, struct strbuf *out)
{
	head(out, "roadshow_build_info", "gauge", "The running binary's version (always 1).");
	strbuf_addf(out, "roadshow_build_info{version=\"%s\"} 1\n", ROADSHOW_VERSION);

	head(out, "roadshow_http_requests_total", "counter",
	     "HTTP requests answered, by the route table's method and pattern and by status.");
	for (size_t i = 0; i < m->nslots; i++)
		for (size_t s = 0; s < NSTATUS; s++) {
			uint64_t n = get(&m->slot[i].status[s]);
			if (!n)
				continue;
			strbuf_addstr(out, "roadshow_http_requests_total{");
			labels(out, i);
			strbuf_addf(out, ",status=\"%zu\"} %llu\n", s + STATUS_MIN,
				    (unsigned long long)n);
		}

	head(out, "roadshow_http_request_duration_seconds", "histogram",
	     "Time from a request's headers to its answer being queued, by route.");
	for (size_t i = 0; i < m->nslots; i++) {
		struct route_counters *c = &m->slot[i];
		uint64_t count = get(&c->count), cum = 0;
		if (!count)
			continue;
		for (size_t b = 0; b <= NBUCKETS; b++) {
			cum += get(&c->bucket[b]);
			strbuf_addstr(out, "roadshow_http_request_duration_seconds_bucket{");
			labels(out, i);
			if (b < NBUCKETS)
				strbuf_addf(out, ",le=\"%g\"} %llu\n", bucket_le[b],
					    (unsigned long long)cum);
			else
				strbuf_addf(out, ",le=\"+Inf\"} %llu\n", (unsigned long long)cum);
		}
		strbuf_addstr(out, "roadshow_http_request_duration_seconds_sum{");
		labels(out, i);
		strbuf_addf(out, "} %.9f\n", (double)get(&c->sum_ns) / 1e9);
		strbuf_addstr(out, "roadshow_http_request_duration_seconds_count{");
		labels(out, i);
		/* cum, not count: the buckets were read after count and may have grown since */
		strbuf_addf(out, "} %llu\n", (unsigned long long)cum);
	}

	head(out, "roadshow_app_seconds_total", "counter",
	     "Time requests spent in the app layer, by route: authentication, the access check "
	     "and the route's handler, whose use case takes the one app lock (waiting for it "
	     "included) and runs its database transaction under it; parsing the body and "
	     "encoding the answer are in it too. An upper bound on database time, not SQL time "
	     "alone.");
	for (size_t i = 0; i < m->nslots; i++) {
		if (!get(&m->slot[i].count))
			continue;
		strbuf_addstr(out, "roadshow_app_seconds_total{");
		labels(out, i);
		strbuf_addf(out, "} %.9f\n", (double)get(&m->slot[i].app_ns) / 1e9);
	}

	/* the single numbers, each with its help line */
	const struct {
		const char *name, *type, *help;
		_Atomic uint64_t *value;
	} singles[] = {
		{"roadshow_http_requests_in_flight", "gauge",
		 "Requests whose headers have arrived and that have not ended (this one included).",
		 &m->in_flight},
		{"roadshow_http_requests_aborted_total", "counter",
		 "Requests that ended without an answer (client gone, timeout, shutdown).",
		 &m->aborted},
		{"roadshow_http_connections_open", "gauge", "Open client connections.",
		 &m->connections},
		{"roadshow_http_connections_refused_total", "counter",
		 "Connections closed on arrival because their address had too many open.",
		 &m->refused},
		{"roadshow_http_cache_hits_total", "counter",
		 "GETs answered from the answers kept at the data generation still current.",
		 &m->cache_hits},
		{"roadshow_http_cache_misses_total", "counter",
		 "GETs that could be kept but were worked out, none being kept at the current "
		 "generation.",
		 &m->cache_misses},
	};
	for (size_t i = 0; i < sizeof(singles) / sizeof(singles[0]); i++) {
		head(out, singles[i].name, singles[i].type, singles[i].help);
		strbuf_addf(out, "%s %llu\n", singles[i].name,
			    (unsigned long long)get(singles[i].value));
	}
}
