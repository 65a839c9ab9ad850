/*
 * layers/sites_int.h - the I/O of suggest-sites (layers/sites.c),
 * driven by ops/sites.c.
 */
#ifndef SG_LAYERS_SITES_INT_H
#define SG_LAYERS_SITES_INT_H

#include "engine/pip.h"
#include "engine/sites.h"
#include "layers/catchments_int.h"
#include "layers/roads_int.h"
#include "schoolgis/sites.h"

/*
 * The candidates of a file (anything OGR reads, or a PG: source; points,
 * or polygons by their centroid), taken to d's metric CRS, those inside
 * the study area `area` kept (the others named in a warning).  Messages
 * name the file.  SG_EINVALID (no points, none inside, no CRS and not
 * lon/lat), SG_EGDAL, SG_EPROJ, SG_ENOMEM.
 */
int sg_sites__file_cands(sg_ctx *ctx, const char *path, const char *id_col,
			 const sg_catch_data *d, const sg_pip *area,
			 sg_sites_cands *k);

/*
 * The greedy by road: the existing schools' search (layers/roads.c)
 * gives each demand cell its trip to the nearest school; cells and
 * candidates are snapped to the same network; engine/sites_road.c
 * chooses.  Fills r's road fields and rinfo, warns about what lies off
 * the roads.
 */
int sg_sites__by_road(sg_ctx *ctx, const sg_roads_distance *road,
		      const sg_catch_data *d, const sg_sites_in *in,
		      sg_sites_result *r, sg_roads_info *rinfo,
		      sg_sites_out *g);

/*
 * The run, its summary and its sites into the store in one transaction
 * (the run writer of layers/runs.h); r->run_id set.  cand_stamp: the
 * candidates file's stamp, NULL for the grid.
 */
int sg_sites__store(sg_ctx *ctx, const sg_sites_options *o,
		    const sg_catch_data *d, sg_sites_result *r,
		    const sg_standards *std, const sg_poprast *pr,
		    const char *cand_stamp, const sg_roads_distance *road,
		    const sg_roads_info *rinfo);

/*
 * For tests (implemented in ops/sites.c): the problem suggest-sites
 * solves on a whole store of provinces in more than one UTM zone (see
 * sg_sites_suggest), in EPSG:4326: the demand cells (centroid, children,
 * province), the candidates in their numbering (the tie order) and the
 * existing schools each province's cells may reach (margin schools
 * appear once per province loading them), with each province's zone
 * (EPSG code) and the distance.  SG_EINVALID when the options or the
 * store are not measured by place.  Free with sg_sites__problem_free.
 */
typedef struct {
	size_t nparts;
	int *epsg;
	size_t ncells;
	double *lon, *lat, *w;
	size_t *part;
	size_t ncand;
	double *clon, *clat;
	size_t nschools;
	double *slon, *slat;
	size_t *spart;
	double radius;
} sg_sites_problem;

int sg_sites__problem(sg_ctx *ctx, const sg_sites_options *o,
		      sg_sites_problem *out);
void sg_sites__problem_free(sg_sites_problem *p);

#endif /* SG_LAYERS_SITES_INT_H */
