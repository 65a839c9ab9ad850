/*
 * tests/engine/test_delaunay.c - the Voronoi cells of engine/delaunay.c,
 * cell by cell against GEOS's Voronoi diagram (GEOSVoronoiDiagram_r, an
 * independent implementation): the symmetric difference of the two
 * cells of every site under 1e-9 of the cell's area, on random points,
 * a regular grid (every square's corners cocircular), clustered points,
 * points on a line, 1, 2 and 3 sites; and the exact predicates against
 * an evaluation in 128-bit integers on near-degenerate points where a
 * plain floating-point evaluation errs.
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <geos_c.h>

#include "engine/delaunay.h"

#define PI 3.14159265358979323846

static uint64_t rs = 88172645463325252ull;

static double rnd(void)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return (double)(rs >> 11) / 9007199254740992.0;
}

static GEOSGeometry *ring_polygon(GEOSContextHandle_t h, const sg_vcells *vc,
				  size_t s)
{
	size_t a = vc->start[s], n = vc->start[s + 1] - a;
	GEOSCoordSequence *cs = GEOSCoordSeq_create_r(h, (unsigned)n + 1, 2);

	for (size_t j = 0; j <= n; j++) {
		size_t k = a + (j < n ? j : 0);

		GEOSCoordSeq_setXY_r(h, cs, (unsigned)j, vc->xy[2 * k],
				     vc->xy[2 * k + 1]);
	}
	return GEOSGeom_createPolygon_r(h, GEOSGeom_createLinearRing_r(h, cs),
					NULL, 0);
}

/* Every site's cell against GEOS's (the same frame: GEOS's clip
 * envelope grown as GEOS grows it, so the frame is the same). */
static void against_geos(const double *x, const double *y, size_t n,
			 const char *what)
{
	GEOSContextHandle_t h = GEOS_init_r();
	double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
	double e, box[4], worst = 0;
	GEOSGeometry **pts = malloc(n * sizeof(*pts)), *mp, *env, *vd;
	sg_vcells vc;
	int *seen = calloc(n, sizeof(int));

	for (size_t i = 0; i < n; i++) {
		x0 = fmin(x0, x[i]);
		y0 = fmin(y0, y[i]);
		x1 = fmax(x1, x[i]);
		y1 = fmax(y1, y[i]);
	}
	e = fmax(x1 - x0, y1 - y0);
	/* GEOS's frame: the sites' box grown by its larger side, with the
	 * clip envelope given (here the sites' box grown by 1). */
	box[0] = fmin(x0 - e, x0 - 1);
	box[1] = fmin(y0 - e, y0 - 1);
	box[2] = fmax(x1 + e, x1 + 1);
	box[3] = fmax(y1 + e, y1 + 1);
	assert_int_equal(sg_voronoi__cells(x, y, n, box, &vc), 0);
	assert_int_equal(vc.n, n);
	for (size_t i = 0; i < n; i++)
		pts[i] = GEOSGeom_createPointFromXY_r(h, x[i], y[i]);
	mp = GEOSGeom_createCollection_r(h, GEOS_MULTIPOINT, pts, (unsigned)n);
	env = GEOSGeom_createRectangle_r(h, x0 - 1, y0 - 1, x1 + 1, y1 + 1);
	vd = GEOSVoronoiDiagram_r(h, mp, env, 0.0, 0);
	assert_non_null(vd);
	assert_int_equal(GEOSGetNumGeometries_r(h, vd), (int)n);
	for (int k = 0; k < (int)n; k++) {
		const GEOSGeometry *g = GEOSGetGeometryN_r(h, vd, k);
		GEOSGeometry *poly, *sd;
		double ga, pa, da, cx = 0, cy = 0, bd = INFINITY;
		size_t s = 0;

		/* The GEOS cell's site: the one nearest to its centroid (a
		 * cell is convex), by brute force; it lies in the cell. */
		{
			GEOSGeometry *c = GEOSGetCentroid_r(h, g), *pt;

			GEOSGeomGetX_r(h, c, &cx);
			GEOSGeomGetY_r(h, c, &cy);
			GEOSGeom_destroy_r(h, c);
			for (size_t i = 0; i < n; i++)
				if (hypot(x[i] - cx, y[i] - cy) < bd) {
					bd = hypot(x[i] - cx, y[i] - cy);
					s = i;
				}
			pt = GEOSGeom_createPointFromXY_r(h, x[s], y[s]);
			GEOSDistance_r(h, g, pt, &bd);
			GEOSGeom_destroy_r(h, pt);
			assert_true(bd == 0);
		}
		assert_false(seen[s]);
		seen[s] = 1;
		poly = ring_polygon(h, &vc, s);
		assert_int_equal(GEOSisValid_r(h, poly), 1);
		GEOSArea_r(h, g, &ga);
		GEOSArea_r(h, poly, &pa);
		sd = GEOSSymDifference_r(h, g, poly);
		GEOSArea_r(h, sd, &da);
		if (!(da <= 1e-9 * ga))
			fail_msg("%s: site %zu (%.17g %.17g): the cells differ "
				 "by %g of %g m2",
				 what, s, x[s], y[s], da, ga);
		worst = fmax(worst, da / ga);
		/* Counter-clockwise, as promised. */
		assert_true(GEOSArea_r(h, poly, &pa) && pa > 0);
		{
			double sa = 0;
			size_t a = vc.start[s], m = vc.start[s + 1] - a;

			for (size_t j = 0; j < m; j++) {
				const double *p = vc.xy + 2 * (a + j);
				const double *q = vc.xy + 2 * (a + (j + 1) % m);

				sa += p[0] * q[1] - q[0] * p[1];
			}
			assert_true(sa > 0);
		}
		GEOSGeom_destroy_r(h, sd);
		GEOSGeom_destroy_r(h, poly);
	}
	print_message("%s: %zu cells, largest difference %.3g of a cell\n",
		      what, n, worst);
	GEOSGeom_destroy_r(h, vd);
	GEOSGeom_destroy_r(h, env);
	GEOSGeom_destroy_r(h, mp);
	free(pts);
	free(seen);
	sg_vcells_free(&vc);
	GEOS_finish_r(h);
}

static void random_points(void **state)
{
	size_t n = 3000;
	double *x = malloc(n * sizeof(double)), *y = malloc(n * sizeof(double));

	(void)state;
	for (size_t i = 0; i < n; i++) {
		x[i] = 600000 + 40000 * rnd(); /* UTM metres */
		y[i] = 1200000 + 30000 * rnd();
	}
	against_geos(x, y, n, "random");
	free(x);
	free(y);
}

static void regular_grid(void **state)
{
	double x[900], y[900];
	size_t n = 0;
	sg_vcells vc;
	double box[4] = { 500000 - 10000, 2300000 - 10000, 500000 + 20000,
			  2300000 + 20000 };

	(void)state;
	for (int i = 0; i < 30; i++)
		for (int j = 0; j < 30; j++) {
			x[n] = 500000 + 250.0 * i;
			y[n++] = 2300000 + 250.0 * j;
		}
	against_geos(x, y, n, "grid");
	/* An inner site's cell is its 250 m square: 4 vertices (the two
	 * triangles of a square share one circumcentre), 62,500 m2. */
	assert_int_equal(sg_voronoi__cells(x, y, n, box, &vc), 0);
	for (size_t s = 0; s < n; s++) {
		size_t a = vc.start[s], m = vc.start[s + 1] - a;
		int i = (int)(s / 30), j = (int)(s % 30);
		double area = 0;

		if (i == 0 || j == 0 || i == 29 || j == 29)
			continue;
		assert_int_equal(m, 4);
		for (size_t k = 0; k < m; k++) {
			const double *p = vc.xy + 2 * (a + k);
			const double *q = vc.xy + 2 * (a + (k + 1) % m);

			area += (p[0] - x[s]) * (q[1] - y[s]) -
				(q[0] - x[s]) * (p[1] - y[s]);
		}
		assert_true(fabs(area / 2 - 62500) < 1e-6);
	}
	sg_vcells_free(&vc);
}

static void clustered(void **state)
{
	double x[1200], y[1200];
	size_t n = 0;

	(void)state;
	for (int c = 0; c < 24; c++) {
		double cx = 500000 + 30000 * rnd(),
		       cy = 2300000 + 30000 * rnd();

		for (int i = 0; i < 50; i++) {
			x[n] = cx + 100 * rnd();
			y[n++] = cy + 100 * rnd();
		}
	}
	against_geos(x, y, n, "clusters");
}

static void on_a_line(void **state)
{
	double x[60], y[60];

	(void)state;
	for (int i = 0; i < 60; i++) { /* a slanted line, shuffled */
		int k = (i * 37) % 60;

		x[i] = 500000 + 3.0 * k;
		y[i] = 2300000 + 7.0 * k;
	}
	against_geos(x, y, 60, "slanted line");
	for (int i = 0; i < 20; i++) {
		x[i] = 500000;
		y[i] = 2300000 + 10.0 * ((i * 7) % 20);
	}
	against_geos(x, y, 20, "vertical line");
	/* All on a line but one. */
	for (int i = 0; i < 20; i++) {
		x[i] = 500000 + 10.0 * i;
		y[i] = 2300000;
	}
	x[20] = 500050;
	y[20] = 2300030;
	against_geos(x, y, 21, "line and one");
}

static void few_sites(void **state)
{
	double x[3] = { 500010, 500050, 500020 };
	double y[3] = { 2300020, 2300030, 2300070 };
	double box[4] = { 500000, 2300000, 500100, 2300100 };
	sg_vcells vc;

	(void)state;
	against_geos(x, y, 2, "two sites");
	against_geos(x, y, 3, "three sites");
	x[2] = 500090; /* three on a line */
	y[2] = 2300040;
	against_geos(x, y, 3, "three on a line");
	/* One site: the frame. */
	assert_int_equal(sg_voronoi__cells(x, y, 1, box, &vc), 0);
	assert_int_equal(vc.start[1], 4);
	sg_vcells_free(&vc);
	/* No site, and a repeated site refused. */
	assert_int_equal(sg_voronoi__cells(x, y, 0, box, &vc), 0);
	sg_vcells_free(&vc);
	x[1] = x[0];
	y[1] = y[0];
	assert_int_equal(sg_voronoi__cells(x, y, 3, box, &vc), -2);
	assert_null(vc.xy);
}

/* 128-bit integer signs of points given as integers (times 2^-10). */
static int sign128(__int128 v)
{
	return v > 0 ? 1 : v < 0 ? -1 : 0;
}

static int orient_int(const int64_t *a, const int64_t *b, const int64_t *c)
{
	__int128 l = (__int128)(b[0] - a[0]) * (c[1] - a[1]);
	__int128 r = (__int128)(b[1] - a[1]) * (c[0] - a[0]);

	return sign128(l - r);
}

static int incircle_int(const int64_t *a, const int64_t *b, const int64_t *c,
			const int64_t *d)
{
	__int128 adx = a[0] - d[0], ady = a[1] - d[1], bdx = b[0] - d[0];
	__int128 bdy = b[1] - d[1], cdx = c[0] - d[0], cdy = c[1] - d[1];
	__int128 al = adx * adx + ady * ady, bl = bdx * bdx + bdy * bdy;
	__int128 cl = cdx * cdx + cdy * cdy;

	return sign128(al * (bdx * cdy - cdx * bdy) +
		       bl * (cdx * ady - adx * cdy) +
		       cl * (adx * bdy - bdx * ady));
}

static void to_double(const int64_t *p, double *q)
{
	q[0] = ldexp((double)p[0], -10);
	q[1] = ldexp((double)p[1], -10);
}

static int naive_incircle(const double *a, const double *b, const double *c,
			  const double *d)
{
	double adx = a[0] - d[0], ady = a[1] - d[1], bdx = b[0] - d[0];
	double bdy = b[1] - d[1], cdx = c[0] - d[0], cdy = c[1] - d[1];
	double v = (adx * adx + ady * ady) * (bdx * cdy - cdx * bdy) +
		   (bdx * bdx + bdy * bdy) * (cdx * ady - adx * cdy) +
		   (cdx * cdx + cdy * cdy) * (adx * bdy - bdx * ady);

	return v > 0 ? 1 : v < 0 ? -1 : 0;
}

static void exact_predicates(void **state)
{
	/* Far from the origin (2^33 / 2^10 = 8,388 km), so the
	 * differences are rounded in a plain evaluation. */
	const int64_t o = (int64_t)1 << 33;
	/* Cocircular integer points: radius 5 and 25 (3-4-5, 7-24-25). */
	const int64_t circ[][2] = {
		{ 5, 0 },  { 3, 4 },   { 0, 5 },  { -4, 3 },
		{ -5, 0 }, { -3, -4 }, { 4, -3 }, { 0, -5 }
	};
	int naive_wrong = 0, checked = 0, zeros = 0;

	(void)state;
	for (int rep = 0; rep < 4000; rep++) {
		int64_t s = 1 + (int64_t)(rnd() * 4000);
		int64_t a[2], b[2], c[2], d[2];
		double da[2], db[2], dc[2], dd[2];
		int i = rep % 8, j = (rep / 8) % 8, k = (rep / 64) % 8;

		if (i == j || j == k || i == k)
			continue;
		a[0] = o + s * circ[i][0];
		a[1] = o + s * circ[i][1];
		b[0] = o + s * circ[j][0];
		b[1] = o + s * circ[j][1];
		c[0] = o + s * circ[k][0];
		c[1] = o + s * circ[k][1];
		if (orient_int(a, b, c) < 0) {
			int64_t t[2] = { b[0], b[1] };

			b[0] = c[0];
			b[1] = c[1];
			c[0] = t[0];
			c[1] = t[1];
		}
		/* d on the circle, or one unit off it. */
		d[0] = o + s * circ[(i + j + k) % 8][0] + (int64_t)(rnd() * 3) -
		       1;
		d[1] = o + s * circ[(i + j + k) % 8][1] + (int64_t)(rnd() * 3) -
		       1;
		to_double(a, da);
		to_double(b, db);
		to_double(c, dc);
		to_double(d, dd);
		assert_int_equal(sg_dt__incircle(da, db, dc, dd),
				 incircle_int(a, b, c, d));
		assert_int_equal(sg_dt__orient(da, db, dd),
				 orient_int(a, b, d));
		naive_wrong += naive_incircle(da, db, dc, dd) !=
			       incircle_int(a, b, c, d);
		zeros += incircle_int(a, b, c, d) == 0;
		checked++;
	}
	/* Nearly collinear: c a unit off the line through a and b. */
	for (int rep = 0; rep < 2000; rep++) {
		int64_t a[2] = { o + (int64_t)(rnd() * 1e6),
				 o + (int64_t)(rnd() * 1e6) };
		int64_t t = (int64_t)(rnd() * 1000),
			dx = 1 + (int64_t)(rnd() * 1000);
		int64_t dy = (int64_t)(rnd() * 1000);
		int64_t b[2] = { a[0] + dx, a[1] + dy };
		int64_t c[2] = { a[0] + t * dx + (int64_t)(rnd() * 3) - 1,
				 a[1] + t * dy };
		double da[2], db[2], dc[2];

		to_double(a, da);
		to_double(b, db);
		to_double(c, dc);
		assert_int_equal(sg_dt__orient(da, db, dc),
				 orient_int(a, b, c));
		checked++;
	}
	print_message("predicates: %d checked, %d cocircular, a plain "
		      "evaluation wrong %d times\n",
		      checked, zeros, naive_wrong);
	assert_true(zeros > 100);
	assert_true(naive_wrong > 0); /* the cases are hard ones */
}

/* Strictly convex by brute force: for every edge, every other vertex
 * strictly on one side, the same side for all edges (integers: the
 * products are exact). */
static int convex_brute(const double *xy, size_t n)
{
	int side = 0;

	for (size_t i = 0; i < n; i++) {
		const double *a = xy + 2 * i, *b = xy + 2 * ((i + 1) % n);

		for (size_t k = 0; k < n; k++) {
			const double *c = xy + 2 * k;
			double d;
			int o;

			if (k == i || k == (i + 1) % n)
				continue;
			d = (b[0] - a[0]) * (c[1] - a[1]) -
			    (b[1] - a[1]) * (c[0] - a[0]);
			o = (d > 0) - (d < 0);
			if (o == 0 || (side && o != side))
				return 0;
			side = o;
		}
	}
	return n >= 3;
}

static int cmp_angle(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* sg_dt__convex against the brute force, and every ring it accepts valid
 * for GEOS: random rings, rings of points round a circle (convex, or not
 * after rounding to the grid), both ways round, stars wound twice. */
static void convex_rings(void **state)
{
	GEOSContextHandle_t h = GEOS_init_r();
	int yes = 0, no = 0;

	(void)state;
	for (int t = 0; t < 20000; t++) {
		double xy[2 * 12], ang[12];
		size_t n = 3 + (size_t)(rnd() * 10);
		int kind = t % 4, got, want;

		if (kind == 0) { /* any order */
			for (size_t i = 0; i < 2 * n; i++)
				xy[i] = floor(rnd() * 12);
		} else { /* round a circle, kind 3: wound twice */
			double r = 3 + rnd() * 1000;

			for (size_t i = 0; i < n; i++)
				ang[i] = rnd() * 2 * PI;
			qsort(ang, n, sizeof(*ang), cmp_angle);
			for (size_t i = 0; i < n; i++) {
				size_t k = kind == 3 ? (2 * i) % n : i;

				xy[2 * i] = floor(r * cos(ang[k]));
				xy[2 * i + 1] = floor(r * sin(ang[k]));
			}
			if (kind == 2) /* clockwise */
				for (size_t i = 0; i < n / 2; i++)
					for (int c = 0; c < 2; c++) {
						double v = xy[2 * i + c];

						xy[2 * i + c] =
							xy[2 * (n - 1 - i) + c];
						xy[2 * (n - 1 - i) + c] = v;
					}
		}
		got = sg_dt__convex(xy, n);
		want = convex_brute(xy, n);
		if (got != want)
			fail_msg("ring %d (%zu vertices): convex %d, brute "
				 "force %d",
				 t, n, got, want);
		if (got) {
			GEOSCoordSequence *cs =
				GEOSCoordSeq_create_r(h, (unsigned)n + 1, 2);
			GEOSGeometry *g;

			for (size_t i = 0; i <= n; i++)
				GEOSCoordSeq_setXY_r(h, cs, (unsigned)i,
						     xy[2 * (i % n)],
						     xy[2 * (i % n) + 1]);
			g = GEOSGeom_createPolygon_r(
				h, GEOSGeom_createLinearRing_r(h, cs), NULL, 0);
			assert_int_equal(GEOSisValid_r(h, g), 1);
			GEOSGeom_destroy_r(h, g);
		}
		yes += got;
		no += !got;
	}
	/* A pentagram: all turns one way, wound twice. */
	{
		double star[10];

		for (int i = 0; i < 5; i++) {
			star[2 * i] = floor(100 * cos(4 * PI * i / 5));
			star[2 * i + 1] = floor(100 * sin(4 * PI * i / 5));
		}
		assert_int_equal(sg_dt__convex(star, 5), 0);
	}
	print_message("convex rings: %d yes, %d no\n", yes, no);
	assert_true(yes > 3000 && no > 3000);
	GEOS_finish_r(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exact_predicates),
		cmocka_unit_test(few_sites),
		cmocka_unit_test(on_a_line),
		cmocka_unit_test(regular_grid),
		cmocka_unit_test(clustered),
		cmocka_unit_test(random_points),
		cmocka_unit_test(convex_rings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
