/*
 * layers/sites.c - the I/O of `schoolgis suggest-sites` (the driver is
 * ops/sites.c): the candidate sites of a file through OGR, the run in
 * the store, the greedy by road (which reads the road network), and
 * sg_sites_write, the sites through layers/ogr_out.c.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <ogr_srs_api.h>

#include "engine/pip.h"
#include "engine/sites.h"
#include "schoolgis/import.h"
#include "engine/text.h"
#include "layers/catchments_int.h"
#include "layers/roads_int.h"
#include "layers/runs.h"
#include "layers/sites_int.h"
#include "schoolgis/sites.h"
#include "util/file.h"

#define WHAT "suggest-sites"
/* Candidates outside the study area named in the warning at most. */
#define OUTSIDE_NAMED 5

static char *dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

/*---- Options ------------------------------------------------------------*/

int sg_sites_options_check(sg_ctx *ctx, const sg_sites_options *o)
{
	unsigned mask;

	if (ctx)
		sg_error__clear(ctx);
	if (!o || o->version < 1 || o->version > SG_SITES_OPTIONS_VERSION)
		return sg_error__set(ctx, SG_EINVALID,
				     WHAT ": options "
					  "missing or of another version");
	if (!o->level || sg_text__level_parse(o->level, &mask) != 0 ||
	    (mask & (mask - 1)) != 0)
		return sg_error__set(ctx, SG_EINVALID,
				     WHAT ": unknown level "
					  "'%s' (preschool, primary, "
					  "lower_secondary, upper_secondary)",
				     o->level ? o->level : "");
	if (o->count < 1)
		return sg_error__set(ctx, SG_EINVALID,
				     WHAT ": the number of "
					  "sites must be at least 1");
	if (o->max_distance < 0 || isinf(o->max_distance))
		return sg_error__set(ctx, SG_EINVALID,
				     WHAT
				     ": the maximum "
				     "distance must be a positive number of "
				     "metres");
	if (!(o->cell_size >= 0) || isinf(o->cell_size))
		return sg_error__set(ctx, SG_EINVALID,
				     WHAT
				     ": the cell size "
				     "must be a positive number of metres");
	return SG_OK;
}

/*---- Candidates ---------------------------------------------------------*/

/* The field of the layer whose folded name is one of names[], or -1. */
static int find_field(OGRFeatureDefnH defn, const char *const *names)
{
	int nf = OGR_FD_GetFieldCount(defn);
	char folded[128];

	for (const char *const *nm = names; *nm; nm++)
		for (int i = 0; i < nf; i++) {
			sg_text__fold(OGR_Fld_GetNameRef(
					      OGR_FD_GetFieldDefn(defn, i)),
				      folded, sizeof(folded));
			if (strcmp(folded, *nm) == 0)
				return i;
		}
	return -1;
}

static int cands_push(sg_ctx *ctx, sg_sites_cands *k, double x, double y,
		      const char *id, const char *name)
{
	if (k->n == k->cap) {
		size_t nc = k->cap ? 2 * k->cap : 256;
		double *a = realloc(k->x, nc * sizeof(double));
		double *b = a ? realloc(k->y, nc * sizeof(double)) : NULL;
		char **c = b ? realloc(k->id, nc * sizeof(char *)) : NULL;
		char **e = c ? realloc(k->name, nc * sizeof(char *)) : NULL;

		if (a)
			k->x = a;
		if (b)
			k->y = b;
		if (c)
			k->id = c;
		if (e)
			k->name = e;
		if (!e)
			return sg_error__oom(ctx, WHAT);
		k->cap = nc;
	}
	k->x[k->n] = x;
	k->y[k->n] = y;
	k->id[k->n] = dup_or_empty(id);
	k->name[k->n] = dup_or_empty(name);
	k->n++;
	if (!k->id[k->n - 1] || !k->name[k->n - 1])
		return sg_error__oom(ctx, WHAT);
	return SG_OK;
}

/* A feature's location: a point as it is, any other geometry by a point
 * on its surface.  0, or -1 when it has none. */
static int feature_xy(OGRFeatureH f, double *x, double *y)
{
	OGRGeometryH g = OGR_F_GetGeometryRef(f), p = NULL;
	int ok;

	if (!g || OGR_G_IsEmpty(g))
		return -1;
	if (wkbFlatten(OGR_G_GetGeometryType(g)) == wkbPoint) {
		*x = OGR_G_GetX(g, 0);
		*y = OGR_G_GetY(g, 0);
		return 0;
	}
	p = OGR_G_PointOnSurface(g);
	ok = p && !OGR_G_IsEmpty(p) &&
	     wkbFlatten(OGR_G_GetGeometryType(p)) == wkbPoint;
	if (ok) {
		*x = OGR_G_GetX(p, 0);
		*y = OGR_G_GetY(p, 0);
	}
	OGR_G_DestroyGeometry(p);
	return ok ? 0 : -1;
}

/* Read the first layer of the file: every feature with a location. */
static int read_file(sg_ctx *ctx, const char *path, const char *name,
		     const char *id_col, sg_sites_cands *k, char **wkt)
{
	static const char *const csv_opts[] = {
		"X_POSSIBLE_NAMES=lon,lng,long,longitude,x,kinh_do,kinhdo,"
		"kinh do,Kinh độ",
		"Y_POSSIBLE_NAMES=lat,latitude,y,vi_do,vido,vi do,Vĩ độ", NULL
	};
	static const char *const id_names[] = { "id", "code", "ma", NULL };
	static const char *const name_names[] = { "name", "ten", NULL };
	const char *wkt_opts[] = { "FORMAT=WKT2_2019", NULL };
	OGRSpatialReferenceH srs;
	OGRFeatureDefnH defn;
	GDALDatasetH ds;
	OGRLayerH lyr;
	OGRFeatureH f;
	int idf, namef, rc = SG_OK;
	size_t nogeom = 0;

	*wkt = NULL;
	if (strncmp(path, "/vsi", 4) != 0 && !strchr(path, ':') &&
	    access(path, R_OK) != 0)
		return sg_error__set(ctx, SG_ENOTFOUND,
				     WHAT ": candidates %s:"
					  " %s",
				     name, strerror(errno));
	sg_gdal__begin(ctx);
	ds = GDALOpenEx(path,
			GDAL_OF_VECTOR | GDAL_OF_READONLY |
				GDAL_OF_VERBOSE_ERROR,
			NULL, sg_path__has_ext(path, ".csv") ? csv_opts : NULL,
			NULL);
	if (!ds) {
		if (sg_pg__is_dsn(path))
			sg_pg__scrub(path, ctx->gdal_msg);
		rc = sg_error__set(ctx, SG_EGDAL,
				   WHAT ": candidates %s: OGR "
					"cannot open it: %s",
				   name, sg_gdal__msg(ctx));
		goto done;
	}
	if (!(lyr = GDALDatasetGetLayer(ds, 0))) {
		rc = sg_error__set(ctx, SG_EINVALID,
				   WHAT ": candidates %s: "
					"no layer",
				   name);
		goto done;
	}
	defn = OGR_L_GetLayerDefn(lyr);
	if (id_col && *id_col) {
		if ((idf = OGR_FD_GetFieldIndex(defn, id_col)) < 0) {
			rc = sg_error__set(ctx, SG_EINVALID,
					   WHAT ": "
						"candidates %s: no column '%s'",
					   name, id_col);
			goto done;
		}
	} else {
		idf = find_field(defn, id_names);
	}
	namef = find_field(defn, name_names);
	if ((srs = OGR_L_GetSpatialRef(lyr)) &&
	    (OSRExportToWktEx(srs, wkt, wkt_opts) != OGRERR_NONE || !*wkt ||
	     !**wkt)) {
		rc = sg_error__set(ctx, SG_EGDAL,
				   WHAT ": candidates %s: its "
					"CRS cannot be read: %s",
				   name, sg_gdal__msg(ctx));
		goto done;
	}
	OGR_L_ResetReading(lyr);
	while (rc == SG_OK && (f = OGR_L_GetNextFeature(lyr))) {
		char fid[32];
		double x, y;

		snprintf(fid, sizeof(fid), "%lld", (long long)OGR_F_GetFID(f));
		if (feature_xy(f, &x, &y) != 0)
			nogeom++;
		else
			rc = cands_push(
				ctx, k, x, y,
				idf >= 0 && OGR_F_IsFieldSetAndNotNull(f, idf)
					? OGR_F_GetFieldAsString(f, idf)
					: fid,
				namef >= 0 && OGR_F_IsFieldSetAndNotNull(f,
									 namef)
					? OGR_F_GetFieldAsString(f, namef)
					: "");
		OGR_F_Destroy(f);
	}
	if (rc == SG_OK && nogeom > 0) {
		sg_ctx__warn(ctx,
			     WHAT ": candidates %s: %zu feature%s "
				  "without a location left out",
			     name, nogeom, nogeom == 1 ? "" : "s");
		k->outside += nogeom;
	}
done:
	if (ds)
		GDALClose(ds);
	sg_gdal__end(ctx);
	return rc;
}

/* The candidates of a file, in the metric CRS, inside the study area. */
int sg_sites__file_cands(sg_ctx *ctx, const char *path, const char *id_col,
			 const sg_catch_data *d, const sg_pip *area,
			 sg_sites_cands *k)
{
	char *wkt = NULL, named[512], name[1024];
	sg_crs_tx *tx = NULL;
	size_t kept = 0, out = 0, len = 0;
	int rc;

	memset(k, 0, sizeof(*k));
	/* Messages name a PG: source without its password. */
	sg_source_name(path, NULL, name, sizeof(name));
	rc = read_file(ctx, path, name, id_col, k, &wkt);
	/* No CRS: a CSV's lon/lat, i.e. EPSG:4326 -- if they can be. */
	for (size_t i = 0; rc == SG_OK && !wkt && i < k->n; i++)
		if (fabs(k->x[i]) > 180 || fabs(k->y[i]) > 90)
			rc = sg_error__set(
				ctx, SG_EINVALID,
				WHAT ": candidates "
				     "%s: no CRS, and feature %zu (%s) at "
				     "%g, %g is not longitude/latitude: "
				     "give the file its CRS (a .prj, a "
				     "GeoPackage) or lon/lat columns",
				name, i + 1, k->id[i], k->x[i], k->y[i]);
	if (rc == SG_OK)
		rc = sg_crs__new(ctx, &tx, wkt ? wkt : "EPSG:4326", d->crs,
				 name);
	CPLFree(wkt);
	if (rc != SG_OK)
		return rc;
	if (k->n == 0) {
		sg_crs__free(tx);
		return sg_error__set(ctx, SG_EINVALID,
				     WHAT
				     ": candidates %s: "
				     "no points (a CSV needs columns lon/lat, "
				     "x/y or Kinh độ/Vĩ độ; other files point "
				     "or polygon features)",
				     name);
	}
	sg_crs__points(tx, k->x, k->y, k->n);
	sg_crs__free(tx);
	named[0] = '\0';
	for (size_t i = 0; i < k->n; i++) {
		if (!isnan(k->x[i]) && !isnan(k->y[i]) &&
		    sg_pip__contains(area, k->x[i], k->y[i])) {
			k->x[kept] = k->x[i];
			k->y[kept] = k->y[i];
			k->id[kept] = k->id[i];
			k->name[kept++] = k->name[i];
			continue;
		}
		if (out++ < OUTSIDE_NAMED && len + 40 < sizeof(named))
			len += (size_t)snprintf(named + len,
						sizeof(named) - len, "%s%.32s",
						len ? ", " : "", k->id[i]);
		free(k->id[i]);
		free(k->name[i]);
	}
	k->n = kept;
	k->outside += out;
	if (out > 0)
		sg_ctx__warn(ctx,
			     WHAT ": candidates %s: %zu point%s outside "
				  "the study area left out: %s%s",
			     name, out, out == 1 ? "" : "s", named,
			     out > OUTSIDE_NAMED ? ", ..." : "");
	if (kept == 0)
		return sg_error__set(ctx, SG_EINVALID,
				     WHAT ": candidates %s: "
					  "no point inside the study area",
				     name);
	return SG_OK;
}

/*---- The result ---------------------------------------------------------*/

void sg_sites_result_free(sg_sites_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; r->sites && i < r->nsites; i++) {
		free(r->sites[i].unit_code);
		free(r->sites[i].unit_name);
		free(r->sites[i].candidate_id);
		free(r->sites[i].candidate_name);
	}
	free(r->sites);
	free(r->crs);
	free(r->network);
	free(r);
}

/*---- Storing the run ----------------------------------------------------*/

static int begin_run(sg_ctx *ctx, const sg_sites_options *o,
		     const sg_catch_data *d, const sg_sites_result *r,
		     const sg_standards *std, const sg_poprast *pr,
		     const char *cand_stamp, int64_t *run_id)
{
	char ages[32], cname[1024] = "";
	const char *rpath = pr ? sg_poprast__path(pr) : NULL;
	const char *rstamp = pr ? sg_poprast__stamp(pr) : NULL;
	const char *cand = cand_stamp ? cname : NULL;

	if (cand_stamp)
		sg_source_name(o->candidates, NULL, cname, sizeof(cname));
	snprintf(ages, sizeof(ages), "%d-%d", d->age_from, d->age_to);
	{
		const sg_run_kv params[] = {
			SG_RUN_TEXT("level", d->level_name),
			SG_RUN_INT("count", (double)o->count),
			SG_RUN_NUM("max_distance_m", r->max_distance),
			SG_RUN_NUM("cell_size_m", r->cell_size),
			SG_RUN_TEXT("year", o->year),
			SG_RUN_TEXT("population_year", o->population_year),
			SG_RUN_TEXT("crs", d->crs),
			SG_RUN_TEXT("standards", sg_standards_source(std)),
			SG_RUN_TEXT("ages", ages),
			SG_RUN_TEXT("population_raster", rpath),
			SG_RUN_TEXT("population_raster_file", rstamp),
			SG_RUN_TEXT("candidates", cand),
			SG_RUN_TEXT("candidates_file", cand_stamp),
			SG_RUN_TEXT("candidates_id",
				    cand_stamp ? o->candidates_id : NULL),
			SG_RUN_BOOL("ignore_existing", o->ignore_existing),
			SG_RUN_TEXT("unit", o->version >= 2 ? o->unit : NULL),
		};
		const sg_run_kv inputs[] = { SG_RUN_TEXT(rpath, rstamp),
					     SG_RUN_TEXT(cand, cand_stamp) };
		const sg_run run = { "suggest-sites", params,
				     sizeof(params) / sizeof(*params), inputs,
				     2 };

		return sg_run__begin(ctx, WHAT, &run, run_id);
	}
}

static int put_results(sg_ctx *ctx, int64_t run, const sg_sites_result *r,
		       const sg_roads_distance *road,
		       const sg_roads_info *rinfo)
{
	const struct {
		const char *key;
		double v;
	} kv[] = {
		{ "sites", (double)r->nsites },
		{ "count", (double)r->count },
		{ "children", r->children },
		{ "served_before", r->served_before },
		{ "served_before_pct", r->served_before_pct },
		{ "served_after", r->served_after },
		{ "served_after_pct", r->served_after_pct },
		{ SG_RESULT_SCHOOLS, (double)r->schools },
		{ SG_RESULT_CELLS, (double)r->cells },
		{ "candidates", (double)r->candidates },
		{ "candidates_outside", (double)r->candidates_outside },
		{ "max_distance_m", r->max_distance },
		{ "cell_size_m", r->cell_size },
	};
	sqlite3_stmt *st = NULL;
	int rc;

	rc = sg_db__prepare(ctx, WHAT,
			    "INSERT INTO results (run_id, subject, "
			    "key, value) VALUES (?1, ?2, ?3, ?4)",
			    &st);
	for (size_t i = 0; rc == SG_OK && i < sizeof(kv) / sizeof(*kv); i++)
		rc = sg_db__put_result(ctx, st, WHAT, run, SG_RESULT_SUMMARY,
				       kv[i].key, kv[i].v, NULL);
	for (size_t i = 0; rc == SG_OK && i < r->nsites; i++) {
		const sg_site *s = &r->sites[i];
		const struct {
			const char *key;
			double v;
			const char *t;
		} sv[] = {
			{ "lon", s->lon, NULL },
			{ "lat", s->lat, NULL },
			{ "x", s->x, NULL },
			{ "y", s->y, NULL },
			{ "children", s->children, NULL },
			{ "cumulative", s->cumulative, NULL },
			{ "cumulative_pct", s->cumulative_pct, NULL },
			{ "unit_code", NAN, s->unit_code },
			{ "candidate", NAN, s->candidate_id },
		};
		char subject[32];

		snprintf(subject, sizeof(subject), "site:%d", s->rank);
		for (size_t j = 0; rc == SG_OK && j < sizeof(sv) / sizeof(*sv);
		     j++)
			rc = sg_db__put_result(ctx, st, WHAT, run, subject,
					       sv[j].key, sv[j].v, sv[j].t);
	}
	if (rc == SG_OK && road)
		rc = sg_roads__put_run(ctx, st, WHAT, run, road, rinfo);
	if (rc == SG_OK && road)
		rc = sg_db__put_result(ctx, st, WHAT, run, "roads",
				       "cells_off_road",
				       (double)r->cells_off_road, NULL);
	if (rc == SG_OK && road)
		rc = sg_db__put_result(ctx, st, WHAT, run, "roads",
				       "candidates_off_road",
				       (double)r->candidates_off_road, NULL);
	if (st)
		sqlite3_finalize(st);
	return rc;
}

static int finish_run(sg_ctx *ctx, int64_t run, const sg_sites_result *r)
{
	const sg_run_kv kv[] = {
		SG_RUN_INT("sites", (double)r->nsites),
		SG_RUN_NUM("children", r->children),
		SG_RUN_NUM("served_before", r->served_before),
		SG_RUN_NUM("served_after", r->served_after),
		SG_RUN_INT(SG_RESULT_SCHOOLS, (double)r->schools),
		SG_RUN_INT(SG_RESULT_CELLS, (double)r->cells),
		SG_RUN_INT("candidates", (double)r->candidates),
	};

	return sg_run__finish(ctx, WHAT, run, kv, sizeof(kv) / sizeof(*kv));
}

int sg_sites__store(sg_ctx *ctx, const sg_sites_options *o,
		    const sg_catch_data *d, sg_sites_result *r,
		    const sg_standards *std, const sg_poprast *pr,
		    const char *cand_stamp, const sg_roads_distance *road,
		    const sg_roads_info *rinfo)
{
	int64_t run = 0;
	int rc;

	if ((rc = sg_db__begin(ctx)) != SG_OK)
		return rc;
	rc = begin_run(ctx, o, d, r, std, pr, cand_stamp, &run);
	if (rc == SG_OK)
		rc = put_results(ctx, run, r, road, rinfo);
	if (rc == SG_OK)
		rc = finish_run(ctx, run, r);
	if (rc == SG_OK)
		rc = sg_db__commit(ctx);
	if (rc != SG_OK) {
		sg_db__rollback(ctx);
		return rc;
	}
	r->run_id = run;
	return SG_OK;
}

/*---- By road ------------------------------------------------------------*/

/*
 * The greedy by road: the existing schools' search (layers/roads.c) gives
 * each demand cell its trip to the nearest school; cells and candidates
 * are snapped to the same network; engine/sites_road.c chooses.  Fills
 * r's road fields and warns about what lies off the roads.
 */
int sg_sites__by_road(sg_ctx *ctx, const sg_roads_distance *road,
		      const sg_catch_data *d, const sg_sites_in *in,
		      sg_sites_result *r, sg_roads_info *rinfo, sg_sites_out *g)
{
	sg_roads_dist rd;
	sg_sites_road_in ri;
	sg_road_snap *dsnap = NULL, *csnap = NULL;
	double *dex = NULL, reach = in->radius;
	int rc;

	if (road->cost == SG_ROADS_COST_TIME) {
		if (!(road->max_minutes > 0) || isinf(road->max_minutes))
			return sg_error__set(ctx, SG_EINVALID,
					     WHAT
					     ": with "
					     "the time cost, give the reach in "
					     "minutes");
		reach = road->max_minutes * 60;
	}
	rc = sg_roads__dist_open(ctx, WHAT, road, d->crs, in->ex, in->ey,
				 (const char *const *)d->school_code,
				 in->nexisting, 1, &rd);
	if (rc != SG_OK)
		return rc;
	dsnap = malloc((in->ndemand ? in->ndemand : 1) * sizeof(*dsnap));
	dex = malloc((in->ndemand ? in->ndemand : 1) * sizeof(*dex));
	csnap = malloc((in->ncand ? in->ncand : 1) * sizeof(*csnap));
	if (!dsnap || !dex || !csnap) {
		rc = sg_error__oom(ctx, WHAT);
		goto done;
	}
	for (size_t i = 0; i < in->ndemand; i++) {
		dex[i] = INFINITY;
		if (!sg_road__snap(rd.net, in->dx[i], in->dy[i], rd.limit,
				   &dsnap[i])) {
			r->cells_off_road++;
			if (in->dw[i] > 0)
				r->children_off_road += in->dw[i];
			continue;
		}
		if (in->nexisting)
			sg_road__field_nearest(rd.field, &dsnap[i], &dex[i]);
	}
	for (size_t c = 0; c < in->ncand; c++)
		r->candidates_off_road += !sg_road__snap(rd.net, in->cx[c],
							 in->cy[c], rd.limit,
							 &csnap[c]);
	if (r->cells_off_road)
		sg_ctx__warn(ctx,
			     WHAT
			     ": %zu of %zu cells (%.0f children) lie "
			     "farther than %g m from the roads of '%s': within "
			     "reach of no school or site by road",
			     r->cells_off_road, in->ndemand,
			     r->children_off_road, rd.limit, rd.info.name);
	if (r->candidates_off_road)
		sg_ctx__warn(ctx,
			     WHAT ": %zu of %zu candidates lie farther "
				  "than %g m from the roads of '%s': left out",
			     r->candidates_off_road, in->ncand, rd.limit,
			     rd.info.name);
	memset(&ri, 0, sizeof(ri));
	ri.net = rd.net;
	ri.cost = rd.cost;
	ri.ndemand = in->ndemand;
	ri.dsnap = dsnap;
	ri.dw = in->dw;
	ri.dexisting = in->nexisting ? dex : NULL;
	ri.ncand = in->ncand;
	ri.csnap = csnap;
	ri.reach = reach;
	ri.count = in->count;
	rc = sg_sites__greedy_road(ctx, &ri, g);
	r->by_road = true;
	r->time_cost = road->cost == SG_ROADS_COST_TIME;
	r->max_minutes = r->time_cost ? road->max_minutes : NAN;
	free(r->network);
	if (!(r->network = strdup(rd.info.name)) && rc == SG_OK)
		rc = sg_error__oom(ctx, WHAT);
	r->profile = rd.info.profile;
	*rinfo = rd.info;
done:
	free(dsnap);
	free(dex);
	free(csnap);
	sg_roads__dist_close(&rd);
	return rc;
}

int sg_sites_write(sg_ctx *ctx, const sg_sites_result *r, const char *path,
		   bool overwrite)
{
	static const struct {
		const char *name;
		OGRFieldType type;
	} fields[] = {
		{ "rank", OFTInteger },
		{ "lon", OFTReal },
		{ "lat", OFTReal },
		{ "children", OFTReal },
		{ "cumulative", OFTReal },
		{ "cumulative_pct", OFTReal },
		{ "unit_code", OFTString },
		{ "unit_name", OFTString },
		{ "candidate_id", OFTString },
		{ "candidate_name", OFTString },
		{ "level", OFTString },
		{ "max_distance_m", OFTReal },
		{ "run_id", OFTInteger64 },
	};
	const size_t nf = sizeof(fields) / sizeof(*fields);
	const char *driver;
	OGRFeatureDefnH defn;
	sg_out o;
	int rc, csv = 0;

	sg_error__clear(ctx);
	if (!r || !path)
		return sg_error__set(ctx, SG_EINVALID,
				     WHAT ": no result or "
					  "no file to write");
	if (sg_path__has_ext(path, ".gpkg")) {
		driver = "GPKG";
	} else if (sg_path__has_ext(path, ".geojson") ||
		   sg_path__has_ext(path, ".json")) {
		driver = "GeoJSON";
	} else if (sg_path__has_ext(path, ".csv")) {
		driver = "CSV";
		csv = 1;
	} else {
		return sg_error__set(ctx, SG_EINVALID,
				     WHAT
				     ": %s: unknown "
				     "format (use .gpkg, .geojson or .csv)",
				     path);
	}
	rc = sg_out__open(ctx, &o, driver, path, overwrite, "sites",
			  csv ? wkbNone : wkbPoint, NULL);
	for (size_t i = 0; rc == SG_OK && i < nf; i++) {
		OGRFieldDefnH fd = OGR_Fld_Create(fields[i].name,
						  fields[i].type);

		if (OGR_L_CreateField(o.layer, fd, 1) != OGRERR_NONE)
			rc = sg_error__set(ctx, SG_EGDAL, WHAT ": %s: OGR: %s",
					   path, sg_gdal__msg(ctx));
		OGR_Fld_Destroy(fd);
	}
	defn = rc == SG_OK ? OGR_L_GetLayerDefn(o.layer) : NULL;
	for (size_t i = 0; rc == SG_OK && i < r->nsites; i++) {
		const sg_site *s = &r->sites[i];
		OGRFeatureH f = OGR_F_Create(defn);

		OGR_F_SetFieldInteger(f, 0, s->rank);
		OGR_F_SetFieldDouble(f, 1, s->lon);
		OGR_F_SetFieldDouble(f, 2, s->lat);
		OGR_F_SetFieldDouble(f, 3, s->children);
		OGR_F_SetFieldDouble(f, 4, s->cumulative);
		if (isnan(s->cumulative_pct))
			OGR_F_SetFieldNull(f, 5);
		else
			OGR_F_SetFieldDouble(f, 5, s->cumulative_pct);
		sg_out__set_text(&o, f, 6, s->unit_code);
		sg_out__set_text(&o, f, 7, s->unit_name);
		sg_out__set_text(&o, f, 8, s->candidate_id);
		sg_out__set_text(&o, f, 9, s->candidate_name);
		sg_out__set_text(&o, f, 10, sg_level_name(r->level));
		OGR_F_SetFieldDouble(f, 11, r->max_distance);
		if (r->run_id)
			OGR_F_SetFieldInteger64(f, 12, r->run_id);
		else
			OGR_F_SetFieldNull(f, 12);
		if (!csv) {
			OGRGeometryH pt = OGR_G_CreateGeometry(wkbPoint);

			OGR_G_SetPoint_2D(pt, 0, s->lon, s->lat);
			OGR_F_SetGeometryDirectly(f, pt);
		}
		if (OGR_L_CreateFeature(o.layer, f) != OGRERR_NONE)
			rc = sg_error__set(ctx, SG_EGDAL, WHAT ": %s: OGR: %s",
					   path, sg_gdal__msg(ctx));
		OGR_F_Destroy(f);
	}
	return sg_out__close(ctx, &o, rc);
}
