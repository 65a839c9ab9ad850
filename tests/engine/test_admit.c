/*
 * tests/engine/test_admit.c - deferred acceptance for entry grades,
 * checked against the independent checker of sg_admit_check.h: no
 * capacity exceeded, no blocking pair, the same placement as a
 * round-based reference, the applicant-optimal matching found by
 * exhaustive search on tiny instances; explanations, zones and
 * pseudonyms.
 */
#include "engine/nearest.h"
#include "sg_admit_check.h"

static sg_ctx *ctx;

static int setup(void **state)
{
	int rc = sg_test_ctx_setup(state);

	ctx = *state;
	return rc;
}

static sg_admit_result *run_ok(const sg_admit_in *in)
{
	sg_admit_result *r = NULL;

	assert_sg_ok(ctx, sg_admit__run(ctx, in, &r));
	assert_non_null(r);
	return r;
}

/* The counts of a result agree with its placements. */
static void check_counts(const sg_admit_in *in, const sg_admit_result *r)
{
	int64_t placed = 0;

	for (size_t s = 0; s < in->nschools; s++) {
		int64_t c = 0;

		for (size_t a = 0; a < in->napplicants; a++)
			c += r->school[a] == (int32_t)s;
		assert_int_equal(c, r->placed[s]);
		placed += c;
	}
	assert_int_equal(placed, r->nplaced);
	assert_int_equal(r->nplaced + r->nunplaced, (int64_t)in->napplicants);
	for (size_t a = 0; a < in->napplicants; a++) {
		if (r->school[a] < 0) {
			assert_int_equal(r->rank[a], 0);
			continue;
		}
		int rank = 0;

		assert_true(ac_option(in, a, (size_t)r->school[a], &rank));
		assert_int_equal(rank, r->rank[a]);
		assert_true(fabs(r->dist[a] -
				 ac_dist(in, a, (size_t)r->school[a])) < 1e-9);
	}
}

/* The checker's verdict: counts, stability, and the same placement as
 * the round-based reference. */
static void check_reference(const ac_inst *t, const sg_admit_result *r)
{
	int32_t *ref = calloc(t->in.napplicants + 1, sizeof(int32_t));

	assert_non_null(ref);
	check_counts(&t->in, r);
	ac_check_stable(&t->in, r->school);
	ac_reference(&t->in, ref);
	assert_memory_equal(ref, r->school,
			    t->in.napplicants * sizeof(int32_t));
	free(ref);
}

/*---- Pseudonyms ---------------------------------------------------------*/

static void test_admit__siphash_vectors(void **state)
{
	uint8_t key[16], msg[64];

	(void)state;
	for (int i = 0; i < 16; i++)
		key[i] = (uint8_t)i;
	for (int i = 0; i < 64; i++)
		msg[i] = (uint8_t)i;
	/* The reference vectors of SipHash-2-4 (Aumasson & Bernstein):
	 * key 00..0f, message 00..(len-1). */
	assert_true(sg_siphash24(key, msg, 0) == 0x726fdb47dd0e0e31ull);
	assert_true(sg_siphash24(key, msg, 1) == 0x74f839c593dc67fdull);
	assert_true(sg_siphash24(key, msg, 15) == 0xa129ca6149be45e5ull);
}

static int cmp13(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void test_admit__pseudonyms(void **state)
{
	uint8_t key[16] = { 1, 2,  3,  4,  5,  6,  7,  8,
			    9, 10, 11, 12, 13, 14, 15, 16 },
		key2[16] = { 0 };
	char p[13], q[13], code[32];
	int clash = 0;
	char *seen = calloc(200000, 13);

	(void)state;
	assert_non_null(seen);
	sg_admit__pseudonym(key, "2024-2025", 1, "HS000123", p);
	sg_admit__pseudonym(key, "2024-2025", 1, "HS000123", q);
	assert_string_equal(p, q);
	assert_int_equal(strlen(p), 12);
	assert_int_equal(strspn(p, "0123456789ABCDEFGHJKMNPQRSTVWXYZ"), 12);
	/* Another year, grade or key gives another code. */
	sg_admit__pseudonym(key, "2025-2026", 1, "HS000123", q);
	assert_string_not_equal(p, q);
	sg_admit__pseudonym(key, "2024-2025", 6, "HS000123", q);
	assert_string_not_equal(p, q);
	sg_admit__pseudonym(key2, "2024-2025", 1, "HS000123", q);
	assert_string_not_equal(p, q);
	/* No collision among 200,000 sequential codes (60 bits). */
	for (int i = 0; i < 200000; i++) {
		snprintf(code, sizeof(code), "HS%06d", i);
		sg_admit__pseudonym(key, "2024-2025", 1, code, seen + 13 * i);
	}
	qsort(seen, 200000, 13, cmp13);
	for (int i = 1; i < 200000; i++)
		clash += strcmp(seen + 13 * (i - 1), seen + 13 * i) == 0;
	assert_int_equal(clash, 0);
	free(seen);
}

/*---- Hand-made instances ------------------------------------------------*/

static void test_admit__distance_by_hand(void **state)
{
	/* A at 0 (1 seat), B at 1000 m (2 seats), all on one line. */
	double sx[] = { 0, 1000 }, sy[] = { 0, 0 };
	int64_t seats[] = { 1, 2 };
	double ax[] = { 100, 200, 300, 900 }, ay[] = { 0, 0, 0, 0 };
	int prio[] = { 0, 0, 1, 0 };
	sg_admit_in in = { .mode = SG_ADMIT_DISTANCE,
			   .nschools = 2,
			   .sx = sx,
			   .sy = sy,
			   .seats = seats,
			   .napplicants = 4,
			   .ax = ax,
			   .ay = ay,
			   .priority = prio };
	sg_admit_result *r;
	char buf[256];

	(void)state;
	r = run_ok(&in);
	/* A keeps the priority child; B keeps the nearer two. */
	assert_int_equal(r->school[0], -1);
	assert_int_equal(r->school[1], 1);
	assert_int_equal(r->school[2], 0);
	assert_int_equal(r->school[3], 1);
	assert_int_equal(r->rank[1], 2);
	assert_int_equal(r->worst[0], 2);
	assert_int_equal(r->worst[1], 1);
	assert_int_equal(r->nplaced, 3);
	assert_int_equal(r->at_first, 2);
	assert_int_equal(r->demand[0], 3);
	assert_string_equal(sg_admit__explain(&in, r, 2, buf, sizeof(buf)),
			    "placed at the nearest school, 300 m");
	assert_string_equal(sg_admit__explain(&in, r, 1, buf, sizeof(buf)),
			    "nearest school full (cut-off 300 m, priority "
			    "group 1); placed at 2nd nearest, 800 m");
	assert_string_equal(sg_admit__explain(&in, r, 0, buf, sizeof(buf)),
			    "all 2 schools full (nearest: cut-off 300 m, "
			    "priority group 1); not placed");
	ac_check_stable(&in, r->school);
	sg_admit__free(r);

	/* Within 500 m, B is nobody's option but the last child's. */
	in.max_distance = 500;
	r = run_ok(&in);
	assert_int_equal(r->school[0], -1);
	assert_int_equal(r->school[1], -1);
	assert_int_equal(r->school[3], 1);
	assert_string_equal(sg_admit__explain(&in, r, 1, buf, sizeof(buf)),
			    "the only school within 500 m is full (cut-off "
			    "300 m, priority group 1); not placed");
	ax[0] = -2000;
	sg_admit__free(r);
	r = run_ok(&in);
	assert_string_equal(sg_admit__explain(&in, r, 0, buf, sizeof(buf)),
			    "no school within 500 m (nearest: 2.0 km); not "
			    "placed");
	ac_check_stable(&in, r->school);
	sg_admit__free(r);

	/* The third nearest, 2.5 km away. */
	{
		double sx3[] = { 0, 100, 2500 }, sy3[] = { 0, 0, 0 };
		int64_t seats3[] = { 1, 1, 5 };
		double ax3[] = { 10, 20, 30 }, ay3[] = { 0, 0, 0 };
		int prio3[] = { 0, 0, 0 };

		in = (sg_admit_in){ .mode = SG_ADMIT_DISTANCE,
				    .nschools = 3,
				    .sx = sx3,
				    .sy = sy3,
				    .seats = seats3,
				    .napplicants = 3,
				    .ax = ax3,
				    .ay = ay3,
				    .priority = prio3 };
		r = run_ok(&in);
		/* B prefers the child at 30 m (70 m from it). */
		assert_int_equal(r->school[2], 1);
		assert_int_equal(r->school[1], 2);
		assert_string_equal(sg_admit__explain(&in, r, 1, buf,
						      sizeof(buf)),
				    "2 nearer schools full (nearest: cut-off "
				    "10 m); placed at 3rd nearest, 2.5 km");
		sg_admit__free(r);
	}
}

static void test_admit__choices_by_hand(void **state)
{
	double sx[] = { 0, 0, 0 }, sy[] = { 0, 0, 0 };
	int64_t seats[] = { 1, 1, 0 }; /* X, Y, Z */
	double ax[5] = { 0 }, ay[5] = { 0 };
	double score[] = { 38.5, 37, 36, 36, 38.5 };
	int prio[] = { 0, 1, 0, 0, 0 };
	int32_t choice[] = {
		0, 1, -1, 0, 1, -1, 1, 0, -1, 2, 1, -1, 1, -1, -1
	};
	sg_admit_in in = { .mode = SG_ADMIT_CHOICES,
			   .nschools = 3,
			   .sx = sx,
			   .sy = sy,
			   .seats = seats,
			   .napplicants = 5,
			   .ax = ax,
			   .ay = ay,
			   .priority = prio,
			   .score = score,
			   .choice = choice,
			   .points = { 0, 2, 1.5, 1 } };
	sg_admit_result *r;
	char buf[256], p[32];

	(void)state;
	r = run_ok(&in);
	assert_int_equal(r->school[1], 0); /* 37 + 2 = 39 beats 38.5 */
	assert_int_equal(r->school[0], 1);
	assert_int_equal(r->rank[0], 2);
	assert_int_equal(r->school[2], -1);
	assert_int_equal(r->school[3], -1);
	assert_int_equal(r->school[4], -1); /* tie with 0, lost on code */
	assert_int_equal(r->tied_out[1], 1);
	assert_int_equal(r->cut_rank[0 * 3 + 0], 390000);
	assert_true(r->cut_rank[1 * 3 + 0] == INT64_MIN);
	assert_int_equal(r->cut_rank[1 * 3 + 1], 385000);
	assert_int_equal(r->demand[0], 2);
	assert_int_equal(r->demand[1], 2);
	assert_int_equal(r->demand[2], 1);
	assert_string_equal(sg_admit__points(r->total[1], p, sizeof(p)), "39");
	assert_string_equal(sg_admit__points(362500, p, sizeof(p)), "36.25");
	assert_string_equal(sg_admit__explain(&in, r, 1, buf, sizeof(buf)),
			    "placed at 1st choice (total 39, cut-off 39)");
	assert_string_equal(sg_admit__explain(&in, r, 0, buf, sizeof(buf)),
			    "1st choice full (cut-off 39), placed at 2nd "
			    "choice");
	assert_string_equal(sg_admit__explain(&in, r, 2, buf, sizeof(buf)),
			    "1st choice full (cut-off 38.5), 2nd choice full "
			    "(cut-off 39); not placed");
	assert_string_equal(sg_admit__explain(&in, r, 3, buf, sizeof(buf)),
			    "1st choice has no seats, 2nd choice full "
			    "(cut-off 38.5); not placed");
	assert_string_equal(sg_admit__explain(&in, r, 4, buf, sizeof(buf)),
			    "1st choice full (cut-off 38.5: equal total, lost "
			    "the tie-break on score or code); not placed");
	ac_check_stable(&in, r->school);
	assert_true(ac_brute(&in, r->school) >= 1);
	sg_admit__free(r);
}

static void test_admit__ordinals(void **state)
{
	static const struct {
		long k;
		const char *s;
	} c[] = { { 1, "1st" },	   { 2, "2nd" },   { 3, "3rd" },
		  { 4, "4th" },	   { 11, "11th" }, { 12, "12th" },
		  { 13, "13th" },  { 21, "21st" }, { 102, "102nd" },
		  { 111, "111th" } };
	char buf[24];

	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(*c); i++)
		assert_string_equal(sg_admit__ordinal(c[i].k, buf, sizeof(buf)),
				    c[i].s);
}

/*---- Against the checker ------------------------------------------------*/

/* Every matching of tiny instances: the engine finds the stable
 * matching every applicant likes best. */
static void test_admit__brute_force_tiny(void **state)
{
	size_t stable_total = 0;

	(void)state;
	for (uint64_t seed = 1; seed <= 400; seed++) {
		uint64_t s = seed * 7919;
		size_t n = (size_t)ac_int(&s, 1, 7);
		size_t m = (size_t)ac_int(&s, 1, 3);
		sg_admit_mode mode = seed % 2 ? SG_ADMIT_DISTANCE
					      : SG_ADMIT_CHOICES;
		double maxd = seed % 3 == 0 ? 400 : 0;
		ac_inst *t = ac_make(seed, mode, n, m, 1000, 0.7, maxd);
		sg_admit_result *r = run_ok(&t->in);

		check_counts(&t->in, r);
		ac_check_stable(&t->in, r->school);
		stable_total += ac_brute(&t->in, r->school);
		sg_admit__free(r);
		ac_free(t);
	}
	assert_true(stable_total >= 400);
}

/*
 * Grade 10 with a handicap per choice rank (rank-dependent priorities):
 * on every tiny instance the placement is stable in that sense and the
 * best stable matching for every applicant, by exhaustive search over
 * all matchings (ac_brute restates the adjusted order); the handicap
 * must change some outcomes, and the published cut-off of each rank
 * separates the admitted from the rejected of that rank.
 */
static void test_admit__rank_handicap_brute_force(void **state)
{
	static const double hs[] = { 0, 0.25, 0.5, 1, 2, 3.75, 10 };
	size_t stable_total = 0, changed = 0;

	(void)state;
	for (uint64_t seed = 1; seed <= 600; seed++) {
		uint64_t s = seed * 104729;
		size_t n = (size_t)ac_int(&s, 2, 7);
		size_t m = (size_t)ac_int(&s, 1, 3);
		ac_inst *t = ac_make(seed + 5000, SG_ADMIT_CHOICES, n, m, 1000,
				     0.6, 0);
		sg_admit_result *r, *r0;

		t->in.handicap[1] = hs[ac_int(&s, 0, 6)];
		t->in.handicap[2] = t->in.handicap[1] + hs[ac_int(&s, 0, 6)];
		r = run_ok(&t->in);
		check_counts(&t->in, r);
		ac_check_stable(&t->in, r->school);
		stable_total += ac_brute(&t->in, r->school);
		for (size_t a = 0; a < n; a++)
			for (int k = 0; k < 3; k++) {
				int32_t c = t->in.choice[3 * a + (size_t)k];
				int64_t cut;

				if (c < 0 ||
				    r->cut_pub[(size_t)c * 3] == INT64_MIN)
					continue;
				cut = r->cut_pub[(size_t)c * 3 + (size_t)k];
				if (r->school[a] == c)
					assert_true(ac_total(&t->in, a) >= cut);
				else if (r->school[a] < 0 || r->rank[a] > k + 1)
					assert_true(ac_total(&t->in, a) <= cut);
			}
		/* The same instance without a handicap. */
		t->in.handicap[1] = t->in.handicap[2] = 0;
		r0 = run_ok(&t->in);
		changed += memcmp(r0->school, r->school, n * sizeof(int32_t)) !=
			   0;
		sg_admit__free(r0);
		sg_admit__free(r);
		ac_free(t);
	}
	assert_true(stable_total >= 600);
	assert_true(changed >= 20);
}

/* Medium instances with a handicap: identical to the reference. */
static void test_admit__rank_handicap_reference(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 4; seed++) {
		ac_inst *t = ac_make(seed * 977, SG_ADMIT_CHOICES, 2000, 15,
				     20000, 0.7, 0);
		sg_admit_result *r;

		t->in.handicap[1] = 1.5;
		t->in.handicap[2] = 3;
		r = run_ok(&t->in);
		check_reference(t, r);
		sg_admit__free(r);
		ac_free(t);
	}
}

/* Grades 1 and 6 with priority as metres: stable and applicant-optimal
 * by exhaustive search; the groups must change some outcomes. */
static void test_admit__priority_as_points_brute_force(void **state)
{
	size_t changed = 0;

	(void)state;
	for (uint64_t seed = 1; seed <= 300; seed++) {
		uint64_t s = seed * 15485863;
		size_t n = (size_t)ac_int(&s, 2, 7);
		size_t m = (size_t)ac_int(&s, 1, 3);
		ac_inst *t = ac_make(seed + 9000, SG_ADMIT_DISTANCE, n, m, 1000,
				     0.6, seed % 3 ? 0 : 500);
		sg_admit_result *r, *r0;

		for (size_t a = 0; a < n; a++)
			t->priority[a] = ac_int(&s, 0, 3);
		t->in.priority_as_points = 1;
		t->in.metres[1] = 300;
		t->in.metres[2] = 150;
		t->in.metres[3] = 50;
		r = run_ok(&t->in);
		check_counts(&t->in, r);
		ac_check_stable(&t->in, r->school);
		ac_brute(&t->in, r->school);
		t->in.priority_as_points = 0;
		r0 = run_ok(&t->in);
		changed += memcmp(r0->school, r->school, n * sizeof(int32_t)) !=
			   0;
		sg_admit__free(r0);
		sg_admit__free(r);
		ac_free(t);
	}
	assert_true(changed >= 10);
}

/* The k rule on a zone grid, by hand: a one-home part next to a big
 * zone is merged into it; a small part of the same label beyond it
 * rejoins; parts with no neighbour are left out. */
static void test_admit__zone_k_by_hand(void **state)
{
	double ax[8], ay[8], sx[2] = { 0, 0 }, sy[2] = { 0, 0 };
	int32_t school[8], lab[6] = { 0, 0, 0, 1, 0, 0 };
	int32_t lab2[3] = { 0, -1, 1 };
	/* Homes: cells 0, 0, 1, 2, 2 of school 0; cell 3 of school 1;
	 * cell 5 of school 0. */
	const int cells[7] = { 0, 0, 1, 2, 2, 3, 5 };
	const int schools[7] = { 0, 0, 0, 0, 0, 1, 0 };
	sg_admit_in in;
	int64_t merged = -1;

	(void)state;
	memset(&in, 0, sizeof(in));
	for (int a = 0; a < 7; a++) {
		ax[a] = cells[a] + 0.5;
		ay[a] = 0.5;
		school[a] = schools[a];
	}
	in.nschools = 2;
	in.sx = sx;
	in.sy = sy;
	in.napplicants = 7;
	in.ax = ax;
	in.ay = ay;
	assert_sg_ok(ctx, sg_admit__zone_k(ctx, &in, school, 0, 1, 1, 6, 1, 3,
					   lab, &merged));
	for (int i = 0; i < 6; i++)
		assert_int_equal(lab[i], 0);
	assert_int_equal(merged, 1);
	/* Two one-home parts apart: both left out. */
	in.napplicants = 2;
	ax[0] = 0.5;
	ax[1] = 2.5;
	school[0] = 0;
	school[1] = 1;
	assert_sg_ok(ctx, sg_admit__zone_k(ctx, &in, school, 0, 1, 1, 3, 1, 2,
					   lab2, &merged));
	assert_int_equal(lab2[0], -1);
	assert_int_equal(lab2[2], -1);
	assert_int_equal(merged, 2);
}

/* Medium instances: identical to the round-based reference, stable. */
static void test_admit__reference_distance(void **state)
{
	static const double fills[] = { 0.6, 0.95, 1.0, 1.3 };

	(void)state;
	for (uint64_t seed = 1; seed <= 8; seed++) {
		double fill = fills[seed % 4];
		double maxd = seed % 2 ? 0 : 1500;
		ac_inst *t = ac_make(seed * 101, SG_ADMIT_DISTANCE, 1500, 25,
				     8000, fill, maxd);
		sg_admit_result *r = run_ok(&t->in);

		check_reference(t, r);
		sg_admit__free(r);
		ac_free(t);
	}
}

static void test_admit__reference_choices(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 8; seed++) {
		ac_inst *t = ac_make(seed * 331, SG_ADMIT_CHOICES, 3000, 20,
				     20000, seed % 2 ? 0.5 : 1.1, 0);
		sg_admit_result *r = run_ok(&t->in);

		check_reference(t, r);
		/* Cut-offs: the lowest total admitted; below it nobody. */
		for (size_t s = 0; s < t->in.nschools; s++) {
			int64_t low = INT64_MAX;

			for (size_t a = 0; a < t->in.napplicants; a++)
				if (r->school[a] == (int32_t)s &&
				    ac_total(&t->in, a) < low)
					low = ac_total(&t->in, a);
			if (r->placed[s])
				assert_int_equal(low, r->total[r->worst[s]]);
		}
		sg_admit__free(r);
		ac_free(t);
	}
}

/* Scarce seats: applicants run through long option lists (the lazy
 * extension, and the sort-everything path of the nearest search). */
static void test_admit__scarce_seats_extend_lazily(void **state)
{
	ac_inst *t = ac_make(4242, SG_ADMIT_DISTANCE, 3000, 150, 10000, 0.4, 0);
	sg_admit_result *r = run_ok(&t->in), *r2;
	int64_t seats = 0, long_lists = 0;

	(void)state;
	for (size_t s = 0; s < t->in.nschools; s++)
		seats += t->in.seats[s];
	check_reference(t, r);
	/* Every seat is taken: somebody unplaced wanted it. */
	assert_int_equal(r->nplaced, seats);
	for (size_t a = 0; a < t->in.napplicants; a++)
		long_lists += r->noptions[a] > 16;
	assert_true(long_lists > 100);
	/* Deterministic: the same arrays again. */
	r2 = run_ok(&t->in);
	assert_memory_equal(r->school, r2->school,
			    t->in.napplicants * sizeof(int32_t));
	assert_memory_equal(r->rank, r2->rank,
			    t->in.napplicants * sizeof(int32_t));
	sg_admit__free(r2);
	sg_admit__free(r);
	ac_free(t);
}

/* The order the schools are searched in (engine/nearest.c) is the
 * checker's: (distance, index), distances as sqrt(dx * dx + dy * dy). */
static void test_admit__nearest_order(void **state)
{
	/* Squares 2 + 2^-51 and 2 differ, their roots do not: the lower
	 * index comes first, not the smaller square. */
	double tx[] = { 1 + 0x1p-52, 1 }, ty[] = { 1, 1 };
	ac_inst *t = ac_make(99, SG_ADMIT_DISTANCE, 300, 200, 5000, 1, 0);
	size_t idx[200];
	double d[200];
	sg_nn *nn = sg_nn__new(tx, ty, 2);

	(void)state;
	assert_non_null(nn);
	assert_true(tx[0] * tx[0] + 1 != 2.0);
	assert_int_equal(sg_nn__knearest(nn, 0, 0, 1, idx, d), 1);
	assert_int_equal(idx[0], 1);
	assert_int_equal(sg_nn__knearest_dist(nn, 0, 0, 1, idx, d), 1);
	assert_int_equal(idx[0], 0);
	sg_nn__free(nn);

	/* Against the checker, by the rings (k = 4, 16) and by sorting
	 * them all (k = 50, 200): 200 schools, some at one location. */
	nn = sg_nn__new(t->sx, t->sy, t->in.nschools);
	assert_non_null(nn);
	for (size_t a = 0; a < t->in.napplicants; a++) {
		static const size_t ks[] = { 4, 16, 50, 200 };
		size_t k = ks[a % 4];

		assert_int_equal(sg_nn__knearest_dist(nn, t->ax[a], t->ay[a], k,
						      idx, d),
				 k);
		for (size_t j = 0; j < k; j++) {
			int rank = 0;

			assert_true(ac_option(&t->in, a, idx[j], &rank));
			assert_int_equal(rank, (int)j + 1);
			assert_true(d[j] == ac_dist(&t->in, a, idx[j]));
		}
	}
	sg_nn__free(nn);
	ac_free(t);
}

/* The school a zone cell goes to, by brute force: the k nearest placed
 * homes by (distance, index); the school most of them go to, ties to
 * the one whose home comes first. */
static int32_t brute_zone(const ac_inst *t, const sg_admit_result *r, double cx,
			  double cy, int k)
{
	size_t n = t->in.napplicants, m = t->in.nschools, got = 0;
	int32_t near[8], best = -1;
	double nd[8];
	int64_t count[64] = { 0 }, best_n = 0;

	assert_true(k <= 8 && m <= 64);
	for (size_t a = 0; a < n; a++) {
		double dx = t->ax[a] - cx, dy = t->ay[a] - cy;
		double d = sqrt(dx * dx + dy * dy);
		size_t p;

		if (r->school[a] < 0)
			continue;
		/* insertion into the k best, (d, a) ascending */
		if (got == (size_t)k && !(d < nd[k - 1]))
			continue;
		p = got < (size_t)k ? got++ : (size_t)k - 1;
		while (p > 0 && nd[p - 1] > d) {
			nd[p] = nd[p - 1];
			near[p] = near[p - 1];
			p--;
		}
		nd[p] = d;
		near[p] = (int32_t)a;
	}
	for (size_t i = 0; i < got; i++)
		count[r->school[near[i]]]++;
	for (size_t i = 0; i < got; i++)
		if (count[r->school[near[i]]] > best_n) {
			best_n = count[r->school[near[i]]];
			best = r->school[near[i]];
		}
	return best;
}

/* Zones: each cell goes to the school of the nearest placed home (k =
 * 1), or the school most of the k nearest placed homes go to. */
static void test_admit__zone_grid(void **state)
{
	ac_inst *t = ac_make(77, SG_ADMIT_DISTANCE, 400, 12, 3000, 0.9, 0);
	sg_admit_result *r = run_ok(&t->in);
	size_t nx = 31, ny = 29;
	int32_t *z = calloc(nx * ny, sizeof(int32_t));
	unsigned char *mask = calloc(nx * ny, 1);
	static const int ks[] = { 1, 5 };

	(void)state;
	assert_non_null(z);
	assert_non_null(mask);
	for (size_t k = 0; k < nx * ny; k++)
		mask[k] = k % 7 != 3;
	for (size_t q = 0; q < 2; q++) {
		assert_sg_ok(ctx,
			     sg_admit__zone_grid(ctx, &t->in, r, -100, 3100,
						 110, nx, ny, ks[q], mask, z));
		for (size_t j = 0; j < ny; j++)
			for (size_t i = 0; i < nx; i++) {
				double cx = -100 + (i + 0.5) * 110;
				double cy = 3100 - (j + 0.5) * 110;

				if (!mask[j * nx + i])
					assert_int_equal(z[j * nx + i], -1);
				else
					assert_int_equal(z[j * nx + i],
							 brute_zone(t, r, cx,
								    cy, ks[q]));
			}
	}
	free(z);
	free(mask);
	sg_admit__free(r);
	ac_free(t);
}

static void test_admit__bad_input(void **state)
{
	ac_inst *t = ac_make(5, SG_ADMIT_CHOICES, 10, 3, 1000, 1, 0);
	sg_admit_result *r = NULL;

	(void)state;
	t->seats[1] = -1;
	assert_sg_fails(ctx, sg_admit__run(ctx, &t->in, &r), SG_EINVALID,
			"bad seats");
	assert_null(r);
	t->seats[1] = 1;
	t->choice[4] = 3;
	assert_sg_fails(ctx, sg_admit__run(ctx, &t->in, &r), SG_EINVALID,
			"out of range");
	t->choice[4] = -1;
	t->score[2] = NAN;
	assert_sg_fails(ctx, sg_admit__run(ctx, &t->in, &r), SG_EINVALID,
			"no score");
	ac_free(t);
	/* No school, no applicant: nothing placed, no failure. */
	t = ac_make(6, SG_ADMIT_DISTANCE, 0, 0, 1000, 1, 0);
	r = run_ok(&t->in);
	assert_int_equal(r->nplaced, 0);
	sg_admit__free(r);
	ac_free(t);
	t = ac_make(6, SG_ADMIT_DISTANCE, 5, 0, 1000, 1, 0);
	r = run_ok(&t->in);
	assert_int_equal(r->nunplaced, 5);
	{
		char buf[128];

		assert_string_equal(sg_admit__explain(&t->in, r, 0, buf,
						      sizeof(buf)),
				    "no school of the level; not placed");
	}
	sg_admit__free(r);
	ac_free(t);
}

/*
 * Totals are ranked as 64-bit integers (x 1e4): the largest score and
 * points the engine takes still rank exactly (the best ranks first),
 * and anything larger is refused instead of wrapping around.
 */
static void test_admit__no_overflow(void **state)
{
	double sx[] = { 0, 0 }, sy[] = { 0, 0 };
	int64_t seats[] = { 1, 1 };
	double ax[3] = { 0 }, ay[3] = { 0 };
	double score[] = { 49, 1e9, 1e9 - 0.0001 };
	int prio[] = { 1, 0, 1 };
	int32_t choice[] = { 0, -1, -1, 0, 1, -1, 0, 1, -1 };
	sg_admit_in in = { .mode = SG_ADMIT_CHOICES,
			   .nschools = 2,
			   .sx = sx,
			   .sy = sy,
			   .seats = seats,
			   .napplicants = 3,
			   .ax = ax,
			   .ay = ay,
			   .priority = prio,
			   .score = score,
			   .choice = choice,
			   .points = { 0, 1e6, 0, 0 },
			   .handicap = { 0, 1e6, 1e6 } };
	sg_admit_result *r;

	(void)state;
	r = run_ok(&in);
	/* 1e9 - 0.0001 + 1e6 beats 1e9; 49 + 1e6 loses to both. */
	assert_int_equal(r->school[2], 0);
	assert_int_equal(r->school[1], 1);
	assert_int_equal(r->school[0], -1);
	assert_true(r->total[2] == (int64_t)10009999999999);
	assert_true(r->total[1] == (int64_t)10000000000000);
	ac_check_stable(&in, r->school);
	assert_true(ac_brute(&in, r->school) >= 1);
	sg_admit__free(r);
	r = NULL;
	score[1] = 1e308; /* the score of issue #11 */
	assert_sg_fails(ctx, sg_admit__run(ctx, &in, &r), SG_EINVALID,
			"no score (or one beyond 1e9");
	assert_null(r);
	score[1] = 1e9;
	in.points[1] = 1e300;
	assert_sg_fails(ctx, sg_admit__run(ctx, &in, &r), SG_EINVALID,
			"points of priority group 1");
	in.points[1] = INFINITY;
	assert_sg_fails(ctx, sg_admit__run(ctx, &in, &r), SG_EINVALID,
			"points of priority group 1");
	assert_null(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_admit__siphash_vectors),
		cmocka_unit_test(test_admit__pseudonyms),
		cmocka_unit_test(test_admit__distance_by_hand),
		cmocka_unit_test(test_admit__choices_by_hand),
		cmocka_unit_test(test_admit__ordinals),
		cmocka_unit_test(test_admit__brute_force_tiny),
		cmocka_unit_test(test_admit__rank_handicap_brute_force),
		cmocka_unit_test(test_admit__rank_handicap_reference),
		cmocka_unit_test(test_admit__priority_as_points_brute_force),
		cmocka_unit_test(test_admit__reference_distance),
		cmocka_unit_test(test_admit__reference_choices),
		cmocka_unit_test(test_admit__scarce_seats_extend_lazily),
		cmocka_unit_test(test_admit__nearest_order),
		cmocka_unit_test(test_admit__zone_grid),
		cmocka_unit_test(test_admit__zone_k_by_hand),
		cmocka_unit_test(test_admit__bad_input),
		cmocka_unit_test(test_admit__no_overflow),
	};

	return cmocka_run_group_tests(tests, setup, sg_test_ctx_teardown);
}
