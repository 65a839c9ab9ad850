/*
 * engine/table.c - result tables: storage and text, CSV and JSON output.
 *
 * Cells are stored column-major as doubles or strings with a NULL flag;
 * tables are small (one row per school or unit), so simplicity wins.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/table.h"
#include "util/util.h"

typedef struct {
	char *name;
	sg_col_type type;
	double *num; /* INT/REAL columns */
	char **text; /* TEXT columns; NULL cell = NULL pointer */
} column;

struct sg_table {
	size_t ncols, nrows, cap;
	column *cols;
	char *title, *note;
	int64_t unit_set; /* units.set_id of its unit codes; 0: unknown */
};

sg_table *sg_table__new(size_t ncols, const char *const *names,
			const sg_col_type *types)
{
	sg_table *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->cols = calloc(ncols, sizeof(*t->cols));
	if (!t->cols) {
		free(t);
		return NULL;
	}
	t->ncols = ncols;
	for (size_t c = 0; c < ncols; c++) {
		t->cols[c].name = strdup(names[c]);
		t->cols[c].type = types[c];
		if (!t->cols[c].name) {
			sg_table_free(t);
			return NULL;
		}
	}
	return t;
}

void sg_table_free(sg_table *t)
{
	if (!t)
		return;
	for (size_t c = 0; c < t->ncols; c++) {
		if (t->cols[c].text)
			for (size_t r = 0; r < t->nrows; r++)
				free(t->cols[c].text[r]);
		free(t->cols[c].text);
		free(t->cols[c].num);
		free(t->cols[c].name);
	}
	free(t->cols);
	free(t->title);
	free(t->note);
	free(t);
}

long sg_table__add_row(sg_table *t)
{
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;

		for (size_t c = 0; c < t->ncols; c++) {
			column *col = &t->cols[c];

			if (col->type == SG_COL_TEXT) {
				char **p = realloc(col->text, cap * sizeof(*p));
				if (!p)
					return -1;
				col->text = p;
			} else {
				double *p = realloc(col->num, cap * sizeof(*p));
				if (!p)
					return -1;
				col->num = p;
			}
		}
		t->cap = cap;
	}
	for (size_t c = 0; c < t->ncols; c++) {
		if (t->cols[c].type == SG_COL_TEXT)
			t->cols[c].text[t->nrows] = NULL;
		else
			t->cols[c].num[t->nrows] = NAN;
	}
	return (long)t->nrows++;
}

void sg_table__set_real(sg_table *t, size_t row, size_t col, double v)
{
	if (t->cols[col].type != SG_COL_TEXT)
		t->cols[col].num[row] = isfinite(v) ? v : NAN;
}

int sg_table__set_text(sg_table *t, size_t row, size_t col, const char *s)
{
	char *c = s ? strdup(s) : NULL;

	if (s && !c)
		return -1;
	free(t->cols[col].text[row]);
	t->cols[col].text[row] = c;
	return 0;
}

static int set_string(char **dst, const char *s)
{
	char *c = strdup(s ? s : "");

	if (!c)
		return -1;
	free(*dst);
	*dst = c;
	return 0;
}

int sg_table__set_title(sg_table *t, const char *title)
{
	return set_string(&t->title, title);
}

int sg_table__set_note(sg_table *t, const char *note)
{
	return set_string(&t->note, note);
}

void sg_table__set_unit_set(sg_table *t, int64_t set_id)
{
	t->unit_set = set_id;
}

int64_t sg_table__unit_set(const sg_table *t)
{
	return t ? t->unit_set : 0;
}

/*---- Getters -----------------------------------------------------------*/

size_t sg_table_ncols(const sg_table *t)
{
	return t->ncols;
}

size_t sg_table_nrows(const sg_table *t)
{
	return t->nrows;
}

const char *sg_table_colname(const sg_table *t, size_t col)
{
	return col < t->ncols ? t->cols[col].name : NULL;
}

sg_col_type sg_table_coltype(const sg_table *t, size_t col)
{
	return col < t->ncols ? t->cols[col].type : SG_COL_TEXT;
}

int sg_table_col(const sg_table *t, const char *name)
{
	for (size_t c = 0; c < t->ncols; c++)
		if (strcmp(t->cols[c].name, name) == 0)
			return (int)c;
	return -1;
}

bool sg_table_is_null(const sg_table *t, size_t row, size_t col)
{
	if (row >= t->nrows || col >= t->ncols)
		return true;
	if (t->cols[col].type == SG_COL_TEXT)
		return t->cols[col].text[row] == NULL;
	return isnan(t->cols[col].num[row]);
}

double sg_table_real(const sg_table *t, size_t row, size_t col)
{
	if (row >= t->nrows || col >= t->ncols ||
	    t->cols[col].type == SG_COL_TEXT)
		return NAN;
	return t->cols[col].num[row];
}

const char *sg_table_text(const sg_table *t, size_t row, size_t col)
{
	if (row >= t->nrows || col >= t->ncols ||
	    t->cols[col].type != SG_COL_TEXT)
		return NULL;
	return t->cols[col].text[row];
}

const char *sg_table_title(const sg_table *t)
{
	return t->title ? t->title : "";
}

const char *sg_table_note(const sg_table *t)
{
	return t->note ? t->note : "";
}

/*---- Output ------------------------------------------------------------*/

/* A cell as text: whole numbers without decimals; others with two
 * decimals for people (text) or ten significant digits (CSV); NULL as "". */
static void cell(const sg_table *t, size_t r, size_t c, int precise, char *buf,
		 size_t n)
{
	double v;

	buf[0] = '\0';
	if (sg_table_is_null(t, r, c))
		return;
	if (t->cols[c].type == SG_COL_TEXT) {
		snprintf(buf, n, "%s", t->cols[c].text[r]);
		return;
	}
	v = t->cols[c].num[r];
	if (v == floor(v) && fabs(v) < 1e15)
		snprintf(buf, n, "%.0f", v);
	else
		snprintf(buf, n, precise ? "%.10g" : "%.2f", v);
}

/* Display width of UTF-8 text: code points, not bytes. */
static size_t width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

static void format_text(const sg_table *t, sg_sb *b)
{
	size_t *w = calloc(t->ncols ? t->ncols : 1, sizeof(*w));
	char buf[256];

	if (!w) {
		b->oom = 1;
		return;
	}
	for (size_t c = 0; c < t->ncols; c++) {
		w[c] = width(t->cols[c].name);
		for (size_t r = 0; r < t->nrows; r++) {
			cell(t, r, c, 0, buf, sizeof(buf));
			if (width(buf) > w[c])
				w[c] = width(buf);
		}
	}
	if (t->title)
		sg_sb__printf(b, "%s\n", t->title);
	for (size_t c = 0; c < t->ncols; c++)
		sg_sb__printf(b, "%s%-*s", c ? "  " : "",
			      (int)(w[c] + strlen(t->cols[c].name) -
				    width(t->cols[c].name)),
			      t->cols[c].name);
	sg_sb__printf(b, "\n");
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			int right = t->cols[c].type != SG_COL_TEXT;

			cell(t, r, c, 0, buf, sizeof(buf));
			if (!buf[0] && right)
				snprintf(buf, sizeof(buf), "-");
			sg_sb__printf(b, "%s%*s", c ? "  " : "",
				      (right ? 1 : -1) *
					      (int)(w[c] + strlen(buf) -
						    width(buf)),
				      buf);
		}
		sg_sb__printf(b, "\n");
	}
	if (t->note && *t->note)
		sg_sb__printf(b, "%s\n", t->note);
	free(w);
}

int sg_table_format(const sg_table *t, sg_table_format_kind kind, char **out)
{
	sg_sb b = { 0 };
	char buf[256];

	*out = NULL;
	sg_sb__printf(&b, "%s", "");
	if (kind == SG_FORMAT_TEXT) {
		format_text(t, &b);
	} else if (kind == SG_FORMAT_CSV) {
		for (size_t c = 0; c < t->ncols; c++) {
			sg_sb__printf(&b, c ? "," : "");
			sg_sb__csv(&b, t->cols[c].name);
		}
		sg_sb__printf(&b, "\n");
		for (size_t r = 0; r < t->nrows; r++) {
			for (size_t c = 0; c < t->ncols; c++) {
				sg_sb__printf(&b, c ? "," : "");
				if (t->cols[c].type == SG_COL_TEXT &&
				    !sg_table_is_null(t, r, c)) {
					/* Text with the formula guard. */
					sg_sb__csv(&b, t->cols[c].text[r]);
					continue;
				}
				/* Numbers as numbers. */
				cell(t, r, c, 1, buf, sizeof(buf));
				sg_sb__puts(&b, buf);
			}
			sg_sb__printf(&b, "\n");
		}
	} else {
		sg_sb__printf(&b, "{\"title\": ");
		sg_sb__json_str(&b, sg_table_title(t));
		sg_sb__printf(&b, ", \"note\": ");
		sg_sb__json_str(&b, sg_table_note(t));
		sg_sb__printf(&b, ", \"columns\": [");
		for (size_t c = 0; c < t->ncols; c++) {
			sg_sb__printf(&b, c ? ", " : "");
			sg_sb__json_str(&b, t->cols[c].name);
		}
		sg_sb__printf(&b, "], \"rows\": [");
		for (size_t r = 0; r < t->nrows; r++) {
			sg_sb__printf(&b, r ? ",\n  {" : "\n  {");
			for (size_t c = 0; c < t->ncols; c++) {
				sg_sb__printf(&b, c ? ", " : "");
				sg_sb__json_str(&b, t->cols[c].name);
				sg_sb__printf(&b, ": ");
				if (sg_table_is_null(t, r, c))
					sg_sb__printf(&b, "null");
				else if (t->cols[c].type == SG_COL_TEXT)
					sg_sb__json_str(&b, t->cols[c].text[r]);
				else
					sg_sb__json_num(&b, t->cols[c].num[r],
							15);
			}
			sg_sb__printf(&b, "}");
		}
		sg_sb__printf(&b, "\n]}\n");
	}
	if (b.oom) {
		free(b.s);
		return SG_ENOMEM;
	}
	*out = b.s;
	return SG_OK;
}
