/*
 * layers/import.c - opening a source with OGR, mapping its columns,
 * parsing values and locations, and running one import as one
 * transaction.
 *
 * The kind-specific row loops live in import_units.c, import_schools.c
 * and import_population.c; everything they share is here.  Values are
 * read as text and parsed by engine/text.c, which knows Vietnamese number
 * and yes/no formats, so CSV, XLSX and GIS files behave the same.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <ogr_srs_api.h>
#include <zlib.h>

#include "layers/import_int.h"

static const char *const kind_names[] = { "units", "schools",
					  "population", "applicants" };

/*---- Rows, values and issues -------------------------------------------*/

int64_t sg_import__rownum(const sg_importer *im, int64_t seq)
{
	return im->tabular ? seq + 1 : seq;
}

int64_t sg_import__row(const sg_importer *im, OGRFeatureH f, int64_t seq)
{
	GIntBig fid = OGR_F_GetFID(f);

	return im->pg && fid != OGRNullFID ? (int64_t)fid
					   : sg_import__rownum(im, seq);
}

/*
 * The text a spreadsheet cell or attribute shows.  OGR's own string of a
 * number is built in a per-feature buffer that the next call reuses, and a
 * real prints as "79000701.0" or in exponent form: numbers are formatted
 * here, integers and integral reals as their digits, other reals in the
 * shortest form that reads back the same.
 */
static void number_text(OGRFeatureH f, int i, OGRFieldType t, char *buf,
			size_t n)
{
	double v;

	if (t == OFTInteger) {
		snprintf(buf, n, "%d", OGR_F_GetFieldAsInteger(f, i));
		return;
	}
	if (t == OFTInteger64) {
		snprintf(buf, n, "%lld",
			 (long long)OGR_F_GetFieldAsInteger64(f, i));
		return;
	}
	v = OGR_F_GetFieldAsDouble(f, i);
	if (v == 0) {
		snprintf(buf, n, "0");  /* also -0 */
		return;
	}
	if (v > -9007199254740992.0 && v < 9007199254740992.0 &&
	    v == (double)(long long)v) {
		snprintf(buf, n, "%lld", (long long)v);
		return;
	}
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, n, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			return;
	}
}

const char *sg_import__text(sg_importer *im, OGRFeatureH f, sg_field field)
{
	int i = im->col[field];
	OGRFieldType t;
	const char *s;
	char num[40];
	size_t len;

	if (i < 0 || !OGR_F_IsFieldSetAndNotNull(f, i))
		return "";
	t = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, i));
	if (t == OFTInteger || t == OFTInteger64 || t == OFTReal) {
		number_text(f, i, t, num, sizeof(num));
		s = num;
	} else {
		s = OGR_F_GetFieldAsString(f, i);
	}
	/* Copied: the value stays valid while other fields are read. */
	len = strlen(s);
	if (len >= im->textcap[field]) {
		size_t cap = len + 64;
		char *p = realloc(im->text[field], cap);

		if (!p) {
			im->oom = 1;  /* sg_import__each_row fails */
			return "";
		}
		im->text[field] = p;
		im->textcap[field] = cap;
	}
	memcpy(im->text[field], s, len + 1);
	return im->text[field];
}

const char *sg_import__header(const sg_importer *im, sg_field field)
{
	int i = im->col[field];

	if (i < 0)
		return sg_field__name(field);
	return OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(im->defn, i));
}

int sg_import__issue(sg_importer *im, int64_t row, const char *field,
		     const char *value, const char *action,
		     const char *fmt, ...)
{
	char reason[512];
	sg_issue *is;
	va_list ap;

	if (im->nissues == im->capissues) {
		size_t cap = im->capissues ? im->capissues * 2 : 64;
		sg_issue *p = realloc(im->issues, cap * sizeof(*p));

		if (!p)
			return sg_error__set(im->ctx, SG_ENOMEM,
					     "import: out of memory");
		im->issues = p;
		im->capissues = cap;
	}
	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	is = &im->issues[im->nissues];
	is->row = row;
	is->field = strdup(field ? field : "");
	is->value = strdup(value ? value : "");
	is->reason = strdup(reason);
	is->action = action;
	if (!is->field || !is->value || !is->reason) {
		free(is->field);
		free(is->value);
		free(is->reason);
		return sg_error__set(im->ctx, SG_ENOMEM,
				     "import: out of memory");
	}
	im->nissues++;
	if (strcmp(action, "rejected") == 0)
		im->row_rejected = 1;
	else if (strcmp(action, "flagged") == 0)
		im->row_flagged = 1;
	return SG_OK;
}

void sg_import__count(sg_importer *im, OGRFeatureH f, int64_t row,
		      sg_field field, int64_t *out, int *isnull)
{
	const char *s = sg_import__text(im, f, field);
	int r = sg_text__parse_count(s, out);

	*isnull = r != SG_PARSE_OK;
	if (r == SG_PARSE_INVALID)
		sg_import__issue(im, row, sg_import__header(im, field), s,
				 "rejected", "not a whole number");
	else if (r == SG_PARSE_NEGATIVE)
		sg_import__issue(im, row, sg_import__header(im, field), s,
				 "rejected", "negative count");
}

void sg_import__bool(sg_importer *im, OGRFeatureH f, int64_t row,
		     sg_field field, int64_t *out, int *isnull)
{
	const char *s = sg_import__text(im, f, field);
	int v = 0, r = sg_text__parse_bool(s, &v);

	*isnull = r != SG_PARSE_OK;
	*out = v;
	if (r == SG_PARSE_INVALID)
		sg_import__issue(im, row, sg_import__header(im, field), s,
				 "rejected", "not a yes/no value (expected "
				 "Có/Không, yes/no, 1/0)");
}

void sg_import__real(sg_importer *im, OGRFeatureH f, int64_t row,
		     sg_field field, double *out, int *isnull)
{
	const char *s = sg_import__text(im, f, field);
	int r = sg_text__parse_real(s, out);

	*isnull = r != SG_PARSE_OK;
	if (r == SG_PARSE_INVALID)
		sg_import__issue(im, row, sg_import__header(im, field), s,
				 "rejected", "not a number");
	else if (r == SG_PARSE_OK && *out < 0) {
		sg_import__issue(im, row, sg_import__header(im, field), s,
				 "rejected", "negative value");
		*isnull = 1;
	}
}

/* Parse one coordinate column; rejects the row when bad. */
static int coord(sg_importer *im, OGRFeatureH f, int64_t row, sg_field fld,
		 double *out)
{
	const char *s = sg_import__text(im, f, fld);
	int r = sg_text__parse_real(s, out);

	if (r == SG_PARSE_OK)
		return 1;
	sg_import__issue(im, row, sg_import__header(im, fld), s, "rejected",
			 r == SG_PARSE_EMPTY ? "missing coordinate"
					     : "coordinate is not a number");
	return 0;
}

int sg_import__point(sg_importer *im, OGRFeatureH f, int64_t row,
		     double *lon, double *lat)
{
	OGRGeometryH g = NULL;
	sg_coord_mode mode = im->coords;
	double x = 0, y = 0;
	int ok;

	if (mode == SG_COORD_GEOMETRY) {
		g = OGR_F_GetGeometryRef(f);
		if (!g || OGR_G_IsEmpty(g)) {
			/* Fall back to coordinate columns, if any. */
			if (im->col[SG_F_LON] >= 0 && im->col[SG_F_LAT] >= 0)
				mode = SG_COORD_LONLAT;
			else
				return sg_import__issue(im, row, "geometry",
							"", "rejected",
							"missing geometry"),
				       0;
		}
	}
	if (mode == SG_COORD_GEOMETRY) {
		if (wkbFlatten(OGR_G_GetGeometryType(g)) == wkbMultiPoint &&
		    OGR_G_GetGeometryCount(g) == 1)
			g = OGR_G_GetGeometryRef(g, 0);
		if (wkbFlatten(OGR_G_GetGeometryType(g)) != wkbPoint) {
			sg_import__issue(im, row, "geometry",
					 OGR_G_GetGeometryName(g), "rejected",
					 "not a point");
			return 0;
		}
		x = OGR_G_GetX(g, 0);
		y = OGR_G_GetY(g, 0);
	} else if (mode == SG_COORD_LONLAT) {
		ok = coord(im, f, row, SG_F_LON, &x);
		ok &= coord(im, f, row, SG_F_LAT, &y);
		if (!ok)
			return 0;
	} else {
		ok = coord(im, f, row, SG_F_X, &x);
		ok &= coord(im, f, row, SG_F_Y, &y);
		if (!ok)
			return 0;
	}
	if ((!im->tx || sg_crs__src_is_geographic(im->tx)) &&
	    (x < -180 || x > 180 || y < -90 || y > 90)) {
		char v[64];
		int swapped = y >= -180 && y <= 180 && x >= -90 && x <= 90;

		snprintf(v, sizeof(v), "%.9g %.9g", x, y);
		sg_import__issue(im, row,
				 mode == SG_COORD_LONLAT
					 ? sg_import__header(im, y < -90 ||
								       y > 90
								       ? SG_F_LAT
								       : SG_F_LON)
					 : "geometry",
				 v, "rejected", "%s",
				 swapped ? "longitude/latitude out of range "
					   "(are the columns swapped?)"
					 : "longitude/latitude out of range");
		return 0;
	}
	if (im->tx && sg_crs__point(im->tx, &x, &y) != 0) {
		char v[64];

		snprintf(v, sizeof(v), "%.9g %.9g", x, y);
		sg_import__issue(im, row, "coordinates", v, "rejected",
				 "cannot be transformed to EPSG:4326 "
				 "(outside the CRS's area?)");
		return 0;
	}
	*lon = x;
	*lat = y;
	return 1;
}

int sg_import__school_year(const char *s, char *out, size_t n)
{
	int a, b, used = 0;
	char sep[8];

	while (*s == ' ')
		s++;
	/* "2016-2017", "2016 - 2017", "2016/2017", "2016–2017" (en dash) */
	if (sscanf(s, "%4d %7[-/\xe2\x80\x93] %4d %n", &a, sep, &b, &used) < 3 ||
	    s[used] != '\0' || b != a + 1 || a < 1900 || a > 2200)
		return -1;
	snprintf(out, n, "%d-%d", a, b);
	return 0;
}

const char *sg_import__row_year(sg_importer *im, OGRFeatureH f)
{
	const char *y = sg_import__text(im, f, SG_F_YEAR);

	if (*y)
		return y;
	return im->opts->year ? im->opts->year : "";
}

int sg_import__progress(sg_importer *im, int64_t done)
{
	return sg_ctx__progress(im->ctx, kind_names[im->kind],
				(uint64_t)done, (uint64_t)im->total);
}

int sg_import__each_row(sg_importer *im, sg_import_row_fn fn, void *job)
{
	OGRFeatureH f;
	int64_t seq = 0;
	int rc = SG_OK;

	OGR_L_ResetReading(im->layer);
	while (rc == SG_OK && (f = OGR_L_GetNextFeature(im->layer))) {
		im->row_rejected = im->row_flagged = 0;
		rc = fn(job, f, sg_import__row(im, f, ++seq));
		OGR_F_Destroy(f);
		if (rc == SG_OK && im->oom)
			rc = sg_error__set(im->ctx, SG_ENOMEM,
					   "import: out of memory");
		im->sum->rows++;
		im->sum->rejected += im->row_rejected;
		im->sum->flagged += im->row_flagged && !im->row_rejected;
		if (rc == SG_OK)
			rc = sg_import__progress(im, seq);
	}
	return rc;
}

void sg_import__tally(sg_importer *im, int existed, int changed)
{
	if (!existed)
		im->sum->inserted++;
	else if (changed)
		im->sum->updated++;
	else
		im->sum->unchanged++;
}

/*---- Placing points in the units ---------------------------------------*/

void sg_import__units_free(sg_import_units *u)
{
	sg_strmap__free(u->codes);
	sg_strmap__free(u->ward);
	sg_polyindex__free(u->idx);
	memset(u, 0, sizeof(*u));
}

int sg_import__units_load(sg_importer *im, const char *what,
			  sg_import_units *u)
{
	sg_ctx *ctx = im->ctx;
	GEOSWKBReader *rd;
	sqlite3_stmt *st;
	int rc;

	memset(u, 0, sizeof(*u));
	u->codes = sg_strmap__new();
	u->ward = sg_strmap__new();
	if (!u->codes || !u->ward)
		return sg_error__set(ctx, SG_ENOMEM, "%s: out of memory", what);
	if ((rc = sg_polyindex__new(ctx, &u->idx)) != SG_OK)
		return rc;
	rc = sg_db__prepare(ctx, what,
			    "SELECT code, id, kind, AsBinary(geom) FROM units",
			    &st);
	if (rc != SG_OK)
		return rc;
	rd = GEOSWKBReader_create_r(ctx->geos);
	while (rc == SG_OK && sqlite3_step(st) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(st, 2);
		int64_t id = sqlite3_column_int64(st, 1);
		int rank = strcmp(kind, "ward") == 0       ? 0
			   : strcmp(kind, "district") == 0 ? 1
							   : 2;
		GEOSGeometry *g = NULL;
		char key[24];

		if (sqlite3_column_type(st, 3) == SQLITE_BLOB)
			g = GEOSWKBReader_read_r(
				ctx->geos, rd, sqlite3_column_blob(st, 3),
				(size_t)sqlite3_column_bytes(st, 3));
		if (sg_strmap__put(u->codes,
				   (const char *)sqlite3_column_text(st, 0),
				   id) != 0)
			rc = sg_error__set(ctx, SG_ENOMEM, "%s: out of memory",
					   what);
		snprintf(key, sizeof(key), "%lld", (long long)id);
		if (rank == 0 && sg_strmap__put(u->ward, key, 1) != 0)
			rc = sg_error__set(ctx, SG_ENOMEM, "%s: out of memory",
					   what);
		if (g && rc == SG_OK)
			rc = sg_polyindex__add(u->idx, g, id, rank);
		else if (g)
			GEOSGeom_destroy_r(ctx->geos, g);
	}
	GEOSWKBReader_destroy_r(ctx->geos, rd);
	sqlite3_finalize(st);
	return rc;
}

int64_t sg_import__place(sg_importer *im, sg_import_units *u, int64_t row,
			 const char *declared_code, double lon, double lat,
			 const sg_place_msgs *msg)
{
	int64_t found = sg_polyindex__find(u->idx, lon, lat);
	int64_t declared = -1;
	char v[64], key[24];

	if (*declared_code &&
	    !sg_strmap__get(u->codes, declared_code, &declared))
		sg_import__issue(im, row, sg_import__header(im, SG_F_UNIT_CODE),
				 declared_code, "flagged", "%s", msg->unknown);
	if (sg_polyindex__count(u->idx) > 0 && found < 0) {
		snprintf(v, sizeof(v), "%.6f %.6f", lon, lat);
		sg_import__issue(im, row, "coordinates", v, "flagged", "%s",
				 msg->outside);
	}
	snprintf(key, sizeof(key), "%lld", (long long)declared);
	if (found >= 0 && declared >= 0 && found != declared &&
	    sg_strmap__get(u->ward, key, &(int64_t){ 0 }))
		sg_import__issue(im, row, sg_import__header(im, SG_F_UNIT_CODE),
				 declared_code, "flagged", "%s",
				 msg->elsewhere);
	return found >= 0 ? found : declared;
}

/*---- Opening and column mapping ----------------------------------------*/

/* A database has many tables: the user names one.  OGR lists only the
 * tables with a geometry column. */
static int pg_which_table(sg_importer *im)
{
	char names[512] = "";
	int n = GDALDatasetGetLayerCount(im->ds);

	for (int i = 0; i < n && i < 8; i++) {
		size_t len = strlen(names);

		snprintf(names + len, sizeof(names) - len, "%s%s",
			 i ? ", " : "",
			 OGR_L_GetName(GDALDatasetGetLayer(im->ds, i)));
	}
	return sg_error__set(im->ctx, SG_EINVALID, "import: %s: name the "
			     "table with --layer (tables with geometry: %s%s)",
			     im->source, n ? names : "none",
			     n > 8 ? ", ..." : "");
}

static int open_source(sg_importer *im)
{
	static const char *const csv_oo[] = { "AUTODETECT_TYPE=NO",
					      "HEADERS=YES", NULL };
	static const char *const xlsx_oo[] = { "HEADERS=FORCE",
					       "FIELD_TYPES=STRING", NULL };
	const char *const *oo = NULL;
	sg_ctx *ctx = im->ctx;

	if (sg_path__has_ext(im->path, ".csv") ||
	    sg_path__has_ext(im->path, ".tsv") ||
	    sg_path__has_ext(im->path, ".txt"))
		oo = csv_oo;
	else if (sg_path__has_ext(im->path, ".xlsx"))
		oo = xlsx_oo;
	im->tabular = oo != NULL;
	if (!im->pg && access(im->path, R_OK) != 0)
		return sg_error__set(ctx, SG_ENOTFOUND, "import: %s: %s",
				     im->path, strerror(errno));
	im->ds = GDALOpenEx(im->path, GDAL_OF_VECTOR | GDAL_OF_READONLY,
			    NULL, oo, NULL);
	if (!im->ds) {
		if (im->pg)
			sg_pg__scrub(im->path, ctx->gdal_msg);
		return sg_error__set(ctx, SG_EGDAL,
				     "import: %s: OGR cannot read it: %s",
				     im->source, sg_gdal__msg(ctx));
	}
	if (im->opts->layer) {
		im->layer = GDALDatasetGetLayerByName(im->ds, im->opts->layer);
		if (!im->layer)
			return sg_error__set(ctx, SG_ENOTFOUND,
					     "import: %s: no %s '%s'",
					     im->source,
					     im->pg ? "table" : "layer",
					     im->opts->layer);
	} else if (im->pg && GDALDatasetGetLayerCount(im->ds) != 1) {
		return pg_which_table(im);
	} else {
		if (GDALDatasetGetLayerCount(im->ds) < 1)
			return sg_error__set(ctx, SG_EINVALID,
					     "import: %s: no layer",
					     im->source);
		im->layer = GDALDatasetGetLayer(im->ds, 0);
	}
	if (im->pg)
		sg_pg__safe_dsn(im->path, OGR_L_GetName(im->layer),
				im->pgname, sizeof(im->pgname));
	im->defn = OGR_L_GetLayerDefn(im->layer);
	/* The count costs a pass over a CSV: only for a progress display. */
	im->total = ctx->opts.progress ? OGR_L_GetFeatureCount(im->layer, 0)
				       : 0;
	if (im->total < 0)
		im->total = 0;
	return SG_OK;
}

/* The file's column whose header is `name` exactly or once folded. */
static int find_column(OGRFeatureDefnH defn, const char *name)
{
	char a[256], b[256];
	int n = OGR_FD_GetFieldCount(defn);
	int i = OGR_FD_GetFieldIndex(defn, name);

	if (i >= 0)
		return i;
	sg_text__fold(name, a, sizeof(a));
	for (i = 0; i < n; i++) {
		sg_text__fold(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)),
			      b, sizeof(b));
		if (strcmp(a, b) == 0)
			return i;
	}
	return -1;
}

/* Apply a mapping file: "field = Column name" per line. */
static int apply_map(sg_importer *im)
{
	const char *mp = im->opts->map_path;
	char line[1024];
	int lineno = 0, rc = SG_OK;
	FILE *fp = fopen(mp, "r");

	if (!fp)
		return sg_error__set(im->ctx, SG_ENOTFOUND,
				     "import: mapping file %s: %s", mp,
				     strerror(errno));
	while (rc == SG_OK && fgets(line, sizeof(line), fp)) {
		char *key = line, *val, *eq, *end;
		sg_field f;
		int col;

		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		while (*key == ' ' || *key == '\t')
			key++;
		if (*key == '\0' || *key == '#' || *key == ';' || *key == '[')
			continue;
		eq = strchr(key, '=');
		if (!eq) {
			rc = sg_error__set(im->ctx, SG_EINVALID,
					   "import: %s:%d: expected 'field = "
					   "Column name'", mp, lineno);
			break;
		}
		val = eq + 1;
		for (end = eq; end > key && (end[-1] == ' ' ||
					     end[-1] == '\t');)
			end--;
		*end = '\0';
		while (*val == ' ' || *val == '\t')
			val++;
		for (end = val + strlen(val); end > val && (end[-1] == ' ' ||
							    end[-1] == '\t');)
			end--;
		*end = '\0';
		f = sg_field__by_name(key);
		if (f == SG_F_NONE) {
			rc = sg_error__set(im->ctx, SG_EINVALID,
					   "import: %s:%d: unknown field '%s'",
					   mp, lineno, key);
			break;
		}
		col = find_column(im->defn, val);
		if (col < 0) {
			rc = sg_error__set(im->ctx, SG_EINVALID,
					   "import: %s:%d: no column '%s' in "
					   "%s", mp, lineno, val, im->base);
			break;
		}
		/* The mapping wins over an automatic match elsewhere. */
		for (int k = 0; k < SG_F__COUNT; k++)
			if (im->col[k] == col)
				im->col[k] = -1;
		im->col[f] = col;
	}
	fclose(fp);
	return rc;
}

static int map_columns(sg_importer *im)
{
	int n = OGR_FD_GetFieldCount(im->defn);

	for (int k = 0; k < SG_F__COUNT; k++)
		im->col[k] = -1;
	for (int i = 0; i < n; i++) {
		const char *h = OGR_Fld_GetNameRef(
			OGR_FD_GetFieldDefn(im->defn, i));
		sg_field f = sg_field__match((sg_import_kind_int)im->kind, h);

		if (f == SG_F_NONE)
			continue;
		if (im->col[f] >= 0) {
			sg_ctx__warn(im->ctx, "%s: columns '%s' and '%s' both "
				     "mean %s; using the first", im->base,
				     sg_import__header(im, f), h,
				     sg_field__name(f));
			continue;
		}
		im->col[f] = i;
	}
	if (im->opts->map_path)
		return apply_map(im);
	return SG_OK;
}

/* Fail unless each of the listed fields has a column. */
static int require(sg_importer *im, const sg_field *fields, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (im->col[fields[i]] < 0)
			return sg_error__set(im->ctx, SG_EINVALID,
					     "import: %s: no column for '%s' "
					     "(name it in a --map file)",
					     im->base,
					     sg_field__name(fields[i]));
	return SG_OK;
}

/* Decide how locations are given and build the transform to 4326. */
static int setup_coords(sg_importer *im)
{
	OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(im->layer);
	const char *crs = im->opts->crs;
	char *wkt = NULL;
	int rc;

	if (OGR_L_GetGeomType(im->layer) != wkbNone)
		im->coords = SG_COORD_GEOMETRY;
	else if (im->col[SG_F_LON] >= 0 && im->col[SG_F_LAT] >= 0)
		im->coords = SG_COORD_LONLAT;
	else if (im->col[SG_F_X] >= 0 && im->col[SG_F_Y] >= 0)
		im->coords = SG_COORD_XY;
	else
		im->coords = SG_COORD_NONE;
	if (im->kind == SG_IMPORT_POPULATION)
		return SG_OK;
	if (im->coords == SG_COORD_NONE)
		return sg_error__set(im->ctx, SG_EINVALID,
				     "import: %s: no geometry and no "
				     "coordinate columns (Kinh độ/Vĩ độ, "
				     "lon/lat or x/y)", im->base);
	if (im->kind == SG_IMPORT_UNITS && im->coords != SG_COORD_GEOMETRY)
		return sg_error__set(im->ctx, SG_EINVALID,
				     "import: %s: units need polygons (a GIS "
				     "file: GeoJSON, GeoPackage, Shapefile)",
				     im->base);
	if (!crs && im->coords == SG_COORD_GEOMETRY && srs) {
		const char *opts[] = { "FORMAT=WKT2_2019", NULL };

		if (OSRExportToWktEx(srs, &wkt, opts) != OGRERR_NONE)
			return sg_error__set(im->ctx, SG_EGDAL,
					     "import: %s: cannot read its CRS",
					     im->base);
		crs = wkt;
	}
	if (!crs && im->coords == SG_COORD_XY)
		return sg_error__set(im->ctx, SG_EINVALID,
				     "import: %s: x/y columns need a CRS: "
				     "give --crs (e.g. EPSG:32648, or a "
				     "VN-2000 PROJ string)", im->base);
	if (!crs)
		return SG_OK;  /* lon/lat or geometry in EPSG:4326 */
	rc = sg_crs__new(im->ctx, &im->tx, crs, NULL, im->base);
	CPLFree(wkt);
	return rc;
}

/*---- Provenance, issues and rejects ------------------------------------*/

/* "crc32:xxxxxxxx size:N" of a file, or "" for non-files. */
static void checksum(const char *path, char *out, size_t n)
{
	unsigned char buf[65536];
	uLong crc = crc32(0L, Z_NULL, 0);
	long long size = 0;
	size_t got;
	FILE *fp = fopen(path, "rb");

	out[0] = '\0';
	if (!fp)
		return;
	while ((got = fread(buf, 1, sizeof(buf), fp)) > 0) {
		crc = crc32(crc, buf, (uInt)got);
		size += (long long)got;
	}
	fclose(fp);
	snprintf(out, n, "crc32:%08lx size:%lld", (unsigned long)crc, size);
}

static int start_run(sg_importer *im)
{
	char cmd[64], sum[64];
	sqlite3_stmt *st;
	int rc;

	snprintf(cmd, sizeof(cmd), "import %s", kind_names[im->kind]);
	sum[0] = '\0';
	if (!im->pg)
		checksum(im->path, sum, sizeof(sum));
	rc = sg_db__prepare(im->ctx, "import",
			    "INSERT INTO runs (command, parameters, "
			    "input_checksums, versions, started_at) VALUES "
			    "(?1, json_object('file', ?2, 'year', ?3, 'crs', "
			    "?4, 'map', ?5, 'layer', ?6, 'kind', ?7, "
			    "'population_field', ?8), json_object(?2, ?9), "
			    "?10, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
			    &st);
	if (rc != SG_OK)
		return rc;
	sqlite3_bind_text(st, 1, cmd, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, im->source, -1, SQLITE_STATIC);
	sg_db__bind_text(st, 3, im->opts->year);
	sg_db__bind_text(st, 4, im->opts->crs);
	sg_db__bind_text(st, 5, im->opts->map_path);
	sg_db__bind_text(st, 6, im->opts->layer);
	sg_db__bind_text(st, 7, im->opts->unit_kind);
	sg_db__bind_text(st, 8, im->opts->population_field);
	sqlite3_bind_text(st, 9, sum, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 10, sg_dependency_versions(), -1,
			  SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = sg_db__fail(im->ctx, "import");
	sqlite3_finalize(st);
	im->run_id = sqlite3_last_insert_rowid(im->ctx->db);
	return rc;
}

static int finish_run(sg_importer *im)
{
	const sg_import_summary *s = im->sum;
	sqlite3_stmt *st;
	int rc;

	rc = sg_db__prepare(im->ctx, "import",
			    "UPDATE runs SET finished_at = strftime("
			    "'%Y-%m-%dT%H:%M:%fZ', 'now'), summary = "
			    "json_object('rows', ?2, 'inserted', ?3, "
			    "'updated', ?4, 'unchanged', ?5, 'rejected', ?6, "
			    "'flagged', ?7, 'repaired', ?8) WHERE id = ?1",
			    &st);
	if (rc != SG_OK)
		return rc;
	sqlite3_bind_int64(st, 1, im->run_id);
	sqlite3_bind_int64(st, 2, s->rows);
	sqlite3_bind_int64(st, 3, s->inserted);
	sqlite3_bind_int64(st, 4, s->updated);
	sqlite3_bind_int64(st, 5, s->unchanged);
	sqlite3_bind_int64(st, 6, s->rejected);
	sqlite3_bind_int64(st, 7, s->flagged);
	sqlite3_bind_int64(st, 8, s->repaired);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = sg_db__fail(im->ctx, "import");
	sqlite3_finalize(st);
	return rc;
}

static int store_issues(sg_importer *im)
{
	sqlite3_stmt *st;
	int rc;

	rc = sg_db__prepare(im->ctx, "import",
			    "INSERT INTO import_issues (run_id, file, row, "
			    "field, value, reason, action) VALUES "
			    "(?, ?, ?, ?, ?, ?, ?)", &st);
	for (size_t i = 0; rc == SG_OK && i < im->nissues; i++) {
		const sg_issue *is = &im->issues[i];

		sqlite3_bind_int64(st, 1, im->run_id);
		sqlite3_bind_text(st, 2, im->source, -1, SQLITE_STATIC);
		if (is->row > 0)
			sqlite3_bind_int64(st, 3, is->row);
		else
			sqlite3_bind_null(st, 3);
		sqlite3_bind_text(st, 4, is->field, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, is->value, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, is->reason, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, is->action, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = sg_db__fail(im->ctx, "import");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Write one CSV field, quoted when it needs to be (RFC 4180). */
static void csv_field(FILE *fp, const char *s, int last)
{
	if (strpbrk(s, ",\"\r\n")) {
		fputc('"', fp);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', fp);
			fputc(*s, fp);
		}
		fputc('"', fp);
	} else {
		fputs(s, fp);
	}
	fputc(last ? '\n' : ',', fp);
}

/*
 * Beside the input, named from its whole file name: schools.csv and
 * schools.xlsx in one folder get schools.csv.rejects.csv and
 * schools.xlsx.rejects.csv.  A PostgreSQL table has no folder: its
 * rejects go to the current directory as <table>.rejects.csv.
 */
static void default_rejects_path(const sg_importer *im, char *out,
				 size_t n)
{
	size_t len = strlen(im->path);

	if (im->pg) {
		snprintf(out, n, "%s.rejects.csv", OGR_L_GetName(im->layer));
		for (char *p = out; *p; p++)
			if (*p == '/')
				*p = '_';
		return;
	}
	while (len > 1 && im->path[len - 1] == '/')
		len--;  /* a Shapefile folder */
	snprintf(out, n, "%.*s.rejects.csv", (int)len, im->path);
}

/* Write the rejects CSV atomically (temp file + rename). */
static int write_rejects(sg_importer *im)
{
	char *out = im->sum->rejects_path, tmp[4200], row[32];
	size_t n = sizeof(im->sum->rejects_path);
	FILE *fp;
	int ok;

	if (im->opts->rejects_path)
		snprintf(out, n, "%s", im->opts->rejects_path);
	else
		default_rejects_path(im, out, n);
	if (im->nissues == 0) {
		/* A stale report of an earlier import would mislead. */
		if (!im->opts->rejects_path)
			unlink(out);
		out[0] = '\0';
		return SG_OK;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp-%ld", out, (long)getpid());
	fp = fopen(tmp, "w");
	if (!fp)
		return sg_error__set(im->ctx, SG_EIO,
				     "import: cannot write %s: %s", tmp,
				     strerror(errno));
	fputs("file,row,field,value,reason,action\n", fp);
	for (size_t i = 0; i < im->nissues; i++) {
		const sg_issue *is = &im->issues[i];

		snprintf(row, sizeof(row), "%lld", (long long)is->row);
		csv_field(fp, im->base, 0);
		csv_field(fp, is->row > 0 ? row : "", 0);
		csv_field(fp, is->field, 0);
		csv_field(fp, is->value, 0);
		csv_field(fp, is->reason, 0);
		csv_field(fp, is->action, 1);
	}
	ok = !ferror(fp);
	ok &= fclose(fp) == 0;
	if (!ok || rename(tmp, out) != 0) {
		int e = errno;

		unlink(tmp);
		return sg_error__set(im->ctx, SG_EIO,
				     "import: cannot write %s: %s", out,
				     strerror(e));
	}
	return SG_OK;
}

static void free_issues(sg_importer *im)
{
	for (size_t i = 0; i < im->nissues; i++) {
		free(im->issues[i].field);
		free(im->issues[i].value);
		free(im->issues[i].reason);
	}
	free(im->issues);
	for (int k = 0; k < SG_F__COUNT; k++)
		free(im->text[k]);
}

/*---- The import -------------------------------------------------------*/

int sg_import(sg_ctx *ctx, sg_import_kind kind, const char *path,
	      const sg_import_options *opts, sg_import_summary *summary)
{
	static const sg_import_options defaults = SG_IMPORT_OPTIONS_INIT;
	static const sg_field units_req[] = { SG_F_CODE };
	static const sg_field schools_req[] = { SG_F_CODE, SG_F_LEVELS };
	static const sg_field pop_req[] = { SG_F_CODE, SG_F_COUNT };
	static const sg_field appl_req[] = { SG_F_CODE, SG_F_GRADE };
	sg_import_summary local;
	sg_importer im;
	int rc;

	sg_error__clear(ctx);
	if (!summary)
		summary = &local;
	memset(summary, 0, sizeof(*summary));
	if ((rc = sg_db__need(ctx)) != SG_OK)
		return rc;
	if (!opts)
		opts = &defaults;
	if (opts->version != SG_IMPORT_OPTIONS_VERSION)
		return sg_error__set(ctx, SG_EINVALID,
				     "import: options version %u, expected "
				     "%u", opts->version,
				     SG_IMPORT_OPTIONS_VERSION);
	if ((unsigned)kind > SG_IMPORT_APPLICANTS)
		return sg_error__set(ctx, SG_EINVALID,
				     "import: unknown kind %d", (int)kind);
	memset(&im, 0, sizeof(im));
	im.ctx = ctx;
	im.kind = kind;
	im.opts = opts;
	im.path = path;
	im.base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	im.sum = summary;
	im.source = path;
	im.pg = sg_pg__is_dsn(path);
	if (im.pg) {
		/* A password never reaches a message or the store. */
		sg_pg__safe_dsn(path, NULL, im.pgname, sizeof(im.pgname));
		im.source = im.base = im.pgname;
	}

	/* GDAL's messages are captured for the whole import: the library
	 * never prints. */
	sg_gdal__begin(ctx);
	rc = open_source(&im);
	if (rc == SG_OK)
		rc = map_columns(&im);
	if (rc == SG_OK)
		rc = kind == SG_IMPORT_UNITS
			     ? require(&im, units_req, 1)
		     : kind == SG_IMPORT_SCHOOLS
			     ? require(&im, schools_req, 2)
		     : kind == SG_IMPORT_APPLICANTS
			     ? require(&im, appl_req, 2)
			     : require(&im, pop_req, 2);
	if (rc == SG_OK)
		rc = setup_coords(&im);
	if (rc == SG_OK)
		rc = sg_db__begin(ctx);
	if (rc == SG_OK) {
		rc = start_run(&im);
		if (rc == SG_OK)
			rc = kind == SG_IMPORT_UNITS ? sg_import__units(&im)
			     : kind == SG_IMPORT_SCHOOLS
				     ? sg_import__schools(&im)
			     : kind == SG_IMPORT_APPLICANTS
				     ? sg_import__applicants(&im)
				     : sg_import__population(&im);
		if (rc == SG_OK)
			rc = store_issues(&im);
		if (rc == SG_OK)
			rc = finish_run(&im);
		if (rc == SG_OK)
			rc = write_rejects(&im);
		if (rc == SG_OK)
			rc = sg_db__commit(ctx);
		if (rc != SG_OK) {
			sg_db__rollback(ctx);
			if (summary->rejects_path[0] && im.nissues)
				unlink(summary->rejects_path);
		}
	}
	summary->run_id = rc == SG_OK ? im.run_id : 0;
	if (rc != SG_OK)
		summary->rejects_path[0] = '\0';
	free_issues(&im);
	sg_crs__free(im.tx);
	if (im.ds)
		GDALClose(im.ds);
	sg_gdal__end(ctx);
	return rc;
}
