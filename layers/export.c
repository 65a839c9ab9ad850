/*
 * layers/export.c - the I/O of `schoolgis export` (the driver is
 * ops/export.c): a store layer to GPKG, GeoJSON, CSV or a PostGIS table
 * through OGR.
 *
 * Each layer is one SQL query whose last column, when the layer has
 * geometry, is the WKB of its EPSG:4326 geometry; the other columns
 * become the attributes, typed by the layer's type string.  A file is
 * written under a temporary name in the same folder and renamed; a
 * PostGIS table is written in one transaction (layers/pg.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gdal.h>
#include <ogr_api.h>

#include "layers/export_int.h"
#include "layers/runs.h"
#include "schoolgis/export.h"

#define YEAR_COLS                                                              \
	"y.students, y.students_preschool, y.students_primary, "               \
	"y.students_lower_secondary, y.students_upper_secondary, "             \
	"y.classes, y.seats_entry_grade, y.computers_teaching, "               \
	"y.computers_management, y.printers, y.webcams, y.fibre, "             \
	"y.bandwidth_mbps, y.lan, y.wifi, y.website, y.e_gradebook, "          \
	"y.e_contact_book, y.teachers, y.teachers_it_standard"
#define YEAR_TYPES "iiiiiiiiiiiiriiiiiii"

static const struct {
	const char *name;
	OGRwkbGeometryType geom; /* wkbNone: a table */
	const char *types;	 /* 't' text, 'i' integer, 'r' real */
	const char *sql;	 /* ?1: the year or NULL */
} layers[] = {
	{ "units", wkbMultiPolygon, "tttti",
	  "SELECT u.code, u.name, u.kind, p.code AS parent_code, (SELECT "
	  "count FROM population WHERE unit_id = u.id AND age_from = 0 AND "
	  "age_to = 120 AND (?1 IS NULL OR year = ?1) ORDER BY year DESC "
	  "LIMIT 1) AS population, AsBinary(u.geom) FROM units u LEFT JOIN "
	  "units p ON p.id = u.parent_id ORDER BY u.code" },
	{ "schools", wkbPoint,
	  "tttttt"
	  "t" YEAR_TYPES,
	  "SELECT s.code, s.name, s.levels, s.ownership, s.address, u.code "
	  "AS unit_code, y.year, " YEAR_COLS ", AsBinary(s.geom) FROM "
	  "schools s LEFT JOIN units u ON u.id = s.unit_id LEFT JOIN "
	  "school_years y ON y.rowid = " SG_SCHOOL_YEAR_ROW(
		  "s.id", "?1") " ORDER BY s.code" },
	{ "school_years", wkbNone, "tt" YEAR_TYPES,
	  "SELECT s.code AS school_code, y.year, " YEAR_COLS " FROM "
	  "school_years y JOIN schools s ON s.id = y.school_id WHERE ?1 IS "
	  "NULL OR y.year = ?1 ORDER BY s.code, y.year" },
	{ "population", wkbNone, "ttiii",
	  "SELECT u.code AS unit_code, p.year, p.age_from, p.age_to, p.count"
	  " FROM population p JOIN units u ON u.id = p.unit_id WHERE ?1 IS "
	  "NULL OR p.year = ?1 ORDER BY u.code, p.year, p.age_from, "
	  "p.age_to" },
	/* Unserved areas have no school. */
	{ "catchments", wkbMultiPolygon, "itttttrrr",
	  "SELECT c.run_id, s.code AS school_code, s.name AS school_name, "
	  "c.level, c.method, c.schools, c.area_km2, c.population, c.seats, "
	  "AsBinary(c.geom) FROM catchments c LEFT JOIN "
	  "schools s ON s.id = c.school_id WHERE ?1 IS NULL OR ?1 = ?1 "
	  "ORDER BY c.run_id, c.level, c.method, s.code, c.id" },
	{ "issues", wkbNone, "ittittt",
	  "SELECT i.run_id, r.command, i.file, i.row, i.field, i.value, "
	  "i.reason || ' (' || i.action || ')' AS reason FROM import_issues "
	  "i JOIN runs r ON r.id = i.run_id WHERE ?1 IS NULL OR ?1 = ?1 "
	  "ORDER BY i.id" },
};
#define NLAYERS (sizeof(layers) / sizeof(*layers))

const char *const *sg_export_layers(void)
{
	static const char *names[NLAYERS + 1];

	for (size_t i = 0; i < NLAYERS; i++)
		names[i] = layers[i].name;
	return names;
}

/*
 * Write the query's rows.  With lonlat, points become "lon" and "lat"
 * columns (for CSV, so that `schoolgis import` reads the file back as
 * EPSG:4326 without a --crs).
 */
static int write_features(sg_ctx *ctx, size_t li, sqlite3_stmt *st,
			  const sg_out *o, int lonlat, int64_t *count)
{
	OGRLayerH lyr = o->layer;
	const char *types = layers[li].types;
	int ncols = (int)strlen(types), step, rc = SG_OK;
	OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);

	for (int i = 0; lonlat && i < 2; i++) {
		OGRFieldDefnH fd = OGR_Fld_Create(i ? "lat" : "lon", OFTReal);

		OGR_L_CreateField(lyr, fd, 1);
		OGR_Fld_Destroy(fd);
	}
	for (int i = 0; i < ncols; i++) {
		OGRFieldDefnH fd = OGR_Fld_Create(sqlite3_column_name(st, i),
						  types[i] == 'i' ? OFTInteger
						  : types[i] == 'r'
							  ? OFTReal
							  : OFTString);

		if (OGR_L_CreateField(lyr, fd, 1) != OGRERR_NONE)
			rc = sg_error__set(ctx, SG_EGDAL, "export: OGR: %s",
					   sg_gdal__msg(ctx));
		OGR_Fld_Destroy(fd);
	}
	while (rc == SG_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		OGRFeatureH f = OGR_F_Create(defn);
		int k = lonlat ? 2 : 0;

		for (int i = 0; i < ncols; i++) {
			if (sqlite3_column_type(st, i) == SQLITE_NULL)
				OGR_F_SetFieldNull(f, i + k);
			else if (types[i] == 'i')
				OGR_F_SetFieldInteger(f, i + k,
						      sqlite3_column_int(st,
									 i));
			else if (types[i] == 'r')
				OGR_F_SetFieldDouble(f, i + k,
						     sqlite3_column_double(st,
									   i));
			else
				sg_out__set_text(
					o, f, i + k,
					(const char *)sqlite3_column_text(st,
									  i));
		}
		if (layers[li].geom != wkbNone &&
		    sqlite3_column_type(st, ncols) == SQLITE_BLOB) {
			OGRGeometryH g = NULL;

			if (OGR_G_CreateFromWkb(sqlite3_column_blob(st, ncols),
						NULL, &g,
						sqlite3_column_bytes(st,
								     ncols)) !=
			    OGRERR_NONE) {
				g = NULL;
			} else if (lonlat) {
				OGR_F_SetFieldDouble(f, 0, OGR_G_GetX(g, 0));
				OGR_F_SetFieldDouble(f, 1, OGR_G_GetY(g, 0));
				OGR_G_DestroyGeometry(g);
			} else {
				OGR_F_SetGeometryDirectly(f, g);
			}
		}
		if (OGR_L_CreateFeature(lyr, f) != OGRERR_NONE)
			rc = sg_error__set(ctx, SG_EGDAL, "export: OGR: %s",
					   sg_gdal__msg(ctx));
		OGR_F_Destroy(f);
		(*count)++;
		if (rc == SG_OK && (*count & 1023) == 0)
			rc = sg_ctx__progress(ctx, "export", (uint64_t)*count,
					      0);
	}
	if (rc == SG_OK && step != SQLITE_DONE)
		rc = sg_db__fail(ctx, "export");
	return rc;
}

long sg_export__layer(const char *name)
{
	for (size_t li = 0; li < NLAYERS; li++)
		if (strcmp(layers[li].name, name) == 0)
			return (long)li;
	return -1;
}

int sg_export__year_known(sg_ctx *ctx, long li, const char *year)
{
	const char *layer = layers[li].name;
	sqlite3_stmt *st;
	int rc, pop = strcmp(layer, "population") == 0;

	/* A year no figure has would give a header-only file. */
	if (!year || (strcmp(layer, "schools") != 0 &&
		      strcmp(layer, "school_years") != 0 && !pop))
		return SG_OK;
	rc = sg_db__prepare(ctx, "export",
			    pop ? "SELECT EXISTS (SELECT 1 FROM "
				  "population WHERE year = ?1)"
				: "SELECT EXISTS (SELECT 1 FROM "
				  "school_years WHERE year = ?1)",
			    &st);
	if (rc != SG_OK)
		return rc;
	sg_db__bind_text(st, 1, year);
	rc = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) ? SG_OK
	     : pop ? sg_error__set(ctx, SG_ENOTFOUND,
				   "export: no population "
				   "for year '%s' in the store",
				   year)
		   : sg_error__set(ctx, SG_ENOTFOUND,
				   "export: no school "
				   "figures for year '%s' in the store",
				   year);
	sqlite3_finalize(st);
	return rc;
}

int sg_export__write(sg_ctx *ctx, long li, const char *path, const char *table,
		     const char *year, bool overwrite, int64_t *count_out)
{
	const char *driver = NULL, *lco[4] = { NULL };
	const char *name = table ? table : layers[li].name;
	sqlite3_stmt *st = NULL;
	sg_out out;
	int64_t count = 0;
	int rc, lonlat = 0;

	*count_out = 0;
	if (sg_pg__is_dsn(path)) {
		/* the table name as given */
	} else if (sg_path__has_ext(path, ".gpkg")) {
		driver = "GPKG";
	} else if (sg_path__has_ext(path, ".geojson") ||
		   sg_path__has_ext(path, ".json")) {
		driver = "GeoJSON";
	} else if (sg_path__has_ext(path, ".csv")) {
		driver = "CSV";
		lonlat = layers[li].geom == wkbPoint;
		if (layers[li].geom != wkbNone && !lonlat)
			lco[0] = "GEOMETRY=AS_WKT";
	} else {
		return sg_error__set(ctx, SG_EINVALID,
				     "export: %s: unknown format (use .gpkg, "
				     ".geojson, .csv, or PG:... for "
				     "PostGIS)",
				     path);
	}
	rc = sg_db__prepare(ctx, "export", layers[li].sql, &st);
	if (rc != SG_OK)
		return rc;
	sg_db__bind_text(st, 1, year);
	rc = sg_out__open(ctx, &out, driver, path, overwrite, name,
			  lonlat ? wkbNone : layers[li].geom, lco);
	if (rc == SG_OK)
		rc = write_features(ctx, (size_t)li, st, &out, lonlat, &count);
	out.rows = count;
	rc = sg_out__close(ctx, &out, rc);
	sqlite3_finalize(st);
	if (rc == SG_OK)
		*count_out = count;
	return rc;
}
