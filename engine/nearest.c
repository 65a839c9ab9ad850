/*
 * engine/nearest.c - a uniform grid for nearest-point queries.
 *
 * Points are bucketed in a grid of about n/2 square cells laid over their
 * bounding box (CSR layout: one offsets array, one item array).  A query
 * visits rings of cells around the query's cell; after each ring it knows
 * that every unvisited point lies beyond the visited rectangle, so it
 * stops as soon as its k-th best is strictly nearer than that rectangle's
 * nearest open side.  Strictly, so that a point at exactly the same
 * distance but with a lower index is still found (the tie rule).
 */
#include <math.h>
#include <stdlib.h>

#include "engine/nearest.h"

struct sg_nn {
	size_t n;
	double *x, *y;
	double minx, miny, cs; /* grid origin and cell size */
	long nx, ny;
	size_t *start; /* nx*ny + 1 offsets into items */
	size_t *items; /* point indexes, bucketed by cell */
};

static long clampl(long v, long lo, long hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static long cell_of(double v, double origin, double cs, long n)
{
	double f = floor((v - origin) / cs);

	if (!(f > 0)) /* also NaN */
		return 0;
	if (f >= (double)n)
		return n - 1;
	return (long)f;
}

sg_nn *sg_nn__new(const double *x, const double *y, size_t n)
{
	sg_nn *nn = calloc(1, sizeof(*nn));
	double maxx, maxy, w, h, target;
	size_t ncells, *fill = NULL;

	if (!nn)
		return NULL;
	nn->n = n;
	nn->x = malloc((n ? n : 1) * sizeof(double));
	nn->y = malloc((n ? n : 1) * sizeof(double));
	if (!nn->x || !nn->y)
		goto oom;
	nn->minx = nn->miny = INFINITY;
	maxx = maxy = -INFINITY;
	for (size_t i = 0; i < n; i++) {
		nn->x[i] = x[i];
		nn->y[i] = y[i];
		nn->minx = fmin(nn->minx, x[i]);
		nn->miny = fmin(nn->miny, y[i]);
		maxx = fmax(maxx, x[i]);
		maxy = fmax(maxy, y[i]);
	}
	if (n == 0)
		nn->minx = nn->miny = maxx = maxy = 0;
	w = maxx - nn->minx;
	h = maxy - nn->miny;
	target = n > 2 ? (double)n / 2.0 : 1.0;
	if (w > 0 && h > 0)
		nn->cs = sqrt(w * h / target);
	else
		nn->cs = fmax(w, h) / target;
	/* Keep degenerate and very elongated boxes to a sane cell count. */
	if (!(nn->cs > 0))
		nn->cs = 1.0;
	nn->cs = fmax(nn->cs, fmax(w, h) / (4.0 * target + 16.0));
	nn->nx = (long)floor(w / nn->cs) + 1;
	nn->ny = (long)floor(h / nn->cs) + 1;
	ncells = (size_t)nn->nx * (size_t)nn->ny;
	nn->start = calloc(ncells + 1, sizeof(size_t));
	nn->items = malloc((n ? n : 1) * sizeof(size_t));
	fill = calloc(ncells + 1, sizeof(size_t));
	if (!nn->start || !nn->items || !fill)
		goto oom;
	for (size_t i = 0; i < n; i++) {
		long cx = cell_of(x[i], nn->minx, nn->cs, nn->nx);
		long cy = cell_of(y[i], nn->miny, nn->cs, nn->ny);

		nn->start[(size_t)cy * (size_t)nn->nx + (size_t)cx + 1]++;
	}
	for (size_t c = 0; c < ncells; c++)
		nn->start[c + 1] += nn->start[c];
	/* Fill in index order, so each bucket lists its points ascending. */
	for (size_t i = 0; i < n; i++) {
		long cx = cell_of(x[i], nn->minx, nn->cs, nn->nx);
		long cy = cell_of(y[i], nn->miny, nn->cs, nn->ny);
		size_t c = (size_t)cy * (size_t)nn->nx + (size_t)cx;

		nn->items[nn->start[c] + fill[c]++] = i;
	}
	free(fill);
	return nn;
oom:
	free(fill);
	sg_nn__free(nn);
	return NULL;
}

void sg_nn__free(sg_nn *nn)
{
	if (!nn)
		return;
	free(nn->x);
	free(nn->y);
	free(nn->start);
	free(nn->items);
	free(nn);
}

/*---- The ring search ----------------------------------------------------*/

/*
 * Distance from (qx, qy) to the nearest point that may lie outside the
 * visited cells [x0, x1] x [y0, y1] (their open sides; the rings cover
 * the grid when none is open).
 */
static double open_bound(const sg_nn *nn, double qx, double qy, long x0,
			 long x1, long y0, long y1)
{
	double b = INFINITY;

	if (x0 > 0)
		b = fmin(b, fmax(0, qx - (nn->minx + (double)x0 * nn->cs)));
	if (x1 < nn->nx - 1)
		b = fmin(b, fmax(0, nn->minx + (double)(x1 + 1) * nn->cs - qx));
	if (y0 > 0)
		b = fmin(b, fmax(0, qy - (nn->miny + (double)y0 * nn->cs)));
	if (y1 < nn->ny - 1)
		b = fmin(b, fmax(0, nn->miny + (double)(y1 + 1) * nn->cs - qy));
	return b;
}

#if defined(__GNUC__)
#define ALWAYS_INLINE static inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE static inline
#endif

/*
 * The search every query makes: the rings of cells around the query's
 * cell, nearest first, each point of a ring passed to visit() with its
 * squared distance (visit() returns nonzero to end the search at once).
 * After each ring that does not cover the grid yet, done() gets the
 * distance b that every unvisited point lies beyond and says whether
 * the answer is final.
 *
 * Always inlined, so that each query gets its own copy with visit() and
 * done() inlined too: nearest() is the hot path of the point workloads
 * (a million queries), where a call per point would cost more than the
 * distances.
 */
ALWAYS_INLINE void walk(const sg_nn *nn, double qx, double qy,
			int (*visit)(void *q, size_t i, double d2),
			int (*done)(const void *q, double b), void *q)
{
	long qi = cell_of(qx, nn->minx, nn->cs, nn->nx);
	long qj = cell_of(qy, nn->miny, nn->cs, nn->ny);
	long rmax = nn->nx > nn->ny ? nn->nx : nn->ny;

	for (long r = 0; r <= rmax; r++) {
		long x0 = clampl(qi - r, 0, nn->nx - 1);
		long x1 = clampl(qi + r, 0, nn->nx - 1);
		long y0 = clampl(qj - r, 0, nn->ny - 1);
		long y1 = clampl(qj + r, 0, nn->ny - 1);

		for (long cy = y0; cy <= y1; cy++) {
			int edge_row = cy == qj - r || cy == qj + r;
			/* Inner rows: only the ring's two columns. */
			long step = edge_row || x1 - x0 < 2 ? 1 : x1 - x0;

			for (long cx = x0; cx <= x1; cx += step) {
				size_t c = (size_t)cy * (size_t)nn->nx +
					   (size_t)cx;

				if (!edge_row && cx != qi - r && cx != qi + r)
					continue; /* clamped: seen before */
				for (size_t j = nn->start[c];
				     j < nn->start[c + 1]; j++) {
					size_t i = nn->items[j];
					double dx = nn->x[i] - qx;
					double dy = nn->y[i] - qy;

					if (visit(q, i, dx * dx + dy * dy))
						return;
				}
			}
		}
		if (x0 == 0 && y0 == 0 && x1 == nn->nx - 1 && y1 == nn->ny - 1)
			break;
		if (done(q, open_bound(nn, qx, qy, x0, x1, y0, y1)))
			break;
	}
}

/*---- k nearest ----------------------------------------------------------*/

/* The best k so far, sorted by (distance, index). */
typedef struct {
	size_t *idx;
	double *dd;
	size_t found, k;
} best_k;

/* Insert (d, i) into the sorted best list of at most k entries. */
ALWAYS_INLINE void keep(best_k *b, size_t i, double d)
{
	size_t *idx = b->idx, k = b->k, p = b->found;
	double *dd = b->dd;

	if (p == k) {
		if (d > dd[k - 1] || (d == dd[k - 1] && i > idx[k - 1]))
			return;
		p = k - 1;
	} else {
		b->found++;
	}
	while (p > 0 && (dd[p - 1] > d || (dd[p - 1] == d && idx[p - 1] > i))) {
		dd[p] = dd[p - 1];
		idx[p] = idx[p - 1];
		p--;
	}
	dd[p] = d;
	idx[p] = i;
}

/* By squared distance. */
static int visit_k(void *q, size_t i, double d2)
{
	keep(q, i, d2);
	return 0;
}

static int done_k(const void *q, double b)
{
	const best_k *s = q;

	return s->found == s->k && s->dd[s->k - 1] < b * b;
}

/* By distance. */
static int visit_k_dist(void *q, size_t i, double d2)
{
	keep(q, i, sqrt(d2));
	return 0;
}

static int done_k_dist(const void *q, double b)
{
	const best_k *s = q;

	return s->found == s->k && s->dd[s->k - 1] < b;
}

size_t sg_nn__knearest(const sg_nn *nn, double qx, double qy, size_t k,
		       size_t *idx, double *d2)
{
	double local[64];
	best_k b = { idx, d2, 0, k };

	if (k == 0 || nn->n == 0)
		return 0;
	if (k > nn->n)
		b.k = nn->n;
	if (!d2) {
		if (b.k > 64)
			return 0;
		b.dd = local;
	}
	walk(nn, qx, qy, visit_k, done_k, &b);
	return b.found;
}

typedef struct {
	double d;
	size_t i;
} pair;

static int pair_cmp(const void *a, const void *b)
{
	const pair *p = a, *q = b;

	if (p->d != q->d)
		return p->d < q->d ? -1 : 1;
	return (p->i > q->i) - (p->i < q->i);
}

size_t sg_nn__knearest_dist(const sg_nn *nn, double qx, double qy, size_t k,
			    size_t *idx, double *dist)
{
	best_k b = { idx, dist, 0, k };

	if (k == 0 || nn->n == 0)
		return 0;
	if (k > nn->n)
		b.k = k = nn->n;
	if (k * 4 >= nn->n) {
		/* Most of the points: sorting them all is cheaper. */
		pair *p = malloc(nn->n * sizeof(*p));

		if (!p)
			return SG_NN_NONE;
		for (size_t i = 0; i < nn->n; i++) {
			double dx = nn->x[i] - qx, dy = nn->y[i] - qy;

			p[i].d = sqrt(dx * dx + dy * dy);
			p[i].i = i;
		}
		qsort(p, nn->n, sizeof(*p), pair_cmp);
		for (size_t j = 0; j < k; j++) {
			idx[j] = p[j].i;
			dist[j] = p[j].d;
		}
		free(p);
		return k;
	}
	walk(nn, qx, qy, visit_k_dist, done_k_dist, &b);
	return b.found;
}

/*---- Nearest and within -------------------------------------------------*/

typedef struct {
	size_t best;
	double bd;
} best_1;

static int visit_1(void *q, size_t i, double d)
{
	best_1 *b = q;

	if (d < b->bd || (d == b->bd && i < b->best)) {
		b->bd = d;
		b->best = i;
	}
	return 0;
}

static int done_1(const void *q, double b)
{
	return ((const best_1 *)q)->bd < b * b;
}

/*
 * k = 1 needs no sorted list: the best point and its distance.  Same
 * rings, same stopping rule, same tie rule as sg_nn__knearest.
 */
size_t sg_nn__nearest(const sg_nn *nn, double qx, double qy, double *d2)
{
	best_1 b = { SG_NN_NONE, INFINITY };

	if (nn->n == 0)
		return SG_NN_NONE;
	walk(nn, qx, qy, visit_1, done_1, &b);
	if (d2)
		*d2 = b.bd;
	return b.best;
}

typedef struct {
	double r2;
	int hit;
} within;

static int visit_within(void *q, size_t i, double d2)
{
	within *w = q;

	(void)i;
	w->hit = d2 <= w->r2;
	return w->hit; /* the first one found ends the search */
}

/* Every point not yet seen is farther than the open side. */
static int done_within(const void *q, double b)
{
	return ((const within *)q)->r2 < b * b;
}

int sg_nn__any_within(const sg_nn *nn, double qx, double qy, double r2)
{
	within w = { r2, 0 };

	if (nn->n == 0 || !(r2 >= 0))
		return 0;
	walk(nn, qx, qy, visit_within, done_within, &w);
	return w.hit;
}
