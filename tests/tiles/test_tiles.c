/*
 * tests/tiles/test_tiles.c - maps and tile pyramids from a real store:
 * PNGs decode with libpng; a catchment's pixels have its legend colour
 * and a school's marker sits on its pixel; GDAL's MBTiles driver opens
 * the output with the right zooms and bounds and reads the same pixels;
 * the XYZ directory and the MBTiles file hold identical tiles; empty
 * tiles are skipped; threads do not change a byte; cancelling leaves the
 * old output in place; styles load, round-trip and fail with file:line.
 */
#include <dirent.h>
#include <math.h>
#include <sys/stat.h>

#include <gdal.h>
#include <png.h>
#include <sqlite3.h>

#include "sg_db_test.h"
#include "sg_fixture_wards.h"
#include "tiles/map_int.h"
#include "tiles/png_out.h"
#include "tiles/quantize.h"
#include "tiles/style.h"
#include "tiles/tile_math.h"

static const char population_csv[] = "Mã xã,Năm,Từ tuổi,Đến tuổi,Số người\n"
				     "A,2019,0,120,1500\nA,2019,6,10,120\n"
				     "B,2019,0,120,1000\nC,2019,0,120,500\n";

/* P1: 4 classes x 35 = 140 seats for 150 students: utilization 107%
 * (class 105-120); P2: classes unknown, seats = its 40 students: 100%
 * (class 95-105).  L1 is not primary. */
static const char schools_csv[] =
	"code,name,levels,lon,lat,students,classes,computers_teaching\n"
	"P1,Tiểu học Một,primary,106.505,10.9045,150,4,10\n"
	"P2,\"Tiểu học <Hai> & \"\"Ba\"\" </script>\",primary,106.515,10.9045,"
	"40,,1\n"
	"L1,THCS Ba,lower_secondary,106.605,10.9045,300,8,30\n";

static sg_ctx *ctx;

/*---- Fixture ------------------------------------------------------------*/

static int setup(void **state)
{
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_catchment_options co = SG_CATCHMENT_OPTIONS_INIT;
	sg_import_summary s;

	(void)state;
	if (sg_global_init() != SG_OK)
		return -1;
	ctx = new_store("tiles.sqlite");
	assert_sg_ok(ctx, sg_test_import(ctx, SG_IMPORT_UNITS, "units.geojson",
					 sg_fixture_wards_geojson, &o, &s));
	assert_sg_ok(ctx,
		     sg_test_import(ctx, SG_IMPORT_POPULATION, "population.csv",
				    population_csv, &o, &s));
	o.year = "2019-2020";
	assert_sg_ok(ctx, sg_test_import(ctx, SG_IMPORT_SCHOOLS, "schools.csv",
					 schools_csv, &o, &s));
	co.level = "primary";
	co.method = SG_CATCHMENT_VORONOI;
	assert_sg_ok(ctx, sg_catchment_compute(ctx, &co, NULL));
	co.method = SG_CATCHMENT_DISTANCE;
	co.max_distance = 300;
	assert_sg_ok(ctx, sg_catchment_compute(ctx, &co, NULL));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sg_ctx_free(ctx);
	sg_test_cleanup();
	sg_global_shutdown();
	return 0;
}

/* Catchments (voronoi run) under schools. */
static sg_map *catchment_map(const sg_map_style *style)
{
	sg_map_layer_options lo = SG_MAP_LAYER_OPTIONS_INIT;
	sg_map *map = NULL;

	assert_sg_ok(ctx, sg_map_new(ctx, style, &map));
	lo.kind = SG_MAP_CATCHMENTS;
	lo.method = "voronoi";
	assert_sg_ok(ctx, sg_map_add_layer(ctx, map, &lo));
	lo.kind = SG_MAP_SCHOOLS;
	lo.method = NULL;
	assert_sg_ok(ctx, sg_map_add_layer(ctx, map, &lo));
	return map;
}

/*---- PNG and pixel helpers ----------------------------------------------*/

typedef struct {
	unsigned w, h;
	uint8_t *px; /* RGBA, straight alpha */
} image;

static int decode(const void *data, size_t len, image *im)
{
	png_image p;

	memset(&p, 0, sizeof(p));
	p.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&p, data, len))
		return -1;
	p.format = PNG_FORMAT_RGBA;
	im->w = p.width;
	im->h = p.height;
	im->px = malloc(PNG_IMAGE_SIZE(p));
	if (!im->px || !png_image_finish_read(&p, NULL, im->px, 0, NULL)) {
		free(im->px);
		png_image_free(&p);
		return -1;
	}
	return 0;
}

static void *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	void *buf;
	long n;

	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

static int decode_file(const char *path, image *im)
{
	size_t len;
	void *data = slurp(path, &len);
	int rc;

	if (!data)
		return -1;
	rc = decode(data, len, im);
	free(data);
	return rc;
}

/* Tile and pixel of a lon/lat at zoom z for tiles of `size` pixels. */
static void locate(double lon, double lat, int z, unsigned size, uint32_t *tx,
		   uint32_t *ty, unsigned *px, unsigned *py)
{
	double mx, my, b[4];

	sg_tile__lonlat_to_merc(lon, lat, &mx, &my);
	sg_tile__from_merc(mx, my, z, tx, ty);
	sg_tile__bounds(z, *tx, *ty, b);
	*px = (unsigned)floor((mx - b[0]) / (b[2] - b[0]) * size);
	*py = (unsigned)floor((b[3] - my) / (b[3] - b[1]) * size);
}

/* The colour of the legend entry whose "min" is min_value. */
static void legend_color(const char *legend, const char *layer,
			 const char *min_text, uint8_t rgb[3])
{
	char key[64];
	const char *p = strstr(legend, layer), *c;
	unsigned r, g, b;

	assert_non_null(p);
	snprintf(key, sizeof(key), "\"min\": %s,", min_text);
	p = strstr(p, key);
	assert_non_null(p);
	c = strstr(p, "\"color\": \"#");
	assert_non_null(c);
	assert_int_equal(sscanf(c + 11, "%02x%02x%02x", &r, &g, &b), 3);
	rgb[0] = (uint8_t)r;
	rgb[1] = (uint8_t)g;
	rgb[2] = (uint8_t)b;
}

static void assert_near8(unsigned got, unsigned want, unsigned tol,
			 const char *what)
{
	if (got + tol < want || got > want + tol)
		fail_msg("%s: %u, expected %u", what, got, want);
}

/*---- Tests --------------------------------------------------------------*/

static void test_tiles__pixels_xyz_mbtiles_gdal(void **state)
{
	sg_tiles_options to = SG_TILES_OPTIONS_INIT;
	sg_tiles_summary sum;
	sg_map *map = catchment_map(NULL);
	char dir[256], mbt[256], file[512], *legend = NULL;
	uint8_t c105[3], c95[3];
	uint32_t tx, ty;
	unsigned px, py;
	image im;
	const uint8_t *p;

	(void)state;
	sg_test_path(dir, sizeof(dir), "xyz");
	sg_test_path(mbt, sizeof(mbt), "out.mbtiles");
	to.minzoom = 12;
	to.maxzoom = 16;
	to.viewer = false;
	assert_sg_ok(ctx, sg_tiles_write(ctx, map, dir, &to, &sum));
	assert_true(sum.written > 0 && sum.empty > 0);
	assert_int_equal(sum.tiles, sum.written + sum.empty);
	assert_sg_ok(ctx, sg_tiles_write(ctx, map, mbt, &to, &sum));
	assert_sg_ok(ctx, sg_map_legend(map, &legend));
	legend_color(legend, "catchments", "105", c105);
	legend_color(legend, "catchments", "95", c95);

	/* Inside P1's catchment (ward A, utilization 107%): the class
	 * colour at the layer's 75% opacity. */
	locate(106.5025, 10.9020, 16, 256, &tx, &ty, &px, &py);
	snprintf(file, sizeof(file), "%s/16/%u/%u.png", dir, tx, ty);
	assert_int_equal(decode_file(file, &im), 0);
	assert_int_equal(im.w, 256);
	assert_int_equal(im.h, 256);
	p = im.px + 4 * (py * im.w + px);
	assert_near8(p[0], c105[0], 1, "red");
	assert_near8(p[1], c105[1], 1, "green");
	assert_near8(p[2], c105[2], 1, "blue");
	assert_int_equal(p[3], 191);
	free(im.px);
	/* Inside P2's catchment (ward C, 100%). */
	locate(106.5175, 10.9020, 16, 256, &tx, &ty, &px, &py);
	snprintf(file, sizeof(file), "%s/16/%u/%u.png", dir, tx, ty);
	assert_int_equal(decode_file(file, &im), 0);
	p = im.px + 4 * (py * im.w + px);
	assert_near8(p[0], c95[0], 1, "red");
	assert_near8(p[1], c95[1], 1, "green");
	assert_near8(p[2], c95[2], 1, "blue");
	assert_int_equal(p[3], 191);
	free(im.px);
	/* P1's marker: primary is a #0072b2 square on its exact pixel. */
	locate(106.505, 10.9045, 16, 256, &tx, &ty, &px, &py);
	snprintf(file, sizeof(file), "%s/16/%u/%u.png", dir, tx, ty);
	assert_int_equal(decode_file(file, &im), 0);
	p = im.px + 4 * (py * im.w + px);
	assert_int_equal(p[0], 0x00);
	assert_int_equal(p[1], 0x72);
	assert_int_equal(p[2], 0xb2);
	assert_int_equal(p[3], 255);
	/* ... and 6 pixels away (outside the 9-pixel square and its
	 * 1.5-pixel ring) it is the catchment again. */
	p = im.px + 4 * (py * im.w + px + 7);
	assert_int_equal(p[3], 191);
	free(im.px);

	/* Between ward C and ward B (9 km east) nothing is drawn: that
	 * tile is in the box but skipped, in both outputs. */
	locate(106.56, 10.9045, 16, 256, &tx, &ty, &px, &py);
	snprintf(file, sizeof(file), "%s/16/%u/%u.png", dir, tx, ty);
	assert_int_equal(access(file, F_OK), -1);
	{
		sqlite3 *db;
		sqlite3_stmt *st;
		size_t n = 0;
		char sql[200];

		assert_int_equal(sqlite3_open_v2(mbt, &db, SQLITE_OPEN_READONLY,
						 NULL),
				 SQLITE_OK);
		snprintf(sql, sizeof(sql),
			 "SELECT count(*) FROM tiles WHERE "
			 "zoom_level = 16 AND tile_column = %u AND tile_row = "
			 "%u",
			 tx, sg_tile__tms_row(16, ty));
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
				 SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0), 0);
		sqlite3_finalize(st);
		/* Every MBTiles tile (TMS rows) equals the XYZ file, pixel
		 * for pixel, and there are as many of each. */
		assert_int_equal(
			sqlite3_prepare_v2(db,
					   "SELECT zoom_level, tile_column, "
					   "tile_row, tile_data FROM tiles",
					   -1, &st, NULL),
			SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW) {
			int z = sqlite3_column_int(st, 0);
			uint32_t x = (uint32_t)sqlite3_column_int(st, 1);
			uint32_t y = sg_tile__tms_row(
				z, (uint32_t)sqlite3_column_int(st, 2));
			image a, b;

			assert_int_equal(
				decode(sqlite3_column_blob(st, 3),
				       (size_t)sqlite3_column_bytes(st, 3), &a),
				0);
			snprintf(file, sizeof(file), "%s/%d/%u/%u.png", dir, z,
				 x, y);
			if (decode_file(file, &b))
				fail_msg("%s missing from the XYZ output",
					 file);
			assert_int_equal(a.w, b.w);
			assert_memory_equal(a.px, b.px, (size_t)a.w * a.h * 4);
			free(a.px);
			free(b.px);
			n++;
		}
		sqlite3_finalize(st);
		assert_int_equal(n, sum.written);
		/* Identical tiles are stored once. */
		snprintf(sql, sizeof(sql),
			 "SELECT (SELECT count(*) FROM "
			 "images) < (SELECT count(*) FROM map)");
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
				 SQLITE_OK);
		sqlite3_step(st);
		assert_int_equal(sqlite3_column_int(st, 0), 1);
		sqlite3_finalize(st);
		sqlite3_close(db);
	}
	/* Count the XYZ files. */
	{
		size_t n = 0;

		for (int z = 12; z <= 16; z++) {
			char zd[300];
			DIR *d;
			struct dirent *e;

			snprintf(zd, sizeof(zd), "%s/%d", dir, z);
			d = opendir(zd);
			assert_non_null(d);
			while ((e = readdir(d))) {
				char xd[600];
				DIR *d2;
				struct dirent *e2;

				if (e->d_name[0] == '.')
					continue;
				snprintf(xd, sizeof(xd), "%s/%s", zd,
					 e->d_name);
				d2 = opendir(xd);
				while (d2 && (e2 = readdir(d2)))
					n += e2->d_name[0] != '.';
				if (d2)
					closedir(d2);
			}
			closedir(d);
		}
		assert_int_equal(n, sum.written);
	}
	/* GDAL's MBTiles driver: zoom levels, bounds, and the same
	 * catchment pixel read through GDAL's own PNG decoder. */
	{
		GDALDatasetH ds = GDALOpen(mbt, GA_ReadOnly);
		double gt[6], mx, my, lon, lat;
		uint8_t rgba[4];
		int col, row;

		assert_non_null(ds);
		assert_string_equal(GDALGetDriverShortName(
					    GDALGetDatasetDriver(ds)),
				    "MBTiles");
		assert_string_equal(GDALGetMetadataItem(ds, "ZOOM_LEVEL", NULL),
				    "16");
		assert_string_equal(GDALGetMetadataItem(ds, "minzoom", NULL),
				    "12");
		assert_string_equal(GDALGetMetadataItem(ds, "maxzoom", NULL),
				    "16");
		assert_string_equal(GDALGetMetadataItem(ds, "format", NULL),
				    "png");
		assert_int_equal(GDALGetOverviewCount(GDALGetRasterBand(ds, 1)),
				 4);
		assert_int_equal(GDALGetGeoTransform(ds, gt), CE_None);
		if (fabs(gt[1] - sg_tile__resolution(16, 256)) > 1e-9)
			fail_msg("pixel size %.12f", gt[1]);
		/* The extent is the study area's box (units A, C, B). */
		sg_tile__merc_to_lonlat(gt[0], gt[3], &lon, &lat);
		assert_true(fabs(lon - 106.50) < 1e-4);
		assert_true(fabs(lat - 10.909) < 1e-4);
		sg_tile__merc_to_lonlat(gt[0] + gt[1] * GDALGetRasterXSize(ds),
					gt[3] + gt[5] * GDALGetRasterYSize(ds),
					&lon, &lat);
		assert_true(fabs(lon - 106.61) < 1e-4);
		assert_true(fabs(lat - 10.900) < 1e-4);
		sg_tile__lonlat_to_merc(106.5025, 10.9020, &mx, &my);
		col = (int)floor((mx - gt[0]) / gt[1]);
		row = (int)floor((my - gt[3]) / gt[5]);
		for (int bnd = 1; bnd <= 4; bnd++) {
			GDALRasterBandH band = GDALGetRasterBand(ds, bnd);

			assert_int_equal(GDALRasterIO(band, GF_Read, col, row,
						      1, 1, &rgba[bnd - 1], 1,
						      1, GDT_Byte, 0, 0),
					 CE_None);
		}
		assert_near8(rgba[0], c105[0], 1, "GDAL red");
		assert_near8(rgba[1], c105[1], 1, "GDAL green");
		assert_near8(rgba[2], c105[2], 1, "GDAL blue");
		assert_int_equal(rgba[3], 191);
		GDALClose(ds);
	}
	/* The legend and TileJSON beside the MBTiles file. */
	sg_test_path(file, sizeof(file), "out.legend.json");
	assert_int_equal(access(file, F_OK), 0);
	{
		size_t len;
		char *tj;

		sg_test_path(file, sizeof(file), "out.tilejson");
		tj = slurp(file, &len);
		assert_non_null(tj);
		tj[len] = '\0';
		assert_non_null(strstr(tj, "\"tilejson\": \"3.0.0\""));
		assert_non_null(strstr(tj, "\"minzoom\": 12"));
		assert_non_null(strstr(tj, "\"bounds\": [106.5000000, "
					   "10.9000000, 106.6100000, "
					   "10.9090000]"));
		free(tj);
	}
	sg_free(legend);
	sg_map_free(map);
}

/* One thread or four: the same bytes.  Scale 2: 512-pixel tiles. */
static void test_tiles__threads_and_scale(void **state)
{
	static const char list_sql[] =
		"SELECT group_concat(zoom_level || '/' || tile_column || '/' "
		"|| tile_row || '=' || tile_id, ';') FROM (SELECT * FROM map "
		"ORDER BY 1, 2, 3)";
	sg_tiles_options to = SG_TILES_OPTIONS_INIT;
	sg_tiles_summary s1, s4;
	sg_map *map = catchment_map(NULL);
	char a[256], b[256], file[512];
	sqlite3 *d1, *d4;
	sqlite3_stmt *st;
	image im;
	uint32_t tx, ty;
	unsigned px, py;

	(void)state;
	sg_test_path(a, sizeof(a), "t1.mbtiles");
	sg_test_path(b, sizeof(b), "t4.mbtiles");
	to.minzoom = 13;
	to.maxzoom = 15;
	to.threads = 1;
	assert_sg_ok(ctx, sg_tiles_write(ctx, map, a, &to, &s1));
	to.threads = 4;
	assert_sg_ok(ctx, sg_tiles_write(ctx, map, b, &to, &s4));
	assert_int_equal(s1.written, s4.written);
	assert_int_equal(s1.bytes, s4.bytes);
	assert_int_equal(s4.threads, 4);
	assert_int_equal(sqlite3_open_v2(a, &d1, SQLITE_OPEN_READONLY, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_open_v2(b, &d4, SQLITE_OPEN_READONLY, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(d1, list_sql, -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_step(st);
	{
		char *one = strdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_stmt *st4;

		sqlite3_finalize(st);
		assert_int_equal(sqlite3_prepare_v2(d4, list_sql, -1, &st4,
						    NULL),
				 SQLITE_OK);
		sqlite3_step(st4);
		assert_string_equal(one, sqlite3_column_text(st4, 0));
		sqlite3_finalize(st4);
		free(one);
	}
	sqlite3_close(d1);
	sqlite3_close(d4);
	/* Retina tiles. */
	sg_test_path(a, sizeof(a), "retina");
	to.scale = 2;
	to.minzoom = to.maxzoom = 16;
	to.viewer = false;
	assert_sg_ok(ctx, sg_tiles_write(ctx, map, a, &to, &s1));
	locate(106.505, 10.9045, 16, 512, &tx, &ty, &px, &py);
	snprintf(file, sizeof(file), "%s/16/%u/%u.png", a, tx, ty);
	assert_int_equal(decode_file(file, &im), 0);
	assert_int_equal(im.w, 512);
	assert_int_equal(im.h, 512);
	assert_int_equal(im.px[4 * (py * 512 + px) + 2], 0xb2);
	assert_int_equal(im.px[4 * (py * 512 + px) + 3], 255);
	free(im.px);
	sg_map_free(map);
}

/* Cancel at the first report after some tiles: mid-run, or at the
 * latest at the last report (done == total), which is never skipped. */
static int cancel_after(const sg_progress *p, void *payload)
{
	int *calls = payload;

	++*calls;
	return p->done > 0;
}

/* A cancelled run leaves the old output as it was, and no temporary
 * files; without --force an existing output is refused. */
static void test_tiles__atomic_and_cancel(void **state)
{
	sg_ctx_options co = SG_CTX_OPTIONS_INIT;
	sg_tiles_options to = SG_TILES_OPTIONS_INIT;
	sg_tiles_summary sum;
	sg_ctx *c2 = NULL;
	sg_map *map;
	sg_map_layer_options lo = SG_MAP_LAYER_OPTIONS_INIT;
	char mbt[256], dir[256], path[512];
	struct stat before, after;
	int calls = 0;
	DIR *d;
	struct dirent *e;

	(void)state;
	map = catchment_map(NULL);
	sg_test_path(mbt, sizeof(mbt), "atomic.mbtiles");
	sg_test_path(dir, sizeof(dir), "atomic");
	to.minzoom = 14;
	to.maxzoom = 15;
	to.viewer = false;
	assert_sg_ok(ctx, sg_tiles_write(ctx, map, mbt, &to, &sum));
	assert_sg_ok(ctx, sg_tiles_write(ctx, map, dir, &to, &sum));
	assert_sg_fails(ctx, sg_tiles_write(ctx, map, mbt, &to, &sum),
			SG_EEXISTS, "exists");
	assert_sg_fails(ctx, sg_tiles_write(ctx, map, dir, &to, &sum),
			SG_EEXISTS, "exists");
	sg_map_free(map);
	assert_int_equal(stat(mbt, &before), 0);
	/* A second context on the same store whose progress cancels. */
	co.progress = cancel_after;
	co.payload = &calls;
	assert_int_equal(sg_ctx_new(&c2, &co), SG_OK);
	sg_test_path(path, sizeof(path), "tiles.sqlite");
	assert_sg_ok(c2, sg_store_open(c2, path));
	assert_sg_ok(c2, sg_map_new(c2, NULL, &map));
	lo.kind = SG_MAP_CATCHMENTS;
	assert_sg_ok(c2, sg_map_add_layer(c2, map, &lo));
	to.overwrite = true;
	to.minzoom = 10;
	to.maxzoom = 17;
	assert_sg_fails(c2, sg_tiles_write(c2, map, mbt, &to, &sum),
			SG_ECANCELLED, "cancelled");
	calls = 0;
	assert_sg_fails(c2, sg_tiles_write(c2, map, dir, &to, &sum),
			SG_ECANCELLED, "cancelled");
	assert_int_equal(stat(mbt, &after), 0);
	assert_int_equal(before.st_size, after.st_size);
	assert_true(before.st_mtime == after.st_mtime);
	/* The old directory is intact: its z14 is still there, no z17. */
	snprintf(path, sizeof(path), "%s/14", dir);
	assert_int_equal(access(path, F_OK), 0);
	snprintf(path, sizeof(path), "%s/17", dir);
	assert_int_equal(access(path, F_OK), -1);
	d = opendir(sg_test_tmpdir());
	while ((e = readdir(d)))
		if (strstr(e->d_name, ".tmp-"))
			fail_msg("temporary %s left behind", e->d_name);
	closedir(d);
	sg_map_free(map);
	sg_ctx_free(c2);
}

/* A static map of any box at any size; units by a roll-up indicator and
 * unserved areas on top. */
static void test_tiles__static_map(void **state)
{
	sg_map_layer_options lo = SG_MAP_LAYER_OPTIONS_INIT;
	sg_map_view v = SG_MAP_VIEW_INIT;
	sg_map *map = NULL;
	void *png = NULL;
	size_t len = 0;
	image im;
	char path[256], *legend;

	(void)state;
	assert_sg_ok(ctx, sg_map_new(ctx, NULL, &map));
	lo.kind = SG_MAP_UNITS;
	lo.by = "students";
	assert_sg_ok(ctx, sg_map_add_layer(ctx, map, &lo));
	lo.kind = SG_MAP_UNSERVED;
	lo.by = NULL;
	assert_sg_ok(ctx, sg_map_add_layer(ctx, map, &lo));
	assert_int_equal(sg_map_layer_count(map), 2);
	assert_int_equal(sg_map_feature_count(map, 0), 3);
	assert_true(sg_map_feature_count(map, 1) >= 1);
	v.width = 640;
	v.height = 200;
	v.background = "#ffffff";
	assert_sg_ok(ctx, sg_map_render_png_mem(ctx, map, &v, &png, &len));
	assert_int_equal(decode(png, len, &im), 0);
	assert_int_equal(im.w, 640);
	assert_int_equal(im.h, 200);
	for (size_t i = 0; i < 640 * 200; i++)
		assert_int_equal(im.px[4 * i + 3], 255); /* background */
	free(im.px);
	sg_free(png);
	/* A box around ward A only, to a file. */
	v.bbox[0] = 106.499;
	v.bbox[1] = 10.899;
	v.bbox[2] = 106.511;
	v.bbox[3] = 10.910;
	v.background = NULL;
	sg_test_path(path, sizeof(path), "a.png");
	assert_sg_ok(ctx, sg_map_render_png(ctx, map, &v, path, false));
	assert_int_equal(decode_file(path, &im), 0);
	free(im.px);
	assert_sg_fails(ctx, sg_map_render_png(ctx, map, &v, path, false),
			SG_EEXISTS, "exists");
	v.width = 0;
	assert_sg_fails(ctx, sg_map_render_png(ctx, map, &v, path, true),
			SG_EINVALID, "size");
	/* The legend says what was drawn. */
	assert_sg_ok(ctx, sg_map_legend(map, &legend));
	assert_non_null(strstr(legend, "\"layer\": \"units\""));
	assert_non_null(strstr(legend, "\"indicator\": \"students\""));
	assert_non_null(strstr(legend, "\"layer\": \"unserved\""));
	assert_non_null(strstr(legend, "\"type\": \"single\""));
	sg_free(legend);
	sg_map_free(map);
	/* Unknown indicators list the choices. */
	assert_sg_ok(ctx, sg_map_new(ctx, NULL, &map));
	lo.kind = SG_MAP_CATCHMENTS;
	lo.by = "nonsense";
	assert_sg_fails(ctx, sg_map_add_layer(ctx, map, &lo), SG_EINVALID,
			"utilization");
	lo.kind = SG_MAP_UNITS;
	assert_sg_fails(ctx, sg_map_add_layer(ctx, map, &lo), SG_EINVALID,
			"compliant_pct");
	/* Catchments by compliance: categories. */
	lo.kind = SG_MAP_CATCHMENTS;
	lo.by = "compliance";
	lo.method = "voronoi";
	assert_sg_ok(ctx, sg_map_add_layer(ctx, map, &lo));
	assert_sg_ok(ctx, sg_map_legend(map, &legend));
	assert_non_null(strstr(legend, "\"type\": \"categories\""));
	sg_free(legend);
	sg_map_free(map);
}

/* The viewer: page, Leaflet, legend and school popups' GeoJSON. */
static void test_tiles__viewer_files(void **state)
{
	sg_tiles_options to = SG_TILES_OPTIONS_INIT;
	sg_tiles_summary sum;
	sg_map *map = catchment_map(NULL);
	char dir[256], file[512], *text;
	size_t len;

	(void)state;
	sg_test_path(dir, sizeof(dir), "viewer");
	to.minzoom = 13;
	to.maxzoom = 14;
	to.tile_url = "https://maps.example.vn/{z}/{x}/{y}.png";
	assert_sg_ok(ctx, sg_tiles_write(ctx, map, dir, &to, &sum));
	snprintf(file, sizeof(file), "%s/leaflet/leaflet.js", dir);
	assert_int_equal(access(file, F_OK), 0);
	snprintf(file, sizeof(file), "%s/viewer.html", dir);
	text = slurp(file, &len);
	assert_non_null(text);
	text[len] = '\0';
	assert_non_null(strstr(text, "leaflet/leaflet.js"));
	assert_null(strstr(text, "http://"));
	assert_null(strstr(text, "https://"));
	assert_non_null(strstr(text, "\"index\": {\"13\": {"));
	free(text);
	snprintf(file, sizeof(file), "%s/schools.geojson", dir);
	text = slurp(file, &len);
	assert_non_null(text);
	text[len] = '\0';
	assert_non_null(strstr(text, "\"code\": \"P1\""));
	assert_non_null(strstr(text, "\"students\": 150"));
	assert_non_null(strstr(text, "\"ratio\": 15"));
	assert_non_null(strstr(text, "\"compliance\": \"yes\""));
	/* P2: 40 students, 1 computer: not compliant; the name escaped. */
	assert_non_null(strstr(text, "<Hai> & \\\"Ba\\\" \\u003c/script>"));
	assert_non_null(strstr(text, "\"compliance\": \"no\""));
	free(text);
	snprintf(file, sizeof(file), "%s/tilejson.json", dir);
	text = slurp(file, &len);
	text[len] = '\0';
	assert_non_null(strstr(text, "https://maps.example.vn/{z}/{x}/{y}"));
	free(text);
	/* Leaflet missing: a clear error, no output. */
	sg_test_path(dir, sizeof(dir), "viewer2");
	to.leaflet_dir = "/nonexistent/leaflet";
	assert_sg_fails(ctx, sg_tiles_write(ctx, map, dir, &to, &sum),
			SG_ENOTFOUND, "libjs-leaflet");
	assert_int_equal(access(dir, F_OK), -1);
	sg_map_free(map);
}

/*---- PNG encoding -------------------------------------------------------*/

/* <= 256 colours: an exact palette; more: exact RGBA, or a palette that
 * keeps the frequent colours exact and approximates the rare ones. */
static void test_tiles__png_palettes(void **state)
{
	const unsigned w = 256, h = 256;
	uint8_t *px = malloc(w * h * 4);
	sg_png_enc *enc = sg_png__new();
	const void *png;
	size_t len;
	int kind, maxerr = 0;
	char msg[128];
	image im;

	(void)state;
	assert_non_null(enc);
	/* Two flat colours, a transparent band, and a band of 256 x 4
	 * blends between them (1024 distinct colours). */
	for (unsigned y = 0; y < h; y++)
		for (unsigned x = 0; x < w; x++) {
			uint8_t *p = px + 4 * (y * w + x);

			if (y < 100) {
				p[0] = 33, p[1] = 102, p[2] = 172, p[3] = 191;
			} else if (y < 200) {
				p[0] = 240, p[1] = 240, p[2] = 240, p[3] = 255;
			} else if (y < 240) {
				p[0] = p[1] = p[2] = p[3] = 0;
			} else {
				unsigned t = x + 256 * (y % 4);

				p[0] = (uint8_t)(33 + (240 - 33) * t / 1023);
				p[1] = (uint8_t)(102 + (240 - 102) * t / 1023);
				p[2] = (uint8_t)(172 + (240 - 172) * t / 1023);
				p[3] = (uint8_t)(191 + 64 * t / 1023);
			}
		}
	/* Exact RGBA when asked. */
	assert_int_equal(sg_png__encode(enc, px, w, h, 0, &png, &len, &kind,
					msg, sizeof(msg)),
			 0);
	assert_int_equal(kind, SG_PNG_RGBA);
	assert_int_equal(decode(png, len, &im), 0);
	assert_memory_equal(im.px, px, w * h * 4);
	free(im.px);
	/* Quantized: the flat colours and the transparent band exact,
	 * the blends within a few levels. */
	assert_int_equal(sg_png__encode(enc, px, w, h, 1, &png, &len, &kind,
					msg, sizeof(msg)),
			 0);
	assert_int_equal(kind, SG_PNG_QUANTIZED);
	assert_int_equal(decode(png, len, &im), 0);
	assert_memory_equal(im.px, px, 240 * w * 4);
	for (size_t i = 240 * w * 4; i < (size_t)w * h * 4; i++) {
		int e = abs((int)im.px[i] - (int)px[i]);

		maxerr = e > maxerr ? e : maxerr;
	}
	if (maxerr > 6)
		fail_msg("quantized blends off by %d levels", maxerr);
	free(im.px);
	/* Without the blends: an exact palette. */
	memset(px + 240 * w * 4, 0, 16 * w * 4);
	assert_int_equal(sg_png__encode(enc, px, w, h, 1, &png, &len, &kind,
					msg, sizeof(msg)),
			 0);
	assert_int_equal(kind, SG_PNG_PALETTE);
	assert_int_equal(decode(png, len, &im), 0);
	assert_memory_equal(im.px, px, w * h * 4);
	free(im.px);
	sg_png__free(enc);
	free(px);
}

/* The PNG's chunks, read from its bytes: their types in order (4
 * characters each, at most 15 chunks), IHDR's bit depth and colour type,
 * and the lengths of PLTE and tRNS. */
typedef struct {
	char types[64];
	int depth, ctype;
	size_t plte, trns;
	int trns_last; /* tRNS's last byte */
} chunks;

static void read_chunks(const uint8_t *png, size_t len, chunks *c)
{
	size_t i = 8;

	memset(c, 0, sizeof(*c));
	assert_true(len > 8 && !memcmp(png, "\x89PNG\r\n\x1a\n", 8));
	while (i + 12 <= len) {
		size_t n = (size_t)png[i] << 24 | (size_t)png[i + 1] << 16 |
			   (size_t)png[i + 2] << 8 | png[i + 3];

		/* consecutive IDATs (libpng writes one per 64 kB of
		 * compressed data) count as one */
		assert_true(strlen(c->types) + 4 < sizeof(c->types));
		if (memcmp(png + i + 4, "IDAT", 4) || strlen(c->types) < 4 ||
		    strcmp(c->types + strlen(c->types) - 4, "IDAT"))
			strncat(c->types, (const char *)png + i + 4, 4);
		if (!memcmp(png + i + 4, "IHDR", 4)) {
			c->depth = png[i + 16];
			c->ctype = png[i + 17];
		} else if (!memcmp(png + i + 4, "PLTE", 4)) {
			c->plte = n;
		} else if (!memcmp(png + i + 4, "tRNS", 4)) {
			c->trns = n;
			c->trns_last = n ? png[i + 8 + n - 1] : -1;
		}
		i += 12 + n;
	}
	assert_int_equal(i, len);
}

/* The encoder writes what it was given, bit for bit: images of 1, 2,
 * 3-4, 5-16, 17-256 and over 256 colours (quantized, and RGBA), of odd
 * widths (partial bytes at the end of packed rows), decoded by libpng
 * (which checks every CRC and the zlib stream) to the pixels encoded
 * (in a palette every transparent pixel is (0, 0, 0, 0)); a quantized image decodes to
 * the quantizer's own palette and indexes, computed here apart; the
 * palettes take the fewest bits a pixel, tRNS stops at the last
 * translucent entry, and no other chunk is written. */
static void test_tiles__png_lossless(void **state)
{
	static const struct {
		unsigned w, h, ncolors;
		int depth;
	} cases[] = { { 37, 5, 1, 1 },	  { 37, 5, 2, 1 },
		      { 13, 7, 3, 2 },	  { 13, 7, 4, 2 },
		      { 9, 9, 5, 4 },	  { 250, 3, 16, 4 },
		      { 61, 11, 17, 8 },  { 256, 256, 256, 8 },
		      { 64, 64, 1000, 8 } };
	sg_png_enc *enc = sg_png__new();
	sg_quant *q = sg_quant__new();
	uint32_t seed = 12345;

	(void)state;
	assert_non_null(enc);
	assert_non_null(q);
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		unsigned w = cases[k].w, h = cases[k].h, n = cases[k].ncolors;
		size_t npix = (size_t)w * h;
		uint8_t *px = malloc(npix * 4), *want = malloc(npix * 4);
		uint8_t *idx = malloc(npix), cmap[256 * 4];
		uint8_t colors[1000][4];
		const void *png;
		size_t len;
		int kind;
		char msg[128];
		chunks c;
		image im;

		assert_non_null(px);
		assert_non_null(want);
		assert_non_null(idx);
		/* n distinct colours: colour 0 transparent (its RGB not
		 * zero: every transparent pixel is one colour), colour 1
		 * opaque, the others translucent. */
		for (unsigned i = 0; i < n; i++) {
			colors[i][0] = (uint8_t)(i * 7 + 1);
			colors[i][1] = (uint8_t)(i / 3);
			colors[i][2] = (uint8_t)(200 - i % 200);
			colors[i][3] = i == 0 ? 0 : i == 1 ? 255 : 191;
		}
		for (size_t i = 0; i < npix; i++) {
			/* every colour at least once, then at random */
			unsigned ci = i < n ? (unsigned)i : (seed >> 16) % n;

			seed = seed * 1103515245u + 12345u;
			memcpy(px + 4 * i, colors[ci], 4);
			memcpy(want + 4 * i, colors[ci], 4);
			if (!colors[ci][3])
				memset(want + 4 * i, 0, 4);
		}
		for (int quantize = 0; quantize <= (n > 256); quantize++) {
			if (sg_png__encode(enc, px, w, h, quantize, &png, &len,
					   &kind, msg, sizeof(msg)))
				fail_msg("%u x %u, %u colours: %s", w, h, n,
					 msg);
			read_chunks(png, len, &c);
			assert_int_equal(decode(png, len, &im), 0);
			assert_int_equal(im.w, w);
			assert_int_equal(im.h, h);
			if (n <= 256) {
				assert_int_equal(kind, SG_PNG_PALETTE);
				assert_int_equal(c.ctype, 3);
				assert_int_equal(c.depth, cases[k].depth);
				assert_int_equal(c.plte, 3 * n);
				assert_string_equal(c.types,
						    "IHDRPLTEtRNSIDATIEND");
				assert_memory_equal(im.px, want, npix * 4);
			} else if (!quantize) {
				assert_int_equal(kind, SG_PNG_RGBA);
				assert_int_equal(c.ctype, 6);
				assert_int_equal(c.depth, 8);
				assert_string_equal(c.types, "IHDRIDATIEND");
				/* RGBA as given, transparent colours too */
				assert_memory_equal(im.px, px, npix * 4);
			} else {
				size_t keep = npix / 4096 < 8 ? 8 : npix / 4096;
				int m = sg_quant__palette(q, px, npix, keep,
							  SG_PNG_QUANT_COLORS,
							  idx, cmap);

				assert_int_equal(kind, SG_PNG_QUANTIZED);
				assert_true(m > 16 && m <= SG_PNG_QUANT_COLORS);
				assert_int_equal(c.ctype, 3);
				assert_int_equal(c.depth, 8);
				assert_int_equal(c.plte, 3 * (size_t)m);
				for (size_t i = 0; i < npix; i++) {
					const uint8_t *e = cmap + 4 * idx[i];

					if (memcmp(im.px + 4 * i, e, 4))
						fail_msg("quantized pixel %zu "
							 "differs",
							 i);
				}
			}
			/* no opaque entry after the last translucent
			 * one (n > 1: colour 1 is opaque) */
			if (c.trns)
				assert_true(c.trns_last != 255);
			free(im.px);
		}
		free(px);
		free(want);
		free(idx);
	}
	sg_quant__free(q);
	sg_png__free(enc);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* Distinct colours of npix RGBA pixels, every transparent pixel one
 * colour: sorted and counted. */
static size_t ncolors(const uint8_t *px, size_t npix)
{
	uint32_t *c = malloc(npix * sizeof(*c));
	size_t n = 0;

	assert_non_null(c);
	for (size_t i = 0; i < npix; i++) {
		memcpy(&c[i], px + 4 * i, 4);
		if (!px[4 * i + 3])
			c[i] = 0;
	}
	qsort(c, npix, sizeof(*c), cmp_u32);
	for (size_t i = 0; i < npix; i++)
		n += i == 0 || c[i] != c[i - 1];
	free(c);
	return n;
}

/* Every tile of the sample's pyramid (zoom 12-16), as written to the
 * XYZ directory and decoded by libpng, holds the rasterizer's pixels:
 * each tile drawn again here (sg_map__draw, sg_raster__to_rgba8) and
 * compared pixel for pixel.  With --exact-colors every tile is the
 * buffer exactly (a palette stores fully transparent pixels as
 * (0, 0, 0, 0)); by default tiles of more than 256 colours are the
 * quantizer's palette and indexes, computed here apart, and the others
 * the buffer exactly. */
static void test_tiles__png_pixels_are_the_raster(void **state)
{
	sg_map *map = catchment_map(NULL);
	sg_quant *q = sg_quant__new();
	uint8_t *px = malloc(256 * 256 * 4), *idx = malloc(256 * 256);
	uint8_t cmap[256 * 4];

	(void)state;
	assert_non_null(q);
	assert_non_null(px);
	assert_non_null(idx);
	for (int exact = 0; exact <= 1; exact++) {
		sg_tiles_options to = SG_TILES_OPTIONS_INIT;
		sg_tiles_summary sum;
		char dir[256];
		size_t checked = 0, quantized = 0;

		sg_test_path(dir, sizeof(dir), exact ? "px_exact" : "px_quant");
		to.minzoom = 12;
		to.maxzoom = 16;
		to.viewer = false;
		to.exact_colors = exact;
		assert_sg_ok(ctx, sg_tiles_write(ctx, map, dir, &to, &sum));
		for (int z = to.minzoom; z <= to.maxzoom; z++) {
			sg_map_prep prep;
			sg_map_worker w;
			char zd[300];
			DIR *d;
			struct dirent *e;

			assert_int_equal(
				sg_map__prepare(ctx, map,
						sg_tile__resolution(z, 256), 1,
						&prep),
				SG_OK);
			assert_int_equal(sg_map__worker_init(&w, map, &prep,
							     256, 256),
					 0);
			snprintf(zd, sizeof(zd), "%s/%d", dir, z);
			d = opendir(zd);
			assert_non_null(d);
			while ((e = readdir(d))) {
				char xd[600];
				DIR *d2;
				struct dirent *e2;

				if (e->d_name[0] == '.')
					continue;
				snprintf(xd, sizeof(xd), "%s/%s", zd,
					 e->d_name);
				d2 = opendir(xd);
				assert_non_null(d2);
				while ((e2 = readdir(d2))) {
					char file[900];
					uint32_t x = (uint32_t)atol(e->d_name);
					uint32_t y = (uint32_t)atol(e2->d_name);
					double b[4];
					image im;
					int m = -1;

					if (e2->d_name[0] == '.')
						continue;
					snprintf(file, sizeof(file), "%s/%s",
						 xd, e2->d_name);
					assert_int_equal(decode_file(file, &im),
							 0);
					assert_int_equal(im.w, 256);
					assert_int_equal(im.h, 256);
					sg_tile__bounds(z, x, y, b);
					assert_true(sg_map__draw(map, &prep, &w,
								 b) > 0);
					assert_true(
						sg_raster__to_rgba8(w.r, px,
								    256 * 4) >
						0);
					if (!exact &&
					    ncolors(px, 256 * 256) > 256)
						m = sg_quant__palette(
							q, px, 256 * 256, 16,
							SG_PNG_QUANT_COLORS,
							idx, cmap);
					for (size_t i = 0; i < 256 * 256; i++) {
						const uint8_t *g = im.px +
								   4 * i;
						const uint8_t *want = px +
								      4 * i;

						if (m > 0)
							want = cmap +
							       4 * idx[i];
						if (!want[3] ? g[3] != 0
							     : memcmp(g, want,
								      4))
							fail_msg("%s: pixel "
								 "%zu is "
								 "%d,%d,%d,%d,"
								 " drawn "
								 "%d,%d,%d,%d",
								 file, i, g[0],
								 g[1], g[2],
								 g[3], want[0],
								 want[1],
								 want[2],
								 want[3]);
					}
					quantized += m > 0;
					checked++;
					free(im.px);
				}
				closedir(d2);
			}
			closedir(d);
			sg_map__worker_free(&w);
			sg_map__prep_free(&prep);
		}
		assert_int_equal(checked, sum.written);
		assert_true(checked > 20);
		if (!exact)
			assert_int_equal(quantized, sum.quantized);
	}
	sg_quant__free(q);
	free(px);
	free(idx);
	sg_map_free(map);
}

/*---- Styles -------------------------------------------------------------*/

static void test_tiles__style_file(void **state)
{
	sg_map_style *s = NULL, *s2 = NULL;
	char path[256], *text = NULL, *text2 = NULL;

	(void)state;
	sg_test_path(path, sizeof(path), "style.ini");
	sg_test_write(path, "; a style\n[catchments]\nby = demand_pct\n"
			    "breaks = 50, 100, 150   ; manual\nramp = puor\n"
			    "opacity = 0.5\n[schools]\nsize = 12\n"
			    "color.primary = #ff0000\nshape.primary = "
			    "diamond\nsize.primary = 14\n# comment\n");
	assert_sg_ok(ctx, sg_map_style_load(ctx, path, &s));
	assert_string_equal(s->layer[SG_MAP_CATCHMENTS].by, "demand_pct");
	assert_int_equal(s->layer[SG_MAP_CATCHMENTS].nbreaks, 3);
	assert_int_equal(s->layer[SG_MAP_CATCHMENTS].classify,
			 SG_CLASSIFY_MANUAL);
	assert_true(s->layer[SG_MAP_SCHOOLS].size == 12);
	{
		sg_color8 c;
		sg_shape sh;

		assert_true(sg_style__cat_color(&s->layer[SG_MAP_SCHOOLS],
						"primary", &c));
		assert_int_equal(c.r, 255);
		assert_true(sg_style__cat_shape(&s->layer[SG_MAP_SCHOOLS],
						"primary", &sh));
		assert_int_equal(sh, SG_SHAPE_DIAMOND);
		/* Sizes per level; the others take the layer's. */
		assert_true(sg_style__cat_size(&s->layer[SG_MAP_SCHOOLS],
					       "primary") == 14);
		assert_true(sg_style__cat_size(&s->layer[SG_MAP_SCHOOLS],
					       "upper_secondary") == 11);
		assert_true(sg_style__cat_size(&s->layer[SG_MAP_SCHOOLS],
					       "preschool") == 12);
	}
	/* The formatted style loads back to the same text. */
	assert_sg_ok(ctx, sg_map_style_set(ctx, s, "units.classify", "equal"));
	assert_sg_ok(ctx, sg_map_style_format(s, &text));
	sg_test_write(path, text);
	assert_sg_ok(ctx, sg_map_style_load(ctx, path, &s2));
	assert_sg_ok(ctx, sg_map_style_format(s2, &text2));
	/* Only the first line (the source) differs. */
	assert_string_equal(strchr(text, '\n'), strchr(text2, '\n'));
	sg_free(text);
	sg_free(text2);
	sg_map_style_free(s2);
	sg_map_style_free(s);
	/* Errors name the file and line. */
	sg_test_write(path, "[units]\nopacity = 0.5\nramp = rainbow\n");
	assert_sg_fails(ctx, sg_map_style_load(ctx, path, &s), SG_EINVALID,
			"style.ini:3");
	sg_test_write(path, "[roads]\n");
	assert_sg_fails(ctx, sg_map_style_load(ctx, path, &s), SG_EINVALID,
			"unknown section");
	sg_test_write(path, "[units]\nwidth = 3\n");
	assert_sg_fails(ctx, sg_map_style_load(ctx, path, &s), SG_EINVALID,
			"unknown key");
	assert_sg_fails(ctx, sg_map_style_load(ctx, "/nonexistent.ini", &s),
			SG_ENOTFOUND, "nonexistent");
	assert_sg_ok(ctx, sg_map_style_new(&s));
	assert_sg_fails(ctx, sg_map_style_set(ctx, s, "units.breaks", "5, 3"),
			SG_EINVALID, "increasing");
	sg_map_style_free(s);
}

/* One text value of a query on an MBTiles file (strdup'ed). */
static char *query1(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char *v;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = strdup(sqlite3_column_text(st, 0)
			   ? (const char *)sqlite3_column_text(st, 0)
			   : "");
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static void test_tiles__shards_and_merge(void **state)
{
	static const char list_sql[] =
		"SELECT group_concat(zoom_level || '/' || tile_column || '/' "
		"|| tile_row || '=' || hex(tile_data), ';') FROM (SELECT * "
		"FROM tiles ORDER BY 1, 2, 3)";
	sg_tiles_options to = SG_TILES_OPTIONS_INIT;
	sg_tiles_summary whole, part, merged;
	sg_map *map = catchment_map(NULL);
	char w[256], parts[4][256], m[256], *a, *b;
	const char *in[5];
	uint64_t tiles = 0, written = 0;

	(void)state;
	sg_test_path(w, sizeof(w), "whole.mbtiles");
	sg_test_path(m, sizeof(m), "merged.mbtiles");
	to.minzoom = 12;
	to.maxzoom = 16;
	to.threads = 2;
	assert_sg_ok(ctx, sg_tiles_write(ctx, map, w, &to, &whole));
	to.shard_count = 4;
	for (unsigned i = 0; i < 4; i++) {
		char name[32];

		snprintf(name, sizeof(name), "part%u.mbtiles", i);
		sg_test_path(parts[i], sizeof(parts[i]), name);
		to.shard_index = i;
		assert_sg_ok(ctx,
			     sg_tiles_write(ctx, map, parts[i], &to, &part));
		assert_true(part.written > 0);
		tiles += part.tiles;
		written += part.written;
		in[i] = parts[i];
	}
	assert_int_equal(tiles, whole.tiles);
	assert_int_equal(written, whole.written);
	in[4] = parts[0]; /* an identical duplicate merges */
	assert_sg_ok(ctx, sg_tiles_merge(ctx, m, in, 5, false, &merged));
	assert_int_equal(merged.written, whole.written);
	assert_int_equal(merged.unique, whole.unique);
	a = query1(w, list_sql);
	b = query1(m, list_sql);
	assert_string_equal(a, b);
	free(a);
	free(b);
	/* Bad shards; version 1 options (no shard fields) still work. */
	to.shard_index = 4;
	assert_int_equal(sg_tiles_write(ctx, map, w, &to, NULL), SG_EINVALID);
	to.version = 1;
	to.overwrite = true;
	assert_sg_ok(ctx, sg_tiles_write(ctx, map, w, &to, &part));
	assert_int_equal(part.tiles, whole.tiles);
	assert_int_equal(sg_tiles_merge(ctx, m, in, 0, true, NULL),
			 SG_EINVALID);
	sg_map_free(map);
}

static void test_tiles__classification(void **state)
{
	sg_map_style *s;
	sg_layer_style ls;
	double v[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, NAN }, br[16];
	int cls[11], nb;
	sg_color8 col[17];

	(void)state;
	assert_sg_ok(ctx, sg_map_style_new(&s));
	ls = s->layer[SG_MAP_UNITS];
	ls.classes = 5;
	ls.classify = SG_CLASSIFY_QUANTILE;
	assert_sg_ok(ctx,
		     sg_style__classify(ctx, &ls, v, 11, cls, br, &nb, col));
	assert_int_equal(nb, 4);
	assert_true(br[0] == 3 && br[1] == 5 && br[2] == 7 && br[3] == 9);
	assert_int_equal(cls[0], 0);
	assert_int_equal(cls[2], 1);
	assert_int_equal(cls[9], 4);
	assert_int_equal(cls[10], -1);
	/* Sequential: lighter to darker (YlGnBu). */
	assert_true(col[0].r + col[0].g + col[0].b >
		    col[4].r + col[4].g + col[4].b);
	ls.classify = SG_CLASSIFY_EQUAL;
	ls.classes = 3;
	assert_sg_ok(ctx,
		     sg_style__classify(ctx, &ls, v, 11, cls, br, &nb, col));
	assert_int_equal(nb, 2);
	assert_true(fabs(br[0] - 4) < 1e-12 && fabs(br[1] - 7) < 1e-12);
	/* Diverging around a midpoint: the class holding it is the neutral
	 * centre of the ramp, the ends are its ends. */
	ls = s->layer[SG_MAP_CATCHMENTS];
	assert_sg_ok(ctx,
		     sg_style__classify(ctx, &ls, v, 11, cls, br, &nb, col));
	assert_int_equal(nb, 4);
	{
		sg_color8 mid, lo, hi;

		sg_style__ramp("rdbu", 0.5, &mid);
		sg_style__ramp("rdbu", 1, &lo); /* reversed: low = blue */
		sg_style__ramp("rdbu", 0, &hi);
		assert_memory_equal(&col[2], &mid, sizeof(mid));
		assert_memory_equal(&col[0], &lo, sizeof(lo));
		assert_memory_equal(&col[4], &hi, sizeof(hi));
	}
	/* Published anchors: viridis starts at #440154, ends at #fde725. */
	{
		sg_color8 c;

		assert_true(sg_style__ramp("viridis", 0, &c));
		assert_true(c.r == 0x44 && c.g == 0x01 && c.b == 0x54);
		assert_true(sg_style__ramp("viridis", 1, &c));
		assert_true(c.r == 0xfd && c.g == 0xe7 && c.b == 0x25);
		assert_false(sg_style__ramp("jet", 0.5, &c));
	}
	sg_map_style_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tiles__pixels_xyz_mbtiles_gdal),
		cmocka_unit_test(test_tiles__threads_and_scale),
		cmocka_unit_test(test_tiles__atomic_and_cancel),
		cmocka_unit_test(test_tiles__static_map),
		cmocka_unit_test(test_tiles__viewer_files),
		cmocka_unit_test(test_tiles__png_palettes),
		cmocka_unit_test(test_tiles__png_lossless),
		cmocka_unit_test(test_tiles__png_pixels_are_the_raster),
		cmocka_unit_test(test_tiles__style_file),
		cmocka_unit_test(test_tiles__classification),
		cmocka_unit_test(test_tiles__shards_and_merge),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
