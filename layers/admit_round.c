/*
 * layers/admit_round.c - the second round of an admission: the latest
 * first-round run of the grade and year, its placements (kept in
 * `results` as one text value, subject "placements": a line "code TAB
 * school TAB rank" per applicant, school empty when unplaced; older
 * runs kept a row per applicant, subject "placement:<code>"), the
 * confirmations (who enrolled after round 1, a CSV with a code column)
 * and what is left:
 * every school's seats less its confirmed applicants, and the
 * applicants round 1 did not place.  Applicants placed in round 1 who
 * did not confirm gave their seat up and are not in round 2.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>

#include "engine/strmap.h"
#include "engine/text.h"
#include "layers/admit_int.h"

#define WHAT "admit"

/* The latest first-round admit run of the grade and year. */
static int find_round1(sg_ctx *ctx, sg_admit_data *d)
{
	sqlite3_stmt *st;
	int rc;

	rc = sg_db__prepare(ctx, WHAT,
			    "SELECT id FROM runs WHERE command = "
			    "'admit' AND json_extract(parameters, '$.grade') "
			    "= ?1 AND json_extract(parameters, '$.year') = ?2"
			    " AND coalesce(json_extract(parameters, "
			    "'$.round'), 1) = 1 ORDER BY id DESC LIMIT 1",
			    &st);
	if (rc != SG_OK)
		return rc;
	sqlite3_bind_int(st, 1, d->grade);
	sqlite3_bind_text(st, 2, d->year, -1, SQLITE_STATIC);
	d->round1_run = sqlite3_step(st) == SQLITE_ROW
				? sqlite3_column_int64(st, 0)
				: 0;
	sqlite3_finalize(st);
	if (!d->round1_run)
		return sg_error__set(ctx, SG_ENOTFOUND,
				     "admit: round 2 of "
				     "grade %d, %s: no round 1 in the store "
				     "(run round 1 first)",
				     d->grade, d->year);
	return SG_OK;
}

/* The placed applicants of run's "placements" text (lines "code TAB
 * school TAB rank"; school empty when unplaced) into temp.admit_round1. */
static int read_placements(sg_ctx *ctx, int64_t run)
{
	sqlite3_stmt *st, *ins = NULL;
	int rc;

	rc = sg_db__prepare(ctx, WHAT,
			    "SELECT value FROM results WHERE "
			    "run_id = ?1 AND subject = 'placements'",
			    &st);
	if (rc == SG_OK)
		rc = sg_db__prepare(ctx, WHAT,
				    "INSERT INTO temp.admit_round1 "
				    "(code, school) VALUES (?1, ?2)",
				    &ins);
	if (rc != SG_OK) {
		sqlite3_finalize(st);
		return rc;
	}
	sqlite3_bind_int64(st, 1, run);
	while (rc == SG_OK && sqlite3_step(st) == SQLITE_ROW) {
		const char *p = (const char *)sqlite3_column_text(st, 0);
		const char *end = p + sqlite3_column_bytes(st, 0);

		while (rc == SG_OK && p && p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			const char *eol = nl ? nl : end;
			const char *t1 = memchr(p, '\t', (size_t)(eol - p));
			const char *t2 = t1 ? memchr(t1 + 1, '\t',
						     (size_t)(eol - t1 - 1))
					    : NULL;

			if (t1 && t2 && t2 > t1 + 1) {
				sqlite3_reset(ins);
				sqlite3_bind_text(ins, 1, p, (int)(t1 - p),
						  SQLITE_STATIC);
				sqlite3_bind_text(ins, 2, t1 + 1,
						  (int)(t2 - t1 - 1),
						  SQLITE_STATIC);
				if (sqlite3_step(ins) != SQLITE_DONE)
					rc = sg_db__fail(ctx, WHAT);
			}
			p = eol + 1;
		}
	}
	sqlite3_finalize(ins);
	sqlite3_finalize(st);
	return rc;
}

/* The applicants round 1 placed, into temp.admit_round1 (code, school)
 * for the loader to leave out, and into placed (code -> row). */
static int load_round1(sg_ctx *ctx, sg_admit_data *d, sg_strmap *placed,
		       char ***school_of, size_t *n)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	rc = sg_db__exec(ctx, WHAT,
			 "DROP TABLE IF EXISTS temp.admit_round1;"
			 " CREATE TEMP TABLE admit_round1 (code TEXT PRIMARY "
			 "KEY, school TEXT)");
	if (rc == SG_OK)
		rc = sg_db__exec(ctx, WHAT, "DELETE FROM temp.admit_round1");
	if (rc != SG_OK)
		return rc;
	/* Runs made before the placements were one text value kept a row
	 * per applicant. */
	rc = sg_db__prepare(ctx, WHAT,
			    "INSERT INTO temp.admit_round1 "
			    "SELECT substr(subject, 11), key FROM results "
			    "WHERE run_id = ?1 AND subject LIKE 'placement:%' "
			    "AND key <> ''",
			    &st);
	if (rc != SG_OK)
		return rc;
	sqlite3_bind_int64(st, 1, d->round1_run);
	rc = sqlite3_step(st) == SQLITE_DONE ? SG_OK : sg_db__fail(ctx, WHAT);
	sqlite3_finalize(st);
	if (rc == SG_OK)
		rc = read_placements(ctx, d->round1_run);
	if (rc != SG_OK)
		return rc;
	rc = sg_db__prepare(ctx, WHAT,
			    "SELECT code, school FROM "
			    "temp.admit_round1 ORDER BY code",
			    &st);
	if (rc != SG_OK)
		return rc;
	*n = 0;
	while (rc == SG_OK && sqlite3_step(st) == SQLITE_ROW) {
		if (*n == cap) {
			size_t nc = cap ? 2 * cap : 1024;
			char **p = realloc(*school_of, nc * sizeof(*p));

			if (!p) {
				rc = sg_error__set(ctx, SG_ENOMEM,
						   "admit: out "
						   "of memory");
				break;
			}
			*school_of = p;
			cap = nc;
		}
		(*school_of)[*n] = strdup(
			(const char *)sqlite3_column_text(st, 1));
		if (!(*school_of)[*n] ||
		    sg_strmap__put(placed,
				   (const char *)sqlite3_column_text(st, 0),
				   (int64_t)*n) != 0) {
			free((*school_of)[*n]);
			rc = sg_error__set(ctx, SG_ENOMEM,
					   "admit: out of "
					   "memory");
			break;
		}
		(*n)++;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Round 1 must have stored its placements (runs of versions before
 * round 2 did not). */
static int check_round1(sg_ctx *ctx, const sg_admit_data *d)
{
	sqlite3_stmt *st;
	int rc, any = 0;

	rc = sg_db__prepare(ctx, WHAT,
			    "SELECT 1 FROM results WHERE run_id = "
			    "?1 AND (subject = 'placements' OR subject LIKE "
			    "'placement:%') LIMIT 1",
			    &st);
	if (rc != SG_OK)
		return rc;
	sqlite3_bind_int64(st, 1, d->round1_run);
	any = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	if (!any)
		return sg_error__set(ctx, SG_ENOTFOUND,
				     "admit: round 1 (run "
				     "%lld) has no placements stored (an older "
				     "version made it): run round 1 again",
				     (long long)d->round1_run);
	return SG_OK;
}

/*
 * Read the confirmations: a CSV whose header has a code column ("Mã hồ
 * sơ", "code", ...; other columns ignored).  Every code must be one
 * round 1 placed, once.  conf gets the confirmed count per school code.
 */
static int read_confirmed(sg_ctx *ctx, sg_admit_data *d, const char *path,
			  const sg_strmap *placed, char **school_of,
			  sg_strmap *conf)
{
	VSILFILE *fp = VSIFOpenL(path, "rb");
	sg_strmap *seen = sg_strmap__new();
	const char *line;
	int col = -1, rc = SG_OK;
	long row = 0;

	if (!fp || !seen) {
		sg_strmap__free(seen);
		if (fp)
			VSIFCloseL(fp);
		return sg_error__set(ctx, fp ? SG_ENOMEM : SG_ENOTFOUND,
				     "admit: cannot read the confirmations "
				     "%s",
				     path);
	}
	while (rc == SG_OK && (line = CPLReadLine2L(fp, 1 << 16, NULL))) {
		char **tok;
		int ntok;

		row++;
		if (row == 1 && (unsigned char)line[0] == 0xEF &&
		    (unsigned char)line[1] == 0xBB &&
		    (unsigned char)line[2] == 0xBF)
			line += 3;
		tok = CSLTokenizeString2(line, ",",
					 CSLT_HONOURSTRINGS |
						 CSLT_ALLOWEMPTYTOKENS |
						 CSLT_STRIPLEADSPACES |
						 CSLT_STRIPENDSPACES);
		ntok = CSLCount(tok);
		if (row == 1) {
			for (int i = 0; i < ntok && col < 0; i++)
				if (sg_field__match(SG_KIND_APPLICANTS,
						    tok[i]) == SG_F_CODE)
					col = i;
			if (col < 0)
				rc = sg_error__set(ctx, SG_EINVALID,
						   "admit: %s "
						   "row 1: no code column (Mã "
						   "hồ sơ)",
						   path);
		} else if (ntok == 0 || (ntok == 1 && !*tok[0])) {
			; /* a blank line */
		} else {
			const char *code = col < ntok ? tok[col] : "";
			int64_t i;

			if (!*code)
				rc = sg_error__set(ctx, SG_EINVALID,
						   "admit: %s "
						   "row %ld, Mã hồ sơ: empty",
						   path, row);
			else if (!sg_strmap__get(placed, code, &i))
				rc = sg_error__set(ctx, SG_EINVALID,
						   "admit: %s "
						   "row %ld, Mã hồ sơ = '%s': "
						   "not placed in round 1 (run "
						   "%lld)",
						   path, row, code,
						   (long long)d->round1_run);
			else if (sg_strmap__get(seen, code, &(int64_t){ 0 }))
				rc = sg_error__set(ctx, SG_EINVALID,
						   "admit: %s "
						   "row %ld, Mã hồ sơ = '%s': "
						   "confirmed twice",
						   path, row, code);
			else {
				int64_t c = 0;

				sg_strmap__get(conf, school_of[i], &c);
				if (sg_strmap__put(seen, code, 1) != 0 ||
				    sg_strmap__put(conf, school_of[i], c + 1) !=
					    0)
					rc = sg_error__set(ctx, SG_ENOMEM,
							   "admit: out of "
							   "memory");
				d->nconfirmed++;
			}
		}
		CSLDestroy(tok);
	}
	if (rc == SG_OK && row == 0)
		rc = sg_error__set(ctx, SG_EINVALID,
				   "admit: %s is empty (a "
				   "header with a code column is needed)",
				   path);
	VSIFCloseL(fp);
	sg_strmap__free(seen);
	return rc;
}

int sg_admit__round2_prepare(sg_ctx *ctx, sg_admit_data *d,
			     const char *confirmed)
{
	sg_strmap *placed = sg_strmap__new();
	char **school_of = NULL;
	size_t n = 0;
	int rc;

	if (!placed || !(d->conf_by_school = sg_strmap__new())) {
		sg_strmap__free(placed);
		return sg_error__oom(ctx, "admit");
	}
	rc = find_round1(ctx, d);
	if (rc == SG_OK)
		rc = load_round1(ctx, d, placed, &school_of, &n);
	if (rc == SG_OK)
		rc = check_round1(ctx, d);
	if (rc == SG_OK)
		rc = read_confirmed(ctx, d, confirmed, placed, school_of,
				    d->conf_by_school);
	d->nround1_placed = (int64_t)n;
	for (size_t i = 0; i < n; i++)
		free(school_of[i]);
	free(school_of);
	sg_strmap__free(placed);
	return rc;
}

int sg_admit__store_placements(sg_ctx *ctx, const sg_admit_data *d,
			       const sg_admit_result *r, int64_t run)
{
	sqlite3_stmt *st;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int rc;

	/* One text value for the run: a row per applicant would cost a
	 * fifth of a grade-10 run (100,000 rows and their index entries). */
	for (size_t a = 0; a < d->napp; a++) {
		int32_t s = r->school[a];
		const char *sc = s >= 0 ? d->scode[s] : "";
		size_t need = strlen(d->acode[a]) + strlen(sc) + 16;

		if (len + need > cap) {
			size_t nc = cap ? 2 * cap : 1 << 16;
			char *p;

			while (nc < len + need)
				nc *= 2;
			if (!(p = realloc(buf, nc))) {
				free(buf);
				return sg_error__oom(ctx, "admit");
			}
			buf = p;
			cap = nc;
		}
		len += (size_t)snprintf(buf + len, cap - len, "%s\t%s\t%d\n",
					d->acode[a], sc, (int)r->rank[a]);
	}
	rc = sg_db__prepare(ctx, WHAT,
			    "INSERT INTO results (run_id, subject,"
			    " key, value) VALUES (?1, 'placements', "
			    "'code\tschool\trank', ?2)",
			    &st);
	if (rc == SG_OK) {
		sqlite3_bind_int64(st, 1, run);
		sqlite3_bind_text64(st, 2, buf ? buf : "", len, SQLITE_STATIC,
				    SQLITE_UTF8);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = sg_db__fail(ctx, WHAT);
		sqlite3_finalize(st);
	}
	free(buf);
	return rc;
}
