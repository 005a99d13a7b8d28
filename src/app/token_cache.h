/* token_cache.h - the accounts API tokens name, kept per data generation (store_generation):
 * a token's account read at one generation is still its account while the generation stays
 * the same, since revoking a token, disabling an account or changing its role each commit a
 * write. Safe to lose: a miss reads the database. */
#ifndef ROADSHOW_TOKEN_CACHE_H
#define ROADSHOW_TOKEN_CACHE_H

#include <pthread.h>
#include <stdint.h>

#include "../core/arena.h"

enum { TOKEN_CACHE_SLOTS = 256 };

struct app_principal;

struct token_cache {
	pthread_mutex_t lock;
	struct token_cached {
		char hash[65]; /* the token's hash, hex ("" in an empty slot) */
		int64_t generation, user_id, organization_id;
		char login[128], role[32];
	} slot[TOKEN_CACHE_SLOTS];
};

void token_cache_init(struct token_cache *c);
void token_cache_release(struct token_cache *c);
/* Fills who (strings in a) from the account kept for hash at generation; 0 when kept. */
int token_cache_get(struct token_cache *c, const char *hash, int64_t generation, struct arena *a,
		    struct app_principal *who);
/* Keeps who's account for hash, read at generation (what does not fit is not kept). */
void token_cache_put(struct token_cache *c, const char *hash, int64_t generation,
		     const struct app_principal *who);

#endif
