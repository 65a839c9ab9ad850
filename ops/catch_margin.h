/*
 * ops/catch_margin.h - a part of a whole store (a province) loaded
 * with a margin of schools wide enough (ops/catch_margin.c): the one
 * loop catchments (ops/catchments.c) and coverage (ops/coverage.c)
 * share when they compute a store a province at a time.
 */
#ifndef SG_OPS_CATCH_MARGIN_H
#define SG_OPS_CATCH_MARGIN_H

#include "layers/catchments_int.h"

/* Load the part's data on scope sc (which holds the schools within the
 * margin asked for): fills d, as sg_catch__load does (on failure d is
 * freed). */
typedef int (*sg_catch_load_fn)(sg_ctx *ctx, const sg_scope *sc,
				sg_catch_data *d, void *arg);

/*
 * Open unit `code`'s scope with `margin` metres, load it (load), build
 * the computation and its Voronoi cells; while a point of the unit lies
 * farther from its nearest site than the margin (sg_catch__reach, with
 * 2% for the projection's scale), widen the margin (at least doubled)
 * and load again, up to 4,000 km.  Then the cells of the part are those
 * of a computation over the whole store.  On SG_OK the caller owns *sc,
 * *d and *c (free them with sg_scope_free, sg_catch__data_free and
 * sg_catch__free); on failure they are freed and NULL.
 */
int sg_catch__wide_enough(sg_ctx *ctx, const char *what, const char *code,
			  double margin, sg_catch_load_fn load, void *arg,
			  sg_scope **sc, sg_catch_data *d, sg_catch **c);

#endif /* SG_OPS_CATCH_MARGIN_H */
