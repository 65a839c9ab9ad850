/*
 * tiles/png_out.c - PNG encoding through libpng's simplified write API.
 *
 * Map tiles are mostly a few flat colours with anti-aliased edges
 * between them, so most fit a palette: one byte per pixel instead of
 * four, which zlib compresses several times smaller and faster.  The
 * colours are counted in one pass with a small open-addressing table;
 * the pass builds the index image at the same time and gives up at the
 * 257th colour.  Fully transparent pixels all count as one colour.
 *
 * A tile of one colour (common deep inside a polygon at high zoom) is
 * encoded once per colour and served from a small cache afterwards.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

#include "tiles/png_out.h"
#include "tiles/quantize.h"

#define SLOTS 1024 /* hash slots, power of two, > 2 x 256 */
#define SOLID_CACHE 16

struct sg_png_enc {
	uint8_t *index; /* palette indexes, w x h */
	size_t index_cap;
	uint8_t *out; /* the last PNG */
	size_t out_cap;
	uint32_t keys[SLOTS];
	int16_t vals[SLOTS];
	uint8_t colormap[256 * 4];
	struct {
		uint32_t color;
		unsigned w, h;
		uint8_t *png;
		size_t len;
	} solid[SOLID_CACHE];
	int nsolid;
	sg_quant *quant; /* made on first use */
};

sg_png_enc *sg_png__new(void)
{
	return calloc(1, sizeof(sg_png_enc));
}

void sg_png__free(sg_png_enc *e)
{
	if (!e)
		return;
	for (int i = 0; i < e->nsolid; i++)
		free(e->solid[i].png);
	sg_quant__free(e->quant);
	free(e->index);
	free(e->out);
	free(e);
}

/* A pixel's four bytes as one word, in memory order (the colormap
 * entry is a copy of it); every transparent pixel is the same colour,
 * 0. */
static inline uint32_t pack(const uint8_t *p)
{
	uint32_t c;

	memcpy(&c, p, 4);
	return p[3] ? c : 0;
}

/* Count colours and fill the index image; the number of colours, or
 * 257 when there are more than 256. */
static int palettize(sg_png_enc *e, const uint8_t *rgba, size_t npix)
{
	uint32_t last = 0;
	int n = 0, lastidx = -1;

	memset(e->vals, 0xff, sizeof(e->vals));
	for (size_t i = 0; i < npix; i++) {
		uint32_t c = pack(rgba + 4 * i), h;

		if (lastidx >= 0 && c == last) {
			e->index[i] = (uint8_t)lastidx;
			continue;
		}
		h = (c * 2654435761u) >> 22; /* 10 bits */
		while (e->vals[h] >= 0 && e->keys[h] != c)
			h = (h + 1) & (SLOTS - 1);
		if (e->vals[h] < 0) {
			if (n == 256)
				return 257;
			e->keys[h] = c;
			e->vals[h] = (int16_t)n;
			memcpy(e->colormap + 4 * n, &c, 4);
			n++;
		}
		last = c;
		lastidx = e->vals[h];
		e->index[i] = (uint8_t)lastidx;
	}
	return n;
}

/* Run png_image_write_to_memory into e->out, growing it as needed: a
 * call with too small a buffer fails but says how much it needs. */
static int write_png(sg_png_enc *e, png_image *img, const void *buf,
		     const void *colormap, size_t *len, char *msg, size_t msgn)
{
	png_alloc_size_t size = e->out_cap;
	uint8_t *p;

	if (png_image_write_to_memory(img, e->out, &size, 0, buf, 0,
				      colormap) &&
	    e->out) {
		*len = size;
		return 0;
	}
	if (size == 0 || (e->out && size <= e->out_cap))
		goto fail; /* size unchanged: a real error */
	p = realloc(e->out, size + size / 4 + 4096);
	if (!p) {
		snprintf(msg, msgn, "out of memory");
		return -1;
	}
	e->out = p;
	e->out_cap = size + size / 4 + 4096;
	size = e->out_cap;
	if (png_image_write_to_memory(img, e->out, &size, 0, buf, 0,
				      colormap)) {
		*len = size;
		return 0;
	}
fail:
	snprintf(msg, msgn, "libpng: %s",
		 img->message[0] ? img->message : "cannot write");
	png_image_free(img);
	return -1;
}

int sg_png__encode(sg_png_enc *e, const uint8_t *rgba, unsigned w, unsigned h,
		   int quantize, const void **png, size_t *len, int *kind,
		   char *msg, size_t msgn)
{
	size_t npix = (size_t)w * h;
	png_image img;
	int ncolors;

	if (npix > e->index_cap) {
		uint8_t *p = realloc(e->index, npix);

		if (!p) {
			snprintf(msg, msgn, "out of memory");
			return -1;
		}
		e->index = p;
		e->index_cap = npix;
	}
	ncolors = palettize(e, rgba, npix);
	if (ncolors == 1) {
		uint32_t c = pack(rgba);

		for (int i = 0; i < e->nsolid; i++)
			if (e->solid[i].color == c && e->solid[i].w == w &&
			    e->solid[i].h == h) {
				*png = e->solid[i].png;
				*len = e->solid[i].len;
				*kind = SG_PNG_PALETTE;
				return 0;
			}
	}
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	img.width = w;
	img.height = h;
	*kind = ncolors <= 256 ? SG_PNG_PALETTE : SG_PNG_RGBA;
	if (ncolors > 256 && quantize) {
		/* Colours on 1/4096 of the tile (16 pixels of 256 x 256)
		 * are kept exact; the blends share what is left of 128
		 * entries.  On the benchmark city's tiles (bench/tiles.sh)
		 * 0.6% of the pixels change, by 22 levels at most and by
		 * more than 4 on 0.002%, and the pyramid is 2.5 times
		 * smaller than with RGBA (with 256 entries: 1.9 times). */
		size_t keep = npix / 4096 < 8 ? 8 : npix / 4096;

		if (!e->quant)
			e->quant = sg_quant__new();
		if (e->quant)
			ncolors = sg_quant__palette(e->quant, rgba, npix, keep,
						    128, e->index, e->colormap);
		if (ncolors >= 1 && ncolors <= 256)
			*kind = SG_PNG_QUANTIZED;
	}
	/* zlib level 3 and no row filters (PNG_IMAGE_FLAG_FAST) for RGBA
	 * and quantized tiles: 4.5x faster than libpng's adaptive filters
	 * at level 6 on RGBA map tiles, 14% larger; on the benchmark city
	 * (bench/tiles.sh) level 6 on the quantized tiles would cost 15%
	 * more time for 6% fewer bytes.  Exact palettes, the simpler
	 * tiles, keep level 6 (libpng filters no palette rows anyway). */
	img.flags = *kind == SG_PNG_PALETTE ? 0 : PNG_IMAGE_FLAG_FAST;
	if (*kind != SG_PNG_RGBA) {
		img.format = PNG_FORMAT_RGBA_COLORMAP;
		img.colormap_entries = (png_uint_32)ncolors;
		if (write_png(e, &img, e->index, e->colormap, len, msg, msgn))
			return -1;
	} else {
		img.format = PNG_FORMAT_RGBA;
		if (write_png(e, &img, rgba, NULL, len, msg, msgn))
			return -1;
	}
	*png = e->out;
	if (ncolors == 1 && e->nsolid < SOLID_CACHE) {
		uint8_t *copy = malloc(*len);

		if (copy) {
			memcpy(copy, e->out, *len);
			e->solid[e->nsolid].color = pack(rgba);
			e->solid[e->nsolid].w = w;
			e->solid[e->nsolid].h = h;
			e->solid[e->nsolid].png = copy;
			e->solid[e->nsolid].len = *len;
			e->nsolid++;
		}
	}
	return 0;
}
