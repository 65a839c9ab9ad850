/*
 * tests/test_vocab.c - the public vocabulary (#12 item 6) through the
 * public API: the level enum's names and parser, versioned summaries,
 * and string fields that come back whole (a VN-2000 PROJ string of
 * about 200 characters, longer than the 64-byte fields of before).
 */
#include <string.h>

#include "sg_db_test.h"
#include "sg_fixture_wards.h"

/* VN-2000 / TM-3 at 105°45' (Ho Chi Minh City) with the 7-parameter
 * datum shift of Circular 973/2001: 193 characters. */
static const char vn2000[] =
	"+proj=tmerc +lat_0=0 +lon_0=105.75 +k=0.9999 +x_0=500000 +y_0=0 "
	"+ellps=WGS84 +towgs84=-191.90441429,-39.30318279,-111.45032835,"
	"-0.00928836,0.01975479,-0.00427372,0.252906278 +units=m +no_defs "
	"+type=crs";

static const char schools_csv[] =
	"code,name,levels,lon,lat,students,classes\n"
	"P1,Tiểu học Một,primary,106.505,10.9045,150,4\n"
	"P2,Tiểu học Hai,primary,106.515,10.9045,40,\n";

static const char population_csv[] =
	"Mã xã,Năm,Từ tuổi,Đến tuổi,Số người\n"
	"A,2019,0,120,1500\nB,2019,0,120,1000\nC,2019,0,120,500\n";

static void test_vocab__level_round_trip(void **state)
{
	static const sg_level all[] = { SG_LEVEL_PRESCHOOL, SG_LEVEL_PRIMARY,
					SG_LEVEL_LOWER_SECONDARY,
					SG_LEVEL_UPPER_SECONDARY };
	static const char *const names[] = { "preschool", "primary",
					     "lower_secondary",
					     "upper_secondary" };
	sg_level l = SG_LEVEL_NONE;

	(void)state;
	for (size_t i = 0; i < 4; i++) {
		const char *name = sg_level_name(all[i]);

		assert_non_null(name);
		assert_string_equal(name, names[i]);
		assert_int_equal(sg_level_parse(name, &l), SG_OK);
		assert_int_equal(l, all[i]);
		assert_non_null(sg_level_label(all[i]));
	}
	/* The names import accepts name one level each. */
	assert_int_equal(sg_level_parse("Tiểu học", &l), SG_OK);
	assert_int_equal(l, SG_LEVEL_PRIMARY);
	assert_int_equal(sg_level_parse("THCS", &l), SG_OK);
	assert_int_equal(l, SG_LEVEL_LOWER_SECONDARY);
	assert_int_equal(sg_level_parse("trung hoc pho thong", &l), SG_OK);
	assert_int_equal(l, SG_LEVEL_UPPER_SECONDARY);
	assert_int_equal(sg_level_parse("Mẫu giáo", &l), SG_OK);
	assert_int_equal(l, SG_LEVEL_PRESCHOOL);
	/* Not one level: refused, *out untouched. */
	l = SG_LEVEL_PRIMARY;
	assert_int_equal(sg_level_parse("TH-THCS", &l), SG_EINVALID);
	assert_int_equal(sg_level_parse("college", &l), SG_EINVALID);
	assert_int_equal(sg_level_parse("", &l), SG_EINVALID);
	assert_int_equal(sg_level_parse(NULL, &l), SG_EINVALID);
	assert_int_equal(l, SG_LEVEL_PRIMARY);
	assert_null(sg_level_name(SG_LEVEL_NONE));
	assert_null(sg_level_name(
		(sg_level)(SG_LEVEL_PRIMARY | SG_LEVEL_LOWER_SECONDARY)));
	assert_null(sg_level_label((sg_level)16));
}

static sg_ctx *fixture(const char *name)
{
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_import_summary s;
	sg_ctx *ctx = new_store(name);

	assert_sg_ok(ctx, sg_test_import(ctx, SG_IMPORT_UNITS, "units.geojson",
					 sg_fixture_wards_geojson, &o, &s));
	assert_int_equal(s.version, SG_IMPORT_SUMMARY_VERSION);
	assert_string_equal(s.rejects_path, "");
	assert_sg_ok(ctx,
		     sg_test_import(ctx, SG_IMPORT_POPULATION, "population.csv",
				    population_csv, &o, &s));
	o.year = "2019-2020";
	assert_sg_ok(ctx, sg_test_import(ctx, SG_IMPORT_SCHOOLS, "schools.csv",
					 schools_csv, &o, &s));
	assert_int_equal(s.inserted, 2);
	return ctx;
}

/* The PROJ string the caller gave comes back whole in every summary
 * that names its CRS (the 64-byte fields of before kept 63 characters:
 * "... +x_0=500000 +y_0=0", a different CRS without the datum shift). */
static void test_vocab__long_proj_string(void **state)
{
	sg_catchment_options co = SG_CATCHMENT_OPTIONS_INIT;
	sg_catchment_summary cs;
	sg_coverage_options vo = SG_COVERAGE_OPTIONS_INIT;
	sg_coverage_summary vs;
	sg_sites_options so = SG_SITES_OPTIONS_INIT;
	sg_sites_result *r = NULL;
	char buf[512];
	sg_ctx *ctx = fixture("proj.sqlite");

	(void)state;
	assert_true(strlen(vn2000) > 150);
	co.level = "primary";
	co.crs = vn2000;
	assert_sg_ok(ctx, sg_catchment_compute(ctx, &co, &cs));
	assert_int_equal(cs.version, SG_CATCHMENT_SUMMARY_VERSION);
	assert_string_equal(cs.crs, vn2000);
	/* ... and the run stored records it whole too. */
	assert_string_equal(
		q_text(ctx,
		       "SELECT json_extract(parameters, '$.crs') FROM runs "
		       "WHERE command = 'catchments'",
		       buf, sizeof(buf)),
		vn2000);

	vo.level = "primary";
	vo.crs = vn2000;
	assert_sg_ok(ctx, sg_coverage_compute(ctx, &vo, NULL, NULL, NULL, &vs));
	assert_int_equal(vs.version, SG_COVERAGE_SUMMARY_VERSION);
	assert_string_equal(vs.crs, vn2000);
	assert_false(vs.by_road);
	assert_string_equal(vs.network, "");

	so.level = "TH";
	so.count = 1;
	so.crs = vn2000;
	so.dry_run = true;
	assert_sg_ok(ctx, sg_sites_suggest(ctx, &so, &r));
	assert_int_equal(r->version, SG_SITES_RESULT_VERSION);
	assert_int_equal(r->level, SG_LEVEL_PRIMARY);
	assert_string_equal(r->crs, vn2000);
	assert_string_equal(r->network, "");
	sg_sites_result_free(r);

	sg_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vocab__level_round_trip),
		cmocka_unit_test(test_vocab__long_proj_string),
	};

	return cmocka_run_group_tests(tests, sg_test_setup, sg_test_teardown);
}
