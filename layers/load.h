/*
 * layers/load.h - the store's tables read in one place (layers/load.c).
 *
 * One loader per table.  Analyses (ops/, report/, tiles/, stats) read
 * the store through these and never write "the figures of year Y"
 * themselves; layers/runs.h is the one writer of runs and results.
 *
 * THE CONTRACT OF EVERY LOADER
 *  - `what` starts every message ("catchments: ...", "report: ...").
 *  - `sc` is a unit scope (layers/scope.h); NULL means the whole store.
 *    The loader calls sg_scope__use itself.
 *  - *out is cleared first.  On failure it is freed again (the caller
 *    frees nothing); on success the caller frees it with the matching
 *    sg_load__*_free (NULL-safe, idempotent: it clears the struct).
 *  - Arrays are struct-of-arrays, all of length out->n, in the order
 *    said (by code unless said otherwise), so callers index them
 *    together.  Strings are owned by the struct; NULL for SQL NULL.
 *  - Figures are doubles; an unknown figure is NaN, never 0.
 *  - Locations are lon/lat EPSG:4326 as stored (NaN: none);
 *    projecting them is the caller's (engine/crs.h, one call for all).
 *  - Errors: SG_ENOSTORE (no store open), SG_ESQLITE, SG_ENOMEM, and
 *    SG_EINVALID / SG_ENOTFOUND only where the function says so.
 *  - A loader runs one query per table (no per-row round trips) and
 *    keeps nothing open.
 *
 * THE YEAR RULE (schools' figures; one rule, used by every loader and,
 * as SQL, by SG_SCHOOL_YEAR_ROW in layers/runs.h)
 *  - With a school year Y asked, a school's figures are its
 *    school_years row of Y.  A school with no row for Y has unknown
 *    figures (year[i] NULL, every figure NaN): never another year's.
 *  - With no year asked (NULL), each school's latest row.
 *  - The one named exception, asked for by sg_school_query.carry_seats
 *    (admissions, where a school's seats are set once for several
 *    years): the row is the school's latest row of year <= Y that has
 *    seats_entry_grade; year[i] says which year it came from, so the
 *    caller can warn that an earlier figure is used.
 *  Census years (population) follow the same rule per unit: the bands
 *  of census year Y, or with none asked each unit's latest census.
 */
#ifndef SG_LAYERS_LOAD_H
#define SG_LAYERS_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "layers/layers.h"
#include "layers/scope.h"

/*---- Schools with the figures of a year ---------------------------------*/

/* The figures of a school_years row; sg_load__fig_name gives the
 * column (and export/CSV field) name of each. */
typedef enum {
	SG_FIG_STUDENTS,
	SG_FIG_STUDENTS_PRESCHOOL,
	SG_FIG_STUDENTS_PRIMARY,
	SG_FIG_STUDENTS_LOWER_SECONDARY,
	SG_FIG_STUDENTS_UPPER_SECONDARY,
	SG_FIG_CLASSES,
	SG_FIG_SEATS_ENTRY_GRADE,
	SG_FIG_COMPUTERS_TEACHING,
	SG_FIG_COMPUTERS_MANAGEMENT,
	SG_FIG_PRINTERS,
	SG_FIG_WEBCAMS,
	SG_FIG_FIBRE,
	SG_FIG_BANDWIDTH_MBPS,
	SG_FIG_LAN,
	SG_FIG_WIFI,
	SG_FIG_WEBSITE,
	SG_FIG_E_GRADEBOOK,
	SG_FIG_E_CONTACT_BOOK,
	SG_FIG_TEACHERS,
	SG_FIG_TEACHERS_IT_STANDARD,
	SG_FIG_N
} sg_fig;

/* "students", "students_primary", ... ; NULL out of range. */
const char *sg_load__fig_name(sg_fig f);

/* The students of one level's column (SG_FIG_STUDENTS_PRIMARY for the
 * primary bit of engine/text.h's level mask); SG_FIG_STUDENTS for a
 * mask that is not one level. */
sg_fig sg_load__fig_students_of(unsigned level);

/* Which schools, with the figures of which year. */
typedef struct {
	const sg_scope *scope; /* NULL: the whole store */
	/* With a scope: also the schools within its margin (margin[i] =
	 * 1); else only those whose unit is in the scope. */
	int reach;
	unsigned levels;  /* level mask (engine/text.h): schools teaching
			      any of them; 0: every school */
	const char *year; /* school year; NULL: each school's latest */
	int located;	  /* only schools with a location */
	int carry_seats;  /* the year rule's exception (above) */
	int require_year; /* SG_ENOTFOUND ("no school figures for the
			      year") when `year` has no row in the store */
	/* With a scope whose units are of another set than a school's
	 * unit: scope_unit[i] is the scope's leaf unit holding the school
	 * (a 2025 commune for a school filed under a 2019 ward). */
	int scope_units;
	/* Without a scope, set > 0 (a units.set_id): scope_unit[i] is the
	 * unit of that set holding the school: its own when it is of the
	 * set; else the finest unit of the set its point lies in; else the
	 * unit of the set its own went into (the crosswalk's largest
	 * share).  0: scope_unit[i] is unit_id. */
	int64_t set;
} sg_school_query;

typedef struct {
	size_t n;
	int64_t *id;
	char **code, **name;
	char **levels_text;    /* as stored: "primary,lower_secondary" */
	unsigned *levels;      /* the same as a mask */
	int64_t *unit_id;      /* the school's unit; -1: none */
	char **unit_code;      /* its code; NULL: none */
	int64_t *scope_unit;   /* see scope_units; else unit_id */
	double *lon, *lat;     /* EPSG:4326; NaN: no location */
	unsigned char *margin; /* 1: within the margin, not the unit */
	char **year;	       /* the year of the figures; NULL: none */
	int64_t *row;	       /* the school_years rowid of the figures
				  (the store's order); -1: none */
	double *fig[SG_FIG_N]; /* fig[f][i]; NaN: unknown */
} sg_schools;

/*
 * The schools q asks for, by code, with their figures under the year
 * rule.  SG_EINVALID for q NULL; SG_ENOTFOUND only with require_year.
 */
int sg_load__schools(sg_ctx *ctx, const char *what, const sg_school_query *q,
		     sg_schools *out);
void sg_load__schools_free(sg_schools *s);

/* The school years that have figures (school_years rows) for the
 * schools of the scope (NULL: the whole store), sorted (oldest
 * first). */
typedef struct {
	size_t n;
	char **year;
} sg_year_list;

int sg_load__years(sg_ctx *ctx, const char *what, const sg_scope *sc,
		   sg_year_list *out);
void sg_load__years_free(sg_year_list *y);

/*---- Population ---------------------------------------------------------*/

/*
 * Census bands per unit: the rows (unit_id, year, age_from, age_to,
 * count) of census `year` (NULL: each unit's latest census year), by
 * unit id then age_from.  With a scope: its units only, and a unit of a
 * newer set with no rows of its own takes those of the older units the
 * crosswalk maps into it, times their shares (SG_UNITS__SCOPE_
 * POPULATION_SQL).  Only one census year per unit is kept.
 */
typedef struct {
	size_t n;
	int64_t *unit_id;
	char **year;
	int *age_from, *age_to;
	double *count;
} sg_population;

int sg_load__population(sg_ctx *ctx, const char *what, const sg_scope *sc,
			const char *year, sg_population *out);
void sg_load__population_free(sg_population *p);

/* The 0-120 band (the unit's total) of unit_id in p; NaN when none. */
double sg_load__population_total(const sg_population *p, int64_t unit_id);

/*---- Units with their hierarchy -----------------------------------------*/

/*
 * Units by code (then id): the scope's (the unit and every unit below
 * it) or, without a scope, the store's of administrative set `set` (its
 * units.set_id; 0: every set), of `kind` ("ward", "district", "city",
 * "province", "commune", ...; NULL: any).  parent[i] is the index of the parent in
 * the arrays (-1 when the parent is not loaded or none); parent_id its
 * id.  With wkb, geom_wkb[i] / geom_len[i] hold the EPSG:4326 geometry
 * as WKB (NULL: none); else geom_wkb is NULL.
 */
typedef struct {
	size_t n;
	int64_t *id, *parent_id, *set_id;
	long *parent;
	char **code, **name, **kind;
	unsigned char **geom_wkb;
	size_t *geom_len;
} sg_units_list;

int sg_load__units(sg_ctx *ctx, const char *what, const sg_scope *sc,
		   int64_t set, const char *kind, int wkb, sg_units_list *out);
void sg_load__units_free(sg_units_list *u);

/*---- Applicants ---------------------------------------------------------*/

/*
 * Applicants are personal data, read by one loader only: admissions'
 * (layers/admit.c, load_applicants: the grade and year's applicants,
 * their points decoded from the SpatiaLite blobs without SQL calls,
 * round 2 leaving out those round 1 placed).  It stays beside the run
 * that is its only reader.
 */

/*---- Runs and results ---------------------------------------------------*/

/* One row of `runs`, as stored (JSON members as text). */
typedef struct {
	int64_t id;
	char *command;
	char *parameters;      /* JSON object */
	char *input_checksums; /* JSON object, or NULL */
	char *versions;
	char *started_at, *finished_at; /* UTC ISO 8601; finished: NULL
					   while running or failed */
	char *summary;			/* JSON object, or NULL */
} sg_run_rec;

/*
 * Run `id`; with id 0, the latest run of `command` (any command when
 * NULL).  SG_ENOTFOUND when there is none.
 */
int sg_load__run(sg_ctx *ctx, const char *what, int64_t id, const char *command,
		 sg_run_rec *out);
void sg_load__run_free(sg_run_rec *r);

/*
 * A number of the run's summary (member `key`, e.g. SG_RESULT_SCHOOLS)
 * or parameters (params = 1) into *out: 0, or -1 when the member is
 * missing, null or not a number.
 */
int sg_load__run_num(const sg_run_rec *r, int params, const char *key,
		     double *out);

/*
 * A text member of the run's summary or parameters (params = 1) as a
 * copy in *out (NULL when the member is missing, null or not a string):
 * 0, or -1 when out of memory.
 */
int sg_load__run_text(const sg_run_rec *r, int params, const char *key,
		      char **out);

/* `results` rows of a run, in the order written (rowid).  A value is
 * either num (text NULL) or text; NaN and NULL text: SQL NULL. */
typedef struct {
	size_t n;
	char **subject, **key, **text;
	double *num;
} sg_results;

/* The rows of run whose subject is `subject` (NULL: all; a subject
 * ending in '%' is a prefix, e.g. "catchment:%"). */
int sg_load__results(sg_ctx *ctx, const char *what, int64_t run,
		     const char *subject, sg_results *out);
void sg_load__results_free(sg_results *r);

/* The row (subject, key) of r; -1 when there is none. */
long sg_load__results_find(const sg_results *r, const char *subject,
			   const char *key);

/*---- Catchments --------------------------------------------------------*/

/* The `catchments` rows of a run that have a school (not the unserved
 * areas), by school code, then in the order written: its code, the codes sharing it (NULL: none
 * stored), area km2, population and seats (NaN: NULL). */
typedef struct {
	size_t n;
	char **code, **schools;
	double *area_km2, *population, *seats;
} sg_catchment_rows;

int sg_load__catchments(sg_ctx *ctx, const char *what, int64_t run,
			sg_catchment_rows *out);
/* The unserved areas of a run (the rows without a school), in the order
 * written: code and schools NULL. */
int sg_load__catchments_unserved(sg_ctx *ctx, const char *what, int64_t run,
				 sg_catchment_rows *out);
void sg_load__catchments_free(sg_catchment_rows *c);

#endif /* SG_LAYERS_LOAD_H */
