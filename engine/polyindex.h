/*
 * engine/polyindex.h - which polygon contains a point, fast.
 *
 * An STRtree over the polygons' envelopes and a prepared geometry per
 * polygon: a query touches only the few polygons whose envelope holds the
 * point.  Used to find the ward of a school or an applicant and to flag
 * points outside the study area.
 */
#ifndef SG_ENGINE_POLYINDEX_H
#define SG_ENGINE_POLYINDEX_H

#include <stdint.h>

#include "engine/context.h"

typedef struct sg_polyindex sg_polyindex;

int sg_polyindex__new(sg_ctx *ctx, sg_polyindex **out);
void sg_polyindex__free(sg_polyindex *idx);

/*
 * Add a polygon.  The index takes ownership of `g` (also on failure).
 * `rank` orders nested polygons: when several contain a point the one
 * with the lowest rank wins (ward 0 < district 1 < city 2).
 */
int sg_polyindex__add(sg_polyindex *idx, GEOSGeometry *g, int64_t id, int rank);

/* Number of polygons added. */
size_t sg_polyindex__count(const sg_polyindex *idx);

/*
 * The id of the polygon of lowest rank that contains or touches (lon,
 * lat), or -1 when none does.  The tree is built on the first query; add
 * nothing after it.
 */
int64_t sg_polyindex__find(sg_polyindex *idx, double x, double y);

#endif /* SG_ENGINE_POLYINDEX_H */
