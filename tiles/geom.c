/*
 * tiles/geom.c - GEOS geometries to flat rings, stroke outlines, and the
 * grid index the tile renderer queries.
 *
 * Geometry work (projection, buffers) happens once, before any drawing,
 * on the thread that owns the GEOS handle; drawing threads only read the
 * flat arrays made here.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tiles/geom.h"

void sg_shapes__init(sg_shapes *s)
{
	memset(s, 0, sizeof(*s));
}

void sg_shapes__free(sg_shapes *s)
{
	free(s->ring0);
	free(s->pt0);
	free(s->xy);
	free(s->bbox);
	memset(s, 0, sizeof(*s));
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t nc;
	void *q;

	if (need <= *cap)
		return 0;
	nc = *cap ? *cap : 64;
	while (nc < need)
		nc *= 2;
	q = realloc(*p, nc * size);
	if (!q)
		return -1;
	*p = q;
	*cap = nc;
	return 0;
}

/* Room for one more feature: ring0 and bbox grow together. */
static int begin_feature(sg_shapes *s)
{
	size_t cap = s->cap_feat;

	if (s->nfeat + 2 > cap) {
		if (grow((void **)&s->ring0, &cap, s->nfeat + 2,
			 sizeof(size_t)))
			return -1;
		cap = s->cap_feat;
		if (grow((void **)&s->bbox, &cap, s->nfeat + 2,
			 4 * sizeof(double)))
			return -1;
		s->cap_feat = cap;
	}
	if (s->nfeat == 0)
		s->ring0[0] = 0;
	if (s->nrings == 0) {
		if (grow((void **)&s->pt0, &s->cap_rings, 1, sizeof(size_t)))
			return -1;
		s->pt0[0] = 0;
	}
	s->bbox[4 * s->nfeat] = INFINITY;
	s->bbox[4 * s->nfeat + 1] = INFINITY;
	s->bbox[4 * s->nfeat + 2] = -INFINITY;
	s->bbox[4 * s->nfeat + 3] = -INFINITY;
	return 0;
}

static void end_feature(sg_shapes *s)
{
	s->nfeat++;
	s->ring0[s->nfeat] = s->nrings;
}

/* Append a ring from a coordinate sequence; `shell` picks the
 * orientation (CCW for shells, CW for holes). */
static int add_ring(sg_shapes *s, GEOSContextHandle_t h,
		    const GEOSCoordSequence *seq, int shell)
{
	unsigned n = 0;
	double *xy, area = 0, *bb = s->bbox + 4 * s->nfeat;

	if (!seq || !GEOSCoordSeq_getSize_r(h, seq, &n) || n == 0)
		return 0;
	if (grow((void **)&s->xy, &s->cap_pts, s->npts + n,
		 2 * sizeof(double)) ||
	    grow((void **)&s->pt0, &s->cap_rings, s->nrings + 2,
		 sizeof(size_t)))
		return -1;
	xy = s->xy + 2 * s->npts;
	if (!GEOSCoordSeq_copyToBuffer_r(h, seq, xy, 0, 0))
		return -1;
	/* Drop the repeated closing point: rings close implicitly. */
	if (n > 1 && xy[0] == xy[2 * (n - 1)] && xy[1] == xy[2 * (n - 1) + 1])
		n--;
	for (unsigned i = 0; i < n; i++) {
		unsigned j = (i + 1) % n;

		area += xy[2 * i] * xy[2 * j + 1] - xy[2 * j] * xy[2 * i + 1];
		bb[0] = fmin(bb[0], xy[2 * i]);
		bb[1] = fmin(bb[1], xy[2 * i + 1]);
		bb[2] = fmax(bb[2], xy[2 * i]);
		bb[3] = fmax(bb[3], xy[2 * i + 1]);
	}
	if ((shell && area < 0) || (!shell && area > 0))
		for (unsigned i = 0, j = n - 1; i < j; i++, j--) {
			double tx = xy[2 * i], ty = xy[2 * i + 1];

			xy[2 * i] = xy[2 * j];
			xy[2 * i + 1] = xy[2 * j + 1];
			xy[2 * j] = tx;
			xy[2 * j + 1] = ty;
		}
	s->npts += n;
	s->nrings++;
	s->pt0[s->nrings] = s->npts;
	return 0;
}

static int add_parts(sg_shapes *s, GEOSContextHandle_t h, const GEOSGeometry *g)
{
	int type = GEOSGeomTypeId_r(h, g), n;

	if (GEOSisEmpty_r(h, g) == 1)
		return 0;
	switch (type) {
	case GEOS_POINT:
	case GEOS_LINEARRING:
		return add_ring(s, h, GEOSGeom_getCoordSeq_r(h, g), 1);
	case GEOS_POLYGON: {
		const GEOSGeometry *ring = GEOSGetExteriorRing_r(h, g);

		if (!ring || add_ring(s, h, GEOSGeom_getCoordSeq_r(h, ring), 1))
			return -1;
		n = GEOSGetNumInteriorRings_r(h, g);
		for (int i = 0; i < n; i++) {
			ring = GEOSGetInteriorRingN_r(h, g, i);
			if (!ring ||
			    add_ring(s, h, GEOSGeom_getCoordSeq_r(h, ring), 0))
				return -1;
		}
		return 0;
	}
	case GEOS_MULTIPOINT:
	case GEOS_MULTIPOLYGON:
	case GEOS_GEOMETRYCOLLECTION:
		n = GEOSGetNumGeometries_r(h, g);
		for (int i = 0; i < n; i++)
			if (add_parts(s, h, GEOSGetGeometryN_r(h, g, i)))
				return -1;
		return 0;
	default: return 0; /* lines are drawn through their outlines */
	}
}

int sg_shapes__add(sg_shapes *s, GEOSContextHandle_t h, const GEOSGeometry *g)
{
	if (begin_feature(s))
		return -1;
	if (g && add_parts(s, h, g))
		return -1;
	end_feature(s);
	return 0;
}

int sg_shapes__add_point(sg_shapes *s, double x, double y)
{
	double *bb;

	if (begin_feature(s) ||
	    grow((void **)&s->xy, &s->cap_pts, s->npts + 1,
		 2 * sizeof(double)) ||
	    grow((void **)&s->pt0, &s->cap_rings, s->nrings + 2,
		 sizeof(size_t)))
		return -1;
	s->xy[2 * s->npts] = x;
	s->xy[2 * s->npts + 1] = y;
	s->npts++;
	s->nrings++;
	s->pt0[s->nrings] = s->npts;
	bb = s->bbox + 4 * s->nfeat;
	bb[0] = bb[2] = x;
	bb[1] = bb[3] = y;
	end_feature(s);
	return 0;
}

void sg_shapes__path(const sg_shapes *s, size_t i, sg_raster *r)
{
	for (size_t j = s->ring0[i]; j < s->ring0[i + 1]; j++)
		sg_raster__ring(r, s->xy + 2 * s->pt0[j],
				s->pt0[j + 1] - s->pt0[j]);
}

/*
 * A cleaned copy of a ring: spikes removed (a vertex the ring goes to
 * and comes straight back from, leaving a wedge narrower than
 * min_width), repeated points dropped.  NULL when what is left is too
 * small (area under min_area) or too thin (mean width 2 x area /
 * perimeter under min_width) to see, or on a GEOS failure.
 */
static GEOSGeometry *clean_ring(GEOSContextHandle_t h, const GEOSGeometry *ring,
				double min_area, double min_width)
{
	const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(h, ring);
	GEOSCoordSequence *out;
	unsigned n = 0;
	double *xy, a = 0, len = 0;
	size_t m;
	int changed = 1;

	if (!seq || !GEOSCoordSeq_getSize_r(h, seq, &n) || n < 4)
		return NULL;
	xy = malloc(2 * ((size_t)n + 1) * sizeof(double));
	if (!xy || !GEOSCoordSeq_copyToBuffer_r(h, seq, xy, 0, 0)) {
		free(xy);
		return NULL;
	}
	m = n - 1; /* the closing point goes; it comes back below */
	while (changed && m >= 3) {
		changed = 0;
		for (size_t i = 0; i < m && m >= 3;) {
			size_t ia = (i + m - 1) % m, ic = (i + 1) % m;
			double abx = xy[2 * i] - xy[2 * ia];
			double aby = xy[2 * i + 1] - xy[2 * ia + 1];
			double bcx = xy[2 * ic] - xy[2 * i];
			double bcy = xy[2 * ic + 1] - xy[2 * i + 1];
			double lab = hypot(abx, aby), lbc = hypot(bcx, bcy);
			double cross = fabs(abx * bcy - aby * bcx);

			if (lab == 0 || (abx * bcx + aby * bcy < 0 &&
					 cross < min_width * fmax(lab, lbc))) {
				memmove(xy + 2 * i, xy + 2 * i + 2,
					2 * (m - i - 1) * sizeof(double));
				m--;
				changed = 1;
				continue;
			}
			i++;
		}
	}
	for (size_t i = 0; i < m; i++) {
		size_t j = (i + 1) % m;

		a += xy[2 * i] * xy[2 * j + 1] - xy[2 * j] * xy[2 * i + 1];
		len += hypot(xy[2 * j] - xy[2 * i],
			     xy[2 * j + 1] - xy[2 * i + 1]);
	}
	a = fabs(a) / 2;
	if (m < 3 || a < min_area || 2 * a < min_width * len) {
		free(xy);
		return NULL;
	}
	xy[2 * m] = xy[0];
	xy[2 * m + 1] = xy[1];
	out = GEOSCoordSeq_copyFromBuffer_r(h, xy, (unsigned)m + 1, 0, 0);
	free(xy);
	return out ? GEOSGeom_createLinearRing_r(h, out) : NULL;
}

/* Append the cleaned polygons of g to out (n of them, cap room). */
static int clean_parts(GEOSContextHandle_t h, const GEOSGeometry *g,
		       double min_area, double min_width, GEOSGeometry ***out,
		       size_t *n, size_t *cap)
{
	int type = GEOSGeomTypeId_r(h, g);

	if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
		for (int i = 0; i < GEOSGetNumGeometries_r(h, g); i++)
			if (clean_parts(h, GEOSGetGeometryN_r(h, g, i),
					min_area, min_width, out, n, cap))
				return -1;
		return 0;
	}
	if (type != GEOS_POLYGON || GEOSisEmpty_r(h, g) == 1)
		return 0;
	{
		const GEOSGeometry *ring = GEOSGetExteriorRing_r(h, g);
		int nh = GEOSGetNumInteriorRings_r(h, g), kept = 0;
		GEOSGeometry **holes, *poly, *shell;

		shell = ring ? clean_ring(h, ring, min_area, min_width) : NULL;
		if (!shell)
			return 0;
		holes = calloc((size_t)nh + 1, sizeof(*holes));
		if (!holes) {
			GEOSGeom_destroy_r(h, shell);
			return -1;
		}
		for (int i = 0; i < nh; i++) {
			const GEOSGeometry *r = GEOSGetInteriorRingN_r(h, g, i);
			GEOSGeometry *c = r ? clean_ring(h, r, min_area,
							 min_width)
					    : NULL;

			if (c)
				holes[kept++] = c;
		}
		poly = GEOSGeom_createPolygon_r(h, shell, holes,
						(unsigned)kept);
		free(holes);
		if (!poly)
			return -1;
		if (grow((void **)out, cap, *n + 1, sizeof(**out))) {
			GEOSGeom_destroy_r(h, poly);
			return -1;
		}
		(*out)[(*n)++] = poly;
	}
	return 0;
}

GEOSGeometry *sg_geom__drop_slivers(GEOSContextHandle_t h,
				    const GEOSGeometry *g, double min_area,
				    double min_width)
{
	GEOSGeometry **parts = NULL, *r;
	size_t n = 0, cap = 0;

	if (clean_parts(h, g, min_area, min_width, &parts, &n, &cap)) {
		for (size_t i = 0; i < n; i++)
			GEOSGeom_destroy_r(h, parts[i]);
		free(parts);
		return NULL;
	}
	r = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts,
					(unsigned)n);
	if (!r)
		for (size_t i = 0; i < n; i++)
			GEOSGeom_destroy_r(h, parts[i]);
	free(parts);
	return r;
}

GEOSGeometry *sg_stroke__outline(GEOSContextHandle_t h,
				 const GEOSGeometry *line, double width,
				 int quadsegs, int mitre)
{
	if (mitre)
		return GEOSBufferWithStyle_r(h, line, width / 2, quadsegs,
					     GEOSBUF_CAP_FLAT,
					     GEOSBUF_JOIN_MITRE, 4.0);
	return GEOSBufferWithStyle_r(h, line, width / 2, quadsegs,
				     GEOSBUF_CAP_ROUND, GEOSBUF_JOIN_ROUND,
				     4.0);
}

/*---- Grid index ---------------------------------------------------------*/

static void cell_range(const sg_grid *g, const double b[4], int *cx0, int *cy0,
		       int *cx1, int *cy1)
{
	double fx0 = floor((b[0] - g->x0) / g->cw);
	double fy0 = floor((b[1] - g->y0) / g->ch);
	double fx1 = floor((b[2] - g->x0) / g->cw);
	double fy1 = floor((b[3] - g->y0) / g->ch);

	*cx0 = fx0 < 0 ? 0 : fx0 >= g->nx ? g->nx - 1 : (int)fx0;
	*cy0 = fy0 < 0 ? 0 : fy0 >= g->ny ? g->ny - 1 : (int)fy0;
	*cx1 = fx1 < 0 ? 0 : fx1 >= g->nx ? g->nx - 1 : (int)fx1;
	*cy1 = fy1 < 0 ? 0 : fy1 >= g->ny ? g->ny - 1 : (int)fy1;
}

static int box_valid(const double *b)
{
	return b[0] <= b[2] && b[1] <= b[3];
}

int sg_grid__build(sg_grid *g, const double *bbox, size_t n, double grow_by)
{
	double ext[4] = { INFINITY, INFINITY, -INFINITY, -INFINITY }, w, hgt;
	size_t cells, total = 0;
	uint32_t *fill = NULL;

	memset(g, 0, sizeof(*g));
	g->bbox = bbox;
	g->n = n;
	g->grow = grow_by;
	for (size_t i = 0; i < n; i++) {
		const double *b = bbox + 4 * i;

		if (!box_valid(b))
			continue;
		ext[0] = fmin(ext[0], b[0] - grow_by);
		ext[1] = fmin(ext[1], b[1] - grow_by);
		ext[2] = fmax(ext[2], b[2] + grow_by);
		ext[3] = fmax(ext[3], b[3] + grow_by);
	}
	if (!(ext[0] <= ext[2])) {
		ext[0] = ext[1] = 0;
		ext[2] = ext[3] = 1;
	}
	w = fmax(ext[2] - ext[0], 1e-9);
	hgt = fmax(ext[3] - ext[1], 1e-9);
	/* About four cells per feature, square-ish cells. */
	cells = 4 * n < 64 ? 64 : 4 * n > (1u << 20) ? (1u << 20) : 4 * n;
	g->nx = (int)ceil(sqrt((double)cells * w / hgt));
	g->nx = g->nx < 1 ? 1 : g->nx > 4096 ? 4096 : g->nx;
	g->ny = (int)ceil((double)cells / g->nx);
	g->ny = g->ny < 1 ? 1 : g->ny > 4096 ? 4096 : g->ny;
	g->x0 = ext[0];
	g->y0 = ext[1];
	g->cw = w / g->nx;
	g->ch = hgt / g->ny;
	g->start = calloc((size_t)g->nx * g->ny + 1, sizeof(uint32_t));
	fill = calloc((size_t)g->nx * g->ny + 1, sizeof(uint32_t));
	if (!g->start || !fill)
		goto oom;
	/* Two passes: count per cell, then place. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			const double *b = bbox + 4 * i;
			double gb[4] = { b[0] - grow_by, b[1] - grow_by,
					 b[2] + grow_by, b[3] + grow_by };
			int cx0, cy0, cx1, cy1;

			if (!box_valid(b))
				continue;
			cell_range(g, gb, &cx0, &cy0, &cx1, &cy1);
			for (int cy = cy0; cy <= cy1; cy++)
				for (int cx = cx0; cx <= cx1; cx++) {
					size_t c = (size_t)cy * g->nx + cx;

					if (pass == 0)
						g->start[c + 1]++;
					else
						g->items[g->start[c] +
							 fill[c]++] = (uint32_t)
							i;
				}
		}
		if (pass == 0) {
			for (size_t c = 0; c < (size_t)g->nx * g->ny; c++)
				g->start[c + 1] += g->start[c];
			total = g->start[(size_t)g->nx * g->ny];
			g->items = malloc((total + 1) * sizeof(uint32_t));
			if (!g->items)
				goto oom;
		}
	}
	free(fill);
	return 0;
oom:
	free(fill);
	sg_grid__free(g);
	return -1;
}

void sg_grid__free(sg_grid *g)
{
	free(g->start);
	free(g->items);
	memset(g, 0, sizeof(*g));
}

int sg_grid_query__init(sg_grid_query *q, size_t n)
{
	memset(q, 0, sizeof(*q));
	q->seen = calloc(n + 1, sizeof(uint32_t));
	q->n = n;
	return q->seen ? 0 : -1;
}

void sg_grid_query__free(sg_grid_query *q)
{
	free(q->ids);
	free(q->seen);
	memset(q, 0, sizeof(*q));
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

int sg_grid__query(const sg_grid *g, const double b[4], sg_grid_query *q)
{
	int cx0, cy0, cx1, cy1, sorted = 1;

	q->nids = 0;
	if (!g->start || g->n == 0)
		return 0;
	if (b[2] < g->x0 || b[0] > g->x0 + g->cw * g->nx || b[3] < g->y0 ||
	    b[1] > g->y0 + g->ch * g->ny)
		return 0;
	if (++q->stamp == 0) { /* wrapped: reset the stamps */
		memset(q->seen, 0, (q->n + 1) * sizeof(uint32_t));
		q->stamp = 1;
	}
	cell_range(g, b, &cx0, &cy0, &cx1, &cy1);
	for (int cy = cy0; cy <= cy1; cy++)
		for (int cx = cx0; cx <= cx1; cx++) {
			size_t c = (size_t)cy * g->nx + cx;

			for (uint32_t k = g->start[c]; k < g->start[c + 1];
			     k++) {
				uint32_t i = g->items[k];
				const double *fb = g->bbox + 4 * (size_t)i;

				if (q->seen[i] == q->stamp)
					continue;
				q->seen[i] = q->stamp;
				if (fb[0] - g->grow >= b[2] ||
				    fb[2] + g->grow <= b[0] ||
				    fb[1] - g->grow >= b[3] ||
				    fb[3] + g->grow <= b[1])
					continue;
				if (q->nids == q->cap) {
					size_t nc = q->cap ? q->cap * 2 : 256;
					uint32_t *p = realloc(
						q->ids, nc * sizeof(uint32_t));

					if (!p)
						return -1;
					q->ids = p;
					q->cap = nc;
				}
				if (q->nids && q->ids[q->nids - 1] > i)
					sorted = 0;
				q->ids[q->nids++] = i;
			}
		}
	if (!sorted)
		qsort(q->ids, q->nids, sizeof(uint32_t), cmp_u32);
	return 0;
}
