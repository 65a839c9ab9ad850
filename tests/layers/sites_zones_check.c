/*
 * tests/layers/sites_zones_check.c - suggest-sites on a store of
 * provinces in UTM zones 48 and 49 (#15 item 2), against brute forces
 * written here (run by tests/cli/test_sites_zones.sh on a generated
 * country).
 *
 * The demand cells, the candidates (in their tie order) and the schools
 * come from the library's loading (sg_sites__problem, in EPSG:4326);
 * everything else is recomputed here, independently of engine/:
 *
 * 1. Each province's zone: the UTM zone of the centre of its box, from
 *    the provinces' file through OGR.
 * 2. Projected: every cell, school and candidate taken to the zone of
 *    the cell's province by a PROJ transform of this file; a cell is
 *    reached when the straight line there is <= the distance; the naive
 *    greedy (most children in micro-children, ties to the lower
 *    candidate).  The library's sites must be the same candidates with
 *    the same children (1e-6), and its served_before the same.
 * 3. Geodesic: the same greedy with the geodesic distance on WGS84
 *    (PROJ's geod_inverse).  Same picks; each site's children within
 *    the children of the cells whose reach is ambiguous by the UTM
 *    scale error: k = k0 / sqrt(1 - (cos(lat) sin(dlon))^2) of the
 *    zone, over every cell of the province, bounds |planar/geodesic -
 *    1| by eps (about 2.4e-3 on this country, whose generated provinces
 *    are up to 6 degrees wide), so a cell whose geodesic distance lies
 *    in [r / (1 + eps), r / (1 - eps)] of the site, of an earlier site
 *    or of a school may count on one side and not the other.
 * 4. The run in one zone (EPSG:32648, what the store's centre gave
 *    before) measures differently: the projected brute force in zone 48
 *    for every cell gives another served_before than the library's.
 *
 * Usage: sites_zones_check STORE PROVINCES.geojson; exit 0 when every
 * check passes, 1 (with messages) when one fails, 2 on set-up errors.
 */
#include <geodesic.h>
#include <math.h>
#include <proj.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gdal.h>
#include <ogr_api.h>

#include "layers/sites_int.h"
#include "schoolgis/schoolgis.h"

/* Not a distance between grid centres (5000 sqrt(a^2 + b^2)): a cell
 * exactly at the distance would count on either side of rounding. */
#define R_M 14500.0
#define CELL_M 5000.0
#define COUNT 8
#define UNIT 1e-6

static int failures;

#define CHECK(cond, ...)                                                       \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "FAIL: " __VA_ARGS__);                 \
			fputc('\n', stderr);                                   \
			failures++;                                            \
		}                                                              \
	} while (0)

typedef struct {
	size_t n;
	double *x, *y;
} pts;

/* Points taken to EPSG:326zz by a transform of this file. */
static void project(int epsg, const double *lon, const double *lat, size_t n,
		    double *x, double *y)
{
	char dst[32];
	PJ *pj, *norm;

	snprintf(dst, sizeof(dst), "EPSG:%d", epsg);
	pj = proj_create_crs_to_crs(NULL, "EPSG:4326", dst, NULL);
	norm = pj ? proj_normalize_for_visualization(NULL, pj) : NULL;
	if (!norm) {
		fprintf(stderr, "PROJ cannot make %s\n", dst);
		exit(2);
	}
	for (size_t i = 0; i < n; i++) {
		PJ_COORD c = proj_trans(norm, PJ_FWD,
					proj_coord(lon[i], lat[i], 0, 0));

		x[i] = c.xy.x;
		y[i] = c.xy.y;
	}
	proj_destroy(norm);
	proj_destroy(pj);
}

/* The three measures of the distance from a cell to a point. */
typedef struct {
	const sg_sites_problem *p;
	int mode;	       /* 0: projected by province, 1: geodesic,
				2: projected in zone 48 */
	double *cx, *cy;       /* per zone slot: cells projected */
	double *kx[2], *ky[2]; /* candidates in zones 48, 49 */
	double *sx[2], *sy[2]; /* schools */
	double *eps;	       /* per part */
	struct geod_geodesic g;
} model;

static int zslot(int epsg)
{
	return epsg == 32649;
}

static double geodist(const model *m, double lon1, double lat1, double lon2,
		      double lat2)
{
	double s, a1, a2;

	geod_inverse(&m->g, lat1, lon1, lat2, lon2, &s, &a1, &a2);
	return s;
}

/* Distance from cell i to candidate (is_school 0) or school j. */
static double dist(const model *m, size_t i, int is_school, size_t j)
{
	const sg_sites_problem *p = m->p;
	int z = m->mode == 2 ? 0 : zslot(p->epsg[p->part[i]]);
	double px, py, dx, dy;

	if (m->mode == 1)
		return geodist(m, p->lon[i], p->lat[i],
			       is_school ? p->slon[j] : p->clon[j],
			       is_school ? p->slat[j] : p->clat[j]);
	px = is_school ? m->sx[z][j] : m->kx[z][j];
	py = is_school ? m->sy[z][j] : m->ky[z][j];
	dx = (m->mode == 2 ? m->cx[p->ncells + i] : m->cx[i]) - px;
	dy = (m->mode == 2 ? m->cy[p->ncells + i] : m->cy[i]) - py;
	return sqrt(dx * dx + dy * dy);
}

/* A pair near enough to look at (degrees, generous). */
static int near_deg(double lon1, double lat1, double lon2, double lat2)
{
	double dlat = R_M / 110000.0 * 1.2,
	       dlon = dlat / cos(lat1 * M_PI / 180);

	return fabs(lat1 - lat2) <= dlat && fabs(lon1 - lon2) <= dlon;
}

typedef struct {
	size_t npick, pick[COUNT];
	int64_t gain[COUNT];
	int64_t before;
	double tol[COUNT]; /* geodesic: children of ambiguous cells */
} greedy_out;

static int ambiguous(const model *m, size_t i, double g)
{
	double e = m->eps[m->p->part[i]];

	return g >= R_M / (1 + e) && g <= R_M / (1 - e);
}

/* The naive greedy over a model. */
static void greedy(const model *m, const size_t *corder, greedy_out *o)
{
	const sg_sites_problem *p = m->p;
	size_t nc = p->ncand, nd = p->ncells;
	int64_t *q = calloc(nd, sizeof(int64_t)), *gain;
	unsigned char *amb = calloc(nd, 1);
	/* Candidate -> cells it reaches (CSR), built by a lat-sorted scan. */
	size_t *cnt = calloc(nc + 1, sizeof(size_t)), *items, *fill, ni = 0;
	size_t cap = 1 << 20;
	size_t *pc = malloc(cap * sizeof(size_t)),
	       *pi = malloc(cap * sizeof(size_t));

	memset(o, 0, sizeof(*o));
	for (size_t i = 0; i < nd; i++)
		q[i] = p->w[i] > 0 ? llround(p->w[i] / UNIT) : 0;
	/* Served by a school. */
	for (size_t i = 0; i < nd; i++)
		for (size_t j = 0; j < p->nschools; j++) {
			double d;

			if (!near_deg(p->lon[i], p->lat[i], p->slon[j],
				      p->slat[j]))
				continue;
			d = dist(m, i, 1, j);
			if (m->mode == 1 && ambiguous(m, i, d))
				amb[i] = 1;
			if (d <= R_M && q[i]) {
				o->before += q[i];
				q[i] = 0;
			}
		}
	/* Pairs: candidates by latitude (corder), a window per cell. */
	for (size_t i = 0; i < nd; i++) {
		double dlat = R_M / 110000.0 * 1.2;
		size_t lo = 0, hi = nc;

		while (lo < hi) {
			size_t mid = (lo + hi) / 2;

			if (p->clat[corder[mid]] < p->lat[i] - dlat)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t t = lo;
		     t < nc && p->clat[corder[t]] <= p->lat[i] + dlat; t++) {
			size_t c = corder[t];
			double d;

			if (!near_deg(p->lon[i], p->lat[i], p->clon[c],
				      p->clat[c]))
				continue;
			d = dist(m, i, 0, c);
			/* Geodesic: keep the band too, for the tolerance. */
			if (!(d <= R_M || (m->mode == 1 && ambiguous(m, i, d))))
				continue;
			if (ni == cap) {
				cap *= 2;
				pc = realloc(pc, cap * sizeof(size_t));
				pi = realloc(pi, cap * sizeof(size_t));
			}
			pc[ni] = c;
			/* Low bit: reached (else only in the band). */
			pi[ni++] = i * 2 + (d <= R_M);
			cnt[c + 1]++;
		}
	}
	for (size_t c = 0; c < nc; c++)
		cnt[c + 1] += cnt[c];
	items = malloc((ni ? ni : 1) * sizeof(size_t));
	fill = malloc((nc + 1) * sizeof(size_t));
	memcpy(fill, cnt, (nc + 1) * sizeof(size_t));
	for (size_t e = 0; e < ni; e++)
		items[fill[pc[e]]++] = pi[e];
	gain = calloc(nc, sizeof(int64_t));
	while (o->npick < COUNT) {
		size_t best = nc;

		for (size_t c = 0; c < nc; c++) {
			int64_t v = 0;

			for (size_t e = cnt[c]; e < cnt[c + 1]; e++)
				if (items[e] & 1)
					v += q[items[e] >> 1];
			gain[c] = v;
			if (v > 0 && (best == nc || v > gain[best]))
				best = c;
		}
		if (best == nc)
			break;
		o->pick[o->npick] = best;
		o->gain[o->npick] = gain[best];
		o->tol[o->npick] = 0;
		for (size_t e = cnt[best]; e < cnt[best + 1]; e++) {
			size_t i = items[e] >> 1;
			int in = (int)(items[e] & 1);

			if (m->mode == 1 &&
			    (ambiguous(m, i, dist(m, i, 0, best)) || amb[i]))
				o->tol[o->npick] += p->w[i];
			if (m->mode == 1)
				amb[i] |= (unsigned char)ambiguous(m, i,
								   dist(m, i, 0,
									best));
			if (in)
				q[i] = 0;
		}
		o->npick++;
	}
	free(q);
	free(amb);
	free(cnt);
	free(items);
	free(fill);
	free(pc);
	free(pi);
	free(gain);
}

static const sg_sites_problem *sort_p;

static int by_lat(const void *a, const void *b)
{
	double x = sort_p->clat[*(const size_t *)a];
	double y = sort_p->clat[*(const size_t *)b];

	return x < y ? -1 : x > y;
}

/* Each province's expected zone (by code, the parts' order). */
static size_t expected_zones(const char *path, char codes[][16], int *epsg)
{
	GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR, NULL, NULL, NULL);
	OGRLayerH l;
	OGRFeatureH f;
	size_t n = 0;

	if (!ds) {
		fprintf(stderr, "cannot open %s\n", path);
		exit(2);
	}
	l = GDALDatasetGetLayer(ds, 0);
	while ((f = OGR_L_GetNextFeature(l)) && n < 64) {
		OGREnvelope e;
		int k = OGR_F_GetFieldIndex(f, "Mã");

		OGR_G_GetEnvelope(OGR_F_GetGeometryRef(f), &e);
		snprintf(codes[n], 16, "%s", OGR_F_GetFieldAsString(f, k));
		epsg[n++] = 32600 +
			    (int)floor(((e.MinX + e.MaxX) / 2 + 180) / 6) + 1;
		OGR_F_Destroy(f);
	}
	GDALClose(ds);
	/* By code. */
	for (size_t a = 1; a < n; a++)
		for (size_t b = a; b > 0 && strcmp(codes[b - 1], codes[b]) > 0;
		     b--) {
			char t[16];
			int z = epsg[b];

			memcpy(t, codes[b], 16);
			memcpy(codes[b], codes[b - 1], 16);
			memcpy(codes[b - 1], t, 16);
			epsg[b] = epsg[b - 1];
			epsg[b - 1] = z;
		}
	return n;
}

int main(int argc, char **argv)
{
	sg_sites_options o = SG_SITES_OPTIONS_INIT;
	sg_sites_result *r = NULL;
	sg_sites_problem p;
	sg_ctx *ctx = NULL;
	model m;
	greedy_out ga, gb, gz;
	char codes[64][16];
	int epsg[64], zones_seen = 0;
	size_t nprov, *corder;
	double maxdiff = 0, maxeps = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: %s STORE PROVINCES\n", argv[0]);
		return 2;
	}
	sg_global_init();
	GDALAllRegister();
	if (sg_ctx_new(&ctx, NULL) != SG_OK ||
	    sg_store_open(ctx, argv[1]) != SG_OK) {
		fprintf(stderr, "%s: %s\n", argv[1], sg_error_last());
		return 2;
	}
	o.level = "primary";
	o.count = COUNT;
	o.max_distance = R_M;
	o.cell_size = CELL_M;
	o.dry_run = true;
	if (sg_sites_suggest(ctx, &o, &r) != SG_OK ||
	    sg_sites__problem(ctx, &o, &p) != SG_OK) {
		fprintf(stderr, "suggest-sites: %s\n", sg_ctx_errmsg(ctx));
		return 2;
	}
	CHECK(strcmp(r->crs, "UTM by province: EPSG:32648,EPSG:32649") == 0,
	      "crs %s", r->crs);
	/* 1. The zones. */
	nprov = expected_zones(argv[2], codes, epsg);
	CHECK(nprov == p.nparts, "%zu provinces, %zu parts", nprov, p.nparts);
	for (size_t i = 0; i < nprov && i < p.nparts; i++) {
		CHECK(p.epsg[i] == epsg[i], "province %s: zone %d, expected %d",
		      codes[i], p.epsg[i], epsg[i]);
		zones_seen |= 1 << zslot(epsg[i]);
	}
	CHECK(zones_seen == 3, "the country lies in one zone");
	CHECK(r->cells == p.ncells && r->candidates == p.ncand,
	      "cells %zu/%zu candidates %zu/%zu", r->cells, p.ncells,
	      r->candidates, p.ncand);
	/* The models' coordinates. */
	memset(&m, 0, sizeof(m));
	m.p = &p;
	geod_init(&m.g, 6378137, 1 / 298.257223563);
	m.cx = malloc(2 * p.ncells * sizeof(double));
	m.cy = malloc(2 * p.ncells * sizeof(double));
	for (size_t i = 0; i < p.ncells; i++)
		project(p.epsg[p.part[i]], &p.lon[i], &p.lat[i], 1, &m.cx[i],
			&m.cy[i]);
	project(32648, p.lon, p.lat, p.ncells, m.cx + p.ncells,
		m.cy + p.ncells);
	for (int z = 0; z < 2; z++) {
		m.kx[z] = malloc(p.ncand * sizeof(double));
		m.ky[z] = malloc(p.ncand * sizeof(double));
		m.sx[z] = malloc((p.nschools + 1) * sizeof(double));
		m.sy[z] = malloc((p.nschools + 1) * sizeof(double));
		project(32648 + z, p.clon, p.clat, p.ncand, m.kx[z], m.ky[z]);
		project(32648 + z, p.slon, p.slat, p.nschools, m.sx[z],
			m.sy[z]);
	}
	/* The scale error bound of each province's zone. */
	m.eps = calloc(p.nparts, sizeof(double));
	for (size_t i = 0; i < p.ncells; i++) {
		int z = p.epsg[p.part[i]] - 32600;
		double cm = 6.0 * z - 183, dl = (p.lon[i] - cm) * M_PI / 180;
		double b = cos(p.lat[i] * M_PI / 180) * sin(dl);
		double k = 0.9996 / sqrt(1 - b * b);
		double e = fabs(k - 1) + 1e-4; /* + the sphere's error */

		if (e > m.eps[p.part[i]])
			m.eps[p.part[i]] = e;
	}
	for (size_t i = 0; i < p.nparts; i++)
		maxeps = fmax(maxeps, m.eps[i]);
	corder = malloc(p.ncand * sizeof(size_t));
	for (size_t c = 0; c < p.ncand; c++)
		corder[c] = c;
	sort_p = &p;
	qsort(corder, p.ncand, sizeof(size_t), by_lat);
	/* 2. Projected by province. */
	m.mode = 0;
	greedy(&m, corder, &ga);
	CHECK(fabs(ga.before * UNIT - r->served_before) <= 1e-5,
	      "served before %.6f, brute force %.6f", r->served_before,
	      ga.before * UNIT);
	CHECK(ga.npick == r->nsites, "%zu sites, brute force %zu", r->nsites,
	      ga.npick);
	for (size_t s = 0; s < ga.npick && s < r->nsites; s++) {
		size_t c = ga.pick[s];

		CHECK(fabs(r->sites[s].lon - p.clon[c]) < 1e-9 &&
			      fabs(r->sites[s].lat - p.clat[c]) < 1e-9,
		      "site %zu at %.8f %.8f, brute force %.8f %.8f", s + 1,
		      r->sites[s].lon, r->sites[s].lat, p.clon[c], p.clat[c]);
		CHECK(fabs(r->sites[s].children - ga.gain[s] * UNIT) <= 1e-5,
		      "site %zu: %.6f children, brute force %.6f", s + 1,
		      r->sites[s].children, ga.gain[s] * UNIT);
	}
	/* 3. Geodesic. */
	m.mode = 1;
	greedy(&m, corder, &gb);
	CHECK(gb.npick == r->nsites, "geodesic: %zu sites, library %zu",
	      gb.npick, r->nsites);
	for (size_t s = 0; s < gb.npick && s < r->nsites; s++) {
		double d = fabs(r->sites[s].children - gb.gain[s] * UNIT);

		CHECK(gb.pick[s] == ga.pick[s], "geodesic: site %zu differs",
		      s + 1);
		CHECK(d <= gb.tol[s] + 1e-5,
		      "geodesic: site %zu: %.6f children, geodesic %.6f, "
		      "tolerance %.6f",
		      s + 1, r->sites[s].children, gb.gain[s] * UNIT,
		      gb.tol[s]);
		maxdiff = fmax(maxdiff, d);
	}
	/* 4. One zone for all measures otherwise. */
	m.mode = 2;
	greedy(&m, corder, &gz);
	CHECK(fabs(gz.before * UNIT - r->served_before) > 1e-3,
	      "zone 48 for every cell gives the same served_before %.6f",
	      gz.before * UNIT);
	printf("%zu cells, %zu candidates, %zu schools, %zu sites; "
	       "served before %.3f (zone 48 alone: %.3f); scale bound %.2e; "
	       "largest geodesic difference %.3f children\n",
	       p.ncells, p.ncand, p.nschools, r->nsites, r->served_before,
	       gz.before * UNIT, maxeps, maxdiff);
	free(m.cx);
	free(m.cy);
	for (int z = 0; z < 2; z++) {
		free(m.kx[z]);
		free(m.ky[z]);
		free(m.sx[z]);
		free(m.sy[z]);
	}
	free(m.eps);
	free(corder);
	sg_sites__problem_free(&p);
	sg_sites_result_free(r);
	sg_ctx_free(ctx);
	sg_global_shutdown();
	return failures ? 1 : 0;
}
