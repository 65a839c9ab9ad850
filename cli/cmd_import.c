/*
 * cli/cmd_import.c - `schoolgis import units|schools|population|applicants
 * FILE|PG:...`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_opt opts[] = {
	CLI_OPT_HEADING(N_("Input:")),
	CLI_OPT("year", 'y', false, N_("Y"),
		N_("school year of the rows (2016-2017) when the file has no "
		   "year column; census year (2019) for population; for "
		   "applicants the school year of admission")),
	CLI_OPT("crs", 'c', false, N_("CRS"),
		N_("CRS of the coordinates: EPSG:32648, a PROJ string, WKT "
		   "(default: the file's; lon/lat columns: EPSG:4326)")),
	CLI_OPT("map", 'm', false, N_("FILE"),
		N_("column mapping, lines 'field = Column name'")),
	CLI_OPT("standards", 's', false, N_("FILE"),
		N_("applicants: priority labels ([priority_labels]) and the "
		   "exam score range (admission.score_min, score_max; default "
		   "0-50) of a standards file")),
	CLI_OPT("layer", 'l', false, N_("NAME"),
		N_("layer of a multi-layer file (GeoPackage), the sheet of a "
		   "workbook (diacritics optional; default: every sheet that "
		   "holds such a table), or the table (NAME or schema.NAME) of "
		   "a PG: database")),
	CLI_OPT_HEADING(N_("Spreadsheets (CSV, XLSX, ODS):")),
	CLI_OPT("header-row", 'H', false, N_("N"),
		N_("the header is row N, a CSV's line N (with a two-row "
		   "header its first row); default: the row naming the most "
		   "known columns. "
		   "Title rows above it, blank, totals (Tổng cộng, Cộng, ...) "
		   "and signature rows are skipped and listed as notes")),
	CLI_OPT("encoding", 'e', false, N_("E"),
		N_("a CSV's encoding (UTF-8, UTF-16LE, UTF-16BE, CP1258, "
		   "TCVN3, VNI, ...); default: detected (UTF-8 with or without "
		   "BOM, UTF-16 with BOM, else Windows-1258, TCVN3 or VNI)")),
	CLI_OPT_HEADING(N_("Units:")),
	CLI_OPT("kind", 'k', false, N_("K"),
		N_("ward, district or city, when there is no kind column")),
	CLI_OPT("set", 'S', false, N_("SET"),
		N_("administrative set, named by its start date (2025-07-01); "
		   "codes are looked up in it (default: units: each row's date "
		   "column (Ngày hiệu lực, effective_date), else 'default'; "
		   "others: the year's set)")),
	CLI_OPT("population-field", 'p', false, N_("F"),
		N_("attribute with the total population (with --year)")),
	CLI_OPT_HEADING(N_("Output:")),
	CLI_OPT("rejects", 'r', false, N_("FILE"),
		N_("rejects CSV (default: beside FILE, named FILE.rejects.csv, "
		   "e.g. schools.csv.rejects.csv; for a PG: table in the "
		   "current directory, TABLE.rejects.csv).  Rows are "
		   "spreadsheet rows (CSV, XLSX; the header is row 1), feature "
		   "numbers (GIS files) or feature ids, the primary key (PG: "
		   "tables)")),
	CLI_OPT_DB,
	CLI_OPT_QUIET(N_("no progress, no summary")),
	CLI_OPT_JSON(N_("print the summary as JSON on stdout")),
	CLI_OPT_END
};

static const cli_command cmd = {
	.name = "import",
	.usage = N_(
		"Usage: schoolgis import units|schools|population|applicants FILE "
		"[OPTIONS]\n\n"
		"Load a file into the store: CSV, XLSX, ODS, GeoJSON, GeoPackage or "
		"Shapefile;\nor a PostgreSQL/PostGIS table: FILE = \"PG:host=H "
		"dbname=D ...\" --layer TABLE.\nColumns are recognised by their English or Vietnamese "
		"names, with or without\ndiacritics (Mã trường, Tên trường, Cấp học, "
		"Số học sinh, Kinh độ, Vĩ độ, ...).\nOne transaction: a failed import "
		"changes nothing.  Rows with bad values are\nrejected (the others are "
		"imported) and listed in a rejects CSV.\n"),
	.opts = opts,
	.notes = N_(
		"Fields for --map: code name year lon lat x y levels ownership address"
		"\nunit_code students students_preschool students_primary\n"
		"students_lower_secondary students_upper_secondary classes "
		"seats_entry_grade\ncomputers_teaching computers_management printers "
		"webcams fibre bandwidth_mbps\nlan wifi website e_gradebook "
		"e_contact_book teachers teachers_it_standard\nunit_kind parent_code "
		"population age_from age_to count\n"
		"Applicants: code name grade year lon lat unit_code (the declared "
		"ward)\nbirth_date priority choice_1 choice_2 choice_3 score "
		"(Mã hồ sơ, Họ và tên,\nLớp, Ngày sinh, Đối tượng ưu tiên, NV1-NV3, "
		"Điểm xét tuyển, ...)\n"),
};

static void print_summary(const cli_common *o, const char *kind,
			  const char *file, const sg_import_summary *s)
{
	if (o->json) {
		printf("{\"kind\": \"%s\", \"file\": ", kind);
		cli_json_string(stdout, file);
		printf(", \"run_id\": %lld, \"rows\": %lld, \"inserted\": %lld, "
		       "\"updated\": %lld, \"unchanged\": %lld, \"rejected\": "
		       "%lld, \"flagged\": %lld, \"repaired\": %lld, "
		       "\"skipped\": %lld, \"rejects\": ",
		       (long long)s->run_id, (long long)s->rows,
		       (long long)s->inserted, (long long)s->updated,
		       (long long)s->unchanged, (long long)s->rejected,
		       (long long)s->flagged, (long long)s->repaired,
		       (long long)s->skipped);
		if (s->rejects_path[0])
			cli_json_string(stdout, s->rejects_path);
		else
			printf("null");
		printf("}\n");
		return;
	}
	if (o->quiet)
		return;
	fprintf(stderr,
		_("import %s: %s: %lld rows: %lld inserted, %lld updated, "
		  "%lld unchanged, %lld rejected, %lld flagged, %lld repaired, "
		  "%lld skipped\n"),
		kind, file, (long long)s->rows, (long long)s->inserted,
		(long long)s->updated, (long long)s->unchanged,
		(long long)s->rejected, (long long)s->flagged,
		(long long)s->repaired, (long long)s->skipped);
	if (s->rejects_path[0])
		fprintf(stderr, _("import %s: problems listed in %s\n"), kind,
			s->rejects_path);
}

int cmd_import(int argc, char **argv)
{
	sg_import_options io = SG_IMPORT_OPTIONS_INIT;
	sg_import_summary sum;
	sg_standards *std = NULL;
	const char *std_path = NULL;
	char name[4200];
	sg_import_kind kind;
	cli_common o = { 0 };
	cli_args args;
	int c, want_help = 0, rc;
	sg_ctx *ctx;

	if (argc >= 2 && strcmp(argv[1], "crosswalk") == 0)
		return cmd_crosswalk(argc - 1, argv + 1);
	if (cli_args_init(&args, &cmd, argc, argv) != CLI_OK)
		return CLI_ERROR;
	while ((c = cli_next(&args)) != -1) {
		if (cli_common_option(&o, c, optarg, &want_help))
			continue;
		switch (c) {
		case 'y': io.year = optarg; break;
		case 'c': io.crs = optarg; break;
		case 'm': io.map_path = optarg; break;
		case 'l': io.layer = optarg; break;
		case 'k': io.unit_kind = optarg; break;
		case 'p': io.population_field = optarg; break;
		case 'r': io.rejects_path = optarg; break;
		case 'e': io.encoding = optarg; break;
		case 'H': {
			char *end;
			long v = strtol(optarg, &end, 10);

			if (*optarg == '\0' || *end || v < 1 || v > 100000)
				return cli_usage("import",
						 _("--header-row '%s':"
						   " expected a row number (1, "
						   "2, ...)"),
						 optarg);
			io.header_row = (int)v;
			break;
		}
		case 'S': io.set = optarg; break;
		case 's': std_path = optarg; break;
		default: return cli_usage("import", _("bad option"));
		}
	}
	if (want_help) {
		cli_help(&cmd);
		return CLI_OK;
	}
	if (argc - optind != 2)
		return cli_usage("import",
				 _("expected units|schools|population|"
				   "applicants and a FILE"));
	if (strcmp(argv[optind], "units") == 0)
		kind = SG_IMPORT_UNITS;
	else if (strcmp(argv[optind], "schools") == 0)
		kind = SG_IMPORT_SCHOOLS;
	else if (strcmp(argv[optind], "population") == 0)
		kind = SG_IMPORT_POPULATION;
	else if (strcmp(argv[optind], "applicants") == 0)
		kind = SG_IMPORT_APPLICANTS;
	else
		return cli_usage("import",
				 _("unknown kind '%s' (units, schools, "
				   "population or applicants)"),
				 argv[optind]);
	/* Checked before anything is read: a bad year rejects every row. */
	if (io.year && sg_import_year_check(kind, io.year, NULL, 0) != 0)
		return cli_usage("import",
				 _("--year '%s': expected a school year"
				   " written in full, such as 2023-2024%s"),
				 io.year,
				 kind == SG_IMPORT_UNITS ||
						 kind == SG_IMPORT_POPULATION
					 ? _(" (or a census year such as 2019)")
					 : "");
	if ((rc = cli_open(&ctx, &o, 1)) != CLI_OK) {
		sg_ctx_free(ctx);
		return rc;
	}
	if (kind == SG_IMPORT_APPLICANTS &&
	    (rc = cli_load_standards(ctx, std_path, &std)) != CLI_OK) {
		sg_ctx_free(ctx);
		return rc;
	}
	io.standards = std;
	rc = sg_import(ctx, kind, argv[optind + 1], &io, &sum);
	cli_progress_done();
	if (rc != SG_OK) {
		const char *m = sg_ctx_errmsg(ctx);
		/* The library names no command: a units list without
		 * polygons has its own (English or Vietnamese message). */
		int list = kind == SG_IMPORT_UNITS && rc == SG_EINVALID &&
			   (strstr(m, ": no polygons: ") ||
			    strstr(m, ": không có đa giác: "));

		rc = cli_fail(ctx, rc);
		if (list)
			fprintf(stderr, "%s",
				_("schoolgis: import a unit list without "
				  "polygons with 'schoolgis units import-list "
				  "FILE --set SET'\n"));
	} else {
		/* A PG: string as the store records it: no password. */
		sg_source_name(argv[optind + 1], io.layer, name, sizeof(name));
		print_summary(&o, argv[optind], name, &sum);
		rc = sum.rejected > 0 ? CLI_REJECTED : CLI_OK;
	}
	sg_standards_free(std);
	sg_ctx_free(ctx);
	return rc;
}
