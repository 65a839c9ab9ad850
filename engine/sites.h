/*
 * engine/sites.h - where new schools would serve the most children: the
 * maximal covering location problem solved greedily, on in-memory
 * arrays in a metric CRS (metres).  No store, no files.
 *
 * Demand points carry children (the population grid's cells, at their
 * centroids); a candidate site covers the demand points within `radius`
 * of it (distance <= radius, straight line).  Demand within radius of an
 * existing school is served already and counts for nobody.  The greedy
 * takes, `count` times, the candidate that covers the most children not
 * served yet; ties go to the lowest candidate index.  It stops early
 * when no candidate covers anyone more.
 *
 * Coverage is a monotone submodular function, so the greedy's children
 * are at least (1 - 1/e) ~ 63% of the best `count` sites' (Nemhauser,
 * Wolsey and Fisher, 1978), and gains only decrease from step to step:
 * the lazy greedy (Minoux, 1978) keeps the candidates in a max-heap keyed
 * by their last computed gain and recomputes only the top until the top
 * is exact.  A key is exact unless a site was chosen within 2 x radius
 * of its candidate since it was computed (farther sites share no child
 * with it): such candidates are marked dirty, and only dirty tops are
 * recomputed.  It picks exactly what the naive greedy picks, because
 * the children are counted in integer micro-children (1e-6) so that
 * every sum is exact and ties are ties.
 *
 * Gains are counted on a uniform grid of buckets over the demand: the
 * buckets wholly inside a candidate's disc add their totals from
 * per-row prefix sums, and only the points of the buckets crossing the
 * circle are tested one by one.  A gain costs O(radius / bucket +
 * points near the circle), not O(points in the disc).
 */
#ifndef SG_ENGINE_SITES_H
#define SG_ENGINE_SITES_H

#include <stddef.h>
#include <stdint.h>

#include "engine/catchment.h"
#include "engine/context.h"
#include "engine/coverage.h"
#include "engine/pip.h"
#include "engine/roads.h"
#include "schoolgis/sites.h"

/* served_by values of demand points no site serves. */
#define SG_SITES_UNSERVED (-1L) /* no existing school nor new site */
#define SG_SITES_EXISTING (-2L) /* within radius of an existing school */

/* Children are counted in units of 1e-6 (exact integer sums). */
#define SG_SITES_UNIT 1e-6

/* What the greedy reads; every pointer is borrowed. */
typedef struct {
	size_t ndemand;
	const double *dx, *dy; /* demand points, metres */
	const double *dw;      /* children at each; <= 0 or NaN: none */
	size_t ncand;
	const double *cx, *cy; /* candidate sites, metres, in tie order */
	size_t nexisting;
	const double *ex, *ey; /* existing schools; may be NULL if 0 */
	double radius;	       /* metres, > 0 */
	size_t count;	       /* sites to choose, >= 1 */
} sg_sites_in;

/* What it chose.  Free with sg_sites__out_free. */
typedef struct {
	size_t npicked;	      /* <= count: fewer when nobody is left */
	size_t *pick;	      /* candidate index of each site, in order */
	double *gain;	      /* children newly served by each site */
	long *served_by;      /* per demand point: the rank (0-based) of
				    the site that serves it first, or
				    SG_SITES_EXISTING / SG_SITES_UNSERVED */
	double total;	      /* children of all demand points */
	double served_before; /* ... within radius of existing schools */
	size_t evaluations;   /* gains computed (lazy greedy's work) */
	int exhausted;	      /* stopped early: no candidate covers
				    anyone more */
} sg_sites_out;

/*
 * Choose in->count sites.  SG_EINVALID (radius not > 0 and finite,
 * count 0), SG_ENOMEM, SG_ECANCELLED (the progress callback, stage
 * "suggest-sites: gains").  On failure *out is empty.
 */
int sg_sites__greedy(sg_ctx *ctx, const sg_sites_in *in, sg_sites_out *out);

void sg_sites__out_free(sg_sites_out *out);

/*
 * The same greedy over a problem measured by place (ops/sites.c: a
 * store of provinces in different UTM zones): each part holds demand
 * points (each point in exactly one part), the existing schools that may
 * serve them, and the candidates that may reach them, all in the part's
 * metric CRS.  A candidate seen by several parts (near a border) covers
 * in each the points within radius there: every distance is measured in
 * the CRS of the demand point's part.  Candidates are numbered 0 ..
 * ncand - 1 over the whole problem (cand[]; NULL: the part's own order
 * is that numbering), which is the tie order; served_by is indexed over
 * the parts' demand points one part after another.  One part with
 * cand NULL is sg_sites__greedy (which calls this).
 */
typedef struct {
	size_t ndemand;
	const double *dx, *dy; /* demand points, metres */
	const double *dw;      /* children at each; <= 0 or NaN: none */
	size_t nexisting;
	const double *ex, *ey; /* existing schools; may be NULL if 0 */
	size_t ncand;	       /* candidates this part sees */
	const size_t *cand;    /* their numbers; NULL: 0 .. ncand - 1 */
	const double *cx, *cy; /* where they are, in this part's CRS */
} sg_sites_part;

int sg_sites__greedy_parts(sg_ctx *ctx, const sg_sites_part *parts,
			   size_t nparts, size_t ncand, double radius,
			   size_t count, sg_sites_out *out);

/*
 * The same greedy by road (engine/sites_road.c): a candidate covers the
 * demand points whose trip to it along the roads costs <= reach (metres
 * or seconds, as `cost` counts; engine/roads.h: off-road legs at walking
 * speed, one-way streets in the home -> school direction).  A bounded
 * search from each candidate evaluated finds them; gains are recomputed
 * lazily (a key computed at an earlier step is an upper bound), so the
 * picks, ties included, are the naive greedy's.  Points and candidates
 * not snapped (edge SG_ROAD_NONE) cover and are covered by nothing.
 */

typedef struct {
	const sg_roadnet *net;
	sg_road_cost cost;
	size_t ndemand;
	const sg_road_snap *dsnap; /* demand points on the network */
	const double *dw;	   /* children at each; <= 0, NaN: none */
	/* Per demand point: the cost of its trip to the nearest existing
	 * school (INFINITY: none); NULL: no existing school. */
	const double *dexisting;
	size_t ncand;
	const sg_road_snap *csnap; /* candidates, in tie order */
	double reach;		   /* > 0 */
	size_t count;		   /* >= 1 */
} sg_sites_road_in;

/* SG_EINVALID (reach, count), SG_ENOMEM, SG_ECANCELLED. */
int sg_sites__greedy_road(sg_ctx *ctx, const sg_sites_road_in *in,
			  sg_sites_out *out);

/* The lazy greedies' max-heap of candidates (engine/sites.c): more
 * children first, then the lower candidate index. */
typedef struct {
	int64_t gain; /* as last computed */
	size_t cand;
	size_t step; /* by road: the pick count when it was computed */
} sg_sites_hent;

void sg_sites__sift_down(sg_sites_hent *h, size_t n, size_t i);
void sg_sites__heapify(sg_sites_hent *h, size_t n);

/*---- Candidates and the chosen sites ------------------------------------*/

/* The candidate sites, in the metric CRS, in tie order. */
typedef struct {
	size_t n, cap;
	double *x, *y;
	size_t *cell;	   /* grid: the cell of each; NULL for a file */
	char **id, **name; /* file: owned strings; NULL for the grid */
	size_t outside;	   /* file: left out (outside, unusable) */
} sg_sites_cands;

void sg_sites__cands_free(sg_sites_cands *k);

/* The centroids of the n grid squares that lie in the study area (in
 * the squares' order, south to north, west to east: the tie order).
 * SG_ENOMEM. */
int sg_sites__grid_cands(sg_ctx *ctx, const sg_catch_square *sq, size_t n,
			 const sg_pip *area, sg_sites_cands *k);

/*
 * The result's sites from the greedy's picks g over candidates k: rank,
 * children and their running total, the unit holding each (the first by
 * code; boundaries count), the candidate's id ("cell:i,j" of the grid
 * squares sq of cs metres, or the file's id and name), lon/lat through
 * d->to_wgs84.  SG_ENOMEM, SG_EPROJ.
 */
int sg_sites__fill(sg_ctx *ctx, const sg_catch_data *d, const sg_sites_cands *k,
		   const sg_catch_square *sq, double cs, const sg_sites_out *g,
		   sg_sites_result *r);

#endif /* SG_ENGINE_SITES_H */
