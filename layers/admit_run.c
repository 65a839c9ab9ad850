/*
 * layers/admit_run.c - an admission run as a typed result
 * (schoolgis/admit.h: sg_admit_run): read back from the store (its `runs`
 * row and its `results`, summary and "admit:<school code>" rows, through
 * layers/load.h's run and results loaders), or made by the run itself
 * from what it computed and stored (sg_admit__run_make).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/strmap.h"
#include "layers/admit_int.h"
#include "layers/layers.h"
#include "layers/load.h"
#include "layers/results.h"
#include "layers/runs.h"
#include "layers/scope.h"
#include "schoolgis/admit.h"

#define WHAT "admit"

struct sg_admit_run {
	int64_t id;
	int grade;
	char *year, *unit;
	double sum[SG_ADMIT_RUN__COUNT];
	size_t n;
	char **code;			     /* by code */
	double (*v)[SG_ADMIT_SCHOOL__COUNT]; /* v[i][f] */
	int dropped; /* schools of the run left out by the scope */
};

/* The results keys of the figures (layers/runs.h). */
static const char *const run_keys[SG_ADMIT_RUN__COUNT] = {
	SG_RESULT_APPLICANTS,
	SG_RESULT_PLACED,
	SG_RESULT_UNPLACED,
	SG_RESULT_AT_FIRST,
};
static const char *const school_keys[SG_ADMIT_SCHOOL__COUNT] = {
	SG_RESULT_SEATS,	SG_RESULT_DEMAND,	   SG_RESULT_PLACED,
	SG_RESULT_CUTOFF_TOTAL, SG_RESULT_CUTOFF_DISTANCE,
};

void sg_admit_run_free(sg_admit_run *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		free(r->code[i]);
	free(r->code);
	free(r->v);
	free(r->year);
	free(r->unit);
	free(r);
}

/* The school of a results subject "admit:CODE"; NULL: another subject. */
static const char *school_of(const char *subject)
{
	size_t n = strlen(SG_RESULT_ADMIT_PREFIX);

	return subject && strncmp(subject, SG_RESULT_ADMIT_PREFIX, n) == 0
		       ? subject + n
		       : NULL;
}

static int by_code(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int sg_admit__run_read(sg_ctx *ctx, const char *what, int64_t run_id,
		       const sg_scope *sc, sg_admit_run **out)
{
	sg_run_rec rec;
	sg_results res = { 0 };
	sg_strmap *units = NULL, *schools = NULL, *at = NULL;
	sg_admit_run *r;
	double g;
	int rc;

	*out = NULL;
	if ((rc = sg_load__run(ctx, what, run_id, run_id > 0 ? NULL : "admit",
			       &rec)) != SG_OK)
		return rc;
	if (!rec.command || strcmp(rec.command, "admit") != 0) {
		rc = sg_error__set(ctx, SG_ENOTFOUND,
				   "%s: run %lld is not an admission run", what,
				   (long long)rec.id);
		sg_load__run_free(&rec);
		return rc;
	}
	if (!(r = calloc(1, sizeof(*r)))) {
		sg_load__run_free(&rec);
		return sg_error__oom(ctx, what);
	}
	r->id = rec.id;
	r->grade = sg_load__run_num(&rec, 1, "grade", &g) == 0 ? (int)g : 0;
	for (int f = 0; f < SG_ADMIT_RUN__COUNT; f++)
		r->sum[f] = NAN;
	if (sg_load__run_text(&rec, 1, "year", &r->year) != 0 ||
	    sg_load__run_text(&rec, 1, "unit", &r->unit) != 0)
		rc = sg_error__oom(ctx, what);
	sg_load__run_free(&rec);
	if (rc == SG_OK)
		rc = sg_load__results(ctx, what, r->id, NULL, &res);
	/* The schools of the scope only (sc NULL: every school). */
	if (rc == SG_OK && sc)
		rc = sg_scope__codes(ctx, what, sc, &units, &schools);
	if (rc == SG_OK && !(at = sg_strmap__new()))
		rc = sg_error__oom(ctx, what);
	/* Room for every row: the schools are at most that many. */
	if (rc == SG_OK && (!(r->code = calloc(res.n + 1, sizeof(*r->code))) ||
			    !(r->v = malloc((res.n + 1) * sizeof(*r->v)))))
		rc = sg_error__oom(ctx, what);
	for (size_t k = 0; rc == SG_OK && k < res.n; k++) {
		const char *code = school_of(res.subject[k]);
		int64_t i, one;

		if (res.subject[k] &&
		    strcmp(res.subject[k], SG_RESULT_SUMMARY) == 0) {
			for (int f = 0; f < SG_ADMIT_RUN__COUNT; f++)
				if (res.key[k] &&
				    strcmp(res.key[k], run_keys[f]) == 0)
					r->sum[f] = res.num[k];
			continue;
		}
		if (!code)
			continue;
		if (schools && !sg_strmap__get(schools, code, &one)) {
			r->dropped = 1;
			continue;
		}
		if (!sg_strmap__get(at, code, &i)) {
			i = (int64_t)r->n;
			if (!(r->code[r->n] = strdup(code)) ||
			    sg_strmap__put(at, code, i) != 0) {
				rc = sg_error__oom(ctx, what);
				break;
			}
			for (int f = 0; f < SG_ADMIT_SCHOOL__COUNT; f++)
				r->v[r->n][f] = NAN;
			r->n++;
		}
		for (int f = 0; f < SG_ADMIT_SCHOOL__COUNT; f++)
			if (res.key[k] &&
			    strcmp(res.key[k], school_keys[f]) == 0)
				r->v[i][f] = res.num[k];
	}
	if (rc == SG_OK && r->n > 1) {
		/* By code: the codes sorted, each row found by its code. */
		char **codes = malloc(r->n * sizeof(*codes));
		double(*v)[SG_ADMIT_SCHOOL__COUNT] = malloc(r->n *
							    sizeof(*r->v));

		if (!codes || !v) {
			rc = sg_error__oom(ctx, what);
		} else {
			memcpy(codes, r->code, r->n * sizeof(*codes));
			qsort(codes, r->n, sizeof(*codes), by_code);
			for (size_t j = 0; j < r->n; j++) {
				int64_t i = 0;

				sg_strmap__get(at, codes[j], &i);
				memcpy(v[j], r->v[i], sizeof(*v));
			}
			memcpy(r->code, codes, r->n * sizeof(*codes));
			memcpy(r->v, v, r->n * sizeof(*v));
		}
		free(codes);
		free(v);
	}
	sg_strmap__free(at);
	sg_strmap__free(units);
	sg_strmap__free(schools);
	sg_load__results_free(&res);
	if (rc != SG_OK) {
		sg_admit_run_free(r);
		return rc;
	}
	*out = r;
	return SG_OK;
}

typedef struct {
	const char *code;
	size_t i;
} code_key;

static int by_key(const void *a, const void *b)
{
	return strcmp(((const code_key *)a)->code, ((const code_key *)b)->code);
}

int sg_admit__run_make(const sg_admit_data *d, const sg_admit_result *ar,
		       const sg_admit_summary *sum, sg_admit_run **out)
{
	sg_admit_run *r = calloc(1, sizeof(*r));
	code_key *ix = NULL;
	size_t n = d->nschools;

	*out = NULL;
	if (!r)
		return SG_ENOMEM;
	r->id = sum->run_id;
	r->grade = d->grade;
	r->sum[SG_ADMIT_RUN_APPLICANTS] = (double)sum->applicants;
	r->sum[SG_ADMIT_RUN_PLACED] = (double)sum->placed;
	r->sum[SG_ADMIT_RUN_UNPLACED] = (double)sum->unplaced;
	r->sum[SG_ADMIT_RUN_AT_FIRST] = (double)sum->at_first;
	if (!(r->year = strdup(d->year)) ||
	    (d->scope && !(r->unit = strdup(sg_scope_code(d->scope)))) ||
	    !(r->code = calloc(n + 1, sizeof(*r->code))) ||
	    !(r->v = malloc((n + 1) * sizeof(*r->v))) ||
	    !(ix = malloc((n + 1) * sizeof(*ix))))
		goto oom;
	/* By code, as read back. */
	for (size_t s = 0; s < n; s++) {
		ix[s].code = d->scode[s];
		ix[s].i = s;
	}
	qsort(ix, n, sizeof(*ix), by_key);
	for (size_t j = 0; j < n; j++) {
		size_t s = ix[j].i;

		if (!(r->code[j] = strdup(d->scode[s])))
			goto oom;
		r->n = j + 1;
		r->v[j][SG_ADMIT_SCHOOL_SEATS] = (double)d->seats[s];
		r->v[j][SG_ADMIT_SCHOOL_DEMAND] = (double)ar->demand[s];
		r->v[j][SG_ADMIT_SCHOOL_PLACED] = (double)ar->placed[s];
		r->v[j][SG_ADMIT_SCHOOL_CUTOFF_TOTAL] = NAN;
		r->v[j][SG_ADMIT_SCHOOL_CUTOFF_DISTANCE_M] = NAN;
		r->v[j][d->grade == 10 ? SG_ADMIT_SCHOOL_CUTOFF_TOTAL
				       : SG_ADMIT_SCHOOL_CUTOFF_DISTANCE_M] =
			sg_admit__cutoff(d, ar, s);
	}
	free(ix);
	*out = r;
	return SG_OK;
oom:
	free(ix);
	sg_admit_run_free(r);
	return SG_ENOMEM;
}

int sg_admit__run_all(const sg_admit_run *r)
{
	return r && !r->dropped;
}

int sg_admit_run_read(sg_ctx *ctx, int64_t run_id, sg_admit_run **out)
{
	if (!out)
		return sg_error__set(ctx, SG_EINVALID, "admit: no output");
	sg_error__clear(ctx);
	if (run_id < 0) {
		*out = NULL;
		return sg_error__set(ctx, SG_EINVALID, "admit: bad run id");
	}
	return sg_admit__run_read(ctx, WHAT, run_id, NULL, out);
}

int64_t sg_admit_run_id(const sg_admit_run *r)
{
	return r ? r->id : 0;
}

int sg_admit_run_grade(const sg_admit_run *r)
{
	return r ? r->grade : 0;
}

const char *sg_admit_run_year(const sg_admit_run *r)
{
	return r ? r->year : NULL;
}

const char *sg_admit_run_unit(const sg_admit_run *r)
{
	return r ? r->unit : NULL;
}

double sg_admit_run_value(const sg_admit_run *r, sg_admit_run_figure f)
{
	return r && (int)f >= 0 && f < SG_ADMIT_RUN__COUNT ? r->sum[f] : NAN;
}

const char *sg_admit_school_figure_name(sg_admit_school_figure f)
{
	return (int)f >= 0 && f < SG_ADMIT_SCHOOL__COUNT ? school_keys[f]
							 : NULL;
}

size_t sg_admit_run_nschools(const sg_admit_run *r)
{
	return r ? r->n : 0;
}

const char *sg_admit_run_school_code(const sg_admit_run *r, size_t i)
{
	return r && i < r->n ? r->code[i] : NULL;
}

double sg_admit_run_school_value(const sg_admit_run *r, size_t i,
				 sg_admit_school_figure f)
{
	return r && i < r->n && (int)f >= 0 && f < SG_ADMIT_SCHOOL__COUNT
		       ? r->v[i][f]
		       : NAN;
}
