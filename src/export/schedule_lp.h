/* schedule_lp.h - a scheduler instance as an integer program (LP format) for a reference
 * solver. */
#ifndef ROADSHOW_SCHEDULE_LP_H
#define ROADSHOW_SCHEDULE_LP_H

#include <stdio.h>

#include "../core/schedule.h"
#include "../core/strbuf.h"

/* Appends the program of objective (1), the weight of the meetings placed, under every hard
 * constraint, to out. Returns 0. */
int schedule_lp(const struct sched_instance *in, struct strbuf *out);

#endif
