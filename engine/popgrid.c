/*
 * engine/popgrid.c - raster people per (grid cell, unit).
 *
 * Pixels are many and pairs are few (a 250 m cell holds some 6 pixels of
 * a 100 m raster), so pixels are summed as they come into an open-
 * addressing hash table keyed by cell * nunits + unit, and sorted once at
 * the end.  The sums are taken in the order the pixels come, so a raster
 * read the same way gives the same bits.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/pip.h"
#include "engine/popgrid.h"
#include "util/file.h"

typedef struct {
	uint64_t key; /* cell * nunits + unit, plus 1; 0: empty slot */
	double people;
} pair;

struct sg_popgrid {
	sg_ctx *ctx;
	sg_grid_frame f;
	size_t nunits;
	sg_pip **pip; /* per unit */
	double *box;  /* per unit: min x, min y, max x, max y */
	double *unit_people;
	double outside;
	pair *tab;	  /* hash table, then the sorted pairs */
	size_t cap, used; /* cap: a power of two */
	size_t *cand;	  /* units whose box meets the block's */
	int finished;
};

/* splitmix64's finaliser: keys of neighbouring cells spread out. */
static uint64_t mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

int sg_popgrid__new(sg_ctx *ctx, const GEOSGeometry *const *units,
		    size_t nunits, const sg_grid_frame *frame, sg_popgrid **out)
{
	GEOSContextHandle_t h = ctx->geos;
	sg_popgrid *g = calloc(1, sizeof(*g));
	int rc;

	*out = NULL;
	if (!g)
		return sg_error__oom(ctx, "population raster");
	g->ctx = ctx;
	g->f = *frame;
	g->nunits = nunits;
	g->pip = calloc(nunits ? nunits : 1, sizeof(*g->pip));
	g->box = malloc((nunits ? nunits : 1) * 4 * sizeof(double));
	g->unit_people = calloc(nunits ? nunits : 1, sizeof(double));
	g->cand = malloc((nunits ? nunits : 1) * sizeof(size_t));
	g->cap = 1024;
	g->tab = calloc(g->cap, sizeof(pair));
	if (!g->pip || !g->box || !g->unit_people || !g->cand || !g->tab) {
		sg_popgrid__free(g);
		return sg_error__oom(ctx, "population raster");
	}
	for (size_t u = 0; u < nunits; u++) {
		double *b = g->box + 4 * u;

		if ((rc = sg_pip__new(ctx, units[u], &g->pip[u])) != SG_OK) {
			sg_popgrid__free(g);
			return rc;
		}
		if (GEOSisEmpty_r(h, units[u]) == 1 ||
		    !GEOSGeom_getXMin_r(h, units[u], &b[0]) ||
		    !GEOSGeom_getYMin_r(h, units[u], &b[1]) ||
		    !GEOSGeom_getXMax_r(h, units[u], &b[2]) ||
		    !GEOSGeom_getYMax_r(h, units[u], &b[3])) {
			b[0] = b[1] = INFINITY; /* meets no box */
			b[2] = b[3] = -INFINITY;
		}
	}
	*out = g;
	return SG_OK;
}

void sg_popgrid__free(sg_popgrid *g)
{
	if (!g)
		return;
	for (size_t u = 0; g->pip && u < g->nunits; u++)
		sg_pip__free(g->pip[u]);
	free(g->pip);
	free(g->box);
	free(g->unit_people);
	free(g->cand);
	free(g->tab);
	free(g);
}

static int grow(sg_popgrid *g)
{
	size_t cap = g->cap * 2;
	pair *t = calloc(cap, sizeof(pair));

	if (!t)
		return sg_error__oom(g->ctx, "population raster");
	for (size_t k = 0; k < g->cap; k++) {
		size_t i;

		if (!g->tab[k].key)
			continue;
		i = (size_t)mix(g->tab[k].key) & (cap - 1);
		while (t[i].key)
			i = (i + 1) & (cap - 1);
		t[i] = g->tab[k];
	}
	free(g->tab);
	g->tab = t;
	g->cap = cap;
	return SG_OK;
}

static int put(sg_popgrid *g, uint64_t key, double people)
{
	size_t i;

	key++;
	i = (size_t)mix(key) & (g->cap - 1);
	while (g->tab[i].key && g->tab[i].key != key)
		i = (i + 1) & (g->cap - 1);
	if (g->tab[i].key) {
		g->tab[i].people += people;
		return SG_OK;
	}
	g->tab[i].key = key;
	g->tab[i].people = people;
	if (++g->used * 2 > g->cap)
		return grow(g);
	return SG_OK;
}

/* The cell of (x, y); a centre on the grid's far edge (the study area's
 * box is closed) goes to the last row or column. */
static uint64_t cell_of(const sg_grid_frame *f, double x, double y)
{
	double fi = floor((x - f->gx) / f->cs), fj = floor((y - f->gy) / f->cs);
	long i = fi < 0 ? 0 : fi >= (double)f->nx ? f->nx - 1 : (long)fi;
	long j = fj < 0 ? 0 : fj >= (double)f->ny ? f->ny - 1 : (long)fj;

	return (uint64_t)j * (uint64_t)f->nx + (uint64_t)i;
}

int sg_popgrid__add(sg_popgrid *g, const double *x, const double *y,
		    const double *people, size_t n)
{
	double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
	size_t ncand = 0;
	int rc;

	if (g->finished)
		return sg_error__set(g->ctx, SG_ERROR,
				     "population raster: "
				     "pixels added after the end");
	for (size_t k = 0; k < n; k++) {
		if (!isfinite(x[k]) || !isfinite(y[k]) || !(people[k] > 0) ||
		    !isfinite(people[k]))
			continue;
		x0 = fmin(x0, x[k]);
		y0 = fmin(y0, y[k]);
		x1 = fmax(x1, x[k]);
		y1 = fmax(y1, y[k]);
	}
	if (x0 > x1)
		return SG_OK; /* nobody in this block */
	for (size_t u = 0; u < g->nunits; u++) {
		const double *b = g->box + 4 * u;

		if (b[0] <= x1 && b[2] >= x0 && b[1] <= y1 && b[3] >= y0)
			g->cand[ncand++] = u;
	}
	for (size_t k = 0; k < n; k++) {
		size_t u = SIZE_MAX;

		if (!isfinite(x[k]) || !isfinite(y[k]) || !(people[k] > 0) ||
		    !isfinite(people[k]))
			continue;
		/* The first unit holding it, in index order: the same unit
		 * whatever the order of the pixels. */
		for (size_t c = 0; c < ncand; c++) {
			const double *b = g->box + 4 * g->cand[c];

			if (x[k] >= b[0] && x[k] <= b[2] && y[k] >= b[1] &&
			    y[k] <= b[3] &&
			    sg_pip__contains(g->pip[g->cand[c]], x[k], y[k])) {
				u = g->cand[c];
				break;
			}
		}
		if (u == SIZE_MAX) {
			g->outside += people[k];
			continue;
		}
		g->unit_people[u] += people[k];
		rc = put(g, cell_of(&g->f, x[k], y[k]) * g->nunits + u,
			 people[k]);
		if (rc != SG_OK)
			return rc;
	}
	return SG_OK;
}

static int cmp_pair(const void *a, const void *b)
{
	uint64_t x = ((const pair *)a)->key, y = ((const pair *)b)->key;

	return x < y ? -1 : x > y;
}

int sg_popgrid__finish(sg_popgrid *g)
{
	size_t n = 0;

	if (g->finished)
		return SG_OK;
	/* Pack the used slots to the front, then sort them. */
	for (size_t k = 0; k < g->cap; k++)
		if (g->tab[k].key)
			g->tab[n++] = g->tab[k];
	qsort(g->tab, n, sizeof(pair), cmp_pair);
	g->used = n;
	g->finished = 1;
	return SG_OK;
}

const double *sg_popgrid__unit_people(const sg_popgrid *g)
{
	return g->unit_people;
}

double sg_popgrid__outside(const sg_popgrid *g)
{
	return g->outside;
}

size_t sg_popgrid__npairs(const sg_popgrid *g)
{
	return g->finished ? g->used : 0;
}

void sg_popgrid__pair(const sg_popgrid *g, size_t k, uint64_t *cell,
		      size_t *unit, double *people)
{
	uint64_t key = g->tab[k].key - 1;

	*cell = key / g->nunits;
	*unit = (size_t)(key % g->nunits);
	*people = g->tab[k].people;
}
