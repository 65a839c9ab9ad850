/*
 * engine/roads.c - road graph, snapping and multi-source shortest paths
 * (see engine/roads.h for the definitions).
 *
 * Layout: the edges are kept as given (ends, length, times); the search
 * needs, for each node, the arcs that lead INTO it (it runs from the
 * schools backwards, so that a node's cost is the trip from the node to
 * its school), kept as one compressed array (CSR): arcs of node a are
 * in_arc[in_off[a] .. in_off[a + 1]), each the edge index times two plus
 * the direction travelled (0: u to v).  Only allowed arcs are listed.
 * A 1,000,000-edge city takes about 60 MB with its snapping grid.
 */
#include <stdlib.h>
#include <string.h>

#include "engine/roads.h"
#include "util/file.h"

struct sg_roadnet {
	uint32_t n, m;
	double *x, *y;
	uint32_t *eu, *ev;
	double *len, *tf, *tb;
	uint32_t *in_off, *in_arc;
	uint32_t *in_from; /* the node each arc comes from */
	/* Snapping grid: cells of cs metres from (gx, gy), gnx x gny;
	 * edges of cell c are gidx[goff[c] .. goff[c + 1]). */
	double gx, gy, cs;
	long gnx, gny;
	uint32_t *goff, *gidx;
};

/*---- Graph ----------------------------------------------------------------*/

double sg_road__edge_cost(const sg_roadnet *net, uint32_t e, int dir,
			  sg_road_cost cost)
{
	double t = dir ? net->tb[e] : net->tf[e];

	if (!(t < INFINITY))
		return INFINITY;
	return cost == SG_ROAD_COST_TIME ? t : net->len[e];
}

/* The cost of a fraction of edge e travelled in direction dir: nothing
 * travelled costs nothing, even on a forbidden direction. */
static double partial(const sg_roadnet *net, uint32_t e, int dir, double frac,
		      sg_road_cost cost)
{
	double c;

	if (frac <= 0)
		return 0;
	c = sg_road__edge_cost(net, e, dir, cost);
	return c < INFINITY ? c * frac : INFINITY;
}

size_t sg_road__nnodes(const sg_roadnet *net)
{
	return net->n;
}

size_t sg_road__nedges(const sg_roadnet *net)
{
	return net->m;
}

void sg_road__free(sg_roadnet *net)
{
	if (!net)
		return;
	free(net->x);
	free(net->y);
	free(net->eu);
	free(net->ev);
	free(net->len);
	free(net->tf);
	free(net->tb);
	free(net->in_off);
	free(net->in_arc);
	free(net->in_from);
	free(net->goff);
	free(net->gidx);
	free(net);
}

/* Cells of the grid an edge's box touches. */
static void edge_cells(const sg_roadnet *net, uint32_t e, long *i0, long *j0,
		       long *i1, long *j1)
{
	double ax = net->x[net->eu[e]], ay = net->y[net->eu[e]];
	double bx = net->x[net->ev[e]], by = net->y[net->ev[e]];

	*i0 = (long)((fmin(ax, bx) - net->gx) / net->cs);
	*i1 = (long)((fmax(ax, bx) - net->gx) / net->cs);
	*j0 = (long)((fmin(ay, by) - net->gy) / net->cs);
	*j1 = (long)((fmax(ay, by) - net->gy) / net->cs);
	if (*i1 >= net->gnx)
		*i1 = net->gnx - 1;
	if (*j1 >= net->gny)
		*j1 = net->gny - 1;
}

static int build_grid(sg_ctx *ctx, sg_roadnet *net)
{
	double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
	double sum = 0, w, h;
	size_t ncell, total = 0;
	uint32_t *fill;

	for (uint32_t a = 0; a < net->n; a++) {
		x0 = fmin(x0, net->x[a]);
		y0 = fmin(y0, net->y[a]);
		x1 = fmax(x1, net->x[a]);
		y1 = fmax(y1, net->y[a]);
	}
	for (uint32_t e = 0; e < net->m; e++)
		sum += net->len[e];
	if (net->m == 0) {
		x0 = y0 = 0;
		x1 = y1 = 1;
	}
	w = fmax(x1 - x0, 1);
	h = fmax(y1 - y0, 1);
	/* About two edges per cell, cells no smaller than the mean edge,
	 * at most 4 million of them. */
	net->cs = fmax(sqrt(w * h / (net->m / 2.0 + 1)),
		       net->m ? sum / net->m : 1);
	while ((w / net->cs + 1) * (h / net->cs + 1) > 4e6)
		net->cs *= 1.5;
	net->gx = x0;
	net->gy = y0;
	net->gnx = (long)(w / net->cs) + 1;
	net->gny = (long)(h / net->cs) + 1;
	ncell = (size_t)net->gnx * (size_t)net->gny;
	net->goff = calloc(ncell + 1, sizeof(uint32_t));
	if (!net->goff)
		return sg_error__oom(ctx, "roads");
	for (uint32_t e = 0; e < net->m; e++) {
		long i0, j0, i1, j1;

		edge_cells(net, e, &i0, &j0, &i1, &j1);
		for (long j = j0; j <= j1; j++)
			for (long i = i0; i <= i1; i++)
				net->goff[(size_t)j * net->gnx + i + 1]++;
	}
	for (size_t c = 0; c < ncell; c++) {
		total += net->goff[c + 1];
		if (total > UINT32_MAX)
			return sg_error__set(ctx, SG_EINVALID,
					     "roads: too "
					     "many edges for the snapping "
					     "grid");
		net->goff[c + 1] = (uint32_t)total;
	}
	net->gidx = malloc((total ? total : 1) * sizeof(uint32_t));
	fill = malloc(ncell * sizeof(uint32_t));
	if (!net->gidx || !fill) {
		free(fill);
		return sg_error__oom(ctx, "roads");
	}
	memcpy(fill, net->goff, ncell * sizeof(uint32_t));
	for (uint32_t e = 0; e < net->m; e++) {
		long i0, j0, i1, j1;

		edge_cells(net, e, &i0, &j0, &i1, &j1);
		for (long j = j0; j <= j1; j++)
			for (long i = i0; i <= i1; i++)
				net->gidx[fill[(size_t)j * net->gnx + i]++] = e;
	}
	free(fill);
	return SG_OK;
}

int sg_road__build(sg_ctx *ctx, const sg_road_edges *in, sg_roadnet **out)
{
	sg_roadnet *net;
	size_t n = in->nnodes, m = in->nedges;
	uint32_t *fill = NULL;
	int rc;

	*out = NULL;
	if (n >= UINT32_MAX || m >= UINT32_MAX / 2)
		return sg_error__set(ctx, SG_EINVALID,
				     "roads: too many "
				     "nodes or edges (%zu, %zu)",
				     n, m);
	if (!(net = calloc(1, sizeof(*net))))
		return sg_error__oom(ctx, "roads");
	net->n = (uint32_t)n;
	net->m = (uint32_t)m;
	net->x = malloc((n ? n : 1) * sizeof(double));
	net->y = malloc((n ? n : 1) * sizeof(double));
	net->eu = malloc((m ? m : 1) * sizeof(uint32_t));
	net->ev = malloc((m ? m : 1) * sizeof(uint32_t));
	net->len = malloc((m ? m : 1) * sizeof(double));
	net->tf = malloc((m ? m : 1) * sizeof(double));
	net->tb = malloc((m ? m : 1) * sizeof(double));
	net->in_off = calloc(n + 1, sizeof(uint32_t));
	net->in_arc = malloc((2 * m + 1) * sizeof(uint32_t));
	net->in_from = malloc((2 * m + 1) * sizeof(uint32_t));
	fill = malloc((n ? n : 1) * sizeof(uint32_t));
	if (!net->x || !net->y || !net->eu || !net->ev || !net->len ||
	    !net->tf || !net->tb || !net->in_off || !net->in_arc ||
	    !net->in_from || !fill) {
		rc = sg_error__oom(ctx, "roads");
		goto fail;
	}
	memcpy(net->x, in->x, n * sizeof(double));
	memcpy(net->y, in->y, n * sizeof(double));
	for (size_t e = 0; e < m; e++) {
		if (in->u[e] >= n || in->v[e] >= n) {
			rc = sg_error__set(ctx, SG_EINVALID,
					   "roads: edge %zu "
					   "names node %u or %u of %zu",
					   e, in->u[e], in->v[e], n);
			goto fail;
		}
		if (!(in->length[e] >= 0 && in->length[e] < INFINITY)) {
			rc = sg_error__set(ctx, SG_EINVALID,
					   "roads: edge %zu "
					   "has no length",
					   e);
			goto fail;
		}
		net->eu[e] = in->u[e];
		net->ev[e] = in->v[e];
		net->len[e] = in->length[e];
		net->tf[e] = in->time_fwd[e] >= 0 ? in->time_fwd[e] : INFINITY;
		net->tb[e] = in->time_bwd[e] >= 0 ? in->time_bwd[e] : INFINITY;
		/* Arc u -> v leads into v, arc v -> u into u. */
		if (net->tf[e] < INFINITY)
			net->in_off[net->ev[e] + 1]++;
		if (net->tb[e] < INFINITY)
			net->in_off[net->eu[e] + 1]++;
	}
	for (size_t a = 0; a < n; a++)
		net->in_off[a + 1] += net->in_off[a];
	memcpy(fill, net->in_off, n * sizeof(uint32_t));
	for (uint32_t e = 0; e < m; e++) {
		if (net->tf[e] < INFINITY) {
			net->in_from[fill[net->ev[e]]] = net->eu[e];
			net->in_arc[fill[net->ev[e]]++] = 2 * e;
		}
		if (net->tb[e] < INFINITY) {
			net->in_from[fill[net->eu[e]]] = net->ev[e];
			net->in_arc[fill[net->eu[e]]++] = 2 * e + 1;
		}
	}
	free(fill);
	fill = NULL;
	if ((rc = build_grid(ctx, net)) != SG_OK)
		goto fail;
	*out = net;
	return SG_OK;
fail:
	free(fill);
	sg_road__free(net);
	return rc;
}

/*---- Snapping -------------------------------------------------------------*/

/* Distance from (px, py) to edge e, and the position t of the nearest
 * point on it. */
static double seg_dist(const sg_roadnet *net, uint32_t e, double px, double py,
		       double *t)
{
	double ax = net->x[net->eu[e]], ay = net->y[net->eu[e]];
	double dx = net->x[net->ev[e]] - ax, dy = net->y[net->ev[e]] - ay;
	double l2 = dx * dx + dy * dy, s = 0;

	if (l2 > 0) {
		s = ((px - ax) * dx + (py - ay) * dy) / l2;
		s = s < 0 ? 0 : s > 1 ? 1 : s;
	}
	*t = s;
	return hypot(px - (ax + s * dx), py - (ay + s * dy));
}

int sg_road__snap(const sg_roadnet *net, double x, double y, double limit,
		  sg_road_snap *out)
{
	double best = INFINITY, bt = 0, reach;
	uint32_t be = SG_ROAD_NONE;
	long ci, cj, rmax;

	out->edge = SG_ROAD_NONE;
	out->t = 0;
	out->off = INFINITY;
	if (net->m == 0 || !isfinite(x) || !isfinite(y))
		return 0;
	ci = (long)floor((x - net->gx) / net->cs);
	cj = (long)floor((y - net->gy) / net->cs);
	/* Rings past the grid's far side hold nothing. */
	reach = fmax(fmax(labs(ci), labs(ci - net->gnx)),
		     fmax(labs(cj), labs(cj - net->gny))) +
		1;
	rmax = (long)reach;
	if (limit < INFINITY && limit / net->cs + 1 < reach)
		rmax = (long)(limit / net->cs) + 1;
	for (long r = 0; r <= rmax; r++) {
		for (long j = cj - r; j <= cj + r; j++) {
			long step = (j == cj - r || j == cj + r) ? 1 : 2 * r;

			if (j < 0 || j >= net->gny)
				continue;
			for (long i = ci - r; i <= ci + r;
			     i += step ? step : 1) {
				size_t c;

				if (i < 0 || i >= net->gnx)
					continue;
				c = (size_t)j * net->gnx + i;
				for (uint32_t k = net->goff[c];
				     k < net->goff[c + 1]; k++) {
					uint32_t e = net->gidx[k];
					double t,
						d = seg_dist(net, e, x, y, &t);

					if (d < best || (d == best && e < be)) {
						best = d;
						be = e;
						bt = t;
					}
				}
			}
		}
		/* Whatever lies beyond ring r is at least r cells away. */
		if (best <= r * net->cs)
			break;
	}
	if (be == SG_ROAD_NONE || best > limit)
		return 0;
	out->edge = be;
	out->t = bt;
	out->off = best;
	return 1;
}

/*---- Components -----------------------------------------------------------*/

static uint32_t find(uint32_t *p, uint32_t a)
{
	while (p[a] != a) {
		p[a] = p[p[a]];
		a = p[a];
	}
	return a;
}

typedef struct {
	uint64_t edges;
	uint32_t root, first;
} comp_size;

static int cmp_comp(const void *a, const void *b)
{
	const comp_size *x = a, *y = b;

	if (x->edges != y->edges)
		return x->edges > y->edges ? -1 : 1;
	return x->first < y->first ? -1 : x->first > y->first;
}

int sg_road__components(sg_ctx *ctx, const sg_roadnet *net, uint32_t *comp,
			uint32_t *ncomp)
{
	uint32_t *p = malloc((net->n ? net->n : 1) * sizeof(uint32_t));
	uint32_t *slot = malloc((net->n ? net->n : 1) * sizeof(uint32_t));
	comp_size *cs = NULL;
	uint32_t nc = 0;

	*ncomp = 0;
	if (!p || !slot) {
		free(p);
		free(slot);
		return sg_error__oom(ctx, "roads");
	}
	for (uint32_t a = 0; a < net->n; a++)
		p[a] = a;
	for (uint32_t e = 0; e < net->m; e++) {
		uint32_t a = find(p, net->eu[e]), b = find(p, net->ev[e]);

		if (a != b)
			p[a < b ? b : a] = a < b ? a : b;
	}
	for (uint32_t a = 0; a < net->n; a++)
		if (find(p, a) == a)
			slot[a] = nc++;
	if (!(cs = calloc(nc ? nc : 1, sizeof(*cs)))) {
		free(p);
		free(slot);
		return sg_error__oom(ctx, "roads");
	}
	for (uint32_t a = 0; a < net->n; a++) {
		uint32_t r = find(p, a);

		if (r == a) {
			cs[slot[a]].root = a;
			cs[slot[a]].first = a;
		}
	}
	for (uint32_t e = 0; e < net->m; e++)
		cs[slot[find(p, net->eu[e])]].edges++;
	qsort(cs, nc, sizeof(*cs), cmp_comp);
	for (uint32_t k = 0; k < nc; k++)
		slot[cs[k].root] = k;
	for (uint32_t a = 0; a < net->n; a++)
		comp[a] = slot[find(p, a)];
	*ncomp = nc;
	free(cs);
	free(p);
	free(slot);
	return SG_OK;
}

/*---- Multi-source search ----------------------------------------------------*/

typedef struct {
	double d;
	uint32_t node, src;
} hent;

typedef struct {
	hent *v;
	size_t n, cap;
} heap;

static int hless(const hent *a, const hent *b)
{
	return a->d < b->d || (a->d == b->d && a->src < b->src);
}

static int hpush(heap *h, hent e)
{
	size_t i;

	if (h->n == h->cap) {
		size_t cap = h->cap ? 2 * h->cap : 1024;
		hent *v = realloc(h->v, cap * sizeof(*v));

		if (!v)
			return -1;
		h->v = v;
		h->cap = cap;
	}
	i = h->n++;
	while (i > 0 && hless(&e, &h->v[(i - 1) / 4])) {
		h->v[i] = h->v[(i - 1) / 4];
		i = (i - 1) / 4;
	}
	h->v[i] = e;
	return 0;
}

static hent hpop(heap *h)
{
	hent top = h->v[0], last = h->v[--h->n];
	size_t i = 0;

	for (;;) {
		size_t c = 4 * i + 1, m = SIZE_MAX;
		const hent *best = &last;

		for (size_t k = c; k < c + 4 && k < h->n; k++)
			if (hless(&h->v[k], best)) {
				best = &h->v[k];
				m = k;
			}
		if (m == SIZE_MAX)
			break;
		h->v[i] = h->v[m];
		i = m;
	}
	if (h->n > 0)
		h->v[i] = last;
	return top;
}

typedef struct {
	uint32_t edge, src;
} edge_src;

struct sg_road_field {
	const sg_roadnet *net;
	sg_road_cost cost;
	unsigned k;
	size_t nsrc;
	sg_road_snap *src;
	edge_src *by_edge; /* snapped schools by edge, then index */
	size_t nby;
	double *w;    /* cost of each arc of in_arc */
	double *kd;   /* n x k costs */
	uint32_t *ks; /* n x k schools */
	uint8_t *kc;  /* labels kept per node */
};

void sg_road__field_free(sg_road_field *f)
{
	if (!f)
		return;
	free(f->src);
	free(f->by_edge);
	free(f->w);
	free(f->kd);
	free(f->ks);
	free(f->kc);
	free(f);
}

static int cmp_edge_src(const void *a, const void *b)
{
	const edge_src *x = a, *y = b;

	if (x->edge != y->edge)
		return x->edge < y->edge ? -1 : 1;
	return x->src < y->src ? -1 : x->src > y->src;
}

/* One label: the classic search with tentative costs (k = 1). */
static int search1(sg_ctx *ctx, sg_road_field *f, heap *h)
{
	const sg_roadnet *net = f->net;
	uint64_t done = 0;
	int rc;

	while (h->n > 0) {
		hent e = hpop(h);
		uint32_t a = e.node;

		if (f->kc[a] || e.d > f->kd[a] ||
		    (e.d == f->kd[a] && e.src != f->ks[a]))
			continue;
		f->kc[a] = 1;
		for (uint32_t i = net->in_off[a]; i < net->in_off[a + 1]; i++) {
			uint32_t b = net->in_from[i];
			double nd = e.d + f->w[i];

			if (f->kc[b])
				continue;
			if (nd < f->kd[b] ||
			    (nd == f->kd[b] && e.src < f->ks[b])) {
				f->kd[b] = nd;
				f->ks[b] = e.src;
				if (hpush(h, (hent){ nd, b, e.src }))
					return sg_error__oom(ctx, "roads");
			}
		}
		if ((++done & 0xffff) == 0 &&
		    (rc = sg_ctx__progress(ctx, "roads: shortest paths", done,
					   net->n)) != SG_OK)
			return rc;
	}
	return SG_OK;
}

/* k labels per node. */
static int searchk(sg_ctx *ctx, sg_road_field *f, heap *h)
{
	const sg_roadnet *net = f->net;
	unsigned k = f->k;
	uint64_t done = 0;
	int rc;

	while (h->n > 0) {
		hent e = hpop(h);
		uint32_t a = e.node;
		size_t base = (size_t)a * k;
		int seen = 0;

		if (f->kc[a] >= k)
			continue;
		for (unsigned j = 0; j < f->kc[a] && !seen; j++)
			seen = f->ks[base + j] == e.src;
		if (seen)
			continue;
		f->kd[base + f->kc[a]] = e.d;
		f->ks[base + f->kc[a]] = e.src;
		f->kc[a]++;
		for (uint32_t i = net->in_off[a]; i < net->in_off[a + 1]; i++) {
			uint32_t b = net->in_from[i];

			if (f->kc[b] >= k)
				continue;
			if (hpush(h, (hent){ e.d + f->w[i], b, e.src }))
				return sg_error__oom(ctx, "roads");
		}
		if ((++done & 0xffff) == 0 &&
		    (rc = sg_ctx__progress(ctx, "roads: shortest paths", done,
					   (uint64_t)net->n * k)) != SG_OK)
			return rc;
	}
	return SG_OK;
}

int sg_road__field_new(sg_ctx *ctx, const sg_roadnet *net, sg_road_cost cost,
		       const sg_road_snap *src, size_t nsrc, unsigned k,
		       sg_road_field **out)
{
	sg_road_field *f;
	heap h = { 0 };
	size_t n = net->n;
	int rc = SG_OK;

	*out = NULL;
	if (k < 1 || k > 64)
		return sg_error__set(ctx, SG_EINVALID,
				     "roads: k = %u: "
				     "between 1 and 64 schools",
				     k);
	if (nsrc >= SG_ROAD_NONE)
		return sg_error__set(ctx, SG_EINVALID,
				     "roads: too many "
				     "schools");
	if (!(f = calloc(1, sizeof(*f))))
		return sg_error__oom(ctx, "roads");
	f->net = net;
	f->cost = cost;
	f->k = k;
	f->nsrc = nsrc;
	f->src = malloc((nsrc ? nsrc : 1) * sizeof(*src));
	f->by_edge = malloc((nsrc ? nsrc : 1) * sizeof(*f->by_edge));
	f->kd = malloc((n ? n : 1) * k * sizeof(double));
	f->ks = malloc((n ? n : 1) * k * sizeof(uint32_t));
	f->kc = calloc(n ? n : 1, 1);
	f->w = malloc((net->in_off[n] + 1) * sizeof(double));
	if (!f->src || !f->by_edge || !f->kd || !f->ks || !f->kc || !f->w) {
		sg_road__field_free(f);
		return sg_error__oom(ctx, "roads");
	}
	memcpy(f->src, src, nsrc * sizeof(*src));
	for (uint32_t i = 0; i < net->in_off[n]; i++)
		f->w[i] = sg_road__edge_cost(net, net->in_arc[i] >> 1,
					     (int)(net->in_arc[i] & 1), cost);
	for (size_t a = 0; a < n * k; a++) {
		f->kd[a] = INFINITY;
		f->ks[a] = SG_ROAD_NONE;
	}
	for (size_t s = 0; s < nsrc; s++) {
		const sg_road_snap *p = &src[s];
		uint32_t e = p->edge;
		double off = sg_road__off_cost(p, cost), cu, cv;

		if (e == SG_ROAD_NONE || e >= net->m)
			continue;
		f->by_edge[f->nby++] = (edge_src){ e, (uint32_t)s };
		/* From u the trip runs forwards to the school's point, from
		 * v backwards. */
		cu = off + partial(net, e, 0, p->t, cost);
		cv = off + partial(net, e, 1, 1 - p->t, cost);
		for (int w = 0; w < 2; w++) {
			uint32_t a = w ? net->ev[e] : net->eu[e];
			double c = w ? cv : cu;

			if (!(c < INFINITY))
				continue;
			if (k == 1) {
				if (!(c < f->kd[a] ||
				      (c == f->kd[a] && s < f->ks[a])))
					continue;
				f->kd[a] = c;
				f->ks[a] = (uint32_t)s;
			}
			if (hpush(&h, (hent){ c, a, (uint32_t)s })) {
				rc = sg_error__oom(ctx, "roads");
				goto done;
			}
		}
	}
	qsort(f->by_edge, f->nby, sizeof(*f->by_edge), cmp_edge_src);
	rc = k == 1 ? search1(ctx, f, &h) : searchk(ctx, f, &h);
done:
	free(h.v);
	if (rc != SG_OK) {
		sg_road__field_free(f);
		return rc;
	}
	*out = f;
	return SG_OK;
}

uint32_t sg_road__field_node(const sg_road_field *f, uint32_t node,
			     double *cost)
{
	size_t base = (size_t)node * f->k;

	if (node >= f->net->n || (f->k > 1 && f->kc[node] == 0)) {
		if (cost)
			*cost = INFINITY;
		return SG_ROAD_NONE;
	}
	if (cost)
		*cost = f->kd[base];
	return f->ks[base];
}

typedef struct {
	double c;
	uint32_t s;
} cand;

static int cmp_cand(const void *a, const void *b)
{
	const cand *x = a, *y = b;

	if (x->c != y->c)
		return x->c < y->c ? -1 : 1;
	return x->s < y->s ? -1 : x->s > y->s;
}

/* Add candidate (c, s) unless s is there with a lower cost. */
static void add_cand(cand *v, size_t *n, double c, uint32_t s)
{
	if (!(c < INFINITY) || s == SG_ROAD_NONE)
		return;
	for (size_t i = 0; i < *n; i++)
		if (v[i].s == s) {
			if (c < v[i].c)
				v[i].c = c;
			return;
		}
	v[(*n)++] = (cand){ c, s };
}

size_t sg_road__field_knearest(const sg_road_field *f, const sg_road_snap *p,
			       size_t k, uint32_t *idx, double *cost)
{
	const sg_roadnet *net = f->net;
	cand local[160], *v = local;
	size_t nv = 0, cap, lo = 0, hi = f->nby, nout;
	uint32_t e = p->edge;
	double off, pu, pv;

	if (e == SG_ROAD_NONE || e >= net->m || k == 0)
		return 0;
	if (k > f->k)
		k = f->k;
	/* Schools snapped onto the same edge: reached along it. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (f->by_edge[mid].edge < e)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (hi = lo; hi < f->nby && f->by_edge[hi].edge == e; hi++)
		;
	cap = 2 * (size_t)f->k + (hi - lo);
	if (cap > sizeof(local) / sizeof(*local) &&
	    !(v = malloc(cap * sizeof(*v))))
		return 0;
	off = sg_road__off_cost(p, f->cost);
	/* From the point to u runs backwards, to v forwards. */
	pu = off + partial(net, e, 1, p->t, f->cost);
	pv = off + partial(net, e, 0, 1 - p->t, f->cost);
	for (int w = 0; w < 2; w++) {
		uint32_t a = w ? net->ev[e] : net->eu[e];
		double base = w ? pv : pu;
		unsigned nl = f->k == 1 ? (f->ks[a] != SG_ROAD_NONE) : f->kc[a];

		for (unsigned j = 0; base < INFINITY && j < nl; j++)
			add_cand(v, &nv, base + f->kd[(size_t)a * f->k + j],
				 f->ks[(size_t)a * f->k + j]);
	}
	for (size_t i = lo; i < hi; i++) {
		const sg_road_snap *q = &f->src[f->by_edge[i].src];
		double along = q->t >= p->t ? partial(net, e, 0, q->t - p->t,
						      f->cost)
					    : partial(net, e, 1, p->t - q->t,
						      f->cost);

		add_cand(v, &nv, off + along + sg_road__off_cost(q, f->cost),
			 f->by_edge[i].src);
	}
	qsort(v, nv, sizeof(*v), cmp_cand);
	nout = nv < k ? nv : k;
	for (size_t i = 0; i < nout; i++) {
		idx[i] = v[i].s;
		cost[i] = v[i].c;
	}
	if (v != local)
		free(v);
	return nout;
}

uint32_t sg_road__field_nearest(const sg_road_field *f, const sg_road_snap *p,
				double *cost)
{
	uint32_t s;
	double c;

	if (sg_road__field_knearest(f, p, 1, &s, &c) == 1) {
		if (cost)
			*cost = c;
		return s;
	}
	if (cost)
		*cost = INFINITY;
	return SG_ROAD_NONE;
}

/*---- Bounded search to one point --------------------------------------------*/

struct sg_road_reach {
	const sg_roadnet *net;
	sg_road_cost cost;
	double *w;	   /* cost of each arc of in_arc */
	double *d;	   /* per node: tentative cost; INFINITY */
	uint8_t *done;	   /* per node: settled */
	uint32_t *touched; /* nodes whose d was set, to reset */
	size_t ntouched;
	uint32_t *settled; /* nodes settled within max, in order */
	size_t nsettled;
	uint32_t *eoff, *eidx; /* edges touching each node (CSR) */
	sg_road_snap target;
	double max;
	heap h;
};

void sg_road__reach_free(sg_road_reach *r)
{
	if (!r)
		return;
	free(r->w);
	free(r->d);
	free(r->done);
	free(r->touched);
	free(r->settled);
	free(r->eoff);
	free(r->eidx);
	free(r->h.v);
	free(r);
}

int sg_road__reach_new(sg_ctx *ctx, const sg_roadnet *net, sg_road_cost cost,
		       sg_road_reach **out)
{
	sg_road_reach *r;
	size_t n = net->n, m = net->m;
	uint32_t *fill;

	*out = NULL;
	if (!(r = calloc(1, sizeof(*r))))
		return sg_error__oom(ctx, "roads");
	r->net = net;
	r->cost = cost;
	r->target.edge = SG_ROAD_NONE;
	r->w = malloc((net->in_off[n] + 1) * sizeof(double));
	r->d = malloc((n ? n : 1) * sizeof(double));
	r->done = calloc(n ? n : 1, 1);
	r->touched = malloc((n ? n : 1) * sizeof(uint32_t));
	r->settled = malloc((n ? n : 1) * sizeof(uint32_t));
	r->eoff = calloc(n + 1, sizeof(uint32_t));
	r->eidx = malloc((2 * m + 1) * sizeof(uint32_t));
	fill = malloc((n ? n : 1) * sizeof(uint32_t));
	if (!r->w || !r->d || !r->done || !r->touched || !r->settled ||
	    !r->eoff || !r->eidx || !fill) {
		free(fill);
		sg_road__reach_free(r);
		return sg_error__oom(ctx, "roads");
	}
	/* The same arc costs as sg_road__field_new: equal sums. */
	for (uint32_t i = 0; i < net->in_off[n]; i++)
		r->w[i] = sg_road__edge_cost(net, net->in_arc[i] >> 1,
					     (int)(net->in_arc[i] & 1), cost);
	for (size_t a = 0; a < n; a++)
		r->d[a] = INFINITY;
	for (uint32_t e = 0; e < m; e++) {
		r->eoff[net->eu[e] + 1]++;
		if (net->ev[e] != net->eu[e])
			r->eoff[net->ev[e] + 1]++;
	}
	for (size_t a = 0; a < n; a++)
		r->eoff[a + 1] += r->eoff[a];
	memcpy(fill, r->eoff, n * sizeof(uint32_t));
	for (uint32_t e = 0; e < m; e++) {
		r->eidx[fill[net->eu[e]]++] = e;
		if (net->ev[e] != net->eu[e])
			r->eidx[fill[net->ev[e]]++] = e;
	}
	free(fill);
	*out = r;
	return SG_OK;
}

static int reach_set(sg_road_reach *r, uint32_t a, double c)
{
	if (r->d[a] == INFINITY)
		r->touched[r->ntouched++] = a;
	r->d[a] = c;
	return hpush(&r->h, (hent){ c, a, 0 });
}

int sg_road__reach_run(sg_ctx *ctx, sg_road_reach *r, const sg_road_snap *p,
		       double max)
{
	const sg_roadnet *net = r->net;
	uint32_t e = p->edge;

	for (size_t i = 0; i < r->ntouched; i++) {
		r->d[r->touched[i]] = INFINITY;
		r->done[r->touched[i]] = 0;
	}
	r->ntouched = r->nsettled = 0;
	r->h.n = 0;
	r->target = *p;
	r->max = max;
	if (e == SG_ROAD_NONE || e >= net->m)
		return SG_OK;
	/* As sg_road__field_new seeds a school: from u the trip runs
	 * forwards to the point, from v backwards. */
	for (int w = 0; w < 2; w++) {
		uint32_t a = w ? net->ev[e] : net->eu[e];
		double c = sg_road__off_cost(p, r->cost) +
			   partial(net, e, w, w ? 1 - p->t : p->t, r->cost);

		if (!(c <= max) || !(c < r->d[a]))
			continue;
		if (reach_set(r, a, c))
			return sg_error__oom(ctx, "roads");
	}
	while (r->h.n > 0) {
		hent t = hpop(&r->h);
		uint32_t a = t.node;

		if (r->done[a] || t.d > r->d[a])
			continue;
		r->done[a] = 1;
		r->settled[r->nsettled++] = a;
		for (uint32_t i = net->in_off[a]; i < net->in_off[a + 1]; i++) {
			uint32_t b = net->in_from[i];
			double nd = t.d + r->w[i];

			if (r->done[b] || !(nd <= max) || !(nd < r->d[b]))
				continue;
			if (reach_set(r, b, nd))
				return sg_error__oom(ctx, "roads");
		}
	}
	return SG_OK;
}

size_t sg_road__reach_nodes(const sg_road_reach *r, const uint32_t **nodes)
{
	*nodes = r->settled;
	return r->nsettled;
}

size_t sg_road__node_edges(const sg_road_reach *r, uint32_t a,
			   const uint32_t **edges)
{
	*edges = r->eidx + r->eoff[a];
	return r->eoff[a + 1] - r->eoff[a];
}

double sg_road__reach_cost(const sg_road_reach *r, const sg_road_snap *q)
{
	const sg_roadnet *net = r->net;
	const sg_road_snap *p = &r->target;
	uint32_t e = q->edge;
	double off, best = INFINITY;

	if (e == SG_ROAD_NONE || e >= net->m || p->edge == SG_ROAD_NONE)
		return INFINITY;
	/* The sums of sg_road__field_knearest, term by term. */
	off = sg_road__off_cost(q, r->cost);
	for (int w = 0; w < 2; w++) {
		uint32_t a = w ? net->ev[e] : net->eu[e];
		double base = off + (w ? partial(net, e, 0, 1 - q->t, r->cost)
				       : partial(net, e, 1, q->t, r->cost));

		if (r->done[a] && base < INFINITY && base + r->d[a] < best)
			best = base + r->d[a];
	}
	if (e == p->edge) {
		double along = p->t >= q->t ? partial(net, e, 0, p->t - q->t,
						      r->cost)
					    : partial(net, e, 1, q->t - p->t,
						      r->cost);
		double c = off + along + sg_road__off_cost(p, r->cost);

		if (c < best)
			best = c;
	}
	return best <= r->max ? best : INFINITY;
}

/*---- The graph of the lines -----------------------------------------------*/

typedef struct {
	uint64_t *key;
	uint32_t *val;
	size_t mask;
} vhash;

static uint64_t vkey(double lon, double lat)
{
	int64_t a = llround(lon * 1e7), b = llround(lat * 1e7);

	return ((uint64_t)(uint32_t)a << 32) | (uint32_t)b;
}

static size_t vslot(const vhash *h, uint64_t k)
{
	uint64_t x = k * 0x9E3779B97F4A7C15ULL;

	return (size_t)(x ^ (x >> 29)) & h->mask;
}

void sg_road__built_free(sg_road_built *b)
{
	free(b->lon);
	free(b->lat);
	free(b->x);
	free(b->y);
	free(b->u);
	free(b->v);
	free(b->len);
	free(b->tf);
	free(b->tb);
	free(b->cls);
	free(b->comp);
	memset(b, 0, sizeof(*b));
}

int sg_road__from_lines(sg_ctx *ctx, const double *lon, const double *lat,
			const double *mx, const double *my, size_t nv,
			const sg_road_line *lines, size_t nl, sg_road_built *b)
{
	vhash h = { 0 };
	uint32_t *node = malloc((nv ? nv : 1) * sizeof(uint32_t));
	size_t cap = 1, ne = 0;

	while (cap < 2 * nv + 2)
		cap <<= 1;
	h.key = malloc(cap * sizeof(uint64_t));
	h.val = malloc(cap * sizeof(uint32_t));
	h.mask = cap - 1;
	if (nv >= UINT32_MAX / 2 || !node || !h.key || !h.val)
		goto nomem;
	memset(h.val, 0xff, cap * sizeof(uint32_t));
	b->lon = malloc((nv + 1) * sizeof(double));
	b->lat = malloc((nv + 1) * sizeof(double));
	b->x = malloc((nv + 1) * sizeof(double));
	b->y = malloc((nv + 1) * sizeof(double));
	if (!b->lon || !b->lat || !b->x || !b->y)
		goto nomem;
	for (size_t i = 0; i < nv; i++) {
		uint64_t k = vkey(lon[i], lat[i]);
		size_t s = vslot(&h, k);

		while (h.val[s] != UINT32_MAX && h.key[s] != k)
			s = (s + 1) & h.mask;
		if (h.val[s] == UINT32_MAX) {
			h.key[s] = k;
			h.val[s] = (uint32_t)b->nn;
			b->lon[b->nn] = lon[i];
			b->lat[b->nn] = lat[i];
			b->x[b->nn] = mx[i];
			b->y[b->nn] = my[i];
			b->nn++;
		}
		node[i] = h.val[s];
	}
	free(h.key);
	free(h.val);
	h.key = NULL;
	h.val = NULL;
	for (size_t l = 0; l < nl; l++)
		ne += lines[l].count - 1;
	b->u = malloc((ne + 1) * sizeof(uint32_t));
	b->v = malloc((ne + 1) * sizeof(uint32_t));
	b->len = malloc((ne + 1) * sizeof(double));
	b->tf = malloc((ne + 1) * sizeof(double));
	b->tb = malloc((ne + 1) * sizeof(double));
	b->cls = malloc((ne + 1) * sizeof(uint16_t));
	if (!b->u || !b->v || !b->len || !b->tf || !b->tb || !b->cls)
		goto nomem;
	for (size_t l = 0; l < nl; l++) {
		const sg_road_line *ln = &lines[l];
		double ms = ln->kmh / 3.6;

		for (size_t i = ln->start; i + 1 < ln->start + ln->count; i++) {
			uint32_t a = node[i], c = node[i + 1];
			double d = hypot(b->x[c] - b->x[a], b->y[c] - b->y[a]);

			if (a == c || !(d < INFINITY))
				continue;
			b->u[b->ne] = a;
			b->v[b->ne] = c;
			b->len[b->ne] = d;
			b->tf[b->ne] = ln->dir >= 0 ? d / ms : -1;
			b->tb[b->ne] = ln->dir <= 0 ? d / ms : -1;
			b->cls[b->ne] = ln->cls;
			b->ne++;
		}
	}
	free(node);
	return SG_OK;
nomem:
	free(node);
	free(h.key);
	free(h.val);
	return sg_error__oom(ctx, "roads");
}
