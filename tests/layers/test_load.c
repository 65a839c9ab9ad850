/*
 * tests/layers/test_load.c - the loaders of layers/load.h on a small
 * store built here: the year rule (and its one exception, carried
 * seats) against figures written by hand in the imported files, scopes
 * with and without their margin, population of each unit's latest
 * census, units with their parents; and a stored run read back through
 * the runs loader equals what the command returned (checked a second
 * way by counting the rows it wrote).
 */
#include <math.h>

#include "engine/text.h"
#include "layers/load.h"
#include "layers/runs.h"
#include "schoolgis/catchment.h"
#include "sg_db_test.h"
#include "sg_fixture_wards.h"

/* 2018-2019: three schools with seats.  2019-2020: P1 without seats,
 * P2 absent (unknown that year), L1 with seats. */
static const char schools_2018[] =
	"code,name,levels,lon,lat,students,classes,"
	"Chỉ tiêu tuyển sinh đầu cấp\n"
	"P1,Tiểu học Một,primary,106.505,10.9045,100,4,35\n"
	"P2,Tiểu học Hai,primary,106.515,10.9045,50,2,20\n"
	"L1,THCS Ba,lower_secondary,106.605,10.9045,300,8,90\n";
static const char schools_2019[] =
	"code,name,levels,lon,lat,students,classes,"
	"Chỉ tiêu tuyển sinh đầu cấp\n"
	"P1,Tiểu học Một,primary,106.505,10.9045,120,4,\n"
	"L1,THCS Ba,lower_secondary,106.605,10.9045,310,8,95\n";

static sg_ctx *fixture(const char *name)
{
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_import_summary s;
	sg_ctx *ctx = sg_fixture_wards_store(name);

	o.year = "2018-2019";
	assert_sg_ok(ctx, sg_test_import(ctx, SG_IMPORT_SCHOOLS, "s2018.csv",
					 schools_2018, &o, &s));
	o.year = "2019-2020";
	assert_sg_ok(ctx, sg_test_import(ctx, SG_IMPORT_SCHOOLS, "s2019.csv",
					 schools_2019, &o, &s));
	return ctx;
}

#define FIG(s, f, i) ((s).fig[SG_FIG_##f][i])

static void test_load__year_rule(void **state)
{
	sg_ctx *ctx = fixture("load_year.sqlite");
	sg_school_query q = { .levels = SG_LEVEL_PRIMARY, .year = "2019-2020" };
	sg_schools s;

	(void)state;
	/* The year asked: P2 has no row, so its figures are unknown (not
	 * 2018-2019's); P1's seats are unknown that year. */
	assert_sg_ok(ctx, sg_load__schools(ctx, "t", &q, &s));
	assert_int_equal(s.n, 2);
	assert_string_equal(s.code[0], "P1");
	assert_string_equal(s.code[1], "P2");
	assert_string_equal(s.year[0], "2019-2020");
	assert_true(FIG(s, STUDENTS, 0) == 120);
	assert_true(FIG(s, CLASSES, 0) == 4);
	assert_true(isnan(FIG(s, SEATS_ENTRY_GRADE, 0)));
	assert_null(s.year[1]);
	assert_true(isnan(FIG(s, STUDENTS, 1)));
	assert_true(s.levels[0] == SG_LEVEL_PRIMARY);
	assert_string_equal(s.levels_text[0], "primary");
	assert_string_equal(s.unit_code[0], "A");
	assert_string_equal(s.unit_code[1], "C");
	assert_true(fabs(s.lon[1] - 106.515) < 1e-12);
	assert_true(fabs(s.lat[1] - 10.9045) < 1e-12);
	sg_load__schools_free(&s);
	assert_int_equal(s.n, 0);

	/* No year: each school's latest row. */
	q.year = NULL;
	assert_sg_ok(ctx, sg_load__schools(ctx, "t", &q, &s));
	assert_int_equal(s.n, 2);
	assert_string_equal(s.year[0], "2019-2020");
	assert_string_equal(s.year[1], "2018-2019");
	assert_true(FIG(s, STUDENTS, 1) == 50);
	sg_load__schools_free(&s);

	/* The exception: seats carried from the latest earlier row. */
	q.year = "2019-2020";
	q.carry_seats = 1;
	q.levels = 0;
	assert_sg_ok(ctx, sg_load__schools(ctx, "t", &q, &s));
	assert_int_equal(s.n, 3);
	assert_string_equal(s.code[0], "L1");
	assert_string_equal(s.year[0], "2019-2020");
	assert_true(FIG(s, SEATS_ENTRY_GRADE, 0) == 95);
	assert_string_equal(s.year[1], "2018-2019");
	assert_true(FIG(s, SEATS_ENTRY_GRADE, 1) == 35);
	assert_true(FIG(s, SEATS_ENTRY_GRADE, 2) == 20);
	sg_load__schools_free(&s);

	/* A year no school has. */
	q.carry_seats = 0;
	q.year = "2030-2031";
	assert_sg_ok(ctx, sg_load__schools(ctx, "t", &q, &s));
	assert_int_equal(s.n, 3);
	for (size_t i = 0; i < s.n; i++)
		assert_null(s.year[i]);
	sg_load__schools_free(&s);
	q.require_year = 1;
	assert_int_equal(sg_load__schools(ctx, "t", &q, &s), SG_ENOTFOUND);
	assert_int_equal(s.n, 0);
	assert_int_equal(sg_load__fig_students_of(SG_LEVEL_LOWER),
			 SG_FIG_STUDENTS_LOWER_SECONDARY);
	assert_string_equal(sg_load__fig_name(SG_FIG_BANDWIDTH_MBPS),
			    "bandwidth_mbps");
	sg_ctx_free(ctx);
}

static void test_load__scope(void **state)
{
	sg_ctx *ctx = fixture("load_scope.sqlite");
	sg_scope *sc = NULL;
	sg_school_query q = { 0 };
	sg_schools s;
	sg_units_list u;
	int64_t set;

	(void)state;
	/* Ward A with 2 km around it: P2 (in C, 1 km away) is within the
	 * margin, L1 (in B, 10 km away) is not. */
	assert_sg_ok(ctx, sg_scope__open(ctx, "t", "A", 2000, &sc));
	q.scope = sc;
	assert_sg_ok(ctx, sg_load__schools(ctx, "t", &q, &s));
	assert_int_equal(s.n, 1);
	assert_string_equal(s.code[0], "P1");
	assert_int_equal(s.margin[0], 0);
	sg_load__schools_free(&s);
	q.reach = 1;
	assert_sg_ok(ctx, sg_load__schools(ctx, "t", &q, &s));
	assert_int_equal(s.n, 2);
	assert_string_equal(s.code[1], "P2");
	assert_int_equal(s.margin[0], 0);
	assert_int_equal(s.margin[1], 1);
	sg_load__schools_free(&s);
	/* The scope's units; the store's. */
	assert_sg_ok(ctx, sg_load__units(ctx, "t", sc, 0, NULL, 1, &u));
	assert_int_equal(u.n, 1);
	assert_string_equal(u.code[0], "A");
	assert_non_null(u.geom_wkb[0]);
	assert_true(u.geom_len[0] > 0);
	sg_load__units_free(&u);
	assert_sg_ok(ctx, sg_load__units(ctx, "t", NULL, 0, "ward", 0, &u));
	assert_int_equal(u.n, 3);
	assert_string_equal(u.code[0], "A");
	assert_string_equal(u.code[1], "B");
	assert_string_equal(u.code[2], "C");
	assert_null(u.geom_wkb);
	for (size_t i = 0; i < u.n; i++)
		assert_int_equal(u.parent[i], -1);
	set = u.set_id[0];
	sg_load__units_free(&u);
	/* Of one administrative set: the same wards; of another, none. */
	assert_sg_ok(ctx, sg_load__units(ctx, "t", NULL, set, "ward", 0, &u));
	assert_int_equal(u.n, 3);
	sg_load__units_free(&u);
	assert_sg_ok(ctx,
		     sg_load__units(ctx, "t", NULL, set + 1, "ward", 0, &u));
	assert_int_equal(u.n, 0);
	sg_load__units_free(&u);
	sg_scope_free(sc);
	sg_ctx_free(ctx);
}

/* A SpatiaLite point blob written by hand in big-endian order (the
 * format allows either; SpatiaLite itself writes the host's order). */
static size_t be_point(unsigned char *b, double x, double y)
{
	const double v[6] = { x, y, x, y, x, y };
	size_t n = 0;

	b[n++] = 0x00;
	b[n++] = 0x00; /* big endian */
	b[n++] = 0x00, b[n++] = 0x00, b[n++] = 0x10, b[n++] = 0xE6; /* 4326 */
	for (int k = 0; k < 6; k++) {
		unsigned char d[8];

		if (k == 4) {
			b[n++] = 0x7C;
			b[n++] = 0, b[n++] = 0, b[n++] = 0,
			b[n++] = 1; /* POINT */
		}
		memcpy(d, &v[k], 8);
		for (int i = 7; i >= 0; i--)
			b[n++] = d[i];
	}
	b[n++] = 0xFE;
	return n;
}

/* The schools' points read from the blob equal SpatiaLite's X() and
 * Y() to the bit, whatever the blob's byte order, and the rows come by
 * code though the table holds them in another order. */
static void test_load__points_and_order(void **state)
{
	sg_ctx *ctx = fixture("load_points.sqlite");
	sg_school_query q = { 0 };
	sqlite3_stmt *st;
	unsigned char blob[64];
	size_t len = be_point(blob, 106.51234567890123, 10.90987654321098);
	sg_schools s;
	size_t n = 0;

	(void)state;
	assert_int_equal(len, 60);
	assert_int_equal(
		sqlite3_prepare_v2(ctx->db,
				   "INSERT INTO schools (code, name, levels, "
				   "geom) VALUES (?1, 'x', 'primary', ?2)",
				   -1, &st, NULL),
		SQLITE_OK);
	/* Codes inserted after P1, P2, L1 that sort before and between
	 * them; one without a location. */
	sqlite3_bind_text(st, 1, "A9", -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, blob, (int)len, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, "M0", -1, SQLITE_STATIC);
	sqlite3_bind_null(st, 2);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	assert_true(q_int(ctx, "SELECT count(*) FROM schools WHERE "
			       "hex(substr(geom, 2, 1)) = '00'") == 1);

	assert_sg_ok(ctx, sg_load__schools(ctx, "t", &q, &s));
	assert_int_equal(s.n, 5);
	assert_int_equal(sqlite3_prepare_v2(ctx->db,
					    "SELECT code, X(geom), Y(geom) "
					    "FROM schools ORDER BY code",
					    -1, &st, NULL),
			 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		assert_true(n < s.n);
		assert_string_equal(s.code[n], sqlite3_column_text(st, 0));
		if (sqlite3_column_type(st, 1) == SQLITE_NULL) {
			assert_true(isnan(s.lon[n]) && isnan(s.lat[n]));
		} else {
			assert_true(s.lon[n] == sqlite3_column_double(st, 1));
			assert_true(s.lat[n] == sqlite3_column_double(st, 2));
		}
		n++;
	}
	sqlite3_finalize(st);
	assert_int_equal(n, 5);
	assert_string_equal(s.code[0], "A9");
	assert_true(s.lon[0] == 106.51234567890123);
	assert_true(s.lat[0] == 10.90987654321098);
	assert_string_equal(s.code[2], "M0");
	assert_true(isnan(s.lon[2]));
	/* The other columns moved with their code. */
	assert_string_equal(s.code[1], "L1");
	assert_true(FIG(s, STUDENTS, 1) == 310);
	assert_string_equal(s.unit_code[1], "B");
	assert_string_equal(s.code[4], "P2");
	assert_true(FIG(s, STUDENTS, 4) == 50);
	assert_string_equal(s.year[4], "2018-2019");
	sg_load__schools_free(&s);
	sg_ctx_free(ctx);
}

static void test_load__population(void **state)
{
	sg_ctx *ctx = fixture("load_pop.sqlite");
	sg_population p;
	int64_t a = q_int(ctx, "SELECT id FROM units WHERE code = 'A'");
	int64_t b = q_int(ctx, "SELECT id FROM units WHERE code = 'B'");
	double sum = 0;

	(void)state;
	/* Each unit's latest census: A's three 2019 bands, not 2009's. */
	assert_sg_ok(ctx, sg_load__population(ctx, "t", NULL, NULL, &p));
	assert_int_equal(p.n, 5);
	for (size_t i = 0; i < p.n; i++) {
		assert_string_equal(p.year[i], "2019");
		if (p.unit_id[i] == a)
			sum += p.count[i];
	}
	assert_true(sum == 1500 + 50 + 120);
	assert_true(sg_load__population_total(&p, a) == 1500);
	assert_true(sg_load__population_total(&p, b) == 1000);
	assert_true(isnan(sg_load__population_total(&p, -7)));
	sg_load__population_free(&p);
	assert_sg_ok(ctx, sg_load__population(ctx, "t", NULL, "2009", &p));
	assert_int_equal(p.n, 1);
	assert_true(p.unit_id[0] == a && p.count[0] == 999);
	assert_int_equal(p.age_from[0], 6);
	assert_int_equal(p.age_to[0], 10);
	sg_load__population_free(&p);
	sg_ctx_free(ctx);
}

/* A stored run read back through the runs loader equals what the
 * command returned; the rows it wrote, counted in SQL, agree. */
static void test_load__run_read_back(void **state)
{
	sg_ctx *ctx = fixture("load_run.sqlite");
	sg_catchment_options o = SG_CATCHMENT_OPTIONS_INIT;
	sg_catchment_summary s;
	sg_run_rec r, latest;
	sg_results res;
	char sql[160];
	double v;
	long k;

	(void)state;
	o.level = "primary";
	o.method = SG_CATCHMENT_DISTANCE;
	o.max_distance = 1500;
	o.year = "2019-2020";
	assert_sg_ok(ctx, sg_catchment_compute(ctx, &o, &s));
	assert_true(s.run_id > 0);
	assert_sg_ok(ctx, sg_load__run(ctx, "t", s.run_id, NULL, &r));
	assert_sg_ok(ctx, sg_load__run(ctx, "t", 0, "catchments", &latest));
	assert_true(latest.id == s.run_id);
	sg_load__run_free(&latest);
	assert_string_equal(r.command, "catchments");
	assert_non_null(r.started_at);
	assert_non_null(r.finished_at);
	assert_non_null(r.versions);
	assert_int_equal(sg_load__run_num(&r, 1, "max_distance_m", &v), 0);
	assert_true(v == 1500);
	assert_int_equal(sg_load__run_num(&r, 0, SG_RESULT_SCHOOLS, &v), 0);
	assert_true(v == (double)s.schools);
	assert_int_equal(sg_load__run_num(&r, 0, "catchments", &v), 0);
	assert_true(v == (double)s.catchments);
	assert_int_equal(sg_load__run_num(&r, 0, SG_RESULT_UNSERVED_AREAS, &v),
			 0);
	assert_true(v == (double)s.unserved_areas);
	assert_int_equal(sg_load__run_num(&r, 0, SG_RESULT_POPULATION, &v), 0);
	assert_true(fabs(v - s.population) <= 1e-9 * fabs(s.population));
	assert_int_equal(sg_load__run_num(&r, 0, "no such member", &v), -1);
	assert_true(isnan(v));
	/* The summary rows of `results`: the same figures, exact. */
	assert_sg_ok(ctx, sg_load__results(ctx, "t", s.run_id,
					   SG_RESULT_SUMMARY, &res));
	assert_true(res.n >= 10);
	k = sg_load__results_find(&res, SG_RESULT_SUMMARY, SG_RESULT_SCHOOLS);
	assert_true(k >= 0 && res.num[k] == (double)s.schools);
	k = sg_load__results_find(&res, SG_RESULT_SUMMARY, "seats");
	assert_true(k >= 0 && res.num[k] == s.seats);
	k = sg_load__results_find(&res, SG_RESULT_SUMMARY,
				  SG_RESULT_STUDY_AREA_KM2);
	assert_true(k >= 0 && res.num[k] == s.study_area_km2);
	k = sg_load__results_find(&res, SG_RESULT_SUMMARY,
				  SG_RESULT_UNSERVED_POPULATION);
	assert_true(k >= 0 && res.num[k] == s.unserved_population);
	sg_load__results_free(&res);
	/* A prefix, and all of the run's rows. */
	assert_sg_ok(ctx, sg_load__results(ctx, "t", s.run_id, "summ%", &res));
	assert_true(res.n >= 10);
	sg_load__results_free(&res);
	assert_sg_ok(ctx, sg_load__results(ctx, "t", s.run_id, NULL, &res));
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM results WHERE run_id = %lld",
		 (long long)s.run_id);
	assert_true((int64_t)res.n == q_int(ctx, sql));
	sg_load__results_free(&res);
	/* The rows of the run, counted a second way. */
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM catchments WHERE run_id = %lld AND "
		 "school_id IS NOT NULL",
		 (long long)s.run_id);
	assert_true(q_int(ctx, sql) == s.catchments);
	sg_load__run_free(&r);
	assert_int_equal(sg_load__run(ctx, "t", 999999, NULL, &r),
			 SG_ENOTFOUND);
	assert_int_equal(sg_load__run(ctx, "t", 0, "no such command", &r),
			 SG_ENOTFOUND);
	sg_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load__year_rule),
		cmocka_unit_test(test_load__scope),
		cmocka_unit_test(test_load__population),
		cmocka_unit_test(test_load__points_and_order),
		cmocka_unit_test(test_load__run_read_back),
	};

	return cmocka_run_group_tests(tests, sg_test_setup, sg_test_teardown);
}
