/*
 * tests/results/runs_check.c - prints a stored run as its typed result
 * reads it back (public API only), one CSV line per row, for
 * tests/cli/test_unit_results.sh to compare with the stored tables read
 * by SQL.
 *
 * Usage: runs_check DB admit RUN_ID
 *          "code,seats,demand,placed,cutoff_total,cutoff_distance_m"
 *          per school, then "summary,applicants,placed,unplaced,
 *          at_first" and "run,ID,GRADE,YEAR,UNIT"
 *        runs_check DB catchments RUN_ID
 *          "code,level,area_km2,population,seats,demand_pct" per
 *          catchment, then "run,ID,LEVEL,METHOD"
 * Numbers with %.15g, empty for NaN.  Exits 1 on an error (on stderr).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schoolgis/admit.h"
#include "schoolgis/catchment.h"
#include "schoolgis/schoolgis.h"

#include "check.h"

static void num(double v)
{
	if (!isnan(v))
		printf("%.15g", v);
}

static int admit(sg_ctx *ctx, int64_t id)
{
	sg_admit_run *r = NULL;

	if (sg_admit_run_read(ctx, id, &r) != SG_OK)
		return 1;
	for (size_t i = 0; i < sg_admit_run_nschools(r); i++) {
		printf("%s", sg_admit_run_school_code(r, i));
		for (int f = 0; f < SG_ADMIT_SCHOOL__COUNT; f++) {
			putchar(',');
			num(sg_admit_run_school_value(
				r, i, (sg_admit_school_figure)f));
		}
		putchar('\n');
	}
	printf("summary");
	for (int f = 0; f < SG_ADMIT_RUN__COUNT; f++) {
		putchar(',');
		num(sg_admit_run_value(r, (sg_admit_run_figure)f));
	}
	printf("\nrun,%lld,%d,%s,%s\n", (long long)sg_admit_run_id(r),
	       sg_admit_run_grade(r), sg_admit_run_year(r),
	       sg_admit_run_unit(r) ? sg_admit_run_unit(r) : "");
	sg_admit_run_free(r);
	return 0;
}

static int catchments(sg_ctx *ctx, int64_t id)
{
	sg_catchment_run *r = NULL;

	if (sg_catchment_run_read(ctx, id, &r) != SG_OK)
		return 1;
	for (size_t i = 0; i < sg_catchment_run_count(r); i++) {
		const char *code = sg_catchment_run_school_code(r, i);

		printf("%s,%s", code ? code : "", sg_catchment_run_level(r));
		for (int f = 0; f < SG_CATCHMENT_RUN__COUNT; f++) {
			putchar(',');
			num(sg_catchment_run_value(r, i,
						   (sg_catchment_run_figure)f));
		}
		putchar('\n');
	}
	printf("run,%lld,%s,%s\n", (long long)sg_catchment_run_id(r),
	       sg_catchment_run_level(r), sg_catchment_run_method(r));
	sg_catchment_run_free(r);
	return 0;
}

int main(int argc, char **argv)
{
	sg_ctx *ctx = NULL;
	int rc;

	if (argc != 4) {
		fprintf(stderr, "usage: runs_check DB admit|catchments RUN\n");
		return 2;
	}
	if (!(ctx = check_open(argv[1])))
		return 1;
	rc = strcmp(argv[2], "admit") == 0
		     ? admit(ctx, strtoll(argv[3], NULL, 10))
		     : catchments(ctx, strtoll(argv[3], NULL, 10));
	if (rc != 0)
		fprintf(stderr, "runs_check: %s\n", sg_ctx_errmsg(ctx));
	sg_ctx_free(ctx);
	sg_global_shutdown();
	return rc;
}
