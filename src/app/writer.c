/* writer.c - group commit over the store's one connection (writer.h).
 *
 * With synchronous=FULL each commit waits for the disk (an fsync), so one commit per request
 * caps writes at what the disk syncs a second. Use cases that write still run one at a time
 * under the app lock, each in a savepoint; the last of those waiting commits them all, and
 * none is answered before its group is durable. Reads run on connections of their own
 * (readers.c) and see only what is committed. */
#include "writer.h"

#include "../store/store.h"

enum { PENDING = 1 };

void writer_init(struct app_writer *w)
{
	w->open = 0;
	w->members = 0;
	atomic_init(&w->entering, 0);
	pthread_mutex_init(&w->wait, NULL);
	pthread_cond_init(&w->ended, NULL);
}

void writer_release(struct app_writer *w)
{
	pthread_cond_destroy(&w->ended);
	pthread_mutex_destroy(&w->wait);
}

void writer_arrive(struct app_writer *w)
{
	atomic_fetch_add(&w->entering, 1);
}

/* The open group ends, committed (failed 0) or not: each member gets its answer. */
static void group_ended(struct app_writer *w, int failed)
{
	pthread_mutex_lock(&w->wait);
	for (size_t i = 0; i < w->members; i++)
		*w->result[i] = failed ? -1 : 0;
	pthread_cond_broadcast(&w->ended);
	pthread_mutex_unlock(&w->wait);
	w->open = 0;
	w->members = 0;
}

/* Commits the open group (undone when its commit fails). */
static void commit_group(struct app_writer *w, struct store *s)
{
	int failed = store_commit(s) != STORE_OK;
	if (failed)
		store_rollback(s);
	group_ended(w, failed);
}

/* The open group commits now when no use case waits to join it, or it is full. */
static void commit_if_last(struct app_writer *w, struct store *s)
{
	if (w->open && (atomic_load(&w->entering) == 0 || w->members >= WRITER_GROUP_MAX))
		commit_group(w, s);
}

int writer_begin(struct app_writer *w, struct store *s)
{
	atomic_fetch_sub(&w->entering, 1);
	if (!w->open) {
		int se = store_begin(s);
		if (se)
			return se;
		w->open = 1;
	}
	return store_savepoint(s);
}

void writer_abandon(struct app_writer *w, struct store *s)
{
	commit_if_last(w, s);
}

int writer_end(struct app_writer *w, pthread_mutex_t *lock, struct store *s, int ok)
{
	int result = PENDING;
	if (ok && store_savepoint_release(s))
		ok = 0;
	if (!ok && store_savepoint_undo(s)) {
		/* the group cannot go on without what the savepoint held: none of it is kept */
		store_rollback(s);
		group_ended(w, 1);
		pthread_mutex_unlock(lock);
		return -1;
	}
	if (ok)
		w->result[w->members++] = &result;
	commit_if_last(w, s);
	pthread_mutex_unlock(lock);
	if (!ok)
		return -1;
	pthread_mutex_lock(&w->wait);
	while (result == PENDING)
		pthread_cond_wait(&w->ended, &w->wait);
	pthread_mutex_unlock(&w->wait);
	return result;
}
