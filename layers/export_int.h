/*
 * layers/export_int.h - the store-to-file I/O of `export`
 * (layers/export.c), driven by ops/export.c.
 */
#ifndef SG_LAYERS_EXPORT_INT_H
#define SG_LAYERS_EXPORT_INT_H

#include "layers/layers.h"

/* The index of layer `name` (one of sg_export_layers()), or -1. */
long sg_export__layer(const char *name);

/* SG_ENOTFOUND when `year` (not NULL) has no school figures (layers
 * schools, school_years) or no population (population) in the store;
 * SG_OK for other layers or no year. */
int sg_export__year_known(sg_ctx *ctx, long li, const char *year);

/*
 * Write layer li to path (format by extension, or a PG: connection;
 * `table` the PostGIS table, NULL: the layer's name) with the figures of
 * `year` (layers/load.h's year rule), atomically.  The number of
 * features into *count_out.  SG_EINVALID (unknown extension),
 * SG_EEXISTS, SG_EGDAL, SG_EIO, SG_ESQLITE.
 */
int sg_export__write(sg_ctx *ctx, long li, const char *path, const char *table,
		     const char *year, bool overwrite, int64_t *count_out);

#endif /* SG_LAYERS_EXPORT_INT_H */
