/*
 * ops/sites.c - sg_sites_suggest, the driver (ops/ops.h): validate the
 * options (sg_sites_options_check), load the scope's wards, children
 * and schools as catchments does (layers/catchments.c over
 * layers/load.h), build the capacity method's population grid
 * (engine/catchment.c, optionally placed by a population raster through
 * layers/poprast.c), take the candidates (the grid's cells through
 * engine/sites.c, or a file through layers/sites.c), run the greedy of
 * engine/sites.c (by road: layers/sites.c, which reads the network),
 * name the sites (engine/sites.c: unit, candidate id, lon/lat), store
 * the run (layers/sites.c), and return the result.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/crs.h"
#include "layers/sites_int.h"
#include "ops/ops.h"
#include "util/file.h"

#define WHAT "suggest-sites"

/*---- A store measured by place ------------------------------------------*/
/*
 * A whole store cut into provinces that lie in more than one UTM zone
 * (sg_catch__provinces, as catchments and coverage decide): each
 * province is loaded as a unit's scope, in the UTM zone of its centre,
 * with the schools within reach of its wards (margin); its grid is its
 * own (a cell belongs to one province) and so are the candidates among
 * its cells.  Every distance between a cell and a school or candidate is
 * measured in the zone of the cell's province: a candidate near a border
 * is taken to the neighbour's zone too and covers there the neighbour's
 * cells within reach.  One greedy runs over the whole country
 * (sg_sites__greedy_parts): coverage is what it needs, the zones only
 * decide the distances.
 */

typedef struct {
	sg_catch_data d;
	sg_catch_in cin; /* d's wards without schools: c reads it */
	sg_catch *c;
	sg_catch_square *sq;
	size_t nsq;
	sg_pip *area;
	sg_sites_cands k; /* its own candidates, in its CRS */
	double *dx, *dy, *dw;
	double box[4]; /* of its cells, in its CRS */
	/* The candidates it sees: number and place in its CRS. */
	size_t nv;
	size_t *vc;
	double *vx, *vy;
} part;

typedef struct {
	part *p;
	size_t n;
	size_t *coff; /* n + 1: candidate numbers of part p from coff[p] */
	double *clon, *clat; /* per candidate */
	double dist, cs;
	char crs[128];
} parts;

static void parts_free(sg_ctx *ctx, parts *P)
{
	for (size_t i = 0; P->p && i < P->n; i++) {
		part *q = &P->p[i];

		free(q->vc);
		free(q->vx);
		free(q->vy);
		free(q->dx);
		free(q->dy);
		free(q->dw);
		sg_sites__cands_free(&q->k);
		sg_pip__free(q->area);
		free(q->sq);
		sg_catch__free(q->c);
		sg_catch__data_free(ctx, &q->d);
	}
	free(P->p);
	free(P->coff);
	free(P->clon);
	free(P->clat);
	memset(P, 0, sizeof(*P));
}

/* The store's provinces when they lie in more than one zone (*n = 0:
 * measure in one CRS as before). */
static int zone_parts(sg_ctx *ctx, sg_catch_provinces *pv)
{
	int rc = sg_catch__provinces(ctx, WHAT, pv);
	size_t i;

	if (rc != SG_OK)
		return rc;
	for (i = 0; i < pv->n && pv->epsg[i]; i++)
		;
	if (i == pv->n)
		for (i = 1; i < pv->n && pv->epsg[i] == pv->epsg[0]; i++)
			;
	if (pv->n < 2 || i >= pv->n)
		sg_catch__provinces_free(pv);
	return SG_OK;
}

/* "UTM by province: EPSG:32648,EPSG:32649", as catchments names it. */
static void parts_crs(const sg_catch_provinces *pv, char *buf, size_t n)
{
	size_t len = (size_t)snprintf(buf, n, "UTM by province:");
	int last = 0;

	for (;;) {
		int next = 0;

		for (size_t i = 0; i < pv->n; i++)
			if (pv->epsg[i] > last && (!next || pv->epsg[i] < next))
				next = pv->epsg[i];
		if (!next || len >= n)
			break;
		len += (size_t)snprintf(buf + len, n - len, "%sEPSG:%d",
					last ? "," : " ", next);
		last = next;
	}
}

/* One province: its wards and the schools within `margin`, in its zone;
 * its grid and grid candidates. */
static int load_part(sg_ctx *ctx, const sg_sites_options *o,
		     const sg_standards *std, const char *code, double margin,
		     double cs, part *q)
{
	sg_scope *sc = NULL;
	int rc;

	rc = sg_scope__open(ctx, WHAT, code, margin, &sc);
	if (rc == SG_OK)
		rc = sg_catch__load(ctx, WHAT, sc, o->level, o->year,
				    o->population_year, std, NULL, &q->d);
	sg_scope_free(sc);
	if (rc != SG_OK)
		return rc;
	q->cin = q->d.in;
	q->cin.nschools = 0;
	if ((rc = sg_catch__new(ctx, &q->cin, &q->c)) != SG_OK)
		return rc;
	if ((rc = sg_catch__grid(q->c, cs, &q->sq, &q->nsq, NULL)) != SG_OK)
		return rc;
	if ((rc = sg_pip__new(ctx, q->c->study, &q->area)) != SG_OK)
		return rc;
	if ((rc = sg_sites__grid_cands(ctx, q->sq, q->nsq, q->area, &q->k)) !=
	    SG_OK)
		return rc;
	q->dx = malloc((q->nsq ? q->nsq : 1) * sizeof(double));
	q->dy = malloc((q->nsq ? q->nsq : 1) * sizeof(double));
	q->dw = malloc((q->nsq ? q->nsq : 1) * sizeof(double));
	if (!q->dx || !q->dy || !q->dw)
		return sg_error__oom(ctx, WHAT);
	q->box[0] = q->box[1] = INFINITY;
	q->box[2] = q->box[3] = -INFINITY;
	for (size_t i = 0; i < q->nsq; i++) {
		q->dx[i] = q->sq[i].cx;
		q->dy[i] = q->sq[i].cy;
		q->dw[i] = q->sq[i].pop;
		q->box[0] = fmin(q->box[0], q->dx[i]);
		q->box[1] = fmin(q->box[1], q->dy[i]);
		q->box[2] = fmax(q->box[2], q->dx[i]);
		q->box[3] = fmax(q->box[3], q->dy[i]);
	}
	return SG_OK;
}

/* The candidates each part sees: its own where they are, and those of
 * the others taken to its CRS (through EPSG:4326, once per zone) when
 * they lie within reach of the box of its cells. */
static int part_views(sg_ctx *ctx, parts *P)
{
	size_t nc = P->coff[P->n];
	double *zx = malloc((nc ? nc : 1) * sizeof(double));
	double *zy = malloc((nc ? nc : 1) * sizeof(double));
	/* 1% for the scale of the zones, which only widens the filter. */
	double reach = 1.01 * P->dist + 1;
	const char *zone = NULL;
	int rc = SG_OK;

	if (!zx || !zy) {
		rc = sg_error__oom(ctx, WHAT);
		goto done;
	}
	for (size_t i = 0; i < P->n && rc == SG_OK; i++) {
		part *q = &P->p[i];

		if (!zone || strcmp(zone, q->d.crs) != 0) {
			sg_crs_tx *tx = NULL;

			rc = sg_crs__new(ctx, &tx, "EPSG:4326", q->d.crs, WHAT);
			if (rc != SG_OK)
				break;
			memcpy(zx, P->clon, nc * sizeof(double));
			memcpy(zy, P->clat, nc * sizeof(double));
			sg_crs__points(tx, zx, zy, nc);
			sg_crs__free(tx);
			zone = q->d.crs;
		}
		q->vc = malloc((nc ? nc : 1) * sizeof(size_t));
		q->vx = malloc((nc ? nc : 1) * sizeof(double));
		q->vy = malloc((nc ? nc : 1) * sizeof(double));
		if (!q->vc || !q->vx || !q->vy) {
			rc = sg_error__oom(ctx, WHAT);
			break;
		}
		for (size_t j = 0; j < P->n; j++)
			for (size_t l = 0; l < P->p[j].k.n; l++) {
				size_t c = P->coff[j] + l;
				double x = j == i ? q->k.x[l] : zx[c];
				double y = j == i ? q->k.y[l] : zy[c];

				if (j != i && !(x >= q->box[0] - reach &&
						x <= q->box[2] + reach &&
						y >= q->box[1] - reach &&
						y <= q->box[3] + reach))
					continue;
				q->vc[q->nv] = c;
				q->vx[q->nv] = x;
				q->vy[q->nv++] = y;
			}
	}
done:
	free(zx);
	free(zy);
	return rc;
}

/* Load every province of pv and number the candidates: by province
 * (code), then as each province orders its own. */
static int load_parts(sg_ctx *ctx, const sg_sites_options *o,
		      const sg_standards *std, const sg_catch_provinces *pv,
		      parts *P)
{
	double margin;
	size_t nc;
	int rc = SG_OK;

	memset(P, 0, sizeof(*P));
	P->dist = o->max_distance > 0 ? o->max_distance
				      : sg_ops__level_norm(o->level, std);
	if (!(P->dist > 0))
		return sg_error__set(ctx, SG_EINVALID,
				     WHAT ": no distance "
					  "norm for %s: give a maximum "
					  "distance",
				     o->level);
	P->cs = o->cell_size > 0 ? o->cell_size : 250;
	parts_crs(pv, P->crs, sizeof(P->crs));
	/* Every school within reach of a province's cells is in its
	 * margin (5% for the scale of the zone). */
	margin = o->version >= 2 && o->margin > 0 ? o->margin
						  : SG_SCOPE_MARGIN_DEFAULT;
	margin = fmax(margin, 1.05 * P->dist + P->cs);
	P->p = calloc(pv->n, sizeof(part));
	P->coff = calloc(pv->n + 1, sizeof(size_t));
	if (!P->p || !P->coff)
		return sg_error__oom(ctx, WHAT);
	P->n = pv->n;
	for (size_t i = 0; i < pv->n && rc == SG_OK; i++) {
		rc = sg_ctx__progress(ctx, "suggest-sites: provinces", i,
				      pv->n);
		if (rc == SG_OK)
			rc = load_part(ctx, o, std, pv->code[i], margin, P->cs,
				       &P->p[i]);
		if (rc == SG_OK)
			P->coff[i + 1] = P->coff[i] + P->p[i].k.n;
	}
	if (rc != SG_OK)
		return rc;
	nc = P->coff[P->n];
	P->clon = malloc((nc ? nc : 1) * sizeof(double));
	P->clat = malloc((nc ? nc : 1) * sizeof(double));
	if (!P->clon || !P->clat)
		return sg_error__oom(ctx, WHAT);
	for (size_t i = 0; i < P->n; i++) {
		part *q = &P->p[i];

		memcpy(P->clon + P->coff[i], q->k.x, q->k.n * sizeof(double));
		memcpy(P->clat + P->coff[i], q->k.y, q->k.n * sizeof(double));
		sg_crs__points(q->d.to_wgs84, P->clon + P->coff[i],
			       P->clat + P->coff[i], q->k.n);
	}
	return part_views(ctx, P);
}

/* The sites of picks g: each named by its own province (engine/sites.c
 * sg_sites__fill on the picks homed there), then put in rank order. */
static int fill_parts(sg_ctx *ctx, const parts *P, const sg_sites_out *g,
		      sg_sites_result *r)
{
	size_t *pick = malloc((g->npicked ? g->npicked : 1) * sizeof(size_t));
	double *gain = malloc((g->npicked ? g->npicked : 1) * sizeof(double));
	size_t *rank = malloc((g->npicked ? g->npicked : 1) * sizeof(size_t));
	double cum = g->served_before;
	int rc = SG_OK;

	r->sites = calloc(g->npicked ? g->npicked : 1, sizeof(sg_site));
	if (!pick || !gain || !rank || !r->sites)
		rc = sg_error__oom(ctx, WHAT);
	else
		r->nsites = g->npicked; /* filled below, freed if not */
	for (size_t i = 0; i < P->n && rc == SG_OK; i++) {
		const part *q = &P->p[i];
		sg_sites_out sub = *g;
		sg_sites_result *t = calloc(1, sizeof(*t));

		sub.npicked = 0;
		sub.pick = pick;
		sub.gain = gain;
		for (size_t s = 0; s < g->npicked; s++)
			if (g->pick[s] >= P->coff[i] &&
			    g->pick[s] < P->coff[i + 1]) {
				rank[sub.npicked] = s;
				pick[sub.npicked] = g->pick[s] - P->coff[i];
				gain[sub.npicked++] = g->gain[s];
			}
		if (!t) {
			rc = sg_error__oom(ctx, WHAT);
			break;
		}
		if (sub.npicked)
			rc = sg_sites__fill(ctx, &q->d, &q->k, q->sq, P->cs,
					    &sub, t);
		for (size_t s = 0; s < t->nsites; s++) {
			sg_site *st = &r->sites[rank[s]];
			char id[768];

			*st = t->sites[s];
			if (!st->candidate_id)
				continue; /* out of memory: rc says so */
			/* Grid squares are numbered in each zone. */
			snprintf(id, sizeof(id), "%s@%s", st->candidate_id,
				 q->d.crs);
			free(st->candidate_id);
			if (!(st->candidate_id = strdup(id)) && rc == SG_OK)
				rc = sg_error__oom(ctx, WHAT);
		}
		t->nsites = 0;
		sg_sites_result_free(t);
	}
	for (size_t s = 0; s < r->nsites && rc == SG_OK; s++) {
		sg_site *st = &r->sites[s];

		cum += g->gain[s];
		st->rank = (int)s + 1;
		st->cumulative = cum;
		st->cumulative_pct = g->total > 0 ? 100 * cum / g->total : NAN;
	}
	free(pick);
	free(gain);
	free(rank);
	return rc;
}

static int suggest_parts(sg_ctx *ctx, const sg_sites_options *opts,
			 const sg_standards *std, const sg_catch_provinces *pv,
			 sg_sites_result **out)
{
	parts P;
	sg_sites_part *gp = NULL;
	sg_sites_out g = { 0 };
	sg_sites_result *r = calloc(1, sizeof(*r));
	size_t ncells = 0, nschools = 0;
	sg_roads_info rinfo;
	int rc;

	memset(&rinfo, 0, sizeof(rinfo));
	rc = load_parts(ctx, opts, std, pv, &P);
	if (rc == SG_OK && (!r || !(gp = calloc(P.n, sizeof(*gp)))))
		rc = sg_error__oom(ctx, WHAT);
	if (rc != SG_OK)
		goto out;
	r->version = SG_SITES_RESULT_VERSION;
	for (size_t i = 0; i < P.n; i++) {
		part *q = &P.p[i];

		gp[i].ndemand = q->nsq;
		gp[i].dx = q->dx;
		gp[i].dy = q->dy;
		gp[i].dw = q->dw;
		gp[i].nexisting = opts->ignore_existing ? 0 : q->d.nschools;
		gp[i].ex = q->d.x;
		gp[i].ey = q->d.y;
		gp[i].ncand = q->nv;
		gp[i].cand = q->vc;
		gp[i].cx = q->vx;
		gp[i].cy = q->vy;
		ncells += q->nsq;
		/* Its own schools (the margin's are their province's). */
		for (size_t s = 0; !opts->ignore_existing && s < q->d.nschools;
		     s++)
			nschools += !(q->d.school_margin &&
				      q->d.school_margin[s]);
	}
	rc = sg_sites__greedy_parts(ctx, gp, P.n, P.coff[P.n], P.dist,
				    opts->count, &g);
	if (rc != SG_OK)
		goto out;
	r->count = opts->count;
	r->exhausted = g.exhausted;
	r->children = g.total;
	r->served_before = r->served_after = g.served_before;
	for (size_t i = 0; i < g.npicked; i++)
		r->served_after += g.gain[i];
	r->served_before_pct = g.total > 0 ? 100 * g.served_before / g.total
					   : NAN;
	r->served_after_pct = g.total > 0 ? 100 * r->served_after / g.total
					  : NAN;
	r->schools = nschools;
	r->cells = ncells;
	r->candidates = P.coff[P.n];
	r->evaluations = g.evaluations;
	r->max_distance = P.dist;
	r->max_minutes = NAN;
	r->cell_size = P.cs;
	r->age_from = P.p[0].d.age_from;
	r->age_to = P.p[0].d.age_to;
	r->level = (sg_level)P.p[0].d.level;
	r->crs = strdup(P.crs);
	r->network = strdup("");
	if (!r->crs || !r->network) {
		rc = sg_error__oom(ctx, WHAT);
		goto out;
	}
	if ((rc = fill_parts(ctx, &P, &g, r)) != SG_OK)
		goto out;
	if (!opts->dry_run) {
		/* The run records the level, ages and the zones. */
		sg_catch_data hd = P.p[0].d;

		snprintf(hd.crs, sizeof(hd.crs), "%s", P.crs);
		rc = sg_sites__store(ctx, opts, &hd, r, std, NULL, NULL, NULL,
				     &rinfo);
	}
out:
	if (rc == SG_OK) {
		*out = r;
		r = NULL;
	}
	sg_sites_result_free(r);
	sg_sites__out_free(&g);
	free(gp);
	parts_free(ctx, &P);
	return rc;
}

/* Measured by place: a whole store of provinces in several zones, no
 * CRS named, straight lines, the grid's cells as candidates and the
 * even spread (a candidates file, a raster or roads: one CRS). */
static int by_place(const sg_sites_options *o)
{
	return !(o->version >= 2 && o->unit && *o->unit) &&
	       !(o->crs && *o->crs) && !(o->version >= 3 && o->road) &&
	       !(o->population_raster && *o->population_raster) &&
	       !(o->candidates && *o->candidates);
}

int sg_sites__problem(sg_ctx *ctx, const sg_sites_options *o,
		      sg_sites_problem *out)
{
	sg_standards *defaults = NULL;
	sg_catch_provinces pv;
	parts P;
	size_t nc = 0, ns = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&P, 0, sizeof(P));
	if ((rc = sg_sites_options_check(ctx, o)) != SG_OK)
		return rc;
	if (!by_place(o))
		return sg_error__set(ctx, SG_EINVALID,
				     WHAT ": not measured by place");
	if ((rc = zone_parts(ctx, &pv)) != SG_OK)
		return rc;
	if (pv.n == 0)
		return sg_error__set(ctx, SG_EINVALID,
				     WHAT ": the store lies in one zone");
	if (!o->standards && sg_standards_new(&defaults) != SG_OK) {
		sg_catch__provinces_free(&pv);
		return sg_error__oom(ctx, WHAT);
	}
	rc = load_parts(ctx, o, o->standards ? o->standards : defaults, &pv,
			&P);
	for (size_t i = 0; rc == SG_OK && i < P.n; i++) {
		nc += P.p[i].nsq;
		ns += P.p[i].d.nschools;
	}
	out->nparts = P.n;
	out->epsg = calloc(P.n ? P.n : 1, sizeof(int));
	out->lon = malloc((nc ? nc : 1) * sizeof(double));
	out->lat = malloc((nc ? nc : 1) * sizeof(double));
	out->w = malloc((nc ? nc : 1) * sizeof(double));
	out->part = malloc((nc ? nc : 1) * sizeof(size_t));
	out->slon = malloc((ns ? ns : 1) * sizeof(double));
	out->slat = malloc((ns ? ns : 1) * sizeof(double));
	out->spart = malloc((ns ? ns : 1) * sizeof(size_t));
	if (rc == SG_OK &&
	    (!out->epsg || !out->lon || !out->lat || !out->w || !out->part ||
	     !out->slon || !out->slat || !out->spart))
		rc = sg_error__oom(ctx, WHAT);
	for (size_t i = 0; rc == SG_OK && i < P.n; i++) {
		part *q = &P.p[i];
		size_t a = out->ncells, b = out->nschools;

		sscanf(q->d.crs, "EPSG:%d", &out->epsg[i]);
		memcpy(out->lon + a, q->dx, q->nsq * sizeof(double));
		memcpy(out->lat + a, q->dy, q->nsq * sizeof(double));
		memcpy(out->w + a, q->dw, q->nsq * sizeof(double));
		sg_crs__points(q->d.to_wgs84, out->lon + a, out->lat + a,
			       q->nsq);
		for (size_t j = 0; j < q->nsq; j++)
			out->part[a + j] = i;
		out->ncells += q->nsq;
		memcpy(out->slon + b, q->d.x, q->d.nschools * sizeof(double));
		memcpy(out->slat + b, q->d.y, q->d.nschools * sizeof(double));
		sg_crs__points(q->d.to_wgs84, out->slon + b, out->slat + b,
			       q->d.nschools);
		for (size_t j = 0; j < q->d.nschools; j++)
			out->spart[b + j] = i;
		out->nschools += q->d.nschools;
	}
	if (rc == SG_OK) {
		out->ncand = P.coff[P.n];
		out->clon = P.clon;
		out->clat = P.clat;
		P.clon = P.clat = NULL;
		out->radius = P.dist;
	}
	parts_free(ctx, &P);
	sg_catch__provinces_free(&pv);
	sg_standards_free(defaults);
	if (rc != SG_OK)
		sg_sites__problem_free(out);
	return rc;
}

void sg_sites__problem_free(sg_sites_problem *p)
{
	free(p->epsg);
	free(p->lon);
	free(p->lat);
	free(p->w);
	free(p->part);
	free(p->clon);
	free(p->clat);
	free(p->slon);
	free(p->slat);
	free(p->spart);
	memset(p, 0, sizeof(*p));
}

/*---- The command --------------------------------------------------------*/

int sg_sites_suggest(sg_ctx *ctx, const sg_sites_options *opts,
		     sg_sites_result **out)
{
	sg_standards *defaults = NULL;
	const sg_standards *std;
	sg_catch_data d = { 0 };
	sg_catch_in cin;
	sg_catch *c = NULL;
	sg_poprast *pr = NULL;
	sg_poprast_summary rs;
	sg_catch_square *sq = NULL;
	size_t nsq = 0;
	sg_pip *area = NULL;
	sg_sites_cands k = { 0 };
	double *dx = NULL, *dy = NULL, *dw = NULL, dist, cs;
	sg_sites_in in;
	sg_sites_out g = { 0 };
	sg_sites_result *r = NULL;
	char cand_stamp[160] = "";
	sg_scope *scope = NULL;
	const sg_roads_distance *road = NULL;
	sg_roads_info rinfo;
	int rc;

	if (out)
		*out = NULL;
	sg_error__clear(ctx);
	memset(&rinfo, 0, sizeof(rinfo));
	if (!out)
		return sg_error__set(ctx, SG_EINVALID,
				     WHAT ": no result "
					  "pointer");
	if ((rc = sg_sites_options_check(ctx, opts)) != SG_OK)
		return rc;
	if ((rc = sg_db__need(ctx)) != SG_OK)
		return rc;
	/* Files that cannot be used fail before any work. */
	if (opts->population_raster && *opts->population_raster &&
	    (rc = sg_poprast__open(ctx, opts->population_raster, &pr)) != SG_OK)
		return rc;
	if (opts->candidates && *opts->candidates &&
	    strncmp(opts->candidates, "/vsi", 4) != 0 &&
	    !strchr(opts->candidates, ':') &&
	    access(opts->candidates, R_OK) != 0) {
		sg_poprast__close(pr);
		return sg_error__set(ctx, SG_ENOTFOUND,
				     WHAT ": candidates %s:"
					  " %s",
				     opts->candidates, strerror(errno));
	}
	std = opts->standards;
	if (!std) {
		if (sg_standards_new(&defaults) != SG_OK) {
			sg_poprast__close(pr);
			return sg_error__oom(ctx, WHAT);
		}
		std = defaults;
	}
	/* A whole store of provinces in more than one UTM zone: measured
	 * by place (above). */
	if (by_place(opts)) {
		sg_catch_provinces pv;

		rc = zone_parts(ctx, &pv);
		if (rc == SG_OK && pv.n > 0) {
			rc = suggest_parts(ctx, opts, std, &pv, &r);
			sg_catch__provinces_free(&pv);
			goto out;
		}
	}
	if (rc == SG_OK && opts->version >= 2)
		rc = sg_scope__open(ctx, WHAT, opts->unit, opts->margin,
				    &scope);
	if (rc == SG_OK)
		rc = sg_catch__load(ctx, WHAT, scope, opts->level, opts->year,
				    opts->population_year, std, opts->crs, &d);
	if (rc != SG_OK)
		goto out;
	dist = opts->max_distance > 0 ? opts->max_distance : d.distance_norm;
	if (!(dist > 0)) {
		rc = sg_error__set(ctx, SG_EINVALID,
				   WHAT ": no distance norm "
					"for %s (distance.%s is none): give a "
					"maximum distance",
				   d.level_name, d.level_name);
		goto out;
	}
	cs = opts->cell_size > 0 ? opts->cell_size : 250;
	/* The grid needs the wards only: no school sites (and no warnings
	 * about schools sharing a location). */
	cin = d.in;
	cin.nschools = 0;
	if ((rc = sg_catch__new(ctx, &cin, &c)) != SG_OK)
		goto out;
	if (pr && (rc = sg_poprast__spread(pr, c, &d, cs, &rs)) != SG_OK)
		goto out;
	if ((rc = sg_catch__grid(c, cs, &sq, &nsq, NULL)) != SG_OK)
		goto out;
	if ((rc = sg_pip__new(ctx, c->study, &area)) != SG_OK)
		goto out;
	if (opts->candidates && *opts->candidates) {
		rc = sg_sites__file_cands(ctx, opts->candidates,
					  opts->candidates_id, &d, area, &k);
		sg_poprast__file_stamp(opts->candidates, cand_stamp,
				       sizeof(cand_stamp));
	} else {
		rc = sg_sites__grid_cands(ctx, sq, nsq, area, &k);
	}
	if (rc != SG_OK)
		goto out;
	dx = malloc((nsq ? nsq : 1) * sizeof(double));
	dy = malloc((nsq ? nsq : 1) * sizeof(double));
	dw = malloc((nsq ? nsq : 1) * sizeof(double));
	r = calloc(1, sizeof(*r));
	if (r) {
		r->version = SG_SITES_RESULT_VERSION;
		r->crs = strdup("");
		r->network = strdup("");
	}
	if (!dx || !dy || !dw || !r || !r->crs || !r->network) {
		rc = sg_error__oom(ctx, WHAT);
		goto out;
	}
	for (size_t i = 0; i < nsq; i++) {
		dx[i] = sq[i].cx;
		dy[i] = sq[i].cy;
		dw[i] = sq[i].pop;
	}
	memset(&in, 0, sizeof(in));
	in.ndemand = nsq;
	in.dx = dx;
	in.dy = dy;
	in.dw = dw;
	in.ncand = k.n;
	in.cx = k.x;
	in.cy = k.y;
	in.nexisting = opts->ignore_existing ? 0 : d.nschools;
	in.ex = d.x;
	in.ey = d.y;
	in.radius = dist;
	in.count = opts->count;
	road = opts->version >= 3 ? opts->road : NULL;
	if (road)
		rc = sg_sites__by_road(ctx, road, &d, &in, r, &rinfo, &g);
	else
		rc = sg_sites__greedy(ctx, &in, &g);
	if (rc != SG_OK)
		goto out;
	r->count = opts->count;
	r->exhausted = g.exhausted;
	r->children = g.total;
	r->served_before = g.served_before;
	r->served_after = g.served_before;
	for (size_t i = 0; i < g.npicked; i++)
		r->served_after += g.gain[i];
	r->served_before_pct = g.total > 0 ? 100 * g.served_before / g.total
					   : NAN;
	r->served_after_pct = g.total > 0 ? 100 * r->served_after / g.total
					  : NAN;
	r->schools = in.nexisting;
	r->cells = nsq;
	r->candidates = k.n;
	r->candidates_outside = k.outside;
	r->evaluations = g.evaluations;
	r->max_distance = road && road->cost == SG_ROADS_COST_TIME ? NAN : dist;
	if (!road)
		r->max_minutes = NAN;
	r->cell_size = cs;
	r->age_from = d.age_from;
	r->age_to = d.age_to;
	r->level = (sg_level)d.level;
	free(r->crs);
	if (!(r->crs = strdup(d.crs))) {
		rc = sg_error__oom(ctx, WHAT);
		goto out;
	}
	if ((rc = sg_sites__fill(ctx, &d, &k, sq, cs, &g, r)) != SG_OK)
		goto out;
	if (!opts->dry_run)
		rc = sg_sites__store(ctx, opts, &d, r, std, pr,
				     k.cell ? NULL : cand_stamp, road, &rinfo);
out:
	sg_scope_free(scope);
	if (rc == SG_OK) {
		*out = r;
		r = NULL;
	}
	sg_sites_result_free(r);
	sg_sites__out_free(&g);
	free(dx);
	free(dy);
	free(dw);
	sg_sites__cands_free(&k);
	sg_pip__free(area);
	free(sq);
	sg_catch__free(c);
	sg_catch__data_free(ctx, &d);
	sg_standards_free(defaults);
	sg_poprast__close(pr);
	return rc;
}

/*---- Writing the sites --------------------------------------------------*/
