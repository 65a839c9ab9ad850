/*
 * layers/results.h - what report/ and tiles/ read from the store, as
 * typed results: the statistics and the coverage (computed on a scope,
 * engine/stats.h and engine/coverage.h), and the stored runs the report
 * shows (layers/report_load.c).  report/ and tiles/ run no SQL and call
 * no public operation: they call these.
 */
#ifndef SG_LAYERS_RESULTS_H
#define SG_LAYERS_RESULTS_H

#include <stdint.h>

#include "engine/context.h"
#include "schoolgis/admit.h"
#include "schoolgis/coverage.h"
#include "schoolgis/store.h"
#include "schoolgis/stats.h"

/* sg_stats_compute without clearing the context's error. */
int sg_stats__compute(sg_ctx *ctx, const sg_stats_options *opts,
		      sg_stats_result **out);

/* sg_coverage_compute_result. */
int sg_coverage__compute(sg_ctx *ctx, const sg_coverage_options *opts,
			 sg_coverage_result **out);

/*---- Stored runs --------------------------------------------------------*/

/* A run as `runs` recorded it (texts as stored, NULL when NULL). */
typedef struct {
	int64_t id;
	char *command, *parameters, *inputs, *started;
} sg_run_row;

/* Every run of the store, by id.  SG_ESQLITE, SG_ENOMEM. */
int sg_load__runs(sg_ctx *ctx, const char *what, sg_run_row **out, size_t *n);
void sg_load__runs_free(sg_run_row *r, size_t n);

/* The latest `admit` run of each grade for school year `year`, by grade:
 * their ids in *out (freed by the caller).  SG_ESQLITE, SG_ENOMEM. */
int sg_load__admit_runs(sg_ctx *ctx, const char *what, const char *year,
			int64_t **out, size_t *n);

/* sg_admit_run_read keeping the schools of the scope only (sc NULL:
 * every school), without clearing the context's error. */
int sg_admit__run_read(sg_ctx *ctx, const char *what, int64_t run_id,
		       const sg_scope *sc, sg_admit_run **out);
/* 1 when the scope left out none of the run's schools. */
int sg_admit__run_all(const sg_admit_run *r);

#endif /* SG_LAYERS_RESULTS_H */
