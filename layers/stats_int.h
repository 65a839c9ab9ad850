/*
 * layers/stats_int.h - the statistics' store side (layers/stats.c), for
 * their driver (ops/stats.c).
 */
#ifndef SG_LAYERS_STATS_INT_H
#define SG_LAYERS_STATS_INT_H

#include <stddef.h>
#include <stdint.h>

#include "engine/stats.h"
#include "layers/scope.h"
#include "schoolgis/stats.h"

/*
 * Without a unit, a store of several administrative sets is reported on
 * one of them, never a mix: the set asked for (o->set), else the set in
 * force on the 1 September of the last school year asked for (the
 * latest of the store).  *set 0: the store has one set (its units as
 * stored); `name` gets the set's name otherwise.
 */
int sg_stats__pick_set(sg_ctx *ctx, const sg_stats_options *o, int64_t *set,
		       char *name, size_t n);

/*
 * Load into d the units, the years and the schools with the figures of
 * the years asked (o) of the scope (NULL: the whole store, on the
 * administrative set `set`; 0: every unit as stored); *years and *ny
 * are the indexes of those years in d->years (freed by the caller).
 * On failure d holds only what sg_stats__data_free frees.
 */
int sg_stats__load(sg_ctx *ctx, sg_stats_data *d, const sg_scope *sc,
		   int64_t set, const sg_stats_options *o, int **years,
		   size_t *ny);

#endif /* SG_LAYERS_STATS_INT_H */
