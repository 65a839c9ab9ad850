/*
 * cli/main.c - the schoolgis command line: a table of commands, each in
 * its own cmd_<name>.c, and the dispatch.
 */
#include <stdio.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} commands[] = {
	{ "init", cmd_init, N_("Create a project store") },
	{ "import", cmd_import,
	  N_("Load units, schools, population or applicants (file or "
	     "PostGIS)") },
	{ "validate", cmd_validate, N_("Data-quality report of the store") },
	{ "export", cmd_export,
	  N_("Write a store layer to GPKG, GeoJSON, CSV or PostGIS") },
	{ "stats", cmd_stats,
	  N_("Ratios, IT indicators and the roll-up, per year or as "
	     "trends") },
	{ "standards", cmd_standards,
	  N_("Print the active standards and targets") },
	{ "report", cmd_report, N_("The district or city report (HTML, PDF)") },
	{ "catchments", cmd_catchments,
	  N_("Catchments of a school level: voronoi, distance, capacity") },
	{ "suggest-sites", cmd_suggest_sites,
	  N_("Where new schools of a level would serve the most children") },
	{ "admit", cmd_admit,
	  N_("Place applicants in grade 1, 6 or 10; lists and cut-offs") },
	{ "tiles", cmd_tiles,
	  N_("Map tiles (XYZ + viewer, MBTiles) or a map image of layers") },
	{ "tiles-merge", cmd_tiles_merge,
	  N_("Merge MBTiles parts of one pyramid (tiles --shard)") },
	{ "units", cmd_units,
	  N_("Administrative sets; figures and trends on any set") },
	{ "crosswalk", cmd_crosswalk,
	  N_("Old units -> new units of a reform (files or polygons)") },
	{ "roads", cmd_roads, N_("Import a road network for --distance road") },
};

static void usage(FILE *fp)
{
	fprintf(fp, "%s",
		_("Usage: schoolgis COMMAND [OPTIONS]\n\n"
		  "Plan a school network: import schools and administrative "
		  "units, check them,\nand compute what planners need.\n\n"
		  "Commands:\n"));
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		fprintf(fp, "  %-13s %s\n", commands[i].name,
			_(commands[i].help));
	fprintf(fp, "%s",
		_("\nEvery command works on one store: --db FILE, else "
		  "$SCHOOLGIS_DB, else\n./schoolgis.sqlite.  'schoolgis "
		  "COMMAND --help' tells more.\n\n"));
	fprintf(fp, "%s", _(cli_exit_help));
}

int main(int argc, char **argv)
{
	int rc;

#ifdef __GLIBC__
	/* Blocks below 32 MB from the heap, not each its own mapping: glibc's
	 * default (128 KB, raised as blocks are freed) maps and unmaps the
	 * arrays of a large run again and again, and every page of a new
	 * mapping is a page fault (costly on a virtual machine).  A
	 * catchments run of 100,000 schools: 38,600 faults -> 27,000, -15%
	 * CPU; the peak memory is the same. */
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
	cli_i18n_init();
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
	fprintf(stderr, _("schoolgis: unknown command '%s'\n\n"), argv[1]);
	usage(stderr);
	return CLI_USAGE;
}
