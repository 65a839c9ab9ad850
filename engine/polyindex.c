/*
 * engine/polyindex.c - STRtree + prepared geometries for point-in-polygon.
 */
#include <stdlib.h>

#include "engine/polyindex.h"

typedef struct {
	GEOSGeometry *g;
	const GEOSPreparedGeometry *prep;
	int64_t id;
	int rank;
} entry;

struct sg_polyindex {
	sg_ctx *ctx;
	entry *e;
	size_t n, cap;
	GEOSSTRtree *tree;
};

int sg_polyindex__new(sg_ctx *ctx, sg_polyindex **out)
{
	sg_polyindex *idx = calloc(1, sizeof(*idx));

	*out = NULL;
	if (!idx)
		return sg_error__oom(ctx, "index");
	idx->ctx = ctx;
	*out = idx;
	return SG_OK;
}

void sg_polyindex__free(sg_polyindex *idx)
{
	if (!idx)
		return;
	if (idx->tree)
		GEOSSTRtree_destroy_r(idx->ctx->geos, idx->tree);
	for (size_t i = 0; i < idx->n; i++) {
		GEOSPreparedGeom_destroy_r(idx->ctx->geos, idx->e[i].prep);
		GEOSGeom_destroy_r(idx->ctx->geos, idx->e[i].g);
	}
	free(idx->e);
	free(idx);
}

int sg_polyindex__add(sg_polyindex *idx, GEOSGeometry *g, int64_t id, int rank)
{
	GEOSContextHandle_t h = idx->ctx->geos;

	if (idx->n == idx->cap) {
		size_t cap = idx->cap ? idx->cap * 2 : 64;
		entry *e = realloc(idx->e, cap * sizeof(*e));

		if (!e) {
			GEOSGeom_destroy_r(h, g);
			return sg_error__oom(idx->ctx, "index");
		}
		idx->e = e;
		idx->cap = cap;
	}
	idx->e[idx->n].g = g;
	idx->e[idx->n].prep = GEOSPrepare_r(h, g);
	idx->e[idx->n].id = id;
	idx->e[idx->n].rank = rank;
	if (!idx->e[idx->n].prep) {
		GEOSGeom_destroy_r(h, g);
		return sg_error__set(idx->ctx, SG_EGEOS, "index: GEOS: %s",
				     idx->ctx->geos_msg);
	}
	idx->n++;
	return SG_OK;
}

size_t sg_polyindex__count(const sg_polyindex *idx)
{
	return idx->n;
}

static int build(sg_polyindex *idx)
{
	GEOSContextHandle_t h = idx->ctx->geos;

	idx->tree = GEOSSTRtree_create_r(h, 10);
	if (!idx->tree)
		return -1;
	for (size_t i = 0; i < idx->n; i++)
		GEOSSTRtree_insert_r(h, idx->tree, idx->e[i].g, &idx->e[i]);
	return 0;
}

struct query {
	sg_polyindex *idx;
	const GEOSGeometry *pt;
	const entry *best;
};

static void visit(void *item, void *userdata)
{
	const entry *e = item;
	struct query *q = userdata;

	if (q->best && q->best->rank <= e->rank)
		return;
	if (GEOSPreparedIntersects_r(q->idx->ctx->geos, e->prep, q->pt) == 1)
		q->best = e;
}

int64_t sg_polyindex__find(sg_polyindex *idx, double x, double y)
{
	GEOSContextHandle_t h = idx->ctx->geos;
	struct query q = { idx, NULL, NULL };
	GEOSGeometry *pt;

	if (idx->n == 0 || (!idx->tree && build(idx) != 0))
		return -1;
	pt = GEOSGeom_createPointFromXY_r(h, x, y);
	if (!pt)
		return -1;
	q.pt = pt;
	GEOSSTRtree_query_r(h, idx->tree, pt, visit, &q);
	GEOSGeom_destroy_r(h, pt);
	return q.best ? q.best->id : -1;
}
