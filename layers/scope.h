/*
 * layers/scope.h - the unit scope inside the library (layers/scope.c).
 *
 * A scope is loaded once from the units table; sg_scope__use then puts
 * its units and schools into two TEMP tables of the store's connection,
 * so that every loader filters in SQL (`... WHERE unit_id IN
 * SG_SCOPE_UNITS`) and never reads the whole store to filter after.
 * NULL always means "the whole store": loaders take the scope as a
 * pointer and add no filter when it is NULL.
 */
#ifndef SG_LAYERS_SCOPE_H
#define SG_LAYERS_SCOPE_H

#include "engine/strmap.h"
#include "layers/layers.h"
#include "schoolgis/store.h"

struct sg_scope {
	sg_ctx *ctx;
	unsigned serial; /* which scope the TEMP tables hold */
	int64_t id;	 /* units.id of the unit; 0 for a whole set */
	int64_t set_id;	 /* its administrative set (unit_sets.id) */
	int whole_set;	 /* every unit of the set, not one unit's */
	int other_sets;	 /* the store holds units of another set too */
	char *code, *name;
	char kind[16];
	size_t nunits;	 /* the unit and every unit below it */
	size_t nschools; /* schools whose unit is in the scope */
	size_t nreach;	 /* ... and those within the margin */
	double margin;	 /* metres */
	double bbox[4];	 /* the units' box, degrees; NaN if none */
	double mbox[4];	 /* widened by the margin */
};

/* The TEMP tables, as SQL sub-queries: the scope's unit ids; the ids of
 * its schools (unit in the scope); the ids of the schools it reaches
 * (its schools and those within the margin). */
#define SG_SCOPE_UNITS "(SELECT id FROM temp.sg_scope_unit)"
#define SG_SCOPE_SCHOOLS "(SELECT id FROM temp.sg_scope_school WHERE inside)"
#define SG_SCOPE_REACH "(SELECT id FROM temp.sg_scope_school)"

/*
 * The scope of `unit` (NULL or "": *out = NULL, the whole store) with
 * `margin` metres (0 or NaN: SG_SCOPE_MARGIN_DEFAULT).  Messages start
 * with `what`.  SG_ENOTFOUND, SG_EINVALID, SG_ESQLITE, SG_ENOMEM.
 */
int sg_scope__open(sg_ctx *ctx, const char *what, const char *unit,
		   double margin, sg_scope **out);

/*
 * For loaders of the whole store with a unit, a set and a year (stats,
 * coverage, catchments): the scope of `unit` looked up in `set` (a bare
 * code in that set; "SET/CODE" of another set is refused,
 * SG_EINVALID), else as sg_scope__resolve.  Without a unit, on a store
 * whose units belong to several administrative sets, the whole set
 * `set`, else the one in force on the 1 September of `year` (NULL: the
 * latest school year of the store), so that its units are never mixed
 * with another set's (overlapping) ones: schools of another set's units
 * count by location.  A store of one set without `set` (or with `set`
 * naming the only set): *out NULL, the whole store.  SG_ENOTFOUND (no
 * such set, or a set without units).
 */
int sg_scope__resolve_set(sg_ctx *ctx, const char *what, const sg_scope *given,
			  const char *unit, const char *set, const char *year,
			  double margin, const sg_scope **out, sg_scope **own);

/*
 * The unit a code names in `set` ("SET/CODE"; `unit` itself when set is
 * NULL or empty), into a string owned by the caller (free).  SG_EINVALID
 * when unit already names another set; SG_ENOTFOUND when the set does
 * not exist; SG_ENOMEM.
 */
int sg_scope__unit_in_set(sg_ctx *ctx, const char *what, const char *set,
			  const char *unit, char **out);

/*
 * Make the TEMP tables hold sc (a no-op when they already do, or when
 * sc is NULL).  Call before running SQL that names SG_SCOPE_*.
 */
int sg_scope__use(sg_ctx *ctx, const char *what, const sg_scope *sc);

/* For loaders given either a scope or a unit code in their options:
 * `given` when not NULL (borrowed, *own = NULL), else the scope of
 * `unit` (owned through *own, NULL for the whole store). */
int sg_scope__resolve(sg_ctx *ctx, const char *what, const sg_scope *given,
		      const char *unit, double margin, const sg_scope **out,
		      sg_scope **own);

/*
 * The school year of the scope's figures: `year` when some school of the
 * scope has figures for it, else (year NULL) the latest year of its
 * schools, into out; SG_ENOTFOUND when there is none.
 */
int sg_scope__year(sg_ctx *ctx, const char *what, const sg_scope *sc,
		   const char *year, char *out, size_t n);

/*
 * The codes of the scope's units and of its schools (not the margin's),
 * as two sets (value 1) owned by the caller (sg_strmap__free, also on
 * failure).
 */
int sg_scope__codes(sg_ctx *ctx, const char *what, const sg_scope *sc,
		    sg_strmap **units, sg_strmap **schools);

/*
 * on = 1: until the call with on = 0, the store's tables units, schools,
 * school_years and population, named without "main.", hold only the
 * scope's rows (TEMP views shadowing them), so that whole-store SQL (the
 * checks of sg_validate) runs on the unit.  Read-only use only; always
 * pair the calls.  A no-op for sc NULL.
 */
int sg_scope__shadow(sg_ctx *ctx, const char *what, const sg_scope *sc, int on);

#endif /* SG_LAYERS_SCOPE_H */
