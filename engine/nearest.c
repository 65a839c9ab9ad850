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
	double minx, miny, cs;   /* grid origin and cell size */
	long nx, ny;
	size_t *start;           /* nx*ny + 1 offsets into items */
	size_t *items;           /* point indexes, bucketed by cell */
};

static long clampl(long v, long lo, long hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static long cell_of(double v, double origin, double cs, long n)
{
	double f = floor((v - origin) / cs);

	if (!(f > 0))            /* also NaN */
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

/* Insert (d, i) into the sorted best list of at most k entries. */
static void keep(size_t *idx, double *dd, size_t *found, size_t k,
		 size_t i, double d)
{
	size_t p = *found;

	if (p == k) {
		if (d > dd[k - 1] || (d == dd[k - 1] && i > idx[k - 1]))
			return;
		p = k - 1;
	} else {
		(*found)++;
	}
	while (p > 0 && (dd[p - 1] > d || (dd[p - 1] == d && idx[p - 1] > i))) {
		dd[p] = dd[p - 1];
		idx[p] = idx[p - 1];
		p--;
	}
	dd[p] = d;
	idx[p] = i;
}

static void visit_cell(const sg_nn *nn, long cx, long cy, double qx,
		       double qy, size_t k, size_t *idx, double *dd,
		       size_t *found)
{
	size_t c = (size_t)cy * (size_t)nn->nx + (size_t)cx;

	for (size_t j = nn->start[c]; j < nn->start[c + 1]; j++) {
		size_t i = nn->items[j];
		double dx = nn->x[i] - qx, dy = nn->y[i] - qy;

		keep(idx, dd, found, k, i, dx * dx + dy * dy);
	}
}

/*
 * Squared distance from (qx, qy) to the nearest point that may lie
 * outside the visited cells [x0, x1] x [y0, y1]; INFINITY when they
 * cover the grid.
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
	return b * b;
}

size_t sg_nn__knearest(const sg_nn *nn, double qx, double qy, size_t k,
		       size_t *idx, double *d2)
{
	double local[64], *dd = d2;
	size_t found = 0;
	long qi, qj, rmax;

	if (k == 0 || nn->n == 0)
		return 0;
	if (k > nn->n)
		k = nn->n;
	if (!dd) {
		if (k > 64)
			return 0;
		dd = local;
	}
	qi = cell_of(qx, nn->minx, nn->cs, nn->nx);
	qj = cell_of(qy, nn->miny, nn->cs, nn->ny);
	rmax = nn->nx > nn->ny ? nn->nx : nn->ny;
	for (long r = 0; r <= rmax; r++) {
		long x0 = clampl(qi - r, 0, nn->nx - 1);
		long x1 = clampl(qi + r, 0, nn->nx - 1);
		long y0 = clampl(qj - r, 0, nn->ny - 1);
		long y1 = clampl(qj + r, 0, nn->ny - 1);

		for (long cy = y0; cy <= y1; cy++) {
			int edge_row = cy == qj - r || cy == qj + r;

			for (long cx = x0; cx <= x1; cx++) {
				if (!edge_row && cx != qi - r && cx != qi + r)
					continue;   /* inner: visited before */
				visit_cell(nn, cx, cy, qx, qy, k, idx, dd,
					   &found);
			}
		}
		if (x0 == 0 && y0 == 0 && x1 == nn->nx - 1 &&
		    y1 == nn->ny - 1)
			break;
		if (found == k &&
		    dd[k - 1] < open_bound(nn, qx, qy, x0, x1, y0, y1))
			break;
	}
	return found;
}

/*
 * k = 1 has its own loop: it is the hot path of the point workloads
 * (a million queries), where the general insertion into a sorted list
 * and the double loop over every cell of the square cost more than the
 * distances.  Same rings, same stopping rule, same tie rule.
 */
size_t sg_nn__nearest(const sg_nn *nn, double qx, double qy, double *d2)
{
	size_t best = SG_NN_NONE;
	double bd = INFINITY;
	long qi, qj, rmax;

	if (nn->n == 0)
		return SG_NN_NONE;
	qi = cell_of(qx, nn->minx, nn->cs, nn->nx);
	qj = cell_of(qy, nn->miny, nn->cs, nn->ny);
	rmax = nn->nx > nn->ny ? nn->nx : nn->ny;
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
					continue;   /* clamped: seen before */
				for (size_t j = nn->start[c];
				     j < nn->start[c + 1]; j++) {
					size_t i = nn->items[j];
					double dx = nn->x[i] - qx;
					double dy = nn->y[i] - qy;
					double d = dx * dx + dy * dy;

					if (d < bd || (d == bd && i < best)) {
						bd = d;
						best = i;
					}
				}
			}
		}
		if (x0 == 0 && y0 == 0 && x1 == nn->nx - 1 &&
		    y1 == nn->ny - 1)
			break;
		if (bd < open_bound(nn, qx, qy, x0, x1, y0, y1))
			break;
	}
	if (d2)
		*d2 = bd;
	return best;
}

int sg_nn__any_within(const sg_nn *nn, double qx, double qy, double r2)
{
	long qi, qj, rmax;

	if (nn->n == 0 || !(r2 >= 0))
		return 0;
	qi = cell_of(qx, nn->minx, nn->cs, nn->nx);
	qj = cell_of(qy, nn->miny, nn->cs, nn->ny);
	rmax = nn->nx > nn->ny ? nn->nx : nn->ny;
	for (long r = 0; r <= rmax; r++) {
		long x0 = clampl(qi - r, 0, nn->nx - 1);
		long x1 = clampl(qi + r, 0, nn->nx - 1);
		long y0 = clampl(qj - r, 0, nn->ny - 1);
		long y1 = clampl(qj + r, 0, nn->ny - 1);

		for (long cy = y0; cy <= y1; cy++) {
			int edge_row = cy == qj - r || cy == qj + r;
			long step = edge_row || x1 - x0 < 2 ? 1 : x1 - x0;

			for (long cx = x0; cx <= x1; cx += step) {
				size_t c = (size_t)cy * (size_t)nn->nx +
					   (size_t)cx;

				if (!edge_row && cx != qi - r && cx != qi + r)
					continue;
				for (size_t j = nn->start[c];
				     j < nn->start[c + 1]; j++) {
					size_t i = nn->items[j];
					double dx = nn->x[i] - qx;
					double dy = nn->y[i] - qy;

					if (dx * dx + dy * dy <= r2)
						return 1;
				}
			}
		}
		if (x0 == 0 && y0 == 0 && x1 == nn->nx - 1 &&
		    y1 == nn->ny - 1)
			break;
		/* Every point not yet seen is farther than the open side. */
		if (r2 < open_bound(nn, qx, qy, x0, x1, y0, y1))
			break;
	}
	return 0;
}
