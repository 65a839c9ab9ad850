/*
 * layers/import_units.c - the units import: ward, district and city
 * polygons with their official codes and parents, and optionally their
 * total population from an attribute (e.g. Pop_2019).
 *
 * Polygons are transformed to EPSG:4326, checked with GEOS and repaired
 * with GEOSMakeValid when invalid (the repair is reported).  Parents come
 * from a parent-code column, else from spatial containment: the unit of
 * the next coarser kind containing a point on the unit's surface.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/crosswalk.h"
#include "engine/strmap.h"
#include "layers/import_int.h"
#include "layers/units_int.h"

typedef struct {
	sg_importer *im;
	sqlite3_stmt *ins, *upd, *pop, *has_pop;
	sg_strmap *seen;     /* code -> row, this file */
	sg_strmap *existing; /* code -> id, in the store before */
	int pop_col;	     /* column of opts->population_field, or -1 */
	char **pairs;	     /* code, parent code, row: to resolve */
	size_t npairs, cappairs;
	GEOSWKBReader *rd;
	GEOSWKBWriter *wr;
	int64_t set_id; /* the administrative set (units.c) */
	/* Without --set, a date column names each row's set. */
	int by_column;
	sg_strmap *sets;  /* the column's text -> set id */
	int64_t *touched; /* the sets rows went into */
	size_t ntouched;
} units_job;

/* "ward", "district" or "city" from a kind text; NULL when unknown. */
static const char *unit_kind(const char *s)
{
	static const struct {
		const char *name, *kind;
	} names[] = {
		{ "ward", "ward" },
		{ "commune", "ward" },
		{ "township", "ward" },
		{ "xa", "ward" },
		{ "phuong", "ward" },
		{ "thi tran", "ward" },
		{ "district", "district" },
		{ "huyen", "district" },
		{ "quan", "district" },
		{ "thi xa", "district" },
		{ "city", "city" },
		{ "province", "city" },
		{ "tinh", "city" },
		{ "thanh pho truc thuoc trung uong", "city" },
		{ "thanh pho thuoc tinh", "district" },
	};
	char folded[64];

	sg_text__fold(s, folded, sizeof(folded));
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (strcmp(folded, names[i].name) == 0)
			return names[i].kind;
	return NULL;
}

/* Collect the polygons of g (recursing into collections). */
static int collect(GEOSContextHandle_t h, const GEOSGeometry *g,
		   GEOSGeometry ***parts, size_t *n, size_t *cap)
{
	int t = GEOSGeomTypeId_r(h, g);

	if (t == GEOS_POLYGON) {
		if (GEOSisEmpty_r(h, g))
			return 0;
		if (*n == *cap) {
			size_t c = *cap ? *cap * 2 : 8;
			GEOSGeometry **p = realloc(*parts, c * sizeof(*p));

			if (!p)
				return -1;
			*parts = p;
			*cap = c;
		}
		(*parts)[(*n)++] = GEOSGeom_clone_r(h, g);
		return 0;
	}
	if (t == GEOS_MULTIPOLYGON || t == GEOS_GEOMETRYCOLLECTION)
		for (int i = 0; i < GEOSGetNumGeometries_r(h, g); i++)
			if (collect(h, GEOSGetGeometryN_r(h, g, i), parts, n,
				    cap) != 0)
				return -1;
	return 0;
}

/* The polygons of g as one MultiPolygon (NULL when it has none; then
 * *oom is set when that was for lack of memory). */
static GEOSGeometry *as_multipolygon(GEOSContextHandle_t h,
				     const GEOSGeometry *g, int *oom)
{
	GEOSGeometry **parts = NULL, *r = NULL;
	size_t n = 0, cap = 0;
	int bad = collect(h, g, &parts, &n, &cap);

	if (bad)
		*oom = 1;
	if (!bad && n > 0)
		r = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts,
						(unsigned)n);
	else
		for (size_t i = 0; i < n; i++)
			GEOSGeom_destroy_r(h, parts[i]);
	free(parts);
	return r;
}

/*
 * Reject a polygon (already in EPSG:4326) with a vertex beyond
 * longitude +-180 or latitude +-90, or not a finite number: projected
 * metres read as degrees, a wrong or missing coordinate system, or
 * absurd values that no transform brings onto the Earth.  Returns 1
 * after rejecting.
 */
static int out_of_range(sg_importer *im, const GEOSGeometry *g, int64_t row,
			const char *code)
{
	GEOSContextHandle_t h = im->ctx->geos;
	double x0, y0, x1, y1;
	char box[160];

	if (GEOSGeom_getXMin_r(h, g, &x0) != 1 ||
	    GEOSGeom_getYMin_r(h, g, &y0) != 1 ||
	    GEOSGeom_getXMax_r(h, g, &x1) != 1 ||
	    GEOSGeom_getYMax_r(h, g, &y1) != 1)
		return 0; /* empty: reported as such below */
	if (isfinite(x0) && isfinite(x1) && isfinite(y0) && isfinite(y1) &&
	    x0 >= -180 && x1 <= 180 && y0 >= -90 && y1 <= 90)
		return 0;
	snprintf(box, sizeof(box), "lon %.10g to %.10g, lat %.10g to %.10g", x0,
		 x1, y0, y1);
	if (im->tx && !sg_crs__src_is_geographic(im->tx))
		sg_import__issue(im, row, "geometry", box, "rejected",
				 SG_R_UNIT_RANGE_TRANSFORMED, code);
	else
		sg_import__issue(im, row, "geometry", box, "rejected",
				 SG_R_UNIT_RANGE_DEGREES, code);
	return 1;
}

/*
 * The row's polygon as EPSG:4326 MultiPolygon WKB (free with
 * GEOSFree_r), or NULL after rejecting the row.
 */
static unsigned char *row_polygon(units_job *j, OGRFeatureH f, int64_t row,
				  const char *code, size_t *len)
{
	sg_importer *im = j->im;
	GEOSContextHandle_t h = im->ctx->geos;
	OGRGeometryH og = OGR_F_GetGeometryRef(f);
	GEOSGeometry *g = NULL, *t;
	unsigned char *wkb = NULL, *out = NULL;
	int type;

	if (!og || OGR_G_IsEmpty(og)) {
		sg_import__issue(im, row, "geometry", "", "rejected",
				 SG_R_GEOMETRY_MISSING);
		return NULL;
	}
	type = wkbFlatten(OGR_G_GetGeometryType(og));
	if (type != wkbPolygon && type != wkbMultiPolygon) {
		sg_import__issue(im, row, "geometry", OGR_G_GetGeometryName(og),
				 "rejected", SG_R_NOT_POLYGON);
		return NULL;
	}
	wkb = malloc((size_t)OGR_G_WkbSize(og));
	if (!wkb)
		return NULL;
	OGR_G_ExportToWkb(og, wkbNDR, wkb);
	g = GEOSWKBReader_read_r(h, j->rd, wkb, (size_t)OGR_G_WkbSize(og));
	free(wkb);
	if (g && im->tx) {
		t = sg_crs__geom(im->ctx, im->tx, g);
		GEOSGeom_destroy_r(h, g);
		g = t;
	}
	if (!g) {
		sg_import__issue(im, row, "geometry", "", "rejected",
				 SG_R_UNIT_GEOMETRY_UNREADABLE, code);
		return NULL;
	}
	if (out_of_range(im, g, row, code)) {
		GEOSGeom_destroy_r(h, g);
		return NULL;
	}
	if (GEOSisValid_r(h, g) != 1) {
		char *why = GEOSisValidReason_r(h, g);
		GEOSGeometry *fixed = GEOSMakeValid_r(h, g);

		GEOSGeom_destroy_r(h, g);
		g = fixed ? as_multipolygon(h, fixed, &im->oom) : NULL;
		if (fixed)
			GEOSGeom_destroy_r(h, fixed);
		if (g) {
			sg_import__issue(im, row, "geometry", why ? why : "",
					 "repaired", SG_R_POLYGON_REPAIRED);
			im->sum->repaired++;
		} else {
			sg_import__issue(im, row, "geometry", why ? why : "",
					 "rejected", SG_R_POLYGON_INVALID);
		}
		GEOSFree_r(h, why);
		if (!g)
			return NULL;
	} else {
		t = as_multipolygon(h, g, &im->oom);
		GEOSGeom_destroy_r(h, g);
		g = t;
		if (!g) {
			sg_import__issue(im, row, "geometry", "", "rejected",
					 SG_R_POLYGON_EMPTY);
			return NULL;
		}
	}
	out = GEOSWKBWriter_write_r(h, j->wr, g, len);
	GEOSGeom_destroy_r(h, g);
	return out;
}

static int prepare(units_job *j)
{
	sg_ctx *ctx = j->im->ctx;
	int rc;

	/* ?1 code ?2 name ?3 kind ?4 wkb ?5 run_id ?6 set ?7 kind_code */
	rc = sg_db__prepare(ctx, "import units",
			    "INSERT INTO units (code, name, kind, geom, run_id,"
			    " set_id, kind_code) VALUES (?1, ?2, ?3, "
			    "GeomFromWKB(?4, 4326), ?5, ?6, ?7)",
			    &j->ins);
	if (rc == SG_OK)
		rc = sg_db__prepare(ctx, "import units",
				    "UPDATE units SET name = ?2, kind = ?3, "
				    "geom = GeomFromWKB(?4, 4326), run_id = ?5"
				    ", kind_code = ?7 WHERE code = ?1 AND "
				    "set_id = ?6 AND (name IS NOT ?2 OR "
				    "kind IS NOT ?3 OR kind_code IS NOT ?7 OR "
				    "geom IS NOT GeomFromWKB(?4, 4326))",
				    &j->upd);
	if (rc == SG_OK)
		rc = sg_db__prepare(ctx, "import units",
				    "INSERT INTO population (unit_id, year, "
				    "age_from, age_to, count, run_id) SELECT "
				    "id, ?2, 0, 120, ?3, ?4 FROM units WHERE "
				    "code = ?1 AND set_id = ?5 ON CONFLICT DO "
				    "UPDATE SET count "
				    "= excluded.count, run_id = excluded.run_id"
				    " WHERE count IS NOT excluded.count",
				    &j->pop);
	return rc;
}

static int remember_parent(units_job *j, const char *code, const char *parent,
			   int64_t row, int64_t set)
{
	char rowtext[24], settext[24];

	if (j->npairs + 4 > j->cappairs) {
		size_t cap = j->cappairs ? j->cappairs * 2 : 96;
		char **p = realloc(j->pairs, cap * sizeof(*p));

		if (!p)
			return -1;
		j->pairs = p;
		j->cappairs = cap;
	}
	snprintf(rowtext, sizeof(rowtext), "%lld", (long long)row);
	snprintf(settext, sizeof(settext), "%lld", (long long)set);
	j->pairs[j->npairs++] = strdup(code);
	j->pairs[j->npairs++] = strdup(parent);
	j->pairs[j->npairs++] = strdup(rowtext);
	j->pairs[j->npairs++] = strdup(settext);
	return j->pairs[j->npairs - 1] && j->pairs[j->npairs - 2] &&
			       j->pairs[j->npairs - 3] &&
			       j->pairs[j->npairs - 4]
		       ? 0
		       : -1;
}

/*
 * A date column's text as a set name: "2025-07-01", "2025/07/01",
 * "01/07/2025", "1-7-2025" (day first, as Vietnamese dates are written)
 * -> "2025-07-01"; a spreadsheet's time after the date is dropped.
 * Other text is kept as written (the name of a set in the store).
 */
static void set_name_of(const char *s, char *out, size_t n)
{
	int a, b, c;
	char sep1, sep2, tail;

	while (*s == ' ')
		s++;
	if (sscanf(s, "%4d%c%2d%c%2d%c", &a, &sep1, &b, &sep2, &c, &tail) >=
		    5 &&
	    a > 999 && (sep1 == '-' || sep1 == '/') && sep2 == sep1 &&
	    (s[10] == '\0' || s[10] == ' ' || s[10] == 'T')) {
		snprintf(out, n, "%04d-%02d-%02d", a, b, c);
		return;
	}
	if (sscanf(s, "%2d%c%2d%c%4d", &c, &sep1, &b, &sep2, &a) == 5 &&
	    a > 999 && (sep1 == '/' || sep1 == '-' || sep1 == '.') &&
	    sep2 == sep1) {
		snprintf(out, n, "%04d-%02d-%02d", a, b, c);
		return;
	}
	snprintf(out, n, "%s", s);
	for (size_t k = strlen(out); k > 0 && out[k - 1] == ' '; k--)
		out[k - 1] = '\0';
}

/* The set of this row: --set, else the set its date column names
 * (created when it is a date); -1 after rejecting the row. */
static int64_t row_set(units_job *j, OGRFeatureH f, int64_t row)
{
	sg_importer *im = j->im;
	const char *text;
	char name[64];
	int64_t id, *p;

	if (!j->by_column)
		return j->set_id;
	text = sg_import__text(im, f, SG_F_UNIT_SET);
	set_name_of(text, name, sizeof(name));
	if (!*name) {
		sg_import__issue(im, row, sg_import__header(im, SG_F_UNIT_SET),
				 "", "rejected", SG_R_SET_NO_DATE);
		return -1;
	}
	if (sg_strmap__get(j->sets, name, &id))
		return id;
	if (sg_units__set_id(im->ctx, name, 1, &id) != SG_OK) {
		sg_error__clear(im->ctx);
		sg_import__issue(im, row, sg_import__header(im, SG_F_UNIT_SET),
				 text, "rejected", SG_R_SET_INVALID);
		return -1;
	}
	p = realloc(j->touched, (j->ntouched + 1) * sizeof(*p));
	if (p)
		j->touched = p;
	if (!p || sg_strmap__put(j->sets, name, id) != 0)
		return -2;
	j->touched[j->ntouched++] = id;
	return id;
}

static int one_row(void *job, OGRFeatureH f, int64_t row)
{
	units_job *j = job;
	sg_importer *im = j->im;
	const char *code = sg_import__text(im, f, SG_F_CODE);
	const char *ktext = sg_import__text(im, f, SG_F_UNIT_KIND);
	const char *kind = im->opts->unit_kind ? unit_kind(im->opts->unit_kind)
			   : im->auto_kind     ? im->auto_kind
					       : "ward";
	char codebuf[64], name[256], parent[64], popbuf[64], key[96];
	int64_t first, pop = 0, id, set;
	int popnull = 1, existed, changed;
	unsigned char *wkb;
	sqlite3_stmt *st;
	size_t len = 0;

	snprintf(codebuf, sizeof(codebuf), "%s", code);
	snprintf(name, sizeof(name), "%s", sg_import__text(im, f, SG_F_NAME));
	snprintf(parent, sizeof(parent), "%s",
		 sg_import__text(im, f, SG_F_PARENT_CODE));
	if (!*codebuf)
		sg_import__issue(im, row, sg_import__header(im, SG_F_CODE), "",
				 "rejected", SG_R_UNIT_CODE_MISSING);
	if (*codebuf && strcmp(parent, codebuf) == 0)
		sg_import__issue(im, row,
				 sg_import__header(im, SG_F_PARENT_CODE),
				 parent, "rejected", SG_R_UNIT_OWN_PARENT);
	if (*ktext && !im->opts->unit_kind) {
		kind = unit_kind(ktext);
		if (!kind)
			sg_import__issue(im, row,
					 sg_import__header(im, SG_F_UNIT_KIND),
					 ktext, "rejected",
					 SG_R_UNIT_KIND_UNKNOWN);
	}
	if (j->pop_col >= 0) {
		const char *s = OGR_F_IsFieldSetAndNotNull(f, j->pop_col)
					? OGR_F_GetFieldAsString(f, j->pop_col)
					: "";
		int r = sg_text__parse_count(s, &pop);

		snprintf(popbuf, sizeof(popbuf), "%s", s);
		popnull = r != SG_PARSE_OK;
		if (r == SG_PARSE_INVALID || r == SG_PARSE_NEGATIVE)
			sg_import__issue(im, row, im->opts->population_field,
					 popbuf, "rejected",
					 SG_R_UNIT_POP_INVALID);
	}
	if ((set = row_set(j, f, row)) == -2)
		return sg_error__oom(im->ctx, "import");
	wkb = row_polygon(j, f, row, codebuf, &len);
	if (im->row_rejected) {
		GEOSFree_r(im->ctx->geos, wkb);
		return SG_OK;
	}
	/* Codes are unique within a set. */
	snprintf(key, sizeof(key), "%lld|%s", (long long)set, codebuf);
	if (sg_strmap__get(j->seen, key, &first)) {
		GEOSFree_r(im->ctx->geos, wkb);
		return sg_import__issue(im, row,
					sg_import__header(im, SG_F_CODE),
					codebuf, "rejected",
					SG_R_UNIT_DUPLICATE, (long long)first);
	}
	if (sg_strmap__put(j->seen, key, row) != 0 ||
	    (*parent && remember_parent(j, codebuf, parent, row, set) != 0)) {
		GEOSFree_r(im->ctx->geos, wkb);
		return sg_error__oom(im->ctx, "import");
	}
	existed = sg_strmap__get(j->existing, key, &id);
	st = existed ? j->upd : j->ins;
	sqlite3_bind_text(st, 1, codebuf, -1, SQLITE_STATIC);
	sg_db__bind_text(st, 2, name);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 4, wkb, (int)len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, im->run_id);
	sqlite3_bind_int64(st, 6, set);
	sg_db__bind_text(st, 7,
			 sg_xw__kind_code(*ktext ? ktext : im->opts->unit_kind,
					  kind));
	if (sqlite3_step(st) != SQLITE_DONE) {
		GEOSFree_r(im->ctx->geos, wkb);
		return sg_db__fail(im->ctx, "import units");
	}
	changed = sqlite3_changes(im->ctx->db) > 0;
	sqlite3_reset(st);
	GEOSFree_r(im->ctx->geos, wkb);
	if (!popnull) {
		sqlite3_bind_text(j->pop, 1, codebuf, -1, SQLITE_STATIC);
		sqlite3_bind_text(j->pop, 2, im->opts->year, -1, SQLITE_STATIC);
		sqlite3_bind_int64(j->pop, 3, pop);
		sqlite3_bind_int64(j->pop, 4, im->run_id);
		sqlite3_bind_int64(j->pop, 5, set);
		if (sqlite3_step(j->pop) != SQLITE_DONE)
			return sg_db__fail(im->ctx, "import units");
		changed |= sqlite3_changes(im->ctx->db) > 0;
		sqlite3_reset(j->pop);
	}
	sg_import__tally(im, existed, changed);
	return SG_OK;
}

/* Set parents from parent codes, then by containment for the rest. */
static int resolve_parents(units_job *j)
{
	sg_importer *im = j->im;
	sqlite3_stmt *st;
	int rc;

	rc = sg_db__prepare(im->ctx, "import units",
			    "UPDATE units SET parent_id = p.id FROM units p "
			    "WHERE units.code = ?1 AND p.code = ?2 AND "
			    "units.set_id = ?3 AND p.set_id = ?3 AND "
			    "units.parent_id IS NOT p.id",
			    &st);
	for (size_t i = 0; rc == SG_OK && i < j->npairs; i += 4) {
		int64_t pid;
		sqlite3_stmt *q;

		sqlite3_bind_text(st, 1, j->pairs[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, j->pairs[i + 1], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, atoll(j->pairs[i + 3]));
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = sg_db__fail(im->ctx, "import units");
		sqlite3_reset(st);
		if (rc != SG_OK)
			break;
		/* An unknown parent is flagged; containment may still
		 * find one below. */
		rc = sg_db__prepare(im->ctx, "import units",
				    "SELECT id FROM units WHERE code = ? AND "
				    "set_id = ?",
				    &q);
		if (rc != SG_OK)
			break;
		sqlite3_bind_text(q, 1, j->pairs[i + 1], -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 2, atoll(j->pairs[i + 3]));
		pid = sqlite3_step(q) == SQLITE_ROW;
		sqlite3_finalize(q);
		/* Each pair is a row of its own: count it flagged. */
		im->sum->flagged += !pid;
		if (!pid)
			rc = sg_import__issue(
				im, atoll(j->pairs[i + 2]),
				sg_import__header(im, SG_F_PARENT_CODE),
				j->pairs[i + 1], "flagged",
				SG_R_PARENT_MISSING);
	}
	sqlite3_finalize(st);
	if (rc != SG_OK)
		return rc;
	/* Containment, through the spatial index: the coarser unit that
	 * holds a point on the unit's surface. */
	/* Within the set, any depth: a ward's parent is a district, else
	 * (2025: no districts) the province. */
	rc = sg_db__prepare(
		im->ctx, "import units",
		"UPDATE units SET parent_id = (SELECT p.id FROM units p "
		"WHERE p.set_id = units.set_id AND (p.kind = CASE units.kind "
		"WHEN 'ward' THEN 'district' ELSE 'city' END OR (units.kind = "
		"'ward' AND p.kind = 'city')) AND p.ROWID IN (SELECT ROWID "
		"FROM "
		"SpatialIndex WHERE f_table_name = 'units' AND "
		"f_geometry_column = 'geom' AND search_frame = "
		"PointOnSurface(units.geom)) AND ST_Intersects(p.geom, "
		"PointOnSurface(units.geom)) ORDER BY p.kind = 'city', p.id "
		"LIMIT 1) WHERE parent_id IS NULL AND kind <> 'city' AND "
		"set_id = ?1",
		&st);
	if (rc != SG_OK)
		return rc;
	for (size_t k = 0; rc == SG_OK && k < (j->by_column ? j->ntouched : 1);
	     k++) {
		sqlite3_bind_int64(st, 1,
				   j->by_column ? j->touched[k] : j->set_id);
		rc = sqlite3_step(st) == SQLITE_DONE
			     ? SG_OK
			     : sg_db__fail(im->ctx, "import units");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (rc != SG_OK)
		return rc;
	return sg_db__exec(
		im->ctx, "import units",
		/* Schools imported before their wards get placed now. */
		"UPDATE schools SET unit_id = (SELECT u.id FROM units u WHERE "
		"u.kind = 'ward' AND u.ROWID IN (SELECT ROWID FROM "
		"SpatialIndex WHERE f_table_name = 'units' AND "
		"f_geometry_column = 'geom' AND search_frame = schools.geom) "
		"AND ST_Intersects(u.geom, schools.geom) ORDER BY u.id "
		"LIMIT 1) WHERE unit_id IS NULL");
}

static int load_existing(units_job *j)
{
	sqlite3_stmt *st;
	int rc = sg_db__prepare(j->im->ctx, "import units",
				"SELECT set_id || '|' || code, id FROM "
				"units WHERE set_id = ?1 OR ?2",
				&st);

	if (rc == SG_OK) {
		sqlite3_bind_int64(st, 1, j->set_id);
		sqlite3_bind_int(st, 2, j->by_column);
	}
	while (rc == SG_OK && sqlite3_step(st) == SQLITE_ROW)
		if (sg_strmap__put(j->existing,
				   (const char *)sqlite3_column_text(st, 0),
				   sqlite3_column_int64(st, 1)) != 0)
			rc = sg_error__oom(j->im->ctx, "import");
	sqlite3_finalize(st);
	return rc;
}

int sg_import__units(sg_importer *im)
{
	GEOSContextHandle_t h = im->ctx->geos;
	units_job j;
	int rc = SG_OK;

	memset(&j, 0, sizeof(j));
	j.im = im;
	j.pop_col = -1;
	if (im->opts->unit_kind && !unit_kind(im->opts->unit_kind))
		return sg_error__set(im->ctx, SG_EINVALID,
				     "import: unknown unit kind '%s' (ward, "
				     "district or city)",
				     im->opts->unit_kind);
	if (im->opts->population_field) {
		if (!im->opts->year)
			return sg_error__set(im->ctx, SG_EINVALID,
					     "import: a population field "
					     "needs the census year");
		j.pop_col = OGR_FD_GetFieldIndex(im->defn,
						 im->opts->population_field);
		if (j.pop_col < 0)
			return sg_error__set(im->ctx, SG_ENOTFOUND,
					     "import: %s: no field '%s'",
					     im->base,
					     im->opts->population_field);
	}
	j.seen = sg_strmap__new();
	j.existing = sg_strmap__new();
	j.sets = sg_strmap__new();
	j.by_column = !im->opts->set && im->col[SG_F_UNIT_SET] >= 0;
	j.rd = GEOSWKBReader_create_r(h);
	j.wr = GEOSWKBWriter_create_r(h);
	if (!j.seen || !j.existing || !j.sets || !j.rd || !j.wr)
		rc = sg_error__oom(im->ctx, "import");
	if (rc == SG_OK && !j.by_column)
		rc = sg_units__set_id(im->ctx, im->opts->set, 1, &j.set_id);
	if (rc == SG_OK)
		rc = load_existing(&j);
	if (rc == SG_OK)
		rc = prepare(&j);
	if (rc == SG_OK)
		rc = sg_import__each_row(im, one_row, &j);
	if (rc == SG_OK)
		rc = resolve_parents(&j);
	sqlite3_finalize(j.ins);
	sqlite3_finalize(j.upd);
	sqlite3_finalize(j.pop);
	for (size_t i = 0; i < j.npairs; i++)
		free(j.pairs[i]);
	free(j.pairs);
	sg_strmap__free(j.seen);
	sg_strmap__free(j.existing);
	sg_strmap__free(j.sets);
	free(j.touched);
	if (j.rd)
		GEOSWKBReader_destroy_r(h, j.rd);
	if (j.wr)
		GEOSWKBWriter_destroy_r(h, j.wr);
	return rc;
}
