/*
 * layers/import_applicants.c - the applicants import: one row per child
 * applying to an entry grade (1, 6 or 10) in a school year.
 *
 * Applicants are personal data: the name and birth date are kept for the
 * internal list only.  Rows are upserted by (code, year); only the
 * optional columns the file has are written, and a row equal to the
 * stored one changes nothing, so re-importing a file is idempotent.
 *
 * Beyond the checks every import makes (codes, numbers, coordinates), a
 * row is rejected for a grade other than 1, 6 or 10, a grade 10 row
 * without an exam score or without a first choice, a choice naming an
 * unknown school or a school without the grade's level (the issue names
 * the choice and the school), a gap or a repeat in the choices, a bad
 * birth date or priority group, and for duplicates: the same code twice
 * in a year, or the same child (name, birth date, grade) twice with homes
 * less than DUP_RADIUS_M apart under two codes.  Flagged (kept): a home
 * point outside the declared ward (a known source of false addresses),
 * outside every unit of the study area, an unknown declared ward, and an
 * age unusual for the grade.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/standards.h"
#include "layers/import_int.h"
#include "layers/upsert.h"
#include "util/file.h"

/* Reasons chosen at run time (sg_import__issue_ref). */
static const sg_reason_ref grade_missing = { SG_R_GRADE_MISSING };
static const sg_reason_ref grade_invalid = { SG_R_GRADE_INVALID };
static const sg_reason_ref grade_not_entry = { SG_R_GRADE_NOT_ENTRY };
static const sg_reason_ref year_invalid = { SG_R_APPLICANT_YEAR_INVALID };
static const sg_reason_ref year_missing = { SG_R_YEAR_MISSING };
static const sg_reason_ref priority_range = { SG_R_PRIORITY_RANGE };
static const sg_reason_ref priority_invalid = { SG_R_PRIORITY_INVALID };

/* Two rows with the same name, birth date and grade whose homes are
 * closer than this are one child applying twice. */
#define DUP_RADIUS_M 100.0

/* Optional columns of `applicants`, in bind order ?8..?13. */
enum {
	OPT_NAME,
	OPT_BIRTH,
	OPT_DECLARED,
	OPT_CHOICES,
	OPT_SCORE,
	OPT_PRIORITY,
	NOPT
};
static const char *const opt_cols[NOPT] = {
	"name",	   "birth_date", "declared_unit_code",
	"choices", "score",	 "priority"
};

static const sg_field choice_fields[3] = { SG_F_CHOICE1, SG_F_CHOICE2,
					   SG_F_CHOICE3 };

/* A row kept to detect one child under two codes. */
typedef struct {
	int64_t row;
	char *code;
	double lon, lat;
} person;

typedef struct {
	sg_importer *im;
	int has[NOPT]; /* the file has the optional column */
	sqlite3_stmt *ups;
	sg_strmap *stored; /* "code\tyear" already in the store */
	sg_import_units units;
	sg_strmap *schools; /* school code -> level bits */
	sg_strmap *seen;    /* "code\tyear" -> row, this file */
	sg_strmap *people;  /* "name\tbirth\tgrade\tyear" -> person */
	person *persons;
	size_t npersons, cappersons;
} appl_job;

/* Copy s without leading and trailing blanks into buf. */
static const char *trimmed(const char *s, char *buf, size_t n)
{
	size_t len;

	while (*s == ' ' || *s == '\t')
		s++;
	len = strlen(s);
	while (len > 0 &&
	       (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
		len--;
	if (len >= n)
		len = n - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return buf;
}

/*---- Values -------------------------------------------------------------*/

/*
 * A number after optional leading words ("Lớp 10", "khối 6", "Nhóm 2",
 * "Đối tượng 1"): the folded text's last word must be digits and every
 * word before it one of `words`.  Returns the number or -1.
 */
static long number_after_words(const char *s, const char *const *words)
{
	char f[64], *p, *last;
	long v;

	if (strlen(s) >= sizeof(f))
		return -1;
	sg_text__fold(s, f, sizeof(f));
	last = strrchr(f, ' ');
	last = last ? last + 1 : f;
	if (!*last || strspn(last, "0123456789") != strlen(last) ||
	    strlen(last) > 4)
		return -1;
	for (p = f; p < last;) {
		size_t n = strcspn(p, " "), i;
		int ok = 0;

		for (i = 0; words[i] && !ok; i++)
			ok = strlen(words[i]) == n &&
			     strncmp(p, words[i], n) == 0;
		if (!ok)
			return -1;
		p += n + 1;
	}
	v = strtol(last, NULL, 10);
	return v;
}

static long parse_grade(const char *s)
{
	static const char *const words[] = { "lop", "khoi", "grade", "class",
					     NULL };
	double d;

	/* Spreadsheets may hold "10.0". */
	if (sg_text__parse_real(s, &d) == SG_PARSE_OK)
		return d == floor(d) && d >= 0 && d < 100 ? (long)d : -1;
	return number_after_words(s, words);
}

/* The exam scores accepted: admission.score_min and score_max of the
 * standards (default 0 to 50; unset: 0 and the hard limit), never past
 * SG_STD_SCORE_LIMIT, which keeps the ranking's integer keys exact. */
static void score_range(const sg_standards *std, double *lo, double *hi)
{
	double a = std ? sg_std__get(std, SG_STD_ADMIT_SCORE_MIN) : 0;
	double b = std ? sg_std__get(std, SG_STD_ADMIT_SCORE_MAX) : 50;

	*lo = isnan(a) ? 0 : fmin(a, SG_STD_SCORE_LIMIT);
	*hi = isnan(b) ? SG_STD_SCORE_LIMIT : fmin(b, SG_STD_SCORE_LIMIT);
}

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/*
 * A birth date as "YYYY-MM-DD": day first as written in Viet Nam
 * ("05/09/2018", "5-9-2018", "05.09.2018") or ISO ("2018-09-05",
 * "2018/09/05" as GDAL prints spreadsheet dates), with an optional time
 * of midnight.  0 or -1.
 */
static int parse_date(const char *s, char *out, size_t n)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31 };
	int a, b, c, y, m, d, used = 0;
	char s1, s2, rest[32] = "";

	if (sscanf(s, " %d%c%d%c%d%n", &a, &s1, &b, &s2, &c, &used) != 5 ||
	    s1 != s2 || !strchr("/-.", s1))
		return -1;
	snprintf(rest, sizeof(rest), "%s", s + used);
	if (rest[0] && strcmp(rest, " 00:00:00") != 0 &&
	    strcmp(rest, "T00:00:00") != 0 && strspn(rest, " ") != strlen(rest))
		return -1;
	if (a >= 1000) {
		y = a;
		m = b;
		d = c;
	} else {
		d = a;
		m = b;
		y = c;
	}
	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1] + (m == 2 && leap(y)))
		return -1;
	snprintf(out, n, "%04d-%02d-%02d", y, m, d);
	return 0;
}

/* The level bit of an entry grade. */
static unsigned grade_level(long grade)
{
	return grade == 1   ? SG_LEVEL_PRIMARY
	       : grade == 6 ? SG_LEVEL_LOWER
			    : SG_LEVEL_UPPER;
}

/* Metres between two lon/lat points (spherical, for the duplicate
 * check only). */
static double metres(double lon1, double lat1, double lon2, double lat2)
{
	const double r = 6371008.8, rad = 3.14159265358979323846 / 180;
	double x = (lon2 - lon1) * rad * cos(0.5 * (lat1 + lat2) * rad);
	double y = (lat2 - lat1) * rad;

	return r * sqrt(x * x + y * y);
}

/*---- Set-up -------------------------------------------------------------*/

/* The upsert: ?1 code ?2 year ?3 grade ?4 unit_id ?5 lon ?6 lat
 * ?7 run_id, then ?8.. the optional columns the file has. */
static int prepare(appl_job *j)
{
	sg_upsert u;

	sg_upsert__init(&u, "applicants");
	sg_upsert__col(&u, SG_UPSERT_KEY, "code", "?1");
	sg_upsert__col(&u, SG_UPSERT_KEY, "year", "?2");
	sg_upsert__col(&u, SG_UPSERT_VALUE, "grade", "?3");
	sg_upsert__col(&u, SG_UPSERT_VALUE, "unit_id", "?4");
	sg_upsert__col(&u, SG_UPSERT_VALUE, "geom", "MakePoint(?5, ?6, 4326)");
	sg_upsert__col(&u, SG_UPSERT_STAMP, "run_id", "?7");
	for (int k = 0; k < NOPT; k++)
		if (j->has[k])
			sg_upsert__col(&u, SG_UPSERT_VALUE, opt_cols[k], "?%d",
				       8 + k);
	return sg_upsert__prepare(j->im->ctx, "import applicants", &u, &j->ups);
}

/* Load what rows are checked against: stored applicants, units and
 * their polygons, schools and their levels. */
static int load(appl_job *j)
{
	sg_ctx *ctx = j->im->ctx;
	sqlite3_stmt *st;
	char key[300];
	int rc;

	j->stored = sg_strmap__new();
	j->schools = sg_strmap__new();
	j->seen = sg_strmap__new();
	j->people = sg_strmap__new();
	if (!j->stored || !j->schools || !j->seen || !j->people)
		return sg_error__oom(ctx, "import applicants");
	rc = sg_db__prepare(ctx, "import applicants",
			    "SELECT code, year FROM applicants", &st);
	while (rc == SG_OK && sqlite3_step(st) == SQLITE_ROW) {
		snprintf(key, sizeof(key), "%s\t%s",
			 (const char *)sqlite3_column_text(st, 0),
			 (const char *)sqlite3_column_text(st, 1));
		if (sg_strmap__put(j->stored, key, 1) != 0)
			rc = sg_error__oom(ctx, "import applicants");
	}
	sqlite3_finalize(st);
	if (rc == SG_OK)
		rc = sg_db__prepare(ctx, "import applicants",
				    "SELECT code, levels FROM schools", &st);
	while (rc == SG_OK && sqlite3_step(st) == SQLITE_ROW) {
		unsigned mask = 0;
		const char *lv = (const char *)sqlite3_column_text(st, 1);

		if (lv)
			sg_text__level_parse(lv, &mask);
		if (sg_strmap__put(j->schools,
				   (const char *)sqlite3_column_text(st, 0),
				   mask) != 0)
			rc = sg_error__oom(ctx, "import applicants");
	}
	sqlite3_finalize(st);
	if (rc == SG_OK)
		rc = sg_import__units_load(j->im, "import applicants",
					   &j->units);
	if (rc == SG_OK && sg_polyindex__count(j->units.idx) == 0)
		sg_ctx__warn(ctx,
			     "%s: no units in the store yet: home points "
			     "are not checked against the wards (import units "
			     "first)",
			     j->im->base);
	if (rc == SG_OK && sg_strmap__count(j->schools) == 0 &&
	    (j->im->col[SG_F_CHOICE1] >= 0 || j->im->col[SG_F_CHOICE2] >= 0 ||
	     j->im->col[SG_F_CHOICE3] >= 0))
		sg_ctx__warn(ctx,
			     "%s: no schools in the store yet: every "
			     "choice is an unknown school (import schools "
			     "first)",
			     j->im->base);
	return rc;
}

/*---- Rows ---------------------------------------------------------------*/

/* The ward of a home: the unit containing it, else the declared one;
 * flags what does not agree.  Returns the id or -1. */
static int64_t place(appl_job *j, int64_t row, const char *declared_code,
		     double lon, double lat)
{
	static const sg_place_msgs msg = {
		.unknown = { SG_R_WARD_UNKNOWN },
		.outside = { SG_R_HOME_OUTSIDE },
		.elsewhere = { SG_R_HOME_ELSEWHERE },
	};

	return sg_import__place(j->im, &j->units, row, declared_code, lon, lat,
				&msg);
}

/*
 * The choices of a row, checked, as "A,B,C" in out.  Rejects unknown
 * schools, schools without the grade's level, repeats and gaps.
 */
static void choices(appl_job *j, OGRFeatureH f, int64_t row, long grade,
		    char *out, size_t n, int *count)
{
	sg_importer *im = j->im;
	char code[3][128];
	int64_t mask;
	int last = -1;
	size_t len;

	out[0] = '\0';
	*count = 0;
	for (int k = 0; k < 3; k++) {
		trimmed(sg_import__text(im, f, choice_fields[k]), code[k],
			sizeof(code[k]));
		if (code[k][0])
			last = k;
	}
	for (int k = 0; k <= last; k++) {
		const char *h = sg_import__header(im, choice_fields[k]);

		if (!code[k][0]) {
			sg_import__issue(im, row, h, "", "rejected",
					 SG_R_CHOICE_GAP, k + 1, last + 1);
			continue;
		}
		for (int i = 0; i < k; i++)
			if (strcmp(code[i], code[k]) == 0)
				sg_import__issue(im, row, h, code[k],
						 "rejected", SG_R_CHOICE_REPEAT,
						 k + 1, i + 1, code[k]);
		if (!sg_strmap__get(j->schools, code[k], &mask))
			sg_import__issue(im, row, h, code[k], "rejected",
					 SG_R_CHOICE_UNKNOWN, k + 1, code[k]);
		else if (grade > 0 && !((unsigned)mask & grade_level(grade)))
			sg_import__issue(im, row, h, code[k], "rejected",
					 SG_R_CHOICE_GRADE, k + 1, code[k],
					 grade);
		len = strlen(out);
		snprintf(out + len, n - len, "%s%s", *count ? "," : "",
			 code[k]);
		(*count)++;
	}
}

/* Flag an age unusual for the grade: in the calendar year the school
 * year starts, grade 1 children turn 6, grade 6 11, grade 10 15. */
static void check_age(appl_job *j, int64_t row, const char *iso,
		      const char *year, long grade)
{
	int expect = grade == 1 ? 6 : grade == 6 ? 11 : 15;
	int age = atoi(year) - atoi(iso);

	if (age < expect - 1 || age > expect + 3)
		sg_import__issue(j->im, row,
				 sg_import__header(j->im, SG_F_BIRTH_DATE), iso,
				 "flagged", SG_R_AGE_UNUSUAL, age, year, grade,
				 expect);
}

/* Reject a second row for the same child under another code. */
static int same_child(appl_job *j, int64_t row, const char *code,
		      const char *name, const char *birth, long grade,
		      const char *year, double lon, double lat)
{
	sg_importer *im = j->im;
	char key[512], folded[256];
	int64_t k;
	person *p;

	sg_text__fold(name, folded, sizeof(folded));
	snprintf(key, sizeof(key), "%s\t%s\t%ld\t%s", folded, birth, grade,
		 year);
	if (sg_strmap__get(j->people, key, &k)) {
		p = &j->persons[k];
		if (metres(p->lon, p->lat, lon, lat) < DUP_RADIUS_M)
			return sg_import__issue(
				im, row, sg_import__header(im, SG_F_CODE), code,
				"rejected", SG_R_APPLICANT_SAME,
				(long long)p->row, p->code);
		return SG_OK;
	}
	if (j->npersons == j->cappersons) {
		size_t cap = j->cappersons ? 2 * j->cappersons : 256;
		person *np = realloc(j->persons, cap * sizeof(*np));

		if (!np)
			return sg_error__oom(im->ctx, "import applicants");
		j->persons = np;
		j->cappersons = cap;
	}
	p = &j->persons[j->npersons];
	p->row = row;
	p->code = strdup(code);
	p->lon = lon;
	p->lat = lat;
	if (!p->code ||
	    sg_strmap__put(j->people, key, (int64_t)j->npersons) != 0) {
		free(p->code);
		return sg_error__oom(im->ctx, "import applicants");
	}
	j->npersons++;
	return SG_OK;
}

static int one_row(void *job, OGRFeatureH f, int64_t row)
{
	appl_job *j = job;
	sg_importer *im = j->im;
	const char *gtext = sg_import__text(im, f, SG_F_GRADE);
	const char *yr = sg_import__row_year(im, f);
	const char *btext = sg_import__text(im, f, SG_F_BIRTH_DATE);
	const char *ptext = sg_import__text(im, f, SG_F_PRIORITY);
	char code[128], name[256], declared[64], year[16], birth[32] = "";
	char chosen[400], key[160];
	long grade, priority = 0;
	double lon = 0, lat = 0, score = 0, slo, shi;
	int nscore = 1, nchoices = 0, existed, rc;
	int64_t first, unit;
	sqlite3_stmt *st = j->ups;

	trimmed(sg_import__text(im, f, SG_F_CODE), code, sizeof(code));
	trimmed(sg_import__text(im, f, SG_F_NAME), name, sizeof(name));
	trimmed(sg_import__text(im, f, SG_F_UNIT_CODE), declared,
		sizeof(declared));
	if (!*code)
		sg_import__issue(im, row, sg_import__header(im, SG_F_CODE), "",
				 "rejected", SG_R_APPLICANT_CODE_MISSING);
	grade = parse_grade(gtext);
	if (grade != 1 && grade != 6 && grade != 10) {
		sg_import__issue_ref(im, row, sg_import__header(im, SG_F_GRADE),
				     gtext, "rejected",
				     !*gtext	 ? &grade_missing
				     : grade < 0 ? &grade_invalid
						 : &grade_not_entry);
		grade = 0;
	}
	if (sg_import__school_year(yr, year, sizeof(year)) != 0)
		sg_import__issue_ref(im, row, sg_import__header(im, SG_F_YEAR),
				     yr, "rejected",
				     *yr ? &year_invalid : &year_missing);
	if (*btext && parse_date(btext, birth, sizeof(birth)) != 0)
		sg_import__issue(im, row,
				 sg_import__header(im, SG_F_BIRTH_DATE), btext,
				 "rejected", SG_R_BIRTH_INVALID);
	if (*ptext &&
	    (priority = sg_standards_priority_group(im->opts->standards,
						    ptext)) < 0)
		sg_import__issue_ref(im, row,
				     sg_import__header(im, SG_F_PRIORITY),
				     ptext, "rejected",
				     priority == -2 ? &priority_range
						    : &priority_invalid);
	if (im->col[SG_F_SCORE] >= 0)
		sg_import__real(im, f, row, SG_F_SCORE, &score, &nscore);
	/* The admission exam totals at most 50 by default (three subjects
	 * of 10, two counted twice); a score past the range is a typing
	 * error (and 1e308 would break the ranking's integer keys). */
	score_range(im->opts->standards, &slo, &shi);
	if (!nscore && (score < slo || score > shi))
		sg_import__issue(im, row, sg_import__header(im, SG_F_SCORE),
				 sg_import__text(im, f, SG_F_SCORE), "rejected",
				 SG_R_SCORE_RANGE, slo, shi);
	if (grade == 10 && !*sg_import__text(im, f, SG_F_SCORE))
		sg_import__issue(im, row, sg_import__header(im, SG_F_SCORE), "",
				 "rejected", SG_R_SCORE_MISSING);
	choices(j, f, row, grade, chosen, sizeof(chosen), &nchoices);
	if (grade == 10 && nchoices == 0)
		sg_import__issue(im, row, sg_import__header(im, SG_F_CHOICE1),
				 "", "rejected", SG_R_CHOICE_NONE);
	sg_import__point(im, f, row, &lon, &lat);
	if (im->row_rejected)
		return SG_OK;

	snprintf(key, sizeof(key), "%s\t%s", code, year);
	if (sg_strmap__get(j->seen, key, &first))
		return sg_import__issue(im, row,
					sg_import__header(im, SG_F_CODE), code,
					"rejected", SG_R_APPLICANT_DUPLICATE,
					year, (long long)first);
	if (sg_strmap__put(j->seen, key, row) != 0)
		return sg_error__oom(im->ctx, "import applicants");
	if (*name && *birth) {
		rc = same_child(j, row, code, name, birth, grade, year, lon,
				lat);
		if (rc != SG_OK || im->row_rejected)
			return rc;
	}
	if (*birth)
		check_age(j, row, birth, year, grade);
	unit = place(j, row, declared, lon, lat);

	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, year, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, grade);
	if (unit >= 0)
		sqlite3_bind_int64(st, 4, unit);
	else
		sqlite3_bind_null(st, 4);
	sqlite3_bind_double(st, 5, lon);
	sqlite3_bind_double(st, 6, lat);
	sqlite3_bind_int64(st, 7, im->run_id);
	if (j->has[OPT_NAME])
		sg_db__bind_text(st, 8 + OPT_NAME, name);
	if (j->has[OPT_BIRTH])
		sg_db__bind_text(st, 8 + OPT_BIRTH, birth);
	if (j->has[OPT_DECLARED])
		sg_db__bind_text(st, 8 + OPT_DECLARED, declared);
	if (j->has[OPT_CHOICES])
		sg_db__bind_text(st, 8 + OPT_CHOICES, chosen);
	if (j->has[OPT_SCORE]) {
		if (nscore)
			sqlite3_bind_null(st, 8 + OPT_SCORE);
		else
			sqlite3_bind_double(st, 8 + OPT_SCORE, score);
	}
	if (j->has[OPT_PRIORITY]) {
		if (priority > 0)
			sqlite3_bind_int64(st, 8 + OPT_PRIORITY, priority);
		else
			sqlite3_bind_null(st, 8 + OPT_PRIORITY);
	}
	existed = sg_strmap__get(j->stored, key, &first);
	if (sqlite3_step(st) != SQLITE_DONE)
		return sg_db__fail(im->ctx, "import applicants");
	sg_import__tally(im, existed, sqlite3_changes(im->ctx->db) > 0);
	sqlite3_reset(st);
	return SG_OK;
}

int sg_import__applicants(sg_importer *im)
{
	appl_job j;
	int rc;

	memset(&j, 0, sizeof(j));
	j.im = im;
	if (im->col[SG_F_YEAR] < 0 && !im->opts->year)
		return sg_error__set(im->ctx, SG_EINVALID,
				     "import: %s: no school year: name the "
				     "year (2024-2025) or give a 'Năm học' "
				     "column",
				     im->base);
	j.has[OPT_NAME] = im->col[SG_F_NAME] >= 0;
	j.has[OPT_BIRTH] = im->col[SG_F_BIRTH_DATE] >= 0;
	j.has[OPT_DECLARED] = im->col[SG_F_UNIT_CODE] >= 0;
	j.has[OPT_CHOICES] = im->col[SG_F_CHOICE1] >= 0 ||
			     im->col[SG_F_CHOICE2] >= 0 ||
			     im->col[SG_F_CHOICE3] >= 0;
	j.has[OPT_SCORE] = im->col[SG_F_SCORE] >= 0;
	j.has[OPT_PRIORITY] = im->col[SG_F_PRIORITY] >= 0;
	rc = load(&j);
	if (rc == SG_OK)
		rc = prepare(&j);
	if (rc == SG_OK)
		rc = sg_import__each_row(im, one_row, &j);
	sqlite3_finalize(j.ups);
	sg_strmap__free(j.stored);
	sg_import__units_free(&j.units);
	sg_strmap__free(j.schools);
	sg_strmap__free(j.seen);
	sg_strmap__free(j.people);
	for (size_t i = 0; i < j.npersons; i++)
		free(j.persons[i].code);
	free(j.persons);
	return rc;
}
