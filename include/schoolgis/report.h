/*
 * schoolgis/report.h - the yearly district (or city) report.
 *
 * One self-contained HTML file (no external requests; charts as inline
 * SVG), in Vietnamese by default or English, print-ready on A4: key
 * figures, tables (levels, wards or districts, IT indicators, schools,
 * over-capacity schools), charts, trends when the store holds several
 * years, and annexes: methodology, data quality and the provenance of
 * every figure.  Each table is also written as a CSV annex beside the
 * HTML.  Every figure comes from the same functions as `schoolgis stats`.
 */
#ifndef SCHOOLGIS_REPORT_H
#define SCHOOLGIS_REPORT_H

#include "common.h"
#include "context.h"
#include "roads.h"
#include "standards.h"

SG_BEGIN_DECL

#define SG_REPORT_OPTIONS_VERSION 4

/** Options of sg_report_write.  Initialise with SG_REPORT_OPTIONS_INIT. */
typedef struct {
	unsigned int version;	       /**< SG_REPORT_OPTIONS_VERSION */
	const char *unit;	       /**< required: district or city code */
	const char *year;	       /**< school year; NULL: the latest */
	const char *lang;	       /**< "vi" (default) or "en" */
	const sg_standards *standards; /**< NULL: defaults; borrowed */
	bool overwrite;		       /**< replace existing files */
	bool csv_annexes; /**< also write NAME-<table>.csv beside */
	/** Version >= 2: metres around the unit whose schools serve its
	 *  children in the coverage figures and show on its maps (the maps'
	 *  extent is the unit widened by it); 0: SG_SCOPE_MARGIN_DEFAULT.
	 *  Every figure, table, map and data-quality finding is the unit's
	 *  own: the report reads nothing else of the store. */
	double margin;
	/** Version >= 3: coverage figures by road (schoolgis/roads.h), the
	 *  method stated beside them and in the methodology annex; NULL:
	 *  straight lines.  Borrowed. */
	const sg_roads_distance *road;
	/** Version >= 4: the administrative set (schoolgis/units.h) `unit`
	 *  is looked up in ("2019-01-01": the old district 783 rather than
	 *  a 2025 unit of that code).  NULL: a bare code is the newest
	 *  set's unit holding it; "SET/CODE" names the set either way. */
	const char *set;
} sg_report_options;

#define SG_REPORT_OPTIONS_INIT                                                 \
	{                                                                      \
		SG_REPORT_OPTIONS_VERSION, NULL, NULL, "vi", NULL, false,      \
			true, 0, NULL, NULL                                    \
	}

/**
 * Write the report of a unit to `path` (HTML, atomically).
 *
 * @return SG_OK; SG_ENOSTORE; SG_ENOTFOUND (no such unit or year);
 *         SG_EINVALID (bad options, unit is a ward); SG_EEXISTS;
 *         SG_EIO; SG_ESQLITE; SG_ENOMEM.
 */
SG_API int sg_report_write(sg_ctx *ctx, const char *path,
			   const sg_report_options *opts);

/**
 * Print an HTML file to PDF with headless Chromium (Debian package
 * chromium), A4, atomically.
 *
 * @return SG_OK; SG_ENOTFOUND with a message saying how to install
 *         Chromium when it is not installed; SG_EIO when printing failed.
 */
SG_API int sg_report_pdf(sg_ctx *ctx, const char *html_path,
			 const char *pdf_path);

SG_END_DECL

#endif /* SCHOOLGIS_REPORT_H */
