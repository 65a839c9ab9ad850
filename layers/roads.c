/*
 * layers/roads.c - road networks in and out of the store: import from
 * OSM files or any line layer through GDAL, with a profile choosing the
 * roads, speeds and one-way handling (schoolgis/roads.h); the islands
 * report; and loading a stored network for a computation.
 *
 * The import reads every line into memory (lon/lat), measures it in the
 * UTM zone of the network's centre, has engine/roads.c build the graph
 * (vertices equal to 1e-7 degree are one node, one edge per segment:
 * sg_road__from_lines), and writes nodes and edges in one transaction.
 * Memory is about 60 bytes a vertex.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <ogr_srs_api.h>

#include "engine/crs.h"
#include "layers/catchments_int.h"
#include "engine/roads_catch.h"
#include "layers/roads_int.h"
#include "layers/runs.h"
#include "schoolgis/import.h"
#include "util/file.h"

#define WHAT "roads"

_Static_assert((int)SG_ROADS_COST_LENGTH == (int)SG_ROAD_COST_LENGTH &&
		       (int)SG_ROADS_COST_TIME == (int)SG_ROAD_COST_TIME,
	       "public and engine cost kinds agree");

/*---- Profiles ---------------------------------------------------------*/

/* km/h per road class and profile; 0: not allowed.  Classes are OSM
 * highway values; "_link" roads take the speed of their road. */
static const struct {
	const char *cls;
	double walk, moto;
} classes[] = {
	{ "motorway", 0, 0 },  { "trunk", 5, 50 },
	{ "primary", 5, 40 },  { "secondary", 5, 35 },
	{ "tertiary", 5, 30 }, { "unclassified", 5, 25 },
	{ "road", 5, 25 },     { "residential", 5, 20 },
	{ "service", 5, 15 },  { "track", 5, 15 },
	{ "path", 5, 15 },     { "living_street", 5, 10 },
	{ "footway", 5, 0 },   { "pedestrian", 5, 0 },
	{ "steps", 5, 0 },     { "cycleway", 5, 0 },
	{ "bridleway", 5, 0 }, { "corridor", 5, 0 },
	{ "alley", 5, 15 },
};
#define NCLASSES (sizeof(classes) / sizeof(*classes))

const char *sg_roads_profile_name(sg_roads_profile p)
{
	return p == SG_ROADS_MOTORBIKE ? "motorbike" : "walking";
}

int sg_roads_profile_parse(const char *s, sg_roads_profile *out)
{
	if (s && (!strcmp(s, "walking") || !strcmp(s, "walk"))) {
		*out = SG_ROADS_WALKING;
		return SG_OK;
	}
	if (s && (!strcmp(s, "motorbike") || !strcmp(s, "moto"))) {
		*out = SG_ROADS_MOTORBIKE;
		return SG_OK;
	}
	return sg_error__set(NULL, SG_EINVALID,
			     WHAT ": unknown profile "
				  "'%s' (walking or motorbike)",
			     s ? s : "");
}

/* Speed (km/h) of class `cls` in the profile; 0: not allowed; -1: a
 * class the profile does not know. */
static double class_speed(sg_roads_profile p, const char *cls)
{
	char base[64];
	size_t n = strlen(cls);

	if (n >= sizeof(base))
		return -1;
	memcpy(base, cls, n + 1);
	if (n > 5 && !strcmp(base + n - 5, "_link"))
		base[n - 5] = '\0';
	for (size_t i = 0; i < NCLASSES; i++)
		if (!strcasecmp(classes[i].cls, base))
			return p == SG_ROADS_MOTORBIKE ? classes[i].moto
						       : classes[i].walk;
	if (!strcmp(base, "construction") || !strcmp(base, "proposed") ||
	    !strcmp(base, "abandoned") || !strcmp(base, "raceway") ||
	    !strcmp(base, "bus_guideway") || !strcmp(base, "platform") ||
	    !strcmp(base, "escape") || !strcmp(base, "busway"))
		return 0;
	return -1;
}

/*---- Reading the lines --------------------------------------------------*/

typedef struct {
	sg_ctx *ctx;
	const sg_roads_import_options *o;
	sg_roads_import_summary *sum;
	const char *path;
	char source[1024]; /* path as messages and the store show it */
	GDALDatasetH ds;
	OGRLayerH layer;
	int osm;
	int f_class, f_speed, f_oneway, f_other;
	double *vx, *vy; /* vertices, lon/lat then metres */
	size_t nv, capv;
	sg_road_line *lines;
	size_t nl, capl;
	char **cls; /* class names seen */
	size_t ncls;
	/* Excluded and unknown classes, for the warning. */
	char excluded[256];
	char unknown[256];
	int64_t nunknown;
} reader;

static int cls_index(reader *r, const char *name, uint16_t *out)
{
	for (size_t i = 0; i < r->ncls; i++)
		if (!strcmp(r->cls[i], name)) {
			*out = (uint16_t)i;
			return SG_OK;
		}
	if (r->ncls >= 65535)
		return sg_error__set(r->ctx, SG_EINVALID,
				     WHAT ": %s: more "
					  "than 65535 road classes",
				     r->source);
	{
		char **v = realloc(r->cls, (r->ncls + 1) * sizeof(*v));

		if (!v)
			return sg_error__oom(r->ctx, WHAT);
		r->cls = v;
		if (!(v[r->ncls] = strdup(name)))
			return sg_error__oom(r->ctx, WHAT);
	}
	*out = (uint16_t)r->ncls++;
	return SG_OK;
}

/* Value of `key` in OSM's other_tags ("k"=>"v","k2"=>"v2"), or "". */
static void osm_tag(const char *tags, const char *key, char *out, size_t n)
{
	char pat[64];
	const char *p, *q;
	size_t len;

	out[0] = '\0';
	if (!tags)
		return;
	snprintf(pat, sizeof(pat), "\"%s\"=>\"", key);
	if (!(p = strstr(tags, pat)))
		return;
	p += strlen(pat);
	if (!(q = strchr(p, '"')))
		return;
	len = (size_t)(q - p) < n - 1 ? (size_t)(q - p) : n - 1;
	memcpy(out, p, len);
	out[len] = '\0';
}

static int oneway_of(const char *v)
{
	if (!strcasecmp(v, "yes") || !strcasecmp(v, "true") ||
	    !strcmp(v, "1") || !strcasecmp(v, "FT"))
		return 1;
	if (!strcmp(v, "-1") || !strcasecmp(v, "reverse") ||
	    !strcasecmp(v, "TF"))
		return -1;
	return 0;
}

static void note(char *list, size_t n, const char *name)
{
	size_t len = strlen(list), k = strlen(name);
	const char *p = list;

	while ((p = strstr(p, name))) {
		if ((p == list || p[-1] == ' ') &&
		    (p[k] == ',' || p[k] == '\0'))
			return;
		p += k;
	}
	if (len + k + 3 < n)
		snprintf(list + len, n - len, "%s%s", len ? ", " : "", name);
}

static int add_vertex(reader *r, double x, double y)
{
	if (r->nv == r->capv) {
		size_t cap = r->capv ? 2 * r->capv : 4096;
		double *a = realloc(r->vx, cap * sizeof(double));
		double *b = a ? realloc(r->vy, cap * sizeof(double)) : NULL;

		if (a)
			r->vx = a;
		if (!b)
			return sg_error__oom(r->ctx, WHAT);
		r->vy = b;
		r->capv = cap;
	}
	r->vx[r->nv] = x;
	r->vy[r->nv++] = y;
	return SG_OK;
}

static int add_line(reader *r, OGRGeometryH g, uint16_t cls, double kmh,
		    int dir)
{
	int n = OGR_G_GetPointCount(g), rc;

	if (n < 2)
		return SG_OK;
	if (r->nl == r->capl) {
		size_t cap = r->capl ? 2 * r->capl : 1024;
		sg_road_line *v = realloc(r->lines, cap * sizeof(*v));

		if (!v)
			return sg_error__oom(r->ctx, WHAT);
		r->lines = v;
		r->capl = cap;
	}
	r->lines[r->nl] = (sg_road_line){ r->nv, (size_t)n, cls, kmh,
					  (int8_t)dir };
	for (int i = 0; i < n; i++)
		if ((rc = add_vertex(r, OGR_G_GetX(g, i), OGR_G_GetY(g, i))) !=
		    SG_OK)
			return rc;
	r->nl++;
	return SG_OK;
}

static int field_of(reader *r, const char *given, const char *const *names,
		    const char *what, int *out)
{
	OGRFeatureDefnH defn = OGR_L_GetLayerDefn(r->layer);

	*out = -1;
	if (given) {
		if ((*out = OGR_FD_GetFieldIndex(defn, given)) < 0)
			return sg_error__set(r->ctx, SG_ENOTFOUND,
					     WHAT ": %s: "
						  "no %s column '%s'",
					     r->source, what, given);
		return SG_OK;
	}
	for (int i = 0; names && names[i]; i++)
		if ((*out = OGR_FD_GetFieldIndex(defn, names[i])) >= 0)
			break;
	return SG_OK;
}

static int open_source(reader *r)
{
	static const char *const class_names[] = { "highway", "fclass", "class",
						   NULL };
	static const char *const oneway_names[] = { "oneway", NULL };
	const char *path = r->path, *lname = r->o->layer;
	sg_ctx *ctx = r->ctx;
	int rc;

	r->osm = sg_path__has_ext(path, ".osm") ||
		 sg_path__has_ext(path, ".pbf");
	if (!sg_pg__is_dsn(path) && strncmp(path, "/vsi", 4) != 0 &&
	    access(path, R_OK) != 0)
		return sg_error__set(ctx, SG_ENOTFOUND, WHAT ": %s: %s",
				     r->source, strerror(errno));
	r->ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL,
			   NULL);
	if (!r->ds) {
		if (sg_pg__is_dsn(path))
			sg_pg__scrub(path, ctx->gdal_msg);
		return sg_error__set(ctx, SG_EGDAL,
				     WHAT ": %s: OGR cannot "
					  "read it: %s",
				     r->source, sg_gdal__msg(ctx));
	}
	if (!lname && r->osm)
		lname = "lines";
	if (lname)
		r->layer = GDALDatasetGetLayerByName(r->ds, lname);
	else if (GDALDatasetGetLayerCount(r->ds) > 0)
		r->layer = GDALDatasetGetLayer(r->ds, 0);
	if (!r->layer)
		return sg_error__set(ctx, SG_ENOTFOUND,
				     WHAT ": %s: no layer "
					  "'%s'",
				     r->source, lname ? lname : "");
	if ((rc = field_of(r, r->o->class_field, class_names, "class",
			   &r->f_class)) != SG_OK ||
	    (rc = field_of(r, r->o->speed_field, NULL, "speed", &r->f_speed)) !=
		    SG_OK ||
	    (rc = field_of(r, r->o->oneway_field, oneway_names, "one-way",
			   &r->f_oneway)) != SG_OK)
		return rc;
	r->f_other = r->osm ? OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(r->layer),
						   "other_tags")
			    : -1;
	return SG_OK;
}

/* The layer's CRS as WKT (caller frees with CPLFree), or the option. */
static int source_crs(reader *r, char **wkt)
{
	OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(r->layer);

	*wkt = NULL;
	if (r->o->crs)
		return SG_OK;
	if (!srs || OSRExportToWkt(srs, wkt) != OGRERR_NONE || !*wkt)
		return sg_error__set(r->ctx, SG_EINVALID,
				     WHAT ": %s: the "
					  "layer has no CRS: name one",
				     r->source);
	return SG_OK;
}

static int read_lines(reader *r)
{
	OGRFeatureH f;
	int64_t seq = 0;
	int rc = SG_OK;

	OGR_L_ResetReading(r->layer);
	while (rc == SG_OK && (f = OGR_L_GetNextFeature(r->layer))) {
		OGRGeometryH g = OGR_F_GetGeometryRef(f);
		OGRwkbGeometryType t = g ? wkbFlatten(OGR_G_GetGeometryType(g))
					 : wkbNone;
		const char *cls = "unclassified";
		char tag[64];
		double kmh;
		int dir = 0;
		uint16_t ci = 0;

		seq++;
		r->sum->features++;
		if (r->f_class >= 0 &&
		    OGR_F_IsFieldSetAndNotNull(f, r->f_class)) {
			cls = OGR_F_GetFieldAsString(f, r->f_class);
		} else if (r->osm) {
			/* OSM lines without highway=* are rivers, rails... */
			OGR_F_Destroy(f);
			r->sum->features--;
			continue;
		}
		if (t != wkbLineString && t != wkbMultiLineString) {
			r->sum->rejected++;
			if (r->sum->rejected <= 10)
				sg_ctx__warn(r->ctx,
					     WHAT ": %s: feature %lld "
						  "(row %lld): %s, not a line: "
						  "skipped",
					     r->source,
					     (long long)OGR_F_GetFID(f),
					     (long long)seq,
					     g ? OGR_G_GetGeometryName(g)
					       : "no geometry");
			OGR_F_Destroy(f);
			continue;
		}
		kmh = class_speed(r->o->profile, cls);
		if (kmh < 0) {
			r->nunknown++;
			note(r->unknown, sizeof(r->unknown), cls);
		}
		if (kmh <= 0) {
			if (kmh == 0)
				note(r->excluded, sizeof(r->excluded), cls);
			r->sum->excluded++;
			OGR_F_Destroy(f);
			continue;
		}
		if (r->o->profile == SG_ROADS_MOTORBIKE) {
			if (r->f_speed >= 0 &&
			    OGR_F_IsFieldSetAndNotNull(f, r->f_speed) &&
			    OGR_F_GetFieldAsDouble(f, r->f_speed) > 0)
				kmh = OGR_F_GetFieldAsDouble(f, r->f_speed);
			if (r->f_oneway >= 0 &&
			    OGR_F_IsFieldSetAndNotNull(f, r->f_oneway))
				dir = oneway_of(
					OGR_F_GetFieldAsString(f, r->f_oneway));
			if (r->f_other >= 0 &&
			    OGR_F_IsFieldSetAndNotNull(f, r->f_other)) {
				const char *tags =
					OGR_F_GetFieldAsString(f, r->f_other);

				osm_tag(tags, "oneway", tag, sizeof(tag));
				if (tag[0])
					dir = oneway_of(tag);
				osm_tag(tags, "junction", tag, sizeof(tag));
				if (!strcmp(tag, "roundabout") && !dir)
					dir = 1;
			}
		}
		if ((rc = cls_index(r, cls, &ci)) != SG_OK) {
			OGR_F_Destroy(f);
			break;
		}
		r->sum->used++;
		r->sum->oneway += dir != 0;
		if (t == wkbLineString) {
			rc = add_line(r, g, ci, kmh, dir);
		} else {
			int ng = OGR_G_GetGeometryCount(g);

			for (int i = 0; i < ng && rc == SG_OK; i++)
				rc = add_line(r, OGR_G_GetGeometryRef(g, i), ci,
					      kmh, dir);
		}
		OGR_F_Destroy(f);
		if (rc == SG_OK && (seq & 4095) == 0)
			rc = sg_ctx__progress(r->ctx, WHAT ": reading",
					      (uint64_t)seq, 0);
	}
	return rc;
}

/*---- Nodes and edges ------------------------------------------------------*/

/* Components and the islands: parts that no school of the store joins
 * within the snap limit. */
static int islands(reader *r, sg_road_built *b, sg_roadnet *net,
		   sg_crs_tx *to_m)
{
	sg_roads_import_summary *s = r->sum;
	double limit = r->o->snap_limit > 0 ? r->o->snap_limit
					    : SG_ROADS_SNAP_LIMIT;
	unsigned char *reached = NULL;
	sqlite3_stmt *st;
	int rc;

	if (!(b->comp = malloc((b->nn + 1) * sizeof(uint32_t))))
		return sg_error__oom(r->ctx, WHAT);
	if ((rc = sg_road__components(r->ctx, net, b->comp, &b->ncomp)) !=
	    SG_OK)
		return rc;
	s->components = b->ncomp;
	if (!(reached = calloc(b->ncomp + 1, 1)))
		return sg_error__oom(r->ctx, WHAT);
	rc = sg_db__prepare(r->ctx, WHAT,
			    "SELECT X(geom), Y(geom) FROM "
			    "schools WHERE geom IS NOT NULL",
			    &st);
	while (rc == SG_OK && sqlite3_step(st) == SQLITE_ROW) {
		double x = sqlite3_column_double(st, 0);
		double y = sqlite3_column_double(st, 1);
		sg_road_snap p;

		s->schools++;
		if (sg_crs__point(to_m, &x, &y) != 0 ||
		    !sg_road__snap(net, x, y, limit, &p)) {
			s->schools_far++;
			continue;
		}
		reached[b->comp[b->u[p.edge]]] = 1;
	}
	if (rc == SG_OK)
		sqlite3_finalize(st);
	for (uint32_t c = 0; rc == SG_OK && c < b->ncomp; c++)
		s->islands += !reached[c];
	for (size_t e = 0; rc == SG_OK && e < b->ne; e++)
		if (!reached[b->comp[b->u[e]]]) {
			s->island_edges++;
			s->island_km += b->len[e] / 1000;
		}
	if (s->schools == 0)
		s->islands = s->island_edges = 0, s->island_km = 0;
	free(reached);
	return rc;
}

/*---- The store ------------------------------------------------------------*/

/* The stored row of network `name`: id (0: none) and stamp. */
static int find_network(sg_ctx *ctx, const char *name, int64_t *id, char *stamp,
			size_t n)
{
	sqlite3_stmt *st;
	int rc;

	*id = 0;
	stamp[0] = '\0';
	rc = sg_db__prepare(ctx, WHAT,
			    "SELECT id, stamp FROM road_networks "
			    "WHERE name = ?1",
			    &st);
	if (rc != SG_OK)
		return rc;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		if (sqlite3_column_text(st, 1))
			snprintf(stamp, n, "%s",
				 (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	return SG_OK;
}

static const char *nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

static int store(reader *r, const sg_road_built *b, const char *stamp,
		 const char *crs, int64_t old_id)
{
	sg_ctx *ctx = r->ctx;
	sg_roads_import_summary *s = r->sum;
	const char *name = r->o->name ? r->o->name
				      : sg_roads_profile_name(r->o->profile);
	sqlite3_stmt *st = NULL;
	int64_t id;
	char sql[160];
	int rc;

	if (old_id) {
		snprintf(sql, sizeof(sql),
			 "DELETE FROM road_nodes WHERE "
			 "network_id = %lld; DELETE FROM road_edges WHERE "
			 "network_id = %lld",
			 (long long)old_id, (long long)old_id);
		if ((rc = sg_db__exec(ctx, WHAT, sql)) != SG_OK)
			return rc;
		s->replaced = 1;
	}
	{
		const char *profile = sg_roads_profile_name(r->o->profile);
		const sg_run_kv params[] = {
			SG_RUN_TEXT("file", r->source),
			SG_RUN_TEXT("network", name),
			SG_RUN_TEXT("profile", profile),
			SG_RUN_TEXT("layer", nonempty(r->o->layer)),
			SG_RUN_TEXT("class_field", nonempty(r->o->class_field)),
			SG_RUN_TEXT("speed_field", nonempty(r->o->speed_field)),
			SG_RUN_TEXT("oneway_field",
				    nonempty(r->o->oneway_field)),
		};
		const sg_run_kv inputs[] = { SG_RUN_TEXT(r->source, stamp) };
		const sg_run run = { "roads import", params,
				     sizeof(params) / sizeof(*params), inputs,
				     1 };

		rc = sg_run__begin(ctx, WHAT, &run, &s->run_id);
		if (rc != SG_OK)
			return rc;
	}
	rc = sg_db__prepare(ctx, WHAT,
			    "INSERT INTO road_networks (id, name, "
			    "profile, source, stamp, crs, nodes, edges, "
			    "length_km, components, run_id) VALUES (?1, ?2, "
			    "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT "
			    "(name) DO UPDATE SET profile = excluded.profile, "
			    "source = excluded.source, stamp = excluded.stamp,"
			    " crs = excluded.crs, nodes = excluded.nodes, "
			    "edges = excluded.edges, length_km = "
			    "excluded.length_km, components = "
			    "excluded.components, run_id = excluded.run_id",
			    &st);
	if (rc != SG_OK)
		return rc;
	if (old_id)
		sqlite3_bind_int64(st, 1, old_id);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, sg_roads_profile_name(r->o->profile), -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(st, 4, r->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, stamp, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, crs, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, (int64_t)b->nn);
	sqlite3_bind_int64(st, 8, (int64_t)b->ne);
	sqlite3_bind_double(st, 9, s->length_km);
	sqlite3_bind_int64(st, 10, b->ncomp);
	sqlite3_bind_int64(st, 11, s->run_id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = sg_db__fail(ctx, WHAT);
	sqlite3_finalize(st);
	if (rc != SG_OK)
		return rc;
	if ((rc = find_network(ctx, name, &id, sql, sizeof(sql))) != SG_OK)
		return rc;
	rc = sg_db__prepare(ctx, WHAT,
			    "INSERT INTO road_nodes VALUES (?1, "
			    "?2, ?3, ?4, ?5)",
			    &st);
	for (size_t a = 0; rc == SG_OK && a < b->nn; a++) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (int64_t)a);
		sqlite3_bind_double(st, 3, b->lon[a]);
		sqlite3_bind_double(st, 4, b->lat[a]);
		sqlite3_bind_int64(st, 5, b->comp[a]);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = sg_db__fail(ctx, WHAT);
		sqlite3_reset(st);
	}
	if (st)
		sqlite3_finalize(st);
	st = NULL;
	if (rc == SG_OK)
		rc = sg_db__prepare(ctx, WHAT,
				    "INSERT INTO road_edges VALUES "
				    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
				    &st);
	for (size_t e = 0; rc == SG_OK && e < b->ne; e++) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (int64_t)e);
		sqlite3_bind_int64(st, 3, b->u[e]);
		sqlite3_bind_int64(st, 4, b->v[e]);
		sqlite3_bind_text(st, 5, r->cls[b->cls[e]], -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 6, b->len[e]);
		sg_db__bind_real(st, 7, b->tf[e] >= 0 ? b->tf[e] : NAN);
		sg_db__bind_real(st, 8, b->tb[e] >= 0 ? b->tb[e] : NAN);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = sg_db__fail(ctx, WHAT);
		sqlite3_reset(st);
		if (rc == SG_OK && (e & 65535) == 65535)
			rc = sg_ctx__progress(ctx, WHAT ": storing", e + 1,
					      b->ne);
	}
	if (st)
		sqlite3_finalize(st);
	if (rc != SG_OK)
		return rc;
	{
		const sg_run_kv kv[] = {
			SG_RUN_INT("features", s->features),
			SG_RUN_INT("used", s->used),
			SG_RUN_INT("excluded", s->excluded),
			SG_RUN_INT("rejected", s->rejected),
			SG_RUN_INT("nodes", s->nodes),
			SG_RUN_INT("edges", s->edges),
			SG_RUN_INT("components", s->components),
			SG_RUN_INT("islands", s->islands),
		};

		return sg_run__finish(ctx, WHAT, s->run_id, kv,
				      sizeof(kv) / sizeof(*kv));
	}
}

/*---- Import ---------------------------------------------------------------*/

static int import(reader *r)
{
	sg_ctx *ctx = r->ctx;
	sg_roads_import_summary *s = r->sum;
	const char *name = r->o->name ? r->o->name
				      : sg_roads_profile_name(r->o->profile);
	sg_crs_tx *to_ll = NULL, *to_m = NULL;
	sg_roadnet *net = NULL;
	double *mx = NULL, *my = NULL, lon0 = INFINITY, lon1 = -INFINITY,
	       lat0 = INFINITY, lat1 = -INFINITY;
	char *wkt = NULL, stamp[1400], file[300], old[1400], crs[64];
	int64_t old_id;
	sg_road_built b = { 0 };
	int rc;

	if ((rc = open_source(r)) != SG_OK)
		return rc;
	if ((rc = source_crs(r, &wkt)) != SG_OK)
		return rc;
	file[0] = '\0';
	if (!sg_pg__is_dsn(r->path))
		sg_poprast__file_stamp(r->path, file, sizeof(file));
	snprintf(stamp, sizeof(stamp), "%s|%s|%s|%s|%s|%s|%s|%g", file,
		 sg_roads_profile_name(r->o->profile),
		 r->o->layer ? r->o->layer : "",
		 r->o->class_field ? r->o->class_field : "",
		 r->o->speed_field ? r->o->speed_field : "",
		 r->o->oneway_field ? r->o->oneway_field : "",
		 r->o->crs ? r->o->crs : "", r->o->snap_limit);
	if ((rc = find_network(ctx, name, &old_id, old, sizeof(old))) != SG_OK)
		goto done;
	if (old_id && file[0] && !strcmp(old, stamp)) {
		sqlite3_stmt *st;

		/* What the store holds, for the summary. */
		s->unchanged = true;
		rc = sg_db__prepare(ctx, WHAT,
				    "SELECT nodes, edges, "
				    "length_km, components, crs FROM "
				    "road_networks WHERE id = ?1",
				    &st);
		if (rc != SG_OK)
			goto done;
		sqlite3_bind_int64(st, 1, old_id);
		if (sqlite3_step(st) == SQLITE_ROW) {
			s->nodes = sqlite3_column_int64(st, 0);
			s->edges = sqlite3_column_int64(st, 1);
			s->length_km = sqlite3_column_double(st, 2);
			s->components = sqlite3_column_int64(st, 3);
			s->crs = sg_ctx__keep(
				ctx, (const char *)sqlite3_column_text(st, 4));
		}
		sqlite3_finalize(st);
		if (!s->crs)
			rc = sg_error__oom(ctx, WHAT);
		goto done;
	}
	rc = sg_crs__new(ctx, &to_ll, r->o->crs ? r->o->crs : wkt, NULL,
			 r->source);
	if (rc == SG_OK)
		rc = read_lines(r);
	if (rc != SG_OK)
		goto done;
	if (r->nunknown)
		sg_ctx__warn(ctx,
			     WHAT ": %s: %lld lines of classes the %s "
				  "profile does not know were left out: %s",
			     r->source, (long long)r->nunknown,
			     sg_roads_profile_name(r->o->profile), r->unknown);
	if (r->excluded[0])
		sg_ctx__warn(ctx,
			     WHAT ": %s: classes the %s profile leaves "
				  "out: %s",
			     r->source, sg_roads_profile_name(r->o->profile),
			     r->excluded);
	if (r->nl == 0) {
		rc = sg_error__set(ctx, SG_EINVALID,
				   WHAT ": %s: no road line "
					"the %s profile can use",
				   r->source,
				   sg_roads_profile_name(r->o->profile));
		goto done;
	}
	if (sg_crs__points(to_ll, r->vx, r->vy, r->nv) != 0) {
		rc = sg_error__set(ctx, SG_EPROJ,
				   WHAT ": %s: some vertices "
					"cannot be transformed to longitude/"
					"latitude",
				   r->source);
		goto done;
	}
	for (size_t i = 0; i < r->nv; i++) {
		lon0 = fmin(lon0, r->vx[i]);
		lon1 = fmax(lon1, r->vx[i]);
		lat0 = fmin(lat0, r->vy[i]);
		lat1 = fmax(lat1, r->vy[i]);
	}
	sg_crs__utm_for((lon0 + lon1) / 2, (lat0 + lat1) / 2, crs, sizeof(crs));
	if (!(s->crs = sg_ctx__keep(ctx, crs))) {
		rc = sg_error__oom(ctx, WHAT);
		goto done;
	}
	mx = malloc(r->nv * sizeof(double));
	my = malloc(r->nv * sizeof(double));
	if (!mx || !my) {
		rc = sg_error__oom(ctx, WHAT);
		goto done;
	}
	memcpy(mx, r->vx, r->nv * sizeof(double));
	memcpy(my, r->vy, r->nv * sizeof(double));
	rc = sg_crs__new(ctx, &to_m, "EPSG:4326", s->crs, r->source);
	if (rc == SG_OK && sg_crs__points(to_m, mx, my, r->nv) != 0)
		rc = sg_error__set(ctx, SG_EPROJ,
				   WHAT ": %s: some vertices "
					"cannot be transformed to %s",
				   r->source, s->crs);
	if (rc == SG_OK)
		rc = sg_road__from_lines(ctx, r->vx, r->vy, mx, my, r->nv,
					 r->lines, r->nl, &b);
	if (rc == SG_OK) {
		sg_road_edges in = { b.nn, b.x,	  b.y,	b.ne, b.u,
				     b.v,  b.len, b.tf, b.tb };

		rc = sg_road__build(ctx, &in, &net);
	}
	if (rc == SG_OK)
		rc = islands(r, &b, net, to_m);
	if (rc != SG_OK)
		goto done;
	s->nodes = (int64_t)b.nn;
	s->edges = (int64_t)b.ne;
	for (size_t e = 0; e < b.ne; e++)
		s->length_km += b.len[e] / 1000;
	if ((rc = sg_db__begin(ctx)) != SG_OK)
		goto done;
	rc = store(r, &b, stamp, s->crs, old_id);
	if (rc == SG_OK)
		rc = sg_db__commit(ctx);
	else
		sg_db__rollback(ctx);
done:
	sg_road__free(net);
	sg_road__built_free(&b);
	free(mx);
	free(my);
	sg_crs__free(to_ll);
	sg_crs__free(to_m);
	CPLFree(wkt);
	return rc;
}

int sg_roads__import_file(sg_ctx *ctx, const char *path,
			  const sg_roads_import_options *opts,
			  sg_roads_import_summary *sum)
{
	reader r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	r.o = opts;
	r.sum = sum;
	r.path = path;
	sg_source_name(path, NULL, r.source, sizeof(r.source));
	sg_gdal__begin(ctx);
	rc = import(&r);
	sg_gdal__end(ctx);
	if (r.ds)
		GDALClose(r.ds);
	for (size_t i = 0; i < r.ncls; i++)
		free(r.cls[i]);
	free(r.cls);
	free(r.vx);
	free(r.vy);
	free(r.lines);
	return rc;
}

/*---- Loading --------------------------------------------------------------*/

static int pick_network(sg_ctx *ctx, const char *what, const char *name,
			sg_roads_info *info);

/* The node count of the network a command would load. */
static int load_info(sg_ctx *ctx, const char *what, const char *name,
		     int64_t *nodes)
{
	sg_roads_info inf;
	int rc = pick_network(ctx, what, name, &inf);

	*nodes = rc == SG_OK ? inf.nodes : 0;
	return rc;
}

static int pick_network(sg_ctx *ctx, const char *what, const char *name,
			sg_roads_info *info)
{
	sqlite3_stmt *st;
	char names[512] = "";
	int rc, n = 0;

	rc = sg_db__prepare(
		ctx, what,
		name ? "SELECT id, name, profile, source, crs, nodes, "
		       "edges FROM road_networks WHERE name = ?1"
		     : "SELECT id, name, profile, source, crs, nodes, "
		       "edges FROM road_networks ORDER BY name",
		&st);
	if (rc != SG_OK)
		return rc;
	if (name)
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *nm = (const char *)sqlite3_column_text(st, 1);
		size_t len = strlen(names);

		if (n++ == 0) {
			info->id = sqlite3_column_int64(st, 0);
			snprintf(info->name, sizeof(info->name), "%s", nm);
			info->profile =
				strcmp((const char *)sqlite3_column_text(st, 2),
				       "motorbike")
					? SG_ROADS_WALKING
					: SG_ROADS_MOTORBIKE;
			snprintf(info->source, sizeof(info->source), "%s",
				 (const char *)sqlite3_column_text(st, 3));
			snprintf(info->crs, sizeof(info->crs), "%s",
				 (const char *)sqlite3_column_text(st, 4));
			info->nodes = sqlite3_column_int64(st, 5);
			info->edges = sqlite3_column_int64(st, 6);
		}
		snprintf(names + len, sizeof(names) - len, "%s%s",
			 len ? ", " : "", nm);
	}
	sqlite3_finalize(st);
	if (n == 0 && name)
		return sg_error__set(ctx, SG_ENOTFOUND,
				     "%s: no road network "
				     "'%s' in the store (schoolgis roads "
				     "import)",
				     what, name);
	if (n == 0)
		return sg_error__set(ctx, SG_ENOTFOUND,
				     "%s: no road network "
				     "in the store: import one first "
				     "(schoolgis roads import FILE)",
				     what);
	if (n > 1)
		return sg_error__set(ctx, SG_EINVALID,
				     "%s: %d road networks "
				     "in the store (%s): name one",
				     what, n, names);
	return SG_OK;
}

int sg_roads__load(sg_ctx *ctx, const char *what, const char *name,
		   const char *crs, sg_roadnet **out, sg_roads_info *info)
{
	sg_roads_info inf;
	sg_crs_tx *tx = NULL;
	sqlite3_stmt *st = NULL;
	double *x = NULL, *y = NULL, *len = NULL, *tf = NULL, *tb = NULL;
	uint32_t *u = NULL, *v = NULL;
	size_t nn, ne, k = 0;
	int rc;

	*out = NULL;
	memset(&inf, 0, sizeof(inf));
	if ((rc = pick_network(ctx, what, name, &inf)) != SG_OK)
		return rc;
	nn = (size_t)inf.nodes;
	ne = (size_t)inf.edges;
	x = malloc((nn + 1) * sizeof(double));
	y = malloc((nn + 1) * sizeof(double));
	u = malloc((ne + 1) * sizeof(uint32_t));
	v = malloc((ne + 1) * sizeof(uint32_t));
	len = malloc((ne + 1) * sizeof(double));
	tf = malloc((ne + 1) * sizeof(double));
	tb = malloc((ne + 1) * sizeof(double));
	if (!x || !y || !u || !v || !len || !tf || !tb) {
		rc = sg_error__oom(ctx, WHAT);
		goto done;
	}
	rc = sg_db__prepare(ctx, what,
			    "SELECT id, lon, lat FROM road_nodes "
			    "WHERE network_id = ?1 ORDER BY id",
			    &st);
	if (rc != SG_OK)
		goto done;
	sqlite3_bind_int64(st, 1, inf.id);
	while (sqlite3_step(st) == SQLITE_ROW && k < nn) {
		if (sqlite3_column_int64(st, 0) != (int64_t)k)
			break;
		x[k] = sqlite3_column_double(st, 1);
		y[k++] = sqlite3_column_double(st, 2);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (k != nn) {
		rc = sg_error__set(ctx, SG_EINVALID,
				   "%s: road network '%s': "
				   "%zu of its %zu nodes stored",
				   what, inf.name, k, nn);
		goto done;
	}
	rc = sg_db__prepare(ctx, what,
			    "SELECT id, source, target, length_m,"
			    " time_fwd_s, time_bwd_s FROM road_edges WHERE "
			    "network_id = ?1 ORDER BY id",
			    &st);
	if (rc != SG_OK)
		goto done;
	sqlite3_bind_int64(st, 1, inf.id);
	k = 0;
	while (sqlite3_step(st) == SQLITE_ROW && k < ne) {
		u[k] = (uint32_t)sqlite3_column_int64(st, 1);
		v[k] = (uint32_t)sqlite3_column_int64(st, 2);
		len[k] = sqlite3_column_double(st, 3);
		tf[k] = sqlite3_column_type(st, 4) == SQLITE_NULL
				? -1
				: sqlite3_column_double(st, 4);
		tb[k] = sqlite3_column_type(st, 5) == SQLITE_NULL
				? -1
				: sqlite3_column_double(st, 5);
		k++;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (k != ne) {
		rc = sg_error__set(ctx, SG_EINVALID,
				   "%s: road network '%s': "
				   "%zu of its %zu edges stored",
				   what, inf.name, k, ne);
		goto done;
	}
	rc = sg_crs__new(ctx, &tx, "EPSG:4326", crs ? crs : inf.crs, what);
	if (rc == SG_OK && sg_crs__points(tx, x, y, nn) != 0)
		rc = sg_error__set(ctx, SG_EPROJ,
				   "%s: road network '%s': "
				   "nodes cannot be transformed to %s",
				   what, inf.name, crs ? crs : inf.crs);
	if (rc == SG_OK) {
		sg_road_edges in = { nn, x, y, ne, u, v, len, tf, tb };

		rc = sg_road__build(ctx, &in, out);
	}
	if (rc == SG_OK && info)
		*info = inf;
done:
	sg_crs__free(tx);
	free(x);
	free(y);
	free(u);
	free(v);
	free(len);
	free(tf);
	free(tb);
	return rc;
}

/*---- Distance provider ------------------------------------------------------*/

int sg_roads__dist_open(sg_ctx *ctx, const char *what,
			const sg_roads_distance *how, const char *crs,
			const double *x, const double *y,
			const char *const *codes, size_t n, unsigned k,
			sg_roads_dist *d)
{
	sg_road_snap *snap = NULL;
	char far[512] = "";
	int rc;

	memset(d, 0, sizeof(*d));
	d->ctx = ctx;
	d->cost = (sg_road_cost)how->cost;
	d->limit = how->snap_limit > 0 ? how->snap_limit : SG_ROADS_SNAP_LIMIT;
	d->nschools = n;
	if (how->cost != SG_ROADS_COST_LENGTH &&
	    how->cost != SG_ROADS_COST_TIME)
		return sg_error__set(ctx, SG_EINVALID, "%s: unknown road cost",
				     what);
	rc = sg_roads__load(ctx, what, how->network, crs, &d->net, &d->info);
	if (rc == SG_OK && !(snap = malloc((n ? n : 1) * sizeof(*snap))))
		rc = sg_error__oom(ctx, WHAT);
	for (size_t i = 0; rc == SG_OK && i < n; i++)
		if (!sg_road__snap(d->net, x[i], y[i], d->limit, &snap[i])) {
			d->schools_far++;
			if (codes)
				note(far, sizeof(far), codes[i]);
		}
	if (rc == SG_OK && d->schools_far)
		sg_ctx__warn(ctx,
			     "%s: %zu schools lie farther than %g m from "
			     "the roads of '%s' and take no part by road%s%s",
			     what, d->schools_far, d->limit, d->info.name,
			     far[0] ? ": " : "", far);
	if (rc == SG_OK)
		rc = sg_road__field_new(ctx, d->net, d->cost, snap, n, k,
					&d->field);
	free(snap);
	if (rc != SG_OK)
		sg_roads__dist_close(d);
	return rc;
}

void sg_roads__dist_close(sg_roads_dist *d)
{
	sg_road__field_free(d->field);
	sg_road__free(d->net);
	d->field = NULL;
	d->net = NULL;
}

uint32_t sg_roads__dist_nearest(const sg_roads_dist *d, double x, double y,
				double *cost, int *snapped)
{
	sg_road_snap p;

	*snapped = sg_road__snap(d->net, x, y, d->limit, &p);
	if (!*snapped) {
		*cost = INFINITY;
		return SG_ROAD_NONE;
	}
	return sg_road__field_nearest(d->field, &p, cost);
}

/*---- Catchments and coverage by road ----------------------------------------*/

int sg_roads__catch(sg_ctx *ctx, const char *what, const sg_roads_distance *how,
		    sg_catch *c, const sg_catch_data *d, double max_distance,
		    double cs, sg_road_catch_sum *rs, sg_roads_info *info)
{
	sg_road_catch_sum sum;
	sg_roads_dist rd;
	double *x, *y, reach = max_distance;
	const char **codes;
	int rc;

	if (how->cost == SG_ROADS_COST_TIME && !isnan(max_distance)) {
		if (!(how->max_minutes > 0) || isinf(how->max_minutes))
			return sg_error__set(ctx, SG_EINVALID,
					     "%s: with the "
					     "time cost, give the reach in "
					     "minutes",
					     what);
		reach = how->max_minutes * 60;
	}
	x = malloc((c->nsites + 1) * sizeof(double));
	y = malloc((c->nsites + 1) * sizeof(double));
	codes = malloc((c->nsites + 1) * sizeof(*codes));
	if (!x || !y || !codes) {
		free(x);
		free(y);
		free(codes);
		return sg_error__oom(ctx, WHAT);
	}
	for (size_t s = 0; s < c->nsites; s++) {
		size_t i = c->cells[s].school;

		x[s] = c->in->x[i];
		y[s] = c->in->y[i];
		codes[s] = c->in->codes ? c->in->codes[i] : "";
	}
	rc = sg_roads__dist_open(ctx, what, how, d->crs, x, y, codes, c->nsites,
				 1, &rd);
	free(x);
	free(y);
	free(codes);
	if (rc != SG_OK)
		return rc;
	rc = sg_road__catch(c, rd.net, rd.field, rd.limit, cs, reach, &sum);
	if (rc == SG_OK && sum.far)
		sg_ctx__warn(
			ctx,
			"%s: %zu of %zu squares of %g m (%.0f "
			"children) lie farther than %g m from the roads of "
			"'%s': unserved by road",
			what, sum.far, sum.squares, cs, sum.far_pop, rd.limit,
			rd.info.name);
	if (rc == SG_OK && sum.unreached)
		sg_ctx__warn(ctx,
			     "%s: %zu of %zu squares (%.0f children) "
			     "reach no school along the roads of '%s' (an "
			     "island, or one-way streets leading nowhere): "
			     "unserved by road",
			     what, sum.unreached, sum.squares,
			     sum.unreached_pop, rd.info.name);
	if (rc == SG_OK && rs)
		*rs = sum;
	if (rc == SG_OK && info)
		*info = rd.info;
	sg_roads__dist_close(&rd);
	return rc;
}

int sg_roads__put_run(sg_ctx *ctx, sqlite3_stmt *st, const char *what,
		      int64_t run_id, const sg_roads_distance *how,
		      const sg_roads_info *info)
{
	int rc;

	rc = sg_db__put_result(ctx, st, what, run_id, "roads", "network", NAN,
			       info->name);
	if (rc == SG_OK)
		rc = sg_db__put_result(ctx, st, what, run_id, "roads",
				       "profile", NAN,
				       sg_roads_profile_name(info->profile));
	if (rc == SG_OK)
		rc = sg_db__put_result(ctx, st, what, run_id, "roads", "cost",
				       NAN,
				       how->cost == SG_ROADS_COST_TIME
					       ? "time"
					       : "length");
	if (rc == SG_OK)
		rc = sg_db__put_result(ctx, st, what, run_id, "roads",
				       "snap_limit_m",
				       how->snap_limit > 0
					       ? how->snap_limit
					       : SG_ROADS_SNAP_LIMIT,
				       NULL);
	if (rc == SG_OK && how->cost == SG_ROADS_COST_TIME)
		rc = sg_db__put_result(ctx, st, what, run_id, "roads",
				       "max_minutes", how->max_minutes, NULL);
	return rc;
}

/*---- Admissions by road -----------------------------------------------------*/

/* At most 64 options by road per applicant (the engine's KMAX), fewer
 * when 64 labels a node would take more than 256 MB (never below 16). */
#define ADMIT_K 64
#define ADMIT_LABEL_BYTES (256.0 * 1024 * 1024)

static size_t admit_knearest(void *payload, size_t a, size_t k, int32_t *idx,
			     double *d)
{
	const sg_roads_admit *ra = payload;
	uint32_t v[ADMIT_K];
	size_t n;

	if (k > ADMIT_K)
		k = ADMIT_K;
	n = sg_road__field_knearest(ra->d.field, &ra->snap[a], k, v, d);
	for (size_t i = 0; i < n; i++)
		idx[i] = (int32_t)v[i];
	return n;
}

int sg_roads__admit_open(sg_ctx *ctx, const sg_roads_distance *how,
			 const char *crs, const double *sx, const double *sy,
			 const char *const *codes, size_t ns, const double *ax,
			 const double *ay, size_t na, sg_roads_admit *ra)
{
	unsigned k = ns < ADMIT_K ? (unsigned)(ns ? ns : 1) : ADMIT_K;
	int64_t nodes;
	int rc;

	memset(ra, 0, sizeof(*ra));
	if (how->cost != SG_ROADS_COST_LENGTH)
		return sg_error__set(ctx, SG_EINVALID,
				     "admit: by road, "
				     "admissions count metres (the length "
				     "cost)");
	rc = load_info(ctx, "admit", how->network, &nodes);
	if (rc != SG_OK)
		return rc;
	while (k > 16 && (double)nodes * k * 13 > ADMIT_LABEL_BYTES)
		k /= 2;
	rc = sg_roads__dist_open(ctx, "admit", how, crs, sx, sy, codes, ns, k,
				 &ra->d);
	if (rc != SG_OK)
		return rc;
	if (!(ra->snap = malloc((na ? na : 1) * sizeof(*ra->snap)))) {
		sg_roads__admit_close(ra);
		return sg_error__oom(ctx, WHAT);
	}
	ra->napp = na;
	for (size_t a = 0; a < na; a++) {
		ra->far += !sg_road__snap(ra->d.net, ax[a], ay[a], ra->d.limit,
					  &ra->snap[a]);
		if ((a & 65535) == 65535 &&
		    (rc = sg_ctx__progress(ctx, "admit: homes to roads", a + 1,
					   na)) != SG_OK) {
			sg_roads__admit_close(ra);
			return rc;
		}
	}
	if (ra->far)
		sg_ctx__warn(ctx,
			     "admit: %zu of %zu homes lie farther than "
			     "%g m from the roads of '%s': no school by road "
			     "for them",
			     ra->far, na, ra->d.limit, ra->d.info.name);
	ra->prov.knearest = admit_knearest;
	ra->prov.payload = ra;
	ra->prov.kmax = k;
	ra->prov.label = " by road";
	return SG_OK;
}

void sg_roads__admit_close(sg_roads_admit *ra)
{
	sg_roads__dist_close(&ra->d);
	free(ra->snap);
	ra->snap = NULL;
}
