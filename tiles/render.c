/*
 * tiles/render.c - exact-area coverage rasterizer and compositing.
 *
 * Each edge adds, to an accumulation row per pixel row, the signed area
 * it sweeps to its right inside each cell; a prefix sum along the row
 * then gives the signed (winding-weighted) area of the path in each
 * pixel.  The per-row update is the one of font-rs (Raph Levien, 2016),
 * itself a variant of libart's and FreeType's: a segment inside one
 * pixel row adds its trapezoid's area to the one or two cells it
 * touches, or, when it crosses several cells, a triangle, a run of equal
 * increments and a closing triangle.
 *
 * Edges are clipped to the raster before accumulation: above and below
 * are dropped, anything right of the raster only affects cells beyond
 * it and is dropped, and what is left of it becomes a vertical edge on
 * x = 0, which gives the same coverage to every visible pixel.  Clipping
 * works on the endpoints sorted by y, so an edge shared by two polygons
 * (drawn in opposite directions) is clipped identically for both and
 * their coverages stay complementary.
 *
 * Only the rows and columns an edge touched are swept and cleared; past
 * the last touched cell of a row the coverage is constant and is
 * written as a span.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tiles/render.h"

#define PI 3.14159265358979323846

struct sg_raster {
	unsigned w, h;
	size_t stride;	  /* cells per accumulation row: w + 2 */
	float *acc;	  /* h x stride signed areas */
	int *rmin, *rmax; /* touched cells per row; rmin > rmax: none */
	int ymin, ymax;	  /* touched rows of the path */
	float *canvas;	  /* w x h x 4, premultiplied */
	int cymin, cymax; /* rows of the canvas drawn on */
	float *layer;	  /* w x h x 4, or NULL until used */
	int *lmin, *lmax; /* touched pixels per layer row */
	int lymin, lymax;
	int in_layer;
	int direct;	       /* layer added straight into a clear canvas */
	float lopacity;	       /* the layer's opacity */
	double ox, oy, sx, sy; /* world to pixel */
};

sg_rgba sg_rgba__from8(uint8_t r, uint8_t g, uint8_t b, uint8_t a)
{
	float k = (float)a / 255.0f;
	sg_rgba c = { (float)r / 255.0f * k, (float)g / 255.0f * k,
		      (float)b / 255.0f * k, k };

	return c;
}

sg_rgba sg_rgba__scale(sg_rgba c, float k)
{
	c.r *= k;
	c.g *= k;
	c.b *= k;
	c.a *= k;
	return c;
}

int sg_raster__new(sg_raster **out, unsigned w, unsigned h)
{
	sg_raster *r;

	*out = NULL;
	if (w < 1 || h < 1 || w > 16384 || h > 16384)
		return -1;
	r = calloc(1, sizeof(*r));
	if (!r)
		return -1;
	r->w = w;
	r->h = h;
	r->stride = (size_t)w + 2;
	r->acc = calloc(r->stride * h, sizeof(float));
	r->rmin = malloc(h * sizeof(int));
	r->rmax = malloc(h * sizeof(int));
	r->canvas = calloc((size_t)w * h * 4, sizeof(float));
	if (!r->acc || !r->rmin || !r->rmax || !r->canvas) {
		sg_raster__free(r);
		return -1;
	}
	for (unsigned y = 0; y < h; y++) {
		r->rmin[y] = (int)w + 2;
		r->rmax[y] = -1;
	}
	r->ymin = (int)h;
	r->ymax = -1;
	r->cymin = (int)h;
	r->cymax = -1;
	r->lymin = (int)h;
	r->lymax = -1;
	r->sx = r->sy = 1;
	*out = r;
	return 0;
}

void sg_raster__free(sg_raster *r)
{
	if (!r)
		return;
	free(r->acc);
	free(r->rmin);
	free(r->rmax);
	free(r->canvas);
	free(r->layer);
	free(r->lmin);
	free(r->lmax);
	free(r);
}

unsigned sg_raster__width(const sg_raster *r)
{
	return r->w;
}

unsigned sg_raster__height(const sg_raster *r)
{
	return r->h;
}

void sg_raster__clear(sg_raster *r)
{
	if (r->cymax >= r->cymin)
		memset(r->canvas + (size_t)r->cymin * r->w * 4, 0,
		       (size_t)(r->cymax - r->cymin + 1) * r->w * 4 *
			       sizeof(float));
	r->cymin = (int)r->h;
	r->cymax = -1;
}

void sg_raster__transform(sg_raster *r, double ox, double oy, double sx,
			  double sy)
{
	r->ox = ox;
	r->oy = oy;
	r->sx = sx;
	r->sy = sy;
}

/*---- Accumulation -------------------------------------------------------*/

/* A segment with y0 < y1 inside [0, h] and x inside [0, w]; dir is +1
 * for an edge going down (in pixel space) and -1 going up. */
static void draw_line(sg_raster *r, double x0, double y0, double x1, double y1,
		      double dir)
{
	double dxdy = (x1 - x0) / (y1 - y0), x = x0, w = (double)r->w;
	int ys = (int)floor(y0), ye = (int)ceil(y1);

	if (ye > (int)r->h)
		ye = (int)r->h;
	if (ys < 0)
		ys = 0;
	if (ys < r->ymin)
		r->ymin = ys;
	if (ye - 1 > r->ymax)
		r->ymax = ye - 1;
	for (int y = ys; y < ye; y++) {
		float *row = r->acc + (size_t)y * r->stride;
		double dy = fmin((double)y + 1, y1) - fmax((double)y, y0);
		/* The last row ends exactly on x1; steps may round a hair
		 * outside [0, w]. */
		double xnext = (double)y + 1 >= y1 ? x1 : x + dxdy * dy;
		double d = dy * dir, xa, xb, xaf, xbc;
		int xai, xbi;

		xnext = xnext < 0 ? 0 : xnext > w ? w : xnext;
		xa = x < xnext ? x : xnext;
		xb = x < xnext ? xnext : x;
		xaf = floor(xa);
		xbc = ceil(xb);
		xai = (int)xaf;
		xbi = (int)xbc;
		if (xbi <= xai + 1) {
			double xmf = 0.5 * (x + xnext) - xaf;

			row[xai] += (float)(d - d * xmf);
			row[xai + 1] += (float)(d * xmf);
			if (xbi < xai + 1)
				xbi = xai + 1;
		} else {
			double s = 1.0 / (xb - xa), xa_f = xa - xaf;
			double a0 = 0.5 * s * (1 - xa_f) * (1 - xa_f);
			double xb_f = xb - xbc + 1;
			double am = 0.5 * s * xb_f * xb_f;

			row[xai] += (float)(d * a0);
			if (xbi == xai + 2) {
				row[xai + 1] += (float)(d * (1 - a0 - am));
			} else {
				double a1 = s * (1.5 - xa_f), a2;

				row[xai + 1] += (float)(d * (a1 - a0));
				for (int xi = xai + 2; xi < xbi - 1; xi++)
					row[xi] += (float)(d * s);
				a2 = a1 + (double)(xbi - xai - 3) * s;
				row[xbi - 1] += (float)(d * (1 - a2 - am));
			}
			row[xbi] += (float)(d * am);
		}
		if (xai < r->rmin[y])
			r->rmin[y] = xai;
		if (xbi > r->rmax[y])
			r->rmax[y] = xbi;
		x = xnext;
	}
}

/* Split a y-clipped segment (y0 < y1) at x = 0 and x = w: pieces left of
 * the raster become vertical on x = 0, pieces right of it are dropped. */
static void clip_x(sg_raster *r, double x0, double y0, double x1, double y1,
		   double dir)
{
	double w = (double)r->w, ys[4], t;
	int n = 0;

	if (x0 >= 0 && x0 <= w && x1 >= 0 && x1 <= w) {
		draw_line(r, x0, y0, x1, y1, dir);
		return;
	}
	if (x0 <= 0 && x1 <= 0) {
		draw_line(r, 0, y0, 0, y1, dir);
		return;
	}
	if (x0 >= w && x1 >= w)
		return;
	ys[n++] = y0;
	/* Crossings in increasing y (x0 to x1 is monotonic in y). */
	if ((x0 < 0) != (x1 < 0)) {
		t = (0 - x0) / (x1 - x0);
		ys[n++] = y0 + t * (y1 - y0);
	}
	if ((x0 > w) != (x1 > w)) {
		t = (w - x0) / (x1 - x0);
		ys[n++] = y0 + t * (y1 - y0);
	}
	if (n == 3 && ys[2] < ys[1]) {
		double s = ys[1];

		ys[1] = ys[2];
		ys[2] = s;
	}
	ys[n++] = y1;
	for (int i = 0; i + 1 < n; i++) {
		double ya = ys[i], yb = ys[i + 1], xm, xa, xb;

		if (!(yb > ya))
			continue;
		xm = x0 + (x1 - x0) * ((0.5 * (ya + yb) - y0) / (y1 - y0));
		if (xm >= w)
			continue;
		if (xm <= 0) {
			draw_line(r, 0, ya, 0, yb, dir);
			continue;
		}
		xa = x0 + (x1 - x0) * ((ya - y0) / (y1 - y0));
		xb = x0 + (x1 - x0) * ((yb - y0) / (y1 - y0));
		xa = xa < 0 ? 0 : xa > w ? w : xa;
		xb = xb < 0 ? 0 : xb > w ? w : xb;
		draw_line(r, xa, ya, xb, yb, dir);
	}
}

void sg_raster__edge(sg_raster *r, double x0, double y0, double x1, double y1)
{
	double dir = 1, h = (double)r->h, ya, yb, xa, xb, dxdy;

	if (!(y0 != y1) || !isfinite(x0 + y0 + x1 + y1))
		return;
	if (y0 > y1) {
		double t = x0;

		x0 = x1;
		x1 = t;
		t = y0;
		y0 = y1;
		y1 = t;
		dir = -1;
	}
	if (y1 <= 0 || y0 >= h)
		return;
	if (x0 >= (double)r->w && x1 >= (double)r->w)
		return;
	/* Clip in y from the sorted endpoints only. */
	dxdy = (x1 - x0) / (y1 - y0);
	ya = y0;
	xa = x0;
	yb = y1;
	xb = x1;
	if (y0 < 0) {
		ya = 0;
		xa = x0 + dxdy * (0 - y0);
	}
	if (y1 > h) {
		yb = h;
		xb = x0 + dxdy * (h - y0);
	}
	if (yb > ya)
		clip_x(r, xa, ya, xb, yb, dir);
}

void sg_raster__ring(sg_raster *r, const double *xy, size_t n)
{
	double px, py, qx, qy;

	if (n < 2)
		return;
	px = (xy[2 * (n - 1)] - r->ox) * r->sx;
	py = (xy[2 * (n - 1) + 1] - r->oy) * r->sy;
	for (size_t i = 0; i < n; i++) {
		qx = (xy[2 * i] - r->ox) * r->sx;
		qy = (xy[2 * i + 1] - r->oy) * r->sy;
		sg_raster__edge(r, px, py, qx, qy);
		px = qx;
		py = qy;
	}
}

int sg_raster__path_empty(const sg_raster *r)
{
	return r->ymax < r->ymin;
}

/*---- Sweep and composite ------------------------------------------------*/

static inline float coverage(float acc, sg_fill_rule rule)
{
	float c = fabsf(acc);

	if (rule == SG_FILL_EVENODD) {
		c = fmodf(c, 2.0f);
		if (c > 1.0f)
			c = 2.0f - c;
	} else if (c > 1.0f) {
		c = 1.0f;
	}
	/* Rounding leaves ~1e-7 where edges cancel: call that empty (and
	 * its complement full) so spans stay exact. */
	if (c < 1e-6f)
		return 0.0f;
	if (c > 1.0f - 1e-6f)
		return 1.0f;
	return c;
}

/* Where the sweep sends each covered pixel. */
typedef enum {
	TARGET_OVER, /* canvas, "over" */
	TARGET_ADD,  /* layer buffer, "add" */
	TARGET_COVER /* a float coverage array */
} target_kind;

typedef struct {
	target_kind kind;
	sg_rgba c;
	float *cov; /* TARGET_COVER */
} target;

static inline void put_span(sg_raster *r, const target *t, int y, int x0,
			    int x1, float cov)
{
	if (x1 <= x0 || cov <= 0)
		return;
	if (t->kind == TARGET_COVER) {
		float *o = t->cov + (size_t)y * r->w;

		for (int x = x0; x < x1; x++)
			o[x] += cov;
	} else if (t->kind == TARGET_ADD) {
		float *p = (r->direct ? r->canvas : r->layer) +
			   ((size_t)y * r->w + (size_t)x0) * 4;
		float cr = t->c.r * cov, cg = t->c.g * cov, cb = t->c.b * cov,
		      ca = t->c.a * cov;

		for (int x = x0; x < x1; x++, p += 4) {
			p[0] += cr;
			p[1] += cg;
			p[2] += cb;
			p[3] += ca;
		}
		if (r->direct)
			return;
		if (x0 < r->lmin[y])
			r->lmin[y] = x0;
		if (x1 - 1 > r->lmax[y])
			r->lmax[y] = x1 - 1;
	} else {
		float *p = r->canvas + ((size_t)y * r->w + (size_t)x0) * 4;
		float cr = t->c.r * cov, cg = t->c.g * cov, cb = t->c.b * cov,
		      ca = t->c.a * cov, k = 1.0f - ca;

		if (k <= 0) {
			for (int x = x0; x < x1; x++, p += 4) {
				p[0] = cr;
				p[1] = cg;
				p[2] = cb;
				p[3] = ca;
			}
		} else {
			for (int x = x0; x < x1; x++, p += 4) {
				p[0] = cr + p[0] * k;
				p[1] = cg + p[1] * k;
				p[2] = cb + p[2] * k;
				p[3] = ca + p[3] * k;
			}
		}
	}
}

static void sweep(sg_raster *r, const target *t, sg_fill_rule rule)
{
	int w = (int)r->w;

	if (t->kind == TARGET_ADD && !r->direct) {
		if (r->ymin < r->lymin)
			r->lymin = r->ymin;
		if (r->ymax > r->lymax)
			r->lymax = r->ymax;
	} else if (t->kind != TARGET_COVER) {
		if (r->ymin < r->cymin)
			r->cymin = r->ymin;
		if (r->ymax > r->cymax)
			r->cymax = r->ymax;
	}
	for (int y = r->ymin; y <= r->ymax; y++) {
		float *row = r->acc + (size_t)y * r->stride, acc = 0;
		int x0 = r->rmin[y], x1 = r->rmax[y], end, run = -1;
		float runc = 0;

		if (x1 < x0)
			continue;
		end = x1 + 1 < w ? x1 + 1 : w;
		/* Runs of equal coverage go out as spans. */
		for (int x = x0; x < end; x++) {
			float c;

			acc += row[x];
			c = coverage(acc, rule);
			if (run >= 0 && c == runc)
				continue;
			if (run >= 0)
				put_span(r, t, y, run, x, runc);
			run = x;
			runc = c;
		}
		if (run >= 0)
			put_span(r, t, y, run, end, runc);
		/* Past the last touched cell the coverage is constant. */
		if (end < w)
			put_span(r, t, y, end, w, coverage(acc, rule));
		memset(row + x0, 0, (size_t)(x1 - x0 + 1) * sizeof(float));
		r->rmin[y] = w + 2;
		r->rmax[y] = -1;
	}
	r->ymin = (int)r->h;
	r->ymax = -1;
}

void sg_raster__fill(sg_raster *r, sg_rgba colour, sg_fill_rule rule)
{
	target t = { r->in_layer ? TARGET_ADD : TARGET_OVER,
		     r->in_layer && r->direct
			     ? sg_rgba__scale(colour, r->lopacity)
			     : colour,
		     NULL };

	if (colour.a <= 0) {
		t.kind = TARGET_COVER; /* nothing to draw: just clear */
		t.cov = NULL;
		for (int y = r->ymin; y <= r->ymax; y++) {
			float *row = r->acc + (size_t)y * r->stride;

			if (r->rmax[y] >= r->rmin[y])
				memset(row + r->rmin[y], 0,
				       (size_t)(r->rmax[y] - r->rmin[y] + 1) *
					       sizeof(float));
			r->rmin[y] = (int)r->w + 2;
			r->rmax[y] = -1;
		}
		r->ymin = (int)r->h;
		r->ymax = -1;
		return;
	}
	sweep(r, &t, rule);
}

void sg_raster__coverage(sg_raster *r, sg_fill_rule rule, float *out)
{
	target t = { TARGET_COVER, { 0, 0, 0, 0 }, out };

	sweep(r, &t, rule);
}

int sg_raster__layer_begin(sg_raster *r, float opacity)
{
	r->lopacity = opacity;
	/* On a clear canvas, "add" then "over nothing" is just adding
	 * colour x opacity: skip the layer buffer. */
	if (r->cymax < r->cymin) {
		r->direct = 1;
		r->in_layer = 1;
		return 0;
	}
	r->direct = 0;
	if (!r->layer) {
		r->layer = calloc((size_t)r->w * r->h * 4, sizeof(float));
		r->lmin = malloc(r->h * sizeof(int));
		r->lmax = malloc(r->h * sizeof(int));
		if (!r->layer || !r->lmin || !r->lmax) {
			free(r->layer);
			free(r->lmin);
			free(r->lmax);
			r->layer = NULL;
			r->lmin = r->lmax = NULL;
			return -1;
		}
		for (unsigned y = 0; y < r->h; y++) {
			r->lmin[y] = (int)r->w;
			r->lmax[y] = -1;
		}
	}
	r->in_layer = 1;
	return 0;
}

void sg_raster__layer_end(sg_raster *r)
{
	float opacity = r->lopacity;
	float last_l[4] = { -1, -1, -1, -1 }, last_c[4] = { 0 };
	float last_o[4] = { 0 };

	if (!r->in_layer)
		return;
	r->in_layer = 0;
	if (r->direct) {
		r->direct = 0;
		return;
	}
	if (r->lymin < r->cymin)
		r->cymin = r->lymin;
	if (r->lymax > r->cymax)
		r->cymax = r->lymax;
	for (int y = r->lymin; y <= r->lymax; y++) {
		int x0 = r->lmin[y], x1 = r->lmax[y];
		float *l = r->layer + ((size_t)y * r->w + (size_t)x0) * 4;
		float *p = r->canvas + ((size_t)y * r->w + (size_t)x0) * 4;

		if (x1 < x0)
			continue;
		for (int x = x0; x <= x1; x++, l += 4, p += 4) {
			float a, k, lr, lg, lb;

			/* Flat areas repeat the last pixel: reuse it. */
			if (!memcmp(l, last_l, sizeof(last_l)) &&
			    !memcmp(p, last_c, sizeof(last_c))) {
				memcpy(p, last_o, sizeof(last_o));
				l[0] = l[1] = l[2] = l[3] = 0;
				continue;
			}
			memcpy(last_l, l, sizeof(last_l));
			memcpy(last_c, p, sizeof(last_c));
			/* Rounding may push a sum of coverages past 1. */
			a = l[3] > 1.0f ? 1.0f : l[3];
			lr = l[0] > a ? a : l[0];
			lg = l[1] > a ? a : l[1];
			lb = l[2] > a ? a : l[2];
			a *= opacity;
			k = 1.0f - a;
			p[0] = lr * opacity + p[0] * k;
			p[1] = lg * opacity + p[1] * k;
			p[2] = lb * opacity + p[2] * k;
			p[3] = a + p[3] * k;
			memcpy(last_o, p, sizeof(last_o));
			l[0] = l[1] = l[2] = l[3] = 0;
		}
		r->lmin[y] = (int)r->w;
		r->lmax[y] = -1;
	}
	r->lymin = (int)r->h;
	r->lymax = -1;
}

/*---- Markers ------------------------------------------------------------*/

/*
 * The ring of a shape of area pi (d/2)^2 grown outwards by `grow` pixels
 * (a mitred offset for polygons), centred on (cx, cy).
 */
static size_t shape_ring(sg_shape shape, double cx, double cy, double d,
			 double grow, double *xy, size_t cap)
{
	double area = PI * d * d / 4, rad, inr;
	size_t n;

	switch (shape) {
	case SG_SHAPE_SQUARE:
		inr = sqrt(area) / 2 + grow; /* half side */
		xy[0] = cx - inr, xy[1] = cy - inr;
		xy[2] = cx + inr, xy[3] = cy - inr;
		xy[4] = cx + inr, xy[5] = cy + inr;
		xy[6] = cx - inr, xy[7] = cy + inr;
		return 4;
	case SG_SHAPE_DIAMOND:
		/* A square of the same area turned 45 degrees. */
		rad = sqrt(area) / sqrt(2.0) + grow * sqrt(2.0);
		xy[0] = cx, xy[1] = cy - rad;
		xy[2] = cx + rad, xy[3] = cy;
		xy[4] = cx, xy[5] = cy + rad;
		xy[6] = cx - rad, xy[7] = cy;
		return 4;
	case SG_SHAPE_TRIANGLE: {
		/* Equilateral, pointing up, centroid on the centre: area =
		 * 3 sqrt(3) / 4 R^2; the inradius is R / 2. */
		double R = sqrt(4 * area / (3 * sqrt(3.0))) + 2 * grow;

		for (int i = 0; i < 3; i++) {
			double a = -PI / 2 + 2 * PI * i / 3;

			xy[2 * i] = cx + R * cos(a);
			xy[2 * i + 1] = cy + R * sin(a);
		}
		return 3;
	}
	default:
		/* A regular n-gon with the circle's area. */
		rad = d / 2 + grow;
		n = 8 + 4 * (size_t)ceil(rad);
		if (n > cap / 2)
			n = cap / 2;
		rad *= sqrt(2 * PI / ((double)n * sin(2 * PI / (double)n)));
		for (size_t i = 0; i < n; i++) {
			double a = 2 * PI * (double)i / (double)n;

			xy[2 * i] = cx + rad * cos(a);
			xy[2 * i + 1] = cy + rad * sin(a);
		}
		return n;
	}
}

static void pixel_ring(sg_raster *r, const double *xy, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t j = (i + 1) % n;

		sg_raster__edge(r, xy[2 * i], xy[2 * i + 1], xy[2 * j],
				xy[2 * j + 1]);
	}
}

void sg_raster__marker(sg_raster *r, sg_shape shape, double cx, double cy,
		       double size, sg_rgba fill, sg_rgba outline,
		       double outline_width)
{
	double xy[2 * 256];
	size_t n;
	int in_layer = r->in_layer;

	if (!(size > 0))
		return;
	r->in_layer = 0; /* markers always go over */
	if (outline_width > 0 && outline.a > 0) {
		n = shape_ring(shape, cx, cy, size, outline_width, xy, 512);
		pixel_ring(r, xy, n);
		sg_raster__fill(r, outline, SG_FILL_NONZERO);
	}
	n = shape_ring(shape, cx, cy, size, 0, xy, 512);
	pixel_ring(r, xy, n);
	sg_raster__fill(r, fill, SG_FILL_NONZERO);
	r->in_layer = in_layer;
}

/*---- Output -------------------------------------------------------------*/

const float *sg_raster__pixels(const sg_raster *r)
{
	return r->canvas;
}

static inline uint8_t to8(float v)
{
	if (v <= 0)
		return 0;
	if (v >= 1)
		return 255;
	return (uint8_t)(v * 255.0f + 0.5f);
}

size_t sg_raster__to_rgba8(const sg_raster *r, uint8_t *out, size_t stride)
{
	size_t visible = 0;

	for (unsigned y = 0; y < r->h; y++) {
		const float *p = r->canvas + (size_t)y * r->w * 4;
		uint8_t *o = out + (size_t)y * stride;

		if ((int)y < r->cymin || (int)y > r->cymax) {
			memset(o, 0, (size_t)r->w * 4);
			continue;
		}
		const float *prev = NULL;

		for (unsigned x = 0; x < r->w; x++, p += 4, o += 4) {
			uint8_t a;

			/* Runs of one colour convert once. */
			if (prev && !memcmp(p, prev, 4 * sizeof(float))) {
				memcpy(o, o - 4, 4);
				visible += o[3] != 0;
				continue;
			}
			prev = p;
			a = to8(p[3]);
			if (a == 0) {
				o[0] = o[1] = o[2] = o[3] = 0;
				continue;
			}
			if (a == 255) {
				o[0] = to8(p[0]);
				o[1] = to8(p[1]);
				o[2] = to8(p[2]);
			} else {
				float k = 1.0f / p[3];

				o[0] = to8(p[0] * k);
				o[1] = to8(p[1] * k);
				o[2] = to8(p[2] * k);
			}
			o[3] = a;
			visible++;
		}
	}
	return visible;
}
