/*
 * engine/crs.h - coordinate transforms to the store's EPSG:4326, through
 * PROJ on the context's PJ_CONTEXT.
 *
 * Every transform is normalised for visualisation, so coordinates are
 * always (x = longitude/easting, y = latitude/northing) whatever the axis
 * order of the CRS definition.
 */
#ifndef SG_ENGINE_CRS_H
#define SG_ENGINE_CRS_H

#include "engine/context.h"

typedef struct sg_crs_tx sg_crs_tx;

/*
 * Build a transform from the CRS `src` (anything PROJ accepts: "EPSG:32648",
 * a PROJ string, WKT) to `dst` (the same forms; NULL = EPSG:4326).
 * Fails with SG_EPROJ and a message naming `what` and the CRS.
 */
int sg_crs__new(sg_ctx *ctx,
		sg_crs_tx **out,   /* OUT: the transform; sg_crs__free */
		const char *src,   /* source CRS definition */
		const char *dst,   /* target CRS, NULL for EPSG:4326 */
		const char *what); /* context for messages, e.g. file name */
void sg_crs__free(sg_crs_tx *tx);

/* True when the source CRS is geographic (degrees), e.g. EPSG:4326. */
int sg_crs__src_is_geographic(const sg_crs_tx *tx);

/* Transform one point in place.  Returns 0, or -1 when PROJ cannot
 * transform it (outside the CRS's domain). */
int sg_crs__point(sg_crs_tx *tx, double *x, double *y);

/*
 * Transform n points in place, in one PROJ call (proj_trans_generic):
 * for many points, much cheaper than n calls of sg_crs__point.  Points
 * PROJ cannot transform, and non-finite input, become NaN.  Returns how
 * many did.
 */
size_t sg_crs__points(sg_crs_tx *tx,
		      double *x, /* IN/OUT: n x (longitude) values */
		      double *y, /* IN/OUT: n y (latitude) values */
		      size_t n);

/* Transform every vertex of `g`; returns a new geometry (caller frees
 * with GEOSGeom_destroy_r) or NULL with the error set on ctx. */
GEOSGeometry *sg_crs__geom(sg_ctx *ctx, sg_crs_tx *tx, const GEOSGeometry *g);

/*
 * The metric CRS to measure a dataset in: the WGS84 UTM zone of the
 * longitude/latitude given (its centroid), as "EPSG:326zz"/"EPSG:327zz".
 * Viet Nam spans zones 48 and 49.  Non-finite input gives EPSG:32648.
 */
void sg_crs__utm_for(double lon, double lat, char *buf, size_t n);

/* The UTM zone (1..60) of a longitude: zone z covers longitudes
 * [6z - 186, 6z - 180) (108 E starts zone 49); 0 for a non-finite one. */
int sg_crs__utm_zone(double lon);

/* The EPSG code of the WGS84 UTM zone of (lon, lat): 326zz north of the
 * equator (lat >= 0), 327zz south; 0 for non-finite input. */
int sg_crs__utm_epsg(double lon, double lat);

#endif /* SG_ENGINE_CRS_H */
