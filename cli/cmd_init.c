/*
 * cli/cmd_init.c - `schoolgis init`: create an empty project store.
 */
#include <stdio.h>

#include "cli.h"

static const cli_opt opts[] = {
	CLI_OPT_DB,
	CLI_OPT("force", 'f', true, NULL, N_("replace an existing store")),
	CLI_OPT_QUIET(N_("print nothing on success")),
	CLI_OPT_JSON(N_("print {\"store\": ..., \"schema_version\": ...}")),
	CLI_OPT_END
};

static const cli_command cmd = {
	.name = "init",
	.usage = N_(
		"Usage: schoolgis init [--db FILE] [--force] [--quiet] [--json]\n\n"
		"Create an empty project store (a SpatiaLite file) with the "
		"schoolgis schema.\n"),
	.opts = opts,
	.notes = NULL,
};

int cmd_init(int argc, char **argv)
{
	cli_common o = { 0 };
	cli_args a;
	int c, want_help = 0, force = 0, rc;
	const char *path;
	sg_ctx *ctx;

	if (cli_args_init(&a, &cmd, argc, argv) != CLI_OK)
		return CLI_ERROR;
	while ((c = cli_next(&a)) != -1) {
		if (cli_common_option(&o, c, optarg, &want_help))
			continue;
		if (c == 'f')
			force = 1;
		else
			return cli_usage("init", _("bad option"));
	}
	if (want_help) {
		cli_help(&cmd);
		return CLI_OK;
	}
	if (optind < argc)
		return cli_usage("init", _("unexpected argument '%s'"),
				 argv[optind]);
	if ((rc = cli_open(&ctx, &o, 0)) != CLI_OK)
		return rc;
	path = sg_store_resolve_path(o.db);
	rc = sg_store_create(ctx, path, force);
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
