/*
 * layers/layers.h - helpers shared by the files of layers/, the only
 * module that talks to GDAL/OGR and SQLite/SpatiaLite.
 */
#ifndef SG_LAYERS_H
#define SG_LAYERS_H

#include <stdbool.h>

#include <gdal.h>
#include <ogr_api.h>
#include <sqlite3.h>

#include "engine/context.h"
#include "schoolgis/store.h"
#include "schoolgis/validate.h"
#include "util/file.h"

/*---- GDAL message capture ---------------------------------------------*/

/* Route GDAL's messages into ctx->gdal_msg until sg_gdal__end.  Calls
 * nest like CPLPushErrorHandlerEx/CPLPopErrorHandler. */
void sg_gdal__begin(sg_ctx *ctx);
void sg_gdal__end(sg_ctx *ctx);

/* The last captured GDAL error, or "unknown error". */
const char *sg_gdal__msg(const sg_ctx *ctx);

/*---- Files ------------------------------------------------------------*/

/* True when path ends with ext (case-insensitive), e.g. ".gpkg". */
int sg_path__has_ext(const char *path, const char *ext);

/* Outputs are written at a temporary sibling and renamed into place:
 * util/file.h (sg_file__temp_name, sg_outset). */

/*---- Writing a GIS file -----------------------------------------------*/

/* One layer being written to a new file (layers/ogr_out.c) or to a
 * PostGIS table (layers/pg.c). */
typedef struct {
	GDALDatasetH ds;
	OGRLayerH layer;
	const char *path;
	sg_outset set; /* the file at its temporary name */
	const char *tmp;
	int capturing;
	int pg;		 /* a PG: connection, not a file */
	int in_txn;	 /* pg: inside the export's transaction */
	char desc[1024]; /* pg: the connection without its password */
	char qname[268]; /* pg: "schema"."table", quoted */
	int64_t rows;	 /* pg: rows written, checked after commit
				(-1: not known) */
	int csv;	 /* a CSV file: text gets the formula guard */
} sg_out;

/*
 * Create `path` with the OGR driver `driver` at a temporary sibling, with
 * one layer (EPSG:4326 unless geom is wkbNone), and start a transaction.
 * SG_EEXISTS when the file exists and !overwrite.  Call sg_out__close in
 * every case once this was called.
 *
 * When path is a "PG:" connection string, driver and lco are ignored and
 * `layer` is the table: see sg_pg__out_open.
 */
int sg_out__open(sg_ctx *ctx, sg_out *o, const char *driver, const char *path,
		 bool overwrite, const char *layer, OGRwkbGeometryType geom,
		 const char *const *lco);

/* Commit (when rc is SG_OK), close and rename into place; on failure
 * remove the temporary file.  Returns rc or the closing failure. */
int sg_out__close(sg_ctx *ctx, sg_out *o, int rc);
/* Set a text field; in a CSV file with util/'s formula guard (a text
 * beginning with = + - @ gets a leading apostrophe). */
void sg_out__set_text(const sg_out *o, OGRFeatureH f, int i, const char *s);
/* Create o's layer `name` on o->ds, in EPSG:4326 (lon/lat order) unless
 * geom is wkbNone; desc names the output in errors. */
int sg_out__layer(sg_ctx *ctx, sg_out *o, const char *name,
		  OGRwkbGeometryType geom, const char *const *lco,
		  const char *desc);

/*---- PostgreSQL/PostGIS (layers/pg.c) --------------------------------*/

/* True when s is a GDAL PostgreSQL connection string ("PG:..."). */
int sg_pg__is_dsn(const char *s);

/*
 * dsn without its secrets, for messages and for what the store records:
 * only keywords known to be public are kept (host, port, dbname, user,
 * sslmode, ...); password, sslpassword and any unknown keyword - in
 * "key=value" form or in a URI - are left out.  With table, any "tables="
 * keyword is replaced by "tables=<table>", which GDAL reads back as that
 * one table.
 */
/* Blank in msg (in place) every piece of dsn its safe form leaves out:
 * what libpq may echo of a password it could not parse. */
void sg_pg__scrub(const char *dsn, char *msg);
void sg_pg__safe_dsn(const char *dsn, const char *table, char *out, size_t n);

/* True for [a-z_][a-z0-9_]* names of at most 63 bytes, optionally
 * "schema.table": names that need no quoting and that OGR keeps as they
 * are. */
int sg_pg__table_name_ok(const char *name);

/*
 * Start writing `table` in the PostgreSQL database of dsn: one
 * transaction in which an existing table is dropped (only when
 * overwrite, else SG_EEXISTS; not when views depend on it), the table is
 * created (geometry column
 * `geom` in EPSG:4326 with a GiST index unless geom is wkbNone; primary
 * key `fid`), and rows are copied.  SG_EINVALID for a bad table name or
 * a database without PostGIS.  Call sg_pg__out_close in every case.
 */
int sg_pg__out_open(sg_ctx *ctx, sg_out *o, const char *dsn, bool overwrite,
		    const char *table, OGRwkbGeometryType geom);

/* Commit when rc is SG_OK, else roll back; close.  Returns rc or the
 * commit's failure. */
int sg_pg__out_close(sg_ctx *ctx, sg_out *o, int rc);

/*---- SQLite -----------------------------------------------------------*/

/* Fail with SG_ENOSTORE unless a store is open. */
int sg_db__need(sg_ctx *ctx);

/* Run SQL with no results; on failure set "<what>: SQLite: <msg>". */
int sg_db__exec(sg_ctx *ctx, const char *what, const char *sql);

/* Prepare a statement; on failure set "<what>: SQLite: <msg>". */
int sg_db__prepare(sg_ctx *ctx, const char *what, const char *sql,
		   sqlite3_stmt **out);

/* Set the SQLite error of the store as the context's error. */
int sg_db__fail(sg_ctx *ctx, const char *what);

/* Bind text, or NULL when s is NULL or empty. */
void sg_db__bind_text(sqlite3_stmt *st, int i, const char *s);
/* Bind v, or NULL when it is NaN. */
void sg_db__bind_real(sqlite3_stmt *st, int i, double v);
/* One `results` row through st, prepared as "INSERT INTO results
 * (run_id, subject, key, value) VALUES (?1, ?2, ?3, ?4)": text when not
 * NULL, else num (NaN: NULL).  Errors are named after `what`. */
int sg_db__put_result(sg_ctx *ctx, sqlite3_stmt *st, const char *what,
		      int64_t run, const char *subject, const char *key,
		      double num, const char *text);

/* Transactions: one per command, so a failure changes nothing. */
int sg_db__begin(sg_ctx *ctx);
int sg_db__commit(sg_ctx *ctx);
void sg_db__rollback(sg_ctx *ctx);

/*---- Bulk writes to a geometry table -----------------------------------*/

/*
 * For imports of many rows into a table with a POINT column `geom`:
 * SpatiaLite's per-row triggers (constraint checks, spatial index upkeep
 * through generated SQL, time stamps) are dropped inside the caller's
 * transaction, the caller keeps the R*Tree index itself with one prepared
 * statement, and the triggers are restored before commit.  A rollback
 * restores them too.  The caller guarantees the constraints (SRID 4326
 * points from MakePoint).
 */
typedef struct {
	char table[64];
	char *sql[6];	     /* the dropped triggers' SQL */
	sqlite3_stmt *index; /* INSERT OR REPLACE into the R*Tree */
} sg_bulk;

int sg_db__bulk_begin(sg_ctx *ctx, const char *table, sg_bulk *b);

/* The index entry of row `id` at point (x, y). */
int sg_db__bulk_point(sg_ctx *ctx, sg_bulk *b, int64_t id, double x, double y);

/* The index entry of row `id` with the bounding box given (any
 * geometry type; the caller guarantees the column's constraints). */
int sg_db__bulk_box(sg_ctx *ctx, sg_bulk *b, int64_t id, double minx,
		    double miny, double maxx, double maxy);

/* Restore the triggers (when ok) and free b; call in every case. */
int sg_db__bulk_end(sg_ctx *ctx, sg_bulk *b, int ok);

/*---- Schema -----------------------------------------------------------*/

/* Create the schema in an empty database (in the caller's transaction). */
int sg_schema__create(sg_ctx *ctx);

/* Check the store's version; migrate an older one in a transaction. */
int sg_schema__check(sg_ctx *ctx);

/* Once per store (meta 'codes_checked'), on open: codes of units,
 * schools and applicants stored as numbers or bytes become their text;
 * those that cannot (damaged text, a clash) are named as warnings and
 * the store is checked again on the next open (layers/validate.c). */
int sg_validate__repair_codes(sg_ctx *ctx);

/* sg_validate on a unit scope (layers/scope.h; NULL: the whole store):
 * the checks run on the scope's rows only, and the findings kept are
 * about its units and schools, or located in its box. */
int sg_validate__scope(sg_ctx *ctx, const sg_scope *sc, sg_validation **out);

/* True when `table` is one of the store's tables (for sg_store_count). */
int sg_schema__is_table(const char *table);

#endif /* SG_LAYERS_H */
