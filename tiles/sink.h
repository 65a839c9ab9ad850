/*
 * tiles/sink.h - where rendered tiles go: an MBTiles file
 * (mbtiles_out.c) or an XYZ directory (dir_out.c).  One writer thread
 * calls put/meta/finish; a sink with put_mt (directories: one file per
 * tile) may also be given tiles by the render threads themselves.  Both
 * build their output under a temporary name and rename it into place in
 * finish, so a failed or killed run never leaves a half-written output
 * where the old one was.
 */
#ifndef SG_TILES_SINK_H
#define SG_TILES_SINK_H

#include <stddef.h>
#include <stdint.h>

#include "engine/context.h"
#include "util/file.h"

typedef struct sg_tile_sink sg_tile_sink;

struct sg_tile_sink {
	/* Store tile z/x/y (XYZ numbering). */
	int (*put)(sg_tile_sink *s, int z, uint32_t x, uint32_t y,
		   const void *png, size_t len);
	/* Thread-safe put for render threads, or NULL: no context, the
	 * reason of a failure goes to msg.  0 or -1. */
	int (*put_mt)(sg_tile_sink *s, int z, uint32_t x, uint32_t y,
		      const void *png, size_t len, char *msg, size_t msgn);
	/* A metadata value (MBTiles `metadata`; ignored by directories). */
	int (*meta)(sg_tile_sink *s, const char *key, const char *value);
	/* commit: finish and rename into place; else remove everything.
	 * Frees the sink in both cases. */
	int (*finish)(sg_tile_sink *s, int commit);
	/* The temporary directory files beside the tiles go into (XYZ
	 * directories), or NULL. */
	const char *(*dir)(const sg_tile_sink *s);
	sg_ctx *ctx;
	uint64_t unique; /* distinct images stored */
};

/* An MBTiles 1.3 file at path, one file of `set` (util/file.h): it is
 * built at its temporary name and finish leaves the renaming to
 * sg_outset__commit, so the .mbtiles and the files beside it are
 * replaced together. */
int sg_mbtiles__open(sg_ctx *ctx, const char *path, bool overwrite,
		     sg_outset *set, sg_tile_sink **out);

/* An XYZ directory at path (built as path.tmp-PID/, util/file.h
 * sg_dirswap; sg_dir__make and sg_dir__remove are util's too). */
int sg_dirtiles__open(sg_ctx *ctx, const char *path, bool overwrite,
		      sg_tile_sink **out);

/* 128-bit content hash of data as 32 hex digits (tile ids). */
void sg_tile__hash_hex(const void *data, size_t len, char out[33]);

#endif /* SG_TILES_SINK_H */
