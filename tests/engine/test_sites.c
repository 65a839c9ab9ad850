/*
 * tests/engine/test_sites.c - the lazy greedy of engine/sites.c against
 * independent references: a naive greedy that recomputes every gain
 * point by point at every step, and the exhaustive optimum over all sets
 * of K candidates (greedy >= (1 - 1/e) x optimum); hand-computed
 * fixtures for the clusters, the existing schools and the tie rule.
 */
#include <math.h>

#include "engine/sites.h"
#include "sg_test.h"

/*---- References -----------------------------------------------------------*/

/* A problem instance, owning its arrays. */
typedef struct {
	size_t nd, nc, ne, k;
	double *dx, *dy, *dw, *cx, *cy, *ex, *ey, r;
} inst;

static void inst_alloc(inst *p, size_t nd, size_t nc, size_t ne)
{
	memset(p, 0, sizeof(*p));
	p->nd = nd;
	p->nc = nc;
	p->ne = ne;
	p->dx = calloc(nd + 1, sizeof(double));
	p->dy = calloc(nd + 1, sizeof(double));
	p->dw = calloc(nd + 1, sizeof(double));
	p->cx = calloc(nc + 1, sizeof(double));
	p->cy = calloc(nc + 1, sizeof(double));
	p->ex = calloc(ne + 1, sizeof(double));
	p->ey = calloc(ne + 1, sizeof(double));
	assert_true(p->dx && p->dy && p->dw && p->cx && p->cy && p->ex &&
		    p->ey);
}

static void inst_free(inst *p)
{
	free(p->dx);
	free(p->dy);
	free(p->dw);
	free(p->cx);
	free(p->cy);
	free(p->ex);
	free(p->ey);
}

static sg_sites_in inst_in(const inst *p)
{
	sg_sites_in in = { 0 };

	in.ndemand = p->nd;
	in.dx = p->dx;
	in.dy = p->dy;
	in.dw = p->dw;
	in.ncand = p->nc;
	in.cx = p->cx;
	in.cy = p->cy;
	in.nexisting = p->ne;
	in.ex = p->ex;
	in.ey = p->ey;
	in.radius = p->r;
	in.count = p->k;
	return in;
}

static int within(double ax, double ay, double bx, double by, double r)
{
	double dx = ax - bx, dy = ay - by;

	return dx * dx + dy * dy <= r * r;
}

/* Served by an existing school (brute force). */
static int by_existing(const inst *p, size_t i)
{
	for (size_t e = 0; e < p->ne; e++)
		if (within(p->dx[i], p->dy[i], p->ex[e], p->ey[e], p->r))
			return 1;
	return 0;
}

/*
 * The naive greedy: every step, every candidate's gain from scratch over
 * every demand point; the largest gain wins, ties to the lower index;
 * stops when the best gain is 0.  Weights are whole numbers here, so
 * double sums are exact.  Returns the number of picks.
 */
static size_t naive(const inst *p, size_t *pick, double *gain, double *before)
{
	char *done = calloc(p->nd + 1, 1);
	size_t n = 0;

	*before = 0;
	for (size_t i = 0; i < p->nd; i++)
		if (by_existing(p, i)) {
			done[i] = 1;
			if (p->dw[i] > 0)
				*before += p->dw[i];
		}
	for (size_t step = 0; step < p->k; step++) {
		double best = 0;
		size_t bc = 0;

		for (size_t c = 0; c < p->nc; c++) {
			double g = 0;

			for (size_t i = 0; i < p->nd; i++)
				if (!done[i] && p->dw[i] > 0 &&
				    within(p->dx[i], p->dy[i], p->cx[c],
					   p->cy[c], p->r))
					g += p->dw[i];
			if (g > best) {
				best = g;
				bc = c;
			}
		}
		if (best == 0)
			break;
		for (size_t i = 0; i < p->nd; i++)
			if (within(p->dx[i], p->dy[i], p->cx[bc], p->cy[bc],
				   p->r))
				done[i] = 1;
		pick[n] = bc;
		gain[n++] = best;
	}
	free(done);
	return n;
}

/* The best total of any k candidates (k <= 4), exhaustively. */
static double optimum(const inst *p, size_t k)
{
	size_t nw = (p->nd + 63) / 64, idx[4] = { 0, 1, 2, 3 };
	uint64_t *cov = calloc(p->nc * nw + 1, sizeof(uint64_t));
	uint64_t acc[64];
	double best = 0;

	assert_true(k >= 1 && k <= 4 && k <= p->nc && nw <= 64);
	for (size_t c = 0; c < p->nc; c++)
		for (size_t i = 0; i < p->nd; i++)
			if (p->dw[i] > 0 && !by_existing(p, i) &&
			    within(p->dx[i], p->dy[i], p->cx[c], p->cy[c],
				   p->r))
				cov[c * nw + i / 64] |= 1ull << (i % 64);
	for (;;) {
		double t = 0;

		memset(acc, 0, sizeof(acc));
		for (size_t j = 0; j < k; j++)
			for (size_t w = 0; w < nw; w++)
				acc[w] |= cov[idx[j] * nw + w];
		for (size_t i = 0; i < p->nd; i++)
			if (acc[i / 64] >> (i % 64) & 1)
				t += p->dw[i];
		if (t > best)
			best = t;
		/* Next combination of k out of nc. */
		{
			size_t j = k;

			while (j > 0 && idx[j - 1] == p->nc - k + j - 1)
				j--;
			if (j == 0)
				break;
			idx[j - 1]++;
			for (size_t m = j; m < k; m++)
				idx[m] = idx[m - 1] + 1;
		}
	}
	free(cov);
	return best;
}

/* xorshift64*: the same instances on every machine. */
static uint64_t rng_state;

static double rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (double)((rng_state * 2685821657736338717ull) >> 11) /
	       9007199254740992.0;
}

static sg_ctx *ctx_new(void)
{
	sg_ctx *ctx = NULL;

	assert_int_equal(sg_ctx_new(&ctx, NULL), SG_OK);
	return ctx;
}

/* Run the engine and compare with the naive greedy, pick by pick. */
static void check_vs_naive(sg_ctx *ctx, const inst *p, sg_sites_out *out)
{
	sg_sites_in in = inst_in(p);
	size_t *pick = calloc(p->k + 1, sizeof(size_t)), n;
	double *gain = calloc(p->k + 1, sizeof(double)), before, total = 0;

	assert_sg_ok(ctx, sg_sites__greedy(ctx, &in, out));
	n = naive(p, pick, gain, &before);
	if (out->npicked != n)
		fail_msg("greedy picked %zu sites, naive %zu", out->npicked, n);
	for (size_t s = 0; s < n; s++) {
		if (out->pick[s] != pick[s] || out->gain[s] != gain[s])
			fail_msg("step %zu: greedy %zu (%.6f), naive %zu "
				 "(%.6f)",
				 s, out->pick[s], out->gain[s], pick[s],
				 gain[s]);
	}
	assert_true(out->served_before == before);
	for (size_t i = 0; i < p->nd; i++)
		if (p->dw[i] > 0)
			total += p->dw[i];
	assert_true(out->total == total);
	assert_int_equal(out->exhausted, n < p->k);
	/* served_by agrees: each point by the first site covering it. */
	for (size_t i = 0; i < p->nd; i++) {
		long want = SG_SITES_UNSERVED;

		if (by_existing(p, i))
			want = SG_SITES_EXISTING;
		for (size_t s = 0; s < n && want == SG_SITES_UNSERVED; s++)
			if (within(p->dx[i], p->dy[i], p->cx[pick[s]],
				   p->cy[pick[s]], p->r))
				want = (long)s;
		if (out->served_by[i] != want)
			fail_msg("point %zu: served_by %ld, expected %ld", i,
				 out->served_by[i], want);
	}
	free(pick);
	free(gain);
}

/*---- Tests ----------------------------------------------------------------*/

/* 30 candidates, 200 children's homes, K = 1..4: the lazy greedy picks
 * what the naive greedy picks, and optimum >= greedy >= (1-1/e) opt. */
static void test_sites__small_random_vs_naive_and_optimum(void **state)
{
	sg_ctx *ctx = ctx_new();

	(void)state;
	rng_state = 0x5eed5eedull;
	for (int t = 0; t < 40; t++) {
		inst p;

		inst_alloc(&p, 200, 30, (size_t)(t % 4));
		for (size_t i = 0; i < p.nd; i++) {
			p.dx[i] = rnd() * 1000;
			p.dy[i] = rnd() * 1000;
			p.dw[i] = floor(rnd() * 10); /* 0 .. 9, some 0 */
		}
		for (size_t c = 0; c < p.nc; c++) {
			p.cx[c] = rnd() * 1000;
			p.cy[c] = rnd() * 1000;
		}
		for (size_t e = 0; e < p.ne; e++) {
			p.ex[e] = rnd() * 1000;
			p.ey[e] = rnd() * 1000;
		}
		p.r = 60 + rnd() * 240;
		for (size_t k = 1; k <= 4; k++) {
			sg_sites_out out;
			double got = 0, opt;

			p.k = k;
			check_vs_naive(ctx, &p, &out);
			for (size_t s = 0; s < out.npicked; s++)
				got += out.gain[s];
			opt = optimum(&p, k);
			if (!(got <= opt && got >= (1 - exp(-1)) * opt))
				fail_msg("instance %d, K=%zu: greedy %.0f, "
					 "optimum %.0f",
					 t, k, got, opt);
			sg_sites__out_free(&out);
		}
		inst_free(&p);
	}
	sg_ctx_free(ctx);
}

/* Larger, clustered instances and radii from tiny to all-covering:
 * the bucket grid and the prefix sums change nothing. */
static void test_sites__large_random_vs_naive(void **state)
{
	static const double radii[] = { 0.5, 7, 40, 150, 600, 5000 };
	sg_ctx *ctx = ctx_new();

	(void)state;
	rng_state = 0xc0ffee11ull;
	for (size_t ri = 0; ri < sizeof(radii) / sizeof(*radii); ri++) {
		inst p;

		inst_alloc(&p, 3000, 400, 5);
		for (size_t i = 0; i < p.nd; i++) {
			/* Five clusters over a 2 x 1 km box. */
			double ccx = 200 + 400 * (double)(i % 5);
			double ccy = 300 + 100 * (double)(i % 3);
			double a = rnd() * 6.283185307179586;
			double d = 250 * rnd() * rnd();

			p.dx[i] = ccx + d * cos(a);
			p.dy[i] = ccy + d * sin(a);
			p.dw[i] = 1 + floor(rnd() * 20);
		}
		for (size_t c = 0; c < p.nc; c++) {
			p.cx[c] = rnd() * 2000;
			p.cy[c] = rnd() * 1000;
		}
		for (size_t e = 0; e < p.ne; e++) {
			p.ex[e] = rnd() * 2000;
			p.ey[e] = rnd() * 1000;
		}
		p.r = radii[ri];
		p.k = 12;
		{
			sg_sites_out out;

			check_vs_naive(ctx, &p, &out);
			/* Lazy: far fewer gains than K x candidates. */
			assert_true(out.evaluations < p.k * p.nc);
			sg_sites__out_free(&out);
		}
		inst_free(&p);
	}
	sg_ctx_free(ctx);
}

/* Homes on a unit lattice and candidates on lattice points: many homes
 * lie exactly at the radius (3-4-5 triangles), and count (<=). */
static void test_sites__lattice_boundary_exact(void **state)
{
	sg_ctx *ctx = ctx_new();
	inst p;
	size_t n = 0;

	(void)state;
	inst_alloc(&p, 41 * 41, 9, 0);
	for (int j = 0; j <= 40; j++)
		for (int i = 0; i <= 40; i++) {
			p.dx[n] = 500000 + i; /* UTM-sized coordinates */
			p.dy[n] = 1200000 + j;
			p.dw[n++] = 1 + (i * 7 + j * 3) % 5;
		}
	for (size_t c = 0; c < p.nc; c++) {
		p.cx[c] = 500000 + 5 + 15 * (double)(c % 3);
		p.cy[c] = 1200000 + 5 + 15 * (double)(c / 3);
	}
	for (double r = 1; r <= 25; r += 4) {
		sg_sites_out out;

		p.r = r;
		p.k = 5;
		check_vs_naive(ctx, &p, &out);
		sg_sites__out_free(&out);
	}
	/* The first site at radius 5 covers the 81 lattice points within
	 * 5 (x^2 + y^2 <= 25) of a lattice point. */
	{
		sg_sites_out out;
		sg_sites_in in;
		size_t cnt = 0;

		p.r = 5;
		p.k = 1;
		for (size_t i = 0; i < p.nd; i++)
			p.dw[i] = 1;
		in = inst_in(&p);
		assert_sg_ok(ctx, sg_sites__greedy(ctx, &in, &out));
		for (int x = -5; x <= 5; x++)
			for (int y = -5; y <= 5; y++)
				cnt += x * x + y * y <= 25;
		assert_int_equal(cnt, 81);
		assert_true(out.gain[0] == 81);
		assert_int_equal(out.pick[0], 0); /* all tie: the first */
		sg_sites__out_free(&out);
	}
	inst_free(&p);
	sg_ctx_free(ctx);
}

/*
 * Two clusters of children 5 km apart: 100 around (0, 0), 60 around
 * (5000, 0), each within 300 m of its centre.  Candidates: the middle
 * (serves nobody within 1 km), cluster B's centre, cluster A's centre and
 * a point 100 m from A's centre (serves A too, later index).  K = 2 picks
 * A's centre (index 2: 100 children), then B's (60): one in each.
 */
static void test_sites__two_clusters_hand_computed(void **state)
{
	sg_ctx *ctx = ctx_new();
	sg_sites_out out;
	sg_sites_in in;
	inst p;

	(void)state;
	inst_alloc(&p, 16, 4, 0);
	for (size_t i = 0; i < 10; i++) { /* A: 10 homes of 10 */
		p.dx[i] = 300 * cos(0.6 * (double)i) * (double)(i % 2);
		p.dy[i] = 300 * sin(0.6 * (double)i) * (double)(i % 2);
		p.dw[i] = 10;
	}
	for (size_t i = 10; i < 16; i++) { /* B: 6 homes of 10 */
		p.dx[i] = 5000 + 200 * cos((double)i);
		p.dy[i] = 200 * sin((double)i);
		p.dw[i] = 10;
	}
	p.cx[0] = 2500;
	p.cx[1] = 5000;
	p.cx[2] = 0;
	p.cx[3] = 100;
	p.r = 1000;
	p.k = 2;
	in = inst_in(&p);
	assert_sg_ok(ctx, sg_sites__greedy(ctx, &in, &out));
	assert_int_equal(out.npicked, 2);
	assert_int_equal(out.pick[0], 2);
	assert_true(out.gain[0] == 100);
	assert_int_equal(out.pick[1], 1);
	assert_true(out.gain[1] == 60);
	assert_true(out.total == 160 && out.served_before == 0);
	assert_int_equal(out.exhausted, 0);
	for (size_t i = 0; i < 16; i++)
		assert_int_equal(out.served_by[i], i < 10 ? 0 : 1);
	sg_sites__out_free(&out);

	/* K = 3: the third site would serve nobody: the search stops. */
	p.k = 3;
	in = inst_in(&p);
	assert_sg_ok(ctx, sg_sites__greedy(ctx, &in, &out));
	assert_int_equal(out.npicked, 2);
	assert_int_equal(out.exhausted, 1);
	sg_sites__out_free(&out);

	/* An existing school 200 m from A's centre serves A already: B's
	 * centre is the only site worth building. */
	p.ne = 1;
	p.ex[0] = 0;
	p.ey[0] = 200;
	p.k = 2;
	in = inst_in(&p);
	assert_sg_ok(ctx, sg_sites__greedy(ctx, &in, &out));
	assert_true(out.served_before == 100);
	assert_int_equal(out.npicked, 1);
	assert_int_equal(out.pick[0], 1);
	assert_true(out.gain[0] == 60);
	assert_int_equal(out.exhausted, 1);
	assert_int_equal(out.served_by[0], SG_SITES_EXISTING);
	sg_sites__out_free(&out);
	inst_free(&p);
	sg_ctx_free(ctx);
}

/* Fractional children are counted to the micro-child: the sum of gains
 * is the children within reach, and equal gains are ties. */
static void test_sites__fractions_and_ties(void **state)
{
	sg_ctx *ctx = ctx_new();
	sg_sites_out out;
	sg_sites_in in;
	inst p;

	(void)state;
	inst_alloc(&p, 3, 3, 0);
	p.dx[0] = 0;
	p.dw[0] = 0.1;
	p.dx[1] = 0;
	p.dw[1] = 0.2;
	p.dx[2] = 1000;
	p.dw[2] = 0.3;	/* 0.1 + 0.2 != 0.3 in doubles; here a tie */
	p.cx[0] = 1000; /* serves 0.3 */
	p.cx[1] = 0;	/* serves 0.1 + 0.2 */
	p.cx[2] = 1000; /* the same as 0: a later duplicate */
	p.r = 10;
	p.k = 3;
	in = inst_in(&p);
	assert_sg_ok(ctx, sg_sites__greedy(ctx, &in, &out));
	assert_int_equal(out.npicked, 2);
	assert_int_equal(out.pick[0], 0); /* tie with 1: the lower index */
	assert_int_equal(out.pick[1], 1);
	assert_true(fabs(out.gain[0] - 0.3) < 1e-12);
	assert_true(fabs(out.gain[1] - 0.3) < 1e-12);
	assert_true(fabs(out.total - 0.6) < 1e-12);
	sg_sites__out_free(&out);
	inst_free(&p);
	sg_ctx_free(ctx);
}

static void test_sites__bad_input(void **state)
{
	sg_ctx *ctx = ctx_new();
	sg_sites_out out;
	sg_sites_in in;
	inst p;

	(void)state;
	inst_alloc(&p, 1, 1, 0);
	p.dw[0] = 1;
	p.k = 1;
	p.r = 0;
	in = inst_in(&p);
	assert_sg_fails(ctx, sg_sites__greedy(ctx, &in, &out), SG_EINVALID,
			"distance must be positive");
	in.radius = -5;
	assert_sg_fails(ctx, sg_sites__greedy(ctx, &in, &out), SG_EINVALID,
			"distance must be positive");
	in.radius = INFINITY;
	assert_sg_fails(ctx, sg_sites__greedy(ctx, &in, &out), SG_EINVALID,
			"distance must be positive");
	in.radius = 10;
	in.count = 0;
	assert_sg_fails(ctx, sg_sites__greedy(ctx, &in, &out), SG_EINVALID,
			"at least 1");
	assert_null(out.pick);
	/* No demand, no candidates: nothing to pick, not an error. */
	in.count = 3;
	in.ndemand = 0;
	in.ncand = 0;
	assert_sg_ok(ctx, sg_sites__greedy(ctx, &in, &out));
	assert_int_equal(out.npicked, 0);
	assert_int_equal(out.exhausted, 1);
	sg_sites__out_free(&out);
	inst_free(&p);
	sg_ctx_free(ctx);
}

static int setup(void **state)
{
	(void)state;
	return sg_global_init();
}

static int teardown(void **state)
{
	(void)state;
	sg_global_shutdown();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sites__small_random_vs_naive_and_optimum),
		cmocka_unit_test(test_sites__large_random_vs_naive),
		cmocka_unit_test(test_sites__lattice_boundary_exact),
		cmocka_unit_test(test_sites__two_clusters_hand_computed),
		cmocka_unit_test(test_sites__fractions_and_ties),
		cmocka_unit_test(test_sites__bad_input),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
