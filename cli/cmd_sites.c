/*
 * cli/cmd_sites.c - `schoolgis suggest-sites --level L --count K`: where
 * K new schools of a level would bring the most children within reach.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"

static const cli_opt opts[] = {
	CLI_OPT("level", 'l', true, N_("L"),
		N_("preschool, primary, lower_secondary, upper_secondary")),
	CLI_OPT("count", 'k', true, N_("K"),
		N_("number of sites to suggest (>= 1)")),
	CLI_OPT("max-distance", 'd', false, N_("M"),
		N_("metres (default: the standard distance.<level>)")),
	CLI_OPT("cell-size", 'c', false, N_("M"),
		N_("grid cell in metres (default 250)")),
	CLI_OPT("population-raster", 'R', false, N_("FILE"),
		N_("people per pixel placing each ward's children (as in "
		   "'catchments --method capacity')")),
	CLI_OPT("candidates", 'K', false, N_("FILE"),
		N_("candidate sites: points of any vector file OGR reads "
		   "(GPKG, GeoJSON, SHP; CSV with lon/lat columns), a point "
		   "inside each polygon; outside the area: left out")),
	CLI_OPT("candidates-id", 'I', false, N_("COL"),
		N_("the column naming them (default: id, code or ma)")),
	CLI_OPT("ignore-existing", 'E', false, NULL,
		N_("plan from scratch, as if there were no school")),
	CLI_OPT("output", 'o', true, N_("FILE"),
		N_("write the sites: .gpkg, .geojson or .csv")),
	CLI_OPT("force", 'f', true, NULL,
		N_("replace an existing output file")),
	CLI_OPT("year", 'y', false, N_("Y"),
		N_("school year (default: each school's latest)")),
	CLI_OPT("population-year", 'p', false, N_("Y"),
		N_("census year (default: each ward's latest)")),
	CLI_OPT_INCLUDE(cli_unit_opts),
	CLI_OPT("crs", 'C', false, N_("CRS"),
		N_("metric CRS (default: UTM zone of the area)")),
	CLI_OPT("standards", 's', false, N_("FILE"),
		N_("standards config (default: $SCHOOLGIS_STANDARDS)")),
	CLI_OPT("dry-run", 'n', false, NULL, N_("store nothing")),
	CLI_OPT_DB,
	CLI_OPT_QUIET(N_("the table only, no totals")),
	CLI_OPT_JSON(N_("the result as JSON on stdout")),
	CLI_OPT_INCLUDE(cli_road_opts),
	CLI_OPT_END
};

static const cli_command cmd = {
	.name = "suggest-sites",
	.usage = N_(
		"Usage: schoolgis suggest-sites --level L --count K "
		"[--max-distance M]\n"
		"                               [--cell-size M] "
		"[--population-raster FILE]\n"
		"                               [--candidates FILE "
		"[--candidates-id COL]]\n"
		"                               [--ignore-existing] [-o FILE "
		"[--force]] [--dry-run]\n"
		"                               [--distance road [--cost "
		"time --max-minutes M]]\n"
		"                               [--json] [--quiet]\n\n"
		"Suggest K sites for new schools of a level, each where it "
		"brings the most\nchildren within reach who are not within "
		"reach of a school yet (the maximal\ncovering location "
		"problem, solved greedily).\n\n"
		"  Children   the level's school-age children on a grid of "
		"--cell-size cells,\n"
		"             as 'catchments --method capacity' builds it "
		"(each ward's children\n"
		"             spread evenly, or placed by "
		"--population-raster)\n"
		"  Reach      a cell whose centre is within --max-distance "
		"of a school,\n"
		"             straight line (or along the roads with "
		"--distance road: metres,\n"
		"             or --max-minutes with --cost time); cells "
		"within reach of an\n"
		"             existing school of the level are served "
		"already\n"
		"  Candidates the centres of the grid cells, or the points "
		"of --candidates\n"
		"  Choice     K times the candidate serving the most "
		"children not yet served;\n"
		"             ties: the southern, then western cell (a "
		"file: its order).  Stops\n"
		"             early when no candidate serves anyone more.  "
		"The greedy's total is\n"
		"             at least 1 - 1/e (63%) of the best K sites' "
		"total.\n\n"
		"Left out: the capacity of the new school, whether land is "
		"available (unless\n--candidates lists only available "
		"land), and road distances unless --distance\nroad.  By "
		"road, cells and candidates farther than --snap-limit from "
		"every road\nare reported and reach nothing.\n\n"
		"The table goes to stdout, the totals to stderr.  The run is "
		"stored (runs,\nresults) unless --dry-run.\n"),
	.opts = opts,
};

static int has_ext(const char *path, const char *ext)
{
	size_t n = strlen(path), e = strlen(ext);

	return n >= e && strcasecmp(path + n - e, ext) == 0;
}

static void json_num(const char *key, double v)
{
	printf(", \"%s\": ", key);
	if (isnan(v))
		printf("null");
	else
		printf("%.15g", v);
}

static void print_json(const sg_sites_options *so, const sg_sites_result *r)
{
	if (r->run_id)
		printf("{\"run_id\": %lld, \"dry_run\": false",
		       (long long)r->run_id);
	else
		printf("{\"run_id\": null, \"dry_run\": true");
	printf(", \"level\": ");
	cli_json_string(stdout, sg_level_name(r->level));
	printf(", \"ages\": [%d, %d], \"count\": %zu, \"exhausted\": %s, "
	       "\"schools\": %zu, \"ignore_existing\": %s, \"cells\": %zu, "
	       "\"candidates\": %zu, \"candidates_outside\": %zu, "
	       "\"evaluations\": %zu",
	       r->age_from, r->age_to, r->count,
	       r->exhausted ? "true" : "false", r->schools,
	       so->ignore_existing ? "true" : "false", r->cells, r->candidates,
	       r->candidates_outside, r->evaluations);
	json_num("max_distance_m", r->max_distance);
	/* By road only: straight-line output stays as it was. */
	if (r->by_road) {
		json_num("max_minutes", r->max_minutes);
		printf(", \"distance\": \"road\", \"cost\": \"%s\", "
		       "\"network\": ",
		       r->time_cost ? "time" : "length");
		cli_json_string(stdout, r->network);
		printf(", \"cells_off_road\": %zu, \"candidates_off_road\": "
		       "%zu",
		       r->cells_off_road, r->candidates_off_road);
	}
	json_num("cell_size_m", r->cell_size);
	json_num("children", r->children);
	json_num("served_before", r->served_before);
	json_num("served_before_pct", r->served_before_pct);
	json_num("served_after", r->served_after);
	json_num("served_after_pct", r->served_after_pct);
	printf(", \"crs\": ");
	cli_json_string(stdout, r->crs);
	printf(", \"candidates_file\": ");
	if (so->candidates)
		cli_json_string(stdout, cli_source(so->candidates));
	else
		printf("null");
	printf(", \"population_raster\": ");
	if (so->population_raster)
		cli_json_string(stdout, cli_source(so->population_raster));
	else
		printf("null");
	printf(", \"sites\": [");
	for (size_t i = 0; i < r->nsites; i++) {
		const sg_site *s = &r->sites[i];

		printf("%s{\"rank\": %d, \"lon\": %.8f, \"lat\": %.8f, "
		       "\"x\": %.3f, \"y\": %.3f",
		       i ? ", " : "", s->rank, s->lon, s->lat, s->x, s->y);
		json_num("children", s->children);
		json_num("cumulative", s->cumulative);
		json_num("cumulative_pct", s->cumulative_pct);
		printf(", \"unit_code\": ");
		cli_json_string(stdout, s->unit_code);
		printf(", \"unit_name\": ");
		cli_json_string(stdout, s->unit_name);
		printf(", \"candidate_id\": ");
		cli_json_string(stdout, s->candidate_id);
		printf(", \"candidate_name\": ");
		cli_json_string(stdout, s->candidate_name);
		printf("}");
	}
	printf("]}\n");
}

static double pct0(double v)
{
	return isnan(v) ? 0.0 : v;
}

static void print_table(const sg_sites_result *r, int with_cand)
{
	printf(_("rank  %11s  %10s  %8s  %10s  %6s  %-10s  %s%s\n"), "lon",
	       "lat", "children", "cumulative", "pct", "unit_code", "unit_name",
	       with_cand ? "  candidate" : "");
	for (size_t i = 0; i < r->nsites; i++) {
		const sg_site *s = &r->sites[i];

		printf("%4d  %11.6f  %10.6f  %8.0f  %10.0f  %6.1f  %-10s  %s",
		       s->rank, s->lon, s->lat, s->children, s->cumulative,
		       pct0(s->cumulative_pct), s->unit_code, s->unit_name);
		if (with_cand)
			printf("  %s%s%s", s->candidate_id,
			       *s->candidate_name ? " " : "",
			       s->candidate_name);
		printf("\n");
	}
}

static void print_totals(const sg_sites_options *so, const sg_sites_result *r)
{
	char run[80], reach[96];

	if (r->run_id)
		snprintf(run, sizeof(run), _("run %lld"), (long long)r->run_id);
	else
		snprintf(run, sizeof(run), "%s", _("dry run, nothing stored"));
	if (r->by_road && r->time_cost)
		snprintf(reach, sizeof(reach), _("%g min by road ('%s')"),
			 r->max_minutes, r->network);
	else if (r->by_road)
		snprintf(reach, sizeof(reach), _("%.0f m by road ('%s')"),
			 r->max_distance, r->network);
	else
		snprintf(reach, sizeof(reach), _("%.0f m"), r->max_distance);
	fprintf(stderr,
		_("suggest-sites: %s, within %s: %.0f children "
		  "aged %d-%d on %zu cells of %.0f m; %.0f (%.1f%%) within "
		  "reach of the %zu existing school%s\n"),
		cli_level_word(r->level), reach, r->children, r->age_from,
		r->age_to, r->cells, r->cell_size, r->served_before,
		pct0(r->served_before_pct), r->schools,
		r->schools == 1 ? "" : "s");
	fprintf(stderr,
		_("suggest-sites: %zu new site%s of %zu candidate%s "
		  "bring %.0f more: %.0f (%.1f%%) within reach (%s, %s)\n"),
		r->nsites, r->nsites == 1 ? "" : "s", r->candidates,
		r->candidates == 1 ? "" : "s",
		r->served_after - r->served_before, r->served_after,
		pct0(r->served_after_pct), run, r->crs);
	if (r->exhausted)
		fprintf(stderr,
			_("suggest-sites: %zu site%s asked, %zu found: "
			  "no other candidate brings anyone within reach\n"),
			r->count, r->count == 1 ? "" : "s", r->nsites);
	if (so->population_raster)
		fprintf(stderr,
			_("suggest-sites: children placed within each "
			  "ward by the population raster %s\n"),
			cli_source(so->population_raster));
}

int cmd_suggest_sites(int argc, char **argv)
{
	sg_sites_options so = SG_SITES_OPTIONS_INIT;
	sg_sites_result *res = NULL;
	sg_standards *std = NULL;
	const char *std_path = NULL, *output = NULL;
	cli_common o = { 0 };
	cli_args args;
	int c, want_help = 0, rc, force = 0, have_count = 0;
	sg_ctx *ctx = NULL;
	cli_road road = { 0 };
	char *end;

	if (cli_args_init(&args, &cmd, argc, argv) != CLI_OK)
		return CLI_ERROR;
	while ((c = cli_next(&args)) != -1) {
		if (cli_common_option(&o, c, optarg, &want_help))
			continue;
		if ((rc = cli_road_option(&road, "suggest-sites", c, optarg)) >=
		    0) {
			if (rc != CLI_OK)
				return rc;
			continue;
		}
		if ((rc = cli_unit_option("suggest-sites", c, optarg, &so.unit,
					  &so.margin)) >= 0) {
			if (rc != CLI_OK)
				return rc;
			continue;
		}
		switch (c) {
		case 'l': so.level = optarg; break;
		case 'k': {
			unsigned long long v;

			errno = 0;
			v = strtoull(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || errno ||
			    strchr(optarg, '-') || v < 1 || v > 1000000)
				return cli_usage(
					"suggest-sites",
					_("--count "
					  "must be a whole number from "
					  "1 to 1000000, not '%s'"),
					optarg);
			so.count = (size_t)v;
			have_count = 1;
			break;
		}
		case 'd':
		case 'c':
			rc = cli_metres("suggest-sites", optarg,
					c == 'd' ? &so.max_distance
						 : &so.cell_size);
			if (rc != CLI_OK)
				return rc;
			break;
		case 'R': so.population_raster = optarg; break;
		case 'K': so.candidates = optarg; break;
		case 'I': so.candidates_id = optarg; break;
		case 'E': so.ignore_existing = 1; break;
		case 'o': output = optarg; break;
		case 'f': force = 1; break;
		case 'y': so.year = optarg; break;
		case 'p': so.population_year = optarg; break;
		case 'C': so.crs = optarg; break;
		case 's': std_path = optarg; break;
		case 'n': so.dry_run = 1; break;
		default: return cli_usage("suggest-sites", _("bad option"));
		}
	}
	if (want_help) {
		cli_help(&cmd);
		return CLI_OK;
	}
	if (optind < argc)
		return cli_usage("suggest-sites", _("unexpected argument '%s'"),
				 argv[optind]);
	if (!so.level)
		return cli_usage("suggest-sites", _("--level is required"));
	if (!have_count)
		return cli_usage("suggest-sites", _("--count is required"));
	if (so.candidates_id && !so.candidates)
		return cli_usage("suggest-sites", _("--candidates-id goes with "
						    "--candidates"));
	if (force && !output)
		return cli_usage("suggest-sites", _("--force goes with -o"));
	if ((rc = cli_road_check(&road, "suggest-sites")) != CLI_OK)
		return rc;
	if (road.on && road.d.cost == SG_ROADS_COST_TIME &&
	    !(road.d.max_minutes > 0))
		return cli_usage("suggest-sites", _("--cost time needs "
						    "--max-minutes"));
	if (road.on)
		so.road = &road.d;
	if (output && !has_ext(output, ".gpkg") &&
	    !has_ext(output, ".geojson") && !has_ext(output, ".json") &&
	    !has_ext(output, ".csv"))
		return cli_usage("suggest-sites",
				 _("%s: use .gpkg, .geojson or "
				   ".csv"),
				 output);
	/* Before the run is stored, not after. */
	if (output && !force && access(output, F_OK) == 0) {
		fprintf(stderr,
			_("schoolgis: suggest-sites: %s exists (use "
			  "--force to replace it)\n"),
			output);
		return CLI_BADINPUT;
	}
	/* Unknown level and the like: usage errors, before the store. */
	if (sg_sites_options_check(NULL, &so) != SG_OK)
		return cli_usage("suggest-sites", "%s",
				 strncmp(sg_error_last(),
					 "suggest-sites: ", 15) == 0
					 ? sg_error_last() + 15
					 : sg_error_last());
	if ((rc = cli_open_standards(&ctx, &o, 1, std_path, &std)) != CLI_OK) {
		sg_ctx_free(ctx);
		return rc;
	}
	so.standards = std;
	rc = sg_sites_suggest(ctx, &so, &res);
	cli_progress_done();
	if (rc == SG_OK && output &&
	    (rc = sg_sites_write(ctx, res, output, force)) != SG_OK &&
	    res->run_id)
		/* The run is in the store already: say which, so that a
		 * rerun is not taken for the first. */
		fprintf(stderr,
			_("schoolgis: suggest-sites: the sites are "
			  "stored as run %lld, but %s was not written:\n"),
			(long long)res->run_id, output);
	if (rc != SG_OK) {
		rc = cli_fail(ctx, rc);
	} else {
		if (o.json)
			print_json(&so, res);
		else
			print_table(res, so.candidates != NULL);
		if (!o.json && !o.quiet)
			print_totals(&so, res);
		if (output && !o.quiet && !o.json)
			fprintf(stderr,
				_("suggest-sites: %zu site%s written to "
				  "%s\n"),
				res->nsites, res->nsites == 1 ? "" : "s",
				output);
		rc = CLI_OK;
	}
	sg_sites_result_free(res);
	sg_standards_free(std);
	sg_ctx_free(ctx);
	return rc;
}
