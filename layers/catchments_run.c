/*
 * layers/catchments_run.c - a catchment run as a typed result
 * (schoolgis/catchment.h: sg_catchment_run): read back from the store
 * (its `runs` row, its summary `results` rows and its `catchments` rows,
 * layers/load.h), or made by the computation from the catchments in
 * memory (layers/catchments_run.h), with the same figures.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/catch_summary.h"
#include "layers/catchments_run.h"
#include "layers/layers.h"
#include "layers/load.h"
#include "layers/runs.h"
#include "schoolgis/catchment.h"

#define WHAT "catchments"

struct sg_catchment_run {
	int64_t id;
	char *level, *method, *crs;
	double total[SG_CATCHMENT_TOTAL__COUNT];
	sg_catchment_rows rows;	    /* by school code, then as written */
	sg_catchment_rows unserved; /* as written; no codes */
	size_t cap, ucap;
};

/* The totals' names: the `results` keys of the summary, then the run's
 * parameters (metres) and its ages. */
static const char *const total_names[SG_CATCHMENT_TOTAL__COUNT] = {
	SG_RESULT_SCHOOLS,
	SG_RESULT_LOCATIONS,
	SG_RESULT_MERGED,
	SG_RESULT_CATCHMENTS,
	SG_RESULT_UNSERVED_AREAS,
	SG_RESULT_STUDY_AREA_KM2,
	SG_RESULT_CATCHMENT_AREA_KM2,
	SG_RESULT_UNSERVED_AREA_KM2,
	SG_RESULT_POPULATION,
	SG_RESULT_CATCHMENT_POPULATION,
	SG_RESULT_UNSERVED_POPULATION,
	SG_RESULT_SEATS,
	SG_RESULT_CELLS,
	"max_distance_m",
	"cell_size_m",
	"age_from",
	"age_to",
};

static const char *const figure_names[SG_CATCHMENT_RUN__COUNT] = {
	"area_km2",
	"population",
	"seats",
	"demand_pct",
};

void sg_catchment_run_free(sg_catchment_run *r)
{
	if (!r)
		return;
	sg_load__catchments_free(&r->rows);
	sg_load__catchments_free(&r->unserved);
	free(r->level);
	free(r->method);
	free(r->crs);
	free(r);
}

/* The totals of a stored run: the summary's `results` rows (as the
 * writer wrote them from sg_catchment_summary; no cells: 0), the
 * parameters' metres and ages, the CRS. */
static int read_totals(sg_ctx *ctx, sg_catchment_run *r, const sg_run_rec *rec)
{
	sg_results res;
	char *ages = NULL;
	int rc;

	for (int f = 0; f < SG_CATCHMENT_TOTAL__COUNT; f++)
		r->total[f] = NAN;
	rc = sg_load__results(ctx, WHAT, r->id, SG_RESULT_SUMMARY, &res);
	if (rc != SG_OK)
		return rc;
	for (int f = 0; f <= SG_CATCHMENT_TOTAL_CELLS; f++) {
		long k = sg_load__results_find(&res, SG_RESULT_SUMMARY,
					       total_names[f]);

		if (k >= 0 && !res.text[k])
			r->total[f] = res.num[k];
	}
	sg_load__results_free(&res);
	if (isnan(r->total[SG_CATCHMENT_TOTAL_CELLS]))
		r->total[SG_CATCHMENT_TOTAL_CELLS] = 0;
	for (int f = SG_CATCHMENT_TOTAL_MAX_DISTANCE_M;
	     f <= SG_CATCHMENT_TOTAL_CELL_SIZE_M; f++)
		if (sg_load__run_num(rec, 1, total_names[f], &r->total[f]) != 0)
			r->total[f] = NAN;
	if (sg_load__run_text(rec, 1, "ages", &ages) != 0 ||
	    sg_load__run_text(rec, 1, "crs", &r->crs) != 0)
		rc = sg_error__oom(ctx, WHAT);
	if (ages) {
		int a, b;

		if (sscanf(ages, "%d-%d", &a, &b) == 2) {
			r->total[SG_CATCHMENT_TOTAL_AGE_FROM] = a;
			r->total[SG_CATCHMENT_TOTAL_AGE_TO] = b;
		}
		free(ages);
	}
	return rc;
}

int sg_catchment_run_read(sg_ctx *ctx, int64_t run_id, sg_catchment_run **out)
{
	sg_catchment_run *r;
	sg_run_rec rec;
	int rc;

	if (!out)
		return sg_error__set(ctx, SG_EINVALID, "catchments: no output");
	*out = NULL;
	sg_error__clear(ctx);
	if (run_id < 0)
		return sg_error__set(ctx, SG_EINVALID,
				     "catchments: bad run id");
	if ((rc = sg_load__run(ctx, WHAT, run_id,
			       run_id > 0 ? NULL : "catchments", &rec)) !=
	    SG_OK)
		return rc;
	if (!rec.command || strcmp(rec.command, "catchments") != 0) {
		rc = sg_error__set(ctx, SG_ENOTFOUND,
				   "catchments: run %lld is not a catchment "
				   "run",
				   (long long)rec.id);
		sg_load__run_free(&rec);
		return rc;
	}
	if (!(r = calloc(1, sizeof(*r)))) {
		sg_load__run_free(&rec);
		return sg_error__oom(ctx, WHAT);
	}
	r->id = rec.id;
	if (sg_load__run_text(&rec, 1, "level", &r->level) != 0 ||
	    sg_load__run_text(&rec, 1, "method", &r->method) != 0)
		rc = sg_error__oom(ctx, WHAT);
	if (rc == SG_OK)
		rc = read_totals(ctx, r, &rec);
	sg_load__run_free(&rec);
	if (rc == SG_OK)
		rc = sg_load__catchments(ctx, WHAT, r->id, &r->rows);
	if (rc == SG_OK)
		rc = sg_load__catchments_unserved(ctx, WHAT, r->id,
						  &r->unserved);
	if (rc != SG_OK) {
		sg_catchment_run_free(r);
		return rc;
	}
	*out = r;
	return SG_OK;
}

int64_t sg_catchment_run_id(const sg_catchment_run *r)
{
	return r ? r->id : 0;
}

const char *sg_catchment_run_level(const sg_catchment_run *r)
{
	return r ? r->level : NULL;
}

const char *sg_catchment_run_method(const sg_catchment_run *r)
{
	return r ? r->method : NULL;
}

const char *sg_catchment_run_figure_name(sg_catchment_run_figure f)
{
	return (int)f >= 0 && f < SG_CATCHMENT_RUN__COUNT ? figure_names[f]
							  : NULL;
}

size_t sg_catchment_run_count(const sg_catchment_run *r)
{
	return r ? r->rows.n : 0;
}

const char *sg_catchment_run_school_code(const sg_catchment_run *r, size_t i)
{
	return r && i < r->rows.n ? r->rows.code[i] : NULL;
}

const char *sg_catchment_run_schools(const sg_catchment_run *r, size_t i)
{
	return r && i < r->rows.n ? r->rows.schools[i] : NULL;
}

double sg_catchment_run_value(const sg_catchment_run *r, size_t i,
			      sg_catchment_run_figure f)
{
	const sg_catchment_rows *c;

	if (!r || i >= r->rows.n)
		return NAN;
	c = &r->rows;
	switch (f) {
	case SG_CATCHMENT_RUN_AREA_KM2: return c->area_km2[i];
	case SG_CATCHMENT_RUN_POPULATION: return c->population[i];
	case SG_CATCHMENT_RUN_SEATS: return c->seats[i];
	case SG_CATCHMENT_RUN_DEMAND_PCT:
		return c->seats[i] > 0 ? 100.0 * c->population[i] / c->seats[i]
				       : NAN;
	default: return NAN;
	}
}

const char *sg_catchment_total_name(sg_catchment_total f)
{
	return (int)f >= 0 && f < SG_CATCHMENT_TOTAL__COUNT ? total_names[f]
							    : NULL;
}

double sg_catchment_run_total(const sg_catchment_run *r, sg_catchment_total f)
{
	return r && (int)f >= 0 && f < SG_CATCHMENT_TOTAL__COUNT ? r->total[f]
								 : NAN;
}

const char *sg_catchment_run_crs(const sg_catchment_run *r)
{
	return r ? r->crs : NULL;
}

size_t sg_catchment_run_nunserved(const sg_catchment_run *r)
{
	return r ? r->unserved.n : 0;
}

double sg_catchment_run_unserved_value(const sg_catchment_run *r, size_t i,
				       sg_catchment_run_figure f)
{
	if (!r || i >= r->unserved.n)
		return NAN;
	switch (f) {
	case SG_CATCHMENT_RUN_AREA_KM2: return r->unserved.area_km2[i];
	case SG_CATCHMENT_RUN_POPULATION: return r->unserved.population[i];
	default: return NAN;
	}
}

/*---- Made by the computation --------------------------------------------*/

int sg_catchment_run__new(const char *level, const char *method,
			  sg_catchment_run **out)
{
	sg_catchment_run *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (!r)
		return SG_ENOMEM;
	for (int f = 0; f < SG_CATCHMENT_TOTAL__COUNT; f++)
		r->total[f] = NAN;
	if (!(r->level = strdup(level)) || !(r->method = strdup(method))) {
		sg_catchment_run_free(r);
		return SG_ENOMEM;
	}
	*out = r;
	return SG_OK;
}

static int grow(void *pp, size_t n, size_t size)
{
	void *p = realloc(*(void **)pp, n * size);

	if (!p)
		return -1;
	*(void **)pp = p;
	return 0;
}

/* Room for one more row in c (of capacity *cap; with codes when
 * codes). */
static int room(sg_catchment_rows *c, size_t *cap, int codes)
{
	size_t nc;

	if (c->n < *cap)
		return 0;
	nc = *cap ? 2 * *cap : 32;
	if ((codes && (grow(&c->code, nc, sizeof(char *)) ||
		       grow(&c->schools, nc, sizeof(char *)))) ||
	    grow(&c->area_km2, nc, sizeof(double)) ||
	    grow(&c->population, nc, sizeof(double)) ||
	    grow(&c->seats, nc, sizeof(double)))
		return -1;
	*cap = nc;
	return 0;
}

int sg_catchment_run__add(sg_catchment_run *r, GEOSContextHandle_t h,
			  const sg_catch *c, const sg_catch_data *d)
{
	char codes[1024];

	/* As the writer's write_site: the sites with a catchment. */
	for (size_t s = 0; s < c->nsites; s++) {
		const sg_catch_cell *cell = &c->cells[s];
		sg_catchment_rows *o = &r->rows;
		double area;
		size_t i;

		if (!sg_catch__site_geom(h, c, s, &area))
			continue;
		if (room(o, &r->cap, 1) != 0)
			return SG_ENOMEM;
		i = o->n++;
		o->code[i] = o->schools[i] = NULL;
		if (!(o->code[i] = strdup(d->school_code[cell->school])))
			return SG_ENOMEM;
		if (cell->nmembers > 1) {
			sg_catch__site_codes(c, d, s, codes, sizeof(codes));
			if (!(o->schools[i] = strdup(codes)))
				return SG_ENOMEM;
		}
		o->area_km2[i] = area / 1e6;
		o->population[i] = cell->served ? cell->served_pop
						: cell->population;
		o->seats[i] = cell->seats;
	}
	for (size_t k = 0; k < c->nunserved; k++) {
		sg_catchment_rows *o = &r->unserved;
		size_t i;

		if (room(o, &r->ucap, 0) != 0)
			return SG_ENOMEM;
		i = o->n++;
		o->area_km2[i] = c->unserved[k].area / 1e6;
		o->population[i] = c->unserved[k].population;
		o->seats[i] = NAN;
	}
	return SG_OK;
}

/* By school code, then in the order added (a school of a run in parts
 * has a row per province). */
typedef struct {
	const char *code;
	size_t i;
} sort_key;

static int by_code(const void *a, const void *b)
{
	const sort_key *x = a, *y = b;
	int d = strcmp(x->code, y->code);

	return d ? d : (x->i > y->i) - (x->i < y->i);
}

/* Permute the n values of v (each `size` bytes) as k says, through tmp
 * (n x size bytes). */
static void permute(void *v, const sort_key *k, size_t n, size_t size,
		    void *tmp)
{
	for (size_t i = 0; i < n; i++)
		memcpy((char *)tmp + i * size, (char *)v + k[i].i * size, size);
	memcpy(v, tmp, n * size);
}

static int sort_by_code(sg_catchment_rows *c)
{
	size_t n = c->n;
	sort_key *k;
	void *tmp;

	if (n < 2)
		return SG_OK;
	k = malloc(n * sizeof(*k));
	tmp = malloc(n * (sizeof(double) > sizeof(char *) ? sizeof(double)
							  : sizeof(char *)));
	if (!k || !tmp) {
		free(k);
		free(tmp);
		return SG_ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		k[i].code = c->code[i];
		k[i].i = i;
	}
	qsort(k, n, sizeof(*k), by_code);
	permute(c->code, k, n, sizeof(char *), tmp);
	permute(c->schools, k, n, sizeof(char *), tmp);
	permute(c->area_km2, k, n, sizeof(double), tmp);
	permute(c->population, k, n, sizeof(double), tmp);
	permute(c->seats, k, n, sizeof(double), tmp);
	free(k);
	free(tmp);
	return SG_OK;
}

int sg_catchment_run__finish(sg_catchment_run *r, const sg_catchment_summary *s)
{
	double *t = r->total;

	r->id = s->run_id;
	t[SG_CATCHMENT_TOTAL_SCHOOLS] = (double)s->schools;
	t[SG_CATCHMENT_TOTAL_LOCATIONS] = (double)s->locations;
	t[SG_CATCHMENT_TOTAL_MERGED] = (double)s->merged;
	t[SG_CATCHMENT_TOTAL_CATCHMENTS] = (double)s->catchments;
	t[SG_CATCHMENT_TOTAL_UNSERVED_AREAS] = (double)s->unserved_areas;
	t[SG_CATCHMENT_TOTAL_STUDY_AREA_KM2] = s->study_area_km2;
	t[SG_CATCHMENT_TOTAL_CATCHMENT_AREA_KM2] = s->catchment_area_km2;
	t[SG_CATCHMENT_TOTAL_UNSERVED_AREA_KM2] = s->unserved_area_km2;
	t[SG_CATCHMENT_TOTAL_POPULATION] = s->population;
	t[SG_CATCHMENT_TOTAL_CATCHMENT_POPULATION] = s->catchment_population;
	t[SG_CATCHMENT_TOTAL_UNSERVED_POPULATION] = s->unserved_population;
	t[SG_CATCHMENT_TOTAL_SEATS] = s->seats;
	t[SG_CATCHMENT_TOTAL_CELLS] = (double)s->cells;
	t[SG_CATCHMENT_TOTAL_MAX_DISTANCE_M] = s->max_distance;
	t[SG_CATCHMENT_TOTAL_CELL_SIZE_M] = s->cell_size;
	t[SG_CATCHMENT_TOTAL_AGE_FROM] = s->age_from;
	t[SG_CATCHMENT_TOTAL_AGE_TO] = s->age_to;
	if (!(r->crs = strdup(s->crs ? s->crs : "")))
		return SG_ENOMEM;
	return sort_by_code(&r->rows);
}
