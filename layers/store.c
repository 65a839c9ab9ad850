/*
 * layers/store.c - opening, creating and closing the project store, and
 * the small SQLite helpers the rest of layers/ uses.
 *
 * A new store is built under a temporary name and renamed into place, so
 * `schoolgis init` either makes a whole store or nothing.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <sqlite3.h>
#include <spatialite.h>

#include "layers/layers.h"
#include "util/file.h"
#include "schoolgis/store.h"

/*---- SQLite helpers ---------------------------------------------------*/

int sg_db__need(sg_ctx *ctx)
{
	if (!ctx->db)
		return sg_error__set(ctx, SG_ENOSTORE,
				     "no project store is open");
	return SG_OK;
}

int sg_db__fail(sg_ctx *ctx, const char *what)
{
	return sg_error__set(ctx, SG_ESQLITE, "%s: SQLite: %s", what,
			     sqlite3_errmsg(ctx->db));
}

int sg_db__exec(sg_ctx *ctx, const char *what, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(ctx->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		sg_error__set(ctx, SG_ESQLITE, "%s: SQLite: %s", what,
			      err ? err : sqlite3_errmsg(ctx->db));
		sqlite3_free(err);
		return SG_ESQLITE;
	}
	return SG_OK;
}

int sg_db__prepare(sg_ctx *ctx, const char *what, const char *sql,
		   sqlite3_stmt **out)
{
	if (sqlite3_prepare_v2(ctx->db, sql, -1, out, NULL) != SQLITE_OK) {
		*out = NULL;
		return sg_db__fail(ctx, what);
	}
	return SG_OK;
}

void sg_db__bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

void sg_db__bind_real(sqlite3_stmt *st, int i, double v)
{
	if (isnan(v))
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_double(st, i, v);
}

int sg_db__put_result(sg_ctx *ctx, sqlite3_stmt *st, const char *what,
		      int64_t run, const char *subject, const char *key,
		      double num, const char *text)
{
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, run);
	sqlite3_bind_text(st, 2, subject, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, key, -1, SQLITE_STATIC);
	if (text)
		sqlite3_bind_text(st, 4, text, -1, SQLITE_TRANSIENT);
	else
		sg_db__bind_real(st, 4, num);
	return sqlite3_step(st) == SQLITE_DONE ? SG_OK : sg_db__fail(ctx, what);
}

/*
 * Start a write transaction.  Another run writing to the store holds the
 * lock for as long as it writes: wait up to a minute for it, then say
 * the store is busy (not SQLite's "database is locked").  Once the lock
 * is ours, read the schema: a run that changed it meanwhile (catchments
 * drop and recreate SpatiaLite's triggers) would otherwise make the next
 * statement fail with "no such table" (SQLite 3.40, reproduced with two
 * `catchments --method capacity` at once, issue #18).
 */
int sg_db__begin(sg_ctx *ctx)
{
	int rc;

	sqlite3_busy_timeout(ctx->db, 60000);
	rc = sqlite3_exec(ctx->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	sqlite3_busy_timeout(ctx->db, 5000);
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		return sg_error__set(ctx, SG_ESQLITE,
				     "store %s is busy: "
				     "another run is writing to it; try "
				     "again when it has finished",
				     ctx->db_path ? ctx->db_path : "");
	if (rc != SQLITE_OK)
		return sg_db__fail(ctx, "begin");
	rc = sg_db__exec(ctx, "begin", "SELECT count(*) FROM sqlite_master");
	if (rc != SG_OK)
		sqlite3_exec(ctx->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

int sg_db__commit(sg_ctx *ctx)
{
	return sg_db__exec(ctx, "commit", "COMMIT");
}

void sg_db__rollback(sg_ctx *ctx)
{
	if (ctx->db && !sqlite3_get_autocommit(ctx->db))
		sqlite3_exec(ctx->db, "ROLLBACK", NULL, NULL, NULL);
}

/*---- Files ------------------------------------------------------------*/

int sg_path__has_ext(const char *path, const char *ext)
{
	size_t n = strlen(path), m = strlen(ext);

	return n > m && strcasecmp(path + n - m, ext) == 0;
}

/*---- Bulk writes to a geometry table -----------------------------------*/

/* SpatiaLite's per-row triggers of a geometry column: constraint checks
 * (ggi/ggu), spatial index upkeep (gii/giu) and time stamps (tmi/tmu).
 * The delete trigger (gid) stays. */
static const char *const bulk_triggers[] = { "ggi", "ggu", "gii",
					     "giu", "tmi", "tmu" };
#define NBULK (sizeof(bulk_triggers) / sizeof(*bulk_triggers))

int sg_db__bulk_begin(sg_ctx *ctx, const char *table, sg_bulk *b)
{
	sqlite3_stmt *st;
	char sql[256];
	int rc;

	memset(b, 0, sizeof(*b));
	snprintf(b->table, sizeof(b->table), "%s", table);
	rc = sg_db__prepare(ctx, "bulk",
			    "SELECT sql FROM sqlite_master "
			    "WHERE type = 'trigger' AND name = ?",
			    &st);
	for (size_t i = 0; rc == SG_OK && i < NBULK; i++) {
		snprintf(sql, sizeof(sql), "%s_%s_geom", bulk_triggers[i],
			 table);
		sqlite3_bind_text(st, 1, sql, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) == SQLITE_ROW) {
			b->sql[i] = strdup(
				(const char *)sqlite3_column_text(st, 0));
			if (!b->sql[i])
				rc = sg_error__oom(ctx, "store");
		}
		sqlite3_reset(st);
		if (rc == SG_OK && b->sql[i]) {
			char drop[300];

			snprintf(drop, sizeof(drop), "DROP TRIGGER \"%s\"",
				 sql);
			rc = sg_db__exec(ctx, "bulk", drop);
		}
	}
	sqlite3_finalize(st);
	snprintf(sql, sizeof(sql),
		 "INSERT OR REPLACE INTO idx_%s_geom "
		 "(pkid, xmin, xmax, ymin, ymax) VALUES (?, ?, ?, ?, ?)",
		 table);
	if (rc == SG_OK)
		rc = sg_db__prepare(ctx, "bulk", sql, &b->index);
	return rc;
}

int sg_db__bulk_box(sg_ctx *ctx, sg_bulk *b, int64_t id, double minx,
		    double miny, double maxx, double maxy)
{
	/* R*Tree boxes are 32-bit floats: round outwards, as SpatiaLite
	 * does, so the box always holds the geometry. */
	float x0 = (float)minx, y0 = (float)miny;
	float x1 = (float)maxx, y1 = (float)maxy;

	if (x0 > minx)
		x0 = nextafterf(x0, -INFINITY);
	if (x1 < maxx)
		x1 = nextafterf(x1, INFINITY);
	if (y0 > miny)
		y0 = nextafterf(y0, -INFINITY);
	if (y1 < maxy)
		y1 = nextafterf(y1, INFINITY);
	sqlite3_bind_int64(b->index, 1, id);
	sqlite3_bind_double(b->index, 2, x0);
	sqlite3_bind_double(b->index, 3, x1);
	sqlite3_bind_double(b->index, 4, y0);
	sqlite3_bind_double(b->index, 5, y1);
	if (sqlite3_step(b->index) != SQLITE_DONE) {
		sqlite3_reset(b->index);
		return sg_db__fail(ctx, "spatial index");
	}
	sqlite3_reset(b->index);
	return SG_OK;
}

int sg_db__bulk_point(sg_ctx *ctx, sg_bulk *b, int64_t id, double x, double y)
{
	return sg_db__bulk_box(ctx, b, id, x, y, x, y);
}

int sg_db__bulk_end(sg_ctx *ctx, sg_bulk *b, int ok)
{
	char sql[256];
	int rc = SG_OK;

	sqlite3_finalize(b->index);
	b->index = NULL;
	for (size_t i = 0; i < NBULK; i++) {
		if (ok && rc == SG_OK && b->sql[i])
			rc = sg_db__exec(ctx, "bulk", b->sql[i]);
		free(b->sql[i]);
		b->sql[i] = NULL;
	}
	if (ok && rc == SG_OK) {
		snprintf(sql, sizeof(sql),
			 "UPDATE geometry_columns_time SET last_insert = "
			 "strftime('%%Y-%%m-%%dT%%H:%%M:%%fZ', 'now'), "
			 "last_update = strftime('%%Y-%%m-%%dT%%H:%%M:%%fZ', "
			 "'now') WHERE f_table_name = '%s' AND "
			 "f_geometry_column = 'geom'",
			 b->table);
		rc = sg_db__exec(ctx, "bulk", sql);
	}
	return rc;
}

/*---- Open and close ---------------------------------------------------*/

const char *sg_store_resolve_path(const char *given)
{
	const char *env;

	if (given && *given)
		return given;
	env = getenv("SCHOOLGIS_DB");
	if (env && *env)
		return env;
	return SG_STORE_DEFAULT_PATH;
}

const char *sg_store_path(const sg_ctx *ctx)
{
	return ctx->db ? ctx->db_path : NULL;
}

void sg_store_close(sg_ctx *ctx)
{
	if (!ctx->db)
		return;
	sg_db__rollback(ctx);
	sqlite3_close_v2(ctx->db);
	spatialite_cleanup_ex(ctx->spl_cache);
	free(ctx->db_path);
	ctx->db = NULL;
	ctx->spl_cache = NULL;
	ctx->db_path = NULL;
}

/* Open a SQLite connection with SpatiaLite on the context. */
static int connect(sg_ctx *ctx, const char *path, int flags)
{
	int rc;

	ctx->db_path = strdup(path);
	if (!ctx->db_path)
		return sg_error__oom(ctx, "store");
	/* One connection per context, one context per thread: SQLite's
	 * per-call mutexes are not needed. */
	rc = sqlite3_open_v2(path, &ctx->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		sg_error__set(ctx, SG_ESQLITE, "store: %s: SQLite: %s", path,
			      ctx->db ? sqlite3_errmsg(ctx->db)
				      : sqlite3_errstr(rc));
		sqlite3_close_v2(ctx->db);
		ctx->db = NULL;
		free(ctx->db_path);
		ctx->db_path = NULL;
		return SG_ESQLITE;
	}
	sqlite3_busy_timeout(ctx->db, 5000);
	sqlite3_extended_result_codes(ctx->db, 1);
	ctx->spl_cache = spatialite_alloc_connection();
	spatialite_init_ex(ctx->db, ctx->spl_cache, 0);
	return sg_db__exec(ctx, "store",
			   "PRAGMA foreign_keys = ON; "
			   "PRAGMA journal_mode = WAL; "
			   "PRAGMA synchronous = NORMAL; "
			   /* SpatiaLite's triggers make every insert keep a
			    * statement journal: in memory, not a temp file. */
			   "PRAGMA temp_store = MEMORY; "
			   "PRAGMA cache_size = -65536; "
			   /* Reads through a memory map: no copy of each
			    * page into SQLite's cache (a large part of
			    * loading a level's schools was that copy and
			    * the cache's allocations). */
			   "PRAGMA mmap_size = 1073741824");
}

int sg_store_open(sg_ctx *ctx, const char *path)
{
	int rc;

	sg_error__clear(ctx);
	sg_store_close(ctx);
	if (access(path, F_OK) != 0)
		return sg_error__set(ctx, SG_ENOTFOUND,
				     "store: %s: no such file (create it "
				     "with 'schoolgis init')",
				     path);
	rc = connect(ctx, path, SQLITE_OPEN_READWRITE);
	if (rc != SG_OK && ctx->db && sqlite3_errcode(ctx->db) == SQLITE_NOTADB)
		rc = sg_error__set(ctx, SG_EINVALID,
				   "store: %s: not a "
				   "schoolgis store (not a SQLite database)",
				   path);
	if (rc == SG_OK)
		rc = sg_schema__check(ctx);
	if (rc == SG_OK)
		rc = sg_validate__repair_codes(ctx);
	if (rc != SG_OK) {
		/* Keep the message: closing does not touch it. */
		sg_store_close(ctx);
	}
	return rc;
}

int sg_store_create(sg_ctx *ctx, const char *path, bool overwrite)
{
	sg_outset set;
	const char *tmp;
	int rc;

	sg_error__clear(ctx);
	sg_store_close(ctx);
	if (!overwrite && access(path, F_OK) == 0)
		return sg_error__set(ctx, SG_EEXISTS, "init: %s already exists",
				     path);
	/* Built at a temporary sibling (util/file.h), renamed into place. */
	if ((rc = sg_outset__begin(ctx, &set, path, NULL)) != SG_OK)
		return rc;
	if (!(tmp = sg_outset__add(ctx, &set, path))) {
		sg_outset__free(&set);
		return SG_ENOMEM;
	}
	rc = connect(ctx, tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	if (rc == SG_OK)
		rc = sg_db__begin(ctx);
	if (rc == SG_OK)
		rc = sg_schema__create(ctx);
	if (rc == SG_OK)
		rc = sg_db__commit(ctx);
	/* Leave WAL mode's side files behind before renaming. */
	if (rc == SG_OK)
		rc = sg_db__exec(ctx, "init", "PRAGMA journal_mode = DELETE");
	sg_store_close(ctx);
	if (rc == SG_OK)
		rc = sg_outset__commit(ctx, &set, "init");
	sg_outset__free(&set);
	if (rc == SG_OK)
		rc = sg_store_open(ctx, path);
	return rc;
}

int sg_store_count(sg_ctx *ctx, const char *table, int64_t *out)
{
	sqlite3_stmt *st;
	char sql[96];
	int rc;

	*out = 0;
	if ((rc = sg_db__need(ctx)) != SG_OK)
		return rc;
	if (!sg_schema__is_table(table))
		return sg_error__set(ctx, SG_EINVALID,
				     "count: unknown table '%s'", table);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
	if ((rc = sg_db__prepare(ctx, "count", sql, &st)) != SG_OK)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return SG_OK;
}
