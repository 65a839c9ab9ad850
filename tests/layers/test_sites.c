/*
 * tests/layers/test_sites.c - suggest-sites through the store: hand-
 * computed sites on a small fixture (three wards, two schools), each
 * site's children against a brute force over the capacity grid, the
 * run stored (or not), candidates from files, the population raster,
 * the sites written to GPKG, GeoJSON and CSV and read back with OGR,
 * and the errors.
 */
#include <math.h>

#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "layers/catchments_int.h"
#include "sg_db_test.h"
#include "sg_fixture_wards.h"

/* Primary children: A 120 (bands), B 76 and C 38 (7.6% of totals). */
static const char population_csv[] = "Mã xã,Năm,Từ tuổi,Đến tuổi,Số người\n"
				     "A,2019,0,120,1500\nA,2019,6,10,120\n"
				     "B,2019,0,120,1000\nC,2019,0,120,500\n";

/* P1 in A's centre, P2 in C's; L1 (not primary) in B's. */
static const char schools_csv[] =
	"code,name,levels,lon,lat,students,classes\n"
	"P1,Tiểu học Một,primary,106.505,10.9045,150,4\n"
	"P2,Tiểu học Hai,primary,106.515,10.9045,40,\n"
	"L1,THCS Ba,lower_secondary,106.605,10.9045,300,8\n";

static sg_ctx *fixture_store(const char *name)
{
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_import_summary s;
	sg_ctx *ctx = new_store(name);
	char path[256];

	sg_test_path(path, sizeof(path), "units.geojson");
	sg_test_write(path, sg_fixture_wards_geojson);
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_UNITS, path, &o, &s));
	sg_test_path(path, sizeof(path), "population.csv");
	sg_test_write(path, population_csv);
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_POPULATION, path, &o, &s));
	sg_test_path(path, sizeof(path), "schools.csv");
	sg_test_write(path, schools_csv);
	o.year = "2019-2020";
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, &s));
	return ctx;
}

#define NEAR(a, b, tol)                                                        \
	do {                                                                   \
		double a_ = (a), b_ = (b);                                     \
		if (!(fabs(a_ - b_) <= (tol)))                                 \
			fail_msg("%s = %.6f, expected %.6f", #a, a_, b_);      \
	} while (0)

typedef struct {
	char text[4096];
} warnings;

static void on_message(sg_msg_level level, const char *msg, void *payload)
{
	warnings *w = payload;
	size_t n = strlen(w->text);

	(void)level;
	snprintf(w->text + n, sizeof(w->text) - n, "%s\n", msg);
}

static void listen(sg_ctx *ctx, warnings *w)
{
	w->text[0] = '\0';
	ctx->opts.message = on_message;
	ctx->opts.payload = w;
}

/*
 * Each site's children by brute force: the capacity grid of the same
 * cell size (engine/catchment.c), every cell whose centroid is within
 * the distance of the site and not within it of an existing school or
 * of an earlier site.
 */
static void check_brute_force(sg_ctx *ctx, const sg_sites_result *r, double cs,
			      int ignore_existing)
{
	sg_standards *std = NULL;
	sg_catch_data d;
	sg_catch_in cin;
	sg_catch *c = NULL;
	sg_catch_square *sq = NULL;
	size_t n = 0;
	double dd = r->max_distance * r->max_distance, total = 0, before = 0;

	assert_int_equal(sg_standards_new(&std), SG_OK);
	assert_sg_ok(ctx,
		     sg_catch__load(ctx, "test", NULL, sg_level_name(r->level),
				    NULL, NULL, std, NULL, &d));
	cin = d.in;
	cin.nschools = 0;
	assert_sg_ok(ctx, sg_catch__new(ctx, &cin, &c));
	assert_sg_ok(ctx, sg_catch__grid(c, cs, &sq, &n, NULL));
	assert_int_equal(n, r->cells);
	for (size_t i = 0; i < n; i++) {
		int served = 0;

		total += sq[i].pop;
		for (size_t s = 0; !ignore_existing && s < d.nschools; s++) {
			double dx = sq[i].cx - d.x[s], dy = sq[i].cy - d.y[s];

			served |= dx * dx + dy * dy <= dd;
		}
		if (served)
			before += sq[i].pop;
	}
	/* Children are counted in micro-children: a rounding of up to
	 * 5e-7 per cell. */
	NEAR(r->children, total, 5e-7 * (double)n);
	NEAR(r->served_before, before, 5e-7 * (double)n);
	for (size_t k = 0; k < r->nsites; k++) {
		double got = 0;

		for (size_t i = 0; i < n; i++) {
			int earlier = 0;
			double dx = sq[i].cx - r->sites[k].x;
			double dy = sq[i].cy - r->sites[k].y;

			if (!(dx * dx + dy * dy <= dd))
				continue;
			for (size_t s = 0; !ignore_existing && s < d.nschools;
			     s++) {
				double ex = sq[i].cx - d.x[s];
				double ey = sq[i].cy - d.y[s];

				earlier |= ex * ex + ey * ey <= dd;
			}
			for (size_t j = 0; j < k; j++) {
				double ex = sq[i].cx - r->sites[j].x;
				double ey = sq[i].cy - r->sites[j].y;

				earlier |= ex * ex + ey * ey <= dd;
			}
			if (!earlier)
				got += sq[i].pop;
		}
		NEAR(r->sites[k].children, got, 5e-7 * (double)n);
	}
	free(sq);
	sg_catch__free(c);
	sg_catch__data_free(ctx, &d);
	sg_standards_free(std);
}

static int setup(void **state)
{
	(void)state;
	return sg_global_init();
}

static int teardown(void **state)
{
	(void)state;
	sg_test_cleanup();
	sg_global_shutdown();
	return 0;
}

/*---- Hand-computed ------------------------------------------------------*/

/* Within 2 km, P1 and P2 reach all of A and C: the one site worth
 * building is in B and brings its 76 children; a second serves nobody. */
static void test_sites__hand_computed(void **state)
{
	sg_sites_options o = SG_SITES_OPTIONS_INIT;
	sg_sites_result *r = NULL;
	sg_ctx *ctx = fixture_store("hand.sqlite");
	char buf[256];

	(void)state;
	o.level = "Tiểu học";
	o.count = 2;
	o.max_distance = 2000;
	assert_sg_ok(ctx, sg_sites_suggest(ctx, &o, &r));
	assert_int_equal(r->level, SG_LEVEL_PRIMARY);
	assert_string_equal(sg_level_name(r->level), "primary");
	assert_int_equal(r->age_from, 6);
	assert_int_equal(r->schools, 2);
	NEAR(r->children, 234, 1e-5);
	NEAR(r->served_before, 158, 1e-5);
	NEAR(r->served_before_pct, 100.0 * 158 / 234, 1e-5);
	assert_int_equal(r->nsites, 1);
	assert_int_equal(r->exhausted, 1);
	assert_int_equal(r->sites[0].rank, 1);
	NEAR(r->sites[0].children, 76, 1e-5);
	NEAR(r->sites[0].cumulative, 234, 1e-5);
	NEAR(r->sites[0].cumulative_pct, 100, 1e-5);
	NEAR(r->served_after, 234, 1e-5);
	assert_string_equal(r->sites[0].unit_code, "B");
	assert_string_equal(r->sites[0].unit_name, "Xã B");
	assert_true(r->sites[0].lon > 106.60 && r->sites[0].lon < 106.61 &&
		    r->sites[0].lat > 10.90 && r->sites[0].lat < 10.909);
	assert_string_equal(r->crs, "EPSG:32648");
	NEAR(r->cell_size, 250, 0);
	/* Grid candidates: the cells inside the area, named by cell. */
	assert_true(r->candidates > 0 && r->candidates <= r->cells);
	assert_true(strncmp(r->sites[0].candidate_id, "cell:", 5) == 0);
	check_brute_force(ctx, r, 250, 0);
	/* Stored: the run, its summary and the site. */
	assert_true(r->run_id > 0);
	snprintf(buf, sizeof(buf),
		 "SELECT command || '|' || "
		 "json_extract(parameters, '$.level') || '|' || "
		 "json_extract(parameters, '$.count') || '|' || "
		 "json_extract(parameters, '$.max_distance_m') || '|' || "
		 "json_extract(summary, '$.sites') FROM runs WHERE id = %lld",
		 (long long)r->run_id);
	{
		char got[128];

		assert_string_equal(q_text(ctx, buf, got, sizeof(got)),
				    "suggest-sites|primary|2|2000.0|1");
	}
	snprintf(buf, sizeof(buf),
		 "SELECT value FROM results WHERE run_id = "
		 "%lld AND subject = 'site:1' AND key = 'children'",
		 (long long)r->run_id);
	NEAR(q_double(ctx, buf), 76, 1e-5);
	snprintf(buf, sizeof(buf),
		 "SELECT count(*) FROM results WHERE "
		 "run_id = %lld AND subject = 'site:1' AND key = 'unit_code' "
		 "AND value = 'B'",
		 (long long)r->run_id);
	assert_int_equal(q_int(ctx, buf), 1);
	sg_sites_result_free(r);
	sg_ctx_free(ctx);
}

/* From scratch: one site reaches all of A and C (158 children), the
 * second B's 76; each site's children match the brute force; a dry run
 * stores nothing. */
static void test_sites__ignore_existing_and_dry_run(void **state)
{
	sg_sites_options o = SG_SITES_OPTIONS_INIT;
	sg_sites_result *r = NULL;
	sg_ctx *ctx = fixture_store("scratch.sqlite");
	int64_t runs, results;

	(void)state;
	o.level = "primary";
	o.count = 3;
	o.max_distance = 2000;
	o.ignore_existing = 1;
	o.dry_run = 1;
	runs = q_int(ctx, "SELECT count(*) FROM runs");
	results = q_int(ctx, "SELECT count(*) FROM results");
	assert_sg_ok(ctx, sg_sites_suggest(ctx, &o, &r));
	assert_int_equal(r->run_id, 0);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM runs"), runs);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM results"), results);
	assert_int_equal(r->schools, 0);
	NEAR(r->served_before, 0, 0);
	assert_int_equal(r->nsites, 2);
	NEAR(r->sites[0].children, 158, 1e-5);
	NEAR(r->sites[1].children, 76, 1e-5);
	assert_string_equal(r->sites[1].unit_code, "B");
	check_brute_force(ctx, r, 250, 1);
	sg_sites_result_free(r);

	/* 400 m: many sites, each matching the brute force. */
	o.max_distance = 400;
	o.count = 6;
	o.cell_size = 100;
	o.ignore_existing = 0;
	assert_sg_ok(ctx, sg_sites_suggest(ctx, &o, &r));
	assert_int_equal(r->nsites, 6);
	NEAR(r->cell_size, 100, 0);
	for (size_t i = 1; i < r->nsites; i++)
		assert_true(r->sites[i].children <= r->sites[i - 1].children);
	check_brute_force(ctx, r, 100, 0);
	sg_sites_result_free(r);
	sg_ctx_free(ctx);
}

/*---- Candidates files ---------------------------------------------------*/

/* Land in B, land in A, and a point outside every ward. */
static const char cand_geojson[] =
	"{\"type\":\"FeatureCollection\",\"features\":[\n"
	"{\"type\":\"Feature\",\"properties\":{\"id\":\"L-A\",\"name\":\"Đất A\"},"
	"\"geometry\":{\"type\":\"Point\",\"coordinates\":[106.505,10.903]}},\n"
	"{\"type\":\"Feature\",\"properties\":{\"id\":\"L-X\",\"name\":\"Xa\"},"
	"\"geometry\":{\"type\":\"Point\",\"coordinates\":[106.70,10.903]}},\n"
	"{\"type\":\"Feature\",\"properties\":{\"id\":\"L-B\",\"name\":\"Đất B\"},"
	"\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[106.604,10.903],"
	"[106.606,10.903],[106.606,10.905],[106.604,10.905],[106.604,10.903]]]"
	"}}\n]}\n";

static void test_sites__candidates_file(void **state)
{
	sg_sites_options o = SG_SITES_OPTIONS_INIT;
	sg_sites_result *r = NULL;
	sg_ctx *ctx = fixture_store("cand.sqlite");
	char path[256], csv[256], buf[1024], got[512];
	warnings w;

	(void)state;
	sg_test_path(path, sizeof(path), "land.geojson");
	sg_test_write(path, cand_geojson);
	listen(ctx, &w);
	o.level = "primary";
	o.count = 2;
	o.max_distance = 2000;
	o.candidates = path;
	assert_sg_ok(ctx, sg_sites_suggest(ctx, &o, &r));
	assert_non_null(strstr(w.text, "1 point outside the study area "
				       "left out: L-X"));
	assert_int_equal(r->candidates, 2);
	assert_int_equal(r->candidates_outside, 1);
	/* L-B (a polygon: a point inside it) brings B's 76; L-A nobody. */
	assert_int_equal(r->nsites, 1);
	assert_string_equal(r->sites[0].candidate_id, "L-B");
	assert_string_equal(r->sites[0].candidate_name, "Đất B");
	assert_string_equal(r->sites[0].unit_code, "B");
	NEAR(r->sites[0].children, 76, 1e-5);
	/* The run names the file and its checksum. */
	snprintf(buf, sizeof(buf),
		 "SELECT (json_extract(parameters, "
		 "'$.candidates') = '%s') || '|' || (json_extract("
		 "input_checksums, '$.\"%s\"') LIKE 'crc32:%% size:%%') FROM "
		 "runs WHERE id = %lld",
		 path, path, (long long)r->run_id);
	assert_string_equal(q_text(ctx, buf, got, sizeof(got)), "1|1");
	sg_sites_result_free(r);

	/* CSV with lon/lat and another id column. */
	sg_test_path(csv, sizeof(csv), "land.csv");
	sg_test_write(csv, "so_thua,name,lon,lat\n"
			   "T1,Thửa 1,106.515,10.9045\n"
			   "T2,Thửa 2,106.601,10.901\n");
	o.candidates = csv;
	o.candidates_id = "so_thua";
	o.ignore_existing = 1;
	assert_sg_ok(ctx, sg_sites_suggest(ctx, &o, &r));
	assert_int_equal(r->nsites, 2);
	assert_string_equal(r->sites[0].candidate_id, "T1");
	NEAR(r->sites[0].children, 158, 1e-5);
	assert_string_equal(r->sites[1].candidate_id, "T2");
	assert_string_equal(r->sites[1].candidate_name, "Thửa 2");
	NEAR(r->sites[1].children, 76, 1e-5);
	check_brute_force(ctx, r, 250, 1);
	sg_sites_result_free(r);

	/* Errors: an unknown id column, no point inside, no file. */
	o.candidates_id = "nope";
	assert_sg_fails(ctx, sg_sites_suggest(ctx, &o, &r), SG_EINVALID,
			"no column 'nope'");
	assert_null(r);
	o.candidates_id = NULL;
	sg_test_write(csv, "id,lon,lat\nF,107.5,11.5\n");
	assert_sg_fails(ctx, sg_sites_suggest(ctx, &o, &r), SG_EINVALID,
			"no point inside the study area");
	sg_test_path(csv, sizeof(csv), "no-such.csv");
	assert_sg_fails(ctx, sg_sites_suggest(ctx, &o, &r), SG_ENOTFOUND,
			"no-such.csv");
	sg_ctx_free(ctx);
}

/*---- Population raster --------------------------------------------------*/

/* A raster over A with all of A's people in 4 pixels (about 55 m) of its
 * north-west corner; nodata elsewhere (C and B spread evenly). */
static void write_raster(const char *path)
{
	static const double gt[6] = { 106.495, 0.0005, 0, 10.915, 0, -0.0005 };
	GDALDriverH drv = GDALGetDriverByName("GTiff");
	OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
	float v[60 * 40];
	GDALDatasetH ds;
	GDALRasterBandH b;

	for (int i = 0; i < 60 * 40; i++)
		v[i] = -9999;
	for (int j = 0; j < 40; j++)
		for (int i = 0; i < 60; i++) {
			double lon = gt[0] + (i + 0.5) * gt[1];
			double lat = gt[3] + (j + 0.5) * gt[5];

			if (lon > 106.50 && lon < 106.51 && lat > 10.90 &&
			    lat < 10.909)
				v[j * 60 + i] = 0;
		}
	v[12 * 60 + 10] = 7;
	v[12 * 60 + 11] = 3;
	v[13 * 60 + 10] = 5;
	v[13 * 60 + 11] = 1;
	assert_non_null(drv);
	ds = GDALCreate(drv, path, 60, 40, 1, GDT_Float32, NULL);
	assert_non_null(ds);
	GDALSetGeoTransform(ds, (double *)gt);
	OSRImportFromEPSG(srs, 4326);
	GDALSetSpatialRef(ds, srs);
	OSRDestroySpatialReference(srs);
	b = GDALGetRasterBand(ds, 1);
	GDALSetRasterNoDataValue(b, -9999);
	assert_int_equal(GDALRasterIO(b, GF_Write, 0, 0, 60, 40, v, 60, 40,
				      GDT_Float32, 0, 0),
			 CE_None);
	GDALClose(ds);
}

/* Spread evenly, a 300 m disc holds a fraction of A's 120; placed by the
 * raster, all of them, at A's north-west corner. */
static void test_sites__population_raster(void **state)
{
	sg_sites_options o = SG_SITES_OPTIONS_INIT;
	sg_sites_result *r = NULL;
	sg_ctx *ctx = fixture_store("raster.sqlite");
	char path[256];

	(void)state;
	sg_test_path(path, sizeof(path), "people.tif");
	write_raster(path);
	o.level = "primary";
	o.count = 1;
	o.max_distance = 300;
	o.cell_size = 100;
	o.ignore_existing = 1;
	o.dry_run = 1;
	assert_sg_ok(ctx, sg_sites_suggest(ctx, &o, &r));
	assert_true(r->sites[0].children < 60);
	sg_sites_result_free(r);
	o.population_raster = path;
	assert_sg_ok(ctx, sg_sites_suggest(ctx, &o, &r));
	NEAR(r->sites[0].children, 120, 1e-5);
	assert_string_equal(r->sites[0].unit_code, "A");
	assert_true(r->sites[0].lon < 106.505 && r->sites[0].lat > 10.905);
	NEAR(r->children, 234, 1e-3);
	sg_sites_result_free(r);
	sg_ctx_free(ctx);
}

/*---- Writing ------------------------------------------------------------*/

/* The layer of a file read back: feature count and rank/children of
 * the first feature. */
static void read_back(const char *path, int points, size_t nsites,
		      double children1)
{
	GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR, NULL, NULL, NULL);
	OGRLayerH l;
	OGRFeatureH f;
	OGRFeatureDefnH defn;

	assert_non_null(ds);
	l = GDALDatasetGetLayer(ds, 0);
	assert_int_equal(OGR_L_GetFeatureCount(l, 1), (GIntBig)nsites);
	defn = OGR_L_GetLayerDefn(l);
	assert_true(OGR_FD_GetFieldIndex(defn, "unit_code") >= 0);
	assert_true(OGR_FD_GetFieldIndex(defn, "cumulative_pct") >= 0);
	OGR_L_ResetReading(l);
	f = OGR_L_GetNextFeature(l);
	assert_non_null(f);
	assert_int_equal(
		OGR_F_GetFieldAsInteger(f, OGR_FD_GetFieldIndex(defn, "rank")),
		1);
	NEAR(OGR_F_GetFieldAsDouble(f, OGR_FD_GetFieldIndex(defn, "children")),
	     children1, 1e-5);
	assert_string_equal(OGR_F_GetFieldAsString(
				    f, OGR_FD_GetFieldIndex(defn, "unit_code")),
			    "B");
	if (points) {
		OGRGeometryH g = OGR_F_GetGeometryRef(f);

		assert_non_null(g);
		assert_int_equal(wkbFlatten(OGR_G_GetGeometryType(g)),
				 wkbPoint);
		assert_true(OGR_G_GetX(g, 0) > 106.60 &&
			    OGR_G_GetX(g, 0) < 106.61);
	}
	OGR_F_Destroy(f);
	GDALClose(ds);
}

static void test_sites__write(void **state)
{
	sg_sites_options o = SG_SITES_OPTIONS_INIT;
	sg_sites_result *r = NULL;
	sg_ctx *ctx = fixture_store("write.sqlite");
	char gpkg[256], gj[256], csv[256], bad[256];

	(void)state;
	o.level = "primary";
	o.count = 2;
	o.max_distance = 2000;
	assert_sg_ok(ctx, sg_sites_suggest(ctx, &o, &r));
	sg_test_path(gpkg, sizeof(gpkg), "sites.gpkg");
	sg_test_path(gj, sizeof(gj), "sites.geojson");
	sg_test_path(csv, sizeof(csv), "sites.csv");
	sg_test_path(bad, sizeof(bad), "sites.shp");
	assert_sg_ok(ctx, sg_sites_write(ctx, r, gpkg, false));
	assert_sg_ok(ctx, sg_sites_write(ctx, r, gj, false));
	assert_sg_ok(ctx, sg_sites_write(ctx, r, csv, false));
	read_back(gpkg, 1, 1, 76);
	read_back(gj, 1, 1, 76);
	read_back(csv, 0, 1, 76);
	assert_sg_fails(ctx, sg_sites_write(ctx, r, gpkg, false), SG_EEXISTS,
			"exists");
	assert_sg_ok(ctx, sg_sites_write(ctx, r, gpkg, true));
	assert_sg_fails(ctx, sg_sites_write(ctx, r, bad, false), SG_EINVALID,
			"unknown format");
	sg_sites_result_free(r);
	sg_ctx_free(ctx);
}

/*---- Errors -------------------------------------------------------------*/

static void test_sites__errors(void **state)
{
	sg_sites_options o = SG_SITES_OPTIONS_INIT;
	sg_sites_result *r = NULL;
	sg_ctx *ctx = NULL;

	(void)state;
	assert_int_equal(sg_ctx_new(&ctx, NULL), SG_OK);
	o.level = "primary";
	o.count = 1;
	assert_sg_fails(ctx, sg_sites_suggest(ctx, &o, &r), SG_ENOSTORE, "");
	sg_ctx_free(ctx);
	ctx = fixture_store("err.sqlite");
	o.level = "university";
	assert_sg_fails(ctx, sg_sites_suggest(ctx, &o, &r), SG_EINVALID,
			"unknown level 'university'");
	assert_int_equal(sg_sites_options_check(NULL, &o), SG_EINVALID);
	assert_non_null(strstr(sg_error_last(), "unknown level"));
	o.level = "primary";
	o.count = 0;
	assert_sg_fails(ctx, sg_sites_suggest(ctx, &o, &r), SG_EINVALID,
			"at least 1");
	o.count = 1;
	o.max_distance = -5;
	assert_sg_fails(ctx, sg_sites_suggest(ctx, &o, &r), SG_EINVALID,
			"maximum distance must be a positive");
	o.max_distance = 0;
	o.cell_size = -1;
	assert_sg_fails(ctx, sg_sites_suggest(ctx, &o, &r), SG_EINVALID,
			"cell size");
	o.cell_size = 0;
	o.population_raster = "/nowhere/people.tif";
	assert_sg_fails(ctx, sg_sites_suggest(ctx, &o, &r), SG_ENOTFOUND,
			"people.tif");
	o.population_raster = NULL;
	o.version = 99;
	assert_sg_fails(ctx, sg_sites_suggest(ctx, &o, &r), SG_EINVALID,
			"version");
	assert_null(r);
	/* The default distance is the standard's: 1000 m for primary. */
	o.version = SG_SITES_OPTIONS_VERSION;
	o.dry_run = 1;
	assert_sg_ok(ctx, sg_sites_suggest(ctx, &o, &r));
	NEAR(r->max_distance, 1000, 0);
	sg_sites_result_free(r);
	sg_sites_result_free(NULL);
	sg_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sites__hand_computed),
		cmocka_unit_test(test_sites__ignore_existing_and_dry_run),
		cmocka_unit_test(test_sites__candidates_file),
		cmocka_unit_test(test_sites__population_raster),
		cmocka_unit_test(test_sites__write),
		cmocka_unit_test(test_sites__errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
