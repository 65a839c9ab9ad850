/*
 * tests/engine/test_cliparea.c - the area of polygons inside a convex
 * polygon (engine/cliparea.c) against GEOS's overlay, GEOSIntersection
 * then GEOSArea, on random and hand-made shapes: non-convex rings,
 * holes, multipolygons, both orientations, shared edges.
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "engine/cliparea.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static uint64_t rng = 88172645463325252ull;

static double urand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (double)(rng >> 11) / 9007199254740992.0;
}

static GEOSGeometry *wkt(GEOSContextHandle_t h, const char *s)
{
	GEOSWKTReader *r = GEOSWKTReader_create_r(h);
	GEOSGeometry *g = GEOSWKTReader_read_r(h, r, s);

	GEOSWKTReader_destroy_r(h, r);
	assert_non_null(g);
	return g;
}

/* Our area of g inside the convex polygon c against GEOS's. */
static void check(GEOSContextHandle_t h, const GEOSGeometry *g,
		  const GEOSGeometry *c)
{
	const GEOSCoordSequence *cs =
		GEOSGeom_getCoordSeq_r(h, GEOSGetExteriorRing_r(h, c));
	sg_rings *r = sg_rings__new(h, g);
	GEOSGeometry *x = GEOSIntersection_r(h, g, c);
	double xs[128], ys[128], want = 0, got, ga = 0;
	unsigned n = 0;

	assert_non_null(r);
	assert_non_null(x);
	assert_true(GEOSCoordSeq_getSize_r(h, cs, &n) && n <= 128);
	for (unsigned i = 0; i < n; i++)
		GEOSCoordSeq_getXY_r(h, cs, i, &xs[i], &ys[i]);
	GEOSArea_r(h, x, &want);
	GEOSArea_r(h, g, &ga);
	got = sg_rings__area_in(r, xs, ys, n);
	if (fabs(got - want) > 1e-9 * (ga > 1 ? ga : 1))
		fail_msg("area inside: %.12g, GEOS %.12g", got, want);
	GEOSGeom_destroy_r(h, x);
	sg_rings__free(r);
}

/* A random convex polygon: the hull of k points in a disc. */
static GEOSGeometry *random_convex(GEOSContextHandle_t h, double cx, double cy,
				   double rad, int k, int reverse)
{
	GEOSGeometry **pts = calloc((size_t)k, sizeof(*pts)), *mp, *hull;

	assert_non_null(pts);
	for (int i = 0; i < k; i++) {
		double a = 2 * M_PI * urand(), d = rad * sqrt(urand());

		pts[i] = GEOSGeom_createPointFromXY_r(h, cx + d * cos(a),
						      cy + d * sin(a));
	}
	mp = GEOSGeom_createCollection_r(h, GEOS_MULTIPOINT, pts, (unsigned)k);
	free(pts);
	hull = GEOSConvexHull_r(h, mp);
	GEOSGeom_destroy_r(h, mp);
	assert_non_null(hull);
	if (reverse) {
		GEOSGeometry *r = GEOSReverse_r(h, hull);

		GEOSGeom_destroy_r(h, hull);
		hull = r;
	}
	return hull;
}

/* A star-shaped (non-convex) ring of k spikes around (cx, cy). */
static void star_wkt(char *buf, size_t n, double cx, double cy, double r0,
		     double r1, int k, int cw)
{
	size_t len = (size_t)snprintf(buf, n, "(");

	for (int i = 0; i <= 2 * k; i++) {
		int j = i % (2 * k);
		double a = (cw ? -1 : 1) * M_PI * j / k;
		double r = j % 2 ? r0 : r1;

		len += (size_t)snprintf(buf + len, n - len, "%s%.6f %.6f",
					i ? "," : "", cx + r * cos(a),
					cy + r * sin(a));
	}
	snprintf(buf + len, n - len, ")");
}

static void test_cliparea__random_against_geos(void **state)
{
	GEOSContextHandle_t h = GEOS_init_r();
	char shell[4096], hole[4096], poly[16384];

	(void)state;
	for (int t = 0; t < 400; t++) {
		GEOSGeometry *g, *c;

		/* A star with a star-shaped hole, and a second part. */
		star_wkt(shell, sizeof(shell), 0, 0, 40 + 30 * urand(), 100,
			 3 + (int)(urand() * 9), t & 1);
		star_wkt(hole, sizeof(hole), 5, -3, 5, 20 + 10 * urand(), 5,
			 t & 2);
		snprintf(poly, sizeof(poly),
			 "MULTIPOLYGON((%s,%s),"
			 "((150 -20,200 -20,200 30,150 30,150 -20)))",
			 shell, hole);
		g = wkt(h, poly);
		assert_int_equal(GEOSisValid_r(h, g), 1);
		c = random_convex(h, -120 + 320 * urand(), -100 + 200 * urand(),
				  10 + 120 * urand(), 3 + (int)(urand() * 12),
				  t & 4);
		check(h, g, c);
		GEOSGeom_destroy_r(h, c);
		GEOSGeom_destroy_r(h, g);
	}
	GEOS_finish_r(h);
}

static void test_cliparea__hand_made(void **state)
{
	GEOSContextHandle_t h = GEOS_init_r();
	static const char *const cases[][2] = {
		/* Inside entirely; outside entirely. */
		{ "POLYGON((0 0,10 0,10 10,0 10,0 0))",
		  "POLYGON((2 2,4 2,4 4,2 2))" },
		{ "POLYGON((0 0,10 0,10 10,0 10,0 0))",
		  "POLYGON((20 20,24 20,24 24,20 20))" },
		/* The cell holds the polygon; they share an edge. */
		{ "POLYGON((1 1,2 1,2 2,1 1))",
		  "POLYGON((0 0,10 0,10 10,0 10,0 0))" },
		{ "POLYGON((0 0,10 0,10 10,0 10,0 0))",
		  "POLYGON((10 0,20 0,20 10,10 10,10 0))" },
		/* A U shape whose two arms the cell cuts (a bridge). */
		{ "POLYGON((0 0,30 0,30 30,20 30,20 10,10 10,10 30,0 30,0 0))",
		  "POLYGON((-5 15,35 15,35 25,-5 25,-5 15))" },
		/* The cell inside the hole. */
		{ "POLYGON((0 0,30 0,30 30,0 30,0 0),(10 10,20 10,20 20,"
		  "10 20,10 10))",
		  "POLYGON((12 12,18 12,15 18,12 12))" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		GEOSGeometry *g = wkt(h, cases[i][0]), *c = wkt(h, cases[i][1]);

		check(h, g, c);
		GEOSGeom_destroy_r(h, c);
		GEOSGeom_destroy_r(h, g);
	}
	GEOS_finish_r(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cliparea__random_against_geos),
		cmocka_unit_test(test_cliparea__hand_made),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
