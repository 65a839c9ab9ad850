/*
 * tiles/style.c - map styles: built-in defaults, the style file, colour
 * ramps, classification of values into classes, indicator titles.
 *
 * Ramps are the colour-blind-safe sequential and diverging schemes of
 * ColorBrewer (YlGnBu, YlOrRd, Blues; RdBu, PuOr, BrBG) and matplotlib's
 * viridis and cividis, as published anchor colours interpolated in sRGB.
 * Category colours default to the Okabe-Ito palette, designed to stay
 * distinct for the common colour-vision deficiencies.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report/strings.h"
#include "tiles/style.h"
#include "util/file.h"

/*---- Ramps --------------------------------------------------------------*/

static const struct {
	const char *name;
	int diverging;
	const char *colors; /* anchors, low to high */
} ramps[] = {
	{ "viridis", 0,
	  "440154 482878 3e4989 31688e 26828e 1f9e89 35b779 "
	  "6ece58 b5de2b fde725" },
	{ "cividis", 0,
	  "00204d 00336f 39486b 575c6d 707173 8a8779 a69d75 "
	  "c4b56c e4cf5b ffea46" },
	{ "ylgnbu", 0,
	  "ffffd9 edf8b1 c7e9b4 7fcdbb 41b6c4 1d91c0 225ea8 "
	  "253494 081d58" },
	{ "ylorrd", 0,
	  "ffffcc ffeda0 fed976 feb24c fd8d3c fc4e2a e31a1c "
	  "bd0026 800026" },
	{ "blues", 0,
	  "f7fbff deebf7 c6dbef 9ecae1 6baed6 4292c6 2171b5 "
	  "08519c 08306b" },
	{ "rdbu", 1,
	  "67001f b2182b d6604d f4a582 fddbc7 f7f7f7 d1e5f0 "
	  "92c5de 4393c3 2166ac 053061" },
	{ "puor", 1,
	  "7f3b08 b35806 e08214 fdb863 fee0b6 f7f7f7 d8daeb "
	  "b2abd2 8073ac 542788 2d004b" },
	{ "brbg", 1,
	  "543005 8c510a bf812d dfc27d f6e8c3 f5f5f5 c7eae5 "
	  "80cdc1 35978f 01665e 003c30" },
};
#define NRAMPS (sizeof(ramps) / sizeof(*ramps))

static int ramp_index(const char *name)
{
	for (size_t i = 0; i < NRAMPS; i++)
		if (strcasecmp(ramps[i].name, name) == 0)
			return (int)i;
	return -1;
}

int sg_style__ramp_diverging(const char *ramp)
{
	int i = ramp_index(ramp);

	return i >= 0 && ramps[i].diverging;
}

int sg_style__ramp(const char *ramp, double t, sg_color8 *out)
{
	int i = ramp_index(ramp), n;
	unsigned a[16][3];
	const char *p;
	double f;
	int k;

	if (i < 0)
		return 0;
	for (n = 0, p = ramps[i].colors; *p && n < 16; n++) {
		unsigned v = (unsigned)strtoul(p, (char **)&p, 16);

		a[n][0] = v >> 16 & 255;
		a[n][1] = v >> 8 & 255;
		a[n][2] = v & 255;
		while (*p == ' ')
			p++;
	}
	t = t < 0 ? 0 : t > 1 ? 1 : t;
	f = t * (n - 1);
	k = (int)floor(f);
	if (k >= n - 1)
		k = n - 2;
	f -= k;
	out->r = (uint8_t)lround(a[k][0] + (a[k + 1][0] - (double)a[k][0]) * f);
	out->g = (uint8_t)lround(a[k][1] + (a[k + 1][1] - (double)a[k][1]) * f);
	out->b = (uint8_t)lround(a[k][2] + (a[k + 1][2] - (double)a[k][2]) * f);
	out->a = 255;
	return 1;
}

/*---- Colours ------------------------------------------------------------*/

int sg_style__parse_color(const char *s, sg_color8 *out)
{
	size_t n;
	unsigned long v;
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	if (strcasecmp(s, "none") == 0) {
		memset(out, 0, sizeof(*out));
		return 0;
	}
	if (*s != '#')
		return -1;
	n = strlen(++s);
	if (n != 6 && n != 8)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return -1;
	v = strtoul(s, &end, 16);
	if (n == 6)
		v = v << 8 | 0xff;
	out->r = (uint8_t)(v >> 24 & 255);
	out->g = (uint8_t)(v >> 16 & 255);
	out->b = (uint8_t)(v >> 8 & 255);
	out->a = (uint8_t)(v & 255);
	return 0;
}

void sg_style__format_color(sg_color8 c, char *buf, size_t n)
{
	if (c.a == 0)
		snprintf(buf, n, "none");
	else if (c.a == 255)
		snprintf(buf, n, "#%02x%02x%02x", c.r, c.g, c.b);
	else
		snprintf(buf, n, "#%02x%02x%02x%02x", c.r, c.g, c.b, c.a);
}

sg_rgba sg_style__rgba(sg_color8 c, float opacity)
{
	return sg_rgba__scale(sg_rgba__from8(c.r, c.g, c.b, c.a), opacity);
}

static sg_color8 hex(unsigned v)
{
	sg_color8 c = { (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v,
			255 };

	return c;
}

/*---- Defaults -----------------------------------------------------------*/

static void add_cat(sg_layer_style *ls, const char *value, int color,
		    unsigned rgb, int shape)
{
	sg_style_cat *c = &ls->cats[ls->ncats++];

	snprintf(c->value, sizeof(c->value), "%s", value);
	if (color) {
		c->color = hex(rgb);
		c->has_color = 1;
	}
	if (shape >= 0) {
		c->shape = (sg_shape)shape;
		c->has_shape = 1;
	}
}

/* Compliance colours (Okabe-Ito): bluish green, vermillion, black (no
 * computer at all: apart from every other colour, for colour-blind
 * readers too), greys. */
static void compliance_cats(sg_layer_style *ls)
{
	add_cat(ls, "yes", 1, 0x009e73, -1);
	add_cat(ls, "no", 1, 0xd55e00, -1);
	add_cat(ls, "no computers", 1, 0x000000, -1);
	add_cat(ls, "unknown", 1, 0x999999, -1);
	add_cat(ls, "n/a", 1, 0xdddddd, -1);
}

static void defaults(sg_map_style *s)
{
	sg_layer_style *ls;

	memset(s, 0, sizeof(*s));
	snprintf(s->source, sizeof(s->source), "built-in defaults");
	for (int i = 0; i < 4; i++) {
		ls = &s->layer[i];
		ls->classify = SG_CLASSIFY_QUANTILE;
		ls->classes = 5;
		snprintf(ls->ramp, sizeof(ls->ramp), "ylgnbu");
		ls->midpoint = NAN;
		ls->opacity = 0.75f;
		ls->fill = hex(0x3182bd);
		ls->nodata = hex(0xd9d9d9);
		ls->outline = hex(0xffffff);
		ls->outline_width = 1;
		ls->fill_rule = SG_FILL_NONZERO;
		snprintf(ls->kind, sizeof(ls->kind), "ward");
		ls->size = 9;
		ls->marker_outline = hex(0xffffff);
		ls->marker_outline_width = 1.5;
	}
	ls = &s->layer[SG_MAP_UNITS];
	snprintf(ls->by, sizeof(ls->by), "compliant_pct");
	compliance_cats(ls);
	ls = &s->layer[SG_MAP_CATCHMENTS];
	snprintf(ls->by, sizeof(ls->by), "utilization");
	ls->classify = SG_CLASSIFY_MANUAL;
	ls->breaks[0] = 80;
	ls->breaks[1] = 95;
	ls->breaks[2] = 105;
	ls->breaks[3] = 120;
	ls->nbreaks = 4;
	snprintf(ls->ramp, sizeof(ls->ramp), "rdbu");
	ls->reverse = 1; /* under-used blue, over capacity red */
	ls->midpoint = 100;
	compliance_cats(ls);
	ls = &s->layer[SG_MAP_UNSERVED];
	ls->by[0] = '\0';
	ls->fill = hex(0xd95f02);
	ls->opacity = 0.55f;
	ls->outline = hex(0x7f2704);
	snprintf(ls->ramp, sizeof(ls->ramp), "ylorrd");
	ls = &s->layer[SG_MAP_SCHOOLS];
	snprintf(ls->by, sizeof(ls->by), "level");
	ls->opacity = 1;
	snprintf(ls->ramp, sizeof(ls->ramp), "viridis");
	add_cat(ls, "preschool", 1, 0xe69f00, SG_SHAPE_CIRCLE);
	add_cat(ls, "primary", 1, 0x0072b2, SG_SHAPE_SQUARE);
	add_cat(ls, "lower_secondary", 1, 0x009e73, SG_SHAPE_TRIANGLE);
	add_cat(ls, "upper_secondary", 1, 0xcc79a7, SG_SHAPE_DIAMOND);
	ls->cats[ls->ncats - 1].size = 11; /* fewer, larger schools */
	ls->cats[ls->ncats - 1].has_size = 1;
	add_cat(ls, "multi_level", 1, 0x56b4e9, SG_SHAPE_CIRCLE);
	add_cat(ls, "unknown", 1, 0x999999, SG_SHAPE_CIRCLE);
	compliance_cats(ls);
	/* "unknown" appears twice: the level entry carries the shape, the
	 * compliance entry a colour; lookups take the first match of what
	 * they need. */
}

int sg_map_style_new(sg_map_style **out)
{
	*out = malloc(sizeof(**out));
	if (!*out)
		return SG_ENOMEM;
	defaults(*out);
	return SG_OK;
}

void sg_map_style_free(sg_map_style *s)
{
	free(s);
}

int sg_style__cat_color(const sg_layer_style *ls, const char *value,
			sg_color8 *out)
{
	for (int i = 0; i < ls->ncats; i++)
		if (ls->cats[i].has_color &&
		    !strcmp(ls->cats[i].value, value)) {
			*out = ls->cats[i].color;
			return 1;
		}
	return 0;
}

double sg_style__cat_size(const sg_layer_style *ls, const char *value)
{
	for (int i = 0; i < ls->ncats; i++)
		if (ls->cats[i].has_size && !strcmp(ls->cats[i].value, value))
			return ls->cats[i].size;
	return ls->size;
}

int sg_style__cat_shape(const sg_layer_style *ls, const char *value,
			sg_shape *out)
{
	for (int i = 0; i < ls->ncats; i++)
		if (ls->cats[i].has_shape &&
		    !strcmp(ls->cats[i].value, value)) {
			*out = ls->cats[i].shape;
			return 1;
		}
	return 0;
}

/*---- Setting values -----------------------------------------------------*/

static const char *const layer_names[4] = { "units", "catchments", "unserved",
					    "schools" };
static const char *const shape_names[4] = { "circle", "square", "triangle",
					    "diamond" };

static int parse_num(const char *v, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(v, &end);
	while (isspace((unsigned char)*end))
		end++;
	return errno || end == v || *end || !isfinite(*out) ? -1 : 0;
}

static int parse_bool(const char *v, int *out)
{
	if (!strcasecmp(v, "yes") || !strcasecmp(v, "true") || !strcmp(v, "1"))
		*out = 1;
	else if (!strcasecmp(v, "no") || !strcasecmp(v, "false") ||
		 !strcmp(v, "0"))
		*out = 0;
	else
		return -1;
	return 0;
}

static sg_style_cat *cat_for(sg_layer_style *ls, const char *value, int shape)
{
	/* "unknown" holds a level shape and a compliance colour: keep
	 * them on separate entries as the defaults do. */
	for (int i = 0; i < ls->ncats; i++)
		if (strcmp(ls->cats[i].value, value) == 0 &&
		    (shape ? ls->cats[i].has_shape : ls->cats[i].has_color))
			return &ls->cats[i];
	for (int i = 0; i < ls->ncats; i++)
		if (strcmp(ls->cats[i].value, value) == 0)
			return &ls->cats[i];
	if (ls->ncats == SG_STYLE_MAX_CATS || strlen(value) >= 32)
		return NULL;
	memset(&ls->cats[ls->ncats], 0, sizeof(ls->cats[0]));
	snprintf(ls->cats[ls->ncats].value, 32, "%s", value);
	return &ls->cats[ls->ncats++];
}

/* Set key of one layer; returns NULL, or what is wrong. */
static const char *set_value(sg_layer_style *ls, const char *key, const char *v,
			     char *why, size_t n)
{
	double d;
	int b;

	if (!strcmp(key, "by")) {
		if (strlen(v) >= sizeof(ls->by))
			return "too long";
		snprintf(ls->by, sizeof(ls->by), "%s", v);
	} else if (!strcmp(key, "classify")) {
		if (!strcmp(v, "quantile"))
			ls->classify = SG_CLASSIFY_QUANTILE;
		else if (!strcmp(v, "equal"))
			ls->classify = SG_CLASSIFY_EQUAL;
		else if (!strcmp(v, "manual"))
			ls->classify = SG_CLASSIFY_MANUAL;
		else
			return "quantile, equal or manual";
	} else if (!strcmp(key, "classes")) {
		if (parse_num(v, &d) || d != floor(d) || d < 1 ||
		    d > SG_STYLE_MAX_BREAKS + 1)
			return "a whole number of classes from 1 to 16";
		ls->classes = (int)d;
	} else if (!strcmp(key, "breaks")) {
		char buf[512], *save = NULL, *tok;
		int k = 0;

		snprintf(buf, sizeof(buf), "%s", v);
		for (tok = strtok_r(buf, ", \t", &save); tok;
		     tok = strtok_r(NULL, ", \t", &save)) {
			if (k == SG_STYLE_MAX_BREAKS)
				return "at most 15 breaks";
			if (parse_num(tok, &ls->breaks[k]) ||
			    (k && ls->breaks[k] <= ls->breaks[k - 1]))
				return "increasing numbers separated by commas";
			k++;
		}
		ls->nbreaks = k;
		if (k)
			ls->classify = SG_CLASSIFY_MANUAL;
	} else if (!strcmp(key, "ramp")) {
		if (ramp_index(v) < 0)
			return "viridis, cividis, ylgnbu, ylorrd, blues "
			       "(sequential), rdbu, puor or brbg (diverging)";
		snprintf(ls->ramp, sizeof(ls->ramp), "%s", v);
		for (char *p = ls->ramp; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	} else if (!strcmp(key, "reverse")) {
		if (parse_bool(v, &b))
			return "yes or no";
		ls->reverse = b;
	} else if (!strcmp(key, "midpoint")) {
		if (!strcasecmp(v, "none") || !*v)
			ls->midpoint = NAN;
		else if (parse_num(v, &ls->midpoint))
			return "a number or none";
	} else if (!strcmp(key, "opacity")) {
		if (parse_num(v, &d) || d < 0 || d > 1)
			return "a number from 0 to 1";
		ls->opacity = (float)d;
	} else if (!strcmp(key, "fill") || !strcmp(key, "nodata") ||
		   !strcmp(key, "outline") || !strcmp(key, "marker_outline")) {
		sg_color8 c;

		if (sg_style__parse_color(v, &c))
			return "a colour #rrggbb, #rrggbbaa or none";
		if (!strcmp(key, "fill"))
			ls->fill = c;
		else if (!strcmp(key, "nodata"))
			ls->nodata = c;
		else if (!strcmp(key, "outline"))
			ls->outline = c;
		else
			ls->marker_outline = c;
	} else if (!strcmp(key, "outline_width") ||
		   !strcmp(key, "marker_outline_width") ||
		   !strcmp(key, "size")) {
		if (parse_num(v, &d) || d < 0 || d > 200)
			return "a number of pixels from 0 to 200";
		if (!strcmp(key, "outline_width"))
			ls->outline_width = d;
		else if (!strcmp(key, "size"))
			ls->size = d;
		else
			ls->marker_outline_width = d;
	} else if (!strcmp(key, "fill_rule")) {
		if (!strcmp(v, "nonzero"))
			ls->fill_rule = SG_FILL_NONZERO;
		else if (!strcmp(v, "evenodd"))
			ls->fill_rule = SG_FILL_EVENODD;
		else
			return "nonzero or evenodd";
	} else if (!strcmp(key, "kind")) {
		if (strcmp(v, "ward") && strcmp(v, "district") &&
		    strcmp(v, "city"))
			return "ward, district or city";
		snprintf(ls->kind, sizeof(ls->kind), "%s", v);
	} else if (!strncmp(key, "color.", 6)) {
		sg_style_cat *c;
		sg_color8 col;

		if (sg_style__parse_color(v, &col))
			return "a colour #rrggbb, #rrggbbaa or none";
		if (!key[6] || !(c = cat_for(ls, key + 6, 0)))
			return "too many categories";
		c->color = col;
		c->has_color = 1;
	} else if (!strncmp(key, "size.", 5)) {
		sg_style_cat *c;

		if (parse_num(v, &d) || d <= 0 || d > 200)
			return "a number of pixels from 0 to 200";
		if (!key[5] || !(c = cat_for(ls, key + 5, 1)))
			return "too many categories";
		c->size = d;
		c->has_size = 1;
	} else if (!strncmp(key, "shape.", 6)) {
		sg_style_cat *c;
		int s;

		for (s = 0; s < 4; s++)
			if (!strcmp(v, shape_names[s]))
				break;
		if (s == 4)
			return "circle, square, triangle or diamond";
		if (!key[6] || !(c = cat_for(ls, key + 6, 1)))
			return "too many categories";
		c->shape = (sg_shape)s;
		c->has_shape = 1;
	} else {
		snprintf(why, n, "unknown key '%s'", key);
		return why;
	}
	return NULL;
}

int sg_map_style_set(sg_ctx *ctx, sg_map_style *s, const char *key,
		     const char *value)
{
	char sect[32], why[96];
	const char *dot = strchr(key, '.'), *err;
	int i;

	sg_error__clear(ctx);
	if (!dot || (size_t)(dot - key) >= sizeof(sect))
		return sg_error__set(ctx, SG_EINVALID,
				     "style: '%s': use "
				     "layer.key, e.g. catchments.by",
				     key);
	snprintf(sect, sizeof(sect), "%.*s", (int)(dot - key), key);
	for (i = 0; i < 4; i++)
		if (!strcmp(sect, layer_names[i]))
			break;
	if (i == 4)
		return sg_error__set(ctx, SG_EINVALID,
				     "style: unknown layer "
				     "'%s' (units, catchments, unserved, "
				     "schools)",
				     sect);
	err = set_value(&s->layer[i], dot + 1, value, why, sizeof(why));
	if (err)
		return sg_error__set(ctx, SG_EINVALID, "style: %s = '%s': %s",
				     key, value, err);
	return SG_OK;
}

/*---- The file -----------------------------------------------------------*/

static int style_item(sg_ctx *ctx, const sg_ini_item *it, void *payload)
{
	sg_map_style *s = payload;
	char why[96];
	const char *err;
	int sect;

	if (!*it->section)
		return sg_error__set(ctx, SG_EINVALID,
				     "style: %s:%d: '%s' "
				     "before any [section]",
				     it->file, it->line, it->key);
	if (!it->key) {
		for (sect = 0; sect < 4; sect++)
			if (!strcmp(it->section, layer_names[sect]))
				return SG_OK;
		return sg_error__set(ctx, SG_EINVALID,
				     "style: %s:%d: unknown "
				     "section [%s] (units, catchments, "
				     "unserved, schools)",
				     it->file, it->line, it->section);
	}
	for (sect = 0; sect < 4; sect++)
		if (!strcmp(it->section, layer_names[sect]))
			break;
	if (sect == 4)
		return sg_error__set(ctx, SG_EINVALID,
				     "style: %s:%d: unknown "
				     "section [%s] (units, catchments, "
				     "unserved, schools)",
				     it->file, it->line, it->section);
	err = set_value(&s->layer[sect], it->key, it->value, why, sizeof(why));
	if (err)
		return sg_error__set(ctx, SG_EINVALID,
				     "style: %s:%d: %s = "
				     "'%s': %s",
				     it->file, it->line, it->key, it->value,
				     err);
	return SG_OK;
}

int sg_map_style_load(sg_ctx *ctx, const char *path, sg_map_style **out)
{
	sg_map_style *s;
	char *text;
	int rc;

	sg_error__clear(ctx);
	*out = NULL;
	if (sg_map_style_new(&s) != SG_OK)
		return sg_error__oom(ctx, "style");
	if (!path) {
		*out = s;
		return SG_OK;
	}
	/* One INI syntax (util/): refuses a directory, a NUL byte, a key
	 * given twice. */
	rc = sg_file__read_config(ctx, "style", path, 1 << 20, &text);
	if (rc == SG_OK) {
		snprintf(s->source, sizeof(s->source), "%s", path);
		rc = sg_ini__parse(ctx, "style", path, text, SG_INI_SECTIONS,
				   style_item, s);
		free(text);
	}
	if (rc != SG_OK) {
		sg_map_style_free(s);
		return rc;
	}
	*out = s;
	return SG_OK;
}

static const char *const layer_help[4] = {
	"wards (or districts) coloured by an indicator of the roll-up "
	"(compliant_pct,\n; students_per_teaching_computer, fibre_pct, ...), "
	"population, or for one level\n; a coverage column (within_pct, "
	"children, seats_minus_children, ...)",
	"catchments of the latest run: utilization (students / seats), "
	"demand_pct\n; (children / seats), population, ratio, compliance",
	"unserved areas of a distance or capacity run: one colour, or by "
	"population",
	"school markers: by level or compliance (categories), or a number "
	"(ratio, ...);\n; the shape always follows the level",
};

int sg_map_style_format(const sg_map_style *s, char **out)
{
	sg_sb b = { 0 };
	char c1[16];

	*out = NULL;
	sg_sb__printf(
		&b,
		"; schoolgis map style (%s)\n; Every key with its value; "
		"colours are #rrggbb, #rrggbbaa or none,\n; widths and sizes "
		"in pixels of 256-pixel tiles.\n",
		s->source);
	for (int i = 0; i < 4; i++) {
		const sg_layer_style *ls = &s->layer[i];

		sg_sb__printf(&b, "\n[%s]\n; %s\n", layer_names[i],
			      layer_help[i]);
		sg_sb__printf(&b, "by = %s\n", ls->by);
		/* breaks before classify: a file giving breaks alone means
		 * manual classes, and classify after them has the last
		 * word, so the text loads back to the same style. */
		sg_sb__printf(&b, "breaks =");
		for (int k = 0; k < ls->nbreaks; k++)
			sg_sb__printf(&b, "%s %.10g", k ? "," : "",
				      ls->breaks[k]);
		sg_sb__printf(&b,
			      "      ; class limits, increasing (manual)\n");
		sg_sb__printf(
			&b,
			"classify = %s          ; quantile, equal or manual\n",
			ls->classify == SG_CLASSIFY_QUANTILE ? "quantile"
			: ls->classify == SG_CLASSIFY_EQUAL  ? "equal"
							     : "manual");
		sg_sb__printf(
			&b,
			"classes = %d                 ; quantile and equal\n",
			ls->classes);
		sg_sb__printf(
			&b,
			"ramp = %s     ; viridis cividis ylgnbu ylorrd blues | "
			"rdbu puor brbg\n",
			ls->ramp);
		sg_sb__printf(&b, "reverse = %s\n", ls->reverse ? "yes" : "no");
		if (isnan(ls->midpoint))
			sg_sb__printf(
				&b,
				"midpoint = none     ; diverging ramps: the "
				"value at the centre\n");
		else
			sg_sb__printf(
				&b,
				"midpoint = %.10g     ; diverging ramps: the "
				"value at the centre\n",
				ls->midpoint);
		sg_sb__printf(&b, "opacity = %.3g\n", (double)ls->opacity);
		sg_style__format_color(ls->fill, c1, sizeof(c1));
		sg_sb__printf(&b, "fill = %s             ; when by is empty\n",
			      c1);
		sg_style__format_color(ls->nodata, c1, sizeof(c1));
		sg_sb__printf(&b, "nodata = %s           ; unknown values\n",
			      c1);
		sg_style__format_color(ls->outline, c1, sizeof(c1));
		sg_sb__printf(&b, "outline = %s\n", c1);
		sg_sb__printf(&b, "outline_width = %.3g\n", ls->outline_width);
		sg_sb__printf(&b, "fill_rule = %s\n",
			      ls->fill_rule == SG_FILL_EVENODD ? "evenodd"
							       : "nonzero");
		if (i == SG_MAP_UNITS)
			sg_sb__printf(
				&b,
				"kind = %s                ; ward, district or "
				"city\n",
				ls->kind);
		if (i == SG_MAP_SCHOOLS) {
			sg_sb__printf(&b,
				      "size = %.3g                    ; marker "
				      "diameter\n",
				      ls->size);
			sg_style__format_color(ls->marker_outline, c1,
					       sizeof(c1));
			sg_sb__printf(&b, "marker_outline = %s\n", c1);
			sg_sb__printf(&b, "marker_outline_width = %.3g\n",
				      ls->marker_outline_width);
		}
		for (int k = 0; k < ls->ncats; k++) {
			const sg_style_cat *c = &ls->cats[k];
			int seen_color = 0, seen_shape = 0, seen_size = 0;

			/* A value's first entry is the one lookups use (and
			 * the one a key sets): each key is written once. */
			for (int j = 0; j < k; j++)
				if (!strcmp(ls->cats[j].value, c->value)) {
					seen_color |= ls->cats[j].has_color;
					seen_shape |= ls->cats[j].has_shape;
					seen_size |= ls->cats[j].has_size;
				}
			if (c->has_color && !seen_color) {
				sg_style__format_color(c->color, c1,
						       sizeof(c1));
				sg_sb__printf(&b, "color.%s = %s\n", c->value,
					      c1);
			}
			if (c->has_shape && !seen_shape)
				sg_sb__printf(&b, "shape.%s = %s\n", c->value,
					      shape_names[c->shape]);
			if (c->has_size && !seen_size)
				sg_sb__printf(&b, "size.%s = %.3g\n", c->value,
					      c->size);
		}
	}
	*out = sg_sb__take(&b);
	return *out ? SG_OK : SG_ENOMEM;
}

/*---- Classification -----------------------------------------------------*/

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int sg_style__classify(sg_ctx *ctx, const sg_layer_style *ls, const double *v,
		       size_t n, int *cls, double *breaks, int *nbreaks_out,
		       sg_color8 *colors)
{
	double *sorted = NULL, lo = INFINITY, hi = -INFINITY;
	size_t m = 0;
	int nb = 0, ncls, diverging;

	if (ramp_index(ls->ramp) < 0)
		return sg_error__set(ctx, SG_EINVALID,
				     "style: unknown ramp "
				     "'%s'",
				     ls->ramp);
	diverging = sg_style__ramp_diverging(ls->ramp);
	sorted = malloc((n + 1) * sizeof(double));
	if (!sorted)
		return sg_error__oom(ctx, "style");
	for (size_t i = 0; i < n; i++)
		if (isfinite(v[i])) {
			sorted[m++] = v[i];
			lo = fmin(lo, v[i]);
			hi = fmax(hi, v[i]);
		}
	qsort(sorted, m, sizeof(double), cmp_dbl);
	if (ls->classify == SG_CLASSIFY_MANUAL) {
		nb = ls->nbreaks;
		memcpy(breaks, ls->breaks, (size_t)nb * sizeof(double));
	} else if (m > 0) {
		for (int k = 1; k < ls->classes; k++) {
			double b;

			if (ls->classify == SG_CLASSIFY_EQUAL) {
				b = lo + (hi - lo) * k / ls->classes;
			} else {
				size_t idx = (size_t)((double)k * (double)m /
						      ls->classes);

				b = sorted[idx < m ? idx : m - 1];
			}
			/* Breaks stay strictly increasing and inside the
			 * data (a break at the minimum would leave an
			 * empty first class). */
			if (b <= lo || b > hi || (nb && b <= breaks[nb - 1]))
				continue;
			breaks[nb++] = b;
		}
	}
	free(sorted);
	ncls = nb + 1;
	/* Colours: sequential ramps from light (t = 0.1) to dark;
	 * diverging ones centred on the midpoint when there is one. */
	for (int k = 0; k < ncls; k++) {
		double t;

		if (ncls == 1) {
			t = diverging ? 0.5 : 0.6;
		} else if (diverging && !isnan(ls->midpoint)) {
			int below = 0, above = 0, straddle = 0, side;
			double far;

			for (int j = 0; j < ncls; j++) {
				double clo = j ? breaks[j - 1] : -INFINITY;
				double chi = j < nb ? breaks[j] : INFINITY;

				if (chi <= ls->midpoint)
					below++;
				else if (clo >= ls->midpoint)
					above++;
				else
					straddle++;
			}
			far = below > above ? below : above;
			if (far < 1)
				far = 1;
			if (k < below) {
				side = below - k;
				t = 0.5 - 0.5 * side / far;
			} else if (k >= below + straddle) {
				side = k - below - straddle + 1;
				t = 0.5 + 0.5 * side / far;
			} else {
				t = 0.5;
			}
		} else if (diverging) {
			t = (double)k / (ncls - 1);
		} else {
			t = 0.1 + 0.9 * k / (ncls - 1);
		}
		if (ls->reverse)
			t = 1 - t;
		sg_style__ramp(ls->ramp, t, &colors[k]);
	}
	for (size_t i = 0; i < n; i++) {
		int k = 0;

		if (!isfinite(v[i])) {
			cls[i] = -1;
			continue;
		}
		while (k < nb && v[i] >= breaks[k])
			k++;
		cls[i] = k;
	}
	*nbreaks_out = nb;
	return SG_OK;
}

/*---- Titles -------------------------------------------------------------*/

/* The texts are in the report's message table (report/strings.c), in
 * Vietnamese and English. */
const char *sg_style__title(int lang, const char *by)
{
	return sr_indicator(lang ? SR_LANG_EN : SR_LANG_VI, by);
}

const char *sg_style__cat_label(int lang, const char *value)
{
	return sr_category(lang ? SR_LANG_EN : SR_LANG_VI, value);
}

const char *sg_style__level_cat(const char *levels)
{
	static const char *const names[] = { "preschool", "primary",
					     "lower_secondary",
					     "upper_secondary" };

	if (!levels || !*levels)
		return "unknown";
	if (strchr(levels, ','))
		return "multi_level";
	for (int i = 0; i < 4; i++)
		if (!strcmp(levels, names[i]))
			return names[i];
	return "unknown";
}
