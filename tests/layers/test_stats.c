/*
 * tests/layers/test_stats.c - statistics over a real store: the Cu Chi
 * district plan's table reproduced from its totals, and the roll-up
 * checked against the same figures computed independently in SQL.
 */
#include <math.h>

#include <gdal.h>
#include <ogr_api.h>

#include "sg_db_test.h"

static sg_ctx *ctx;

/* Cu Chi ICT plan 2016-2020 (shared/data/cu-chi/SOURCE.txt): schools,
 * management and teaching computers per level. */
static const struct {
	const char *level;
	int schools, mgmt, teaching;
	double mgmt_per, teaching_per; /* the plan's figures, 2 decimals */
	double mgmt_cut, teaching_cut; /* as the plan prints them */
} plan[] = {
	{ "Mầm non", 42, 295, 293, 7.02, 6.98, 7.0, 6.9 },
	{ "Tiểu học", 39, 289, 982, 7.41, 25.18, 7.4, 25.1 },
	{ "THCS", 23, 217, 1273, 9.43, 55.35, 9.4, 55.3 },
};

static int setup(void **state)
{
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	char path[256];
	FILE *fp;
	int n = 0;

	(void)state;
	sg_global_init();
	ctx = new_store("stats.sqlite");
	sg_test_path(path, sizeof(path), "u.geojson");
	sg_test_write(
		path,
		"{\"type\":\"FeatureCollection\",\"features\":["
		"{\"type\":\"Feature\",\"properties\":{\"code\":\"783\","
		"\"kind\":\"district\"},\"geometry\":{\"type\":\"Polygon\","
		"\"coordinates\":[[[106,10],[106.2,10],[106.2,10.1],"
		"[106,10.1],[106,10]]]}},"
		"{\"type\":\"Feature\",\"properties\":{\"code\":\"W1\","
		"\"kind\":\"ward\"},\"geometry\":{\"type\":\"Polygon\","
		"\"coordinates\":[[[106,10],[106.1,10],[106.1,10.1],"
		"[106,10.1],[106,10]]]}},"
		"{\"type\":\"Feature\",\"properties\":{\"code\":\"W2\","
		"\"kind\":\"ward\"},\"geometry\":{\"type\":\"Polygon\","
		"\"coordinates\":[[[106.1,10],[106.2,10],[106.2,10.1],"
		"[106.1,10.1],[106.1,10]]]}}]}");
	if (sg_import(ctx, SG_IMPORT_UNITS, path, &o, NULL) != SG_OK)
		return -1;
	/* Spread each level's totals over its schools, alternating wards;
	 * a few unknown figures that the totals must not count. */
	sg_test_path(path, sizeof(path), "plan.csv");
	fp = fopen(path, "w");
	fprintf(fp, "Mã trường,Cấp học,Kinh độ,Vĩ độ,Năm học,Số học sinh,"
		    "Số máy tính phục vụ dạy học,Số máy tính phục vụ quản lý,"
		    "Cáp quang,Số giáo viên,Số giáo viên đạt chuẩn CNTT\n");
	for (size_t l = 0; l < 3; l++) {
		const int k = plan[l].schools;

		for (int i = 0; i < k; i++, n++)
			fprintf(fp,
				"S%03d,%s,%.4f,10.05,2016-2017,%d,%d,%d,%s,"
				"%d,%d\n",
				n, plan[l].level, i % 2 ? 106.15 : 106.05,
				200 + 37 * i,
				plan[l].teaching / k +
					(i < plan[l].teaching % k),
				plan[l].mgmt / k + (i < plan[l].mgmt % k),
				i % 3 ? "Có" : "Không", 20 + i, i % 20);
	}
	/* One more school with every figure unknown. */
	fprintf(fp, "S999,Tiểu học,106.05,10.05,2016-2017,,,,,,\n");
	fclose(fp);
	o.year = NULL;
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

static size_t find_level(const sg_table *t, const char *level)
{
	int c = sg_table_col(t, "level");

	for (size_t r = 0; r < sg_table_nrows(t); r++)
		if (strcmp(sg_table_text(t, r, (size_t)c), level) == 0)
			return r;
	fail_msg("no level %s", level);
	return 0;
}

static double at(const sg_table *t, size_t r, const char *col)
{
	return sg_table_real(t, r, (size_t)sg_table_col(t, col));
}

static void test_stats__cuchi_plan_table(void **state)
{
	static const char *const lv[] = { "preschool", "primary",
					  "lower_secondary" };
	sg_stats_options so = SG_STATS_OPTIONS_INIT;
	sg_table *t = NULL;

	(void)state;
	so.by = SG_STATS_BY_LEVEL;
	assert_sg_ok(ctx, sg_stats_ratios(ctx, &so, &t));
	for (size_t l = 0; l < 3; l++) {
		size_t r = find_level(t, lv[l]);
		double m = at(t, r, "management_per_school");
		double te = at(t, r, "teaching_per_school");
		int unknown = l == 1; /* S999 is a primary school */

		assert_true(at(t, r, "schools") == plan[l].schools + unknown);
		assert_true(at(t, r, "computers_management") == plan[l].mgmt);
		assert_true(at(t, r, "computers_teaching") == plan[l].teaching);
		/* Rounded to 2 decimals as the issue gives them, and cut to
		 * one decimal as the plan prints them. */
		assert_true(fabs(round(m * 100) / 100 - plan[l].mgmt_per) <
			    1e-9);
		assert_true(fabs(round(te * 100) / 100 - plan[l].teaching_per) <
			    1e-9);
		assert_true(fabs(floor(m * 10) / 10 - plan[l].mgmt_cut) < 1e-9);
		assert_true(fabs(floor(te * 10) / 10 - plan[l].teaching_cut) <
			    1e-9);
	}
	assert_true(at(t, find_level(t, "primary"), "schools_unknown") == 1);
	sg_table_free(t);
}

/* The roll-up of each unit equals the same figures computed by SQL. */
static void test_stats__rollup_matches_sql(void **state)
{
	sg_table *t = NULL;
	sqlite3_stmt *st;
	int units = 0;

	(void)state;
	assert_sg_ok(ctx, sg_stats_rollup(ctx, NULL, &t));
	assert_int_equal(
		sqlite3_prepare_v2(
			ctx->db,
			"WITH s AS (SELECT w.code AS ward, d.code AS district, "
			"y.students AS st, y.computers_teaching AS ct, "
			"y.computers_management AS cm, y.fibre AS fibre, "
			"y.teachers AS te, y.teachers_it_standard AS ti, CASE "
			"s.levels WHEN 'primary' THEN (y.students + 23) / 24 WHEN "
			"'lower_secondary' THEN (y.students + 15) / 16 END AS need "
			"FROM school_years y JOIN schools s ON s.id = y.school_id "
			"JOIN units w ON w.id = s.unit_id LEFT JOIN units d ON d.id = "
			"w.parent_id), g AS (SELECT ward AS code, * FROM s UNION ALL "
			"SELECT district AS code, * FROM s) "
			"SELECT code, count(*), sum(st), "
			"sum(CASE WHEN ct IS NOT NULL THEN st END) * 1.0 / "
			"sum(CASE WHEN st IS NOT NULL THEN ct END), "
			"100.0 * sum(need <= ct) / count(need IS NOT NULL AND ct IS NOT "
			"NULL AND st IS NOT NULL OR NULL), "
			"sum(CASE WHEN need > ct THEN need - ct ELSE 0 END), "
			"100.0 * sum(fibre) / count(fibre), "
			"100.0 * sum(CASE WHEN te IS NOT NULL THEN ti END) / "
			"sum(CASE WHEN ti IS NOT NULL THEN te END) "
			"FROM g GROUP BY code",
			-1, &st, NULL),
		SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		static const char *const cols[] = {
			"schools",
			"students",
			"students_per_teaching_computer",
			"compliant_pct",
			"computers_missing",
			"fibre_pct",
			"teachers_it_pct"
		};
		const char *code = (const char *)sqlite3_column_text(st, 0);
		size_t r;

		for (r = 0; r < sg_table_nrows(t); r++) {
			const char *c = sg_table_text(t, r, 0);

			if (c && strcmp(c, code) == 0)
				break;
		}
		assert_true(r < sg_table_nrows(t));
		for (int i = 0; i < 7; i++) {
			double want = sqlite3_column_double(st, 1 + i);
			double got = at(t, r, cols[i]);

			if (fabs(got - want) > 1e-9 * fmax(1, fabs(want)))
				fail_msg("%s %s: %.12g, SQL %.12g", code,
					 cols[i], got, want);
		}
		units++;
	}
	sqlite3_finalize(st);
	assert_int_equal(units, 3); /* W1, W2, 783 */
	sg_table_free(t);
}

static void test_stats__no_such_year(void **state)
{
	sg_stats_options so = SG_STATS_OPTIONS_INIT;
	sg_table *t = NULL;

	(void)state;
	so.year = "1999-2000";
	assert_sg_fails(ctx, sg_stats_it(ctx, &so, &t), SG_ENOTFOUND,
			"1999-2000");
	assert_null(t);
}

static void test_stats__rollup_layer(void **state)
{
	sg_table *t = NULL;
	char path[256];
	int64_t n = 0;

	(void)state;
	assert_sg_ok(ctx, sg_stats_rollup(ctx, NULL, &t));
	sg_test_path(path, sizeof(path), "rollup.gpkg");
	assert_sg_ok(ctx,
		     sg_table_export_units(ctx, t, "unit_code", path, false));
	/* Reopened through GDAL via the export test's route: OGR SQL. */
	{
		GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR, NULL, NULL,
					     NULL);
		OGRLayerH l;

		assert_non_null(ds);
		l = GDALDatasetGetLayer(ds, 0);
		n = OGR_L_GetFeatureCount(l, 1);
		assert_int_equal(OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(l),
						      "compliant_pct") >= 0,
				 1);
		GDALClose(ds);
	}
	assert_int_equal(n, 3); /* the total row has no polygon */
	sg_table_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stats__cuchi_plan_table),
		cmocka_unit_test(test_stats__rollup_matches_sql),
		cmocka_unit_test(test_stats__no_such_year),
		cmocka_unit_test(test_stats__rollup_layer),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
