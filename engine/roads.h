/*
 * engine/roads.h - road networks in memory: a graph in compressed
 * arrays, snapping points onto its edges, and shortest paths from many
 * schools at once.  No I/O: layers/roads.c imports, stores and loads.
 *
 * The graph.  Nodes have metric coordinates (the CRS of the question);
 * every edge is one straight segment between two nodes (an imported
 * line is cut at each of its vertices), with its length and the travel
 * time in each direction (INFINITY: that direction is not allowed, a
 * one-way street).  A direction that is not allowed is not allowed for
 * the length cost either.
 *
 * Snapping.  A point joins the network at the nearest point of the
 * nearest edge (a uniform grid over the edges, searched in growing
 * rings; ties: the lower edge index).  The edge is split there in two
 * partial edges, each with its share of the length and times; nothing
 * is inserted in the graph, the split is done in the arithmetic.  The
 * straight leg from the point to the edge is the off-road leg: its
 * metres for the length cost, at walking speed for the time cost.  A
 * point farther than the snap limit from every edge is not snapped.
 *
 * Shortest paths.  Distances are trips from a place to a school (the
 * home -> school direction matters on one-way streets): the search runs
 * from all the schools at once over the reversed arcs, with a 4-ary heap
 * (multi-source Dijkstra).  Every node gets its nearest school and the
 * cost to reach it; ties go to the lower school index.  With k > 1, a
 * node keeps its k nearest schools (k labels per node): a school among
 * the k nearest of a point is among the k nearest of the node its best
 * path leaves by, so the k labels answer every point exactly.
 */
#ifndef SG_ENGINE_ROADS_H
#define SG_ENGINE_ROADS_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/context.h"

/* Walking speed, for the walking profile and every off-road leg. */
#define SG_ROAD_WALK_KMH 5.0
#define SG_ROAD_WALK_MS (SG_ROAD_WALK_KMH / 3.6)

/* "No edge", "no node", "no school". */
#define SG_ROAD_NONE UINT32_MAX

/* What a distance counts. */
typedef enum {
	SG_ROAD_COST_LENGTH = 0, /* metres */
	SG_ROAD_COST_TIME = 1	 /* seconds */
} sg_road_cost;

/* The edges as given to sg_road__build (arrays borrowed for the call). */
typedef struct {
	size_t nnodes;
	const double *x, *y; /* node coordinates, metres */
	size_t nedges;
	const uint32_t *u, *v;	/* the edge's ends (node indexes) */
	const double *length;	/* metres */
	const double *time_fwd; /* seconds from u to v; INFINITY: no */
	const double *time_bwd; /* seconds from v to u; INFINITY: no */
} sg_road_edges;

typedef struct sg_roadnet sg_roadnet;

/*
 * Build the graph and its snapping grid (every array copied).  Edge ends
 * must be node indexes (SG_EINVALID names the edge otherwise), lengths
 * finite and >= 0.  SG_ENOMEM.
 */
int sg_road__build(sg_ctx *ctx, const sg_road_edges *in,
		   sg_roadnet **out); /* OUT: sg_road__free */
void sg_road__free(sg_roadnet *net);

size_t sg_road__nnodes(const sg_roadnet *net);
size_t sg_road__nedges(const sg_roadnet *net);

/* Cost of travelling edge e whole, forwards (u to v, dir 0) or
 * backwards (dir 1); INFINITY when not allowed. */
double sg_road__edge_cost(const sg_roadnet *net, uint32_t e, int dir,
			  sg_road_cost cost);

/* Where a point joins the network. */
typedef struct {
	uint32_t edge; /* SG_ROAD_NONE: farther than the limit */
	double t;      /* position on the edge: 0 at u, 1 at v */
	double off;    /* metres of the off-road leg */
} sg_road_snap;

/*
 * Snap (x, y) to the nearest edge within `limit` metres (INFINITY: no
 * limit).  Returns 1 when snapped, 0 when no edge is that near (out->edge
 * is then SG_ROAD_NONE).
 */
int sg_road__snap(const sg_roadnet *net, double x, double y, double limit,
		  sg_road_snap *out);

/* The cost of the off-road leg of a snap. */
static inline double sg_road__off_cost(const sg_road_snap *s, sg_road_cost cost)
{
	return cost == SG_ROAD_COST_TIME ? s->off / SG_ROAD_WALK_MS : s->off;
}

/* Connected components, arcs taken both ways: comp[n] gets each node's
 * component (0..*ncomp-1, largest first by edges, then lowest node).
 * SG_ENOMEM. */
int sg_road__components(sg_ctx *ctx, const sg_roadnet *net,
			uint32_t *comp,	  /* OUT: nnodes entries */
			uint32_t *ncomp); /* OUT */

/* Shortest paths from the schools (see the top of the file). */
typedef struct sg_road_field sg_road_field;

/*
 * Run the search from nsrc snapped schools (copied; a school with
 * edge == SG_ROAD_NONE takes no part), keeping the k (>= 1, <= 64)
 * nearest schools of every node.  SG_EINVALID (bad k), SG_ENOMEM,
 * SG_ECANCELLED (progress callback).
 */
int sg_road__field_new(sg_ctx *ctx, const sg_roadnet *net, sg_road_cost cost,
		       const sg_road_snap *src, size_t nsrc, unsigned k,
		       sg_road_field **out); /* OUT: sg_road__field_free */
void sg_road__field_free(sg_road_field *f);

/* A node's nearest school (SG_ROAD_NONE: none reachable) and the cost
 * of the trip from the node to it (INFINITY when none). */
uint32_t sg_road__field_node(const sg_road_field *f, uint32_t node,
			     double *cost);

/*
 * The nearest school of a snapped point and the trip's cost, off-road
 * legs included (the point's and the school's).  SG_ROAD_NONE and
 * INFINITY when the point is not snapped or reaches no school.
 */
uint32_t sg_road__field_nearest(const sg_road_field *f, const sg_road_snap *p,
				double *cost);

/*
 * The up to k (<= the field's k) nearest schools of a snapped point by
 * (cost, index), into idx[] and cost[]; returns how many.
 */
size_t sg_road__field_knearest(const sg_road_field *f, const sg_road_snap *p,
			       size_t k, uint32_t *idx, /* OUT: k entries */
			       double *cost);		/* OUT: k entries */

/*
 * Bounded searches to one point (suggest-sites by road: which places
 * reach a candidate site within the reach).  The workspace is reused
 * from point to point; a run costs what the nodes within `max` cost.
 */
typedef struct sg_road_reach sg_road_reach;

int sg_road__reach_new(sg_ctx *ctx, const sg_roadnet *net, sg_road_cost cost,
		       sg_road_reach **out); /* OUT: sg_road__reach_free */
void sg_road__reach_free(sg_road_reach *r);

/* Run the search to snapped point p (edge SG_ROAD_NONE: reaches
 * nothing): every node whose trip to p costs <= max, off-road leg of p
 * included.  SG_ENOMEM. */
int sg_road__reach_run(sg_ctx *ctx, sg_road_reach *r, const sg_road_snap *p,
		       double max);

/* After a run: the nodes settled (cost <= max), borrowed until the next
 * run. */
size_t sg_road__reach_nodes(const sg_road_reach *r, const uint32_t **nodes);

/* The edges touching node a (either end, any direction); borrowed. */
size_t sg_road__node_edges(const sg_road_reach *r, uint32_t a,
			   const uint32_t **edges);

/* The cost of the trip from snapped point q to the last run's point,
 * both off-road legs included: INFINITY when above max or none.  It is
 * the very value sg_road__field_nearest gives with that point as the
 * only school (the same sums in the same order). */
double sg_road__reach_cost(const sg_road_reach *r, const sg_road_snap *q);

/*---- The graph of the lines of a source -----------------------------------*/

/* A line of the source: vertices [start, start + count) of the vertex
 * arrays, its class (the caller's index), speed and direction. */
typedef struct {
	size_t start, count;
	uint16_t cls;
	double kmh;
	int8_t dir; /* 0 both ways, 1 along, -1 against */
} sg_road_line;

/* Nodes and edges built from lines (sg_road__from_lines); comp and
 * ncomp are the caller's (sg_road__components), freed with the rest by
 * sg_road__built_free. */
typedef struct {
	size_t nn, ne;
	double *lon, *lat, *x, *y; /* per node */
	uint32_t *u, *v;	   /* per edge: its ends */
	double *len, *tf, *tb;	   /* metres; seconds forward, backward
				      (-1: that direction not allowed) */
	uint16_t *cls;		   /* the line's class */
	uint32_t *comp;
	uint32_t ncomp;
} sg_road_built;

/*
 * Nodes from the nv vertices (lon/lat, and metres in mx/my): vertices
 * equal to 1e-7 degree are one node (a hash table), numbered in the
 * order of their first vertex; then one edge per segment of each line
 * whose ends are distinct nodes and whose length is finite, in the
 * lines' order, timed at the line's speed.  SG_ENOMEM (also more than
 * 2^31 vertices).  On failure b holds what was allocated: free it.
 */
int sg_road__from_lines(sg_ctx *ctx, const double *lon, const double *lat,
			const double *mx, const double *my, size_t nv,
			const sg_road_line *lines, size_t nl,
			sg_road_built *b); /* OUT: sg_road__built_free */
void sg_road__built_free(sg_road_built *b);

#endif /* SG_ENGINE_ROADS_H */
