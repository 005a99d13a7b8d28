/* writer.c - group commit by combining (writer.h).
 *
 * With synchronous=FULL each commit waits for the disk (an fsync), so one commit per request
 * caps writes at what the disk syncs a second. The use cases that write queue their
 * transactions here. One of the threads that wait, the combiner, takes the queued ones in
 * turn, each in a savepoint of one group transaction, commits the group when the queue is
 * empty or the group is full, and answers its members; it runs the groups queued meanwhile
 * (WRITER_TURNS at most), then a thread still waiting becomes the next combiner. While a group
 * commits, the next ones queue, so the groups grow with the load. Running a group's transactions
 * back to back on one thread saves handing the app lock from one request's thread to the next,
 * which cost as much as a write; and the combiner is always a thread that is running, not one that
 * waits its turn for a core (a thread of the writer's own did that under load). Reads run on
 * connections of their own (readers.c) and see only what is committed. */
#include "writer.h"

#include "../store/store.h"

#include "futex.h"

#include <stdatomic.h>
#include <stdio.h>

/* QUEUED until answered (DONE); TURN when asked to run the next group. */
enum job_state { QUEUED, DONE, TURN };

/* A queued transaction. Its thread sleeps on state (a futex word) while it is QUEUED; DONE is
 * stored after the result, and the thread, seeing it, leaves with no lock to take: the
 * answering thread's last touch is that store, as the wake-up after it writes nothing. */
struct writer_job {
	writer_fn fn;
	void *ctx;
	int result; /* what writer_run returns */
	_Atomic uint32_t state;
	struct writer_job *next;
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

/* Answers the jobs without the queue's lock: each thread, woken, has its answer and takes no
 * lock to leave (when the wake-ups were made under the lock, each woken thread first waited
 * for it, a futex wait and wake-up more per write). */
static void answer(struct writer_job **jobs, size_t n, int result)
{
	for (size_t i = 0; i < n; i++) {
		struct writer_job *j = jobs[i];
		if (result)
			j->result = result;
		atomic_store_explicit(&j->state, DONE, memory_order_release);
		futex_wake(&j->state, 1); /* j may be gone already: this writes nothing */
	}
}

/* One job in the open group: kept in it (1), undone and answered (0), or the group broken
 * (-1: what it held is gone, it must be rolled back). */
static int run_one(struct app_writer *w, struct writer_job *j)
{
	struct store *s = w->store;
	int se = store_savepoint(s);
	if (se) {
		j->result = failed(w, se);
		answer(&j, 1, 0);
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
	answer(&j, 1, 0);
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
		answer(&first, 1, 0);
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
	answer(kept, n, lost);
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

/* Asks the first queued job's thread to run the next group (under the queue's lock, so that
 * no other group can answer it meanwhile). */
static void hand_over(struct app_writer *w)
{
	uint32_t queued = QUEUED;
	struct writer_job *next = w->head;
	if (next && atomic_compare_exchange_strong(&next->state, &queued, TURN))
		futex_wake(&next->state, 1);
}

int writer_run(struct app_writer *w, writer_fn fn, void *ctx)
{
	struct writer_job j = {.fn = fn, .ctx = ctx, .state = QUEUED};
	pthread_mutex_lock(&w->queue);
	if (w->tail)
		w->tail->next = &j;
	else
		w->head = &j;
	w->tail = &j;
	for (;;) {
		if (w->combining) {
			/* woken when its group is committed, or to run the next group */
			pthread_mutex_unlock(&w->queue);
			uint32_t st;
			while ((st = atomic_load_explicit(&j.state, memory_order_acquire)) ==
			       QUEUED)
				futex_wait(&j.state, QUEUED);
			if (st == DONE)
				break;
			pthread_mutex_lock(&w->queue);
			uint32_t turn = TURN;
			if (!atomic_compare_exchange_strong(&j.state, &turn, QUEUED)) {
				pthread_mutex_unlock(&w->queue); /* answered meanwhile */
				break;
			}
			continue;
		}
		w->combining = 1;
		pthread_mutex_unlock(&w->queue);
		struct writer_job *first;
		for (int turn = 0; turn < WRITER_TURNS && (first = take(w)); turn++)
			run_group(w, first);
		pthread_mutex_lock(&w->queue);
		w->combining = 0;
		if (atomic_load_explicit(&j.state, memory_order_acquire) != DONE)
			continue; /* the group was full before this one's turn */
		/* what is queued now, a thread that is waiting runs (this one has its answer) */
		hand_over(w);
		pthread_mutex_unlock(&w->queue);
		break;
	}
	return j.result;
}
