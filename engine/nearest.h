/*
 * engine/nearest.h - nearest and k-nearest points, fast: a uniform grid
 * over the points (about two per cell) searched in growing rings.
 *
 * Used to match GEOS's Voronoi cells to their sites, to assign
 * population cells to schools, to list each applicant's nearest schools
 * in admissions, and by tests as the brute-force-free reference.  Ties
 * are broken by the lower point index, so every answer is deterministic.
 */
#ifndef SG_ENGINE_NEAREST_H
#define SG_ENGINE_NEAREST_H

#include <stddef.h>

typedef struct sg_nn sg_nn;

/* "No point" (an empty index). */
#define SG_NN_NONE ((size_t)-1)

/* Index n points (copied).  NULL on out of memory. */
sg_nn *sg_nn__new(const double *x, /* x coordinates (metres) */
		  const double *y, /* y coordinates */
		  size_t n);	   /* number of points; 0 is allowed */
void sg_nn__free(sg_nn *nn);

/*
 * The nearest point to (x, y): its index, or SG_NN_NONE when the index
 * is empty; *d2 (may be NULL) gets the squared distance.
 */
size_t sg_nn__nearest(const sg_nn *nn, double x, double y, double *d2);

/*
 * The k nearest points to (x, y), ordered by distance then index, into
 * idx[] and d2[] (squared distances; d2 may be NULL).  Returns how many
 * were found: min(k, n).
 */
size_t sg_nn__knearest(const sg_nn *nn, double x, double y, size_t k,
		       size_t *idx, /* OUT: k entries */
		       double *d2); /* OUT: k entries, or NULL */

/*
 * The same ordered by distance, sqrt(dx * dx + dy * dy), then index, with
 * those distances in dist[] (not squared): the order of admissions
 * (engine/admit.c), whose checker compares distances.  Two squared
 * distances that differ can have the same root, and then the lower index
 * comes first here, not the smaller square.  When k is a quarter of the
 * points or more, every distance is computed and sorted instead of
 * searched.  Returns min(k, n), or SG_NN_NONE when out of memory.
 */
size_t sg_nn__knearest_dist(const sg_nn *nn, double x, double y, size_t k,
			    size_t *idx,   /* OUT: k entries */
			    double *dist); /* OUT: k entries */

/*
 * Whether some point lies within sqrt(r2) of (x, y) (distance <= r):
 * stops at the first one found, and as soon as every unvisited point is
 * known to be farther, so far-away queries end early too.
 */
int sg_nn__any_within(const sg_nn *nn, double x, double y,
		      double r2); /* squared distance */

#endif /* SG_ENGINE_NEAREST_H */
