/*
 * tests/layers/test_points.c - the point workloads (schoolgis/points.h)
 * against brute force: the strip point-in-polygon index against GEOS,
 * the grid's nearest and within queries against a scan of every point,
 * and sg_points_assign / sg_points_within on a store against a brute
 * force written here (own PROJ transform, GEOS containment, nearest
 * school by scanning all of them) and against the polygons stored by
 * `catchments --method voronoi`.
 */
#include <math.h>

#include "engine/nearest.h"
#include "engine/pip.h"
#include "sg_catch_check.h"
#include "sg_db_test.h"

static GEOSGeometry *wkt(sg_ctx *ctx, const char *text)
{
	GEOSWKTReader *r = GEOSWKTReader_create_r(ctx->geos);
	GEOSGeometry *g = GEOSWKTReader_read_r(ctx->geos, r, text);

	GEOSWKTReader_destroy_r(ctx->geos, r);
	assert_non_null(g);
	return g;
}

/*---- Engine: point in polygon -----------------------------------------*/

static void test_points__pip_vs_geos(void **state)
{
	/* Two parts, one with a hole, one concave with a notch. */
	static const char area[] =
		"MULTIPOLYGON(((0 0,100 0,100 100,0 100,0 0),"
		"(30 30,70 30,70 70,30 70,30 30)),"
		"((150 0,250 0,250 100,200 40,150 100,150 0)))";
	sg_ctx *ctx = NULL;
	GEOSGeometry *g;
	const GEOSPreparedGeometry *pg;
	sg_pip *pip = NULL;
	uint64_t seed = 11;
	int inside = 0;

	(void)state;
	assert_int_equal(sg_ctx_new(&ctx, NULL), SG_OK);
	g = wkt(ctx, area);
	pg = GEOSPrepare_r(ctx->geos, g);
	assert_sg_ok(ctx, sg_pip__new(ctx, g, &pip));
	for (int i = 0; i < 20000; i++) {
		double x = -20 + 290 * rnd01(&seed);
		double y = -20 + 140 * rnd01(&seed);
		GEOSGeometry *p = pt_new(ctx, x, y);
		int want = GEOSPreparedContains_r(ctx->geos, pg, p) == 1;

		GEOSGeom_destroy_r(ctx->geos, p);
		if (sg_pip__contains(pip, x, y) != want)
			fail_msg("(%g, %g): strips say %d, GEOS %d", x, y,
				 !want, want);
		inside += want;
	}
	assert_true(inside > 5000 && inside < 15000);
	/* Exactly on a vertex's row, and far away, and NaN. */
	assert_true(sg_pip__contains(pip, 10, 30));
	assert_false(sg_pip__contains(pip, 50, 50));  /* in the hole */
	assert_false(sg_pip__contains(pip, 200, 60)); /* in the notch */
	assert_false(sg_pip__contains(pip, 1e9, 50));
	assert_false(sg_pip__contains(pip, NAN, NAN));
	sg_pip__free(pip);
	/* An empty area contains nothing. */
	GEOSPreparedGeom_destroy_r(ctx->geos, pg);
	GEOSGeom_destroy_r(ctx->geos, g);
	g = wkt(ctx, "POLYGON EMPTY");
	assert_sg_ok(ctx, sg_pip__new(ctx, g, &pip));
	assert_false(sg_pip__contains(pip, 0, 0));
	sg_pip__free(pip);
	GEOSGeom_destroy_r(ctx->geos, g);
	sg_ctx_free(ctx);
}

/*---- Engine: nearest and within on the grid ----------------------------*/

static void test_points__nn_nearest_and_within_vs_brute(void **state)
{
	enum { N = 700, Q = 6000 };
	double x[N], y[N];
	uint64_t seed = 5;
	sg_nn *nn;

	(void)state;
	/* Integer coordinates on a coarse lattice: many exact ties. */
	for (int i = 0; i < N; i++) {
		x[i] = floor(40 * rnd01(&seed)) * 25;
		y[i] = floor(20 * rnd01(&seed)) * 25;
	}
	nn = sg_nn__new(x, y, N);
	assert_non_null(nn);
	for (int q = 0; q < Q; q++) {
		/* Some queries far outside the points' box. */
		double qx = -3000 + 7000 * rnd01(&seed);
		double qy = -2000 + 4500 * rnd01(&seed);
		double r = q % 3 == 0 ? 12.5 : 300 * rnd01(&seed), d2;
		double best = INFINITY;
		size_t bi = 0, got;
		int any = 0;

		if (q % 5 == 0) { /* on the lattice: ties */
			qx = floor(qx / 25) * 25 + 12.5;
			qy = floor(qy / 25) * 25;
		}
		for (int i = 0; i < N; i++) {
			double d = (x[i] - qx) * (x[i] - qx) +
				   (y[i] - qy) * (y[i] - qy);

			if (d < best) {
				best = d;
				bi = (size_t)i;
			}
			any |= d <= r * r;
		}
		got = sg_nn__nearest(nn, qx, qy, &d2);
		if (got != bi || d2 != best)
			fail_msg("query %d (%g, %g): nearest %zu at %g, brute "
				 "%zu at %g",
				 q, qx, qy, got, d2, bi, best);
		if (sg_nn__any_within(nn, qx, qy, r * r) != any)
			fail_msg("query %d (%g, %g) r %g: within %d, brute %d",
				 q, qx, qy, r, !any, any);
	}
	sg_nn__free(nn);
	/* An empty index. */
	nn = sg_nn__new(x, y, 0);
	assert_true(sg_nn__nearest(nn, 0, 0, NULL) == SG_NN_NONE);
	assert_false(sg_nn__any_within(nn, 0, 0, 1e12));
	sg_nn__free(nn);
}

/*---- Through the store --------------------------------------------------*/

/* Study area: ward A (a square with a square hole no ward fills), ward
 * B beside it, ward C an island 3 km east.  About 4 x 2.2 km. */
static const char units_geojson[] =
	"{\"type\":\"FeatureCollection\",\"features\":[\n"
	"{\"type\":\"Feature\",\"properties\":{\"code\":\"A\",\"name\":\"A\","
	"\"kind\":\"ward\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
	"[[[106.500,10.900],[106.515,10.900],[106.515,10.920],[106.500,10.920],"
	"[106.500,10.900]],[[106.505,10.905],[106.505,10.912],"
	"[106.511,10.912],[106.511,10.905],[106.505,10.905]]]}},\n"
	"{\"type\":\"Feature\",\"properties\":{\"code\":\"B\",\"name\":\"B\","
	"\"kind\":\"ward\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
	"[[[106.515,10.900],[106.528,10.903],[106.522,10.920],[106.515,10.920],"
	"[106.515,10.900]]]}},\n"
	"{\"type\":\"Feature\",\"properties\":{\"code\":\"C\",\"name\":\"C\","
	"\"kind\":\"ward\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
	"[[[106.560,10.905],[106.575,10.905],[106.568,10.918],"
	"[106.560,10.905]]]}}\n]}\n";

enum { NSCH = 300, NPTS = 6000 };

typedef struct {
	double lon[NSCH + 1], lat[NSCH + 1]; /* primary, by code */
	double x[NSCH + 1], y[NSCH + 1];     /* metric, own transform */
	size_t n;
} schools_t;

/* Primary schools P0001.. at random (some outside the wards), P9999 at
 * the place of P0007 (merged into it), and lower-secondary schools that
 * must be ignored.  Coordinates are printed with 7 decimals and read
 * back with strtod, as the import reads them. */
static void write_schools(const char *path, schools_t *s)
{
	FILE *fp = fopen(path, "w");
	uint64_t seed = 99;
	char buf[64];

	assert_non_null(fp);
	fprintf(fp, "code,name,levels,lon,lat,students,classes\n");
	for (int i = 0; i < NSCH; i++) {
		double lon = 106.495 + 0.085 * rnd01(&seed);
		double lat = 10.897 + 0.026 * rnd01(&seed);

		snprintf(buf, sizeof(buf), "%.7f", lon);
		s->lon[i] = strtod(buf, NULL);
		snprintf(buf, sizeof(buf), "%.7f", lat);
		s->lat[i] = strtod(buf, NULL);
		fprintf(fp, "P%04d,Tiểu học %d,primary,%.7f,%.7f,300,10\n",
			i + 1, i + 1, s->lon[i], s->lat[i]);
	}
	s->lon[NSCH] = s->lon[6];
	s->lat[NSCH] = s->lat[6];
	fprintf(fp, "P9999,Tiểu học trùng,primary,%.7f,%.7f,300,10\n",
		s->lon[6], s->lat[6]);
	for (int i = 0; i < 40; i++)
		fprintf(fp, "L%04d,THCS %d,lower_secondary,%.7f,%.7f,300,10\n",
			i + 1, i + 1, 106.5 + 0.001 * i, 10.91);
	s->n = NSCH + 1;
	fclose(fp);
}

/* The reference transform, built here: EPSG:4326 -> UTM 48N. */
static PJ *utm48(PJ_CONTEXT **pc)
{
	PJ *p, *norm;

	*pc = proj_context_create();
	p = proj_create_crs_to_crs(*pc, "EPSG:4326", "EPSG:32648", NULL);
	assert_non_null(p);
	norm = proj_normalize_for_visualization(*pc, p);
	proj_destroy(p);
	assert_non_null(norm);
	return norm;
}

static void to_utm(PJ *p, double lon, double lat, double *x, double *y)
{
	PJ_COORD c = proj_trans(p, PJ_FWD, proj_coord(lon, lat, 0, 0));

	*x = c.xy.x;
	*y = c.xy.y;
}

/* The study area in UTM from the same rings, with GEOS. */
static GEOSGeometry *study_utm(sg_ctx *ctx, PJ *p)
{
	static const char *const rings[] = {
		"POLYGON((106.500 10.900,106.515 10.900,106.515 10.920,"
		"106.500 10.920,106.500 10.900),(106.505 10.905,106.505 10.912,"
		"106.511 10.912,106.511 10.905,106.505 10.905))",
		"POLYGON((106.515 10.900,106.528 10.903,106.522 10.920,"
		"106.515 10.920,106.515 10.900))",
		"POLYGON((106.560 10.905,106.575 10.905,106.568 10.918,"
		"106.560 10.905))"
	};
	GEOSGeometry *parts[3], *coll, *u;

	for (int i = 0; i < 3; i++) {
		GEOSGeometry *g = wkt(ctx, rings[i]);

		{
			/* Vertex by vertex through the reference PJ. */
			const GEOSGeometry *sh =
				GEOSGetExteriorRing_r(ctx->geos, g);
			int nh = GEOSGetNumInteriorRings_r(ctx->geos, g);
			GEOSGeometry *shell = NULL, *holes[1] = { NULL };

			for (int r = 0; r <= nh; r++) {
				const GEOSGeometry *ring =
					r == 0 ? sh
					       : GEOSGetInteriorRingN_r(
							 ctx->geos, g, r - 1);
				const GEOSCoordSequence *cs =
					GEOSGeom_getCoordSeq_r(ctx->geos, ring);
				unsigned int n = 0;
				GEOSCoordSequence *out;

				GEOSCoordSeq_getSize_r(ctx->geos, cs, &n);
				out = GEOSCoordSeq_create_r(ctx->geos, n, 2);
				for (unsigned int k = 0; k < n; k++) {
					double lx, ly, ux, uy;

					GEOSCoordSeq_getXY_r(ctx->geos, cs, k,
							     &lx, &ly);
					to_utm(p, lx, ly, &ux, &uy);
					GEOSCoordSeq_setXY_r(ctx->geos, out, k,
							     ux, uy);
				}
				if (r == 0)
					shell = GEOSGeom_createLinearRing_r(
						ctx->geos, out);
				else
					holes[0] = GEOSGeom_createLinearRing_r(
						ctx->geos, out);
			}
			parts[i] = GEOSGeom_createPolygon_r(ctx->geos, shell,
							    nh ? holes : NULL,
							    (unsigned)nh);
		}
		GEOSGeom_destroy_r(ctx->geos, g);
		assert_non_null(parts[i]);
	}
	coll = GEOSGeom_createCollection_r(ctx->geos, GEOS_GEOMETRYCOLLECTION,
					   parts, 3);
	u = GEOSUnaryUnion_r(ctx->geos, coll);
	GEOSGeom_destroy_r(ctx->geos, coll);
	assert_non_null(u);
	return u;
}

static sg_ctx *points_store(const char *name, schools_t *s)
{
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_import_summary sum;
	sg_ctx *ctx = new_store(name);
	char path[256];

	assert_sg_ok(ctx,
		     sg_test_import(ctx, SG_IMPORT_UNITS, "pts_units.geojson",
				    units_geojson, &o, &sum));
	sg_test_path(path, sizeof(path), "pts_schools.csv");
	write_schools(path, s);
	o.year = "2019-2020";
	o.rejects_path = NULL;
	sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, &sum); /* flags some */
	assert_int_equal(sum.inserted, NSCH + 1 + 40);
	return ctx;
}

static void test_points__assign_and_within_vs_brute(void **state)
{
	sg_school_index_options o = SG_SCHOOL_INDEX_OPTIONS_INIT;
	sg_points_summary sa, sw;
	static schools_t s;
	static double lon[NPTS], lat[NPTS];
	static size_t school[NPTS];
	static uint8_t within[NPTS];
	uint64_t counts[NSCH + 1], brute_counts[NSCH + 1] = { 0 };
	uint64_t in_area = 0, n_within = 0, skipped = 0, seed = 2024;
	sg_school_index *idx = NULL;
	PJ_CONTEXT *pc;
	PJ *p = utm48(&pc);
	sg_ctx *ctx = points_store("points.sqlite", &s);
	GEOSGeometry *study, *boundary;
	const GEOSPreparedGeometry *pstudy;
	const double D = 600;

	(void)state;
	for (size_t i = 0; i < s.n; i++)
		to_utm(p, s.lon[i], s.lat[i], &s.x[i], &s.y[i]);
	study = study_utm(ctx, p);
	boundary = GEOSBoundary_r(ctx->geos, study);
	pstudy = GEOSPrepare_r(ctx->geos, study);
	o.level = "primary";
	assert_sg_ok(ctx, sg_school_index_new(ctx, &o, &idx));
	assert_int_equal(sg_school_index_count(idx), NSCH + 1);
	assert_string_equal(sg_school_index_crs(idx), "EPSG:32648");
	assert_string_equal(sg_school_index_code(idx, 0), "P0001");
	assert_string_equal(sg_school_index_code(idx, NSCH), "P9999");
	assert_null(sg_school_index_code(idx, NSCH + 1));
	assert_true(sg_school_index_id(idx, 0) > 0);
	assert_true(sg_school_index_default_distance(idx) == 1000);
	/* Points over a box larger than the area, and two invalid ones. */
	for (int i = 0; i < NPTS; i++) {
		lon[i] = 106.49 + 0.095 * rnd01(&seed);
		lat[i] = 10.894 + 0.032 * rnd01(&seed);
	}
	lon[17] = NAN;
	lat[18] = INFINITY;
	assert_sg_ok(ctx, sg_points_assign(idx, lon, lat, NPTS, school, counts,
					   &sa));
	assert_sg_ok(ctx,
		     sg_points_within(idx, lon, lat, NPTS, D, within, &sw));
	for (int i = 0; i < NPTS; i++) {
		double px, py, best = INFINITY, second = INFINITY, bd;
		size_t bi = 0, want;
		int in, w = 0;
		GEOSGeometry *pt;

		if (!isfinite(lon[i]) || !isfinite(lat[i])) {
			assert_true(school[i] == SG_POINTS_NONE);
			assert_int_equal(within[i], 0);
			continue;
		}
		to_utm(p, lon[i], lat[i], &px, &py);
		for (size_t j = 0; j < s.n; j++) {
			double d = hypot(s.x[j] - px, s.y[j] - py);

			w |= d <= D;
			if (j == NSCH)
				continue; /* same place as P0007 */
			if (d < best) {
				second = best;
				best = d;
				bi = j;
			} else if (d < second) {
				second = d;
			}
		}
		pt = pt_new(ctx, px, py);
		in = GEOSPreparedContains_r(ctx->geos, pstudy, pt) == 1;
		GEOSDistance_r(ctx->geos, pt, boundary, &bd);
		GEOSGeom_destroy_r(ctx->geos, pt);
		n_within += (uint64_t)w;
		if (within[i] != w && fabs(best - D) > 1e-6)
			fail_msg("point %d: within %d, brute %d", i, within[i],
				 w);
		/* Too near a boundary or a tie to call: skip. */
		if (bd < 1e-6 || second - best < 1e-6) {
			skipped++;
			continue;
		}
		in_area += (uint64_t)in;
		want = in ? bi : SG_POINTS_NONE;
		if (in)
			brute_counts[bi]++;
		if (school[i] != want)
			fail_msg("point %d (%.7f, %.7f): school %zu, brute "
				 "%zu",
				 i, lon[i], lat[i], school[i], want);
	}
	print_message("%llu of %d points too near a boundary or a tie to "
		      "call\n",
		      (unsigned long long)skipped, NPTS);
	assert_true(skipped < 5);
	assert_int_equal(sa.points, NPTS);
	assert_int_equal(sa.invalid, 2);
	if (skipped == 0) {
		assert_int_equal(sa.in_area, in_area);
		assert_int_equal(sa.assigned, in_area);
		assert_memory_equal(counts, brute_counts, sizeof(counts));
	}
	assert_true(in_area > NPTS / 20 && in_area < NPTS / 2);
	assert_int_equal(counts[NSCH], 0); /* merged into P0007 */
	assert_int_equal(sw.within, n_within);
	assert_true(fabs(sw.within_share - (double)n_within / NPTS) < 1e-12);
	assert_true(sw.max_distance == D);
	/* The default distance: the standard, 1000 m for primary. */
	assert_sg_ok(ctx, sg_points_within(idx, lon, lat, NPTS, 0, NULL, &sw));
	assert_true(sw.max_distance == 1000);
	assert_true(sw.within >= n_within);
	sg_school_index_free(idx);
	GEOSPreparedGeom_destroy_r(ctx->geos, pstudy);
	GEOSGeom_destroy_r(ctx->geos, boundary);
	GEOSGeom_destroy_r(ctx->geos, study);
	proj_destroy(p);
	proj_context_destroy(pc);
	sg_ctx_free(ctx);
}

/* The school a point is given is the school whose stored Voronoi
 * catchment polygon contains it. */
static void test_points__assign_matches_stored_catchments(void **state)
{
	sg_catchment_options co = SG_CATCHMENT_OPTIONS_INIT;
	sg_school_index_options o = SG_SCHOOL_INDEX_OPTIONS_INIT;
	static schools_t s;
	static double lon[NPTS], lat[NPTS];
	static size_t school[NPTS];
	sg_school_index *idx = NULL;
	sg_ctx *ctx = points_store("points_vor.sqlite", &s);
	GEOSWKBReader *rd = GEOSWKBReader_create_r(ctx->geos);
	const GEOSPreparedGeometry *prep[NSCH + 1] = { NULL };
	GEOSGeometry *geom[NSCH + 1] = { NULL };
	uint64_t seed = 7, checked = 0;
	sqlite3_stmt *st;

	(void)state;
	co.level = "primary";
	assert_sg_ok(ctx, sg_catchment_compute(ctx, &co, NULL));
	o.level = "primary";
	assert_sg_ok(ctx, sg_school_index_new(ctx, &o, &idx));
	assert_int_equal(
		sqlite3_prepare_v2(
			ctx->db,
			"SELECT school_id, "
			"AsBinary(geom) FROM catchments WHERE method = "
			"'voronoi'",
			-1, &st, NULL),
		SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		size_t k;

		for (k = 0; k < s.n && sg_school_index_id(idx, k) != id; k++)
			;
		assert_true(k < s.n);
		geom[k] = GEOSWKBReader_read_r(ctx->geos, rd,
					       sqlite3_column_blob(st, 1),
					       (size_t)sqlite3_column_bytes(st,
									    1));
		assert_non_null(geom[k]);
		prep[k] = GEOSPrepare_r(ctx->geos, geom[k]);
	}
	sqlite3_finalize(st);
	for (int i = 0; i < NPTS; i++) {
		lon[i] = 106.49 + 0.095 * rnd01(&seed);
		lat[i] = 10.894 + 0.032 * rnd01(&seed);
	}
	assert_sg_ok(ctx,
		     sg_points_assign(idx, lon, lat, NPTS, school, NULL, NULL));
	for (int i = 0; i < NPTS; i++) {
		GEOSGeometry *pt = pt_new(ctx, lon[i], lat[i]);
		size_t k = school[i], holder = SG_POINTS_NONE;
		double d = INFINITY;

		for (size_t j = 0; j < s.n; j++)
			if (prep[j] &&
			    GEOSPreparedContains_r(ctx->geos, prep[j], pt) == 1)
				holder = j;
		/* Within a metre (1e-5 degree) of the edge of either
		 * polygon: they are stored in degrees, the index works in
		 * metres, and straight edges differ by millimetres. */
		for (int t = 0; t < 2; t++) {
			size_t j = t ? holder : k;
			GEOSGeometry *b;
			double dj;

			if (j == SG_POINTS_NONE || !geom[j])
				continue;
			b = GEOSBoundary_r(ctx->geos, geom[j]);
			GEOSDistance_r(ctx->geos, pt, b, &dj);
			GEOSGeom_destroy_r(ctx->geos, b);
			d = fmin(d, dj);
		}
		GEOSGeom_destroy_r(ctx->geos, pt);
		if (d < 1e-5)
			continue;
		checked++;
		if (holder != k)
			fail_msg("point %d: assigned %zu, stored polygon of "
				 "%zu holds it",
				 i, k, holder);
	}
	assert_true(checked > NPTS * 9 / 10);
	for (size_t j = 0; j < s.n; j++) {
		if (prep[j])
			GEOSPreparedGeom_destroy_r(ctx->geos, prep[j]);
		GEOSGeom_destroy_r(ctx->geos, geom[j]);
	}
	GEOSWKBReader_destroy_r(ctx->geos, rd);
	sg_school_index_free(idx);
	sg_ctx_free(ctx);
}

static void test_points__errors_and_empty(void **state)
{
	sg_school_index_options o = SG_SCHOOL_INDEX_OPTIONS_INIT;
	sg_points_summary sum;
	static schools_t s;
	sg_school_index *idx = NULL;
	sg_ctx *ctx = points_store("points_err.sqlite", &s), *bare = NULL;
	double lon[1] = { 106.502 }, lat[1] = { 10.91 };
	uint64_t counts[1];
	size_t school[1];

	(void)state;
	assert_sg_fails(ctx, sg_school_index_new(ctx, &o, &idx), SG_EINVALID,
			"unknown level");
	assert_null(idx);
	o.version = 99;
	o.level = "primary";
	assert_sg_fails(ctx, sg_school_index_new(ctx, &o, &idx), SG_EINVALID,
			"version");
	o.version = SG_SCHOOL_INDEX_OPTIONS_VERSION;
	o.crs = "EPSG:4326";
	assert_sg_fails(ctx, sg_school_index_new(ctx, &o, &idx), SG_EINVALID,
			"geographic");
	o.crs = NULL;
	assert_int_equal(sg_ctx_new(&bare, NULL), SG_OK);
	assert_int_equal(sg_school_index_new(bare, &o, &idx), SG_ENOSTORE);
	sg_ctx_free(bare);
	/* A level without schools: nothing assigned, nothing within. */
	o.level = "upper_secondary";
	assert_sg_ok(ctx, sg_school_index_new(ctx, &o, &idx));
	assert_int_equal(sg_school_index_count(idx), 0);
	assert_sg_ok(ctx,
		     sg_points_assign(idx, lon, lat, 1, school, counts, &sum));
	assert_true(school[0] == SG_POINTS_NONE);
	assert_int_equal(sum.in_area, 1);
	assert_int_equal(sum.assigned, 0);
	assert_sg_ok(ctx, sg_points_within(idx, lon, lat, 1, 5000, NULL, &sum));
	assert_int_equal(sum.within, 0);
	assert_true(sum.within_share == 0);
	/* Bad arguments. */
	assert_sg_fails(ctx, sg_points_within(idx, lon, lat, 1, -1, NULL, NULL),
			SG_EINVALID, "positive");
	assert_sg_fails(ctx,
			sg_points_assign(idx, NULL, lat, 1, NULL, NULL, NULL),
			SG_EINVALID, "coordinates");
	/* No points. */
	assert_sg_ok(ctx,
		     sg_points_assign(idx, NULL, NULL, 0, NULL, NULL, &sum));
	assert_int_equal(sum.points, 0);
	assert_sg_ok(ctx,
		     sg_points_within(idx, NULL, NULL, 0, 100, NULL, &sum));
	assert_true(isnan(sum.within_share));
	sg_school_index_free(idx);
	sg_school_index_free(NULL);
	sg_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_points__pip_vs_geos),
		cmocka_unit_test(test_points__nn_nearest_and_within_vs_brute),
		cmocka_unit_test(test_points__assign_and_within_vs_brute),
		cmocka_unit_test(test_points__assign_matches_stored_catchments),
		cmocka_unit_test(test_points__errors_and_empty),
	};

	return cmocka_run_group_tests(tests, sg_test_setup, sg_test_teardown);
}
