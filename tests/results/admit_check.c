/*
 * tests/results/admit_check.c - the typed result of an admission run
 * (public API only): the object sg_admit_compute_result returns equals,
 * figure for figure, the run read back by id (sg_admit_run_read) and
 * the summary sg_admit gives for the same options (a second run, placed
 * the same way); and, independently, its schools' placed applicants add
 * up to its placed total, and placed + unplaced = applicants.
 * tests/cli/test_catch_results.sh runs it on stores it builds.
 *
 * Usage: admit_check DB GRADE OUTDIR [UNIT]
 * Prints "# ..." lines and the failures; exits 1 on a failure.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schoolgis/admit.h"
#include "schoolgis/schoolgis.h"

#include "check.h"

static int failures;

static void fail(const char *what, const char *detail)
{
	printf("FAIL %s: %s\n", what, detail);
	failures++;
}

static void compare(const char *what, const sg_admit_run *a,
		    const sg_admit_run *b)
{
	char d[256];

	if (sg_admit_run_id(a) != sg_admit_run_id(b) ||
	    sg_admit_run_grade(a) != sg_admit_run_grade(b) ||
	    !same_text(sg_admit_run_year(a), sg_admit_run_year(b)) ||
	    !same_text(sg_admit_run_unit(a), sg_admit_run_unit(b)))
		fail(what, "id, grade, year or unit differ");
	for (int f = 0; f < SG_ADMIT_RUN__COUNT; f++)
		if (!same(sg_admit_run_value(a, (sg_admit_run_figure)f),
			  sg_admit_run_value(b, (sg_admit_run_figure)f))) {
			snprintf(d, sizeof(d), "total %d: %.17g vs %.17g", f,
				 sg_admit_run_value(a, (sg_admit_run_figure)f),
				 sg_admit_run_value(b, (sg_admit_run_figure)f));
			fail(what, d);
		}
	if (sg_admit_run_nschools(a) != sg_admit_run_nschools(b)) {
		snprintf(d, sizeof(d), "%zu vs %zu schools",
			 sg_admit_run_nschools(a), sg_admit_run_nschools(b));
		fail(what, d);
		return;
	}
	for (size_t i = 0; i < sg_admit_run_nschools(a); i++) {
		if (!same_text(sg_admit_run_school_code(a, i),
			       sg_admit_run_school_code(b, i))) {
			fail(what, "school codes differ");
			return;
		}
		for (int f = 0; f < SG_ADMIT_SCHOOL__COUNT; f++) {
			double x = sg_admit_run_school_value(
				a, i, (sg_admit_school_figure)f);
			double y = sg_admit_run_school_value(
				b, i, (sg_admit_school_figure)f);

			if (!same(x, y)) {
				snprintf(d, sizeof(d),
					 "school %s, %s: %.17g vs %.17g",
					 sg_admit_run_school_code(a, i),
					 sg_admit_school_figure_name(
						 (sg_admit_school_figure)f),
					 x, y);
				fail(what, d);
				return;
			}
		}
	}
}

int main(int argc, char **argv)
{
	sg_admit_options o = SG_ADMIT_OPTIONS_INIT;
	sg_admit_summary s;
	sg_admit_run *made = NULL, *back = NULL;
	sg_ctx *ctx = NULL;
	char dir1[1024], dir2[1024];
	double placed = 0, cuts = 0;
	int rc;

	if (argc < 4 || argc > 5) {
		fprintf(stderr, "usage: admit_check DB GRADE OUTDIR [UNIT]\n");
		return 2;
	}
	if (!(ctx = check_open(argv[1])))
		return 1;
	snprintf(dir1, sizeof(dir1), "%s/a", argv[3]);
	snprintf(dir2, sizeof(dir2), "%s/b", argv[3]);
	o.grade = atoi(argv[2]);
	o.unit = argc > 4 ? argv[4] : NULL;
	o.out_dir = dir1;
	if ((rc = sg_admit_compute_result(ctx, &o, &made)) != SG_OK ||
	    (rc = sg_admit_run_read(ctx, sg_admit_run_id(made), &back)) !=
		    SG_OK)
		goto out;
	o.out_dir = dir2;
	if ((rc = sg_admit(ctx, &o, &s)) != SG_OK)
		goto out;
	compare("computed vs read back", made, back);
	if (sg_admit_run_id(made) <= 0 || s.run_id != sg_admit_run_id(made) + 1)
		fail("ids", "the run ids are not those of two runs in a row");
	if (sg_admit_run_grade(made) != s.grade ||
	    !same_text(sg_admit_run_year(made), s.year) ||
	    sg_admit_run_value(made, SG_ADMIT_RUN_APPLICANTS) !=
		    (double)s.applicants ||
	    sg_admit_run_value(made, SG_ADMIT_RUN_PLACED) != (double)s.placed ||
	    sg_admit_run_value(made, SG_ADMIT_RUN_UNPLACED) !=
		    (double)s.unplaced ||
	    sg_admit_run_value(made, SG_ADMIT_RUN_AT_FIRST) !=
		    (double)s.at_first ||
	    sg_admit_run_nschools(made) != (size_t)s.schools)
		fail("computed vs the summary", "the totals differ");
	/* Independent: the schools' rows against the totals. */
	for (size_t i = 0; i < sg_admit_run_nschools(back); i++) {
		placed += sg_admit_run_school_value(back, i,
						    SG_ADMIT_SCHOOL_PLACED);
		if (!isnan(sg_admit_run_school_value(
			    back, i,
			    o.grade == 10 ? SG_ADMIT_SCHOOL_CUTOFF_TOTAL
					  : SG_ADMIT_SCHOOL_CUTOFF_DISTANCE_M)))
			cuts++;
	}
	if (placed != sg_admit_run_value(back, SG_ADMIT_RUN_PLACED) ||
	    placed + sg_admit_run_value(back, SG_ADMIT_RUN_UNPLACED) !=
		    sg_admit_run_value(back, SG_ADMIT_RUN_APPLICANTS))
		fail("read back", "placed per school do not add up");
	if (placed <= 0 || cuts <= 0)
		fail("read back", "nobody placed, or no cut-off");
	printf("# grade %d: %zu schools, %.0f of %.0f placed, %.0f "
	       "cut-offs\n",
	       o.grade, sg_admit_run_nschools(back), placed,
	       sg_admit_run_value(back, SG_ADMIT_RUN_APPLICANTS), cuts);
out:
	if (rc != SG_OK)
		printf("FAIL admit: %s\n", sg_ctx_errmsg(ctx));
	sg_admit_run_free(made);
	sg_admit_run_free(back);
	sg_ctx_free(ctx);
	sg_global_shutdown();
	return rc != SG_OK || failures ? 1 : 0;
}
