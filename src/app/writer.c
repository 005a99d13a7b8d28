/* writer.c - group commit by combining (writer.h).
 *
 * With synchronous=FULL each commit waits for the disk (an fsync), so one commit per request
 * caps writes at what the disk syncs a second. The use cases that write queue their
 * transactions here. One of the threads that wait, the combiner, takes the queued ones in
 * turn, each in a savepoint of one group transaction, commits the group when the queue is
 * empty or the group is full, and answers its members; then a thread still waiting becomes the
 * next combiner. While a group commits, the next ones queue, so the groups grow with the load.
 * Running a group's transactions back to back on one thread saves handing the app lock from
 * one request's thread to the next, which cost as much as a write; and the combiner is always a
 * thread that is running, not one that waits its turn for a core (a thread of the writer's own
 * did that under load). Reads run on connections of their own (readers.c) and see only what is
 * committed. */
#include "writer.h"

#include "../store/store.h"

#include <stdio.h>

enum job_state { QUEUED, DONE };

struct writer_job {
	writer_fn fn;
	void *ctx;
	int result; /* what writer_run returns */
	enum job_state state;
	struct writer_job *next;
	pthread_cond_t done;
};

/* The next queued job, or NULL. */
static struct writer_job *take(struct app_writer *w)
{
	pthread_mutex_lock(&w->queue);
	struct writer_job *j = w->head;
	if (j && !(w->head = j->next))
		w->tail = NULL;
	pthread_mutex_unlock(&w->queue);
	return j;
}

/* Says on stderr why the store failed (by the thread that runs the group, which holds the
 * connection). */
static int failed(struct app_writer *w, int se)
{
	if (se == STORE_ERROR)
		fprintf(stderr, "store error: %s\n", store_errmsg(w->store));
	return se;
}

static void answer(struct app_writer *w, struct writer_job **jobs, size_t n, int result)
{
	pthread_mutex_lock(&w->queue);
	for (size_t i = 0; i < n; i++) {
		if (result)
			jobs[i]->result = result;
		jobs[i]->state = DONE;
		pthread_cond_signal(&jobs[i]->done);
	}
	pthread_mutex_unlock(&w->queue);
}

/* One job in the open group: kept in it (1), undone and answered (0), or the group broken
 * (-1: what it held is gone, it must be rolled back). */
static int run_one(struct app_writer *w, struct writer_job *j)
{
	struct store *s = w->store;
	int se = store_savepoint(s);
	if (se) {
		j->result = failed(w, se);
		answer(w, &j, 1, 0);
		return 0;
	}
	int rc = j->fn(j->ctx);
	if (!rc && (se = failed(w, store_savepoint_release(s))))
		rc = -1;
	if (!rc) {
		j->result = 0;
		return 1;
	}
	j->result = se ? se : WRITER_UNDONE;
	if (failed(w, store_savepoint_undo(s))) {
		/* the group cannot go on without what the savepoint held: none of it is kept */
		j->result = se ? se : STORE_ERROR;
		return -1;
	}
	answer(w, &j, 1, 0);
	return 0;
}

/* Begins a group, runs the queued jobs into it until none is left or it is full, commits it,
 * and answers its members. */
static void run_group(struct app_writer *w, struct writer_job *first)
{
	struct store *s = w->store;
	struct writer_job *kept[WRITER_GROUP_MAX];
	size_t n = 0;
	if (!first)
		return;
	pthread_mutex_lock(w->lock);
	int se = failed(w, store_begin(s));
	if (se) {
		pthread_mutex_unlock(w->lock);
		first->result = se;
		answer(w, &first, 1, 0);
		return;
	}
	int broken = 0;
	for (struct writer_job *j = first; j; j = n < WRITER_GROUP_MAX ? take(w) : NULL) {
		int r = run_one(w, j);
		if (r < 0) {
			kept[n++] = j;
			broken = 1;
			break;
		}
		if (r)
			kept[n++] = j;
	}
	int lost = broken ? STORE_ERROR : failed(w, store_commit(s));
	if (lost)
		store_rollback(s);
	pthread_mutex_unlock(w->lock);
	answer(w, kept, n, lost);
}

void writer_init(struct app_writer *w, struct store *s, pthread_mutex_t *lock)
{
	w->store = s;
	w->lock = lock;
	w->head = w->tail = NULL;
	w->combining = 0;
	pthread_mutex_init(&w->queue, NULL);
}

void writer_release(struct app_writer *w)
{
	pthread_mutex_destroy(&w->queue);
}

int writer_run(struct app_writer *w, writer_fn fn, void *ctx)
{
	struct writer_job j = {.fn = fn, .ctx = ctx, .state = QUEUED};
	pthread_cond_init(&j.done, NULL);
	pthread_mutex_lock(&w->queue);
	if (w->tail)
		w->tail->next = &j;
	else
		w->head = &j;
	w->tail = &j;
	while (j.state != DONE) {
		if (w->combining) {
			/* woken when its group is committed, or to run the next group */
			pthread_cond_wait(&j.done, &w->queue);
			continue;
		}
		w->combining = 1;
		pthread_mutex_unlock(&w->queue);
		run_group(w, take(w));
		pthread_mutex_lock(&w->queue);
		w->combining = 0;
		/* what is queued now, a thread that is waiting runs (this one has its answer) */
		if (j.state == DONE && w->head)
			pthread_cond_signal(&w->head->done);
	}
	pthread_mutex_unlock(&w->queue);
	pthread_cond_destroy(&j.done);
	return j.result;
}
