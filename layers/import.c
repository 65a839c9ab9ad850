/*
 * layers/import.c - opening a source with OGR, mapping its columns,
 * parsing values and locations, and running one import as one
 * transaction.
 *
 * The kind-specific row loops live in import_units.c, import_schools.c
 * and import_population.c; everything they share is here.  Values are
 * read as text and parsed by engine/text.c, which knows Vietnamese number
 * and yes/no formats, so CSV, XLSX and GIS files behave the same.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <ogr_srs_api.h>
#include <zlib.h>

#include "layers/import_int.h"
#include "layers/reasons.h"
#include "layers/runs.h"
#include "layers/units_int.h"
#include "util/file.h"

static const char *const kind_names[] = { "units", "schools", "population",
					  "applicants" };
/* The progress stages, shown translated (sg_ctx__progress). */
static const char *const kind_stages[] = { SG_N_("import units"),
					   SG_N_("import schools"),
					   SG_N_("import population"),
					   SG_N_("import applicants") };

/*---- Rows, values and issues -------------------------------------------*/

/* Reasons chosen at run time (sg_import__issue_ref). */
static const sg_reason_ref lonlat_swapped = { SG_R_LONLAT_SWAPPED };
static const sg_reason_ref lonlat_range = { SG_R_LONLAT_RANGE };
static const sg_reason_ref row_totals = { SG_R_ROW_TOTALS };
static const sg_reason_ref row_footer = { SG_R_ROW_FOOTER };
static const sg_reason_ref row_no_data = { SG_R_ROW_NO_DATA };
static const sg_reason_ref row_blank = { SG_R_ROW_BLANK };

int64_t sg_import__rownum(const sg_importer *im, int64_t seq)
{
	/* Raw rows are the sheet's rows; else row 1 was the header.  A
	 * CSV's records are mapped to its lines (csv_lines). */
	int64_t rec = im->raw ? seq - 1 : seq;

	if (im->linemap && rec >= 0 && (size_t)rec < im->nlinemap)
		return im->linemap[rec];
	return im->tabular && !im->raw ? seq + 1 : seq;
}

int64_t sg_import__row(const sg_importer *im, OGRFeatureH f, int64_t seq)
{
	GIntBig fid = OGR_F_GetFID(f);

	return im->pg && fid != OGRNullFID ? (int64_t)fid
					   : sg_import__rownum(im, seq);
}

/*
 * The text a spreadsheet cell or attribute shows.  OGR's own string of a
 * number is built in a per-feature buffer that the next call reuses, and a
 * real prints as "79000701.0" or in exponent form: numbers are formatted
 * here, integers and integral reals as their digits, other reals in the
 * shortest form that reads back the same.
 */
static void number_text(OGRFeatureH f, int i, OGRFieldType t, char *buf,
			size_t n)
{
	double v;

	if (t == OFTInteger) {
		snprintf(buf, n, "%d", OGR_F_GetFieldAsInteger(f, i));
		return;
	}
	if (t == OFTInteger64) {
		snprintf(buf, n, "%lld",
			 (long long)OGR_F_GetFieldAsInteger64(f, i));
		return;
	}
	v = OGR_F_GetFieldAsDouble(f, i);
	if (v == 0) {
		snprintf(buf, n, "0"); /* also -0 */
		return;
	}
	if (v > -9007199254740992.0 && v < 9007199254740992.0 &&
	    v == (double)(long long)v) {
		snprintf(buf, n, "%lld", (long long)v);
		return;
	}
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, n, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			return;
	}
}

/*
 * A number cell of an ODS sheet read as a string is its office:value as
 * the writer wrote it, which may be "79000702.0000000000000000": drop the
 * zeros that follow the decimals (and the point with them).
 */
static void ods_number(char *s)
{
	char *p = s + (*s == '-'), *dot;
	size_t n;

	n = strspn(p, "0123456789");
	if (n == 0 || p[n] != '.' ||
	    p[n + 1 + strspn(p + n + 1, "0123456789")] != '\0')
		return;
	dot = p + n;
	n = strlen(dot);
	while (n > 1 && dot[n - 1] == '0')
		dot[--n] = '\0';
	if (n == 1)
		*dot = '\0';
}

/* Line breaks (and the spaces around them) to one space, in place. */
static void one_line(char *s)
{
	char *o = s;

	for (const char *p = s; *p;) {
		if (*p == '\r' || *p == '\n') {
			while (o > s && o[-1] == ' ')
				o--;
			while (*p == '\r' || *p == '\n' || *p == ' ')
				p++;
			if (o > s && *p)
				*o++ = ' ';
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
}

const char *sg_import__text(sg_importer *im, OGRFeatureH f, sg_field field)
{
	int i = im->col[field];
	OGRFieldType t;
	const char *s;
	char num[40];
	size_t len;

	if (i < 0 || !OGR_F_IsFieldSetAndNotNull(f, i))
		return "";
	t = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, i));
	if (t == OFTInteger || t == OFTInteger64 || t == OFTReal) {
		number_text(f, i, t, num, sizeof(num));
		s = num;
	} else {
		s = OGR_F_GetFieldAsString(f, i);
	}
	/* Copied: the value stays valid while other fields are read. */
	len = strlen(s);
	if (len >= im->textcap[field]) {
		size_t cap = len + 64;
		char *p = realloc(im->text[field], cap);

		if (!p) {
			im->oom = 1; /* sg_import__each_row fails */
			return "";
		}
		im->text[field] = p;
		im->textcap[field] = cap;
	}
	memcpy(im->text[field], s, len + 1);
	if (im->raw && im->ods)
		ods_number(im->text[field]);
	/* A line break inside a cell (Alt+Enter in Excel, a quoted CSV
	 * cell across lines) is one space, as the cell reads. */
	if (memchr(im->text[field], '\n', len) ||
	    memchr(im->text[field], '\r', len))
		one_line(im->text[field]);
	return im->text[field];
}

const char *sg_import__header(const sg_importer *im, sg_field field)
{
	int i = im->col[field];

	if (i < 0)
		return sg_field__name(field);
	if (im->raw)
		return i < im->nhdr ? im->hdr[i] : "";
	return OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(im->defn, i));
}

/* a, sep and b in one new string; NULL when out of memory. */
static char *join2(const char *a, const char *sep, const char *b)
{
	size_t la = strlen(a), ls = strlen(sep), lb = strlen(b);
	char *p = malloc(la + ls + lb + 1);

	if (p) {
		memcpy(p, a, la);
		memcpy(p + la, sep, ls);
		memcpy(p + la + ls, b, lb + 1);
	}
	return p;
}

/* Record an issue: its English text for the store's `reason`, its code
 * and values (layers/reasons.h) and the sentence of the messages'
 * language for the rejects CSV. */
static int vissue(sg_importer *im, int64_t row, const char *field,
		  const char *value, const char *action, const char *code,
		  const char *fmt, va_list ap)
{
	char reason[512], reason_tr[512];
	const sg_reason *r = sg_reason__find(code);
	sg_reason_args args;
	sg_issue *is;
	va_list aq;

	if (im->nissues == im->capissues) {
		size_t cap = im->capissues ? im->capissues * 2 : 64;
		sg_issue *p = realloc(im->issues, cap * sizeof(*p));

		if (!p) {
			/* callers ignore the code: the row must not go
			 * in as if valid, and the import fails (#18) */
			im->oom = 1;
			im->row_rejected = 1;
			return sg_error__oom(im->ctx, "import");
		}
		im->issues = p;
		im->capissues = cap;
	}
	va_copy(aq, ap);
	vsnprintf(reason, sizeof(reason), fmt, aq);
	va_end(aq);
	sg_reason__collect(fmt, ap, &args);
	if (!im->msg_lang)
		im->msg_lang = sg_reason__msg_vi() ? 2 : 1;
	if (!r || sg_reason__fill(im->msg_lang == 2 ? r->vi : r->en, &args,
				  im->msg_lang == 2, reason_tr,
				  sizeof(reason_tr)) != 0)
		snprintf(reason_tr, sizeof(reason_tr), "%s", reason);
	is = &im->issues[im->nissues];
	memset(is, 0, sizeof(*is));
	is->row = row;
	if (im->sheet) {
		/* Spreadsheet style: 'Sheet'!Column */
		is->field = join2(im->sheet, "!", field ? field : "");
	} else {
		is->field = strdup(field ? field : "");
	}
	is->value = strdup(value ? value : "");
	is->reason = strdup(reason);
	is->reason_tr = strdup(reason_tr);
	is->code = code;
	is->args = sg_reason__args_json(&args);
	is->action = action;
	if (!is->field || !is->value || !is->reason || !is->reason_tr ||
	    !is->args) {
		free(is->field);
		free(is->value);
		free(is->reason);
		free(is->reason_tr);
		free(is->args);
		im->oom = 1;
		im->row_rejected = 1;
		return sg_error__oom(im->ctx, "import");
	}
	im->nissues++;
	if (strcmp(action, "skipped") == 0)
		im->sum->skipped++;
	else if (strcmp(action, "rejected") == 0)
		im->row_rejected = 1;
	else if (strcmp(action, "flagged") == 0)
		im->row_flagged = 1;
	return SG_OK;
}

int sg_import__issue(sg_importer *im, int64_t row, const char *field,
		     const char *value, const char *action, const char *code,
		     const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vissue(im, row, field, value, action, code, fmt, ap);
	va_end(ap);
	return rc;
}

/* vissue for a text held in a variable, without values. */
static int issue_plain(sg_importer *im, int64_t row, const char *field,
		       const char *value, const char *action, const char *code,
		       const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vissue(im, row, field, value, action, code, fmt, ap);
	va_end(ap);
	return rc;
}

int sg_import__issue_ref(sg_importer *im, int64_t row, const char *field,
			 const char *value, const char *action,
			 const sg_reason_ref *why)
{
	return issue_plain(im, row, field, value, action, why->code, why->fmt);
}

void sg_import__count(sg_importer *im, OGRFeatureH f, int64_t row,
		      sg_field field, int64_t *out, int *isnull)
{
	const char *s = sg_import__text(im, f, field);
	int r = sg_text__parse_count(s, out);

	*isnull = r != SG_PARSE_OK;
	if (r == SG_PARSE_INVALID)
		sg_import__issue(im, row, sg_import__header(im, field), s,
				 "rejected", SG_R_NOT_WHOLE);
	else if (r == SG_PARSE_NEGATIVE)
		sg_import__issue(im, row, sg_import__header(im, field), s,
				 "rejected", SG_R_NEGATIVE_COUNT);
}

void sg_import__bool(sg_importer *im, OGRFeatureH f, int64_t row,
		     sg_field field, int64_t *out, int *isnull)
{
	const char *s = sg_import__text(im, f, field);
	int v = 0, r = sg_text__parse_bool(s, &v);

	*isnull = r != SG_PARSE_OK;
	*out = v;
	if (r == SG_PARSE_INVALID)
		sg_import__issue(im, row, sg_import__header(im, field), s,
				 "rejected", SG_R_NOT_BOOL);
}

void sg_import__real(sg_importer *im, OGRFeatureH f, int64_t row,
		     sg_field field, double *out, int *isnull)
{
	const char *s = sg_import__text(im, f, field);
	int r = sg_text__parse_real(s, out);

	*isnull = r != SG_PARSE_OK;
	if (r == SG_PARSE_INVALID)
		sg_import__issue(im, row, sg_import__header(im, field), s,
				 "rejected", SG_R_NOT_NUMBER);
	else if (r == SG_PARSE_OK && *out < 0) {
		sg_import__issue(im, row, sg_import__header(im, field), s,
				 "rejected", SG_R_NEGATIVE_VALUE);
		*isnull = 1;
	}
}

/* Parse one coordinate column; rejects the row when bad. */
static int coord(sg_importer *im, OGRFeatureH f, int64_t row, sg_field fld,
		 double *out)
{
	const char *s = sg_import__text(im, f, fld);
	int r = sg_text__parse_real(s, out);

	if (r == SG_PARSE_INVALID) /* 10°55'40.35"N */
		r = sg_text__parse_dms(s, out);
	if (r == SG_PARSE_OK)
		return 1;
	if (r == SG_PARSE_EMPTY)
		sg_import__issue(im, row, sg_import__header(im, fld), s,
				 "rejected", SG_R_COORD_MISSING);
	else
		sg_import__issue(im, row, sg_import__header(im, fld), s,
				 "rejected", SG_R_COORD_NOT_NUMBER);
	return 0;
}

int sg_import__point(sg_importer *im, OGRFeatureH f, int64_t row, double *lon,
		     double *lat)
{
	OGRGeometryH g = NULL;
	sg_coord_mode mode = im->coords;
	double x = 0, y = 0;
	int ok;

	if (mode == SG_COORD_GEOMETRY) {
		g = OGR_F_GetGeometryRef(f);
		if (!g || OGR_G_IsEmpty(g)) {
			/* Fall back to coordinate columns, if any. */
			if (im->col[SG_F_LON] >= 0 && im->col[SG_F_LAT] >= 0)
				mode = SG_COORD_LONLAT;
			else
				return sg_import__issue(im, row, "geometry", "",
							"rejected",
							SG_R_GEOMETRY_MISSING),
				       0;
		}
	}
	if (mode == SG_COORD_GEOMETRY) {
		if (wkbFlatten(OGR_G_GetGeometryType(g)) == wkbMultiPoint &&
		    OGR_G_GetGeometryCount(g) == 1)
			g = OGR_G_GetGeometryRef(g, 0);
		if (wkbFlatten(OGR_G_GetGeometryType(g)) != wkbPoint) {
			sg_import__issue(im, row, "geometry",
					 OGR_G_GetGeometryName(g), "rejected",
					 SG_R_NOT_POINT);
			return 0;
		}
		x = OGR_G_GetX(g, 0);
		y = OGR_G_GetY(g, 0);
	} else if (mode == SG_COORD_LONLAT) {
		ok = coord(im, f, row, SG_F_LON, &x);
		ok &= coord(im, f, row, SG_F_LAT, &y);
		if (!ok)
			return 0;
	} else {
		ok = coord(im, f, row, SG_F_X, &x);
		ok &= coord(im, f, row, SG_F_Y, &y);
		if (!ok)
			return 0;
		if (im->swap_xy) { /* X = northing, as surveyors write */
			double t = x;

			x = y;
			y = t;
		}
	}
	if (x == 0 && y == 0) {
		/* "-0" or 0 in both: an empty cell saved as a number. */
		sg_import__issue(im, row,
				 mode == SG_COORD_GEOMETRY ? "geometry"
							   : "coordinates",
				 "0 0", "rejected", SG_R_COORD_ZERO);
		return 0;
	}
	if ((!im->tx || sg_crs__src_is_geographic(im->tx)) &&
	    (x < -180 || x > 180 || y < -90 || y > 90)) {
		char v[64];
		int swapped = y >= -180 && y <= 180 && x >= -90 && x <= 90;

		snprintf(v, sizeof(v), "%.9g %.9g", x, y);
		sg_import__issue_ref(
			im, row,
			mode == SG_COORD_LONLAT
				? sg_import__header(im, y < -90 || y > 90
								? SG_F_LAT
								: SG_F_LON)
				: "geometry",
			v, "rejected",
			swapped ? &lonlat_swapped : &lonlat_range);
		return 0;
	}
	if (im->tx && sg_crs__point(im->tx, &x, &y) != 0) {
		char v[64];

		snprintf(v, sizeof(v), "%.9g %.9g", x, y);
		sg_import__issue(im, row, "coordinates", v, "rejected",
				 SG_R_COORD_TRANSFORM);
		return 0;
	}
	*lon = x;
	*lat = y;
	im->row_has_point = 1;
	im->row_lon = x;
	im->row_lat = y;
	return 1;
}

int sg_import__school_year(const char *s, char *out, size_t n)
{
	int a, b, used = 0;
	char sep[8];

	while (*s == ' ')
		s++;
	/* "2016-2017", "2016 - 2017", "2016/2017", "2016–2017" (en dash) */
	if (sscanf(s, "%4d %7[-/\xe2\x80\x93] %4d %n", &a, sep, &b, &used) <
		    3 ||
	    s[used] != '\0' || b != a + 1 || a < 1900 || a > 2200)
		return -1;
	snprintf(out, n, "%d-%d", a, b);
	return 0;
}

const char *sg_import__row_year(sg_importer *im, OGRFeatureH f)
{
	const char *y = sg_import__text(im, f, SG_F_YEAR);

	if (*y)
		return y;
	return im->opts->year ? im->opts->year : "";
}

int sg_import__progress(sg_importer *im, int64_t done)
{
	return sg_ctx__progress(im->ctx, kind_stages[im->kind], (uint64_t)done,
				(uint64_t)im->total);
}

/*---- Spreadsheet layouts -----------------------------------------------*/

/* Whether folded text s is `word` or starts with it and a space. */
static int starts_word(const char *s, const char *word)
{
	size_t n = strlen(word);

	return strncmp(s, word, n) == 0 && (s[n] == '\0' || s[n] == ' ');
}

/* A totals row's label: "Tổng cộng", "Cộng", "Tổng số", "Toàn huyện". */
static int is_totals(const char *folded)
{
	static const char *const whole[] = { "tong", "cong", "total", "sum",
					     "grand total" };
	static const char *const lead[] = {
		"tong cong",   "tong so",     "cong toan",   "tong toan",
		"toan huyen",  "toan quan",   "toan thi xa", "toan thanh pho",
		"toan tinh",   "toan xa",     "toan phuong", "toan nganh",
		"toan truong", "toan don vi", "total",	     "subtotal",
		"cong cap",    "tong cap",
	};

	for (size_t i = 0; i < sizeof(whole) / sizeof(*whole); i++)
		if (strcmp(folded, whole[i]) == 0)
			return 1;
	for (size_t i = 0; i < sizeof(lead) / sizeof(*lead); i++)
		if (starts_word(folded, lead[i]))
			return 1;
	return 0;
}

/* The lines under a table: signatures, dates, notes. */
static int is_footer(const char *folded)
{
	static const char *const lead[] = {
		"nguoi lap",	    "nguoi lap bieu",
		"nguoi ky",	    "thu truong",
		"hieu truong",	    "truong phong",
		"pho truong phong", "giam doc",
		"pho giam doc",	    "chu tich",
		"ke toan",	    "ky ten",
		"ky ghi ro",	    "xac nhan",
		"ghi chu",	    "noi nhan",
		"tm ubnd",	    "tm",
		"kt truong phong",  "kt hieu truong",
		"prepared by",	    "note",
	};

	for (size_t i = 0; i < sizeof(lead) / sizeof(*lead); i++)
		if (starts_word(folded, lead[i]))
			return 1;
	/* "Củ Chi, ngày 15 tháng 9 năm 2023" */
	return strstr(folded, "ngay ") && strstr(folded, " thang ") &&
	       strstr(folded, " nam ");
}

/*
 * Whether raw row `row` is not data: a blank row (nothing in the
 * table's columns), a totals row, or a line of the footer (and every
 * row without a code below it).  A skipped row is listed as a note.
 */
static int skip_row(sg_importer *im, OGRFeatureH f, int64_t row)
{
	const char *code = sg_import__text(im, f, SG_F_CODE);
	char folded[256], first[256] = "";
	int n = OGR_F_GetFieldCount(f), data = 0;
	const sg_reason_ref *why = NULL;

	sg_text__fold(code, folded, sizeof(folded));
	if (*folded && !is_totals(folded) && !is_footer(folded) &&
	    !im->in_footer)
		return 0;
	for (int i = 0; i < n && !why; i++) {
		const char *v = OGR_F_IsFieldSetAndNotNull(f, i)
					? OGR_F_GetFieldAsString(f, i)
					: "";
		int mapped = 0;

		sg_text__fold(v, folded, sizeof(folded));
		if (!*folded)
			continue;
		if (!*first)
			snprintf(first, sizeof(first), "%s", v);
		if (is_totals(folded)) {
			why = &row_totals;
			snprintf(first, sizeof(first), "%s", v);
		} else if (is_footer(folded)) {
			why = &row_footer;
			snprintf(first, sizeof(first), "%s", v);
			im->in_footer = 1;
		}
		for (int k = 0; k < SG_F__COUNT && !mapped; k++)
			mapped = im->col[k] == i;
		data += mapped;
	}
	if (!why && data == 0)
		why = *first ? &row_no_data : &row_blank;
	/* Under the signature lines: names, titles; not a table row. */
	if (!why && im->in_footer && (!*code || data <= 2))
		why = &row_footer;
	if (!why)
		return 0;
	sg_import__issue_ref(im, row, "", first, "skipped", why);
	return 1;
}

int sg_import__each_row(sg_importer *im, sg_import_row_fn fn, void *job)
{
	OGRFeatureH f;
	int64_t seq = 0;
	size_t first;
	int rc = SG_OK;

	OGR_L_ResetReading(im->layer);
	while (rc == SG_OK && (f = OGR_L_GetNextFeature(im->layer))) {
		im->row_rejected = im->row_flagged = 0;
		if (im->raw && (++seq <= im->header_row ||
				skip_row(im, f, sg_import__rownum(im, seq)))) {
			OGR_F_Destroy(f);
			rc = im->oom ? sg_error__oom(im->ctx, "import") : SG_OK;
			continue;
		}
		if (!im->raw)
			++seq;
		first = im->nissues;
		im->row_has_point = 0;
		rc = fn(job, f, sg_import__row(im, f, seq));
		/* A school's issues are placed where it lies, for the
		 * report of the unit (never an applicant's home). */
		for (size_t i = first; im->kind == SG_IMPORT_SCHOOLS &&
				       im->row_has_point && i < im->nissues;
		     i++) {
			im->issues[i].has_point = 1;
			im->issues[i].lon = im->row_lon;
			im->issues[i].lat = im->row_lat;
		}
		OGR_F_Destroy(f);
		if (rc == SG_OK && im->oom)
			rc = sg_error__oom(im->ctx, "import");
		im->sum->rows++;
		im->sum->rejected += im->row_rejected;
		im->sum->flagged += im->row_flagged && !im->row_rejected;
		if (rc == SG_OK)
			rc = sg_import__progress(im, seq);
	}
	return rc;
}

void sg_import__tally(sg_importer *im, int existed, int changed)
{
	if (!existed)
		im->sum->inserted++;
	else if (changed)
		im->sum->updated++;
	else
		im->sum->unchanged++;
}

/*---- Placing points in the units ---------------------------------------*/

void sg_import__units_free(sg_import_units *u)
{
	sg_strmap__free(u->codes);
	sg_strmap__free(u->ward);
	sg_polyindex__free(u->idx);
	memset(u, 0, sizeof(*u));
}

int sg_import__units_load(sg_importer *im, const char *what, sg_import_units *u)
{
	sg_ctx *ctx = im->ctx;
	GEOSWKBReader *rd;
	sqlite3_stmt *st;
	int64_t set;
	int rc;

	memset(u, 0, sizeof(*u));
	u->codes = sg_strmap__new();
	u->ward = sg_strmap__new();
	if (!u->codes || !u->ward)
		return sg_error__oom(ctx, what);
	if ((rc = sg_polyindex__new(ctx, &u->idx)) != SG_OK)
		return rc;
	/* One administrative set: --set, else the year's (units.c). */
	rc = sg_units__import_set(ctx, im->opts->set, im->opts->year, &set);
	if (rc == SG_OK)
		rc = sg_db__prepare(ctx, what,
				    "SELECT code, id, kind, "
				    "AsBinary(geom) FROM units WHERE "
				    "set_id = ?",
				    &st);
	if (rc != SG_OK)
		return rc;
	sqlite3_bind_int64(st, 1, set);
	rd = GEOSWKBReader_create_r(ctx->geos);
	while (rc == SG_OK && sqlite3_step(st) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(st, 2);
		int64_t id = sqlite3_column_int64(st, 1);
		int rank = strcmp(kind, "ward") == 0	   ? 0
			   : strcmp(kind, "district") == 0 ? 1
							   : 2;
		GEOSGeometry *g = NULL;
		char key[24];

		if (sqlite3_column_type(st, 3) == SQLITE_BLOB)
			g = GEOSWKBReader_read_r(
				ctx->geos, rd, sqlite3_column_blob(st, 3),
				(size_t)sqlite3_column_bytes(st, 3));
		const char *code = (const char *)sqlite3_column_text(st, 0);
		size_t len = strspn(code, "0123456789");

		if (len == strlen(code) && len > 0 && len < 32)
			u->widths |= 1u << len;
		u->count++;
		if (sg_strmap__put(u->codes, code, id) != 0)
			rc = sg_error__oom(ctx, what);
		snprintf(key, sizeof(key), "%lld", (long long)id);
		if (rank == 0 && sg_strmap__put(u->ward, key, 1) != 0)
			rc = sg_error__oom(ctx, what);
		if (g && rc == SG_OK)
			rc = sg_polyindex__add(u->idx, g, id, rank);
		else if (g)
			GEOSGeom_destroy_r(ctx->geos, g);
	}
	GEOSWKBReader_destroy_r(ctx->geos, rd);
	sqlite3_finalize(st);
	return rc;
}

int sg_import__unit_code(sg_importer *im, const sg_import_units *u, int64_t row,
			 sg_field field, const char *code, int64_t *id)
{
	size_t len = strlen(code);
	char padded[40];

	if (!*code)
		return SG_UNIT_NONE;
	if (sg_strmap__get(u->codes, code, id))
		return SG_UNIT_FOUND;
	if (len == 0 || len > 31 || strspn(code, "0123456789") != len)
		return SG_UNIT_NONE;
	for (size_t w = len + 1; w < 32; w++) {
		if (!(u->widths & (1u << w)))
			continue;
		snprintf(padded, sizeof(padded), "%0*d%s", (int)(w - len), 0,
			 code);
		if (sg_strmap__get(u->codes, padded, id)) {
			sg_import__issue(im, row, sg_import__header(im, field),
					 code, "note", SG_R_CODE_ZEROS, padded);
			return SG_UNIT_FOUND;
		}
	}
	/* Shaped like the store's codes: a unit of a wider area. */
	if (u->count > 0 && (u->widths & (1u << len)))
		return SG_UNIT_OUTSIDE;
	return SG_UNIT_NONE;
}

int64_t sg_import__place(sg_importer *im, sg_import_units *u, int64_t row,
			 const char *declared_code, double lon, double lat,
			 const sg_place_msgs *msg)
{
	int64_t found = sg_polyindex__find(u->idx, lon, lat);
	int64_t declared = -1;
	char v[64], key[24];

	if (*declared_code &&
	    sg_import__unit_code(im, u, row, SG_F_UNIT_CODE, declared_code,
				 &declared) != SG_UNIT_FOUND)
		sg_import__issue_ref(im, row,
				     sg_import__header(im, SG_F_UNIT_CODE),
				     declared_code, "flagged", &msg->unknown);
	if (sg_polyindex__count(u->idx) > 0)
		im->placed[found >= 0]++;
	if (sg_polyindex__count(u->idx) > 0 && found < 0) {
		snprintf(v, sizeof(v), "%.6f %.6f", lon, lat);
		sg_import__issue_ref(im, row, "coordinates", v, "flagged",
				     &msg->outside);
	}
	snprintf(key, sizeof(key), "%lld", (long long)declared);
	if (found >= 0 && declared >= 0 && found != declared &&
	    sg_strmap__get(u->ward, key, &(int64_t){ 0 }))
		sg_import__issue_ref(im, row,
				     sg_import__header(im, SG_F_UNIT_CODE),
				     declared_code, "flagged", &msg->elsewhere);
	return found >= 0 ? found : declared;
}

/*---- Opening and column mapping ----------------------------------------*/

/* A database has many tables: the user names one.  OGR lists only the
 * tables with a geometry column. */
static int pg_which_table(sg_importer *im)
{
	char names[512] = "";
	int n = GDALDatasetGetLayerCount(im->ds);

	for (int i = 0; i < n && i < 8; i++) {
		size_t len = strlen(names);

		snprintf(names + len, sizeof(names) - len, "%s%s",
			 i ? ", " : "",
			 OGR_L_GetName(GDALDatasetGetLayer(im->ds, i)));
	}
	return sg_error__set(im->ctx, SG_EINVALID,
			     "import: %s: name the "
			     "table as the layer (tables with geometry: %s%s)",
			     im->source, n ? names : "none",
			     n > 8 ? ", ..." : "");
}

/* Read a whole file; 0, or -1 with errno. */
static int slurp(const char *path, char **out, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	size_t cap = 65536, len = 0, got;
	char *buf = NULL, *p;

	*out = NULL;
	if (!fp)
		return -1;
	do {
		if (!(p = realloc(buf, cap + 1))) {
			free(buf);
			fclose(fp);
			errno = ENOMEM;
			return -1;
		}
		buf = p;
		got = fread(buf + len, 1, cap - len, fp);
		len += got;
		if (len == cap)
			cap *= 2;
	} while (got > 0);
	if (ferror(fp)) {
		free(buf);
		fclose(fp);
		errno = EIO;
		return -1;
	}
	fclose(fp);
	buf[len] = '\0';
	*out = buf;
	*n = len;
	return 0;
}

/*
 * GDAL's CSV reader takes the number of columns from the first line: a
 * title line "BẢNG THỐNG KÊ ..." without the separators Excel adds would
 * cut every row to one column.  Whether the first line has fewer
 * separators (outside quotes) than a later one of the first 1000 (a
 * header may sit below a long block of titles), and which separator and
 * how many.
 */
static int narrow_first_line(const char *s, size_t n, char *sep, int *want)
{
	static const char seps[] = ",\t;";
	int first[3] = { 0 }, cur[3] = { 0 }, max[3] = { 0 };
	int line = 0, quoted = 0, best = 0;

	for (size_t i = 0; i <= n && line < 1000; i++) {
		if (i < n && s[i] == '"') {
			quoted = !quoted;
		} else if (i == n || (!quoted && s[i] == '\n')) {
			for (int k = 0; k < 3; k++) {
				if (line == 0)
					first[k] = cur[k];
				else if (cur[k] > max[k])
					max[k] = cur[k];
				cur[k] = 0;
			}
			line++;
		} else if (!quoted) {
			for (int k = 0; k < 3; k++)
				cur[k] += s[i] == seps[k];
		}
	}
	for (int k = 1; k < 3; k++)
		if (max[k] > max[best])
			best = k;
	if (sep)
		*sep = seps[best];
	if (want)
		*want = max[best];
	return max[best] > first[best];
}

/* Pad the first line of text with separators to the table's width. */
static int pad_first_line(char **text, size_t *len)
{
	char sep, *p;
	int want, have = 0, quoted = 0;
	size_t eol;

	if (!narrow_first_line(*text, *len, &sep, &want))
		return SG_DECODE_CONVERTED;
	for (eol = 0; eol < *len && (quoted || (*text)[eol] != '\n'); eol++) {
		if ((*text)[eol] == '"')
			quoted = !quoted;
		else if (!quoted && (*text)[eol] == sep)
			have++;
	}
	if (eol > 0 && (*text)[eol - 1] == '\r')
		eol--;
	p = malloc(*len + (size_t)(want - have) + 1);
	if (!p)
		return SG_DECODE_NOMEM;
	memcpy(p, *text, eol);
	memset(p + eol, sep, (size_t)(want - have));
	memcpy(p + eol + (want - have), *text + eol, *len - eol + 1);
	free(*text);
	*text = p;
	*len += (size_t)(want - have);
	return SG_DECODE_CONVERTED;
}

/*
 * Whether a CSV's records are not its lines: an empty line (GDAL's
 * reader skips it) or a quoted cell across a line end.  Then row
 * numbers need csv_lines' map.
 */
static int lines_step(const char *s, size_t n, size_t *linelen, int *quoted)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"') {
			*quoted = !*quoted;
		} else if (s[i] == '\n') {
			if (*quoted || *linelen == 0)
				return 1;
			*linelen = 0;
			continue;
		} else if (s[i] == '\r') {
			continue;
		}
		(*linelen)++;
	}
	return 0;
}

static int lines_differ(const char *s, size_t n)
{
	size_t linelen = 0;
	int quoted = 0;

	return lines_step(s, n, &linelen, &quoted);
}

/*
 * 1 when the file is UTF-8 text without a BOM, not decomposed, not
 * empty, and its first line is as wide as the table (nothing to
 * convert); 0 when it needs sg_text__decode; -1 with errno on a read
 * error.
 */
static int plain_utf8(const char *path)
{
	enum { PIECE = 1 << 20 };
	char *buf = malloc(PIECE);
	size_t have = 0, got, used = 0, linelen = 0;
	int first = 1, ok = 1, quoted = 0;
	FILE *fp;

	if (!buf)
		return -1;
	if (!(fp = fopen(path, "rb"))) {
		free(buf);
		return -1;
	}
	while (ok && (got = fread(buf + have, 1, PIECE - have, fp)) > 0) {
		const unsigned char *u = (const unsigned char *)buf;

		have += got;
		if (first) {
			first = 0;
			ok = !(have >= 3 && u[0] == 0xef && u[1] == 0xbb &&
			       u[2] == 0xbf) &&
			     !(have >= 2 && ((u[0] == 0xff && u[1] == 0xfe) ||
					     (u[0] == 0xfe && u[1] == 0xff))) &&
			     !narrow_first_line(buf, have, NULL, NULL);
		}
		if (ok && sg_text__scan(buf, have, &used) != 0)
			ok = 0;
		/* Empty lines or cells across lines: csv_lines maps them. */
		if (ok && lines_step(buf, used, &linelen, &quoted))
			ok = 0;
		if (!ok)
			break;
		memmove(buf, buf + used, have - used);
		have -= used;
	}
	if (ferror(fp)) {
		fclose(fp);
		free(buf);
		return -1;
	}
	fclose(fp);
	free(buf);
	return ok && !first && have == 0;
}

/*
 * Map each record of a CSV (UTF-8 text) to the line of the file where it
 * starts, so that messages name the lines users see although GDAL's
 * reader skips empty lines and reads a quoted cell across line ends as
 * one record.  Read raw (the header found here), an empty line becomes
 * one separator: a record of empty cells, listed as a blank row.
 */
static int csv_lines(sg_importer *im, char **text, size_t *len)
{
	const char *s = *text;
	size_t n = *len, nl = 2, o = 0, nrec = 0;
	int64_t line = 1 + im->line0, *map;
	int quoted = 0, at_start = 1;
	char sep = ',', *out = NULL;

	for (size_t i = 0; i < n; i++)
		nl += s[i] == '\n';
	if (im->raw)
		narrow_first_line(s, n, &sep, NULL);
	map = malloc(nl * sizeof(*map));
	if (!map || (im->raw && !(out = malloc(n + nl + 1)))) {
		free(map);
		return SG_DECODE_NOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (at_start) {
			int blank = c == '\n' ||
				    (c == '\r' &&
				     (i + 1 == n || s[i + 1] == '\n'));

			at_start = 0;
			if (!quoted && (!blank || im->raw)) {
				map[nrec++] = line;
				if (blank)
					out[o++] = sep;
			}
		}
		if (out)
			out[o++] = c;
		if (c == '"') {
			quoted = !quoted;
		} else if (c == '\n') {
			line++;
			at_start = 1;
		}
	}
	free(im->linemap);
	im->linemap = map;
	im->nlinemap = nrec;
	im->nlines = n > 0 && s[n - 1] != '\n' ? line : line - 1;
	if (out) {
		out[o] = '\0';
		free(*text);
		*text = out;
		*len = o;
	}
	return SG_DECODE_CONVERTED;
}

/*
 * GDAL takes a headerless CSV's width from its first line: a first
 * record whose quoted title cell spans lines ("BÁO CÁO<newline>NĂM HỌC
 * ...",,,,) would cut every row to one column.  Its line breaks become
 * spaces (as one_line reads any cell), after csv_lines has numbered the
 * lines.
 */
static void flatten_first_record(char *s, size_t n)
{
	int quoted = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && s[i] == '\n')
			return;
		else if (quoted && (s[i] == '\n' || s[i] == '\r'))
			s[i] = ' ';
	}
}

/* Whether name.csv has a name.csvt beside it (GDAL's field types). */
static int has_csvt(const char *path)
{
	char t[4200];

	snprintf(t, sizeof(t), "%st", path);
	return access(t, R_OK) == 0;
}

#define HEADER_SCAN 40	     /* rows searched for the header */
#define HEADER_SCAN_MAX 1000 /* ... further while none names 2 columns */

static int header_score(const sg_importer *im, char **names, int ncol);

/*
 * The cells of the CSV record at s[*i] (to its line end outside quotes),
 * unquoted, leading spaces dropped, each cut to 255 bytes, at most 64;
 * *i and *line move past it.  Returns the number of cells.
 */
enum { REC_CELLS = 64, REC_CELL = 256 };

static int record_cells(const char *s, size_t n, size_t *i, int64_t *line,
			char sep, char (*cell)[REC_CELL])
{
	int ncell = 0, quoted = 0;
	size_t len = 0, k = *i;

	cell[0][0] = '\0';
	for (; k < n; k++) {
		char c = s[k];

		if (c == '"') {
			if (quoted && k + 1 < n && s[k + 1] == '"')
				k++; /* "" in a quoted cell */
			else {
				quoted = !quoted;
				continue;
			}
		} else if (!quoted && (c == sep || c == '\n')) {
			if (ncell < REC_CELLS)
				ncell++;
			if (c == '\n') {
				k++;
				(*line)++;
				break;
			}
			if (ncell < REC_CELLS)
				cell[ncell][0] = '\0';
			len = 0;
			continue;
		} else if (c == '\n') {
			(*line)++;
		}
		if (c == '\r' && !quoted)
			continue;
		if (ncell < REC_CELLS && len < REC_CELL - 1 &&
		    (len > 0 || c != ' ')) {
			cell[ncell][len++] = c;
			cell[ncell][len] = '\0';
		}
	}
	if (k >= n && (k > *i) && s[k - 1] != '\n' && ncell < REC_CELLS)
		ncell++; /* the last record, without a line end */
	*i = k;
	return ncell;
}

/*
 * A units CSV is read with OGR's own header (its WKT column becomes the
 * geometry), so title lines above the header are cut off here.  The
 * line (from 1) where the header record starts, *off its byte offset:
 * the record holding line --header-row N, else the first record of the
 * first 1000 lines whose cells name the most known columns (line 1 when
 * none names any).  -1 when --header-row is beyond the file's lines.
 */
static int64_t units_header_line(const sg_importer *im, const char *s, size_t n,
				 size_t *off)
{
	char sep = ',', (*cell)[REC_CELL] = malloc(REC_CELLS * REC_CELL);
	char *names[REC_CELLS];
	int64_t line = 1, best = 1, forced = im->opts->header_row;
	int bestscore = 0;
	size_t i = 0;

	*off = 0;
	if (!cell)
		return 1; /* read as OGR reads it */
	for (int k = 0; k < REC_CELLS; k++)
		names[k] = cell[k];
	narrow_first_line(s, n, &sep, NULL);
	for (int rec = 0; i < n && (forced > 0 || rec < HEADER_SCAN_MAX);
	     rec++) {
		size_t start = i;
		int64_t first = line;
		int ncell = record_cells(s, n, &i, &line, sep, cell), score;

		if (forced > 0) {
			/* The record that holds line N (a cell may span
			 * lines): the line of the file, as editors show. */
			int64_t last = s[i - 1] == '\n' ? line - 1 : line;

			if (forced >= first && forced <= last) {
				*off = start;
				free(cell);
				return first;
			}
			continue;
		}
		if (rec >= HEADER_SCAN && bestscore >= 2)
			break;
		score = header_score(im, names, ncell);
		if (score > bestscore) {
			bestscore = score;
			best = first;
			*off = start;
		}
	}
	free(cell);
	return forced > 0 ? -1 : best;
}

/*
 * A CSV as NFC UTF-8: a file in another encoding (UTF-16 from Excel's
 * "Unicode text", Windows-1258 from Excel's CSV on Vietnamese Windows),
 * with a BOM or in decomposed form is converted into a /vsimem/ copy,
 * which OGR then reads instead.
 */
static int decode_csv(sg_importer *im, const char **open_path)
{
	const char *enc = im->opts->encoding, *ext = strrchr(im->path, '.');
	char *raw = NULL, *text = NULL;
	size_t n = 0, len = 0, off = 0;
	int64_t hline = 1;
	/* A units CSV keeps OGR's header: titles are cut off below. */
	int units = !im->raw && im->kind == SG_IMPORT_UNITS;
	int r = 0;

	/* The common case, a UTF-8 CSV that needs nothing, is checked
	 * piece by piece without holding the file. */
	if (!enc && !units && (r = plain_utf8(im->path)) == 1 &&
	    !(im->raw && has_csvt(im->path)))
		return SG_OK;
	if (r < 0)
		return sg_error__set(im->ctx, SG_EIO, "import: %s: %s",
				     im->path, strerror(errno));
	if (slurp(im->path, &raw, &n) != 0)
		return sg_error__set(im->ctx, SG_EIO, "import: %s: %s",
				     im->path, strerror(errno));
	if (n == 0) {
		free(raw);
		return sg_error__set(im->ctx, SG_EINVALID,
				     "import: %s: the file is empty", im->base);
	}
	r = sg_text__decode(raw, n, enc, &text, &len, &im->encoding);
	if (r == SG_DECODE_SAME &&
	    (lines_differ(raw, n) ||
	     (im->raw &&
	      (has_csvt(im->path) || narrow_first_line(raw, n, NULL, NULL))))) {
		/* A .csvt sidecar would type the header row too: read a
		 * copy without it (the types do not matter: text is read
		 * as the cells show it). */
		text = raw;
		len = n;
		raw = NULL;
		r = SG_DECODE_CONVERTED;
	}
	if (units && (r == SG_DECODE_SAME || r == SG_DECODE_CONVERTED)) {
		hline = units_header_line(im, r == SG_DECODE_SAME ? raw : text,
					  r == SG_DECODE_SAME ? n : len, &off);
		if (hline < 0) {
			free(raw);
			free(text);
			return sg_error__set(im->ctx, SG_EINVALID,
					     "import: %s: header row %d: "
					     "the file has fewer lines",
					     im->base, im->opts->header_row);
		}
		if (hline > 1 && r == SG_DECODE_SAME) {
			text = raw;
			len = n;
			raw = NULL;
			r = SG_DECODE_CONVERTED;
		}
		if (hline > 1) { /* read from the header on */
			memmove(text, text + off, len - off + 1);
			len -= off;
			im->line0 = hline - 1;
			if (sg_import__issue(im, hline, "", "", "skipped",
					     SG_R_ROWS_ABOVE_HEADER,
					     (long long)hline - 1) != SG_OK)
				r = SG_DECODE_NOMEM;
		}
	}
	free(raw);
	/* A guessed 8-bit encoding is named: a wrong guess garbles. */
	if (r == SG_DECODE_CONVERTED && !enc &&
	    (strcmp(im->encoding, "TCVN3") == 0 ||
	     strcmp(im->encoding, "VNI") == 0 ||
	     strcmp(im->encoding, "WINDOWS-1258") == 0) &&
	    sg_import__issue(im, 0, "", im->encoding, "note",
			     SG_R_ENCODING_GUESSED,
			     strcmp(im->encoding, "TCVN3") == 0 ? "TCVN3 (ABC)"
			     : strcmp(im->encoding, "VNI") == 0
				     ? "VNI-Windows"
				     : "Windows-1258") != SG_OK)
		r = SG_DECODE_NOMEM;
	if (r == SG_DECODE_CONVERTED && im->raw)
		r = pad_first_line(&text, &len);
	if (r == SG_DECODE_CONVERTED)
		r = csv_lines(im, &text, &len);
	if (r == SG_DECODE_CONVERTED && im->raw)
		flatten_first_record(text, len);
	if (r == SG_DECODE_NOMEM) {
		free(text);
		return sg_error__oom(im->ctx, "import");
	}
	switch (r) {
	case SG_DECODE_SAME: return SG_OK;
	case SG_DECODE_CONVERTED: break;
	case SG_DECODE_BINARY:
		return sg_error__set(im->ctx, SG_EINVALID,
				     "import: %s: not a text file (it holds "
				     "binary bytes): not a CSV",
				     im->base);
	case SG_DECODE_UNKNOWN:
		return sg_error__set(im->ctx, SG_EINVALID,
				     "import: unknown encoding '%s' (e.g. "
				     "UTF-8, UTF-16LE, UTF-16BE, CP1258, "
				     "TCVN3, VNI)",
				     enc);
	case SG_DECODE_FAILED:
		return sg_error__set(
			im->ctx, SG_EINVALID,
			"import: %s: the text is not in %s%s", im->base,
			enc ? enc
			    : "any encoding "
			      "tried: UTF-8, UTF-8 with BOM, UTF-16LE/BE"
			      " (BOM), Windows-1258, TCVN3 (ABC), VNI",
			enc ? "" : "; name the encoding");
	default: return sg_error__oom(im->ctx, "import");
	}
	snprintf(im->vsipath, sizeof(im->vsipath), "/vsimem/schoolgis-%p%s",
		 (void *)im, ext && strcmp(ext, ".tsv") == 0 ? ".tsv" : ".csv");
	im->vsibuf = text;
	VSIFCloseL(VSIFileFromMemBuffer(im->vsipath, (GByte *)text,
					(vsi_l_offset)len, FALSE));
	*open_path = im->vsipath;
	return SG_OK;
}

/* The layer named `name`, exactly or once folded ("Truong TH" finds
 * the sheet "Trường TH"). */
static OGRLayerH layer_by_name(GDALDatasetH ds, const char *name)
{
	OGRLayerH l = GDALDatasetGetLayerByName(ds, name);
	char a[256], b[256];

	if (l)
		return l;
	sg_text__fold(name, a, sizeof(a));
	for (int i = 0; i < GDALDatasetGetLayerCount(ds); i++) {
		l = GDALDatasetGetLayer(ds, i);
		sg_text__fold(OGR_L_GetName(l), b, sizeof(b));
		if (*a && strcmp(a, b) == 0)
			return l;
	}
	return NULL;
}

/*
 * GDAL before 3.8 knows no open options for the header of a workbook,
 * only configuration options; the driver reads sheets lazily, so they
 * stay set (for this thread) until the import ends (on = 0 restores).
 */
static void raw_book_config(sg_importer *im, int on)
{
	static const char *const keys[6] = {
		"OGR_XLSX_HEADERS", "OGR_XLSX_FIELD_TYPES",
		"OGR_ODS_HEADERS",  "OGR_ODS_FIELD_TYPES",
		"OGR_XLS_HEADERS",  "OGR_XLS_FIELD_TYPES"
	};
	static const char *const vals[6] = { "DISABLE", "STRING",  "DISABLE",
					     "STRING",	"DISABLE", "STRING" };

	for (int i = 0; i < 6; i++) {
		if (on) {
			const char *old = CPLGetThreadLocalConfigOption(keys[i],
									NULL);

			im->saved_config[i] = old ? CPLStrdup(old) : NULL;
			CPLSetThreadLocalConfigOption(keys[i], vals[i]);
		} else {
			CPLSetThreadLocalConfigOption(keys[i],
						      im->saved_config[i]);
			CPLFree(im->saved_config[i]);
			im->saved_config[i] = NULL;
		}
	}
	im->config_set = on;
}

static int open_source(sg_importer *im)
{
	/* Spreadsheets as raw rows of strings: the header is found here.
	 * A units file keeps OGR's header: its CSV may carry WKT. */
	static const char *const csv_raw[] = { "AUTODETECT_TYPE=NO",
					       "HEADERS=NO", NULL };
	static const char *const csv_oo[] = { "AUTODETECT_TYPE=NO",
					      "HEADERS=YES", NULL };
	static const char *const book_raw[] = { "HEADERS=DISABLE",
						"FIELD_TYPES=STRING", NULL };
	static const char *const xlsx_oo[] = { "HEADERS=FORCE",
					       "FIELD_TYPES=STRING", NULL };
	const char *const *oo = NULL;
	const char *open_path = im->path;
	sg_ctx *ctx = im->ctx;
	int csv = 0, book = 0, rc;

	if (sg_path__has_ext(im->path, ".csv") ||
	    sg_path__has_ext(im->path, ".tsv") ||
	    sg_path__has_ext(im->path, ".txt"))
		csv = 1;
	else if (sg_path__has_ext(im->path, ".xlsx") ||
		 sg_path__has_ext(im->path, ".ods") ||
		 sg_path__has_ext(im->path, ".xls")) /* legacy, read-only */
		book = 1;
	im->raw = im->raw_source = !im->pg && (csv || book) &&
				   im->kind != SG_IMPORT_UNITS;
	if (csv)
		oo = im->raw ? csv_raw : csv_oo;
	else if (book)
		oo = im->raw				   ? book_raw
		     : sg_path__has_ext(im->path, ".xlsx") ? xlsx_oo
							   : NULL;
	im->tabular = oo != NULL || book;
	im->ods = sg_path__has_ext(im->path, ".ods");
	if (!im->pg && access(im->path, R_OK) != 0)
		return sg_error__set(ctx, SG_ENOTFOUND, "import: %s: %s",
				     im->path, strerror(errno));
	if (csv && !im->pg && (rc = decode_csv(im, &open_path)) != SG_OK)
		return rc;
	if (!im->pg && !csv) {
		struct stat st;

		if (stat(im->path, &st) == 0 && S_ISREG(st.st_mode) &&
		    st.st_size == 0)
			return sg_error__set(ctx, SG_EINVALID,
					     "import: %s: the file is empty",
					     im->base);
	}
	if (book && im->raw)
		raw_book_config(im, 1);
	im->ds = GDALOpenEx(open_path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL,
			    oo, NULL);
	if (!im->ds) {
		if (im->pg) {
			sg_pg__scrub(im->path, ctx->gdal_msg);
			return sg_error__set(ctx, SG_EGDAL,
					     "import: %s: OGR cannot read it: "
					     "%s",
					     im->source, sg_gdal__msg(ctx));
		}
		/* Not a format OGR knows, or damaged: unusable input. */
		return sg_error__set(ctx, SG_EINVALID,
				     "import: %s: not a file schoolgis can "
				     "read (a spreadsheet, CSV or GIS file), "
				     "or it is damaged or truncated%s%s",
				     im->base,
				     *sg_gdal__msg(ctx) &&
						     strcmp(sg_gdal__msg(ctx),
							    "unknown error")
					     ? ": "
					     : "",
				     strcmp(sg_gdal__msg(ctx), "unknown error")
					     ? sg_gdal__msg(ctx)
					     : "");
	}
	if (im->opts->layer) {
		im->layer = layer_by_name(im->ds, im->opts->layer);
		if (!im->layer)
			return im->pg ? sg_error__set(ctx, SG_ENOTFOUND,
						      "import: %s: no table "
						      "'%s'",
						      im->source,
						      im->opts->layer)
				      : sg_error__set(ctx, SG_ENOTFOUND,
						      "import: %s: no layer "
						      "'%s'",
						      im->source,
						      im->opts->layer);
	} else if (im->pg && GDALDatasetGetLayerCount(im->ds) != 1) {
		return pg_which_table(im);
	} else {
		if (GDALDatasetGetLayerCount(im->ds) < 1)
			return sg_error__set(ctx, SG_EINVALID,
					     "import: %s: no layer (nothing "
					     "to read)",
					     im->source);
		im->layer = GDALDatasetGetLayer(im->ds, 0);
	}
	if (im->pg) /* the run names the table */
		sg_pg__safe_dsn(im->path, OGR_L_GetName(im->layer), im->pgname,
				sizeof(im->pgname));
	return SG_OK;
}

/* Make `l` the layer read; its count only for a progress display (it
 * costs a pass over a CSV). */
static void use_layer(sg_importer *im, OGRLayerH l)
{
	im->layer = l;
	if (im->pg)
		sg_pg__safe_dsn(im->path, OGR_L_GetName(im->layer), im->pgname,
				sizeof(im->pgname));
	im->defn = OGR_L_GetLayerDefn(im->layer);
	/* A workbook that GDAL wrote keeps its header and field types
	 * whatever the open options say: read it as OGR does. */
	im->raw = im->raw_source;
	if (im->raw && OGR_FD_GetFieldCount(im->defn) > 0) {
		const char *f0 = OGR_Fld_GetNameRef(
			OGR_FD_GetFieldDefn(im->defn, 0));

		im->raw = strcmp(f0, "Field1") == 0 ||
			  strcmp(f0, "field_1") == 0;
	}
	im->total = im->ctx->opts.progress ? OGR_L_GetFeatureCount(im->layer, 0)
					   : 0;
	if (im->total < 0)
		im->total = 0;
}

/*---- Finding the header of a spreadsheet -------------------------------*/

static void free_rows(char ***rows, int nrows, int ncol)
{
	for (int r = 0; r < nrows; r++) {
		for (int i = 0; rows[r] && i < ncol; i++)
			free(rows[r][i]);
		free(rows[r]);
	}
	free(rows);
}

/* How many distinct fields of the kind a row of names has. */
static int header_score(const sg_importer *im, char **names, int ncol)
{
	unsigned char seen[SG_F__COUNT] = { 0 };
	int score = 0;

	for (int i = 0; i < ncol; i++) {
		sg_field f = sg_field__match((sg_import_kind_int)im->kind,
					     names[i]);

		if (f != SG_F_NONE && !seen[f]++)
			score++;
	}
	return score;
}

/* Whether `name` means a field of the kind. */
static int known(const sg_importer *im, const char *name)
{
	return sg_field__match((sg_import_kind_int)im->kind, name) != SG_F_NONE;
}

/*
 * Two header rows joined: a merged cell over sub-columns ("Số máy tính"
 * over "Phục vụ dạy học" | "Phục vụ quản lý", "Tọa độ" over "Kinh độ" |
 * "Vĩ độ") carries to the right over the cells under it.  A sub-column
 * takes the joined name when that is known ("Số máy tính phục vụ dạy
 * học"), else its own when known ("Kinh độ"); a column merged down
 * keeps the top name.  NULL when out of memory.
 */
static char **join_rows(const sg_importer *im, char **top, char **sub, int ncol)
{
	char **out = calloc((size_t)ncol + 1, sizeof(*out));
	const char *carry = "";

	if (!out)
		return NULL;
	for (int i = 0; i < ncol; i++) {
		const char *t = top[i], *b = sub[i];
		char *j = NULL;

		if (*t)
			carry = t;
		else if (*b)
			t = carry;
		if (*t && *b) {
			j = join2(t, " ", b);
			if (j && !known(im, j) &&
			    (known(im, b) || known(im, t))) {
				free(j);
				j = strdup(known(im, b) ? b : t);
			}
		} else {
			j = strdup(*t ? t : b);
		}
		if (!j) {
			for (int k = 0; k < i; k++)
				free(out[k]);
			free(out);
			return NULL;
		}
		out[i] = j;
	}
	return out;
}

/*
 * Read the first rows of a raw sheet and choose the header: the row
 * (joined with the next one when that matches more) whose names match
 * the most known columns, the first such row; or the row the user gave.
 * Sets hdr, nhdr and header_row.
 */
static int find_header(sg_importer *im)
{
	int ncol = OGR_FD_GetFieldCount(im->defn), nrows = 0, best = 0;
	int bestscore = -1, bestjoin = 0, forced = im->opts->header_row;
	int maxrows = forced > 0 ? forced + 1 : HEADER_SCAN_MAX + 1;
	char ***rows = calloc((size_t)maxrows, sizeof(*rows));
	char **joined = NULL;
	OGRFeatureH f;
	int rc = SG_OK;

	if (!rows)
		return sg_error__oom(im->ctx, "import");
	if (forced > 0 && im->linemap) {
		/* A CSV's --header-row N is line N of the file, as editors
		 * and the rejects file number them: a quoted cell across
		 * lines makes fewer records than lines. */
		size_t r = 0;

		if (forced > im->nlines) {
			free(rows);
			return sg_error__set(im->ctx, SG_EINVALID,
					     "import: %s: header row %d: "
					     "the file has %lld lines",
					     im->base, forced,
					     (long long)im->nlines);
		}
		while (r + 1 < im->nlinemap && im->linemap[r + 1] <= forced)
			r++;
		forced = (int)r + 1;
	}
	OGR_L_ResetReading(im->layer);
	while (nrows < maxrows && (f = OGR_L_GetNextFeature(im->layer))) {
		char **row = calloc((size_t)ncol + 1, sizeof(*row));

		for (int i = 0; row && i < ncol; i++) {
			const char *v = OGR_F_IsFieldSetAndNotNull(f, i)
						? OGR_F_GetFieldAsString(f, i)
						: "";

			while (*v == ' ')
				v++;
			if (!(row[i] = strdup(v))) {
				for (int k = 0; k < i; k++)
					free(row[k]);
				free(row);
				row = NULL;
			}
		}
		OGR_F_Destroy(f);
		if (!row) {
			rc = sg_error__oom(im->ctx, "import");
			break;
		}
		rows[nrows++] = row;
	}
	if (rc == SG_OK && forced > 0 && forced > nrows)
		rc = sg_error__set(im->ctx, SG_EINVALID,
				   "import: %s: header row %d: the sheet "
				   "has %d rows",
				   im->base, forced, nrows);
	for (int r = forced > 0 ? forced - 1 : 0;
	     rc == SG_OK && r < (forced > 0 ? forced : nrows); r++) {
		int s1, s2 = -1;

		/* Below the usual place only when no row above names at
		 * least two known columns (a long instruction block). */
		if (forced <= 0 && r >= HEADER_SCAN && bestscore >= 2)
			break;
		s1 = header_score(im, rows[r], ncol);

		if (r + 1 < nrows) {
			char **j = join_rows(im, rows[r], rows[r + 1], ncol);

			if (!j) {
				rc = sg_error__oom(im->ctx, "import");
				break;
			}
			s2 = header_score(im, j, ncol);
			for (int i = 0; i < ncol; i++)
				free(j[i]);
			free(j);
			/* A title over the header is no two-row header: the
			 * join must name more than the lower row alone. */
			if (s2 <= header_score(im, rows[r + 1], ncol))
				s2 = -1;
		}
		if ((s1 > s2 ? s1 : s2) > bestscore) {
			bestscore = s1 > s2 ? s1 : s2;
			best = r;
			bestjoin = s2 > s1;
		}
	}
	if (rc == SG_OK && nrows > 0) {
		joined = bestjoin ? join_rows(im, rows[best], rows[best + 1],
					      ncol)
				  : rows[best];
		if (!joined)
			rc = sg_error__oom(im->ctx, "import");
		else if (!bestjoin)
			rows[best] = NULL; /* taken */
	}
	if (rc == SG_OK) {
		im->hdr = joined;
		im->nhdr = joined ? ncol : 0;
		im->header_row = nrows ? best + 1 + bestjoin : 0;
		if (best > 0)
			rc = sg_import__issue(
				im, sg_import__rownum(im, best + 1), "", "",
				"skipped", SG_R_ROWS_ABOVE_HEADER,
				(long long)sg_import__rownum(im, best + 1) - 1);
	}
	free_rows(rows, nrows, ncol);
	return rc;
}

static void free_header(sg_importer *im)
{
	for (int i = 0; i < im->nhdr; i++)
		free(im->hdr[i]);
	free(im->hdr);
	im->hdr = NULL;
	im->nhdr = 0;
	im->header_row = 0;
	im->in_footer = 0;
}

/* The header of column i, as in the file. */
static const char *column_name(const sg_importer *im, int i)
{
	if (im->raw)
		return i < im->nhdr ? im->hdr[i] : "";
	return OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(im->defn, i));
}

/* The file's column whose header is `name` exactly or once folded. */
static int find_column(const sg_importer *im, const char *name)
{
	char a[256], b[256];
	int n = OGR_FD_GetFieldCount(im->defn);

	for (int i = 0; i < n; i++)
		if (strcmp(column_name(im, i), name) == 0)
			return i;
	sg_text__fold(name, a, sizeof(a));
	for (int i = 0; *a && i < n; i++) {
		sg_text__fold(column_name(im, i), b, sizeof(b));
		if (strcmp(a, b) == 0)
			return i;
	}
	return -1;
}

static int map_item(sg_ctx *ctx, const sg_ini_item *it, void *payload)
{
	sg_importer *im = payload;
	sg_field f;
	int col;

	if (!it->key)
		return SG_OK; /* [section] lines are ignored */
	f = sg_field__by_name(it->key);
	if (f == SG_F_NONE)
		return sg_error__set(ctx, SG_EINVALID,
				     "import: %s:%d: unknown "
				     "field '%s'",
				     it->file, it->line, it->key);
	col = find_column(im, it->value);
	if (col < 0)
		return sg_error__set(ctx, SG_EINVALID,
				     "import: %s:%d: no "
				     "column '%s' in %s",
				     it->file, it->line, it->value, im->base);
	/* The mapping wins over an automatic match elsewhere. */
	for (int k = 0; k < SG_F__COUNT; k++)
		if (im->col[k] == col)
			im->col[k] = -1;
	im->col[f] = col;
	return SG_OK;
}

/* Apply a mapping file: "field = Column name" per line, in util/'s one
 * INI syntax (a BOM, as Notepad saves, is dropped; a directory, a NUL
 * byte or a field given twice are refused). */
static int apply_map(sg_importer *im)
{
	const char *mp = im->opts->map_path;
	char *text;
	int rc;

	rc = sg_file__read_config(im->ctx, "import: mapping file", mp, 1 << 20,
				  &text);
	if (rc != SG_OK)
		return rc;
	rc = sg_ini__parse(im->ctx, "import", mp, text, SG_INI_SECTIONS,
			   map_item, im);
	free(text);
	return rc;
}

/*
 * Unit lists as the statistics office publishes them carry a code and a
 * name column for each level (Mã tỉnh, Tên tỉnh, Mã huyện, Tên huyện, Mã
 * xã, Tên xã; or Prov_ID, Dist_ID, Com_ID ...).  The unit's own code and
 * name are those of its kind's level (--kind, else the finest level
 * present) and its parent is the level above.
 */
static const struct {
	const char *text;
	int level; /* 0 ward, 1 district, 2 city */
	int name;
} level_cols[] = {
	{ "ma xa", 0, 0 },	   { "ma phuong", 0, 0 },
	{ "ma phuong xa", 0, 0 },  { "ma xa phuong", 0, 0 },
	{ "ma px", 0, 0 },	   { "com id", 0, 0 },
	{ "ward id", 0, 0 },	   { "ward code", 0, 0 },
	{ "commune code", 0, 0 },  { "ten xa", 0, 1 },
	{ "ten phuong", 0, 1 },	   { "ten phuong xa", 0, 1 },
	{ "ten xa phuong", 0, 1 }, { "com name", 0, 1 },
	{ "ward name", 0, 1 },	   { "commune name", 0, 1 },
	{ "ma huyen", 1, 0 },	   { "ma quan", 1, 0 },
	{ "ma quan huyen", 1, 0 }, { "ma qh", 1, 0 },
	{ "dist id", 1, 0 },	   { "district id", 1, 0 },
	{ "district code", 1, 0 }, { "ten huyen", 1, 1 },
	{ "ten quan", 1, 1 },	   { "ten quan huyen", 1, 1 },
	{ "dist name", 1, 1 },	   { "district name", 1, 1 },
	{ "ma tinh", 2, 0 },	   { "ma tinh thanh pho", 2, 0 },
	{ "ma ttp", 2, 0 },	   { "prov id", 2, 0 },
	{ "province id", 2, 0 },   { "province code", 2, 0 },
	{ "ten tinh", 2, 1 },	   { "ten tinh thanh pho", 2, 1 },
	{ "prov name", 2, 1 },	   { "province name", 2, 1 },
};

/* Whether a header is one level's code or name column of a unit list
 * (Mã tỉnh, Tên huyện, Com_ID ...): unit_levels sorts them out. */
static int level_column(const char *header)
{
	char h[256];

	sg_text__fold(header, h, sizeof(h));
	for (size_t k = 0; k < sizeof(level_cols) / sizeof(*level_cols); k++)
		if (strcmp(h, level_cols[k].text) == 0)
			return 1;
	return 0;
}

static void unit_levels(sg_importer *im)
{
	static const char *const kinds[] = { "ward", "district", "city" };
	int code[3] = { -1, -1, -1 }, name[3] = { -1, -1, -1 };
	int n = OGR_FD_GetFieldCount(im->defn), levels = 0, lv = -1;
	char h[256];

	for (int i = 0; i < n; i++) {
		sg_text__fold(column_name(im, i), h, sizeof(h));
		for (size_t k = 0; k < sizeof(level_cols) / sizeof(*level_cols);
		     k++) {
			int *slot = level_cols[k].name
					    ? &name[level_cols[k].level]
					    : &code[level_cols[k].level];

			if (strcmp(h, level_cols[k].text) == 0 && *slot < 0)
				*slot = i;
		}
	}
	for (int l = 0; l < 3; l++)
		levels += code[l] >= 0;
	/* One ward code column: the ordinary aliases already fit. */
	if (levels == 0 || (levels == 1 && code[0] >= 0))
		return;
	if (im->opts->unit_kind) {
		char k[64];

		sg_text__fold(im->opts->unit_kind, k, sizeof(k));
		lv = strcmp(k, "district") == 0 || strcmp(k, "huyen") == 0 ||
				     strcmp(k, "quan") == 0
			     ? 1
		     : strcmp(k, "city") == 0 || strcmp(k, "tinh") == 0 ||
				     strcmp(k, "province") == 0
			     ? 2
			     : 0;
	} else {
		for (lv = 0; lv < 3 && code[lv] < 0; lv++)
			;
		if (im->col[SG_F_UNIT_KIND] < 0)
			im->auto_kind = kinds[lv];
	}
	if (code[lv] < 0)
		return; /* the kind's level is missing: "no column" says so */
	im->col[SG_F_CODE] = code[lv];
	if (name[lv] >= 0)
		im->col[SG_F_NAME] = name[lv];
	else if (im->col[SG_F_NAME] >= 0)
		for (int l = 0; l < 3; l++)
			if (im->col[SG_F_NAME] == name[l])
				im->col[SG_F_NAME] = -1;
	im->col[SG_F_PARENT_CODE] = -1;
	for (int l = lv + 1; l < 3 && im->col[SG_F_PARENT_CODE] < 0; l++)
		im->col[SG_F_PARENT_CODE] = code[l];
}

static int map_columns(sg_importer *im)
{
	int n = OGR_FD_GetFieldCount(im->defn);

	for (int k = 0; k < SG_F__COUNT; k++)
		im->col[k] = -1;
	for (int i = 0; i < n; i++) {
		const char *h = column_name(im, i);
		sg_field f = sg_field__match((sg_import_kind_int)im->kind, h);

		if (f == SG_F_NONE)
			continue;
		if (im->col[f] >= 0) {
			if (im->kind == SG_IMPORT_UNITS && level_column(h) &&
			    level_column(sg_import__header(im, f)))
				continue; /* unit_levels picks by level */
			sg_ctx__warn(im->ctx,
				     "%s: columns '%s' and '%s' both "
				     "mean %s; using the first",
				     im->base, sg_import__header(im, f), h,
				     sg_field__name(f));
			continue;
		}
		im->col[f] = i;
	}
	if (im->kind == SG_IMPORT_UNITS)
		unit_levels(im);
	if (im->opts->map_path)
		return apply_map(im);
	return SG_OK;
}

/* Fail unless each of the listed fields has a column; the message
 * lists the columns seen (or says there are no rows). */
static int require(sg_importer *im, const sg_field *fields, size_t n)
{
	char seen[1024] = "", hint[256] = "";
	int ncol = OGR_FD_GetFieldCount(im->defn);

	/* An 8-bit encoding guessed wrong garbles the headers. */
	if (!im->opts->encoding && im->encoding &&
	    (strcmp(im->encoding, "WINDOWS-1258") == 0 ||
	     strcmp(im->encoding, "TCVN3") == 0 ||
	     strcmp(im->encoding, "VNI") == 0))
		snprintf(hint, sizeof(hint),
			 sg__tr(" (the file was read as %s; if its text "
				"looks garbled, name its encoding: "
				"WINDOWS-1258, TCVN3 or VNI)"),
			 im->encoding);
	for (size_t k = 0; k < n; k++) {
		if (im->col[fields[k]] >= 0)
			continue;
		if ((im->raw && im->nhdr == 0) ||
		    OGR_L_GetFeatureCount(im->layer, 1) == 0)
			return sg_error__set(im->ctx, SG_EINVALID,
					     "import: %s%s%s: no rows (0 "
					     "features): nothing to import",
					     im->base,
					     im->sheet ? sg__tr(" sheet ") : "",
					     im->sheet ? im->sheet : "");
		for (int i = 0; i < ncol; i++) {
			size_t len = strlen(seen);

			if (*column_name(im, i) && len + 8 < sizeof(seen))
				snprintf(seen + len, sizeof(seen) - len,
					 "%s'%s'", len ? ", " : "",
					 column_name(im, i));
		}
		return sg_error__set(im->ctx, SG_EINVALID,
				     "import: %s%s%s: no column for '%s' "
				     "(name it in a column mapping); columns "
				     "seen%s: %s%s",
				     im->base,
				     im->sheet ? sg__tr(" sheet ") : "",
				     im->sheet ? im->sheet : "",
				     sg_field__name(fields[k]),
				     im->raw ? sg__tr(" in the header row")
					     : "",
				     *seen ? seen : sg__tr("none"), hint);
	}
	return SG_OK;
}

/* Decide how locations are given and build the transform to 4326. */
static int setup_coords(sg_importer *im)
{
	OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(im->layer);
	const char *crs = im->opts->crs;
	char *wkt = NULL;
	int rc;

	if (OGR_L_GetGeomType(im->layer) != wkbNone)
		im->coords = SG_COORD_GEOMETRY;
	else if (im->col[SG_F_LON] >= 0 && im->col[SG_F_LAT] >= 0)
		im->coords = SG_COORD_LONLAT;
	else if (im->col[SG_F_X] >= 0 && im->col[SG_F_Y] >= 0)
		im->coords = SG_COORD_XY;
	else
		im->coords = SG_COORD_NONE;
	if (im->kind == SG_IMPORT_POPULATION)
		return SG_OK;
	if (im->coords == SG_COORD_NONE)
		return sg_error__set(im->ctx, SG_EINVALID,
				     "import: %s: no geometry and no "
				     "coordinate columns (Kinh độ/Vĩ độ, "
				     "lon/lat or x/y)",
				     im->base);
	if (im->kind == SG_IMPORT_UNITS && im->coords != SG_COORD_GEOMETRY)
		return sg_error__set(im->ctx, SG_EINVALID,
				     "import: %s: units need polygons (a GIS "
				     "file: GeoJSON, GeoPackage, Shapefile)",
				     im->base);
	if (!crs && im->coords == SG_COORD_GEOMETRY && srs) {
		const char *opts[] = { "FORMAT=WKT2_2019", NULL };

		if (OSRExportToWktEx(srs, &wkt, opts) != OGRERR_NONE)
			return sg_error__set(im->ctx, SG_EGDAL,
					     "import: %s: cannot read its CRS",
					     im->base);
		crs = wkt;
	}
	if (!crs && im->coords == SG_COORD_XY)
		return sg_error__set(im->ctx, SG_EINVALID,
				     "import: %s: x/y columns need a CRS: "
				     "name it (e.g. EPSG:32648, or a "
				     "VN-2000 PROJ string)",
				     im->base);
	if (!crs)
		return SG_OK; /* lon/lat or geometry in EPSG:4326 */
	rc = sg_crs__new(im->ctx, &im->tx, crs, NULL, im->base);
	CPLFree(wkt);
	return rc;
}

/*---- Provenance, issues and rejects ------------------------------------*/

/* "crc32:xxxxxxxx size:N" of a file, or "" for non-files. */
static void checksum(const char *path, char *out, size_t n)
{
	unsigned char buf[65536];
	uLong crc = crc32(0L, Z_NULL, 0);
	long long size = 0;
	size_t got;
	FILE *fp = fopen(path, "rb");

	out[0] = '\0';
	if (!fp)
		return;
	while ((got = fread(buf, 1, sizeof(buf), fp)) > 0) {
		crc = crc32(crc, buf, (uInt)got);
		size += (long long)got;
	}
	fclose(fp);
	snprintf(out, n, "crc32:%08lx size:%lld", (unsigned long)crc, size);
}

static const char *nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

static int start_run(sg_importer *im)
{
	char cmd[64], sum[64];

	snprintf(cmd, sizeof(cmd), "import %s", kind_names[im->kind]);
	sum[0] = '\0';
	if (!im->pg)
		checksum(im->path, sum, sizeof(sum));
	const sg_run_kv params[] = {
		SG_RUN_TEXT("file", im->source),
		SG_RUN_TEXT("year", nonempty(im->opts->year)),
		SG_RUN_TEXT("crs", nonempty(im->opts->crs)),
		SG_RUN_TEXT("map", nonempty(im->opts->map_path)),
		SG_RUN_TEXT("layer", nonempty(im->opts->layer)),
		SG_RUN_TEXT("kind", nonempty(im->opts->unit_kind)),
		SG_RUN_TEXT("population_field",
			    nonempty(im->opts->population_field)),
	};
	const sg_run_kv inputs[] = { SG_RUN_TEXT(im->source, sum) };
	const sg_run run = { cmd, params, sizeof(params) / sizeof(*params),
			     inputs, 1 };

	return sg_run__begin(im->ctx, "import", &run, &im->run_id);
}

static int finish_run(sg_importer *im)
{
	const sg_import_summary *s = im->sum;
	const sg_run_kv kv[] = {
		SG_RUN_INT("rows", s->rows),
		SG_RUN_INT("inserted", s->inserted),
		SG_RUN_INT("updated", s->updated),
		SG_RUN_INT("unchanged", s->unchanged),
		SG_RUN_INT("rejected", s->rejected),
		SG_RUN_INT("flagged", s->flagged),
		SG_RUN_INT("repaired", s->repaired),
	};

	return sg_run__finish(im->ctx, "import", im->run_id, kv,
			      sizeof(kv) / sizeof(*kv));
}

static int store_issues(sg_importer *im)
{
	sqlite3_stmt *st;
	int rc;

	rc = sg_db__prepare(im->ctx, "import",
			    "INSERT INTO import_issues (run_id, file, row, "
			    "field, value, reason, action, code, args, lon, "
			    "lat) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			    &st);
	for (size_t i = 0; rc == SG_OK && i < im->nissues; i++) {
		const sg_issue *is = &im->issues[i];

		/* Notes (skipped rows) go to the rejects CSV only. */
		if (strcmp(is->action, "skipped") == 0 ||
		    strcmp(is->action, "note") == 0)
			continue;
		sqlite3_bind_int64(st, 1, im->run_id);
		sqlite3_bind_text(st, 2, im->source, -1, SQLITE_STATIC);
		if (is->row > 0)
			sqlite3_bind_int64(st, 3, is->row);
		else
			sqlite3_bind_null(st, 3);
		sqlite3_bind_text(st, 4, is->field, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, is->value, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, is->reason, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, is->action, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, is->code, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 9, is->args, -1, SQLITE_STATIC);
		if (is->has_point) {
			sqlite3_bind_double(st, 10, is->lon);
			sqlite3_bind_double(st, 11, is->lat);
		} else {
			sqlite3_bind_null(st, 10);
			sqlite3_bind_null(st, 11);
		}
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = sg_db__fail(im->ctx, "import");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

/*
 * Beside the input, named from its whole file name: schools.csv and
 * schools.xlsx in one folder get schools.csv.rejects.csv and
 * schools.xlsx.rejects.csv.  A PostgreSQL table has no folder: its
 * rejects go to the current directory as <table>.rejects.csv.
 */
static void default_rejects_path(const sg_importer *im, char *out, size_t n)
{
	size_t len = strlen(im->path);

	if (im->pg) {
		snprintf(out, n, "%s.rejects.csv", OGR_L_GetName(im->layer));
		for (char *p = out; *p; p++)
			if (*p == '/')
				*p = '_';
		return;
	}
	while (len > 1 && im->path[len - 1] == '/')
		len--; /* a Shapefile folder */
	snprintf(out, n, "%.*s.rejects.csv", (int)len, im->path);
}

/* Write the rejects CSV atomically (temp file + rename). */
static int write_rejects(sg_importer *im)
{
	char def[4200], row[32];
	const char *out = im->opts->rejects_path;
	sg_sb b = { 0 };
	int rc;

	if (!out) {
		default_rejects_path(im, def, sizeof(def));
		out = def;
	}
	if (im->nissues == 0) {
		/* A stale report of an earlier import would mislead. */
		if (!im->opts->rejects_path)
			unlink(out);
		im->sum->rejects_path = "";
		return SG_OK;
	}
	if (!(im->sum->rejects_path = sg_ctx__keep(im->ctx, out))) {
		im->sum->rejects_path = "";
		return sg_error__oom(im->ctx, "import");
	}
	sg_sb__puts(&b, "file,row,field,value,reason,action\n");
	for (size_t i = 0; i < im->nissues; i++) {
		const sg_issue *is = &im->issues[i];

		snprintf(row, sizeof(row), "%lld", (long long)is->row);
		sg_sb__csv_field(&b, im->base, 0);
		sg_sb__csv_field(&b, is->row > 0 ? row : "", 0);
		sg_sb__csv_field(&b, is->field, 0);
		sg_sb__csv_field(&b, is->value, 0);
		sg_sb__csv_field(&b, is->reason_tr, 0);
		sg_sb__csv_field(&b, is->action, 1);
	}
	if (b.oom) {
		sg_sb__free(&b);
		return sg_error__oom(im->ctx, "import");
	}
	rc = sg_file__write_atomic(im->ctx, out, b.s, b.len, "import");
	sg_sb__free(&b);
	return rc;
}

static void free_issues(sg_importer *im)
{
	for (size_t i = 0; i < im->nissues; i++) {
		free(im->issues[i].field);
		free(im->issues[i].value);
		free(im->issues[i].reason);
		free(im->issues[i].reason_tr);
		free(im->issues[i].args);
	}
	free(im->issues);
	for (int k = 0; k < SG_F__COUNT; k++)
		free(im->text[k]);
	free_header(im);
}

/*---- The import -------------------------------------------------------*/

int sg_import_year_check(sg_import_kind kind, const char *year, char *out,
			 size_t n)
{
	char buf[32];
	int y, used = 0;

	if (!out) {
		out = buf;
		n = sizeof(buf);
	}
	if (!year)
		return -1;
	if (sg_import__school_year(year, out, n) == 0)
		return 0;
	if ((kind == SG_IMPORT_UNITS || kind == SG_IMPORT_POPULATION) &&
	    sscanf(year, " %4d %n", &y, &used) == 1 && year[used] == '\0' &&
	    y >= 1900 && y <= 2200) {
		snprintf(out, n, "%d", y);
		return 0;
	}
	return -1;
}

/*
 * Surveyors write VN-2000 tables with X the northing and Y the easting
 * (X ≈ 1,208,000, Y ≈ 583,000), the other way round from GIS.  When no
 * sampled point falls in the store's units as read, and (nearly) all do
 * with X and Y swapped, the columns are read swapped, with a warning.
 */
static int detect_swap(sg_importer *im)
{
	double box[4], x, y, sx, sy;
	int as_is = 0, swapped = 0, seen = 0;
	int64_t seq = 0;
	sqlite3_stmt *st;
	OGRFeatureH f;
	int rc;

	im->swap_xy = 0;
	rc = sg_db__prepare(im->ctx, "import",
			    "SELECT min(MbrMinX(geom)), "
			    "min(MbrMinY(geom)), max(MbrMaxX(geom)), "
			    "max(MbrMaxY(geom)) FROM units",
			    &st);
	if (rc != SG_OK)
		return rc;
	rc = sqlite3_step(st) == SQLITE_ROW &&
	     sqlite3_column_type(st, 0) != SQLITE_NULL;
	for (int i = 0; i < 4; i++)
		box[i] = sqlite3_column_double(st, i);
	sqlite3_finalize(st);
	if (!rc)
		return SG_OK; /* no units: no study area to compare with */
	OGR_L_ResetReading(im->layer);
	while (seen < 200 && (f = OGR_L_GetNextFeature(im->layer))) {
		++seq;
		if ((!im->raw || seq > im->header_row) &&
		    sg_text__parse_real(sg_import__text(im, f, SG_F_X), &x) ==
			    SG_PARSE_OK &&
		    sg_text__parse_real(sg_import__text(im, f, SG_F_Y), &y) ==
			    SG_PARSE_OK) {
			sx = y;
			sy = x;
			seen++;
			if (sg_crs__point(im->tx, &x, &y) == 0 && x >= box[0] &&
			    x <= box[2] && y >= box[1] && y <= box[3])
				as_is++;
			if (sg_crs__point(im->tx, &sx, &sy) == 0 &&
			    sx >= box[0] && sx <= box[2] && sy >= box[1] &&
			    sy <= box[3])
				swapped++;
		}
		OGR_F_Destroy(f);
	}
	OGR_L_ResetReading(im->layer);
	if (seen > 0 && as_is == 0 && swapped * 10 >= seen * 9) {
		im->swap_xy = 1;
		sg_ctx__warn(im->ctx,
			     "%s: X/Y read as northing/easting (the "
			     "surveyors' order): as written no point lies in "
			     "the study area, swapped %d of %d do",
			     im->base, swapped, seen);
		return sg_import__issue(im, 0, sg_import__header(im, SG_F_X),
					"", "note", SG_R_XY_SWAPPED, swapped,
					seen);
	}
	return SG_OK;
}

/* Map the columns of the current layer, check the required ones and set
 * up coordinates.  *no_header is set when the layer has no usable
 * header (a sheet that is not a table of this kind). */
/* Units are areas: a list of codes and names alone is refused. */
static int no_polygons(sg_importer *im)
{
	return sg_error__set(im->ctx, SG_EINVALID,
			     "import: %s: no polygons: a unit list of codes "
			     "and names alone is not imported, because "
			     "schools, catchments, coverage and maps are "
			     "placed by the units' polygons; import the units"
			     " from a GIS file with their polygons (GeoJSON, "
			     "GeoPackage, Shapefile, or a CSV with a WKT "
			     "column); a list without polygons (the "
			     "statistics office's JSON list) goes in as the "
			     "list of an administrative set",
			     im->base);
}

static int prepare_layer(sg_importer *im, int *no_header)
{
	static const sg_field units_req[] = { SG_F_CODE };
	static const sg_field schools_req[] = { SG_F_CODE, SG_F_LEVELS };
	static const sg_field pop_req[] = { SG_F_CODE, SG_F_COUNT };
	static const sg_field appl_req[] = { SG_F_CODE, SG_F_GRADE };
	sg_import_kind kind = im->kind;
	int rc = SG_OK;

	*no_header = 0;
	im->auto_kind = NULL;
	free_header(im);
	sg_crs__free(im->tx);
	im->tx = NULL;
	if (kind == SG_IMPORT_UNITS && OGR_L_GetGeomType(im->layer) == wkbNone)
		return no_polygons(im);
	if (im->raw)
		rc = find_header(im);
	if (rc == SG_OK)
		rc = map_columns(im);
	if (rc == SG_OK) {
		rc = kind == SG_IMPORT_UNITS	 ? require(im, units_req, 1)
		     : kind == SG_IMPORT_SCHOOLS ? require(im, schools_req, 2)
		     : kind == SG_IMPORT_APPLICANTS ? require(im, appl_req, 2)
						    : require(im, pop_req, 2);
		*no_header = rc != SG_OK;
	}
	if (rc == SG_OK)
		rc = setup_coords(im);
	if (rc == SG_OK && im->coords == SG_COORD_XY &&
	    (kind == SG_IMPORT_SCHOOLS || kind == SG_IMPORT_APPLICANTS))
		rc = detect_swap(im);
	return rc;
}

static int run_kind(sg_importer *im)
{
	int rc;

	im->placed[0] = im->placed[1] = 0;
	rc = im->kind == SG_IMPORT_UNITS	? sg_import__units(im)
	     : im->kind == SG_IMPORT_SCHOOLS	? sg_import__schools(im)
	     : im->kind == SG_IMPORT_APPLICANTS ? sg_import__applicants(im)
						: sg_import__population(im);
	/* Not one point in the study area: a wrong CRS or swapped
	 * columns, never a file to import as it is. */
	if (rc == SG_OK && im->placed[0] > 0 && im->placed[1] == 0)
		rc = sg_error__set(im->ctx, SG_EINVALID,
				   "import: %s: every point (%lld) lies "
				   "outside the study area (the units of the "
				   "store): a wrong CRS, or X/Y or "
				   "longitude/latitude swapped?",
				   im->base, (long long)im->placed[0]);
	return rc;
}

/*
 * Import every layer to read: the one chosen, or each sheet of a
 * workbook whose header is a table of the kind (the others are skipped
 * with a note; none at all is an error).
 */
static int import_layers(sg_importer *im)
{
	/* Whole sentences: the kind is a word of the sentence. */
	static const char *const no_sheet[] = {
		/* xgettext:c-format */
		SG_N_("import: %s: no sheet holds a table of units (name the "
		      "sheet, the header row or a column mapping)"),
		/* xgettext:c-format */
		SG_N_("import: %s: no sheet holds a table of schools (name the "
		      "sheet, the header row or a column mapping)"),
		/* xgettext:c-format */
		SG_N_("import: %s: no sheet holds a table of population "
		      "figures (name the sheet, the header row or a column "
		      "mapping)"),
		/* xgettext:c-format */
		SG_N_("import: %s: no sheet holds a table of applicants (name "
		      "the sheet, the header row or a column mapping)"),
	};
	int n = GDALDatasetGetLayerCount(im->ds), done = 0, no_header, rc;
	int each = im->raw && !im->opts->layer && n > 1;

	if (!each) {
		use_layer(im, im->layer);
		rc = prepare_layer(im, &no_header);
		return rc == SG_OK ? run_kind(im) : rc;
	}
	for (int i = 0; i < n; i++) {
		OGRLayerH l = GDALDatasetGetLayer(im->ds, i);

		use_layer(im, l);
		im->sheet = OGR_L_GetName(l);
		rc = prepare_layer(im, &no_header);
		if (rc != SG_OK && no_header) {
			char why[512];

			const char *msg = sg_ctx_errmsg(im->ctx);
			char pre[300];

			/* The reason without "import: book.xlsx sheet S: " */
			snprintf(pre, sizeof(pre), "import: %s%s%s: ", im->base,
				 sg__tr(" sheet "), im->sheet);
			if (strncmp(msg, pre, strlen(pre)) == 0)
				msg += strlen(pre);
			snprintf(why, sizeof(why), "%s", msg);
			sg_error__clear(im->ctx);
			im->sheet = NULL;
			rc = sg_import__issue(im, 0, OGR_L_GetName(l), "",
					      "skipped", SG_R_SHEET_SKIPPED,
					      why);
			if (rc != SG_OK)
				return rc;
			continue;
		}
		if (rc == SG_OK)
			rc = run_kind(im);
		if (rc != SG_OK)
			return rc;
		done++;
	}
	im->sheet = NULL;
	if (done == 0)
		return sg_error__set(im->ctx, SG_EINVALID, no_sheet[im->kind],
				     im->base);
	return SG_OK;
}

int sg_import(sg_ctx *ctx, sg_import_kind kind, const char *path,
	      const sg_import_options *opts, sg_import_summary *summary)
{
	static const sg_import_options defaults = SG_IMPORT_OPTIONS_INIT;
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_import_summary local;
	sg_importer im;
	int rc;

	sg_error__clear(ctx);
	if (!summary)
		summary = &local;
	memset(summary, 0, sizeof(*summary));
	summary->version = SG_IMPORT_SUMMARY_VERSION;
	summary->rejects_path = "";
	if ((rc = sg_db__need(ctx)) != SG_OK)
		return rc;
	if (!opts)
		opts = &defaults;
	if (opts->version == 1) /* before encoding and header_row */
		memcpy(&o, opts, offsetof(sg_import_options, encoding));
	else if (opts->version == 2) /* before standards */
		memcpy(&o, opts, offsetof(sg_import_options, standards));
	else if (opts->version == SG_IMPORT_OPTIONS_VERSION)
		o = *opts;
	else
		return sg_error__set(ctx, SG_EINVALID,
				     "import: options version %u, expected "
				     "%u",
				     opts->version, SG_IMPORT_OPTIONS_VERSION);
	o.version = SG_IMPORT_OPTIONS_VERSION;
	opts = &o;
	if ((unsigned)kind > SG_IMPORT_APPLICANTS)
		return sg_error__set(ctx, SG_EINVALID,
				     "import: unknown kind %d", (int)kind);
	/* Before any row is read: a bad year would reject every row. */
	if (opts->year && sg_import_year_check(kind, opts->year, NULL, 0))
		return sg_error__set(
			ctx, SG_EINVALID,
			"import: year '%s': expected a school "
			"year such as 2023-2024%s",
			opts->year,
			kind == SG_IMPORT_UNITS || kind == SG_IMPORT_POPULATION
				? " or a census year such as 2019"
				: "");
	if (opts->header_row < 0)
		return sg_error__set(ctx, SG_EINVALID,
				     "import: header row %d: expected a row "
				     "number from 1",
				     opts->header_row);
	memset(&im, 0, sizeof(im));
	im.ctx = ctx;
	im.kind = kind;
	im.opts = opts;
	im.path = path;
	im.base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	im.sum = summary;
	im.source = path;
	im.pg = sg_pg__is_dsn(path);
	if (im.pg) {
		/* A password never reaches a message or the store. */
		sg_pg__safe_dsn(path, NULL, im.pgname, sizeof(im.pgname));
		im.source = im.base = im.pgname;
	}

	/* GDAL's messages are captured for the whole import: the library
	 * never prints. */
	sg_gdal__begin(ctx);
	rc = open_source(&im);
	if (rc == SG_OK)
		rc = sg_db__begin(ctx);
	if (rc == SG_OK) {
		rc = start_run(&im);
		if (rc == SG_OK)
			rc = import_layers(&im);
		if (rc == SG_OK)
			rc = store_issues(&im);
		if (rc == SG_OK)
			rc = finish_run(&im);
		if (rc == SG_OK)
			rc = write_rejects(&im);
		if (rc == SG_OK)
			rc = sg_db__commit(ctx);
		if (rc != SG_OK) {
			sg_db__rollback(ctx);
			if (summary->rejects_path[0] && im.nissues)
				unlink(summary->rejects_path);
		}
	}
	summary->run_id = rc == SG_OK ? im.run_id : 0;
	if (rc != SG_OK)
		summary->rejects_path = "";
	free_issues(&im);
	sg_crs__free(im.tx);
	if (im.ds)
		GDALClose(im.ds);
	if (im.config_set)
		raw_book_config(&im, 0);
	if (im.vsipath[0])
		VSIUnlink(im.vsipath);
	free(im.vsibuf);
	free(im.linemap);
	sg_gdal__end(ctx);
	return rc;
}
