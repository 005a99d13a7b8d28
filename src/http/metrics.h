/* metrics.h - the HTTP server's Prometheus counters: requests by route and status, latency,
 * app-layer time, connections. Every function may be called from any server thread. */
#ifndef ROADSHOW_METRICS_H
#define ROADSHOW_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "../core/strbuf.h"

struct metrics;

/* New zeroed counters for the route table (routes[], nroutes); NULL when out of memory.
 * The caller frees them with metrics_free, after the last thread that records is gone. */
struct metrics *metrics_new(void);
void metrics_free(struct metrics *m);

/* One answered request: route is its index in routes[] (-1: no route matched), ns the time
 * from its headers to its answer, app_ns the part of it spent in app-layer calls. */
void metrics_observe(struct metrics *m, int route, int status, uint64_t ns, uint64_t app_ns);
/* A request that ended without an answer (the client went away, a timeout, shutdown). */
void metrics_aborted(struct metrics *m);
/* Requests between their headers and their end, and open connections: +1 or -1. */
void metrics_in_flight(struct metrics *m, int delta);
void metrics_connections(struct metrics *m, int delta);
/* A connection closed at once because its address already had too many. */
void metrics_refused(struct metrics *m);
/* A GET answered from the cache (hit 1), or worked out for want of a kept answer (hit 0). */
void metrics_cache(struct metrics *m, int hit);
/* Requests now between their headers and their end. */
uint64_t metrics_in_flight_now(struct metrics *m);

/* Appends the text exposition format 0.0.4 of every counter to out. */
void metrics_write(struct metrics *m, struct strbuf *out);

#endif
