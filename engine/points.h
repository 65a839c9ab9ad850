/*
 * engine/points.h - the point workloads of schoolgis/points.h on
 * in-memory indexes: points taken to the metric CRS in batches, the
 * study area tested with engine/pip.h, the nearest site found with
 * engine/nearest.h.  layers/points.c builds the inputs from the store.
 */
#ifndef SG_ENGINE_POINTS_H
#define SG_ENGINE_POINTS_H

#include "engine/crs.h"
#include "engine/nearest.h"
#include "engine/pip.h"
#include "schoolgis/points.h"

/* What the queries read; every pointer is borrowed. */
typedef struct {
	sg_crs_tx *to_metric;	   /* EPSG:4326 -> the metric CRS */
	const sg_pip *area;	   /* the study area, metric */
	const sg_nn *sites;	   /* the sites, metric; NULL: none */
	const sg_nn *schools;	   /* every school (within); NULL: none */
	const size_t *site_school; /* per site: its school (lowest index) */
	size_t nschools;	   /* entries of counts */
} sg_pts_in;

/* Points per PROJ call: two 32 KiB buffers, allocated once per call. */
#define SG_PTS_BATCH 4096

/* See sg_points_assign; lon/lat are not NULL when n > 0. */
int sg_pts__assign(sg_ctx *ctx, const sg_pts_in *in, const double *lon,
		   const double *lat, size_t n, size_t *school_out,
		   uint64_t *counts_out, sg_points_summary *sum);

/* See sg_points_within; max_distance >= 0, in metres. */
int sg_pts__within(sg_ctx *ctx, const sg_pts_in *in, const double *lon,
		   const double *lat, size_t n, double max_distance,
		   uint8_t *within_out, sg_points_summary *sum);

#endif /* SG_ENGINE_POINTS_H */
