/*
 * layers/coverage.c - `schoolgis stats coverage`: load as catchments do,
 * compute Voronoi cells and their parts within reach, and build the
 * coverage tables (engine/coverage.c).  Reads the store, writes nothing.
 */
#include <math.h>
#include <string.h>

#include "layers/catchments_int.h"
#include "layers/roads_int.h"
#include "schoolgis/coverage.h"

int sg_coverage_compute(sg_ctx *ctx, const sg_coverage_options *opts,
			sg_table **units_out, sg_table **schools_out,
			sg_table **unserved_out, sg_coverage_summary *summary)
{
	sg_coverage_summary sum;
	sg_standards *defaults = NULL;
	const sg_standards *std;
	sg_catch_data d = { 0 };
	sg_catch *c = NULL;
	sg_scope *own_scope = NULL;
	const sg_scope *sc = NULL;
	double dist;
	int rc;

	sg_error__clear(ctx);
	memset(&sum, 0, sizeof(sum));
	if (units_out)
		*units_out = NULL;
	if (schools_out)
		*schools_out = NULL;
	if (unserved_out)
		*unserved_out = NULL;
	if (summary)
		*summary = sum;
	if (!opts || opts->version < 1 ||
	    opts->version > SG_COVERAGE_OPTIONS_VERSION)
		return sg_error__set(ctx, SG_EINVALID, "coverage: options "
				     "missing or of another version");
	if ((rc = sg_db__need(ctx)) != SG_OK)
		return rc;
	if (opts->max_distance < 0 || isinf(opts->max_distance))
		return sg_error__set(ctx, SG_EINVALID, "coverage: the maximum"
				     " distance must be positive");
	std = opts->standards;
	if (!std) {
		if (sg_standards_new(&defaults) != SG_OK)
			return sg_error__set(ctx, SG_ENOMEM,
					     "coverage: out of memory");
		std = defaults;
	}
	rc = opts->version < 2 ? SG_OK
		: sg_scope__resolve(ctx, "coverage", opts->scope, opts->unit,
				    opts->margin, &sc, &own_scope);
	if (rc == SG_OK)
		rc = sg_catch__load(ctx, "coverage", sc, opts->level,
				    opts->year, opts->population_year, std,
				    opts->crs, &d);
	if (rc != SG_OK)
		goto out;
	dist = opts->max_distance > 0 ? opts->max_distance : d.distance_norm;
	if (isnan(dist)) {
		rc = sg_error__set(ctx, SG_EINVALID, "coverage: no distance "
				   "norm for %s (distance.%s is none): give a "
				   "maximum distance", d.level_name,
				   d.level_name);
		goto out;
	}
	rc = sg_catch__new(ctx, &d.in, &c);
	if (rc == SG_OK && opts->version >= 3 && opts->road) {
		/* By road (layers/roads.c). */
		rc = sg_roads__catch(ctx, "coverage", opts->road, c, &d, dist,
				     250, NULL, NULL);
		goto build;
	}
	if (rc == SG_OK)
		rc = sg_catch__voronoi(c);
	if (rc == SG_OK)
		rc = sg_catch__distance(c, dist);
build:
	if (rc == SG_OK)
		rc = sg_coverage__build(c, &d, dist, sg_standards_source(std),
					units_out, schools_out, unserved_out,
					&sum);
	if (rc == SG_OK && summary)
		*summary = sum;
out:
	sg_catch__free(c);
	sg_catch__data_free(ctx, &d);
	sg_scope_free(own_scope);
	sg_standards_free(defaults);
	return rc;
}
