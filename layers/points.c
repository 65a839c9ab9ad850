/*
 * layers/points.c - the school index of schoolgis/points.h: the schools
 * of a level and the study area loaded from the store (the loader of
 * `schoolgis catchments`, so both agree on schools, sites and area) and
 * indexed for engine/points.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/points.h"
#include "engine/text.h"
#include "layers/catchments_int.h"
#include "schoolgis/points.h"

struct sg_school_index {
	sg_ctx *ctx;
	sg_catch_data d; /* units, schools (metric), the CRS */
	sg_catch *c;	 /* study area and sites */
	sg_crs_tx *to_metric;
	sg_pip *area;
	sg_nn *sites, *schools;
	size_t *site_school; /* per site: its school */
	sg_pts_in in;
};

void sg_school_index_free(sg_school_index *idx)
{
	if (!idx)
		return;
	sg_nn__free(idx->sites);
	sg_nn__free(idx->schools);
	sg_pip__free(idx->area);
	sg_crs__free(idx->to_metric);
	free(idx->site_school);
	sg_catch__free(idx->c);
	sg_catch__data_free(idx->ctx, &idx->d);
	free(idx);
}

/* The site grid and the school grid (metric coordinates). */
static int build_grids(sg_school_index *idx)
{
	const sg_catch *c = idx->c;
	size_t ns = c->nsites;
	double *sx = malloc((ns ? ns : 1) * sizeof(double));
	double *sy = malloc((ns ? ns : 1) * sizeof(double));

	idx->site_school = malloc((ns ? ns : 1) * sizeof(size_t));
	if (!sx || !sy || !idx->site_school) {
		free(sx);
		free(sy);
		return sg_error__set(idx->ctx, SG_ENOMEM,
				     "points: out of "
				     "memory");
	}
	for (size_t s = 0; s < ns; s++) {
		size_t i = c->cells[s].school;

		idx->site_school[s] = i;
		sx[s] = idx->d.x[i];
		sy[s] = idx->d.y[i];
	}
	if (ns > 0) {
		idx->sites = sg_nn__new(sx, sy, ns);
		idx->schools = sg_nn__new(idx->d.x, idx->d.y, idx->d.nschools);
	}
	free(sx);
	free(sy);
	if (ns > 0 && (!idx->sites || !idx->schools))
		return sg_error__set(idx->ctx, SG_ENOMEM,
				     "points: out of "
				     "memory");
	return SG_OK;
}

int sg_school_index_new(sg_ctx *ctx, const sg_school_index_options *opts,
			sg_school_index **out)
{
	sg_standards *defaults = NULL;
	const sg_standards *std;
	sg_school_index *idx;
	int rc;

	sg_error__clear(ctx);
	if (out)
		*out = NULL;
	if (!out || !opts || opts->version != SG_SCHOOL_INDEX_OPTIONS_VERSION)
		return sg_error__set(ctx, SG_EINVALID,
				     "points: options "
				     "missing or of another version");
	if ((rc = sg_db__need(ctx)) != SG_OK)
		return rc;
	std = opts->standards;
	if (!std) {
		if (sg_standards_new(&defaults) != SG_OK)
			return sg_error__oom(ctx, "points");
		std = defaults;
	}
	idx = calloc(1, sizeof(*idx));
	if (!idx) {
		sg_standards_free(defaults);
		return sg_error__oom(ctx, "points");
	}
	idx->ctx = ctx;
	rc = sg_catch__load(ctx, "points", NULL, opts->level, NULL, NULL, std,
			    opts->crs, &idx->d);
	sg_standards_free(defaults);
	if (rc != SG_OK) {
		free(idx); /* d is freed by the loader on failure */
		return rc;
	}
	rc = sg_catch__new(ctx, &idx->d.in, &idx->c);
	if (rc == SG_OK)
		rc = sg_crs__new(ctx, &idx->to_metric, "EPSG:4326", idx->d.crs,
				 "points");
	if (rc == SG_OK)
		rc = sg_pip__new(ctx, idx->c->study, &idx->area);
	if (rc == SG_OK)
		rc = build_grids(idx);
	if (rc != SG_OK) {
		sg_school_index_free(idx);
		return rc;
	}
	idx->in.to_metric = idx->to_metric;
	idx->in.area = idx->area;
	idx->in.sites = idx->sites;
	idx->in.schools = idx->schools;
	idx->in.site_school = idx->site_school;
	idx->in.nschools = idx->d.nschools;
	*out = idx;
	return SG_OK;
}

size_t sg_school_index_count(const sg_school_index *idx)
{
	return idx ? idx->d.nschools : 0;
}

int64_t sg_school_index_id(const sg_school_index *idx, size_t i)
{
	return idx && i < idx->d.nschools ? idx->d.school_id[i] : -1;
}

const char *sg_school_index_code(const sg_school_index *idx, size_t i)
{
	return idx && i < idx->d.nschools ? idx->d.school_code[i] : NULL;
}

const char *sg_school_index_crs(const sg_school_index *idx)
{
	return idx ? idx->d.crs : NULL;
}

double sg_school_index_default_distance(const sg_school_index *idx)
{
	return idx ? idx->d.distance_norm : NAN;
}

int sg_points_assign(sg_school_index *idx, const double *lon, const double *lat,
		     size_t n, size_t *school_out, uint64_t *counts_out,
		     sg_points_summary *summary)
{
	sg_error__clear(idx->ctx);
	if (n > 0 && (!lon || !lat))
		return sg_error__set(idx->ctx, SG_EINVALID,
				     "points: no "
				     "coordinates");
	return sg_pts__assign(idx->ctx, &idx->in, lon, lat, n, school_out,
			      counts_out, summary);
}

int sg_points_within(sg_school_index *idx, const double *lon, const double *lat,
		     size_t n, double max_distance, uint8_t *within_out,
		     sg_points_summary *summary)
{
	double d = max_distance;

	sg_error__clear(idx->ctx);
	if (n > 0 && (!lon || !lat))
		return sg_error__set(idx->ctx, SG_EINVALID,
				     "points: no "
				     "coordinates");
	if (d < 0 || isinf(d))
		return sg_error__set(idx->ctx, SG_EINVALID,
				     "points: the "
				     "distance must be positive");
	if (d == 0 || isnan(d)) {
		d = idx->d.distance_norm;
		if (isnan(d))
			return sg_error__set(idx->ctx, SG_EINVALID,
					     "points: "
					     "no distance norm for %s "
					     "(distance.%s is none): give a "
					     "distance",
					     sg_text__level_label(
						     idx->d.level_name),
					     idx->d.level_name);
	}
	return sg_pts__within(idx->ctx, &idx->in, lon, lat, n, d, within_out,
			      summary);
}
