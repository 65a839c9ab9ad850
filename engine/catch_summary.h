/*
 * engine/catch_summary.h - the figures of a catchment computation
 * (engine/catch_summary.c): which cell of a site is its catchment, and
 * the run's summary counted from the cells.  Shared by the driver
 * (ops/catchments.c, a dry run counts without writing) and the writer
 * (layers/catchments.c, which stores exactly the cells counted).
 */
#ifndef SG_ENGINE_CATCH_SUMMARY_H
#define SG_ENGINE_CATCH_SUMMARY_H

#include "engine/catchment.h"
#include "engine/coverage.h"
#include "schoolgis/catchment.h"

/* The catchment of site s (its served part when the distance method
 * cut it, else its cell) and its area in m2; NULL when the site has
 * none to store (empty, or no area). */
const GEOSGeometry *sg_catch__site_geom(GEOSContextHandle_t h,
					const sg_catch *c, size_t s,
					double *area);

/* The codes of the schools at site s, comma-separated, into buf of n
 * bytes (a long list stops at the last code that fits with room to
 * spare), as the `schools` column of its catchment stores them. */
void sg_catch__site_codes(const sg_catch *c, const sg_catch_data *d, size_t s,
			  char *buf, size_t n);

/* One stored catchment of `area` m2 and `pop` children in the summary. */
void sg_catch__tally_site(sg_catchment_summary *sum, double area, double pop);

/* Every catchment and unserved area the writer would store, counted
 * (a dry run). */
void sg_catch__tally(GEOSContextHandle_t h, const sg_catch *c,
		     sg_catchment_summary *sum);

/* The computation's figures: seats, locations, merged schools, study
 * area and population, unserved area and population. */
void sg_catch__summarize(const sg_catch *c, sg_catchment_summary *sum);

#endif /* SG_ENGINE_CATCH_SUMMARY_H */
