/*
 * engine/catchment.c - Voronoi, distance and capacity catchments, and
 * area-weighted population, on the context's GEOS handle.
 *
 * Everything is in one metric CRS.  The study area (union of the units)
 * is prepared once and also cut into "pieces" of at most PIECE_MAX
 * vertices indexed by an STRtree: a Voronoi cell that lies inside the
 * study area is kept as GEOS made it (one prepared containment test),
 * and only a cell crossing the boundary is intersected, with the few
 * pieces it touches rather than with the whole boundary.  So the cost is
XX
 */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/catchment.h"
#include "engine/delaunay.h"
#include "engine/cliparea.h"
#include "engine/nearest.h"
#include "engine/popgrid.h"
#include "util/file.h"

/* Vertices per piece of the study area. */
#define PIECE_MAX 256
/* Segments per quarter circle of the distance buffers: the 128-gon's
 * area is 0.04% short of the disc's; its edge 0.03% of the radius. */
#define BUFFER_QUADSEGS 32

struct sg_catch_int {
	const GEOSPreparedGeometry *study_prep;
	GEOSGeometry **piece;
	const GEOSPreparedGeometry **piece_prep;
	size_t npieces, cappieces;
	GEOSSTRtree *piece_tree;
	const GEOSPreparedGeometry **unit_prep;
	double *unit_area, *density;
	GEOSSTRtree *unit_tree;
	sg_rings **unit_rings; /* the units' rings, for convex cells */
	double *sx, *sy;       /* site coordinates */
	sg_nn *site_nn;
	struct inner_grid *inner; /* Voronoi: cells inside one unit */
	/* Population raster (sg_catch__raster_*): the people gathered per
	 * (grid cell, unit), and the density of the even spread, which is
	 * 0 for the units the raster distributes, and per unit its
	 * population per raster person (0 for the others). */
	sg_popgrid *raster;
	int raster_done;
	double raster_cs;
	double *even, *rscale;
};

/* Indexes collected by an STRtree query. */
typedef struct {
	size_t *v;
	size_t n, cap;
	int oom;
} idxlist;

static void collect(void *item, void *userdata)
{
	idxlist *l = userdata;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		size_t *v = realloc(l->v, cap * sizeof(*v));

		if (!v) {
			l->oom = 1;
			return;
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = (size_t)(uintptr_t)item - 1;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* Query an STRtree; results sorted, so sums do not depend on the tree. */
static int query(sg_catch *c, GEOSSTRtree *t, const GEOSGeometry *g, idxlist *l)
{
	l->n = 0;
	GEOSSTRtree_query_r(c->ctx->geos, t, g, collect, l);
	if (l->oom)
		return sg_error__set(c->ctx, SG_ENOMEM,
				     "catchments: out of memory");
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), cmp_size);
	return SG_OK;
}

static int geos_fail(sg_ctx *ctx)
{
	return sg_error__set(ctx, SG_EGEOS, "catchments: GEOS: %s",
			     ctx->geos_msg[0] ? ctx->geos_msg
					      : "unknown error");
}

/*---- Geometry helpers -------------------------------------------------*/

static int is_empty(sg_ctx *ctx, const GEOSGeometry *g)
{
	return !g || GEOSisEmpty_r(ctx->geos, g) == 1;
}

/* Append the polygons of g (recursively) to v. */
static int gather_polygons(GEOSContextHandle_t h, const GEOSGeometry *g,
			   GEOSGeometry ***v, size_t *n, size_t *cap)
{
	int t = GEOSGeomTypeId_r(h, g);

	if (t == GEOS_POLYGON) {
		if (GEOSisEmpty_r(h, g) == 1)
			return 0;
		if (*n == *cap) {
			size_t nc = *cap ? *cap * 2 : 8;
			GEOSGeometry **p = realloc(*v, nc * sizeof(*p));

			if (!p)
				return -1;
			*v = p;
			*cap = nc;
		}
		(*v)[*n] = GEOSGeom_clone_r(h, g);
		return (*v)[(*n)++] ? 0 : -1;
	}
	if (t == GEOS_MULTIPOLYGON || t == GEOS_GEOMETRYCOLLECTION) {
		int k = GEOSGetNumGeometries_r(h, g);

		for (int i = 0; i < k; i++)
			if (gather_polygons(h, GEOSGetGeometryN_r(h, g, i), v,
					    n, cap) != 0)
				return -1;
	}
	return 0;
}

GEOSGeometry *sg_catch__polygonal(sg_ctx *ctx, const GEOSGeometry *g)
{
	GEOSContextHandle_t h = ctx->geos;
	GEOSGeometry **v = NULL, *r;
	size_t n = 0, cap = 0;
	int t = GEOSGeomTypeId_r(h, g);

	if (t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON)
		return GEOSGeom_clone_r(h, g);
	if (gather_polygons(h, g, &v, &n, &cap) != 0) {
		for (size_t i = 0; i < n; i++)
			GEOSGeom_destroy_r(h, v[i]);
		free(v);
		return NULL;
	}
	if (n == 1)
		r = v[0];
	else if (n == 0)
		r = GEOSGeom_createEmptyCollection_r(h, GEOS_MULTIPOLYGON);
	else
		r = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, v,
						(unsigned)n);
	free(v);
	return r;
}

/* Polygonal result of an overlay; consumes r.  NULL on error. */
static GEOSGeometry *polygonal_take(sg_ctx *ctx, GEOSGeometry *r)
{
	GEOSGeometry *p;

	if (!r)
		return NULL;
	p = sg_catch__polygonal(ctx, r);
	GEOSGeom_destroy_r(ctx->geos, r);
	return p;
}

/* Destroy n geometries (on an error path). */
static void destroy_all(sg_ctx *ctx, GEOSGeometry **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		GEOSGeom_destroy_r(ctx->geos, v[i]);
}

static GEOSGeometry *union_grid(sg_ctx *ctx, GEOSGeometry **v, size_t n,
				double grid);

/* Union of n geometries (consumed, also on failure); NULL on error. */
static GEOSGeometry *union_take(sg_ctx *ctx, GEOSGeometry **v, size_t n)
{
	return union_grid(ctx, v, n, 0);
}

/* The same, with coordinates snapped to a grid of `grid` metres (0:
 * exact), which closes cracks and gaps narrower than the grid. */
static GEOSGeometry *union_grid(sg_ctx *ctx, GEOSGeometry **v, size_t n,
				double grid)
{
	GEOSContextHandle_t h = ctx->geos;
	GEOSGeometry *coll, *u;

	if (n == 0)
		return GEOSGeom_createEmptyCollection_r(h, GEOS_MULTIPOLYGON);
	if (n == 1 && grid <= 0)
		return v[0];
	coll = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, v,
					   (unsigned)n);
	if (!coll) {
		for (size_t i = 0; i < n; i++)
			GEOSGeom_destroy_r(h, v[i]);
		return NULL;
	}
	u = grid > 0 ? GEOSUnaryUnionPrec_r(h, coll, grid)
		     : GEOSUnaryUnion_r(h, coll);
	GEOSGeom_destroy_r(h, coll);
	return polygonal_take(ctx, u);
}

static double area_of(sg_ctx *ctx, const GEOSGeometry *g)
{
	double a = 0;

	if (g && GEOSArea_r(ctx->geos, g, &a) != 1)
		a = 0;
	return a;
}

/*---- Study area and its pieces ----------------------------------------*/

static int add_piece(sg_catch *c, GEOSGeometry *g)
{
	struct sg_catch_int *p = c->p;

	if (p->npieces == p->cappieces) {
		size_t cap = p->cappieces ? p->cappieces * 2 : 16;
		GEOSGeometry **v = realloc(p->piece, cap * sizeof(*v));
		const GEOSPreparedGeometry **w;

		if (!v) {
			GEOSGeom_destroy_r(c->ctx->geos, g);
			return sg_error__oom(c->ctx, "catchments");
		}
		p->piece = v;
		w = realloc(p->piece_prep, cap * sizeof(*w));
		if (!w) {
			GEOSGeom_destroy_r(c->ctx->geos, g);
			return sg_error__oom(c->ctx, "catchments");
		}
		p->piece_prep = w;
		p->cappieces = cap;
	}
	p->piece[p->npieces] = g;
	p->piece_prep[p->npieces] = GEOSPrepare_r(c->ctx->geos, g);
	if (!p->piece_prep[p->npieces]) {
		GEOSGeom_destroy_r(c->ctx->geos, g);
		return geos_fail(c->ctx);
	}
	p->npieces++;
	return SG_OK;
}

/* Cut g (consumed) in halves along the longer side of its box until each
 * piece has at most PIECE_MAX vertices. */
static int split(sg_catch *c, GEOSGeometry *g, int depth)
{
	GEOSContextHandle_t h = c->ctx->geos;
	double x0, y0, x1, y1;
	GEOSGeometry *half[2];
	int rc = SG_OK;

	if (is_empty(c->ctx, g)) {
		GEOSGeom_destroy_r(h, g);
		return SG_OK;
	}
	if (GEOSGetNumCoordinates_r(h, g) <= PIECE_MAX || depth >= 20)
		return add_piece(c, g);
	GEOSGeom_getXMin_r(h, g, &x0);
	GEOSGeom_getYMin_r(h, g, &y0);
	GEOSGeom_getXMax_r(h, g, &x1);
	GEOSGeom_getYMax_r(h, g, &y1);
	for (int k = 0; k < 2; k++) {
		GEOSGeometry *r;

		if (x1 - x0 >= y1 - y0) {
			double m = 0.5 * (x0 + x1);

			r = k ? GEOSGeom_createRectangle_r(h, m, y0, x1, y1)
			      : GEOSGeom_createRectangle_r(h, x0, y0, m, y1);
		} else {
			double m = 0.5 * (y0 + y1);

			r = k ? GEOSGeom_createRectangle_r(h, x0, m, x1, y1)
			      : GEOSGeom_createRectangle_r(h, x0, y0, x1, m);
		}
		half[k] = r ? polygonal_take(c->ctx,
					     GEOSIntersection_r(h, g, r))
			    : NULL;
		GEOSGeom_destroy_r(h, r);
		if (!half[k]) {
			if (k)
				GEOSGeom_destroy_r(h, half[0]);
			GEOSGeom_destroy_r(h, g);
			return geos_fail(c->ctx);
		}
	}
	GEOSGeom_destroy_r(h, g);
	rc = split(c, half[0], depth + 1);
	if (rc == SG_OK)
		rc = split(c, half[1], depth + 1);
	else
		GEOSGeom_destroy_r(h, half[1]);
	return rc;
}

/*
 * cell ∩ study area into *out (NULL when they do not meet).  A cell
 * inside the study area is cloned, untouched.
 */
static int clip(sg_catch *c, const GEOSGeometry *cell, idxlist *l,
		GEOSGeometry **out)
{
	GEOSContextHandle_t h = c->ctx->geos;
	struct sg_catch_int *p = c->p;
	GEOSGeometry **parts;
	size_t n = 0;
	int rc;

	*out = NULL;
	if (GEOSPreparedContains_r(h, p->study_prep, cell) == 1) {
		*out = GEOSGeom_clone_r(h, cell);
		return *out ? SG_OK : geos_fail(c->ctx);
	}
	if (GEOSPreparedIntersects_r(h, p->study_prep, cell) != 1)
		return SG_OK;
	if ((rc = query(c, p->piece_tree, cell, l)) != SG_OK)
		return rc;
	parts = malloc((l->n ? l->n : 1) * sizeof(*parts));
	if (!parts)
		return sg_error__oom(c->ctx, "catchments");
	for (size_t k = 0; k < l->n; k++) {
		size_t i = l->v[k];
		GEOSGeometry *x;

		if (GEOSPreparedIntersects_r(h, p->piece_prep[i], cell) != 1)
			continue;
		x = polygonal_take(c->ctx,
				   GEOSIntersection_r(h, cell, p->piece[i]));
		if (!x) {
			destroy_all(c->ctx, parts, n);
			free(parts);
			return geos_fail(c->ctx);
		}
		if (is_empty(c->ctx, x))
			GEOSGeom_destroy_r(h, x);
		else
			parts[n++] = x;
	}
	if (n > 0) {
		*out = union_take(c->ctx, parts, n);
		if (!*out) {
			free(parts);
			return geos_fail(c->ctx);
		}
	}
	free(parts);
	return SG_OK;
}

/*---- Population -------------------------------------------------------*/

/*
 * Population of g, area-weighted.  When g lies in the study area (the
 * union of the units, which do not overlap), the areas of g in the units
 * it meets add up to g's area, so the last unit g crosses gets the rest
 * instead of an intersection: a Voronoi cell across a ward boundary
 * costs one overlay, not two.
 */
static int population(sg_catch *c, const GEOSGeometry *g, double *pop,
		      double *unit_area, int in_study, const double *density,
		      int clip)
{
	GEOSContextHandle_t h = c->ctx->geos;
	struct sg_catch_int *p = c->p;
	idxlist l = { 0 };
	double sum = 0, ga = -1, seen = 0;
	size_t last = SIZE_MAX;
	int rc;

	*pop = 0;
	if (is_empty(c->ctx, g))
		return SG_OK;
	if ((rc = query(c, p->unit_tree, g, &l)) != SG_OK) {
		free(l.v);
		return rc;
	}
	for (size_t k = 0; k < l.n; k++) {
		size_t u = l.v[k];
		double a = 0;

		if (GEOSPreparedContains_r(h, p->unit_prep[u], g) == 1) {
			if (ga < 0)
				ga = area_of(c->ctx, g);
			a = ga;
		} else if (GEOSPreparedIntersects_r(h, p->unit_prep[u], g) ==
			   1) {
			GEOSGeometry *x;

			if (in_study && last == SIZE_MAX) {
				last = u; /* maybe the rest, below */
				continue;
			}
			if (in_study) { /* the one put aside: overlay now */
				size_t t = last;

				last = u;
				u = t;
			}
			if (clip) {
				/* g is large (an unserved area): its part
				 * in the unit's box first, a linear cut. */
				const GEOSGeometry *w = c->in->units[u];
				double x0, y0, x1, y1;
				GEOSGeometry *b = NULL;

				if (GEOSGeom_getXMin_r(h, w, &x0) &&
				    GEOSGeom_getYMin_r(h, w, &y0) &&
				    GEOSGeom_getXMax_r(h, w, &x1) &&
				    GEOSGeom_getYMax_r(h, w, &y1))
					b = GEOSClipByRect_r(h, g, x0, y0, x1,
							     y1);
				x = b ? GEOSIntersection_r(h, b, w) : NULL;
				GEOSGeom_destroy_r(h, b);
				if (!x)
					x = GEOSIntersection_r(h, g, w);
			} else {
				x = GEOSIntersection_r(h, g, c->in->units[u]);
			}
			if (!x) {
				free(l.v);
				return geos_fail(c->ctx);
			}
			a = area_of(c->ctx, x);
			GEOSGeom_destroy_r(h, x);
		}
		seen += a;
		sum += a * density[u];
		if (unit_area)
			unit_area[u] += a;
	}
	if (last != SIZE_MAX) {
		double a;

		if (ga < 0)
			ga = area_of(c->ctx, g);
		a = fmax(0, ga - seen);
		sum += a * density[last];
		if (unit_area)
			unit_area[last] += a;
	}
	free(l.v);
	*pop = sum;
	return SG_OK;
}

int sg_catch__population(sg_catch *c, const GEOSGeometry *g, double *pop,
			 double *unit_area)
{
	return population(c, g, pop, unit_area, 0, c->p->density, 0);
}

/*---- Sites ------------------------------------------------------------*/

static size_t uf_find(size_t *parent, size_t i)
{
	while (parent[i] != i) {
		parent[i] = parent[parent[i]];
		i = parent[i];
	}
	return i;
}

/* A school's x and index, sorted by x (then index) to find schools
 * at one location. */
typedef struct {
	double x;
	size_t i;
} xkey;

static int cmp_by_x(const void *a, const void *b)
{
	const xkey *p = a, *q = b;

	if (p->x != q->x)
		return p->x < q->x ? -1 : 1;
	return (p->i > q->i) - (p->i < q->i);
}

/* Warn once per shared location, naming its schools. */
static void warn_merged(sg_catch *c, size_t site, size_t nwarned)
{
	const sg_catch_in *in = c->in;
	char list[512];
	size_t len = 0, shown = 0;

	if (nwarned == 20) {
		sg_ctx__warn(c->ctx, "catchments: more schools share "
				     "locations; not all are listed");
		return;
	}
	if (nwarned > 20)
		return;
	list[0] = '\0';
	for (size_t i = 0; i < in->nschools && len + 40 < sizeof(list); i++) {
		if (c->site_of[i] != site)
			continue;
		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
					shown ? ", " : "",
					in->codes ? in->codes[i] : "?");
		shown++;
	}
	sg_ctx__warn(c->ctx,
		     "catchments: %zu schools share one location "
		     "(within %.0f m): %s; they get one catchment, under %s",
		     c->cells[site].nmembers, SG_CATCH_SAME_SITE_M, list,
		     in->codes ? in->codes[c->cells[site].school] : "?");
}

static int make_sites(sg_catch *c)
{
	const sg_catch_in *in = c->in;
	size_t n = in->nschools, *parent, *site_index, nw = 0;
	xkey *order;
	const double tol = SG_CATCH_SAME_SITE_M;

	c->site_of = malloc((n ? n : 1) * sizeof(size_t));
	order = malloc((n ? n : 1) * sizeof(*order));
	parent = malloc((n ? n : 1) * sizeof(size_t));
	site_index = malloc((n ? n : 1) * sizeof(size_t));
	c->cells = calloc(n ? n : 1, sizeof(*c->cells));
	c->p->sx = malloc((n ? n : 1) * sizeof(double));
	c->p->sy = malloc((n ? n : 1) * sizeof(double));
	if (!c->site_of || !order || !parent || !site_index || !c->cells ||
	    !c->p->sx || !c->p->sy) {
		free(order);
		free(parent);
		free(site_index);
		return sg_error__oom(c->ctx, "catchments");
	}
	for (size_t i = 0; i < n; i++) {
		parent[i] = i;
		order[i] = (xkey){ in->x[i], i };
	}
	if (n > 1)
		qsort(order, n, sizeof(*order), cmp_by_x);
	/* Union schools within tol; the root is the lowest index. */
	for (size_t a = 0; a < n; a++) {
		size_t i = order[a].i;

		for (size_t b = a; b-- > 0;) {
			size_t j = order[b].i;
			double dx = in->x[i] - in->x[j],
			       dy = in->y[i] - in->y[j];

			if (dx > tol)
				break;
			if (dx * dx + dy * dy <= tol * tol) {
				size_t ri = uf_find(parent, i);
				size_t rj = uf_find(parent, j);

				if (ri < rj)
					parent[rj] = ri;
				else
					parent[ri] = rj;
			}
		}
	}
	for (size_t i = 0; i < n; i++) {
		size_t r = uf_find(parent, i);

		if (r == i) {
			sg_catch_cell *cell = &c->cells[c->nsites];

			cell->school = i;
			cell->seats = NAN;
			c->p->sx[c->nsites] = in->x[i];
			c->p->sy[c->nsites] = in->y[i];
			site_index[i] = c->nsites++;
		} else {
			c->nmerged++;
		}
		c->site_of[i] = site_index[r];
		c->cells[site_index[r]].nmembers++;
		if (in->seats && !isnan(in->seats[i])) {
			sg_catch_cell *cell = &c->cells[site_index[r]];

			cell->seats = (isnan(cell->seats) ? 0 : cell->seats) +
				      in->seats[i];
		}
	}
	for (size_t s = 0; s < c->nsites; s++)
		if (c->cells[s].nmembers > 1)
			warn_merged(c, s, nw++);
	free(order);
	free(parent);
	free(site_index);
	c->p->site_nn = sg_nn__new(c->p->sx, c->p->sy, c->nsites);
	return c->p->site_nn ? SG_OK : sg_error__oom(c->ctx, "catchments");
}

/*---- Cells inside one unit, by a grid ----------------------------------*/

/*
 * Most Voronoi cells lie inside the unit holding their site, and proving
 * it with GEOS (find the site's unit, a prepared contains of the cell)
 * costs about as much as the rest of the cell.  A grid over the study
 * area answers it for most cells from their box alone: a square is
 * "inner" when no unit's ring touches it (every square a ring's segment
 * passes through, widened by a rounding margin, is marked) and it lies
 * in a unit.  Inner squares joined by a side lie in the same unit (no
 * boundary runs between them), so each connected group of unmarked
 * squares is labelled by one point test.  A cell whose box is covered
 * by inner squares only (a summed-area table counts the others in O(1))
 * lies in the interior of that one unit: exactly the cells for which
 * GEOS would answer "contains", so the result is the same; the others
 * take the GEOS path.
 */
typedef struct inner_grid {
	double x0, y0, s; /* lower-left corner, square side (metres) */
	size_t nx, ny;
	int32_t *label; /* per square: unit + 1; <= 0 not inner */
	uint32_t *sat;	/* (nx + 1) x (ny + 1): non-inner squares */
} inner_grid;

static void inner_free(inner_grid *g)
{
	if (!g)
		return;
	free(g->label);
	free(g->sat);
	free(g);
}

/* Mark the squares the segment a-b (grid units) passes through, widened
 * by e on every side. */
static void inner_mark(inner_grid *g, double ax, double ay, double bx,
		       double by, double e)
{
	long i0, i1;

	if (ax > bx) {
		double t = ax;

		ax = bx;
		bx = t;
		t = ay;
		ay = by;
		by = t;
	}
	i0 = (long)floor(ax - e);
	i1 = (long)floor(bx + e);
	if (i0 < 0)
		i0 = 0;
	if (i1 > (long)g->nx - 1)
		i1 = (long)g->nx - 1;
	for (long i = i0; i <= i1; i++) {
		double xa = fmax((double)i, ax), xb = fmin((double)i + 1, bx);
		double ya, yb, lo, hi;
		long j0, j1;

		if (bx > ax) {
			double ta = fmin(fmax((xa - ax) / (bx - ax), 0), 1);
			double tb = fmin(fmax((xb - ax) / (bx - ax), 0), 1);

			ya = ay + ta * (by - ay);
			yb = ay + tb * (by - ay);
		} else {
			ya = ay;
			yb = by;
		}
		lo = fmin(ya, yb) - e;
		hi = fmax(ya, yb) + e;
		j0 = (long)floor(lo);
		j1 = (long)floor(hi);
		if (j0 < 0)
			j0 = 0;
		if (j1 > (long)g->ny - 1)
			j1 = (long)g->ny - 1;
		for (long j = j0; j <= j1; j++)
			g->label[(size_t)j * g->nx + (size_t)i] = -1;
	}
}

/* Mark every segment of the rings of polygonal geometry gm. */
static int inner_mark_geom(inner_grid *g, GEOSContextHandle_t h,
			   const GEOSGeometry *gm, double e)
{
	int np = GEOSGetNumGeometries_r(h, gm);

	for (int k = 0; k < np; k++) {
		const GEOSGeometry *poly = GEOSGetGeometryN_r(h, gm, k);
		int nh = GEOSGetNumInteriorRings_r(h, poly);

		if (GEOSGeomTypeId_r(h, poly) != GEOS_POLYGON || nh < 0)
			return -1;
		for (int r = -1; r < nh; r++) {
			const GEOSGeometry *ring =
				r < 0 ? GEOSGetExteriorRing_r(h, poly)
				      : GEOSGetInteriorRingN_r(h, poly, r);
			const GEOSCoordSequence *cs =
				ring ? GEOSGeom_getCoordSeq_r(h, ring) : NULL;
			unsigned n = 0;
			double px = 0, py = 0;

			if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n))
				return -1;
			for (unsigned v = 0; v < n; v++) {
				double x, y;

				if (!GEOSCoordSeq_getXY_r(h, cs, v, &x, &y))
					return -1;
				x = (x - g->x0) / g->s;
				y = (y - g->y0) / g->s;
				if (v > 0)
					inner_mark(g, px, py, x, y, e);
				px = x;
				py = y;
			}
		}
	}
	return 0;
}

/* The unit holding point (x, y), SIZE_MAX when none does. */
static int unit_at(sg_catch *c, double x, double y, idxlist *l, size_t *u)
{
	GEOSContextHandle_t h = c->ctx->geos;
	GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, x, y);
	int rc;

	*u = SIZE_MAX;
	if (!pt)
		return geos_fail(c->ctx);
	rc = query(c, c->p->unit_tree, pt, l);
	for (size_t k = 0; rc == SG_OK && k < l->n && *u == SIZE_MAX; k++)
		if (GEOSPreparedContains_r(h, c->p->unit_prep[l->v[k]], pt) ==
		    1)
			*u = l->v[k];
	GEOSGeom_destroy_r(h, pt);
	return rc;
}

/* Build c->p->inner: about 16 squares per site, at most 4 M.  Without
 * memory or on a GEOS failure there is no grid (the GEOS path serves
 * every cell); SG_OK either way but for a failed point test. */
static int inner_build(sg_catch *c)
{
	GEOSContextHandle_t h = c->ctx->geos;
	inner_grid *g;
	double x0, y0, x1, y1, side, e = 1e-3;
	size_t n, *queue = NULL;
	idxlist l = { 0 };
	int rc = SG_OK;

	if (c->nsites < 64 || !GEOSGeom_getXMin_r(h, c->study, &x0) ||
	    !GEOSGeom_getYMin_r(h, c->study, &y0) ||
	    !GEOSGeom_getXMax_r(h, c->study, &x1) ||
	    !GEOSGeom_getYMax_r(h, c->study, &y1) || !(x1 > x0) || !(y1 > y0))
		return SG_OK;
	side = sqrt((x1 - x0) * (y1 - y0) /
		    fmin(16.0 * (double)c->nsites, 4e6));
	if (!(side > 0) || !(g = calloc(1, sizeof(*g))))
		return SG_OK;
	g->s = side;
	g->x0 = x0 - side;
	g->y0 = y0 - side;
	g->nx = (size_t)ceil((x1 - x0) / side) + 3;
	g->ny = (size_t)ceil((y1 - y0) / side) + 3;
	n = g->nx * g->ny;
	g->label = calloc(n, sizeof(*g->label));
	g->sat = calloc((g->nx + 1) * (g->ny + 1), sizeof(*g->sat));
	queue = malloc(n * sizeof(*queue));
	if (!g->label || !g->sat || !queue)
		goto drop;
	for (size_t u = 0; u < c->in->nunits; u++)
		if (inner_mark_geom(g, h, c->in->units[u], e) != 0)
			goto drop;
	/* Groups of unmarked squares, each labelled by its first square's
	 * centre (-3 while queued). */
	for (size_t q0 = 0; q0 < n && rc == SG_OK; q0++) {
		size_t head = 0, tail = 0, u;

		if (g->label[q0] != 0)
			continue;
		g->label[q0] = -3;
		queue[tail++] = q0;
		while (head < tail) {
			size_t q = queue[head++], i = q % g->nx, j = q / g->nx;
			size_t nb[4] = { i > 0 ? q - 1 : SIZE_MAX,
					 i + 1 < g->nx ? q + 1 : SIZE_MAX,
					 j > 0 ? q - g->nx : SIZE_MAX,
					 j + 1 < g->ny ? q + g->nx : SIZE_MAX };

			for (int k = 0; k < 4; k++)
				if (nb[k] != SIZE_MAX && g->label[nb[k]] == 0) {
					g->label[nb[k]] = -3;
					queue[tail++] = nb[k];
				}
		}
		rc = unit_at(c, g->x0 + ((double)(q0 % g->nx) + 0.5) * side,
			     g->y0 + ((double)(q0 / g->nx) + 0.5) * side, &l,
			     &u);
		for (size_t k = 0; k < tail; k++)
			g->label[queue[k]] = u == SIZE_MAX ? -2
							   : (int32_t)(u + 1);
	}
	if (rc != SG_OK)
		goto drop;
	for (size_t j = 0; j < g->ny; j++)
		for (size_t i = 0; i < g->nx; i++)
			g->sat[(j + 1) * (g->nx + 1) + i + 1] =
				(g->label[j * g->nx + i] <= 0) +
				g->sat[j * (g->nx + 1) + i + 1] +
				g->sat[(j + 1) * (g->nx + 1) + i] -
				g->sat[j * (g->nx + 1) + i];
	c->p->inner = g;
	free(queue);
	free(l.v);
	return SG_OK;
drop:
	inner_free(g);
	free(queue);
	free(l.v);
	return rc;
}

/* The unit whose interior holds the whole of `cell` (its box: bb, or
 * NULL to ask GEOS) by the grid; SIZE_MAX when the grid cannot tell. */
static size_t inner_unit(const inner_grid *g, GEOSContextHandle_t h,
			 const GEOSGeometry *cell, const double *bb)
{
	double x0, y0, x1, y1, fi0, fj0, fi1, fj1;
	size_t i0, j0, i1, j1, w;
	uint32_t bad;

	if (!g)
		return SIZE_MAX;
	if (bb) {
		x0 = bb[0];
		y0 = bb[1];
		x1 = bb[2];
		y1 = bb[3];
	} else if (!GEOSGeom_getXMin_r(h, cell, &x0) ||
		   !GEOSGeom_getYMin_r(h, cell, &y0) ||
		   !GEOSGeom_getXMax_r(h, cell, &x1) ||
		   !GEOSGeom_getYMax_r(h, cell, &y1)) {
		return SIZE_MAX;
	}
	fi0 = floor((x0 - g->x0) / g->s);
	fj0 = floor((y0 - g->y0) / g->s);
	fi1 = floor((x1 - g->x0) / g->s);
	fj1 = floor((y1 - g->y0) / g->s);
	if (!(fi0 >= 0 && fj0 >= 0 && fi1 < (double)g->nx &&
	      fj1 < (double)g->ny))
		return SIZE_MAX;
	i0 = (size_t)fi0;
	j0 = (size_t)fj0;
	i1 = (size_t)fi1 + 1;
	j1 = (size_t)fj1 + 1;
	w = g->nx + 1;
	bad = g->sat[j1 * w + i1] - g->sat[j0 * w + i1] - g->sat[j1 * w + i0] +
	      g->sat[j0 * w + i0];
	if (bad != 0)
		return SIZE_MAX;
	return (size_t)g->label[j0 * g->nx + i0] - 1;
}

/*---- Life cycle -------------------------------------------------------*/

static int build_units(sg_catch *c)
{
	GEOSContextHandle_t h = c->ctx->geos;
	struct sg_catch_int *p = c->p;
	const sg_catch_in *in = c->in;
	size_t n = in->nunits;

	p->unit_prep = calloc(n, sizeof(*p->unit_prep));
	p->unit_rings = calloc(n ? n : 1, sizeof(*p->unit_rings));
	p->unit_area = calloc(n, sizeof(double));
	p->density = calloc(n, sizeof(double));
	p->unit_tree = GEOSSTRtree_create_r(h, 10);
	if (!p->unit_prep || !p->unit_area || !p->density || !p->unit_tree ||
	    !p->unit_rings)
		return sg_error__oom(c->ctx, "catchments");
	for (size_t u = 0; u < n; u++) {
		double pop = in->unit_pop ? in->unit_pop[u] : NAN;

		p->unit_prep[u] = GEOSPrepare_r(h, in->units[u]);
		if (!p->unit_prep[u])
			return geos_fail(c->ctx);
		if (!(p->unit_rings[u] = sg_rings__new(h, in->units[u])))
			return sg_error__oom(c->ctx, "catchments");
		p->unit_area[u] = area_of(c->ctx, in->units[u]);
		if (isnan(pop))
			pop = 0;
		p->density[u] = p->unit_area[u] > 0 ? pop / p->unit_area[u] : 0;
		c->study_pop += pop;
		GEOSSTRtree_insert_r(h, p->unit_tree, in->units[u],
				     (void *)(uintptr_t)(u + 1));
	}
	return SG_OK;
}

static int build_study(sg_catch *c)
{
	GEOSContextHandle_t h = c->ctx->geos;
	struct sg_catch_int *p = c->p;
	const sg_catch_in *in = c->in;
	GEOSGeometry **v = malloc(in->nunits * sizeof(*v)), *whole;
	int rc;

	if (!v)
		return sg_error__oom(c->ctx, "catchments");
	for (size_t u = 0; u < in->nunits; u++) {
		v[u] = GEOSGeom_clone_r(h, in->units[u]);
		if (!v[u]) {
			destroy_all(c->ctx, v, u);
			free(v);
			return geos_fail(c->ctx);
		}
	}
	c->study = union_take(c->ctx, v, in->nunits);
	free(v);
	if (!c->study)
		return geos_fail(c->ctx);
	c->study_area = area_of(c->ctx, c->study);
	p->study_prep = GEOSPrepare_r(h, c->study);
	p->piece_tree = GEOSSTRtree_create_r(h, 10);
	whole = GEOSGeom_clone_r(h, c->study);
	if (!p->study_prep || !p->piece_tree || !whole) {
		GEOSGeom_destroy_r(h, whole);
		return geos_fail(c->ctx);
	}
	if ((rc = split(c, whole, 0)) != SG_OK)
		return rc;
	for (size_t i = 0; i < p->npieces; i++)
		GEOSSTRtree_insert_r(h, p->piece_tree, p->piece[i],
				     (void *)(uintptr_t)(i + 1));
	return SG_OK;
}

int sg_catch__new(sg_ctx *ctx, const sg_catch_in *in, sg_catch **out)
{
	sg_catch *c;
	int rc;

	*out = NULL;
	if (in->nunits == 0)
		return sg_error__set(ctx, SG_EINVALID,
				     "catchments: no units: "
				     "the study area is the union of the "
				     "wards (import units first)");
	c = calloc(1, sizeof(*c));
	if (!c || !(c->p = calloc(1, sizeof(*c->p)))) {
		free(c);
		return sg_error__oom(ctx, "catchments");
	}
	c->ctx = ctx;
	c->in = in;
	ctx->geos_msg[0] = '\0';
	rc = build_units(c);
	if (rc == SG_OK)
		rc = build_study(c);
	if (rc == SG_OK)
		rc = make_sites(c);
	if (rc != SG_OK) {
		sg_catch__free(c);
		return rc;
	}
	*out = c;
	return SG_OK;
}

void sg_catch__free(sg_catch *c)
{
	GEOSContextHandle_t h;
	struct sg_catch_int *p;

	if (!c)
		return;
	h = c->ctx->geos;
	p = c->p;
	for (size_t s = 0; c->cells && s < c->nsites; s++) {
		GEOSGeom_destroy_r(h, c->cells[s].geom);
		GEOSGeom_destroy_r(h, c->cells[s].served);
	}
	for (size_t i = 0; i < c->nunserved; i++) {
		GEOSGeom_destroy_r(h, c->unserved[i].geom);
		free(c->unserved[i].units);
	}
	free(c->unserved);
	free(c->unit_within);
	free(c->cells);
	free(c->site_of);
	if (p) {
		if (p->piece_tree)
			GEOSSTRtree_destroy_r(h, p->piece_tree);
		for (size_t i = 0; i < p->npieces; i++) {
			GEOSPreparedGeom_destroy_r(h, p->piece_prep[i]);
			GEOSGeom_destroy_r(h, p->piece[i]);
		}
		free(p->piece);
		free(p->piece_prep);
		if (p->unit_tree)
			GEOSSTRtree_destroy_r(h, p->unit_tree);
		for (size_t u = 0; p->unit_prep && u < c->in->nunits; u++)
			GEOSPreparedGeom_destroy_r(h, p->unit_prep[u]);
		free(p->unit_prep);
		for (size_t u = 0; p->unit_rings && u < c->in->nunits; u++)
			sg_rings__free(p->unit_rings[u]);
		free(p->unit_rings);
		free(p->unit_area);
		free(p->density);
		if (p->study_prep)
			GEOSPreparedGeom_destroy_r(h, p->study_prep);
		free(p->sx);
		free(p->sy);
		sg_nn__free(p->site_nn);
		inner_free(p->inner);
		sg_popgrid__free(p->raster);
		free(p->even);
		free(p->rscale);
		free(p);
	}
	GEOSGeom_destroy_r(h, c->study);
	free(c);
}

/*---- Voronoi ------------------------------------------------------------*/

/* Set a cell's geometry (consumed), area and population. */
static int set_cell(sg_catch *c, sg_catch_cell *cell, GEOSGeometry *g)
{
	GEOSGeom_destroy_r(c->ctx->geos, cell->geom);
	cell->geom = g;
	cell->area = area_of(c->ctx, g);
	cell->population = 0;
	/* Voronoi cells are clipped to the study area. */
	return population(c, g, &cell->population, NULL, 1, c->p->density, 0);
}

/* The unit holding site s's location into *u; SIZE_MAX when none
 * does. */
static int site_unit(sg_catch *c, size_t s, idxlist *l, size_t *u)
{
	GEOSContextHandle_t h = c->ctx->geos;
	struct sg_catch_int *p = c->p;
	GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, p->sx[s], p->sy[s]);
	int rc;

	*u = SIZE_MAX;
	if (!pt)
		return geos_fail(c->ctx);
	rc = query(c, p->unit_tree, pt, l);
	for (size_t k = 0; rc == SG_OK && k < l->n && *u == SIZE_MAX; k++)
		if (GEOSPreparedContains_r(h, p->unit_prep[l->v[k]], pt) == 1)
			*u = l->v[k];
	GEOSGeom_destroy_r(h, pt);
	return rc;
}

/*
 * A Voronoi cell inside the study area across unit boundaries: its own
 * clip; its population from the area it covers in each unit it meets,
 * by clipping the units' rings with the (convex) cell rather than by
 * overlays (engine/cliparea.h).
 */
static int convex_cell(sg_catch *c, sg_catch_cell *cell, GEOSGeometry **rawp,
		       idxlist *l)
{
	const GEOSGeometry *raw = *rawp;
	GEOSContextHandle_t h = c->ctx->geos;
	const GEOSCoordSequence *cs =
		GEOSGeom_getCoordSeq_r(h, GEOSGetExteriorRing_r(h, raw));
	double xs[64], ys[64], *x = xs, *y = ys, pop = 0;
	unsigned n = 0;
	GEOSGeometry *g;
	int rc;

	if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n))
		return geos_fail(c->ctx);
	if (n > 64 && (!(x = malloc(n * sizeof(double))) ||
		       !(y = malloc(n * sizeof(double))))) {
		if (x != xs)
			free(x);
		return sg_error__oom(c->ctx, "catchments");
	}
	for (unsigned i = 0; i < n; i++)
		GEOSCoordSeq_getXY_r(h, cs, i, &x[i], &y[i]);
	rc = query(c, c->p->unit_tree, raw, l);
	for (size_t k = 0; rc == SG_OK && k < l->n; k++) {
		size_t u = l->v[k];
		double a = sg_rings__area_in(c->p->unit_rings[u], x, y, n);

		if (isnan(a))
			rc = sg_error__oom(c->ctx, "catchments");
		pop += a * c->p->density[u];
	}
	if (x != xs) {
		free(x);
		free(y);
	}
	if (rc != SG_OK)
		return rc;
	/* The cell is its own clip: taken, not copied. */
	g = *rawp;
	*rawp = NULL;
	GEOSGeom_destroy_r(h, cell->geom);
	cell->geom = g;
	cell->area = area_of(c->ctx, g);
	cell->population = pop;
	return SG_OK;
}

/*
 * Voronoi cell *rawp of site s clipped to the study area, with its area
 * and population.  Most cells lie inside the unit holding their site:
 * then the cell is its own clip and its population is the unit's
 * density times its area, one prepared test instead of the clip's and
 * the population's.  The raw cell is taken: it becomes the catchment,
 * or is freed once clipped (*rawp = NULL either way, but on failure).
 * bb: the raw cell's box (min x, min y, max x, max y), or NULL.
 */
static int voronoi_cell(sg_catch *c, sg_catch_cell *cell, size_t s,
			GEOSGeometry **rawp, const double *bb, idxlist *l)
{
	GEOSContextHandle_t h = c->ctx->geos;
	const GEOSGeometry *raw = *rawp;
	GEOSGeometry *g = NULL;
	size_t u;
	int rc, inside;

	/* Inside one unit by the grid (no GEOS test), else by GEOS. */
	u = inner_unit(c->p->inner, h, raw, bb);
	inside = u != SIZE_MAX;
	if (!inside) {
		if ((rc = site_unit(c, s, l, &u)) != SG_OK)
			return rc;
		inside = u != SIZE_MAX &&
			 GEOSPreparedContains_r(h, c->p->unit_prep[u], raw) ==
				 1;
	}
	if (inside) {
		g = *rawp;
		*rawp = NULL;
		GEOSGeom_destroy_r(h, cell->geom);
		cell->geom = g;
		cell->area = area_of(c->ctx, g);
		cell->population = cell->area * c->p->density[u];
		return SG_OK;
	}
	if (GEOSGeomTypeId_r(h, raw) == GEOS_POLYGON &&
	    GEOSPreparedContains_r(h, c->p->study_prep, raw) == 1)
		return convex_cell(c, cell, rawp, l);
	if ((rc = clip(c, raw, l, &g)) != SG_OK)
		return rc;
	GEOSGeom_destroy_r(h, *rawp);
	*rawp = NULL;
	return g ? set_cell(c, cell, g) : SG_OK;
}

/*
 * The cells of the sites from a shared counter, in chunks: the caller's
 * thread on c, a helper on a view of c of its own.  GEOS geometries are
 * not safe to read from two threads (they cache their envelopes on
 * first use), so the view holds clones of the units and of the study
 * area's pieces, prepared and indexed on the helper's GEOS handle; the
 * plain arrays (densities, sites) are shared.  The view is made on the
 * caller's thread before the helper starts.  Both threads write their
 * cells into c->cells, each site by one thread.
 */
#define CELL_CHUNK 64

typedef struct {
	sg_catch c;
	struct sg_catch_int p;
	sg_catch_in in;
	GEOSGeometry **units; /* clones of c->in->units */
} cell_view;

typedef struct {
	sg_catch *c;	    /* the caller's: cells are written here */
	GEOSGeometry **raw; /* per site, the Voronoi cell (taken) */
	const double *box;  /* per site, its box (4 doubles) */
	atomic_size_t next; /* first site not taken */
	sg_ctx hctx;	    /* the helper's GEOS handle */
	cell_view v;	    /* the helper's view of c */
	size_t helped;	    /* cells the helper computed */
	int rc;		    /* the helper's result */
} cell_work;

static void view_free(cell_view *v)
{
	GEOSContextHandle_t h = v->c.ctx ? v->c.ctx->geos : NULL;

	if (!h)
		return;
	if (v->p.piece_tree)
		GEOSSTRtree_destroy_r(h, v->p.piece_tree);
	if (v->p.unit_tree)
		GEOSSTRtree_destroy_r(h, v->p.unit_tree);
	for (size_t i = 0; i < v->p.npieces; i++) {
		if (v->p.piece_prep && v->p.piece_prep[i])
			GEOSPreparedGeom_destroy_r(h, v->p.piece_prep[i]);
		GEOSGeom_destroy_r(h, v->p.piece[i]);
	}
	for (size_t u = 0; v->units && u < v->in.nunits; u++) {
		if (v->p.unit_prep && v->p.unit_prep[u])
			GEOSPreparedGeom_destroy_r(h, v->p.unit_prep[u]);
		GEOSGeom_destroy_r(h, v->units[u]);
	}
	if (v->p.study_prep)
		GEOSPreparedGeom_destroy_r(h, v->p.study_prep);
	GEOSGeom_destroy_r(h, v->c.study);
	free(v->p.piece);
	free(v->p.piece_prep);
	free(v->p.unit_prep);
	free(v->units);
}

/* The helper's view of c on hctx (made on the caller's thread). */
static int view_new(sg_catch *c, sg_ctx *hctx, cell_view *v)
{
	GEOSContextHandle_t h = hctx->geos;
	const struct sg_catch_int *p = c->p;
	size_t nu = c->in->nunits, np = p->npieces;

	memset(v, 0, sizeof(*v));
	v->c.ctx = hctx;
	v->c.p = &v->p;
	v->c.in = &v->in;
	v->c.nsites = c->nsites;
	v->in = *c->in;
	v->p.density = p->density;
	v->p.unit_area = p->unit_area;
	v->p.unit_rings = p->unit_rings; /* plain arrays, only read */
	v->p.sx = p->sx;
	v->p.inner = p->inner; /* only read */
	v->p.sy = p->sy;
	v->units = calloc(nu ? nu : 1, sizeof(*v->units));
	v->p.unit_prep = calloc(nu ? nu : 1, sizeof(*v->p.unit_prep));
	v->p.piece = calloc(np ? np : 1, sizeof(*v->p.piece));
	v->p.piece_prep = calloc(np ? np : 1, sizeof(*v->p.piece_prep));
	v->p.unit_tree = GEOSSTRtree_create_r(h, 10);
	v->p.piece_tree = GEOSSTRtree_create_r(h, 10);
	v->c.study = GEOSGeom_clone_r(h, c->study);
	if (!v->units || !v->p.unit_prep || !v->p.piece || !v->p.piece_prep ||
	    !v->p.unit_tree || !v->p.piece_tree || !v->c.study ||
	    !(v->p.study_prep = GEOSPrepare_r(h, v->c.study)))
		return SG_ERROR;
	v->in.units = (const GEOSGeometry *const *)v->units;
	for (size_t u = 0; u < nu; u++) {
		if (!(v->units[u] = GEOSGeom_clone_r(h, c->in->units[u])) ||
		    !(v->p.unit_prep[u] = GEOSPrepare_r(h, v->units[u])))
			return SG_ERROR;
		GEOSSTRtree_insert_r(h, v->p.unit_tree, v->units[u],
				     (void *)(uintptr_t)(u + 1));
	}
	for (size_t i = 0; i < np; i++) {
		v->p.npieces = i + 1;
		if (!(v->p.piece[i] = GEOSGeom_clone_r(h, p->piece[i])) ||
		    !(v->p.piece_prep[i] = GEOSPrepare_r(h, v->p.piece[i])))
			return SG_ERROR;
		GEOSSTRtree_insert_r(h, v->p.piece_tree, v->p.piece[i],
				     (void *)(uintptr_t)(i + 1));
	}
	return SG_OK;
}

/* Take chunks until none is left; v is c itself or the helper's view.
 * Returns the cells computed in *ncells. */
static int cell_chunks(cell_work *w, sg_catch *v, int main_thread,
		       size_t *ncells)
{
	sg_catch *c = w->c;
	idxlist l = { 0 };
	int rc = SG_OK;

	for (;;) {
		size_t from = atomic_fetch_add(&w->next, CELL_CHUNK), to;

		if (from >= c->nsites)
			break;
		to = from + CELL_CHUNK < c->nsites ? from + CELL_CHUNK
						   : c->nsites;
		for (size_t s = from; s < to && rc == SG_OK; s++) {
			rc = voronoi_cell(v, &c->cells[s], s, &w->raw[s],
					  w->box + 4 * s, &l);
			(*ncells)++;
		}
		if (rc == SG_OK && main_thread)
			rc = sg_ctx__progress(c->ctx, "catchments", from,
					      c->nsites);
		if (rc != SG_OK) { /* the other thread stops too */
			atomic_store(&w->next, c->nsites);
			break;
		}
	}
	free(l.v);
	return rc;
}

static void *cell_helper(void *arg)
{
	cell_work *w = arg;

	w->rc = cell_chunks(w, &w->v.c, 0, &w->helped);
	return NULL;
}

/* Every site's cell, on two threads when there are enough sites (and
 * on the caller's alone when the helper cannot be set up). */
static int all_cells(sg_catch *c, GEOSGeometry **raw, const double *box)
{
	cell_work w = { .c = c, .raw = raw, .box = box };
	size_t mine = 0;
	pthread_t t;
	int helped = 0, rc;

	atomic_init(&w.next, 0);
	if (c->nsites >= 4 * CELL_CHUNK &&
	    sg_ctx__engine_init(&w.hctx) == SG_OK) {
		helped = view_new(c, &w.hctx, &w.v) == SG_OK &&
			 pthread_create(&t, NULL, cell_helper, &w) == 0;
	}
	rc = cell_chunks(&w, c, 1, &mine);
	if (helped) {
		pthread_join(t, NULL);
		if (rc == SG_OK && w.rc != SG_OK)
			rc = sg_error__set(c->ctx, w.rc, "%s", w.hctx.errmsg);
	}
	c->helped_cells = w.helped;
	view_free(&w.v);
	sg_ctx__engine_free(&w.hctx);
	return rc;
}

/* Site s's cell of vc as a GEOS polygon (NULL: GEOS failed), and its
 * box into bb[4]. */
static GEOSGeometry *cell_polygon(GEOSContextHandle_t h, const sg_vcells *vc,
				  size_t s, double *bb)
{
	size_t a = vc->start[s], n = vc->start[s + 1] - a;
	GEOSCoordSequence *cs = GEOSCoordSeq_create_r(h, (unsigned)n + 1, 2);
	GEOSGeometry *ring;

	if (!cs)
		return NULL;
	bb[0] = bb[1] = INFINITY;
	bb[2] = bb[3] = -INFINITY;
	for (size_t j = 0; j <= n; j++) {
		size_t k = a + (j < n ? j : 0);

		bb[0] = fmin(bb[0], vc->xy[2 * k]);
		bb[1] = fmin(bb[1], vc->xy[2 * k + 1]);
		bb[2] = fmax(bb[2], vc->xy[2 * k]);
		bb[3] = fmax(bb[3], vc->xy[2 * k + 1]);

		if (!GEOSCoordSeq_setXY_r(h, cs, (unsigned)j, vc->xy[2 * k],
					  vc->xy[2 * k + 1])) {
			GEOSCoordSeq_destroy_r(h, cs);
			return NULL;
		}
	}
	if (!(ring = GEOSGeom_createLinearRing_r(h, cs)))
		return NULL;
	return GEOSGeom_createPolygon_r(h, ring, NULL, 0);
}

int sg_catch__voronoi(sg_catch *c)
{
	GEOSContextHandle_t h = c->ctx->geos;
	struct sg_catch_int *p = c->p;
	GEOSGeometry **cells = NULL;
	double *cbox = NULL;
	sg_vcells vc = { 0 };
	idxlist l = { 0 };
	double x0, y0, x1, y1, box[4], e;
	int rc = SG_OK, vr;

	if (c->nsites == 0)
		return SG_OK;
	if (c->nsites == 1) {
		GEOSGeometry *g = GEOSGeom_clone_r(h, c->study);

		rc = g ? set_cell(c, &c->cells[0], g) : geos_fail(c->ctx);
		if (rc == SG_OK && c->cell_done)
			rc = c->cell_done(0, c->cell_payload);
		return rc;
	}
	/* The frame GEOS's Voronoi clips cells to: the sites' box grown by
	 * its larger side, with the study area's box. */
	box[0] = box[1] = INFINITY;
	box[2] = box[3] = -INFINITY;
	for (size_t s = 0; s < c->nsites; s++) {
		box[0] = fmin(box[0], p->sx[s]);
		box[1] = fmin(box[1], p->sy[s]);
		box[2] = fmax(box[2], p->sx[s]);
		box[3] = fmax(box[3], p->sy[s]);
	}
	e = fmax(box[2] - box[0], box[3] - box[1]);
	GEOSGeom_getXMin_r(h, c->study, &x0);
	GEOSGeom_getYMin_r(h, c->study, &y0);
	GEOSGeom_getXMax_r(h, c->study, &x1);
	GEOSGeom_getYMax_r(h, c->study, &y1);
	box[0] = fmin(box[0] - e, x0);
	box[1] = fmin(box[1] - e, y0);
	box[2] = fmax(box[2] + e, x1);
	box[3] = fmax(box[3] + e, y1);
	/* The cells (engine/delaunay.c: exact predicates), as polygons. */
	vr = sg_voronoi__cells(p->sx, p->sy, c->nsites, box, &vc);
	if (vr == -2) {
		rc = sg_error__set(c->ctx, SG_EGEOS,
				   "catchments: two of the %zu sites are "
				   "the same point",
				   c->nsites);
		goto done;
	}
	if (vr != 0 || !(cells = calloc(c->nsites, sizeof(*cells))) ||
	    !(cbox = malloc(c->nsites * 4 * sizeof(*cbox)))) {
		rc = sg_error__oom(c->ctx, "catchments");
		goto done;
	}
	for (size_t s = 0; s < c->nsites; s++)
		if (!(cells[s] = cell_polygon(h, &vc, s, cbox + 4 * s))) {
			rc = geos_fail(c->ctx);
			goto done;
		}
	sg_vcells_free(&vc);
	if (!p->inner && (rc = inner_build(c)) != SG_OK)
		goto done;
	/* A caller taking the cells in site order gets them one by one;
	 * otherwise two threads share the work. */
	for (size_t s = 0; c->cell_done && s < c->nsites; s++) {
		if ((rc = voronoi_cell(c, &c->cells[s], s, &cells[s],
				       cbox + 4 * s, &l)) != SG_OK ||
		    (rc = c->cell_done(s, c->cell_payload)) != SG_OK)
			goto done;
		if ((s & 255) == 0 &&
		    (rc = sg_ctx__progress(c->ctx, "catchments", s,
					   c->nsites)) != SG_OK)
			goto done;
	}
	if (!c->cell_done && (rc = all_cells(c, cells, cbox)) != SG_OK)
		goto done;
	rc = sg_ctx__progress(c->ctx, "catchments", c->nsites, c->nsites);
done:
	sg_vcells_free(&vc);
	for (size_t s = 0; cells && s < c->nsites; s++)
		GEOSGeom_destroy_r(h, cells[s]);
	free(cells);
	free(cbox);
	free(l.v);
	return rc;
}

/*---- Unserved areas -----------------------------------------------------*/

static int cmp_part(const void *a, const void *b)
{
	const sg_catch_part *x = a, *y = b;

	if (x->population != y->population)
		return x->population > y->population ? -1 : 1;
	if (x->area != y->area)
		return x->area > y->area ? -1 : 1;
	return 0;
}

/* Rings and parts of unserved areas smaller than this (m2) are noise:
 * where the served pieces of neighbouring cells meet, their edges cut
 * by the discs do not quite coincide, and the union leaves slivers of
 * a few square millimetres between them. */
#define SLIVER_M2 1.0
/* Grid of the unserved areas' union (metres). */
#define UNSERVED_GRID_M 1e-3

/* Area enclosed by a ring (shoelace), whatever its orientation. */
static double ring_area(GEOSContextHandle_t h, const GEOSGeometry *ring)
{
	const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, ring);
	unsigned n = 0;
	double x0, y0, sum = 0;

	if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n) || n < 4 ||
	    !GEOSCoordSeq_getXY_r(h, cs, 0, &x0, &y0))
		return 0;
	for (unsigned i = 1; i + 1 < n; i++) {
		double x1, y1, x2, y2;

		GEOSCoordSeq_getXY_r(h, cs, i, &x1, &y1);
		GEOSCoordSeq_getXY_r(h, cs, i + 1, &x2, &y2);
		sum += (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
	}
	return 0.5 * fabs(sum);
}

/* Polygon p without its sliver holes; NULL when p itself is a sliver
 * (*rc SG_OK) or on error (*rc says which, ctx why). */
static GEOSGeometry *without_slivers(sg_catch *c, const GEOSGeometry *p,
				     int *rc)
{
	GEOSContextHandle_t h = c->ctx->geos;
	int nh = GEOSGetNumInteriorRings_r(h, p), kept = 0;
	GEOSGeometry *shell, **holes, *r;

	*rc = SG_OK;
	if (ring_area(h, GEOSGetExteriorRing_r(h, p)) < SLIVER_M2)
		return NULL;
	if (!(holes = malloc((nh > 0 ? (size_t)nh : 1) * sizeof(*holes)))) {
		*rc = sg_error__oom(c->ctx, "catchments");
		return NULL;
	}
	shell = GEOSGeom_clone_r(h, GEOSGetExteriorRing_r(h, p));
	for (int i = 0; shell && i < nh; i++) {
		const GEOSGeometry *ring = GEOSGetInteriorRingN_r(h, p, i);

		if (ring_area(h, ring) < SLIVER_M2)
			continue;
		if (!(holes[kept] = GEOSGeom_clone_r(h, ring))) {
			destroy_all(c->ctx, holes, (size_t)kept);
			GEOSGeom_destroy_r(h, shell);
			shell = NULL;
			break;
		}
		kept++;
	}
	/* GEOS owns shell and holes once called, even when it fails. */
	r = shell ? GEOSGeom_createPolygon_r(h, shell, holes, (unsigned)kept)
		  : NULL;
	free(holes);
	if (!r)
		*rc = geos_fail(c->ctx);
	return r;
}

/* Split u (consumed) into connected polygons with their population
 * (area-weighted when weigh, else left at 0 for the caller), largest
 * population first.  With weigh, slivers are left out; without, the
 * parts are unions of grid cells whose people the caller hands out,
 * and each is kept, however small. */
static int set_unserved(sg_catch *c, GEOSGeometry *u, int weigh)
{
	GEOSContextHandle_t h = c->ctx->geos;
	int n = GEOSGetNumGeometries_r(h, u), rc = SG_OK;
	size_t nu = c->in->nunits;
	double *ua = NULL;

	if (is_empty(c->ctx, u))
		n = 0;
	c->unserved = calloc(n > 0 ? (size_t)n : 1, sizeof(*c->unserved));
	if (weigh)
		ua = calloc(nu ? nu : 1, sizeof(double));
	if (!c->unserved || (weigh && !ua)) {
		GEOSGeom_destroy_r(h, u);
		free(ua);
		return sg_error__oom(c->ctx, "catchments");
	}
	for (int i = 0; i < n && rc == SG_OK; i++) {
		sg_catch_part *part = &c->unserved[c->nunserved];

		if (weigh)
			part->geom = without_slivers(
				c, GEOSGetGeometryN_r(h, u, i), &rc);
		else if (!(part->geom = GEOSGeom_clone_r(
				   h, GEOSGetGeometryN_r(h, u, i))))
			rc = geos_fail(c->ctx);
		if (!part->geom)
			continue;
		c->nunserved++;
		part->area = area_of(c->ctx, part->geom);
		if (weigh) {
			size_t k = 0;

			memset(ua, 0, (nu ? nu : 1) * sizeof(double));
			rc = population(c, part->geom, &part->population, ua, 0,
					c->p->density,
					GEOSGetNumCoordinates_r(h, part->geom) >
						4096);
			for (size_t i2 = 0; i2 < nu; i2++)
				k += ua[i2] > 1.0;
			part->units = malloc((k ? k : 1) * sizeof(size_t));
			if (!part->units && rc == SG_OK)
				rc = sg_error__oom(c->ctx, "catchments");
			for (size_t i2 = 0; part->units && i2 < nu; i2++)
				if (ua[i2] > 1.0)
					part->units[part->nunits++] = i2;
		}
		c->unserved_area += part->area;
		c->unserved_pop += part->population;
	}
	free(ua);
	GEOSGeom_destroy_r(h, u);
	qsort(c->unserved, c->nunserved, sizeof(*c->unserved), cmp_part);
	return rc;
}

/*---- Distance -----------------------------------------------------------*/

int sg_catch__distance(sg_catch *c, double max_distance)
{
	GEOSContextHandle_t h = c->ctx->geos;
	GEOSGeometry **rem = malloc((c->nsites + 1) * sizeof(*rem)), *u;
	size_t nrem = 0;
	int rc = SG_OK;

	if (!rem)
		return sg_error__oom(c->ctx, "catchments");
	free(c->unit_within);
	c->unit_within = calloc(c->in->nunits ? c->in->nunits : 1,
				sizeof(double));
	if (!c->unit_within) {
		free(rem);
		return sg_error__oom(c->ctx, "catchments");
	}
	for (size_t s = 0; s < c->nsites && rc == SG_OK; s++) {
		sg_catch_cell *cell = &c->cells[s];
		GEOSGeometry *pt, *buf, *r;

		if (!cell->geom)
			continue;
		pt = GEOSGeom_createPointFromXY_r(h, c->p->sx[s], c->p->sy[s]);
		buf = pt ? GEOSBuffer_r(h, pt, max_distance, BUFFER_QUADSEGS)
			 : NULL;
		GEOSGeom_destroy_r(h, pt);
		if (!buf) {
			rc = geos_fail(c->ctx);
			break;
		}
		GEOSGeom_destroy_r(h, cell->served);
		cell->served = polygonal_take(c->ctx,
					      GEOSIntersection_r(h, cell->geom,
								 buf));
		r = polygonal_take(c->ctx,
				   GEOSDifference_r(h, cell->geom, buf));
		GEOSGeom_destroy_r(h, buf);
		if (!cell->served || !r) {
			GEOSGeom_destroy_r(h, r);
			rc = geos_fail(c->ctx);
			break;
		}
		cell->served_area = area_of(c->ctx, cell->served);
		rc = sg_catch__population(c, cell->served, &cell->served_pop,
					  c->unit_within);
		if (is_empty(c->ctx, r))
			GEOSGeom_destroy_r(h, r);
		else
			rem[nrem++] = r;
		if (rc == SG_OK && (s & 255) == 0)
			rc = sg_ctx__progress(c->ctx, "catchments: distance", s,
					      c->nsites);
	}
	/* Without a catchment, all of the study area is unserved. */
	if (rc == SG_OK && nrem == 0 && c->nsites == 0) {
		rem[0] = GEOSGeom_clone_r(h, c->study);
		nrem = rem[0] ? 1 : 0;
	}
	if (rc != SG_OK) {
		destroy_all(c->ctx, rem, nrem);
		free(rem);
		return rc;
	}
	/* The remainders of neighbouring cells meet along their shared
	 * edges, where the discs' cuts leave cracks of a few micrometres:
	 * a millimetre grid closes them. */
	u = union_grid(c->ctx, rem, nrem, UNSERVED_GRID_M);
	free(rem);
	if (!u)
		return geos_fail(c->ctx);
	return set_unserved(c, u, 1);
}

/*---- Reach --------------------------------------------------------------*/

/* Largest distance from (x, y) to a vertex of g (any geometry). */
static double far_vertex(GEOSContextHandle_t h, const GEOSGeometry *g, double x,
			 double y)
{
	int type = GEOSGeomTypeId_r(h, g);
	double best = 0;

	if (type == GEOS_POLYGON) {
		int nh = GEOSGetNumInteriorRings_r(h, g);

		best = far_vertex(h, GEOSGetExteriorRing_r(h, g), x, y);
		for (int i = 0; i < nh; i++)
			best = fmax(best,
				    far_vertex(h,
					       GEOSGetInteriorRingN_r(h, g, i),
					       x, y));
	} else if (type == GEOS_MULTIPOLYGON ||
		   type == GEOS_GEOMETRYCOLLECTION) {
		int n = GEOSGetNumGeometries_r(h, g);

		for (int i = 0; i < n; i++)
			best = fmax(best,
				    far_vertex(h, GEOSGetGeometryN_r(h, g, i),
					       x, y));
	} else {
		const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, g);
		unsigned n = 0;

		if (cs && GEOSCoordSeq_getSize_r(h, cs, &n))
			for (unsigned i = 0; i < n; i++) {
				double vx, vy;

				if (GEOSCoordSeq_getXY_r(h, cs, i, &vx, &vy))
					best = fmax(best,
						    hypot(vx - x, vy - y));
			}
	}
	return best;
}

double sg_catch__reach(const sg_catch *c)
{
	double best = 0;

	for (size_t s = 0; s < c->nsites; s++)
		if (c->cells[s].geom)
			best = fmax(best,
				    far_vertex(c->ctx->geos, c->cells[s].geom,
					       c->p->sx[s], c->p->sy[s]));
	return best;
}

/*---- Capacity -----------------------------------------------------------*/

/*
 * The capacity method.
 *
 * 1. A grid of square cells of cell_size metres, aligned on multiples of
 *    cell_size in the metric CRS, covers the study area; cells outside
 *    it are dropped and cells crossing its boundary are clipped to it.
 * 2. A cell's population is area-weighted from the units (each unit's
 *    school-age population spread evenly over its area); or, after
 *    sg_catch__raster_end, dasymetric: a unit's population is shared
 *    among the cells in proportion of the raster people of the unit
 *    whose pixel centres fall in each cell (engine/popgrid.c), and only
 *    the units without raster people are spread evenly.
 * 3. Every (cell, site) pair is considered in increasing distance from
 *    the cell's centroid to the site; a pair gives the whole cell to the
 *    site when the site's seats left hold the cell's population, else
 *    the cell moves on to its next-nearest site.  So each cell goes to
 *    the nearest school that still has room for it, and nearer children
 *    are seated first.  Cells are never split: no site ever holds more
 *    than its seats.
 * 4. Ties: equal distances are taken in cell order (rows from south to
 *    north, cells west to east within a row), then in site order (the
 *    lowest school index, i.e. the smallest school code).
 * 5. A cell without population goes to its nearest site (it holds no
 *    child, but the map then has no holes); a populated cell that no
 *    site has room for is left over: it is mapped as unserved, with its
 *    population (each connected unserved area gets the people of the
 *    leftover cells in it).
 * 6. A catchment is the union of its cells.
 */

typedef struct {
	double cx, cy; /* centroid */
	double pop;
	GEOSGeometry *clipped; /* boundary cells only; else NULL */
	double x0, y0;	       /* lower-left corner of the square */
	size_t owner;	       /* site, or SG_NN_NONE */
	size_t *cand;	       /* k nearest sites, lazily */
	size_t ncand, pos;
	double *cd2;
} gcell;

typedef struct {
	double d2;
	size_t cell;
} hent;

static int hless(const hent *a, const hent *b, const gcell *cells)
{
	if (a->d2 != b->d2)
		return a->d2 < b->d2;
	if (a->cell != b->cell)
		return a->cell < b->cell;
	return cells[a->cell].cand[cells[a->cell].pos] <
	       cells[b->cell].cand[cells[b->cell].pos];
}

static void hpush(hent *hp, size_t *n, hent e, const gcell *cells)
{
	size_t i = (*n)++;

	while (i > 0 && hless(&e, &hp[(i - 1) / 2], cells)) {
		hp[i] = hp[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	hp[i] = e;
}

static hent hpop(hent *hp, size_t *n, const gcell *cells)
{
	hent top = hp[0], last = hp[--(*n)];
	size_t i = 0;

	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		const hent *best = &last;

		if (l < *n && hless(&hp[l], best, cells)) {
			m = l;
			best = &hp[l];
		}
		if (r < *n && hless(&hp[r], best, cells))
			m = r;
		if (m == i)
			break;
		hp[i] = hp[m];
		i = m;
	}
	if (*n > 0)
		hp[i] = last;
	return top;
}

/* Fetch the k nearest sites of a cell (k doubles each time). */
static int fetch_cand(sg_catch *c, gcell *g)
{
	size_t k = g->ncand ? 2 * g->ncand : 8;

	if (k > c->nsites)
		k = c->nsites;
	free(g->cand);
	free(g->cd2);
	g->cand = malloc(k * sizeof(size_t));
	g->cd2 = malloc(k * sizeof(double));
	if (!g->cand || !g->cd2)
		return sg_error__oom(c->ctx, "catchments");
	g->ncand = sg_nn__knearest(c->p->site_nn, g->cx, g->cy, k, g->cand,
				   g->cd2);
	return SG_OK;
}

/* The grid over the study area: aligned on multiples of cs. */
static int grid_frame(sg_catch *c, double cs, sg_grid_frame *f)
{
	GEOSContextHandle_t h = c->ctx->geos;
	double x0, y0, x1, y1;

	GEOSGeom_getXMin_r(h, c->study, &x0);
	GEOSGeom_getYMin_r(h, c->study, &y0);
	GEOSGeom_getXMax_r(h, c->study, &x1);
	GEOSGeom_getYMax_r(h, c->study, &y1);
	f->cs = cs;
	f->gx = floor(x0 / cs) * cs;
	f->gy = floor(y0 / cs) * cs;
	f->nx = (long)ceil((x1 - f->gx) / cs);
	f->ny = (long)ceil((y1 - f->gy) / cs);
	if (f->nx < 1)
		f->nx = 1;
	if (f->ny < 1)
		f->ny = 1;
	if ((double)f->nx * (double)f->ny > 2e7)
		return sg_error__set(c->ctx, SG_EINVALID,
				     "catchments: a "
				     "%.0f m grid over the study area has %.0f"
				     " cells; use larger cells",
				     cs, (double)f->nx * (double)f->ny);
	return SG_OK;
}

/*
 * Build the grid cells of the study area with their population.
 * unit_sum (nunits entries, may be NULL) accumulates the people each
 * unit put into the cells.
 */
static int build_grid(sg_catch *c, double cs, gcell **out, size_t *nout,
		      double *unit_sum)
{
	GEOSContextHandle_t h = c->ctx->geos;
	struct sg_catch_int *p = c->p;
	const sg_catch_in *in = c->in;
	const sg_popgrid *pg = p->raster_done ? p->raster : NULL;
	const double *density = pg ? p->even : p->density;
	double gx, gy, lost = 0, *uarea = NULL;
	size_t npairs = pg ? sg_popgrid__npairs(pg) : 0, k = 0;
	sg_grid_frame f;
	long nx, ny;
	gcell *v = NULL;
	size_t n = 0, cap = 0;
	idxlist l = { 0 };
	int rc = SG_OK;

	*out = NULL;
	*nout = 0;
	if (pg && cs != p->raster_cs)
		return sg_error__set(c->ctx, SG_EINVALID,
				     "catchments: the "
				     "population raster was gathered on %g m "
				     "cells, not %g m",
				     p->raster_cs, cs);
	if ((rc = grid_frame(c, cs, &f)) != SG_OK)
		return rc;
	gx = f.gx;
	gy = f.gy;
	nx = f.nx;
	ny = f.ny;
	if (unit_sum && !(uarea = calloc(in->nunits + 1, sizeof(double))))
		return sg_error__oom(c->ctx, "catchments");
	for (long j = 0; j < ny && rc == SG_OK; j++) {
		for (long i = 0; i < nx; i++) {
			double sx = gx + (double)i * cs,
			       sy = gy + (double)j * cs;
			uint64_t ci = (uint64_t)j * (uint64_t)nx + (uint64_t)i;
			GEOSGeometry *sq = GEOSGeom_createRectangle_r(
				h, sx, sy, gx + (double)(i + 1) * cs,
				gy + (double)(j + 1) * cs);
			GEOSGeometry *part = NULL, *cen;
			gcell *g;
			int inside;

			if (!sq) {
				rc = geos_fail(c->ctx);
				break;
			}
			inside = GEOSPreparedContains_r(h, c->p->study_prep,
							sq) == 1;
			if (!inside && (rc = clip(c, sq, &l, &part)) != SG_OK) {
				GEOSGeom_destroy_r(h, sq);
				break;
			}
			if (!inside && (!part || area_of(c->ctx, part) <= 0)) {
				GEOSGeom_destroy_r(h, part);
				GEOSGeom_destroy_r(h, sq);
				continue;
			}
			if (n == cap) {
				size_t nc = cap ? cap * 2 : 1024;
				gcell *w = realloc(v, nc * sizeof(*w));

				if (!w) {
					GEOSGeom_destroy_r(h, part);
					GEOSGeom_destroy_r(h, sq);
					rc = sg_error__oom(c->ctx,
							   "catchments");
					break;
				}
				v = w;
				cap = nc;
			}
			g = &v[n++];
			memset(g, 0, sizeof(*g));
			g->x0 = sx;
			g->y0 = sy;
			g->owner = SG_NN_NONE;
			g->clipped = part;
			rc = population(c, part ? part : sq, &g->pop, uarea, 0,
					density, 0);
			/* The raster's people of this cell, unit by unit;
			 * pairs of cells dropped above are lost (a pixel
			 * centre inside a unit lies in a kept cell, so
			 * this stays 0 but for rounding at the boundary). */
			for (; k < npairs; k++) {
				uint64_t pc;
				size_t u;
				double people, add;

				sg_popgrid__pair(pg, k, &pc, &u, &people);
				if (pc > ci)
					break;
				add = people * p->rscale[u];
				if (pc < ci) {
					lost += add;
					continue;
				}
				g->pop += add;
				if (unit_sum)
					unit_sum[u] += add;
			}
			cen = rc == SG_OK
				      ? GEOSGetCentroid_r(h, part ? part : sq)
				      : NULL;
			GEOSGeom_destroy_r(h, sq);
			if (rc != SG_OK || !cen ||
			    GEOSGeomGetX_r(h, cen, &g->cx) != 1 ||
			    GEOSGeomGetY_r(h, cen, &g->cy) != 1) {
				GEOSGeom_destroy_r(h, cen);
				rc = rc != SG_OK ? rc : geos_fail(c->ctx);
				break;
			}
			GEOSGeom_destroy_r(h, cen);
		}
		if (rc == SG_OK)
			rc = sg_ctx__progress(c->ctx, "catchments: grid",
					      (uint64_t)j + 1, (uint64_t)ny);
	}
	for (; rc == SG_OK && k < npairs; k++) {
		uint64_t pc;
		size_t u;
		double people;

		sg_popgrid__pair(pg, k, &pc, &u, &people);
		lost += people * p->rscale[u];
	}
	if (rc == SG_OK && lost > 1e-9 * fmax(1, c->study_pop))
		sg_ctx__warn(c->ctx,
			     "catchments: %.6g people of the "
			     "population raster fell in no grid cell of the "
			     "study area and are left out",
			     lost);
	for (size_t u = 0; unit_sum && u < in->nunits; u++)
		unit_sum[u] += uarea[u] * density[u];
	free(uarea);
	free(l.v);
	*out = v;
	*nout = n;
	return rc;
}

static void free_grid(sg_catch *c, gcell *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		GEOSGeom_destroy_r(c->ctx->geos, v[i].clipped);
		free(v[i].cand);
		free(v[i].cd2);
	}
	free(v);
}

/* Greedy assignment (steps 3-5 above). */
static int assign_cells(sg_catch *c, gcell *v, size_t n)
{
	double *left = malloc((c->nsites ? c->nsites : 1) * sizeof(double));
	hent *hp = malloc((n ? n : 1) * sizeof(*hp));
	size_t nh = 0, done = 0, unknown = 0;
	int rc = SG_OK;

	if (!left || !hp) {
		free(left);
		free(hp);
		return sg_error__oom(c->ctx, "catchments");
	}
	for (size_t s = 0; s < c->nsites; s++) {
		left[s] = c->cells[s].seats;
		if (isnan(left[s])) {
			left[s] = 0;
			unknown++;
		}
	}
	if (unknown)
		sg_ctx__warn(c->ctx,
			     "catchments: %zu of %zu school locations "
			     "have no classes and no students: no seats are "
			     "counted for them",
			     unknown, c->nsites);
	for (size_t i = 0; i < n && c->nsites > 0; i++) {
		if (v[i].pop <= 0) {
			v[i].owner = sg_nn__nearest(c->p->site_nn, v[i].cx,
						    v[i].cy, NULL);
			continue;
		}
		if ((rc = fetch_cand(c, &v[i])) != SG_OK)
			break;
		hpush(hp, &nh, (hent){ v[i].cd2[0], i }, v);
	}
	while (rc == SG_OK && nh > 0) {
		hent e = hpop(hp, &nh, v);
		gcell *g = &v[e.cell];
		size_t s = g->cand[g->pos];

		if (g->pop <= left[s] + 1e-9) {
			g->owner = s;
			left[s] -= g->pop;
			if ((++done & 1023) == 0)
				rc = sg_ctx__progress(c->ctx,
						      "catchments: seats", done,
						      n);
			continue;
		}
		if (++g->pos == g->ncand) {
			if (g->ncand == c->nsites)
				continue; /* left over */
			if ((rc = fetch_cand(c, g)) != SG_OK)
				break;
		}
		hpush(hp, &nh, (hent){ g->cd2[g->pos], e.cell }, v);
	}
	free(left);
	free(hp);
	return rc;
}

/* Union of the cells of one owner (SG_NN_NONE: the leftover cells with
 * population): full squares by a coverage union, then the clipped ones. */
static GEOSGeometry *union_cells(sg_catch *c, gcell *v, size_t n, size_t owner,
				 double cs, const size_t *list, size_t nlist)
{
	GEOSContextHandle_t h = c->ctx->geos;
	GEOSGeometry **sq = malloc((nlist + 1) * sizeof(*sq));
	GEOSGeometry **all = malloc((nlist + 1) * sizeof(*all));
	GEOSGeometry *r = NULL;
	size_t nsq = 0, nall = 0;

	(void)n;
	(void)owner;
	if (!sq || !all)
		goto done;
	for (size_t k = 0; k < nlist; k++) {
		const gcell *g = &v[list[k]];
		GEOSGeometry *x;

		if (g->clipped)
			x = GEOSGeom_clone_r(h, g->clipped);
		else
			x = GEOSGeom_createRectangle_r(h, g->x0, g->y0,
						       g->x0 + cs, g->y0 + cs);
		if (!x)
			goto done;
		if (g->clipped)
			all[nall++] = x;
		else
			sq[nsq++] = x;
	}
	if (nsq > 0) {
		GEOSGeometry *coll = GEOSGeom_createCollection_r(
			h, GEOS_GEOMETRYCOLLECTION, sq, (unsigned)nsq);
		GEOSGeometry *u = coll ? GEOSCoverageUnion_r(h, coll) : NULL;

		if (!coll) {
			for (size_t k = 0; k < nsq; k++)
				GEOSGeom_destroy_r(h, sq[k]);
		} else if (!u) {
			/* Not a clean coverage after all: general union. */
			u = GEOSUnaryUnion_r(h, coll);
		}
		GEOSGeom_destroy_r(h, coll);
		nsq = 0;
		if (!u)
			goto done;
		all[nall++] = u;
	}
	r = union_take(c->ctx, all, nall);
	nall = 0;
done:
	for (size_t k = 0; k < nsq; k++)
		GEOSGeom_destroy_r(h, sq[k]);
	for (size_t k = 0; k < nall; k++)
		GEOSGeom_destroy_r(h, all[k]);
	free(sq);
	free(all);
	return r;
}

/*
 * The people of each unserved part (c->unserved, from set_unserved) are
 * those of the leftover cells in it; a cell in several parts (a clipped
 * cell in two pieces) is shared by area.  Then largest first again.
 */
static int parts_from_cells(sg_catch *c, const gcell *v, const size_t *list,
			    size_t nlist, double cs)
{
	GEOSContextHandle_t h = c->ctx->geos;
	size_t np = c->nunserved, *hit = malloc((np ? np : 1) * sizeof(size_t));
	const GEOSPreparedGeometry **prep = calloc(np ? np : 1, sizeof(*prep));
	double *box = malloc((np ? np : 1) * 4 * sizeof(double));
	double *a = malloc((np ? np : 1) * sizeof(double));
	int rc = SG_OK;

	if (!hit || !prep || !box || !a) {
		rc = sg_error__oom(c->ctx, "catchments");
		goto done;
	}
	for (size_t k = 0; k < np; k++) {
		const GEOSGeometry *g = c->unserved[k].geom;

		c->unserved[k].population = 0;
		prep[k] = GEOSPrepare_r(h, g);
		if (!prep[k] || !GEOSGeom_getXMin_r(h, g, &box[4 * k]) ||
		    !GEOSGeom_getYMin_r(h, g, &box[4 * k + 1]) ||
		    !GEOSGeom_getXMax_r(h, g, &box[4 * k + 2]) ||
		    !GEOSGeom_getYMax_r(h, g, &box[4 * k + 3])) {
			rc = geos_fail(c->ctx);
			goto done;
		}
	}
	for (size_t i = 0; i < nlist && rc == SG_OK; i++) {
		const gcell *g = &v[list[i]];
		GEOSGeometry *sq = NULL;
		const GEOSGeometry *cg = g->clipped;
		double x0 = g->x0, y0 = g->y0, x1 = g->x0 + cs, y1 = g->y0 + cs;
		double total = 0;
		size_t nhit = 0;

		if (!cg) {
			sq = GEOSGeom_createRectangle_r(h, x0, y0, x1, y1);
			if (!(cg = sq)) {
				rc = geos_fail(c->ctx);
				break;
			}
		}
		for (size_t k = 0; k < np; k++)
			if (box[4 * k] <= x1 && box[4 * k + 2] >= x0 &&
			    box[4 * k + 1] <= y1 && box[4 * k + 3] >= y0 &&
			    GEOSPreparedIntersects_r(h, prep[k], cg) == 1)
				hit[nhit++] = k;
		if (nhit > 1) {
			for (size_t m = 0; m < nhit; m++) {
				GEOSGeometry *x = GEOSIntersection_r(
					h, cg, c->unserved[hit[m]].geom);

				if (!x) {
					rc = geos_fail(c->ctx);
					break;
				}
				a[m] = area_of(c->ctx, x);
				total += a[m];
				GEOSGeom_destroy_r(h, x);
			}
		}
		if (rc == SG_OK && nhit == 1)
			c->unserved[hit[0]].population += g->pop;
		else if (rc == SG_OK && nhit > 1 && total > 0)
			for (size_t m = 0; m < nhit; m++)
				c->unserved[hit[m]].population += g->pop *
								  a[m] / total;
		else if (rc == SG_OK && nhit > 1)
			c->unserved[hit[0]].population += g->pop;
		GEOSGeom_destroy_r(h, sq);
	}
	if (rc == SG_OK)
		qsort(c->unserved, np, sizeof(*c->unserved), cmp_part);
done:
	for (size_t k = 0; prep && k < np; k++)
		if (prep[k])
			GEOSPreparedGeom_destroy_r(h, prep[k]);
	free(hit);
	free(prep);
	free(box);
	free(a);
	return rc;
}

int sg_catch__capacity(sg_catch *c, double cs, size_t *ncells_out,
		       double *assigned_out, double *left_out)
{
	GEOSContextHandle_t h = c->ctx->geos;
	gcell *v = NULL;
	size_t n = 0, *count = NULL, *start = NULL, *list = NULL, nleft = 0;
	double assigned = 0, leftover = 0;
	int rc;

	if (!(cs > 0))
		return sg_error__set(c->ctx, SG_EINVALID,
				     "catchments: the "
				     "cell size must be positive");
	rc = build_grid(c, cs, &v, &n, NULL);
	if (rc == SG_OK)
		rc = assign_cells(c, v, n);
	if (rc != SG_OK)
		goto done;
	/* Group the cells by owner (counting sort; SG_NN_NONE last). */
	count = calloc(c->nsites + 2, sizeof(size_t));
	start = calloc(c->nsites + 2, sizeof(size_t));
	list = malloc((n ? n : 1) * sizeof(size_t));
	if (!count || !start || !list) {
		rc = sg_error__oom(c->ctx, "catchments");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		size_t o = v[i].owner == SG_NN_NONE ? c->nsites : v[i].owner;

		if (o == c->nsites && v[i].pop <= 0)
			continue; /* no site at all, nobody lives there */
		count[o + 1]++;
	}
	for (size_t s = 0; s <= c->nsites; s++)
		start[s + 1] = start[s] + count[s + 1];
	memset(count, 0, (c->nsites + 2) * sizeof(size_t));
	for (size_t i = 0; i < n; i++) {
		size_t o = v[i].owner == SG_NN_NONE ? c->nsites : v[i].owner;

		if (o == c->nsites && v[i].pop <= 0)
			continue;
		list[start[o] + count[o]++] = i;
	}
	for (size_t s = 0; s <= c->nsites && rc == SG_OK; s++) {
		size_t k0 = start[s], k1 = start[s + 1];
		double pop = 0;
		GEOSGeometry *u;

		for (size_t k = k0; k < k1; k++)
			pop += v[list[k]].pop;
		if (s == c->nsites) {
			leftover = pop;
			nleft = k1 - k0;
			if (nleft == 0)
				break;
		} else {
			c->cells[s].population = pop;
			assigned += pop;
			GEOSGeom_destroy_r(h, c->cells[s].geom);
			c->cells[s].geom = NULL;
			c->cells[s].area = 0;
			if (k1 == k0)
				continue;
		}
		u = union_cells(c, v, n, s, cs, list + k0, k1 - k0);
		if (!u) {
			rc = geos_fail(c->ctx);
			break;
		}
		if (s < c->nsites) {
			c->cells[s].geom = u;
			c->cells[s].area = area_of(c->ctx, u);
		} else {
			rc = set_unserved(c, u, 0);
			if (rc == SG_OK)
				rc = parts_from_cells(c, v, list + k0, k1 - k0,
						      cs);
			/* Cells carry the population exactly; keep it. */
			c->unserved_pop = leftover;
		}
	}
	if (rc == SG_OK)
		rc = sg_ctx__progress(c->ctx, "catchments: seats", n, n);
done:
	if (ncells_out)
		*ncells_out = n;
	if (assigned_out)
		*assigned_out = assigned;
	if (left_out)
		*left_out = leftover;
	free(count);
	free(start);
	free(list);
	free_grid(c, v, n);
	return rc;
}

int sg_catch__grid(sg_catch *c, double cs, sg_catch_square **out, size_t *nout,
		   double *unit_sum)
{
	gcell *v = NULL;
	sg_catch_square *sq;
	size_t n = 0;
	int rc;

	*out = NULL;
	*nout = 0;
	if (!(cs > 0))
		return sg_error__set(c->ctx, SG_EINVALID,
				     "catchments: the "
				     "cell size must be positive");
	rc = build_grid(c, cs, &v, &n, unit_sum);
	if (rc == SG_OK && !(sq = malloc((n ? n : 1) * sizeof(*sq))))
		rc = sg_error__oom(c->ctx, "catchments");
	if (rc != SG_OK) {
		free_grid(c, v, n);
		return rc;
	}
	for (size_t i = 0; i < n; i++) {
		sq[i].x0 = v[i].x0;
		sq[i].y0 = v[i].y0;
		sq[i].cx = v[i].cx;
		sq[i].cy = v[i].cy;
		sq[i].area = v[i].clipped ? area_of(c->ctx, v[i].clipped)
					  : cs * cs;
		sq[i].pop = v[i].pop;
	}
	free_grid(c, v, n);
	*out = sq;
	*nout = n;
	return SG_OK;
}

/*---- Population raster --------------------------------------------------*/

int sg_catch__raster_begin(sg_catch *c, double cs)
{
	struct sg_catch_int *p = c->p;
	sg_grid_frame f;
	int rc;

	if (!(cs > 0))
		return sg_error__set(c->ctx, SG_EINVALID,
				     "catchments: the "
				     "cell size must be positive");
	sg_popgrid__free(p->raster);
	p->raster = NULL;
	p->raster_done = 0;
	if ((rc = grid_frame(c, cs, &f)) != SG_OK)
		return rc;
	p->raster_cs = cs;
	return sg_popgrid__new(c->ctx, c->in->units, c->in->nunits, &f,
			       &p->raster);
}

int sg_catch__raster_add(sg_catch *c, const double *x, const double *y,
			 const double *people, size_t n)
{
	if (!c->p->raster || c->p->raster_done)
		return sg_error__set(c->ctx, SG_ERROR,
				     "catchments: raster "
				     "pixels added outside begin/end");
	return sg_popgrid__add(c->p->raster, x, y, people, n);
}

int sg_catch__raster_end(sg_catch *c, double *unit_people, double *outside)
{
	struct sg_catch_int *p = c->p;
	size_t nu = c->in->nunits;
	const double *rp;
	int rc;

	if (!p->raster)
		return sg_error__set(c->ctx, SG_ERROR,
				     "catchments: raster "
				     "ended before it began");
	if ((rc = sg_popgrid__finish(p->raster)) != SG_OK)
		return rc;
	free(p->even);
	free(p->rscale);
	p->even = malloc((nu ? nu : 1) * sizeof(double));
	p->rscale = malloc((nu ? nu : 1) * sizeof(double));
	if (!p->even || !p->rscale)
		return sg_error__oom(c->ctx, "catchments");
	rp = sg_popgrid__unit_people(p->raster);
	for (size_t u = 0; u < nu; u++) {
		double pop = c->in->unit_pop ? c->in->unit_pop[u] : NAN;

		if (isnan(pop))
			pop = 0;
		p->even[u] = rp[u] > 0 ? 0 : p->density[u];
		p->rscale[u] = rp[u] > 0 ? pop / rp[u] : 0;
		if (unit_people)
			unit_people[u] = rp[u];
	}
	if (outside)
		*outside = sg_popgrid__outside(p->raster);
	p->raster_done = 1;
	return SG_OK;
}

/*---- Population and seats from the figures ------------------------------*/

double sg_catch__school_age(const int *from, const int *to, const double *count,
			    size_t n, int a, int b, double share, int *how)
{
	double sum = 0, total = NAN;
	int ok = a <= b;

	for (size_t i = 0; i < n; i++)
		if (from[i] <= 0 && to[i] >= 99)
			total = count[i];
	for (int y = a; y <= b && ok; y++) {
		long best = -1;
		int bw = 0;

		for (size_t i = 0; i < n; i++) {
			int w = to[i] - from[i] + 1;

			if (from[i] <= 0 && to[i] >= 99)
				continue;
			if (from[i] <= y && y <= to[i] && w > 0 &&
			    (best < 0 || w < bw)) {
				best = (long)i;
				bw = w;
			}
		}
		if (best < 0)
			ok = 0;
		else
			sum += count[best] / bw;
	}
	if (ok) {
		*how = 1;
		return sum;
	}
	if (!isnan(total) && !isnan(share)) {
		*how = 2;
		return total * share;
	}
	*how = 0;
	return NAN;
}

void sg_catch__seats(unsigned levels, unsigned level, double students,
		     double students_level, double classes, double class_size,
		     double *students_out, double *seats_out)
{
	int nlev = 0, single = levels == level;
	double st, cl;

	for (unsigned b = levels & 0xFu; b; b &= b - 1)
		nlev++;
	if (nlev == 0)
		nlev = 1;
	if (!isnan(students_level))
		st = students_level;
	else if (single)
		st = students;
	else
		st = students / nlev; /* NaN stays NaN */
	*students_out = st;
	if (!isnan(classes) && !isnan(class_size)) {
		if (single)
			cl = classes;
		else if (!isnan(st) && !isnan(students) && students > 0)
			cl = classes * st / students;
		else
			cl = classes / nlev;
		*seats_out = round(cl * class_size);
	} else {
		*seats_out = st;
	}
}
