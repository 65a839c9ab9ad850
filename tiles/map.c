/*
 * tiles/map.c - maps: layers loaded from the store (through layers/),
 * their indicator resolved and classified into colours, geometries
 * projected once to EPSG:3857 with PROJ and flattened for drawing, the
 * boundaries merged for outlines; the legend; drawing one view; static
 * map images.
 *
 * Indicators come from the layer's own attributes first, then from the
 * public statistics: the roll-up (units, by unit code), the per-school
 * ratios (schools and catchments, by school code) and the coverage of a
 * level (units).  All of it happens on the calling thread; drawing reads
 * the result only.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/crs.h"
#include "engine/strmap.h"
#include "engine/text.h"
#include "layers/results.h"
#include "layers/tiles_load.h"
#include "schoolgis/coverage.h"
#include "schoolgis/stats.h"
#include "report/strings.h"
#include "tiles/labels.h"
#include "tiles/map_int.h"
#include "tiles/png_out.h"
#include "tiles/tile_math.h"

static const char *const kind_names[4] = { "units", "catchments", "unserved",
					   "schools" };

const char *sg_map_layer_name(sg_map_layer_kind kind)
{
	return (unsigned)kind < 4 ? kind_names[kind] : NULL;
}

int sg_map_layer_parse(const char *name, sg_map_layer_kind *out)
{
	for (int i = 0; i < 4; i++)
		if (!strcmp(name, kind_names[i])) {
			*out = (sg_map_layer_kind)i;
			return SG_OK;
		}
	return SG_EINVALID;
}

/*---- Small helpers ------------------------------------------------------*/

/* A class break as the legend shows it, in the map's language. */
static void fmt_num(int lang, double v, char *buf, size_t n)
{
	sr_fmt_num(lang ? SR_LANG_EN : SR_LANG_VI, v, -1, buf, n);
}

/*---- Maps ---------------------------------------------------------------*/

int sg_map_new(sg_ctx *ctx, const sg_map_style *style, sg_map **out)
{
	sg_map *m;

	sg_error__clear(ctx);
	*out = NULL;
	m = calloc(1, sizeof(*m));
	if (!m)
		return sg_error__oom(ctx, "map");
	m->ctx = ctx;
	if (style) {
		m->style = *style;
	} else {
		sg_map_style *d;

		if (sg_map_style_new(&d) != SG_OK) {
			free(m);
			return sg_error__oom(ctx, "map");
		}
		m->style = *d;
		sg_map_style_free(d);
	}
	*out = m;
	return SG_OK;
}

static void layer_free(sg_ctx *ctx, sg_map_layer *l)
{
	sg_shapes__free(&l->shapes);
	sg_grid__free(&l->grid);
	free(l->color);
	free(l->shape);
	free(l->msize);
	free(l->legend);
	free(l->shapes_legend);
	sg_labels__layer_free(l);
	if (l->lines)
		GEOSGeom_destroy_r(ctx->geos, l->lines);
	memset(l, 0, sizeof(*l));
}

void sg_map_free(sg_map *map)
{
	if (!map)
		return;
	for (size_t i = 0; i < map->nlayers; i++)
		layer_free(map->ctx, &map->layers[i]);
	free(map->layers);
	free(map);
}

size_t sg_map_layer_count(const sg_map *map)
{
	return map->nlayers;
}

size_t sg_map_feature_count(const sg_map *map, size_t layer)
{
	return layer < map->nlayers ? map->layers[layer].shapes.nfeat : 0;
}

void sg_map_bounds(const sg_map *map, double out[4])
{
	if (map->has_bbox) {
		memcpy(out, map->bbox, 4 * sizeof(double));
		return;
	}
	out[0] = out[1] = INFINITY;
	out[2] = out[3] = -INFINITY;
	for (size_t i = 0; i < map->nlayers; i++) {
		const double *e = map->layers[i].extent;
		double w, s, ea, n;

		if (!(e[0] <= e[2]))
			continue;
		sg_tile__merc_to_lonlat(e[0], e[1], &w, &s);
		sg_tile__merc_to_lonlat(e[2], e[3], &ea, &n);
		out[0] = fmin(out[0], w);
		out[1] = fmin(out[1], s);
		out[2] = fmax(out[2], ea);
		out[3] = fmax(out[3], n);
	}
	if (!(out[0] <= out[2]))
		out[0] = out[1] = out[2] = out[3] = 0;
}

void sg_map__merc_bounds(const sg_map *map, double out[4])
{
	double ll[4];

	sg_map_bounds(map, ll);
	sg_tile__lonlat_to_merc(ll[0], ll[1], &out[0], &out[1]);
	sg_tile__lonlat_to_merc(ll[2], ll[3], &out[2], &out[3]);
}

/*---- Indicators ---------------------------------------------------------*/

/* The values of the layer's indicator, one per feature: numbers in num
 * (NaN unknown) or, for a text column, strings in text (borrowed from
 * the layer's attributes or a result, kept in `own_*` when the layer
 * computed it). */
typedef struct {
	double *num;
	const char **text;
	int is_text;
	char col[64];
	sg_stats_result *own_stats;
	sg_coverage_result *own_cov;
} values;

static void values_free(values *v)
{
	free(v->num);
	free(v->text);
	sg_stats_result_free(v->own_stats);
	sg_coverage_result_free(v->own_cov);
	memset(v, 0, sizeof(*v));
}

/* The column an indicator name means for a layer (aliases). */
static const char *canonical(sg_map_layer_kind kind, const char *by,
			     int *coverage)
{
	*coverage = 0;
	if (!strncmp(by, "coverage.", 9)) {
		*coverage = 1;
		return by + 9;
	}
	if (!strcmp(by, "coverage") && kind == SG_MAP_UNITS) {
		*coverage = 1;
		return "within_pct";
	}
	if (!strcmp(by, "ratio"))
		return "students_per_teaching_computer";
	if (!strcmp(by, "compliance"))
		return kind == SG_MAP_UNITS ? "compliant_pct" : "compliant";
	if (!strcmp(by, "utilization") && kind == SG_MAP_CATCHMENTS)
		return "utilization_pct";
	if (!strcmp(by, "demand"))
		return "demand_pct";
	if (!strcmp(by, "children") && kind != SG_MAP_UNITS)
		return "population";
	return by;
}

/* Copy column col of the layer's attributes into v. */
static int take_column(sg_ctx *ctx, const sg_table *t, int col, size_t n,
		       values *v)
{
	v->is_text = sg_table_coltype(t, (size_t)col) == SG_COL_TEXT;
	if (v->is_text)
		v->text = calloc(n + 1, sizeof(char *));
	else
		v->num = malloc((n + 1) * sizeof(double));
	if (!v->text && !v->num)
		return sg_error__oom(ctx, "map");
	for (size_t i = 0; i < n; i++) {
		if (v->is_text)
			v->text[i] = sg_table_text(t, i, (size_t)col);
		else
			v->num[i] = sg_table_real(t, i, (size_t)col);
	}
	return SG_OK;
}

/* rows[i]: the index (by the getter `code_of` of n items of a result)
 * whose code equals the feature's `akey` attribute, or -1. */
static int join_codes(sg_ctx *ctx, const sg_table *attr, const char *akey,
		      const void *res, size_t n,
		      const char *(*code_of)(const void *, size_t), long **rows)
{
	int ac = sg_table_col(attr, akey);
	size_t nf = sg_table_nrows(attr);
	sg_strmap *m = sg_strmap__new();
	int rc = SG_OK;

	*rows = malloc((nf + 1) * sizeof(long));
	if (!m || !*rows) {
		rc = sg_error__oom(ctx, "map");
		goto done;
	}
	for (size_t r = 0; r < n; r++) {
		const char *k = code_of(res, r);

		if (k && sg_strmap__put(m, k, (int64_t)r) != 0) {
			rc = sg_error__oom(ctx, "map");
			goto done;
		}
	}
	for (size_t i = 0; i < nf; i++) {
		const char *k = ac >= 0 ? sg_table_text(attr, i, (size_t)ac)
					: NULL;
		int64_t r;

		(*rows)[i] = k && sg_strmap__get(m, k, &r) ? (long)r : -1;
	}
done:
	sg_strmap__free(m);
	if (rc != SG_OK) {
		free(*rows);
		*rows = NULL;
	}
	return rc;
}

static const char *stats_unit_code(const void *r, size_t i)
{
	return sg_stats_unit_code(r, i);
}

static const char *stats_school_code(const void *r, size_t i)
{
	return sg_stats_school_code(r, i);
}

static const char *cov_unit_code(const void *r, size_t i)
{
	return sg_coverage_unit_code(r, i);
}

/* The numeric columns of t as "a, b, c" for messages. */
static void list_columns(const sg_table *t, char *buf, size_t n,
			 int numeric_only)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t c = 0; t && c < sg_table_ncols(t) && len + 40 < n; c++) {
		if (numeric_only && sg_table_coltype(t, c) == SG_COL_TEXT)
			continue;
		len += (size_t)snprintf(buf + len, n - len, "%s%s",
					len ? ", " : "",
					sg_table_colname(t, c));
	}
}

/* Names from a name getter, "a, b, c", for messages. */
static void list_names(char *buf, size_t n, const char *(*name)(int), int cnt)
{
	size_t len = strlen(buf);

	for (int i = 0; i < cnt && len + 40 < n; i++)
		len += (size_t)snprintf(buf + len, n - len, "%s%s",
					len ? ", " : "", name(i));
}

static const char *stats_fig_name(int i)
{
	return sg_stats_figure_name((sg_stats_figure)i);
}

static const char *school_fig_name(int i)
{
	return i < SG_STATS_SCHOOL__COUNT
		       ? sg_stats_school_figure_name((sg_stats_school_figure)i)
	       : i == SG_STATS_SCHOOL__COUNT	 ? "compliant"
	       : i == SG_STATS_SCHOOL__COUNT + 1 ? "school_wide_compliant"
	       : i == SG_STATS_SCHOOL__COUNT + 2 ? "equipment_ok"
						 : "levels";
}

/* The checks a school layer can be coloured by (text categories). */
static int school_check(const char *col, sg_stats_check_kind *k)
{
	if (!strcmp(col, "compliant"))
		*k = SG_STATS_COMPLIANT;
	else if (!strcmp(col, "school_wide_compliant"))
		*k = SG_STATS_SCHOOL_WIDE;
	else if (!strcmp(col, "equipment_ok"))
		*k = SG_STATS_EQUIPMENT;
	else
		return 0;
	return 1;
}

/* The statistics of the layer's year: the caller's (figs) when it has
 * that year, else computed on the scope (kept in v). */
static int stats_for(sg_ctx *ctx, const sg_map_figures *figs, const char *year,
		     const sg_map_layer_options *o, const sg_scope *sc,
		     sg_stats_by by, values *v, const sg_stats_result **out,
		     size_t *y)
{
	sg_stats_options so = SG_STATS_OPTIONS_INIT;
	int rc;

	*out = NULL;
	if (figs && figs->stats &&
	    (year ? sg_stats_result_year_find(figs->stats, year, y)
		  : (*y = sg_stats_result_nyears(figs->stats) - 1,
		     sg_stats_result_nyears(figs->stats) > 0))) {
		*out = figs->stats;
		return SG_OK;
	}
	so.year = year;
	so.standards = o->standards;
	so.scope = sc;
	so.by = by;
	rc = sg_stats__compute(ctx, &so, &v->own_stats);
	if (rc == SG_OK) {
		*out = v->own_stats;
		*y = 0;
	}
	return rc;
}

static int resolve(sg_ctx *ctx, sg_map_layer_kind kind, const sg_feats *f,
		   const char *by, const sg_map_layer_options *o,
		   const sg_scope *sc, const char *year,
		   const sg_map_figures *figs, values *v)
{
	const sg_stats_result *st = NULL;
	const char *col;
	char cols[1200], extra[900] = "";
	long *rows = NULL;
	size_t y = 0;
	int coverage, c, rc;

	memset(v, 0, sizeof(*v));
	col = canonical(kind, by, &coverage);
	snprintf(v->col, sizeof(v->col), "%s", col);
	if (kind == SG_MAP_SCHOOLS && !strcmp(col, "level")) {
		int lc = sg_table_col(f->attr, "levels");

		v->is_text = 1;
		v->text = calloc(f->n + 1, sizeof(char *));
		if (!v->text)
			return sg_error__oom(ctx, "map");
		for (size_t i = 0; i < f->n; i++)
			v->text[i] = sg_style__level_cat(
				sg_table_text(f->attr, i, (size_t)lc));
		return SG_OK;
	}
	if (coverage && (kind != SG_MAP_UNITS || !o->level))
		return sg_error__set(ctx, SG_EINVALID,
				     "map %s: '%s' is a "
				     "coverage indicator: it colours units "
				     "and needs a level (primary, ...)",
				     kind_names[kind], by);
	/* The layer's own attributes. */
	if (!coverage && (c = sg_table_col(f->attr, col)) >= 0 &&
	    strcmp(col, "levels") != 0)
		return take_column(ctx, f->attr, c, f->n, v);
	if (kind == SG_MAP_UNITS && !coverage) {
		sg_stats_figure fig;

		/* The roll-up of the unit: a ward without schools has no
		 * figures (no row of the roll-up table). */
		rc = stats_for(ctx, figs, year, o, sc, SG_STATS_BY_WARD, v, &st,
			       &y);
		if (rc == SG_OK && sg_stats_figure_parse(col, &fig)) {
			rc = join_codes(ctx, f->attr, "unit_code", st,
					sg_stats_result_nunits(st),
					stats_unit_code, &rows);
			if (rc == SG_OK &&
			    !(v->num = malloc((f->n + 1) * sizeof(double))))
				rc = sg_error__oom(ctx, "map");
			for (size_t i = 0; rc == SG_OK && i < f->n; i++) {
				size_t u = (size_t)rows[i];
				const char *k = sg_stats_unit_kind(st, u);
				int empty = k && !strcmp(k, "ward") &&
					    sg_stats_unit_value(
						    st, y, u,
						    SG_STATS_FIG_SCHOOLS) == 0;

				v->num[i] = rows[i] < 0 || empty
						    ? NAN
						    : sg_stats_unit_value(st, y,
									  u,
									  fig);
			}
			free(rows);
			return rc;
		}
		if (rc != SG_OK && rc != SG_ENOTFOUND)
			return rc;
		if (rc != SG_OK && !o->level) {
			char why[512];

			snprintf(why, sizeof(why), "%s", sg_ctx_errmsg(ctx));
			return sg_error__set(ctx, rc,
					     "map units: '%s' is a "
					     "roll-up indicator, which needs "
					     "school figures: %s",
					     by, why);
		}
	}
	if (kind == SG_MAP_UNITS && o->level) {
		const sg_coverage_result *cr = NULL;
		sg_coverage_unit_figure fig;
		int l = sg_map__level_index(o->level);

		if (figs && l >= 0 && figs->coverage[l]) {
			cr = figs->coverage[l];
		} else {
			sg_coverage_options co = SG_COVERAGE_OPTIONS_INIT;

			co.level = o->level;
			co.year = year;
			co.standards = o->standards;
			co.scope = sc;
			rc = sg_coverage__compute(ctx, &co, &v->own_cov);
			if (rc != SG_OK)
				return rc;
			cr = v->own_cov;
		}
		if (sg_coverage_unit_figure_parse(col, &fig)) {
			rc = join_codes(ctx, f->attr, "unit_code", cr,
					sg_coverage_result_nunits(cr),
					cov_unit_code, &rows);
			if (rc == SG_OK &&
			    !(v->num = malloc((f->n + 1) * sizeof(double))))
				rc = sg_error__oom(ctx, "map");
			for (size_t i = 0; rc == SG_OK && i < f->n; i++)
				v->num[i] = rows[i] < 0
						    ? NAN
						    : sg_coverage_unit_value(
							      cr,
							      (size_t)rows[i],
							      fig);
			free(rows);
			return rc;
		}
	}
	if (kind == SG_MAP_SCHOOLS || kind == SG_MAP_CATCHMENTS) {
		sg_stats_school_figure fig;
		sg_stats_check_kind ck = SG_STATS_COMPLIANT;
		int is_fig = sg_stats_school_figure_parse(col, &fig);
		int is_check = school_check(col, &ck);
		int is_levels = !strcmp(col, "levels");

		rc = stats_for(ctx, figs, year, o, sc, SG_STATS_BY_SCHOOL, v,
			       &st, &y);
		if (rc != SG_OK && rc != SG_ENOTFOUND)
			return rc;
		if (rc == SG_OK && (is_fig || is_check || is_levels)) {
			rc = join_codes(ctx, f->attr, "school_code", st,
					sg_stats_result_nschools(st),
					stats_school_code, &rows);
			v->is_text = !is_fig;
			if (rc == SG_OK &&
			    !(is_fig ? (void *)(v->num = malloc((f->n + 1) *
								sizeof(double)))
				     : (void *)(v->text = calloc(
							f->n + 1,
							sizeof(char *)))))
				rc = sg_error__oom(ctx, "map");
			for (size_t i = 0; rc == SG_OK && i < f->n; i++) {
				size_t s = (size_t)rows[i];
				int has = rows[i] >= 0 &&
					  sg_stats_school_has_year(st, y, s);

				if (is_fig)
					v->num[i] = has ? sg_stats_school_value(
								  st, y, s, fig)
							: NAN;
				else if (is_check)
					v->text[i] =
						has ? sg_stats_check_name(
							      sg_stats_school_check(
								      st, y, s,
								      ck))
						    : NULL;
				else
					v->text[i] =
						has ? sg_stats_school_levels(st,
									     s)
						    : NULL;
			}
			free(rows);
			return rc;
		}
	}
	/* Unknown: say what there is. */
	list_columns(f->attr, cols, sizeof(cols), 1);
	if (kind == SG_MAP_UNITS) {
		if (st)
			list_names(extra, sizeof(extra), stats_fig_name,
				   SG_STATS_FIG__COUNT);
		snprintf(cols + strlen(cols), sizeof(cols) - strlen(cols),
			 "; roll-up: %s; with a level, coverage: within_pct, "
			 "children, children_within, seats, "
			 "seats_minus_children, utilization_pct ...",
			 extra[0] ? extra : "(no school figures)");
	} else if (kind == SG_MAP_SCHOOLS || kind == SG_MAP_CATCHMENTS) {
		if (st)
			list_names(extra, sizeof(extra), school_fig_name,
				   SG_STATS_SCHOOL__COUNT + 4);
		snprintf(cols + strlen(cols), sizeof(cols) - strlen(cols),
			 "; %sratio, compliance; per school: %s",
			 kind == SG_MAP_SCHOOLS ? "level, " : "utilization, ",
			 extra[0] ? extra : "(no school figures)");
	}
	values_free(v);
	return sg_error__set(ctx, SG_EINVALID,
			     "map %s: unknown indicator "
			     "'%s'; choose from: %s",
			     kind_names[kind], by, cols);
}

/*---- Colours and legend -------------------------------------------------*/

/* Position of a category in the style (its order in legends). */
static int cat_rank(const sg_layer_style *ls, const char *value)
{
	for (int k = 0; k < ls->ncats; k++)
		if (!strcmp(ls->cats[k].value, value))
			return k;
	return ls->ncats;
}

static sg_rgba opaque(sg_color8 c)
{
	return sg_rgba__from8(c.r, c.g, c.b, c.a);
}

static int colour_features(sg_ctx *ctx, sg_map_layer *l, const values *v,
			   size_t n)
{
	const sg_layer_style *ls = &l->style;
	size_t nodata = 0;
	int rc = SG_OK;

	l->color = calloc(n + 1, sizeof(sg_rgba));
	l->legend = calloc(SG_STYLE_MAX_CATS + SG_STYLE_MAX_BREAKS + 4,
			   sizeof(sg_legend_entry));
	if (!l->color || !l->legend)
		return sg_error__oom(ctx, "map");
	if (!v->num && !v->text) {
		/* One colour. */
		snprintf(l->type, sizeof(l->type), "single");
		for (size_t i = 0; i < n; i++)
			l->color[i] = opaque(ls->fill);
		snprintf(l->legend[0].label, sizeof(l->legend[0].label), "%s",
			 sr_text(l->lang, l->kind == SG_MAP_UNSERVED
						  ? SR_MAP_ONE_UNSERVED
					  : l->kind == SG_MAP_CATCHMENTS
						  ? SR_MAP_ONE_CATCHMENT
					  : l->kind == SG_MAP_SCHOOLS
						  ? SR_MAP_ONE_SCHOOL
						  : SR_MAP_ONE_UNIT));
		l->legend[0].color = ls->fill;
		l->legend[0].shape = -1;
		l->legend[0].min = l->legend[0].max = NAN;
		l->legend[0].count = n;
		l->nlegend = 1;
		return SG_OK;
	}
	if (v->is_text) {
		/* Categories in the style's order, then the others in
		 * order of appearance with ramp colours. */
		size_t ne = 0;

		snprintf(l->type, sizeof(l->type), "categories");
		for (size_t i = 0; i < n; i++) {
			const char *s = v->text[i];
			size_t e;

			if (!s || !*s) {
				l->color[i] = opaque(ls->nodata);
				nodata++;
				continue;
			}
			for (e = 0; e < ne; e++)
				if (!strcmp(l->legend[e].value, s))
					break;
			if (e == ne && ne < SG_STYLE_MAX_CATS) {
				sg_legend_entry *le = &l->legend[ne++];

				snprintf(le->value, sizeof(le->value), "%s", s);
				snprintf(le->label, sizeof(le->label), "%s",
					 sg_style__cat_label(l->lang, s));
				if (!sg_style__cat_color(ls, s, &le->color))
					sg_style__ramp("viridis",
						       (double)(e % 8) / 7,
						       &le->color);
				le->shape = -1;
				/* Schools by level: one entry per level, its
				 * colour and its shape. */
				if (l->kind == SG_MAP_SCHOOLS &&
				    !strcmp(v->col, "level")) {
					sg_shape sh = SG_SHAPE_CIRCLE;

					sg_style__cat_shape(ls, s, &sh);
					le->shape = (int)sh;
					le->size = sg_style__cat_size(ls, s);
				}
				le->min = le->max = NAN;
			}
			if (e == ne) {
				l->color[i] = opaque(ls->nodata);
				nodata++;
				continue;
			}
			l->legend[e].count++;
			l->color[i] = opaque(l->legend[e].color);
		}
		/* Sort the entries by the style's category order. */
		for (size_t a = 0; a < ne; a++)
			for (size_t b = a + 1; b < ne; b++)
				if (cat_rank(ls, l->legend[b].value) <
				    cat_rank(ls, l->legend[a].value)) {
					sg_legend_entry t = l->legend[a];

					l->legend[a] = l->legend[b];
					l->legend[b] = t;
				}
		l->nlegend = ne;
	} else {
		double breaks[SG_STYLE_MAX_BREAKS + 1];
		sg_color8 colors[SG_STYLE_MAX_BREAKS + 2];
		int nb = 0, *cls = malloc((n + 1) * sizeof(int));
		char a[32], b[32];

		if (!cls)
			return sg_error__oom(ctx, "map");
		snprintf(l->type, sizeof(l->type), "classes");
		rc = sg_style__classify(ctx, ls, v->num, n, cls, breaks, &nb,
					colors);
		if (rc != SG_OK) {
			free(cls);
			return rc;
		}
		for (int k = 0; k <= nb; k++) {
			sg_legend_entry *le = &l->legend[k];

			le->min = k ? breaks[k - 1] : NAN;
			le->max = k < nb ? breaks[k] : NAN;
			le->color = colors[k];
			le->shape = -1;
			if (k)
				fmt_num(l->lang, breaks[k - 1], a, sizeof(a));
			if (k < nb)
				fmt_num(l->lang, breaks[k], b, sizeof(b));
			if (nb == 0)
				snprintf(le->label, sizeof(le->label), "%s",
					 sr_text(l->lang, SR_MAP_ALL_VALUES));
			else if (k == 0)
				snprintf(le->label, sizeof(le->label), "< %s",
					 b);
			else if (k == nb)
				snprintf(le->label, sizeof(le->label), "≥ %s",
					 a);
			else
				snprintf(le->label, sizeof(le->label),
					 "%s – %s", a, b);
		}
		l->nlegend = (size_t)nb + 1;
		for (size_t i = 0; i < n; i++) {
			if (cls[i] < 0) {
				l->color[i] = opaque(ls->nodata);
				nodata++;
			} else {
				l->color[i] = opaque(colors[cls[i]]);
				l->legend[cls[i]].count++;
			}
		}
		free(cls);
	}
	if (nodata) {
		sg_legend_entry *le = &l->legend[l->nlegend++];

		snprintf(le->label, sizeof(le->label), "%s",
			 sr_text(l->lang, SR_MAP_NO_DATA));
		le->color = ls->nodata;
		le->shape = -1;
		le->min = le->max = NAN;
		le->count = nodata;
	}
	return rc;
}

/* Markers: the shape of each school's level, and the shapes legend. */
static int marker_shapes(sg_ctx *ctx, sg_map_layer *l, const sg_feats *f)
{
	int lc = sg_table_col(f->attr, "levels");

	l->shape = calloc(f->n + 1, 1);
	l->msize = calloc(f->n + 1, sizeof(float));
	l->shapes_legend = calloc(8, sizeof(sg_legend_entry));
	if (!l->shape || !l->msize || !l->shapes_legend)
		return sg_error__oom(ctx, "map");
	l->max_size = l->style.size;
	for (size_t i = 0; i < f->n; i++) {
		const char *cat = sg_style__level_cat(
			lc >= 0 ? sg_table_text(f->attr, i, (size_t)lc) : NULL);
		sg_shape s = SG_SHAPE_CIRCLE;
		size_t e;

		sg_style__cat_shape(&l->style, cat, &s);
		l->shape[i] = (uint8_t)s;
		l->msize[i] = (float)sg_style__cat_size(&l->style, cat);
		if (l->msize[i] > l->max_size)
			l->max_size = l->msize[i];
		for (e = 0; e < l->nshapes_legend; e++)
			if (!strcmp(l->shapes_legend[e].value, cat))
				break;
		if (e == l->nshapes_legend && e < 8) {
			sg_legend_entry *le = &l->shapes_legend[e];

			snprintf(le->value, sizeof(le->value), "%s", cat);
			snprintf(le->label, sizeof(le->label), "%s",
				 sg_style__cat_label(l->lang, cat));
			le->shape = (int)s;
			le->size = l->msize[i];
			le->min = le->max = NAN;
			l->nshapes_legend++;
		}
		if (e < 8)
			l->shapes_legend[e].count++;
	}
	/* In the style's order of levels. */
	for (size_t a = 0; a < l->nshapes_legend; a++)
		for (size_t b = a + 1; b < l->nshapes_legend; b++)
			if (cat_rank(&l->style, l->shapes_legend[b].value) <
			    cat_rank(&l->style, l->shapes_legend[a].value)) {
				sg_legend_entry t = l->shapes_legend[a];

				l->shapes_legend[a] = l->shapes_legend[b];
				l->shapes_legend[b] = t;
			}
	return SG_OK;
}

/*---- Geometry -----------------------------------------------------------*/

/* Project the features to EPSG:3857 into l->shapes, and for polygon
 * layers merge their boundaries into l->lines. */
static int project(sg_ctx *ctx, sg_map_layer *l, sg_feats *f)
{
	GEOSContextHandle_t h = ctx->geos;
	sg_crs_tx *tx = NULL;
	GEOSGeometry **bounds = NULL;
	size_t nb = 0;
	int rc, markers = l->kind == SG_MAP_SCHOOLS;
	int outlines = !markers && l->style.outline_width > 0 &&
		       l->style.outline.a > 0;

	rc = sg_crs__new(ctx, &tx, "EPSG:4326", "EPSG:3857", "map");
	if (rc != SG_OK)
		return rc;
	if (outlines && !(bounds = calloc(f->n + 1, sizeof(*bounds)))) {
		rc = sg_error__oom(ctx, "map");
		goto done;
	}
	l->extent[0] = l->extent[1] = INFINITY;
	l->extent[2] = l->extent[3] = -INFINITY;
	for (size_t i = 0; i < f->n; i++) {
		GEOSGeometry *g = NULL;
		int r;

		if (f->geom[i] && GEOSisEmpty_r(h, f->geom[i]) != 1) {
			g = sg_crs__geom(ctx, tx, f->geom[i]);
			if (!g) {
				rc = SG_EPROJ;
				goto done;
			}
		}
		/* Rings under a square metre or a centimetre wide: slits
		 * and specks. */
		if (g && !markers) {
			GEOSGeometry *c = sg_geom__drop_slivers(h, g, 1.0,
								0.01);

			GEOSGeom_destroy_r(h, g);
			g = c;
			if (!g) {
				rc = sg_error__set(ctx, SG_EGEOS,
						   "map: GEOS: %s",
						   ctx->geos_msg);
				goto done;
			}
		}
		if (markers) {
			double x = NAN, y = NAN;

			if (g && GEOSGeomTypeId_r(h, g) == GEOS_POINT) {
				GEOSGeomGetX_r(h, g, &x);
				GEOSGeomGetY_r(h, g, &y);
			}
			r = isfinite(x) ? sg_shapes__add_point(&l->shapes, x, y)
					: sg_shapes__add(&l->shapes, h, NULL);
		} else {
			r = sg_shapes__add(&l->shapes, h, g);
		}
		if (r != 0) {
			if (g)
				GEOSGeom_destroy_r(h, g);
			rc = sg_error__oom(ctx, "map");
			goto done;
		}
		if (outlines && g) {
			GEOSGeometry *b = GEOSBoundary_r(h, g);

			if (b)
				bounds[nb++] = b;
		}
		if (g)
			GEOSGeom_destroy_r(h, g);
		{
			const double *bb = l->shapes.bbox + 4 * i;

			if (bb[0] <= bb[2]) {
				l->extent[0] = fmin(l->extent[0], bb[0]);
				l->extent[1] = fmin(l->extent[1], bb[1]);
				l->extent[2] = fmax(l->extent[2], bb[2]);
				l->extent[3] = fmax(l->extent[3], bb[3]);
			}
		}
	}
	if (outlines && nb) {
		/* Shared edges once: the union nodes and dissolves the
		 * boundaries, the merge joins them into long lines. */
		GEOSGeometry *coll = GEOSGeom_createCollection_r(
			h, GEOS_MULTILINESTRING, bounds, (unsigned)nb);
		GEOSGeometry *u = NULL;

		if (coll) {
			nb = 0; /* the collection owns them now */
			u = GEOSUnaryUnion_r(h, coll);
			GEOSGeom_destroy_r(h, coll);
		}
		l->lines = u ? GEOSLineMerge_r(h, u) : NULL;
		if (u)
			GEOSGeom_destroy_r(h, u);
		if (!l->lines) {
			rc = sg_error__set(ctx, SG_EGEOS, "map: GEOS: %s",
					   ctx->geos_msg);
			goto done;
		}
	}
	if (sg_grid__build(&l->grid, l->shapes.bbox, l->shapes.nfeat, 0)) {
		rc = sg_error__oom(ctx, "map");
		goto done;
	}
done:
	for (size_t i = 0; bounds && i < nb; i++)
		GEOSGeom_destroy_r(h, bounds[i]);
	free(bounds);
	sg_crs__free(tx);
	return rc;
}

/*---- Language -----------------------------------------------------------*/

int sg_map_set_lang(sg_ctx *ctx, sg_map *map, const char *lang)
{
	sr_lang l;

	if (sr_lang_parse(lang, &l) != 0)
		return sg_error__set(ctx, SG_EINVALID,
				     "map: unknown language "
				     "'%s'; choose vi or en",
				     lang);
	map->lang = (int)l;
	return SG_OK;
}

/* A catchment method's name ("voronoi" -> "trường gần nhất"); the
 * unserved areas' "-unserved" suffix dropped. */
static const char *run_method(int lang, const char *method)
{
	if (!strncmp(method, "voronoi", 7))
		return sr_text(lang, SR_METHOD_VORONOI);
	if (!strncmp(method, "distance", 8))
		return sr_text(lang, SR_METHOD_DISTANCE);
	if (!strncmp(method, "capacity", 8))
		return sr_text(lang, SR_METHOD_CAPACITY);
	return method;
}

/*---- Adding a layer -----------------------------------------------------*/

int sg_map__level_index(const char *level)
{
	static const char *const names[4] = { "preschool", "primary",
					      "lower_secondary",
					      "upper_secondary" };

	for (int i = 0; level && i < 4; i++)
		if (!strcmp(level, names[i]))
			return i;
	return -1;
}

int sg_map_add_layer(sg_ctx *ctx, sg_map *map, const sg_map_layer_options *o)
{
	return sg_map__add_layer(ctx, map, o, NULL);
}

int sg_map__add_layer(sg_ctx *ctx, sg_map *map, const sg_map_layer_options *o,
		      const sg_map_figures *figs)
{
	sg_map_layer l, *grown;
	sg_feats f;
	values v;
	char year[32] = "";
	const char *by;
	sg_scope *sc = NULL;
	int rc;

	sg_error__clear(ctx);
	memset(&l, 0, sizeof(l));
	memset(&f, 0, sizeof(f));
	memset(&v, 0, sizeof(v));
	l.lang = map->lang;
	if (!o || o->version < 1 || o->version > SG_MAP_LAYER_OPTIONS_VERSION ||
	    (unsigned)o->kind > SG_MAP_SCHOOLS)
		return sg_error__set(ctx, SG_EINVALID,
				     "map: bad layer "
				     "options");
	l.kind = o->kind;
	l.style = map->style.layer[o->kind];
	by = o->by ? o->by : l.style.by;
	if (o->version >= 2 &&
	    (rc = sg_scope__open(ctx, "map", o->unit, o->margin, &sc)))
		return rc;
	if (o->year)
		snprintf(year, sizeof(year), "%s", o->year);
	else if ((rc = sg_tiles__latest_year(ctx, sc, year, sizeof(year))))
		goto done;
	if (!map->year[0])
		snprintf(map->year, sizeof(map->year), "%s", year);
	switch (o->kind) {
	case SG_MAP_UNITS:
		rc = sg_tiles__load_units(ctx, sc,
					  o->unit_kind ? o->unit_kind
						       : l.style.kind,
					  &f);
		break;
	case SG_MAP_CATCHMENTS:
	case SG_MAP_UNSERVED:
		rc = sg_tiles__load_catchments(ctx, sc, o->level, o->method,
					       o->kind == SG_MAP_UNSERVED,
					       year[0] ? year : NULL, &f);
		break;
	default:
		rc = sg_tiles__load_schools_in(ctx, sc, year[0] ? year : NULL,
					       o->level, &f);
		break;
	}
	if (rc != SG_OK)
		goto done;
	if (!map->has_bbox && sg_tiles__study_bbox(ctx, sc, map->bbox) == SG_OK)
		map->has_bbox = 1;
	sg_error__clear(ctx);
	if (by && *by) {
		rc = resolve(ctx, o->kind, &f, by, o, sc, year[0] ? year : NULL,
			     figs, &v);
		if (rc != SG_OK)
			goto done;
		snprintf(l.by, sizeof(l.by), "%s", v.col);
		snprintf(l.title, sizeof(l.title), "%s",
			 sg_style__title(map->lang, v.col));
	} else {
		static const sr_key titles[4] = { SR_MAP_L_UNITS,
						  SR_MAP_L_CATCHMENTS,
						  SR_MAP_L_UNSERVED,
						  SR_MAP_L_SCHOOLS };

		snprintf(l.title, sizeof(l.title), "%s",
			 sr_text(map->lang, titles[o->kind & 3]));
	}
	if (o->kind == SG_MAP_CATCHMENTS || o->kind == SG_MAP_UNSERVED) {
		const char *lv = f.n ? sg_table_text(f.attr, 0, 1) : NULL;
		const char *me = f.n ? sg_table_text(f.attr, 0, 2) : NULL;
		size_t len = strlen(l.title);

		if (lv && me) {
			char run[128];

			snprintf(run, sizeof(run),
				 sr_text(map->lang, SR_MAP_RUN),
				 sr_level(map->lang, lv),
				 run_method(map->lang, me));
			snprintf(l.title + len, sizeof(l.title) - len, " — %s",
				 run);
		}
	}
	if ((rc = colour_features(ctx, &l, &v, f.n)) != SG_OK)
		goto done;
	if ((rc = sg_labels__units(ctx, map, &l, &f)) != SG_OK)
		goto done;
	if (o->kind == SG_MAP_SCHOOLS &&
	    (rc = marker_shapes(ctx, &l, &f)) != SG_OK)
		goto done;
	if ((rc = project(ctx, &l, &f)) != SG_OK)
		goto done;
	grown = realloc(map->layers, (map->nlayers + 1) * sizeof(*grown));
	if (!grown) {
		rc = sg_error__oom(ctx, "map");
		goto done;
	}
	map->layers = grown;
	map->layers[map->nlayers++] = l;
	memset(&l, 0, sizeof(l));
done:
	layer_free(ctx, &l);
	values_free(&v);
	sg_feats__free(ctx, &f);
	sg_scope_free(sc);
	return rc;
}

/*---- Legend -------------------------------------------------------------*/

static const char *const shape_names[4] = { "circle", "square", "triangle",
					    "diamond" };

static void legend_entry(sg_sb *b, const sg_legend_entry *e, int markers,
			 double size)
{
	char c[16];

	sg_style__format_color(e->color, c, sizeof(c));
	sg_sb__printf(b, "{\"label\": ");
	sg_sb__json_text(b, e->label);
	if (e->value[0]) {
		sg_sb__printf(b, ", \"value\": ");
		sg_sb__json_text(b, e->value);
	}
	if (!isnan(e->min) || !isnan(e->max)) {
		if (isnan(e->min))
			sg_sb__printf(b, ", \"min\": null");
		else
			sg_sb__printf(b, ", \"min\": %.10g", e->min);
		if (isnan(e->max))
			sg_sb__printf(b, ", \"max\": null");
		else
			sg_sb__printf(b, ", \"max\": %.10g", e->max);
	}
	if (e->color.a)
		sg_sb__printf(b, ", \"color\": \"%s\"", c);
	if (e->shape >= 0)
		sg_sb__printf(b, ", \"shape\": \"%s\"", shape_names[e->shape]);
	if (markers)
		sg_sb__printf(b, ", \"size\": %.3g",
			      e->size > 0 ? e->size : size);
	sg_sb__printf(b, ", \"count\": %zu}", e->count);
}

int sg_map_legend(const sg_map *map, char **out)
{
	sg_sb b = { 0 };

	*out = NULL;
	sg_sb__printf(&b, "{\"layers\": [");
	for (size_t i = 0; i < map->nlayers; i++) {
		const sg_map_layer *l = &map->layers[i];
		const sg_layer_style *ls = &l->style;
		int markers = l->kind == SG_MAP_SCHOOLS;
		char c[16];

		sg_sb__printf(&b, "%s\n {\"layer\": \"%s\", \"title\": ",
			      i ? "," : "", kind_names[l->kind]);
		sg_sb__json_text(&b, l->title);
		sg_sb__printf(&b, ", \"indicator\": ");
		if (l->by[0])
			sg_sb__json_text(&b, l->by);
		else
			sg_sb__printf(&b, "null");
		sg_sb__printf(&b, ", \"type\": \"%s\", \"opacity\": %.3g",
			      l->type, (double)ls->opacity);
		if (!markers && ls->outline_width > 0 && ls->outline.a) {
			sg_style__format_color(ls->outline, c, sizeof(c));
			sg_sb__printf(&b,
				      ", \"outline\": {\"color\": \"%s\", "
				      "\"width\": %.3g}",
				      c, ls->outline_width);
		}
		if (!strcmp(l->type, "classes"))
			sg_sb__printf(&b,
				      ", \"classify\": \"%s\", \"ramp\": "
				      "\"%s\"",
				      ls->classify == SG_CLASSIFY_QUANTILE
					      ? "quantile"
				      : ls->classify == SG_CLASSIFY_EQUAL
					      ? "equal"
					      : "manual",
				      ls->ramp);
		sg_sb__printf(&b, ", \"features\": %zu, \"entries\": [",
			      l->shapes.nfeat);
		for (size_t e = 0; e < l->nlegend; e++) {
			sg_sb__printf(&b, "%s\n  ", e ? "," : "");
			legend_entry(&b, &l->legend[e], markers, ls->size);
		}
		sg_sb__printf(&b, "]");
		if (markers && strcmp(l->by, "level") != 0) {
			sg_sb__printf(&b, ", \"shapes\": [");
			for (size_t e = 0; e < l->nshapes_legend; e++) {
				sg_sb__printf(&b, "%s\n  ", e ? "," : "");
				legend_entry(&b, &l->shapes_legend[e], 1,
					     ls->size);
			}
			sg_sb__printf(&b, "]");
		}
		sg_sb__printf(&b, "}");
	}
	sg_sb__printf(&b, "\n]}\n");
	if (b.oom) {
		free(b.s);
		return SG_ENOMEM;
	}
	*out = b.s;
	return SG_OK;
}

/*---- Drawing ------------------------------------------------------------*/

int sg_map__prepare(sg_ctx *ctx, const sg_map *map, double res, double scale,
		    sg_map_prep *out)
{
	GEOSContextHandle_t h = ctx->geos;

	memset(out, 0, sizeof(*out));
	out->res = res;
	out->scale = scale;
	out->nlayers = map->nlayers;
	out->outlines = calloc(map->nlayers + 1, sizeof(sg_shapes));
	out->ogrid = calloc(map->nlayers + 1, sizeof(sg_grid));
	if (!out->outlines || !out->ogrid)
		goto oom;
	for (size_t i = 0; i < map->nlayers; i++) {
		const sg_map_layer *l = &map->layers[i];
		double width = l->style.outline_width * scale * res;
		int n;

		sg_shapes__init(&out->outlines[i]);
		if (!l->lines || !(width > 0))
			continue;
		n = GEOSGetNumGeometries_r(h, l->lines);
		for (int k = 0; k < n; k++) {
			GEOSGeometry *o = sg_stroke__outline(
				h, GEOSGetGeometryN_r(h, l->lines, k), width, 3,
				0);

			if (!o) {
				sg_map__prep_free(out);
				return sg_error__set(ctx, SG_EGEOS,
						     "map: "
						     "GEOS: %s",
						     ctx->geos_msg);
			}
			if (sg_shapes__add(&out->outlines[i], h, o)) {
				GEOSGeom_destroy_r(h, o);
				goto oom;
			}
			GEOSGeom_destroy_r(h, o);
		}
		if (sg_grid__build(&out->ogrid[i], out->outlines[i].bbox,
				   out->outlines[i].nfeat, 0))
			goto oom;
	}
	return SG_OK;
oom:
	sg_map__prep_free(out);
	return sg_error__oom(ctx, "map");
}

void sg_map__prep_free(sg_map_prep *p)
{
	for (size_t i = 0; p->outlines && i < p->nlayers; i++)
		sg_shapes__free(&p->outlines[i]);
	for (size_t i = 0; p->ogrid && i < p->nlayers; i++)
		sg_grid__free(&p->ogrid[i]);
	free(p->outlines);
	free(p->ogrid);
	memset(p, 0, sizeof(*p));
}

int sg_map__worker_init(sg_map_worker *w, const sg_map *map,
			const sg_map_prep *prep, unsigned width,
			unsigned height)
{
	memset(w, 0, sizeof(*w));
	w->nlayers = map->nlayers;
	if (sg_raster__new(&w->r, width, height))
		return -1;
	w->q = calloc(map->nlayers + 1, sizeof(sg_grid_query));
	w->oq = calloc(map->nlayers + 1, sizeof(sg_grid_query));
	if (!w->q || !w->oq) {
		sg_map__worker_free(w);
		return -1;
	}
	for (size_t i = 0; i < map->nlayers; i++)
		if (sg_grid_query__init(&w->q[i],
					map->layers[i].shapes.nfeat) ||
		    sg_grid_query__init(&w->oq[i],
					prep ? prep->outlines[i].nfeat : 0)) {
			sg_map__worker_free(w);
			return -1;
		}
	return 0;
}

void sg_map__worker_free(sg_map_worker *w)
{
	for (size_t i = 0; w->q && i < w->nlayers; i++)
		sg_grid_query__free(&w->q[i]);
	for (size_t i = 0; w->oq && i < w->nlayers; i++)
		sg_grid_query__free(&w->oq[i]);
	free(w->q);
	free(w->oq);
	sg_raster__free(w->r);
	memset(w, 0, sizeof(*w));
}

int sg_map__draw(const sg_map *map, const sg_map_prep *prep, sg_map_worker *w,
		 const double b[4])
{
	sg_raster *r = w->r;
	int drawn = 0;
	double sx = sg_raster__width(r) / (b[2] - b[0]);
	double sy = -(double)sg_raster__height(r) / (b[3] - b[1]);

	sg_raster__clear(r);
	sg_raster__transform(r, b[0], b[3], sx, sy);
	for (size_t li = 0; li < map->nlayers; li++) {
		const sg_map_layer *l = &map->layers[li];
		const sg_layer_style *ls = &l->style;
		sg_grid_query *q = &w->q[li];

		if (l->kind == SG_MAP_SCHOOLS) {
			/* Every shape fits in 0.8 x its size (the triangle's
			 * circumradius is 0.78), plus the ring. */
			double rad = (l->max_size * 0.8 +
				      2 * ls->marker_outline_width + 1) *
				     prep->scale * prep->res;
			double qb[4] = { b[0] - rad, b[1] - rad, b[2] + rad,
					 b[3] + rad };
			sg_rgba ring = opaque(ls->marker_outline);

			if (sg_grid__query(&l->grid, qb, q))
				return -1;
			drawn += (int)q->nids;
			for (size_t k = 0; k < q->nids; k++) {
				uint32_t i = q->ids[k];
				const double *p =
					l->shapes.xy +
					2 * l->shapes.pt0[l->shapes.ring0[i]];

				if (l->shapes.ring0[i + 1] ==
				    l->shapes.ring0[i])
					continue;
				sg_raster__marker(
					r, (sg_shape)l->shape[i],
					(p[0] - b[0]) * sx, (p[1] - b[3]) * sy,
					l->msize[i] * prep->scale,
					sg_rgba__scale(l->color[i],
						       ls->opacity),
					sg_rgba__scale(ring, ls->opacity),
					ls->marker_outline_width * prep->scale);
			}
			continue;
		}
		if (sg_grid__query(&l->grid, b, q))
			return -1;
		drawn += (int)q->nids;
		if (q->nids) {
			if (sg_raster__layer_begin(r, ls->opacity))
				return -1;
			for (size_t k = 0; k < q->nids; k++) {
				uint32_t i = q->ids[k];

				sg_shapes__path(&l->shapes, i, r);
				sg_raster__fill(r, l->color[i], ls->fill_rule);
			}
			sg_raster__layer_end(r);
		}
		if (prep->outlines[li].nfeat) {
			sg_grid_query *oq = &w->oq[li];
			sg_rgba c = opaque(ls->outline);

			if (sg_grid__query(&prep->ogrid[li], b, oq))
				return -1;
			for (size_t k = 0; k < oq->nids; k++) {
				sg_shapes__path(&prep->outlines[li], oq->ids[k],
						r);
				sg_raster__fill(r, c, SG_FILL_NONZERO);
			}
			drawn += (int)oq->nids;
		}
	}
	return drawn;
}

/*---- Static maps --------------------------------------------------------*/

static int render_view(sg_ctx *ctx, const sg_map *map, const sg_map_view *v,
		       void **png_out, size_t *len_out, sg_sb *labels)
{
	double b[4], cx, cy, res;
	sg_map_prep prep;
	sg_map_worker w;
	sg_png_enc *enc = NULL;
	uint8_t *px = NULL;
	const void *png;
	size_t len;
	int palette, rc = SG_OK;
	char msg[256];
	sg_color8 bg = { 0, 0, 0, 0 };

	*png_out = NULL;
	*len_out = 0;
	if (!v || v->version != SG_MAP_VIEW_VERSION || v->width < 1 ||
	    v->height < 1 || v->width > 16384 || v->height > 16384 ||
	    !(v->scale > 0 && v->scale <= 16))
		return sg_error__set(ctx, SG_EINVALID,
				     "map: bad view (size "
				     "1..16384 pixels, scale > 0)");
	if (v->background && sg_style__parse_color(v->background, &bg))
		return sg_error__set(ctx, SG_EINVALID,
				     "map: bad background "
				     "colour '%s' (use #rrggbb)",
				     v->background);
	if (v->bbox[0] == 0 && v->bbox[1] == 0 && v->bbox[2] == 0 &&
	    v->bbox[3] == 0) {
		sg_map__merc_bounds(map, b);
	} else {
		if (!(v->bbox[0] < v->bbox[2] && v->bbox[1] < v->bbox[3]) ||
		    v->bbox[1] < -85.06 || v->bbox[3] > 85.06)
			return sg_error__set(ctx, SG_EINVALID,
					     "map: bad box "
					     "(west < east, south < north, "
					     "degrees)");
		sg_tile__lonlat_to_merc(v->bbox[0], v->bbox[1], &b[0], &b[1]);
		sg_tile__lonlat_to_merc(v->bbox[2], v->bbox[3], &b[2], &b[3]);
	}
	if (!(b[2] > b[0] && b[3] > b[1]))
		return sg_error__set(ctx, SG_EINVALID,
				     "map: the map is empty "
				     "(no study area, no features)");
	/* Square pixels: widen the box to the image's shape. */
	res = fmax((b[2] - b[0]) / v->width, (b[3] - b[1]) / v->height);
	cx = (b[0] + b[2]) / 2;
	cy = (b[1] + b[3]) / 2;
	b[0] = cx - res * v->width / 2;
	b[2] = cx + res * v->width / 2;
	b[1] = cy - res * v->height / 2;
	b[3] = cy + res * v->height / 2;
	if ((rc = sg_map__prepare(ctx, map, res, v->scale, &prep)) != SG_OK)
		return rc;
	if (sg_map__worker_init(&w, map, &prep, v->width, v->height)) {
		sg_map__prep_free(&prep);
		return sg_error__oom(ctx, "map");
	}
	px = malloc((size_t)v->width * v->height * 4);
	enc = sg_png__new();
	if (!px || !enc || sg_map__draw(map, &prep, &w, b) < 0) {
		rc = sg_error__oom(ctx, "map");
		goto done;
	}
	sg_raster__to_rgba8(w.r, px, (size_t)v->width * 4);
	if (bg.a) {
		/* Straight-alpha "over" onto an opaque background. */
		for (size_t i = 0; i < (size_t)v->width * v->height; i++) {
			uint8_t *p = px + 4 * i;
			unsigned a = p[3];

			for (int c = 0; c < 3; c++) {
				unsigned bc = c == 0   ? bg.r
					      : c == 1 ? bg.g
						       : bg.b;

				p[c] = (uint8_t)((p[c] * a + bc * (255 - a) +
						  127) /
						 255);
			}
			p[3] = 255;
		}
	}
	if (labels &&
	    (rc = sg_labels__draw(ctx, map, b, res, v->scale, px, v->width,
				  v->height, labels)) != SG_OK)
		goto done;
	/* A map for a report is one image: exact colours. */
	if (sg_png__encode(enc, px, v->width, v->height, 0, &png, &len,
			   &palette, msg, sizeof(msg))) {
		rc = sg_error__set(ctx, SG_EPNG, "map: %s", msg);
		goto done;
	}
	*png_out = malloc(len);
	if (!*png_out) {
		rc = sg_error__oom(ctx, "map");
		goto done;
	}
	memcpy(*png_out, png, len);
	*len_out = len;
done:
	free(px);
	sg_png__free(enc);
	sg_map__worker_free(&w);
	sg_map__prep_free(&prep);
	return rc;
}

int sg_map_render_png_mem(sg_ctx *ctx, const sg_map *map,
			  const sg_map_view *view, void **png_out,
			  size_t *len_out)
{
	sg_error__clear(ctx);
	return render_view(ctx, map, view, png_out, len_out, NULL);
}

int sg_map_render_png_labels(sg_ctx *ctx, const sg_map *map,
			     const sg_map_view *view, void **png_out,
			     size_t *len_out, char **labels_out)
{
	sg_sb list = { 0 };
	int rc;

	sg_error__clear(ctx);
	*labels_out = NULL;
	rc = render_view(ctx, map, view, png_out, len_out, &list);
	if (rc == SG_OK && list.oom)
		rc = sg_error__oom(ctx, "map");
	if (rc != SG_OK) {
		free(list.s);
		free(*png_out);
		*png_out = NULL;
		*len_out = 0;
		return rc;
	}
	*labels_out = list.s;
	return SG_OK;
}

int sg_map_render_png(sg_ctx *ctx, const sg_map *map, const sg_map_view *view,
		      const char *path, bool overwrite)
{
	void *png = NULL;
	size_t len = 0;
	int rc;

	sg_error__clear(ctx);
	if (!overwrite && access(path, F_OK) == 0)
		return sg_error__set(ctx, SG_EEXISTS, "map: %s exists", path);
	rc = render_view(ctx, map, view, &png, &len, NULL);
	if (rc == SG_OK)
		rc = sg_file__write_atomic(ctx, path, png, len, "map");
	free(png);
	return rc;
}
