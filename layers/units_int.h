/*
 * layers/units_int.h - administrative sets inside layers/: the helpers
 * the unit and crosswalk imports and validate share.
 */
#ifndef SG_LAYERS_UNITS_INT_H
#define SG_LAYERS_UNITS_INT_H

#include <stdint.h>

#include <sqlite3.h>

#include "schoolgis/context.h"
#include "schoolgis/validate.h"

/*
 * The id of the set named `name` (NULL: "default").  With create, a
 * missing set whose name is a date (YYYY-MM-DD) is added with that start
 * date.  Returns SG_OK, SG_ENOTFOUND (no such set, or not a date with
 * create), SG_ESQLITE.
 */
int sg_units__set_id(sg_ctx *ctx,
		     const char *name, /* set name, or NULL */
		     int create,       /* add it when missing */
		     int64_t *id);     /* OUT: unit_sets.id */

/*
 * The set an import of schools, population or applicants codes refer
 * to: `set` when given, else the one in force on the school year's
 * 1 September (`year`, may be NULL), else the newest set with units,
 * else "default".  Returns SG_OK, SG_ENOTFOUND, SG_ESQLITE.
 */
int sg_units__import_set(sg_ctx *ctx, const char *set, const char *year,
			 int64_t *id);

/* True when s is a date YYYY-MM-DD. */
int sg_units__is_date(const char *s);

/* Number of units of the set with a polygon (-1 on error). */
int64_t sg_units__with_geometry(sg_ctx *ctx, int64_t set_id);

/*
 * Append a finding from a result row (code, message, lon, lat, row) of
 * st to v: validate.c's adder, for checks kept in other files.  Check
 * and subject are static strings.  Returns 0, or -1 out of memory.
 */
int sg_validate__add_row(sg_validation *v, const char *check,
			 sg_severity severity, const char *subject,
			 sqlite3_stmt *st);

/*
 * The administrative-set checks of `validate`: gaps between a unit's
 * children, children outside their parent, crosswalk shares that do not
 * sum to 1, and the finest units of an older set with no crosswalk to
 * the next set.  Findings go to v.  Returns SG_OK, SG_ESQLITE, SG_ENOMEM.
 */
int sg_units__validate(sg_ctx *ctx, sg_validation *v);

#endif /* SG_LAYERS_UNITS_INT_H */
