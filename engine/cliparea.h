/*
 * engine/cliparea.h - the area a polygon covers inside a convex polygon,
 * without an overlay.
 *
 * The population of a Voronoi cell that crosses ward boundaries is the
 * sum over wards of density x area(cell ∩ ward).  GEOS answers each of
 * those with a full overlay (noding, graph, result geometry), tens of
 * microseconds even for small wards, though only the area is wanted.
 * A Voronoi cell is convex, so Sutherland-Hodgman clipping of each of the
 * ward's rings by the cell's half-planes gives a closed curve whose
 * winding number is the ring's inside the cell and 0 outside; its signed
 * area is the area of the ring's inside within the cell, even for a
 * non-convex ring (the degenerate edges the clipping leaves along the
 * cell's boundary cancel).  Shells add, holes subtract.
 */
#ifndef SG_ENGINE_CLIPAREA_H
#define SG_ENGINE_CLIPAREA_H

#include <stddef.h>

#include "engine/context.h"

/* The rings of one polygonal geometry, as plain coordinates. */
typedef struct sg_rings sg_rings;

/*
 * Copy the rings of g (a Polygon or MultiPolygon; anything else gives no
 * rings), each with +1 for a shell and -1 for a hole.  NULL on error
 * (out of memory or GEOS).
 */
sg_rings *sg_rings__new(GEOSContextHandle_t h, const GEOSGeometry *g);
void sg_rings__free(sg_rings *r);

/*
 * Area of the rings' inside within the convex polygon (x[i], y[i]),
 * i < n (closed or not, either orientation).  Only read: a sg_rings may
 * be shared by threads.  NaN when out of memory.
 */
double sg_rings__area_in(const sg_rings *r, const double *x, const double *y,
			 size_t n);

#endif /* SG_ENGINE_CLIPAREA_H */
