/*
 * cli/cmd_catchments.c - `schoolgis catchments --level L --method M`:
 * compute and store the catchments of one school level.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "util/util.h"

static const cli_opt opts[] = {
	CLI_OPT("level", 'l', true, N_("L"),
		N_("preschool, primary, lower_secondary, upper_secondary")),
	CLI_OPT("method", 'm', true, N_("METHOD"),
		N_("voronoi (default), distance, capacity")),
	CLI_OPT("max-distance", 'd', false, N_("M"),
		N_("metres (default: the standard distance.<level>)")),
	CLI_OPT("cell-size", 'c', false, N_("M"),
		N_("capacity grid cell in metres (default 250)")),
	CLI_OPT("population-raster", 'R', false, N_("FILE"),
		N_("capacity: people per pixel (band 1 of any raster GDAL "
		   "reads, in the CRS it declares; nodata = nobody) to "
		   "distribute each ward's children over the cells; the ward "
		   "figures stay the totals.  A ward the raster misses is "
		   "spread evenly (with a warning)")),
	CLI_OPT("year", 'y', false, N_("Y"),
		N_("school year of seats and students (default: each "
		   "school's latest)")),
	CLI_OPT("population-year", 'p', false, N_("Y"),
		N_("census year (default: each ward's latest)")),
	CLI_OPT("units", 0x7312, false, N_("SET"),
		N_("the administrative set (2019-01-01, 2025-07-01): --unit is "
		   "looked up in it; without --unit, its units (default: the set "
		   "in force on the year's 1 September)")),
	CLI_OPT_INCLUDE(cli_unit_opts),
	CLI_OPT("crs", 'C', false, N_("CRS"),
		N_("metric CRS to compute in (default: UTM zone of the "
		   "area)")),
	CLI_OPT("standards", 's', false, N_("FILE"),
		N_("standards config (default: $SCHOOLGIS_STANDARDS, else the "
		   "official defaults; see 'schoolgis standards')")),
	CLI_OPT("dry-run", 'n', false, NULL,
		N_("compute and print the summary; store nothing")),
	CLI_OPT_INCLUDE(cli_road_opts),
	CLI_OPT_DB,
	CLI_OPT_QUIET(N_("print nothing on success")),
	CLI_OPT_JSON(N_("print the run's summary as JSON")),
	CLI_OPT_END
};

static const cli_command cmd = {
	.name = "catchments",
	.usage = N_(
		"Usage: schoolgis catchments --level L --method voronoi|"
		"distance|capacity\n"
		"                            [--max-distance M] [--cell-size "
		"M] [--year Y]\n"
		"                            [--population-raster FILE]\n"
		"                            [--standards FILE] [--dry-run] "
		"[--json] [--quiet]\n\n"
		"Compute the catchment of every school of a level over the "
		"study area (the\nunion of the wards) and store them as a new "
		"run (export them with\n'schoolgis export catchments -o "
		"FILE.gpkg').  A new run of a level and method\nreplaces the "
		"previous one's polygons.\n\n"
		"Methods:\n"
		"  voronoi   nearest school (Thiessen polygons)\n"
		"  distance  nearest school within --max-distance; the rest is "
		"stored as\n"
		"            'distance-unserved' areas with their population\n"
		"  capacity  grid cells go to the nearest school with seats "
		"left (seats =\n"
		"            classes x class_size, or students when classes "
		"are unknown);\n"
		"            children without a seat are stored as "
		"'capacity-unserved'\n"),
	.opts = opts,
	.notes = N_("Schools within 1 m of each other share one catchment (a "
		    "warning names them).  By road (voronoi and distance),\n"
		    "grid squares of --cell-size metres (default 250) go to "
		    "the school nearest\nby road from their centre.\n"),
};

static void print_json(const sg_catchment_options *co,
		       const sg_catchment_summary *s)
{
	if (s->run_id)
		printf("{\"run_id\": %lld, \"level\": ", (long long)s->run_id);
	else
		printf("{\"run_id\": null, \"dry_run\": true, \"level\": ");
	cli_json_string(stdout, co->level);
	printf(", \"method\": \"%s\", \"schools\": %lld, \"locations\": "
	       "%lld, \"merged\": %lld, \"catchments\": %lld, "
	       "\"unserved_areas\": %lld",
	       sg_catchment_method_name(co->method), (long long)s->schools,
	       (long long)s->locations, (long long)s->merged,
	       (long long)s->catchments, (long long)s->unserved_areas);
	sg_json__fmember(stdout, "study_area_km2", s->study_area_km2);
	sg_json__fmember(stdout, "catchment_area_km2", s->catchment_area_km2);
	sg_json__fmember(stdout, "unserved_area_km2", s->unserved_area_km2);
	sg_json__fmember(stdout, "population", s->population);
	sg_json__fmember(stdout, "catchment_population",
			 s->catchment_population);
	sg_json__fmember(stdout, "unserved_population", s->unserved_population);
	sg_json__fmember(stdout, "seats", s->seats);
	if (co->road && co->road->cost == SG_ROADS_COST_TIME)
		sg_json__fmember(stdout, "max_distance_m", NAN);
	else
		sg_json__fmember(stdout, "max_distance_m", s->max_distance);
	/* By road only: straight-line output stays as it was. */
	if (co->road) {
		sg_json__fmember(stdout, "max_minutes",
				 co->road->cost == SG_ROADS_COST_TIME
					 ? co->road->max_minutes
					 : NAN);
		printf(", \"distance\": \"road\", \"cost\": \"%s\"",
		       co->road->cost == SG_ROADS_COST_TIME ? "time"
							    : "length");
	}
	sg_json__fmember(stdout, "cell_size_m", s->cell_size);
	printf(", \"cells\": %lld, \"ages\": [%d, %d], \"crs\": ",
	       (long long)s->cells, s->age_from, s->age_to);
	cli_json_string(stdout, s->crs);
	printf(", \"population_raster\": ");
	if (co->population_raster)
		cli_json_string(stdout, cli_source(co->population_raster));
	else
		printf("null");
	printf("}\n");
}

static void print_text(const sg_catchment_options *co,
		       const sg_catchment_summary *s)
{
	char run[80];

	if (s->run_id)
		snprintf(run, sizeof(run), _("run %lld"), (long long)s->run_id);
	else
		snprintf(run, sizeof(run), "%s", _("dry run, nothing stored"));
	fprintf(stderr,
		_("catchments: %s, %s: %lld schools at %lld "
		  "locations; %lld catchments over %.1f of %.1f km2 (%s, %s)\n"),
		cli_level_label(co->level),
		sg_catchment_method_name(co->method), (long long)s->schools,
		(long long)s->locations, (long long)s->catchments,
		s->catchment_area_km2, s->study_area_km2, run, s->crs);
	if (co->method == SG_CATCHMENT_DISTANCE && co->road &&
	    co->road->cost == SG_ROADS_COST_TIME)
		fprintf(stderr,
			_("catchments: within %g min by road: %.0f of "
			  "%.0f children aged %d-%d; unserved: %lld area%s, %.1f "
			  "km2, %.0f children\n"),
			co->road->max_minutes, s->catchment_population,
			s->population, s->age_from, s->age_to,
			(long long)s->unserved_areas,
			cli_plural(s->unserved_areas), s->unserved_area_km2,
			s->unserved_population);
	else if (co->method == SG_CATCHMENT_DISTANCE && co->road)
		fprintf(stderr,
			_("catchments: within %.0f m by road: %.0f of "
			  "%.0f children aged %d-%d; unserved: %lld area%s, %.1f "
			  "km2, %.0f children\n"),
			s->max_distance, s->catchment_population, s->population,
			s->age_from, s->age_to, (long long)s->unserved_areas,
			cli_plural(s->unserved_areas), s->unserved_area_km2,
			s->unserved_population);
	else if (co->method == SG_CATCHMENT_DISTANCE)
		fprintf(stderr,
			_("catchments: within %.0f m: %.0f of %.0f "
			  "children aged %d-%d; unserved: %lld area%s, %.1f "
			  "km2, %.0f children\n"),
			s->max_distance, s->catchment_population, s->population,
			s->age_from, s->age_to, (long long)s->unserved_areas,
			cli_plural(s->unserved_areas), s->unserved_area_km2,
			s->unserved_population);
	if (co->method == SG_CATCHMENT_CAPACITY)
		fprintf(stderr,
			_("catchments: %lld cells of %.0f m; %.0f seats;"
			  " %.0f of %.0f children aged %d-%d seated, %.0f "
			  "without a seat in %lld area%s\n"),
			(long long)s->cells, s->cell_size, s->seats,
			s->catchment_population, s->population, s->age_from,
			s->age_to, s->unserved_population,
			(long long)s->unserved_areas,
			cli_plural(s->unserved_areas));
	if (co->population_raster)
		fprintf(stderr,
			_("catchments: children placed within each ward "
			  "by the population raster %s\n"),
			cli_source(co->population_raster));
}

int cmd_catchments(int argc, char **argv)
{
	sg_catchment_options co = SG_CATCHMENT_OPTIONS_INIT;
	sg_catchment_summary sum;
	sg_standards *std = NULL;
	const char *std_path = NULL;
	cli_common o = { 0 };
	cli_args args;
	int c, want_help = 0, rc;
	sg_ctx *ctx = NULL;
	cli_road road = { 0 };

	if (cli_args_init(&args, &cmd, argc, argv) != CLI_OK)
		return CLI_ERROR;
	while ((c = cli_next(&args)) != -1) {
		if (cli_common_option(&o, c, optarg, &want_help))
			continue;
		if ((rc = cli_road_option(&road, "catchments", c, optarg)) >=
		    0) {
			if (rc != CLI_OK)
				return rc;
			continue;
		}
		if ((rc = cli_unit_option("catchments", c, optarg, &co.unit,
					  &co.margin)) >= 0) {
			if (rc != CLI_OK)
				return rc;
			continue;
		}
		switch (c) {
		case 'l': co.level = optarg; break;
		case 'm':
			if (sg_catchment_method_parse(optarg, &co.method) !=
			    SG_OK)
				return cli_usage("catchments",
						 _("unknown method "
						   "'%s' (voronoi, distance, "
						   "capacity)"),
						 optarg);
			break;
		case 'd':
		case 'c':
			rc = cli_metres("catchments", optarg,
					c == 'd' ? &co.max_distance
						 : &co.cell_size);
			if (rc != CLI_OK)
				return rc;
			break;
		case 'y': co.year = optarg; break;
		case 'p': co.population_year = optarg; break;
		case 0x7312: co.set = optarg; break;
		case 'C': co.crs = optarg; break;
		case 's': std_path = optarg; break;
		case 'R': co.population_raster = optarg; break;
		case 'n': co.dry_run = 1; break;
		default: return cli_usage("catchments", _("bad option"));
		}
	}
	if (want_help) {
		cli_help(&cmd);
		return CLI_OK;
	}
	if (optind < argc)
		return cli_usage("catchments", _("unexpected argument '%s'"),
				 argv[optind]);
	if (!co.level)
		return cli_usage("catchments", _("--level is required"));
	if (co.max_distance > 0 && co.method != SG_CATCHMENT_DISTANCE)
		return cli_usage("catchments", _("--max-distance goes with "
						 "--method distance"));
	if (co.cell_size > 0 && co.method != SG_CATCHMENT_CAPACITY && !road.on)
		return cli_usage("catchments",
				 _("--cell-size goes with "
				   "--method capacity or --distance road"));
	if ((rc = cli_road_check(&road, "catchments")) != CLI_OK)
		return rc;
	if (road.on)
		co.road = &road.d;
	if (co.population_raster && co.method != SG_CATCHMENT_CAPACITY)
		return cli_usage("catchments",
				 _("--population-raster goes with "
				   "--method capacity"));
	if ((rc = cli_open_standards(&ctx, &o, 1, std_path, &std)) != CLI_OK) {
		sg_ctx_free(ctx);
		return rc;
	}
	co.standards = std;
	rc = sg_catchment_compute(ctx, &co, &sum);
	cli_progress_done();
	if (rc != SG_OK) {
		rc = cli_fail(ctx, rc);
	} else {
		if (o.json)
			print_json(&co, &sum);
		else if (!o.quiet)
			print_text(&co, &sum);
		rc = CLI_OK;
	}
	sg_standards_free(std);
	sg_ctx_free(ctx);
	return rc;
}
