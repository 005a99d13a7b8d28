/* readers.c - the connections use cases read on (readers.h), and the store each thread uses. */
#include "readers.h"

#include <limits.h>

#include "../store/store.h"
#include "app.h"
#include "futex.h"

/* The reader this thread's read section holds, or NULL; whether it took the app lock instead
 * (a database with no second connection). */
static _Thread_local struct store *reading;
static _Thread_local int locked_instead;
static _Thread_local int writing;

void readers_init(struct app_readers *r)
{
	pthread_mutex_init(&r->lock, NULL);
	r->nidle = 0;
	r->none = 0;
	atomic_init(&r->generation_reads, 0);
	atomic_init(&r->generation, 0);
}

void readers_release(struct app_readers *r)
{
	for (size_t i = 0; i < r->nidle; i++)
		store_close(r->idle[i]);
	r->nidle = 0;
	pthread_mutex_destroy(&r->lock);
}

void readers_writing(int on)
{
	writing = on;
}

struct store *app_store(struct app *app)
{
	return reading && !writing ? reading : app->store;
}

/* An idle reader, or a new one; NULL when the database has no second connection. */
static struct store *reader_take(struct app_readers *r, struct app *app)
{
	struct store *s = NULL;
	pthread_mutex_lock(&r->lock);
	if (r->nidle)
		s = r->idle[--r->nidle];
	else if (!r->none && !(s = store_open_reader(app->store)))
		r->none = 1;
	pthread_mutex_unlock(&r->lock);
	return s;
}

/* Back among the idle readers (closed when there are enough). */
static void reader_give(struct app_readers *r, struct store *s)
{
	pthread_mutex_lock(&r->lock);
	if (r->nidle < READERS_MAX)
		r->idle[r->nidle++] = s, s = NULL;
	pthread_mutex_unlock(&r->lock);
	store_close(s);
}

void app_read_begin(struct app *app)
{
	struct store *s = reader_take(&app->readers, app);
	if (s && store_read_begin(s)) {
		store_close(s);
		s = NULL;
	}
	if (!s) {
		/* on the writer's connection, then, under its lock, as every use case once did */
		pthread_mutex_lock(&app->lock);
		locked_instead = 1;
		return;
	}
	reading = s;
}

void app_read_end(struct app *app)
{
	if (locked_instead) {
		locked_instead = 0;
		pthread_mutex_unlock(&app->lock);
		return;
	}
	struct app_readers *r = &app->readers;
	struct store *s = reading;
	reading = NULL;
	if (store_read_end(s)) {
		store_close(s);
		return;
	}
	reader_give(r, s);
}

/* The generation read now, by this thread. */
static int64_t generation_read(struct app *app)
{
	/* one statement, which is a snapshot of its own: no transaction around it (on
	 * PostgreSQL, one round trip instead of three) */
	int64_t n = 0;
	struct store *s = reader_take(&app->readers, app);
	if (!s) {
		app_read_begin(app);
		if (store_generation(app_store(app), &n))
			n = 0;
		app_read_end(app);
		return n;
	}
	if (store_generation(s, &n)) {
		store_close(s);
		return 0;
	}
	reader_give(&app->readers, s);
	return n;
}

int64_t app_generation(struct app *app)
{
	/* Any read that begins after this request came sees every write answered before it:
	 * the one in flight now may not, the next one does. So the requests that come while a
	 * read is in flight wait for the next, which one of them makes for all (on PostgreSQL a
	 * round trip for many GETs instead of one each). The waiters sleep on the reads' state
	 * itself, with no lock to take again when they wake. */
	struct app_readers *r = &app->readers;
	uint32_t w = atomic_load(&r->generation_reads);
	uint32_t until = w + 2 + (w & 1); /* the state once the next read to begin has ended */
	while ((int32_t)(w - until) < 0) {
		if (w & 1) {
			futex_wait(&r->generation_reads, w);
		} else if (atomic_compare_exchange_weak(&r->generation_reads, &w, w + 1)) {
			atomic_store(&r->generation, generation_read(app));
			atomic_store(&r->generation_reads, w + 2);
			futex_wake(&r->generation_reads, INT_MAX);
		}
		w = atomic_load(&r->generation_reads);
	}
	return atomic_load(&r->generation);
}
