/*
 * tiles/mbtiles_out.c - MBTiles 1.3 output: one SQLite file with the
 * tiles in TMS row order and the metadata table.
 *
 * Identical tiles (the same PNG bytes, common for flat areas at high
 * zoom) are stored once: the deduplicating schema of mbutil and
 * tippecanoe, `images(tile_data, tile_id)` + `map(zoom_level,
 * tile_column, tile_row, tile_id)` joined by the view `tiles` the
 * specification requires.  tile_id is a 128-bit hash of the PNG bytes.
 *
 * The file is written by one thread in large transactions with no
 * journal (it is a new, temporary file: a crash just leaves the
 * temporary file behind, never a broken output), then renamed into
 * place.  This file touches SQLite for the output file only; the project
 * store is read through layers/.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "tiles/sink.h"
#include "tiles/tile_math.h"

#define BATCH 8192   /* tiles per transaction */

typedef struct {
	sg_tile_sink base;
	sqlite3 *db;
	sqlite3_stmt *img, *map, *meta;
	char path[4096], tmp[4200];
	size_t in_batch;
} mbtiles;

static int fail(mbtiles *m, const char *what)
{
	return sg_error__set(m->base.ctx, SG_ESQLITE, "tiles: %s: %s: "
			     "SQLite: %s", m->path, what,
			     m->db ? sqlite3_errmsg(m->db) : "cannot open");
}

static int exec(mbtiles *m, const char *sql)
{
	if (sqlite3_exec(m->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return fail(m, "write");
	return SG_OK;
}

void sg_tile__hash_hex(const void *data, size_t len, char out[33])
{
	const unsigned char *p = data;
	uint64_t h1 = 0x9E3779B97F4A7C15ull ^ len, h2 = 0xC2B2AE3D27D4EB4Full;
	size_t i = 0;

	/* Two independent 64-bit lanes over 8-byte words (murmur-like
	 * multiply-rotate), then a splitmix finaliser on each. */
	for (; i + 8 <= len; i += 8) {
		uint64_t w;

		memcpy(&w, p + i, 8);
		h1 ^= w * 0x87C37B91114253D5ull;
		h1 = (h1 << 31 | h1 >> 33) * 0x4CF5AD432745937Full;
		h2 += w ^ (w >> 29);
		h2 = (h2 << 27 | h2 >> 37) * 0x9E3779B97F4A7C15ull + h1;
	}
	for (; i < len; i++) {
		h1 = (h1 ^ p[i]) * 0x100000001B3ull;
		h2 = (h2 + p[i]) * 0xFF51AFD7ED558CCDull;
	}
	for (int k = 0; k < 2; k++) {
		uint64_t *h = k ? &h2 : &h1;

		*h ^= *h >> 30;
		*h *= 0xBF58476D1CE4E5B9ull;
		*h ^= *h >> 27;
		*h *= 0x94D049BB133111EBull;
		*h ^= *h >> 31;
	}
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)h1,
		 (unsigned long long)h2);
}

static int mb_put(sg_tile_sink *s, int z, uint32_t x, uint32_t y,
		  const void *png, size_t len)
{
	mbtiles *m = (mbtiles *)s;
	char id[33];
	int rc;

	sg_tile__hash_hex(png, len, id);
	sqlite3_reset(m->img);
	sqlite3_bind_blob(m->img, 1, png, (int)len, SQLITE_STATIC);
	sqlite3_bind_text(m->img, 2, id, 32, SQLITE_STATIC);
	if (sqlite3_step(m->img) != SQLITE_DONE)
		return fail(m, "write");
	s->unique += (uint64_t)sqlite3_changes(m->db);
	sqlite3_reset(m->map);
	sqlite3_bind_int(m->map, 1, z);
	sqlite3_bind_int64(m->map, 2, x);
	sqlite3_bind_int64(m->map, 3, sg_tile__tms_row(z, y));
	sqlite3_bind_text(m->map, 4, id, 32, SQLITE_STATIC);
	if (sqlite3_step(m->map) != SQLITE_DONE)
		return fail(m, "write");
	if (++m->in_batch >= BATCH) {
		m->in_batch = 0;
		if ((rc = exec(m, "COMMIT; BEGIN")) != SG_OK)
			return rc;
	}
	return SG_OK;
}

static int mb_meta(sg_tile_sink *s, const char *key, const char *value)
{
	mbtiles *m = (mbtiles *)s;

	sqlite3_reset(m->meta);
	sqlite3_bind_text(m->meta, 1, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(m->meta, 2, value, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(m->meta) != SQLITE_DONE)
		return fail(m, "metadata");
	return SG_OK;
}

static const char *mb_dir(const sg_tile_sink *s)
{
	(void)s;
	return NULL;
}

static int mb_finish(sg_tile_sink *s, int commit)
{
	mbtiles *m = (mbtiles *)s;
	int rc = SG_OK;

	sqlite3_finalize(m->img);
	sqlite3_finalize(m->map);
	sqlite3_finalize(m->meta);
	if (commit)
		rc = exec(m, "COMMIT");
	if (sqlite3_close(m->db) != SQLITE_OK && rc == SG_OK && commit)
		rc = sg_error__set(s->ctx, SG_ESQLITE, "tiles: %s: cannot "
				   "close", m->tmp);
	if (commit && rc == SG_OK && rename(m->tmp, m->path) != 0)
		rc = sg_error__set(s->ctx, SG_EIO, "tiles: cannot rename %s "
				   "to %s: %s", m->tmp, m->path,
				   strerror(errno));
	if (!commit || rc != SG_OK)
		unlink(m->tmp);
	free(m);
	return rc;
}

int sg_mbtiles__open(sg_ctx *ctx, const char *path, bool overwrite,
		     sg_tile_sink **out)
{
	mbtiles *m;
	int rc;

	*out = NULL;
	if (!overwrite && access(path, F_OK) == 0)
		return sg_error__set(ctx, SG_EEXISTS, "tiles: %s exists (use "
				     "--force to replace it)", path);
	m = calloc(1, sizeof(*m));
	if (!m)
		return sg_error__set(ctx, SG_ENOMEM, "tiles: out of memory");
	m->base.ctx = ctx;
	m->base.put = mb_put;
	m->base.put_mt = NULL;   /* SQLite: one writer */
	m->base.meta = mb_meta;
	m->base.finish = mb_finish;
	m->base.dir = mb_dir;
	snprintf(m->path, sizeof(m->path), "%s", path);
	snprintf(m->tmp, sizeof(m->tmp), "%s.tmp-%ld", path, (long)getpid());
	unlink(m->tmp);
	if (sqlite3_open_v2(m->tmp, &m->db, SQLITE_OPEN_READWRITE |
			    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		rc = fail(m, "create");
		goto fail;
	}
	rc = exec(m,
		  "PRAGMA journal_mode = OFF;"
		  "PRAGMA synchronous = OFF;"
		  "PRAGMA locking_mode = EXCLUSIVE;"
		  "PRAGMA page_size = 4096;"
		  "CREATE TABLE metadata (name TEXT, value TEXT);"
		  "CREATE UNIQUE INDEX name ON metadata (name);"
		  "CREATE TABLE map (zoom_level INTEGER, tile_column INTEGER,"
		  " tile_row INTEGER, tile_id TEXT);"
		  "CREATE UNIQUE INDEX map_index ON map (zoom_level, "
		  "tile_column, tile_row);"
		  "CREATE TABLE images (tile_data BLOB, tile_id TEXT);"
		  "CREATE UNIQUE INDEX images_id ON images (tile_id);"
		  "CREATE VIEW tiles AS SELECT map.zoom_level AS zoom_level, "
		  "map.tile_column AS tile_column, map.tile_row AS tile_row, "
		  "images.tile_data AS tile_data FROM map JOIN images ON "
		  "images.tile_id = map.tile_id;"
		  "BEGIN");
	if (rc != SG_OK)
		goto fail;
	if (sqlite3_prepare_v2(m->db, "INSERT OR IGNORE INTO images "
			       "(tile_data, tile_id) VALUES (?1, ?2)", -1,
			       &m->img, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(m->db, "INSERT OR REPLACE INTO map "
			       "(zoom_level, tile_column, tile_row, tile_id) "
			       "VALUES (?1, ?2, ?3, ?4)", -1, &m->map,
			       NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(m->db, "INSERT OR REPLACE INTO metadata "
			       "(name, value) VALUES (?1, ?2)", -1, &m->meta,
			       NULL) != SQLITE_OK) {
		rc = fail(m, "prepare");
		goto fail;
	}
	*out = &m->base;
	return SG_OK;
fail:
	sqlite3_finalize(m->img);
	sqlite3_finalize(m->map);
	sqlite3_finalize(m->meta);
	sqlite3_close(m->db);
	unlink(m->tmp);
	free(m);
	return rc;
}
