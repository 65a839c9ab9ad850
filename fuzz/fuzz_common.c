/*
 * fuzz/fuzz_common.c - see fuzz_common.h.
 */
#include "fuzz_common.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static sg_ctx *ctx;
static char dir[512];
static char store[600], pristine[600];
static char pathbuf[700];
static unsigned long iterations;

static void cleanup(void)
{
	char cmd[600];

	/* Only the directory: at exit GDAL's thread-local state is already
	 * gone, so sg_global_shutdown here would touch freed memory; the
	 * context stays reachable (no leak reported). */
	if (dir[0] && !getenv("SG_FUZZ_KEEP")) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "fuzz: could not remove %s\n", dir);
	}
}

static void die(const char *what)
{
	fprintf(stderr, "fuzz setup: %s: %s\n", what,
		ctx ? sg_ctx_errmsg(ctx) : "");
	abort();
}

static void copy_file(const char *from, const char *to)
{
	char buf[65536];
	ssize_t n;
	int in = open(from, O_RDONLY), out;

	if (in < 0)
		die(from);
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (out < 0)
		die(to);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			die(to);
	close(in);
	close(out);
}

/* A tiny generated country (sg-gensample --national --reform, written
 * by fuzz/make_seeds.sh into base/): its units in the set "default", the
 * 2025 set "2025-07-01" and the schools of 2019-2020, so that schools,
 * applicants and crosswalks have units and schools to match. */
static void load_base(void)
{
	static const struct {
		const char *file;
		sg_import_kind kind;
		const char *set;
	} files[] = {
		{ "provinces.geojson", SG_IMPORT_UNITS, NULL },
		{ "districts.geojson", SG_IMPORT_UNITS, NULL },
		{ "wards.geojson", SG_IMPORT_UNITS, NULL },
		{ "provinces_2025.geojson", SG_IMPORT_UNITS, "2025-07-01" },
		{ "communes_2025.geojson", SG_IMPORT_UNITS, "2025-07-01" },
		{ "schools.csv", SG_IMPORT_SCHOOLS, NULL },
	};
	const char *base = getenv("SG_FUZZ_BASE");
	char p[1024];

	if (!base || !*base)
		return;
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
		sg_import_options o = SG_IMPORT_OPTIONS_INIT;

		o.rejects_path = sgf_path("base.rejects.csv");
		o.year = "2019-2020";
		o.set = files[i].set;
		snprintf(p, sizeof(p), "%s/%s", base, files[i].file);
		if (sg_import(ctx, files[i].kind, p, &o, NULL) != SG_OK)
			die(p);
	}
}

sg_ctx *sgf_ctx(void)
{
	const char *tmp = getenv("TMPDIR");

	if (ctx)
		return ctx;
	snprintf(dir, sizeof(dir), "%s/sg-fuzz.XXXXXX", tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		die("mkdtemp");
	if (sg_global_init() != SG_OK || sg_ctx_new(&ctx, NULL) != SG_OK)
		die("init");
	atexit(cleanup);
	snprintf(store, sizeof(store), "%s/store.sqlite", dir);
	snprintf(pristine, sizeof(pristine), "%s/pristine.sqlite", dir);
	if (sg_store_create(ctx, store, false) != SG_OK)
		die("store");
	load_base();
	sg_store_close(ctx);
	copy_file(store, pristine);
	if (sg_store_open(ctx, store) != SG_OK)
		die("store open");
	return ctx;
}

const char *sgf_path(const char *name)
{
	snprintf(pathbuf, sizeof(pathbuf), "%s/%s", dir, name);
	return pathbuf;
}

const char *sgf_write(const uint8_t *data, size_t size, const char *ext)
{
	static char p[700];
	int fd;

	sgf_ctx();
	snprintf(p, sizeof(p), "%s/input%s", dir, ext);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size))
		die(p);
	close(fd);
	return p;
}

void sgf_check_rc(sg_ctx *c, int rc, const char *what)
{
	if (rc == SG_OK)
		return;
	if (rc > 0 || rc < SG_ENOSTORE) {
		fprintf(stderr, "%s: undocumented return code %d\n", what, rc);
		abort();
	}
	if (!sg_ctx_errmsg(c) || !sg_ctx_errmsg(c)[0]) {
		fprintf(stderr, "%s: error %d with no message\n", what, rc);
		abort();
	}
}

void sgf_iteration_done(void)
{
	if (++iterations % 500 != 0)
		return;
	sg_store_close(ctx);
	copy_file(pristine, store);
	if (sg_store_open(ctx, store) != SG_OK)
		die("store reopen");
}
