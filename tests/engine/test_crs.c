/*
 * tests/engine/test_crs.c - the choice of the metric CRS by place
 * (engine/crs.c): the UTM zone of a longitude at and around the zone
 * edges that cross Viet Nam (102, 108 and 114 E), the EPSG codes north
 * and south of the equator, and, independently through PROJ, that the
 * zone chosen is the one whose projection distorts least at the place
 * (its point scale factor is the smallest of the zone and its two
 * neighbours).
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <proj.h>

#include "engine/crs.h"

static void zone_edges(void **state)
{
	(void)state;
	assert_int_equal(sg_crs__utm_zone(101.999), 47);
	assert_int_equal(sg_crs__utm_zone(102.0), 48);
	assert_int_equal(sg_crs__utm_zone(105.85), 48); /* Ha Noi */
	assert_int_equal(sg_crs__utm_zone(107.9999), 48);
	assert_int_equal(sg_crs__utm_zone(108.0), 49);
	assert_int_equal(sg_crs__utm_zone(108.22), 49); /* Da Nang */
	assert_int_equal(sg_crs__utm_zone(113.999), 49);
	assert_int_equal(sg_crs__utm_zone(114.0), 50);
	assert_int_equal(sg_crs__utm_zone(-180.0), 1);
	assert_int_equal(sg_crs__utm_zone(180.0), 60);
	assert_int_equal(sg_crs__utm_zone(-0.0001), 30);
	assert_int_equal(sg_crs__utm_zone(0.0), 31);
	assert_int_equal(sg_crs__utm_zone(NAN), 0);
	assert_int_equal(sg_crs__utm_zone(INFINITY), 0);
}

static void epsg_codes(void **state)
{
	char buf[32];

	(void)state;
	assert_int_equal(sg_crs__utm_epsg(106.7, 10.8), 32648); /* HCMC */
	assert_int_equal(sg_crs__utm_epsg(109.2, 12.2), 32649); /* Nha Trang */
	assert_int_equal(sg_crs__utm_epsg(106.0, 0.0), 32648);
	assert_int_equal(sg_crs__utm_epsg(106.0, -0.5), 32748);
	assert_int_equal(sg_crs__utm_epsg(106.0, NAN), 0);
	sg_crs__utm_for(108.5, 15.0, buf, sizeof(buf));
	assert_string_equal(buf, "EPSG:32649");
	sg_crs__utm_for(104.0, 21.0, buf, sizeof(buf));
	assert_string_equal(buf, "EPSG:32648");
	sg_crs__utm_for(NAN, NAN, buf, sizeof(buf));
	assert_string_equal(buf, "EPSG:32648");
}

/* Point scale factor of UTM zone `zone` (north) at (lon, lat), by PROJ. */
static double scale_in_zone(PJ_CONTEXT *pc, int zone, double lon, double lat)
{
	char def[64];
	PJ *pj;
	PJ_FACTORS f;

	snprintf(def, sizeof(def), "+proj=utm +zone=%d +ellps=WGS84", zone);
	pj = proj_create(pc, def);
	assert_non_null(pj);
	f = proj_factors(pj,
			 proj_coord(proj_torad(lon), proj_torad(lat), 0, 0));
	proj_destroy(pj);
	return f.meridional_scale;
}

/* Across Viet Nam's longitudes (and a margin), the zone chosen has the
 * smallest scale factor: no other zone measures the place better. */
static void least_distortion(void **state)
{
	PJ_CONTEXT *pc = proj_context_create();
	int checked = 0;

	(void)state;
	assert_non_null(pc);
	for (double lon = 100.05; lon < 116; lon += 0.1)
		for (double lat = 8.5; lat < 23.5; lat += 3.5) {
			int z = sg_crs__utm_zone(lon);
			double k = scale_in_zone(pc, z, lon, lat);
			double kw = scale_in_zone(pc, z - 1, lon, lat);
			double ke = scale_in_zone(pc, z + 1, lon, lat);

			if (!(k < kw && k < ke))
				fail_msg("lon %.2f lat %.1f: zone %d scale "
					 "%.8f, zones %d/%d %.8f/%.8f",
					 lon, lat, z, k, z - 1, z + 1, kw, ke);
			/* Within 3 degrees of the central meridian. */
			assert_true(fabs(lon - (6.0 * z - 183.0)) <= 3.0);
			checked++;
		}
	assert_true(checked > 500);
	proj_context_destroy(pc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(zone_edges),
		cmocka_unit_test(epsg_codes),
		cmocka_unit_test(least_distortion),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
