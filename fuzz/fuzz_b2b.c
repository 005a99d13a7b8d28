/* fuzz_b2b.c - libFuzzer target: the slots a B2B programme's sessions make (core/b2b.c), from
 * sessions made of the input bytes (any order, lengths, breaks in or out of the session,
 * overlaps). It must not crash, and when it answers slots they must hold together: in time
 * order, none overlapping another or a break, each inside its session, a whole slot long. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/b2b.h"
#include "fuzz_input.h"

enum { MAX_SESSIONS = 8 };

static struct b2b_slot slots[B2B_MAX_SLOTS];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = {data, size};
	struct b2b_session s[MAX_SESSIONS];
	size_t n = take(&in, MAX_SESSIONS + 1), nslots = 0, bad = 0;
	const int64_t base = 1704880800; /* 2024-01-10T10:00:00Z */
	for (size_t i = 0; i < n; i++) {
		/* five-minute steps over three days, so sessions may overlap or not */
		int64_t start = base + (int64_t)(take(&in, 0) * 256 + take(&in, 0)) % 864 * 300;
		int64_t len = (int64_t)take(&in, 0) * 300;
		int minutes = (int)take(&in, 0) % 125;
		int64_t bs = start + (int64_t)take(&in, 0) * 300 - 3600;
		int64_t be = bs + (int64_t)take(&in, 13) * 300 - 600;
		s[i] = (struct b2b_session){start, start + len, minutes, bs, be};
	}
	enum b2b_slots_error e = b2b_slots(s, n, slots, &nslots, &bad);
	if (e != B2B_SLOTS_OK) {
		if (bad >= n && n)
			abort(); /* the session at fault is one of them */
		return 0;
	}
	for (size_t t = 0; t < nslots; t++) {
		const struct b2b_slot *x = &slots[t];
		if (x->end <= x->start || (t && x->start < slots[t - 1].end))
			abort(); /* empty, out of order or overlapping */
		if (t && x->session < slots[t - 1].session)
			abort(); /* sessions numbered in time order */
		int inside = 0;
		for (size_t i = 0; i < n; i++) {
			const struct b2b_session *y = &s[i];
			if (x->start < y->start || x->end > y->end)
				continue;
			if (x->end - x->start != (int64_t)y->slot_minutes * 60)
				continue;
			if (y->break_end > y->break_start &&
			    b2b_overlaps(x, y->break_start, y->break_end))
				abort(); /* a slot in a break */
			inside = 1;
		}
		if (!inside)
			abort(); /* a slot outside every session, or not a whole slot long */
		if (b2b_slot_at(slots, nslots, x->start) != (int)t)
			abort();
	}
	return 0;
}
