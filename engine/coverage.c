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
#include "engine/strmap.h"
#include "util/file.h"

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

/*---- Per ward -----------------------------------------------------------*/

static int units_table(sg_catch *c, const sg_catch_data *d, const char *title,
		       const char *note, sg_table **out,
		       sg_coverage_summary *sum)
{
	static const char *const names[] = {
		"unit_code",	   "unit_name",
		"children",	   "children_within",
		"within_pct",	   "children_beyond",
		"schools",	   "students",
		"seats",	   "seats_minus_children",
		"utilization_pct", "population_source"
	};
	static const sg_col_type types[] = {
		SG_COL_TEXT, SG_COL_TEXT, SG_COL_REAL, SG_COL_REAL,
		SG_COL_REAL, SG_COL_REAL, SG_COL_INT,  SG_COL_INT,
		SG_COL_INT,  SG_COL_REAL, SG_COL_REAL, SG_COL_TEXT
	};
	size_t n = d->nunits;
	double *within_area = calloc(n ? n : 1, sizeof(double));
	sg_table *t = NULL;
	int rc = SG_OK;

	if (!within_area) {
		rc = sg_error__oom(c->ctx, "coverage");
		goto done;
	}
	/* sg_catch__distance summed them; else (by road) sum them. */
	if (c->unit_within)
		memcpy(within_area, c->unit_within, n * sizeof(double));
	for (size_t s = 0; !c->unit_within && s < c->nsites && rc == SG_OK;
	     s++) {
		double pop;

		if (c->cells[s].served)
			rc = sg_catch__population(c, c->cells[s].served, &pop,
						  within_area);
	}
	if (rc != SG_OK)
		goto done;
	t = sg_table__new(12, names, types);
	if (!t) {
		rc = sg_error__oom(c->ctx, "coverage");
		goto done;
	}
	for (size_t u = 0; u < n; u++) {
		double pop = d->unit_pop[u], area = 0, within, st = 0, se = 0;
		double ust = 0, use = 0;
		long r = sg_table__add_row(t);
		int64_t nsch = 0, seats_known = 0;

		if (r < 0) {
			rc = sg_error__oom(c->ctx, "coverage");
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
			rc = sg_error__oom(c->ctx, "coverage");
			goto done;
		}
		sg_table__set_real(t, (size_t)r, 2, round_to(pop, 0.1));
		sg_table__set_real(t, (size_t)r, 3, round_to(within, 0.1));
		sg_table__set_real(t, (size_t)r, 4, pct(within, pop));
		sg_table__set_real(t, (size_t)r, 5,
				   round_to(pop - within, 0.1));
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
		rc = sg_error__oom(c->ctx, "coverage");
done:
	free(within_area);
	if (rc == SG_OK && out)
		*out = t;
	else
		sg_table_free(t);
	return rc;
}

/*---- Per school ---------------------------------------------------------*/

static int schools_table(sg_catch *c, const sg_catch_data *d, const char *title,
			 const char *note, sg_table **out,
			 sg_coverage_summary *sum)
{
	static const char *const names[] = {
		"school_code",	      "school_name",   "unit_code",
		"students",	      "classes",       "seats",
		"utilization_pct",    "over_capacity", "catchment_km2",
		"catchment_children", "demand_pct",    "shared_with"
	};
	static const sg_col_type types[] = {
		SG_COL_TEXT, SG_COL_TEXT, SG_COL_TEXT, SG_COL_INT,
		SG_COL_INT,  SG_COL_INT,  SG_COL_REAL, SG_COL_INT,
		SG_COL_REAL, SG_COL_REAL, SG_COL_REAL, SG_COL_TEXT
	};
	sg_table *t = sg_table__new(12, names, types);
	double ust = 0, use = 0;
	int64_t nsch = 0;
	int rc = SG_OK;

	if (!t)
		return sg_error__oom(c->ctx, "coverage");
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
			rc = sg_error__oom(c->ctx, "coverage");
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
			rc = sg_error__oom(c->ctx, "coverage");
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
		rc = sg_error__oom(c->ctx, "coverage");
	if (rc == SG_OK && out)
		*out = t;
	else
		sg_table_free(t);
	return rc;
}

/*---- Unserved areas -----------------------------------------------------*/

static int unserved_table(sg_catch *c, const sg_catch_data *d,
			  const char *title, const char *note, sg_table **out,
			  sg_coverage_summary *sum)
{
	static const char *const names[] = { "area",	 "area_km2",
					     "children", "unit_codes",
					     "lon",	 "lat" };
	static const sg_col_type types[] = { SG_COL_INT,  SG_COL_REAL,
					     SG_COL_REAL, SG_COL_TEXT,
					     SG_COL_REAL, SG_COL_REAL };
	GEOSContextHandle_t h = c->ctx->geos;
	sg_table *t = sg_table__new(6, names, types);
	double *ua = calloc(d->nunits ? d->nunits : 1, sizeof(double));
	int rc = SG_OK;

	if (!t || !ua) {
		free(ua);
		sg_table_free(t);
		return sg_error__oom(c->ctx, "coverage");
	}
	for (size_t k = 0; k < c->nunserved && rc == SG_OK; k++) {
		const sg_catch_part *p = &c->unserved[k];
		long r = sg_table__add_row(t);
		char codes[1024];
		size_t len = 0;
		double pop, lon = NAN, lat = NAN;
		GEOSGeometry *pt;

		if (r < 0) {
			rc = sg_error__oom(c->ctx, "coverage");
			break;
		}
		codes[0] = '\0';
		if (p->units) { /* sg_catch__distance found them */
			for (size_t k2 = 0; k2 < p->nunits; k2++)
				if (len + 40 < sizeof(codes))
					len += (size_t)snprintf(
						codes + len,
						sizeof(codes) - len, "%s%s",
						len ? "," : "",
						d->unit_code[p->units[k2]]);
		} else {
			memset(ua, 0, d->nunits * sizeof(double));
			if ((rc = sg_catch__population(c, p->geom, &pop, ua)) !=
			    SG_OK)
				break;
			for (size_t u = 0; u < d->nunits; u++)
				if (ua[u] > 1.0 && len + 40 < sizeof(codes))
					len += (size_t)
						snprintf(codes + len,
							 sizeof(codes) - len,
							 "%s%s", len ? "," : "",
							 d->unit_code[u]);
		}
		pt = GEOSPointOnSurface_r(h, p->geom);
		if (pt && GEOSGeomGetX_r(h, pt, &lon) == 1 &&
		    GEOSGeomGetY_r(h, pt, &lat) == 1 &&
		    sg_crs__point(d->to_wgs84, &lon, &lat) != 0)
			lon = lat = NAN;
		GEOSGeom_destroy_r(h, pt);
		sg_table__set_real(t, (size_t)r, 0, (double)(k + 1));
		sg_table__set_real(t, (size_t)r, 1,
				   round_to(p->area / 1e6, 1e-4));
		sg_table__set_real(t, (size_t)r, 2,
				   round_to(p->population, 0.1));
		if (sg_table__set_text(t, (size_t)r, 3, codes)) {
			rc = sg_error__oom(c->ctx, "coverage");
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
		rc = sg_error__oom(c->ctx, "coverage");
	if (rc == SG_OK && out)
		*out = t;
	else
		sg_table_free(t);
	return rc;
}

/* The tables' titles and note, for a computation measured in `crs`. */
static void texts(const sg_catch_data *d, double max_distance,
		  const char *standards_source, const char *crs,
		  char titles[3][256], char *note, size_t nnote)
{
	char seats[160];

	if (isnan(d->class_size))
		snprintf(seats, sizeof(seats),
			 "seats = students (no "
			 "class_size.%s)",
			 d->level_name);
	else
		snprintf(seats, sizeof(seats),
			 "seats = classes x %g "
			 "(class_size.%s), or students when classes are "
			 "unknown",
			 d->class_size, d->level_name);
	snprintf(note, nnote,
		 "Children aged %d-%d from census age bands, or total x "
		 "%g (shares.%s) where bands are missing; spread evenly over "
		 "each ward's area.  Within reach: %.0f m straight line, "
		 "measured in %s.  %s.  Standards: %s.",
		 d->age_from, d->age_to, d->share, d->level_name, max_distance,
		 crs, seats, standards_source);
	snprintf(titles[0], 256,
		 "Coverage of %s schools (ages "
		 "%d-%d, within %.0f m) by ward",
		 d->level_name, d->age_from, d->age_to, max_distance);
	snprintf(titles[1], 256,
		 "Seats, utilization and catchments "
		 "of %s schools",
		 d->level_name);
	snprintf(titles[2], 256,
		 "Areas farther than %.0f m from any "
		 "%s school",
		 max_distance, d->level_name);
}

int sg_coverage__build(sg_catch *c, const sg_catch_data *d, double max_distance,
		       const char *standards_source, sg_table **units_out,
		       sg_table **schools_out, sg_table **unserved_out,
		       sg_coverage_summary *sum)
{
	char titles[3][256], note[1024];
	int rc;

	memset(sum, 0, sizeof(*sum));
	sum->max_distance = max_distance;
	sum->age_from = d->age_from;
	sum->age_to = d->age_to;
	sum->study_area_km2 = c->study_area / 1e6;
	sum->crs = d->crs; /* borrowed: layers/ keeps a copy on the context */
	texts(d, max_distance, standards_source, d->crs, titles, note,
	      sizeof(note));
	rc = units_table(c, d, titles[0], note, units_out, sum);
	if (rc == SG_OK)
		rc = schools_table(c, d, titles[1], note, schools_out, sum);
	if (rc == SG_OK)
		rc = unserved_table(c, d, titles[2], note, unserved_out, sum);
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

/*---- A store in parts ---------------------------------------------------*/

/* One row of a part's table. */
typedef struct {
	size_t part, row;
} rowref;

struct sg_coverage_merge {
	sg_ctx *ctx;
	size_t nparts, cap;
	sg_table **units, **schools, **unserved; /* per part */
	sg_coverage_summary sum;		 /* raw sums */
	/* Per school code: its cell's area and people summed over the
	 * parts (its own and those it serves from their margin), and its
	 * own cell's seats. */
	sg_strmap *slot;
	size_t nslots, slots_cap;
	double *area, *pop, *cell_seats;
	/* For the texts. */
	sg_catch_data first; /* level fields only (no arrays) */
	int have_first;
	double max_distance;
};

int sg_coverage__merge_new(sg_ctx *ctx, sg_coverage_merge **out)
{
	sg_coverage_merge *m = calloc(1, sizeof(*m));

	*out = NULL;
	if (!m || !(m->slot = sg_strmap__new())) {
		free(m);
		return sg_error__oom(ctx, "coverage");
	}
	m->ctx = ctx;
	*out = m;
	return SG_OK;
}

void sg_coverage__merge_free(sg_coverage_merge *m)
{
	if (!m)
		return;
	for (size_t p = 0; p < m->nparts; p++) {
		sg_table_free(m->units[p]);
		sg_table_free(m->schools[p]);
		sg_table_free(m->unserved[p]);
	}
	free(m->units);
	free(m->schools);
	free(m->unserved);
	sg_strmap__free(m->slot);
	free(m->area);
	free(m->pop);
	free(m->cell_seats);
	free(m);
}

/* The slot of a school code, made when new; -1 out of memory. */
static long slot_of(sg_coverage_merge *m, const char *code)
{
	int64_t v;

	if (sg_strmap__get(m->slot, code, &v))
		return (long)v;
	if (m->nslots == m->slots_cap) {
		size_t nc = m->slots_cap ? 2 * m->slots_cap : 256;
		double *a = realloc(m->area, nc * sizeof(double));
		double *b = a ? realloc(m->pop, nc * sizeof(double)) : NULL;
		double *c = b ? realloc(m->cell_seats, nc * sizeof(double))
			      : NULL;

		if (a)
			m->area = a;
		if (b)
			m->pop = b;
		if (c)
			m->cell_seats = c;
		if (!c)
			return -1;
		m->slots_cap = nc;
	}
	if (sg_strmap__put(m->slot, code, (int64_t)m->nslots))
		return -1;
	m->area[m->nslots] = m->pop[m->nslots] = 0;
	m->cell_seats[m->nslots] = NAN;
	return (long)m->nslots++;
}

int sg_coverage__merge_add(sg_coverage_merge *m, sg_catch *c,
			   const sg_catch_data *d, double max_distance,
			   const char *standards_source)
{
	sg_coverage_summary ps;
	sg_table *u = NULL, *s = NULL, *un = NULL;
	sg_coverage_summary *t = &m->sum;
	int rc;

	if (m->nparts == m->cap) {
		size_t nc = m->cap ? 2 * m->cap : 64;
		sg_table **a = realloc(m->units, nc * sizeof(*a));
		sg_table **b = a ? realloc(m->schools, nc * sizeof(*b)) : NULL;
		sg_table **e = b ? realloc(m->unserved, nc * sizeof(*e)) : NULL;

		if (a)
			m->units = a;
		if (b)
			m->schools = b;
		if (e)
			m->unserved = e;
		if (!e)
			return sg_error__oom(m->ctx, "coverage");
		m->cap = nc;
	}
	rc = sg_coverage__build(c, d, max_distance, standards_source, &u, &s,
				&un, &ps);
	if (rc != SG_OK)
		return rc;
	m->units[m->nparts] = u;
	m->schools[m->nparts] = s;
	m->unserved[m->nparts] = un;
	m->nparts++;
	for (size_t i = 0; i < d->nschools; i++) {
		const sg_catch_cell *cell = &c->cells[c->site_of[i]];
		long k = slot_of(m, d->school_code[i]);

		if (k < 0)
			return sg_error__oom(m->ctx, "coverage");
		m->area[k] += cell->area;
		m->pop[k] += cell->geom ? cell->population : 0;
		if (!d->school_margin || !d->school_margin[i])
			m->cell_seats[k] = cell->seats;
	}
	t->units += ps.units;
	t->schools += ps.schools;
	t->over_capacity += ps.over_capacity;
	t->unserved_areas += ps.unserved_areas;
	t->units_by_bands += ps.units_by_bands;
	t->units_by_share += ps.units_by_share;
	t->units_unknown += ps.units_unknown;
	t->children += ps.children;
	t->children_within += ps.children_within;
	t->students += ps.students;
	t->seats += ps.seats;
	t->unserved_children += ps.unserved_children;
	t->unserved_area_km2 += ps.unserved_area_km2;
	t->study_area_km2 += ps.study_area_km2;
	if (!m->have_first) {
		m->first.level = d->level;
		m->first.level_name = d->level_name;
		m->first.age_from = d->age_from;
		m->first.age_to = d->age_to;
		m->first.share = d->share;
		m->first.class_size = d->class_size;
		m->have_first = 1;
		m->max_distance = max_distance;
		t->max_distance = max_distance;
		t->age_from = d->age_from;
		t->age_to = d->age_to;
	}
	return SG_OK;
}

/* Sorting row references by a text column, or (unserved) by children
 * then area, largest first, then part and row. */
typedef struct {
	sg_table **t;
	int col;
} sort_by;

static _Thread_local const sort_by *sorting;

static int cmp_text(const void *a, const void *b)
{
	const rowref *x = a, *y = b;
	const char *sx = sg_table_text(sorting->t[x->part], x->row,
				       (size_t)sorting->col);
	const char *sy = sg_table_text(sorting->t[y->part], y->row,
				       (size_t)sorting->col);
	int r = strcmp(sx ? sx : "", sy ? sy : "");

	if (r)
		return r;
	if (x->part != y->part)
		return x->part < y->part ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

static int cmp_unserved(const void *a, const void *b)
{
	const rowref *x = a, *y = b;
	sg_table *tx = sorting->t[x->part], *ty = sorting->t[y->part];

	for (size_t col = 2;; col = 1) { /* children, then km2 */
		double vx = sg_table_real(tx, x->row, col);
		double vy = sg_table_real(ty, y->row, col);

		if (vx != vy)
			return vx > vy ? -1 : 1;
		if (col == 1)
			break;
	}
	if (x->part != y->part)
		return x->part < y->part ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

/* All rows of the parts' tables t, in the order cmp gives, into a new
 * table with the columns of t[0] and the title and note given. */
static int concat(sg_coverage_merge *m, sg_table **t, int col,
		  int (*cmp)(const void *, const void *), const char *title,
		  const char *note, sg_table **out)
{
	static const char *const none[1] = { "" };
	size_t ncols = m->nparts ? sg_table_ncols(t[0]) : 0, n = 0, k = 0;
	const char **names = malloc((ncols ? ncols : 1) * sizeof(*names));
	sg_col_type *types = malloc((ncols ? ncols : 1) * sizeof(*types));
	rowref *refs;
	sort_by sb = { t, col };
	sg_table *r;
	int rc = SG_OK;

	*out = NULL;
	for (size_t p = 0; p < m->nparts; p++)
		n += sg_table_nrows(t[p]);
	refs = malloc((n ? n : 1) * sizeof(*refs));
	if (!names || !types || !refs) {
		free(names);
		free(types);
		free(refs);
		return sg_error__oom(m->ctx, "coverage");
	}
	for (size_t c = 0; c < ncols; c++) {
		names[c] = sg_table_colname(t[0], c);
		types[c] = sg_table_coltype(t[0], c);
	}
	r = sg_table__new(ncols, ncols ? names : none, types);
	for (size_t p = 0; p < m->nparts; p++)
		for (size_t i = 0; i < sg_table_nrows(t[p]); i++)
			refs[k++] = (rowref){ p, i };
	sorting = &sb;
	qsort(refs, n, sizeof(*refs), cmp);
	sorting = NULL;
	for (size_t i = 0; r && i < n && rc == SG_OK; i++) {
		const sg_table *src = t[refs[i].part];
		long row = sg_table__add_row(r);

		if (row < 0) {
			rc = sg_error__oom(m->ctx, "coverage");
			break;
		}
		for (size_t c = 0; c < ncols; c++) {
			if (sg_table_is_null(src, refs[i].row, c))
				continue;
			if (types[c] == SG_COL_TEXT) {
				if (sg_table__set_text(
					    r, (size_t)row, c,
					    sg_table_text(src, refs[i].row,
							  c))) {
					rc = sg_error__oom(m->ctx, "coverage");
					break;
				}
			} else {
				sg_table__set_real(r, (size_t)row, c,
						   sg_table_real(src,
								 refs[i].row,
								 c));
			}
		}
	}
	if (!r || (rc == SG_OK && (sg_table__set_title(r, title) ||
				   sg_table__set_note(r, note))))
		rc = sg_error__oom(m->ctx, "coverage");
	free(names);
	free(types);
	free(refs);
	if (rc != SG_OK) {
		sg_table_free(r);
		return rc;
	}
	*out = r;
	return SG_OK;
}

int sg_coverage__merge_end(sg_coverage_merge *m, const char *crs,
			   const char *standards_source, sg_table **units_out,
			   sg_table **schools_out, sg_table **unserved_out,
			   sg_coverage_summary *sum)
{
	char titles[3][256], note[1024];
	sg_table *u = NULL, *s = NULL, *un = NULL;
	double ust = 0, use = 0;
	int rc;

	if (m->nparts == 0)
		return sg_error__set(m->ctx, SG_EINVALID,
				     "coverage: no part "
				     "of the store has units");
	texts(&m->first, m->max_distance, standards_source, crs, titles, note,
	      sizeof(note));
	rc = concat(m, m->units, 0, cmp_text, titles[0], note, &u);
	if (rc == SG_OK)
		rc = concat(m, m->schools, 0, cmp_text, titles[1], note, &s);
	if (rc == SG_OK)
		rc = concat(m, m->unserved, 0, cmp_unserved, titles[2], note,
			    &un);
	if (rc != SG_OK)
		goto fail;
	/* A school's catchment: its cells of every part, added up. */
	for (size_t r = 0; r < sg_table_nrows(s); r++) {
		int64_t k;
		double st = sg_table_real(s, r, 3), se = sg_table_real(s, r, 5);

		if (sg_strmap__get(m->slot, sg_table_text(s, r, 0), &k)) {
			sg_table__set_real(s, r, 8,
					   round_to(m->area[k] / 1e6, 1e-4));
			sg_table__set_real(s, r, 9, round_to(m->pop[k], 0.1));
			sg_table__set_real(s, r, 10,
					   pct(m->pop[k], m->cell_seats[k]));
		}
		if (!sg_table_is_null(s, r, 3) && !sg_table_is_null(s, r, 5)) {
			ust += st;
			use += se;
		}
	}
	for (size_t r = 0; r < sg_table_nrows(un); r++)
		sg_table__set_real(un, r, 0, (double)(r + 1));
	*sum = m->sum;
	sum->within_pct = pct(sum->children_within, sum->children);
	sum->utilization_pct = pct(ust, use);
	sum->crs = crs; /* borrowed: layers/ keeps a copy on the context */
	if (units_out)
		*units_out = u;
	else
		sg_table_free(u);
	if (schools_out)
		*schools_out = s;
	else
		sg_table_free(s);
	if (unserved_out)
		*unserved_out = un;
	else
		sg_table_free(un);
	return SG_OK;
fail:
	sg_table_free(u);
	sg_table_free(s);
	sg_table_free(un);
	return rc;
}

/*---- The typed result ---------------------------------------------------*/

static const char *const unit_fig_names[SG_COVERAGE_UNIT__COUNT] = {
	"children",	  "children_within",
	"within_pct",	  "children_beyond",
	"schools",	  "students",
	"seats",	  "seats_minus_children",
	"utilization_pct"
};

static const char *const school_fig_names[SG_COVERAGE_SCHOOL__COUNT] = {
	"students",	      "classes",       "seats",
	"utilization_pct",    "over_capacity", "catchment_km2",
	"catchment_children", "demand_pct"
};

static const char *const unserved_fig_names[SG_COVERAGE_UNSERVED__COUNT] = {
	"area_km2", "children", "lon", "lat"
};

/* Column positions in the tables of engine/coverage.c. */
enum {
	UC_CODE = 0,
	UC_NAME = 1,
	UC_FIRST = 2, /* the figures, in sg_coverage_unit_figure order */
	UC_SOURCE = 11,
	SC_CODE = 0,
	SC_NAME = 1,
	SC_UNIT = 2,
	SC_FIRST = 3,
	SC_SHARED = 11,
	XC_AREA_KM2 = 1, /* area_km2, children */
	XC_UNITS = 3,
	XC_LON = 4 /* lon, lat */
};

static int col_named(const sg_table *t, size_t c, const char *name)
{
	const char *n = c < sg_table_ncols(t) ? sg_table_colname(t, c) : NULL;

	return n && strcmp(n, name) == 0;
}

void sg_coverage_result_free(sg_coverage_result *r)
{
	if (!r)
		return;
	sg_table_free(r->units);
	sg_table_free(r->schools);
	sg_table_free(r->unserved);
	free(r);
}

int sg_coverage__result_new(sg_ctx *ctx, sg_table *units, sg_table *schools,
			    sg_table *unserved, const sg_coverage_summary *sum,
			    sg_coverage_result **out)
{
	sg_coverage_result *r;
	int ok = units && schools && unserved &&
		 col_named(units, UC_CODE, "unit_code") &&
		 col_named(units, UC_NAME, "unit_name") &&
		 col_named(units, UC_SOURCE, "population_source") &&
		 col_named(schools, SC_CODE, "school_code") &&
		 col_named(schools, SC_NAME, "school_name") &&
		 col_named(schools, SC_UNIT, "unit_code") &&
		 col_named(schools, SC_SHARED, "shared_with") &&
		 col_named(unserved, XC_UNITS, "unit_codes");

	*out = NULL;
	for (int f = 0; ok && f < SG_COVERAGE_UNIT__COUNT; f++)
		ok = col_named(units, UC_FIRST + (size_t)f, unit_fig_names[f]);
	for (int f = 0; ok && f < SG_COVERAGE_SCHOOL__COUNT; f++)
		ok = col_named(schools, SC_FIRST + (size_t)f,
			       school_fig_names[f]);
	for (int f = 0; ok && f < 2; f++)
		ok = col_named(unserved, XC_AREA_KM2 + (size_t)f,
			       unserved_fig_names[f]);
	for (int f = 2; ok && f < SG_COVERAGE_UNSERVED__COUNT; f++)
		ok = col_named(unserved, XC_LON + (size_t)f - 2,
			       unserved_fig_names[f]);
	r = ok ? calloc(1, sizeof(*r)) : NULL;
	if (!r) {
		sg_table_free(units);
		sg_table_free(schools);
		sg_table_free(unserved);
		if (!ok)
			return sg_error__set(ctx, SG_EINVALID,
					     "coverage: internal error: the "
					     "tables' columns are not those "
					     "of the result");
		return sg_error__oom(ctx, "coverage");
	}
	r->units = units;
	r->schools = schools;
	r->unserved = unserved;
	r->sum = *sum;
	*out = r;
	return SG_OK;
}

const sg_table *sg_coverage__result_table(const sg_coverage_result *r,
					  int which)
{
	if (!r)
		return NULL;
	return which == 0 ? r->units : which == 1 ? r->schools : r->unserved;
}

const sg_coverage_summary *
sg_coverage_result_summary(const sg_coverage_result *r)
{
	return r ? &r->sum : NULL;
}

const char *sg_coverage_unit_figure_name(sg_coverage_unit_figure f)
{
	return (unsigned)f < SG_COVERAGE_UNIT__COUNT ? unit_fig_names[f] : NULL;
}

bool sg_coverage_unit_figure_parse(const char *name,
				   sg_coverage_unit_figure *out)
{
	for (int f = 0; name && f < SG_COVERAGE_UNIT__COUNT; f++)
		if (strcmp(name, unit_fig_names[f]) == 0) {
			*out = (sg_coverage_unit_figure)f;
			return true;
		}
	return false;
}

const char *sg_coverage_school_figure_name(sg_coverage_school_figure f)
{
	return (unsigned)f < SG_COVERAGE_SCHOOL__COUNT ? school_fig_names[f]
						       : NULL;
}

bool sg_coverage_school_figure_parse(const char *name,
				     sg_coverage_school_figure *out)
{
	for (int f = 0; name && f < SG_COVERAGE_SCHOOL__COUNT; f++)
		if (strcmp(name, school_fig_names[f]) == 0) {
			*out = (sg_coverage_school_figure)f;
			return true;
		}
	return false;
}

static const char *text_at(const sg_table *t, size_t i, size_t c)
{
	return t && i < sg_table_nrows(t) ? sg_table_text(t, i, c) : NULL;
}

static double real_at(const sg_table *t, size_t i, size_t c)
{
	return t && i < sg_table_nrows(t) ? sg_table_real(t, i, c) : NAN;
}

/* Figure f (of n) of row i of a result's table t, whose figures start at
 * column first: the one reader of the unit, school and unserved rows. */
static double figure_at(const sg_table *t, size_t i, unsigned f, unsigned n,
			size_t first)
{
	return f < n ? real_at(t, i, first + f) : NAN;
}

size_t sg_coverage_result_nunits(const sg_coverage_result *r)
{
	return r ? sg_table_nrows(r->units) : 0;
}

const char *sg_coverage_unit_code(const sg_coverage_result *r, size_t i)
{
	return text_at(r ? r->units : NULL, i, UC_CODE);
}

const char *sg_coverage_unit_name(const sg_coverage_result *r, size_t i)
{
	return text_at(r ? r->units : NULL, i, UC_NAME);
}

const char *sg_coverage_unit_population_source(const sg_coverage_result *r,
					       size_t i)
{
	return text_at(r ? r->units : NULL, i, UC_SOURCE);
}

double sg_coverage_unit_value(const sg_coverage_result *r, size_t i,
			      sg_coverage_unit_figure f)
{
	return figure_at(r ? r->units : NULL, i, (unsigned)f,
			 SG_COVERAGE_UNIT__COUNT, UC_FIRST);
}

bool sg_coverage_unit_find(const sg_coverage_result *r, const char *code,
			   size_t *i)
{
	for (size_t k = 0; code && k < sg_coverage_result_nunits(r); k++) {
		const char *c = sg_coverage_unit_code(r, k);

		if (c && strcmp(c, code) == 0) {
			*i = k;
			return true;
		}
	}
	return false;
}

size_t sg_coverage_result_nschools(const sg_coverage_result *r)
{
	return r ? sg_table_nrows(r->schools) : 0;
}

const char *sg_coverage_school_code(const sg_coverage_result *r, size_t i)
{
	return text_at(r ? r->schools : NULL, i, SC_CODE);
}

const char *sg_coverage_school_name(const sg_coverage_result *r, size_t i)
{
	return text_at(r ? r->schools : NULL, i, SC_NAME);
}

const char *sg_coverage_school_unit_code(const sg_coverage_result *r, size_t i)
{
	return text_at(r ? r->schools : NULL, i, SC_UNIT);
}

const char *sg_coverage_school_shared_with(const sg_coverage_result *r,
					   size_t i)
{
	return text_at(r ? r->schools : NULL, i, SC_SHARED);
}

double sg_coverage_school_value(const sg_coverage_result *r, size_t i,
				sg_coverage_school_figure f)
{
	return figure_at(r ? r->schools : NULL, i, (unsigned)f,
			 SG_COVERAGE_SCHOOL__COUNT, SC_FIRST);
}

size_t sg_coverage_result_nunserved(const sg_coverage_result *r)
{
	return r ? sg_table_nrows(r->unserved) : 0;
}

const char *sg_coverage_unserved_unit_codes(const sg_coverage_result *r,
					    size_t i)
{
	return text_at(r ? r->unserved : NULL, i, XC_UNITS);
}

double sg_coverage_unserved_value(const sg_coverage_result *r, size_t i,
				  sg_coverage_unserved_figure f)
{
	/* area and children, then lon and lat, in two runs of columns */
	return f < 2 ? figure_at(r ? r->unserved : NULL, i, (unsigned)f, 2,
				 XC_AREA_KM2)
		     : figure_at(r ? r->unserved : NULL, i, (unsigned)f - 2,
				 SG_COVERAGE_UNSERVED__COUNT - 2, XC_LON);
}
