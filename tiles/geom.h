/*
 * tiles/geom.h - geometries ready to draw: flat arrays of rings (no GEOS
 * at drawing time, so render threads share them read-only), stroke
 * outlines built with GEOS buffers, and a grid index of feature boxes.
 */
#ifndef SG_TILES_GEOM_H
#define SG_TILES_GEOM_H

#include <stddef.h>
#include <stdint.h>

#include <geos_c.h>

#include "tiles/render.h"

/*
 * Shapes: feature i owns rings ring0[i] .. ring0[i+1]-1; ring j owns
 * points pt0[j] .. pt0[j+1]-1 (x, y interleaved in xy).  A point feature
 * is one ring of one point.  Polygon rings are stored with shells
 * counter-clockwise and holes clockwise (in a y-up CRS), so the non-zero
 * rule fills them right whatever the source's orientation.
 */
typedef struct {
	size_t nfeat, nrings, npts;
	size_t *ring0; /* nfeat + 1 */
	size_t *pt0;   /* nrings + 1 */
	double *xy;    /* 2 x npts */
	double *bbox;  /* 4 x nfeat: minx, miny, maxx, maxy */
	size_t cap_feat, cap_rings, cap_pts;
} sg_shapes;

void sg_shapes__init(sg_shapes *s);
void sg_shapes__free(sg_shapes *s);

/*
 * Append g (Polygon, MultiPolygon, a collection of them, or a Point) as
 * one feature; an empty geometry gives a feature with no rings.
 * Returns 0, or -1 out of memory.
 */
int sg_shapes__add(sg_shapes *s, GEOSContextHandle_t h, const GEOSGeometry *g);

/* Append a point feature. */
int sg_shapes__add_point(sg_shapes *s, double x, double y);

/* Add the rings of feature i to the raster's path. */
void sg_shapes__path(const sg_shapes *s, size_t i, sg_raster *r);

/*
 * g (polygonal) cleaned of what overlays leave and only outlines would
 * show: spikes (a ring going out and straight back, narrower than
 * min_width), rings of area below min_area and rings of mean width
 * (2 x area / perimeter) below min_width.  Fills do not change.  A new
 * MultiPolygon (caller destroys), or NULL on a GEOS failure.
 */
GEOSGeometry *sg_geom__drop_slivers(GEOSContextHandle_t h,
				    const GEOSGeometry *g, double min_area,
				    double min_width);

/*
 * The outline of a line (or any lineal geometry) stroked `width` wide:
 * GEOS buffer of width / 2 with round joins and caps (`quadsegs`
 * segments per quarter circle), or mitred joins and flat caps when
 * mitre is set.  NULL on a GEOS failure.  Caller destroys.
 */
GEOSGeometry *sg_stroke__outline(GEOSContextHandle_t h,
				 const GEOSGeometry *line, double width,
				 int quadsegs, int mitre);

/*---- Grid index ---------------------------------------------------------*/

/*
 * Feature boxes bucketed in a regular grid over their extent: a query
 * visits only the cells a box overlaps.  Read-only after building, so
 * threads query it at once, each with its own sg_grid_query.
 */
typedef struct {
	double x0, y0, cw, ch; /* origin and cell size */
	int nx, ny;
	uint32_t *start;    /* nx * ny + 1 offsets into items */
	uint32_t *items;    /* feature indexes per cell */
	const double *bbox; /* borrowed: 4 per feature */
	double grow;	    /* boxes are grown by this much */
	size_t n;
} sg_grid;

/* Per-thread query state: the result list and a seen-stamp per feature. */
typedef struct {
	uint32_t *ids;
	size_t nids, cap;
	uint32_t *seen;
	uint32_t stamp;
	size_t n;
} sg_grid_query;

/* Build over n boxes (4 doubles each, borrowed), each grown by `grow`
 * on every side (marker radius).  0, or -1 out of memory. */
int sg_grid__build(sg_grid *g, const double *bbox, size_t n, double grow);
void sg_grid__free(sg_grid *g);

int sg_grid_query__init(sg_grid_query *q, size_t n);
void sg_grid_query__free(sg_grid_query *q);

/*
 * The features whose grown box intersects b = {minx, miny, maxx, maxy}
 * (touching edges do not count), in increasing index order (the drawing
 * order), into q->ids / q->nids.  0, or -1 out of memory.
 */
int sg_grid__query(const sg_grid *g, const double b[4], sg_grid_query *q);

#endif /* SG_TILES_GEOM_H */
