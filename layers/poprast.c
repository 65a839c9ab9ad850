/*
 * layers/poprast.c - the population raster of the capacity method: open
 * it with GDAL and check it, then read its pixels over the study area
 * block by block, take their centres to the metric CRS with PROJ
 * (engine/crs.c, on the context's PROJ context) and hand them to the
 * engine (sg_catch__raster_*), which gives each centre to a unit and a
 * grid cell.
 *
 * Only the window of the raster that covers the study area is read,
 * in chunks of whole blocks of about a million pixels, so a national
 * raster costs what its part over the district costs.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <ogr_srs_api.h>
#include <zlib.h>

#include "layers/catchments_int.h"
#include "schoolgis/import.h"
#include "util/file.h"

#define WHAT "catchments"
/* Pixels per chunk read with one RasterIO call. */
#define CHUNK_PIXELS (1 << 20)
/* Files up to this size get a CRC-32 in the run's provenance; larger
 * ones only their size and time (reading gigabytes for a checksum would
 * cost more than the run). */
#define CRC_MAX_BYTES (1024LL * 1024 * 1024)
/* Points per side of the study area's box taken to the raster's CRS. */
#define EDGE_POINTS 64

struct sg_poprast {
	sg_ctx *ctx;
	char *path;
	GDALDatasetH ds;
	GDALRasterBandH band;
	int width, height;
	double gt[6], inv[6]; /* pixel/line <-> raster CRS */
	char *wkt;	      /* the raster's CRS; CPLFree */
	GDALRasterBandH mask; /* NULL: every pixel valid */
	double scale, offset;
	char stamp[160];
};

/* "crc32:xxxxxxxx size:N mtime:T" (no CRC above CRC_MAX_BYTES); "" for
 * what is not a plain file (a /vsi path). */
static void stamp_of(const char *path, char *out, size_t n)
{
	struct stat st;
	char when[32] = "";
	struct tm tm;
	time_t t;

	out[0] = '\0';
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return;
	t = st.st_mtime;
	if (gmtime_r(&t, &tm))
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if ((long long)st.st_size <= CRC_MAX_BYTES) {
		unsigned char buf[65536];
		uLong crc = crc32(0L, Z_NULL, 0);
		size_t got;
		FILE *fp = fopen(path, "rb");

		if (fp) {
			while ((got = fread(buf, 1, sizeof(buf), fp)) > 0)
				crc = crc32(crc, buf, (uInt)got);
			fclose(fp);
			snprintf(out, n, "crc32:%08lx size:%lld mtime:%s",
				 (unsigned long)crc, (long long)st.st_size,
				 when);
			return;
		}
	}
	snprintf(out, n, "size:%lld mtime:%s", (long long)st.st_size, when);
}

void sg_poprast__file_stamp(const char *path, char *out, size_t n)
{
	stamp_of(path, out, n);
}

int sg_poprast__open(sg_ctx *ctx, const char *path, sg_poprast **out)
{
	const char *wkt_opts[] = { "FORMAT=WKT2_2019", NULL };
	OGRSpatialReferenceH srs;
	GDALDataType type;
	sg_poprast *r;
	int rc = SG_OK, ok;
	char name[1024]; /* path as messages and the store show it */

	*out = NULL;
	if (!path || !*path)
		return sg_error__set(ctx, SG_EINVALID,
				     WHAT ": no population "
					  "raster file named");
	/* A PG: raster source without its password. */
	sg_source_name(path, NULL, name, sizeof(name));
	/* A plain file that is not there: "not found".  GDAL's own names
	 * (/vsizip/..., NETCDF:"f.nc":var, GTIFF_DIR:2:f.tif) go to GDAL. */
	if (strncmp(path, "/vsi", 4) != 0 && !strchr(path, ':') &&
	    access(path, R_OK) != 0)
		return sg_error__set(ctx, SG_ENOTFOUND,
				     WHAT ": population "
					  "raster %s: %s",
				     name, strerror(errno));
	r = calloc(1, sizeof(*r));
	if (!r || !(r->path = strdup(name))) {
		free(r);
		return sg_error__oom(ctx, WHAT);
	}
	r->ctx = ctx;
	sg_gdal__begin(ctx);
	r->ds = GDALOpenEx(path,
			   GDAL_OF_RASTER | GDAL_OF_READONLY |
				   GDAL_OF_VERBOSE_ERROR,
			   NULL, NULL, NULL);
	sg_gdal__end(ctx);
	if (!r->ds) {
		if (sg_pg__is_dsn(path))
			sg_pg__scrub(path, ctx->gdal_msg);
		rc = sg_error__set(ctx, SG_EGDAL,
				   WHAT
				   ": population raster "
				   "%s: GDAL cannot open it as a raster: %s",
				   name, sg_gdal__msg(ctx));
		goto fail;
	}
	if (GDALGetRasterCount(r->ds) < 1) {
		rc = sg_error__set(ctx, SG_EINVALID,
				   WHAT ": population "
					"raster %s has no band",
				   r->path);
		goto fail;
	}
	r->band = GDALGetRasterBand(r->ds, 1);
	type = GDALGetRasterDataType(r->band);
	if (type == GDT_Unknown || GDALDataTypeIsComplex(type)) {
		rc = sg_error__set(ctx, SG_EINVALID,
				   WHAT
				   ": population "
				   "raster %s: band 1 is not numeric (%s); "
				   "it must hold people per pixel",
				   r->path,
				   GDALGetDataTypeName(type)
					   ? GDALGetDataTypeName(type)
					   : "unknown type");
		goto fail;
	}
	srs = GDALGetSpatialRef(r->ds);
	if (srs && (OSRExportToWktEx(srs, &r->wkt, wkt_opts) != OGRERR_NONE ||
		    !r->wkt || !*r->wkt)) {
		rc = sg_error__set(ctx, SG_EGDAL,
				   WHAT ": population raster "
					"%s: cannot read its CRS",
				   r->path);
		goto fail;
	}
	if (!srs) {
		rc = sg_error__set(ctx, SG_EINVALID,
				   WHAT
				   ": population "
				   "raster %s declares no CRS (set one, e.g. "
				   "gdal_edit.py -a_srs EPSG:4326 FILE)",
				   r->path);
		goto fail;
	}
	if (GDALGetGeoTransform(r->ds, r->gt) != CE_None ||
	    !GDALInvGeoTransform(r->gt, r->inv)) {
		rc = sg_error__set(ctx, SG_EINVALID,
				   WHAT ": population "
					"raster %s has no georeferencing (no "
					"geotransform)",
				   r->path);
		goto fail;
	}
	r->width = GDALGetRasterXSize(r->ds);
	r->height = GDALGetRasterYSize(r->ds);
	/* GDAL's mask says which pixels hold data: nodata (compared in
	 * the band's own type), an alpha band or a .msk file. */
	if (!(GDALGetMaskFlags(r->band) & GMF_ALL_VALID))
		r->mask = GDALGetMaskBand(r->band);
	r->scale = GDALGetRasterScale(r->band, &ok);
	if (!ok)
		r->scale = 1;
	r->offset = GDALGetRasterOffset(r->band, &ok);
	if (!ok)
		r->offset = 0;
	stamp_of(path, r->stamp, sizeof(r->stamp));
	*out = r;
	return SG_OK;
fail:
	sg_poprast__close(r);
	return rc;
}

void sg_poprast__close(sg_poprast *r)
{
	if (!r)
		return;
	if (r->ds)
		GDALClose(r->ds);
	CPLFree(r->wkt);
	free(r->path);
	free(r);
}

const char *sg_poprast__path(const sg_poprast *r)
{
	return r->path;
}

const char *sg_poprast__stamp(const sg_poprast *r)
{
	return r->stamp;
}

/*
 * The window of pixels [*x0, *x1) x [*y0, *y1) that covers the study
 * area's box (taken to the raster's CRS through points along its
 * edges), one pixel of margin, clipped to the raster; empty when the
 * raster does not reach the study area.
 */
static int box_window(sg_poprast *r, const char *crs, double bx0, double by0,
		      double bx1, double by1, int *x0, int *y0, int *x1,
		      int *y1)
{
	double *x, *y;
	double px0 = INFINITY, py0 = INFINITY, px1 = -INFINITY, py1 = -INFINITY;
	sg_crs_tx *back = NULL;
	size_t n = 0;
	int rc;

	*x0 = *y0 = *x1 = *y1 = 0;
	if ((rc = sg_crs__new(r->ctx, &back, crs, r->wkt, r->path)) != SG_OK)
		return rc;
	x = malloc(4 * (EDGE_POINTS + 1) * sizeof(double));
	y = malloc(4 * (EDGE_POINTS + 1) * sizeof(double));
	if (!x || !y) {
		free(x);
		free(y);
		sg_crs__free(back);
		return sg_error__oom(r->ctx, WHAT);
	}
	for (int k = 0; k <= EDGE_POINTS; k++) {
		double t = (double)k / EDGE_POINTS;
		double ex = bx0 + t * (bx1 - bx0), ey = by0 + t * (by1 - by0);

		x[n] = ex, y[n++] = by0;
		x[n] = ex, y[n++] = by1;
		x[n] = bx0, y[n++] = ey;
		x[n] = bx1, y[n++] = ey;
	}
	sg_crs__points(back, x, y, n);
	sg_crs__free(back);
	/* Each corner of the box in the raster's CRS to pixel/line. */
	{
		double ax0 = INFINITY, ay0 = INFINITY, ax1 = -INFINITY,
		       ay1 = -INFINITY;

		for (size_t k = 0; k < n; k++) {
			if (isnan(x[k]))
				continue;
			ax0 = fmin(ax0, x[k]);
			ay0 = fmin(ay0, y[k]);
			ax1 = fmax(ax1, x[k]);
			ay1 = fmax(ay1, y[k]);
		}
		free(x);
		free(y);
		if (ax0 > ax1)
			return SG_OK; /* PROJ took no point over */
		for (int k = 0; k < 4; k++) {
			double px, py;

			GDALApplyGeoTransform(r->inv, k & 1 ? ax1 : ax0,
					      k & 2 ? ay1 : ay0, &px, &py);
			px0 = fmin(px0, px);
			py0 = fmin(py0, py);
			px1 = fmax(px1, px);
			py1 = fmax(py1, py);
		}
	}
	px0 = fmax(0, floor(px0) - 1);
	py0 = fmax(0, floor(py0) - 1);
	px1 = fmin(r->width, ceil(px1) + 1);
	py1 = fmin(r->height, ceil(py1) + 1);
	if (!(px0 < px1) || !(py0 < py1))
		return SG_OK;
	*x0 = (int)px0;
	*y0 = (int)py0;
	*x1 = (int)px1;
	*y1 = (int)py1;
	return SG_OK;
}

static int study_window(sg_poprast *r, sg_catch *c, const char *crs, int *x0,
			int *y0, int *x1, int *y1)
{
	GEOSContextHandle_t h = r->ctx->geos;
	double bx0, by0, bx1, by1;

	GEOSGeom_getXMin_r(h, c->study, &bx0);
	GEOSGeom_getYMin_r(h, c->study, &by0);
	GEOSGeom_getXMax_r(h, c->study, &bx1);
	GEOSGeom_getYMax_r(h, c->study, &by1);
	return box_window(r, crs, bx0, by0, bx1, by1, x0, y0, x1, y1);
}

/* The side (metres, the square root of the area) of the pixel at (px,
 * py) in the metric CRS; NaN when PROJ cannot take it there. */
static double pixel_side(sg_poprast *r, sg_crs_tx *tx, double px, double py)
{
	double x[3], y[3];

	for (int k = 0; k < 3; k++)
		GDALApplyGeoTransform(r->gt, px + (k == 1), py + (k == 2),
				      &x[k], &y[k]);
	if (sg_crs__points(tx, x, y, 3) > 0)
		return NAN;
	return sqrt(fabs((x[1] - x[0]) * (y[2] - y[0]) -
			 (x[2] - x[0]) * (y[1] - y[0])));
}

/* One chunk of the window: read, keep the pixels with people, take
 * their centres to metres, give them to the engine. */
static int read_chunk(sg_poprast *r, sg_catch *c, sg_crs_tx *tx, int cx, int cy,
		      int cw, int ch, double *val, unsigned char *ok, double *x,
		      double *y, double *people, double *total)
{
	size_t m = 0;
	CPLErr err;

	sg_gdal__begin(r->ctx);
	err = GDALRasterIO(r->band, GF_Read, cx, cy, cw, ch, val, cw, ch,
			   GDT_Float64, 0, 0);
	if (err == CE_None && r->mask)
		err = GDALRasterIO(r->mask, GF_Read, cx, cy, cw, ch, ok, cw, ch,
				   GDT_Byte, 0, 0);
	sg_gdal__end(r->ctx);
	if (err != CE_None)
		return sg_error__set(r->ctx, SG_EGDAL,
				     WHAT ": population "
					  "raster %s: GDAL cannot read pixels "
					  "%d,%d (%dx%d): %s",
				     r->path, cx, cy, cw, ch,
				     sg_gdal__msg(r->ctx));
	for (int j = 0; j < ch; j++)
		for (int i = 0; i < cw; i++) {
			size_t k = (size_t)j * (size_t)cw + (size_t)i;
			double v = val[k];

			/* No data counts as nobody, as do 0 and below. */
			if (isnan(v) || (r->mask && ok[k] == 0))
				continue;
			v = v * r->scale + r->offset;
			if (!(v > 0) || !isfinite(v))
				continue;
			GDALApplyGeoTransform(r->gt, cx + i + 0.5, cy + j + 0.5,
					      &x[m], &y[m]);
			people[m++] = v;
		}
	if (m == 0)
		return SG_OK;
	/* Centres PROJ cannot take become NaN and are skipped. */
	sg_crs__points(tx, x, y, m);
	for (size_t k = 0; k < m; k++)
		if (!isnan(x[k]))
			*total += people[k];
	return sg_catch__raster_add(c, x, y, people, m);
}

int sg_poprast__spread(sg_poprast *r, sg_catch *c, const sg_catch_data *d,
		       double cs, sg_poprast_summary *sum)
{
	sg_ctx *ctx = r->ctx;
	sg_crs_tx *tx = NULL;
	double *val = NULL, *x = NULL, *y = NULL, *people = NULL;
	unsigned char *ok = NULL;
	double *unit_people = NULL;
	int wx0, wy0, wx1, wy1, bx, by, cw, ch;
	uint64_t nchunks, done = 0;
	int rc;

	memset(sum, 0, sizeof(*sum));
	sum->pixel_m = NAN;
	rc = sg_crs__new(ctx, &tx, r->wkt, d->crs, r->path);
	if (rc == SG_OK)
		rc = study_window(r, c, d->crs, &wx0, &wy0, &wx1, &wy1);
	if (rc == SG_OK)
		rc = sg_catch__raster_begin(c, cs);
	if (rc != SG_OK)
		goto done;
	sum->window[0] = wx0;
	sum->window[1] = wy0;
	sum->window[2] = wx1 - wx0;
	sum->window[3] = wy1 - wy0;
	if (wx1 > wx0 && wy1 > wy0) {
		sum->pixel_m = pixel_side(r, tx, 0.5 * (wx0 + wx1),
					  0.5 * (wy0 + wy1));
		/* Chunks of whole blocks where blocks are small, about
		 * CHUNK_PIXELS each and never more than the window (a
		 * raster of one strip has one block for the whole image:
		 * GDAL reads parts of blocks too). */
		GDALGetBlockSize(r->band, &bx, &by);
		if (bx < 1)
			bx = 1;
		if (by < 1)
			by = 1;
		cw = bx >= 1024 ? bx : bx * (1024 / bx);
		if (cw > wx1 - wx0)
			cw = wx1 - wx0;
		ch = (int)(CHUNK_PIXELS / cw);
		if (ch >= by)
			ch = ch / by * by;
		if (ch < 1)
			ch = 1;
		if (ch > wy1 - wy0)
			ch = wy1 - wy0;
		val = malloc((size_t)cw * (size_t)ch * sizeof(double));
		ok = malloc((size_t)cw * (size_t)ch);
		x = malloc((size_t)cw * (size_t)ch * sizeof(double));
		y = malloc((size_t)cw * (size_t)ch * sizeof(double));
		people = malloc((size_t)cw * (size_t)ch * sizeof(double));
		if (!val || !ok || !x || !y || !people) {
			rc = sg_error__oom(ctx, WHAT);
			goto done;
		}
		nchunks = (uint64_t)((wy1 - 1) / ch - wy0 / ch + 1) *
			  (uint64_t)((wx1 - 1) / cw - wx0 / cw + 1);
		for (int cy = wy0 / ch * ch; cy < wy1 && rc == SG_OK;
		     cy += ch) {
			for (int cx = wx0 / cw * cw; cx < wx1 && rc == SG_OK;
			     cx += cw) {
				int x0 = cx > wx0 ? cx : wx0;
				int y0 = cy > wy0 ? cy : wy0;
				int x1 = cx + cw < wx1 ? cx + cw : wx1;
				int y1 = cy + ch < wy1 ? cy + ch : wy1;

				rc = read_chunk(r, c, tx, x0, y0, x1 - x0,
						y1 - y0, val, ok, x, y, people,
						&sum->people_read);
				if (rc == SG_OK)
					rc = sg_ctx__progress(
						ctx, "catchments: raster",
						++done, nchunks);
			}
		}
		if (rc != SG_OK)
			goto done;
	}
	unit_people = calloc(d->nunits ? d->nunits : 1, sizeof(double));
	if (!unit_people) {
		rc = sg_error__oom(ctx, WHAT);
		goto done;
	}
	if ((rc = sg_catch__raster_end(c, unit_people, &sum->outside)) != SG_OK)
		goto done;
	for (size_t u = 0; u < d->nunits; u++)
		sum->people += unit_people[u];
	if (!(sum->people > 0)) {
		rc = sg_error__set(ctx, SG_EINVALID,
				   WHAT
				   ": population "
				   "raster %s has no people over the study "
				   "area (is it the right file, in the right "
				   "CRS?)",
				   r->path);
		goto done;
	}
	for (size_t u = 0; u < d->nunits; u++) {
		double pop = d->unit_pop[u];

		if (unit_people[u] > 0) {
			sum->units_raster++;
			continue;
		}
		if (isnan(pop) || pop <= 0)
			continue; /* nothing to spread */
		sum->units_even++;
		sg_ctx__warn(ctx,
			     "catchments: population raster %s has no "
			     "people in unit %s (%s): its %.1f children are "
			     "spread evenly over its area",
			     r->path, d->unit_code[u], d->unit_name[u], pop);
	}
	if (sum->pixel_m > cs * (1 + 1e-6))
		sg_ctx__warn(ctx,
			     "catchments: population raster %s: its "
			     "pixels (about %.0f m) are larger than the %.0f "
			     "m cells: each pixel's people go to the cell of "
			     "its centre, so cells between centres get none; "
			     "use cells of %.0f m or more",
			     r->path, sum->pixel_m, cs, ceil(sum->pixel_m));
done:
	free(val);
	free(ok);
	free(x);
	free(y);
	free(people);
	free(unit_people);
	sg_crs__free(tx);
	return rc;
}

/*---- People within polygons (crosswalk splits) ------------------------*/

/* The people of one chunk whose pixel centres lie in each polygon. */
static int sum_chunk(sg_poprast *r, sg_crs_tx *tx,
		     const GEOSPreparedGeometry *const *prep,
		     const double (*box)[4], size_t n, int cx, int cy, int cw,
		     int ch, double *val, unsigned char *ok, double *x,
		     double *y, double *people, double *sums)
{
	GEOSContextHandle_t h = r->ctx->geos;
	size_t m = 0;
	CPLErr err;

	sg_gdal__begin(r->ctx);
	err = GDALRasterIO(r->band, GF_Read, cx, cy, cw, ch, val, cw, ch,
			   GDT_Float64, 0, 0);
	if (err == CE_None && r->mask)
		err = GDALRasterIO(r->mask, GF_Read, cx, cy, cw, ch, ok, cw, ch,
				   GDT_Byte, 0, 0);
	sg_gdal__end(r->ctx);
	if (err != CE_None)
		return sg_error__set(r->ctx, SG_EGDAL,
				     "population raster %s:"
				     " GDAL cannot read pixels %d,%d (%dx%d):"
				     " %s",
				     r->path, cx, cy, cw, ch,
				     sg_gdal__msg(r->ctx));
	for (int j = 0; j < ch; j++)
		for (int i = 0; i < cw; i++) {
			size_t k = (size_t)j * (size_t)cw + (size_t)i;
			double v = val[k];

			/* As sg_poprast__spread: no data, 0 and below are
			 * nobody. */
			if (isnan(v) || (r->mask && ok[k] == 0))
				continue;
			v = v * r->scale + r->offset;
			if (!(v > 0) || !isfinite(v))
				continue;
			GDALApplyGeoTransform(r->gt, cx + i + 0.5, cy + j + 0.5,
					      &x[m], &y[m]);
			people[m++] = v;
		}
	if (m == 0)
		return SG_OK;
	sg_crs__points(tx, x, y, m);
	for (size_t k = 0; k < m; k++) {
		GEOSGeometry *pt;

		if (isnan(x[k]))
			continue;
		pt = NULL;
		for (size_t p = 0; p < n; p++) {
			if (x[k] < box[p][0] || x[k] > box[p][2] ||
			    y[k] < box[p][1] || y[k] > box[p][3])
				continue;
			if (!pt &&
			    !(pt = GEOSGeom_createPointFromXY_r(h, x[k], y[k])))
				return sg_error__oom(r->ctx, WHAT);
			if (GEOSPreparedIntersects_r(h, prep[p], pt) == 1)
				sums[p] += people[k];
		}
		if (pt)
			GEOSGeom_destroy_r(h, pt);
	}
	return SG_OK;
}

int sg_poprast__sum_polygons(sg_poprast *r, const GEOSGeometry *const *polys,
			     size_t n, double *sums)
{
	GEOSContextHandle_t h = r->ctx->geos;
	const GEOSPreparedGeometry **prep = NULL;
	double(*box)[4] = NULL, *val = NULL, *x = NULL, *y = NULL,
	*people = NULL;
	double bx0 = INFINITY, by0 = INFINITY, bx1 = -INFINITY, by1 = -INFINITY;
	unsigned char *ok = NULL;
	sg_crs_tx *tx = NULL;
	int wx0, wy0, wx1, wy1, ch, rc = SG_OK;
	size_t np = 0;

	for (size_t p = 0; p < n; p++)
		sums[p] = 0;
	prep = calloc(n ? n : 1, sizeof(*prep));
	box = calloc(n ? n : 1, sizeof(*box));
	if (!prep || !box) {
		rc = sg_error__oom(r->ctx, WHAT);
		goto done;
	}
	for (np = 0; np < n; np++) {
		double *b = box[np];

		if (!polys[np] || GEOSisEmpty_r(h, polys[np]) != 0) {
			b[0] = b[1] = INFINITY;
			b[2] = b[3] = -INFINITY;
		} else {
			GEOSGeom_getXMin_r(h, polys[np], &b[0]);
			GEOSGeom_getYMin_r(h, polys[np], &b[1]);
			GEOSGeom_getXMax_r(h, polys[np], &b[2]);
			GEOSGeom_getYMax_r(h, polys[np], &b[3]);
		}
		bx0 = fmin(bx0, b[0]);
		by0 = fmin(by0, b[1]);
		bx1 = fmax(bx1, b[2]);
		by1 = fmax(by1, b[3]);
		if (polys[np] && !(prep[np] = GEOSPrepare_r(h, polys[np]))) {
			rc = sg_error__oom(r->ctx, WHAT);
			goto done;
		}
	}
	if (!(bx0 <= bx1))
		goto done; /* nothing to sum over */
	rc = box_window(r, "EPSG:4326", bx0, by0, bx1, by1, &wx0, &wy0, &wx1,
			&wy1);
	if (rc == SG_OK)
		rc = sg_crs__new(r->ctx, &tx, r->wkt, NULL, r->path);
	if (rc != SG_OK || wx1 <= wx0 || wy1 <= wy0)
		goto done;
	ch = (int)(CHUNK_PIXELS / (wx1 - wx0));
	if (ch < 1)
		ch = 1;
	if (ch > wy1 - wy0)
		ch = wy1 - wy0;
	val = malloc((size_t)(wx1 - wx0) * (size_t)ch * sizeof(double));
	ok = malloc((size_t)(wx1 - wx0) * (size_t)ch);
	x = malloc((size_t)(wx1 - wx0) * (size_t)ch * sizeof(double));
	y = malloc((size_t)(wx1 - wx0) * (size_t)ch * sizeof(double));
	people = malloc((size_t)(wx1 - wx0) * (size_t)ch * sizeof(double));
	if (!val || !ok || !x || !y || !people) {
		rc = sg_error__oom(r->ctx, WHAT);
		goto done;
	}
	for (int cy = wy0; rc == SG_OK && cy < wy1; cy += ch)
		rc = sum_chunk(r, tx, prep, (const double(*)[4])box, n, wx0, cy,
			       wx1 - wx0, cy + ch < wy1 ? ch : wy1 - cy, val,
			       ok, x, y, people, sums);
done:
	for (size_t p = 0; prep && p < np; p++)
		if (prep[p])
			GEOSPreparedGeom_destroy_r(h, prep[p]);
	free(prep);
	free(box);
	free(val);
	free(ok);
	free(x);
	free(y);
	free(people);
	sg_crs__free(tx);
	return rc;
}
