/* hash.h - the one hash of Roadshow's in-memory tables (prepared statements by their SQL, the
 * answer cache by its key, peers by address, an outcome report's groups): 64-bit FNV-1a, for
 * spreading keys over slots only, never for anything secret (libsodium does that). */
#ifndef ROADSHOW_HASH_H
#define ROADSHOW_HASH_H

#include <stddef.h>
#include <stdint.h>

static inline uint64_t hash_bytes(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	return h;
}

static inline uint64_t hash_text(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

#endif
