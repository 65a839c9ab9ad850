/*
 * ops/catch_margin.c - a part loaded with a margin wide enough
 * (ops/catch_margin.h).
 */
#include <math.h>
#include <string.h>

#include "ops/catch_margin.h"

int sg_catch__wide_enough(sg_ctx *ctx, const char *what, const char *code,
			  double margin, sg_catch_load_fn load, void *arg,
			  sg_scope **sc, sg_catch_data *d, sg_catch **c)
{
	for (;;) {
		double reach = 0;
		int rc;

		*sc = NULL;
		*c = NULL;
		memset(d, 0, sizeof(*d));
		rc = sg_scope__open(ctx, what, code, margin, sc);
		if (rc == SG_OK)
			rc = load(ctx, *sc, d, arg);
		if (rc == SG_OK)
			rc = sg_catch__new(ctx, &d->in, c);
		if (rc == SG_OK)
			rc = sg_catch__voronoi(*c);
		if (rc == SG_OK)
			reach = sg_catch__reach(*c);
		/* The scope's box is at least `margin` wide on each side;
		 * 2% for the projection's scale. */
		if (rc == SG_OK && !(reach > 0.98 * margin && margin < 4e6))
			return SG_OK;
		sg_catch__free(*c);
		sg_catch__data_free(ctx, d);
		sg_scope_free(*sc);
		*c = NULL;
		*sc = NULL;
		if (rc != SG_OK)
			return rc;
		margin = fmax(2 * margin, 1.1 * reach / 0.98);
	}
}
