/*
 * layers/roads_int.h - loading a stored road network for a computation
 * (layers/roads.c), and the distance provider the commands call
 * (layers/roads_use.c).
 */
#ifndef SG_LAYERS_ROADS_INT_H
#define SG_LAYERS_ROADS_INT_H

#include "engine/admit.h"
#include "engine/coverage.h"
#include "engine/roads.h"
#include "layers/layers.h"
#include "schoolgis/roads.h"

/* A stored network's row. */
typedef struct {
	int64_t id;
	char name[128];
	sg_roads_profile profile;
	char source[1024];
	char crs[64]; /* where its lengths were measured */
	int64_t nodes, edges;
} sg_roads_info;

/*
 * Read the line layer at path (OGR, or a PG: source), build its graph in
 * the UTM zone of its centre, and store it as a network with its run in
 * one transaction (unchanged: the stored one is kept); sum filled.  The
 * I/O of sg_roads_import, whose driver (ops/roads.c) checked the
 * options.
 */
int sg_roads__import_file(sg_ctx *ctx, const char *path,
			  const sg_roads_import_options *opts,
			  sg_roads_import_summary *sum);

/*
 * Load network `name` (NULL: the only one stored) with node coordinates
 * in `crs` (the question's metric CRS).  `what` names the command in
 * messages.  SG_ENOTFOUND (no such network, none stored), SG_EINVALID
 * (several stored and none named), SG_EPROJ, SG_ESQLITE, SG_ENOMEM.
 */
int sg_roads__load(sg_ctx *ctx, const char *what, const char *name,
		   const char *crs, sg_roadnet **out, /* OUT: sg_road__free */
		   sg_roads_info *info);	      /* OUT, or NULL */

/*
 * The distance provider: a loaded network with the schools of a
 * question snapped and the search from them run once, answering "the
 * nearest school(s) of this place by road".
 */
typedef struct {
	sg_ctx *ctx;
	sg_roads_info info;
	sg_roadnet *net;
	sg_road_cost cost;
	double limit; /* snap limit, metres */
	sg_road_field *field;
	size_t nschools;
	size_t schools_far; /* schools not snapped */
} sg_roads_dist;

/*
 * Load the network of `how` in `crs` and run the search from the n
 * schools at (x, y) (metric), keeping k labels per node.  Warns about
 * the schools farther than the snap limit (named by codes, may be
 * NULL).  On failure *d is cleared.
 */
int sg_roads__dist_open(sg_ctx *ctx, const char *what,
			const sg_roads_distance *how, const char *crs,
			const double *x, const double *y,
			const char *const *codes, size_t n, unsigned k,
			sg_roads_dist *d);
void sg_roads__dist_close(sg_roads_dist *d);

/* The nearest school of (x, y) by road: its index, SG_ROAD_NONE when the
 * place is farther than the limit from the roads (*snapped = 0) or
 * reaches no school; *cost gets the trip's cost (metres or seconds). */
uint32_t sg_roads__dist_nearest(const sg_roads_dist *d, double x, double y,
				double *cost, int *snapped);

/*
 * The hook of catchments and coverage (layers/catchments.c, coverage.c):
 * load the network of `how` in d's CRS, run the search from c's sites
 * and label the grid squares (sg_road__catch).  max_distance: metres of
 * the distance method or coverage (NaN: none; with the time cost the
 * reach is how->max_minutes instead, required).  Warns about the places
 * off the network or reaching no school.  rs (may be NULL) gets the
 * counts.
 */
struct sg_road_catch_sum;
int sg_roads__catch(sg_ctx *ctx, const char *what, const sg_roads_distance *how,
		    sg_catch *c, const sg_catch_data *d, double max_distance,
		    double cs, struct sg_road_catch_sum *rs,
		    sg_roads_info *info);

/* The road network and options a run used, as `results` rows (subject
 * "roads") through st (INSERT INTO results (run_id, subject, key,
 * value) VALUES (?1, ?2, ?3, ?4)). */
int sg_roads__put_run(sg_ctx *ctx, sqlite3_stmt *st, const char *what,
		      int64_t run_id, const sg_roads_distance *how,
		      const sg_roads_info *info);

/*
 * The hook of admissions (layers/admit.c): the schools' search (up to 64
 * labels per node) and every home snapped, answering the engine's
 * provider (engine/admit.h) with the nearest schools by road.  Homes
 * farther than the snap limit have no option (a warning counts them).
 * Length cost only (the lists and cut-offs are in metres).
 */
typedef struct {
	sg_roads_dist d;
	sg_road_snap *snap; /* per applicant */
	size_t napp, far;
	sg_admit_dist prov;
} sg_roads_admit;

int sg_roads__admit_open(sg_ctx *ctx, const sg_roads_distance *how,
			 const char *crs, const double *sx, const double *sy,
			 const char *const *codes, size_t ns, const double *ax,
			 const double *ay, size_t na, sg_roads_admit *ra);
void sg_roads__admit_close(sg_roads_admit *ra);

#endif /* SG_LAYERS_ROADS_INT_H */
