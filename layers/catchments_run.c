/*
 * layers/catchments_run.c - a catchment run read back from the store as
 * a typed result (schoolgis/catchment.h: sg_catchment_run): its `runs`
 * row and its `catchments` rows with a school (layers/load.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layers/layers.h"
#include "layers/load.h"
#include "schoolgis/catchment.h"

#define WHAT "catchments"

struct sg_catchment_run {
	int64_t id;
	char *level, *method;
	sg_catchment_rows rows;
};

static const char *const figure_names[SG_CATCHMENT_RUN__COUNT] = {
	"area_km2",
	"population",
	"seats",
	"demand_pct",
};

void sg_catchment_run_free(sg_catchment_run *r)
{
	if (!r)
		return;
	sg_load__catchments_free(&r->rows);
	free(r->level);
	free(r->method);
	free(r);
}

int sg_catchment_run_read(sg_ctx *ctx, int64_t run_id, sg_catchment_run **out)
{
	sg_catchment_run *r;
	sg_run_rec rec;
	int rc;

	if (!out)
		return sg_error__set(ctx, SG_EINVALID, "catchments: no output");
	*out = NULL;
	sg_error__clear(ctx);
	if (run_id < 0)
		return sg_error__set(ctx, SG_EINVALID,
				     "catchments: bad run id");
	if ((rc = sg_load__run(ctx, WHAT, run_id,
			       run_id > 0 ? NULL : "catchments", &rec)) !=
	    SG_OK)
		return rc;
	if (!rec.command || strcmp(rec.command, "catchments") != 0) {
		rc = sg_error__set(ctx, SG_ENOTFOUND,
				   "catchments: run %lld is not a catchment "
				   "run",
				   (long long)rec.id);
		sg_load__run_free(&rec);
		return rc;
	}
	if (!(r = calloc(1, sizeof(*r)))) {
		sg_load__run_free(&rec);
		return sg_error__oom(ctx, WHAT);
	}
	r->id = rec.id;
	if (sg_load__run_text(&rec, 1, "level", &r->level) != 0 ||
	    sg_load__run_text(&rec, 1, "method", &r->method) != 0)
		rc = sg_error__oom(ctx, WHAT);
	sg_load__run_free(&rec);
	if (rc == SG_OK)
		rc = sg_load__catchments(ctx, WHAT, r->id, &r->rows);
	if (rc != SG_OK) {
		sg_catchment_run_free(r);
		return rc;
	}
	*out = r;
	return SG_OK;
}

int64_t sg_catchment_run_id(const sg_catchment_run *r)
{
	return r ? r->id : 0;
}

const char *sg_catchment_run_level(const sg_catchment_run *r)
{
	return r ? r->level : NULL;
}

const char *sg_catchment_run_method(const sg_catchment_run *r)
{
	return r ? r->method : NULL;
}

const char *sg_catchment_run_figure_name(sg_catchment_run_figure f)
{
	return (int)f >= 0 && f < SG_CATCHMENT_RUN__COUNT ? figure_names[f]
							  : NULL;
}

size_t sg_catchment_run_count(const sg_catchment_run *r)
{
	return r ? r->rows.n : 0;
}

const char *sg_catchment_run_school_code(const sg_catchment_run *r, size_t i)
{
	return r && i < r->rows.n ? r->rows.code[i] : NULL;
}

const char *sg_catchment_run_schools(const sg_catchment_run *r, size_t i)
{
	return r && i < r->rows.n ? r->rows.schools[i] : NULL;
}

double sg_catchment_run_value(const sg_catchment_run *r, size_t i,
			      sg_catchment_run_figure f)
{
	const sg_catchment_rows *c;

	if (!r || i >= r->rows.n)
		return NAN;
	c = &r->rows;
	switch (f) {
	case SG_CATCHMENT_RUN_AREA_KM2: return c->area_km2[i];
	case SG_CATCHMENT_RUN_POPULATION: return c->population[i];
	case SG_CATCHMENT_RUN_SEATS: return c->seats[i];
	case SG_CATCHMENT_RUN_DEMAND_PCT:
		return c->seats[i] > 0 ? 100.0 * c->population[i] / c->seats[i]
				       : NAN;
	default: return NAN;
	}
}
