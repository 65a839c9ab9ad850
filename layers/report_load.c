/*
 * layers/report_load.c - the stored runs the report shows: every run
 * (its provenance annex) and the latest admissions run of each grade
 * (layers/results.h).  The queries the report used to prepare itself.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layers/layers.h"
#include "layers/results.h"
#include "util/file.h"

static char *dup_text(sqlite3_stmt *st, int c, int *oom)
{
	const unsigned char *s = sqlite3_column_text(st, c);
	char *d;

	if (!s)
		return NULL;
	if (!(d = strdup((const char *)s)))
		*oom = 1;
	return d;
}

static double real_or_nan(sqlite3_stmt *st, int c)
{
	return sqlite3_column_type(st, c) == SQLITE_NULL
		       ? NAN
		       : sqlite3_column_double(st, c);
}

void sg_load__runs_free(sg_run_row *r, size_t n)
{
	for (size_t i = 0; r && i < n; i++) {
		free(r[i].command);
		free(r[i].parameters);
		free(r[i].inputs);
		free(r[i].started);
	}
	free(r);
}

int sg_load__runs(sg_ctx *ctx, const char *what, sg_run_row **out, size_t *n)
{
	sqlite3_stmt *st;
	sg_run_row *v = NULL;
	size_t len = 0, cap = 0;
	int rc, step, oom = 0;

	*out = NULL;
	*n = 0;
	rc = sg_db__prepare(ctx, what,
			    "SELECT id, command, parameters, input_checksums, "
			    "started_at FROM runs ORDER BY id",
			    &st);
	if (rc != SG_OK)
		return rc;
	while (!oom && (step = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			sg_run_row *g;

			cap = cap ? cap * 2 : 16;
			if (!(g = realloc(v, cap * sizeof(*v)))) {
				oom = 1;
				break;
			}
			v = g;
		}
		memset(&v[len], 0, sizeof(v[len]));
		v[len].id = sqlite3_column_int64(st, 0);
		v[len].command = dup_text(st, 1, &oom);
		v[len].parameters = dup_text(st, 2, &oom);
		v[len].inputs = dup_text(st, 3, &oom);
		v[len].started = dup_text(st, 4, &oom);
		len++;
	}
	if (oom)
		rc = sg_error__oom(ctx, what);
	else if (step != SQLITE_DONE)
		rc = sg_db__fail(ctx, what);
	sqlite3_finalize(st);
	if (rc != SG_OK) {
		sg_load__runs_free(v, len);
		return rc;
	}
	*out = v;
	*n = len;
	return SG_OK;
}

void sg_load__admissions_free(sg_admit_run_row *a, size_t n)
{
	for (size_t i = 0; a && i < n; i++) {
		for (size_t k = 0; k < a[i].nschools; k++)
			free(a[i].schools[k].school);
		free(a[i].schools);
	}
	free(a);
}

/* The summary and the schools of one run. */
static int admit_run(sg_ctx *ctx, const char *what, sqlite3_stmt *sum,
		     sqlite3_stmt *per, sg_admit_run_row *a)
{
	size_t cap = 0;
	int step, oom = 0, rc = SG_OK;

	sqlite3_bind_int64(sum, 1, a->run);
	step = sqlite3_step(sum);
	if (step == SQLITE_ROW) {
		a->has_summary = 1;
		a->applicants = real_or_nan(sum, 0);
		a->placed = real_or_nan(sum, 1);
		a->unplaced = real_or_nan(sum, 2);
		a->at_first = real_or_nan(sum, 3);
	} else if (step != SQLITE_DONE) {
		rc = sg_db__fail(ctx, what);
	}
	sqlite3_reset(sum);
	if (rc != SG_OK)
		return rc;
	sqlite3_bind_int64(per, 1, a->run);
	while ((step = sqlite3_step(per)) == SQLITE_ROW) {
		sg_admit_school_row *s;

		if (a->nschools == cap) {
			cap = cap ? cap * 2 : 16;
			if (!(s = realloc(a->schools, cap * sizeof(*s)))) {
				oom = 1;
				break;
			}
			a->schools = s;
		}
		s = &a->schools[a->nschools++];
		s->school = dup_text(per, 0, &oom);
		s->seats = real_or_nan(per, 1);
		s->demand = real_or_nan(per, 2);
		s->placed = real_or_nan(per, 3);
		s->cutoff_total = real_or_nan(per, 4);
		s->cutoff_distance_m = real_or_nan(per, 5);
		if (oom)
			break;
	}
	if (oom)
		rc = sg_error__oom(ctx, what);
	else if (step != SQLITE_DONE)
		rc = sg_db__fail(ctx, what);
	sqlite3_reset(per);
	return rc;
}

int sg_load__admissions(sg_ctx *ctx, const char *what, const char *year,
			sg_admit_run_row **out, size_t *n)
{
	sqlite3_stmt *runs = NULL, *sum = NULL, *per = NULL;
	sg_admit_run_row *v = NULL;
	size_t len = 0, cap = 0;
	int rc, step = SQLITE_DONE;

	*out = NULL;
	*n = 0;
	rc = sg_db__prepare(ctx, what,
			    "SELECT max(id), json_extract(parameters, "
			    "'$.grade') AS g FROM runs WHERE command = 'admit' "
			    "AND json_extract(parameters, '$.year') = ?1 "
			    "GROUP BY g ORDER BY g",
			    &runs);
	if (rc == SG_OK)
		rc = sg_db__prepare(
			ctx, what,
			"SELECT max(CASE key WHEN 'applicants' THEN value END),"
			" max(CASE key WHEN 'placed' THEN value END), "
			"max(CASE key WHEN 'unplaced' THEN value END), "
			"max(CASE key WHEN 'at_first' THEN value END) FROM "
			"results WHERE run_id = ?1 AND subject = 'summary'",
			&sum);
	if (rc == SG_OK)
		rc = sg_db__prepare(
			ctx, what,
			"SELECT substr(subject, 7), "
			"max(CASE key WHEN 'seats' THEN value END), "
			"max(CASE key WHEN 'demand' THEN value END), "
			"max(CASE key WHEN 'placed' THEN value END), "
			"max(CASE key WHEN 'cutoff_total' THEN value END), "
			"max(CASE key WHEN 'cutoff_distance_m' THEN value END) "
			"FROM results WHERE run_id = ?1 AND subject LIKE "
			"'admit:%' GROUP BY subject ORDER BY subject",
			&per);
	if (rc == SG_OK)
		sqlite3_bind_text(runs, 1, year, -1, SQLITE_STATIC);
	while (rc == SG_OK && (step = sqlite3_step(runs)) == SQLITE_ROW) {
		if (len == cap) {
			sg_admit_run_row *g;

			cap = cap ? cap * 2 : 4;
			if (!(g = realloc(v, cap * sizeof(*v)))) {
				rc = sg_error__oom(ctx, what);
				break;
			}
			v = g;
		}
		memset(&v[len], 0, sizeof(v[len]));
		v[len].run = sqlite3_column_int64(runs, 0);
		v[len].grade = sqlite3_column_int(runs, 1);
		rc = admit_run(ctx, what, sum, per, &v[len++]);
	}
	if (rc == SG_OK && step != SQLITE_DONE)
		rc = sg_db__fail(ctx, what);
	sqlite3_finalize(per);
	sqlite3_finalize(sum);
	sqlite3_finalize(runs);
	if (rc != SG_OK) {
		sg_load__admissions_free(v, len);
		return rc;
	}
	*out = v;
	*n = len;
	return SG_OK;
}
