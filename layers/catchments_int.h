/*
 * layers/catchments_int.h - loading what catchments and coverage read
 * (layers/catchments.c), shared with layers/coverage.c.
 */
#ifndef SG_LAYERS_CATCHMENTS_INT_H
#define SG_LAYERS_CATCHMENTS_INT_H

#include "engine/coverage.h"
#include "engine/standards.h"
#include "layers/layers.h"

/*
 * Load the study area's units with their school-age population and the
 * schools of `level` with their figures, projected to the metric CRS
 * (`crs`, or the UTM zone of the units' centre).  `what` names the
 * command in messages.  On failure d is freed.
 */
int sg_catch__load(sg_ctx *ctx, const char *what,
		   const char *level,           /* level name (any alias) */
		   const char *year,            /* school year, or NULL */
		   const char *population_year, /* census year, or NULL */
		   const sg_standards *std,     /* never NULL */
		   const char *crs,             /* metric CRS, or NULL */
		   sg_catch_data *d);           /* OUT */

#endif /* SG_LAYERS_CATCHMENTS_INT_H */
