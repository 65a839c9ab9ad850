/*
 * tiles/tile_math.h - z/x/y tiles of the web-mercator grid (EPSG:3857,
 * "WebMercatorQuad"): tile bounds, the tile holding a point, the tile
 * ranges covering a box, and the TMS row flip of MBTiles.
 *
 * XYZ (slippy map) numbering: at zoom z the world square
 * [-R*pi, R*pi]^2 (R = 6378137 m) is cut into 2^z x 2^z tiles; x grows
 * eastwards from the antimeridian, y grows southwards from the top.  TMS
 * (MBTiles) counts rows from the bottom: row = 2^z - 1 - y.
 */
#ifndef SG_TILES_TILE_MATH_H
#define SG_TILES_TILE_MATH_H

#include <stdint.h>

/* Half the side of the web-mercator square, metres (pi x 6378137). */
#define SG_MERC_MAX 20037508.342789244

/* Deepest zoom the tools accept (tile numbers fit 32 bits well past it). */
#define SG_TILE_MAX_ZOOM 24

/* Bounds of tile z/x/y in EPSG:3857 metres: out = {minx, miny, maxx,
 * maxy}. */
void sg_tile__bounds(int z, uint32_t x, uint32_t y, double out[4]);

/* Metres per pixel at zoom z for tiles of `size` pixels. */
double sg_tile__resolution(int z, unsigned size);

/* The tile holding EPSG:3857 point (mx, my) at zoom z; points on a tile
 * edge belong to the tile east / south of it; clamped to the grid. */
void sg_tile__from_merc(double mx, double my, int z, uint32_t *x, uint32_t *y);

/* Spherical mercator of a longitude/latitude (degrees), the formula
 * EPSG:3857 defines; latitudes are clamped to +-85.0511287798 degrees. */
void sg_tile__lonlat_to_merc(double lon, double lat, double *mx, double *my);

/* The inverse of sg_tile__lonlat_to_merc. */
void sg_tile__merc_to_lonlat(double mx, double my, double *lon, double *lat);

/* The tile holding a longitude/latitude at zoom z. */
void sg_tile__from_lonlat(double lon, double lat, int z, uint32_t *x,
			  uint32_t *y);

/* The TMS row of XYZ row y (and back: the flip is its own inverse). */
uint32_t sg_tile__tms_row(int z, uint32_t y);

/*
 * The tiles of zoom z that intersect the EPSG:3857 box b = {minx, miny,
 * maxx, maxy} (with positive area): columns x0..x1 and rows y0..y1,
 * inclusive.  A box edge lying exactly on a tile edge does not pull in
 * the tile beyond it.
 */
void sg_tile__range(const double b[4], int z, uint32_t *x0, uint32_t *y0,
		    uint32_t *x1, uint32_t *y1);

#endif /* SG_TILES_TILE_MATH_H */
