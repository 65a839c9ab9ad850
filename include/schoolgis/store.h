/*
 * schoolgis/store.h - the project store.
 *
 * A project store is one SpatiaLite file holding the units (wards,
 * districts, cities), schools, per-year school figures, population,
 * applicants, runs (provenance), catchments and results.  A context has at
 * most one store open.  Opening a store checks its schema version and
 * migrates an older store inside a transaction.
 */
#ifndef SCHOOLGIS_STORE_H
#define SCHOOLGIS_STORE_H

#include "common.h"
#include "context.h"

SG_BEGIN_DECL

/** Schema version written by this library. */
#define SG_STORE_SCHEMA_VERSION 5

/** Default file name when neither --db nor $SCHOOLGIS_DB is given. */
#define SG_STORE_DEFAULT_PATH "schoolgis.sqlite"

/**
 * The store path every command uses: `given` when not NULL, else the
 * environment variable SCHOOLGIS_DB when set and not empty, else
 * "./schoolgis.sqlite".
 *
 * @param given  the --db value, or NULL
 * @return a borrowed string (given, the environment's, or a static one).
 */
SG_API const char *sg_store_resolve_path(const char *given);

/**
 * Create a new, empty store at `path` and open it on the context.  The
 * file is built under a temporary name and renamed into place, so a
 * failure never leaves a half-made store.
 *
 * @param ctx        the context; a store already open on it is closed
 *                   first
 * @param path       file to create
 * @param overwrite  replace an existing file
 * @return SG_OK; SG_EEXISTS when the file exists and !overwrite;
 *         SG_ESQLITE or SG_EIO.
 */
SG_API int sg_store_create(sg_ctx *ctx, const char *path, bool overwrite);

/**
 * Open an existing store on the context, checking and migrating its
 * schema.
 *
 * @return SG_OK; SG_ENOTFOUND when the file does not exist; SG_EINVALID
 *         when it is not a schoolgis store; SG_EVERSION when it was made by
 *         a newer schoolgis; SG_ESQLITE.
 */
SG_API int sg_store_open(sg_ctx *ctx, const char *path);

/** Close the context's store, if any.  Safe to call twice. */
SG_API void sg_store_close(sg_ctx *ctx);

/**
 * Number of rows in one of the store's tables ("units", "schools",
 * "school_years", "population", "applicants", "runs", "catchments",
 * "results", "import_issues").
 *
 * @param out  OUT: the row count
 * @return SG_OK; SG_ENOSTORE; SG_EINVALID for an unknown table name.
 */
SG_API int sg_store_count(sg_ctx *ctx, const char *table, int64_t *out);

/**
 * Path of the context's open store.
 *
 * @return a string borrowed from the context, or NULL when none is open.
 */
SG_API const char *sg_store_path(const sg_ctx *ctx);

/*---- Unit scope -------------------------------------------------------*/

/**
 * Default margin of a unit scope, in metres: catchments and coverage of
 * a unit also see the schools within this distance outside the unit's
 * bounding box, so that children near a border go to the nearest school
 * across it.  3 km is the largest built-in distance norm (upper
 * secondary, distance.upper_secondary): a school farther outside serves
 * no child of the unit within any norm.  Statistics (ratios, IT,
 * roll-up) count only the unit's own schools and use no margin.
 */
#define SG_SCOPE_MARGIN_DEFAULT 3000.0

/**
 * A unit scope: one unit of the store (a ward, a district, a city) with
 * every unit below it, their bounding box, their schools, and the
 * schools within a margin outside it.  Every computation given a unit
 * (the `unit` field of the options of stats, coverage, catchments,
 * suggest-sites, maps and the report) loads only what its scope holds,
 * so its cost follows the unit's size, not the store's.
 *
 * Opaque; one per context at a time is the common use, but several may
 * be alive.  Free with sg_scope_free before the context.
 */
typedef struct sg_scope sg_scope;

/**
 * Open the scope of a unit of the context's store.
 *
 * @param ctx     context with an open store
 * @param unit    the unit's code (units.code); required
 * @param margin  metres outside the unit's bounding box whose schools
 *                catchments and coverage also see; 0 or NaN:
 *                SG_SCOPE_MARGIN_DEFAULT; negative is SG_EINVALID
 * @param out     OUT: the scope, owned by the caller (sg_scope_free)
 * @return SG_OK; SG_ENOSTORE without a store; SG_ENOTFOUND when no unit
 *         has that code; SG_EINVALID for an empty code or a negative
 *         margin; SG_ESQLITE; SG_ENOMEM
 */
SG_API int sg_scope_open(sg_ctx *ctx, const char *unit, double margin,
			 sg_scope **out);

/** The unit's code, name ("" when none) and kind ("ward", "district",
 *  "city"); borrowed, valid while the scope lives. */
SG_API const char *sg_scope_code(const sg_scope *sc);
SG_API const char *sg_scope_name(const sg_scope *sc);
SG_API const char *sg_scope_kind(const sg_scope *sc);

/** Units in the scope: the unit and every unit below it. */
SG_API size_t sg_scope_unit_count(const sg_scope *sc);

/** Schools of the scope: with_margin false, those whose unit lies in
 *  the scope; true, also those within the margin outside it. */
SG_API size_t sg_scope_school_count(const sg_scope *sc, bool with_margin);

/** The margin in metres. */
SG_API double sg_scope_margin(const sg_scope *sc);

/**
 * The bounding box {west, south, east, north} in degrees (EPSG:4326) of
 * the unit's geometry (with_margin false; all NaN when no unit of the
 * scope has a geometry) or of the unit widened by the margin.
 */
SG_API void sg_scope_bbox(const sg_scope *sc, bool with_margin, double out[4]);

/** Free a scope; NULL is a no-op. */
SG_API void sg_scope_free(sg_scope *sc);

SG_END_DECL

#endif /* SCHOOLGIS_STORE_H */
