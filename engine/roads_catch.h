/*
 * engine/roads_catch.h - catchments and coverage by road: the study
 * area's grid squares labelled by the nearest school by road from their
 * centre (engine/roads.h), unioned per school and clipped to the study
 * area, so the catchments and the unreached parts still tile it.
 */
#ifndef SG_ENGINE_ROADS_CATCH_H
#define SG_ENGINE_ROADS_CATCH_H

#include "engine/catchment.h"
#include "engine/roads.h"

/* What the labelling found, in grid squares. */
typedef struct sg_road_catch_sum {
	size_t squares;	  /* squares of the study area */
	size_t far;	  /* centre farther than the snap limit */
	size_t unreached; /* snapped, but no school by road */
	size_t within;	  /* within max_cost (when given) */
	double far_pop, unreached_pop;
} sg_road_catch_sum;

/*
 * Replace c's cells by catchments by road (instead of sg_catch__voronoi
 * and sg_catch__distance).  f was run from the sites of c (source index
 * = site index), on net, snapping within `limit` metres.  Grid squares
 * of cs metres (sg_catch__grid) go to the site nearest by road from
 * their centre; a site's catchment is the union of its squares clipped
 * to the study area.  Squares whose centre is off the network or
 * reaches no site are unserved.  With max_cost (metres or seconds, as
 * f counts; NaN: none), served = the squares within it, and the others
 * are unserved too (the distance method).  Populations are area-
 * weighted over the resulting polygons (sg_catch__population).
 * SG_EINVALID, SG_ENOMEM, SG_EGEOS, SG_ECANCELLED.
 */
int sg_road__catch(sg_catch *c, const sg_roadnet *net, const sg_road_field *f,
		   double limit, double cs, double max_cost,
		   sg_road_catch_sum *sum);

#endif /* SG_ENGINE_ROADS_CATCH_H */
