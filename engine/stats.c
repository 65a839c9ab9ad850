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

enum {
	LG_PRESCHOOL,
	LG_PRIMARY,
	LG_LOWER,
	LG_UPPER,
	LG_MULTI,
	LG_ALL,
	LG__COUNT
};

static const char *const lg_names[LG__COUNT] = {
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
	return LG_MULTI;
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
	int applicable = 0, known = 1, single = level_group(mask) != LG_MULTI;
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

#define NIT 6 /* yes/no IT indicators, SG_SF_FIBRE.. in order */
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

typedef struct {
	double schools;
	double students, students_n, ct, ct_n, cm, cm_n;
	double r_students, r_ct;   /* students and teaching both known */
	double w_students, w_comp; /* students, teaching, mgmt known */
	double assessed, compliant, unknown;
	double w_assessed, w_compliant;
	double missing;
	double e_known, e_ok, e_missing[3];
	double it_num[NIT + 1], it_den[NIT + 1], it_unknown[NIT + 1];
} acc;

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
static const char *const group_cols[] = { "unit_code",
					  "unit_name",
					  "unit_kind",
					  "level",
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
					  "webcams_missing" };
#define NGROUP_COLS (sizeof(group_cols) / sizeof(*group_cols))

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

static const char *chk_text(int chk)
{
	static const char *const t[] = { "n/a", "unknown", "yes", "no" };

	return t[chk];
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

static const char *const kind_names[3] = { "ward", "district", "city" };

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

static void set_group_figures(sg_table *t, long row, const acc *a,
			      const sg_standards *s, size_t first)
{
	double price = sg_std__get(s, SG_STD_COMPUTER_PRICE);
	double v[] = {
		a->schools,
		a->students_n ? a->students : NAN,
		a->ct_n ? a->ct : NAN,
		a->cm_n ? a->cm : NAN,
		ratio(a->ct, a->ct_n),
		ratio(a->cm, a->cm_n),
		ratio(a->r_students, a->r_ct),
		ratio(a->w_students, a->w_comp),
		a->assessed,
		a->compliant,
		pct(a->compliant, a->assessed),
		a->unknown,
		a->w_assessed,
		a->w_compliant,
		pct(a->w_compliant, a->w_assessed),
		a->missing,
		a->missing * price,
		a->e_known,
		a->e_ok,
		pct(a->e_ok, a->e_known),
		a->e_missing[0],
		a->e_missing[1],
		a->e_missing[2],
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(*v); i++)
		sg_table__set_real(t, (size_t)row, first + i, v[i]);
}

/* The group of unit index `u` at kind `kind` (walking up), or -1. */
static long ancestor(const sg_stats_data *d, long u, int kind)
{
	while (u >= 0 && d->ukind[u] < kind)
		u = d->uparent[u];
	return u >= 0 && d->ukind[u] == kind ? u : -1;
}

/* One year's table. */
static int build_year(sg_ctx *ctx, const sg_stats_data *d,
		      const sg_standards *s, sg_stat_kind kind, sg_stats_by by,
		      int year, sg_table **out)
{
	size_t ngroups = (d->nunits + 1) * LG__COUNT;
	acc *g = NULL;
	sg_table *t = NULL;
	char title[256], note[1024];
	int rc = SG_ENOMEM;

	*out = NULL;
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
		for (size_t r = 0; r < d->nrows; r++) {
			long sc = d->row_school[r], row;
			char lv[96];
			eval e;

			if (d->row_year[r] != year)
				continue;
			if ((row = sg_table__add_row(t)) < 0)
				goto done;
			sg_table__set_text(t, (size_t)row, 0, d->code[sc]);
			sg_table__set_text(t, (size_t)row, 1, d->name[sc]);
			sg_table__set_text(t, (size_t)row, 2,
					   sg_text__levels_format(d->levels[sc],
								  lv,
								  sizeof(lv)));
			if (d->ward[sc] >= 0)
				sg_table__set_text(t, (size_t)row, 3,
						   d->ucode[d->ward[sc]]);
			if (it) {
				for (int i = 0; i < NIT; i++) {
					double v = d->f[SG_SF_FIBRE + i][r];

					sg_table__set_text(t, (size_t)row,
							   4 + (size_t)i,
							   isnan(v) ? NULL
							   : v != 0 ? "yes"
								    : "no");
				}
				sg_table__set_real(t, (size_t)row, 10,
						   d->f[SG_SF_TEACHERS][r]);
				sg_table__set_real(t, (size_t)row, 11,
						   d->f[SG_SF_TEACHERS_IT][r]);
				sg_table__set_real(
					t, (size_t)row, 12,
					pct(d->f[SG_SF_TEACHERS_IT][r],
					    d->f[SG_SF_TEACHERS][r]));
				continue;
			}
			evaluate(d, s, r, &e);
			{
				double st = d->f[SG_SF_STUDENTS][r];
				double ct = d->f[SG_SF_COMPUTERS_TEACHING][r];
				double cm = d->f[SG_SF_COMPUTERS_MANAGEMENT][r];
				double v[] = {
					st,
					ct,
					cm,
					ratio(st, ct),
					ratio(st, ct + cm),
					e.needed,
					e.missing,
					e.missing *
						sg_std__get(
							s,
							SG_STD_COMPUTER_PRICE)
				};

				for (size_t i = 0; i < 8; i++)
					sg_table__set_real(t, (size_t)row,
							   4 + i, v[i]);
			}
			sg_table__set_text(
				t, (size_t)row, 12,
				e.level_chk == CHK_NO &&
						d->f[SG_SF_COMPUTERS_TEACHING]
						    [r] == 0
					? "no computers"
					: chk_text(e.level_chk));
			sg_table__set_text(t, (size_t)row, 13,
					   chk_text(e.wide_chk));
			for (int i = 0; i < 3; i++)
				sg_table__set_real(t, (size_t)row,
						   14 + (size_t)i,
						   e.equip_missing[i]);
			sg_table__set_text(t, (size_t)row, 17,
					   chk_text(e.equip_chk));
		}
		snprintf(title, sizeof(title), "%s by school, %s",
			 it ? "IT indicators" : "Student-per-computer ratios",
			 d->years[year]);
		rc = SG_OK;
		goto done;
	}

	g = calloc(ngroups, sizeof(*g));
	if (!g)
		goto done;
	for (size_t r = 0; r < d->nrows; r++) {
		long sc = d->row_school[r];
		int lg = level_group(d->levels[sc]);
		eval e;

		if (d->row_year[r] != year)
			continue;
		evaluate(d, s, r, &e);
		if (kind == SG_STAT_ROLLUP) {
			/* The school counts in its ward and every unit above
			 * it, and in the total (slot 0). */
			for (long u = d->ward[sc]; u >= 0; u = d->uparent[u])
				add(&g[((size_t)u + 1) * LG__COUNT + LG_ALL], d,
				    r, &e);
			add(&g[LG_ALL], d, r, &e);
			continue;
		}
		{
			long u = by == SG_STATS_BY_LEVEL
					 ? -1
					 : ancestor(d, d->ward[sc],
						    (int)by - 1);
			acc *base = &g[(size_t)(u + 1) * LG__COUNT];

			add(&base[lg], d, r, &e);
			add(&base[LG_ALL], d, r, &e);
		}
	}

	if (kind == SG_STAT_ROLLUP) {
		static const char *const texts[] = { "parent_code", NULL };

		t = new_table(rollup_cols, NROLLUP_COLS, 4, texts);
		if (!t)
			goto done;
		/* Cities, then districts, then wards, each by code; the
		 * total last. */
		for (int k = 2; k >= -1; k--) {
			for (size_t u = 0; u <= d->nunits; u++) {
				long ui = (long)u - 1;
				const acc *a = &g[u * LG__COUNT + LG_ALL];
				long row;

				if ((k >= 0 && (ui < 0 || d->ukind[ui] != k)) ||
				    (k < 0 && ui >= 0))
					continue;
				if (k >= 0 && a->schools == 0 && k == 0)
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
				{
					double price = sg_std__get(
						s, SG_STD_COMPUTER_PRICE);
					double v[] = {
						a->schools,
						a->students_n ? a->students
							      : NAN,
						a->ct_n ? a->ct : NAN,
						a->cm_n ? a->cm : NAN,
						ratio(a->r_students, a->r_ct),
						ratio(a->w_students, a->w_comp),
						pct(a->compliant, a->assessed),
						pct(a->w_compliant,
						    a->w_assessed),
						a->missing,
						a->missing * price,
						pct(a->e_ok, a->e_known),
						pct(a->it_num[0], a->it_den[0]),
						pct(a->it_num[3], a->it_den[3]),
						pct(a->it_num[4], a->it_den[4]),
						pct(a->it_num[NIT],
						    a->it_den[NIT]),
						a->unknown,
					};

					for (size_t i = 0;
					     i < sizeof(v) / sizeof(*v); i++)
						sg_table__set_real(t,
								   (size_t)row,
								   4 + i, v[i]);
				}
			}
		}
		snprintf(title, sizeof(title),
			 "Roll-up school -> ward -> district -> city, %s",
			 d->years[year]);
		rc = SG_OK;
		goto done;
	}

	t = kind == SG_STAT_IT ? new_table(it_cols, NIT_COLS, 5, NULL)
			       : new_table(group_cols, NGROUP_COLS, 4, NULL);
	if (!t)
		goto done;
	/* Units in the store's order (by kind, code), then "no unit". */
	for (size_t u = 1; u <= d->nunits + 1; u++) {
		size_t slot = u == d->nunits + 1 ? 0 : u;
		long ui = (long)slot - 1;

		for (int lg = 0; lg < LG__COUNT; lg++) {
			const acc *a = &g[slot * LG__COUNT + lg];
			long row;

			if (a->schools == 0)
				continue;
			if (kind != SG_STAT_IT) {
				if ((row = sg_table__add_row(t)) < 0 ||
				    set_unit(t, row, d, ui) != 0 ||
				    sg_table__set_text(t, (size_t)row, 3,
						       lg_names[lg]) != 0)
					goto done;
				set_group_figures(t, row, a, s, 4);
				continue;
			}
			for (int i = 0; i <= NIT; i++) {
				double target = sg_std__get(s, it_targets[i]);
				double share = pct(a->it_num[i], a->it_den[i]);

				if ((row = sg_table__add_row(t)) < 0 ||
				    set_unit(t, row, d, ui) != 0 ||
				    sg_table__set_text(t, (size_t)row, 3,
						       lg_names[lg]) != 0 ||
				    sg_table__set_text(t, (size_t)row, 4,
						       it_names[i]) != 0)
					goto done;
				sg_table__set_real(t, (size_t)row, 5,
						   a->it_num[i]);
				sg_table__set_real(t, (size_t)row, 6,
						   a->it_den[i]);
				sg_table__set_real(t, (size_t)row, 7, share);
				sg_table__set_real(t, (size_t)row, 8, target);
				sg_table__set_real(
					t, (size_t)row, 9,
					isnan(target) || isnan(share)
						? NAN
						: fmax(0, target - share));
				sg_table__set_real(t, (size_t)row, 10,
						   a->it_unknown[i]);
			}
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
	free(g);
	if (rc == SG_OK && (sg_table__set_title(t, title) != 0 ||
			    sg_table__set_note(t, note) != 0))
		rc = SG_ENOMEM;
	if (rc != SG_OK) {
		sg_table_free(t);
		return sg_error__set(ctx, rc, "stats: out of memory");
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
		return sg_error__set(ctx, rc, "stats: out of memory");
	}
	*out = t;
	return SG_OK;
}

int sg_stats__build(sg_ctx *ctx, const sg_stats_data *d,
		    const sg_standards *std, sg_stat_kind kind, sg_stats_by by,
		    const int *years, size_t nyears, sg_table **out)
{
	sg_table **tabs;
	int rc = SG_OK;

	*out = NULL;
	if (nyears == 1)
		return build_year(ctx, d, std, kind, by, years[0], out);
	tabs = calloc(nyears, sizeof(*tabs));
	if (!tabs)
		return sg_error__set(ctx, SG_ENOMEM, "stats: out of memory");
	for (size_t y = 0; rc == SG_OK && y < nyears; y++)
		rc = build_year(ctx, d, std, kind, by, years[y], &tabs[y]);
	if (rc == SG_OK)
		rc = pivot(ctx, tabs, d, years, nyears, out);
	for (size_t y = 0; y < nyears; y++)
		sg_table_free(tabs[y]);
	free(tabs);
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
