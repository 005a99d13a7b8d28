/* futex.h - sleeping on a word and waking those asleep on it (Linux futexes), for the waits
 * that take no lock to leave: the generation read (readers.c) and the writer's answers
 * (writer.c). A wake-up writes nothing, so it may follow a store after which the word's owner
 * is gone (a sleeper woken for nothing looks at its word again). */
#ifndef ROADSHOW_FUTEX_H
#define ROADSHOW_FUTEX_H

#include <linux/futex.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Sleeps while *word is seen (it may also return early: callers look again). */
static inline void futex_wait(_Atomic uint32_t *word, uint32_t seen)
{
	syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, seen, NULL, NULL, 0);
}

/* Wakes up to n threads asleep on word. */
static inline void futex_wake(_Atomic uint32_t *word, int n)
{
	syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, n, NULL, NULL, 0);
}

#endif
