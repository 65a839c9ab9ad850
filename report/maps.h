/*
 * report/maps.h - static maps for the report (report/maps.c).
 */
#ifndef SG_REPORT_MAPS_H
#define SG_REPORT_MAPS_H

#include "report/html.h"
#include "schoolgis/context.h"
#include "schoolgis/standards.h"
#include "tiles/map_int.h"

/* One layer of a report map (fields as in sg_map_layer_options). */
typedef struct {
	int kind; /* sg_map_layer_kind */
	const char *by;
	const char *level;
	const char *method;
	const char *unit_kind;
	const char *year;
	const sg_standards *standards;
	const char *unit; /* the unit's scope; NULL: whole store */
	double margin;
} sr_map_layer;

/*
 * Render the layers (bottom first) as a map of the unit unit_code: its
 * box with a margin, its sub-units named, other units faded; append it
 * as an embedded PNG with its legend, scale bar and north arrow, its
 * scale and extent in the caption and in the figure's data-bbox
 * ("west,south,east,north", degrees), data-scale and data-labels (the
 * names placed) attributes.  The names also go to *labels_out (JSON, see
 * sg_map_render_png_labels; NULL: not wanted; freed with sg_free).
 * The layers' indicators are read from `figs` (the report's results; NULL
 * or a NULL member: computed by the layer).
 * Returns SG_OK, or the error of loading a layer (e.g. SG_ENOTFOUND when
 * no catchment run exists), in which case nothing is appended.
 */
int sr_map(sr_buf *b, sg_ctx *ctx, sr_lang lang, const char *unit_code,
	   const char *title, const sr_map_layer *layers, size_t n,
	   const sg_map_figures *figs, char **labels_out);

#endif /* SG_REPORT_MAPS_H */
