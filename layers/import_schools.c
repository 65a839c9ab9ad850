/*
 * layers/import_schools.c - the schools import: one row per school and
 * school year, giving the school (code, name, levels, location) and its
 * figures of that year.
 *
 * Schools are upserted by code and their figures by (school, year); an
 * update happens only when a value differs, so importing the same file
 * twice changes nothing.  Only the columns the file has are written: a
 * file without a webcam column leaves the stored webcam counts alone.
 * Each school is placed in the ward containing it (STRtree + prepared
 * polygons); a point outside every unit is kept and flagged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layers/import_int.h"
#include "layers/upsert.h"

/* Reasons chosen at run time (sg_import__issue_ref). */
static const sg_reason_ref level_unknown = { SG_R_LEVEL_UNKNOWN };
static const sg_reason_ref level_missing = { SG_R_LEVEL_MISSING };
static const sg_reason_ref year_invalid = { SG_R_SCHOOL_YEAR_INVALID };
static const sg_reason_ref year_missing = { SG_R_YEAR_MISSING };

/* The per-year figures, in school_years column order; the column is the
 * field's canonical name. */
static const struct {
	sg_field f;
	char type; /* 'c' count, 'b' yes/no, 'r' real */
} year_cols[] = {
	{ SG_F_STUDENTS, 'c' },
	{ SG_F_STUDENTS_PRESCHOOL, 'c' },
	{ SG_F_STUDENTS_PRIMARY, 'c' },
	{ SG_F_STUDENTS_LOWER, 'c' },
	{ SG_F_STUDENTS_UPPER, 'c' },
	{ SG_F_CLASSES, 'c' },
	{ SG_F_SEATS_ENTRY, 'c' },
	{ SG_F_COMPUTERS_TEACHING, 'c' },
	{ SG_F_COMPUTERS_MANAGEMENT, 'c' },
	{ SG_F_PRINTERS, 'c' },
	{ SG_F_WEBCAMS, 'c' },
	{ SG_F_FIBRE, 'b' },
	{ SG_F_BANDWIDTH, 'r' },
	{ SG_F_LAN, 'b' },
	{ SG_F_WIFI, 'b' },
	{ SG_F_WEBSITE, 'b' },
	{ SG_F_E_GRADEBOOK, 'b' },
	{ SG_F_E_CONTACT_BOOK, 'b' },
	{ SG_F_TEACHERS, 'c' },
	{ SG_F_TEACHERS_IT, 'c' },
};
#define NYEAR (sizeof(year_cols) / sizeof(*year_cols))

/* Optional text columns of `schools`. */
static const sg_field school_cols[] = { SG_F_NAME, SG_F_OWNERSHIP,
					SG_F_ADDRESS };
#define NSCHOOL (sizeof(school_cols) / sizeof(*school_cols))

typedef struct {
	sg_importer *im;
	sqlite3_stmt *ins_school, *upd_school, *ins_year, *has_year;
	sg_strmap *codes; /* school code -> id */
	sg_strmap *seen;  /* "code\tyear" -> row, this file */
	sg_import_units units;
	sg_bulk bulk; /* spatial index kept by hand */
} schools_job;

/*
 * The statements: the school by code (INSERT or UPDATE, as the caller
 * knows whether the code is stored, and needs a new school's id), its
 * figures of the year by (school, year).  Only the columns the file has.
 */
static int prepare(schools_job *j)
{
	sg_importer *im = j->im;
	sg_upsert u;
	int rc, k = 4;

	/* schools: ?1 code ?2 levels ?3 unit_id ?4 lon ?5 lat, then the
	 * optional columns ?6..?8; ?9 run_id. */
	sg_upsert__init(&u, "schools");
	sg_upsert__col(&u, SG_UPSERT_KEY, "code", "?1");
	sg_upsert__col(&u, SG_UPSERT_VALUE, "levels", "?2");
	sg_upsert__col(&u, SG_UPSERT_VALUE, "unit_id", "?3");
	sg_upsert__col(&u, SG_UPSERT_VALUE, "geom", "MakePoint(?4, ?5, 4326)");
	sg_upsert__col(&u, SG_UPSERT_STAMP, "run_id", "?9");
	for (size_t i = 0; i < NSCHOOL; i++)
		if (im->col[school_cols[i]] >= 0)
			sg_upsert__col(&u, SG_UPSERT_VALUE,
				       sg_field__name(school_cols[i]), "?%zu",
				       6 + i);
	rc = sg_upsert__prepare_insert(im->ctx, "import schools", &u,
				       &j->ins_school);
	if (rc == SG_OK)
		rc = sg_upsert__prepare_update(im->ctx, "import schools", &u,
					       &j->upd_school);
	if (rc != SG_OK)
		return rc;

	/* school_years: ?1 school_id ?2 year ?3 run_id, then the figures
	 * the file has, numbered on. */
	sg_upsert__init(&u, "school_years");
	sg_upsert__col(&u, SG_UPSERT_KEY, "school_id", "?1");
	sg_upsert__col(&u, SG_UPSERT_KEY, "year", "?2");
	sg_upsert__col(&u, SG_UPSERT_STAMP, "run_id", "?3");
	for (size_t i = 0; i < NYEAR; i++)
		if (im->col[year_cols[i].f] >= 0)
			sg_upsert__col(&u, SG_UPSERT_VALUE,
				       sg_field__name(year_cols[i].f), "?%d",
				       k++);
	rc = sg_upsert__prepare(im->ctx, "import schools", &u, &j->ins_year);
	if (rc != SG_OK)
		return rc;
	return sg_db__prepare(im->ctx, "import schools",
			      "SELECT 1 FROM school_years WHERE school_id = ?"
			      " AND year = ?",
			      &j->has_year);
}

/* Load school codes, unit codes and unit polygons from the store. */
static int load(schools_job *j)
{
	sg_ctx *ctx = j->im->ctx;
	sqlite3_stmt *st;
	int rc;

	j->codes = sg_strmap__new();
	j->seen = sg_strmap__new();
	if (!j->codes || !j->seen)
		return sg_error__oom(ctx, "import");
	rc = sg_db__prepare(ctx, "import schools",
			    "SELECT code, id FROM schools", &st);
	while (rc == SG_OK && sqlite3_step(st) == SQLITE_ROW)
		if (sg_strmap__put(j->codes,
				   (const char *)sqlite3_column_text(st, 0),
				   sqlite3_column_int64(st, 1)) != 0)
			rc = sg_error__oom(ctx, "import");
	sqlite3_finalize(st);
	if (rc == SG_OK)
		rc = sg_import__units_load(j->im, "import schools", &j->units);
	if (rc == SG_OK && sg_polyindex__count(j->units.idx) == 0)
		sg_ctx__warn(ctx,
			     "%s: no units in the store yet: schools are "
			     "not placed in wards (import units first, or "
			     "run 'schoolgis validate' later)",
			     j->im->base);
	return rc;
}

/* The unit of a school: the ward containing it, else its declared unit;
 * flags what does not agree.  Returns the id or -1. */
static int64_t place(schools_job *j, OGRFeatureH f, int64_t row, double lon,
		     double lat)
{
	static const sg_place_msgs msg = {
		.unknown = { SG_R_UNIT_UNKNOWN },
		.outside = { SG_R_POINT_OUTSIDE },
		.elsewhere = { SG_R_POINT_ELSEWHERE },
	};

	return sg_import__place(j->im, &j->units, row,
				sg_import__text(j->im, f, SG_F_UNIT_CODE), lon,
				lat, &msg);
}

/* Cross-field checks of one row's figures: flag, never reject. */
static void check_figures(sg_importer *im, int64_t row, const int64_t *v,
			  const int *isnull)
{
	int64_t parts = 0;
	int nparts = 0;
	char s[32];

	for (size_t i = 1; i <= 4; i++)
		if (!isnull[i]) {
			parts += v[i];
			nparts++;
		}
	if (!isnull[0] && nparts > 0 && parts > v[0]) {
		snprintf(s, sizeof(s), "%lld", (long long)v[0]);
		sg_import__issue(im, row, sg_import__header(im, SG_F_STUDENTS),
				 s, "flagged", SG_R_STUDENTS_FEWER,
				 (long long)parts);
	}
	if (!isnull[NYEAR - 1] && !isnull[NYEAR - 2] &&
	    v[NYEAR - 1] > v[NYEAR - 2]) {
		snprintf(s, sizeof(s), "%lld", (long long)v[NYEAR - 1]);
		sg_import__issue(im, row,
				 sg_import__header(im, SG_F_TEACHERS_IT), s,
				 "flagged", SG_R_TEACHERS_IT_MORE,
				 (long long)v[NYEAR - 2]);
	}
}

/* Read, check and write one row. */
static int one_row(void *job, OGRFeatureH f, int64_t row)
{
	schools_job *j = job;
	sg_importer *im = j->im;
	const char *code = sg_import__text(im, f, SG_F_CODE);
	const char *lv = sg_import__text(im, f, SG_F_LEVELS);
	const char *yr = sg_import__row_year(im, f);
	char codebuf[128], year[16], levels[96], key[160];
	int64_t v[NYEAR], id = -1, first, unit;
	double rv[NYEAR], lon = 0, lat = 0;
	int isnull[NYEAR], existed, changed = 0, k;
	unsigned mask = 0;
	sqlite3_stmt *st;

	snprintf(codebuf, sizeof(codebuf), "%s", code);
	if (!*codebuf)
		sg_import__issue(im, row, sg_import__header(im, SG_F_CODE), "",
				 "rejected", SG_R_SCHOOL_CODE_MISSING);
	if (sg_text__level_parse(lv, &mask) != 0)
		sg_import__issue_ref(im, row,
				     sg_import__header(im, SG_F_LEVELS), lv,
				     "rejected",
				     *lv ? &level_unknown : &level_missing);
	if (sg_import__school_year(yr, year, sizeof(year)) != 0)
		sg_import__issue_ref(im, row, sg_import__header(im, SG_F_YEAR),
				     yr, "rejected",
				     *yr ? &year_invalid : &year_missing);
	for (size_t i = 0; i < NYEAR; i++) {
		isnull[i] = 1;
		if (im->col[year_cols[i].f] < 0)
			continue;
		if (year_cols[i].type == 'c')
			sg_import__count(im, f, row, year_cols[i].f, &v[i],
					 &isnull[i]);
		else if (year_cols[i].type == 'b')
			sg_import__bool(im, f, row, year_cols[i].f, &v[i],
					&isnull[i]);
		else
			sg_import__real(im, f, row, year_cols[i].f, &rv[i],
					&isnull[i]);
	}
	sg_import__point(im, f, row, &lon, &lat);
	if (im->row_rejected)
		return SG_OK;
	snprintf(key, sizeof(key), "%s\t%s", codebuf, year);
	if (sg_strmap__get(j->seen, key, &first))
		return sg_import__issue(im, row,
					sg_import__header(im, SG_F_CODE),
					codebuf, "rejected",
					SG_R_SCHOOL_DUPLICATE, year,
					(long long)first);
	if (sg_strmap__put(j->seen, key, row) != 0)
		return sg_error__oom(im->ctx, "import");
	check_figures(im, row, v, isnull);
	unit = place(j, f, row, lon, lat);

	existed = sg_strmap__get(j->codes, codebuf, &id);
	st = existed ? j->upd_school : j->ins_school;
	sqlite3_bind_text(st, 1, codebuf, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2,
			  sg_text__levels_format(mask, levels, sizeof(levels)),
			  -1, SQLITE_STATIC);
	if (unit >= 0)
		sqlite3_bind_int64(st, 3, unit);
	else
		sqlite3_bind_null(st, 3);
	sqlite3_bind_double(st, 4, lon);
	sqlite3_bind_double(st, 5, lat);
	for (size_t i = 0; i < NSCHOOL; i++)
		if (im->col[school_cols[i]] >= 0)
			sg_db__bind_text(st, (int)(6 + i),
					 sg_import__text(im, f,
							 school_cols[i]));
	sqlite3_bind_int64(st, 9, im->run_id);
	if (sqlite3_step(st) != SQLITE_DONE)
		return sg_db__fail(im->ctx, "import schools");
	changed = sqlite3_changes(im->ctx->db) > 0;
	sqlite3_reset(st);
	if (!existed) {
		id = sqlite3_last_insert_rowid(im->ctx->db);
		if (sg_strmap__put(j->codes, codebuf, id) != 0)
			return sg_error__oom(im->ctx, "import");
	}
	if (changed) {
		int rc = sg_db__bulk_point(im->ctx, &j->bulk, id, lon, lat);

		if (rc != SG_OK)
			return rc;
	}

	sqlite3_bind_int64(j->has_year, 1, id);
	sqlite3_bind_text(j->has_year, 2, year, -1, SQLITE_STATIC);
	existed = existed && sqlite3_step(j->has_year) == SQLITE_ROW;
	sqlite3_reset(j->has_year);
	st = j->ins_year;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, year, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, im->run_id);
	k = 4;
	for (size_t i = 0; i < NYEAR; i++) {
		if (im->col[year_cols[i].f] < 0)
			continue;
		if (isnull[i])
			sqlite3_bind_null(st, k);
		else if (year_cols[i].type == 'r')
			sqlite3_bind_double(st, k, rv[i]);
		else
			sqlite3_bind_int64(st, k, v[i]);
		k++;
	}
	if (sqlite3_step(st) != SQLITE_DONE)
		return sg_db__fail(im->ctx, "import schools");
	changed |= sqlite3_changes(im->ctx->db) > 0;
	sqlite3_reset(st);
	sg_import__tally(im, existed, changed);
	return SG_OK;
}

int sg_import__schools(sg_importer *im)
{
	schools_job j;
	int rc;

	memset(&j, 0, sizeof(j));
	j.im = im;
	if (im->col[SG_F_YEAR] < 0 && !im->opts->year)
		return sg_error__set(im->ctx, SG_EINVALID,
				     "import: %s: no school year: name the "
				     "year (2016-2017) or give a 'Năm học' "
				     "column",
				     im->base);
	rc = load(&j);
	if (rc == SG_OK)
		rc = prepare(&j);
	if (rc == SG_OK)
		rc = sg_db__bulk_begin(im->ctx, "schools", &j.bulk);
	if (rc == SG_OK)
		rc = sg_import__each_row(im, one_row, &j);
	{
		int rc2 = sg_db__bulk_end(im->ctx, &j.bulk, rc == SG_OK);

		if (rc == SG_OK)
			rc = rc2;
	}
	sqlite3_finalize(j.ins_school);
	sqlite3_finalize(j.upd_school);
	sqlite3_finalize(j.ins_year);
	sqlite3_finalize(j.has_year);
	sg_strmap__free(j.codes);
	sg_strmap__free(j.seen);
	sg_import__units_free(&j.units);
	return rc;
}
