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

/*---- The run writer -----------------------------------------------------*/

/* One member of a run's JSON parameters, inputs or summary. */
typedef struct {
	const char *key;
	const char *text; /* a string; NULL: the number */
	double num;	  /* NaN: null */
	int kind;	  /* 0 real, 1 true/false (num != 0), 2 integer */
} sg_run_kv;

#define SG_RUN_TEXT(k, s)                                                      \
	{                                                                      \
		(k), (s), NAN, 0                                               \
	}
#define SG_RUN_NUM(k, v)                                                       \
	{                                                                      \
		(k), NULL, (v), 0                                              \
	}
#define SG_RUN_BOOL(k, v)                                                      \
	{                                                                      \
		(k), NULL, (v) ? 1 : 0, 1                                      \
	}
#define SG_RUN_INT(k, v)                                                       \
	{                                                                      \
		(k), NULL, (double)(v), 2                                      \
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
