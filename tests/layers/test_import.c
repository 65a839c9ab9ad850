/*
 * tests/layers/test_import.c - importing units, schools and population
 * from real files through GDAL into a real SpatiaLite store, and every
 * validation case.
 */
#include <math.h>

#include <gdal_utils.h>

#include "sg_db_test.h"

/* Two wards side by side inside one district (EPSG:4326 squares), the
 * second ward a self-intersecting "bow-tie" that GEOS must repair. */
static const char units_geojson[] =
	"{\"type\":\"FeatureCollection\",\"features\":[\n"
	"{\"type\":\"Feature\",\"properties\":{\"Mã\":\"D1\",\"Tên\":"
	"\"Huyện Một\",\"Cấp\":\"Huyện\"},\"geometry\":{\"type\":\"Polygon\","
	"\"coordinates\":[[[106.0,10.0],[106.2,10.0],[106.2,10.1],"
	"[106.0,10.1],[106.0,10.0]]]}},\n"
	"{\"type\":\"Feature\",\"properties\":{\"Mã\":\"W1\",\"Tên\":"
	"\"Xã Tân Thạnh Đông\",\"Cấp\":\"Xã\",\"Dân số\":1000},\"geometry\":"
	"{\"type\":\"Polygon\",\"coordinates\":[[[106.0,10.0],[106.1,10.0],"
	"[106.1,10.1],[106.0,10.1],[106.0,10.0]]]}},\n"
	"{\"type\":\"Feature\",\"properties\":{\"Mã\":\"W2\",\"Tên\":"
	"\"Phường Hai\",\"Cấp\":\"Phường\",\"Dân số\":2500},\"geometry\":"
	"{\"type\":\"Polygon\",\"coordinates\":[[[106.1,10.0],[106.2,10.1],"
	"[106.2,10.0],[106.1,10.1],[106.1,10.0]]]}}\n"
	"]}\n";

static sg_ctx *store_with_units(const char *name)
{
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_import_summary s;
	sg_ctx *ctx = new_store(name);

	o.population_field = "Dân số";
	o.year = "2019";
	assert_sg_ok(ctx, sg_test_import(ctx, SG_IMPORT_UNITS, "units.geojson",
					 units_geojson, &o, &s));
	return ctx;
}

static void test_import__units_kinds_parents_repair(void **state)
{
	sg_ctx *ctx = store_with_units("units.sqlite");
	char buf[64];

	(void)state;
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM units"), 3);
	assert_string_equal(q_text(ctx,
				   "SELECT kind FROM units WHERE code ="
				   " 'D1'",
				   buf, sizeof(buf)),
			    "district");
	assert_string_equal(q_text(ctx,
				   "SELECT kind FROM units WHERE code ="
				   " 'W2'",
				   buf, sizeof(buf)),
			    "ward");
	/* Parents found by containment. */
	assert_int_equal(q_int(ctx,
			       "SELECT count(*) FROM units w JOIN units"
			       " d ON d.id = w.parent_id WHERE d.code = 'D1'"),
			 2);
	/* The bow-tie was repaired into two valid triangles of 0.005
	 * square degrees each; reported as repaired. */
	assert_int_equal(q_int(ctx, "SELECT ST_IsValid(geom) FROM units "
				    "WHERE code = 'W2'"),
			 1);
	assert_true(fabs(q_double(ctx, "SELECT ST_Area(geom) FROM units "
				       "WHERE code = 'W2'") -
			 0.005) < 1e-12);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM import_issues "
				    "WHERE action = 'repaired' AND row = 3"),
			 1);
	/* Population from the attribute, as the 0-120 band of 2019. */
	assert_int_equal(q_int(ctx,
			       "SELECT sum(count) FROM population WHERE"
			       " year = '2019' AND age_from = 0 AND age_to = "
			       "120"),
			 3500);
	/* Names keep their diacritics. */
	assert_string_equal(q_text(ctx,
				   "SELECT name FROM units WHERE code ="
				   " 'W1'",
				   buf, sizeof(buf)),
			    "Xã Tân Thạnh Đông");
	sg_ctx_free(ctx);
}

/* Headers in Vietnamese: with diacritics, upper case without them, and
 * one in decomposed (NFD) form; Vietnamese number and yes/no formats. */
static const char schools_vi_csv[] =
	"Mã trường,TEN TRUONG,C\xe1\xba\xa5p h\xe1\xbb\x8d"
	"c,Kinh độ,Vĩ độ,"
	"Năm học,Số học sinh,Số máy tính phục vụ dạy học,"
	"Số máy tính phục vụ quản lý,Cáp quang,Website,Băng thông (Mbps),"
	"Mã xã\n"
	"TH01,Trường Tiểu học Phước Thạnh,Tiểu học,\"106,05\",10.05,"
	"2016-2017,1.234,50,7,Có,Không,\"40,5\",W1\n"
	"LC01,Trường TH-THCS Hòa Phú,TH-THCS,106.18,10.05,2016-2017,"
	"900,,3,x,1,,W1\n";

static void test_import__vietnamese_headers_and_values(void **state)
{
	sg_ctx *ctx = store_with_units("vi.sqlite");
	sg_import_summary s;
	char path[256], buf[128];

	(void)state;
	sg_test_path(path, sizeof(path), "schools_vi.csv");
	sg_test_write(path, schools_vi_csv);
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, NULL, &s));
	assert_int_equal(s.rows, 2);
	assert_int_equal(s.inserted, 2);
	assert_int_equal(s.rejected, 0);
	/* LC01 declares W1 but lies in W2: kept in W2 and flagged. */
	assert_int_equal(s.flagged, 1);
	assert_string_equal(q_text(ctx,
				   "SELECT levels FROM schools WHERE "
				   "code = 'LC01'",
				   buf, sizeof(buf)),
			    "primary,lower_secondary");
	assert_int_equal(q_int(ctx,
			       "SELECT students FROM school_years "
			       "JOIN schools ON id = school_id WHERE code = "
			       "'TH01'"),
			 1234);
	assert_true(fabs(q_double(ctx, "SELECT X(geom) FROM schools WHERE "
				       "code = 'TH01'") -
			 106.05) < 1e-12);
	assert_true(fabs(q_double(ctx, "SELECT bandwidth_mbps FROM "
				       "school_years") -
			 40.5) < 1e-12);
	assert_int_equal(q_int(ctx,
			       "SELECT fibre + 10 * website FROM "
			       "school_years JOIN schools ON id = school_id "
			       "WHERE code = 'TH01'"),
			 1);
	assert_int_equal(q_int(ctx,
			       "SELECT fibre + 10 * website FROM "
			       "school_years JOIN schools ON id = school_id "
			       "WHERE code = 'LC01'"),
			 11);
	/* An empty cell is unknown (NULL), never 0. */
	assert_int_equal(q_int(ctx,
			       "SELECT computers_teaching IS NULL FROM "
			       "school_years JOIN schools ON id = school_id "
			       "WHERE code = 'LC01'"),
			 1);
	/* Placed in the ward that contains them. */
	assert_string_equal(q_text(ctx,
				   "SELECT u.code FROM schools s JOIN "
				   "units u ON u.id = s.unit_id WHERE s.code ="
				   " 'LC01'",
				   buf, sizeof(buf)),
			    "W2");
	assert_string_equal(q_text(ctx,
				   "SELECT u.code FROM schools s JOIN "
				   "units u ON u.id = s.unit_id WHERE s.code ="
				   " 'TH01'",
				   buf, sizeof(buf)),
			    "W1");
	assert_string_equal(q_text(ctx,
				   "SELECT name FROM schools WHERE code"
				   " = 'TH01'",
				   buf, sizeof(buf)),
			    "Trường Tiểu học Phước Thạnh");
	sg_ctx_free(ctx);
}

/* One bad row per validation case, between good rows. */
static const char schools_bad_csv[] =
	"code,name,levels,lon,lat,students,computers_teaching,fibre\n"
	"G1,Good one,primary,106.01,10.01,500,20,yes\n"	      /* 2 */
	"G1,Duplicate,primary,106.02,10.02,500,20,yes\n"      /* 3 */
	",No code,primary,106.03,10.03,500,20,yes\n"	      /* 4 */
	"B1,No lon,primary,,10.03,500,20,yes\n"		      /* 5 */
	"B2,Bad lat,primary,106.03,10.0x,500,20,yes\n"	      /* 6 */
	"B3,Negative,primary,106.03,10.03,-5,20,yes\n"	      /* 7 */
	"B4,Text count,primary,106.03,10.03,500,nhiều,yes\n"  /* 8 */
	"B5,Bad level,Đại học,106.03,10.03,500,20,yes\n"      /* 9 */
	"B6,Swapped,primary,10.03,106.03,500,20,yes\n"	      /* 10 */
	"B7,Bad bool,primary,106.03,10.03,500,20,maybe\n"     /* 11 */
	"F1,Outside,primary,105.5,10.5,500,20,no\n"	      /* 12 */
	"G2,Good two,lower secondary,106.15,10.05,800,50,\n"; /* 13 */

static void test_import__validation_cases(void **state)
{
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	static const struct {
		int row;
		const char *field, *reason, *action;
	} expect[] = {
		{ 3, "code", "duplicate school code", "rejected" },
		{ 4, "code", "missing school code", "rejected" },
		{ 5, "lon", "missing coordinate", "rejected" },
		{ 6, "lat", "not a number", "rejected" },
		{ 7, "students", "negative count", "rejected" },
		{ 8, "computers_teaching", "not a whole number", "rejected" },
		{ 9, "levels", "unknown level name", "rejected" },
		{ 10, "lat", "columns swapped", "rejected" },
		{ 11, "fibre", "not a yes/no value", "rejected" },
		{ 12, "coordinates", "outside every unit", "flagged" },
	};
	sg_ctx *ctx = store_with_units("bad.sqlite");
	sg_import_summary s;
	char path[256], rej[256], sql[512], line[1024];
	FILE *fp;
	int lines = 0;

	(void)state;
	sg_test_path(path, sizeof(path), "bad.csv");
	sg_test_path(rej, sizeof(rej), "bad-rejects.csv");
	sg_test_write(path, schools_bad_csv);
	o.year = "2016-2017";
	o.rejects_path = rej;
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, &s));
	assert_int_equal(s.rows, 12);
	assert_int_equal(s.rejected, 9);
	assert_int_equal(s.flagged, 1);
	assert_int_equal(s.inserted, 3); /* G1, F1 (kept), G2 */
	assert_string_equal(s.rejects_path, rej);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM schools"), 3);
	assert_string_equal(q_text(ctx,
				   "SELECT name FROM schools WHERE code"
				   " = 'G1'",
				   line, sizeof(line)),
			    "Good one");
	for (size_t i = 0; i < sizeof(expect) / sizeof(*expect); i++) {
		snprintf(sql, sizeof(sql),
			 "SELECT count(*) FROM import_issues"
			 " WHERE row = %d AND field = '%s' AND action = '%s' "
			 "AND reason LIKE '%%%s%%'",
			 expect[i].row, expect[i].field, expect[i].action,
			 expect[i].reason);
		if (q_int(ctx, sql) != 1)
			fail_msg("no issue for row %d: %s", expect[i].row, sql);
	}
	/* The rejects CSV holds the same issues, with the file name. */
	fp = fopen(rej, "r");
	assert_non_null(fp);
	assert_non_null(fgets(line, sizeof(line), fp));
	assert_string_equal(line, "file,row,field,value,reason,action\n");
	while (fgets(line, sizeof(line), fp)) {
		assert_true(strncmp(line, "bad.csv,", 8) == 0);
		lines++;
	}
	fclose(fp);
	assert_int_equal(lines,
			 q_int(ctx, "SELECT count(*) FROM "
				    "import_issues WHERE run_id = (SELECT "
				    "max(id) FROM runs)"));
	sg_ctx_free(ctx);
}

static void test_import__reimport_is_idempotent_and_updates(void **state)
{
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_ctx *ctx = store_with_units("idem.sqlite");
	sg_import_summary s;
	char path[256], path2[256];

	(void)state;
	sg_test_path(path, sizeof(path), "idem.csv");
	sg_test_write(path, "code,name,levels,lon,lat,students,webcams\n"
			    "A,Alpha,primary,106.01,10.01,100,2\n"
			    "B,Beta,primary,106.02,10.02,200,1\n");
	o.year = "2016-2017";
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, &s));
	assert_int_equal(s.inserted, 2);
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, &s));
	assert_int_equal(s.inserted, 0);
	assert_int_equal(s.updated, 0);
	assert_int_equal(s.unchanged, 2);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM school_years WHERE"
				    " run_id = (SELECT max(id) FROM runs)"),
			 0);
	/* A newer file: one figure changed, no webcam column (kept). */
	sg_test_path(path2, sizeof(path2), "idem2.csv");
	sg_test_write(path2, "code,name,levels,lon,lat,students\n"
			     "A,Alpha,primary,106.01,10.01,100\n"
			     "B,Beta,primary,106.02,10.02,250\n");
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path2, &o, &s));
	assert_int_equal(s.updated, 1);
	assert_int_equal(s.unchanged, 1);
	assert_int_equal(q_int(ctx,
			       "SELECT students FROM school_years JOIN "
			       "schools ON id = school_id WHERE code = 'B'"),
			 250);
	assert_int_equal(q_int(ctx,
			       "SELECT webcams FROM school_years JOIN "
			       "schools ON id = school_id WHERE code = 'B'"),
			 1);
	/* Another year adds rows; the school stays one. */
	o.year = "2017-2018";
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path2, &o, &s));
	assert_int_equal(s.inserted, 2);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM schools"), 2);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM school_years"), 4);
	/* The spatial index kept during the import is SpatiaLite's own, and
	 * its triggers are back. */
	assert_int_equal(q_int(ctx, "SELECT CheckSpatialIndex('schools', "
				    "'geom')"),
			 1);
	assert_int_equal(q_int(ctx,
			       "SELECT count(*) FROM sqlite_master WHERE"
			       " type = 'trigger' AND tbl_name = 'schools'"),
			 8);
	sg_ctx_free(ctx);
}

static int cancel_after_first(const sg_progress *p, void *payload)
{
	(void)payload;
	return p->done >= 1;
}

static void test_import__failure_changes_nothing(void **state)
{
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_ctx_options co = SG_CTX_OPTIONS_INIT;
	sg_ctx *ctx = store_with_units("fail.sqlite");
	sg_ctx *ctx2 = NULL;
	int64_t runs, issues, units;
	char path[256], store[256], map[256];

	(void)state;
	sg_test_path(path, sizeof(path), "fail.csv");
	sg_test_write(path, "code,name,levels,lon,lat,students\n"
			    "A,Alpha,primary,106.01,10.01,100\n"
			    "B,Beta,primary,106.02,10.02,-1\n"
			    "C,Gamma,primary,106.03,10.03,300\n");
	o.year = "2016-2017";
	runs = q_int(ctx, "SELECT count(*) FROM runs");
	issues = q_int(ctx, "SELECT count(*) FROM import_issues");
	units = q_int(ctx, "SELECT count(*) FROM units");
	/* Cancelled half-way through. */
	sg_test_path(store, sizeof(store), "fail.sqlite");
	co.progress = cancel_after_first;
	assert_int_equal(sg_ctx_new(&ctx2, &co), SG_OK);
	assert_sg_ok(ctx2, sg_store_open(ctx2, store));
	assert_sg_fails(ctx2,
			sg_import(ctx2, SG_IMPORT_SCHOOLS, path, &o, NULL),
			SG_ECANCELLED, "cancelled");
	sg_ctx_free(ctx2);
	/* A mapping file naming an unknown field. */
	sg_test_path(map, sizeof(map), "bad.map");
	sg_test_write(map, "# mapping\nstudent_count = students\n");
	o.map_path = map;
	assert_sg_fails(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, NULL),
			SG_EINVALID, "unknown field 'student_count'");
	o.map_path = NULL;
	/* x/y columns without a CRS. */
	sg_test_write(path, "code,levels,x,y\nA,primary,600000,1200000\n");
	assert_sg_fails(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, NULL),
			SG_EINVALID, "need a CRS");
	/* A file that is not there. */
	sg_test_path(path, sizeof(path), "none.csv");
	assert_sg_fails(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, NULL),
			SG_ENOTFOUND, "none.csv");
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM schools"), 0);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM school_years"), 0);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM runs"), runs);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM import_issues"),
			 issues);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM units"), units);
	sg_ctx_free(ctx);
}

static void test_import__mapping_file(void **state)
{
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_ctx *ctx = store_with_units("map.sqlite");
	sg_import_summary s;
	char path[256], map[256];

	(void)state;
	sg_test_path(path, sizeof(path), "odd.csv");
	sg_test_write(path, "MaSo,TenDV,CapTruong,KD,VD,HS,Nam\n"
			    "X1,Trường X,THCS,106.05,10.05,640,2018-2019\n");
	sg_test_path(map, sizeof(map), "odd.map");
	sg_test_write(map, "[columns]\ncode = MaSo\nname = TenDV\n"
			   "levels = CapTruong\nlon = KD\nlat = VD\n"
			   "students = HS\nyear = Nam\n");
	o.map_path = map;
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, &s));
	assert_int_equal(s.inserted, 1);
	assert_int_equal(q_int(ctx, "SELECT students FROM school_years WHERE"
				    " year = '2018-2019'"),
			 640);
	sg_ctx_free(ctx);
}

/* Read expected.csv: the reference lon/lat of each (file, code). */
static int expected_lonlat(const char *file, const char *code, double *lon,
			   double *lat)
{
	char line[256], f[64], c[16];
	FILE *fp = fopen(SG_FIXTURES_DIR "/crs/expected.csv", "r");
	int found = 0;

	assert_non_null(fp);
	while (!found && fgets(line, sizeof(line), fp))
		if (sscanf(line, "%63[^,],%15[^,],%lf,%lf", f, c, lon, lat) ==
			    4 &&
		    strcmp(f, file) == 0 && strcmp(c, code) == 0)
			found = 1;
	fclose(fp);
	return found;
}

/* Projected coordinates to lon/lat within 0.01 m of GeographicLib's
 * (tests/fixtures/crs/make_reference.py). */
static void test_import__crs_to_wgs84(void **state)
{
	static const struct {
		const char *file, *crs;
		int n;
	} cases[] = {
		{ "utm48n.csv", "EPSG:32648", 5 },
		{ "utm49n.csv", "EPSG:32649", 3 },
		{ "vn2000_tm3_10545.csv",
		  "+proj=tmerc +lat_0=0 +lon_0=105.75 +k=0.9999 +x_0=500000 "
		  "+y_0=0 +ellps=WGS84 +towgs84=-191.90441429,-39.30318279,"
		  "-111.45032835,-0.00928836,0.01975479,-0.00427372,"
		  "0.252906278 +units=m +no_defs",
		  5 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		sg_import_options o = SG_IMPORT_OPTIONS_INIT;
		sg_ctx *ctx = new_store("crs.sqlite");
		sg_import_summary s;
		char path[512], rej[256];
		sqlite3_stmt *st;
		int n = 0;

		snprintf(path, sizeof(path), "%s/crs/%s", SG_FIXTURES_DIR,
			 cases[i].file);
		o.crs = cases[i].crs;
		o.year = "2020-2021";
		o.rejects_path = sg_test_path(rej, sizeof(rej), "crs.rej.csv");
		assert_sg_ok(ctx,
			     sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, &s));
		assert_int_equal(s.inserted, cases[i].n);
		assert_int_equal(sqlite3_prepare_v2(ctx->db,
						    "SELECT code, "
						    "X(geom), Y(geom) FROM "
						    "schools",
						    -1, &st, NULL),
				 SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *code = (const char *)sqlite3_column_text(st,
									     0);
			double lon, lat, dx, dy;

			assert_true(expected_lonlat(cases[i].file, code, &lon,
						    &lat));
			dx = (sqlite3_column_double(st, 1) - lon) * 111320.0 *
			     cos(lat * 3.14159265358979 / 180.0);
			dy = (sqlite3_column_double(st, 2) - lat) * 110574.0;
			if (hypot(dx, dy) > 0.01)
				fail_msg("%s %s: %.4f m off", cases[i].file,
					 code, hypot(dx, dy));
			n++;
		}
		sqlite3_finalize(st);
		assert_int_equal(n, cases[i].n);
		sg_ctx_free(ctx);
	}
}

static void test_import__population_table(void **state)
{
	sg_ctx *ctx = store_with_units("pop.sqlite");
	sg_import_summary s;
	char path[256];

	(void)state;
	sg_test_path(path, sizeof(path), "pop.csv");
	sg_test_write(path, "Mã xã,Năm,Từ tuổi,Đến tuổi,Số người\n"
			    "W1,2019,6,10,80\n"
			    "W1,2019,11,14,60\n"
			    "W2,2019,6,10,200\n"
			    "W9,2019,6,10,5\n"	 /* unknown unit */
			    "W1,2019,6,10,81\n"	 /* duplicate band */
			    "W2,2019,14,11,7\n"	 /* band backwards */
			    "W2,2019,0,2,-3\n"); /* negative */
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_POPULATION, path, NULL, &s));
	assert_int_equal(s.rows, 7);
	assert_int_equal(s.inserted, 3);
	assert_int_equal(s.rejected, 4);
	assert_int_equal(q_int(ctx, "SELECT sum(count) FROM population WHERE"
				    " age_from = 6 AND age_to = 10"),
			 280);
	assert_int_equal(q_int(ctx,
			       "SELECT count(*) FROM import_issues WHERE"
			       " reason LIKE 'unknown unit code%' AND row = 5"),
			 1);
	sg_ctx_free(ctx);
}

/* The real Cu Chi communes (../shared/data/cu-chi), when present. */
static void test_import__cuchi_communes(void **state)
{
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_import_summary s;
	sg_ctx *ctx;
	char outline[512], communes[512], map[256];

	(void)state;
	snprintf(communes, sizeof(communes), "%s/communes_population.geojson",
		 SG_CUCHI_DIR);
	snprintf(outline, sizeof(outline), "%s/district_outline.geojson",
		 SG_CUCHI_DIR);
	if (access(communes, R_OK) != 0) {
		print_message("skipped: %s not found\n", communes);
		skip();
	}
	ctx = new_store("cuchi.sqlite");
	sg_test_path(map, sizeof(map), "outline.map");
	sg_test_write(map, "code = level2_id\nname = name\n");
	o.map_path = map;
	o.unit_kind = "district";
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_UNITS, outline, &o, &s));
	o.unit_kind = NULL;
	o.map_path = NULL;
	o.population_field = "Pop_2019";
	o.year = "2019";
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_UNITS, communes, &o, &s));
	assert_int_equal(s.inserted, 21);
	assert_int_equal(s.rejected, 0);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM units WHERE kind = "
				    "'ward'"),
			 21);
	/* SOURCE.txt: Pop_2019 sums to 462,047. */
	assert_int_equal(q_int(ctx, "SELECT sum(count) FROM population"),
			 462047);
	/* Every commune lies in the district. */
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM units w JOIN units"
				    " d ON d.id = w.parent_id WHERE d.kind = "
				    "'district'"),
			 21);
	/* Area in UTM 48N: SOURCE.txt gives about 434.7 km2. */
	assert_true(fabs(q_double(ctx, "SELECT sum(ST_Area(Transform(geom, "
				       "32648))) / 1e6 FROM units WHERE kind = "
				       "'ward'") -
			 434.7) < 434.7 * 0.005);
	sg_ctx_free(ctx);
}

/* Convert src to dst with GDAL's own ogr2ogr (GDALVectorTranslate). */
static void translate(const char *src, const char *dst, const char *format,
		      const char *t_srs)
{
	char *argv[] = { "-f",	   (char *)format, "-lco", "ENCODING=UTF-8",
			 "-t_srs", (char *)t_srs,  NULL };
	GDALVectorTranslateOptions *opts;
	GDALDatasetH in, out;
	int err = 0;

	if (strcmp(format, "ESRI Shapefile") != 0) {
		argv[2] = argv[4];
		argv[3] = argv[5];
	}
	if (!t_srs)
		argv[strcmp(format, "ESRI Shapefile") != 0 ? 2 : 4] = NULL;
	opts = GDALVectorTranslateOptionsNew(argv, NULL);
	in = GDALOpenEx(src, GDAL_OF_VECTOR, NULL, NULL, NULL);
	assert_non_null(in);
	out = GDALVectorTranslate(dst, NULL, 1, &in, opts, &err);
	assert_non_null(out);
	GDALClose(out);
	GDALClose(in);
	GDALVectorTranslateOptionsFree(opts);
}

/* The same schools from GeoPackage (in UTM 48N: the file's own CRS),
 * Shapefile and GeoJSON land where the CSV put them. */
static void test_import__gis_formats_and_file_crs(void **state)
{
	static const struct {
		const char *name, *format, *srs;
	} files[] = {
		{ "s_utm.gpkg", "GPKG", "EPSG:32648" },
		{ "s.shp", "ESRI Shapefile", NULL },
		{ "s.geojson", "GeoJSON", NULL },
	};
	sg_ctx *ref = store_with_units("ref.sqlite");
	char csv[256], vrt[256], path[256];
	sqlite3_stmt *st;

	(void)state;
	sg_test_path(csv, sizeof(csv), "pts.csv");
	sg_test_write(csv,
		      "code,name,levels,lon,lat,year,students\n"
		      "A,Trường A,primary,106.012345,10.054321,2016-2017,10\n"
		      "B,Trường B,THCS,106.187654,10.023456,2016-2017,20\n");
	assert_sg_ok(ref, sg_import(ref, SG_IMPORT_SCHOOLS, csv, NULL, NULL));
	/* A VRT turns the CSV into points for GDAL. */
	sg_test_path(vrt, sizeof(vrt), "pts.vrt");
	{
		char text[1024];

		snprintf(
			text, sizeof(text),
			"<OGRVRTDataSource><OGRVRTLayer name=\"pts\">"
			"<SrcDataSource>%s</SrcDataSource>"
			"<GeometryType>wkbPoint</GeometryType>"
			"<LayerSRS>EPSG:4326</LayerSRS>"
			"<GeometryField encoding=\"PointFromColumns\" x=\"lon\""
			" y=\"lat\"/></OGRVRTLayer></OGRVRTDataSource>",
			csv);
		sg_test_write(vrt, text);
	}
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
		sg_ctx *ctx = store_with_units("fmt.sqlite");
		sg_import_summary s;
		int n = 0;

		sg_test_path(path, sizeof(path), files[i].name);
		translate(vrt, path, files[i].format, files[i].srs);
		assert_sg_ok(ctx,
			     sg_import(ctx, SG_IMPORT_SCHOOLS, path, NULL, &s));
		assert_int_equal(s.inserted, 2);
		assert_int_equal(sqlite3_prepare_v2(ref->db,
						    "SELECT code, "
						    "X(geom), Y(geom) FROM "
						    "schools ORDER BY code",
						    -1, &st, NULL),
				 SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW) {
			char sql[160];
			double dx, dy;

			snprintf(sql, sizeof(sql),
				 "SELECT X(geom) FROM schools"
				 " WHERE code = '%s'",
				 sqlite3_column_text(st, 0));
			dx = q_double(ctx, sql) - sqlite3_column_double(st, 1);
			snprintf(sql, sizeof(sql),
				 "SELECT Y(geom) FROM schools"
				 " WHERE code = '%s'",
				 sqlite3_column_text(st, 0));
			dy = q_double(ctx, sql) - sqlite3_column_double(st, 2);
			/* 1e-8 degrees: about a millimetre. */
			if (fabs(dx) > 1e-8 || fabs(dy) > 1e-8)
				fail_msg("%s: %s off by %g %g", files[i].name,
					 sqlite3_column_text(st, 0), dx, dy);
			n++;
		}
		sqlite3_finalize(st);
		assert_int_equal(n, 2);
		assert_int_equal(q_int(ctx, "SELECT sum(students) FROM "
					    "school_years"),
				 30);
		assert_int_equal(q_int(ctx, "SELECT count(*) FROM schools "
					    "WHERE name = 'Trường B'"),
				 1);
		sg_ctx_free(ctx);
	}
	sg_ctx_free(ref);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_import__units_kinds_parents_repair),
		cmocka_unit_test(test_import__vietnamese_headers_and_values),
		cmocka_unit_test(test_import__validation_cases),
		cmocka_unit_test(
			test_import__reimport_is_idempotent_and_updates),
		cmocka_unit_test(test_import__failure_changes_nothing),
		cmocka_unit_test(test_import__mapping_file),
		cmocka_unit_test(test_import__crs_to_wgs84),
		cmocka_unit_test(test_import__population_table),
		cmocka_unit_test(test_import__cuchi_communes),
		cmocka_unit_test(test_import__gis_formats_and_file_crs),
	};

	return cmocka_run_group_tests(tests, sg_test_setup, sg_test_teardown);
}
