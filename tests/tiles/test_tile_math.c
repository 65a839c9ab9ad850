/*
 * tests/tiles/test_tile_math.c - the web-mercator tile grid against
 * published values: mercantile's documented examples (Ireland, z10
 * 486/332 and the z9 tile of 20.6852, 40.1222), tiles of Ha Noi and Ho
 * Chi Minh City by the OSM wiki's formula, and the mercator formula
 * against PROJ's EPSG:3857.
 */
#include <math.h>

#include "engine/crs.h"
#include "sg_test.h"
#include "tiles/tile_math.h"

#define NEAR(a, b, tol)                                                        \
	do {                                                                   \
		double a_ = (a), b_ = (b);                                     \
		if (!(fabs(a_ - b_) <= (tol)))                                 \
			fail_msg("%s = %.10f, expected %.10f", #a, a_, b_);    \
	} while (0)

/* mercantile README: ul(486, 332, 10) = (-9.140625, 53.33087298301705),
 * bounds = (-9.140625, 53.12040528310657, -8.7890625, 53.33087298301705),
 * xy(ul) = (-1017529.7205322663, 7044436.526761846). */
static void test_tile_math__mercantile_bounds(void **state)
{
	double b[4], lon, lat;

	(void)state;
	sg_tile__bounds(10, 486, 332, b);
	NEAR(b[0], -1017529.7205322663, 1e-6);
	NEAR(b[3], 7044436.526761846, 1e-6);
	sg_tile__merc_to_lonlat(b[0], b[3], &lon, &lat);
	NEAR(lon, -9.140625, 1e-9);
	NEAR(lat, 53.33087298301705, 1e-9);
	sg_tile__merc_to_lonlat(b[2], b[1], &lon, &lat);
	NEAR(lon, -8.7890625, 1e-9);
	NEAR(lat, 53.12040528310657, 1e-9);
}

/* mercantile tests: tile(20.6852, 40.1222, 9) = (285, 193); docs:
 * tile(-105.0, 40.0, 1) = (0, 0). */
static void test_tile_math__mercantile_tile(void **state)
{
	uint32_t x, y;

	(void)state;
	sg_tile__from_lonlat(20.6852, 40.1222, 9, &x, &y);
	assert_int_equal(x, 285);
	assert_int_equal(y, 193);
	sg_tile__from_lonlat(-105.0, 40.0, 1, &x, &y);
	assert_int_equal(x, 0);
	assert_int_equal(y, 0);
}

/* Hoan Kiem lake (Ha Noi) and Ben Thanh market (HCMC): tiles by the OSM
 * wiki formula x = floor((lon + 180) / 360 * 2^z), y = floor((1 -
 * asinh(tan(lat)) / pi) / 2 * 2^z). */
static void test_tile_math__vietnam_cities(void **state)
{
	static const struct {
		double lon, lat;
		int z;
		uint32_t x, y;
	} cases[] = {
		{ 105.8523, 21.0287, 5, 25, 14 },
		{ 105.8523, 21.0287, 10, 813, 450 },
		{ 105.8523, 21.0287, 12, 3252, 1803 },
		{ 105.8523, 21.0287, 16, 52037, 28850 },
		{ 105.8523, 21.0287, 18, 208151, 115403 },
		{ 106.6981, 10.7725, 10, 815, 481 },
		{ 106.6981, 10.7725, 16, 52191, 30795 },
		{ 106.6981, 10.7725, 18, 208767, 123181 },
		{ 106.52, 11.03, 12, 3259, 1921 },
		{ 106.52, 11.03, 16, 52159, 30747 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		uint32_t x, y;
		double b[4], mx, my;

		sg_tile__from_lonlat(cases[i].lon, cases[i].lat, cases[i].z, &x,
				     &y);
		if (x != cases[i].x || y != cases[i].y)
			fail_msg("case %zu: %u/%u, expected %u/%u", i, x, y,
				 cases[i].x, cases[i].y);
		/* ... and the point lies inside that tile's bounds. */
		sg_tile__bounds(cases[i].z, x, y, b);
		sg_tile__lonlat_to_merc(cases[i].lon, cases[i].lat, &mx, &my);
		assert_true(mx >= b[0] && mx < b[2]);
		assert_true(my > b[1] && my <= b[3]);
	}
}

/* The formula agrees with PROJ's EPSG:4326 -> EPSG:3857 (gdaltransform
 * gives 11783424.1352968, 2395301.08548674 for Hoan Kiem). */
static void test_tile_math__formula_matches_proj(void **state)
{
	sg_ctx *ctx = NULL;
	sg_crs_tx *tx = NULL;
	static const double pts[][2] = { { 105.8523, 21.0287 },
					 { 106.6981, 10.7725 },
					 { -9.140625, 53.33087298301705 },
					 { 179.9, -84.0 },
					 { 0, 0 } };

	(void)state;
	assert_int_equal(sg_ctx_new(&ctx, NULL), SG_OK);
	assert_sg_ok(ctx,
		     sg_crs__new(ctx, &tx, "EPSG:4326", "EPSG:3857", "test"));
	for (size_t i = 0; i < sizeof(pts) / sizeof(*pts); i++) {
		double x = pts[i][0], y = pts[i][1], mx, my;

		assert_int_equal(sg_crs__point(tx, &x, &y), 0);
		sg_tile__lonlat_to_merc(pts[i][0], pts[i][1], &mx, &my);
		NEAR(mx, x, 1e-6);
		NEAR(my, y, 1e-6);
	}
	{
		double x = 105.8523, y = 21.0287;

		sg_crs__point(tx, &x, &y);
		NEAR(x, 11783424.1352968, 1e-4);
		NEAR(y, 2395301.08548674, 1e-4);
	}
	sg_crs__free(tx);
	sg_ctx_free(ctx);
}

static void test_tile_math__tms_and_edges(void **state)
{
	double b[4], c[4];
	uint32_t x, y;

	(void)state;
	assert_int_equal(sg_tile__tms_row(0, 0), 0);
	assert_int_equal(sg_tile__tms_row(10, 450), 573);
	assert_int_equal(sg_tile__tms_row(10, sg_tile__tms_row(10, 450)), 450);
	assert_int_equal(sg_tile__tms_row(16, 0), 65535);
	/* z0 is the whole square. */
	sg_tile__bounds(0, 0, 0, b);
	NEAR(b[0], -SG_MERC_MAX, 1e-9);
	NEAR(b[1], -SG_MERC_MAX, 1e-9);
	NEAR(b[2], SG_MERC_MAX, 1e-9);
	NEAR(b[3], SG_MERC_MAX, 1e-9);
	/* Neighbours share edges exactly. */
	sg_tile__bounds(16, 52159, 30747, b);
	sg_tile__bounds(16, 52160, 30747, c);
	assert_true(b[2] == c[0]);
	sg_tile__bounds(16, 52159, 30748, c);
	assert_true(b[1] == c[3]);
	NEAR(b[2] - b[0], 2 * SG_MERC_MAX / 65536, 1e-9);
	NEAR(sg_tile__resolution(16, 256), 2.388657133911758, 1e-12);
	/* A point on a tile's west/north edge belongs to that tile. */
	sg_tile__from_merc(b[0], b[3], 16, &x, &y);
	assert_int_equal(x, 52159);
	assert_int_equal(y, 30747);
	/* Outside the world: clamped. */
	sg_tile__from_merc(-1e9, 1e9, 3, &x, &y);
	assert_int_equal(x, 0);
	assert_int_equal(y, 0);
	sg_tile__from_merc(1e9, -1e9, 3, &x, &y);
	assert_int_equal(x, 7);
	assert_int_equal(y, 7);
}

static void test_tile_math__ranges(void **state)
{
	double b[4], box[4];
	uint32_t x0, y0, x1, y1;

	(void)state;
	/* A tile's own bounds give exactly that tile. */
	sg_tile__bounds(12, 3259, 1921, b);
	sg_tile__range(b, 12, &x0, &y0, &x1, &y1);
	assert_int_equal(x0, 3259);
	assert_int_equal(x1, 3259);
	assert_int_equal(y0, 1921);
	assert_int_equal(y1, 1921);
	/* A box over the corner of four tiles. */
	box[0] = b[2] - 1;
	box[1] = b[1] - 1;
	box[2] = b[2] + 1;
	box[3] = b[1] + 1;
	sg_tile__range(box, 12, &x0, &y0, &x1, &y1);
	assert_int_equal(x0, 3259);
	assert_int_equal(x1, 3260);
	assert_int_equal(y0, 1921);
	assert_int_equal(y1, 1922);
	/* The sample district (about 106.36-106.68 E, 10.87-11.19 N). */
	sg_tile__lonlat_to_merc(106.36, 10.87, &box[0], &box[1]);
	sg_tile__lonlat_to_merc(106.68, 11.19, &box[2], &box[3]);
	sg_tile__range(box, 10, &x0, &y0, &x1, &y1);
	assert_int_equal(x0, 814);
	assert_int_equal(x1, 815);
	assert_int_equal(y0, 479);
	assert_int_equal(y1, 480);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tile_math__mercantile_bounds),
		cmocka_unit_test(test_tile_math__mercantile_tile),
		cmocka_unit_test(test_tile_math__vietnam_cities),
		cmocka_unit_test(test_tile_math__formula_matches_proj),
		cmocka_unit_test(test_tile_math__tms_and_edges),
		cmocka_unit_test(test_tile_math__ranges),
	};

	if (sg_global_init() != SG_OK)
		return 1;
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	sg_global_shutdown();
	return rc;
}
