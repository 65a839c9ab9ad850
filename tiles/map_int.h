/*
 * tiles/map_int.h - the layout of a map and the drawing of one view,
 * shared by the map (map.c), static images (map.c), the tile pyramid
 * (pyramid.c) and the viewer files (viewer.c).
 *
 * A map is read-only once its layers are added: drawing threads share
 * it.  What depends on the resolution (the outline polygons, buffered
 * from the layer's boundary lines by GEOS) is made once per zoom level
 * into an sg_map_prep, also shared read-only.  Each thread draws with
 * its own sg_map_worker (raster and index query state).
 */
#ifndef SG_TILES_MAP_INT_H
#define SG_TILES_MAP_INT_H

#include "engine/context.h"
#include "schoolgis/tile.h"
#include "tiles/geom.h"
#include "tiles/render.h"
#include "tiles/style.h"
#include "util/file.h"

/* One legend entry. */
typedef struct {
	char label[96];
	char value[32];	 /* categories */
	double min, max; /* classes: NaN for open ends */
	sg_color8 color;
	int shape;    /* markers; -1: none */
	double size;  /* markers: diameter, pixels; 0: the layer's */
	size_t count; /* features in it */
} sg_legend_entry;

typedef struct {
	sg_map_layer_kind kind;
	sg_layer_style style;
	char by[64]; /* the column used; "" = one colour */
	char title[160];
	char type[16];	  /* "classes", "categories", "single" */
	sg_shapes shapes; /* EPSG:3857 */
	sg_grid grid;
	sg_rgba *color;	     /* per feature: fill, opaque */
	uint8_t *shape;	     /* markers: per feature */
	float *msize;	     /* markers: diameter per feature, pixels */
	double max_size;     /* the largest of them */
	GEOSGeometry *lines; /* outlines: merged boundaries, EPSG:3857 */
	sg_legend_entry *legend;
	size_t nlegend;
	sg_legend_entry *shapes_legend; /* markers: shape per level */
	size_t nshapes_legend;
	double extent[4]; /* EPSG:3857 box of the features */
	int lang;	  /* of the texts: 0 Vietnamese, 1 English */
	/* Units in the focus (tiles/labels.c): name, anchor (EPSG:3857,
	 * 2 per feature), area for the order of placing; NULL name: none. */
	char **names;
	double *anchor;
	double *larea;
	size_t nnames;
} sg_map_layer;

struct sg_map {
	sg_ctx *ctx;
	sg_map_style style;
	sg_map_layer *layers;
	size_t nlayers;
	double bbox[4]; /* study area, degrees */
	int has_bbox;
	char year[32];	      /* school year of the figures, "" none */
	int lang;	      /* of the texts: 0 Vietnamese, 1 English */
	char focus[64];	      /* unit code of a map of one unit, or "" */
	double focus_bbox[4]; /* degrees: the focused units' box */
};

/* What one resolution needs: the outline polygons of each layer. */
typedef struct {
	double res;	     /* metres per pixel */
	double scale;	     /* line widths and marker sizes x */
	sg_shapes *outlines; /* per layer */
	sg_grid *ogrid;	     /* per layer */
	size_t nlayers;
} sg_map_prep;

int sg_map__prepare(sg_ctx *ctx, const sg_map *map, double res, double scale,
		    sg_map_prep *out);
void sg_map__prep_free(sg_map_prep *p);

/* A drawing thread's state for images of w x h pixels. */
typedef struct {
	sg_raster *r;
	sg_grid_query *q;  /* per layer */
	sg_grid_query *oq; /* per layer, outlines */
	size_t nlayers;
} sg_map_worker;

int sg_map__worker_init(sg_map_worker *w, const sg_map *map,
			const sg_map_prep *prep, unsigned width,
			unsigned height); /* 0 or -1 out of memory */
void sg_map__worker_free(sg_map_worker *w);

/*
 * Draw the EPSG:3857 box b into w->r (cleared first), filling the whole
 * raster.  Returns the number of features met (0: nothing can have been
 * drawn), or -1 out of memory.
 */
int sg_map__draw(const sg_map *map, const sg_map_prep *prep, sg_map_worker *w,
		 const double b[4]);

/* The map's study area (or layers') box in EPSG:3857. */
void sg_map__merc_bounds(const sg_map *map, double out[4]);

/* Text is built with util/util.h's sg_sb; files written with util/file.h. */

#endif /* SG_TILES_MAP_INT_H */
