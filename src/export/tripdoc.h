/* tripdoc.h - a delegation's trip documents, the plan (출장 계획서) and the result report
 * (결과보고서), rendered as printable HTML or as an XLSX workbook from one model.
 *
 * The model is a JSON object that app/tripdocs.c builds; the renderers only read it:
 *
 *   kind          "plan" | "report"
 *   generated_on  YYYY-MM-DD (the home zone's today)
 *   delegation    {id, title_ko, title_en, purpose, status, depart_date, return_date,
 *                  home_timezone, plan_published_on, report_published_on, outcome_ko,
 *                  outcome_en, implications_ko, implications_en, host: {name_ko, name_en}|null,
 *                  event: {name_ko, name_en, start_date, end_date}|null}
 *   trip          {nights, days, label ("5박7일"), label_en, first_date, last_date} | null
 *   members       [{role, title_ko, title_en, organization: {name_ko, name_en}|null}], head
 *                 first; offices, never names
 *   institutions  [{name_ko, name_en, country, city, purpose, result,
 *                   item: {title_ko, title_en, date}|null}]
 *   days          [{date, weekday (0 Sunday), items: [{id, kind, status, title_ko, title_en,
 *                   carrier, service_number, task, result, start, end (clocks of the day view:
 *                   {date, time, zone, home_date, home_time, home_zone, day_shift}|null),
 *                   place, to_place ({name_ko, name_en}|null), counterparts: [{name_ko,
 *                   name_en}]}]}]: the plan's items not cancelled; the report's as travelled
 *                   (done) and the cancelled ones
 *   left_out      report: items neither done nor cancelled, not shown
 *   activities    report: [{task (null: none given), items: [{date, kind, title_ko,
 *                  title_en, result}]}]
 *   agreements    report: [{kind, title_ko, title_en, status, signed_date, summary,
 *                  parties: [{name_ko, name_en, role}]}]
 *   signed        report: how many of them were signed (not planned, not lapsed)
 *   costs         {currency (the budget's), digits, budget|null, total, remaining|null,
 *                  converted, unconverted, by_category: [{category, amount}],
 *                  lines: [{category, description, amount, currency, digits, rate|null,
 *                  converted|null, item: {title_ko, title_en}|null,
 *                  member: {role, title_ko, title_en}|null}]}; amounts in integer minor
 *                  units, converted ones in the budget currency; a line without a usable
 *                  rate has converted null and is not in any total
 *
 * Every string from the model is data: the HTML renderer escapes all of it. */
#ifndef ROADSHOW_TRIPDOC_H
#define ROADSHOW_TRIPDOC_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/strbuf.h"

enum tripdoc_lang { TRIPDOC_KO, TRIPDOC_EN };

/* The label of key ("h.members") in lang from the one catalogue both renderers use; the key
 * itself when the catalogue lacks it (a visible slip, never a crash). */
const char *tripdoc_label(enum tripdoc_lang lang, const char *key);
/* The label of an enumerated value: group "role", value "head" gives 단장 / Head; the value
 * itself when unknown, "" for NULL. */
const char *tripdoc_enum(enum tripdoc_lang lang, const char *group, const char *value);
/* The name of obj in lang: key_en in English when it is set, else key_ko (and the other way
 * round); "" when neither is. key is "name" or "title". */
const char *tripdoc_name(enum tripdoc_lang lang, const json_t *obj, const char *key);

/* Writes the document as a self-contained HTML5 page for print (A4). Returns 0, or -1 when
 * the model is malformed. */
int tripdoc_html(const json_t *doc, enum tripdoc_lang lang, struct strbuf *out);
/* Writes the document as an XLSX workbook, one sheet per section; amounts are numbers in
 * major units with the currency's decimals. Goes through a temporary file (libxlsxwriter
 * 1.1.4 writes only to files) that is removed before returning. Returns 0, or -1 with a
 * message in err. */
int tripdoc_xlsx(const json_t *doc, enum tripdoc_lang lang, struct strbuf *out, char *err,
		 size_t errlen);

#endif
