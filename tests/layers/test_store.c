/*
 * tests/layers/test_store.c - creating, opening and checking stores.
 */
#include "sg_db_test.h"

static void test_store__create_has_schema(void **state)
{
	sg_ctx *ctx = new_store("a.sqlite");
	static const char *const tables[] = {
		"meta",		"runs",		 "units",      "schools",
		"school_years", "population",	 "applicants", "catchments",
		"results",	"import_issues", NULL
	};
	char sql[160];

	(void)state;
	for (int i = 0; tables[i]; i++) {
		snprintf(sql, sizeof(sql),
			 "SELECT count(*) FROM sqlite_master"
			 " WHERE type = 'table' AND name = '%s'",
			 tables[i]);
		assert_int_equal(q_int(ctx, sql), 1);
	}
	assert_int_equal(q_int(ctx, "SELECT value FROM meta WHERE key = "
				    "'schema_version'"),
			 SG_STORE_SCHEMA_VERSION);
	/* Version 2: a catchment's figures are columns of its row. */
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM pragma_table_info("
				    "'catchments') WHERE name IN ('area_km2', "
				    "'population', 'seats', 'schools')"),
			 4);
	/* Geometry columns are registered with SRID 4326 and indexed. */
	assert_int_equal(q_int(ctx,
			       "SELECT count(*) FROM geometry_columns "
			       "WHERE srid = 4326 AND spatial_index_enabled "
			       "= 1"),
			 3);
	sg_ctx_free(ctx);
}

static void test_store__create_refuses_existing(void **state)
{
	sg_ctx *ctx = new_store("b.sqlite");
	char path[256];

	(void)state;
	sg_test_path(path, sizeof(path), "b.sqlite");
	assert_sg_fails(ctx, sg_store_create(ctx, path, false), SG_EEXISTS,
			"already exists");
	assert_sg_ok(ctx, sg_store_create(ctx, path, true));
	sg_ctx_free(ctx);
}

static void test_store__open_checks(void **state)
{
	sg_ctx *ctx = new_store("c.sqlite");
	char path[256], plain[256];
	sqlite3 *db;

	(void)state;
	sg_test_path(path, sizeof(path), "c.sqlite");
	sg_store_close(ctx);
	assert_sg_ok(ctx, sg_store_open(ctx, path));
	assert_string_equal(sg_store_path(ctx), path);
	/* A store from a newer schoolgis is refused. */
	assert_int_equal(sqlite3_exec(ctx->db,
				      "UPDATE meta SET value = '99'"
				      " WHERE key = 'schema_version'",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sg_store_close(ctx);
	assert_sg_fails(ctx, sg_store_open(ctx, path), SG_EVERSION,
			"newer than this schoolgis");
	assert_null(sg_store_path(ctx));
	/* A SQLite file that is not a store. */
	sg_test_path(plain, sizeof(plain), "plain.sqlite");
	assert_int_equal(sqlite3_open(plain, &db), SQLITE_OK);
	sqlite3_exec(db, "CREATE TABLE t (x)", NULL, NULL, NULL);
	sqlite3_close(db);
	assert_sg_fails(ctx, sg_store_open(ctx, plain), SG_EINVALID,
			"not a schoolgis store");
	/* No file. */
	sg_test_path(plain, sizeof(plain), "missing.sqlite");
	assert_sg_fails(ctx, sg_store_open(ctx, plain), SG_ENOTFOUND,
			"no such file");
	assert_int_not_equal(access(plain, F_OK), 0);
	sg_ctx_free(ctx);
}

/* A version 1 store (figures in `results`) is migrated on open. */
static void test_store__migrates_v1(void **state)
{
	sg_ctx *ctx = new_store("v1.sqlite");
	char path[256], buf[64];

	(void)state;
	sg_test_path(path, sizeof(path), "v1.sqlite");
	/* Take the store back to version 1 by hand. */
	assert_int_equal(
		sqlite3_exec(
			ctx->db,
			"ALTER TABLE catchments DROP COLUMN area_km2;"
			"ALTER TABLE catchments DROP COLUMN population;"
			"ALTER TABLE catchments DROP COLUMN seats;"
			"ALTER TABLE catchments DROP COLUMN schools;"
			"DROP TABLE road_edges; DROP TABLE road_nodes;"
			"DROP TABLE road_networks;"
			"INSERT INTO runs (id, command, started_at) VALUES "
			"(7, 'catchments', '2026-01-01');"
			"INSERT INTO catchments (id, run_id, level, method, geom) VALUES "
			"(3, 7, 'primary', 'voronoi', CastToMultiPolygon(GeomFromText("
			"'POLYGON((106 11, 106.01 11, 106.01 11.01, 106 11))', 4326)));"
			"INSERT INTO results VALUES (7, 'catchment:3', 'area_km2', 1.5),"
			"(7, 'catchment:3', 'population', 250),"
			"(7, 'catchment:3', 'seats', 300),"
			"(7, 'catchment:3', 'schools', 'A,B'),"
			"(7, 'summary', 'population', 250);"
			"UPDATE meta SET value = '1' WHERE key = 'schema_version';",
			NULL, NULL, NULL),
		SQLITE_OK);
	sg_store_close(ctx);
	assert_sg_ok(ctx, sg_store_open(ctx, path));
	assert_int_equal(q_int(ctx, "SELECT value FROM meta WHERE key = "
				    "'schema_version'"),
			 SG_STORE_SCHEMA_VERSION);
	assert_string_equal(q_text(ctx,
				   "SELECT area_km2 || '/' || population"
				   " || '/' || seats || '/' || schools FROM "
				   "catchments WHERE id = 3",
				   buf, sizeof(buf)),
			    "1.5/250.0/300.0/A,B");
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM results WHERE "
				    "subject LIKE 'catchment:%'"),
			 0);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM results WHERE "
				    "subject = 'summary'"),
			 1);
	/* Version 3: the road network tables. */
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM sqlite_master WHERE "
				    "name IN ('road_networks', 'road_nodes', "
				    "'road_edges')"),
			 3);
	sg_ctx_free(ctx);
}

static void test_store__resolve_path(void **state)
{
	(void)state;
	unsetenv("SCHOOLGIS_DB");
	assert_string_equal(sg_store_resolve_path(NULL), "schoolgis.sqlite");
	setenv("SCHOOLGIS_DB", "/x/env.sqlite", 1);
	assert_string_equal(sg_store_resolve_path(NULL), "/x/env.sqlite");
	assert_string_equal(sg_store_resolve_path("given.sqlite"),
			    "given.sqlite");
	unsetenv("SCHOOLGIS_DB");
}

static void test_store__count_needs_store(void **state)
{
	sg_ctx *ctx = NULL;
	int64_t n = -1;

	(void)state;
	assert_int_equal(sg_ctx_new(&ctx, NULL), SG_OK);
	assert_sg_fails(ctx, sg_store_count(ctx, "schools", &n), SG_ENOSTORE,
			"no project store");
	sg_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_store__create_has_schema),
		cmocka_unit_test(test_store__create_refuses_existing),
		cmocka_unit_test(test_store__open_checks),
		cmocka_unit_test(test_store__migrates_v1),
		cmocka_unit_test(test_store__resolve_path),
		cmocka_unit_test(test_store__count_needs_store),
	};

	return cmocka_run_group_tests(tests, sg_test_setup, sg_test_teardown);
}
