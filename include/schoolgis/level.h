/*
 * schoolgis/level.h - school levels: the one enumeration, its names and
 * its parser.
 *
 * The library's options take a level as text ("primary", or the
 * Vietnamese names import accepts) and its results give it back as an
 * sg_level; programs turn one into the other with sg_level_parse and
 * sg_level_name instead of keeping their own tables.
 */
#ifndef SCHOOLGIS_LEVEL_H
#define SCHOOLGIS_LEVEL_H

#include "common.h"
#include "errors.h"

SG_BEGIN_DECL

/**
 * A school level.  The values are bits, so that the levels of a
 * multi-level school (e.g. "TH-THCS") are their OR.
 */
typedef enum {
	SG_LEVEL_NONE = 0,	      /**< no level (unknown, not parsed) */
	SG_LEVEL_PRESCHOOL = 1,	      /**< mầm non (MN), ages 3-5 */
	SG_LEVEL_PRIMARY = 2,	      /**< tiểu học (TH), grades 1-5 */
	SG_LEVEL_LOWER_SECONDARY = 4, /**< trung học cơ sở (THCS), 6-9 */
	SG_LEVEL_UPPER_SECONDARY = 8 /**< trung học phổ thông (THPT), 10-12 */
} sg_level;

/**
 * The level's canonical name: "preschool", "primary", "lower_secondary"
 * or "upper_secondary" (the names of the options, the store and every
 * output file).
 *
 * @return a static string; NULL for SG_LEVEL_NONE or any value that is
 *         not exactly one level.
 */
SG_API const char *sg_level_name(sg_level level);

/**
 * The level's name for people, in the messages' language (gettext,
 * domain "schoolgis": "Tiểu học" under a Vietnamese locale, "Primary"
 * otherwise).
 *
 * @return a static string; NULL for a value that is not one level.
 */
SG_API const char *sg_level_label(sg_level level);

/**
 * Parse the name of one level: the canonical names (also with a space,
 * "lower secondary"), the Vietnamese names with or without diacritics
 * ("Tiểu học", "trung hoc co so", "Mầm non", "Mẫu giáo", "Nhà trẻ"), and
 * the abbreviations MN, TH, THCS, THPT; case is ignored.
 *
 * @param name  the text
 * @param out   OUT: the level (untouched on failure)
 * @return SG_OK; SG_EINVALID for NULL, an unknown name or more than one
 *         level ("TH-THCS").
 */
SG_API int sg_level_parse(const char *name, sg_level *out);

SG_END_DECL

#endif /* SCHOOLGIS_LEVEL_H */
