/*
 * tests/tiles/test_render.c - the rasterizer: coverage equals area,
 * fill rules, no seams between polygons sharing edges, markers on their
 * exact pixel, strokes, clipping and "over" compositing.
 *
 * Areas are checked against GEOS (an independent implementation): the
 * sum of a polygon's pixel coverages must equal the area of the polygon
 * inside the raster.
 */
#include <math.h>

#include "sg_test.h"
#include "tiles/geom.h"
#include "tiles/render.h"

#include <geos_c.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static GEOSContextHandle_t geos;

static int setup(void **state)
{
	(void)state;
	geos = GEOS_init_r();
	return geos ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	GEOS_finish_r(geos);
	return 0;
}

static GEOSGeometry *wkt(const char *text)
{
	GEOSWKTReader *rd = GEOSWKTReader_create_r(geos);
	GEOSGeometry *g = GEOSWKTReader_read_r(geos, rd, text);

	GEOSWKTReader_destroy_r(geos, rd);
	assert_non_null(g);
	return g;
}

static double area(const GEOSGeometry *g)
{
	double a = 0;

	GEOSArea_r(geos, g, &a);
	return a;
}

/* Area of g inside the w x h raster box. */
static double area_in(const GEOSGeometry *g, unsigned w, unsigned h)
{
	char box[160];
	GEOSGeometry *b, *i;
	double a;

	snprintf(box, sizeof(box), "POLYGON((0 0,%u 0,%u %u,0 %u,0 0))", w, w,
		 h, h);
	b = wkt(box);
	i = GEOSIntersection_r(geos, g, b);
	a = area(i);
	GEOSGeom_destroy_r(geos, i);
	GEOSGeom_destroy_r(geos, b);
	return a;
}

/* The coverage of geometry g, summed into cov (w x h). */
static void cover(sg_raster *r, const GEOSGeometry *g, sg_fill_rule rule,
		  float *cov)
{
	sg_shapes s;

	sg_shapes__init(&s);
	assert_int_equal(sg_shapes__add(&s, geos, g), 0);
	sg_shapes__path(&s, 0, r);
	sg_raster__coverage(r, rule, cov);
	sg_shapes__free(&s);
}

static double sum(const float *v, size_t n)
{
	double t = 0;

	for (size_t i = 0; i < n; i++)
		t += v[i];
	return t;
}

static uint64_t rng = 0x5c001915ull;

static double rnd(void)
{
	uint64_t z = (rng += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return (double)((z ^ (z >> 31)) >> 11) / 9007199254740992.0;
}

/* A random star-shaped polygon of n vertices around (cx, cy). */
static GEOSGeometry *random_star(double cx, double cy, double r0, double r1,
				 int n)
{
	char *buf = malloc((size_t)n * 64 + 64);
	size_t len = 0;
	GEOSGeometry *g;
	double fx = 0, fy = 0;

	len += (size_t)sprintf(buf, "POLYGON((");
	for (int i = 0; i < n; i++) {
		double a = 2 * M_PI * i / n, rr = r0 + (r1 - r0) * rnd();
		double x = cx + rr * cos(a), y = cy + rr * sin(a);

		if (i == 0) {
			fx = x;
			fy = y;
		}
		len += (size_t)sprintf(buf + len, "%.9f %.9f,", x, y);
	}
	sprintf(buf + len, "%.9f %.9f))", fx, fy);
	g = wkt(buf);
	free(buf);
	return g;
}

static void check_rel(double got, double want, double rel, const char *what)
{
	if (!(fabs(got - want) <= rel * want))
		fail_msg("%s: coverage %.6f, area %.6f (%.4f%%)", what, got,
			 want, 100 * fabs(got - want) / want);
}

/*---- Coverage equals area -----------------------------------------------*/

static void test_render__area_equals_coverage(void **state)
{
	const unsigned w = 200, h = 150;
	float *cov = calloc(w * h, sizeof(float));
	sg_raster *r;
	GEOSGeometry *g;
	uint8_t *px = malloc(w * h * 4);
	double a8;

	(void)state;
	assert_int_equal(sg_raster__new(&r, w, h), 0);
	/* A concave polygon with a hole, vertices off the pixel grid. */
	g = wkt("POLYGON((10.3 12.7,150.2 20.1,180.9 130.4,95.5 70.25,"
		"20.6 140.8,10.3 12.7),(60.1 40.2,100.7 45.3,80.3 60.9,"
		"60.1 40.2))");
	cover(r, g, SG_FILL_NONZERO, cov);
	check_rel(sum(cov, w * h), area(g), 1e-5, "hole, non-zero");
	memset(cov, 0, w * h * sizeof(float));
	cover(r, g, SG_FILL_EVENODD, cov);
	check_rel(sum(cov, w * h), area(g), 1e-5, "hole, even-odd");
	/* Through the 8-bit canvas: alpha / 255 sums to the area within
	 * 0.5% (the criterion). */
	{
		sg_shapes s;

		sg_shapes__init(&s);
		sg_shapes__add(&s, geos, g);
		sg_shapes__path(&s, 0, r);
		sg_raster__fill(r, sg_rgba__from8(0, 0, 0, 255),
				SG_FILL_NONZERO);
		sg_shapes__free(&s);
	}
	sg_raster__to_rgba8(r, px, w * 4);
	a8 = 0;
	for (size_t i = 0; i < w * h; i++)
		a8 += px[4 * i + 3] / 255.0;
	check_rel(a8, area(g), 0.005, "8-bit alpha");
	GEOSGeom_destroy_r(geos, g);
	/* Random star polygons, many crossing the raster's edges. */
	for (int k = 0; k < 40; k++) {
		double cx = -40 + 280 * rnd(), cy = -40 + 230 * rnd();
		double want;

		g = random_star(cx, cy, 5 + 20 * rnd(), 30 + 60 * rnd(),
				3 + (int)(60 * rnd()));
		want = area_in(g, w, h);
		memset(cov, 0, w * h * sizeof(float));
		cover(r, g, SG_FILL_NONZERO, cov);
		if (want > 1)
			check_rel(sum(cov, w * h), want, 1e-4, "random star");
		else
			assert_true(fabs(sum(cov, w * h) - want) < 1e-3);
		for (size_t i = 0; i < w * h; i++)
			assert_true(cov[i] >= 0 && cov[i] <= 1.0f + 1e-6f);
		GEOSGeom_destroy_r(geos, g);
	}
	sg_raster__free(r);
	free(cov);
	free(px);
}

/* Vertices far outside the raster (clipping) and a polygon covering it
 * all: every pixel fully covered. */
static void test_render__clipping(void **state)
{
	const unsigned w = 64, h = 48;
	float *cov = calloc(w * h, sizeof(float));
	sg_raster *r;
	GEOSGeometry *g;

	(void)state;
	assert_int_equal(sg_raster__new(&r, w, h), 0);
	g = wkt("POLYGON((-1e6 -1e6,1e6 -2e6,3e6 1e6,-1e6 1e6,-1e6 -1e6))");
	cover(r, g, SG_FILL_NONZERO, cov);
	for (size_t i = 0; i < w * h; i++)
		assert_true(fabsf(cov[i] - 1.0f) < 1e-6f);
	GEOSGeom_destroy_r(geos, g);
	/* A thin sliver from far left to far right through the middle. */
	memset(cov, 0, w * h * sizeof(float));
	g = wkt("POLYGON((-5000 20.25,5000 22.75,5000 23.5,-5000 21,"
		"-5000 20.25))");
	cover(r, g, SG_FILL_NONZERO, cov);
	check_rel(sum(cov, w * h), area_in(g, w, h), 1e-4, "sliver");
	GEOSGeom_destroy_r(geos, g);
	/* Entirely right of, above and below the raster: nothing. */
	memset(cov, 0, w * h * sizeof(float));
	g = wkt("POLYGON((70 10,90 10,90 30,70 30,70 10))");
	cover(r, g, SG_FILL_NONZERO, cov);
	GEOSGeom_destroy_r(geos, g);
	g = wkt("POLYGON((-10 -30,90 -30,90 -1,-10 -1,-10 -30))");
	cover(r, g, SG_FILL_NONZERO, cov);
	GEOSGeom_destroy_r(geos, g);
	assert_true(sum(cov, w * h) == 0);
	/* Entirely left: also nothing (the edges cancel on x = 0). */
	g = wkt("POLYGON((-30 10,-5 10,-5 30,-30 30,-30 10))");
	cover(r, g, SG_FILL_NONZERO, cov);
	assert_true(sum(cov, w * h) == 0);
	GEOSGeom_destroy_r(geos, g);
	sg_raster__free(r);
	free(cov);
}

/*---- Fill rules ---------------------------------------------------------*/

/* A pentagram (one self-crossing ring): non-zero fills the centre
 * (winding 2), even-odd leaves it empty. */
static void test_render__fill_rules(void **state)
{
	const unsigned w = 120, h = 120;
	const double R = 50, cx = 60.2, cy = 59.7;
	float *cov = calloc(w * h, sizeof(float));
	double xy[10], r_in, star, pentagon;
	sg_raster *r;

	(void)state;
	assert_int_equal(sg_raster__new(&r, w, h), 0);
	for (int i = 0; i < 5; i++) {
		double a = -M_PI / 2 + 2 * M_PI * (2 * i % 5) / 5;

		xy[2 * i] = cx + R * cos(a);
		xy[2 * i + 1] = cy + R * sin(a);
	}
	/* The star's outline has inner vertices at radius r_in. */
	r_in = R * cos(2 * M_PI / 5) / cos(M_PI / 5);
	star = 5 * R * r_in * sin(M_PI / 5);
	pentagon = 2.5 * r_in * r_in * sin(2 * M_PI / 5);
	/* Pixels where the ring crosses itself hold areas of winding 1 and
	 * 2: their coverage is approximate (as in every accumulation
	 * rasterizer), hence 0.1% instead of 0.01%. */
	sg_raster__ring(r, xy, 5);
	sg_raster__coverage(r, SG_FILL_NONZERO, cov);
	check_rel(sum(cov, w * h), star, 1e-3, "pentagram non-zero");
	assert_true(cov[60 * w + 60] == 1.0f);
	memset(cov, 0, w * h * sizeof(float));
	sg_raster__ring(r, xy, 5);
	sg_raster__coverage(r, SG_FILL_EVENODD, cov);
	check_rel(sum(cov, w * h), star - pentagon, 1e-3, "pentagram even-odd");
	assert_true(cov[60 * w + 60] == 0.0f);
	/* Two nested squares turning the same way: non-zero fills the
	 * inner one, even-odd makes it a hole. */
	{
		double outer[] = { 10, 10, 110, 10, 110, 110, 10, 110 };
		double inner[] = { 40, 40, 80, 40, 80, 80, 40, 80 };

		memset(cov, 0, w * h * sizeof(float));
		sg_raster__ring(r, outer, 4);
		sg_raster__ring(r, inner, 4);
		sg_raster__coverage(r, SG_FILL_NONZERO, cov);
		check_rel(sum(cov, w * h), 100 * 100, 1e-6, "nested non-zero");
		memset(cov, 0, w * h * sizeof(float));
		sg_raster__ring(r, outer, 4);
		sg_raster__ring(r, inner, 4);
		sg_raster__coverage(r, SG_FILL_EVENODD, cov);
		check_rel(sum(cov, w * h), 100 * 100 - 40 * 40, 1e-6,
			  "nested even-odd");
	}
	sg_raster__free(r);
	free(cov);
}

/*---- Shared edges -------------------------------------------------------*/

/* Polygons tiling the box [10, 90]^2, all fully inside the raster. */
static size_t tiling_polygons(GEOSGeometry **out, size_t cap)
{
	GEOSGeometry *pts, *box, *vor;
	GEOSCoordSequence *seq = GEOSCoordSeq_create_r(geos, 25, 2);
	size_t n = 0;

	for (unsigned i = 0; i < 25; i++)
		GEOSCoordSeq_setXY_r(geos, seq, i, 10 + 80 * rnd(),
				     10 + 80 * rnd());
	pts = GEOSGeom_createLineString_r(geos, seq);
	box = wkt("POLYGON((10 10,90 10,90 90,10 90,10 10))");
	vor = GEOSVoronoiDiagram_r(geos, pts, box, 0, 0);
	assert_non_null(vor);
	for (int i = 0; i < GEOSGetNumGeometries_r(geos, vor) && n < cap; i++) {
		GEOSGeometry *c = GEOSIntersection_r(
			geos, GEOSGetGeometryN_r(geos, vor, i), box);

		if (area(c) > 0)
			out[n++] = c;
		else
			GEOSGeom_destroy_r(geos, c);
	}
	GEOSGeom_destroy_r(geos, vor);
	GEOSGeom_destroy_r(geos, box);
	GEOSGeom_destroy_r(geos, pts);
	return n;
}

static void test_render__shared_edges_no_seams(void **state)
{
	const unsigned w = 100, h = 100;
	float *cov = calloc(w * h, sizeof(float));
	uint8_t *px = malloc(w * h * 4);
	GEOSGeometry *cells[64];
	size_t n, seams_over = 0;
	sg_shapes s;
	sg_raster *r;

	(void)state;
	assert_int_equal(sg_raster__new(&r, w, h), 0);
	/* Two triangles split by a slanted diagonal. */
	{
		double a[] = { 10.2, 10.3, 90.7, 10.3, 90.7, 89.9 };
		double b[] = { 10.2, 10.3, 90.7, 89.9, 10.2, 89.9 };

		sg_raster__ring(r, a, 3);
		sg_raster__coverage(r, SG_FILL_NONZERO, cov);
		sg_raster__ring(r, b, 3);
		sg_raster__coverage(r, SG_FILL_NONZERO, cov);
		for (unsigned y = 11; y < 89; y++)
			for (unsigned x = 11; x < 90; x++)
				if (fabsf(cov[y * w + x] - 1.0f) > 1e-5f)
					fail_msg("diagonal: pixel %u,%u: %.7f",
						 x, y, cov[y * w + x]);
	}
	/* Voronoi cells: every pixel inside the box sums to exactly 1. */
	n = tiling_polygons(cells, 64);
	assert_true(n >= 20);
	sg_shapes__init(&s);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(sg_shapes__add(&s, geos, cells[i]), 0);
	memset(cov, 0, w * h * sizeof(float));
	for (size_t i = 0; i < n; i++) {
		sg_shapes__path(&s, i, r);
		sg_raster__coverage(r, SG_FILL_NONZERO, cov);
	}
	for (unsigned y = 10; y < 90; y++)
		for (unsigned x = 10; x < 90; x++)
			if (fabsf(cov[y * w + x] - 1.0f) > 1e-5f)
				fail_msg("voronoi: pixel %u,%u sums to %.7f", x,
					 y, cov[y * w + x]);
	/* Drawn as one layer in opaque colours: every pixel of the box is
	 * opaque in the 8-bit output. */
	assert_int_equal(sg_raster__layer_begin(r, 1.0f), 0);
	for (size_t i = 0; i < n; i++) {
		sg_shapes__path(&s, i, r);
		sg_raster__fill(r,
				sg_rgba__from8((uint8_t)(40 * i),
					       (uint8_t)(255 - 9 * i), 90, 255),
				SG_FILL_NONZERO);
	}
	sg_raster__layer_end(r);
	sg_raster__to_rgba8(r, px, w * 4);
	for (unsigned y = 10; y < 90; y++)
		for (unsigned x = 10; x < 90; x++)
			if (px[4 * (y * w + x) + 3] != 255)
				fail_msg("layer: pixel %u,%u alpha %u", x, y,
					 px[4 * (y * w + x) + 3]);
	/* The same cells composited one by one with "over" do leave seams:
	 * that is why fills of one layer are added. */
	sg_raster__clear(r);
	for (size_t i = 0; i < n; i++) {
		sg_shapes__path(&s, i, r);
		sg_raster__fill(r, sg_rgba__from8(0, 0, 0, 255),
				SG_FILL_NONZERO);
	}
	sg_raster__to_rgba8(r, px, w * 4);
	for (unsigned y = 10; y < 90; y++)
		for (unsigned x = 10; x < 90; x++)
			seams_over += px[4 * (y * w + x) + 3] != 255;
	assert_true(seams_over > 0);
	for (size_t i = 0; i < n; i++)
		GEOSGeom_destroy_r(geos, cells[i]);
	sg_shapes__free(&s);
	sg_raster__free(r);
	free(cov);
	free(px);
}

/*---- Markers ------------------------------------------------------------*/

static uint8_t alpha_at(const uint8_t *px, unsigned w, unsigned x, unsigned y)
{
	return px[4 * (y * w + x) + 3];
}

static void test_render__markers_exact_pixel(void **state)
{
	const unsigned w = 40, h = 40;
	uint8_t *px = malloc(w * h * 4);
	const sg_rgba red = sg_rgba__from8(255, 0, 0, 255), none = { 0 };
	sg_raster *r;

	(void)state;
	assert_int_equal(sg_raster__new(&r, w, h), 0);
	for (int shape = 0; shape < 4; shape++) {
		double total = 0, mx = 0, my = 0;

		sg_raster__clear(r);
		sg_raster__marker(r, (sg_shape)shape, 12.5, 20.5, 7, red, none,
				  0);
		sg_raster__to_rgba8(r, px, w * 4);
		for (unsigned y = 0; y < h; y++)
			for (unsigned x = 0; x < w; x++) {
				double a = alpha_at(px, w, x, y) / 255.0;

				total += a;
				mx += a * (x + 0.5);
				my += a * (y + 0.5);
			}
		/* The centre pixel is fully covered, the shape's centroid is
		 * the marker's position, and every shape has the circle's
		 * area. */
		assert_int_equal(alpha_at(px, w, 12, 20), 255);
		if (fabs(mx / total - 12.5) > 0.01 ||
		    fabs(my / total - 20.5) > 0.01)
			fail_msg("shape %d: centroid %.4f %.4f", shape,
				 mx / total, my / total);
		check_rel(total, M_PI * 3.5 * 3.5, 0.01, "marker area");
		/* Left-right symmetry about the centre pixel. */
		for (unsigned d = 1; d < 6; d++)
			assert_int_equal(alpha_at(px, w, 12 - d, 20),
					 alpha_at(px, w, 12 + d, 20));
		if (shape != SG_SHAPE_TRIANGLE)
			for (unsigned d = 1; d < 6; d++)
				assert_int_equal(alpha_at(px, w, 12, 20 - d),
						 alpha_at(px, w, 12, 20 + d));
		/* Off the pixel grid too: the centroid follows (to 0.05 px:
		 * a partly covered edge pixel counts at its centre). */
		sg_raster__clear(r);
		sg_raster__marker(r, (sg_shape)shape, 25.3, 9.8, 6, red, none,
				  0);
		sg_raster__to_rgba8(r, px, w * 4);
		total = mx = my = 0;
		for (unsigned y = 0; y < h; y++)
			for (unsigned x = 0; x < w; x++) {
				double a = alpha_at(px, w, x, y) / 255.0;

				total += a;
				mx += a * (x + 0.5);
				my += a * (y + 0.5);
			}
		assert_int_equal(alpha_at(px, w, 25, 9), 255);
		if (fabs(mx / total - 25.3) > 0.05 ||
		    fabs(my / total - 9.8) > 0.05)
			fail_msg("shape %d off-grid: centroid %.4f %.4f", shape,
				 mx / total, my / total);
	}
	/* A square of side 4 centred on a pixel corner covers exactly the
	 * 4 x 4 pixels around it. */
	sg_raster__clear(r);
	sg_raster__marker(r, SG_SHAPE_SQUARE, 20, 10, 8 / sqrt(M_PI), red, none,
			  0);
	sg_raster__to_rgba8(r, px, w * 4);
	for (unsigned y = 6; y < 14; y++)
		for (unsigned x = 16; x < 24; x++) {
			int in = x >= 18 && x < 22 && y >= 8 && y < 12;

			assert_int_equal(alpha_at(px, w, x, y), in ? 255 : 0);
		}
	/* With an outline: the ring is the outline colour, the centre the
	 * fill. */
	sg_raster__clear(r);
	sg_raster__marker(r, SG_SHAPE_CIRCLE, 20.5, 20.5, 10, red,
			  sg_rgba__from8(255, 255, 255, 255), 2);
	sg_raster__to_rgba8(r, px, w * 4);
	assert_int_equal(px[4 * (20 * w + 20)], 255);
	assert_int_equal(px[4 * (20 * w + 20) + 1], 0);
	assert_int_equal(px[4 * (20 * w + 26) + 1], 255); /* ring */
	assert_int_equal(alpha_at(px, w, 20, 28), 0);	  /* outside */
	sg_raster__free(r);
	free(px);
}

/*---- Strokes ------------------------------------------------------------*/

static void test_render__strokes(void **state)
{
	const unsigned w = 120, h = 100;
	float *cov = calloc(w * h, sizeof(float));
	GEOSGeometry *line, *out;
	sg_raster *r;

	(void)state;
	assert_int_equal(sg_raster__new(&r, w, h), 0);
	line = wkt("LINESTRING(10.3 10.2,60.7 80.1,100.5 20.9,110.2 70.4)");
	for (int mitre = 0; mitre < 2; mitre++)
		for (double width = 0.5; width <= 6; width *= 2) {
			out = sg_stroke__outline(geos, line, width, 8, mitre);
			assert_non_null(out);
			memset(cov, 0, w * h * sizeof(float));
			cover(r, out, SG_FILL_NONZERO, cov);
			check_rel(sum(cov, w * h), area_in(out, w, h), 1e-4,
				  "stroke");
			/* ... and about length x width. */
			{
				double len = 0;

				GEOSLength_r(geos, line, &len);
				check_rel(sum(cov, w * h), len * width,
					  mitre ? 0.01 : 0.02,
					  "length x width");
			}
			GEOSGeom_destroy_r(geos, out);
		}
	GEOSGeom_destroy_r(geos, line);
	/* A flat-capped horizontal line 2 px wide on a pixel boundary
	 * covers exactly two rows. */
	line = wkt("LINESTRING(5 10,25 10)");
	out = sg_stroke__outline(geos, line, 2, 8, 1);
	memset(cov, 0, w * h * sizeof(float));
	cover(r, out, SG_FILL_NONZERO, cov);
	for (unsigned y = 0; y < 20; y++)
		for (unsigned x = 0; x < 30; x++) {
			float want = (y == 9 || y == 10) && x >= 5 && x < 25;

			assert_true(fabsf(cov[y * w + x] - want) < 1e-6f);
		}
	GEOSGeom_destroy_r(geos, out);
	GEOSGeom_destroy_r(geos, line);
	sg_raster__free(r);
	free(cov);
}

/*---- Compositing --------------------------------------------------------*/

static void test_render__over_compositing(void **state)
{
	uint8_t px[4 * 4];
	double sq[] = { 0, 0, 2, 0, 2, 2, 0, 2 };
	sg_raster *r;

	(void)state;
	assert_int_equal(sg_raster__new(&r, 2, 2), 0);
	/* 50% red over opaque blue: (0.5, 0, 0.5, 1). */
	sg_raster__ring(r, sq, 4);
	sg_raster__fill(r, sg_rgba__from8(0, 0, 255, 255), SG_FILL_NONZERO);
	sg_raster__ring(r, sq, 4);
	sg_raster__fill(r, sg_rgba__from8(255, 0, 0, 128), SG_FILL_NONZERO);
	sg_raster__to_rgba8(r, px, 8);
	assert_int_equal(px[0], 128);
	assert_int_equal(px[1], 0);
	assert_int_equal(px[2], 127);
	assert_int_equal(px[3], 255);
	/* 50% red over 50% blue: alpha 0.75, colour 2/3 red, 1/3 blue. */
	sg_raster__clear(r);
	sg_raster__ring(r, sq, 4);
	sg_raster__fill(r, sg_rgba__from8(0, 0, 255, 128), SG_FILL_NONZERO);
	sg_raster__ring(r, sq, 4);
	sg_raster__fill(r, sg_rgba__from8(255, 0, 0, 128), SG_FILL_NONZERO);
	sg_raster__to_rgba8(r, px, 8);
	assert_true(abs(px[0] - 170) <= 1);
	assert_true(abs(px[2] - 85) <= 1);
	assert_true(abs(px[3] - 191) <= 1);
	/* A layer at 50% opacity over nothing: half alpha, full colour. */
	sg_raster__clear(r);
	assert_int_equal(sg_raster__layer_begin(r, 0.5f), 0);
	sg_raster__ring(r, sq, 4);
	sg_raster__fill(r, sg_rgba__from8(0, 255, 0, 255), SG_FILL_NONZERO);
	sg_raster__layer_end(r);
	sg_raster__to_rgba8(r, px, 8);
	assert_int_equal(px[1], 255);
	assert_int_equal(px[3], 128);
	/* A layer over something already drawn goes through the layer
	 * buffer: two halves of the square sharing a diagonal, 50% green
	 * over opaque blue, give exactly half and half everywhere. */
	{
		double t1[] = { 0, 0, 2, 0, 2, 2 }, t2[] = { 0, 0, 2, 2, 0, 2 };

		sg_raster__clear(r);
		sg_raster__ring(r, sq, 4);
		sg_raster__fill(r, sg_rgba__from8(0, 0, 255, 255),
				SG_FILL_NONZERO);
		assert_int_equal(sg_raster__layer_begin(r, 0.5f), 0);
		sg_raster__ring(r, t1, 3);
		sg_raster__fill(r, sg_rgba__from8(0, 255, 0, 255),
				SG_FILL_NONZERO);
		sg_raster__ring(r, t2, 3);
		sg_raster__fill(r, sg_rgba__from8(0, 255, 0, 255),
				SG_FILL_NONZERO);
		sg_raster__layer_end(r);
		sg_raster__to_rgba8(r, px, 8);
		for (int i = 0; i < 4; i++) {
			assert_int_equal(px[4 * i + 1], 128);
			assert_int_equal(px[4 * i + 2], 128);
			assert_int_equal(px[4 * i + 3], 255);
		}
	}
	sg_raster__free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_render__area_equals_coverage),
		cmocka_unit_test(test_render__clipping),
		cmocka_unit_test(test_render__fill_rules),
		cmocka_unit_test(test_render__shared_edges_no_seams),
		cmocka_unit_test(test_render__markers_exact_pixel),
		cmocka_unit_test(test_render__strokes),
		cmocka_unit_test(test_render__over_compositing),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
