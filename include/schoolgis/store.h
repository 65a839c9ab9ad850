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
#define SG_STORE_SCHEMA_VERSION 3

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

/** Flags of sg_store_create. */
typedef enum {
	SG_STORE_CREATE_DEFAULT = 0,
	SG_STORE_CREATE_OVERWRITE = 1  /**< replace an existing file */
} sg_store_create_flags;

/**
 * Create a new, empty store at `path` and open it on the context.  The
 * file is built under a temporary name and renamed into place, so a
 * failure never leaves a half-made store.
 *
 * @param ctx    the context; a store already open on it is closed first
 * @param path   file to create
 * @param flags  sg_store_create_flags
 * @return SG_OK; SG_EEXISTS when the file exists and OVERWRITE is not
 *         set; SG_ESQLITE or SG_EIO.
 */
SG_API int sg_store_create(sg_ctx *ctx, const char *path, unsigned flags);

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

SG_END_DECL

#endif /* SCHOOLGIS_STORE_H */
