/* writer.h - the one writer, committing in groups: each use case's transaction is a savepoint
 * of a group transaction that commits (one fsync) when no other use case is waiting to join
 * it, or when it is full; a use case answers only once its group is committed. */
#ifndef ROADSHOW_WRITER_H
#define ROADSHOW_WRITER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

struct store;

enum { WRITER_GROUP_MAX = 64 }; /* use cases a group commits at most */

struct app_writer {
	int open;	     /* a group transaction is open */
	size_t members;	     /* use cases released into it */
	atomic_int entering; /* use cases waiting for the app lock to begin */
	/* each member's answer, written as its group ends (under wait, which a member waits on
	 * off the app lock, so that the next group's use cases run meanwhile) */
	int *result[WRITER_GROUP_MAX];
	pthread_mutex_t wait;
	pthread_cond_t ended;
};

void writer_init(struct app_writer *w);
void writer_release(struct app_writer *w);
/* Before taking the app lock to begin a transaction: says another use case comes. */
void writer_arrive(struct app_writer *w);
/* With the app lock (after writer_arrive): the use case's transaction begins, in the open
 * group or a new one. Returns a store error; then it has not begun (writer_abandon). */
int writer_begin(struct app_writer *w, struct store *s);
/* With the app lock: ends the use case's transaction, kept (ok) or undone, lets the lock go,
 * and waits until its group is committed. Returns 0 when what it kept is durable; -1 when it
 * was undone, or its group failed to commit. */
int writer_end(struct app_writer *w, pthread_mutex_t *lock, struct store *s, int ok);
/* With the app lock, for a use case whose writer_begin failed: commits the open group if no
 * other use case comes to do it. */
void writer_abandon(struct app_writer *w, struct store *s);

#endif
