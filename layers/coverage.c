/*
 * layers/coverage.c - `schoolgis stats coverage`: load as catchments do,
 * compute Voronoi cells and their parts within reach, and build the
 * coverage tables (engine/coverage.c).  Reads the store, writes nothing.
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
#include "layers/catchments_int.h"
#include "layers/roads_int.h"
#include "schoolgis/coverage.h"

/*---- A store in parts -----------------------------------------------------*/

/* The codes of the parts: the provinces (top-level units of kind city)
 * of a store of one administrative set, when there are two or more and
 * every unit with a geometry lies in one of them; else *n = 0. */
static int list_parts(sg_ctx *ctx, char ***out, size_t *n)
{
	sqlite3_stmt *st;
	char **v = NULL;
	size_t cap = 0;
	int rc, step, ok = 0;

	*out = NULL;
	*n = 0;
	rc = sg_db__prepare(ctx, "coverage",
			    "WITH RECURSIVE d(id) AS (SELECT id FROM units "
			    "WHERE parent_id IS NULL AND kind = 'city' UNION "
			    "SELECT u.id FROM units u JOIN d ON u.parent_id "
			    "= d.id) SELECT (SELECT count(DISTINCT set_id) "
			    "FROM units) = 1 AND (SELECT count(*) FROM units "
			    "WHERE parent_id IS NULL AND kind = 'city') >= 2 "
			    "AND NOT EXISTS (SELECT 1 FROM units WHERE geom IS "
			    "NOT NULL AND id NOT IN d)", &st);
	if (rc != SG_OK)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		ok = sqlite3_column_int(st, 0);
	else
		rc = sg_db__fail(ctx, "coverage");
	sqlite3_finalize(st);
	if (rc != SG_OK || !ok)
		return rc;
	rc = sg_db__prepare(ctx, "coverage", "SELECT code FROM units WHERE "
			    "parent_id IS NULL AND kind = 'city' ORDER BY code",
			    &st);
	if (rc != SG_OK)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);

		if (*n == cap) {
			size_t nc = cap ? 2 * cap : 64;
			char **p = realloc(v, nc * sizeof(*v));

			if (!p)
				break;
			v = p;
			cap = nc;
		}
		if (!(v[*n] = strdup(code ? code : "")))
			break;
		(*n)++;
	}
	if (step == SQLITE_ROW)
		rc = sg_error__set(ctx, SG_ENOMEM, "coverage: out of memory");
	else if (step != SQLITE_DONE)
		rc = sg_db__fail(ctx, "coverage");
	sqlite3_finalize(st);
	*out = v;
	return rc;
}

static void free_parts(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The level's distance norm (NaN: none), before anything is loaded. */
static double level_norm(const char *level, const sg_standards *std)
{
	unsigned mask = 0;
	int li;

	if (!level || sg_text__level_parse(level, &mask) != 0)
		return NAN;
	for (li = 0; li < 4 && (1u << li) != mask; li++)
		;
	return li < 4 ? sg_std__get(std, (sg_std)(SG_STD_DIST_PRESCHOOL + li))
		      : NAN;
}

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

/* One part: its scope with `margin`, widened until the margin holds
 * every school that could matter; its tables go to m. */
static int one_part(sg_ctx *ctx, const sg_coverage_options *opts,
		    const sg_standards *std, const char *code, double margin,
		    sg_coverage_merge *m, crs_tally *tally)
{
	for (;;) {
		sg_catch_data d = { 0 };
		sg_catch *c = NULL;
		sg_scope *sc = NULL;
		double dist, reach = 0;
		int rc;

		rc = sg_scope__open(ctx, "coverage", code, margin, &sc);
		if (rc == SG_OK)
			rc = sg_catch__load(ctx, "coverage", sc, opts->level,
					    opts->year, opts->population_year,
					    std, opts->crs, &d);
		dist = opts->max_distance > 0 ? opts->max_distance
					      : d.distance_norm;
		if (rc == SG_OK)
			rc = sg_catch__new(ctx, &d.in, &c);
		if (rc == SG_OK)
			rc = sg_catch__voronoi(c);
		if (rc == SG_OK)
			reach = sg_catch__reach(c);
		/* The scope's box is at least `margin` wide on each side;
		 * 2% for the projection's scale. */
		if (rc == SG_OK && reach > 0.98 * margin && margin < 4e6) {
			sg_catch__free(c);
			sg_catch__data_free(ctx, &d);
			sg_scope_free(sc);
			margin = fmax(2 * margin, 1.1 * reach / 0.98);
			continue;
		}
		if (rc == SG_OK)
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
}

static int coverage_parts(sg_ctx *ctx, const sg_coverage_options *opts,
			  const sg_standards *std, char **parts,
			  size_t nparts, double dist, sg_table **units_out,
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
	margin = fmax(opts->margin > 0 ? opts->margin
				       : SG_SCOPE_MARGIN_DEFAULT, dist);
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
				len += (size_t)snprintf(
					crs + len, sizeof(crs) - len,
					"%s%s: %zu", i ? ", " : "",
					tally.name[i], tally.count[i]);
			if (len < sizeof(crs))
				snprintf(crs + len, sizeof(crs) - len, ")");
		}
		rc = sg_coverage__merge_end(m, crs, sg_standards_source(std),
					    units_out, schools_out,
					    unserved_out, sum);
		if (rc == SG_OK && tally.n > 1) {
			size_t len = (size_t)snprintf(sum->crs,
						      sizeof(sum->crs),
						      "UTM by province:");

			for (size_t i = 0; i < tally.n &&
					   len < sizeof(sum->crs); i++)
				len += (size_t)snprintf(
					sum->crs + len, sizeof(sum->crs) - len,
					"%s%s", i ? "," : " ", tally.name[i]);
		}
	}
	sg_coverage__merge_free(m);
	return rc;
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
	/* A whole store of provinces: a province at a time, each in its
	 * own UTM zone (unless one CRS is named). */
	if (rc == SG_OK && !sc && !(opts->version >= 3 && opts->road) &&
	    !(opts->version >= 4 && opts->whole)) {
		char **parts = NULL;
		size_t nparts = 0;

		rc = list_parts(ctx, &parts, &nparts);
		dist = opts->max_distance > 0 ? opts->max_distance
					      : level_norm(opts->level, std);
		/* Without a distance (an unknown level, no norm), the
		 * single computation below says what is wrong. */
		if (rc == SG_OK && nparts > 0 && !isnan(dist)) {
			rc = coverage_parts(ctx, opts, std, parts, nparts,
					    dist, units_out, schools_out,
					    unserved_out, &sum);
			free_parts(parts, nparts);
			if (rc == SG_OK && summary)
				*summary = sum;
			goto out;
		}
		free_parts(parts, nparts);
	}
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
