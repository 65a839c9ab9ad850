/*
 * tests/layers/test_pg.c - PostgreSQL connection strings without their
 * password, table names, default rejects names, and the PostGIS export's
 * failures that need no server (tests/cli/test_postgis.sh runs one).
 */
#include "sg_db_test.h"

#include "layers/layers.h"

static sg_ctx *ctx;

/* sg_test_setup / sg_test_teardown, and the store the tests share. */
static int setup(void **state)
{
	if (sg_test_setup(state) != 0)
		return -1;
	ctx = new_store("pg.sqlite");
	return ctx ? 0 : -1;
}

static int teardown(void **state)
{
	sg_ctx_free(ctx);
	return sg_test_teardown(state);
}

static void check_name(const char *src, const char *layer, const char *want)
{
	char out[512];

	sg_source_name(src, layer, out, sizeof(out));
	assert_string_equal(out, want);
}

static void test_pg__source_name_drops_password(void **state)
{
	(void)state;
	check_name("sample/schools.csv", NULL, "sample/schools.csv");
	check_name("sample/schools.csv", "x", "sample/schools.csv");
	check_name("PG:host=db dbname=city user=sg password=s3cret", NULL,
		   "PG:host=db dbname=city user=sg");
	check_name("PG:password = 's3 \\' cret' dbname=city", "schools",
		   "PG:dbname=city tables=schools");
	check_name("pg:dbname=city tables=a,b port=5433", "edu.schools",
		   "PG:dbname=city port=5433 tables=edu.schools");
	check_name("PG:dbname=city tables=a", NULL, "PG:dbname=city tables=a");
	check_name("PG:postgresql://sg:s3cret@db:5432/city?sslmode=require"
		   "&password=x&connect_timeout=5",
		   "units",
		   "PG:postgresql://sg@db:5432/city?sslmode=require&"
		   "connect_timeout=5 tables=units");
	check_name("PG:postgres://db/city", NULL, "PG:postgres://db/city");
	/* #18.2: every secret, not only password=. */
	check_name("PG:host=db dbname=city sslmode=verify-full "
		   "sslkey=/k/client.key sslpassword=k3ypass "
		   "options='-c x=y' user=sg",
		   NULL,
		   "PG:host=db dbname=city sslmode=verify-full "
		   "sslkey=/k/client.key user=sg");
	check_name("PG:postgresql://sg@db/city?sslpassword=k3ypass&"
		   "sslmode=require&PassWord=x",
		   NULL, "PG:postgresql://sg@db/city?sslmode=require");
	check_name("PG:dbname=city SSLPASSWORD = 'a b' user=sg", NULL,
		   "PG:dbname=city user=sg");
}

/* What libpq echoes of a DSN it cannot parse is blanked when the safe
 * DSN leaves it out (a password), kept otherwise. */
static void test_pg__scrub_libpq_echo(void **state)
{
	char m1[] = "missing \"=\" after \"secret\" in connection info "
		    "string (host db)";
	char m2[] = "invalid percent-encoded token: \"p%zzword\"";

	(void)state;
	sg_pg__scrub("PG:host=db password=my secret dbname=x", m1);
	assert_null(strstr(m1, "secret"));
	assert_non_null(strstr(m1, "connection info string (host db)"));
	sg_pg__scrub("PG:postgresql://sg:p%zzword@db/city", m2);
	assert_null(strstr(m2, "zzword"));
	assert_non_null(strstr(m2, "invalid percent-encoded token"));
}

static void test_pg__table_names(void **state)
{
	(void)state;
	assert_true(sg_pg__table_name_ok("units"));
	assert_true(sg_pg__table_name_ok("_x1"));
	assert_true(sg_pg__table_name_ok("edu.schools_2024"));
	assert_false(sg_pg__table_name_ok(""));
	assert_false(sg_pg__table_name_ok("Units"));
	assert_false(sg_pg__table_name_ok("1units"));
	assert_false(sg_pg__table_name_ok("a.b.c"));
	assert_false(sg_pg__table_name_ok("units; DROP TABLE x"));
	assert_false(sg_pg__table_name_ok("tr\xc6\xb0\xe1\xbb\x9dng"));
	assert_false(sg_pg__table_name_ok(
		"a234567890123456789012345678901234567890123456789012345678901234"));
}

static void test_pg__export_failures_without_server(void **state)
{
	sg_export_options eo = SG_EXPORT_OPTIONS_INIT;
	char path[256];

	(void)state;
	sg_test_path(path, sizeof(path), "u.gpkg");
	eo.table = "units";
	assert_sg_fails(ctx, sg_export(ctx, "units", path, &eo, NULL),
			SG_EINVALID, "PostGIS outputs");
	assert_int_equal(access(path, F_OK), -1);
	eo.table = "Bad Name";
	assert_sg_fails(ctx, sg_export(ctx, "units", "PG:dbname=x", &eo, NULL),
			SG_EINVALID, "not a table name");
	/* Nothing listens on port 1: the message names the database, never
	 * the password. */
	eo.table = NULL;
	assert_sg_fails(ctx,
			sg_export(ctx, "units",
				  "PG:host=127.0.0.1 "
				  "port=1 dbname=city password=s3cret "
				  "connect_timeout=5",
				  &eo, NULL),
			SG_EGDAL, "cannot connect");
	assert_non_null(strstr(sg_ctx_errmsg(ctx), "dbname=city"));
	assert_null(strstr(sg_ctx_errmsg(ctx), "s3cret"));
	/* Options of version 1 (no table field) are still read. */
	eo.version = 1;
	assert_sg_ok(ctx, sg_export(ctx, "units", path, &eo, NULL));
	eo.version = 99;
	assert_sg_fails(ctx, sg_export(ctx, "units", path, &eo, NULL),
			SG_EINVALID, "options version");
}

static void test_pg__import_without_server(void **state)
{
	sg_import_options io = SG_IMPORT_OPTIONS_INIT;

	(void)state;
	io.layer = "schools";
	assert_sg_fails(ctx,
			sg_import(ctx, SG_IMPORT_SCHOOLS,
				  "PG:host=127.0.0.1 port=1 dbname=city "
				  "password=s3cret connect_timeout=5",
				  &io, NULL),
			SG_EGDAL, "PG:host=127.0.0.1 port=1 dbname=city");
	assert_null(strstr(sg_ctx_errmsg(ctx), "s3cret"));
}

/* The default rejects CSV is named from the whole file name, so inputs
 * differing only by extension keep their own. */
static void test_pg__rejects_named_from_whole_file_name(void **state)
{
	sg_import_options io = SG_IMPORT_OPTIONS_INIT;
	sg_import_summary sum;
	char csv[256], geojson[256], want[300];

	(void)state;
	sg_test_path(csv, sizeof(csv), "sch.csv");
	sg_test_write(csv, "code,levels,lon,lat,year,students\n"
			   "A1,primary,106.5,11.0,2016-2017,-5\n");
	sg_test_path(geojson, sizeof(geojson), "sch.geojson");
	sg_test_write(geojson,
		      "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":"
		      "\"Feature\",\"properties\":{\"code\":\"A2\",\"levels\":"
		      "\"primary\",\"year\":\"2016-2017\",\"students\":\"x\"},"
		      "\"geometry\":{\"type\":\"Point\",\"coordinates\":"
		      "[106.5,11.0]}}]}");
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, csv, &io, &sum));
	snprintf(want, sizeof(want), "%s.rejects.csv", csv);
	assert_string_equal(sum.rejects_path, want);
	assert_sg_ok(ctx,
		     sg_import(ctx, SG_IMPORT_SCHOOLS, geojson, &io, &sum));
	snprintf(want, sizeof(want), "%s.rejects.csv", geojson);
	assert_string_equal(sum.rejects_path, want);
	snprintf(want, sizeof(want), "%s.rejects.csv", csv);
	assert_int_equal(access(want, F_OK), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pg__source_name_drops_password),
		cmocka_unit_test(test_pg__scrub_libpq_echo),
		cmocka_unit_test(test_pg__table_names),
		cmocka_unit_test(test_pg__export_failures_without_server),
		cmocka_unit_test(test_pg__import_without_server),
		cmocka_unit_test(test_pg__rejects_named_from_whole_file_name),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
