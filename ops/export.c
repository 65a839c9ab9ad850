/*
 * ops/export.c - sg_export, the driver (ops/ops.h): validate the
 * options, check the year asked has figures, write the layer through
 * layers/export.c.  No run is stored: an export reads the store only.
 */
#include <string.h>

#include "layers/export_int.h"
#include "ops/ops.h"
#include "schoolgis/export.h"

int sg_export(sg_ctx *ctx, const char *layer, const char *path,
	      const sg_export_options *opts, int64_t *count_out)
{
	static const sg_export_options defaults = SG_EXPORT_OPTIONS_INIT;
	const char *table = NULL;
	int64_t count = 0;
	long li;
	int rc;

	sg_error__clear(ctx);
	if (count_out)
		*count_out = 0;
	if (!opts)
		opts = &defaults;
	/* 1. Validate the options. */
	if ((rc = sg_ops__version(ctx, "export", opts->version, 1,
				  SG_EXPORT_OPTIONS_VERSION)) != SG_OK)
		return rc;
	if ((rc = sg_db__need(ctx)) != SG_OK)
		return rc;
	if ((li = sg_export__layer(layer ? layer : "")) < 0)
		return sg_error__set(ctx, SG_EINVALID,
				     "export: unknown layer '%s' (units, "
				     "schools, school_years, population, "
				     "catchments, issues)",
				     layer ? layer : "");
	if (opts->version >= 2 && opts->table && !sg_pg__is_dsn(path))
		return sg_error__set(ctx, SG_EINVALID,
				     "export: %s: a table "
				     "name is for PostGIS outputs (PG:...) "
				     "only",
				     path);
	if (opts->version >= 2 && sg_pg__is_dsn(path))
		table = opts->table;
	/* 2. The scope is the whole store; the year asked must exist. */
	if ((rc = sg_export__year_known(ctx, li, opts->year)) != SG_OK)
		return rc;
	/* 3-4. No computation: the layer goes to the file as stored. */
	rc = sg_export__write(ctx, li, path, table, opts->year, opts->overwrite,
			      &count);
	/* 5. Summary. */
	if (rc == SG_OK && count_out)
		*count_out = count;
	return rc;
}
