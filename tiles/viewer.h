/*
 * tiles/viewer.h - the files written beside a tile pyramid: the legend,
 * a TileJSON 3.0 file, and for XYZ directories an offline web viewer
 * (viewer.html with Leaflet copied beside it, and schools.geojson for
 * the popups).
 */
#ifndef SG_TILES_VIEWER_H
#define SG_TILES_VIEWER_H

#include "tiles/map_int.h"

/* What the pyramid was made of. */
typedef struct {
	int minzoom, maxzoom;
	unsigned scale;
	double bounds[4]; /* degrees */
	const char *name;
	const char *description;
	const char *attribution;
	const char *tile_url;	 /* absolute template for TileJSON */
	const char *legend_json; /* sg_map_legend */
	const char *index_json;	 /* written tiles: {"z": {"y": [[x0, x1],
				    * ...]}} */
} sg_pyramid_info;

/* A TileJSON 3.0 document for the pyramid; NULL on out of memory. */
char *sg_tiles__tilejson(const sg_pyramid_info *pi);

/*
 * Write viewer.html, leaflet/ (copied from leaflet_dir, NULL: Debian's
 * /usr/share/javascript/leaflet) and schools.geojson into dir.
 * SG_ENOTFOUND when Leaflet is missing; SG_EIO; SG_ENOMEM.
 */
int sg_tiles__write_viewer(sg_ctx *ctx, const sg_map *map, const char *dir,
			   const sg_pyramid_info *pi, const char *leaflet_dir,
			   const char *year, const sg_standards *std);

#endif /* SG_TILES_VIEWER_H */
