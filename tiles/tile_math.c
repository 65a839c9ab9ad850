/*
 * tiles/tile_math.c - the web-mercator tile grid.
 *
 * Tile edges are computed as -M + x * (2M / 2^z) from integers, never by
 * accumulating widths, so neighbouring tiles share their edge to the last
 * bit and the renderer's pixels line up across tiles.
 */
#include <math.h>

#include "tiles/tile_math.h"

#define EARTH_R 6378137.0
#define PI 3.14159265358979323846
#define MAX_LAT 85.0511287798066

static double tile_width(int z)
{
	return 2.0 * SG_MERC_MAX / ldexp(1.0, z);
}

void sg_tile__bounds(int z, uint32_t x, uint32_t y, double out[4])
{
	double w = tile_width(z);

	out[0] = -SG_MERC_MAX + (double)x * w;
	out[1] = SG_MERC_MAX - (double)(y + 1u) * w;
	out[2] = -SG_MERC_MAX + (double)(x + 1u) * w;
	out[3] = SG_MERC_MAX - (double)y * w;
}

double sg_tile__resolution(int z, unsigned size)
{
	return tile_width(z) / (double)size;
}

static uint32_t clamp_index(double f, int z)
{
	double n = ldexp(1.0, z);

	if (!(f >= 0))
		return 0;
	if (f >= n)
		return (uint32_t)(n - 1);
	return (uint32_t)f;
}

/* floor(v), where v within a few ulps of an integer counts as that
 * integer: a point computed as a tile's edge lands on the right tile. */
static double floor_snap(double v)
{
	double r = round(v);

	if (fabs(v - r) <= 1e-9 * fmax(1.0, fabs(r)))
		return r;
	return floor(v);
}

void sg_tile__from_merc(double mx, double my, int z, uint32_t *x, uint32_t *y)
{
	double w = tile_width(z);

	*x = clamp_index(floor_snap((mx + SG_MERC_MAX) / w), z);
	*y = clamp_index(floor_snap((SG_MERC_MAX - my) / w), z);
}

void sg_tile__lonlat_to_merc(double lon, double lat, double *mx, double *my)
{
	if (lat > MAX_LAT)
		lat = MAX_LAT;
	if (lat < -MAX_LAT)
		lat = -MAX_LAT;
	*mx = EARTH_R * lon * PI / 180.0;
	*my = EARTH_R * log(tan(PI / 4.0 + lat * PI / 360.0));
}

void sg_tile__merc_to_lonlat(double mx, double my, double *lon, double *lat)
{
	*lon = mx / EARTH_R * 180.0 / PI;
	*lat = (2.0 * atan(exp(my / EARTH_R)) - PI / 2.0) * 180.0 / PI;
}

void sg_tile__from_lonlat(double lon, double lat, int z, uint32_t *x,
			  uint32_t *y)
{
	double mx, my;

	sg_tile__lonlat_to_merc(lon, lat, &mx, &my);
	sg_tile__from_merc(mx, my, z, x, y);
}

uint32_t sg_tile__tms_row(int z, uint32_t y)
{
	return (uint32_t)((1ull << z) - 1u - y);
}

void sg_tile__range(const double b[4], int z, uint32_t *x0, uint32_t *y0,
		    uint32_t *x1, uint32_t *y1)
{
	double w = tile_width(z);

	*x0 = clamp_index(floor_snap((b[0] + SG_MERC_MAX) / w), z);
	*y0 = clamp_index(floor_snap((SG_MERC_MAX - b[3]) / w), z);
	*x1 = clamp_index(-floor_snap(-(b[2] + SG_MERC_MAX) / w) - 1, z);
	*y1 = clamp_index(-floor_snap(-(SG_MERC_MAX - b[1]) / w) - 1, z);
	if (*x1 < *x0)
		*x1 = *x0;
	if (*y1 < *y0)
		*y1 = *y0;
}
