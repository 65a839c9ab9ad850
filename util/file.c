/*
 * util/file.c - atomic file writes and sets of files replaced as a whole,
 * and removing what killed runs left (see util/file.h).
 */
#define _GNU_SOURCE /* renameat2, RENAME_EXCHANGE */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "util/failpoint.h"
#include "util/file.h"

/* Flush a file (or directory) to disk; 0 or errno. */
static int sync_path(const char *path, int dir)
{
	int fd = open(path,
		      (dir ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
	int e = 0;

	if (fd < 0)
		return errno;
	if (fsync(fd) != 0 && errno != EINVAL && errno != EROFS)
		e = errno;
	close(fd);
	return e;
}

/* The directory part of path ("." when none), into out. */
static void dir_of(const char *path, char *out, size_t n)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(out, n, ".");
	else if (slash == path)
		snprintf(out, n, "/");
	else
		snprintf(out, n, "%.*s", (int)(slash - path), path);
}

/* Where a name's extension starts (its last '.', not the first
 * character), or the end of the name. */
static const char *ext_of(const char *base)
{
	const char *dot = strrchr(base, '.');

	return dot && dot > base ? dot : base + strlen(base);
}

char *sg_file__temp_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *ext = ext_of(slash ? slash + 1 : path);
	sg_sb t = { 0 };

	sg_sb__printf(&t, "%.*s.tmp-%ld%s", (int)(ext - path), path,
		      (long)getpid(), ext);
	return sg_sb__take(&t);
}

int sg_file__write_atomic(sg_ctx *ctx, const char *path, const void *data,
			  size_t len, const char *what)
{
	sg_sb tmp = { 0 };
	char dir[4096];
	FILE *fp;
	int ok, e = 0;

	if (!(tmp.s = sg_file__temp_name(path)))
		return sg_error__oom(ctx, what);
	fp = fopen(tmp.s, "wb");
	if (!fp) {
		e = errno;
		sg_error__set(ctx, SG_EIO, "%s: cannot write %s: %s", what,
			      tmp.s, strerror(e));
		sg_sb__free(&tmp);
		return SG_EIO;
	}
	/* I/O points (util/failpoint.h) before each step, for the tests */
	ok = !sg_failpoint__io("write") && fwrite(data, 1, len, fp) == len;
	if (!ok)
		e = errno;
	ok = !sg_failpoint__io("flush") && fflush(fp) == 0 && ok;
	if (ok && (sg_failpoint__io("fsync") ||
		   (fsync(fileno(fp)) != 0 && errno != EINVAL)))
		ok = 0, e = errno;
	if (fclose(fp) != 0 && ok)
		ok = 0, e = errno;
	if (ok && (sg_failpoint__io("rename") || rename(tmp.s, path) != 0))
		ok = 0, e = errno;
	if (!ok) {
		unlink(tmp.s);
		sg_sb__free(&tmp);
		return sg_error__set(ctx, SG_EIO, "%s: cannot write %s: %s",
				     what, path, strerror(e ? e : EIO));
	}
	sg_sb__free(&tmp);
	dir_of(path, dir, sizeof(dir));
	sync_path(dir, 1);
	return SG_OK;
}

/*---- Sets of files ------------------------------------------------------*/

int sg_outset__init(sg_ctx *ctx, sg_outset *s, const char *dir,
		    const char *stem)
{
	memset(s, 0, sizeof(*s));
	s->dir = strdup(dir && *dir ? dir : ".");
	s->stem = strdup(stem);
	if (!s->dir || !s->stem) {
		sg_outset__free(s);
		return sg_error__oom(ctx, "output");
	}
	return SG_OK;
}

int sg_outset__begin(sg_ctx *ctx, sg_outset *s, const char *path,
		     const char *ext)
{
	const char *slash = strrchr(path, '/'),
		   *base = slash ? slash + 1 : path;
	size_t n = strlen(base), el = ext ? strlen(ext) : 0;
	char dir[4096], stem[1024];

	dir_of(path, dir, sizeof(dir));
	if (!ext)
		n = (size_t)(ext_of(base) - base);
	else if (el && n > el && strcasecmp(base + n - el, ext) == 0)
		n -= el;
	snprintf(stem, sizeof(stem), "%.*s", (int)n, base);
	sg_outset__recover(dir, stem);
	return sg_outset__init(ctx, s, dir, stem);
}

const char *sg_outset__add(sg_ctx *ctx, sg_outset *s, const char *dest)
{
	char *d = strdup(dest), *t = sg_file__temp_name(dest);

	if (!d || !t || sg_grow(&s->f, &s->cap, s->n + 1, sizeof(*s->f)) != 0) {
		free(d);
		free(t);
		sg_error__oom(ctx, "output");
		return NULL;
	}
	unlink(t); /* an earlier run's of the same pid */
	s->f[s->n].dest = d;
	s->f[s->n].tmp = t;
	return s->f[s->n++].tmp;
}

int sg_outset__write(sg_ctx *ctx, sg_outset *s, const char *dest,
		     const void *data, size_t len, const char *what)
{
	const char *tmp = sg_outset__add(ctx, s, dest);
	FILE *fp;
	int ok, e;

	if (!tmp)
		return SG_ENOMEM;
	if (!(fp = fopen(tmp, "wb")))
		return sg_error__set(ctx, SG_EIO, "%s: cannot write %s: %s",
				     what, tmp, strerror(errno));
	ok = !sg_failpoint__io("write") && fwrite(data, 1, len, fp) == len;
	e = errno;
	if (fclose(fp) != 0 && ok)
		ok = 0, e = errno;
	if (!ok)
		return sg_error__set(ctx, SG_EIO, "%s: cannot write %s: %s",
				     what, tmp, strerror(e ? e : EIO));
	return SG_OK;
}

static const char *base_of(const char *p)
{
	const char *slash = strrchr(p, '/');

	return slash ? slash + 1 : p;
}

int sg_outset__commit(sg_ctx *ctx, sg_outset *s, const char *what)
{
	sg_sb j = { 0 }, jpath = { 0 };
	int e = 0, rc = SG_OK;

	/* Kill points of the crash tests (util/failpoint.h). */
	sg_failpoint__kill("outset-commit");
	for (size_t i = 0; i < s->n && !e; i++)
		if ((e = sg_failpoint__io("sync")) ||
		    (e = sync_path(s->f[i].tmp, 0)))
			rc = sg_error__set(ctx, SG_EIO,
					   "%s: cannot write %s: "
					   "%s",
					   what, s->f[i].tmp, strerror(e));
	/* One file: one rename, no journal. */
	if (rc == SG_OK && s->n == 1) {
		if (sg_failpoint__io("rename") ||
		    rename(s->f[0].tmp, s->f[0].dest) != 0)
			return sg_error__set(ctx, SG_EIO,
					     "%s: cannot replace %s: %s", what,
					     s->f[0].dest, strerror(errno));
		free(s->f[0].tmp);
		s->f[0].tmp = NULL;
		sync_path(s->dir, 1);
		return SG_OK;
	}
	/* The journal: one "temporary<TAB>final" line per file (names
	 * within the directory). */
	for (size_t i = 0; i < s->n; i++)
		sg_sb__printf(&j, "%s\t%s\n", base_of(s->f[i].tmp),
			      base_of(s->f[i].dest));
	sg_sb__printf(&jpath, "%s/%s.commit-%ld", s->dir, s->stem,
		      (long)getpid());
	if (rc == SG_OK && (j.oom || jpath.oom))
		rc = sg_error__oom(ctx, what);
	if (rc == SG_OK)
		rc = sg_file__write_atomic(ctx, jpath.s, j.s ? j.s : "", j.len,
					   what);
	if (rc != SG_OK) {
		sg_sb__free(&j);
		sg_sb__free(&jpath);
		return rc; /* sg_outset__free removes the temporaries */
	}
	for (size_t i = 0; i < s->n; i++) {
		/* The I/O hook fails the first rename only: a failure after
		 * it leaves the journal, which the next run finishes (the
		 * kill test's outset-renamed). */
		if ((i == 0 && sg_failpoint__io("rename")) ||
		    rename(s->f[i].tmp, s->f[i].dest) != 0) {
			e = errno;
			rc = sg_error__set(ctx, SG_EIO,
					   "%s: cannot replace %s:"
					   " %s",
					   what, s->f[i].dest, strerror(e));
			if (i == 0)
				unlink(jpath.s); /* all old: no journal */
			else
				s->keep = 1; /* the next run finishes */
			break;
		}
		free(s->f[i].tmp);
		s->f[i].tmp = NULL;
		sg_failpoint__kill("outset-renamed");
	}
	if (rc == SG_OK) {
		sync_path(s->dir, 1);
		unlink(jpath.s);
	}
	sg_sb__free(&j);
	sg_sb__free(&jpath);
	return rc;
}

void sg_outset__free(sg_outset *s)
{
	for (size_t i = 0; i < s->n; i++) {
		if (s->f[i].tmp && !s->keep)
			unlink(s->f[i].tmp);
		free(s->f[i].tmp);
		free(s->f[i].dest);
	}
	free(s->f);
	free(s->dir);
	free(s->stem);
	memset(s, 0, sizeof(*s));
}

/*---- Leftovers ----------------------------------------------------------*/

/* The pid after `mark` in name ("x.tmp-123" or "x.tmp-123.csv"), or 0. */
static long pid_after(const char *name, const char *mark)
{
	const char *p = strstr(name, mark);
	char *end;
	long pid;

	if (!p)
		return 0;
	p += strlen(mark);
	if (*p < '0' || *p > '9')
		return 0;
	pid = strtol(p, &end, 10);
	if (*end &&
	    (*end != '.' || strchr(end + 1, '.') || strchr(end + 1, '/')))
		return 0;
	return pid;
}

static int dead(long pid)
{
	if (pid <= 0 || pid == (long)getpid())
		return 0;
	return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

static int starts(const char *name, const char *stem)
{
	size_t n = strlen(stem);

	return strncmp(name, stem, n) == 0 &&
	       (name[n] == '.' || name[n] == '-');
}

/* Finish the renames of a dead run's journal; returns the count. */
static int replay(const char *dir, const char *jname)
{
	sg_sb path = { 0 };
	char line[8192];
	FILE *fp;
	int count = 0;

	sg_sb__printf(&path, "%s/%s", dir, jname);
	if (path.oom || !(fp = fopen(path.s, "r"))) {
		sg_sb__free(&path);
		return 0;
	}
	while (fgets(line, sizeof(line), fp)) {
		char *tab = strchr(line, '\t');
		sg_sb from = { 0 }, to = { 0 };

		line[strcspn(line, "\n")] = '\0';
		if (!tab || strchr(line, '/'))
			continue;
		*tab = '\0';
		sg_sb__printf(&from, "%s/%s", dir, line);
		sg_sb__printf(&to, "%s/%s", dir, tab + 1);
		if (!from.oom && !to.oom && access(from.s, F_OK) == 0 &&
		    rename(from.s, to.s) == 0)
			count++;
		sg_sb__free(&from);
		sg_sb__free(&to);
	}
	fclose(fp);
	sync_path(dir, 1);
	unlink(path.s);
	sg_sb__free(&path);
	return count;
}

int sg_outset__recover(const char *dir, const char *stem)
{
	DIR *d;
	struct dirent *e;
	int count = 0;

	if (!dir || !*dir)
		dir = ".";
	/* Journals first: their temporaries are the new files. */
	if (!(d = opendir(dir)))
		return 0;
	while ((e = readdir(d)))
		if (starts(e->d_name, stem) &&
		    dead(pid_after(e->d_name, ".commit-")))
			count += replay(dir, e->d_name);
	closedir(d);
	if (!(d = opendir(dir)))
		return count;
	while ((e = readdir(d))) {
		sg_sb p = { 0 };

		if (!starts(e->d_name, stem) ||
		    !dead(pid_after(e->d_name, ".tmp-")))
			continue;
		sg_sb__printf(&p, "%s/%s", dir, e->d_name);
		if (!p.oom && unlink(p.s) == 0)
			count++;
		sg_sb__free(&p);
	}
	closedir(d);
	return count;
}

/*---- Output directories -------------------------------------------------*/

int sg_dir__make(const char *path)
{
	sg_sb b = { 0 };
	int rc = 0;

	sg_sb__puts(&b, path);
	if (b.oom) {
		errno = ENOMEM;
		return -1;
	}
	for (size_t i = 1; i <= b.len && rc == 0; i++)
		if (b.s[i] == '/' || b.s[i] == '\0') {
			char c = b.s[i];

			b.s[i] = '\0';
			if (mkdir(b.s, 0777) != 0 && errno != EEXIST)
				rc = -1;
			b.s[i] = c;
		}
	sg_sb__free(&b);
	return rc;
}

int sg_dir__remove(const char *path)
{
	struct stat st;
	struct dirent *e;
	DIR *d;
	int rc = 0;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	if (!(d = opendir(path)))
		return -1;
	while ((e = readdir(d))) {
		sg_sb child = { 0 };

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		sg_sb__printf(&child, "%s/%s", path, e->d_name);
		if (child.oom || sg_dir__remove(child.s) != 0)
			rc = -1;
		sg_sb__free(&child);
	}
	closedir(d);
	if (rmdir(path) != 0)
		rc = -1;
	return rc;
}

int sg_dirswap__recover(const char *path)
{
	char parent[4096];
	const char *slash = strrchr(path, '/'),
		   *base = slash ? slash + 1 : path;
	size_t blen = strlen(base);
	struct dirent *e;
	DIR *dp;
	int n = 0;

	dir_of(path, parent, sizeof(parent));
	if (!blen || !(dp = opendir(parent)))
		return 0;
	/* An old output moved aside by a run killed before its second
	 * rename goes back first (PATH missing); the rest is removed. */
	for (int pass = 0; pass < 2; pass++) {
		rewinddir(dp);
		while ((e = readdir(dp))) {
			const char *p = e->d_name;
			int old = strncmp(p + blen, ".old-", 5) == 0;
			sg_sb full = { 0 };
			char *end;
			long pid;

			if (strncmp(p, base, blen) != 0 ||
			    (!old && strncmp(p + blen, ".tmp-", 5) != 0))
				continue;
			pid = strtol(p + blen + 5, &end, 10);
			if (*end || !dead(pid))
				continue;
			sg_sb__printf(&full, "%s/%s", parent, p);
			if (full.oom) {
				sg_sb__free(&full);
				continue;
			}
			if (pass == 0 && old && access(path, F_OK) != 0 &&
			    errno == ENOENT) {
				if (rename(full.s, path) == 0)
					n++;
			} else if (pass == 1 && sg_dir__remove(full.s) == 0) {
				n++;
			}
			sg_sb__free(&full);
		}
	}
	closedir(dp);
	return n;
}

int sg_dirswap__begin(sg_ctx *ctx, sg_dirswap *d, const char *path,
		      const char *what, int *recovered)
{
	size_t len = strlen(path);
	sg_sb t = { 0 }, o = { 0 };
	int n;

	memset(d, 0, sizeof(*d));
	while (len > 1 && path[len - 1] == '/')
		len--;
	d->path = strndup(path, len);
	if (d->path) {
		sg_sb__printf(&t, "%s.tmp-%ld", d->path, (long)getpid());
		sg_sb__printf(&o, "%s.old-%ld", d->path, (long)getpid());
	}
	d->tmp = sg_sb__take(&t);
	d->old = sg_sb__take(&o);
	if (!d->path || !d->tmp || !d->old) {
		sg_dirswap__free(d);
		return sg_error__oom(ctx, what);
	}
	n = sg_dirswap__recover(d->path);
	if (recovered)
		*recovered = n;
	sg_dir__remove(d->tmp); /* an earlier run's of the same pid */
	if (sg_dir__make(d->tmp) != 0) {
		int e = errno;

		sg_error__set(ctx, SG_EIO, "%s: cannot create %s: %s", what,
			      d->tmp, strerror(e));
		sg_dirswap__free(d);
		return SG_EIO;
	}
	d->made = 1;
	return SG_OK;
}

int sg_dirswap__commit(sg_ctx *ctx, sg_dirswap *d, const char *what)
{
	char parent[4096];
	struct stat st;
	int e;

	dir_of(d->path, parent, sizeof(parent));
	sg_failpoint__kill("dirswap-commit");
	if (sg_failpoint__io("rename"))
		goto fail;
	if (lstat(d->path, &st) != 0) {
		if (rename(d->tmp, d->path) != 0)
			goto fail;
		d->committed = 1;
		sync_path(parent, 1);
		return SG_OK;
	}
#ifdef RENAME_EXCHANGE
	if (renameat2(AT_FDCWD, d->tmp, AT_FDCWD, d->path, RENAME_EXCHANGE) ==
	    0) {
		d->committed = 1;
		d->gone = d->tmp; /* the earlier output is there now */
		sync_path(parent, 1);
		return SG_OK;
	}
#endif
	if (rename(d->path, d->old) != 0)
		goto fail;
	if (rename(d->tmp, d->path) != 0) {
		e = errno;
		rename(d->old, d->path);
		errno = e;
		goto fail;
	}
	d->committed = 1;
	d->gone = d->old;
	sync_path(parent, 1);
	return SG_OK;
fail:
	e = errno;
	return sg_error__set(ctx, SG_EIO, "%s: cannot replace %s: %s", what,
			     d->path, strerror(e ? e : EIO));
}

void sg_dirswap__free(sg_dirswap *d)
{
	if (d->made && !d->committed)
		sg_dir__remove(d->tmp);
	else if (d->committed && d->gone)
		sg_dir__remove(d->gone);
	free(d->path);
	free(d->tmp);
	free(d->old);
	memset(d, 0, sizeof(*d));
}
