/*
 * layers/table_export.c - a result table written to a file: as text
 * (sg_table_write), or joined to the unit polygons and written through
 * OGR (the roll-up as a map layer).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gdal.h>
#include <ogr_api.h>

#include "engine/table.h"
#include "layers/layers.h"
#include "schoolgis/stats.h"
#include "schoolgis/table.h"
#include "util/file.h"

int sg_table_write(sg_ctx *ctx, const sg_table *t, sg_table_format_kind kind,
		   const char *path, bool bom, bool overwrite)
{
	char *text = NULL;
	sg_sb b = { 0 };
	int rc;

	sg_error__clear(ctx);
	if (!overwrite && access(path, F_OK) == 0)
		return sg_error__set(ctx, SG_EEXISTS, "stats: %s exists", path);
	if ((rc = sg_table_format(t, kind, &text)) != SG_OK)
		return sg_error__oom(ctx, "stats");
	if (bom)
		sg_sb__puts(&b, "\xef\xbb\xbf");
	sg_sb__puts(&b, text);
	sg_free(text);
	if (b.oom)
		rc = sg_error__oom(ctx, "stats");
	else
		rc = sg_file__write_atomic(ctx, path, b.s, b.len, "stats");
	sg_sb__free(&b);
	return rc;
}

static int write_rows(sg_ctx *ctx, const sg_table *t, int key, OGRLayerH lyr,
		      sqlite3_stmt *geom)
{
	size_t nc = sg_table_ncols(t);
	OGRFeatureDefnH defn;
	int rc = SG_OK;

	for (size_t c = 0; c < nc; c++) {
		sg_col_type ty = sg_table_coltype(t, c);
		OGRFieldDefnH fd = OGR_Fld_Create(sg_table_colname(t, c),
						  ty == SG_COL_TEXT ? OFTString
						  : ty == SG_COL_INT
							  ? OFTInteger64
							  : OFTReal);

		if (OGR_L_CreateField(lyr, fd, 1) != OGRERR_NONE)
			rc = sg_error__set(ctx, SG_EGDAL, "export: OGR: %s",
					   sg_gdal__msg(ctx));
		OGR_Fld_Destroy(fd);
	}
	defn = OGR_L_GetLayerDefn(lyr);
	for (size_t r = 0; rc == SG_OK && r < sg_table_nrows(t); r++) {
		const char *code = sg_table_text(t, r, (size_t)key);
		OGRGeometryH g = NULL;
		OGRFeatureH f;

		if (!code)
			continue;
		sqlite3_bind_text(geom, 1, code, -1, SQLITE_STATIC);
		sqlite3_bind_int64(geom, 2, sg_table__unit_set(t));
		if (sqlite3_step(geom) == SQLITE_ROW &&
		    sqlite3_column_type(geom, 0) == SQLITE_BLOB)
			OGR_G_CreateFromWkb(sqlite3_column_blob(geom, 0), NULL,
					    &g, sqlite3_column_bytes(geom, 0));
		sqlite3_reset(geom);
		if (!g)
			continue; /* not a unit: a total row */
		f = OGR_F_Create(defn);
		OGR_F_SetGeometryDirectly(f, g);
		for (size_t c = 0; c < nc; c++) {
			if (sg_table_is_null(t, r, c))
				OGR_F_SetFieldNull(f, (int)c);
			else if (sg_table_coltype(t, c) == SG_COL_TEXT)
				OGR_F_SetFieldString(f, (int)c,
						     sg_table_text(t, r, c));
			else
				OGR_F_SetFieldDouble(f, (int)c,
						     sg_table_real(t, r, c));
		}
		if (OGR_L_CreateFeature(lyr, f) != OGRERR_NONE)
			rc = sg_error__set(ctx, SG_EGDAL, "export: OGR: %s",
					   sg_gdal__msg(ctx));
		OGR_F_Destroy(f);
	}
	return rc;
}

int sg_table_export_units(sg_ctx *ctx, const sg_table *t, const char *key,
			  const char *path, bool overwrite)
{
	const char *driver;
	sqlite3_stmt *geom = NULL;
	sg_out out;
	int col, rc;

	sg_error__clear(ctx);
	if ((rc = sg_db__need(ctx)) != SG_OK)
		return rc;
	col = sg_table_col(t, key);
	if (col < 0 || sg_table_coltype(t, (size_t)col) != SG_COL_TEXT)
		return sg_error__set(ctx, SG_EINVALID,
				     "export: the table has "
				     "no text column '%s'",
				     key);
	if (sg_path__has_ext(path, ".gpkg"))
		driver = "GPKG";
	else if (sg_path__has_ext(path, ".geojson"))
		driver = "GeoJSON";
	else
		return sg_error__set(ctx, SG_EINVALID,
				     "export: %s: use .gpkg "
				     "or .geojson",
				     path);
	rc = sg_db__prepare(ctx, "export",
			    /* codes repeat across sets: the table's set,
			     * else the newest holding the code */
			    "SELECT AsBinary(u.geom) FROM units u JOIN "
			    "unit_sets s ON s.id = u.set_id WHERE u.code = "
			    "?1 AND (?2 = 0 OR u.set_id = ?2) ORDER BY "
			    "s.start_date DESC, s.id DESC LIMIT 1",
			    &geom);
	if (rc != SG_OK)
		return rc;
	rc = sg_out__open(ctx, &out, driver, path, overwrite, "units",
			  wkbMultiPolygon, NULL);
	if (rc == SG_OK)
		rc = write_rows(ctx, t, col, out.layer, geom);
	rc = sg_out__close(ctx, &out, rc);
	sqlite3_finalize(geom);
	return rc;
}
