/*
 * tests/helpers/sg_catch_check.h - independent checks of computed
 * catchments (internal header): brute-force nearest school for random
 * points, and the tiling properties (no overlaps, areas sum to the study
 * area, every school inside its own polygon).
 */
#ifndef SG_CATCH_CHECK_H
#define SG_CATCH_CHECK_H

#include <math.h>

#include "engine/catchment.h"
#include "sg_test.h"

/* splitmix64: the same points on every machine. */
static inline double rnd01(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	z ^= z >> 31;
	return (double)(z >> 11) / 9007199254740992.0;
}

static inline GEOSGeometry *pt_new(sg_ctx *ctx, double x, double y)
{
	return GEOSGeom_createPointFromXY_r(ctx->geos, x, y);
}

/* Brute force: the nearest school (lowest index on ties) and the gap to
 * the second nearest site at another location. */
static inline size_t brute_nearest(const sg_catch *c, double px, double py,
				   double *d1, double *gap)
{
	const sg_catch_in *in = c->in;
	double best = INFINITY, second = INFINITY;
	size_t bi = 0;

	for (size_t i = 0; i < in->nschools; i++) {
		double d = hypot(in->x[i] - px, in->y[i] - py);

		if (d < best) {
			best = d;
			bi = i;
		}
	}
	for (size_t i = 0; i < in->nschools; i++)
		if (c->site_of[i] != c->site_of[bi])
			second = fmin(second,
				      hypot(in->x[i] - px, in->y[i] - py));
	*d1 = best;
	*gap = second - best;
	return bi;
}

static inline double area_g(sg_ctx *ctx, const GEOSGeometry *g)
{
	double a = 0;

	if (g)
		GEOSArea_r(ctx->geos, g, &a);
	return a;
}

/*
 * Tiling: the cells' areas sum to the study area and so does their union
 * (so no two overlap), within rel; every school inside the study area
 * lies in its own cell.
 */
static inline void check_tiling(sg_catch *c, double rel)
{
	GEOSContextHandle_t h = c->ctx->geos;
	GEOSGeometry **v = calloc(c->nsites + 1, sizeof(*v)), *coll, *u;
	double sum = 0;
	size_t n = 0;

	assert_non_null(v);
	for (size_t s = 0; s < c->nsites; s++) {
		if (!c->cells[s].geom)
			continue;
		assert_int_equal(GEOSisValid_r(h, c->cells[s].geom), 1);
		sum += area_g(c->ctx, c->cells[s].geom);
		v[n++] = GEOSGeom_clone_r(h, c->cells[s].geom);
	}
	coll = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, v,
					   (unsigned)n);
	u = GEOSUnaryUnion_r(h, coll);
	assert_non_null(u);
	if (fabs(sum - c->study_area) > rel * c->study_area)
		fail_msg("cells sum to %.6f m2, study area %.6f m2", sum,
			 c->study_area);
	if (fabs(area_g(c->ctx, u) - c->study_area) > rel * c->study_area)
		fail_msg("union of cells %.6f m2, study area %.6f m2 "
			 "(overlaps)",
			 area_g(c->ctx, u), c->study_area);
	GEOSGeom_destroy_r(h, u);
	GEOSGeom_destroy_r(h, coll);
	free(v);
	for (size_t i = 0; i < c->in->nschools; i++) {
		GEOSGeometry *p = pt_new(c->ctx, c->in->x[i], c->in->y[i]);
		const GEOSGeometry *cell = c->cells[c->site_of[i]].geom;

		if (GEOSIntersects_r(h, c->study, p) == 1 &&
		    (!cell || GEOSIntersects_r(h, cell, p) != 1))
			fail_msg("school %zu is not in its own polygon", i);
		GEOSGeom_destroy_r(h, p);
	}
}

/*
 * Population: every cell's children equal, within rel of the study's
 * total, the brute-force area weighting: the sum over all units of
 * area(cell ∩ unit) / area(unit) × the unit's population, with plain
 * overlays (no index, no prepared geometry, no shortcut).
 */
static inline void check_population(sg_catch *c, double rel)
{
	GEOSContextHandle_t h = c->ctx->geos;
	const sg_catch_in *in = c->in;

	for (size_t s = 0; s < c->nsites; s++) {
		const GEOSGeometry *g = c->cells[s].geom;
		double want = 0;

		if (!g)
			continue;
		for (size_t u = 0; u < in->nunits; u++) {
			GEOSGeometry *x = GEOSIntersection_r(h, g,
							     in->units[u]);
			double pop = in->unit_pop ? in->unit_pop[u] : 0;

			assert_non_null(x);
			if (pop > 0)
				want += area_g(c->ctx, x) /
					area_g(c->ctx, in->units[u]) * pop;
			GEOSGeom_destroy_r(h, x);
		}
		if (fabs(c->cells[s].population - want) > rel * c->study_pop)
			fail_msg("cell %zu: %.9f children, brute force %.9f", s,
				 c->cells[s].population, want);
	}
}

/*
 * npoints random points over the study area's box: a point in the study
 * area lies in the cell of its brute-force nearest school and in no other;
 * a point outside lies in none.  Points within 1e-6 m of a bisector are
 * skipped.  Returns the number of points checked inside.
 */
static inline size_t check_nearest(sg_catch *c, size_t npoints, uint64_t seed)
{
	GEOSContextHandle_t h = c->ctx->geos;
	const GEOSPreparedGeometry **prep;
	double x0, y0, x1, y1;
	size_t inside = 0;

	prep = calloc(c->nsites + 1, sizeof(*prep));
	assert_non_null(prep);
	for (size_t s = 0; s < c->nsites; s++)
		if (c->cells[s].geom)
			prep[s] = GEOSPrepare_r(h, c->cells[s].geom);
	GEOSGeom_getXMin_r(h, c->study, &x0);
	GEOSGeom_getYMin_r(h, c->study, &y0);
	GEOSGeom_getXMax_r(h, c->study, &x1);
	GEOSGeom_getYMax_r(h, c->study, &y1);
	for (size_t k = 0; k < npoints; k++) {
		double px = x0 + (x1 - x0) * rnd01(&seed);
		double py = y0 + (y1 - y0) * rnd01(&seed);
		GEOSGeometry *p = pt_new(c->ctx, px, py);
		int in = GEOSContains_r(h, c->study, p) == 1;
		double d1 = INFINITY, gap = INFINITY;
		size_t want = c->in->nschools
				      ? c->site_of[brute_nearest(c, px, py, &d1,
								 &gap)]
				      : SIZE_MAX;
		size_t hits = 0, hit = SIZE_MAX;

		for (size_t s = 0; s < c->nsites; s++)
			if (prep[s] &&
			    GEOSPreparedContains_r(h, prep[s], p) == 1) {
				hits++;
				hit = s;
			}
		GEOSGeom_destroy_r(h, p);
		if (!in) {
			if (hits)
				fail_msg("point (%.3f %.3f) outside the study "
					 "area is in cell %zu",
					 px, py, hit);
			continue;
		}
		if (c->nsites > 1 && gap < 1e-6)
			continue;
		inside++;
		if (hits != 1 || hit != want)
			fail_msg("point (%.3f %.3f): nearest site %zu, in %zu "
				 "cells (last %zu)",
				 px, py, want, hits, hit);
	}
	for (size_t s = 0; s < c->nsites; s++)
		if (prep[s])
			GEOSPreparedGeom_destroy_r(h, prep[s]);
	free(prep);
	return inside;
}

/*
 * Distance method: a point of the study area within max_distance of a
 * school (brute force) lies in the served part of its nearest school's
 * cell, any other point in an unserved area.  Points within 1 m of the
 * circle (the buffer is a 128-gon) or 1e-6 m of a bisector are skipped.
 */
static inline void check_distance(sg_catch *c, double dist, size_t npoints,
				  uint64_t seed)
{
	GEOSContextHandle_t h = c->ctx->geos;
	double x0, y0, x1, y1, served = 0;

	GEOSGeom_getXMin_r(h, c->study, &x0);
	GEOSGeom_getYMin_r(h, c->study, &y0);
	GEOSGeom_getXMax_r(h, c->study, &x1);
	GEOSGeom_getYMax_r(h, c->study, &y1);
	for (size_t k = 0; k < npoints; k++) {
		double px = x0 + (x1 - x0) * rnd01(&seed);
		double py = y0 + (y1 - y0) * rnd01(&seed);
		GEOSGeometry *p = pt_new(c->ctx, px, py);
		double d1 = INFINITY, gap = INFINITY;
		size_t want = c->in->nschools
				      ? c->site_of[brute_nearest(c, px, py, &d1,
								 &gap)]
				      : SIZE_MAX;
		int in_served = 0, in_unserved = 0;

		if (GEOSContains_r(h, c->study, p) != 1 ||
		    fabs(d1 - dist) < 1.0 || gap < 1e-6) {
			GEOSGeom_destroy_r(h, p);
			continue;
		}
		for (size_t s = 0; s < c->nsites; s++)
			if (c->cells[s].served &&
			    GEOSContains_r(h, c->cells[s].served, p) == 1) {
				in_served++;
				if (s != want)
					fail_msg("point (%.3f %.3f) served by "
						 "%zu, nearest %zu",
						 px, py, s, want);
			}
		for (size_t i = 0; i < c->nunserved; i++)
			in_unserved += GEOSContains_r(h, c->unserved[i].geom,
						      p) == 1;
		GEOSGeom_destroy_r(h, p);
		if (d1 < dist && (in_served != 1 || in_unserved != 0))
			fail_msg("point (%.3f %.3f) at %.3f m: %d served, %d "
				 "unserved",
				 px, py, d1, in_served, in_unserved);
		if (d1 > dist && (in_served != 0 || in_unserved != 1))
			fail_msg("point (%.3f %.3f) at %.3f m: %d served, %d "
				 "unserved",
				 px, py, d1, in_served, in_unserved);
	}
	/* Served and unserved parts tile the study area. */
	for (size_t s = 0; s < c->nsites; s++)
		served += area_g(c->ctx, c->cells[s].served);
	if (fabs(served + c->unserved_area - c->study_area) >
	    1e-6 * c->study_area)
		fail_msg("served %.3f + unserved %.3f != study area %.3f",
			 served, c->unserved_area, c->study_area);
}

#endif /* SG_CATCH_CHECK_H */
