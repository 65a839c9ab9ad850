/*
 * layers/import_population.c - population per unit, year and age band,
 * from a table keyed by unit code ("Mã xã, Năm, Từ tuổi, Đến tuổi, Số
 * người").  Without age columns a row is the unit's total (ages 0-120).
 */
#include <stdio.h>
#include <string.h>

#include "engine/strmap.h"
#include "layers/import_int.h"
#include "layers/units_int.h"

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

int sg_import__population(sg_importer *im)
{
	sqlite3_stmt *unit = NULL, *has = NULL, *ups = NULL;
	sg_strmap *seen = sg_strmap__new();
	OGRFeatureH f;
	int64_t seq = 0, set;
	int rc;

	if (!seen)
		return sg_error__set(im->ctx, SG_ENOMEM, "out of memory");
	if (im->col[SG_F_YEAR] < 0 && !im->opts->year) {
		sg_strmap__free(seen);
		return sg_error__set(im->ctx, SG_EINVALID,
				     "import: %s: no year: give --year 2019 "
				     "or a 'Năm' column", im->base);
	}
	/* Codes of one administrative set: --set, else the year's. */
	rc = sg_units__import_set(im->ctx, im->opts->set, im->opts->year,
				  &set);
	if (rc == SG_OK)
		rc = sg_db__prepare(im->ctx, "import population",
				    "SELECT id FROM units WHERE code = ?1 AND "
				    "set_id = ?2", &unit);
	if (rc == SG_OK)
		sqlite3_bind_int64(unit, 2, set);
	if (rc == SG_OK)
		rc = sg_db__prepare(im->ctx, "import population",
				    "SELECT 1 FROM population WHERE unit_id = "
				    "?1 AND year = ?2 AND age_from = ?3 AND "
				    "age_to = ?4", &has);
	if (rc == SG_OK)
		rc = sg_db__prepare(im->ctx, "import population",
				    "INSERT INTO population VALUES (?1, ?2, "
				    "?3, ?4, ?5, ?6) ON CONFLICT DO UPDATE SET"
				    " count = excluded.count, run_id = "
				    "excluded.run_id WHERE count IS NOT "
				    "excluded.count", &ups);
	OGR_L_ResetReading(im->layer);
	while (rc == SG_OK && (f = OGR_L_GetNextFeature(im->layer))) {
		int64_t row = sg_import__row(im, f, ++seq);
		const char *code = sg_import__text(im, f, SG_F_CODE);
		const char *yr = sg_import__row_year(im, f);
		int64_t from = 0, to = 120, count = 0, uid = -1, first;
		int nf = 1, nt = 1, nc = 1, existed;
		char year[16], key[128], codebuf[64];

		im->row_rejected = 0;
		snprintf(codebuf, sizeof(codebuf), "%s", code);
		sqlite3_bind_text(unit, 1, codebuf, -1, SQLITE_STATIC);
		if (sqlite3_step(unit) == SQLITE_ROW)
			uid = sqlite3_column_int64(unit, 0);
		sqlite3_reset(unit);
		if (uid < 0)
			sg_import__issue(im, row,
					 sg_import__header(im, SG_F_CODE),
					 codebuf, "rejected", *codebuf
					 ? "unknown unit code (import units "
					   "first)" : "missing unit code");
		if (census_year(yr, year, sizeof(year)) != 0)
			sg_import__issue(im, row,
					 sg_import__header(im, SG_F_YEAR), yr,
					 "rejected", "not a year like 2019");
		if (im->col[SG_F_AGE_FROM] >= 0)
			sg_import__count(im, f, row, SG_F_AGE_FROM, &from, &nf);
		if (im->col[SG_F_AGE_TO] >= 0)
			sg_import__count(im, f, row, SG_F_AGE_TO, &to, &nt);
		if (nf != nt)
			sg_import__issue(im, row,
					 sg_import__header(im, nf ? SG_F_AGE_FROM
								  : SG_F_AGE_TO),
					 "", "rejected",
					 "age band needs both ages");
		if (nf && nt) {
			from = 0;
			to = 120;
		} else if (from > to) {
			sg_import__issue(im, row,
					 sg_import__header(im, SG_F_AGE_TO),
					 sg_import__text(im, f, SG_F_AGE_TO),
					 "rejected", "age band ends before it "
					 "starts");
		}
		sg_import__count(im, f, row, SG_F_COUNT, &count, &nc);
		if (nc && !im->row_rejected)
			sg_import__issue(im, row,
					 sg_import__header(im, SG_F_COUNT), "",
					 "rejected", "missing count");
		if (!im->row_rejected) {
			snprintf(key, sizeof(key), "%s\t%s\t%lld\t%lld",
				 codebuf, year, (long long)from,
				 (long long)to);
			if (sg_strmap__get(seen, key, &first))
				sg_import__issue(im, row,
						 sg_import__header(im,
								   SG_F_CODE),
						 codebuf, "rejected",
						 "duplicate unit, year and age "
						 "band (first at row %lld)",
						 (long long)first);
			else if (sg_strmap__put(seen, key, row) != 0)
				rc = sg_error__set(im->ctx, SG_ENOMEM,
						   "out of memory");
		}
		OGR_F_Destroy(f);
		im->sum->rows++;
		if (im->row_rejected || rc != SG_OK) {
			im->sum->rejected += im->row_rejected;
			continue;
		}
		sqlite3_bind_int64(has, 1, uid);
		sqlite3_bind_text(has, 2, year, -1, SQLITE_STATIC);
		sqlite3_bind_int64(has, 3, from);
		sqlite3_bind_int64(has, 4, to);
		existed = sqlite3_step(has) == SQLITE_ROW;
		sqlite3_reset(has);
		sqlite3_bind_int64(ups, 1, uid);
		sqlite3_bind_text(ups, 2, year, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ups, 3, from);
		sqlite3_bind_int64(ups, 4, to);
		sqlite3_bind_int64(ups, 5, count);
		sqlite3_bind_int64(ups, 6, im->run_id);
		if (sqlite3_step(ups) != SQLITE_DONE)
			rc = sg_db__fail(im->ctx, "import population");
		sg_import__tally(im, existed,
				 sqlite3_changes(im->ctx->db) > 0);
		sqlite3_reset(ups);
		if (rc == SG_OK)
			rc = sg_import__progress(im, seq);
	}
	sqlite3_finalize(unit);
	sqlite3_finalize(has);
	sqlite3_finalize(ups);
	sg_strmap__free(seen);
	return rc;
}
