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
