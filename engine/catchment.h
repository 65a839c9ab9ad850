/*
 * engine/catchment.h - catchments and coverage computed on in-memory
 * arrays, in a metric CRS (metres), with the context's GEOS handle.
 *
 * The caller (layers/catchments.c) loads units and schools from the store
 * and projects them; everything here is pure GEOS computation:
 *
 *   sg_catch__new       study area (union of the units), sites (schools
 *                       at one location merged), indexes
 *   sg_catch__voronoi   Thiessen polygons clipped to the study area
 *   sg_catch__distance  Voronoi cell ∩ buffer(max distance), and the
 *                       unserved rest split into areas
 *   sg_catch__capacity  population grid cells given to the nearest school
 *                       with seats left
 *
 * Population is spread evenly over each unit's area (area weighting):
 * the population of any polygon is the sum over units of the unit's
 * population times the share of the unit's area the polygon covers.
 * The capacity method can instead take the distribution within each
 * unit from a population raster (sg_catch__raster_*): the raster gives
 * the shares, the units keep their totals.
 */
#ifndef SG_ENGINE_CATCHMENT_H
#define SG_ENGINE_CATCHMENT_H

#include "engine/context.h"

/* Schools closer than this (metres) share one location: one site. */
#define SG_CATCH_SAME_SITE_M 1.0

/* What the computations read.  Every pointer is borrowed for the life of
 * the sg_catch built from it. */
typedef struct {
	size_t nunits;
	const GEOSGeometry *const *units; /* valid (multi)polygons */
	const double *unit_pop; /* school-age population; NaN/NULL = 0 */
	size_t nschools;
	const double *x, *y;	  /* school locations */
	const double *seats;	  /* capacity method: NaN unknown; or NULL */
	const char *const *codes; /* school codes for messages; or NULL */
} sg_catch_in;

/* One catchment: the polygon of one site. */
typedef struct {
	size_t school;	      /* representative: its lowest school index */
	size_t nmembers;      /* schools at the site (>= 1) */
	GEOSGeometry *geom;   /* polygonal; NULL: none of it in the area */
	double area;	      /* m2 of geom */
	double population;    /* population in geom */
	double seats;	      /* sum of members' known; NaN: none known */
	GEOSGeometry *served; /* distance: geom ∩ buffer; else NULL */
	double served_area, served_pop;
} sg_catch_cell;

/* One unserved area (a connected polygon). */
typedef struct {
	GEOSGeometry *geom;
	double area, population;
	/* sg_catch__distance: the units holding more than 1 m2 of it, in
	 * increasing index (else NULL). */
	size_t *units, nunits;
} sg_catch_part;

typedef struct {
	sg_ctx *ctx;
	const sg_catch_in *in;
	GEOSGeometry *study; /* union of the units, polygonal */
	double study_area;   /* m2 */
	double study_pop;    /* sum of unit populations */
	size_t nsites;
	sg_catch_cell *cells;	 /* one per site */
	size_t *site_of;	 /* per school: its site */
	size_t nmerged;		 /* schools sharing another's site */
	sg_catch_part *unserved; /* distance and capacity */
	size_t nunserved;
	double unserved_area, unserved_pop;
	/* sg_catch__distance: per unit, the area (m2) of the served parts
	 * of the cells in it (else NULL). */
	double *unit_within;
	struct sg_catch_int *p; /* indexes (catchment.c) */
	/* Optional: called by sg_catch__voronoi when site `site`'s cell is
	 * final, in site order, so a caller can write cells while later
	 * ones are computed (on another thread: see engine/voronoi.h).
	 * A code other than SG_OK stops the computation with that code. */
	int (*cell_done)(size_t site, void *payload);
	void *cell_payload;
	/* Voronoi cells computed by the helper thread (for tests). */
	size_t helped_cells;
} sg_catch;

/*
 * Build the study area and the sites.  Schools closer than
 * SG_CATCH_SAME_SITE_M are merged into the site of the lowest index,
 * with a warning naming them.  Fails with SG_EINVALID when there are no
 * units, SG_EGEOS, SG_ENOMEM.
 */
int sg_catch__new(sg_ctx *ctx, const sg_catch_in *in, sg_catch **out);
void sg_catch__free(sg_catch *c);

/* Voronoi polygons of the sites clipped to the study area; 0 sites give
 * no polygon, 1 site the whole area.  Sets geom, area, population.
 * Uses c->ctx's GEOS handle and touches only c: with c->ctx set to a
 * context of its own (sg_ctx__engine_init), it may run on another
 * thread than the one that built c. */
int sg_catch__voronoi(sg_catch *c);

/* After sg_catch__voronoi: served = cell ∩ disc(max_distance), and the
 * unserved parts of the study area with their population. */
int sg_catch__distance(sg_catch *c, double max_distance);

/*
 * After sg_catch__voronoi: the largest distance (metres) from a site to
 * a vertex of its cell, i.e. the farthest any point of the study area
 * lies from its nearest site.  A school left out of the computation that
 * is farther than this from every point of the study area could not have
 * changed any cell: how ops/coverage.c checks that the margin of
 * schools around a part was wide enough.
 */
double sg_catch__reach(const sg_catch *c);

/*
 * Capacity-aware catchments on a grid of cell_size metres (replaces the
 * cells' geometries; seats from in->seats).  See catchment.c for the
 * algorithm and its tie rule.  *assigned_out / *left_out (may be NULL):
 * population given to schools / left without a seat.
 */
int sg_catch__capacity(sg_catch *c, double cell_size, size_t *ncells_out,
		       double *assigned_out, double *left_out);

/*
 * Dasymetric population for the capacity method, from a raster read by
 * the caller (layers/poprast.c):
 *
 *   sg_catch__raster_begin(c, cell_size);
 *   sg_catch__raster_add(c, x, y, people, n);   per block of pixels
 *   sg_catch__raster_end(c, unit_people, &outside);
 *   sg_catch__capacity(c, cell_size, ...);      the same cell size
 *
 * Pixel centres (metric CRS) are given to a unit and a grid cell by
 * point-in-polygon (engine/popgrid.h).  Then each cell's population is
 * the sum over units of unit_pop[u] x (raster people of u in the cell /
 * raster people of u); a unit with no raster people is spread evenly
 * over its area, as without a raster.  So the cells of a unit add up to
 * its population exactly (but for rounding), whatever the raster's
 * totals.  unit_people (nunits entries) and outside (may be NULL) get
 * the raster people per unit and those in no unit.  SG_EINVALID (bad
 * cell size, too many cells), SG_ENOMEM, SG_EGEOS.
 */
int sg_catch__raster_begin(sg_catch *c, double cell_size);
int sg_catch__raster_add(sg_catch *c, const double *x,
			 const double *y,      /* n centres */
			 const double *people, /* n; <= 0, NaN: skipped */
			 size_t n);
int sg_catch__raster_end(sg_catch *c, double *unit_people, double *outside);

/* One cell of the capacity grid, for checks: its square's lower-left
 * corner, the centroid and area of its part in the study area, and its
 * population. */
typedef struct {
	double x0, y0, cx, cy, area, pop;
} sg_catch_square;

/*
 * The capacity method's grid alone (step 1 and 2 of the algorithm in
 * catchment.c): cells with their population, rows south to north, west
 * to east.  unit_sum (nunits entries, zeroed by the caller; may be NULL)
 * gets the people each unit put into the cells.  *out is freed with
 * free().  SG_EINVALID, SG_ENOMEM, SG_EGEOS.
 */
int sg_catch__grid(sg_catch *c, double cell_size, sg_catch_square **out,
		   size_t *nout, double *unit_sum);

/*
 * Population (area-weighted) inside polygon g.  unit_area (nunits
 * entries, may be NULL) accumulates the area of g in each unit.  Returns
 * SG_OK or SG_EGEOS.
 */
int sg_catch__population(sg_catch *c, const GEOSGeometry *g, double *pop,
			 double *unit_area);

/* Only the polygonal parts of g, as a (Multi)Polygon (maybe empty). */
GEOSGeometry *sg_catch__polygonal(sg_ctx *ctx, const GEOSGeometry *g);

/*
 * School-age population of ages [a, b] from a unit's age bands (age_from
 * and age_to inclusive, as in the store).  Each age year is taken from
 * the narrowest band holding it, a band's count being spread evenly over
 * its years; the total band 0-120 is used only when some year is in no
 * other band: the result is then total x share.  *how: 1 bands, 2 share
 * of the total, 0 unknown (returns NaN).
 */
double sg_catch__school_age(const int *from, const int *to, const double *count,
			    size_t n, int a, int b, double share, int *how);

/*
 * Students of a level at a school and its seats for that level.
 * students: the level's column when known; else all students for a
 * single-level school, or students / (number of levels) otherwise.
 * seats: classes x class_size for a single-level school; for a
 * multi-level one, its classes in proportion of the level's students
 * (or an equal share) x class_size; when classes are unknown, the
 * students (the school counted as full).  NaN when unknown.
 */
void sg_catch__seats(unsigned levels, unsigned level, double students,
		     double students_level, double classes, double class_size,
		     double *students_out, double *seats_out);

#endif /* SG_ENGINE_CATCHMENT_H */
