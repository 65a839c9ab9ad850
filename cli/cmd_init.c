/*
 * cli/cmd_init.c - `schoolgis init`: create an empty project store.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

static void help(void)
{
	printf(_("Usage: schoolgis init [--db FILE] [--force] [--quiet] "
		 "[--json]\n\n"
		 "Create an empty project store (a SpatiaLite file) with the "
		 "schoolgis schema.\n\n"
		 "  --db FILE   the store (default: $SCHOOLGIS_DB, else "
		 "./schoolgis.sqlite)\n"
		 "  -f, --force replace an existing store\n"
		 "  -q, --quiet print nothing on success\n"
		 "  --json      print {\"store\": ..., \"schema_version\": ...}"
		 "\n\n%s"),
	       _(cli_exit_help));
}

int cmd_init(int argc, char **argv)
{
	static const struct option longopts[] = { { "force", no_argument, NULL,
						    'f' },
						  CLI_COMMON_OPTIONS,
						  { NULL, 0, NULL, 0 } };
	cli_common o = { 0 };
	int c, want_help = 0, force = 0, rc;
	const char *path;
	sg_ctx *ctx;

	optind = 1;
	while ((c = getopt_long(argc, argv, "fqh", longopts, NULL)) != -1) {
		if (cli_common_option(&o, c, optarg, &want_help))
			continue;
		if (c == 'f')
			force = 1;
		else
			return cli_usage("init", _("bad option"));
	}
	if (want_help) {
		help();
		return CLI_OK;
	}
	if (optind < argc)
		return cli_usage("init", _("unexpected argument '%s'"),
				 argv[optind]);
	if ((rc = cli_open(&ctx, &o, 0)) != CLI_OK)
		return rc;
	path = sg_store_resolve_path(o.db);
	rc = sg_store_create(ctx, path,
			     force ? SG_STORE_CREATE_OVERWRITE
				   : SG_STORE_CREATE_DEFAULT);
	if (rc != SG_OK) {
		rc = cli_fail(ctx, rc);
	} else if (o.json) {
		printf("{\"store\": ");
		cli_json_string(stdout, path);
		printf(", \"schema_version\": %d}\n", SG_STORE_SCHEMA_VERSION);
	} else if (!o.quiet) {
		printf(_("created %s (schema version %d)\n"), path,
		       SG_STORE_SCHEMA_VERSION);
	}
	sg_ctx_free(ctx);
	return rc;
}
