/*
 * cli/cmd_report.c - `schoolgis report --unit CODE -o report.html`.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void help(void)
{
	printf(_("Usage: schoolgis report --unit CODE -o report.html [--year Y]"
		 " [--lang vi|en] [--pdf]\n\n"
		 "The yearly report of a district (or the comparison of a "
		 "city's districts): one\nself-contained HTML file, print-ready "
		 "on A4, with key figures, charts,\ntables, trends, methodology,"
		 " data quality and provenance; each table also\nas a CSV "
		 "annex beside it (report-<table>.csv).\n\n"
		 "  --unit CODE        district or city code\n"
		 "  --units SET        the administrative set --unit is "
		 "looked up in\n"
		 "                     (2019-01-01, 2025-07-01; default: the "
		 "newest holding it)\n"
		 "  -o, --output FILE  the HTML file\n"
		 "  --year Y           school year (default: the latest)\n"
		 "  --lang vi|en       language (default: vi)\n"
		 "  --pdf              also print FILE.pdf with headless "
		 "Chromium (Debian\n"
		 "                     package chromium)\n"
		 "  --no-csv           no CSV annexes\n"
		 "  --standards FILE   standards config (default: "
		 "$SCHOOLGIS_STANDARDS, else\n"
		 "                     the official defaults)\n"
		 "  -f, --force        replace existing files\n"
		 "  --db FILE          the store\n"
		 "  -q, --quiet        print nothing on success\n"
		 "  --json             print {\"html\", \"pdf\"}\n"
		 "%s\n%s"),
	       _(cli_road_help), _(cli_exit_help));
}

int cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "unit", required_argument, NULL, 'u' },
		{ "units", required_argument, NULL, 0x7302 },
		{ "output", required_argument, NULL, 'o' },
		{ "year", required_argument, NULL, 'y' },
		{ "lang", required_argument, NULL, 'l' },
		{ "pdf", no_argument, NULL, 'p' },
		{ "no-csv", no_argument, NULL, 'n' },
		{ "standards", required_argument, NULL, 's' },
		{ "force", no_argument, NULL, 'f' },
		CLI_ROAD_OPTIONS,
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	sg_report_options ro = SG_REPORT_OPTIONS_INIT;
	const char *out = NULL, *std_path = NULL;
	sg_standards *std = NULL;
	cli_common o = { 0 };
	int c, want_help = 0, pdf = 0, rc;
	char pdf_path[4200] = "";
	sg_ctx *ctx = NULL;
	cli_road road = { 0 };

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:fqh", longopts, NULL)) != -1) {
		if (cli_common_option(&o, c, optarg, &want_help))
			continue;
		if ((rc = cli_road_option(&road, "report", c, optarg)) >= 0) {
			if (rc != CLI_OK)
				return rc;
			continue;
		}
		switch (c) {
		case 'u': ro.unit = optarg; break;
		case 0x7302: ro.set = optarg; break;
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
		help();
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
