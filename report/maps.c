/*
 * report/maps.c - the report's static maps: rendered by tiles/ (the same
 * styles and legends as the tile pyramids), embedded as PNG data URIs,
 * with the legend, a scale bar and a north arrow drawn beside them.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/maps.h"
#include "schoolgis/tile.h"

#define MAP_W 900 /* pixels; printed 17 cm wide (DISPLAY_CM) */
#define MAP_H_MIN 400
#define MAP_H_MAX 1100
#define DISPLAY_CM 17.0
#define MARGIN 0.05 /* of the unit's width and height, each side */
#define PI 3.14159265358979323846

static void base64(sr_buf *b, const unsigned char *p, size_t n)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq"
				  "rstuvwxyz0123456789+/";
	char out[5] = { 0 };

	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16;

		if (i + 1 < n)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		out[0] = tab[(v >> 18) & 63];
		out[1] = tab[(v >> 12) & 63];
		out[2] = i + 1 < n ? tab[(v >> 6) & 63] : '=';
		out[3] = i + 2 < n ? tab[v & 63] : '=';
		sr_put(b, "%s", out);
	}
}

/* The JSON string value after `"key":` at or after p; copied into out.
 * Returns a pointer past it, or NULL. */
static const char *json_str(const char *p, const char *key, char *out, size_t n)
{
	char pat[64];
	size_t k = 0;

	snprintf(pat, sizeof(pat), "\"%s\"", key);
	p = strstr(p, pat);
	if (!p)
		return NULL;
	p += strlen(pat);
	while (*p == ' ' || *p == ':')
		p++;
	if (*p != '"')
		return NULL;
	for (p++; *p && *p != '"'; p++) {
		if (*p == '\\' && p[1])
			p++;
		if (k + 1 < n)
			out[k++] = *p;
	}
	out[k] = '\0';
	return *p ? p + 1 : NULL;
}

/* The legend of every layer of the map, as HTML lists of swatches. */
static void legend(sr_buf *b, const sg_map *map)
{
	char *json = NULL, label[256], color[32], title[256];
	const char *p, *next, *end;

	if (sg_map_legend(map, &json) != SG_OK)
		return;
	sr_put(b, "<div class=\"legend\">");
	for (p = strstr(json, "\"layer\""); p; p = end) {
		char *seg;
		size_t n;

		end = strstr(p + 1, "\"layer\"");
		n = end ? (size_t)(end - p) : strlen(p);
		seg = malloc(n + 1);
		if (!seg)
			break;
		memcpy(seg, p, n);
		seg[n] = '\0';
		sr_put(b, "<div>");
		if (json_str(seg, "title", title, sizeof(title))) {
			sr_put(b, "<strong>");
			sr_esc(b, title);
			sr_put(b, "</strong>");
		}
		sr_put(b, "<ul>");
		for (const char *q = seg;
		     (next = json_str(q, "label", label, sizeof(label)));) {
			const char *c = json_str(next, "color", color,
						 sizeof(color));

			if (!c)
				break;
			sr_put(b, "<li><span class=\"sw\" style=\"background:");
			sr_esc(b, color);
			sr_put(b, "\"></span>");
			sr_esc(b, label);
			sr_put(b, "</li>");
			q = c;
		}
		sr_put(b, "</ul></div>");
		free(seg);
	}
	sr_put(b, "</div>");
	sg_free(json);
}

/* Web Mercator y of a latitude, in metres. */
static double merc_y(double lat)
{
	return 6378137.0 * log(tan(PI / 4 + lat * PI / 360));
}

/* The scale of the image printed DISPLAY_CM wide, rounded to a round
 * figure: the denominator. */
static double map_scale(const double bounds[4], unsigned w, unsigned h)
{
	double xr = (bounds[2] - bounds[0]) * PI / 180 * 6378137.0;
	double lat = (bounds[1] + bounds[3]) / 2;
	double d = xr * cos(lat * PI / 180) / (DISPLAY_CM / 100);
	double p = pow(10, floor(log10(d)) - 1);

	(void)h;
	(void)w;
	return round(d / p) * p;
}

/* Scale bar and north arrow for a map of `bounds` drawn at w x h (the
 * box widened to the image's aspect ratio, as the renderer does). */
static void furniture(sr_buf *b, sr_lang lang, const double bounds[4],
		      unsigned w, unsigned h)
{
	double xr = (bounds[2] - bounds[0]) * PI / 180 * 6378137.0;
	double yr = merc_y(bounds[3]) - merc_y(bounds[1]);
	double res = xr / yr > (double)w / h ? xr / w : yr / h;
	double lat = (bounds[1] + bounds[3]) / 2;
	/* Metres on the ground per CSS pixel of the image as shown. */
	double css_w = DISPLAY_CM / 2.54 * 96;
	double ground = res * cos(lat * PI / 180) * w / css_w;
	double target = ground * css_w / 5, len = 1;
	static const double steps[] = { 1, 2, 5 };
	double px;

	for (double p10 = 1; p10 < 1e7; p10 *= 10)
		for (int i = 0; i < 3; i++)
			if (steps[i] * p10 <= target)
				len = steps[i] * p10;
	px = len / ground;
	sr_put(b,
	       "<svg class=\"scale\" xmlns=\"http://www.w3.org/2000/svg\" "
	       "width=\"%.0f\" height=\"34\"><rect x=\"0\" y=\"0\" "
	       "width=\"%.0f\" height=\"34\" fill=\"#fff\" opacity=\".8\"/>"
	       "<rect x=\"8\" y=\"18\" width=\"%.1f\" height=\"6\" "
	       "fill=\"#222\"/><rect x=\"%.1f\" y=\"18\" width=\"%.1f\" "
	       "height=\"6\" fill=\"#fff\" stroke=\"#222\"/><text x=\"8\" "
	       "y=\"13\" font-size=\"11\">0</text><text x=\"%.1f\" y=\"13\" "
	       "font-size=\"11\" text-anchor=\"end\">%g %s</text></svg>",
	       px + 40, px + 40, px / 2, 8 + px / 2, px / 2, 8 + px,
	       len >= 1000 ? len / 1000 : len, len >= 1000 ? "km" : "m");
	sr_put(b,
	       "<svg class=\"north\" xmlns=\"http://www.w3.org/2000/svg\" "
	       "width=\"36\" height=\"48\"><polygon points=\"18,4 28,36 18,30 "
	       "8,36\" fill=\"#222\"/><text x=\"18\" y=\"46\" font-size=\"12\""
	       " text-anchor=\"middle\">%s</text></svg>",
	       sr_text(lang, SR_NORTH));
}

/* The view of the unit: its box and a margin, the image as tall as the
 * box's shape wants (within limits, then the box widens). */
static void unit_view(const sg_map *map, sg_map_view *v)
{
	double u[4], mw, mh, dx, dy;

	v->width = MAP_W;
	v->height = MAP_W * 7 / 9;
	if (!sg_map_focus_bounds(map, u))
		return;
	dx = (u[2] - u[0]) * MARGIN;
	dy = (u[3] - u[1]) * MARGIN;
	v->bbox[0] = u[0] - dx;
	v->bbox[1] = u[1] - dy;
	v->bbox[2] = u[2] + dx;
	v->bbox[3] = u[3] + dy;
	mw = (v->bbox[2] - v->bbox[0]) * PI / 180 * 6378137.0;
	mh = merc_y(v->bbox[3]) - merc_y(v->bbox[1]);
	if (mw > 0 && mh > 0) {
		double hh = MAP_W * mh / mw;

		v->height = (unsigned)lround(hh < MAP_H_MIN   ? MAP_H_MIN
					     : hh > MAP_H_MAX ? MAP_H_MAX
							      : hh);
	}
}

/* The box the renderer draws: v's box widened to the image's shape. */
static void drawn_box(const sg_map_view *v, const double study[4],
		      double out[4])
{
	const double *b = v->bbox[2] > v->bbox[0] ? v->bbox : study;
	double x0 = b[0] * PI / 180 * 6378137.0;
	double x1 = b[2] * PI / 180 * 6378137.0;
	double y0 = merc_y(b[1]), y1 = merc_y(b[3]);
	double res = fmax((x1 - x0) / v->width, (y1 - y0) / v->height);
	double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;

	out[0] = (cx - res * v->width / 2) / 6378137.0 * 180 / PI;
	out[2] = (cx + res * v->width / 2) / 6378137.0 * 180 / PI;
	out[1] = (2 * atan(exp((cy - res * v->height / 2) / 6378137.0)) -
		  PI / 2) *
		 180 / PI;
	out[3] = (2 * atan(exp((cy + res * v->height / 2) / 6378137.0)) -
		  PI / 2) *
		 180 / PI;
}

int sr_map(sr_buf *b, sg_ctx *ctx, sr_lang lang, const char *unit_code,
	   const char *title, const sr_map_layer *layers, size_t n,
	   const sg_map_figures *figs, char **labels_out)
{
	sg_map_view view = SG_MAP_VIEW_INIT;
	sg_map_style *style = NULL;
	sg_map *map = NULL;
	void *png = NULL;
	char *labels = NULL;
	size_t len = 0;
	double bounds[4], study[4];
	int rc;

	if (labels_out)
		*labels_out = NULL;
	/* Units drawn in one colour are the base under other layers: a
	 * light grey that no class of a ramp uses, outlined in grey. */
	rc = sg_map_style_new(&style);
	if (rc == SG_OK)
		rc = sg_map_style_set(ctx, style, "units.fill", "#ececec");
	if (rc == SG_OK)
		rc = sg_map_style_set(ctx, style, "units.outline", "#9a9a9a");
	if (rc == SG_OK)
		rc = sg_map_new(ctx, style, &map);
	sg_map_style_free(style);
	if (rc == SG_OK)
		rc = sg_map_set_lang(ctx, map,
				     lang == SR_LANG_EN ? "en" : "vi");
	if (rc == SG_OK)
		rc = sg_map_set_focus(ctx, map, unit_code);
	for (size_t i = 0; rc == SG_OK && i < n; i++) {
		sg_map_layer_options o = SG_MAP_LAYER_OPTIONS_INIT;

		o.kind = (sg_map_layer_kind)layers[i].kind;
		o.by = layers[i].by;
		o.level = layers[i].level;
		o.method = layers[i].method;
		o.unit_kind = layers[i].unit_kind;
		o.year = layers[i].year;
		o.standards = layers[i].standards;
		o.unit = layers[i].unit;
		o.margin = layers[i].margin;
		rc = sg_map__add_layer(ctx, map, &o, figs);
	}
	view.scale = 1.5;
	view.background = "#ffffff";
	if (rc == SG_OK) {
		unit_view(map, &view);
		rc = sg_map_render_png_labels(ctx, map, &view, &png, &len,
					      &labels);
	}
	if (rc == SG_OK) {
		char num[4][32], scale[48], text[160];

		sg_map_bounds(map, study);
		drawn_box(&view, study, bounds);
		sr_put(b,
		       "<figure class=\"map\" data-bbox=\"%.6f,%.6f,%.6f,"
		       "%.6f\" data-scale=\"%.0f\" data-labels=\"",
		       bounds[0], bounds[1], bounds[2], bounds[3],
		       map_scale(bounds, view.width, view.height));
		sr_esc(b, labels);
		sr_put(b, "\"><div class=\"frame\"><img alt=\"");
		sr_esc(b, title);
		sr_put(b,
		       "\" width=\"%u\" height=\"%u\" "
		       "src=\"data:image/png;base64,",
		       view.width, view.height);
		base64(b, png, len);
		sr_put(b, "\">");
		furniture(b, lang, bounds, view.width, view.height);
		sr_put(b, "</div>");
		legend(b, map);
		sr_put(b, "<figcaption>");
		sr_esc(b, title);
		sr_put(b, ". ");
		snprintf(scale, sizeof(scale), "1:%s",
			 sr_fmt_num(lang,
				    map_scale(bounds, view.width, view.height),
				    0, num[0], sizeof(num[0])));
		sr_put(b, sr_text(lang, SR_SCALE), scale);
		sr_put(b, ". ");
		for (int i = 0; i < 4; i++)
			sr_fmt_num(lang, bounds[i], 4, num[i], sizeof(num[i]));
		snprintf(text, sizeof(text), sr_text(lang, SR_MAP_EXTENT),
			 num[0], num[2], num[1], num[3]);
		sr_esc(b, text);
		sr_put(b, ".</figcaption></figure>\n");
	}
	if (rc == SG_OK && labels_out)
		*labels_out = labels;
	else
		sg_free(labels);
	sg_free(png);
	sg_map_free(map);
	return rc;
}
