/*
 * report/report.c - assembling the district or city report from the
 * statistics, coverage and validation of the store.
 *
 * The report computes nothing itself: every figure comes from one
 * statistics result and one coverage result per level (layers/results.h:
 * the computations of `schoolgis stats`, so the two always agree), each
 * computed once on the unit's scope and read through typed getters; its
 * maps reuse them (tiles/map_int.h: sg_map_figures).  Tables are views of
 * the results, for printing.  The stored runs come from layers/ loaders;
 * the report runs no SQL.  The HTML and its
 * CSV annexes are one set of files (util/'s sg_outset): written under
 * temporary names and renamed together at the end, so a killed run
 * leaves every old file or every new one; what killed runs left
 * (report*.tmp-PID, a journal) is cleaned up by the next run.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine/coverage.h"
#include "engine/stats.h"
#include "engine/strmap.h"
#include "layers/layers.h"
#include "layers/results.h"
#include "layers/scope.h"
#include "layers/units_int.h"
#include "report/html.h"
#include "report/maps.h"
#include "schoolgis/coverage.h"
#include "schoolgis/report.h"
#include "schoolgis/stats.h"
#include "schoolgis/tile.h"
#include "schoolgis/validate.h"
#include "util/file.h"

typedef struct {
	sg_ctx *ctx;
	const sg_report_options *o;
	sr_lang lang;
	char code[64], name[256], kind[16], year[16];
	char spec[128];	 /* the unit as looked up: "CODE" or "SET/CODE" */
	sg_scope *scope; /* the unit: every figure is computed on it */
	double margin;	 /* metres; 0: SG_SCOPE_MARGIN_DEFAULT */
	/* Every figure, computed once on the scope: the statistics of every
	 * year (the report's at position y) and the coverage of each level
	 * (NULL: the level has no distance norm). */
	sg_stats_result *stats;
	size_t y;
	sg_coverage_result *cov[4];
	const char *path;
	char prefix[4096]; /* path without ".html", for CSV annexes */
	sr_buf html;
	int ncsv;
	sg_outset out; /* the HTML and the CSV annexes */
} report;

/*---- Filters ------------------------------------------------------------*/

static int col_is(const sg_table *t, size_t r, const char *col, const char *v)
{
	int c = sg_table_col(t, col);
	const char *s = c >= 0 ? sg_table_text(t, r, (size_t)c) : NULL;

	return s && v && strcmp(s, v) == 0;
}

static int keep_unit(const sg_table *t, size_t r, void *p)
{
	return col_is(t, r, "unit_code", ((report *)p)->code);
}

static int keep_unit_all(const sg_table *t, size_t r, void *p)
{
	return keep_unit(t, r, p) && col_is(t, r, "level", "all");
}

static int keep_children(const sg_table *t, size_t r, void *p)
{
	return col_is(t, r, "parent_code", ((report *)p)->code);
}

/* Every row: the tables are the unit's own (computed on its scope). */
static int keep_all(const sg_table *t, size_t r, void *p)
{
	(void)t;
	(void)r;
	(void)p;
	return 1;
}

static int keep_over(const sg_table *t, size_t r, void *p)
{
	int c = sg_table_col(t, "over_capacity");

	(void)p;
	return c >= 0 && sg_table_real(t, r, (size_t)c) == 1;
}

/*---- Files --------------------------------------------------------------*/

/* Write b to a temporary file of the report's set; sg_report_write
 * renames the set into place once every file is written. */
static int write_file(report *rp, const char *path, const sr_buf *b)
{
	if (b->oom)
		return sg_error__oom(rp->ctx, "report");
	if (!rp->o->overwrite && access(path, F_OK) == 0)
		return sg_error__set(rp->ctx, SG_EEXISTS, "report: %s exists",
				     path);
	return sg_outset__write(rp->ctx, &rp->out, path, b->s, b->len,
				"report");
}

/* A table into the HTML, and as NAME-<id>.csv beside it. */
static int table(report *rp, const char *id, const sg_table *t,
		 const char *const *cols, sr_row_filter keep)
{
	sr_buf csv = { 0 };
	char path[4200];
	int rc = SG_OK;

	sr_table(&rp->html, rp->lang, t, cols, keep, rp);
	if (!rp->o->csv_annexes)
		return SG_OK;
	sr_csv(&csv, rp->lang, t, cols, keep, rp);
	snprintf(path, sizeof(path), "%s-%s.csv", rp->prefix, id);
	rc = write_file(rp, path, &csv);
	free(csv.s);
	rp->ncsv++;
	return rc;
}

/*---- Loading ------------------------------------------------------------*/

/* The unit's scope (its units, its schools and those of its margin):
 * every figure of the report is computed on it. */
static int load_unit(report *rp)
{
	char *unit = NULL;
	int rc = sg_scope__unit_in_set(rp->ctx, "report",
				       rp->o->version >= 4 ? rp->o->set : NULL,
				       rp->o->unit, &unit);

	if (rc == SG_OK)
		rc = sg_scope__open(rp->ctx, "report", unit, rp->margin,
				    &rp->scope);
	free(unit);
	if (rc != SG_OK)
		return rc;
	/* Rows of the tables carry the bare code; lookups take the set
	 * too ("2019-01-01/783"). */
	snprintf(rp->spec, sizeof(rp->spec), "%s", sg_scope_code(rp->scope));
	snprintf(rp->code, sizeof(rp->code), "%.63s",
		 strchr(rp->spec, '/') ? strchr(rp->spec, '/') + 1 : rp->spec);
	snprintf(rp->name, sizeof(rp->name), "%s",
		 *sg_scope_name(rp->scope) ? sg_scope_name(rp->scope)
					   : rp->code);
	snprintf(rp->kind, sizeof(rp->kind), "%s", sg_scope_kind(rp->scope));
	/* A commune of a set without districts (2025) runs its schools:
	 * it has a report; an old ward under a district has not. */
	if (strcmp(rp->kind, "ward") == 0 &&
	    !sg_units__self_governing(rp->ctx, rp->spec))
		return sg_error__set(rp->ctx, SG_EINVALID,
				     "report: %s is a "
				     "ward: give a district or a city",
				     rp->spec);
	return sg_scope__year(rp->ctx, "report", rp->scope, rp->o->year,
			      rp->year, sizeof(rp->year));
}

/*---- Sections -----------------------------------------------------------*/

static const char css[] =
	"body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:10.5pt;"
	"margin:1.5cm;color:#222}h1{font-size:18pt}h2{font-size:14pt;"
	"border-bottom:2px solid #2c7fb8;margin-top:1.5em}h3{font-size:12pt}"
	"table{border-collapse:collapse;margin:.5em 0 1em;font-size:9pt;"
	"max-width:100%}"
	"th,td{border:1px solid #bbb;padding:2px 5px;overflow-wrap:anywhere}"
	"th{background:#e8f1f8;overflow-wrap:normal}"
	"td.n{text-align:right;white-space:nowrap}figure{margin:1em 0}"
	"td.code{font-family:'DejaVu Sans Mono',monospace;font-size:7pt;"
	"word-break:break-all}"
	"figcaption{font-size:9pt;color:#555}.annex{page-break-before:always}"
	"svg{max-width:100%;height:auto}"
	"@page{size:A4;margin:1.8cm 1.5cm}@media print{body{margin:0}"
	"table{font-size:8pt;width:100%}th,td{padding:1px 3px}"
	"thead{display:table-header-group}tr{page-break-inside:avoid}"
	"h2,h3,h4{page-break-after:avoid}figure.map{page-break-inside:avoid}}"
	".frame{position:relative;display:inline-block}"
	".frame img{width:17cm;max-width:100%;height:auto;"
	"border:1px solid #bbb}"
	".scale{position:absolute;left:8px;bottom:8px}"
	".north{position:absolute;right:8px;top:8px}"
	".legend{font-size:8.5pt}.legend ul{list-style:none;padding:0;"
	"margin:.2em 0 .6em;columns:3}.sw{display:inline-block;width:14px;"
	"height:10px;margin-right:4px;border:1px solid #888}";

static void heading(report *rp, int level, const char *text)
{
	sr_put(&rp->html, "<h%d>", level);
	sr_esc(&rp->html, text);
	sr_put(&rp->html, "</h%d>\n", level);
}

static void standards_list(report *rp)
{
	const char *key;

	heading(rp, 2, sr_text(rp->lang, SR_STANDARDS));
	sr_put(&rp->html, "<p>");
	sr_put(&rp->html, sr_text(rp->lang, SR_STANDARDS_SOURCE),
	       strcmp(sg_standards_source(rp->o->standards),
		      "built-in defaults")
		       ? sg_standards_source(rp->o->standards)
		       : sr_text(rp->lang, SR_STD_DEFAULTS));
	sr_put(&rp->html,
	       "</p>\n<table class=\"std\"><thead><tr><th>%s</th>"
	       "<th>%s</th></tr></thead><tbody>\n",
	       sr_text(rp->lang, SR_FIGURE), sr_text(rp->lang, SR_VALUE));
	for (size_t i = 0; (key = sr_standard_key(i)); i++) {
		double v;

		sr_put(&rp->html, "<tr><td>");
		sr_esc(&rp->html, sr_standard(rp->lang, key));
		sr_put(&rp->html, "</td><td class=\"n\">");
		if (sg_standards_get(rp->o->standards, key, &v))
			sr_num(&rp->html, rp->lang, v, 3);
		else
			sr_esc(&rp->html, sr_text(rp->lang, SR_STD_UNSET));
		sr_put(&rp->html, "</td></tr>\n");
	}
	sr_put(&rp->html, "</tbody></table>\n");
}

/* A row of the key-figure table. */
static void figure(report *rp, const char *label, double v, int decimals)
{
	sr_put(&rp->html, "<tr><td>");
	sr_esc(&rp->html, label);
	sr_put(&rp->html, "</td><td class=\"n\">");
	sr_num(&rp->html, rp->lang, v, decimals);
	sr_put(&rp->html, "</td></tr>\n");
}

static const char *const coverage_levels[] = { "preschool", "primary",
					       "lower_secondary",
					       "upper_secondary" };

/* The report's unit's group of level group `level` in the report's year,
 * or -1 when it has no school of that group (no row in its table). */
static long own_group(const report *rp, const char *level)
{
	for (size_t g = 0; g < sg_stats_result_ngroups(rp->stats); g++) {
		const char *u = sg_stats_group_unit_code(rp->stats, g);

		if (u && !strcmp(u, rp->code) &&
		    !strcmp(sg_stats_group_level(rp->stats, g), level))
			return sg_stats_group_value(rp->stats, rp->y, g,
						    SG_STATS_FIG_SCHOOLS) > 0
				       ? (long)g
				       : -1;
	}
	return -1;
}

/* A figure of the unit, all levels together (NaN: no school). */
static double own(const report *rp, sg_stats_figure f)
{
	long g = own_group(rp, "all");

	return g < 0 ? NAN
		     : sg_stats_group_value(rp->stats, rp->y, (size_t)g, f);
}

/* Whether group g is the unit's, with schools in the report's year. */
static int own_row(const report *rp, size_t g)
{
	const char *u = sg_stats_group_unit_code(rp->stats, g);

	return u && !strcmp(u, rp->code) &&
	       sg_stats_group_value(rp->stats, rp->y, g, SG_STATS_FIG_SCHOOLS) >
		       0;
}

static void key_figures(report *rp)
{
	static const struct {
		sr_key label;
		sg_stats_figure f;
		int decimals;
	} figs[] = {
		{ SR_K_SCHOOLS, SG_STATS_FIG_SCHOOLS, 0 },
		{ SR_K_STUDENTS, SG_STATS_FIG_STUDENTS, 0 },
		{ SR_K_TEACHING, SG_STATS_FIG_COMPUTERS_TEACHING, 0 },
		{ SR_K_MANAGEMENT, SG_STATS_FIG_COMPUTERS_MANAGEMENT, 0 },
		{ SR_K_RATIO, SG_STATS_FIG_STUDENTS_PER_TEACHING_COMPUTER, 1 },
		{ SR_K_COMPLIANT, SG_STATS_FIG_COMPLIANT_PCT, 1 },
		{ SR_K_MISSING, SG_STATS_FIG_COMPUTERS_MISSING, 0 },
		{ SR_K_COST, SG_STATS_FIG_COST, 0 },
		{ SR_K_EQUIPMENT, SG_STATS_FIG_EQUIPMENT_PCT, 1 },
	};
	char label[300];

	heading(rp, 2, sr_text(rp->lang, SR_KEY_FIGURES));
	sr_put(&rp->html,
	       "<table><thead><tr><th>%s</th><th>%s</th></tr>"
	       "</thead><tbody>\n",
	       sr_text(rp->lang, SR_FIGURE), sr_text(rp->lang, SR_VALUE));
	for (size_t g = 0; g < sg_stats_result_ngroups(rp->stats); g++) {
		const char *lv = sg_stats_group_level(rp->stats, g);

		if (!own_row(rp, g) || strcmp(lv, "all") == 0)
			continue;
		snprintf(label, sizeof(label),
			 sr_text(rp->lang, SR_K_SCHOOLS_LEVEL),
			 sr_level(rp->lang, lv));
		figure(rp, label,
		       sg_stats_group_value(rp->stats, rp->y, g,
					    SG_STATS_FIG_SCHOOLS),
		       0);
	}
	for (size_t i = 0; i < sizeof(figs) / sizeof(*figs); i++)
		figure(rp, sr_text(rp->lang, figs[i].label), own(rp, figs[i].f),
		       figs[i].decimals);
	for (int l = 0; l < 4; l++) {
		const char *name = sr_level(rp->lang, coverage_levels[l]);
		const sg_coverage_summary *cov = sg_coverage_result_summary(
			rp->cov[l]);

		if (!cov || cov->schools <= 0 || !(cov->children > 0))
			continue;
		if (cov->by_road && cov->time_cost)
			snprintf(label, sizeof(label),
				 sr_text(rp->lang, SR_K_COVERAGE_ROAD_TIME),
				 name, cov->max_minutes);
		else if (cov->by_road)
			snprintf(label, sizeof(label),
				 sr_text(rp->lang, SR_K_COVERAGE_ROAD), name,
				 cov->max_distance);
		else
			snprintf(label, sizeof(label),
				 sr_text(rp->lang, SR_K_COVERAGE), name,
				 cov->max_distance);
		figure(rp, label, cov->within_pct, 1);
		snprintf(label, sizeof(label),
			 sr_text(rp->lang, SR_K_OVER_CAPACITY), name);
		figure(rp, label, (double)cov->over_capacity, 0);
		snprintf(label, sizeof(label), sr_text(rp->lang, SR_K_UNSERVED),
			 name);
		figure(rp, label, cov->unserved_children, 0);
	}
	sr_put(&rp->html, "</tbody></table>\n");
}

/* The coverage of level l if it has schools and children, else NULL. */
static const sg_coverage_summary *coverage_of(const report *rp, int l)
{
	const sg_coverage_summary *c = sg_coverage_result_summary(rp->cov[l]);

	return c && c->schools > 0 && c->children > 0 ? c : NULL;
}

static void charts(report *rp)
{
	static const char *const std_keys[][2] = {
		{ "preschool", "ratios.preschool" },
		{ "primary", "ratios.primary" },
		{ "lower_secondary", "ratios.lower_secondary" },
		{ "upper_secondary", "ratios.upper_secondary" },
		{ "all", "ratios.school_wide" },
	};
	char labels[64][128];
	sr_bar bars[64];
	size_t n = 0;
	const sg_stats_result *st = rp->stats;

	heading(rp, 2, sr_text(rp->lang, SR_CHARTS));
	/* Each level's bar is labelled with its own standard. */
	for (size_t g = 0; g < sg_stats_result_ngroups(st) && n < 64; g++) {
		const char *lv = sg_stats_group_level(st, g);
		double std = NAN;

		if (!own_row(rp, g))
			continue;
		for (size_t k = 0; k < 5; k++)
			if (strcmp(std_keys[k][0], lv) == 0)
				sg_standards_get(rp->o->standards,
						 std_keys[k][1], &std);
		if (isnan(std))
			snprintf(labels[n], sizeof(labels[n]), "%s",
				 sr_level(rp->lang, lv));
		else
			snprintf(labels[n], sizeof(labels[n]), "%s (%g)",
				 sr_level(rp->lang, lv), std);
		bars[n].label = labels[n];
		bars[n++].value = sg_stats_group_value(
			st, rp->y, g,
			SG_STATS_FIG_STUDENTS_PER_TEACHING_COMPUTER);
	}
	sr_bars(&rp->html, rp->lang, sr_text(rp->lang, SR_CHART_RATIO), bars,
		n);
	/* The units below the unit, as the roll-up lists them: cities,
	 * districts, then wards with schools. */
	n = 0;
	for (int kd = 2; kd >= 0; kd--) {
		static const char *const kinds[3] = { "ward", "district",
						      "city" };

		for (size_t u = 0; u < sg_stats_result_nunits(st) && n < 64;
		     u++) {
			const char *p = sg_stats_unit_parent_code(st, u);

			if (!p || strcmp(p, rp->code) ||
			    strcmp(sg_stats_unit_kind(st, u), kinds[kd]) ||
			    (kd == 0 &&
			     sg_stats_unit_value(st, rp->y, u,
						 SG_STATS_FIG_SCHOOLS) == 0))
				continue;
			bars[n].label = sg_stats_unit_name(st, u);
			bars[n++].value = sg_stats_unit_value(
				st, rp->y, u, SG_STATS_FIG_COMPLIANT_PCT);
		}
	}
	sr_bars(&rp->html, rp->lang,
		sr_text(rp->lang, strcmp(rp->kind, "city") == 0
					  ? SR_CHART_COMPLIANT_DISTRICT
					  : SR_CHART_COMPLIANT_WARD),
		bars, n);
}

/* One map of the unit and its margin, or a sentence saying what is
 * missing for it; a real failure fails the report. */
static int map(report *rp, sr_key title, sr_map_layer *layers, size_t n,
	       const char *method)
{
	int rc;

	for (size_t i = 0; i < n; i++) {
		layers[i].unit = rp->spec;
		layers[i].margin = sg_scope_margin(rp->scope);
	}
	{
		sg_map_figures figs = { rp->stats, { NULL } };

		for (int l = 0; l < 4; l++)
			figs.coverage[l] = rp->cov[l];
		rc = sr_map(&rp->html, rp->ctx, rp->lang, rp->code,
			    sr_text(rp->lang, title), layers, n, &figs, NULL);
	}
	/* Only a missing catchment run (SG_ENOTFOUND) means "nothing to
	 * show"; any other failure fails the report. */
	if (rc != SG_ENOTFOUND)
		return rc;
	sg_error__clear(rp->ctx);
	if (method) {
		sr_put(&rp->html, "<p>");
		sr_put(&rp->html, sr_text(rp->lang, SR_MAP_NO_RUN), method);
		sr_put(&rp->html, "</p>\n");
	}
	return SG_OK;
}

static int maps(report *rp)
{
	const sg_standards *s = rp->o->standards;
	const char *y = rp->year;
	int rc = SG_OK;

	heading(rp, 2, sr_text(rp->lang, SR_MAPS));
	if (strcmp(rp->kind, "city") == 0) {
		static const struct {
			sr_key title;
			const char *by;
		} m[] = {
			{ SR_MAP_CITY_COMPLIANT, "compliant_pct" },
			{ SR_MAP_CITY_RATIO, "students_per_teaching_computer" },
			{ SR_MAP_CITY_FIBRE, "fibre_pct" },
		};

		for (size_t i = 0; i < 3; i++) {
			sr_map_layer l = { SG_MAP_UNITS,
					   m[i].by,
					   NULL,
					   NULL,
					   "district",
					   y,
					   s,
					   NULL,
					   0 };

			if (rc == SG_OK)
				rc = map(rp, m[i].title, &l, 1, NULL);
		}
		return rc;
	}
	{
		/* The wards under the catchments: the extent and the
		 * names of the unit's map. */
		sr_map_layer l[3] = {
			{ SG_MAP_UNITS, "", NULL, NULL, "ward", y, s, NULL, 0 },
			{ SG_MAP_CATCHMENTS, "utilization", "primary",
			  "voronoi", NULL, y, s, NULL, 0 },
			{ SG_MAP_SCHOOLS, "level", "primary", NULL, NULL, y, s,
			  NULL, 0 },
		};

		rc = map(rp, SR_MAP_CATCHMENTS, l, 3, "voronoi");
	}
	{
		sr_map_layer l[2] = {
			{ SG_MAP_UNITS, "compliant_pct", NULL, NULL, "ward", y,
			  s, NULL, 0 },
			{ SG_MAP_SCHOOLS, "compliance", NULL, NULL, NULL, y, s,
			  NULL, 0 },
		};

		if (rc == SG_OK)
			rc = map(rp, SR_MAP_SCHOOLS, l, 2, NULL);
	}
	{
		sr_map_layer l[2] = {
			{ SG_MAP_UNITS, "coverage", "primary", NULL, "ward", y,
			  s, NULL, 0 },
			{ SG_MAP_UNSERVED, "", "primary", "distance", NULL, y,
			  s, NULL, 0 },
		};

		if (rc == SG_OK)
			rc = map(rp, SR_MAP_UNSERVED, l, 2, "distance");
	}
	{
		sr_map_layer l = { SG_MAP_UNITS,
				   "students_per_teaching_computer",
				   NULL,
				   NULL,
				   "ward",
				   y,
				   s,
				   NULL,
				   0 };

		if (rc == SG_OK)
			rc = map(rp, SR_MAP_ROLLUP, &l, 1, NULL);
	}
	return rc;
}

static int trends(report *rp)
{
	static const char *const cols[] = { "indicator", NULL };
	const char *colsy[16];
	sg_table *t = NULL;
	sr_bar bars[16];
	size_t n = 0, nc = 0, u;
	int rc;

	if (sg_stats_result_nyears(rp->stats) < 2) /* one year: no trends */
		return SG_OK;
	/* The roll-up of every year of the result, as a trends table. */
	rc = sg_stats__table(rp->ctx, rp->stats, SG_STAT_ROLLUP, &t);
	if (rc != SG_OK)
		return rc;
	heading(rp, 3, sr_text(rp->lang, SR_T_TRENDS));
	colsy[nc++] = cols[0];
	for (size_t c = 5; c < sg_table_ncols(t) && nc < 15; c++)
		colsy[nc++] = sg_table_colname(t, c);
	colsy[nc] = NULL;
	if (sg_stats_unit_find(rp->stats, rp->code, &u))
		for (size_t y = 0;
		     y < sg_stats_result_nyears(rp->stats) && n < 16; y++) {
			bars[n].label = sg_stats_result_year(rp->stats, y);
			bars[n++].value = sg_stats_unit_value(
				rp->stats, y, u,
				SG_STATS_FIG_STUDENTS_PER_TEACHING_COMPUTER);
		}
	rc = table(rp, "trends", t, colsy, keep_unit);
	sr_bars(&rp->html, rp->lang, sr_text(rp->lang, SR_CHART_TREND), bars,
		n);
	sg_table_free(t);
	return rc;
}

/* Format a number into a small buffer (for sentences with numbers). */
static void num_text(sr_lang lang, double v, char *out, size_t n)
{
	sr_buf nb = { 0 };

	sr_num(&nb, lang, v, 0);
	snprintf(out, n, "%s", nb.s ? nb.s : "");
	free(nb.s);
}

/* The latest admissions run of each grade for the report's year, as
 * `schoolgis admit` stored it (layers/admit_run.c): the rows of the
 * unit's schools only; its totals when they are the unit's: the run was
 * of this unit, or every school of the run is the unit's (a run of a
 * city store has totals that are not a district's). */
static int admissions(report *rp)
{
	int64_t *ids = NULL;
	size_t nruns = 0;
	int rc;

	rc = sg_load__admit_runs(rp->ctx, "report", rp->year, &ids, &nruns);
	for (size_t i = 0; rc == SG_OK && i < nruns; i++) {
		sg_admit_run *a = NULL;
		int grade;
		const char *unit;
		sg_admit_school_figure cut;
		char title[256], v[4][32];

		rc = sg_admit__run_read(rp->ctx, "report", ids[i], rp->scope,
					&a);
		if (rc != SG_OK)
			break;
		grade = sg_admit_run_grade(a);
		unit = sg_admit_run_unit(a);
		cut = grade == 10 ? SG_ADMIT_SCHOOL_CUTOFF_TOTAL
				  : SG_ADMIT_SCHOOL_CUTOFF_DISTANCE_M;
		snprintf(title, sizeof(title), sr_text(rp->lang, SR_T_ADMIT),
			 grade, (long long)sg_admit_run_id(a));
		heading(rp, 3, title);
		if (((unit && strcmp(unit, rp->spec) == 0) ||
		     sg_admit__run_all(a)) &&
		    !isnan(sg_admit_run_value(a, SG_ADMIT_RUN_APPLICANTS))) {
			for (int f = 0; f < 4; f++)
				num_text(rp->lang,
					 sg_admit_run_value(
						 a, (sg_admit_run_figure)f),
					 v[f], sizeof(v[f]));
			sr_put(&rp->html, "<p>");
			sr_put(&rp->html, sr_text(rp->lang, SR_ADMIT_SUMMARY),
			       v[0], v[1], v[2], v[3]);
			sr_put(&rp->html, "</p>\n");
		}
		sr_put(&rp->html,
		       "<table><thead><tr><th>%s</th><th>%s</th>"
		       "<th>%s</th><th>%s</th><th>%s</th></tr></thead>"
		       "<tbody>\n",
		       sr_column(rp->lang, "school_code"),
		       sr_column(rp->lang, "seats"),
		       sr_column(rp->lang, "demand"),
		       sr_column(rp->lang, "placed"),
		       sr_column(rp->lang, sg_admit_school_figure_name(cut)));
		for (size_t k = 0; k < sg_admit_run_nschools(a); k++) {
			double f[4] = { sg_admit_run_school_value(
						a, k, SG_ADMIT_SCHOOL_SEATS),
					sg_admit_run_school_value(
						a, k, SG_ADMIT_SCHOOL_DEMAND),
					sg_admit_run_school_value(
						a, k, SG_ADMIT_SCHOOL_PLACED),
					sg_admit_run_school_value(a, k, cut) };

			sr_put(&rp->html, "<tr><td>");
			sr_esc(&rp->html, sg_admit_run_school_code(a, k));
			sr_put(&rp->html, "</td>");
			for (int c = 0; c < 4; c++) {
				sr_put(&rp->html, "<td class=\"n\">");
				sr_num(&rp->html, rp->lang, f[c], 2);
				sr_put(&rp->html, "</td>");
			}
			sr_put(&rp->html, "</tr>\n");
		}
		sr_put(&rp->html, "</tbody></table>\n");
		sg_admit_run_free(a);
	}
	free(ids);
	return rc;
}

/* The data-quality annex: the findings about the unit only. */
static int quality(report *rp)
{
	sg_validation *v = NULL;
	size_t shown = 0, nmine, err, warn;
	int rc;

	sr_put(&rp->html, "<section class=\"annex\">\n");
	heading(rp, 2, sr_text(rp->lang, SR_ANNEX_QUALITY));
	/* The checks of the unit's rows, the findings about the unit. */
	rc = sg_validate__scope(rp->ctx, rp->scope, &v);
	if (rc != SG_OK)
		return rc;
	nmine = sg_validation_count(v);
	err = sg_validation_count_severity(v, SG_SEVERITY_ERROR);
	warn = sg_validation_count_severity(v, SG_SEVERITY_WARNING);
	sr_put(&rp->html, "<p>");
	sr_put(&rp->html, sr_text(rp->lang, SR_QUALITY_SUMMARY), err, warn);
	sr_put(&rp->html,
	       "</p>\n<table><thead><tr><th>%s</th><th>%s</th>"
	       "<th>%s</th><th>%s</th></tr></thead><tbody>\n",
	       sr_column(rp->lang, "severity"), sr_column(rp->lang, "check"),
	       sr_column(rp->lang, "code"), sr_column(rp->lang, "message"));
	for (size_t i = 0; i < nmine && shown < 200; i++, shown++) {
		const sg_finding *f = sg_validation_get(v, i);
		static const sr_key sev[] = { SR_SEV_INFO, SR_SEV_WARNING,
					      SR_SEV_ERROR };

		const char *what = sr_check(rp->lang, f->check);

		sr_put(&rp->html, "<tr><td>%s</td><td>",
		       sr_text(rp->lang, sev[f->severity]));
		sr_esc(&rp->html, what ? what : f->check);
		sr_put(&rp->html, "</td><td>");
		sr_esc(&rp->html, f->code);
		sr_put(&rp->html, "</td><td>");
		/* The details are English sentences of the checks: in
		 * Vietnamese the check's own sentence stands for them, but
		 * an import's reasons, written from their codes. */
		if (rp->lang == SR_LANG_EN || !what)
			sr_esc(&rp->html, f->message);
		else if (f->subject && strcmp(f->subject, "import") == 0)
			sr_esc(&rp->html, sg_validate__message(v, f, 1));
		else if (f->row > 0)
			sr_put(&rp->html, "%s %lld", sr_column(rp->lang, "row"),
			       (long long)f->row);
		sr_put(&rp->html, "</td></tr>\n");
	}
	sr_put(&rp->html, "</tbody></table>\n");
	if (nmine > shown) {
		sr_put(&rp->html, "<p>");
		sr_put(&rp->html, sr_text(rp->lang, SR_QUALITY_MORE),
		       nmine - shown);
		sr_put(&rp->html, "</p>\n");
	}
	sr_put(&rp->html, "</section>\n");
	sg_validation_free(v);
	return SG_OK;
}

static int provenance(report *rp)
{
	sg_run_row *runs = NULL;
	size_t n = 0;
	int rc;

	sr_put(&rp->html, "<section class=\"annex\">\n");
	heading(rp, 2, sr_text(rp->lang, SR_ANNEX_PROVENANCE));
	sr_put(&rp->html, "<p>%s</p>\n<table><thead><tr>",
	       sr_text(rp->lang, SR_PROVENANCE_TEXT));
	{
		static const char *const h[] = { "run", "command", "parameters",
						 "inputs", "started" };

		for (int i = 0; i < 5; i++)
			sr_put(&rp->html, "<th>%s</th>",
			       sr_column(rp->lang, h[i]));
	}
	sr_put(&rp->html, "</tr></thead><tbody>\n");
	rc = sg_load__runs(rp->ctx, "report", &runs, &n);
	for (size_t i = 0; rc == SG_OK && i < n; i++) {
		const char *c[4] = { runs[i].command, runs[i].parameters,
				     runs[i].inputs, runs[i].started };

		sr_put(&rp->html, "<tr><td class=\"n\">%lld</td>",
		       (long long)runs[i].id);
		/* Commands, parameters and checksums as recorded: code,
		 * not text to translate. */
		for (int k = 0; k < 4; k++) {
			sr_put(&rp->html, "<td class=\"code\" "
					  "translate=\"no\">");
			sr_esc(&rp->html, c[k]);
			sr_put(&rp->html, "</td>");
		}
		sr_put(&rp->html, "</tr>\n");
	}
	sg_load__runs_free(runs, n);
	sr_put(&rp->html, "</tbody></table>\n<p translate=\"no\">");
	sr_esc(&rp->html, sg_dependency_versions());
	sr_put(&rp->html, "</p></section>\n");
	return rc;
}

/*---- The report ---------------------------------------------------------*/

/*
 * Every figure of the report, once, on the unit's scope: the statistics
 * of every year of the unit (the report's year is one of them; the
 * others are its trends) and the coverage of each level that has a
 * distance norm (or the road reach).  A level without schools or
 * children has a result that says so; every failure fails the report.
 */
static int compute(report *rp)
{
	sg_stats_options so = SG_STATS_OPTIONS_INIT;
	int rc;

	so.years = "0000..9999";
	so.standards = rp->o->standards;
	so.scope = rp->scope;
	so.by = strcmp(rp->kind, "city") == 0	? SG_STATS_BY_CITY
		: strcmp(rp->kind, "ward") == 0 ? SG_STATS_BY_WARD /* 2025 */
						: SG_STATS_BY_DISTRICT;
	rc = sg_stats__compute(rp->ctx, &so, &rp->stats);
	if (rc == SG_OK &&
	    !sg_stats_result_year_find(rp->stats, rp->year, &rp->y))
		rc = sg_error__set(rp->ctx, SG_ENOTFOUND,
				   "report: no school figures of %s for %s",
				   rp->code, rp->year);
	for (int l = 0; rc == SG_OK && l < 4; l++) {
		sg_coverage_options co = SG_COVERAGE_OPTIONS_INIT;
		char key[64];
		double norm = NAN;

		co.level = coverage_levels[l];
		co.year = rp->year;
		co.standards = rp->o->standards;
		co.scope = rp->scope;
		co.road = rp->o->version >= 3 ? rp->o->road : NULL;
		/* No distance norm for the level: no coverage to show. */
		snprintf(key, sizeof(key), "distance.%s", coverage_levels[l]);
		if (!sg_standards_get(rp->o->standards, key, &norm) ||
		    isnan(norm))
			continue;
		rc = sg_coverage__compute(rp->ctx, &co, &rp->cov[l]);
	}
	return rc;
}

/* A table's columns to print: its keys, then the names of its figures
 * (sg_stats_figure_name), NULL-ended in out (nk + nf + 1). */
static void figure_cols(const char **out, const char *const *keys, size_t nk,
			const sg_stats_figure *figs, size_t nf)
{
	for (size_t i = 0; i < nk; i++)
		out[i] = keys[i];
	for (size_t i = 0; i < nf; i++)
		out[nk + i] = sg_stats_figure_name(figs[i]);
	out[nk + nf] = NULL;
}

static int build(report *rp)
{
	static const sg_stats_figure level_figs[] = {
		SG_STATS_FIG_SCHOOLS,
		SG_STATS_FIG_STUDENTS,
		SG_STATS_FIG_COMPUTERS_TEACHING,
		SG_STATS_FIG_COMPUTERS_MANAGEMENT,
		SG_STATS_FIG_TEACHING_PER_SCHOOL,
		SG_STATS_FIG_MANAGEMENT_PER_SCHOOL,
		SG_STATS_FIG_STUDENTS_PER_TEACHING_COMPUTER,
		SG_STATS_FIG_COMPLIANT_PCT,
		SG_STATS_FIG_SCHOOL_WIDE_PCT,
		SG_STATS_FIG_COMPUTERS_MISSING,
		SG_STATS_FIG_COST,
		SG_STATS_FIG_EQUIPMENT_PCT,
	};
	static const sg_stats_figure unit_figs[] = {
		SG_STATS_FIG_SCHOOLS,
		SG_STATS_FIG_STUDENTS,
		SG_STATS_FIG_COMPUTERS_TEACHING,
		SG_STATS_FIG_STUDENTS_PER_TEACHING_COMPUTER,
		SG_STATS_FIG_COMPLIANT_PCT,
		SG_STATS_FIG_COMPUTERS_MISSING,
		SG_STATS_FIG_COST,
		SG_STATS_FIG_EQUIPMENT_PCT,
		SG_STATS_FIG_FIBRE_PCT,
		SG_STATS_FIG_WEBSITE_PCT,
		SG_STATS_FIG_E_GRADEBOOK_PCT,
		SG_STATS_FIG_TEACHERS_IT_PCT,
	};
	static const char *const level_keys[] = { "level" };
	static const char *const unit_keys[] = { "unit_code", "unit_name" };
	const char *level_cols[16], *unit_cols[16];
	static const char *const it_cols[] = { "indicator",   "numerator",
					       "denominator", "share_pct",
					       "target_pct",  "gap_pct",
					       NULL };
	static const char *const school_cols[] = {
		"school_code",
		"school_name",
		"levels",
		"students",
		"computers_teaching",
		"students_per_teaching_computer",
		"teaching_needed",
		"computers_missing",
		"compliant",
		"school_wide_compliant",
		"equipment_ok",
		NULL
	};
	static const char *const over_cols[] = {
		"school_code", "school_name",	  "students", "classes",
		"seats",       "utilization_pct", NULL
	};
	sg_table *levels = NULL, *it = NULL, *roll = NULL, *schools = NULL;
	int city = strcmp(rp->kind, "city") == 0, rc;
	char title[512], date[32];
	time_t now = time(NULL);

	figure_cols(level_cols, level_keys, 1, level_figs,
		    sizeof(level_figs) / sizeof(*level_figs));
	figure_cols(unit_cols, unit_keys, 2, unit_figs,
		    sizeof(unit_figs) / sizeof(*unit_figs));
	rc = compute(rp);
	/* The tables are views of the results, for printing. */
	if (rc == SG_OK)
		rc = sg_stats__view(rp->ctx, rp->stats, SG_STAT_RATIOS,
				    sg_stats_result_by(rp->stats), rp->y,
				    &levels);
	if (rc == SG_OK)
		rc = sg_stats__view(rp->ctx, rp->stats, SG_STAT_IT,
				    sg_stats_result_by(rp->stats), rp->y, &it);
	if (rc == SG_OK)
		rc = sg_stats__view(rp->ctx, rp->stats, SG_STAT_ROLLUP,
				    sg_stats_result_by(rp->stats), rp->y,
				    &roll);
	if (rc == SG_OK)
		rc = sg_stats__view(rp->ctx, rp->stats, SG_STAT_RATIOS,
				    SG_STATS_BY_SCHOOL, rp->y, &schools);
	if (rc != SG_OK)
		goto done;

	strftime(date, sizeof(date), "%Y-%m-%d", gmtime(&now));
	snprintf(title, sizeof(title),
		 sr_text(rp->lang, city ? SR_TITLE_CITY : SR_TITLE_DISTRICT),
		 rp->name, rp->year);
	sr_put(&rp->html,
	       "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
	       "<meta charset=\"utf-8\">\n<title>",
	       rp->lang == SR_LANG_VI ? "vi" : "en");
	sr_esc(&rp->html, title);
	sr_put(&rp->html, "</title>\n<style>%s</style>\n", css);
	sr_print_header(&rp->html, rp->lang, rp->name, rp->year);
	sr_put(&rp->html, "</head>\n<body>\n");
	heading(rp, 1, title);
	sr_put(&rp->html, "<p>");
	sr_put(&rp->html, sr_text(rp->lang, SR_SUBTITLE), rp->code, date);
	sr_put(&rp->html, "</p>\n");
	key_figures(rp);
	charts(rp);
	if ((rc = maps(rp)) != SG_OK)
		goto done;
	heading(rp, 2, sr_text(rp->lang, SR_TABLES));
	heading(rp, 3, sr_text(rp->lang, SR_T_LEVELS));
	rc = table(rp, "levels", levels, level_cols, keep_unit);
	heading(rp, 3,
		sr_text(rp->lang,
			city ? SR_T_UNITS_DISTRICT : SR_T_UNITS_WARD));
	if (rc == SG_OK)
		rc = table(rp, "units", roll, unit_cols, keep_children);
	heading(rp, 3, sr_text(rp->lang, SR_T_IT));
	if (rc == SG_OK)
		rc = table(rp, "it", it, it_cols, keep_unit_all);
	heading(rp, 3, sr_text(rp->lang, SR_T_OVER));
	for (int l = 0; rc == SG_OK && l < 4; l++) {
		const sg_coverage_summary *cov = coverage_of(rp, l);
		char id[32];

		if (!cov || cov->over_capacity == 0)
			continue;
		heading(rp, 4, sr_level(rp->lang, coverage_levels[l]));
		snprintf(id, sizeof(id), "over-%s", coverage_levels[l]);
		rc = table(rp, id, sg_coverage__result_table(rp->cov[l], 1),
			   over_cols, keep_over);
	}
	if (rc == SG_OK)
		rc = admissions(rp);
	heading(rp, 3, sr_text(rp->lang, SR_T_SCHOOLS));
	if (rc == SG_OK)
		rc = table(rp, "schools", schools, school_cols, keep_all);
	if (rc == SG_OK)
		rc = trends(rp);
	if (rc == SG_OK && rp->o->csv_annexes) {
		const char *base = strrchr(rp->prefix, '/');

		sr_put(&rp->html, "<p>");
		sr_put(&rp->html, sr_text(rp->lang, SR_CSV_NOTE),
		       base ? base + 1 : rp->prefix);
		sr_put(&rp->html, "</p>\n");
	}
	if (rc != SG_OK)
		goto done;
	standards_list(rp);
	sr_put(&rp->html, "<section class=\"annex\">\n");
	heading(rp, 2, sr_text(rp->lang, SR_ANNEX_METHOD));
	sr_put(&rp->html, "<p>%s</p>\n", sr_text(rp->lang, SR_METHOD_TEXT));
	if (rp->o->version >= 3 && rp->o->road) {
		const sg_roads_distance *rd = rp->o->road;
		const sg_coverage_summary *cr = NULL;

		for (int l = 0; l < 4 && !cr; l++)
			if (coverage_of(rp, l) && coverage_of(rp, l)->by_road)
				cr = coverage_of(rp, l);
		if (cr) {
			char txt[1024];

			snprintf(txt, sizeof(txt),
				 sr_text(rp->lang, SR_METHOD_ROAD), cr->network,
				 sg_roads_profile_name(cr->profile),
				 rd->snap_limit > 0 ? rd->snap_limit
						    : SG_ROADS_SNAP_LIMIT);
			sr_put(&rp->html, "<p>");
			sr_esc(&rp->html, txt);
			sr_put(&rp->html, "</p>\n");
		}
	}
	sr_put(&rp->html, "</section>\n");
	rc = quality(rp);
	if (rc == SG_OK)
		rc = provenance(rp);
	sr_put(&rp->html, "</body>\n</html>\n");
	if (rc == SG_OK)
		rc = write_file(rp, rp->path, &rp->html);
done:
	sg_table_free(levels);
	sg_table_free(it);
	sg_table_free(roll);
	sg_table_free(schools);
	return rc;
}

int sg_report_write(sg_ctx *ctx, const char *path,
		    const sg_report_options *opts)
{
	sg_standards *own = NULL;
	sg_report_options o;
	report rp;
	size_t n;
	int rc;

	sg_error__clear(ctx);
	if ((rc = sg_db__need(ctx)) != SG_OK)
		return rc;
	if (!opts || opts->version < 1 ||
	    opts->version > SG_REPORT_OPTIONS_VERSION || !opts->unit)
		return sg_error__set(ctx, SG_EINVALID,
				     "report: a unit code is required");
	o = *opts;
	if (o.lang && strcmp(o.lang, "vi") && strcmp(o.lang, "en"))
		return sg_error__set(ctx, SG_EINVALID,
				     "report: language '%s': vi or en", o.lang);
	if (!o.standards) {
		if (sg_standards_new(&own) != SG_OK)
			return sg_error__oom(ctx, "report");
		o.standards = own;
	}
	memset(&rp, 0, sizeof(rp));
	rp.ctx = ctx;
	rp.o = &o;
	rp.path = path;
	rp.lang = o.lang && strcmp(o.lang, "en") == 0 ? SR_LANG_EN : SR_LANG_VI;
	n = strlen(path);
	if (n > 5 && strcmp(path + n - 5, ".html") == 0)
		n -= 5;
	snprintf(rp.prefix, sizeof(rp.prefix), "%.*s", (int)n, path);
	rp.margin = o.version >= 2 ? o.margin : 0;
	/* The set lives beside the HTML, its journal and leftovers named
	 * from the HTML's name without ".html". */
	rc = sg_outset__begin(ctx, &rp.out, path, ".html");
	if (rc == SG_OK)
		rc = load_unit(&rp);
	if (rc == SG_OK)
		rc = build(&rp);
	if (rc == SG_OK)
		rc = sg_outset__commit(ctx, &rp.out, "report");
	sg_outset__free(&rp.out);
	free(rp.html.s);
	sg_stats_result_free(rp.stats);
	for (int l = 0; l < 4; l++)
		sg_coverage_result_free(rp.cov[l]);
	sg_scope_free(rp.scope);
	sg_standards_free(own);
	return rc;
}
