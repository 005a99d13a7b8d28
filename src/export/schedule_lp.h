/* schedule_lp.h - a scheduler instance as an integer program (LP format) for a reference
 * solver. */
#ifndef ROADSHOW_SCHEDULE_LP_H
#define ROADSHOW_SCHEDULE_LP_H

#include <stdio.h>

#include "../core/schedule.h"
#include "../core/strbuf.h"

/* Instances of at most this many meetings get objective (2), the breaks, in the program: the
 * small family of the benchmark (40-200 meetings), which CBC solves to optimality within its
 * minute. Above it the break variables (about participants × slots of them, with rows) would
 * only make the reference slower without it proving anything. */
enum { SCHEDULE_LP_BREAKS_MEETINGS = 200 };

/* Appends to out the program of every hard constraint and objective (1), the weight of the
 * meetings placed; for instances of at most SCHEDULE_LP_BREAKS_MEETINGS meetings the objective
 * is lexicographic, M * weight - breaks (M in a comment line "\ weight multiplier: M"), and a
 * fairness bound is a row. Variables: x_m_t meeting m (index in the instance) in slot t
 * (index in id order), z_m_t_i interpreter i for it; see schedule_lp.c for the others.
 * Returns 0, or -1 when out of memory (out then holds nothing usable). */
int schedule_lp(const struct sched_instance *in, struct strbuf *out);

#endif
