/*
 * cli/cmd_crosswalk.c - `schoolgis crosswalk FILE --from SET --to SET`
 * (also `schoolgis import crosswalk FILE ...`): old units -> new units
 * of a reform, read from a file or derived from the sets' polygons.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_opt opts[] = {
	CLI_OPT("from", 'f', false, N_("SET"),
		N_("the older set, e.g. 2019-01-01")),
	CLI_OPT("to", 't', false, N_("SET"),
		N_("the newer set, e.g. 2025-07-01 (created when missing)")),
	CLI_OPT("create-units", 'c', false, NULL,
		N_("create the newer set's units the file lists (code, name, "
		   "kind from the name, province)")),
	CLI_OPT("from-geometry", 'g', false, NULL,
		N_("derive the crosswalk from the two sets' polygons by area "
		   "overlap (no FILE)")),
	CLI_OPT("min-part", 'm', false, N_("F"),
		N_("with --from-geometry: overlaps below this part of an old "
		   "unit are slivers (default 0.005)")),
	CLI_OPT("population-raster", 'r', false, N_("FILE"),
		N_("share split units by the raster's people (band 1, people "
		   "per pixel) whose pixel centres lie in each overlap, "
		   "instead of by area (needs polygons)")),
	CLI_OPT("layer", 'l', false, N_("NAME"),
		N_("layer of a multi-layer file")),
	CLI_OPT("unmatched", 'u', false, N_("FILE"),
		N_("write the unmatched list as CSV (default: printed)")),
	CLI_OPT_DB,
	CLI_OPT_QUIET(N_("no summary")),
	CLI_OPT_JSON(N_("the summary and unmatched list as JSON")),
	CLI_OPT_END
};

static const cli_command cmd = {
	.name = "crosswalk",
	.usage = N_(
		"Usage: schoolgis import crosswalk FILE --from SET --to SET "
		"[OPTIONS]\n"
		"       schoolgis crosswalk FILE --from SET --to SET [OPTIONS]\n"
		"       schoolgis crosswalk --from-geometry --from SET --to SET\n\n"
		"Bảng chuyển đổi đơn vị hành chính cũ -> mới.  Read which old units "
		"(of the set\n--from) went into which new units (of the set --to), "
		"replacing the crosswalk\nbetween the two sets.  Layouts, recognised "
		"by their columns:\n"
		"  - the statistics office's change records (CSV, XLSX): old and "
		"adjusted\n    codes and names of province, district and ward on one"
		" row (Mã tỉnh,\n    Tên tỉnh, Mã huyện, Tên huyện, Mã xã, Tên xã, "
		"... mới / điều chỉnh),\n    and a notes column (Ghi chú);\n"
		"  - new -> old lists as JSON ({\"wards\": {id: {new_ward_id, "
		"new_ward_name,\n    new_province_name, old_wards: [...]}}}) or CSV "
		"(new_code, new_name,\n    new_province, old_code, old_name, "
		"old_district, old_province[, share]).\n"
		"Units are matched by code when the names agree, else by name within"
		" their\nprovince and district (diacritics, kind words and leading "
		"zeros ignored).\nA unit listed under several new units was split: "
		"shared by the area of the\npolygons' overlaps (by the people of "
		"--population-raster in them when\ngiven), else equally "
		"(flagged).  What is not matched is listed.\n"),
	.opts = opts,
	.notes = N_("Exit 3 when some rows were not matched (they are "
		    "listed).\n"),
};

int cmd_crosswalk(int argc, char **argv)
{
	sg_crosswalk_options xo = SG_CROSSWALK_OPTIONS_INIT;
	sg_crosswalk_summary s;
	const char *file = NULL, *unmatched_path = NULL;
	cli_common o = { 0 };
	cli_args args;
	sg_table *un = NULL;
	char *text = NULL, *end;
	int c, want_help = 0, rc;
	sg_ctx *ctx = NULL;

	if (cli_args_init(&args, &cmd, argc, argv) != CLI_OK)
		return CLI_ERROR;
	while ((c = cli_next(&args)) != -1) {
		if (cli_common_option(&o, c, optarg, &want_help))
			continue;
		switch (c) {
		case 'f': xo.from_set = optarg; break;
		case 't': xo.to_set = optarg; break;
		case 'c': xo.create_units = 1; break;
		case 'g': xo.from_geometry = 1; break;
		case 'l': xo.layer = optarg; break;
		case 'r': xo.population_raster = optarg; break;
		case 'u': unmatched_path = optarg; break;
		case 'm':
			xo.min_part = strtod(optarg, &end);
			if (*end || xo.min_part < 0 || xo.min_part >= 1)
				return cli_usage("crosswalk",
						 _("--min-part: a "
						   "fraction below 1"));
			break;
		default: return cli_usage("crosswalk", _("bad option"));
		}
	}
	if (want_help) {
		cli_help(&cmd);
		return CLI_OK;
	}
	if (argc - optind > 1 || (argc - optind == 1) == xo.from_geometry)
		return cli_usage("crosswalk", _("expected a FILE or "
						"--from-geometry"));
	if (!xo.from_set || !xo.to_set)
		return cli_usage("crosswalk",
				 _("--from and --to are required"));
	if (optind < argc)
		file = argv[optind];
	if ((rc = cli_open(&ctx, &o, 1)) != CLI_OK)
		goto done;
	rc = sg_crosswalk_import(ctx, file, &xo, &s, &un);
	if (rc != SG_OK) {
		rc = cli_fail(ctx, rc);
		goto done;
	}
	if (o.json) {
		printf("{\"file\": ");
		if (file)
			cli_json_string(stdout, file);
		else
			printf("null");
		printf(", \"run_id\": %lld, \"rows\": %lld, \"pairs\": %lld, "
		       "\"by_code\": %lld, \"by_name\": %lld, \"splits\": "
		       "%lld, \"unmatched\": %lld, \"created\": %lld, "
		       "\"uncovered\": %lld, \"unmatched_rows\": ",
		       (long long)s.run_id, (long long)s.rows,
		       (long long)s.pairs, (long long)s.by_code,
		       (long long)s.by_name, (long long)s.splits,
		       (long long)s.unmatched, (long long)s.created,
		       (long long)s.uncovered);
		if (sg_table_format(un, SG_FORMAT_JSON, &text) == SG_OK)
			fputs(text, stdout);
		else
			printf("null");
		printf("}\n");
	} else if (!o.quiet) {
		fprintf(stderr,
			_("crosswalk %s -> %s: %lld pairs %s, %lld stored; "
			  "old units matched by code %lld, by name %lld; %lld "
			  "split; %lld not matched; %lld new units created; "
			  "%lld old units without a crosswalk\n"),
			xo.from_set, xo.to_set, (long long)s.rows,
			xo.from_geometry ? _("of overlapping polygons")
					 : _("read"),
			(long long)s.pairs, (long long)s.by_code,
			(long long)s.by_name, (long long)s.splits,
			(long long)s.unmatched, (long long)s.created,
			(long long)s.uncovered);
	}
	if (s.unmatched > 0 && !o.json && unmatched_path) {
		/* A file for spreadsheets: UTF-8 with a BOM, written whole
		 * (atomically, by the library) or not at all. */
		if ((rc = sg_table_write(ctx, un, SG_FORMAT_CSV, unmatched_path,
					 true, true)) != SG_OK) {
			rc = cli_fail(ctx, rc);
			goto done;
		}
	} else if (s.unmatched > 0 && !o.json &&
		   sg_table_format(un, SG_FORMAT_TEXT, &text) == SG_OK) {
		fputs(text, stdout);
	}
	rc = s.unmatched > 0 ? CLI_REJECTED : CLI_OK;
done:
	sg_free(text);
	sg_table_free(un);
	sg_ctx_free(ctx);
	return rc;
}
