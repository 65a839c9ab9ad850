/*
 * engine/pip.h - is a point inside a polygonal area, for millions of
 * points: the area's edges bucketed in horizontal strips, and the
 * crossing-number (even-odd) test run on one strip's edges only.
 *
 * Used to tell whether a point lies in the study area before giving it
 * to a catchment.  Unlike a GEOS predicate it needs no geometry per
 * point, so a query allocates nothing and costs a few dozen edge tests.
 * Points exactly on the boundary may fall either way (measure zero for
 * real data); everything else agrees with GEOSContains.
 */
#ifndef SG_ENGINE_PIP_H
#define SG_ENGINE_PIP_H

#include "engine/context.h"

typedef struct sg_pip sg_pip;

/*
 * Index the rings of g, a valid Polygon or MultiPolygon (anything else,
 * and empty geometries, give an index that contains nothing).  Fails
 * with SG_ENOMEM or SG_EGEOS.
 */
int sg_pip__new(sg_ctx *ctx, const GEOSGeometry *g, /* polygonal; borrowed */
		sg_pip **out); /* OUT: free with sg_pip__free */
void sg_pip__free(sg_pip *p);

/* 1 when (x, y) is inside the area, else 0. */
int sg_pip__contains(const sg_pip *p, double x, double y);

#endif /* SG_ENGINE_PIP_H */
