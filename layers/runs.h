/*
 * layers/runs.h - the store's runs and results in one place
 * (layers/runs.c): one run writer taking a struct, the keys of stored
 * results, and the one rule for "the figures of a school year".
 */
#ifndef SG_LAYERS_RUNS_H
#define SG_LAYERS_RUNS_H

#include <math.h>

#include "layers/layers.h"

/*---- The year rule ------------------------------------------------------*/

/*
 * The figures of school `year`, one rule for every loader: the school's
 * row of that year (none when it has no figures for it: its figures are
 * unknown, never another year's), or with no year asked (NULL) each
 * school's latest row.  SG_SCHOOL_YEAR_ROW(school, param) is the rowid of
 * that row in school_years, for "LEFT JOIN school_years y ON y.rowid =
 * ..." (one index probe per school), with `school` the SQL of the
 * school's id and `param` the parameter holding the year.
 */
#define SG_SCHOOL_YEAR_ROW(school, param)                                      \
	"(SELECT rowid FROM school_years WHERE school_id = " school " AND "    \
	"(" param " IS NULL OR year = " param ") ORDER BY year DESC "          \
	"LIMIT 1)"

/*---- Result keys --------------------------------------------------------*/

/* Subjects and keys of `results` rows (and of runs.summary members)
 * that more than one module writes or reads. */
#define SG_RESULT_SUMMARY "summary"
#define SG_RESULT_SCHOOLS "schools"
#define SG_RESULT_POPULATION "population"
#define SG_RESULT_UNSERVED_AREAS "unserved_areas"
#define SG_RESULT_STUDY_AREA_KM2 "study_area_km2"
#define SG_RESULT_UNSERVED_AREA_KM2 "unserved_area_km2"
#define SG_RESULT_UNSERVED_POPULATION "unserved_population"
#define SG_RESULT_APPLICANTS "applicants"
/* Catchments' and suggest-sites' summaries (also read by report/). */
#define SG_RESULT_LOCATIONS "locations"
#define SG_RESULT_MERGED "merged"
#define SG_RESULT_CATCHMENTS "catchments"
#define SG_RESULT_CATCHMENT_AREA_KM2 "catchment_area_km2"
#define SG_RESULT_CATCHMENT_POPULATION "catchment_population"
#define SG_RESULT_CELLS "cells"
/* Admissions (layers/admit.c writes; report/ and round 2 read): the
 * subject "summary" holds applicants, placed, unplaced, at_first; the
 * subject SG_RESULT_ADMIT_PREFIX + school code holds seats, placed,
 * demand and one cut-off; the subject "placements" the placements. */
#define SG_RESULT_ADMIT_PREFIX "admit:"
#define SG_RESULT_PLACEMENTS "placements"
#define SG_RESULT_SEATS "seats"
#define SG_RESULT_PLACED "placed"
#define SG_RESULT_UNPLACED "unplaced"
#define SG_RESULT_AT_FIRST "at_first"
#define SG_RESULT_DEMAND "demand"
#define SG_RESULT_CUTOFF_TOTAL "cutoff_total"
#define SG_RESULT_CUTOFF_DISTANCE "cutoff_distance_m"

/*---- The run writer -----------------------------------------------------*/

/* One member of a run's JSON parameters, inputs or summary. */
typedef struct {
	const char *key;
	const char *text; /* a string; NULL: the number */
	double num;	  /* NaN: null; kind 3: the array's length */
	int kind;	  /* 0 real, 1 true/false (num != 0), 2 integer,
			     3 array of reals (arr) */
	const double *arr;
} sg_run_kv;

#define SG_RUN_TEXT(k, s)                                                      \
	{                                                                      \
		(k), (s), NAN, 0, NULL                                         \
	}
#define SG_RUN_NUM(k, v)                                                       \
	{                                                                      \
		(k), NULL, (v), 0, NULL                                        \
	}
#define SG_RUN_BOOL(k, v)                                                      \
	{                                                                      \
		(k), NULL, (v) ? 1 : 0, 1, NULL                                \
	}
#define SG_RUN_INT(k, v)                                                       \
	{                                                                      \
		(k), NULL, (double)(v), 2, NULL                                \
	}
/* A JSON array of n reals (n <= 64). */
#define SG_RUN_REALS(k, a, n)                                                  \
	{                                                                      \
		(k), NULL, (double)(n), 3, (a)                                 \
	}

/* A run as `runs` records it. */
typedef struct {
	const char *command;	 /* "catchments", "suggest-sites", ... */
	const sg_run_kv *params; /* runs.parameters, in this order */
	size_t nparams;
	/* runs.input_checksums: file -> its stamp (text members; a member
	 * whose key is NULL is left out; none: NULL). */
	const sg_run_kv *inputs;
	size_t ninputs;
} sg_run;

/*
 * Insert the run (command, parameters, the library versions, inputs,
 * started_at now) in the caller's transaction; its id into *id.
 * Messages start with `what`.  SG_ESQLITE, SG_EINVALID (too many
 * members).
 */
int sg_run__begin(sg_ctx *ctx, const char *what, const sg_run *run,
		  int64_t *id);

/* Set finished_at now and the summary (a JSON object of the members). */
int sg_run__finish(sg_ctx *ctx, const char *what, int64_t id,
		   const sg_run_kv *summary, size_t n);

#endif /* SG_LAYERS_RUNS_H */
