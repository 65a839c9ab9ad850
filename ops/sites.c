/*
 * ops/sites.c - sg_sites_suggest, the driver (ops/ops.h): validate the
 * options (sg_sites_options_check), load the scope's wards, children
 * and schools as catchments does (layers/catchments.c over
 * layers/load.h), build the capacity method's population grid
 * (engine/catchment.c, optionally placed by a population raster through
 * layers/poprast.c), take the candidates (the grid's cells through
 * engine/sites.c, or a file through layers/sites.c), run the greedy of
 * engine/sites.c (by road: layers/sites.c, which reads the network),
 * name the sites (engine/sites.c: unit, candidate id, lon/lat), store
 * the run (layers/sites.c), and return the result.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/crs.h"
#include "layers/sites_int.h"
#include "ops/ops.h"
#include "util/file.h"

#define WHAT "suggest-sites"

/*---- The command --------------------------------------------------------*/

int sg_sites_suggest(sg_ctx *ctx, const sg_sites_options *opts,
		     sg_sites_result **out)
{
	sg_standards *defaults = NULL;
	const sg_standards *std;
	sg_catch_data d = { 0 };
	sg_catch_in cin;
	sg_catch *c = NULL;
	sg_poprast *pr = NULL;
	sg_poprast_summary rs;
	sg_catch_square *sq = NULL;
	size_t nsq = 0;
	sg_pip *area = NULL;
	sg_sites_cands k = { 0 };
	double *dx = NULL, *dy = NULL, *dw = NULL, dist, cs;
	sg_sites_in in;
	sg_sites_out g = { 0 };
	sg_sites_result *r = NULL;
	char cand_stamp[160] = "";
	sg_scope *scope = NULL;
	const sg_roads_distance *road = NULL;
	sg_roads_info rinfo;
	int rc;

	if (out)
		*out = NULL;
	sg_error__clear(ctx);
	memset(&rinfo, 0, sizeof(rinfo));
	if (!out)
		return sg_error__set(ctx, SG_EINVALID,
				     WHAT ": no result "
					  "pointer");
	if ((rc = sg_sites_options_check(ctx, opts)) != SG_OK)
		return rc;
	if ((rc = sg_db__need(ctx)) != SG_OK)
		return rc;
	/* Files that cannot be used fail before any work. */
	if (opts->population_raster && *opts->population_raster &&
	    (rc = sg_poprast__open(ctx, opts->population_raster, &pr)) != SG_OK)
		return rc;
	if (opts->candidates && *opts->candidates &&
	    strncmp(opts->candidates, "/vsi", 4) != 0 &&
	    !strchr(opts->candidates, ':') &&
	    access(opts->candidates, R_OK) != 0) {
		sg_poprast__close(pr);
		return sg_error__set(ctx, SG_ENOTFOUND,
				     WHAT ": candidates %s:"
					  " %s",
				     opts->candidates, strerror(errno));
	}
	std = opts->standards;
	if (!std) {
		if (sg_standards_new(&defaults) != SG_OK) {
			sg_poprast__close(pr);
			return sg_error__oom(ctx, WHAT);
		}
		std = defaults;
	}
	if (opts->version >= 2)
		rc = sg_scope__open(ctx, WHAT, opts->unit, opts->margin,
				    &scope);
	if (rc == SG_OK)
		rc = sg_catch__load(ctx, WHAT, scope, opts->level, opts->year,
				    opts->population_year, std, opts->crs, &d);
	if (rc != SG_OK)
		goto out;
	dist = opts->max_distance > 0 ? opts->max_distance : d.distance_norm;
	if (!(dist > 0)) {
		rc = sg_error__set(ctx, SG_EINVALID,
				   WHAT ": no distance norm "
					"for %s (distance.%s is none): give a "
					"maximum distance",
				   d.level_name, d.level_name);
		goto out;
	}
	cs = opts->cell_size > 0 ? opts->cell_size : 250;
	/* The grid needs the wards only: no school sites (and no warnings
	 * about schools sharing a location). */
	cin = d.in;
	cin.nschools = 0;
	if ((rc = sg_catch__new(ctx, &cin, &c)) != SG_OK)
		goto out;
	if (pr && (rc = sg_poprast__spread(pr, c, &d, cs, &rs)) != SG_OK)
		goto out;
	if ((rc = sg_catch__grid(c, cs, &sq, &nsq, NULL)) != SG_OK)
		goto out;
	if ((rc = sg_pip__new(ctx, c->study, &area)) != SG_OK)
		goto out;
	if (opts->candidates && *opts->candidates) {
		rc = sg_sites__file_cands(ctx, opts->candidates,
					  opts->candidates_id, &d, area, &k);
		sg_poprast__file_stamp(opts->candidates, cand_stamp,
				       sizeof(cand_stamp));
	} else {
		rc = sg_sites__grid_cands(ctx, sq, nsq, area, &k);
	}
	if (rc != SG_OK)
		goto out;
	dx = malloc((nsq ? nsq : 1) * sizeof(double));
	dy = malloc((nsq ? nsq : 1) * sizeof(double));
	dw = malloc((nsq ? nsq : 1) * sizeof(double));
	r = calloc(1, sizeof(*r));
	if (r) {
		r->version = SG_SITES_RESULT_VERSION;
		r->crs = strdup("");
		r->network = strdup("");
	}
	if (!dx || !dy || !dw || !r || !r->crs || !r->network) {
		rc = sg_error__oom(ctx, WHAT);
		goto out;
	}
	for (size_t i = 0; i < nsq; i++) {
		dx[i] = sq[i].cx;
		dy[i] = sq[i].cy;
		dw[i] = sq[i].pop;
	}
	memset(&in, 0, sizeof(in));
	in.ndemand = nsq;
	in.dx = dx;
	in.dy = dy;
	in.dw = dw;
	in.ncand = k.n;
	in.cx = k.x;
	in.cy = k.y;
	in.nexisting = opts->ignore_existing ? 0 : d.nschools;
	in.ex = d.x;
	in.ey = d.y;
	in.radius = dist;
	in.count = opts->count;
	road = opts->version >= 3 ? opts->road : NULL;
	if (road)
		rc = sg_sites__by_road(ctx, road, &d, &in, r, &rinfo, &g);
	else
		rc = sg_sites__greedy(ctx, &in, &g);
	if (rc != SG_OK)
		goto out;
	r->count = opts->count;
	r->exhausted = g.exhausted;
	r->children = g.total;
	r->served_before = g.served_before;
	r->served_after = g.served_before;
	for (size_t i = 0; i < g.npicked; i++)
		r->served_after += g.gain[i];
	r->served_before_pct = g.total > 0 ? 100 * g.served_before / g.total
					   : NAN;
	r->served_after_pct = g.total > 0 ? 100 * r->served_after / g.total
					  : NAN;
	r->schools = in.nexisting;
	r->cells = nsq;
	r->candidates = k.n;
	r->candidates_outside = k.outside;
	r->evaluations = g.evaluations;
	r->max_distance = road && road->cost == SG_ROADS_COST_TIME ? NAN : dist;
	if (!road)
		r->max_minutes = NAN;
	r->cell_size = cs;
	r->age_from = d.age_from;
	r->age_to = d.age_to;
	r->level = (sg_level)d.level;
	free(r->crs);
	if (!(r->crs = strdup(d.crs))) {
		rc = sg_error__oom(ctx, WHAT);
		goto out;
	}
	if ((rc = sg_sites__fill(ctx, &d, &k, sq, cs, &g, r)) != SG_OK)
		goto out;
	if (!opts->dry_run)
		rc = sg_sites__store(ctx, opts, &d, r, std, pr,
				     k.cell ? NULL : cand_stamp, road, &rinfo);
out:
	sg_scope_free(scope);
	if (rc == SG_OK) {
		*out = r;
		r = NULL;
	}
	sg_sites_result_free(r);
	sg_sites__out_free(&g);
	free(dx);
	free(dy);
	free(dw);
	sg_sites__cands_free(&k);
	sg_pip__free(area);
	free(sq);
	sg_catch__free(c);
	sg_catch__data_free(ctx, &d);
	sg_standards_free(defaults);
	sg_poprast__close(pr);
	return rc;
}

/*---- Writing the sites --------------------------------------------------*/
