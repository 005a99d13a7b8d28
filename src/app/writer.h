/* writer.h - the one writer, committing in groups: the use cases' transactions queue, and one
 * waiting thread at a time runs them one after another on the store's one connection, each in
 * a savepoint of a group transaction that commits (one fsync) when no other is queued to join
 * it, or when it is full; a use case is answered only once its group is committed. */
#ifndef ROADSHOW_WRITER_H
#define ROADSHOW_WRITER_H

#include <pthread.h>
#include <stddef.h>

struct store;
struct writer_job;

enum { WRITER_GROUP_MAX = 64 }; /* transactions a group commits at most */
/* Groups a combiner runs in a row while more are queued before it hands over: waking the
 * next one's thread took 125 µs a group under a POST load, a twentieth of the writer's time;
 * its own answer waits the groups after (a few ms at most). */
enum { WRITER_TURNS = 4 };

struct app_writer {
	struct store *store;
	pthread_mutex_t *lock; /* held while a group runs: others that use the connection wait */
	pthread_mutex_t queue; /* the queue, each job's state, combining */
	struct writer_job *head, *tail;
	int combining; /* a thread is running a group */
};

/* The writer of s, whose groups run under lock. */
void writer_init(struct app_writer *w, struct store *s, pthread_mutex_t *lock);
void writer_release(struct app_writer *w);

/* What a transaction does: 0 keeps it, anything else undoes it. */
typedef int (*writer_fn)(void *ctx);
/* Runs fn(ctx) in a transaction (on this thread or the combiner's) and waits until it is
 * committed.
 * Returns 0 when what fn kept is durable; WRITER_UNDONE when fn undid it; else the store's
 * error (the transaction could not begin, or its group failed to commit: nothing kept). */
enum { WRITER_UNDONE = -1 };
int writer_run(struct app_writer *w, writer_fn fn, void *ctx);

#endif
