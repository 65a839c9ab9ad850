/*
 * engine/pip.c - point in polygon by horizontal strips.
 *
 * The area's bounding box is cut into S horizontal strips of equal
 * height, S about the number of edges.  Every edge is copied into each
 * strip its y-range meets (CSR layout: one offsets array, one array of
 * edges), so the strip of a query's y holds every edge a horizontal ray
 * through the query can cross.  The test is the classic crossing number
 * (W. R. Franklin's PNPOLY rule: an edge counts when exactly one of its
 * ends lies strictly above the ray), which is consistent along shared
 * vertices, and even-odd over all rings of a valid polygonal geometry
 * is its interior (holes and separate parts included).
 */
#include <math.h>
#include <stdlib.h>

#include "engine/pip.h"

typedef struct {
	double x0, y0, x1, y1;
} edge;

struct sg_pip {
	double minx, miny, maxx, maxy;
	double sh; /* strip height */
	size_t nstrips;
	size_t *start; /* nstrips + 1 offsets into edges */
	edge *edges;
};

/* Edges of every ring of g, appended to *v (grown as needed). */
static int ring_edges(GEOSContextHandle_t h, const GEOSGeometry *ring, edge **v,
		      size_t *n, size_t *cap)
{
	const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, ring);
	unsigned int np = 0;
	double px = 0, py = 0;

	if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &np))
		return -1;
	for (unsigned int k = 0; k < np; k++) {
		double x, y;

		if (!GEOSCoordSeq_getXY_r(h, cs, k, &x, &y))
			return -1;
		if (k > 0 && py != y) { /* horizontal edges never count */
			if (*n == *cap) {
				size_t nc = *cap ? *cap * 2 : 256;
				edge *e = realloc(*v, nc * sizeof(*e));

				if (!e)
					return -2;
				*v = e;
				*cap = nc;
			}
			(*v)[(*n)++] = (edge){ px, py, x, y };
		}
		px = x;
		py = y;
	}
	return 0;
}

static int polygon_edges(GEOSContextHandle_t h, const GEOSGeometry *g, edge **v,
			 size_t *n, size_t *cap)
{
	int t = GEOSGeomTypeId_r(h, g), rc;

	if (GEOSisEmpty_r(h, g) == 1)
		return 0;
	if (t == GEOS_POLYGON) {
		int nh = GEOSGetNumInteriorRings_r(h, g);

		rc = ring_edges(h, GEOSGetExteriorRing_r(h, g), v, n, cap);
		for (int i = 0; rc == 0 && i < nh; i++)
			rc = ring_edges(h, GEOSGetInteriorRingN_r(h, g, i), v,
					n, cap);
		return rc;
	}
	if (t == GEOS_MULTIPOLYGON || t == GEOS_GEOMETRYCOLLECTION) {
		int k = GEOSGetNumGeometries_r(h, g);

		for (int i = 0; i < k; i++)
			if ((rc = polygon_edges(h, GEOSGetGeometryN_r(h, g, i),
						v, n, cap)) != 0)
				return rc;
	}
	return 0;
}

/* Strips [a, b] that edge e's y-range meets. */
static void strip_range(const sg_pip *p, const edge *e, size_t *a, size_t *b)
{
	double lo = fmin(e->y0, e->y1), hi = fmax(e->y0, e->y1);
	double fa = floor((lo - p->miny) / p->sh);
	double fb = floor((hi - p->miny) / p->sh);
	double last = (double)(p->nstrips - 1);

	*a = fa < 0 ? 0 : fa > last ? p->nstrips - 1 : (size_t)fa;
	*b = fb < 0 ? 0 : fb > last ? p->nstrips - 1 : (size_t)fb;
}

int sg_pip__new(sg_ctx *ctx, const GEOSGeometry *g, sg_pip **out)
{
	GEOSContextHandle_t h = ctx->geos;
	edge *all = NULL;
	size_t n = 0, cap = 0, total = 0, *fill = NULL;
	sg_pip *p;
	int rc;

	*out = NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return sg_error__set(ctx, SG_ENOMEM,
				     "point in polygon: out "
				     "of memory");
	rc = polygon_edges(h, g, &all, &n, &cap);
	if (rc != 0) {
		free(all);
		free(p);
		return rc == -2 ? sg_error__oom(ctx, "point in polygon")
				: sg_error__set(ctx, SG_EGEOS,
						"point in "
						"polygon: GEOS: %s",
						ctx->geos_msg);
	}
	p->minx = p->miny = INFINITY;
	p->maxx = p->maxy = -INFINITY;
	for (size_t i = 0; i < n; i++) {
		p->minx = fmin(p->minx, fmin(all[i].x0, all[i].x1));
		p->maxx = fmax(p->maxx, fmax(all[i].x0, all[i].x1));
		p->miny = fmin(p->miny, fmin(all[i].y0, all[i].y1));
		p->maxy = fmax(p->maxy, fmax(all[i].y0, all[i].y1));
	}
	p->nstrips = n < 1 ? 1 : n > 65536 ? 65536 : n;
	p->sh = n ? (p->maxy - p->miny) / (double)p->nstrips : 1;
	if (!(p->sh > 0))
		p->sh = 1;
	p->start = calloc(p->nstrips + 1, sizeof(size_t));
	fill = calloc(p->nstrips, sizeof(size_t));
	if (!p->start || !fill)
		goto oom;
	for (size_t i = 0; i < n; i++) {
		size_t a, b;

		strip_range(p, &all[i], &a, &b);
		for (size_t s = a; s <= b; s++)
			p->start[s + 1]++;
	}
	for (size_t s = 0; s < p->nstrips; s++)
		p->start[s + 1] += p->start[s];
	total = p->start[p->nstrips];
	p->edges = malloc((total ? total : 1) * sizeof(edge));
	if (!p->edges)
		goto oom;
	for (size_t i = 0; i < n; i++) {
		size_t a, b;

		strip_range(p, &all[i], &a, &b);
		for (size_t s = a; s <= b; s++)
			p->edges[p->start[s] + fill[s]++] = all[i];
	}
	free(fill);
	free(all);
	if (n == 0) /* nothing is inside */
		p->minx = p->miny = 1, p->maxx = p->maxy = 0;
	*out = p;
	return SG_OK;
oom:
	free(fill);
	free(all);
	sg_pip__free(p);
	return sg_error__set(ctx, SG_ENOMEM,
			     "point in polygon: out of "
			     "memory");
}

void sg_pip__free(sg_pip *p)
{
	if (!p)
		return;
	free(p->start);
	free(p->edges);
	free(p);
}

int sg_pip__contains(const sg_pip *p, double x, double y)
{
	const edge *e, *end;
	double f;
	size_t s;
	int in = 0;

	if (!(x >= p->minx && x <= p->maxx && y >= p->miny && y <= p->maxy))
		return 0;
	f = floor((y - p->miny) / p->sh);
	s = f >= (double)(p->nstrips - 1) ? p->nstrips - 1 : (size_t)f;
	e = p->edges + p->start[s];
	end = p->edges + p->start[s + 1];
	for (; e < end; e++)
		if ((e->y0 > y) != (e->y1 > y) &&
		    x < e->x0 + (y - e->y0) * (e->x1 - e->x0) / (e->y1 - e->y0))
			in = !in;
	return in;
}
