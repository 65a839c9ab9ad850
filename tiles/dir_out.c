/*
 * tiles/dir_out.c - XYZ directory output: DIR/z/x/y.png.
 *
 * Tiles (and the files written beside them: legend, TileJSON, viewer)
 * go into DIR.tmp-PID/; finish swaps it in for DIR as a whole
 * (util/file.h sg_dirswap), so at any moment DIR is either the old
 * pyramid or the new one, complete; what killed runs left beside DIR is
 * removed when the next run starts.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tiles/sink.h"
#include "util/failpoint.h"
#include "util/file.h"

typedef struct {
	sg_tile_sink base;
	sg_dirswap swap; /* DIR.tmp-PID/, swapped in whole (util/file.h) */
} dirtiles;

/* Write one tile file; creates its column directory when missing.
 * Thread-safe: no shared state but the (read-only) paths. */
static int dir_put_mt(sg_tile_sink *s, int z, uint32_t x, uint32_t y,
		      const void *png, size_t len, char *msg, size_t msgn)
{
	dirtiles *d = (dirtiles *)s;
	char file[4400];
	const char *p = png;
	int fd;

	snprintf(file, sizeof(file), "%s/%d/%u/%u.png", d->swap.tmp, z, x, y);
	if (sg_failpoint__io("tile")) {
		snprintf(msg, msgn, "tiles: cannot write %s: %s", file,
			 strerror(EIO));
		return -1;
	}
	fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	if (fd < 0 && errno == ENOENT) {
		char col[4400];

		snprintf(col, sizeof(col), "%s/%d/%u", d->swap.tmp, z, x);
		if (sg_dir__make(col) != 0) {
			snprintf(msg, msgn, "tiles: cannot create %s: %s", col,
				 strerror(errno));
			return -1;
		}
		fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	}
	if (fd < 0) {
		snprintf(msg, msgn, "tiles: cannot write %s: %s", file,
			 strerror(errno));
		return -1;
	}
	while (len > 0) {
		ssize_t w = write(fd, p, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			snprintf(msg, msgn, "tiles: cannot write %s: %s", file,
				 strerror(errno));
			close(fd);
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	if (close(fd) != 0) {
		snprintf(msg, msgn, "tiles: cannot write %s: %s", file,
			 strerror(errno));
		return -1;
	}
	return 0;
}

static int dir_put(sg_tile_sink *s, int z, uint32_t x, uint32_t y,
		   const void *png, size_t len)
{
	char msg[512];

	if (dir_put_mt(s, z, x, y, png, len, msg, sizeof(msg)) != 0)
		return sg_error__set(s->ctx, SG_EIO, "%s", msg);
	s->unique++;
	return SG_OK;
}

static int dir_meta(sg_tile_sink *s, const char *key, const char *value)
{
	(void)s;
	(void)key;
	(void)value;
	return SG_OK;
}

static const char *dir_dir(const sg_tile_sink *s)
{
	return ((const dirtiles *)s)->swap.tmp;
}

static int dir_finish(sg_tile_sink *s, int commit)
{
	dirtiles *d = (dirtiles *)s;
	int rc = SG_OK;

	if (commit)
		rc = sg_dirswap__commit(s->ctx, &d->swap, "tiles");
	sg_dirswap__free(&d->swap); /* the temporary, or the old pyramid */
	free(d);
	return rc;
}

int sg_dirtiles__open(sg_ctx *ctx, const char *path, bool overwrite,
		      sg_tile_sink **out)
{
	struct stat st;
	dirtiles *d;
	int rc;

	*out = NULL;
	if (stat(path, &st) == 0) {
		if (!S_ISDIR(st.st_mode))
			return sg_error__set(ctx, SG_EEXISTS,
					     "tiles: %s "
					     "exists and is not a directory",
					     path);
		if (!overwrite)
			return sg_error__set(ctx, SG_EEXISTS,
					     "tiles: %s "
					     "exists",
					     path);
	}
	d = calloc(1, sizeof(*d));
	if (!d)
		return sg_error__oom(ctx, "tiles");
	d->base.ctx = ctx;
	d->base.put = dir_put;
	d->base.put_mt = dir_put_mt;
	d->base.meta = dir_meta;
	d->base.finish = dir_finish;
	d->base.dir = dir_dir;
	if ((rc = sg_dirswap__begin(ctx, &d->swap, path, "tiles", NULL)) !=
	    SG_OK) {
		free(d);
		return rc;
	}
	*out = &d->base;
	return SG_OK;
}
