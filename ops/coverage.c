/*
 * ops/coverage.c - `schoolgis stats coverage` as a driver (ops/ops.h):
 * load as catchments do (layers/catchments.c), compute Voronoi cells and
 * their parts within reach, and build the coverage result and tables
 * (engine/coverage.c).  Reads the store, writes nothing.
 *
 * A whole store of several provinces is computed a province at a time
 * (a "part": its wards, its schools and those of its neighbours within a
 * margin), each in the UTM zone of its own centre, and the parts' tables
 * are put together (engine/coverage.c).  So distances and areas are
 * measured in the zone of the place (Viet Nam spans zones 48 and 49),
 * and no overlay ever holds the whole country's buffers: the work and
 * memory of a part depend on the province's size.  The margin is wide
 * enough when no point of the province lies farther from its nearest
 * school than the margin (sg_catch__reach), else the part is redone with
 * a wider one: every ward's and school's figures are then those of a
 * single computation over the whole store.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/text.h"
#include "ops/catch_margin.h"
#include "ops/ops.h"
#include "layers/catchments_int.h"
#include "engine/table.h"
#include "layers/results.h"
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

	sum->by_road = true;
	sum->time_cost = time_cost;
	sum->max_minutes = time_cost ? road->max_minutes : NAN;
	if (time_cost)
		sum->max_distance = NAN;
	if (!(sum->network = sg_ctx__keep(ctx, info->name)))
		return sg_error__set(ctx, SG_ENOMEM, "coverage: out of memory");
	sum->profile = info->profile;
	snprintf(m, sizeof(m), "%.0f m", dist);
	if (time_cost)
		snprintf(reach, sizeof(reach), "%g min by road",
			 road->max_minutes);
	else
		snprintf(reach, sizeof(reach), "%.0f m by road", dist);
	snprintf(note, sizeof(note),
		 "%s along the roads of network '%s' "
		 "(%s profile; the leg off the road at walking speed, places "
		 "farther than %g m from every road unserved)",
		 reach, info->name, sg_roads_profile_name(info->profile),
		 road->snap_limit > 0 ? road->snap_limit : SG_ROADS_SNAP_LIMIT);
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
			return sg_error__set(ctx, SG_ENOMEM,
					     "coverage: out of "
					     "memory");
	}
	return SG_OK;
}

/*---- A store in parts -----------------------------------------------------*/

/* The CRSs used, with the number of parts measured in each. */
typedef struct {
	char name[8][64];
	size_t count[8];
	size_t n;
} crs_tally;

static void tally_crs(crs_tally *t, const char *crs)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->name[i], crs) == 0) {
			t->count[i]++;
			return;
		}
	if (t->n < 8) {
		snprintf(t->name[t->n], sizeof(t->name[0]), "%.63s", crs);
		t->count[t->n++] = 1;
	}
}

/* A part's data: its scope's wards and schools in opts->crs. */
typedef struct {
	const sg_coverage_options *opts;
	const sg_standards *std;
} part_load;

static int load_part(sg_ctx *ctx, const sg_scope *sc, sg_catch_data *d,
		     void *arg)
{
	const part_load *pl = arg;

	return sg_catch__load(ctx, "coverage", sc, pl->opts->level,
			      pl->opts->year, pl->opts->population_year,
			      pl->std, pl->opts->crs, d);
}

/* One part: its scope with `margin`, widened until the margin holds
 * every school that could matter (ops/catch_margin.h); its tables go
 * to m. */
static int one_part(sg_ctx *ctx, const sg_coverage_options *opts,
		    const sg_standards *std, const char *code, double margin,
		    sg_coverage_merge *m, crs_tally *tally)
{
	part_load pl = { opts, std };
	sg_catch_data d;
	sg_catch *c = NULL;
	sg_scope *sc = NULL;
	double dist;
	int rc;

	rc = sg_catch__wide_enough(ctx, "coverage", code, margin, load_part,
				   &pl, &sc, &d, &c);
	if (rc != SG_OK)
		return rc;
	dist = opts->max_distance > 0 ? opts->max_distance : d.distance_norm;
	rc = sg_catch__distance(c, dist);
	if (rc == SG_OK)
		rc = sg_coverage__merge_add(m, c, &d, dist,
					    sg_standards_source(std));
	if (rc == SG_OK)
		tally_crs(tally, d.crs);
	sg_catch__free(c);
	sg_catch__data_free(ctx, &d);
	sg_scope_free(sc);
	return rc;
}

static int coverage_parts(sg_ctx *ctx, const sg_coverage_options *opts,
			  const sg_standards *std, char **parts, size_t nparts,
			  double dist, sg_table **units_out,
			  sg_table **schools_out, sg_table **unserved_out,
			  sg_coverage_summary *sum)
{
	sg_coverage_merge *m = NULL;
	crs_tally tally = { 0 };
	char crs[512];
	double margin;
	int rc;

	/* Every school within reach of a part's children is in its
	 * margin; the Voronoi cells may need more (one_part). */
	margin = fmax(opts->margin > 0 ? opts->margin : SG_SCOPE_MARGIN_DEFAULT,
		      dist);
	rc = sg_coverage__merge_new(ctx, &m);
	for (size_t p = 0; p < nparts && rc == SG_OK; p++) {
		rc = sg_ctx__progress(ctx, "coverage: provinces", p, nparts);
		if (rc == SG_OK)
			rc = one_part(ctx, opts, std, parts[p], margin, m,
				      &tally);
	}
	if (rc == SG_OK) {
		if (tally.n == 1) {
			snprintf(crs, sizeof(crs), "%s", tally.name[0]);
		} else {
			size_t len = (size_t)snprintf(crs, sizeof(crs),
						      "the UTM zone of each "
						      "province (");

			for (size_t i = 0; i < tally.n && len < sizeof(crs);
			     i++)
				len += (size_t)snprintf(crs + len,
							sizeof(crs) - len,
							"%s%s: %zu",
							i ? ", " : "",
							tally.name[i],
							tally.count[i]);
			if (len < sizeof(crs))
				snprintf(crs + len, sizeof(crs) - len, ")");
		}
		rc = sg_coverage__merge_end(m, crs, sg_standards_source(std),
					    units_out, schools_out,
					    unserved_out, sum);
		if (rc == SG_OK && tally.n > 1) {
			size_t len = (size_t)snprintf(crs, sizeof(crs),
						      "UTM by province:");

			for (size_t i = 0; i < tally.n && len < sizeof(crs);
			     i++)
				len += (size_t)snprintf(crs + len,
							sizeof(crs) - len,
							"%s%s", i ? "," : " ",
							tally.name[i]);
		}
		if (rc == SG_OK && !(sum->crs = sg_ctx__keep(ctx, sum->crs)))
			rc = sg_error__set(ctx, SG_ENOMEM,
					   "coverage: out of memory");
	}
	sg_coverage__merge_free(m);
	return rc;
}

static int compute(sg_ctx *ctx, const sg_coverage_options *opts,
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
	sum.version = SG_COVERAGE_SUMMARY_VERSION;
	sum.crs = sum.network = "";
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
		return sg_error__set(ctx, SG_EINVALID,
				     "coverage: options "
				     "missing or of another version");
	if ((rc = sg_db__need(ctx)) != SG_OK)
		return rc;
	if (opts->max_distance < 0 || isinf(opts->max_distance))
		return sg_error__set(ctx, SG_EINVALID,
				     "coverage: the maximum"
				     " distance must be positive");
	std = opts->standards;
	if (!std) {
		if (sg_standards_new(&defaults) != SG_OK)
			return sg_error__set(ctx, SG_ENOMEM,
					     "coverage: out of memory");
		std = defaults;
	}
	/* A unit of the set asked for; without one, on a store of several
	 * sets, the whole set in force (layers/scope.h). */
	rc = sg_scope__resolve_set(ctx, "coverage",
				   opts->version >= 2 ? opts->scope : NULL,
				   opts->version >= 2 ? opts->unit : NULL,
				   opts->version >= 5 ? opts->set : NULL,
				   opts->year, opts->margin, &sc, &own_scope);
	/* A whole store of provinces: a province at a time, each in its
	 * own UTM zone (unless one CRS is named). */
	if (rc == SG_OK && !sc && !(opts->version >= 3 && opts->road) &&
	    !(opts->version >= 4 && opts->whole)) {
		sg_catch_provinces pv;

		/* The zones come with them; each part chooses its own as
		 * sg_catch__load does for a unit's scope. */
		rc = sg_catch__provinces(ctx, "coverage", &pv);
		dist = opts->max_distance > 0
			       ? opts->max_distance
			       : sg_ops__level_norm(opts->level, std);
		/* Without a distance (an unknown level, no norm), the
		 * single computation below says what is wrong. */
		if (rc == SG_OK && pv.n > 0 && !isnan(dist)) {
			rc = coverage_parts(ctx, opts, std, pv.code, pv.n, dist,
					    units_out, schools_out,
					    unserved_out, &sum);
			sg_catch__provinces_free(&pv);
			sum.max_minutes = NAN;
			sum.version = SG_COVERAGE_SUMMARY_VERSION;
			if (!sum.network)
				sum.network = "";
			if (rc == SG_OK && summary)
				*summary = sum;
			goto out;
		}
		sg_catch__provinces_free(&pv);
	}
	if (rc == SG_OK)
		rc = sg_catch__load(ctx, "coverage", sc, opts->level,
				    opts->year, opts->population_year, std,
				    opts->crs, &d);
	if (rc != SG_OK)
		goto out;
	dist = opts->max_distance > 0 ? opts->max_distance : d.distance_norm;
	if (isnan(dist)) {
		rc = sg_error__set(ctx, SG_EINVALID,
				   "coverage: no distance "
				   "norm for %s (distance.%s is none): give a "
				   "maximum distance",
				   sg_text__level_label(d.level_name),
				   d.level_name);
		goto out;
	}
	rc = sg_catch__new(ctx, &d.in, &c);
	if (rc == SG_OK && opts->version >= 3 && opts->road) {
		/* By road (layers/roads.c). */
		road = opts->road;
		rc = sg_roads__catch(ctx, "coverage", road, c, &d, dist, 250,
				     NULL, &rinfo);
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
	sum.version = SG_COVERAGE_SUMMARY_VERSION;
	sum.network = "";
	if (rc == SG_OK && !(sum.crs = sg_ctx__keep(ctx, sum.crs)))
		rc = sg_error__set(ctx, SG_ENOMEM, "coverage: out of memory");
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

int sg_coverage_compute(sg_ctx *ctx, const sg_coverage_options *opts,
			sg_table **units_out, sg_table **schools_out,
			sg_table **unserved_out, sg_coverage_summary *summary)
{
	return compute(ctx, opts, units_out, schools_out, unserved_out,
		       summary);
}

int sg_coverage__compute(sg_ctx *ctx, const sg_coverage_options *opts,
			 sg_coverage_result **out)
{
	sg_table *u = NULL, *s = NULL, *x = NULL;
	sg_coverage_summary sum;
	int rc;

	*out = NULL;
	rc = compute(ctx, opts, &u, &s, &x, &sum);
	if (rc == SG_OK)
		rc = sg_coverage__result_new(ctx, u, s, x, &sum, out);
	return rc;
}

int sg_coverage_compute_result(sg_ctx *ctx, const sg_coverage_options *opts,
			       sg_coverage_result **out)
{
	if (!out)
		return sg_error__set(ctx, SG_EINVALID, "coverage: no output");
	return sg_coverage__compute(ctx, opts, out);
}
