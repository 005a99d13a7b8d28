/* b2b.c - slots from sessions, overlaps, walks in slots. */
#include "b2b.h"

#include <stdlib.h>

static int by_start(const void *x, const void *y)
{
	const struct b2b_session *a = *(const struct b2b_session *const *)x,
				 *b = *(const struct b2b_session *const *)y;
	return a->start < b->start ? -1 : a->start > b->start;
}

enum b2b_slots_error b2b_slots(const struct b2b_session *s, size_t n, struct b2b_slot *out,
			       size_t *nslots, size_t *bad)
{
	const struct b2b_session *order[B2B_MAX_SLOTS];
	*nslots = 0;
	*bad = 0;
	if (n > B2B_MAX_SLOTS)
		return B2B_SLOTS_TOO_MANY;
	for (size_t i = 0; i < n; i++)
		order[i] = &s[i];
	qsort(order, n, sizeof(*order), by_start);
	int session = -1;
	for (size_t i = 0; i < n; i++) {
		const struct b2b_session *x = order[i];
		*bad = (size_t)(x - s);
		if (x->slot_minutes < 5)
			return B2B_SLOTS_BAD;
		if (i && x->start < order[i - 1]->end)
			return B2B_SLOTS_OVERLAP;
		int64_t len = (int64_t)x->slot_minutes * 60;
		int has_break = x->break_end > x->break_start;
		int after_break = 0;
		session++;
		for (int64_t t = x->start; t + len <= x->end; t += len) {
			if (has_break && t < x->break_end && t + len > x->break_start) {
				/* the break: the slots after it start when it ends, a new session
				 */
				if (!after_break)
					session++, after_break = 1;
				t = x->break_end - len;
				continue;
			}
			if (*nslots == B2B_MAX_SLOTS)
				return B2B_SLOTS_TOO_MANY;
			out[(*nslots)++] = (struct b2b_slot){t, t + len, session};
		}
	}
	return B2B_SLOTS_OK;
}

int b2b_overlaps(const struct b2b_slot *slot, int64_t start, int64_t end)
{
	return start < slot->end && end > slot->start;
}

int b2b_walk_slots(int minutes, int shortest_minutes)
{
	if (minutes <= 0 || shortest_minutes <= 0)
		return 0;
	return (minutes + shortest_minutes - 1) / shortest_minutes;
}

int b2b_slot_at(const struct b2b_slot *slots, size_t n, int64_t t)
{
	size_t lo = 0, hi = n;
	while (lo < hi) { /* slots are in time order */
		size_t mid = (lo + hi) / 2;
		if (slots[mid].start < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && slots[lo].start == t ? (int)lo : -1;
}
