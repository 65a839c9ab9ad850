/*
 * layers/units_int.h - administrative sets inside layers/: the helpers
 * the unit and crosswalk imports and validate share.
 */
#ifndef SG_LAYERS_UNITS_INT_H
#define SG_LAYERS_UNITS_INT_H

#include <stdint.h>

#include <sqlite3.h>

#include "schoolgis/context.h"
#include "schoolgis/validate.h"

/*
 * The id of the set named `name` (NULL: "default").  With create, a
 * missing set whose name is a date (YYYY-MM-DD) is added with that start
 * date.  Returns SG_OK, SG_ENOTFOUND (no such set, or not a date with
 * create), SG_ESQLITE.
 */
int sg_units__set_id(sg_ctx *ctx, const char *name, /* set name, or NULL */
		     int create,		    /* add it when missing */
		     int64_t *id);		    /* OUT: unit_sets.id */

/*
 * The set an import of schools, population or applicants codes refer
 * to: `set` when given, else the one in force on the school year's
 * 1 September (`year`, may be NULL), else the newest set with units,
 * else "default".  Returns SG_OK, SG_ENOTFOUND, SG_ESQLITE.
 */
int sg_units__import_set(sg_ctx *ctx, const char *set, const char *year,
			 int64_t *id);

/* True when s is a date YYYY-MM-DD. */
int sg_units__is_date(const char *s);

/* Number of units of the set with a polygon (-1 on error). */
int64_t sg_units__with_geometry(sg_ctx *ctx, int64_t set_id);

/*
 * The unit a scope names (layers/scope.c): "CODE", the unit of the
 * newest set holding that code, or "SET/CODE" ("2019-01-01/783") for the
 * unit of a set; ?1 is the text.  Columns id, code, name, kind, set_id.
 */
#define SG_UNITS__FIND_SQL                                                     \
	"SELECT u.id, u.code, u.name, u.kind, u.set_id FROM units u JOIN "     \
	"unit_sets s "                                                         \
	"ON s.id = u.set_id WHERE u.code = ?1 OR (instr(?1, '/') > 0 AND "     \
	"u.code = substr(?1, instr(?1, '/') + 1) AND s.name = substr(?1, "     \
	"1, instr(?1, '/') - 1)) ORDER BY u.code <> ?1, s.start_date DESC "    \
	"LIMIT 1"

/*
 * A scope of another administrative set than the one its schools were
 * placed in (a 2025 commune, schools imported on the 2019 wards): the
 * schools lying in the scope's finest units count as inside it, by
 * location.  ?1 is the scope's set id; after the scope's units are in
 * temp.sg_scope_unit.  A store of one set is not changed by it
 * (layers/scope.c does not run it there: sg_scope.other_sets).  The set
 * test and ST_Intersects are one CASE, so that the point-in-unit test
 * runs only for a school of another set: as separate terms, SQLite
 * evaluated the set test (a correlated sub-query) after ST_Intersects.
 */
#define SG_UNITS__SCOPE_SCHOOLS_SQL                                            \
	"INSERT OR IGNORE INTO temp.sg_scope_school (id, inside) SELECT "      \
	"s.id, 1 FROM units u JOIN schools s ON s.ROWID IN (SELECT ROWID "     \
	"FROM SpatialIndex WHERE f_table_name = 'schools' AND "                \
	"f_geometry_column = 'geom' AND search_frame = u.geom) AND CASE "      \
	"WHEN (SELECT d.set_id FROM units d WHERE d.id = s.unit_id) <> ?1 "    \
	"THEN ST_Intersects(u.geom, s.geom) ELSE 0 END "                       \
	"WHERE u.id IN (SELECT id FROM temp.sg_scope_unit) AND u.geom IS "     \
	"NOT NULL"                                                             \
	" AND NOT EXISTS (SELECT 1 FROM units c WHERE c.parent_id = u.id)"

/*
 * The unit of a school (a row of `schools`, named T in the query) in a
 * scope of another set than its own unit's: the scope's finest unit it
 * lies in, else its own unit_id.  An expression for the loaders of
 * stats (layers/stats.c) and catchments/coverage (layers/catchments.c).
 * The set test guards ST_Intersects inside one CASE (see above).  The
 * loaders use it only when the store holds another set than the scope's
 * (sg_scope.other_sets): in a store of one set it is the unit_id, and
 * its per-school walk of the scope's units cost about half the CPU of
 * the national bench's catchments and coverage.
 */
#define SG_UNITS__SCOPE_UNIT_OF(T)                                             \
	"coalesce((SELECT u.id FROM units u WHERE u.id IN (SELECT id FROM "    \
	"temp.sg_scope_unit) AND NOT EXISTS (SELECT 1 FROM units c WHERE "     \
	"c.parent_id = u.id) AND CASE WHEN u.set_id <> (SELECT d.set_id "      \
	"FROM units d WHERE d.id = " T                                         \
	".unit_id) THEN ST_Intersects(u.geom, " T                              \
	".geom) ELSE 0 END ORDER BY u.id LIMIT 1), " T ".unit_id)"
#define SG_UNITS__SCOPE_UNIT_OF_SCHOOL SG_UNITS__SCOPE_UNIT_OF("schools")

/*
 * A row of a table with unit_id and geom (applicants, named T) lies in
 * the scope: its unit is one of the scope's, or, its unit being of
 * another set than S (the scope's set id, a placeholder such as "?4"),
 * its point lies in one of the scope's finest units.
 */
#define SG_UNITS__SCOPE_HOLDS(T, S)                                            \
	"(" T ".unit_id IN (SELECT id FROM temp.sg_scope_unit) OR (coalesce("  \
	"(SELECT d.set_id FROM units d WHERE d.id = " T ".unit_id), -1) <> " S \
	" AND EXISTS (SELECT 1 FROM units u WHERE u.id IN (SELECT id "         \
	"FROM temp.sg_scope_unit) AND u.geom IS NOT NULL AND NOT EXISTS "      \
	"(SELECT 1 FROM units c WHERE c.parent_id = u.id) AND "                \
	"MbrIntersects(u.geom, " T ".geom) AND ST_Intersects(u.geom, " T       \
	".geom))))"

/*
 * A scope's population rows (unit_id, year, age_from, age_to, count):
 * those stored for its units, and for a unit with none, the bands of
 * the older units the crosswalk maps into it, times their shares (a
 * 2025 commune takes its people from the 2019 wards merged into it).
 * ?1: the census year, or NULL for all.
 */
#define SG_UNITS__SCOPE_POPULATION_SQL                                         \
	"SELECT unit_id, year, age_from, age_to, count FROM population "       \
	"WHERE (?1 IS NULL OR year = ?1) AND unit_id IN (SELECT id FROM "      \
	"temp.sg_scope_unit) UNION ALL SELECT x.to_unit_id, p.year, "          \
	"p.age_from, p.age_to, sum(p.count * x.share) FROM crosswalk x "       \
	"JOIN population p ON p.unit_id = x.from_unit_id WHERE (?1 IS NULL"    \
	" OR p.year = ?1) AND x.to_unit_id IN (SELECT id FROM "                \
	"temp.sg_scope_unit) AND NOT EXISTS (SELECT 1 FROM population q "      \
	"WHERE q.unit_id = x.to_unit_id) GROUP BY x.to_unit_id, p.year, "      \
	"p.age_from, p.age_to"

/*
 * True when `unit` (as SG_UNITS__FIND_SQL reads it) is a commune of a
 * set without districts (its parent is a province): the 2025 communes
 * run their preschools, primary and lower-secondary schools, so the
 * report is made for them.
 */
int sg_units__self_governing(sg_ctx *ctx, const char *unit);

/*
 * Append a finding from a result row (code, message, lon, lat, row) of
 * st to v: validate.c's adder, for checks kept in other files.  Check
 * and subject are static strings.  Returns 0, or -1 out of memory.
 */
int sg_validate__add_row(sg_validation *v, const char *check,
			 sg_severity severity, const char *subject,
			 sqlite3_stmt *st);

/*
 * The administrative-set checks of `validate`: gaps between a unit's
 * children, children outside their parent, crosswalk shares that do not
 * sum to 1, and the finest units of an older set with no crosswalk to
 * the next set.  Findings go to v.  Returns SG_OK, SG_ESQLITE, SG_ENOMEM.
 */
int sg_units__validate(sg_ctx *ctx, sg_validation *v);

/*
 * The message of finding f of v in Vietnamese (vi) or English: an
 * import finding's reason from its code (layers/reasons.h), the other
 * checks' messages as they are (English).  The text is kept in v.
 */
const char *sg_validate__message(sg_validation *v, const sg_finding *f, int vi);

#endif /* SG_LAYERS_UNITS_INT_H */
