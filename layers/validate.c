/*
 * layers/validate.c - the data-quality checks of `schoolgis validate`.
 *
 * Each check is one SQL query over the store (spatial ones through
 * SpatiaLite's R*Tree index) returning (code, message, lon, lat, row);
 * the table below is the whole list, in report order.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/strmap.h"
#include "layers/layers.h"
#include "layers/reasons.h"
#include "layers/scope.h"
#include "layers/units_int.h"
#include "schoolgis/validate.h"

/* What an import finding's message is made of, to write it again in
 * another language (sg_validation_message). */
typedef struct {
	const char *rowword; /* "row" or "fid" */
	const char *field, *value, *reason, *action;
} import_detail;

struct sg_validation {
	sg_finding *f;
	import_detail *d; /* per finding; action NULL when not an import's */
	size_t n, cap;
	char **strings; /* owned copies the findings point into */
	size_t nstr, capstr;
};

/* A polygon's SpatiaLite index lookup for the point/geometry `g`. */
#define IN_INDEX(tbl, g)                                                       \
	"ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = '" tbl  \
	"' AND f_geometry_column = 'geom' AND search_frame = " g ")"

/* Rows of an import issue: spreadsheet rows or feature numbers of a
 * file; feature ids (the primary key) of a PostgreSQL table. */
#define ROW_WORD "CASE WHEN i.file LIKE 'PG:%' THEN 'fid' ELSE 'row' END"

/* Only the issues of the last finished import of a file count: a
 * re-import replaces what the earlier ones found, also when it found
 * nothing. */
#define LAST_RUN                                                               \
	"i.run_id = (SELECT max(r.id) FROM runs r WHERE r.command LIKE "       \
	"'import %' AND r.finished_at IS NOT NULL AND "                        \
	"json_extract(r.parameters, '$.file') = i.file)"

/* An import issue's reason in English: its code's sentence with its
 * values, else the text stored (stores before schema 5). */
#define REASON_EN "sg_reason_en(i.code, i.args, i.reason)"

/* What sg_validation_message needs to write an import finding again:
 * the columns after the five every check returns. */
#define IMPORT_DETAIL                                                          \
	ROW_WORD ", i.field, i.value, i.reason, i.action, i.code, i.args"

static const struct {
	const char *check;
	sg_severity severity;
	const char *subject;
	const char *sql;
} checks[] = {
	{ "code_damaged", SG_SEVERITY_ERROR, "code",
	  "SELECT hex(code), printf('%s code %s: %s (re-import the file "
	  "that holds it)', what, quote(CAST(code AS BLOB)), "
	  "sg_code_problem(code)), NULL, NULL, 0 FROM (SELECT 'unit' AS what,"
	  " code FROM units UNION ALL SELECT 'school', code FROM schools "
	  "UNION ALL SELECT 'applicant', code FROM applicants) WHERE "
	  "sg_code_problem(code) IS NOT NULL ORDER BY 1" },
	{ "unit_own_parent", SG_SEVERITY_ERROR, "unit",
	  "SELECT code, printf('%s %s is its own parent', kind, "
	  "coalesce(name, '')), X(PointOnSurface(geom)), "
	  "Y(PointOnSurface(geom)), 0 FROM units WHERE parent_id = id "
	  "ORDER BY code" },
	/* A -> B -> A (or longer): each unit of the cycle, walked at most
	 * 64 levels up. */
	{ "unit_parent_cycle", SG_SEVERITY_ERROR, "unit",
	  "WITH RECURSIVE up(start, id, depth) AS (SELECT id, parent_id, 1 "
	  "FROM units WHERE parent_id IS NOT NULL AND parent_id <> id UNION "
	  "ALL SELECT up.start, u.parent_id, up.depth + 1 FROM up JOIN units "
	  "u ON u.id = up.id WHERE up.id <> up.start AND u.parent_id IS NOT "
	  "NULL AND up.depth < 64) SELECT code, printf('%s %s: its parent "
	  "chain leads back to it (a cycle of %d units)', kind, coalesce("
	  "name, ''), (SELECT min(depth) FROM up WHERE up.start = units.id "
	  "AND up.id = units.id)), X(PointOnSurface(geom)), "
	  "Y(PointOnSurface(geom)), 0 FROM units WHERE id IN (SELECT start "
	  "FROM up WHERE id = start) ORDER BY code" },
	{ "unit_invalid_geometry", SG_SEVERITY_ERROR, "unit",
	  "SELECT code, 'invalid polygon: ' || IsValidReason(geom), "
	  "X(PointOnSurface(geom)), Y(PointOnSurface(geom)), 0 FROM units "
	  "WHERE ST_IsValid(geom) = 0 ORDER BY code" },
	{ "school_outside_units", SG_SEVERITY_ERROR, "school",
	  "SELECT s.code, 'school ' || coalesce(s.name, '') || ' lies "
	  "outside every unit of the study area', X(s.geom), Y(s.geom), 0 "
	  "FROM schools s WHERE EXISTS (SELECT 1 FROM units) AND NOT EXISTS "
	  "(SELECT 1 FROM units u WHERE u." IN_INDEX(
		  "units",
		  "s.geom") " AND ST_Intersects(u.geom, s.geom)) ORDER BY s.code" },
	{ "figures_it_teachers", SG_SEVERITY_ERROR, "school_year",
	  "SELECT s.code, printf('%s: %d IT-standard teachers but %d "
	  "teachers', y.year, y.teachers_it_standard, y.teachers), "
	  "X(s.geom), Y(s.geom), 0 FROM school_years y JOIN schools s ON "
	  "s.id = y.school_id WHERE y.teachers_it_standard > y.teachers "
	  "ORDER BY s.code, y.year" },
	{ "figures_level_students", SG_SEVERITY_ERROR, "school_year",
	  "SELECT s.code, printf('%s: %d students but %d in its levels', "
	  "y.year, y.students, coalesce(y.students_preschool, 0) + "
	  "coalesce(y.students_primary, 0) + "
	  "coalesce(y.students_lower_secondary, 0) + "
	  "coalesce(y.students_upper_secondary, 0)), X(s.geom), Y(s.geom), 0"
	  " FROM school_years y JOIN schools s ON s.id = y.school_id WHERE "
	  "coalesce(y.students_preschool, 0) + coalesce(y.students_primary, "
	  "0) + coalesce(y.students_lower_secondary, 0) + "
	  "coalesce(y.students_upper_secondary, 0) > y.students "
	  "ORDER BY s.code, y.year" },
	{ "import_rejected", SG_SEVERITY_ERROR, "import",
	  "SELECT i.file, printf('%s %d, %s = ''%s'': %s (row not "
	  "imported)', " ROW_WORD ", i.row, i.field, i.value, " REASON_EN
	  "), i.lon, i.lat, i.row, " IMPORT_DETAIL " FROM import_issues i "
	  "WHERE i.action = 'rejected' AND " LAST_RUN " ORDER BY i.id" },
	{ "unit_overlap", SG_SEVERITY_WARNING, "unit",
	  "SELECT a.code, printf('overlaps %s %s by %.2f%% of its area', "
	  "b.kind, b.code, 100.0 * ST_Area(ST_Intersection(a.geom, b.geom))"
	  " / ST_Area(a.geom)), X(PointOnSurface(ST_Intersection(a.geom, "
	  "b.geom))), Y(PointOnSurface(ST_Intersection(a.geom, b.geom))), 0"
	  " FROM units a JOIN units b ON b.kind = a.kind AND b.id > a.id AND"
	  " b.set_id = a.set_id AND"
	  " b." IN_INDEX(
		  "units",
		  "a.geom") " WHERE ST_Overlaps(a.geom, "
			    "b.geom) AND ST_Area(ST_Intersection(a.geom, b.geom)) > 1e-4 * "
			    "ST_Area(a.geom) ORDER BY a.code, b.code" },
	{ "unit_without_parent", SG_SEVERITY_WARNING, "unit",
	  "SELECT u.code, printf('%s %s is inside no %s of the store', "
	  "u.kind, coalesce(u.name, ''), CASE u.kind WHEN 'ward' THEN "
	  "'district' ELSE 'city' END), X(PointOnSurface(u.geom)), "
	  "Y(PointOnSurface(u.geom)), 0 FROM units u WHERE u.parent_id IS "
	  "NULL AND u.kind <> 'city' AND EXISTS (SELECT 1 FROM units p WHERE"
	  " p.set_id = u.set_id AND p.kind = CASE u.kind WHEN 'ward' THEN "
	  "'district' ELSE 'city' END) ORDER BY u.code" },
	{ "school_same_location", SG_SEVERITY_WARNING, "school",
	  "SELECT min(code), printf('%d schools share one location (within "
	  "about 1 m): %s', count(*), group_concat(code, ', ')), X(geom), "
	  "Y(geom), 0 FROM schools GROUP BY round(X(geom), 5), "
	  "round(Y(geom), 5) HAVING count(*) > 1 ORDER BY 1" },
	{ "school_duplicate_name", SG_SEVERITY_WARNING, "school",
	  "SELECT min(code), printf('%d schools named ''%s'' in one unit: "
	  "%s', count(*), name, group_concat(code, ', ')), X(geom), "
	  "Y(geom), 0 FROM schools WHERE name IS NOT NULL GROUP BY "
	  "lower(name), unit_id HAVING count(*) > 1 ORDER BY 1" },
	{ "school_without_figures", SG_SEVERITY_WARNING, "school",
	  "SELECT s.code, 'no figures for any school year', X(s.geom), "
	  "Y(s.geom), 0 FROM schools s WHERE NOT EXISTS (SELECT 1 FROM "
	  "school_years y WHERE y.school_id = s.id) ORDER BY s.code" },
	{ "figures_computers", SG_SEVERITY_WARNING, "school_year",
	  "SELECT s.code, printf('%s: %d computers for %d students', y.year,"
	  " coalesce(y.computers_teaching, 0) + "
	  "coalesce(y.computers_management, 0), y.students), X(s.geom), "
	  "Y(s.geom), 0 FROM school_years y JOIN schools s ON s.id = "
	  "y.school_id WHERE y.students > 0 AND "
	  "coalesce(y.computers_teaching, 0) + "
	  "coalesce(y.computers_management, 0) > y.students "
	  "ORDER BY s.code, y.year" },
	{ "figures_class_size", SG_SEVERITY_WARNING, "school_year",
	  "SELECT s.code, printf('%s: %.1f students per class (%d / %d)', "
	  "y.year, 1.0 * y.students / y.classes, y.students, y.classes), "
	  "X(s.geom), Y(s.geom), 0 FROM school_years y JOIN schools s ON "
	  "s.id = y.school_id WHERE y.classes > 0 AND (1.0 * y.students / "
	  "y.classes > 60 OR 1.0 * y.students / y.classes < 5) "
	  "ORDER BY s.code, y.year" },
	{ "figures_multilevel", SG_SEVERITY_WARNING, "school_year",
	  "SELECT s.code, printf('%s: multi-level school (%s) without "
	  "students per level', y.year, s.levels), X(s.geom), Y(s.geom), 0 "
	  "FROM school_years y JOIN schools s ON s.id = y.school_id WHERE "
	  "instr(s.levels, ',') > 0 AND y.students_preschool IS NULL AND "
	  "y.students_primary IS NULL AND y.students_lower_secondary IS NULL"
	  " AND y.students_upper_secondary IS NULL ORDER BY s.code, y.year" },
	{ "import_repaired", SG_SEVERITY_WARNING, "import",
	  "SELECT i.file, printf('%s %d, %s: %s (%s)', " ROW_WORD ", i.row, "
	  "i.field, " REASON_EN
	  ", i.value), i.lon, i.lat, i.row, " IMPORT_DETAIL
	  " FROM import_issues i WHERE "
	  "i.action = 'repaired' AND " LAST_RUN " ORDER BY i.id" },
	{ "import_flagged", SG_SEVERITY_WARNING, "import",
	  "SELECT i.file, printf('%s %d, %s = ''%s'': %s', " ROW_WORD ", "
	  "i.row, i.field, i.value, " REASON_EN
	  "), i.lon, i.lat, i.row, " IMPORT_DETAIL
	  " FROM import_issues i WHERE "
	  /* What the checks above see in the store as it is now is not
	   * replayed: points outside the units, parents not (yet) in the
	   * store. */
	  "i.action = 'flagged' AND i.reason NOT LIKE 'point outside%' AND "
	  "i.reason NOT LIKE 'parent unit code not in the store%' AND " LAST_RUN
	  " ORDER BY i.id" },
	{ "unit_without_population", SG_SEVERITY_INFO, "unit",
	  "SELECT u.code, printf('%s %s has no population figures', u.kind, "
	  "coalesce(u.name, '')), X(PointOnSurface(u.geom)), "
	  "Y(PointOnSurface(u.geom)), 0 FROM units u WHERE u.kind = 'ward' "
	  "AND NOT EXISTS (SELECT 1 FROM population p WHERE p.unit_id = "
	  "u.id) AND NOT EXISTS (SELECT 1 FROM crosswalk x WHERE "
	  "x.to_unit_id = u.id) ORDER BY u.code" },
	{ "figures_unknown_students", SG_SEVERITY_INFO, "school_year",
	  "SELECT s.code, y.year || ': number of students unknown', "
	  "X(s.geom), Y(s.geom), 0 FROM school_years y JOIN schools s ON "
	  "s.id = y.school_id WHERE y.students IS NULL "
	  "ORDER BY s.code, y.year" },
};

static char *keep(sg_validation *v, const unsigned char *s)
{
	char *c;

	if (!s)
		s = (const unsigned char *)"";
	if (v->nstr == v->capstr) {
		size_t cap = v->capstr ? v->capstr * 2 : 64;
		char **p = realloc(v->strings, cap * sizeof(*p));

		if (!p)
			return NULL;
		v->strings = p;
		v->capstr = cap;
	}
	c = strdup((const char *)s);
	if (c)
		v->strings[v->nstr++] = c;
	return c;
}

static int add(sg_validation *v, size_t check, sqlite3_stmt *st)
{
	return sg_validate__add_row(v, checks[check].check,
				    checks[check].severity,
				    checks[check].subject, st);
}

int sg_validate__add_row(sg_validation *v, const char *check,
			 sg_severity severity, const char *subject,
			 sqlite3_stmt *st)
{
	sg_finding *f;
	import_detail *d;

	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 64;
		sg_finding *p = realloc(v->f, cap * sizeof(*p));
		import_detail *q;

		if (!p)
			return -1;
		v->f = p;
		if (!(q = realloc(v->d, cap * sizeof(*q))))
			return -1;
		v->d = q;
		v->cap = cap;
	}
	f = &v->f[v->n];
	memset(f, 0, sizeof(*f));
	d = &v->d[v->n];
	memset(d, 0, sizeof(*d));
	if (sqlite3_column_count(st) >= 12) { /* IMPORT_DETAIL */
		d->rowword = keep(v, sqlite3_column_text(st, 5));
		d->field = keep(v, sqlite3_column_text(st, 6));
		d->value = keep(v, sqlite3_column_text(st, 7));
		d->reason = keep(v, sqlite3_column_text(st, 8));
		d->action = keep(v, sqlite3_column_text(st, 9));
		if (sqlite3_column_type(st, 10) != SQLITE_NULL) {
			f->reason = keep(v, sqlite3_column_text(st, 10));
			f->reason_args = keep(v, sqlite3_column_text(st, 11));
			if (!f->reason || !f->reason_args)
				return -1;
		}
		if (!d->rowword || !d->field || !d->value || !d->reason ||
		    !d->action)
			return -1;
	}
	f->check = check;
	f->severity = severity;
	f->subject = subject;
	f->code = keep(v, sqlite3_column_text(st, 0));
	f->message = keep(v, sqlite3_column_text(st, 1));
	if (!f->code || !f->message)
		return -1;
	f->has_location = sqlite3_column_type(st, 2) != SQLITE_NULL;
	f->lon = sqlite3_column_double(st, 2);
	f->lat = sqlite3_column_double(st, 3);
	f->row = sqlite3_column_int64(st, 4);
	v->n++;
	return 0;
}

/* Findings of checks kept in other files come last: put them back in
 * order by severity, keeping the order within one severity. */
static void order_by_severity(sg_validation *v)
{
	for (size_t i = 1; i < v->n; i++) {
		sg_finding f = v->f[i];
		import_detail d = v->d[i];
		size_t j = i;

		for (; j > 0 && v->f[j - 1].severity < f.severity; j--) {
			v->f[j] = v->f[j - 1];
			v->d[j] = v->d[j - 1];
		}
		v->f[j] = f;
		v->d[j] = d;
	}
}

/*
 * sg_code_problem(code): NULL for a good code, else what is wrong: a
 * code is text of printable UTF-8.  A number or a blob, control bytes or
 * broken UTF-8 come from a damaged import (a numeric cell read through a
 * freed buffer by versions before the fix).
 */
/* What is wrong with the bytes of a text code, or NULL: control bytes
 * or broken UTF-8. */
static const char *bytes_problem(const unsigned char *s, int n)
{
	for (int i = 0; i < n;) {
		unsigned b = s[i];
		int len = b < 0x80	       ? 1
			  : (b & 0xe0) == 0xc0 ? 2
			  : (b & 0xf0) == 0xe0 ? 3
			  : (b & 0xf8) == 0xf0 ? 4
					       : 0;

		if (b < 0x20 || b == 0x7f)
			return "holds a control byte";
		for (int k = 1; len && k < len; k++)
			if (i + k >= n || (s[i + k] & 0xc0) != 0x80)
				len = 0;
		if (!len || (len == 2 && b < 0xc2))
			return "is not valid UTF-8 text";
		i += len;
	}
	return NULL;
}

/*
 * Whether text s is a whole number written as a real, as a spreadsheet's
 * numeric cell read as text gives it ("79000701.0", "7.9000701E+07");
 * then its digits go into out (leading zeros as written).
 */
static int real_text(const char *s, char *out, size_t n)
{
	const char *p = s, *dot = NULL, *e = NULL;
	char *end;
	double d;

	if (*p == '-' || *p == '+')
		p++;
	if (!isdigit((unsigned char)*p))
		return 0;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '.') {
		dot = p++;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		e = p++;
		if (*p == '-' || *p == '+')
			p++;
		if (!isdigit((unsigned char)*p))
			return 0;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p || (!dot && !e))
		return 0;
	if (!e) {
		for (const char *q = dot + 1; *q; q++)
			if (*q != '0')
				return 0;
		snprintf(out, n, "%.*s", (int)(dot - s), s);
		return 1;
	}
	d = strtod(s, &end);
	if (*end || d != floor(d) || fabs(d) >= 9e15)
		return 0;
	snprintf(out, n, "%.0f", d);
	return 1;
}

static void code_problem(sqlite3_context *c, int argc, sqlite3_value **v)
{
	const char *why;
	char buf[80];
	int t = sqlite3_value_type(v[0]);

	(void)argc;
	if (t == SQLITE_NULL)
		return;
	if (t != SQLITE_TEXT) {
		sqlite3_result_text(
			c,
			t == SQLITE_INTEGER ? "stored as an "
					      "integer, not text"
			: t == SQLITE_FLOAT
				? "stored as a real number, not text"
				: "stored as bytes, not text",
			-1, SQLITE_STATIC);
		return;
	}
	why = bytes_problem(sqlite3_value_text(v[0]),
			    sqlite3_value_bytes(v[0]));
	if (!why &&
	    real_text((const char *)sqlite3_value_text(v[0]), buf, sizeof(buf)))
		why = "is a number's text with a fraction or exponent (a "
		      "numeric cell read as a real)";
	if (why)
		sqlite3_result_text(c, why, -1, SQLITE_STATIC);
}

/* sg_reason_en(code, args, reason): REASON_EN. */
static void reason_en(sqlite3_context *c, int argc, sqlite3_value **v)
{
	char buf[1024];
	const char *t;

	(void)argc;
	t = sg_reason__text((const char *)sqlite3_value_text(v[0]),
			    (const char *)sqlite3_value_text(v[1]), 0,
			    (const char *)sqlite3_value_text(v[2]), buf,
			    sizeof(buf));
	sqlite3_result_text(c, t, -1, SQLITE_TRANSIENT);
}

static int register_code_problem(sg_ctx *ctx, const char *what)
{
	if (sqlite3_create_function(ctx->db, "sg_code_problem", 1,
				    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
				    code_problem, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(ctx->db, "sg_reason_en", 3,
				    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
				    reason_en, NULL, NULL) != SQLITE_OK)
		return sg_db__fail(ctx, what);
	return SG_OK;
}

/*
 * The text a damaged code stands for, into buf, or NULL when it has
 * none: an integer's digits, a whole real's digits (79000701, not
 * 79000701.0, also from such text), another real's shortest form, bytes
 * that are printable UTF-8 as they are.  Text with control bytes or broken UTF-8 (what the
 * buffer bug stored) cannot be read back.
 */
static const char *repaired_text(sqlite3_stmt *st, int col, char *buf, size_t n)
{
	const unsigned char *b;
	double d;
	int len;

	switch (sqlite3_column_type(st, col)) {
	case SQLITE_INTEGER:
		snprintf(buf, n, "%lld",
			 (long long)sqlite3_column_int64(st, col));
		return buf;
	case SQLITE_FLOAT:
		d = sqlite3_column_double(st, col);
		if (!isfinite(d))
			return NULL;
		if (d == floor(d) && fabs(d) < 9e15)
			snprintf(buf, n, "%.0f", d);
		else
			snprintf(buf, n, "%.15g", d);
		return buf;
	case SQLITE_BLOB:
		b = sqlite3_column_blob(st, col);
		len = sqlite3_column_bytes(st, col);
		if (len <= 0 || (size_t)len >= n || bytes_problem(b, len) ||
		    memchr(b, '\0', (size_t)len))
			return NULL;
		memcpy(buf, b, (size_t)len);
		buf[len] = '\0';
		return buf;
	case SQLITE_TEXT:
		return real_text((const char *)sqlite3_column_text(st, col),
				 buf, n)
			       ? buf
			       : NULL;
	default: return NULL;
	}
}

/* One damaged code the repair found. */
struct bad_code {
	int64_t id;	/* -1 once repaired */
	char shown[80]; /* x'hex' of the stored bytes, or the number */
	char text[80];	/* the repaired text; "" when none */
	char why[96];
};

/* Codes named one by one at most; the rest are counted. */
#define NAMED_MAX 10

/* Collect the damaged codes of one table onto *bad. */
static int find_bad(sg_ctx *ctx, const char *table, struct bad_code **bad,
		    size_t *nbad, size_t *capbad)
{
	sqlite3_stmt *st;
	char sql[400];
	int rc, step;

	snprintf(sql, sizeof(sql),
		 "SELECT id, code, sg_code_problem(code), "
		 "CASE WHEN typeof(code) IN ('integer', 'real') THEN "
		 "CAST(code AS TEXT) WHEN sg_code_problem(code) LIKE 'is a "
		 "number%%' THEN quote(code) ELSE 'x''' || hex(code) || '''' "
		 "END FROM %s WHERE sg_code_problem(code) IS NOT NULL ORDER "
		 "BY id",
		 table);
	if ((rc = sg_db__prepare(ctx, "store", sql, &st)) != SG_OK)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct bad_code *b;

		if (*nbad == *capbad) {
			size_t cap = *capbad ? *capbad * 2 : 16;
			struct bad_code *p = realloc(*bad, cap * sizeof(*p));

			if (!p) {
				sqlite3_finalize(st);
				return sg_error__oom(ctx, "store");
			}
			*bad = p;
			*capbad = cap;
		}
		b = &(*bad)[(*nbad)++];
		b->id = sqlite3_column_int64(st, 0);
		if (!repaired_text(st, 1, b->text, sizeof(b->text)))
			b->text[0] = '\0';
		snprintf(b->why, sizeof(b->why), "%s",
			 (const char *)sqlite3_column_text(st, 2));
		snprintf(b->shown, sizeof(b->shown), "%s",
			 (const char *)sqlite3_column_text(st, 3));
	}
	if (step != SQLITE_DONE)
		rc = sg_db__fail(ctx, "store");
	sqlite3_finalize(st);
	return rc;
}

/* Store each repairable code of bad[first..nbad) as its text; name the
 * repaired ones in names.  Returns how many were repaired in *fixed. */
static int repair(sg_ctx *ctx, const char *table, const char *what,
		  struct bad_code *bad, size_t first, size_t nbad,
		  size_t *fixed, char *names, size_t nnames)
{
	sqlite3_stmt *up;
	char sql[96];
	int rc;

	*fixed = 0;
	snprintf(sql, sizeof(sql), "UPDATE %s SET code = ? WHERE id = ?",
		 table);
	if ((rc = sg_db__prepare(ctx, "store", sql, &up)) != SG_OK)
		return rc;
	for (size_t i = first; rc == SG_OK && i < nbad; i++) {
		struct bad_code *b = &bad[i];
		int step;

		if (!b->text[0])
			continue;
		sqlite3_reset(up);
		sqlite3_bind_text(up, 1, b->text, -1, SQLITE_STATIC);
		sqlite3_bind_int64(up, 2, b->id);
		step = sqlite3_step(up);
		if (step == SQLITE_DONE) {
			size_t at = strlen(names);

			if (*fixed < NAMED_MAX)
				snprintf(names + at, nnames - at, "%s%s",
					 *fixed ? ", " : "", b->text);
			(*fixed)++;
			b->id = -1;
		} else if ((step & 0xff) == SQLITE_CONSTRAINT) {
			snprintf(b->why, sizeof(b->why),
				 "its text '%.40s' "
				 "is already the code of another %s",
				 b->text, what);
		} else {
			rc = sg_db__fail(ctx, "store");
		}
	}
	sqlite3_finalize(up);
	return rc;
}

int sg_validate__repair_codes(sg_ctx *ctx)
{
	static const char *const tbl[] = { "units", "schools", "applicants" };
	static const char *const what[] = { "unit", "school", "applicant" };
	struct bad_code *bad = NULL;
	size_t nbad = 0, capbad = 0, left = 0;
	sqlite3_stmt *st;
	int rc, readonly, checked;

	if ((rc = sg_db__need(ctx)) != SG_OK)
		return rc;
	rc = sg_db__prepare(ctx, "store",
			    "SELECT 1 FROM meta WHERE key = "
			    "'codes_checked'",
			    &st);
	if (rc != SG_OK)
		return rc;
	checked = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	if (checked)
		return SG_OK;
	if ((rc = register_code_problem(ctx, "store")) != SG_OK)
		return rc;
	/* A store on a read-only medium is only checked. */
	readonly = sqlite3_db_readonly(ctx->db, "main") == 1;
	if (!readonly && (rc = sg_db__begin(ctx)) != SG_OK)
		return rc;
	for (size_t t = 0; rc == SG_OK && t < sizeof(tbl) / sizeof(*tbl); t++) {
		char names[NAMED_MAX * 84] = "";
		size_t first = nbad, fixed = 0;

		rc = find_bad(ctx, tbl[t], &bad, &nbad, &capbad);
		if (rc == SG_OK && nbad > first && !readonly)
			rc = repair(ctx, tbl[t], what[t], bad, first, nbad,
				    &fixed, names, sizeof(names));
		if (rc != SG_OK)
			break;
		if (fixed && t == 0)
			sg_ctx__warn(ctx,
				     "store: %s: unit codes stored as numbers "
				     "or bytes, now stored as their text (%zu):"
				     " %s%s",
				     ctx->db_path, fixed, names,
				     fixed > NAMED_MAX ? ", ..." : "");
		else if (fixed && t == 1)
			sg_ctx__warn(ctx,
				     "store: %s: school codes stored as "
				     "numbers or bytes, now stored as their "
				     "text (%zu): %s%s",
				     ctx->db_path, fixed, names,
				     fixed > NAMED_MAX ? ", ..." : "");
		else if (fixed)
			sg_ctx__warn(ctx,
				     "store: %s: applicant codes stored as "
				     "numbers or bytes, now stored as their "
				     "text (%zu): %s%s",
				     ctx->db_path, fixed, names,
				     fixed > NAMED_MAX ? ", ..." : "");
		for (size_t i = first; i < nbad; i++)
			if (bad[i].id >= 0 && left++ < NAMED_MAX)
				sg_ctx__warn(
					ctx,
					"store: %s: %s id %lld, code "
					"%s %s%s (re-import the file "
					"that holds it)",
					ctx->db_path, what[t],
					(long long)bad[i].id, bad[i].shown,
					bad[i].why,
					readonly && bad[i].text[0]
						? "; the store is read-only: not "
						  "repaired"
						: "");
	}
	if (rc == SG_OK && left > NAMED_MAX)
		sg_ctx__warn(ctx,
			     "store: %s: %zu more damaged codes "
			     "('schoolgis validate' lists them all)",
			     ctx->db_path, left - NAMED_MAX);
	/* Checked once; a store with codes that could not be repaired is
	 * checked again on every open until they are re-imported. */
	if (rc == SG_OK && !readonly && left == 0)
		rc = sg_db__exec(ctx, "store",
				 "INSERT OR REPLACE INTO meta "
				 "VALUES ('codes_checked', '1')");
	if (!readonly) {
		if (rc == SG_OK)
			rc = sg_db__commit(ctx);
		else
			sg_db__rollback(ctx);
	}
	free(bad);
	return rc;
}

/* Every check on the store's tables as they are (shadowed or not). */
static int run_checks(sg_ctx *ctx, sg_validation **out)
{
	sg_validation *v;
	int rc;

	if ((rc = register_code_problem(ctx, "validate")) != SG_OK)
		return rc;
	v = calloc(1, sizeof(*v));
	if (!v)
		return sg_error__oom(ctx, "validate");
	/* Checks are listed by severity, so findings come out ordered. */
	for (size_t i = 0; rc == SG_OK && i < sizeof(checks) / sizeof(*checks);
	     i++) {
		sqlite3_stmt *st;
		int step;

		rc = sg_db__prepare(ctx, checks[i].check, checks[i].sql, &st);
		while (rc == SG_OK && (step = sqlite3_step(st)) == SQLITE_ROW)
			if (add(v, i, st) != 0)
				rc = sg_error__oom(ctx, "validate");
		if (rc == SG_OK && step != SQLITE_DONE)
			rc = sg_db__fail(ctx, checks[i].check);
		sqlite3_finalize(st);
		if (rc == SG_OK)
			rc = sg_ctx__progress(ctx, "validate", i + 1,
					      sizeof(checks) / sizeof(*checks));
	}
	if (rc == SG_OK)
		rc = sg_units__validate(ctx, v); /* sets: layers/units.c */
	if (rc == SG_OK)
		order_by_severity(v);
	if (rc != SG_OK) {
		sg_validation_free(v);
		return rc;
	}
	*out = v;
	return SG_OK;
}

/* A finding of the scope: about one of its units or schools, or an
 * import finding located in its box. */
static int in_scope(const sg_scope *sc, const sg_finding *f, sg_strmap *units,
		    sg_strmap *schools)
{
	int64_t v;
	double b[4];

	if (f->subject && strcmp(f->subject, "unit") == 0)
		return f->code && sg_strmap__get(units, f->code, &v);
	if (f->subject && (strcmp(f->subject, "school") == 0 ||
			   strcmp(f->subject, "school_year") == 0))
		return f->code && sg_strmap__get(schools, f->code, &v);
	if (!f->has_location)
		return 0;
	sg_scope_bbox(sc, false, b);
	return f->lon >= b[0] && f->lon <= b[2] && f->lat >= b[1] &&
	       f->lat <= b[3];
}

int sg_validate__scope(sg_ctx *ctx, const sg_scope *sc, sg_validation **out)
{
	sg_strmap *units = NULL, *schools = NULL;
	sg_validation *v = NULL;
	size_t n = 0;
	int rc;

	*out = NULL;
	if ((rc = sg_db__need(ctx)) != SG_OK)
		return rc;
	/* The checks run on the scope's rows only (the cost follows the
	 * unit), then the findings are kept to the scope's codes. */
	if ((rc = sg_scope__shadow(ctx, "validate", sc, 1)) != SG_OK)
		return rc;
	rc = run_checks(ctx, &v);
	if (rc == SG_OK)
		rc = sg_scope__shadow(ctx, "validate", sc, 0);
	else
		sg_scope__shadow(ctx, "validate", sc, 0);
	if (rc == SG_OK && sc)
		rc = sg_scope__codes(ctx, "validate", sc, &units, &schools);
	for (size_t i = 0; rc == SG_OK && sc && i < v->n; i++)
		if (in_scope(sc, &v->f[i], units, schools)) {
			v->f[n] = v->f[i];
			v->d[n++] = v->d[i]; /* its details go with it */
		}
	if (rc == SG_OK && sc)
		v->n = n;
	sg_strmap__free(units);
	sg_strmap__free(schools);
	if (rc != SG_OK) {
		sg_validation_free(v);
		return rc;
	}
	*out = v;
	return SG_OK;
}

int sg_validate(sg_ctx *ctx, sg_validation **out)
{
	sg_error__clear(ctx);
	return sg_validate__scope(ctx, NULL, out);
}

size_t sg_validation_count(const sg_validation *v)
{
	return v ? v->n : 0;
}

size_t sg_validation_count_severity(const sg_validation *v, sg_severity s)
{
	size_t n = 0;

	for (size_t i = 0; v && i < v->n; i++)
		n += v->f[i].severity == s;
	return n;
}

const sg_finding *sg_validation_get(const sg_validation *v, size_t i)
{
	return v && i < v->n ? &v->f[i] : NULL;
}

/* A field name the importer writes itself, in Vietnamese. */
static const char *field_vi(const char *field)
{
	return strcmp(field, "geometry") == 0	   ? "hình học"
	       : strcmp(field, "coordinates") == 0 ? "tọa độ"
						   : field;
}

const char *sg_validate__message(sg_validation *v, const sg_finding *f, int vi)
{
	const import_detail *d;
	char reason[1024], msg[2048];
	const char *r;
	size_t i;

	if (!v || f < v->f || f >= v->f + v->n)
		return "";
	i = (size_t)(f - v->f);
	d = &v->d[i];
	if (!vi || !d->action)
		return f->message; /* other checks: English (#14) */
	r = sg_reason__text(f->reason, f->reason_args, 1, d->reason, reason,
			    sizeof(reason));
	if (strcmp(d->action, "repaired") == 0)
		snprintf(msg, sizeof(msg), "%s %lld, %s: %s (%s)",
			 strcmp(d->rowword, "fid") == 0 ? "fid" : "dòng",
			 (long long)f->row, field_vi(d->field), r, d->value);
	else
		snprintf(msg, sizeof(msg), "%s %lld, %s = '%s': %s%s",
			 strcmp(d->rowword, "fid") == 0 ? "fid" : "dòng",
			 (long long)f->row, field_vi(d->field), d->value, r,
			 strcmp(d->action, "rejected") == 0
				 ? " (dòng không được nhập)"
				 : "");
	r = keep(v, (const unsigned char *)msg);
	return r ? r : f->message;
}

const char *sg_validation_message(sg_validation *v, size_t i, const char *lang)
{
	int vi = lang ? strcmp(lang, "vi") == 0 : sg_reason__msg_vi();

	if (!v || i >= v->n)
		return NULL;
	return sg_validate__message(v, &v->f[i], vi);
}

const char *sg_severity_name(sg_severity s)
{
	return s == SG_SEVERITY_ERROR	  ? "error"
	       : s == SG_SEVERITY_WARNING ? "warning"
					  : "info";
}

void sg_validation_free(sg_validation *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->nstr; i++)
		free(v->strings[i]);
	free(v->strings);
	free(v->f);
	free(v->d);
	free(v);
}
