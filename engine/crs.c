/*
 * engine/crs.c - PROJ transforms on the context's PROJ context.
 *
 * GDAL has its own PROJ context; the engine never uses it, so the one
 * context per thread rule of ARCHITECTURE.md holds and messages land on
 * our sg_ctx.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/crs.h"

struct sg_crs_tx {
	PJ *pj;
	int src_geographic;
};

static int proj_fail(sg_ctx *ctx, const char *what, const char *def)
{
	int err = proj_context_errno(ctx->proj);

	return sg_error__set(ctx, SG_EPROJ, "%s: PROJ: CRS '%.200s': %s", what,
			     def, proj_context_errno_string(ctx->proj, err));
}

/* A CRS from a definition.  A PROJ string without +type=crs would be
 * read as a coordinate operation, so one is added. */
static PJ *create_crs(sg_ctx *ctx, const char *def)
{
	char buf[2048];

	if (strstr(def, "+proj=") && !strstr(def, "+type=crs")) {
		snprintf(buf, sizeof(buf), "%s +type=crs", def);
		return proj_create(ctx->proj, buf);
	}
	return proj_create(ctx->proj, def);
}

int sg_crs__new(sg_ctx *ctx, sg_crs_tx **out, const char *src, const char *dst,
		const char *what)
{
	sg_crs_tx *tx;
	PJ *s = NULL, *d = NULL, *pj = NULL, *norm;
	PJ_TYPE type;
	int rc = SG_OK;

	*out = NULL;
	if (!dst)
		dst = "EPSG:4326";
	/* A definition PROJ cannot read is the user's input: invalid. */
	s = create_crs(ctx, src);
	if (!s)
		return sg_error__set(ctx, SG_EINVALID,
				     "%s: PROJ does not know "
				     "the CRS '%.200s' (give an EPSG code such "
				     "as EPSG:32648, a PROJ string or WKT)",
				     what, src);
	d = create_crs(ctx, dst);
	if (!d) {
		rc = sg_error__set(ctx, SG_EINVALID,
				   "%s: PROJ does not know "
				   "the CRS '%.200s'",
				   what, dst);
		goto done;
	}
	pj = proj_create_crs_to_crs_from_pj(ctx->proj, s, d, NULL, NULL);
	if (!pj) {
		rc = proj_fail(ctx, what, src);
		goto done;
	}
	norm = proj_normalize_for_visualization(ctx->proj, pj);
	proj_destroy(pj);
	pj = norm;
	if (!pj) {
		rc = proj_fail(ctx, what, src);
		goto done;
	}
	tx = malloc(sizeof(*tx));
	if (!tx) {
		rc = sg_error__set(ctx, SG_ENOMEM, "%s: out of memory", what);
		goto done;
	}
	type = proj_get_type(s);
	if (type == PJ_TYPE_BOUND_CRS) {
		PJ *base = proj_get_source_crs(ctx->proj, s);

		type = base ? proj_get_type(base) : type;
		proj_destroy(base);
	}
	tx->src_geographic = type == PJ_TYPE_GEOGRAPHIC_2D_CRS ||
			     type == PJ_TYPE_GEOGRAPHIC_3D_CRS;
	tx->pj = pj;
	pj = NULL;
	*out = tx;
done:
	proj_destroy(pj);
	proj_destroy(d);
	proj_destroy(s);
	return rc;
}

void sg_crs__free(sg_crs_tx *tx)
{
	if (!tx)
		return;
	proj_destroy(tx->pj);
	free(tx);
}

int sg_crs__src_is_geographic(const sg_crs_tx *tx)
{
	return tx->src_geographic;
}

int sg_crs__point(sg_crs_tx *tx, double *x, double *y)
{
	PJ_COORD c = proj_coord(*x, *y, 0, 0);

	c = proj_trans(tx->pj, PJ_FWD, c);
	if (!isfinite(c.xy.x) || !isfinite(c.xy.y))
		return -1;
	*x = c.xy.x;
	*y = c.xy.y;
	return 0;
}

size_t sg_crs__points(sg_crs_tx *tx, double *x, double *y, size_t n)
{
	size_t bad = 0;

	if (n == 0)
		return 0;
	proj_trans_generic(tx->pj, PJ_FWD, x, sizeof(double), n, y,
			   sizeof(double), n, NULL, 0, 0, NULL, 0, 0);
	for (size_t i = 0; i < n; i++)
		if (!isfinite(x[i]) || !isfinite(y[i])) {
			x[i] = y[i] = NAN;
			bad++;
		}
	return bad;
}

static int transform_cb(double *x, double *y, void *userdata)
{
	return sg_crs__point(userdata, x, y) == 0;
}

GEOSGeometry *sg_crs__geom(sg_ctx *ctx, sg_crs_tx *tx, const GEOSGeometry *g)
{
	GEOSGeometry *r = GEOSGeom_transformXY_r(ctx->geos, g, transform_cb,
						 tx);

	if (!r)
		sg_error__set(ctx, SG_EPROJ,
			      "PROJ: a vertex cannot be transformed");
	return r;
}

int sg_crs__utm_zone(double lon)
{
	int zone;

	if (!isfinite(lon))
		return 0;
	/* Zone z covers [6(z - 1) - 180, 6z - 180): 108 E is the first
	 * meridian of zone 49.  The antimeridian (180) goes with zone 60. */
	zone = (int)floor((lon + 180.0) / 6.0) + 1;
	if (zone < 1)
		zone = 1;
	if (zone > 60)
		zone = 60;
	return zone;
}

int sg_crs__utm_epsg(double lon, double lat)
{
	int zone = sg_crs__utm_zone(lon);

	if (!zone || !isfinite(lat))
		return 0;
	return (lat >= 0 ? 32600 : 32700) + zone;
}

void sg_crs__utm_for(double lon, double lat, char *buf, size_t n)
{
	int epsg = sg_crs__utm_epsg(lon, lat);

	snprintf(buf, n, "EPSG:%d", epsg ? epsg : 32648);
}
