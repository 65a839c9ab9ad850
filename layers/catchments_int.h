/*
 * layers/catchments_int.h - loading what catchments and coverage read
 * (layers/catchments.c), shared with ops/coverage.c.
 */
#ifndef SG_LAYERS_CATCHMENTS_INT_H
#define SG_LAYERS_CATCHMENTS_INT_H

#include "engine/coverage.h"
#include "engine/standards.h"
#include "layers/layers.h"
#include "layers/scope.h"
#include "schoolgis/catchment.h"
#include "layers/roads_int.h"

/*
 * Load the study area's units with their school-age population and the
 * schools of `level` with their figures, projected to the metric CRS
 * (`crs`, or the UTM zone of the units' centre).  With a scope, the
 * study area is the scope's wards (else its own polygon) and the
 * schools those it reaches, the margin's marked in d->school_margin.  `what` names the
 * command in messages.  On failure d is freed.
 */
int sg_catch__load(sg_ctx *ctx, const char *what,
		   const sg_scope *sc,		/* unit scope, NULL: all */
		   const char *level,		/* level name (any alias) */
		   const char *year,		/* school year, or NULL */
		   const char *population_year, /* census year, or NULL */
		   const sg_standards *std,	/* never NULL */
		   const char *crs,		/* metric CRS, or NULL */
		   sg_catch_data *d);		/* OUT */

/*---- Population raster (layers/poprast.c) -------------------------------*/

typedef struct sg_poprast sg_poprast;

/*
 * Open a population raster (anything GDAL reads; band 1 = people per
 * pixel) and check it: SG_ENOTFOUND (no such file), SG_EGDAL (GDAL
 * cannot open it), SG_EINVALID (no band, band 1 not numeric, no CRS, no
 * geotransform).  Messages name the file.
 */
int sg_poprast__open(sg_ctx *ctx, const char *path,
		     sg_poprast **out); /* OUT: sg_poprast__close */
void sg_poprast__close(sg_poprast *r);

/* The path given, and "crc32:... size:N mtime:T" of the file (no CRC
 * above 1 GiB; "" for what is not a plain file) for the run. */
const char *sg_poprast__path(const sg_poprast *r);
const char *sg_poprast__stamp(const sg_poprast *r);

/* The same stamp of any file (the candidates of suggest-sites). */
void sg_poprast__file_stamp(const char *path, char *out, size_t n);

/* What sg_poprast__spread found. */
typedef struct {
	int window[4];	     /* pixels read: x, y, width, height */
	double pixel_m;	     /* pixel side in metres (NaN: none read) */
	double people_read;  /* raster people over the window */
	double people;	     /* ... whose centre lies in a unit */
	double outside;	     /* ... in no unit */
	size_t units_raster; /* units distributed by the raster */
	size_t units_even;   /* populated units spread evenly instead */
} sg_poprast_summary;

/*
 * Read the raster over c's study area (the window of its box, block by
 * block), give the pixel centres in d->crs to sg_catch__raster_*, with
 * the grid of cell_size metres the capacity method will use.  Warns
 * for each populated unit without raster people (spread evenly) and
 * when the pixels are larger than the cells.  SG_EPROJ, SG_EGDAL,
 * SG_ENOMEM, SG_ECANCELLED, and the engine's failures.
 */
int sg_poprast__spread(sg_poprast *r, sg_catch *c, const sg_catch_data *d,
		       double cell_size, sg_poprast_summary *sum);

/*
 * The raster's people whose pixel centres lie in each of n polygons
 * (EPSG:4326, on the context's GEOS handle; NULL or empty: none) into
 * sums[n]: only the window of their box is read.  Pixels are counted as
 * sg_poprast__spread counts them (no data, 0 and below: nobody).
 * SG_EPROJ, SG_EGDAL, SG_ENOMEM.
 */
int sg_poprast__sum_polygons(sg_poprast *r, const GEOSGeometry *const *polys,
			     size_t n, double *sums);

/*---- Storing a catchment run (layers/catchments.c) -----------------------*/

/* What a catchment run stores besides its cells (ops/catchments.c
 * fills it; everything borrowed). */
typedef struct {
	const sg_catchment_options *opts;
	const sg_scope *scope; /* NULL: the whole store */
	const char *method;    /* "voronoi", "distance", "capacity" */
	const sg_catch_data *d;
	double dist, cs; /* metres used; NaN: not used */
	const sg_standards *std;
	const sg_poprast *raster; /* NULL: none */
	const sg_poprast_summary *raster_sum;
	const sg_roads_distance *road; /* NULL: straight lines */
	const sg_roads_info *rinfo;
} sg_catch_run;

/* The Voronoi cells computed on a worker thread while the writer
 * stores those already final (GEOS and SQLite work overlap). */
typedef struct sg_catch_pipe sg_catch_pipe;

/*
 * Start computing c's Voronoi cells on a worker (its own GEOS handle
 * and PROJ context, to crs's way back to EPSG:4326).  SG_OK and *out,
 * or a failure with nothing started: c is unchanged but for c->ctx,
 * which the caller sets back before computing serially.
 */
int sg_catch__pipe_start(sg_catch *c, const char *crs, sg_catch_pipe **out);

/*
 * In one transaction: drop the polygons of earlier runs of the level
 * and method (of the same unit), insert the run (the run writer,
 * layers/runs.h), every site's catchment and every unserved area, the
 * summary's results (raster and road figures too), finish the run,
 * commit.  With pipe (taken over, always finished here), the cells are
 * written as the worker finishes them and the summary's computed
 * figures filled afterwards.  sum gets the counts written and run_id.
 * On failure the store is as it was.
 */
int sg_catch__store(sg_ctx *ctx, const sg_catch_run *run, sg_catch *c,
		    sg_catch_pipe *pipe, sg_catchment_summary *sum);

/*
 * sg_catch__store in steps, for a run computed in parts (a province at a
 * time, ops/catchments.c): _begin opens the transaction and the run
 * (run->d gives the level, CRS and ages recorded), _cells writes one
 * computation's cells and unserved areas (d: the data c was built
 * from; pipe as in sg_catch__store, taken over) and may be called once
 * per part, _end writes the summary `sum`, finishes the run and commits
 * when rc is SG_OK, else rolls back; it frees the writer and returns
 * the run's result (rc when that already failed).
 */
typedef struct sg_catch_writer sg_catch_writer;

int sg_catch__store_begin(sg_ctx *ctx, const sg_catch_run *run,
			  sg_catch_writer **out); /* OUT, even on failure */
int sg_catch__store_cells(sg_catch_writer *w, const sg_catch_data *d,
			  sg_catch *c, const char *method, sg_catch_pipe *pipe,
			  sg_catchment_summary *sum);
int sg_catch__store_end(sg_catch_writer *w, int rc, const sg_catch_run *run,
			sg_catchment_summary *sum);

/*
 * The provinces of a whole store, for a computation in parts: the
 * top-level units of kind city of a store of one administrative set,
 * when there are two or more and every unit with a geometry lies in one
 * of them (else *n = 0), by code, with the EPSG code of the UTM zone of
 * each one's centre (the centre of the box of its study area's units,
 * as sg_catch__load chooses for a unit's scope; 0: none).  Free with
 * sg_catch__provinces_free.
 */
typedef struct {
	char **code;
	int *epsg;
	size_t n;
} sg_catch_provinces;

/* *yes = 1 when the store is one administrative set cut into two or more
 * provinces (top-level units of kind city) and every unit with a geometry
 * lies in one of them: the stores computed a province at a time. */
int sg_catch__in_provinces(sg_ctx *ctx, const char *what, int *yes);
int sg_catch__provinces(sg_ctx *ctx, const char *what, sg_catch_provinces *p);
void sg_catch__provinces_free(sg_catch_provinces *p);

#endif /* SG_LAYERS_CATCHMENTS_INT_H */
