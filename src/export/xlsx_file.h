/* xlsx_file.h - a workbook written to a private temporary file and read back into memory:
 * libxlsxwriter 1.1.4 writes files only. Every XLSX Roadshow serves goes through here. */
#ifndef ROADSHOW_XLSX_FILE_H
#define ROADSHOW_XLSX_FILE_H

#include <stddef.h>
#include <xlsxwriter.h>

#include "../core/strbuf.h"

struct xlsx_file {
	char path[4096];
	lxw_workbook *wb;
};

/* Starts a workbook in a new file under $TMPDIR (or /tmp); large: in constant memory (rows
 * written in order, each sheet once, so that a sheet of 100,000 rows never sits in memory).
 * Returns 0, or -1 with err. */
int xlsx_open(struct xlsx_file *f, int large, char *err, size_t errlen);
/* Closes the workbook, appends its bytes to out and removes the file; failed is the first
 * error met while writing (0: none), which then fails it. Returns 0, or -1 with err. */
int xlsx_finish(struct xlsx_file *f, lxw_error failed, struct strbuf *out, char *err,
		size_t errlen);

#endif
