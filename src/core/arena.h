/* arena.h - one allocation region per request or command, freed once at its end. */
#ifndef ROADSHOW_ARENA_H
#define ROADSHOW_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
};

#define ARENA_INIT                                                                                 \
	{                                                                                          \
		NULL                                                                               \
	}

/* Returns zeroed memory owned by the arena, or NULL when out of memory. */
void *arena_alloc(struct arena *a, size_t size);
/* Copies s (NULL gives NULL) into the arena. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* Formats into the arena; the result is owned by the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Frees everything the arena holds; the arena may be used again. */
void arena_release(struct arena *a);

#endif
