/*
 * schoolgis/stats.h - what district and city offices report every year:
 * students per computer against the standards, computers missing and
 * their cost, management equipment, IT infrastructure against targets,
 * rolled up school -> ward -> district -> city, per school year and as
 * trends across years.
 *
 * Definitions (the standards are in schoolgis/standards.h):
 * - A school's teaching computers needed: the sum over its levels of
 *   ceil(students of the level / standard of the level); a single-level
 *   school's students are all of its level; a multi-level school needs
 *   its students per level, else its compliance is unknown.
 * - Compliant (level standard): teaching computers >= needed.  Zero
 *   computers with students is "no computers": not compliant, never a
 *   division by zero.  A school with no standard for its levels
 *   (preschools by default) is not assessed.
 * - School-wide: students / (teaching + management computers) <= the
 *   school-wide standard.
 * - Computers missing: max(0, needed - present); cost = missing x price.
 * - Unknown (NULL) figures make a school's result unknown: it is left out
 *   of shares and counted in the "unknown" columns.
 * - Every rate of a group is a ratio of sums over the group's schools,
 *   never an average of the schools' ratios.
 * - Level groups: a single-level school counts in its level; schools with
 *   several levels form the group "multi_level"; "all" is every school.
 */
#ifndef SCHOOLGIS_STATS_H
#define SCHOOLGIS_STATS_H

#include "common.h"
#include "context.h"
#include "standards.h"
#include "store.h"
#include "table.h"

SG_BEGIN_DECL

/** How rows are grouped. */
typedef enum {
	SG_STATS_BY_SCHOOL = 0,	  /**< one row per school */
	SG_STATS_BY_WARD = 1,	  /**< per ward and level group */
	SG_STATS_BY_DISTRICT = 2, /**< per district and level group */
	SG_STATS_BY_CITY = 3,	  /**< per city and level group */
	SG_STATS_BY_LEVEL = 4	  /**< per level group, whole store */
} sg_stats_by;

/** Version 2 added unit and scope, version 3 set. */
#define SG_STATS_OPTIONS_VERSION 3

/** Options of the statistics.  Initialise with SG_STATS_OPTIONS_INIT. */
typedef struct {
	unsigned int version; /**< SG_STATS_OPTIONS_VERSION */
	/** The school year ("2016-2017"); NULL: the latest in the store. */
	const char *year;
	/** Trends: "2016-2017..2019-2020" (every year of the store in that
	 *  range) or a comma-separated list; overrides `year`.  The table
	 *  then has one row per group and indicator, a column per year and
	 *  the change from the first year to the last. */
	const char *years;
	sg_stats_by by; /**< default SG_STATS_BY_WARD */
	/** Standards; NULL: the built-in defaults. Borrowed. */
	const sg_standards *standards;
	/** Version >= 2: the unit (units.code) whose schools are counted:
	 *  the unit and every unit below it, nothing else is read; its
	 *  latest year when `year` is NULL.  NULL: the whole store. */
	const char *unit;
	/** Version >= 2: an open scope (schoolgis/store.h) to use instead
	 *  of opening `unit`'s; borrowed.  NULL: `unit`. */
	const sg_scope *scope;
	/** Version >= 3: the administrative set (schoolgis/units.h) to
	 *  report on: `unit` is looked up in it, and without a unit its
	 *  units are the groups.  NULL: a bare unit code is the newest
	 *  set's; without a unit, a store of several sets is reported on
	 *  the set in force on the 1 September of the (last) school year
	 *  asked for, never on a mix. */
	const char *set;
} sg_stats_options;

#define SG_STATS_OPTIONS_INIT                                                  \
	{                                                                      \
		SG_STATS_OPTIONS_VERSION, NULL, NULL, SG_STATS_BY_WARD, NULL,  \
			NULL, NULL, NULL                                       \
	}

/**
 * Student-per-computer ratios, compliance, computers needed and their
 * cost, and management equipment.
 *
 * @param out  OUT: the table, freed with sg_table_free
 * @return SG_OK; SG_ENOSTORE; SG_ENOTFOUND (no such year, or no school
 *         figures at all); SG_EINVALID (bad options); SG_ESQLITE;
 *         SG_ENOMEM.
 */
SG_API int sg_stats_ratios(sg_ctx *ctx, const sg_stats_options *opts,
			   sg_table **out);

/**
 * IT infrastructure indicators against targets: fibre, LAN, Wi-Fi,
 * website, e-gradebook, e-contact book (share of schools) and teachers
 * meeting the IT standard (share of teachers); each with numerator,
 * denominator, share (%), target (%) and gap (percentage points short
 * of the target, 0 when met).  One row per group and indicator.
 * Errors as sg_stats_ratios.
 */
SG_API int sg_stats_it(sg_ctx *ctx, const sg_stats_options *opts,
		       sg_table **out);

/**
 * The reporting chain: one row per unit of every kind (ward, district,
 * city) plus a total, all levels together, with the key indicators of
 * sg_stats_ratios and sg_stats_it.  opts->by is ignored.
 * Errors as sg_stats_ratios.
 */
SG_API int sg_stats_rollup(sg_ctx *ctx, const sg_stats_options *opts,
			   sg_table **out);

/*---- Typed results ------------------------------------------------------
 *
 * sg_stats_compute computes the statistics once and keeps them as a
 * result object; the getters below read it, and the tables of
 * sg_stats_ratios, sg_stats_it and sg_stats_rollup are views of the same
 * object (those functions compute a result and print it).  A result
 * holds, for each of its years:
 * - the groups of opts->by (a unit and a level group, or a level group
 *   for SG_STATS_BY_LEVEL; none for SG_STATS_BY_SCHOOL),
 * - the roll-up: every unit of the scope (wards, districts, cities) and
 *   the total, all levels together,
 * - every school's figures.
 * Years are given by position y (0 to sg_stats_result_nyears - 1): the
 * year asked for, or the years of opts->years in the order asked (a
 * range: oldest first).  Getters return NaN for an unknown figure or an
 * index out of range, and NULL for a missing text.
 */

/** An opaque result of sg_stats_compute. */
typedef struct sg_stats_result sg_stats_result;

/** The figures of a group of schools: every rate a ratio of sums
 *  (definitions at the top of this file).  Names (sg_stats_figure_name)
 *  are the column names of the tables. */
typedef enum {
	SG_STATS_FIG_SCHOOLS = 0,
	SG_STATS_FIG_STUDENTS,
	SG_STATS_FIG_COMPUTERS_TEACHING,
	SG_STATS_FIG_COMPUTERS_MANAGEMENT,
	SG_STATS_FIG_TEACHING_PER_SCHOOL,
	SG_STATS_FIG_MANAGEMENT_PER_SCHOOL,
	SG_STATS_FIG_STUDENTS_PER_TEACHING_COMPUTER,
	SG_STATS_FIG_STUDENTS_PER_COMPUTER,
	SG_STATS_FIG_SCHOOLS_ASSESSED,
	SG_STATS_FIG_SCHOOLS_COMPLIANT,
	SG_STATS_FIG_COMPLIANT_PCT,
	SG_STATS_FIG_SCHOOLS_UNKNOWN,
	SG_STATS_FIG_SCHOOL_WIDE_ASSESSED,
	SG_STATS_FIG_SCHOOL_WIDE_COMPLIANT,
	SG_STATS_FIG_SCHOOL_WIDE_PCT,
	SG_STATS_FIG_COMPUTERS_MISSING,
	SG_STATS_FIG_COST,
	SG_STATS_FIG_EQUIPMENT_ASSESSED,
	SG_STATS_FIG_EQUIPMENT_OK,
	SG_STATS_FIG_EQUIPMENT_PCT,
	SG_STATS_FIG_MANAGEMENT_COMPUTERS_MISSING,
	SG_STATS_FIG_PRINTERS_MISSING,
	SG_STATS_FIG_WEBCAMS_MISSING,
	SG_STATS_FIG_FIBRE_PCT,
	SG_STATS_FIG_LAN_PCT,
	SG_STATS_FIG_WIFI_PCT,
	SG_STATS_FIG_WEBSITE_PCT,
	SG_STATS_FIG_E_GRADEBOOK_PCT,
	SG_STATS_FIG_E_CONTACT_BOOK_PCT,
	SG_STATS_FIG_TEACHERS_IT_PCT,
	SG_STATS_FIG__COUNT
} sg_stats_figure;

/** IT indicators, in the order of sg_stats_it's rows. */
typedef enum {
	SG_STATS_IT_FIBRE = 0,
	SG_STATS_IT_LAN,
	SG_STATS_IT_WIFI,
	SG_STATS_IT_WEBSITE,
	SG_STATS_IT_E_GRADEBOOK,
	SG_STATS_IT_E_CONTACT_BOOK,
	SG_STATS_IT_TEACHERS, /**< teachers meeting the IT standard */
	SG_STATS_IT__COUNT
} sg_stats_it_indicator;

/** The figures of an IT indicator of a group. */
typedef enum {
	SG_STATS_ITF_NUMERATOR = 0,
	SG_STATS_ITF_DENOMINATOR,
	SG_STATS_ITF_SHARE_PCT,
	SG_STATS_ITF_TARGET_PCT,
	SG_STATS_ITF_GAP_PCT,
	SG_STATS_ITF_UNKNOWN,
	SG_STATS_ITF__COUNT
} sg_stats_it_field;

/** A school's figures of a year. */
typedef enum {
	SG_STATS_SCHOOL_STUDENTS = 0,
	SG_STATS_SCHOOL_COMPUTERS_TEACHING,
	SG_STATS_SCHOOL_COMPUTERS_MANAGEMENT,
	SG_STATS_SCHOOL_STUDENTS_PER_TEACHING_COMPUTER,
	SG_STATS_SCHOOL_STUDENTS_PER_COMPUTER,
	SG_STATS_SCHOOL_TEACHING_NEEDED,
	SG_STATS_SCHOOL_COMPUTERS_MISSING,
	SG_STATS_SCHOOL_COST,
	SG_STATS_SCHOOL_MANAGEMENT_COMPUTERS_MISSING,
	SG_STATS_SCHOOL_PRINTERS_MISSING,
	SG_STATS_SCHOOL_WEBCAMS_MISSING,
	SG_STATS_SCHOOL_TEACHERS,
	SG_STATS_SCHOOL_TEACHERS_IT_STANDARD,
	SG_STATS_SCHOOL_TEACHERS_IT_PCT,
	SG_STATS_SCHOOL__COUNT
} sg_stats_school_figure;

/** The outcome of a check of a school against a standard. */
typedef enum {
	SG_STATS_CHECK_NA = 0,	    /**< not assessed (no standard) */
	SG_STATS_CHECK_UNKNOWN,	    /**< figures unknown */
	SG_STATS_CHECK_YES,	    /**< met */
	SG_STATS_CHECK_NO,	    /**< not met */
	SG_STATS_CHECK_NO_COMPUTERS /**< not met: students, no computers */
} sg_stats_check;

/** Which check. */
typedef enum {
	SG_STATS_COMPLIANT = 0, /**< the level standard */
	SG_STATS_SCHOOL_WIDE,	/**< the school-wide standard */
	SG_STATS_EQUIPMENT	/**< management equipment minimums */
} sg_stats_check_kind;

/**
 * Compute the statistics of opts (year or years, by, unit, standards)
 * once.  The result keeps a copy of the standards.
 *
 * @param out  OUT: the result, freed with sg_stats_result_free
 * @return as sg_stats_ratios.
 */
SG_API int sg_stats_compute(sg_ctx *ctx, const sg_stats_options *opts,
			    sg_stats_result **out);
SG_API void sg_stats_result_free(sg_stats_result *r);

/** The years of the result ("2016-2017"). */
SG_API size_t sg_stats_result_nyears(const sg_stats_result *r);
SG_API const char *sg_stats_result_year(const sg_stats_result *r, size_t y);
/** The position of a school year in the result; false if absent. */
SG_API bool sg_stats_result_year_find(const sg_stats_result *r,
				      const char *year, size_t *y);
SG_API sg_stats_by sg_stats_result_by(const sg_stats_result *r);

/** The column name of a figure ("compliant_pct"), and back. */
SG_API const char *sg_stats_figure_name(sg_stats_figure f);
SG_API bool sg_stats_figure_parse(const char *name, sg_stats_figure *out);
SG_API const char *sg_stats_it_name(sg_stats_it_indicator i);
SG_API const char *sg_stats_school_figure_name(sg_stats_school_figure f);
SG_API bool sg_stats_school_figure_parse(const char *name,
					 sg_stats_school_figure *out);
/** "n/a", "unknown", "yes", "no", "no computers". */
SG_API const char *sg_stats_check_name(sg_stats_check c);

/* Groups of opts->by, in the order of the tables' rows (a group with no
 * school in a year has no row in that year's table: its schools
 * figure is 0). */
SG_API size_t sg_stats_result_ngroups(const sg_stats_result *r);
/** The group's unit: NULL for schools in no unit and by level. */
SG_API const char *sg_stats_group_unit_code(const sg_stats_result *r, size_t g);
SG_API const char *sg_stats_group_unit_name(const sg_stats_result *r, size_t g);
/** "ward", "district" or "city"; NULL as the code. */
SG_API const char *sg_stats_group_unit_kind(const sg_stats_result *r, size_t g);
/** The level group: a level, "multi_level" or "all". */
SG_API const char *sg_stats_group_level(const sg_stats_result *r, size_t g);
SG_API double sg_stats_group_value(const sg_stats_result *r, size_t y, size_t g,
				   sg_stats_figure f);
SG_API double sg_stats_group_it(const sg_stats_result *r, size_t y, size_t g,
				sg_stats_it_indicator i, sg_stats_it_field f);

/* The roll-up: every unit of the scope (kinds and codes as stored), all
 * levels together; the table lists cities, districts, wards with
 * schools, then the total. */
SG_API size_t sg_stats_result_nunits(const sg_stats_result *r);
SG_API const char *sg_stats_unit_code(const sg_stats_result *r, size_t u);
SG_API const char *sg_stats_unit_name(const sg_stats_result *r, size_t u);
SG_API const char *sg_stats_unit_kind(const sg_stats_result *r, size_t u);
/** The code of the unit above, NULL at the top. */
SG_API const char *sg_stats_unit_parent_code(const sg_stats_result *r,
					     size_t u);
SG_API bool sg_stats_unit_find(const sg_stats_result *r, const char *code,
			       size_t *u);
SG_API double sg_stats_unit_value(const sg_stats_result *r, size_t y, size_t u,
				  sg_stats_figure f);
/** The total of every school of the result. */
SG_API double sg_stats_total_value(const sg_stats_result *r, size_t y,
				   sg_stats_figure f);

/* Schools of the scope, by code. */
SG_API size_t sg_stats_result_nschools(const sg_stats_result *r);
SG_API const char *sg_stats_school_code(const sg_stats_result *r, size_t i);
SG_API const char *sg_stats_school_name(const sg_stats_result *r, size_t i);
/** Its levels, comma-separated ("primary,lower_secondary"). */
SG_API const char *sg_stats_school_levels(const sg_stats_result *r, size_t i);
/** Its ward's code, NULL when in no unit. */
SG_API const char *sg_stats_school_unit_code(const sg_stats_result *r,
					     size_t i);
SG_API bool sg_stats_school_find(const sg_stats_result *r, const char *code,
				 size_t *i);
/** Whether the school has figures for year y. */
SG_API bool sg_stats_school_has_year(const sg_stats_result *r, size_t y,
				     size_t i);
SG_API double sg_stats_school_value(const sg_stats_result *r, size_t y,
				    size_t i, sg_stats_school_figure f);
SG_API sg_stats_check sg_stats_school_check(const sg_stats_result *r, size_t y,
					    size_t i, sg_stats_check_kind k);
/** A yes/no IT indicator of the school (not SG_STATS_IT_TEACHERS):
 *  SG_STATS_CHECK_YES, _NO or _UNKNOWN. */
SG_API sg_stats_check sg_stats_school_it(const sg_stats_result *r, size_t y,
					 size_t i, sg_stats_it_indicator ind);

/**
 * Write a table whose rows carry a unit code (column `key`) as a layer of
 * the units' polygons with the table's columns, e.g. a roll-up ready for
 * maps.  GeoPackage (.gpkg) or GeoJSON (.geojson); atomic.  Rows whose
 * code is not a unit (totals) are left out.  Codes repeat across
 * administrative sets: a table of sg_stats_* is joined to the polygons
 * of the set it reports on (by set and code); another table's codes to
 * the newest set holding them.
 *
 * @return SG_OK; SG_ENOSTORE; SG_EINVALID (no such column, format);
 *         SG_EEXISTS; SG_EGDAL; SG_EIO.
 */
SG_API int sg_table_export_units(sg_ctx *ctx, const sg_table *t,
				 const char *key, const char *path,
				 bool overwrite);

SG_END_DECL

#endif /* SCHOOLGIS_STATS_H */
