/*
 * engine/stats.c - ratios, IT indicators and the roll-up, computed in one
 * pass over the school-year rows into per-group accumulators.
 *
 * Groups are (unit, level group) pairs held in a flat array indexed by
 * unit index and level group, so a run over 250,000 school-years touches
 * each row once and does no lookups.  Every rate is a ratio of sums of
 * the accumulators.  Definitions are in include/schoolgis/stats.h.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/stats.h"
#include "engine/strmap.h"
#include "engine/text.h"

/*---- Level groups -----------------------------------------------------*/

static const char *const lg_names[SG_LG__COUNT] = {
	"preschool",	   "primary",	  "lower_secondary",
	"upper_secondary", "multi_level", "all"
};

/* Per level: its bit, its ratio standard, its students column. */
static const struct {
	unsigned bit;
	sg_std ratio;
	sg_sf students;
} levels[4] = {
	{ SG_LEVEL_PRESCHOOL, SG_STD_RATIO_PRESCHOOL,
	  SG_SF_STUDENTS_PRESCHOOL },
	{ SG_LEVEL_PRIMARY, SG_STD_RATIO_PRIMARY, SG_SF_STUDENTS_PRIMARY },
	{ SG_LEVEL_LOWER, SG_STD_RATIO_LOWER, SG_SF_STUDENTS_LOWER },
	{ SG_LEVEL_UPPER, SG_STD_RATIO_UPPER, SG_SF_STUDENTS_UPPER },
};

static int level_group(unsigned mask)
{
	for (int i = 0; i < 4; i++)
		if (mask == levels[i].bit)
			return i;
	return SG_LG_MULTI;
}

/*---- One school-year ----------------------------------------------------*/

/* Result of a check: not applicable, unknown, met, not met. */
enum { CHK_NA = 0, CHK_UNKNOWN, CHK_YES, CHK_NO };

typedef struct {
	double needed;		 /* teaching computers needed, NaN unknown */
	double missing;		 /* max(0, needed - present), NaN unknown */
	int level_chk;		 /* level standard */
	int wide_chk;		 /* school-wide standard */
	int equip_chk;		 /* management equipment minimums */
	double equip_missing[3]; /* management computers, printers, webcams */
} eval;

static void evaluate(const sg_stats_data *d, const sg_standards *s, size_t r,
		     eval *e)
{
	unsigned mask = d->levels[d->row_school[r]];
	double st = d->f[SG_SF_STUDENTS][r];
	double ct = d->f[SG_SF_COMPUTERS_TEACHING][r];
	double cm = d->f[SG_SF_COMPUTERS_MANAGEMENT][r];
	double sw = sg_std__get(s, SG_STD_RATIO_SCHOOL);
	static const sg_std mins[3] = { SG_STD_MIN_MGMT_COMPUTERS,
					SG_STD_MIN_PRINTERS,
					SG_STD_MIN_WEBCAMS };
	static const sg_sf have[3] = { SG_SF_COMPUTERS_MANAGEMENT,
				       SG_SF_PRINTERS, SG_SF_WEBCAMS };
	int applicable = 0, known = 1,
	    single = level_group(mask) != SG_LG_MULTI;
	double needed = 0;

	for (int i = 0; i < 4; i++) {
		double std = sg_std__get(s, levels[i].ratio), n;

		if (!(mask & levels[i].bit) || !(std > 0))
			continue;
		applicable = 1;
		n = single ? st : d->f[levels[i].students][r];
		if (isnan(n))
			known = 0;
		else
			needed += ceil(n / std);
	}
	e->needed = applicable && known ? needed : NAN;
	if (!applicable)
		e->level_chk = CHK_NA;
	else if (!known || isnan(ct))
		e->level_chk = CHK_UNKNOWN;
	else
		e->level_chk = ct >= needed ? CHK_YES : CHK_NO;
	e->missing = e->level_chk >= CHK_YES ? fmax(0, needed - ct) : NAN;
	if (!(sw > 0))
		e->wide_chk = CHK_NA;
	else if (isnan(st) || isnan(ct) || isnan(cm))
		e->wide_chk = CHK_UNKNOWN;
	else
		e->wide_chk = st <= sw * (ct + cm) ? CHK_YES : CHK_NO;
	/* Missing equipment is known even when another item is unknown:
	 * "no" wins over "unknown". */
	{
		int any = 0, missing = 0, unknown = 0;

		for (int i = 0; i < 3; i++) {
			double min = sg_std__get(s, mins[i]);
			double v = d->f[have[i]][r];

			e->equip_missing[i] = 0;
			if (isnan(min))
				continue;
			any = 1;
			if (isnan(v)) {
				e->equip_missing[i] = NAN;
				unknown = 1;
				continue;
			}
			e->equip_missing[i] = fmax(0, min - v);
			missing |= e->equip_missing[i] > 0;
		}
		e->equip_chk = !any	 ? CHK_NA
			       : missing ? CHK_NO
			       : unknown ? CHK_UNKNOWN
					 : CHK_YES;
	}
}

/*---- Accumulators -------------------------------------------------------*/

#define NIT SG_STATS_NIT
static const char *const it_names[NIT + 1] = { "fibre",
					       "lan",
					       "wifi",
					       "website",
					       "e_gradebook",
					       "e_contact_book",
					       "teachers_it_standard" };
static const sg_std it_targets[NIT + 1] = {
	SG_STD_TARGET_FIBRE,	   SG_STD_TARGET_LAN,
	SG_STD_TARGET_WIFI,	   SG_STD_TARGET_WEBSITE,
	SG_STD_TARGET_E_GRADEBOOK, SG_STD_TARGET_E_CONTACT_BOOK,
	SG_STD_TARGET_TEACHERS_IT
};

typedef sg_stats_acc acc;

static void add(acc *a, const sg_stats_data *d, size_t r, const eval *e)
{
	double st = d->f[SG_SF_STUDENTS][r];
	double ct = d->f[SG_SF_COMPUTERS_TEACHING][r];
	double cm = d->f[SG_SF_COMPUTERS_MANAGEMENT][r];
	double t = d->f[SG_SF_TEACHERS][r], ti = d->f[SG_SF_TEACHERS_IT][r];

	a->schools++;
	if (!isnan(st)) {
		a->students += st;
		a->students_n++;
	}
	if (!isnan(ct)) {
		a->ct += ct;
		a->ct_n++;
	}
	if (!isnan(cm)) {
		a->cm += cm;
		a->cm_n++;
	}
	if (!isnan(st) && !isnan(ct)) {
		a->r_students += st;
		a->r_ct += ct;
	}
	if (!isnan(st) && !isnan(ct) && !isnan(cm)) {
		a->w_students += st;
		a->w_comp += ct + cm;
	}
	if (e->level_chk >= CHK_YES) {
		a->assessed++;
		a->compliant += e->level_chk == CHK_YES;
		a->missing += e->missing;
	} else if (e->level_chk == CHK_UNKNOWN) {
		a->unknown++;
	}
	if (e->wide_chk >= CHK_YES) {
		a->w_assessed++;
		a->w_compliant += e->wide_chk == CHK_YES;
	}
	if (e->equip_chk >= CHK_YES) {
		a->e_known++;
		a->e_ok += e->equip_chk == CHK_YES;
	}
	for (int i = 0; i < 3; i++)
		if (!isnan(e->equip_missing[i]))
			a->e_missing[i] += e->equip_missing[i];
	for (int i = 0; i < NIT; i++) {
		double v = d->f[SG_SF_FIBRE + i][r];

		if (isnan(v)) {
			a->it_unknown[i]++;
		} else {
			a->it_num[i] += v != 0;
			a->it_den[i]++;
		}
	}
	if (!isnan(t) && !isnan(ti)) {
		a->it_num[NIT] += ti;
		a->it_den[NIT] += t;
	} else {
		a->it_unknown[NIT]++;
	}
}

static double ratio(double a, double b)
{
	return b > 0 ? a / b : NAN;
}

static double pct(double a, double b)
{
	return b > 0 ? 100.0 * a / b : NAN;
}

/*---- Tables -------------------------------------------------------------*/

/* Column sets, by statistic and grouping. */
/* The figures of a group, by name (sg_stats_figure_name); the grouped
 * ratios table's columns after its keys are the first of them, up to
 * webcams_missing (group_cols). */
static const char *const fig_names[SG_STATS_FIG__COUNT] = {
	"schools",
	"students",
	"computers_teaching",
	"computers_management",
	"teaching_per_school",
	"management_per_school",
	"students_per_teaching_computer",
	"students_per_computer",
	"schools_assessed",
	"schools_compliant",
	"compliant_pct",
	"schools_unknown",
	"school_wide_assessed",
	"school_wide_compliant",
	"school_wide_pct",
	"computers_missing",
	"cost",
	"equipment_assessed",
	"equipment_ok",
	"equipment_pct",
	"management_computers_missing",
	"printers_missing",
	"webcams_missing",
	"fibre_pct",
	"lan_pct",
	"wifi_pct",
	"website_pct",
	"e_gradebook_pct",
	"e_contact_book_pct",
	"teachers_it_pct"
};

/* The grouped ratios table: the group's keys, then its figures. */
static const char *const group_keys[] = { "unit_code", "unit_name", "unit_kind",
					  "level" };
#define NGROUP_KEYS (sizeof(group_keys) / sizeof(*group_keys))
#define NGROUP_COLS (NGROUP_KEYS + SG_STATS_FIG_WEBCAMS_MISSING + 1)

static void group_cols(const char **cols)
{
	for (size_t i = 0; i < NGROUP_COLS; i++)
		cols[i] = i < NGROUP_KEYS ? group_keys[i]
					  : fig_names[i - NGROUP_KEYS];
}

static const char *const school_cols[] = { "school_code",
					   "school_name",
					   "levels",
					   "unit_code",
					   "students",
					   "computers_teaching",
					   "computers_management",
					   "students_per_teaching_computer",
					   "students_per_computer",
					   "teaching_needed",
					   "computers_missing",
					   "cost",
					   "compliant",
					   "school_wide_compliant",
					   "management_computers_missing",
					   "printers_missing",
					   "webcams_missing",
					   "equipment_ok" };
#define NSCHOOL_COLS (sizeof(school_cols) / sizeof(*school_cols))

static const char *const it_cols[] = { "unit_code",   "unit_name", "unit_kind",
				       "level",	      "indicator", "numerator",
				       "denominator", "share_pct", "target_pct",
				       "gap_pct",     "unknown" };
#define NIT_COLS (sizeof(it_cols) / sizeof(*it_cols))

static const char *const rollup_cols[] = { "unit_code",
					   "unit_name",
					   "unit_kind",
					   "parent_code",
					   "schools",
					   "students",
					   "computers_teaching",
					   "computers_management",
					   "students_per_teaching_computer",
					   "students_per_computer",
					   "compliant_pct",
					   "school_wide_pct",
					   "computers_missing",
					   "cost",
					   "equipment_pct",
					   "fibre_pct",
					   "website_pct",
					   "e_gradebook_pct",
					   "teachers_it_pct",
					   "schools_unknown" };
#define NROLLUP_COLS (sizeof(rollup_cols) / sizeof(*rollup_cols))

/* A table whose first `ntext` columns are text, the rest numbers
 * (INT for counts, REAL otherwise: decided by name). */
static sg_table *new_table(const char *const *names, size_t n, size_t ntext,
			   const char *const *more_text)
{
	sg_col_type types[64];

	for (size_t i = 0; i < n; i++) {
		const char *c = names[i];

		types[i] = i < ntext ? SG_COL_TEXT
			   : strstr(c, "_pct") || strstr(c, "per_") ||
					   strstr(c, "_per") ||
					   strcmp(c, "cost") == 0
				   ? SG_COL_REAL
				   : SG_COL_INT;
		for (size_t k = 0; more_text && more_text[k]; k++)
			if (strcmp(c, more_text[k]) == 0)
				types[i] = SG_COL_TEXT;
	}
	return sg_table__new(n, names, types);
}

/* The standards a table applied, as its note. */
static void standards_note(const sg_standards *s, char *buf, size_t n)
{
	char v[5][16];
	static const sg_std ids[5] = { SG_STD_RATIO_PRESCHOOL,
				       SG_STD_RATIO_PRIMARY, SG_STD_RATIO_LOWER,
				       SG_STD_RATIO_UPPER,
				       SG_STD_RATIO_SCHOOL };

	for (int i = 0; i < 5; i++) {
		double x = sg_std__get(s, ids[i]);

		if (isnan(x))
			snprintf(v[i], sizeof(v[i]), "none");
		else
			snprintf(v[i], sizeof(v[i]), "<= %g", x);
	}
	snprintf(buf, n,
		 "Standards (%s): students per teaching computer: preschool "
		 "%s, primary %s, lower secondary %s, upper secondary %s; "
		 "students per computer school-wide %s; minimum %g management "
		 "computers, %g printer(s), %g webcam(s); computer price %.0f. "
		 "Targets: fibre %g%%, website %g%%, e-gradebook %g%%, "
		 "IT-standard teachers %g%%. Rates are ratios of sums; "
		 "unknown figures are left out of shares.",
		 sg_standards_source(s), v[0], v[1], v[2], v[3], v[4],
		 sg_std__get(s, SG_STD_MIN_MGMT_COMPUTERS),
		 sg_std__get(s, SG_STD_MIN_PRINTERS),
		 sg_std__get(s, SG_STD_MIN_WEBCAMS),
		 sg_std__get(s, SG_STD_COMPUTER_PRICE),
		 sg_std__get(s, SG_STD_TARGET_FIBRE),
		 sg_std__get(s, SG_STD_TARGET_WEBSITE),
		 sg_std__get(s, SG_STD_TARGET_E_GRADEBOOK),
		 sg_std__get(s, SG_STD_TARGET_TEACHERS_IT));
}

/*---- Figures of a group ------------------------------------------------*/

/* A figure of a group from its sums. */
static double acc_value(const acc *a, const sg_standards *s, sg_stats_figure f)
{
	switch (f) {
	case SG_STATS_FIG_SCHOOLS: return a->schools;
	case SG_STATS_FIG_STUDENTS: return a->students_n ? a->students : NAN;
	case SG_STATS_FIG_COMPUTERS_TEACHING: return a->ct_n ? a->ct : NAN;
	case SG_STATS_FIG_COMPUTERS_MANAGEMENT: return a->cm_n ? a->cm : NAN;
	case SG_STATS_FIG_TEACHING_PER_SCHOOL: return ratio(a->ct, a->ct_n);
	case SG_STATS_FIG_MANAGEMENT_PER_SCHOOL: return ratio(a->cm, a->cm_n);
	case SG_STATS_FIG_STUDENTS_PER_TEACHING_COMPUTER:
		return ratio(a->r_students, a->r_ct);
	case SG_STATS_FIG_STUDENTS_PER_COMPUTER:
		return ratio(a->w_students, a->w_comp);
	case SG_STATS_FIG_SCHOOLS_ASSESSED: return a->assessed;
	case SG_STATS_FIG_SCHOOLS_COMPLIANT: return a->compliant;
	case SG_STATS_FIG_COMPLIANT_PCT: return pct(a->compliant, a->assessed);
	case SG_STATS_FIG_SCHOOLS_UNKNOWN: return a->unknown;
	case SG_STATS_FIG_SCHOOL_WIDE_ASSESSED: return a->w_assessed;
	case SG_STATS_FIG_SCHOOL_WIDE_COMPLIANT: return a->w_compliant;
	case SG_STATS_FIG_SCHOOL_WIDE_PCT:
		return pct(a->w_compliant, a->w_assessed);
	case SG_STATS_FIG_COMPUTERS_MISSING: return a->missing;
	case SG_STATS_FIG_COST:
		return a->missing * sg_std__get(s, SG_STD_COMPUTER_PRICE);
	case SG_STATS_FIG_EQUIPMENT_ASSESSED: return a->e_known;
	case SG_STATS_FIG_EQUIPMENT_OK: return a->e_ok;
	case SG_STATS_FIG_EQUIPMENT_PCT: return pct(a->e_ok, a->e_known);
	case SG_STATS_FIG_MANAGEMENT_COMPUTERS_MISSING:
	case SG_STATS_FIG_PRINTERS_MISSING:
	case SG_STATS_FIG_WEBCAMS_MISSING:
		return a->e_missing[f -
				    SG_STATS_FIG_MANAGEMENT_COMPUTERS_MISSING];
	case SG_STATS_FIG_FIBRE_PCT:
	case SG_STATS_FIG_LAN_PCT:
	case SG_STATS_FIG_WIFI_PCT:
	case SG_STATS_FIG_WEBSITE_PCT:
	case SG_STATS_FIG_E_GRADEBOOK_PCT:
	case SG_STATS_FIG_E_CONTACT_BOOK_PCT:
	case SG_STATS_FIG_TEACHERS_IT_PCT: {
		int i = (int)(f - SG_STATS_FIG_FIBRE_PCT);

		return pct(a->it_num[i], a->it_den[i]);
	}
	default: return NAN;
	}
}

/* A figure of an IT indicator of a group. */
static double acc_it(const acc *a, const sg_standards *s, int i,
		     sg_stats_it_field f)
{
	double target = sg_std__get(s, it_targets[i]);
	double share = pct(a->it_num[i], a->it_den[i]);

	switch (f) {
	case SG_STATS_ITF_NUMERATOR: return a->it_num[i];
	case SG_STATS_ITF_DENOMINATOR: return a->it_den[i];
	case SG_STATS_ITF_SHARE_PCT: return share;
	case SG_STATS_ITF_TARGET_PCT: return target;
	case SG_STATS_ITF_GAP_PCT:
		return isnan(target) || isnan(share) ? NAN
						     : fmax(0, target - share);
	case SG_STATS_ITF_UNKNOWN: return a->it_unknown[i];
	default: return NAN;
	}
}

/* The group of unit index `u` at kind `kind` (walking up), or -1. */
static long ancestor(const sg_stats_data *d, long u, int kind)
{
	while (u >= 0 && d->ukind[u] < kind)
		u = d->uparent[u];
	return u >= 0 && d->ukind[u] == kind ? u : -1;
}

/*---- The result ---------------------------------------------------------*/

void sg_stats_result_free(sg_stats_result *r)
{
	if (!r)
		return;
	sg_stats__data_free(&r->own);
	free(r->years);
	free(r->g_unit);
	free(r->g_lg);
	free(r->gacc);
	free(r->racc);
	free(r->srow);
	free(r->slevels);
	free(r);
}

/* The group of a school for `by`: its slot (unit index + 1, 0 none). */
static size_t group_slot(const sg_stats_data *d, sg_stats_by by, long sc)
{
	long u = by == SG_STATS_BY_LEVEL
			 ? -1
			 : ancestor(d, d->ward[sc], (int)by - 1);

	return (size_t)(u + 1);
}

static int result_new(sg_ctx *ctx, sg_stats_data *take, const sg_stats_data *d,
		      const sg_standards *std, sg_stats_by by, const int *years,
		      size_t nyears, const char *set_name,
		      sg_stats_result **out)
{
	sg_stats_result *r = calloc(1, sizeof(*r));
	size_t nslots, nu, ns;
	long *gidx = NULL;
	int rc = SG_ENOMEM;

	*out = NULL;
	if (!r) {
		if (take)
			sg_stats__data_free(take);
		return sg_error__oom(ctx, "stats");
	}
	if (take) {
		r->own = *take;
		memset(take, 0, sizeof(*take));
		d = &r->own;
	}
	r->d = d;
	r->std = *std;
	r->by = by;
	r->ny = nyears;
	snprintf(r->set_name, sizeof(r->set_name), "%s",
		 set_name ? set_name : "");
	nu = d->nunits;
	ns = d->nschools;
	nslots = (nu + 1) * SG_LG__COUNT;
	r->years = malloc((nyears + 1) * sizeof(int));
	r->racc = calloc(nyears * (nu + 1) + 1, sizeof(acc));
	r->srow = malloc((nyears * ns + 1) * sizeof(long));
	r->slevels = calloc(ns + 1, sizeof(*r->slevels));
	gidx = malloc((nslots + 1) * sizeof(long));
	if (!r->years || !r->racc || !r->srow || !r->slevels || !gidx)
		goto done;
	memcpy(r->years, years, nyears * sizeof(int));
	for (size_t i = 0; i < nyears * ns; i++)
		r->srow[i] = -1;
	for (size_t i = 0; i < ns; i++)
		sg_text__levels_format(d->levels[i], r->slevels[i],
				       sizeof(r->slevels[i]));
	/* The groups with schools in any of the years, in the tables'
	 * order: units in the store's order, then "no unit". */
	for (size_t i = 0; i < nslots; i++)
		gidx[i] = -1;
	if (by != SG_STATS_BY_SCHOOL) {
		for (size_t row = 0; row < d->nrows; row++) {
			long sc = d->row_school[row];
			size_t slot = group_slot(d, by, sc);

			for (size_t k = 0; k < nyears; k++)
				if (d->row_year[row] == years[k]) {
					gidx[slot * SG_LG__COUNT +
					     (size_t)level_group(
						     d->levels[sc])] = 0;
					gidx[slot * SG_LG__COUNT + SG_LG_ALL] =
						0;
				}
		}
		for (size_t u = 1; u <= nu + 1; u++) {
			size_t slot = u == nu + 1 ? 0 : u;

			for (int lg = 0; lg < SG_LG__COUNT; lg++)
				if (gidx[slot * SG_LG__COUNT + (size_t)lg] == 0)
					r->ngroups++;
		}
		r->g_unit = malloc((r->ngroups + 1) * sizeof(long));
		r->g_lg = malloc((r->ngroups + 1) * sizeof(int));
		r->gacc = calloc(nyears * r->ngroups + 1, sizeof(acc));
		if (!r->g_unit || !r->g_lg || !r->gacc)
			goto done;
		r->ngroups = 0;
		for (size_t u = 1; u <= nu + 1; u++) {
			size_t slot = u == nu + 1 ? 0 : u;

			for (int lg = 0; lg < SG_LG__COUNT; lg++) {
				long *gi =
					&gidx[slot * SG_LG__COUNT + (size_t)lg];

				if (*gi != 0)
					continue;
				*gi = (long)r->ngroups;
				r->g_unit[r->ngroups] = (long)slot - 1;
				r->g_lg[r->ngroups++] = lg;
			}
		}
	}
	/* One pass over the rows: each row's sums in its groups, its
	 * units of the roll-up and the total. */
	for (size_t row = 0; row < d->nrows; row++) {
		long sc = d->row_school[row];
		int lg = level_group(d->levels[sc]), done = 0;
		eval e;

		for (size_t k = 0; k < nyears; k++) {
			acc *ra = &r->racc[k * (nu + 1)];

			if (d->row_year[row] != years[k])
				continue;
			if (!done) {
				evaluate(d, &r->std, row, &e);
				done = 1;
			}
			r->srow[k * ns + (size_t)sc] = (long)row;
			for (long u = d->ward[sc]; u >= 0; u = d->uparent[u])
				add(&ra[u], d, row, &e);
			add(&ra[nu], d, row, &e);
			if (by == SG_STATS_BY_SCHOOL)
				continue;
			{
				size_t slot = group_slot(d, by, sc);
				acc *ga = &r->gacc[k * r->ngroups];

				add(&ga[gidx[slot * SG_LG__COUNT + (size_t)lg]],
				    d, row, &e);
				add(&ga[gidx[slot * SG_LG__COUNT + SG_LG_ALL]],
				    d, row, &e);
			}
		}
	}
	rc = SG_OK;
done:
	free(gidx);
	if (rc != SG_OK) {
		sg_stats_result_free(r);
		return sg_error__oom(ctx, "stats");
	}
	*out = r;
	return SG_OK;
}

int sg_stats__result_new(sg_ctx *ctx, sg_stats_data *d, const sg_standards *std,
			 sg_stats_by by, const int *years, size_t nyears,
			 const char *set_name, sg_stats_result **out)
{
	return result_new(ctx, d, NULL, std, by, years, nyears, set_name, out);
}

int sg_stats__build(sg_ctx *ctx, const sg_stats_data *d,
		    const sg_standards *std, sg_stat_kind kind, sg_stats_by by,
		    const int *years, size_t nyears, sg_table **out)
{
	sg_stats_result *r = NULL;
	int rc = result_new(ctx, NULL, d, std, by, years, nyears, NULL, &r);

	*out = NULL;
	if (rc == SG_OK)
		rc = sg_stats__table(ctx, r, kind, out);
	sg_stats_result_free(r);
	return rc;
}

/*---- Getters ------------------------------------------------------------*/

size_t sg_stats_result_nyears(const sg_stats_result *r)
{
	return r ? r->ny : 0;
}

const char *sg_stats_result_year(const sg_stats_result *r, size_t y)
{
	return r && y < r->ny ? r->d->years[r->years[y]] : NULL;
}

bool sg_stats_result_year_find(const sg_stats_result *r, const char *year,
			       size_t *y)
{
	for (size_t k = 0; r && year && k < r->ny; k++)
		if (strcmp(r->d->years[r->years[k]], year) == 0) {
			*y = k;
			return true;
		}
	return false;
}

sg_stats_by sg_stats_result_by(const sg_stats_result *r)
{
	return r ? r->by : SG_STATS_BY_WARD;
}

const char *sg_stats_figure_name(sg_stats_figure f)
{
	return (unsigned)f < SG_STATS_FIG__COUNT ? fig_names[f] : NULL;
}

bool sg_stats_figure_parse(const char *name, sg_stats_figure *out)
{
	for (int f = 0; name && f < SG_STATS_FIG__COUNT; f++)
		if (strcmp(name, fig_names[f]) == 0) {
			*out = (sg_stats_figure)f;
			return true;
		}
	return false;
}

const char *sg_stats_it_name(sg_stats_it_indicator i)
{
	return (unsigned)i < SG_STATS_IT__COUNT ? it_names[i] : NULL;
}

static const char *const school_fig_names[SG_STATS_SCHOOL__COUNT] = {
	"students",
	"computers_teaching",
	"computers_management",
	"students_per_teaching_computer",
	"students_per_computer",
	"teaching_needed",
	"computers_missing",
	"cost",
	"management_computers_missing",
	"printers_missing",
	"webcams_missing",
	"teachers",
	"teachers_it_standard",
	"teachers_it_pct"
};

const char *sg_stats_school_figure_name(sg_stats_school_figure f)
{
	return (unsigned)f < SG_STATS_SCHOOL__COUNT ? school_fig_names[f]
						    : NULL;
}

bool sg_stats_school_figure_parse(const char *name, sg_stats_school_figure *out)
{
	for (int f = 0; name && f < SG_STATS_SCHOOL__COUNT; f++)
		if (strcmp(name, school_fig_names[f]) == 0) {
			*out = (sg_stats_school_figure)f;
			return true;
		}
	return false;
}

const char *sg_stats_check_name(sg_stats_check c)
{
	static const char *const t[] = { "n/a", "unknown", "yes", "no",
					 "no computers" };

	return (unsigned)c <= SG_STATS_CHECK_NO_COMPUTERS ? t[c] : NULL;
}

static const char *const kind_names[3] = { "ward", "district", "city" };

size_t sg_stats_result_ngroups(const sg_stats_result *r)
{
	return r ? r->ngroups : 0;
}

static long group_unit(const sg_stats_result *r, size_t g)
{
	return r && g < r->ngroups ? r->g_unit[g] : -1;
}

const char *sg_stats_group_unit_code(const sg_stats_result *r, size_t g)
{
	long u = group_unit(r, g);

	return u >= 0 ? r->d->ucode[u] : NULL;
}

const char *sg_stats_group_unit_name(const sg_stats_result *r, size_t g)
{
	long u = group_unit(r, g);

	return u >= 0 ? r->d->uname[u] : NULL;
}

const char *sg_stats_group_unit_kind(const sg_stats_result *r, size_t g)
{
	long u = group_unit(r, g);

	return u >= 0 ? kind_names[r->d->ukind[u]] : NULL;
}

const char *sg_stats_group_level(const sg_stats_result *r, size_t g)
{
	return r && g < r->ngroups ? lg_names[r->g_lg[g]] : NULL;
}

double sg_stats_group_value(const sg_stats_result *r, size_t y, size_t g,
			    sg_stats_figure f)
{
	if (!r || y >= r->ny || g >= r->ngroups)
		return NAN;
	return acc_value(&r->gacc[y * r->ngroups + g], &r->std, f);
}

double sg_stats_group_it(const sg_stats_result *r, size_t y, size_t g,
			 sg_stats_it_indicator i, sg_stats_it_field f)
{
	if (!r || y >= r->ny || g >= r->ngroups ||
	    (unsigned)i >= SG_STATS_IT__COUNT)
		return NAN;
	return acc_it(&r->gacc[y * r->ngroups + g], &r->std, (int)i, f);
}

size_t sg_stats_result_nunits(const sg_stats_result *r)
{
	return r ? r->d->nunits : 0;
}

const char *sg_stats_unit_code(const sg_stats_result *r, size_t u)
{
	return r && u < r->d->nunits ? r->d->ucode[u] : NULL;
}

const char *sg_stats_unit_name(const sg_stats_result *r, size_t u)
{
	return r && u < r->d->nunits ? r->d->uname[u] : NULL;
}

const char *sg_stats_unit_kind(const sg_stats_result *r, size_t u)
{
	return r && u < r->d->nunits ? kind_names[r->d->ukind[u]] : NULL;
}

const char *sg_stats_unit_parent_code(const sg_stats_result *r, size_t u)
{
	return r && u < r->d->nunits && r->d->uparent[u] >= 0
		       ? r->d->ucode[r->d->uparent[u]]
		       : NULL;
}

bool sg_stats_unit_find(const sg_stats_result *r, const char *code, size_t *u)
{
	for (size_t i = 0; r && code && i < r->d->nunits; i++)
		if (r->d->ucode[i] && strcmp(r->d->ucode[i], code) == 0) {
			*u = i;
			return true;
		}
	return false;
}

double sg_stats_unit_value(const sg_stats_result *r, size_t y, size_t u,
			   sg_stats_figure f)
{
	if (!r || y >= r->ny || u >= r->d->nunits)
		return NAN;
	return acc_value(&r->racc[y * (r->d->nunits + 1) + u], &r->std, f);
}

double sg_stats_total_value(const sg_stats_result *r, size_t y,
			    sg_stats_figure f)
{
	if (!r || y >= r->ny)
		return NAN;
	return acc_value(&r->racc[y * (r->d->nunits + 1) + r->d->nunits],
			 &r->std, f);
}

size_t sg_stats_result_nschools(const sg_stats_result *r)
{
	return r ? r->d->nschools : 0;
}

const char *sg_stats_school_code(const sg_stats_result *r, size_t i)
{
	return r && i < r->d->nschools ? r->d->code[i] : NULL;
}

const char *sg_stats_school_name(const sg_stats_result *r, size_t i)
{
	return r && i < r->d->nschools ? r->d->name[i] : NULL;
}

const char *sg_stats_school_levels(const sg_stats_result *r, size_t i)
{
	return r && i < r->d->nschools ? r->slevels[i] : NULL;
}

const char *sg_stats_school_unit_code(const sg_stats_result *r, size_t i)
{
	return r && i < r->d->nschools && r->d->ward[i] >= 0
		       ? r->d->ucode[r->d->ward[i]]
		       : NULL;
}

bool sg_stats_school_find(const sg_stats_result *r, const char *code, size_t *i)
{
	size_t lo = 0, hi = r ? r->d->nschools : 0;

	/* By code: binary search where the codes are sorted as strcmp
	 * sorts them (SQLite's BINARY order), else a scan. */
	while (code && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(r->d->code[mid], code);

		if (c == 0) {
			*i = mid;
			return true;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t k = 0; r && code && k < r->d->nschools; k++)
		if (strcmp(r->d->code[k], code) == 0) {
			*i = k;
			return true;
		}
	return false;
}

static long school_row(const sg_stats_result *r, size_t y, size_t i)
{
	if (!r || y >= r->ny || i >= r->d->nschools)
		return -1;
	return r->srow[y * r->d->nschools + i];
}

bool sg_stats_school_has_year(const sg_stats_result *r, size_t y, size_t i)
{
	return school_row(r, y, i) >= 0;
}

/* A figure of one school-year row. */
static double row_value(const sg_stats_data *d, const sg_standards *s,
			size_t row, sg_stats_school_figure f)
{
	double st = d->f[SG_SF_STUDENTS][row];
	double ct = d->f[SG_SF_COMPUTERS_TEACHING][row];
	double cm = d->f[SG_SF_COMPUTERS_MANAGEMENT][row];
	eval e;

	switch (f) {
	case SG_STATS_SCHOOL_STUDENTS: return st;
	case SG_STATS_SCHOOL_COMPUTERS_TEACHING: return ct;
	case SG_STATS_SCHOOL_COMPUTERS_MANAGEMENT: return cm;
	case SG_STATS_SCHOOL_STUDENTS_PER_TEACHING_COMPUTER:
		return ratio(st, ct);
	case SG_STATS_SCHOOL_STUDENTS_PER_COMPUTER: return ratio(st, ct + cm);
	case SG_STATS_SCHOOL_TEACHERS: return d->f[SG_SF_TEACHERS][row];
	case SG_STATS_SCHOOL_TEACHERS_IT_STANDARD:
		return d->f[SG_SF_TEACHERS_IT][row];
	case SG_STATS_SCHOOL_TEACHERS_IT_PCT:
		return pct(d->f[SG_SF_TEACHERS_IT][row],
			   d->f[SG_SF_TEACHERS][row]);
	default: break;
	}
	evaluate(d, s, row, &e);
	switch (f) {
	case SG_STATS_SCHOOL_TEACHING_NEEDED: return e.needed;
	case SG_STATS_SCHOOL_COMPUTERS_MISSING: return e.missing;
	case SG_STATS_SCHOOL_COST:
		return e.missing * sg_std__get(s, SG_STD_COMPUTER_PRICE);
	case SG_STATS_SCHOOL_MANAGEMENT_COMPUTERS_MISSING:
	case SG_STATS_SCHOOL_PRINTERS_MISSING:
	case SG_STATS_SCHOOL_WEBCAMS_MISSING:
		return e.equip_missing
			[f - SG_STATS_SCHOOL_MANAGEMENT_COMPUTERS_MISSING];
	default: return NAN;
	}
}

static sg_stats_check row_check(const sg_stats_data *d, const sg_standards *s,
				size_t row, sg_stats_check_kind k)
{
	eval e;

	evaluate(d, s, row, &e);
	switch (k) {
	case SG_STATS_COMPLIANT:
		return e.level_chk == CHK_NO &&
				       d->f[SG_SF_COMPUTERS_TEACHING][row] == 0
			       ? SG_STATS_CHECK_NO_COMPUTERS
			       : (sg_stats_check)e.level_chk;
	case SG_STATS_SCHOOL_WIDE: return (sg_stats_check)e.wide_chk;
	case SG_STATS_EQUIPMENT: return (sg_stats_check)e.equip_chk;
	default: return SG_STATS_CHECK_NA;
	}
}

static sg_stats_check row_it(const sg_stats_data *d, size_t row, int i)
{
	double v = d->f[SG_SF_FIBRE + i][row];

	return isnan(v) ? SG_STATS_CHECK_UNKNOWN
	       : v != 0 ? SG_STATS_CHECK_YES
			: SG_STATS_CHECK_NO;
}

double sg_stats_school_value(const sg_stats_result *r, size_t y, size_t i,
			     sg_stats_school_figure f)
{
	long row = school_row(r, y, i);

	return row < 0 ? NAN : row_value(r->d, &r->std, (size_t)row, f);
}

sg_stats_check sg_stats_school_check(const sg_stats_result *r, size_t y,
				     size_t i, sg_stats_check_kind k)
{
	long row = school_row(r, y, i);

	return row < 0 ? SG_STATS_CHECK_UNKNOWN
		       : row_check(r->d, &r->std, (size_t)row, k);
}

sg_stats_check sg_stats_school_it(const sg_stats_result *r, size_t y, size_t i,
				  sg_stats_it_indicator ind)
{
	long row = school_row(r, y, i);

	if (row < 0 || (unsigned)ind >= NIT)
		return SG_STATS_CHECK_UNKNOWN;
	return row_it(r->d, (size_t)row, (int)ind);
}

/*---- Views --------------------------------------------------------------*/

/* Set the unit columns (code, name, kind) of a row; unit -1 = none. */
static int set_unit(sg_table *t, long row, const sg_stats_data *d, long u)
{
	if (u < 0)
		return 0;
	if (sg_table__set_text(t, (size_t)row, 0, d->ucode[u]) != 0 ||
	    sg_table__set_text(t, (size_t)row, 1, d->uname[u]) != 0 ||
	    sg_table__set_text(t, (size_t)row, 2, kind_names[d->ukind[u]]) != 0)
		return -1;
	return 0;
}

/* The figures of the roll-up table, in its columns' order. */
static const sg_stats_figure rollup_figs[] = {
	SG_STATS_FIG_SCHOOLS,
	SG_STATS_FIG_STUDENTS,
	SG_STATS_FIG_COMPUTERS_TEACHING,
	SG_STATS_FIG_COMPUTERS_MANAGEMENT,
	SG_STATS_FIG_STUDENTS_PER_TEACHING_COMPUTER,
	SG_STATS_FIG_STUDENTS_PER_COMPUTER,
	SG_STATS_FIG_COMPLIANT_PCT,
	SG_STATS_FIG_SCHOOL_WIDE_PCT,
	SG_STATS_FIG_COMPUTERS_MISSING,
	SG_STATS_FIG_COST,
	SG_STATS_FIG_EQUIPMENT_PCT,
	SG_STATS_FIG_FIBRE_PCT,
	SG_STATS_FIG_WEBSITE_PCT,
	SG_STATS_FIG_E_GRADEBOOK_PCT,
	SG_STATS_FIG_TEACHERS_IT_PCT,
	SG_STATS_FIG_SCHOOLS_UNKNOWN,
};

int sg_stats__view(sg_ctx *ctx, const sg_stats_result *res, sg_stat_kind kind,
		   sg_stats_by by, size_t k, sg_table **out)
{
	const sg_stats_data *d = res->d;
	const sg_standards *s = &res->std;
	int year;
	size_t nu = d->nunits;
	sg_table *t = NULL;
	const char *gcols[NGROUP_COLS];
	char title[256], note[1024];
	int rc = SG_ENOMEM;

	*out = NULL;
	if (k >= res->ny || (kind != SG_STAT_ROLLUP &&
			     by != SG_STATS_BY_SCHOOL && by != res->by))
		return sg_error__set(ctx, SG_EINVALID,
				     "stats: internal error: no such view");
	year = res->years[k];
	standards_note(s, note, sizeof(note));
	if (by == SG_STATS_BY_SCHOOL && kind != SG_STAT_ROLLUP) {
		static const char *const it_school[] = {
			"school_code",	  "school_name", "levels",
			"unit_code",	  "fibre",	 "lan",
			"wifi",		  "website",	 "e_gradebook",
			"e_contact_book", "teachers",	 "teachers_it_standard",
			"teachers_it_pct"
		};
		static const char *const texts[] = { "compliant",
						     "school_wide_compliant",
						     "equipment_ok",
						     "fibre",
						     "lan",
						     "wifi",
						     "website",
						     "e_gradebook",
						     "e_contact_book",
						     NULL };
		int it = kind == SG_STAT_IT;

		t = it ? new_table(it_school, 13, 4, texts)
		       : new_table(school_cols, NSCHOOL_COLS, 4, texts);
		if (!t)
			goto done;
		/* The school-year rows of the year, in the store's order. */
		for (size_t r = 0; r < d->nrows; r++) {
			long sc = d->row_school[r], row;

			if (d->row_year[r] != year)
				continue;
			if ((row = sg_table__add_row(t)) < 0)
				goto done;
			sg_table__set_text(t, (size_t)row, 0, d->code[sc]);
			sg_table__set_text(t, (size_t)row, 1, d->name[sc]);
			sg_table__set_text(t, (size_t)row, 2, res->slevels[sc]);
			if (d->ward[sc] >= 0)
				sg_table__set_text(t, (size_t)row, 3,
						   d->ucode[d->ward[sc]]);
			if (it) {
				for (int i = 0; i < NIT; i++) {
					sg_stats_check c = row_it(d, r, i);

					sg_table__set_text(
						t, (size_t)row, 4 + (size_t)i,
						c == SG_STATS_CHECK_UNKNOWN
							? NULL
							: sg_stats_check_name(
								  c));
				}
				for (int i = 0; i < 3; i++)
					sg_table__set_real(
						t, (size_t)row, 10 + (size_t)i,
						row_value(
							d, s, r,
							(sg_stats_school_figure)(SG_STATS_SCHOOL_TEACHERS +
										 i)));
				continue;
			}
			for (size_t i = 0; i < 8; i++)
				sg_table__set_real(
					t, (size_t)row, 4 + i,
					row_value(d, s, r,
						  (sg_stats_school_figure)i));
			sg_table__set_text(t, (size_t)row, 12,
					   sg_stats_check_name(row_check(
						   d, s, r,
						   SG_STATS_COMPLIANT)));
			sg_table__set_text(t, (size_t)row, 13,
					   sg_stats_check_name(row_check(
						   d, s, r,
						   SG_STATS_SCHOOL_WIDE)));
			for (int i = 0; i < 3; i++)
				sg_table__set_real(
					t, (size_t)row, 14 + (size_t)i,
					row_value(
						d, s, r,
						(sg_stats_school_figure)(SG_STATS_SCHOOL_MANAGEMENT_COMPUTERS_MISSING +
									 i)));
			sg_table__set_text(t, (size_t)row, 17,
					   sg_stats_check_name(row_check(
						   d, s, r,
						   SG_STATS_EQUIPMENT)));
		}
		snprintf(title, sizeof(title), "%s by school, %s",
			 it ? "IT indicators" : "Student-per-computer ratios",
			 d->years[year]);
		rc = SG_OK;
		goto done;
	}

	if (kind == SG_STAT_ROLLUP) {
		static const char *const texts[] = { "parent_code", NULL };
		const acc *g = &res->racc[k * (nu + 1)];

		t = new_table(rollup_cols, NROLLUP_COLS, 4, texts);
		if (!t)
			goto done;
		/* Cities, then districts, then wards, each by code; the
		 * total last. */
		for (int kd = 2; kd >= -1; kd--) {
			for (size_t u = 0; u <= nu; u++) {
				long ui = (long)u - 1;
				const acc *a = ui < 0 ? &g[nu] : &g[ui];
				long row;

				if ((kd >= 0 &&
				     (ui < 0 || d->ukind[ui] != kd)) ||
				    (kd < 0 && ui >= 0))
					continue;
				if (kd >= 0 && a->schools == 0 && kd == 0)
					continue;
				if ((row = sg_table__add_row(t)) < 0)
					goto done;
				if (ui >= 0) {
					if (set_unit(t, row, d, ui) != 0)
						goto done;
					if (d->uparent[ui] >= 0)
						sg_table__set_text(
							t, (size_t)row, 3,
							d->ucode[d->uparent
									 [ui]]);
				} else {
					sg_table__set_text(t, (size_t)row, 1,
							   "Total");
				}
				for (size_t i = 0;
				     i <
				     sizeof(rollup_figs) / sizeof(*rollup_figs);
				     i++)
					sg_table__set_real(
						t, (size_t)row, 4 + i,
						acc_value(a, s,
							  rollup_figs[i]));
			}
		}
		snprintf(title, sizeof(title),
			 "Roll-up school -> ward -> district -> city, %s",
			 d->years[year]);
		rc = SG_OK;
		goto done;
	}

	group_cols(gcols);
	t = kind == SG_STAT_IT
		    ? new_table(it_cols, NIT_COLS, 5, NULL)
		    : new_table(gcols, NGROUP_COLS, NGROUP_KEYS, NULL);
	if (!t)
		goto done;
	/* Groups in the result's order (units in the store's order, then
	 * "no unit"), those with schools this year. */
	for (size_t g = 0; g < res->ngroups; g++) {
		const acc *a = &res->gacc[k * res->ngroups + g];
		long ui = res->g_unit[g], row;
		int lg = res->g_lg[g];

		if (a->schools == 0)
			continue;
		if (kind != SG_STAT_IT) {
			if ((row = sg_table__add_row(t)) < 0 ||
			    set_unit(t, row, d, ui) != 0 ||
			    sg_table__set_text(t, (size_t)row, 3,
					       lg_names[lg]) != 0)
				goto done;
			for (int f = 0; f <= SG_STATS_FIG_WEBCAMS_MISSING; f++)
				sg_table__set_real(
					t, (size_t)row, 4 + (size_t)f,
					acc_value(a, s, (sg_stats_figure)f));
			continue;
		}
		for (int i = 0; i <= NIT; i++) {
			if ((row = sg_table__add_row(t)) < 0 ||
			    set_unit(t, row, d, ui) != 0 ||
			    sg_table__set_text(t, (size_t)row, 3,
					       lg_names[lg]) != 0 ||
			    sg_table__set_text(t, (size_t)row, 4,
					       it_names[i]) != 0)
				goto done;
			for (int f = 0; f < SG_STATS_ITF__COUNT; f++)
				sg_table__set_real(
					t, (size_t)row, 5 + (size_t)f,
					acc_it(a, s, i, (sg_stats_it_field)f));
		}
	}
	{
		static const char *const by_names[] = { "school", "ward",
							"district", "city",
							"level" };

		snprintf(title, sizeof(title), "%s by %s, %s",
			 kind == SG_STAT_IT ? "IT indicators against targets"
					    : "Student-per-computer ratios",
			 by_names[by], d->years[year]);
	}
	rc = SG_OK;
done:
	if (rc == SG_OK && (sg_table__set_title(t, title) != 0 ||
			    sg_table__set_note(t, note) != 0))
		rc = SG_ENOMEM;
	if (rc != SG_OK) {
		sg_table_free(t);
		return sg_error__oom(ctx, "stats");
	}
	*out = t;
	return SG_OK;
}

/*---- Trends -------------------------------------------------------------*/

/* Pivot per-year tables into: key columns, indicator, one column per
 * year, change (last year minus first). */
static int pivot(sg_ctx *ctx, sg_table **tabs, const sg_stats_data *d,
		 const int *years, size_t ny, sg_table **out)
{
	const sg_table *t0 = tabs[0];
	size_t nkeys = 0, ncols;
	const char *names[80];
	sg_col_type types[80];
	sg_strmap *rows = sg_strmap__new();
	sg_table *t = NULL;
	char key[1024], title[300];
	int rc = SG_ENOMEM;

	while (nkeys < sg_table_ncols(t0) &&
	       sg_table_coltype(t0, nkeys) == SG_COL_TEXT)
		nkeys++;
	ncols = nkeys + 1 + ny + 1;
	if (!rows || ncols > 80)
		goto done;
	for (size_t k = 0; k < nkeys; k++) {
		names[k] = sg_table_colname(t0, k);
		types[k] = SG_COL_TEXT;
	}
	names[nkeys] = "indicator";
	types[nkeys] = SG_COL_TEXT;
	for (size_t y = 0; y < ny; y++) {
		names[nkeys + 1 + y] = d->years[years[y]];
		types[nkeys + 1 + y] = SG_COL_REAL;
	}
	names[ncols - 1] = "change";
	types[ncols - 1] = SG_COL_REAL;
	t = sg_table__new(ncols, names, types);
	if (!t)
		goto done;
	for (size_t y = 0; y < ny; y++) {
		const sg_table *ty = tabs[y];

		for (size_t r = 0; r < sg_table_nrows(ty); r++) {
			size_t len = 0;

			for (size_t k = 0; k < nkeys; k++) {
				const char *v = sg_table_text(ty, r, k);

				len += (size_t)snprintf(key + len,
							sizeof(key) - len,
							"%s\x1f", v ? v : "");
				if (len >= sizeof(key))
					len = sizeof(key) - 1;
			}
			for (size_t c = nkeys; c < sg_table_ncols(ty); c++) {
				const char *cn = sg_table_colname(ty, c);
				int64_t row;

				if (sg_table_coltype(ty, c) == SG_COL_TEXT)
					continue;
				snprintf(key + len, sizeof(key) - len, "%s",
					 cn);
				if (!sg_strmap__get(rows, key, &row)) {
					row = sg_table__add_row(t);
					if (row < 0 ||
					    sg_strmap__put(rows, key, row) != 0)
						goto done;
					for (size_t k = 0; k < nkeys; k++)
						if (sg_table__set_text(
							    t, (size_t)row, k,
							    sg_table_text(ty, r,
									  k)) !=
						    0)
							goto done;
					if (sg_table__set_text(t, (size_t)row,
							       nkeys, cn) != 0)
						goto done;
				}
				sg_table__set_real(t, (size_t)row,
						   nkeys + 1 + y,
						   sg_table_real(ty, r, c));
			}
		}
	}
	for (size_t r = 0; r < sg_table_nrows(t); r++)
		sg_table__set_real(t, r, ncols - 1,
				   sg_table_real(t, r, nkeys + ny) -
					   sg_table_real(t, r, nkeys + 1));
	/* The first year's title without its ", <year>" ending. */
	snprintf(title, sizeof(title), "%.*s: trends %s to %s",
		 (int)(strrchr(sg_table_title(t0), ',')
			       ? strrchr(sg_table_title(t0), ',') -
					 sg_table_title(t0)
			       : (long)strlen(sg_table_title(t0))),
		 sg_table_title(t0), d->years[years[0]],
		 d->years[years[ny - 1]]);
	if (sg_table__set_title(t, title) == 0 &&
	    sg_table__set_note(t, sg_table_note(t0)) == 0)
		rc = SG_OK;
done:
	sg_strmap__free(rows);
	if (rc != SG_OK) {
		sg_table_free(t);
		return sg_error__oom(ctx, "stats");
	}
	*out = t;
	return SG_OK;
}

/* The note of a table reported on one set of several: which, and how
 * the schools were placed in its units. */
static int set_note(sg_table *t, const char *set)
{
	const char *old = sg_table_note(t);
	size_t n = strlen(old) + strlen(set) + 400;
	char *note = malloc(n);
	int rc;

	if (!note)
		return -1;
	snprintf(note, n,
		 "%s%sUnits of the administrative set %s, every "
		 "year (the store has several sets; name the unit as SET/CODE"
		 " for another): schools counted in the unit of that set they "
		 "lie in (by location), else in the unit their declared unit "
		 "went into (crosswalk).",
		 old, *old ? " " : "", set);
	rc = sg_table__set_note(t, note);
	free(note);
	return rc;
}

int sg_stats__table(sg_ctx *ctx, const sg_stats_result *r, sg_stat_kind kind,
		    sg_table **out)
{
	sg_table **tabs;
	int rc = SG_OK;

	*out = NULL;
	if (r->ny == 1) {
		rc = sg_stats__view(ctx, r, kind, r->by, 0, out);
	} else {
		tabs = calloc(r->ny, sizeof(*tabs));
		if (!tabs)
			return sg_error__oom(ctx, "stats");
		for (size_t y = 0; rc == SG_OK && y < r->ny; y++)
			rc = sg_stats__view(ctx, r, kind, r->by, y, &tabs[y]);
		if (rc == SG_OK)
			rc = pivot(ctx, tabs, r->d, r->years, r->ny, out);
		for (size_t y = 0; y < r->ny; y++)
			sg_table_free(tabs[y]);
		free(tabs);
	}
	if (rc == SG_OK && r->set_name[0] && set_note(*out, r->set_name) != 0) {
		sg_table_free(*out);
		*out = NULL;
		rc = sg_error__oom(ctx, "stats");
	}
	if (rc == SG_OK)
		sg_table__set_unit_set(*out, r->unit_set);
	return rc;
}

void sg_stats__data_free(sg_stats_data *d)
{
	free(d->code);
	free(d->name);
	free(d->levels);
	free(d->ward);
	free(d->ucode);
	free(d->uname);
	free(d->ukind);
	free(d->uparent);
	free(d->years);
	free(d->row_school);
	free(d->row_year);
	for (int i = 0; i < SG_SF__COUNT; i++)
		free(d->f[i]);
	free(d->arena);
	memset(d, 0, sizeof(*d));
}
