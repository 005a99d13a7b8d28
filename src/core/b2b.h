/* b2b.h - a B2B programme's time line: the slots its sessions make, who is free in each,
 * and the walks between venues counted in slots. Pure; instants are seconds since the epoch
 * (zone.h). The scheduler (schedule.h) takes what these functions give. */
#ifndef ROADSHOW_B2B_H
#define ROADSHOW_B2B_H

#include <stddef.h>
#include <stdint.h>

/* A session: meetings of slot_minutes from start while they end by end, none overlapping
 * the break [break_start, break_end) when it has one (break_end > break_start). */
struct b2b_session {
	int64_t start, end;
	int slot_minutes;
	int64_t break_start, break_end;
};

/* A slot: [start, end), in scheduler session `session`. A break splits its session in two,
 * so that the time around lunch counts as nobody's idle gap. */
struct b2b_slot {
	int64_t start, end;
	int session;
};

enum { B2B_MAX_SLOTS = 2000 };

enum b2b_slots_error {
	B2B_SLOTS_OK = 0,
	B2B_SLOTS_OVERLAP,  /* two sessions overlap: a participant would be in two places */
	B2B_SLOTS_TOO_MANY, /* more than B2B_MAX_SLOTS */
	B2B_SLOTS_BAD,	    /* a slot length under 5 minutes */
};

/* The slots of the n sessions (in any order) in time order into out (room for
 * B2B_MAX_SLOTS); *nslots gets their number; *bad the index of the session at fault. */
enum b2b_slots_error b2b_slots(const struct b2b_session *s, size_t n, struct b2b_slot *out,
			       size_t *nslots, size_t *bad);

/* Whether [start, end) overlaps the slot. */
int b2b_overlaps(const struct b2b_slot *slot, int64_t start, int64_t end);

/* The slots a walk of minutes takes, where the shortest slot lasts shortest_minutes: rounded
 * up, so that a walk never takes less than it says. */
int b2b_walk_slots(int minutes, int shortest_minutes);

/* The slot that starts at t, or -1. */
int b2b_slot_at(const struct b2b_slot *slots, size_t n, int64_t t);

#endif
