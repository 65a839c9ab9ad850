/*
 * engine/delaunay.h - the Delaunay triangulation of points in the plane
 * and the Voronoi cells of its vertices, with exact predicates.
 *
 * The triangulation is incremental (Bowyer-Watson: the triangles whose
 * open circumdisk holds the new point are replaced by a fan around it),
 * the points taken in the order of a Hilbert curve, each located by a
 * walk from the last triangle made.  The outside of the hull is covered
 * by "ghost" triangles (a hull edge and a vertex at infinity), so points
 * outside the hull need no enclosing super-triangle.  Orientation and
 * in-circle are decided exactly on the doubles given: a floating-point
 * evaluation with an error bound, and when the sign is not certain, an
 * exact evaluation in floating-point expansions (sums of doubles kept
 * without rounding: two-sum and two-product by fma).  No snapping: the
 * coordinates are used as they are.
 *
 * The cell of a site is the polygon of the circumcentres of its triangles
 * (cocircular neighbours give one vertex, not two a rounding apart),
 * counter-clockwise; the cell of a hull site, or one reaching outside the
 * frame, is the frame (a rectangle) cut by the bisectors with its
 * Delaunay neighbours.  Points all on one line: cells are strips.
 */
#ifndef SG_ENGINE_DELAUNAY_H
#define SG_ENGINE_DELAUNAY_H

#include <stddef.h>

/* Exact signs: > 0, 0, < 0.  orient: c left of a->b (counter-clockwise
 * a, b, c).  incircle: d inside the circle through a, b, c (given
 * counter-clockwise). */
int sg_dt__orient(const double *a, const double *b, const double *c);
int sg_dt__incircle(const double *a, const double *b, const double *c,
		    const double *d);

/*
 * 1 when the ring of n vertices xy (x, y pairs; not closed: the last
 * vertex is not the first again) is strictly convex: every turn to the
 * same side by the exact orientation test (no repeated vertex, no
 * straight angle) and the edges' direction going round once.  Such a
 * ring is simple, so a polygon of it alone is valid.  0 otherwise (also
 * for n < 3, n > 64 or a coordinate not finite).
 */
int sg_dt__convex(const double *xy, size_t n);

/* The Voronoi cells of n sites. */
typedef struct {
	size_t n;
	size_t *start; /* cell s: vertices start[s] .. start[s+1]-1 */
	double *xy;    /* x, y of each vertex; rings not closed, CCW */
} sg_vcells;

/*
 * The Voronoi cells of the n sites (x[i], y[i]; distinct points, finite)
 * within the frame box (min x, min y, max x, max y; it should hold the
 * sites).  Returns 0, -1 when out of memory, -2 when two sites are the
 * same point (cells is then empty).  Free with sg_vcells_free.
 */
int sg_voronoi__cells(const double *x, const double *y, size_t n,
		      const double box[4], sg_vcells *cells);
void sg_vcells_free(sg_vcells *cells);

#endif /* SG_ENGINE_DELAUNAY_H */
