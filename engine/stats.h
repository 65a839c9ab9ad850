/*
 * engine/stats.h - the statistics of schoolgis/stats.h computed on
 * in-memory arrays loaded once from the store (layers/stats.c).
 */
#ifndef SG_ENGINE_STATS_H
#define SG_ENGINE_STATS_H

#include "engine/standards.h"
#include "engine/table.h"
#include "schoolgis/stats.h"

/* Per school-year figures, NaN when unknown. */
typedef enum {
	SG_SF_STUDENTS = 0,
	SG_SF_STUDENTS_PRESCHOOL,
	SG_SF_STUDENTS_PRIMARY,
	SG_SF_STUDENTS_LOWER,
	SG_SF_STUDENTS_UPPER,
	SG_SF_COMPUTERS_TEACHING,
	SG_SF_COMPUTERS_MANAGEMENT,
	SG_SF_PRINTERS,
	SG_SF_WEBCAMS,
	SG_SF_FIBRE,
	SG_SF_LAN,
	SG_SF_WIFI,
	SG_SF_WEBSITE,
	SG_SF_E_GRADEBOOK,
	SG_SF_E_CONTACT_BOOK,
	SG_SF_TEACHERS,
	SG_SF_TEACHERS_IT,
	SG_SF__COUNT
} sg_sf;

/* Everything the statistics read, struct-of-arrays.  Strings point into
 * `arena`. */
typedef struct {
	size_t nschools;
	const char **code, **name;
	unsigned *levels; /* SG_LEVEL_* bits */
	long *ward;	  /* unit index, or -1 */
	size_t nunits;
	const char **ucode, **uname;
	int *ukind;    /* 0 ward, 1 district, 2 city */
	long *uparent; /* unit index, or -1 */
	size_t nyears;
	const char **years; /* sorted */
	size_t nrows;	    /* school-year rows */
	long *row_school;
	int *row_year;
	double *f[SG_SF__COUNT];
	char *arena;
	size_t arena_len, arena_cap;
} sg_stats_data;

void sg_stats__data_free(sg_stats_data *d);

/* Which statistic to build. */
typedef enum { SG_STAT_RATIOS = 0, SG_STAT_IT, SG_STAT_ROLLUP } sg_stat_kind;

/* Level groups, in the order of the grouped tables. */
enum {
	SG_LG_PRESCHOOL,
	SG_LG_PRIMARY,
	SG_LG_LOWER,
	SG_LG_UPPER,
	SG_LG_MULTI,
	SG_LG_ALL,
	SG_LG__COUNT
};

#define SG_STATS_NIT 6 /* yes/no IT indicators, SG_SF_FIBRE.. in order */

/* The sums of a group of school-years: every figure of the group is a
 * ratio of two of them (engine/stats.c: acc_value). */
typedef struct {
	double schools;
	double students, students_n, ct, ct_n, cm, cm_n;
	double r_students, r_ct;   /* students and teaching both known */
	double w_students, w_comp; /* students, teaching, mgmt known */
	double assessed, compliant, unknown;
	double w_assessed, w_compliant;
	double missing;
	double e_known, e_ok, e_missing[3];
	double it_num[SG_STATS_NIT + 1], it_den[SG_STATS_NIT + 1],
		it_unknown[SG_STATS_NIT + 1];
} sg_stats_acc;

/*
 * The typed result (schoolgis/stats.h): the loaded data, a copy of the
 * standards, and the sums of every group of `by` and of every unit of
 * the roll-up, for each of the result's years.  Tables are views of it
 * (sg_stats__view, sg_stats__table).
 */
struct sg_stats_result {
	const sg_stats_data *d; /* &own, or borrowed (sg_stats__build) */
	sg_stats_data own;
	sg_standards std;
	sg_stats_by by;
	size_t ny;
	int *years; /* indexes into d.years, oldest first */
	/* Groups of `by` with schools in any of the years, in the order of
	 * the grouped tables: unit index (-1: no unit, or by level) and
	 * level group; sums ny x ngroups. */
	size_t ngroups;
	long *g_unit;
	int *g_lg;
	sg_stats_acc *gacc;
	/* Roll-up sums: ny x (nunits + 1), the total at index nunits. */
	sg_stats_acc *racc;
	/* The school-year row of school i in year k: srow[k * nschools +
	 * i], -1 when none. */
	long *srow;
	char (*slevels)[96]; /* levels of each school, formatted */
	char set_name[64];   /* "": no set note (see layers/stats.c) */
	int64_t unit_set;    /* units.set_id of its unit codes; 0: any */
};

/*
 * Compute the result of the years `years` (indexes into d->years, any
 * order: kept sorted) from d, which the result takes over (d is zeroed).
 */
int sg_stats__result_new(sg_ctx *ctx, sg_stats_data *d, const sg_standards *std,
			 sg_stats_by by, const int *years, size_t nyears,
			 const char *set_name, sg_stats_result **out);

/* The table of the years `years` of d (borrowed): the result's view
 * (a result made, printed and freed). */
int sg_stats__build(sg_ctx *ctx, const sg_stats_data *d,
		    const sg_standards *std, sg_stat_kind kind, sg_stats_by by,
		    const int *years, size_t nyears, sg_table **out);

/* The table of one of the result's years (position k): the roll-up, or
 * by school (any result), or by the result's own `by` (else
 * SG_EINVALID). */
int sg_stats__view(sg_ctx *ctx, const sg_stats_result *r, sg_stat_kind kind,
		   sg_stats_by by, size_t k, sg_table **out);

/* The table of all the result's years: the plain table of one year, the
 * trends table of several; with the note of the set when it has one. */
int sg_stats__table(sg_ctx *ctx, const sg_stats_result *r, sg_stat_kind kind,
		    sg_table **out);

#endif /* SG_ENGINE_STATS_H */
