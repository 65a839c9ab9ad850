/*
 * ops/admit.c - sg_admit, the driver (ops/ops.h): validate the options,
 * load the year's applicants and the schools' seats (layers/admit.c),
 * place them (engine/admit.c; by road, the provider of layers/roads.c),
 * write the lists, zones and lookup site into temporary directories
 * (layers/admit_write.c, admit_publish.c), record the run in the store
 * (layers/admit.c), then put the directories in place.  The admission
 * zones are still drawn by layers/admit_write.c: they are polygonized
 * from a raster through GDAL, which engine/ does not use.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/standards.h"
#include "layers/admit_int.h"
#include "layers/roads_int.h"
#include "layers/scope.h"
#include "ops/ops.h"
#include "util/file.h"

#define WHAT "admit"

/* Step 1: the options. */
static int check_options(sg_ctx *ctx, const sg_admit_options *o)
{
	if (!o || o->version < 2 || o->version > SG_ADMIT_OPTIONS_VERSION)
		return sg_error__set(ctx, SG_EINVALID,
				     "admit: options missing "
				     "or of another version");
	if (o->grade != 1 && o->grade != 6 && o->grade != 10)
		return sg_error__set(ctx, SG_EINVALID,
				     "admit: the grade must "
				     "be 1, 6 or 10 (got %d)",
				     o->grade);
	if (!o->out_dir || !*o->out_dir)
		return sg_error__set(ctx, SG_EINVALID,
				     "admit: no output "
				     "directory");
	if (o->max_distance < 0 || isnan(o->max_distance) ||
	    isinf(o->max_distance))
		return sg_error__set(ctx, SG_EINVALID,
				     "admit: the maximum "
				     "distance must be a positive number of "
				     "metres");
	if (o->version >= 3 && o->road && o->grade == 10)
		return sg_error__set(ctx, SG_EINVALID,
				     "admit: grade 10 is "
				     "placed by choices: distances by road "
				     "apply to grades 1 and 6");
	if (o->max_distance > 0 && o->grade == 10)
		return sg_error__set(ctx, SG_EINVALID,
				     "admit: grade 10 is "
				     "placed by choices: a maximum distance "
				     "applies to grades 1 and 6");
	if (o->round < 0 || o->round > 2)
		return sg_error__set(ctx, SG_EINVALID,
				     "admit: the round must "
				     "be 1 or 2 (got %d)",
				     o->round);
	if (o->round == 2 && (!o->confirmed || !*o->confirmed))
		return sg_error__set(ctx, SG_EINVALID,
				     "admit: round 2 needs "
				     "the confirmations of round 1 (who "
				     "enrolled)");
	if (o->round != 2 && o->confirmed)
		return sg_error__set(ctx, SG_EINVALID,
				     "admit: confirmations "
				     "go with round 2");
	if (o->publish_dir && strcmp(o->publish_dir, o->out_dir) == 0)
		return sg_error__set(ctx, SG_EINVALID,
				     "admit: the lookup site "
				     "and the lists need two directories");
	if (o->k < 0 || o->kdf_iterations < 0)
		return sg_error__set(ctx, SG_EINVALID,
				     "admit: k and the KDF "
				     "iterations must be positive");
	if (o->zone_cell < 0 || isnan(o->zone_cell) || isinf(o->zone_cell) ||
	    (o->zone_cell > 0 && o->zone_cell < 1))
		return sg_error__set(ctx, SG_EINVALID,
				     "admit: the zone cell "
				     "must be at least 1 m");
	return SG_OK;
}

/* The rules of the run from the standards and options. */
static void rules(const sg_admit_options *opts, const sg_standards *std,
		  sg_admit_data *d)
{
	d->grade = opts->grade;
	d->level_name = sg_level_name(opts->grade == 1 ? SG_LEVEL_PRIMARY
				      : opts->grade == 6
					      ? SG_LEVEL_LOWER_SECONDARY
					      : SG_LEVEL_UPPER_SECONDARY);
	d->max_distance = opts->max_distance;
	d->points[0] = 0;
	for (int k = 1; k <= 3; k++) {
		double v = sg_std__get(std, (sg_std)(SG_STD_ADMIT_PRIORITY_1 +
						     k - 1));

		d->points[k] = isnan(v) ? 0 : v;
		v = sg_std__get(std,
				(sg_std)(SG_STD_ADMIT_PRIORITY_M_1 + k - 1));
		d->metres[k] = isnan(v) ? 0 : v;
	}
	for (int k = 2; k <= 3; k++) {
		double v = sg_std__get(std, (sg_std)(SG_STD_ADMIT_HANDICAP_2 +
						     k - 2));

		d->handicap[k - 1] = isnan(v) ? 0 : v;
	}
	{
		double v = sg_std__get(std, SG_STD_ADMIT_PRIORITY_AS_POINTS);
		double kk = sg_std__get(std, SG_STD_ADMIT_K);

		d->priority_as_points = v > 0 && d->grade != 10;
		d->k = opts->k > 0	     ? opts->k
		       : isnan(kk) || kk < 1 ? 5
					     : (int)fmin(kk, 1e6);
	}
	d->round = opts->round == 2 ? 2 : 1;
}

/* The engine's view of the loaded arrays. */
static void engine_input(sg_admit_data *d)
{
	d->in.mode = d->grade == 10 ? SG_ADMIT_CHOICES : SG_ADMIT_DISTANCE;
	d->in.nschools = d->nschools;
	d->in.sx = d->sx;
	d->in.sy = d->sy;
	d->in.seats = d->seats;
	d->in.napplicants = d->napp;
	d->in.ax = d->ax;
	d->in.ay = d->ay;
	d->in.priority = d->priority;
	d->in.score = d->score;
	d->in.choice = d->choice;
	d->in.max_distance = d->max_distance;
	memcpy(d->in.points, d->points, sizeof(d->points));
	memcpy(d->in.handicap, d->handicap, sizeof(d->handicap));
	d->in.priority_as_points = d->priority_as_points;
	memcpy(d->in.metres, d->metres, sizeof(d->metres));
}

/* sg_admit, and with res (NULL: none) the run's typed result. */
static int run_admit(sg_ctx *ctx, const sg_admit_options *opts,
		     sg_admit_summary *summary, sg_admit_run **res)
{
	sg_admit_summary sum;
	sg_standards *defaults = NULL;
	const sg_standards *std;
	sg_admit_data d;
	sg_admit_result *r = NULL;
	sg_dirswap od, pd;
	int rc, key_new = 0, loaded = 0;
	int64_t mmap_old = -1;
	sg_roads_admit ra;
	int road_open = 0;
	sg_scope *scope = NULL;

	sg_error__clear(ctx);
	memset(&sum, 0, sizeof(sum));
	sum.version = SG_ADMIT_SUMMARY_VERSION;
	sum.year = sum.crs = sum.checksum = "";
	memset(&d, 0, sizeof(d));
	memset(&od, 0, sizeof(od));
	memset(&pd, 0, sizeof(pd));
	if (summary)
		*summary = sum;
	/* 1. Validate the options; the rules from the standards. */
	if ((rc = check_options(ctx, opts)) != SG_OK)
		return rc;
	if ((rc = sg_db__need(ctx)) != SG_OK)
		return rc;
	std = opts->standards;
	if (!std) {
		if (sg_standards_new(&defaults) != SG_OK)
			return sg_error__oom(ctx, WHAT);
		std = defaults;
	}
	rules(opts, std, &d);
	/* 2. Load: the year, study area, schools, applicants, key; of one
	 * unit (layers/scope.h) with --unit. */
	if (opts->version >= 4 && opts->unit && *opts->unit) {
		char *spec = NULL;

		rc = opts->round == 2
			     ? sg_error__set(ctx, SG_EINVALID,
					     "admit: round 2 of one "
					     "unit is not supported yet: "
					     "run it on the whole store")
			     : sg_scope__unit_in_set(ctx, WHAT, opts->set,
						     opts->unit, &spec);
		if (rc == SG_OK)
			rc = sg_scope__open(ctx, WHAT, spec, 0, &scope);
		free(spec);
		if (rc != SG_OK)
			goto done;
		d.scope = scope;
	}
	loaded = 1;
	rc = sg_admit__load(ctx, opts, &d, &key_new, &mmap_old);
	if (rc != SG_OK)
		goto done;
	/* 3. Compute: the engine places the applicants. */
	engine_input(&d);
	if (opts->version >= 3 && opts->road) {
		/* By road (layers/roads.c): the engine asks the provider. */
		rc = sg_roads__admit_open(ctx, opts->road, d.crs, d.sx, d.sy,
					  (const char *const *)d.scode,
					  d.nschools, d.ax, d.ay, d.napp, &ra);
		if (rc != SG_OK)
			goto done;
		road_open = 1;
		d.in.provider = &ra.prov;
	}
	if ((rc = sg_admit__run(ctx, &d.in, &r)) != SG_OK)
		goto done;

	/* 4. Persist.  Files first, in a temporary sibling directory. */
	if ((rc = sg_admit__dir_prepare(ctx, opts->out_dir, opts->overwrite,
					"summary.json",
					"{\"schoolgis\": \"admit\"", &od)) !=
	    SG_OK)
		goto done;
	if (opts->publish_dir &&
	    (rc = sg_admit__dir_prepare(ctx, opts->publish_dir, opts->overwrite,
					"params.json",
					"{\"schoolgis\": \"lookup\"", &pd)) !=
		    SG_OK)
		goto done;
	sum.grade = d.grade;
	sg_level_parse(d.level_name, &sum.level);
	if (!(sum.year = sg_ctx__keep(ctx, d.year)) ||
	    !(sum.crs = sg_ctx__keep(ctx, d.crs)) ||
	    !(sum.checksum = sg_ctx__keep(ctx, d.checksum))) {
		rc = sg_error__oom(ctx, WHAT);
		goto done;
	}
	sum.round = d.round;
	sum.round1_run = d.round1_run;
	sum.confirmed = d.nconfirmed;
	sum.k = d.k;
	rc = sg_admit__write(ctx, &d, r, opts->zone_cell, od.tmp, &sum);
	if (rc == SG_OK && opts->publish_dir) {
		char zones[4200];

		snprintf(zones, sizeof(zones), "%s/zones.gpkg", od.tmp);
		rc = sg_admit__publish(ctx, &d, r, opts->kdf_iterations, zones,
				       pd.tmp, &sum);
	}
	if (rc != SG_OK)
		goto done;
	sg_admit__failpoint("admit-written");

	/* Then the run and the key, committed before any list is seen
	 * (pseudonyms on view are always reproducible from the store). */
	rc = sg_admit__store(ctx, opts, &d, r, sg_standards_source(std),
			     key_new, road_open ? &ra.d.info : NULL, &sum);
	/* The typed result, from what was stored (out of memory: the run
	 * is taken back out, as when the outputs cannot be put in place). */
	if (rc == SG_OK && res &&
	    sg_admit__run_make(&d, r, &sum, res) != SG_OK) {
		rc = sg_error__oom(ctx, WHAT);
		sg_admit__forget_run(ctx, sum.run_id);
	}
	if (rc != SG_OK)
		goto done;
	sg_admit__failpoint("admit-committed");

	/* Then the directories, each replaced as a whole. */
	rc = sg_admit__dir_publish(ctx, &od);
	if (rc == SG_OK && opts->publish_dir)
		rc = sg_admit__dir_publish(ctx, &pd);
	if (rc != SG_OK) {
		sg_admit__forget_run(ctx, sum.run_id);
		if (res) {
			sg_admit_run_free(*res);
			*res = NULL;
		}
	}
done:
	sg_dirswap__free(&od); /* the temporary, or the old output */
	sg_dirswap__free(&pd);
	sg_admit__free(r);
	if (road_open)
		sg_roads__admit_close(&ra);
	if (loaded)
		sg_admit__close(ctx, &d, mmap_old);
	sg_scope_free(scope);
	sg_standards_free(defaults);
	/* 5. Summary. */
	if (rc == SG_OK && summary)
		*summary = sum;
	return rc;
}

int sg_admit(sg_ctx *ctx, const sg_admit_options *opts,
	     sg_admit_summary *summary)
{
	return run_admit(ctx, opts, summary, NULL);
}

int sg_admit_compute_result(sg_ctx *ctx, const sg_admit_options *opts,
			    sg_admit_run **out)
{
	if (!out)
		return sg_error__set(ctx, SG_EINVALID, "admit: no output");
	*out = NULL;
	return run_admit(ctx, opts, NULL, out);
}
