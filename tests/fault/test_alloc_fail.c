/*
 * tests/fault/test_alloc_fail.c - the allocation-failure sweep (#18).
 *
 * Linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,
 * --wrap=strdup,--wrap=strndup against the library's objects, so that
 * only schoolgis's own allocations are counted (GDAL, SQLite, GEOS and
 * PROJ allocate inside their shared libraries, which the wrap does not
 * reach).  For an import (a schools CSV with a bad row, on a store with
 * units), an import of units (GeoJSON polygons, empty store) and a
 * catchments run (voronoi and distance), the operation is
 * first run once to count its allocations N; then for n = 1..N (every
 * n, or every STRIDE-th with its phase moving so that every residue is
 * visited) allocation n fails.  Each run must then either fail with a
 * documented error code and a message, leaving the store's contents
 * exactly as before (a hash of every table's rows and the schema), or
 * succeed with the same counts as the reference run.  Leaks on any of
 * these paths are caught by LeakSanitizer at exit in the ASan build.
 *
 * Usage: test_alloc_fail [STRIDE]   (default: $SG_FAULT_STRIDE, else 1)
 */
#include <fcntl.h>
#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include <schoolgis/schoolgis.h>

/*---- The wrapped allocator ----------------------------------------------*/

void *__real_malloc(size_t n);
void *__real_calloc(size_t m, size_t n);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t m, size_t n);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

/* Atomic: the stored Voronoi run computes on a worker thread while the
 * caller writes, so allocations come from two threads at once, and a
 * plain ++ can lose counts (an allocation then "never made"). */
static atomic_int counting; /* inside the operation under test */
static atomic_long nalloc;  /* allocations counted so far */
static long fail_at;	    /* the one to fail (0: none) */
static atomic_int failed;   /* it was failed */

static int fail_now(void)
{
	if (!counting)
		return 0;
	if (atomic_fetch_add(&nalloc, 1) + 1 == fail_at) {
		failed = 1;
		return 1;
	}
	return 0;
}

void *__wrap_malloc(size_t n)
{
	return fail_now() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t m, size_t n)
{
	return fail_now() ? NULL : __real_calloc(m, n);
}

void *__wrap_realloc(void *p, size_t n)
{
	return fail_now() ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
	return fail_now() ? NULL : __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
	return fail_now() ? NULL : __real_strndup(s, n);
}

/*---- The store's contents -----------------------------------------------*/

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ c[i]) * 1099511628211ULL;
	return h;
}

/* A hash of the schema and of every row of every ordinary table (not
 * spatial_ref_sys, which nothing writes, nor virtual tables, whose
 * shadow tables are hashed).  rows: OUT, rows seen. */
static uint64_t store_hash(const char *path, long *rows)
{
	sqlite3 *db;
	sqlite3_stmt *t, *r;
	uint64_t h = 14695981039346656037ULL;

	*rows = 0;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_prepare_v2(db,
			       "SELECT name, coalesce(sql, '') FROM "
			       "sqlite_master ORDER BY type, name",
			       -1, &t, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return 0;
	}
	while (sqlite3_step(t) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(t, 0);
		const char *sql = (const char *)sqlite3_column_text(t, 1);
		char q[512];

		h = fnv(h, name, strlen(name) + 1);
		h = fnv(h, sql, strlen(sql) + 1);
		if (strncmp(sql, "CREATE TABLE", 12) != 0 ||
		    strncmp(name, "spatial_ref_sys", 15) == 0)
			continue;
		snprintf(q, sizeof(q), "SELECT * FROM \"%s\"", name);
		if (sqlite3_prepare_v2(db, q, -1, &r, NULL) != SQLITE_OK)
			continue;
		while (sqlite3_step(r) == SQLITE_ROW) {
			for (int c = 0; c < sqlite3_column_count(r); c++) {
				int ty = sqlite3_column_type(r, c);
				const void *b = sqlite3_column_blob(r, c);
				int n = sqlite3_column_bytes(r, c);

				h = fnv(h, &ty, sizeof(ty));
				if (b)
					h = fnv(h, b, (size_t)n);
			}
			(*rows)++;
		}
		sqlite3_finalize(r);
	}
	sqlite3_finalize(t);
	sqlite3_close(db);
	return h;
}

/*---- Fixtures -----------------------------------------------------------*/

static char dir[256];

static const char *in_dir(const char *name)
{
	static char p[4][512];
	static int k;

	k = (k + 1) % 4;
	snprintf(p[k], sizeof(p[k]), "%s/%s", dir, name);
	return p[k];
}

static void put(const char *name, const char *text)
{
	FILE *fp = fopen(in_dir(name), "w");

	if (!fp || fputs(text, fp) < 0 || fclose(fp) != 0) {
		perror(name);
		exit(2);
	}
}

static void copy_file(const char *from, const char *to)
{
	char buf[65536];
	ssize_t n;
	int in = open(from, O_RDONLY);
	int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (in < 0 || out < 0) {
		perror(from);
		exit(2);
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n) {
			perror(to);
			exit(2);
		}
	close(in);
	close(out);
}

/* Two wards side by side, 0.05 degrees square, near Cu Chi. */
static const char units_geojson[] =
	"{\"type\": \"FeatureCollection\", \"features\": [\n"
	"{\"type\": \"Feature\", \"properties\": {\"Mã\": \"00001\", "
	"\"Tên\": \"Xã Một\", \"Cấp\": \"Xã\"}, \"geometry\": "
	"{\"type\": \"Polygon\", \"coordinates\": [[[106.50, 11.00], "
	"[106.55, 11.00], [106.55, 11.05], [106.50, 11.05], "
	"[106.50, 11.00]]]}},\n"
	"{\"type\": \"Feature\", \"properties\": {\"Mã\": \"00002\", "
	"\"Tên\": \"Xã Hai\", \"Cấp\": \"Xã\"}, \"geometry\": "
	"{\"type\": \"Polygon\", \"coordinates\": [[[106.55, 11.00], "
	"[106.60, 11.00], [106.60, 11.05], [106.55, 11.05], "
	"[106.55, 11.00]]]}}\n]}\n";

/* Four schools, one rejected (a negative count), one flagged nowhere. */
static const char schools_csv[] =
	"Mã trường,Tên trường,Cấp học,Mã xã,Kinh độ,Vĩ độ,Năm học,"
	"Số học sinh,Số lớp,Số máy tính phục vụ dạy học,Wifi\n"
	"TH1,Trường TH Một,Tiểu học,00001,106.52,11.02,2016-2017,400,12,"
	"20,Có\n"
	"TH2,Trường TH Hai,Tiểu học,00002,106.58,11.03,2016-2017,350,10,"
	"12,Không\n"
	"TH3,Trường TH Ba,Tiểu học,00002,106.57,11.01,2016-2017,-5,10,"
	"3,x\n"
	"THCS1,Trường THCS Một,THCS,00001,106.53,11.04,2016-2017,600,15,"
	"30,Có\n";

static const char population_csv[] =
	"Mã xã,Năm,Từ tuổi,Đến tuổi,Số người\n"
	"00001,2019,6,10,900\n00002,2019,6,10,700\n"
	"00001,2019,11,14,800\n00002,2019,11,14,600\n";

/*---- The sweep ----------------------------------------------------------*/

typedef int (*op_fn)(sg_ctx *ctx, int64_t out[4]);

static int op_import(sg_ctx *ctx, int64_t out[4])
{
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_import_summary s;
	int rc;

	o.rejects_path = in_dir("rejects.csv");
	memset(&s, 0, sizeof(s));
	rc = sg_import(ctx, SG_IMPORT_SCHOOLS, in_dir("schools.csv"), &o, &s);
	out[0] = s.rows;
	out[1] = s.inserted;
	out[2] = s.rejected;
	out[3] = s.flagged;
	return rc;
}

static int op_import_units(sg_ctx *ctx, int64_t out[4])
{
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_import_summary s;
	int rc;

	o.rejects_path = in_dir("rejects.csv");
	memset(&s, 0, sizeof(s));
	rc = sg_import(ctx, SG_IMPORT_UNITS, in_dir("units.geojson"), &o, &s);
	out[0] = s.rows;
	out[1] = s.inserted;
	out[2] = s.rejected;
	out[3] = s.repaired;
	return rc;
}

static int op_catchments(sg_ctx *ctx, int64_t out[4], sg_catchment_method m)
{
	sg_catchment_options o = SG_CATCHMENT_OPTIONS_INIT;
	sg_catchment_summary s;
	int rc;

	o.level = "primary";
	o.method = m;
	o.max_distance = 1500;
	memset(&s, 0, sizeof(s));
	rc = sg_catchment_compute(ctx, &o, &s);
	out[0] = s.schools;
	out[1] = s.catchments;
	out[2] = s.unserved_areas;
	out[3] = (int64_t)llround(s.catchment_population);
	return rc;
}

static int op_voronoi(sg_ctx *ctx, int64_t out[4])
{
	return op_catchments(ctx, out, SG_CATCHMENT_VORONOI);
}

static int op_distance(sg_ctx *ctx, int64_t out[4])
{
	return op_catchments(ctx, out, SG_CATCHMENT_DISTANCE);
}

/* Run op on a copy of `base` in `work` with allocation fail_at failing. */
static int run_once(const char *work, op_fn op, long n, int64_t out[4],
		    char *msg, size_t msgn)
{
	sg_ctx *ctx = NULL;
	int rc;

	if (sg_ctx_new(&ctx, NULL) != SG_OK || sg_store_open(ctx, work)) {
		fprintf(stderr, "setup: cannot open %s\n", work);
		exit(2);
	}
	nalloc = 0;
	failed = 0;
	fail_at = n;
	counting = 1;
	rc = op(ctx, out);
	counting = 0;
	snprintf(msg, msgn, "%s", sg_ctx_errmsg(ctx));
	sg_ctx_free(ctx);
	return rc;
}

static int sweep(const char *what, const char *base_path, op_fn op, long stride)
{
	char base[512];
	char work[512];
	int64_t ref[4], got[4];
	char msg[1024];
	long rows0, rows, total, runs = 0, errors = 0, nomem = 0;
	long absorbed = 0, bad = 0;
	uint64_t h0;

	snprintf(base, sizeof(base), "%s", base_path);
	h0 = store_hash(base, &rows0);

	snprintf(work, sizeof(work), "%s", in_dir("work.sqlite"));
	copy_file(base, work);
	if (run_once(work, op, 0, ref, msg, sizeof(msg)) != SG_OK) {
		fprintf(stderr, "%s: reference run failed: %s\n", what, msg);
		return 1;
	}
	total = (long)atomic_load(&nalloc);
	copy_file(base, work);
	for (long k = 0;; k++) {
		/* every n with stride 1; else n = 1 + k*stride + (k % stride)
		 * so that the phase moves through every residue */
		long n = 1 + k * stride + (stride > 1 ? k % stride : 0);
		int rc;
		uint64_t h;

		if (n > total)
			break;
		rc = run_once(work, op, n, got, msg, sizeof(msg));
		runs++;
		if (!failed) {
			fprintf(stderr,
				"%s: n=%ld: allocation %ld never made "
				"(%ld this time, %ld in the reference run)\n",
				what, n, n, (long)atomic_load(&nalloc), total);
			bad++;
		}
		if (rc == SG_OK) {
			/* the failure was absorbed: the same result */
			absorbed++;
			if (memcmp(got, ref, sizeof(ref)) != 0) {
				fprintf(stderr,
					"%s: n=%ld: succeeded with "
					"other counts: %lld %lld %lld %lld, "
					"not %lld %lld %lld %lld\n",
					what, n, (long long)got[0],
					(long long)got[1], (long long)got[2],
					(long long)got[3], (long long)ref[0],
					(long long)ref[1], (long long)ref[2],
					(long long)ref[3]);
				bad++;
			}
			copy_file(base, work);
			continue;
		}
		errors++;
		if (rc == SG_ENOMEM)
			nomem++;
		if (rc > 0 || rc < SG_ENOSTORE || !msg[0]) {
			fprintf(stderr, "%s: n=%ld: code %d, message '%s'\n",
				what, n, rc, msg);
			bad++;
		}
		h = store_hash(work, &rows);
		if (h != h0 || rows != rows0) {
			fprintf(stderr,
				"%s: n=%ld: store changed by a failed "
				"run (%ld rows, were %ld): %s\n",
				what, n, rows, rows0, msg);
			bad++;
			copy_file(base, work);
		}
		if (bad > 20)
			break;
	}
	printf("%s: %ld allocations; %ld runs (stride %ld): %ld failed "
	       "cleanly (%ld SG_ENOMEM), %ld absorbed with the same result, "
	       "%ld wrong\n",
	       what, total, runs, stride, errors, nomem, absorbed, bad);
	return bad != 0;
}

static void setup_import(sg_ctx *ctx, sg_import_kind kind, const char *file,
			 const char *year)
{
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;

	o.year = year;
	o.rejects_path = in_dir("setup.rejects.csv");
	if (sg_import(ctx, kind, in_dir(file), &o, NULL) != SG_OK) {
		fprintf(stderr, "setup: %s: %s\n", file, sg_ctx_errmsg(ctx));
		exit(2);
	}
}

int main(int argc, char **argv)
{
	const char *tmp = getenv("TMPDIR");
	const char *env = getenv("SG_FAULT_STRIDE");
	long stride = argc > 1 ? atol(argv[1]) : env ? atol(env) : 1;
	sg_ctx *ctx = NULL;
	char cmd[400];
	int bad = 0;

	if (stride < 1)
		stride = 1;
	snprintf(dir, sizeof(dir), "%s/sg-allocfail.XXXXXX",
		 tmp ? tmp : "/tmp");
	if (!mkdtemp(dir) || sg_global_init() != SG_OK ||
	    sg_ctx_new(&ctx, NULL) != SG_OK)
		return 2;
	put("units.geojson", units_geojson);
	put("schools.csv", schools_csv);
	put("population.csv", population_csv);

	/* Store E: empty (the units import sweep). */
	if (sg_store_create(ctx, in_dir("e.sqlite"), false) != SG_OK)
		return 2;
	sg_store_close(ctx);
	/* Store A: units only (the import sweep).  Store B: units, schools
	 * and population (the catchments sweeps). */
	if (sg_store_create(ctx, in_dir("a.sqlite"), false) != SG_OK)
		return 2;
	setup_import(ctx, SG_IMPORT_UNITS, "units.geojson", NULL);
	sg_store_close(ctx);
	copy_file(in_dir("a.sqlite"), in_dir("b.sqlite"));
	if (sg_store_open(ctx, in_dir("b.sqlite")) != SG_OK)
		return 2;
	setup_import(ctx, SG_IMPORT_SCHOOLS, "schools.csv", NULL);
	setup_import(ctx, SG_IMPORT_POPULATION, "population.csv", "2019");
	sg_store_close(ctx);
	sg_ctx_free(ctx);

	bad |= sweep("import units", in_dir("e.sqlite"), op_import_units,
		     stride);
	bad |= sweep("import schools", in_dir("a.sqlite"), op_import, stride);
	bad |= sweep("catchments voronoi", in_dir("b.sqlite"), op_voronoi,
		     stride);
	bad |= sweep("catchments distance", in_dir("b.sqlite"), op_distance,
		     stride);

	sg_global_shutdown();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return bad;
}
