/*
 * engine/coverage.h - what a catchment or coverage run reads from the
 * store (loaded by layers/catchments.c, projected to a metric CRS), and
 * the coverage tables built from it.
 */
#ifndef SG_ENGINE_COVERAGE_H
#define SG_ENGINE_COVERAGE_H

#include "engine/catchment.h"
#include "engine/crs.h"
#include "engine/table.h"
#include "schoolgis/coverage.h"

typedef struct {
	/* The level and its standards. */
	unsigned level;		/* SG_LEVEL_* bit */
	const char *level_name; /* "primary", static */
	int age_from, age_to;
	double share, class_size, distance_norm; /* NaN when unset */
	/* Units of the study area, by code. */
	size_t nunits;
	int64_t *unit_id;
	char **unit_code, **unit_name;
	GEOSGeometry **unit_geom; /* metric, valid */
	double *unit_pop;	  /* school-age population, NaN unknown */
	int *unit_how;		  /* 1 bands, 2 share, 0 unknown */
	/* Schools of the level, by code. */
	size_t nschools;
	int64_t *school_id;
	char **school_code, **school_name;
	long *school_unit; /* index into the units, or -1 */
	/* A unit's scope: 1 for the schools outside it, within its margin
	 * (they serve its children but are not its schools: no row in
	 * the schools table, not counted).  NULL: none (whole store). */
	unsigned char *school_margin;
	double *x, *y;			    /* metric */
	double *students, *classes, *seats; /* of the level; NaN unknown */
	/* The metric CRS and the way back to EPSG:4326. */
	char crs[512];
	sg_crs_tx *to_wgs84;
	sg_catch_in in; /* views of the arrays above */
} sg_catch_data;

void sg_catch__data_free(sg_ctx *ctx, sg_catch_data *d);

/*
 * The coverage tables of schoolgis/coverage.h from a computation that has
 * run sg_catch__voronoi and sg_catch__distance(max_distance).  Any table
 * pointer may be NULL.
 */
int sg_coverage__build(sg_catch *c, const sg_catch_data *d, double max_distance,
		       const char *standards_source, sg_table **units_out,
		       sg_table **schools_out, sg_table **unserved_out,
		       sg_coverage_summary *sum);

/*
 * The coverage of a store computed in parts (ops/coverage.c: each
 * province on its own, in its own metric CRS, with a margin of schools
 * around it).  Each part's tables are built by sg_coverage__build and
 * kept; sg_coverage__merge_end puts their rows together in the order of
 * a single run (wards and schools by code, unserved areas by children)
 * and gives each school its catchment summed over every part where it
 * has a cell (its own, and those it serves from their margin).  An
 * unserved area that crosses a border between parts is one row per part.
 */
typedef struct sg_coverage_merge sg_coverage_merge;

int sg_coverage__merge_new(sg_ctx *ctx, sg_coverage_merge **out);
void sg_coverage__merge_free(sg_coverage_merge *m);

/* Add one part: c has run sg_catch__voronoi and sg_catch__distance. */
int sg_coverage__merge_add(sg_coverage_merge *m, sg_catch *c,
			   const sg_catch_data *d, double max_distance,
			   const char *standards_source);

/* The tables and totals of all the parts; `crs` says how distances were
 * measured (for the note and summary).  Tables as sg_coverage__build. */
int sg_coverage__merge_end(sg_coverage_merge *m, const char *crs,
			   const char *standards_source, sg_table **units_out,
			   sg_table **schools_out, sg_table **unserved_out,
			   sg_coverage_summary *sum);

/*
 * The typed result (schoolgis/coverage.h).  Its rows are kept in the
 * tables engine/coverage.c builds (the parts' merge works on rows); the
 * getters read their columns by position, checked against the names
 * once when the result is made (sg_coverage__result_new), so the tables
 * are views and no consumer looks a column up by name.
 */
struct sg_coverage_result {
	sg_table *units, *schools, *unserved;
	sg_coverage_summary sum;
};

/* Take the three tables (none NULL) and the summary into a result;
 * SG_EINVALID (internal) when a table's columns are not as expected.
 * The tables are freed on failure. */
int sg_coverage__result_new(sg_ctx *ctx, sg_table *units, sg_table *schools,
			    sg_table *unserved, const sg_coverage_summary *sum,
			    sg_coverage_result **out);

/* The tables of a result (0 units, 1 schools, 2 unserved areas), as
 * views for printing; borrowed. */
const sg_table *sg_coverage__result_table(const sg_coverage_result *r,
					  int which);

#endif /* SG_ENGINE_COVERAGE_H */
