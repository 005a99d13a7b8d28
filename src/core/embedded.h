/* embedded.h - files compiled into the binary (migrations, web assets) by tools/embed. */
#ifndef ROADSHOW_EMBEDDED_H
#define ROADSHOW_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *path; /* relative to the embedded folder, '/'-separated */
	const unsigned char *data;
	size_t size;
	const char *hash; /* hex digest of the content, for cache busting */
};

/* Returns the file at path in files[0..n), or NULL. */
const struct embedded_file *embedded_find(const struct embedded_file *files, size_t n,
					  const char *path);

#endif
