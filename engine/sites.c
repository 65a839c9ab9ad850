/*
 * engine/sites.c - the lazy greedy of engine/sites.h for the maximal
 * covering location problem: which `count` candidate sites cover the most
 * children not yet within reach of a school.
 *
 * Children are counted in int64 micro-children so that a gain computed
 * from bucket totals and prefix sums equals, to the unit, the gain
 * computed point by point: the lazy greedy then picks exactly what the
 * naive greedy picks, ties included (tests/engine/test_sites.c checks
 * it against a brute force).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/crs.h"
#include "engine/nearest.h"
#include "engine/sites.h"
#include "util/file.h"

/* Slack (metres) for the rounding of bucket bounds: a bucket counts as
 * wholly inside a disc only when it is inside by more than this, and
 * the buckets searched reach this much beyond the circle.  Coordinates
 * round at about 1e-9 m, so 1e-6 m is ample and costs nothing. */
#define SLOP 1e-6
/* Buckets per radius at most: bounds the rows a gain visits.  Coarser
 * buckets scan more points but touch fewer rows and cache lines; 4 to
 * 16 are about as fast on a city (213,000 cells of 100 m, 3 km). */
#define MAX_BUCKETS_PER_RADIUS 8.0
/* The largest total allowed, in micro-children (int64 sums). */
#define MAX_TOTAL_Q 4e18

/* Points on a uniform grid of square buckets (CSR layout). */
typedef struct {
	double minx, miny, b; /* origin and bucket side */
	long nx, ny;
	size_t *start; /* nx * ny + 1 offsets into items */
	size_t *items; /* point indexes, by bucket then index */
} buckets;

/* A demand point in bucket order: what a gain reads, contiguous. */
typedef struct {
	double x, y;
	int64_t q; /* children left (0 once served) */
} slot;

/* The demand not yet served, bucketed, with children per bucket.  The
 * points of a run of buckets in a row are a run of slots. */
typedef struct {
	buckets k;
	slot *sl;      /* per item of k, in its order */
	int64_t *bsum; /* per bucket: children left */
	int64_t *pre;  /* per row: nx + 1 prefix sums of bsum */
	int64_t *q;    /* per demand point: children left */
	long *served_by;
} bgrid;

typedef sg_sites_hent hent;

/* floor(v) clamped to [lo, hi] (v may be huge or NaN: lo). */
static long clamp_floor(double v, long lo, long hi)
{
	double f = floor(v);

	if (!(f > (double)lo))
		return lo;
	if (f >= (double)hi)
		return hi;
	return (long)f;
}

static long clamp_ceil(double v, long lo, long hi)
{
	double f = ceil(v);

	if (!(f > (double)lo))
		return lo;
	if (f >= (double)hi)
		return hi;
	return (long)f;
}

/*---- Buckets ------------------------------------------------------------*/

static void buckets_free(buckets *k)
{
	free(k->start);
	free(k->items);
	memset(k, 0, sizeof(*k));
}

static size_t bucket_of(const buckets *k, double x, double y)
{
	return (size_t)clamp_floor((y - k->miny) / k->b, 0, k->ny - 1) *
		       (size_t)k->nx +
	       (size_t)clamp_floor((x - k->minx) / k->b, 0, k->nx - 1);
}

/*
 * Bucket the points with finite coordinates whose use[] is nonzero
 * (use NULL: all).  Buckets hold about one point each, are at least
 * bmin wide, and number about 4 n at most.
 */
static int buckets_build(sg_ctx *ctx, buckets *k, const double *x,
			 const double *y, size_t n, const unsigned char *use,
			 double bmin)
{
	double minx = INFINITY, miny = INFINITY, maxx = -INFINITY;
	double maxy = -INFINITY, w, h, b;
	size_t m = 0, *fill = NULL, nb;

	memset(k, 0, sizeof(*k));
	for (size_t i = 0; i < n; i++) {
		if ((use && !use[i]) || !isfinite(x[i]) || !isfinite(y[i]))
			continue;
		minx = fmin(minx, x[i]);
		miny = fmin(miny, y[i]);
		maxx = fmax(maxx, x[i]);
		maxy = fmax(maxy, y[i]);
		m++;
	}
	if (m == 0)
		minx = miny = maxx = maxy = 0;
	w = maxx - minx;
	h = maxy - miny;
	if (!isfinite(w) || !isfinite(h))
		return sg_error__set(ctx, SG_EINVALID,
				     "suggest-sites: points "
				     "spread beyond any map (coordinates out "
				     "of range)");
	b = w > 0 && h > 0 ? sqrt(w * h / (double)(m ? m : 1))
			   : fmax(w, h) / (double)(m ? m : 1);
	if (!(b >= bmin))
		b = bmin;
	while ((floor(w / b) + 1) * (floor(h / b) + 1) > 4.0 * (double)m + 16)
		b *= 1.5;
	k->minx = minx;
	k->miny = miny;
	k->b = b;
	k->nx = (long)floor(w / b) + 1;
	k->ny = (long)floor(h / b) + 1;
	nb = (size_t)k->nx * (size_t)k->ny;
	k->start = calloc(nb + 1, sizeof(size_t));
	k->items = malloc((m ? m : 1) * sizeof(size_t));
	fill = malloc((nb + 1) * sizeof(size_t));
	if (!k->start || !k->items || !fill) {
		free(fill);
		buckets_free(k);
		return sg_error__oom(ctx, "suggest-sites");
	}
	for (size_t i = 0; i < n; i++)
		if ((!use || use[i]) && isfinite(x[i]) && isfinite(y[i]))
			k->start[bucket_of(k, x[i], y[i]) + 1]++;
	for (size_t t = 0; t < nb; t++)
		k->start[t + 1] += k->start[t];
	memcpy(fill, k->start, (nb + 1) * sizeof(size_t));
	for (size_t i = 0; i < n; i++)
		if ((!use || use[i]) && isfinite(x[i]) && isfinite(y[i]))
			k->items[fill[bucket_of(k, x[i], y[i])]++] = i;
	free(fill);
	return SG_OK;
}

/* The rows, and per row the columns, of the buckets that may hold a
 * point within r of (cx, cy): [*jlo, *jhi]; a row with none gets
 * ilo > ihi.  Reaches SLOP beyond the circle against rounding. */
static void disc_rows(const buckets *k, double cx, double cy, double r,
		      long *jlo, long *jhi)
{
	*jlo = clamp_floor((cy - r - SLOP - k->miny) / k->b, 0, k->ny - 1);
	*jhi = clamp_floor((cy + r + SLOP - k->miny) / k->b, 0, k->ny - 1);
	if (!isfinite(cx) || !isfinite(cy) || cy + r + SLOP < k->miny ||
	    cy - r - SLOP > k->miny + (double)k->ny * k->b) {
		*jlo = 1;
		*jhi = 0;
	}
}

static void disc_cols(const buckets *k, double cx, double cy, double r, long j,
		      long *ilo, long *ihi)
{
	double y0 = k->miny + (double)j * k->b, y1 = y0 + k->b;
	double dyn = cy < y0 ? y0 - cy : cy > y1 ? cy - y1 : 0, wo;

	dyn = fmax(0, dyn - SLOP);
	*ilo = 1;
	*ihi = 0;
	if (dyn > r)
		return;
	wo = sqrt(r * r - dyn * dyn);
	if (cx + wo + SLOP < k->minx ||
	    cx - wo - SLOP > k->minx + (double)k->nx * k->b)
		return;
	*ilo = clamp_floor((cx - wo - SLOP - k->minx) / k->b, 0, k->nx - 1);
	*ihi = clamp_floor((cx + wo + SLOP - k->minx) / k->b, 0, k->nx - 1);
}

/*---- The demand ---------------------------------------------------------*/

static void grid_free(bgrid *g)
{
	buckets_free(&g->k);
	free(g->sl);
	free(g->bsum);
	free(g->pre);
	memset(g, 0, sizeof(*g));
}

static void row_prefix(bgrid *g, long j)
{
	int64_t *p = g->pre + (size_t)j * (size_t)(g->k.nx + 1);
	const int64_t *s = g->bsum + (size_t)j * (size_t)g->k.nx;

	p[0] = 0;
	for (long i = 0; i < g->k.nx; i++)
		p[i + 1] = p[i] + s[i];
}

/* Bucket the n demand points (dx, dy) not served (served_by ==
 * SG_SITES_UNSERVED), at most MAX_BUCKETS_PER_RADIUS buckets across a
 * radius; q and served_by are theirs (borrowed). */
static int grid_build(sg_ctx *ctx, bgrid *g, const double *dx, const double *dy,
		      size_t n, double radius, int64_t *q, long *served_by)
{
	unsigned char *use = malloc(n ? n : 1);
	size_t nb;
	int rc;

	memset(g, 0, sizeof(*g));
	if (!use)
		return sg_error__oom(ctx, "suggest-sites");
	for (size_t i = 0; i < n; i++)
		use[i] = served_by[i] == SG_SITES_UNSERVED;
	rc = buckets_build(ctx, &g->k, dx, dy, n, use,
			   radius / MAX_BUCKETS_PER_RADIUS);
	free(use);
	if (rc != SG_OK)
		return rc;
	g->q = q;
	g->served_by = served_by;
	nb = (size_t)g->k.nx * (size_t)g->k.ny;
	g->sl = malloc((g->k.start[nb] ? g->k.start[nb] : 1) * sizeof(slot));
	g->bsum = calloc(nb, sizeof(int64_t));
	g->pre = malloc((size_t)g->k.ny * (size_t)(g->k.nx + 1) *
			sizeof(int64_t));
	if (!g->sl || !g->bsum || !g->pre) {
		grid_free(g);
		return sg_error__oom(ctx, "suggest-sites");
	}
	for (size_t t = 0; t < nb; t++)
		for (size_t s = g->k.start[t]; s < g->k.start[t + 1]; s++) {
			size_t p = g->k.items[s];

			g->sl[s] = (slot){ dx[p], dy[p], q[p] };
			g->bsum[t] += q[p];
		}
	for (long j = 0; j < g->k.ny; j++)
		row_prefix(g, j);
	return SG_OK;
}

/* The children left at slots [s0, s1) within sqrt(r2) of (cx, cy). */
static int64_t scan_slots(const slot *sl, size_t s0, size_t s1, double cx,
			  double cy, double r2)
{
	int64_t sum = 0;

	for (size_t s = s0; s < s1; s++) {
		double dx = sl[s].x - cx, dy = sl[s].y - cy;

		sum += dx * dx + dy * dy <= r2 ? sl[s].q : 0;
	}
	return sum;
}

/* Mark the points of buckets [ilo, ihi] of row j within sqrt(r2) of
 * (cx, cy) and not served yet served by site `mark`; their children. */
static int64_t mark_slots(bgrid *g, long ilo, long ihi, long j, double cx,
			  double cy, double r2, long mark)
{
	int64_t sum = 0;

	for (long i = ilo; i <= ihi; i++) {
		size_t t = (size_t)j * (size_t)g->k.nx + (size_t)i;

		for (size_t s = g->k.start[t]; s < g->k.start[t + 1]; s++) {
			size_t p = g->k.items[s];
			double dx = g->sl[s].x - cx, dy = g->sl[s].y - cy;

			if (g->served_by[p] != SG_SITES_UNSERVED ||
			    !(dx * dx + dy * dy <= r2))
				continue;
			sum += g->sl[s].q;
			g->bsum[t] -= g->sl[s].q;
			g->served_by[p] = mark;
			g->sl[s].q = 0;
			g->q[p] = 0;
		}
	}
	return sum;
}

/*
 * The children left within r of (cx, cy).  With mark < 0 it only counts:
 * per row of buckets, those wholly inside the disc (by more than SLOP)
 * add their totals from the row's prefix sums and those crossing the
 * circle are scanned.  With mark >= 0 every point is tested and the
 * points counted are marked served by site `mark` (and the rows' sums
 * updated).
 */
static int64_t disc(bgrid *g, double cx, double cy, double r, long mark)
{
	const buckets *k = &g->k;
	double r2 = r * r, b = k->b, ri = r - SLOP;
	long jlo, jhi;
	int64_t sum = 0;

	disc_rows(k, cx, cy, r, &jlo, &jhi);
	for (long j = jlo; j <= jhi; j++) {
		double y0 = k->miny + (double)j * b, y1 = y0 + b;
		double dyf = fmax(fabs(cy - y0), fabs(cy - y1)) + SLOP;
		long ilo, ihi, a = 1, z = 0;
		const size_t *row;

		disc_cols(k, cx, cy, r, j, &ilo, &ihi);
		if (ilo > ihi)
			continue;
		if (mark < 0 && ri > 0 && dyf < ri) {
			double wi = sqrt(ri * ri - dyf * dyf);

			a = clamp_ceil((cx - wi + SLOP - k->minx) / b, 0,
				       k->nx);
			z = clamp_floor((cx + wi - SLOP - k->minx) / b, -1,
					k->nx) -
			    1;
			if (a < ilo)
				a = ilo;
			if (z > ihi)
				z = ihi;
		}
		row = k->start + (size_t)j * (size_t)k->nx;
		if (mark >= 0) {
			sum += mark_slots(g, ilo, ihi, j, cx, cy, r2, mark);
		} else if (a > z) {
			sum += scan_slots(g->sl, row[ilo], row[ihi + 1], cx, cy,
					  r2);
		} else {
			const int64_t *p = g->pre +
					   (size_t)j * (size_t)(k->nx + 1);

			sum += p[z + 1] - p[a];
			sum += scan_slots(g->sl, row[ilo], row[a], cx, cy, r2);
			sum += scan_slots(g->sl, row[z + 1], row[ihi + 1], cx,
					  cy, r2);
		}
	}
	if (mark >= 0)
		for (long j = jlo; j <= jhi; j++)
			row_prefix(g, j);
	return sum;
}

/* Mark dirty the candidates within 2r of (px, py): only their gains can
 * have changed when a site there served children.  gidx: the index of
 * each point of k in dirty[] (NULL: the same). */
static void mark_dirty(const buckets *k, const double *cx, const double *cy,
		       const size_t *gidx, double px, double py, double r,
		       unsigned char *dirty)
{
	double rr = 2 * r + SLOP, rr2 = rr * rr;
	long jlo, jhi;

	disc_rows(k, px, py, rr, &jlo, &jhi);
	for (long j = jlo; j <= jhi; j++) {
		long ilo, ihi;

		disc_cols(k, px, py, rr, j, &ilo, &ihi);
		for (long i = ilo; i <= ihi; i++) {
			size_t t = (size_t)j * (size_t)k->nx + (size_t)i;

			for (size_t s = k->start[t]; s < k->start[t + 1]; s++) {
				size_t c = k->items[s];
				double dx = cx[c] - px, dy = cy[c] - py;

				if (dx * dx + dy * dy <= rr2)
					dirty[gidx ? gidx[c] : c] = 1;
			}
		}
	}
}

/*---- Heap ---------------------------------------------------------------*/

/* a before b: more children, then the lower candidate index. */
static int hent_before(const sg_sites_hent *a, const sg_sites_hent *b)
{
	return a->gain != b->gain ? a->gain > b->gain : a->cand < b->cand;
}

void sg_sites__sift_down(sg_sites_hent *h, size_t n, size_t i)
{
	sg_sites_hent e = h[i];

	for (;;) {
		size_t l = 2 * i + 1, m = l;

		if (l >= n)
			break;
		if (l + 1 < n && hent_before(&h[l + 1], &h[l]))
			m = l + 1;
		if (!hent_before(&h[m], &e))
			break;
		h[i] = h[m];
		i = m;
	}
	h[i] = e;
}

void sg_sites__heapify(sg_sites_hent *h, size_t n)
{
	for (size_t i = n / 2; i-- > 0;)
		sg_sites__sift_down(h, n, i);
}

/*---- The greedy ---------------------------------------------------------*/

void sg_sites__out_free(sg_sites_out *out)
{
	if (!out)
		return;
	free(out->pick);
	free(out->gain);
	free(out->served_by);
	memset(out, 0, sizeof(*out));
}

/* Children in micro-children, added to *t (the running total, to
 * check); SG_EINVALID when the total could overflow the sums. */
static int quantize(sg_ctx *ctx, const double *dw, size_t n, int64_t *q,
		    double *t)
{
	for (size_t i = 0; i < n; i++) {
		double w = dw ? dw[i] : 0;

		q[i] = 0;
		if (!(w > 0) || !isfinite(w))
			continue;
		*t += w / SG_SITES_UNIT;
		if (*t > MAX_TOTAL_Q)
			return sg_error__set(ctx, SG_EINVALID,
					     "suggest-sites: "
					     "more than %.0f children",
					     MAX_TOTAL_Q * SG_SITES_UNIT);
		q[i] = llround(w / SG_SITES_UNIT);
	}
	return SG_OK;
}

/* A part's demand within radius of an existing school is served
 * already. */
static int serve_existing(sg_ctx *ctx, const sg_sites_part *p, double radius,
			  const int64_t *q, long *served_by, int64_t *before)
{
	double r2 = radius * radius;
	sg_nn *nn;

	for (size_t i = 0; i < p->ndemand; i++)
		served_by[i] = SG_SITES_UNSERVED;
	if (p->nexisting == 0)
		return SG_OK;
	if (!(nn = sg_nn__new(p->ex, p->ey, p->nexisting)))
		return sg_error__oom(ctx, "suggest-sites");
	for (size_t i = 0; i < p->ndemand; i++)
		if (sg_nn__any_within(nn, p->dx[i], p->dy[i], r2)) {
			served_by[i] = SG_SITES_EXISTING;
			*before += q[i];
		}
	sg_nn__free(nn);
	return SG_OK;
}

int sg_sites__greedy(sg_ctx *ctx, const sg_sites_in *in, sg_sites_out *out)
{
	sg_sites_part p;

	memset(&p, 0, sizeof(p));
	p.ndemand = in->ndemand;
	p.dx = in->dx;
	p.dy = in->dy;
	p.dw = in->dw;
	p.nexisting = in->nexisting;
	p.ex = in->ex;
	p.ey = in->ey;
	p.ncand = in->ncand;
	p.cx = in->cx;
	p.cy = in->cy;
	return sg_sites__greedy_parts(ctx, &p, 1, in->ncand, in->radius,
				      in->count, out);
}

/* The work of the greedy over parts. */
typedef struct {
	const sg_sites_part *parts;
	size_t nparts;
	double radius;
	bgrid *g;     /* per part: its demand */
	buckets *ck;  /* per part: the candidates it sees */
	size_t *coff; /* per candidate: its views (CSR into part, local) */
	size_t *vpart, *vlocal;
} pgreedy;

/* Children left within radius of candidate c, over every part seeing
 * it, each measured in its part's CRS; with mark >= 0 they are marked
 * served by site `mark`. */
static int64_t cand_gain(pgreedy *w, size_t c, long mark)
{
	int64_t v = 0;

	for (size_t e = w->coff[c]; e < w->coff[c + 1]; e++) {
		const sg_sites_part *p = &w->parts[w->vpart[e]];
		size_t l = w->vlocal[e];

		v += disc(&w->g[w->vpart[e]], p->cx[l], p->cy[l], w->radius,
			  mark);
	}
	return v;
}

static void pgreedy_free(pgreedy *w)
{
	for (size_t p = 0; w->g && p < w->nparts; p++)
		grid_free(&w->g[p]);
	for (size_t p = 0; w->ck && p < w->nparts; p++)
		buckets_free(&w->ck[p]);
	free(w->g);
	free(w->ck);
	free(w->coff);
	free(w->vpart);
	free(w->vlocal);
	memset(w, 0, sizeof(*w));
}

/* Each candidate's views: the parts that see it and its index there. */
static int index_views(sg_ctx *ctx, pgreedy *w, size_t ncand)
{
	size_t nv = 0, *fill;

	for (size_t p = 0; p < w->nparts; p++)
		nv += w->parts[p].ncand;
	w->coff = calloc(ncand + 1, sizeof(size_t));
	w->vpart = malloc((nv ? nv : 1) * sizeof(size_t));
	w->vlocal = malloc((nv ? nv : 1) * sizeof(size_t));
	fill = malloc((ncand + 1) * sizeof(size_t));
	if (!w->coff || !w->vpart || !w->vlocal || !fill) {
		free(fill);
		return sg_error__oom(ctx, "suggest-sites");
	}
	for (size_t p = 0; p < w->nparts; p++)
		for (size_t l = 0; l < w->parts[p].ncand; l++) {
			size_t c = w->parts[p].cand ? w->parts[p].cand[l] : l;

			if (c >= ncand) {
				free(fill);
				return sg_error__set(ctx, SG_EINVALID,
						     "suggest-sites: "
						     "candidate %zu of %zu",
						     c, ncand);
			}
			w->coff[c + 1]++;
		}
	for (size_t c = 0; c < ncand; c++)
		w->coff[c + 1] += w->coff[c];
	memcpy(fill, w->coff, (ncand + 1) * sizeof(size_t));
	/* Parts in order: a candidate's views by part. */
	for (size_t p = 0; p < w->nparts; p++)
		for (size_t l = 0; l < w->parts[p].ncand; l++) {
			size_t c = w->parts[p].cand ? w->parts[p].cand[l] : l;

			w->vpart[fill[c]] = p;
			w->vlocal[fill[c]++] = l;
		}
	free(fill);
	return SG_OK;
}

int sg_sites__greedy_parts(sg_ctx *ctx, const sg_sites_part *parts,
			   size_t nparts, size_t ncand, double radius,
			   size_t count, sg_sites_out *out)
{
	size_t nd = 0, nc = ncand, nh = 0, *doff = NULL;
	size_t maxpick = count < nc ? count : nc;
	int64_t *q = NULL, before = 0, total_q = 0;
	unsigned char *dirty = NULL;
	hent *heap = NULL;
	pgreedy w;
	double t = 0;
	int rc = SG_OK;

	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	w.parts = parts;
	w.nparts = nparts;
	w.radius = radius;
	if (!(radius > 0) || !isfinite(radius))
		return sg_error__set(ctx, SG_EINVALID,
				     "suggest-sites: the "
				     "distance must be positive");
	if (count == 0)
		return sg_error__set(ctx, SG_EINVALID,
				     "suggest-sites: the "
				     "number of sites must be at least 1");
	doff = malloc((nparts + 1) * sizeof(size_t));
	if (!doff)
		return sg_error__oom(ctx, "suggest-sites");
	doff[0] = 0;
	for (size_t p = 0; p < nparts; p++)
		doff[p + 1] = doff[p] + parts[p].ndemand;
	nd = doff[nparts];
	q = malloc((nd ? nd : 1) * sizeof(*q));
	out->served_by = malloc((nd ? nd : 1) * sizeof(long));
	/* Each site is another candidate: at most nc of them. */
	out->pick = malloc((maxpick ? maxpick : 1) * sizeof(size_t));
	out->gain = malloc((maxpick ? maxpick : 1) * sizeof(double));
	heap = malloc((nc ? nc : 1) * sizeof(*heap));
	dirty = calloc(nc ? nc : 1, 1);
	w.g = calloc(nparts ? nparts : 1, sizeof(bgrid));
	w.ck = calloc(nparts ? nparts : 1, sizeof(buckets));
	if (!q || !out->served_by || !out->pick || !out->gain || !heap ||
	    !dirty || !w.g || !w.ck) {
		rc = sg_error__oom(ctx, "suggest-sites");
		goto fail;
	}
	for (size_t p = 0; p < nparts && rc == SG_OK; p++)
		rc = quantize(ctx, parts[p].dw, parts[p].ndemand, q + doff[p],
			      &t);
	if (rc != SG_OK)
		goto fail;
	for (size_t i = 0; i < nd; i++)
		total_q += q[i];
	out->total = (double)total_q * SG_SITES_UNIT;
	for (size_t p = 0; p < nparts && rc == SG_OK; p++) {
		const sg_sites_part *pp = &parts[p];

		rc = serve_existing(ctx, pp, radius, q + doff[p],
				    out->served_by + doff[p], &before);
		if (rc == SG_OK)
			rc = grid_build(ctx, &w.g[p], pp->dx, pp->dy,
					pp->ndemand, radius, q + doff[p],
					out->served_by + doff[p]);
		/* Candidates are bucketed for mark_dirty. */
		if (rc == SG_OK)
			rc = buckets_build(ctx, &w.ck[p], pp->cx, pp->cy,
					   pp->ncand, NULL, radius / 4);
	}
	if (rc == SG_OK)
		rc = index_views(ctx, &w, nc);
	if (rc != SG_OK)
		goto fail;
	out->served_before = (double)before * SG_SITES_UNIT;
	/* Every candidate's gain once; those covering nobody never will. */
	for (size_t c = 0; c < nc; c++) {
		int64_t v = cand_gain(&w, c, -1);

		out->evaluations++;
		if (v > 0)
			heap[nh++] = (hent){ v, c, 0 };
		if ((c & 4095) == 4095 &&
		    (rc = sg_ctx__progress(ctx, "suggest-sites: gains", c + 1,
					   nc)) != SG_OK)
			goto fail;
	}
	if ((rc = sg_ctx__progress(ctx, "suggest-sites: gains", nc, nc)) !=
	    SG_OK)
		goto fail;
	sg_sites__heapify(heap, nh);
	while (out->npicked < count) {
		size_t step = out->npicked, c;
		int64_t v;

		/* Every key bounds its candidate's gain (gains only
		 * decrease) and is the gain itself unless the candidate is
		 * dirty: a clean top is the best, ties to the lower index. */
		while (nh > 0 && dirty[heap[0].cand]) {
			c = heap[0].cand;
			heap[0].gain = cand_gain(&w, c, -1);
			dirty[c] = 0;
			out->evaluations++;
			if (heap[0].gain == 0)
				heap[0] = heap[--nh];
			sg_sites__sift_down(heap, nh, 0);
		}
		if (nh == 0) {
			out->exhausted = 1;
			break;
		}
		c = heap[0].cand;
		heap[0] = heap[--nh];
		sg_sites__sift_down(heap, nh, 0);
		v = cand_gain(&w, c, (long)step);
		/* A candidate whose gain changed shares a child with c:
		 * both within radius of it in the child's part, so within
		 * 2 x radius of each other there. */
		for (size_t e = w.coff[c]; e < w.coff[c + 1]; e++) {
			const sg_sites_part *pp = &parts[w.vpart[e]];
			size_t l = w.vlocal[e];

			mark_dirty(&w.ck[w.vpart[e]], pp->cx, pp->cy, pp->cand,
				   pp->cx[l], pp->cy[l], radius, dirty);
		}
		out->pick[step] = c;
		out->gain[step] = (double)v * SG_SITES_UNIT;
		out->npicked++;
	}
	free(doff);
	free(q);
	free(heap);
	free(dirty);
	pgreedy_free(&w);
	return SG_OK;
fail:
	free(doff);
	free(q);
	free(heap);
	free(dirty);
	pgreedy_free(&w);
	sg_sites__out_free(out);
	return rc;
}

/*---- Candidates and the chosen sites ------------------------------------*/

void sg_sites__cands_free(sg_sites_cands *k)
{
	for (size_t i = 0; k->id && i < k->n; i++) {
		free(k->id[i]);
		free(k->name[i]);
	}
	free(k->x);
	free(k->y);
	free(k->cell);
	free(k->id);
	free(k->name);
	memset(k, 0, sizeof(*k));
}

static char *dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

int sg_sites__grid_cands(sg_ctx *ctx, const sg_catch_square *sq, size_t n,
			 const sg_pip *area, sg_sites_cands *k)
{
	memset(k, 0, sizeof(*k));
	k->x = malloc((n ? n : 1) * sizeof(double));
	k->y = malloc((n ? n : 1) * sizeof(double));
	k->cell = malloc((n ? n : 1) * sizeof(size_t));
	if (!k->x || !k->y || !k->cell)
		return sg_error__oom(ctx, "suggest-sites");
	/* Cells come south to north, west to east: the tie order. */
	for (size_t i = 0; i < n; i++) {
		if (!sg_pip__contains(area, sq[i].cx, sq[i].cy))
			continue;
		k->x[k->n] = sq[i].cx;
		k->y[k->n] = sq[i].cy;
		k->cell[k->n++] = i;
	}
	return SG_OK;
}

/* The unit holding (x, y) (the first by code; boundaries count), or -1. */
static long unit_at(sg_ctx *ctx, const sg_catch_data *d, const double *box,
		    double x, double y)
{
	GEOSContextHandle_t h = ctx->geos;
	GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, x, y);
	long found = -1;

	for (size_t u = 0; pt && u < d->nunits && found < 0; u++)
		if (x >= box[4 * u] && y >= box[4 * u + 1] &&
		    x <= box[4 * u + 2] && y <= box[4 * u + 3] &&
		    GEOSIntersects_r(h, d->unit_geom[u], pt) == 1)
			found = (long)u;
	GEOSGeom_destroy_r(h, pt);
	return found;
}

int sg_sites__fill(sg_ctx *ctx, const sg_catch_data *d, const sg_sites_cands *k,
		   const sg_catch_square *sq, double cs, const sg_sites_out *g,
		   sg_sites_result *r)
{
	GEOSContextHandle_t h = ctx->geos;
	double *box = malloc((d->nunits ? d->nunits : 1) * 4 * sizeof(double));
	double cum = g->served_before;
	int rc = SG_OK;

	r->sites = calloc(g->npicked ? g->npicked : 1, sizeof(sg_site));
	if (!box || !r->sites) {
		free(box);
		return sg_error__oom(ctx, "suggest-sites");
	}
	for (size_t u = 0; u < d->nunits; u++)
		if (GEOSGeom_getXMin_r(h, d->unit_geom[u], &box[4 * u]) != 1 ||
		    GEOSGeom_getYMin_r(h, d->unit_geom[u], &box[4 * u + 1]) !=
			    1 ||
		    GEOSGeom_getXMax_r(h, d->unit_geom[u], &box[4 * u + 2]) !=
			    1 ||
		    GEOSGeom_getYMax_r(h, d->unit_geom[u], &box[4 * u + 3]) !=
			    1)
			box[4 * u] = INFINITY; /* empty: never matches */
	for (size_t i = 0; i < g->npicked && rc == SG_OK; i++) {
		sg_site *s = &r->sites[i];
		size_t c = g->pick[i];
		long u = unit_at(ctx, d, box, k->x[c], k->y[c]);
		char id[64];

		r->nsites++;
		s->rank = (int)i + 1;
		s->x = s->lon = k->x[c];
		s->y = s->lat = k->y[c];
		s->children = g->gain[i];
		cum += g->gain[i];
		s->cumulative = cum;
		s->cumulative_pct = g->total > 0 ? 100 * cum / g->total : NAN;
		if (k->cell)
			snprintf(id, sizeof(id), "cell:%.0f,%.0f",
				 floor(sq[k->cell[c]].x0 / cs + 0.5),
				 floor(sq[k->cell[c]].y0 / cs + 0.5));
		s->unit_code = dup_or_empty(u >= 0 ? d->unit_code[u] : "");
		s->unit_name = dup_or_empty(u >= 0 ? d->unit_name[u] : "");
		s->candidate_id = dup_or_empty(k->cell ? id : k->id[c]);
		s->candidate_name = dup_or_empty(k->cell ? "" : k->name[c]);
		if (!s->unit_code || !s->unit_name || !s->candidate_id ||
		    !s->candidate_name)
			rc = sg_error__oom(ctx, "suggest-sites");
	}
	free(box);
	if (rc != SG_OK)
		return rc;
	/* To EPSG:4326. */
	for (size_t i = 0; i < r->nsites; i++) {
		double lon = r->sites[i].lon, lat = r->sites[i].lat;

		if (sg_crs__point(d->to_wgs84, &lon, &lat) != 0)
			return sg_error__set(ctx, SG_EPROJ,
					     "suggest-sites"
					     ": PROJ cannot "
					     "take site %zu to EPSG:4326",
					     i + 1);
		r->sites[i].lon = lon;
		r->sites[i].lat = lat;
	}
	return SG_OK;
}
