/*
 * tiles/png_out.c - PNG encoding through libpng's write API (png_struct),
 * into memory.
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
#include <zlib.h>

#include "tiles/png_out.h"
#include "tiles/quantize.h"

#define SLOTS 1024 /* hash slots, power of two, > 2 x 256 */
#define SOLID_CACHE 16

struct sg_png_enc {
	uint8_t *index; /* palette indexes, w x h */
	size_t index_cap;
	uint8_t *out; /* the last PNG */
	size_t out_len, out_cap;
	uint8_t *arena; /* libpng's memory, ARENA_SIZE bytes */
	size_t arena_used;
	char err[200]; /* libpng's last error */
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
	free(e->arena);
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

/*---- libpng's write API into memory -------------------------------------*/

/* libpng's allocations (its structures and zlib's buffers, about 280 kB
 * for a 256 x 256 tile) come from the encoder's arena, a bump allocator
 * emptied after each image: the same pages serve every tile instead of
 * being mapped, faulted in and unmapped for each.  Requests past the
 * arena go to malloc. */
#define ARENA_SIZE (512 * 1024)

static png_voidp arena_malloc(png_structp png, png_alloc_size_t n)
{
	sg_png_enc *e = png_get_mem_ptr(png);
	size_t need = (n + 15) & ~(size_t)15;

	if (e->arena && need <= ARENA_SIZE - e->arena_used) {
		void *p = e->arena + e->arena_used;

		e->arena_used += need;
		return p;
	}
	return malloc(n);
}

static void arena_free(png_structp png, png_voidp p)
{
	sg_png_enc *e = png_get_mem_ptr(png);

	if (p && !(e->arena && (uint8_t *)p >= e->arena &&
		   (uint8_t *)p < e->arena + ARENA_SIZE))
		free(p);
}

static void on_error(png_structp png, png_const_charp what)
{
	sg_png_enc *e = png_get_error_ptr(png);

	snprintf(e->err, sizeof(e->err), "%s", what);
	png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp what)
{
	(void)png;
	(void)what;
}

/* The PNG's bytes, appended to e->out. */
static void on_write(png_structp png, png_bytep data, size_t n)
{
	sg_png_enc *e = png_get_io_ptr(png);

	if (n > e->out_cap - e->out_len) {
		size_t cap = e->out_cap ? e->out_cap : 16384;
		uint8_t *p;

		while (cap - e->out_len < n)
			cap *= 2;
		p = realloc(e->out, cap);
		if (!p)
			png_error(png, "out of memory");
		e->out = p;
		e->out_cap = cap;
	}
	memcpy(e->out + e->out_len, data, n);
	e->out_len += n;
}

static void on_flush(png_structp png)
{
	(void)png;
}

/*
 * Write the w x h image into e->out through libpng: ncolors > 0, a
 * palette PNG of ncolors entries (e->colormap) from one index byte per
 * pixel (buf), packed by libpng to 1, 2 or 4 bits a pixel when the
 * entries fit; ncolors == 0, 8-bit RGBA (buf).  Chunks: IHDR, PLTE, tRNS
 * (the alpha of the entries up to the last translucent one), IDAT,
 * IEND: no sRGB (the simplified API's png_image writes one).
 * No row filter.
 *
 * Palettes use Z_RLE, measured on bench/tiles.sh's tiles (mostly
 * 128-colour quantized palettes, the size before session 8) re-encoded from the same indexes:
 * 11.85 MB, against zlib level 3 (PNG_IMAGE_FLAG_FAST, the encoder
 * before) 14.13 MB for the same time, level 6 12.59 MB in 1.8 times the
 * time, level 9 11.80 MB in 9 times; any row filter made them larger (Up
 * 18.2 MB, libpng's adaptive choice 16.5 MB at level 6).  Flat fills are
 * long runs of one index, which run-length matches code as well as full
 * LZ77.  With Z_RLE zlib's level changes nothing (deflate_rle serves
 * every level above 0).  Window and memory level stay at zlib's 32 kB
 * and 8: a 512-byte window gives the same bits but zlib then slides it
 * (and its 32,768-entry hash table, unused by Z_RLE) every 256 bytes,
 * which took 70% of the whole run's CPU; memory level 4 (smaller
 * blocks) made the pyramid 1.1% larger, 9 0.0004% smaller.  Profiled
 * (perf, the bench's zoom 10-16 run): zlib 8.5% of the samples,
 * libpng 4%, against the rasterizer and quantizer 36% and the kernel's
 * file creation 41%.
 * RGBA (--exact-colors) keeps level 3 without filters: 4.5x faster than
 * libpng's adaptive filters at level 6, 14% larger.
 */
static int write_png(sg_png_enc *e, const uint8_t *buf, unsigned w, unsigned h,
		     int ncolors, char *msg, size_t msgn)
{
	int rgba = ncolors == 0;
	int depth = rgba	    ? 8
		    : ncolors <= 2  ? 1
		    : ncolors <= 4  ? 2
		    : ncolors <= 16 ? 4
				    : 8;
	size_t stride = rgba ? (size_t)w * 4 : w;
	png_structp png;
	png_infop info;

	e->out_len = 0;
	e->arena_used = 0;
	e->err[0] = 0;
	if (!e->arena)
		e->arena = malloc(ARENA_SIZE); /* NULL: all from malloc */
	png = png_create_write_struct_2(PNG_LIBPNG_VER_STRING, e, on_error,
					on_warning, e, arena_malloc,
					arena_free);
	if (!png) {
		snprintf(msg, msgn, "out of memory");
		return -1;
	}
	info = png_create_info_struct(png);
	if (!info) {
		png_destroy_write_struct(&png, NULL);
		snprintf(msg, msgn, "out of memory");
		return -1;
	}
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		if (strstr(e->err, "memory"))
			snprintf(msg, msgn, "out of memory");
		else
			snprintf(msg, msgn, "libpng: %s",
				 e->err[0] ? e->err : "cannot write");
		return -1;
	}
	png_set_write_fn(png, e, on_write, on_flush);
	png_set_IHDR(png, info, w, h, depth,
		     rgba ? PNG_COLOR_TYPE_RGBA : PNG_COLOR_TYPE_PALETTE,
		     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
		     PNG_FILTER_TYPE_DEFAULT);
	if (!rgba) {
		png_color plte[256];
		png_byte trns[256];
		int ntrans = 0;

		for (int i = 0; i < ncolors; i++) {
			plte[i].red = e->colormap[4 * i];
			plte[i].green = e->colormap[4 * i + 1];
			plte[i].blue = e->colormap[4 * i + 2];
			trns[i] = e->colormap[4 * i + 3];
			if (trns[i] != 255)
				ntrans = i + 1;
		}
		png_set_PLTE(png, info, plte, ncolors);
		if (ntrans)
			png_set_tRNS(png, info, trns, ntrans, NULL);
	}
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
	if (rgba) {
		png_set_compression_level(png, 3);
		png_set_compression_strategy(png, Z_DEFAULT_STRATEGY);
	} else {
		png_set_compression_level(png, 6);
		png_set_compression_strategy(png, Z_RLE);
	}
	/* The whole IDAT in one chunk for most tiles (libpng writes a
	 * chunk per compression buffer: 12 bytes each). */
	png_set_compression_buffer_size(png, 65536);
	png_write_info(png, info);
	if (depth < 8)
		png_set_packing(png);
	for (unsigned y = 0; y < h; y++)
		png_write_row(png, buf + (size_t)y * stride);
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	return 0;
}

int sg_png__encode(sg_png_enc *e, const uint8_t *rgba, unsigned w, unsigned h,
		   int quantize, const void **png, size_t *len, int *kind,
		   char *msg, size_t msgn)
{
	size_t npix = (size_t)w * h;
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
	*kind = ncolors <= 256 ? SG_PNG_PALETTE : SG_PNG_RGBA;
	if (ncolors > 256 && quantize) {
		/* Colours on 1/4096 of the tile (16 pixels of 256 x 256)
		 * are kept exact; the blends share what is left of
		 * SG_PNG_QUANT_COLORS entries.  On the benchmark city's
		 * tiles (bench/tiles.sh, zoom 10-16) 0.77% of the pixels
		 * change (premultiplied), by more than 4 levels on 0.028%,
		 * mean per-tile difference 0.009, and the pyramid is 3.6
		 * times smaller than with RGBA (128 entries: 0.54%, 0.003%,
		 * 0.004, 2.9 times). */
		size_t keep = npix / 4096 < 8 ? 8 : npix / 4096;

		if (!e->quant)
			e->quant = sg_quant__new();
		if (e->quant)
			ncolors = sg_quant__palette(e->quant, rgba, npix, keep,
						    SG_PNG_QUANT_COLORS,
						    e->index, e->colormap);
		if (ncolors >= 1 && ncolors <= 256)
			*kind = SG_PNG_QUANTIZED;
	}
	if (write_png(e, *kind != SG_PNG_RGBA ? e->index : rgba, w, h,
		      *kind != SG_PNG_RGBA ? ncolors : 0, msg, msgn))
		return -1;
	*len = e->out_len;
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
