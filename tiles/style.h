/*
 * tiles/style.h - map styles: per layer, what to colour by and how
 * (classes of a number on a colour ramp, or colours per category), the
 * outlines and the markers; the style file; classification and legends.
 */
#ifndef SG_TILES_STYLE_H
#define SG_TILES_STYLE_H

#include <stdint.h>

#include "engine/context.h"
#include "schoolgis/tile.h"
#include "tiles/render.h"

/* An 8-bit sRGB colour with straight alpha. */
typedef struct {
	uint8_t r, g, b, a;
} sg_color8;

typedef enum {
	SG_CLASSIFY_QUANTILE = 0,
	SG_CLASSIFY_EQUAL = 1,
	SG_CLASSIFY_MANUAL = 2
} sg_classify;

#define SG_STYLE_MAX_BREAKS 15
#define SG_STYLE_MAX_CATS 16

/* A category: a value of a text attribute (or a school level) with its
 * colour and marker shape. */
typedef struct {
	char value[32];
	sg_color8 color;
	int has_color;
	sg_shape shape;
	int has_shape;
	double size; /* markers: diameter, pixels */
	int has_size;
} sg_style_cat;

/* The style of one layer. */
typedef struct {
	char by[64]; /* indicator; "" = one colour */
	sg_classify classify;
	int classes; /* quantile and equal: 2..16 */
	double breaks[SG_STYLE_MAX_BREAKS];
	int nbreaks; /* manual */
	char ramp[16];
	int reverse;
	double midpoint;  /* diverging ramps; NaN: none */
	float opacity;	  /* of the fills, 0..1 */
	sg_color8 fill;	  /* when `by` is empty */
	sg_color8 nodata; /* unknown values */
	sg_color8 outline;
	double outline_width; /* pixels at scale 1; 0: none */
	sg_fill_rule fill_rule;
	char kind[16]; /* units: ward, district, city */
	double size;   /* schools: marker diameter, pixels */
	sg_color8 marker_outline;
	double marker_outline_width;
	sg_style_cat cats[SG_STYLE_MAX_CATS];
	int ncats;
} sg_layer_style;

struct sg_map_style {
	sg_layer_style layer[4]; /* by sg_map_layer_kind */
	char source[1024];	 /* "built-in defaults" or the file */
};

/* The colour of a ramp ("viridis", "ylgnbu", "rdbu", ...) at t in
 * [0, 1]; false for an unknown ramp. */
int sg_style__ramp(const char *ramp, double t, sg_color8 *out);

/* True for the diverging ramps (rdbu, puor, brbg). */
int sg_style__ramp_diverging(const char *ramp);

/* "#rrggbb" / "#rrggbbaa" / "none" into a colour; 0 or -1. */
int sg_style__parse_color(const char *s, sg_color8 *out);
void sg_style__format_color(sg_color8 c, char *buf, size_t n);

/* The colour (shape) of a category value: 1 and *out, or 0 when the
 * style names none. */
int sg_style__cat_color(const sg_layer_style *ls, const char *value,
			sg_color8 *out);
int sg_style__cat_shape(const sg_layer_style *ls, const char *value,
			sg_shape *out);

/* The marker diameter of a category: its size.<value>, else the
 * layer's size. */
double sg_style__cat_size(const sg_layer_style *ls, const char *value);

/* Premultiplied float colour of an 8-bit one, times opacity. */
sg_rgba sg_style__rgba(sg_color8 c, float opacity);

/*
 * Classify n values (NaN: unknown) into class indexes (-1 unknown) and
 * colours per class, following ls: breaks (nbreaks_out of them, classes
 * = nbreaks + 1) and a colour per class in colors (room for
 * SG_STYLE_MAX_BREAKS + 1).  Returns SG_OK or SG_EINVALID (unknown
 * ramp, message on ctx).
 */
int sg_style__classify(sg_ctx *ctx, const sg_layer_style *ls, const double *v,
		       size_t n, int *cls, double *breaks, int *nbreaks_out,
		       sg_color8 *colors);

/* Human title of an indicator in lang (0 Vietnamese, 1 English), or
 * the name itself. */
const char *sg_style__title(int lang, const char *by);

/* The legend label of a category value ("Tiểu học", "Đạt chuẩn") in
 * lang (0 Vietnamese, 1 English), or the value itself. */
const char *sg_style__cat_label(int lang, const char *value);

/* The level category of a school's levels text: "preschool", ...,
 * "multi_level", or "unknown". */
const char *sg_style__level_cat(const char *levels);

#endif /* SG_TILES_STYLE_H */
