/*
 * tests/helpers/sg_admit_check.h - an independent check of admissions
 * (internal header): a deterministic instance generator, the properties
 * every placement must have (capacities, acceptability, no blocking
 * pair), a reference deferred acceptance written differently from
 * engine/admit.c (round-based, all free applicants propose at once, full
 * preference lists sorted up front, schools re-sort everyone they hold),
 * and an exhaustive search of all matchings of tiny instances.
 *
 * The preferences are restated here from the documentation in
 * engine/admit.h, not taken from the engine: distance mode, applicants
 * rank schools by (distance, school index), schools rank applicants by
 * (priority 1, 2, 3, none; distance; applicant index), or with
 * priority as points by (distance - metres of the group; distance;
 * index); choices mode, schools rank by (round((score + points) * 1e4)
 * - round(handicap of the rank the applicant gave the school * 1e4)
 * desc, round(score * 1e4) desc, applicant index).  Distances are sqrt(dx*dx + dy*dy), the
 * formula the documentation gives, so exact ties (twins at one home)
 * compare the same way.
 */
#ifndef SG_ADMIT_CHECK_H
#define SG_ADMIT_CHECK_H

#include <math.h>

#include "engine/admit.h"
#include "sg_test.h"

/*---- Instances ----------------------------------------------------------*/

/* splitmix64 */
static inline uint64_t ac_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static inline double ac_u01(uint64_t *s)
{
	return (double)(ac_next(s) >> 11) / 9007199254740992.0;
}

static inline int ac_int(uint64_t *s, int lo, int hi)
{
	return lo + (int)(ac_next(s) % (uint64_t)(hi - lo + 1));
}

/* An instance and its storage. */
typedef struct {
	sg_admit_in in;
	double *sx, *sy, *ax, *ay, *score;
	int64_t *seats;
	int *priority;
	int32_t *choice;
} ac_inst;

/*
 * A random instance in a square of `side` metres: m schools, n
 * applicants; seats so that the schools hold about `fill` x n; a share
 * of twins (the same home as the previous applicant) and of schools at
 * one location; priorities (1 in 8); grade 10 scores in quarter points
 * between 10 and 40 (many equal totals) and up to three choices with
 * holes.
 */
static inline ac_inst *ac_make(uint64_t seed, sg_admit_mode mode, size_t n,
			       size_t m, double side, double fill,
			       double max_distance)
{
	ac_inst *t = calloc(1, sizeof(*t));
	uint64_t s = seed;

	assert_non_null(t);
	t->sx = calloc(m + 1, sizeof(double));
	t->sy = calloc(m + 1, sizeof(double));
	t->seats = calloc(m + 1, sizeof(int64_t));
	t->ax = calloc(n + 1, sizeof(double));
	t->ay = calloc(n + 1, sizeof(double));
	t->score = calloc(n + 1, sizeof(double));
	t->priority = calloc(n + 1, sizeof(int));
	t->choice = calloc(3 * n + 1, sizeof(int32_t));
	assert_true(t->sx && t->sy && t->seats && t->ax && t->ay && t->score &&
		    t->priority && t->choice);
	for (size_t j = 0; j < m; j++) {
		if (j > 0 && ac_u01(&s) < 0.1) {
			t->sx[j] = t->sx[j - 1];
			t->sy[j] = t->sy[j - 1];
		} else {
			t->sx[j] = side * ac_u01(&s);
			t->sy[j] = side * ac_u01(&s);
		}
		t->seats[j] = (int64_t)floor(fill * (double)n / (double)m * 2 *
					     ac_u01(&s));
	}
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && ac_u01(&s) < 0.05) {
			t->ax[i] = t->ax[i - 1];
			t->ay[i] = t->ay[i - 1];
		} else {
			t->ax[i] = side * ac_u01(&s);
			t->ay[i] = side * ac_u01(&s);
		}
		t->priority[i] = ac_u01(&s) < 0.125 ? ac_int(&s, 1, 3) : 0;
		t->score[i] = 0.25 * ac_int(&s, 40, 160);
		for (int k = 0; k < 3; k++) {
			int32_t c = m ? (int32_t)ac_int(&s, 0, (int)m - 1) : -1;

			for (int q = 0; q < k; q++)
				if (t->choice[3 * i + (size_t)q] == c)
					c = -1;
			if (ac_u01(&s) < 0.1)
				c = -1;
			t->choice[3 * i + (size_t)k] = c;
		}
	}
	t->in.mode = mode;
	t->in.nschools = m;
	t->in.sx = t->sx;
	t->in.sy = t->sy;
	t->in.seats = t->seats;
	t->in.napplicants = n;
	t->in.ax = t->ax;
	t->in.ay = t->ay;
	t->in.priority = t->priority;
	t->in.score = t->score;
	t->in.choice = t->choice;
	t->in.max_distance = max_distance;
	t->in.points[0] = 0;
	t->in.points[1] = 2;
	t->in.points[2] = 1.5;
	t->in.points[3] = 1;
	return t;
}

static inline void ac_free(ac_inst *t)
{
	if (!t)
		return;
	free(t->sx);
	free(t->sy);
	free(t->seats);
	free(t->ax);
	free(t->ay);
	free(t->score);
	free(t->priority);
	free(t->choice);
	free(t);
}

/*---- Preferences, restated ------------------------------------------------*/

static inline double ac_dist(const sg_admit_in *in, size_t a, size_t s)
{
	double dx = in->ax[a] - in->sx[s], dy = in->ay[a] - in->sy[s];

	return sqrt(dx * dx + dy * dy);
}

/* Whether s is an option of a at all; its rank (1-based) in *rank. */
static inline int ac_option(const sg_admit_in *in, size_t a, size_t s,
			    int *rank)
{
	if (in->mode == SG_ADMIT_DISTANCE) {
		int r = 1;

		if (in->max_distance > 0 &&
		    ac_dist(in, a, s) > in->max_distance)
			return 0;
		for (size_t t = 0; t < in->nschools; t++)
			if (ac_dist(in, a, t) < ac_dist(in, a, s) ||
			    (ac_dist(in, a, t) == ac_dist(in, a, s) && t < s))
				r++;
		*rank = r;
		return 1;
	}
	for (int k = 0; k < 3; k++)
		if (in->choice[3 * a + (size_t)k] == (int32_t)s) {
			*rank = k + 1;
			return 1;
		}
	return 0;
}

/* Whether applicant a prefers school s to its placement cur (-1). */
static inline int ac_app_prefers(const sg_admit_in *in, size_t a, size_t s,
				 int32_t cur)
{
	int rs = 0, rc = 0;

	if (!ac_option(in, a, s, &rs))
		return 0;
	if (cur < 0)
		return 1;
	assert_true(ac_option(in, a, (size_t)cur, &rc));
	return rs < rc;
}

static inline int64_t ac_total(const sg_admit_in *in, size_t a)
{
	int p = in->priority ? in->priority[a] : 0;

	return (int64_t)llround((in->score[a] + in->points[p]) * 1e4);
}

/* The total of a at school s less the handicap of the rank a gave s
 * (rank-dependent priorities); the plain total when s is no choice. */
static inline int64_t ac_adjusted(const sg_admit_in *in, size_t a, size_t s)
{
	for (int k = 0; k < 3; k++)
		if (in->choice[3 * a + (size_t)k] == (int32_t)s)
			return ac_total(in, a) -
			       (int64_t)llround(in->handicap[k] * 1e4);
	return ac_total(in, a);
}

/* Whether school s prefers applicant a to applicant b. */
static inline int ac_school_prefers(const sg_admit_in *in, size_t s, size_t a,
				    size_t b)
{
	if (in->mode == SG_ADMIT_DISTANCE) {
		int pa = in->priority[a] ? in->priority[a] : 4;
		int pb = in->priority[b] ? in->priority[b] : 4;
		double da = ac_dist(in, a, s), db = ac_dist(in, b, s);

		if (in->priority_as_points) {
			double ea = da - in->metres[in->priority[a]];
			double eb = db - in->metres[in->priority[b]];

			if (ea != eb)
				return ea < eb;
			pa = pb;
		}
		if (pa != pb)
			return pa < pb;
		if (da != db)
			return da < db;
		return a < b;
	} else {
		int64_t ta = ac_adjusted(in, a, s), tb = ac_adjusted(in, b, s);
		int64_t sa = (int64_t)llround(in->score[a] * 1e4);
		int64_t sb = (int64_t)llround(in->score[b] * 1e4);

		if (ta != tb)
			return ta > tb;
		if (sa != sb)
			return sa > sb;
		return a < b;
	}
}

/*---- Properties ------------------------------------------------------------*/

/*
 * Capacities never exceeded, placements are options of the applicant,
 * and no blocking pair: no applicant a and school s such that a prefers
 * s to its placement and s has a free seat or holds someone it likes
 * less than a.  O(n m) with each school's worst held applicant.
 */
static inline void ac_check_stable(const sg_admit_in *in, const int32_t *school)
{
	size_t n = in->napplicants, m = in->nschools;
	int64_t *count = calloc(m + 1, sizeof(int64_t));
	long *worst = calloc(m + 1, sizeof(long));
	int r;

	assert_true(count && worst);
	for (size_t s = 0; s < m; s++)
		worst[s] = -1;
	for (size_t a = 0; a < n; a++) {
		int32_t s = school[a];

		if (s < 0)
			continue;
		assert_true((size_t)s < m);
		if (!ac_option(in, a, (size_t)s, &r))
			fail_msg("applicant %zu placed at %d, not an option", a,
				 s);
		count[s]++;
		if (worst[s] < 0 ||
		    ac_school_prefers(in, (size_t)s, (size_t)worst[s], a))
			worst[s] = (long)a;
	}
	for (size_t s = 0; s < m; s++)
		if (count[s] > in->seats[s])
			fail_msg("school %zu: %lld placed, %lld seats", s,
				 (long long)count[s], (long long)in->seats[s]);
	for (size_t a = 0; a < n; a++)
		for (size_t s = 0; s < m; s++) {
			if (!ac_app_prefers(in, a, s, school[a]))
				continue;
			if (count[s] < in->seats[s])
				fail_msg("blocking pair: applicant %zu prefers "
					 "school %zu, which has a free seat",
					 a, s);
			if (count[s] > 0 &&
			    ac_school_prefers(in, s, a, (size_t)worst[s]))
				fail_msg("blocking pair: applicant %zu and "
					 "school %zu (prefers it to %ld)",
					 a, s, worst[s]);
		}
	free(count);
	free(worst);
}

/*---- Reference: round-based deferred acceptance ----------------------------*/

static const sg_admit_in *ac_sort_in;
static size_t ac_sort_a;

static inline int ac_cmp_school(const void *x, const void *y)
{
	size_t s = *(const size_t *)x, t = *(const size_t *)y;
	double ds = ac_dist(ac_sort_in, ac_sort_a, s);
	double dt = ac_dist(ac_sort_in, ac_sort_a, t);

	if (ds != dt)
		return ds < dt ? -1 : 1;
	return (s > t) - (s < t);
}

static size_t ac_sort_s;

static inline int ac_cmp_app(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;

	if (a == b)
		return 0;
	return ac_school_prefers(ac_sort_in, ac_sort_s, a, b) ? -1 : 1;
}

/*
 * All free applicants propose to their next option at once; every
 * school sorts what it holds plus the new proposals and keeps the best
 * seats; repeat until nobody proposes.  school_out gets the result.
 */
static inline void ac_reference(const sg_admit_in *in, int32_t *school_out)
{
	size_t n = in->napplicants, m = in->nschools;
	size_t *pref = calloc(n * (m + 1) + 1, sizeof(size_t));
	size_t *npref = calloc(n + 1, sizeof(size_t));
	size_t *next = calloc(n + 1, sizeof(size_t));
	size_t *pool = calloc(n + 1, sizeof(size_t));
	int moved = 1;

	assert_true(pref && npref && next && pool);
	ac_sort_in = in;
	for (size_t a = 0; a < n; a++) {
		size_t *p = pref + a * (m + 1);

		school_out[a] = -1;
		if (in->mode == SG_ADMIT_DISTANCE) {
			for (size_t s = 0; s < m; s++)
				if (!(in->max_distance > 0) ||
				    ac_dist(in, a, s) <= in->max_distance)
					p[npref[a]++] = s;
			ac_sort_a = a;
			qsort(p, npref[a], sizeof(size_t), ac_cmp_school);
		} else {
			for (int k = 0; k < 3; k++)
				if (in->choice[3 * a + (size_t)k] >= 0)
					p[npref[a]++] =
						(size_t)in->choice[3 * a +
								   (size_t)k];
		}
	}
	while (moved) {
		moved = 0;
		for (size_t a = 0; a < n; a++)
			if (school_out[a] < 0 && next[a] < npref[a]) {
				school_out[a] = (int32_t)
					pref[a * (m + 1) + next[a]++];
				moved = 1;
			}
		for (size_t s = 0; moved && s < m; s++) {
			size_t np = 0;

			for (size_t a = 0; a < n; a++)
				if (school_out[a] == (int32_t)s)
					pool[np++] = a;
			ac_sort_s = s;
			qsort(pool, np, sizeof(size_t), ac_cmp_app);
			for (size_t k = (size_t)in->seats[s]; k < np; k++)
				school_out[pool[k]] = -1;
		}
	}
	free(pref);
	free(npref);
	free(next);
	free(pool);
}

/*---- Brute force: every matching of a tiny instance ------------------------*/

/*
 * Enumerate every assignment of n <= 7 applicants to m <= 3 schools or
 * none, keep the feasible stable ones, and check that `school` is one of
 * them and that every applicant likes it at least as well as any other
 * stable matching (applicant-optimal).  Returns the number of stable
 * matchings.
 */
static inline size_t ac_brute(const sg_admit_in *in, const int32_t *school)
{
	size_t n = in->napplicants, m = in->nschools, total = 1, nstable = 0;
	int32_t cur[8], best[8];
	int found = 0;

	assert_true(n <= 7 && m <= 3);
	for (size_t a = 0; a < n; a++) {
		total *= m + 1;
		best[a] = -2;
	}
	for (size_t code = 0; code < total; code++) {
		int64_t cnt[3] = { 0, 0, 0 };
		int ok = 1, r;
		size_t c = code;

		for (size_t a = 0; a < n; a++) {
			cur[a] = (int32_t)(c % (m + 1)) - 1;
			c /= m + 1;
			if (cur[a] >= 0) {
				ok &= ac_option(in, a, (size_t)cur[a], &r);
				cnt[cur[a]]++;
			}
		}
		for (size_t s = 0; s < m; s++)
			ok &= cnt[s] <= in->seats[s];
		for (size_t a = 0; ok && a < n; a++)
			for (size_t s = 0; ok && s < m; s++) {
				if (!ac_app_prefers(in, a, s, cur[a]))
					continue;
				if (cnt[s] < in->seats[s])
					ok = 0;
				for (size_t b = 0; ok && b < n; b++)
					if (cur[b] == (int32_t)s &&
					    ac_school_prefers(in, s, a, b))
						ok = 0;
			}
		if (!ok)
			continue;
		nstable++;
		found |= memcmp(cur, school, n * sizeof(int32_t)) == 0;
		for (size_t a = 0; a < n; a++)
			if (best[a] == -2 ||
			    (cur[a] >= 0 &&
			     ac_app_prefers(in, a, (size_t)cur[a], best[a])))
				best[a] = cur[a];
	}
	if (!found)
		fail_msg("the placement is not among the %zu stable matchings",
			 nstable);
	for (size_t a = 0; a < n; a++)
		if (best[a] != school[a])
			fail_msg("applicant %zu: placed at %d, a stable "
				 "matching gives %d",
				 a, school[a], best[a]);
	return nstable;
}

#endif /* SG_ADMIT_CHECK_H */
