/*
 * layers/units_int.h - administrative sets inside layers/: the helpers
 * the unit and crosswalk imports and validate share.
 */
#ifndef SG_LAYERS_UNITS_INT_H
#define SG_LAYERS_UNITS_INT_H

#include <stdint.h>

#include "schoolgis/context.h"

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

#endif /* SG_LAYERS_UNITS_INT_H */
