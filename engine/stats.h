/*
 * engine/stats.h - the statistics of schoolgis/stats.h computed on
 * in-memory arrays loaded once from the store (layers/stats_load.c).
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

/*
 * Build a statistic for the years `years` (indexes into d->years; one
 * year gives the plain table, several the trends table).
 */
int sg_stats__build(sg_ctx *ctx, const sg_stats_data *d,
		    const sg_standards *std, sg_stat_kind kind, sg_stats_by by,
		    const int *years, size_t nyears, sg_table **out);

#endif /* SG_ENGINE_STATS_H */
