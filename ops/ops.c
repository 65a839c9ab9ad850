/*
 * ops/ops.c - helpers every driver shares (ops/ops.h).
 */
#include "ops/ops.h"

int sg_ops__version(sg_ctx *ctx, const char *what, unsigned version,
		    unsigned oldest, unsigned current)
{
	if (version < oldest || version > current)
		return sg_error__set(ctx, SG_EINVALID,
				     "%s: options version %u, expected %u",
				     what, version, current);
	return SG_OK;
}
