/*
 * tests/engine/test_polygonize.c - engine/polygonize.c against
 * GDALPolygonize (4-connected, nodata -1 masked) on random label rasters
 * and on hand-made corner cases: per label the same number of polygons
 * and rings, the same area (also the cells' count times the cell's
 * area), and a symmetric difference of area ~0; every engine polygon
 * valid (GEOSisValid).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gdal.h>
#include <gdal_alg.h>
#include <ogr_api.h>

#include "engine/polygonize.h"
#include "sg_test.h"

static unsigned rnd_state = 1;

static unsigned rnd(unsigned n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return ((rnd_state >> 8) & 0xffffff) % n;
}

/* GDALPolygonize's polygons of each label 0 .. nlab - 1, as GEOS. */
static void gdal_polys(sg_ctx *ctx, const int32_t *lab, int nx, int ny,
		       double x0, double y1, double cell, int nlab,
		       sg_poly_list *out)
{
	GEOSContextHandle_t h = ctx->geos;
	GDALDatasetH rds = GDALCreate(GDALGetDriverByName("MEM"), "", nx, ny, 1,
				      GDT_Int32, NULL);
	GDALDatasetH vds = GDALCreate(GDALGetDriverByName("Memory"), "", 0, 0,
				      0, GDT_Unknown, NULL);
	double gt[6] = { x0, cell, 0, y1, 0, -cell };
	GDALRasterBandH band;
	OGRFieldDefnH fd = OGR_Fld_Create("v", OFTInteger);
	OGRLayerH lyr;
	OGRFeatureH f;
	GEOSWKBReader *rd = GEOSWKBReader_create_r(h);

	assert_non_null(rds);
	assert_non_null(vds);
	GDALSetGeoTransform(rds, gt);
	band = GDALGetRasterBand(rds, 1);
	GDALSetRasterNoDataValue(band, -1);
	assert_int_equal(GDALRasterIO(band, GF_Write, 0, 0, nx, ny, (void *)lab,
				      nx, ny, GDT_Int32, 0, 0),
			 CE_None);
	lyr = GDALDatasetCreateLayer(vds, "p", NULL, wkbPolygon, NULL);
	assert_int_equal(OGR_L_CreateField(lyr, fd, 1), OGRERR_NONE);
	OGR_Fld_Destroy(fd);
	assert_int_equal(GDALPolygonize(band, GDALGetMaskBand(band), lyr, 0,
					NULL, NULL, NULL),
			 CE_None);
	OGR_L_ResetReading(lyr);
	while ((f = OGR_L_GetNextFeature(lyr))) {
		int v = OGR_F_GetFieldAsInteger(f, 0);
		OGRGeometryH og = OGR_F_GetGeometryRef(f);
		size_t len = (size_t)OGR_G_WkbSize(og);
		unsigned char *wkb = malloc(len);
		GEOSGeometry *g;
		sg_poly_list *l = &out[v];

		assert_true(v >= 0 && v < nlab);
		OGR_G_ExportToWkb(og, wkbNDR, wkb);
		g = GEOSWKBReader_read_r(h, rd, wkb, len);
		assert_non_null(g);
		free(wkb);
		if (l->n == l->cap) {
			l->cap = l->cap ? 2 * l->cap : 8;
			l->g = realloc(l->g, l->cap * sizeof(*l->g));
			assert_non_null(l->g);
		}
		l->g[l->n++] = g;
		OGR_F_Destroy(f);
	}
	GEOSWKBReader_destroy_r(h, rd);
	GDALClose(vds);
	GDALClose(rds);
}

static size_t nrings(GEOSContextHandle_t h, const sg_poly_list *l)
{
	size_t n = 0;

	for (size_t k = 0; k < l->n; k++)
		n += 1 + (size_t)GEOSGetNumInteriorRings_r(h, l->g[k]);
	return n;
}

static double area(GEOSContextHandle_t h, const sg_poly_list *l)
{
	double a = 0, t;

	for (size_t k = 0; k < l->n; k++) {
		assert_int_equal(GEOSArea_r(h, l->g[k], &t), 1);
		a += t;
	}
	return a;
}

/* A collection of the list's polygons (cloned), unioned. */
static GEOSGeometry *unioned(GEOSContextHandle_t h, const sg_poly_list *l)
{
	GEOSGeometry **v = malloc((l->n + 1) * sizeof(*v)), *c, *u;

	for (size_t k = 0; k < l->n; k++)
		v[k] = GEOSGeom_clone_r(h, l->g[k]);
	c = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, v,
					(unsigned)l->n);
	free(v);
	assert_non_null(c);
	u = GEOSUnaryUnion_r(h, c);
	GEOSGeom_destroy_r(h, c);
	assert_non_null(u);
	return u;
}

/* Polygonize both ways and compare; returns the rings checked. */
static size_t compare(sg_ctx *ctx, const int32_t *lab, int nx, int ny, int nlab,
		      double cell)
{
	GEOSContextHandle_t h = ctx->geos;
	sg_poly_list *mine = calloc((size_t)nlab, sizeof(*mine));
	sg_poly_list *ref = calloc((size_t)nlab, sizeof(*ref));
	double x0 = 500000 + 37 * cell, y1 = 1200000 - 11 * cell;
	size_t rings = 0;

	assert_sg_ok(ctx, sg_poly__labels(ctx, lab, (size_t)nx, (size_t)ny, x0,
					  y1, cell, (size_t)nlab, mine));
	gdal_polys(ctx, lab, nx, ny, x0, y1, cell, nlab, ref);
	for (int v = 0; v < nlab; v++) {
		double a = area(h, &mine[v]), b = area(h, &ref[v]), d;
		size_t cells = 0;
		GEOSGeometry *ua, *ub, *x;

		for (int k = 0; k < nx * ny; k++)
			cells += lab[k] == v;
		for (size_t k = 0; k < mine[v].n; k++)
			if (GEOSisValid_r(h, mine[v].g[k]) != 1)
				fail_msg("label %d polygon %zu invalid: %s", v,
					 k,
					 GEOSisValidReason_r(h, mine[v].g[k]));
		assert_int_equal(mine[v].n, ref[v].n);
		assert_int_equal(nrings(h, &mine[v]), nrings(h, &ref[v]));
		assert_true(fabs(a - b) <= 1e-9 * b);
		assert_true(fabs(a - (double)cells * cell * cell) <=
			    1e-9 * (double)cells * cell * cell);
		ua = unioned(h, &mine[v]);
		ub = unioned(h, &ref[v]);
		x = GEOSSymDifference_r(h, ua, ub);
		assert_non_null(x);
		assert_int_equal(GEOSArea_r(h, x, &d), 1);
		assert_true(d <= 1e-9 * (b > 0 ? b : 1));
		assert_int_equal(GEOSEquals_r(h, ua, ub), 1);
		GEOSGeom_destroy_r(h, x);
		GEOSGeom_destroy_r(h, ua);
		GEOSGeom_destroy_r(h, ub);
		rings += nrings(h, &mine[v]);
	}
	sg_poly__lists_free(ctx, mine, (size_t)nlab);
	sg_poly__lists_free(ctx, ref, (size_t)nlab);
	return rings;
}

/* Random labels, smoothed into blobs (holes, islands in holes, corners
 * where a region touches itself), some nodata. */
static void random_labels(int32_t *lab, int nx, int ny, int nlab, int smooth)
{
	int32_t *t = malloc((size_t)(nx * ny) * sizeof(*t));

	for (int k = 0; k < nx * ny; k++)
		lab[k] = rnd(10) == 0 ? -1 : (int32_t)rnd((unsigned)nlab);
	for (int s = 0; s < smooth; s++) {
		for (int j = 0; j < ny; j++)
			for (int i = 0; i < nx; i++) {
				int a = i + (int)rnd(3) - 1,
				    b = j + (int)rnd(3) - 1;

				if (a < 0 || b < 0 || a >= nx || b >= ny)
					a = i, b = j;
				t[j * nx + i] = lab[b * nx + a];
			}
		memcpy(lab, t, (size_t)(nx * ny) * sizeof(*t));
	}
	free(t);
}

static void test_polygonize__random_vs_gdal(void **state)
{
	sg_ctx *ctx = *state;
	static const int sizes[][2] = { { 1, 1 },   { 1, 9 },  { 7, 1 },
					{ 3, 4 },   { 12, 9 }, { 40, 31 },
					{ 64, 64 }, { 90, 50 } };
	size_t rings = 0;

	rnd_state = 20261206;
	for (size_t z = 0; z < sizeof(sizes) / sizeof(*sizes); z++)
		for (int rep = 0; rep < 3; rep++) {
			int nx = sizes[z][0], ny = sizes[z][1];
			int32_t *lab = malloc((size_t)(nx * ny) * sizeof(*lab));
			int nlab = 2 + rep % 4;

			/* Unsmoothed noise on the small grids only
			 * (thousands of one-cell polygons are slow
			 * to union). */
			random_labels(lab, nx, ny, nlab,
				      nx * ny > 200 ? 1 + rep % 3 : rep % 3);
			rings += compare(ctx, lab, nx, ny, nlab,
					 rep % 2 ? 100 : 37.5);
			free(lab);
		}
	assert_true(rings > 500);
}

/*
 * Corners: a checkerboard (every cell its own polygon); a ring of cells
 * whose hole touches the shell at a corner; two holes touching each
 * other; a region touching itself diagonally around a hole; an island
 * in a hole.
 */
static void test_polygonize__corners_vs_gdal(void **state)
{
	sg_ctx *ctx = *state;
	static const char *const pics[] = {
		"0101\n1010\n0101\n",
		"0000\n0110\n0100\n0001\n",
		"00000\n01010\n00100\n00000\n",
		"000000\n011000\n010100\n001000\n000000\n",
		"1111111\n1000001\n1011101\n1010101\n1011101\n1000001\n"
		"1111111\n",
		".0.\n0.0\n.0.\n",
		"0000\n0..0\n0.00\n0000\n",
	};

	for (size_t p = 0; p < sizeof(pics) / sizeof(*pics); p++) {
		int32_t lab[64];
		int nx = 0, ny = 0, k = 0;

		for (const char *c = pics[p]; *c; c++) {
			if (*c == '\n') {
				ny++;
				continue;
			}
			lab[k++] = *c == '.' ? -1 : *c - '0';
			if (ny == 0)
				nx++;
		}
		assert_true(compare(ctx, lab, nx, ny, 2, 10) > 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_polygonize__random_vs_gdal),
		cmocka_unit_test(test_polygonize__corners_vs_gdal),
	};

	return cmocka_run_group_tests(tests, sg_test_ctx_setup,
				      sg_test_ctx_teardown);
}
