/*
 * tests/results/catch_check.c - the typed result of a catchment run
 * (public API only): for each method, the object sg_catchment_compute_result
 * returns equals, figure for figure, the run read back by id
 * (sg_catchment_run_read) and the summary sg_catchment_compute gives for
 * the same options; a dry run's object equals the stored run's; and,
 * independently, the run's unserved areas and catchments add up to its
 * study area.  tests/cli/test_catch_results.sh runs it on stores it
 * builds.
 *
 * Usage: catch_check DB [UNIT]
 * Prints "# ..." lines and the failures; exits 1 on a failure.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schoolgis/catchment.h"
#include "schoolgis/schoolgis.h"

#include "check.h"

static int failures;

static void fail(const char *what, const char *m, const char *detail)
{
	printf("FAIL %s %s: %s\n", m, what, detail);
	failures++;
}

/* The summary's fields, in the order of sg_catchment_total. */
static double sum_field(const sg_catchment_summary *s, sg_catchment_total f)
{
	switch (f) {
	case SG_CATCHMENT_TOTAL_SCHOOLS: return (double)s->schools;
	case SG_CATCHMENT_TOTAL_LOCATIONS: return (double)s->locations;
	case SG_CATCHMENT_TOTAL_MERGED: return (double)s->merged;
	case SG_CATCHMENT_TOTAL_CATCHMENTS: return (double)s->catchments;
	case SG_CATCHMENT_TOTAL_UNSERVED_AREAS:
		return (double)s->unserved_areas;
	case SG_CATCHMENT_TOTAL_STUDY_AREA_KM2: return s->study_area_km2;
	case SG_CATCHMENT_TOTAL_CATCHMENT_AREA_KM2:
		return s->catchment_area_km2;
	case SG_CATCHMENT_TOTAL_UNSERVED_AREA_KM2: return s->unserved_area_km2;
	case SG_CATCHMENT_TOTAL_POPULATION: return s->population;
	case SG_CATCHMENT_TOTAL_CATCHMENT_POPULATION:
		return s->catchment_population;
	case SG_CATCHMENT_TOTAL_UNSERVED_POPULATION:
		return s->unserved_population;
	case SG_CATCHMENT_TOTAL_SEATS: return s->seats;
	case SG_CATCHMENT_TOTAL_CELLS: return (double)s->cells;
	case SG_CATCHMENT_TOTAL_MAX_DISTANCE_M: return s->max_distance;
	case SG_CATCHMENT_TOTAL_CELL_SIZE_M: return s->cell_size;
	case SG_CATCHMENT_TOTAL_AGE_FROM: return s->age_from;
	case SG_CATCHMENT_TOTAL_AGE_TO: return s->age_to;
	default: return NAN;
	}
}

/* a and b figure for figure (ids apart when !ids). */
static void compare(const char *what, const char *m, const sg_catchment_run *a,
		    const sg_catchment_run *b, int ids)
{
	char d[256];

	if (ids && sg_catchment_run_id(a) != sg_catchment_run_id(b))
		fail(what, m, "run ids differ");
	if (!same_text(sg_catchment_run_level(a), sg_catchment_run_level(b)) ||
	    !same_text(sg_catchment_run_method(a),
		       sg_catchment_run_method(b)) ||
	    !same_text(sg_catchment_run_crs(a), sg_catchment_run_crs(b)))
		fail(what, m, "level, method or CRS differ");
	for (int f = 0; f < SG_CATCHMENT_TOTAL__COUNT; f++) {
		double x = sg_catchment_run_total(a, (sg_catchment_total)f);
		double y = sg_catchment_run_total(b, (sg_catchment_total)f);

		if (!same(x, y)) {
			snprintf(d, sizeof(d), "%s: %.17g vs %.17g",
				 sg_catchment_total_name((sg_catchment_total)f),
				 x, y);
			fail(what, m, d);
		}
	}
	if (sg_catchment_run_count(a) != sg_catchment_run_count(b)) {
		snprintf(d, sizeof(d), "%zu vs %zu catchments",
			 sg_catchment_run_count(a), sg_catchment_run_count(b));
		fail(what, m, d);
		return;
	}
	for (size_t i = 0; i < sg_catchment_run_count(a); i++) {
		if (!same_text(sg_catchment_run_school_code(a, i),
			       sg_catchment_run_school_code(b, i)) ||
		    !same_text(sg_catchment_run_schools(a, i),
			       sg_catchment_run_schools(b, i))) {
			snprintf(d, sizeof(d), "catchment %zu: school %s vs %s",
				 i, sg_catchment_run_school_code(a, i),
				 sg_catchment_run_school_code(b, i));
			fail(what, m, d);
			return;
		}
		for (int f = 0; f < SG_CATCHMENT_RUN__COUNT; f++) {
			double x = sg_catchment_run_value(
				a, i, (sg_catchment_run_figure)f);
			double y = sg_catchment_run_value(
				b, i, (sg_catchment_run_figure)f);

			if (!same(x, y)) {
				snprintf(d, sizeof(d),
					 "catchment of %s, %s: %.17g vs %.17g",
					 sg_catchment_run_school_code(a, i),
					 sg_catchment_run_figure_name(
						 (sg_catchment_run_figure)f),
					 x, y);
				fail(what, m, d);
				return;
			}
		}
	}
	if (sg_catchment_run_nunserved(a) != sg_catchment_run_nunserved(b)) {
		fail(what, m, "unserved area counts differ");
		return;
	}
	for (size_t i = 0; i < sg_catchment_run_nunserved(a); i++)
		for (int f = 0; f < SG_CATCHMENT_RUN__COUNT; f++)
			if (!same(sg_catchment_run_unserved_value(
					  a, i, (sg_catchment_run_figure)f),
				  sg_catchment_run_unserved_value(
					  b, i, (sg_catchment_run_figure)f))) {
				snprintf(d, sizeof(d), "unserved area %zu, %s",
					 i,
					 sg_catchment_run_figure_name(
						 (sg_catchment_run_figure)f));
				fail(what, m, d);
				return;
			}
}

/* r against a summary of the same options. */
static void compare_summary(const char *what, const char *m,
			    const sg_catchment_run *r,
			    const sg_catchment_summary *s, int ids)
{
	char d[256];

	if (ids && sg_catchment_run_id(r) != s->run_id)
		fail(what, m, "run id differs from the summary's");
	if (!same_text(sg_catchment_run_crs(r), s->crs))
		fail(what, m, "CRS differs from the summary's");
	for (int f = 0; f < SG_CATCHMENT_TOTAL__COUNT; f++) {
		double x = sg_catchment_run_total(r, (sg_catchment_total)f);
		double y = sum_field(s, (sg_catchment_total)f);

		if (!same(x, y)) {
			snprintf(d, sizeof(d), "%s: %.17g vs summary %.17g",
				 sg_catchment_total_name((sg_catchment_total)f),
				 x, y);
			fail(what, m, d);
		}
	}
}

/* Independent of the totals: the rows' own areas and counts. */
static void check_rows(const char *what, const char *m,
		       const sg_catchment_run *r)
{
	double area = 0, pop = 0, study;
	char d[256];

	for (size_t i = 0; i < sg_catchment_run_count(r); i++) {
		area += sg_catchment_run_value(r, i, SG_CATCHMENT_RUN_AREA_KM2);
		pop += sg_catchment_run_value(r, i,
					      SG_CATCHMENT_RUN_POPULATION);
	}
	for (size_t i = 0; i < sg_catchment_run_nunserved(r); i++) {
		area += sg_catchment_run_unserved_value(
			r, i, SG_CATCHMENT_RUN_AREA_KM2);
		pop += sg_catchment_run_unserved_value(
			r, i, SG_CATCHMENT_RUN_POPULATION);
	}
	study = sg_catchment_run_total(r, SG_CATCHMENT_TOTAL_STUDY_AREA_KM2);
	if (!(fabs(area - study) <= 1e-6 * study)) {
		snprintf(d, sizeof(d),
			 "catchments + unserved areas %.9g km2, study area "
			 "%.9g",
			 area, study);
		fail(what, m, d);
	}
	if (!(fabs(pop -
		   sg_catchment_run_total(r, SG_CATCHMENT_TOTAL_POPULATION)) <=
	      1e-6 * pop + 1e-6)) {
		snprintf(d, sizeof(d), "rows' population %.9g, total %.9g", pop,
			 sg_catchment_run_total(r,
						SG_CATCHMENT_TOTAL_POPULATION));
		fail(what, m, d);
	}
	if ((double)sg_catchment_run_count(r) !=
		    sg_catchment_run_total(r, SG_CATCHMENT_TOTAL_CATCHMENTS) ||
	    (double)sg_catchment_run_nunserved(r) !=
		    sg_catchment_run_total(r,
					   SG_CATCHMENT_TOTAL_UNSERVED_AREAS))
		fail(what, m, "row counts differ from the totals");
	if (sg_catchment_run_count(r) == 0)
		fail(what, m, "no catchment");
}

static int one(sg_ctx *ctx, const char *unit, sg_catchment_method method)
{
	sg_catchment_options o = SG_CATCHMENT_OPTIONS_INIT;
	sg_catchment_summary s;
	sg_catchment_run *dry = NULL, *made = NULL, *back = NULL;
	const char *m = sg_catchment_method_name(method);
	int rc;

	o.level = "primary";
	o.method = method;
	o.unit = unit;
	o.dry_run = true;
	if ((rc = sg_catchment_compute(ctx, &o, &s)) != SG_OK ||
	    (rc = sg_catchment_compute_result(ctx, &o, &dry)) != SG_OK)
		goto out;
	o.dry_run = false;
	if ((rc = sg_catchment_compute_result(ctx, &o, &made)) != SG_OK ||
	    (rc = sg_catchment_run_read(ctx, sg_catchment_run_id(made),
					&back)) != SG_OK)
		goto out;
	if (sg_catchment_run_id(dry) != 0 || sg_catchment_run_id(made) <= 0)
		fail("ids", m, "a dry run's id is not 0 or a run's is");
	compare_summary("dry run vs its summary", m, dry, &s, 1);
	compare("dry run vs the stored run", m, dry, made, 0);
	compare("computed vs read back", m, made, back, 1);
	check_rows("read back", m, back);
	printf("# %s: %zu catchments, %zu unserved areas, %.3f km2, %s\n", m,
	       sg_catchment_run_count(back), sg_catchment_run_nunserved(back),
	       sg_catchment_run_total(back, SG_CATCHMENT_TOTAL_STUDY_AREA_KM2),
	       sg_catchment_run_crs(back));
out:
	if (rc != SG_OK)
		printf("FAIL %s: %s\n", m, sg_ctx_errmsg(ctx));
	sg_catchment_run_free(dry);
	sg_catchment_run_free(made);
	sg_catchment_run_free(back);
	return rc;
}

int main(int argc, char **argv)
{
	sg_ctx *ctx = NULL;
	const char *unit = argc > 2 ? argv[2] : NULL;
	int rc = 0;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: catch_check DB [UNIT]\n");
		return 2;
	}
	if (!(ctx = check_open(argv[1])))
		return 1;
	for (int m = SG_CATCHMENT_VORONOI; m <= SG_CATCHMENT_CAPACITY; m++)
		if (one(ctx, unit, (sg_catchment_method)m) != SG_OK)
			rc = 1;
	sg_ctx_free(ctx);
	sg_global_shutdown();
	return rc || failures ? 1 : 0;
}
