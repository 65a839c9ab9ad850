/*
 * layers/splblob.h - a SpatiaLite BLOB-Geometry written from a GEOS
 * geometry's coordinates, without SpatiaLite's SQL functions.
 *
 * Storing a polygon through SQL (`CastToMultiPolygon(GeomFromWKB(?,
 * 4326))`) writes a WKB, has SpatiaLite parse it into its own structures,
 * copy them into a multipolygon and serialise that: most of the cost of
 * inserting a catchment row.  The BLOB-Geometry is a documented format
 * (SpatiaLite's "BLOB-Geometry internal format"; gg_const.h names the
 * marks), little-endian here:
 *
 *   0x00, 0x01 (little-endian), SRID int32,
 *   MBR min x, min y, max x, max y (doubles), 0x7C,
 *   class int32 (6: MULTIPOLYGON), number of polygons int32,
 *   per polygon: 0x69, class int32 (3: POLYGON), number of rings int32,
 *     per ring (exterior first): number of points int32, x y doubles,
 *   0xFE.
 *
 * The MBR is that of the exterior rings, as SpatiaLite computes it.
 * tests/layers/test_splblob.c checks the bytes equal SpatiaLite's own.
 */
#ifndef SG_LAYERS_SPLBLOB_H
#define SG_LAYERS_SPLBLOB_H

#include <stddef.h>

#include "engine/context.h"

/*
 * The BLOB-Geometry of polygonal g (a Polygon or MultiPolygon of one or
 * more polygons, none empty; XY) as a MULTIPOLYGON with the SRID
 * given, into *out (malloc'ed, *len bytes), and its MBR into box[4]
 * (min x, min y, max x, max y).  0; -1 out of memory or a GEOS failure;
 * -2 g is not polygonal, is empty or has an empty polygon (then
 * SpatiaLite's functions should decide).
 */
int sg_splblob__multipolygon(GEOSContextHandle_t h, const GEOSGeometry *g,
			     int srid, unsigned char **out, size_t *len,
			     double box[4]);

#endif /* SG_LAYERS_SPLBLOB_H */
