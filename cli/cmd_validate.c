/*
 * cli/cmd_validate.c - `schoolgis validate`: the store's data-quality
 * report as text or JSON.
 */
#include <stdio.h>

#include "cli.h"

static const cli_opt opts[] = {
	CLI_OPT_DB,
	CLI_OPT_JSON(N_("the findings as one JSON object on stdout")),
	CLI_OPT_QUIET(N_("print only errors")), CLI_OPT_END
};

static const cli_command cmd = {
	.name = "validate",
	.usage = N_(
		"Usage: schoolgis validate [--db FILE] [--json] [--quiet]\n\n"
		"Check the store: schools outside every unit, schools sharing "
		"a location or a\nname, units overlapping or without parent "
		"or population, implausible figures\n(more computers than "
		"students, class sizes, IT teachers), and what the latest\n"
		"import of each file rejected, repaired or flagged.\n"),
	.opts = opts,
	.notes = N_("Exits 3 when a finding is an error.\n"),
};

static void print_json(sg_ctx *ctx, const sg_validation *v)
{
	static const char *const tables[] = { "units", "schools",
					      "school_years", "population",
					      NULL };
	int64_t n;

	printf("{\"store\": ");
	cli_json_string(stdout, sg_store_path(ctx));
	printf(", \"counts\": {");
	for (int i = 0; tables[i]; i++) {
		sg_store_count(ctx, tables[i], &n);
		printf("%s\"%s\": %lld", i ? ", " : "", tables[i],
		       (long long)n);
	}
	printf("}, \"errors\": %zu, \"warnings\": %zu, \"infos\": %zu, "
	       "\"findings\": [",
	       sg_validation_count_severity(v, SG_SEVERITY_ERROR),
	       sg_validation_count_severity(v, SG_SEVERITY_WARNING),
	       sg_validation_count_severity(v, SG_SEVERITY_INFO));
	for (size_t i = 0; i < sg_validation_count(v); i++) {
		const sg_finding *f = sg_validation_get(v, i);

		printf("%s\n  {\"severity\": \"%s\", \"check\": \"%s\", "
		       "\"subject\": \"%s\", \"code\": ",
		       i ? "," : "", sg_severity_name(f->severity), f->check,
		       f->subject);
		cli_json_string(stdout, f->code);
		printf(", \"message\": ");
		cli_json_string(stdout, f->message);
		if (f->reason) {
			printf(", \"reason\": ");
			cli_json_string(stdout, f->reason);
			printf(", \"reason_args\": %s", f->reason_args);
		}
		if (f->row > 0)
			printf(", \"row\": %lld", (long long)f->row);
		if (f->has_location)
			printf(", \"lon\": %.7f, \"lat\": %.7f", f->lon,
			       f->lat);
		printf("}");
	}
	printf("\n]}\n");
}

static void print_text(sg_ctx *ctx, sg_validation *v, int quiet)
{
	int64_t u = 0, s = 0, y = 0;

	sg_store_count(ctx, "units", &u);
	sg_store_count(ctx, "schools", &s);
	sg_store_count(ctx, "school_years", &y);
	if (!quiet)
		printf(_("%s: %lld units, %lld schools, %lld school-year rows\n"),
		       sg_store_path(ctx), (long long)u, (long long)s,
		       (long long)y);
	for (size_t i = 0; i < sg_validation_count(v); i++) {
		const sg_finding *f = sg_validation_get(v, i);

		if (quiet && f->severity != SG_SEVERITY_ERROR)
			continue;
		/* The import findings' reasons in the messages' language. */
		printf("%-7s %-24s %-14s %s", sg_severity_name(f->severity),
		       f->check, f->code, sg_validation_message(v, i, NULL));
		if (f->has_location)
			printf(" [%.6f, %.6f]", f->lon, f->lat);
		printf("\n");
	}
	if (!quiet)
		printf(_("%zu errors, %zu warnings, %zu notes\n"),
		       sg_validation_count_severity(v, SG_SEVERITY_ERROR),
		       sg_validation_count_severity(v, SG_SEVERITY_WARNING),
		       sg_validation_count_severity(v, SG_SEVERITY_INFO));
}

int cmd_validate(int argc, char **argv)
{
	cli_common o = { 0 };
	cli_args args;
	int c, want_help = 0, rc;
	sg_validation *v = NULL;
	sg_ctx *ctx;

	if (cli_args_init(&args, &cmd, argc, argv) != CLI_OK)
		return CLI_ERROR;
	while ((c = cli_next(&args)) != -1)
		if (!cli_common_option(&o, c, optarg, &want_help))
			return cli_usage("validate", _("bad option"));
	if (want_help) {
		cli_help(&cmd);
		return CLI_OK;
	}
	if (optind < argc)
		return cli_usage("validate", _("unexpected argument '%s'"),
				 argv[optind]);
	if ((rc = cli_open(&ctx, &o, 1)) != CLI_OK) {
		sg_ctx_free(ctx);
		return rc;
	}
	rc = sg_validate(ctx, &v);
	cli_progress_done();
	if (rc != SG_OK) {
		rc = cli_fail(ctx, rc);
	} else {
		if (o.json)
			print_json(ctx, v);
		else
			print_text(ctx, v, o.quiet);
		rc = sg_validation_count_severity(v, SG_SEVERITY_ERROR)
			     ? CLI_REJECTED
			     : CLI_OK;
	}
	sg_validation_free(v);
	sg_ctx_free(ctx);
	return rc;
}
