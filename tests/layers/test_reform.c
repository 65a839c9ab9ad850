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

/* Several old units in one cell of a new -> old table, as the provinces'
 * resolutions write them: "Phường 1, 2 và 3" (shorthand: the kind word
 * once), "Phường 4; Phường 5" and "các phường 6, Võ Thị Sáu" -- each
 * matched by name in its district, a pair per old unit; a name that is
 * not there is listed with its row. */
static void test_reform__crosswalk_cells(void **state)
{
	sg_crosswalk_options o = SG_CROSSWALK_OPTIONS_INIT;
	sg_crosswalk_summary sum;
	sg_table *un = NULL;
	sg_ctx *ctx = new_store("cells.sqlite");
	char path[256], buf[512];
	FILE *fp;

	(void)state;
	assert_sg_ok(ctx, sg_unit_set_add(ctx, "2019-01-01", NULL));
	assert_sg_ok(ctx, sg_unit_set_add(ctx, "2025-07-01", NULL));
	assert_int_equal(
		sqlite3_exec(
			ctx->db,
			"INSERT INTO units (id, set_id, code, name, kind) "
			"VALUES (1, (SELECT id FROM unit_sets WHERE name = "
			"'2019-01-01'), '79', 'Thành phố Hồ Chí Minh', 'city');"
			"INSERT INTO units (id, set_id, code, name, kind, "
			"parent_id) SELECT 2, id, '770', 'Quận 3', 'district', 1 "
			"FROM unit_sets WHERE name = '2019-01-01';"
			"INSERT INTO units (set_id, code, name, kind, parent_id) "
			"SELECT s.id, v.code, v.name, 'ward', 2 FROM unit_sets s,"
			" (SELECT '27139' AS code, 'Phường 1' AS name UNION ALL "
			"SELECT '27142', 'Phường 2' UNION ALL SELECT '27145', "
			"'Phường 3' UNION ALL SELECT '27148', 'Phường 4' UNION "
			"ALL SELECT '27151', 'Phường 5' UNION ALL SELECT "
			"'27154', 'Phường 6' UNION ALL SELECT '27157', "
			"'Phường Võ Thị Sáu' UNION ALL SELECT '27160', "
			"'Phường 12') v WHERE s.name = '2019-01-01';"
			"INSERT INTO units (set_id, code, name, kind) SELECT id,"
			" '79', 'Thành phố Hồ Chí Minh', 'city' FROM unit_sets "
			"WHERE name = '2025-07-01';",
			NULL, NULL, NULL),
		SQLITE_OK);
	sg_test_path(path, sizeof(path), "cells.csv");
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("new_code,new_name,new_province,old_name,old_district,"
	      "old_province\n"
	      "27139,Phường Bàn Cờ,Thành phố Hồ Chí Minh,\"Phường 1, 2 và "
	      "3\",Quận 3,Thành phố Hồ Chí Minh\n"
	      "27148,Phường Xuân Hòa,Thành phố Hồ Chí Minh,Phường 4; Phường "
	      "5,Quận 3,Thành phố Hồ Chí Minh\n"
	      "27154,Phường Võ Thị Sáu,Thành phố Hồ Chí Minh,\"các phường 6, "
	      "Võ Thị Sáu và 99\",Quận 3,Thành phố Hồ Chí Minh\n"
	      "27160,Phường Nhiêu Lộc,Thành phố Hồ Chí Minh,Phường 12,Quận "
	      "3,Thành phố Hồ Chí Minh\n",
	      fp);
	assert_int_equal(fclose(fp), 0);
	o.from_set = "2019-01-01";
	o.to_set = "2025-07-01";
	o.create_units = 1;
	assert_sg_ok(ctx, sg_crosswalk_import(ctx, path, &o, &sum, &un));
	/* Every old ward of a cell went to its new unit. */
	assert_string_equal(
		q_text(ctx,
		       "SELECT group_concat(f || '>' || t, ' ') FROM (SELECT "
		       "f.code AS f, t.code AS t FROM crosswalk x JOIN units f "
		       "ON f.id = x.from_unit_id JOIN units t ON t.id = "
		       "x.to_unit_id ORDER BY f.code)",
		       buf, sizeof(buf)),
		"27139>27139 27142>27139 27145>27139 27148>27148 "
		"27151>27148 27154>27154 27157>27154 27160>27160");
	assert_int_equal(sum.pairs, 8);
	assert_int_equal(sum.splits, 0);
	/* "99" is phường 99 (the kind of the part before): not in Quận
	 * 3, listed with its row (4). */
	assert_int_equal(sum.unmatched, 1);
	assert_non_null(un);
	assert_int_equal(sg_table_nrows(un), 1);
	assert_non_null(
		strstr(sg_table_text(un, 0, (size_t)sg_table_col(un, "name")),
		       "phường 99"));
	assert_true(sg_table_real(un, 0, (size_t)sg_table_col(un, "row")) == 4);
	sg_table_free(un);
	sg_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reform__migration_keeps_units),
		cmocka_unit_test(test_reform__set_in_force),
		cmocka_unit_test(test_reform__crosswalk_refusals),
		cmocka_unit_test(test_reform__crosswalk_cells),
	};

	return cmocka_run_group_tests(tests, sg_test_setup, sg_test_teardown);
}
