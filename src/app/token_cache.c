/* token_cache.c - the accounts API tokens name, per data generation (token_cache.h). */
#include "token_cache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"

void token_cache_init(struct token_cache *c)
{
	memset(c->slot, 0, sizeof(c->slot));
	pthread_mutex_init(&c->lock, NULL);
}

void token_cache_release(struct token_cache *c)
{
	pthread_mutex_destroy(&c->lock);
}

/* The slot of a hash: its first hex digits (the hash of a random secret) round the table. */
static struct token_cached *slot_of(struct token_cache *c, const char *hash)
{
	char head[9];
	snprintf(head, sizeof(head), "%.8s", hash);
	return &c->slot[strtoul(head, NULL, 16) % TOKEN_CACHE_SLOTS];
}

int token_cache_get(struct token_cache *c, const char *hash, int64_t generation, struct arena *a,
		    struct app_principal *who)
{
	struct token_cached *t = slot_of(c, hash);
	int found = 0;
	pthread_mutex_lock(&c->lock);
	if (t->generation == generation && !strcmp(t->hash, hash)) {
		*who = (struct app_principal){.user_id = t->user_id,
					      .login = arena_strdup(a, t->login),
					      .role = arena_strdup(a, t->role),
					      .organization_id = t->organization_id};
		found = 1;
	}
	pthread_mutex_unlock(&c->lock);
	return found ? 0 : -1;
}

void token_cache_put(struct token_cache *c, const char *hash, int64_t generation,
		     const struct app_principal *who)
{
	struct token_cached *t = slot_of(c, hash);
	if (strlen(hash) >= sizeof(t->hash) || strlen(who->login) >= sizeof(t->login) ||
	    strlen(who->role) >= sizeof(t->role))
		return;
	pthread_mutex_lock(&c->lock);
	t->generation = generation;
	t->user_id = who->user_id;
	t->organization_id = who->organization_id;
	strcpy(t->hash, hash);
	strcpy(t->login, who->login);
	strcpy(t->role, who->role);
	pthread_mutex_unlock(&c->lock);
}
