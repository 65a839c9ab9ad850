/*
 * cli/cmd_units.c - `schoolgis units sets|add-set|figures|trends`: the
 * administrative sets of the store and figures reported on any of them.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void help(void)
{
	printf(_("Usage: schoolgis units sets [--csv|--json]\n"
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
		 " one set\n\n"
		 "Options:\n"
		 "  --year Y          school year (2025-2026); reported on the set in "
		 "force on\n                    its 1 September unless --units\n"
		 "  --units SET       the set to report on (trends: default the "
		 "newest)\n"
		 "  --unit CODE       a unit of that set (commune, district, province)"
		 "\n"
		 "  --population-year Y   census year (default: the latest up to the "
		 "year)\n"
		 "  --start DATE      add-set: the set's start date\n"
		 "  --csv             CSV instead of a text table\n"
		 "  --db FILE         the store (default: $SCHOOLGIS_DB, else "
		 "./schoolgis.sqlite)\n"
		 "  -q, --quiet       no progress\n"
		 "  --json            JSON on stdout\n\n"
		 "Each figure states its method: schools by location (or declared "
		 "unit),\npopulation stored or carried through the crosswalk (area, "
		 "population or\nequal shares for split units).\n\n%s"),
	       _(cli_exit_help));
}

int cmd_units(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "units", required_argument, NULL, 'u' },
		{ "unit", required_argument, NULL, 'U' },
		{ "population-year", required_argument, NULL, 'p' },
		{ "start", required_argument, NULL, 's' },
		{ "set", required_argument, NULL, 'S' },
		{ "csv", no_argument, NULL, 'C' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	sg_unit_figures_options fo = SG_UNIT_FIGURES_OPTIONS_INIT;
	const char *what, *start = NULL, *set = NULL;
	cli_common o = { 0 };
	int c, want_help = 0, csv = 0, rc;
	sg_table *t = NULL;
	char *text = NULL;
	sg_ctx *ctx = NULL;

	optind = 1;
	while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
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
		help();
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
