/*
 * cli/cmd_export.c - `schoolgis export LAYER -o FILE|PG:...`.
 */
#include <getopt.h>
#include <stdio.h>
#include <strings.h>

#include "cli.h"

static void help(void)
{
	const char *const *names = sg_export_layers();

	printf(_("Usage: schoolgis export LAYER -o FILE [--year Y] [--force]\n"
		 "       schoolgis export LAYER -o \"PG:host=H dbname=D ...\" "
		 "[--table NAME]\n"
		 "                        [--overwrite]"
		 "\n\nWrite a layer of the store to a GeoPackage (.gpkg), "
		 "GeoJSON (.geojson)\nor CSV (.csv) file, atomically; or to a "
		 "PostgreSQL/PostGIS table in one\ntransaction (geometry "
		 "column geom in EPSG:4326 with a GiST index, primary\nkey "
		 "fid): a failed or killed export leaves the database as it "
		 "was.\n\n"
		 "Layers:"));
	for (int i = 0; names[i]; i++)
		printf(" %s", names[i]);
	printf(_("\n\n  -o, --output FILE  the file to write, or a PostgreSQL "
		 "connection string\n"
		 "                     PG:... (libpq keywords; keep the "
		 "password in ~/.pgpass\n"
		 "                     or $PGPASSWORD)\n"
		 "  --table NAME       PostGIS: the table, NAME or schema.NAME "
		 "(default: the\n"
		 "                     layer's name)\n"
		 "  --year Y           schools: figures of that school year "
		 "(default: each\n"
		 "                     school's latest); tables: only that "
		 "year\n"
		 "  -f, --force, --overwrite\n"
		 "                     replace an existing file or table "
		 "(else exit 5)\n"
		 "  --db FILE          the store\n"
		 "  -q, --quiet        print nothing on success\n"
		 "  --json             print {\"layer\", \"file\", "
		 "\"features\"} (and \"table\" for\n"
		 "                     PostGIS)\n\n%s"),
	       _(cli_exit_help));
}

int cmd_export(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "year", required_argument, NULL, 'y' },
		{ "force", no_argument, NULL, 'f' },
		{ "overwrite", no_argument, NULL, 'f' },
		{ "table", required_argument, NULL, 't' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	sg_export_options eo = SG_EXPORT_OPTIONS_INIT;
	const char *out = NULL, *table;
	char name[4200];
	cli_common o = { 0 };
	int c, want_help = 0, rc, pg;
	int64_t n = 0;
	sg_ctx *ctx;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:fqh", longopts, NULL)) != -1) {
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
		help();
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
