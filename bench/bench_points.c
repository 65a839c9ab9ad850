/*
 * bench/bench_points.c - driver of bench/catchments.sh for the point
 * workloads of schoolgis/points.h.  Uses the public API only.
 *
 *   bench_points gen --bbox LON0,LAT0,LON1,LAT1 [-n N] [--seed S] -o FILE
 *       N uniform random points in the box, as "lon,lat" CSV with a
 *       header and 9 decimals (0.1 mm), so that PostgreSQL and this
 *       program read exactly the same doubles.
 *   bench_points run --db STORE --level L --points FILE
 *                    [--distance M] [--counts FILE]
 *       reads the points (not timed), then times building the school
 *       index from the store, sg_points_assign and sg_points_within, and
 *       prints key=value lines; --counts writes "school_id,points" for
 *       every school with points.
 *
 * Exit status: 0 done, 1 failure, 2 usage error.
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <schoolgis/schoolgis.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: bench_points gen --bbox LON0,LAT0,LON1,LAT1 [-n N] "
		"[--seed S] -o FILE\n"
		"       bench_points run --db STORE --level L --points FILE "
		"[--distance M]\n"
		"                        [--counts FILE]\n");
	return 2;
}

/* splitmix64: a small, seeded, portable PRNG. */
static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static double uniform(uint64_t *s)
{
	return (double)(next(s) >> 11) * 0x1.0p-53;
}

static int cmd_gen(int argc, char **argv)
{
	double b[4];
	unsigned long long n = 1000000, seed = 42;
	const char *out = NULL, *bbox = NULL;
	uint64_t st;
	FILE *fp;

	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--bbox") && i + 1 < argc)
			bbox = argv[++i];
		else if (!strcmp(argv[i], "-n") && i + 1 < argc)
			n = strtoull(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "-o") && i + 1 < argc)
			out = argv[++i];
		else
			return usage();
	}
	if (!out || !bbox ||
	    sscanf(bbox, "%lf,%lf,%lf,%lf", &b[0], &b[1], &b[2], &b[3]) != 4 ||
	    !(b[2] > b[0] && b[3] > b[1]))
		return usage();
	if (!(fp = fopen(out, "w"))) {
		perror(out);
		return 1;
	}
	st = seed;
	fprintf(fp, "lon,lat\n");
	for (unsigned long long i = 0; i < n; i++) {
		double lon = b[0] + (b[2] - b[0]) * uniform(&st);
		double lat = b[1] + (b[3] - b[1]) * uniform(&st);

		fprintf(fp, "%.9f,%.9f\n", lon, lat);
	}
	if (fclose(fp) != 0) {
		perror(out);
		return 1;
	}
	return 0;
}

/* Read "lon,lat" lines (after a header) into growing arrays. */
static int read_points(const char *path, double **lon, double **lat, size_t *n)
{
	FILE *fp = fopen(path, "r");
	size_t cap = 0;
	char line[256];

	*lon = *lat = NULL;
	*n = 0;
	if (!fp) {
		perror(path);
		return -1;
	}
	if (!fgets(line, sizeof(line), fp)) { /* header */
		fclose(fp);
		return 0;
	}
	while (fgets(line, sizeof(line), fp)) {
		char *end;
		double x = strtod(line, &end), y;

		if (*end != ',')
			continue;
		y = strtod(end + 1, NULL);
		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 1u << 16;
			double *a = realloc(*lon, nc * sizeof(double));
			double *b = a ? realloc(*lat, nc * sizeof(double))
				      : NULL;

			if (a)
				*lon = a;
			if (!b) {
				fclose(fp);
				return -1;
			}
			*lat = b;
			cap = nc;
		}
		(*lon)[*n] = x;
		(*lat)[*n] = y;
		(*n)++;
	}
	fclose(fp);
	return 0;
}

static int cmd_run(int argc, char **argv)
{
	sg_school_index_options o = SG_SCHOOL_INDEX_OPTIONS_INIT;
	sg_points_summary sa, sw;
	const char *db = NULL, *pts = NULL, *counts_path = NULL;
	double distance = 1000, *lon = NULL, *lat = NULL, t0, t1, t2, t3, ti;
	sg_school_index *idx = NULL;
	size_t n = 0, *school = NULL, ns;
	uint64_t *counts = NULL;
	uint8_t *within = NULL;
	sg_ctx *ctx = NULL;
	int rc = 1;

	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--db") && i + 1 < argc)
			db = argv[++i];
		else if (!strcmp(argv[i], "--level") && i + 1 < argc)
			o.level = argv[++i];
		else if (!strcmp(argv[i], "--points") && i + 1 < argc)
			pts = argv[++i];
		else if (!strcmp(argv[i], "--distance") && i + 1 < argc)
			distance = strtod(argv[++i], NULL);
		else if (!strcmp(argv[i], "--counts") && i + 1 < argc)
			counts_path = argv[++i];
		else
			return usage();
	}
	if (!db || !o.level || !pts)
		return usage();
	if (read_points(pts, &lon, &lat, &n) != 0) {
		fprintf(stderr, "bench_points: cannot read %s\n", pts);
		goto out;
	}
	school = malloc((n ? n : 1) * sizeof(*school));
	within = malloc(n ? n : 1);
	if (!school || !within || sg_ctx_new(&ctx, NULL) != SG_OK) {
		fprintf(stderr, "bench_points: cannot start\n");
		goto out;
	}
	if (sg_store_open(ctx, db) != SG_OK)
		goto fail;
	/* Timed: what a user of the library pays for the answers. */
	t0 = now();
	if (sg_school_index_new(ctx, &o, &idx) != SG_OK)
		goto fail;
	ti = now() - t0;
	ns = sg_school_index_count(idx);
	counts = malloc((ns ? ns : 1) * sizeof(*counts));
	if (!counts)
		goto out;
	t1 = now();
	if (sg_points_assign(idx, lon, lat, n, school, counts, &sa) != SG_OK)
		goto fail;
	t2 = now();
	if (sg_points_within(idx, lon, lat, n, distance, within, &sw) != SG_OK)
		goto fail;
	t3 = now();
	printf("points=%zu\nschools=%zu\ncrs=%s\n", n, ns,
	       sg_school_index_crs(idx));
	printf("index_s=%.6f\nassign_s=%.6f\nwithin_s=%.6f\n", ti, t2 - t1,
	       t3 - t2);
	printf("invalid=%llu\nin_area=%llu\nassigned=%llu\n",
	       (unsigned long long)sa.invalid, (unsigned long long)sa.in_area,
	       (unsigned long long)sa.assigned);
	printf("within=%llu\nwithin_share=%.9f\nmax_distance=%.3f\n",
	       (unsigned long long)sw.within, sw.within_share, sw.max_distance);
	if (counts_path) {
		FILE *fp = fopen(counts_path, "w");

		if (!fp) {
			perror(counts_path);
			goto out;
		}
		fprintf(fp, "school_id,points\n");
		for (size_t i = 0; i < ns; i++)
			if (counts[i] > 0)
				fprintf(fp, "%lld,%llu\n",
					(long long)sg_school_index_id(idx, i),
					(unsigned long long)counts[i]);
		if (fclose(fp) != 0) {
			perror(counts_path);
			goto out;
		}
	}
	rc = 0;
	goto out;
fail:
	fprintf(stderr, "bench_points: %s\n", sg_ctx_errmsg(ctx));
out:
	sg_school_index_free(idx);
	sg_ctx_free(ctx);
	free(lon);
	free(lat);
	free(school);
	free(within);
	free(counts);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "gen"))
		return cmd_gen(argc, argv);
	if (!strcmp(argv[1], "run")) {
		int rc;

		if (sg_global_init() != SG_OK) {
			fprintf(stderr, "bench_points: %s\n", sg_error_last());
			return 1;
		}
		rc = cmd_run(argc, argv);
		sg_global_shutdown();
		return rc;
	}
	return usage();
}
