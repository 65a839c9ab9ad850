/*
 * layers/stats.c - the statistics commands: load the store once into the
 * engine's arrays (three queries), resolve the years, and build the
 * table.  Also writes a table joined to the unit polygons (roll-up maps).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "engine/stats.h"
#include "engine/table.h"
#include "engine/strmap.h"
#include "engine/text.h"
#include "layers/layers.h"
#include "layers/results.h"
#include "layers/scope.h"
#include "layers/units_int.h"

/*---- Loading ------------------------------------------------------------*/

/* Copy a string into the arena; returns its offset (+1; 0 = NULL). */
static size_t keep(sg_stats_data *d, const unsigned char *s)
{
	size_t n, off;

	if (!s)
		return 0;
	n = strlen((const char *)s) + 1;
	if (d->arena_len + n > d->arena_cap) {
		size_t cap = (d->arena_cap + n) * 2;
		char *p = realloc(d->arena, cap);

		if (!p)
			return (size_t)-1;
		d->arena = p;
		d->arena_cap = cap;
	}
	off = d->arena_len;
	memcpy(d->arena + off, s, n);
	d->arena_len += n;
	return off + 1;
}

/* Offsets were stored in the pointer arrays; make them pointers now
 * that the arena has stopped moving. */
static void fix(sg_stats_data *d, const char **a, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t off = (size_t)(uintptr_t)a[i];

		a[i] = off ? d->arena + off - 1 : NULL;
	}
}

static int grow(void **p, size_t n, size_t size)
{
	void *q = realloc(*p, n * size);

	if (!q)
		return -1;
	*p = q;
	return 0;
}

static int count(sg_ctx *ctx, const char *sql, size_t *n)
{
	sqlite3_stmt *st;
	int rc = sg_db__prepare(ctx, "stats", sql, &st);

	if (rc == SG_OK && sqlite3_step(st) == SQLITE_ROW)
		*n = (size_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc;
}

/* The WHERE clause of the scope's rows of a table: "" for the whole
 * store (sc NULL). */
#define IN_SCOPE(sc, col, set) ((sc) ? " WHERE " col " IN " set : "")

static int load_units(sg_ctx *ctx, sg_stats_data *d, int64_t **ids,
		      const sg_scope *sc, int64_t set)
{
	char sql[512], where[64];
	sqlite3_stmt *st;
	sg_strmap *byid = sg_strmap__new();
	int64_t *parent = NULL;
	size_t i = 0;
	int rc;

	/* Without a scope, the units of one set (0: every unit). */
	snprintf(where, sizeof(where), " WHERE set_id = %lld", (long long)set);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM units%s",
		 sc    ? IN_SCOPE(sc, "id", SG_SCOPE_UNITS)
		 : set ? where
		       : "");
	rc = count(ctx, sql, &d->nunits);
	if (rc != SG_OK || !byid)
		goto done;
	rc = SG_ENOMEM;
	if (grow((void **)&d->ucode, d->nunits + 1, sizeof(char *)) ||
	    grow((void **)&d->uname, d->nunits + 1, sizeof(char *)) ||
	    grow((void **)&d->ukind, d->nunits + 1, sizeof(int)) ||
	    grow((void **)&d->uparent, d->nunits + 1, sizeof(long)) ||
	    grow((void **)ids, d->nunits + 1, sizeof(int64_t)) ||
	    grow((void **)&parent, d->nunits + 1, sizeof(int64_t)))
		goto done;
	snprintf(sql, sizeof(sql),
		 "SELECT id, code, name, kind, parent_id FROM units%s "
		 "ORDER BY CASE kind WHEN 'ward' THEN 0 WHEN "
		 "'district' THEN 1 ELSE 2 END, code",
		 sc    ? IN_SCOPE(sc, "id", SG_SCOPE_UNITS)
		 : set ? where
		       : "");
	rc = sg_db__prepare(ctx, "stats", sql, &st);
	while (rc == SG_OK && i < d->nunits && sqlite3_step(st) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(st, 3);
		char key[24];

		(*ids)[i] = sqlite3_column_int64(st, 0);
		d->ucode[i] = (const char *)(uintptr_t)
			keep(d, sqlite3_column_text(st, 1));
		d->uname[i] = (const char *)(uintptr_t)
			keep(d, sqlite3_column_text(st, 2));
		d->ukind[i] = strcmp(kind, "ward") == 0	      ? 0
			      : strcmp(kind, "district") == 0 ? 1
							      : 2;
		parent[i] = sqlite3_column_type(st, 4) == SQLITE_NULL
				    ? -1
				    : sqlite3_column_int64(st, 4);
		snprintf(key, sizeof(key), "%lld", (long long)(*ids)[i]);
		if ((size_t)(uintptr_t)d->ucode[i] == (size_t)-1 ||
		    (size_t)(uintptr_t)d->uname[i] == (size_t)-1 ||
		    sg_strmap__put(byid, key, (int64_t)i) != 0)
			rc = sg_error__set(ctx, SG_ENOMEM, "out of memory");
		i++;
	}
	sqlite3_finalize(st);
	d->nunits = i;
	for (i = 0; rc == SG_OK && i < d->nunits; i++) {
		char key[24];
		int64_t idx = -1;

		snprintf(key, sizeof(key), "%lld", (long long)parent[i]);
		d->uparent[i] = parent[i] >= 0 &&
						sg_strmap__get(byid, key, &idx)
					? (long)idx
					: -1;
	}
done:
	if (rc == SG_ENOMEM)
		sg_error__set(ctx, rc, "stats: out of memory");
	free(parent);
	sg_strmap__free(byid);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sort the years and renumber the rows' year indexes to match. */
static int sort_years(sg_ctx *ctx, sg_stats_data *d)
{
	const char **sorted = malloc((d->nyears + 1) * sizeof(*sorted));
	int *map = malloc((d->nyears + 1) * sizeof(*map));

	if (!sorted || !map) {
		free(sorted);
		free(map);
		return sg_error__set(ctx, SG_ENOMEM, "stats: out of memory");
	}
	memcpy(sorted, d->years, d->nyears * sizeof(*sorted));
	qsort(sorted, d->nyears, sizeof(*sorted), cmp_str);
	for (size_t a = 0; a < d->nyears; a++)
		for (size_t b = 0; b < d->nyears; b++)
			if (d->years[a] == sorted[b])
				map[a] = (int)b;
	for (size_t r = 0; r < d->nrows; r++)
		d->row_year[r] = map[d->row_year[r]];
	memcpy(d->years, sorted, d->nyears * sizeof(*sorted));
	free(sorted);
	free(map);
	return SG_OK;
}

/*
 * The unit of a school in the set ?S (SET_UNIT_OF_SCHOOL with the set's
 * id for S): its own when it is of that set; else the finest unit of
 * the set it lies in; else the unit of the set its declared unit went
 * into (the crosswalk's largest share).
 */
#define SET_UNIT_OF_SCHOOL(S)                                                  \
	"CASE WHEN (SELECT d.set_id FROM units d WHERE d.id = "                \
	"schools.unit_id) = " S " THEN unit_id ELSE coalesce((SELECT u.id "    \
	"FROM units u WHERE u.set_id = " S " AND NOT EXISTS (SELECT 1 FROM "   \
	"units c WHERE c.parent_id = u.id) AND u.ROWID IN (SELECT ROWID "      \
	"FROM SpatialIndex WHERE f_table_name = 'units' AND "                  \
	"f_geometry_column = 'geom' AND search_frame = schools.geom) AND "     \
	"ST_Intersects(u.geom, schools.geom) ORDER BY u.id LIMIT 1), "         \
	"(SELECT x.to_unit_id FROM crosswalk x JOIN units t ON t.id = "        \
	"x.to_unit_id WHERE x.from_unit_id = schools.unit_id AND t.set_id "    \
	"= " S " ORDER BY x.share DESC, x.to_unit_id LIMIT 1)) END"

/* Load the units, the schools and their school-year rows of the scope
 * (NULL: the whole store, on the administrative set `set`; 0: every
 * unit as stored). */
static int load(sg_ctx *ctx, sg_stats_data *d, const sg_scope *sc, int64_t set)
{
	static const char *const cols[SG_SF__COUNT] = {
		"students",
		"students_preschool",
		"students_primary",
		"students_lower_secondary",
		"students_upper_secondary",
		"computers_teaching",
		"computers_management",
		"printers",
		"webcams",
		"fibre",
		"lan",
		"wifi",
		"website",
		"e_gradebook",
		"e_contact_book",
		"teachers",
		"teachers_it_standard"
	};
	char sql[2048], unit_of[1024];
	sqlite3_stmt *st;
	int64_t *uids = NULL, maxid = 0;
	size_t maxid_n = 0;
	long *sidx = NULL;
	sg_strmap *uid_map = sg_strmap__new(), *years = sg_strmap__new();
	size_t i = 0;
	int rc;

	memset(d, 0, sizeof(*d));
	if (!uid_map || !years) {
		rc = sg_error__set(ctx, SG_ENOMEM, "stats: out of memory");
		goto done;
	}
	if ((rc = load_units(ctx, d, &uids, sc, set)) != SG_OK)
		goto done;
	for (i = 0; i < d->nunits; i++) {
		char key[24];

		snprintf(key, sizeof(key), "%lld", (long long)uids[i]);
		if (sg_strmap__put(uid_map, key, (int64_t)i) != 0)
			goto oom;
	}
	/* Schools: an id -> index array (ids are dense row ids). */
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM schools%s",
		 IN_SCOPE(sc, "id", SG_SCOPE_SCHOOLS));
	rc = count(ctx, sql, &d->nschools);
	snprintf(sql, sizeof(sql),
		 "SELECT coalesce(max(id), 0) FROM "
		 "schools%s",
		 IN_SCOPE(sc, "id", SG_SCOPE_SCHOOLS));
	if (rc == SG_OK)
		rc = count(ctx, sql, &maxid_n);
	if (rc != SG_OK)
		goto done;
	maxid = (int64_t)maxid_n;
	if (grow((void **)&d->code, d->nschools + 1, sizeof(char *)) ||
	    grow((void **)&d->name, d->nschools + 1, sizeof(char *)) ||
	    grow((void **)&d->levels, d->nschools + 1, sizeof(unsigned)) ||
	    grow((void **)&d->ward, d->nschools + 1, sizeof(long)) ||
	    grow((void **)&sidx, (size_t)maxid + 1, sizeof(long)))
		goto oom;
	for (int64_t k = 0; k <= maxid; k++)
		sidx[k] = -1;
	snprintf(unit_of, sizeof(unit_of), "%s",
		 sc    ? SG_UNITS__SCOPE_UNIT_OF_SCHOOL /* sets */
		 : set ? SET_UNIT_OF_SCHOOL("?1")
		       : "unit_id");
	snprintf(sql, sizeof(sql),
		 "SELECT id, code, name, levels, %s "
		 "FROM schools%s ORDER BY code",
		 unit_of, IN_SCOPE(sc, "id", SG_SCOPE_SCHOOLS));
	rc = sg_db__prepare(ctx, "stats", sql, &st);
	if (rc == SG_OK && !sc && set)
		sqlite3_bind_int64(st, 1, set);
	i = 0;
	while (rc == SG_OK && i < d->nschools &&
	       sqlite3_step(st) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0), u = -1;
		char key[24];

		sidx[id] = (long)i;
		d->code[i] = (const char *)(uintptr_t)
			keep(d, sqlite3_column_text(st, 1));
		d->name[i] = (const char *)(uintptr_t)
			keep(d, sqlite3_column_text(st, 2));
		if (sg_text__level_parse((const char *)sqlite3_column_text(st,
									   3),
					 &d->levels[i]) != 0)
			d->levels[i] = 0;
		snprintf(key, sizeof(key), "%lld",
			 (long long)sqlite3_column_int64(st, 4));
		d->ward[i] = sqlite3_column_type(st, 4) != SQLITE_NULL &&
					     sg_strmap__get(uid_map, key, &u)
				     ? (long)u
				     : -1;
		if ((size_t)(uintptr_t)d->code[i] == (size_t)-1 ||
		    (size_t)(uintptr_t)d->name[i] == (size_t)-1)
			rc = sg_error__set(ctx, SG_ENOMEM, "out of memory");
		i++;
	}
	sqlite3_finalize(st);
	if (rc != SG_OK)
		goto done;
	/* The rows: one pass, figures as doubles with NaN for NULL. */
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM school_years%s",
		 IN_SCOPE(sc, "school_id", SG_SCOPE_SCHOOLS));
	rc = count(ctx, sql, &d->nrows);
	if (rc != SG_OK)
		goto done;
	if (grow((void **)&d->row_school, d->nrows + 1, sizeof(long)) ||
	    grow((void **)&d->row_year, d->nrows + 1, sizeof(int)))
		goto oom;
	for (int c = 0; c < SG_SF__COUNT; c++)
		if (grow((void **)&d->f[c], d->nrows + 1, sizeof(double)))
			goto oom;
	snprintf(sql, sizeof(sql), "SELECT school_id, year");
	for (int c = 0; c < SG_SF__COUNT; c++)
		snprintf(sql + strlen(sql), sizeof(sql) - strlen(sql), ", %s",
			 cols[c]);
	snprintf(sql + strlen(sql), sizeof(sql) - strlen(sql),
		 " FROM school_years%s",
		 IN_SCOPE(sc, "school_id", SG_SCOPE_SCHOOLS));
	/* Years are collected from the rows as they come (a DISTINCT
	 * query would sort every row) and sorted after. */
	if (grow((void **)&d->years, d->nrows + 1, sizeof(char *)))
		goto oom;
	rc = sg_db__prepare(ctx, "stats", sql, &st);
	i = 0;
	while (rc == SG_OK && i < d->nrows && sqlite3_step(st) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0), y = 0;
		const char *yt = (const char *)sqlite3_column_text(st, 1);

		if (id < 0 || id > maxid || sidx[id] < 0 || !yt)
			continue;
		if (!sg_strmap__get(years, yt, &y)) {
			y = (int64_t)d->nyears;
			d->years[d->nyears++] = (const char *)(uintptr_t)
				keep(d, (const unsigned char *)yt);
			if (sg_strmap__put(years, yt, y) != 0) {
				rc = sg_error__set(ctx, SG_ENOMEM,
						   "out of memory");
				break;
			}
		}
		d->row_school[i] = sidx[id];
		d->row_year[i] = (int)y;
		for (int c = 0; c < SG_SF__COUNT; c++)
			d->f[c][i] = sqlite3_column_type(st, 2 + c) ==
						     SQLITE_NULL
					     ? NAN
					     : sqlite3_column_double(st, 2 + c);
		i++;
	}
	sqlite3_finalize(st);
	d->nrows = i;
	fix(d, d->ucode, d->nunits);
	fix(d, d->uname, d->nunits);
	fix(d, d->code, d->nschools);
	fix(d, d->name, d->nschools);
	fix(d, d->years, d->nyears);
	rc = sort_years(ctx, d);
	goto done;
oom:
	rc = sg_error__set(ctx, SG_ENOMEM, "stats: out of memory");
done:
	free(uids);
	free(sidx);
	sg_strmap__free(uid_map);
	sg_strmap__free(years);
	return rc;
}

/*---- Years --------------------------------------------------------------*/

/* Indexes of the years asked for: one year, "a..b" or "a,b,c". */
static int resolve_years(sg_ctx *ctx, const sg_stats_data *d,
			 const sg_stats_options *o, int **out, size_t *n)
{
	int *ys = calloc(d->nyears + 1, sizeof(int));
	const char *spec = o->years ? o->years : o->year;
	char buf[512];

	*out = NULL;
	*n = 0;
	if (!ys)
		return sg_error__set(ctx, SG_ENOMEM, "stats: out of memory");
	if (d->nyears == 0) {
		free(ys);
		return sg_error__set(ctx, SG_ENOTFOUND,
				     "stats: the store has "
				     "no school figures (import schools "
				     "first)");
	}
	if (!spec) {
		ys[0] = (int)d->nyears - 1; /* the latest */
		*n = 1;
	} else if (strstr(spec, "..")) {
		const char *dots = strstr(spec, "..");
		char a[32], b[32];

		snprintf(a, sizeof(a), "%.*s", (int)(dots - spec), spec);
		snprintf(b, sizeof(b), "%s", dots + 2);
		for (size_t y = 0; y < d->nyears; y++)
			if (strcmp(d->years[y], a) >= 0 &&
			    strcmp(d->years[y], b) <= 0)
				ys[(*n)++] = (int)y;
		if (*n == 0) {
			free(ys);
			return sg_error__set(ctx, SG_ENOTFOUND,
					     "stats: no school year of the "
					     "store in %s",
					     spec);
		}
	} else {
		char *save = NULL, *tok;

		snprintf(buf, sizeof(buf), "%s", spec);
		for (tok = strtok_r(buf, ",", &save); tok;
		     tok = strtok_r(NULL, ",", &save)) {
			size_t y;

			for (y = 0; y < d->nyears; y++)
				if (strcmp(d->years[y], tok) == 0)
					break;
			if (y == d->nyears || *n >= d->nyears) {
				free(ys);
				return sg_error__set(ctx, SG_ENOTFOUND,
						     "stats: no figures for "
						     "school year '%s' in the "
						     "store",
						     tok);
			}
			ys[(*n)++] = (int)y;
		}
	}
	*out = ys;
	return SG_OK;
}

/*
 * Without a unit, a store of several administrative sets is reported on
 * one of them, never a mix: the set in force on the 1 September of the
 * last school year asked for (the latest of the store), so that trends
 * across a reform are shown on the units of the newest set.  *set 0:
 * the store has one set (its units as stored).
 */
static int pick_set(sg_ctx *ctx, const sg_stats_options *o, int64_t *set,
		    char *name, size_t n)
{
	const char *spec = o->years ? o->years : o->year;
	const char *asked = o->version >= 3 ? o->set : NULL;
	char last[32] = "", buf[512];
	sqlite3_stmt *st;
	int rc, sets = 0, units = 0;

	*set = 0;
	*name = '\0';
	rc = sg_db__prepare(ctx, "stats",
			    "SELECT count(DISTINCT set_id), "
			    "(SELECT max(year) FROM school_years), (SELECT "
			    "count(*) FROM units u JOIN unit_sets s ON s.id ="
			    " u.set_id WHERE s.name = ?1) FROM units",
			    &st);
	if (rc != SG_OK)
		return rc;
	sg_db__bind_text(st, 1, asked);
	if (sqlite3_step(st) == SQLITE_ROW) {
		sets = sqlite3_column_int(st, 0);
		if (sqlite3_column_type(st, 1) != SQLITE_NULL)
			snprintf(last, sizeof(last), "%s",
				 sqlite3_column_text(st, 1));
		units = sqlite3_column_int(st, 2);
	}
	sqlite3_finalize(st);
	if (asked) { /* --units SET */
		if ((rc = sg_units__set_id(ctx, asked, 0, set)) != SG_OK)
			return rc;
		if (units == 0)
			return sg_error__set(ctx, SG_ENOTFOUND,
					     "stats: the administrative "
					     "set '%s' has no units",
					     asked);
		if (sets < 2) { /* the only set: as stored */
			*set = 0;
			return SG_OK;
		}
		snprintf(name, n, "%s", asked);
		return SG_OK;
	}
	if (sets < 2)
		return SG_OK;
	if (spec && strstr(spec, "..")) {
		snprintf(last, sizeof(last), "%s", strstr(spec, "..") + 2);
	} else if (spec) {
		char *save = NULL, *tok;

		snprintf(buf, sizeof(buf), "%s", spec);
		last[0] = '\0';
		for (tok = strtok_r(buf, ",", &save); tok;
		     tok = strtok_r(NULL, ",", &save))
			if (strcmp(tok, last) > 0)
				snprintf(last, sizeof(last), "%s", tok);
	}
	rc = sg_units__import_set(ctx, NULL, *last ? last : NULL, set);
	if (rc != SG_OK)
		return rc;
	rc = sg_db__prepare(ctx, "stats",
			    "SELECT name FROM unit_sets WHERE "
			    "id = ?1",
			    &st);
	if (rc != SG_OK)
		return rc;
	sqlite3_bind_int64(st, 1, *set);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(name, n, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return SG_OK;
}

int sg_stats__compute(sg_ctx *ctx, const sg_stats_options *opts,
		      sg_stats_result **out)
{
	static const sg_stats_options defaults = SG_STATS_OPTIONS_INIT;
	sg_standards *own = NULL;
	sg_scope *own_scope = NULL;
	const sg_scope *sc = NULL;
	const sg_standards *std;
	sg_stats_data d;
	int *years = NULL;
	size_t ny = 0;
	int64_t set = 0;
	char set_name[64] = "", *unit = NULL;
	int rc;

	*out = NULL;
	if ((rc = sg_db__need(ctx)) != SG_OK)
		return rc;
	if (!opts)
		opts = &defaults;
	if (opts->version < 1 || opts->version > SG_STATS_OPTIONS_VERSION ||
	    (unsigned)opts->by > SG_STATS_BY_LEVEL)
		return sg_error__set(ctx, SG_EINVALID, "stats: bad options");
	std = opts->standards;
	if (!std) {
		if (sg_standards_new(&own) != SG_OK)
			return sg_error__set(ctx, SG_ENOMEM,
					     "stats: out of memory");
		std = own;
	}
	memset(&d, 0, sizeof(d));
	rc = SG_OK;
	/* A unit of the set asked for (--units SET): "SET/CODE". */
	if (opts->version >= 2 && !opts->scope)
		rc = sg_scope__unit_in_set(ctx, "stats",
					   opts->version >= 3 ? opts->set
							      : NULL,
					   opts->unit, &unit);
	if (rc == SG_OK && opts->version >= 2)
		rc = sg_scope__resolve(ctx, "stats", opts->scope, unit, 0, &sc,
				       &own_scope);
	if (rc == SG_OK && !sc)
		rc = pick_set(ctx, opts, &set, set_name, sizeof(set_name));
	if (rc == SG_OK)
		rc = load(ctx, &d, sc, set);
	if (rc == SG_OK)
		rc = resolve_years(ctx, &d, opts, &years, &ny);
	if (rc == SG_OK)
		rc = sg_stats__result_new(ctx, &d, std, opts->by, years, ny,
					  set ? set_name : NULL, out);
	/* Its codes are of one set: the polygons of its tables are joined
	 * by (set, code) (sg_table_export_units). */
	if (rc == SG_OK)
		(*out)->unit_set = sc ? sc->set_id : set;
	free(unit);
	free(years);
	sg_stats__data_free(&d);
	sg_scope_free(own_scope);
	sg_standards_free(own);
	return rc;
}

int sg_stats_compute(sg_ctx *ctx, const sg_stats_options *opts,
		     sg_stats_result **out)
{
	if (!out)
		return sg_error__set(ctx, SG_EINVALID, "stats: no output");
	sg_error__clear(ctx);
	return sg_stats__compute(ctx, opts, out);
}

static int run(sg_ctx *ctx, const sg_stats_options *opts, sg_stat_kind kind,
	       sg_table **out)
{
	sg_stats_result *r = NULL;
	int rc;

	*out = NULL;
	sg_error__clear(ctx);
	rc = sg_stats__compute(ctx, opts, &r);
	if (rc == SG_OK)
		rc = sg_stats__table(ctx, r, kind, out);
	sg_stats_result_free(r);
	return rc;
}

int sg_stats_ratios(sg_ctx *ctx, const sg_stats_options *opts, sg_table **out)
{
	return run(ctx, opts, SG_STAT_RATIOS, out);
}

int sg_stats_it(sg_ctx *ctx, const sg_stats_options *opts, sg_table **out)
{
	return run(ctx, opts, SG_STAT_IT, out);
}

int sg_stats_rollup(sg_ctx *ctx, const sg_stats_options *opts, sg_table **out)
{
	return run(ctx, opts, SG_STAT_ROLLUP, out);
}
