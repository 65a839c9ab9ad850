/*
 * cli/cmd_export.c - `schoolgis export LAYER -o FILE|PG:...`.
 */
#include <stdio.h>
#include <strings.h>

#include "cli.h"

static void layers(void)
{
	const char *const *names = sg_export_layers();

	for (int i = 0; names[i]; i++)
		printf(" %s", names[i]);
	printf("\n");
}

static const cli_opt opts[] = {
	CLI_OPT("output", 'o', true, N_("FILE"),
		N_("the file to write, or a PostgreSQL connection string "
		   "PG:... (libpq keywords; keep the password in ~/.pgpass or "
		   "$PGPASSWORD)")),
	CLI_OPT("table", 't', false, N_("NAME"),
		N_("PostGIS: the table, NAME or schema.NAME (default: the "
		   "layer's name)")),
	CLI_OPT("year", 'y', false, N_("Y"),
		N_("schools: figures of that school year (default: each "
		   "school's latest); tables: only that year")),
	CLI_OPT("force", 'f', true, NULL,
		N_("replace an existing file or table (else exit 5)")),
	CLI_OPT("overwrite", 'f', false, NULL, N_("the same as --force")),
	CLI_OPT_DB,
	CLI_OPT_QUIET(N_("print nothing on success")),
	CLI_OPT_JSON(N_("print {\"layer\", \"file\", \"features\"} (and "
			"\"table\" for PostGIS)")),
	CLI_OPT_END
};

static const cli_command cmd = {
	.name = "export",
	.usage = N_(
		"Usage: schoolgis export LAYER -o FILE [--year Y] [--force]\n"
		"       schoolgis export LAYER -o \"PG:host=H dbname=D ...\" "
		"[--table NAME]\n"
		"                        [--overwrite]"
		"\n\nWrite a layer of the store to a GeoPackage (.gpkg), "
		"GeoJSON (.geojson)\nor CSV (.csv) file, atomically; or to a "
		"PostgreSQL/PostGIS table in one\ntransaction (geometry "
		"column geom in EPSG:4326 with a GiST index, primary\nkey "
		"fid): a failed or killed export leaves the database as it "
		"was.\n\nLayers:"),
	.opts = opts,
	.notes = NULL,
	.more_usage = layers,
};

int cmd_export(int argc, char **argv)
{
	sg_export_options eo = SG_EXPORT_OPTIONS_INIT;
	const char *out = NULL, *table;
	char name[4200];
	cli_common o = { 0 };
	cli_args args;
	int c, want_help = 0, rc, pg;
	int64_t n = 0;
	sg_ctx *ctx;

	if (cli_args_init(&args, &cmd, argc, argv) != CLI_OK)
		return CLI_ERROR;
	while ((c = cli_next(&args)) != -1) {
		if (cli_common_option(&o, c, optarg, &want_help))
			continue;
		switch (c) {
		case 'o': out = optarg; break;
		case 'y': eo.year = optarg; break;
		case 'f': eo.overwrite = true; break;
		case 't': eo.table = optarg; break;
		default: return cli_usage("export", _("bad option"));
		}
	}
	if (want_help) {
		cli_help(&cmd);
		return CLI_OK;
	}
	if (argc - optind != 1 || !out)
		return cli_usage("export", _("expected a LAYER and -o FILE"));
	pg = strncasecmp(out, "PG:", 3) == 0;
	if (eo.table && !pg)
		return cli_usage("export", _("--table is for PostGIS outputs "
					     "(-o PG:...)"));
	table = eo.table ? eo.table : argv[optind];
	if ((rc = cli_open(&ctx, &o, 1)) != CLI_OK) {
		sg_ctx_free(ctx);
		return rc;
	}
	rc = sg_export(ctx, argv[optind], out, &eo, &n);
	cli_progress_done();
	if (rc != SG_OK) {
		rc = cli_fail(ctx, rc);
	} else if (o.json) {
		printf("{\"layer\": ");
		cli_json_string(stdout, argv[optind]);
		sg_source_name(out, NULL, name, sizeof(name));
		printf(", \"file\": ");
		cli_json_string(stdout, name);
		if (pg) {
			printf(", \"table\": ");
			cli_json_string(stdout, table);
		}
		printf(", \"features\": %lld}\n", (long long)n);
	} else if (!o.quiet && pg) {
		/* Not the connection string: it may hold a password. */
		fprintf(stderr,
			_("export: %lld features of %s written to "
			  "PostGIS table %s\n"),
			(long long)n, argv[optind], table);
	} else if (!o.quiet) {
		fprintf(stderr,
			_("export: %lld features of %s written to %s\n"),
			(long long)n, argv[optind], out);
	}
	sg_ctx_free(ctx);
	return rc;
}
