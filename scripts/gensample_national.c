/*
 * gensample_national.c - sg-gensample --national / --city: a synthetic,
 * seeded country (or one province) of provinces, districts and wards with
 * population, schools of the four levels and grade-1 applicants, in the
 * files and columns the importers read; optionally the 2025 set (merged
 * provinces and communes) and a new -> old crosswalk.
 *
 * Nothing here is real data.  The country outline is a rough hand-drawn
 * polygon over Viet Nam's longitudes (102-110 E, so the store spans UTM
 * zones 48 and 49); the wards are Voronoi cells of seeds whose density
 * follows a few urban hotspots, noded with the outline by a snap-rounding
 * union on the 1e-7 degree grid the GeoJSON files print, then polygonized,
 * so neighbouring wards share exactly the same vertices.  Districts and
 * provinces are k-means groups of the wards, written as the coverage union
 * of their wards: every parent is tiled exactly by its children.
 *
 * Everything random comes from splitmix64 streams (seed, purpose, index),
 * so a seed always gives byte-identical files.  A development tool like
 * gensample.c: GEOS reentrant API, no library code; exit 2 on usage
 * errors and 1 on runtime errors.
 */

#define _POSIX_C_SOURCE 200809L
#define GEOS_USE_ONLY_R_API

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <geos_c.h>

#include "gensample.h"

#define PROG "sg-gensample"
#define GRID 1e-7  /* GeoJSON prints 7 decimals */
#define PSCALE 1e6 /* CSV points print 6 */
#define NBANDS 5
#define NLV 6
#define NELEMS(a) (sizeof(a) / sizeof(*(a)))
#define KM_PER_DEG 111.32
#define PI 3.14159265358979323846

/* Full national scale: the 2019 set. */
#define FULL_PROVINCES 63
#define FULL_DISTRICTS 710
#define FULL_WARDS 10600
#define FULL_SCHOOLS 45000
#define FULL_POP 96200000.0
#define FULL_APPL 1500000L

enum {
	ST_SEEDS = 101,
	ST_KMEANS,
	ST_NAMES,
	ST_POP,
	ST_SCHOOL,
	ST_PLACE,
	ST_FIGURES,
	ST_APPL,
	ST_REFORM
};

enum { U_PROV, U_DIST, U_WARD };

static double rng_lognorm(struct rng *r, double sigma)
{
	double u1 = 1.0 - rng_u01(r), u2 = rng_u01(r);
	double z = sqrt(-2.0 * log(u1)) * cos(2.0 * PI * u2);

	return exp(sigma * z - 0.5 * sigma * sigma);
}

/*---- Tables -------------------------------------------------------------*/

/* Syllables of place names; two make a name (Phú Hòa, Tân Thạnh ...). */
static const char *const syl[] = {
	"An",	 "Bình",  "Phú",   "Hòa",   "Tân",   "Thành", "Long",  "Phước",
	"Thạnh", "Mỹ",	  "Hưng",  "Đông",  "Tây",   "Nam",   "Bắc",   "Trung",
	"Vĩnh",	 "Xuân",  "Quang", "Minh",  "Hải",   "Sơn",   "Thủy",  "Lâm",
	"Đức",	 "Hiệp",  "Lợi",   "Thịnh", "Khánh", "Lộc",   "Phong", "Yên",
	"Hồng",	 "Kim",	  "Ngọc",  "Cát",   "Tiến",  "Thắng", "Lạc",   "Định",
	"Gia",	 "Nghĩa", "Thuận", "Hà",    "Châu",  "Điền",  "Hội",   "Lập",
	"Thái",	 "Quý",	  "Cường", "Thới",  "Hậu",   "Tường", "Vân",   "Hoàng",
	"Liên",	 "Tam",	  "Kỳ",	   "Ninh"
};

static const char *const person[] = {
	"Nguyễn Du",	  "Lê Lợi",	   "Trần Hưng Đạo",	"Quang Trung",
	"Lý Thường Kiệt", "Lê Quý Đôn",	   "Nguyễn Trãi",	"Chu Văn An",
	"Ngô Quyền",	  "Võ Thị Sáu",	   "Nguyễn Hiền",	"Kim Đồng",
	"Lương Thế Vinh", "Phan Bội Châu", "Nguyễn Đình Chiểu", "Trần Phú",
	"Hai Bà Trưng",	  "Lê Văn Tám"
};

static const char *const flower[] = { "Hoa Sen",    "Hoa Mai",	  "Hướng Dương",
				      "Sơn Ca",	    "Họa Mi",	  "Tuổi Thơ",
				      "Măng Non",   "Ánh Dương",  "Sao Mai",
				      "Bình Minh",  "Hoa Phượng", "Thỏ Ngọc",
				      "Hoa Lan",    "Ngôi Sao",	  "Sóc Nâu",
				      "Vành Khuyên" };

static const char *const family[] = { "Nguyễn", "Trần",	 "Lê",	  "Phạm",
				      "Hoàng",	"Huỳnh", "Phan",  "Vũ",
				      "Võ",	"Đặng",	 "Bùi",	  "Đỗ",
				      "Hồ",	"Ngô",	 "Dương", "Lý" };

static const char *const middle[] = { "Văn",   "Thị",	"Minh", "Ngọc", "Gia",
				      "Hoàng", "Thanh", "Bảo",	"Anh" };

static const char *const given[] = {
	"An",	"Bình",	 "Châu", "Dũng", "Giang",  "Hà",    "Hải",
	"Hân",	"Hiếu",	 "Hòa",	 "Hùng", "Huy",	   "Khang", "Khánh",
	"Khoa", "Lan",	 "Linh", "Long", "Mai",	   "Minh",  "My",
	"Nam",	"Ngân",	 "Nhi",	 "Phúc", "Phương", "Quân",  "Tâm",
	"Thảo", "Trang", "Trí",	 "Tú",	 "Uyên",   "Vy",    "Yến"
};

/* Age bands of population.csv and their share of the population. */
static const int band_from[NBANDS] = { 0, 3, 6, 11, 15 };
static const int band_to[NBANDS] = { 2, 5, 10, 14, 17 };
static const double band_share[NBANDS] = { 0.044, 0.046, 0.076, 0.058, 0.042 };

/*
 * School levels: label, code prefix, schools at full national scale,
 * age band served, enrolment rate, students per class, grades, teaching
 * computers per school (mean), teachers per class.
 */
static const struct lv {
	const char *label, *prefix, *name;
	int full, band;
	double enrol, per_class;
	int grades;
	double pcs, tpc;
} lvs[NLV] = {
	{ "Mầm non", "MN", "Mầm non", 15800, 1, 0.90, 25, 3, 6.9, 2.0 },
	{ "Tiểu học", "TH", "Tiểu học", 14500, 2, 1.00, 35, 5, 25.0, 1.5 },
	{ "THCS", "THCS", "THCS", 10600, 3, 0.95, 38, 4, 55.0, 1.9 },
	{ "THPT", "THPT", "THPT", 2500, 4, 0.70, 40, 3, 60.0, 2.2 },
	{ "TH-THCS", "LC", "TH và THCS", 1100, 2, 0.20, 35, 9, 40.0, 1.7 },
	{ "THCS-THPT", "LC", "THCS và THPT", 500, 3, 0.15, 40, 7, 65.0, 2.0 }
};

/*
 * Viet Nam, very roughly (lon, lat), counter-clockwise from the north
 * west.  Only the longitudes matter: 102-110 E, two UTM zones.
 */
static const double vn_outline[][2] = {
	{ 102.14, 22.40 }, { 102.25, 21.60 }, { 102.75, 21.65 },
	{ 102.95, 20.90 }, { 103.45, 20.70 }, { 104.05, 20.15 },
	{ 104.60, 19.70 }, { 103.95, 19.30 }, { 104.45, 18.90 },
	{ 105.20, 18.30 }, { 105.95, 17.40 }, { 106.60, 16.55 },
	{ 107.20, 16.05 }, { 107.50, 15.50 }, { 107.45, 14.70 },
	{ 107.50, 13.60 }, { 107.45, 12.35 }, { 106.45, 11.75 },
	{ 106.05, 11.25 }, { 105.10, 10.95 }, { 104.55, 10.40 },
	{ 104.80, 9.60 },  { 104.75, 8.60 },  { 105.35, 8.60 },
	{ 106.50, 9.60 },  { 106.80, 10.30 }, { 107.50, 10.45 },
	{ 108.60, 11.00 }, { 109.20, 11.60 }, { 109.45, 12.60 },
	{ 109.20, 13.80 }, { 108.85, 15.30 }, { 108.20, 16.15 },
	{ 107.10, 17.10 }, { 106.40, 18.10 }, { 105.80, 19.20 },
	{ 106.00, 19.90 }, { 106.80, 20.70 }, { 107.40, 21.00 },
	{ 108.00, 21.50 }, { 107.35, 21.70 }, { 106.60, 22.35 },
	{ 106.70, 22.85 }, { 105.90, 22.95 }, { 105.35, 23.35 },
	{ 104.80, 23.15 }, { 104.40, 22.80 }, { 103.90, 22.55 },
	{ 103.20, 22.65 }, { 102.50, 22.75 }
};

/* Urban hotspots: lon, lat, sigma (deg), weight. */
static const double vn_hot[][4] = {
	{ 105.85, 21.03, 0.35, 4.0 }, { 106.70, 10.80, 0.35, 4.0 },
	{ 106.68, 20.86, 0.25, 1.5 }, { 108.20, 16.05, 0.25, 1.5 },
	{ 105.78, 10.03, 0.30, 1.2 }, { 106.20, 20.60, 0.70, 1.0 },
	{ 105.80, 10.30, 0.90, 0.8 }, { 105.70, 18.70, 0.40, 0.6 },
	{ 109.19, 12.24, 0.20, 0.6 }
};

/*---- State --------------------------------------------------------------*/

struct nopts {
	int city;
	uint64_t seed;
	long nprov, ndist, nward, nschools, nappl;
	int year; /* first year of the school year */
	int reform, quiet;
	const char *outdir;
};

struct unit {
	int level, parent, kind; /* kind: index into kind names */
	char code[16];
	char name[128];
	double x, y; /* seed (wards) or centre, lon/lat */
	double area_km2, dens;
	long pop;
	int band[NBANDS];
	GEOSGeometry *geom;
	const GEOSPreparedGeometry *prep;
	double minx, miny, maxx, maxy;
	int nsch[NLV];
	int first_child, nchild; /* into the sorted order arrays */
};

struct school {
	int ward, level, seq;
};

struct ng {
	const struct nopts *o;
	GEOSContextHandle_t h;
	char msg[1024];
	GEOSGeometry *outline;
	double kx; /* cos(latitude): x scale */
	int np, nd, nw;
	struct unit *prov, *dist, *ward;
	struct school *sch;
	long nsch;
	/* 2025 set */
	int np2, nc2;
	int *prov_group, *ward_group; /* old -> new index */
	int split_ward, split_to, renamed;
	double split_share; /* share of split_ward kept */
	GEOSGeometry *split_half[2];
};

static const char *const prov_kind[] = { "Tỉnh",
					 "Thành phố trực thuộc trung ương" };
static const char *const dist_kind[] = { "Huyện", "Quận", "Thị xã",
					 "Thành phố thuộc tỉnh" };
static const char *const dist_prefix[] = { "Huyện", "Quận", "Thị xã",
					   "Thành phố" };
static const char *const ward_kind[] = { "Xã", "Phường", "Thị trấn" };

static int fail(struct ng *g, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(g->msg, sizeof(g->msg), fmt, ap);
	va_end(ap);
	return -1;
}

static void geos_msg(const char *m, void *ud)
{
	struct ng *g = ud;

	if (!g->msg[0])
		snprintf(g->msg, sizeof(g->msg), "GEOS: %s", m);
}

/*---- Geometry helpers ---------------------------------------------------*/

static GEOSGeometry *make_point(struct ng *g, double x, double y)
{
	return GEOSGeom_createPointFromXY_r(g->h, x, y);
}

static int inside(struct ng *g, const GEOSPreparedGeometry *p, double x,
		  double y)
{
	GEOSGeometry *pt = make_point(g, x, y);
	char r;

	if (!pt)
		return -1;
	r = GEOSPreparedContains_r(g->h, p, pt);
	GEOSGeom_destroy_r(g->h, pt);
	return r == 2 ? -1 : r;
}

static GEOSGeometry *ring_polygon(struct ng *g, const double (*xy)[2], int n)
{
	GEOSCoordSequence *cs = GEOSCoordSeq_create_r(g->h, (unsigned)n + 1, 2);
	GEOSGeometry *ring;
	int k;

	if (!cs)
		return NULL;
	for (k = 0; k <= n; k++)
		GEOSCoordSeq_setXY_r(g->h, cs, (unsigned)k, xy[k % n][0],
				     xy[k % n][1]);
	if (!(ring = GEOSGeom_createLinearRing_r(g->h, cs)))
		return NULL;
	return GEOSGeom_createPolygon_r(g->h, ring, NULL, 0);
}

/* Area in km2 of a lon/lat geometry (equirectangular at its centre). */
static double area_km2(struct ng *g, const GEOSGeometry *geom)
{
	double a = 0, miny = 0, maxy = 0;

	GEOSArea_r(g->h, geom, &a);
	GEOSGeom_getYMin_r(g->h, geom, &miny);
	GEOSGeom_getYMax_r(g->h, geom, &maxy);
	return a * KM_PER_DEG * KM_PER_DEG * cos((miny + maxy) / 2 * PI / 180);
}

static void set_bounds(struct ng *g, struct unit *u)
{
	GEOSGeom_getXMin_r(g->h, u->geom, &u->minx);
	GEOSGeom_getYMin_r(g->h, u->geom, &u->miny);
	GEOSGeom_getXMax_r(g->h, u->geom, &u->maxx);
	GEOSGeom_getYMax_r(g->h, u->geom, &u->maxy);
}

/* Append the polygons of geom (a clone each) to a growing array. */
static int push_polys(struct ng *g, const GEOSGeometry *geom,
		      GEOSGeometry ***arr, int *n, int *cap)
{
	int t = GEOSGeomTypeId_r(g->h, geom), k, m;

	if (t == GEOS_MULTIPOLYGON || t == GEOS_GEOMETRYCOLLECTION) {
		m = GEOSGetNumGeometries_r(g->h, geom);
		for (k = 0; k < m; k++)
			if (push_polys(g, GEOSGetGeometryN_r(g->h, geom, k),
				       arr, n, cap) != 0)
				return -1;
		return 0;
	}
	if (t != GEOS_POLYGON)
		return 0;
	if (*n == *cap) {
		GEOSGeometry **a;

		*cap = *cap ? *cap * 2 : 16;
		if (!(a = realloc(*arr, sizeof(*a) * (size_t)*cap)))
			return fail(g, "out of memory");
		*arr = a;
	}
	if (!((*arr)[*n] = GEOSGeom_clone_r(g->h, geom)))
		return fail(g, "GEOS clone failed");
	(*n)++;
	return 0;
}

/* Coverage union of the given units' geometries (exact shared edges). */
static GEOSGeometry *union_units(struct ng *g, struct unit *const *u, int n,
				 int exact)
{
	GEOSGeometry **parts = NULL, *coll, *res;
	int np = 0, cap = 0, k;

	for (k = 0; k < n; k++)
		if (push_polys(g, u[k]->geom, &parts, &np, &cap) != 0)
			goto bad;
	if (np == 1) {
		res = parts[0];
		free(parts);
		return res;
	}
	if (!(coll = GEOSGeom_createCollection_r(g->h, GEOS_MULTIPOLYGON, parts,
						 (unsigned)np)))
		goto bad;
	free(parts);
	res = exact ? GEOSCoverageUnion_r(g->h, coll)
		    : GEOSUnaryUnionPrec_r(g->h, coll, GRID);
	GEOSGeom_destroy_r(g->h, coll);
	if (!res)
		fail(g, "union of %d units failed: %s", n, g->msg);
	return res;
bad:
	for (k = 0; k < np; k++)
		GEOSGeom_destroy_r(g->h, parts[k]);
	free(parts);
	return NULL;
}

/*---- Outline and density ------------------------------------------------*/

static double density(struct ng *g, double x, double y)
{
	double d = 0.25;
	size_t k;

	if (g->o->city) {
		double dx = (x - 105.83) * g->kx, dy = y - 21.03;

		return 0.3 +
		       6.0 * exp(-(dx * dx + dy * dy) / (2 * 0.06 * 0.06));
	}
	for (k = 0; k < NELEMS(vn_hot); k++) {
		double dx = (x - vn_hot[k][0]) * g->kx, dy = y - vn_hot[k][1];
		double s = vn_hot[k][2];

		d += vn_hot[k][3] * exp(-(dx * dx + dy * dy) / (2 * s * s));
	}
	return d;
}

static int make_outline(struct ng *g)
{
	if (g->o->city) {
		/* A smoothed random star of about 3,360 km2 (Ha Noi). */
		struct rng r = rng_stream(g->o->seed, ST_SEEDS, 999);
		double xy[96][2], amp[4], ph[4], R = 0.30;
		int k, j;

		for (j = 0; j < 4; j++) {
			amp[j] = rng_range(&r, 0.03, 0.10);
			ph[j] = rng_range(&r, 0, 2 * PI);
		}
		for (k = 0; k < 96; k++) {
			double t = 2 * PI * k / 96, f = 1;

			for (j = 0; j < 4; j++)
				f += amp[j] * sin((j + 2) * t + ph[j]);
			xy[k][0] = round((105.83 + R * f * cos(t) / g->kx) /
					 GRID) *
				   GRID;
			xy[k][1] = round((21.03 + R * f * sin(t)) / GRID) *
				   GRID;
		}
		g->outline = ring_polygon(g, (const double(*)[2])xy, 96);
	} else {
		g->outline = ring_polygon(g, vn_outline,
					  (int)NELEMS(vn_outline));
	}
	if (!g->outline)
		return fail(g, "cannot build the outline: %s", g->msg);
	if (GEOSisValid_r(g->h, g->outline) != 1)
		return fail(g, "internal: the outline is not valid");
	return 0;
}

/*---- Wards: seeds, Voronoi, polygonize ----------------------------------*/

static int place_seeds(struct ng *g)
{
	const GEOSPreparedGeometry *p = GEOSPrepare_r(g->h, g->outline);
	struct rng r = rng_stream(g->o->seed, ST_SEEDS, 0);
	double x0, y0, x1, y1, dmax = 0;
	long tries = 0;
	int n = 0, k;

	if (!p)
		return fail(g, "GEOS prepare failed");
	GEOSGeom_getXMin_r(g->h, g->outline, &x0);
	GEOSGeom_getYMin_r(g->h, g->outline, &y0);
	GEOSGeom_getXMax_r(g->h, g->outline, &x1);
	GEOSGeom_getYMax_r(g->h, g->outline, &y1);
	for (k = 0; k < 4000; k++) {
		double d = density(g, rng_range(&r, x0, x1),
				   rng_range(&r, y0, y1));

		dmax = d > dmax ? d : dmax;
	}
	dmax *= 1.2;
	while (n < g->nw) {
		double x = rng_range(&r, x0, x1), y = rng_range(&r, y0, y1);
		int in;

		if (++tries > 1000L * g->nw + 1000000L) {
			GEOSPreparedGeom_destroy_r(g->h, p);
			return fail(g, "internal: cannot place ward seeds");
		}
		if (rng_u01(&r) * dmax > density(g, x, y))
			continue;
		if ((in = inside(g, p, x, y)) < 0) {
			GEOSPreparedGeom_destroy_r(g->h, p);
			return fail(g, "GEOS contains failed");
		}
		if (!in)
			continue;
		g->ward[n].x = x;
		g->ward[n].y = y;
		g->ward[n].level = U_WARD;
		n++;
	}
	GEOSPreparedGeom_destroy_r(g->h, p);
	return 0;
}

/* Grid of seed indices for nearest-seed queries. */
struct sgrid {
	double x0, y0, cell;
	int nx, ny;
	int *start, *idx;
};

static int grid_build(struct ng *g, struct sgrid *s)
{
	double x1, y1;
	int k, c, n = g->nw;

	GEOSGeom_getXMin_r(g->h, g->outline, &s->x0);
	GEOSGeom_getYMin_r(g->h, g->outline, &s->y0);
	GEOSGeom_getXMax_r(g->h, g->outline, &x1);
	GEOSGeom_getYMax_r(g->h, g->outline, &y1);
	s->cell = sqrt((x1 - s->x0) * (y1 - s->y0) / n) * 1.5;
	s->nx = (int)((x1 - s->x0) / s->cell) + 1;
	s->ny = (int)((y1 - s->y0) / s->cell) + 1;
	s->start = calloc((size_t)s->nx * s->ny + 1, sizeof(int));
	s->idx = malloc(sizeof(int) * (size_t)n);
	if (!s->start || !s->idx)
		return fail(g, "out of memory");
	for (k = 0; k < n; k++) {
		int cx = (int)((g->ward[k].x - s->x0) / s->cell);
		int cy = (int)((g->ward[k].y - s->y0) / s->cell);

		s->start[cy * s->nx + cx + 1]++;
	}
	for (c = 0; c < s->nx * s->ny; c++)
		s->start[c + 1] += s->start[c];
	{
		int *fill = malloc(sizeof(int) * (size_t)s->nx * s->ny);

		if (!fill)
			return fail(g, "out of memory");
		memcpy(fill, s->start, sizeof(int) * (size_t)s->nx * s->ny);
		for (k = 0; k < n; k++) {
			int cx = (int)((g->ward[k].x - s->x0) / s->cell);
			int cy = (int)((g->ward[k].y - s->y0) / s->cell);

			s->idx[fill[cy * s->nx + cx]++] = k;
		}
		free(fill);
	}
	return 0;
}

/* Nearest seed (plain degrees, as the Voronoi diagram was built). */
static int grid_nearest(const struct ng *g, const struct sgrid *s, double x,
			double y)
{
	int cx = (int)floor((x - s->x0) / s->cell);
	int cy = (int)floor((y - s->y0) / s->cell);
	int best = -1, ring;
	double bd = 1e300;

	for (ring = 0; ring < s->nx + s->ny; ring++) {
		int i, j;

		for (j = cy - ring; j <= cy + ring; j++) {
			for (i = cx - ring; i <= cx + ring; i++) {
				int c, e;

				if (i < 0 || j < 0 || i >= s->nx ||
				    j >= s->ny ||
				    (abs(i - cx) != ring &&
				     abs(j - cy) != ring))
					continue;
				c = j * s->nx + i;
				for (e = s->start[c]; e < s->start[c + 1];
				     e++) {
					const struct unit *u =
						&g->ward[s->idx[e]];
					double d = (u->x - x) * (u->x - x) +
						   (u->y - y) * (u->y - y);

					if (d < bd ||
					    (d == bd && s->idx[e] < best)) {
						bd = d;
						best = s->idx[e];
					}
				}
			}
		}
		/* a seed within ring cells is final once ring*cell > dist */
		if (best >= 0 && (ring * s->cell) * (ring * s->cell) > bd)
			break;
	}
	return best;
}

static int make_wards(struct ng *g)
{
	GEOSGeometry **pts, *mp, *edges, *ring, *lines[2], *all, *noded;
	GEOSGeometry *faces, *env;
	const GEOSPreparedGeometry *p;
	GEOSGeometry ***wparts = NULL;
	int *wn = NULL, *wcap = NULL, k, nf, rc = -1;
	struct sgrid sg;
	double x0, y0, x1, y1;

	memset(&sg, 0, sizeof(sg));
	if (!(pts = malloc(sizeof(*pts) * (size_t)g->nw)))
		return fail(g, "out of memory");
	for (k = 0; k < g->nw; k++)
		pts[k] = make_point(g, g->ward[k].x, g->ward[k].y);
	mp = GEOSGeom_createCollection_r(g->h, GEOS_MULTIPOINT, pts,
					 (unsigned)g->nw);
	free(pts);
	if (!mp)
		return fail(g, "GEOS: %s", g->msg);
	GEOSGeom_getXMin_r(g->h, g->outline, &x0);
	GEOSGeom_getYMin_r(g->h, g->outline, &y0);
	GEOSGeom_getXMax_r(g->h, g->outline, &x1);
	GEOSGeom_getYMax_r(g->h, g->outline, &y1);
	env = GEOSGeom_createRectangle_r(g->h, x0 - 1, y0 - 1, x1 + 1, y1 + 1);
	edges = GEOSVoronoiDiagram_r(g->h, mp, env, 0.0, 1);
	GEOSGeom_destroy_r(g->h, mp);
	GEOSGeom_destroy_r(g->h, env);
	if (!edges)
		return fail(g, "Voronoi diagram failed: %s", g->msg);
	ring = GEOSGeom_clone_r(g->h, GEOSGetExteriorRing_r(g->h, g->outline));
	lines[0] = edges;
	lines[1] = ring;
	all = GEOSGeom_createCollection_r(g->h, GEOS_GEOMETRYCOLLECTION, lines,
					  2);
	noded = all ? GEOSUnaryUnionPrec_r(g->h, all, GRID) : NULL;
	GEOSGeom_destroy_r(g->h, all);
	if (!noded)
		return fail(g, "noding the ward edges failed: %s", g->msg);
	{
		const GEOSGeometry *in[1] = { noded };

		faces = GEOSPolygonize_r(g->h, in, 1);
	}
	GEOSGeom_destroy_r(g->h, noded);
	if (!faces)
		return fail(g, "polygonize failed: %s", g->msg);
	if (!(p = GEOSPrepare_r(g->h, g->outline)) || grid_build(g, &sg) != 0)
		goto done;
	wparts = calloc((size_t)g->nw, sizeof(*wparts));
	wn = calloc((size_t)g->nw, sizeof(int));
	wcap = calloc((size_t)g->nw, sizeof(int));
	if (!wparts || !wn || !wcap) {
		fail(g, "out of memory");
		goto done;
	}
	nf = GEOSGetNumGeometries_r(g->h, faces);
	for (k = 0; k < nf; k++) {
		const GEOSGeometry *f = GEOSGetGeometryN_r(g->h, faces, k);
		GEOSGeometry *ps = GEOSPointOnSurface_r(g->h, f);
		double px, py;
		int w;
		char c;

		if (!ps) {
			fail(g, "GEOS point on surface failed");
			goto done;
		}
		c = GEOSPreparedContains_r(g->h, p, ps);
		GEOSGeomGetX_r(g->h, ps, &px);
		GEOSGeomGetY_r(g->h, ps, &py);
		GEOSGeom_destroy_r(g->h, ps);
		if (c != 1)
			continue;
		w = grid_nearest(g, &sg, px, py);
		if (push_polys(g, f, &wparts[w], &wn[w], &wcap[w]) != 0)
			goto done;
	}
	for (k = 0; k < g->nw; k++) {
		struct unit *u = &g->ward[k];

		if (wn[k] == 0) {
			fail(g, "internal: ward seed %d has no face", k);
			goto done;
		}
		u->geom = wn[k] == 1 ? wparts[k][0]
				     : GEOSGeom_createCollection_r(
					       g->h, GEOS_MULTIPOLYGON,
					       wparts[k], (unsigned)wn[k]);
		free(wparts[k]);
		wparts[k] = NULL;
		if (!u->geom) {
			fail(g, "GEOS: %s", g->msg);
			goto done;
		}
		u->area_km2 = area_km2(g, u->geom);
		set_bounds(g, u);
	}
	rc = 0;
done:
	if (wparts)
		for (k = 0; k < g->nw; k++)
			free(wparts[k]);
	free(wparts);
	free(wn);
	free(wcap);
	free(sg.start);
	free(sg.idx);
	if (p)
		GEOSPreparedGeom_destroy_r(g->h, p);
	GEOSGeom_destroy_r(g->h, faces);
	return rc;
}

/*---- Grouping: k-means --------------------------------------------------*/

/*
 * Cluster the points idx[0..n) (ward seeds) into k groups; out[i] is the
 * group of idx[i].  k-means++ start, Lloyd iterations; an empty group
 * takes the point farthest from the centre of the largest one.
 */
static int kmeans(struct ng *g, const int *idx, int n, int k, int *out,
		  uint64_t stream_index)
{
	struct rng r = rng_stream(g->o->seed, ST_KMEANS, stream_index);
	double *cx = malloc(sizeof(double) * (size_t)k);
	double *cy = malloc(sizeof(double) * (size_t)k);
	double *d2 = malloc(sizeof(double) * (size_t)n);
	int *cnt = malloc(sizeof(int) * (size_t)k), i, c, it;

	if (!cx || !cy || !d2 || !cnt) {
		free(cx);
		free(cy);
		free(d2);
		free(cnt);
		return fail(g, "out of memory");
	}
#define DX(i, X, Y)                                                            \
	(((g->ward[idx[i]].x - (X)) * g->kx) *                                 \
		 ((g->ward[idx[i]].x - (X)) * g->kx) +                         \
	 (g->ward[idx[i]].y - (Y)) * (g->ward[idx[i]].y - (Y)))
	i = rng_int(&r, 0, n - 1);
	cx[0] = g->ward[idx[i]].x;
	cy[0] = g->ward[idx[i]].y;
	for (i = 0; i < n; i++)
		d2[i] = DX(i, cx[0], cy[0]);
	for (c = 1; c < k; c++) {
		double tot = 0, u;

		for (i = 0; i < n; i++)
			tot += d2[i];
		u = rng_u01(&r) * tot;
		for (i = 0; i < n - 1 && (u -= d2[i]) > 0; i++)
			;
		cx[c] = g->ward[idx[i]].x;
		cy[c] = g->ward[idx[i]].y;
		for (i = 0; i < n; i++) {
			double d = DX(i, cx[c], cy[c]);

			d2[i] = d < d2[i] ? d : d2[i];
		}
	}
	for (it = 0; it < 25; it++) {
		int changed = 0;

		for (i = 0; i < n; i++) {
			double bd = 1e300;
			int best = 0;

			for (c = 0; c < k; c++) {
				double d = DX(i, cx[c], cy[c]);

				if (d < bd) {
					bd = d;
					best = c;
				}
			}
			if (it == 0 || out[i] != best)
				changed = 1;
			out[i] = best;
		}
		for (;;) { /* no empty group */
			int empty = -1, big = 0, far = -1;
			double fd = -1;

			memset(cnt, 0, sizeof(int) * (size_t)k);
			for (i = 0; i < n; i++)
				cnt[out[i]]++;
			for (c = 0; c < k; c++) {
				if (cnt[c] == 0 && empty < 0)
					empty = c;
				if (cnt[c] > cnt[big])
					big = c;
			}
			if (empty < 0)
				break;
			for (i = 0; i < n; i++)
				if (out[i] == big &&
				    DX(i, cx[big], cy[big]) > fd) {
					fd = DX(i, cx[big], cy[big]);
					far = i;
				}
			out[far] = empty;
			cx[empty] = g->ward[idx[far]].x;
			cy[empty] = g->ward[idx[far]].y;
			changed = 1;
		}
		if (!changed)
			break;
		for (c = 0; c < k; c++)
			cx[c] = cy[c] = 0;
		for (i = 0; i < n; i++) {
			cx[out[i]] += g->ward[idx[i]].x;
			cy[out[i]] += g->ward[idx[i]].y;
		}
		for (c = 0; c < k; c++) {
			cx[c] /= cnt[c];
			cy[c] /= cnt[c];
		}
	}
#undef DX
	free(cx);
	free(cy);
	free(d2);
	free(cnt);
	return 0;
}

/* Split total into parts proportional to w[] (largest remainder). */
static void apportion(long total, const double *w, int n, long minv, long *out)
{
	double sum = 0, *frac = malloc(sizeof(double) * (size_t)n);
	long done = 0;
	int i;

	for (i = 0; i < n; i++)
		sum += w[i];
	if (total < minv * n)
		minv = 0;
	for (i = 0; i < n; i++) {
		double e = minv +
			   (sum > 0 ? (double)(total - minv * n) * w[i] / sum
				    : 0);

		out[i] = (long)floor(e);
		if (frac)
			frac[i] = e - out[i];
		done += out[i];
	}
	while (done < total && frac) {
		int best = 0;

		for (i = 1; i < n; i++)
			if (frac[i] > frac[best])
				best = i;
		out[best]++;
		frac[best] = -1;
		done++;
	}
	free(frac);
}

static int cmp_north(const void *a, const void *b, const struct unit *u)
{
	const struct unit *p = &u[*(const int *)a], *q = &u[*(const int *)b];

	if (p->y != q->y)
		return p->y > q->y ? -1 : 1;
	if (p->x != q->x)
		return p->x < q->x ? -1 : 1;
	return *(const int *)a - *(const int *)b;
}

static const struct unit *sort_units;
static int cmp_north_q(const void *a, const void *b)
{
	return cmp_north(a, b, sort_units);
}

/* A two-syllable name not used by the siblings in names[0..n). */
static void pick_name(struct rng *r, char (*names)[48], int n, char *out)
{
	int tries, k;

	for (tries = 0;; tries++) {
		int a = rng_int(r, 0, (int)NELEMS(syl) - 1);
		int b = rng_int(r, 0, (int)NELEMS(syl) - 1), dup = 0;

		if (a == b)
			continue;
		snprintf(out, 48, "%s %s", syl[a], syl[b]);
		if (tries > 200)
			snprintf(out, 48, "%s %s %d", syl[a], syl[b], tries);
		for (k = 0; k < n && !dup; k++)
			dup = !strcmp(names[k], out);
		if (!dup)
			return;
	}
}

static int make_hierarchy(struct ng *g)
{
	int *all = malloc(sizeof(int) * (size_t)g->nw);
	int *grp = malloc(sizeof(int) * (size_t)g->nw);
	int *sub = malloc(sizeof(int) * (size_t)g->nw);
	int *pw = calloc((size_t)g->np, sizeof(int));
	double *w = calloc((size_t)g->np, sizeof(double));
	long *dp = malloc(sizeof(long) * (size_t)g->np);
	int k, p, d, nd = 0, rc = -1;

	if (!all || !grp || !sub || !pw || !w || !dp) {
		fail(g, "out of memory");
		goto done;
	}
	for (k = 0; k < g->nw; k++)
		all[k] = k;
	if (kmeans(g, all, g->nw, g->np, grp, 0) != 0)
		goto done;
	for (k = 0; k < g->nw; k++)
		pw[grp[k]]++;
	for (p = 0; p < g->np; p++)
		w[p] = pw[p];
	apportion(g->nd, w, g->np, 1, dp);
	/* no province gets more districts than wards: move the excess */
	for (p = 0; p < g->np; p++) {
		while (dp[p] > pw[p]) {
			int q, best = -1;

			for (q = 0; q < g->np; q++)
				if (dp[q] < pw[q] &&
				    (best < 0 ||
				     pw[q] - dp[q] > pw[best] - dp[best]))
					best = q;
			dp[p]--;
			dp[best]++;
		}
	}
	for (p = 0; p < g->np; p++) {
		int n = 0;

		for (k = 0; k < g->nw; k++)
			if (grp[k] == p)
				all[n++] = k;
		if (kmeans(g, all, n, (int)dp[p], sub, 1 + (uint64_t)p) != 0)
			goto done;
		for (d = 0; d < dp[p]; d++) {
			g->dist[nd + d].level = U_DIST;
			g->dist[nd + d].parent = p;
		}
		for (k = 0; k < n; k++)
			g->ward[all[k]].parent = nd + sub[k];
		nd += (int)dp[p];
		g->prov[p].level = U_PROV;
	}
	rc = 0;
done:
	free(all);
	free(grp);
	free(sub);
	free(pw);
	free(w);
	free(dp);
	return rc;
}

/*
 * Renumber the units north to south (as the real codes run) and build
 * each parent's geometry as the coverage union of its children.
 */
static int finish_units(struct ng *g)
{
	int *op = malloc(sizeof(int) * (size_t)g->np);
	int *od = malloc(sizeof(int) * (size_t)g->nd);
	int *ow = malloc(sizeof(int) * (size_t)g->nw);
	int *newd = malloc(sizeof(int) * (size_t)g->nd);
	int *newp = malloc(sizeof(int) * (size_t)g->np);
	struct unit *np2 = calloc((size_t)g->np, sizeof(struct unit));
	struct unit *nd2 = calloc((size_t)g->nd, sizeof(struct unit));
	struct unit *nw2 = calloc((size_t)g->nw, sizeof(struct unit));
	struct unit **kids = malloc(sizeof(*kids) * (size_t)g->nw);
	int k, i, n, rc = -1;

	if (!op || !od || !ow || !newd || !newp || !np2 || !nd2 || !nw2 ||
	    !kids) {
		fail(g, "out of memory");
		goto done;
	}
	/* centres: mean of the ward seeds */
	for (k = 0; k < g->nd; k++)
		g->dist[k].x = g->dist[k].y = 0, g->dist[k].nchild = 0;
	for (k = 0; k < g->nw; k++) {
		struct unit *d = &g->dist[g->ward[k].parent];

		d->x += g->ward[k].x;
		d->y += g->ward[k].y;
		d->nchild++;
	}
	for (k = 0; k < g->np; k++)
		g->prov[k].x = g->prov[k].y = 0, g->prov[k].nchild = 0;
	for (k = 0; k < g->nd; k++) {
		struct unit *p = &g->prov[g->dist[k].parent];

		g->dist[k].x /= g->dist[k].nchild;
		g->dist[k].y /= g->dist[k].nchild;
		p->x += g->dist[k].x;
		p->y += g->dist[k].y;
		p->nchild++;
	}
	for (k = 0; k < g->np; k++) {
		g->prov[k].x /= g->prov[k].nchild;
		g->prov[k].y /= g->prov[k].nchild;
		op[k] = k;
	}
	sort_units = g->prov;
	qsort(op, (size_t)g->np, sizeof(int), cmp_north_q);
	/* districts ordered by province, then north to south */
	for (k = 0; k < g->nd; k++)
		od[k] = k;
	sort_units = g->dist;
	qsort(od, (size_t)g->nd, sizeof(int), cmp_north_q);
	for (k = 0; k < g->np; k++)
		newp[op[k]] = k;
	n = 0;
	for (i = 0; i < g->np; i++)
		for (k = 0; k < g->nd; k++)
			if (g->dist[od[k]].parent == op[i]) {
				newd[od[k]] = n;
				nd2[n] = g->dist[od[k]];
				nd2[n].parent = i;
				n++;
			}
	for (k = 0; k < g->np; k++)
		np2[newp[k]] = g->prov[k];
	for (k = 0; k < g->nw; k++)
		ow[k] = k;
	sort_units = g->ward;
	qsort(ow, (size_t)g->nw, sizeof(int), cmp_north_q);
	n = 0;
	for (i = 0; i < g->nd; i++) {
		nd2[i].first_child = n;
		nd2[i].nchild = 0;
		for (k = 0; k < g->nw; k++) {
			/* linear per district: fine for 10^4 x 10^3 */
			if (newd[g->ward[ow[k]].parent] != i)
				continue;
			nw2[n] = g->ward[ow[k]];
			nw2[n].parent = i;
			n++;
			nd2[i].nchild++;
		}
	}
	free(g->prov);
	free(g->dist);
	free(g->ward);
	g->prov = np2;
	g->dist = nd2;
	g->ward = nw2;
	np2 = nd2 = nw2 = NULL;
	n = 0;
	for (i = 0; i < g->np; i++) {
		g->prov[i].first_child = n;
		g->prov[i].nchild = 0;
		while (n < g->nd && g->dist[n].parent == i) {
			n++;
			g->prov[i].nchild++;
		}
	}
	/* geometries */
	for (i = 0; i < g->nd; i++) {
		struct unit *d = &g->dist[i];

		for (k = 0; k < d->nchild; k++)
			kids[k] = &g->ward[d->first_child + k];
		if (!(d->geom = union_units(g, kids, d->nchild, 1)))
			goto done;
		d->area_km2 = area_km2(g, d->geom);
		set_bounds(g, d);
	}
	for (i = 0; i < g->np; i++) {
		struct unit *p = &g->prov[i];

		for (k = 0; k < p->nchild; k++)
			kids[k] = &g->dist[p->first_child + k];
		if (!(p->geom = union_units(g, kids, p->nchild, 1)))
			goto done;
		p->area_km2 = area_km2(g, p->geom);
		set_bounds(g, p);
	}
	rc = 0;
done:
	free(op);
	free(od);
	free(ow);
	free(newd);
	free(newp);
	free(np2);
	free(nd2);
	free(nw2);
	free(kids);
	return rc;
}

/*---- Population, kinds, codes and names ---------------------------------*/

static void make_population(struct ng *g)
{
	double total = g->o->city ? 8050000.0 * g->nw / 580.0
				  : FULL_POP * g->nw / FULL_WARDS;
	double *w = calloc((size_t)g->nw, sizeof(double));
	long *pop = malloc(sizeof(long) * (size_t)g->nw);
	int k, b;

	if (!w || !pop) {
		free(w);
		free(pop);
		return;
	}
	for (k = 0; k < g->nw; k++) {
		struct unit *u = &g->ward[k];
		struct rng r = rng_stream(g->o->seed, ST_POP, (uint64_t)k);
		double d = density(g, u->x, u->y);

		u->dens = d;
		w[k] = u->area_km2 * d * d * rng_lognorm(&r, 0.35);
	}
	apportion((long)total, w, g->nw, 1500, pop);
	for (k = 0; k < g->nw; k++) {
		struct unit *u = &g->ward[k];
		struct rng r = rng_stream(g->o->seed, ST_POP,
					  (uint64_t)k + (UINT64_C(1) << 32));

		u->pop = pop[k];
		for (b = 0; b < NBANDS; b++)
			u->band[b] = (int)lround(u->pop * band_share[b] *
						 rng_lognorm(&r, 0.08));
		g->dist[u->parent].pop += u->pop;
		for (b = 0; b < NBANDS; b++)
			g->dist[u->parent].band[b] += u->band[b];
	}
	for (k = 0; k < g->nd; k++) {
		g->prov[g->dist[k].parent].pop += g->dist[k].pop;
		for (b = 0; b < NBANDS; b++)
			g->prov[g->dist[k].parent].band[b] +=
				g->dist[k].band[b];
	}
	free(w);
	free(pop);
}

static int cmp_dens_desc(const void *a, const void *b)
{
	const struct unit *p = &sort_units[*(const int *)a];
	const struct unit *q = &sort_units[*(const int *)b];
	double dp = p->pop / p->area_km2, dq = q->pop / q->area_km2;

	if (dp != dq)
		return dp > dq ? -1 : 1;
	return *(const int *)a - *(const int *)b;
}

static int name_units(struct ng *g)
{
	char(*names)[48] = malloc(sizeof(*names) *
				  (size_t)(g->nw + g->np + g->nd));
	int *ord = malloc(sizeof(int) *
			  (size_t)(g->np > g->nd ? g->np : g->nd));
	char nm[48];
	int i, k, ncity;

	if (!names || !ord) {
		free(names);
		free(ord);
		return fail(g, "out of memory");
	}
	/* provinces: the densest are centrally governed cities */
	for (i = 0; i < g->np; i++)
		ord[i] = i;
	sort_units = g->prov;
	qsort(ord, (size_t)g->np, sizeof(int), cmp_dens_desc);
	ncity = g->o->city ? g->np : (g->np * 5 + 62) / 63;
	for (i = 0; i < g->np; i++) {
		struct unit *p = &g->prov[i];
		struct rng r = rng_stream(g->o->seed, ST_NAMES, (uint64_t)i);

		p->kind = 0;
		for (k = 0; k < ncity; k++)
			if (ord[k] == i)
				p->kind = 1;
		pick_name(&r, names, i, nm);
		memcpy(names[i], nm, sizeof(nm));
		snprintf(p->name, sizeof(p->name), "%s %s",
			 p->kind ? "Thành phố" : "Tỉnh", nm);
		if (g->o->city)
			snprintf(p->code, sizeof(p->code), "01");
		else
			snprintf(p->code, sizeof(p->code), "%02d",
				 g->np == 1 ? 1
					    : 1 + (int)((long)i * 95 /
							(g->np - 1)));
	}
	/* districts: urban ones in cities are Quận, one Thành phố a Tỉnh */
	for (i = 0; i < g->np; i++) {
		struct unit *p = &g->prov[i];
		int n = p->nchild;

		for (k = 0; k < n; k++)
			ord[k] = p->first_child + k;
		sort_units = g->dist;
		qsort(ord, (size_t)n, sizeof(int), cmp_dens_desc);
		for (k = 0; k < n; k++) {
			struct unit *d = &g->dist[ord[k]];
			double dens = d->pop / d->area_km2;

			if (p->kind == 1)
				d->kind = dens > 3000 || k < n / 3 ? 1
					  : k == n / 3		   ? 2
								   : 0;
			else
				d->kind = k == 0 ? 3
					  : dens > 1500 || (k == 1 && n > 8)
						  ? 2
						  : 0;
		}
		for (k = 0; k < n; k++) {
			struct unit *d = &g->dist[p->first_child + k];
			struct rng r = rng_stream(
				g->o->seed, ST_NAMES,
				UINT64_C(1000) +
					(uint64_t)(p->first_child + k));

			if (d->kind == 3) { /* named after the province */
				snprintf(nm, sizeof(nm), "%s", names[i]);
			} else {
				pick_name(&r, names + g->np, k, nm);
			}
			memcpy(names[g->np + k], nm, sizeof(nm));
			snprintf(d->name, sizeof(d->name), "%s %s",
				 dist_prefix[d->kind], nm);
		}
	}
	for (i = 0; i < g->nd; i++)
		snprintf(g->dist[i].code, sizeof(g->dist[i].code), "%03d",
			 i + 1);
	/* wards: Phường in urban districts, one Thị trấn per Huyện */
	for (i = 0; i < g->nd; i++) {
		struct unit *d = &g->dist[i];
		int n = d->nchild, best = d->first_child;

		for (k = 0; k < n; k++) {
			struct unit *w = &g->ward[d->first_child + k];

			if (w->pop / w->area_km2 >
			    g->ward[best].pop / g->ward[best].area_km2)
				best = d->first_child + k;
		}
		for (k = 0; k < n; k++) {
			int wi = d->first_child + k;
			struct unit *w = &g->ward[wi];
			struct rng r = rng_stream(g->o->seed, ST_NAMES,
						  UINT64_C(100000) +
							  (uint64_t)wi);
			double dens = w->pop / w->area_km2;

			if (d->kind == 1)
				w->kind = 1;
			else if (d->kind == 0)
				w->kind = wi == best ? 2 : 0;
			else
				w->kind = dens > 800 || wi == best ? 1 : 0;
			pick_name(&r, names + g->np + g->nd, k, nm);
			memcpy(names[g->np + g->nd + k], nm, sizeof(nm));
			snprintf(w->name, sizeof(w->name), "%s %s",
				 ward_kind[w->kind], nm);
			snprintf(w->code, sizeof(w->code), "%05d",
				 g->nw * 3 <= 99999 ? 1 + 3 * wi : 1 + wi);
		}
	}
	free(names);
	free(ord);
	return 0;
}

/* The name of a unit without its kind ("Xã Tân Phú" -> "Tân Phú"). */
static const char *short_name(const struct unit *u)
{
	static const char *const pre[] = { "Thành phố ", "Tỉnh ",   "Huyện ",
					   "Quận ",	 "Thị xã ", "Thị trấn ",
					   "Phường ",	 "Xã " };
	size_t k;

	for (k = 0; k < NELEMS(pre); k++)
		if (!strncmp(u->name, pre[k], strlen(pre[k])))
			return u->name + strlen(pre[k]);
	return u->name;
}

/*---- Schools ------------------------------------------------------------*/

static int make_schools(struct ng *g)
{
	long total = g->o->nschools, lvn[NLV], *per, n = 0;
	double *w, full = 0;
	int lv, k, j;

	for (lv = 0; lv < NLV; lv++)
		full += lvs[lv].full;
	{
		double wt[NLV];

		for (lv = 0; lv < NLV; lv++)
			wt[lv] = lvs[lv].full;
		apportion(total, wt, NLV, 0, lvn);
	}
	w = malloc(sizeof(double) * (size_t)g->nw);
	per = malloc(sizeof(long) * (size_t)g->nw);
	g->sch = malloc(sizeof(*g->sch) * (size_t)(total + 1));
	if (!w || !per || !g->sch) {
		free(w);
		free(per);
		return fail(g, "out of memory for %ld schools", total);
	}
	for (lv = 0; lv < NLV; lv++) {
		for (k = 0; k < g->nw; k++) {
			struct unit *u = &g->ward[k];

			w[k] = u->band[lvs[lv].band];
			if (lv == 4) /* multi-level schools: rural */
				w[k] = u->kind == 0 ? w[k] : w[k] * 0.1;
		}
		apportion(lvn[lv], w, g->nw, lv <= 1 ? 1 : 0, per);
		for (k = 0; k < g->nw; k++) {
			g->ward[k].nsch[lv] = (int)per[k];
			for (j = 0; j < per[k]; j++) {
				g->sch[n].ward = k;
				g->sch[n].level = lv;
				n++;
			}
		}
	}
	g->nsch = n;
	/* sequence numbers per (code prefix, district), in file order */
	{
		int *seq = calloc((size_t)g->nd * 5, sizeof(int));
		static const int pfx[NLV] = { 0, 1, 2, 3, 4, 4 };

		if (!seq) {
			free(w);
			free(per);
			return fail(g, "out of memory");
		}
		for (n = 0; n < g->nsch; n++) {
			struct school *s = &g->sch[n];

			s->seq = ++seq[g->ward[s->ward].parent * 5 +
				       pfx[s->level]];
		}
		free(seq);
	}
	free(w);
	free(per);
	return 0;
}

static int random_point(struct ng *g, struct rng *r, struct unit *u, double *x,
			double *y)
{
	long tries;

	if (!u->prep && !(u->prep = GEOSPrepare_r(g->h, u->geom)))
		return fail(g, "GEOS prepare failed");
	for (tries = 0; tries < 100000; tries++) {
		double px = round(rng_range(r, u->minx, u->maxx) * PSCALE) /
			    PSCALE;
		double py = round(rng_range(r, u->miny, u->maxy) * PSCALE) /
			    PSCALE;
		int in = inside(g, u->prep, px, py);

		if (in < 0)
			return fail(g, "GEOS contains failed");
		if (in) {
			*x = px;
			*y = py;
			return 0;
		}
	}
	return fail(g, "internal: cannot place a point in %s", u->code);
}

/*---- Output -------------------------------------------------------------*/

struct out {
	char path[4096], tmp[4096];
	FILE *f;
};

static int out_open(struct ng *g, struct out *o, const char *name)
{
	if ((size_t)snprintf(o->path, sizeof(o->path), "%s/%s", g->o->outdir,
			     name) >= sizeof(o->path) ||
	    (size_t)snprintf(o->tmp, sizeof(o->tmp), "%s/.tmp.%s", g->o->outdir,
			     name) >= sizeof(o->tmp))
		return fail(g, "output path too long");
	if (!(o->f = fopen(o->tmp, "wb")))
		return fail(g, "cannot create %s: %s", o->tmp, strerror(errno));
	setvbuf(o->f, NULL, _IOFBF, 1 << 16);
	return 0;
}

/* Close and rename into place; on any error remove the temporary. */
static int out_close(struct ng *g, struct out *o, int rc)
{
	int bad = ferror(o->f);

	if (fclose(o->f) != 0 || bad) {
		if (rc == 0)
			rc = fail(g, "cannot write %s: %s", o->tmp,
				  strerror(errno));
	}
	if (rc == 0 && rename(o->tmp, o->path) != 0)
		rc = fail(g, "cannot rename %s to %s: %s", o->tmp, o->path,
			  strerror(errno));
	if (rc != 0)
		remove(o->tmp);
	return rc;
}

static void json_ring(struct ng *g, FILE *f, const GEOSGeometry *ring)
{
	const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(g->h, ring);
	unsigned n = 0, k;

	GEOSCoordSeq_getSize_r(g->h, cs, &n);
	putc('[', f);
	for (k = 0; k < n; k++) {
		double x, y;

		GEOSCoordSeq_getXY_r(g->h, cs, k, &x, &y);
		fprintf(f, "%s[%.7f,%.7f]", k ? "," : "", x, y);
	}
	putc(']', f);
}

static void json_polygon(struct ng *g, FILE *f, const GEOSGeometry *p)
{
	int k, n = GEOSGetNumInteriorRings_r(g->h, p);

	putc('[', f);
	json_ring(g, f, GEOSGetExteriorRing_r(g->h, p));
	for (k = 0; k < n; k++) {
		putc(',', f);
		json_ring(g, f, GEOSGetInteriorRingN_r(g->h, p, k));
	}
	putc(']', f);
}

static void json_geom(struct ng *g, FILE *f, const GEOSGeometry *geom)
{
	int k, n;

	if (GEOSGeomTypeId_r(g->h, geom) == GEOS_POLYGON) {
		fputs("{\"type\":\"Polygon\",\"coordinates\":", f);
		json_polygon(g, f, geom);
		fputs("}", f);
		return;
	}
	fputs("{\"type\":\"MultiPolygon\",\"coordinates\":[", f);
	n = GEOSGetNumGeometries_r(g->h, geom);
	for (k = 0; k < n; k++) {
		if (k)
			putc(',', f);
		json_polygon(g, f, GEOSGetGeometryN_r(g->h, geom, k));
	}
	fputs("]}", f);
}

/* A unit layer: Mã, Tên, Cấp, Mã cấp trên (if any), Dân số 2019. */
static int write_units(struct ng *g, const char *file, const char *layer,
		       struct unit *u, int n, const char *const *kinds,
		       const struct unit *par)
{
	struct out o;
	int k;

	if (out_open(g, &o, file) != 0)
		return -1;
	fprintf(o.f,
		"{\n\"type\": \"FeatureCollection\",\n\"name\": \"%s\","
		"\n\"features\": [\n",
		layer);
	for (k = 0; k < n; k++) {
		fprintf(o.f,
			"{\"type\":\"Feature\",\"properties\":{"
			"\"Mã\":\"%s\",\"Tên\":\"%s\",\"Cấp\":\"%s\",",
			u[k].code, u[k].name, kinds[u[k].kind]);
		if (par)
			fprintf(o.f, "\"Mã cấp trên\":\"%s\",",
				par[u[k].parent].code);
		fprintf(o.f, "\"Dân số 2019\":%ld},\"geometry\":", u[k].pop);
		json_geom(g, o.f, u[k].geom);
		fprintf(o.f, "}%s\n", k + 1 < n ? "," : "");
	}
	fputs("]\n}\n", o.f);
	return out_close(g, &o, 0);
}

static int write_population(struct ng *g)
{
	struct out o;
	int k, b;

	if (out_open(g, &o, "population.csv") != 0)
		return -1;
	fputs("Mã xã,Năm,Từ tuổi,Đến tuổi,Số người\n", o.f);
	for (k = 0; k < g->nw; k++) {
		for (b = 0; b < NBANDS; b++)
			fprintf(o.f, "%s,2019,%d,%d,%d\n", g->ward[k].code,
				band_from[b], band_to[b], g->ward[k].band[b]);
		fprintf(o.f, "%s,2019,0,120,%ld\n", g->ward[k].code,
			g->ward[k].pop);
	}
	return out_close(g, &o, 0);
}

static int write_schools(struct ng *g)
{
	struct out o;
	long n;
	int rc = 0;

	if (out_open(g, &o, "schools.csv") != 0)
		return -1;
	fputs("Mã trường,Tên trường,Cấp học,Loại hình,Mã xã,Địa chỉ,"
	      "Kinh độ,Vĩ độ,Năm học,Số học sinh,Số lớp,"
	      "Chỉ tiêu tuyển sinh đầu cấp,Số máy tính phục vụ dạy học,"
	      "Số máy tính phục vụ quản lý,Số máy in,Số webcam,Cáp quang,"
	      "Băng thông (Mbps),Mạng LAN,Wifi,Website,Sổ điểm điện tử,"
	      "Sổ liên lạc điện tử,Số giáo viên,Số giáo viên đạt chuẩn CNTT\n",
	      o.f);
	for (n = 0; n < g->nsch && rc == 0; n++) {
		const struct school *s = &g->sch[n];
		const struct lv *l = &lvs[s->level];
		struct unit *w = &g->ward[s->ward];
		struct rng r = rng_stream(g->o->seed, ST_SCHOOL, (uint64_t)n);
		char code[32], name[160], addr[160], cell[64];
		double x, y, students, opt[8];
		int classes, teachers, pcs, fibre, same = w->nsch[s->level];
		int c, priv = rng_chance(&r, s->level == 0 ? 0.12 : 0.02);

		if ((rc = random_point(g, &r, w, &x, &y)) != 0)
			break;
		snprintf(code, sizeof(code), "%s%s%03d", l->prefix,
			 g->dist[w->parent].code, s->seq);
		if (rng_chance(&r, same > 1 ? 0.6 : 0.25))
			snprintf(name, sizeof(name), "Trường %s %s", l->name,
				 s->level == 0
					 ? flower[rng_int(&r, 0,
							  (int)NELEMS(flower) -
								  1)]
					 : person[rng_int(&r, 0,
							  (int)NELEMS(person) -
								  1)]);
		else
			snprintf(name, sizeof(name), "Trường %s %s%s", l->name,
				 short_name(w),
				 same > 1 && rng_chance(&r, 0.5) ? " 2" : "");
		snprintf(addr, sizeof(addr), "%s %d, %s",
			 w->kind == 1	? "Tổ dân phố"
			 : w->kind == 2 ? "Khu phố"
					: "Thôn",
			 rng_int(&r, 1, 12), w->name);
		/* students: the ward's children of the age, shared out */
		students = l->enrol * w->band[l->band] / (same > 0 ? same : 1) *
			   rng_lognorm(&r, 0.2);
		if (s->level >= 4)
			students = l->enrol * 5 * w->band[l->band] *
				   rng_lognorm(&r, 0.2);
		if (priv)
			students *= 0.5;
		students = students < 40 ? 40 + rng_int(&r, 0, 60) : students;
		classes = (int)lround(students / l->per_class);
		classes = classes < 1 ? 1 : classes;
		teachers = (int)lround(classes * l->tpc *
				       rng_range(&r, 0.9, 1.1));
		pcs = (int)lround(l->pcs *
				  (0.5 + 0.5 * students / (l->per_class * 20)) *
				  rng_lognorm(&r, 0.4));
		fibre = rng_chance(&r, 0.93);
		opt[0] = (int)lround(students / l->grades * 1.05 *
				     rng_range(&r, 0.97, 1.04) / 5) *
			 5;
		opt[1] = 1 + rng_int(&r, 0, 8);
		opt[2] = rng_int(&r, 0, 4);
		opt[3] = rng_int(&r, 0, 3);
		opt[4] = fibre ? 40 + 20 * rng_int(&r, 0, 8)
			       : 8 + 4 * rng_int(&r, 0, 2);
		opt[5] = rng_chance(&r, 0.85);
		opt[6] = rng_chance(&r, 0.93);
		opt[7] = (int)lround(teachers * rng_range(&r, 0.4, 1.0));
		for (c = 0; c < 8; c++)
			if (c != 0 && rng_chance(&r, 0.015))
				opt[c] = -1;
		if (opt[0] < 5)
			opt[0] = 5;
#define OPT(c)                                                                 \
	(opt[c] < 0 ? "" : (snprintf(cell, sizeof(cell), "%.0f", opt[c]), cell))
#define YN(v) ((v) ? "Có" : "Không")
		gen_csv_field(o.f, code, 1);
		gen_csv_field(o.f, name, 0);
		gen_csv_field(o.f, l->label, 0);
		gen_csv_field(o.f, priv ? "Tư thục" : "Công lập", 0);
		gen_csv_field(o.f, w->code, 0);
		gen_csv_field(o.f, addr, 0);
		fprintf(o.f, ",%.6f,%.6f,%d-%d,%.0f,%d,", x, y, g->o->year,
			g->o->year + 1, round(students), classes);
		fprintf(o.f, "%s,%d,", OPT(0), pcs);
		fprintf(o.f, "%s,", OPT(1));
		fprintf(o.f, "%s,", OPT(2));
		fprintf(o.f, "%s,%s,", OPT(3), YN(fibre));
		fprintf(o.f, "%s,", OPT(4));
		fprintf(o.f, "%s,", opt[5] < 0 ? "" : YN(opt[5]));
		fprintf(o.f, "%s,", opt[6] < 0 ? "" : YN(opt[6]));
		fprintf(o.f, "%s,%s,%s,%d,", YN(rng_chance(&r, 0.9)),
			YN(s->level > 0 && rng_chance(&r, 0.85)),
			YN(rng_chance(&r, 0.7)), teachers);
		fprintf(o.f, "%s\n", OPT(7));
#undef OPT
#undef YN
	}
	return out_close(g, &o, rc);
}

static int write_applicants(struct ng *g)
{
	double *w = malloc(sizeof(double) * (size_t)g->nw);
	long *per = malloc(sizeof(long) * (size_t)g->nw), id = 0;
	struct out o;
	int k, rc = 0;

	if (!w || !per) {
		free(w);
		free(per);
		return fail(g, "out of memory");
	}
	for (k = 0; k < g->nw; k++)
		w[k] = g->ward[k].band[2];
	apportion(g->o->nappl, w, g->nw, 0, per);
	if (out_open(g, &o, "applicants_g1.csv") != 0) {
		free(w);
		free(per);
		return -1;
	}
	fputs("Mã hồ sơ,Họ và tên,Ngày sinh,Lớp,Năm học,Mã xã,Kinh độ,Vĩ độ,"
	      "Đối tượng ưu tiên\n",
	      o.f);
	for (k = 0; k < g->nw && rc == 0; k++) {
		struct unit *u = &g->ward[k];
		long j;

		for (j = 0; j < per[k] && rc == 0; j++, id++) {
			struct rng r = rng_stream(g->o->seed, ST_APPL,
						  (uint64_t)id);
			const struct unit *decl = u;
			double x, y, v;
			int prio;

			if ((rc = random_point(g, &r, u, &x, &y)) != 0)
				break;
			if (rng_chance(&r, 0.015)) {
				const struct unit *d = &g->dist[u->parent];

				decl = &g->ward[d->first_child +
						rng_int(&r, 0, d->nchild - 1)];
			}
			v = rng_u01(&r);
			prio = v < 0.005 ? 1 : v < 0.02 ? 2 : v < 0.05 ? 3 : 0;
			fprintf(o.f,
				"TS1-%07ld,%s %s %s,%02d/%02d/%04d,1,"
				"%d-%d,%s,%.6f,%.6f,",
				id + 1,
				family[rng_int(&r, 0, (int)NELEMS(family) - 1)],
				middle[rng_int(&r, 0, (int)NELEMS(middle) - 1)],
				given[rng_int(&r, 0, (int)NELEMS(given) - 1)],
				rng_int(&r, 1, 28), rng_int(&r, 1, 12),
				g->o->year - 6, g->o->year, g->o->year + 1,
				decl->code, x, y);
			if (prio)
				fprintf(o.f, "%d", prio);
			putc('\n', o.f);
		}
	}
	free(w);
	free(per);
	return out_close(g, &o, rc);
}

/*---- The 2025 set: merged provinces and communes ------------------------*/

struct adj {
	int *start, *to; /* CSR: neighbours of ward k */
};

struct qctx {
	int *hits, n, cap;
};

static void tree_hit(void *item, void *ud)
{
	struct qctx *q = ud;

	if (q->n == q->cap) {
		int *h = realloc(q->hits,
				 sizeof(int) *
					 (size_t)(q->cap ? q->cap * 2 : 64));

		if (!h)
			return;
		q->hits = h;
		q->cap = q->cap ? q->cap * 2 : 64;
	}
	q->hits[q->n++] = (int)((intptr_t)item - 1);
}

/* Wards that share a boundary (STRtree candidates, prepared test). */
static int ward_adjacency(struct ng *g, struct adj *a)
{
	GEOSSTRtree *t = GEOSSTRtree_create_r(g->h, 10);
	struct qctx q = { NULL, 0, 0 };
	int *deg, *fill, k, j, rc = -1;
	long tot = 0;
	int pass;

	a->start = calloc((size_t)g->nw + 1, sizeof(int));
	a->to = NULL;
	deg = calloc((size_t)g->nw, sizeof(int));
	fill = calloc((size_t)g->nw, sizeof(int));
	if (!t || !a->start || !deg || !fill) {
		fail(g, "out of memory");
		goto done;
	}
	for (k = 0; k < g->nw; k++)
		GEOSSTRtree_insert_r(g->h, t, g->ward[k].geom,
				     (void *)(intptr_t)(k + 1));
	for (pass = 0; pass < 2; pass++) {
		for (k = 0; k < g->nw; k++) {
			struct unit *u = &g->ward[k];

			if (!u->prep &&
			    !(u->prep = GEOSPrepare_r(g->h, u->geom))) {
				fail(g, "GEOS prepare failed");
				goto done;
			}
			q.n = 0;
			GEOSSTRtree_query_r(g->h, t, u->geom, tree_hit, &q);
			for (j = 0; j < q.n; j++) {
				int o = q.hits[j];

				if (o == k ||
				    GEOSPreparedIntersects_r(g->h, u->prep,
							     g->ward[o].geom) !=
					    1)
					continue;
				if (pass == 0)
					deg[k]++;
				else
					a->to[a->start[k] + fill[k]++] = o;
			}
		}
		if (pass == 0) {
			for (k = 0; k < g->nw; k++) {
				a->start[k] = (int)tot;
				tot += deg[k];
			}
			a->start[g->nw] = (int)tot;
			if (!(a->to = malloc(sizeof(int) *
					     (size_t)(tot + 1)))) {
				fail(g, "out of memory");
				goto done;
			}
		}
	}
	rc = 0;
done:
	if (t)
		GEOSSTRtree_destroy_r(g->h, t);
	free(q.hits);
	free(deg);
	free(fill);
	return rc;
}

static int uf_find(int *up, int x)
{
	while (up[x] != x) {
		up[x] = up[up[x]];
		x = up[x];
	}
	return x;
}

/*
 * Agglomerate n items into target groups: repeatedly the least populous
 * group (not frozen, with an eligible neighbour) joins its least
 * populous neighbour.  nb(i) lists come from the ward adjacency mapped
 * through item_of[] (ward -> item); allowed(a, b) restricts merges.
 */
static void agglomerate(struct ng *g, int n, double *pop, int *up,
			const int *item_of, const struct adj *a,
			const int *frozen, const int *scope, int target)
{
	int groups = n, *stuck = calloc((size_t)n, sizeof(int)), k, w, e;

	for (k = 0; k < n; k++)
		up[k] = k;
	while (groups > target && stuck) {
		int best = -1, nb = -1;
		double nbpop = 1e300;

		for (k = 0; k < n; k++)
			if (up[k] == k && !stuck[k] && !frozen[k] &&
			    (best < 0 || pop[k] < pop[best]))
				best = k;
		if (best < 0)
			break;
		for (w = 0; w < g->nw; w++) {
			if (uf_find(up, item_of[w]) != best)
				continue;
			for (e = a->start[w]; e < a->start[w + 1]; e++) {
				int o = uf_find(up, item_of[a->to[e]]);

				if (o == best || frozen[o] ||
				    (scope && scope[o] != scope[best]))
					continue;
				if (pop[o] < nbpop ||
				    (pop[o] == nbpop && o < nb)) {
					nbpop = pop[o];
					nb = o;
				}
			}
		}
		if (nb < 0) {
			stuck[best] = 1;
			continue;
		}
		/* the lower index stays the root: deterministic order */
		if (nb < best) {
			up[best] = nb;
			pop[nb] += pop[best];
		} else {
			up[nb] = best;
			pop[best] += pop[nb];
		}
		groups--;
	}
	for (k = 0; k < n; k++)
		up[k] = uf_find(up, k);
	free(stuck);
}

/* Half of geometry u cut by the line through its centre normal to dir. */
static int split_unit(struct ng *g, const struct unit *u, double dx, double dy,
		      GEOSGeometry **toward, GEOSGeometry **away)
{
	double len = hypot(dx, dy), L = 10.0, cx, cy, ux, uy;
	GEOSGeometry *c = GEOSGetCentroid_r(g->h, u->geom), *hp;
	double xy[4][2];

	if (!c || len == 0)
		return fail(g, "internal: cannot split %s", u->code);
	GEOSGeomGetX_r(g->h, c, &cx);
	GEOSGeomGetY_r(g->h, c, &cy);
	GEOSGeom_destroy_r(g->h, c);
	ux = dx / len;
	uy = dy / len;
	/* the half plane on dir's side, as a big square */
	xy[0][0] = cx - uy * L;
	xy[0][1] = cy + ux * L;
	xy[1][0] = cx + uy * L;
	xy[1][1] = cy - ux * L;
	xy[2][0] = xy[1][0] + ux * L;
	xy[2][1] = xy[1][1] + uy * L;
	xy[3][0] = xy[0][0] + ux * L;
	xy[3][1] = xy[0][1] + uy * L;
	if (!(hp = ring_polygon(g, (const double(*)[2])xy, 4)))
		return fail(g, "GEOS: %s", g->msg);
	*toward = GEOSIntersectionPrec_r(g->h, u->geom, hp, GRID);
	*away = GEOSDifferencePrec_r(g->h, u->geom, hp, GRID);
	GEOSGeom_destroy_r(g->h, hp);
	if (!*toward || !*away)
		return fail(g, "splitting %s failed: %s", u->code, g->msg);
	return 0;
}

static int write_reform(struct ng *g)
{
	struct adj a = { NULL, NULL };
	int *pitem = NULL, *pup = NULL, *pfrozen = NULL, *wup = NULL;
	int *wfrozen = NULL, *scope = NULL, *ident = NULL, *proot = NULL;
	int *croot = NULL, *wprov = NULL;
	double *ppop = NULL, *wpop = NULL;
	struct unit *p2 = NULL, *c2 = NULL, **kids = NULL;
	int k, j, w, rc = -1, big = 0, np2 = 0, nc2 = 0;
	int target_p, target_c;
	struct out o;

	target_p = (int)lround(g->np * 34.0 / 63.0);
	target_p = target_p < 1 ? 1 : target_p;
	target_c = (int)lround(g->nw * 3300.0 / 10600.0);
	target_c = target_c < target_p ? target_p : target_c;
	pitem = malloc(sizeof(int) * (size_t)g->nw);
	wprov = malloc(sizeof(int) * (size_t)g->nw);
	ident = malloc(sizeof(int) * (size_t)g->nw);
	wup = malloc(sizeof(int) * (size_t)g->nw);
	wfrozen = calloc((size_t)g->nw, sizeof(int));
	scope = calloc((size_t)g->nw, sizeof(int));
	wpop = malloc(sizeof(double) * (size_t)g->nw);
	pup = malloc(sizeof(int) * (size_t)g->np);
	pfrozen = calloc((size_t)g->np, sizeof(int));
	ppop = malloc(sizeof(double) * (size_t)g->np);
	proot = malloc(sizeof(int) * (size_t)g->np);
	croot = malloc(sizeof(int) * (size_t)g->nw);
	kids = malloc(sizeof(*kids) * (size_t)(g->nw + 2));
	if (!pitem || !wprov || !ident || !wup || !wfrozen || !scope || !wpop ||
	    !pup || !pfrozen || !ppop || !proot || !croot || !kids) {
		fail(g, "out of memory");
		goto done;
	}
	if (ward_adjacency(g, &a) != 0)
		goto done;
	/* provinces merge whole */
	for (k = 0; k < g->nw; k++) {
		pitem[k] = g->dist[g->ward[k].parent].parent;
		ident[k] = k;
		wpop[k] = (double)g->ward[k].pop;
		if (g->ward[k].pop > g->ward[big].pop)
			big = k;
	}
	for (k = 0; k < g->np; k++)
		ppop[k] = (double)g->prov[k].pop;
	agglomerate(g, g->np, ppop, pup, pitem, &a, pfrozen, NULL, target_p);
	for (k = 0; k < g->np; k++)
		proot[k] = -1;
	for (k = 0; k < g->np; k++)
		if (pup[k] == k)
			proot[k] = np2++;
	for (k = 0; k < g->nw; k++)
		scope[k] = wprov[k] = proot[pup[pitem[k]]];
	/* communes: neighbouring wards of one new province; the most
	 * populous ward stays whole and is renamed */
	wfrozen[big] = 1;
	agglomerate(g, g->nw, wpop, wup, ident, &a, wfrozen, scope, target_c);
	for (k = 0; k < g->nw; k++)
		croot[k] = -1;
	/* new communes in province order, then ward order */
	for (j = 0; j < np2; j++)
		for (k = 0; k < g->nw; k++)
			if (wup[k] == k && wprov[k] == j)
				croot[k] = nc2++;
	g->np2 = np2;
	g->nc2 = nc2;
	g->renamed = big;
	/* one ward split between its commune and a neighbouring one */
	for (w = 0; w < g->nw && g->split_ward < 0; w++) {
		int size = 0;

		if (w == big)
			continue;
		for (k = 0; k < g->nw; k++)
			size += wup[k] == wup[w];
		if (size < 2)
			continue;
		for (j = a.start[w]; j < a.start[w + 1]; j++) {
			int t = a.to[j];

			if (wup[t] != wup[w] && wprov[t] == wprov[w] &&
			    t != big) {
				g->split_ward = w;
				g->split_to = t;
				break;
			}
		}
	}
	if (g->split_ward >= 0) {
		struct unit *s = &g->ward[g->split_ward];
		const struct unit *t = &g->ward[g->split_to];
		double a0 = 0, a1 = 0;

		if (split_unit(g, s, t->x - s->x, t->y - s->y,
			       &g->split_half[1], &g->split_half[0]) != 0)
			goto done;
		GEOSArea_r(g->h, g->split_half[0], &a0);
		GEOSArea_r(g->h, g->split_half[1], &a1);
		g->split_share = round(a0 / (a0 + a1) * 1e4) / 1e4;
	}
	p2 = calloc((size_t)np2, sizeof(*p2));
	c2 = calloc((size_t)nc2 + 1, sizeof(*c2));
	if (!p2 || !c2) {
		fail(g, "out of memory");
		goto done;
	}
	/* new provinces: code, name and kind of the most populous member */
	for (j = 0; j < np2; j++) {
		int n = 0, top = -1;

		for (k = 0; k < g->np; k++) {
			if (proot[pup[k]] != j)
				continue;
			kids[n++] = &g->prov[k];
			if (top < 0 || g->prov[k].pop > g->prov[top].pop)
				top = k;
			p2[j].pop += g->prov[k].pop;
			p2[j].kind |= g->prov[k].kind;
		}
		memcpy(p2[j].code, g->prov[top].code, sizeof(p2[j].code));
		snprintf(p2[j].name, sizeof(p2[j].name), "%s %.60s",
			 p2[j].kind ? "Thành phố" : "Tỉnh",
			 short_name(&g->prov[top]));
		if (!(p2[j].geom = union_units(g, kids, n, 1)))
			goto done;
	}
	/* new communes */
	for (k = 0; k < g->nw; k++) {
		struct unit *c;
		struct unit half[2];
		int n = 0, top = -1, exact = 1, h;
		double popf = 0;

		if (croot[k] < 0)
			continue;
		c = &c2[croot[k]];
		c->parent = wprov[k];
		memset(half, 0, sizeof(half));
		for (w = 0; w < g->nw; w++) {
			double share = 1;

			if (wup[w] != k)
				continue;
			if (w == g->split_ward) {
				half[0].geom = g->split_half[0];
				kids[n++] = &half[0];
				share = g->split_share;
				exact = 0;
			} else {
				kids[n++] = &g->ward[w];
			}
			popf += share * (double)g->ward[w].pop;
			if (top < 0 || g->ward[w].pop > g->ward[top].pop)
				top = w;
			if (g->ward[w].kind != 0)
				c->kind = 1;
		}
		if (g->split_ward >= 0 && wup[g->split_to] == k) {
			half[1].geom = g->split_half[1];
			kids[n++] = &half[1];
			popf += (1 - g->split_share) *
				(double)g->ward[g->split_ward].pop;
			exact = 0;
		}
		c->pop = lround(popf);
		memcpy(c->code, g->ward[top].code, sizeof(c->code));
		snprintf(c->name, sizeof(c->name), "%s %.60s",
			 ward_kind[c->kind], short_name(&g->ward[top]));
		if (k == big) {
			struct rng r = rng_stream(g->o->seed, ST_REFORM, 1);
			char nm[48], old[1][48];

			snprintf(old[0], sizeof(old[0]), "%.40s",
				 short_name(&g->ward[big]));
			pick_name(&r, old, 1, nm);
			snprintf(c->name, sizeof(c->name), "%s %s",
				 ward_kind[c->kind], nm);
		}
		for (h = 0; h < nc2; h++) /* unique in the province */
			if (h != croot[k] && c2[h].parent == c->parent &&
			    !strcmp(c2[h].name, c->name)) {
				size_t len = strlen(c->name);

				snprintf(c->name + len, sizeof(c->name) - len,
					 " %d", croot[k] + 1);
				break;
			}
		if (!(c->geom = union_units(g, kids, n, exact)))
			goto done;
	}
	if (write_units(g, "provinces_2025.geojson", "provinces_2025", p2, np2,
			prov_kind, NULL) != 0 ||
	    write_units(g, "communes_2025.geojson", "communes_2025", c2, nc2,
			ward_kind, p2) != 0)
		goto done;
	if (out_open(g, &o, "crosswalk_2025.csv") != 0)
		goto done;
	fputs("Cấp,Mã mới,Tên mới,Mã cũ,Tên cũ,Tỷ lệ\n", o.f);
	for (j = 0; j < np2; j++)
		for (k = 0; k < g->np; k++)
			if (proot[pup[k]] == j)
				fprintf(o.f, "tinh,%s,%s,%s,%s,1\n", p2[j].code,
					p2[j].name, g->prov[k].code,
					g->prov[k].name);
	for (k = 0; k < g->nw; k++) {
		if (croot[k] < 0)
			continue;
		for (w = 0; w < g->nw; w++) {
			const struct unit *c = &c2[croot[k]];

			if (wup[w] != k)
				continue;
			if (w == g->split_ward)
				fprintf(o.f, "xa,%s,%s,%s,%s,%.4f\n", c->code,
					c->name, g->ward[w].code,
					g->ward[w].name, g->split_share);
			else
				fprintf(o.f, "xa,%s,%s,%s,%s,1\n", c->code,
					c->name, g->ward[w].code,
					g->ward[w].name);
		}
		if (g->split_ward >= 0 && wup[g->split_to] == k)
			fprintf(o.f, "xa,%s,%s,%s,%s,%.4f\n", c2[croot[k]].code,
				c2[croot[k]].name, g->ward[g->split_ward].code,
				g->ward[g->split_ward].name,
				1 - g->split_share);
	}
	if (out_close(g, &o, 0) != 0)
		goto done;
	rc = 0;
done:
	if (p2)
		for (j = 0; j < np2; j++)
			GEOSGeom_destroy_r(g->h, p2[j].geom);
	if (c2)
		for (j = 0; j < nc2; j++)
			GEOSGeom_destroy_r(g->h, c2[j].geom);
	free(p2);
	free(c2);
	free(kids);
	free(a.start);
	free(a.to);
	free(pitem);
	free(wprov);
	free(ident);
	free(wup);
	free(wfrozen);
	free(scope);
	free(wpop);
	free(pup);
	free(pfrozen);
	free(ppop);
	free(proot);
	free(croot);
	return rc;
}

/*---- Options and main ---------------------------------------------------*/

static void nat_usage(FILE *f)
{
	fputs("Usage: " PROG " --national|--city [--provinces N] "
	      "[--districts N] [--wards N]\n"
	      "                    [--schools N] [--applicants N] [--year Y]"
	      " [--reform]\n"
	      "                    [--seed N] [--quiet] OUTDIR\n"
	      "\n"
	      "Write a synthetic country (--national: 63 provinces, 710 "
	      "districts,\n"
	      "10,600 wards, 45,000 schools, 96 M people, 1.5 M grade-1 "
	      "applicants,\n"
	      "laid over 102-110 E so it spans UTM zones 48 and 49) or one "
	      "province\n"
	      "(--city: 30 districts, 580 wards, modelled on Ha Noi's size) "
	      "into OUTDIR:\n"
	      "  provinces.geojson, districts.geojson, wards.geojson\n"
	      "      Mã, Tên, Cấp, Mã cấp trên, Dân số 2019; each parent is "
	      "exactly\n"
	      "      tiled by its children; codes 2/3/5 digits (01, 001, "
	      "00001)\n"
	      "  population.csv   Mã xã,Năm,Từ tuổi,Đến tuổi,Số người "
	      "(2019; bands\n"
	      "      0-2 3-5 6-10 11-14 15-17 and 0-120 = the total)\n"
	      "  schools.csv      the columns of the district sample's "
	      "schools.csv,\n"
	      "      one school year\n"
	      "  applicants_g1.csv  grade-1 applicants (Mã hồ sơ, ..., Mã xã,"
	      "\n      Kinh độ, Vĩ độ, Đối tượng ưu tiên), homes in their "
	      "ward\n"
	      "Import: units provinces.geojson, then districts.geojson and "
	      "wards.geojson\n"
	      "(--population-field \"Dân số 2019\" --year 2019), population, "
	      "schools,\n"
	      "applicants.\n"
	      "\n"
	      "  --provinces N    provinces (national 63, city 1; at most 96)\n"
	      "  --districts N    districts in all (national 710, city 30; "
	      "<= 999)\n"
	      "  --wards N        wards in all (national 10600, city 580)\n"
	      "  --schools N      schools in all (default 45,000 x wards / "
	      "10,600)\n"
	      "  --applicants N   grade-1 applicants (default 1,500,000 x "
	      "wards /\n"
	      "                   10,600; 0: no applicants file)\n"
	      "  --year Y         school year, e.g. 2019-2020 (the default)\n"
	      "  --reform         also write the 2025 set: provinces_2025.geojson"
	      "\n"
	      "                   (Mã, Tên, Cấp, Dân số 2019: ~34 x provinces"
	      " / 63,\n"
	      "                   each the union of whole old provinces), "
	      "communes_2025.geojson\n"
	      "                   (Mã, Tên, Cấp, Mã cấp trên = the new "
	      "province,\n"
	      "                   Dân số 2019: ~3,300 x wards / 10,600, "
	      "each merging\n"
	      "                   neighbouring old wards; one old ward is "
	      "split between\n"
	      "                   two communes, one kept whole but renamed) "
	      "and\n"
	      "                   crosswalk_2025.csv: Cấp (tinh|xa), Mã mới, "
	      "Tên mới,\n"
	      "                   Mã cũ, Tên cũ, Tỷ lệ = the share of the "
	      "old unit's\n"
	      "                   area (and people) in the new one (1 unless "
	      "split).\n"
	      "                   New units keep the code of their most "
	      "populous old unit.\n"
	      "  --seed N         PRNG seed (default 2019); same seed, same "
	      "files\n"
	      "  -q, --quiet      no summary line\n"
	      "  -h, --help       show this help\n"
	      "\n"
	      "Exit status: 0 ok, 1 runtime error, 2 usage error.\n",
	      f);
}

static int nat_usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, PROG ": ");
	fprintf(stderr, fmt, arg);
	fputs("\nTry '" PROG " --national --help' for more.\n", stderr);
	return 2;
}

static int nat_parse(int argc, char **argv, struct nopts *o)
{
	int i, only = 0;

	o->seed = 2019;
	o->year = 2019;
	o->nprov = o->ndist = o->nward = o->nschools = o->nappl = -1;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *val, *eq;
		unsigned long long v;
		size_t len;
		char *end;

		if (only || a[0] != '-' || !a[1]) {
			if (o->outdir)
				return nat_usage_error("unexpected argument "
						       "'%s'",
						       a);
			o->outdir = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			only = 1;
			continue;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help"))
			return 1;
		if (!strcmp(a, "--national"))
			continue;
		if (!strcmp(a, "--city")) {
			o->city = 1;
			continue;
		}
		if (!strcmp(a, "--reform")) {
			o->reform = 1;
			continue;
		}
		if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
			o->quiet = 1;
			continue;
		}
		eq = strchr(a, '=');
		len = eq ? (size_t)(eq - a) : strlen(a);
		if (eq)
			val = eq + 1;
		else if (i + 1 < argc)
			val = argv[++i];
		else
			return nat_usage_error("option '%s' needs a value", a);
		if (len == 6 && !strncmp(a, "--year", len)) {
			if (strlen(val) != 9 || val[4] != '-' ||
			    atoi(val + 5) != atoi(val) + 1 ||
			    atoi(val) < 1900 || atoi(val) > 2199)
				return nat_usage_error("bad --year '%s' (want "
						       "e.g. 2019-2020)",
						       val);
			o->year = atoi(val);
			continue;
		}
		errno = 0;
		v = strtoull(val, &end, 10);
		if (!*val || *val < '0' || *val > '9' || *end || errno)
			return nat_usage_error("bad number '%s'", val);
		if (len == 6 && !strncmp(a, "--seed", len))
			o->seed = (uint64_t)v;
		else if (len == 11 && !strncmp(a, "--provinces", len) &&
			 v >= 1 && v <= 96)
			o->nprov = (long)v;
		else if (len == 11 && !strncmp(a, "--districts", len) &&
			 v >= 1 && v <= 999)
			o->ndist = (long)v;
		else if (len == 7 && !strncmp(a, "--wards", len) && v >= 1 &&
			 v <= 99999)
			o->nward = (long)v;
		else if (len == 9 && !strncmp(a, "--schools", len) &&
			 v <= 1000000)
			o->nschools = (long)v;
		else if (len == 12 && !strncmp(a, "--applicants", len) &&
			 v <= 20000000)
			o->nappl = (long)v;
		else
			return nat_usage_error("unknown option or value out "
					       "of range: '%s'",
					       a);
	}
	if (!o->outdir)
		return nat_usage_error("%s", "missing OUTDIR");
	if (o->nprov < 0)
		o->nprov = o->city ? 1 : FULL_PROVINCES;
	if (o->ndist < 0)
		o->ndist = o->city ? 30
				   : (o->nprov == FULL_PROVINCES
					      ? FULL_DISTRICTS
					      : (o->nprov * FULL_DISTRICTS +
						 62) / FULL_PROVINCES);
	if (o->nward < 0)
		o->nward = o->city ? 580
				   : (o->ndist == FULL_DISTRICTS
					      ? FULL_WARDS
					      : (o->ndist * FULL_WARDS + 709) /
							FULL_DISTRICTS);
	if (o->ndist < o->nprov || o->nward < o->ndist)
		return nat_usage_error("%s", "want provinces <= districts "
					     "<= wards");
	if (o->nschools < 0)
		o->nschools = (long)lround((double)FULL_SCHOOLS * o->nward /
					   FULL_WARDS);
	if (o->nappl < 0)
		o->nappl = (long)lround((double)FULL_APPL * o->nward /
					FULL_WARDS);
	return 0;
}

static int nat_dirs(struct ng *g, const char *dir)
{
	char path[4096];
	size_t k;

	if (snprintf(path, sizeof(path), "%s", dir) >= (int)sizeof(path))
		return fail(g, "output path too long");
	for (k = 1; path[k]; k++) {
		if (path[k] != '/')
			continue;
		path[k] = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST)
			return fail(g, "cannot create %s: %s", path,
				    strerror(errno));
		path[k] = '/';
	}
	if (mkdir(path, 0777) != 0 && errno != EEXIST)
		return fail(g, "cannot create %s: %s", path, strerror(errno));
	return 0;
}

static int nat_run(struct ng *g)
{
	const struct nopts *o = g->o;

	g->np = (int)o->nprov;
	g->nd = (int)o->ndist;
	g->nw = (int)o->nward;
	g->kx = cos((o->city ? 21.03 : 16.0) * PI / 180);
	g->prov = calloc((size_t)g->np, sizeof(struct unit));
	g->dist = calloc((size_t)g->nd, sizeof(struct unit));
	g->ward = calloc((size_t)g->nw, sizeof(struct unit));
	if (!g->prov || !g->dist || !g->ward)
		return fail(g, "out of memory");
	if (make_outline(g) != 0 || place_seeds(g) != 0 || make_wards(g) != 0 ||
	    make_hierarchy(g) != 0 || finish_units(g) != 0)
		return -1;
	make_population(g);
	if (name_units(g) != 0 || make_schools(g) != 0 ||
	    nat_dirs(g, o->outdir) != 0)
		return -1;
	if (write_units(g, "provinces.geojson", "provinces", g->prov, g->np,
			prov_kind, NULL) != 0 ||
	    write_units(g, "districts.geojson", "districts", g->dist, g->nd,
			dist_kind, g->prov) != 0 ||
	    write_units(g, "wards.geojson", "wards", g->ward, g->nw, ward_kind,
			g->dist) != 0 ||
	    write_population(g) != 0 || write_schools(g) != 0)
		return -1;
	if (o->nappl > 0 && write_applicants(g) != 0)
		return -1;
	if (o->reform && write_reform(g) != 0)
		return -1;
	if (!o->quiet) {
		long pop = 0;
		int k;

		for (k = 0; k < g->np; k++)
			pop += g->prov[k].pop;
		printf(PROG
		       ": wrote %s: %d provinces, %d districts, %d wards "
		       "(population %ld), %ld schools, %ld grade-1 applicants"
		       "; seed %llu\n",
		       o->outdir, g->np, g->nd, g->nw, pop, g->nsch, o->nappl,
		       (unsigned long long)o->seed);
		if (o->reform)
			printf(PROG
			       ": 2025 set: %d provinces, %d communes "
			       "(provinces_2025.geojson, communes_2025.geojson, "
			       "crosswalk_2025.csv)\n",
			       g->np2, g->nc2);
	}
	return 0;
}

/* True when argv asks for the national or city generator. */
int sg_gensample_national_wanted(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "--national") ||
		    !strcmp(argv[i], "--city"))
			return 1;
	}
	return 0;
}

int sg_gensample_national_main(int argc, char **argv)
{
	struct nopts o;
	struct ng *g;
	int rc, k;

	memset(&o, 0, sizeof(o));
	rc = nat_parse(argc, argv, &o);
	if (rc == 1) {
		nat_usage(stdout);
		return 0;
	}
	if (rc != 0)
		return 2;
	if (!(g = calloc(1, sizeof(*g)))) {
		fprintf(stderr, PROG ": out of memory\n");
		return 1;
	}
	g->o = &o;
	g->split_ward = g->renamed = -1;
	g->h = GEOS_init_r();
	GEOSContext_setErrorMessageHandler_r(g->h, geos_msg, g);
	rc = nat_run(g);
	if (rc != 0)
		fprintf(stderr, PROG ": error: %s\n", g->msg);
	for (k = 0; g->ward && k < g->nw; k++) {
		if (g->ward[k].prep)
			GEOSPreparedGeom_destroy_r(g->h, g->ward[k].prep);
		GEOSGeom_destroy_r(g->h, g->ward[k].geom);
	}
	for (k = 0; g->dist && k < g->nd; k++)
		GEOSGeom_destroy_r(g->h, g->dist[k].geom);
	for (k = 0; g->prov && k < g->np; k++)
		GEOSGeom_destroy_r(g->h, g->prov[k].geom);
	for (k = 0; k < 2; k++)
		GEOSGeom_destroy_r(g->h, g->split_half[k]);
	GEOSGeom_destroy_r(g->h, g->outline);
	GEOS_finish_r(g->h);
	free(g->prov);
	free(g->dist);
	free(g->ward);
	free(g->sch);
	free(g->prov_group);
	free(g->ward_group);
	free(g);
	return rc != 0 ? 1 : 0;
}
