/*
 * tests/layers/test_catchments.c - catchments and coverage through the
 * store: runs, polygons and figures written in one transaction, hand-
 * computed coverage on a small fixture, the population raster of the
 * capacity method (GeoTIFFs written here with GDAL, checked against a
 * brute force over their pixels), and the real Cu Chi communes.
 */
#include <math.h>

#include <cpl_conv.h>
#include <ogr_srs_api.h>

#include "layers/catchments_int.h"
#include "sg_catch_check.h"
#include "sg_db_test.h"
#include "sg_fixture_wards.h"

/* P1: 4 classes x 35 = 140 seats for 150 students (over capacity); P2:
 * classes unknown, 40 seats = its 40 students; L1 is not primary. */
static const char schools_csv[] =
	"code,name,levels,lon,lat,students,classes\n"
	"P1,Tiểu học Một,primary,106.505,10.9045,150,4\n"
	"P2,Tiểu học Hai,primary,106.515,10.9045,40,\n"
	"L1,THCS Ba,lower_secondary,106.605,10.9045,300,8\n";

/* The wards and their census (sg_fixture_wards.h): A has 120 children
 * aged 6-10 from its bands; B and C totals only, so 7.6%
 * (shares.primary): 76 and 38. */
static sg_ctx *fixture_store(const char *name)
{
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_import_summary s;
	sg_ctx *ctx = sg_fixture_wards_store(name);

	o.year = "2019-2020";
	assert_sg_ok(ctx, sg_test_import(ctx, SG_IMPORT_SCHOOLS, "schools.csv",
					 schools_csv, &o, &s));
	assert_int_equal(s.inserted, 3);
	return ctx;
}

static double cell(const sg_table *t, size_t r, const char *col)
{
	int c = sg_table_col(t, col);

	if (c < 0)
		fail_msg("no column %s", col);
	return sg_table_real(t, r, (size_t)c);
}

static const char *text(const sg_table *t, size_t r, const char *col)
{
	int c = sg_table_col(t, col);

	if (c < 0)
		fail_msg("no column %s", col);
	return sg_table_text(t, r, (size_t)c);
}

#define NEAR(a, b, tol)                                                        \
	do {                                                                   \
		double a_ = (a), b_ = (b);                                     \
		if (!(fabs(a_ - b_) <= (tol)))                                 \
			fail_msg("%s = %.6f, expected %.6f", #a, a_, b_);      \
	} while (0)

/*---- Coverage -----------------------------------------------------------*/

static void test_catchments__coverage_hand_computed(void **state)
{
	sg_coverage_options o = SG_COVERAGE_OPTIONS_INIT;
	sg_coverage_summary s;
	sg_table *u = NULL, *sc = NULL, *un = NULL;
	sg_ctx *ctx = fixture_store("cov.sqlite");

	(void)state;
	o.level = "Tiểu học";
	o.max_distance = 2000;
	assert_sg_ok(ctx, sg_coverage_compute(ctx, &o, &u, &sc, &un, &s));
	/* Per ward, by code: A, B, C. */
	assert_int_equal(sg_table_nrows(u), 3);
	assert_string_equal(text(u, 0, "unit_code"), "A");
	NEAR(cell(u, 0, "children"), 120, 1e-9);
	NEAR(cell(u, 0, "children_within"), 120, 1e-9);
	NEAR(cell(u, 0, "within_pct"), 100, 1e-9);
	NEAR(cell(u, 0, "seats"), 140, 0);
	NEAR(cell(u, 0, "utilization_pct"), 107.1, 1e-9);
	assert_string_equal(text(u, 0, "population_source"), "bands");
	assert_string_equal(text(u, 1, "unit_code"), "B");
	NEAR(cell(u, 1, "children"), 76, 1e-9);
	NEAR(cell(u, 1, "children_within"), 0, 1e-9);
	NEAR(cell(u, 1, "children_beyond"), 76, 1e-9);
	NEAR(cell(u, 1, "schools"), 0, 0);
	assert_true(sg_table_is_null(u, 1, (size_t)sg_table_col(u, "seats")));
	assert_string_equal(text(u, 1, "population_source"), "share");
	NEAR(cell(u, 2, "children"), 38, 1e-9);
	NEAR(cell(u, 2, "children_within"), 38, 1e-9);
	NEAR(cell(u, 2, "seats"), 40, 0);
	NEAR(cell(u, 2, "utilization_pct"), 100, 1e-9);
	/* Per school: P1 over capacity; Voronoi catchments split at the
	 * A/C boundary, B goes to P2 (P1 and P2 are symmetric about it:
	 * only a sliver from the meridian's tilt in UTM differs). */
	assert_int_equal(sg_table_nrows(sc), 2);
	assert_string_equal(text(sc, 0, "school_code"), "P1");
	NEAR(cell(sc, 0, "over_capacity"), 1, 0);
	NEAR(cell(sc, 0, "catchment_children"), 120, 0.5);
	NEAR(cell(sc, 0, "demand_pct"), 100.0 * 120 / 140, 0.5);
	NEAR(cell(sc, 1, "over_capacity"), 0, 0);
	NEAR(cell(sc, 1, "catchment_children"), 114, 0.5);
	NEAR(cell(sc, 1, "demand_pct"), 285, 1.5);
	/* One unserved area: all of B. */
	assert_int_equal(sg_table_nrows(un), 1);
	NEAR(cell(un, 0, "children"), 76, 1e-6);
	assert_string_equal(text(un, 0, "unit_codes"), "B");
	NEAR(cell(un, 0, "lon"), 106.605, 0.006);
	/* Totals. */
	NEAR(s.children, 234, 1e-9);
	NEAR(s.children_within, 158, 1e-6);
	NEAR(s.within_pct, 67.5, 1e-9);
	NEAR(s.seats, 180, 0);
	NEAR(s.students, 190, 0);
	NEAR(s.utilization_pct, 105.6, 1e-9);
	assert_int_equal(s.over_capacity, 1);
	assert_int_equal(s.unserved_areas, 1);
	assert_int_equal(s.units_by_bands, 1);
	assert_int_equal(s.units_by_share, 2);
	assert_int_equal(s.age_from, 6);
	assert_string_equal(s.crs, "EPSG:32648");
	assert_non_null(strstr(sg_table_note(u), "built-in defaults"));
	sg_table_free(u);
	sg_table_free(sc);
	sg_table_free(un);
	/* The standards' distance norm (1000 m) by default; an unknown
	 * level fails. */
	o.max_distance = 0;
	assert_sg_ok(ctx, sg_coverage_compute(ctx, &o, NULL, NULL, NULL, &s));
	assert_true(s.max_distance == 1000);
	o.level = "university";
	assert_sg_fails(ctx, sg_coverage_compute(ctx, &o, &u, NULL, NULL, NULL),
			SG_EINVALID, "unknown level");
	assert_null(u);
	/* Nothing was written. */
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM results"), 0);
	sg_ctx_free(ctx);
}

/*---- Catchments in the store ------------------------------------------*/

static void test_catchments__voronoi_stored(void **state)
{
	sg_catchment_options o = SG_CATCHMENT_OPTIONS_INIT;
	sg_catchment_summary s;
	sg_ctx *ctx = fixture_store("vor.sqlite");
	double study, stored;
	char buf[256], path[256];
	int64_t runs, n = 0;

	(void)state;
	o.level = "primary";
	assert_sg_ok(ctx, sg_catchment_compute(ctx, &o, &s));
	assert_int_equal(s.schools, 2);
	assert_int_equal(s.catchments, 2);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM catchments WHERE "
				    "method = 'voronoi' AND level = 'primary'"),
			 2);
	/* The polygons tile the study area (measured in UTM by
	 * SpatiaLite), each school in its own. */
	study = q_double(ctx, "SELECT sum(ST_Area(Transform(geom, 32648))) "
			      "FROM units");
	stored = q_double(ctx, "SELECT sum(ST_Area(Transform(geom, 32648)))"
			       " FROM catchments");
	NEAR(stored / study, 1, 1e-6);
	NEAR(s.study_area_km2 * 1e6 / study, 1, 1e-6);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM catchments c JOIN "
				    "schools s ON s.id = c.school_id WHERE "
				    "ST_Contains(c.geom, s.geom)"),
			 2);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM catchments WHERE "
				    "ST_IsValid(geom)"),
			 2);
	/* Provenance and figures. */
	assert_string_equal(q_text(ctx,
				   "SELECT json_extract(parameters, "
				   "'$.method') || ' ' || json_extract("
				   "parameters, '$.level') || ' ' || "
				   "json_extract(parameters, '$.crs') FROM "
				   "runs WHERE command = 'catchments'",
				   buf, sizeof(buf)),
			    "voronoi primary EPSG:32648");
	assert_int_equal(q_int(ctx,
			       "SELECT count(*) FROM runs WHERE "
			       "command = 'catchments' AND finished_at IS NOT"
			       " NULL AND versions LIKE '%GEOS%'"),
			 1);
	NEAR(q_double(ctx, "SELECT sum(population) FROM catchments"), 234,
	     1e-6);
	NEAR(q_double(ctx, "SELECT value FROM results WHERE subject = "
			   "'summary' AND key = 'population'"),
	     234, 1e-9);
	/* A second run replaces the polygons, keeps the history. */
	runs = q_int(ctx, "SELECT count(*) FROM runs");
	assert_sg_ok(ctx, sg_catchment_compute(ctx, &o, &s));
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM runs"), runs + 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM catchments"), 2);
	assert_int_equal(q_int(ctx, "SELECT count(DISTINCT run_id) FROM "
				    "catchments"),
			 1);
	/* The spatial index the writer packs (layers/rtree.h) matches the
	 * polygons by SpatiaLite's own check, and SQLite's. */
	assert_int_equal(q_int(ctx, "SELECT CheckSpatialIndex('catchments', "
				    "'geom')"),
			 1);
	assert_string_equal(q_text(ctx,
				   "SELECT rtreecheck('idx_catchments_geom')",
				   buf, sizeof(buf)),
			    "ok");
	/* Export to GeoPackage with the figures. */
	sg_test_path(path, sizeof(path), "catchments.gpkg");
	assert_sg_ok(ctx, sg_export(ctx, "catchments", path, NULL, &n));
	assert_int_equal(n, 2);
	sg_ctx_free(ctx);
}

static void test_catchments__distance_and_merged(void **state)
{
	sg_catchment_options o = SG_CATCHMENT_OPTIONS_INIT;
	sg_catchment_summary s;
	sg_import_options io = SG_IMPORT_OPTIONS_INIT;
	sg_import_summary is;
	sg_ctx *ctx = fixture_store("dist.sqlite");
	char buf[64];
	double study;

	(void)state;
	o.level = "primary";
	o.method = SG_CATCHMENT_DISTANCE;
	o.max_distance = 2000;
	assert_sg_ok(ctx, sg_catchment_compute(ctx, &o, &s));
	assert_int_equal(s.catchments, 2);
	assert_int_equal(s.unserved_areas, 1);
	NEAR(s.unserved_population, 76, 1e-6);
	assert_int_equal(q_int(ctx,
			       "SELECT count(*) FROM catchments WHERE "
			       "method = 'distance-unserved' AND school_id IS "
			       "NULL"),
			 1);
	NEAR(q_double(ctx, "SELECT population FROM catchments WHERE "
			   "method = 'distance-unserved'"),
	     76, 1e-6);
	study = q_double(ctx, "SELECT sum(ST_Area(Transform(geom, 32648))) "
			      "FROM units");
	NEAR(q_double(ctx, "SELECT sum(ST_Area(Transform(geom, 32648))) "
			   "FROM catchments") /
		     study,
	     1, 1e-6);
	/* The voronoi run is not touched by a distance run. */
	o.method = SG_CATCHMENT_VORONOI;
	o.max_distance = 0;
	assert_sg_ok(ctx, sg_catchment_compute(ctx, &o, &s));
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM catchments"), 5);
	/* P3 where P2 is: one catchment, stored under P2, naming both. */
	io.year = "2019-2020";
	assert_sg_ok(ctx, sg_test_import(
				  ctx, SG_IMPORT_SCHOOLS, "p3.csv",
				  "code,name,levels,lon,lat,students\n"
				  "P3,Tiểu học Ba,primary,106.515,10.9045,10\n",
				  &io, &is));
	assert_sg_ok(ctx, sg_catchment_compute(ctx, &o, &s));
	assert_int_equal(s.schools, 3);
	assert_int_equal(s.locations, 2);
	assert_int_equal(s.merged, 1);
	assert_string_equal(q_text(ctx,
				   "SELECT schools FROM catchments "
				   "WHERE schools IS NOT NULL",
				   buf, sizeof(buf)),
			    "P2,P3");
	assert_string_equal(
		q_text(ctx,
		       "SELECT s.code FROM catchments c JOIN"
		       " schools s ON s.id = c.school_id WHERE "
		       "c.method = 'voronoi' AND ST_Contains(c.geom,"
		       " MakePoint(106.515, 10.9045, 4326))",
		       buf, sizeof(buf)),
		"P2");
	sg_ctx_free(ctx);
}

static void test_catchments__capacity_stored(void **state)
{
	sg_catchment_options o = SG_CATCHMENT_OPTIONS_INIT;
	sg_catchment_summary s;
	sg_ctx *ctx = fixture_store("cap.sqlite");

	(void)state;
	o.level = "primary";
	o.method = SG_CATCHMENT_CAPACITY;
	o.cell_size = 100;
	assert_sg_ok(ctx, sg_catchment_compute(ctx, &o, &s));
	NEAR(s.seats, 180, 0);
	NEAR(s.population, 234, 1e-9);
	NEAR(s.catchment_population + s.unserved_population, 234, 1e-6);
	assert_true(s.catchment_population <= 180 + 1e-6);
	assert_true(s.catchment_population > 170);
	/* No school holds more children than seats. */
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM catchments WHERE "
				    "method = 'capacity' AND population > "
				    "coalesce(seats, 0) + 1e-6"),
			 0);
	assert_true(q_int(ctx, "SELECT count(*) FROM catchments WHERE method "
			       "= 'capacity-unserved'") >= 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM catchments WHERE "
				    "NOT ST_IsValid(geom)"),
			 0);
	sg_ctx_free(ctx);
}

static void test_catchments__errors_change_nothing(void **state)
{
	sg_catchment_options o = SG_CATCHMENT_OPTIONS_INIT;
	sg_ctx *ctx = fixture_store("err.sqlite"), *empty;
	int64_t runs = q_int(ctx, "SELECT count(*) FROM runs");

	(void)state;
	assert_sg_fails(ctx, sg_catchment_compute(ctx, &o, NULL), SG_EINVALID,
			"unknown level");
	o.level = "primary";
	o.year = "1999-2000";
	assert_sg_fails(ctx, sg_catchment_compute(ctx, &o, NULL), SG_ENOTFOUND,
			"1999-2000");
	o.year = NULL;
	o.crs = "EPSG:4326";
	assert_sg_fails(ctx, sg_catchment_compute(ctx, &o, NULL), SG_EINVALID,
			"geographic");
	o.crs = NULL;
	o.method = (sg_catchment_method)7;
	assert_sg_fails(ctx, sg_catchment_compute(ctx, &o, NULL), SG_EINVALID,
			"method");
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM runs"), runs);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM catchments"), 0);
	empty = new_store("empty.sqlite");
	o.method = SG_CATCHMENT_VORONOI;
	assert_sg_fails(empty, sg_catchment_compute(empty, &o, NULL),
			SG_EINVALID, "no units");
	sg_ctx_free(empty);
	sg_ctx_free(ctx);
}

/*---- Population raster ------------------------------------------------*/

/*
 * The fixture's raster, EPSG:4326, 0.0005 degree pixels (about 55 m),
 * 60 x 40 from (106.495, 10.915) down to (106.525, 10.895): it covers A
 * and C with a margin and misses B.  All of A's people are in the 2 x 2
 * pixels of its north-west corner; C has 2 people per pixel but for a
 * column of nodata and a column of zeros; the margin holds nodata, a
 * pixel of 100 people outside every ward but inside the study area's
 * box, and one outside that box (never read).
 */
#define R_W 60
#define R_H 40
#define R_NODATA (-9999.0)
static const double r_gt[6] = { 106.495, 0.0005, 0, 10.915, 0, -0.0005 };

static void raster_values(float *v)
{
	for (int j = 0; j < R_H; j++)
		for (int i = 0; i < R_W; i++) {
			double lon = r_gt[0] + (i + 0.5) * r_gt[1];
			double lat = r_gt[3] + (j + 0.5) * r_gt[5];
			float x = (float)R_NODATA;

			if (lon > 106.51 && lon < 106.52 && lat > 10.90 &&
			    lat < 10.909)
				x = i == 40 ? (float)R_NODATA : i == 41 ? 0 : 2;
			if (lon > 106.50 && lon < 106.51 && lat > 10.90 &&
			    lat < 10.909)
				x = 0;
			v[(size_t)j * R_W + (size_t)i] = x;
		}
	/* A's north-west corner: centres 27 and 82 m inside its edges. */
	v[12 * R_W + 10] = 7;
	v[12 * R_W + 11] = 3;
	v[13 * R_W + 10] = 5;
	v[13 * R_W + 11] = 1;
	v[20 * R_W + 54] = 100; /* between C and B: in no ward */
	v[0] = 100;		/* off the study area's box */
}

/* A one-band GeoTIFF (type, CRS by EPSG code or none) with the values
 * given (converted from float). */
static void write_tiff(const char *path, int w, int h, const double *gt,
		       int epsg, GDALDataType type, const float *v,
		       double nodata)
{
	GDALDriverH drv = GDALGetDriverByName("GTiff");
	GDALDatasetH ds;
	GDALRasterBandH b;

	assert_non_null(drv);
	ds = GDALCreate(drv, path, w, h, 1, type, NULL);
	assert_non_null(ds);
	assert_int_equal(GDALSetGeoTransform(ds, (double *)gt), CE_None);
	if (epsg) {
		OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);

		assert_int_equal(OSRImportFromEPSG(srs, epsg), OGRERR_NONE);
		assert_int_equal(GDALSetSpatialRef(ds, srs), CE_None);
		OSRDestroySpatialReference(srs);
	}
	b = GDALGetRasterBand(ds, 1);
	if (!isnan(nodata))
		GDALSetRasterNoDataValue(b, nodata);
	if (v)
		assert_int_equal(GDALRasterIO(b, GF_Write, 0, 0, w, h,
					      (void *)v, w, h, GDT_Float32, 0,
					      0),
				 CE_None);
	GDALClose(ds);
}

static void write_fixture_raster(const char *path)
{
	float *v = malloc(R_W * R_H * sizeof(float));

	assert_non_null(v);
	raster_values(v);
	write_tiff(path, R_W, R_H, r_gt, 4326, GDT_Float32, v, R_NODATA);
	free(v);
}

/* The fixture and PC, a primary school with 120 seats (students, no
 * classes) in A's north-west corner, where the raster puts A's people. */
static sg_ctx *raster_store(const char *name)
{
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_import_summary s;
	sg_ctx *ctx = fixture_store(name);

	o.year = "2019-2020";
	assert_sg_ok(ctx,
		     sg_test_import(
			     ctx, SG_IMPORT_SCHOOLS, "pc.csv",
			     "code,name,levels,lon,lat,students,classes\n"
			     "PC,Tiểu học Góc,primary,106.5005,10.9085,120,\n",
			     &o, &s));
	return ctx;
}

/* Warnings collected from the context's message callback. */
typedef struct {
	char text[8192];
	int n;
} warnings;

static void collect_warning(sg_msg_level level, const char *msg, void *payload)
{
	warnings *w = payload;
	size_t len = strlen(w->text);

	(void)level;
	w->n++;
	snprintf(w->text + len, sizeof(w->text) - len, "%s\n", msg);
}

static void listen(sg_ctx *ctx, warnings *w)
{
	memset(w, 0, sizeof(*w));
	ctx->opts.message = collect_warning;
	ctx->opts.payload = w;
}

static long unit_of_code(const sg_catch_data *d, const char *code)
{
	for (size_t u = 0; u < d->nunits; u++)
		if (strcmp(d->unit_code[u], code) == 0)
			return (long)u;
	fail_msg("no unit %s", code);
	return -1;
}

/*
 * The cells' population by brute force, independently of the library's
 * raster path: the file read back whole through GDAL, every pixel centre
 * taken to the metric CRS by OGR's own transformation, its unit found by
 * GEOSContains, its cell by division; the even spread of the units
 * without raster people by GEOS intersections of the squares.  Returns
 * the populations of the nx x ny grid (calloc'd).
 */
static double *brute_cells(sg_ctx *ctx, const sg_catch *c,
			   const sg_catch_data *d, const char *path, double cs,
			   double *gx, double *gy, long *nx, long *ny)
{
	GEOSContextHandle_t h = ctx->geos;
	GDALDatasetH ds = GDALOpen(path, GA_ReadOnly);
	OGRSpatialReferenceH src, dst;
	OGRCoordinateTransformationH ct;
	double gt[6], x0, y0, x1, y1, *r_unit, *r_cell, *out, nodata;
	int w, hh, has_nodata;
	double *v;

	assert_non_null(ds);
	assert_int_equal(GDALGetGeoTransform(ds, gt), CE_None);
	w = GDALGetRasterXSize(ds);
	hh = GDALGetRasterYSize(ds);
	v = malloc((size_t)w * (size_t)hh * sizeof(double));
	assert_non_null(v);
	assert_int_equal(GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Read, 0, 0,
				      w, hh, v, w, hh, GDT_Float64, 0, 0),
			 CE_None);
	nodata = GDALGetRasterNoDataValue(GDALGetRasterBand(ds, 1),
					  &has_nodata);
	src = OSRClone(GDALGetSpatialRef(ds));
	dst = OSRNewSpatialReference(NULL);
	assert_int_equal(OSRSetFromUserInput(dst, d->crs), OGRERR_NONE);
	OSRSetAxisMappingStrategy(src, OAMS_TRADITIONAL_GIS_ORDER);
	OSRSetAxisMappingStrategy(dst, OAMS_TRADITIONAL_GIS_ORDER);
	ct = OCTNewCoordinateTransformation(src, dst);
	assert_non_null(ct);
	GEOSGeom_getXMin_r(h, c->study, &x0);
	GEOSGeom_getYMin_r(h, c->study, &y0);
	GEOSGeom_getXMax_r(h, c->study, &x1);
	GEOSGeom_getYMax_r(h, c->study, &y1);
	*gx = floor(x0 / cs) * cs;
	*gy = floor(y0 / cs) * cs;
	*nx = (long)ceil((x1 - *gx) / cs);
	*ny = (long)ceil((y1 - *gy) / cs);
	r_unit = calloc(d->nunits, sizeof(double));
	r_cell = calloc((size_t)(*nx * *ny) * d->nunits, sizeof(double));
	out = calloc((size_t)(*nx * *ny), sizeof(double));
	assert_true(r_unit && r_cell && out);
	for (int j = 0; j < hh; j++)
		for (int i = 0; i < w; i++) {
			double p = v[(size_t)j * (size_t)w + (size_t)i];
			double x = gt[0] + (i + 0.5) * gt[1] +
				   (j + 0.5) * gt[2];
			double y = gt[3] + (i + 0.5) * gt[4] +
				   (j + 0.5) * gt[5];
			GEOSGeometry *pt;
			long ci, cj;
			size_t u;

			if ((has_nodata && p == nodata) || !(p > 0))
				continue;
			assert_true(OCTTransform(ct, 1, &x, &y, NULL));
			pt = GEOSGeom_createPointFromXY_r(h, x, y);
			for (u = 0; u < d->nunits; u++)
				if (GEOSContains_r(h, d->unit_geom[u], pt) == 1)
					break;
			GEOSGeom_destroy_r(h, pt);
			if (u == d->nunits)
				continue;
			ci = (long)floor((x - *gx) / cs);
			cj = (long)floor((y - *gy) / cs);
			assert_true(ci >= 0 && ci < *nx && cj >= 0 && cj < *ny);
			r_unit[u] += p;
			r_cell[(size_t)(cj * *nx + ci) * d->nunits + u] += p;
		}
	for (long k = 0; k < *nx * *ny; k++) {
		GEOSGeometry *sq = GEOSGeom_createRectangle_r(
			h, *gx + (double)(k % *nx) * cs,
			*gy + (double)(k / *nx) * cs,
			*gx + (double)(k % *nx + 1) * cs,
			*gy + (double)(k / *nx + 1) * cs);

		for (size_t u = 0; u < d->nunits; u++) {
			double pop = isnan(d->unit_pop[u]) ? 0 : d->unit_pop[u];

			if (r_unit[u] > 0) {
				out[k] += pop *
					  r_cell[(size_t)k * d->nunits + u] /
					  r_unit[u];
			} else if (pop > 0) {
				GEOSGeometry *x = GEOSIntersection_r(
					h, sq, d->unit_geom[u]);

				out[k] += pop * area_g(ctx, x) /
					  area_g(ctx, d->unit_geom[u]);
				GEOSGeom_destroy_r(h, x);
			}
		}
		GEOSGeom_destroy_r(h, sq);
	}
	OCTDestroyCoordinateTransformation(ct);
	OSRDestroySpatialReference(src);
	OSRDestroySpatialReference(dst);
	GDALClose(ds);
	free(v);
	free(r_unit);
	free(r_cell);
	return out;
}

/* (a) per-unit totals, (b) the cells against the brute force, and the
 * fallback of B (not covered), in memory. */
static void test_catchments__raster_grid(void **state)
{
	sg_ctx *ctx = raster_store("rgrid.sqlite");
	sg_poprast_summary rs;
	sg_standards *std;
	sg_catch_data d;
	sg_catch *c = NULL;
	sg_poprast *pr = NULL;
	sg_catch_square *sq = NULL;
	double unit_sum[3] = { 0, 0, 0 }, total = 0, gx, gy, *want;
	long nx, ny, a, b, cc;
	size_t n = 0, nonzero = 0;
	char path[256];
	warnings w;
	const double cs = 100;

	(void)state;
	sg_test_path(path, sizeof(path), "people.tif");
	write_fixture_raster(path);
	listen(ctx, &w);
	assert_sg_ok(ctx, sg_standards_new(&std));
	assert_sg_ok(ctx, sg_catch__load(ctx, "test", NULL, "primary", NULL,
					 NULL, std, NULL, &d));
	assert_int_equal(d.nunits, 3);
	a = unit_of_code(&d, "A");
	b = unit_of_code(&d, "B");
	cc = unit_of_code(&d, "C");
	assert_sg_ok(ctx, sg_catch__new(ctx, &d.in, &c));
	assert_sg_ok(ctx, sg_poprast__open(ctx, path, &pr));
	assert_sg_ok(ctx, sg_poprast__spread(pr, c, &d, cs, &rs));
	/* A: 16 people; C: 18 rows x 20 columns, two of them empty, 2
	 * each; the 100 outside every ward are counted apart. */
	NEAR(rs.people, 16 + 18 * 18 * 2, 1e-9);
	NEAR(rs.outside, 100, 1e-9);
	NEAR(rs.people_read, 16 + 18 * 18 * 2 + 100, 1e-9);
	assert_int_equal(rs.units_raster, 2);
	assert_int_equal(rs.units_even, 1);
	NEAR(rs.pixel_m, 55, 2);
	/* Only the window over the study area's box (the UTM box, a bit
	 * larger than the wards, and a pixel) was read: some 24 rows of
	 * the 40. */
	assert_true(rs.window[2] <= R_W && rs.window[3] <= 26);
	assert_true(rs.window[1] >= 5 && rs.window[1] + rs.window[3] < R_H);
	/* (d) B falls back to the even spread, with a warning naming it. */
	assert_int_equal(w.n, 1);
	assert_non_null(strstr(w.text, "unit B (Xã B)"));
	assert_non_null(strstr(w.text, "spread evenly"));
	assert_non_null(strstr(w.text, path));
	/* (a) The cells of each unit add up to its population. */
	assert_sg_ok(ctx, sg_catch__grid(c, cs, &sq, &n, unit_sum));
	NEAR(unit_sum[a] / 120, 1, 1e-9);
	NEAR(unit_sum[b] / 76, 1, 1e-9);
	NEAR(unit_sum[cc] / 38, 1, 1e-9);
	for (size_t i = 0; i < n; i++)
		total += sq[i].pop;
	NEAR(total / 234, 1, 1e-9);
	/* (b) Every cell as the brute force has it. */
	want = brute_cells(ctx, c, &d, path, cs, &gx, &gy, &nx, &ny);
	for (size_t i = 0; i < n; i++) {
		long ci = lround((sq[i].x0 - gx) / cs);
		long cj = lround((sq[i].y0 - gy) / cs);

		assert_true(ci >= 0 && ci < nx && cj >= 0 && cj < ny);
		NEAR(sq[i].pop, want[cj * nx + ci], 1e-9 * 234);
		want[cj * nx + ci] = 0; /* seen */
		nonzero += sq[i].pop > 0;
	}
	for (long k = 0; k < nx * ny; k++)
		NEAR(want[k], 0, 1e-9); /* no populated cell missing */
	/* A's 120 children are in the few cells around its corner pixels
	 * (within 200 m of PC): the raster placed them, not the area. */
	{
		double near_pc = 0;
		size_t pc = 0;

		while (strcmp(d.school_code[pc], "PC") != 0)
			pc++;
		for (size_t i = 0; i < n; i++)
			if (hypot(sq[i].cx - d.x[pc], sq[i].cy - d.y[pc]) < 200)
				near_pc += sq[i].pop;
		NEAR(near_pc, 120, 1e-9);
		assert_true(nonzero > 4);
	}
	free(want);
	free(sq);
	sg_poprast__close(pr);
	sg_catch__free(c);
	sg_catch__data_free(ctx, &d);
	sg_standards_free(std);
	sg_ctx_free(ctx);
}

/* Population of the stored catchment of school `code` in the latest
 * capacity run. */
static double school_pop(sg_ctx *ctx, const char *code)
{
	char sql[512];

	snprintf(sql, sizeof(sql),
		 "SELECT c.population FROM catchments c "
		 "JOIN schools s ON s.id = c.school_id WHERE c.method = "
		 "'capacity' AND s.code = '%s'",
		 code);
	return q_double(ctx, sql);
}

/* (c) Through the store: the corner school gets A's children. */
static void test_catchments__raster_capacity(void **state)
{
	sg_catchment_options o = SG_CATCHMENT_OPTIONS_INIT;
	sg_catchment_summary s;
	sg_ctx *ctx = raster_store("rcap.sqlite");
	char path[256], buf[512], want[300];
	double even_pc;
	warnings w;

	(void)state;
	sg_test_path(path, sizeof(path), "people.tif");
	write_fixture_raster(path);
	o.level = "primary";
	o.method = SG_CATCHMENT_CAPACITY;
	o.cell_size = 100;
	/* Without the raster, A's children are spread over A and most
	 * are nearer P1, in A's centre. */
	assert_sg_ok(ctx, sg_catchment_compute(ctx, &o, &s));
	even_pc = school_pop(ctx, "PC");
	assert_true(even_pc < 60);
	NEAR(s.seats, 300, 0);
	/* With it, all of A's 120 children live in PC's corner: PC's 120
	 * seats go to them. */
	listen(ctx, &w);
	o.population_raster = path;
	assert_sg_ok(ctx, sg_catchment_compute(ctx, &o, &s));
	NEAR(school_pop(ctx, "PC"), 120, 1e-6);
	/* P2: C's 38, and whole cells of B that fit its last 2 seats;
	 * P1: the rest of B. */
	assert_true(school_pop(ctx, "P2") >= 38 + 1 &&
		    school_pop(ctx, "P2") <= 40 + 1e-9);
	NEAR(school_pop(ctx, "P1") + school_pop(ctx, "P2"), 38 + 76, 1e-6);
	NEAR(s.population, 234, 1e-9);
	NEAR(s.catchment_population, 234, 1e-6);
	NEAR(s.unserved_population, 0, 1e-9);
	assert_non_null(strstr(w.text, "unit B"));
	/* The run records the raster and its checksum. */
	snprintf(want, sizeof(want), "%s|1|1", path);
	assert_string_equal(q_text(ctx,
				   "SELECT json_extract(parameters, "
				   "'$.population_raster') || '|' || "
				   "(json_extract(parameters, "
				   "'$.population_raster_file') LIKE "
				   "'crc32:% size:% mtime:%') || '|' || "
				   "(json_extract(input_checksums, '$.\"' || "
				   "json_extract(parameters, "
				   "'$.population_raster') || '\"') = "
				   "json_extract(parameters, "
				   "'$.population_raster_file')) FROM runs "
				   "WHERE command = 'catchments' ORDER BY id "
				   "DESC LIMIT 1",
				   buf, sizeof(buf)),
			    want);
	NEAR(q_double(ctx, "SELECT value FROM results WHERE subject = "
			   "'summary' AND key = 'raster_units_even'"),
	     1, 0);
	/* Few seats: the children left over are mapped with the raster's
	 * distribution (C's cells), and still add up. */
	assert_sg_ok(ctx, sg_db__exec(ctx, "test",
				      "UPDATE school_years SET "
				      "students = 10, classes = NULL"));
	assert_sg_ok(ctx, sg_catchment_compute(ctx, &o, &s));
	NEAR(s.seats, 30, 0);
	NEAR(s.catchment_population + s.unserved_population, 234, 1e-6);
	assert_true(s.catchment_population <= 30 + 1e-6);
	NEAR(q_double(ctx, "SELECT sum(population) FROM catchments WHERE "
			   "method = 'capacity-unserved'"),
	     s.unserved_population, 1e-6);
	sg_ctx_free(ctx);
}

/* A UTM 48N raster of 300 m pixels: read through its own CRS, and a
 * warning that the pixels are larger than the cells. */
static void test_catchments__raster_utm_coarse(void **state)
{
	sg_catchment_options o = SG_CATCHMENT_OPTIONS_INIT;
	sg_catchment_summary s;
	sg_ctx *ctx = raster_store("rutm.sqlite");
	/* A and C lie within x 663933-666125, y 1205328-1206335. */
	const double gt[6] = { 663600, 300, 0, 1206600, 0, -300 };
	float v[10 * 5];
	char path[256];
	warnings w;

	(void)state;
	for (int k = 0; k < 10 * 5; k++)
		v[k] = (float)(1 + k % 3);
	sg_test_path(path, sizeof(path), "people_utm.tif");
	write_tiff(path, 10, 5, gt, 32648, GDT_Float32, v, NAN);
	listen(ctx, &w);
	o.level = "primary";
	o.method = SG_CATCHMENT_CAPACITY;
	o.cell_size = 100;
	o.population_raster = path;
	assert_sg_ok(ctx, sg_catchment_compute(ctx, &o, &s));
	assert_non_null(strstr(w.text, "larger than the 100 m cells"));
	assert_non_null(strstr(w.text, "cells of 300 m or more"));
	assert_null(strstr(w.text, "unit A"));
	assert_null(strstr(w.text, "unit C"));
	assert_non_null(strstr(w.text, "unit B"));
	NEAR(s.catchment_population + s.unserved_population, 234, 1e-6);
	NEAR(q_double(ctx, "SELECT value FROM results WHERE subject = "
			   "'summary' AND key = 'raster_pixel_m'"),
	     300, 1);
	sg_ctx_free(ctx);
}

/* (e) Rasters that cannot be used fail with the file's name, before
 * anything is written; a version 1 options struct never reads the
 * field. */
static void test_catchments__raster_errors(void **state)
{
	sg_catchment_options o = SG_CATCHMENT_OPTIONS_INIT;
	sg_ctx *ctx = raster_store("rerr.sqlite");
	int64_t runs = q_int(ctx, "SELECT count(*) FROM runs");
	char path[256], nocrs[256], cplx[256], csv[256];
	float v[4] = { 1, 2, 3, 4 };

	(void)state;
	o.level = "primary";
	o.method = SG_CATCHMENT_CAPACITY;
	sg_test_path(path, sizeof(path), "no-such-raster.tif");
	o.population_raster = path;
	assert_sg_fails(ctx, sg_catchment_compute(ctx, &o, NULL), SG_ENOTFOUND,
			path);
	sg_test_path(csv, sizeof(csv), "schools.csv");
	o.population_raster = csv;
	assert_sg_fails(ctx, sg_catchment_compute(ctx, &o, NULL), SG_EGDAL,
			csv);
	assert_non_null(strstr(sg_ctx_errmsg(ctx), "not recognized"));
	sg_test_path(nocrs, sizeof(nocrs), "nocrs.tif");
	write_tiff(nocrs, 2, 2, r_gt, 0, GDT_Float32, v, NAN);
	o.population_raster = nocrs;
	assert_sg_fails(ctx, sg_catchment_compute(ctx, &o, NULL), SG_EINVALID,
			"declares no CRS");
	assert_non_null(strstr(sg_ctx_errmsg(ctx), nocrs));
	sg_test_path(cplx, sizeof(cplx), "complex.tif");
	write_tiff(cplx, 2, 2, r_gt, 4326, GDT_CFloat32, NULL, NAN);
	o.population_raster = cplx;
	assert_sg_fails(ctx, sg_catchment_compute(ctx, &o, NULL), SG_EINVALID,
			"not numeric");
	assert_non_null(strstr(sg_ctx_errmsg(ctx), cplx));
	o.method = SG_CATCHMENT_VORONOI;
	assert_sg_fails(ctx, sg_catchment_compute(ctx, &o, NULL), SG_EINVALID,
			"capacity");
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM runs"), runs);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM catchments"), 0);
	/* Version 1 (before the field): the raster is not looked at. */
	o.version = 1;
	o.method = SG_CATCHMENT_CAPACITY;
	o.population_raster = path;
	assert_sg_ok(ctx, sg_catchment_compute(ctx, &o, NULL));
	o.version = SG_CATCHMENT_OPTIONS_VERSION + 1;
	assert_sg_fails(ctx, sg_catchment_compute(ctx, &o, NULL), SG_EINVALID,
			"version");
	sg_ctx_free(ctx);
}

/*---- The real Cu Chi communes -------------------------------------------*/

static void test_catchments__cuchi_communes(void **state)
{
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_catchment_options co = SG_CATCHMENT_OPTIONS_INIT;
	sg_catchment_summary cs;
	sg_import_summary s;
	sg_standards *std;
	sg_catch_data d;
	sg_catch *c = NULL;
	sg_ctx *ctx;
	char communes[512], path[256], line[128];
	uint64_t seed = 2019;
	FILE *fp;

	(void)state;
	snprintf(communes, sizeof(communes), "%s/communes_population.geojson",
		 SG_CUCHI_DIR);
	if (access(communes, R_OK) != 0) {
		print_message("skipped: %s not found\n", communes);
		skip();
	}
	ctx = new_store("cuchi.sqlite");
	o.population_field = "Pop_2019";
	o.year = "2019";
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_UNITS, communes, &o, &s));
	assert_int_equal(s.inserted, 21);
	/* 120 seeded primary schools over the district's box; those that
	 * fall outside every commune are dropped. */
	sg_test_path(path, sizeof(path), "cuchi_schools.csv");
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("code,name,levels,lon,lat,students,classes\n", fp);
	for (int i = 0; i < 120; i++) {
		snprintf(line, sizeof(line),
			 "T%03d,School %d,primary,%.6f,"
			 "%.6f,%d,%d\n",
			 i, i, 106.37 + 0.30 * rnd01(&seed),
			 10.90 + 0.25 * rnd01(&seed), 400 + i, 10 + i % 7);
		fputs(line, fp);
	}
	fclose(fp);
	o.population_field = NULL;
	o.year = "2019-2020";
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, &s));
	assert_sg_ok(ctx, sg_db__exec(ctx, "test",
				      "DELETE FROM school_years "
				      "WHERE school_id IN (SELECT id FROM "
				      "schools WHERE unit_id IS NULL); DELETE "
				      "FROM schools WHERE unit_id IS NULL"));
	assert_true(q_int(ctx, "SELECT count(*) FROM schools") > 40);
	/* In memory: tiling and brute force on the real boundaries. */
	assert_sg_ok(ctx, sg_standards_new(&std));
	assert_sg_ok(ctx, sg_catch__load(ctx, "test", NULL, "primary", NULL,
					 NULL, std, NULL, &d));
	assert_sg_ok(ctx, sg_catch__new(ctx, &d.in, &c));
	NEAR(c->study_area / 1e6, 434.7, 434.7 * 0.005);
	assert_sg_ok(ctx, sg_catch__voronoi(c));
	check_tiling(c, 1e-6);
	assert_true(check_nearest(c, 4000, 11) > 1500);
	assert_sg_ok(ctx, sg_catch__distance(c, 1000));
	check_distance(c, 1000, 4000, 12);
	/* Children: 7.6% of 462,047 (totals only). */
	NEAR(c->study_pop, 462047 * 0.076, 1e-6);
	sg_catch__free(c);
	sg_catch__data_free(ctx, &d);
	sg_standards_free(std);
	/* Through the store: the stored polygons cover the communes. */
	co.level = "primary";
	assert_sg_ok(ctx, sg_catchment_compute(ctx, &co, &cs));
	NEAR(q_double(ctx, "SELECT sum(ST_Area(Transform(geom, 32648))) "
			   "FROM catchments") /
		     1e6 / cs.study_area_km2,
	     1, 1e-6);
	co.method = SG_CATCHMENT_CAPACITY;
	assert_sg_ok(ctx, sg_catchment_compute(ctx, &co, &cs));
	assert_true(cs.catchment_population <= cs.seats + 1e-6);
	sg_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catchments__coverage_hand_computed),
		cmocka_unit_test(test_catchments__voronoi_stored),
		cmocka_unit_test(test_catchments__distance_and_merged),
		cmocka_unit_test(test_catchments__capacity_stored),
		cmocka_unit_test(test_catchments__errors_change_nothing),
		cmocka_unit_test(test_catchments__raster_grid),
		cmocka_unit_test(test_catchments__raster_capacity),
		cmocka_unit_test(test_catchments__raster_utm_coarse),
		cmocka_unit_test(test_catchments__raster_errors),
		cmocka_unit_test(test_catchments__cuchi_communes),
	};

	return cmocka_run_group_tests(tests, sg_test_setup, sg_test_teardown);
}
