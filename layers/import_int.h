/*
 * layers/import_int.h - the importer shared by the per-kind import files
 * (import_units.c, import_schools.c, import_population.c).
 *
 * import.c opens the source with OGR, maps its columns to canonical
 * fields, sets up the coordinate transform, runs the kind's row loop
 * inside one transaction, and writes what was rejected.
 */
#ifndef SG_LAYERS_IMPORT_INT_H
#define SG_LAYERS_IMPORT_INT_H

#include <gdal.h>
#include <ogr_api.h>

#include "engine/crs.h"
#include "engine/polyindex.h"
#include "engine/strmap.h"
#include "engine/text.h"
#include "layers/layers.h"
#include "layers/reasons.h"
#include "schoolgis/import.h"

/* How a row's location is given. */
typedef enum {
	SG_COORD_NONE = 0,
	SG_COORD_GEOMETRY, /* the feature's geometry (GIS formats) */
	SG_COORD_LONLAT,   /* lon/lat columns */
	SG_COORD_XY	   /* x/y columns in a projected CRS */
} sg_coord_mode;

/* One rejected, repaired or flagged value. */
typedef struct {
	int64_t row;
	char *field; /* column header as in the file, or a field name */
	char *value;
	char *reason;	  /* English: the store's record (import_issues) */
	char *reason_tr;  /* in the messages' language: the rejects CSV */
	const char *code; /* the reason's code (layers/reasons.h) */
	char *args;	  /* its values, a JSON array of strings */
	int has_point;	  /* the row's school lies at lon/lat */
	double lon, lat;
	const char *action; /* "rejected" | "flagged" | "repaired" */
} sg_issue;

/* A reason's code and English text without values: { SG_R_... }. */
typedef struct {
	const char *code;
	const char *fmt;
} sg_reason_ref;

typedef struct {
	sg_ctx *ctx;
	sg_import_kind kind;
	const sg_import_options *opts;
	const char *path;
	const char *base; /* file name for messages */
	GDALDatasetH ds;
	OGRLayerH layer;
	OGRFeatureDefnH defn;
	int tabular;	      /* CSV/XLSX: row numbers count header */
	int col[SG_F__COUNT]; /* OGR field index per field, or -1 */
	sg_coord_mode coords;
	sg_crs_tx *tx; /* to EPSG:4326, or NULL when already */
	int64_t run_id;
	int64_t total; /* feature count for progress, 0 unknown */
	sg_issue *issues;
	size_t nissues, capissues;
	sg_import_summary *sum;
	/* Per-row state: set by sg_import__row_issue while a row is read. */
	int row_rejected;
	int row_flagged;
	int row_has_point; /* sg_import__point read the row's location */
	double row_lon, row_lat;
	int msg_lang; /* 0 not known yet, 1 English, 2 Vietnamese */
	/* What messages and the store name the source: the path, or for a
	 * PostgreSQL source ("PG:...", pg set) pgname: the connection
	 * without its password, with tables=<the table> once chosen. */
	const char *source;
	int pg;
	char pgname[1024];
	/* Per-field copies of the current row's text (sg_import__text). */
	char *text[SG_F__COUNT];
	size_t textcap[SG_F__COUNT];
	int oom;	       /* a copy failed: the import fails */
	const char *auto_kind; /* units: the kind the file's levels show */
	int swap_xy;	       /* x/y columns hold northing/easting */
	int64_t placed[2];     /* points outside / inside the units */
	/*
	 * Spreadsheets (CSV, XLSX, ODS; not for units) are read as raw rows
	 * and the header is found here (header.c-like code in import.c):
	 * hdr[i] is the text of OGR field i's header (two merged rows
	 * joined), header_row the last header row; rows after it are data,
	 * but for blank, totals and signature rows, which are skipped.
	 */
	int raw;	/* this layer is read raw */
	int raw_source; /* the source was opened raw */
	int ods;	/* an ODS workbook */
	char **hdr;
	int nhdr;
	int64_t header_row;
	int in_footer;
	const char *sheet; /* the sheet, when a workbook has several */
	char vsipath[64];  /* /vsimem/ copy of a re-encoded CSV, or "" */
	char *vsibuf;
	int64_t *linemap; /* a CSV's record -> line of the file, or NULL */
	size_t nlinemap;
	int64_t nlines;	       /* the CSV's lines (with linemap) */
	int64_t line0;	       /* lines cut off above a units CSV's header */
	const char *encoding;  /* the CSV's encoding as read */
	char *saved_config[6]; /* GDAL options raw_book_config replaced */
	int config_set;
} sg_importer;

/* The row number users see: spreadsheet row (header is row 1) for
 * tabular files, feature number (from 1) otherwise. */
int64_t sg_import__rownum(const sg_importer *im, int64_t seq);

/* The row number of feature f, the seq-th read: sg_import__rownum, or
 * for a PostgreSQL table the feature id (its primary key). */
int64_t sg_import__row(const sg_importer *im, OGRFeatureH f, int64_t seq);

/* Text of field f in the feature as the cell shows it: "" when absent,
 * unset or NULL; numbers as their digits (79000701, not 79000701.0).
 * The importer owns the copy: valid until the next call for the same
 * field. */
const char *sg_import__text(sg_importer *im, OGRFeatureH f, sg_field field);

/* Header of field f as written in the file (for messages). */
const char *sg_import__header(const sg_importer *im, sg_field field);

/*
 * Record an issue of the current row: the reason's code and English
 * format (an SG_R_ macro of layers/reasons.h gives both) and its values.
 * action "rejected" marks the row rejected, "flagged" marks it flagged.
 * Returns SG_OK or SG_ENOMEM.
 */
int sg_import__issue(sg_importer *im, int64_t row, const char *field,
		     const char *value, const char *action, const char *code,
		     const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 7, 8)))
#endif
	;

/* The same for a reason without values chosen at run time. */
int sg_import__issue_ref(sg_importer *im, int64_t row, const char *field,
			 const char *value, const char *action,
			 const sg_reason_ref *why);

/*
 * Parse field f of the feature as a count, bool or real into *out /
 * *isnull; a bad value is recorded as a rejection of the row.
 */
void sg_import__count(sg_importer *im, OGRFeatureH f, int64_t row,
		      sg_field field, int64_t *out, int *isnull);
void sg_import__bool(sg_importer *im, OGRFeatureH f, int64_t row,
		     sg_field field, int64_t *out, int *isnull);
void sg_import__real(sg_importer *im, OGRFeatureH f, int64_t row,
		     sg_field field, double *out, int *isnull);

/*
 * The row's location in EPSG:4326 from its geometry or coordinate
 * columns.  Returns 1 and sets lon/lat, or 0 after rejecting the row with
 * the reason (missing, unparsable, out of range, not transformable).
 */
int sg_import__point(sg_importer *im, OGRFeatureH f, int64_t row, double *lon,
		     double *lat);

/*
 * A school year "2016-2017" from text ("2016-2017", "2016 - 2017",
 * "2016/2017", "2016–2017"); writes the canonical form.  0 or -1.
 */
int sg_import__school_year(const char *s, char *out, size_t n);

/* The year of a row: its year column, else opts->year; "" if neither. */
const char *sg_import__row_year(sg_importer *im, OGRFeatureH f);

/*---- Placing points in the units (schools, applicants) ------------------*/

/* The units of the store, loaded once per import. */
typedef struct {
	sg_strmap *codes;  /* unit code -> id */
	sg_strmap *ward;   /* unit id (as text) -> 1 when a ward */
	sg_polyindex *idx; /* unit polygons, wards first */
	uint32_t widths;   /* bit n: some all-digit code has n digits */
	int64_t count;	   /* units in the store */
} sg_import_units;

/* What sg_import__unit_code found. */
enum {
	SG_UNIT_NONE = 0, /* no unit: a bad code */
	SG_UNIT_FOUND = 1,
	SG_UNIT_OUTSIDE = 2 /* a well-formed code the store lacks */
};

/*
 * The unit of `code` (*id): as written, or with the leading zeros a
 * spreadsheet dropped put back (4 -> 00004: the width of the store's
 * codes; noted).  SG_UNIT_OUTSIDE: not in the store but shaped like
 * its codes (a unit of a wider area); SG_UNIT_NONE otherwise.
 */
int sg_import__unit_code(sg_importer *im, const sg_import_units *u, int64_t row,
			 sg_field field, const char *code, int64_t *id);

/*
 * Load every unit of the store into *u (freed with
 * sg_import__units_free, also after a failure); `what` names the
 * import in error messages.
 */
int sg_import__units_load(sg_importer *im, const char *what,
			  sg_import_units *u);
void sg_import__units_free(sg_import_units *u);

/* What sg_import__place flags, in the words of the kind. */
typedef struct {
	sg_reason_ref unknown;	 /* the declared unit code is not stored */
	sg_reason_ref outside;	 /* the point is outside every unit */
	sg_reason_ref elsewhere; /* the point lies in a ward other than the
				  * declared one */
} sg_place_msgs;

/*
 * The unit of a point: the one containing it (a ward before a district
 * before a city), else the declared one (declared_code, "" for none);
 * flags what does not agree.  Returns the unit id or -1.
 */
int64_t sg_import__place(sg_importer *im, sg_import_units *u, int64_t row,
			 const char *declared_code, double lon, double lat,
			 const sg_place_msgs *msg);

/* Report progress; SG_ECANCELLED when the callback asks to stop. */
int sg_import__progress(sg_importer *im, int64_t done);

/* Read one row of a job; SG_OK also when the row was rejected. */
typedef int (*sg_import_row_fn)(void *job, OGRFeatureH f, int64_t row);

/* Call fn for every feature, counting rows, rejections and flags and
 * reporting progress.  Stops at the first error. */
int sg_import__each_row(sg_importer *im, sg_import_row_fn fn, void *job);

/* Count a written row in the summary: inserted when it was not stored
 * before, else updated when the write changed it, else unchanged. */
void sg_import__tally(sg_importer *im, int existed, int changed);

/* The kinds' row loops: read every feature and write good rows. */
int sg_import__units(sg_importer *im);
int sg_import__schools(sg_importer *im);
int sg_import__population(sg_importer *im);
int sg_import__applicants(sg_importer *im); /* import_applicants.c */

#endif /* SG_LAYERS_IMPORT_INT_H */
