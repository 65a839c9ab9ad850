/*
 * tests/results/results_check.c - the typed results (sg_stats_result,
 * sg_coverage_result) agree, row for row and figure for figure, with the
 * tables of sg_stats_ratios, sg_stats_it, sg_stats_rollup and
 * sg_coverage_compute, and their group figures equal sums of their own
 * school figures computed here.  Public API only.
 *
 * Usage: results_check DB [UNIT]; prints one line per question, exits 1
 * when a figure differs (the first differences on stderr).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schoolgis/coverage.h"
#include "schoolgis/schoolgis.h"

#include "check.h"
#include "schoolgis/stats.h"

static int fails, checked;

#define CHECK(cond, ...)                                                       \
	do {                                                                   \
		checked++;                                                     \
		if (!(cond)) {                                                 \
			if (fails++ < 20) {                                    \
				fprintf(stderr, __VA_ARGS__);                  \
				fputc('\n', stderr);                           \
			}                                                      \
		}                                                              \
	} while (0)

static double cell(const sg_table *t, size_t r, const char *col)
{
	int c = sg_table_col(t, col);

	return c < 0 ? -12345.0 : sg_table_real(t, r, (size_t)c);
}

static const char *text(const sg_table *t, size_t r, const char *col)
{
	int c = sg_table_col(t, col);

	return c < 0 ? "(no column)" : sg_table_text(t, r, (size_t)c);
}

static void die(sg_ctx *ctx, const char *what)
{
	fprintf(stderr, "%s: %s\n", what, sg_ctx_errmsg(ctx));
	exit(2);
}

/* Groups of `by` and the IT rows, year position y of r, against the
 * tables. */
static void check_groups(const sg_stats_result *r, size_t y, const sg_table *t,
			 const sg_table *it)
{
	size_t row = 0, irow = 0;

	for (size_t g = 0; g < sg_stats_result_ngroups(r); g++) {
		if (sg_stats_group_value(r, y, g, SG_STATS_FIG_SCHOOLS) == 0)
			continue;
		CHECK(row < sg_table_nrows(t),
		      "ratios: fewer rows than groups");
		if (row >= sg_table_nrows(t))
			return;
		CHECK(same_text(text(t, row, "unit_code"),
				sg_stats_group_unit_code(r, g)) &&
			      same_text(text(t, row, "unit_name"),
					sg_stats_group_unit_name(r, g)) &&
			      same_text(text(t, row, "unit_kind"),
					sg_stats_group_unit_kind(r, g)) &&
			      same_text(text(t, row, "level"),
					sg_stats_group_level(r, g)),
		      "ratios row %zu: not group %zu", row, g);
		for (int f = 0; f <= SG_STATS_FIG_WEBCAMS_MISSING; f++) {
			const char *n = sg_stats_figure_name(
				(sg_stats_figure)f);

			CHECK(same(cell(t, row, n),
				   sg_stats_group_value(r, y, g,
							(sg_stats_figure)f)),
			      "ratios row %zu %s: table %g, getter %g", row, n,
			      cell(t, row, n),
			      sg_stats_group_value(r, y, g,
						   (sg_stats_figure)f));
		}
		for (int i = 0; i < SG_STATS_IT__COUNT; i++, irow++) {
			static const char *const fn[SG_STATS_ITF__COUNT] = {
				"numerator",  "denominator", "share_pct",
				"target_pct", "gap_pct",     "unknown"
			};

			CHECK(irow < sg_table_nrows(it) &&
				      same_text(text(it, irow, "indicator"),
						sg_stats_it_name(
							(sg_stats_it_indicator)
								i)) &&
				      same_text(text(it, irow, "unit_code"),
						sg_stats_group_unit_code(r, g)),
			      "it row %zu: not group %zu indicator %d", irow, g,
			      i);
			for (int f = 0; f < SG_STATS_ITF__COUNT; f++)
				CHECK(same(cell(it, irow, fn[f]),
					   sg_stats_group_it(
						   r, y, g,
						   (sg_stats_it_indicator)i,
						   (sg_stats_it_field)f)),
				      "it row %zu %s differs", irow, fn[f]);
		}
		row++;
	}
	CHECK(row == sg_table_nrows(t), "ratios: %zu rows, %zu groups",
	      sg_table_nrows(t), row);
	CHECK(irow == sg_table_nrows(it), "it: %zu rows, %zu expected",
	      sg_table_nrows(it), irow);
}

/* Whether school i counts in group g (its ward is the group's unit or
 * below it, and its levels are the group's). */
static int in_group(const sg_stats_result *r, size_t g, size_t i)
{
	const char *gu = sg_stats_group_unit_code(r, g);
	const char *lv = sg_stats_group_level(r, g);
	const char *sl = sg_stats_school_levels(r, i);
	const char *u = sg_stats_school_unit_code(r, i);
	size_t k;

	if (strcmp(lv, "all") != 0 &&
	    !(strcmp(lv, "multi_level") == 0 ? strchr(sl, ',') != NULL
					     : strcmp(lv, sl) == 0))
		return 0;
	if (sg_stats_result_by(r) == SG_STATS_BY_LEVEL)
		return 1;
	/* Walk up from the school's ward. */
	while (u && gu) {
		if (strcmp(u, gu) == 0)
			return 1;
		if (!sg_stats_unit_find(r, u, &k))
			return 0;
		u = sg_stats_unit_parent_code(r, k);
	}
	return 0;
}

/* Group figures from the schools' own figures: schools, students,
 * compliant and missing computers, summed here. */
static void check_sums(const sg_stats_result *r, size_t y)
{
	for (size_t g = 0; g < sg_stats_result_ngroups(r); g++) {
		double n = 0, students = 0, known = 0, ok = 0, missing = 0;

		if (!sg_stats_group_unit_code(r, g) &&
		    sg_stats_result_by(r) != SG_STATS_BY_LEVEL)
			continue; /* "no unit": not walked here */
		for (size_t i = 0; i < sg_stats_result_nschools(r); i++) {
			sg_stats_check c;
			double v;

			if (!sg_stats_school_has_year(r, y, i) ||
			    !in_group(r, g, i))
				continue;
			n++;
			v = sg_stats_school_value(r, y, i,
						  SG_STATS_SCHOOL_STUDENTS);
			if (!isnan(v)) {
				students += v;
				known++;
			}
			c = sg_stats_school_check(r, y, i, SG_STATS_COMPLIANT);
			ok += c == SG_STATS_CHECK_YES;
			if (c >= SG_STATS_CHECK_YES)
				missing += sg_stats_school_value(
					r, y, i,
					SG_STATS_SCHOOL_COMPUTERS_MISSING);
		}
		CHECK(n == sg_stats_group_value(r, y, g, SG_STATS_FIG_SCHOOLS),
		      "group %zu (%s %s): %g schools summed, %g", g,
		      sg_stats_group_unit_code(r, g),
		      sg_stats_group_level(r, g), n,
		      sg_stats_group_value(r, y, g, SG_STATS_FIG_SCHOOLS));
		CHECK(same(known ? students : NAN,
			   sg_stats_group_value(r, y, g,
						SG_STATS_FIG_STUDENTS)),
		      "group %zu: students %g summed, %g", g, students,
		      sg_stats_group_value(r, y, g, SG_STATS_FIG_STUDENTS));
		CHECK(ok == sg_stats_group_value(
				    r, y, g, SG_STATS_FIG_SCHOOLS_COMPLIANT),
		      "group %zu: compliant %g summed", g, ok);
		CHECK(fabs(missing -
			   sg_stats_group_value(
				   r, y, g, SG_STATS_FIG_COMPUTERS_MISSING)) <
			      1e-9,
		      "group %zu: missing %g summed", g, missing);
	}
}

/* The roll-up (year position y) against its table. */
static void check_rollup(const sg_stats_result *r, size_t y, const sg_table *t)
{
	size_t rows = 0, total = 0;

	for (size_t row = 0; row < sg_table_nrows(t); row++) {
		const char *code = text(t, row, "unit_code");
		size_t u = 0;
		int is_total = code == NULL;

		CHECK(is_total || sg_stats_unit_find(r, code, &u),
		      "rollup: unit %s not in the result", code);
		if (!is_total)
			CHECK(same_text(text(t, row, "parent_code"),
					sg_stats_unit_parent_code(r, u)) &&
				      same_text(text(t, row, "unit_name"),
						sg_stats_unit_name(r, u)),
			      "rollup %s: parent or name differs", code);
		total += is_total;
		for (int f = 0; f < SG_STATS_FIG__COUNT; f++) {
			const char *n = sg_stats_figure_name(
				(sg_stats_figure)f);
			double got = is_total
					     ? sg_stats_total_value(
						       r, y, (sg_stats_figure)f)
					     : sg_stats_unit_value(
						       r, y, u,
						       (sg_stats_figure)f);

			if (sg_table_col(t, n) < 0)
				continue;
			CHECK(same(cell(t, row, n), got),
			      "rollup %s %s: table %g, getter %g",
			      code ? code : "Total", n, cell(t, row, n), got);
		}
	}
	for (size_t u = 0; u < sg_stats_result_nunits(r); u++)
		rows += strcmp(sg_stats_unit_kind(r, u), "ward") != 0 ||
			sg_stats_unit_value(r, y, u, SG_STATS_FIG_SCHOOLS) > 0;
	CHECK(total == 1 && rows + 1 == sg_table_nrows(t),
	      "rollup: %zu rows, %zu units listed", sg_table_nrows(t), rows);
}

/* Per school (year position y) against the by-school tables. */
static void check_schools(const sg_stats_result *r, size_t y, const sg_table *t,
			  const sg_table *it)
{
	size_t n = 0;

	for (size_t i = 0; i < sg_stats_result_nschools(r); i++)
		n += sg_stats_school_has_year(r, y, i);
	CHECK(n == sg_table_nrows(t) && n == sg_table_nrows(it),
	      "schools: %zu with figures, %zu rows", n, sg_table_nrows(t));
	for (size_t row = 0; row < sg_table_nrows(t); row++) {
		static const char *const checks[3] = { "compliant",
						       "school_wide_compliant",
						       "equipment_ok" };
		const char *code = text(t, row, "school_code");
		size_t i = 0;

		CHECK(sg_stats_school_find(r, code, &i) &&
			      sg_stats_school_has_year(r, y, i),
		      "school %s: not in the result", code);
		CHECK(same_text(text(t, row, "school_name"),
				sg_stats_school_name(r, i)) &&
			      same_text(text(t, row, "levels"),
					sg_stats_school_levels(r, i)) &&
			      same_text(text(t, row, "unit_code"),
					sg_stats_school_unit_code(r, i)),
		      "school %s: texts differ", code);
		for (int f = 0; f < SG_STATS_SCHOOL__COUNT; f++) {
			const char *nm = sg_stats_school_figure_name(
				(sg_stats_school_figure)f);
			const sg_table *tt = sg_table_col(t, nm) >= 0 ? t : it;
			size_t rr = tt == t ? row : 0;

			if (tt == it) { /* the IT table's row of the school */
				for (rr = 0; rr < sg_table_nrows(it); rr++)
					if (same_text(text(it, rr,
							   "school_code"),
						      code))
						break;
			}
			CHECK(same(cell(tt, rr, nm),
				   sg_stats_school_value(
					   r, y, i, (sg_stats_school_figure)f)),
			      "school %s %s: table %g, getter %g", code, nm,
			      cell(tt, rr, nm),
			      sg_stats_school_value(r, y, i,
						    (sg_stats_school_figure)f));
		}
		for (int k = 0; k < 3; k++)
			CHECK(same_text(
				      text(t, row, checks[k]),
				      sg_stats_check_name(sg_stats_school_check(
					      r, y, i,
					      (sg_stats_check_kind)k))),
			      "school %s %s differs", code, checks[k]);
		for (size_t rr = 0; rr < sg_table_nrows(it); rr++) {
			if (!same_text(text(it, rr, "school_code"), code))
				continue;
			for (int ind = 0; ind < SG_STATS_IT_TEACHERS; ind++) {
				sg_stats_check c = sg_stats_school_it(
					r, y, i, (sg_stats_it_indicator)ind);

				CHECK(same_text(
					      text(it, rr,
						   sg_stats_it_name(
							   (sg_stats_it_indicator)
								   ind)),
					      c == SG_STATS_CHECK_UNKNOWN
						      ? NULL
						      : sg_stats_check_name(c)),
				      "school %s IT %d differs", code, ind);
			}
		}
	}
}

static void stats(sg_ctx *ctx, const char *unit, sg_stats_by by,
		  const char *year)
{
	sg_stats_options o = SG_STATS_OPTIONS_INIT;
	sg_stats_result *r = NULL;
	sg_table *t = NULL, *it = NULL, *roll = NULL;
	int before = checked, bad = fails;

	o.unit = unit;
	o.by = by;
	o.year = year;
	if (sg_stats_compute(ctx, &o, &r) != SG_OK)
		die(ctx, "sg_stats_compute");
	if (sg_stats_ratios(ctx, &o, &t) != SG_OK ||
	    sg_stats_it(ctx, &o, &it) != SG_OK ||
	    sg_stats_rollup(ctx, &o, &roll) != SG_OK)
		die(ctx, "stats tables");
	CHECK(sg_stats_result_nyears(r) == 1, "one year");
	if (by == SG_STATS_BY_SCHOOL) {
		check_schools(r, 0, t, it);
	} else {
		check_groups(r, 0, t, it);
		check_sums(r, 0);
	}
	check_rollup(r, 0, roll);
	printf("stats unit %s by %d year %s: %zu groups, %zu schools, "
	       "%d figures compared, %d differ\n",
	       unit ? unit : "(all)", (int)by, year ? year : "(latest)",
	       sg_stats_result_ngroups(r), sg_stats_result_nschools(r),
	       checked - before, fails - bad);
	sg_table_free(t);
	sg_table_free(it);
	sg_table_free(roll);
	sg_stats_result_free(r);
}

/* Trends: the roll-up's table of every year against the getters. */
static void trends(sg_ctx *ctx, const char *unit)
{
	sg_stats_options o = SG_STATS_OPTIONS_INIT;
	sg_stats_result *r = NULL;
	sg_table *t = NULL;
	int before = checked, bad = fails;

	o.unit = unit;
	o.years = "0000..9999";
	if (sg_stats_compute(ctx, &o, &r) != SG_OK ||
	    sg_stats_rollup(ctx, &o, &t) != SG_OK)
		die(ctx, "trends");
	CHECK(sg_stats_result_nyears(r) >= 2, "trends need two years");
	for (size_t row = 0; row < sg_table_nrows(t); row++) {
		const char *code = text(t, row, "unit_code");
		sg_stats_figure f;
		size_t u = 0;

		if (!sg_stats_figure_parse(text(t, row, "indicator"), &f)) {
			CHECK(0, "trends: indicator %s",
			      text(t, row, "indicator"));
			continue;
		}
		if (code && !sg_stats_unit_find(r, code, &u))
			CHECK(0, "trends: unit %s", code);
		for (size_t y = 0; y < sg_stats_result_nyears(r); y++) {
			const char *yn = sg_stats_result_year(r, y);
			int empty = code &&
				    !strcmp(sg_stats_unit_kind(r, u), "ward") &&
				    sg_stats_unit_value(r, y, u,
							SG_STATS_FIG_SCHOOLS) ==
					    0;
			double want = !code   ? sg_stats_total_value(r, y, f)
				      : empty ? NAN
					      : sg_stats_unit_value(r, y, u, f);

			CHECK(same(cell(t, row, yn), want),
			      "trends %s %s %s: table %g, getter %g",
			      code ? code : "Total", sg_stats_figure_name(f),
			      yn, cell(t, row, yn), want);
		}
	}
	printf("trends unit %s: %zu years, %d figures compared, %d differ\n",
	       unit ? unit : "(all)", sg_stats_result_nyears(r),
	       checked - before, fails - bad);
	sg_table_free(t);
	sg_stats_result_free(r);
}

static void coverage(sg_ctx *ctx, const char *unit, const char *level)
{
	sg_coverage_options o = SG_COVERAGE_OPTIONS_INIT;
	sg_coverage_result *r = NULL;
	sg_table *u = NULL, *s = NULL, *x = NULL;
	sg_coverage_summary sum;
	const sg_coverage_summary *rs;
	double children = 0, over = 0;
	int before = checked, bad = fails;

	o.level = level;
	o.unit = unit;
	if (sg_coverage_compute_result(ctx, &o, &r) != SG_OK ||
	    sg_coverage_compute(ctx, &o, &u, &s, &x, &sum) != SG_OK)
		die(ctx, "coverage");
	rs = sg_coverage_result_summary(r);
	CHECK(same(rs->children, sum.children) &&
		      same(rs->within_pct, sum.within_pct) &&
		      rs->over_capacity == sum.over_capacity &&
		      same(rs->unserved_children, sum.unserved_children) &&
		      rs->schools == sum.schools && rs->units == sum.units,
	      "coverage %s: summaries differ", level);
	CHECK(sg_coverage_result_nunits(r) == sg_table_nrows(u) &&
		      sg_coverage_result_nschools(r) == sg_table_nrows(s) &&
		      sg_coverage_result_nunserved(r) == sg_table_nrows(x),
	      "coverage %s: row counts differ", level);
	for (size_t i = 0; i < sg_table_nrows(u); i++) {
		size_t k = 0;

		CHECK(same_text(text(u, i, "unit_code"),
				sg_coverage_unit_code(r, i)) &&
			      same_text(text(u, i, "unit_name"),
					sg_coverage_unit_name(r, i)) &&
			      same_text(text(u, i, "population_source"),
					sg_coverage_unit_population_source(
						r, i)) &&
			      sg_coverage_unit_find(r,
						    sg_coverage_unit_code(r, i),
						    &k) &&
			      k == i,
		      "coverage %s unit row %zu: texts differ", level, i);
		for (int f = 0; f < SG_COVERAGE_UNIT__COUNT; f++) {
			const char *n = sg_coverage_unit_figure_name(
				(sg_coverage_unit_figure)f);

			CHECK(same(cell(u, i, n),
				   sg_coverage_unit_value(
					   r, i, (sg_coverage_unit_figure)f)),
			      "coverage %s unit row %zu %s differs", level, i,
			      n);
		}
		if (!isnan(sg_coverage_unit_value(r, i,
						  SG_COVERAGE_UNIT_CHILDREN)))
			children += sg_coverage_unit_value(
				r, i, SG_COVERAGE_UNIT_CHILDREN);
	}
	for (size_t i = 0; i < sg_table_nrows(s); i++) {
		CHECK(same_text(text(s, i, "school_code"),
				sg_coverage_school_code(r, i)) &&
			      same_text(text(s, i, "school_name"),
					sg_coverage_school_name(r, i)) &&
			      same_text(text(s, i, "unit_code"),
					sg_coverage_school_unit_code(r, i)) &&
			      same_text(text(s, i, "shared_with"),
					sg_coverage_school_shared_with(r, i)),
		      "coverage %s school row %zu: texts differ", level, i);
		for (int f = 0; f < SG_COVERAGE_SCHOOL__COUNT; f++) {
			const char *n = sg_coverage_school_figure_name(
				(sg_coverage_school_figure)f);

			CHECK(same(cell(s, i, n),
				   sg_coverage_school_value(
					   r, i, (sg_coverage_school_figure)f)),
			      "coverage %s school row %zu %s differs", level, i,
			      n);
		}
		over += sg_coverage_school_value(
				r, i, SG_COVERAGE_SCHOOL_OVER_CAPACITY) == 1;
	}
	for (size_t i = 0; i < sg_table_nrows(x); i++) {
		static const char *const n[SG_COVERAGE_UNSERVED__COUNT] = {
			"area_km2", "children", "lon", "lat"
		};

		CHECK(same_text(text(x, i, "unit_codes"),
				sg_coverage_unserved_unit_codes(r, i)),
		      "coverage %s unserved %zu: units differ", level, i);
		for (int f = 0; f < SG_COVERAGE_UNSERVED__COUNT; f++)
			CHECK(same(cell(x, i, n[f]),
				   sg_coverage_unserved_value(
					   r, i,
					   (sg_coverage_unserved_figure)f)),
			      "coverage %s unserved %zu %s differs", level, i,
			      n[f]);
	}
	/* The totals from the rows, summed here. */
	CHECK(fabs(children - rs->children) < 1e-6 * (1 + children),
	      "coverage %s: children %g summed, %g", level, children,
	      rs->children);
	CHECK(over == (double)rs->over_capacity,
	      "coverage %s: %g over capacity counted, %lld", level, over,
	      (long long)rs->over_capacity);
	printf("coverage unit %s %s: %zu wards, %zu schools, %zu unserved, "
	       "%d figures compared, %d differ\n",
	       unit ? unit : "(all)", level, sg_coverage_result_nunits(r),
	       sg_coverage_result_nschools(r), sg_coverage_result_nunserved(r),
	       checked - before, fails - bad);
	sg_table_free(u);
	sg_table_free(s);
	sg_table_free(x);
	sg_coverage_result_free(r);
}

int main(int argc, char **argv)
{
	static const sg_stats_by bys[] = { SG_STATS_BY_SCHOOL, SG_STATS_BY_WARD,
					   SG_STATS_BY_DISTRICT,
					   SG_STATS_BY_CITY,
					   SG_STATS_BY_LEVEL };
	sg_ctx *ctx = NULL;
	const char *unit = argc > 2 ? argv[2] : NULL;

	if (argc < 2) {
		fprintf(stderr, "usage: %s DB [UNIT]\n", argv[0]);
		return 2;
	}
	if (!(ctx = check_open(argv[1])))
		return 2;
	for (size_t b = 0; b < sizeof(bys) / sizeof(*bys); b++) {
		stats(ctx, unit, bys[b], NULL);
		stats(ctx, unit, bys[b], "2016-2017");
	}
	trends(ctx, unit);
	coverage(ctx, unit, "primary");
	coverage(ctx, unit, "lower_secondary");
	sg_ctx_free(ctx);
	printf("%d figures compared, %d differ\n", checked, fails);
	return fails ? 1 : 0;
}
