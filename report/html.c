/*
 * report/html.c - HTML and SVG output for the report.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/html.h"

void sr_put(sr_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sg_sb__vprintf(b, fmt, ap);
	va_end(ap);
}

void sr_esc(sr_buf *b, const char *s)
{
	sg_sb__html(b, s);
}

void sr_num(sr_buf *b, sr_lang lang, double v, int decimals)
{
	char out[96];

	sr_put(b, "%s", sr_fmt_num(lang, v, decimals, out, sizeof(out)));
}

/* Columns whose text cells are translated. */
static int translated(const char *col)
{
	static const char *const cols[] = { "level",
					    "compliant",
					    "school_wide_compliant",
					    "equipment_ok",
					    "indicator",
					    "levels",
					    NULL };

	for (int i = 0; cols[i]; i++)
		if (strcmp(cols[i], col) == 0)
			return 1;
	return 0;
}

/* A text cell as shown: levels, yes/no and indicators translated. */
static const char *cell_text(sr_lang lang, const sg_table *t, size_t r,
			     size_t i, const char *col, char *buf, size_t n)
{
	const char *v = sg_table_text(t, r, i);

	if (!translated(col))
		return v;
	if (!strcmp(col, "indicator"))
		return sr_column(lang, v);
	if (strchr(v, ','))
		return sr_levels(lang, v, buf, n);
	return sr_value(lang, v);
}

size_t sr_table(sr_buf *b, sr_lang lang, const sg_table *t,
		const char *const *cols, sr_row_filter keep, void *payload)
{
	int idx[64];
	char lv[256];
	size_t nc = 0, rows = 0;

	for (; cols[nc] && nc < 64; nc++)
		idx[nc] = sg_table_col(t, cols[nc]);
	sr_put(b, "<table>\n<thead><tr>");
	for (size_t c = 0; c < nc; c++) {
		sr_put(b, "<th data-col=\"");
		sr_esc(b, cols[c]);
		sr_put(b, "\">");
		sr_esc(b, sr_column(lang, cols[c]));
		sr_put(b, "</th>");
	}
	sr_put(b, "</tr></thead>\n<tbody>\n");
	for (size_t r = 0; r < sg_table_nrows(t); r++) {
		if (keep && !keep(t, r, payload))
			continue;
		rows++;
		sr_put(b, "<tr>");
		for (size_t c = 0; c < nc; c++) {
			int i = idx[c];

			if (i < 0 || sg_table_is_null(t, r, (size_t)i)) {
				sr_put(b, "<td class=\"n\">–</td>");
			} else if (sg_table_coltype(t, (size_t)i) ==
				   SG_COL_TEXT) {
				sr_put(b, "<td>");
				sr_esc(b, cell_text(lang, t, r, (size_t)i,
						    cols[c], lv, sizeof(lv)));
				sr_put(b, "</td>");
			} else {
				sr_put(b, "<td class=\"n\">");
				sr_num(b, lang, sg_table_real(t, r, (size_t)i),
				       sr_is_count(cols[c]) ? 0 : 2);
				sr_put(b, "</td>");
			}
		}
		sr_put(b, "</tr>\n");
	}
	sr_put(b, "</tbody>\n</table>\n");
	return rows;
}

void sr_bars(sr_buf *b, sr_lang lang, const char *title, const sr_bar *bars,
	     size_t n)
{
	const double left = 190, width = 420, bar = 18, gap = 6;
	double max = 0;
	double h = 40 + (double)n * (bar + gap);

	for (size_t i = 0; i < n; i++)
		if (isfinite(bars[i].value) && bars[i].value > max)
			max = bars[i].value;
	if (max <= 0)
		max = 1;
	sr_put(b,
	       "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" "
	       "width=\"%.0f\" height=\"%.0f\" role=\"img\" "
	       "viewBox=\"0 0 %.0f %.0f\"><title>",
	       left + width + 80, h, left + width + 80, h);
	sr_esc(b, title);
	sr_put(b, "</title>\n");
	for (size_t i = 0; i < n; i++) {
		double y = 10 + (double)i * (bar + gap);
		double w = isfinite(bars[i].value) ? width * bars[i].value / max
						   : 0;

		sr_put(b,
		       "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\" "
		       "font-size=\"12\">",
		       left - 6, y + bar - 5);
		sr_esc(b, bars[i].label);
		sr_put(b,
		       "</text><rect x=\"%.0f\" y=\"%.1f\" width=\"%.1f\" "
		       "height=\"%.0f\" fill=\"#2c7fb8\"/><text x=\"%.1f\" "
		       "y=\"%.1f\" font-size=\"11\">",
		       left, y, w, bar, left + w + 4, y + bar - 5);
		sr_num(b, lang, bars[i].value, 1);
		sr_put(b, "</text>\n");
	}
	sr_put(b, "</svg><figcaption>");
	sr_esc(b, title);
	sr_put(b, "</figcaption></figure>\n");
}

void sr_csv(sr_buf *b, sr_lang lang, const sg_table *t, const char *const *cols,
	    sr_row_filter keep, void *payload)
{
	size_t nc = 0;

	/* UTF-8 byte order mark: Excel on Vietnamese Windows reads the file
	 * as UTF-8 only with it. */
	sr_put(b, "\xef\xbb\xbf");
	for (; cols[nc]; nc++) {
		sr_put(b, nc ? "," : "");
		sg_sb__csv(b, sr_column(lang, cols[nc]));
	}
	sr_put(b, "\n");
	for (size_t r = 0; r < sg_table_nrows(t); r++) {
		if (keep && !keep(t, r, payload))
			continue;
		for (size_t c = 0; c < nc; c++) {
			int i = sg_table_col(t, cols[c]);

			sr_put(b, c ? "," : "");
			if (i < 0 || sg_table_is_null(t, r, (size_t)i))
				continue;
			if (sg_table_coltype(t, (size_t)i) == SG_COL_TEXT) {
				sg_sb__csv(b, sg_table_text(t, r, (size_t)i));
			} else {
				double v = sg_table_real(t, r, (size_t)i);

				if (v == floor(v) && fabs(v) < 1e15)
					sr_put(b, "%.0f", v);
				else
					sr_put(b, "%.10g", v);
			}
		}
		sr_put(b, "\n");
	}
}

/* Text as a CSS string's content: quotes and backslashes escaped, line
 * breaks dropped. */
static void css_str(sr_buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			sr_put(b, "\\%c", *s);
		else if (*s == '<')
			sr_put(b, "\\3c ");
		else if (*s != '\n' && *s != '\r')
			sr_put(b, "%c", *s);
	}
}

void sr_print_header(sr_buf *b, sr_lang lang, const char *unit,
		     const char *year)
{
	sr_put(b, "<style>@page{@top-left{content:\"");
	css_str(b, unit);
	sr_put(b, "\";font-size:8pt;color:#555}@top-right{content:\"");
	css_str(b, sr_column(lang, "year"));
	sr_put(b, " ");
	css_str(b, year);
	sr_put(b, "\";font-size:8pt;color:#555}@bottom-center{content:\"");
	css_str(b, sr_text(lang, SR_PAGE));
	sr_put(b, " \" counter(page) \" / \" counter(pages);font-size:8pt;"
		  "color:#555}}</style>\n");
}
