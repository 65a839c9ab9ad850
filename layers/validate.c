/*
 * layers/validate.c - the data-quality checks of `schoolgis validate`.
 *
 * Each check is one SQL query over the store (spatial ones through
 * SpatiaLite's R*Tree index) returning (code, message, lon, lat, row);
 * the table below is the whole list, in report order.
 */
#include <stdlib.h>
#include <string.h>

#include "layers/layers.h"
#include "layers/units_int.h"
#include "schoolgis/validate.h"

struct sg_validation {
	sg_finding *f;
	size_t n, cap;
	char **strings;      /* owned copies the findings point into */
	size_t nstr, capstr;
};

/* A polygon's SpatiaLite index lookup for the point/geometry `g`. */
#define IN_INDEX(tbl, g)                                                  \
	"ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = '" tbl \
	"' AND f_geometry_column = 'geom' AND search_frame = " g ")"

/* Rows of an import issue: spreadsheet rows or feature numbers of a
 * file; feature ids (the primary key) of a PostgreSQL table. */
#define ROW_WORD "CASE WHEN i.file LIKE 'PG:%' THEN 'fid' ELSE 'row' END"

/* Only the issues of the last finished import of a file count: a
 * re-import replaces what the earlier ones found, also when it found
 * nothing. */
#define LAST_RUN                                                          \
	"i.run_id = (SELECT max(r.id) FROM runs r WHERE r.command LIKE "  \
	"'import %' AND r.finished_at IS NOT NULL AND "                   \
	"json_extract(r.parameters, '$.file') = i.file)"

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
	  "(SELECT 1 FROM units u WHERE u." IN_INDEX("units", "s.geom")
	  " AND ST_Intersects(u.geom, s.geom)) ORDER BY s.code" },
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
	  "imported)', " ROW_WORD ", i.row, i.field, i.value, i.reason), "
	  "NULL, NULL, "
	  "i.row FROM import_issues i WHERE i.action = 'rejected' AND "
	  LAST_RUN " ORDER BY i.id" },
	{ "unit_overlap", SG_SEVERITY_WARNING, "unit",
	  "SELECT a.code, printf('overlaps %s %s by %.2f%% of its area', "
	  "b.kind, b.code, 100.0 * ST_Area(ST_Intersection(a.geom, b.geom))"
	  " / ST_Area(a.geom)), X(PointOnSurface(ST_Intersection(a.geom, "
	  "b.geom))), Y(PointOnSurface(ST_Intersection(a.geom, b.geom))), 0"
	  " FROM units a JOIN units b ON b.kind = a.kind AND b.id > a.id AND"
	  " b.set_id = a.set_id AND"
	  " b." IN_INDEX("units", "a.geom") " WHERE ST_Overlaps(a.geom, "
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
	  "i.field, i.reason, i.value), NULL, NULL, i.row FROM import_issues"
	  " i WHERE "
	  "i.action = 'repaired' AND " LAST_RUN " ORDER BY i.id" },
	{ "import_flagged", SG_SEVERITY_WARNING, "import",
	  "SELECT i.file, printf('%s %d, %s = ''%s'': %s', " ROW_WORD ", "
	  "i.row, i.field, i.value, i.reason), NULL, NULL, i.row FROM "
	  "import_issues i WHERE "
	  /* What the checks above see in the store as it is now is not
	   * replayed: points outside the units, parents not (yet) in the
	   * store. */
	  "i.action = 'flagged' AND i.reason NOT LIKE 'point outside%' AND "
	  "i.reason NOT LIKE 'parent unit code not in the store%' AND "
	  LAST_RUN " ORDER BY i.id" },
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

	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 64;
		sg_finding *p = realloc(v->f, cap * sizeof(*p));

		if (!p)
			return -1;
		v->f = p;
		v->cap = cap;
	}
	f = &v->f[v->n];
	memset(f, 0, sizeof(*f));
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
		size_t j = i;

		for (; j > 0 && v->f[j - 1].severity < f.severity; j--)
			v->f[j] = v->f[j - 1];
		v->f[j] = f;
	}
}

/*
 * sg_code_problem(code): NULL for a good code, else what is wrong: a
 * code is text of printable UTF-8.  A number or a blob, control bytes or
 * broken UTF-8 come from a damaged import (a numeric cell read through a
 * freed buffer by versions before the fix).
 */
static void code_problem(sqlite3_context *c, int argc, sqlite3_value **v)
{
	const unsigned char *s;
	int t = sqlite3_value_type(v[0]), n;

	(void)argc;
	if (t == SQLITE_NULL)
		return;
	if (t != SQLITE_TEXT) {
		sqlite3_result_text(c, t == SQLITE_INTEGER ? "stored as an "
				    "integer, not text" : t == SQLITE_FLOAT
				    ? "stored as a real number, not text"
				    : "stored as bytes, not text", -1,
				    SQLITE_STATIC);
		return;
	}
	s = sqlite3_value_text(v[0]);
	n = sqlite3_value_bytes(v[0]);
	for (int i = 0; i < n;) {
		unsigned b = s[i];
		int len = b < 0x80 ? 1 : (b & 0xe0) == 0xc0 ? 2
			  : (b & 0xf0) == 0xe0 ? 3 : (b & 0xf8) == 0xf0 ? 4
			  : 0;

		if (b < 0x20 || b == 0x7f) {
			sqlite3_result_text(c, "holds a control byte", -1,
					    SQLITE_STATIC);
			return;
		}
		for (int k = 1; len && k < len; k++)
			if (i + k >= n || (s[i + k] & 0xc0) != 0x80)
				len = 0;
		if (!len || (len == 2 && b < 0xc2)) {
			sqlite3_result_text(c, "is not valid UTF-8 text", -1,
					    SQLITE_STATIC);
			return;
		}
		i += len;
	}
}

int sg_validate(sg_ctx *ctx, sg_validation **out)
{
	sg_validation *v;
	int rc;

	*out = NULL;
	sg_error__clear(ctx);
	if ((rc = sg_db__need(ctx)) != SG_OK)
		return rc;
	if (sqlite3_create_function(ctx->db, "sg_code_problem", 1,
				    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
				    code_problem, NULL, NULL) != SQLITE_OK)
		return sg_db__fail(ctx, "validate");
	v = calloc(1, sizeof(*v));
	if (!v)
		return sg_error__set(ctx, SG_ENOMEM, "validate: out of memory");
	/* Checks are listed by severity, so findings come out ordered. */
	for (size_t i = 0; rc == SG_OK && i < sizeof(checks) / sizeof(*checks);
	     i++) {
		sqlite3_stmt *st;
		int step;

		rc = sg_db__prepare(ctx, checks[i].check, checks[i].sql, &st);
		while (rc == SG_OK && (step = sqlite3_step(st)) == SQLITE_ROW)
			if (add(v, i, st) != 0)
				rc = sg_error__set(ctx, SG_ENOMEM,
						   "validate: out of memory");
		if (rc == SG_OK && step != SQLITE_DONE)
			rc = sg_db__fail(ctx, checks[i].check);
		sqlite3_finalize(st);
		if (rc == SG_OK)
			rc = sg_ctx__progress(ctx, "validate", i + 1,
					      sizeof(checks) /
						      sizeof(*checks));
	}
	if (rc == SG_OK)
		rc = sg_units__validate(ctx, v);  /* sets: layers/units.c */
	if (rc == SG_OK)
		order_by_severity(v);
	if (rc != SG_OK) {
		sg_validation_free(v);
		return rc;
	}
	*out = v;
	return SG_OK;
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

const char *sg_severity_name(sg_severity s)
{
	return s == SG_SEVERITY_ERROR     ? "error"
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
	free(v);
}
