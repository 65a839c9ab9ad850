/*
 * tests/engine/test_roads.c - the road graph against independent
 * methods.  The generated town has a river crossed by two bridges, one-
 * way streets and a part that no road joins to the rest.  The reference
 * is built apart: every snapped school and place becomes a real node of
 * an explicit graph (its edge cut into pieces there), and a plain O(n^2)
 * Dijkstra runs from each place separately; snapping is checked against
 * a scan of every edge.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/roads_catch.h"
#include "engine/sites.h"
#include "sg_catch_check.h"

/*---- A town: grid streets, a river, two bridges, one-way rows ------------*/

#define GW 14	   /* columns of the main grid */
#define GH 10	   /* rows */
#define STEP 100.0 /* metres between streets */
#define RIVER 6	   /* the river runs between columns 6 and 7 */
#define MAXN 512
#define MAXE 1024

typedef struct {
	size_t nn, ne;
	double x[MAXN], y[MAXN];
	uint32_t u[MAXE], v[MAXE];
	double len[MAXE], tf[MAXE], tb[MAXE];
} town;

static unsigned rnd_state = 12345;

static double rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return ((rnd_state >> 8) & 0xffff) / 65536.0;
}

static void add_edge(town *t, uint32_t a, uint32_t b, double kmh, int dir)
{
	double d = hypot(t->x[b] - t->x[a], t->y[b] - t->y[a]);
	size_t e = t->ne++;

	t->u[e] = a;
	t->v[e] = b;
	t->len[e] = d;
	t->tf[e] = dir >= 0 ? d / (kmh / 3.6) : -1;
	t->tb[e] = dir <= 0 ? d / (kmh / 3.6) : -1;
}

static void make_town(town *t)
{
	memset(t, 0, sizeof(*t));
	rnd_state = 12345;
	for (int j = 0; j < GH; j++)
		for (int i = 0; i < GW; i++) {
			/* Jitter: no two trips cost the same. */
			t->x[t->nn] = i * STEP + 20 * rnd() - 10;
			t->y[t->nn] = j * STEP + 20 * rnd() - 10;
			t->nn++;
		}
	for (int j = 0; j < GH; j++)
		for (int i = 0; i + 1 < GW; i++) {
			uint32_t a = (uint32_t)(j * GW + i), b = a + 1;

			/* The river: only rows 1 and 8 have bridges. */
			if (i == RIVER && j != 1 && j != 8)
				continue;
			/* Rows 3 and 5 are one-way east, row 4 one-way
			 * west: faster main roads. */
			if (j == 3 || j == 5)
				add_edge(t, a, b, 40, 1);
			else if (j == 4)
				add_edge(t, a, b, 40, -1);
			else
				add_edge(t, a, b, 20, 0);
		}
	for (int j = 0; j + 1 < GH; j++)
		for (int i = 0; i < GW; i++) {
			uint32_t a = (uint32_t)(j * GW + i), b = a + GW;

			/* Column 2 is one-way north. */
			add_edge(t, a, b, 20, i == 2 ? 1 : 0);
		}
	/* A disconnected hamlet east of the town: a 3 x 3 grid. */
	{
		size_t base = t->nn;

		for (int j = 0; j < 3; j++)
			for (int i = 0; i < 3; i++) {
				t->x[t->nn] = 2000 + i * STEP;
				t->y[t->nn] = 300 + j * STEP;
				t->nn++;
			}
		for (int j = 0; j < 3; j++)
			for (int i = 0; i < 3; i++) {
				uint32_t a = (uint32_t)(base + j * 3 + i);

				if (i < 2)
					add_edge(t, a, a + 1, 20, 0);
				if (j < 2)
					add_edge(t, a, a + 3, 20, 0);
			}
	}
}

static sg_roadnet *town_net(sg_ctx *ctx, const town *t)
{
	sg_road_edges in = { t->nn, t->x,   t->y,  t->ne, t->u,
			     t->v,  t->len, t->tf, t->tb };
	sg_roadnet *net;

	assert_sg_ok(ctx, sg_road__build(ctx, &in, &net));
	return net;
}

/*---- The reference: an explicit graph and a plain Dijkstra -----------------*/

#define MAXP 64 /* snapped places (schools and homes) */

typedef struct {
	size_t n; /* nodes: town nodes, then places */
	size_t m;
	uint32_t from[MAXE * 2 + 4 * MAXP], to[MAXE * 2 + 4 * MAXP];
	double w[MAXE * 2 + 4 * MAXP];
} xgraph;

static void xarc(xgraph *g, uint32_t a, uint32_t b, double w)
{
	if (!(w < INFINITY))
		return;
	g->from[g->m] = a;
	g->to[g->m] = b;
	g->w[g->m++] = w;
}

static double piece(double full, double frac)
{
	if (frac <= 0)
		return 0;
	return full >= 0 ? full * frac : INFINITY;
}

/* Cut each edge at the places snapped onto it: place p is node
 * t->nn + p. */
static void build_x(xgraph *g, const town *t, const sg_road_snap *sn, size_t np,
		    sg_road_cost cost)
{
	g->n = t->nn + np;
	g->m = 0;
	for (size_t e = 0; e < t->ne; e++) {
		double fw = cost == SG_ROAD_COST_TIME
				    ? t->tf[e]
				    : (t->tf[e] >= 0 ? t->len[e] : -1);
		double bw = cost == SG_ROAD_COST_TIME
				    ? t->tb[e]
				    : (t->tb[e] >= 0 ? t->len[e] : -1);
		uint32_t seq[MAXP + 2];
		double pos[MAXP + 2];
		size_t k = 0;

		seq[k] = t->u[e];
		pos[k++] = 0;
		/* Places on this edge in increasing t (insertion sort). */
		for (size_t p = 0; p < np; p++) {
			size_t i;

			if (sn[p].edge != e)
				continue;
			for (i = k; i > 1 && pos[i - 1] > sn[p].t; i--) {
				seq[i] = seq[i - 1];
				pos[i] = pos[i - 1];
			}
			seq[i] = (uint32_t)(t->nn + p);
			pos[i] = sn[p].t;
			k++;
		}
		seq[k] = t->v[e];
		pos[k++] = 1;
		for (size_t i = 0; i + 1 < k; i++) {
			double f = pos[i + 1] - pos[i];

			xarc(g, seq[i], seq[i + 1], piece(fw, f));
			xarc(g, seq[i + 1], seq[i], piece(bw, f));
		}
	}
}

/* Costs of trips from node src to every node (forward arcs). */
static void dijkstra(const xgraph *g, uint32_t src, double *d)
{
	static unsigned char done[MAXN + MAXP];

	for (size_t a = 0; a < g->n; a++) {
		d[a] = INFINITY;
		done[a] = 0;
	}
	d[src] = 0;
	for (;;) {
		size_t best = SIZE_MAX;

		for (size_t a = 0; a < g->n; a++)
			if (!done[a] && d[a] < INFINITY &&
			    (best == SIZE_MAX || d[a] < d[best]))
				best = a;
		if (best == SIZE_MAX)
			break;
		done[best] = 1;
		for (size_t k = 0; k < g->m; k++)
			if (g->from[k] == best &&
			    d[best] + g->w[k] < d[g->to[k]])
				d[g->to[k]] = d[best] + g->w[k];
	}
}

static double offc(const sg_road_snap *s, sg_road_cost cost)
{
	return cost == SG_ROAD_COST_TIME ? s->off / SG_ROAD_WALK_MS : s->off;
}

static void assert_close(double a, double b)
{
	if (isinf(a) || isinf(b)) {
		assert_true(isinf(a) && isinf(b));
		return;
	}
	assert_true(fabs(a - b) <= 1e-9 * fmax(1, fabs(b)));
}

/*---- Tests ----------------------------------------------------------------*/

static void test_roads__snap_vs_scan(void **state)
{
	sg_ctx *ctx = *state;
	static town t;
	sg_roadnet *net;

	make_town(&t);
	net = town_net(ctx, &t);
	rnd_state = 7;
	for (int q = 0; q < 2000; q++) {
		double x = -300 + 2800 * rnd(), y = -300 + 1500 * rnd();
		double best = INFINITY;
		sg_road_snap s;
		int got;

		for (size_t e = 0; e < t.ne; e++) {
			double ax = t.x[t.u[e]], ay = t.y[t.u[e]];
			double dx = t.x[t.v[e]] - ax, dy = t.y[t.v[e]] - ay;
			double f = ((x - ax) * dx + (y - ay) * dy) /
				   (dx * dx + dy * dy);

			f = f < 0 ? 0 : f > 1 ? 1 : f;
			best = fmin(best,
				    hypot(x - ax - f * dx, y - ay - f * dy));
		}
		got = sg_road__snap(net, x, y, 150, &s);
		assert_int_equal(got, best <= 150);
		if (got) {
			assert_true(fabs(s.off - best) < 1e-9);
			/* The snapped point is where the edge is that near. */
			assert_true(fabs(hypot(x - (t.x[t.u[s.edge]] +
						    s.t * (t.x[t.v[s.edge]] -
							   t.x[t.u[s.edge]])),
					       y - (t.y[t.u[s.edge]] +
						    s.t * (t.y[t.v[s.edge]] -
							   t.y[t.u[s.edge]]))) -
					 best) < 1e-6);
		} else {
			assert_int_equal(s.edge, SG_ROAD_NONE);
		}
		/* Without a limit, always snapped. */
		assert_int_equal(sg_road__snap(net, x, y, INFINITY, &s), 1);
		assert_true(fabs(s.off - best) < 1e-9);
	}
	sg_road__free(net);
}

static void check_field(sg_ctx *ctx, sg_road_cost cost, unsigned k)
{
	static town t;
	static xgraph g;
	static double d[MAXP][MAXN + MAXP];
	enum { NS = 12, NH = 30 };
	sg_road_snap sn[NS + NH];
	sg_road_field *f;
	sg_roadnet *net;

	make_town(&t);
	net = town_net(ctx, &t);
	rnd_state = 99 + k;
	/* Schools in the main town only; homes anywhere, hamlet too. */
	for (size_t p = 0; p < NS + NH; p++) {
		double x = p < NS ? (GW - 1) * STEP * rnd()
				  : -50 + 2300 * rnd();
		double y = p < NS ? (GH - 1) * STEP * rnd()
				  : -50 + (GH - 1) * STEP * rnd();

		assert_int_equal(sg_road__snap(net, x, y, INFINITY, &sn[p]), 1);
	}
	assert_sg_ok(ctx, sg_road__field_new(ctx, net, cost, sn, NS, k, &f));
	build_x(&g, &t, sn, NS + NH, cost);
	/* From every place separately, forwards. */
	for (size_t p = 0; p < NS + NH; p++)
		dijkstra(&g, (uint32_t)(t.nn + p), d[p]);
	/* Every node: its nearest school and the cost, against the
	 * minimum over the schools of (node -> school + school's leg). */
	for (size_t a = 0; a < t.nn; a++) {
		double best = INFINITY, got;
		uint32_t s;

		/* d from a to school p: run from a. */
		static double da[MAXN + MAXP];

		dijkstra(&g, (uint32_t)a, da);
		for (size_t p = 0; p < NS; p++)
			best = fmin(best, da[t.nn + p] + offc(&sn[p], cost));
		s = sg_road__field_node(f, (uint32_t)a, &got);
		assert_close(got, best);
		if (s != SG_ROAD_NONE)
			assert_close(da[t.nn + s] + offc(&sn[s], cost), got);
		else
			assert_true(isinf(best));
	}
	/* Every home: its k nearest schools in order. */
	for (size_t h = NS; h < NS + NH; h++) {
		double ref[NS];
		uint32_t idx[NS];
		double c[NS];
		size_t n, nref = 0;

		for (size_t p = 0; p < NS; p++) {
			ref[p] = offc(&sn[h], cost) + d[h][t.nn + p] +
				 offc(&sn[p], cost);
			nref += ref[p] < INFINITY;
		}
		n = sg_road__field_knearest(f, &sn[h], k, idx, c);
		assert_int_equal(n, nref < k ? nref : k);
		for (size_t i = 0; i < n; i++) {
			size_t rank = 0;

			/* idx[i] is a school whose cost is right ... */
			assert_close(c[i], ref[idx[i]]);
			/* ... and exactly i schools are cheaper. */
			for (size_t p = 0; p < NS; p++)
				rank += ref[p] < c[i] - 1e-9;
			assert_int_equal(rank, i);
		}
	}
	sg_road__field_free(f);
	sg_road__free(net);
}

static void test_roads__nearest_length_vs_brute_force(void **state)
{
	check_field(*state, SG_ROAD_COST_LENGTH, 1);
}

static void test_roads__nearest_time_vs_brute_force(void **state)
{
	check_field(*state, SG_ROAD_COST_TIME, 1);
}

static void test_roads__knearest_vs_brute_force(void **state)
{
	check_field(*state, SG_ROAD_COST_TIME, 4);
	check_field(*state, SG_ROAD_COST_LENGTH, 6);
}

/* Across the river, 150 m by air; the same side, 500 m: by road the
 * same-side school wins, in a straight line the other one. */
static void test_roads__river_road_differs_from_straight(void **state)
{
	sg_ctx *ctx = *state;
	static town t;
	sg_roadnet *net;
	sg_road_field *f;
	sg_road_snap sn[3];
	double home_x = RIVER * STEP + 5, home_y = 4.5 * STEP;
	double sx[2] = { (RIVER + 1) * STEP + 5, (RIVER - 5) * STEP };
	double sy[2] = { 4.5 * STEP, 4.5 * STEP }, c;
	uint32_t s;

	make_town(&t);
	net = town_net(ctx, &t);
	for (int i = 0; i < 2; i++)
		assert_int_equal(sg_road__snap(net, sx[i], sy[i], 100, &sn[i]),
				 1);
	assert_int_equal(sg_road__snap(net, home_x, home_y, 100, &sn[2]), 1);
	/* Straight line: school 0. */
	assert_true(hypot(home_x - sx[0], home_y - sy[0]) <
		    hypot(home_x - sx[1], home_y - sy[1]));
	assert_sg_ok(ctx, sg_road__field_new(ctx, net, SG_ROAD_COST_LENGTH, sn,
					     2, 1, &f));
	s = sg_road__field_nearest(f, &sn[2], &c);
	assert_int_equal(s, 1);
	assert_true(c > hypot(home_x - sx[1], home_y - sy[1]));
	sg_road__field_free(f);
	sg_road__free(net);
}

/* The hamlet is its own component and reaches no school. */
static void test_roads__components_and_islands(void **state)
{
	sg_ctx *ctx = *state;
	static town t;
	sg_roadnet *net;
	sg_road_field *f;
	sg_road_snap s;
	uint32_t comp[MAXN], nc;
	double c;

	make_town(&t);
	net = town_net(ctx, &t);
	assert_sg_ok(ctx, sg_road__components(ctx, net, comp, &nc));
	assert_int_equal(nc, 2);
	for (size_t a = 0; a < t.nn; a++)
		assert_int_equal(comp[a], a < GW * GH ? 0 : 1);
	assert_int_equal(sg_road__snap(net, 50, 50, 100, &s), 1);
	assert_sg_ok(ctx, sg_road__field_new(ctx, net, SG_ROAD_COST_LENGTH, &s,
					     1, 1, &f));
	assert_int_equal(sg_road__field_node(f, GW * GH + 4, &c), SG_ROAD_NONE);
	assert_true(isinf(c));
	assert_int_equal(sg_road__snap(net, 2100, 400, 100, &s), 1);
	assert_int_equal(sg_road__field_nearest(f, &s, &c), SG_ROAD_NONE);
	sg_road__field_free(f);
	sg_road__free(net);
}

static void test_roads__bad_input(void **state)
{
	sg_ctx *ctx = *state;
	double x[2] = { 0, 1 }, y[2] = { 0, 0 }, l = 1, t = 1;
	uint32_t u = 0, v = 5;
	sg_road_edges in = { 2, x, y, 1, &u, &v, &l, &t, &t };
	sg_roadnet *net;
	sg_road_field *f;
	sg_road_snap s;

	assert_sg_fails(ctx, sg_road__build(ctx, &in, &net), SG_EINVALID,
			"edge 0");
	v = 1;
	assert_sg_ok(ctx, sg_road__build(ctx, &in, &net));
	assert_int_equal(sg_road__snap(net, 0.5, 0, 1, &s), 1);
	assert_sg_fails(ctx,
			sg_road__field_new(ctx, net, SG_ROAD_COST_TIME, &s, 1,
					   0, &f),
			SG_EINVALID, "k = 0");
	sg_road__free(net);
}

/*---- Catchments by road ---------------------------------------------------*/

/* The catchments by road of 5 schools over a study area holding the town,
 * the hamlet (an island) and empty land east of the town (off the
 * roads): they and the unserved parts tile the study area, and each grid
 * square lies in the catchment of the school nearest by road from its
 * centre, by the explicit graph's Dijkstra. */
static void check_catch(sg_ctx *ctx, double max_cost)
{
	GEOSContextHandle_t h = ctx->geos;
	static town t;
	static xgraph g;
	static double d[MAXN + MAXP];
	enum { NS = 5 };
	const char *wkt[2] = {
		"POLYGON((-50 -50,650 -50,650 950,-50 950,-50 -50))",
		"POLYGON((650 -50,2300 -50,2300 950,650 950,650 -50))",
	};
	GEOSGeometry *units[2], **all;
	GEOSWKTReader *rd = GEOSWKTReader_create_r(h);
	double pop[2] = { 700, 1650 }, sx[NS], sy[NS], total = 0;
	sg_catch_in in = { 0 };
	sg_road_snap sn[NS + 1];
	sg_road_catch_sum sum;
	sg_road_field *f;
	sg_roadnet *net;
	sg_catch *c;
	size_t nall = 0, checked = 0;

	make_town(&t);
	net = town_net(ctx, &t);
	for (int i = 0; i < 2; i++)
		assert_non_null(units[i] = GEOSWKTReader_read_r(h, rd, wkt[i]));
	GEOSWKTReader_destroy_r(h, rd);
	rnd_state = 4242;
	for (int i = 0; i < NS; i++) {
		sx[i] = 50 + 1200 * rnd();
		sy[i] = 50 + 800 * rnd();
	}
	in.nunits = 2;
	in.units = (const GEOSGeometry *const *)units;
	in.unit_pop = pop;
	in.nschools = NS;
	in.x = sx;
	in.y = sy;
	assert_sg_ok(ctx, sg_catch__new(ctx, &in, &c));
	assert_int_equal(c->nsites, NS);
	for (size_t s = 0; s < NS; s++)
		assert_int_equal(sg_road__snap(net, sx[c->cells[s].school],
					       sy[c->cells[s].school], 150,
					       &sn[s]),
				 1);
	assert_sg_ok(ctx, sg_road__field_new(ctx, net, SG_ROAD_COST_LENGTH, sn,
					     NS, 1, &f));
	assert_sg_ok(ctx, sg_road__catch(c, net, f, 150, 100, max_cost, &sum));
	assert_true(sum.far > 0);	/* the empty land */
	assert_true(sum.unreached > 0); /* the hamlet */
	/* Tiling: catchments and unserved parts (or, within a reach, the
	 * served parts and the unserved ones). */
	all = calloc(NS + c->nunserved + 1, sizeof(*all));
	assert_non_null(all);
	for (size_t s = 0; s < NS; s++) {
		const GEOSGeometry *x = isnan(max_cost) ? c->cells[s].geom
							: c->cells[s].served;

		if (!x)
			continue;
		assert_int_equal(GEOSisValid_r(h, x), 1);
		total += area_g(ctx, x);
		all[nall++] = GEOSGeom_clone_r(h, x);
		if (!isnan(max_cost)) {
			/* Served parts lie in their catchment. */
			GEOSGeometry *dif = GEOSDifference_r(h,
							     c->cells[s].served,
							     c->cells[s].geom);

			assert_true(area_g(ctx, dif) < 1e-6);
			GEOSGeom_destroy_r(h, dif);
		}
	}
	for (size_t k = 0; k < c->nunserved; k++) {
		total += c->unserved[k].area;
		all[nall++] = GEOSGeom_clone_r(h, c->unserved[k].geom);
	}
	{
		GEOSGeometry *coll = GEOSGeom_createCollection_r(
			h, GEOS_GEOMETRYCOLLECTION, all, (unsigned)nall);
		GEOSGeometry *u = GEOSUnaryUnion_r(h, coll);

		assert_true(fabs(total - c->study_area) < 1e-6 * c->study_area);
		assert_true(fabs(area_g(ctx, u) - c->study_area) <
			    1e-6 * c->study_area);
		GEOSGeom_destroy_r(h, u);
		GEOSGeom_destroy_r(h, coll);
		free(all);
	}
	if (isnan(max_cost))
		check_population(c, 1e-9);
	/* Squares whose centre is on the roads: their school by the
	 * explicit graph. */
	for (double y = 50; y < 950; y += 200)
		for (double x = 50; x < 1300; x += 300) {
			GEOSGeometry *pt = pt_new(ctx, x, y);
			double best = INFINITY;
			size_t want = SIZE_MAX, got = SIZE_MAX;

			if (!sg_road__snap(net, x, y, 150, &sn[NS]))
				continue;
			build_x(&g, &t, sn, NS + 1, SG_ROAD_COST_LENGTH);
			dijkstra(&g, (uint32_t)(t.nn + NS), d);
			for (size_t s = 0; s < NS; s++) {
				double v = offc(&sn[NS], SG_ROAD_COST_LENGTH) +
					   d[t.nn + s] +
					   offc(&sn[s], SG_ROAD_COST_LENGTH);

				if (v < best) {
					best = v;
					want = s;
				}
			}
			if (!isnan(max_cost) && !(best <= max_cost))
				want = SIZE_MAX;
			for (size_t s = 0; s < NS; s++) {
				const GEOSGeometry *x2 =
					isnan(max_cost) ? c->cells[s].geom
							: c->cells[s].served;

				if (x2 && GEOSIntersects_r(h, x2, pt) == 1)
					got = s;
			}
			assert_int_equal(got, want);
			checked++;
			GEOSGeom_destroy_r(h, pt);
		}
	assert_true(checked > 10);
	sg_road__field_free(f);
	sg_catch__free(c);
	for (int i = 0; i < 2; i++)
		GEOSGeom_destroy_r(h, units[i]);
	sg_road__free(net);
}

static void test_roads__catchments_tile_and_follow_roads(void **state)
{
	check_catch(*state, NAN);
}

static void test_roads__served_within_reach(void **state)
{
	check_catch(*state, 350);
}

/*---- Sites by road against a brute force -----------------------------------*/

#define SD 160 /* demand points */
#define SC 48  /* candidate sites */
#define SX 3   /* existing schools */
#define SK 6   /* sites asked */

/*
 * The greedy by road (bounded searches, lazy gains) against a naive
 * greedy over a full matrix: for each candidate, a search from it alone
 * over the whole town (sg_road__field_new, itself checked against the
 * explicit graph above) costs every demand point; the existing schools'
 * multi-source search gives the served ones.  Picks, gains and who
 * serves each point must be equal, and the straight-line greedy on the
 * same points must choose otherwise (the river and one-way streets
 * matter).
 */
static void check_sites(sg_ctx *ctx, sg_road_cost cost, double reach)
{
	static town t;
	static unsigned char cover[SC][SD];
	sg_roadnet *net;
	sg_road_field *fx, *fc;
	sg_road_snap ds[SD], cs[SC], xs[SX];
	double dx[SD], dy[SD], dw[SD], cx[SC], cy[SC], dex[SD], c;
	double ex[SX] = { 1 * STEP + 30, 3 * STEP + 40, 11 * STEP + 20 };
	double ey[SX] = { 1 * STEP + 10, 8 * STEP + 20, 2 * STEP + 60 };
	int64_t q[SD], before = 0;
	long served[SD];
	size_t pick[SK], npick = 0, differ = 0;
	double gain[SK];
	sg_sites_road_in in;
	sg_sites_out out;
	sg_sites_in sin;
	sg_sites_out sout;

	make_town(&t);
	net = town_net(ctx, &t);
	rnd_state = 777;
	for (size_t i = 0; i < SD; i++) {
		/* Mostly in the town, some in the hamlet, a few far off. */
		if (i % 16 == 15) {
			dx[i] = 2000 + 200 * rnd();
			dy[i] = 300 + 200 * rnd();
		} else if (i % 23 == 22) {
			dx[i] = 700 * rnd();
			dy[i] = -400 - 100 * rnd();
		} else {
			dx[i] = (GW - 1) * STEP * rnd();
			dy[i] = (GH - 1) * STEP * rnd();
		}
		dw[i] = 1 + floor(9 * rnd());
		q[i] = (int64_t)dw[i];
		(void)sg_road__snap(net, dx[i], dy[i], 120, &ds[i]);
	}
	for (size_t j = 0; j < SC; j++) {
		cx[j] = (j == SC - 1 ? 2100 : (GW - 1) * STEP * rnd());
		cy[j] = (j == SC - 1 ? 400 : (GH - 1) * STEP * rnd());
		(void)sg_road__snap(net, cx[j], cy[j], 120, &cs[j]);
	}
	for (size_t k = 0; k < SX; k++)
		assert_int_equal(sg_road__snap(net, ex[k], ey[k], 120, &xs[k]),
				 1);
	assert_sg_ok(ctx, sg_road__field_new(ctx, net, cost, xs, SX, 1, &fx));
	for (size_t i = 0; i < SD; i++) {
		dex[i] = INFINITY;
		if (ds[i].edge != SG_ROAD_NONE)
			sg_road__field_nearest(fx, &ds[i], &dex[i]);
		served[i] = dex[i] <= reach ? SG_SITES_EXISTING
					    : SG_SITES_UNSERVED;
		before += served[i] == SG_SITES_EXISTING ? q[i] : 0;
	}
	sg_road__field_free(fx);
	/* The full matrix, one whole-town search per candidate. */
	for (size_t j = 0; j < SC; j++) {
		assert_sg_ok(ctx, sg_road__field_new(ctx, net, cost, &cs[j], 1,
						     1, &fc));
		for (size_t i = 0; i < SD; i++) {
			c = INFINITY;
			if (ds[i].edge != SG_ROAD_NONE &&
			    cs[j].edge != SG_ROAD_NONE)
				sg_road__field_nearest(fc, &ds[i], &c);
			cover[j][i] = c <= reach;
			/* Straight line within reach, not by road, or the
			 * other way round. */
			differ += (hypot(dx[i] - cx[j], dy[i] - cy[j]) <=
				   reach) != cover[j][i];
		}
		sg_road__field_free(fc);
	}
	/* The naive greedy: ties to the lower index. */
	while (npick < SK) {
		int64_t best = 0;
		size_t bj = SC;

		for (size_t j = 0; j < SC; j++) {
			int64_t v = 0;

			for (size_t i = 0; i < SD; i++)
				v += served[i] == SG_SITES_UNSERVED &&
						     cover[j][i]
					     ? q[i]
					     : 0;
			if (v > best) {
				best = v;
				bj = j;
			}
		}
		if (bj == SC)
			break;
		for (size_t i = 0; i < SD; i++)
			if (served[i] == SG_SITES_UNSERVED && cover[bj][i])
				served[i] = (long)npick;
		pick[npick] = bj;
		gain[npick++] = (double)best;
	}
	memset(&in, 0, sizeof(in));
	in.net = net;
	in.cost = cost;
	in.ndemand = SD;
	in.dsnap = ds;
	in.dw = dw;
	in.dexisting = dex;
	in.ncand = SC;
	in.csnap = cs;
	in.reach = reach;
	in.count = SK;
	assert_sg_ok(ctx, sg_sites__greedy_road(ctx, &in, &out));
	assert_int_equal(out.npicked, npick);
	assert_true(npick >= 3);
	assert_true(fabs(out.served_before - (double)before) < 1e-6);
	for (size_t s = 0; s < npick; s++) {
		assert_int_equal(out.pick[s], pick[s]);
		assert_true(fabs(out.gain[s] - gain[s]) < 1e-6);
	}
	for (size_t i = 0; i < SD; i++)
		assert_int_equal(out.served_by[i], served[i]);
	/* Fewer evaluations than the naive greedy's SC per step. */
	assert_true(out.evaluations < SC * npick);
	/* The hamlet's candidate serves only the hamlet. */
	for (size_t i = 0; i < SD; i++)
		if (cover[SC - 1][i])
			assert_true(dx[i] > 1500);
	/* Straight lines choose otherwise on this town. */
	assert_true(differ > 0);
	if (cost == SG_ROAD_COST_LENGTH) {
		memset(&sin, 0, sizeof(sin));
		sin.ndemand = SD;
		sin.dx = dx;
		sin.dy = dy;
		sin.dw = dw;
		sin.ncand = SC;
		sin.cx = cx;
		sin.cy = cy;
		sin.nexisting = SX;
		sin.ex = ex;
		sin.ey = ey;
		sin.radius = reach;
		sin.count = SK;
		assert_sg_ok(ctx, sg_sites__greedy(ctx, &sin, &sout));
		assert_true(sout.served_before > out.served_before);
		{
			int same = sout.npicked == out.npicked;

			for (size_t s = 0; same && s < out.npicked; s++)
				same = sout.pick[s] == out.pick[s] &&
				       sout.gain[s] == out.gain[s];
			assert_false(same);
		}
		sg_sites__out_free(&sout);
	}
	sg_sites__out_free(&out);
	sg_road__free(net);
}

static void test_roads__sites_length_vs_brute_force(void **state)
{
	check_sites(*state, SG_ROAD_COST_LENGTH, 350);
}

static void test_roads__sites_time_vs_brute_force(void **state)
{
	check_sites(*state, SG_ROAD_COST_TIME, 75);
}

/*
 * Lines to nodes and edges (sg_road__from_lines) against a brute force:
 * vertices on a coarse lattice (so many repeat, some 1e-8 degree apart:
 * the same node), nodes numbered by first appearance through a linear
 * scan, and one edge per segment whose ends differ.
 */
static void test_roads__from_lines_vs_brute_force(void **state)
{
	enum { NL = 300, MAXV = 8 };
	sg_ctx *ctx = *state;
	static double lon[NL * MAXV], lat[NL * MAXV], mx[NL * MAXV],
		my[NL * MAXV];
	static uint32_t node[NL * MAXV];
	static double nlon[NL * MAXV], nlat[NL * MAXV];
	sg_road_line lines[NL];
	sg_road_built b = { 0 };
	size_t nv = 0, nn = 0, ne = 0;

	rnd_state = 777;
	for (size_t l = 0; l < NL; l++) {
		size_t n = 1 + (size_t)(rnd() * MAXV);

		lines[l] = (sg_road_line){ nv, n, (uint16_t)(l % 5),
					   5 + 10 * (double)(l % 4),
					   (int8_t)((int)(l % 3) - 1) };
		for (size_t i = 0; i < n; i++, nv++) {
			/* 12 x 12 lattice of 0.001 degree; a nudge far
			 * below 1e-7 degree keeps the node. */
			lon[nv] = 106.6 + 0.001 * (int)(rnd() * 12) +
				  (rnd() < 0.3 ? 2e-9 : 0);
			lat[nv] = 10.8 + 0.001 * (int)(rnd() * 12);
			mx[nv] = (lon[nv] - 106.6) * 109000;
			my[nv] = (lat[nv] - 10.8) * 110000;
		}
	}
	for (size_t i = 0; i < nv; i++) {
		size_t k = 0;

		while (k < nn && !(fabs(nlon[k] - lon[i]) < 5e-8 &&
				   fabs(nlat[k] - lat[i]) < 5e-8))
			k++;
		if (k == nn) {
			nlon[nn] = lon[i];
			nlat[nn++] = lat[i];
		}
		node[i] = (uint32_t)k;
	}
	assert_sg_ok(ctx, sg_road__from_lines(ctx, lon, lat, mx, my, nv, lines,
					      NL, &b));
	assert_int_equal(b.nn, nn);
	for (size_t k = 0; k < nn; k++)
		assert_true(b.lon[k] == nlon[k] && b.lat[k] == nlat[k]);
	for (size_t l = 0; l < NL; l++)
		for (size_t i = lines[l].start;
		     i + 1 < lines[l].start + lines[l].count; i++) {
			uint32_t a = node[i], c = node[i + 1];
			double d = hypot(mx[i + 1] - mx[i], my[i + 1] - my[i]);
			double t = d / (lines[l].kmh / 3.6);

			if (a == c)
				continue;
			assert_true(ne < b.ne);
			assert_int_equal(b.u[ne], a);
			assert_int_equal(b.v[ne], c);
			assert_true(fabs(b.len[ne] - d) < 1e-3);
			assert_int_equal(b.cls[ne], lines[l].cls);
			assert_true(lines[l].dir >= 0
					    ? fabs(b.tf[ne] - t) < 1e-3
					    : b.tf[ne] == -1);
			assert_true(lines[l].dir <= 0
					    ? fabs(b.tb[ne] - t) < 1e-3
					    : b.tb[ne] == -1);
			ne++;
		}
	assert_int_equal(b.ne, ne);
	assert_true(ne > 100 && nn < 144 + 1 && nn > 100);
	sg_road__built_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roads__snap_vs_scan),
		cmocka_unit_test(test_roads__nearest_length_vs_brute_force),
		cmocka_unit_test(test_roads__nearest_time_vs_brute_force),
		cmocka_unit_test(test_roads__knearest_vs_brute_force),
		cmocka_unit_test(test_roads__river_road_differs_from_straight),
		cmocka_unit_test(test_roads__components_and_islands),
		cmocka_unit_test(test_roads__bad_input),
		cmocka_unit_test(test_roads__catchments_tile_and_follow_roads),
		cmocka_unit_test(test_roads__served_within_reach),
		cmocka_unit_test(test_roads__sites_length_vs_brute_force),
		cmocka_unit_test(test_roads__sites_time_vs_brute_force),
		cmocka_unit_test(test_roads__from_lines_vs_brute_force),
	};

	return cmocka_run_group_tests(tests, sg_test_ctx_setup,
				      sg_test_ctx_teardown);
}
