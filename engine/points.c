/*
 * engine/points.c - millions of points against the sites of a level.
 *
 * Each batch of SG_PTS_BATCH points is copied into two buffers and taken
 * to the metric CRS by one proj_trans_generic call (a call per point
 * would cost more than everything else), then every point is answered
 * from a grid: its nearest site for a catchment (after the study-area
 * test, which is cheaper and rules out the points outside), or the
 * first school within the distance (every school, not only the site's
 * first: two schools 0.9 m apart are two chances to be within).  The
 * buffers are the only allocation of a call, whatever n is.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/points.h"

typedef struct {
	double *x, *y;
} batch;

static int batch_new(sg_ctx *ctx, batch *b, const char *what)
{
	b->x = malloc(SG_PTS_BATCH * sizeof(double));
	b->y = malloc(SG_PTS_BATCH * sizeof(double));
	if (!b->x || !b->y) {
		free(b->x);
		free(b->y);
		return sg_error__oom(ctx, what);
	}
	return SG_OK;
}

static void batch_free(batch *b)
{
	free(b->x);
	free(b->y);
}

/* Copy points [i0, i0 + m) and take them to metres; returns the number
 * of invalid ones (left as NaN). */
static size_t batch_load(const sg_pts_in *in, batch *b, const double *lon,
			 const double *lat, size_t i0, size_t m)
{
	memcpy(b->x, lon + i0, m * sizeof(double));
	memcpy(b->y, lat + i0, m * sizeof(double));
	return sg_crs__points(in->to_metric, b->x, b->y, m);
}

static void summary_init(sg_points_summary *s, size_t n)
{
	memset(s, 0, sizeof(*s));
	s->version = SG_POINTS_SUMMARY_VERSION;
	s->points = n;
	s->max_distance = NAN;
	s->within_share = NAN;
}

int sg_pts__assign(sg_ctx *ctx, const sg_pts_in *in, const double *lon,
		   const double *lat, size_t n, size_t *school_out,
		   uint64_t *counts_out, sg_points_summary *sum)
{
	sg_points_summary s;
	batch b;
	int rc;

	summary_init(&s, n);
	if (counts_out)
		memset(counts_out, 0, in->nschools * sizeof(*counts_out));
	if (n > 0 && (rc = batch_new(ctx, &b, "points")) != SG_OK)
		return rc;
	for (size_t i0 = 0; i0 < n; i0 += SG_PTS_BATCH) {
		size_t m = n - i0 < SG_PTS_BATCH ? n - i0 : SG_PTS_BATCH;

		s.invalid += batch_load(in, &b, lon, lat, i0, m);
		for (size_t k = 0; k < m; k++) {
			size_t school = SG_POINTS_NONE, site;

			/* NaN fails the area's bounding-box test. */
			if (sg_pip__contains(in->area, b.x[k], b.y[k])) {
				s.in_area++;
				site = in->sites ? sg_nn__nearest(in->sites,
								  b.x[k],
								  b.y[k], NULL)
						 : SG_NN_NONE;
				if (site != SG_NN_NONE) {
					school = in->site_school[site];
					s.assigned++;
					if (counts_out)
						counts_out[school]++;
				}
			}
			if (school_out)
				school_out[i0 + k] = school;
		}
		rc = sg_ctx__progress(ctx, "points", i0 + m, n);
		if (rc != SG_OK) {
			batch_free(&b);
			return rc;
		}
	}
	if (n > 0)
		batch_free(&b);
	if (sum)
		*sum = s;
	return SG_OK;
}

int sg_pts__within(sg_ctx *ctx, const sg_pts_in *in, const double *lon,
		   const double *lat, size_t n, double max_distance,
		   uint8_t *within_out, sg_points_summary *sum)
{
	double r2 = max_distance * max_distance;
	sg_points_summary s;
	batch b;
	int rc;

	summary_init(&s, n);
	s.max_distance = max_distance;
	if (n > 0 && (rc = batch_new(ctx, &b, "points")) != SG_OK)
		return rc;
	for (size_t i0 = 0; i0 < n; i0 += SG_PTS_BATCH) {
		size_t m = n - i0 < SG_PTS_BATCH ? n - i0 : SG_PTS_BATCH;

		s.invalid += batch_load(in, &b, lon, lat, i0, m);
		for (size_t k = 0; k < m; k++) {
			int w = in->schools && !isnan(b.x[k]) &&
				sg_nn__any_within(in->schools, b.x[k], b.y[k],
						  r2);

			s.within += (uint64_t)w;
			if (within_out)
				within_out[i0 + k] = (uint8_t)w;
		}
		rc = sg_ctx__progress(ctx, "points", i0 + m, n);
		if (rc != SG_OK) {
			batch_free(&b);
			return rc;
		}
	}
	if (n > 0)
		batch_free(&b);
	s.within_share = n > 0 ? (double)s.within / (double)n : NAN;
	if (sum)
		*sum = s;
	return SG_OK;
}
