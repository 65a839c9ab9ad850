/*
 * layers/units.c - administrative sets, and figures carried across them.
 *
 * A set is a whole administration (2019: province -> district -> ward;
 * 2025: province -> commune).  A figure is reported on one set: school
 * figures by where the schools lie (a school does not move when its ward
 * is merged), population through the crosswalk from the set it was
 * counted on, with the shares of split units.  Every figure states its
 * method, because a reader comparing 2019 with 2025 needs to know which
 * were measured and which were carried.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "engine/crosswalk.h"
#include "engine/strmap.h"
#include "engine/table.h"
#include "layers/layers.h"
#include "layers/runs.h"
#include "layers/units_int.h"
#include "schoolgis/units.h"

/*---- Sets -------------------------------------------------------------*/

int sg_units__is_date(const char *s)
{
	static const char shape[] = "dddd-dd-dd";
	int month, day;

	if (!s || strlen(s) != sizeof(shape) - 1)
		return 0;
	for (size_t i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != '-')
			return 0;
	month = (s[5] - '0') * 10 + (s[6] - '0');
	day = (s[8] - '0') * 10 + (s[9] - '0');
	return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

int sg_units__set_id(sg_ctx *ctx, const char *name, int create, int64_t *id)
{
	sqlite3_stmt *st;
	int rc, step;

	if (!name)
		name = "default";
	rc = sg_db__prepare(ctx, "units",
			    "SELECT id FROM unit_sets WHERE "
			    "name = ?1",
			    &st);
	if (rc != SG_OK)
		return rc;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (step == SQLITE_ROW)
		return SG_OK;
	if (step != SQLITE_DONE)
		return sg_db__fail(ctx, "units");
	if (!create || !sg_units__is_date(name))
		return sg_error__set(ctx, SG_ENOTFOUND,
				     "units: no administrative set '%s'%s",
				     name,
				     create ? " (a new set's name is "
					      "its start date, "
					      "YYYY-MM-DD)"
					    : "");
	if ((rc = sg_unit_set_add(ctx, name, name)) != SG_OK)
		return rc;
	*id = sqlite3_last_insert_rowid(ctx->db);
	return SG_OK;
}

int sg_unit_set_add(sg_ctx *ctx, const char *name, const char *start_date)
{
	sqlite3_stmt *st;
	int rc;

	sg_error__clear(ctx);
	if ((rc = sg_db__need(ctx)) != SG_OK)
		return rc;
	if (!start_date)
		start_date = name;
	if (!name || !*name || !sg_units__is_date(start_date))
		return sg_error__set(ctx, SG_EINVALID,
				     "units: set '%s': the start date must be "
				     "YYYY-MM-DD",
				     name ? name : "");
	rc = sg_db__prepare(ctx, "units",
			    "INSERT INTO unit_sets (name, "
			    "start_date) VALUES (?1, ?2) ON CONFLICT (name) "
			    "DO UPDATE SET start_date = excluded.start_date",
			    &st);
	if (rc != SG_OK)
		return rc;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, start_date, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? SG_OK
					     : sg_db__fail(ctx, "units");
	sqlite3_finalize(st);
	return rc;
}

int64_t sg_units__with_geometry(sg_ctx *ctx, int64_t set_id)
{
	sqlite3_stmt *st;
	int64_t n = -1;

	if (sg_db__prepare(ctx, "units",
			   "SELECT count(*) FROM units WHERE "
			   "set_id = ?1 AND geom IS NOT NULL",
			   &st) != SG_OK)
		return -1;
	sqlite3_bind_int64(st, 1, set_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	else
		sg_db__fail(ctx, "units");
	sqlite3_finalize(st);
	return n;
}

/* Run a query into a new table of the given columns: every result
 * column in order, typed by the table. */
static int query_table(sg_ctx *ctx, const char *sql, size_t ncols,
		       const char *const *names, const sg_col_type *types,
		       sg_table **out)
{
	sg_table *t = sg_table__new(ncols, names, types);
	sqlite3_stmt *st;
	int rc, step;

	*out = NULL;
	if (!t)
		return sg_error__oom(ctx, "units");
	if ((rc = sg_db__prepare(ctx, "units", sql, &st)) != SG_OK) {
		sg_table_free(t);
		return rc;
	}
	while (rc == SG_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		long r = sg_table__add_row(t);

		if (r < 0) {
			rc = sg_error__oom(ctx, "units");
			break;
		}
		for (size_t c = 0; c < ncols; c++) {
			if (sqlite3_column_type(st, (int)c) == SQLITE_NULL)
				continue;
			if (types[c] == SG_COL_TEXT) {
				if (sg_table__set_text(
					    t, (size_t)r, c,
					    (const char *)sqlite3_column_text(
						    st, (int)c)) != 0)
					rc = sg_error__oom(ctx, "units");
			} else {
				sg_table__set_real(
					t, (size_t)r, c,
					sqlite3_column_double(st, (int)c));
			}
		}
	}
	if (rc == SG_OK && step != SQLITE_DONE)
		rc = sg_db__fail(ctx, "units");
	sqlite3_finalize(st);
	if (rc != SG_OK) {
		sg_table_free(t);
		return rc;
	}
	*out = t;
	return SG_OK;
}

int sg_unit_sets(sg_ctx *ctx, sg_table **out)
{
	static const char *const names[] = { "name",	      "start_date",
					     "provinces",     "districts",
					     "wards",	      "kinds",
					     "with_geometry", "crosswalked" };
	static const sg_col_type types[] = { SG_COL_TEXT, SG_COL_TEXT,
					     SG_COL_INT,  SG_COL_INT,
					     SG_COL_INT,  SG_COL_TEXT,
					     SG_COL_INT,  SG_COL_INT };
	int rc;

	*out = NULL;
	sg_error__clear(ctx);
	if ((rc = sg_db__need(ctx)) != SG_OK)
		return rc;
	rc = query_table(
		ctx,
		"SELECT s.name, s.start_date, "
		"(SELECT count(*) FROM units u WHERE u.set_id = s.id AND "
		"u.kind = 'city'), "
		"(SELECT count(*) FROM units u WHERE u.set_id = s.id AND "
		"u.kind = 'district'), "
		"(SELECT count(*) FROM units u WHERE u.set_id = s.id AND "
		"u.kind = 'ward'), "
		"(SELECT group_concat(n, ', ') FROM (SELECT k.name_vi || ' ' "
		"|| count(*) AS n FROM units u JOIN unit_kinds k ON k.code = "
		"u.kind_code WHERE u.set_id = s.id GROUP BY k.code ORDER BY "
		"k.rowid)), "
		"(SELECT count(*) FROM units u WHERE u.set_id = s.id AND "
		"u.geom IS NOT NULL), "
		"(SELECT count(DISTINCT x.from_unit_id) FROM crosswalk x JOIN "
		"units u ON u.id = x.from_unit_id WHERE u.set_id = s.id) "
		"FROM unit_sets s ORDER BY s.start_date, s.name",
		sizeof(names) / sizeof(*names), names, types, out);
	if (rc == SG_OK)
		rc = sg_table__set_title(*out, "Administrative sets") != 0
			     ? sg_error__oom(ctx, "units")
			     : SG_OK;
	return rc;
}

/* The date a school year is reported on: "2025-2026" and "2025" ->
 * "2025-09-01"; a date stays.  0 on success. */
static int year_date(const char *year, char out[11])
{
	if (sg_units__is_date(year)) {
		memcpy(out, year, 11);
		return 0;
	}
	if (!year || strlen(year) < 4 || strspn(year, "0123456789") != 4 ||
	    (year[4] != '\0' && year[4] != '-' && year[4] != '/'))
		return -1;
	snprintf(out, 11, "%.4s-09-01", year);
	return 0;
}

/* The set in force on `date`, into name (n bytes) and *id. */
static int set_on(sg_ctx *ctx, const char *date, char *name, size_t n,
		  int64_t *id)
{
	sqlite3_stmt *st;
	int rc, step;

	rc = sg_db__prepare(ctx, "units",
			    "SELECT name, id FROM unit_sets "
			    "WHERE start_date <= ?1 AND EXISTS (SELECT 1 FROM "
			    "units u WHERE u.set_id = unit_sets.id) ORDER BY "
			    "start_date DESC, id DESC LIMIT 1",
			    &st);
	if (rc != SG_OK)
		return rc;
	sqlite3_bind_text(st, 1, date, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		snprintf(name, n, "%s", sqlite3_column_text(st, 0));
		*id = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (step == SQLITE_ROW)
		return SG_OK;
	if (step != SQLITE_DONE)
		return sg_db__fail(ctx, "units");
	return sg_error__set(ctx, SG_ENOTFOUND,
			     "units: no administrative "
			     "set with units was in force on %s",
			     date);
}

int sg_unit_set_for_year(sg_ctx *ctx, const char *year, char *out, size_t n)
{
	char date[11];
	int64_t id;
	int rc;

	sg_error__clear(ctx);
	if ((rc = sg_db__need(ctx)) != SG_OK)
		return rc;
	if (year_date(year, date) != 0)
		return sg_error__set(ctx, SG_EINVALID,
				     "units: '%s' is not a school year "
				     "(2025-2026) or a date (YYYY-MM-DD)",
				     year ? year : "");
	return set_on(ctx, date, out, n, &id);
}

int sg_units__import_set(sg_ctx *ctx, const char *set, const char *year,
			 int64_t *id)
{
	char date[11], name[64];
	int rc;

	if (set)
		return sg_units__set_id(ctx, set, 0, id);
	if (!year || year_date(year, date) != 0)
		memcpy(date, "9999-12-31", 11);
	rc = set_on(ctx, date, name, sizeof(name), id);
	if (rc == SG_ENOTFOUND) {
		sg_error__clear(ctx);
		rc = set_on(ctx, "9999-12-31", name, sizeof(name), id);
	}
	if (rc == SG_ENOTFOUND) {
		sg_error__clear(ctx);
		rc = sg_units__set_id(ctx, NULL, 0, id);
	}
	return rc;
}

/*---- Figures across sets ----------------------------------------------*/

/* How a population figure was obtained; bits, combined up the tree. */
enum {
	POP_STORED = 1,
	POP_CROSSWALK = 2,
	POP_AREA = 4,
	POP_PEOPLE = 8,
	POP_EQUAL = 16
};

/* One unit of the reported set and its figures. */
typedef struct {
	int64_t id, parent; /* parent: index in the array, or -1 */
	char *code, *name, *kind;
	double schools, students, classes, teachers, population;
	int has_pop, pop_by, has_children;
	int64_t mismatches;
} unit_fig;

typedef struct {
	sg_ctx *ctx;
	int64_t set_id;
	char set[64];
	int geometry; /* the set has polygons */
	unit_fig *u;
	size_t n;
	sg_strmap *by_id;   /* "id" -> index */
	sg_strmap *by_code; /* code -> index */
} figs;

static void figs_free(figs *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->u[i].code);
		free(f->u[i].name);
		free(f->u[i].kind);
	}
	free(f->u);
	sg_strmap__free(f->by_id);
	sg_strmap__free(f->by_code);
}

static int index_of(const figs *f, int64_t id, size_t *i)
{
	char key[24];
	int64_t v;

	snprintf(key, sizeof(key), "%lld", (long long)id);
	if (!sg_strmap__get(f->by_id, key, &v))
		return 0;
	*i = (size_t)v;
	return 1;
}

static char *dup_col(sqlite3_stmt *st, int c)
{
	const unsigned char *s = sqlite3_column_text(st, c);

	return strdup(s ? (const char *)s : "");
}

/* Load the set's units, children after... any order; parents resolved
 * after the load. */
static int load_units(figs *f)
{
	sqlite3_stmt *st;
	int64_t *parent_ids = NULL;
	size_t cap = 0;
	int rc, step;

	f->by_id = sg_strmap__new();
	f->by_code = sg_strmap__new();
	if (!f->by_id || !f->by_code)
		return sg_error__oom(f->ctx, "units");
	rc = sg_db__prepare(f->ctx, "units",
			    "SELECT u.id, u.code, u.name, coalesce(k.name_vi, "
			    "u.kind), u.parent_id FROM units u LEFT JOIN "
			    "unit_kinds k ON k.code = u.kind_code WHERE "
			    "u.set_id = ?1 ORDER BY u.code",
			    &st);
	if (rc != SG_OK)
		return rc;
	sqlite3_bind_int64(st, 1, f->set_id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		unit_fig *u;
		char key[24];

		if (f->n == cap) {
			size_t c2 = cap ? cap * 2 : 256;
			unit_fig *p = realloc(f->u, c2 * sizeof(*p));
			int64_t *q = realloc(parent_ids, c2 * sizeof(*q));

			if (p)
				f->u = p;
			if (q)
				parent_ids = q;
			if (!p || !q) {
				rc = sg_error__oom(f->ctx, "units");
				break;
			}
			cap = c2;
		}
		u = &f->u[f->n];
		memset(u, 0, sizeof(*u));
		u->id = sqlite3_column_int64(st, 0);
		u->code = dup_col(st, 1);
		u->name = dup_col(st, 2);
		u->kind = dup_col(st, 3);
		parent_ids[f->n] = sqlite3_column_type(st, 4) == SQLITE_NULL
					   ? -1
					   : sqlite3_column_int64(st, 4);
		snprintf(key, sizeof(key), "%lld", (long long)u->id);
		f->n++;
		if (!u->code || !u->name || !u->kind ||
		    sg_strmap__put(f->by_id, key, (int64_t)(f->n - 1)) != 0 ||
		    sg_strmap__put(f->by_code, u->code, (int64_t)(f->n - 1)) !=
			    0) {
			rc = sg_error__oom(f->ctx, "units");
			break;
		}
	}
	if (rc == SG_OK && step != SQLITE_DONE)
		rc = sg_db__fail(f->ctx, "units");
	sqlite3_finalize(st);
	for (size_t i = 0; rc == SG_OK && i < f->n; i++) {
		size_t p;

		f->u[i].parent = parent_ids[i] >= 0 &&
						 index_of(f, parent_ids[i], &p)
					 ? (int64_t)p
					 : -1;
		if (f->u[i].parent >= 0)
			f->u[f->u[i].parent].has_children = 1;
	}
	free(parent_ids);
	return rc;
}

/* Schools of a school year into the set's finest units: by location
 * when the set has polygons, else by their declared unit (carried
 * through the crosswalk when it belongs to another set). */
static int place_schools(figs *f, const char *year)
{
	sqlite3_stmt *st;
	int rc, step;

	rc = sg_db__prepare(
		f->ctx, "units",
		"WITH p AS (SELECT sy.students, sy.classes, sy.teachers, "
		/* the finest unit of the set the school lies in */
		"CASE WHEN ?3 THEN (SELECT u.id FROM units u WHERE u.set_id = "
		"?1 AND NOT EXISTS (SELECT 1 FROM units c WHERE c.parent_id = "
		"u.id) AND u.ROWID IN (SELECT ROWID FROM SpatialIndex WHERE "
		"f_table_name = 'units' AND f_geometry_column = 'geom' AND "
		"search_frame = s.geom) AND ST_Intersects(u.geom, s.geom) "
		"ORDER BY u.id LIMIT 1) END AS loc, d.id AS did, d.set_id AS "
		"dset, d.kind AS dkind FROM schools s JOIN school_years sy ON "
		"sy.school_id = s.id AND sy.year = ?2 LEFT JOIN units d ON "
		"d.id = s.unit_id) "
		"SELECT students, classes, teachers, loc, "
		/* its declared unit, in this set or carried over */
		"CASE WHEN dset = ?1 THEN did ELSE (SELECT x.to_unit_id FROM "
		"crosswalk x JOIN units t ON t.id = x.to_unit_id WHERE "
		"x.from_unit_id = did AND t.set_id = ?1 ORDER BY x.share "
		"DESC, x.to_unit_id LIMIT 1) END, "
		/* the declared ward is not where the school lies (for an
		 * older set: not one the ward went into) */
		"CASE WHEN dkind IS NOT 'ward' OR loc IS NULL THEN 0 WHEN "
		"dset = ?1 THEN loc <> did ELSE NOT EXISTS (SELECT 1 FROM "
		"crosswalk x WHERE x.from_unit_id = did AND x.to_unit_id = "
		"loc) END FROM p",
		&st);
	if (rc != SG_OK)
		return rc;
	sqlite3_bind_int64(st, 1, f->set_id);
	sqlite3_bind_text(st, 2, year, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, f->geometry);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int located = sqlite3_column_type(st, 3) != SQLITE_NULL;
		int declared = sqlite3_column_type(st, 4) != SQLITE_NULL;
		int64_t id = located ? sqlite3_column_int64(st, 3)
				     : sqlite3_column_int64(st, 4);
		unit_fig *u;
		size_t i;

		if ((!located && !declared) || !index_of(f, id, &i))
			continue;
		u = &f->u[i];
		u->schools += 1;
		u->students += sqlite3_column_double(st, 0);
		u->classes += sqlite3_column_double(st, 1);
		u->teachers += sqlite3_column_double(st, 2);
		u->mismatches += sqlite3_column_int(st, 5) != 0;
	}
	rc = step == SQLITE_DONE ? SG_OK : sg_db__fail(f->ctx, "units");
	sqlite3_finalize(st);
	return rc;
}

/* The total population of a unit and year: the 0-120 band when stored,
 * else the sum of its bands. */
#define POP_TOTAL                                                              \
	"SELECT unit_id, sum(count) AS total FROM population p WHERE year "    \
	"= ?2 AND (age_from = 0 AND age_to = 120 OR NOT EXISTS (SELECT 1 "     \
	"FROM population q WHERE q.unit_id = p.unit_id AND q.year = "          \
	"p.year AND q.age_from = 0 AND q.age_to = 120)) GROUP BY unit_id"

/* Population into the set's units: stored for the unit, else carried
 * from older units through the crosswalk with their shares. */
static int place_population(figs *f, const char *pop_year)
{
	sqlite3_stmt *st;
	int rc, step;

	rc = sg_db__prepare(
		f->ctx, "units",
		"WITH tot AS (" POP_TOTAL ") "
		"SELECT u.id, t.total, NULL, NULL FROM units u JOIN tot t ON "
		"t.unit_id = u.id WHERE u.set_id = ?1 UNION ALL "
		"SELECT x.to_unit_id, sum(t.total * x.share), max(x.split), "
		"group_concat(DISTINCT CASE WHEN x.split THEN x.shared_by END) "
		"FROM crosswalk x JOIN units u ON u.id = x.to_unit_id AND "
		"u.set_id = ?1 JOIN tot t ON t.unit_id = x.from_unit_id "
		"WHERE NOT EXISTS (SELECT 1 FROM tot s WHERE s.unit_id = "
		"x.to_unit_id) GROUP BY x.to_unit_id",
		&st);
	if (rc != SG_OK)
		return rc;
	sqlite3_bind_int64(st, 1, f->set_id);
	sqlite3_bind_text(st, 2, pop_year, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *by = (const char *)sqlite3_column_text(st, 3);
		size_t i;

		if (!index_of(f, sqlite3_column_int64(st, 0), &i))
			continue;
		f->u[i].has_pop = 1;
		f->u[i].population = sqlite3_column_double(st, 1);
		if (sqlite3_column_type(st, 2) == SQLITE_NULL) {
			f->u[i].pop_by = POP_STORED;
			continue;
		}
		f->u[i].pop_by = POP_CROSSWALK;
		if (by && strstr(by, "area"))
			f->u[i].pop_by |= POP_AREA;
		if (by && strstr(by, "population"))
			f->u[i].pop_by |= POP_PEOPLE;
		if (by && strstr(by, "equal"))
			f->u[i].pop_by |= POP_EQUAL;
	}
	rc = step == SQLITE_DONE ? SG_OK : sg_db__fail(f->ctx, "units");
	sqlite3_finalize(st);
	return rc;
}

/* Sum every unit's figures into its ancestors.  A unit with children
 * takes its population from them when any has one; its own stored
 * figure otherwise. */
static void roll_up(figs *f)
{
	unit_fig *u = f->u;
	double *child_pop = calloc(f->n ? f->n : 1, sizeof(double));
	int *child_has = calloc(f->n ? f->n : 1, sizeof(int));
	int *child_by = calloc(f->n ? f->n : 1, sizeof(int));

	if (!child_pop || !child_has || !child_by)
		goto done;
	/* Leaves' school figures were placed on them directly; walk each
	 * unit's chain of ancestors once per leaf value. */
	for (size_t i = 0; i < f->n; i++) {
		if (u[i].has_children)
			continue;
		for (int64_t p = u[i].parent, guard = 0; p >= 0 && guard < 16;
		     p = u[p].parent, guard++) {
			u[p].schools += u[i].schools;
			u[p].students += u[i].students;
			u[p].classes += u[i].classes;
			u[p].teachers += u[i].teachers;
			u[p].mismatches += u[i].mismatches;
			if (u[i].has_pop) {
				child_pop[p] += u[i].population;
				child_has[p] = 1;
				child_by[p] |= u[i].pop_by;
			}
		}
	}
	for (size_t i = 0; i < f->n; i++)
		if (u[i].has_children && child_has[i]) {
			u[i].population = child_pop[i];
			u[i].has_pop = 1;
			u[i].pop_by = child_by[i];
		}
done:
	free(child_pop);
	free(child_has);
	free(child_by);
}

static const char *const fig_names[] = { "year",
					 "set",
					 "unit_code",
					 "unit_name",
					 "kind",
					 "schools",
					 "students",
					 "classes",
					 "teachers",
					 "schools_by",
					 "code_mismatches",
					 "population",
					 "population_by",
					 "population_year" };
static const sg_col_type fig_types[] = { SG_COL_TEXT, SG_COL_TEXT, SG_COL_TEXT,
					 SG_COL_TEXT, SG_COL_TEXT, SG_COL_INT,
					 SG_COL_INT,  SG_COL_INT,  SG_COL_INT,
					 SG_COL_TEXT, SG_COL_INT,  SG_COL_REAL,
					 SG_COL_TEXT, SG_COL_TEXT };
#define NFIG (sizeof(fig_names) / sizeof(*fig_names))

static void pop_method(int by, char *out, size_t n)
{
	snprintf(out, n, "%s%s%s%s%s", by & POP_STORED ? "stored" : "",
		 by & POP_STORED && by & POP_CROSSWALK ? " + " : "",
		 by & POP_CROSSWALK ? "crosswalk" : "",
		 by & POP_AREA ? ", area shares" : "",
		 by & POP_PEOPLE  ? ", population shares"
		 : by & POP_EQUAL ? ", equal shares"
				  : "");
}

static int put_row(sg_table *t, const figs *f, const unit_fig *u,
		   const char *year, const char *pop_year)
{
	long r = sg_table__add_row(t);
	char method[96];
	int e = 0;

	if (r < 0)
		return -1;
	e |= sg_table__set_text(t, (size_t)r, 0, year);
	e |= sg_table__set_text(t, (size_t)r, 1, f->set);
	e |= sg_table__set_text(t, (size_t)r, 2, u->code);
	e |= sg_table__set_text(t, (size_t)r, 3, u->name);
	e |= sg_table__set_text(t, (size_t)r, 4, u->kind);
	sg_table__set_real(t, (size_t)r, 5, u->schools);
	sg_table__set_real(t, (size_t)r, 6, u->students);
	sg_table__set_real(t, (size_t)r, 7, u->classes);
	sg_table__set_real(t, (size_t)r, 8, u->teachers);
	e |= sg_table__set_text(t, (size_t)r, 9,
				f->geometry ? "location" : "declared unit");
	sg_table__set_real(t, (size_t)r, 10, (double)u->mismatches);
	if (u->has_pop) {
		sg_table__set_real(t, (size_t)r, 11, u->population);
		pop_method(u->pop_by, method, sizeof(method));
		e |= sg_table__set_text(t, (size_t)r, 12, method);
		e |= sg_table__set_text(t, (size_t)r, 13, pop_year);
	}
	return e ? -1 : 0;
}

/* The census year for a school year: the latest stored up to its
 * start, else the earliest. */
static int population_year(sg_ctx *ctx, const char *year, char *out, size_t n)
{
	sqlite3_stmt *st;
	int rc;

	*out = '\0';
	rc = sg_db__prepare(ctx, "units",
			    "SELECT year FROM population GROUP BY year ORDER "
			    "BY year <= substr(?1, 1, 4) DESC, CASE WHEN year "
			    "<= substr(?1, 1, 4) THEN year END DESC, year "
			    "LIMIT 1",
			    &st);
	if (rc != SG_OK)
		return rc;
	sqlite3_bind_text(st, 1, year, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, n, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return SG_OK;
}

/* Figures of the set for one school year, all units. */
static int compute(figs *f, const char *year, const char *pop_year)
{
	int rc;

	for (size_t i = 0; i < f->n; i++) {
		unit_fig *u = &f->u[i];

		u->schools = u->students = u->classes = u->teachers = 0;
		u->population = 0;
		u->has_pop = u->pop_by = 0;
		u->mismatches = 0;
	}
	rc = place_schools(f, year);
	if (rc == SG_OK && *pop_year)
		rc = place_population(f, pop_year);
	if (rc == SG_OK)
		roll_up(f);
	return rc;
}

/* Resolve the options' set (or the one in force on `year`) and load
 * its units. */
static int open_figs(sg_ctx *ctx, figs *f, const char *set, const char *year)
{
	char date[11];
	int64_t g;
	int rc;

	memset(f, 0, sizeof(*f));
	f->ctx = ctx;
	if (set) {
		if ((rc = sg_units__set_id(ctx, set, 0, &f->set_id)) != SG_OK)
			return rc;
		snprintf(f->set, sizeof(f->set), "%s", set);
	} else {
		if (!year)
			memcpy(date, "9999-12-31", 11);
		else if (year_date(year, date) != 0)
			return sg_error__set(ctx, SG_EINVALID,
					     "units: '%s' is not a school year"
					     " (2025-2026)",
					     year);
		if ((rc = set_on(ctx, date, f->set, sizeof(f->set),
				 &f->set_id)) != SG_OK)
			return rc;
	}
	if ((g = sg_units__with_geometry(ctx, f->set_id)) < 0)
		return SG_ESQLITE;
	f->geometry = g > 0;
	return load_units(f);
}

static int find_unit(figs *f, const char *code, size_t *i)
{
	int64_t v;

	if (!sg_strmap__get(f->by_code, code, &v))
		return sg_error__set(f->ctx, SG_ENOTFOUND,
				     "units: no unit '%s' in the set '%s'",
				     code, f->set);
	*i = (size_t)v;
	return SG_OK;
}

static int new_table(sg_ctx *ctx, sg_table **t, const char *title,
		     const char *note)
{
	*t = sg_table__new(NFIG, fig_names, fig_types);
	if (!*t || sg_table__set_title(*t, title) != 0 ||
	    sg_table__set_note(*t, note) != 0) {
		sg_table_free(*t);
		*t = NULL;
		return sg_error__oom(ctx, "units");
	}
	return SG_OK;
}

static const char method_note[] =
	"Schools are counted in the unit they lie in (by location) or, "
	"without polygons, in their declared unit; population is stored "
	"for the unit or carried from the older set through the crosswalk, "
	"a split unit shared by area, population or equally as stated.";

int sg_unit_figures(sg_ctx *ctx, const sg_unit_figures_options *opts,
		    sg_table **out)
{
	char pop_year[16], title[256];
	sg_table *t = NULL;
	size_t top = 0;
	figs f;
	int rc;

	*out = NULL;
	sg_error__clear(ctx);
	if ((rc = sg_db__need(ctx)) != SG_OK)
		return rc;
	if (!opts || !opts->year)
		return sg_error__set(ctx, SG_EINVALID,
				     "units: figures need a school year");
	rc = open_figs(ctx, &f, opts->set, opts->year);
	if (rc == SG_OK && opts->unit)
		rc = find_unit(&f, opts->unit, &top);
	if (rc == SG_OK && opts->population_year)
		snprintf(pop_year, sizeof(pop_year), "%s",
			 opts->population_year);
	else if (rc == SG_OK)
		rc = population_year(ctx, opts->year, pop_year,
				     sizeof(pop_year));
	if (rc == SG_OK)
		rc = compute(&f, opts->year, pop_year);
	if (opts->unit && rc == SG_OK)
		snprintf(title, sizeof(title),
			 "%s and its units, %s, on the "
			 "set %s",
			 f.u[top].name, opts->year, f.set);
	else
		snprintf(title, sizeof(title), "Top units, %s, on the set %s",
			 opts->year, f.set);
	if (rc == SG_OK)
		rc = new_table(ctx, &t, title, method_note);
	for (size_t i = 0; rc == SG_OK && i < f.n; i++) {
		int want = opts->unit
				   ? i == top || f.u[i].parent == (int64_t)top
				   : f.u[i].parent < 0;

		if (want && put_row(t, &f, &f.u[i], opts->year, pop_year))
			rc = sg_error__oom(ctx, "units");
	}
	figs_free(&f);
	if (rc != SG_OK) {
		sg_table_free(t);
		return rc;
	}
	*out = t;
	return SG_OK;
}

int sg_unit_trends(sg_ctx *ctx, const sg_unit_figures_options *opts,
		   sg_table **out)
{
	char pop_year[16], title[256];
	sg_table *t = NULL;
	sqlite3_stmt *st = NULL;
	size_t top = 0;
	figs f;
	int rc, step = SQLITE_DONE;

	*out = NULL;
	sg_error__clear(ctx);
	if ((rc = sg_db__need(ctx)) != SG_OK)
		return rc;
	if (!opts || !opts->unit)
		return sg_error__set(ctx, SG_EINVALID,
				     "units: trends need a unit");
	rc = open_figs(ctx, &f, opts->set, NULL);
	if (rc == SG_OK)
		rc = find_unit(&f, opts->unit, &top);
	if (rc == SG_OK) {
		snprintf(title, sizeof(title),
			 "%s, every school year on the "
			 "set %s",
			 f.u[top].name, f.set);
		rc = new_table(ctx, &t, title, method_note);
	}
	if (rc == SG_OK)
		rc = sg_db__prepare(ctx, "units",
				    "SELECT DISTINCT year FROM "
				    "school_years WHERE ?1 IS NULL OR year = "
				    "?1 ORDER BY year",
				    &st);
	if (rc == SG_OK)
		sg_db__bind_text(st, 1, opts->year);
	while (rc == SG_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		char year[32];

		snprintf(year, sizeof(year), "%s", sqlite3_column_text(st, 0));
		if (opts->population_year)
			snprintf(pop_year, sizeof(pop_year), "%s",
				 opts->population_year);
		else
			rc = population_year(ctx, year, pop_year,
					     sizeof(pop_year));
		if (rc == SG_OK)
			rc = compute(&f, year, pop_year);
		if (rc == SG_OK && put_row(t, &f, &f.u[top], year, pop_year))
			rc = sg_error__oom(ctx, "units");
	}
	if (rc == SG_OK && step != SQLITE_DONE)
		rc = sg_db__fail(ctx, "units");
	sqlite3_finalize(st);
	figs_free(&f);
	if (rc != SG_OK) {
		sg_table_free(t);
		return rc;
	}
	*out = t;
	return SG_OK;
}

/*---- Unit lists without polygons --------------------------------------*/

typedef struct {
	sg_ctx *ctx;
	sqlite3_stmt *up;
	int64_t set_id, run, n;
} list_job;

/* Upsert one unit of a list; its id into *id. */
static int list_unit(list_job *j, json_object *o, const char *code_key,
		     const char *tier, int64_t parent, int64_t *id)
{
	const char *code = NULL, *name = NULL, *type = NULL;
	json_object *v;

	if (json_object_object_get_ex(o, code_key, &v))
		code = json_object_get_string(v);
	if (json_object_object_get_ex(o, "name", &v))
		name = json_object_get_string(v);
	if (json_object_object_get_ex(o, "type", &v))
		type = json_object_get_string(v);
	if (!code || !*code)
		return sg_error__set(j->ctx, SG_EINVALID,
				     "units: unit list: a unit without %s "
				     "(name '%s')",
				     code_key, name ? name : "");
	sqlite3_bind_int64(j->up, 1, j->set_id);
	sqlite3_bind_text(j->up, 2, code, -1, SQLITE_TRANSIENT);
	sg_db__bind_text(j->up, 3, name);
	sqlite3_bind_text(j->up, 4, tier, -1, SQLITE_STATIC);
	sg_db__bind_text(j->up, 5,
			 sg_xw__kind_code(type, tier)
				 ? sg_xw__kind_code(type, tier)
				 : sg_xw__kind_of_name(name, tier));
	if (parent >= 0)
		sqlite3_bind_int64(j->up, 6, parent);
	else
		sqlite3_bind_null(j->up, 6);
	sqlite3_bind_int64(j->up, 7, j->run);
	if (sqlite3_step(j->up) != SQLITE_ROW) {
		sqlite3_reset(j->up);
		return sg_db__fail(j->ctx, "units");
	}
	*id = sqlite3_column_int64(j->up, 0);
	sqlite3_reset(j->up);
	j->n++;
	return SG_OK;
}

/* Walk data[] -> level2s[] -> level3s[]. */
static int list_walk(list_job *j, json_object *arr, int depth, int64_t parent)
{
	static const char *const code_keys[] = { "level1_id", "level2_id",
						 "level3_id" };
	static const char *const tiers[] = { "city", "district", "ward" };
	static const char *const child_keys[] = { "level2s", "level3s", NULL };
	int rc = SG_OK;

	for (size_t i = 0; rc == SG_OK && i < json_object_array_length(arr);
	     i++) {
		json_object *o = json_object_array_get_idx(arr, i), *kids;
		int64_t id = -1;

		rc = list_unit(j, o, code_keys[depth], tiers[depth], parent,
			       &id);
		if (rc == SG_OK && child_keys[depth] &&
		    json_object_object_get_ex(o, child_keys[depth], &kids) &&
		    json_object_is_type(kids, json_type_array))
			rc = list_walk(j, kids, depth + 1, id);
	}
	return rc;
}

int sg_unit_list_import(sg_ctx *ctx, const char *path, const char *set,
			int64_t *units_out)
{
	json_object *root, *data;
	list_job j;
	int rc;

	if (units_out)
		*units_out = 0;
	sg_error__clear(ctx);
	if ((rc = sg_db__need(ctx)) != SG_OK)
		return rc;
	if (!path || access(path, R_OK) != 0)
		return sg_error__set(ctx, SG_ENOTFOUND,
				     "units: %s: cannot "
				     "read it",
				     path ? path : "");
	root = json_object_from_file(path);
	if (!root || !json_object_object_get_ex(root, "data", &data) ||
	    !json_object_is_type(data, json_type_array)) {
		json_object_put(root);
		return sg_error__set(ctx, SG_EINVALID,
				     "units: %s: not a unit list (expected "
				     "JSON {\"data\": [{level1_id, name, type,"
				     " level2s: [...]}]})",
				     path);
	}
	memset(&j, 0, sizeof(j));
	j.ctx = ctx;
	rc = sg_db__begin(ctx);
	if (rc == SG_OK)
		rc = sg_units__set_id(ctx, set, 1, &j.set_id);
	if (rc == SG_OK) {
		const sg_run_kv params[] = {
			SG_RUN_TEXT("file", path),
			SG_RUN_TEXT("set", set && *set ? set : NULL),
		};
		const sg_run run = { "units import-list", params, 2, NULL, 0 };

		rc = sg_run__begin(ctx, "units", &run, &j.run);
	}
	if (rc == SG_OK)
		rc = sg_db__prepare(
			ctx, "units",
			"INSERT INTO units (set_id, code, name, kind, "
			"kind_code, parent_id, run_id) VALUES (?1, ?2, ?3, "
			"?4, ?5, ?6, ?7) ON CONFLICT (set_id, code) DO UPDATE "
			"SET name = excluded.name, kind = excluded.kind, "
			"kind_code = excluded.kind_code, parent_id = "
			"excluded.parent_id, run_id = excluded.run_id "
			"RETURNING id",
			&j.up);
	if (rc == SG_OK)
		rc = list_walk(&j, data, 0, -1);
	sqlite3_finalize(j.up);
	json_object_put(root);
	if (rc == SG_OK)
		rc = sg_db__commit(ctx);
	else
		sg_db__rollback(ctx);
	if (rc == SG_OK && units_out)
		*units_out = j.n;
	return rc;
}

/*---- Checks of `validate` ---------------------------------------------*/

/* Slivers below this part of a unit are digitising noise, not gaps. */
#define SET_TOLERANCE "1e-4"

static const struct {
	const char *check;
	sg_severity severity;
	const char *sql;
} set_checks[] = {
	{ "set_crosswalk_shares", SG_SEVERITY_ERROR,
	  "SELECT f.code, printf('set %s: the crosswalk to the set %s hands "
	  "out %.6f of %s %s, not all of it once', fs.name, ts.name, "
	  "sum(x.share), f.kind, coalesce(f.name, '')), "
	  "X(PointOnSurface(f.geom)), Y(PointOnSurface(f.geom)), 0 FROM "
	  "crosswalk x JOIN units f ON f.id = x.from_unit_id JOIN units t ON "
	  "t.id = x.to_unit_id JOIN unit_sets fs ON fs.id = f.set_id JOIN "
	  "unit_sets ts ON ts.id = t.set_id GROUP BY f.id, t.set_id HAVING "
	  "abs(sum(x.share) - 1) > 1e-6 ORDER BY fs.name, f.code" },
	{ "set_unit_outside_parent", SG_SEVERITY_WARNING,
	  "WITH o AS (SELECT c.code, c.kind, c.name, p.code AS pcode, s.name "
	  "AS sname, c.geom AS cg, ST_Difference(c.geom, p.geom) AS g FROM "
	  "units c JOIN units p ON p.id = c.parent_id JOIN unit_sets s ON "
	  "s.id = c.set_id WHERE c.geom IS NOT NULL AND p.geom IS NOT NULL) "
	  "SELECT code, printf('set %s: %.2f%% of %s %s lies outside its "
	  "parent %s', sname, 100.0 * ST_Area(g) / ST_Area(cg), kind, "
	  "coalesce(name, ''), pcode), X(PointOnSurface(g)), "
	  "Y(PointOnSurface(g)), 0 FROM o WHERE g IS NOT NULL AND ST_Area(g) "
	  "> " SET_TOLERANCE " * ST_Area(cg) ORDER BY sname, code" },
	{ "set_gap", SG_SEVERITY_WARNING,
	  "WITH k AS (SELECT p.code, p.kind, p.name, s.name AS sname, p.geom "
	  "AS pg, (SELECT ST_Union(c.geom) FROM units c WHERE c.parent_id = "
	  "p.id AND c.geom IS NOT NULL) AS cg FROM units p JOIN unit_sets s "
	  "ON s.id = p.set_id WHERE p.geom IS NOT NULL), d AS (SELECT *, "
	  "ST_Difference(pg, cg) AS gap FROM k WHERE cg IS NOT NULL) "
	  "SELECT code, printf('set %s: %.2f%% of %s %s lies in none of its "
	  "units', sname, 100.0 * ST_Area(gap) / ST_Area(pg), kind, "
	  "coalesce(name, '')), X(PointOnSurface(gap)), "
	  "Y(PointOnSurface(gap)), 0 FROM d WHERE gap IS NOT NULL AND "
	  "ST_Area(gap) > " SET_TOLERANCE " * ST_Area(pg) ORDER BY sname, "
	  "code" },
	/* Each set with units and the next one: the older set's finest
	 * units should all be carried over. */
	{ "set_crosswalk_missing", SG_SEVERITY_WARNING,
	  "WITH s AS (SELECT id, name, start_date FROM unit_sets WHERE "
	  "EXISTS (SELECT 1 FROM units u WHERE u.set_id = unit_sets.id)), "
	  "pair AS (SELECT a.id AS aid, a.name AS an, (SELECT b.id FROM s b "
	  "WHERE b.start_date > a.start_date ORDER BY b.start_date LIMIT 1) "
	  "AS bid FROM s a) "
	  "SELECT u.code, printf('set %s: %s %s has no crosswalk to the set "
	  "%s', pair.an, u.kind, coalesce(u.name, ''), b.name), "
	  "X(PointOnSurface(u.geom)), Y(PointOnSurface(u.geom)), 0 FROM pair "
	  "JOIN unit_sets b ON b.id = pair.bid JOIN units u ON u.set_id = "
	  "pair.aid WHERE NOT EXISTS (SELECT 1 FROM units c WHERE "
	  "c.parent_id = u.id) AND NOT EXISTS (SELECT 1 FROM crosswalk x "
	  "JOIN units t ON t.id = x.to_unit_id WHERE x.from_unit_id = u.id "
	  "AND t.set_id = pair.bid) ORDER BY pair.an, u.code" },
};

int sg_units__validate(sg_ctx *ctx, sg_validation *v)
{
	int rc = SG_OK;

	for (size_t i = 0;
	     rc == SG_OK && i < sizeof(set_checks) / sizeof(*set_checks); i++) {
		sqlite3_stmt *st;
		int step = SQLITE_DONE;

		rc = sg_db__prepare(ctx, set_checks[i].check, set_checks[i].sql,
				    &st);
		while (rc == SG_OK && (step = sqlite3_step(st)) == SQLITE_ROW)
			if (sg_validate__add_row(v, set_checks[i].check,
						 set_checks[i].severity, "unit",
						 st) != 0)
				rc = sg_error__oom(ctx, "validate");
		if (rc == SG_OK && step != SQLITE_DONE)
			rc = sg_db__fail(ctx, set_checks[i].check);
		sqlite3_finalize(st);
	}
	return rc;
}

int sg_units__self_governing(sg_ctx *ctx, const char *unit)
{
	sqlite3_stmt *st;
	int yes = 0;

	if (sqlite3_prepare_v2(ctx->db,
			       "WITH u AS (" SG_UNITS__FIND_SQL ") SELECT "
			       "p.kind = 'city' FROM u JOIN units w ON w.id "
			       "= u.id JOIN units p ON p.id = w.parent_id "
			       "WHERE u.kind = 'ward'",
			       -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, unit, -1, SQLITE_STATIC);
	yes = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return yes;
}
