/*
 * engine/admit.c - deferred acceptance for entry grades, its
 * explanations, admission-zone sampling and pseudonyms.
 *
 * The matching is the textbook applicant-proposing algorithm with one
 * max-heap per school holding its tentatively admitted applicants, worst
 * on top, so a proposal costs O(log seats).  Proposals are processed
 * from a stack; an applicant evicted from a school proposes at once to
 * its next option.  The outcome is the applicant-optimal stable matching
 * whatever the order, which is why the tests can compare it with a
 * round-based reference written differently.
 *
 * Distance preferences are never materialised for all schools: each
 * applicant keeps a prefix of its nearest schools (4 at first, from
 * sg_nn__knearest_dist of engine/nearest.c), and only applicants who are
 * rejected by all of them fetch a longer prefix (4x each time, up to
 * KMAX).  Because schools are ordered by (distance, index), a strict
 * total order, a longer prefix always starts with the shorter one.
 *
 * Beyond KMAX (seats scarcer than applicants: the unlucky ones would
 * propose to every school of the city), an applicant's next option is
 * found by one linear pass over the schools: the nearest one after its
 * last proposal that would hold it now.  Skipping the schools that would
 * reject it is exact, not a heuristic: a rejected proposal changes
 * nothing in deferred acceptance, and a school that would reject an
 * applicant now rejects it ever after (a full school stays full and only
 * trades up).  When no school would hold it, the applicant is unplaced
 * for good.  The same test skips hopeless proposals within the prefix.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/admit.h"
#include "engine/nearest.h"
#include "util/util.h"
#include "util/file.h"

/* Options fetched for every applicant at first, and at most. */
#define K0 4
#define KMAX 64

/* The distance every comparison uses (the tests use the same formula). */
static inline double dist(double ax, double ay, double bx, double by)
{
	double dx = ax - bx, dy = ay - by;

	return sqrt(dx * dx + dy * dy);
}

/*
 * The k (<= KMAX) nearest points of nn to (qx, qy) by (distance, index),
 * written as map[index] (the index itself when map is NULL).  Returns
 * how many were found, min(k, n), or (size_t)-1 when out of memory.
 */
static size_t knn(const sg_nn *nn, const int32_t *map, double qx, double qy,
		  size_t k, int32_t *idx, double *dd)
{
	size_t near[KMAX], got;

	got = sg_nn__knearest_dist(nn, qx, qy, k, near, dd);
	if (got == SG_NN_NONE)
		return (size_t)-1;
	for (size_t j = 0; j < got; j++)
		idx[j] = map ? map[near[j]] : (int32_t)near[j];
	return got;
}

/*---- Deferred acceptance ------------------------------------------------*/

typedef struct {
	sg_ctx *ctx;
	const sg_admit_in *in;
	sg_admit_result *r;
	sg_nn *nn; /* the schools */
	/* DISTANCE: each applicant's known prefix of options. */
	int32_t **lidx;
	double **ld;
	int32_t *nopt;
	unsigned char *complete; /* the prefix holds every option */
	int32_t *arena_i;	 /* the first K0 options of everyone */
	double *arena_d;
	int32_t *next;	     /* prefix options passed; CHOICES: choices */
	unsigned char *scan; /* DISTANCE: past the prefix (linear pass) */
	int32_t *last_s;     /* DISTANCE: the last proposal's school */
	double *last_d;	     /* and its distance */
	/* School sides: a max-heap (worst on top) per school. */
	size_t *off;
	int32_t *hn;		       /* applicants held */
	int32_t *ha;		       /* held applicants */
	double *hd;		       /* their distances */
	unsigned char *prank;	       /* DISTANCE: 1-3 groups, 4 none */
	double *bonus;		       /* DISTANCE, as points: metres nearer */
	int64_t *skey;		       /* CHOICES: score x 1e4 */
	int64_t h4[SG_ADMIT_NCHOICES]; /* CHOICES: handicaps x 1e4 */
} da;

/*
 * Whether school s prefers applicant a to b.  DISTANCE: d and e are
 * their distances; CHOICES: their adjusted totals x 1e4 at s (total -
 * handicap of the rank each gave s), exact in a double.
 */
static inline int better(const da *D, int32_t a, double d, int32_t b, double e)
{
	if (D->in->mode == SG_ADMIT_DISTANCE) {
		if (D->prank[a] != D->prank[b])
			return D->prank[a] < D->prank[b];
		if (D->bonus) {
			double da_ = d - D->bonus[a], db_ = e - D->bonus[b];

			if (da_ != db_)
				return da_ < db_;
		}
		if (d != e)
			return d < e;
		return a < b;
	}
	if (d != e)
		return d > e;
	if (D->skey[a] != D->skey[b])
		return D->skey[a] > D->skey[b];
	return a < b;
}

static void sift_up(da *D, size_t base, int32_t k)
{
	int32_t *ha = D->ha + base;
	double *hd = D->hd + base;

	while (k > 0) {
		int32_t p = (k - 1) / 2;
		int32_t ta;
		double td;

		/* The parent must be the worse of the two. */
		if (!better(D, ha[p], hd[p], ha[k], hd[k]))
			break;
		ta = ha[p], td = hd[p];
		ha[p] = ha[k], hd[p] = hd[k];
		ha[k] = ta, hd[k] = td;
		k = p;
	}
}

static void sift_down(da *D, size_t base, int32_t n)
{
	int32_t *ha = D->ha + base;
	double *hd = D->hd + base;
	int32_t k = 0;

	for (;;) {
		int32_t l = 2 * k + 1, rr = l + 1, w = k, ta;
		double td;

		if (l < n && better(D, ha[w], hd[w], ha[l], hd[l]))
			w = l;
		if (rr < n && better(D, ha[w], hd[w], ha[rr], hd[rr]))
			w = rr;
		if (w == k)
			break;
		ta = ha[w], td = hd[w];
		ha[w] = ha[k], hd[w] = hd[k];
		ha[k] = ta, hd[k] = td;
		k = w;
	}
}

/* Whether applicant a's options live in the shared first-K0 arena. */
static int in_arena(const da *D, size_t a)
{
	return D->lidx[a] >= D->arena_i &&
	       D->lidx[a] < D->arena_i + D->in->napplicants * K0;
}

/* Fetch a longer prefix of applicant a's options (DISTANCE). */
static int fetch(da *D, size_t a)
{
	const sg_admit_in *in = D->in;
	size_t have = (size_t)D->nopt[a], m = in->nschools, want, got, cnt;
	int32_t *ti;
	double *td;

	want = have == 0 ? K0 : have * 4;
	if (want > KMAX)
		want = KMAX;
	if (in->provider && want > in->provider->kmax)
		want = in->provider->kmax;
	if (want > m)
		want = m;
	if (have == 0) {
		ti = D->arena_i + a * K0;
		td = D->arena_d + a * K0;
	} else {
		ti = malloc(want * sizeof(*ti));
		td = malloc(want * sizeof(*td));
		if (!ti || !td) {
			free(ti);
			free(td);
			return sg_error__oom(D->ctx, "admit");
		}
	}
	got = in->provider
		      ? in->provider->knearest(in->provider->payload, a, want,
					       ti, td)
		      : knn(D->nn, NULL, in->ax[a], in->ay[a], want, ti, td);
	if (got == (size_t)-1) {
		if (have) {
			free(ti);
			free(td);
		}
		return sg_error__oom(D->ctx, "admit");
	}
	cnt = got;
	if (in->max_distance > 0)
		while (cnt > 0 && td[cnt - 1] > in->max_distance)
			cnt--;
	if (have && !in_arena(D, a)) {
		free(D->lidx[a]);
		free(D->ld[a]);
	}
	D->lidx[a] = ti;
	D->ld[a] = td;
	D->nopt[a] = (int32_t)cnt;
	D->complete[a] = cnt < got || got == m;
	/* A provider's list ends where it has no more to give. */
	if (in->provider && (got < want || got >= in->provider->kmax))
		D->complete[a] = 1;
	return SG_OK;
}

/* Whether school s would hold applicant a (at distance d) now. */
static inline int accepts(const da *D, int32_t s, int32_t a, double d)
{
	size_t base = D->off[s];

	if ((size_t)D->hn[s] < D->off[s + 1] - base)
		return 1;
	return D->hn[s] > 0 && better(D, a, d, D->ha[base], D->hd[base]);
}

/*
 * Past the prefix: the nearest school after (last_d, last_s) in the
 * applicant's order that would hold it now, or -1.
 */
static int32_t scan_next(const da *D, size_t a, double *dout)
{
	const sg_admit_in *in = D->in;
	double ld = D->last_d[a], bd = INFINITY;
	int32_t ls = D->last_s[a], best = -1;

	for (size_t j = 0; j < in->nschools; j++) {
		int32_t s = (int32_t)j;
		double d = dist(in->ax[a], in->ay[a], in->sx[j], in->sy[j]);

		if (d < ld || (d == ld && s <= ls))
			continue; /* passed already */
		if (d > bd || (d == bd && s > best))
			continue;
		if (in->max_distance > 0 && d > in->max_distance)
			continue;
		if (!accepts(D, s, (int32_t)a, d))
			continue;
		bd = d;
		best = s;
	}
	*dout = bd;
	return best;
}

/*
 * The next option of applicant a that would hold it now: 1 with *s and
 * *d set, 0 when it has none left, or a negative error code.
 */
static int next_option(da *D, size_t a, int32_t *s, double *d)
{
	const sg_admit_in *in = D->in;

	if (in->mode == SG_ADMIT_CHOICES) {
		while (D->next[a] < SG_ADMIT_NCHOICES) {
			int32_t c = in->choice[a * SG_ADMIT_NCHOICES +
					       (size_t)D->next[a]++];

			if (c < 0)
				continue;
			*s = c;
			*d = (double)(D->r->total[a] - D->h4[D->next[a] - 1]);
			if (accepts(D, c, (int32_t)a, *d))
				return 1;
		}
		return 0;
	}
	while (!D->scan[a]) {
		if (D->next[a] == D->nopt[a]) {
			int rc;

			if (D->complete[a])
				return 0;
			if (D->nopt[a] >= KMAX) {
				D->scan[a] = 1;
				break;
			}
			if ((rc = fetch(D, a)) != SG_OK)
				return rc;
			continue;
		}
		*s = D->lidx[a][D->next[a]];
		*d = D->ld[a][D->next[a]];
		D->next[a]++;
		D->last_s[a] = *s;
		D->last_d[a] = *d;
		if (accepts(D, *s, (int32_t)a, *d))
			return 1;
	}
	if ((*s = scan_next(D, a, d)) < 0)
		return 0;
	D->last_s[a] = *s;
	D->last_d[a] = *d;
	return 1;
}

static void da_free(da *D)
{
	size_t n = D->in->napplicants;

	for (size_t a = 0; D->lidx && a < n; a++)
		if (D->lidx[a] && !in_arena(D, a)) {
			free(D->lidx[a]);
			free(D->ld[a]);
		}
	free(D->lidx);
	free(D->ld);
	free(D->nopt);
	free(D->complete);
	free(D->arena_i);
	free(D->arena_d);
	free(D->next);
	free(D->scan);
	free(D->last_s);
	free(D->last_d);
	free(D->off);
	free(D->hn);
	free(D->ha);
	free(D->hd);
	free(D->prank);
	free(D->bonus);
	free(D->skey);
	sg_nn__free(D->nn);
}

void sg_admit__free(sg_admit_result *r)
{
	if (!r)
		return;
	free(r->school);
	free(r->rank);
	free(r->dist);
	free(r->nearest);
	free(r->nearest_dist);
	free(r->noptions);
	free(r->total);
	free(r->placed);
	free(r->worst);
	free(r->worst_dist);
	free(r->demand);
	free(r->cut_rank);
	free(r->tied_out);
	free(r->cut_pub);
	free(r);
}

static int64_t key4(double v)
{
	return (int64_t)llround(v * 1e4);
}

static int check_input(sg_ctx *ctx, const sg_admit_in *in)
{
	if (in->mode != SG_ADMIT_DISTANCE && in->mode != SG_ADMIT_CHOICES)
		return sg_error__set(ctx, SG_EINVALID, "admit: unknown mode %d",
				     (int)in->mode);
	if (in->nschools > INT32_MAX / 2 || in->napplicants > INT32_MAX / 2)
		return sg_error__set(ctx, SG_EINVALID,
				     "admit: too many "
				     "schools or applicants");
	for (size_t k = 0; k < SG_ADMIT_NCHOICES; k++)
		if (isnan(in->handicap[k]) || fabs(in->handicap[k]) > 1e6)
			return sg_error__set(ctx, SG_EINVALID,
					     "admit: the "
					     "handicap of choice rank %zu must "
					     "be a number of points",
					     k + 1);
	/* Totals are ranked as 64-bit integers (x 1e4): every term
	 * bounded, no sum can overflow. */
	for (size_t k = 0; k < 4; k++)
		if (!isnan(in->points[k]) && !(fabs(in->points[k]) <= 1e6))
			return sg_error__set(
				ctx, SG_EINVALID,
				"admit: the "
				"points of priority group %zu must "
				"be a number up to 1000000",
				k);
	for (size_t k = 0; k < 4; k++)
		if (in->priority_as_points &&
		    (isnan(in->metres[k]) || fabs(in->metres[k]) > 1e8))
			return sg_error__set(
				ctx, SG_EINVALID,
				"admit: the "
				"metres of priority group %zu must "
				"be a number",
				k);
	for (size_t s = 0; s < in->nschools; s++)
		if (in->seats[s] < 0 || in->seats[s] > INT32_MAX)
			return sg_error__set(ctx, SG_EINVALID,
					     "admit: school "
					     "%zu: bad seats %lld",
					     s, (long long)in->seats[s]);
	for (size_t a = 0; a < in->napplicants; a++) {
		if (in->priority &&
		    (in->priority[a] < 0 || in->priority[a] > 3))
			return sg_error__set(ctx, SG_EINVALID,
					     "admit: "
					     "applicant %zu: priority group %d "
					     "(0-3)",
					     a, in->priority[a]);
		if (in->mode != SG_ADMIT_CHOICES)
			continue;
		if (!isfinite(in->score[a]) || fabs(in->score[a]) > 1e9)
			return sg_error__set(ctx, SG_EINVALID,
					     "admit: "
					     "applicant %zu has no score (or "
					     "one beyond 1e9: %g)",
					     a, in->score[a]);
		for (size_t k = 0; k < SG_ADMIT_NCHOICES; k++) {
			int32_t c = in->choice[a * SG_ADMIT_NCHOICES + k];

			if (c < -1 || c >= (int32_t)in->nschools)
				return sg_error__set(
					ctx, SG_EINVALID,
					"admit: "
					"applicant %zu: choice %zu "
					"out of range",
					a, k + 1);
		}
	}
	return SG_OK;
}

static int alloc_result(const sg_admit_in *in, sg_admit_result **out)
{
	size_t n = in->napplicants ? in->napplicants : 1;
	size_t m = in->nschools ? in->nschools : 1;
	sg_admit_result *r = calloc(1, sizeof(*r));

	*out = r;
	if (!r)
		return -1;
	r->school = malloc(n * sizeof(int32_t));
	r->rank = calloc(n, sizeof(int32_t));
	r->dist = malloc(n * sizeof(double));
	r->nearest = malloc(n * sizeof(int32_t));
	r->nearest_dist = malloc(n * sizeof(double));
	r->noptions = calloc(n, sizeof(int32_t));
	r->total = calloc(n, sizeof(int64_t));
	r->placed = calloc(m, sizeof(int64_t));
	r->worst = malloc(m * sizeof(int32_t));
	r->worst_dist = malloc(m * sizeof(double));
	r->demand = calloc(m, sizeof(int64_t));
	r->cut_rank = malloc(m * SG_ADMIT_NCHOICES * sizeof(int64_t));
	r->tied_out = calloc(m, sizeof(int64_t));
	r->cut_pub = malloc(m * SG_ADMIT_NCHOICES * sizeof(int64_t));
	if (!r->cut_pub || !r->school || !r->rank || !r->dist || !r->nearest ||
	    !r->nearest_dist || !r->noptions || !r->total || !r->placed ||
	    !r->worst || !r->worst_dist || !r->demand || !r->cut_rank ||
	    !r->tied_out)
		return -1;
	for (size_t a = 0; a < in->napplicants; a++) {
		r->school[a] = -1;
		r->dist[a] = NAN;
		r->nearest[a] = -1;
		r->nearest_dist[a] = NAN;
	}
	for (size_t s = 0; s < in->nschools; s++) {
		r->worst[s] = -1;
		r->worst_dist[s] = NAN;
		for (size_t k = 0; k < SG_ADMIT_NCHOICES; k++)
			r->cut_rank[s * SG_ADMIT_NCHOICES + k] =
				r->cut_pub[s * SG_ADMIT_NCHOICES + k] =
					INT64_MIN;
	}
	return 0;
}

static int da_init(da *D)
{
	const sg_admit_in *in = D->in;
	size_t n = in->napplicants ? in->napplicants : 1, m = in->nschools;
	size_t total = 0;

	D->next = calloc(n, sizeof(int32_t));
	D->off = malloc((m + 1) * sizeof(size_t));
	D->hn = calloc(m ? m : 1, sizeof(int32_t));
	if (!D->next || !D->off || !D->hn)
		return sg_error__oom(D->ctx, "admit");
	/* No school holds more than its seats or than all applicants. */
	for (size_t s = 0; s < m; s++) {
		size_t cap = (size_t)in->seats[s];

		D->off[s] = total;
		total += cap < in->napplicants ? cap : in->napplicants;
	}
	D->off[m] = total;
	D->ha = malloc((total ? total : 1) * sizeof(int32_t));
	D->hd = malloc((total ? total : 1) * sizeof(double));
	if (!D->ha || !D->hd)
		return sg_error__oom(D->ctx, "admit");
	if (!(D->nn = sg_nn__new(in->sx, in->sy, m)))
		return sg_error__oom(D->ctx, "admit");
	if (in->mode == SG_ADMIT_DISTANCE) {
		D->lidx = calloc(n, sizeof(*D->lidx));
		D->ld = calloc(n, sizeof(*D->ld));
		D->nopt = calloc(n, sizeof(int32_t));
		D->complete = calloc(n, 1);
		D->arena_i = malloc(n * K0 * sizeof(int32_t));
		D->arena_d = malloc(n * K0 * sizeof(double));
		D->prank = malloc(n);
		D->scan = calloc(n, 1);
		D->last_s = malloc(n * sizeof(int32_t));
		D->last_d = malloc(n * sizeof(double));
		if (!D->lidx || !D->ld || !D->nopt || !D->complete ||
		    !D->arena_i || !D->arena_d || !D->prank || !D->scan ||
		    !D->last_s || !D->last_d)
			return sg_error__oom(D->ctx, "admit");
		if (in->priority_as_points &&
		    !(D->bonus = calloc(n, sizeof(double))))
			return sg_error__oom(D->ctx, "admit");
		for (size_t a = 0; a < in->napplicants; a++) {
			int p = in->priority ? in->priority[a] : 0;

			D->prank[a] = (unsigned char)(p > 0 ? p : 4);
			if (!D->bonus)
				continue;
			D->prank[a] = 4;
			D->bonus[a] = isfinite(in->metres[p]) ? in->metres[p]
							      : 0;
		}
	} else {
		for (size_t k = 0; k < SG_ADMIT_NCHOICES; k++)
			D->h4[k] = isfinite(in->handicap[k])
					   ? key4(in->handicap[k])
					   : 0;
		D->skey = malloc(n * sizeof(int64_t));
		if (!D->skey)
			return sg_error__oom(D->ctx, "admit");
		for (size_t a = 0; a < in->napplicants; a++) {
			int p = in->priority ? in->priority[a] : 0;
			double pts = isnan(in->points[p]) ? 0 : in->points[p];

			D->skey[a] = key4(in->score[a]);
			D->r->total[a] = key4(in->score[a] + pts);
		}
	}
	return SG_OK;
}

/* Propose until every applicant is held or out of options. */
static int da_run(da *D)
{
	const sg_admit_in *in = D->in;
	sg_admit_result *r = D->r;
	int rc = SG_OK;

	for (size_t i = 0; i < in->napplicants && rc == SG_OK; i++) {
		int32_t a = (int32_t)i;

		for (;;) {
			int32_t s = -1, w;
			double d = 0;
			size_t base;
			int got = next_option(D, (size_t)a, &s, &d);

			if (got < 0) {
				rc = got;
				break;
			}
			if (got == 0)
				break; /* a stays unplaced */
			if (++r->proposals % 65536 == 0 &&
			    (rc = sg_ctx__progress(D->ctx, "admit", (uint64_t)i,
						   in->napplicants)) != SG_OK)
				break;
			base = D->off[s];
			if ((size_t)D->hn[s] < D->off[s + 1] - base) {
				D->ha[base + D->hn[s]] = a;
				D->hd[base + D->hn[s]] = d;
				sift_up(D, base, D->hn[s]++);
				break;
			}
			if (D->hn[s] == 0 ||
			    !better(D, a, d, D->ha[base], D->hd[base]))
				continue; /* rejected: next option */
			/* a takes the worst one's seat; that one moves on. */
			w = D->ha[base];
			D->ha[base] = a;
			D->hd[base] = d;
			sift_down(D, base, D->hn[s]);
			a = w;
		}
	}
	return rc;
}

/* The rank of an applicant's last proposal found by a linear pass. */
static int32_t rank_of(const da *D, size_t a)
{
	const sg_admit_in *in = D->in;
	double ld = D->last_d[a];
	int32_t ls = D->last_s[a], k = 1;

	for (size_t j = 0; j < in->nschools; j++) {
		double d = dist(in->ax[a], in->ay[a], in->sx[j], in->sy[j]);

		k += d < ld || (d == ld && (int32_t)j < ls);
	}
	return k;
}

/* The schools within max_distance of applicant a (all without one). */
static int32_t count_options(const da *D, size_t a)
{
	const sg_admit_in *in = D->in;
	int32_t k = 0;

	if (!(in->max_distance > 0))
		return (int32_t)in->nschools;
	for (size_t j = 0; j < in->nschools; j++)
		k += dist(in->ax[a], in->ay[a], in->sx[j], in->sy[j]) <=
		     in->max_distance;
	return k;
}

int64_t sg_admit__worst_key(const sg_admit_in *in, const sg_admit_result *r,
			    int32_t s)
{
	int32_t w = r->worst[s];
	double h;

	if (w < 0)
		return INT64_MIN;
	h = in->handicap[r->rank[w] - 1];
	return r->total[w] - (isfinite(h) ? key4(h) : 0);
}

int64_t sg_admit__cutoff_at(const sg_admit_in *in, const sg_admit_result *r,
			    int32_t s, int rank)
{
	double h = in->handicap[rank - 1];
	int64_t w = sg_admit__worst_key(in, r, s);

	return w == INT64_MIN ? w : w + (isfinite(h) ? key4(h) : 0);
}

/* Placements, cut-offs and counts from the final heaps. */
static int da_collect(da *D)
{
	const sg_admit_in *in = D->in;
	sg_admit_result *r = D->r;
	size_t n = in->napplicants, m = in->nschools;

	for (size_t s = 0; s < m; s++) {
		size_t base = D->off[s];

		for (int32_t k = 0; k < D->hn[s]; k++) {
			int32_t a = D->ha[base + (size_t)k];

			r->school[a] = (int32_t)s;
			r->dist[a] = in->mode == SG_ADMIT_CHOICES
					     ? dist(in->ax[a], in->ay[a],
						    in->sx[s], in->sy[s])
					     : D->hd[base + (size_t)k];
		}
		r->placed[s] = D->hn[s];
		if (D->hn[s] > 0) {
			r->worst[s] = D->ha[base];
			r->worst_dist[s] = in->mode == SG_ADMIT_CHOICES
						   ? r->dist[D->ha[base]]
						   : D->hd[base];
		}
		/* Published cut-offs: what each choice rank needed. */
		if (in->mode == SG_ADMIT_CHOICES && D->hn[s] > 0 &&
		    (int64_t)D->hn[s] >= in->seats[s])
			for (size_t k = 0; k < SG_ADMIT_NCHOICES; k++)
				r->cut_pub[s * SG_ADMIT_NCHOICES + k] =
					(int64_t)D->hd[base] + D->h4[k];
	}
	/* CHOICES: ranks first (the worst's adjusted total needs them). */
	for (size_t a = 0; in->mode == SG_ADMIT_CHOICES && a < n; a++)
		r->rank[a] = r->school[a] >= 0 ? D->next[a] : 0;
	for (size_t a = 0; a < n; a++) {
		int32_t s = r->school[a];

		if (in->mode == SG_ADMIT_CHOICES)
			r->rank[a] = s >= 0 ? D->next[a] : 0;
		else if (s >= 0)
			r->rank[a] = D->scan[a] ? rank_of(D, a) : D->next[a];
		if (in->mode == SG_ADMIT_CHOICES)
			;
		else if (s >= 0)
			r->noptions[a] = r->rank[a];
		else if (D->complete[a])
			r->noptions[a] = D->nopt[a];
		else
			r->noptions[a] = count_options(D, a);
		if (s >= 0) {
			r->nplaced++;
			r->at_first += r->rank[a] == 1;
		} else {
			r->nunplaced++;
		}
		/* The nearest school at any distance. */
		if (in->mode == SG_ADMIT_DISTANCE && D->nopt[a] > 0) {
			r->nearest[a] = D->lidx[a][0];
			r->nearest_dist[a] = D->ld[a][0];
		} else if (m > 0 &&
			   !(in->mode == SG_ADMIT_DISTANCE && in->provider)) {
			int32_t i;
			double d;

			if (knn(D->nn, NULL, in->ax[a], in->ay[a], 1, &i, &d) !=
			    1)
				return sg_error__oom(D->ctx, "admit");
			r->nearest[a] = i;
			r->nearest_dist[a] = d;
		}
		if (in->mode == SG_ADMIT_DISTANCE) {
			if (D->nopt[a] > 0)
				r->demand[D->lidx[a][0]]++;
			continue;
		}
		/* CHOICES: choices given, demand, cut-offs per rank, ties. */
		r->noptions[a] = 0;
		for (size_t k = 0; k < SG_ADMIT_NCHOICES; k++) {
			int32_t c = in->choice[a * SG_ADMIT_NCHOICES + k];

			if (c < 0)
				continue;
			if (r->noptions[a]++ == 0)
				r->demand[c]++;
			if (s >= 0 && (int32_t)k + 1 >= r->rank[a])
				continue;
			if (r->worst[c] >= 0 &&
			    r->total[a] - D->h4[k] ==
				    sg_admit__worst_key(in, r, c))
				r->tied_out[c]++;
		}
		if (s >= 0) {
			int64_t *cut =
				&r->cut_rank[(size_t)s * SG_ADMIT_NCHOICES +
					     (size_t)r->rank[a] - 1];

			if (*cut == INT64_MIN || r->total[a] < *cut)
				*cut = r->total[a];
		}
	}
	return SG_OK;
}

int sg_admit__run(sg_ctx *ctx, const sg_admit_in *in, sg_admit_result **out)
{
	da D;
	int rc;

	*out = NULL;
	memset(&D, 0, sizeof(D));
	D.ctx = ctx;
	D.in = in;
	if ((rc = check_input(ctx, in)) != SG_OK)
		return rc;
	if (alloc_result(in, &D.r) != 0) {
		sg_admit__free(D.r);
		return sg_error__oom(ctx, "admit");
	}
	rc = da_init(&D);
	if (rc == SG_OK)
		rc = da_run(&D);
	if (rc == SG_OK)
		rc = da_collect(&D);
	if (rc == SG_OK)
		rc = sg_ctx__progress(ctx, "admit", in->napplicants,
				      in->napplicants);
	da_free(&D);
	if (rc != SG_OK) {
		sg_admit__free(D.r);
		return rc;
	}
	*out = D.r;
	return SG_OK;
}

/*---- Explanations -------------------------------------------------------*/

/*
 * Sentences are assembled with util's string builder over the caller's
 * array (sg_sb__fixed) rather than snprintf: the internal list explains
 * every applicant, and printf's format parsing was a fifth of the time
 * of writing it.
 */
static void s_ordinal(sg_sb *s, long k)
{
	const char *suf = "th";

	if (k % 100 < 11 || k % 100 > 13)
		suf = k % 10 == 1   ? "st"
		      : k % 10 == 2 ? "nd"
		      : k % 10 == 3 ? "rd"
				    : "th";
	sg_sb__putu(s, (uint64_t)(k < 0 ? 0 : k));
	sg_sb__puts(s, suf);
}

/* A total or score x 1e4, trailing zeros dropped: 38.5, 36.25, 40. */
static void s_points(sg_sb *s, int64_t v)
{
	uint64_t u = v < 0 ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;
	unsigned frac = (unsigned)(u % 10000);
	char f[5];
	int k = 4;

	if (v < 0)
		sg_sb__puts(s, "-");
	sg_sb__putu(s, u / 10000);
	if (frac == 0)
		return;
	f[4] = '\0';
	for (int i = 3; i >= 0; i--) {
		f[i] = (char)('0' + frac % 10);
		frac /= 10;
	}
	while (k > 0 && f[k - 1] == '0')
		f[--k] = '\0';
	sg_sb__puts(s, ".");
	sg_sb__puts(s, f);
}

/* "850 m" under a kilometre (to 10 m), else "1.8 km" (to 100 m). */
static void s_dist(sg_sb *s, double d)
{
	uint64_t q;

	if (!(d >= 0))
		d = 0;
	if (d < 995) {
		sg_sb__putu(s, (uint64_t)llround(d / 10) * 10);
		sg_sb__puts(s, " m");
		return;
	}
	q = (uint64_t)llround(d / 100);
	sg_sb__putu(s, q / 10);
	sg_sb__puts(s, ".");
	sg_sb__putu(s, q % 10);
	sg_sb__puts(s, " km");
}

const char *sg_admit__ordinal(long k, char *buf, size_t n)
{
	sg_sb s;

	if (n == 0)
		return buf;
	sg_sb__fixed(&s, buf, n);
	s_ordinal(&s, k);
	return buf;
}

const char *sg_admit__points(int64_t v, char *buf, size_t n)
{
	sg_sb s;

	if (n == 0)
		return buf;
	sg_sb__fixed(&s, buf, n);
	s_points(&s, v);
	return buf;
}

/* A distance-mode cut-off: the last admitted child's distance and
 * priority group, "cut-off 600 m, priority group 1"; "no seats". */
static void s_cutoff(sg_sb *s, const sg_admit_in *in, const sg_admit_result *r,
		     int32_t school)
{
	int32_t w = r->worst[school];
	int p = w >= 0 && in->priority ? in->priority[w] : 0;

	if (in->seats[school] == 0 || w < 0) {
		sg_sb__puts(s, "no seats");
		return;
	}
	sg_sb__puts(s, "cut-off ");
	s_dist(s, r->worst_dist[school]);
	if (p > 0) {
		sg_sb__puts(s, ", priority group ");
		sg_sb__putu(s, (uint64_t)p);
	}
}

static void explain_distance(const sg_admit_in *in, const sg_admit_result *r,
			     size_t a, sg_sb *s)
{
	int32_t sc = r->school[a], s0 = r->nearest[a];

	if (s0 < 0 && in->provider) {
		sg_sb__puts(s, "no school of the level reachable");
		sg_sb__puts(s, in->provider->label);
		sg_sb__puts(s, "; not placed");
		return;
	}
	if (s0 < 0) {
		sg_sb__puts(s, "no school of the level; not placed");
		return;
	}
	if (sc >= 0 && r->rank[a] == 1) {
		sg_sb__puts(s, "placed at the nearest school");
		sg_sb__puts(s, in->provider ? in->provider->label : "");
		sg_sb__puts(s, ", ");
		s_dist(s, r->dist[a]);
		return;
	}
	if (sc >= 0) {
		if (r->rank[a] > 2) {
			sg_sb__putu(s, (uint64_t)r->rank[a] - 1);
			sg_sb__puts(s, " nearer schools full (nearest: ");
			s_cutoff(s, in, r, s0);
			sg_sb__puts(s, "); placed at ");
			s_ordinal(s, r->rank[a]);
			sg_sb__puts(s, " nearest, ");
		} else if (in->seats[s0] == 0) {
			sg_sb__puts(s, "nearest school has no seats; placed at "
				       "2nd nearest, ");
		} else {
			sg_sb__puts(s, "nearest school full (");
			s_cutoff(s, in, r, s0);
			sg_sb__puts(s, "); placed at 2nd nearest, ");
		}
		s_dist(s, r->dist[a]);
		return;
	}
	if (!(in->max_distance > 0)) {
		sg_sb__puts(s, "all ");
		sg_sb__putu(s, (uint64_t)r->noptions[a]);
		sg_sb__puts(s, " schools full (nearest: ");
		s_cutoff(s, in, r, s0);
		sg_sb__puts(s, "); not placed");
	} else if (r->noptions[a] == 0) {
		sg_sb__puts(s, "no school within ");
		s_dist(s, in->max_distance);
		sg_sb__puts(s, " (nearest: ");
		s_dist(s, r->nearest_dist[a]);
		sg_sb__puts(s, "); not placed");
	} else if (r->noptions[a] == 1) {
		sg_sb__puts(s, "the only school within ");
		s_dist(s, in->max_distance);
		sg_sb__puts(s, " is full (");
		s_cutoff(s, in, r, s0);
		sg_sb__puts(s, "); not placed");
	} else {
		sg_sb__puts(s, "all ");
		sg_sb__putu(s, (uint64_t)r->noptions[a]);
		sg_sb__puts(s, " schools within ");
		s_dist(s, in->max_distance);
		sg_sb__puts(s, " full (nearest: ");
		s_cutoff(s, in, r, s0);
		sg_sb__puts(s, "); not placed");
	}
}

static void explain_choices(const sg_admit_in *in, const sg_admit_result *r,
			    size_t a, sg_sb *s)
{
	int32_t sc = r->school[a];
	size_t upto = sc >= 0 ? (size_t)r->rank[a] - 1 : SG_ADMIT_NCHOICES;
	int parts = 0;

	if (sc >= 0 && r->rank[a] == 1) {
		sg_sb__puts(s, "placed at 1st choice (total ");
		s_points(s, r->total[a]);
		sg_sb__puts(s, ", cut-off ");
		s_points(s, sg_admit__cutoff_at(in, r, sc, 1));
		sg_sb__puts(s, ")");
		return;
	}
	for (size_t k = 0; k < upto; k++) {
		int32_t c = in->choice[a * SG_ADMIT_NCHOICES + k];

		if (c < 0 && sc < 0)
			continue; /* no such choice */
		if (parts++)
			sg_sb__puts(s, ", ");
		s_ordinal(s, (long)k + 1);
		if (c < 0) {
			sg_sb__puts(s, " choice not a school of the grade");
		} else if (in->seats[c] == 0 || r->worst[c] < 0) {
			sg_sb__puts(s, " choice has no seats");
		} else {
			int64_t cut = sg_admit__cutoff_at(in, r, c, (int)k + 1);

			sg_sb__puts(s, " choice full (cut-off ");
			s_points(s, cut);
			if (in->handicap[k] != 0) {
				sg_sb__puts(s, " for a ");
				s_ordinal(s, (long)k + 1);
				sg_sb__puts(s, " choice");
			}
			if (r->total[a] == cut)
				sg_sb__puts(s,
					    ": equal total, lost the tie-break "
					    "on score or code");
			sg_sb__puts(s, ")");
		}
	}
	if (sc >= 0) {
		sg_sb__puts(s, ", placed at ");
		s_ordinal(s, r->rank[a]);
		sg_sb__puts(s, " choice");
	} else if (parts) {
		sg_sb__puts(s, "; not placed");
	} else {
		sg_sb__puts(s, "no school chosen; not placed");
	}
}

const char *sg_admit__explain(const sg_admit_in *in, const sg_admit_result *r,
			      size_t a, char *buf, size_t n)
{
	sg_sb s;

	if (n == 0)
		return buf;
	sg_sb__fixed(&s, buf, n);
	if (in->mode == SG_ADMIT_DISTANCE)
		explain_distance(in, r, a, &s);
	else
		explain_choices(in, r, a, &s);
	return buf;
}

/* A distance in Vietnamese style: "850 m", "1,8 km". */
static void s_dist_vi(sg_sb *s, double d)
{
	char t[32];
	size_t i;
	sg_sb u;

	sg_sb__fixed(&u, t, sizeof(t));
	s_dist(&u, d);
	for (i = 0; t[i]; i++)
		if (t[i] == '.')
			t[i] = ',';
	sg_sb__puts(s, t);
}

static void s_points_vi(sg_sb *s, int64_t v)
{
	char t[32];
	sg_sb u;

	sg_sb__fixed(&u, t, sizeof(t));
	s_points(&u, v);
	for (size_t i = 0; t[i]; i++)
		if (t[i] == '.')
			t[i] = ',';
	sg_sb__puts(s, t);
}

/* Whether school c's cut-off may be published (k rule). */
static int public_cut(const sg_admit_result *r, int32_t c, int k)
{
	return r->worst[c] >= 0 && r->placed[c] >= k;
}

const char *sg_admit__explain_vi(const sg_admit_in *in,
				 const sg_admit_result *r, size_t a, int k,
				 char *buf, size_t n)
{
	sg_sb s;
	int32_t sc = r->school[a], s0 = r->nearest[a];

	if (n == 0)
		return buf;
	sg_sb__fixed(&s, buf, n);
	if (in->mode == SG_ADMIT_DISTANCE) {
		if (s0 < 0) {
			sg_sb__puts(
				&s,
				"Không có trường nào của cấp học; chưa được "
				"xếp trường.");
		} else if (sc >= 0 && r->rank[a] == 1) {
			sg_sb__puts(&s,
				    "Được xếp vào trường gần nhà nhất, cách ");
			s_dist_vi(&s, r->dist[a]);
			sg_sb__puts(&s, ".");
		} else if (sc >= 0) {
			sg_sb__puts(&s,
				    r->rank[a] > 2
					    ? "Các trường gần hơn đã đủ "
					      "chỉ tiêu"
					    : "Trường gần nhất đã đủ chỉ tiêu");
			if (public_cut(r, s0, k)) {
				sg_sb__puts(&s,
					    " (trường gần nhất nhận học sinh "
					    "trong bán kính ");
				s_dist_vi(&s, r->worst_dist[s0]);
				sg_sb__puts(&s, ")");
			}
			sg_sb__puts(&s, "; được xếp vào trường gần thứ ");
			sg_sb__putu(&s, (uint64_t)r->rank[a]);
			sg_sb__puts(&s, ", cách ");
			s_dist_vi(&s, r->dist[a]);
			sg_sb__puts(&s, ".");
		} else if (in->max_distance > 0 && r->noptions[a] == 0) {
			sg_sb__puts(&s, "Không có trường nào trong bán kính ");
			s_dist_vi(&s, in->max_distance);
			sg_sb__puts(&s, " (trường gần nhất cách ");
			s_dist_vi(&s, r->nearest_dist[a]);
			sg_sb__puts(
				&s,
				"); chưa được xếp trường, phòng giáo dục sẽ "
				"liên hệ.");
		} else {
			sg_sb__puts(&s, "Các trường");
			if (in->max_distance > 0) {
				sg_sb__puts(&s, " trong bán kính ");
				s_dist_vi(&s, in->max_distance);
			}
			sg_sb__puts(
				&s,
				" đã đủ chỉ tiêu; chưa được xếp trường, phòng"
				" giáo dục sẽ liên hệ.");
		}
		return buf;
	}
	{
		size_t upto = sc >= 0 ? (size_t)r->rank[a] - 1
				      : SG_ADMIT_NCHOICES;
		int parts = 0;

		for (size_t j = 0; j < upto; j++) {
			int32_t c = in->choice[a * SG_ADMIT_NCHOICES + j];

			if (c < 0)
				continue;
			sg_sb__puts(&s, parts++ ? "; nguyện vọng "
						: "Nguyện vọng ");
			sg_sb__putu(&s, (uint64_t)j + 1);
			if (in->seats[c] == 0 || r->worst[c] < 0) {
				sg_sb__puts(&s, " không có chỉ tiêu");
				continue;
			}
			sg_sb__puts(&s, " không trúng tuyển");
			if (public_cut(r, c, k)) {
				sg_sb__puts(&s, " (điểm chuẩn nguyện vọng ");
				sg_sb__putu(&s, (uint64_t)j + 1);
				sg_sb__puts(&s, ": ");
				s_points_vi(&s,
					    sg_admit__cutoff_at(in, r, c,
								(int)j + 1));
				sg_sb__puts(&s, ")");
			}
		}
		if (sc >= 0) {
			sg_sb__puts(&s, parts ? "; trúng tuyển nguyện vọng "
					      : "Trúng tuyển nguyện vọng ");
			sg_sb__putu(&s, (uint64_t)r->rank[a]);
			sg_sb__puts(&s, " (tổng điểm ");
			s_points_vi(&s, r->total[a]);
			sg_sb__puts(&s, ").");
		} else if (parts) {
			sg_sb__puts(&s, "; chưa trúng tuyển (tổng điểm ");
			s_points_vi(&s, r->total[a]);
			sg_sb__puts(&s, ").");
		} else {
			sg_sb__puts(
				&s,
				"Chưa đăng ký nguyện vọng hợp lệ; chưa trúng "
				"tuyển.");
		}
	}
	return buf;
}

/*---- Admission zones ----------------------------------------------------*/

/* The school most of the k homes near[] (nearest first) go to; ties:
 * the school of the nearest. */
static int32_t majority(const sg_admit_result *r, const int32_t *near, size_t k)
{
	int32_t best = -1;
	size_t best_n = 0;

	for (size_t i = 0; i < k; i++) {
		int32_t s = r->school[near[i]];
		size_t c = 0, j;

		for (j = 0; j < i; j++)
			if (r->school[near[j]] == s)
				break;
		if (j < i)
			continue; /* counted with its first home */
		for (j = i; j < k; j++)
			c += r->school[near[j]] == s;
		if (c > best_n) {
			best_n = c;
			best = s;
		}
	}
	return best;
}

int sg_admit__zone_grid(sg_ctx *ctx, const sg_admit_in *in,
			const sg_admit_result *r, double x0, double y1,
			double cell, size_t nx, size_t ny, int k,
			const unsigned char *mask, int32_t *out)
{
	int32_t near[KMAX];
	double dd[KMAX];
	size_t n = in->napplicants ? in->napplicants : 1, nsel = 0;
	int32_t *sel = malloc(n * sizeof(int32_t));
	double *hx = malloc(n * sizeof(double));
	double *hy = malloc(n * sizeof(double));
	sg_nn *nn = NULL;
	int rc = SG_OK;

	if (k < 1)
		k = 1;
	if (k > KMAX)
		k = KMAX;
	/* The placed homes, indexed by their rank among them. */
	for (size_t a = 0; sel && hx && hy && a < in->napplicants; a++)
		if (r->school[a] >= 0) {
			sel[nsel] = (int32_t)a;
			hx[nsel] = in->ax[a];
			hy[nsel++] = in->ay[a];
		}
	if (sel && hx && hy)
		nn = sg_nn__new(hx, hy, nsel);
	free(hx);
	free(hy);
	if (!nn) {
		free(sel);
		return sg_error__oom(ctx, "admit");
	}
	for (size_t j = 0; j < ny && rc == SG_OK; j++) {
		double cy = y1 - ((double)j + 0.5) * cell;

		for (size_t i = 0; i < nx; i++) {
			double cx = x0 + ((double)i + 0.5) * cell;
			size_t got;

			if (mask && !mask[j * nx + i]) {
				out[j * nx + i] = -1;
				continue;
			}
			got = knn(nn, sel, cx, cy, (size_t)k, near, dd);
			if (got == (size_t)-1) {
				rc = sg_error__oom(ctx, "admit");
				break;
			}
			out[j * nx + i] = got == 0 ? -1
					  : k == 1 ? r->school[near[0]]
						   : majority(r, near, got);
		}
		if (j % 64 == 0)
			rc = sg_ctx__progress(ctx, "admission zones", j, ny);
	}
	sg_nn__free(nn);
	free(sel);
	return rc;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* The 4-connected parts of equal labels: comp per cell (-1 for no
 * label), the part count in *ncomp, the label of each part in *plab.
 * Iterative flood fill with an explicit stack. */
static int components(const int32_t *lab, size_t nx, size_t ny, int32_t *comp,
		      size_t *stack, size_t *ncomp)
{
	size_t n = nx * ny, nc = 0;

	for (size_t c = 0; c < n; c++)
		comp[c] = -1;
	for (size_t c0 = 0; c0 < n; c0++) {
		size_t top = 0;

		if (lab[c0] < 0 || comp[c0] >= 0)
			continue;
		comp[c0] = (int32_t)nc;
		stack[top++] = c0;
		while (top > 0) {
			size_t c = stack[--top], i = c % nx, j = c / nx;
			size_t nb[4];
			int k = 0;

			if (i > 0)
				nb[k++] = c - 1;
			if (i + 1 < nx)
				nb[k++] = c + 1;
			if (j > 0)
				nb[k++] = c - nx;
			if (j + 1 < ny)
				nb[k++] = c + nx;
			for (int t = 0; t < k; t++)
				if (comp[nb[t]] < 0 && lab[nb[t]] == lab[c0]) {
					comp[nb[t]] = (int32_t)nc;
					stack[top++] = nb[t];
				}
		}
		nc++;
	}
	*ncomp = nc;
	return 0;
}

int sg_admit__zone_k(sg_ctx *ctx, const sg_admit_in *in, const int32_t *school,
		     double x0, double y1, double cell, size_t nx, size_t ny,
		     int k, int32_t *lab, int64_t *merged)
{
	size_t n = nx * ny, ncomp, m = in->nschools;
	int32_t *comp = malloc((n ? n : 1) * sizeof(int32_t));
	size_t *stack = malloc((n ? n : 1) * sizeof(size_t));
	int64_t *homes = NULL;
	int32_t *target = NULL, *cellhome = NULL;
	uint64_t *pairs = NULL;
	size_t npairs, cap = 0;
	int rc = SG_OK, any_big;

	(void)m;
	*merged = 0;
	if (!comp || !stack)
		goto nomem;
	/* The cell of every counted home (-1 outside the grid). */
	cellhome = malloc((in->napplicants ? in->napplicants : 1) *
			  sizeof(int32_t));
	if (!cellhome)
		goto nomem;
	for (size_t a = 0; a < in->napplicants; a++) {
		double fi = floor((in->ax[a] - x0) / cell);
		double fj = floor((y1 - in->ay[a]) / cell);

		cellhome[a] = -1;
		if (school[a] >= 0 && fi >= 0 && fj >= 0 && fi < (double)nx &&
		    fj < (double)ny)
			cellhome[a] = (int32_t)((size_t)fj * nx + (size_t)fi);
	}
	for (int pass = 0; pass < 1000; pass++) {
		size_t small = 0;

		components(lab, nx, ny, comp, stack, &ncomp);
		free(homes);
		free(target);
		homes = calloc(ncomp + 1, sizeof(int64_t));
		target = malloc((ncomp + 1) * sizeof(int32_t));
		if (!homes || !target)
			goto nomem;
		for (size_t a = 0; a < in->napplicants; a++) {
			int32_t c = cellhome[a];

			if (c >= 0 && lab[c] == school[a])
				homes[comp[c]]++;
		}
		for (size_t p = 0; p < ncomp; p++)
			target[p] = -2; /* keep */
		/* Each small part: the label most of its neighbouring cells
		 * of other parts have, from (part, label) pairs sorted. */
		npairs = 0;
		for (size_t p = 0; p < ncomp; p++)
			small += homes[p] < k;
		for (size_t c = 0; small && c < n; c++) {
			size_t i = c % nx, j = c / nx, nb[4];
			int32_t p = comp[c];
			int t = 0;

			if (p < 0 || homes[p] >= k)
				continue;
			if (i > 0)
				nb[t++] = c - 1;
			if (i + 1 < nx)
				nb[t++] = c + 1;
			if (j > 0)
				nb[t++] = c - nx;
			if (j + 1 < ny)
				nb[t++] = c + nx;
			while (t-- > 0) {
				if (lab[nb[t]] < 0 || comp[nb[t]] == p)
					continue;
				if (npairs == cap) {
					size_t nc = cap ? 2 * cap : 4096;
					uint64_t *np = realloc(
						pairs, nc * sizeof(*np));

					if (!np)
						goto nomem;
					pairs = np;
					cap = nc;
				}
				/* Part, then big neighbours first, then
				 * label. */
				pairs[npairs++] =
					((uint64_t)p << 33) |
					((uint64_t)(homes[comp[nb[t]]] < k)
					 << 32) |
					(uint32_t)lab[nb[t]];
			}
		}
		if (npairs > 0)
			qsort(pairs, npairs, sizeof(*pairs), cmp_u64);
		for (size_t p = 0; p < ncomp; p++)
			target[p] = homes[p] < k ? -1 : -2;
		any_big = 0;
		for (size_t i = 0; i < npairs;) {
			uint64_t p = pairs[i] >> 33,
				 tier = (pairs[i] >> 32) & 1;
			size_t best_n = 0, j;

			/* The groups of p's first tier: the most cells. */
			for (j = i; j < npairs && pairs[j] >> 33 == p &&
				    ((pairs[j] >> 32) & 1) == tier;) {
				size_t e = j;

				while (e < npairs && pairs[e] == pairs[j])
					e++;
				if (e - j > best_n) {
					best_n = e - j;
					target[p] = (int32_t)(uint32_t)pairs[j];
				}
				j = e;
			}
			if (tier == 0)
				any_big = 1;
			else
				target[p] = -3 - target[p]; /* small only */
			while (j < npairs && pairs[j] >> 33 == p)
				j++;
			i = j;
		}
		/* Parts next to big ones merge into them; failing any, one
		 * part next to small ones merges (no two swap labels). */
		for (size_t p = 0, one = 0; p < ncomp; p++) {
			if (target[p] > -3)
				continue;
			if (any_big || one++)
				target[p] = -2; /* next pass */
			else
				target[p] = -3 - target[p];
		}
		if (small == 0)
			break;
		for (size_t p = 0; p < ncomp; p++) {
			if (pass == 999 && homes[p] < k)
				target[p] = -1; /* give up: out */
			*merged += target[p] != -2;
		}
		for (size_t c = 0; c < n; c++)
			if (comp[c] >= 0 && target[comp[c]] != -2)
				lab[c] = target[comp[c]];
	}
	goto done;
nomem:
	rc = sg_error__oom(ctx, "admit");
done:
	free(comp);
	free(stack);
	free(homes);
	free(target);
	free(cellhome);
	free(pairs);
	return rc;
}

/*---- Pseudonyms ---------------------------------------------------------*/

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND                                                               \
	do {                                                                   \
		v0 += v1;                                                      \
		v1 = ROTL(v1, 13);                                             \
		v1 ^= v0;                                                      \
		v0 = ROTL(v0, 32);                                             \
		v2 += v3;                                                      \
		v3 = ROTL(v3, 16);                                             \
		v3 ^= v2;                                                      \
		v0 += v3;                                                      \
		v3 = ROTL(v3, 21);                                             \
		v3 ^= v0;                                                      \
		v2 += v1;                                                      \
		v1 = ROTL(v1, 17);                                             \
		v1 ^= v2;                                                      \
		v2 = ROTL(v2, 32);                                             \
	} while (0)

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

uint64_t sg_siphash24(const uint8_t key[16], const void *data, size_t len)
{
	const uint8_t *in = data;
	uint64_t k0 = le64(key), k1 = le64(key + 8), m, b;
	uint64_t v0 = 0x736f6d6570736575ull ^ k0;
	uint64_t v1 = 0x646f72616e646f6dull ^ k1;
	uint64_t v2 = 0x6c7967656e657261ull ^ k0;
	uint64_t v3 = 0x7465646279746573ull ^ k1;
	size_t i, left = len & 7;

	for (i = 0; i + 8 <= len; i += 8) {
		m = le64(in + i);
		v3 ^= m;
		SIPROUND;
		SIPROUND;
		v0 ^= m;
	}
	b = (uint64_t)len << 56;
	for (size_t k = 0; k < left; k++)
		b |= (uint64_t)in[i + k] << (8 * k);
	v3 ^= b;
	SIPROUND;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

void sg_admit__pseudonym(const uint8_t key[16], const char *year, int grade,
			 const char *code, char out[13])
{
	static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	char msg[512];
	int len = snprintf(msg, sizeof(msg), "%s\t%d\t%s", year, grade, code);
	uint64_t h;

	if (len < 0)
		len = 0;
	if ((size_t)len >= sizeof(msg))
		len = (int)sizeof(msg) - 1;
	h = sg_siphash24(key, msg, (size_t)len);
	for (int i = 0; i < 12; i++)
		out[i] = b32[(h >> (59 - 5 * i)) & 31];
	out[12] = '\0';
}
