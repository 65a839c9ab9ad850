/*
 * report/html.h - writing the report's HTML: a growing buffer, escaping,
 * Vietnamese or English number formats, tables from result tables and
 * inline SVG bar charts.
 */
#ifndef SG_REPORT_HTML_H
#define SG_REPORT_HTML_H

#include <stddef.h>

#include "report/strings.h"
#include "schoolgis/table.h"
#include "util/util.h"

/* The report's text: util/'s string builder. */
typedef sg_sb sr_buf;

/* Append formatted text (no escaping). */
void sr_put(sr_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Append text escaped for HTML. */
void sr_esc(sr_buf *b, const char *s);

/*
 * A number in the language's format: vi "1.234,5", en "1,234.5", with
 * `decimals` decimals (whole numbers print without).  NaN prints "–".
 */
void sr_num(sr_buf *b, sr_lang lang, double v, int decimals);

/* Keep row r of a table?  (payload: the caller's filter state) */
typedef int (*sr_row_filter)(const sg_table *t, size_t r, void *payload);

/*
 * A table as HTML: the listed columns (NULL-terminated names), labels
 * translated, text cells of level and yes/no columns translated, numbers
 * formatted (reals with 2 decimals).  The header repeats on each printed
 * page.  Returns the number of rows written.
 */
size_t sr_table(sr_buf *b, sr_lang lang, const sg_table *t,
		const char *const *cols, sr_row_filter keep, void *payload);

/* One bar of a chart. */
typedef struct {
	const char *label;
	double value;
} sr_bar;

/* A horizontal bar chart as inline SVG, values printed at the bars. */
void sr_bars(sr_buf *b, sr_lang lang, const char *title, const sr_bar *bars,
	     size_t n);

/* The same rows and columns as CSV for spreadsheets, for the CSV
 * annexes: a UTF-8 byte order mark (Excel on Vietnamese Windows needs
 * it), column labels in the language (the HTML table's <th data-col>
 * gives each one's name), values as stored: codes such as "primary" or
 * "yes" and '.' decimals, so that filters and sums work in any
 * language. */
void sr_csv(sr_buf *b, sr_lang lang, const sg_table *t, const char *const *cols,
	    sr_row_filter keep, void *payload);

/* The printed page's margin boxes as a <style> element: the unit at the
 * top left, the school year at the top right, "Trang N / M" at the
 * bottom. */
void sr_print_header(sr_buf *b, sr_lang lang, const char *unit,
		     const char *year);

#endif /* SG_REPORT_HTML_H */
