/*
 * cli/cmd_catchments.c - `schoolgis catchments --level L --method M`:
 * compute and store the catchments of one school level.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "util/util.h"

static void help(void)
{
	printf(_("Usage: schoolgis catchments --level L --method voronoi|"
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
		 "'capacity-unserved'\n\n"
		 "Options:\n"
		 "  -l, --level L        preschool, primary, lower_secondary, "
		 "upper_secondary\n"
		 "  -m, --method M       voronoi (default), distance, "
		 "capacity\n"
		 "  --max-distance M     metres (default: the standard "
		 "distance.<level>)\n"
		 "  --cell-size M        capacity grid cell in metres "
		 "(default 250)\n"
		 "  --population-raster FILE\n"
		 "                       capacity: people per pixel (band 1 "
		 "of any raster GDAL\n"
		 "                       reads, in the CRS it declares; "
		 "nodata = nobody) to\n"
		 "                       distribute each ward's children "
		 "over the cells; the\n"
		 "                       ward figures stay the totals.  A "
		 "ward the raster\n"
		 "                       misses is spread evenly (with a "
		 "warning)\n"
		 "  --year Y             school year of seats and students "
		 "(default: each\n"
		 "                       school's latest)\n"
		 "  --population-year Y  census year (default: each ward's "
		 "latest)\n"
		 "  --unit CODE          only this unit (a district, a city): "
		 "its wards are the\n"
		 "                       area; schools up to --margin M metres "
		 "outside it\n"
		 "                       serve its children too (default "
		 "3000)\n"
		 "  --units SET          the administrative set (2019-01-01, "
		 "2025-07-01): --unit\n"
		 "                       is looked up in it; without --unit, "
		 "its units (default:\n"
		 "                       the set in force on the year's 1 "
		 "September)\n"
		 "  --crs CRS            metric CRS to compute in (default: "
		 "UTM zone of the area)\n"
		 "  --standards FILE     standards config (default: "
		 "$SCHOOLGIS_STANDARDS, else the\n"
		 "                       official defaults; see 'schoolgis "
		 "standards')\n"
		 "  --dry-run            compute and print the summary; store "
		 "nothing\n"
		 "%s"
		 "  --db FILE            the store\n"
		 "  -q, --quiet          print nothing on success\n"
		 "  --json               print the run's summary as JSON\n\n"
		 "Schools within 1 m of each other share one catchment (a "
		 "warning names them).  By road (voronoi and distance),\n"
		 "grid squares of --cell-size metres (default 250) go to the "
		 "school nearest\nby road from their centre.\n\n%s"),
	       _(cli_road_help), _(cli_exit_help));
}

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
		co->level, sg_catchment_method_name(co->method),
		(long long)s->schools, (long long)s->locations,
		(long long)s->catchments, s->catchment_area_km2,
		s->study_area_km2, run, s->crs);
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
	static const struct option longopts[] = {
		{ "level", required_argument, NULL, 'l' },
		{ "method", required_argument, NULL, 'm' },
		{ "max-distance", required_argument, NULL, 'd' },
		{ "cell-size", required_argument, NULL, 'c' },
		{ "year", required_argument, NULL, 'y' },
		{ "population-year", required_argument, NULL, 'p' },
		{ "unit", required_argument, NULL, 'U' },
		{ "units", required_argument, NULL, 0x7302 },
		{ "margin", required_argument, NULL, 'M' },
		{ "crs", required_argument, NULL, 'C' },
		{ "standards", required_argument, NULL, 's' },
		{ "population-raster", required_argument, NULL, 'R' },
		{ "dry-run", no_argument, NULL, 'n' },
		CLI_ROAD_OPTIONS,
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	sg_catchment_options co = SG_CATCHMENT_OPTIONS_INIT;
	sg_catchment_summary sum;
	sg_standards *std = NULL;
	const char *std_path = NULL;
	cli_common o = { 0 };
	int c, want_help = 0, rc;
	sg_ctx *ctx = NULL;
	cli_road road = { 0 };

	optind = 1;
	while ((c = getopt_long(argc, argv, "l:m:qh", longopts, NULL)) != -1) {
		if (cli_common_option(&o, c, optarg, &want_help))
			continue;
		if ((rc = cli_road_option(&road, "catchments", c, optarg)) >=
		    0) {
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
		case 'U': co.unit = optarg; break;
		case 0x7302: co.set = optarg; break;
		case 'M':
			rc = cli_metres("catchments", optarg, &co.margin);
			if (rc != CLI_OK)
				return rc;
			break;
		case 'C': co.crs = optarg; break;
		case 's': std_path = optarg; break;
		case 'R': co.population_raster = optarg; break;
		case 'n': co.dry_run = 1; break;
		default: return cli_usage("catchments", _("bad option"));
		}
	}
	if (want_help) {
		help();
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
