/*
 * layers/stats.c - the statistics' store side: load the scope's units,
 * its years, and its schools with the figures of each year asked for
 * (layers/load.h's school loader, one query per year) into the
 * engine's arrays, and choose the administrative set of a store of
 * several (the driver is ops/stats.c).  Also writes a table joined to the unit polygons (roll-up maps).
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
#include "layers/load.h"
#include "layers/results.h"
#include "layers/scope.h"
#include "layers/stats_int.h"
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

/* A unit's place in the statistics' order: wards, then districts, then
 * the rest, each by code (then id). */
typedef struct {
	int kind;
	const char *code;
	int64_t id;
	size_t at;
} unit_key;

static int unit_kind(const char *kind)
{
	return !kind			       ? 2
	       : strcmp(kind, "ward") == 0     ? 0
	       : strcmp(kind, "district") == 0 ? 1
					       : 2;
}

static int by_unit_key(const void *a, const void *b)
{
	const unit_key *x = a, *y = b;
	int c = x->kind - y->kind;

	if (!c)
		c = strcmp(x->code ? x->code : "", y->code ? y->code : "");
	if (!c)
		c = (x->id > y->id) - (x->id < y->id);
	return c;
}

/* The scope's units (or the store's of set `set`; 0: every unit) with
 * their parents, through the units loader (layers/load.h), in the
 * statistics' order; *ids gets their ids. */
static int load_units(sg_ctx *ctx, sg_stats_data *d, int64_t **ids,
		      const sg_scope *sc, int64_t set)
{
	sg_units_list u;
	unit_key *key = NULL;
	size_t *pos = NULL, n;
	int rc;

	rc = sg_load__units(ctx, "stats", sc, set, NULL, 0, &u);
	if (rc != SG_OK)
		return rc;
	n = u.n;
	rc = SG_ENOMEM;
	key = malloc((n + 1) * sizeof(*key));
	pos = malloc((n + 1) * sizeof(*pos));
	if (!key || !pos || grow((void **)&d->ucode, n + 1, sizeof(char *)) ||
	    grow((void **)&d->uname, n + 1, sizeof(char *)) ||
	    grow((void **)&d->ukind, n + 1, sizeof(int)) ||
	    grow((void **)&d->uparent, n + 1, sizeof(long)) ||
	    grow((void **)ids, n + 1, sizeof(int64_t)))
		goto done;
	for (size_t i = 0; i < n; i++)
		key[i] = (unit_key){ unit_kind(u.kind[i]), u.code[i], u.id[i],
				     i };
	qsort(key, n, sizeof(*key), by_unit_key);
	for (size_t k = 0; k < n; k++)
		pos[key[k].at] = k;
	rc = SG_OK;
	for (size_t k = 0; k < n; k++) {
		size_t i = key[k].at;

		(*ids)[k] = u.id[i];
		d->ucode[k] = (const char *)(uintptr_t)
			keep(d, (const unsigned char *)u.code[i]);
		d->uname[k] = (const char *)(uintptr_t)
			keep(d, (const unsigned char *)u.name[i]);
		d->ukind[k] = key[k].kind;
		d->uparent[k] = u.parent[i] >= 0 ? (long)pos[u.parent[i]] : -1;
		if ((size_t)(uintptr_t)d->ucode[k] == (size_t)-1 ||
		    (size_t)(uintptr_t)d->uname[k] == (size_t)-1)
			rc = SG_ENOMEM;
	}
	d->nunits = n;
done:
	if (rc == SG_ENOMEM)
		sg_error__oom(ctx, "stats");
	free(key);
	free(pos);
	sg_load__units_free(&u);
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
		return sg_error__oom(ctx, "stats");
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

/* The figures of the engine's rows (engine/stats.h) in the loader's
 * columns (layers/load.h). */
static const sg_fig sf_fig[SG_SF__COUNT] = {
	[SG_SF_STUDENTS] = SG_FIG_STUDENTS,
	[SG_SF_STUDENTS_PRESCHOOL] = SG_FIG_STUDENTS_PRESCHOOL,
	[SG_SF_STUDENTS_PRIMARY] = SG_FIG_STUDENTS_PRIMARY,
	[SG_SF_STUDENTS_LOWER] = SG_FIG_STUDENTS_LOWER_SECONDARY,
	[SG_SF_STUDENTS_UPPER] = SG_FIG_STUDENTS_UPPER_SECONDARY,
	[SG_SF_COMPUTERS_TEACHING] = SG_FIG_COMPUTERS_TEACHING,
	[SG_SF_COMPUTERS_MANAGEMENT] = SG_FIG_COMPUTERS_MANAGEMENT,
	[SG_SF_PRINTERS] = SG_FIG_PRINTERS,
	[SG_SF_WEBCAMS] = SG_FIG_WEBCAMS,
	[SG_SF_FIBRE] = SG_FIG_FIBRE,
	[SG_SF_LAN] = SG_FIG_LAN,
	[SG_SF_WIFI] = SG_FIG_WIFI,
	[SG_SF_WEBSITE] = SG_FIG_WEBSITE,
	[SG_SF_E_GRADEBOOK] = SG_FIG_E_GRADEBOOK,
	[SG_SF_E_CONTACT_BOOK] = SG_FIG_E_CONTACT_BOOK,
	[SG_SF_TEACHERS] = SG_FIG_TEACHERS,
	[SG_SF_TEACHERS_IT] = SG_FIG_TEACHERS_IT_STANDARD,
};

/* The years of the store's figures (layers/load.h): d->years points
 * into yl until load() copies them into the arena. */
static int load_years(sg_ctx *ctx, sg_stats_data *d, const sg_scope *sc,
		      sg_year_list *yl)
{
	int rc = sg_load__years(ctx, "stats", sc, yl);

	if (rc != SG_OK)
		return rc;
	if (grow((void **)&d->years, yl->n + 1, sizeof(char *)))
		return sg_error__oom(ctx, "stats");
	for (size_t y = 0; y < yl->n; y++)
		d->years[y] = yl->year[y];
	d->nyears = yl->n;
	return SG_OK;
}

/* A row's place in the store (its school_years rowid) and its index. */
typedef struct {
	int64_t rowid;
	size_t i;
} row_at;

static int by_rowid(const void *a, const void *b)
{
	const row_at *x = a, *y = b;

	return (x->rowid > y->rowid) - (x->rowid < y->rowid);
}

/* The rows in the store's order (at[r].rowid is row r's), as the
 * tables by school list them. */
static int sort_rows(sg_ctx *ctx, sg_stats_data *d, row_at *at)
{
	size_t n = d->nrows;
	void *tmp = malloc((n + 1) * sizeof(double));

	if (!tmp)
		return sg_error__oom(ctx, "stats");
	qsort(at, n, sizeof(*at), by_rowid);
#define PERMUTE(arr, type)                                                     \
	do {                                                                   \
		type *t_ = tmp;                                                \
		for (size_t r = 0; r < n; r++)                                 \
			t_[r] = (arr)[at[r].i];                                \
		memcpy((arr), t_, n * sizeof(type));                           \
	} while (0)
	PERMUTE(d->row_school, long);
	PERMUTE(d->row_year, int);
	for (int c = 0; c < SG_SF__COUNT; c++)
		PERMUTE(d->f[c], double);
#undef PERMUTE
	free(tmp);
	return SG_OK;
}

/* The schools of the scope with their figures of the years asked for
 * (indexes into d->years), one row per school and year it has figures
 * for: one sg_load__schools per year (layers/load.h's year rule). */
static int load_schools(sg_ctx *ctx, sg_stats_data *d, const int64_t *uids,
			const sg_scope *sc, int64_t set, const int *years,
			size_t ny)
{
	sg_strmap *uid_map = sg_strmap__new();
	row_at *at = NULL;
	int rc = SG_OK;

	if (!uid_map)
		return sg_error__oom(ctx, "stats");
	for (size_t i = 0; i < d->nunits; i++) {
		char key[24];

		snprintf(key, sizeof(key), "%lld", (long long)uids[i]);
		if (sg_strmap__put(uid_map, key, (int64_t)i) != 0) {
			sg_strmap__free(uid_map);
			return sg_error__oom(ctx, "stats");
		}
	}
	for (size_t k = 0; rc == SG_OK && k < ny; k++) {
		sg_school_query q = { 0 };
		sg_schools s;
		size_t j = 0;

		while (j < k && years[j] != years[k])
			j++;
		if (j < k)
			continue; /* a year asked twice: its rows are in */
		q.scope = sc;
		q.year = d->years[years[k]];
		/* The units are the first load's: the same schools. */
		q.scope_units = k == 0;
		q.set = k == 0 ? set : 0;
		if ((rc = sg_load__schools(ctx, "stats", &q, &s)) != SG_OK)
			break;
		if (k == 0) {
			d->nschools = s.n;
			if (grow((void **)&d->code, s.n + 1, sizeof(char *)) ||
			    grow((void **)&d->name, s.n + 1, sizeof(char *)) ||
			    grow((void **)&d->levels, s.n + 1,
				 sizeof(unsigned)) ||
			    grow((void **)&d->ward, s.n + 1, sizeof(long)))
				rc = sg_error__oom(ctx, "stats");
			for (size_t i = 0; rc == SG_OK && i < s.n; i++) {
				char key[24];
				int64_t u = -1;

				d->code[i] = (const char *)(uintptr_t)keep(
					d, (const unsigned char *)s.code[i]);
				d->name[i] = (const char *)(uintptr_t)keep(
					d, (const unsigned char *)s.name[i]);
				d->levels[i] = s.levels[i];
				snprintf(key, sizeof(key), "%lld",
					 (long long)s.scope_unit[i]);
				d->ward[i] =
					s.scope_unit[i] >= 0 &&
							sg_strmap__get(uid_map,
								       key, &u)
						? (long)u
						: -1;
				if ((size_t)(uintptr_t)d->code[i] ==
					    (size_t)-1 ||
				    (size_t)(uintptr_t)d->name[i] == (size_t)-1)
					rc = sg_error__oom(ctx, "stats");
			}
		}
		if (rc == SG_OK && s.n != d->nschools)
			rc = sg_error__set(ctx, SG_ESQLITE,
					   "stats: the store changed while "
					   "it was read");
		if (rc == SG_OK) {
			size_t n = d->nrows;

			for (size_t i = 0; i < s.n; i++)
				n += s.year[i] != NULL;
			if (grow((void **)&d->row_school, n + 1,
				 sizeof(long)) ||
			    grow((void **)&d->row_year, n + 1, sizeof(int)) ||
			    grow((void **)&at, n + 1, sizeof(*at)))
				rc = sg_error__oom(ctx, "stats");
			for (int c = 0; rc == SG_OK && c < SG_SF__COUNT; c++)
				if (grow((void **)&d->f[c], n + 1,
					 sizeof(double)))
					rc = sg_error__oom(ctx, "stats");
		}
		for (size_t i = 0; rc == SG_OK && i < s.n; i++) {
			size_t r = d->nrows;

			if (!s.year[i])
				continue; /* no figures of that year */
			d->row_school[r] = (long)i;
			d->row_year[r] = years[k];
			at[r] = (row_at){ s.row[i], r };
			for (int c = 0; c < SG_SF__COUNT; c++)
				d->f[c][r] = s.fig[sf_fig[c]][i];
			d->nrows++;
		}
		sg_load__schools_free(&s);
	}
	if (rc == SG_OK)
		rc = sort_rows(ctx, d, at);
	free(at);
	sg_strmap__free(uid_map);
	return rc;
}

/* Load the units, the years and the schools with the figures of the
 * years asked (opts) of the scope (NULL: the whole store, on the
 * administrative set `set`; 0: every unit as stored); *years and *ny
 * are the indexes of those years in d->years. */
int sg_stats__load(sg_ctx *ctx, sg_stats_data *d, const sg_scope *sc,
		   int64_t set, const sg_stats_options *o, int **years,
		   size_t *ny)
{
	int64_t *uids = NULL;
	sg_year_list yl = { 0 };
	int rc;

	memset(d, 0, sizeof(*d));
	*years = NULL;
	*ny = 0;
	rc = load_units(ctx, d, &uids, sc, set);
	if (rc == SG_OK)
		rc = load_years(ctx, d, sc, &yl);
	if (rc == SG_OK)
		rc = resolve_years(ctx, d, o, years, ny);
	if (rc == SG_OK)
		rc = load_schools(ctx, d, uids, sc, set, *years, *ny);
	for (size_t y = 0; y < d->nyears; y++) {
		d->years[y] = (const char *)(uintptr_t)
			keep(d, (const unsigned char *)yl.year[y]);
		if ((size_t)(uintptr_t)d->years[y] == (size_t)-1 && rc == SG_OK)
			rc = sg_error__oom(ctx, "stats");
	}
	sg_load__years_free(&yl);
	free(uids);
	if (rc != SG_OK)
		return rc; /* d holds offsets: only freed */
	/* The arena has stopped moving: offsets become pointers. */
	fix(d, d->ucode, d->nunits);
	fix(d, d->uname, d->nunits);
	fix(d, d->code, d->nschools);
	fix(d, d->name, d->nschools);
	fix(d, d->years, d->nyears);
	return SG_OK;
}

/*
 * Without a unit, a store of several administrative sets is reported on
 * one of them, never a mix: the set in force on the 1 September of the
 * last school year asked for (the latest of the store), so that trends
 * across a reform are shown on the units of the newest set.  *set 0:
 * the store has one set (its units as stored).
 */
int sg_stats__pick_set(sg_ctx *ctx, const sg_stats_options *o, int64_t *set,
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
