/*
 * engine/catch_summary.c - the figures of a catchment computation
 * (engine/catch_summary.h).
 */
#include <math.h>
#include <stdio.h>

#include "engine/catch_summary.h"

const GEOSGeometry *sg_catch__site_geom(GEOSContextHandle_t h,
					const sg_catch *c, size_t s,
					double *area)
{
	const sg_catch_cell *cell = &c->cells[s];
	const GEOSGeometry *g = cell->served ? cell->served : cell->geom;

	*area = cell->served ? cell->served_area : cell->area;
	if (!g || GEOSisEmpty_r(h, g) == 1 || *area <= 0)
		return NULL;
	return g;
}

void sg_catch__site_codes(const sg_catch *c, const sg_catch_data *d, size_t s,
			  char *buf, size_t n)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < d->nschools && len + 40 < n; i++)
		if (c->site_of[i] == s)
			len += (size_t)snprintf(buf + len, n - len, "%s%s",
						len ? "," : "",
						d->school_code[i]);
}

void sg_catch__tally_site(sg_catchment_summary *sum, double area, double pop)
{
	sum->catchments++;
	sum->catchment_area_km2 += area / 1e6;
	sum->catchment_population += pop;
}

void sg_catch__tally(GEOSContextHandle_t h, const sg_catch *c,
		     sg_catchment_summary *sum)
{
	double area;

	for (size_t s = 0; s < c->nsites; s++)
		if (sg_catch__site_geom(h, c, s, &area))
			sg_catch__tally_site(sum, area,
					     c->cells[s].served
						     ? c->cells[s].served_pop
						     : c->cells[s].population);
	sum->unserved_areas = (int64_t)c->nunserved;
}

void sg_catch__summarize(const sg_catch *c, sg_catchment_summary *sum)
{
	for (size_t s = 0; s < c->nsites; s++)
		if (!isnan(c->cells[s].seats))
			sum->seats += c->cells[s].seats;
	sum->locations = (int64_t)c->nsites;
	sum->merged = (int64_t)c->nmerged;
	sum->study_area_km2 = c->study_area / 1e6;
	sum->population = c->study_pop;
	sum->unserved_area_km2 = c->unserved_area / 1e6;
	sum->unserved_population = c->unserved_pop;
}
