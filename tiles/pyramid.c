/*
 * tiles/pyramid.c - `schoolgis tiles`: every tile of the study area's
 * box from minzoom to maxzoom, rendered by a pool of threads and written
 * by one.
 *
 * Per zoom level the calling thread (the only one using GEOS and the
 * context) buffers the layers' outlines for that resolution; then N
 * worker threads take tile numbers from a shared counter, each drawing
 * with its own raster and PNG encoder, and hand the encoded tiles to the
 * calling thread through a bounded queue.  The calling thread writes
 * them to the sink in whatever order they come (MBTiles in large
 * transactions) and reports progress, which may cancel the run.  Tiles
 * where nothing was drawn are counted and skipped.
 *
 * A shard (opts->shard_count > 1) renders only its runs of each zoom's
 * tiles: the tiles numbered row by row, cut into runs of `run`
 * consecutive tiles, run r belonging to shard r mod shard_count
 * (shard_tiles).  The workers number the shard's own tiles 0..n-1 and
 * map them back to the zoom's numbering (shard_tile).
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "report/strings.h"
#include "tiles/map_int.h"
#include "tiles/png_out.h"
#include "tiles/sink.h"
#include "tiles/tile_math.h"
#include "tiles/viewer.h"

typedef struct {
	uint32_t x, y;
	uint8_t *png; /* for the writer thread, or NULL */
	size_t len;   /* bytes of the tile; 0: empty tile */
	int kind;     /* SG_PNG_* */
} result;

typedef struct {
	const sg_map *map;
	const sg_map_prep *prep;
	int z;
	unsigned size;
	int quantize;
	sg_tile_sink *sink; /* put_mt: the render threads write */
	uint32_t x0, y0, nx, ny;
	uint64_t n;   /* tiles of this shard at this zoom */
	uint64_t run; /* tiles per run (shards) */
	unsigned shard, nshards;
	pthread_mutex_t mu;
	pthread_cond_t cv_put, cv_get;
	uint64_t next;
	result *q;
	size_t cap, head, len;
	int stop, failed, code;
	char msg[256];
} job;

static void job_fail(job *j, int code, const char *msg)
{
	pthread_mutex_lock(&j->mu);
	if (!j->failed) {
		snprintf(j->msg, sizeof(j->msg), "%s", msg);
		j->code = code;
	}
	j->failed = 1;
	j->stop = 1;
	pthread_cond_broadcast(&j->cv_get);
	pthread_cond_broadcast(&j->cv_put);
	pthread_mutex_unlock(&j->mu);
}

/*
 * The tiles of shard i of k among a zoom's `all` tiles; *run gets the
 * run length: all / (8 k) rounded up, at most 256, so that at small
 * zooms every shard still gets about 8 runs.
 */
static uint64_t shard_tiles(uint64_t all, unsigned i, unsigned k, uint64_t *run)
{
	uint64_t r, runs, mine, n;

	if (k <= 1) {
		*run = all ? all : 1;
		return all;
	}
	r = (all + 8ull * k - 1) / (8ull * k);
	if (r > 256)
		r = 256;
	if (r < 1)
		r = 1;
	*run = r;
	runs = (all + r - 1) / r;
	if (runs <= i)
		return 0;
	mine = (runs - 1 - i) / k + 1;
	n = mine * r;
	if ((runs - 1) % k == i) /* the last, maybe short, run is ours */
		n -= runs * r - all;
	return n;
}

/* The zoom's number of the shard's tile m (shard_tiles). */
static uint64_t shard_tile(uint64_t m, uint64_t run, unsigned i, unsigned k)
{
	if (k <= 1)
		return m;
	return ((m / run) * k + i) * run + m % run;
}

static void *worker(void *arg)
{
	job *j = arg;
	sg_map_worker w;
	sg_png_enc *enc = sg_png__new();
	uint8_t *px = malloc((size_t)j->size * j->size * 4);
	char msg[256];

	if (!enc || !px ||
	    sg_map__worker_init(&w, j->map, j->prep, j->size, j->size)) {
		if (enc && px)
			sg_map__worker_free(&w);
		sg_png__free(enc);
		free(px);
		job_fail(j, SG_ENOMEM, "tiles: out of memory");
		return NULL;
	}
	for (;;) {
		result r = { 0, 0, NULL, 0, 0 };
		uint64_t idx;
		double b[4];
		int drawn;

		pthread_mutex_lock(&j->mu);
		if (j->stop || j->next >= j->n) {
			pthread_mutex_unlock(&j->mu);
			break;
		}
		idx = j->next++;
		pthread_mutex_unlock(&j->mu);
		idx = shard_tile(idx, j->run, j->shard, j->nshards);
		r.x = j->x0 + (uint32_t)(idx % j->nx);
		r.y = j->y0 + (uint32_t)(idx / j->nx);
		sg_tile__bounds(j->z, r.x, r.y, b);
		drawn = sg_map__draw(j->map, j->prep, &w, b);
		if (drawn < 0) {
			job_fail(j, SG_ENOMEM, "tiles: out of memory");
			break;
		}
		if (drawn > 0 &&
		    sg_raster__to_rgba8(w.r, px, (size_t)j->size * 4) > 0) {
			const void *png;

			if (sg_png__encode(enc, px, j->size, j->size,
					   j->quantize, &png, &r.len, &r.kind,
					   msg, sizeof(msg))) {
				job_fail(j,
					 strstr(msg, "memory") ? SG_ENOMEM
							       : SG_EPNG,
					 msg);
				break;
			}
			if (j->sink->put_mt) {
				/* Files: written here, in parallel. */
				if (j->sink->put_mt(j->sink, j->z, r.x, r.y,
						    png, r.len, msg,
						    sizeof(msg))) {
					job_fail(j, SG_EIO, msg);
					break;
				}
			} else {
				r.png = malloc(r.len);
				if (!r.png) {
					job_fail(j, SG_ENOMEM,
						 "tiles: out of memory");
					break;
				}
				memcpy(r.png, png, r.len);
			}
		}
		pthread_mutex_lock(&j->mu);
		while (j->len == j->cap && !j->stop)
			pthread_cond_wait(&j->cv_put, &j->mu);
		if (j->stop) {
			pthread_mutex_unlock(&j->mu);
			free(r.png);
			break;
		}
		j->q[(j->head + j->len) % j->cap] = r;
		j->len++;
		pthread_cond_signal(&j->cv_get);
		pthread_mutex_unlock(&j->mu);
	}
	sg_map__worker_free(&w);
	sg_png__free(enc);
	free(px);
	return NULL;
}

typedef struct {
	sg_tiles_summary *sum;
	uint64_t done, total;
	sg_sb *index;
	int first_zoom;
} progress;

/* The written tiles of one zoom as runs per row: "z": {"y": [[x0,x1]]}. */
static void index_zoom(sg_sb *b, int z, const job *j, const uint8_t *bits,
		       int first)
{
	int first_row = 1;

	sg_sb__printf(b, "%s\"%d\": {", first ? "" : ", ", z);
	for (uint32_t ry = 0; ry < j->ny; ry++) {
		const uint8_t *row = bits + (size_t)ry * j->nx;
		int any = 0;

		for (uint32_t rx = 0; rx < j->nx; rx++) {
			uint32_t end;

			if (!row[rx])
				continue;
			for (end = rx; end + 1 < j->nx && row[end + 1]; end++)
				;
			if (!any)
				sg_sb__printf(b, "%s\"%u\": [",
					      first_row ? "" : ", ",
					      j->y0 + ry);
			sg_sb__printf(b, "%s[%u, %u]", any ? ", " : "",
				      j->x0 + rx, j->x0 + end);
			any = 1;
			first_row = 0;
			rx = end;
		}
		if (any)
			sg_sb__printf(b, "]");
	}
	sg_sb__printf(b, "}");
}

static int run_zoom(sg_ctx *ctx, const sg_map *map, const sg_map_prep *prep,
		    int z, unsigned size, unsigned nthreads, int quantize,
		    const double merc[4], unsigned shard, unsigned nshards,
		    sg_tile_sink *sink, progress *pg)
{
	pthread_t *tids = NULL;
	unsigned started = 0;
	uint8_t *bits = NULL;
	uint64_t got = 0;
	uint32_t x1, y1;
	job j;
	int rc = SG_OK;

	memset(&j, 0, sizeof(j));
	j.map = map;
	j.prep = prep;
	j.z = z;
	j.size = size;
	j.quantize = quantize;
	j.sink = sink;
	sg_tile__range(merc, z, &j.x0, &j.y0, &x1, &y1);
	j.nx = x1 - j.x0 + 1;
	j.ny = y1 - j.y0 + 1;
	j.shard = shard;
	j.nshards = nshards;
	j.n = shard_tiles((uint64_t)j.nx * j.ny, shard, nshards, &j.run);
	j.cap = 4 * (size_t)nthreads + 16;
	j.q = calloc(j.cap, sizeof(result));
	tids = calloc(nthreads, sizeof(pthread_t));
	bits = calloc((size_t)j.nx * j.ny + 1, 1);
	if (!j.q || !tids || !bits) {
		free(j.q);
		free(tids);
		free(bits);
		return sg_error__oom(ctx, "tiles");
	}
	pthread_mutex_init(&j.mu, NULL);
	pthread_cond_init(&j.cv_put, NULL);
	pthread_cond_init(&j.cv_get, NULL);
	for (; started < nthreads && started < j.n; started++)
		if (pthread_create(&tids[started], NULL, worker, &j) != 0)
			break;
	if (started == 0 && j.n > 0) {
		rc = sg_error__set(ctx, SG_ERROR,
				   "tiles: cannot start a "
				   "thread");
		j.stop = 1;
	}
	while (rc == SG_OK && got < j.n) {
		result r;

		pthread_mutex_lock(&j.mu);
		while (j.len == 0 && !j.failed)
			pthread_cond_wait(&j.cv_get, &j.mu);
		if (j.len == 0) {
			pthread_mutex_unlock(&j.mu);
			rc = sg_error__set(ctx, j.code, "%s", j.msg);
			break;
		}
		r = j.q[j.head];
		j.head = (j.head + 1) % j.cap;
		j.len--;
		pthread_cond_signal(&j.cv_put);
		pthread_mutex_unlock(&j.mu);
		got++;
		if (r.len) {
			if (r.png)
				rc = sink->put(sink, z, r.x, r.y, r.png, r.len);
			else
				sink->unique++;
			pg->sum->written++;
			pg->sum->bytes += r.len;
			pg->sum->palette += r.kind != SG_PNG_RGBA;
			pg->sum->quantized += r.kind == SG_PNG_QUANTIZED;
			bits[(size_t)(r.y - j.y0) * j.nx + (r.x - j.x0)] = 1;
			free(r.png);
		} else {
			pg->sum->empty++;
		}
		if (rc == SG_OK)
			rc = sg_ctx__progress(ctx, "tiles", pg->done + got,
					      pg->total);
	}
	pthread_mutex_lock(&j.mu);
	j.stop = 1;
	pthread_cond_broadcast(&j.cv_put);
	pthread_cond_broadcast(&j.cv_get);
	pthread_mutex_unlock(&j.mu);
	for (unsigned t = 0; t < started; t++)
		pthread_join(tids[t], NULL);
	while (j.len > 0) {
		free(j.q[j.head].png);
		j.head = (j.head + 1) % j.cap;
		j.len--;
	}
	if (rc == SG_OK)
		index_zoom(pg->index, z, &j, bits, pg->first_zoom);
	pg->first_zoom = 0;
	pg->done += j.n;
	pthread_mutex_destroy(&j.mu);
	pthread_cond_destroy(&j.cv_put);
	pthread_cond_destroy(&j.cv_get);
	free(j.q);
	free(tids);
	free(bits);
	return rc;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The tiles' URL relative to the TileJSON written beside them: inside
 * an XYZ directory, the template; beside NAME.mbtiles, its file name. */
static void relative_url(const char *path, int mbt, char *buf, size_t n)
{
	const char *base = strrchr(path, '/');

	if (mbt)
		snprintf(buf, n, "%s", base ? base + 1 : path);
	else
		snprintf(buf, n, "{z}/{x}/{y}.png");
}

/* Metadata of an MBTiles file (spec 1.3). */
static int write_metadata(sg_tile_sink *s, const sg_pyramid_info *pi)
{
	char v[256];
	sg_sb js = { 0 };
	int rc;

	rc = s->meta(s, "name", pi->name);
	if (rc == SG_OK)
		rc = s->meta(s, "format", "png");
	if (rc == SG_OK)
		rc = s->meta(s, "type", "overlay");
	if (rc == SG_OK)
		rc = s->meta(s, "version", "1.0.0");
	if (rc == SG_OK)
		rc = s->meta(s, "description", pi->description);
	if (rc == SG_OK)
		rc = s->meta(s, "attribution", pi->attribution);
	snprintf(v, sizeof(v), "%.7f,%.7f,%.7f,%.7f", pi->bounds[0],
		 pi->bounds[1], pi->bounds[2], pi->bounds[3]);
	if (rc == SG_OK)
		rc = s->meta(s, "bounds", v);
	snprintf(v, sizeof(v), "%.7f,%.7f,%d",
		 (pi->bounds[0] + pi->bounds[2]) / 2,
		 (pi->bounds[1] + pi->bounds[3]) / 2, pi->minzoom);
	if (rc == SG_OK)
		rc = s->meta(s, "center", v);
	snprintf(v, sizeof(v), "%d", pi->minzoom);
	if (rc == SG_OK)
		rc = s->meta(s, "minzoom", v);
	snprintf(v, sizeof(v), "%d", pi->maxzoom);
	if (rc == SG_OK)
		rc = s->meta(s, "maxzoom", v);
	snprintf(v, sizeof(v), "%u", 256 * pi->scale);
	if (rc == SG_OK)
		rc = s->meta(s, "tilesize", v);
	sg_sb__printf(&js, "{\"legend\": %s}", pi->legend_json);
	if (js.oom)
		rc = sg_error__oom(s->ctx, "tiles");
	if (rc == SG_OK)
		rc = s->meta(s, "json", js.s);
	free(js.s);
	return rc;
}

/* Legend and TileJSON files in dir (XYZ) or beside path (MBTiles). */
static int write_beside(sg_ctx *ctx, const char *dir, const char *path,
			const sg_pyramid_info *pi, sg_outset *set)
{
	char file[4400], *tj = sg_tiles__tilejson(pi);
	int rc;

	if (!tj)
		return sg_error__oom(ctx, "tiles");
	if (dir) {
		snprintf(file, sizeof(file), "%s/legend.json", dir);
		rc = sg_file__write_atomic(ctx, file, pi->legend_json,
					   strlen(pi->legend_json), "tiles");
		snprintf(file, sizeof(file), "%s/tilejson.json", dir);
	} else {
		/* NAME.mbtiles -> NAME.legend.json, NAME.tilejson */
		size_t n = strlen(path);

		if (n > 8 && !strcasecmp(path + n - 8, ".mbtiles"))
			n -= 8;
		/* Files of the set the .mbtiles belongs to. */
		snprintf(file, sizeof(file), "%.*s.legend.json", (int)n, path);
		rc = sg_outset__write(ctx, set, file, pi->legend_json,
				      strlen(pi->legend_json), "tiles");
		snprintf(file, sizeof(file), "%.*s.tilejson", (int)n, path);
		if (rc == SG_OK)
			rc = sg_outset__write(ctx, set, file, tj, strlen(tj),
					      "tiles");
		free(tj);
		return rc;
	}
	if (rc == SG_OK)
		rc = sg_file__write_atomic(ctx, file, tj, strlen(tj), "tiles");
	free(tj);
	return rc;
}

int sg_tiles_write(sg_ctx *ctx, const sg_map *map, const char *path,
		   const sg_tiles_options *opts, sg_tiles_summary *summary)
{
	static const sg_tiles_options defaults = SG_TILES_OPTIONS_INIT;
	sg_tiles_options o2;
	sg_tiles_summary sum;
	sg_tile_sink *sink = NULL;
	sg_outset set;
	sg_sb attr = { 0 };
	sg_sb index = { 0 };
	sg_pyramid_info pi;
	progress pg;
	double merc[4], t0 = now();
	char name[256], desc[512], url[4400], *legend = NULL;
	unsigned nthreads, size, nshards;
	size_t plen = strlen(path);
	int mbt, rc;

	sg_error__clear(ctx);
	memset(&sum, 0, sizeof(sum));
	sum.version = SG_TILES_SUMMARY_VERSION;
	if (summary) {
		memset(summary, 0, sizeof(*summary));
		summary->version = SG_TILES_SUMMARY_VERSION;
	}
	if (!opts)
		opts = &defaults;
	if (opts->version == 1 || opts->version == 2) {
		/* Version 1 ended before the shard fields, version 2 before
		 * max_tiles (no limit then). */
		memcpy(&o2, opts,
		       opts->version == 1
			       ? offsetof(sg_tiles_options, shard_index)
			       : offsetof(sg_tiles_options, max_tiles));
		if (opts->version == 1) {
			o2.shard_index = 0;
			o2.shard_count = 1;
		}
		o2.version = SG_TILES_OPTIONS_VERSION;
		o2.max_tiles = 0;
		opts = &o2;
	}
	if (opts->version != SG_TILES_OPTIONS_VERSION)
		return sg_error__set(ctx, SG_EINVALID,
				     "tiles: bad options "
				     "version");
	nshards = opts->shard_count ? opts->shard_count : 1;
	if (opts->shard_index >= nshards)
		return sg_error__set(ctx, SG_EINVALID,
				     "tiles: shard %u of %u: "
				     "the index counts from 0 to %u",
				     opts->shard_index, nshards, nshards - 1);
	if (opts->minzoom < 0 || opts->maxzoom > 22 ||
	    opts->minzoom > opts->maxzoom)
		return sg_error__set(ctx, SG_EINVALID,
				     "tiles: zooms %d-%d: "
				     "use 0 <= min <= max <= 22",
				     opts->minzoom, opts->maxzoom);
	if (opts->scale != 1 && opts->scale != 2)
		return sg_error__set(ctx, SG_EINVALID,
				     "tiles: scale %u: use 1 "
				     "(256-pixel tiles) or 2 (512)",
				     opts->scale);
	if (map->nlayers == 0)
		return sg_error__set(ctx, SG_EINVALID,
				     "tiles: the map has no "
				     "layers");
	sg_map__merc_bounds(map, merc);
	if (!(merc[2] > merc[0] && merc[3] > merc[1]))
		return sg_error__set(ctx, SG_EINVALID,
				     "tiles: the study area "
				     "is empty");
	nthreads = opts->threads;
	if (nthreads == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		nthreads = n > 0 ? (unsigned)n : 1;
	}
	if (nthreads > 256)
		nthreads = 256;
	size = 256 * opts->scale;
	sum.threads = nthreads;
	sum.minzoom = opts->minzoom;
	sum.maxzoom = opts->maxzoom;
	sg_map_bounds(map, sum.bounds);
	for (int z = opts->minzoom; z <= opts->maxzoom; z++) {
		uint32_t x0, y0, x1, y1;

		uint64_t run;

		sg_tile__range(merc, z, &x0, &y0, &x1, &y1);
		sum.tiles += shard_tiles((uint64_t)(x1 - x0 + 1) *
						 (y1 - y0 + 1),
					 opts->shard_index, nshards, &run);
	}
	/* The estimate (the study area's box at every zoom) against the
	 * limit, before any file is touched (#18: a whole-world unit). */
	if (opts->max_tiles && sum.tiles > opts->max_tiles) {
		if (summary)
			summary->tiles = sum.tiles;
		return sg_error__set(ctx, SG_EINVALID,
				     "tiles: zooms %d-%d over the study area "
				     "make %llu tiles, more than the limit of "
				     "%llu",
				     opts->minzoom, opts->maxzoom,
				     (unsigned long long)sum.tiles,
				     opts->max_tiles);
	}
	mbt = plen > 8 && !strcasecmp(path + plen - 8, ".mbtiles");
	memset(&set, 0, sizeof(set));
	/* X.mbtiles, X.legend.json and X.tilejson: one set of files. */
	rc = mbt ? sg_outset__begin(ctx, &set, path, ".mbtiles") : SG_OK;
	if (rc == SG_OK)
		rc = mbt ? sg_mbtiles__open(ctx, path, opts->overwrite, &set,
					    &sink)
			 : sg_dirtiles__open(ctx, path, opts->overwrite, &sink);
	if (rc != SG_OK) {
		sg_outset__free(&set);
		return rc;
	}
	if (sg_map_legend(map, &legend) != SG_OK) {
		rc = sg_error__oom(ctx, "tiles");
		goto done;
	}
	memset(&pg, 0, sizeof(pg));
	pg.sum = &sum;
	pg.total = sum.tiles;
	pg.index = &index;
	pg.first_zoom = 1;
	sg_sb__printf(&index, "{");
	rc = sg_ctx__progress(ctx, "tiles", 0, sum.tiles);
	for (int z = opts->minzoom; rc == SG_OK && z <= opts->maxzoom; z++) {
		sg_map_prep prep;

		rc = sg_map__prepare(ctx, map, sg_tile__resolution(z, size),
				     opts->scale, &prep);
		if (rc != SG_OK)
			break;
		rc = run_zoom(ctx, map, &prep, z, size, nthreads,
			      !opts->exact_colors, merc, opts->shard_index,
			      nshards, sink, &pg);
		sg_map__prep_free(&prep);
	}
	sg_sb__printf(&index, "}");
	if (rc == SG_OK && index.oom)
		rc = sg_error__oom(ctx, "tiles");
	if (rc != SG_OK)
		goto done;
	/* Names and the files beside the tiles. */
	if (opts->name) {
		snprintf(name, sizeof(name), "%s", opts->name);
	} else {
		/* The viewer's title, in the map's language, with the unit
		 * and the school year: "Bản đồ mạng lưới trường học, 760,
		 * 2024-2025". */
		snprintf(name, sizeof(name), "%s%s%s%s%s",
			 sr_text(map->lang, SR_V_TITLE),
			 map->focus[0] ? ", " : "", map->focus,
			 map->year[0] ? ", " : "", map->year);
	}
	if (opts->description) {
		snprintf(desc, sizeof(desc), "%s", opts->description);
	} else {
		size_t len = 0;

		desc[0] = '\0';
		for (size_t i = 0; i < map->nlayers && len < sizeof(desc); i++)
			len += (size_t)snprintf(desc + len, sizeof(desc) - len,
						"%s%s", i ? "; " : "",
						map->layers[i].title);
	}
	if (opts->tile_url)
		snprintf(url, sizeof(url), "%s", opts->tile_url);
	else
		relative_url(path, mbt, url, sizeof(url));
	memset(&pi, 0, sizeof(pi));
	pi.minzoom = opts->minzoom;
	pi.maxzoom = opts->maxzoom;
	pi.scale = opts->scale;
	memcpy(pi.bounds, sum.bounds, sizeof(pi.bounds));
	pi.name = name;
	pi.description = desc;
	/* TileJSON, MBTiles and Leaflet read the attribution as HTML: the
	 * --attribution text is escaped, so that it shows as given and
	 * runs no script in viewer.html. */
	sg_sb__html(&attr, opts->attribution ? opts->attribution : "schoolgis");
	if (attr.oom) {
		rc = sg_error__oom(ctx, "tiles");
		goto done;
	}
	pi.attribution = sg_sb__str(&attr);
	pi.tile_url = url;
	pi.legend_json = legend;
	pi.index_json = index.s;
	if (mbt)
		rc = write_metadata(sink, &pi);
	else
		rc = write_beside(ctx, sink->dir(sink), path, &pi, NULL);
	if (rc == SG_OK && !mbt && opts->viewer && nshards == 1)
		rc = sg_tiles__write_viewer(ctx, map, sink->dir(sink), &pi,
					    opts->leaflet_dir, opts->year,
					    opts->standards);
done:
	if (sink) {
		uint64_t unique = sink->unique;
		int frc = sink->finish(sink, rc == SG_OK);

		if (rc == SG_OK)
			rc = frc;
		sum.unique = unique;
	}
	if (rc == SG_OK && mbt)
		rc = write_beside(ctx, NULL, path, &pi, &set);
	if (rc == SG_OK && mbt)
		rc = sg_outset__commit(ctx, &set, "tiles");
	sg_outset__free(&set);
	sg_sb__free(&attr);
	free(legend);
	free(index.s);
	sum.seconds = now() - t0;
	if (summary)
		*summary = sum;
	return rc;
}
