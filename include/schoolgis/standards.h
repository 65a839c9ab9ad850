/*
 * schoolgis/standards.h - the official standards and targets the engine
 * checks, with the defaults built in and a config file to change them.
 *
 * Values are named "section.key", e.g. "ratios.primary" (at most that
 * many students per teaching computer in primary schools).  A value may
 * be unset ("none" in a file): the check or target is then not applied.
 * Every output names the standards it applied (sg_standards_format).
 *
 * The config file is INI-like:
 *
 *     [ratios]
 *     primary = 24          ; students per teaching computer
 *     preschool = none
 *     [cost]
 *     computer_price = 12000000
 *     [priority_labels]     ; labels added to the built-in table
 *     Con liệt sĩ = 1       ; (see sg_standards_priority_group)
 */
#ifndef SCHOOLGIS_STANDARDS_H
#define SCHOOLGIS_STANDARDS_H

#include "common.h"
#include "context.h"

SG_BEGIN_DECL

/** Opaque set of standards; see sg_standards_new. */
typedef struct sg_standards sg_standards;

/**
 * The official defaults: students per teaching computer <= 24 (primary),
 * 16 (lower secondary), 12 (upper secondary), none (preschool), 20
 * school-wide; >= 2 management computers, 1 printer, 1 webcam per school;
 * targets 100% fibre, 100% website, 90% e-gradebook, 70% IT-standard
 * teachers; distance norms and age bands of the school levels.
 *
 * @param out  OUT: owned by the caller, freed with sg_standards_free
 * @return SG_OK or SG_ENOMEM.
 */
SG_API int sg_standards_new(sg_standards **out);

/**
 * The defaults, overridden by the values of a config file.
 *
 * @param path  the file; NULL gives the defaults
 * @param out   OUT: owned by the caller, freed with sg_standards_free
 * @return SG_OK; SG_ENOTFOUND (no file); SG_EINVALID (unknown key or bad
 *         value: the message names the file and line); SG_ENOMEM.
 */
SG_API int sg_standards_load(sg_ctx *ctx, const char *path, sg_standards **out);

/** Free a set of standards; NULL is a no-op. */
SG_API void sg_standards_free(sg_standards *s);

/**
 * A value by name ("ratios.primary").
 *
 * @param value  OUT: the value
 * @return true when the key exists and is set; false when unknown or
 *         unset ("none").
 */
SG_API bool sg_standards_get(const sg_standards *s, const char *key,
			     double *value);

/**
 * Set a value by name; NaN unsets it.
 *
 * @return SG_OK or SG_EINVALID (unknown key, negative value).
 */
SG_API int sg_standards_set(sg_ctx *ctx, sg_standards *s, const char *key,
			    double value);

/**
 * Where the values came from: "built-in defaults" or the file's path.
 * Borrowed from s.
 */
SG_API const char *sg_standards_source(const sg_standards *s);

/**
 * The whole set as config-file text, every key with its unit and meaning
 * in a comment; loading it back gives the same set.
 *
 * @param out  OUT: NUL-terminated text, freed with sg_free
 * @return SG_OK or SG_ENOMEM.
 */
SG_API int sg_standards_format(const sg_standards *s, char **out);

/**
 * The priority group (grades 1, 6 and 10 admissions) an applicant file's
 * label means.  The label is compared without tone marks, case or
 * punctuation.  First the labels of the standards file's
 * [priority_labels] section ("Con liệt sĩ = 1"), then the built-in
 * table: "", "0", "không", "không có", "none" mean no group; otherwise
 * optional words (UT, ưu tiên, ĐT, đối tượng, nhóm, diện, group,
 * priority) then the group's number, possibly written onto the word:
 * "UT1", "UT 1", "Ưu tiên 1", "Nhóm 1", "Diện 1", "ĐT2", "1".
 *
 * @param s      the standards; NULL: the built-in table only
 * @param label  the cell's text (UTF-8)
 * @return 0 (none) to 3; -1 when the text is no label; -2 for a number
 *         above 3 ("UT 4").
 */
SG_API int sg_standards_priority_group(const sg_standards *s,
				       const char *label);

SG_END_DECL

#endif /* SCHOOLGIS_STANDARDS_H */
