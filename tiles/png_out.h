/*
 * tiles/png_out.h - PNG encoding of rendered images with libpng's write
 * API (png_struct, into memory): a palette PNG (1, 2, 4 or 8 bits a
 * pixel) when the image has at most 256 distinct RGBA colours, else
 * 8-bit RGBA.
 */
#ifndef SG_TILES_PNG_OUT_H
#define SG_TILES_PNG_OUT_H

#include <stddef.h>
#include <stdint.h>

/* One encoder per thread: scratch buffers reused from image to image. */
typedef struct sg_png_enc sg_png_enc;

sg_png_enc *sg_png__new(void); /* NULL on out of memory */
void sg_png__free(sg_png_enc *e);

/* How an image was written. */
enum {
	SG_PNG_RGBA = 0,     /* 8-bit RGBA */
	SG_PNG_PALETTE = 1,  /* exact palette: <= 256 colours */
	SG_PNG_QUANTIZED = 2 /* more colours, reduced to 256 */
};

/*
 * Entries of the palette of an image with more than 256 colours (unless
 * RGBA is asked for): its frequent colours exact, the anti-aliased
 * blends sharing the rest.  48 (128 until session 8) makes the
 * benchmark city's zoom 10-14 tiles 0.988x the bytes of gdal2tiles'
 * (128: 1.227x) for a mean per-tile difference of 0.043 from the exact
 * image (128: 0.017; bench/RESULTS.md, tiles, session 8).
 */
#define SG_PNG_QUANT_COLORS 48

/*
 * Encode w x h straight-alpha RGBA pixels (rows of w * 4 bytes): an
 * exact palette when there are at most 256 colours; else, with
 * quantize, a palette of SG_PNG_QUANT_COLORS entries (sg_quant__palette: frequent colours
 * exact, anti-aliased edge colours approximated), or 8-bit RGBA.  On
 * success *png and *len point into the encoder (valid until the next
 * call) and *kind is an SG_PNG_* value.  Returns 0, or -1 with the
 * reason in msg.
 */
int sg_png__encode(sg_png_enc *e, const uint8_t *rgba, unsigned w, unsigned h,
		   int quantize, const void **png, size_t *len, int *kind,
		   char *msg, size_t msgn);

#endif /* SG_TILES_PNG_OUT_H */
