/*
 * tiles/quantize.h - a 256-colour palette for a tile with more colours:
 * the frequent colours (flat fills, long edges) keep exact entries, the
 * rare ones (anti-aliased pixels along edges) share median-cut entries.
 * Mapnik's "png256" (the format of the OSM tiles) makes the same trade.
 */
#ifndef SG_TILES_QUANTIZE_H
#define SG_TILES_QUANTIZE_H

#include <stddef.h>
#include <stdint.h>

/* Scratch space, one per thread. */
typedef struct sg_quant sg_quant;

sg_quant *sg_quant__new(void); /* NULL on out of memory */
void sg_quant__free(sg_quant *q);

/*
 * A palette of at most max_colors (2..256) entries for npix
 * straight-alpha RGBA pixels: index (npix bytes) and colormap (4 bytes
 * per entry).  Colours covering at least keep_min pixels are exact (the
 * most frequent first, up to half the entries); every other
 * pixel takes the nearest entry in premultiplied RGBA.  Returns the
 * number of entries, or -1 when the image has too many distinct colours
 * to be worth it (over 8192) or memory runs out.
 */
int sg_quant__palette(sg_quant *q, const uint8_t *rgba, size_t npix,
		      size_t keep_min, int max_colors, uint8_t *index,
		      uint8_t *colormap);

#endif /* SG_TILES_QUANTIZE_H */
