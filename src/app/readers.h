/* readers.h - connections for reading, beside the writer's: a use case that only reads runs
 * on one of them, outside the app lock, in a read transaction of its own (what was committed
 * when it began), so that reads go on at once on every core and never wait for a write. */
#ifndef ROADSHOW_READERS_H
#define ROADSHOW_READERS_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

struct store;

enum { READERS_MAX = 32 }; /* connections kept for reading, at most */

struct app_readers {
	pthread_mutex_t lock;
	struct store *idle[READERS_MAX];
	size_t nidle;
	int none; /* the database cannot be read on another connection (in memory) */
	/* the data generation, read by one request for those that ask while it is read
	 * (app_generation): one read at a time; the reads' state is twice the reads ended, plus
	 * one while one is in flight (a futex word: the waiters sleep on it) */
	_Atomic uint32_t generation_reads;
	_Atomic int64_t generation; /* what the last read found (0: failed) */
};

void readers_init(struct app_readers *r);
/* While this thread runs a transaction of the writer's (its own or, as the combiner, another
 * use case's), app_store is the writer's connection, even inside a read section of its own. */
void readers_writing(int on);
/* Closes the idle connections (every reader must have ended). */
void readers_release(struct app_readers *r);

#endif
