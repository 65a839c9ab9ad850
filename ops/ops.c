/*
 * ops/ops.c - helpers every driver shares (ops/ops.h).
 */
#include <math.h>

#include "engine/standards.h"
#include "ops/ops.h"
#include "schoolgis/level.h"

int sg_ops__version(sg_ctx *ctx, const char *what, unsigned version,
		    unsigned oldest, unsigned current)
{
	if (version < oldest || version > current)
		return sg_error__set(ctx, SG_EINVALID,
				     "%s: options version %u, expected %u",
				     what, version, current);
	return SG_OK;
}

double sg_ops__level_norm(const char *level, const sg_standards *std)
{
	sg_level mask;
	int li;

	if (!level || sg_level_parse(level, &mask) != SG_OK)
		return NAN;
	for (li = 0; li < 4 && (1u << li) != (unsigned)mask; li++)
		;
	return li < 4 ? sg_std__get(std, (sg_std)(SG_STD_DIST_PRESCHOOL + li))
		      : NAN;
}
