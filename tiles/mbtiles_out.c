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
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "tiles/sink.h"
#include "tiles/tile_math.h"
#include "tiles/viewer.h"

#define BATCH 8192 /* tiles per transaction */

typedef struct {
	sg_tile_sink base;
	sqlite3 *db;
	sqlite3_stmt *img, *map, *meta;
	char path[4096];
	const char *tmp; /* owned by the sg_outset that renames it */
	size_t in_batch;
} mbtiles;

static int fail(mbtiles *m, const char *what)
{
	return sg_error__set(m->base.ctx, SG_ESQLITE,
			     "tiles: %s: %s: "
			     "SQLite: %s",
			     m->path, what,
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
		rc = sg_error__set(s->ctx, SG_ESQLITE,
				   "tiles: %s: cannot "
				   "close",
				   m->tmp);
	/* The set renames it (sg_outset__commit) or removes it. */
	free(m);
	return rc;
}

int sg_mbtiles__open(sg_ctx *ctx, const char *path, bool overwrite,
		     sg_outset *set, sg_tile_sink **out)
{
	const char *stmp = NULL;
	mbtiles *m;
	int rc;

	*out = NULL;
	if (!overwrite && access(path, F_OK) == 0)
		return sg_error__set(ctx, SG_EEXISTS, "tiles: %s exists", path);
	if (!(stmp = sg_outset__add(ctx, set, path)))
		return SG_ENOMEM;
	m = calloc(1, sizeof(*m));
	if (!m)
		return sg_error__oom(ctx, "tiles");
	m->base.ctx = ctx;
	m->base.put = mb_put;
	m->base.put_mt = NULL; /* SQLite: one writer */
	m->base.meta = mb_meta;
	m->base.finish = mb_finish;
	m->base.dir = mb_dir;
	snprintf(m->path, sizeof(m->path), "%s", path);
	m->tmp = stmp;
	if (sqlite3_open_v2(m->tmp, &m->db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				    SQLITE_OPEN_NOMUTEX,
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
	if (sqlite3_prepare_v2(m->db,
			       "INSERT OR IGNORE INTO images "
			       "(tile_data, tile_id) VALUES (?1, ?2)",
			       -1, &m->img, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(m->db,
			       "INSERT OR REPLACE INTO map "
			       "(zoom_level, tile_column, tile_row, tile_id) "
			       "VALUES (?1, ?2, ?3, ?4)",
			       -1, &m->map, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(m->db,
			       "INSERT OR REPLACE INTO metadata "
			       "(name, value) VALUES (?1, ?2)",
			       -1, &m->meta, NULL) != SQLITE_OK) {
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

/*---- Merging MBTiles files (sg_tiles_merge) -----------------------------*/

/* The metadata of an input as "name=value" records, each ended by RS
 * (values, JSON ones included, hold no control character), sorted by
 * name. */
#define RS '\x1e'

static int merge_meta(sg_ctx *ctx, sqlite3 *db, const char *path, sg_sb *b)
{
	sqlite3_stmt *st = NULL;
	int step;

	if (sqlite3_prepare_v2(db,
			       "SELECT name, value FROM metadata ORDER "
			       "BY name",
			       -1, &st, NULL) != SQLITE_OK)
		return sg_error__set(ctx, SG_EINVALID,
				     "tiles-merge: %s: not "
				     "an MBTiles file (%s)",
				     path, sqlite3_errmsg(db));
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		sg_sb__printf(b, "%s=%s\x1e",
			      sqlite3_column_text(st, 0)
				      ? (const char *)sqlite3_column_text(st, 0)
				      : "",
			      sqlite3_column_text(st, 1)
				      ? (const char *)sqlite3_column_text(st, 1)
				      : "");
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return sg_error__set(ctx, SG_ESQLITE,
				     "tiles-merge: %s: "
				     "SQLite: %s",
				     path, sqlite3_errmsg(db));
	if (b->oom)
		return sg_error__set(ctx, SG_ENOMEM, "tiles: out of memory");
	return SG_OK;
}

/* A value of "name=value" records, or NULL; *len gets its length. */
static const char *meta_value(const char *lines, const char *name, size_t *len)
{
	size_t n = strlen(name);

	for (const char *p = lines; p && *p;) {
		const char *e = strchr(p, RS);

		if (!e)
			break;
		if (!strncmp(p, name, n) && p[n] == '=') {
			*len = (size_t)(e - p - (ptrdiff_t)n - 1);
			return p + n + 1;
		}
		p = e + 1;
	}
	return NULL;
}

/* Name the first metadata line that differs between a and b. */
static int meta_mismatch(sg_ctx *ctx, const char *a, const char *pa,
			 const char *b, const char *pb)
{
	const char *la = a, *lb = b;

	while (*la && *lb) {
		const char *ea = strchr(la, RS), *eb = strchr(lb, RS);

		if (!ea || !eb || ea - la != eb - lb ||
		    memcmp(la, lb, (size_t)(ea - la)))
			break;
		la = ea + 1;
		lb = eb + 1;
	}
	{
		const char *q = *la ? la : lb, *eq = strchr(q, '=');
		int kn = eq ? (int)(eq - q) : 0;
		const char *va = *la ? la + kn + 1 : "(missing)";
		const char *vb = *lb ? lb + kn + 1 : "(missing)";
		int na = (int)strcspn(va, "\x1e"),
		    nb = (int)strcspn(vb, "\x1e");

		return sg_error__set(ctx, SG_EINVALID,
				     "tiles-merge: %s and %s"
				     " are not parts of one pyramid: metadata "
				     "'%.*s' differs ('%.*s%s' and '%.*s%s')",
				     pa, pb, kn, q, na > 40 ? 40 : na, va,
				     na > 40 ? "..." : "", nb > 40 ? 40 : nb,
				     vb, nb > 40 ? "..." : "");
	}
}

/* The files beside the merged output: legend and TileJSON. */
static int merge_beside(sg_ctx *ctx, sg_outset *set, const char *out,
			const char *meta)
{
	sg_pyramid_info pi;
	char name[512] = "", desc[1024] = "", attr[512] = "", url[4400];
	char file[4400], *legend, *tj;
	const char *v;
	size_t len, n = strlen(out);
	int rc;

	v = meta_value(meta, "json", &len);
	/* {"legend": L} as sg_tiles_write writes it. */
	if (!v || len < 12 || strncmp(v, "{\"legend\": ", 11) ||
	    v[len - 1] != '}')
		return SG_OK;
	legend = malloc(len);
	if (!legend)
		return sg_error__set(ctx, SG_ENOMEM, "tiles: out of memory");
	memcpy(legend, v + 11, len - 12);
	legend[len - 12] = '\0';
	memset(&pi, 0, sizeof(pi));
	if ((v = meta_value(meta, "name", &len)))
		snprintf(name, sizeof(name), "%.*s", (int)len, v);
	if ((v = meta_value(meta, "description", &len)))
		snprintf(desc, sizeof(desc), "%.*s", (int)len, v);
	if ((v = meta_value(meta, "attribution", &len)))
		snprintf(attr, sizeof(attr), "%.*s", (int)len, v);
	if ((v = meta_value(meta, "minzoom", &len)))
		pi.minzoom = atoi(v);
	if ((v = meta_value(meta, "maxzoom", &len)))
		pi.maxzoom = atoi(v);
	pi.scale = (v = meta_value(meta, "tilesize", &len)) && atoi(v) == 512
			   ? 2
			   : 1;
	if ((v = meta_value(meta, "bounds", &len)))
		sscanf(v, "%lf,%lf,%lf,%lf", &pi.bounds[0], &pi.bounds[1],
		       &pi.bounds[2], &pi.bounds[3]);
	/* Relative to the TileJSON beside it: the file's name. */
	snprintf(url, sizeof(url), "%s",
		 strrchr(out, '/') ? strrchr(out, '/') + 1 : out);
	pi.name = name;
	pi.description = desc;
	pi.attribution = attr;
	pi.tile_url = url;
	pi.legend_json = legend;
	if (n > 8 && !strcasecmp(out + n - 8, ".mbtiles"))
		n -= 8;
	snprintf(file, sizeof(file), "%.*s.legend.json", (int)n, out);
	rc = sg_outset__write(ctx, set, file, legend, strlen(legend),
			      "tiles-merge");
	tj = sg_tiles__tilejson(&pi);
	if (rc == SG_OK && !tj)
		rc = sg_error__set(ctx, SG_ENOMEM, "tiles: out of memory");
	snprintf(file, sizeof(file), "%.*s.tilejson", (int)n, out);
	if (rc == SG_OK)
		rc = sg_outset__write(ctx, set, file, tj, strlen(tj),
				      "tiles-merge");
	free(tj);
	free(legend);
	return rc;
}

/* The tiles of one input into m: new ones added, identical ones kept
 * once, different ones refused. */
static int merge_tiles(mbtiles *m, sqlite3 *in, const char *path,
		       sqlite3_stmt *find, sqlite3_stmt *image,
		       sg_tiles_summary *sum)
{
	sg_ctx *ctx = m->base.ctx;
	sqlite3_stmt *rd = NULL;
	int step, rc = SG_OK;

	if (sqlite3_prepare_v2(in,
			       "SELECT zoom_level, tile_column, tile_row,"
			       " tile_data FROM tiles",
			       -1, &rd, NULL) != SQLITE_OK)
		return sg_error__set(ctx, SG_EINVALID,
				     "tiles-merge: %s: not "
				     "an MBTiles file (%s)",
				     path, sqlite3_errmsg(in));
	while (rc == SG_OK && (step = sqlite3_step(rd)) == SQLITE_ROW) {
		int z = sqlite3_column_int(rd, 0);
		sqlite3_int64 x = sqlite3_column_int64(rd, 1);
		sqlite3_int64 row = sqlite3_column_int64(rd, 2);
		const void *png = sqlite3_column_blob(rd, 3);
		int len = sqlite3_column_bytes(rd, 3);
		char id[33];

		sum->tiles++;
		sg_tile__hash_hex(png, (size_t)len, id);
		sqlite3_reset(find);
		sqlite3_bind_int(find, 1, z);
		sqlite3_bind_int64(find, 2, x);
		sqlite3_bind_int64(find, 3, row);
		step = sqlite3_step(find);
		if (step == SQLITE_ROW) {
			const char *old = (const char *)
				sqlite3_column_text(find, 0);

			if (!old || strcmp(old, id))
				rc = sg_error__set(ctx, SG_EINVALID,
						   "tiles-merge: %s: tile "
						   "%d/%lld/%lld differs from "
						   "the same tile of an earlier"
						   " input",
						   path, z, (long long)x,
						   (long long)((1ll << z) - 1 -
							       row));
			continue;
		}
		if (step != SQLITE_DONE) {
			rc = fail(m, "read");
			break;
		}
		/* A stored image of this id must have these bytes. */
		sqlite3_reset(image);
		sqlite3_bind_text(image, 1, id, 32, SQLITE_STATIC);
		step = sqlite3_step(image);
		if (step == SQLITE_ROW &&
		    (sqlite3_column_bytes(image, 0) != len ||
		     memcmp(sqlite3_column_blob(image, 0), png, (size_t)len))) {
			rc = sg_error__set(ctx, SG_EINVALID,
					   "tiles-merge: %s:"
					   " tile %d/%lld/%lld: two different "
					   "images with one hash",
					   path, z, (long long)x,
					   (long long)((1ll << z) - 1 - row));
			break;
		}
		sqlite3_reset(image);
		sqlite3_reset(m->img);
		sqlite3_bind_blob(m->img, 1, png, len, SQLITE_STATIC);
		sqlite3_bind_text(m->img, 2, id, 32, SQLITE_STATIC);
		sqlite3_reset(m->map);
		sqlite3_bind_int(m->map, 1, z);
		sqlite3_bind_int64(m->map, 2, x);
		sqlite3_bind_int64(m->map, 3, row);
		sqlite3_bind_text(m->map, 4, id, 32, SQLITE_STATIC);
		if (sqlite3_step(m->img) != SQLITE_DONE) {
			rc = fail(m, "write");
			break;
		}
		m->base.unique += (uint64_t)sqlite3_changes(m->db);
		if (sqlite3_step(m->map) != SQLITE_DONE) {
			rc = fail(m, "write");
			break;
		}
		sum->written++;
		sum->bytes += (uint64_t)len;
	}
	if (rc == SG_OK && step != SQLITE_DONE)
		rc = sg_error__set(ctx, SG_ESQLITE,
				   "tiles-merge: %s: SQLite: "
				   "%s",
				   path, sqlite3_errmsg(in));
	sqlite3_reset(find);
	sqlite3_reset(image);
	sqlite3_finalize(rd);
	return rc;
}

int sg_tiles_merge(sg_ctx *ctx, const char *out, const char *const *inputs,
		   size_t n, bool overwrite, sg_tiles_summary *summary)
{
	sg_tiles_summary sum;
	sg_tile_sink *sink = NULL;
	sg_outset set;
	sg_sb ref = { 0 };
	sqlite3_stmt *find = NULL, *image = NULL;
	struct timespec t0, t1;
	mbtiles *m;
	int rc = SG_OK;

	sg_error__clear(ctx);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(&sum, 0, sizeof(sum));
	sum.version = SG_TILES_SUMMARY_VERSION;
	if (summary) {
		memset(summary, 0, sizeof(*summary));
		summary->version = SG_TILES_SUMMARY_VERSION;
	}
	if (!out || !inputs || n == 0)
		return sg_error__set(ctx, SG_EINVALID,
				     "tiles-merge: give an "
				     "output and at least one input");
	for (size_t i = 0; i < n; i++)
		if (access(inputs[i], R_OK) != 0)
			return sg_error__set(ctx, SG_ENOTFOUND,
					     "tiles-merge: "
					     "%s: %s",
					     inputs[i], strerror(errno));
	/* The .mbtiles, .legend.json and .tilejson: one set. */
	rc = sg_outset__begin(ctx, &set, out, ".mbtiles");
	if (rc == SG_OK)
		rc = sg_mbtiles__open(ctx, out, overwrite, &set, &sink);
	if (rc != SG_OK) {
		sg_outset__free(&set);
		return rc;
	}
	m = (mbtiles *)sink;
	if (sqlite3_prepare_v2(m->db,
			       "SELECT tile_id FROM map WHERE "
			       "zoom_level = ?1 AND tile_column = ?2 AND "
			       "tile_row = ?3",
			       -1, &find, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(m->db,
			       "SELECT tile_data FROM images WHERE "
			       "tile_id = ?1",
			       -1, &image, NULL) != SQLITE_OK)
		rc = fail(m, "prepare");
	for (size_t i = 0; rc == SG_OK && i < n; i++) {
		sqlite3 *in = NULL;
		sg_sb meta = { 0 };

		if (sqlite3_open_v2(inputs[i], &in, SQLITE_OPEN_READONLY,
				    NULL) != SQLITE_OK) {
			rc = sg_error__set(ctx, SG_ESQLITE,
					   "tiles-merge: %s: "
					   "cannot open: %s",
					   inputs[i],
					   in ? sqlite3_errmsg(in)
					      : "no "
						"memory");
		} else {
			rc = merge_meta(ctx, in, inputs[i],
					i == 0 ? &ref : &meta);
			if (rc == SG_OK && i == 0 && !ref.s)
				rc = sg_error__set(ctx, SG_EINVALID,
						   "tiles-merge: %s: no "
						   "metadata",
						   inputs[i]);
			if (rc == SG_OK && i > 0 &&
			    strcmp(ref.s, meta.s ? meta.s : ""))
				rc = meta_mismatch(ctx, ref.s, inputs[0],
						   meta.s ? meta.s : "",
						   inputs[i]);
			if (rc == SG_OK)
				rc = merge_tiles(m, in, inputs[i], find, image,
						 &sum);
		}
		free(meta.s);
		sqlite3_close(in);
	}
	/* The metadata, as every input has it. */
	for (const char *p = ref.s; rc == SG_OK && p && *p;) {
		const char *eq = strchr(p, '='), *e = strchr(p, RS);
		char *key, *val;

		if (!eq || !e || eq > e)
			break;
		key = strndup(p, (size_t)(eq - p));
		val = strndup(eq + 1, (size_t)(e - eq - 1));
		rc = key && val ? mb_meta(sink, key, val)
				: sg_error__set(ctx, SG_ENOMEM,
						"tiles: out of memory");
		free(key);
		free(val);
		p = e + 1;
	}
	sqlite3_finalize(find);
	sqlite3_finalize(image);
	sum.unique = sink->unique;
	{
		int frc = sink->finish(sink, rc == SG_OK);

		if (rc == SG_OK)
			rc = frc;
	}
	if (rc == SG_OK)
		rc = merge_beside(ctx, &set, out, ref.s);
	if (rc == SG_OK)
		rc = sg_outset__commit(ctx, &set, "tiles-merge");
	sg_outset__free(&set);
	if (ref.s) {
		const char *v;
		size_t len;

		if ((v = meta_value(ref.s, "minzoom", &len)))
			sum.minzoom = atoi(v);
		if ((v = meta_value(ref.s, "maxzoom", &len)))
			sum.maxzoom = atoi(v);
		if ((v = meta_value(ref.s, "bounds", &len)))
			sscanf(v, "%lf,%lf,%lf,%lf", &sum.bounds[0],
			       &sum.bounds[1], &sum.bounds[2], &sum.bounds[3]);
	}
	free(ref.s);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	sum.seconds = (double)(t1.tv_sec - t0.tv_sec) +
		      (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
	if (summary)
		*summary = sum;
	return rc;
}
