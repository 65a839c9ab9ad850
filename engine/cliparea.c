/*
 * engine/cliparea.c - area of polygonal rings inside a convex polygon by
 * Sutherland-Hodgman clipping (see engine/cliparea.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/cliparea.h"

typedef struct {
	size_t n;      /* vertices, the closing one left out */
	double *xy;    /* x0 y0 x1 y1 ... */
	double weight; /* +1 or -1: adds the inside's area, or takes */
	double box[4]; /* min x, min y, max x, max y */
} ring;

struct sg_rings {
	size_t n, cap;
	ring *r;
};

/* Twice the signed area of the closed polygon xy[0..n). */
static double shoelace2(const double *xy, size_t n)
{
	double s = 0;

	for (size_t i = 0, j = n - 1; i < n; j = i++)
		s += (xy[2 * j] - xy[0]) * (xy[2 * i + 1] - xy[1]) -
		     (xy[2 * i] - xy[0]) * (xy[2 * j + 1] - xy[1]);
	return s;
}

static int add_ring(GEOSContextHandle_t h, sg_rings *rs, const GEOSGeometry *g,
		    int hole)
{
	const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, g);
	unsigned size = 0;
	ring *r;

	if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &size))
		return -1;
	if (size < 4)
		return 0; /* no area */
	if (rs->n == rs->cap) {
		size_t cap = rs->cap ? 2 * rs->cap : 8;
		ring *v = realloc(rs->r, cap * sizeof(*v));

		if (!v)
			return -1;
		rs->r = v;
		rs->cap = cap;
	}
	r = &rs->r[rs->n];
	r->n = size - 1;
	if (!(r->xy = malloc(2 * r->n * sizeof(double))))
		return -1;
	r->box[0] = r->box[1] = INFINITY;
	r->box[2] = r->box[3] = -INFINITY;
	for (size_t i = 0; i < r->n; i++) {
		double x, y;

		if (!GEOSCoordSeq_getXY_r(h, cs, (unsigned)i, &x, &y)) {
			free(r->xy);
			return -1;
		}
		r->xy[2 * i] = x;
		r->xy[2 * i + 1] = y;
		r->box[0] = fmin(r->box[0], x);
		r->box[1] = fmin(r->box[1], y);
		r->box[2] = fmax(r->box[2], x);
		r->box[3] = fmax(r->box[3], y);
	}
	/* Clipping keeps a ring's orientation: the clipped signed area
	 * times the orientation is the area inside it. */
	r->weight = (shoelace2(r->xy, r->n) >= 0 ? 1 : -1) * (hole ? -1 : 1);
	rs->n++;
	return 0;
}

static int add_polygon(GEOSContextHandle_t h, sg_rings *rs,
		       const GEOSGeometry *p)
{
	int nh = GEOSGetNumInteriorRings_r(h, p);

	if (nh < 0 || add_ring(h, rs, GEOSGetExteriorRing_r(h, p), 0) != 0)
		return -1;
	for (int i = 0; i < nh; i++)
		if (add_ring(h, rs, GEOSGetInteriorRingN_r(h, p, i), 1) != 0)
			return -1;
	return 0;
}

sg_rings *sg_rings__new(GEOSContextHandle_t h, const GEOSGeometry *g)
{
	sg_rings *rs = calloc(1, sizeof(*rs));
	int t = GEOSGeomTypeId_r(h, g), rc = 0;

	if (!rs)
		return NULL;
	if (t == GEOS_POLYGON) {
		rc = add_polygon(h, rs, g);
	} else if (t == GEOS_MULTIPOLYGON) {
		int n = GEOSGetNumGeometries_r(h, g);

		for (int i = 0; i < n && rc == 0; i++)
			rc = add_polygon(h, rs, GEOSGetGeometryN_r(h, g, i));
	}
	if (rc != 0) {
		sg_rings__free(rs);
		return NULL;
	}
	return rs;
}

void sg_rings__free(sg_rings *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->n; i++)
		free(rs->r[i].xy);
	free(rs->r);
	free(rs);
}

/* Keep the part of in[0..n) left of (or on) the directed line a->b;
 * the result goes to *out (grown as needed), its size returned; SIZE_MAX
 * when out of memory. */
static size_t clip_half(const double *in, size_t n, double ax, double ay,
			double bx, double by, double **out, size_t *cap)
{
	double dx = bx - ax, dy = by - ay;
	size_t m = 0;

	for (size_t i = 0, j = n - 1; i < n; j = i++) {
		double sx = in[2 * j], sy = in[2 * j + 1];
		double ex = in[2 * i], ey = in[2 * i + 1];
		double ds = dx * (sy - ay) - dy * (sx - ax);
		double de = dx * (ey - ay) - dy * (ex - ax);

		if (m + 2 > *cap) {
			size_t c = 2 * *cap + 16;
			double *v = realloc(*out, 2 * c * sizeof(double));

			if (!v)
				return SIZE_MAX;
			*out = v;
			*cap = c;
		}
		if ((ds >= 0) != (de >= 0)) { /* crosses the line */
			double t = ds / (ds - de);

			(*out)[2 * m] = sx + t * (ex - sx);
			(*out)[2 * m + 1] = sy + t * (ey - sy);
			m++;
		}
		if (de >= 0) {
			(*out)[2 * m] = ex;
			(*out)[2 * m + 1] = ey;
			m++;
		}
	}
	return m;
}

double sg_rings__area_in(const sg_rings *rs, const double *x, const double *y,
			 size_t n)
{
	double box[4] = { INFINITY, INFINITY, -INFINITY, -INFINITY };
	double *a = NULL, *b = NULL, orient = 0, area = 0;
	size_t capa = 0, capb = 0;

	if (n > 1 && x[n - 1] == x[0] && y[n - 1] == y[0])
		n--; /* closed: drop the repeated vertex */
	if (n < 3)
		return 0;
	for (size_t i = 0, j = n - 1; i < n; j = i++) {
		orient += (x[j] - x[0]) * (y[i] - y[0]) -
			  (x[i] - x[0]) * (y[j] - y[0]);
		box[0] = fmin(box[0], x[i]);
		box[1] = fmin(box[1], y[i]);
		box[2] = fmax(box[2], x[i]);
		box[3] = fmax(box[3], y[i]);
	}
	for (size_t k = 0; k < rs->n; k++) {
		const ring *r = &rs->r[k];
		size_t m = r->n;
		const double *cur = r->xy;

		if (r->box[0] > box[2] || r->box[2] < box[0] ||
		    r->box[1] > box[3] || r->box[3] < box[1])
			continue;
		/* The convex polygon's edges, counter-clockwise. */
		for (size_t e = 0; e < n && m > 0; e++) {
			size_t i = orient >= 0 ? e : n - 1 - e;
			size_t j = orient >= 0 ? (e + 1) % n
					       : (2 * n - 2 - e) % n;
			double **out = cur == a ? &b : &a;
			size_t *cap = cur == a ? &capb : &capa;

			m = clip_half(cur, m, x[i], y[i], x[j], y[j], out, cap);
			if (m == SIZE_MAX) {
				free(a);
				free(b);
				return NAN;
			}
			cur = *out;
		}
		if (m >= 3)
			area += r->weight * 0.5 * shoelace2(cur, m);
	}
	free(a);
	free(b);
	return area;
}
