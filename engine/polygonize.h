/*
 * engine/polygonize.h - a label raster to polygons, without GDAL: the
 * admission zones' geometry (layers/admit_write.c writes it).
 *
 * Every 4-connected run of cells with the same label becomes one
 * polygon (cells that touch only at a corner are two polygons, as with
 * GDALPolygonize's default), its rings traced along the cell edges:
 * the shell counter-clockwise, the holes clockwise, one vertex per
 * corner (no vertex in the middle of a straight side).  Where a region
 * touches itself at a corner, the rings pass the corner separately (a
 * hole touches the shell, or another hole, at one point), so every
 * polygon is valid (GEOSisValid) and its area is its cells'.
 */
#ifndef SG_ENGINE_POLYGONIZE_H
#define SG_ENGINE_POLYGONIZE_H

#include <stddef.h>
#include <stdint.h>

#include "engine/context.h"

/* The polygons of one label. */
typedef struct {
	GEOSGeometry **g;
	size_t n, cap;
} sg_poly_list;

/*
 * Polygonize the nx x ny labels `lab` (row 0 at the top: cell (i, j)
 * spans x0 + i * cell .. x0 + (i + 1) * cell and y1 - (j + 1) * cell ..
 * y1 - j * cell).  Labels outside 0 .. nlabels - 1 (nodata) make no
 * polygon.  out[nlabels] (zeroed by the caller) gets each label's
 * polygons in the order of their first cell (row by row, west to
 * east).  SG_ENOMEM, SG_EGEOS, SG_EINVALID (a grid over 2^31 cells).
 */
int sg_poly__labels(sg_ctx *ctx, const int32_t *lab, size_t nx, size_t ny,
		    double x0, double y1, double cell, size_t nlabels,
		    sg_poly_list *out);

/* Destroy the polygons of out[0 .. n) and free out. */
void sg_poly__lists_free(sg_ctx *ctx, sg_poly_list *out, size_t n);

#endif /* SG_ENGINE_POLYGONIZE_H */
