/*
 * engine/popgrid.h - people of a population raster gathered on the
 * capacity grid, per (grid cell, unit): the dasymetric part of the
 * capacity method (engine/catchment.c).
 *
 * The caller (layers/poprast.c) reads the raster and hands over pixel
 * centres already in the metric CRS with their people.  Each centre is
 * given to the first unit (in index order) that contains it (engine/
 * pip.c, even-odd rule: a centre exactly on a boundary may fall either
 * way) and to the grid cell that contains it (cells are half-open:
 * [x0, x0 + cs) x [y0, y0 + cs)).  Centres in no unit are counted apart
 * and otherwise dropped.  Memory grows with the (cell, unit) pairs that
 * hold people, not with the pixels.
 */
#ifndef SG_ENGINE_POPGRID_H
#define SG_ENGINE_POPGRID_H

#include <stdint.h>

#include "engine/context.h"

typedef struct sg_popgrid sg_popgrid;

/* The grid: nx x ny square cells of cs metres, the lower-left one at
 * (gx, gy); cell (i, j) has the index j * nx + i (rows south to north). */
typedef struct {
	double gx, gy, cs;
	long nx, ny;
} sg_grid_frame;

/*
 * Start gathering for the units given (valid polygonal geometries in
 * the metric CRS; borrowed until sg_popgrid__free).  SG_ENOMEM, SG_EGEOS.
 */
int sg_popgrid__new(sg_ctx *ctx,
		    const GEOSGeometry *const *units, /* nunits polygons */
		    size_t nunits, const sg_grid_frame *frame,
		    sg_popgrid **out); /* OUT: sg_popgrid__free */
void sg_popgrid__free(sg_popgrid *g);

/*
 * Add n pixel centres (x, y in metres) with their people.  Centres that
 * are not finite and people that are not finite and > 0 are skipped.
 * Best called with centres that lie close together (a block of the
 * raster): units are filtered by the block's box once.  SG_ENOMEM.
 */
int sg_popgrid__add(sg_popgrid *g, const double *x,
		    const double *y,	  /* n centres */
		    const double *people, /* n values */
		    size_t n);

/*
 * Stop adding and sort the (cell, unit) pairs by cell, then unit, for
 * sg_popgrid__pair.  SG_ENOMEM.
 */
int sg_popgrid__finish(sg_popgrid *g);

/* Raster people gathered per unit (nunits entries). */
const double *sg_popgrid__unit_people(const sg_popgrid *g);

/* Raster people whose centre lies in no unit. */
double sg_popgrid__outside(const sg_popgrid *g);

/* Number of (cell, unit) pairs with people (after sg_popgrid__finish). */
size_t sg_popgrid__npairs(const sg_popgrid *g);

/* Pair k, in the order of (cell, unit). */
void sg_popgrid__pair(const sg_popgrid *g, size_t k,
		      uint64_t *cell,  /* OUT: j * nx + i */
		      size_t *unit,    /* OUT: unit index */
		      double *people); /* OUT: raster people */

#endif /* SG_ENGINE_POPGRID_H */
