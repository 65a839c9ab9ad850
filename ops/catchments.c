/*
 * ops/catchments.c - sg_catchment_compute, the driver (ops/ops.h):
 * validate the options, load the scope's wards and schools
 * (layers/catchments.c over layers/load.h), compute the method's
 * catchments (engine/catchment.c; by road: layers/roads.c, which loads
 * the network), store the run (layers/catchments.c), fill the summary.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/catch_summary.h"
#include "layers/catchments_int.h"
#include "layers/roads_int.h"
#include "ops/ops.h"
#include "util/file.h"
#include "schoolgis/catchment.h"

#define WHAT "catchments"

/* Step 1: the options that need no store. */
static int check_options(sg_ctx *ctx, const sg_catchment_options *opts,
			 const char **method)
{
	const char *raster = NULL;

	/* Version 1 ends before population_raster and dry_run: never read
	 * them there. */
	if (!opts || opts->version < 1 ||
	    opts->version > SG_CATCHMENT_OPTIONS_VERSION)
		return sg_error__set(ctx, SG_EINVALID,
				     "catchments: options "
				     "missing or of another version");
	if (opts->version >= 2 && opts->population_raster &&
	    *opts->population_raster)
		raster = opts->population_raster;
	if (opts->version >= 4 && opts->road &&
	    opts->method == SG_CATCHMENT_CAPACITY)
		return sg_error__set(ctx, SG_EINVALID,
				     "catchments: the "
				     "capacity method is straight-line only "
				     "(not by road yet)");
	if (!(*method = sg_catchment_method_name(opts->method)))
		return sg_error__set(ctx, SG_EINVALID,
				     "catchments: unknown "
				     "method %d",
				     (int)opts->method);
	if (raster && opts->method != SG_CATCHMENT_CAPACITY)
		return sg_error__set(ctx, SG_EINVALID,
				     "catchments: a "
				     "population raster (%s) goes with the "
				     "capacity method only",
				     raster);
	return SG_OK;
}

/* Step 3: the method on the loaded data, and the summary's figures. */
static int compute(const sg_catchment_options *o, sg_catch *c, double dist,
		   double cs, sg_catchment_summary *sum)
{
	int rc = SG_OK;

	if (o->method == SG_CATCHMENT_CAPACITY) {
		size_t ncells = 0;

		rc = sg_catch__capacity(c, cs, &ncells, NULL, NULL);
		sum->cells = (int64_t)ncells;
	} else {
		rc = sg_catch__voronoi(c);
		if (rc == SG_OK && o->method == SG_CATCHMENT_DISTANCE)
			rc = sg_catch__distance(c, dist);
	}
	sg_catch__summarize(c, sum);
	return rc;
}

int sg_catchment_compute(sg_ctx *ctx, const sg_catchment_options *opts,
			 sg_catchment_summary *summary)
{
	sg_catchment_summary sum;
	sg_standards *defaults = NULL;
	const char *method = NULL;
	sg_catch_data d = { 0 };
	sg_catch *c = NULL;
	sg_catch_pipe *pipe = NULL;
	double dist = NAN, cs = NAN;
	int dry_run;
	sg_poprast *pr = NULL;
	sg_poprast_summary rs;
	sg_scope *own_scope = NULL;
	const sg_scope *sc = NULL;
	const sg_standards *std;
	const sg_roads_distance *road;
	sg_roads_info rinfo;
	int rc;

	sg_error__clear(ctx);
	memset(&sum, 0, sizeof(sum));
	sum.version = SG_CATCHMENT_SUMMARY_VERSION;
	sum.crs = "";
	memset(&rs, 0, sizeof(rs));
	memset(&rinfo, 0, sizeof(rinfo));
	if (summary)
		*summary = sum;
	/* 1. Validate the options. */
	if ((rc = check_options(ctx, opts, &method)) != SG_OK)
		return rc;
	dry_run = opts->version >= 2 && opts->dry_run;
	road = opts->version >= 4 ? opts->road : NULL;
	if ((rc = sg_db__need(ctx)) != SG_OK)
		return rc;
	if (opts->max_distance < 0 || isinf(opts->max_distance))
		return sg_error__set(ctx, SG_EINVALID,
				     "catchments: the "
				     "maximum distance must be positive");
	if (opts->cell_size < 0 || isinf(opts->cell_size))
		return sg_error__set(ctx, SG_EINVALID,
				     "catchments: the cell "
				     "size must be positive");
	/* A raster that cannot be used fails before any work. */
	if (opts->version >= 2 && opts->population_raster &&
	    *opts->population_raster &&
	    (rc = sg_poprast__open(ctx, opts->population_raster, &pr)) != SG_OK)
		return rc;
	std = opts->standards;
	if (!std) {
		if (sg_standards_new(&defaults) != SG_OK) {
			sg_poprast__close(pr);
			return sg_error__oom(ctx, "catchments");
		}
		std = defaults;
	}
	/* 2. Load the scope: its wards with their children, the schools it
	 * reaches with their figures. */
	/* A unit of the set asked for; without one, on a store of several
	 * sets, the whole set in force (layers/scope.h). */
	rc = sg_scope__resolve_set(ctx, WHAT, NULL,
				   opts->version >= 3 ? opts->unit : NULL,
				   opts->version >= 5 ? opts->set : NULL,
				   opts->year,
				   opts->version >= 3 ? opts->margin : 0, &sc,
				   &own_scope);
	if (rc == SG_OK)
		rc = sg_catch__load(ctx, WHAT, sc, opts->level, opts->year,
				    opts->population_year, std, opts->crs, &d);
	if (rc != SG_OK)
		goto out;
	if (opts->method == SG_CATCHMENT_DISTANCE) {
		dist = opts->max_distance > 0 ? opts->max_distance
					      : d.distance_norm;
		if (isnan(dist)) {
			rc = sg_error__set(ctx, SG_EINVALID,
					   "catchments: no "
					   "distance norm for %s (distance.%s "
					   "is none): give a maximum distance",
					   d.level_name, d.level_name);
			goto out;
		}
	}
	if (opts->method == SG_CATCHMENT_CAPACITY || road)
		cs = opts->cell_size > 0 ? opts->cell_size : 250;
	sum.schools = (int64_t)d.nschools;
	sum.max_distance = dist;
	sum.cell_size = cs;
	sum.age_from = d.age_from;
	sum.age_to = d.age_to;
	if (!(sum.crs = sg_ctx__keep(ctx, d.crs))) {
		rc = sg_error__oom(ctx, "catchments");
		goto out;
	}
	/* 3. Compute. */
	if ((rc = sg_catch__new(ctx, &d.in, &c)) != SG_OK)
		goto out;
	if (pr && (rc = sg_poprast__spread(pr, c, &d, cs, &rs)) != SG_OK)
		goto out;
	/* Voronoi: cells are computed on a worker while they are stored;
	 * the other methods (and a failed start) compute first. */
	if (opts->method == SG_CATCHMENT_VORONOI && !dry_run && !road &&
	    sg_catch__pipe_start(c, d.crs, &pipe) != SG_OK)
		pipe = NULL;
	if (!pipe)
		c->ctx = ctx; /* a failed start may have changed it */
	if (road) {
		/* By road (layers/roads.c): grid squares by nearest school. */
		rc = sg_roads__catch(ctx, WHAT, road, c, &d, dist, cs, NULL,
				     &rinfo);
		sg_catch__summarize(c, &sum);
		if (rc != SG_OK)
			goto out;
	} else if (!pipe && (rc = compute(opts, c, dist, cs, &sum)) != SG_OK) {
		goto out;
	}
	if (dry_run) {
		sg_catch__tally(ctx->geos, c, &sum);
		goto out;
	}
	/* 4. Persist, in one transaction (the pipe is the store's now). */
	{
		const sg_catch_run run = {
			.opts = opts,
			.scope = sc,
			.method = method,
			.d = &d,
			.dist = dist,
			.cs = cs,
			.std = std,
			.raster = pr,
			.raster_sum = &rs,
			.road = road,
			.rinfo = &rinfo,
		};

		rc = sg_catch__store(ctx, &run, c, pipe, &sum);
		pipe = NULL;
	}
out:
	sg_catch__free(c);
	sg_catch__data_free(ctx, &d);
	sg_scope_free(own_scope);
	sg_standards_free(defaults);
	sg_poprast__close(pr);
	/* 5. Summary. */
	if (rc == SG_OK && summary)
		*summary = sum;
	return rc;
}
