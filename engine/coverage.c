/*
 * engine/coverage.c - the coverage tables: children within reach per
 * ward, seats and utilization per school and catchment, unserved areas.
 *
 * Everything comes from one sg_catch that has its Voronoi cells and
 * their distance-limited parts: the area of each ward within reach is
 * the sum of its overlaps with the served parts (which are disjoint), so
 * no union of buffers is ever built.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/coverage.h"

void sg_catch__data_free(sg_ctx *ctx, sg_catch_data *d)
{
	if (!d)
		return;
	for (size_t u = 0; u < d->nunits; u++) {
		if (d->unit_code)
			free(d->unit_code[u]);
		if (d->unit_name)
			free(d->unit_name[u]);
		if (d->unit_geom)
			GEOSGeom_destroy_r(ctx->geos, d->unit_geom[u]);
	}
	for (size_t i = 0; i < d->nschools; i++) {
		if (d->school_code)
			free(d->school_code[i]);
		if (d->school_name)
			free(d->school_name[i]);
	}
	free(d->unit_id);
	free(d->unit_code);
	free(d->unit_name);
	free(d->unit_geom);
	free(d->unit_pop);
	free(d->unit_how);
	free(d->school_id);
	free(d->school_code);
	free(d->school_name);
	free(d->school_unit);
	free(d->school_margin);
	free(d->x);
	free(d->y);
	free(d->students);
	free(d->classes);
	free(d->seats);
	sg_crs__free(d->to_wgs84);
	memset(d, 0, sizeof(*d));
}

static double round_to(double v, double unit)
{
	return isnan(v) ? v : round(v / unit) * unit;
}

static double pct(double a, double b)
{
	return b > 0 && !isnan(a) ? round_to(100.0 * a / b, 0.1) : NAN;
}

static int oom(sg_ctx *ctx)
{
	return sg_error__set(ctx, SG_ENOMEM, "coverage: out of memory");
}

/*---- Per ward -----------------------------------------------------------*/

static int units_table(sg_catch *c, const sg_catch_data *d,
		       const char *title, const char *note, sg_table **out,
		       sg_coverage_summary *sum)
{
	static const char *const names[] = {
		"unit_code", "unit_name", "children", "children_within",
		"within_pct", "children_beyond", "schools", "students",
		"seats", "seats_minus_children", "utilization_pct",
		"population_source"
	};
	static const sg_col_type types[] = {
		SG_COL_TEXT, SG_COL_TEXT, SG_COL_REAL, SG_COL_REAL,
		SG_COL_REAL, SG_COL_REAL, SG_COL_INT, SG_COL_INT,
		SG_COL_INT, SG_COL_REAL, SG_COL_REAL, SG_COL_TEXT
	};
	size_t n = d->nunits;
	double *within_area = calloc(n ? n : 1, sizeof(double));
	sg_table *t = NULL;
	int rc = SG_OK;

	if (!within_area) {
		rc = oom(c->ctx);
		goto done;
	}
	for (size_t s = 0; s < c->nsites && rc == SG_OK; s++) {
		double pop;

		if (c->cells[s].served)
			rc = sg_catch__population(c, c->cells[s].served, &pop,
						  within_area);
	}
	if (rc != SG_OK)
		goto done;
	t = sg_table__new(12, names, types);
	if (!t) {
		rc = oom(c->ctx);
		goto done;
	}
	for (size_t u = 0; u < n; u++) {
		double pop = d->unit_pop[u], area = 0, within, st = 0, se = 0;
		double ust = 0, use = 0;
		long r = sg_table__add_row(t);
		int64_t nsch = 0, seats_known = 0;

		if (r < 0) {
			rc = oom(c->ctx);
			goto done;
		}
		GEOSArea_r(c->ctx->geos, d->unit_geom[u], &area);
		if (isnan(pop))
			pop = 0;
		within = area > 0 ? pop * fmin(1.0, within_area[u] / area) : 0;
		for (size_t i = 0; i < d->nschools; i++) {
			if (d->school_unit[i] != (long)u)
				continue;
			nsch++;
			if (!isnan(d->students[i]))
				st += d->students[i];
			if (!isnan(d->seats[i])) {
				se += d->seats[i];
				seats_known++;
			}
			if (!isnan(d->students[i]) && !isnan(d->seats[i])) {
				ust += d->students[i];
				use += d->seats[i];
			}
		}
		if (sg_table__set_text(t, (size_t)r, 0, d->unit_code[u]) ||
		    sg_table__set_text(t, (size_t)r, 1, d->unit_name[u]) ||
		    sg_table__set_text(t, (size_t)r, 11,
				       d->unit_how[u] == 1   ? "bands"
				       : d->unit_how[u] == 2 ? "share"
							     : "none")) {
			rc = oom(c->ctx);
			goto done;
		}
		sg_table__set_real(t, (size_t)r, 2, round_to(pop, 0.1));
		sg_table__set_real(t, (size_t)r, 3, round_to(within, 0.1));
		sg_table__set_real(t, (size_t)r, 4, pct(within, pop));
		sg_table__set_real(t, (size_t)r, 5, round_to(pop - within, 0.1));
		sg_table__set_real(t, (size_t)r, 6, (double)nsch);
		sg_table__set_real(t, (size_t)r, 7, st);
		sg_table__set_real(t, (size_t)r, 8, seats_known ? se : NAN);
		sg_table__set_real(t, (size_t)r, 9,
				   seats_known ? round_to(se - pop, 0.1) : NAN);
		sg_table__set_real(t, (size_t)r, 10, pct(ust, use));
		sum->children += pop;
		sum->children_within += within;
		sum->units_by_bands += d->unit_how[u] == 1;
		sum->units_by_share += d->unit_how[u] == 2;
		sum->units_unknown += d->unit_how[u] == 0;
	}
	sum->units = (int64_t)n;
	sum->within_pct = pct(sum->children_within, sum->children);
	if (sg_table__set_title(t, title) || sg_table__set_note(t, note))
		rc = oom(c->ctx);
done:
	free(within_area);
	if (rc == SG_OK && out)
		*out = t;
	else
		sg_table_free(t);
	return rc;
}

/*---- Per school ---------------------------------------------------------*/

static int schools_table(sg_catch *c, const sg_catch_data *d,
			 const char *title, const char *note, sg_table **out,
			 sg_coverage_summary *sum)
{
	static const char *const names[] = {
		"school_code", "school_name", "unit_code", "students",
		"classes", "seats", "utilization_pct", "over_capacity",
		"catchment_km2", "catchment_children", "demand_pct",
		"shared_with"
	};
	static const sg_col_type types[] = {
		SG_COL_TEXT, SG_COL_TEXT, SG_COL_TEXT, SG_COL_INT,
		SG_COL_INT, SG_COL_INT, SG_COL_REAL, SG_COL_INT,
		SG_COL_REAL, SG_COL_REAL, SG_COL_REAL, SG_COL_TEXT
	};
	sg_table *t = sg_table__new(12, names, types);
	double ust = 0, use = 0;
	int64_t nsch = 0;
	int rc = SG_OK;

	if (!t)
		return oom(c->ctx);
	for (size_t i = 0; i < d->nschools && rc == SG_OK; i++) {
		const sg_catch_cell *cell = &c->cells[c->site_of[i]];
		double st = d->students[i], se = d->seats[i];
		long r;
		char shared[512];
		size_t len = 0;

		if (d->school_margin && d->school_margin[i])
			continue;
		r = sg_table__add_row(t);
		nsch++;
		if (r < 0) {
			rc = oom(c->ctx);
			break;
		}
		shared[0] = '\0';
		for (size_t j = 0; cell->nmembers > 1 && j < d->nschools; j++)
			if (j != i && c->site_of[j] == c->site_of[i] &&
			    len + 40 < sizeof(shared))
				len += (size_t)snprintf(shared + len,
							sizeof(shared) - len,
							"%s%s", len ? "," : "",
							d->school_code[j]);
		if (sg_table__set_text(t, (size_t)r, 0, d->school_code[i]) ||
		    sg_table__set_text(t, (size_t)r, 1, d->school_name[i]) ||
		    sg_table__set_text(t, (size_t)r, 2,
				       d->school_unit[i] >= 0
					       ? d->unit_code[d->school_unit[i]]
					       : NULL) ||
		    (len && sg_table__set_text(t, (size_t)r, 11, shared))) {
			rc = oom(c->ctx);
			break;
		}
		sg_table__set_real(t, (size_t)r, 3, st);
		sg_table__set_real(t, (size_t)r, 4, d->classes[i]);
		sg_table__set_real(t, (size_t)r, 5, se);
		sg_table__set_real(t, (size_t)r, 6, pct(st, se));
		if (!isnan(st) && !isnan(se)) {
			sg_table__set_real(t, (size_t)r, 7, st > se);
			sum->over_capacity += st > se;
			ust += st;
			use += se;
		}
		if (!isnan(st))
			sum->students += st;
		if (!isnan(se))
			sum->seats += se;
		sg_table__set_real(t, (size_t)r, 8,
				   round_to(cell->area / 1e6, 1e-4));
		sg_table__set_real(t, (size_t)r, 9,
				   cell->geom ? round_to(cell->population, 0.1)
					      : 0);
		sg_table__set_real(t, (size_t)r, 10,
				   pct(cell->population, cell->seats));
	}
	sum->schools = nsch;
	sum->utilization_pct = pct(ust, use);
	if (rc == SG_OK &&
	    (sg_table__set_title(t, title) || sg_table__set_note(t, note)))
		rc = oom(c->ctx);
	if (rc == SG_OK && out)
		*out = t;
	else
		sg_table_free(t);
	return rc;
}

/*---- Unserved areas -----------------------------------------------------*/

static int unserved_table(sg_catch *c, const sg_catch_data *d,
			  const char *title, const char *note,
			  sg_table **out, sg_coverage_summary *sum)
{
	static const char *const names[] = {
		"area", "area_km2", "children", "unit_codes", "lon", "lat"
	};
	static const sg_col_type types[] = {
		SG_COL_INT, SG_COL_REAL, SG_COL_REAL, SG_COL_TEXT,
		SG_COL_REAL, SG_COL_REAL
	};
	GEOSContextHandle_t h = c->ctx->geos;
	sg_table *t = sg_table__new(6, names, types);
	double *ua = calloc(d->nunits ? d->nunits : 1, sizeof(double));
	int rc = SG_OK;

	if (!t || !ua) {
		free(ua);
		sg_table_free(t);
		return oom(c->ctx);
	}
	for (size_t k = 0; k < c->nunserved && rc == SG_OK; k++) {
		const sg_catch_part *p = &c->unserved[k];
		long r = sg_table__add_row(t);
		char codes[1024];
		size_t len = 0;
		double pop, lon = NAN, lat = NAN;
		GEOSGeometry *pt;

		if (r < 0) {
			rc = oom(c->ctx);
			break;
		}
		memset(ua, 0, d->nunits * sizeof(double));
		if ((rc = sg_catch__population(c, p->geom, &pop, ua)) != SG_OK)
			break;
		codes[0] = '\0';
		for (size_t u = 0; u < d->nunits; u++)
			if (ua[u] > 1.0 && len + 40 < sizeof(codes))
				len += (size_t)snprintf(codes + len,
							sizeof(codes) - len,
							"%s%s", len ? "," : "",
							d->unit_code[u]);
		pt = GEOSPointOnSurface_r(h, p->geom);
		if (pt && GEOSGeomGetX_r(h, pt, &lon) == 1 &&
		    GEOSGeomGetY_r(h, pt, &lat) == 1 &&
		    sg_crs__point(d->to_wgs84, &lon, &lat) != 0)
			lon = lat = NAN;
		GEOSGeom_destroy_r(h, pt);
		sg_table__set_real(t, (size_t)r, 0, (double)(k + 1));
		sg_table__set_real(t, (size_t)r, 1, round_to(p->area / 1e6, 1e-4));
		sg_table__set_real(t, (size_t)r, 2, round_to(p->population, 0.1));
		if (sg_table__set_text(t, (size_t)r, 3, codes)) {
			rc = oom(c->ctx);
			break;
		}
		sg_table__set_real(t, (size_t)r, 4, round_to(lon, 1e-6));
		sg_table__set_real(t, (size_t)r, 5, round_to(lat, 1e-6));
	}
	free(ua);
	sum->unserved_areas = (int64_t)c->nunserved;
	sum->unserved_children = c->unserved_pop;
	sum->unserved_area_km2 = c->unserved_area / 1e6;
	if (rc == SG_OK &&
	    (sg_table__set_title(t, title) || sg_table__set_note(t, note)))
		rc = oom(c->ctx);
	if (rc == SG_OK && out)
		*out = t;
	else
		sg_table_free(t);
	return rc;
}

int sg_coverage__build(sg_catch *c, const sg_catch_data *d,
		       double max_distance, const char *standards_source,
		       sg_table **units_out, sg_table **schools_out,
		       sg_table **unserved_out, sg_coverage_summary *sum)
{
	char title[256], note[1024], seats[160];
	int rc;

	memset(sum, 0, sizeof(*sum));
	sum->max_distance = max_distance;
	sum->age_from = d->age_from;
	sum->age_to = d->age_to;
	sum->study_area_km2 = c->study_area / 1e6;
	snprintf(sum->crs, sizeof(sum->crs), "%.63s", d->crs);
	if (isnan(d->class_size))
		snprintf(seats, sizeof(seats), "seats = students (no "
			 "class_size.%s)", d->level_name);
	else
		snprintf(seats, sizeof(seats), "seats = classes x %g "
			 "(class_size.%s), or students when classes are "
			 "unknown", d->class_size, d->level_name);
	snprintf(note, sizeof(note),
		 "Children aged %d-%d from census age bands, or total x "
		 "%g (shares.%s) where bands are missing; spread evenly over "
		 "each ward's area.  Within reach: %.0f m straight line, "
		 "measured in %s.  %s.  Standards: %s.",
		 d->age_from, d->age_to, d->share, d->level_name,
		 max_distance, d->crs, seats, standards_source);
	snprintf(title, sizeof(title), "Coverage of %s schools (ages "
		 "%d-%d, within %.0f m) by ward", d->level_name, d->age_from,
		 d->age_to, max_distance);
	rc = units_table(c, d, title, note, units_out, sum);
	snprintf(title, sizeof(title), "Seats, utilization and catchments "
		 "of %s schools", d->level_name);
	if (rc == SG_OK)
		rc = schools_table(c, d, title, note, schools_out, sum);
	snprintf(title, sizeof(title), "Areas farther than %.0f m from any "
		 "%s school", max_distance, d->level_name);
	if (rc == SG_OK)
		rc = unserved_table(c, d, title, note, unserved_out, sum);
	if (rc != SG_OK) {
		if (units_out) {
			sg_table_free(*units_out);
			*units_out = NULL;
		}
		if (schools_out) {
			sg_table_free(*schools_out);
			*schools_out = NULL;
		}
	}
	return rc;
}
