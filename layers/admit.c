/*
 * layers/admit.c - the store and directory I/O of `schoolgis admit`
 * (the driver is ops/admit.c): load the applicants of a grade and the
 * schools of its level from the store, the pseudonym key, the output
 * directories replaced as a whole, and the run's record.
 *
 * Order of work (ops/admit.c), so that a failure leaves nothing behind:
 * everything is computed and written into a temporary sibling of the
 * output directory; then, in one transaction, the run and its figures
 * are inserted (and the pseudonym key, on the first run) and committed;
 * then the directory is renamed into place.  Should that fail, the run
 * is taken back out of the store.
 */
#define _GNU_SOURCE /* renameat2, RENAME_EXCHANGE */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/failpoint.h"
#include "util/file.h"
#include "engine/standards.h"
#include "engine/strmap.h"
#include "engine/text.h"
#include "layers/admit_int.h"
#include "layers/load.h"
#include "layers/runs.h"
#include "layers/roads_int.h"
#include "layers/scope.h"
#include "layers/units_int.h"

#define WHAT "admit"

static char *dup_col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? strdup((const char *)s) : NULL;
}

/*
 * The applicants' strings live in blocks of 1 MiB that are never moved,
 * so a city's 150,000 applicants cost a few mallocs, not a million.
 */
struct admit_block {
	struct admit_block *next;
	size_t used, size;
	char text[];
};

/* A copy of text column i in the blocks, NULL for SQL NULL; *oom set
 * when out of memory. */
static char *arena_col(sg_admit_data *d, sqlite3_stmt *st, int i, int *oom)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	size_t n = (size_t)sqlite3_column_bytes(st, i) + 1;
	struct admit_block *b = d->strings;
	char *p;

	if (!s)
		return NULL;
	if (!b || b->size - b->used < n) {
		size_t size = n > (1u << 20) ? n : (1u << 20);

		b = malloc(sizeof(*b) + size);
		if (!b) {
			*oom = 1;
			return NULL;
		}
		b->next = d->strings;
		b->used = 0;
		b->size = size;
		d->strings = b;
	}
	p = b->text + b->used;
	memcpy(p, s, n);
	b->used += n;
	return p;
}

/*---- Loading ------------------------------------------------------------*/

/* The admission year: given (checked), else the latest with applicants
 * of the grade. */
static int resolve_year(sg_ctx *ctx, int grade, const char *given, char *out,
			size_t n)
{
	sqlite3_stmt *st;
	int rc, found = 0;

	rc = sg_db__prepare(
		ctx, WHAT,
		given ? "SELECT year FROM applicants WHERE grade = ?1 "
			"AND year = ?2 LIMIT 1"
		      : "SELECT max(year) FROM applicants WHERE "
			"grade = ?1",
		&st);
	if (rc != SG_OK)
		return rc;
	sqlite3_bind_int(st, 1, grade);
	if (given)
		sqlite3_bind_text(st, 2, given, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL) {
		snprintf(out, n, "%s", sqlite3_column_text(st, 0));
		found = 1;
	}
	sqlite3_finalize(st);
	if (!found && given)
		return sg_error__set(ctx, SG_ENOTFOUND,
				     "admit: no applicants "
				     "of grade %d for %s in the store (import "
				     "applicants first)",
				     grade, given);
	if (!found)
		return sg_error__set(ctx, SG_ENOTFOUND,
				     "admit: no applicants "
				     "of grade %d in the store (import "
				     "applicants first)",
				     grade);
	return SG_OK;
}

/* The units forming the study area (wards, else districts, else
 * cities; of the scope's units with one) in EPSG:4326, and their box.
 * *g is NULL without units. */
static int load_study(sg_ctx *ctx, const sg_scope *sc, GEOSGeometry **g,
		      double box[4])
{
	static const char *const kinds[] = { "ward", "district", "city" };
	GEOSContextHandle_t h = ctx->geos;
	GEOSWKBReader *rd = GEOSWKBReader_create_r(h);
	GEOSGeometry **parts = NULL;
	size_t n = 0, cap = 0;
	sqlite3_stmt *st;
	int rc = SG_OK;

	*g = NULL;
	box[0] = box[1] = INFINITY;
	box[2] = box[3] = -INFINITY;
	if (!rd)
		return sg_error__oom(ctx, WHAT);
	for (int k = 0; k < 3 && n == 0 && rc == SG_OK; k++) {
		rc = sg_db__prepare(
			ctx, WHAT,
			sc ? "SELECT AsBinary(geom), "
			     "MbrMinX(geom), MbrMinY(geom), MbrMaxX(geom),"
			     " MbrMaxY(geom) FROM units WHERE kind = ?1 "
			     "AND geom IS NOT NULL AND id IN " SG_SCOPE_UNITS
			     " ORDER BY code"
			   : "SELECT AsBinary(geom), "
			     "MbrMinX(geom), MbrMinY(geom), MbrMaxX(geom),"
			     " MbrMaxY(geom) FROM units WHERE kind = ?1 "
			     "AND geom IS NOT NULL ORDER BY code",
			&st);
		if (rc != SG_OK)
			break;
		sqlite3_bind_text(st, 1, kinds[k], -1, SQLITE_STATIC);
		while (rc == SG_OK && sqlite3_step(st) == SQLITE_ROW) {
			GEOSGeometry *p;

			if (n == cap) {
				size_t nc = cap ? cap * 2 : 64;
				GEOSGeometry **np = realloc(parts,
							    nc * sizeof(*np));

				if (!np) {
					rc = sg_error__oom(ctx, WHAT);
					break;
				}
				parts = np;
				cap = nc;
			}
			p = GEOSWKBReader_read_r(
				h, rd, sqlite3_column_blob(st, 0),
				(size_t)sqlite3_column_bytes(st, 0));
			if (!p) {
				rc = sg_error__set(ctx, SG_EGEOS,
						   "admit: GEOS "
						   "cannot read a unit: %s",
						   ctx->geos_msg);
				break;
			}
			parts[n++] = p;
			box[0] = fmin(box[0], sqlite3_column_double(st, 1));
			box[1] = fmin(box[1], sqlite3_column_double(st, 2));
			box[2] = fmax(box[2], sqlite3_column_double(st, 3));
			box[3] = fmax(box[3], sqlite3_column_double(st, 4));
		}
		sqlite3_finalize(st);
	}
	GEOSWKBReader_destroy_r(h, rd);
	if (rc == SG_OK && n > 0) {
		*g = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION,
						 parts, (unsigned)n);
		if (!*g)
			rc = sg_error__set(ctx, SG_EGEOS, "admit: GEOS: %s",
					   ctx->geos_msg);
		else
			n = 0; /* owned by the collection */
	}
	for (size_t i = 0; i < n; i++)
		GEOSGeom_destroy_r(h, parts[i]);
	free(parts);
	return rc;
}

/* Take the study area to the metric CRS as one valid polygonal
 * geometry. */
static int project_study(sg_ctx *ctx, sg_admit_data *d, GEOSGeometry *g,
			 sg_crs_tx *tx)
{
	GEOSContextHandle_t h = ctx->geos;
	GEOSGeometry *m, *v, *u;

	m = sg_crs__geom(ctx, tx, g);
	if (!m)
		return SG_EPROJ;
	v = GEOSMakeValid_r(h, m);
	GEOSGeom_destroy_r(h, m);
	u = v ? GEOSUnaryUnion_r(h, v) : NULL;
	GEOSGeom_destroy_r(h, v);
	if (!u)
		return sg_error__set(ctx, SG_EGEOS,
				     "admit: GEOS: the study "
				     "area: %s",
				     ctx->geos_msg);
	d->study = u;
	GEOSGeom_getXMin_r(h, u, &d->bx0);
	GEOSGeom_getYMin_r(h, u, &d->by0);
	GEOSGeom_getXMax_r(h, u, &d->bx1);
	GEOSGeom_getYMax_r(h, u, &d->by1);
	return SG_OK;
}

#define GROW(arr, cap, n)                                                      \
	do {                                                                   \
		void *p_ = realloc((arr), (cap) * sizeof(*(arr)));             \
		if (!p_)                                                       \
			return sg_error__oom(ctx, WHAT);                       \
		(arr) = p_;                                                    \
	} while (0)

static int grow_schools(sg_ctx *ctx, sg_admit_data *d, size_t cap)
{
	GROW(d->school_id, cap, n);
	GROW(d->scode, cap, n);
	GROW(d->sname, cap, n);
	GROW(d->seats_year, cap, n);
	GROW(d->sx, cap, n);
	GROW(d->sy, cap, n);
	GROW(d->seats, cap, n);
	return SG_OK;
}

static int grow_applicants(sg_ctx *ctx, sg_admit_data *d, size_t cap)
{
	GROW(d->acode, cap, n);
	GROW(d->aname, cap, n);
	GROW(d->abirth, cap, n);
	GROW(d->adeclared, cap, n);
	GROW(d->aunit, cap, n);
	GROW(d->achoices, cap, n);
	GROW(d->alon, cap, n);
	GROW(d->alat, cap, n);
	GROW(d->ax, cap, n);
	GROW(d->ay, cap, n);
	GROW(d->score, cap, n);
	GROW(d->noscore, cap, n);
	GROW(d->priority, cap, n);
	GROW(d->choice, 3 * cap, n);
	return SG_OK;
}

/* Round 2: every school's seats less its confirmed applicants. */
static int seats_left(sg_ctx *ctx, sg_admit_data *d)
{
	size_t over = 0;

	d->confirmed = calloc(d->nschools ? d->nschools : 1, sizeof(int64_t));
	if (!d->confirmed)
		return sg_error__oom(ctx, WHAT);
	for (size_t i = 0; i < d->nschools; i++) {
		int64_t c = 0;

		sg_strmap__get(d->conf_by_school, d->scode[i], &c);
		d->confirmed[i] = c;
		if (c > d->seats[i])
			over++;
		d->seats[i] = c > d->seats[i] ? 0 : d->seats[i] - c;
	}
	if (over)
		sg_ctx__warn(ctx,
			     "admit: round 2: %zu school%s have more "
			     "confirmations than seats: no seats left there",
			     over, over > 1 ? "s" : "");
	return SG_OK;
}

/* Schools of the level with their seats of the year (else the latest
 * earlier figure). */
static int load_schools(sg_ctx *ctx, sg_admit_data *d, sg_crs_tx *tx,
			sg_strmap *index)
{
	sg_school_query q = { .year = d->year, .located = 1, .carry_seats = 1 };
	sg_schools s;
	size_t earlier = 0, unknown = 0;
	char first_unknown[160] = "";
	int rc;

	/* The year rule's exception for seats (layers/load.h): a school
	 * without seats for the year keeps its latest earlier figure. */
	if (sg_text__level_parse(d->level_name, &q.levels) != 0)
		q.levels = 0;
	q.scope = d->scope; /* one unit's admission: its schools */
	if ((rc = sg_load__schools(ctx, WHAT, &q, &s)) != SG_OK)
		return rc;
	if ((rc = grow_schools(ctx, d, s.n ? s.n : 1)) != SG_OK)
		goto done;
	for (size_t i = 0; i < s.n; i++) {
		double seats = s.fig[SG_FIG_SEATS_ENTRY_GRADE][i];

		d->school_id[i] = s.id[i];
		/* The strings change hands: the loader's copies. */
		d->scode[i] = s.code[i];
		d->sname[i] = s.name[i];
		d->seats_year[i] = s.year[i];
		s.code[i] = s.name[i] = s.year[i] = NULL;
		d->nschools++;
		if (!d->scode[i]) {
			rc = sg_error__oom(ctx, WHAT);
			break;
		}
		d->sx[i] = s.lon[i];
		d->sy[i] = s.lat[i];
		if (sg_crs__point(tx, &d->sx[i], &d->sy[i]) != 0) {
			rc = sg_error__set(ctx, SG_EPROJ,
					   "admit: school %s: "
					   "PROJ cannot take it to %s",
					   d->scode[i], d->crs);
			break;
		}
		d->seats[i] = isnan(seats) ? 0 : (int64_t)seats;
		if (!d->seats_year[i] && unknown++ < 5)
			snprintf(first_unknown + strlen(first_unknown),
				 sizeof(first_unknown) - strlen(first_unknown),
				 "%s%s", unknown > 1 ? ", " : "", d->scode[i]);
		else if (d->seats_year[i] &&
			 strcmp(d->seats_year[i], d->year) != 0)
			earlier++;
		if (sg_strmap__put(index, d->scode[i], (int64_t)i) != 0) {
			rc = sg_error__oom(ctx, WHAT);
			break;
		}
	}
done:
	sg_load__schools_free(&s);
	if (rc == SG_OK && d->round == 2)
		rc = seats_left(ctx, d);
	if (rc == SG_OK && unknown)
		sg_ctx__warn(ctx,
			     "admit: %zu %s school%s without seats "
			     "(seats_entry_grade) for %s take nobody: %s%s",
			     unknown, sg_text__level_label(d->level_name),
			     unknown > 1 ? "s" : "", d->year, first_unknown,
			     unknown > 5 ? ", ..." : "");
	if (rc == SG_OK && earlier)
		sg_ctx__warn(ctx,
			     "admit: %zu school%s have no seats figure "
			     "for %s: their latest earlier one is used",
			     earlier, earlier > 1 ? "s" : "", d->year);
	return rc;
}

/* The choices text "A,B,C" as school indexes; -1 for a school that is
 * not of the level (any more).  Returns how many were dropped. */
static int parse_choices(const char *text, const sg_strmap *index,
			 int32_t out[3])
{
	char buf[512], *p, *save = NULL;
	int k = 0, dropped = 0;

	out[0] = out[1] = out[2] = -1;
	if (!text)
		return 0;
	snprintf(buf, sizeof(buf), "%s", text);
	for (p = strtok_r(buf, ",", &save); p && k < 3;
	     p = strtok_r(NULL, ",", &save), k++) {
		int64_t i;

		if (sg_strmap__get(index, p, &i))
			out[k] = (int32_t)i;
		else
			dropped++;
	}
	return dropped;
}

/*
 * The point of a SpatiaLite BLOB-Geometry POINT XY: 0x00, endianness,
 * SRID, MBR (4 doubles), 0x7C, class 1, X, Y, 0xFE; 60 bytes.  Reading
 * it here saves two SQL function calls per applicant.  0, or -1 for any
 * other blob (the caller then asks SpatiaLite).
 */
static int blob_point(const unsigned char *b, int n, double *x, double *y)
{
	const uint16_t one = 1;
	int little = *(const unsigned char *)&one == 1;
	int32_t type;

	if (!b || n != 60 || b[0] != 0x00 || b[38] != 0x7C || b[59] != 0xFE ||
	    b[1] != (little ? 0x01 : 0x00))
		return -1;
	memcpy(&type, b + 39, 4);
	if (type != 1)
		return -1;
	memcpy(x, b + 43, 8);
	memcpy(y, b + 51, 8);
	return 0;
}

/* Unit codes by id (ids are the units' row ids). */
static int load_unit_codes(sg_ctx *ctx, char ***codes, int64_t *n)
{
	sqlite3_stmt *st;
	int64_t max = 0;
	int rc;

	*codes = NULL;
	*n = 0;
	rc = sg_db__prepare(ctx, WHAT, "SELECT max(id) FROM units", &st);
	if (rc != SG_OK)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		max = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (max < 0 || max > 100000000)
		max = 0;
	*codes = calloc((size_t)max + 1, sizeof(char *));
	if (!*codes)
		return sg_error__oom(ctx, WHAT);
	*n = max + 1;
	rc = sg_db__prepare(ctx, WHAT, "SELECT id, code FROM units", &st);
	if (rc != SG_OK)
		return rc;
	while (rc == SG_OK && sqlite3_step(st) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);

		if (id >= 0 && id < *n && !((*codes)[id] = dup_col(st, 1)))
			rc = sg_error__oom(ctx, WHAT);
	}
	sqlite3_finalize(st);
	return rc;
}

static int load_applicants(sg_ctx *ctx, sg_admit_data *d, sg_crs_tx *tx,
			   const sg_strmap *index)
{
	sqlite3_stmt *st, *xy = NULL;
	size_t cap = 0, dropped = 0, noscore = 0;
	int rc, step, nomem = 0;
	char **ucode = NULL;
	int64_t nucode = 0;

	if ((rc = load_unit_codes(ctx, &ucode, &nucode)) != SG_OK)
		goto free_units;
	rc = sg_db__prepare(ctx, WHAT, "SELECT X(?1), Y(?1)", &xy);
	if (rc != SG_OK)
		goto free_units;
#define APPLICANTS_SQL(SCOPED)                                                 \
	"SELECT code, name, birth_date, declared_unit_code, unit_id, "         \
	"choices, score, priority, geom FROM applicants WHERE grade = ?1 AND " \
	"year = ?2 AND geom IS NOT NULL AND (?3 < 2 OR code NOT IN (SELECT "   \
	"code FROM temp.admit_round1)) " SCOPED " ORDER BY code"
	/* With a unit: the applicants living in it (units_int.h). */
	rc = sg_db__prepare(ctx, WHAT,
			    d->scope ? APPLICANTS_SQL(
					       "AND " SG_UNITS__SCOPE_HOLDS(
						       "applicants", "?4"))
				     : APPLICANTS_SQL(""),
			    &st);
#undef APPLICANTS_SQL
	if (rc != SG_OK)
		goto free_units;
	sqlite3_bind_int(st, 1, d->grade);
	sqlite3_bind_text(st, 2, d->year, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, d->round);
	if (d->scope) /* the applicants living in the unit */
		sqlite3_bind_int64(st, 4, d->scope->set_id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		size_t i = d->napp;
		int p;

		if (i == cap) {
			cap = cap ? 2 * cap : 1024;
			if ((rc = grow_applicants(ctx, d, cap)) != SG_OK)
				break;
		}
		d->acode[i] = arena_col(d, st, 0, &nomem);
		d->aname[i] = arena_col(d, st, 1, &nomem);
		d->abirth[i] = arena_col(d, st, 2, &nomem);
		d->adeclared[i] = arena_col(d, st, 3, &nomem);
		{
			int64_t u = sqlite3_column_type(st, 4) == SQLITE_NULL
					    ? -1
					    : sqlite3_column_int64(st, 4);

			d->aunit[i] = u >= 0 && u < nucode ? ucode[u] : NULL;
		}
		d->achoices[i] = arena_col(d, st, 5, &nomem);
		d->napp++;
		if (nomem || !d->acode[i]) {
			rc = sg_error__oom(ctx, WHAT);
			break;
		}
		d->score[i] = sqlite3_column_type(st, 6) == SQLITE_NULL
				      ? NAN
				      : sqlite3_column_double(st, 6);
		if (!isnan(d->score[i]) &&
		    !(fabs(d->score[i]) <= SG_STD_SCORE_LIMIT)) {
			/* Stored by an import of another version. */
			rc = sg_error__set(ctx, SG_EINVALID,
					   "admit: applicant"
					   " %s: exam score %g out of range "
					   "(import the applicants again)",
					   d->acode[i], d->score[i]);
			break;
		}
		d->noscore[i] = 0;
		p = sqlite3_column_int(st, 7);
		d->priority[i] = p >= 1 && p <= 3 ? p : 0;
		if (blob_point(sqlite3_column_blob(st, 8),
			       sqlite3_column_bytes(st, 8), &d->alon[i],
			       &d->alat[i]) != 0) {
			sqlite3_reset(xy);
			sqlite3_bind_value(xy, 1, sqlite3_column_value(st, 8));
			sqlite3_step(xy);
			d->alon[i] = sqlite3_column_double(xy, 0);
			d->alat[i] = sqlite3_column_double(xy, 1);
		}
		d->ax[i] = d->alon[i];
		d->ay[i] = d->alat[i];
		if (sg_crs__point(tx, &d->ax[i], &d->ay[i]) != 0) {
			rc = sg_error__set(ctx, SG_EPROJ,
					   "admit: applicant "
					   "%s: PROJ cannot take the home to "
					   "%s",
					   d->acode[i], d->crs);
			break;
		}
		dropped += (size_t)parse_choices(d->achoices[i], index,
						 &d->choice[3 * i]);
		if (d->grade == 10 && isnan(d->score[i])) {
			/* Unrankable: no options, explained as such. */
			d->choice[3 * i] = d->choice[3 * i + 1] =
				d->choice[3 * i + 2] = -1;
			d->score[i] = 0;
			d->noscore[i] = 1;
			noscore++;
		}
	}
	if (rc == SG_OK && step != SQLITE_DONE)
		rc = sg_db__fail(ctx, WHAT);
	sqlite3_finalize(st);
free_units:
	sqlite3_finalize(xy);
	d->unit_codes = ucode;
	d->nunit_codes = nucode;
	if (rc == SG_OK && dropped)
		sg_ctx__warn(ctx,
			     "admit: %zu choice%s name a school that is "
			     "no %s school now: skipped",
			     dropped, dropped > 1 ? "s" : "",
			     sg_text__level_label(d->level_name));
	if (rc == SG_OK && noscore)
		sg_ctx__warn(ctx,
			     "admit: %zu grade 10 applicant%s without "
			     "an exam score: not placed",
			     noscore, noscore > 1 ? "s" : "");
	return rc;
}

static void data_free(sg_ctx *ctx, sg_admit_data *d)
{
	sg_strmap__free(d->conf_by_school);
	free(d->confirmed);
	for (size_t i = 0; i < d->nschools; i++) {
		free(d->scode[i]);
		free(d->sname[i]);
		free(d->seats_year[i]);
	}
	for (int64_t u = 0; u < d->nunit_codes; u++)
		free(d->unit_codes[u]);
	free(d->unit_codes);
	while (d->strings) {
		struct admit_block *b = d->strings;

		d->strings = b->next;
		free(b);
	}
	free(d->school_id);
	free(d->scode);
	free(d->sname);
	free(d->seats_year);
	free(d->sx);
	free(d->sy);
	free(d->seats);
	free(d->acode);
	free(d->aname);
	free(d->abirth);
	free(d->adeclared);
	free(d->aunit);
	free(d->achoices);
	free(d->alon);
	free(d->alat);
	free(d->ax);
	free(d->ay);
	free(d->score);
	free(d->noscore);
	free(d->priority);
	free(d->choice);
	if (d->study)
		GEOSGeom_destroy_r(ctx->geos, d->study);
	sg_crs__free(d->to_wgs84);
	memset(d, 0, sizeof(*d));
}

/* FNV-1a, 64 bits: the inputs' checksum recorded with the run. */
static void fnv(uint64_t *h, const void *p, size_t n)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < n; i++)
		*h = (*h ^ c[i]) * 1099511628211ull;
}

static void fnv_str(uint64_t *h, const char *s)
{
	fnv(h, s ? s : "", (s ? strlen(s) : 0) + 1);
}

static void checksum(sg_admit_data *d)
{
	uint64_t h = 1469598103934665603ull;

	fnv(&h, &d->grade, sizeof(d->grade));
	fnv_str(&h, d->year);
	for (size_t i = 0; i < d->nschools; i++) {
		fnv_str(&h, d->scode[i]);
		fnv(&h, &d->seats[i], sizeof(d->seats[i]));
		fnv(&h, &d->sx[i], sizeof(double));
		fnv(&h, &d->sy[i], sizeof(double));
	}
	for (size_t i = 0; i < d->napp; i++) {
		fnv_str(&h, d->acode[i]);
		fnv(&h, &d->alon[i], sizeof(double));
		fnv(&h, &d->alat[i], sizeof(double));
		fnv(&h, &d->priority[i], sizeof(int));
		fnv(&h, &d->score[i], sizeof(double));
		fnv_str(&h, d->achoices[i]);
	}
	snprintf(d->checksum, sizeof(d->checksum), "fnv1a64:%016llx",
		 (unsigned long long)h);
}

static int load(sg_ctx *ctx, const sg_admit_options *o, sg_admit_data *d)
{
	GEOSGeometry *study = NULL;
	sg_crs_tx *tx = NULL;
	sg_strmap *index = sg_strmap__new();
	double box[4];
	int rc;

	if (!index)
		return sg_error__oom(ctx, WHAT);
	rc = load_study(ctx, d->scope, &study, box);
	if (rc == SG_OK && !study) {
		/* No units: centre on the applicants. */
		sqlite3_stmt *st;

		sg_ctx__warn(ctx, "admit: no units in the store: the "
				  "admission zones are not clipped to a study "
				  "area");
		rc = sg_db__prepare(ctx, WHAT,
				    "SELECT min(X(geom)), "
				    "min(Y(geom)), max(X(geom)), max(Y(geom)) "
				    "FROM applicants WHERE grade = ?1 AND year "
				    "= ?2",
				    &st);
		if (rc == SG_OK) {
			sqlite3_bind_int(st, 1, d->grade);
			sqlite3_bind_text(st, 2, d->year, -1, SQLITE_STATIC);
			if (sqlite3_step(st) == SQLITE_ROW)
				for (int k = 0; k < 4; k++)
					box[k] = sqlite3_column_double(st, k);
			sqlite3_finalize(st);
		}
	}
	if (rc != SG_OK)
		goto done;
	if (o->crs && *o->crs)
		snprintf(d->crs, sizeof(d->crs), "%s", o->crs);
	else
		sg_crs__utm_for(0.5 * (box[0] + box[2]),
				0.5 * (box[1] + box[3]), d->crs,
				sizeof(d->crs));
	if ((rc = sg_crs__new(ctx, &tx, "EPSG:4326", d->crs, WHAT)) != SG_OK)
		goto done;
	if ((rc = sg_crs__new(ctx, &d->to_wgs84, d->crs, NULL, WHAT)) != SG_OK)
		goto done;
	if (sg_crs__src_is_geographic(d->to_wgs84)) {
		rc = sg_error__set(ctx, SG_EINVALID,
				   "admit: the CRS '%s' is "
				   "geographic: give a metric (projected) CRS",
				   d->crs);
		goto done;
	}
	if (study && (rc = project_study(ctx, d, study, tx)) != SG_OK)
		goto done;
	if ((rc = load_schools(ctx, d, tx, index)) != SG_OK)
		goto done;
	if ((rc = load_applicants(ctx, d, tx, index)) != SG_OK)
		goto done;
	if (!d->study) {
		d->bx0 = d->by0 = INFINITY;
		d->bx1 = d->by1 = -INFINITY;
		for (size_t i = 0; i < d->napp; i++) {
			d->bx0 = fmin(d->bx0, d->ax[i]);
			d->by0 = fmin(d->by0, d->ay[i]);
			d->bx1 = fmax(d->bx1, d->ax[i]);
			d->by1 = fmax(d->by1, d->ay[i]);
		}
	}
	checksum(d);
done:
	if (study)
		GEOSGeom_destroy_r(ctx->geos, study);
	sg_crs__free(tx);
	sg_strmap__free(index);
	return rc;
}

/*---- The pseudonym key --------------------------------------------------*/

static int hexval(int c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
				      : -1;
}

static int parse_key(const char *hex, uint8_t key[16])
{
	if (!hex || strlen(hex) != 32)
		return -1;
	for (int i = 0; i < 16; i++) {
		int a = hexval(hex[2 * i]), b = hexval(hex[2 * i + 1]);

		if (a < 0 || b < 0)
			return -1;
		key[i] = (uint8_t)(a * 16 + b);
	}
	return 0;
}

/*
 * The key: given, else the store's meta 'admit_key', else a new random
 * one (*is_new, written with the run).
 */
static int get_key(sg_ctx *ctx, const sg_admit_options *o, uint8_t key[16],
		   int *is_new)
{
	sqlite3_stmt *st;
	int rc, found = 0;
	FILE *fp;

	*is_new = 0;
	if (o->key_hex) {
		if (parse_key(o->key_hex, key) != 0)
			return sg_error__set(ctx, SG_EINVALID,
					     "admit: the "
					     "pseudonym key must be 32 hex "
					     "digits");
		return SG_OK;
	}
	rc = sg_db__prepare(ctx, WHAT,
			    "SELECT value FROM meta WHERE key = "
			    "'admit_key'",
			    &st);
	if (rc != SG_OK)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		found = parse_key((const char *)sqlite3_column_text(st, 0),
				  key) == 0;
	sqlite3_finalize(st);
	if (found)
		return SG_OK;
	fp = fopen("/dev/urandom", "rb");
	if (!fp || fread(key, 1, 16, fp) != 16) {
		if (fp)
			fclose(fp);
		return sg_error__set(ctx, SG_EIO,
				     "admit: cannot read "
				     "/dev/urandom for the pseudonym key");
	}
	fclose(fp);
	*is_new = 1;
	return SG_OK;
}

static int store_key(sg_ctx *ctx, const uint8_t key[16])
{
	static const char digits[] = "0123456789abcdef";
	char hex[33], sql[96];

	for (int i = 0; i < 16; i++) {
		hex[2 * i] = digits[key[i] >> 4];
		hex[2 * i + 1] = digits[key[i] & 15];
	}
	hex[32] = '\0';
	snprintf(sql, sizeof(sql),
		 "INSERT OR REPLACE INTO meta VALUES "
		 "('admit_key', '%s')",
		 hex);
	return sg_db__exec(ctx, WHAT, sql);
}

/*---- The output directory -----------------------------------------------*/

void sg_admit__failpoint(const char *name)
{
	sg_failpoint__kill(name); /* util/failpoint.h (#18) */
}

/* Whether dir holds an earlier output: file `marker` starts with
 * `head` ("{\"schoolgis\": \"admit\"" in summary.json). */
static int is_output(const char *dir, const char *marker, const char *head)
{
	char path[4200], buf[64] = "";
	FILE *fp;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, marker);
	fp = fopen(path, "rb");
	if (!fp)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	return strncmp(buf, head, strlen(head)) == 0;
}

/*
 * Check dir (absent, or an earlier output with overwrite), then start
 * its replacement (util/file.h sg_dirswap: the temporary sibling
 * DIR.tmp-PID, created after what killed runs left beside dir - their
 * temporaries hold personal data - is removed).
 */
int sg_admit__dir_prepare(sg_ctx *ctx, const char *dir, bool overwrite,
			  const char *marker, const char *head, sg_dirswap *o)
{
	struct stat sb;
	int n = 0, rc;

	if (!*dir || strlen(dir) > 4000)
		return sg_error__set(ctx, SG_EINVALID,
				     "admit: bad output "
				     "directory '%s'",
				     dir);
	if (stat(dir, &sb) == 0) {
		if (!overwrite)
			return sg_error__set(ctx, SG_EEXISTS,
					     "admit: %s "
					     "exists",
					     dir);
		if (!S_ISDIR(sb.st_mode) || !is_output(dir, marker, head))
			return sg_error__set(ctx, SG_EEXISTS,
					     "admit: %s exists"
					     " and is not the output of an "
					     "earlier admit run: not replaced",
					     dir);
	}
	if ((rc = sg_dirswap__begin(ctx, o, dir, WHAT, &n)) != SG_OK)
		return rc;
	if (n > 0)
		sg_ctx__warn(ctx,
			     "admit: removed %d leftover%s of killed runs "
			     "beside %s",
			     n, n > 1 ? "s" : "", o->path);
	return SG_OK;
}

/*
 * Make the temporary directory the output, as a whole (sg_dirswap: with
 * an earlier output, renameat2(RENAME_EXCHANGE) swaps the two in one
 * step); sg_dirswap__free then removes the old one.
 */
int sg_admit__dir_publish(sg_ctx *ctx, sg_dirswap *o)
{
	int rc = sg_dirswap__commit(ctx, o, WHAT);

	if (rc == SG_OK)
		sg_admit__failpoint("admit-swapped");
	return rc;
}

/*---- The run in the store -----------------------------------------------*/

static int put_result(sg_ctx *ctx, sqlite3_stmt *st, int64_t run,
		      const char *subject, const char *key, double v)
{
	if (isnan(v))
		return SG_OK;
	return sg_db__put_result(ctx, st, WHAT, run, subject, key, v, NULL);
}

double sg_admit__cutoff(const sg_admit_data *d, const sg_admit_result *r,
			size_t s)
{
	if (r->worst[s] < 0)
		return NAN;
	return d->grade == 10 ? (double)r->total[r->worst[s]] / 1e4
			      : r->worst_dist[s];
}

static int record_run(sg_ctx *ctx, const sg_admit_options *o,
		      const sg_admit_data *d, const sg_admit_result *r,
		      const char *std_source, sg_admit_summary *sum)
{
	const int two = d->round == 2;
	const sg_run_kv params[] = {
		SG_RUN_INT("grade", d->grade),
		SG_RUN_TEXT("year", d->year),
		SG_RUN_TEXT("level", d->level_name),
		SG_RUN_NUM("max_distance_m",
			   d->max_distance > 0 ? d->max_distance : NAN),
		SG_RUN_TEXT("crs", d->crs),
		SG_RUN_NUM("zone_cell_m",
			   o->zone_cell > 0 ? o->zone_cell : 100),
		SG_RUN_TEXT("standards", std_source),
		SG_RUN_REALS("priority_points", d->points + 1, 3),
		SG_RUN_TEXT("out_dir", o->out_dir),
		SG_RUN_INT("round", d->round),
		SG_RUN_INT("round1_run", two ? (double)d->round1_run : NAN),
		SG_RUN_INT("confirmed", two ? (double)d->nconfirmed : NAN),
		SG_RUN_TEXT("confirmed_file", two ? o->confirmed : NULL),
		SG_RUN_REALS("choice_handicap", d->handicap, 3),
		SG_RUN_INT("priority_as_points", d->priority_as_points),
		SG_RUN_REALS("priority_metres", d->metres + 1, 3),
		SG_RUN_INT("k", d->k),
		SG_RUN_TEXT("publish_dir", o->publish_dir),
	};
	const sg_run_kv inputs[] = {
		SG_RUN_INT(SG_RESULT_APPLICANTS, d->napp),
		SG_RUN_INT(SG_RESULT_SCHOOLS, d->nschools),
		SG_RUN_TEXT("checksum", d->checksum),
	};
	const sg_run_kv summary[] = {
		SG_RUN_INT("seats", sum->seats),
		SG_RUN_INT("placed", sum->placed),
		SG_RUN_INT("unplaced", sum->unplaced),
		SG_RUN_INT("at_first", sum->at_first),
		SG_RUN_NUM("distance_median_m", sum->distance_median_m),
		SG_RUN_INT("zones", sum->zones),
	};
	const sg_run run = { "admit", params, sizeof(params) / sizeof(*params),
			     inputs, sizeof(inputs) / sizeof(*inputs) };
	sqlite3_stmt *st;
	int rc;

	rc = sg_run__begin(ctx, WHAT, &run, &sum->run_id);
	if (rc == SG_OK)
		rc = sg_run__finish(ctx, WHAT, sum->run_id, summary,
				    sizeof(summary) / sizeof(*summary));
	if (rc != SG_OK)
		return rc;
	rc = sg_db__prepare(ctx, WHAT,
			    "INSERT INTO results (run_id, subject,"
			    " key, value) VALUES (?1, ?2, ?3, ?4)",
			    &st);
	for (size_t s = 0; rc == SG_OK && s < d->nschools; s++) {
		char subject[160];
		double cut = sg_admit__cutoff(d, r, s);

		snprintf(subject, sizeof(subject), SG_RESULT_ADMIT_PREFIX "%s",
			 d->scode[s]);
		rc = put_result(ctx, st, sum->run_id, subject, SG_RESULT_SEATS,
				(double)d->seats[s]);
		if (rc == SG_OK)
			rc = put_result(ctx, st, sum->run_id, subject,
					SG_RESULT_PLACED, (double)r->placed[s]);
		if (rc == SG_OK)
			rc = put_result(ctx, st, sum->run_id, subject,
					SG_RESULT_DEMAND, (double)r->demand[s]);
		if (rc == SG_OK)
			rc = put_result(ctx, st, sum->run_id, subject,
					d->grade == 10
						? SG_RESULT_CUTOFF_TOTAL
						: SG_RESULT_CUTOFF_DISTANCE,
					cut);
	}
	if (rc == SG_OK)
		rc = put_result(ctx, st, sum->run_id, SG_RESULT_SUMMARY,
				SG_RESULT_APPLICANTS, (double)sum->applicants);
	if (rc == SG_OK)
		rc = put_result(ctx, st, sum->run_id, SG_RESULT_SUMMARY,
				SG_RESULT_PLACED, (double)sum->placed);
	if (rc == SG_OK)
		rc = put_result(ctx, st, sum->run_id, SG_RESULT_SUMMARY,
				SG_RESULT_UNPLACED, (double)sum->unplaced);
	if (rc == SG_OK)
		rc = put_result(ctx, st, sum->run_id, SG_RESULT_SUMMARY,
				SG_RESULT_AT_FIRST, (double)sum->at_first);
	sqlite3_finalize(st);
	if (rc == SG_OK)
		rc = sg_admit__store_placements(ctx, d, r, sum->run_id);
	return rc;
}

/* A run whose outputs could not be put in place is taken back out of
 * the store (the message of the failure is kept). */
void sg_admit__forget_run(sg_ctx *ctx, int64_t run)
{
	char sql[160];

	snprintf(sql, sizeof(sql),
		 "DELETE FROM results WHERE run_id = %lld;"
		 " DELETE FROM runs WHERE id = %lld",
		 (long long)run, (long long)run);
	sqlite3_exec(ctx->db, sql, NULL, NULL, NULL);
}

/*
 * The store is read through a memory map while admit runs: the loader
 * reads every applicant twice (the year, then the rows in code order
 * through the (code, year) index), and through read() each page is
 * copied into SQLite's cache first; mapped, a grade-10 run of 100,000
 * applicants spends a quarter of the CPU time less on loading.  The
 * connection's own setting is put back afterwards.  Returns it (-1 when
 * it could not be read: then nothing is changed).
 */
static int64_t map_store(sg_ctx *ctx)
{
	sqlite3_stmt *st;
	int64_t old = -1;

	if (sqlite3_prepare_v2(ctx->db, "PRAGMA mmap_size", -1, &st, NULL) !=
	    SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		old = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (old >= 0 && old < ((int64_t)1 << 30))
		sqlite3_exec(ctx->db, "PRAGMA mmap_size = 1073741824", NULL,
			     NULL, NULL);
	return old;
}

static void unmap_store(sg_ctx *ctx, int64_t old)
{
	char sql[64];

	if (old < 0 || old >= ((int64_t)1 << 30))
		return;
	snprintf(sql, sizeof(sql), "PRAGMA mmap_size = %lld", (long long)old);
	sqlite3_exec(ctx->db, sql, NULL, NULL, NULL);
}

/*---- The run's data and its record ---------------------------------------*/

int sg_admit__load(sg_ctx *ctx, const sg_admit_options *o, sg_admit_data *d,
		   int *key_new, int64_t *mmap_old)
{
	int rc;

	*key_new = 0;
	*mmap_old = map_store(ctx);
	rc = resolve_year(ctx, d->grade, o->year, d->year, sizeof(d->year));
	if (rc == SG_OK && d->round == 2)
		rc = sg_admit__round2_prepare(ctx, d, o->confirmed);
	else if (rc == SG_OK)
		rc = sg_db__exec(ctx, WHAT,
				 "CREATE TEMP TABLE IF NOT EXISTS "
				 "admit_round1 (code TEXT PRIMARY KEY, school "
				 "TEXT); DELETE FROM temp.admit_round1");
	if (rc == SG_OK)
		rc = load(ctx, o, d);
	if (rc == SG_OK)
		rc = get_key(ctx, o, d->key, key_new);
	return rc;
}

void sg_admit__close(sg_ctx *ctx, sg_admit_data *d, int64_t mmap_old)
{
	data_free(ctx, d);
	unmap_store(ctx, mmap_old);
}

int sg_admit__store(sg_ctx *ctx, const sg_admit_options *o,
		    const sg_admit_data *d, const sg_admit_result *r,
		    const char *std_source, int key_new,
		    const sg_roads_info *road, sg_admit_summary *sum)
{
	int rc;

	if ((rc = sg_db__begin(ctx)) != SG_OK)
		return rc;
	if (key_new)
		rc = store_key(ctx, d->key);
	if (rc == SG_OK)
		rc = record_run(ctx, o, d, r, std_source, sum);
	if (rc == SG_OK && d->scope) { /* the unit, beside the parameters */
		sqlite3_stmt *st;

		rc = sg_db__prepare(ctx, WHAT,
				    "UPDATE runs SET parameters = "
				    "json_set(parameters, '$.unit', ?1) WHERE "
				    "id = ?2",
				    &st);
		if (rc == SG_OK) {
			sqlite3_bind_text(st, 1, sg_scope_code(d->scope), -1,
					  SQLITE_STATIC);
			sqlite3_bind_int64(st, 2, sum->run_id);
			rc = sqlite3_step(st) == SQLITE_DONE
				     ? SG_OK
				     : sg_db__fail(ctx, WHAT);
			sqlite3_finalize(st);
		}
	}
	if (rc == SG_OK && road) {
		sqlite3_stmt *st;

		rc = sg_db__prepare(ctx, WHAT,
				    "INSERT INTO results (run_id, "
				    "subject, key, value) VALUES (?1, ?2, ?3, "
				    "?4)",
				    &st);
		if (rc == SG_OK) {
			rc = sg_roads__put_run(ctx, st, WHAT, sum->run_id,
					       o->road, road);
			sqlite3_finalize(st);
		}
	}
	if (rc == SG_OK)
		rc = sg_db__commit(ctx);
	if (rc != SG_OK)
		sg_db__rollback(ctx);
	return rc;
}
