/*
 * layers/runs.c - the run writer (layers/runs.h): every command that
 * stores a run describes it in a struct; the SQL is made here, with
 * SQLite's json_object over bound parameters (no JSON text made by hand).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "layers/runs.h"

/* Members per object: SQLite binds at most 32766 parameters. */
#define MAX_KV 200

/* Append "json_object(?a, ?b, ...)" for n members from parameter *next. */
static void object_sql(char *sql, size_t cap, const sg_run_kv *kv, size_t n,
		       int *next)
{
	size_t len = strlen(sql);

	len += (size_t)snprintf(sql + len, cap - len, "json_object(");
	for (size_t i = 0, first = 1; i < n; i++) {
		if (!kv[i].key)
			continue;
		len += (size_t)snprintf(sql + len, cap - len,
					kv[i].kind == 1 ? "%s?%d, json(?%d)"
							: "%s?%d, ?%d",
					first ? "" : ", ", *next, *next + 1);
		*next += 2;
		first = 0;
	}
	snprintf(sql + len, cap - len, ")");
}

static void object_bind(sqlite3_stmt *st, const sg_run_kv *kv, size_t n,
			int *next)
{
	for (size_t i = 0; i < n; i++) {
		if (!kv[i].key)
			continue;
		sqlite3_bind_text(st, *next, kv[i].key, -1, SQLITE_STATIC);
		if (kv[i].kind == 1)
			sqlite3_bind_text(st, *next + 1,
					  kv[i].num != 0 ? "true" : "false", -1,
					  SQLITE_STATIC);
		else if (kv[i].text)
			sqlite3_bind_text(st, *next + 1, kv[i].text, -1,
					  SQLITE_STATIC);
		else if (kv[i].kind == 2 && !isnan(kv[i].num))
			sqlite3_bind_int64(st, *next + 1,
					   (sqlite3_int64)kv[i].num);
		else
			sg_db__bind_real(st, *next + 1, kv[i].num);
		*next += 2;
	}
}

static size_t present(const sg_run_kv *kv, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += kv[i].key != NULL;
	return k;
}

int sg_run__begin(sg_ctx *ctx, const char *what, const sg_run *run, int64_t *id)
{
	char sql[16 * MAX_KV + 512];
	sqlite3_stmt *st;
	int next = 3, rc;

	*id = 0;
	if (run->nparams > MAX_KV || run->ninputs > MAX_KV)
		return sg_error__set(ctx, SG_EINVALID,
				     "%s: a run with too "
				     "many parameters",
				     what);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO runs (command, versions, "
		 "started_at, parameters, input_checksums) VALUES (?1, ?2, "
		 "strftime('%%Y-%%m-%%dT%%H:%%M:%%fZ', 'now'), ");
	object_sql(sql, sizeof(sql), run->params, run->nparams, &next);
	strcat(sql, ", ");
	if (present(run->inputs, run->ninputs))
		object_sql(sql, sizeof(sql), run->inputs, run->ninputs, &next);
	else
		strcat(sql, "NULL");
	strcat(sql, ")");
	if ((rc = sg_db__prepare(ctx, what, sql, &st)) != SG_OK)
		return rc;
	sqlite3_bind_text(st, 1, run->command, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sg_dependency_versions(), -1,
			  SQLITE_TRANSIENT);
	next = 3;
	object_bind(st, run->params, run->nparams, &next);
	if (present(run->inputs, run->ninputs))
		object_bind(st, run->inputs, run->ninputs, &next);
	rc = sqlite3_step(st) == SQLITE_DONE ? SG_OK : sg_db__fail(ctx, what);
	sqlite3_finalize(st);
	if (rc == SG_OK)
		*id = sqlite3_last_insert_rowid(ctx->db);
	return rc;
}

int sg_run__finish(sg_ctx *ctx, const char *what, int64_t id,
		   const sg_run_kv *summary, size_t n)
{
	char sql[16 * MAX_KV + 256];
	sqlite3_stmt *st;
	int next = 2, rc;

	if (n > MAX_KV)
		return sg_error__set(ctx, SG_EINVALID,
				     "%s: a run summary "
				     "with too many members",
				     what);
	snprintf(sql, sizeof(sql),
		 "UPDATE runs SET finished_at = "
		 "strftime('%%Y-%%m-%%dT%%H:%%M:%%fZ', 'now'), summary = ");
	object_sql(sql, sizeof(sql), summary, n, &next);
	strcat(sql, " WHERE id = ?1");
	if ((rc = sg_db__prepare(ctx, what, sql, &st)) != SG_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	next = 2;
	object_bind(st, summary, n, &next);
	rc = sqlite3_step(st) == SQLITE_DONE ? SG_OK : sg_db__fail(ctx, what);
	sqlite3_finalize(st);
	return rc;
}
