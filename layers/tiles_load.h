/*
 * layers/tiles_load.h - what maps read from the store.  tiles/ reads the
 * store only through these loaders: each returns the features of one
 * layer as GEOS geometries in EPSG:4326 with their attributes as a
 * table, one query per layer, nothing kept open.
 */
#ifndef SG_LAYERS_TILES_LOAD_H
#define SG_LAYERS_TILES_LOAD_H

#include "engine/context.h"
#include "layers/scope.h"
#include "schoolgis/table.h"

/* Features: geom[i] (EPSG:4326, made on ctx->geos, may be NULL) and row
 * i of attr. */
typedef struct {
	size_t n;
	GEOSGeometry **geom;
	sg_table *attr;
} sg_feats;

/* Free the geometries and the table (ctx: the context that made them). */
void sg_feats__free(sg_ctx *ctx, sg_feats *f);

/*
 * Units of one kind ("ward", "district", "city"), by code.  Columns:
 * unit_code, unit_name, unit_kind, parent_code, population (the latest
 * census total, 0-120 band).  SG_ENOTFOUND when the store has none.
 */
int sg_tiles__load_units(sg_ctx *ctx, const sg_scope *sc, const char *kind,
			 sg_feats *out);

/*
 * Schools with a location, by code, with the figures of `year` (a school
 * year; NULL: each school's latest); only those teaching `level` when it
 * is not NULL (any level name import accepts).  Columns: school_code,
 * school_name, levels, unit_code, year, students, computers_teaching,
 * computers_management, teachers.
 */
int sg_tiles__load_schools(sg_ctx *ctx, const char *year, const char *level,
			   sg_feats *out);
/* The same within a scope: its schools and those of its margin (NULL:
 * the whole store). */
int sg_tiles__load_schools_in(sg_ctx *ctx, const sg_scope *sc, const char *year,
			      const char *level, sg_feats *out);

/*
 * The catchments (unserved = 0) or the unserved areas (unserved = 1) of
 * the latest catchment run of `level` and `method` (either NULL: any).
 * Columns: run_id, level, method, school_code (NULL for unserved areas),
 * school_name, schools (codes sharing the location), area_km2,
 * population (school-age children in it), seats, students (of the
 * level, the schools' `year` figures), utilization_pct (100 x students
 * / seats), demand_pct (100 x population / seats).  SG_ENOTFOUND when
 * no run matches (the message says which command makes one).
 */
int sg_tiles__load_catchments(sg_ctx *ctx, const sg_scope *sc,
			      const char *level, const char *method,
			      int unserved, const char *year, sg_feats *out);

/* The bounding box of the store's units, {west, south, east, north} in
 * degrees, or the scope's box widened by its margin; SG_ENOTFOUND when
 * there are no units. */
int sg_tiles__study_bbox(sg_ctx *ctx, const sg_scope *sc, double bbox[4]);

/* The latest school year of the store (of the scope's schools) into buf
 * ("" when none). */
int sg_tiles__latest_year(sg_ctx *ctx, const sg_scope *sc, char *buf, size_t n);

#endif /* SG_LAYERS_TILES_LOAD_H */
