/*
 * cli/cmd_stats.c - `schoolgis stats ratios|it|rollup` and
 * `schoolgis standards`.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const cli_opt opts[] = {
	CLI_OPT("year", 'y', false, N_("Y"),
		N_("school year (default: the latest in the store, or of the "
		   "unit's schools with --unit)")),
	CLI_OPT("units", 0x7312, false, N_("SET"),
		N_("the administrative set (2019-01-01, 2025-07-01): --unit is "
		   "looked up in it; without --unit, its units (default: the set "
		   "in force on the year's 1 September)")),
	CLI_OPT("unit", 'u', false, N_("CODE"),
		N_("only this unit (a ward, district or city) and the units "
		   "below it; nothing else is read")),
	CLI_OPT("years", 'Y', false, N_("A..B"),
		N_("trends: each indicator per year and its change (also a "
		   "comma-separated list of years)")),
	CLI_OPT("by", 'b', false, N_("B"),
		N_("school, ward (default), district, city or level (ratios, "
		   "it)")),
	CLI_OPT("standards", 's', false, N_("FILE"),
		N_("standards config (default: $SCHOOLGIS_STANDARDS, else the "
		   "official defaults; see 'schoolgis standards')")),
	CLI_OPT("csv", 'C', false, NULL,
		N_("CSV output (default: a text table)")),
	CLI_OPT_JSON(N_("JSON output")),
	CLI_OPT("excel", 'X', false, NULL,
		N_("with --csv: start with a UTF-8 byte order mark, so that "
		   "Excel on Vietnamese Windows reads the accents")),
	CLI_OPT("output", 'o', true, N_("FILE"),
		N_("write the output to FILE instead of stdout")),
	CLI_OPT("gpkg", 'g', false, N_("FILE"),
		N_("rollup: also write the unit polygons with the indicators "
		   "(.gpkg or .geojson), ready for maps")),
	CLI_OPT("force", 'f', true, NULL, N_("replace existing output files")),
	CLI_OPT_DB,
	CLI_OPT_QUIET(N_("no progress")),
	CLI_OPT_END
};

static const cli_command cmd = {
	.name = "stats",
	.usage = N_(
		"Usage: schoolgis stats ratios|it|rollup|coverage [OPTIONS]\n\n"
		"  ratios    students per teaching computer against the "
		"standard of each level,\n"
		"            school-wide ratio, computers missing and their "
		"cost, management\n"
		"            equipment (>= 2 management computers, 1 printer, "
		"1 webcam)\n"
		"  it        fibre, LAN, Wi-Fi, website, e-gradebook, "
		"e-contact book and\n"
		"            IT-standard teachers against targets: numerator, "
		"denominator,\n"
		"            share, target and gap\n"
		"  rollup    school -> ward -> district -> city: every unit "
		"with the key\n"
		"            indicators (rates are ratios of sums)\n"
		"  coverage  population within the distance norm of a school "
		"(see\n"
		"            'schoolgis stats coverage --help')\n"),
	.opts = opts,
};

static const cli_opt standards_opts[] = {
	CLI_OPT("standards", 's', false, N_("FILE"),
		N_("the standards file to read over the defaults (default: "
		   "$SCHOOLGIS_STANDARDS)")),
	CLI_OPT_END
};

static const cli_command standards_cmd = {
	.name = "standards",
	.usage = N_("Usage: schoolgis standards [--standards FILE]\n\n"
		    "Print the active standards and targets as a config "
		    "file: the official\ndefaults, overridden by FILE "
		    "(or $SCHOOLGIS_STANDARDS).  Save the output,\nedit "
		    "it and pass it with --standards to any command.\n"),
	.opts = standards_opts,
};

int cmd_stats(int argc, char **argv)
{
	static const char *const by_names[] = { "school", "ward",  "district",
						"city",	  "level", NULL };
	sg_stats_options so = SG_STATS_OPTIONS_INIT;
	const char *std_path = NULL, *out = NULL, *gpkg = NULL, *what;
	sg_standards *std = NULL;
	sg_table *t = NULL;
	cli_common o = { 0 };
	cli_args args;
	int c, want_help = 0, csv = 0, excel = 0, force = 0, rc;
	char *text = NULL;
	sg_table_format_kind kind;
	sg_ctx *ctx = NULL;

	if (argc >= 2 && strcmp(argv[1], "coverage") == 0)
		return cmd_stats_coverage(argc - 1, argv + 1);
	if (cli_args_init(&args, &cmd, argc, argv) != CLI_OK)
		return CLI_ERROR;
	while ((c = cli_next(&args)) != -1) {
		if (cli_common_option(&o, c, optarg, &want_help))
			continue;
		switch (c) {
		case 'y': so.year = optarg; break;
		case 'Y': so.years = optarg; break;
		case 'u': so.unit = optarg; break;
		case 0x7312: so.set = optarg; break;
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
		cli_help(&cmd);
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
	const char *path = NULL;
	sg_standards *std = NULL;
	cli_common o = { 0 };
	cli_args args;
	int c, want_help = 0, rc;
	char *text = NULL;
	sg_ctx *ctx = NULL;

	if (cli_args_init(&args, &standards_cmd, argc, argv) != CLI_OK)
		return CLI_ERROR;
	while ((c = cli_next(&args)) != -1) {
		if (cli_common_option(&o, c, optarg, &want_help))
			continue;
		if (c != 's')
			return cli_usage("standards", _("bad option"));
		path = optarg;
	}
	if (want_help) {
		cli_help(&standards_cmd);
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
