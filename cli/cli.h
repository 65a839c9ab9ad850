/*
 * cli/cli.h - what the schoolgis commands share: options every command
 * takes, opening the context and store, progress on a terminal, JSON
 * output and the exit-code table.  Uses only the public API.
 */
#ifndef SG_CLI_H
#define SG_CLI_H

#include <getopt.h>
#include <libintl.h>
#include <stdbool.h>
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

/*---- Options: one table per command gives its parser and its --help ----*/

/*
 * One option of a command.  The same entry makes the getopt_long option
 * (and the short one), and the line of --help: "  -o, --output FILE" and
 * the help text, wrapped to 79 columns.  Texts are marked N_() and shown
 * translated.  An entry without a name is a heading (help: "Input:"), an
 * inclusion of another table (include), or the end (CLI_OPT_END).
 */
typedef struct cli_opt {
	const char *name; /* long name without "--" */
	int val;	  /* what cli_next returns for it */
	bool has_short;	  /* also -<val> (val is then a letter) */
	const char *arg;  /* its argument's name, N_(); NULL: takes none */
	const char *help; /* N_(); "\n" starts a new line */
	const struct cli_opt *include; /* a shared table put here */
} cli_opt;

#define CLI_OPT(name, val, has_short, arg, help)                               \
	{                                                                      \
		name, val, has_short, arg, help, NULL                          \
	}
#define CLI_OPT_END                                                            \
	{                                                                      \
		NULL, 0, false, NULL, NULL, NULL                               \
	}
#define CLI_OPT_HEADING(text)                                                  \
	{                                                                      \
		NULL, 0, false, NULL, text, NULL                               \
	}
#define CLI_OPT_INCLUDE(table)                                                 \
	{                                                                      \
		NULL, 0, false, NULL, NULL, table                              \
	}

/* A command: its usage and description, its options, notes after them
 * (or NULL); --help adds -h, --help and the exit codes. */
typedef struct {
	const char *name; /* "stats coverage", as in usage errors */
	/* N_(): "Usage: schoolgis ...\n\n<what it does>\n" */
	const char *usage;
	const cli_opt *opts;
	const char *notes;	  /* N_(), or NULL */
	void (*more_usage)(void); /* prints after usage (a list), or NULL */
} cli_command;

/* Options every command takes: --db, -q, --json (help: the command's
 * own, or for --db the shared text); -h, --help is added by the table
 * layer itself. */
extern const char cli_db_help[];
#define CLI_OPT_DB                                                             \
	{                                                                      \
		"db", 'D', false, "FILE", cli_db_help, NULL                    \
	}
#define CLI_OPT_QUIET(help)                                                    \
	{                                                                      \
		"quiet", 'q', true, NULL, help, NULL                           \
	}
#define CLI_OPT_JSON(help)                                                     \
	{                                                                      \
		"json", 'J', false, NULL, help, NULL                           \
	}

/* The parser of a command's table over argv. */
typedef struct {
	const cli_command *cmd;
	int argc;
	char **argv;
	int help; /* --help asked and every option known: help only */
	struct option lo[64];
	char so[128];
} cli_args;

/*
 * Build the parser of cmd.  A first pass notes --help: when it is given
 * and every option is known, cli_next returns only 'h' (so that "--x V
 * --help" shows help whatever V is).  Returns CLI_OK, or CLI_ERROR when
 * the table is too long (a bug: message printed).  With
 * $SCHOOLGIS_CLI_OPTIONS set it prints the options getopt_long is given
 * ("--name ARG", "-x") and exits: tests compare them with --help.
 */
int cli_args_init(cli_args *a, const cli_command *cmd, int argc, char **argv);

/* The next option (its val; 'h' for help; '?' for an unknown option or
 * a missing argument), its argument in optarg; -1 at the end, with
 * optind indexing the operands. */
int cli_next(cli_args *a);

/* Print cmd's --help to stdout. */
void cli_help(const cli_command *cmd);

/* Options every command takes. */
typedef struct {
	const char *db; /* --db, resolved with sg_store_resolve_path */
	int quiet;	/* -q/--quiet: no progress, no summary */
	int json;	/* --json: machine-readable result on stdout */
} cli_common;

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

/* A level named on the command line ("primary", "TH", ...) as people
 * read it in a sentence in the messages' language ("tiểu học"); the
 * text itself when it names no single level. */
const char *cli_level_label(const char *given);
/* The same for a level the library gave back. */
const char *cli_level_word(sg_level level);

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
/* The options, to put in a command's table with CLI_OPT_INCLUDE. */
extern const cli_opt cli_road_opts[];
/* Handle option c when it is one of cli_road_opts: returns CLI_OK, or a
 * usage exit code; -1 when c is not one of them. */
int cli_road_option(cli_road *r, const char *cmd, int c, const char *arg);
/* Check the combination after parsing: CLI_OK or a usage exit code. */
int cli_road_check(const cli_road *r, const char *cmd);

/* --unit CODE and --margin M (cli/opt.c), shared by catchments and
 * suggest-sites: the rows, and their handling (CLI_OK, a usage exit
 * code, or -1 when c is neither). */
extern const cli_opt cli_unit_opts[];
int cli_unit_option(const char *cmd, int c, const char *arg, const char **unit,
		    double *margin);

#endif /* SG_CLI_H */
