/*
 * cli/cmd_stats.c - `schoolgis stats ratios|it|rollup` and
 * `schoolgis standards`.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static void help(void)
{
	printf(_("Usage: schoolgis stats ratios|it|rollup|coverage [OPTIONS]\n\n"
		 "  ratios    students per teaching computer against the standard of "
		 "each level,\n"
		 "            school-wide ratio, computers missing and their cost, "
		 "management\n"
		 "            equipment (>= 2 management computers, 1 printer, 1 "
		 "webcam)\n"
		 "  it        fibre, LAN, Wi-Fi, website, e-gradebook, e-contact "
		 "book and\n"
		 "            IT-standard teachers against targets: numerator, "
		 "denominator,\n"
		 "            share, target and gap\n"
		 "  rollup    school -> ward -> district -> city: every unit with the "
		 "key\n"
		 "            indicators (rates are ratios of sums)\n"
		 "  coverage  population within the distance norm of a school "
		 "(see\n"
		 "            'schoolgis stats coverage --help')\n\n"
		 "Options:\n"
		 "  --year Y          school year (default: the latest in the store, or\n"
		 "                    of the unit's schools with --unit)\n"
		 "  --unit CODE       only this unit (a ward, district or city) and the\n"
		 "                    units below it; nothing else is read\n"
		 "  --units SET       the administrative set to report on "
		 "(2019-01-01,\n"
		 "                    2025-07-01); --unit is looked up in it "
		 "(default: the\n"
		 "                    set in force on the year's 1 September)\n"
		 "  --years A..B      trends: each indicator per year and its change "
		 "(also\n"
		 "                    a comma-separated list of years)\n"
		 "  --by B            school, ward (default), district, city or level "
		 "(ratios, it)\n"
		 "  --standards FILE  standards config (default: $SCHOOLGIS_STANDARDS,"
		 " else the\n"
		 "                    official defaults; see 'schoolgis standards')\n"
		 "  --csv, --json     output format (default: a text table)\n"
		 "  --excel           with --csv: start with a UTF-8 byte order mark, "
		 "so that\n"
		 "                    Excel on Vietnamese Windows reads the accents\n"
		 "  -o, --output FILE write the output to FILE instead of stdout\n"
		 "  --gpkg FILE       rollup: also write the unit polygons with the "
		 "indicators\n"
		 "                    (.gpkg or .geojson), ready for maps\n"
		 "  -f, --force       replace existing output files\n"
		 "  --db FILE         the store\n"
		 "  -q, --quiet       no progress\n\n%s"),
	       _(cli_exit_help));
}

int cmd_stats(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "years", required_argument, NULL, 'Y' },
		{ "unit", required_argument, NULL, 'u' },
		{ "units", required_argument, NULL, 'S' },
		{ "by", required_argument, NULL, 'b' },
		{ "standards", required_argument, NULL, 's' },
		{ "csv", no_argument, NULL, 'C' },
		{ "excel", no_argument, NULL, 'X' },
		{ "output", required_argument, NULL, 'o' },
		{ "gpkg", required_argument, NULL, 'g' },
		{ "force", no_argument, NULL, 'f' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	static const char *const by_names[] = { "school", "ward",  "district",
						"city",	  "level", NULL };
	sg_stats_options so = SG_STATS_OPTIONS_INIT;
	const char *std_path = NULL, *out = NULL, *gpkg = NULL, *what;
	sg_standards *std = NULL;
	sg_table *t = NULL;
	cli_common o = { 0 };
	int c, want_help = 0, csv = 0, excel = 0, force = 0, rc;
	char *text = NULL;
	sg_table_format_kind kind;
	sg_ctx *ctx = NULL;

	if (argc >= 2 && strcmp(argv[1], "coverage") == 0)
		return cmd_stats_coverage(argc - 1, argv + 1);
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:fqh", longopts, NULL)) != -1) {
		if (cli_common_option(&o, c, optarg, &want_help))
			continue;
		switch (c) {
		case 'y': so.year = optarg; break;
		case 'Y': so.years = optarg; break;
		case 'u': so.unit = optarg; break;
		case 'S': so.set = optarg; break;
		case 's': std_path = optarg; break;
		case 'C': csv = 1; break;
		case 'X': excel = 1; break;
		case 'o': out = optarg; break;
		case 'g': gpkg = optarg; break;
		case 'f': force = 1; break;
		case 'b': {
			int i;

			for (i = 0; by_names[i]; i++)
				if (strcmp(optarg, by_names[i]) == 0)
					break;
			if (!by_names[i])
				return cli_usage("stats",
						 _("--by: school, ward, "
						   "district, city or level"));
			so.by = (sg_stats_by)i;
			break;
		}
		default: return cli_usage("stats", _("bad option"));
		}
	}
	if (want_help) {
		help();
		return CLI_OK;
	}
	if (argc - optind != 1)
		return cli_usage("stats", _("expected ratios, it, rollup or "
					    "coverage"));
	what = argv[optind];
	if (strcmp(what, "ratios") && strcmp(what, "it") &&
	    strcmp(what, "rollup"))
		return cli_usage("stats", _("unknown statistic '%s'"), what);
	if (gpkg && strcmp(what, "rollup") != 0)
		return cli_usage("stats", _("--gpkg goes with rollup"));
	if (csv && o.json)
		return cli_usage("stats", _("--csv or --json, not both"));
	if (excel && !csv)
		return cli_usage("stats", _("--excel goes with --csv"));
	if ((rc = cli_open_standards(&ctx, &o, 1, std_path, &std)) != CLI_OK)
		goto done;
	so.standards = std;
	rc = strcmp(what, "ratios") == 0 ? sg_stats_ratios(ctx, &so, &t)
	     : strcmp(what, "it") == 0	 ? sg_stats_it(ctx, &so, &t)
					 : sg_stats_rollup(ctx, &so, &t);
	if (rc == SG_OK && gpkg)
		rc = sg_table_export_units(ctx, t, "unit_code", gpkg, force);
	if (rc != SG_OK) {
		rc = cli_fail(ctx, rc);
		goto done;
	}
	kind = o.json ? SG_FORMAT_JSON : csv ? SG_FORMAT_CSV : SG_FORMAT_TEXT;
	if (out) {
		/* Atomic, in the library (util/file.h); the advice here. */
		if (!force && access(out, F_OK) == 0) {
			fprintf(stderr,
				_("schoolgis: %s exists (use --force)\n"), out);
			rc = CLI_BADINPUT;
		} else if ((rc = sg_table_write(ctx, t, kind, out, excel,
						force)) != SG_OK) {
			rc = cli_fail(ctx, rc);
		}
		goto done;
	}
	if (sg_table_format(t, kind, &text) != SG_OK) {
		rc = CLI_ERROR;
		goto done;
	}
	if (excel)
		fputs("\xef\xbb\xbf", stdout); /* Excel's sign of UTF-8 */
	fputs(text, stdout);
	rc = CLI_OK;
done:
	sg_free(text);
	sg_table_free(t);
	sg_standards_free(std);
	sg_ctx_free(ctx);
	return rc;
}

int cmd_standards(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "standards", required_argument, NULL, 's' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	const char *path = NULL;
	sg_standards *std = NULL;
	cli_common o = { 0 };
	int c, want_help = 0, rc;
	char *text = NULL;
	sg_ctx *ctx = NULL;

	optind = 1;
	while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		if (cli_common_option(&o, c, optarg, &want_help))
			continue;
		if (c != 's')
			return cli_usage("standards", _("bad option"));
		path = optarg;
	}
	if (want_help) {
		printf(_("Usage: schoolgis standards [--standards FILE]\n\n"
			 "Print the active standards and targets as a config "
			 "file: the official\ndefaults, overridden by FILE "
			 "(or $SCHOOLGIS_STANDARDS).  Save the output,\nedit "
			 "it and pass it with --standards to any command.\n\n"
			 "%s"),
		       _(cli_exit_help));
		return CLI_OK;
	}
	if ((rc = cli_open_standards(&ctx, &o, 0, path, &std)) != CLI_OK)
		goto done;
	if (sg_standards_format(std, &text) != SG_OK) {
		rc = CLI_ERROR;
		goto done;
	}
	fputs(text, stdout);
done:
	sg_free(text);
	sg_standards_free(std);
	sg_ctx_free(ctx);
	return rc;
}
