/*
 * schoolgis/units.h - administrative sets, crosswalks between them, and
 * figures carried across a reform.
 *
 * Units belong to a named administrative set with the date it came into
 * force: "2019-01-01" (province -> district -> ward) and "2025-07-01"
 * (province -> commune, ward or special zone, no districts).  Codes are
 * unique within a set, not across sets: the 2025 communes reuse codes of
 * merged wards.  A school year is reported on the set in force on its
 * 1 September unless the caller names another.
 *
 * A crosswalk maps each unit of an older set to the units of a newer one
 * that took it over, with the share of its people (and area) each took;
 * a unit split between several new units has several rows, flagged.
 * School figures move between sets by the schools' locations; population
 * moves through the crosswalk.
 */
#ifndef SCHOOLGIS_UNITS_H
#define SCHOOLGIS_UNITS_H

#include "common.h"
#include "context.h"
#include "table.h"

SG_BEGIN_DECL

/*---- Administrative sets ----------------------------------------------*/

/**
 * Add an administrative set, or change the start date of one.
 *
 * @param ctx         context with an open store
 * @param name        the set's name, e.g. "2025-07-01"
 * @param start_date  YYYY-MM-DD; NULL: the name when it is a date
 * @return SG_OK; SG_ENOSTORE; SG_EINVALID (no date, or not YYYY-MM-DD);
 *         SG_ESQLITE.
 */
SG_API int sg_unit_set_add(sg_ctx *ctx, const char *name,
			   const char *start_date);

/**
 * The administrative sets of the store, oldest first: a table with
 * columns name, start_date, provinces, districts, wards (units of each
 * tier), kinds (e.g. "Phường 126, Xã 0"), with_geometry, crosswalked
 * (units with a crosswalk to a newer set).
 *
 * @param out  OUT: the table, owned by the caller (sg_table_free)
 * @return SG_OK; SG_ENOSTORE; SG_ESQLITE; SG_ENOMEM.
 */
SG_API int sg_unit_sets(sg_ctx *ctx, sg_table **out);

/**
 * The set in force on a school year's 1 September ("2025-2026" ->
 * "2025-09-01"), or on a date (YYYY-MM-DD): the one with the latest
 * start date not after it.
 *
 * @param year  "2025-2026", "2025" or a date
 * @param out   OUT: the set's name, NUL-terminated (truncated to n)
 * @return SG_OK; SG_EINVALID (not a year or date); SG_ENOTFOUND (no set
 *         in force then); SG_ENOSTORE; SG_ESQLITE.
 */
SG_API int sg_unit_set_for_year(sg_ctx *ctx, const char *year, char *out,
				size_t n);

/**
 * Import a list of units without polygons into a set: the statistics
 * office's three levels as JSON, {"data": [{level1_id, name, type,
 * level2s: [{level2_id, name, type, level3s: [{level3_id, name,
 * type}]}]}]} (provinces, districts, wards with their kinds).  Units are
 * upserted by code within the set; one transaction.
 *
 * @param path       the JSON file
 * @param set        the set (created when missing and named by a date)
 * @param units_out  OUT: units read; may be NULL
 * @return SG_OK; SG_ENOSTORE; SG_ENOTFOUND (file, or a set not named by
 *         a date); SG_EINVALID (not such a list, a unit without code);
 *         SG_ESQLITE.  On error the store is unchanged.
 */
SG_API int sg_unit_list_import(sg_ctx *ctx, const char *path, const char *set,
			       int64_t *units_out);

/*---- Crosswalks -------------------------------------------------------*/

#define SG_CROSSWALK_OPTIONS_VERSION 1

/** Options of sg_crosswalk_import.  Initialise with
 *  SG_CROSSWALK_OPTIONS_INIT. */
typedef struct {
	unsigned int version; /**< SG_CROSSWALK_OPTIONS_VERSION */
	/** The older set (the file's old units), e.g. "2019-01-01". */
	const char *from_set;
	/** The newer set, e.g. "2025-07-01"; created when missing. */
	const char *to_set;
	/** Create the newer set's units the file describes (code, name,
	 *  kind from the name, parent province) when they are missing:
	 *  a new->old list is a full list of the new set. */
	bool create_units;
	/** Derive the crosswalk from the two sets' polygons by area
	 *  overlap (sg_crosswalk_import's path is then NULL). */
	bool from_geometry;
	/** A population raster (any GDAL raster with a CRS, band 1 people
	 *  per pixel): split units are shared by its people whose pixel
	 *  centres lie in each overlap of the old polygon with a new one
	 *  (shared_by "population"); a split without polygons or without
	 *  people there keeps its area or equal shares, with a note.
	 *  NULL: by area. */
	const char *population_raster;
	/** Overlaps below this part of an old unit are slivers (edges
	 *  digitised differently) and dropped; 0: 0.005. */
	double min_part;
	/** Layer of a multi-layer file; NULL: the first. */
	const char *layer;
} sg_crosswalk_options;

#define SG_CROSSWALK_OPTIONS_INIT                                              \
	{                                                                      \
		SG_CROSSWALK_OPTIONS_VERSION, NULL, NULL, false, false, NULL,  \
			0, NULL                                                \
	}

/** Layout of sg_crosswalk_summary; fields are only ever added at the
 *  end. */
#define SG_CROSSWALK_SUMMARY_VERSION 1

/** Counts of one crosswalk import. */
typedef struct {
	unsigned int version; /**< set by the library:
			       *   SG_CROSSWALK_SUMMARY_VERSION */
	int64_t run_id;	      /**< the import's row in `runs` */
	int64_t rows;	      /**< old -> new pairs read */
	int64_t pairs;	      /**< pairs stored */
	int64_t by_code;      /**< old units matched by code (and name) */
	int64_t by_name;      /**< old units matched by name in parent */
	int64_t splits;	      /**< old units split between new units */
	int64_t unmatched;    /**< pairs not stored (see the table) */
	int64_t created;      /**< new-set units created */
	int64_t uncovered;    /**< old-set units with no crosswalk */
} sg_crosswalk_summary;

/**
 * Read old -> new unit mappings into the store's crosswalk, replacing
 * the crosswalk between the two sets.  Layouts, recognised by their
 * columns:
 * - the statistics office's change records: one row per changed ward
 *   with old and adjusted codes and names of province, district and
 *   ward (Mã tỉnh, Tên tỉnh, Mã huyện, ..., and the same "mới" or
 *   "điều chỉnh"; old_/new_ in English), and a notes column;
 * - a new -> old list as JSON: {"wards": {id: {new_ward_id,
 *   new_ward_name, new_province_name, old_wards: [{old_ward_id,
 *   old_ward_name, old_district_name, old_province_name}]}}};
 * - the same as CSV, one row per old unit: new_code, new_name,
 *   new_province, old_code, old_name, old_district, old_province, and
 *   optionally share.
 * Old units are matched by code when the code exists in the older set
 * with the same name, else by name within province and district;
 * new units the same way in the newer set.  A unit listed under several
 * new units is split: shared by area when both have polygons, by the
 * population raster's people in each overlap when given, else equally
 * (flagged).
 *
 * @param path       the file (any GDAL source, or .json); NULL with
 *                   opts->from_geometry
 * @param opts       options; from_set and to_set are required
 * @param summary    OUT: counts; may be NULL
 * @param unmatched  OUT: what was not matched (row, side, code, name,
 *                   district, province, reason), owned by the caller;
 *                   may be NULL
 * @return SG_OK (even with unmatched rows); SG_ENOSTORE; SG_ENOTFOUND
 *         (file, raster or set missing); SG_EINVALID (unknown layout, a
 *         set without polygons for from_geometry, a raster without CRS
 *         or georeferencing); SG_EGDAL; SG_EPROJ; SG_ESQLITE;
 *         SG_ENOMEM.  On error the store is unchanged.
 */
SG_API int sg_crosswalk_import(sg_ctx *ctx, const char *path,
			       const sg_crosswalk_options *opts,
			       sg_crosswalk_summary *summary,
			       sg_table **unmatched);

/*---- Figures across sets ----------------------------------------------*/

#define SG_UNIT_FIGURES_OPTIONS_VERSION 1

/** Options of sg_unit_figures and sg_unit_trends. */
typedef struct {
	unsigned int version; /**< SG_UNIT_FIGURES_OPTIONS_VERSION */
	/** School year ("2025-2026"); for trends NULL: every year. */
	const char *year;
	/** The set to report on; NULL: the one in force on the year's
	 *  1 September (for trends: the newest set). */
	const char *set;
	/** A unit code of that set: its own row and its children's
	 *  (figures) or its row per year (trends); NULL: the top units. */
	const char *unit;
	/** Census year of the population; NULL: the latest up to the
	 *  school year's start. */
	const char *population_year;
} sg_unit_figures_options;

#define SG_UNIT_FIGURES_OPTIONS_INIT                                           \
	{                                                                      \
		SG_UNIT_FIGURES_OPTIONS_VERSION, NULL, NULL, NULL, NULL        \
	}

/**
 * Figures per unit of a set: columns year, set, unit_code, unit_name,
 * kind (Vietnamese), schools, students, classes, teachers,
 * schools_by (how schools were counted: "location" in the unit's
 * polygon, or "declared unit" when there are no polygons),
 * code_mismatches (schools whose declared unit is not where they lie),
 * population (total, 0-120), population_by ("stored", "crosswalk",
 * "crosswalk, area shares", "crosswalk, population shares",
 * "crosswalk, equal shares"), population_year.  The first row is the
 * unit itself, then its children; a unit's figures sum its
 * descendants'.
 *
 * @param opts  options; year is required
 * @param out   OUT: the table, owned by the caller (sg_table_free)
 * @return SG_OK; SG_ENOSTORE; SG_EINVALID (no year); SG_ENOTFOUND (set
 *         or unit not found); SG_ESQLITE; SG_ENOMEM.
 */
SG_API int sg_unit_figures(sg_ctx *ctx, const sg_unit_figures_options *opts,
			   sg_table **out);

/**
 * Trends of one unit across school years, every year reported on the
 * same set (opts->set, else the newest), with the same columns as
 * sg_unit_figures, one row per school year with school figures.
 *
 * @param opts  options; unit is required
 * @return as sg_unit_figures.
 */
SG_API int sg_unit_trends(sg_ctx *ctx, const sg_unit_figures_options *opts,
			  sg_table **out);

SG_END_DECL

#endif /* SCHOOLGIS_UNITS_H */
