/* arena.c - bump allocation in chunks, released all at once. */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, size;
	max_align_t data[];
};

enum { ARENA_CHUNK_MIN = 8192 };

/* size bytes, zeroed when zero (else as they come) */
static void *bump(struct arena *a, size_t size, int zero)
{
	const size_t align = sizeof(max_align_t);
	size_t need = (size + align - 1) / align * align;
	struct arena_chunk *c = a->head;

	if (need == 0)
		need = align;
	if (!c || c->size - c->used < need) {
		size_t sz = need > ARENA_CHUNK_MIN ? need : ARENA_CHUNK_MIN;
		/* zeroed by the allocator: a big block comes as fresh pages, each made when first
		 * touched rather than all written over here */
		c = calloc(1, sizeof(*c) + sz);
		if (!c)
			return NULL;
		c->size = sz;
		c->used = 0;
		/* a big block goes behind the current chunk so its free space stays usable */
		if (a->head && need > ARENA_CHUNK_MIN) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	void *p = (char *)c->data + c->used;
	if (c->used && zero)
		memset(p, 0, need);
	c->used += need;
	return p;
}

void *arena_alloc(struct arena *a, size_t size)
{
	return bump(a, size, 1);
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	if (!s)
		return NULL;
	char *p = bump(a, n + 1, 0); /* written over at once */
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	char *p = arena_alloc(a, (size_t)n + 1);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void arena_release(struct arena *a)
{
	struct arena_chunk *c = a->head;
	while (c) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
}
