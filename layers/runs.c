/*
 * layers/runs.c - the run writer (layers/runs.h): every command that
 * stores a run describes it in a struct; the SQL is made here, with
 * SQLite's json_object over bound parameters (no JSON text made by hand).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "layers/runs.h"
#include "util/file.h"

/* Members per object, elements per array: SQLite binds at most 32766
 * parameters. */
#define MAX_KV 200
#define MAX_ARR 64

static int too_many(const sg_run_kv *kv, size_t n)
{
	if (n > MAX_KV)
		return 1;
	for (size_t i = 0; i < n; i++)
		if (kv[i].key && kv[i].kind == 3 &&
		    (kv[i].num < 0 || kv[i].num > MAX_ARR))
			return 1;
	return 0;
}

/* Append "json_object(?a, ?b, ...)" for n members from parameter *next. */
static void object_sql(sg_sb *sql, const sg_run_kv *kv, size_t n, int *next)
{
	int first = 1;

	sg_sb__puts(sql, "json_object(");
	for (size_t i = 0; i < n; i++) {
		if (!kv[i].key)
			continue;
		sg_sb__printf(sql, "%s?%d, ", first ? "" : ", ", *next);
		*next += 1;
		first = 0;
		if (kv[i].kind == 1) {
			sg_sb__printf(sql, "json(?%d)", *next);
			*next += 1;
		} else if (kv[i].kind == 3) {
			sg_sb__puts(sql, "json_array(");
			for (size_t k = 0; k < (size_t)kv[i].num; k++) {
				sg_sb__printf(sql, "%s?%d", k ? ", " : "",
					      *next);
				*next += 1;
			}
			sg_sb__putc(sql, ')');
		} else {
			sg_sb__printf(sql, "?%d", *next);
			*next += 1;
		}
	}
	sg_sb__putc(sql, ')');
}

static void object_bind(sqlite3_stmt *st, const sg_run_kv *kv, size_t n,
			int *next)
{
	for (size_t i = 0; i < n; i++) {
		if (!kv[i].key)
			continue;
		sqlite3_bind_text(st, *next, kv[i].key, -1, SQLITE_STATIC);
		*next += 1;
		if (kv[i].kind == 3) {
			for (size_t k = 0; k < (size_t)kv[i].num; k++)
				sg_db__bind_real(st, (*next)++, kv[i].arr[k]);
			continue;
		}
		if (kv[i].kind == 1)
			sqlite3_bind_text(st, *next,
					  kv[i].num != 0 ? "true" : "false", -1,
					  SQLITE_STATIC);
		else if (kv[i].text)
			sqlite3_bind_text(st, *next, kv[i].text, -1,
					  SQLITE_STATIC);
		else if (kv[i].kind == 2 && !isnan(kv[i].num))
			sqlite3_bind_int64(st, *next, (sqlite3_int64)kv[i].num);
		else
			sg_db__bind_real(st, *next, kv[i].num);
		*next += 1;
	}
}

static size_t present(const sg_run_kv *kv, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += kv[i].key != NULL;
	return k;
}

/* Prepare the statement made in sql (freed). */
static int prepare(sg_ctx *ctx, const char *what, sg_sb *sql, sqlite3_stmt **st)
{
	int rc;

	if (sql->oom || !sg_sb__str(sql)) {
		sg_sb__free(sql);
		return sg_error__oom(ctx, what);
	}
	rc = sg_db__prepare(ctx, what, sg_sb__str(sql), st);
	sg_sb__free(sql);
	return rc;
}

int sg_run__begin(sg_ctx *ctx, const char *what, const sg_run *run, int64_t *id)
{
	sg_sb sql = { 0 };
	sqlite3_stmt *st;
	int next = 3, rc;
	int inputs = present(run->inputs, run->ninputs) > 0;

	*id = 0;
	if (too_many(run->params, run->nparams) ||
	    too_many(run->inputs, run->ninputs))
		return sg_error__set(ctx, SG_EINVALID,
				     "%s: a run with too "
				     "many parameters",
				     what);
	sg_sb__puts(&sql, "INSERT INTO runs (command, versions, "
			  "started_at, parameters, input_checksums) VALUES "
			  "(?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ");
	object_sql(&sql, run->params, run->nparams, &next);
	sg_sb__puts(&sql, ", ");
	if (inputs)
		object_sql(&sql, run->inputs, run->ninputs, &next);
	else
		sg_sb__puts(&sql, "NULL");
	sg_sb__puts(&sql, ")");
	if ((rc = prepare(ctx, what, &sql, &st)) != SG_OK)
		return rc;
	sqlite3_bind_text(st, 1, run->command, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sg_dependency_versions(), -1,
			  SQLITE_TRANSIENT);
	next = 3;
	object_bind(st, run->params, run->nparams, &next);
	if (inputs)
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
	sg_sb sql = { 0 };
	sqlite3_stmt *st;
	int next = 2, rc;

	if (too_many(summary, n))
		return sg_error__set(ctx, SG_EINVALID,
				     "%s: a run summary "
				     "with too many members",
				     what);
	sg_sb__puts(&sql, "UPDATE runs SET finished_at = "
			  "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), summary = ");
	object_sql(&sql, summary, n, &next);
	sg_sb__puts(&sql, " WHERE id = ?1");
	if ((rc = prepare(ctx, what, &sql, &st)) != SG_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	next = 2;
	object_bind(st, summary, n, &next);
	rc = sqlite3_step(st) == SQLITE_DONE ? SG_OK : sg_db__fail(ctx, what);
	sqlite3_finalize(st);
	return rc;
}
