/*
 * schoolgis/export.h - writing the store's layers to GIS files.
 *
 * Through OGR: GeoPackage (.gpkg), GeoJSON (.geojson, .json) and CSV
 * (.csv; points as lon/lat columns, polygons as WKT).  The file is written
 * under a temporary name and renamed into place, so a failed export never
 * leaves a half-written file.
 */
#ifndef SCHOOLGIS_EXPORT_H
#define SCHOOLGIS_EXPORT_H

#include "common.h"
#include "context.h"

SG_BEGIN_DECL

#define SG_EXPORT_OPTIONS_VERSION 1

/** Options of sg_export.  Initialise with SG_EXPORT_OPTIONS_INIT. */
typedef struct {
	unsigned int version;  /**< SG_EXPORT_OPTIONS_VERSION */
	/** Schools: the school year whose figures are joined
	 *  ("2016-2017"); NULL: each school's latest year.  School years
	 *  and population: only that year; NULL: all years. */
	const char *year;
	/** Replace an existing file (default: fail with SG_EEXISTS). */
	bool overwrite;
} sg_export_options;

#define SG_EXPORT_OPTIONS_INIT { SG_EXPORT_OPTIONS_VERSION, NULL, false }

/**
 * Names of the layers sg_export knows: "units", "schools",
 * "school_years", "population", "catchments", "issues".
 *
 * @return a static NULL-terminated array.
 */
SG_API const char *const *sg_export_layers(void);

/**
 * Write one layer of the store to a file.  The format follows the
 * extension of `path`.
 *
 * @param layer      one of sg_export_layers()
 * @param path       the file to write
 * @param opts       options, or NULL for defaults
 * @param count_out  OUT, may be NULL: the number of features written
 * @return SG_OK; SG_ENOSTORE; SG_EINVALID (unknown layer or extension);
 *         SG_EEXISTS; SG_EGDAL; SG_EIO; SG_ESQLITE.
 */
SG_API int sg_export(sg_ctx *ctx, const char *layer, const char *path,
		     const sg_export_options *opts, int64_t *count_out);

SG_END_DECL

#endif /* SCHOOLGIS_EXPORT_H */
