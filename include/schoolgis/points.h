/*
 * schoolgis/points.h - many points against the schools of one level:
 * the catchment each point falls in, the points of each school, and the
 * share of points within a distance of a school.
 *
 * Points are households, applicants or population samples given as
 * longitude/latitude arrays in EPSG:4326; a million points take about
 * half a second on one core (bench/RESULTS.md) and 64 KiB besides the
 * caller's arrays.
 *
 * A school index (sg_school_index) is built once from the store: the
 * schools of the level, merged into one site when closer than 1 m (as
 * catchments are: the site belongs to the school with the smallest
 * code), the study area (the union of the wards, of the districts when
 * the store has no wards) and a grid over the sites, all in a metric CRS
 * (the UTM zone of the study area's centre unless the caller names one).
 * Each call then takes its points to that CRS with PROJ, in batches, and
 * answers from the grid; nothing is allocated per point and nothing is
 * written to the store.
 *
 * Definitions (they match `schoolgis catchments --method voronoi` and
 * `--method distance`):
 * - A point is in the catchment of school S when it lies inside the
 *   study area and S's site is its nearest site (straight line, in the
 *   metric CRS).  Equally near sites: the one of the smallest code.  A
 *   point outside the study area is in no catchment.
 * - A point is within distance D of a school when some school of the
 *   level lies at distance <= D from it, wherever the point is.
 * - A point whose coordinates are not finite, or that PROJ cannot take
 *   to the metric CRS, is "invalid": in no catchment, never within.
 *
 * An index belongs to the context it was made with: use it on that
 * context's thread only, and free it before the context.
 */
#ifndef SCHOOLGIS_POINTS_H
#define SCHOOLGIS_POINTS_H

#include "common.h"
#include "context.h"
#include "standards.h"

SG_BEGIN_DECL

/** The schools of one level, indexed for point queries.  Opaque. */
typedef struct sg_school_index sg_school_index;

#define SG_SCHOOL_INDEX_OPTIONS_VERSION 1

/** Options of sg_school_index_new.  Initialise with
 *  SG_SCHOOL_INDEX_OPTIONS_INIT. */
typedef struct {
	unsigned int version; /**< SG_SCHOOL_INDEX_OPTIONS_VERSION */
	/** "preschool", "primary", "lower_secondary" or "upper_secondary"
	 *  (or the Vietnamese names import accepts).  Required. */
	const char *level;
	/** Standards: the default distance is distance.<level>.  NULL:
	 *  the built-in defaults.  Borrowed for the call only. */
	const sg_standards *standards;
	/** Metric CRS ("EPSG:32648", a PROJ string or WKT); NULL: the UTM
	 *  zone of the study area's centre. */
	const char *crs;
} sg_school_index_options;

#define SG_SCHOOL_INDEX_OPTIONS_INIT                                           \
	{                                                                      \
		SG_SCHOOL_INDEX_OPTIONS_VERSION, NULL, NULL, NULL              \
	}

/** "No school": a point in no catchment (sg_points_assign). */
#define SG_POINTS_NONE ((size_t)-1)

/** Layout of sg_points_summary; fields are only ever added at the end. */
#define SG_POINTS_SUMMARY_VERSION 1

/** What a point call found.  Counts are over the n points of the
 *  call. */
typedef struct {
	unsigned int version; /**< set by the library:
			       *   SG_POINTS_SUMMARY_VERSION */
	uint64_t points;      /**< n */
	uint64_t invalid;     /**< not finite, or not transformable */
	uint64_t in_area;     /**< assign: inside the study area */
	uint64_t assigned;    /**< assign: in some school's catchment */
	uint64_t within;      /**< within: within max_distance */
	double max_distance;  /**< within: metres used; else NaN */
	/** within: within / points (invalid points count in points);
	 *  NaN when there are no points or for assign. */
	double within_share;
} sg_points_summary;

/**
 * Load the schools of a level and the study area from the context's
 * store and index them.
 *
 * @param ctx   context with an open store
 * @param opts  options (level is required)
 * @param out   OUT: the index; free with sg_school_index_free
 * @return SG_OK; SG_ENOSTORE; SG_EINVALID (unknown level, options of
 *         another version, no units in the store, a geographic or
 *         unknown CRS); SG_EPROJ; SG_EGEOS; SG_ESQLITE; SG_ENOMEM.  A
 *         level without schools is not an error: no point is then in a
 *         catchment or within any distance.
 */
SG_API int sg_school_index_new(sg_ctx *ctx, const sg_school_index_options *opts,
			       sg_school_index **out);

/** Free an index.  NULL is a no-op. */
SG_API void sg_school_index_free(sg_school_index *idx);

/** Number of schools of the level (with a location), ordered by code.
 *  Schools are numbered 0 .. count - 1 in the calls below. */
SG_API size_t sg_school_index_count(const sg_school_index *idx);

/** Store id (schools.id) of school i; -1 when i is out of range. */
SG_API int64_t sg_school_index_id(const sg_school_index *idx, size_t i);

/** Code of school i, borrowed from the index; NULL when i is out of
 *  range. */
SG_API const char *sg_school_index_code(const sg_school_index *idx, size_t i);

/** The metric CRS the index computes in, e.g. "EPSG:32648"; borrowed. */
SG_API const char *sg_school_index_crs(const sg_school_index *idx);

/** The default distance: the standard distance.<level> in metres, NaN
 *  when the standards give none. */
SG_API double sg_school_index_default_distance(const sg_school_index *idx);

/**
 * Put every point in its catchment and count the points of each school.
 *
 * @param idx         the school index
 * @param lon, lat    n coordinates in EPSG:4326 (degrees); borrowed
 * @param n           number of points (0 is allowed)
 * @param school_out  OUT, may be NULL: n entries, the school (0 ..
 *                    count - 1) whose catchment holds the point, or
 *                    SG_POINTS_NONE.  Schools sharing a site: always the
 *                    one of the smallest code.
 * @param counts_out  OUT, may be NULL: sg_school_index_count(idx)
 *                    entries, overwritten with the number of points of
 *                    each school (0 for a school merged into another's
 *                    site)
 * @param summary     OUT, may be NULL: totals
 * @return SG_OK; SG_EINVALID (NULL coordinates with n > 0); SG_ENOMEM;
 *         SG_ECANCELLED (the progress callback asked to stop; outputs
 *         are then incomplete).
 */
SG_API int sg_points_assign(sg_school_index *idx, const double *lon,
			    const double *lat, size_t n, size_t *school_out,
			    uint64_t *counts_out, sg_points_summary *summary);

/**
 * Which points lie within a distance of some school of the level, and
 * their share.
 *
 * @param idx           the school index
 * @param lon, lat      n coordinates in EPSG:4326; borrowed
 * @param n             number of points (0 is allowed)
 * @param max_distance  metres; 0 or NaN: the standard distance.<level>
 * @param within_out    OUT, may be NULL: n entries, 1 when the point is
 *                      within max_distance of a school, else 0
 * @param summary       OUT, may be NULL: totals and the share
 * @return SG_OK; SG_EINVALID (negative or infinite distance, no
 *         standard distance for the level, NULL coordinates with
 *         n > 0); SG_ENOMEM; SG_ECANCELLED.
 */
SG_API int sg_points_within(sg_school_index *idx, const double *lon,
			    const double *lat, size_t n, double max_distance,
			    uint8_t *within_out, sg_points_summary *summary);

SG_END_DECL

#endif /* SCHOOLGIS_POINTS_H */
