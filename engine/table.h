/*
 * engine/table.h - building result tables (schoolgis/table.h).
 */
#ifndef SG_ENGINE_TABLE_H
#define SG_ENGINE_TABLE_H

#include "engine/context.h"
#include "schoolgis/table.h"

/* A table with the given columns and no rows; NULL on out of memory.
 * names and types have ncols entries; names are copied. */
sg_table *sg_table__new(size_t ncols, const char *const *names,
			const sg_col_type *types);

/* Append a row of NULL cells; returns its index, or -1 (out of memory). */
long sg_table__add_row(sg_table *t);

/* Set cells (the row must exist).  Setting NaN stores NULL. */
void sg_table__set_real(sg_table *t, size_t row, size_t col, double v);
int sg_table__set_text(sg_table *t, size_t row, size_t col,
		       const char *s); /* 0, or -1 out of memory */

/* Title and note (copied); 0 or -1. */
int sg_table__set_title(sg_table *t, const char *title);
int sg_table__set_note(sg_table *t, const char *note);

/* The administrative set (units.set_id) the table's unit codes belong
 * to, for joining them to the units' polygons by (set, code): codes
 * repeat across sets.  0 (the default): not known. */
void sg_table__set_unit_set(sg_table *t, int64_t set_id);
int64_t sg_table__unit_set(const sg_table *t);

#endif /* SG_ENGINE_TABLE_H */
