/*
 * engine/sites_road.c - suggest-sites by road (engine/sites.h): the lazy
 * greedy of the maximal covering problem where a candidate covers the
 * demand points within the reach along the roads.
 *
 * A candidate's gain is found by one bounded search towards it
 * (sg_road__reach_run): the demand points on the edges touching the
 * nodes it settles, and on the candidate's own edge, are the only ones
 * that can reach it within the reach; each is costed exactly as the
 * multi-source search costs a place (sg_road__reach_cost), so "served"
 * means the same for the existing schools and for the sites.  Children
 * are counted in integer micro-children, so ties are ties and the lazy
 * greedy picks what the naive one picks (tests/engine/test_roads.c
 * checks it against a brute force over single-source searches).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/sites.h"
#include "util/file.h"

typedef sg_sites_hent rent;

typedef struct {
	const sg_sites_road_in *in;
	sg_road_reach *reach;
	int64_t *q; /* children left per demand point */
	long *served_by;
	uint32_t *doff, *ditem; /* demand points by edge (CSR) */
	uint32_t *seen;		/* per demand point: last visit */
	uint32_t visit;
} rgreedy;

/* The demand points of edge e not visited yet in this evaluation. */
static int64_t edge_gain(rgreedy *g, uint32_t e, long mark)
{
	const sg_sites_road_in *in = g->in;
	int64_t sum = 0;

	for (uint32_t k = g->doff[e]; k < g->doff[e + 1]; k++) {
		uint32_t d = g->ditem[k];

		if (g->seen[d] == g->visit)
			continue;
		g->seen[d] = g->visit;
		if (g->served_by[d] != SG_SITES_UNSERVED || g->q[d] == 0 ||
		    !(sg_road__reach_cost(g->reach, &in->dsnap[d]) <=
		      in->reach))
			continue;
		sum += g->q[d];
		if (mark >= 0) {
			g->served_by[d] = mark;
			g->q[d] = 0;
		}
	}
	return sum;
}

/* Children left within reach of candidate c; with mark >= 0 they are
 * marked served by site `mark`. */
static int gain(sg_ctx *ctx, rgreedy *g, size_t c, long mark, int64_t *out)
{
	const sg_sites_road_in *in = g->in;
	const sg_road_snap *p = &in->csnap[c];
	const uint32_t *nodes, *edges;
	size_t nn;
	int64_t sum = 0;
	int rc;

	*out = 0;
	if (p->edge == SG_ROAD_NONE)
		return SG_OK;
	if ((rc = sg_road__reach_run(ctx, g->reach, p, in->reach)) != SG_OK)
		return rc;
	if (++g->visit == 0) {
		memset(g->seen, 0, in->ndemand * sizeof(*g->seen));
		g->visit = 1;
	}
	sum += edge_gain(g, p->edge, mark);
	nn = sg_road__reach_nodes(g->reach, &nodes);
	for (size_t i = 0; i < nn; i++) {
		size_t ne = sg_road__node_edges(g->reach, nodes[i], &edges);

		for (size_t j = 0; j < ne; j++)
			sum += edge_gain(g, edges[j], mark);
	}
	*out = sum;
	return SG_OK;
}

static int by_edge(sg_ctx *ctx, rgreedy *g, size_t m)
{
	const sg_sites_road_in *in = g->in;
	uint32_t *fill;

	g->doff = calloc(m + 1, sizeof(uint32_t));
	g->ditem = malloc((in->ndemand ? in->ndemand : 1) * sizeof(uint32_t));
	fill = malloc((m + 1) * sizeof(uint32_t));
	if (!g->doff || !g->ditem || !fill) {
		free(fill);
		return sg_error__oom(ctx, "suggest-sites");
	}
	for (size_t d = 0; d < in->ndemand; d++)
		if (in->dsnap[d].edge < m)
			g->doff[in->dsnap[d].edge + 1]++;
	for (size_t e = 0; e < m; e++)
		g->doff[e + 1] += g->doff[e];
	memcpy(fill, g->doff, (m + 1) * sizeof(uint32_t));
	for (size_t d = 0; d < in->ndemand; d++)
		if (in->dsnap[d].edge < m)
			g->ditem[fill[in->dsnap[d].edge]++] = (uint32_t)d;
	free(fill);
	return SG_OK;
}

int sg_sites__greedy_road(sg_ctx *ctx, const sg_sites_road_in *in,
			  sg_sites_out *out)
{
	size_t nd = in->ndemand, nc = in->ncand, nh = 0;
	size_t maxpick = in->count < nc ? in->count : nc;
	int64_t before_q = 0, total_q = 0;
	rgreedy g;
	rent *heap = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&g, 0, sizeof(g));
	g.in = in;
	if (!(in->reach > 0) || isinf(in->reach))
		return sg_error__set(ctx, SG_EINVALID,
				     "suggest-sites: the "
				     "reach by road must be positive");
	if (in->count == 0)
		return sg_error__set(ctx, SG_EINVALID,
				     "suggest-sites: the "
				     "number of sites must be at least 1");
	if (nd >= UINT32_MAX)
		return sg_error__set(ctx, SG_EINVALID,
				     "suggest-sites: too "
				     "many demand points");
	g.q = malloc((nd ? nd : 1) * sizeof(*g.q));
	g.seen = calloc(nd ? nd : 1, sizeof(*g.seen));
	out->served_by = malloc((nd ? nd : 1) * sizeof(long));
	out->pick = malloc((maxpick ? maxpick : 1) * sizeof(size_t));
	out->gain = malloc((maxpick ? maxpick : 1) * sizeof(double));
	heap = malloc((nc ? nc : 1) * sizeof(*heap));
	if (!g.q || !g.seen || !out->served_by || !out->pick || !out->gain ||
	    !heap) {
		rc = sg_error__oom(ctx, "suggest-sites");
		goto done;
	}
	g.served_by = out->served_by;
	if ((rc = by_edge(ctx, &g, sg_road__nedges(in->net))) != SG_OK ||
	    (rc = sg_road__reach_new(ctx, in->net, in->cost, &g.reach)) !=
		    SG_OK)
		goto done;
	for (size_t i = 0; i < nd; i++) {
		double w = in->dw ? in->dw[i] : 0;

		g.q[i] = w > 0 && isfinite(w) ? llround(w / SG_SITES_UNIT) : 0;
		total_q += g.q[i];
		out->served_by[i] = SG_SITES_UNSERVED;
		if (in->dexisting && in->dexisting[i] <= in->reach) {
			out->served_by[i] = SG_SITES_EXISTING;
			before_q += g.q[i];
			g.q[i] = 0;
		}
	}
	out->total = (double)total_q * SG_SITES_UNIT;
	out->served_before = (double)before_q * SG_SITES_UNIT;
	for (size_t c = 0; c < nc; c++) {
		int64_t v;

		if ((rc = gain(ctx, &g, c, -1, &v)) != SG_OK)
			goto done;
		out->evaluations++;
		if (v > 0)
			heap[nh++] = (rent){ v, c, 0 };
		if ((c & 255) == 255 &&
		    (rc = sg_ctx__progress(ctx, "suggest-sites: gains by road",
					   c + 1, nc)) != SG_OK)
			goto done;
	}
	sg_sites__heapify(heap, nh);
	while (out->npicked < in->count) {
		size_t step = out->npicked, c;
		int64_t v;

		/* A key computed at this step is exact and every other key
		 * bounds its gain: a fresh top is the best, ties to the
		 * lower index. */
		while (nh > 0 && heap[0].step != step) {
			c = heap[0].cand;
			if ((rc = gain(ctx, &g, c, -1, &v)) != SG_OK)
				goto done;
			out->evaluations++;
			if (v == 0) {
				heap[0] = heap[--nh];
				sg_sites__sift_down(heap, nh, 0);
				continue;
			}
			heap[0] = (rent){ v, c, step };
			sg_sites__sift_down(heap, nh, 0);
		}
		if (nh == 0) {
			out->exhausted = 1;
			break;
		}
		c = heap[0].cand;
		heap[0] = heap[--nh];
		sg_sites__sift_down(heap, nh, 0);
		if ((rc = gain(ctx, &g, c, (long)step, &v)) != SG_OK)
			goto done;
		out->pick[step] = c;
		out->gain[step] = (double)v * SG_SITES_UNIT;
		out->npicked++;
	}
	rc = SG_OK;
done:
	free(g.q);
	free(g.seen);
	free(g.doff);
	free(g.ditem);
	free(heap);
	sg_road__reach_free(g.reach);
	if (rc != SG_OK)
		sg_sites__out_free(out);
	return rc;
}
