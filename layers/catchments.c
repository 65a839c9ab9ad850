/*
 * layers/catchments.c - the store I/O of `schoolgis catchments` (the
 * driver is ops/catchments.c): load the wards and the schools of a
 * level from the store (through layers/load.h), and write the run, its
 * polygons and its figures back in one transaction, while the Voronoi
 * cells are computed on a worker when asked.
 *
 * Geometries travel as WKB between SpatiaLite and GEOS (no GDAL on this
 * path); PROJ takes them to the metric CRS and back to EPSG:4326.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/catch_summary.h"
#include "engine/delaunay.h"
#include "engine/text.h"
#include "engine/voronoi.h"
#include "layers/catchments_int.h"
#include "layers/load.h"
#include "layers/roads_int.h"
#include "layers/rtree.h"
#include "layers/runs.h"
#include "layers/scope.h"
#include "layers/splblob.h"
#include "layers/units_int.h"
#include "schoolgis/catchment.h"
#include "util/file.h"

static char *dup_col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return strdup(s ? (const char *)s : "");
}

/*---- Loading ------------------------------------------------------------*/

/* The kind of unit that forms the study area: wards, else districts,
 * else cities. */
static int study_kind(sg_ctx *ctx, const char *what, const sg_scope *sc,
		      const char **kind)
{
	static const char *const kinds[] = { "ward", "district", "city" };
	sqlite3_stmt *st;
	int rc;

	rc = sg_db__prepare(
		ctx, what,
		sc ? "SELECT count(*) FROM units "
		     "WHERE kind = ?1 AND geom IS NOT NULL AND id IN " SG_SCOPE_UNITS
		   : "SELECT count(*) FROM units WHERE "
		     "kind = ?1 AND geom IS NOT NULL",
		&st);
	if (rc != SG_OK)
		return rc;
	for (int i = 0; i < 3; i++) {
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, kinds[i], -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW &&
		    sqlite3_column_int64(st, 0) > 0) {
			*kind = kinds[i];
			sqlite3_finalize(st);
			return SG_OK;
		}
	}
	sqlite3_finalize(st);
	if (sc)
		return sg_error__set(ctx, SG_EINVALID,
				     "%s: unit %s has no "
				     "geometry and no unit below it has one",
				     what, sc->code);
	return sg_error__set(ctx, SG_EINVALID,
			     "%s: the store has no units: "
			     "the study area is the union of the wards "
			     "(import units first)",
			     what);
}

static int load_units(sg_ctx *ctx, const char *what, const sg_scope *sc,
		      sg_catch_data *d, double *lon0, double *lat0,
		      double *lon1, double *lat1)
{
	GEOSContextHandle_t h = ctx->geos;
	GEOSWKBReader *rd = GEOSWKBReader_create_r(h);
	const char *kind = NULL;
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc, step;

	if (!rd)
		return sg_error__oom(ctx, what);
	if ((rc = study_kind(ctx, what, sc, &kind)) != SG_OK)
		goto done;
	rc = sg_db__prepare(
		ctx, what,
		sc ? "SELECT id, code, name, "
		     "AsBinary(geom), MbrMinX(geom), MbrMinY(geom), "
		     "MbrMaxX(geom), MbrMaxY(geom) FROM units WHERE "
		     "kind = ?1 AND geom IS NOT NULL AND id IN " SG_SCOPE_UNITS
		     " ORDER BY code"
		   : "SELECT id, code, name, "
		     "AsBinary(geom), MbrMinX(geom), MbrMinY(geom), "
		     "MbrMaxX(geom), MbrMaxY(geom) FROM units WHERE "
		     "kind = ?1 AND geom IS NOT NULL ORDER BY code",
		&st);
	if (rc != SG_OK)
		goto done;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	*lon0 = *lat0 = INFINITY;
	*lon1 = *lat1 = -INFINITY;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		size_t u = d->nunits;
		GEOSGeometry *g;

		if (u == cap) {
			size_t nc = cap ? cap * 2 : 64;
			void *a = realloc(d->unit_id, nc * sizeof(int64_t));
			void *b = a ? realloc(d->unit_code, nc * sizeof(char *))
				    : NULL;
			void *c = b ? realloc(d->unit_name, nc * sizeof(char *))
				    : NULL;
			void *e = c ? realloc(d->unit_geom,
					      nc * sizeof(GEOSGeometry *))
				    : NULL;

			if (a)
				d->unit_id = a;
			if (b)
				d->unit_code = b;
			if (c)
				d->unit_name = c;
			if (e)
				d->unit_geom = e;
			if (!e) {
				rc = sg_error__oom(ctx, what);
				goto done;
			}
			cap = nc;
		}
		g = GEOSWKBReader_read_r(h, rd, sqlite3_column_blob(st, 3),
					 (size_t)sqlite3_column_bytes(st, 3));
		if (!g) {
			rc = sg_error__set(ctx, SG_EGEOS,
					   "%s: unit %s: GEOS "
					   "cannot read its geometry: %s",
					   what, sqlite3_column_text(st, 1),
					   ctx->geos_msg);
			goto done;
		}
		d->unit_id[u] = sqlite3_column_int64(st, 0);
		d->unit_code[u] = dup_col(st, 1);
		d->unit_name[u] = dup_col(st, 2);
		d->unit_geom[u] = g;
		d->nunits++;
		if (!d->unit_code[u] || !d->unit_name[u]) {
			rc = sg_error__oom(ctx, what);
			goto done;
		}
		*lon0 = fmin(*lon0, sqlite3_column_double(st, 4));
		*lat0 = fmin(*lat0, sqlite3_column_double(st, 5));
		*lon1 = fmax(*lon1, sqlite3_column_double(st, 6));
		*lat1 = fmax(*lat1, sqlite3_column_double(st, 7));
	}
	if (step != SQLITE_DONE)
		rc = sg_db__fail(ctx, what);
done:
	sqlite3_finalize(st);
	GEOSWKBReader_destroy_r(h, rd);
	return rc;
}

static long unit_index(const sg_catch_data *d, int64_t id)
{
	for (size_t u = 0; u < d->nunits; u++)
		if (d->unit_id[u] == id)
			return (long)u;
	return -1;
}

/* School-age population of every unit, from its bands of the census
 * year (given, else the unit's latest: layers/load.h). */
static int load_population(sg_ctx *ctx, const char *what, const sg_scope *sc,
			   sg_catch_data *d, const char *year)
{
	sg_population p;
	int rc;

	d->unit_pop = malloc((d->nunits ? d->nunits : 1) * sizeof(double));
	d->unit_how = calloc(d->nunits ? d->nunits : 1, sizeof(int));
	if (!d->unit_pop || !d->unit_how)
		return sg_error__oom(ctx, what);
	for (size_t u = 0; u < d->nunits; u++)
		d->unit_pop[u] = NAN;
	if ((rc = sg_load__population(ctx, what, sc, year, &p)) != SG_OK)
		return rc;
	/* The rows come by unit: each unit's bands are one run. */
	for (size_t i = 0, j; i < p.n; i = j) {
		long u = unit_index(d, p.unit_id[i]);

		for (j = i + 1; j < p.n && p.unit_id[j] == p.unit_id[i]; j++)
			;
		if (u >= 0)
			d->unit_pop[u] = sg_catch__school_age(
				p.age_from + i, p.age_to + i, p.count + i,
				j - i, d->age_from, d->age_to, d->share,
				&d->unit_how[u]);
	}
	sg_load__population_free(&p);
	return SG_OK;
}

static int load_schools(sg_ctx *ctx, const char *what, const sg_scope *sc,
			sg_catch_data *d, const char *year, sg_crs_tx *tx)
{
	const sg_school_query q = {
		.scope = sc,
		.reach = 1,
		.levels = d->level,
		.year = year,
		.located = 1,
		.require_year = 1,
		.scope_units = 1, /* a scope of another set: its unit there */
	};
	const sg_fig lf = sg_load__fig_students_of(d->level);
	sg_schools s;
	size_t n;
	int rc;

	if ((rc = sg_load__schools(ctx, what, &q, &s)) != SG_OK)
		return rc;
	n = s.n;
#define TAKE(f)                                                                \
	do {                                                                   \
		d->f = malloc((n ? n : 1) * sizeof(*d->f));                    \
		if (!d->f) {                                                   \
			rc = sg_error__oom(ctx, what);                         \
			goto done;                                             \
		}                                                              \
	} while (0)
	TAKE(school_id);
	TAKE(school_code);
	TAKE(school_name);
	TAKE(school_unit);
	TAKE(x);
	TAKE(y);
	TAKE(students);
	TAKE(classes);
	TAKE(seats);
	TAKE(school_margin);
#undef TAKE
	for (size_t i = 0; i < n; i++) {
		unsigned mask = s.levels[i] ? s.levels[i] : d->level;

		d->school_id[i] = s.id[i];
		/* The strings change hands: the loader's copies. */
		d->school_code[i] = s.code[i] ? s.code[i] : strdup("");
		d->school_name[i] = s.name[i] ? s.name[i] : strdup("");
		s.code[i] = s.name[i] = NULL;
		d->nschools++;
		if (!d->school_code[i] || !d->school_name[i]) {
			rc = sg_error__oom(ctx, what);
			goto done;
		}
		d->school_unit[i] = s.scope_unit[i] < 0
					    ? -1
					    : unit_index(d, s.scope_unit[i]);
		d->school_margin[i] = s.margin[i];
		d->x[i] = s.lon[i];
		d->y[i] = s.lat[i];
		d->classes[i] = s.fig[SG_FIG_CLASSES][i];
		sg_catch__seats(mask, d->level, s.fig[SG_FIG_STUDENTS][i],
				s.fig[lf][i], d->classes[i], d->class_size,
				&d->students[i], &d->seats[i]);
	}
	/* To metres in one PROJ call: a call per school costs more than
	 * reading it. */
	if (sg_crs__points(tx, d->x, d->y, d->nschools) > 0)
		for (size_t i = 0; i < d->nschools; i++)
			if (isnan(d->x[i])) {
				rc = sg_error__set(ctx, SG_EPROJ,
						   "%s: school "
						   "%s: PROJ cannot take it "
						   "to %s",
						   what, d->school_code[i],
						   d->crs);
				break;
			}
done:
	sg_load__schools_free(&s);
	return rc;
}

/* Take the units to the metric CRS, valid and polygonal. */
static int project_units(sg_ctx *ctx, const char *what, sg_catch_data *d,
			 sg_crs_tx *tx)
{
	GEOSContextHandle_t h = ctx->geos;

	for (size_t u = 0; u < d->nunits; u++) {
		GEOSGeometry *g = sg_crs__geom(ctx, tx, d->unit_geom[u]), *v;

		if (!g)
			return sg_error__set(ctx, SG_EPROJ,
					     "%s: unit %s: PROJ "
					     "cannot take it to %s",
					     what, d->unit_code[u], d->crs);
		if (GEOSisValid_r(h, g) != 1) {
			v = GEOSMakeValid_r(h, g);
			GEOSGeom_destroy_r(h, g);
			g = v ? sg_catch__polygonal(ctx, v) : NULL;
			GEOSGeom_destroy_r(h, v);
			if (!g)
				return sg_error__set(ctx, SG_EGEOS,
						     "%s: unit "
						     "%s: GEOS: %s",
						     what, d->unit_code[u],
						     ctx->geos_msg);
		}
		GEOSGeom_destroy_r(h, d->unit_geom[u]);
		d->unit_geom[u] = g;
	}
	return SG_OK;
}

int sg_catch__load(sg_ctx *ctx, const char *what, const sg_scope *sc,
		   const char *level, const char *year,
		   const char *population_year, const sg_standards *std,
		   const char *crs, sg_catch_data *d)
{
	sg_crs_tx *tx = NULL;
	double lon0 = 0, lat0 = 0, lon1 = 0, lat1 = 0;
	sg_level mask;
	int li, rc;

	memset(d, 0, sizeof(*d));
	if (sg_level_parse(level, &mask) != SG_OK)
		return sg_error__set(ctx, SG_EINVALID,
				     "%s: unknown level "
				     "'%s' (preschool, primary, "
				     "lower_secondary, upper_secondary)",
				     what, level ? level : "");
	for (li = 0; li < 4 && (1u << li) != (unsigned)mask; li++)
		;
	d->level = mask;
	d->level_name = sg_level_name(mask);
	d->age_from = (int)sg_std__get(std, (sg_std)(SG_STD_AGE_FROM_PRESCHOOL +
						     2 * li));
	d->age_to = (int)sg_std__get(std, (sg_std)(SG_STD_AGE_TO_PRESCHOOL +
						   2 * li));
	if (isnan(sg_std__get(std,
			      (sg_std)(SG_STD_AGE_FROM_PRESCHOOL + 2 * li))) ||
	    isnan(sg_std__get(std, (sg_std)(SG_STD_AGE_TO_PRESCHOOL + 2 * li))))
		d->age_from = 1, d->age_to = 0; /* no ages: shares only */
	d->share = sg_std__get(std, (sg_std)(SG_STD_SHARE_PRESCHOOL + li));
	d->class_size = sg_std__get(std, (sg_std)(SG_STD_CLASS_PRESCHOOL + li));
	d->distance_norm = sg_std__get(std,
				       (sg_std)(SG_STD_DIST_PRESCHOOL + li));
	rc = sg_scope__use(ctx, what, sc);
	if (rc == SG_OK)
		rc = load_units(ctx, what, sc, d, &lon0, &lat0, &lon1, &lat1);
	if (rc == SG_OK)
		rc = load_population(ctx, what, sc, d, population_year);
	if (rc != SG_OK)
		goto fail;
	if (crs && *crs)
		snprintf(d->crs, sizeof(d->crs), "%s", crs);
	else
		sg_crs__utm_for(0.5 * (lon0 + lon1), 0.5 * (lat0 + lat1),
				d->crs, sizeof(d->crs));
	if ((rc = sg_crs__new(ctx, &tx, "EPSG:4326", d->crs, what)) != SG_OK)
		goto fail;
	if ((rc = sg_crs__new(ctx, &d->to_wgs84, d->crs, NULL, what)) != SG_OK)
		goto fail;
	if (sg_crs__src_is_geographic(d->to_wgs84)) {
		rc = sg_error__set(ctx, SG_EINVALID,
				   "%s: the CRS '%s' is "
				   "geographic: give a metric (projected) "
				   "CRS",
				   what, d->crs);
		goto fail;
	}
	rc = project_units(ctx, what, d, tx);
	if (rc == SG_OK)
		rc = load_schools(ctx, what, sc, d, year, tx);
	if (rc != SG_OK)
		goto fail;
	sg_crs__free(tx);
	d->in.nunits = d->nunits;
	d->in.units = (const GEOSGeometry *const *)d->unit_geom;
	d->in.unit_pop = d->unit_pop;
	d->in.nschools = d->nschools;
	d->in.x = d->x;
	d->in.y = d->y;
	d->in.seats = d->seats;
	d->in.codes = (const char *const *)d->school_code;
	return SG_OK;
fail:
	sg_crs__free(tx);
	sg_catch__data_free(ctx, d);
	return rc;
}

/*---- Provinces ----------------------------------------------------------*/

void sg_catch__provinces_free(sg_catch_provinces *p)
{
	for (size_t i = 0; p->code && i < p->n; i++)
		free(p->code[i]);
	free(p->code);
	free(p->epsg);
	memset(p, 0, sizeof(*p));
}

/* The zone of province `id`: the centre of the box of the units of the
 * first kind (ward, district, city) with a geometry below it. */
static int province_zone(sg_ctx *ctx, const char *what, sqlite3_stmt *st,
			 int64_t id, int *epsg)
{
	static const char *const kinds[] = { "ward", "district", "city" };
	int rc = SG_OK;

	*epsg = 0;
	for (int k = 0; k < 3 && !*epsg && rc == SG_OK; k++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, kinds[k], -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW)
			rc = sg_db__fail(ctx, what);
		else if (sqlite3_column_int64(st, 0) > 0)
			*epsg = sg_crs__utm_epsg(
				0.5 * (sqlite3_column_double(st, 1) +
				       sqlite3_column_double(st, 3)),
				0.5 * (sqlite3_column_double(st, 2) +
				       sqlite3_column_double(st, 4)));
	}
	return rc;
}

int sg_catch__in_provinces(sg_ctx *ctx, const char *what, int *yes)
{
	sqlite3_stmt *st;
	int rc, ok = 0;

	*yes = 0;
	rc = sg_db__prepare(ctx, what,
			    "WITH RECURSIVE d(id) AS (SELECT id FROM units "
			    "WHERE parent_id IS NULL AND kind = 'city' UNION "
			    "SELECT u.id FROM units u JOIN d ON u.parent_id "
			    "= d.id) SELECT (SELECT count(DISTINCT set_id) "
			    "FROM units) = 1 AND (SELECT count(*) FROM units "
			    "WHERE parent_id IS NULL AND kind = 'city') >= 2 "
			    "AND NOT EXISTS (SELECT 1 FROM units WHERE geom IS "
			    "NOT NULL AND id NOT IN d)",
			    &st);
	if (rc != SG_OK)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		ok = sqlite3_column_int(st, 0);
	else
		rc = sg_db__fail(ctx, what);
	sqlite3_finalize(st);
	*yes = rc == SG_OK && ok;
	return rc;
}

int sg_catch__provinces(sg_ctx *ctx, const char *what, sg_catch_provinces *p)
{
	sqlite3_stmt *st = NULL, *zst = NULL;
	size_t cap = 0;
	int rc, step = SQLITE_DONE, ok = 0;

	memset(p, 0, sizeof(*p));
	if ((rc = sg_catch__in_provinces(ctx, what, &ok)) != SG_OK || !ok)
		return rc;
	rc = sg_db__prepare(ctx, what,
			    "WITH RECURSIVE d(id) AS (SELECT ?1 UNION SELECT "
			    "u.id FROM units u JOIN d ON u.parent_id = d.id) "
			    "SELECT count(*), min(MbrMinX(geom)), "
			    "min(MbrMinY(geom)), max(MbrMaxX(geom)), "
			    "max(MbrMaxY(geom)) FROM units WHERE kind = ?2 "
			    "AND geom IS NOT NULL AND id IN d",
			    &zst);
	if (rc == SG_OK)
		rc = sg_db__prepare(ctx, what,
				    "SELECT id, code FROM units WHERE "
				    "parent_id IS NULL AND kind = 'city' "
				    "ORDER BY code",
				    &st);
	if (rc != SG_OK) {
		sqlite3_finalize(zst);
		return rc;
	}
	while (rc == SG_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 1);
		int64_t id = sqlite3_column_int64(st, 0);

		if (p->n == cap) {
			size_t nc = cap ? 2 * cap : 64;
			char **a = realloc(p->code, nc * sizeof(*a));
			int *b = a ? realloc(p->epsg, nc * sizeof(*b)) : NULL;

			if (a)
				p->code = a;
			if (!b) {
				rc = sg_error__oom(ctx, what);
				break;
			}
			p->epsg = b;
			cap = nc;
		}
		if (!(p->code[p->n] = strdup(code ? code : ""))) {
			rc = sg_error__oom(ctx, what);
			break;
		}
		p->n++;
		rc = province_zone(ctx, what, zst, id, &p->epsg[p->n - 1]);
	}
	if (rc == SG_OK && step != SQLITE_DONE)
		rc = sg_db__fail(ctx, what);
	sqlite3_finalize(st);
	sqlite3_finalize(zst);
	if (rc != SG_OK)
		sg_catch__provinces_free(p);
	return rc;
}

/*---- Writing ------------------------------------------------------------*/

const char *sg_catchment_method_name(sg_catchment_method m)
{
	switch (m) {
	case SG_CATCHMENT_VORONOI: return "voronoi";
	case SG_CATCHMENT_DISTANCE: return "distance";
	case SG_CATCHMENT_CAPACITY: return "capacity";
	}
	return NULL;
}

int sg_catchment_method_parse(const char *name, sg_catchment_method *out)
{
	for (int m = 0; m < 3; m++)
		if (name && strcmp(name, sg_catchment_method_name((
						 sg_catchment_method)m)) == 0) {
			*out = (sg_catchment_method)m;
			return SG_OK;
		}
	return SG_EINVALID;
}

typedef struct {
	sg_ctx *ctx;
	const sg_catch_data *d;
	int64_t run_id;
	sqlite3_stmt *geom_st, *wkb_st, *res_st;
	GEOSWKBWriter *wkb;
	sg_bulk bulk; /* SpatiaLite's per-row triggers off */
	int bulk_on;
	/* The rows' index entries, packed into the R*Tree at the end
	 * (layers/rtree.h) rather than inserted one by one. */
	sg_rbox *box;
	size_t nbox, capbox;
} writer;

/* A catchment ready to insert: in EPSG:4326, SpatiaLite's BLOB-Geometry
 * (layers/splblob.h) or, for what that writer leaves to SpatiaLite, a
 * WKB; and its bounding box. */
typedef struct {
	unsigned char *wkb; /* spl: free; else GEOSFree_r */
	size_t len;
	int spl;       /* wkb holds a SpatiaLite BLOB-Geometry */
	double box[4]; /* min x, min y, max x, max y */
} row_geom;

static void row_free(GEOSContextHandle_t h, row_geom *r)
{
	if (r->spl)
		free(r->wkb);
	else if (r->wkb)
		GEOSFree_r(h, r->wkb);
	r->wkb = NULL;
	r->spl = 0;
}

static int put_result(writer *w, const char *subject, const char *key,
		      double num, const char *text)
{
	if (!text && isnan(num))
		return SG_OK;
	return sg_db__put_result(w->ctx, w->res_st, "catchments", w->run_id,
				 subject, key, num, text);
}

/*
 * 1 when g is a polygon of one strictly convex ring (closed, every turn
 * to the same side by the exact orientation test, the edges' directions
 * going round once): such a polygon is valid, so GEOS's validity check
 * (an overlay's worth of set-up) is spared for most Voronoi cells; 0:
 * not known, ask GEOS.
 */
static int convex_valid(GEOSContextHandle_t h, const GEOSGeometry *g)
{
	const GEOSGeometry *ring;
	const GEOSCoordSequence *cs;
	double xy[2 * 64];
	unsigned n = 0;

	if (GEOSGeomTypeId_r(h, g) != GEOS_POLYGON ||
	    GEOSGetNumInteriorRings_r(h, g) != 0 ||
	    !(ring = GEOSGetExteriorRing_r(h, g)) ||
	    !(cs = GEOSGeom_getCoordSeq_r(h, ring)) ||
	    !GEOSCoordSeq_getSize_r(h, cs, &n) || n < 4 || n > 64)
		return 0;
	for (unsigned i = 0; i < n; i++)
		if (!GEOSCoordSeq_getXY_r(h, cs, i, &xy[2 * i], &xy[2 * i + 1]))
			return 0;
	/* Closed; the closing vertex is not passed twice. */
	if (xy[0] != xy[2 * (n - 1)] || xy[1] != xy[2 * (n - 1) + 1])
		return 0;
	return sg_dt__convex(xy, n - 1);
}

/*
 * g (metric) to EPSG:4326 as SpatiaLite's blob (else WKB) with its
 * bounding box, on ctx's GEOS handle with the transform tx: the geometry
 * work of a row, done on the worker thread when computing and writing
 * overlap.
 */
static int make_row(sg_ctx *ctx, sg_crs_tx *tx, GEOSWKBWriter *wr,
		    const GEOSGeometry *g, row_geom *out)
{
	GEOSContextHandle_t h = ctx->geos;
	GEOSGeometry *wg;

	out->wkb = NULL;
	out->spl = 0;
	wg = sg_crs__geom(ctx, tx, g);
	if (!wg)
		return SG_EPROJ;
	/* A vertex touching another ring's edge in metres can cross it by
	 * a rounding error once in degrees: repair such a polygon. */
	if (!convex_valid(h, wg) && GEOSisValid_r(h, wg) != 1) {
		GEOSGeometry *v = GEOSMakeValid_r(h, wg);

		GEOSGeom_destroy_r(h, wg);
		wg = v ? sg_catch__polygonal(ctx, v) : NULL;
		GEOSGeom_destroy_r(h, v);
		if (!wg)
			return sg_error__set(ctx, SG_EGEOS,
					     "catchments: "
					     "GEOS: %s",
					     ctx->geos_msg);
	}
	{
		double mbr[4];
		int b = sg_splblob__multipolygon(h, wg, 4326, &out->wkb,
						 &out->len, mbr);

		if (b == -1) {
			GEOSGeom_destroy_r(h, wg);
			return sg_error__oom(ctx, "catchments");
		}
		out->spl = b == 0;
	}
	if (!out->spl)
		out->wkb = GEOSWKBWriter_write_r(h, wr, wg, &out->len);
	if (out->wkb && (GEOSGeom_getXMin_r(h, wg, &out->box[0]) != 1 ||
			 GEOSGeom_getYMin_r(h, wg, &out->box[1]) != 1 ||
			 GEOSGeom_getXMax_r(h, wg, &out->box[2]) != 1 ||
			 GEOSGeom_getYMax_r(h, wg, &out->box[3]) != 1))
		row_free(h, out);
	GEOSGeom_destroy_r(h, wg);
	if (!out->wkb)
		return sg_error__set(ctx, SG_EGEOS, "catchments: GEOS: %s",
				     ctx->geos_msg);
	return SG_OK;
}

/* Insert one catchment row with its figures (r->wkb is freed). */
static int put_row(writer *w, row_geom *r, int64_t school, const char *level,
		   const char *method, double area, double pop, double seats,
		   const char *schools)
{
	sqlite3_stmt *st = r->spl ? w->geom_st : w->wkb_st;
	int rc = SG_OK;

	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, w->run_id);
	if (school > 0)
		sqlite3_bind_int64(st, 2, school);
	else
		sqlite3_bind_null(st, 2);
	sqlite3_bind_text(st, 3, level, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, method, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(st, 5, r->wkb, (int)r->len, SQLITE_STATIC);
	sg_db__bind_real(st, 6, area / 1e6);
	sg_db__bind_real(st, 7, pop);
	sg_db__bind_real(st, 8, seats);
	sg_db__bind_text(st, 9, schools);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = sg_db__fail(w->ctx, "catchments");
	sqlite3_clear_bindings(st);
	row_free(w->ctx->geos, r);
	if (rc != SG_OK)
		return rc;
	/* The R*Tree entry SpatiaLite's trigger would have written, kept
	 * for sg_rtree__pack. */
	if (w->nbox == w->capbox) {
		size_t nc = w->capbox ? 2 * w->capbox : 1024;
		sg_rbox *b = realloc(w->box, nc * sizeof(*b));

		if (!b)
			return sg_error__oom(w->ctx, "catchments");
		w->box = b;
		w->capbox = nc;
	}
	w->box[w->nbox++] = sg_rtree__box(sqlite3_last_insert_rowid(w->ctx->db),
					  r->box[0], r->box[1], r->box[2],
					  r->box[3]);
	return SG_OK;
}

/* One catchment row (g in the metric CRS) with its figures. */
static int put_catchment(writer *w, const GEOSGeometry *g, int64_t school,
			 const char *level, const char *method, double area,
			 double pop, double seats, const char *schools)
{
	row_geom r;
	int rc = make_row(w->ctx, w->d->to_wgs84, w->wkb, g, &r);

	if (rc != SG_OK)
		return rc;
	return put_row(w, &r, school, level, method, area, pop, seats, schools);
}

static int begin_run(sg_ctx *ctx, const sg_catchment_options *o,
		     const sg_scope *sc, const char *method,
		     const sg_catch_data *d, double dist, double cs,
		     const sg_standards *std, const sg_poprast *pr,
		     int64_t *run_id)
{
	sqlite3_stmt *st;
	int rc;

	/* The latest run of a level and method replaces the polygons of
	 * earlier ones (a unit's run, those of earlier runs of the same
	 * unit); their runs and summaries stay as history. */
	rc = sg_db__prepare(ctx, "catchments",
			    "DELETE FROM catchments WHERE "
			    "level = ?1 AND (method = ?2 OR method = ?2 || "
			    "'-unserved') AND (?3 IS NULL OR run_id IN "
			    "(SELECT id FROM runs WHERE command = 'catchments' "
			    "AND json_extract(parameters, '$.unit') = ?3))",
			    &st);
	if (rc != SG_OK)
		return rc;
	sqlite3_bind_text(st, 1, d->level_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, method, -1, SQLITE_STATIC);
	/* A whole set replaces everything, as the whole store does. */
	sg_db__bind_text(st, 3, sc && !sc->whole_set ? sc->code : NULL);
	rc = sqlite3_step(st) == SQLITE_DONE ? SG_OK
					     : sg_db__fail(ctx, "catchments");
	sqlite3_finalize(st);
	if (rc != SG_OK)
		return rc;
	{
		char ages[32];
		const char *rpath = pr ? sg_poprast__path(pr) : NULL;
		const char *rstamp = pr ? sg_poprast__stamp(pr) : NULL;
		const sg_run_kv params[] = {
			SG_RUN_TEXT("level", d->level_name),
			SG_RUN_TEXT("method", method),
			SG_RUN_NUM("max_distance_m", dist),
			SG_RUN_NUM("cell_size_m", cs),
			SG_RUN_TEXT("year", o->year),
			SG_RUN_TEXT("population_year", o->population_year),
			SG_RUN_TEXT("crs", d->crs),
			SG_RUN_TEXT("standards", sg_standards_source(std)),
			SG_RUN_TEXT("ages", ages),
			SG_RUN_TEXT("population_raster", rpath),
			SG_RUN_TEXT("population_raster_file", rstamp),
			SG_RUN_TEXT("unit",
				    sc && !sc->whole_set ? sc->code : NULL),
			SG_RUN_TEXT("units_set",
				    sc && sc->whole_set ? sc->code : NULL),
			SG_RUN_NUM("margin_m", sc ? sc->margin : NAN),
		};
		const sg_run_kv inputs[] = { SG_RUN_TEXT(rpath, rstamp) };
		const sg_run run = { "catchments", params,
				     sizeof(params) / sizeof(*params), inputs,
				     1 };

		snprintf(ages, sizeof(ages), "%d-%d", d->age_from, d->age_to);
		rc = sg_run__begin(ctx, "catchments", &run, run_id);
	}
	return rc;
}

/* Codes of the schools at site s, when it has several ("A,B"). */
/*---- Computing while writing -------------------------------------------*/

/*
 * The Voronoi method computes on a worker (engine/voronoi.h) while this
 * thread writes the cells already final.  The worker also makes each
 * cell's row (EPSG:4326 WKB and box, make_row) on its own GEOS handle
 * and PROJ context, so this thread only runs the SQL.
 */
struct sg_catch_pipe {
	sg_catch_worker *worker;
	const char *crs;     /* the metric CRS (borrowed) */
	size_t nsites;	     /* rows' entries */
	sg_crs_tx *to_wgs84; /* on the worker's PROJ context */
	GEOSWKBWriter *wkb;  /* on the worker's GEOS handle */
	row_geom *rows;	     /* per site, made by the worker */
};

static int pipe_setup(sg_ctx *wctx, void *payload)
{
	sg_catch_pipe *p = payload;

	if (sg_crs__new(wctx, &p->to_wgs84, p->crs, NULL, "catchments") !=
		    SG_OK ||
	    !(p->wkb = GEOSWKBWriter_create_r(wctx->geos)) ||
	    !(p->rows = calloc(p->nsites ? p->nsites : 1, sizeof(*p->rows))))
		return SG_ERROR;
	return SG_OK;
}

static int pipe_cell(sg_ctx *wctx, const sg_catch *c, size_t site,
		     void *payload)
{
	sg_catch_pipe *p = payload;
	const GEOSGeometry *g;
	double area;

	if ((g = sg_catch__site_geom(wctx->geos, c, site, &area)))
		return make_row(wctx, p->to_wgs84, p->wkb, g, &p->rows[site]);
	return SG_OK;
}

/* Free what pipe_setup made (rows the writer did not take too). */
static void pipe_teardown(sg_ctx *wctx, void *payload)
{
	sg_catch_pipe *p = payload;

	for (size_t s = 0; p->rows && s < p->nsites; s++)
		row_free(wctx->geos, &p->rows[s]);
	free(p->rows);
	p->rows = NULL;
	if (p->wkb)
		GEOSWKBWriter_destroy_r(wctx->geos, p->wkb);
	p->wkb = NULL;
	sg_crs__free(p->to_wgs84);
	p->to_wgs84 = NULL;
}

/* Join the worker (see sg_catch__worker_finish) and free p. */
static int pipe_finish(sg_catch_pipe *p, sg_ctx *ctx, int rc_writer)
{
	int rc = sg_catch__worker_finish(p->worker, ctx, rc_writer);

	free(p);
	return rc;
}

/*---- Writing the cells -------------------------------------------------*/

/* Site s's row; with a row made by the worker (pre), only the SQL. */
static int write_site(writer *w, const sg_catch *c, size_t s,
		      const char *method, sg_catchment_summary *sum,
		      row_geom *pre)
{
	const sg_catch_data *d = w->d;
	const sg_catch_cell *cell = &c->cells[s];
	double area, pop = cell->served ? cell->served_pop : cell->population;
	const GEOSGeometry *g = sg_catch__site_geom(w->ctx->geos, c, s, &area);
	const char *codes_p = NULL;
	char codes[1024];
	int rc;

	if (!g)
		return SG_OK;
	if (cell->nmembers > 1) {
		sg_catch__site_codes(c, d, s, codes, sizeof(codes));
		codes_p = codes;
	}
	if (pre && pre->wkb)
		rc = put_row(w, pre, d->school_id[cell->school], d->level_name,
			     method, area, pop, cell->seats, codes_p);
	else
		rc = put_catchment(w, g, d->school_id[cell->school],
				   d->level_name, method, area, pop,
				   cell->seats, codes_p);
	sg_catch__tally_site(sum, area, pop);
	return rc;
}

/* Every cell, then the unserved areas.  With pl, each cell is written
 * as soon as the worker has finished it. */
static int write_all(writer *w, sg_catch *c, const char *method,
		     sg_catchment_summary *sum, sg_catch_pipe *pl)
{
	const sg_catch_data *d = w->d;
	char unserved[40];
	int rc = SG_OK;

	snprintf(unserved, sizeof(unserved), "%s-unserved", method);
	for (size_t s = 0; s < c->nsites && rc == SG_OK; s++) {
		if (pl && (rc = sg_catch__worker_wait(pl->worker, s)) != SG_OK)
			break;
		rc = write_site(w, c, s, method, sum, pl ? &pl->rows[s] : NULL);
		if (rc == SG_OK && pl && (s & 255) == 0)
			rc = sg_ctx__progress(w->ctx, "catchments", s,
					      c->nsites);
	}
	if (rc == SG_OK && pl)
		rc = sg_ctx__progress(w->ctx, "catchments", c->nsites,
				      c->nsites);
	for (size_t k = 0; k < c->nunserved && rc == SG_OK; k++) {
		rc = put_catchment(w, c->unserved[k].geom, 0, d->level_name,
				   unserved, c->unserved[k].area,
				   c->unserved[k].population, NAN, NULL);
		sum->unserved_areas++;
	}
	return rc;
}

static int put_summary(writer *w, const sg_catchment_summary *s)
{
	const struct {
		const char *key;
		double v;
	} kv[] = {
		{ SG_RESULT_SCHOOLS, (double)s->schools },
		{ SG_RESULT_LOCATIONS, (double)s->locations },
		{ SG_RESULT_MERGED, (double)s->merged },
		{ SG_RESULT_CATCHMENTS, (double)s->catchments },
		{ SG_RESULT_UNSERVED_AREAS, (double)s->unserved_areas },
		{ SG_RESULT_STUDY_AREA_KM2, s->study_area_km2 },
		{ SG_RESULT_CATCHMENT_AREA_KM2, s->catchment_area_km2 },
		{ SG_RESULT_UNSERVED_AREA_KM2, s->unserved_area_km2 },
		{ SG_RESULT_POPULATION, s->population },
		{ SG_RESULT_CATCHMENT_POPULATION, s->catchment_population },
		{ SG_RESULT_UNSERVED_POPULATION, s->unserved_population },
		{ SG_RESULT_SEATS, s->seats },
		{ SG_RESULT_CELLS, s->cells ? (double)s->cells : NAN },
	};
	int rc = SG_OK;

	for (size_t i = 0; i < sizeof(kv) / sizeof(*kv) && rc == SG_OK; i++)
		rc = put_result(w, SG_RESULT_SUMMARY, kv[i].key, kv[i].v, NULL);
	return rc;
}

/* The raster's figures, under subject "summary" with keys raster_*. */
static int put_raster_summary(writer *w, const sg_poprast_summary *r)
{
	const struct {
		const char *key;
		double v;
	} kv[] = {
		{ "raster_people", r->people },
		{ "raster_people_outside", r->outside },
		{ "raster_units", (double)r->units_raster },
		{ "raster_units_even", (double)r->units_even },
		{ "raster_pixel_m", r->pixel_m },
	};
	int rc = SG_OK;

	for (size_t i = 0; i < sizeof(kv) / sizeof(*kv) && rc == SG_OK; i++)
		rc = put_result(w, SG_RESULT_SUMMARY, kv[i].key, kv[i].v, NULL);
	return rc;
}

static int finish_run(sg_ctx *ctx, int64_t run_id,
		      const sg_catchment_summary *s)
{
	const sg_run_kv kv[] = {
		SG_RUN_INT(SG_RESULT_SCHOOLS, (double)s->schools),
		SG_RUN_INT(SG_RESULT_LOCATIONS, (double)s->locations),
		SG_RUN_INT(SG_RESULT_CATCHMENTS, (double)s->catchments),
		SG_RUN_INT(SG_RESULT_UNSERVED_AREAS, (double)s->unserved_areas),
		SG_RUN_NUM(SG_RESULT_STUDY_AREA_KM2, s->study_area_km2),
		SG_RUN_NUM(SG_RESULT_UNSERVED_AREA_KM2, s->unserved_area_km2),
		SG_RUN_NUM(SG_RESULT_POPULATION, s->population),
		SG_RUN_NUM(SG_RESULT_UNSERVED_POPULATION,
			   s->unserved_population),
	};

	return sg_run__finish(ctx, "catchments", run_id, kv,
			      sizeof(kv) / sizeof(*kv));
}

/*---- The run in the store ----------------------------------------------*/

int sg_catch__pipe_start(sg_catch *c, const char *crs, sg_catch_pipe **out)
{
	sg_catch_pipe *p = calloc(1, sizeof(*p));
	sg_catch_worker_hooks hooks = { pipe_setup, pipe_cell, pipe_teardown,
					NULL };

	*out = NULL;
	if (!p)
		return SG_ENOMEM;
	p->crs = crs;
	p->nsites = c->nsites;
	hooks.payload = p;
	if (sg_catch__worker_start(c, &hooks, &p->worker) != SG_OK) {
		free(p);
		return SG_ERROR;
	}
	*out = p;
	return SG_OK;
}

struct sg_catch_writer {
	writer w;
	int began; /* the transaction is open */
};

int sg_catch__store_begin(sg_ctx *ctx, const sg_catch_run *run,
			  sg_catch_writer **out)
{
	sg_catch_writer *cw = calloc(1, sizeof(*cw));
	writer *w;
	int rc;

	*out = NULL;
	if (!cw)
		return sg_error__oom(ctx, "catchments");
	w = &cw->w;
	w->ctx = ctx;
	w->d = run->d;
	*out = cw;
	if ((rc = sg_db__begin(ctx)) != SG_OK)
		return rc;
	cw->began = 1;
	w->wkb = GEOSWKBWriter_create_r(ctx->geos);
	if (!w->wkb)
		return sg_error__oom(ctx, "catchments");
	rc = begin_run(ctx, run->opts, run->scope, run->method, run->d,
		       run->dist, run->cs, run->std, run->raster, &w->run_id);
	/* Many rows: SpatiaLite's per-row triggers (an SQL statement built
	 * and run per row for the R*Tree) would cost more than the
	 * geometry; put_catchment writes the index entries itself. */
	if (rc == SG_OK) {
		rc = sg_db__bulk_begin(ctx, "catchments", &w->bulk);
		/* Even when it failed part way: sg_db__bulk_end frees the
		 * triggers' SQL it kept (and restores none: rollback). */
		w->bulk_on = 1;
	}
	/* A row's geometry as SpatiaLite's blob (layers/splblob.c), or as a
	 * WKB SpatiaLite converts (what the blob writer leaves to it). */
#define INSERT_CATCHMENT(GEOM)                                                 \
	"INSERT INTO catchments (run_id, school_id, level, method, geom, "     \
	"area_km2, population, seats, schools) VALUES (?1, ?2, ?3, ?4, " GEOM  \
	", ?6, ?7, ?8, ?9)"
	if (rc == SG_OK)
		rc = sg_db__prepare(ctx, "catchments", INSERT_CATCHMENT("?5"),
				    &w->geom_st);
	if (rc == SG_OK)
		rc = sg_db__prepare(
			ctx, "catchments",
			INSERT_CATCHMENT(
				"CastToMultiPolygon(GeomFromWKB(?5, 4326))"),
			&w->wkb_st);
#undef INSERT_CATCHMENT
	if (rc == SG_OK)
		rc = sg_db__prepare(ctx, "catchments",
				    "INSERT INTO results "
				    "(run_id, subject, key, value) VALUES (?1, "
				    "?2, ?3, ?4)",
				    &w->res_st);
	return rc;
}

int sg_catch__store_cells(sg_catch_writer *cw, const sg_catch_data *d,
			  sg_catch *c, const char *method, sg_catch_pipe *pipe,
			  sg_catchment_summary *sum)
{
	writer *w = &cw->w;
	sg_ctx *ctx = w->ctx;
	int rc;

	w->d = d;
	rc = write_all(w, c, method, sum, pipe);
	if (pipe) {
		int rc2 = pipe_finish(pipe, ctx, rc);

		if (rc == SG_OK)
			rc = rc2;
		if (rc == SG_OK)
			sg_catch__summarize(c, sum);
	}
	return rc;
}

int sg_catch__store_end(sg_catch_writer *cw, int rc, const sg_catch_run *run,
			sg_catchment_summary *sum)
{
	writer *w;
	sg_ctx *ctx;

	if (!cw)
		return rc;
	w = &cw->w;
	ctx = w->ctx;
	sum->run_id = w->run_id;
	if (rc == SG_OK)
		rc = put_summary(w, sum);
	if (rc == SG_OK && run->raster)
		rc = put_raster_summary(w, run->raster_sum);
	if (rc == SG_OK && run->road)
		rc = sg_roads__put_run(ctx, w->res_st, "catchments", w->run_id,
				       run->road, run->rinfo);
	if (rc == SG_OK)
		rc = finish_run(ctx, w->run_id, sum);
	sqlite3_finalize(w->geom_st);
	sqlite3_finalize(w->wkb_st);
	sqlite3_finalize(w->res_st);
	w->geom_st = w->wkb_st = w->res_st = NULL;
	if (rc == SG_OK && w->bulk_on)
		rc = sg_rtree__pack(ctx, "catchments", "idx_catchments_geom",
				    w->box, w->nbox);
	free(w->box);
	w->box = NULL;
	w->nbox = w->capbox = 0;
	if (w->bulk_on) {
		int rc2 = sg_db__bulk_end(ctx, &w->bulk, rc == SG_OK);

		w->bulk_on = 0;
		if (rc == SG_OK)
			rc = rc2;
	}
	if (rc == SG_OK && cw->began)
		rc = sg_db__commit(ctx);
	if (rc != SG_OK && cw->began)
		sg_db__rollback(ctx);
	if (w->wkb)
		GEOSWKBWriter_destroy_r(ctx->geos, w->wkb);
	if (rc != SG_OK)
		sum->run_id = 0;
	free(cw);
	return rc;
}

int sg_catch__store(sg_ctx *ctx, const sg_catch_run *run, sg_catch *c,
		    sg_catch_pipe *pipe, sg_catchment_summary *sum)
{
	sg_catch_writer *cw = NULL;
	int rc = sg_catch__store_begin(ctx, run, &cw);

	if (rc == SG_OK) {
		rc = sg_catch__store_cells(cw, run->d, c, run->method, pipe,
					   sum);
		pipe = NULL;
	}
	if (pipe)
		pipe_finish(pipe, ctx, rc != SG_OK ? rc : SG_ECANCELLED);
	return sg_catch__store_end(cw, rc, run, sum);
}
