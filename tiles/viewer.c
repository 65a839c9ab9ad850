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

#include "engine/strmap.h"
#include "layers/tiles_load.h"
#include "schoolgis/stats.h"
#include "tiles/sink.h"
#include "tiles/viewer.h"

#define LEAFLET_DIR "/usr/share/javascript/leaflet"

char *sg_tiles__tilejson(const sg_pyramid_info *pi)
{
	sg_sbuf b = { NULL, 0, 0, 0 };
	const char *p;

	sg_sbuf__put(&b, "{\n  \"tilejson\": \"3.0.0\",\n  \"name\": ");
	sg_sbuf__json(&b, pi->name);
	sg_sbuf__put(&b, ",\n  \"description\": ");
	sg_sbuf__json(&b, pi->description);
	sg_sbuf__put(&b, ",\n  \"version\": \"1.0.0\",\n  \"attribution\": ");
	sg_sbuf__json(&b, pi->attribution);
	sg_sbuf__put(&b, ",\n  \"scheme\": \"xyz\",\n  \"tiles\": [");
	sg_sbuf__json(&b, pi->tile_url);
	sg_sbuf__put(&b, "],\n  \"minzoom\": %d,\n  \"maxzoom\": %d,\n"
		     "  \"bounds\": [%.7f, %.7f, %.7f, %.7f],\n"
		     "  \"center\": [%.7f, %.7f, %d],\n", pi->minzoom,
		     pi->maxzoom, pi->bounds[0], pi->bounds[1], pi->bounds[2],
		     pi->bounds[3], (pi->bounds[0] + pi->bounds[2]) / 2,
		     (pi->bounds[1] + pi->bounds[3]) / 2,
		     pi->minzoom + 1 <= pi->maxzoom ? pi->minzoom + 1
						     : pi->minzoom);
	/* The legend as text (the spec's "legend" is a string), the full
	 * one as an extra key. */
	sg_sbuf__put(&b, "  \"legend\": ");
	{
		sg_sbuf t = { NULL, 0, 0, 0 };

		/* Titles, one per layer, from the legend JSON. */
		for (p = strstr(pi->legend_json, "\"title\": \""); p;
		     p = strstr(p, "\"title\": \"")) {
			const char *e;

			p += 10;
			for (e = p; *e && !(*e == '"' && e[-1] != '\\'); e++)
				;
			sg_sbuf__put(&t, "%s%.*s", t.len ? "; " : "",
				     (int)(e - p), p);
			p = e;
		}
		sg_sbuf__put(&b, "\"%s\"", t.p ? t.p : "");
		if (t.oom)
			b.oom = 1;
		free(t.p);
	}
	sg_sbuf__put(&b, ",\n  \"tile_size\": %u,\n"
		     "  \"schoolgis_legend\": %s}\n", 256 * pi->scale,
		     pi->legend_json);
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

/*---- Copying Leaflet ----------------------------------------------------*/

static int copy_file(sg_ctx *ctx, const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out;
	char buf[65536];
	size_t n;
	int ok = 1;

	if (!in)
		return sg_error__set(ctx, errno == ENOENT ? SG_ENOTFOUND
				     : SG_EIO, "tiles: viewer: %s: %s (install "
				     "Debian's libjs-leaflet, or give the "
				     "Leaflet directory)", from,
				     strerror(errno));
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
		return sg_error__set(ctx, SG_EIO, "tiles: viewer: cannot copy "
				     "%s", from);
	return SG_OK;
}

static int copy_leaflet(sg_ctx *ctx, const char *src, const char *dir)
{
	static const char *const files[] = {
		"leaflet.js", "leaflet.css", "images/layers.png",
		"images/layers-2x.png", "images/marker-icon.png",
		"images/marker-icon-2x.png", "images/marker-shadow.png"
	};
	char from[4400], to[4400];
	int rc;

	snprintf(to, sizeof(to), "%s/leaflet/images", dir);
	if (sg_dir__make(to) != 0)
		return sg_error__set(ctx, SG_EIO, "tiles: viewer: cannot "
				     "create %s: %s", to, strerror(errno));
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
						len ? " – " : "",
						names[i][1]);
	}
	return buf;
}

static void num_prop(sg_sbuf *b, const char *key, const sg_table *t,
		     long row, const char *col)
{
	int c = t ? sg_table_col(t, col) : -1;
	double v = row >= 0 && c >= 0 ? sg_table_real(t, (size_t)row,
						      (size_t)c)
				      : NAN;

	if (isfinite(v))
		sg_sbuf__put(b, ", \"%s\": %.10g", key, v);
	else
		sg_sbuf__put(b, ", \"%s\": null", key);
}

static int schools_geojson(sg_ctx *ctx, const char *year,
			   const sg_standards *std, char **out)
{
	sg_stats_options so = SG_STATS_OPTIONS_INIT;
	sg_table *ratios = NULL;
	sg_strmap *byc = NULL;
	sg_feats f;
	sg_sbuf b = { NULL, 0, 0, 0 };
	int rc, rcode = -1, ccomp = -1;

	*out = NULL;
	rc = sg_tiles__load_schools(ctx, year, NULL, &f);
	if (rc != SG_OK)
		return rc;
	so.year = year;
	so.by = SG_STATS_BY_SCHOOL;
	so.standards = std;
	if (sg_stats_ratios(ctx, &so, &ratios) == SG_OK) {
		rcode = sg_table_col(ratios, "school_code");
		ccomp = sg_table_col(ratios, "compliant");
		byc = rcode >= 0 ? sg_strmap__new() : NULL;
		for (size_t r = 0; byc && r < sg_table_nrows(ratios); r++) {
			const char *k = sg_table_text(ratios, r, (size_t)rcode);

			if (k && sg_strmap__put(byc, k, (int64_t)r) != 0) {
				sg_strmap__free(byc);
				byc = NULL;
			}
		}
	}
	/* No school figures: the popups show what the store has. */
	sg_error__clear(ctx);
	sg_sbuf__put(&b, "{\"type\": \"FeatureCollection\", \"features\": [");
	for (size_t i = 0, k = 0; i < f.n; i++) {
		const char *code = sg_table_text(f.attr, i, 0);
		const char *levels = sg_table_text(f.attr, i, 2);
		double x, y;
		long row = -1;
		char lbl[96];

		if (!f.geom[i] ||
		    GEOSGeomTypeId_r(ctx->geos, f.geom[i]) != GEOS_POINT ||
		    !GEOSGeomGetX_r(ctx->geos, f.geom[i], &x) ||
		    !GEOSGeomGetY_r(ctx->geos, f.geom[i], &y))
			continue;
		if (byc && code) {
			int64_t r;

			if (sg_strmap__get(byc, code, &r))
				row = (long)r;
		}
		sg_sbuf__put(&b, "%s\n{\"type\": \"Feature\", \"geometry\": "
			     "{\"type\": \"Point\", \"coordinates\": [%.7f, "
			     "%.7f]}, \"properties\": {\"code\": ",
			     k++ ? "," : "", x, y);
		sg_sbuf__json(&b, code);
		sg_sbuf__put(&b, ", \"name\": ");
		sg_sbuf__json(&b, sg_table_text(f.attr, i, 1));
		sg_sbuf__put(&b, ", \"levels\": ");
		sg_sbuf__json(&b, levels);
		sg_sbuf__put(&b, ", \"level\": ");
		sg_sbuf__json(&b, level_label(levels, lbl, sizeof(lbl)));
		sg_sbuf__put(&b, ", \"unit\": ");
		sg_sbuf__json(&b, sg_table_text(f.attr, i, 3));
		sg_sbuf__put(&b, ", \"year\": ");
		sg_sbuf__json(&b, sg_table_text(f.attr, i, 4));
		num_prop(&b, "students", f.attr, (long)i, "students");
		num_prop(&b, "computers_teaching", f.attr, (long)i,
			 "computers_teaching");
		num_prop(&b, "computers_management", f.attr, (long)i,
			 "computers_management");
		num_prop(&b, "ratio", ratios, row,
			 "students_per_teaching_computer");
		sg_sbuf__put(&b, ", \"compliance\": ");
		sg_sbuf__json(&b, row >= 0 && ccomp >= 0
					  ? sg_table_text(ratios, (size_t)row,
							  (size_t)ccomp)
					  : "unknown");
		sg_sbuf__put(&b, "}}");
	}
	sg_sbuf__put(&b, "\n]}\n");
	sg_strmap__free(byc);
	sg_table_free(ratios);
	sg_feats__free(ctx, &f);
	if (b.oom) {
		free(b.p);
		return sg_error__set(ctx, SG_ENOMEM, "tiles: out of memory");
	}
	*out = b.p;
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
	"</style>\n"
	"</head>\n"
	"<body>\n"
	"<div id=\"map\"></div>\n"
	"<script>\n"
	"var SG = ";

/* The page's script: tiles (only those written), legend, schools. */
static const char page_script[] =
	";\n</script>\n<script>\n"
	"(function () {\n"
	"  'use strict';\n"
	"  var state = { tilesLoaded: 0, tileErrors: 0, schools: -1,"
	" errors: [] };\n"
	"  function report() {\n"
	"    document.documentElement.setAttribute('data-sg-state',"
	" JSON.stringify(state));\n"
	"  }\n"
	"  window.addEventListener('error', function (e) {\n"
	"    state.errors.push(String(e.message)); report();\n"
	"  });\n"
	"  var b = SG.bounds;\n"
	"  var bounds = L.latLngBounds([b[1], b[0]], [b[3], b[2]]);\n"
	"  var map = L.map('map', { minZoom: SG.minzoom, maxZoom: SG.maxzoom"
	" + 2,\n"
	"    maxBounds: bounds.pad(1) });\n"
	"  map.fitBounds(bounds);\n"
	"  if (map.getZoom() < SG.minzoom) map.setZoom(SG.minzoom);\n"
	"  if (map.getZoom() > SG.maxzoom) map.setZoom(SG.maxzoom);\n"
	"  function present(c) {\n"
	"    var z = SG.index[c.z], row = z && z[c.y];\n"
	"    if (!row) return false;\n"
	"    for (var i = 0; i < row.length; i++)\n"
	"      if (c.x >= row[i][0] && c.x <= row[i][1]) return true;\n"
	"    return false;\n"
	"  }\n"
	"  var Tiles = L.TileLayer.extend({\n"
	"    getTileUrl: function (c) {\n"
	"      return present(c) ? L.TileLayer.prototype.getTileUrl.call(this,"
	" c)\n"
	"                        : L.Util.emptyImageUrl;\n"
	"    }\n"
	"  });\n"
	"  var tiles = new Tiles('{z}/{x}/{y}.png', {\n"
	"    minZoom: SG.minzoom, maxZoom: SG.maxzoom + 2, minNativeZoom:"
	" SG.minzoom,\n"
	"    maxNativeZoom: SG.maxzoom, bounds: bounds, tileSize: 256,\n"
	"    attribution: SG.attribution\n"
	"  });\n"
	"  tiles.on('tileload', function (e) {\n"
	"    if (e.tile.src.indexOf('data:') !== 0) state.tilesLoaded++;\n"
	"    report();\n"
	"  });\n"
	"  tiles.on('tileerror', function () { state.tileErrors++; report();"
	" });\n"
	"  tiles.addTo(map);\n"
	"  var legend = L.control({ position: 'bottomright' });\n"
	"  legend.onAdd = function () {\n"
	"    var div = L.DomUtil.create('div', 'sg-legend');\n"
	"    function swatch(e, fill) {\n"
	"      var i = document.createElement('i');\n"
	"      if (e.shape) i.className = e.shape;\n"
	"      i.style.background = fill || e.color || '#fff';\n"
	"      return i;\n"
	"    }\n"
	"    SG.legend.layers.forEach(function (l) {\n"
	"      var h = document.createElement('h4');\n"
	"      h.textContent = l.title;\n"
	"      div.appendChild(h);\n"
	"      l.entries.forEach(function (e) {\n"
	"        var row = document.createElement('div');\n"
	"        row.appendChild(swatch(e));\n"
	"        row.appendChild(document.createTextNode(e.label + ' (' +"
	" e.count + ')'));\n"
	"        div.appendChild(row);\n"
	"      });\n"
	"      (l.shapes || []).forEach(function (e) {\n"
	"        var row = document.createElement('div');\n"
	"        row.appendChild(swatch(e, '#777'));\n"
	"        row.appendChild(document.createTextNode(e.label));\n"
	"        div.appendChild(row);\n"
	"      });\n"
	"    });\n"
	"    return div;\n"
	"  };\n"
	"  legend.addTo(map);\n"
	"  L.control.scale({ imperial: false }).addTo(map);\n"
	"  var layers = L.control.layers(null, { 'Bản đồ / map': tiles },\n"
	"    { collapsed: false }).addTo(map);\n"
	"  function fmt(v, d) {\n"
	"    return v === null || v === undefined ? '–' :\n"
	"      (typeof v === 'number' ? v.toFixed(d) : String(v));\n"
	"  }\n"
	"  function popup(p) {\n"
	"    var t = document.createElement('table'), rows = [\n"
	"      ['Trường / school', p.name + ' (' + p.code + ')'],\n"
	"      ['Cấp học / level', p.level || p.levels],\n"
	"      ['Học sinh / students', fmt(p.students, 0)],\n"
	"      ['Máy tính / computers', fmt(p.computers_teaching, 0) +"
	" ' + ' +\n"
	"        fmt(p.computers_management, 0)],\n"
	"      ['HS / máy / students per computer', fmt(p.ratio, 1)],\n"
	"      ['Đạt chuẩn / compliance', p.compliance],\n"
	"      ['Năm học / year', p.year || '–']];\n"
	"    t.className = 'sg-popup';\n"
	"    rows.forEach(function (r) {\n"
	"      var tr = t.insertRow(), th = document.createElement('th');\n"
	"      th.textContent = r[0];\n"
	"      tr.appendChild(th);\n"
	"      tr.insertCell().textContent = r[1];\n"
	"    });\n"
	"    return t;\n"
	"  }\n"
	"  fetch('schools.geojson').then(function (r) {\n"
	"    if (!r.ok) throw new Error('schools.geojson: HTTP ' +"
	" r.status);\n"
	"    return r.json();\n"
	"  }).then(function (gj) {\n"
	"    var colors = { yes: '#009e73', no: '#d55e00' };\n"
	"    var pts = L.geoJSON(gj, {\n"
	"      pointToLayer: function (f, ll) {\n"
	"        return L.circleMarker(ll, SG.schoolTiles ?\n"
	"          { radius: 7, stroke: false, fillOpacity: 0.01 } :\n"
	"          { radius: 5, color: '#fff', weight: 1, fillOpacity: 0.9,\n"
	"            fillColor: colors[f.properties.compliance] ||"
	" '#999' });\n"
	"      },\n"
	"      onEachFeature: function (f, l) { l.bindPopup(popup("
	"f.properties)); }\n"
	"    }).addTo(map);\n"
	"    layers.addOverlay(pts, 'Trường / schools');\n"
	"    state.schools = gj.features.length;\n"
	"    report();\n"
	"  }).catch(function (e) { state.errors.push(String(e)); report();"
	" });\n"
	"  report();\n"
	"})();\n"
	"</script>\n"
	"</body>\n"
	"</html>\n";

int sg_tiles__write_viewer(sg_ctx *ctx, const sg_map *map, const char *dir,
			   const sg_pyramid_info *pi, const char *leaflet_dir,
			   const char *year, const sg_standards *std)
{
	sg_sbuf b = { NULL, 0, 0, 0 };
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
	if (rc != SG_OK)
		return rc;
	for (size_t i = 0; i < map->nlayers; i++)
		school_tiles |= map->layers[i].kind == SG_MAP_SCHOOLS;
	/* The title is HTML text: escape the few special characters. */
	{
		size_t k = 0;

		for (const char *p = pi->name; *p && k + 7 < sizeof(title); p++)
			k += (size_t)snprintf(title + k, sizeof(title) - k,
					      "%s", *p == '<' ? "&lt;" :
					      *p == '&' ? "&amp;" :
					      *p == '>' ? "&gt;" :
					      (char[2]){ *p, 0 });
		title[k] = '\0';
	}
	sg_sbuf__put(&b, page_head, title);
	sg_sbuf__put(&b, "{\n  \"name\": ");
	sg_sbuf__json(&b, pi->name);
	sg_sbuf__put(&b, ",\n  \"attribution\": ");
	sg_sbuf__json(&b, pi->attribution);
	sg_sbuf__put(&b, ",\n  \"bounds\": [%.7f, %.7f, %.7f, %.7f],\n"
		     "  \"minzoom\": %d,\n  \"maxzoom\": %d,\n"
		     "  \"schoolTiles\": %s,\n  \"legend\": %s,\n"
		     "  \"index\": %s\n}", pi->bounds[0], pi->bounds[1],
		     pi->bounds[2], pi->bounds[3], pi->minzoom, pi->maxzoom,
		     school_tiles ? "true" : "false", pi->legend_json,
		     pi->index_json);
	sg_sbuf__put(&b, "%s", page_script);
	if (b.oom) {
		free(b.p);
		return sg_error__set(ctx, SG_ENOMEM, "tiles: out of memory");
	}
	snprintf(file, sizeof(file), "%s/viewer.html", dir);
	rc = sg_file__write_atomic(ctx, file, b.p, b.len, "tiles");
	free(b.p);
	return rc;
}
