/*
 * cli/main.c - the schoolgis command line: a table of commands, each in
 * its own cmd_<name>.c, and the dispatch.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} commands[] = {
	{ "init", cmd_init, "Create a project store" },
	{ "import", cmd_import,
	  "Load units, schools, population or applicants (file or PostGIS)" },
	{ "validate", cmd_validate, "Data-quality report of the store" },
	{ "export", cmd_export,
	  "Write a store layer to GPKG, GeoJSON, CSV or PostGIS" },
	{ "stats", cmd_stats,
	  "Ratios, IT indicators and the roll-up, per year or as trends" },
	{ "standards", cmd_standards, "Print the active standards and targets" },
	{ "report", cmd_report, "The district or city report (HTML, PDF)" },
	{ "catchments", cmd_catchments,
	  "Catchments of a school level: voronoi, distance, capacity" },
	{ "suggest-sites", cmd_suggest_sites,
	  "Where new schools of a level would serve the most children" },
	{ "admit", cmd_admit,
	  "Place applicants in grade 1, 6 or 10; lists and cut-offs" },
	{ "tiles", cmd_tiles,
	  "Map tiles (XYZ + viewer, MBTiles) or a map image of layers" },
	{ "tiles-merge", cmd_tiles_merge,
	  "Merge MBTiles parts of one pyramid (tiles --shard)" },
	{ "roads", cmd_roads, "Import a road network for --distance road" },
};

static void usage(FILE *fp)
{
	fprintf(fp,
		"Usage: schoolgis COMMAND [OPTIONS]\n\n"
		"Plan a school network: import schools and administrative "
		"units, check them,\nand compute what planners need.\n\n"
		"Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		fprintf(fp, "  %-13s %s\n", commands[i].name,
			commands[i].help);
	fprintf(fp,
		"\nEvery command works on one store: --db FILE, else "
		"$SCHOOLGIS_DB, else\n./schoolgis.sqlite.  'schoolgis "
		"COMMAND --help' tells more.\n\n%s", cli_exit_help);
}

int main(int argc, char **argv)
{
	int rc;

	if (argc < 2) {
		usage(stderr);
		return CLI_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return CLI_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("schoolgis %s\n%s\n", sg_version(),
		       sg_dependency_versions());
		return CLI_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		if (strcmp(argv[1], commands[i].name) == 0) {
			rc = commands[i].fn(argc - 1, argv + 1);
			sg_global_shutdown();
			return rc;
		}
	fprintf(stderr, "schoolgis: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return CLI_USAGE;
}
