/*
 * layers/coverage.c - `schoolgis stats coverage`: load as catchments do,
 * compute Voronoi cells and their parts within reach, and build the
 * coverage tables (engine/coverage.c).  Reads the store, writes nothing.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layers/catchments_int.h"
#include "engine/table.h"
#include "layers/roads_int.h"
#include "schoolgis/coverage.h"

/* "2000 m" in s replaced by `with`, once; NULL on out of memory. */
static char *swap(const char *s, const char *what, const char *with)
{
	const char *at = s ? strstr(s, what) : NULL;
	size_t n;
	char *r;

	if (!s)
		return NULL;
	if (!at)
		return strdup(s);
	n = strlen(s) - strlen(what) + strlen(with) + 1;
	if (!(r = malloc(n)))
		return NULL;
	snprintf(r, n, "%.*s%s%s", (int)(at - s), s, with, at + strlen(what));
	return r;
}

/*
 * By road: the summary says so, and the tables' titles and notes give
 * the reach in the cost's unit (metres or minutes) along the roads, not
 * the straight-line metres engine/coverage.c writes.
 */
static int by_road(sg_ctx *ctx, const sg_roads_distance *road,
		   const sg_roads_info *info, double dist, sg_table **units,
		   sg_table **schools, sg_table **unserved,
		   sg_coverage_summary *sum)
{
	sg_table **t[3] = { units, schools, unserved };
	char m[64], reach[64], note[512];
	int time_cost = road->cost == SG_ROADS_COST_TIME;

	sum->by_road = 1;
	sum->time_cost = time_cost;
	sum->max_minutes = time_cost ? road->max_minutes : NAN;
	if (time_cost)
		sum->max_distance = NAN;
	snprintf(sum->network, sizeof(sum->network), "%s", info->name);
	snprintf(sum->profile, sizeof(sum->profile), "%s",
		 sg_roads_profile_name(info->profile));
	snprintf(m, sizeof(m), "%.0f m", dist);
	if (time_cost)
		snprintf(reach, sizeof(reach), "%g min by road",
			 road->max_minutes);
	else
		snprintf(reach, sizeof(reach), "%.0f m by road", dist);
	snprintf(note, sizeof(note), "%s along the roads of network '%s' "
		 "(%s profile; the leg off the road at walking speed, places "
		 "farther than %g m from every road unserved)", reach,
		 info->name, sg_roads_profile_name(info->profile),
		 road->snap_limit > 0 ? road->snap_limit
				      : SG_ROADS_SNAP_LIMIT);
	for (int i = 0; i < 3; i++) {
		char mline[80], *title, *nt;
		int bad;

		if (!t[i] || !*t[i])
			continue;
		snprintf(mline, sizeof(mline), "%s straight line", m);
		title = swap(sg_table_title(*t[i]), m, reach);
		nt = swap(sg_table_note(*t[i]), mline, note);
		bad = !title || !nt || sg_table__set_title(*t[i], title) ||
		      sg_table__set_note(*t[i], nt);
		free(title);
		free(nt);
		if (bad)
			return sg_error__set(ctx, SG_ENOMEM, "coverage: out of "
					     "memory");
	}
	return SG_OK;
}

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
	const sg_roads_distance *road = NULL;
	sg_roads_info rinfo;
	double dist;
	int rc;

	sg_error__clear(ctx);
	memset(&rinfo, 0, sizeof(rinfo));
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
		road = opts->road;
		rc = sg_roads__catch(ctx, "coverage", road, c, &d, dist,
				     250, NULL, &rinfo);
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
	sum.max_minutes = NAN;
	if (rc == SG_OK && road)
		rc = by_road(ctx, road, &rinfo, dist, units_out, schools_out,
			     unserved_out, &sum);
	if (rc == SG_OK && summary)
		*summary = sum;
out:
	sg_catch__free(c);
	sg_catch__data_free(ctx, &d);
	sg_scope_free(own_scope);
	sg_standards_free(defaults);
	return rc;
}
