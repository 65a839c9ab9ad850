/*
 * cli/cmd_report.c - `schoolgis report --unit CODE -o report.html`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_opt opts[] = {
	CLI_OPT("unit", 'u', false, N_("CODE"), N_("district or city code")),
	CLI_OPT("units", 0x7312, false, N_("SET"),
		N_("the administrative set --unit is looked up in (default: "
		   "the newest holding it)")),
	CLI_OPT("output", 'o', true, N_("FILE"), N_("the HTML file")),
	CLI_OPT("year", 'y', false, N_("Y"),
		N_("school year (default: the latest)")),
	CLI_OPT("lang", 'l', false, N_("vi|en"), N_("language (default: vi)")),
	CLI_OPT("pdf", 'p', false, NULL,
		N_("also print FILE.pdf with headless Chromium (Debian package "
		   "chromium)")),
	CLI_OPT("no-csv", 'n', false, NULL, N_("no CSV annexes")),
	CLI_OPT("standards", 's', false, N_("FILE"),
		N_("standards config (default: $SCHOOLGIS_STANDARDS, else the "
		   "official defaults)")),
	CLI_OPT("force", 'f', true, NULL, N_("replace existing files")),
	CLI_OPT_DB,
	CLI_OPT_QUIET(N_("print nothing on success")),
	CLI_OPT_JSON(N_("print {\"html\", \"pdf\"}")),
	CLI_OPT_INCLUDE(cli_road_opts),
	CLI_OPT_END
};

static const cli_command cmd = {
	.name = "report",
	.usage = N_("Usage: schoolgis report --unit CODE -o report.html "
		    "[--year Y] [--lang vi|en] [--pdf]\n\n"
		    "The yearly report of a district (or the comparison of a "
		    "city's districts): one\nself-contained HTML file, "
		    "print-ready on A4, with key figures, charts,\ntables, "
		    "trends, methodology, data quality and provenance; each "
		    "table also\nas a CSV annex beside it "
		    "(report-<table>.csv).\n"),
	.opts = opts,
};

int cmd_report(int argc, char **argv)
{
	sg_report_options ro = SG_REPORT_OPTIONS_INIT;
	const char *out = NULL, *std_path = NULL;
	sg_standards *std = NULL;
	cli_common o = { 0 };
	cli_args args;
	int c, want_help = 0, pdf = 0, rc;
	char pdf_path[4200] = "";
	sg_ctx *ctx = NULL;
	cli_road road = { 0 };

	if (cli_args_init(&args, &cmd, argc, argv) != CLI_OK)
		return CLI_ERROR;
	while ((c = cli_next(&args)) != -1) {
		if (cli_common_option(&o, c, optarg, &want_help))
			continue;
		if ((rc = cli_road_option(&road, "report", c, optarg)) >= 0) {
			if (rc != CLI_OK)
				return rc;
			continue;
		}
		switch (c) {
		case 'u': ro.unit = optarg; break;
		case 0x7312: ro.set = optarg; break;
		case 'o': out = optarg; break;
		case 'y': ro.year = optarg; break;
		case 'l': ro.lang = optarg; break;
		case 'p': pdf = 1; break;
		case 'n': ro.csv_annexes = false; break;
		case 's': std_path = optarg; break;
		case 'f': ro.overwrite = true; break;
		default: return cli_usage("report", _("bad option"));
		}
	}
	if (want_help) {
		cli_help(&cmd);
		return CLI_OK;
	}
	if (optind < argc || !ro.unit || !out)
		return cli_usage("report",
				 _("expected --unit CODE and -o FILE"));
	if (strcmp(ro.lang, "vi") && strcmp(ro.lang, "en"))
		return cli_usage("report", _("--lang: vi or en"));
	if ((rc = cli_road_check(&road, "report")) != CLI_OK)
		return rc;
	if (road.on && road.d.cost == SG_ROADS_COST_TIME &&
	    !(road.d.max_minutes > 0))
		return cli_usage("report", _("--cost time needs "
					     "--max-minutes"));
	if (road.on)
		ro.road = &road.d;
	if ((rc = cli_open_standards(&ctx, &o, 1, std_path, &std)) != CLI_OK)
		goto done;
	ro.standards = std;
	rc = sg_report_write(ctx, out, &ro);
	if (rc == SG_OK && pdf) {
		size_t n = strlen(out);

		if (n > 5 && strcmp(out + n - 5, ".html") == 0)
			n -= 5;
		snprintf(pdf_path, sizeof(pdf_path), "%.*s.pdf", (int)n, out);
		rc = sg_report_pdf(ctx, out, pdf_path);
	}
	cli_progress_done();
	if (rc != SG_OK) {
		rc = cli_fail(ctx, rc);
	} else if (o.json) {
		printf("{\"html\": ");
		cli_json_string(stdout, out);
		printf(", \"pdf\": ");
		if (pdf_path[0])
			cli_json_string(stdout, pdf_path);
		else
			printf("null");
		printf("}\n");
	} else if (!o.quiet) {
		fprintf(stderr, _("report: %s%s%s\n"), out,
			pdf_path[0] ? ", " : "", pdf_path);
	}
done:
	sg_standards_free(std);
	sg_ctx_free(ctx);
	return rc;
}
