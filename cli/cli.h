/*
 * cli/cli.h - what the schoolgis commands share: options every command
 * takes, opening the context and store, progress on a terminal, JSON
 * output and the exit-code table.  Uses only the public API.
 */
#ifndef SG_CLI_H
#define SG_CLI_H

#include <libintl.h>
#include <stdio.h>

#include <schoolgis/schoolgis.h>

/*
 * Messages: GNU gettext, domain "schoolgis", catalogues built from po/
 * (po/vi.po).  _("...") translates at run time; N_("...") marks a text
 * of a static table for extraction, translated where it is printed with
 * _(s).  The library's own texts (report, viewer) use its message table.
 */
#define _(s) gettext(s)
#define N_(s) (s)

/* Set the messages' locale from the environment (LC_ALL, LC_MESSAGES,
 * LANG, LANGUAGE) and open the catalogue: the install's locale directory,
 * or $SCHOOLGIS_LOCALEDIR.  Numbers keep the C locale (CSV and JSON). */
void cli_i18n_init(void);

/* Exit codes (documented in README.md and every --help). */
enum {
	CLI_OK = 0,
	CLI_ERROR = 1,	  /* runtime error */
	CLI_USAGE = 2,	  /* usage error */
	CLI_REJECTED = 3, /* data errors: rows rejected / found */
	CLI_NOTFOUND = 4, /* input file, layer or store not found */
	CLI_BADINPUT = 5, /* input unusable: columns, mapping, CRS */
	CLI_VERSION = 6	  /* store made by a newer schoolgis */
};

/* Options every command takes. */
typedef struct {
	const char *db; /* --db, resolved with sg_store_resolve_path */
	int quiet;	/* -q/--quiet: no progress, no summary */
	int json;	/* --json: machine-readable result on stdout */
} cli_common;

/* The long options of cli_common, to append to a command's table. */
#define CLI_COMMON_OPTIONS                                                     \
	{ "db", required_argument, NULL, 'D' },                                \
		{ "quiet", no_argument, NULL, 'q' },                           \
		{ "json", no_argument, NULL, 'J' },                            \
	{                                                                      \
		"help", no_argument, NULL, 'h'                                 \
	}

/*
 * Handle a common option; returns 1 when `c` was one (sets *help for
 * -h), 0 otherwise.
 */
int cli_common_option(cli_common *o, int c, const char *arg, int *help);

/*
 * Create the context (with progress on a terminal unless quiet) and,
 * when open_store, open the store.  On failure prints the message and
 * returns the exit code; else CLI_OK.
 */
int cli_open(sg_ctx **ctx, const cli_common *o, int open_store);

/* End a progress line on the terminal, if one is shown. */
void cli_progress_done(void);

/* Print "schoolgis: <message>" for rc and return its exit code. */
int cli_fail(sg_ctx *ctx, int rc);

/* The exit code of an sg_error_code. */
int cli_exit_code(int rc);

/* Print a usage error and return CLI_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * The standards of a command: --standards FILE (path), else
 * $SCHOOLGIS_STANDARDS, else the built-in defaults.  On failure prints the
 * message (naming file and line) and returns its exit code; else CLI_OK
 * and *out, freed with sg_standards_free.
 */
int cli_load_standards(sg_ctx *ctx, const char *path, sg_standards **out);

/*
 * cli_open, then the standards as cli_load_standards loads them (path:
 * --standards FILE or NULL).  On failure prints the message and returns
 * the exit code; *ctx may be set then, and is the caller's to free.
 */
int cli_open_standards(sg_ctx **ctx, const cli_common *o, int open_store,
		       const char *path, sg_standards **out);

/*
 * A distance option's value: a positive, finite number of metres into
 * *out.  Else prints "not a positive number of metres" as a usage error
 * of cmd and returns CLI_USAGE; CLI_OK on success.
 */
int cli_metres(const char *cmd, const char *arg, double *out);

/* A file name or a PG: connection string as it may be shown: without
 * its password (sg_source_name).  A static buffer: one at a time. */
const char *cli_source(const char *source);

/* "s" unless n is 1: "%lld area%s". */
const char *cli_plural(long long n);

/* Write s as a JSON string (quoted, escaped). */
void cli_json_string(FILE *fp, const char *s);

/* The exit-code table, for --help texts. */
extern const char cli_exit_help[];

/* Commands. */
int cmd_init(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_standards(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_catchments(int argc, char **argv);
int cmd_admit(int argc, char **argv);
int cmd_suggest_sites(int argc, char **argv);
int cmd_tiles(int argc, char **argv);
int cmd_tiles_merge(int argc, char **argv);
/* `stats coverage` (cmd_coverage.c), dispatched by cmd_stats. */
int cmd_stats_coverage(int argc, char **argv);
int cmd_units(int argc, char **argv);
int cmd_crosswalk(int argc, char **argv);
int cmd_roads(int argc, char **argv);

/* --distance road|straight and its companions (cli/cmd_roads.c), shared
 * by the commands that measure distances. */
typedef struct {
	int on; /* --distance road */
	sg_roads_distance d;
} cli_road;
#define CLI_ROAD_OPTIONS                                                       \
	{ "distance", required_argument, NULL, 0x7201 },                       \
		{ "network", required_argument, NULL, 0x7202 },                \
		{ "cost", required_argument, NULL, 0x7203 },                   \
		{ "max-minutes", required_argument, NULL, 0x7204 },            \
	{                                                                      \
		"snap-limit", required_argument, NULL, 0x7205                  \
	}
/* Handle option c when it is one of CLI_ROAD_OPTIONS: returns CLI_OK,
 * or a usage exit code; -1 when c is not one of them. */
int cli_road_option(cli_road *r, const char *cmd, int c, const char *arg);
/* Check the combination after parsing: CLI_OK or a usage exit code. */
int cli_road_check(const cli_road *r, const char *cmd);
/* The --help lines of CLI_ROAD_OPTIONS. */
extern const char cli_road_help[];

#endif /* SG_CLI_H */
