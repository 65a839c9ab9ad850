/*
 * schoolgis/export.h - writing the store's layers to GIS files.
 *
 * Through OGR: GeoPackage (.gpkg), GeoJSON (.geojson, .json) and CSV
 * (.csv; points as lon/lat columns, polygons as WKT).  The file is written
 * under a temporary name and renamed into place, so a failed export never
 * leaves a half-written file.
 *
 * Or to a PostgreSQL/PostGIS table through GDAL's PostgreSQL driver: the
 * path is a connection string, "PG:host=... dbname=..." (a password is
 * better kept in ~/.pgpass or $PGPASSWORD than in the string).  The table
 * (by default named after the layer) gets the layer's attributes typed as
 * in a GeoPackage (integer, double precision, character varying), a
 * primary key `fid` and, for layers with geometry, a column `geom` in
 * EPSG:4326 with a GiST index.  Everything happens in one transaction
 * (PostgreSQL's DDL is transactional): a failed or killed export leaves
 * the database as it was, including a table it was to replace.
 */
#ifndef SCHOOLGIS_EXPORT_H
#define SCHOOLGIS_EXPORT_H

#include "common.h"
#include "context.h"

SG_BEGIN_DECL

/** 2 added `table`; sg_export still accepts version 1 options. */
#define SG_EXPORT_OPTIONS_VERSION 2

/** Options of sg_export.  Initialise with SG_EXPORT_OPTIONS_INIT. */
typedef struct {
	unsigned int version; /**< SG_EXPORT_OPTIONS_VERSION */
	/** Schools: the school year whose figures are joined
	 *  ("2016-2017"); NULL: each school's latest year.  School years
	 *  and population: only that year; NULL: all years. */
	const char *year;
	/** Replace an existing file or table (default: fail with
	 *  SG_EEXISTS). */
	bool overwrite;
	/** PostGIS only: the table to write, "name" or "schema.name"
	 *  (lower-case letters, digits and _); NULL: the layer's name.
	 *  Must be NULL for files. */
	const char *table;
} sg_export_options;

#define SG_EXPORT_OPTIONS_INIT                                                 \
	{                                                                      \
		SG_EXPORT_OPTIONS_VERSION, NULL, false, NULL                   \
	}

/**
 * Names of the layers sg_export knows: "units", "schools",
 * "school_years", "population", "catchments", "issues".
 *
 * @return a static NULL-terminated array.
 */
SG_API const char *const *sg_export_layers(void);

/**
 * Write one layer of the store to a file, or to a PostGIS table.  The
 * format follows the extension of `path`; a path starting "PG:" is a
 * PostgreSQL connection string.
 *
 * @param layer      one of sg_export_layers()
 * @param path       the file to write, or "PG:<connection string>"
 * @param opts       options, or NULL for defaults
 * @param count_out  OUT, may be NULL: the number of features written
 * @return SG_OK; SG_ENOSTORE; SG_EINVALID (unknown layer or extension,
 *         bad options version, a table name for a file, a bad table
 *         name, a database without PostGIS); SG_EEXISTS (the file or
 *         table exists and !overwrite); SG_EGDAL (including connection
 *         and PostgreSQL errors); SG_EIO; SG_ESQLITE.  On any error the
 *         file or database is as it was.
 */
SG_API int sg_export(sg_ctx *ctx, const char *layer, const char *path,
		     const sg_export_options *opts, int64_t *count_out);

SG_END_DECL

#endif /* SCHOOLGIS_EXPORT_H */
