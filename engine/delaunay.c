/*
 * engine/delaunay.c - Delaunay triangulation and Voronoi cells with exact
 * predicates (see delaunay.h).
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/delaunay.h"

/*---- Exact arithmetic ---------------------------------------------------*/

/*
 * An expansion is a sum of doubles, smallest magnitude first, no two
 * overlapping, zeros dropped (length 0: zero): its sign is the sign of
 * its last component.  a + b and a x b are exactly s + e (two-sum; fma
 * for the product: the build is C11 without extensions, so the compiler
 * contracts nothing itself).
 */
static void two_sum(double a, double b, double *s, double *e)
{
	double x = a + b, bv = x - a, av = x - bv;

	*s = x;
	*e = (a - av) + (b - bv);
}

static void two_prod(double a, double b, double *p, double *e)
{
	double x = a * b;

	*p = x;
	*e = fma(a, b, -x);
}

/* h = e + b (h holds m + 1). */
static size_t exp_grow(const double *e, size_t m, double b, double *h)
{
	double q = b, s, err;
	size_t k = 0;

	for (size_t i = 0; i < m; i++) {
		two_sum(q, e[i], &s, &err);
		if (err != 0)
			h[k++] = err;
		q = s;
	}
	if (q != 0)
		h[k++] = q;
	return k;
}

/* h = e + f, h and t hold m + n. */
static size_t exp_sum(const double *e, size_t m, const double *f, size_t n,
		      double *h, double *t)
{
	size_t k = m;

	memcpy(h, e, m * sizeof(double));
	for (size_t j = 0; j < n; j++) {
		k = exp_grow(h, k, f[j], t);
		memcpy(h, t, k * sizeof(double));
	}
	return k;
}

/* h = e x b, h and t hold 2m. */
static size_t exp_scale(const double *e, size_t m, double b, double *h,
			double *t)
{
	size_t k = 0;
	double p, pe;

	for (size_t i = 0; i < m; i++) {
		two_prod(e[i], b, &p, &pe);
		k = exp_grow(h, k, pe, t);
		memcpy(h, t, k * sizeof(double));
		k = exp_grow(h, k, p, t);
		memcpy(h, t, k * sizeof(double));
	}
	return k;
}

/* h = e x f; h, t, u hold 2mn, s 2m. */
static size_t exp_mul(const double *e, size_t m, const double *f, size_t n,
		      double *h, double *s, double *t, double *u)
{
	size_t k = 0;

	for (size_t j = 0; j < n; j++) {
		size_t ks = exp_scale(e, m, f[j], s, t);

		k = exp_sum(h, k, s, ks, u, t);
		memcpy(h, u, k * sizeof(double));
	}
	return k;
}

static void exp_neg(double *e, size_t m)
{
	for (size_t i = 0; i < m; i++)
		e[i] = -e[i];
}

static int exp_sign(const double *e, size_t m)
{
	return m == 0 ? 0 : e[m - 1] > 0 ? 1 : -1;
}

/* a - b as an expansion of at most 2. */
static size_t exp_diff(double a, double b, double *h)
{
	double s, e;
	size_t k = 0;

	two_sum(a, -b, &s, &e);
	if (e != 0)
		h[k++] = e;
	if (s != 0)
		h[k++] = s;
	return k;
}

/* h = p x q - r x s of 2-expansions (h holds 16). */
static size_t exp_cross(const double *p, size_t np, const double *q, size_t nq,
			const double *r, size_t nr, const double *s, size_t ns,
			double *h)
{
	double a[8], b[8], t[8], u[8], w[8];
	size_t ka = exp_mul(p, np, q, nq, a, w, t, u);
	size_t kb = exp_mul(r, nr, s, ns, b, w, t, u);
	double tt[16];

	exp_neg(b, kb);
	return exp_sum(a, ka, b, kb, h, tt);
}

/* Relative error bounds of the floating-point evaluations (with room:
 * about twice the bounds of a first-order analysis). */
#define EPS (DBL_EPSILON / 2)
#define ORIENT_BOUND (8 * EPS)
#define INCIRCLE_BOUND (24 * EPS)

static int orient_exact(const double *a, const double *b, const double *c)
{
	double bx[2], by[2], cx[2], cy[2], h[16];
	size_t nbx = exp_diff(b[0], a[0], bx), nby = exp_diff(b[1], a[1], by);
	size_t ncx = exp_diff(c[0], a[0], cx), ncy = exp_diff(c[1], a[1], cy);

	return exp_sign(h, exp_cross(bx, nbx, cy, ncy, by, nby, cx, ncx, h));
}

int sg_dt__orient(const double *a, const double *b, const double *c)
{
	double l = (b[0] - a[0]) * (c[1] - a[1]);
	double r = (b[1] - a[1]) * (c[0] - a[0]);
	double det = l - r, bound = ORIENT_BOUND * (fabs(l) + fabs(r));

	if (det > bound)
		return 1;
	if (-det > bound)
		return -1;
	return orient_exact(a, b, c);
}

/* lift x cross, of 2-expansion coordinates (h holds 512). */
static size_t lift_term(const double *dx, size_t ndx, const double *dy,
			size_t ndy, const double *cross, size_t ncross,
			double *h)
{
	double xx[8], yy[8], lift[16], s[32], t[512], u[512], tt[16];
	size_t kx = exp_mul(dx, ndx, dx, ndx, xx, s, t, u);
	size_t ky = exp_mul(dy, ndy, dy, ndy, yy, s, t, u);
	size_t kl = exp_sum(xx, kx, yy, ky, lift, tt);

	return exp_mul(lift, kl, cross, ncross, h, s, t, u);
}

static int incircle_exact(const double *a, const double *b, const double *c,
			  const double *d)
{
	double ax[2], ay[2], bx[2], by[2], cx[2], cy[2];
	double cr[16], ta[512], tb[512], tc[512], ab[1024], all[1536];
	double tmp[1536];
	size_t nax = exp_diff(a[0], d[0], ax), nay = exp_diff(a[1], d[1], ay);
	size_t nbx = exp_diff(b[0], d[0], bx), nby = exp_diff(b[1], d[1], by);
	size_t ncx = exp_diff(c[0], d[0], cx), ncy = exp_diff(c[1], d[1], cy);
	size_t k, ka, kb, kc, kab;

	k = exp_cross(bx, nbx, cy, ncy, cx, ncx, by, nby, cr);
	ka = lift_term(ax, nax, ay, nay, cr, k, ta);
	k = exp_cross(cx, ncx, ay, nay, ax, nax, cy, ncy, cr);
	kb = lift_term(bx, nbx, by, nby, cr, k, tb);
	k = exp_cross(ax, nax, by, nby, bx, nbx, ay, nay, cr);
	kc = lift_term(cx, ncx, cy, ncy, cr, k, tc);
	kab = exp_sum(ta, ka, tb, kb, ab, tmp);
	return exp_sign(all, exp_sum(ab, kab, tc, kc, all, tmp));
}

int sg_dt__incircle(const double *a, const double *b, const double *c,
		    const double *d)
{
	double adx = a[0] - d[0], ady = a[1] - d[1];
	double bdx = b[0] - d[0], bdy = b[1] - d[1];
	double cdx = c[0] - d[0], cdy = c[1] - d[1];
	double bc1 = bdx * cdy, bc2 = cdx * bdy;
	double ca1 = cdx * ady, ca2 = adx * cdy;
	double ab1 = adx * bdy, ab2 = bdx * ady;
	double al = adx * adx + ady * ady, bl = bdx * bdx + bdy * bdy;
	double cl = cdx * cdx + cdy * cdy;
	double det = al * (bc1 - bc2) + bl * (ca1 - ca2) + cl * (ab1 - ab2);
	double perm = al * (fabs(bc1) + fabs(bc2)) +
		      bl * (fabs(ca1) + fabs(ca2)) +
		      cl * (fabs(ab1) + fabs(ab2));
	double bound = INCIRCLE_BOUND * perm;

	if (det > bound)
		return 1;
	if (-det > bound)
		return -1;
	return incircle_exact(a, b, c, d);
}

/*---- Triangulation ------------------------------------------------------*/

#define NONE UINT32_MAX
#define GHOST UINT32_MAX /* the vertex at infinity */

/* Counter-clockwise v; n[i] is the triangle across the edge opposite
 * v[i].  A ghost triangle (a, b, GHOST) lies outside hull edge a->b:
 * the outside is on the left of a->b. */
typedef struct {
	uint32_t v[3], n[3];
	uint32_t stamp; /* the insertion that put it in the cavity */
} tri;

typedef struct {
	double (*p)[2];
	size_t np;
	tri *t;
	size_t nt, cap;
	uint32_t free_t; /* free triangles, linked by n[0] */
	uint32_t *vtri;	 /* per vertex, a triangle holding it */
	uint32_t last;	 /* a finite triangle, where walks start */
	uint32_t stamp;
	uint32_t rnd;
	/* per insertion: the cavity, its boundary edges a->b with the
	 * triangle outside, the new triangle of each vertex a */
	uint32_t *stack, *cav, *ba, *bb, *bo;
	size_t ncav, nb, capw;
	uint32_t *start_of; /* np + 1 (GHOST's at np) */
} dt;

static int is_ghost(const tri *t)
{
	return t->v[0] == GHOST || t->v[1] == GHOST || t->v[2] == GHOST;
}

static uint32_t tri_new(dt *d)
{
	uint32_t i;

	if (d->free_t != NONE) {
		i = d->free_t;
		d->free_t = d->t[i].n[0];
		return i;
	}
	if (d->nt == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 64;
		tri *t = realloc(d->t, cap * sizeof(*t));

		if (!t)
			return NONE;
		d->t = t;
		d->cap = cap;
	}
	d->t[d->nt].stamp = 0;
	return (uint32_t)d->nt++;
}

static void tri_free(dt *d, uint32_t i)
{
	d->t[i].n[0] = d->free_t;
	d->free_t = i;
}

/* p strictly between a and b, the three on one line. */
static int between(const double *a, const double *b, const double *p)
{
	if (a[0] != b[0])
		return a[0] < b[0] ? a[0] < p[0] && p[0] < b[0]
				   : b[0] < p[0] && p[0] < a[0];
	return a[1] < b[1] ? a[1] < p[1] && p[1] < b[1]
			   : b[1] < p[1] && p[1] < a[1];
}

/* Triangle t's open circumdisk holds p (for a ghost: the open
 * half-plane outside its edge and the open edge). */
static int conflict(const dt *d, uint32_t ti, const double *p)
{
	const tri *t = &d->t[ti];

	for (int g = 0; g < 3; g++)
		if (t->v[g] == GHOST) {
			const double *a = d->p[t->v[(g + 1) % 3]];
			const double *b = d->p[t->v[(g + 2) % 3]];
			int o = sg_dt__orient(a, b, p);

			return o > 0 || (o == 0 && between(a, b, p));
		}
	return sg_dt__incircle(d->p[t->v[0]], d->p[t->v[1]], d->p[t->v[2]], p) >
	       0;
}

/* A triangle in conflict with p: the finite one holding it, or a ghost
 * whose edge sees it (a visibility walk, edges tried from a random
 * one).  NONE: p is a vertex already. */
static uint32_t locate(dt *d, const double *p)
{
	uint32_t ti = d->last;

	for (;;) {
		const tri *t = &d->t[ti];
		uint32_t r, next = NONE;

		d->rnd ^= d->rnd << 13;
		d->rnd ^= d->rnd >> 17;
		d->rnd ^= d->rnd << 5;
		r = d->rnd % 3;
		for (uint32_t k = 0; k < 3 && next == NONE; k++) {
			uint32_t i = (r + k) % 3;

			if (sg_dt__orient(d->p[t->v[(i + 1) % 3]],
					  d->p[t->v[(i + 2) % 3]], p) < 0)
				next = t->n[i];
		}
		if (next == NONE) {
			for (int i = 0; i < 3; i++)
				if (d->p[t->v[i]][0] == p[0] &&
				    d->p[t->v[i]][1] == p[1])
					return NONE;
			return ti;
		}
		if (is_ghost(&d->t[next]))
			return next;
		ti = next;
	}
}

static int grow_u32(uint32_t **v, size_t cap)
{
	uint32_t *n = realloc(*v, cap * sizeof(**v));

	if (!n)
		return -1;
	*v = n;
	return 0;
}

static int work_grow(dt *d, size_t need)
{
	size_t cap = need * 2;

	if (need <= d->capw)
		return 0;
	if (grow_u32(&d->stack, cap) || grow_u32(&d->cav, cap) ||
	    grow_u32(&d->ba, cap) || grow_u32(&d->bb, cap) ||
	    grow_u32(&d->bo, cap))
		return -1;
	d->capw = cap;
	return 0;
}

/* Point the edge a->b of triangle o (seen from o as b->a) at ti. */
static void relink(dt *d, uint32_t o, uint32_t a, uint32_t b, uint32_t ti)
{
	tri *t = &d->t[o];

	for (int j = 0; j < 3; j++)
		if (t->v[(j + 1) % 3] == b && t->v[(j + 2) % 3] == a) {
			t->n[j] = ti;
			return;
		}
}

/* Insert vertex pi: 0, -1 out of memory, -2 a vertex already. */
static int insert(dt *d, uint32_t pi)
{
	const double *p = d->p[pi];
	uint32_t t0 = locate(d, p), st = ++d->stamp;
	size_t nstack = 0;

	if (t0 == NONE)
		return -2;
	d->ncav = d->nb = 0;
	if (work_grow(d, 16))
		return -1;
	d->t[t0].stamp = st;
	d->cav[d->ncav++] = t0;
	d->stack[nstack++] = t0;
	while (nstack) {
		uint32_t u = d->stack[--nstack];

		for (int i = 0; i < 3; i++) {
			uint32_t nb = d->t[u].n[i];

			if (d->t[nb].stamp == st)
				continue;
			if (work_grow(d, d->ncav + d->nb + nstack + 4))
				return -1;
			if (conflict(d, nb, p)) {
				d->t[nb].stamp = st;
				d->cav[d->ncav++] = nb;
				d->stack[nstack++] = nb;
			} else {
				d->ba[d->nb] = d->t[u].v[(i + 1) % 3];
				d->bb[d->nb] = d->t[u].v[(i + 2) % 3];
				d->bo[d->nb++] = nb;
			}
		}
	}
	for (size_t k = 0; k < d->ncav; k++)
		tri_free(d, d->cav[k]);
	/* The fan of p and each boundary edge a->b (p on its left, as the
	 * cavity was). */
	for (size_t k = 0; k < d->nb; k++) {
		uint32_t a = d->ba[k], b = d->bb[k], ti = tri_new(d);
		tri *t;

		if (ti == NONE)
			return -1;
		t = &d->t[ti];
		t->v[0] = pi;
		t->v[1] = a;
		t->v[2] = b;
		t->n[0] = d->bo[k];
		t->n[1] = t->n[2] = NONE;
		relink(d, d->bo[k], a, b, ti);
		d->start_of[a == GHOST ? d->np : a] = ti;
		d->stack[k] = ti;
		if (a != GHOST)
			d->vtri[a] = ti;
		if (b != GHOST)
			d->vtri[b] = ti;
		if (a != GHOST && b != GHOST)
			d->last = ti;
	}
	for (size_t k = 0; k < d->nb; k++) {
		uint32_t ti = d->stack[k], b = d->bb[k];
		uint32_t m = d->start_of[b == GHOST ? d->np : b];

		d->t[ti].n[1] = m;
		d->t[m].n[2] = ti;
	}
	d->vtri[pi] = d->stack[0];
	return 0;
}

/* The first triangle a, b, c (counter-clockwise) and its three ghosts. */
static int first(dt *d, uint32_t a, uint32_t b, uint32_t c)
{
	uint32_t v[4][3] = {
		{ a, b, c }, { b, a, GHOST }, { c, b, GHOST }, { a, c, GHOST }
	};
	uint32_t id[4];

	for (int k = 0; k < 4; k++) {
		if ((id[k] = tri_new(d)) == NONE)
			return -1;
		memcpy(d->t[id[k]].v, v[k], sizeof(v[k]));
	}
	/* Link by shared edges: t's edge x->y is u's y->x. */
	for (int k = 0; k < 4; k++)
		for (int i = 0; i < 3; i++) {
			tri *t = &d->t[id[k]];
			uint32_t x = t->v[(i + 1) % 3], y = t->v[(i + 2) % 3];

			for (int m = 0; m < 4; m++) {
				const tri *u = &d->t[id[m]];

				for (int j = 0; m != k && j < 3; j++)
					if (u->v[(j + 1) % 3] == y &&
					    u->v[(j + 2) % 3] == x)
						t->n[i] = id[m];
			}
		}
	d->vtri[a] = d->vtri[b] = d->vtri[c] = id[0];
	d->last = id[0];
	return 0;
}

/*---- Order of insertion -------------------------------------------------*/

/* Index of (x, y) on a Hilbert curve over the 2^16 grid. */
static uint32_t hilbert(uint32_t x, uint32_t y)
{
	const uint32_t n = 1u << 16;
	uint32_t dd = 0;

	for (uint32_t s = n / 2; s > 0; s /= 2) {
		uint32_t rx = (x & s) > 0, ry = (y & s) > 0, t;

		dd += s * s * ((3 * rx) ^ ry);
		if (ry == 0) {
			if (rx == 1) {
				x = n - 1 - x;
				y = n - 1 - y;
			}
			t = x;
			x = y;
			y = t;
		}
	}
	return dd;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

typedef struct {
	double x, y;
	uint32_t i;
} lexpt;

static int cmp_lex(const void *a, const void *b)
{
	const lexpt *p = a, *q = b;

	if (p->x != q->x)
		return p->x < q->x ? -1 : 1;
	return p->y < q->y ? -1 : p->y > q->y;
}

/*---- Voronoi cells ------------------------------------------------------*/

typedef struct {
	sg_vcells *out;
	size_t nxy, capxy;
	const double *box;
	double *poly, *tmp; /* the cell being cut: 2 x cappoly */
	size_t cappoly;
} cellbuf;

static int put_vertex(cellbuf *cb, double x, double y)
{
	if (cb->nxy + 2 > cb->capxy) {
		size_t cap = cb->capxy ? 2 * cb->capxy : 1024;
		double *v = realloc(cb->out->xy, cap * sizeof(*v));

		if (!v)
			return -1;
		cb->out->xy = v;
		cb->capxy = cap;
	}
	cb->out->xy[cb->nxy++] = x;
	cb->out->xy[cb->nxy++] = y;
	return 0;
}

/* Keep the part of polygon in (m vertices, relative to the site) on the
 * site's side of its bisector with neighbour u (relative too). */
static size_t cut(const double *in, size_t m, double ux, double uy, double r,
		  double *out)
{
	double uu = ux * ux + uy * uy;
	double tol = 1e-13 * (2 * sqrt(uu) * r + uu);
	size_t k = 0;

	for (size_t i = 0; i < m; i++) {
		const double *p = in + 2 * i, *q = in + 2 * ((i + 1) % m);
		double fp = 2 * (ux * p[0] + uy * p[1]) - uu;
		double fq = 2 * (ux * q[0] + uy * q[1]) - uu;

		if (fp <= tol && fq > tol && fp < -tol) {
			double t = fp / (fp - fq);

			out[k++] = p[0] + t * (q[0] - p[0]);
			out[k++] = p[1] + t * (q[1] - p[1]);
		} else if (fp > tol && fq <= tol && fq < -tol) {
			double t = fp / (fp - fq);

			out[k++] = p[0] + t * (q[0] - p[0]);
			out[k++] = p[1] + t * (q[1] - p[1]);
		}
		if (fq <= tol) {
			out[k++] = q[0];
			out[k++] = q[1];
		}
	}
	return k / 2;
}

/* The frame cut by the bisectors of site s with its neighbours nb[]. */
static int cell_cut(cellbuf *cb, const double *s, const double (*p)[2],
		    const uint32_t *nb, size_t nn)
{
	const double *b = cb->box;
	double r = 0;
	size_t m = 4;

	if (nn + 5 > cb->cappoly) {
		size_t cap = 2 * (nn + 5);
		double *v = realloc(cb->poly, 2 * cap * sizeof(*v));

		if (!v)
			return -1;
		cb->poly = v;
		v = realloc(cb->tmp, 2 * cap * sizeof(*v));
		if (!v)
			return -1;
		cb->tmp = v;
		cb->cappoly = cap;
	}
	{
		double f[8] = {
			b[0], b[1], b[2], b[1], b[2], b[3], b[0], b[3]
		};

		for (int i = 0; i < 4; i++) {
			cb->poly[2 * i] = f[2 * i] - s[0];
			cb->poly[2 * i + 1] = f[2 * i + 1] - s[1];
			r = fmax(r,
				 hypot(cb->poly[2 * i], cb->poly[2 * i + 1]));
		}
	}
	for (size_t k = 0; k < nn && m > 0; k++) {
		double *t;

		m = cut(cb->poly, m, p[nb[k]][0] - s[0], p[nb[k]][1] - s[1], r,
			cb->tmp);
		t = cb->poly;
		cb->poly = cb->tmp;
		cb->tmp = t;
	}
	for (size_t i = 0; i < m; i++)
		if (put_vertex(cb, cb->poly[2 * i] + s[0],
			       cb->poly[2 * i + 1] + s[1]))
			return -1;
	return 0;
}

int sg_dt__convex(const double *xy, size_t n)
{
	signed char dx[64], dy[64];
	size_t mx = 0, my = 0, xflips = 0, yflips = 0;
	int side = 0;

	if (n < 3 || n > 64)
		return 0;
	for (size_t i = 0; i < 2 * n; i++)
		if (!isfinite(xy[i]))
			return 0;
	for (size_t i = 0; i < n; i++) {
		const double *a = xy + 2 * ((i + n - 1) % n), *b = xy + 2 * i,
			     *c = xy + 2 * ((i + 1) % n);
		int o = sg_dt__orient(a, b, c);

		if (o == 0 || (side && o != side))
			return 0;
		side = o;
		/* The signs of the edges' dx and dy, zeros left out. */
		if (c[0] != b[0])
			dx[mx++] = c[0] > b[0] ? 1 : -1;
		if (c[1] != b[1])
			dy[my++] = c[1] > b[1] ? 1 : -1;
	}
	/* Turning always one way, the direction of the edges goes round
	 * once exactly when the sign of dx (and of dy) changes twice round
	 * the ring: a ring wound k times changes it 2k times. */
	for (size_t i = 0; i < mx; i++)
		xflips += dx[i] != dx[(i + 1) % mx];
	for (size_t i = 0; i < my; i++)
		yflips += dy[i] != dy[(i + 1) % my];
	return xflips == 2 && yflips == 2;
}

static void circumcentre(const double *a, const double *b, const double *c,
			 double *o)
{
	double bx = b[0] - a[0], by = b[1] - a[1];
	double cx = c[0] - a[0], cy = c[1] - a[1];
	double bl = bx * bx + by * by, cl = cx * cx + cy * cy;
	double dd = 2 * (bx * cy - by * cx);

	o[0] = a[0] + (cy * bl - by * cl) / dd;
	o[1] = a[1] + (bx * cl - cx * bl) / dd;
}

static int index_of(const tri *t, uint32_t v)
{
	return t->v[0] == v ? 0 : t->v[1] == v ? 1 : 2;
}

/* Triangles u and t, around s and sharing an edge, on one circle. */
static int cocircular(const dt *d, uint32_t s, uint32_t ui, uint32_t ti)
{
	const tri *u = &d->t[ui], *t = &d->t[ti];
	uint32_t c = t->v[(index_of(t, s) + 2) % 3];

	return sg_dt__incircle(d->p[u->v[0]], d->p[u->v[1]], d->p[u->v[2]],
			       d->p[c]) == 0;
}

/* Site s's cell from the triangles around it (in *ring): 0 done, 1 to
 * be cut from the frame, -1 out of memory. */
static int cell_of(dt *d, cellbuf *cb, uint32_t s, uint32_t **ring,
		   size_t *capring, size_t *nring, double (*cc)[2],
		   uint8_t *ccok)
{
	uint32_t t0 = d->vtri[s], ti = t0;
	size_t n = 0, ghosts = 0, k0 = SIZE_MAX;
	const double *b = cb->box;
	size_t mark = cb->nxy;

	do {
		const tri *t = &d->t[ti];
		int i = index_of(t, s);

		if (n + 1 > *capring) {
			size_t cap = 2 * (n + 1);

			if (grow_u32(ring, cap))
				return -1;
			*capring = cap;
		}
		(*ring)[n++] = ti;
		ghosts += is_ghost(t);
		ti = t->n[(i + 1) % 3];
	} while (ti != t0);
	*nring = n;
	if (!ghosts) {
		/* Triangle k and k-1 (sharing an edge) on one circle: one
		 * vertex. */
		size_t emitted = 0;
		int inside = 1;

		for (size_t k = 0; k < n && k0 == SIZE_MAX; k++)
			if (!cocircular(d, s, (*ring)[(k + n - 1) % n],
					(*ring)[k]))
				k0 = k;
		for (size_t j = 0; k0 != SIZE_MAX && j < n && inside; j++) {
			size_t k = (k0 + j) % n;
			uint32_t tk = (*ring)[k];
			const tri *t = &d->t[tk];

			if (j > 0 &&
			    cocircular(d, s, (*ring)[(k + n - 1) % n], tk))
				continue;
			if (!ccok[tk]) {
				circumcentre(d->p[t->v[0]], d->p[t->v[1]],
					     d->p[t->v[2]], cc[tk]);
				ccok[tk] = 1;
			}
			inside = cc[tk][0] >= b[0] && cc[tk][0] <= b[2] &&
				 cc[tk][1] >= b[1] && cc[tk][1] <= b[3];
			if (inside && put_vertex(cb, cc[tk][0], cc[tk][1]))
				return -1;
			emitted++;
		}
		if (k0 != SIZE_MAX && inside && emitted >= 3)
			return 0;
		cb->nxy = mark;
	}
	return 1; /* not done here: cut the frame */
}

/* The Delaunay neighbours of s from its ring of triangles. */
static size_t neighbours(const dt *d, uint32_t s, const uint32_t *ring,
			 size_t n, uint32_t *nb)
{
	size_t k = 0;

	for (size_t j = 0; j < n; j++) {
		const tri *t = &d->t[ring[j]];
		uint32_t v = t->v[(index_of(t, s) + 1) % 3];

		if (v != GHOST)
			nb[k++] = v;
	}
	return k;
}

static void dt_free(dt *d)
{
	free(d->p);
	free(d->t);
	free(d->vtri);
	free(d->stack);
	free(d->cav);
	free(d->ba);
	free(d->bb);
	free(d->bo);
	free(d->start_of);
}

void sg_vcells_free(sg_vcells *c)
{
	free(c->start);
	free(c->xy);
	memset(c, 0, sizeof(*c));
}

/* Build the triangulation of d->p: 0, -1, -2 (a repeated point), 1 (all
 * on one line: no triangle). */
static int triangulate(dt *d)
{
	size_t n = d->np, i1 = SIZE_MAX, i2 = SIZE_MAX;
	uint64_t *ord = malloc(n * sizeof(*ord));
	double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
	int rc = 0;

	if (!ord)
		return -1;
	for (size_t i = 0; i < n; i++) {
		x0 = fmin(x0, d->p[i][0]);
		y0 = fmin(y0, d->p[i][1]);
		x1 = fmax(x1, d->p[i][0]);
		y1 = fmax(y1, d->p[i][1]);
	}
	for (size_t i = 0; i < n; i++) {
		double fx = x1 > x0 ? (d->p[i][0] - x0) / (x1 - x0) : 0;
		double fy = y1 > y0 ? (d->p[i][1] - y0) / (y1 - y0) : 0;
		uint32_t hx = (uint32_t)fmin(fx * 65536, 65535);
		uint32_t hy = (uint32_t)fmin(fy * 65536, 65535);

		ord[i] = (uint64_t)hilbert(hx, hy) << 32 | i;
	}
	qsort(ord, n, sizeof(*ord), cmp_u64);
	{
		const double *p0 = d->p[(uint32_t)ord[0]];

		for (size_t k = 1; k < n && i1 == SIZE_MAX; k++) {
			const double *q = d->p[(uint32_t)ord[k]];

			if (q[0] == p0[0] && q[1] == p0[1])
				rc = -2;
			else
				i1 = k;
		}
		for (size_t k = i1 + 1;
		     rc == 0 && i1 != SIZE_MAX && k < n && i2 == SIZE_MAX; k++)
			if (sg_dt__orient(p0, d->p[(uint32_t)ord[i1]],
					  d->p[(uint32_t)ord[k]]) != 0)
				i2 = k;
	}
	if (rc == 0 && i2 == SIZE_MAX)
		rc = 1;
	if (rc == 0) {
		uint32_t a = (uint32_t)ord[0], b = (uint32_t)ord[i1];
		uint32_t c = (uint32_t)ord[i2];

		rc = sg_dt__orient(d->p[a], d->p[b], d->p[c]) > 0
			     ? first(d, a, b, c)
			     : first(d, a, c, b);
	}
	for (size_t k = 1; rc == 0 && k < n; k++)
		if (k != i1 && k != i2)
			rc = insert(d, (uint32_t)ord[k]);
	free(ord);
	return rc;
}

int sg_voronoi__cells(const double *x, const double *y, size_t n,
		      const double box[4], sg_vcells *out)
{
	dt d;
	cellbuf cb;
	uint32_t *ring = NULL, *nb = NULL;
	size_t capring = 0;
	double(*cc)[2] = NULL;
	uint8_t *ccok = NULL;
	lexpt *lex = NULL;
	int rc = 0, line = 0;

	memset(out, 0, sizeof(*out));
	memset(&d, 0, sizeof(d));
	memset(&cb, 0, sizeof(cb));
	cb.out = out;
	cb.box = box;
	out->n = n;
	if (n >= UINT32_MAX - 1 ||
	    !(out->start = calloc(n + 1, sizeof(size_t))))
		return -1;
	if (n == 0)
		return 0;
	d.np = n;
	d.free_t = NONE;
	d.rnd = 2463534242u;
	d.p = malloc(n * sizeof(*d.p));
	d.vtri = malloc(n * sizeof(*d.vtri));
	d.start_of = malloc((n + 1) * sizeof(*d.start_of));
	if (!d.p || !d.vtri || !d.start_of) {
		rc = -1;
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		d.p[i][0] = x[i];
		d.p[i][1] = y[i];
	}
	if (n == 1) {
		rc = cell_cut(&cb, d.p[0], (const double(*)[2])d.p, NULL, 0);
		out->start[1] = cb.nxy / 2;
		goto done;
	}
	rc = triangulate(&d);
	if (rc == 1) { /* one line: neighbours in order along it */
		line = 1;
		rc = 0;
		if (!(lex = malloc(n * sizeof(*lex)))) {
			rc = -1;
			goto done;
		}
		for (size_t i = 0; i < n; i++)
			lex[i] = (lexpt){ x[i], y[i], (uint32_t)i };
		qsort(lex, n, sizeof(*lex), cmp_lex);
		for (size_t i = 1; i < n && rc == 0; i++)
			if (lex[i].x == lex[i - 1].x &&
			    lex[i].y == lex[i - 1].y)
				rc = -2;
		/* ring[i]: the rank of site i */
		if (rc == 0 && grow_u32(&ring, n))
			rc = -1;
		for (size_t i = 0; rc == 0 && i < n; i++)
			ring[lex[i].i] = (uint32_t)i;
	}
	if (rc != 0)
		goto done;
	if (!line &&
	    (!(cc = malloc(d.nt * sizeof(*cc))) || !(ccok = calloc(d.nt, 1)))) {
		rc = -1;
		goto done;
	}
	for (size_t s = 0; s < n && rc == 0; s++) {
		uint32_t two[2];
		size_t nn = 0;

		if (line) {
			size_t r = ring[s];

			if (r > 0)
				two[nn++] = lex[r - 1].i;
			if (r + 1 < n)
				two[nn++] = lex[r + 1].i;
			rc = cell_cut(&cb, d.p[s], (const double(*)[2])d.p, two,
				      nn);
		} else {
			size_t nr = 0;

			rc = cell_of(&d, &cb, (uint32_t)s, &ring, &capring, &nr,
				     cc, ccok);
			if (rc == 1) {
				rc = grow_u32(&nb, nr);
				if (rc == 0) {
					nn = neighbours(&d, (uint32_t)s, ring,
							nr, nb);
					rc = cell_cut(&cb, d.p[s],
						      (const double(*)[2])d.p,
						      nb, nn);
				}
			}
		}
		out->start[s + 1] = cb.nxy / 2;
	}
done:
	if (rc != 0) {
		sg_vcells_free(out);
		out->n = 0;
	}
	dt_free(&d);
	free(ring);
	free(nb);
	free(cc);
	free(ccok);
	free(lex);
	free(cb.poly);
	free(cb.tmp);
	return rc;
}
