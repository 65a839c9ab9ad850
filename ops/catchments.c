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
#include "ops/catch_margin.h"
#include "layers/catchments_int.h"
#include "layers/catchments_run.h"
#include "layers/roads_int.h"
#include "ops/ops.h"
#include "util/file.h"
#include "schoolgis/catchment.h"
#include "schoolgis/level.h"

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

/*---- A store of provinces in two zones: a province at a time -----------*/

/*
 * A whole store whose provinces lie in different UTM zones is computed a
 * province at a time, as `stats coverage` does (ops/coverage.c): each
 * province's wards are the study area, its schools and those of its
 * neighbours within a margin the sites, all measured in the UTM zone of
 * the province's centre.  The margin is widened until no point of the
 * province lies farther from its nearest site than the margin
 * (sg_catch__reach), so the cells in a province are those of a single
 * computation over the whole store, and equal to the province's own run
 * (--unit with such a margin).  A school near a border has one row per
 * province its cell reaches.  A store in one zone is computed at once,
 * as before.
 */

/* The CRS text of a run in parts: "UTM by province: EPSG:a,EPSG:b". */
static void parts_crs(const sg_catch_provinces *pv, char *buf, size_t n)
{
	size_t len = (size_t)snprintf(buf, n, "UTM by province:");
	int seen[8], nseen = 0;

	for (size_t i = 0; i < pv->n && len < n; i++) {
		int j;

		for (j = 0; j < nseen && seen[j] != pv->epsg[i]; j++)
			;
		if (j < nseen || nseen == 8)
			continue;
		seen[nseen++] = pv->epsg[i];
	}
	/* In increasing order, as coverage names them. */
	for (int a = 1; a < nseen; a++)
		for (int b = a; b > 0 && seen[b - 1] > seen[b]; b--) {
			int t = seen[b];

			seen[b] = seen[b - 1];
			seen[b - 1] = t;
		}
	for (int j = 0; j < nseen && len < n; j++)
		len += (size_t)snprintf(buf + len, n - len, "%sEPSG:%d",
					j ? "," : " ", seen[j]);
}

/* Two provinces or more, in more than one zone, and no CRS named. */
static int zones_differ(const sg_catch_provinces *pv)
{
	for (size_t i = 0; i < pv->n; i++)
		if (!pv->epsg[i])
			return 0;
	for (size_t i = 1; i < pv->n; i++)
		if (pv->epsg[i] != pv->epsg[0])
			return 1;
	return 0;
}

/* A part's figures added to the run's: its own schools only (those of
 * the margin are counted by their own province). */
static void add_part(const sg_catch *c, const sg_catch_data *d,
		     const sg_catchment_summary *ps, sg_catchment_summary *sum)
{
	for (size_t i = 0; i < d->nschools; i++) {
		size_t s = c->site_of[i];

		if (d->school_margin && d->school_margin[i])
			continue;
		sum->schools++;
		if (c->cells[s].school == i) {
			sum->locations++;
			if (!isnan(c->cells[s].seats))
				sum->seats += c->cells[s].seats;
		} else {
			sum->merged++;
		}
	}
	sum->catchments += ps->catchments;
	sum->unserved_areas += ps->unserved_areas;
	sum->study_area_km2 += ps->study_area_km2;
	sum->catchment_area_km2 += ps->catchment_area_km2;
	sum->unserved_area_km2 += ps->unserved_area_km2;
	sum->population += ps->population;
	sum->catchment_population += ps->catchment_population;
	sum->unserved_population += ps->unserved_population;
}

/* A province's data: its scope's wards and schools, in the UTM zone of
 * its centre. */
typedef struct {
	const sg_catchment_options *o;
	const sg_standards *std;
} part_load;

static int load_part(sg_ctx *ctx, const sg_scope *sc, sg_catch_data *d,
		     void *arg)
{
	const part_load *pl = arg;

	return sg_catch__load(ctx, WHAT, sc, pl->o->level, pl->o->year,
			      pl->o->population_year, pl->std, NULL, d);
}

/* One province: loaded with a margin wide enough (layers/
 * catch_margin.h), computed, written (opening the run at the first one)
 * or counted. */
static int one_part(sg_ctx *ctx, const sg_catchment_options *o,
		    const char *method, const sg_standards *std,
		    const char *code, double margin, double dist,
		    const char *crs, int dry_run, sg_catch_writer **w,
		    sg_catch_run *run, sg_catchment_summary *sum,
		    sg_catchment_run *res)
{
	part_load pl = { o, std };
	sg_catchment_summary ps;
	sg_catch_data d;
	sg_catch *c = NULL;
	sg_scope *sc = NULL;
	int rc;

	memset(&ps, 0, sizeof(ps));
	rc = sg_catch__wide_enough(ctx, WHAT, code, margin, load_part, &pl, &sc,
				   &d, &c);
	if (rc != SG_OK)
		return rc;
	if (o->method == SG_CATCHMENT_DISTANCE)
		rc = sg_catch__distance(c, dist);
	if (rc == SG_OK && !dry_run && !*w) {
		/* The run records the level, ages and CRSs. */
		sg_catch_data hd = d;

		snprintf(hd.crs, sizeof(hd.crs), "%s", crs);
		run->d = &hd;
		rc = sg_catch__store_begin(ctx, run, w);
		run->d = NULL;
	}
	if (rc == SG_OK && dry_run)
		sg_catch__tally(ctx->geos, c, &ps);
	else if (rc == SG_OK)
		rc = sg_catch__store_cells(*w, &d, c, method, NULL, &ps);
	if (rc == SG_OK && res &&
	    sg_catchment_run__add(res, ctx->geos, c, &d) != SG_OK)
		rc = sg_error__oom(ctx, WHAT);
	if (rc == SG_OK) {
		sg_catch__summarize(c, &ps);
		add_part(c, &d, &ps, sum);
		sum->age_from = d.age_from;
		sum->age_to = d.age_to;
	}
	sg_catch__free(c);
	sg_catch__data_free(ctx, &d);
	sg_scope_free(sc);
	return rc;
}

static int compute_parts(sg_ctx *ctx, const sg_catchment_options *o,
			 const char *method, const sg_standards *std,
			 const sg_catch_provinces *pv, int dry_run,
			 sg_catchment_summary *sum, sg_catchment_run *res)
{
	sg_catch_writer *w = NULL;
	char crs[128];
	double dist = NAN, margin;
	int rc = SG_OK;
	sg_catch_run run = {
		.opts = o,
		.method = method,
		.dist = NAN,
		.cs = NAN,
		.std = std,
	};

	if (o->method == SG_CATCHMENT_DISTANCE) {
		dist = o->max_distance > 0 ? o->max_distance
					   : sg_ops__level_norm(o->level, std);
		if (isnan(dist))
			return sg_error__set(
				ctx, SG_EINVALID,
				"catchments: no "
				"distance norm for %s (distance.%s "
				"is none): give a maximum distance",
				o->level, o->level);
	}
	run.dist = dist;
	parts_crs(pv, crs, sizeof(crs));
	/* Every school within reach of a province's wards is in its
	 * margin; the Voronoi cells may need more (one_part). */
	margin = o->version >= 3 && o->margin > 0 ? o->margin
						  : SG_SCOPE_MARGIN_DEFAULT;
	if (!isnan(dist))
		margin = fmax(margin, dist);
	for (size_t p = 0; p < pv->n && rc == SG_OK; p++) {
		rc = sg_ctx__progress(ctx, "catchments: provinces", p, pv->n);
		if (rc == SG_OK)
			rc = one_part(ctx, o, method, std, pv->code[p], margin,
				      dist, crs, dry_run, &w, &run, sum, res);
	}
	sum->max_distance = dist;
	sum->cell_size = NAN;
	if (rc == SG_OK && !(sum->crs = sg_ctx__keep(ctx, crs)))
		rc = sg_error__oom(ctx, "catchments");
	if (!dry_run)
		rc = sg_catch__store_end(w, rc, &run, sum);
	return rc;
}

/* sg_catchment_compute, and with res (NULL: none) the run's typed
 * result filled from the computation. */
static int run_catchments(sg_ctx *ctx, const sg_catchment_options *opts,
			  sg_catchment_summary *summary, sg_catchment_run *res)
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
	/* A whole store of provinces in more than one UTM zone: a
	 * province at a time, each in its own zone (unless one CRS is
	 * named). */
	if (rc == SG_OK && !sc && !(opts->crs && *opts->crs) && !road && !pr &&
	    opts->method != SG_CATCHMENT_CAPACITY) {
		sg_catch_provinces pv;

		rc = sg_catch__provinces(ctx, WHAT, &pv);
		if (rc == SG_OK && zones_differ(&pv)) {
			rc = compute_parts(ctx, opts, method, std, &pv, dry_run,
					   &sum, res);
			sg_catch__provinces_free(&pv);
			goto out;
		}
		sg_catch__provinces_free(&pv);
	}
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
		goto result;
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
result:
	/* The typed result: the cells as computed (with the pipe, once the
	 * worker has finished them all). */
	if (rc == SG_OK && res &&
	    sg_catchment_run__add(res, ctx->geos, c, &d) != SG_OK)
		rc = sg_error__oom(ctx, WHAT);
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

int sg_catchment_compute(sg_ctx *ctx, const sg_catchment_options *opts,
			 sg_catchment_summary *summary)
{
	return run_catchments(ctx, opts, summary, NULL);
}

int sg_catchment_compute_result(sg_ctx *ctx, const sg_catchment_options *opts,
				sg_catchment_run **out)
{
	sg_catchment_summary sum;
	sg_catchment_run *res = NULL;
	sg_level mask;
	int rc;

	if (!out)
		return sg_error__set(ctx, SG_EINVALID, "catchments: no output");
	*out = NULL;
	/* Options the run rejects: its message. */
	if (!opts || !opts->level ||
	    sg_level_parse(opts->level, &mask) != SG_OK ||
	    !sg_level_name(mask) || !sg_catchment_method_name(opts->method))
		return run_catchments(ctx, opts, NULL, NULL);
	/* The level as the run records it ("primary", not an alias). */
	if (sg_catchment_run__new(sg_level_name(mask),
				  sg_catchment_method_name(opts->method),
				  &res) != SG_OK)
		return sg_error__oom(ctx, WHAT);
	rc = run_catchments(ctx, opts, &sum, res);
	if (rc == SG_OK && sg_catchment_run__finish(res, &sum) != SG_OK)
		rc = sg_error__oom(ctx, WHAT);
	if (rc != SG_OK) {
		sg_catchment_run_free(res);
		return rc;
	}
	*out = res;
	return SG_OK;
}
