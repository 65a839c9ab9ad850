/*
 * schoolgis/tile.h - maps of the store: web map tiles (an XYZ directory
 * or an MBTiles file) with their legend, TileJSON and a web viewer, and
 * static map images of any box at any size for reports.
 *
 * A map (sg_map) is a stack of layers read once from the store: units
 * coloured by a roll-up or coverage indicator, catchments coloured by
 * utilization, computer ratio or compliance, the unserved areas of a
 * distance or capacity run, and schools as markers (shape by level,
 * colour by level or compliance).  Geometries are projected once to
 * EPSG:3857 (web mercator) through PROJ and indexed, so drawing a tile
 * touches only its own features.  Every rendering of a map (tiles of
 * any zoom, static images) uses the same styles and one legend.
 *
 * Drawing: exact-area anti-aliasing (each pixel's coverage is the area
 * of the polygon inside it), polygons of a layer composited together so
 * that neighbours leave no seam, outlines and markers over them; PNG
 * with a palette when a tile has at most 256 colours.
 *
 * Styles come from built-in defaults, a style file (INI-like; see
 * sg_map_style_format for every key) and per-call overrides.
 */
#ifndef SCHOOLGIS_TILE_H
#define SCHOOLGIS_TILE_H

#include "common.h"
#include "context.h"
#include "standards.h"

SG_BEGIN_DECL

/** What a map layer shows. */
typedef enum {
	SG_MAP_UNITS = 0,      /**< wards (or districts) by an indicator */
	SG_MAP_CATCHMENTS = 1, /**< catchments of the latest run */
	SG_MAP_UNSERVED = 2,   /**< unserved areas of the latest run */
	SG_MAP_SCHOOLS = 3     /**< school markers */
} sg_map_layer_kind;

/** "units", "catchments", "unserved", "schools"; NULL if unknown. */
SG_API const char *sg_map_layer_name(sg_map_layer_kind kind);

/**
 * Parse a layer name.
 * @return SG_OK, or SG_EINVALID for an unknown name.
 */
SG_API int sg_map_layer_parse(const char *name, sg_map_layer_kind *out);

/*---- Styles -------------------------------------------------------------*/

/** Opaque set of layer styles. */
typedef struct sg_map_style sg_map_style;

/**
 * The built-in styles: units by compliant_pct (quantiles, YlGnBu),
 * catchments by utilization (manual breaks 80/95/105/120 %, diverging
 * RdBu centred on 100 %), unserved areas in one colour, schools by level
 * (Okabe-Ito colours, a shape per level).  Every ramp is colour-blind
 * safe.
 *
 * @param out  OUT: freed with sg_map_style_free
 * @return SG_OK or SG_ENOMEM.
 */
SG_API int sg_map_style_new(sg_map_style **out);

/**
 * The defaults overridden by a style file: sections [units],
 * [catchments], [unserved], [schools]; lines "key = value"; ';' or '#'
 * start comments.
 *
 * @param path  the file; NULL gives the defaults
 * @param out   OUT: freed with sg_map_style_free
 * @return SG_OK; SG_ENOTFOUND (no file); SG_EINVALID (unknown section or
 *         key, bad value: the message names the file and line);
 *         SG_ENOMEM.
 */
SG_API int sg_map_style_load(sg_ctx *ctx, const char *path, sg_map_style **out);

/**
 * Set one value, "section.key" as in the file, e.g.
 * ("catchments.by", "compliance") or ("schools.size", "12").
 *
 * @return SG_OK or SG_EINVALID (the message says why).
 */
SG_API int sg_map_style_set(sg_ctx *ctx, sg_map_style *s, const char *key,
			    const char *value);

/**
 * The whole style as a file, every key with a comment; loading it back
 * gives the same style.
 *
 * @param out  OUT: NUL-terminated text, freed with sg_free
 * @return SG_OK or SG_ENOMEM.
 */
SG_API int sg_map_style_format(const sg_map_style *s, char **out);

/** Free a style; NULL is a no-op. */
SG_API void sg_map_style_free(sg_map_style *s);

/*---- Maps ---------------------------------------------------------------*/

/** Opaque map: layers loaded from a store, projected, styled. */
typedef struct sg_map sg_map;

#define SG_MAP_LAYER_OPTIONS_VERSION 2

/** Options of sg_map_add_layer.  Initialise with
 *  SG_MAP_LAYER_OPTIONS_INIT. */
typedef struct {
	unsigned int version; /**< SG_MAP_LAYER_OPTIONS_VERSION */
	sg_map_layer_kind kind;
	/**
	 * What colours the features; NULL: the style's `by`.
	 * - units: a column of the roll-up (compliant_pct,
	 *   students_per_teaching_computer, fibre_pct, ...), population,
	 *   or with `level` a coverage column (within_pct, children,
	 *   seats_minus_children, utilization_pct, ...; "coverage.X"
	 *   forces the coverage table; "coverage" means within_pct).
	 * - catchments: utilization (= utilization_pct, students / seats),
	 *   demand_pct (children in the catchment / seats), population,
	 *   seats, students, area_km2, ratio (students per teaching
	 *   computer of the school), compliance (categories yes, no,
	 *   unknown, n/a).
	 * - unserved: "" (one colour), population, area_km2.
	 * - schools: level or compliance (categories), or any number of
	 *   the ratios table (ratio, students, computers_teaching, ...).
	 */
	const char *by;
	/** School year of the figures ("2016-2017"); NULL: the latest
	 *  year of the store. */
	const char *year;
	/** Catchments and unserved: the run's level; units: the level of
	 *  coverage indicators; schools: only schools of this level.
	 *  NULL: the latest run's / all. */
	const char *level;
	/** Catchments and unserved: the run's method ("voronoi",
	 *  "distance", "capacity"); NULL: the latest run. */
	const char *method;
	/** Units: "ward", "district" or "city"; NULL: the style's kind. */
	const char *unit_kind;
	/** Standards for ratios, compliance and coverage; NULL: the
	 *  built-in defaults.  Borrowed. */
	const sg_standards *standards;
	/** Version >= 2: only this unit (units.code): its units, its
	 *  schools and those within `margin` outside it, the catchments in
	 *  that box, figures of its schools; the map's extent is the unit
	 *  widened by the margin (set by the first layer).  NULL: the whole
	 *  store. */
	const char *unit;
	/** Version >= 2: metres; 0: SG_SCOPE_MARGIN_DEFAULT. */
	double margin;
} sg_map_layer_options;

#define SG_MAP_LAYER_OPTIONS_INIT                                              \
	{                                                                      \
		SG_MAP_LAYER_OPTIONS_VERSION, SG_MAP_UNITS, NULL, NULL, NULL,  \
			NULL, NULL, NULL, NULL, 0                              \
	}

/**
 * A map with no layers, drawn with `style` (copied; NULL: the
 * defaults).  The map uses ctx's GEOS and PROJ handles: use it with that
 * context only, and free it before the context.
 *
 * @param out  OUT: freed with sg_map_free
 * @return SG_OK or SG_ENOMEM.
 */
SG_API int sg_map_new(sg_ctx *ctx, const sg_map_style *style, sg_map **out);

/**
 * Load a layer from the context's store and add it on top of the map:
 * geometries projected to EPSG:3857, values classified (quantiles or
 * equal intervals over this layer's features), features indexed.
 *
 * @return SG_OK; SG_ENOSTORE; SG_ENOTFOUND (no units, no catchment run
 *         matching level and method); SG_EINVALID (unknown indicator or
 *         kind: the message lists the choices); SG_EPROJ; SG_EGEOS;
 *         SG_ESQLITE; SG_ENOMEM.
 */
SG_API int sg_map_add_layer(sg_ctx *ctx, sg_map *map,
			    const sg_map_layer_options *opts);

/**
 * The language of the map's texts (legend titles and labels, numbers):
 * "vi" (the default) or "en".  Applies to the layers added after it.
 *
 * @return SG_OK or SG_EINVALID (another name).
 */
SG_API int sg_map_set_lang(sg_ctx *ctx, sg_map *map, const char *lang);

/**
 * Make a map of one unit: the units layers added after it draw the unit
 * and its sub-units in their colours and name them on the image
 * (sg_map_render_png_labels); every other unit is drawn faded, as
 * context.
 *
 * @param unit_code  the unit (a district, a city); NULL or "": none
 * @return SG_OK or SG_EINVALID (layers already added).
 */
SG_API int sg_map_set_focus(sg_ctx *ctx, sg_map *map, const char *unit_code);

/**
 * The box of the focused units (the unit or its sub-units), {west,
 * south, east, north} in degrees.
 *
 * @return false when the map has no focus or no focused unit.
 */
SG_API bool sg_map_focus_bounds(const sg_map *map, double out[4]);

/** Number of layers of the map. */
SG_API size_t sg_map_layer_count(const sg_map *map);

/** Number of features of layer i (0 when out of range). */
SG_API size_t sg_map_feature_count(const sg_map *map, size_t layer);

/**
 * The study area's bounding box (the store's units), {west, south,
 * east, north} in degrees, or the layers' when the store has no units.
 */
SG_API void sg_map_bounds(const sg_map *map, double out[4]);

/**
 * The legend of every layer as JSON: {"layers": [{"layer", "title",
 * "indicator", "type" ("classes", "categories" or "single"),
 * "opacity", "outline", "entries": [{"label", "color", "min", "max",
 * "value", "shape", "size", "count"}]}]}.  Viewers and reports draw the
 * same legend from it.
 *
 * @param out  OUT: NUL-terminated JSON, freed with sg_free
 * @return SG_OK or SG_ENOMEM.
 */
SG_API int sg_map_legend(const sg_map *map, char **out);

/** Free a map; NULL is a no-op. */
SG_API void sg_map_free(sg_map *map);

/*---- Static maps --------------------------------------------------------*/

#define SG_MAP_VIEW_VERSION 1

/** A static map image.  Initialise with SG_MAP_VIEW_INIT. */
typedef struct {
	unsigned int version; /**< SG_MAP_VIEW_VERSION */
	unsigned int width;   /**< pixels, 1..16384 */
	unsigned int height;  /**< pixels, 1..16384 */
	/** {west, south, east, north} in degrees; all 0: the study area.
	 *  The box is widened to the image's aspect ratio and centred. */
	double bbox[4];
	/** Multiplies line widths and marker sizes (2 for print). */
	double scale;
	/** "#rrggbb" background, or NULL for transparent. */
	const char *background;
} sg_map_view;

#define SG_MAP_VIEW_INIT                                                       \
	{                                                                      \
		SG_MAP_VIEW_VERSION, 800, 600, { 0, 0, 0, 0 }, 1.0, NULL       \
	}

/**
 * Render the map into a PNG file (written atomically).
 *
 * @return SG_OK; SG_EINVALID (bad size, box or colour); SG_EEXISTS
 *         (path exists and !overwrite); SG_EPNG; SG_EIO; SG_EGEOS;
 *         SG_ENOMEM.
 */
SG_API int sg_map_render_png(sg_ctx *ctx, const sg_map *map,
			     const sg_map_view *view, const char *path,
			     bool overwrite);

/**
 * Render the map into PNG bytes in memory.
 *
 * @param png_out  OUT: the PNG, freed with sg_free
 * @param len_out  OUT: its length in bytes
 * @return as sg_map_render_png.
 */
SG_API int sg_map_render_png_mem(sg_ctx *ctx, const sg_map *map,
				 const sg_map_view *view, void **png_out,
				 size_t *len_out);

/**
 * Render the map into PNG bytes with the names of the focused units
 * (sg_map_set_focus; every unit without a focus) placed without
 * collisions, in DejaVu Sans (Debian's fonts-dejavu-core; the
 * SCHOOLGIS_FONT environment variable names another TrueType font).
 *
 * @param png_out     OUT: the PNG, freed with sg_free
 * @param len_out     OUT: its length in bytes
 * @param labels_out  OUT: the names placed, as JSON [{"text", "x", "y",
 *                    "w", "h"}] (pixels from the top left), freed with
 *                    sg_free
 * @return as sg_map_render_png; SG_ENOTFOUND when the font is missing.
 */
SG_API int sg_map_render_png_labels(sg_ctx *ctx, const sg_map *map,
				    const sg_map_view *view, void **png_out,
				    size_t *len_out, char **labels_out);

/*---- Tile pyramids ------------------------------------------------------*/

#define SG_TILES_OPTIONS_VERSION 3

/** The default limit of sg_tiles_options.max_tiles. */
#define SG_TILES_MAX_DEFAULT 1000000

/** Options of sg_tiles_write.  Initialise with SG_TILES_OPTIONS_INIT. */
typedef struct {
	unsigned int version; /**< SG_TILES_OPTIONS_VERSION */
	int minzoom;	      /**< default 10 */
	int maxzoom;	      /**< default 16; at most 22 */
	/** 1: 256-pixel tiles; 2: 512-pixel tiles of the same extent
	 *  (retina displays; widths and sizes doubled). */
	unsigned int scale;
	/** Rendering threads; 0: one per core. */
	unsigned int threads;
	/** Replace an existing output (default: SG_EEXISTS). */
	bool overwrite;
	/** An XYZ directory also gets viewer.html (Leaflet, copied from
	 *  leaflet_dir), the legend and schools.geojson for popups. */
	bool viewer;
	/** Where Leaflet's leaflet.js, leaflet.css and images/ are; NULL:
	 *  /usr/share/javascript/leaflet (Debian's libjs-leaflet). */
	const char *leaflet_dir;
	/** Tileset name; NULL: made from the layers. */
	const char *name;
	/** Tileset description; NULL: made from the legend. */
	const char *description;
	/** Attribution text; NULL: "schoolgis". */
	const char *attribution;
	/** Absolute URL template of the tiles for the TileJSON file, e.g.
	 *  "https://maps.example.vn/cuchi/{z}/{x}/{y}.png"; NULL: a file://
	 *  URL of the XYZ directory (or of the MBTiles file). */
	const char *tile_url;
	/** School year of the viewer's school popups; NULL: the latest. */
	const char *year;
	/** Standards of the popups' ratios; NULL: defaults.  Borrowed. */
	const sg_standards *standards;
	/** Tiles with more than 256 colours as 8-bit RGBA PNGs.  Default
	 *  (false): a 256-colour palette where every colour covering 16
	 *  pixels or more stays exact and the rarer anti-aliased edge
	 *  colours take the nearest entry, as Mapnik's png256 tiles do:
	 *  about half the bytes.  Tiles with at most 256 colours are exact
	 *  palette PNGs either way. */
	bool exact_colors;
	/* Version 2. */
	/**
	 * Render only shard `shard_index` (0-based, 0 <= shard_index <
	 * shard_count) of `shard_count`; 0 or 1: the whole pyramid.  Every
	 * zoom's tiles, numbered row by row over the study area's box, are
	 * cut into runs of up to 256 consecutive tiles (shorter at zooms
	 * with few tiles, so that every shard gets several runs), dealt out
	 * to the shards in turn: run r goes to shard r mod shard_count.
	 * The shards are disjoint, together they are the whole pyramid, and
	 * each has the same number of tiles within one run per zoom; since
	 * the runs are spread over the whole area, empty sea or
	 * countryside is shared too.  Every shard writes the same metadata,
	 * legend and TileJSON; MBTiles shards merge with sg_tiles_merge.
	 * An XYZ shard is a directory of its own and gets no viewer (its
	 * index of written tiles would be partial).
	 */
	unsigned int shard_index;
	unsigned int shard_count;
	/* Version 3. */
	/**
	 * Refuse a pyramid of more tiles than this (of this shard's part
	 * with shard_count > 1) before anything is rendered or written:
	 * SG_EINVALID, with the count (the tiles of the study area's box
	 * at every zoom, as summary->tiles) in the summary and the
	 * message.  0: no limit.  Default SG_TILES_MAX_DEFAULT; a version
	 * 1 or 2 caller gets no limit.
	 */
	unsigned long long max_tiles;
} sg_tiles_options;

#define SG_TILES_OPTIONS_INIT                                                  \
	{                                                                      \
		SG_TILES_OPTIONS_VERSION, 10, 16, 1, 0, false, true, NULL,     \
			NULL, NULL, NULL, NULL, NULL, NULL, false, 0, 1,       \
			SG_TILES_MAX_DEFAULT                                   \
	}

/** Layout of sg_tiles_summary; fields are only ever added at the end. */
#define SG_TILES_SUMMARY_VERSION 1

/** What sg_tiles_write did. */
typedef struct {
	unsigned int version; /**< set by the library:
			       *   SG_TILES_SUMMARY_VERSION */
	uint64_t tiles;	      /**< tiles of the study area's box, all zooms
			      *   (of this shard's part with shard_count > 1;
			      *   sg_tiles_merge: tiles read from inputs) */
	uint64_t written;     /**< non-empty tiles written */
	uint64_t empty;	      /**< tiles skipped: nothing drawn */
	uint64_t unique;      /**< MBTiles: distinct images stored */
	uint64_t palette;     /**< tiles written as palette PNGs */
	uint64_t quantized;   /**< ... of which with colours reduced */
	uint64_t bytes;	      /**< bytes of the PNGs written (all tiles) */
	double seconds;	      /**< wall time */
	unsigned int threads;
	int minzoom, maxzoom;
	double bounds[4]; /**< {west, south, east, north}, degrees */
} sg_tiles_summary;

/**
 * Render the map's tiles over the study area's box, zoom by zoom, and
 * write them.  `path` ending in ".mbtiles" gives an MBTiles 1.3 file
 * (TMS rows; metadata with bounds, center, zooms, format and the legend
 * in "json"; identical tiles stored once through the map/images tables
 * and the `tiles` view); anything else an XYZ directory (z/x/y.png).
 * Beside the tiles: the legend (legend.json, or NAME.legend.json beside
 * an MBTiles file) and a TileJSON 3.0 file (tilejson.json, or
 * NAME.tilejson).  Tiles where nothing is drawn are not written.
 *
 * The output is built under a temporary name and renamed into place at
 * the end, so a failure or a kill never leaves a half-written pyramid
 * where the old one was.  Progress goes to the context's callback
 * (stage "tiles", done and total tiles); cancelling there stops the
 * run and removes the temporary output.
 *
 * @return SG_OK; SG_EINVALID (zooms, scale, empty map); SG_EEXISTS;
 *         SG_ENOTFOUND (Leaflet not found for the viewer); SG_EIO;
 *         SG_ESQLITE; SG_EPNG; SG_EGEOS; SG_ENOMEM; SG_ECANCELLED.
 */
SG_API int sg_tiles_write(sg_ctx *ctx, const sg_map *map, const char *path,
			  const sg_tiles_options *opts,
			  sg_tiles_summary *summary);

/**
 * Merge MBTiles files written by sg_tiles_write (typically the shards of
 * one pyramid, see sg_tiles_options.shard_count) into one MBTiles file
 * with the same metadata.  Every input must have exactly the same
 * metadata table (format, bounds, zooms, tile size, name, legend and
 * style...); a tile z/x/y present in several inputs must have the same
 * image bytes in all (identical duplicates are stored once).  Identical
 * images are stored once (the map/images schema of sg_tiles_write).
 * The output is written in one transaction under a temporary name and
 * renamed into place; on any error nothing is left at `out`.  Also
 * writes NAME.legend.json beside the output when the first input has
 * one.
 *
 * @param inputs  n paths of MBTiles files (n >= 1)
 * @param summary OUT (may be NULL): tiles (read), written (distinct
 *                z/x/y), unique (images), bytes, seconds, zooms, bounds
 * @return SG_OK; SG_EINVALID (metadata differ, a tile differs between
 *         inputs, not an MBTiles file: the message names the inputs);
 *         SG_ENOTFOUND (an input missing); SG_EEXISTS (out exists and
 *         !overwrite); SG_ESQLITE; SG_EIO; SG_ENOMEM.
 */
SG_API int sg_tiles_merge(sg_ctx *ctx, const char *out,
			  const char *const *inputs, size_t n, bool overwrite,
			  sg_tiles_summary *summary);

SG_END_DECL

#endif /* SCHOOLGIS_TILE_H */
