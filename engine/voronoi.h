/*
 * engine/voronoi.h - the Voronoi cells computed on a worker thread.
 *
 * sg_catch__voronoi runs on a thread of its own with a GEOS handle and
 * PROJ context of its own (sg_ctx__engine_init) while the caller's
 * thread uses the cells already final (layers/catchments.c writes them
 * to the store): GEOS work and SQLite work take about the same time,
 * and a machine has more than one core.  The worker touches only the
 * sg_catch (its prepared geometries and trees are used by it alone);
 * the caller reads a cell once sg_catch__worker_wait said it is final.
 */
#ifndef SG_ENGINE_VORONOI_H
#define SG_ENGINE_VORONOI_H

#include "engine/catchment.h"

typedef struct sg_catch_worker sg_catch_worker;

/* What the caller does with the worker's context (all may be NULL). */
typedef struct {
	/* On the calling thread, before the worker starts, with the
	 * worker's context (e.g. a PROJ transform on its PROJ context).
	 * A failure: nothing starts. */
	int (*setup)(sg_ctx *wctx, void *payload);
	/* On the worker, when site `site`'s cell is final (in site order),
	 * before the caller may read it: the per-cell work that should
	 * also run on the worker.  A code other than SG_OK stops the
	 * computation with that code. */
	int (*cell)(sg_ctx *wctx, const sg_catch *c, size_t site,
		    void *payload);
	/* After the worker has returned (or setup failed), before the
	 * worker's context is freed: free what setup and cell made. */
	void (*teardown)(sg_ctx *wctx, void *payload);
	void *payload;
} sg_catch_worker_hooks;

/*
 * Start computing c's Voronoi cells (sg_catch__voronoi) on a worker.
 * SG_OK and *out, or a failure with nothing started: c is unchanged but
 * for c->ctx, which the caller sets back before computing serially.
 * hooks is copied.
 */
int sg_catch__worker_start(sg_catch *c, const sg_catch_worker_hooks *hooks,
			   sg_catch_worker **out);

/* Wait until site s's cell is final: SG_OK, or the worker's failure. */
int sg_catch__worker_wait(sg_catch_worker *w, size_t s);

/*
 * Join the worker (asking it to stop when the caller failed with
 * rc_caller while it still ran), give c back to ctx, run the teardown
 * hook and free w.  Returns the worker's own failure, with its message
 * moved to ctx, else SG_OK (also when it stopped because asked to).
 */
int sg_catch__worker_finish(sg_catch_worker *w, sg_ctx *ctx, int rc_caller);

#endif /* SG_ENGINE_VORONOI_H */
