/*
 * cli/cmd_coverage.c - `schoolgis stats coverage --level L`: children
 * within reach of a school, seats and utilization, unserved areas.
 * Dispatched from cmd_stats.c.
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
	CLI_OPT("max-distance", 'd', false, N_("M"),
		N_("metres (default: distance.<level>)")),
	CLI_OPT("year", 'y', false, N_("Y"),
		N_("school year (default: each school's latest)")),
	CLI_OPT("population-year", 'p', false, N_("Y"),
		N_("census year (default: each ward's latest)")),
	CLI_OPT("units", 0x7312, false, N_("SET"),
		N_("the administrative set (2019-01-01, 2025-07-01): --unit is "
		   "looked up in it; without --unit, its units (default: the set "
		   "in force on the year's 1 September)")),
	CLI_OPT("unit", 'u', false, N_("CODE"),
		N_("only this unit's wards and schools (a district, a city)")),
	CLI_OPT("margin", 'm', false, N_("M"),
		N_("with --unit: schools up to M metres outside it serve its "
		   "children too (default 3000)")),
	CLI_OPT("table", 't', false, N_("T"),
		N_("print only that table (CSV prints one: default units)")),
	CLI_OPT("csv", 'V', false, NULL, N_("one table as CSV")),
	CLI_OPT_JSON(N_("{\"summary\", \"units\", \"schools\", "
			"\"unserved\"}")),
	CLI_OPT("crs", 'C', false, N_("CRS"),
		N_("metric CRS (default: UTM zone of the area)")),
	CLI_OPT("standards", 's', false, N_("FILE"),
		N_("standards config (default: $SCHOOLGIS_STANDARDS)")),
	CLI_OPT("whole", 0x7301, false, NULL,
		N_("a store of provinces in one piece, in one CRS (see "
		   "below)")),
	CLI_OPT_INCLUDE(cli_road_opts),
	CLI_OPT_DB,
	CLI_OPT_QUIET(N_("tables only, no totals")),
	CLI_OPT_END
};

static const cli_command cmd = {
	.name = "stats coverage",
	.usage = N_(
		"Usage: schoolgis stats coverage --level L [--max-distance M] "
		"[--year Y]\n"
		"                               [--table units|schools|"
		"unserved] [--csv|--json]\n\n"
		"How well the schools of a level cover the children of "
		"school age:\n"
		"  units     per ward: children of the level's ages, those "
		"within M of a\n"
		"            school, schools, students, seats, seats minus "
		"children,\n"
		"            utilization (students / seats)\n"
		"  schools   per school: students, classes, seats, "
		"utilization,\n"
		"            over_capacity, its catchment (nearest-school "
		"area), the children\n"
		"            living in it and their share of its seats "
		"(demand_pct)\n"
		"  unserved  the areas farther than M from every school, "
		"with their children\n\n"
		"Children: census age bands of the standards' ages "
		"(ages.<level>_from/_to),\n"
		"else total x shares.<level>; each ward's spread evenly over "
		"its area.\n"
		"Seats: classes x class_size.<level>, or students when "
		"classes are unknown.\n"),
	.opts = opts,
	.notes = N_("By road, grid squares of 250 m are within reach when a "
		    "school is within\n--max-distance metres (or "
		    "--max-minutes) along the roads from their centre.\n\n"
		    "A store of provinces is covered a province at a time, "
		    "each in the UTM zone\nof its centre (48N west of 108 E, "
		    "49N east of it); --whole computes it in\none piece, in "
		    "one CRS.\n"),
};

static void print_summary_text(const sg_coverage_summary *s,
			       const sg_table *schools, const char *level)
{
	int code = sg_table_col(schools, "school_code");
	int over = sg_table_col(schools, "over_capacity");
	int first = 1;

	double pct = isnan(s->within_pct) ? 0.0 : s->within_pct;

	if (s->by_road && s->time_cost)
		printf(_("\nTotal: %.0f children aged %d-%d; %.0f (%.1f%%) "
			 "within %g min by road of a %s school (network "
			 "'%s').\n"),
		       s->children, s->age_from, s->age_to, s->children_within,
		       pct, s->max_minutes, level, s->network);
	else if (s->by_road)
		printf(_("\nTotal: %.0f children aged %d-%d; %.0f (%.1f%%) "
			 "within %.0f m by road of a %s school (network "
			 "'%s').\n"),
		       s->children, s->age_from, s->age_to, s->children_within,
		       pct, s->max_distance, level, s->network);
	else
		printf(_("\nTotal: %.0f children aged %d-%d; %.0f (%.1f%%) "
			 "within %.0f m of a %s school.\n"),
		       s->children, s->age_from, s->age_to, s->children_within,
		       pct, s->max_distance, level);
	printf(_("%lld schools: %.0f students, %.0f seats (utilization "
		 "%.1f%%); %lld over capacity"),
	       (long long)s->schools, s->students, s->seats,
	       isnan(s->utilization_pct) ? 0.0 : s->utilization_pct,
	       (long long)s->over_capacity);
	for (size_t r = 0; r < sg_table_nrows(schools); r++) {
		if (sg_table_is_null(schools, r, (size_t)over) ||
		    sg_table_real(schools, r, (size_t)over) == 0)
			continue;
		printf("%s%s", first ? ": " : ", ",
		       sg_table_text(schools, r, (size_t)code));
		first = 0;
	}
	printf(_(".\nUnserved: %lld area%s, %.2f km2, %.0f children.\n"),
	       (long long)s->unserved_areas, cli_plural(s->unserved_areas),
	       s->unserved_area_km2, s->unserved_children);
}

static void print_summary_json(const sg_coverage_summary *s)
{
	printf("{\"units\": %lld, \"schools\": %lld, \"over_capacity\": "
	       "%lld, \"unserved_areas\": %lld, \"units_by_bands\": %lld, "
	       "\"units_by_share\": %lld, \"units_unknown\": %lld",
	       (long long)s->units, (long long)s->schools,
	       (long long)s->over_capacity, (long long)s->unserved_areas,
	       (long long)s->units_by_bands, (long long)s->units_by_share,
	       (long long)s->units_unknown);
	sg_json__fmember(stdout, "children", s->children);
	sg_json__fmember(stdout, "children_within", s->children_within);
	sg_json__fmember(stdout, "within_pct", s->within_pct);
	sg_json__fmember(stdout, "students", s->students);
	sg_json__fmember(stdout, "seats", s->seats);
	sg_json__fmember(stdout, "utilization_pct", s->utilization_pct);
	sg_json__fmember(stdout, "unserved_children", s->unserved_children);
	sg_json__fmember(stdout, "unserved_area_km2", s->unserved_area_km2);
	sg_json__fmember(stdout, "study_area_km2", s->study_area_km2);
	sg_json__fmember(stdout, "max_distance_m", s->max_distance);
	/* By road only: straight-line output stays as it was. */
	if (s->by_road) {
		sg_json__fmember(stdout, "max_minutes", s->max_minutes);
		printf(", \"distance\": \"road\", \"cost\": \"%s\", "
		       "\"network\": ",
		       s->time_cost ? "time" : "length");
		cli_json_string(stdout, s->network);
	}
	printf(", \"ages\": [%d, %d], \"crs\": ", s->age_from, s->age_to);
	cli_json_string(stdout, s->crs);
	printf("}");
}

static int print_table(const sg_table *t, sg_table_format_kind k)
{
	char *text = NULL;

	if (sg_table_format(t, k, &text) != SG_OK)
		return -1;
	fputs(text, stdout);
	sg_free(text);
	return 0;
}

int cmd_stats_coverage(int argc, char **argv)
{
	static const char *const tnames[3] = { "units", "schools", "unserved" };
	sg_coverage_options co = SG_COVERAGE_OPTIONS_INIT;
	sg_coverage_summary sum;
	sg_table *tables[3] = { NULL, NULL, NULL };
	sg_standards *std = NULL;
	const char *std_path = NULL, *table = NULL;
	cli_common o = { 0 };
	cli_args args;
	int c, want_help = 0, rc, csv = 0, only = -1;
	sg_ctx *ctx = NULL;
	cli_road road = { 0 };

	if (cli_args_init(&args, &cmd, argc, argv) != CLI_OK)
		return CLI_ERROR;
	while ((c = cli_next(&args)) != -1) {
		if (cli_common_option(&o, c, optarg, &want_help))
			continue;
		if ((rc = cli_road_option(&road, "stats coverage", c,
					  optarg)) >= 0) {
			if (rc != CLI_OK)
				return rc;
			continue;
		}
		switch (c) {
		case 'l': co.level = optarg; break;
		case 'd':
			rc = cli_metres("stats coverage", optarg,
					&co.max_distance);
			if (rc != CLI_OK)
				return rc;
			break;
		case 'y': co.year = optarg; break;
		case 'p': co.population_year = optarg; break;
		case 'u': co.unit = optarg; break;
		case 0x7312: co.set = optarg; break;
		case 'm':
			rc = cli_metres("stats coverage", optarg, &co.margin);
			if (rc != CLI_OK)
				return rc;
			break;
		case 't': table = optarg; break;
		case 'V': csv = 1; break;
		case 'C': co.crs = optarg; break;
		case 's': std_path = optarg; break;
		case 0x7301: co.whole = true; break;
		default: return cli_usage("stats coverage", _("bad option"));
		}
	}
	if (want_help) {
		cli_help(&cmd);
		return CLI_OK;
	}
	/* Called as "coverage ..." or "stats coverage ...". */
	for (; optind < argc; optind++)
		if (strcmp(argv[optind], "coverage") != 0 &&
		    strcmp(argv[optind], "stats") != 0)
			return cli_usage("stats coverage",
					 _("unexpected "
					   "argument '%s'"),
					 argv[optind]);
	if (!co.level)
		return cli_usage("stats coverage", _("--level is required"));
	if (csv && o.json)
		return cli_usage("stats coverage",
				 _("--csv or --json, not both"));
	if ((rc = cli_road_check(&road, "stats coverage")) != CLI_OK)
		return rc;
	if (road.on)
		co.road = &road.d;
	for (int i = 0; table && i < 3; i++)
		if (strcmp(table, tnames[i]) == 0)
			only = i;
	if (table && only < 0)
		return cli_usage("stats coverage",
				 _("unknown table '%s' (units,"
				   " schools, unserved)"),
				 table);
	if (csv && only < 0)
		only = 0;
	if ((rc = cli_open_standards(&ctx, &o, 1, std_path, &std)) != CLI_OK) {
		sg_ctx_free(ctx);
		return rc;
	}
	co.standards = std;
	rc = sg_coverage_compute(ctx, &co, &tables[0], &tables[1], &tables[2],
				 &sum);
	cli_progress_done();
	if (rc != SG_OK) {
		rc = cli_fail(ctx, rc);
		goto done;
	}
	rc = CLI_OK;
	if (csv) {
		if (print_table(tables[only], SG_FORMAT_CSV) != 0)
			rc = CLI_ERROR;
	} else if (o.json) {
		printf("{\"summary\": ");
		print_summary_json(&sum);
		for (int i = 0; i < 3 && rc == CLI_OK; i++) {
			if (only >= 0 && i != only)
				continue;
			printf(", \"%s\": ", tnames[i]);
			if (print_table(tables[i], SG_FORMAT_JSON) != 0)
				rc = CLI_ERROR;
		}
		printf("}\n");
	} else {
		for (int i = 0; i < 3 && rc == CLI_OK; i++) {
			if (only >= 0 && i != only)
				continue;
			if (print_table(tables[i], SG_FORMAT_TEXT) != 0)
				rc = CLI_ERROR;
			printf("\n");
		}
		if (!o.quiet)
			print_summary_text(&sum, tables[1],
					   cli_level_label(co.level));
	}
	if (rc == CLI_ERROR)
		fprintf(stderr, _("schoolgis: out of memory\n"));
done:
	for (int i = 0; i < 3; i++)
		sg_table_free(tables[i]);
	sg_standards_free(std);
	sg_ctx_free(ctx);
	return rc;
}
