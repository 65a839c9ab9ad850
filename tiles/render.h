/*
 * tiles/render.h - the rasterizer: exact-area anti-aliased polygon
 * filling on a premultiplied RGBA canvas.
 *
 * A path is a set of closed rings added one edge at a time; filling it
 * computes, for every pixel, the signed area of the path inside the
 * pixel (the winding-weighted area, accumulated along each row: the
 * method of font rasterizers such as libart, FreeType's "gray" raster
 * and font-rs / stb_truetype 2), turns it into a coverage with the
 * non-zero or even-odd rule, and composites colour x coverage.
 *
 * Coverage is exact for any pixel crossed by edges of one side of the
 * path only; where edges of the same path overlap inside one pixel the
 * non-zero rule clamps |area| to 1 (as FreeType does).  Two polygons
 * sharing an edge get coverages that sum to 1 along it, because the
 * shared edge contributes the same area with opposite signs.
 *
 * Compositing: "over" on the canvas, or, between sg_raster__layer_begin
 * and _end, "add" into a layer buffer that is then composited over the
 * canvas with the layer's opacity.  Polygons that tile an area (wards,
 * catchments) drawn in one layer therefore leave no seam: along a shared
 * edge c and 1 - c of two colours add up to a full pixel, which "over"
 * (c + (1 - c) x c < 1) would not.
 *
 * Colours are premultiplied floats in [0, 1].  Everything here is plain
 * arithmetic on the raster's own buffers: one raster per thread, no
 * locks, no GEOS.
 */
#ifndef SG_TILES_RENDER_H
#define SG_TILES_RENDER_H

#include <stddef.h>
#include <stdint.h>

/* A premultiplied colour: r, g, b <= a. */
typedef struct {
	float r, g, b, a;
} sg_rgba;

/* Colour from 8-bit sRGB values (straight alpha), premultiplied. */
sg_rgba sg_rgba__from8(uint8_t r, uint8_t g, uint8_t b, uint8_t a);

/* The colour with its alpha (and so its premultiplied channels) scaled. */
sg_rgba sg_rgba__scale(sg_rgba c, float k);

typedef enum { SG_FILL_NONZERO = 0, SG_FILL_EVENODD = 1 } sg_fill_rule;

/* Marker shapes; every shape of one size has the area of the circle of
 * that diameter, so categories differ by shape, not by visual weight. */
typedef enum {
	SG_SHAPE_CIRCLE = 0,
	SG_SHAPE_SQUARE = 1,
	SG_SHAPE_TRIANGLE = 2,
	SG_SHAPE_DIAMOND = 3
} sg_shape;

typedef struct sg_raster sg_raster;

/* A raster of w x h pixels (both 1..16384), transparent.  Returns 0, or
 * -1 when out of memory. */
int sg_raster__new(sg_raster **out, unsigned w, unsigned h);
void sg_raster__free(sg_raster *r);

unsigned sg_raster__width(const sg_raster *r);
unsigned sg_raster__height(const sg_raster *r);

/* Make the canvas transparent (only the rows drawn on are touched). */
void sg_raster__clear(sg_raster *r);

/*
 * The transform from world to pixel coordinates applied by
 * sg_raster__ring: px = (x - ox) * sx, py = (y - oy) * sy.  For a map
 * in EPSG:3857: ox = minx, oy = maxy, sx = width / (maxx - minx),
 * sy = -sx.  The default is the identity (coordinates in pixels, y
 * down).  Pixel (i, j) is the square [i, i+1) x [j, j+1).
 */
void sg_raster__transform(sg_raster *r, double ox, double oy, double sx,
			  double sy);

/* Add one edge, in pixel coordinates, to the path. */
void sg_raster__edge(sg_raster *r, double x0, double y0, double x1, double y1);

/* Add a closed ring of n points (x, y interleaved, world coordinates;
 * the closing edge is implied, a repeated first point is harmless). */
void sg_raster__ring(sg_raster *r, const double *xy, size_t n);

/* True when the path holds no edge touching the raster. */
int sg_raster__path_empty(const sg_raster *r);

/*
 * Composite colour x coverage of the path (over the canvas, or added
 * into the layer between layer_begin and layer_end) and clear the path.
 */
void sg_raster__fill(sg_raster *r, sg_rgba colour, sg_fill_rule rule);

/* The path's coverage per pixel, row-major (w x h floats, added to
 * out), and clear the path: for tests and hit checks. */
void sg_raster__coverage(sg_raster *r, sg_fill_rule rule, float *out);

/* Fills until layer_end go into a layer, added ("add" blend), that is
 * then composited over the canvas with `opacity`.  0, or -1 out of
 * memory. */
int sg_raster__layer_begin(sg_raster *r, float opacity);

/* Composite the layer over the canvas and clear it. */
void sg_raster__layer_end(sg_raster *r);

/*
 * A marker centred on (cx, cy) (pixel coordinates: a marker on the
 * centre of pixel (i, j) is at i + 0.5, j + 0.5): the shape with
 * diameter `size` filled with `fill`, on a ring `outline_width` wide in
 * `outline` (skipped when the width or colour alpha is 0).
 */
void sg_raster__marker(sg_raster *r, sg_shape shape, double cx, double cy,
		       double size, sg_rgba fill, sg_rgba outline,
		       double outline_width);

/* The canvas: w x h premultiplied RGBA floats, row-major, borrowed. */
const float *sg_raster__pixels(const sg_raster *r);

/*
 * The canvas as 8-bit RGBA with straight (not premultiplied) alpha, as
 * PNG stores it; rows of `stride` bytes.  Returns the number of pixels
 * that are not fully transparent.
 */
size_t sg_raster__to_rgba8(const sg_raster *r, uint8_t *out, size_t stride);

#endif /* SG_TILES_RENDER_H */
