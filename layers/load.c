/*
 * layers/load.c - one loader per table (layers/load.h): schools with the
 * figures of a year, population, units, runs and results, catchments.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "engine/text.h"
#include "layers/load.h"
#include "layers/runs.h"
#include "layers/units_int.h"
#include "util/file.h"

static const char *const fig_names[SG_FIG_N] = {
	"students",
	"students_preschool",
	"students_primary",
	"students_lower_secondary",
	"students_upper_secondary",
	"classes",
	"seats_entry_grade",
	"computers_teaching",
	"computers_management",
	"printers",
	"webcams",
	"fibre",
	"bandwidth_mbps",
	"lan",
	"wifi",
	"website",
	"e_gradebook",
	"e_contact_book",
	"teachers",
	"teachers_it_standard",
};

const char *sg_load__fig_name(sg_fig f)
{
	return (int)f >= 0 && f < SG_FIG_N ? fig_names[f] : NULL;
}

sg_fig sg_load__fig_students_of(unsigned level)
{
	switch (level) {
	case SG_LEVEL_PRESCHOOL: return SG_FIG_STUDENTS_PRESCHOOL;
	case SG_LEVEL_PRIMARY: return SG_FIG_STUDENTS_PRIMARY;
	case SG_LEVEL_LOWER: return SG_FIG_STUDENTS_LOWER_SECONDARY;
	case SG_LEVEL_UPPER: return SG_FIG_STUDENTS_UPPER_SECONDARY;
	default: return SG_FIG_STUDENTS;
	}
}

/* A copy of column i (NULL for SQL NULL); *oom set when out of memory. */
static char *dup_col(sqlite3_stmt *st, int i, int *oom)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	char *p;

	if (!s) {
		if (sqlite3_column_type(st, i) != SQLITE_NULL)
			*oom = 1;
		return NULL;
	}
	p = strdup((const char *)s);
	if (!p)
		*oom = 1;
	return p;
}

static double col_real(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL
		       ? NAN
		       : sqlite3_column_double(st, i);
}

static int64_t col_id(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL
		       ? -1
		       : sqlite3_column_int64(st, i);
}

static void free_strings(char **v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* realloc *p to n elements of size; 0 or -1 (then *p unchanged). */
static int resize(void *p, size_t n, size_t size)
{
	void **pp = p;
	void *q = realloc(*pp, (n ? n : 1) * size);

	if (!q)
		return -1;
	*pp = q;
	return 0;
}

/* One column array of a list: the address of its pointer (NULL: an
 * array the list does not fill) and its element size. */
typedef struct {
	void *p;
	size_t size;
} column;

/* Room for row n in all the list's arrays (capacity *cap, doubling
 * from 64): 0, or -1 when out of memory (the rows already read kept). */
static int grow_rows(const column *c, size_t ncols, size_t *cap, size_t n)
{
	size_t want;

	if (n < *cap)
		return 0;
	want = *cap ? *cap * 2 : 64;
	for (size_t k = 0; k < ncols; k++)
		if (c[k].p && resize(c[k].p, want, c[k].size) != 0)
			return -1;
	*cap = want;
	return 0;
}

/* The end of a loader's query: st finalized; SG_OK, or the error of
 * running out of memory (oom) or of SQLite (step not SQLITE_DONE). */
static int query_end(sg_ctx *ctx, const char *what, sqlite3_stmt *st, int step,
		     int oom)
{
	int rc = oom		       ? sg_error__oom(ctx, what)
		 : step != SQLITE_DONE ? sg_db__fail(ctx, what)
				       : SG_OK;

	sqlite3_finalize(st);
	return rc;
}

/*---- Schools ------------------------------------------------------------*/

void sg_load__schools_free(sg_schools *s)
{
	if (!s)
		return;
	free(s->id);
	free_strings(s->code, s->n);
	free_strings(s->name, s->n);
	free_strings(s->levels_text, s->n);
	free(s->levels);
	free(s->unit_id);
	free_strings(s->unit_code, s->n);
	free(s->scope_unit);
	free(s->lon);
	free(s->lat);
	free(s->margin);
	free_strings(s->year, s->n);
	free(s->row);
	for (int f = 0; f < SG_FIG_N; f++)
		free(s->fig[f]);
	memset(s, 0, sizeof(*s));
}

/* SQL of the year rule: the rowid of the school's row (layers/load.h). */
#define CARRY_ROW                                                              \
	"(SELECT rowid FROM school_years WHERE school_id = s.id AND (?1 IS "   \
	"NULL OR year <= ?1) AND seats_entry_grade IS NOT NULL ORDER BY "      \
	"year DESC LIMIT 1)"

/* The unit of set S (a parameter) holding school T (load.h: set). */
#define SET_UNIT_OF(T, S)                                                      \
	"CASE WHEN (SELECT d.set_id FROM units d WHERE d.id = " T              \
	".unit_id) = " S " THEN " T ".unit_id ELSE coalesce((SELECT u.id "     \
	"FROM units u WHERE u.set_id = " S " AND NOT EXISTS (SELECT 1 FROM "   \
	"units c WHERE c.parent_id = u.id) AND u.ROWID IN (SELECT ROWID "      \
	"FROM SpatialIndex WHERE f_table_name = 'units' AND "                  \
	"f_geometry_column = 'geom' AND search_frame = " T ".geom) AND "       \
	"ST_Intersects(u.geom, " T ".geom) ORDER BY u.id LIMIT 1), "           \
	"(SELECT x.to_unit_id FROM crosswalk x JOIN units t ON t.id = "        \
	"x.to_unit_id WHERE x.from_unit_id = " T ".unit_id AND t.set_id "      \
	"= " S " ORDER BY x.share DESC, x.to_unit_id LIMIT 1)) END"

/*
 * The point of a SpatiaLite geometry blob (the "BLOB-Geometry" format of
 * SpatiaLite's manual: 0x00, byte order, SRID, MBR, 0x7C, class, the
 * coordinates, 0xFE) without the SQL function X()/Y() parsing it per
 * row: 1 with *x, *y set for a POINT (XY, XYZ, XYM or XYZM), else 0
 * (the caller asks SpatiaLite: any other form it reads).
 */
static double blob_double(const unsigned char *p, int little)
{
	unsigned char b[8];
	double v;
	const union {
		uint16_t u;
		unsigned char c[2];
	} host = { 1 };

	if ((host.c[0] == 1) == (little != 0)) {
		memcpy(&v, p, 8);
		return v;
	}
	for (int i = 0; i < 8; i++)
		b[i] = p[7 - i];
	memcpy(&v, b, 8);
	return v;
}

static int blob_point(const unsigned char *b, int n, double *x, double *y)
{
	uint32_t cls;
	int little, dims;

	if (!b || n < 60 || b[0] != 0x00 || b[38] != 0x7C || b[n - 1] != 0xFE)
		return 0;
	if (b[1] != 0x00 && b[1] != 0x01)
		return 0;
	little = b[1] == 0x01;
	cls = little ? (uint32_t)b[39] | (uint32_t)b[40] << 8 |
			       (uint32_t)b[41] << 16 | (uint32_t)b[42] << 24
		     : (uint32_t)b[42] | (uint32_t)b[41] << 8 |
			       (uint32_t)b[40] << 16 | (uint32_t)b[39] << 24;
	dims = cls == 1			    ? 2
	       : cls == 1001 || cls == 2001 ? 3
	       : cls == 3001		    ? 4
					    : 0;
	if (!dims || n != 44 + 8 * dims)
		return 0;
	*x = blob_double(b + 43, little);
	*y = blob_double(b + 51, little);
	return 1;
}

/* Order of the rows by code (BINARY collation, as ORDER BY code: the
 * codes are NOT NULL and UNIQUE), ties by row. */
static _Thread_local const char *const *sort_codes;

static int by_code(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const char *p = sort_codes[i] ? sort_codes[i] : "";
	const char *q = sort_codes[j] ? sort_codes[j] : "";
	int c = strcmp(p, q);

	return c ? c : (i > j) - (i < j);
}

/* Put rows 0..n-1 of every column in the order of code[]: 0, or -1 out
 * of memory (the rows unchanged).  Sorting here costs less than
 * SQLite's walk of the table through the code index (a random read per
 * school) or its sorter of whole rows. */
static int order_by_code(const column *c, size_t ncols, char **code, size_t n)
{
	size_t *perm, i;
	void *tmp;
	size_t big = 0;

	for (i = 1; i < n && strcmp(code[i - 1] ? code[i - 1] : "",
				    code[i] ? code[i] : "") < 0;
	     i++)
		;
	if (i >= n)
		return 0; /* already in order */
	for (size_t k = 0; k < ncols; k++)
		if (c[k].size > big)
			big = c[k].size;
	perm = malloc(n * sizeof(*perm));
	tmp = malloc(n * big);
	if (!perm || !tmp) {
		free(perm);
		free(tmp);
		return -1;
	}
	for (i = 0; i < n; i++)
		perm[i] = i;
	/* qsort has no user pointer in C11: the codes go through a
	 * thread-local (contexts may load on several threads). */
	sort_codes = (const char *const *)code;
	qsort(perm, n, sizeof(*perm), by_code);
	sort_codes = NULL;
	for (size_t k = 0; k < ncols; k++) {
		unsigned char *a;

		if (!c[k].p)
			continue;
		a = *(unsigned char **)c[k].p;
		for (i = 0; i < n; i++)
			memcpy((unsigned char *)tmp + i * c[k].size,
			       a + perm[i] * c[k].size, c[k].size);
		memcpy(a, tmp, n * c[k].size);
	}
	free(perm);
	free(tmp);
	return 0;
}

/* Column i of st as a point through SpatiaLite's X() and Y(), for a
 * blob blob_point does not read (NULL, a TinyPoint, another type: X()
 * gives NULL, so NaN): 0, or -1 when SQLite fails.  *xy is prepared on
 * first use; the caller finalizes it. */
static int point_by_sql(sg_ctx *ctx, sqlite3_stmt **xy, sqlite3_stmt *st, int i,
			double *x, double *y)
{
	int ok;

	*x = *y = NAN;
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return 0;
	if (!*xy && sqlite3_prepare_v2(ctx->db, "SELECT X(?1), Y(?1)", -1, xy,
				       NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_value(*xy, 1, sqlite3_column_value(st, i));
	ok = sqlite3_step(*xy) == SQLITE_ROW;
	if (ok) {
		*x = col_real(*xy, 0);
		*y = col_real(*xy, 1);
	}
	sqlite3_reset(*xy);
	return ok ? 0 : -1;
}

static int year_known(sg_ctx *ctx, const char *what, const char *year)
{
	sqlite3_stmt *st;
	int rc, found;

	rc = sg_db__prepare(ctx, what,
			    "SELECT count(*) FROM "
			    "school_years WHERE year = ?1",
			    &st);
	if (rc != SG_OK)
		return rc;
	sqlite3_bind_text(st, 1, year, -1, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW &&
		sqlite3_column_int64(st, 0) > 0;
	sqlite3_finalize(st);
	if (!found)
		return sg_error__set(ctx, SG_ENOTFOUND,
				     "%s: no school"
				     " figures for the year '%s'",
				     what, year);
	return SG_OK;
}

int sg_load__schools(sg_ctx *ctx, const char *what, const sg_school_query *q,
		     sg_schools *out)
{
	enum { C_FIG = 12, NCOLS = 13 + SG_FIG_N };
	sqlite3_stmt *xy = NULL;
	char sql[6144], levels[256] = "";
	const char *unit_of;
	const sg_scope *sc;
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc, step, oom = 0;
	column cols[NCOLS] = {
		{ &out->id, sizeof(*out->id) },
		{ &out->code, sizeof(*out->code) },
		{ &out->name, sizeof(*out->name) },
		{ &out->levels_text, sizeof(*out->levels_text) },
		{ &out->levels, sizeof(*out->levels) },
		{ &out->unit_id, sizeof(*out->unit_id) },
		{ &out->unit_code, sizeof(*out->unit_code) },
		{ &out->scope_unit, sizeof(*out->scope_unit) },
		{ &out->lon, sizeof(*out->lon) },
		{ &out->lat, sizeof(*out->lat) },
		{ &out->margin, sizeof(*out->margin) },
		{ &out->year, sizeof(*out->year) },
		{ &out->row, sizeof(*out->row) },
	};

	for (int f = 0; f < SG_FIG_N; f++)
		cols[13 + f] = (column){ &out->fig[f], sizeof(double) };
	memset(out, 0, sizeof(*out));
	if (!q)
		return sg_error__set(ctx, SG_EINVALID, "%s: no school query",
				     what);
	sc = q->scope;
	if ((rc = sg_db__need(ctx)) != SG_OK ||
	    (rc = sg_scope__use(ctx, what, sc)) != SG_OK)
		return rc;
	if (q->require_year && q->year &&
	    (rc = year_known(ctx, what, q->year)) != SG_OK)
		return rc;
	/* Level names are the canonical constants of engine/text.c. */
	for (unsigned bit = 1; bit <= SG_LEVEL_UPPER; bit <<= 1) {
		char name[48];
		size_t len = strlen(levels);

		if (!(q->levels & bit))
			continue;
		sg_text__levels_format(bit, name, sizeof(name));
		snprintf(levels + len, sizeof(levels) - len,
			 "%sinstr(',' || s.levels || ',', ',%s,') > 0",
			 len ? " OR " : "", name);
	}
	unit_of = sc && q->scope_units && sc->other_sets
			  ? SG_UNITS__SCOPE_UNIT_OF("s")
		  : !sc && q->set > 0 ? SET_UNIT_OF("s", "?2")
				      : "s.unit_id";
	{
		size_t len;

		len = (size_t)snprintf(
			sql, sizeof(sql),
			"SELECT s.id, s.code, s.name, s.levels, s.unit_id, "
			"u.code, %s, s.geom, NULL, %s, y.year, "
			"y.rowid",
			unit_of, sc ? "s.id NOT IN " SG_SCOPE_SCHOOLS : "0");
		for (int f = 0; f < SG_FIG_N; f++)
			len += (size_t)snprintf(sql + len, sizeof(sql) - len,
						", y.%s", fig_names[f]);
		snprintf(sql + len, sizeof(sql) - len,
			 " FROM schools s LEFT JOIN units u ON u.id = "
			 "s.unit_id LEFT JOIN school_years y ON y.rowid = %s "
			 "WHERE 1%s%s%s%s%s",
			 q->carry_seats ? CARRY_ROW
					: SG_SCHOOL_YEAR_ROW("s.id", "?1"),
			 q->located ? " AND s.geom IS NOT NULL" : "",
			 *levels ? " AND (" : "", levels, *levels ? ")" : "",
			 !sc	    ? ""
			 : q->reach ? " AND s.id IN " SG_SCOPE_REACH
				    : " AND s.id IN " SG_SCOPE_SCHOOLS);
	}
	if ((rc = sg_db__prepare(ctx, what, sql, &st)) != SG_OK)
		return rc;
	sg_db__bind_text(st, 1, q->year);
	if (!sc && q->set > 0)
		sqlite3_bind_int64(st, 2, q->set);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		size_t i = out->n;
		const char *lv;

		if (grow_rows(cols, NCOLS, &cap, i) != 0) {
			oom = 1;
			break;
		}
		out->n++;
		out->id[i] = sqlite3_column_int64(st, 0);
		out->code[i] = dup_col(st, 1, &oom);
		out->name[i] = dup_col(st, 2, &oom);
		out->levels_text[i] = dup_col(st, 3, &oom);
		out->unit_id[i] = col_id(st, 4);
		out->unit_code[i] = dup_col(st, 5, &oom);
		out->scope_unit[i] = col_id(st, 6);
		if (!blob_point(sqlite3_column_blob(st, 7),
				sqlite3_column_bytes(st, 7), &out->lon[i],
				&out->lat[i]) &&
		    point_by_sql(ctx, &xy, st, 7, &out->lon[i], &out->lat[i]) !=
			    0) {
			step = SQLITE_ERROR;
			break;
		}
		out->margin[i] = sqlite3_column_int(st, 9) != 0;
		out->year[i] = dup_col(st, 10, &oom);
		out->row[i] = col_id(st, 11);
		for (int f = 0; f < SG_FIG_N; f++)
			out->fig[f][i] = col_real(st, C_FIG + f);
		out->levels[i] = 0;
		lv = out->levels_text[i];
		if (lv && sg_text__level_parse(lv, &out->levels[i]) != 0)
			out->levels[i] = 0;
		if (oom)
			break;
	}
	if (step != SQLITE_DONE && !oom)
		rc = sg_db__fail(ctx, what); /* before finalizing */
	sqlite3_finalize(xy);
	if (rc == SG_OK)
		rc = query_end(ctx, what, st, step, oom);
	else
		sqlite3_finalize(st);
	if (rc == SG_OK && order_by_code(cols, NCOLS, out->code, out->n) != 0)
		rc = sg_error__oom(ctx, what);
	if (rc != SG_OK)
		sg_load__schools_free(out);
	return rc;
}

void sg_load__years_free(sg_year_list *y)
{
	if (!y)
		return;
	free_strings(y->year, y->n);
	memset(y, 0, sizeof(*y));
}

int sg_load__years(sg_ctx *ctx, const char *what, const sg_scope *sc,
		   sg_year_list *out)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc, step, oom = 0;

	memset(out, 0, sizeof(*out));
	if ((rc = sg_db__need(ctx)) != SG_OK ||
	    (rc = sg_scope__use(ctx, what, sc)) != SG_OK)
		return rc;
	rc = sg_db__prepare(ctx, what,
			    sc ? "SELECT DISTINCT year FROM school_years "
				 "WHERE school_id IN " SG_SCOPE_SCHOOLS
				 " ORDER BY year"
			       : "SELECT DISTINCT year FROM school_years "
				 "WHERE school_id IN (SELECT id FROM schools) "
				 "ORDER BY year",
			    &st);
	if (rc != SG_OK)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == cap) {
			size_t nc = cap ? cap * 2 : 16;

			if (resize(&out->year, nc, sizeof(char *)) != 0) {
				oom = 1;
				break;
			}
			cap = nc;
		}
		out->year[out->n++] = dup_col(st, 0, &oom);
		if (oom)
			break;
	}
	rc = query_end(ctx, what, st, step, oom);
	if (rc != SG_OK)
		sg_load__years_free(out);
	return rc;
}

/*---- Population ---------------------------------------------------------*/

void sg_load__population_free(sg_population *p)
{
	if (!p)
		return;
	free(p->unit_id);
	free_strings(p->year, p->n);
	free(p->age_from);
	free(p->age_to);
	free(p->count);
	memset(p, 0, sizeof(*p));
}

int sg_load__population(sg_ctx *ctx, const char *what, const sg_scope *sc,
			const char *year, sg_population *out)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int64_t cur = -1;
	char *cur_year = NULL;
	int rc, step, oom = 0, have = 0;
	const column cols[] = {
		{ &out->unit_id, sizeof(*out->unit_id) },
		{ &out->year, sizeof(*out->year) },
		{ &out->age_from, sizeof(*out->age_from) },
		{ &out->age_to, sizeof(*out->age_to) },
		{ &out->count, sizeof(*out->count) },
	};

	memset(out, 0, sizeof(*out));
	if ((rc = sg_db__need(ctx)) != SG_OK ||
	    (rc = sg_scope__use(ctx, what, sc)) != SG_OK)
		return rc;
	/* A scope's units of a newer set take their people through the
	 * crosswalk (units_int.h). */
	rc = sg_db__prepare(
		ctx, what,
		sc ? "SELECT * FROM (" SG_UNITS__SCOPE_POPULATION_SQL
		     ") ORDER BY 1, 2 DESC"
		   : "SELECT unit_id, year, age_from, "
		     "age_to, count FROM population WHERE ?1 IS "
		     "NULL OR year = ?1 ORDER BY unit_id, year DESC",
		&st);
	if (rc != SG_OK)
		return rc;
	sg_db__bind_text(st, 1, year);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t u = sqlite3_column_int64(st, 0);
		const char *y = (const char *)sqlite3_column_text(st, 1);
		size_t i = out->n;

		if (!have || u != cur) {
			/* A new unit: its first (latest) year is the one. */
			free(cur_year);
			cur_year = y ? strdup(y) : NULL;
			if (y && !cur_year) {
				oom = 1;
				break;
			}
			cur = u;
			have = 1;
		} else if (strcmp(cur_year ? cur_year : "", y ? y : "") != 0) {
			continue; /* an older census of the unit */
		}
		if (grow_rows(cols, sizeof(cols) / sizeof(*cols), &cap, i)) {
			oom = 1;
			break;
		}
		out->n++;
		out->unit_id[i] = u;
		out->year[i] = dup_col(st, 1, &oom);
		out->age_from[i] = sqlite3_column_int(st, 2);
		out->age_to[i] = sqlite3_column_int(st, 3);
		out->count[i] = sqlite3_column_double(st, 4);
		if (oom)
			break;
	}
	free(cur_year);
	rc = query_end(ctx, what, st, step, oom);
	if (rc != SG_OK)
		sg_load__population_free(out);
	return rc;
}

double sg_load__population_total(const sg_population *p, int64_t unit_id)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->unit_id[i] == unit_id && p->age_from[i] == 0 &&
		    p->age_to[i] == 120)
			return p->count[i];
	return NAN;
}

/*---- Units --------------------------------------------------------------*/

void sg_load__units_free(sg_units_list *u)
{
	if (!u)
		return;
	free(u->id);
	free(u->parent_id);
	free(u->set_id);
	free(u->parent);
	free_strings(u->code, u->n);
	free_strings(u->name, u->n);
	free_strings(u->kind, u->n);
	if (u->geom_wkb)
		for (size_t i = 0; i < u->n; i++)
			free(u->geom_wkb[i]);
	free(u->geom_wkb);
	free(u->geom_len);
	memset(u, 0, sizeof(*u));
}

typedef struct {
	int64_t id;
	size_t at;
} id_at;

static int by_id(const void *a, const void *b)
{
	const id_at *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

int sg_load__units(sg_ctx *ctx, const char *what, const sg_scope *sc,
		   int64_t set, const char *kind, int wkb, sg_units_list *out)
{
	char sql[512];
	sqlite3_stmt *st;
	size_t cap = 0;
	id_at *ids = NULL;
	int rc, step, oom = 0;
	const column cols[] = {
		{ &out->id, sizeof(*out->id) },
		{ &out->parent_id, sizeof(*out->parent_id) },
		{ &out->set_id, sizeof(*out->set_id) },
		{ &out->parent, sizeof(*out->parent) },
		{ &out->code, sizeof(*out->code) },
		{ &out->name, sizeof(*out->name) },
		{ &out->kind, sizeof(*out->kind) },
		{ wkb ? &out->geom_wkb : NULL, sizeof(*out->geom_wkb) },
		{ wkb ? &out->geom_len : NULL, sizeof(*out->geom_len) },
	};

	memset(out, 0, sizeof(*out));
	if ((rc = sg_db__need(ctx)) != SG_OK ||
	    (rc = sg_scope__use(ctx, what, sc)) != SG_OK)
		return rc;
	snprintf(sql, sizeof(sql),
		 "SELECT id, parent_id, set_id, code, name, kind%s FROM "
		 "units WHERE (?1 IS NULL OR kind = ?1)%s ORDER BY code, id",
		 wkb ? ", AsBinary(geom)" : "",
		 sc    ? " AND id IN " SG_SCOPE_UNITS
		 : set ? " AND set_id = ?2"
		       : "");
	if ((rc = sg_db__prepare(ctx, what, sql, &st)) != SG_OK)
		return rc;
	sg_db__bind_text(st, 1, kind);
	if (!sc && set)
		sqlite3_bind_int64(st, 2, set);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		size_t i = out->n;

		if (grow_rows(cols, sizeof(cols) / sizeof(*cols), &cap, i)) {
			oom = 1;
			break;
		}
		out->n++;
		out->id[i] = sqlite3_column_int64(st, 0);
		out->parent_id[i] = col_id(st, 1);
		out->set_id[i] = sqlite3_column_int64(st, 2);
		out->parent[i] = -1;
		out->code[i] = dup_col(st, 3, &oom);
		out->name[i] = dup_col(st, 4, &oom);
		out->kind[i] = dup_col(st, 5, &oom);
		if (wkb) {
			const void *b = sqlite3_column_blob(st, 6);
			size_t len = (size_t)sqlite3_column_bytes(st, 6);

			out->geom_wkb[i] = NULL;
			out->geom_len[i] = 0;
			if (b && len) {
				out->geom_wkb[i] = malloc(len);
				if (!out->geom_wkb[i])
					oom = 1;
				else
					memcpy(out->geom_wkb[i], b, len);
				out->geom_len[i] = len;
			}
		}
		if (oom)
			break;
	}
	rc = query_end(ctx, what, st, step, oom);
	/* Parents as indexes: one sort, a binary search per unit. */
	if (rc == SG_OK && out->n) {
		ids = malloc(out->n * sizeof(*ids));
		if (!ids) {
			rc = sg_error__oom(ctx, what);
		} else {
			for (size_t i = 0; i < out->n; i++)
				ids[i] = (id_at){ out->id[i], i };
			qsort(ids, out->n, sizeof(*ids), by_id);
			for (size_t i = 0; i < out->n; i++) {
				id_at key = { out->parent_id[i], 0 }, *hit;

				if (out->parent_id[i] < 0)
					continue;
				hit = bsearch(&key, ids, out->n, sizeof(*ids),
					      by_id);
				if (hit)
					out->parent[i] = (long)hit->at;
			}
			free(ids);
		}
	}
	if (rc != SG_OK)
		sg_load__units_free(out);
	return rc;
}

/*---- Runs and results ---------------------------------------------------*/

void sg_load__run_free(sg_run_rec *r)
{
	if (!r)
		return;
	free(r->command);
	free(r->parameters);
	free(r->input_checksums);
	free(r->versions);
	free(r->started_at);
	free(r->finished_at);
	free(r->summary);
	memset(r, 0, sizeof(*r));
}

int sg_load__run(sg_ctx *ctx, const char *what, int64_t id, const char *command,
		 sg_run_rec *out)
{
	sqlite3_stmt *st;
	int rc, step, oom = 0;

	memset(out, 0, sizeof(*out));
	if ((rc = sg_db__need(ctx)) != SG_OK)
		return rc;
	rc = sg_db__prepare(ctx, what,
			    "SELECT id, command, parameters, input_checksums, "
			    "versions, started_at, finished_at, summary FROM "
			    "runs WHERE CASE WHEN ?1 > 0 THEN id = ?1 ELSE "
			    "?2 IS NULL OR command = ?2 END ORDER BY id DESC "
			    "LIMIT 1",
			    &st);
	if (rc != SG_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sg_db__bind_text(st, 2, command);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->command = dup_col(st, 1, &oom);
		out->parameters = dup_col(st, 2, &oom);
		out->input_checksums = dup_col(st, 3, &oom);
		out->versions = dup_col(st, 4, &oom);
		out->started_at = dup_col(st, 5, &oom);
		out->finished_at = dup_col(st, 6, &oom);
		out->summary = dup_col(st, 7, &oom);
		rc = oom ? sg_error__oom(ctx, what) : SG_OK;
	} else if (step == SQLITE_DONE) {
		if (id > 0)
			rc = sg_error__set(ctx, SG_ENOTFOUND,
					   "%s: no run %lld in the store", what,
					   (long long)id);
		else
			rc = sg_error__set(ctx, SG_ENOTFOUND,
					   "%s: no run of '%s' in the store",
					   what, command ? command : "any");
	} else {
		rc = sg_db__fail(ctx, what);
	}
	sqlite3_finalize(st);
	if (rc != SG_OK)
		sg_load__run_free(out);
	return rc;
}

int sg_load__run_num(const sg_run_rec *r, int params, const char *key,
		     double *out)
{
	const char *text = params ? r->parameters : r->summary;
	json_object *root, *v;
	int rc = -1;

	*out = NAN;
	if (!text || !key)
		return -1;
	root = json_tokener_parse(text);
	if (root && json_object_object_get_ex(root, key, &v) &&
	    (json_object_is_type(v, json_type_int) ||
	     json_object_is_type(v, json_type_double))) {
		*out = json_object_get_double(v);
		rc = 0;
	}
	json_object_put(root);
	return rc;
}

int sg_load__run_text(const sg_run_rec *r, int params, const char *key,
		      char **out)
{
	const char *text = params ? r->parameters : r->summary;
	json_object *root = text ? json_tokener_parse(text) : NULL, *v;
	int rc = 0;

	*out = NULL;
	if (root && key && json_object_object_get_ex(root, key, &v) &&
	    json_object_is_type(v, json_type_string) &&
	    !(*out = strdup(json_object_get_string(v))))
		rc = -1;
	json_object_put(root);
	return rc;
}

void sg_load__results_free(sg_results *r)
{
	if (!r)
		return;
	free_strings(r->subject, r->n);
	free_strings(r->key, r->n);
	free_strings(r->text, r->n);
	free(r->num);
	memset(r, 0, sizeof(*r));
}

int sg_load__results(sg_ctx *ctx, const char *what, int64_t run,
		     const char *subject, sg_results *out)
{
	sqlite3_stmt *st;
	size_t cap = 0, plen = subject ? strlen(subject) : 0;
	int rc, step, oom = 0, prefix = plen && subject[plen - 1] == '%';
	const column cols[] = {
		{ &out->subject, sizeof(*out->subject) },
		{ &out->key, sizeof(*out->key) },
		{ &out->text, sizeof(*out->text) },
		{ &out->num, sizeof(*out->num) },
	};

	memset(out, 0, sizeof(*out));
	if ((rc = sg_db__need(ctx)) != SG_OK)
		return rc;
	rc = sg_db__prepare(ctx, what,
			    "SELECT subject, key, value FROM results WHERE "
			    "run_id = ?1 AND (?2 IS NULL OR CASE WHEN ?3 > 0 "
			    "THEN substr(subject, 1, ?3) = ?2 ELSE subject = "
			    "?2 END) ORDER BY rowid",
			    &st);
	if (rc != SG_OK)
		return rc;
	sqlite3_bind_int64(st, 1, run);
	if (subject)
		sqlite3_bind_text(st, 2, subject, prefix ? (int)plen - 1 : -1,
				  SQLITE_STATIC);
	sqlite3_bind_int(st, 3, prefix ? (int)plen - 1 : 0);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		size_t i = out->n;

		if (grow_rows(cols, sizeof(cols) / sizeof(*cols), &cap, i)) {
			oom = 1;
			break;
		}
		out->n++;
		out->subject[i] = dup_col(st, 0, &oom);
		out->key[i] = dup_col(st, 1, &oom);
		if (sqlite3_column_type(st, 2) == SQLITE_TEXT) {
			out->text[i] = dup_col(st, 2, &oom);
			out->num[i] = NAN;
		} else {
			out->text[i] = NULL;
			out->num[i] = col_real(st, 2);
		}
		if (oom)
			break;
	}
	rc = query_end(ctx, what, st, step, oom);
	if (rc != SG_OK)
		sg_load__results_free(out);
	return rc;
}

long sg_load__results_find(const sg_results *r, const char *subject,
			   const char *key)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->subject[i] && r->key[i] &&
		    strcmp(r->subject[i], subject) == 0 &&
		    strcmp(r->key[i], key) == 0)
			return (long)i;
	return -1;
}

/*---- Catchments ---------------------------------------------------------*/

void sg_load__catchments_free(sg_catchment_rows *c)
{
	if (!c)
		return;
	free_strings(c->code, c->n);
	free_strings(c->schools, c->n);
	free(c->area_km2);
	free(c->population);
	free(c->seats);
	memset(c, 0, sizeof(*c));
}

static int catchment_rows(sg_ctx *ctx, const char *what, int64_t run,
			  const char *sql, sg_catchment_rows *out)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc, step, oom = 0;

	memset(out, 0, sizeof(*out));
	if ((rc = sg_db__need(ctx)) != SG_OK)
		return rc;
	rc = sg_db__prepare(ctx, what, sql, &st);
	if (rc != SG_OK)
		return rc;
	sqlite3_bind_int64(st, 1, run);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		size_t i = out->n;

		if (i == cap) {
			size_t nc = cap ? cap * 2 : 32;

			if (resize(&out->code, nc, sizeof(char *)) ||
			    resize(&out->schools, nc, sizeof(char *)) ||
			    resize(&out->area_km2, nc, sizeof(double)) ||
			    resize(&out->population, nc, sizeof(double)) ||
			    resize(&out->seats, nc, sizeof(double))) {
				oom = 1;
				break;
			}
			cap = nc;
		}
		out->n++;
		out->code[i] = dup_col(st, 0, &oom);
		out->schools[i] = dup_col(st, 1, &oom);
		out->area_km2[i] = col_real(st, 2);
		out->population[i] = col_real(st, 3);
		out->seats[i] = col_real(st, 4);
		if (oom)
			break;
	}
	rc = query_end(ctx, what, st, step, oom);
	if (rc != SG_OK)
		sg_load__catchments_free(out);
	return rc;
}

int sg_load__catchments(sg_ctx *ctx, const char *what, int64_t run,
			sg_catchment_rows *out)
{
	/* A school of a run in parts has a row per province: in the order
	 * written. */
	return catchment_rows(ctx, what, run,
			      "SELECT s.code, c.schools, c.area_km2, "
			      "c.population, c.seats FROM catchments c JOIN "
			      "schools s ON s.id = c.school_id WHERE c.run_id "
			      "= ?1 ORDER BY s.code, c.id",
			      out);
}

int sg_load__catchments_unserved(sg_ctx *ctx, const char *what, int64_t run,
				 sg_catchment_rows *out)
{
	return catchment_rows(ctx, what, run,
			      "SELECT NULL, NULL, area_km2, population, seats "
			      "FROM catchments WHERE run_id = ?1 AND school_id "
			      "IS NULL ORDER BY id",
			      out);
}
