/*
 * layers/catchments_run.h - a catchment run's typed result made by the
 * computation itself (ops/catchments.c: sg_catchment_compute_result),
 * from the computed catchments in memory, with exactly the figures the
 * store writer writes (layers/catchments.c), so that it equals the run
 * read back by id (sg_catchment_run_read).
 */
#ifndef SG_LAYERS_CATCHMENTS_RUN_H
#define SG_LAYERS_CATCHMENTS_RUN_H

#include "engine/coverage.h"
#include "schoolgis/catchment.h"

/* An empty run of `level` and `method` (copied).  SG_ENOMEM. */
int sg_catchment_run__new(const char *level, const char *method,
			  sg_catchment_run **out);

/* The catchments and unserved areas of one computation (c, computed on
 * d), as the writer stores them; called once per part of a run in
 * parts.  SG_ENOMEM. */
int sg_catchment_run__add(sg_catchment_run *r, GEOSContextHandle_t h,
			  const sg_catch *c, const sg_catch_data *d);

/* The run's id, totals and CRS from its summary; the catchments in the
 * order read back (by school code, then as added).  SG_ENOMEM. */
int sg_catchment_run__finish(sg_catchment_run *r,
			     const sg_catchment_summary *sum);

#endif /* SG_LAYERS_CATCHMENTS_RUN_H */
