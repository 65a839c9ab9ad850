/*
 * layers/crosswalk.c - `import crosswalk`: old units -> new units of a
 * reform, from the statistics office's change records, from new -> old
 * lists (JSON through json-c, or any table GDAL reads), or from the two
 * sets' polygons by area overlap.
 *
 * The sources do not share codes: the public map of the 2025 reform
 * numbers provinces and wards its own way, so a code is trusted only
 * when the unit it names in the store has the same name; otherwise the
 * unit is found by its name key within its province and district
 * (engine/crosswalk.c).  What matches nothing is listed, never guessed.
 * A unit listed under several new units was split: its people are
 * shared by the overlap of its polygon with theirs when both sets have
 * polygons, else equally, and the pairs are flagged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <json-c/json.h>

#include "engine/crosswalk.h"
#include "engine/strmap.h"
#include "engine/table.h"
#include "engine/text.h"
#include "layers/catchments_int.h"
#include "layers/layers.h"
#include "layers/runs.h"
#include "layers/units_int.h"
#include "schoolgis/import.h"
#include "schoolgis/units.h"

#define WHAT "import crosswalk"

/*---- Records ----------------------------------------------------------*/

/* One old -> new pair as a file gives it; "" for what it lacks. */
enum {
	F_OLD_PROV_CODE,
	F_OLD_PROV,
	F_OLD_DIST_CODE,
	F_OLD_DIST,
	F_OLD_CODE,
	F_OLD_NAME,
	F_NEW_PROV_CODE,
	F_NEW_PROV,
	F_NEW_CODE,
	F_NEW_NAME,
	F_NOTE,
	F_SHARE,
	NFIELDS
};

typedef struct {
	char *f[NFIELDS];
	int64_t row;
} xw_rec;

typedef struct {
	xw_rec *r;
	size_t n, cap;
} xw_recs;

static void recs_free(xw_recs *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		for (int k = 0; k < NFIELDS; k++)
			free(rs->r[i].f[k]);
	free(rs->r);
}

/* Append a record of NULL fields; NULL when out of memory. */
static xw_rec *recs_add(xw_recs *rs, int64_t row)
{
	if (rs->n == rs->cap) {
		size_t cap = rs->cap ? rs->cap * 2 : 1024;
		xw_rec *p = realloc(rs->r, cap * sizeof(*p));

		if (!p)
			return NULL;
		rs->r = p;
		rs->cap = cap;
	}
	memset(&rs->r[rs->n], 0, sizeof(xw_rec));
	rs->r[rs->n].row = row;
	return &rs->r[rs->n++];
}

static int set_field(xw_rec *r, int k, const char *s)
{
	free(r->f[k]);
	r->f[k] = strdup(s ? s : "");
	return r->f[k] ? 0 : -1;
}

static const char *fld(const xw_rec *r, int k)
{
	return r->f[k] ? r->f[k] : "";
}

/*---- Reading: JSON new -> old lists -----------------------------------*/

static const char *jstr(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !v)
		return "";
	return json_object_get_string(v);
}

/* {"wards": {id: {new_ward_id, new_ward_name, new_province_id,
 * new_province_name, old_wards: [{old_ward_id, old_ward_name,
 * old_district_id, old_district_name, old_province_id,
 * old_province_name}]}}}: one record per old ward; `row` counts the new
 * units (1-based, in file order). */
static int read_json(sg_ctx *ctx, const char *path, xw_recs *rs)
{
	json_object *root = json_object_from_file(path), *wards, *olds;
	int64_t row = 0;
	int rc = SG_OK;

	if (!root)
		return sg_error__set(ctx, SG_EINVALID,
				     WHAT ": %s: not JSON: "
					  "%s",
				     path, json_util_get_last_err());
	if (!json_object_object_get_ex(root, "wards", &wards) ||
	    !json_object_is_type(wards, json_type_object)) {
		json_object_put(root);
		return sg_error__set(ctx, SG_EINVALID,
				     WHAT
				     ": %s: no \"wards\" object (expected"
				     " a new -> old list: {\"wards\": {id: "
				     "{new_ward_id, new_ward_name, "
				     "old_wards: [...]}}})",
				     path);
	}
	json_object_object_foreach(wards, key, w)
	{
		size_t n;

		(void)key;
		row++;
		if (!json_object_object_get_ex(w, "old_wards", &olds) ||
		    !json_object_is_type(olds, json_type_array))
			continue;
		n = json_object_array_length(olds);
		for (size_t i = 0; rc == SG_OK && i < n; i++) {
			json_object *o = json_object_array_get_idx(olds, i);
			xw_rec *r = recs_add(rs, row);
			int e;

			if (!r) {
				rc = sg_error__oom(ctx, "crosswalk");
				break;
			}
			e = set_field(r, F_NEW_CODE, jstr(w, "new_ward_id"));
			e |= set_field(r, F_NEW_NAME, jstr(w, "new_ward_name"));
			e |= set_field(r, F_NEW_PROV_CODE,
				       jstr(w, "new_province_id"));
			e |= set_field(r, F_NEW_PROV,
				       jstr(w, "new_province_name"));
			e |= set_field(r, F_OLD_CODE, jstr(o, "old_ward_id"));
			e |= set_field(r, F_OLD_NAME, jstr(o, "old_ward_name"));
			e |= set_field(r, F_OLD_DIST_CODE,
				       jstr(o, "old_district_id"));
			e |= set_field(r, F_OLD_DIST,
				       jstr(o, "old_district_name"));
			e |= set_field(r, F_OLD_PROV_CODE,
				       jstr(o, "old_province_id"));
			e |= set_field(r, F_OLD_PROV,
				       jstr(o, "old_province_name"));
			if (e)
				rc = sg_error__oom(ctx, "crosswalk");
		}
		if (rc != SG_OK)
			break;
	}
	json_object_put(root);
	return rc;
}

/*---- Reading: tables (change records, new -> old CSV) -----------------*/

/* Does folded text h hold the word w (whole words, w may be several)? */
static int has_word(const char *h, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = h; (p = strstr(p, w)) != NULL; p++)
		if ((p == h || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
	return 0;
}

/*
 * Which record field a column header names, or -1.  Headers of the
 * statistics office ("Mã tỉnh cũ", "Tên xã mới", "Mã QH", "Phường Xã
 * điều chỉnh"), of the public lists (old_ward_id, new_province_name)
 * and plain English (new_code, old_district).  Unmarked columns are
 * old ones; a column without level is a ward's; without "mã"/"code" a
 * name.
 */
static int header_field(const char *header)
{
	char h[128];
	int is_new, level, code;

	sg_text__fold(header, h, sizeof(h));
	if (has_word(h, "ghi chu") || has_word(h, "note") ||
	    has_word(h, "notes"))
		return F_NOTE;
	if (has_word(h, "share") || has_word(h, "ty le"))
		return F_SHARE;
	is_new = has_word(h, "moi") || has_word(h, "new") ||
		 has_word(h, "dc") || has_word(h, "dieu chinh") ||
		 has_word(h, "sau") || has_word(h, "adjusted");
	level = has_word(h, "tinh") || has_word(h, "tp") ||
				has_word(h, "province") || has_word(h, "ttp")
			? 0
		: has_word(h, "huyen") || has_word(h, "quan") ||
				has_word(h, "qh") || has_word(h, "district")
			? 1
			: 2;
	code = has_word(h, "ma") || has_word(h, "code") || has_word(h, "id");
	if (!code && !has_word(h, "ten") && !has_word(h, "name") &&
	    !has_word(h, "xa") && !has_word(h, "phuong") &&
	    !has_word(h, "px") && !has_word(h, "ward") &&
	    !has_word(h, "commune") && !has_word(h, "unit") && level == 2)
		return -1; /* "Cấp", "STT": not ours */
	if (is_new && level == 1)
		return -1; /* 2025 sets have no districts */
	if (is_new)
		return level == 0 ? (code ? F_NEW_PROV_CODE : F_NEW_PROV)
				  : (code ? F_NEW_CODE : F_NEW_NAME);
	return level == 0   ? (code ? F_OLD_PROV_CODE : F_OLD_PROV)
	       : level == 1 ? (code ? F_OLD_DIST_CODE : F_OLD_DIST)
			    : (code ? F_OLD_CODE : F_OLD_NAME);
}

/*
 * GDAL before 3.8 takes a workbook's header only from configuration
 * options (the open options below are ignored there), and reads sheets
 * lazily: set them for this thread until the file is closed (on 0
 * restores the saved values).  Without them a sheet of text only (codes
 * such as "001") has no header.
 */
static void book_config(int on, char *saved[6])
{
	static const char *const keys[6] = {
		"OGR_XLSX_HEADERS", "OGR_XLSX_FIELD_TYPES",
		"OGR_ODS_HEADERS",  "OGR_ODS_FIELD_TYPES",
		"OGR_XLS_HEADERS",  "OGR_XLS_FIELD_TYPES"
	};

	for (int i = 0; i < 6; i++) {
		if (on) {
			const char *old = CPLGetThreadLocalConfigOption(keys[i],
									NULL);

			saved[i] = old ? CPLStrdup(old) : NULL;
			CPLSetThreadLocalConfigOption(keys[i], i % 2 ? "STRING"
								     : "FORCE");
		} else {
			CPLSetThreadLocalConfigOption(keys[i], saved[i]);
			CPLFree(saved[i]);
			saved[i] = NULL;
		}
	}
}

static int read_table_open(sg_ctx *ctx, const char *path, const char *layer,
			   xw_recs *rs, int tabular);

/*
 * Several old units in one cell, as the tables annexed to the provinces'
 * resolutions write them: "Xã A, Xã B và Xã C", "Xã A; Xã B", and the
 * shorthand "Phường 1, 2 và 3" (a part without a kind word takes the
 * kind of the part before it: Phường 2, Phường 3).  Leading "các"
 * ("các phường 1, 2") is dropped, and so are parts naming a district or
 * province ("Xã A, huyện B": the district column says that).  Returns
 * the number of parts (0 for an empty cell), each NUL-terminated in
 * part[i] (256 bytes).
 */
#define XW_MAX_PARTS 32

/* The kind words of wards a part may start with (folded), and how many
 * words each has. */
static int kind_words(const char *folded)
{
	static const struct {
		const char *w;
		int n;
	} k[] = { { "thi tran ", 2 }, { "dac khu ", 2 }, { "phuong ", 1 },
		  { "xa ", 1 },	      { "p ", 1 },	 { "tt ", 1 } };

	for (size_t i = 0; i < sizeof(k) / sizeof(*k); i++)
		if (strncmp(folded, k[i].w, strlen(k[i].w)) == 0)
			return k[i].n;
	return 0;
}

/* Byte length of the first n words of s (words separated by spaces). */
static size_t first_words(const char *s, int n)
{
	const char *p = s;

	for (int i = 0; i < n && *p; i++) {
		while (*p == ' ')
			p++;
		while (*p && *p != ' ')
			p++;
	}
	return (size_t)(p - s);
}

static int split_units(const char *cell, char part[][256], int max)
{
	char prefix[64] = "";
	const char *p = cell;
	int n = 0;

	while (*p && n < max) {
		const char *e = p, *next;
		char f[256];
		size_t len;
		int kw;

		for (;; e++) {
			if (!*e) {
				next = e;
				break;
			}
			if (*e == ',' || *e == ';' || *e == '\n') {
				next = e + 1;
				break;
			}
			/* " và " (UTF-8) or " and " */
			if (strncmp(e, " v\xc3\xa0 ", 5) == 0 ||
			    strncmp(e, " and ", 5) == 0) {
				next = e + 5;
				break;
			}
		}
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		len = (size_t)(e - p);
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '.'))
			len--;
		snprintf(part[n], 256, "%.*s", (int)(len < 255 ? len : 255), p);
		p = next;
		sg_text__fold(part[n], f, sizeof(f));
		if (strncmp(f, "cac ", 4) == 0) { /* "các phường 1" */
			size_t skip = first_words(part[n], 1);

			while (part[n][skip] == ' ')
				skip++;
			memmove(part[n], part[n] + skip,
				strlen(part[n] + skip) + 1);
			sg_text__fold(part[n], f, sizeof(f));
		}
		if (!*f || strncmp(f, "huyen ", 6) == 0 ||
		    strncmp(f, "quan ", 5) == 0 ||
		    strncmp(f, "thi xa ", 7) == 0 ||
		    strncmp(f, "thanh pho ", 10) == 0 ||
		    strncmp(f, "tinh ", 5) == 0)
			continue; /* empty, or the district or province */
		kw = kind_words(f);
		if (kw > 0) {
			size_t pl = first_words(part[n], kw);

			snprintf(prefix, sizeof(prefix), "%.*s", (int)pl,
				 part[n]);
		} else if (*prefix) {
			char tmp[256];

			snprintf(tmp, sizeof(tmp), "%s %s", prefix, part[n]);
			memcpy(part[n], tmp, sizeof(tmp));
		}
		n++;
	}
	return n;
}

/*
 * Record i holding several old units in its old name cell becomes one
 * record per unit (same row); its old code cell, when it lists as many
 * codes, pairs them in order, else the units are matched by name.
 * 0, or -1 out of memory.
 */
static int split_record(xw_recs *rs, size_t i)
{
	char names[XW_MAX_PARTS][256], codes[XW_MAX_PARTS][256];
	int nn, nc;

	nn = split_units(fld(&rs->r[i], F_OLD_NAME), names, XW_MAX_PARTS);
	if (nn < 2)
		return 0;
	nc = split_units(fld(&rs->r[i], F_OLD_CODE), codes, XW_MAX_PARTS);
	for (int k = 1; k < nn; k++) {
		xw_rec *c = recs_add(rs, rs->r[i].row);

		if (!c)
			return -1;
		for (int f = 0; f < NFIELDS; f++) /* r[i] may have moved */
			if (set_field(c, f, fld(&rs->r[i], f)) != 0)
				return -1;
		if (set_field(c, F_OLD_NAME, names[k]) != 0 ||
		    set_field(c, F_OLD_CODE, nc == nn ? codes[k] : "") != 0)
			return -1;
	}
	if (set_field(&rs->r[i], F_OLD_NAME, names[0]) != 0 ||
	    set_field(&rs->r[i], F_OLD_CODE, nc == nn ? codes[0] : "") != 0)
		return -1;
	return 0;
}

static int read_table(sg_ctx *ctx, const char *path, const char *layer,
		      xw_recs *rs)
{
	char *saved[6] = { NULL };
	int rc, tabular;

	tabular = sg_path__has_ext(path, ".csv") ||
		  sg_path__has_ext(path, ".xlsx") ||
		  sg_path__has_ext(path, ".ods") ||
		  sg_path__has_ext(path, ".xls");
	book_config(1, saved);
	rc = read_table_open(ctx, path, layer, rs, tabular);
	book_config(0, saved);
	return rc;
}

static int read_table_open(sg_ctx *ctx, const char *path, const char *layer,
			   xw_recs *rs, int tabular)
{
	const char *csv_oo[] = { "AUTODETECT_TYPE=NO", NULL };
	const char *xlsx_oo[] = { "HEADERS=FORCE", "FIELD_TYPES=STRING", NULL };
	int col[NFIELDS], rc = SG_OK;
	GDALDatasetH ds;
	OGRLayerH ly;
	OGRFeatureDefnH defn;
	OGRFeatureH f;
	int64_t row = 1;

	ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL,
			sg_path__has_ext(path, ".xlsx")	 ? xlsx_oo
			: sg_path__has_ext(path, ".csv") ? csv_oo
							 : NULL,
			NULL);
	if (!ds)
		return sg_error__set(ctx, SG_EGDAL,
				     WHAT ": %s: OGR cannot "
					  "read it: %s",
				     path, sg_gdal__msg(ctx));
	ly = layer ? GDALDatasetGetLayerByName(ds, layer)
	     : GDALDatasetGetLayerCount(ds) > 0 ? GDALDatasetGetLayer(ds, 0)
						: NULL;
	if (!ly) {
		GDALClose(ds);
		return sg_error__set(ctx, SG_ENOTFOUND,
				     WHAT ": %s: no layer%s"
					  "%s",
				     path, layer ? " " : "",
				     layer ? layer : "");
	}
	defn = OGR_L_GetLayerDefn(ly);
	for (int k = 0; k < NFIELDS; k++)
		col[k] = -1;
	for (int i = 0; i < OGR_FD_GetFieldCount(defn); i++) {
		int k = header_field(
			OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));

		if (k >= 0 && col[k] < 0)
			col[k] = i;
	}
	if ((col[F_OLD_CODE] < 0 && col[F_OLD_NAME] < 0) ||
	    (col[F_NEW_CODE] < 0 && col[F_NEW_NAME] < 0)) {
		GDALClose(ds);
		return sg_error__set(ctx, SG_EINVALID,
				     WHAT
				     ": %s: unknown layout: no old and "
				     "new ward columns (expected e.g. Mã xã, "
				     "Tên xã, Mã xã mới, Tên xã mới; or "
				     "old_code, old_name, new_code, new_name)",
				     path);
	}
	OGR_L_ResetReading(ly);
	while (rc == SG_OK && (f = OGR_L_GetNextFeature(ly)) != NULL) {
		xw_rec *r = recs_add(rs, tabular ? ++row : OGR_F_GetFID(f));

		if (!r)
			rc = sg_error__oom(ctx, "crosswalk");
		for (int k = 0; rc == SG_OK && k < NFIELDS; k++) {
			const char *v =
				col[k] >= 0 && OGR_F_IsFieldSetAndNotNull(
						       f, col[k])
					? OGR_F_GetFieldAsString(f, col[k])
					: "";

			if (set_field(r, k, v) != 0)
				rc = sg_error__oom(ctx, "crosswalk");
		}
		/* "Xã A, Xã B và Xã C": one record per old unit. */
		if (rc == SG_OK && split_record(rs, rs->n - 1) != 0)
			rc = sg_error__oom(ctx, "crosswalk");
		OGR_F_Destroy(f);
	}
	GDALClose(ds);
	return rc;
}

/*---- The sets' units --------------------------------------------------*/

/* A name's keys, most exact last: 0 without kind words (the fallback),
 * 1 with them, 2 as written without them. */
#define NKEYS 3

typedef struct {
	int64_t id, parent; /* parent: index, or -1 */
	char *code;
	char *key[NKEYS]; /* see name_keys */
	char tier;	  /* 'c' city, 'd' district, 'w' ward */
} xw_unit;

static void name_keys(const char *name, char out[NKEYS][256])
{
	sg_xw__name_key(name, out[0], 256);
	sg_xw__name_key_full(name, out[1], 256);
	sg_xw__name_exact(name, out[2], 256);
}

typedef struct {
	int64_t set_id;
	xw_unit *u;
	size_t n, cap;
	sg_strmap *code;  /* code -> index */
	sg_strmap *child; /* "<parent index>|key" -> index, -2 ambiguous */
	sg_strmap *id;	  /* "id" -> index */
} xw_set;

static void set_free(xw_set *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->u[i].code);
		for (int k = 0; k < NKEYS; k++)
			free(s->u[i].key[k]);
	}
	free(s->u);
	sg_strmap__free(s->code);
	sg_strmap__free(s->child);
	sg_strmap__free(s->id);
}

/* The parent "index" under which every unit of a set is indexed. */
#define ANY (-9)

/* Index a unit under its parent ("-1" for the top) and, for a ward,
 * under its grandparent too (a ward is found in its province when the
 * source names no district). */
static int index_child(xw_set *s, size_t i)
{
	char k[300];
	int64_t old;
	/* Its parent, grandparent (wards), and ANY: the whole set, for
	 * sources that name no province. */
	int64_t parents[3] = { s->u[i].parent, -3, ANY };

	if (s->u[i].parent >= 0 && s->u[i].tier == 'w')
		parents[1] = s->u[s->u[i].parent].parent;
	for (int p = 0; p < 3; p++) {
		if (parents[p] == -3 || (p == 1 && parents[p] < 0))
			continue;
		/* Grandchildren have their own namespace: a ward may be
		 * named like a district of its province (Long Biên). */
		for (int v = 0; v < NKEYS; v++) {
			snprintf(k, sizeof(k), "%s%d:%lld|%s",
				 p == 1 ? "g" : "", v, (long long)parents[p],
				 s->u[i].key[v]);
			if (sg_strmap__get(s->child, k, &old) &&
			    old != (int64_t)i) {
				if (sg_strmap__put(s->child, k, -2) != 0)
					return -1;
			} else if (sg_strmap__put(s->child, k, (int64_t)i) !=
				   0) {
				return -1;
			}
		}
	}
	return 0;
}

/* Append a unit (parent resolved by the caller); its index or -1. */
static long set_add(xw_set *s, int64_t id, const char *code, const char *name,
		    const char *tier, int64_t parent)
{
	char key[NKEYS][256], idk[24];
	xw_unit *u;

	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 1024;
		xw_unit *p = realloc(s->u, cap * sizeof(*p));

		if (!p)
			return -1;
		s->u = p;
		s->cap = cap;
	}
	u = &s->u[s->n];
	name_keys(name, key);
	u->id = id;
	u->parent = parent;
	u->code = strdup(code ? code : "");
	u->tier = tier[0] == 'c' ? 'c' : tier[0] == 'd' ? 'd' : 'w';
	for (int v = 0; v < NKEYS; v++)
		u->key[v] = strdup(key[v]);
	if (!u->code || !u->key[0] || !u->key[1] || !u->key[2])
		return -1;
	snprintf(idk, sizeof(idk), "%lld", (long long)id);
	if (sg_strmap__put(s->code, u->code, (int64_t)s->n) != 0 ||
	    sg_strmap__put(s->id, idk, (int64_t)s->n) != 0)
		return -1;
	s->n++;
	return (long)(s->n - 1);
}

static int set_load(sg_ctx *ctx, xw_set *s, int64_t set_id)
{
	sqlite3_stmt *st;
	int64_t *pids = NULL;
	size_t pcap = 0;
	int rc, step;

	memset(s, 0, sizeof(*s));
	s->set_id = set_id;
	s->code = sg_strmap__new();
	s->child = sg_strmap__new();
	s->id = sg_strmap__new();
	if (!s->code || !s->child || !s->id)
		return sg_error__oom(ctx, "crosswalk");
	rc = sg_db__prepare(ctx, WHAT,
			    "SELECT id, code, name, kind, "
			    "parent_id FROM units WHERE set_id = ?1 ORDER BY "
			    "id",
			    &st);
	if (rc != SG_OK)
		return rc;
	sqlite3_bind_int64(st, 1, set_id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (s->n == pcap) {
			size_t cap = pcap ? pcap * 2 : 1024;
			int64_t *p = realloc(pids, cap * sizeof(*p));

			if (!p) {
				rc = SG_ENOMEM;
				break;
			}
			pids = p;
			pcap = cap;
		}
		pids[s->n] = sqlite3_column_type(st, 4) == SQLITE_NULL
				     ? -1
				     : sqlite3_column_int64(st, 4);
		if (set_add(s, sqlite3_column_int64(st, 0),
			    (const char *)sqlite3_column_text(st, 1),
			    (const char *)sqlite3_column_text(st, 2),
			    (const char *)sqlite3_column_text(st, 3), -1) < 0) {
			rc = SG_ENOMEM;
			break;
		}
	}
	if (rc == SG_OK && step != SQLITE_DONE)
		rc = sg_db__fail(ctx, WHAT);
	sqlite3_finalize(st);
	/* Parents, then the name index (which needs the grandparents). */
	for (size_t i = 0; rc == SG_OK && i < s->n; i++) {
		char idk[24];
		int64_t p;

		snprintf(idk, sizeof(idk), "%lld", (long long)pids[i]);
		s->u[i].parent = pids[i] >= 0 && sg_strmap__get(s->id, idk, &p)
					 ? p
					 : -1;
	}
	for (size_t i = 0; rc == SG_OK && i < s->n; i++)
		if (index_child(s, i) != 0)
			rc = SG_ENOMEM;
	free(pids);
	if (rc == SG_ENOMEM)
		return sg_error__oom(ctx, "crosswalk");
	return rc;
}

/* The unit named `name` under parent index p (-1: the top), or with
 * grand, under grandparent p; -1 none, -2 ambiguous. */
static int64_t by_name_in(const xw_set *s, int64_t p, const char *name,
			  int grand)
{
	char key[NKEYS][256], k[300];
	int64_t v, found = -1;

	if (!*name)
		return -1;
	name_keys(name, key);
	/* The most exact key that names one unit: "Thị trấn Yên Viên"
	 * apart from "Xã Yên Viên", "Phú Thạnh" apart from "Phú Thành";
	 * else the key without kind words, as a reform changes kinds. */
	for (int i = NKEYS - 1; i >= 0; i--) {
		snprintf(k, sizeof(k), "%s%d:%lld|%s", grand ? "g" : "", i,
			 (long long)p, key[i]);
		if (!sg_strmap__get(s->child, k, &v))
			continue;
		if (v >= 0)
			return v;
		found = -2;
	}
	return found;
}

static int64_t by_name(const xw_set *s, int64_t p, const char *name)
{
	return by_name_in(s, p, name, 0);
}

/* The unit with this code, if its name (when given) agrees. */
static int64_t by_code(const xw_set *s, const char *code, const char *name)
{
	char key[256];
	int64_t v;

	if (!*code || !sg_strmap__get(s->code, code, &v))
		return -1;
	if (*name) {
		sg_xw__name_key(name, key, sizeof(key));
		if (strcmp(key, s->u[v].key[0]) != 0)
			return -1;
	}
	return v;
}

/* Why a lookup failed, for the unmatched list. */
typedef struct {
	int64_t idx;	 /* the unit's index, or < 0 */
	int by_code;	 /* matched by code */
	const char *why; /* when idx < 0 */
} xw_match;

/* Find a ward given its province, district (may be "") and own code and
 * name in set s. */
static xw_match find(const xw_set *s, const char *pcode, const char *pname,
		     const char *dcode, const char *dname, const char *code,
		     const char *name)
{
	xw_match m = { -1, 0, NULL };
	int64_t p, d;

	if ((m.idx = by_code(s, code, name)) >= 0) {
		m.by_code = 1;
		return m;
	}
	p = by_code(s, pcode, pname);
	if (p < 0)
		p = by_name(s, -1, pname);
	if (p < 0 && (*pname || *pcode)) {
		m.why = p == -2 ? "province name is ambiguous"
				: "province not found";
		return m;
	}
	if (p < 0)
		p = ANY; /* no province given: the whole set */
	d = *dname || *dcode ? by_code(s, dcode, dname) : -1;
	if (d >= 0 && p != ANY && s->u[d].parent != p)
		d = -1;
	if (d < 0 && (*dname || *dcode))
		d = by_name(s, p, dname);
	if (d == -2) {
		m.why = "district name is ambiguous in its province";
		return m;
	}
	if (d < 0 && (*dname || *dcode)) {
		m.why = "district not found in its province";
		return m;
	}
	m.idx = by_name(s, d >= 0 ? d : p, name);
	if (m.idx == -1 && d < 0 && p != ANY)
		m.idx = by_name_in(s, p, name, 1); /* a ward of a district */
	if (m.idx == -2)
		m.why = d >= 0 ? "ward name is ambiguous in its district"
			       : "ward name is ambiguous in its province";
	else if (m.idx < 0)
		m.why = d >= 0 ? "ward not found in its district"
			       : "ward not found in its province";
	return m;
}

/*---- Creating the new set's units -------------------------------------*/

/* Create a unit of the new set (a province when parent < 0). */
static int64_t create_unit(sg_ctx *ctx, xw_set *s, const char *code,
			   const char *name, int64_t parent, int64_t run)
{
	const char *tier = parent < 0 ? "city" : "ward";
	const char *kind = sg_xw__kind_of_name(name, tier);
	sqlite3_stmt *st;
	int64_t id;
	long i;
	char gen[64];

	if (!*code) {
		/* A file without codes: the name key, unique in parent. */
		snprintf(gen, sizeof(gen), "%s%s", parent < 0 ? "P:" : "",
			 name);
		code = gen;
	}
	if (sg_db__prepare(ctx, WHAT,
			   "INSERT INTO units (set_id, code, "
			   "name, kind, kind_code, parent_id, run_id) VALUES "
			   "(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
			   &st) != SG_OK)
		return -3;
	sqlite3_bind_int64(st, 1, s->set_id);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, tier, -1, SQLITE_STATIC);
	sg_db__bind_text(st, 5, kind);
	if (parent >= 0)
		sqlite3_bind_int64(st, 6, s->u[parent].id);
	sqlite3_bind_int64(st, 7, run);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_finalize(st);
		sg_db__fail(ctx, WHAT);
		return -3;
	}
	sqlite3_finalize(st);
	id = sqlite3_last_insert_rowid(ctx->db);
	i = set_add(s, id, code, name, tier, parent);
	if (i < 0 || index_child(s, (size_t)i) != 0) {
		sg_error__oom(ctx, "crosswalk");
		return -3;
	}
	return i;
}

/*---- The import -------------------------------------------------------*/

typedef struct {
	sg_ctx *ctx;
	const sg_crosswalk_options *o;
	sg_crosswalk_summary *sum;
	sg_table *unmatched;
	xw_set from, to;
	sg_xw_part *parts;
	size_t nparts, capparts;
	char *matched_by;   /* per part: 'c' code, 'n' name, 'g' geometry */
	double *file_share; /* per part: the file's share, or -1 */
	int64_t run;
	sg_poprast *raster; /* opts->population_raster, open */
	char *notes;	    /* per part: 'r' the raster has nobody there */
} xw_job;

static int unmatched_row(xw_job *j, const xw_rec *r, int new_side,
			 const char *why)
{
	static const int old_f[] = { F_OLD_CODE, F_OLD_NAME, F_OLD_DIST,
				     F_OLD_PROV };
	static const int new_f[] = { F_NEW_CODE, F_NEW_NAME, -1, F_NEW_PROV };
	const int *fs = new_side ? new_f : old_f;
	long row = sg_table__add_row(j->unmatched);
	int e = 0;

	j->sum->unmatched++;
	if (row < 0)
		return sg_error__oom(j->ctx, "crosswalk");
	sg_table__set_real(j->unmatched, (size_t)row, 0, (double)r->row);
	e |= sg_table__set_text(j->unmatched, (size_t)row, 1,
				new_side ? "new" : "old");
	for (int k = 0; k < 4; k++)
		if (fs[k] >= 0)
			e |= sg_table__set_text(j->unmatched, (size_t)row,
						(size_t)k + 2, fld(r, fs[k]));
	e |= sg_table__set_text(j->unmatched, (size_t)row, 6, why);
	return e ? sg_error__oom(j->ctx, "crosswalk") : SG_OK;
}

static int add_part(xw_job *j, int64_t from, int64_t to, char by, double share)
{
	if (j->nparts == j->capparts) {
		size_t cap = j->capparts ? j->capparts * 2 : 1024;
		sg_xw_part *p = realloc(j->parts, cap * sizeof(*p));
		char *b;
		double *fs;

		if (!p)
			return sg_error__oom(j->ctx, "crosswalk");
		j->parts = p;
		b = realloc(j->matched_by, cap);
		if (!b)
			return sg_error__oom(j->ctx, "crosswalk");
		j->matched_by = b;
		fs = realloc(j->file_share, cap * sizeof(*fs));
		if (!fs)
			return sg_error__oom(j->ctx, "crosswalk");
		j->file_share = fs;
		j->capparts = cap;
	}
	memset(&j->parts[j->nparts], 0, sizeof(sg_xw_part));
	j->parts[j->nparts].from = from;
	j->parts[j->nparts].to = to;
	j->parts[j->nparts].amount = 1;
	j->matched_by[j->nparts] = by;
	j->file_share[j->nparts] = share;
	j->nparts++;
	return SG_OK;
}

/* Match every record's old and new unit; pairs into j->parts (by
 * index in the sets). */
static int match_records(xw_job *j, const xw_recs *rs)
{
	sg_strmap *seen = sg_strmap__new();
	int rc = SG_OK;

	if (!seen)
		return sg_error__oom(j->ctx, "crosswalk");
	for (size_t i = 0; rc == SG_OK && i < rs->n; i++) {
		const xw_rec *r = &rs->r[i];
		xw_match om, nm, pm;
		char key[64];
		double share = -1;
		int64_t v;

		j->sum->rows++;
		om = find(&j->from, fld(r, F_OLD_PROV_CODE), fld(r, F_OLD_PROV),
			  fld(r, F_OLD_DIST_CODE), fld(r, F_OLD_DIST),
			  fld(r, F_OLD_CODE), fld(r, F_OLD_NAME));
		/* Units created from the file are its own: by code only. */
		if (j->o->create_units && *fld(r, F_NEW_CODE)) {
			nm.idx = by_code(&j->to, fld(r, F_NEW_CODE), "");
			nm.by_code = 1;
			nm.why = NULL;
		} else {
			nm = find(&j->to, fld(r, F_NEW_PROV_CODE),
				  fld(r, F_NEW_PROV), "", "",
				  fld(r, F_NEW_CODE), fld(r, F_NEW_NAME));
		}
		if (nm.idx < 0 && j->o->create_units && nm.idx != -2 &&
		    *fld(r, F_NEW_NAME)) {
			/* The province first, then the unit in it. */
			pm.idx = by_code(&j->to, fld(r, F_NEW_PROV_CODE),
					 fld(r, F_NEW_PROV));
			if (pm.idx < 0)
				pm.idx = by_name(&j->to, -1,
						 fld(r, F_NEW_PROV));
			if (pm.idx == -1 && *fld(r, F_NEW_PROV)) {
				pm.idx = create_unit(j->ctx, &j->to,
						     fld(r, F_NEW_PROV_CODE),
						     fld(r, F_NEW_PROV), -1,
						     j->run);
				j->sum->created += pm.idx >= 0;
			}
			if (pm.idx == -3)
				rc = SG_ESQLITE;
			if (pm.idx >= 0 ||
			    (pm.idx == -1 && !*fld(r, F_NEW_PROV))) {
				nm.idx = create_unit(j->ctx, &j->to,
						     fld(r, F_NEW_CODE),
						     fld(r, F_NEW_NAME), pm.idx,
						     j->run);
				if (nm.idx == -3)
					rc = SG_ESQLITE;
				j->sum->created += nm.idx >= 0;
			}
			if (rc != SG_OK)
				break;
		}
		if (om.idx < 0)
			rc = unmatched_row(j, r, 0, om.why);
		if (rc == SG_OK && nm.idx < 0)
			rc = unmatched_row(j, r, 1,
					   nm.why ? nm.why : "not found");
		if (rc != SG_OK || om.idx < 0 || nm.idx < 0)
			continue;
		if (*fld(r, F_SHARE) &&
		    sg_text__parse_real(fld(r, F_SHARE), &share) != 0)
			share = -1;
		if (share > 1)
			share /= 100; /* a percentage */
		snprintf(key, sizeof(key), "%lld>%lld", (long long)om.idx,
			 (long long)nm.idx);
		if (sg_strmap__get(seen, key, &v))
			continue; /* listed twice */
		if (sg_strmap__put(seen, key, 1) != 0)
			rc = sg_error__oom(j->ctx, "crosswalk");
		if (rc == SG_OK)
			rc = add_part(j, om.idx, nm.idx, om.by_code ? 'c' : 'n',
				      share);
	}
	sg_strmap__free(seen);
	return rc;
}

/* The metric area of a's overlap with b, in the UTM zone of a. */
#define OVERLAP_SQL                                                            \
	"SELECT ST_Area(ST_Transform(ST_Intersection(a.geom, b.geom), "        \
	"32600 + CAST((X(ST_Centroid(a.geom)) + 180) / 6 AS INTEGER) + 1))"    \
	" FROM units a, units b WHERE a.id = ?1 AND b.id = ?2 AND a.geom "     \
	"IS NOT NULL AND b.geom IS NOT NULL"

/* Share the split old units among their new ones: by the area of the
 * polygons' overlaps when both have polygons, by the file's shares when
 * it gives them, else equally. */
static int share_splits(xw_job *j, char *shared_by)
{
	sqlite3_stmt *st;
	int rc;
	size_t i, k;

	rc = sg_db__prepare(j->ctx, WHAT, OVERLAP_SQL, &st);
	for (i = 0; rc == SG_OK && i < j->nparts; i = k) {
		int all_area = 1, all_file = 1;

		for (k = i;
		     k < j->nparts && j->parts[k].from == j->parts[i].from; k++)
			;
		for (size_t m = i; m < k; m++) {
			all_file &= j->file_share[m] >= 0;
			shared_by[m] = 'w';
		}
		if (k - i == 1)
			continue;
		for (size_t m = i; m < k && rc == SG_OK; m++) {
			sqlite3_bind_int64(st, 1,
					   j->from.u[j->parts[m].from].id);
			sqlite3_bind_int64(st, 2, j->to.u[j->parts[m].to].id);
			if (sqlite3_step(st) == SQLITE_ROW &&
			    sqlite3_column_type(st, 0) != SQLITE_NULL)
				j->parts[m].amount = sqlite3_column_double(st,
									   0);
			else
				all_area = 0;
			sqlite3_reset(st);
		}
		for (size_t m = i; m < k; m++) {
			shared_by[m] = all_file ? 'f' : all_area ? 'a' : 'e';
			if (all_file)
				j->parts[m].amount = j->file_share[m];
			else if (!all_area)
				j->parts[m].amount = 1;
		}
	}
	sqlite3_finalize(st);
	return rc;
}

/* Sort parts by (from, to), keeping the side arrays in step. */
static int sort_parts(xw_job *j)
{
	size_t n = j->nparts;
	sg_xw_part *p = malloc((n ? n : 1) * sizeof(*p));
	char *b = malloc(n ? n : 1);
	double *fs = malloc((n ? n : 1) * sizeof(*fs));
	size_t *idx = malloc((n ? n : 1) * sizeof(*idx));

	if (!p || !b || !fs || !idx) {
		free(p);
		free(b);
		free(fs);
		free(idx);
		return sg_error__oom(j->ctx, "crosswalk");
	}
	/* The engine sorts parts by (from, to): carry each part's position
	 * in its amount through that sort, then permute the side data. */
	if (n) /* j->parts is NULL when nothing matched (UBSan, #18) */
		memcpy(p, j->parts, n * sizeof(*p));
	for (size_t i = 0; i < n; i++)
		p[i].amount = (double)i;
	sg_xw__share(p, n, 0);
	for (size_t i = 0; i < n; i++)
		idx[i] = (size_t)p[i].amount;
	for (size_t i = 0; i < n; i++) {
		p[i] = j->parts[idx[i]];
		b[i] = j->matched_by[idx[i]];
		fs[i] = j->file_share[idx[i]];
	}
	free(j->parts);
	free(j->matched_by);
	free(j->file_share);
	j->parts = p;
	j->matched_by = b;
	j->file_share = fs;
	free(idx);
	return SG_OK;
}

/* Pairs from the polygons: every old unit with the new units its
 * polygon overlaps (through the spatial index). */
static int overlap_parts(xw_job *j)
{
	sqlite3_stmt *st;
	int rc, step;

	if (sg_units__with_geometry(j->ctx, j->from.set_id) <= 0 ||
	    sg_units__with_geometry(j->ctx, j->to.set_id) <= 0)
		return sg_error__set(
			j->ctx, SG_EINVALID,
			WHAT ": a crosswalk from geometry needs polygons "
			     "in both sets (%s, %s)",
			j->o->from_set, j->o->to_set);
	rc = sg_db__prepare(
		j->ctx, WHAT,
		"SELECT a.id, b.id, ST_Area(ST_Transform(ST_Intersection("
		"a.geom, b.geom), 32600 + CAST((X(ST_Centroid(a.geom)) + 180)"
		" / 6 AS INTEGER) + 1)) FROM units a JOIN units b ON b.set_id "
		"= ?2 AND b.kind = a.kind AND b.ROWID IN (SELECT ROWID FROM "
		"SpatialIndex WHERE f_table_name = 'units' AND "
		"f_geometry_column = 'geom' AND search_frame = a.geom) AND "
		"ST_Intersects(a.geom, b.geom) WHERE a.set_id = ?1 AND "
		"a.geom IS NOT NULL AND NOT EXISTS (SELECT 1 FROM units c "
		"WHERE c.parent_id = a.id)",
		&st);
	if (rc != SG_OK)
		return rc;
	sqlite3_bind_int64(st, 1, j->from.set_id);
	sqlite3_bind_int64(st, 2, j->to.set_id);
	while (rc == SG_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		char k[24];
		int64_t a, b;

		snprintf(k, sizeof(k), "%lld",
			 (long long)sqlite3_column_int64(st, 0));
		if (!sg_strmap__get(j->from.id, k, &a))
			continue;
		snprintf(k, sizeof(k), "%lld",
			 (long long)sqlite3_column_int64(st, 1));
		if (!sg_strmap__get(j->to.id, k, &b))
			continue;
		j->sum->rows++;
		rc = add_part(j, a, b, 'g', -1);
		if (rc == SG_OK)
			j->parts[j->nparts - 1].amount =
				sqlite3_column_double(st, 2);
	}
	if (rc == SG_OK && step != SQLITE_DONE)
		rc = sg_db__fail(j->ctx, WHAT);
	sqlite3_finalize(st);
	return rc;
}

/* Keep only the parts sg_xw__share kept (the slivers go). */
static void drop_unkept(xw_job *j, char *shared_by)
{
	size_t m = 0;

	for (size_t i = 0; i < j->nparts; i++) {
		if (!j->parts[i].kept)
			continue;
		j->parts[m] = j->parts[i];
		j->matched_by[m] = j->matched_by[i];
		j->file_share[m] = j->file_share[i];
		shared_by[m] = shared_by[i];
		m++;
	}
	j->nparts = m;
}

/* The overlap of an old unit's polygon with a new one's, or NULL. */
#define PART_SQL                                                               \
	"SELECT AsBinary(ST_Intersection(a.geom, b.geom)) FROM units a, "      \
	"units b WHERE a.id = ?1 AND b.id = ?2 AND a.geom IS NOT NULL AND "    \
	"b.geom IS NOT NULL"

/*
 * Share each split old unit by the raster's people in its overlap with
 * each new unit (pixel centres): for units of two sets with polygons
 * and people in the raster there; the others keep their shares (by
 * area, else equal) with a note.  Then the shares again.
 */
static int raster_shares(xw_job *j, char *shared_by)
{
	GEOSContextHandle_t h = j->ctx->geos;
	GEOSWKBReader *rd = GEOSWKBReader_create_r(h);
	GEOSGeometry **g = NULL;
	double *sums = NULL;
	sqlite3_stmt *st = NULL;
	size_t i, k, cap = 0;
	int rc;

	if (!rd)
		return sg_error__oom(j->ctx, "crosswalk");
	rc = sg_db__prepare(j->ctx, WHAT, PART_SQL, &st);
	for (i = 0; rc == SG_OK && i < j->nparts; i = k) {
		int all = 1;
		double total = 0;

		for (k = i;
		     k < j->nparts && j->parts[k].from == j->parts[i].from; k++)
			;
		if (k - i < 2)
			continue;
		if (k - i > cap) {
			GEOSGeometry **ng = realloc(g, (k - i) * sizeof(*g));
			double *ns;

			if (ng)
				g = ng;
			ns = ng ? realloc(sums, (k - i) * sizeof(*ns)) : NULL;
			if (ns)
				sums = ns;
			if (!ng || !ns) {
				rc = sg_error__oom(j->ctx, "crosswalk");
				break;
			}
			cap = k - i;
		}
		for (size_t m = i; m < k; m++) {
			GEOSGeometry *p = NULL;

			sqlite3_bind_int64(st, 1,
					   j->from.u[j->parts[m].from].id);
			sqlite3_bind_int64(st, 2, j->to.u[j->parts[m].to].id);
			if (sqlite3_step(st) == SQLITE_ROW &&
			    sqlite3_column_type(st, 0) == SQLITE_BLOB)
				p = GEOSWKBReader_read_r(
					h, rd, sqlite3_column_blob(st, 0),
					(size_t)sqlite3_column_bytes(st, 0));
			sqlite3_reset(st);
			all &= p != NULL;
			g[m - i] = p;
		}
		if (all)
			rc = sg_poprast__sum_polygons(
				j->raster, (const GEOSGeometry *const *)g,
				k - i, sums);
		for (size_t m = i; m < k; m++) {
			if (g[m - i])
				GEOSGeom_destroy_r(h, g[m - i]);
			total += all && rc == SG_OK ? sums[m - i] : 0;
		}
		for (size_t m = i; m < k; m++) {
			if (!(total > 0)) {
				j->notes[m] = 'r';
				continue;
			}
			j->parts[m].amount = sums[m - i];
			shared_by[m] = 'p';
		}
	}
	sqlite3_finalize(st);
	GEOSWKBReader_destroy_r(h, rd);
	free(g);
	free(sums);
	if (rc == SG_OK)
		sg_xw__share(j->parts, j->nparts, 0);
	return rc;
}

static int write_parts(xw_job *j, const char *shared_by)
{
	sqlite3_stmt *st;
	int rc;

	rc = sg_db__prepare(j->ctx, WHAT,
			    "DELETE FROM crosswalk WHERE from_unit_id IN "
			    "(SELECT id FROM units WHERE set_id = ?1) AND "
			    "to_unit_id IN (SELECT id FROM units WHERE set_id "
			    "= ?2)",
			    &st);
	if (rc != SG_OK)
		return rc;
	sqlite3_bind_int64(st, 1, j->from.set_id);
	sqlite3_bind_int64(st, 2, j->to.set_id);
	rc = sqlite3_step(st) == SQLITE_DONE ? SG_OK
					     : sg_db__fail(j->ctx, WHAT);
	sqlite3_finalize(st);
	if (rc == SG_OK)
		rc = sg_db__prepare(j->ctx, WHAT,
				    "INSERT INTO crosswalk (from_unit_id, "
				    "to_unit_id, share, matched_by, shared_by,"
				    " split, note, run_id) VALUES (?1, ?2, ?3,"
				    " ?4, ?5, ?6, ?7, ?8)",
				    &st);
	for (size_t i = 0; rc == SG_OK && i < j->nparts; i++) {
		const sg_xw_part *p = &j->parts[i];
		char by = j->matched_by[i], sh = shared_by[i];

		if (!p->kept)
			continue;
		sqlite3_bind_int64(st, 1, j->from.u[p->from].id);
		sqlite3_bind_int64(st, 2, j->to.u[p->to].id);
		sqlite3_bind_double(st, 3, p->share > 1 ? 1 : p->share);
		sqlite3_bind_text(st, 4,
				  by == 'c'   ? "code"
				  : by == 'n' ? "name"
					      : "geometry",
				  -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5,
				  !p->split   ? "whole"
				  : sh == 'a' ? "area"
				  : sh == 'p' ? "population"
				  : sh == 'f' ? "file"
					      : "equal",
				  -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 6, p->split);
		if (p->split && j->notes && j->notes[i] == 'r')
			sqlite3_bind_text(
				st, 7,
				sh == 'a' ? "split shared by area: the "
					    "population raster has nobody in "
					    "it"
					  : "split shared equally: no "
					    "polygons to share it by the "
					    "population raster",
				-1, SQLITE_STATIC);
		else if (p->split && sh == 'e')
			sqlite3_bind_text(st, 7,
					  "split shared equally: no "
					  "polygons to share it by area",
					  -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 7);
		sqlite3_bind_int64(st, 8, j->run);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = sg_db__fail(j->ctx, WHAT);
		sqlite3_reset(st);
		j->sum->pairs++;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Count old units matched by code / by name, splits, and the old set's
 * finest units with no crosswalk to the new set. */
static int tally(xw_job *j)
{
	sqlite3_stmt *st;
	int rc;

	for (size_t i = 0; i < j->nparts; i++) {
		if (i > 0 && j->parts[i].from == j->parts[i - 1].from)
			continue;
		j->sum->by_code += j->matched_by[i] == 'c';
		j->sum->by_name += j->matched_by[i] == 'n';
		j->sum->splits += j->parts[i].split;
	}
	rc = sg_db__prepare(j->ctx, WHAT,
			    "SELECT count(*) FROM units u WHERE set_id = ?1 "
			    "AND NOT EXISTS (SELECT 1 FROM units c WHERE "
			    "c.parent_id = u.id) AND NOT EXISTS (SELECT 1 "
			    "FROM crosswalk x JOIN units t ON t.id = "
			    "x.to_unit_id WHERE x.from_unit_id = u.id AND "
			    "t.set_id = ?2)",
			    &st);
	if (rc != SG_OK)
		return rc;
	sqlite3_bind_int64(st, 1, j->from.set_id);
	sqlite3_bind_int64(st, 2, j->to.set_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		j->sum->uncovered = sqlite3_column_int64(st, 0);
	else
		rc = sg_db__fail(j->ctx, WHAT);
	sqlite3_finalize(st);
	return rc;
}

static const char *nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

static int begin_run(xw_job *j, const char *path)
{
	const sg_run_kv params[] = {
		SG_RUN_TEXT("file", nonempty(path)),
		SG_RUN_TEXT("from", j->o->from_set),
		SG_RUN_TEXT("to", j->o->to_set),
		SG_RUN_INT("from_geometry", j->o->from_geometry != 0),
		SG_RUN_INT("create_units", j->o->create_units != 0),
		SG_RUN_TEXT("population_raster",
			    j->raster ? nonempty(sg_poprast__path(j->raster))
				      : NULL),
		SG_RUN_TEXT("raster_stamp",
			    j->raster ? nonempty(sg_poprast__stamp(j->raster))
				      : NULL),
	};
	const sg_run run = { "import crosswalk", params,
			     sizeof(params) / sizeof(*params), NULL, 0 };
	int rc = sg_run__begin(j->ctx, WHAT, &run, &j->run);

	j->sum->run_id = j->run;
	return rc;
}

static int finish_run(xw_job *j)
{
	const sg_crosswalk_summary *s = j->sum;
	const sg_run_kv kv[] = {
		SG_RUN_INT("rows", s->rows),
		SG_RUN_INT("pairs", s->pairs),
		SG_RUN_INT("by_code", s->by_code),
		SG_RUN_INT("by_name", s->by_name),
		SG_RUN_INT("splits", s->splits),
		SG_RUN_INT("unmatched", s->unmatched),
		SG_RUN_INT("created", s->created),
		SG_RUN_INT("uncovered", s->uncovered),
	};

	return sg_run__finish(j->ctx, WHAT, j->run, kv,
			      sizeof(kv) / sizeof(*kv));
}

static int run_import(xw_job *j, const char *path, const xw_recs *rs)
{
	int64_t from_id, to_id;
	char *shared_by = NULL;
	int rc;

	rc = sg_units__set_id(j->ctx, j->o->from_set, 0, &from_id);
	if (rc == SG_OK)
		rc = sg_units__set_id(j->ctx, j->o->to_set, 1, &to_id);
	if (rc == SG_OK && from_id == to_id)
		rc = sg_error__set(j->ctx, SG_EINVALID,
				   WHAT ": the old and "
					"new sets are the same (%s)",
				   j->o->to_set);
	if (rc == SG_OK)
		rc = begin_run(j, path);
	if (rc == SG_OK)
		rc = set_load(j->ctx, &j->from, from_id);
	if (rc == SG_OK)
		rc = set_load(j->ctx, &j->to, to_id);
	if (rc == SG_OK)
		rc = j->o->from_geometry ? overlap_parts(j)
					 : match_records(j, rs);
	if (rc == SG_OK)
		rc = sort_parts(j);
	if (rc == SG_OK && !(shared_by = malloc(j->nparts + 1)))
		rc = sg_error__oom(j->ctx, "crosswalk");
	if (rc == SG_OK && j->o->from_geometry)
		memset(shared_by, 'a', j->nparts);
	else if (rc == SG_OK)
		rc = share_splits(j, shared_by);
	if (rc == SG_OK) {
		/* Slivers only make sense for measured overlaps. */
		sg_xw__share(j->parts, j->nparts,
			     j->o->from_geometry
				     ? (j->o->min_part > 0 ? j->o->min_part
							   : 0.005)
				     : 0);
		if (j->raster) {
			drop_unkept(j, shared_by);
			if (!(j->notes = calloc(j->nparts + 1, 1)))
				rc = sg_error__oom(j->ctx, "crosswalk");
			if (rc == SG_OK)
				rc = raster_shares(j, shared_by);
		}
	}
	if (rc == SG_OK)
		rc = write_parts(j, shared_by);
	if (rc == SG_OK)
		rc = tally(j);
	if (rc == SG_OK)
		rc = finish_run(j);
	free(shared_by);
	return rc;
}

int sg_crosswalk_import(sg_ctx *ctx, const char *path,
			const sg_crosswalk_options *opts,
			sg_crosswalk_summary *summary, sg_table **unmatched)
{
	static const char *const names[] = { "row",   "side",	  "code",
					     "name",  "district", "province",
					     "reason" };
	static const sg_col_type types[] = { SG_COL_INT,  SG_COL_TEXT,
					     SG_COL_TEXT, SG_COL_TEXT,
					     SG_COL_TEXT, SG_COL_TEXT,
					     SG_COL_TEXT };
	sg_crosswalk_summary local;
	xw_recs rs = { 0 };
	xw_job j;
	int rc;

	if (unmatched)
		*unmatched = NULL;
	if (!summary)
		summary = &local;
	memset(summary, 0, sizeof(*summary));
	summary->version = SG_CROSSWALK_SUMMARY_VERSION;
	sg_error__clear(ctx);
	if ((rc = sg_db__need(ctx)) != SG_OK)
		return rc;
	if (!opts || !opts->from_set || !opts->to_set)
		return sg_error__set(ctx, SG_EINVALID,
				     WHAT ": name the old "
					  "and the new set");
	if (!opts->from_geometry && !path)
		return sg_error__set(ctx, SG_EINVALID, WHAT ": no file");
	if (path && access(path, R_OK) != 0)
		return sg_error__set(ctx, SG_ENOTFOUND,
				     WHAT ": %s: cannot "
					  "read it",
				     path);
	memset(&j, 0, sizeof(j));
	j.ctx = ctx;
	j.o = opts;
	j.sum = summary;
	j.unmatched = sg_table__new(7, names, types);
	if (!j.unmatched)
		return sg_error__oom(ctx, "crosswalk");
	sg_table__set_title(j.unmatched, "Units the crosswalk did not match");
	rc = opts->population_raster
		     ? sg_poprast__open(ctx, opts->population_raster, &j.raster)
		     : SG_OK;
	sg_gdal__begin(ctx);
	if (rc == SG_OK && !opts->from_geometry)
		rc = sg_path__has_ext(path, ".json")
			     ? read_json(ctx, path, &rs)
			     : read_table(ctx, path, opts->layer, &rs);
	sg_gdal__end(ctx);
	if (rc == SG_OK)
		rc = sg_db__begin(ctx);
	if (rc == SG_OK) {
		rc = run_import(&j, opts->from_geometry ? NULL : path, &rs);
		if (rc == SG_OK)
			rc = sg_db__commit(ctx);
		else
			sg_db__rollback(ctx);
	}
	recs_free(&rs);
	set_free(&j.from);
	set_free(&j.to);
	free(j.parts);
	free(j.matched_by);
	free(j.file_share);
	free(j.notes);
	sg_poprast__close(j.raster);
	if (rc != SG_OK || !unmatched)
		sg_table_free(j.unmatched);
	else
		*unmatched = j.unmatched;
	return rc;
}
