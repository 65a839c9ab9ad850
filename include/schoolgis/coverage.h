/*
 * schoolgis/coverage.h - how well the schools of a level cover the
 * children of school age: `schoolgis stats coverage`.
 *
 * Definitions:
 * - School-age population of a ward: the children aged ages.<level>_from
 *   to ages.<level>_to (standards), from the ward's census age bands
 *   (each year taken from the narrowest band holding it, a band spread
 *   evenly over its years); when the bands do not cover those ages, the
 *   total population x shares.<level>.  Census year: the given one, else
 *   each ward's latest.
 * - Within reach: living within max_distance (default distance.<level>)
 *   of a school of the level, straight line, in a metric CRS; the ward's
 *   population is spread evenly over its area (area weighting).
 * - Students and seats of a school for the level: as in
 *   schoolgis/catchment.h; utilization = students / seats.  A school is
 *   over capacity when its students exceed its seats.
 * - Catchment: the school's Voronoi polygon (nearest school) in the
 *   study area; its children are area-weighted; demand = children in the
 *   catchment / seats.  Schools at one location share one catchment
 *   (reported on each, with the seats of all of them).
 * - Unserved areas: the connected parts of the study area farther than
 *   max_distance from every school of the level, with their children.
 *
 * Nothing is written to the store; `schoolgis catchments --method
 * distance` stores the same unserved areas as a map layer.
 */
#ifndef SCHOOLGIS_COVERAGE_H
#define SCHOOLGIS_COVERAGE_H

#include "common.h"
#include "context.h"
#include "roads.h"
#include "standards.h"
#include "store.h"
#include "table.h"

SG_BEGIN_DECL

/** Version 2 added unit, margin and scope, version 3 road, version 4
 *  whole, version 5 set; older structs are accepted. */
#define SG_COVERAGE_OPTIONS_VERSION 5

/** Options of sg_coverage_compute.  Initialise with
 *  SG_COVERAGE_OPTIONS_INIT. */
typedef struct {
	unsigned int version;	       /**< SG_COVERAGE_OPTIONS_VERSION */
	const char *level;	       /**< required, as in catchments */
	double max_distance;	       /**< metres; 0: distance.<level> */
	const char *year;	       /**< school year; NULL: latest each */
	const char *population_year;   /**< census year; NULL: latest each */
	const sg_standards *standards; /**< NULL: defaults; borrowed */
	const char *crs;	       /**< metric CRS; NULL: UTM zone */
	/** Version >= 2: the unit (units.code) to cover: its wards are the
	 *  study area and its schools the schools counted; the schools
	 *  within `margin` outside it serve its children too (a child near
	 *  a border goes to the nearest school across it).  NULL: the
	 *  whole store. */
	const char *unit;
	/** Version >= 2: metres; 0: SG_SCOPE_MARGIN_DEFAULT. */
	double margin;
	/** Version >= 2: an open scope instead of `unit`; borrowed. */
	const sg_scope *scope;
	/** Version >= 3: within reach by road (schoolgis/roads.h): grid
	 *  squares of 250 m whose centre reaches a school within
	 *  max_distance metres (length cost) or road->max_minutes (time
	 *  cost); catchments are the nearest school by road.  NULL:
	 *  straight lines.  Borrowed. */
	const sg_roads_distance *road;
	/** Version >= 4: for the whole store (no unit, no scope, no road),
	 *  compute everything at once in one CRS (the UTM zone of the
	 *  store's centre, or `crs`) instead of a province at a time.  By
	 *  default a store of one administrative set with two or more
	 *  provinces (top-level units) is computed a province at a time,
	 *  each in the UTM zone of the centre of its box (or `crs`), with
	 *  the schools of its neighbours within max(margin, max_distance)
	 *  and wider where a province's Voronoi cells need it: the figures
	 *  of every ward and school are those of one computation, but an
	 *  unserved area across a provincial border is one row per
	 *  province, and schools placed in no unit are left out. */
	bool whole;
	/** Version >= 5: the administrative set (schoolgis/units.h) to
	 *  report on: `unit` is looked up in it, and without a unit its
	 *  units are the study area.  NULL: a bare unit code is the newest
	 *  set's; without a unit, a store of several sets is reported on
	 *  the set in force on the 1 September of `year` (else of the
	 *  latest school year), never on a mix of overlapping sets. */
	const char *set;
} sg_coverage_options;

#define SG_COVERAGE_OPTIONS_INIT                                               \
	{                                                                      \
		SG_COVERAGE_OPTIONS_VERSION, NULL, 0, NULL, NULL, NULL, NULL,  \
			NULL, 0, NULL, NULL, false, NULL                       \
	}

/** Layout of sg_coverage_summary; fields are only ever added at the
 *  end. */
#define SG_COVERAGE_SUMMARY_VERSION 1

/** Totals over the study area.  Strings are borrowed from the context
 *  until sg_ctx_free. */
typedef struct {
	unsigned int version;  /**< set by the library:
				    SG_COVERAGE_SUMMARY_VERSION */
	int64_t units;	       /**< wards (rows of the units table) */
	int64_t schools;       /**< schools of the level */
	int64_t over_capacity; /**< schools with students > seats */
	int64_t unserved_areas;
	int64_t units_by_bands; /**< wards whose ages came from bands */
	int64_t units_by_share; /**< ... from total x share */
	int64_t units_unknown;	/**< ... with no population (counted 0) */
	double children;	/**< school-age population */
	double children_within; /**< within max_distance of a school */
	double within_pct;	/**< 100 x within / children; NaN if 0 */
	double students;	/**< known students of the level */
	double seats;		/**< known seats */
	double utilization_pct; /**< 100 x students / seats, same schools */
	double unserved_children;
	double unserved_area_km2;
	double study_area_km2;
	double max_distance; /**< metres used (NaN by road with the
				       time cost: see max_minutes) */
	int age_from, age_to;
	const char *crs; /**< the metric CRS(s) used, whole */
	/** Within reach by road (options' road); false: straight lines. */
	bool by_road;
	/** By road: the reach is a travel time (max_minutes). */
	bool time_cost;
	/** By road with the time cost: the reach, minutes; else NaN. */
	double max_minutes;
	/** By road: the network's name ("" otherwise) and profile. */
	const char *network;
	sg_roads_profile profile;
} sg_coverage_summary;

/**
 * Coverage of one level.  Any table pointer may be NULL when not wanted;
 * tables are freed with sg_table_free.
 *
 * - units_out: one row per ward: unit_code, unit_name, children,
 *   children_within, within_pct, children_beyond, schools, students,
 *   seats, seats_minus_children, utilization_pct, population_source
 *   ("bands", "share", "none").
 * - schools_out: one row per school of the level: school_code,
 *   school_name, unit_code, students, classes, seats, utilization_pct,
 *   over_capacity (0/1), catchment_km2, catchment_children,
 *   demand_pct (100 x catchment children / seats), shared_with (codes
 *   at the same location).
 * - unserved_out: one row per unserved area, most children first: area
 *   (1, 2, ...), area_km2, children, unit_codes, lon, lat (a point
 *   inside it, EPSG:4326).
 *
 * @param summary  OUT, may be NULL: the totals
 * @return SG_OK; SG_ENOSTORE; SG_EINVALID (unknown level, bad distance,
 *         no units, bad CRS); SG_EPROJ; SG_EGEOS; SG_ESQLITE; SG_ENOMEM;
 *         SG_ECANCELLED.
 */
SG_API int sg_coverage_compute(sg_ctx *ctx, const sg_coverage_options *opts,
			       sg_table **units_out, sg_table **schools_out,
			       sg_table **unserved_out,
			       sg_coverage_summary *summary);

/*---- Typed result -------------------------------------------------------
 *
 * sg_coverage_compute_result computes the coverage once and keeps it as
 * a result object: the summary, one row per ward, per school and per
 * unserved area, read with the getters below (the tables of
 * sg_coverage_compute are views of the same figures).  Getters return
 * NaN for an unknown figure or an index out of range, NULL for a
 * missing text.
 */

/** An opaque result of sg_coverage_compute_result. */
typedef struct sg_coverage_result sg_coverage_result;

/** A ward's figures (the units table's columns, same names). */
typedef enum {
	SG_COVERAGE_UNIT_CHILDREN = 0,
	SG_COVERAGE_UNIT_CHILDREN_WITHIN,
	SG_COVERAGE_UNIT_WITHIN_PCT,
	SG_COVERAGE_UNIT_CHILDREN_BEYOND,
	SG_COVERAGE_UNIT_SCHOOLS,
	SG_COVERAGE_UNIT_STUDENTS,
	SG_COVERAGE_UNIT_SEATS,
	SG_COVERAGE_UNIT_SEATS_MINUS_CHILDREN,
	SG_COVERAGE_UNIT_UTILIZATION_PCT,
	SG_COVERAGE_UNIT__COUNT
} sg_coverage_unit_figure;

/** A school's figures (the schools table's columns, same names);
 *  over_capacity is 1 or 0. */
typedef enum {
	SG_COVERAGE_SCHOOL_STUDENTS = 0,
	SG_COVERAGE_SCHOOL_CLASSES,
	SG_COVERAGE_SCHOOL_SEATS,
	SG_COVERAGE_SCHOOL_UTILIZATION_PCT,
	SG_COVERAGE_SCHOOL_OVER_CAPACITY,
	SG_COVERAGE_SCHOOL_CATCHMENT_KM2,
	SG_COVERAGE_SCHOOL_CATCHMENT_CHILDREN,
	SG_COVERAGE_SCHOOL_DEMAND_PCT,
	SG_COVERAGE_SCHOOL__COUNT
} sg_coverage_school_figure;

/** An unserved area's figures; lon, lat: a point inside it. */
typedef enum {
	SG_COVERAGE_UNSERVED_AREA_KM2 = 0,
	SG_COVERAGE_UNSERVED_CHILDREN,
	SG_COVERAGE_UNSERVED_LON,
	SG_COVERAGE_UNSERVED_LAT,
	SG_COVERAGE_UNSERVED__COUNT
} sg_coverage_unserved_figure;

/**
 * Coverage of one level as a result object.
 *
 * @param out  OUT: freed with sg_coverage_result_free
 * @return as sg_coverage_compute.
 */
SG_API int sg_coverage_compute_result(sg_ctx *ctx,
				      const sg_coverage_options *opts,
				      sg_coverage_result **out);
SG_API void sg_coverage_result_free(sg_coverage_result *r);

/** The totals (as sg_coverage_compute's summary); borrowed. */
SG_API const sg_coverage_summary *
sg_coverage_result_summary(const sg_coverage_result *r);

/** Column names ("within_pct"), and back. */
SG_API const char *sg_coverage_unit_figure_name(sg_coverage_unit_figure f);
SG_API bool sg_coverage_unit_figure_parse(const char *name,
					  sg_coverage_unit_figure *out);
SG_API const char *sg_coverage_school_figure_name(sg_coverage_school_figure f);
SG_API bool sg_coverage_school_figure_parse(const char *name,
					    sg_coverage_school_figure *out);

/* Wards of the study area, by code. */
SG_API size_t sg_coverage_result_nunits(const sg_coverage_result *r);
SG_API const char *sg_coverage_unit_code(const sg_coverage_result *r, size_t i);
SG_API const char *sg_coverage_unit_name(const sg_coverage_result *r, size_t i);
/** "bands", "share" or "none". */
SG_API const char *
sg_coverage_unit_population_source(const sg_coverage_result *r, size_t i);
SG_API double sg_coverage_unit_value(const sg_coverage_result *r, size_t i,
				     sg_coverage_unit_figure f);
SG_API bool sg_coverage_unit_find(const sg_coverage_result *r, const char *code,
				  size_t *i);

/* Schools of the level (not those of the margin), by code. */
SG_API size_t sg_coverage_result_nschools(const sg_coverage_result *r);
SG_API const char *sg_coverage_school_code(const sg_coverage_result *r,
					   size_t i);
SG_API const char *sg_coverage_school_name(const sg_coverage_result *r,
					   size_t i);
SG_API const char *sg_coverage_school_unit_code(const sg_coverage_result *r,
						size_t i);
/** Codes of the schools at the same location, NULL: none. */
SG_API const char *sg_coverage_school_shared_with(const sg_coverage_result *r,
						  size_t i);
SG_API double sg_coverage_school_value(const sg_coverage_result *r, size_t i,
				       sg_coverage_school_figure f);

/* Unserved areas, most children first. */
SG_API size_t sg_coverage_result_nunserved(const sg_coverage_result *r);
/** The codes of the wards it touches, comma-separated. */
SG_API const char *sg_coverage_unserved_unit_codes(const sg_coverage_result *r,
						   size_t i);
SG_API double sg_coverage_unserved_value(const sg_coverage_result *r, size_t i,
					 sg_coverage_unserved_figure f);

SG_END_DECL

#endif /* SCHOOLGIS_COVERAGE_H */
