/*
 * tests/layers/test_catchments.c - catchments and coverage through the
 * store: runs, polygons and figures written in one transaction, hand-
 * computed coverage on a small fixture, and the real Cu Chi communes.
 */
#include <math.h>

#include "layers/catchments_int.h"
#include "sg_catch_check.h"
#include "sg_db_test.h"

/* Wards A and C side by side (about 1.1 x 1.0 km each), B 9 km east. */
static const char units_geojson[] =
	"{\"type\":\"FeatureCollection\",\"features\":[\n"
	"{\"type\":\"Feature\",\"properties\":{\"code\":\"A\",\"name\":\"Xã A\","
	"\"kind\":\"ward\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
	"[[[106.50,10.900],[106.51,10.900],[106.51,10.909],[106.50,10.909],"
	"[106.50,10.900]]]}},\n"
	"{\"type\":\"Feature\",\"properties\":{\"code\":\"C\",\"name\":\"Xã C\","
	"\"kind\":\"ward\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
	"[[[106.51,10.900],[106.52,10.900],[106.52,10.909],[106.51,10.909],"
	"[106.51,10.900]]]}},\n"
	"{\"type\":\"Feature\",\"properties\":{\"code\":\"B\",\"name\":\"Xã B\","
	"\"kind\":\"ward\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
	"[[[106.60,10.900],[106.61,10.900],[106.61,10.909],[106.60,10.909],"
	"[106.60,10.900]]]}}\n]}\n";

/* A: 120 children aged 6-10 from its bands; B and C: totals only, so
 * 7.6% (shares.primary): 76 and 38. */
static const char population_csv[] =
	"Mã xã,Năm,Từ tuổi,Đến tuổi,Số người\n"
	"A,2019,0,120,1500\nA,2019,3,5,50\nA,2019,6,10,120\n"
	"A,2009,6,10,999\n"
	"B,2019,0,120,1000\nC,2019,0,120,500\n";

/* P1: 4 classes x 35 = 140 seats for 150 students (over capacity); P2:
 * classes unknown, 40 seats = its 40 students; L1 is not primary. */
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
	sg_test_write(path, units_geojson);
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_UNITS, path, &o, &s));
	sg_test_path(path, sizeof(path), "population.csv");
	sg_test_write(path, population_csv);
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_POPULATION, path, &o, &s));
	sg_test_path(path, sizeof(path), "schools.csv");
	sg_test_write(path, schools_csv);
	o.year = "2019-2020";
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, &s));
	assert_int_equal(s.inserted, 3);
	return ctx;
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

#define NEAR(a, b, tol)                                                    \
	do {                                                               \
		double a_ = (a), b_ = (b);                                 \
		if (!(fabs(a_ - b_) <= (tol)))                             \
			fail_msg("%s = %.6f, expected %.6f", #a, a_, b_);  \
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
	assert_sg_fails(ctx, sg_coverage_compute(ctx, &o, &u, NULL, NULL,
						 NULL), SG_EINVALID,
			"unknown level");
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
			       "method = 'voronoi' AND level = 'primary'"), 2);
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
			       "ST_Contains(c.geom, s.geom)"), 2);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM catchments WHERE "
			       "ST_IsValid(geom)"), 2);
	/* Provenance and figures. */
	assert_string_equal(q_text(ctx, "SELECT json_extract(parameters, "
				   "'$.method') || ' ' || json_extract("
				   "parameters, '$.level') || ' ' || "
				   "json_extract(parameters, '$.crs') FROM "
				   "runs WHERE command = 'catchments'", buf,
				   sizeof(buf)),
			    "voronoi primary EPSG:32648");
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM runs WHERE "
			       "command = 'catchments' AND finished_at IS NOT"
			       " NULL AND versions LIKE '%GEOS%'"), 1);
	NEAR(q_double(ctx, "SELECT sum(population) FROM catchments"), 234,
	     1e-6);
	NEAR(q_double(ctx, "SELECT value FROM results WHERE subject = "
		      "'summary' AND key = 'population'"), 234, 1e-9);
	/* A second run replaces the polygons, keeps the history. */
	runs = q_int(ctx, "SELECT count(*) FROM runs");
	assert_sg_ok(ctx, sg_catchment_compute(ctx, &o, &s));
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM runs"), runs + 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM catchments"), 2);
	assert_int_equal(q_int(ctx, "SELECT count(DISTINCT run_id) FROM "
			       "catchments"), 1);
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
	char path[256], buf[64];
	double study;

	(void)state;
	o.level = "primary";
	o.method = SG_CATCHMENT_DISTANCE;
	o.max_distance = 2000;
	assert_sg_ok(ctx, sg_catchment_compute(ctx, &o, &s));
	assert_int_equal(s.catchments, 2);
	assert_int_equal(s.unserved_areas, 1);
	NEAR(s.unserved_population, 76, 1e-6);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM catchments WHERE "
			       "method = 'distance-unserved' AND school_id IS "
			       "NULL"), 1);
	NEAR(q_double(ctx, "SELECT population FROM catchments WHERE "
		      "method = 'distance-unserved'"), 76, 1e-6);
	study = q_double(ctx, "SELECT sum(ST_Area(Transform(geom, 32648))) "
			 "FROM units");
	NEAR(q_double(ctx, "SELECT sum(ST_Area(Transform(geom, 32648))) "
		      "FROM catchments") / study, 1, 1e-6);
	/* The voronoi run is not touched by a distance run. */
	o.method = SG_CATCHMENT_VORONOI;
	o.max_distance = 0;
	assert_sg_ok(ctx, sg_catchment_compute(ctx, &o, &s));
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM catchments"), 5);
	/* P3 where P2 is: one catchment, stored under P2, naming both. */
	sg_test_path(path, sizeof(path), "p3.csv");
	sg_test_write(path, "code,name,levels,lon,lat,students\n"
		      "P3,Tiểu học Ba,primary,106.515,10.9045,10\n");
	io.year = "2019-2020";
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &io, &is));
	assert_sg_ok(ctx, sg_catchment_compute(ctx, &o, &s));
	assert_int_equal(s.schools, 3);
	assert_int_equal(s.locations, 2);
	assert_int_equal(s.merged, 1);
	assert_string_equal(q_text(ctx, "SELECT schools FROM catchments "
				   "WHERE schools IS NOT NULL", buf,
				   sizeof(buf)), "P2,P3");
	assert_string_equal(q_text(ctx, "SELECT s.code FROM catchments c JOIN"
				   " schools s ON s.id = c.school_id WHERE "
				   "c.method = 'voronoi' AND ST_Contains(c.geom,"
				   " MakePoint(106.515, 10.9045, 4326))", buf,
				   sizeof(buf)), "P2");
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
			       "coalesce(seats, 0) + 1e-6"), 0);
	assert_true(q_int(ctx, "SELECT count(*) FROM catchments WHERE method "
			  "= 'capacity-unserved'") >= 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM catchments WHERE "
			       "NOT ST_IsValid(geom)"), 0);
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
	assert_sg_fails(ctx, sg_catchment_compute(ctx, &o, NULL),
			SG_ENOTFOUND, "1999-2000");
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
		snprintf(line, sizeof(line), "T%03d,School %d,primary,%.6f,"
			 "%.6f,%d,%d\n", i, i, 106.37 + 0.30 * rnd01(&seed),
			 10.90 + 0.25 * rnd01(&seed), 400 + i, 10 + i % 7);
		fputs(line, fp);
	}
	fclose(fp);
	o.population_field = NULL;
	o.year = "2019-2020";
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, &s));
	assert_sg_ok(ctx, sg_db__exec(ctx, "test", "DELETE FROM school_years "
				      "WHERE school_id IN (SELECT id FROM "
				      "schools WHERE unit_id IS NULL); DELETE "
				      "FROM schools WHERE unit_id IS NULL"));
	assert_true(q_int(ctx, "SELECT count(*) FROM schools") > 40);
	/* In memory: tiling and brute force on the real boundaries. */
	assert_sg_ok(ctx, sg_standards_new(&std));
	assert_sg_ok(ctx, sg_catch__load(ctx, "test", "primary", NULL, NULL,
					 std, NULL, &d));
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
		      "FROM catchments") / 1e6 / cs.study_area_km2, 1, 1e-6);
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
		cmocka_unit_test(test_catchments__cuchi_communes),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
