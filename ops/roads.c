/*
 * ops/roads.c - sg_roads_import, the driver (ops/ops.h): validate the
 * options, then read, build and store the network (layers/roads.c).
 */
#include <math.h>
#include <string.h>

#include "layers/roads_int.h"
#include "ops/ops.h"
#include "schoolgis/roads.h"

#define WHAT "roads"

int sg_roads_import(sg_ctx *ctx, const char *path,
		    const sg_roads_import_options *opts,
		    sg_roads_import_summary *summary)
{
	sg_roads_import_summary sum;
	int rc;

	sg_error__clear(ctx);
	memset(&sum, 0, sizeof(sum));
	sum.version = SG_ROADS_IMPORT_SUMMARY_VERSION;
	sum.crs = "";
	if (summary)
		*summary = sum;
	/* 1. Validate the options. */
	if (!opts || opts->version != SG_ROADS_IMPORT_OPTIONS_VERSION)
		return sg_error__set(ctx, SG_EINVALID,
				     WHAT ": options "
					  "missing or of another version");
	if (!path || !*path)
		return sg_error__set(ctx, SG_EINVALID, WHAT ": no file named");
	if (opts->profile != SG_ROADS_WALKING &&
	    opts->profile != SG_ROADS_MOTORBIKE)
		return sg_error__set(ctx, SG_EINVALID,
				     WHAT ": unknown "
					  "profile %d",
				     (int)opts->profile);
	if (opts->name && (!*opts->name || strlen(opts->name) > 120))
		return sg_error__set(ctx, SG_EINVALID,
				     WHAT ": a network name "
					  "has 1 to 120 characters");
	if (opts->snap_limit < 0 || isnan(opts->snap_limit))
		return sg_error__set(ctx, SG_EINVALID,
				     WHAT ": the snap limit "
					  "must be positive");
	if ((rc = sg_db__need(ctx)) != SG_OK)
		return rc;
	/* 2-4. Read the file, build the graph, store the network: the
	 * graph building still sits with the reader in layers/roads.c. */
	rc = sg_roads__import_file(ctx, path, opts, &sum);
	/* 5. Summary. */
	if (rc == SG_OK && summary)
		*summary = sum;
	return rc;
}
