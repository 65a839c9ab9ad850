/*
 * schoolgis/table.h - result tables of the statistics commands.
 *
 * A table has named, typed columns and rows of cells; any cell may be
 * NULL (unknown).  Tables print as aligned text, CSV or JSON, and carry a
 * title and a note (e.g. the standards applied), so every output says how
 * its figures were obtained.
 */
#ifndef SCHOOLGIS_TABLE_H
#define SCHOOLGIS_TABLE_H

#include "common.h"
#include "context.h"

SG_BEGIN_DECL

/** Opaque result table. */
typedef struct sg_table sg_table;

/** Type of a column. */
typedef enum { SG_COL_TEXT = 0, SG_COL_INT = 1, SG_COL_REAL = 2 } sg_col_type;

/** Output formats of sg_table_format. */
typedef enum {
	SG_FORMAT_TEXT = 0, /**< aligned columns for a terminal */
	SG_FORMAT_CSV = 1,  /**< RFC 4180, header row, '.' decimals */
	SG_FORMAT_JSON = 2  /**< {"title", "note", "columns", "rows"} */
} sg_table_format_kind;

SG_API size_t sg_table_ncols(const sg_table *t);
SG_API size_t sg_table_nrows(const sg_table *t);
/** Column name (snake_case English), borrowed. */
SG_API const char *sg_table_colname(const sg_table *t, size_t col);
SG_API sg_col_type sg_table_coltype(const sg_table *t, size_t col);
/** Index of a named column, or -1. */
SG_API int sg_table_col(const sg_table *t, const char *name);
/** True when the cell is unknown (NULL) or out of range. */
SG_API bool sg_table_is_null(const sg_table *t, size_t row, size_t col);
/** A numeric cell (INT or REAL columns); NaN when NULL. */
SG_API double sg_table_real(const sg_table *t, size_t row, size_t col);
/** A text cell, borrowed; NULL when NULL or not a TEXT column. */
SG_API const char *sg_table_text(const sg_table *t, size_t row, size_t col);
/** Title, e.g. "Student-per-computer ratios by ward, 2016-2017". */
SG_API const char *sg_table_title(const sg_table *t);
/** Note printed under the table (standards applied, definitions). */
SG_API const char *sg_table_note(const sg_table *t);

/**
 * The table as text.
 *
 * @param out  OUT: NUL-terminated text, freed with sg_free
 * @return SG_OK or SG_ENOMEM.
 */
SG_API int sg_table_format(const sg_table *t, sg_table_format_kind kind,
			   char **out);

/**
 * Write the table as text (sg_table_format) to a file, atomically: it is
 * written at a temporary sibling, flushed and renamed into place, so path
 * holds the old file or the new one, whole.
 *
 * @param bom  begin with a UTF-8 byte order mark (Excel's sign of UTF-8)
 * @return SG_OK; SG_EEXISTS (path exists and !overwrite); SG_EIO;
 *         SG_ENOMEM.
 */
SG_API int sg_table_write(sg_ctx *ctx, const sg_table *t,
			  sg_table_format_kind kind, const char *path, bool bom,
			  bool overwrite);

/** Free a table; NULL is a no-op. */
SG_API void sg_table_free(sg_table *t);

SG_END_DECL

#endif /* SCHOOLGIS_TABLE_H */
