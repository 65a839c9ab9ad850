/*
 * tiles/labels.h - a map of one unit: the focus (other units faded), the
 * names of the focused units placed without collisions and drawn with
 * FreeType (tiles/labels.c).
 */
#ifndef SG_TILES_LABELS_H
#define SG_TILES_LABELS_H

#include <stdint.h>

#include "layers/tiles_load.h"
#include "tiles/map_int.h"

/*
 * After a units layer is coloured: keep the names and anchors (EPSG:3857)
 * of the units in the map's focus, grow the focus box, fade the colours
 * of the others.  Other layers: nothing.  SG_OK or SG_ENOMEM.
 */
int sg_labels__units(sg_ctx *ctx, sg_map *map, sg_map_layer *l,
		     const sg_feats *f);

/* Free what sg_labels__units kept. */
void sg_labels__layer_free(sg_map_layer *l);

/*
 * Place and draw the names onto px (w x h straight-alpha RGBA8) of the
 * EPSG:3857 box b at res metres per pixel, text size x scale; the placed
 * names go to list (when not NULL) as a JSON array of {"text", "x", "y",
 * "w", "h"} in pixels.  SG_OK, SG_ENOTFOUND (no font), SG_ENOMEM.
 */
int sg_labels__draw(sg_ctx *ctx, const sg_map *map, const double b[4],
		    double res, double scale, uint8_t *px, unsigned w,
		    unsigned h, sg_sb *list);

#endif /* SG_TILES_LABELS_H */
