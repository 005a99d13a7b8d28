/* outcome_xlsx.h - an outcome report (성과) as an XLSX workbook: a summary with the stages and
 * the previous edition, a sheet per breakdown, each with a native Excel chart, the rates it
 * converts at, and every consultation behind it with its amount at each stage (so that a
 * column of that sheet sums to the report's figure). Numbers are numbers. */
#ifndef ROADSHOW_OUTCOME_XLSX_H
#define ROADSHOW_OUTCOME_XLSX_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/outcome.h"
#include "../core/strbuf.h"

/* One consultation of the report. */
struct outcome_row {
	int64_t id;
	const char *consulted_at; /* an instant, as stored (UTC) */
	const char *exhibitor, *buyer, *country, *category, *product, *kind;
	struct oc_line at[OC_NSTAGES]; /* at[s].consultation 0: not at stage s */
};

/* The next batch of consultations into *rows, *n of them; *n = 0 at the end. Returns 0, or
 * -1 to stop (the workbook then fails). */
typedef int (*outcome_rows_fn)(void *ctx, const struct outcome_row **rows, size_t *n);

/* The workbook of report (GET …/outcome's JSON, with names in by_company and by_pavilion)
 * appended to out; en: English headings, else Korean. Rows come from next, in any order.
 * Returns 0, or -1 with err. */
int outcome_xlsx(const json_t *report, int en, outcome_rows_fn next, void *ctx, struct strbuf *out,
		 char *err, size_t errlen);

#endif
