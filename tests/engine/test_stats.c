/*
 * tests/engine/test_stats.c - the statistics on a small district whose
 * every figure is computed by hand in the comments below.
 *
 * Units: city C1 > district D1 > wards W1, W2.
 * Schools (one year, 2016-2017; second year 2017-2018 for trends):
 *   P1 primary, W1: 480 students, 20 teaching + 2 management computers,
 *      1 printer, 1 webcam, fibre yes, website yes, 20 teachers, 15 IT.
 *      needed ceil(480/24) = 20 -> compliant; school-wide 480 / 22 =
 *      21.8 > 20 -> not compliant; equipment ok.
 *   P2 primary, W1: 500 students, 0 teaching, 1 management, 0 printers,
 *      webcams unknown, fibre no, website unknown; 30 teachers, 12 IT.
 *      needed 21 -> "no computers", 21 missing; equipment: 1 management
 *      computer and 1 printer missing, webcams unknown -> not met.
 *   L1 lower secondary, W2: 320 students, 20 + 3 computers, 1, 1; fibre
 *      yes; teachers unknown.  needed 20 -> compliant; 320 / 23 = 13.9
 *      -> school-wide compliant; equipment ok.
 *   M1 primary + lower secondary, W2: 700 students (400 primary, 300
 *      lower), 30 + 2 computers, 1, 1.  needed ceil(400/24) +
 *      ceil(300/16) = 17 + 19 = 36 -> not compliant, 6 missing;
 *      700 / 32 = 21.9 -> not compliant school-wide.
 *   K1 preschool, W2: 200 students, 5 + 2 computers, 1, 1: no level
 *      standard (n/a); 200 / 7 = 28.6 -> not compliant school-wide.
 *   U1 upper secondary, no ward: students unknown, 10 + 2 computers,
 *      1, 1 -> level compliance unknown, school-wide unknown.
 */
#include <math.h>

#include "sg_test.h"
#include "engine/stats.h"
#include "engine/text.h"

#define N 6

static sg_stats_data d;
static const char *codes[N] = { "P1", "P2", "L1", "M1", "K1", "U1" };
static unsigned lv[N] = { SG_LEVEL_PRIMARY,   SG_LEVEL_PRIMARY,
			  SG_LEVEL_LOWER,     SG_LEVEL_PRIMARY | SG_LEVEL_LOWER,
			  SG_LEVEL_PRESCHOOL, SG_LEVEL_UPPER };
static long ward[N] = { 0, 0, 1, 1, 1, -1 };
static const char *ucode[4] = { "W1", "W2", "D1", "C1" };
static int ukind[4] = { 0, 0, 1, 2 };
static long uparent[4] = { 2, 2, 3, -1 };
static const char *years[2] = { "2016-2017", "2017-2018" };
static long row_school[2 * N];
static int row_year[2 * N];
static double f[SG_SF__COUNT][2 * N];

static int setup(void **state)
{
	static const struct {
		sg_sf f;
		double v[N];
	} fig[] = {
		{ SG_SF_STUDENTS, { 480, 500, 320, 700, 200, NAN } },
		{ SG_SF_STUDENTS_PRIMARY, { NAN, NAN, NAN, 400, NAN, NAN } },
		{ SG_SF_STUDENTS_LOWER, { NAN, NAN, NAN, 300, NAN, NAN } },
		{ SG_SF_COMPUTERS_TEACHING, { 20, 0, 20, 30, 5, 10 } },
		{ SG_SF_COMPUTERS_MANAGEMENT, { 2, 1, 3, 2, 2, 2 } },
		{ SG_SF_PRINTERS, { 1, 0, 1, 1, 1, 1 } },
		{ SG_SF_WEBCAMS, { 1, NAN, 1, 1, 1, 1 } },
		{ SG_SF_FIBRE, { 1, 0, 1, NAN, NAN, NAN } },
		{ SG_SF_WEBSITE, { 1, NAN, NAN, NAN, NAN, NAN } },
		{ SG_SF_TEACHERS, { 20, 30, NAN, NAN, NAN, NAN } },
		{ SG_SF_TEACHERS_IT, { 15, 12, NAN, NAN, NAN, NAN } },
	};

	(void)state;
	for (int c = 0; c < SG_SF__COUNT; c++)
		for (int r = 0; r < 2 * N; r++)
			f[c][r] = NAN;
	for (size_t k = 0; k < sizeof(fig) / sizeof(*fig); k++)
		for (int r = 0; r < N; r++) {
			f[fig[k].f][r] = fig[k].v[r];
			/* The second year: 10% more students everywhere. */
			f[fig[k].f][N + r] = fig[k].f == SG_SF_STUDENTS
						     ? fig[k].v[r] * 1.1
						     : fig[k].v[r];
		}
	for (int r = 0; r < 2 * N; r++) {
		row_school[r] = r % N;
		row_year[r] = r / N;
	}
	d.nschools = N;
	d.code = codes;
	d.name = codes;
	d.levels = lv;
	d.ward = ward;
	d.nunits = 4;
	d.ucode = ucode;
	d.uname = ucode;
	d.ukind = ukind;
	d.uparent = uparent;
	d.nyears = 2;
	d.years = years;
	d.nrows = 2 * N;
	d.row_school = row_school;
	d.row_year = row_year;
	for (int c = 0; c < SG_SF__COUNT; c++)
		d.f[c] = f[c];
	return 0;
}

/* The row whose text columns 0..n-1 equal keys (NULL matches NULL). */
static size_t row_of(const sg_table *t, const char *const *keys, int n)
{
	for (size_t r = 0; r < sg_table_nrows(t); r++) {
		int ok = 1;

		for (int k = 0; k < n && ok; k++) {
			const char *v = sg_table_text(t, r, (size_t)k);

			ok = keys[k] ? v && strcmp(v, keys[k]) == 0 : !v;
		}
		if (ok)
			return r;
	}
	fail_msg("no row %s/%s", keys[0] ? keys[0] : "-",
		 n > 3 && keys[3] ? keys[3] : "-");
	return 0;
}

static double at(const sg_table *t, size_t r, const char *col)
{
	int c = sg_table_col(t, col);

	if (c < 0)
		fail_msg("no column %s", col);
	return sg_table_real(t, r, (size_t)c);
}

static const char *text_at(const sg_table *t, size_t r, const char *col)
{
	int c = sg_table_col(t, col);

	if (c < 0)
		fail_msg("no column %s", col);
	return sg_table_text(t, r, (size_t)c);
}

static sg_table *build(sg_stat_kind kind, sg_stats_by by, int year)
{
	sg_standards *s;
	sg_table *t = NULL;
	sg_ctx *ctx = NULL;

	assert_int_equal(sg_ctx_new(&ctx, NULL), SG_OK);
	assert_int_equal(sg_standards_new(&s), SG_OK);
	assert_sg_ok(ctx, sg_stats__build(ctx, &d, s, kind, by, &year, 1, &t));
	sg_standards_free(s);
	sg_ctx_free(ctx);
	return t;
}

static void test_stats__per_school(void **state)
{
	sg_table *t = build(SG_STAT_RATIOS, SG_STATS_BY_SCHOOL, 0);
	static const char *const k[] = { "P2" };
	size_t r;

	(void)state;
	assert_int_equal(sg_table_nrows(t), N);
	r = row_of(t, k, 1);
	assert_string_equal(text_at(t, r, "compliant"), "no computers");
	assert_true(isnan(at(t, r, "students_per_teaching_computer")));
	assert_true(at(t, r, "teaching_needed") == 21);
	assert_true(at(t, r, "computers_missing") == 21);
	assert_true(at(t, r, "cost") == 21 * 12e6);
	assert_true(at(t, r, "management_computers_missing") == 1);
	assert_true(at(t, r, "printers_missing") == 1);
	assert_true(isnan(at(t, r, "webcams_missing")));
	assert_string_equal(text_at(t, r, "equipment_ok"), "no");
	r = row_of(t, (const char *[]){ "M1" }, 1);
	assert_true(at(t, r, "teaching_needed") == 36);
	assert_true(at(t, r, "computers_missing") == 6);
	assert_string_equal(text_at(t, r, "compliant"), "no");
	assert_string_equal(text_at(t, r, "school_wide_compliant"), "no");
	r = row_of(t, (const char *[]){ "P1" }, 1);
	assert_string_equal(text_at(t, r, "compliant"), "yes");
	assert_string_equal(text_at(t, r, "school_wide_compliant"), "no");
	assert_true(at(t, r, "students_per_teaching_computer") == 24);
	r = row_of(t, (const char *[]){ "K1" }, 1);
	assert_string_equal(text_at(t, r, "compliant"), "n/a");
	r = row_of(t, (const char *[]){ "U1" }, 1);
	assert_string_equal(text_at(t, r, "compliant"), "unknown");
	assert_string_equal(text_at(t, r, "school_wide_compliant"), "unknown");
	assert_null(text_at(t, r, "unit_code"));
	sg_table_free(t);
}

static void test_stats__by_level_ratio_of_sums(void **state)
{
	sg_table *t = build(SG_STAT_RATIOS, SG_STATS_BY_LEVEL, 0);
	const char *k[4] = { NULL, NULL, NULL, "primary" };
	size_t r = row_of(t, k, 4);

	(void)state;
	/* primary: P1 and P2 (M1 is multi-level). */
	assert_true(at(t, r, "schools") == 2);
	assert_true(at(t, r, "students") == 980);
	assert_true(at(t, r, "students_per_teaching_computer") == 49);
	assert_true(at(t, r, "compliant_pct") == 50);
	assert_true(at(t, r, "computers_missing") == 21);
	assert_true(at(t, r, "management_per_school") == 1.5);
	k[3] = "all";
	r = row_of(t, k, 4);
	assert_true(at(t, r, "schools") == 6);
	assert_true(at(t, r, "students") == 2200);
	assert_true(at(t, r, "computers_teaching") == 85);
	/* Ratio of sums over schools with both figures: 2200 / 75. */
	assert_true(fabs(at(t, r, "students_per_teaching_computer") -
			 2200.0 / 75) < 1e-12);
	assert_true(at(t, r, "schools_assessed") == 4);
	assert_true(at(t, r, "schools_compliant") == 2);
	assert_true(at(t, r, "schools_unknown") == 1);
	assert_true(at(t, r, "computers_missing") == 27);
	/* School-wide: P1 no, P2 no, L1 yes, M1 no, K1 no; U1 unknown. */
	assert_true(at(t, r, "school_wide_assessed") == 5);
	assert_true(at(t, r, "school_wide_compliant") == 1);
	/* Equipment: all assessed (P2 lacks some: not met), 5 of 6 ok. */
	assert_true(at(t, r, "equipment_assessed") == 6);
	assert_true(at(t, r, "equipment_ok") == 5);
	assert_true(fabs(at(t, r, "equipment_pct") - 500.0 / 6) < 1e-12);
	k[3] = "multi_level";
	assert_true(at(t, row_of(t, k, 4), "computers_missing") == 6);
	sg_table_free(t);
}

static void test_stats__rollup_chain(void **state)
{
	sg_table *t = build(SG_STAT_ROLLUP, SG_STATS_BY_WARD, 0);

	(void)state;
	/* W1: P1 + P2. */
	assert_true(at(t, row_of(t, (const char *[]){ "W1" }, 1), "students") ==
		    980);
	/* W2: L1 + M1 + K1 = 1220 students, 55 teaching computers. */
	assert_true(at(t, row_of(t, (const char *[]){ "W2" }, 1),
		       "computers_teaching") == 55);
	/* D1 and C1: the five schools with a ward. */
	assert_true(at(t, row_of(t, (const char *[]){ "D1" }, 1), "students") ==
		    2200);
	assert_true(at(t, row_of(t, (const char *[]){ "C1" }, 1), "schools") ==
		    5);
	assert_string_equal(text_at(t, row_of(t, (const char *[]){ "W2" }, 1),
				    "parent_code"),
			    "D1");
	/* Total: six schools; fibre 2 of 3 known; IT teachers 27 / 50. */
	{
		size_t r = row_of(t, (const char *[]){ NULL, "Total" }, 2);

		assert_true(at(t, r, "schools") == 6);
		assert_true(fabs(at(t, r, "fibre_pct") - 200.0 / 3) < 1e-12);
		assert_true(at(t, r, "teachers_it_pct") == 54);
	}
	sg_table_free(t);
}

static void test_stats__it_targets_and_gaps(void **state)
{
	sg_table *t = build(SG_STAT_IT, SG_STATS_BY_DISTRICT, 0);
	const char *k[5] = { "D1", "Huyện", "district", "all", "fibre" };
	size_t r;

	(void)state;
	k[1] = "D1"; /* names equal codes in this fixture */
	r = row_of(t, k, 5);
	assert_true(at(t, r, "numerator") == 2);
	assert_true(at(t, r, "denominator") == 3);
	assert_true(at(t, r, "target_pct") == 100);
	assert_true(fabs(at(t, r, "gap_pct") - 100.0 / 3) < 1e-9);
	assert_true(at(t, r, "unknown") == 2);
	k[4] = "teachers_it_standard";
	r = row_of(t, k, 5);
	assert_true(at(t, r, "share_pct") == 54);
	assert_true(at(t, r, "gap_pct") == 16);
	k[4] = "lan";
	r = row_of(t, k, 5);
	assert_true(isnan(at(t, r, "target_pct")));
	sg_table_free(t);
}

static void test_stats__trends(void **state)
{
	sg_standards *s;
	sg_table *t = NULL;
	sg_ctx *ctx = NULL;
	int ys[2] = { 0, 1 };
	const char *k[5] = { "W1", "W1", "ward", "all", "students" };
	size_t r;

	(void)state;
	assert_int_equal(sg_ctx_new(&ctx, NULL), SG_OK);
	assert_int_equal(sg_standards_new(&s), SG_OK);
	assert_sg_ok(ctx, sg_stats__build(ctx, &d, s, SG_STAT_RATIOS,
					  SG_STATS_BY_WARD, ys, 2, &t));
	r = row_of(t, k, 5);
	assert_true(at(t, r, "2016-2017") == 980);
	assert_true(fabs(at(t, r, "2017-2018") - 1078) < 1e-9);
	assert_true(fabs(at(t, r, "change") - 98) < 1e-9);
	sg_table_free(t);
	sg_standards_free(s);
	sg_ctx_free(ctx);
}

static void test_stats__standards_file(void **state)
{
	sg_standards *s = NULL, *s2 = NULL;
	sg_ctx *ctx = NULL;
	char path[256], *text = NULL;
	double v;

	(void)state;
	assert_int_equal(sg_ctx_new(&ctx, NULL), SG_OK);
	sg_test_path(path, sizeof(path), "std.ini");
	sg_test_write(path, "; local standards\n[ratios]\nprimary = 20\n"
			    "preschool = 30 ; our choice\n[targets]\nlan = 80\n"
			    "fibre = none\n");
	assert_sg_ok(ctx, sg_standards_load(ctx, path, &s));
	assert_true(sg_standards_get(s, "ratios.primary", &v) && v == 20);
	assert_true(sg_standards_get(s, "ratios.preschool", &v) && v == 30);
	assert_false(sg_standards_get(s, "targets.fibre", &v));
	assert_true(sg_standards_get(s, "ratios.lower_secondary", &v) &&
		    v == 16);
	/* The formatted set loads back to the same values. */
	assert_int_equal(sg_standards_format(s, &text), SG_OK);
	sg_test_write(path, text);
	assert_sg_ok(ctx, sg_standards_load(ctx, path, &s2));
	assert_true(sg_standards_get(s2, "targets.lan", &v) && v == 80);
	assert_false(sg_standards_get(s2, "targets.fibre", &v));
	sg_free(text);
	sg_standards_free(s2);
	sg_test_write(path, "[ratios]\nprimary = many\n");
	assert_sg_fails(ctx, sg_standards_load(ctx, path, &s2), SG_EINVALID,
			"std.ini:2: ratios.primary: not a positive number");
	sg_test_write(path, "[ratio]\nprimary = 3\n");
	assert_sg_fails(ctx, sg_standards_load(ctx, path, &s2), SG_EINVALID,
			"unknown standard 'ratio.primary'");
	sg_standards_free(s);
	sg_ctx_free(ctx);
}

static int teardown(void **state)
{
	(void)state;
	sg_test_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stats__per_school),
		cmocka_unit_test(test_stats__by_level_ratio_of_sums),
		cmocka_unit_test(test_stats__rollup_chain),
		cmocka_unit_test(test_stats__it_targets_and_gaps),
		cmocka_unit_test(test_stats__trends),
		cmocka_unit_test(test_stats__standards_file),
	};
	int rc;

	sg_global_init();
	rc = cmocka_run_group_tests(tests, setup, teardown);
	sg_global_shutdown();
	return rc;
}
