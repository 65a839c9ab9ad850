/*
 * tests/layers/test_reform.c - administrative sets in the store: the
 * migration of older stores into the set "default", the set in force on
 * a school year, codes unique within a set, and the crosswalk import's
 * refusals (the figures across sets are checked end to end by
 * tests/cli/test_reform.sh).
 */
#include "sg_db_test.h"

#include <schoolgis/units.h>

/* A version-2 store with a district and a ward migrates: the units keep
 * their rows and polygons (found through the rebuilt spatial index) and
 * go to the set "default"; kinds come from their names. */
static void test_reform__migration_keeps_units(void **state)
{
	sg_ctx *ctx = new_store("mig.sqlite");
	char path[256], buf[64];

	(void)state;
	sg_test_path(path, sizeof(path), "mig.sqlite");
	assert_int_equal(
		sqlite3_exec(
			ctx->db,
			"INSERT INTO units (id, code, name, kind, geom) VALUES "
			"(5, '783', 'Huyện Củ Chi', 'district', CastToMultiPolygon("
			"GeomFromText('POLYGON((106 11, 106.2 11, 106.2 11.2, 106 11.2,"
			" 106 11))', 4326)));"
			"INSERT INTO units (id, code, name, kind, parent_id, geom) "
			"VALUES (6, '27535', 'Xã An Phú', 'ward', 5, CastToMultiPolygon"
			"(GeomFromText('POLYGON((106 11, 106.1 11, 106.1 11.1, 106 "
			"11.1, 106 11))', 4326)));"
			"INSERT INTO schools (id, code, levels, unit_id) VALUES "
			"(1, 'S1', 'primary', 6);"
			"UPDATE meta SET value = '2' WHERE key = 'schema_version';",
			NULL, NULL, NULL),
		SQLITE_OK);
	sg_store_close(ctx);
	assert_sg_ok(ctx, sg_store_open(ctx, path));
	assert_int_equal(q_int(ctx, "SELECT value FROM meta WHERE key = "
				    "'schema_version'"),
			 SG_STORE_SCHEMA_VERSION);
	assert_string_equal(q_text(ctx,
				   "SELECT group_concat(u.code || ':' "
				   "|| s.name || ':' || u.kind_code || ':' || "
				   "coalesce(u.parent_id, '-'), ' ') FROM "
				   "(SELECT * FROM units ORDER BY id) u JOIN "
				   "unit_sets s ON s.id = u.set_id",
				   buf, sizeof(buf)),
			    "783:default:huyen:- 27535:default:xa:5");
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM units WHERE ROWID "
				    "IN (SELECT ROWID FROM SpatialIndex WHERE "
				    "f_table_name = 'units' AND search_frame = "
				    "MakePoint(106.05, 11.05, 4326))"),
			 2);
	assert_int_equal(q_int(ctx, "SELECT unit_id FROM schools"), 6);
	/* Foreign keys are on again after the rebuild, and hold. */
	assert_int_equal(q_int(ctx, "PRAGMA foreign_keys"), 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM "
				    "pragma_foreign_key_check"),
			 0);
	assert_string_equal(q_text(ctx,
				   "SELECT name_vi || '/' || name_en "
				   "FROM unit_kinds WHERE code = 'dac_khu'",
				   buf, sizeof(buf)),
			    "Đặc khu/Special zone");
	sg_ctx_free(ctx);
}

static void add_unit(sg_ctx *ctx, const char *set, const char *code)
{
	char sql[256];

	snprintf(sql, sizeof(sql),
		 "INSERT INTO units (set_id, code, kind) "
		 "SELECT id, '%s', 'ward' FROM unit_sets WHERE name = '%s'",
		 code, set);
	assert_int_equal(sqlite3_exec(ctx->db, sql, NULL, NULL, NULL),
			 SQLITE_OK);
}

static void test_reform__set_in_force(void **state)
{
	sg_ctx *ctx = new_store("sets.sqlite");
	char name[64];

	(void)state;
	assert_sg_ok(ctx, sg_unit_set_add(ctx, "2019-01-01", NULL));
	assert_sg_ok(ctx, sg_unit_set_add(ctx, "2025-07-01", NULL));
	assert_sg_ok(ctx, sg_unit_set_add(ctx, "cũ", "2010-01-01"));
	add_unit(ctx, "2019-01-01", "27535");
	add_unit(ctx, "2025-07-01", "27535");
	/* Codes are unique within a set only. */
	assert_int_not_equal(sqlite3_exec(ctx->db,
					  "INSERT INTO units "
					  "(set_id, code, kind) VALUES (2, "
					  "'27535', 'ward')",
					  NULL, NULL, NULL),
			     SQLITE_OK);
	assert_sg_ok(ctx, sg_unit_set_for_year(ctx, "2024-2025", name,
					       sizeof(name)));
	assert_string_equal(name, "2019-01-01");
	assert_sg_ok(ctx, sg_unit_set_for_year(ctx, "2025-2026", name,
					       sizeof(name)));
	assert_string_equal(name, "2025-07-01");
	assert_sg_ok(ctx, sg_unit_set_for_year(ctx, "2025-06-30", name,
					       sizeof(name)));
	assert_string_equal(name, "2019-01-01");
	/* The set "cũ" has no units: not in force for anything. */
	assert_sg_fails(ctx,
			sg_unit_set_for_year(ctx, "2015-2016", name,
					     sizeof(name)),
			SG_ENOTFOUND, "no administrative set");
	assert_sg_fails(ctx,
			sg_unit_set_for_year(ctx, "năm nay", name,
					     sizeof(name)),
			SG_EINVALID, "not a school year");
	assert_sg_fails(ctx, sg_unit_set_add(ctx, "mới", NULL), SG_EINVALID,
			"YYYY-MM-DD");
	assert_sg_fails(ctx, sg_unit_set_add(ctx, "2025-13-01", NULL),
			SG_EINVALID, "YYYY-MM-DD");
	sg_ctx_free(ctx);
}

static void test_reform__crosswalk_refusals(void **state)
{
	sg_crosswalk_options o = SG_CROSSWALK_OPTIONS_INIT;
	sg_ctx *ctx = new_store("xw.sqlite");
	int64_t runs;

	(void)state;
	assert_sg_ok(ctx, sg_unit_set_add(ctx, "2019-01-01", NULL));
	add_unit(ctx, "2019-01-01", "1");
	runs = q_int(ctx, "SELECT count(*) FROM runs");
	o.from_set = "2019-01-01";
	assert_sg_fails(ctx, sg_crosswalk_import(ctx, NULL, &o, NULL, NULL),
			SG_EINVALID, "name the old and the new set");
	o.to_set = "2025-07-01";
	assert_sg_fails(ctx, sg_crosswalk_import(ctx, NULL, &o, NULL, NULL),
			SG_EINVALID, "no file");
	assert_sg_fails(ctx,
			sg_crosswalk_import(ctx, "/nonexistent.json", &o, NULL,
					    NULL),
			SG_ENOTFOUND, "/nonexistent.json");
	o.from_set = "2018-01-01";
	o.from_geometry = 1;
	assert_sg_fails(ctx, sg_crosswalk_import(ctx, NULL, &o, NULL, NULL),
			SG_ENOTFOUND, "no administrative set '2018-01-01'");
	o.from_set = "2019-01-01";
	assert_sg_fails(ctx, sg_crosswalk_import(ctx, NULL, &o, NULL, NULL),
			SG_EINVALID, "needs polygons in both sets");
	/* A failed import changes nothing: no run, no new set. */
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM runs"), runs);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM unit_sets WHERE "
				    "name = '2025-07-01'"),
			 0);
	sg_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reform__migration_keeps_units),
		cmocka_unit_test(test_reform__set_in_force),
		cmocka_unit_test(test_reform__crosswalk_refusals),
	};

	return cmocka_run_group_tests(tests, sg_test_setup, sg_test_teardown);
}
