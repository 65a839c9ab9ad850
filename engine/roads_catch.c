/*
 * engine/roads_catch.c - catchments and coverage by road (see
 * engine/roads_catch.h).
 *
 * Why squares: the nearest school by road changes along every street,
 * and a polygon per node would be a Voronoi diagram of a million points;
 * squares of the capacity method's grid (sg_catch__grid, the same cell
 * size option) give a map an office can read, tile the study area by
 * construction (each square has exactly one owner), and their unions are
 * a clean coverage that GEOS unites quickly.
 */
#include <stdlib.h>
#include <string.h>

#include "engine/roads_catch.h"
#include "util/file.h"

static int geos_fail(sg_ctx *ctx)
{
	return sg_error__set(ctx, SG_EGEOS, "catchments: GEOS: %s",
			     ctx->geos_msg[0] ? ctx->geos_msg : "failed");
}

static double area_of(GEOSContextHandle_t h, const GEOSGeometry *g)
{
	double a = 0;

	if (!g || GEOSArea_r(h, g, &a) != 1)
		return 0;
	return a;
}

/*
 * The squares list[0..n) united and clipped to the study area: a
 * polygonal geometry (maybe empty), or NULL on a GEOS failure.
 */
static GEOSGeometry *unite(sg_catch *c, const sg_catch_square *sq,
			   const size_t *list, size_t n, double cs)
{
	GEOSContextHandle_t h = c->ctx->geos;
	GEOSGeometry **v = malloc((n ? n : 1) * sizeof(*v));
	GEOSGeometry *coll, *u, *r;

	if (!v)
		return NULL;
	for (size_t k = 0; k < n; k++) {
		const sg_catch_square *s = &sq[list[k]];

		if (!(v[k] = GEOSGeom_createRectangle_r(h, s->x0, s->y0,
							s->x0 + cs,
							s->y0 + cs))) {
			for (size_t j = 0; j < k; j++)
				GEOSGeom_destroy_r(h, v[j]);
			free(v);
			return NULL;
		}
	}
	coll = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, v,
					   (unsigned)n);
	if (!coll) {
		for (size_t k = 0; k < n; k++)
			GEOSGeom_destroy_r(h, v[k]);
		free(v);
		return NULL;
	}
	free(v);
	u = GEOSCoverageUnion_r(h, coll);
	if (!u)
		u = GEOSUnaryUnion_r(h, coll);
	GEOSGeom_destroy_r(h, coll);
	if (!u)
		return NULL;
	r = GEOSIntersection_r(h, u, c->study);
	GEOSGeom_destroy_r(h, u);
	if (!r)
		return NULL;
	u = sg_catch__polygonal(c->ctx, r);
	GEOSGeom_destroy_r(h, r);
	return u;
}

static int cmp_part(const void *a, const void *b)
{
	const sg_catch_part *x = a, *y = b;

	if (x->population != y->population)
		return x->population > y->population ? -1 : 1;
	if (x->area != y->area)
		return x->area > y->area ? -1 : 1;
	return 0;
}

/* The unserved squares as connected parts with their population. */
static int set_unserved(sg_catch *c, const sg_catch_square *sq,
			const size_t *list, size_t n, double cs)
{
	GEOSContextHandle_t h = c->ctx->geos;
	GEOSGeometry *u;
	int np, rc = SG_OK;

	if (n == 0)
		return SG_OK;
	if (!(u = unite(c, sq, list, n, cs)))
		return geos_fail(c->ctx);
	np = GEOSisEmpty_r(h, u) == 1 ? 0 : GEOSGetNumGeometries_r(h, u);
	c->unserved = calloc(np > 0 ? (size_t)np : 1, sizeof(*c->unserved));
	if (!c->unserved) {
		GEOSGeom_destroy_r(h, u);
		return sg_error__oom(c->ctx, "catchments");
	}
	for (int i = 0; i < np && rc == SG_OK; i++) {
		sg_catch_part *p = &c->unserved[c->nunserved];

		if (!(p->geom = GEOSGeom_clone_r(h, GEOSGetGeometryN_r(h, u,
								       i)))) {
			rc = geos_fail(c->ctx);
			break;
		}
		c->nunserved++;
		p->area = area_of(h, p->geom);
		rc = sg_catch__population(c, p->geom, &p->population, NULL);
		c->unserved_area += p->area;
		c->unserved_pop += p->population;
	}
	GEOSGeom_destroy_r(h, u);
	qsort(c->unserved, c->nunserved, sizeof(*c->unserved), cmp_part);
	return rc;
}

int sg_road__catch(sg_catch *c, const sg_roadnet *net, const sg_road_field *f,
		   double limit, double cs, double max_cost,
		   sg_road_catch_sum *sum)
{
	GEOSContextHandle_t h = c->ctx->geos;
	sg_catch_square *sq = NULL;
	size_t n = 0, *owner = NULL, *start = NULL, *list = NULL;
	size_t *cnt = NULL, *rest = NULL, nrest = 0, ns = c->nsites;
	unsigned char *in = NULL;
	int rc;

	memset(sum, 0, sizeof(*sum));
	rc = sg_catch__grid(c, cs, &sq, &n, NULL);
	if (rc != SG_OK)
		return rc;
	sum->squares = n;
	owner = malloc((n ? n : 1) * sizeof(size_t));
	in = calloc(n ? n : 1, 1);
	cnt = calloc(ns + 2, sizeof(size_t));
	start = calloc(ns + 2, sizeof(size_t));
	list = malloc((n ? n : 1) * sizeof(size_t));
	rest = malloc((n ? n : 1) * sizeof(size_t));
	if (!owner || !in || !cnt || !start || !list || !rest) {
		rc = sg_error__oom(c->ctx, "catchments");
		goto done;
	}
	/* Label each square by its centre. */
	for (size_t i = 0; i < n && rc == SG_OK; i++) {
		sg_road_snap p;
		double cost = INFINITY;
		uint32_t s = SG_ROAD_NONE;

		if (!sg_road__snap(net, sq[i].cx, sq[i].cy, limit, &p)) {
			sum->far++;
			sum->far_pop += sq[i].pop;
		} else if ((s = sg_road__field_nearest(f, &p, &cost)) ==
			   SG_ROAD_NONE) {
			sum->unreached++;
			sum->unreached_pop += sq[i].pop;
		}
		owner[i] = s == SG_ROAD_NONE ? ns : s;
		in[i] = s != SG_ROAD_NONE && !(cost > max_cost);
		sum->within += in[i] && !isnan(max_cost);
		if (!in[i] || owner[i] == ns)
			rest[nrest++] = i;
		cnt[owner[i] + 1]++;
		if ((i & 4095) == 4095)
			rc = sg_ctx__progress(c->ctx, "catchments: by road",
					      i + 1, n);
	}
	if (rc != SG_OK)
		goto done;
	for (size_t s = 0; s <= ns; s++)
		start[s + 1] = start[s] + cnt[s + 1];
	memset(cnt, 0, (ns + 2) * sizeof(size_t));
	for (size_t i = 0; i < n; i++)
		list[start[owner[i]] + cnt[owner[i]]++] = i;
	/* Each site's catchment, and within max_cost its served part. */
	for (size_t s = 0; s < ns && rc == SG_OK; s++) {
		sg_catch_cell *cell = &c->cells[s];
		size_t k0 = start[s], k1 = start[s + 1], nin = 0;

		GEOSGeom_destroy_r(h, cell->geom);
		GEOSGeom_destroy_r(h, cell->served);
		cell->geom = cell->served = NULL;
		cell->area = cell->population = 0;
		cell->served_area = cell->served_pop = 0;
		if (k1 == k0)
			continue;
		if (!(cell->geom = unite(c, sq, list + k0, k1 - k0, cs))) {
			rc = geos_fail(c->ctx);
			break;
		}
		cell->area = area_of(h, cell->geom);
		rc = sg_catch__population(c, cell->geom, &cell->population,
					  NULL);
		if (rc != SG_OK || isnan(max_cost))
			continue;
		/* The served squares first in the list (a stable split). */
		for (size_t k = k0; k < k1; k++)
			if (in[list[k]]) {
				size_t t = list[k0 + nin];

				list[k0 + nin++] = list[k];
				list[k] = t;
			}
		if (!(cell->served = unite(c, sq, list + k0, nin, cs))) {
			rc = geos_fail(c->ctx);
			break;
		}
		cell->served_area = area_of(h, cell->served);
		rc = sg_catch__population(c, cell->served, &cell->served_pop,
					  NULL);
	}
	if (rc != SG_OK)
		goto done;
	for (size_t i = 0; i < c->nunserved; i++)
		GEOSGeom_destroy_r(h, c->unserved[i].geom);
	free(c->unserved);
	c->unserved = NULL;
	c->nunserved = 0;
	c->unserved_area = c->unserved_pop = 0;
	/* Voronoi by road: only unreached squares are unserved. */
	if (isnan(max_cost)) {
		nrest = 0;
		for (size_t k = start[ns]; k < start[ns + 1]; k++)
			rest[nrest++] = list[k];
	}
	rc = set_unserved(c, sq, rest, nrest, cs);
	if (rc == SG_OK)
		rc = sg_ctx__progress(c->ctx, "catchments: by road", n, n);
done:
	free(sq);
	free(owner);
	free(in);
	free(cnt);
	free(start);
	free(list);
	free(rest);
	return rc;
}
