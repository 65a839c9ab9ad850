/*
 * ops/stats.c - the statistics as a driver (ops/ops.h): check the
 * options, resolve the unit's scope or, for the whole store, the
 * administrative set to report on; load (layers/stats.c); compute the
 * typed result once (engine/stats.c); the table functions print views
 * of it.  Nothing is stored.
 */
#include <stdlib.h>
#include <string.h>

#include "engine/stats.h"
#include "layers/results.h"
#include "layers/scope.h"
#include "layers/stats_int.h"
#include "ops/ops.h"
#include "schoolgis/stats.h"

int sg_stats__compute(sg_ctx *ctx, const sg_stats_options *opts,
		      sg_stats_result **out)
{
	static const sg_stats_options defaults = SG_STATS_OPTIONS_INIT;
	sg_standards *own = NULL;
	sg_scope *own_scope = NULL;
	const sg_scope *sc = NULL;
	const sg_standards *std;
	sg_stats_data d;
	int *years = NULL;
	size_t ny = 0;
	int64_t set = 0;
	char set_name[64] = "", *unit = NULL;
	int rc;

	*out = NULL;
	if ((rc = sg_db__need(ctx)) != SG_OK)
		return rc;
	if (!opts)
		opts = &defaults;
	if (opts->version < 1 || opts->version > SG_STATS_OPTIONS_VERSION ||
	    (unsigned)opts->by > SG_STATS_BY_LEVEL)
		return sg_error__set(ctx, SG_EINVALID, "stats: bad options");
	std = opts->standards;
	if (!std) {
		if (sg_standards_new(&own) != SG_OK)
			return sg_error__oom(ctx, "stats");
		std = own;
	}
	memset(&d, 0, sizeof(d));
	rc = SG_OK;
	/* A unit of the set asked for (--units SET): "SET/CODE". */
	if (opts->version >= 2 && !opts->scope)
		rc = sg_scope__unit_in_set(ctx, "stats",
					   opts->version >= 3 ? opts->set
							      : NULL,
					   opts->unit, &unit);
	if (rc == SG_OK && opts->version >= 2)
		rc = sg_scope__resolve(ctx, "stats", opts->scope, unit, 0, &sc,
				       &own_scope);
	if (rc == SG_OK && !sc)
		rc = sg_stats__pick_set(ctx, opts, &set, set_name,
					sizeof(set_name));
	if (rc == SG_OK)
		rc = sg_stats__load(ctx, &d, sc, set, opts, &years, &ny);
	if (rc == SG_OK)
		rc = sg_stats__result_new(ctx, &d, std, opts->by, years, ny,
					  set ? set_name : NULL, out);
	/* Its codes are of one set: the polygons of its tables are joined
	 * by (set, code) (sg_table_export_units). */
	if (rc == SG_OK)
		(*out)->unit_set = sc ? sc->set_id : set;
	free(unit);
	free(years);
	sg_stats__data_free(&d);
	sg_scope_free(own_scope);
	sg_standards_free(own);
	return rc;
}

int sg_stats_compute(sg_ctx *ctx, const sg_stats_options *opts,
		     sg_stats_result **out)
{
	if (!out)
		return sg_error__set(ctx, SG_EINVALID, "stats: no output");
	sg_error__clear(ctx);
	return sg_stats__compute(ctx, opts, out);
}

static int run(sg_ctx *ctx, const sg_stats_options *opts, sg_stat_kind kind,
	       sg_table **out)
{
	sg_stats_result *r = NULL;
	int rc;

	*out = NULL;
	sg_error__clear(ctx);
	rc = sg_stats__compute(ctx, opts, &r);
	if (rc == SG_OK)
		rc = sg_stats__table(ctx, r, kind, out);
	sg_stats_result_free(r);
	return rc;
}

int sg_stats_ratios(sg_ctx *ctx, const sg_stats_options *opts, sg_table **out)
{
	return run(ctx, opts, SG_STAT_RATIOS, out);
}

int sg_stats_it(sg_ctx *ctx, const sg_stats_options *opts, sg_table **out)
{
	return run(ctx, opts, SG_STAT_IT, out);
}

int sg_stats_rollup(sg_ctx *ctx, const sg_stats_options *opts, sg_table **out)
{
	return run(ctx, opts, SG_STAT_ROLLUP, out);
}
