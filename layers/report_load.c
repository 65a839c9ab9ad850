/*
 * layers/report_load.c - the stored runs the report shows: every run
 * (its provenance annex) and the ids of the latest admissions run of
 * each grade (layers/results.h; read back by layers/admit_run.c).  The
 * queries the report used to prepare itself.
 */
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

int sg_load__admit_runs(sg_ctx *ctx, const char *what, const char *year,
			int64_t **out, size_t *n)
{
	sqlite3_stmt *st;
	int64_t *v = NULL;
	size_t len = 0, cap = 0;
	int rc, step;

	*out = NULL;
	*n = 0;
	rc = sg_db__prepare(ctx, what,
			    "SELECT max(id), json_extract(parameters, "
			    "'$.grade') AS g FROM runs WHERE command = 'admit' "
			    "AND json_extract(parameters, '$.year') = ?1 "
			    "GROUP BY g ORDER BY g",
			    &st);
	if (rc != SG_OK)
		return rc;
	sg_db__bind_text(st, 1, year);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			int64_t *p;

			cap = cap ? cap * 2 : 4;
			if (!(p = realloc(v, cap * sizeof(*v)))) {
				rc = sg_error__oom(ctx, what);
				break;
			}
			v = p;
		}
		v[len++] = sqlite3_column_int64(st, 0);
	}
	if (rc == SG_OK && step != SQLITE_DONE)
		rc = sg_db__fail(ctx, what);
	sqlite3_finalize(st);
	if (rc != SG_OK) {
		free(v);
		return rc;
	}
	*out = v;
	*n = len;
	return SG_OK;
}
