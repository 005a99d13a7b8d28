/* strbuf.h - a growable string: never NULL after init, always NUL-terminated. */
#ifndef ROADSHOW_STRBUF_H
#define ROADSHOW_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len, alloc;
};

extern char strbuf_empty[];
#define STRBUF_INIT                                                                                \
	{                                                                                          \
		strbuf_empty, 0, 0                                                                 \
	}

void strbuf_init(struct strbuf *sb);
/* Frees the buffer and leaves sb empty and usable. */
void strbuf_release(struct strbuf *sb);
/* Hands the buffer to the caller, who frees it; sb is left empty. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* n in decimal, without printf (which costs more than the rest of a short key or statement) */
void strbuf_add_uint(struct strbuf *sb, unsigned long long n);
void strbuf_reset(struct strbuf *sb);

#endif
