/*
 * bench/bench_roads.c - the multi-source shortest paths of engine/roads.c
 * on a generated city, for bench/roads.sh.  Links the library's internal
 * objects (like the unit tests): the engine call is what is timed.
 *
 *   bench_roads write DIR [SIDE] [NSCHOOLS]
 *       a SIDE x SIDE street grid (default 708: about 1,000,000 edges,
 *       50 m blocks, jittered; every 7th row one-way east, every 11th
 *       column one-way north), 500 schools on random crossings; writes
 *       DIR/edges.csv (id,source,target,cost,reverse_cost with -1 for a
 *       closed way, seconds at 30 km/h, edges reversed so that pgRouting's
 *       trips from the schools are our trips to them) and DIR/schools.txt
 *   bench_roads run DIR
 *       read them back, build the graph, run the search from all schools
 *       (timed: wall and CPU seconds of sg_road__field_new) and write
 *       DIR/ours.csv (node,cost) for the reachable nodes; prints
 *       "build_s=... search_s=... nodes=... edges=... reached=..."
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/roads.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static unsigned long long rs = 88172645463325252ULL;

static double rnd(void)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return (double)(rs >> 11) / 9007199254740992.0;
}

static int write_city(const char *dir, int side, int nsch)
{
	char path[4096];
	FILE *fe, *fs;
	double *x, *y, ms = 30 / 3.6;
	size_t n = (size_t)side * side, id = 0;

	x = malloc(n * sizeof(double));
	y = malloc(n * sizeof(double));
	if (!x || !y)
		return 1;
	for (int j = 0; j < side; j++)
		for (int i = 0; i < side; i++) {
			x[(size_t)j * side + i] = i * 50.0 + 16 * rnd() - 8;
			y[(size_t)j * side + i] = j * 50.0 + 16 * rnd() - 8;
		}
	snprintf(path, sizeof(path), "%s/edges.csv", dir);
	if (!(fe = fopen(path, "w")))
		return 1;
	fprintf(fe, "id,source,target,cost,reverse_cost\n");
	for (int j = 0; j < side; j++)
		for (int i = 0; i < side; i++) {
			size_t a = (size_t)j * side + i;

			for (int d = 0; d < 2; d++) {
				size_t b = d ? a + (size_t)side : a + 1;
				double len, t, fwd, bwd;
				int one;

				if ((d == 0 && i + 1 >= side) ||
				    (d == 1 && j + 1 >= side))
					continue;
				len = hypot(x[b] - x[a], y[b] - y[a]);
				t = len / ms;
				one = d == 0 ? j % 7 == 3 : i % 11 == 5;
				fwd = t;
				bwd = one ? -1 : t;
				/* Reversed: pgRouting runs from the schools,
				 * we run to them. */
				fprintf(fe, "%zu,%zu,%zu,%.17g,%.17g\n", ++id,
					b, a, fwd, bwd);
			}
		}
	fclose(fe);
	snprintf(path, sizeof(path), "%s/nodes.csv", dir);
	if (!(fe = fopen(path, "w")))
		return 1;
	for (size_t a = 0; a < n; a++)
		fprintf(fe, "%.17g,%.17g\n", x[a], y[a]);
	fclose(fe);
	snprintf(path, sizeof(path), "%s/schools.txt", dir);
	if (!(fs = fopen(path, "w")))
		return 1;
	for (int s = 0; s < nsch; s++)
		fprintf(fs, "%zu\n", (size_t)(rnd() * (double)n));
	fclose(fs);
	free(x);
	free(y);
	return 0;
}

static int run(const char *dir)
{
	char path[4096], line[256];
	FILE *fp;
	size_t nn = 0, cap = 1 << 20, ne = 0, ecap = 1 << 21, ns = 0;
	double *x = malloc(cap * sizeof(double)),
	       *y = malloc(cap * sizeof(double));
	uint32_t *u = malloc(ecap * sizeof(uint32_t));
	uint32_t *v = malloc(ecap * sizeof(uint32_t));
	double *len = malloc(ecap * sizeof(double));
	double *tf = malloc(ecap * sizeof(double));
	double *tb = malloc(ecap * sizeof(double));
	sg_road_snap *src = malloc(4096 * sizeof(*src));
	sg_roadnet *net = NULL;
	sg_road_field *f = NULL;
	sg_ctx *ctx = NULL;
	double t0, t1, t2, c1, c2;
	size_t reached = 0;

	if (sg_global_init() != SG_OK || sg_ctx_new(&ctx, NULL) != SG_OK)
		return 1;
	snprintf(path, sizeof(path), "%s/nodes.csv", dir);
	if (!(fp = fopen(path, "r")))
		return 1;
	while (nn < cap && fscanf(fp, "%lf,%lf", &x[nn], &y[nn]) == 2)
		nn++;
	fclose(fp);
	snprintf(path, sizeof(path), "%s/edges.csv", dir);
	if (!(fp = fopen(path, "r")) || !fgets(line, sizeof(line), fp))
		return 1;
	while (ne < ecap && fgets(line, sizeof(line), fp)) {
		size_t id, a, b;
		double c, rc;

		if (sscanf(line, "%zu,%zu,%zu,%lf,%lf", &id, &a, &b, &c, &rc) !=
		    5)
			return 1;
		/* The file's edge is reversed: ours is target -> source,
		 * cost forwards, reverse_cost backwards. */
		u[ne] = (uint32_t)b;
		v[ne] = (uint32_t)a;
		tf[ne] = c;
		tb[ne] = rc;
		len[ne] = hypot(x[b] - x[a], y[b] - y[a]);
		ne++;
	}
	fclose(fp);
	snprintf(path, sizeof(path), "%s/schools.txt", dir);
	if (!(fp = fopen(path, "r")))
		return 1;
	t0 = now();
	{
		sg_road_edges in = { nn, x, y, ne, u, v, len, tf, tb };

		if (sg_road__build(ctx, &in, &net) != SG_OK)
			return 1;
	}
	free(u);
	free(v);
	free(len);
	free(tf);
	free(tb);
	while (ns < 4096 && fgets(line, sizeof(line), fp)) {
		size_t a = strtoul(line, NULL, 10);

		/* A school on a crossing: snapped there, no off-road leg. */
		if (!sg_road__snap(net, x[a], y[a], 1, &src[ns]))
			return 1;
		if (src[ns].off > 1e-6)
			return 1;
		ns++;
	}
	fclose(fp);
	t1 = now();
	c1 = cpu();
	if (sg_road__field_new(ctx, net, SG_ROAD_COST_TIME, src, ns, 1, &f) !=
	    SG_OK) {
		fprintf(stderr, "%s\n", sg_ctx_errmsg(ctx));
		return 1;
	}
	t2 = now();
	c2 = cpu();
	snprintf(path, sizeof(path), "%s/ours.csv", dir);
	if (!(fp = fopen(path, "w")))
		return 1;
	for (uint32_t a = 0; a < nn; a++) {
		double c;

		if (sg_road__field_node(f, a, &c) == SG_ROAD_NONE)
			continue;
		fprintf(fp, "%u,%.9f\n", a, c);
		reached++;
	}
	fclose(fp);
	printf("build_s=%.3f search_s=%.3f search_cpu_s=%.3f nodes=%zu "
	       "edges=%zu schools=%zu reached=%zu\n",
	       t1 - t0, t2 - t1, c2 - c1, nn, ne, ns, reached);
	sg_road__field_free(f);
	sg_road__free(net);
	sg_ctx_free(ctx);
	free(x);
	free(y);
	free(src);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "write"))
		return write_city(argv[2], argc > 3 ? atoi(argv[3]) : 708,
				  argc > 4 ? atoi(argv[4]) : 500);
	if (argc == 3 && !strcmp(argv[1], "run"))
		return run(argv[2]);
	fprintf(stderr, "usage: bench_roads write DIR [SIDE] [NSCHOOLS] | "
			"run DIR\n");
	return 2;
}
