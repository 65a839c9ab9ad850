/*
 * engine/voronoi.c - the Voronoi cells computed on a worker thread
 * (see voronoi.h).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "engine/voronoi.h"

struct sg_catch_worker {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t thread;
	size_t done;  /* sites whose cell is final */
	int finished; /* the worker has returned */
	int waiting;  /* the caller waits for a cell */
	int stop;     /* the caller failed: stop early */
	int rc;	      /* the worker's result */
	sg_catch *c;
	sg_ctx wctx; /* the worker's GEOS handle and PROJ context */
	sg_catch_worker_hooks hooks;
};

static int worker_cell_done(size_t site, void *payload)
{
	sg_catch_worker *w = payload;
	int stop, rc = SG_OK;

	/* On the worker: the caller's per-cell work too. */
	if (w->hooks.cell)
		rc = w->hooks.cell(&w->wctx, w->c, site, w->hooks.payload);
	if (rc != SG_OK)
		return rc;
	pthread_mutex_lock(&w->mu);
	w->done = site + 1;
	stop = w->stop;
	if (w->waiting)
		pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	return stop ? SG_ECANCELLED : SG_OK;
}

static void *worker_main(void *arg)
{
	sg_catch_worker *w = arg;
	int rc = sg_catch__voronoi(w->c);

	pthread_mutex_lock(&w->mu);
	w->rc = rc;
	w->finished = 1;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

/* The teardown hook, then the worker's context. */
static void worker_free(sg_catch_worker *w)
{
	if (w->hooks.teardown)
		w->hooks.teardown(&w->wctx, w->hooks.payload);
	sg_ctx__engine_free(&w->wctx);
	free(w);
}

int sg_catch__worker_start(sg_catch *c, const sg_catch_worker_hooks *hooks,
			   sg_catch_worker **out)
{
	sg_catch_worker *w = calloc(1, sizeof(*w));

	*out = NULL;
	if (!w)
		return SG_ENOMEM;
	w->c = c;
	if (hooks)
		w->hooks = *hooks;
	if (sg_ctx__engine_init(&w->wctx) != SG_OK ||
	    (w->hooks.setup &&
	     w->hooks.setup(&w->wctx, w->hooks.payload) != SG_OK)) {
		worker_free(w);
		return SG_ERROR;
	}
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	c->ctx = &w->wctx;
	c->cell_done = worker_cell_done;
	c->cell_payload = w;
	if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
		c->cell_done = NULL;
		c->cell_payload = NULL;
		c->ctx = NULL; /* set back by the caller */
		pthread_cond_destroy(&w->cv);
		pthread_mutex_destroy(&w->mu);
		worker_free(w);
		return SG_ERROR;
	}
	*out = w;
	return SG_OK;
}

int sg_catch__worker_wait(sg_catch_worker *w, size_t s)
{
	int rc = SG_OK;

	pthread_mutex_lock(&w->mu);
	while (w->done <= s && !w->finished) {
		w->waiting = 1;
		pthread_cond_wait(&w->cv, &w->mu);
		w->waiting = 0;
	}
	if (w->done <= s)
		rc = w->rc != SG_OK ? w->rc : SG_ERROR;
	pthread_mutex_unlock(&w->mu);
	return rc;
}

int sg_catch__worker_finish(sg_catch_worker *w, sg_ctx *ctx, int rc_caller)
{
	sg_catch *c = w->c;
	int rc, stop;

	pthread_mutex_lock(&w->mu);
	if (rc_caller != SG_OK && !w->finished)
		w->stop = 1;
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	rc = w->rc;
	stop = w->stop;
	if (rc != SG_OK && !stop)
		sg_error__set(ctx, rc, "%s", w->wctx.errmsg);
	c->ctx = ctx;
	c->cell_done = NULL;
	c->cell_payload = NULL;
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->mu);
	worker_free(w);
	return stop ? SG_OK : rc;
}
