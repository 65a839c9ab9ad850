/*
 * tiles/dir_out.c - XYZ directory output: DIR/z/x/y.png.
 *
 * Tiles (and the files written beside them: legend, TileJSON, viewer)
 * go into DIR.tmp-PID/; finish renames it to DIR.  An existing DIR is
 * first renamed aside and removed only once the new one is in place, so
 * at any moment DIR is either the old pyramid or the new one, complete.
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

typedef struct {
	sg_tile_sink base;
	char path[4096], tmp[4200];
} dirtiles;

int sg_dir__make(const char *path)
{
	char buf[4400];
	size_t n = strlen(path);

	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, path, n + 1);
	for (size_t i = 1; i <= n; i++)
		if (buf[i] == '/' || buf[i] == '\0') {
			char c = buf[i];

			buf[i] = '\0';
			if (mkdir(buf, 0777) != 0 && errno != EEXIST)
				return -1;
			buf[i] = c;
		}
	return 0;
}

int sg_dir__remove(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	int rc = 0;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	d = opendir(path);
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		char child[4400];

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(child, sizeof(child), "%s/%s", path, e->d_name);
		if (sg_dir__remove(child) != 0)
			rc = -1;
	}
	closedir(d);
	if (rmdir(path) != 0)
		rc = -1;
	return rc;
}

/* Write one tile file; creates its column directory when missing.
 * Thread-safe: no shared state but the (read-only) paths. */
static int dir_put_mt(sg_tile_sink *s, int z, uint32_t x, uint32_t y,
		      const void *png, size_t len, char *msg, size_t msgn)
{
	dirtiles *d = (dirtiles *)s;
	char file[4400];
	const char *p = png;
	int fd;

	snprintf(file, sizeof(file), "%s/%d/%u/%u.png", d->tmp, z, x, y);
	fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	if (fd < 0 && errno == ENOENT) {
		char col[4400];

		snprintf(col, sizeof(col), "%s/%d/%u", d->tmp, z, x);
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
	return ((const dirtiles *)s)->tmp;
}

static int dir_finish(sg_tile_sink *s, int commit)
{
	dirtiles *d = (dirtiles *)s;
	char old[4300];
	int rc = SG_OK, had_old = 0;

	if (commit) {
		snprintf(old, sizeof(old), "%s.old-%ld", d->path,
			 (long)getpid());
		if (access(d->path, F_OK) == 0) {
			sg_dir__remove(old);
			if (rename(d->path, old) != 0)
				rc = sg_error__set(s->ctx, SG_EIO,
						   "tiles: "
						   "cannot move %s aside: %s",
						   d->path, strerror(errno));
			had_old = rc == SG_OK;
		}
		if (rc == SG_OK && rename(d->tmp, d->path) != 0) {
			rc = sg_error__set(s->ctx, SG_EIO,
					   "tiles: cannot "
					   "rename %s to %s: %s",
					   d->tmp, d->path, strerror(errno));
			if (had_old)
				rename(old, d->path);
			had_old = 0;
		}
		if (had_old)
			sg_dir__remove(old);
	}
	if (!commit || rc != SG_OK)
		sg_dir__remove(d->tmp);
	free(d);
	return rc;
}

int sg_dirtiles__open(sg_ctx *ctx, const char *path, bool overwrite,
		      sg_tile_sink **out)
{
	struct stat st;
	dirtiles *d;

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
		return sg_error__set(ctx, SG_ENOMEM, "tiles: out of memory");
	d->base.ctx = ctx;
	d->base.put = dir_put;
	d->base.put_mt = dir_put_mt;
	d->base.meta = dir_meta;
	d->base.finish = dir_finish;
	d->base.dir = dir_dir;
	snprintf(d->path, sizeof(d->path), "%s", path);
	/* No trailing slash in the names made from it. */
	while (strlen(d->path) > 1 && d->path[strlen(d->path) - 1] == '/')
		d->path[strlen(d->path) - 1] = '\0';
	snprintf(d->tmp, sizeof(d->tmp), "%s.tmp-%ld", d->path, (long)getpid());
	sg_dir__remove(d->tmp);
	if (sg_dir__make(d->tmp) != 0) {
		int e = errno;

		free(d);
		return sg_error__set(ctx, SG_EIO,
				     "tiles: cannot create %s: "
				     "%s",
				     path, strerror(e));
	}
	*out = &d->base;
	return SG_OK;
}
