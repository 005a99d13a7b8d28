/* cache.h - answers to GETs kept per data generation (app_generation): an answer worked out at
 * one generation is the answer while the generation stays the same, as every write raises it,
 * whichever server commits it. Kept per account, path and query; bounded in bytes; safe to
 * lose (each server keeps its own). Only routes whose answer depends on nothing but the
 * database and who asks (RT_CACHE) use it. */
#ifndef ROADSHOW_HTTP_CACHE_H
#define ROADSHOW_HTTP_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "http.h"

enum {
	HTTP_CACHE_SLOTS = 1024,
	HTTP_CACHE_BYTES = 8 << 20,	  /* bodies and keys kept, at most */
	HTTP_CACHE_MAX_ANSWER = 256 << 10 /* a larger answer is not kept */
};

struct http_cache;

struct http_cache *http_cache_new(void);
void http_cache_free(struct http_cache *c);
/* The key of req's answer (in req's arena): who asks, the path and the query, each given
 * with its length so that no two requests share one. */
const char *http_cache_key(const struct http_request *req);
/* Writes the answer kept for key at generation into res; 0 when there is one. */
int http_cache_get(struct http_cache *c, const char *key, int64_t generation,
		   struct http_response *res, struct arena *a);
/* Keeps res (a 200) as the answer for key at generation. */
void http_cache_put(struct http_cache *c, const char *key, int64_t generation,
		    const struct http_response *res);

#endif
