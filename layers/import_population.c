/*
 * layers/import_population.c - population per unit, year and age band,
 * from a table keyed by unit code ("Mã xã, Năm, Từ tuổi, Đến tuổi, Số
 * người").  Without age columns a row is the unit's total (ages 0-120).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/strmap.h"
#include "layers/import_int.h"

/* Reasons chosen at run time (sg_import__issue_ref). */
static const sg_reason_ref unit_unknown = { SG_R_POP_UNIT_UNKNOWN };
static const sg_reason_ref unit_missing = { SG_R_UNIT_CODE_MISSING };

/* A census year "2019", or a school year "2019-2020" as written. */
static int census_year(const char *s, char *out, size_t n)
{
	int y, used = 0;

	if (sg_import__school_year(s, out, n) == 0)
		return 0;
	if (sscanf(s, " %4d %n", &y, &used) == 1 && s[used] == '\0' &&
	    y >= 1900 && y <= 2200) {
		snprintf(out, n, "%d", y);
		return 0;
	}
	return -1;
}

typedef struct {
	sg_importer *im;
	sqlite3_stmt *has, *ups;
	sg_strmap *seen;       /* unit, year, band -> first row */
	sg_import_units units; /* the store's units by code */
	int64_t outside;       /* rows of units the store does not hold */
} pop_job;

static int one_row(void *job, OGRFeatureH f, int64_t row)
{
	pop_job *j = job;
	sg_importer *im = j->im;
	const char *code = sg_import__text(im, f, SG_F_CODE);
	const char *yr = sg_import__row_year(im, f);
	int64_t from = 0, to = 120, count = 0, uid = -1, first;
	int nf = 1, nt = 1, nc = 1, existed, found;
	char year[16], key[128], codebuf[64];
	int rc = SG_OK;

	snprintf(codebuf, sizeof(codebuf), "%s", code);
	found = sg_import__unit_code(im, &j->units, row, SG_F_CODE, codebuf,
				     &uid);
	if (found == SG_UNIT_OUTSIDE) {
		j->outside++;
		return sg_import__issue(im, row,
					sg_import__header(im, SG_F_CODE),
					codebuf, "skipped",
					SG_R_POP_UNIT_OUTSIDE);
	}
	if (found == SG_UNIT_NONE)
		sg_import__issue_ref(im, row, sg_import__header(im, SG_F_CODE),
				     codebuf, "rejected",
				     *codebuf ? &unit_unknown : &unit_missing);
	if (census_year(yr, year, sizeof(year)) != 0)
		sg_import__issue(im, row, sg_import__header(im, SG_F_YEAR), yr,
				 "rejected", SG_R_CENSUS_YEAR_INVALID);
	if (im->col[SG_F_AGE_FROM] >= 0)
		sg_import__count(im, f, row, SG_F_AGE_FROM, &from, &nf);
	if (im->col[SG_F_AGE_TO] >= 0)
		sg_import__count(im, f, row, SG_F_AGE_TO, &to, &nt);
	if (nf != nt)
		sg_import__issue(im, row,
				 sg_import__header(im, nf ? SG_F_AGE_FROM
							  : SG_F_AGE_TO),
				 "", "rejected", SG_R_AGE_BAND_HALF);
	if (nf && nt) {
		from = 0;
		to = 120;
	} else if (from > to) {
		sg_import__issue(im, row, sg_import__header(im, SG_F_AGE_TO),
				 sg_import__text(im, f, SG_F_AGE_TO),
				 "rejected", SG_R_AGE_BAND_REVERSED);
	}
	sg_import__count(im, f, row, SG_F_COUNT, &count, &nc);
	if (nc && !im->row_rejected)
		sg_import__issue(im, row, sg_import__header(im, SG_F_COUNT), "",
				 "rejected", SG_R_COUNT_MISSING);
	if (im->row_rejected)
		return SG_OK;
	snprintf(key, sizeof(key), "%lld\t%s\t%lld\t%lld", (long long)uid, year,
		 (long long)from, (long long)to);
	if (sg_strmap__get(j->seen, key, &first))
		return sg_import__issue(im, row,
					sg_import__header(im, SG_F_CODE),
					codebuf, "rejected", SG_R_POP_DUPLICATE,
					(long long)first);
	if (sg_strmap__put(j->seen, key, row) != 0)
		return sg_error__oom(im->ctx, "import");
	sqlite3_bind_int64(j->has, 1, uid);
	sqlite3_bind_text(j->has, 2, year, -1, SQLITE_STATIC);
	sqlite3_bind_int64(j->has, 3, from);
	sqlite3_bind_int64(j->has, 4, to);
	existed = sqlite3_step(j->has) == SQLITE_ROW;
	sqlite3_reset(j->has);
	sqlite3_bind_int64(j->ups, 1, uid);
	sqlite3_bind_text(j->ups, 2, year, -1, SQLITE_STATIC);
	sqlite3_bind_int64(j->ups, 3, from);
	sqlite3_bind_int64(j->ups, 4, to);
	sqlite3_bind_int64(j->ups, 5, count);
	sqlite3_bind_int64(j->ups, 6, im->run_id);
	if (sqlite3_step(j->ups) != SQLITE_DONE)
		rc = sg_db__fail(im->ctx, "import population");
	sg_import__tally(im, existed, sqlite3_changes(im->ctx->db) > 0);
	sqlite3_reset(j->ups);
	return rc;
}

int sg_import__population(sg_importer *im)
{
	pop_job j;
	int rc;

	memset(&j, 0, sizeof(j));
	j.im = im;
	if (im->col[SG_F_YEAR] < 0 && !im->opts->year)
		return sg_error__set(im->ctx, SG_EINVALID,
				     "import: %s: no year: name the census "
				     "year (2019) or give a 'Năm' column",
				     im->base);
	if (!(j.seen = sg_strmap__new()))
		return sg_error__oom(im->ctx, "import");
	rc = sg_import__units_load(im, "import population", &j.units);
	if (rc == SG_OK)
		rc = sg_db__prepare(im->ctx, "import population",
				    "SELECT 1 FROM population WHERE unit_id = "
				    "?1 AND year = ?2 AND age_from = ?3 AND "
				    "age_to = ?4",
				    &j.has);
	if (rc == SG_OK)
		rc = sg_db__prepare(im->ctx, "import population",
				    "INSERT INTO population VALUES (?1, ?2, "
				    "?3, ?4, ?5, ?6) ON CONFLICT DO UPDATE SET"
				    " count = excluded.count, run_id = "
				    "excluded.run_id WHERE count IS NOT "
				    "excluded.count",
				    &j.ups);
	if (rc == SG_OK)
		rc = sg_import__each_row(im, one_row, &j);
	/* A table wider than the study area skips the other units; one of
	 * which no unit is in the store is another area's. */
	if (rc == SG_OK && j.outside > 0 &&
	    im->sum->inserted + im->sum->updated + im->sum->unchanged == 0)
		rc = sg_error__set(im->ctx, SG_EINVALID,
				   "import: %s: none of its units is in the "
				   "store (%lld rows): import the units "
				   "first, or is this another area's table?",
				   im->base, (long long)j.outside);
	sqlite3_finalize(j.has);
	sqlite3_finalize(j.ups);
	sg_strmap__free(j.seen);
	sg_import__units_free(&j.units);
	return rc;
}
