/*
 * cli/cmd_units.c - `schoolgis units sets|add-set|figures|trends`: the
 * administrative sets of the store and figures reported on any of them.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const cli_opt opts[] = {
	CLI_OPT("year", 'y', false, N_("Y"),
		N_("school year (2025-2026); reported on the set in force on "
		   "its 1 September unless --units")),
	CLI_OPT("units", 'u', false, N_("SET"),
		N_("the set to report on (trends: default the newest)")),
	CLI_OPT("unit", 'U', false, N_("CODE"),
		N_("a unit of that set (commune, district, province)")),
	CLI_OPT("population-year", 'p', false, N_("Y"),
		N_("census year (default: the latest up to the year)")),
	CLI_OPT("start", 's', false, N_("DATE"),
		N_("add-set: the set's start date")),
	CLI_OPT("set", 'S', false, N_("SET"),
		N_("import-list: the set the units go into")),
	CLI_OPT("csv", 'C', false, NULL, N_("CSV instead of a text table")),
	CLI_OPT_DB,
	CLI_OPT_QUIET(N_("no progress")),
	CLI_OPT_JSON(N_("JSON on stdout")),
	CLI_OPT_END
};

static const cli_command cmd = {
	.name = "units",
	.usage = N_(
		"Usage: schoolgis units sets [--csv|--json]\n"
		"       schoolgis units add-set NAME [--start YYYY-MM-DD]\n"
		"       schoolgis units import-list FILE --set SET\n"
		"       schoolgis units figures --year Y [--units SET] [--unit CODE]\n"
		"       schoolgis units trends --unit CODE [--units SET]\n\n"
		"Đơn vị hành chính theo từng bộ (set): bộ 2019-01-01 (tỉnh - huyện - "
		"xã),\nbộ 2025-07-01 (tỉnh - xã/phường/đặc khu).  Administrative sets"
		": every unit\nbelongs to a set named by the date it came into "
		"force; import units with\n`schoolgis import units FILE --set "
		"2025-07-01`, link sets with\n`schoolgis import crosswalk FILE "
		"--from 2019-01-01 --to 2025-07-01`.\n\n"
		"  sets              the sets, their units by tier and kind, polygons,"
		"\n                    units with a crosswalk\n"
		"  add-set NAME      add a set (NAME a date, or give --start)\n"
		"  import-list FILE  a unit list without polygons (the statistics "
		"office's\n                    JSON: data[] level1_id, level2s[], "
		"level3s[]) into --set\n"
		"  figures           schools, students, classes, teachers and "
		"population of\n"
		"                    a unit and its units (default: the top units) in"
		" one\n                    school year\n"
		"  trends            the same for one unit, every school year, all on"
		" one set\n"),
	.opts = opts,
	.notes = N_("Each figure states its method: schools by location (or "
		    "declared unit),\npopulation stored or carried through "
		    "the crosswalk (area, population or\nequal shares for "
		    "split units).\n"),
};

int cmd_units(int argc, char **argv)
{
	sg_unit_figures_options fo = SG_UNIT_FIGURES_OPTIONS_INIT;
	const char *what, *start = NULL, *set = NULL;
	cli_common o = { 0 };
	cli_args args;
	int c, want_help = 0, csv = 0, rc;
	sg_table *t = NULL;
	char *text = NULL;
	sg_ctx *ctx = NULL;

	if (cli_args_init(&args, &cmd, argc, argv) != CLI_OK)
		return CLI_ERROR;
	while ((c = cli_next(&args)) != -1) {
		if (cli_common_option(&o, c, optarg, &want_help))
			continue;
		switch (c) {
		case 'y': fo.year = optarg; break;
		case 'u': fo.set = optarg; break;
		case 'U': fo.unit = optarg; break;
		case 'p': fo.population_year = optarg; break;
		case 's': start = optarg; break;
		case 'S': set = optarg; break;
		case 'C': csv = 1; break;
		default: return cli_usage("units", _("bad option"));
		}
	}
	if (want_help) {
		cli_help(&cmd);
		return CLI_OK;
	}
	if (optind >= argc)
		return cli_usage("units",
				 _("expected sets, add-set, figures or "
				   "trends"));
	what = argv[optind];
	if (strcmp(what, "add-set") == 0 || strcmp(what, "import-list") == 0
		    ? argc - optind != 2
		    : argc - optind != 1)
		return cli_usage("units", _("wrong number of arguments"));
	if (strcmp(what, "figures") == 0 && !fo.year)
		return cli_usage("units", _("figures need --year"));
	if (strcmp(what, "trends") == 0 && !fo.unit)
		return cli_usage("units", _("trends need --unit"));
	if (strcmp(what, "import-list") == 0 && !set)
		return cli_usage("units", _("import-list needs --set"));
	if (strcmp(what, "sets") && strcmp(what, "add-set") &&
	    strcmp(what, "import-list") && strcmp(what, "figures") &&
	    strcmp(what, "trends"))
		return cli_usage("units", _("unknown command '%s'"), what);
	if (csv && o.json)
		return cli_usage("units", _("--csv or --json, not both"));
	if ((rc = cli_open(&ctx, &o, 1)) != CLI_OK)
		goto done;
	if (strcmp(what, "add-set") == 0) {
		rc = sg_unit_set_add(ctx, argv[optind + 1], start);
		if (rc == SG_OK && !o.quiet)
			fprintf(stderr, _("units: set %s added\n"),
				argv[optind + 1]);
		rc = rc == SG_OK ? CLI_OK : cli_fail(ctx, rc);
		goto done;
	}
	if (strcmp(what, "import-list") == 0) {
		int64_t n = 0;

		rc = sg_unit_list_import(ctx, argv[optind + 1], set, &n);
		if (rc == SG_OK && o.json)
			printf("{\"set\": \"%s\", \"units\": %lld}\n", set,
			       (long long)n);
		else if (rc == SG_OK && !o.quiet)
			fprintf(stderr,
				_("units: %lld units into the set %s\n"),
				(long long)n, set);
		rc = rc == SG_OK ? CLI_OK : cli_fail(ctx, rc);
		goto done;
	}
	rc = strcmp(what, "sets") == 0	    ? sg_unit_sets(ctx, &t)
	     : strcmp(what, "figures") == 0 ? sg_unit_figures(ctx, &fo, &t)
					    : sg_unit_trends(ctx, &fo, &t);
	if (rc != SG_OK) {
		rc = cli_fail(ctx, rc);
		goto done;
	}
	if (sg_table_format(t,
			    o.json ? SG_FORMAT_JSON
			    : csv  ? SG_FORMAT_CSV
				   : SG_FORMAT_TEXT,
			    &text) != SG_OK) {
		rc = CLI_ERROR;
		goto done;
	}
	fputs(text, stdout);
	rc = CLI_OK;
done:
	sg_free(text);
	sg_table_free(t);
	sg_ctx_free(ctx);
	return rc;
}
