/*
 * engine/polygonize.c - a label raster to polygons by tracing the cell
 * edges (engine/polygonize.h).
 *
 * First the 4-connected regions: a flood fill numbers them in the order
 * of their first cell.  Then the rings: every cell side between a region
 * and anything else is a directed edge with the region on its left; a
 * ring follows them from corner to corner.  At a corner the next edge is
 * the rightmost one that keeps the region on the left: turn right if the
 * cell ahead on the right is the region's, else go straight if the cell
 * ahead on the left is, else turn left.  At a corner where the region
 * touches itself diagonally (two of its cells opposite, the two others
 * not its own) this turns right, so the ring wraps the outside cell and
 * does not pass that corner twice: the ring that comes back there is
 * another one (a hole, or the shell).  A directed edge is known by its
 * start corner and heading (its left cell is then fixed), so one bit per
 * corner and heading marks the edges already traced.
 *
 * Coordinates are integer corner indexes until the end: the shoelace
 * area of a ring is exact, positive for the shell (counter-clockwise
 * with y up) and negative for the holes; each region has one shell.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/polygonize.h"
#include "util/file.h"
#include "util/util.h"

#define WHAT "polygonize"

/* Headings, counter-clockwise: a left turn is h + 1, a right one h + 3
 * (mod 4).  Corner (i, j) is x0 + i * cell, y1 - j * cell. */
enum { EAST, NORTH, WEST, SOUTH };
static const int di[4] = { 1, 0, -1, 0 };
static const int dj[4] = { 0, -1, 0, 1 };
/* The cells ahead on the left and on the right of a corner for each
 * heading, as offsets from the corner (cell (i, j) has corner (i, j) at
 * its top left). */
static const int fl_i[4] = { 0, -1, -1, 0 }, fl_j[4] = { -1, -1, 0, 0 };
static const int fr_i[4] = { 0, 0, -1, -1 }, fr_j[4] = { 0, -1, -1, 0 };

typedef struct {
	const int32_t *reg; /* region of each cell, -1: none */
	long nx, ny;
} grid;

static int32_t region_at(const grid *g, long i, long j)
{
	if (i < 0 || j < 0 || i >= g->nx || j >= g->ny)
		return -1;
	return g->reg[j * g->nx + i];
}

/* Number the 4-connected regions of equal valid labels; reg[] gets each
 * cell's region, rlab[] each region's label.  Returns the count, or -1
 * when out of memory. */
static long regions(const int32_t *lab, long nx, long ny, size_t nlabels,
		    int32_t *reg, int32_t **rlab_out)
{
	size_t n = (size_t)nx * (size_t)ny, cap = 0;
	int32_t *stack = malloc((n ? n : 1) * sizeof(int32_t));
	int32_t *rlab = NULL;
	long nreg = 0;

	*rlab_out = NULL;
	if (!stack)
		return -1;
	for (size_t k = 0; k < n; k++)
		reg[k] = -1;
	for (size_t k = 0; k < n; k++) {
		int32_t l = lab[k];
		size_t top = 0;

		if (reg[k] >= 0 || l < 0 || (size_t)l >= nlabels)
			continue;
		if (sg_grow(&rlab, &cap, (size_t)nreg + 1, sizeof(*rlab))) {
			free(stack);
			free(rlab);
			return -1;
		}
		rlab[nreg] = l;
		reg[k] = (int32_t)nreg;
		stack[top++] = (int32_t)k;
		while (top) {
			int32_t c = stack[--top];
			long i = c % nx, j = c / nx;
			static const int ni[4] = { 1, -1, 0, 0 };
			static const int nj[4] = { 0, 0, 1, -1 };

			for (int d = 0; d < 4; d++) {
				long a = i + ni[d], b = j + nj[d];
				size_t m;

				if (a < 0 || b < 0 || a >= nx || b >= ny)
					continue;
				m = (size_t)(b * nx + a);
				if (reg[m] < 0 && lab[m] == l) {
					reg[m] = (int32_t)nreg;
					stack[top++] = (int32_t)m;
				}
			}
		}
		nreg++;
	}
	free(stack);
	*rlab_out = rlab;
	return nreg;
}

/* A ring traced: corners xy[a .. b) as (i, j) pairs, closed (the last
 * corner is the first). */
typedef struct {
	size_t a, b;
	int32_t region;
	int64_t area2; /* twice the signed area, in cells */
} ring;

typedef struct {
	int32_t *xy;
	size_t nxy, capxy;
	ring *ring;
	size_t nring, capring;
} rings;

static void rings_free(rings *r)
{
	free(r->xy);
	free(r->ring);
}

static int push_corner(rings *r, long i, long j)
{
	if (sg_grow(&r->xy, &r->capxy, r->nxy + 2, sizeof(int32_t)))
		return -1;
	r->xy[r->nxy++] = (int32_t)i;
	r->xy[r->nxy++] = (int32_t)j;
	return 0;
}

/* Trace the ring of region `rg` that holds the directed edge from corner
 * (i, j) heading h. */
static int trace(const grid *g, unsigned char *seen, rings *r, int32_t rg,
		 long i, long j, int h)
{
	long si = i, sj = j, nxv = g->nx + 1;
	int sh = h;
	size_t first = r->nxy;
	int64_t a2 = 0;

	if (sg_grow(&r->ring, &r->capring, r->nring + 1, sizeof(*r->ring)))
		return -1;
	for (;;) {
		int nh;

		seen[j * nxv + i] |= (unsigned char)(1u << h);
		i += di[h];
		j += dj[h];
		if (region_at(g, i + fr_i[h], j + fr_j[h]) == rg)
			nh = (h + 3) & 3;
		else if (region_at(g, i + fl_i[h], j + fl_j[h]) == rg)
			nh = h;
		else
			nh = (h + 1) & 3;
		if (nh != h && push_corner(r, i, j))
			return -1;
		h = nh;
		if (i == si && j == sj && h == sh)
			break;
	}
	if (push_corner(r, r->xy[first], r->xy[first + 1]))
		return -1;
	for (size_t k = first; k + 2 < r->nxy; k += 2)
		a2 += (int64_t)r->xy[k] * -(int64_t)r->xy[k + 3] -
		      (int64_t)r->xy[k + 2] * -(int64_t)r->xy[k + 1];
	r->ring[r->nring++] = (ring){ first, r->nxy, rg, a2 };
	return 0;
}

/* A GEOS ring of the corners xy[a .. b). */
static GEOSGeometry *make_ring(GEOSContextHandle_t h, const rings *r, size_t a,
			       size_t b, double x0, double y1, double cell)
{
	unsigned n = (unsigned)((b - a) / 2);
	GEOSCoordSequence *s = GEOSCoordSeq_create_r(h, n, 2);

	if (!s)
		return NULL;
	for (unsigned k = 0; k < n; k++)
		if (!GEOSCoordSeq_setXY_r(h, s, k, x0 + cell * r->xy[a + 2 * k],
					  y1 - cell * r->xy[a + 2 * k + 1])) {
			GEOSCoordSeq_destroy_r(h, s);
			return NULL;
		}
	return GEOSGeom_createLinearRing_r(h, s);
}

static int add_polygon(sg_poly_list *l, GEOSGeometry *g)
{
	if (sg_grow(&l->g, &l->cap, l->n + 1, sizeof(*l->g)))
		return -1;
	l->g[l->n++] = g;
	return 0;
}

/* The polygons of the regions from the rings: each region's shell and
 * its holes, into out[label]. */
static int build(sg_ctx *ctx, const rings *r, long nreg, const int32_t *rlab,
		 double x0, double y1, double cell, sg_poly_list *out)
{
	GEOSContextHandle_t h = ctx->geos;
	size_t *first = malloc(((size_t)nreg + 1) * sizeof(size_t));
	size_t *next = malloc((r->nring + 1) * sizeof(size_t));
	size_t *shell = malloc(((size_t)nreg + 1) * sizeof(size_t));
	size_t *nholes = calloc((size_t)nreg + 1, sizeof(size_t));
	GEOSGeometry **holes = NULL;
	size_t capholes = 0;
	int rc = SG_OK;

	if (!first || !next || !shell || !nholes) {
		rc = sg_error__oom(ctx, WHAT);
		goto done;
	}
	for (long k = 0; k < nreg; k++)
		first[k] = shell[k] = SIZE_MAX;
	/* Each region's rings, listed in reverse (the order is not kept). */
	for (size_t q = r->nring; q-- > 0;) {
		int32_t rg = r->ring[q].region;

		if (r->ring[q].area2 > 0) {
			if (shell[rg] != SIZE_MAX) {
				rc = sg_error__set(ctx, SG_EINVALID,
						   WHAT ": region %ld has two "
							"shells",
						   (long)rg);
				goto done;
			}
			shell[rg] = q;
		} else {
			next[q] = first[rg];
			first[rg] = q;
			nholes[rg]++;
		}
	}
	for (long k = 0; k < nreg && rc == SG_OK; k++) {
		GEOSGeometry *sh, *poly;
		size_t nh = 0;

		if (shell[k] == SIZE_MAX) {
			rc = sg_error__set(ctx, SG_EINVALID,
					   WHAT ": region %ld has no shell", k);
			break;
		}
		if (sg_grow(&holes, &capholes, nholes[k] + 1, sizeof(*holes))) {
			rc = sg_error__oom(ctx, WHAT);
			break;
		}
		sh = make_ring(h, r, r->ring[shell[k]].a, r->ring[shell[k]].b,
			       x0, y1, cell);
		for (size_t q = first[k]; sh && q != SIZE_MAX; q = next[q]) {
			if (!(holes[nh] = make_ring(h, r, r->ring[q].a,
						    r->ring[q].b, x0, y1,
						    cell)))
				break;
			nh++;
		}
		poly = NULL;
		if (sh && nh == nholes[k])
			poly = GEOSGeom_createPolygon_r(h, sh, holes,
							(unsigned)nh);
		if (!poly) {
			if (sh)
				GEOSGeom_destroy_r(h, sh);
			for (size_t q = 0; q < nh; q++)
				GEOSGeom_destroy_r(h, holes[q]);
			rc = sg_error__set(ctx, SG_EGEOS, WHAT ": GEOS: %s",
					   ctx->geos_msg);
			break;
		}
		if (add_polygon(&out[rlab[k]], poly)) {
			GEOSGeom_destroy_r(h, poly);
			rc = sg_error__oom(ctx, WHAT);
		}
	}
done:
	free(first);
	free(next);
	free(shell);
	free(nholes);
	free(holes);
	return rc;
}

int sg_poly__labels(sg_ctx *ctx, const int32_t *lab, size_t nx, size_t ny,
		    double x0, double y1, double cell, size_t nlabels,
		    sg_poly_list *out)
{
	size_t n = nx * ny;
	int32_t *reg = NULL, *rlab = NULL;
	unsigned char *seen = NULL;
	rings r = { 0 };
	grid g;
	long nreg;
	int rc = SG_OK;

	if (nx == 0 || ny == 0)
		return SG_OK;
	if (nx >= INT32_MAX / 2 || ny >= INT32_MAX / 2 || n / nx != ny ||
	    n >= INT32_MAX)
		return sg_error__set(ctx, SG_EINVALID,
				     WHAT ": a grid of %zu x %zu cells is too "
					  "large",
				     nx, ny);
	reg = malloc(n * sizeof(int32_t));
	seen = calloc((nx + 1) * (ny + 1), 1);
	if (!reg || !seen) {
		rc = sg_error__oom(ctx, WHAT);
		goto done;
	}
	if ((nreg = regions(lab, (long)nx, (long)ny, nlabels, reg, &rlab)) <
	    0) {
		rc = sg_error__oom(ctx, WHAT);
		goto done;
	}
	g.reg = reg;
	g.nx = (long)nx;
	g.ny = (long)ny;
	/* Every boundary side of every cell, as a directed edge with the
	 * cell on its left: bottom (east), right (north), top (west), left
	 * (south). */
	for (long j = 0; j < g.ny && rc == SG_OK; j++)
		for (long i = 0; i < g.nx && rc == SG_OK; i++) {
			int32_t rg = reg[j * g.nx + i];
			const long ci[4] = { i, i + 1, i + 1, i };
			const long cj[4] = { j + 1, j + 1, j, j };
			const long ni[4] = { i, i + 1, i, i - 1 };
			const long nj[4] = { j + 1, j, j - 1, j };

			if (rg < 0)
				continue;
			for (int h = 0; h < 4 && rc == SG_OK; h++)
				if (region_at(&g, ni[h], nj[h]) != rg &&
				    !(seen[cj[h] * (g.nx + 1) + ci[h]] &
				      (1u << h)) &&
				    trace(&g, seen, &r, rg, ci[h], cj[h], h))
					rc = sg_error__oom(ctx, WHAT);
		}
	if (rc == SG_OK)
		rc = build(ctx, &r, nreg, rlab, x0, y1, cell, out);
done:
	rings_free(&r);
	free(reg);
	free(rlab);
	free(seen);
	return rc;
}

void sg_poly__lists_free(sg_ctx *ctx, sg_poly_list *out, size_t n)
{
	for (size_t s = 0; out && s < n; s++) {
		for (size_t k = 0; k < out[s].n; k++)
			GEOSGeom_destroy_r(ctx->geos, out[s].g[k]);
		free(out[s].g);
	}
	free(out);
}
