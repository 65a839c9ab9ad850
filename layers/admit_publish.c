/*
 * layers/admit_publish.c - the families' lookup site (placeholder).
 */
#include "layers/admit_int.h"

int sg_admit__publish(sg_ctx *ctx, const sg_admit_data *d,
		      const sg_admit_result *r, int iterations,
		      const char *dir, sg_admit_summary *sum)
{
	(void)d; (void)r; (void)iterations; (void)dir; (void)sum;
	return sg_error__set(ctx, SG_EINVALID, "admit: not yet");
}
