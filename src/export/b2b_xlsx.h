/* b2b_xlsx.h - a B2B programme's schedule as an XLSX workbook (libxlsxwriter): the grid (slots
 * × booths), the meetings one per row, and the interpreters' roster. The model is the grid
 * that app_b2b_grid answers (app.h); numbers are numbers, dates are dates. */
#ifndef ROADSHOW_B2B_XLSX_H
#define ROADSHOW_B2B_XLSX_H

#include <jansson.h>
#include <stddef.h>

#include "../core/strbuf.h"

/* Writes the workbook into out in Korean (en 0) or English. Returns 0, or -1 with err. */
int b2b_xlsx(const json_t *grid, int en, struct strbuf *out, char *err, size_t errlen);

#endif
