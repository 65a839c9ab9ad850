/*
 * layers/upsert.h - the SQL of an import's upsert, built from the columns
 * the file has (import_schools.c, import_applicants.c).
 *
 * An import writes only the optional columns its file has, so the
 * statements are built per file: list the columns once, in order, each
 * with the SQL value bound to it, and get the INSERT ... ON CONFLICT DO
 * UPDATE, or the plain INSERT and UPDATE pair.  Either way a row equal to
 * the stored one is not written (sqlite3_changes() is 0), which is what
 * makes re-importing a file change nothing.
 */
#ifndef SG_LAYERS_UPSERT_H
#define SG_LAYERS_UPSERT_H

#include <sqlite3.h>

#include "engine/context.h"

/* What a column does in the upsert. */
typedef enum {
	SG_UPSERT_KEY,	 /* identifies the row (the conflict target) */
	SG_UPSERT_VALUE, /* updated; a different value is a change */
	SG_UPSERT_STAMP	 /* updated along with a change, never alone
			   * (run_id) */
} sg_upsert_role;

#define SG_UPSERT_MAXCOLS 32

/* The columns of one upsert, in statement order. */
typedef struct {
	const char *table; /* borrowed */
	size_t n;
	int overflow; /* a column did not fit */
	struct {
		const char *name; /* borrowed */
		char value[48];	  /* "?3", "MakePoint(?4, ?5, 4326)" */
		sg_upsert_role role;
	} col[SG_UPSERT_MAXCOLS];
} sg_upsert;

void sg_upsert__init(sg_upsert *u, const char *table);

/* Add column `name`, bound to the SQL value printf(fmt, ...). */
void sg_upsert__col(sg_upsert *u, sg_upsert_role role, const char *name,
		    const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

/*
 * Prepare "INSERT INTO t (columns) VALUES (values) ON CONFLICT (keys) DO
 * UPDATE SET c = excluded.c, ... WHERE v IS NOT excluded.v OR ..." over
 * the non-key columns (SET) and the VALUE columns (WHERE; "0" when there
 * are none, so that only new rows are written).  `what` names the
 * statement in error messages.
 */
int sg_upsert__prepare(sg_ctx *ctx, const char *what, const sg_upsert *u,
		       sqlite3_stmt **out); /* OUT: sqlite3_finalize */

/*
 * The pair for tables whose caller tells new rows from stored ones
 * itself: "INSERT INTO t (columns) VALUES (values)" and "UPDATE t SET c =
 * value, ... WHERE k = value AND ... AND (v IS NOT value OR ...)".
 */
int sg_upsert__prepare_insert(sg_ctx *ctx, const char *what, const sg_upsert *u,
			      sqlite3_stmt **out);
int sg_upsert__prepare_update(sg_ctx *ctx, const char *what, const sg_upsert *u,
			      sqlite3_stmt **out);

#endif /* SG_LAYERS_UPSERT_H */
