/*
 * tiles/labels.c - what a map of one unit adds to the layers: the focus
 * (the unit and its sub-units; the other units are drawn faded, as
 * context), the names of the focused units placed on the image without
 * collisions, and the text drawn with FreeType in a font that has every
 * Vietnamese letter (DejaVu Sans, Debian's fonts-dejavu-core).
 *
 * The placer is greedy: larger units first, each name tried at its
 * anchor (a point inside the unit, GEOS PointOnSurface) and then a few
 * positions around it; a name that overlaps a placed one or leaves the
 * image is left out.  The placed names are returned as a list, so that a
 * caller (or a test) knows what the map shows.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ft2build.h>
#include FT_FREETYPE_H

#include "tiles/labels.h"
#include "tiles/tile_math.h"

#define DEFAULT_FONT "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

/*---- Focus --------------------------------------------------------------*/

int sg_map_set_focus(sg_ctx *ctx, sg_map *map, const char *unit_code)
{
	sg_error__clear(ctx);
	if (map->nlayers)
		return sg_error__set(ctx, SG_EINVALID,
				     "map: set the focus "
				     "before adding layers");
	snprintf(map->focus, sizeof(map->focus), "%s",
		 unit_code ? unit_code : "");
	map->focus_bbox[0] = map->focus_bbox[1] = INFINITY;
	map->focus_bbox[2] = map->focus_bbox[3] = -INFINITY;
	return SG_OK;
}

bool sg_map_focus_bounds(const sg_map *map, double out[4])
{
	if (!map->focus[0] || !(map->focus_bbox[0] <= map->focus_bbox[2]))
		return false;
	memcpy(out, map->focus_bbox, 4 * sizeof(double));
	return true;
}

void sg_labels__layer_free(sg_map_layer *l)
{
	if (l->names)
		for (size_t i = 0; i < l->nnames; i++)
			free(l->names[i]);
	free(l->names);
	free(l->anchor);
	free(l->larea);
	l->names = NULL;
	l->anchor = NULL;
	l->larea = NULL;
	l->nnames = 0;
}

/* Mix a premultiplied opaque colour towards white: the context look. */
static sg_rgba faded(sg_rgba c)
{
	const float k = 0.3f;

	c.r = c.r * k + (1 - k) * c.a;
	c.g = c.g * k + (1 - k) * c.a;
	c.b = c.b * k + (1 - k) * c.a;
	return c;
}

int sg_labels__units(sg_ctx *ctx, sg_map *map, sg_map_layer *l,
		     const sg_feats *f)
{
	GEOSContextHandle_t h = ctx->geos;
	int cc = sg_table_col(f->attr, "unit_code");
	int cn = sg_table_col(f->attr, "unit_name");
	int cp = sg_table_col(f->attr, "parent_code");

	if (l->kind != SG_MAP_UNITS || cc < 0 || cn < 0)
		return SG_OK;
	l->names = calloc(f->n + 1, sizeof(char *));
	l->anchor = malloc((f->n + 1) * 2 * sizeof(double));
	l->larea = calloc(f->n + 1, sizeof(double));
	if (!l->names || !l->anchor || !l->larea)
		return sg_error__oom(ctx, "map");
	l->nnames = f->n;
	for (size_t i = 0; i < f->n; i++) {
		const char *code = sg_table_text(f->attr, i, (size_t)cc);
		const char *name = sg_table_text(f->attr, i, (size_t)cn);
		const char *parent = cp >= 0 ? sg_table_text(f->attr, i,
							     (size_t)cp)
					     : NULL;
		int in = !map->focus[0] ||
			 (code && !strcmp(code, map->focus)) ||
			 (parent && !strcmp(parent, map->focus));
		GEOSGeometry *p;
		double x, y;

		l->anchor[2 * i] = l->anchor[2 * i + 1] = NAN;
		if (!in) {
			/* Context: faded, not named. */
			if (l->color)
				l->color[i] = faded(l->color[i]);
			continue;
		}
		if (!f->geom[i] || GEOSisEmpty_r(h, f->geom[i]) == 1)
			continue;
		if (map->focus[0]) {
			double x0, y0, x1, y1;

			if (GEOSGeom_getXMin_r(h, f->geom[i], &x0) &&
			    GEOSGeom_getYMin_r(h, f->geom[i], &y0) &&
			    GEOSGeom_getXMax_r(h, f->geom[i], &x1) &&
			    GEOSGeom_getYMax_r(h, f->geom[i], &y1)) {
				map->focus_bbox[0] = fmin(map->focus_bbox[0],
							  x0);
				map->focus_bbox[1] = fmin(map->focus_bbox[1],
							  y0);
				map->focus_bbox[2] = fmax(map->focus_bbox[2],
							  x1);
				map->focus_bbox[3] = fmax(map->focus_bbox[3],
							  y1);
			}
		}
		if (!name || !*name)
			continue;
		p = GEOSPointOnSurface_r(h, f->geom[i]);
		if (!p)
			continue;
		if (GEOSGeomGetX_r(h, p, &x) && GEOSGeomGetY_r(h, p, &y)) {
			sg_tile__lonlat_to_merc(x, y, &l->anchor[2 * i],
						&l->anchor[2 * i + 1]);
			l->names[i] = strdup(name);
			GEOSArea_r(h, f->geom[i], &l->larea[i]);
		}
		GEOSGeom_destroy_r(h, p);
	}
	return SG_OK;
}

/*---- Text ---------------------------------------------------------------*/

/* The next code point of UTF-8 text (U+FFFD for a bad byte). */
static unsigned long utf8_next(const char **s)
{
	const unsigned char *p = (const unsigned char *)*s;
	unsigned long c = *p++;
	int more = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;

	if (c >= 0x80 && !more) {
		*s = (const char *)p;
		return 0xfffd;
	}
	if (more)
		c &= 0x3f >> more;
	for (; more; more--, p++) {
		if ((*p & 0xc0) != 0x80)
			break;
		c = (c << 6) | (*p & 0x3f);
	}
	*s = (const char *)p;
	return c;
}

/* Width of a text in pixels (advances). */
static int text_width(FT_Face face, const char *s)
{
	long w = 0;

	while (*s) {
		unsigned long c = utf8_next(&s);

		if (!FT_Load_Char(face, c, FT_LOAD_DEFAULT))
			w += face->glyph->advance.x;
	}
	return (int)(w >> 6);
}

/* "Over" a coverage of colour (r, g, b) onto straight-alpha RGBA8. */
static void blend(uint8_t *px, unsigned w, unsigned h, int x, int y,
		  unsigned cov, const uint8_t rgb[3])
{
	uint8_t *p;
	unsigned a;

	if (x < 0 || y < 0 || (unsigned)x >= w || (unsigned)y >= h || !cov)
		return;
	p = px + 4 * ((size_t)y * w + (size_t)x);
	a = p[3];
	for (int c = 0; c < 3; c++)
		p[c] = (uint8_t)((rgb[c] * cov + p[c] * (255 - cov) + 127) /
				 255);
	p[3] = (uint8_t)(cov + a * (255 - cov) / 255);
}

/* Draw a text with its baseline starting at (x, y); dx, dy shift each
 * glyph (for the halo). */
static void draw_text(FT_Face face, const char *s, int x, int y,
		      const uint8_t rgb[3], uint8_t *px, unsigned w, unsigned h,
		      int dx, int dy)
{
	while (*s) {
		unsigned long c = utf8_next(&s);
		FT_GlyphSlot g;

		if (FT_Load_Char(face, c, FT_LOAD_RENDER))
			continue;
		g = face->glyph;
		for (unsigned r = 0; r < g->bitmap.rows; r++)
			for (unsigned k = 0; k < g->bitmap.width; k++)
				blend(px, w, h,
				      x + g->bitmap_left + (int)k + dx,
				      y - g->bitmap_top + (int)r + dy,
				      g->bitmap.buffer[r * g->bitmap.pitch + k],
				      rgb);
		x += (int)(g->advance.x >> 6);
	}
}

/*---- Placing ------------------------------------------------------------*/

typedef struct {
	const char *text;
	double area;
	double ax, ay; /* anchor, pixels */
} cand;

static int by_area(const void *a, const void *b)
{
	double x = ((const cand *)a)->area, y = ((const cand *)b)->area;

	return x < y ? 1 : x > y ? -1 : 0;
}

static int overlaps(const double *boxes, size_t n, const double b[4])
{
	for (size_t i = 0; i < n; i++) {
		const double *o = boxes + 4 * i;

		if (b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3])
			return 1;
	}
	return 0;
}

int sg_labels__draw(sg_ctx *ctx, const sg_map *map, const double b[4],
		    double res, double scale, uint8_t *px, unsigned w,
		    unsigned h, sg_sb *list)
{
	const char *font = getenv("SCHOOLGIS_FONT");
	FT_Library lib = NULL;
	FT_Face face = NULL;
	cand *c = NULL;
	double *boxes = NULL;
	size_t n = 0, cap = 0, placed = 0;
	int rc = SG_OK, size = (int)lround(11 * scale);
	static const uint8_t ink[3] = { 0x1a, 0x1a, 0x1a };
	static const uint8_t halo[3] = { 0xff, 0xff, 0xff };

	if (list)
		sg_sb__printf(list, "[");
	for (size_t k = 0; k < map->nlayers; k++)
		cap += map->layers[k].nnames;
	if (!cap)
		goto done;
	if (!font || !*font)
		font = DEFAULT_FONT;
	if (FT_Init_FreeType(&lib)) {
		rc = sg_error__set(ctx, SG_ENOMEM,
				   "map: FreeType cannot "
				   "start");
		goto done;
	}
	if (FT_New_Face(lib, font, 0, &face)) {
		rc = sg_error__set(ctx, SG_ENOTFOUND,
				   "map: cannot read the "
				   "font %s for the map's names (install the "
				   "Debian package fonts-dejavu-core, or set "
				   "SCHOOLGIS_FONT to a TrueType font)",
				   font);
		goto done;
	}
	FT_Set_Pixel_Sizes(face, 0, (FT_UInt)(size > 6 ? size : 6));
	c = calloc(cap, sizeof(*c));
	boxes = calloc(cap * 4, sizeof(double));
	if (!c || !boxes) {
		rc = sg_error__oom(ctx, "map");
		goto done;
	}
	for (size_t k = 0; k < map->nlayers; k++) {
		const sg_map_layer *l = &map->layers[k];

		for (size_t i = 0; i < l->nnames; i++) {
			if (!l->names[i])
				continue;
			c[n].text = l->names[i];
			c[n].area = l->larea[i];
			c[n].ax = (l->anchor[2 * i] - b[0]) / res;
			c[n].ay = (b[3] - l->anchor[2 * i + 1]) / res;
			n++;
		}
	}
	qsort(c, n, sizeof(*c), by_area);
	for (size_t i = 0; i < n; i++) {
		static const double off[][2] = {
			{ 0, 0 }, { 0, -1 }, { 0, 1 }, { -.6, 0 }, { .6, 0 }
		};
		int tw = text_width(face, c[i].text);
		int asc = (int)(face->size->metrics.ascender >> 6);
		int desc = (int)(-face->size->metrics.descender >> 6);
		int th = asc + desc, pad = (int)lround(2 * scale);

		for (size_t o = 0; o < sizeof(off) / sizeof(*off); o++) {
			double x0 = c[i].ax - tw / 2.0 + off[o][0] * tw;
			double y0 = c[i].ay - th / 2.0 + off[o][1] * th;
			double box[4] = { x0 - pad, y0 - pad, x0 + tw + pad,
					  y0 + th + pad };
			int bx = (int)lround(x0), by = (int)lround(y0) + asc;

			if (box[0] < 0 || box[1] < 0 || box[2] > w ||
			    box[3] > h || overlaps(boxes, placed, box))
				continue;
			memcpy(boxes + 4 * placed++, box, sizeof(box));
			for (int dy = -pad / 2 - 1; dy <= pad / 2 + 1; dy++)
				for (int dx = -pad / 2 - 1; dx <= pad / 2 + 1;
				     dx++)
					if (dx || dy)
						draw_text(face, c[i].text, bx,
							  by, halo, px, w, h,
							  dx, dy);
			draw_text(face, c[i].text, bx, by, ink, px, w, h, 0, 0);
			if (list) {
				sg_sb__printf(list, "%s{\"text\": ",
					      placed > 1 ? ", " : "");
				sg_sb__json_text(list, c[i].text);
				sg_sb__printf(list,
					      ", \"x\": %.0f, \"y\": %.0f, "
					      "\"w\": %d, \"h\": %d}",
					      x0, y0, tw, th);
			}
			break;
		}
	}
done:
	if (list)
		sg_sb__printf(list, "]");
	free(c);
	free(boxes);
	if (face)
		FT_Done_Face(face);
	if (lib)
		FT_Done_FreeType(lib);
	return rc;
}
