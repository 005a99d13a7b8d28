/* cache.c - answers to GETs kept per data generation (cache.h). */
#include "cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../core/hash.h"
#include "../core/strbuf.h"

struct answer {
	char *key;
	int64_t generation;
	int status;
	const char *content_type; /* a constant of the handlers */
	char *body;
	size_t body_len;
	struct kv headers[HTTP_MAX_HEADERS]; /* malloc'd names and values */
	size_t nheaders;
	size_t bytes; /* what it holds */
};

struct http_cache {
	pthread_mutex_t lock;
	struct answer slot[HTTP_CACHE_SLOTS];
	size_t bytes;
};

struct http_cache *http_cache_new(void)
{
	struct http_cache *c = calloc(1, sizeof(*c));
	if (c)
		pthread_mutex_init(&c->lock, NULL);
	return c;
}

static void free_answer(struct answer *s)
{
	for (size_t i = 0; i < s->nheaders; i++) {
		free((char *)s->headers[i].key);
		free((char *)s->headers[i].value);
	}
	free(s->key);
	free(s->body);
	*s = (struct answer){0};
}

static void forget(struct http_cache *c, struct answer *s)
{
	c->bytes -= s->bytes;
	free_answer(s);
}

void http_cache_free(struct http_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < HTTP_CACHE_SLOTS; i++)
		forget(c, &c->slot[i]);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

/* s, after its length: no part can be taken for two */
static void add_part(struct strbuf *sb, const char *s)
{
	strbuf_add_uint(sb, strlen(s));
	strbuf_addstr(sb, ":");
	strbuf_addstr(sb, s);
}

const char *http_cache_key(const struct http_request *req)
{
	struct strbuf sb = STRBUF_INIT;
	if (req->who.user_id < 0)
		strbuf_addstr(&sb, "-");
	strbuf_add_uint(&sb, req->who.user_id < 0 ? 0ULL - (unsigned long long)req->who.user_id
						  : (unsigned long long)req->who.user_id);
	strbuf_addstr(&sb, " ");
	add_part(&sb, req->method);
	add_part(&sb, req->path);
	for (size_t i = 0; i < req->nquery; i++) {
		add_part(&sb, req->query[i].key);
		add_part(&sb, req->query[i].value ? req->query[i].value : "");
	}
	char *key = arena_strdup(req->arena, sb.buf);
	strbuf_release(&sb);
	return key;
}

static struct answer *slot_of(struct http_cache *c, const char *key)
{
	return &c->slot[hash_text(key) % HTTP_CACHE_SLOTS];
}

int http_cache_get(struct http_cache *c, const char *key, int64_t generation,
		   struct http_response *res, struct arena *a)
{
	struct answer *s = slot_of(c, key);
	int found = 0;
	pthread_mutex_lock(&c->lock);
	if (s->key && s->generation == generation && !strcmp(s->key, key)) {
		res->status = s->status;
		res->content_type = s->content_type;
		strbuf_reset(&res->body);
		strbuf_add(&res->body, s->body, s->body_len);
		for (size_t i = 0; i < s->nheaders; i++)
			http_add_header(res, a, s->headers[i].key, s->headers[i].value);
		found = 1;
	}
	pthread_mutex_unlock(&c->lock);
	return found ? 0 : -1;
}

/* Frees every answer of an earlier generation than generation: none will be current again. */
static void sweep(struct http_cache *c, int64_t generation)
{
	for (size_t i = 0; i < HTTP_CACHE_SLOTS; i++)
		if (c->slot[i].key && c->slot[i].generation < generation)
			forget(c, &c->slot[i]);
}

void http_cache_put(struct http_cache *c, const char *key, int64_t generation,
		    const struct http_response *res)
{
	size_t klen = strlen(key), bytes = klen + res->body.len;
	if (res->data || res->body.len > HTTP_CACHE_MAX_ANSWER)
		return;
	struct answer n = {.generation = generation,
			   .status = res->status,
			   .content_type = res->content_type,
			   .key = malloc(klen + 1),
			   .body = malloc(res->body.len + 1),
			   .body_len = res->body.len};
	int ok = n.key && n.body;
	for (size_t i = 0; ok && i < res->nheaders; i++) {
		char *k = strdup(res->headers[i].key), *v = strdup(res->headers[i].value);
		n.headers[n.nheaders++] = (struct kv){k, v};
		ok = k && v;
		bytes += ok ? strlen(k) + strlen(v) : 0;
	}
	n.bytes = bytes;
	if (!ok) {
		free_answer(&n);
		return;
	}
	memcpy(n.key, key, klen + 1);
	if (res->body.len)
		memcpy(n.body, res->body.buf, res->body.len);
	struct answer *s = slot_of(c, key);
	pthread_mutex_lock(&c->lock);
	if (s->key && s->generation > generation) {
		/* a later answer is there already */
		pthread_mutex_unlock(&c->lock);
		free_answer(&n);
		return;
	}
	if (s->key)
		forget(c, s);
	if (c->bytes + bytes > HTTP_CACHE_BYTES)
		sweep(c, generation);
	if (c->bytes + bytes <= HTTP_CACHE_BYTES) {
		*s = n;
		c->bytes += bytes;
		n.key = NULL;
	}
	pthread_mutex_unlock(&c->lock);
	if (n.key)
		free_answer(&n);
}
