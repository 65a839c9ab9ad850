/*
 * layers/tiles_load.c - the map layers read from the store: units,
 * schools, catchments and unserved areas as EPSG:4326 GEOS geometries
 * with an attribute table each.
 *
 * One statement per layer; the geometry comes last as WKB
 * (AsBinary) and is parsed with the context's GEOS handle, so the map
 * renderer never sees SQLite.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/catchment.h"
#include "engine/strmap.h"
#include "engine/table.h"
#include "engine/text.h"
#include "layers/layers.h"
#include "layers/load.h"
#include "layers/runs.h"
#include "layers/tiles_load.h"
#include "util/file.h"

void sg_feats__free(sg_ctx *ctx, sg_feats *f)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->geom[i])
			GEOSGeom_destroy_r(ctx->geos, f->geom[i]);
	free(f->geom);
	sg_table_free(f->attr);
	memset(f, 0, sizeof(*f));
}

/*
 * Read every row of st into out: columns 0..ncols-1 as typed by
 * `types` ('t' text, 'r' number) under `names`, then column ncols as WKB.
 * Extra columns (names beyond ncols, nextra of them, all numbers) are
 * added to the table and left NULL for the caller.
 */
static int read_rows(sg_ctx *ctx, const char *what, sqlite3_stmt *st,
		     const char *const *names, const char *types, size_t nextra,
		     sg_feats *out)
{
	size_t ncols = strlen(types), cap = 0;
	sg_col_type ct[32];
	GEOSWKBReader *rd = GEOSWKBReader_create_r(ctx->geos);
	int step, rc = SG_OK;

	memset(out, 0, sizeof(*out));
	for (size_t c = 0; c < ncols + nextra && c < 32; c++)
		ct[c] = c < ncols && types[c] == 't' ? SG_COL_TEXT
						     : SG_COL_REAL;
	out->attr = sg_table__new(ncols + nextra, names, ct);
	if (!rd || !out->attr) {
		rc = sg_error__oom(ctx, what);
		goto done;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		long row = sg_table__add_row(out->attr);
		GEOSGeometry *g = NULL;

		if (out->n == cap) {
			size_t nc = cap ? cap * 2 : 256;
			GEOSGeometry **p = realloc(out->geom, nc * sizeof(*p));

			if (!p) {
				row = -1;
			} else {
				out->geom = p;
				cap = nc;
			}
		}
		if (row < 0) {
			rc = sg_error__oom(ctx, what);
			goto done;
		}
		for (size_t c = 0; c < ncols; c++) {
			if (sqlite3_column_type(st, (int)c) == SQLITE_NULL)
				continue;
			if (types[c] == 't') {
				if (sg_table__set_text(
					    out->attr, (size_t)row, c,
					    (const char *)sqlite3_column_text(
						    st, (int)c)) != 0)
					rc = SG_ENOMEM;
			} else {
				sg_table__set_real(
					out->attr, (size_t)row, c,
					sqlite3_column_double(st, (int)c));
			}
		}
		if (sqlite3_column_type(st, (int)ncols) == SQLITE_BLOB)
			g = GEOSWKBReader_read_r(
				ctx->geos, rd,
				sqlite3_column_blob(st, (int)ncols),
				(size_t)sqlite3_column_bytes(st, (int)ncols));
		out->geom[out->n++] = g;
		if (rc != SG_OK) {
			rc = sg_error__oom(ctx, what);
			goto done;
		}
	}
	if (step != SQLITE_DONE)
		rc = sg_db__fail(ctx, what);
done:
	if (rd)
		GEOSWKBReader_destroy_r(ctx->geos, rd);
	if (rc != SG_OK)
		sg_feats__free(ctx, out);
	return rc;
}

/* A box filter on a table's R*Tree, bound to ?2..?5 (sc's widened box). */
#define IN_BOX(table)                                                          \
	" IN (SELECT pkid FROM idx_" table "_geom WHERE xmax >= ?2 AND "       \
	"ymax >= ?3 AND xmin <= ?4 AND ymin <= ?5)"

static void bind_box(sqlite3_stmt *st, const sg_scope *sc)
{
	for (int i = 0; i < 4; i++)
		sqlite3_bind_double(st, 2 + i, sc->mbox[i]);
}

int sg_tiles__load_units(sg_ctx *ctx, const sg_scope *sc, const char *kind,
			 sg_feats *out)
{
	static const char *const names[] = { "unit_code", "unit_name",
					     "unit_kind", "parent_code",
					     "population" };
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = sg_db__need(ctx)) != SG_OK ||
	    (rc = sg_scope__use(ctx, "map units", sc)) != SG_OK)
		return rc;
	rc = sg_db__prepare(
		ctx, "map units",
		sc ? "SELECT u.code, u.name, u.kind, p.code, "
		     "(SELECT count FROM population WHERE unit_id = "
		     "u.id AND age_from = 0 AND age_to = 120 ORDER BY "
		     "year DESC LIMIT 1), AsBinary(u.geom) FROM units u "
		     "LEFT JOIN units p ON p.id = u.parent_id WHERE "
		     "u.kind = ?1 AND u.id IN " SG_SCOPE_UNITS " ORDER "
		     "BY u.code"
		   : "SELECT u.code, u.name, u.kind, p.code, (SELECT "
		     "count FROM population WHERE unit_id = u.id AND "
		     "age_from = 0 AND age_to = 120 ORDER BY year DESC "
		     "LIMIT 1), AsBinary(u.geom) FROM units u LEFT JOIN "
		     "units p ON p.id = u.parent_id WHERE u.kind = ?1 "
		     "ORDER BY u.code",
		&st);
	if (rc != SG_OK)
		return rc;
	sqlite3_bind_text(st, 1, kind ? kind : "ward", -1, SQLITE_STATIC);
	rc = read_rows(ctx, "map units", st, names, "ttttr", 0, out);
	sqlite3_finalize(st);
	if (rc == SG_OK && out->n == 0) {
		sg_feats__free(ctx, out);
		if (sc)
			return sg_error__set(ctx, SG_ENOTFOUND,
					     "map: unit %s "
					     "has no units of kind '%s'",
					     sc->code, kind ? kind : "ward");
		return sg_error__set(ctx, SG_ENOTFOUND,
				     "map: the store has no "
				     "units of kind '%s' (import units "
				     "first)",
				     kind ? kind : "ward");
	}
	return rc;
}

int sg_tiles__load_schools(sg_ctx *ctx, const char *year, const char *level,
			   sg_feats *out)
{
	return sg_tiles__load_schools_in(ctx, NULL, year, level, out);
}

int sg_tiles__load_schools_in(sg_ctx *ctx, const sg_scope *sc, const char *year,
			      const char *level, sg_feats *out)
{
	static const char *const names[] = { "school_code",
					     "school_name",
					     "levels",
					     "unit_code",
					     "year",
					     "students",
					     "computers_teaching",
					     "computers_management",
					     "teachers" };
	static const sg_fig figs[] = { SG_FIG_STUDENTS,
				       SG_FIG_COMPUTERS_TEACHING,
				       SG_FIG_COMPUTERS_MANAGEMENT,
				       SG_FIG_TEACHERS };
	sg_col_type ct[9];
	sg_school_query q = {
		.scope = sc, .reach = 1, .year = year, .located = 1
	};
	sg_schools s;
	unsigned mask = 0;
	int rc, oom = 0;

	memset(out, 0, sizeof(*out));
	if ((rc = sg_db__need(ctx)) != SG_OK)
		return rc;
	if (level) {
		if (sg_text__level_parse(level, &mask) != 0 ||
		    (mask & (mask - 1)) != 0)
			return sg_error__set(ctx, SG_EINVALID,
					     "map schools: "
					     "unknown level '%s'",
					     level);
		q.levels = mask;
	}
	if ((rc = sg_load__schools(ctx, "map schools", &q, &s)) != SG_OK)
		return rc;
	for (size_t c = 0; c < 9; c++)
		ct[c] = c < 5 ? SG_COL_TEXT : SG_COL_REAL;
	out->attr = sg_table__new(9, names, ct);
	out->geom = calloc(s.n ? s.n : 1, sizeof(*out->geom));
	oom = !out->attr || !out->geom;
	for (size_t i = 0; !oom && i < s.n; i++) {
		const char *text[5] = { s.code[i], s.name[i], s.levels_text[i],
					s.unit_code[i], s.year[i] };
		long row = sg_table__add_row(out->attr);

		if (row < 0) {
			oom = 1;
			break;
		}
		for (size_t c = 0; c < 5; c++)
			if (text[c] &&
			    sg_table__set_text(out->attr, (size_t)row, c,
					       text[c]) != 0)
				oom = 1;
		for (size_t c = 0; c < 4; c++)
			if (!isnan(s.fig[figs[c]][i]))
				sg_table__set_real(out->attr, (size_t)row,
						   5 + c, s.fig[figs[c]][i]);
		out->geom[out->n++] = GEOSGeom_createPointFromXY_r(ctx->geos,
								   s.lon[i],
								   s.lat[i]);
	}
	sg_load__schools_free(&s);
	if (oom) {
		sg_feats__free(ctx, out);
		return sg_error__oom(ctx, "map schools");
	}
	return SG_OK;
}

/* Students of `level` per school code, from the `year` figures. */
static int level_students(sg_ctx *ctx, const sg_scope *sc, unsigned mask,
			  const char *year, sg_strmap *idx, double **out)
{
	const sg_school_query q = {
		.scope = sc, .reach = 1, .levels = mask, .year = year
	};
	const sg_fig lf = sg_load__fig_students_of(mask);
	sg_schools s;
	int rc;

	if ((rc = sg_load__schools(ctx, "map catchments", &q, &s)) != SG_OK)
		return rc;
	*out = malloc((s.n ? s.n : 1) * sizeof(double));
	if (!*out)
		rc = SG_ENOMEM;
	for (size_t i = 0; rc == SG_OK && i < s.n; i++) {
		double students, seats;

		sg_catch__seats(s.levels[i] ? s.levels[i] : mask, mask,
				s.fig[SG_FIG_STUDENTS][i], s.fig[lf][i], NAN,
				NAN, &students, &seats);
		(*out)[i] = students;
		if (sg_strmap__put(idx, s.code[i], (int64_t)i) != 0)
			rc = SG_ENOMEM;
	}
	sg_load__schools_free(&s);
	if (rc == SG_ENOMEM)
		rc = sg_error__oom(ctx, "map catchments");
	return rc;
}

/* The latest run holding catchments (or unserved areas) of the level
 * and method; 0 when none. */
static int find_run(sg_ctx *ctx, const sg_scope *sc, const char *level,
		    const char *method, int unserved, int64_t *run)
{
	char m[64];
	sqlite3_stmt *st;
	int rc;

	*run = 0;
	/* With a scope: the latest run with polygons in its box. */
	rc = sg_db__prepare(ctx, "map catchments",
			    "SELECT max(run_id) FROM catchments WHERE (?1 IS "
			    "NULL OR level = ?1) AND (?6 IS NULL OR method = "
			    "?6) AND (CASE WHEN ?7 THEN school_id IS NULL AND "
			    "method LIKE '%-unserved' ELSE school_id IS NOT "
			    "NULL END) AND (?8 = 0 OR id" IN_BOX(
				    "catchments") ")",
			    &st);
	if (rc != SG_OK)
		return rc;
	sg_db__bind_text(st, 1, level);
	if (method && unserved) {
		snprintf(m, sizeof(m), "%s-unserved", method);
		sqlite3_bind_text(st, 6, m, -1, SQLITE_TRANSIENT);
	} else {
		sg_db__bind_text(st, 6, method);
	}
	sqlite3_bind_int(st, 7, unserved);
	sqlite3_bind_int(st, 8, sc != NULL);
	if (sc)
		bind_box(st, sc);
	if (sqlite3_step(st) == SQLITE_ROW)
		*run = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return SG_OK;
}

/* No stored run to draw: a whole sentence per case, the level's label
 * and the method filled in by a translated qualifier. */
static int no_run(sg_ctx *ctx, const char *what, int unserved,
		  const char *level_label, const char *method)
{
	char q[160] = "";

	if (level_label && method)
		snprintf(q, sizeof(q), sg__tr(" (level %s, method %s)"),
			 level_label, method);
	else if (level_label)
		snprintf(q, sizeof(q), sg__tr(" (level %s)"), level_label);
	else if (method)
		snprintf(q, sizeof(q), sg__tr(" (method %s)"), method);
	if (unserved)
		return sg_error__set(ctx, SG_ENOTFOUND,
				     "%s: the store holds no unserved "
				     "areas%s: they come from catchments "
				     "computed by distance or by capacity",
				     what, q);
	return sg_error__set(ctx, SG_ENOTFOUND,
			     "%s: the store holds no catchments%s", what, q);
}

int sg_tiles__load_catchments(sg_ctx *ctx, const sg_scope *sc,
			      const char *level, const char *method,
			      int unserved, const char *year, sg_feats *out)
{
	static const char *const names[] = {
		"run_id",      "level",	   "method",	      "school_code",
		"school_name", "schools",  "area_km2",	      "population",
		"seats",       "students", "utilization_pct", "demand_pct"
	};
	const char *what = unserved ? "map unserved" : "map catchments";
	char canon[64] = "";
	unsigned mask = 0;
	int64_t run = 0;
	sqlite3_stmt *st = NULL;
	sg_strmap *idx = NULL;
	double *students = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = sg_db__need(ctx)) != SG_OK)
		return rc;
	if (level) {
		if (sg_text__level_parse(level, &mask) != 0 ||
		    (mask & (mask - 1)) != 0)
			return sg_error__set(ctx, SG_EINVALID,
					     "%s: unknown "
					     "level '%s'",
					     what, level);
		sg_text__levels_format(mask, canon, sizeof(canon));
	}
	if ((rc = sg_scope__use(ctx, what, sc)) != SG_OK)
		return rc;
	rc = find_run(ctx, sc, level ? canon : NULL, method, unserved, &run);
	if (rc != SG_OK)
		return rc;
	if (run == 0)
		return no_run(ctx, what, unserved,
			      level ? sg_text__level_label(canon) : NULL,
			      method);
	rc = sg_db__prepare(ctx, what,
			    "SELECT c.run_id, c.level, c.method, s.code, "
			    "s.name, c.schools, c.area_km2, c.population, "
			    "c.seats, AsBinary(c.geom) FROM catchments c "
			    "LEFT JOIN "
			    "schools s ON s.id = c.school_id WHERE c.run_id = "
			    "?1 AND (CASE WHEN ?6 THEN c.school_id IS NULL "
			    "ELSE c.school_id IS NOT NULL END) AND (?7 = 0 OR "
			    "c.id" IN_BOX("catchments") ") ORDER BY s.code,"
							" c.id",
			    &st);
	if (rc != SG_OK)
		return rc;
	sqlite3_bind_int64(st, 1, run);
	sqlite3_bind_int(st, 6, unserved);
	sqlite3_bind_int(st, 7, sc != NULL);
	if (sc)
		bind_box(st, sc);
	rc = read_rows(ctx, what, st, names, "rtttttrrr", 3, out);
	sqlite3_finalize(st);
	if (rc != SG_OK || unserved || out->n == 0)
		return rc;
	/* Students of the run's level: the school's, or the sum over the
	 * schools sharing its location. */
	{
		const char *lv = sg_table_text(out->attr, 0, 1);

		mask = 0;
		if (!lv || sg_text__level_parse(lv, &mask) != 0)
			return SG_OK;
	}
	if (!(idx = sg_strmap__new())) {
		rc = sg_error__oom(ctx, what);
		goto done;
	}
	if ((rc = level_students(ctx, sc, mask, year, idx, &students)))
		goto done;
	for (size_t i = 0; i < out->n; i++) {
		const char *list = sg_table_text(out->attr, i, 5);
		const char *code = sg_table_text(out->attr, i, 3);
		double st_sum = 0, seats = sg_table_real(out->attr, i, 8);
		double pop = sg_table_real(out->attr, i, 7);
		int known = 1;
		char buf[4096], *save = NULL, *tok;
		int64_t k;

		snprintf(buf, sizeof(buf), "%s",
			 list	? list
			 : code ? code
				: "");
		for (tok = strtok_r(buf, ",", &save); tok;
		     tok = strtok_r(NULL, ",", &save)) {
			if (sg_strmap__get(idx, tok, &k) && !isnan(students[k]))
				st_sum += students[k];
			else
				known = 0;
		}
		if (!buf[0])
			known = 0;
		sg_table__set_real(out->attr, i, 9, known ? st_sum : NAN);
		if (seats > 0) {
			sg_table__set_real(out->attr, i, 10,
					   known ? 100 * st_sum / seats : NAN);
			sg_table__set_real(out->attr, i, 11, 100 * pop / seats);
		}
	}
done:
	free(students);
	sg_strmap__free(idx);
	if (rc != SG_OK)
		sg_feats__free(ctx, out);
	return rc;
}

int sg_tiles__study_bbox(sg_ctx *ctx, const sg_scope *sc, double bbox[4])
{
	sqlite3_stmt *st;
	int rc, found = 0;

	if ((rc = sg_db__need(ctx)) != SG_OK)
		return rc;
	if (sc && !isnan(sc->mbox[0])) {
		memcpy(bbox, sc->mbox, 4 * sizeof(double));
		return SG_OK;
	}
	rc = sg_db__prepare(ctx, "map",
			    "SELECT min(MbrMinX(geom)), "
			    "min(MbrMinY(geom)), max(MbrMaxX(geom)), "
			    "max(MbrMaxY(geom)) FROM units",
			    &st);
	if (rc != SG_OK)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL) {
		for (int i = 0; i < 4; i++)
			bbox[i] = sqlite3_column_double(st, i);
		found = 1;
	}
	sqlite3_finalize(st);
	if (!found)
		return sg_error__set(ctx, SG_ENOTFOUND,
				     "map: the store has no "
				     "units: the study area is unknown (import "
				     "units first)");
	return SG_OK;
}

int sg_tiles__latest_year(sg_ctx *ctx, const sg_scope *sc, char *buf, size_t n)
{
	sqlite3_stmt *st;
	int rc;

	buf[0] = '\0';
	if ((rc = sg_db__need(ctx)) != SG_OK ||
	    (rc = sg_scope__use(ctx, "map", sc)) != SG_OK)
		return rc;
	rc = sg_db__prepare(
		ctx, "map",
		sc ? "SELECT max(year) FROM "
		     "school_years WHERE school_id IN " SG_SCOPE_SCHOOLS
		   : "SELECT max(year) FROM school_years",
		&st);
	if (rc != SG_OK)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(buf, n, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return SG_OK;
}
