/*
 * tiles/viewer.c - the files beside a pyramid: TileJSON 3.0, and for an
 * XYZ directory a web viewer that works offline: viewer.html with the
 * map settings, legend and the index of written tiles inline, Leaflet
 * copied from Debian's libjs-leaflet into leaflet/, and schools.geojson
 * for the school popups (name, level, students, computers, ratio,
 * compliance).
 *
 * Empty tiles are not written, so the page asks only for tiles the index
 * lists (others get Leaflet's empty image): no 404s, no console errors.
 * Nothing is loaded from outside the directory.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/strings.h"
#include "layers/results.h"
#include "layers/tiles_load.h"
#include "schoolgis/stats.h"
#include "tiles/sink.h"
#include "tiles/viewer.h"
#include "viewer_js.h" /* viewer_js: tiles/viewer.js */

#define LEAFLET_DIR "/usr/share/javascript/leaflet"

char *sg_tiles__tilejson(const sg_pyramid_info *pi)
{
	sg_sb b = { 0 };
	const char *p;

	sg_sb__printf(&b, "{\n  \"tilejson\": \"3.0.0\",\n  \"name\": ");
	sg_sb__json_text(&b, pi->name);
	sg_sb__printf(&b, ",\n  \"description\": ");
	sg_sb__json_text(&b, pi->description);
	sg_sb__printf(&b, ",\n  \"version\": \"1.0.0\",\n  \"attribution\": ");
	sg_sb__json_text(&b, pi->attribution);
	sg_sb__printf(&b, ",\n  \"scheme\": \"xyz\",\n  \"tiles\": [");
	sg_sb__json_text(&b, pi->tile_url);
	sg_sb__printf(&b,
		      "],\n  \"minzoom\": %d,\n  \"maxzoom\": %d,\n"
		      "  \"bounds\": [%.7f, %.7f, %.7f, %.7f],\n"
		      "  \"center\": [%.7f, %.7f, %d],\n",
		      pi->minzoom, pi->maxzoom, pi->bounds[0], pi->bounds[1],
		      pi->bounds[2], pi->bounds[3],
		      (pi->bounds[0] + pi->bounds[2]) / 2,
		      (pi->bounds[1] + pi->bounds[3]) / 2,
		      pi->minzoom + 1 <= pi->maxzoom ? pi->minzoom + 1
						     : pi->minzoom);
	/* The legend as text (the spec's "legend" is a string), the full
	 * one as an extra key. */
	sg_sb__printf(&b, "  \"legend\": ");
	{
		sg_sb t = { 0 };

		/* Titles, one per layer, from the legend JSON. */
		for (p = strstr(pi->legend_json, "\"title\": \""); p;
		     p = strstr(p, "\"title\": \"")) {
			const char *e;

			p += 10;
			for (e = p; *e && !(*e == '"' && e[-1] != '\\'); e++)
				;
			sg_sb__printf(&t, "%s%.*s", t.len ? "; " : "",
				      (int)(e - p), p);
			p = e;
		}
		sg_sb__printf(&b, "\"%s\"", t.s ? t.s : "");
		if (t.oom)
			b.oom = 1;
		free(t.s);
	}
	sg_sb__printf(&b,
		      ",\n  \"tile_size\": %u,\n"
		      "  \"schoolgis_legend\": %s}\n",
		      256 * pi->scale, pi->legend_json);
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

/*---- Copying Leaflet ----------------------------------------------------*/

static int copy_file(sg_ctx *ctx, const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out;
	char buf[65536];
	size_t n;
	int ok = 1;

	if (!in)
		return sg_error__set(ctx,
				     errno == ENOENT ? SG_ENOTFOUND : SG_EIO,
				     "tiles: viewer: %s: %s (install "
				     "Debian's libjs-leaflet, or give the "
				     "Leaflet directory)",
				     from, strerror(errno));
	out = fopen(to, "wb");
	if (!out) {
		fclose(in);
		return sg_error__set(ctx, SG_EIO, "tiles: viewer: %s: %s", to,
				     strerror(errno));
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			ok = 0;
	ok = !ferror(in) && ok;
	fclose(in);
	if (fclose(out) != 0 || !ok)
		return sg_error__set(ctx, SG_EIO,
				     "tiles: viewer: cannot copy "
				     "%s",
				     from);
	return SG_OK;
}

static int copy_leaflet(sg_ctx *ctx, const char *src, const char *dir)
{
	static const char *const files[] = { "leaflet.js",
					     "leaflet.css",
					     "images/layers.png",
					     "images/layers-2x.png",
					     "images/marker-icon.png",
					     "images/marker-icon-2x.png",
					     "images/marker-shadow.png" };
	char from[4400], to[4400];
	int rc;

	snprintf(to, sizeof(to), "%s/leaflet/images", dir);
	if (sg_dir__make(to) != 0)
		return sg_error__set(ctx, SG_EIO,
				     "tiles: viewer: cannot "
				     "create %s: %s",
				     to, strerror(errno));
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
		snprintf(from, sizeof(from), "%s/%s", src, files[i]);
		snprintf(to, sizeof(to), "%s/leaflet/%s", dir, files[i]);
		rc = copy_file(ctx, from, to);
		/* The images are for controls and default markers; only
		 * the script and the style sheet are required. */
		if (rc != SG_OK && i < 2)
			return rc;
		sg_error__clear(ctx);
	}
	return SG_OK;
}

/*---- schools.geojson ----------------------------------------------------*/

static const char *level_label(const char *levels, char *buf, size_t n)
{
	static const char *const names[4][2] = {
		{ "preschool", "Mầm non" },
		{ "primary", "Tiểu học" },
		{ "lower_secondary", "THCS" },
		{ "upper_secondary", "THPT" },
	};
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 0; levels && i < 4; i++) {
		const char *p = strstr(levels, names[i][0]);
		size_t k = strlen(names[i][0]);

		if (p && (p == levels || p[-1] == ',') &&
		    (p[k] == '\0' || p[k] == ',') && len + 32 < n)
			len += (size_t)snprintf(buf + len, n - len, "%s%s",
						len ? " – " : "", names[i][1]);
	}
	return buf;
}

static void num_prop(sg_sb *b, const char *key, const sg_table *t, long row,
		     const char *col)
{
	int c = t ? sg_table_col(t, col) : -1;
	double v = row >= 0 && c >= 0 ? sg_table_real(t, (size_t)row, (size_t)c)
				      : NAN;

	if (isfinite(v))
		sg_sb__printf(b, ", \"%s\": %.10g", key, v);
	else
		sg_sb__printf(b, ", \"%s\": null", key);
}

static int schools_geojson(sg_ctx *ctx, const char *year,
			   const sg_standards *std, char **out)
{
	sg_stats_options so = SG_STATS_OPTIONS_INIT;
	sg_stats_result *st = NULL;
	sg_feats f;
	sg_sb b = { 0 };
	int rc;

	*out = NULL;
	rc = sg_tiles__load_schools(ctx, year, NULL, &f);
	if (rc != SG_OK)
		return rc;
	so.year = year;
	so.by = SG_STATS_BY_SCHOOL;
	so.standards = std;
	/* No school figures (SG_ENOTFOUND): the popups show what the
	 * store has; any other failure fails. */
	rc = sg_stats__compute(ctx, &so, &st);
	if (rc == SG_ENOTFOUND) {
		sg_error__clear(ctx);
	} else if (rc != SG_OK) {
		sg_feats__free(ctx, &f);
		return rc;
	}
	sg_sb__printf(&b, "{\"type\": \"FeatureCollection\", \"features\": [");
	for (size_t i = 0, k = 0; i < f.n; i++) {
		const char *code = sg_table_text(f.attr, i, 0);
		const char *levels = sg_table_text(f.attr, i, 2);
		double x, y;
		size_t s = 0;
		int has;
		char lbl[96];

		if (!f.geom[i] ||
		    GEOSGeomTypeId_r(ctx->geos, f.geom[i]) != GEOS_POINT ||
		    !GEOSGeomGetX_r(ctx->geos, f.geom[i], &x) ||
		    !GEOSGeomGetY_r(ctx->geos, f.geom[i], &y))
			continue;
		has = st && code && sg_stats_school_find(st, code, &s) &&
		      sg_stats_school_has_year(st, 0, s);
		sg_sb__printf(&b,
			      "%s\n{\"type\": \"Feature\", \"geometry\": "
			      "{\"type\": \"Point\", \"coordinates\": [%.7f, "
			      "%.7f]}, \"properties\": {\"code\": ",
			      k++ ? "," : "", x, y);
		sg_sb__json_text(&b, code);
		sg_sb__printf(&b, ", \"name\": ");
		sg_sb__json_text(&b, sg_table_text(f.attr, i, 1));
		sg_sb__printf(&b, ", \"levels\": ");
		sg_sb__json_text(&b, levels);
		sg_sb__printf(&b, ", \"level\": ");
		sg_sb__json_text(&b, level_label(levels, lbl, sizeof(lbl)));
		sg_sb__printf(&b, ", \"unit\": ");
		sg_sb__json_text(&b, sg_table_text(f.attr, i, 3));
		sg_sb__printf(&b, ", \"year\": ");
		sg_sb__json_text(&b, sg_table_text(f.attr, i, 4));
		num_prop(&b, "students", f.attr, (long)i, "students");
		num_prop(&b, "computers_teaching", f.attr, (long)i,
			 "computers_teaching");
		num_prop(&b, "computers_management", f.attr, (long)i,
			 "computers_management");
		{
			double v =
				has ? sg_stats_school_value(
					      st, 0, s,
					      SG_STATS_SCHOOL_STUDENTS_PER_TEACHING_COMPUTER)
				    : NAN;

			if (isfinite(v))
				sg_sb__printf(&b, ", \"ratio\": %.10g", v);
			else
				sg_sb__printf(&b, ", \"ratio\": null");
		}
		sg_sb__printf(&b, ", \"compliance\": ");
		sg_sb__json_text(
			&b, has ? sg_stats_check_name(sg_stats_school_check(
					  st, 0, s, SG_STATS_COMPLIANT))
				: "unknown");
		sg_sb__printf(&b, "}}");
	}
	sg_sb__printf(&b, "\n]}\n");
	sg_stats_result_free(st);
	sg_feats__free(ctx, &f);
	if (b.oom) {
		free(b.s);
		return sg_error__oom(ctx, "tiles");
	}
	*out = b.s;
	return SG_OK;
}

/*---- viewer.html --------------------------------------------------------*/

static const char page_head[] =
	"<!DOCTYPE html>\n"
	"<html lang=\"vi\">\n"
	"<head>\n"
	"<meta charset=\"utf-8\">\n"
	"<meta name=\"viewport\" content=\"width=device-width, "
	"initial-scale=1\">\n"
	"<title>%s</title>\n"
	"<link rel=\"icon\" href=\"data:,\">\n"
	"<link rel=\"stylesheet\" href=\"leaflet/leaflet.css\">\n"
	"<script src=\"leaflet/leaflet.js\"></script>\n"
	"<style>\n"
	"html, body, #map { height: 100%%; margin: 0; }\n"
	".sg-legend { background: rgba(255,255,255,0.93); padding: 6px 10px;"
	" font: 12px/1.45 sans-serif; border-radius: 4px;\n"
	"  box-shadow: 0 1px 5px rgba(0,0,0,0.4); max-width: 280px; }\n"
	".sg-legend h4 { margin: 6px 0 2px; font-size: 12px; }\n"
	".sg-legend i { display: inline-block; width: 13px; height: 13px;"
	" margin-right: 6px; vertical-align: -2px;\n"
	"  border: 1px solid rgba(0,0,0,0.35); }\n"
	".sg-legend i.circle { border-radius: 50%%; }\n"
	".sg-legend i.diamond { transform: rotate(45deg) scale(0.8); }\n"
	".sg-legend i.triangle { border: 0; clip-path: polygon(50%% 0, "
	"100%% 100%%, 0 100%%); }\n"
	".sg-popup th { text-align: left; font-weight: normal; color: #555;"
	" padding-right: 8px; }\n"
	".sg-legend h3 { margin: 0 0 4px; font-size: 13px; }\n"
	".sg-panel { background: rgba(255,255,255,0.95); padding: 8px 10px;"
	" font: 13px/1.4 sans-serif; border-radius: 4px;\n"
	"  box-shadow: 0 1px 5px rgba(0,0,0,0.4); width: 290px; }\n"
	".sg-panel h2 { margin: 0 0 6px; font-size: 15px; }\n"
	".sg-lang { float: right; margin: 0 0 4px 8px; font-size: 12px; }\n"
	".sg-search { width: 100%%; box-sizing: border-box; padding: 4px;"
	" font-size: 13px; }\n"
	".sg-hits { max-height: 240px; overflow-y: auto; }\n"
	".sg-hit { display: block; width: 100%%; text-align: left;"
	" border: 0; border-bottom: 1px solid #eee;\n"
	"  background: none; padding: 3px 2px; cursor: pointer;"
	" font-size: 12px; }\n"
	".sg-hit:hover { background: #e8f1f8; }\n"
	".sg-info { margin-top: 6px; color: #333; font-size: 12px; }\n"
	".sg-label { font: 600 12px sans-serif; color: #1a1a1a;"
	" white-space: nowrap; transform: translate(-50%%, -50%%);\n"
	"  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 3px #fff;"
	" pointer-events: none; }\n"
	"</style>\n"
	"</head>\n"
	"<body>\n"
	"<div id=\"map\"></div>\n"
	"<script>\n"
	"var SG = ";

/*---- Messages, units, catchments ----------------------------------------*/

/* The viewer's texts by name, from the report's message table. */
static const struct {
	const char *name;
	sr_key key;
} viewer_keys[] = {
	{ "title", SR_V_TITLE },
	{ "layers", SR_V_LAYERS },
	{ "legend", SR_V_LEGEND },
	{ "search", SR_V_SEARCH },
	{ "no_match", SR_V_NO_MATCH },
	{ "click_hint", SR_V_CLICK_HINT },
	{ "in_zone", SR_V_IN_ZONE },
	{ "outside", SR_V_OUTSIDE },
	{ "nearest", SR_V_NEAREST },
	{ "distance", SR_V_DISTANCE },
	{ "school", SR_V_SCHOOL },
	{ "unit", SR_V_UNIT },
	{ "levels", SR_V_LEVELS },
	{ "students", SR_V_STUDENTS },
	{ "teaching", SR_V_TEACHING },
	{ "management", SR_V_MANAGEMENT },
	{ "per_teaching", SR_V_PER_TEACHING },
	{ "per_computer", SR_V_PER_COMPUTER },
	{ "compliant", SR_V_COMPLIANT },
	{ "seats", SR_V_SEATS },
	{ "utilization", SR_V_UTILIZATION },
	{ "lang", SR_V_LANG },
	{ "zoom_in", SR_V_ZOOM_IN },
	{ "zoom_out", SR_V_ZOOM_OUT },
	{ "attribution", SR_V_ATTRIBUTION },
	{ "catchment_of", SR_V_CATCHMENT_OF },
	{ "code", SR_V_CODE },
	{ "no_data", SR_MAP_NO_DATA },
	{ "all_values", SR_MAP_ALL_VALUES },
	{ "one:units", SR_MAP_ONE_UNIT },
	{ "one:catchments", SR_MAP_ONE_CATCHMENT },
	{ "one:unserved", SR_MAP_ONE_UNSERVED },
	{ "one:schools", SR_MAP_ONE_SCHOOL },
	{ "layer:units", SR_MAP_L_UNITS },
	{ "layer:catchments", SR_MAP_L_CATCHMENTS },
	{ "layer:unserved", SR_MAP_L_UNSERVED },
	{ "layer:schools", SR_MAP_L_SCHOOLS },
};

typedef struct {
	sg_sb *b[2];
} msg_out;

/* Table entries the viewer shows: categories and indicators. */
static void msg_entry(const char *id, const char *vi, const char *en,
		      void *payload)
{
	msg_out *m = payload;
	const char *prefix = NULL, *name = strchr(id, ':');

	if (!strncmp(id, "category:", 9))
		prefix = "cat:";
	else if (!strncmp(id, "indicator:", 10))
		prefix = "ind:";
	if (!prefix)
		return;
	for (int l = 0; l < 2; l++) {
		char key[128];

		snprintf(key, sizeof(key), "%s%s", prefix, name + 1);
		sg_sb__printf(m->b[l], ",\n   ");
		sg_sb__json_text(m->b[l], key);
		sg_sb__printf(m->b[l], ": ");
		sg_sb__json_text(m->b[l], l ? en : vi);
	}
}

/* {"vi": {...}, "en": {...}} */
static void messages_json(sg_sb *out)
{
	static const char *const levels[] = {
		"preschool",	   "primary",	  "lower_secondary",
		"upper_secondary", "multi_level", NULL
	};
	sg_sb b[2] = { { 0 }, { 0 } };
	msg_out m = { { &b[0], &b[1] } };

	for (int l = 0; l < 2; l++) {
		sg_sb__printf(&b[l], "{\"lang\": \"%s\"", l ? "en" : "vi");
		for (size_t i = 0;
		     i < sizeof(viewer_keys) / sizeof(*viewer_keys); i++) {
			sg_sb__printf(&b[l], ",\n   ");
			sg_sb__json_text(&b[l], viewer_keys[i].name);
			sg_sb__printf(&b[l], ": ");
			sg_sb__json_text(&b[l], sr_text(l, viewer_keys[i].key));
		}
		for (int i = 0; levels[i]; i++) {
			sg_sb__printf(&b[l], ",\n   \"level:%s\": ", levels[i]);
			sg_sb__json_text(&b[l], sr_level(l, levels[i]));
		}
	}
	sr_each(msg_entry, &m);
	sg_sb__printf(out, "{\"vi\": %s},\n  \"en\": %s}}",
		      b[0].s ? b[0].s : "{", b[1].s ? b[1].s : "{");
	if (b[0].oom || b[1].oom)
		out->oom = 1;
	free(b[0].s);
	free(b[1].s);
}

/* units.geojson: each unit of the finest kind as its name's point
 * (inside it) with its code, name and box; for labels and search. */
static int units_geojson(sg_ctx *ctx, char **out)
{
	static const char *const kinds[] = { "ward", "district", "city" };
	GEOSContextHandle_t h = ctx->geos;
	sg_sb b = { 0 };
	sg_feats f;
	int rc = SG_ENOTFOUND;

	*out = NULL;
	for (int k = 0; k < 3 && rc == SG_ENOTFOUND; k++)
		rc = sg_tiles__load_units(ctx, NULL, kinds[k], &f);
	sg_error__clear(ctx);
	if (rc != SG_OK)
		return SG_ENOTFOUND;
	sg_sb__printf(&b, "{\"type\": \"FeatureCollection\", \"features\": [");
	for (size_t i = 0, n = 0; i < f.n; i++) {
		GEOSGeometry *p;
		double x, y, x0, y0, x1, y1;

		if (!f.geom[i] || GEOSisEmpty_r(h, f.geom[i]) == 1 ||
		    !(p = GEOSPointOnSurface_r(h, f.geom[i])))
			continue;
		if (GEOSGeomGetX_r(h, p, &x) && GEOSGeomGetY_r(h, p, &y) &&
		    GEOSGeom_getXMin_r(h, f.geom[i], &x0) &&
		    GEOSGeom_getYMin_r(h, f.geom[i], &y0) &&
		    GEOSGeom_getXMax_r(h, f.geom[i], &x1) &&
		    GEOSGeom_getYMax_r(h, f.geom[i], &y1)) {
			sg_sb__printf(&b,
				      "%s\n{\"type\": \"Feature\", "
				      "\"geometry\": {\"type\": \"Point\", "
				      "\"coordinates\": [%.7f, %.7f]}, "
				      "\"properties\": {\"code\": ",
				      n++ ? "," : "", x, y);
			sg_sb__json_text(&b, sg_table_text(f.attr, i, 0));
			sg_sb__printf(&b, ", \"name\": ");
			sg_sb__json_text(&b, sg_table_text(f.attr, i, 1));
			sg_sb__printf(&b,
				      ", \"bbox\": [%.7f, %.7f, %.7f, "
				      "%.7f]}}",
				      x0, y0, x1, y1);
		}
		GEOSGeom_destroy_r(h, p);
	}
	sg_sb__printf(&b, "\n]}\n");
	sg_feats__free(ctx, &f);
	if (b.oom) {
		free(b.s);
		return sg_error__oom(ctx, "tiles");
	}
	*out = b.s;
	return SG_OK;
}

/* catchments.geojson: the latest catchment run's polygons with their
 * school, for "whose catchment is this place in".  SG_ENOTFOUND when
 * there is no run. */
static int catchments_geojson(sg_ctx *ctx, const char *year, char **out)
{
	GEOSContextHandle_t h = ctx->geos;
	GEOSGeoJSONWriter *w;
	sg_sb b = { 0 };
	sg_feats f;
	int rc;

	*out = NULL;
	rc = sg_tiles__load_catchments(ctx, NULL, NULL, NULL, 0, year, &f);
	sg_error__clear(ctx);
	if (rc != SG_OK)
		return SG_ENOTFOUND;
	w = GEOSGeoJSONWriter_create_r(h);
	sg_sb__printf(&b, "{\"type\": \"FeatureCollection\", \"features\": [");
	for (size_t i = 0, n = 0; w && i < f.n; i++) {
		char *g;

		if (!f.geom[i] || GEOSisEmpty_r(h, f.geom[i]) == 1 ||
		    !(g = GEOSGeoJSONWriter_writeGeometry_r(h, w, f.geom[i],
							    -1)))
			continue;
		sg_sb__printf(&b,
			      "%s\n{\"type\": \"Feature\", \"geometry\": "
			      "%s, \"properties\": {\"level\": ",
			      n++ ? "," : "", g);
		GEOSFree_r(h, g);
		sg_sb__json_text(&b, sg_table_text(f.attr, i, 1));
		sg_sb__printf(&b, ", \"method\": ");
		sg_sb__json_text(&b, sg_table_text(f.attr, i, 2));
		sg_sb__printf(&b, ", \"school_code\": ");
		sg_sb__json_text(&b, sg_table_text(f.attr, i, 3));
		sg_sb__printf(&b, ", \"school_name\": ");
		sg_sb__json_text(&b, sg_table_text(f.attr, i, 4));
		sg_sb__printf(&b, "}}");
	}
	sg_sb__printf(&b, "\n]}\n");
	if (w)
		GEOSGeoJSONWriter_destroy_r(h, w);
	sg_feats__free(ctx, &f);
	if (!w || b.oom) {
		free(b.s);
		return sg_error__oom(ctx, "tiles");
	}
	*out = b.s;
	return SG_OK;
}

/* Write the optional file NAME made by fn beside the viewer; a missing
 * source (SG_ENOTFOUND) writes nothing. */
static int side_file(sg_ctx *ctx, const char *dir, const char *name, int rc,
		     char *data)
{
	char file[4400];

	if (rc == SG_ENOTFOUND)
		return SG_OK;
	if (rc != SG_OK)
		return rc;
	snprintf(file, sizeof(file), "%s/%s", dir, name);
	rc = sg_file__write_atomic(ctx, file, data, strlen(data), "tiles");
	free(data);
	return rc;
}

int sg_tiles__write_viewer(sg_ctx *ctx, const sg_map *map, const char *dir,
			   const sg_pyramid_info *pi, const char *leaflet_dir,
			   const char *year, const sg_standards *std)
{
	sg_sb b = { 0 };
	char file[4400], *gj = NULL, title[300];
	int rc, school_tiles = 0;

	if (!year && map->year[0])
		year = map->year;
	rc = copy_leaflet(ctx, leaflet_dir ? leaflet_dir : LEAFLET_DIR, dir);
	if (rc != SG_OK)
		return rc;
	rc = schools_geojson(ctx, year, std, &gj);
	if (rc != SG_OK)
		return rc;
	snprintf(file, sizeof(file), "%s/schools.geojson", dir);
	rc = sg_file__write_atomic(ctx, file, gj, strlen(gj), "tiles");
	free(gj);
	if (rc == SG_OK) {
		rc = units_geojson(ctx, &gj);
		rc = side_file(ctx, dir, "units.geojson", rc, gj);
	}
	if (rc == SG_OK) {
		rc = catchments_geojson(ctx, year, &gj);
		rc = side_file(ctx, dir, "catchments.geojson", rc, gj);
	}
	if (rc != SG_OK)
		return rc;
	for (size_t i = 0; i < map->nlayers; i++)
		school_tiles |= map->layers[i].kind == SG_MAP_SCHOOLS;
	/* The title is HTML text: escape the few special characters. */
	{
		size_t k = 0;

		for (const char *p = pi->name; *p && k + 7 < sizeof(title); p++)
			k += (size_t)snprintf(title + k, sizeof(title) - k,
					      "%s",
					      *p == '<'	  ? "&lt;"
					      : *p == '&' ? "&amp;"
					      : *p == '>' ? "&gt;"
							  : (char[2]){ *p, 0 });
		title[k] = '\0';
	}
	sg_sb__printf(&b, page_head, title);
	sg_sb__printf(&b, "{\n  \"name\": ");
	sg_sb__json_text(&b, pi->name);
	sg_sb__printf(&b, ",\n  \"attribution\": ");
	sg_sb__json_text(&b, pi->attribution);
	sg_sb__printf(&b,
		      ",\n  \"bounds\": [%.7f, %.7f, %.7f, %.7f],\n"
		      "  \"minzoom\": %d,\n  \"maxzoom\": %d,\n"
		      "  \"schoolTiles\": %s,\n  \"legend\": %s,\n"
		      "  \"index\": %s,\n  \"lang\": \"%s\",\n  \"msg\": ",
		      pi->bounds[0], pi->bounds[1], pi->bounds[2],
		      pi->bounds[3], pi->minzoom, pi->maxzoom,
		      school_tiles ? "true" : "false", pi->legend_json,
		      pi->index_json, map->lang ? "en" : "vi");
	messages_json(&b);
	sg_sb__printf(&b,
		      "\n};\n</script>\n<script>\n%s</script>\n"
		      "</body>\n</html>\n",
		      viewer_js);
	if (b.oom) {
		free(b.s);
		return sg_error__oom(ctx, "tiles");
	}
	snprintf(file, sizeof(file), "%s/viewer.html", dir);
	rc = sg_file__write_atomic(ctx, file, b.s, b.len, "tiles");
	free(b.s);
	return rc;
}
