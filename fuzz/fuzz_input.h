/* fuzz_input.h - the input bytes read as a stream of small numbers, for the fuzz targets that
 * build structures (itineraries, sessions) out of them. */
#ifndef ROADSHOW_FUZZ_INPUT_H
#define ROADSHOW_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>

struct input {
	const uint8_t *p;
	size_t n;
};

/* The next byte modulo mod (0: the byte itself); 0 once the input is used up. */
static inline unsigned take(struct input *in, unsigned mod)
{
	if (!in->n)
		return 0;
	unsigned v = *in->p++;
	in->n--;
	return mod ? v % mod : v;
}

#endif
