/*
 * schoolgis/import.h - loading spreadsheets and GIS files into the store.
 *
 * Any format GDAL/OGR reads: CSV (lon/lat or x/y columns), XLSX, GeoJSON,
 * GeoPackage, Shapefile, and PostgreSQL/PostGIS tables ("PG:..." with the
 * table as the layer).  Column names are matched case- and
 * diacritic-insensitively against built-in English and Vietnamese aliases
 * ("Mã trường", "Số máy tính phục vụ dạy học", "Kinh độ", ...); a mapping
 * file names anything else.  Coordinates are converted to EPSG:4326 with
 * PROJ from the file's CRS or the one given.
 *
 * One import is one transaction: it either applies every good row or
 * changes nothing.  Bad rows do not fail an import: they are rejected,
 * recorded in the store (table import_issues) and written to a rejects CSV
 * with row number, field, value and reason.  Re-importing the same file
 * changes no data; a newer file updates rows in place (upsert by code and
 * year).
 */
#ifndef SCHOOLGIS_IMPORT_H
#define SCHOOLGIS_IMPORT_H

#include "common.h"
#include "context.h"
#include "standards.h"

SG_BEGIN_DECL

/** What a file holds. */
typedef enum {
	SG_IMPORT_UNITS = 0,	  /**< ward/district/city polygons */
	SG_IMPORT_SCHOOLS = 1,	  /**< school points and per-year figures */
	SG_IMPORT_POPULATION = 2, /**< population per unit, year, age band */
	/** Admission applicants (personal data): code, grade (1, 6, 10),
	 *  home point, declared ward, birth date, priority group, ranked
	 *  school choices, exam score; upserted by code and year.  Import
	 *  units and schools first: the home point is checked against the
	 *  declared ward and the study area, and choices against the
	 *  schools of the grade's level. */
	SG_IMPORT_APPLICANTS = 3
} sg_import_kind;

/* Version 2 added encoding and header_row, version 3 standards; older
 * structs are still accepted (those fields then take their defaults). */
#define SG_IMPORT_OPTIONS_VERSION 3

/** Options of sg_import.  Initialise with SG_IMPORT_OPTIONS_INIT. */
typedef struct {
	unsigned int version; /**< SG_IMPORT_OPTIONS_VERSION */
	/** School year ("2016-2017") for rows without a year column; for
	 *  population (and --population-field) the census year ("2019");
	 *  for applicants the school year they are admitted to. */
	const char *year;
	/** CRS of the coordinates, overriding the file's: "EPSG:32648",
	 *  a PROJ string or WKT.  Default: the file's CRS, else EPSG:4326
	 *  for lon/lat columns (x/y columns then need this). */
	const char *crs;
	/** Column mapping file: lines "field = Column name" where field is
	 *  a canonical name (see `schoolgis import --help`). */
	const char *map_path;
	/** Where to write the rejects CSV; NULL: beside the input, as
	 *  "<input file name>.rejects.csv" (schools.csv.rejects.csv); for
	 *  a PostgreSQL table "<table>.rejects.csv" in the current
	 *  directory. */
	const char *rejects_path;
	/** Layer of a multi-layer source (GeoPackage), or the table of a
	 *  PostgreSQL database ("name" or "schema.name"); NULL: the first
	 *  layer, or a database's only table. */
	const char *layer;
	/** Units: the kind of every unit ("ward", "district", "city") when
	 *  the file has no kind column; NULL: "ward". */
	const char *unit_kind;
	/** Units: an attribute holding total population (e.g. "Pop_2019"),
	 *  stored in `population` for `year` as the 0-120 age band. */
	const char *population_field;
	/** A CSV's encoding, any iconv name ("UTF-16LE", "CP1258");
	 *  NULL: detected (UTF-8 with or without BOM, UTF-16 with BOM,
	 *  else Windows-1258).  Text is normalised to NFC either way. */
	const char *encoding;
	/** A spreadsheet's header row (1-based; with a two-row header its
	 *  first row); 0: found by matching known column names. */
	int header_row;
	/** Units: the administrative set the units belong to (see
	 *  schoolgis/units.h), e.g. "2025-07-01"; a new set's name is its
	 *  start date.  Codes are looked up and unique within the set.
	 *  Schools, population, applicants: the set their unit codes
	 *  refer to.  NULL: units the set "default", others the set in
	 *  force on `year`. */
	const char *set;
	/** Applicants: the standards whose [priority_labels] extend the
	 *  priority labels understood and whose admission.score_min and
	 *  admission.score_max bound the exam scores accepted (borrowed);
	 *  NULL: the built-in defaults (labels of
	 *  sg_standards_priority_group, scores 0 to 50). */
	const sg_standards *standards;
} sg_import_options;

#define SG_IMPORT_OPTIONS_INIT                                                 \
	{                                                                      \
		SG_IMPORT_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, \
			NULL, NULL, 0, NULL, NULL                              \
	}

/** Layout of sg_import_summary; fields are only ever added at the end. */
#define SG_IMPORT_SUMMARY_VERSION 1

/** Counts of one import. */
typedef struct {
	unsigned int
		version;   /**< set by sg_import: SG_IMPORT_SUMMARY_VERSION */
	int64_t run_id;	   /**< the import's row in `runs` */
	int64_t rows;	   /**< data rows read */
	int64_t inserted;  /**< rows that added a record */
	int64_t updated;   /**< rows that changed a record */
	int64_t unchanged; /**< rows equal to what the store had */
	int64_t rejected;  /**< rows not imported (see rejects CSV) */
	int64_t flagged;   /**< rows imported with a warning */
	int64_t repaired;  /**< geometries made valid */
	/** Spreadsheet rows not read as data: blank, totals ("Tổng cộng")
	 *  and signature rows, listed in the rejects CSV as "skipped";
	 *  not in `rows`. */
	int64_t skipped;
	/** The rejects CSV written, or "" when there was nothing to report;
	 *  borrowed from the context until sg_ctx_free. */
	const char *rejects_path;
} sg_import_summary;

/**
 * Import a file into the context's open store.
 *
 * @param ctx      context with an open store
 * @param kind     what the file holds
 * @param path     the file (or any GDAL data source name)
 * @param opts     options, or NULL for defaults
 * @param summary  OUT: counts, filled also when rows were rejected;
 *                 may be NULL.  Row numbers in issues are spreadsheet
 *                 rows (CSV, XLSX), feature numbers (GIS files) or
 *                 feature ids, the primary key (PostgreSQL tables).
 * @return SG_OK (even when rows were rejected: see summary->rejected);
 *         SG_ENOSTORE; SG_ENOTFOUND (file, layer or table missing);
 *         SG_EINVALID (no usable columns, bad mapping file, missing
 *         --year or --crs, a database of several tables without a
 *         layer);
 *         SG_EGDAL; SG_EPROJ; SG_ESQLITE; SG_EIO; SG_ECANCELLED.  On any
 *         error the store is left exactly as it was.
 */
SG_API int sg_import(sg_ctx *ctx, sg_import_kind kind, const char *path,
		     const sg_import_options *opts, sg_import_summary *summary);

/**
 * Check a --year for an import of `kind` before anything is read: a
 * school year "2023-2024" (also "2023 - 2024", "2023/2024") for schools
 * and applicants; for units and population also a census year "2019".
 *
 * @param kind  what is imported
 * @param year  the text given
 * @param out   OUT: the canonical form ("2023-2024"); may be NULL
 * @param n     size of out
 * @return 0 when valid, -1 when not (year NULL counts as not valid).
 */
SG_API int sg_import_year_check(sg_import_kind kind, const char *year,
				char *out, size_t n);

/**
 * How schoolgis names a data source in messages and in the store (runs,
 * import_issues): a file's path as given; a PostgreSQL connection string
 * ("PG:...") without its password, keyword or URI form, followed by
 * "tables=<layer>" when layer is not NULL (GDAL reads that back as the
 * one table).
 *
 * @param source  a path or GDAL data source name
 * @param layer   the layer or table, or NULL
 * @param out     OUT: the name, NUL-terminated (truncated to n bytes)
 * @param n       size of out
 */
SG_API void sg_source_name(const char *source, const char *layer, char *out,
			   size_t n);

SG_END_DECL

#endif /* SCHOOLGIS_IMPORT_H */
