/*
 * tests/engine/test_catchment.c - catchments on in-memory geometries in
 * metres, checked against independent methods: brute-force nearest
 * school, the tiling properties, hand-computed populations and seats.
 */
#include <math.h>

#include "engine/catchment.h"
#include "engine/nearest.h"
#include "sg_catch_check.h"

/*---- Fixtures -------------------------------------------------------------*/

/* Four wards of a 10 x 8 km area: one with a lake (a hole no ward
 * covers), one with a notch, so clipping and holes are exercised. */
static const char *const ward_wkt[4] = {
	"POLYGON((0 0,5000 0,5000 4000,0 4000,0 0),"
	"(1000 1000,2000 1000,2000 2000,1000 2000,1000 1000))",
	"POLYGON((5000 0,10000 0,10000 4000,5000 4000,5000 0))",
	"POLYGON((0 4000,5000 4000,5000 8000,0 8000,0 4000))",
	"POLYGON((5000 4000,10000 4000,10000 8000,8000 8000,8000 6000,"
	"7000 6000,7000 8000,5000 8000,5000 4000))",
};
static const double ward_pop[4] = { 1000, 2000, 3000, 4000 };

typedef struct {
	sg_ctx *ctx;
	GEOSGeometry *units[8];
	double pop[8];
	size_t nunits;
	double x[4096], y[4096], seats[4096];
	const char *codes[4096];
	char codebuf[4096][8];
	sg_catch_in in;
	char warnings[4096];
} fixture;

static void on_message(sg_msg_level level, const char *msg, void *payload)
{
	fixture *f = payload;
	size_t n = strlen(f->warnings);

	(void)level;
	snprintf(f->warnings + n, sizeof(f->warnings) - n, "%s\n", msg);
}

static fixture *fixture_new(void)
{
	fixture *f = calloc(1, sizeof(*f));
	sg_ctx_options o = SG_CTX_OPTIONS_INIT;
	GEOSWKTReader *r;

	assert_non_null(f);
	o.message = on_message;
	o.payload = f;
	assert_int_equal(sg_ctx_new(&f->ctx, &o), SG_OK);
	r = GEOSWKTReader_create_r(f->ctx->geos);
	for (int i = 0; i < 4; i++) {
		f->units[i] = GEOSWKTReader_read_r(f->ctx->geos, r,
						   ward_wkt[i]);
		assert_non_null(f->units[i]);
		f->pop[i] = ward_pop[i];
	}
	GEOSWKTReader_destroy_r(f->ctx->geos, r);
	f->nunits = 4;
	for (int i = 0; i < 4096; i++) {
		snprintf(f->codebuf[i], sizeof(f->codebuf[i]), "S%04d", i);
		f->codes[i] = f->codebuf[i];
		f->seats[i] = NAN;
	}
	return f;
}

static const sg_catch_in *fixture_in(fixture *f, size_t nschools)
{
	f->in.nunits = f->nunits;
	f->in.units = (const GEOSGeometry *const *)f->units;
	f->in.unit_pop = f->pop;
	f->in.nschools = nschools;
	f->in.x = f->x;
	f->in.y = f->y;
	f->in.seats = f->seats;
	f->in.codes = f->codes;
	return &f->in;
}

static void fixture_free(fixture *f)
{
	for (size_t i = 0; i < f->nunits; i++)
		GEOSGeom_destroy_r(f->ctx->geos, f->units[i]);
	sg_ctx_free(f->ctx);
	free(f);
}

/* n random schools over (and a little beyond) the 10 x 8 km box. */
static void random_schools(fixture *f, size_t n, uint64_t seed)
{
	for (size_t i = 0; i < n; i++) {
		f->x[i] = -500 + 11000 * rnd01(&seed);
		f->y[i] = -500 + 9000 * rnd01(&seed);
	}
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

/*---- Nearest-point index ----------------------------------------------*/

static void test_catchment__nn_index_vs_brute_force(void **state)
{
	static double x[3000], y[3000];
	uint64_t seed = 7;
	size_t idx[16];
	double d2[16];
	sg_nn *nn;

	(void)state;
	/* Clustered, duplicated and collinear points. */
	for (int i = 0; i < 3000; i++) {
		x[i] = i < 1000	  ? 1e4 * rnd01(&seed)
		       : i < 2000 ? 50 * rnd01(&seed)
				  : 1e4 * rnd01(&seed);
		y[i] = i < 2000 ? 1e4 * rnd01(&seed) : 123.0;
		if (i % 97 == 0 && i > 0) {
			x[i] = x[i - 1];
			y[i] = y[i - 1];
		}
	}
	nn = sg_nn__new(x, y, 3000);
	assert_non_null(nn);
	for (int q = 0; q < 2000; q++) {
		double qx = -2000 + 14000 * rnd01(&seed);
		double qy = -2000 + 14000 * rnd01(&seed);
		size_t k = sg_nn__knearest(nn, qx, qy, 16, idx, d2);
		double prev = -1;

		assert_int_equal(k, 16);
		for (size_t j = 0; j < k; j++) {
			size_t rank = 0;
			double dj = (x[idx[j]] - qx) * (x[idx[j]] - qx) +
				    (y[idx[j]] - qy) * (y[idx[j]] - qy);

			assert_true(d2[j] == dj && d2[j] >= prev);
			prev = d2[j];
			/* Its rank by (distance, index) is j. */
			for (int i = 0; i < 3000; i++) {
				double di = (x[i] - qx) * (x[i] - qx) +
					    (y[i] - qy) * (y[i] - qy);

				rank += di < dj ||
					(di == dj && (size_t)i < idx[j]);
			}
			assert_int_equal(rank, j);
		}
	}
	sg_nn__free(nn);
	nn = sg_nn__new(x, y, 0);
	assert_int_equal(sg_nn__nearest(nn, 1, 1, NULL), SG_NN_NONE);
	sg_nn__free(nn);
}

/*---- Voronoi ------------------------------------------------------------*/

static void test_catchment__nearest_school_wins(void **state)
{
	fixture *f = fixture_new();
	sg_catch *c = NULL;
	size_t checked;

	(void)state;
	random_schools(f, 300, 42);
	assert_sg_ok(f->ctx, sg_catch__new(f->ctx, fixture_in(f, 300), &c));
	assert_sg_ok(f->ctx, sg_catch__voronoi(c));
	checked = check_nearest(c, 6000, 4242);
	/* The study area is 78.5% of the box (lake, notch). */
	assert_true(checked > 4000);
	sg_catch__free(c);
	fixture_free(f);
}

static void test_catchment__tiling(void **state)
{
	static const size_t counts[] = { 2, 3, 17, 300, 3000 };
	fixture *f = fixture_new();

	(void)state;
	for (size_t k = 0; k < sizeof(counts) / sizeof(*counts); k++) {
		sg_catch *c = NULL;
		double pop = 0;

		random_schools(f, counts[k], 1000 + k);
		assert_sg_ok(f->ctx,
			     sg_catch__new(f->ctx, fixture_in(f, counts[k]),
					   &c));
		assert_true(fabs(c->study_area - (80e6 - 1e6 - 2e6)) < 1e-3);
		assert_sg_ok(f->ctx, sg_catch__voronoi(c));
		check_tiling(c, 1e-6);
		check_population(c, 1e-9);
		for (size_t s = 0; s < c->nsites; s++)
			pop += c->cells[s].population;
		assert_true(fabs(pop - 10000) < 1e-6 * 10000);
		sg_catch__free(c);
	}
	fixture_free(f);
}

/* cell_done: the cells come one by one, in site order. */
static int in_order(size_t site, void *payload)
{
	size_t *next = payload;

	if (site != *next)
		return SG_ERROR;
	(*next)++;
	return SG_OK;
}

/* The cells computed on two threads are those computed one by one. */
static void test_catchment__threads_match_serial(void **state)
{
	fixture *f = fixture_new();
	sg_catch *a = NULL, *b = NULL;
	size_t next = 0;

	(void)state;
	random_schools(f, 3000, 99);
	assert_sg_ok(f->ctx, sg_catch__new(f->ctx, fixture_in(f, 3000), &a));
	assert_sg_ok(f->ctx, sg_catch__new(f->ctx, fixture_in(f, 3000), &b));
	/* Both threads took cells (a busy machine may leave the helper no
	 * time in one run; not in five). */
	for (int k = 0; k < 5; k++) {
		assert_sg_ok(f->ctx, sg_catch__voronoi(a));
		if (a->helped_cells > 0)
			break;
	}
	assert_true(a->helped_cells > 0 && a->helped_cells < a->nsites);
	b->cell_done = in_order;
	b->cell_payload = &next;
	assert_sg_ok(f->ctx, sg_catch__voronoi(b));
	assert_int_equal(next, b->nsites);
	assert_int_equal(a->nsites, b->nsites);
	for (size_t s = 0; s < a->nsites; s++) {
		const GEOSGeometry *ga = a->cells[s].geom,
				   *gb = b->cells[s].geom;

		assert_true(a->cells[s].area == b->cells[s].area);
		assert_true(a->cells[s].population == b->cells[s].population);
		assert_true((ga == NULL) == (gb == NULL));
		if (ga)
			assert_int_equal(GEOSEqualsExact_r(f->ctx->geos, ga, gb,
							   0),
					 1);
	}
	sg_catch__free(a);
	sg_catch__free(b);
	fixture_free(f);
}

static void test_catchment__zero_one_collinear(void **state)
{
	fixture *f = fixture_new();
	sg_catch *c = NULL;

	(void)state;
	/* No school: no catchment; all of the area unserved. */
	assert_sg_ok(f->ctx, sg_catch__new(f->ctx, fixture_in(f, 0), &c));
	assert_sg_ok(f->ctx, sg_catch__voronoi(c));
	assert_int_equal(c->nsites, 0);
	assert_sg_ok(f->ctx, sg_catch__distance(c, 1000));
	assert_true(fabs(c->unserved_area - c->study_area) < 1e-6);
	assert_true(fabs(c->unserved_pop - 10000) < 1e-6);
	sg_catch__free(c);
	/* One school, even outside the area (in the lake): all of it. */
	f->x[0] = 1500;
	f->y[0] = 1500;
	assert_sg_ok(f->ctx, sg_catch__new(f->ctx, fixture_in(f, 1), &c));
	assert_sg_ok(f->ctx, sg_catch__voronoi(c));
	assert_true(fabs(c->cells[0].area - c->study_area) < 1e-6);
	assert_true(fabs(c->cells[0].population - 10000) < 1e-6);
	check_tiling(c, 1e-9);
	sg_catch__free(c);
	/* Collinear schools: strips. */
	for (int i = 0; i < 7; i++) {
		f->x[i] = 700.0 + 1300.0 * i;
		f->y[i] = 3000;
	}
	assert_sg_ok(f->ctx, sg_catch__new(f->ctx, fixture_in(f, 7), &c));
	assert_sg_ok(f->ctx, sg_catch__voronoi(c));
	check_tiling(c, 1e-6);
	check_nearest(c, 2000, 99);
	/* Strip 0 runs to the bisector x = 1350: 1350 x 8000 less the
	 * part of the lake west of it. */
	assert_true(fabs(c->cells[0].area - (1350.0 * 8000 - 350.0 * 1000)) <
		    1e-3);
	sg_catch__free(c);
	fixture_free(f);
}

static void test_catchment__same_location_merged(void **state)
{
	fixture *f = fixture_new();
	sg_catch *c = NULL;

	(void)state;
	random_schools(f, 50, 5);
	/* S0003 and S0010 exactly where S0001 is, S0020 0.6 m away. */
	f->x[3] = f->x[10] = f->x[1];
	f->y[3] = f->y[10] = f->y[1];
	f->x[20] = f->x[1] + 0.6;
	f->y[20] = f->y[1];
	for (int i = 0; i < 50; i++)
		f->seats[i] = 100 + i;
	f->seats[10] = NAN;
	assert_sg_ok(f->ctx, sg_catch__new(f->ctx, fixture_in(f, 50), &c));
	assert_int_equal(c->nsites, 47);
	assert_int_equal(c->nmerged, 3);
	assert_int_equal(c->site_of[3], c->site_of[1]);
	assert_int_equal(c->site_of[10], c->site_of[1]);
	assert_int_equal(c->site_of[20], c->site_of[1]);
	assert_int_equal(c->cells[c->site_of[1]].school, 1);
	assert_int_equal(c->cells[c->site_of[1]].nmembers, 4);
	/* Known seats add up; the unknown one is left out. */
	assert_true(c->cells[c->site_of[1]].seats == 101 + 103 + 120);
	assert_non_null(strstr(f->warnings, "4 schools share one location"));
	assert_non_null(strstr(f->warnings, "S0001, S0003, S0010, S0020"));
	assert_sg_ok(f->ctx, sg_catch__voronoi(c));
	check_tiling(c, 1e-6);
	check_nearest(c, 3000, 17);
	sg_catch__free(c);
	fixture_free(f);
}

/*---- Distance -----------------------------------------------------------*/

static void test_catchment__distance_vs_brute_force(void **state)
{
	fixture *f = fixture_new();
	sg_catch *c = NULL;
	double pop = 0;

	(void)state;
	random_schools(f, 40, 77);
	assert_sg_ok(f->ctx, sg_catch__new(f->ctx, fixture_in(f, 40), &c));
	assert_sg_ok(f->ctx, sg_catch__voronoi(c));
	assert_sg_ok(f->ctx, sg_catch__distance(c, 900));
	assert_true(c->nunserved > 0);
	check_distance(c, 900, 6000, 777);
	/* Served and unserved population add up to the total. */
	for (size_t s = 0; s < c->nsites; s++)
		pop += c->cells[s].served_pop;
	assert_true(fabs(pop + c->unserved_pop - 10000) < 1e-6 * 10000);
	/* Unserved areas come most populous first. */
	for (size_t i = 1; i < c->nunserved; i++)
		assert_true(c->unserved[i - 1].population >=
			    c->unserved[i].population);
	sg_catch__free(c);
	fixture_free(f);
}

static void test_catchment__distance_hand_computed(void **state)
{
	fixture *f = fixture_new();
	sg_catch *c = NULL;
	const double pi = 3.14159265358979323846;
	double disc = 0.5 * 128 * 500.0 * 500.0 * sin(2 * pi / 128);

	(void)state;
	/* One school in the middle of ward 2 (5000 x 4000, 2000 people):
	 * a 500 m disc (128-gon) lies inside it. */
	f->x[0] = 7500;
	f->y[0] = 2000;
	assert_sg_ok(f->ctx, sg_catch__new(f->ctx, fixture_in(f, 1), &c));
	assert_sg_ok(f->ctx, sg_catch__voronoi(c));
	assert_sg_ok(f->ctx, sg_catch__distance(c, 500));
	assert_true(fabs(c->cells[0].served_area - disc) < 1e-3);
	assert_true(fabs(c->cells[0].served_pop - 2000 * disc / 20e6) < 1e-6);
	assert_int_equal(c->nunserved, 1);
	assert_true(fabs(c->unserved_pop - (10000 - 2000 * disc / 20e6)) <
		    1e-6);
	sg_catch__free(c);
	fixture_free(f);
}

/*---- Capacity -----------------------------------------------------------*/

static void test_catchment__capacity_hand_computed(void **state)
{
	fixture *f = fixture_new();
	GEOSWKTReader *r = GEOSWKTReader_create_r(f->ctx->geos);
	sg_catch *c = NULL;
	size_t ncells;
	double assigned, left;
	char wkt[128];

	(void)state;
	/* A 4 x 1 km strip of four 1 km2 wards of 100 children: 500 m cells
	 * hold 25 each.  S0 at x = 250 has 100 seats (4 cells), S1 at
	 * x = 3750 has 50 (2 cells).  Nearest pairs first: S0 takes the
	 * two cells of column 0, then column 1; S1 column 7; the rest (2.5
	 * km2, 250 children) has no seat. */
	for (size_t i = 0; i < f->nunits; i++)
		GEOSGeom_destroy_r(f->ctx->geos, f->units[i]);
	for (int i = 0; i < 4; i++) {
		snprintf(wkt, sizeof(wkt),
			 "POLYGON((%d 0,%d 0,%d 1000,%d "
			 "1000,%d 0))",
			 1000 * i, 1000 * (i + 1), 1000 * (i + 1), 1000 * i,
			 1000 * i);
		f->units[i] = GEOSWKTReader_read_r(f->ctx->geos, r, wkt);
		f->pop[i] = 100;
	}
	GEOSWKTReader_destroy_r(f->ctx->geos, r);
	f->x[0] = 250;
	f->y[0] = 500;
	f->seats[0] = 100;
	f->x[1] = 3750;
	f->y[1] = 500;
	f->seats[1] = 50;
	assert_sg_ok(f->ctx, sg_catch__new(f->ctx, fixture_in(f, 2), &c));
	assert_sg_ok(f->ctx,
		     sg_catch__capacity(c, 500, &ncells, &assigned, &left));
	assert_int_equal(ncells, 16);
	assert_true(fabs(assigned - 150) < 1e-9 && fabs(left - 250) < 1e-9);
	assert_true(fabs(c->cells[0].population - 100) < 1e-9);
	assert_true(fabs(c->cells[0].area - 1e6) < 1e-6);
	assert_true(fabs(c->cells[1].population - 50) < 1e-9);
	assert_true(fabs(c->cells[1].area - 0.5e6) < 1e-6);
	assert_int_equal(GEOSGeom_getXMax_r(f->ctx->geos, c->cells[0].geom,
					    &assigned),
			 1);
	assert_true(assigned == 1000);
	assert_int_equal(c->nunserved, 1);
	assert_true(fabs(c->unserved_area - 2.5e6) < 1e-6);
	assert_true(fabs(c->unserved_pop - 250) < 1e-9);
	sg_catch__free(c);

	/* Ties: S0 and S1 both at 250 m of the cells at x = 2000 +- 250
	 * ... a school in the middle with room for one cell takes the
	 * southern, then western one first. */
	f->x[0] = 2000;
	f->y[0] = 500;
	f->seats[0] = 25;
	assert_sg_ok(f->ctx, sg_catch__new(f->ctx, fixture_in(f, 1), &c));
	assert_sg_ok(f->ctx,
		     sg_catch__capacity(c, 500, NULL, &assigned, &left));
	assert_true(fabs(assigned - 25) < 1e-9);
	assert_int_equal(GEOSGeom_getXMin_r(f->ctx->geos, c->cells[0].geom,
					    &assigned),
			 1);
	assert_true(assigned == 1500);
	assert_int_equal(GEOSGeom_getYMin_r(f->ctx->geos, c->cells[0].geom,
					    &assigned),
			 1);
	assert_true(assigned == 0);
	sg_catch__free(c);
	fixture_free(f);
}

static void test_catchment__capacity_never_exceeds_seats(void **state)
{
	fixture *f = fixture_new();
	sg_catch *c = NULL;
	uint64_t seed = 31;
	double assigned, left, sum = 0, seated = 0;
	GEOSGeometry **v;
	size_t n = 0;

	(void)state;
	random_schools(f, 60, 3);
	for (int i = 0; i < 60; i++)
		f->seats[i] = floor(300 * rnd01(&seed));
	f->seats[7] = NAN; /* unknown: no seats */
	assert_sg_ok(f->ctx, sg_catch__new(f->ctx, fixture_in(f, 60), &c));
	assert_sg_ok(f->ctx,
		     sg_catch__capacity(c, 200, NULL, &assigned, &left));
	assert_non_null(strstr(f->warnings, "no seats are counted"));
	assert_true(fabs(assigned + left - 10000) < 1e-6);
	assert_true(fabs(c->unserved_pop - left) < 1e-9);
	v = calloc(c->nsites + c->nunserved, sizeof(*v));
	for (size_t s = 0; s < c->nsites; s++) {
		double seats = isnan(c->cells[s].seats) ? 0 : c->cells[s].seats;

		if (c->cells[s].population > seats + 1e-6)
			fail_msg("site %zu: %.3f children, %.0f seats", s,
				 c->cells[s].population, seats);
		seated += c->cells[s].population;
		if (c->cells[s].geom) {
			sum += c->cells[s].area;
			v[n++] = GEOSGeom_clone_r(f->ctx->geos,
						  c->cells[s].geom);
		}
	}
	assert_true(fabs(seated - assigned) < 1e-6);
	for (size_t i = 0; i < c->nunserved; i++) {
		sum += c->unserved[i].area;
		v[n++] = GEOSGeom_clone_r(f->ctx->geos, c->unserved[i].geom);
	}
	/* Catchments and leftovers do not overlap and stay in the area. */
	{
		GEOSGeometry *coll = GEOSGeom_createCollection_r(
			f->ctx->geos, GEOS_GEOMETRYCOLLECTION, v, (unsigned)n);
		GEOSGeometry *u = GEOSUnaryUnion_r(f->ctx->geos, coll);

		assert_true(fabs(area_g(f->ctx, u) - sum) < 1e-6 * sum);
		assert_true(sum <= c->study_area * (1 + 1e-9));
		GEOSGeom_destroy_r(f->ctx->geos, u);
		GEOSGeom_destroy_r(f->ctx->geos, coll);
	}
	free(v);
	sg_catch__free(c);
	fixture_free(f);
}

/*---- Population and seats -----------------------------------------------*/

static void test_catchment__population_area_weighted(void **state)
{
	fixture *f = fixture_new();
	GEOSWKTReader *r = GEOSWKTReader_create_r(f->ctx->geos);
	GEOSGeometry *g;
	sg_catch *c = NULL;
	double pop, ua[4] = { 0 };

	(void)state;
	assert_sg_ok(f->ctx, sg_catch__new(f->ctx, fixture_in(f, 0), &c));
	/* Half of ward 1 (10 km2 of 20) and 1 km2 of ward 0 (of 19 km2,
	 * the lake is not in it). */
	g = GEOSWKTReader_read_r(f->ctx->geos, r,
				 "POLYGON((4000 0,7500 0,"
				 "7500 4000,4000 4000,4000 0))");
	assert_sg_ok(f->ctx, sg_catch__population(c, g, &pop, ua));
	assert_true(fabs(pop - (2000 * 0.5 + 1000 * 4.0 / 19.0)) < 1e-9);
	assert_true(fabs(ua[0] - 4e6) < 1e-6 && fabs(ua[1] - 10e6) < 1e-6);
	GEOSGeom_destroy_r(f->ctx->geos, g);
	GEOSWKTReader_destroy_r(f->ctx->geos, r);
	sg_catch__free(c);
	fixture_free(f);
}

static void test_catchment__school_age_and_seats(void **state)
{
	int from[] = { 0, 3, 6, 11, 15, 0 }, to[] = { 2, 5, 10, 14, 17, 120 };
	double count[] = { 45, 46, 76, 56, 40, 1000 }, st, se;
	int how;

	(void)state;
	/* Bands matching the ages. */
	assert_true(sg_catch__school_age(from, to, count, 6, 6, 10, 0.1,
					 &how) == 76);
	assert_int_equal(how, 1);
	/* Ages 5-7: a third of 3-5 and two fifths of 6-10. */
	assert_true(
		fabs(sg_catch__school_age(from, to, count, 6, 5, 7, 0.1, &how) -
		     (46.0 / 3 + 76.0 * 2 / 5)) < 1e-12);
	/* Ages beyond the bands: total x share. */
	assert_true(sg_catch__school_age(from, to, count, 6, 18, 20, 0.05,
					 &how) == 50);
	assert_int_equal(how, 2);
	/* Only a total, no share: unknown. */
	assert_true(isnan(sg_catch__school_age(from + 5, to + 5, count + 5, 1,
					       6, 10, NAN, &how)));
	assert_int_equal(how, 0);

	/* Single level: classes x class size. */
	sg_catch__seats(0x2, 0x2, 400, NAN, 12, 35, &st, &se);
	assert_true(st == 400 && se == 420);
	/* Unknown classes: the students (counted as full). */
	sg_catch__seats(0x2, 0x2, 400, NAN, NAN, 35, &st, &se);
	assert_true(st == 400 && se == 400);
	/* Primary + lower secondary, 300 of 500 students in primary:
	 * 12 x 3/5 = 7.2 classes x 35 = 252. */
	sg_catch__seats(0x6, 0x2, 500, 300, 12, 35, &st, &se);
	assert_true(st == 300 && se == 252);
	/* Without students per level: an equal share. */
	sg_catch__seats(0x6, 0x4, 500, NAN, 12, 45, &st, &se);
	assert_true(st == 250 && se == 270);
	/* Nothing known. */
	sg_catch__seats(0x2, 0x2, NAN, NAN, NAN, 35, &st, &se);
	assert_true(isnan(st) && isnan(se));
}

static void test_catchment__no_units(void **state)
{
	fixture *f = fixture_new();
	sg_catch *c = NULL;

	(void)state;
	f->nunits = 4;
	fixture_in(f, 0);
	f->in.nunits = 0;
	assert_sg_fails(f->ctx, sg_catch__new(f->ctx, &f->in, &c), SG_EINVALID,
			"no units");
	assert_null(c);
	fixture_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catchment__nn_index_vs_brute_force),
		cmocka_unit_test(test_catchment__nearest_school_wins),
		cmocka_unit_test(test_catchment__tiling),
		cmocka_unit_test(test_catchment__threads_match_serial),
		cmocka_unit_test(test_catchment__zero_one_collinear),
		cmocka_unit_test(test_catchment__same_location_merged),
		cmocka_unit_test(test_catchment__distance_vs_brute_force),
		cmocka_unit_test(test_catchment__distance_hand_computed),
		cmocka_unit_test(test_catchment__capacity_hand_computed),
		cmocka_unit_test(test_catchment__capacity_never_exceeds_seats),
		cmocka_unit_test(test_catchment__population_area_weighted),
		cmocka_unit_test(test_catchment__school_age_and_seats),
		cmocka_unit_test(test_catchment__no_units),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
