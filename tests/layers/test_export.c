/*
 * tests/layers/test_export.c - exports that GDAL reopens with the same
 * counts and values, and atomic replacement.
 */
#include <math.h>

#include <gdal.h>
#include <ogr_api.h>

#include "sg_db_test.h"

static sg_ctx *ctx;

static int setup(void **state)
{
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	char path[256];

	(void)state;
	sg_global_init();
	ctx = new_store("export.sqlite");
	sg_test_path(path, sizeof(path), "w.geojson");
	sg_test_write(path,
		      "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":"
		      "\"Feature\",\"properties\":{\"code\":\"W1\",\"name\":"
		      "\"Xã Phước Vĩnh An\",\"population\":1234},\"geometry\":"
		      "{\"type\":\"Polygon\",\"coordinates\":[[[106,10],"
		      "[106.1,10],[106.1,10.1],[106,10.1],[106,10]]]}}]}");
	o.population_field = "population";
	o.year = "2019";
	if (sg_import(ctx, SG_IMPORT_UNITS, path, &o, NULL) != SG_OK)
		return -1;
	sg_test_path(path, sizeof(path), "s.csv");
	sg_test_write(path, "code,name,levels,lon,lat,year,students,fibre\n"
			    "S1,Trường Mầm non Hoa Sen,preschool,106.01,10.02,"
			    "2016-2017,250,có\n"
			    "S1,Trường Mầm non Hoa Sen,preschool,106.01,10.02,"
			    "2017-2018,260,có\n"
			    "S2,Trường THCS Tân Phú Trung,THCS,106.05,10.05,"
			    "2017-2018,800,\n");
	o = (sg_import_options)SG_IMPORT_OPTIONS_INIT;
	return sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, NULL);
}

static int teardown(void **state)
{
	(void)state;
	sg_ctx_free(ctx);
	sg_test_cleanup();
	sg_global_shutdown();
	return 0;
}

/* Reopen a file with OGR: feature count of its first layer, and the
 * integer field `field` of the feature whose `key` field is `value`. */
static int64_t reopen(const char *path, const char *key, const char *value,
		      const char *field, int64_t *out)
{
	GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR, NULL, NULL, NULL);
	OGRLayerH lyr;
	OGRFeatureH f;
	int64_t n;

	assert_non_null(ds);
	lyr = GDALDatasetGetLayer(ds, 0);
	n = OGR_L_GetFeatureCount(lyr, 1);
	while ((f = OGR_L_GetNextFeature(lyr))) {
		int k = OGR_F_GetFieldIndex(f, key);

		if (k >= 0 && strcmp(OGR_F_GetFieldAsString(f, k), value) == 0)
			*out = OGR_F_GetFieldAsInteger64(
				f, OGR_F_GetFieldIndex(f, field));
		OGR_F_Destroy(f);
	}
	GDALClose(ds);
	return n;
}

static void test_export__formats_reopen(void **state)
{
	static const char *const exts[] = { "gpkg", "geojson", "csv" };
	char path[256], name[32];
	int64_t n, v;

	(void)state;
	for (int i = 0; i < 3; i++) {
		snprintf(name, sizeof(name), "schools.%s", exts[i]);
		sg_test_path(path, sizeof(path), name);
		assert_sg_ok(ctx, sg_export(ctx, "schools", path, NULL, &n));
		assert_int_equal(n, 2);
		v = -1;
		assert_int_equal(reopen(path, "code", "S1", "students", &v), 2);
		assert_int_equal(v, 260); /* the latest year by default */
		snprintf(name, sizeof(name), "units.%s", exts[i]);
		sg_test_path(path, sizeof(path), name);
		assert_sg_ok(ctx, sg_export(ctx, "units", path, NULL, &n));
		v = -1;
		assert_int_equal(reopen(path, "code", "W1", "population", &v),
				 1);
		assert_int_equal(v, 1234);
	}
}

static void test_export__year_and_tables(void **state)
{
	sg_export_options eo = SG_EXPORT_OPTIONS_INIT;
	char path[256];
	int64_t n, v = -1;

	(void)state;
	eo.year = "2016-2017";
	sg_test_path(path, sizeof(path), "s2016.geojson");
	assert_sg_ok(ctx, sg_export(ctx, "schools", path, &eo, &n));
	assert_int_equal(reopen(path, "code", "S1", "students", &v), 2);
	assert_int_equal(v, 250);
	sg_test_path(path, sizeof(path), "years.csv");
	assert_sg_ok(ctx, sg_export(ctx, "school_years", path, NULL, &n));
	assert_int_equal(n, 3);
}

static void test_export__refuses_and_leaves_nothing(void **state)
{
	sg_export_options eo = SG_EXPORT_OPTIONS_INIT;
	char path[256];
	FILE *fp;
	char buf[16] = "";

	(void)state;
	sg_test_path(path, sizeof(path), "keep.geojson");
	sg_test_write(path, "old");
	assert_sg_fails(ctx, sg_export(ctx, "schools", path, &eo, NULL),
			SG_EEXISTS, "exists");
	fp = fopen(path, "r");
	assert_non_null(fgets(buf, sizeof(buf), fp));
	fclose(fp);
	assert_string_equal(buf, "old");
	assert_sg_fails(ctx, sg_export(ctx, "nothing", path, &eo, NULL),
			SG_EINVALID, "unknown layer");
	assert_sg_fails(ctx,
			sg_export(ctx, "schools", "/nonexistent/dir/x.gpkg",
				  &eo, NULL),
			SG_EGDAL, "export");
	assert_int_not_equal(access("/nonexistent/dir", F_OK), 0);
	eo.overwrite = true;
	assert_sg_ok(ctx, sg_export(ctx, "schools", path, &eo, NULL));
}

/* Export, import the export into a fresh store: the same rows. */
static void test_export__round_trip(void **state)
{
	static const char *const exts[] = { "gpkg", "geojson", "csv" };
	static const char q[] =
		"SELECT group_concat(v, '|') FROM (SELECT s.code || ',' || "
		"s.name || ',' || s.levels || ',' || printf('%.9f,%.9f', "
		"X(s.geom), Y(s.geom)) || ',' || y.year || ',' || "
		"coalesce(y.students, 'null') || ',' || coalesce(y.fibre, "
		"'null') AS v FROM schools s JOIN school_years y ON "
		"y.school_id = s.id WHERE y.year = '2017-2018' ORDER BY s.code)";
	char path[256], name[32], a[1024], b[1024];

	(void)state;
	q_text(ctx, q, a, sizeof(a));
	assert_non_null(strstr(a, "S2,Trường THCS Tân Phú Trung"));
	for (int i = 0; i < 3; i++) {
		sg_export_options eo = SG_EXPORT_OPTIONS_INIT;
		sg_import_summary s;
		sg_ctx *c2;

		eo.year = "2017-2018";
		snprintf(name, sizeof(name), "rt.%s", exts[i]);
		sg_test_path(path, sizeof(path), name);
		assert_sg_ok(ctx, sg_export(ctx, "schools", path, &eo, NULL));
		c2 = new_store("rt.sqlite");
		assert_sg_ok(c2,
			     sg_import(c2, SG_IMPORT_SCHOOLS, path, NULL, &s));
		assert_int_equal(s.inserted, 2);
		assert_int_equal(s.rejected, 0);
		assert_string_equal(q_text(c2, q, b, sizeof(b)), a);
		sg_ctx_free(c2);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_export__formats_reopen),
		cmocka_unit_test(test_export__year_and_tables),
		cmocka_unit_test(test_export__refuses_and_leaves_nothing),
		cmocka_unit_test(test_export__round_trip),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
