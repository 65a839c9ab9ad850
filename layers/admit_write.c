/*
 * layers/admit_write.c - the files of an admission run: the internal
 * list, the public lists per school, the summary (CSV and JSON), the
 * distance distribution and the admission zones (GeoPackage).
 *
 * Nothing written depends on the clock or the run id, so the same store
 * and options give byte-identical files: the GeoPackage's time stamps
 * are pinned with GDAL's OGR_CURRENT_DATE, rows come in code order and
 * numbers are printed with fixed formats.
 *
 * Admission zones: GDAL rasterizes the study area onto a grid of
 * zone_cell metres (cells it touches); engine/admit.c labels those cells
 * (the school of the nearest placed home; grade 10: of most of the 15
 * nearest); engine/polygonize.c turns the labels into polygons (the
 * cells' edges traced into rings, no GDAL); GEOS clips
 * the polygons that cross the study area's boundary; PROJ takes them
 * back to EPSG:4326.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cpl_conv.h>
#include <gdal.h>
#include <gdal_alg.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "engine/polygonize.h"
#include "engine/strmap.h"
#include "layers/admit_int.h"
#include "util/util.h"
#include "util/failpoint.h"
#include "util/file.h"

#define WHAT "admit"

/* Distance bins of distance.csv, metres; the last is open. */
static const double bins[] = { 0, 500, 1000, 2000, 3000, 5000, 10000 };
#define NBINS (sizeof(bins) / sizeof(*bins))

/* At most this many grid cells for the zones; a finer cell is coarsened
 * (with a warning). */
#define MAX_ZONE_CELLS 16000000.0

/* Grade 10 zones: the school most of the 15 nearest admitted homes go
 * to (neighbours choose different schools; the nearest home alone gives
 * a speckle).  Grades 1 and 6: the nearest home's school. */
#define ZONE_K10 15

/* The time stamp written into the GeoPackage (reproducible files). */
#define GPKG_DATE "2000-01-01T00:00:00.000Z"

/* The k rule: whether school s placed too few applicants (but some)
 * for its distance figures, cut-offs and zone to be published. */
static int few(const sg_admit_data *d, const sg_admit_result *r, int32_t s)
{
	return r->placed[s] > 0 && r->placed[s] < d->k;
}

double sg_admit__quantile(const double *v, size_t n, double p)
{
	double pos, f;
	size_t i;

	if (n == 0)
		return NAN;
	pos = p * (double)(n - 1);
	i = (size_t)floor(pos);
	f = pos - (double)i;
	if (i + 1 >= n)
		return v[n - 1];
	return v[i] + f * (v[i + 1] - v[i]);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int64_t key4(double v)
{
	return (int64_t)llround(v * 1e4);
}

/*---- Text output --------------------------------------------------------*/

/* An output file: the path for messages and the stream. */
typedef struct {
	sg_ctx *ctx;
	char path[4300];
	FILE *fp;
} out_file;

static int out_open(sg_ctx *ctx, out_file *o, const char *dir, const char *name)
{
	o->ctx = ctx;
	snprintf(o->path, sizeof(o->path), "%s/%s", dir, name);
	o->fp = fopen(o->path, "wb");
	if (!o->fp)
		return sg_error__set(ctx, SG_EIO, "admit: cannot write %s: %s",
				     o->path, strerror(errno));
	setvbuf(o->fp, NULL, _IOFBF, 1 << 16);
	return SG_OK;
}

static int out_close(out_file *o, int rc)
{
	int bad;

	if (!o->fp)
		return rc;
	bad = ferror(o->fp);
	if (rc == SG_OK && sg_failpoint__io("flush")) /* util/failpoint.h */
		bad = 1;
	if (fclose(o->fp) != 0)
		bad = 1;
	o->fp = NULL;
	if (rc == SG_OK && bad)
		rc = sg_error__set(o->ctx, SG_EIO,
				   "admit: cannot write %s: "
				   "%s",
				   o->path, strerror(errno));
	return rc;
}

/* A number with a printf format, or empty for NaN. */
static void csv_num(FILE *fp, const char *fmt, double v, int last)
{
	char buf[64] = "";

	if (!isnan(v))
		snprintf(buf, sizeof(buf), fmt, v);
	sg_csv__ffield(fp, buf, last);
}

static void csv_int(FILE *fp, int64_t v, int last)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	sg_csv__ffield(fp, buf, last);
}

/* A score or total (x 1e4) as printed: "38.5"; empty for INT64_MIN. */
static void csv_points(FILE *fp, int64_t v, int last)
{
	char buf[32] = "";

	if (v != INT64_MIN)
		sg_admit__points(v, buf, sizeof(buf));
	sg_csv__ffield(fp, buf, last);
}

static void json_str(FILE *fp, const char *s)
{
	sg_json__fputs(fp, s ? s : "");
}

static void json_points(FILE *fp, int64_t v)
{
	char buf[32];

	if (v == INT64_MIN)
		fputs("null", fp);
	else
		fputs(sg_admit__points(v, buf, sizeof(buf)), fp);
}

/*---- Figures ------------------------------------------------------------*/

/* Per-school and overall distance figures of the placed applicants. */
typedef struct {
	char (*pseudo)[13]; /* per applicant */
	double *sorted;	    /* all placed distances, ascending */
	size_t nsorted;
	size_t *off;	   /* per school: slice of by_school */
	double *by_school; /* placed distances grouped by school */
	int64_t *at_first; /* per school */
	int64_t seats, at_first_all, tied_out;
} figures;

static void figures_free(figures *f)
{
	free(f->pseudo);
	free(f->sorted);
	free(f->off);
	free(f->by_school);
	free(f->at_first);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* The 60 bits a public code spells (Crockford's base32, whose digits
 * sort as their values): equal codes, equal numbers. */
static uint64_t pseudo_bits(const char *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 12 && p[i]; i++) {
		int c = (unsigned char)p[i], d;

		d = c <= '9'   ? c - '0'
		    : c <= 'H' ? c - 'A' + 10
		    : c <= 'K' ? c - 'J' + 18
		    : c <= 'N' ? c - 'M' + 20
		    : c <= 'T' ? c - 'P' + 22
			       : c - 'V' + 27;
		v = v << 5 | (uint64_t)(d & 31);
	}
	return v;
}

static int make_figures(sg_ctx *ctx, const sg_admit_data *d,
			const sg_admit_result *r, figures *f)
{
	size_t n = d->napp, m = d->nschools, *fill;
	uint64_t *check;

	memset(f, 0, sizeof(*f));
	f->pseudo = malloc((n ? n : 1) * sizeof(*f->pseudo));
	f->sorted = malloc((n ? n : 1) * sizeof(double));
	f->off = calloc(m + 1, sizeof(size_t));
	f->by_school = malloc((n ? n : 1) * sizeof(double));
	f->at_first = calloc(m ? m : 1, sizeof(int64_t));
	fill = calloc(m + 1, sizeof(size_t));
	check = malloc((n ? n : 1) * sizeof(*check));
	if (!f->pseudo || !f->sorted || !f->off || !f->by_school ||
	    !f->at_first || !fill || !check) {
		free(fill);
		free(check);
		return sg_error__oom(ctx, "admit");
	}
	for (size_t a = 0; a < n; a++) {
		sg_admit__pseudonym(d->key, d->year, d->grade, d->acode[a],
				    f->pseudo[a]);
		check[a] = pseudo_bits(f->pseudo[a]);
	}
	/* Public codes must be unique: 60 bits make a clash unheard of,
	 * but a list with one would be wrong. */
	qsort(check, n, sizeof(*check), cmp_u64);
	for (size_t a = 1; a < n; a++)
		if (check[a - 1] == check[a]) {
			int rc = SG_ERROR;

			for (size_t b = 0; b < n; b++)
				if (pseudo_bits(f->pseudo[b]) == check[a]) {
					rc = sg_error__set(ctx, SG_ERROR,
							   "admit: two "
							   "applicants share "
							   "the public code "
							   "%s: run again with"
							   " another key",
							   f->pseudo[b]);
					break;
				}

			free(fill);
			free(check);
			return rc;
		}
	free(check);
	for (size_t a = 0; a < n; a++)
		if (r->school[a] >= 0) {
			f->sorted[f->nsorted++] = r->dist[a];
			f->off[r->school[a] + 1]++;
			f->at_first[r->school[a]] += r->rank[a] == 1;
		}
	qsort(f->sorted, f->nsorted, sizeof(double), cmp_double);
	for (size_t s = 0; s < m; s++) {
		f->off[s + 1] += f->off[s];
		f->seats += d->seats[s];
		f->at_first_all += f->at_first[s];
		f->tied_out += r->tied_out[s];
	}
	for (size_t a = 0; a < n; a++)
		if (r->school[a] >= 0) {
			size_t s = (size_t)r->school[a];

			f->by_school[f->off[s] + fill[s]++] = r->dist[a];
		}
	for (size_t s = 0; s < m; s++)
		qsort(f->by_school + f->off[s], f->off[s + 1] - f->off[s],
		      sizeof(double), cmp_double);
	free(fill);
	return SG_OK;
}

/*---- internal.csv -------------------------------------------------------*/

/* One row of a large CSV is built in memory (util's sg_sb, cells with
 * the formula guard: sg_sb__csv_field) and written with one fwrite:
 * printf per field was most of the time of a 150,000-row list. */

/* v rounded to dec (0-7) decimals, as "-12.3400000"; "" for NaN. */
static const char *fixed(char *buf, double v, int dec)
{
	static const int64_t p10[] = { 1,     10,     100,     1000,
				       10000, 100000, 1000000, 10000000 };
	char tmp[32];
	int64_t q, ip, fp;
	size_t k = 0, t = 0;

	if (isnan(v) || fabs(v) > 1e11) {
		if (isnan(v))
			buf[0] = '\0';
		else
			snprintf(buf, 32, "%.*f", dec, v);
		return buf;
	}
	q = (int64_t)llround(v * (double)p10[dec]);
	if (q < 0) {
		buf[k++] = '-';
		q = -q;
	}
	ip = q / p10[dec];
	fp = q % p10[dec];
	do {
		tmp[t++] = (char)('0' + ip % 10);
		ip /= 10;
	} while (ip);
	while (t)
		buf[k++] = tmp[--t];
	if (dec > 0) {
		buf[k++] = '.';
		for (int i = dec - 1; i >= 0; i--) {
			buf[k + (size_t)i] = (char)('0' + fp % 10);
			fp /= 10;
		}
		k += (size_t)dec;
	}
	buf[k] = '\0';
	return buf;
}

static int write_internal(sg_ctx *ctx, const sg_admit_data *d,
			  const sg_admit_result *r, const figures *f,
			  const char *dir)
{
	out_file o = { 0 };
	char buf[512], num[48], grade[8];
	size_t off = d->round == 2 ? 9 : 0; /* "round 2: " */
	sg_sb rb = { 0 };
	int rc;

	if ((rc = out_open(ctx, &o, dir, "internal.csv")) != SG_OK)
		return rc;
	fputs("applicant_code,public_code,name,birth_date,grade,year,"
	      "declared_unit_code,unit_code,lon,lat,priority_group,score,"
	      "total,choices,status,school_code,school_name,rank,distance_m,"
	      "nearest_school_code,nearest_distance_m,options,explanation\n",
	      o.fp);
	snprintf(grade, sizeof(grade), "%d", d->grade);
	for (size_t a = 0; a < d->napp; a++) {
		int32_t s = r->school[a];
		int noscore = d->grade == 10 && d->noscore[a];

		rb.len = 0;
		sg_sb__csv_field(&rb, d->acode[a], 0);
		sg_sb__csv_field(&rb, f->pseudo[a], 0);
		sg_sb__csv_field(&rb, d->aname[a], 0);
		sg_sb__csv_field(&rb, d->abirth[a], 0);
		sg_sb__csv_field(&rb, grade, 0);
		sg_sb__csv_field(&rb, d->year, 0);
		sg_sb__csv_field(&rb, d->adeclared[a], 0);
		sg_sb__csv_field(&rb, d->aunit[a], 0);
		sg_sb__csv_field(&rb, fixed(num, d->alon[a], 7), 0);
		sg_sb__csv_field(&rb, fixed(num, d->alat[a], 7), 0);
		sg_sb__csv_field(&rb,
				 fixed(num,
				       d->priority[a] ? d->priority[a] : NAN,
				       0),
				 0);
		num[0] = '\0';
		if (!isnan(d->score[a]) && !noscore)
			sg_admit__points(key4(d->score[a]), num, sizeof(num));
		sg_sb__csv_field(&rb, num, 0);
		num[0] = '\0';
		if (d->grade == 10 && !noscore)
			sg_admit__points(r->total[a], num, sizeof(num));
		sg_sb__csv_field(&rb, num, 0);
		sg_sb__csv_field(&rb, d->achoices[a], 0);
		sg_sb__csv_field(&rb, s >= 0 ? "placed" : "unplaced", 0);
		sg_sb__csv_field(&rb, s >= 0 ? d->scode[s] : "", 0);
		sg_sb__csv_field(&rb, s >= 0 ? d->sname[s] : "", 0);
		sg_sb__csv_field(&rb,
				 fixed(num, s >= 0 ? (double)r->rank[a] : NAN,
				       0),
				 0);
		sg_sb__csv_field(&rb, fixed(num, r->dist[a], 1), 0);
		sg_sb__csv_field(&rb,
				 r->nearest[a] >= 0 ? d->scode[r->nearest[a]]
						    : "",
				 0);
		sg_sb__csv_field(&rb, fixed(num, r->nearest_dist[a], 1), 0);
		sg_sb__csv_field(&rb, fixed(num, r->noptions[a], 0), 0);
		if (noscore)
			snprintf(buf + off, sizeof(buf) - off,
				 "no exam score "
				 "in the store; not placed");
		else
			sg_admit__explain(&d->in, r, a, buf + off,
					  sizeof(buf) - off);
		if (d->round == 2)
			memcpy(buf, "round 2: ", 9);
		sg_sb__csv_field(&rb, buf, 1);
		if (rb.oom)
			break;
		fwrite(rb.s, 1, rb.len, o.fp);
	}
	if (rb.oom)
		rc = sg_error__oom(ctx, "admit");
	sg_sb__free(&rb);
	return out_close(&o, rc);
}

/*---- public/ ------------------------------------------------------------*/

/* A school code as a file name: letters, digits, '.', '-', '_'. */
static void file_name(const char *code, char *out, size_t n)
{
	size_t k = 0;

	for (; *code && k + 1 < n; code++, k++)
		out[k] = (*code >= 'A' && *code <= 'Z') ||
					 (*code >= 'a' && *code <= 'z') ||
					 (*code >= '0' && *code <= '9') ||
					 *code == '-' || *code == '_' ||
					 (*code == '.' && k > 0)
				 ? *code
				 : '_';
	out[k] = '\0';
}

typedef struct {
	const char *pseudo;
	int32_t rank;
	int64_t total;
} pub_row;

static int cmp_pub(const void *a, const void *b)
{
	return strcmp(((const pub_row *)a)->pseudo,
		      ((const pub_row *)b)->pseudo);
}

/* One public list: the applicants who[0..k) of school s (or the
 * unplaced, s = -1). */
static int write_public_one(sg_ctx *ctx, const sg_admit_data *d,
			    const sg_admit_result *r, const figures *f,
			    const char *dir, const char *name, int32_t s,
			    const int32_t *who, size_t k, pub_row *rows)
{
	out_file o = { 0 };
	int rc;

	for (size_t i = 0; i < k; i++) {
		int32_t a = who[i];

		rows[i].pseudo = f->pseudo[a];
		rows[i].rank = r->rank[a];
		rows[i].total = d->grade == 10 && !d->noscore[a] ? r->total[a]
								 : INT64_MIN;
	}
	qsort(rows, k, sizeof(*rows), cmp_pub);
	if ((rc = out_open(ctx, &o, dir, name)) != SG_OK)
		return rc;
	if (d->grade == 10)
		fputs(s >= 0 ? "public_code,choice,total\n"
			     : "public_code,total\n",
		      o.fp);
	else
		fputs("public_code\n", o.fp);
	for (size_t i = 0; i < k; i++) {
		sg_csv__ffield(o.fp, rows[i].pseudo, d->grade != 10);
		if (d->grade != 10)
			continue;
		if (s >= 0)
			csv_int(o.fp, rows[i].rank, 0);
		csv_points(o.fp, rows[i].total, 1);
	}
	return out_close(&o, SG_OK);
}

static int write_public(sg_ctx *ctx, const sg_admit_data *d,
			const sg_admit_result *r, const figures *f,
			const char *dir)
{
	char sub[4200], name[200], base[160];
	size_t n = d->napp, m = d->nschools, *off, *fill;
	pub_row *rows = malloc((n ? n : 1) * sizeof(*rows));
	int32_t *who = malloc((n ? n : 1) * sizeof(*who));
	sg_strmap *names = sg_strmap__new();
	int rc = SG_OK;

	/* Applicants grouped by school, the unplaced last (slot m). */
	off = calloc(m + 2, sizeof(size_t));
	fill = calloc(m + 1, sizeof(size_t));
	if (!rows || !who || !names || !off || !fill) {
		free(rows);
		free(who);
		free(off);
		free(fill);
		sg_strmap__free(names);
		return sg_error__oom(ctx, "admit");
	}
	for (size_t a = 0; a < n; a++)
		off[(r->school[a] >= 0 ? (size_t)r->school[a] : m) + 1]++;
	for (size_t s = 0; s <= m; s++)
		off[s + 1] += off[s];
	for (size_t a = 0; a < n; a++) {
		size_t s = r->school[a] >= 0 ? (size_t)r->school[a] : m;

		who[off[s] + fill[s]++] = (int32_t)a;
	}
	snprintf(sub, sizeof(sub), "%s/public", dir);
	if (mkdir(sub, 0777) != 0)
		rc = sg_error__set(ctx, SG_EIO, "admit: cannot create %s: %s",
				   sub, strerror(errno));
	if (rc == SG_OK)
		rc = write_public_one(ctx, d, r, f, sub, "unplaced.csv", -1,
				      who + off[m], off[m + 1] - off[m], rows);
	if (rc == SG_OK && sg_strmap__put(names, "unplaced", 1) != 0)
		rc = sg_error__oom(ctx, "admit");
	for (size_t s = 0; rc == SG_OK && s < d->nschools; s++) {
		int64_t k;

		file_name(d->scode[s], base, sizeof(base));
		/* Codes that differ only in characters a file name may not
		 * hold get a suffix. */
		snprintf(name, sizeof(name), "%s", base);
		for (k = 2; sg_strmap__get(names, name, &(int64_t){ 0 }); k++)
			snprintf(name, sizeof(name), "%s-%lld", base,
				 (long long)k);
		if (sg_strmap__put(names, name, 1) != 0) {
			rc = sg_error__oom(ctx, "admit");
			break;
		}
		strncat(name, ".csv", sizeof(name) - strlen(name) - 1);
		rc = write_public_one(ctx, d, r, f, sub, name, (int32_t)s,
				      who + off[s], off[s + 1] - off[s], rows);
	}
	free(rows);
	free(who);
	free(off);
	free(fill);
	sg_strmap__free(names);
	return rc;
}

/*---- summary.csv, distance.csv, summary.json ----------------------------*/

static void fill_summary(const sg_admit_data *d, const sg_admit_result *r,
			 const figures *f, sg_admit_summary *sum)
{
	double total = 0;

	sum->schools = (int64_t)d->nschools;
	for (size_t s = 0; s < d->nschools; s++)
		sum->schools_no_seats += d->seats_year[s] == NULL;
	sum->seats = f->seats;
	sum->applicants = (int64_t)d->napp;
	sum->placed = r->nplaced;
	sum->unplaced = r->nunplaced;
	sum->at_first = r->at_first;
	sum->at_first_pct = r->nplaced ? 100.0 * (double)r->at_first /
						 (double)r->nplaced
				       : NAN;
	for (size_t i = 0; i < f->nsorted; i++)
		total += f->sorted[i];
	sum->distance_mean_m = f->nsorted ? total / (double)f->nsorted : NAN;
	sum->distance_median_m = sg_admit__quantile(f->sorted, f->nsorted, 0.5);
	sum->distance_p90_m = sg_admit__quantile(f->sorted, f->nsorted, 0.9);
	sum->distance_max_m = f->nsorted ? f->sorted[f->nsorted - 1] : NAN;
}

static int write_summary_csv(sg_ctx *ctx, const sg_admit_data *d,
			     const sg_admit_result *r, const figures *f,
			     const sg_admit_summary *sum, const char *dir)
{
	out_file o = { 0 };
	int rc;

	if ((rc = out_open(ctx, &o, dir, "summary.csv")) != SG_OK)
		return rc;
	fputs("school_code,school_name,seats,seats_year,demand,placed,"
	      "seats_left,unplaced,at_first,at_first_pct,distance_median_m,"
	      "distance_p90_m,distance_max_m,cutoff_distance_m,"
	      "cutoff_priority_group,cutoff_total,cutoff_total_1,"
	      "cutoff_total_2,cutoff_total_3,tied_out,cutoff_published_1,"
	      "cutoff_published_2,cutoff_published_3\n",
	      o.fp);
	for (size_t s = 0; s < d->nschools; s++) {
		FILE *fp = o.fp;
		const double *v = f->by_school + f->off[s];
		size_t nv = f->off[s + 1] - f->off[s];
		int32_t w = few(d, r, (int32_t)s) ? -1 : r->worst[s];
		int g10 = d->grade == 10;

		if (w < 0)
			nv = 0; /* k rule: withheld */
		sg_csv__ffield(fp, d->scode[s], 0);
		sg_csv__ffield(fp, d->sname[s], 0);
		csv_int(fp, d->seats[s], 0);
		sg_csv__ffield(fp, d->seats_year[s], 0);
		csv_int(fp, r->demand[s], 0);
		csv_int(fp, r->placed[s], 0);
		csv_int(fp, d->seats[s] - r->placed[s], 0);
		sg_csv__ffield(fp, "", 0);
		csv_int(fp, f->at_first[s], 0);
		csv_num(fp, "%.2f",
			r->placed[s] ? 100.0 * (double)f->at_first[s] /
					       (double)r->placed[s]
				     : NAN,
			0);
		csv_num(fp, "%.0f", sg_admit__quantile(v, nv, 0.5), 0);
		csv_num(fp, "%.0f", sg_admit__quantile(v, nv, 0.9), 0);
		csv_num(fp, "%.0f", nv ? v[nv - 1] : NAN, 0);
		csv_num(fp, "%.0f", !g10 && w >= 0 ? r->worst_dist[s] : NAN, 0);
		csv_num(fp, "%.0f",
			!g10 && w >= 0 && d->priority[w]
				? (double)d->priority[w]
				: NAN,
			0);
		csv_points(fp, g10 && w >= 0 ? r->total[w] : INT64_MIN, 0);
		for (int k = 0; k < 3; k++)
			csv_points(fp,
				   g10 && w >= 0
					   ? r->cut_rank[s * 3 + (size_t)k]
					   : INT64_MIN,
				   0);
		csv_num(fp, "%.0f",
			g10 && w >= 0 ? (double)r->tied_out[s] : NAN, 0);
		for (int k = 0; k < 3; k++)
			csv_points(fp,
				   g10 && w >= 0 ? r->cut_pub[s * 3 + (size_t)k]
						 : INT64_MIN,
				   k == 2);
	}
	sg_csv__ffield(o.fp, "TOTAL", 0);
	sg_csv__ffield(o.fp, "all schools", 0);
	csv_int(o.fp, f->seats, 0);
	sg_csv__ffield(o.fp, d->year, 0);
	csv_int(o.fp, sum->applicants, 0);
	csv_int(o.fp, sum->placed, 0);
	csv_int(o.fp, f->seats - sum->placed, 0);
	csv_int(o.fp, sum->unplaced, 0);
	csv_int(o.fp, sum->at_first, 0);
	csv_num(o.fp, "%.2f", sum->at_first_pct, 0);
	csv_num(o.fp, "%.0f", sum->distance_median_m, 0);
	csv_num(o.fp, "%.0f", sum->distance_p90_m, 0);
	csv_num(o.fp, "%.0f", sum->distance_max_m, 0);
	for (int k = 0; k < 6; k++)
		sg_csv__ffield(o.fp, "", 0);
	csv_num(o.fp, "%.0f", d->grade == 10 ? (double)f->tied_out : NAN, 0);
	sg_csv__ffield(o.fp, "", 0);
	sg_csv__ffield(o.fp, "", 0);
	sg_csv__ffield(o.fp, "", 1);
	return out_close(&o, SG_OK);
}

/* Placed applicants per distance bin. */
static void bin_counts(const figures *f, int64_t *count)
{
	for (size_t b = 0; b < NBINS; b++)
		count[b] = 0;
	for (size_t i = 0; i < f->nsorted; i++) {
		size_t b = NBINS - 1;

		while (b > 0 && f->sorted[i] < bins[b])
			b--;
		count[b]++;
	}
}

static int write_distance_csv(sg_ctx *ctx, const figures *f, const char *dir)
{
	int64_t count[NBINS], cum = 0;
	out_file o = { 0 };
	int rc;

	if ((rc = out_open(ctx, &o, dir, "distance.csv")) != SG_OK)
		return rc;
	bin_counts(f, count);
	fputs("from_m,to_m,placed,pct,cumulative_pct\n", o.fp);
	for (size_t b = 0; b < NBINS; b++) {
		cum += count[b];
		csv_num(o.fp, "%.0f", bins[b], 0);
		csv_num(o.fp, "%.0f", b + 1 < NBINS ? bins[b + 1] : NAN, 0);
		csv_int(o.fp, count[b], 0);
		csv_num(o.fp, "%.2f",
			f->nsorted
				? 100.0 * (double)count[b] / (double)f->nsorted
				: NAN,
			0);
		csv_num(o.fp, "%.2f",
			f->nsorted ? 100.0 * (double)cum / (double)f->nsorted
				   : NAN,
			1);
	}
	return out_close(&o, SG_OK);
}

static int write_json(sg_ctx *ctx, const sg_admit_data *d,
		      const sg_admit_result *r, const figures *f,
		      const sg_admit_summary *sum, const char *dir)
{
	int64_t count[NBINS], cum = 0;
	out_file o = { 0 };
	FILE *fp;
	int rc, g10 = d->grade == 10;

	if ((rc = out_open(ctx, &o, dir, "summary.json")) != SG_OK)
		return rc;
	fp = o.fp;
	/* The first key marks the directory as an admit output. */
	fprintf(fp, "{\"schoolgis\": \"admit\", \"grade\": %d, \"year\": ",
		d->grade);
	json_str(fp, d->year);
	fprintf(fp, ", \"level\": \"%s\", \"round\": %d", d->level_name,
		d->round);
	if (d->round == 2)
		fprintf(fp, ", \"round1_run\": %lld, \"confirmed\": %lld",
			(long long)d->round1_run, (long long)d->nconfirmed);
	fputs(", \"method\": ", fp);
	json_str(
		fp,
		g10 ? "applicant-proposing deferred acceptance over up "
		      "to 3 ranked choices; schools rank by score + priority "
		      "points - the handicap of the choice rank the applicant "
		      "gave the school, then score, then applicant code"
		: d->priority_as_points
			? "applicant-proposing deferred "
			  "acceptance; applicants rank schools by distance (ties: "
			  "smaller school code); schools rank applicants by distance "
			  "- the metres of their priority group, then distance, then "
			  "applicant code"
			: "applicant-proposing deferred acceptance; applicants rank "
			  "schools by distance (ties: smaller school code); schools "
			  "rank applicants by priority group (1, 2, 3, none), then "
			  "distance, then applicant code");
	fputs(", \"distance\": ", fp);
	{
		char what[640];

		snprintf(what, sizeof(what),
			 "straight line from home to "
			 "school, metres, in %s",
			 d->crs);
		json_str(fp, what);
	}
	fputs(", \"max_distance_m\": ", fp);
	sg_json__fnum(fp, d->max_distance > 0 ? d->max_distance : NAN, 15);
	fputs(", \"priority_points\": ", fp);
	if (g10)
		fprintf(fp,
			"[%.15g, %.15g, %.15g], \"choice_handicap\": "
			"[%.15g, %.15g, %.15g]",
			d->points[1], d->points[2], d->points[3],
			d->handicap[0], d->handicap[1], d->handicap[2]);
	else if (d->priority_as_points)
		fprintf(fp,
			"null, \"priority_metres\": [%.15g, %.15g, "
			"%.15g]",
			d->metres[1], d->metres[2], d->metres[3]);
	else
		fputs("null", fp);
	fprintf(fp, ", \"k_rule\": {\"k\": %d, \"text\": ", d->k);
	json_str(fp,
		 "distance figures and cut-offs of a school that placed "
		 "fewer than k applicants are withheld (null) and it draws no "
		 "zone; a zone part holding fewer than k homes placed at its "
		 "school is merged into its neighbours or left out");
	fputs("}, \"zones\": ", fp);
	json_str(
		fp,
		g10 ? "per school, the area where most of the 15 nearest"
		      " admitted homes go to that school, on a grid, clipped to "
		      "the study area (zones.gpkg)"
		    : "per school, the area nearer to a home placed there than"
		      " to any home placed elsewhere, on a grid, clipped to the "
		      "study area (zones.gpkg)");
	fprintf(fp,
		",\n \"inputs\": {\"applicants\": %zu, \"schools\": %zu, "
		"\"checksum\": ",
		d->napp, d->nschools);
	json_str(fp, d->checksum);
	fprintf(fp,
		"},\n \"totals\": {\"schools\": %lld, "
		"\"schools_without_seats\": %lld, \"seats\": %lld, "
		"\"applicants\": %lld, \"placed\": %lld, \"unplaced\": %lld, "
		"\"seats_left\": %lld, \"at_first\": %lld, \"at_first_pct\": ",
		(long long)sum->schools, (long long)sum->schools_no_seats,
		(long long)sum->seats, (long long)sum->applicants,
		(long long)sum->placed, (long long)sum->unplaced,
		(long long)(sum->seats - sum->placed),
		(long long)sum->at_first);
	sg_json__ffixed(fp, sum->at_first_pct, 2);
	fprintf(fp, ", \"zones\": %lld", (long long)sum->zones);
	if (g10)
		fprintf(fp, ", \"tied_out\": %lld", (long long)f->tied_out);
	fputs("},\n \"distance_m\": {\"mean\": ", fp);
	sg_json__ffixed(fp, sum->distance_mean_m, 1);
	fputs(", \"p25\": ", fp);
	sg_json__ffixed(fp, sg_admit__quantile(f->sorted, f->nsorted, 0.25), 1);
	fputs(", \"p50\": ", fp);
	sg_json__ffixed(fp, sum->distance_median_m, 1);
	fputs(", \"p75\": ", fp);
	sg_json__ffixed(fp, sg_admit__quantile(f->sorted, f->nsorted, 0.75), 1);
	fputs(", \"p90\": ", fp);
	sg_json__ffixed(fp, sum->distance_p90_m, 1);
	fputs(", \"p95\": ", fp);
	sg_json__ffixed(fp, sg_admit__quantile(f->sorted, f->nsorted, 0.95), 1);
	fputs(", \"max\": ", fp);
	sg_json__ffixed(fp, sum->distance_max_m, 1);
	fputs("},\n \"distance_bins\": [", fp);
	bin_counts(f, count);
	for (size_t b = 0; b < NBINS; b++) {
		cum += count[b];
		fprintf(fp, "%s{\"from_m\": %.0f, \"to_m\": ", b ? ", " : "",
			bins[b]);
		sg_json__ffixed(fp, b + 1 < NBINS ? bins[b + 1] : NAN, 0);
		fprintf(fp, ", \"placed\": %lld, \"cumulative_pct\": ",
			(long long)count[b]);
		sg_json__ffixed(fp,
				f->nsorted ? 100.0 * (double)cum /
						     (double)f->nsorted
					   : NAN,
				2);
		fputc('}', fp);
	}
	fputs("],\n \"schools\": [", fp);
	for (size_t s = 0; s < d->nschools; s++) {
		int withheld = few(d, r, (int32_t)s);
		int32_t w = withheld ? -1 : r->worst[s];
		const double *v = f->by_school + f->off[s];
		size_t nv = withheld ? 0 : f->off[s + 1] - f->off[s];

		fprintf(fp, "%s\n  {\"code\": ", s ? "," : "");
		json_str(fp, d->scode[s]);
		fputs(", \"name\": ", fp);
		json_str(fp, d->sname[s]);
		fprintf(fp, ", \"seats\": %lld, \"seats_year\": ",
			(long long)d->seats[s]);
		if (d->seats_year[s])
			json_str(fp, d->seats_year[s]);
		else
			fputs("null", fp);
		fprintf(fp,
			", \"demand\": %lld, \"placed\": %lld, "
			"\"at_first\": %lld, \"distance_median_m\": ",
			(long long)r->demand[s], (long long)r->placed[s],
			(long long)f->at_first[s]);
		sg_json__ffixed(fp, sg_admit__quantile(v, nv, 0.5), 0);
		fprintf(fp, ", \"withheld\": %s", withheld ? "true" : "false");
		fputs(", \"cutoff\": ", fp);
		if (w < 0) {
			fputs("null", fp);
		} else if (g10) {
			fputs("{\"total\": ", fp);
			json_points(fp, r->total[w]);
			for (int k = 0; k < 3; k++) {
				fprintf(fp, ", \"choice_%d\": ", k + 1);
				json_points(fp, r->cut_rank[s * 3 + (size_t)k]);
			}
			for (int k = 0; k < 3; k++) {
				fprintf(fp, ", \"published_%d\": ", k + 1);
				json_points(fp, r->cut_pub[s * 3 + (size_t)k]);
			}
			fprintf(fp, ", \"tied_out\": %lld}",
				(long long)r->tied_out[s]);
		} else {
			fprintf(fp,
				"{\"distance_m\": %.0f, "
				"\"priority_group\": ",
				r->worst_dist[s]);
			sg_json__ffixed(fp,
					d->priority[w] ? (double)d->priority[w]
						       : NAN,
					0);
			fputc('}', fp);
		}
		fputc('}', fp);
	}
	fputs("\n ]}\n", fp);
	return out_close(&o, SG_OK);
}

/*---- zones.gpkg ---------------------------------------------------------*/

/* Append the polygons of g (any geometry) to the list; takes g. */
static int keep_polygons(sg_ctx *ctx, sg_poly_list *out, GEOSGeometry *g)
{
	GEOSContextHandle_t h = ctx->geos;
	int type = GEOSGeomTypeId_r(h, g), rc = SG_OK;

	if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
		int n = GEOSGetNumGeometries_r(h, g);

		for (int i = 0; i < n && rc == SG_OK; i++)
			rc = keep_polygons(
				ctx, out,
				GEOSGeom_clone_r(h,
						 GEOSGetGeometryN_r(h, g, i)));
		GEOSGeom_destroy_r(h, g);
		return rc;
	}
	if (type != GEOS_POLYGON || GEOSisEmpty_r(h, g) == 1) {
		GEOSGeom_destroy_r(h, g);
		return SG_OK;
	}
	if (out->n == out->cap) {
		size_t nc = out->cap ? 2 * out->cap : 16;
		GEOSGeometry **np = realloc(out->g, nc * sizeof(*np));

		if (!np) {
			GEOSGeom_destroy_r(h, g);
			return sg_error__oom(ctx, "admit");
		}
		out->g = np;
		out->cap = nc;
	}
	out->g[out->n++] = g;
	return SG_OK;
}

/*
 * The zone of one school: its parts (taken), clipped to the study area
 * part by part (only parts crossing its boundary are intersected), in
 * EPSG:4326 (*out NULL when nothing is left); *km2 its metric area.
 * The parts of one label never share an edge (engine/polygonize.c
 * merges 4-connected cells), so their collection is a valid
 * multipolygon.
 */
static int zone_geometry(sg_ctx *ctx, const sg_admit_data *d,
			 const GEOSPreparedGeometry *prep, sg_poly_list *parts,
			 GEOSGeometry **out, double *km2)
{
	GEOSContextHandle_t h = ctx->geos;
	sg_poly_list kept = { 0 };
	GEOSGeometry *g, *t;
	double area = 0;
	int rc = SG_OK;

	*out = NULL;
	*km2 = 0;
	for (size_t k = 0; k < parts->n; k++) {
		GEOSGeometry *p = parts->g[k];

		parts->g[k] = NULL;
		if (rc != SG_OK) {
			GEOSGeom_destroy_r(h, p);
		} else if (!d->study ||
			   GEOSPreparedContains_r(h, prep, p) == 1) {
			rc = keep_polygons(ctx, &kept, p);
		} else if (GEOSPreparedIntersects_r(h, prep, p) != 1) {
			GEOSGeom_destroy_r(h, p);
		} else {
			t = GEOSIntersection_r(h, p, d->study);
			GEOSGeom_destroy_r(h, p);
			rc = t ? keep_polygons(ctx, &kept, t)
			       : sg_error__set(ctx, SG_EGEOS, "admit: GEOS: %s",
					       ctx->geos_msg);
		}
	}
	parts->n = 0;
	if (rc != SG_OK || kept.n == 0) {
		for (size_t k = 0; k < kept.n; k++)
			GEOSGeom_destroy_r(h, kept.g[k]);
		free(kept.g);
		return rc;
	}
	g = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, kept.g,
					(unsigned)kept.n);
	free(kept.g);
	if (!g)
		return sg_error__set(ctx, SG_EGEOS, "admit: GEOS: %s",
				     ctx->geos_msg);
	GEOSArea_r(h, g, &area);
	*km2 = area / 1e6;
	t = sg_crs__geom(ctx, d->to_wgs84, g);
	GEOSGeom_destroy_r(h, g);
	if (!t)
		return SG_EPROJ;
	if (GEOSisValid_r(h, t) != 1) {
		g = GEOSMakeValid_r(h, t);
		GEOSGeom_destroy_r(h, t);
		if (!(t = g))
			return sg_error__set(ctx, SG_EGEOS, "admit: GEOS: %s",
					     ctx->geos_msg);
	}
	*out = t;
	return SG_OK;
}

/* The grid cells touching the study area (GDAL, all touched). */
static int study_mask(sg_ctx *ctx, const sg_admit_data *d, size_t nx, size_t ny,
		      double x0, double y1, double cell, unsigned char *mask)
{
	GEOSContextHandle_t h = ctx->geos;
	GEOSWKBWriter *wr = GEOSWKBWriter_create_r(h);
	GDALDriverH mem = GDALGetDriverByName("MEM");
	static const char *const opts[] = { "ALL_TOUCHED=TRUE", NULL };
	double gt[6] = { x0, cell, 0, y1, 0, -cell }, burn = 1;
	GDALDatasetH ds = NULL;
	OGRGeometryH og = NULL;
	unsigned char *wkb = NULL;
	size_t len = 0;
	int band = 1, rc = SG_OK;

	if (wr)
		wkb = GEOSWKBWriter_write_r(h, wr, d->study, &len);
	if (!wkb ||
	    OGR_G_CreateFromWkb(wkb, NULL, &og, (int)len) != OGRERR_NONE) {
		og = NULL;
		rc = sg_error__set(ctx, SG_EGEOS,
				   "admit: the study area "
				   "cannot go to OGR");
	}
	if (rc == SG_OK && mem)
		ds = GDALCreate(mem, "", (int)nx, (int)ny, 1, GDT_Byte, NULL);
	if (rc == SG_OK && !ds)
		rc = sg_error__set(ctx, SG_EGDAL, "admit: GDAL: %s",
				   sg_gdal__msg(ctx));
	if (rc == SG_OK) {
		GDALSetGeoTransform(ds, gt);
		if (GDALRasterizeGeometries(ds, 1, &band, 1, &og, NULL, NULL,
					    &burn, (CSLConstList)opts, NULL,
					    NULL) != CE_None ||
		    GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Read, 0, 0,
				 (int)nx, (int)ny, mask, (int)nx, (int)ny,
				 GDT_Byte, 0, 0) != CE_None)
			rc = sg_error__set(ctx, SG_EGDAL,
					   "admit: GDAL "
					   "rasterize: %s",
					   sg_gdal__msg(ctx));
	}
	if (ds)
		GDALClose(ds);
	if (og)
		OGR_G_DestroyGeometry(og);
	if (wkb)
		GEOSFree_r(h, wkb);
	if (wr)
		GEOSWKBWriter_destroy_r(h, wr);
	return rc;
}

static int add_field(sg_ctx *ctx, OGRLayerH lyr, const char *name,
		     OGRFieldType type)
{
	OGRFieldDefnH fd = OGR_Fld_Create(name, type);
	OGRErr e = OGR_L_CreateField(lyr, fd, 1);

	OGR_Fld_Destroy(fd);
	if (e != OGRERR_NONE)
		return sg_error__set(ctx, SG_EGDAL, "admit: OGR: %s",
				     sg_gdal__msg(ctx));
	return SG_OK;
}

static int write_zones(sg_ctx *ctx, const sg_admit_data *d,
		       const sg_admit_result *r, double cell, const char *dir,
		       int64_t *nzones, int64_t *merged)
{
	int32_t *kept = malloc((d->napp ? d->napp : 1) * sizeof(int32_t));
	GEOSContextHandle_t h = ctx->geos;
	GEOSWKBWriter *wr = GEOSWKBWriter_create_r(h);
	const GEOSPreparedGeometry *prep = NULL;
	sg_poly_list *parts = calloc(d->nschools + 1, sizeof(*parts));
	size_t nx = 0, ny = 0;
	int32_t *lab = NULL;
	unsigned char *mask = NULL;
	double x0 = 0, y1 = 0, w, hgt;
	char path[4300];
	GDALDriverH drv = GDALGetDriverByName("GPKG");
	GDALDatasetH ds = NULL;
	OGRSpatialReferenceH srs = NULL;
	OGRLayerH lyr;
	char *saved_date = NULL;
	int rc = SG_OK;

	*nzones = 0;
	*merged = 0;
	if (!wr || !parts || !kept) {
		if (wr)
			GEOSWKBWriter_destroy_r(h, wr);
		free(parts);
		free(kept);
		return sg_error__oom(ctx, "admit");
	}
	for (size_t a = 0; a < d->napp; a++)
		kept[a] = r->school[a] >= 0 && !few(d, r, r->school[a])
				  ? r->school[a]
				  : -1;
	if (!(cell > 0))
		cell = 100;
	w = d->bx1 - d->bx0;
	hgt = d->by1 - d->by0;
	if (!(w >= 0) || !(hgt >= 0)) {
		w = hgt = 0;
		x0 = y1 = 0;
	}
	if ((w / cell + 1) * (hgt / cell + 1) > MAX_ZONE_CELLS) {
		double c2 = ceil(sqrt(w * hgt / MAX_ZONE_CELLS)) + 1;

		sg_ctx__warn(ctx,
			     "admit: zone cells of %.0f m would be too "
			     "many: using %.0f m",
			     cell, c2);
		cell = c2;
	}
	if (r->nplaced > 0 && w >= 0) {
		nx = (size_t)ceil(w / cell) + 1;
		ny = (size_t)ceil(hgt / cell) + 1;
		/* Centre the grid on the box. */
		x0 = d->bx0 - 0.5 * ((double)nx * cell - w);
		y1 = d->by1 + 0.5 * ((double)ny * cell - hgt);
		lab = malloc(nx * ny * sizeof(int32_t));
		mask = d->study ? calloc(nx * ny, 1) : NULL;
		if (!lab || (d->study && !mask)) {
			rc = sg_error__oom(ctx, "admit");
			goto done;
		}
		/* Only cells touching the study area: the others would be
		 * clipped away, and far from every home they are the slow
		 * ones to label. */
		if (d->study)
			rc = study_mask(ctx, d, nx, ny, x0, y1, cell, mask);
		/* The k rule: only schools with k placed draw zones, and
		 * every part of a zone holds k homes placed there. */
		if (rc == SG_OK) {
			sg_admit_result rk = *r;

			rk.school = kept;
			rc = sg_admit__zone_grid(ctx, &d->in, &rk, x0, y1, cell,
						 nx, ny,
						 d->grade == 10 ? ZONE_K10 : 1,
						 mask, lab);
		}
		if (rc == SG_OK)
			rc = sg_admit__zone_k(ctx, &d->in, kept, x0, y1, cell,
					      nx, ny, d->k, lab, merged);
		if (rc == SG_OK)
			rc = sg_poly__labels(ctx, lab, nx, ny, x0, y1, cell,
					     d->nschools, parts);
		if (rc != SG_OK)
			goto done;
	}
	if (d->study)
		prep = GEOSPrepare_r(h, d->study);

	snprintf(path, sizeof(path), "%s/zones.gpkg", dir);
	if (!drv) {
		rc = sg_error__set(ctx, SG_EGDAL,
				   "admit: GDAL has no GPKG "
				   "driver");
		goto done;
	}
	if (CPLGetThreadLocalConfigOption("OGR_CURRENT_DATE", NULL))
		saved_date = CPLStrdup(
			CPLGetThreadLocalConfigOption("OGR_CURRENT_DATE",
						      NULL));
	CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", GPKG_DATE);
	ds = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL);
	if (!ds) {
		rc = sg_error__set(ctx, SG_EGDAL, "admit: %s: OGR: %s", path,
				   sg_gdal__msg(ctx));
		goto done;
	}
	srs = OSRNewSpatialReference(NULL);
	OSRImportFromEPSG(srs, 4326);
	OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
	lyr = GDALDatasetCreateLayer(ds, "admission_zones", srs,
				     wkbMultiPolygon, NULL);
	if (!lyr) {
		rc = sg_error__set(ctx, SG_EGDAL, "admit: %s: OGR: %s", path,
				   sg_gdal__msg(ctx));
		goto done;
	}
	if ((rc = add_field(ctx, lyr, "school_code", OFTString)) == SG_OK &&
	    (rc = add_field(ctx, lyr, "school_name", OFTString)) == SG_OK &&
	    (rc = add_field(ctx, lyr, "grade", OFTInteger)) == SG_OK &&
	    (rc = add_field(ctx, lyr, "year", OFTString)) == SG_OK &&
	    (rc = add_field(ctx, lyr, "seats", OFTInteger64)) == SG_OK &&
	    (rc = add_field(ctx, lyr, "placed", OFTInteger64)) == SG_OK)
		rc = add_field(ctx, lyr, "area_km2", OFTReal);
	if (rc != SG_OK)
		goto done;
	GDALDatasetStartTransaction(ds, 0);
	for (size_t s = 0; rc == SG_OK && s < d->nschools; s++) {
		GEOSGeometry *g = NULL;
		OGRGeometryH og = NULL;
		OGRFeatureH f;
		unsigned char *wkb;
		size_t len;
		double km2;

		if (parts[s].n == 0)
			continue;
		rc = zone_geometry(ctx, d, prep, &parts[s], &g, &km2);
		if (rc != SG_OK || !g)
			continue;
		wkb = GEOSWKBWriter_write_r(h, wr, g, &len);
		GEOSGeom_destroy_r(h, g);
		if (!wkb) {
			rc = sg_error__set(ctx, SG_EGEOS, "admit: GEOS: %s",
					   ctx->geos_msg);
			break;
		}
		if (OGR_G_CreateFromWkb(wkb, NULL, &og, (int)len) !=
		    OGRERR_NONE)
			og = NULL;
		GEOSFree_r(h, wkb);
		if (!og) {
			rc = sg_error__set(ctx, SG_EGDAL,
					   "admit: OGR cannot "
					   "read a zone");
			break;
		}
		og = OGR_G_ForceToMultiPolygon(og);
		f = OGR_F_Create(OGR_L_GetLayerDefn(lyr));
		OGR_F_SetFieldString(f, 0, d->scode[s]);
		if (d->sname[s])
			OGR_F_SetFieldString(f, 1, d->sname[s]);
		OGR_F_SetFieldInteger(f, 2, d->grade);
		OGR_F_SetFieldString(f, 3, d->year);
		OGR_F_SetFieldInteger64(f, 4, d->seats[s]);
		OGR_F_SetFieldInteger64(f, 5, r->placed[s]);
		OGR_F_SetFieldDouble(f, 6, km2);
		OGR_F_SetGeometryDirectly(f, og);
		if (OGR_L_CreateFeature(lyr, f) != OGRERR_NONE)
			rc = sg_error__set(ctx, SG_EGDAL, "admit: %s: OGR: %s",
					   path, sg_gdal__msg(ctx));
		else
			(*nzones)++;
		OGR_F_Destroy(f);
	}
	if (rc == SG_OK && GDALDatasetCommitTransaction(ds) == OGRERR_FAILURE)
		rc = sg_error__set(ctx, SG_EGDAL, "admit: %s: OGR: %s", path,
				   sg_gdal__msg(ctx));
done:
	free(lab);
	free(mask);
	free(kept);
	if (ds)
		GDALClose(ds);
	CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", saved_date);
	CPLFree(saved_date);
	if (srs)
		OSRDestroySpatialReference(srs);
	if (prep)
		GEOSPreparedGeom_destroy_r(h, prep);
	sg_poly__lists_free(ctx, parts, d->nschools);
	GEOSWKBWriter_destroy_r(h, wr);
	return rc;
}

/*---- All of it ----------------------------------------------------------*/

int sg_admit__write(sg_ctx *ctx, const sg_admit_data *d,
		    const sg_admit_result *r, double zone_cell, const char *dir,
		    sg_admit_summary *sum)
{
	sg_admit_summary pub;
	char names[200] = "";
	figures f;
	int rc;

	if ((rc = make_figures(ctx, d, r, &f)) != SG_OK) {
		figures_free(&f);
		return rc;
	}
	fill_summary(d, r, &f, sum);
	sg_gdal__begin(ctx);
	rc = write_internal(ctx, d, r, &f, dir);
	if (rc == SG_OK)
		sg_admit__failpoint("admit-internal");
	if (rc == SG_OK)
		rc = write_public(ctx, d, r, &f, dir);
	if (rc == SG_OK)
		rc = write_zones(ctx, d, r, zone_cell, dir, &sum->zones,
				 &sum->merged_zone_parts);
	/* The k rule on the published figures. */
	pub = *sum;
	if (f.nsorted < (size_t)d->k) {
		f.nsorted = 0;
		pub.distance_mean_m = pub.distance_median_m = NAN;
		pub.distance_p90_m = pub.distance_max_m = NAN;
	}
	for (size_t s = 0; s < d->nschools; s++)
		if (few(d, r, (int32_t)s) && sum->withheld_schools++ < 5)
			snprintf(names + strlen(names),
				 sizeof(names) - strlen(names), "%s%s",
				 s && names[0] ? ", " : "", d->scode[s]);
	if (rc == SG_OK && sum->withheld_schools)
		sg_ctx__warn(ctx,
			     "admit: k rule (k = %d): distance figures and "
			     "cut-offs withheld, and no zone drawn, for %lld "
			     "school%s with fewer than %d placed: %s%s",
			     d->k, (long long)sum->withheld_schools,
			     sum->withheld_schools == 1 ? "" : "s", d->k, names,
			     sum->withheld_schools > 5 ? ", ..." : "");
	if (rc == SG_OK && sum->merged_zone_parts)
		sg_ctx__warn(ctx,
			     "admit: k rule (k = %d): %lld zone part%s "
			     "drawn from fewer than %d homes merged into "
			     "neighbours or left out",
			     d->k, (long long)sum->merged_zone_parts,
			     sum->merged_zone_parts == 1 ? "" : "s", d->k);
	if (rc == SG_OK && f.nsorted == 0 && r->nplaced > 0)
		sg_ctx__warn(ctx,
			     "admit: k rule (k = %d): district-wide "
			     "distance figures withheld (%lld placed)",
			     d->k, (long long)r->nplaced);
	if (rc == SG_OK)
		rc = write_summary_csv(ctx, d, r, &f, &pub, dir);
	if (rc == SG_OK)
		rc = write_distance_csv(ctx, &f, dir);
	if (rc == SG_OK)
		rc = write_json(ctx, d, r, &f, &pub, dir);
	sg_gdal__end(ctx);
	figures_free(&f);
	return rc;
}
