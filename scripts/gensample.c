/*
 * gensample.c - sg-gensample: write a synthetic, seeded sample district
 * modelled on Huyện Củ Chi (Ho Chi Minh City), for tests, demos and
 * benchmarks of schoolgis.
 *
 * Nothing written here is real data apart from the public commune names
 * and the district averages published in Củ Chi's ICT plan (see
 * shared/data/cu-chi/SOURCE.txt).  The outline is a smoothed random star
 * polygon of the right size in the right place; the communes are Voronoi
 * cells of random seeds; every school, figure and head count comes from
 * a small PRNG (splitmix64), never rand(), so one seed always gives
 * byte-identical CSV and GeoJSON files.  (schools.xlsx also comes out
 * identical with GDAL 3.6, but that is up to GDAL's zip writer.)
 *
 * The commune layer is a true coverage: the Voronoi edges are computed
 * in UTM 48N metres, taken to EPSG:4326, and noded together with the
 * district outline by a snap-rounding union on the 1e-7 degree grid that
 * the RFC 7946 GeoJSON writer prints, then polygonized.  Neighbouring
 * communes therefore share exactly the same vertices, and the district
 * written out is the coverage union of the communes, so the two files
 * agree to the last digit.
 *
 * This is a development tool, not library code: it uses GDAL/OGR (and
 * PROJ through OGR) and the reentrant GEOS C API directly, keeps its
 * state in one struct gen, and exits 2 on usage errors and 1 on runtime
 * errors.
 */

#define _POSIX_C_SOURCE 200809L
#define GEOS_USE_ONLY_R_API

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <geos_c.h>

#include "gensample.h"
#include "util/util.h"

#define PROG "sg-gensample"
#define PI 3.14159265358979323846

#define DISTRICT_CODE "783"
#define DISTRICT_NAME "Huyện Củ Chi"
#define PROVINCE_CODE "79"
#define DISTRICT_AREA_M2 435.0e6
#define DISTRICT_POP 462047
#define CENTRE_LON 106.52
#define CENTRE_LAT 11.03
#define NCOMMUNES 21
#define POP_YEAR 2019

/*
 * Synthetic commune codes: COMMUNE_CODE_FIRST, then steps of 3 in the
 * order of commune_names[].  The real GSO codes of Củ Chi run from 27496
 * to 27556 in steps of 3 as well, so most of these numbers exist, but the
 * name each one is paired with here is not the real pairing.
 */
#define COMMUNE_CODE_FIRST 27511
#define COMMUNE_CODE_STEP 3

/* Coordinate grids: GeoJSON (RFC 7946) prints 7 decimals, CSV 6. */
#define GRID_DEG 1e-7
#define POINT_SCALE 1e6

#define MAX_YEARS 32
#define MAX_SCHOOLS 10000000L
#define MAX_APPLICANTS 10000000L
#define CELL_MAX 192
#define PATH_BUF 4096

/* PRNG stream identifiers: one independent stream per purpose. */
enum {
	STREAM_SHAPE = 1,
	STREAM_SEEDS,
	STREAM_POP,
	STREAM_SCHOOL,
	STREAM_YEAR,
	STREAM_APPLICANT, /* --applicants: one stream per applicant */
	STREAM_RASTER,	  /* --raster */
	STREAM_ROADS	  /* --roads */
};

static const char vn2000_proj4[] =
	"+proj=tmerc +lat_0=0 +lon_0=105.75 +k=0.9999 +x_0=500000 +y_0=0 "
	"+ellps=WGS84 +towgs84=-191.90441429,-39.30318279,-111.45032835,"
	"-0.00928836,0.01975479,-0.00427372,0.252906278 +units=m +no_defs";

/* Index 0 is the township; the order also fixes the commune codes. */
static const char *const commune_names[NCOMMUNES] = {
	"Thị trấn Củ Chi",     "Xã Phước Thạnh",   "Xã Phước Vĩnh An",
	"Xã Phước Hiệp",       "Xã Phú Hòa Đông",  "Xã Phú Mỹ Hưng",
	"Xã Phạm Văn Cội",     "Xã An Nhơn Tây",   "Xã An Phú",
	"Xã Nhuận Đức",	       "Xã Hòa Phú",	   "Xã Bình Mỹ",
	"Xã Thái Mỹ",	       "Xã Trung An",	   "Xã Trung Lập Hạ",
	"Xã Trung Lập Thượng", "Xã Tân An Hội",	   "Xã Tân Phú Trung",
	"Xã Tân Thạnh Đông",   "Xã Tân Thạnh Tây", "Xã Tân Thông Hội"
};

/* Name pools for schools not named after their commune. */
static const char *const preschool_names[] = {
	"Hoa Sen",     "Hoa Mai",      "Hướng Dương", "Sơn Ca",	   "Họa Mi",
	"Vành Khuyên", "Tuổi Thơ",     "Măng Non",    "Ánh Dương", "Hoa Hồng",
	"Sao Mai",     "Bông Sen",     "Rạng Đông",   "Bình Minh", "Hoa Phượng",
	"Hoa Cúc",     "Búp Sen Xanh", "Hoàng Yến",   "Mai Vàng",  "Thỏ Ngọc",
	"Tuổi Ngọc",   "Hoa Lan",      "Ngôi Sao",    "Sóc Nâu"
};

static const char *const person_names[] = {
	"Nguyễn Văn Trỗi",   "Lê Lợi",
	"Trần Hưng Đạo",     "Quang Trung",
	"Lý Thường Kiệt",    "Nguyễn Du",
	"Lê Quý Đôn",	     "Nguyễn Trãi",
	"Trần Phú",	     "Nguyễn Thị Minh Khai",
	"Võ Thị Sáu",	     "Lê Văn Tám",
	"Kim Đồng",	     "Nguyễn Bỉnh Khiêm",
	"Chu Văn An",	     "Phan Bội Châu",
	"Phan Chu Trinh",    "Hai Bà Trưng",
	"Nguyễn Đình Chiểu", "Lương Thế Vinh",
	"Trương Định",	     "Nguyễn Hữu Cầu",
	"Đinh Tiên Hoàng",   "Lê Thánh Tông",
	"Ngô Quyền",	     "Trần Quốc Toản",
	"Nguyễn Khuyến",     "Tô Vĩnh Diện",
	"Mạc Đĩnh Chi",	     "Hồ Tùng Mậu"
};

#define NPRESCHOOL_NAMES (sizeof(preschool_names) / sizeof(preschool_names[0]))
#define NPERSON_NAMES (sizeof(person_names) / sizeof(person_names[0]))
#define NAME_BASES (NCOMMUNES + NPERSON_NAMES + NPRESCHOOL_NAMES)

static const char *const roads[] = { "Tỉnh lộ 8",  "Tỉnh lộ 15", "Tỉnh lộ 2",
				     "Tỉnh lộ 7",  "Quốc lộ 22", "Hương lộ 2",
				     "Đường số 3", "Đường số 7" };

/*---- School levels ------------------------------------------------------*/

enum level {
	LV_MN,
	LV_TH,
	LV_THCS,
	LV_THPT,
	LV_TH_THCS,
	LV_THCS_THPT,
	NLEVELS
};

/*
 * Per-level parameters.  Computer means are the Củ Chi averages quoted in
 * SOURCE.txt (upper secondary and the multi-level schools are guesses);
 * student ranges, class sizes and staffing ratios follow the national
 * norms loosely.  Teaching computers grow with school size and vary by a
 * lognormal factor, which leaves a realistic mix of schools above and
 * below the students-per-computer standards (24 / 16 / 12).
 */
static const struct level_info {
	const char *label;     /* Cấp học, also used in the school name */
	const char *prefix;    /* school code prefix */
	int default_count;     /* Củ Chi mix */
	int stu_lo, stu_hi;    /* students, first year */
	double cls_lo, cls_hi; /* students per class */
	int grades;	       /* grades in the level (entry seats) */
	double teach_mean;     /* teaching computers per school */
	double teach_sigma;    /* lognormal spread of the above */
	double teach_zero_p;   /* share of schools with none */
	double mgmt_mean;      /* management computers per school */
	double private_p;      /* share of "Tư thục" */
	double tpc_lo, tpc_hi; /* teachers per class */
	double it_lo, it_hi;   /* share of teachers at IT standard */
	double pool_p;	       /* named from a pool, not the commune */
	double lan_p, web_p, egrade_p, econtact_p;
} levels[NLEVELS] = { { "Mầm non", "MN", 42,   150,  450,  22,	28,  3,
			6.9,	   0.45, 0.04, 7.0,  0.12, 1.8, 2.2, 0.35,
			0.85,	   0.45, 0.70, 0.85, 0.10, 0.30 },
		      { "Tiểu học", "TH", 39,	500,  1500, 32,	 38,  5,
			25.1,	    0.40, 0.02, 7.4,  0.03, 1.4, 1.6, 0.60,
			0.98,	    0.40, 0.90, 0.92, 0.82, 0.65 },
		      { "THCS", "THCS", 23,   600,  1600, 34,  40,  4,
			55.3,	0.35,	0.00, 9.4,  0.02, 1.8, 2.0, 0.60,
			0.98,	0.50,	0.95, 0.93, 0.85, 0.75 },
		      { "THPT", "THPT", 5,    900,  1800, 36,  42,  3,
			60.0,	0.30,	0.00, 10.5, 0.00, 2.1, 2.3, 0.65,
			1.00,	0.60,	0.97, 0.97, 0.90, 0.85 },
		      { "TH-THCS", "LC", 2,    700,  1700, 33,	40,  9,
			40.0,	   0.35, 0.00, 9.0,  0.50, 1.6, 1.8, 0.60,
			0.98,	   0.50, 0.95, 0.95, 0.85, 0.80 },
		      { "THCS-THPT", "LC", 1,	 900,  2000, 36,  42,  7,
			65.0,	     0.30, 0.00, 11.0, 0.60, 1.9, 2.2, 0.65,
			1.00,	     0.60, 0.97, 0.97, 0.90, 0.85 } };

/*---- Columns of the school tables ---------------------------------------*/

enum column {
	C_CODE,
	C_NAME,
	C_LEVEL,
	C_TYPE,
	C_COMMUNE,
	C_ADDR,
	C_LON,
	C_LAT,
	C_YEAR,
	C_STUDENTS,
	C_CLASSES,
	C_SEATS,
	C_PC_TEACH,
	C_PC_MGMT,
	C_PRINTERS,
	C_WEBCAMS,
	C_FIBRE,
	C_BW,
	C_LAN,
	C_WIFI,
	C_WEB,
	C_EGRADE,
	C_ECONTACT,
	C_TEACHERS,
	C_IT_TEACHERS,
	NCOLS
};

enum kind { K_STR, K_REAL, K_INT, K_BOOL };

static const struct column_info {
	const char *name;
	enum kind kind;
	int optional; /* may be left empty (unknown) */
} columns[NCOLS] = { { "Mã trường", K_STR, 0 },
		     { "Tên trường", K_STR, 0 },
		     { "Cấp học", K_STR, 0 },
		     { "Loại hình", K_STR, 0 },
		     { "Mã xã", K_STR, 0 },
		     { "Địa chỉ", K_STR, 0 },
		     { "Kinh độ", K_REAL, 0 },
		     { "Vĩ độ", K_REAL, 0 },
		     { "Năm học", K_STR, 0 },
		     { "Số học sinh", K_INT, 0 },
		     { "Số lớp", K_INT, 0 },
		     { "Chỉ tiêu tuyển sinh đầu cấp", K_INT, 1 },
		     { "Số máy tính phục vụ dạy học", K_INT, 0 },
		     { "Số máy tính phục vụ quản lý", K_INT, 1 },
		     { "Số máy in", K_INT, 1 },
		     { "Số webcam", K_INT, 1 },
		     { "Cáp quang", K_BOOL, 0 },
		     { "Băng thông (Mbps)", K_INT, 1 },
		     { "Mạng LAN", K_BOOL, 1 },
		     { "Wifi", K_BOOL, 1 },
		     { "Website", K_BOOL, 0 },
		     { "Sổ điểm điện tử", K_BOOL, 0 },
		     { "Sổ liên lạc điện tử", K_BOOL, 1 },
		     { "Số giáo viên", K_INT, 0 },
		     { "Số giáo viên đạt chuẩn CNTT", K_INT, 1 } };

#define UNKNOWN (-1)	/* row value written as an empty cell */
#define UNKNOWN_P 0.015 /* chance an optional value is unknown */

/*---- State --------------------------------------------------------------*/

struct opts {
	uint64_t seed;
	long nschools;	      /* 0: the Củ Chi mix */
	int years[MAX_YEARS]; /* first calendar year of each school year */
	int nyears;
	int errors;
	int raster;	  /* --raster: population.tif */
	int roads;	  /* --roads: roads.gpkg */
	double road_step; /* --road-step: metres; 0: ROAD_STEP */
	int quiet;
	int csv_only; /* --csv-only: no schools.xlsx/.geojson/_vn2000.csv */
	const char *outdir;
	long napplicants; /* --applicants: per grade 1, 6, 10; 0 none */
};

struct commune {
	const char *name;
	const char *short_name; /* without "Xã " / "Thị trấn " */
	char code[8];
	int is_town;
	int pop;
	int hamlets;   /* ấp / khu phố count, for addresses */
	double ux, uy; /* Voronoi seed, UTM 48N */
	double area_km2;
	double cx, cy;	    /* centroid, UTM 48N */
	GEOSGeometry *geom; /* EPSG:4326 on the GRID_DEG grid */
	const GEOSPreparedGeometry *prep;
	double minx, miny, maxx, maxy;
};

struct school {
	char code[24];
	char name[160];
	char addr[160];
	int level;
	int is_private;
	int commune;
	double lon, lat; /* on the 1e-6 grid */
	double vx, vy;	 /* VN-2000 TM-3 105°45' */
};

struct row {
	int v[NCOLS]; /* C_STUDENTS.. used; UNKNOWN = empty */
};

typedef char cells_t[NCOLS][CELL_MAX];

struct gen {
	const struct opts *o;
	GEOSContextHandle_t gh;
	GEOSWKBReader *wkbr;
	GEOSWKBWriter *wkbw;
	OGRSpatialReferenceH wgs84, utm, vn2000;
	OGRCoordinateTransformationH wgs_to_utm, utm_to_wgs, wgs_to_vn;
	char msg[1024];		/* the error reported to the user */
	char lib_msg[512];	/* last GDAL or GEOS message */
	GEOSGeometry *district; /* EPSG:4326, union of the communes */
	double district_km2;
	struct commune com[NCOMMUNES];
	int level_count[NLEVELS];
	size_t nschools;
	struct school *schools;
	struct row *rows; /* nschools * nyears, school-major */
	int name_count[NLEVELS][NAME_BASES];
};

/*---- Errors -------------------------------------------------------------*/

static int fail(struct gen *g, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(g->msg, sizeof(g->msg), fmt, ap);
	va_end(ap);
	return -1;
}

static int fail_geos(struct gen *g, const char *what)
{
	return fail(g, "GEOS: %s failed: %s", what,
		    g->lib_msg[0] ? g->lib_msg : "unknown error");
}

static int fail_gdal(struct gen *g, const char *what)
{
	const char *m = CPLGetLastErrorMsg();

	if (!m || !*m)
		m = g->lib_msg[0] ? g->lib_msg : "unknown error";
	return fail(g, "GDAL: %s: %s", what, m);
}

static void geos_message(const char *message, void *userdata)
{
	struct gen *g = userdata;

	snprintf(g->lib_msg, sizeof(g->lib_msg), "%s", message);
}

static void geos_notice(const char *message, void *userdata)
{
	(void)message;
	(void)userdata;
}

/* Keep GDAL quiet; failures are reported through g->msg instead. */
static void CPL_STDCALL gdal_message(CPLErr cls, CPLErrorNum num,
				     const char *message)
{
	struct gen *g = CPLGetErrorHandlerUserData();

	(void)num;
	if (g && cls >= CE_Warning)
		snprintf(g->lib_msg, sizeof(g->lib_msg), "%s", message);
}

/* The PRNG (splitmix64 streams) is in gensample.h, shared with the
 * national generator so both draw the same streams. */

static double rng_normal(struct rng *r)
{
	double u1 = 1.0 - rng_u01(r); /* (0, 1] */
	double u2 = rng_u01(r);

	return sqrt(-2.0 * log(u1)) * cos(2.0 * PI * u2);
}

/* Lognormal factor with mean 1. */
static double rng_lognorm(struct rng *r, double sigma)
{
	return exp(sigma * rng_normal(r) - 0.5 * sigma * sigma);
}

/*---- Geometry helpers ---------------------------------------------------*/

static OGRGeometryH geos_to_ogr(struct gen *g, const GEOSGeometry *geom)
{
	size_t n;
	unsigned char *wkb;
	OGRGeometryH og = NULL;

	wkb = GEOSWKBWriter_write_r(g->gh, g->wkbw, geom, &n);
	if (!wkb)
		return NULL;
	if (OGR_G_CreateFromWkb(wkb, NULL, &og, (int)n) != OGRERR_NONE)
		og = NULL;
	GEOSFree_r(g->gh, wkb);
	return og;
}

static GEOSGeometry *ogr_to_geos(struct gen *g, OGRGeometryH og)
{
	int n = OGR_G_WkbSize(og);
	unsigned char *buf = malloc((size_t)n);
	GEOSGeometry *geom = NULL;

	if (!buf)
		return NULL;
	if (OGR_G_ExportToWkb(og, wkbNDR, buf) == OGRERR_NONE)
		geom = GEOSWKBReader_read_r(g->gh, g->wkbr, buf, (size_t)n);
	free(buf);
	return geom;
}

/* Reproject a GEOS geometry through OGR; NULL (with g->msg) on error. */
static GEOSGeometry *transform(struct gen *g, const GEOSGeometry *geom,
			       OGRCoordinateTransformationH ct)
{
	OGRGeometryH og = geos_to_ogr(g, geom);
	GEOSGeometry *out = NULL;

	if (!og) {
		fail_geos(g, "WKB export");
		return NULL;
	}
	if (OGR_G_Transform(og, ct) != OGRERR_NONE)
		fail_gdal(g, "reprojecting a geometry");
	else if (!(out = ogr_to_geos(g, og)))
		fail_geos(g, "WKB import");
	OGR_G_DestroyGeometry(og);
	return out;
}

static int transform_xy(struct gen *g, OGRCoordinateTransformationH ct,
			double *x, double *y)
{
	if (!OCTTransform(ct, 1, x, y, NULL))
		return fail_gdal(g, "reprojecting a point");
	return 0;
}

static GEOSGeometry *make_box(struct gen *g, double x0, double y0, double x1,
			      double y1)
{
	GEOSCoordSequence *cs = GEOSCoordSeq_create_r(g->gh, 5, 2);
	GEOSGeometry *ring;

	if (!cs)
		return NULL;
	GEOSCoordSeq_setXY_r(g->gh, cs, 0, x0, y0);
	GEOSCoordSeq_setXY_r(g->gh, cs, 1, x1, y0);
	GEOSCoordSeq_setXY_r(g->gh, cs, 2, x1, y1);
	GEOSCoordSeq_setXY_r(g->gh, cs, 3, x0, y1);
	GEOSCoordSeq_setXY_r(g->gh, cs, 4, x0, y0);
	ring = GEOSGeom_createLinearRing_r(g->gh, cs);
	return ring ? GEOSGeom_createPolygon_r(g->gh, ring, NULL, 0) : NULL;
}

static int geom_bounds(struct gen *g, const GEOSGeometry *geom, double *minx,
		       double *miny, double *maxx, double *maxy)
{
	if (!GEOSGeom_getXMin_r(g->gh, geom, minx) ||
	    !GEOSGeom_getYMin_r(g->gh, geom, miny) ||
	    !GEOSGeom_getXMax_r(g->gh, geom, maxx) ||
	    !GEOSGeom_getYMax_r(g->gh, geom, maxy))
		return fail_geos(g, "envelope");
	return 0;
}

static int check_valid(struct gen *g, const GEOSGeometry *geom,
		       const char *what)
{
	char *reason;

	if (GEOSisValid_r(g->gh, geom) == 1)
		return 0;
	reason = GEOSisValidReason_r(g->gh, geom);
	fail(g, "internal: %s is not valid: %s", what, reason ? reason : "?");
	GEOSFree_r(g->gh, reason);
	return -1;
}

/*---- District outline ---------------------------------------------------*/

/*
 * A star-shaped polygon around the Củ Chi centre in UTM 48N: a radius
 * made of a few random low harmonics plus smoothed noise (stronger on the
 * north-east side, where the real district follows the Saigon River),
 * stretched along a NW-SE axis and scaled to DISTRICT_AREA_M2.  A
 * positive radius at strictly increasing angles keeps it simple.
 */
static GEOSGeometry *make_district_utm(struct gen *g)
{
	enum { K = 200, MAXH = 8 };
	struct rng r = rng_stream(g->o->seed, STREAM_SHAPE, 0);
	double amp[MAXH], ph[MAXH], noise[K], tmp[K], ux[K], uy[K];
	double cx = CENTRE_LON, cy = CENTRE_LAT, area = 0.0, s, ecc, rot;
	GEOSCoordSequence *cs;
	GEOSGeometry *ring;
	int k, m, pass;

	if (transform_xy(g, g->wgs_to_utm, &cx, &cy) != 0)
		return NULL;
	for (m = 2; m < MAXH; m++) {
		amp[m] = rng_range(&r, 0.3, 1.0) * 0.17 / m;
		ph[m] = rng_range(&r, 0.0, 2.0 * PI);
	}
	for (k = 0; k < K; k++) {
		double t = 2.0 * PI * k / K;
		double river = cos(t - PI / 4.0);

		noise[k] = rng_normal(&r) * 0.035 *
			   (1.0 + 1.5 * (river > 0 ? river : 0.0));
	}
	for (pass = 0; pass < 3; pass++) {
		for (k = 0; k < K; k++)
			tmp[k] = 0.25 * noise[(k + K - 1) % K] +
				 0.5 * noise[k] + 0.25 * noise[(k + 1) % K];
		memcpy(noise, tmp, sizeof(noise));
	}
	ecc = rng_range(&r, 1.12, 1.28);
	rot = (-45.0 + rng_range(&r, -8.0, 8.0)) * PI / 180.0;
	for (k = 0; k < K; k++) {
		double t = 2.0 * PI * k / K, rad = 1.0, x, y;

		for (m = 2; m < MAXH; m++)
			rad += amp[m] * cos(m * t + ph[m]);
		rad *= 1.0 + noise[k];
		x = rad * cos(t) * ecc;
		y = rad * sin(t) / ecc;
		ux[k] = x * cos(rot) - y * sin(rot);
		uy[k] = x * sin(rot) + y * cos(rot);
	}
	for (k = 0; k < K; k++)
		area += ux[k] * uy[(k + 1) % K] - ux[(k + 1) % K] * uy[k];
	s = sqrt(DISTRICT_AREA_M2 / fabs(0.5 * area));
	if (!(cs = GEOSCoordSeq_create_r(g->gh, K + 1, 2))) {
		fail_geos(g, "coordinate sequence");
		return NULL;
	}
	for (k = 0; k <= K; k++)
		GEOSCoordSeq_setXY_r(g->gh, cs, (unsigned)k, cx + s * ux[k % K],
				     cy + s * uy[k % K]);
	ring = GEOSGeom_createLinearRing_r(g->gh, cs);
	if (ring)
		return GEOSGeom_createPolygon_r(g->gh, ring, NULL, 0);
	fail_geos(g, "district ring");
	return NULL;
}

/*---- Communes -----------------------------------------------------------*/

/* 1 if (x, y) is inside prep, 0 if not, -1 (with g->msg) on error. */
static int inside(struct gen *g, const GEOSPreparedGeometry *prep, double x,
		  double y)
{
	GEOSGeometry *p = GEOSGeom_createPointFromXY_r(g->gh, x, y);
	int in;

	if (!p)
		return fail_geos(g, "point");
	in = GEOSPreparedContains_r(g->gh, prep, p);
	GEOSGeom_destroy_r(g->gh, p);
	return in == 2 ? fail_geos(g, "contains") : in;
}

/*
 * Voronoi seeds: uniform in the district with a minimum spacing, so that
 * cell sizes vary (roughly 8 to 40 km2) without absurd slivers.  The seed
 * nearest the centre becomes the township (index 0).
 */
static int place_seeds(struct gen *g, const GEOSGeometry *dutm)
{
	struct rng r = rng_stream(g->o->seed, STREAM_SEEDS, 0);
	const GEOSPreparedGeometry *prep;
	double minx, miny, maxx, maxy, dmin, cx, cy, best = HUGE_VAL;
	int n = 0, tries = 0, k, town = 0, in = 0;
	int pulled[NCOMMUNES] = { 0 };

	cx = CENTRE_LON;
	cy = CENTRE_LAT;
	if (geom_bounds(g, dutm, &minx, &miny, &maxx, &maxy) != 0 ||
	    transform_xy(g, g->wgs_to_utm, &cx, &cy) != 0)
		return -1;
	if (!(prep = GEOSPrepare_r(g->gh, dutm)))
		return fail_geos(g, "prepare");
	dmin = 0.8 * sqrt(DISTRICT_AREA_M2 / NCOMMUNES);
	while (n < NCOMMUNES) {
		double x = rng_range(&r, minx, maxx);
		double y = rng_range(&r, miny, maxy);
		int ok = 1;

		if (++tries > 4000) { /* too tight: relax the spacing */
			dmin *= 0.9;
			tries = 0;
		}
		for (k = 0; k < n && ok; k++)
			ok = hypot(x - g->com[k].ux, y - g->com[k].uy) >= dmin;
		if (!ok || (in = inside(g, prep, x, y)) == 0)
			continue;
		if (in < 0)
			break;
		g->com[n].ux = x;
		g->com[n].uy = y;
		n++;
	}
	for (k = 0; in >= 0 && k < NCOMMUNES; k++) {
		double d = hypot(g->com[k].ux - cx, g->com[k].uy - cy);

		if (d < best) {
			best = d;
			town = k;
		}
	}
	cx = g->com[0].ux;
	cy = g->com[0].uy;
	g->com[0].ux = g->com[town].ux;
	g->com[0].uy = g->com[town].uy;
	g->com[town].ux = cx;
	g->com[town].uy = cy;
	/*
	 * A township is a small, dense place: pull its seven nearest
	 * neighbours 40% closer (if they stay inside), so that its cell
	 * shrinks to a few km2.
	 */
	for (n = 0; in >= 0 && n < 7; n++) {
		int near = 0;
		double x, y;

		best = HUGE_VAL;
		for (k = 1; k < NCOMMUNES; k++) {
			double d = hypot(g->com[k].ux - g->com[0].ux,
					 g->com[k].uy - g->com[0].uy);

			if (!pulled[k] && d < best) {
				best = d;
				near = k;
			}
		}
		pulled[near] = 1;
		x = g->com[near].ux + 0.4 * (g->com[0].ux - g->com[near].ux);
		y = g->com[near].uy + 0.4 * (g->com[0].uy - g->com[near].uy);
		if ((in = inside(g, prep, x, y)) == 1) {
			g->com[near].ux = x;
			g->com[near].uy = y;
		}
	}
	GEOSPreparedGeom_destroy_r(g->gh, prep);
	return in < 0 ? -1 : 0;
}

static int nearest_seed(const struct gen *g, double x, double y)
{
	double best = HUGE_VAL;
	int k, idx = 0;

	for (k = 0; k < NCOMMUNES; k++) {
		double d = hypot(x - g->com[k].ux, y - g->com[k].uy);

		if (d < best) {
			best = d;
			idx = k;
		}
	}
	return idx;
}

/*
 * Union of the faces owned by one cell (all faces if cell < 0).  Faces
 * share exact edges, so the coverage union adds no new vertices.
 */
static GEOSGeometry *union_faces(struct gen *g, GEOSGeometry **faces,
				 const int *owner, int nfaces, int cell)
{
	GEOSGeometry **parts = malloc(sizeof(*parts) * (size_t)nfaces);
	GEOSGeometry *coll, *out;
	int i, n = 0;

	if (!parts)
		return NULL;
	for (i = 0; i < nfaces; i++)
		if (cell < 0 || owner[i] == cell)
			parts[n++] = GEOSGeom_clone_r(g->gh, faces[i]);
	if (n == 0) {
		free(parts);
		return NULL;
	}
	if (n == 1) {
		out = parts[0];
		free(parts);
		return out;
	}
	coll = GEOSGeom_createCollection_r(g->gh, GEOS_MULTIPOLYGON, parts,
					   (unsigned)n);
	free(parts);
	if (!coll)
		return NULL;
	out = GEOSCoverageUnion_r(g->gh, coll);
	GEOSGeom_destroy_r(g->gh, coll);
	return out;
}

/*
 * Voronoi edges in UTM 48N, taken to EPSG:4326 and noded together with
 * the district outline on the GRID_DEG grid; the polygonized faces inside
 * the district are given to the nearest seed (measured in metres).  This
 * is the district-clipped Voronoi diagram, computed so that neighbours
 * share identical vertices.
 */
static int make_cells(struct gen *g, const GEOSGeometry *dutm,
		      const GEOSGeometry *dwgs)
{
	GEOSGeometry *pts[NCOMMUNES], *mp = NULL, *env = NULL, *eu = NULL;
	GEOSGeometry *ew = NULL, *bnd = NULL, *coll = NULL, *noded = NULL;
	GEOSGeometry *polys = NULL, **faces = NULL, *lines[2];
	const GEOSPreparedGeometry *prep = NULL;
	double minx, miny, maxx, maxy;
	int *owner = NULL, nf = 0, n, i, k, rc = -1;

	for (k = 0; k < NCOMMUNES; k++)
		pts[k] = GEOSGeom_createPointFromXY_r(g->gh, g->com[k].ux,
						      g->com[k].uy);
	mp = GEOSGeom_createCollection_r(g->gh, GEOS_MULTIPOINT, pts,
					 NCOMMUNES);
	if (!mp) {
		fail_geos(g, "seed points");
		goto out;
	}
	if (geom_bounds(g, dutm, &minx, &miny, &maxx, &maxy) != 0)
		goto out;
	env = make_box(g, minx - 5000, miny - 5000, maxx + 5000, maxy + 5000);
	if (!env || !(eu = GEOSVoronoiDiagram_r(g->gh, mp, env, 0.0, 1))) {
		fail_geos(g, "Voronoi diagram");
		goto out;
	}
	if (!(ew = transform(g, eu, g->utm_to_wgs)))
		goto out;
	if (!(bnd = GEOSBoundary_r(g->gh, dwgs))) {
		fail_geos(g, "boundary");
		goto out;
	}
	lines[0] = ew;
	lines[1] = bnd;
	ew = bnd = NULL; /* owned by coll from here */
	coll = GEOSGeom_createCollection_r(g->gh, GEOS_GEOMETRYCOLLECTION,
					   lines, 2);
	if (!coll) {
		GEOSGeom_destroy_r(g->gh, lines[0]);
		GEOSGeom_destroy_r(g->gh, lines[1]);
	}
	if (!coll || !(noded = GEOSUnaryUnionPrec_r(g->gh, coll, GRID_DEG))) {
		fail_geos(g, "noding the Voronoi edges");
		goto out;
	}
	if (!(polys = GEOSPolygonize_r(g->gh,
				       (const GEOSGeometry *const *)&noded,
				       1))) {
		fail_geos(g, "polygonize");
		goto out;
	}
	n = GEOSGetNumGeometries_r(g->gh, polys);
	faces = calloc((size_t)n + 1, sizeof(*faces));
	owner = calloc((size_t)n + 1, sizeof(*owner));
	if (!faces || !owner || !(prep = GEOSPrepare_r(g->gh, dwgs))) {
		fail(g, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		const GEOSGeometry *f = GEOSGetGeometryN_r(g->gh, polys, i);
		GEOSGeometry *p = GEOSPointOnSurface_r(g->gh, f);
		double x, y;
		int in;

		if (!p) {
			fail_geos(g, "point on surface");
			goto out;
		}
		in = GEOSPreparedContains_r(g->gh, prep, p);
		GEOSGeomGetX_r(g->gh, p, &x);
		GEOSGeomGetY_r(g->gh, p, &y);
		GEOSGeom_destroy_r(g->gh, p);
		if (in != 1) /* a bay between the outline and an edge */
			continue;
		if (transform_xy(g, g->wgs_to_utm, &x, &y) != 0)
			goto out;
		faces[nf] = (GEOSGeometry *)f;
		owner[nf++] = nearest_seed(g, x, y);
	}
	for (k = 0; k < NCOMMUNES; k++) {
		g->com[k].geom = union_faces(g, faces, owner, nf, k);
		if (!g->com[k].geom) {
			fail(g, "internal: commune %d got no area", k);
			goto out;
		}
	}
	if (!(g->district = union_faces(g, faces, owner, nf, -1))) {
		fail_geos(g, "district union");
		goto out;
	}
	rc = 0;
out:
	if (prep)
		GEOSPreparedGeom_destroy_r(g->gh, prep);
	free(faces);
	free(owner);
	GEOSGeom_destroy_r(g->gh, polys);
	GEOSGeom_destroy_r(g->gh, noded);
	GEOSGeom_destroy_r(g->gh, coll);
	GEOSGeom_destroy_r(g->gh, bnd);
	GEOSGeom_destroy_r(g->gh, ew);
	GEOSGeom_destroy_r(g->gh, eu);
	GEOSGeom_destroy_r(g->gh, env);
	GEOSGeom_destroy_r(g->gh, mp);
	return rc;
}

/* Validity, exact partition, and the areas and centroids in metres. */
static int check_cells(struct gen *g)
{
	double sum = 0.0, whole, a;
	int k;

	if (check_valid(g, g->district, "the district") != 0)
		return -1;
	for (k = 0; k < NCOMMUNES; k++) {
		struct commune *c = &g->com[k];
		GEOSGeometry *u, *cen;

		if (check_valid(g, c->geom, c->name) != 0)
			return -1;
		if (!GEOSArea_r(g->gh, c->geom, &a))
			return fail_geos(g, "area");
		sum += a;
		if (!(u = transform(g, c->geom, g->wgs_to_utm)))
			return -1;
		GEOSArea_r(g->gh, u, &a);
		c->area_km2 = a / 1e6;
		cen = GEOSGetCentroid_r(g->gh, u);
		GEOSGeom_destroy_r(g->gh, u);
		if (!cen)
			return fail_geos(g, "centroid");
		GEOSGeomGetX_r(g->gh, cen, &c->cx);
		GEOSGeomGetY_r(g->gh, cen, &c->cy);
		GEOSGeom_destroy_r(g->gh, cen);
		if (!(c->prep = GEOSPrepare_r(g->gh, c->geom)))
			return fail_geos(g, "prepare");
		if (geom_bounds(g, c->geom, &c->minx, &c->miny, &c->maxx,
				&c->maxy) != 0)
			return -1;
	}
	if (!GEOSArea_r(g->gh, g->district, &whole))
		return fail_geos(g, "area");
	if (fabs(sum - whole) > 1e-9 * whole)
		return fail(g, "internal: communes overlap (%.12g vs %.12g)",
			    sum, whole);
	{
		GEOSGeometry *u = transform(g, g->district, g->wgs_to_utm);

		if (!u)
			return -1;
		GEOSArea_r(g->gh, u, &a);
		GEOSGeom_destroy_r(g->gh, u);
	}
	g->district_km2 = a / 1e6;
	if (fabs(a - DISTRICT_AREA_M2) > 0.05 * DISTRICT_AREA_M2)
		return fail(g, "internal: district area %.1f km2 is off",
			    g->district_km2);
	return 0;
}

static int make_geography(struct gen *g)
{
	GEOSGeometry *dutm, *draw, *dwgs = NULL;
	int k, rc = -1;

	for (k = 0; k < NCOMMUNES; k++) {
		struct commune *c = &g->com[k];
		const char *sp;

		c->name = commune_names[k];
		c->is_town = k == 0;
		sp = strchr(c->name, ' ');
		c->short_name = c->is_town ? strchr(sp + 1, ' ') + 1 : sp + 1;
		snprintf(c->code, sizeof(c->code), "%d",
			 COMMUNE_CODE_FIRST + COMMUNE_CODE_STEP * k);
	}
	if (!(dutm = make_district_utm(g)))
		return -1;
	if (place_seeds(g, dutm) != 0)
		goto out;
	if (!(draw = transform(g, dutm, g->utm_to_wgs)))
		goto out;
	dwgs = GEOSGeom_setPrecision_r(g->gh, draw, GRID_DEG, 0);
	GEOSGeom_destroy_r(g->gh, draw);
	if (!dwgs) {
		fail_geos(g, "snapping the outline");
		goto out;
	}
	if (make_cells(g, dutm, dwgs) != 0 || check_cells(g) != 0)
		goto out;
	rc = 0;
out:
	GEOSGeom_destroy_r(g->gh, dwgs);
	GEOSGeom_destroy_r(g->gh, dutm);
	return rc;
}

/*---- Population ---------------------------------------------------------*/

/*
 * 2019 populations: the township gets about 25,000; each commune's weight
 * is its area times a density that rises towards the south-east (towards
 * the city) times noise.  Weights go through a soft clamp,
 * lo + (hi - lo) * tanh(k * w / (hi - lo)), so every commune stays
 * between 10,000 and 45,000 without piling up on the bounds; k is found
 * by bisection to meet the district total, and a largest-remainder
 * rounding makes the integers sum exactly.
 */
static double soft_clamp(double v, double lo, double hi)
{
	return lo + (hi - lo) * tanh(v / (hi - lo));
}

static void make_population(struct gen *g)
{
	struct rng r = rng_stream(g->o->seed, STREAM_POP, 0);
	const double lo = 10000.0, hi = 45000.0;
	double w[NCOMMUNES], v[NCOMMUNES], frac[NCOMMUNES];
	double ax = cos(-PI / 4.0), ay = sin(-PI / 4.0), tmax = 0.0;
	double ka = 0.0, kb = 1.0, mx = 0.0, my = 0.0;
	int town, rest, sum = 0, k, it;

	for (k = 1; k < NCOMMUNES; k++) {
		mx += g->com[k].cx / (NCOMMUNES - 1);
		my += g->com[k].cy / (NCOMMUNES - 1);
	}
	for (k = 1; k < NCOMMUNES; k++) {
		double t = fabs((g->com[k].cx - mx) * ax +
				(g->com[k].cy - my) * ay);

		tmax = t > tmax ? t : tmax;
	}
	town = 25000 + rng_int(&r, -2000, 2000);
	rest = DISTRICT_POP - town;
	for (k = 1; k < NCOMMUNES; k++) {
		double t = ((g->com[k].cx - mx) * ax +
			    (g->com[k].cy - my) * ay) /
			   (tmax > 0 ? tmax : 1.0);

		w[k] = g->com[k].area_km2 * exp(0.7 * t) * rng_lognorm(&r, 0.3);
		g->com[k].hamlets = rng_int(&r, 6, 14);
	}
	g->com[0].hamlets = rng_int(&r, 6, 9);
	/* find kb with sum(soft_clamp(kb * w)) >= rest, then bisect */
	for (;;) {
		double s = 0.0;

		for (k = 1; k < NCOMMUNES; k++)
			s += soft_clamp(kb * w[k], lo, hi);
		if (s >= rest)
			break;
		kb *= 2.0;
	}
	for (it = 0; it < 200; it++) {
		double km = 0.5 * (ka + kb), s = 0.0;

		for (k = 1; k < NCOMMUNES; k++)
			s += soft_clamp(km * w[k], lo, hi);
		if (s < rest)
			ka = km;
		else
			kb = km;
	}
	for (k = 1; k < NCOMMUNES; k++) {
		v[k] = soft_clamp(kb * w[k], lo, hi);
		g->com[k].pop = (int)floor(v[k]);
		frac[k] = v[k] - g->com[k].pop;
		sum += g->com[k].pop;
	}
	while (sum < rest) { /* largest remainder first */
		int best = 1;

		for (k = 2; k < NCOMMUNES; k++)
			if (frac[k] > frac[best])
				best = k;
		g->com[best].pop++;
		frac[best] = -1.0;
		sum++;
	}
	while (sum > rest) { /* cannot happen with floor, but be exact */
		int best = 1;

		for (k = 2; k < NCOMMUNES; k++)
			if (g->com[k].pop > g->com[best].pop)
				best = k;
		g->com[best].pop--;
		sum--;
	}
	g->com[0].pop = town;
}

/*---- Schools ------------------------------------------------------------*/

static int pick_commune(const struct gen *g, struct rng *r)
{
	int u = rng_int(r, 0, DISTRICT_POP - 1), k;

	for (k = 0; k < NCOMMUNES - 1; k++) {
		if (u < g->com[k].pop)
			return k;
		u -= g->com[k].pop;
	}
	return NCOMMUNES - 1;
}

/* Uniform point in the commune on the 1e-6 grid (rejection sampling). */
static int place_school(struct gen *g, struct rng *r, struct school *s)
{
	const struct commune *c = &g->com[s->commune];
	long tries;

	for (tries = 0; tries < 1000000L; tries++) {
		double x = rng_range(r, c->minx, c->maxx);
		double y = rng_range(r, c->miny, c->maxy);
		int in;

		x = round(x * POINT_SCALE) / POINT_SCALE;
		y = round(y * POINT_SCALE) / POINT_SCALE;
		if ((in = inside(g, c->prep, x, y)) < 0)
			return -1;
		if (in == 1) {
			s->lon = x;
			s->lat = y;
			return 0;
		}
	}
	return fail(g, "internal: cannot place a school in %s", c->name);
}

static void name_school(struct gen *g, struct rng *r, struct school *s)
{
	const struct level_info *li = &levels[s->level];
	const struct commune *c = &g->com[s->commune];
	const char *base;
	size_t slot;
	int n;

	if (rng_chance(r, li->pool_p)) {
		if (s->level == LV_MN) {
			size_t j = (size_t)rng_int(r, 0,
						   (int)NPRESCHOOL_NAMES - 1);

			base = preschool_names[j];
			slot = NCOMMUNES + NPERSON_NAMES + j;
		} else {
			size_t j = (size_t)rng_int(r, 0,
						   (int)NPERSON_NAMES - 1);

			base = person_names[j];
			slot = NCOMMUNES + j;
		}
	} else {
		base = c->short_name;
		slot = (size_t)s->commune;
	}
	/* second and later schools of a name get a number: unique names */
	n = ++g->name_count[s->level][slot];
	if (n == 1)
		snprintf(s->name, sizeof(s->name), "Trường %s %s", li->label,
			 base);
	else
		snprintf(s->name, sizeof(s->name), "Trường %s %s %d", li->label,
			 base, n);
	if (rng_chance(r, 0.25)) {
		const char *road = roads[rng_int(
			r, 0, (int)(sizeof(roads) / sizeof(roads[0])) - 1)];

		snprintf(s->addr, sizeof(s->addr), "%d %s, %s %d, %s",
			 rng_int(r, 1, 999), road,
			 c->is_town ? "Khu phố" : "Ấp",
			 rng_int(r, 1, c->hamlets), c->name);
	} else {
		snprintf(s->addr, sizeof(s->addr), "%s %d, %s",
			 c->is_town ? "Khu phố" : "Ấp",
			 rng_int(r, 1, c->hamlets), c->name);
	}
}

static int clampi(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Round to a multiple of 5, as enrolment quotas usually are. */
static int round5(double v)
{
	int n = (int)lround(v / 5.0) * 5;

	return n < 5 ? 5 : n;
}

static int pick_bandwidth(struct rng *r, int fibre)
{
	static const int fast[] = { 40, 50, 60, 80, 100, 100, 150, 200 };
	static const int slow[] = { 8, 12, 16 };

	if (fibre)
		return fast[rng_int(r, 0, 7)];
	return slow[rng_int(r, 0, 2)];
}

/*
 * One row per school year.  The first year is drawn from the level
 * parameters; later years drift: students +-3%, classes, seats and
 * teachers follow, computers only grow (slowly), and now and then a
 * school gets fibre, a faster line or a website.  Optional values are
 * left unknown (empty) at random, independently each year.
 */
static void make_rows(struct gen *g, size_t idx, int is_private)
{
	const struct school *s = &g->schools[idx];
	const struct level_info *li = &levels[s->level];
	struct rng r = rng_stream(g->o->seed, STREAM_YEAR, idx);
	struct row *rows = &g->rows[idx * (size_t)g->o->nyears];
	double students, cls, tpc, it_share, mid;
	int teach, mgmt, printers, webcams, fibre, bw, lan, wifi, web;
	int egrade, econtact, y, c;

	students = li->stu_lo + (li->stu_hi - li->stu_lo) * 0.5 *
					(rng_u01(&r) + rng_u01(&r));
	if (is_private)
		students *= 0.7;
	mid = 0.5 * (li->stu_lo + li->stu_hi);
	cls = rng_range(&r, li->cls_lo, li->cls_hi);
	tpc = rng_range(&r, li->tpc_lo, li->tpc_hi);
	it_share = rng_range(&r, li->it_lo, li->it_hi);
	/* size factor and lognormal both have mean 1; zeros compensated */
	teach = (int)lround(li->teach_mean / (1.0 - li->teach_zero_p) *
			    (0.5 + 0.5 * students / mid) *
			    rng_lognorm(&r, li->teach_sigma));
	if (rng_chance(&r, li->teach_zero_p))
		teach = 0;
	mgmt = clampi((int)lround(li->mgmt_mean * rng_lognorm(&r, 0.3)), 1, 40);
	printers = rng_chance(&r, 0.04)
			   ? 0
			   : rng_int(&r, 1, 3) + (rng_chance(&r, 0.3)
							  ? rng_int(&r, 0, 2)
							  : 0);
	webcams = rng_chance(&r, s->level == LV_MN ? 0.5 : 0.35)
			  ? 0
			  : rng_int(&r, 1, 3);
	fibre = rng_chance(&r, 0.95);
	bw = pick_bandwidth(&r, fibre);
	lan = rng_chance(&r, li->lan_p);
	wifi = rng_chance(&r, 0.95);
	web = rng_chance(&r, li->web_p);
	egrade = rng_chance(&r, li->egrade_p);
	econtact = rng_chance(&r, li->econtact_p);

	for (y = 0; y < g->o->nyears; y++) {
		struct row *w = &rows[y];
		int classes, teachers;

		if (y > 0) {
			students *= 1.0 + rng_range(&r, -0.03, 0.03);
			if (rng_chance(&r, 0.35))
				teach += rng_int(&r, 1, 1 + teach / 15);
			if (rng_chance(&r, 0.15))
				mgmt++;
			if (rng_chance(&r, 0.10) && printers < 5)
				printers++;
			if (rng_chance(&r, 0.10) && webcams < 3)
				webcams++;
			if (!fibre && rng_chance(&r, 0.3)) {
				fibre = 1;
				bw = pick_bandwidth(&r, 1);
			} else if (fibre && bw < 100 && rng_chance(&r, 0.15)) {
				bw = bw < 50 ? 50 : 100;
			}
			lan = lan || rng_chance(&r, 0.1);
			web = web || rng_chance(&r, 0.2);
			egrade = egrade ||
				 (s->level != LV_MN && rng_chance(&r, 0.2));
			econtact = econtact || rng_chance(&r, 0.1);
			it_share = fmin(1.0, it_share + 0.03);
		}
		classes = (int)lround(students / cls);
		classes = classes < 1 ? 1 : classes;
		teachers = (int)lround(classes * tpc);
		for (c = 0; c < NCOLS; c++)
			w->v[c] = UNKNOWN;
		w->v[C_STUDENTS] = (int)lround(students);
		w->v[C_CLASSES] = classes;
		w->v[C_SEATS] = round5(students / li->grades * 1.05 *
				       rng_range(&r, 0.97, 1.04));
		w->v[C_PC_TEACH] = teach;
		w->v[C_PC_MGMT] = mgmt;
		w->v[C_PRINTERS] = printers;
		w->v[C_WEBCAMS] = webcams;
		w->v[C_FIBRE] = fibre;
		w->v[C_BW] = bw;
		w->v[C_LAN] = lan;
		w->v[C_WIFI] = wifi;
		w->v[C_WEB] = web;
		w->v[C_EGRADE] = egrade;
		w->v[C_ECONTACT] = econtact;
		w->v[C_TEACHERS] = teachers;
		w->v[C_IT_TEACHERS] = (int)lround(teachers * it_share);
		for (c = C_STUDENTS; c < NCOLS; c++)
			if (columns[c].optional && rng_chance(&r, UNKNOWN_P))
				w->v[c] = UNKNOWN;
	}
}

/* Scale the Củ Chi mix to n schools (largest remainder). */
static void level_counts(long n, int *count)
{
	double frac[NLEVELS];
	long total = 0, sum = 0;
	int lv;

	for (lv = 0; lv < NLEVELS; lv++)
		total += levels[lv].default_count;
	for (lv = 0; lv < NLEVELS; lv++) {
		double exact = (double)n * levels[lv].default_count / total;

		count[lv] = (int)floor(exact);
		frac[lv] = exact - count[lv];
		sum += count[lv];
	}
	while (sum < n) {
		int best = 0;

		for (lv = 1; lv < NLEVELS; lv++)
			if (frac[lv] > frac[best])
				best = lv;
		count[best]++;
		frac[best] = -1.0;
		sum++;
	}
}

static int make_schools(struct gen *g)
{
	long n = g->o->nschools;
	size_t idx = 0;
	int lv, k, lc = 0;

	if (n == 0)
		for (lv = 0; lv < NLEVELS; lv++)
			n += levels[lv].default_count;
	level_counts(n, g->level_count);
	g->nschools = (size_t)n;
	g->schools = calloc(g->nschools, sizeof(*g->schools));
	g->rows = calloc(g->nschools * (size_t)g->o->nyears, sizeof(*g->rows));
	if (!g->schools || !g->rows)
		return fail(g, "out of memory for %ld schools", n);
	for (lv = 0; lv < NLEVELS; lv++) {
		for (k = 1; k <= g->level_count[lv]; k++, idx++) {
			struct school *s = &g->schools[idx];
			struct rng r = rng_stream(g->o->seed, STREAM_SCHOOL,
						  idx);
			int seq = strcmp(levels[lv].prefix, "LC") ? k : ++lc;

			s->level = lv;
			snprintf(s->code, sizeof(s->code), "%s%s%03d",
				 levels[lv].prefix, DISTRICT_CODE, seq);
			s->commune = pick_commune(g, &r);
			if (place_school(g, &r, s) != 0)
				return -1;
			name_school(g, &r, s);
			s->is_private = rng_chance(&r, levels[lv].private_p);
			make_rows(g, idx, s->is_private);
		}
	}
	/* VN-2000 coordinates for schools_vn2000.csv, in one batch */
	{
		size_t i;
		double *x = malloc(sizeof(double) * g->nschools);
		double *y = malloc(sizeof(double) * g->nschools);
		int *ok = malloc(sizeof(int) * g->nschools);
		int good = x && y && ok;

		for (i = 0; good && i < g->nschools; i++) {
			x[i] = g->schools[i].lon;
			y[i] = g->schools[i].lat;
		}
		if (good && !OCTTransformEx(g->wgs_to_vn, (int)g->nschools, x,
					    y, NULL, ok))
			good = 0;
		for (i = 0; good && i < g->nschools; i++) {
			good = ok[i];
			g->schools[i].vx = x[i];
			g->schools[i].vy = y[i];
		}
		free(x);
		free(y);
		free(ok);
		if (!good)
			return fail_gdal(g, "reprojecting to VN-2000");
	}
	return 0;
}

/*---- Output files -------------------------------------------------------*/

/* A file is written as OUTDIR/.tmp.NAME and renamed when complete. */
struct out {
	char tmp[PATH_BUF];
	char path[PATH_BUF];
};

static int out_begin(struct gen *g, struct out *o, const char *name)
{
	if ((size_t)snprintf(o->path, sizeof(o->path), "%s/%s", g->o->outdir,
			     name) >= sizeof(o->path) ||
	    (size_t)snprintf(o->tmp, sizeof(o->tmp), "%s/.tmp.%s", g->o->outdir,
			     name) >= sizeof(o->tmp))
		return fail(g, "output path too long");
	remove(o->tmp);
	return 0;
}

static int out_commit(struct gen *g, struct out *o, int rc)
{
	if (rc == 0 && rename(o->tmp, o->path) != 0)
		rc = fail(g, "cannot rename %s to %s: %s", o->tmp, o->path,
			  strerror(errno));
	if (rc != 0)
		remove(o->tmp);
	return rc;
}

static FILE *text_open(struct gen *g, struct out *o)
{
	FILE *f = fopen(o->tmp, "wb");

	if (!f)
		fail(g, "cannot create %s: %s", o->tmp, strerror(errno));
	else
		setvbuf(f, NULL, _IOFBF, 1 << 16);
	return f;
}

static int text_close(struct gen *g, struct out *o, FILE *f)
{
	int bad = ferror(f);

	if (fclose(f) != 0 || bad)
		return fail(g, "cannot write %s: %s", o->tmp, strerror(errno));
	return 0;
}

/* A CSV field (RFC 4180 quoting, the formula guard) by the project's one
 * CSV writer (util/text.c). */
void gen_csv_field(FILE *f, const char *s, int first)
{
	if (!first)
		putc(',', f);
	sg_csv__fputs(f, s);
}

static void csv_header(FILE *f, int vn)
{
	int c;

	for (c = 0; c < NCOLS; c++) {
		const char *name = columns[c].name;

		if (vn && c == C_LON)
			name = "X";
		else if (vn && c == C_LAT)
			name = "Y";
		gen_csv_field(f, name, c == 0);
	}
	putc('\n', f);
}

static void csv_cells(FILE *f, cells_t cells)
{
	int c;

	for (c = 0; c < NCOLS; c++)
		gen_csv_field(f, cells[c], c == 0);
	putc('\n', f);
}

/* Render one school-year as text cells (the CSV form of every value). */
static void fill_cells(const struct gen *g, size_t idx, int y, int vn,
		       cells_t cells)
{
	const struct school *s = &g->schools[idx];
	const struct row *w = &g->rows[idx * (size_t)g->o->nyears + y];
	int c;

	snprintf(cells[C_CODE], CELL_MAX, "%s", s->code);
	snprintf(cells[C_NAME], CELL_MAX, "%s", s->name);
	snprintf(cells[C_LEVEL], CELL_MAX, "%s", levels[s->level].label);
	snprintf(cells[C_TYPE], CELL_MAX, "%s",
		 s->is_private ? "Tư thục" : "Công lập");
	snprintf(cells[C_COMMUNE], CELL_MAX, "%s", g->com[s->commune].code);
	snprintf(cells[C_ADDR], CELL_MAX, "%s", s->addr);
	if (vn) {
		snprintf(cells[C_LON], CELL_MAX, "%.3f", s->vx);
		snprintf(cells[C_LAT], CELL_MAX, "%.3f", s->vy);
	} else {
		snprintf(cells[C_LON], CELL_MAX, "%.6f", s->lon);
		snprintf(cells[C_LAT], CELL_MAX, "%.6f", s->lat);
	}
	snprintf(cells[C_YEAR], CELL_MAX, "%d-%d", g->o->years[y],
		 g->o->years[y] + 1);
	for (c = C_STUDENTS; c < NCOLS; c++) {
		if (w->v[c] == UNKNOWN)
			cells[c][0] = '\0';
		else if (columns[c].kind == K_BOOL)
			snprintf(cells[c], CELL_MAX, "%s",
				 w->v[c] ? "Có" : "Không");
		else
			snprintf(cells[c], CELL_MAX, "%d", w->v[c]);
	}
}

static int write_schools_csv(struct gen *g, const char *name, int vn,
			     int all_years)
{
	struct out o;
	cells_t cells;
	FILE *f;
	size_t i;
	int y;

	if (out_begin(g, &o, name) != 0)
		return -1;
	if (!(f = text_open(g, &o)))
		return out_commit(g, &o, -1);
	csv_header(f, vn);
	for (y = 0; y < (all_years ? g->o->nyears : 1); y++) {
		for (i = 0; i < g->nschools; i++) {
			fill_cells(g, i, y, vn, cells);
			csv_cells(f, cells);
		}
	}
	return out_commit(g, &o, text_close(g, &o, f));
}

static int write_population_csv(struct gen *g)
{
	static const struct {
		int from, to;
		double share;
	} bands[] = { { 0, 2, 0.045 },
		      { 3, 5, 0.046 },
		      { 6, 10, 0.076 },
		      { 11, 14, 0.056 },
		      { 15, 17, 0.040 } };
	struct rng r = rng_stream(g->o->seed, STREAM_POP, 1);
	struct out o;
	FILE *f;
	size_t b;
	int k;

	if (out_begin(g, &o, "population.csv") != 0)
		return -1;
	if (!(f = text_open(g, &o)))
		return out_commit(g, &o, -1);
	fputs("Mã xã,Năm,Từ tuổi,Đến tuổi,Số người\n", f);
	for (k = 0; k < NCOMMUNES; k++) {
		const struct commune *c = &g->com[k];

		for (b = 0; b < sizeof(bands) / sizeof(bands[0]); b++) {
			double share = bands[b].share *
				       (1.0 + rng_range(&r, -0.06, 0.06));

			fprintf(f, "%s,%d,%d,%d,%ld\n", c->code, POP_YEAR,
				bands[b].from, bands[b].to,
				lround(c->pop * share));
		}
		fprintf(f, "%s,%d,0,120,%d\n", c->code, POP_YEAR, c->pop);
	}
	return out_commit(g, &o, text_close(g, &o, f));
}

static GDALDatasetH vec_create(struct gen *g, const char *driver,
			       const struct out *o)
{
	GDALDriverH drv = GDALGetDriverByName(driver);
	GDALDatasetH ds;

	if (!drv) {
		fail(g, "GDAL has no %s driver", driver);
		return NULL;
	}
	CPLErrorReset();
	ds = GDALCreate(drv, o->tmp, 0, 0, 0, GDT_Unknown, NULL);
	if (!ds)
		fail_gdal(g, o->tmp);
	return ds;
}

static int vec_close(struct gen *g, const struct out *o, GDALDatasetH ds,
		     int rc)
{
	CPLErrorReset();
	GDALClose(ds);
	if (rc == 0 && CPLGetLastErrorType() >= CE_Failure)
		rc = fail_gdal(g, o->tmp);
	return rc;
}

static OGRLayerH geojson_layer(struct gen *g, GDALDatasetH ds, const char *name,
			       OGRwkbGeometryType type)
{
	char rfc[] = "RFC7946=YES";
	char *lco[] = { rfc, NULL }; /* CSLConstList is char ** in C */
	OGRLayerH lyr = GDALDatasetCreateLayer(ds, name, g->wgs84, type, lco);

	if (!lyr)
		fail_gdal(g, "creating a layer");
	return lyr;
}

static int add_field(struct gen *g, OGRLayerH lyr, const char *name,
		     OGRFieldType type)
{
	OGRFieldDefnH fld = OGR_Fld_Create(name, type);
	OGRErr err = OGR_L_CreateField(lyr, fld, TRUE);

	OGR_Fld_Destroy(fld);
	if (err != OGRERR_NONE)
		return fail_gdal(g, name);
	return 0;
}

/* Add a feature; takes ownership of geom (may be NULL). */
static int add_feature(struct gen *g, OGRLayerH lyr, OGRFeatureH f,
		       OGRGeometryH geom)
{
	OGRErr err;

	if (geom)
		OGR_F_SetGeometryDirectly(f, geom);
	err = OGR_L_CreateFeature(lyr, f);
	OGR_F_Destroy(f);
	if (err != OGRERR_NONE)
		return fail_gdal(g, "writing a feature");
	return 0;
}

static int write_district(struct gen *g)
{
	struct out o;
	GDALDatasetH ds;
	OGRLayerH lyr;
	OGRFeatureH f;
	OGRGeometryH geom;
	int rc = -1;

	if (out_begin(g, &o, "district.geojson") != 0)
		return -1;
	if (!(ds = vec_create(g, "GeoJSON", &o)))
		return out_commit(g, &o, -1);
	if (!(lyr = geojson_layer(g, ds, "district", wkbPolygon)) ||
	    add_field(g, lyr, "Mã", OFTString) != 0 ||
	    add_field(g, lyr, "Tên", OFTString) != 0 ||
	    add_field(g, lyr, "Cấp", OFTString) != 0 ||
	    add_field(g, lyr, "Mã cấp trên", OFTString) != 0)
		goto out;
	if (!(geom = geos_to_ogr(g, g->district))) {
		fail_geos(g, "WKB export");
		goto out;
	}
	f = OGR_F_Create(OGR_L_GetLayerDefn(lyr));
	OGR_F_SetFieldString(f, 0, DISTRICT_CODE);
	OGR_F_SetFieldString(f, 1, DISTRICT_NAME);
	OGR_F_SetFieldString(f, 2, "Huyện");
	OGR_F_SetFieldString(f, 3, PROVINCE_CODE);
	rc = add_feature(g, lyr, f, geom);
out:
	return out_commit(g, &o, vec_close(g, &o, ds, rc));
}

/*
 * Communes as features; geoms[i] replaces commune idx[i]'s geometry
 * when not NULL (used for the invalid sample).
 */
static int write_communes(struct gen *g, const char *name, const char *layer,
			  const int *idx, GEOSGeometry *const *geoms, int n)
{
	struct out o;
	GDALDatasetH ds;
	OGRLayerH lyr;
	int i, multi = 0, rc = -1;

	for (i = 0; i < n; i++)
		multi |= GEOSGeomTypeId_r(g->gh,
					  geoms[i] ? geoms[i]
						   : g->com[idx[i]].geom) ==
			 GEOS_MULTIPOLYGON;
	if (out_begin(g, &o, name) != 0)
		return -1;
	if (!(ds = vec_create(g, "GeoJSON", &o)))
		return out_commit(g, &o, -1);
	if (!(lyr = geojson_layer(g, ds, layer,
				  multi ? wkbMultiPolygon : wkbPolygon)) ||
	    add_field(g, lyr, "Mã xã", OFTString) != 0 ||
	    add_field(g, lyr, "Tên xã", OFTString) != 0 ||
	    add_field(g, lyr, "Cấp", OFTString) != 0 ||
	    add_field(g, lyr, "Mã huyện", OFTString) != 0 ||
	    add_field(g, lyr, "Dân số 2019", OFTInteger) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		const struct commune *c = &g->com[idx[i]];
		OGRGeometryH geom = geos_to_ogr(g,
						geoms[i] ? geoms[i] : c->geom);
		OGRFeatureH f;

		if (!geom) {
			fail_geos(g, "WKB export");
			goto out;
		}
		f = OGR_F_Create(OGR_L_GetLayerDefn(lyr));
		OGR_F_SetFieldString(f, 0, c->code);
		OGR_F_SetFieldString(f, 1, c->name);
		OGR_F_SetFieldString(f, 2, c->is_town ? "Thị trấn" : "Xã");
		OGR_F_SetFieldString(f, 3, DISTRICT_CODE);
		OGR_F_SetFieldInteger(f, 4, c->pop);
		if (add_feature(g, lyr, f, geom) != 0)
			goto out;
	}
	rc = 0;
out:
	return out_commit(g, &o, vec_close(g, &o, ds, rc));
}

static int add_school_fields(struct gen *g, OGRLayerH lyr)
{
	int c;

	for (c = 0; c < NCOLS; c++) {
		OGRFieldType t = columns[c].kind == K_INT    ? OFTInteger
				 : columns[c].kind == K_REAL ? OFTReal
							     : OFTString;

		if (add_field(g, lyr, columns[c].name, t) != 0)
			return -1;
	}
	return 0;
}

/* Typed fields from the text cells: empty cells become null. */
static void set_school_fields(OGRFeatureH f, cells_t cells)
{
	int c;

	for (c = 0; c < NCOLS; c++) {
		if (!cells[c][0])
			OGR_F_SetFieldNull(f, c);
		else if (columns[c].kind == K_INT)
			OGR_F_SetFieldInteger(f, c, atoi(cells[c]));
		else if (columns[c].kind == K_REAL)
			OGR_F_SetFieldDouble(f, c, strtod(cells[c], NULL));
		else
			OGR_F_SetFieldString(f, c, cells[c]);
	}
}

static int write_schools_xlsx(struct gen *g)
{
	struct out o;
	GDALDatasetH ds;
	OGRLayerH lyr;
	cells_t cells;
	size_t i;
	int y, rc = -1;

	if (out_begin(g, &o, "schools.xlsx") != 0)
		return -1;
	if (!(ds = vec_create(g, "XLSX", &o)))
		return out_commit(g, &o, -1);
	lyr = GDALDatasetCreateLayer(ds, "schools", NULL, wkbNone, NULL);
	if (!lyr) {
		fail_gdal(g, "creating the sheet");
		goto out;
	}
	if (add_school_fields(g, lyr) != 0)
		goto out;
	for (y = 0; y < g->o->nyears; y++) {
		for (i = 0; i < g->nschools; i++) {
			OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(lyr));

			fill_cells(g, i, y, 0, cells);
			set_school_fields(f, cells);
			if (add_feature(g, lyr, f, NULL) != 0)
				goto out;
		}
	}
	rc = 0;
out:
	return out_commit(g, &o, vec_close(g, &o, ds, rc));
}

/* A JSON string; the text is UTF-8 already, only escapes are needed. */
static void json_string(FILE *f, const char *s)
{
	putc('"', f);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20)
			fprintf(f, "\\u%04x", ch);
		else
			putc(ch, f);
	}
	putc('"', f);
}

/*
 * schools.geojson is streamed by hand, in the layout of GDAL's RFC 7946
 * writer: OGR's GeoJSON driver needs about 25 us a feature, which made
 * it the slowest part of a 100,000-school run.  Points are on the 1e-6
 * grid, so 6 decimals are exact.
 */
static int write_schools_geojson(struct gen *g)
{
	struct out o;
	cells_t cells;
	FILE *f;
	size_t i;
	int c;

	if (out_begin(g, &o, "schools.geojson") != 0)
		return -1;
	if (!(f = text_open(g, &o)))
		return out_commit(g, &o, -1);
	fputs("{\n\"type\": \"FeatureCollection\",\n\"name\": \"schools\",\n"
	      "\"features\": [\n",
	      f);
	for (i = 0; i < g->nschools; i++) {
		fill_cells(g, i, 0, 0, cells);
		fputs("{ \"type\": \"Feature\", \"properties\": { ", f);
		for (c = 0; c < NCOLS; c++) {
			if (c > 0)
				fputs(", ", f);
			json_string(f, columns[c].name);
			fputs(": ", f);
			if (!cells[c][0])
				fputs("null", f);
			else if (columns[c].kind == K_INT ||
				 columns[c].kind == K_REAL)
				fputs(cells[c], f);
			else
				json_string(f, cells[c]);
		}
		fprintf(f,
			" }, \"geometry\": { \"type\": \"Point\", "
			"\"coordinates\": [ %.6f, %.6f ] } }%s\n",
			g->schools[i].lon, g->schools[i].lat,
			i + 1 < g->nschools ? "," : "");
	}
	fputs("]\n}\n", f);
	return out_commit(g, &o, text_close(g, &o, f));
}

/*---- Broken samples (--errors) ------------------------------------------*/

/*
 * schools_errors.csv: up to 10 good first-year rows, spread over the
 * levels, then one bad row per case below.  Each bad row is a real-looking
 * row of another school with one defect, so that a loader must reject or
 * flag exactly that row.
 */
static int write_schools_errors(struct gen *g)
{
	enum { NBAD = 8 };
	size_t n = g->nschools, good[10], i;
	size_t ngood = n < 10 ? n : 10;
	struct out o;
	cells_t cells;
	FILE *f;
	int k;

	if (out_begin(g, &o, "schools_errors.csv") != 0)
		return -1;
	if (!(f = text_open(g, &o)))
		return out_commit(g, &o, -1);
	csv_header(f, 0);
	for (i = 0; i < ngood; i++) {
		good[i] = i * n / ngood;
		fill_cells(g, good[i], 0, 0, cells);
		csv_cells(f, cells);
	}
	for (k = 0; k < NBAD; k++) {
		/* the next school after a good one, when there is room */
		size_t t = (good[(size_t)k % ngood] + 1) % n;

		fill_cells(g, t, 0, 0, cells);
		if (n < 20) /* too few schools: give it its own code */
			snprintf(cells[C_CODE], CELL_MAX, "%s%s%03d",
				 levels[g->schools[t].level].prefix,
				 DISTRICT_CODE, 900 + k);
		switch (k) {
		case 0:
			/* duplicate code: the first good row's code again,
			 * for the same school year */
			snprintf(cells[C_CODE], CELL_MAX, "%s",
				 g->schools[good[0]].code);
			break;
		case 1:
			/* missing coordinate: Kinh độ left empty */
			cells[C_LON][0] = '\0';
			break;
		case 2:
			/* unparsable coordinate (decimal comma plus junk);
			 * the CSV writer has to quote it */
			snprintf(cells[C_LAT], CELL_MAX, "10,9x");
			break;
		case 3:
			/* a well-formed point far outside the district */
			snprintf(cells[C_LON], CELL_MAX, "105.000000");
			snprintf(cells[C_LAT], CELL_MAX, "10.000000");
			break;
		case 4:
			/* negative number of students */
			snprintf(cells[C_STUDENTS], CELL_MAX, "-5");
			break;
		case 5:
			/* non-numeric computer count ("many") */
			snprintf(cells[C_PC_TEACH], CELL_MAX, "nhiều");
			break;
		case 6:
			/* unknown level name (university) */
			snprintf(cells[C_LEVEL], CELL_MAX, "Đại học");
			break;
		case 7:
			/* latitude out of range */
			snprintf(cells[C_LAT], CELL_MAX, "95");
			break;
		}
		csv_cells(f, cells);
	}
	return out_commit(g, &o, text_close(g, &o, f));
}

/*
 * A figure-of-eight ("bow-tie") from a commune's outer ring: the ring is
 * walked to vertex i, jumps across to vertex j, walks back to i+1 and
 * jumps to j+1, so the two chords cross.  The result is invalid
 * (self-intersection) but GEOSMakeValid repairs it into polygons.
 * NULL if this commune's shape does not give such a ring.
 */
static GEOSGeometry *make_bowtie(struct gen *g, const GEOSGeometry *geom)
{
	const GEOSGeometry *poly = geom, *ring;
	const GEOSCoordSequence *cs;
	GEOSCoordSequence *out;
	GEOSGeometry *shell, *bt, *fixed;
	unsigned int n, m, i, j, k, p = 0;
	double x, y, area = 0.0;
	char *reason;
	int ok;

	if (GEOSGeomTypeId_r(g->gh, geom) != GEOS_POLYGON)
		poly = GEOSGetGeometryN_r(g->gh, geom, 0);
	if (!(ring = GEOSGetExteriorRing_r(g->gh, poly)) ||
	    !(cs = GEOSGeom_getCoordSeq_r(g->gh, ring)) ||
	    !GEOSCoordSeq_getSize_r(g->gh, cs, &n) || n < 9)
		return NULL;
	m = n - 1; /* distinct vertices */
	i = m / 4;
	j = 3 * m / 4;
	if (!(out = GEOSCoordSeq_create_r(g->gh, n, 2)))
		return NULL;
	for (k = 0; k <= i; k++) {
		GEOSCoordSeq_getXY_r(g->gh, cs, k, &x, &y);
		GEOSCoordSeq_setXY_r(g->gh, out, p++, x, y);
	}
	for (k = j; k > i; k--) {
		GEOSCoordSeq_getXY_r(g->gh, cs, k, &x, &y);
		GEOSCoordSeq_setXY_r(g->gh, out, p++, x, y);
	}
	for (k = j + 1; k <= m; k++) {
		GEOSCoordSeq_getXY_r(g->gh, cs, k, &x, &y);
		GEOSCoordSeq_setXY_r(g->gh, out, p++, x, y);
	}
	if (!(shell = GEOSGeom_createLinearRing_r(g->gh, out)))
		return NULL;
	if (!(bt = GEOSGeom_createPolygon_r(g->gh, shell, NULL, 0)))
		return NULL;
	reason = GEOSisValidReason_r(g->gh, bt);
	ok = reason && strncmp(reason, "Self-intersection", 17) == 0;
	GEOSFree_r(g->gh, reason);
	fixed = ok ? GEOSMakeValid_r(g->gh, bt) : NULL;
	ok = fixed && GEOSisValid_r(g->gh, fixed) == 1 &&
	     GEOSArea_r(g->gh, fixed, &area) && area > 0.0;
	GEOSGeom_destroy_r(g->gh, fixed);
	if (!ok) {
		GEOSGeom_destroy_r(g->gh, bt);
		return NULL;
	}
	return bt;
}

static int write_communes_invalid(struct gen *g)
{
	GEOSGeometry *geoms[2] = { NULL, NULL };
	int idx[2], k, rc;

	for (k = 2; k < NCOMMUNES && !geoms[1]; k++)
		geoms[1] = make_bowtie(g, g->com[k].geom);
	if (!geoms[1])
		return fail(g, "internal: no commune gives a bow-tie");
	idx[0] = 1;	/* a valid copy */
	idx[1] = k - 1; /* the twisted one */
	rc = write_communes(g, "communes_invalid.geojson", "communes_invalid",
			    idx, geoms, 2);
	GEOSGeom_destroy_r(g->gh, geoms[1]);
	return rc;
}

/*---- Admission applicants (--applicants) --------------------------------*/

/*
 * N applicants for each entry grade (1, 6, 10) of the first school year:
 * homes spread like the population (commune by population, uniform
 * inside it), about 2% declaring another commune than the one they live
 * in, a few priority groups, and for grade 10 an exam score out of 30
 * (three subjects, quarter points) and up to three ranked choices among
 * the upper-secondary schools, nearer and "better" schools first.  One
 * PRNG stream per applicant, so N only adds rows.
 */

static const char *const family_names[] = {
	"Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần",	"Lê",	"Lê",  "Phạm",
	"Huỳnh",  "Hoàng",  "Phan",   "Võ",   "Vũ",	"Đặng", "Bùi", "Đỗ",
	"Hồ",	  "Ngô",    "Dương",  "Lý",   "Trương", "Đinh"
};
static const char *const middle_names[] = { "Văn", "Thị",   "Minh",  "Ngọc",
					    "Gia", "Bảo",   "Thanh", "Hoàng",
					    "Anh", "Đức",   "Quốc",  "Thu",
					    "Hữu", "Khánh", "Phương" };
static const char *const given_names[] = {
	"An",	"Bình",	 "Châu", "Dũng", "Giang", "Hà",	   "Hải",  "Hạnh",
	"Hiếu", "Hòa",	 "Hùng", "Huy",	 "Khang", "Khánh", "Lan",  "Linh",
	"Long", "Mai",	 "Minh", "Nam",	 "Ngân",  "Ngọc",  "Nhi",  "Phúc",
	"Quân", "Quang", "Sơn",	 "Tâm",	 "Thảo",  "Trang", "Trí",  "Tú",
	"Tuấn", "Uyên",	 "Vy",	 "Yến",	 "Khoa",  "Đạt",   "Phát", "Thư"
};
#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* Uniform point in commune k on the 1e-6 grid (rejection sampling). */
static int place_home(struct gen *g, struct rng *r, int k, double *lon,
		      double *lat)
{
	const struct commune *c = &g->com[k];
	long tries;

	for (tries = 0; tries < 1000000L; tries++) {
		double x = rng_range(r, c->minx, c->maxx);
		double y = rng_range(r, c->miny, c->maxy);
		int in;

		x = round(x * POINT_SCALE) / POINT_SCALE;
		y = round(y * POINT_SCALE) / POINT_SCALE;
		if ((in = inside(g, c->prep, x, y)) < 0)
			return -1;
		if (in == 1) {
			*lon = x;
			*lat = y;
			return 0;
		}
	}
	return fail(g, "internal: cannot place a home in %s", c->name);
}

/* Kilometres between two points near the district (equirectangular). */
static double km_between(double lon1, double lat1, double lon2, double lat2)
{
	double dx = (lon2 - lon1) * 111.32 * cos(CENTRE_LAT * PI / 180.0);
	double dy = (lat2 - lat1) * 110.57;

	return sqrt(dx * dx + dy * dy);
}

/* One exam subject: out of 10, in quarter points. */
static double subject_score(struct rng *r)
{
	double v = 6.2 + 1.8 * rng_normal(r);

	v = v < 0 ? 0 : v > 10 ? 10 : v;
	return round(v * 4.0) / 4.0;
}

static int write_applicants_grade(struct gen *g, int grade)
{
	char name[64], code[32], cell[192], date[48];
	const long n = g->o->napplicants;
	int year = g->o->years[0], age = grade == 1 ? 6 : grade == 6 ? 11 : 15;
	size_t *upper = NULL, nupper = 0, i;
	double *prestige = NULL;
	struct out o;
	FILE *f;
	long k;
	int rc = 0;

	/* Grade 10 chooses among the schools with an upper level. */
	if (grade == 10) {
		upper = malloc(sizeof(size_t) * (g->nschools + 1));
		prestige = malloc(sizeof(double) * (g->nschools + 1));
		if (!upper || !prestige) {
			free(upper);
			free(prestige);
			return fail(g, "out of memory for applicants");
		}
		for (i = 0; i < g->nschools; i++) {
			struct rng pr = rng_stream(g->o->seed, STREAM_APPLICANT,
						   UINT64_C(0xffff0000) + i);

			if (g->schools[i].level != LV_THPT &&
			    g->schools[i].level != LV_THCS_THPT)
				continue;
			prestige[nupper] = 0.8 * rng_normal(&pr);
			upper[nupper++] = i;
		}
	}
	snprintf(name, sizeof(name), "applicants_g%d.csv", grade);
	if (out_begin(g, &o, name) != 0) {
		free(upper);
		free(prestige);
		return -1;
	}
	if (!(f = text_open(g, &o))) {
		free(upper);
		free(prestige);
		return out_commit(g, &o, -1);
	}
	fputs("Mã hồ sơ,Họ và tên,Ngày sinh,Lớp,Năm học,Mã xã,Kinh độ,Vĩ độ,"
	      "Đối tượng ưu tiên",
	      f);
	if (grade == 10)
		fputs(",NV1,NV2,NV3,Điểm xét tuyển", f);
	putc('\n', f);
	for (k = 0; k < n && rc == 0; k++) {
		struct rng r = rng_stream(g->o->seed, STREAM_APPLICANT,
					  (uint64_t)grade *
							  UINT64_C(100000000) +
						  (uint64_t)k);
		int com = pick_commune(g, &r), declared = com, prio = 0;
		double lon = 0, lat = 0, u;

		if ((rc = place_home(g, &r, com, &lon, &lat)) != 0)
			break;
		if (rng_chance(&r, 0.02))
			declared = rng_int(&r, 0, NCOMMUNES - 1);
		u = rng_u01(&r);
		prio = u < 0.005 ? 1 : u < 0.02 ? 2 : u < 0.05 ? 3 : 0;
		snprintf(code, sizeof(code), "TS%d-%06ld", grade, k + 1);
		gen_csv_field(f, code, 1);
		snprintf(cell, sizeof(cell), "%s %s %s",
			 family_names[rng_int(&r, 0,
					      (int)NELEMS(family_names) - 1)],
			 middle_names[rng_int(&r, 0,
					      (int)NELEMS(middle_names) - 1)],
			 given_names[rng_int(&r, 0,
					     (int)NELEMS(given_names) - 1)]);
		gen_csv_field(f, cell, 0);
		snprintf(date, sizeof(date), "%02d/%02d/%04d",
			 rng_int(&r, 1, 28), rng_int(&r, 1, 12),
			 year - age - (rng_chance(&r, 0.03) ? 1 : 0));
		gen_csv_field(f, date, 0);
		snprintf(cell, sizeof(cell), "%d", grade);
		gen_csv_field(f, cell, 0);
		snprintf(cell, sizeof(cell), "%d-%d", year, year + 1);
		gen_csv_field(f, cell, 0);
		gen_csv_field(f, g->com[declared].code, 0);
		snprintf(cell, sizeof(cell), "%.6f", lon);
		gen_csv_field(f, cell, 0);
		snprintf(cell, sizeof(cell), "%.6f", lat);
		gen_csv_field(f, cell, 0);
		if (prio)
			snprintf(cell, sizeof(cell), "%d", prio);
		else
			cell[0] = '\0';
		gen_csv_field(f, cell, 0);
		if (grade == 10) {
			/* Best three by nearness, prestige and taste. */
			size_t best[3] = { 0, 0, 0 };
			double bu[3] = { -1e300, -1e300, -1e300 };
			int nchoice = rng_chance(&r, 0.1) ? rng_int(&r, 1, 2)
							  : 3;
			double score;
			int c;

			for (i = 0; i < nupper; i++) {
				const struct school *s = &g->schools[upper[i]];
				double v = prestige[i] -
					   km_between(lon, lat, s->lon,
						      s->lat) /
						   3.0 +
					   rng_normal(&r);
				int p = 2;

				if (v <= bu[2])
					continue;
				for (; p > 0 && v > bu[p - 1]; p--) {
					bu[p] = bu[p - 1];
					best[p] = best[p - 1];
				}
				bu[p] = v;
				best[p] = upper[i];
			}
			for (c = 0; c < 3; c++)
				gen_csv_field(f,
					      c < nchoice && (size_t)c < nupper
						      ? g->schools[best[c]].code
						      : "",
					      0);
			score = subject_score(&r) + subject_score(&r) +
				subject_score(&r);
			snprintf(cell, sizeof(cell), "%.2f", score);
			gen_csv_field(f, cell, 0);
		}
		putc('\n', f);
	}
	free(upper);
	free(prestige);
	if (rc != 0) {
		fclose(f);
		return out_commit(g, &o, -1);
	}
	return out_commit(g, &o, text_close(g, &o, f));
}

static int write_applicants(struct gen *g)
{
	if (write_applicants_grade(g, 1) != 0 ||
	    write_applicants_grade(g, 6) != 0 ||
	    write_applicants_grade(g, 10) != 0)
		return -1;
	return 0;
}

/*---- Population raster (--raster) ---------------------------------------*/

/*
 * population.tif: people per 100 m pixel in UTM 48N, in the manner of a
 * WorldPop GeoTIFF (Float32, nodata -99999 outside the district, tiled
 * and compressed).  Each commune's people live around its hamlets (ấp):
 * Gaussian clusters of 150 to 450 m at uniform points of the commune,
 * over a thin rural background (a denser one in the township).  A
 * commune's raster total is its 2019 population times a few per cent of
 * noise, as an independent estimate would be: schoolgis takes only the
 * distribution within each commune from it.  A pixel belongs to the
 * commune of its centre.
 */
#define RASTER_PIXEL 100.0
#define RASTER_NODATA (-99999.0)
#define MAX_CLUSTERS 16

struct cluster {
	double x, y, sigma, weight; /* UTM 48N */
};

/* Uniform point of commune k, in UTM 48N (rejection sampling). */
static int commune_point(struct gen *g, struct rng *r, int k, double *x,
			 double *y)
{
	const struct commune *c = &g->com[k];
	long tries;

	for (tries = 0; tries < 1000000L; tries++) {
		double lon = rng_range(r, c->minx, c->maxx);
		double lat = rng_range(r, c->miny, c->maxy);
		int in = inside(g, c->prep, lon, lat);

		if (in < 0)
			return -1;
		if (in == 1) {
			*x = lon;
			*y = lat;
			return transform_xy(g, g->wgs_to_utm, x, y);
		}
	}
	return fail(g, "internal: no point found in %s", c->name);
}

static int write_population_raster(struct gen *g)
{
	struct rng r = rng_stream(g->o->seed, STREAM_RASTER, 0);
	struct cluster cl[NCOMMUNES][MAX_CLUSTERS];
	int ncl[NCOMMUNES], *owner = NULL, w, h, k, rc = -1;
	double wsum[NCOMMUNES], scale[NCOMMUNES], gt[6];
	double x0, y0, x1, y1, *wt = NULL, *xs = NULL, *ys = NULL;
	float *v = NULL;
	GEOSGeometry *dutm;
	GDALDriverH drv;
	GDALDatasetH ds = NULL;
	struct out o;

	if (out_begin(g, &o, "population.tif") != 0)
		return -1;
	if (!(dutm = transform(g, g->district, g->wgs_to_utm)))
		return -1;
	k = geom_bounds(g, dutm, &x0, &y0, &x1, &y1);
	GEOSGeom_destroy_r(g->gh, dutm);
	if (k != 0)
		return -1;
	x0 = floor(x0 / RASTER_PIXEL) * RASTER_PIXEL - RASTER_PIXEL;
	y1 = ceil(y1 / RASTER_PIXEL) * RASTER_PIXEL + RASTER_PIXEL;
	w = (int)ceil((x1 - x0) / RASTER_PIXEL) + 1;
	h = (int)ceil((y1 - y0) / RASTER_PIXEL) + 1;
	for (k = 0; k < NCOMMUNES; k++) {
		ncl[k] = g->com[k].hamlets < MAX_CLUSTERS ? g->com[k].hamlets
							  : MAX_CLUSTERS;
		for (int c = 0; c < ncl[k]; c++) {
			if (commune_point(g, &r, k, &cl[k][c].x, &cl[k][c].y) !=
			    0)
				return -1;
			cl[k][c].sigma = rng_range(&r, 150.0, 450.0);
			cl[k][c].weight = rng_lognorm(&r, 0.5);
		}
		scale[k] = rng_lognorm(&r, 0.05);
		wsum[k] = 0.0;
	}
	owner = malloc((size_t)w * (size_t)h * sizeof(int));
	wt = malloc((size_t)w * (size_t)h * sizeof(double));
	v = malloc((size_t)w * (size_t)h * sizeof(float));
	xs = malloc((size_t)w * sizeof(double));
	ys = malloc((size_t)w * sizeof(double));
	if (!owner || !wt || !v || !xs || !ys) {
		fail(g, "out of memory");
		goto done;
	}
	/* The commune of each pixel centre, and its weight. */
	for (int j = 0; j < h; j++) {
		for (int i = 0; i < w; i++) {
			xs[i] = x0 + (i + 0.5) * RASTER_PIXEL;
			ys[i] = y1 - (j + 0.5) * RASTER_PIXEL;
		}
		if (!OCTTransform(g->utm_to_wgs, w, xs, ys, NULL)) {
			fail_gdal(g, "reprojecting pixel centres");
			goto done;
		}
		for (int i = 0; i < w; i++) {
			size_t p = (size_t)j * (size_t)w + (size_t)i;
			double px = x0 + (i + 0.5) * RASTER_PIXEL;
			double py = y1 - (j + 0.5) * RASTER_PIXEL;
			double sum;
			int in = 0;

			owner[p] = -1;
			for (k = 0; k < NCOMMUNES; k++) {
				const struct commune *c = &g->com[k];

				if (xs[i] < c->minx || xs[i] > c->maxx ||
				    ys[i] < c->miny || ys[i] > c->maxy)
					continue;
				if ((in = inside(g, c->prep, xs[i], ys[i])) < 0)
					goto done;
				if (in)
					break;
			}
			if (!in)
				continue;
			owner[p] = k;
			sum = k == 0 ? 1.0 : 0.05;
			for (int c = 0; c < ncl[k]; c++) {
				double dx = px - cl[k][c].x,
				       dy = py - cl[k][c].y;
				double s2 = cl[k][c].sigma * cl[k][c].sigma;

				sum += cl[k][c].weight * 4.0 *
				       exp(-0.5 * (dx * dx + dy * dy) / s2);
			}
			wt[p] = sum;
			wsum[k] += sum;
		}
	}
	for (size_t p = 0; p < (size_t)w * (size_t)h; p++)
		v[p] = owner[p] < 0 ? (float)RASTER_NODATA
				    : (float)(g->com[owner[p]].pop *
					      scale[owner[p]] * wt[p] /
					      wsum[owner[p]]);
	if (!(drv = GDALGetDriverByName("GTiff"))) {
		fail(g, "GDAL has no GTiff driver");
		goto done;
	}
	CPLErrorReset();
	{
		char **tiff_opts = CSLSetNameValue(NULL, "TILED", "YES");

		tiff_opts = CSLSetNameValue(tiff_opts, "COMPRESS", "DEFLATE");
		ds = GDALCreate(drv, o.tmp, w, h, 1, GDT_Float32, tiff_opts);
		CSLDestroy(tiff_opts);
	}
	if (!ds) {
		fail_gdal(g, o.tmp);
		goto done;
	}
	gt[0] = x0;
	gt[1] = RASTER_PIXEL;
	gt[2] = 0.0;
	gt[3] = y1;
	gt[4] = 0.0;
	gt[5] = -RASTER_PIXEL;
	if (GDALSetGeoTransform(ds, gt) != CE_None ||
	    GDALSetSpatialRef(ds, g->utm) != CE_None ||
	    GDALSetRasterNoDataValue(GDALGetRasterBand(ds, 1), RASTER_NODATA) !=
		    CE_None ||
	    GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Write, 0, 0, w, h, v, w,
			 h, GDT_Float32, 0, 0) != CE_None) {
		fail_gdal(g, o.tmp);
		goto done;
	}
	rc = 0;
done:
	if (ds) {
		CPLErrorReset();
		GDALClose(ds);
		if (rc == 0 && CPLGetLastErrorType() >= CE_Failure)
			rc = fail_gdal(g, o.tmp);
	}
	free(owner);
	free(wt);
	free(v);
	free(xs);
	free(ys);
	return out_commit(g, &o, rc);
}

/*---- Command line -------------------------------------------------------*/

static void usage(FILE *f)
{
	fputs("Usage: " PROG " [--seed N] [--schools N] [--years Y1,Y2,...]\n"
	      "                    [--errors] [--raster] [--quiet] OUTDIR\n"
	      "\n"
	      "Write a synthetic sample district modelled on Huyen Cu Chi\n"
	      "(HCMC) into OUTDIR (created if missing): district.geojson,\n"
	      "communes.geojson, population.csv, schools.csv, schools.xlsx,\n"
	      "schools.geojson and schools_vn2000.csv.\n"
	      "\n"
	      "  --seed N         PRNG seed (default 783); same seed, same "
	      "files\n"
	      "  --schools N      number of schools, Cu Chi mix scaled "
	      "(default 112)\n"
	      "  --years LIST     school years, e.g. 2016-2017,2017-2018\n"
	      "                   (default 2016-2017); one row per school "
	      "per year\n"
	      "  --errors         also write schools_errors.csv and\n"
	      "                   communes_invalid.geojson\n"
	      "  --applicants N   also write applicants_g1.csv, "
	      "applicants_g6.csv and\n"
	      "                   applicants_g10.csv: N admission applicants "
	      "each,\n"
	      "                   for the first school year\n"
	      "  --raster         also write population.tif: people per "
	      "100 m pixel\n"
	      "                   (UTM 48N, Float32, nodata -99999), "
	      "clustered in\n"
	      "                   hamlets, for catchments "
	      "--population-raster\n"
	      "  --roads          also write roads.gpkg: a street grid with a "
	      "river,\n"
	      "                   3 bridges, one-way roads and an island, "
	      "for\n"
	      "                   'schoolgis roads import'\n"
	      "  --road-step M    streets every M metres (default 400; "
	      "implies --roads)\n"
	      "  --csv-only       of the schools, only schools.csv (no .xlsx,\n"
	      "                   .geojson or _vn2000.csv: a large\n"
	      "                   schools.csv quickly; the same bytes)\n"
	      "  -q, --quiet      no summary line\n"
	      "  -h, --help       show this help\n"
	      "  --national, --city  a whole country or one province "
	      "instead\n"
	      "                   (see " PROG " --national --help)\n"
	      "\n"
	      "Exit status: 0 ok, 1 runtime error, 2 usage error.\n",
	      f);
}

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, PROG ": ");
	fprintf(stderr, fmt, arg);
	fputs("\nUsage: " PROG " [--seed N] [--schools N] [--years Y1,Y2,...]"
	      " [--errors]\n                    [--quiet] OUTDIR\n"
	      "Try '" PROG " --help' for more.\n",
	      stderr);
	return 2;
}

static int parse_ulong(const char *s, unsigned long long max,
		       unsigned long long *out)
{
	char *end;

	if (!s || !*s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	*out = strtoull(s, &end, 10);
	if (errno || *end || *out > max)
		return -1;
	return 0;
}

static int parse_years(const char *s, struct opts *o)
{
	o->nyears = 0;
	while (*s) {
		int a, b, k;

		if (o->nyears == MAX_YEARS || strlen(s) < 9 ||
		    strspn(s, "0123456789") != 4 || s[4] != '-' ||
		    strspn(s + 5, "0123456789") != 4 ||
		    (s[9] != ',' && s[9] != '\0'))
			return -1;
		a = atoi(s);
		b = atoi(s + 5);
		if (a < 1900 || a > 2199 || b != a + 1)
			return -1;
		for (k = 0; k < o->nyears; k++)
			if (o->years[k] == a)
				return -1;
		o->years[o->nyears++] = a;
		s += 9;
		if (*s == ',' && *++s == '\0')
			return -1;
	}
	return o->nyears > 0 ? 0 : -1;
}

/* 0 ok, 1 --help given, 2 usage error (already reported). */
static int parse_args(int argc, char **argv, struct opts *o)
{
	int i, only_operands = 0;

	o->seed = 783;
	o->years[0] = 2016;
	o->nyears = 1;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL, *eq;
		unsigned long long v;
		size_t len;

		if (only_operands || a[0] != '-' || !a[1]) {
			if (o->outdir)
				return usage_error("unexpected argument '%s'",
						   a);
			o->outdir = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			only_operands = 1;
			continue;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help"))
			return 1;
		if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
			o->quiet = 1;
			continue;
		}
		if (!strcmp(a, "--errors")) {
			o->errors = 1;
			continue;
		}
		if (!strcmp(a, "--csv-only")) {
			o->csv_only = 1;
			continue;
		}
		if (!strcmp(a, "--raster")) {
			o->raster = 1;
			continue;
		}
		if (!strcmp(a, "--roads")) {
			o->roads = 1;
			continue;
		}
		if (!strncmp(a, "--road-step", 11) &&
		    (a[11] == '\0' || a[11] == '=')) {
			const char *rv = a[11] == '='	? a + 12
					 : i + 1 < argc ? argv[++i]
							: "";
			unsigned long long m;

			if (parse_ulong(rv, 10000, &m) != 0 || m < 20)
				return usage_error("bad --road-step '%s' (20 "
						   "to 10000 metres)",
						   rv);
			o->road_step = (double)m;
			o->roads = 1;
			continue;
		}
		eq = strchr(a, '=');
		len = eq ? (size_t)(eq - a) : strlen(a);
		if (!((len == 6 && !strncmp(a, "--seed", len)) ||
		      (len == 9 && !strncmp(a, "--schools", len)) ||
		      (len == 12 && !strncmp(a, "--applicants", len)) ||
		      (len == 7 && !strncmp(a, "--years", len))))
			return usage_error("unknown option '%s'", a);
		if (eq)
			val = eq + 1;
		else if (i + 1 < argc)
			val = argv[++i];
		else
			return usage_error("option '%s' needs a value", a);
		if (len == 6) {
			if (parse_ulong(val, UINT64_MAX, &v) != 0)
				return usage_error("bad --seed '%s'", val);
			o->seed = (uint64_t)v;
		} else if (len == 9) {
			if (parse_ulong(val, MAX_SCHOOLS, &v) != 0 || v == 0)
				return usage_error("bad --schools '%s' "
						   "(1 to 10000000)",
						   val);
			o->nschools = (long)v;
		} else if (len == 12) {
			if (parse_ulong(val, MAX_APPLICANTS, &v) != 0)
				return usage_error("bad --applicants '%s' "
						   "(0 to 10000000)",
						   val);
			o->napplicants = (long)v;
		} else if (parse_years(val, o) != 0) {
			return usage_error("bad --years '%s' (want e.g. "
					   "2016-2017,2017-2018)",
					   val);
		}
	}
	if (!o->outdir)
		return usage_error("%s", "missing OUTDIR");
	return 0;
}

/* mkdir -p */
static int make_dirs(struct gen *g, const char *dir)
{
	char path[PATH_BUF];
	struct stat st;
	size_t k;

	if (snprintf(path, sizeof(path), "%s", dir) >= (int)sizeof(path))
		return fail(g, "output path too long");
	for (k = 1; path[k]; k++) {
		if (path[k] != '/')
			continue;
		path[k] = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST)
			return fail(g, "cannot create %s: %s", path,
				    strerror(errno));
		path[k] = '/';
	}
	if (mkdir(path, 0777) != 0 && errno != EEXIST)
		return fail(g, "cannot create %s: %s", path, strerror(errno));
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return fail(g, "%s is not a directory", path);
	return 0;
}

/*---- Setup and main -----------------------------------------------------*/

static OGRSpatialReferenceH new_srs(struct gen *g, int epsg, const char *proj4)
{
	OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
	OGRErr err;

	if (!srs) {
		fail(g, "out of memory");
		return NULL;
	}
	err = proj4 ? OSRImportFromProj4(srs, proj4)
		    : OSRImportFromEPSG(srs, epsg);
	if (err != OGRERR_NONE) {
		fail_gdal(g, "defining a coordinate system");
		OSRDestroySpatialReference(srs);
		return NULL;
	}
	OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
	return srs;
}

/*---- Road network (--roads) -------------------------------------------------*/

/*
 * roads.gpkg, layer "roads": one LineString per street segment between
 * two grid crossings (lines share their end vertices, so schoolgis roads
 * import joins them), EPSG:4326, fields highway, oneway and name.
 * Streets every ROAD_STEP metres over the district (crossings jittered
 * by up to 60 m), a secondary road every 5th street, two of them one-way
 * (opposite directions); a river runs north-south through the middle
 * with ROAD_BRIDGES bridges, so road and straight distances differ near
 * it; and a hamlet of 3 x 3 lanes in the north-west joined to nothing
 * (an island the import reports).
 */
#define ROAD_STEP (g->o->road_step > 0 ? g->o->road_step : 400.0)
#define ROAD_BRIDGES 3

static int road_segment(struct gen *g, OGRLayerH lyr, const double *lon,
			const double *lat, const char *highway,
			const char *oneway, const char *name)
{
	OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(lyr));
	OGRGeometryH ln = OGR_G_CreateGeometry(wkbLineString);
	int rc = 0;

	OGR_G_AddPoint_2D(ln, lon[0], lat[0]);
	OGR_G_AddPoint_2D(ln, lon[1], lat[1]);
	OGR_F_SetFieldString(f, 0, highway);
	if (oneway)
		OGR_F_SetFieldString(f, 1, oneway);
	OGR_F_SetFieldString(f, 2, name);
	OGR_F_SetGeometryDirectly(f, ln);
	if (OGR_L_CreateFeature(lyr, f) != OGRERR_NONE)
		rc = fail_gdal(g, "writing a road");
	OGR_F_Destroy(f);
	return rc;
}

static int write_roads(struct gen *g)
{
	struct rng r = rng_stream(g->o->seed, STREAM_ROADS, 0);
	GEOSGeometry *dutm = NULL, *area = NULL;
	const GEOSPreparedGeometry *prep = NULL;
	double x0, y0, x1, y1, *lon = NULL, *lat = NULL, river;
	unsigned char *in = NULL;
	int nx, ny, rc = -1, bridge[ROAD_BRIDGES];
	long nseg = 0;
	GDALDatasetH ds = NULL;
	OGRLayerH lyr;
	OGRFieldDefnH fd;
	struct out o;

	if (out_begin(g, &o, "roads.gpkg") != 0)
		return -1;
	if (!(dutm = transform(g, g->district, g->wgs_to_utm)) ||
	    geom_bounds(g, dutm, &x0, &y0, &x1, &y1) != 0)
		goto done;
	if (!(area = GEOSBuffer_r(g->gh, dutm, 300.0, 8)) ||
	    !(prep = GEOSPrepare_r(g->gh, area))) {
		fail_geos(g, "buffering the district");
		goto done;
	}
	nx = (int)((x1 - x0) / ROAD_STEP) + 2;
	ny = (int)((y1 - y0) / ROAD_STEP) + 2;
	river = x0 + (nx / 2 + 0.5) * ROAD_STEP;
	for (int b = 0; b < ROAD_BRIDGES; b++)
		bridge[b] = (b + 1) * ny / (ROAD_BRIDGES + 1);
	lon = malloc((size_t)nx * ny * sizeof(double));
	lat = malloc((size_t)nx * ny * sizeof(double));
	in = malloc((size_t)nx * ny);
	if (!lon || !lat || !in) {
		fail(g, "out of memory");
		goto done;
	}
	for (int j = 0; j < ny; j++)
		for (int i = 0; i < nx; i++) {
			size_t k = (size_t)j * nx + i;
			double jit = fmin(60, 0.15 * ROAD_STEP);
			double x = x0 + i * ROAD_STEP +
				   rng_range(&r, -jit, jit);
			double y = y0 + j * ROAD_STEP +
				   rng_range(&r, -jit, jit);
			int ins;

			if ((ins = inside(g, prep, x, y)) < 0)
				goto done;
			in[k] = (unsigned char)ins;
			lon[k] = x;
			lat[k] = y;
			if (transform_xy(g, g->utm_to_wgs, &lon[k], &lat[k]))
				goto done;
		}
	if (!(ds = vec_create(g, "GPKG", &o)))
		goto done;
	lyr = GDALDatasetCreateLayer(ds, "roads", g->wgs84, wkbLineString,
				     NULL);
	if (!lyr) {
		fail_gdal(g, "creating the roads layer");
		goto done;
	}
	fd = OGR_Fld_Create("highway", OFTString);
	OGR_L_CreateField(lyr, fd, 1);
	OGR_Fld_Destroy(fd);
	fd = OGR_Fld_Create("oneway", OFTString);
	OGR_L_CreateField(lyr, fd, 1);
	OGR_Fld_Destroy(fd);
	fd = OGR_Fld_Create("name", OFTString);
	OGR_L_CreateField(lyr, fd, 1);
	OGR_Fld_Destroy(fd);
	if (GDALDatasetStartTransaction(ds, 0) != OGRERR_NONE) {
		fail_gdal(g, "starting a transaction");
		goto done;
	}
	/* East-west streets: none crosses the river but at the bridges. */
	for (int j = 0; j < ny; j++) {
		int main_road = j % 5 == 0;
		const char *ow = main_road && j / 5 == 1   ? "yes"
				 : main_road && j / 5 == 2 ? "-1"
							   : NULL;
		char name[64];

		snprintf(name, sizeof(name), "%s %d",
			 main_road ? "Tỉnh lộ" : "Đường số", j + 1);
		for (int i = 0; i + 1 < nx; i++) {
			size_t a = (size_t)j * nx + i, b = a + 1;
			double ax = x0 + i * ROAD_STEP;
			int crosses = ax < river && ax + ROAD_STEP > river;
			int br = 0;
			double lo[2] = { lon[a], lon[b] };
			double la[2] = { lat[a], lat[b] };

			for (int k = 0; k < ROAD_BRIDGES; k++)
				br |= bridge[k] == j;
			if (!in[a] || !in[b] || (crosses && !br))
				continue;
			if (road_segment(g, lyr, lo, la,
					 main_road || br ? "secondary"
							 : "residential",
					 ow, name) != 0)
				goto done;
			nseg++;
		}
	}
	/* North-south streets. */
	for (int i = 0; i < nx; i++) {
		int main_road = i % 5 == 0;
		char name[64];

		snprintf(name, sizeof(name), "%s %d",
			 main_road ? "Hương lộ" : "Hẻm", i + 1);
		for (int j = 0; j + 1 < ny; j++) {
			size_t a = (size_t)j * nx + i, b = a + (size_t)nx;
			double lo[2] = { lon[a], lon[b] };
			double la[2] = { lat[a], lat[b] };

			if (!in[a] || !in[b])
				continue;
			if (road_segment(g, lyr, lo, la,
					 main_road ? "tertiary" : "residential",
					 NULL, name) != 0)
				goto done;
			nseg++;
		}
	}
	/* The island: lanes of 100 m between the streets of the north-west,
	 * offset so that they share no vertex with them. */
	{
		int gi = nx / 4, gj = 3 * ny / 4;

		while (gj > 0 && !in[(size_t)gj * nx + gi])
			gj--;
		for (int q = 0; q < 3; q++)
			for (int p = 0; p < 3; p++) {
				double x = x0 + gi * ROAD_STEP + 130 + p * 70;
				double y = y0 + gj * ROAD_STEP + 130 + q * 70;
				double lo[2], la[2];

				for (int d = 0; d < 2; d++) {
					if ((d == 0 && p == 2) ||
					    (d == 1 && q == 2))
						continue;
					lo[0] = x;
					la[0] = y;
					lo[1] = x + (d == 0 ? 70 : 0);
					la[1] = y + (d == 1 ? 70 : 0);
					if (transform_xy(g, g->utm_to_wgs,
							 &lo[0], &la[0]) ||
					    transform_xy(g, g->utm_to_wgs,
							 &lo[1], &la[1]) ||
					    road_segment(g, lyr, lo, la,
							 "track", NULL,
							 "Ấp đảo") != 0)
						goto done;
					nseg++;
				}
			}
	}
	if (GDALDatasetCommitTransaction(ds) != OGRERR_NONE) {
		fail_gdal(g, "committing the roads");
		goto done;
	}
	rc = 0;
done:
	if (ds) {
		GDALClose(ds);
		ds = NULL;
	}
	rc = out_commit(g, &o, rc);
	if (rc == 0 && !g->o->quiet)
		printf(PROG ": wrote roads.gpkg (%ld street segments, a river "
			    "with %d bridges, one island)\n",
		       nseg, ROAD_BRIDGES);
	if (prep)
		GEOSPreparedGeom_destroy_r(g->gh, prep);
	GEOSGeom_destroy_r(g->gh, area);
	GEOSGeom_destroy_r(g->gh, dutm);
	free(lon);
	free(lat);
	free(in);
	return rc;
}

static OGRCoordinateTransformationH
new_ct(struct gen *g, OGRSpatialReferenceH from, OGRSpatialReferenceH to)
{
	OGRCoordinateTransformationH ct;

	ct = OCTNewCoordinateTransformation(from, to);
	if (!ct)
		fail_gdal(g, "creating a coordinate transformation");
	return ct;
}

static int setup(struct gen *g)
{
	GDALAllRegister();
	if (!(g->gh = GEOS_init_r()))
		return fail(g, "cannot initialise GEOS");
	GEOSContext_setErrorMessageHandler_r(g->gh, geos_message, g);
	GEOSContext_setNoticeMessageHandler_r(g->gh, geos_notice, g);
	g->wkbr = GEOSWKBReader_create_r(g->gh);
	g->wkbw = GEOSWKBWriter_create_r(g->gh);
	if (!g->wkbr || !g->wkbw)
		return fail_geos(g, "WKB reader/writer");
	GEOSWKBWriter_setOutputDimension_r(g->gh, g->wkbw, 2);
	if (!(g->wgs84 = new_srs(g, 4326, NULL)) ||
	    !(g->utm = new_srs(g, 32648, NULL)) ||
	    !(g->vn2000 = new_srs(g, 0, vn2000_proj4)))
		return -1;
	if (!(g->wgs_to_utm = new_ct(g, g->wgs84, g->utm)) ||
	    !(g->utm_to_wgs = new_ct(g, g->utm, g->wgs84)) ||
	    !(g->wgs_to_vn = new_ct(g, g->wgs84, g->vn2000)))
		return -1;
	return 0;
}

static void teardown(struct gen *g)
{
	int k;

	for (k = 0; k < NCOMMUNES && g->gh; k++) {
		if (g->com[k].prep)
			GEOSPreparedGeom_destroy_r(g->gh, g->com[k].prep);
		GEOSGeom_destroy_r(g->gh, g->com[k].geom);
	}
	if (g->gh) {
		GEOSGeom_destroy_r(g->gh, g->district);
		if (g->wkbr)
			GEOSWKBReader_destroy_r(g->gh, g->wkbr);
		if (g->wkbw)
			GEOSWKBWriter_destroy_r(g->gh, g->wkbw);
		GEOS_finish_r(g->gh);
	}
	free(g->schools);
	free(g->rows);
	if (g->wgs_to_utm)
		OCTDestroyCoordinateTransformation(g->wgs_to_utm);
	if (g->utm_to_wgs)
		OCTDestroyCoordinateTransformation(g->utm_to_wgs);
	if (g->wgs_to_vn)
		OCTDestroyCoordinateTransformation(g->wgs_to_vn);
	if (g->wgs84)
		OSRDestroySpatialReference(g->wgs84);
	if (g->utm)
		OSRDestroySpatialReference(g->utm);
	if (g->vn2000)
		OSRDestroySpatialReference(g->vn2000);
}

static int run(struct gen *g)
{
	int pop = 0, k;

	if (setup(g) != 0 || make_geography(g) != 0)
		return -1;
	make_population(g);
	for (k = 0; k < NCOMMUNES; k++)
		pop += g->com[k].pop;
	if (pop != DISTRICT_POP)
		return fail(g, "internal: population sums to %d", pop);
	if (make_schools(g) != 0 || make_dirs(g, g->o->outdir) != 0)
		return -1;
	{
		int idx[NCOMMUNES];
		GEOSGeometry *none[NCOMMUNES] = { NULL };

		for (k = 0; k < NCOMMUNES; k++)
			idx[k] = k;
		if (write_district(g) != 0 ||
		    write_communes(g, "communes.geojson", "communes", idx, none,
				   NCOMMUNES) != 0)
			return -1;
	}
	if (write_population_csv(g) != 0 ||
	    write_schools_csv(g, "schools.csv", 0, 1) != 0)
		return -1;
	if (!g->o->csv_only &&
	    (write_schools_xlsx(g) != 0 || write_schools_geojson(g) != 0 ||
	     write_schools_csv(g, "schools_vn2000.csv", 1, 0) != 0))
		return -1;
	if (g->o->errors &&
	    (write_schools_errors(g) != 0 || write_communes_invalid(g) != 0))
		return -1;
	if (g->o->napplicants > 0 && write_applicants(g) != 0)
		return -1;
	if (g->o->raster && write_population_raster(g) != 0)
		return -1;
	if (g->o->roads && write_roads(g) != 0)
		return -1;
	if (!g->o->quiet)
		printf(PROG ": wrote %s: district.geojson (%.1f km2), "
			    "communes.geojson (%d communes, population %d), "
			    "population.csv, %s (%zu schools x %d year%s)%s; "
			    "seed %llu\n",
		       g->o->outdir, g->district_km2, NCOMMUNES, pop,
		       g->o->csv_only ? "schools.csv"
				      : "schools.csv/.xlsx/.geojson and "
					"schools_vn2000.csv",
		       g->nschools, g->o->nyears, g->o->nyears > 1 ? "s" : "",
		       g->o->errors ? ", schools_errors.csv, "
				      "communes_invalid.geojson"
				    : "",
		       (unsigned long long)g->o->seed);
	if (!g->o->quiet && g->o->raster)
		printf(PROG ": wrote population.tif (people per 100 m pixel, "
			    "UTM 48N)\n");
	if (!g->o->quiet && g->o->napplicants > 0)
		printf(PROG ": wrote applicants_g1.csv, applicants_g6.csv and "
			    "applicants_g10.csv (%ld applicants each, %d-%d)\n",
		       g->o->napplicants, g->o->years[0], g->o->years[0] + 1);
	return 0;
}

int main(int argc, char **argv)
{
	struct opts o;
	struct gen *g;
	int rc;

	if (sg_gensample_national_wanted(argc, argv))
		return sg_gensample_national_main(argc, argv);
	memset(&o, 0, sizeof(o));
	rc = parse_args(argc, argv, &o);
	if (rc == 1) {
		usage(stdout);
		return 0;
	}
	if (rc != 0)
		return 2;
	/* large (name counters), so on the heap */
	if (!(g = calloc(1, sizeof(*g)))) {
		fprintf(stderr, PROG ": out of memory\n");
		return 1;
	}
	g->o = &o;
	CPLPushErrorHandlerEx(gdal_message, g);
	rc = run(g);
	if (rc != 0)
		fprintf(stderr, PROG ": error: %s\n", g->msg);
	teardown(g);
	CPLPopErrorHandler();
	free(g);
	GDALDestroyDriverManager();
	OGRCleanupAll();
	OSRCleanup();
	return rc != 0 ? 1 : 0;
}
