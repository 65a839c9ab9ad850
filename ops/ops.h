/*
 * ops/ops.h - the public commands as drivers (the files of ops/).
 *
 * Each public command function of the library (sg_catchment_compute,
 * sg_sites_suggest, sg_admit, sg_roads_import, sg_export and the
 * statistics and coverage) is a driver in ops/, written in five
 * steps and nothing else:
 *
 *   1. validate the options: version, ranges, names (SG_EINVALID, the
 *      message naming the option's value, never a CLI flag);
 *   2. load the scope: sg_scope__open (layers/scope.h) and the tables
 *      it needs through the loaders of layers/load.h (one loader per
 *      table; the year rule is theirs);
 *   3. compute: engine/ functions on the loaded arrays (pure, in
 *      memory; no SQL, GDAL or file I/O);
 *   4. persist: in one store transaction (sg_db__begin/commit), the run
 *      through the one run writer (sg_run__begin/finish, layers/runs.h,
 *      result keys from there) and the result rows; output files
 *      through layers/' writers (atomic, util/file.h);
 *   5. summary: fill the caller's summary or result object.
 *
 * What ops/ does not do: SQL text, GDAL/OGR calls, PROJ set-up beyond
 * engine/crs.h, printing, exiting.  layers/ keeps file, store and
 * PostGIS I/O only (loaders, the run writer, file writers); engine/
 * keeps the computation.  A step that has not been split yet is named
 * in the driver's comment ("still in layers/...").
 *
 * Messages start with the command's name (`what`), as everywhere.  On
 * failure the store is as it was (the transaction is rolled back) and
 * no output file is left half-written.
 *
 * Nothing is declared here for other modules: drivers implement the
 * public API (include/schoolgis/), and their internal steps live in the
 * layers/ and engine/ headers they include.  This header is the
 * pattern's documentation and the home of helpers every driver shares.
 */
#ifndef SG_OPS_OPS_H
#define SG_OPS_OPS_H

#include "engine/context.h"
#include "schoolgis/standards.h"

/* The options version check every driver starts with: SG_OK when
 * `version` is one of those accepted (1..current), else SG_EINVALID
 * "WHAT: options version V, expected CURRENT". */
int sg_ops__version(sg_ctx *ctx, const char *what, unsigned version,
		    unsigned oldest, unsigned current);

/* The distance norm of a level name (the standards' distance.<level>,
 * metres), before anything is loaded; NaN for an unknown level or
 * several levels. */
double sg_ops__level_norm(const char *level, const sg_standards *std);

#endif /* SG_OPS_OPS_H */
