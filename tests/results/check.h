/*
 * tests/results/check.h - what the result checkers of tests/results share
 * (they use the public API only): equal figures (NaN equals NaN), equal
 * texts (NULL equals NULL), and the store opened from the command line.
 */
#ifndef SG_TESTS_RESULTS_CHECK_H
#define SG_TESTS_RESULTS_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "schoolgis/schoolgis.h"

static inline int same(double a, double b)
{
	return a == b || (isnan(a) && isnan(b));
}

static inline int same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The libraries initialised and a context on the store `db`; NULL, the
 * reason printed on stderr, when it cannot be opened. */
static inline sg_ctx *check_open(const char *db)
{
	sg_ctx *ctx = NULL;

	sg_global_init();
	if (sg_ctx_new(&ctx, NULL) != SG_OK ||
	    sg_store_open(ctx, db) != SG_OK) {
		fprintf(stderr, "%s: %s\n", db,
			ctx ? sg_ctx_errmsg(ctx) : "no context");
		sg_ctx_free(ctx);
		return NULL;
	}
	return ctx;
}

#endif
