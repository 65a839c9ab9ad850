/*
 * layers/scope.c - the unit scope (schoolgis/store.h, layers/scope.h):
 * a unit, every unit below it and the schools it reaches, kept in two
 * TEMP tables of the store's connection so that loaders filter in SQL.
 *
 * The schools within the margin come from the schools' R*Tree (one box
 * query), so opening a scope costs the unit's size, not the store's.
 */
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "layers/scope.h"
#include "layers/units_int.h"

/* Which scope the TEMP tables hold is written beside them: a scope
 * reinstalls them when another was used since. */
static atomic_uint next_serial = 1;

static const char create_sql[] =
	"CREATE TEMP TABLE IF NOT EXISTS sg_scope_unit ("
	"id INTEGER PRIMARY KEY);"
	"CREATE TEMP TABLE IF NOT EXISTS sg_scope_school ("
	"id INTEGER PRIMARY KEY, inside INTEGER NOT NULL);"
	"CREATE TEMP TABLE IF NOT EXISTS sg_scope_meta (serial INTEGER);"
	"DELETE FROM temp.sg_scope_unit;"
	"DELETE FROM temp.sg_scope_school;"
	"DELETE FROM temp.sg_scope_meta;";

/* Run one statement with up to four real parameters and an id. */
static int step_sql(sg_ctx *ctx, const char *what, const char *sql, int64_t id,
		    const double *box)
{
	sqlite3_stmt *st;
	int rc = sg_db__prepare(ctx, what, sql, &st);

	if (rc != SG_OK)
		return rc;
	if (sqlite3_bind_parameter_count(st) >= 1)
		sqlite3_bind_int64(st, 1, id);
	for (int i = 0; box && i < 4; i++)
		sqlite3_bind_double(st, 2 + i, box[i]);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = sg_db__fail(ctx, what);
	sqlite3_finalize(st);
	return rc;
}

static int count_sql(sg_ctx *ctx, const char *what, const char *sql, size_t *n)
{
	sqlite3_stmt *st;
	int rc = sg_db__prepare(ctx, what, sql, &st);

	if (rc != SG_OK)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		*n = (size_t)sqlite3_column_int64(st, 0);
	else
		rc = sg_db__fail(ctx, what);
	sqlite3_finalize(st);
	return rc;
}

/* Fill the TEMP tables from the unit's id (and, the first time, find
 * the box and the counts). */
static int install(sg_ctx *ctx, const char *what, sg_scope *sc, int first)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = sg_db__exec(ctx, what, create_sql)) != SG_OK)
		return rc;
	rc = sc->whole_set
		     ? step_sql(ctx, what,
				"INSERT INTO temp.sg_scope_unit (id) "
				"SELECT id FROM units WHERE set_id = ?1",
				sc->set_id, NULL)
		     : step_sql(ctx, what,
				"INSERT INTO temp.sg_scope_unit (id) WITH "
				"RECURSIVE d(id) AS (SELECT ?1 UNION SELECT "
				"u.id FROM units u JOIN d ON u.parent_id = "
				"d.id) SELECT id FROM d",
				sc->id, NULL);
	if (rc == SG_OK && first) {
		rc = sg_db__prepare(ctx, what,
				    "SELECT min(MbrMinX(geom)), "
				    "min(MbrMinY(geom)), max(MbrMaxX(geom)), "
				    "max(MbrMaxY(geom)), count(*) FROM units "
				    "WHERE id IN " SG_SCOPE_UNITS,
				    &st);
		if (rc == SG_OK && sqlite3_step(st) == SQLITE_ROW) {
			for (int i = 0; i < 4; i++)
				sc->bbox[i] =
					sqlite3_column_type(st, i) ==
							SQLITE_NULL
						? NAN
						: sqlite3_column_double(st, i);
			sc->nunits = (size_t)sqlite3_column_int64(st, 4);
		} else if (rc == SG_OK) {
			rc = sg_db__fail(ctx, what);
		}
		sqlite3_finalize(st);
		if (rc == SG_OK && !isnan(sc->bbox[0])) {
			/* Metres to degrees at the box's edge farthest
			 * from the equator (the widest in longitude). */
			double lat = fmax(fabs(sc->bbox[1]), fabs(sc->bbox[3]));
			double dy = sc->margin / 111320.0;
			double dx = dy / fmax(cos(lat * M_PI / 180), 0.01);

			sc->mbox[0] = sc->bbox[0] - dx;
			sc->mbox[1] = sc->bbox[1] - dy;
			sc->mbox[2] = sc->bbox[2] + dx;
			sc->mbox[3] = sc->bbox[3] + dy;
		} else {
			memcpy(sc->mbox, sc->bbox, sizeof(sc->mbox));
		}
	}
	if (rc == SG_OK)
		rc = sg_db__exec(
			ctx, what,
			"INSERT INTO temp.sg_scope_school (id, inside) "
			"SELECT id, 1 FROM schools WHERE unit_id IN " SG_SCOPE_UNITS);
	if (rc == SG_OK && first) {
		char sql[96];
		size_t n = 0;

		snprintf(sql, sizeof(sql),
			 "SELECT EXISTS (SELECT 1 FROM units WHERE set_id <> "
			 "%lld)",
			 (long long)sc->set_id);
		rc = count_sql(ctx, what, sql, &n);
		sc->other_sets = n != 0;
	}
	if (rc == SG_OK && sc->other_sets) /* another set's schools, by
					    * location: units.c */
		rc = step_sql(ctx, what, SG_UNITS__SCOPE_SCHOOLS_SQL,
			      sc->set_id, NULL);
	/* The margin: schools whose point lies in the widened box (the
	 * R*Tree SpatiaLite keeps for schools.geom). */
	if (rc == SG_OK && !isnan(sc->mbox[0]))
		rc = step_sql(ctx, what,
			      "INSERT OR IGNORE INTO temp.sg_scope_school "
			      "(id, inside) SELECT pkid, 0 FROM "
			      "idx_schools_geom WHERE ?1 IS NOT NULL AND "
			      "xmax >= ?2 AND ymax >= ?3 AND xmin <= ?4 AND "
			      "ymin <= ?5",
			      0, sc->mbox);
	if (rc == SG_OK && first)
		rc = count_sql(ctx, what,
			       "SELECT count(*) FROM "
			       "temp.sg_scope_school WHERE inside",
			       &sc->nschools);
	if (rc == SG_OK && first)
		rc = count_sql(ctx, what,
			       "SELECT count(*) FROM "
			       "temp.sg_scope_school",
			       &sc->nreach);
	if (rc == SG_OK)
		rc = step_sql(ctx, what,
			      "INSERT INTO temp.sg_scope_meta "
			      "(serial) VALUES (?1)",
			      sc->serial, NULL);
	return rc;
}

int sg_scope__open(sg_ctx *ctx, const char *what, const char *unit,
		   double margin, sg_scope **out)
{
	sqlite3_stmt *st;
	sg_scope *sc;
	int rc, step;

	*out = NULL;
	if (!unit || !*unit)
		return SG_OK;
	if ((rc = sg_db__need(ctx)) != SG_OK)
		return rc;
	if (margin < 0 || isinf(margin))
		return sg_error__set(ctx, SG_EINVALID,
				     "%s: the margin of "
				     "unit %s must be a distance >= 0 in "
				     "metres",
				     what, unit);
	sc = calloc(1, sizeof(*sc));
	if (!sc)
		return sg_error__oom(ctx, what);
	sc->ctx = ctx;
	sc->serial = atomic_fetch_add(&next_serial, 1);
	sc->margin = margin > 0 ? margin : SG_SCOPE_MARGIN_DEFAULT;
	rc = sg_db__prepare(ctx, what, SG_UNITS__FIND_SQL, &st); /* sets */
	if (rc != SG_OK)
		goto fail;
	sqlite3_bind_text(st, 1, unit, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 2);
		const char *kind = (const char *)sqlite3_column_text(st, 3);

		sc->id = sqlite3_column_int64(st, 0);
		sc->set_id = sqlite3_column_int64(st, 4);
		sc->code = strdup(unit);
		sc->name = strdup(name ? name : "");
		snprintf(sc->kind, sizeof(sc->kind), "%s", kind ? kind : "");
		if (!sc->code || !sc->name)
			rc = sg_error__oom(ctx, what);
	} else if (step == SQLITE_DONE) {
		rc = sg_error__set(ctx, SG_ENOTFOUND,
				   "%s: no unit with the "
				   "code '%s' in the store",
				   what, unit);
	} else {
		rc = sg_db__fail(ctx, what);
	}
	sqlite3_finalize(st);
	if (rc == SG_OK)
		rc = install(ctx, what, sc, 1);
	if (rc == SG_OK) {
		*out = sc;
		return SG_OK;
	}
fail:
	sg_scope_free(sc);
	return rc;
}

int sg_scope__use(sg_ctx *ctx, const char *what, const sg_scope *sc)
{
	sqlite3_stmt *st;
	int same = 0;

	if (!sc)
		return SG_OK;
	if (sqlite3_prepare_v2(ctx->db,
			       "SELECT serial FROM "
			       "temp.sg_scope_meta",
			       -1, &st, NULL) == SQLITE_OK) {
		same = sqlite3_step(st) == SQLITE_ROW &&
		       (unsigned)sqlite3_column_int64(st, 0) == sc->serial;
		sqlite3_finalize(st);
	}
	return same ? SG_OK : install(ctx, what, (sg_scope *)sc, 0);
}

int sg_scope__resolve(sg_ctx *ctx, const char *what, const sg_scope *given,
		      const char *unit, double margin, const sg_scope **out,
		      sg_scope **own)
{
	int rc = SG_OK;

	*own = NULL;
	*out = given;
	if (!given && unit && *unit) {
		rc = sg_scope__open(ctx, what, unit, margin, own);
		*out = *own;
	}
	if (rc == SG_OK)
		rc = sg_scope__use(ctx, what, *out);
	return rc;
}

/* The scope of every unit of a set (its name as code and name). */
static int open_set(sg_ctx *ctx, const char *what, int64_t set_id,
		    const char *name, double margin, sg_scope **out)
{
	sg_scope *sc = calloc(1, sizeof(*sc));
	int rc;

	*out = NULL;
	if (!sc)
		return sg_error__oom(ctx, what);
	sc->ctx = ctx;
	sc->serial = atomic_fetch_add(&next_serial, 1);
	sc->margin = margin > 0 && !isinf(margin) ? margin
						  : SG_SCOPE_MARGIN_DEFAULT;
	sc->set_id = set_id;
	sc->whole_set = 1;
	sc->code = strdup(name);
	sc->name = strdup(name);
	snprintf(sc->kind, sizeof(sc->kind), "set");
	rc = !sc->code || !sc->name ? sg_error__oom(ctx, what)
				    : install(ctx, what, sc, 1);
	if (rc == SG_OK)
		*out = sc;
	else
		sg_scope_free(sc);
	return rc;
}

int sg_scope__unit_in_set(sg_ctx *ctx, const char *what, const char *set,
			  const char *unit, char **out)
{
	const char *slash;
	int64_t id;
	size_t n;
	int rc;

	*out = NULL;
	if (!unit)
		return SG_OK;
	if (set && *set) {
		if ((rc = sg_units__set_id(ctx, set, 0, &id)) != SG_OK)
			return rc;
		slash = strchr(unit, '/');
		if (slash && ((size_t)(slash - unit) != strlen(set) ||
			      strncmp(unit, set, strlen(set)) != 0))
			return sg_error__set(ctx, SG_EINVALID,
					     "%s: the unit %s is not of "
					     "the administrative set %s "
					     "asked for",
					     what, unit, set);
		if (!slash) {
			n = strlen(set) + strlen(unit) + 2;
			if ((*out = malloc(n)) != NULL)
				snprintf(*out, n, "%s/%s", set, unit);
		} else {
			*out = strdup(unit);
		}
	} else {
		*out = strdup(unit);
	}
	return *out ? SG_OK : sg_error__oom(ctx, what);
}

int sg_scope__resolve_set(sg_ctx *ctx, const char *what, const sg_scope *given,
			  const char *unit, const char *set, const char *year,
			  double margin, const sg_scope **out, sg_scope **own)
{
	char name[64] = "", last[32] = "";
	sqlite3_stmt *st;
	int64_t set_id = 0, nsets = 0;
	char *spec = NULL;
	int rc;

	*own = NULL;
	*out = given;
	if (given || (unit && *unit)) {
		rc = given ? SG_OK
			   : sg_scope__unit_in_set(ctx, what, set, unit, &spec);
		if (rc == SG_OK)
			rc = sg_scope__resolve(ctx, what, given, spec, margin,
					       out, own);
		free(spec);
		return rc;
	}
	rc = sg_db__prepare(ctx, what,
			    "SELECT count(DISTINCT set_id), (SELECT "
			    "max(year) FROM school_years), (SELECT id FROM "
			    "unit_sets WHERE name = ?1), (SELECT count(*) "
			    "FROM units u JOIN unit_sets s ON s.id = u.set_id"
			    " WHERE s.name = ?1) FROM units",
			    &st);
	if (rc != SG_OK)
		return rc;
	sg_db__bind_text(st, 1, set);
	if (sqlite3_step(st) == SQLITE_ROW) {
		nsets = sqlite3_column_int64(st, 0);
		if (sqlite3_column_type(st, 1) != SQLITE_NULL)
			snprintf(last, sizeof(last), "%s",
				 sqlite3_column_text(st, 1));
		set_id = sqlite3_column_int64(st, 2);
		if (set && sqlite3_column_type(st, 2) == SQLITE_NULL)
			rc = sg_error__set(ctx, SG_ENOTFOUND,
					   "%s: no administrative set '%s' "
					   "in the store",
					   what, set);
		else if (set && sqlite3_column_int64(st, 3) == 0)
			rc = sg_error__set(ctx, SG_ENOTFOUND,
					   "%s: the administrative set '%s' "
					   "has no units",
					   what, set);
	} else {
		rc = sg_db__fail(ctx, what);
	}
	sqlite3_finalize(st);
	if (rc != SG_OK || nsets < 2)
		return rc; /* one set: the whole store */
	if (set) {
		snprintf(name, sizeof(name), "%s", set);
	} else {
		rc = sg_units__import_set(ctx, NULL,
					  year	  ? year
					  : *last ? last
						  : NULL,
					  &set_id);
		if (rc == SG_OK)
			rc = sg_db__prepare(ctx, what,
					    "SELECT name FROM "
					    "unit_sets WHERE id = ?1",
					    &st);
		if (rc != SG_OK)
			return rc;
		sqlite3_bind_int64(st, 1, set_id);
		if (sqlite3_step(st) == SQLITE_ROW)
			snprintf(name, sizeof(name), "%s",
				 sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	rc = open_set(ctx, what, set_id, name, margin, own);
	*out = *own;
	return rc;
}

/*---- Public -------------------------------------------------------------*/

int sg_scope_open(sg_ctx *ctx, const char *unit, double margin, sg_scope **out)
{
	if (!out)
		return sg_error__set(ctx, SG_EINVALID, "scope: no output");
	*out = NULL;
	sg_error__clear(ctx);
	if (!unit || !*unit)
		return sg_error__set(ctx, SG_EINVALID,
				     "scope: a unit code "
				     "is required");
	return sg_scope__open(ctx, "scope", unit, isnan(margin) ? 0 : margin,
			      out);
}

const char *sg_scope_code(const sg_scope *sc)
{
	return sc ? sc->code : NULL;
}

const char *sg_scope_name(const sg_scope *sc)
{
	return sc ? sc->name : NULL;
}

const char *sg_scope_kind(const sg_scope *sc)
{
	return sc ? sc->kind : NULL;
}

size_t sg_scope_unit_count(const sg_scope *sc)
{
	return sc ? sc->nunits : 0;
}

size_t sg_scope_school_count(const sg_scope *sc, bool with_margin)
{
	return !sc ? 0 : with_margin ? sc->nreach : sc->nschools;
}

double sg_scope_margin(const sg_scope *sc)
{
	return sc ? sc->margin : NAN;
}

void sg_scope_bbox(const sg_scope *sc, bool with_margin, double out[4])
{
	for (int i = 0; i < 4; i++)
		out[i] = !sc ? NAN : with_margin ? sc->mbox[i] : sc->bbox[i];
}

void sg_scope_free(sg_scope *sc)
{
	if (!sc)
		return;
	free(sc->code);
	free(sc->name);
	free(sc);
}

/*---- Loaders for the report ---------------------------------------------*/

int sg_scope__year(sg_ctx *ctx, const char *what, const sg_scope *sc,
		   const char *year, char *out, size_t n)
{
	sqlite3_stmt *st;
	int rc;

	out[0] = '\0';
	if ((rc = sg_scope__use(ctx, what, sc)) != SG_OK)
		return rc;
	rc = sg_db__prepare(
		ctx, what,
		sc ? "SELECT coalesce(?1, max(year)), count(*) FROM "
		     "school_years WHERE (?1 IS NULL OR year = ?1) AND "
		     "school_id IN " SG_SCOPE_SCHOOLS
		   : "SELECT coalesce(?1, max(year)), count(*) FROM "
		     "school_years WHERE ?1 IS NULL OR year = ?1",
		&st);
	if (rc != SG_OK)
		return rc;
	sg_db__bind_text(st, 1, year);
	if (sqlite3_step(st) != SQLITE_ROW)
		rc = sg_db__fail(ctx, what);
	else if (sqlite3_column_int(st, 1) > 0)
		snprintf(out, n, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	/* Whole sentences, one per case, for the translators. */
	if (rc != SG_OK || out[0])
		return rc;
	if (year && sc)
		return sg_error__set(ctx, SG_ENOTFOUND,
				     "%s: no school figures for %s in unit %s",
				     what, year, sc->code);
	if (year)
		return sg_error__set(ctx, SG_ENOTFOUND,
				     "%s: no school figures for %s in the "
				     "store",
				     what, year);
	if (sc)
		return sg_error__set(ctx, SG_ENOTFOUND,
				     "%s: no school figures for any year in "
				     "unit %s",
				     what, sc->code);
	return sg_error__set(ctx, SG_ENOTFOUND,
			     "%s: no school figures for any year in the "
			     "store",
			     what);
}

int sg_scope__codes(sg_ctx *ctx, const char *what, const sg_scope *sc,
		    sg_strmap **units, sg_strmap **schools)
{
	static const char *const sql[2] = {
		"SELECT code FROM units WHERE id IN " SG_SCOPE_UNITS,
		"SELECT code FROM schools WHERE id IN " SG_SCOPE_SCHOOLS
	};
	sg_strmap **maps[2] = { units, schools };
	int rc = sg_scope__use(ctx, what, sc);

	*units = *schools = NULL;
	for (int i = 0; rc == SG_OK && i < 2; i++) {
		sqlite3_stmt *st;
		int step;

		if (!(*maps[i] = sg_strmap__new()))
			return sg_error__set(ctx, SG_ENOMEM,
					     "%s: out of "
					     "memory",
					     what);
		if ((rc = sg_db__prepare(ctx, what, sql[i], &st)) != SG_OK)
			break;
		while ((step = sqlite3_step(st)) == SQLITE_ROW)
			if (sg_strmap__put(*maps[i],
					   (const char *)sqlite3_column_text(st,
									     0),
					   1)) {
				rc = sg_error__set(ctx, SG_ENOMEM,
						   "%s: out "
						   "of memory",
						   what);
				break;
			}
		if (rc == SG_OK && step != SQLITE_DONE)
			rc = sg_db__fail(ctx, what);
		sqlite3_finalize(st);
	}
	return rc;
}

/*
 * The shadow views: TEMP views named like the store's tables come first
 * in SQLite's name lookup, so SQL written for the whole store (the
 * checks of sg_validate) reads only the scope's rows.  The views keep
 * the tables' rowid as a column, for the checks that probe the
 * SpatialIndex by ROWID.
 */
int sg_scope__shadow(sg_ctx *ctx, const char *what, const sg_scope *sc, int on)
{
	static const char create[] =
		"CREATE TEMP VIEW units AS SELECT rowid AS rowid, * FROM "
		"main.units WHERE id IN " SG_SCOPE_UNITS ";"
		"CREATE TEMP VIEW schools AS SELECT rowid AS rowid, * FROM "
		"main.schools WHERE id IN " SG_SCOPE_SCHOOLS ";"
		"CREATE TEMP VIEW school_years AS SELECT rowid AS rowid, * "
		"FROM main.school_years WHERE school_id IN " SG_SCOPE_SCHOOLS
		";"
		"CREATE TEMP VIEW population AS SELECT rowid AS rowid, * FROM "
		"main.population WHERE unit_id IN " SG_SCOPE_UNITS ";";
	static const char drop[] = "DROP VIEW IF EXISTS temp.units;"
				   "DROP VIEW IF EXISTS temp.schools;"
				   "DROP VIEW IF EXISTS temp.school_years;"
				   "DROP VIEW IF EXISTS temp.population;";
	int rc;

	if (!sc)
		return SG_OK;
	if (!on)
		return sg_db__exec(ctx, what, drop);
	if ((rc = sg_scope__use(ctx, what, sc)) != SG_OK)
		return rc;
	rc = sg_db__exec(ctx, what, create);
	if (rc != SG_OK)
		sqlite3_exec(ctx->db, drop, NULL, NULL, NULL);
	return rc;
}
