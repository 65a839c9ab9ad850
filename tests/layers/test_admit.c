/*
 * tests/layers/test_admit.c - applicants import and `schoolgis admit`
 * through a real store: every validation case of the import; placements
 * read back from the written internal list and checked by the
 * independent checker (capacities, no blocking pair, the same placement
 * as the round-based reference); byte-identical outputs on repeated
 * runs; public lists without names, coordinates or addresses; the run
 * in the store; atomic outputs.
 */
#include <math.h>
#include <sys/stat.h>

#include "engine/crs.h"
#include "sg_admit_check.h"
#include "sg_db_test.h"

/* Two wards of about 4.4 x 4.4 km side by side. */
static const char units_geojson[] =
	"{\"type\":\"FeatureCollection\",\"features\":[\n"
	"{\"type\":\"Feature\",\"properties\":{\"code\":\"W1\",\"name\":\"Xã "
	"Một\",\"kind\":\"ward\"},\"geometry\":{\"type\":\"Polygon\","
	"\"coordinates\":[[[106.50,10.90],[106.54,10.90],[106.54,10.94],"
	"[106.50,10.94],[106.50,10.90]]]}},\n"
	"{\"type\":\"Feature\",\"properties\":{\"code\":\"W2\",\"name\":\"Xã "
	"Hai\",\"kind\":\"ward\"},\"geometry\":{\"type\":\"Polygon\","
	"\"coordinates\":[[[106.54,10.90],[106.58,10.90],[106.58,10.94],"
	"[106.54,10.94],[106.54,10.90]]]}}\n]}\n";

#define YEAR "2024-2025"
#define NPRIMARY 14
#define NUPPER 4
#define N1 700
#define N10 500

/*---- Fixture ------------------------------------------------------------*/

/* Schools: 14 primary (P13 at P12's place, P14 without seats), 4 upper
 * secondary, 1 lower secondary. */
static void write_schools(const char *path)
{
	FILE *fp = fopen(path, "w");
	uint64_t s = 2024;
	double lon = 0, lat = 0;

	assert_non_null(fp);
	fputs("Mã trường,Tên trường,Cấp học,Kinh độ,Vĩ độ,Năm học,"
	      "Chỉ tiêu tuyển sinh đầu cấp\n",
	      fp);
	for (int i = 1; i <= NPRIMARY; i++) {
		if (i != 13) {
			lon = 106.50 + 0.08 * ac_u01(&s);
			lat = 10.90 + 0.04 * ac_u01(&s);
		}
		fprintf(fp, "P%02d,Tiểu học %d,Tiểu học,%.6f,%.6f," YEAR ",", i,
			i, lon, lat);
		if (i != 14)
			fprintf(fp, "%d", ac_int(&s, 20, 60));
		fputc('\n', fp);
	}
	for (int i = 1; i <= NUPPER; i++)
		fprintf(fp, "U%d,THPT %d,THPT,%.6f,%.6f," YEAR ",%d\n", i, i,
			106.50 + 0.08 * ac_u01(&s), 10.90 + 0.04 * ac_u01(&s),
			ac_int(&s, 40, 90));
	fputs("L1,THCS Một,THCS,106.52,10.92," YEAR ",90\n", fp);
	fclose(fp);
}

/* n applicants of a grade: homes in the two wards (5% twins at the
 * previous home), 1 in 10 with a priority group, a few declaring the
 * other ward; grade 10 with scores in quarter points and 1-3 choices. */
static void write_applicants(const char *path, int grade, int n, uint64_t seed)
{
	FILE *fp = fopen(path, "w");
	uint64_t s = seed;
	double lon = 106.52, lat = 10.92;

	assert_non_null(fp);
	fputs("Mã hồ sơ,Họ và tên,Ngày sinh,Lớp,Mã xã,Kinh độ,Vĩ độ,"
	      "Đối tượng ưu tiên,NV1,NV2,NV3,Điểm xét tuyển\n",
	      fp);
	for (int i = 0; i < n; i++) {
		int prio = ac_u01(&s) < 0.1 ? ac_int(&s, 1, 3) : 0;
		int nch = grade == 10 ? ac_int(&s, 1, 3) : 0;
		int c[3] = { 0, 0, 0 };

		if (i == 0 || ac_u01(&s) >= 0.05) {
			lon = 106.50 + 0.08 * ac_u01(&s);
			lat = 10.90 + 0.04 * ac_u01(&s);
		}
		fprintf(fp,
			"A%d-%04d,Học sinh Số %d,%02d/%02d/%d,%d,%s,%.6f,"
			"%.6f,",
			grade, i, i, ac_int(&s, 1, 28), ac_int(&s, 1, 12),
			grade == 1 ? 2018 : 2009, grade,
			(lon < 106.54) == (ac_u01(&s) < 0.97) ? "W1" : "W2",
			lon, lat);
		if (prio)
			fprintf(fp, "%d", prio);
		for (int k = 0; k < 3; k++) {
			fputc(',', fp);
			if (k >= nch)
				continue;
			do {
				c[k] = ac_int(&s, 1, NUPPER);
			} while ((k > 0 && c[k] == c[0]) ||
				 (k > 1 && c[k] == c[1]));
			fprintf(fp, "U%d", c[k]);
		}
		if (grade == 10)
			fprintf(fp, ",%.2f", 0.25 * ac_int(&s, 40, 120));
		fputc('\n', fp);
	}
	fclose(fp);
}

/* A store with the wards, the schools and both grades' applicants. */
static sg_ctx *fixture(const char *name)
{
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_import_summary s;
	sg_ctx *ctx = new_store(name);
	char path[256];

	assert_sg_ok(ctx, sg_test_import(ctx, SG_IMPORT_UNITS, "units.geojson",
					 units_geojson, &o, &s));
	sg_test_path(path, sizeof(path), "schools.csv");
	write_schools(path);
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, &s));
	assert_int_equal(s.rejected, 0);
	o.year = YEAR;
	sg_test_path(path, sizeof(path), "g1.csv");
	write_applicants(path, 1, N1, 11);
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_APPLICANTS, path, &o, &s));
	assert_int_equal(s.inserted, N1);
	assert_int_equal(s.rejected, 0);
	sg_test_path(path, sizeof(path), "g10.csv");
	write_applicants(path, 10, N10, 1010);
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_APPLICANTS, path, &o, &s));
	assert_int_equal(s.inserted, N10);
	assert_int_equal(s.rejected, 0);
	return ctx;
}

/*---- Reading outputs back -------------------------------------------------*/

#define MAXF 32

/* Split one CSV line (RFC 4180, no embedded newline) in place. */
static int csv_split(char *line, char **f, int max)
{
	int n = 0;
	char *p = line, *w;

	line[strcspn(line, "\r\n")] = '\0';
	while (n < max) {
		f[n++] = w = p;
		if (*p == '"') {
			f[n - 1] = w = ++p;
			for (;;) {
				if (*p == '"' && p[1] == '"') {
					*w++ = '"';
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else if (!*p) {
					break;
				} else {
					*w++ = *p++;
				}
			}
			if (*p == ',') {
				*w = '\0';
				p++;
				continue;
			}
			*w = '\0';
			break;
		}
		p += strcspn(p, ",");
		if (!*p)
			break;
		*p++ = '\0';
	}
	return n;
}

static int col_of(char **hdr, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(hdr[i], name) == 0)
			return i;
	fail_msg("no column %s", name);
	return -1;
}

/* One applicant as internal.csv tells it. */
typedef struct {
	char code[32], pub[16], school[16], choices[64], expl[256];
	char name[64];
	double lon, lat, score;
	int prio, rank;
} row_t;

static size_t read_internal(const char *path, row_t *rows, size_t max)
{
	char line[2048], *h[MAXF], *f[MAXF], hdr[2048];
	FILE *fp = fopen(path, "r");
	int nh, ic, ip, inm, ilon, ilat, ipr, isc, ich, is, ir, ie;
	size_t n = 0;

	assert_non_null(fp);
	assert_non_null(fgets(hdr, sizeof(hdr), fp));
	nh = csv_split(hdr, h, MAXF);
	ic = col_of(h, nh, "applicant_code");
	ip = col_of(h, nh, "public_code");
	inm = col_of(h, nh, "name");
	ilon = col_of(h, nh, "lon");
	ilat = col_of(h, nh, "lat");
	ipr = col_of(h, nh, "priority_group");
	isc = col_of(h, nh, "score");
	ich = col_of(h, nh, "choices");
	is = col_of(h, nh, "school_code");
	ir = col_of(h, nh, "rank");
	ie = col_of(h, nh, "explanation");
	while (fgets(line, sizeof(line), fp)) {
		row_t *r = &rows[n++];

		assert_true(n <= max);
		assert_int_equal(csv_split(line, f, MAXF), nh);
		snprintf(r->code, sizeof(r->code), "%s", f[ic]);
		snprintf(r->pub, sizeof(r->pub), "%s", f[ip]);
		snprintf(r->name, sizeof(r->name), "%s", f[inm]);
		snprintf(r->school, sizeof(r->school), "%s", f[is]);
		snprintf(r->choices, sizeof(r->choices), "%s", f[ich]);
		snprintf(r->expl, sizeof(r->expl), "%s", f[ie]);
		r->lon = atof(f[ilon]);
		r->lat = atof(f[ilat]);
		r->prio = atoi(f[ipr]);
		r->score = *f[isc] ? atof(f[isc]) : NAN;
		r->rank = atoi(f[ir]);
	}
	fclose(fp);
	return n;
}

/* The schools of a level from the store, by code, projected. */
typedef struct {
	size_t n;
	char code[32][16];
	double x[32], y[32];
	int64_t seats[32];
} schools_t;

static void read_schools(sg_ctx *ctx, const char *level, sg_crs_tx *tx,
			 schools_t *s)
{
	sqlite3_stmt *st;
	char sql[512];

	snprintf(sql, sizeof(sql),
		 "SELECT s.code, X(s.geom), Y(s.geom), "
		 "coalesce(y.seats_entry_grade, 0) FROM schools s LEFT JOIN "
		 "school_years y ON y.school_id = s.id AND y.year = '" YEAR
		 "' WHERE s.levels LIKE '%%%s%%' ORDER BY s.code",
		 level);
	assert_int_equal(sqlite3_prepare_v2(ctx->db, sql, -1, &st, NULL),
			 SQLITE_OK);
	s->n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		size_t i = s->n++;

		snprintf(s->code[i], sizeof(s->code[i]), "%s",
			 sqlite3_column_text(st, 0));
		s->x[i] = sqlite3_column_double(st, 1);
		s->y[i] = sqlite3_column_double(st, 2);
		assert_int_equal(sg_crs__point(tx, &s->x[i], &s->y[i]), 0);
		s->seats[i] = sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
}

static int32_t school_index(const schools_t *s, const char *code)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->code[i], code) == 0)
			return (int32_t)i;
	return -1;
}

/*
 * Check a written placement with the independent checker: rebuild the
 * instance from the store (schools, seats) and internal.csv (homes,
 * priorities, scores, choices), check capacities and stability, and
 * compare with the round-based reference.  Returns the rows read.
 */
static size_t check_written(sg_ctx *ctx, const char *dir, int grade,
			    double max_distance, row_t *rows, size_t max)
{
	char path[512], crs[128];
	sg_crs_tx *tx = NULL;
	schools_t sc;
	sg_admit_in in = { 0 };
	size_t n;
	double *ax, *ay, *score;
	int *prio;
	int32_t *choice, *placed, *ref;

	q_text(ctx,
	       "SELECT json_extract(parameters, '$.crs') FROM runs "
	       "WHERE command = 'admit' ORDER BY id DESC LIMIT 1",
	       crs, sizeof(crs));
	assert_sg_ok(ctx, sg_crs__new(ctx, &tx, "EPSG:4326", crs, "test"));
	read_schools(ctx, grade == 1 ? "primary" : "upper_secondary", tx, &sc);
	snprintf(path, sizeof(path), "%s/internal.csv", dir);
	n = read_internal(path, rows, max);
	ax = calloc(n, sizeof(double));
	ay = calloc(n, sizeof(double));
	score = calloc(n, sizeof(double));
	prio = calloc(n, sizeof(int));
	choice = calloc(3 * n, sizeof(int32_t));
	placed = calloc(n, sizeof(int32_t));
	ref = calloc(n, sizeof(int32_t));
	assert_true(ax && ay && score && prio && choice && placed && ref);
	for (size_t a = 0; a < n; a++) {
		char buf[64], *p, *save = NULL;
		int k = 0;

		if (a > 0)
			assert_true(strcmp(rows[a - 1].code, rows[a].code) < 0);
		ax[a] = rows[a].lon;
		ay[a] = rows[a].lat;
		assert_int_equal(sg_crs__point(tx, &ax[a], &ay[a]), 0);
		prio[a] = rows[a].prio;
		score[a] = rows[a].score;
		choice[3 * a] = choice[3 * a + 1] = choice[3 * a + 2] = -1;
		snprintf(buf, sizeof(buf), "%s", rows[a].choices);
		for (p = strtok_r(buf, ",", &save); p && k < 3;
		     p = strtok_r(NULL, ",", &save))
			choice[3 * a + (size_t)k++] = school_index(&sc, p);
		placed[a] = *rows[a].school ? school_index(&sc, rows[a].school)
					    : -1;
		if (*rows[a].school)
			assert_true(placed[a] >= 0);
	}
	in.mode = grade == 10 ? SG_ADMIT_CHOICES : SG_ADMIT_DISTANCE;
	in.nschools = sc.n;
	in.sx = sc.x;
	in.sy = sc.y;
	in.seats = sc.seats;
	in.napplicants = n;
	in.ax = ax;
	in.ay = ay;
	in.priority = prio;
	in.score = score;
	in.choice = choice;
	in.max_distance = max_distance;
	in.points[1] = 2;
	in.points[2] = 1.5;
	in.points[3] = 1;
	ac_check_stable(&in, placed);
	ac_reference(&in, ref);
	assert_memory_equal(ref, placed, n * sizeof(int32_t));
	free(ax);
	free(ay);
	free(score);
	free(prio);
	free(choice);
	free(placed);
	free(ref);
	sg_crs__free(tx);
	return n;
}

/* Whole file into a new buffer; *len its size. */
static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

static void same_file(const char *a, const char *b)
{
	size_t na, nb;
	char *x = slurp(a, &na), *y = slurp(b, &nb);

	if (na != nb || memcmp(x, y, na) != 0)
		fail_msg("%s and %s differ", a, b);
	free(x);
	free(y);
}

/* The output files, public lists included, for a run with `nschools`
 * schools named by the codes. */
static void same_outputs(const char *d1, const char *d2, const schools_t *sc)
{
	static const char *const files[] = {
		"internal.csv", "summary.csv", "distance.csv",
		"summary.json", "zones.gpkg",  "public/unplaced.csv"
	};
	char a[512], b[512];

	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
		snprintf(a, sizeof(a), "%s/%s", d1, files[i]);
		snprintf(b, sizeof(b), "%s/%s", d2, files[i]);
		same_file(a, b);
	}
	for (size_t i = 0; i < sc->n; i++) {
		snprintf(a, sizeof(a), "%s/public/%s.csv", d1, sc->code[i]);
		snprintf(b, sizeof(b), "%s/public/%s.csv", d2, sc->code[i]);
		same_file(a, b);
	}
}

/*
 * The public lists: only the expected columns; every code 12 base-32
 * characters and one of the internal list's public codes, each applicant
 * exactly once over all lists; no name, applicant code, coordinate or
 * ward anywhere.
 */
static void check_public(const char *dir, const schools_t *sc,
			 const row_t *rows, size_t n, int grade)
{
	char path[512], line[512], *f[MAXF];
	size_t seen = 0;

	for (size_t i = 0; i <= sc->n; i++) {
		size_t len;
		char *all;
		FILE *fp;

		if (i < sc->n)
			snprintf(path, sizeof(path), "%s/public/%s.csv", dir,
				 sc->code[i]);
		else
			snprintf(path, sizeof(path), "%s/public/unplaced.csv",
				 dir);
		all = slurp(path, &len);
		for (size_t a = 0; a < n; a++) {
			if (strstr(all, rows[a].name) ||
			    strstr(all, rows[a].code))
				fail_msg("%s names applicant %s", path,
					 rows[a].code);
		}
		/* Public codes have no '.', totals are 5.00 to 30.00. */
		if (strstr(all, "106.") || strstr(all, "10.9") ||
		    strstr(all, ",W1") || strstr(all, ",W2"))
			fail_msg("%s holds a coordinate or ward", path);
		free(all);
		fp = fopen(path, "r");
		assert_non_null(fp);
		assert_non_null(fgets(line, sizeof(line), fp));
		if (grade == 10)
			assert_string_equal(
				line, i < sc->n ? "public_code,choice,total\n"
						: "public_code,total\n");
		else
			assert_string_equal(line, "public_code\n");
		while (fgets(line, sizeof(line), fp)) {
			int nf = csv_split(line, f, MAXF), hit = 0;

			assert_int_equal(nf,
					 grade == 10 ? (i < sc->n ? 3 : 2) : 1);
			assert_int_equal(strlen(f[0]), 12);
			assert_int_equal(strspn(f[0], "0123456789ABCDEFGHJKMNP"
						      "QRSTVWXYZ"),
					 12);
			for (size_t a = 0; a < n; a++)
				if (strcmp(rows[a].pub, f[0]) == 0) {
					hit++;
					assert_string_equal(
						rows[a].school,
						i < sc->n ? sc->code[i] : "");
				}
			assert_int_equal(hit, 1);
			seen++;
		}
		fclose(fp);
	}
	assert_int_equal(seen, n);
}

/*---- Import -------------------------------------------------------------*/

static void test_admit__import_validation(void **state)
{
	static const char csv[] =
		"Số báo danh,Họ tên,Khối,Ngày sinh,Mã phường,Kinh độ,Vĩ độ,"
		"Ưu tiên,Nguyện vọng 1,Nguyện vọng 2,NV3,Tổng điểm\n"
		"B01,Good,Lớp 10,05/09/2009,W1,106.51,10.91,,U1,U2,,38.5\n"
		"B02,Bad date,10,31/02/2009,W1,106.51,10.91,,U1,,,30\n"
		"B03,Wrong level,10,01/02/2009,W1,106.51,10.91,,P01,,,30\n"
		"B04,Unknown school,10,01/02/2009,W1,106.51,10.91,,U1,ZZ,,30\n"
		"B05,Gap,10,01/02/2009,W1,106.51,10.91,,,U1,,30\n"
		"B06,Repeat,10,01/02/2009,W1,106.51,10.91,,U1,U1,,30\n"
		"B07,No score,10,01/02/2009,W1,106.51,10.91,,U1,,,\n"
		"B08,No choice,10,01/02/2009,W1,106.51,10.91,,,,,30\n"
		"B09,Grade 7,7,01/02/2009,W1,106.51,10.91,,U1,,,20\n"
		"B01,Dup code,10,01/02/2009,W1,106.52,10.91,,U1,,,20\n"
		"B11,Good,10,05/09/2009,W1,106.5101,10.9101,,U1,,,38\n"
		"B12,Bad priority,1,05/09/2018,W1,106.51,10.91,5,,,,\n"
		"B13,Outside,1,05/09/2018,W1,105.51,10.91,1,,,,\n"
		"B14,Other ward,1,05/09/2018,W2,106.51,10.91,,,,,\n"
		"B15,Unknown ward,6,05/09/2013,X9,106.55,10.91,Nhóm 2,,,,\n"
		"B16,No lon,1,05/09/2018,W1,,10.91,,,,,\n";
	static const struct {
		int row;
		const char *field, *reason, *action;
	} expect[] = {
		{ 3, "Ngày sinh", "not a date", "rejected" },
		{ 4, "Nguyện vọng 1", "P01_ does not teach grade 10",
		  "rejected" },
		{ 5, "Nguyện vọng 2", "unknown school _ZZ_", "rejected" },
		{ 6, "Nguyện vọng 1", "choice 1 is empty", "rejected" },
		{ 7, "Nguyện vọng 2", "choice 2 repeats choice 1", "rejected" },
		{ 8, "Tổng điểm", "needs the admission exam score",
		  "rejected" },
		{ 9, "Nguyện vọng 1", "at least one school choice",
		  "rejected" },
		{ 10, "Khối", "must be 1, 6 or 10", "rejected" },
		{ 11, "Số báo danh", "duplicate applicant code", "rejected" },
		{ 12, "Số báo danh", "same name, birth date and home as row 2",
		  "rejected" },
		{ 13, "Ưu tiên", "priority group must be 1, 2 or 3",
		  "rejected" },
		{ 14, "coordinates", "outside the study area", "flagged" },
		{ 15, "Mã phường", "outside the declared ward", "flagged" },
		{ 16, "Mã phường", "unknown declared ward", "flagged" },
		{ 17, "Kinh độ", "missing coordinate", "rejected" },
	};
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_ctx *ctx = fixture("val.sqlite");
	sg_import_summary s;
	char path[256], sql[512], buf[64];

	(void)state;
	sg_test_path(path, sizeof(path), "bad_applicants.csv");
	sg_test_write(path, csv);
	o.year = "2025-2026";
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_APPLICANTS, path, &o, &s));
	assert_int_equal(s.rows, 16);
	assert_int_equal(s.inserted, 4); /* B01, B13, B14, B15 */
	assert_int_equal(s.rejected, 12);
	assert_int_equal(s.flagged, 3);
	for (size_t i = 0; i < sizeof(expect) / sizeof(*expect); i++) {
		snprintf(sql, sizeof(sql),
			 "SELECT count(*) FROM import_issues"
			 " WHERE row = %d AND field = '%s' AND action = '%s' "
			 "AND reason LIKE '%%%s%%'",
			 expect[i].row, expect[i].field, expect[i].action,
			 expect[i].reason);
		if (q_int(ctx, sql) != 1)
			fail_msg("no issue for row %d: %s", expect[i].row, sql);
	}
	/* What was stored. */
	assert_string_equal(q_text(ctx,
				   "SELECT choices || '|' || score || "
				   "'|' || birth_date || '|' || grade FROM "
				   "applicants WHERE code = 'B01' AND year = "
				   "'2025-2026'",
				   buf, sizeof(buf)),
			    "U1,U2|38.5|2009-09-05|10");
	assert_string_equal(q_text(ctx,
				   "SELECT priority || '|' || "
				   "declared_unit_code || '|' || (unit_id IS "
				   "NULL) FROM applicants WHERE code = 'B15'",
				   buf, sizeof(buf)),
			    "2|X9|0");
	/* Outside every unit: kept, in the ward it declared. */
	assert_string_equal(q_text(ctx,
				   "SELECT u.code FROM applicants a JOIN"
				   " units u ON u.id = a.unit_id WHERE a.code ="
				   " 'B13'",
				   buf, sizeof(buf)),
			    "W1");
	/* The ward found, not the one declared. */
	assert_string_equal(q_text(ctx,
				   "SELECT u.code FROM applicants a JOIN"
				   " units u ON u.id = a.unit_id WHERE a.code ="
				   " 'B14'",
				   buf, sizeof(buf)),
			    "W1");
	/* Re-importing changes nothing. */
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_APPLICANTS, path, &o, &s));
	assert_int_equal(s.inserted, 0);
	assert_int_equal(s.updated, 0);
	assert_int_equal(s.unchanged, 4);
	/* No year: a usage error of the whole import. */
	o.year = NULL;
	assert_sg_fails(ctx,
			sg_import(ctx, SG_IMPORT_APPLICANTS, path, &o, NULL),
			SG_EINVALID, "no school year");
	sg_ctx_free(ctx);
}

/*
 * #11 item 7: priority groups as offices write them, labels a standards
 * file adds ([priority_labels]), and the exam-score range of the
 * standards (admission.score_min, score_max); each rejected row is
 * named with its row, field and reason.
 */
static void test_admit__priority_labels_and_score_range(void **state)
{
	static const char csv[] =
		"Mã hồ sơ,Lớp,Kinh độ,Vĩ độ,Đối tượng ưu tiên,NV1,Điểm xét "
		"tuyển\n"
		"C01,10,106.511,10.91,Con liệt sĩ,U1,30\n"
		"C02,10,106.512,10.91,UT 1,U1,30\n"
		"C03,10,106.513,10.91,Ưu tiên 2,U1,30\n"
		"C04,10,106.514,10.91,Nhóm 3,U1,30\n"
		"C05,10,106.515,10.91,Diện 1,U1,30\n"
		"C06,10,106.516,10.91,1,U1,30\n"
		"C07,10,106.517,10.91,UT 4,U1,30\n"
		"C08,10,106.518,10.91,,U1,31\n"
		"C09,10,106.519,10.91,,U1,4\n"
		"C10,10,106.520,10.91,UT1,U1,1e308\n"
		"C11,10,106.521,10.91,CON THƯƠNG BINH,U1,30\n"
		"C12,10,106.522,10.91,UT1,U1,-1\n";
	/* Group stored per code; -1: rejected.  Without, then with the
	 * standards file. */
	static const struct {
		const char *code;
		int plain, with;
	} expect[] = {
		{ "C01", -1, 1 },  { "C02", 1, 1 },  { "C03", 2, 2 },
		{ "C04", 3, 3 },   { "C05", 1, 1 },  { "C06", 1, 1 },
		{ "C07", -1, -1 }, { "C08", 0, -1 }, { "C09", 0, -1 },
		{ "C10", -1, -1 }, { "C11", -1, 2 }, { "C12", -1, -1 },
	};
	static const char ini[] =
		"[admission]\nscore_min = 5\nscore_max = 30\n"
		"[priority_labels]\nCon liệt sĩ = 1   ; a martyr's child\n"
		"Con thương binh = 2\n";
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_standards *std, *back;
	sg_ctx *ctx = fixture("labels.sqlite");
	sg_import_summary s;
	char path[256], sql[512], buf[64], *text;

	(void)state;
	o.year = "2025-2026";
	for (int pass = 0; pass < 2; pass++) {
		sg_test_path(path, sizeof(path), "labels.ini");
		sg_test_write(path, ini);
		std = NULL;
		if (pass == 1)
			assert_sg_ok(ctx, sg_standards_load(ctx, path, &std));
		o.standards = std;
		sg_test_path(path, sizeof(path), "labels.csv");
		sg_test_write(path, csv);
		assert_int_equal(sqlite3_exec(ctx->db,
					      "DELETE FROM applicants"
					      " WHERE year = '2025-2026'",
					      NULL, NULL, NULL),
				 SQLITE_OK);
		assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_APPLICANTS, path, &o,
					    &s));
		for (size_t i = 0; i < sizeof(expect) / sizeof(*expect); i++) {
			int want = pass ? expect[i].with : expect[i].plain;

			snprintf(sql, sizeof(sql),
				 "SELECT coalesce((SELECT "
				 "coalesce(priority, 0) FROM applicants WHERE "
				 "code = '%s' AND year = '2025-2026'), -1)",
				 expect[i].code);
			if (q_int(ctx, sql) != want)
				fail_msg("pass %d: %s gave %lld, not %d", pass,
					 expect[i].code,
					 (long long)q_int(ctx, sql), want);
			if (want >= 0)
				continue;
			/* The rejected row named: row, field, reason. */
			snprintf(
				sql, sizeof(sql),
				"SELECT count(*) FROM "
				"import_issues WHERE row = %zu AND action = "
				"'rejected' AND ((field = 'Điểm xét tuyển' AND"
				" reason LIKE 'exam score out of range (%s%%') "
				"OR (field = 'Đối tượng ưu tiên' AND (reason "
				"LIKE '%%priority_labels%%' OR reason LIKE "
				"'%%must be 1, 2 or 3%%')) OR reason = "
				"'negative value')",
				i + 2, pass ? "5 to 30" : "0 to 50");
			if (q_int(ctx, sql) < 1)
				fail_msg(
					"pass %d: row %zu (%s) rejected without"
					" its reason",
					pass, i + 2, expect[i].code);
		}
		sg_standards_free(std);
	}
	/* The table from the public call, and the standards' text round
	 * trip with its labels. */
	assert_int_equal(sg_standards_priority_group(NULL, "ĐT2"), 2);
	assert_int_equal(sg_standards_priority_group(NULL, "Đối tượng 3"), 3);
	assert_int_equal(sg_standards_priority_group(NULL, "Không"), 0);
	assert_int_equal(sg_standards_priority_group(NULL, "UT 4"), -2);
	assert_int_equal(sg_standards_priority_group(NULL, "Con liệt sĩ"), -1);
	assert_int_equal(sg_standards_priority_group(NULL, "Lớp 1"), -1);
	sg_test_path(path, sizeof(path), "labels.ini");
	assert_sg_ok(ctx, sg_standards_load(ctx, path, &std));
	assert_sg_ok(ctx, sg_standards_format(std, &text));
	assert_non_null(strstr(text, "[priority_labels]"));
	sg_test_path(path, sizeof(path), "labels2.ini");
	sg_test_write(path, text);
	sg_free(text);
	assert_sg_ok(ctx, sg_standards_load(ctx, path, &back));
	assert_int_equal(sg_standards_priority_group(back, "con liet si"), 1);
	assert_int_equal(sg_standards_priority_group(back, "Con thương "
							   "binh"),
			 2);
	assert_true(
		sg_standards_get(back, "admission.score_max", &(double){ 0 }));
	sg_standards_free(back);
	sg_standards_free(std);
	/* A bad group in the file names the file and line. */
	sg_test_write(path, "[priority_labels]\nUT5 = 5\n");
	assert_sg_fails(ctx, sg_standards_load(ctx, path, &std), SG_EINVALID,
			"labels2.ini:2: priority_labels");
	(void)buf;
	sg_ctx_free(ctx);
}

/*---- Placement ----------------------------------------------------------*/

static void test_admit__grade1_stable_reproducible_private(void **state)
{
	sg_admit_options ao = SG_ADMIT_OPTIONS_INIT;
	sg_admit_summary sum, sum2;
	sg_ctx *ctx = fixture("g1.sqlite");
	row_t *rows = calloc(N1 + 1, sizeof(*rows));
	char d1[256], d2[256], crs[128], buf[128];
	sg_crs_tx *tx = NULL;
	schools_t sc;
	size_t n;
	int64_t placed = 0, key_rows;

	(void)state;
	assert_non_null(rows);
	sg_test_path(d1, sizeof(d1), "g1-a");
	sg_test_path(d2, sizeof(d2), "g1-b");
	ao.grade = 1;
	ao.out_dir = d1;
	assert_sg_ok(ctx, sg_admit(ctx, &ao, &sum));
	assert_string_equal(sum.year, YEAR);
	assert_int_equal(sum.level, SG_LEVEL_PRIMARY);
	assert_int_equal(sum.schools, NPRIMARY);
	assert_int_equal(sum.schools_no_seats, 1);
	assert_int_equal(sum.applicants, N1);
	assert_int_equal(sum.placed + sum.unplaced, N1);
	assert_true(sum.unplaced > 0); /* fewer seats than children */
	assert_int_equal(sum.placed, sum.seats);
	assert_true(sum.zones > 0 && sum.zones <= NPRIMARY);
	assert_true(sum.run_id > 0);
	/* Read back and checked independently. */
	n = check_written(ctx, d1, 1, 0, rows, N1);
	assert_int_equal(n, N1);
	for (size_t a = 0; a < n; a++) {
		placed += *rows[a].school != 0;
		if (*rows[a].school && rows[a].rank == 1)
			assert_true(strncmp(rows[a].expl,
					    "placed at the "
					    "nearest school, ",
					    30) == 0);
		if (*rows[a].school && rows[a].rank == 2)
			assert_non_null(strstr(rows[a].expl, "placed at 2nd "
							     "nearest"));
		if (!*rows[a].school)
			assert_non_null(strstr(rows[a].expl, "not placed"));
	}
	assert_int_equal(placed, sum.placed);
	/* The run and its figures. */
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM runs WHERE command "
				    "= 'admit'"),
			 1);
	assert_int_equal(q_int(ctx, "SELECT json_extract(summary, '$.placed')"
				    " FROM runs WHERE command = 'admit'"),
			 sum.placed);
	assert_int_equal(q_int(ctx,
			       "SELECT sum(value) FROM results WHERE "
			       "subject LIKE 'admit:%' AND key = 'placed'"),
			 sum.placed);
	key_rows = q_int(ctx, "SELECT count(*) FROM meta WHERE key = "
			      "'admit_key'");
	assert_int_equal(key_rows, 1);
	/* Again: byte-identical files; the key is kept. */
	ao.out_dir = d2;
	assert_sg_ok(ctx, sg_admit(ctx, &ao, &sum2));
	assert_int_equal(sum2.run_id, sum.run_id + 1);
	q_text(ctx,
	       "SELECT json_extract(parameters, '$.crs') FROM runs "
	       "WHERE command = 'admit' LIMIT 1",
	       crs, sizeof(crs));
	assert_sg_ok(ctx, sg_crs__new(ctx, &tx, "EPSG:4326", crs, "test"));
	read_schools(ctx, "primary", tx, &sc);
	same_outputs(d1, d2, &sc);
	check_public(d1, &sc, rows, n, 1);
	/* The GeoPackage: one zone per school with placed children. */
	{
		char sql[600];

		snprintf(sql, sizeof(sql), "%s/zones.gpkg", d1);
		assert_true(access(sql, R_OK) == 0);
	}
	assert_string_equal(q_text(ctx,
				   "SELECT value FROM meta WHERE key = "
				   "'admit_key'",
				   buf, sizeof(buf)),
			    q_text(ctx,
				   "SELECT value FROM meta WHERE key = "
				   "'admit_key'",
				   crs, sizeof(crs)));
	sg_crs__free(tx);
	free(rows);
	sg_ctx_free(ctx);
}

static void test_admit__grade1_max_distance(void **state)
{
	sg_admit_options ao = SG_ADMIT_OPTIONS_INIT;
	sg_admit_summary sum;
	sg_ctx *ctx = fixture("md.sqlite");
	row_t *rows = calloc(N1 + 1, sizeof(*rows));
	char dir[256];
	size_t n, beyond = 0;

	(void)state;
	assert_non_null(rows);
	sg_test_path(dir, sizeof(dir), "md");
	ao.grade = 1;
	ao.out_dir = dir;
	ao.max_distance = 900;
	assert_sg_ok(ctx, sg_admit(ctx, &ao, &sum));
	n = check_written(ctx, dir, 1, 900, rows, N1);
	for (size_t a = 0; a < n; a++)
		beyond += strstr(rows[a].expl, "no school within 900 m") !=
			  NULL;
	assert_true(beyond > 0);
	assert_true(sum.distance_max_m <= 900);
	free(rows);
	sg_ctx_free(ctx);
}

static void test_admit__grade10_cutoffs(void **state)
{
	sg_admit_options ao = SG_ADMIT_OPTIONS_INIT;
	sg_admit_summary sum;
	sg_ctx *ctx = fixture("g10.sqlite");
	row_t *rows = calloc(N10 + 1, sizeof(*rows));
	char dir[256], path[512], line[1024], *f[MAXF], crs[128];
	sg_crs_tx *tx = NULL;
	schools_t sc;
	size_t n;
	FILE *fp;

	(void)state;
	assert_non_null(rows);
	sg_test_path(dir, sizeof(dir), "g10");
	ao.grade = 10;
	ao.out_dir = dir;
	assert_sg_ok(ctx, sg_admit(ctx, &ao, &sum));
	assert_int_equal(sum.schools, NUPPER);
	n = check_written(ctx, dir, 10, 0, rows, N10);
	assert_int_equal(n, N10);
	q_text(ctx,
	       "SELECT json_extract(parameters, '$.crs') FROM runs "
	       "WHERE command = 'admit' LIMIT 1",
	       crs, sizeof(crs));
	assert_sg_ok(ctx, sg_crs__new(ctx, &tx, "EPSG:4326", crs, "test"));
	read_schools(ctx, "upper_secondary", tx, &sc);
	check_public(dir, &sc, rows, n, 10);
	/* summary.csv: the cut-off is the lowest total admitted. */
	snprintf(path, sizeof(path), "%s/summary.csv", dir);
	fp = fopen(path, "r");
	assert_non_null(fp);
	assert_non_null(fgets(line, sizeof(line), fp));
	while (fgets(line, sizeof(line), fp)) {
		int nf = csv_split(line, f, MAXF);
		double low = INFINITY;
		int64_t cnt = 0;

		assert_int_equal(nf, 23);
		if (strcmp(f[0], "TOTAL") == 0) {
			assert_int_equal(atoll(f[5]), sum.placed);
			assert_int_equal(atoll(f[7]), sum.unplaced);
			continue;
		}
		for (size_t a = 0; a < n; a++)
			if (strcmp(rows[a].school, f[0]) == 0) {
				int p = rows[a].prio;
				double t = rows[a].score + (p == 1   ? 2
							    : p == 2 ? 1.5
							    : p	     ? 1
								     : 0);

				low = fmin(low, t);
				cnt++;
			}
		assert_int_equal(atoll(f[5]), cnt);
		assert_true(cnt <= atoll(f[2]));
		if (cnt)
			assert_true(fabs(atof(f[15]) - low) < 1e-9);
	}
	fclose(fp);
	for (size_t a = 0; a < n; a++) {
		if (*rows[a].school && rows[a].rank == 2)
			assert_non_null(strstr(rows[a].expl, "1st choice full "
							     "(cut-off"));
		if (*rows[a].school && rows[a].rank > 1)
			assert_non_null(strstr(rows[a].expl, "placed at"));
	}
	/* A score lost in the store: listed, not placed, explained. */
	{
		char sql[256];

		snprintf(sql, sizeof(sql),
			 "UPDATE applicants SET score = NULL"
			 " WHERE code = '%s'",
			 rows[0].code);
		assert_int_equal(sqlite3_exec(ctx->db, sql, NULL, NULL, NULL),
				 SQLITE_OK);
		sg_test_path(dir, sizeof(dir), "g10-noscore");
		assert_sg_ok(ctx, sg_admit(ctx, &ao, &sum));
		snprintf(path, sizeof(path), "%s/internal.csv", dir);
		assert_int_equal(read_internal(path, rows, N10), N10);
		assert_string_equal(rows[0].school, "");
		assert_string_equal(rows[0].expl, "no exam score in the store; "
						  "not placed");
	}
	sg_crs__free(tx);
	free(rows);
	sg_ctx_free(ctx);
}

/*---- Outputs ------------------------------------------------------------*/

static void test_admit__atomic_outputs(void **state)
{
	sg_admit_options ao = SG_ADMIT_OPTIONS_INIT;
	sg_admit_summary sum;
	sg_ctx *ctx = fixture("atomic.sqlite");
	char dir[256], other[256], path[512], first[64], second[64];
	int64_t runs;
	struct stat sb;

	(void)state;
	sg_test_path(dir, sizeof(dir), "out");
	ao.grade = 1;
	ao.out_dir = dir;
	assert_sg_ok(ctx, sg_admit(ctx, &ao, &sum));
	runs = q_int(ctx, "SELECT count(*) FROM runs");
	/* An existing directory is kept unless forced. */
	assert_sg_fails(ctx, sg_admit(ctx, &ao, &sum), SG_EEXISTS, "exists");
	/* A directory that is not an admit output is never replaced. */
	sg_test_path(other, sizeof(other), "precious");
	assert_int_equal(mkdir(other, 0777), 0);
	ao.out_dir = other;
	ao.overwrite = true;
	assert_sg_fails(ctx, sg_admit(ctx, &ao, &sum), SG_EEXISTS,
			"not the output of an earlier admit");
	assert_int_equal(stat(other, &sb), 0);
	/* Failures change nothing: no directory, no run. */
	sg_test_path(path, sizeof(path), "none");
	ao.out_dir = path;
	ao.year = "1999-2000";
	assert_sg_fails(ctx, sg_admit(ctx, &ao, &sum), SG_ENOTFOUND,
			"no applicants of grade 1 for 1999-2000");
	ao.year = NULL;
	ao.key_hex = "xyz";
	assert_sg_fails(ctx, sg_admit(ctx, &ao, &sum), SG_EINVALID,
			"32 hex digits");
	ao.key_hex = NULL;
	ao.grade = 7;
	assert_sg_fails(ctx, sg_admit(ctx, &ao, &sum), SG_EINVALID,
			"must be 1, 6 or 10");
	ao.grade = 10;
	ao.max_distance = 500;
	assert_sg_fails(ctx, sg_admit(ctx, &ao, &sum), SG_EINVALID,
			"grades 1 and 6");
	assert_int_equal(stat(path, &sb), -1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM runs"), runs);
	/* Forced over an earlier output: replaced, other codes with
	 * another key. */
	snprintf(path, sizeof(path), "%s/public/unplaced.csv", dir);
	{
		FILE *fp = fopen(path, "r");

		assert_non_null(fp);
		assert_non_null(fgets(first, sizeof(first), fp));
		assert_non_null(fgets(first, sizeof(first), fp));
		fclose(fp);
	}
	ao.grade = 1;
	ao.max_distance = 0;
	ao.out_dir = dir;
	ao.key_hex = "00112233445566778899aabbccddeeff";
	assert_sg_ok(ctx, sg_admit(ctx, &ao, &sum));
	{
		FILE *fp = fopen(path, "r");

		assert_non_null(fp);
		assert_non_null(fgets(second, sizeof(second), fp));
		assert_non_null(fgets(second, sizeof(second), fp));
		fclose(fp);
	}
	assert_string_not_equal(first, second);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM runs"), runs + 1);
	/* No temporary or old directory is left beside it. */
	{
		char cmd[600];

		snprintf(cmd, sizeof(cmd),
			 "ls -d '%s'.* 2>/dev/null | grep -q "
			 ".",
			 dir);
		assert_int_not_equal(system(cmd), 0);
	}
	sg_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_admit__import_validation),
		cmocka_unit_test(test_admit__priority_labels_and_score_range),
		cmocka_unit_test(
			test_admit__grade1_stable_reproducible_private),
		cmocka_unit_test(test_admit__grade1_max_distance),
		cmocka_unit_test(test_admit__grade10_cutoffs),
		cmocka_unit_test(test_admit__atomic_outputs),
	};

	return cmocka_run_group_tests(tests, sg_test_setup, sg_test_teardown);
}
