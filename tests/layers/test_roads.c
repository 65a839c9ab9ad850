/*
 * tests/layers/test_roads.c - road networks through GDAL into the store:
 * an OpenStreetMap XML file the test writes (GDAL's OSM driver), a
 * GeoJSON line layer with class, speed and one-way columns; lengths
 * against the haversine formula, profiles, idempotent import, islands;
 * and catchments and coverage by road through the public API, whose
 * stored polygons still tile the study area (SpatiaLite's own union).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layers/layers.h"
#include "schoolgis/admit.h"
#include "schoolgis/catchment.h"
#include "schoolgis/coverage.h"
#include "schoolgis/import.h"
#include "schoolgis/roads.h"
#include "sg_db_test.h"
#include "sg_fixture_wards.h"
#include "sg_test.h"

/* Nodes near wards A and C (106.50-106.52 E, 10.900-10.909 N). */
static const char osm_xml[] =
	"<?xml version='1.0' encoding='UTF-8'?>\n"
	"<osm version='0.6' generator='test_roads'>\n"
	" <node id='1' lat='10.9010' lon='106.5010'/>\n"
	" <node id='2' lat='10.9010' lon='106.5060'/>\n"
	" <node id='3' lat='10.9050' lon='106.5060'/>\n"
	" <node id='4' lat='10.9050' lon='106.5150'/>\n"
	" <node id='5' lat='10.9080' lon='106.5190'/>\n"
	" <node id='6' lat='10.9085' lon='106.5195'/>\n"
	" <node id='7' lat='10.9010' lon='106.5100'/>\n"
	" <node id='8' lat='10.9020' lon='106.5150'/>\n"
	" <way id='11'><nd ref='1'/><nd ref='2'/><nd ref='3'/>"
	"<tag k='highway' v='residential'/></way>\n"
	" <way id='12'><nd ref='3'/><nd ref='4'/>"
	"<tag k='highway' v='primary'/><tag k='oneway' v='yes'/></way>\n"
	" <way id='13'><nd ref='4'/><nd ref='5'/>"
	"<tag k='highway' v='motorway'/></way>\n"
	" <way id='14'><nd ref='5'/><nd ref='6'/>"
	"<tag k='waterway' v='river'/></way>\n"
	" <way id='15'><nd ref='2'/><nd ref='7'/>"
	"<tag k='highway' v='footway'/></way>\n"
	" <way id='16'><nd ref='4'/><nd ref='8'/>"
	"<tag k='highway' v='secondary'/>"
	"<tag k='junction' v='roundabout'/></way>\n"
	"</osm>\n";

static const double node_ll[9][2] = {
	{ 0, 0 },
	{ 106.5010, 10.9010 },
	{ 106.5060, 10.9010 },
	{ 106.5060, 10.9050 },
	{ 106.5150, 10.9050 },
	{ 106.5190, 10.9080 },
	{ 106.5195, 10.9085 },
	{ 106.5100, 10.9010 },
	{ 106.5150, 10.9020 },
};

/* Great-circle metres (the independent length). */
static double haversine(const double *a, const double *b)
{
	const double r = 6371008.8, d2r = M_PI / 180;
	double dlat = (b[1] - a[1]) * d2r, dlon = (b[0] - a[0]) * d2r;
	double h = sin(dlat / 2) * sin(dlat / 2) +
		   cos(a[1] * d2r) * cos(b[1] * d2r) * sin(dlon / 2) *
			   sin(dlon / 2);

	return 2 * r * asin(sqrt(h));
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* The stored edge between the nodes at lon/lat a and b (either way):
 * its length, times forwards (a to b) and backwards; -1 for NULL. */
static int edge_between(sg_ctx *ctx, const char *net, const double *a,
			const double *b, double *len, double *tab, double *tba)
{
	char sql[1024];
	sqlite3_stmt *st;
	int found = 0;

	snprintf(sql, sizeof(sql),
		 "SELECT e.length_m, coalesce(e.time_fwd_s, -1), "
		 "coalesce(e.time_bwd_s, -1), abs(s.lon - %.7f) < 1e-9 AND "
		 "abs(s.lat - %.7f) < 1e-9 FROM road_edges e "
		 "JOIN road_networks n ON n.id = e.network_id "
		 "JOIN road_nodes s ON s.network_id = n.id AND s.id = e.source "
		 "JOIN road_nodes t ON t.network_id = n.id AND t.id = e.target "
		 "WHERE n.name = '%s' AND ((abs(s.lon - %.7f) < 1e-9 AND "
		 "abs(s.lat - %.7f) < 1e-9 AND abs(t.lon - %.7f) < 1e-9 AND "
		 "abs(t.lat - %.7f) < 1e-9) OR (abs(s.lon - %.7f) < 1e-9 AND "
		 "abs(s.lat - %.7f) < 1e-9 AND abs(t.lon - %.7f) < 1e-9 AND "
		 "abs(t.lat - %.7f) < 1e-9))",
		 a[0], a[1], net, a[0], a[1], b[0], b[1], b[0], b[1], a[0],
		 a[1]);
	assert_int_equal(sqlite3_prepare_v2(ctx->db, sql, -1, &st, NULL),
			 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int fwd = sqlite3_column_int(st, 3);

		*len = sqlite3_column_double(st, 0);
		*tab = sqlite3_column_double(st, fwd ? 1 : 2);
		*tba = sqlite3_column_double(st, fwd ? 2 : 1);
		found++;
	}
	sqlite3_finalize(st);
	return found;
}

static void test_roads__osm_file_profiles(void **state)
{
	sg_roads_import_options o = SG_ROADS_IMPORT_OPTIONS_INIT;
	sg_roads_import_summary s;
	sg_ctx *ctx = new_store("osm.sqlite");
	char path[256];
	double len, tf, tb;
	int64_t runs;

	(void)state;
	sg_test_path(path, sizeof(path), "town.osm");
	write_file(path, osm_xml);
	/* Walking: ways 11, 12, 15, 16 (no motorway, no river). */
	assert_sg_ok(ctx, sg_roads_import(ctx, path, &o, &s));
	assert_int_equal(s.used, 4);
	assert_int_equal(s.excluded, 1);
	assert_int_equal(s.nodes, 6);
	assert_int_equal(s.edges, 5);
	assert_int_equal(s.oneway, 0);
	assert_int_equal(s.components, 1);
	assert_string_equal(s.crs, "EPSG:32648");
	assert_int_equal(edge_between(ctx, "walking", node_ll[1], node_ll[2],
				      &len, &tf, &tb),
			 1);
	assert_true(fabs(len - haversine(node_ll[1], node_ll[2])) < 3e-3 * len);
	assert_true(fabs(tf - len / (5 / 3.6)) < 1e-6 && tb == tf);
	/* One-way ignored on foot. */
	assert_int_equal(edge_between(ctx, "walking", node_ll[3], node_ll[4],
				      &len, &tf, &tb),
			 1);
	assert_true(tf > 0 && tb == tf);
	/* The same file again: unchanged, nothing written. */
	runs = q_int(ctx, "SELECT count(*) FROM runs");
	assert_sg_ok(ctx, sg_roads_import(ctx, path, &o, &s));
	assert_int_equal(s.unchanged, 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM runs"), runs);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM road_edges"), 5);
	/* Motorbike: no footway; oneway=yes and the roundabout one way. */
	o.profile = SG_ROADS_MOTORBIKE;
	o.name = "moto";
	assert_sg_ok(ctx, sg_roads_import(ctx, path, &o, &s));
	assert_int_equal(s.used, 3);
	assert_int_equal(s.edges, 4);
	assert_int_equal(s.oneway, 2);
	assert_int_equal(edge_between(ctx, "moto", node_ll[3], node_ll[4], &len,
				      &tf, &tb),
			 1);
	assert_true(fabs(tf - len / (40 / 3.6)) < 1e-6);
	assert_true(tb == -1);
	assert_int_equal(edge_between(ctx, "moto", node_ll[4], node_ll[8], &len,
				      &tf, &tb),
			 1);
	assert_true(fabs(tf - len / (35 / 3.6)) < 1e-6 && tb == -1);
	assert_int_equal(edge_between(ctx, "moto", node_ll[2], node_ll[7], &len,
				      &tf, &tb),
			 0);
	/* Re-imported under the name "walking" with another profile: the
	 * network is replaced, its old rows gone. */
	o.name = "walking";
	assert_sg_ok(ctx, sg_roads_import(ctx, path, &o, &s));
	assert_int_equal(s.replaced, 1);
	assert_int_equal(q_int(ctx,
			       "SELECT count(*) FROM road_edges e JOIN "
			       "road_networks n ON n.id = e.network_id WHERE "
			       "n.name = 'walking'"),
			 4);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM road_networks"), 2);
	sg_ctx_free(ctx);
}

static const char lines_geojson[] =
	"{\"type\":\"FeatureCollection\",\"features\":[\n"
	"{\"type\":\"Feature\",\"properties\":{\"kind\":\"primary\","
	"\"kmh\":30,\"dir\":\"-1\"},\"geometry\":{\"type\":\"LineString\","
	"\"coordinates\":[[106.501,10.901],[106.506,10.901]]}},\n"
	"{\"type\":\"Feature\",\"properties\":{\"kind\":\"tertiary\","
	"\"kmh\":null,\"dir\":null},\"geometry\":{\"type\":"
	"\"MultiLineString\",\"coordinates\":[[[106.506,10.901],"
	"[106.506,10.905]],[[106.510,10.901],[106.512,10.901]]]}},\n"
	"{\"type\":\"Feature\",\"properties\":{\"kind\":\"xyz\"},"
	"\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[106.506,"
	"10.905],[106.507,10.906]]}},\n"
	"{\"type\":\"Feature\",\"properties\":{\"kind\":\"primary\"},"
	"\"geometry\":{\"type\":\"Point\",\"coordinates\":[106.5,10.9]}}\n"
	"]}\n";

static void test_roads__line_layer_columns(void **state)
{
	sg_roads_import_options o = SG_ROADS_IMPORT_OPTIONS_INIT;
	sg_roads_import_summary s;
	sg_ctx *ctx = new_store("lines.sqlite");
	const double a[2] = { 106.501, 10.901 }, b[2] = { 106.506, 10.901 };
	const double c[2] = { 106.506, 10.905 };
	char path[256];
	double len, tf, tb;

	(void)state;
	sg_test_path(path, sizeof(path), "lines.geojson");
	write_file(path, lines_geojson);
	o.profile = SG_ROADS_MOTORBIKE;
	o.class_field = "kind";
	o.speed_field = "kmh";
	o.oneway_field = "dir";
	assert_sg_ok(ctx, sg_roads_import(ctx, path, &o, &s));
	assert_int_equal(s.features, 4);
	assert_int_equal(s.used, 2);
	assert_int_equal(s.excluded, 1); /* the unknown class */
	assert_int_equal(s.rejected, 1); /* the point */
	assert_int_equal(s.edges, 3);
	assert_int_equal(s.components, 2); /* the second part apart */
	/* The speed column wins; "-1" is one way against the line. */
	assert_int_equal(edge_between(ctx, "motorbike", a, b, &len, &tf, &tb),
			 1);
	assert_true(tf == -1 && fabs(tb - len / (30 / 3.6)) < 1e-6);
	assert_int_equal(edge_between(ctx, "motorbike", b, c, &len, &tf, &tb),
			 1);
	assert_true(fabs(tf - len / (30 / 3.6)) < 1e-6 && tb == tf);
	/* Bad input. */
	o.speed_field = "vmax";
	o.name = "other";
	assert_sg_fails(ctx, sg_roads_import(ctx, path, &o, &s), SG_ENOTFOUND,
			"no speed column 'vmax'");
	o.speed_field = NULL;
	assert_sg_fails(ctx,
			sg_roads_import(ctx, "/nonexistent/r.gpkg", &o, &s),
			SG_ENOTFOUND, "r.gpkg");
	/* A failed import wrote nothing. */
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM road_networks"), 1);
	sg_ctx_free(ctx);
}

/*---- With schools: islands, catchments and coverage ----------------------*/

static const char population_csv[] =
	"Mã xã,Năm,Từ tuổi,Đến tuổi,Số người\n"
	"A,2019,6,10,120\nB,2019,6,10,80\nC,2019,6,10,100\n";

/* P1 in A, P2 in C, L1 in B. */
static const char schools_csv[] =
	"code,name,levels,lon,lat,students,classes\n"
	"P1,Tiểu học Một,primary,106.5025,10.9045,150,4\n"
	"P2,Tiểu học Hai,primary,106.5175,10.9045,40,\n"
	"L1,THCS Ba,lower_secondary,106.605,10.9045,300,8\n";

/* Streets every ~0.002 degree over A and C (a grid of lines that share
 * their crossings), a lane by L1 in B, and a lane in B far from it. */
static void write_grid(const char *path)
{
	FILE *fp = fopen(path, "w");
	int first = 1;

	assert_non_null(fp);
	fprintf(fp, "{\"type\":\"FeatureCollection\",\"features\":[\n");
	for (int j = 0; j <= 5; j++)
		for (int i = 0; i <= 10; i++) {
			double x = 106.500 + 0.002 * i, y = 10.900 + 0.0018 * j;

			if (i < 10)
				fprintf(fp,
					"%s{\"type\":\"Feature\",\"properties"
					"\":{},\"geometry\":{\"type\":\"LineString"
					"\",\"coordinates\":[[%.4f,%.4f],[%.4f,"
					"%.4f]]}}\n",
					first ? "" : ",", x, y, x + 0.002, y),
					first = 0;
			if (j < 5)
				fprintf(fp,
					",{\"type\":\"Feature\",\"properties"
					"\":{},\"geometry\":{\"type\":\"LineString"
					"\",\"coordinates\":[[%.4f,%.4f],[%.4f,"
					"%.4f]]}}\n",
					x, y, x, y + 0.0018);
		}
	fprintf(fp,
		",{\"type\":\"Feature\",\"properties\":{},\"geometry\":"
		"{\"type\":\"LineString\",\"coordinates\":[[106.603,10.9045],"
		"[106.607,10.9045]]}}\n");
	fprintf(fp,
		",{\"type\":\"Feature\",\"properties\":{},\"geometry\":"
		"{\"type\":\"LineString\",\"coordinates\":[[106.601,10.9085],"
		"[106.609,10.9085]]}}\n]}\n");
	fclose(fp);
}

static sg_ctx *fixture(const char *name)
{
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_roads_import_options ro = SG_ROADS_IMPORT_OPTIONS_INIT;
	sg_roads_import_summary rs;
	sg_import_summary s;
	sg_ctx *ctx = new_store(name);
	char path[256];

	assert_sg_ok(ctx, sg_test_import(ctx, SG_IMPORT_UNITS, "units.geojson",
					 sg_fixture_wards_geojson, &o, &s));
	assert_sg_ok(ctx,
		     sg_test_import(ctx, SG_IMPORT_POPULATION, "population.csv",
				    population_csv, &o, &s));
	o.year = "2019-2020";
	assert_sg_ok(ctx, sg_test_import(ctx, SG_IMPORT_SCHOOLS, "schools.csv",
					 schools_csv, &o, &s));
	sg_test_path(path, sizeof(path), "grid.geojson");
	write_grid(path);
	ro.snap_limit = 200;
	assert_sg_ok(ctx, sg_roads_import(ctx, path, &ro, &rs));
	/* Three parts: the grid (P1, P2), L1's lane, the far lane. */
	assert_int_equal(rs.components, 3);
	assert_int_equal(rs.islands, 1);
	assert_int_equal(rs.island_edges, 1);
	assert_true(fabs(rs.island_km -
			 haversine((const double[]){ 106.601, 10.9085 },
				   (const double[]){ 106.609, 10.9085 }) /
				 1000) < 0.01);
	assert_int_equal(rs.schools, 3);
	assert_int_equal(rs.schools_far, 0);
	return ctx;
}

/* The stored rows of the latest catchments run tile the study area: the
 * areas sum to it and so does their union. */
static void check_stored_tiling(sg_ctx *ctx, const char *method)
{
	char sql[512];
	double study = q_double(ctx, "SELECT ST_Area(Transform(ST_Union("
				     "geom), 32648)) FROM units");
	double sum, uni;

	snprintf(sql, sizeof(sql),
		 "SELECT sum(ST_Area(Transform(geom, "
		 "32648))) FROM catchments WHERE run_id = (SELECT max(id) "
		 "FROM runs) AND method IN ('%s', '%s-unserved')",
		 method, method);
	sum = q_double(ctx, sql);
	snprintf(sql, sizeof(sql),
		 "SELECT ST_Area(Transform(ST_Union(geom),"
		 " 32648)) FROM catchments WHERE run_id = (SELECT max(id) "
		 "FROM runs) AND method IN ('%s', '%s-unserved')",
		 method, method);
	uni = q_double(ctx, sql);
	assert_true(fabs(sum - study) < 1e-4 * study);
	assert_true(fabs(uni - study) < 1e-4 * study);
}

static void test_roads__catchments_by_road(void **state)
{
	sg_catchment_options o = SG_CATCHMENT_OPTIONS_INIT;
	sg_roads_distance rd = { NULL, SG_ROADS_COST_LENGTH, 300, 0 };
	sg_catchment_summary s;
	sg_ctx *ctx = fixture("catch.sqlite");
	char buf[64];

	(void)state;
	o.level = "primary";
	o.road = &rd;
	o.cell_size = 100;
	assert_sg_ok(ctx, sg_catchment_compute(ctx, &o, &s));
	assert_int_equal(s.catchments, 2);
	/* Ward B has no primary school's road: unserved, with its 80. */
	assert_true(s.unserved_areas >= 1);
	assert_true(fabs(s.unserved_population - 80) < 1);
	check_stored_tiling(ctx, "voronoi");
	assert_string_equal(q_text(ctx,
				   "SELECT value FROM results WHERE "
				   "run_id = (SELECT max(id) FROM runs) AND "
				   "subject = 'roads' AND key = 'network'",
				   buf, sizeof(buf)),
			    "walking");
	/* The distance method: served within 500 m by road. */
	o.method = SG_CATCHMENT_DISTANCE;
	o.max_distance = 500;
	assert_sg_ok(ctx, sg_catchment_compute(ctx, &o, &s));
	assert_true(s.unserved_population > 80);
	/* The capacity method is straight-line only. */
	o.method = SG_CATCHMENT_CAPACITY;
	assert_sg_fails(ctx, sg_catchment_compute(ctx, &o, &s), SG_EINVALID,
			"straight-line only");
	/* No such network. */
	o.method = SG_CATCHMENT_VORONOI;
	rd.network = "none";
	assert_sg_fails(ctx, sg_catchment_compute(ctx, &o, &s), SG_ENOTFOUND,
			"no road network 'none'");
	sg_ctx_free(ctx);
}

/* Coverage within a reach by road never exceeds the straight line's
 * (a road trip is never shorter than the straight leg). */
static void test_roads__coverage_by_road(void **state)
{
	sg_coverage_options o = SG_COVERAGE_OPTIONS_INIT;
	sg_roads_distance rd = { "walking", SG_ROADS_COST_LENGTH, 300, 0 };
	sg_coverage_summary straight, road;
	sg_ctx *ctx = fixture("cov.sqlite");
	double within;

	(void)state;
	o.level = "primary";
	o.max_distance = 600;
	assert_sg_ok(ctx,
		     sg_coverage_compute(ctx, &o, NULL, NULL, NULL, &straight));
	o.road = &rd;
	assert_sg_ok(ctx,
		     sg_coverage_compute(ctx, &o, NULL, NULL, NULL, &road));
	assert_true(road.children_within > 0);
	assert_true(road.children_within < straight.children_within);
	within = road.children_within;
	/* Time cost: a reach in minutes is required. */
	rd.cost = SG_ROADS_COST_TIME;
	assert_sg_fails(ctx,
			sg_coverage_compute(ctx, &o, NULL, NULL, NULL, &road),
			SG_EINVALID, "minutes");
	/* 600 m on foot is 7.2 minutes. */
	rd.max_minutes = 7.2;
	{
		sg_coverage_summary t;

		assert_sg_ok(ctx, sg_coverage_compute(ctx, &o, NULL, NULL, NULL,
						      &t));
		assert_true(fabs(t.children_within - within) < 1e-6);
	}
	sg_ctx_free(ctx);
}

/*---- Admissions by road -----------------------------------------------------*/

/* P1 west, P2 east; the home between them is nearer P2 in a straight
 * line, but a river at 106.512 E is crossed only by a bridge 450 m
 * north: by road P1 is nearer. */
static const char admit_schools_csv[] =
	"Mã trường,Tên trường,Cấp học,Kinh độ,Vĩ độ,Năm học,"
	"Chỉ tiêu tuyển sinh đầu cấp\n"
	"P1,Tiểu học Một,Tiểu học,106.5025,10.9045,2024-2025,30\n"
	"P2,Tiểu học Hai,Tiểu học,106.5175,10.9045,2024-2025,30\n";

static const char admit_applicants_csv[] =
	"Mã hồ sơ,Họ và tên,Ngày sinh,Lớp,Mã xã,Kinh độ,Vĩ độ\n"
	"H1,Học sinh Một,01/02/2018,1,C,106.5110,10.9045\n";

static const char river_roads_geojson[] =
	"{\"type\":\"FeatureCollection\",\"features\":[\n"
	"{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":"
	"\"LineString\",\"coordinates\":[[106.5010,10.9045],[106.5110,"
	"10.9045],[106.5110,10.9085],[106.5130,10.9085],[106.5130,10.9045],"
	"[106.5190,10.9045]]}}\n]}\n";

/* Split a CSV line into fields (quotes honoured, empty fields kept). */
static int split_csv(char *line, char **f, int max)
{
	int n = 0;
	char *w = line;

	while (n < max) {
		int q = *line == '"';

		f[n++] = w;
		if (q)
			line++;
		for (; *line; line++) {
			if (q && *line == '"' && line[1] == '"') {
				*w++ = '"';
				line++;
			} else if (q && *line == '"') {
				q = 0;
			} else if (!q && (*line == ',' || *line == '\n' ||
					  *line == '\r')) {
				break;
			} else {
				*w++ = *line;
			}
		}
		if (*line != ',') {
			*w = '\0';
			break;
		}
		*w++ = '\0';
		line++;
		w = line;
	}
	return n;
}

/* Column `col` of the first data row of a CSV. */
static void csv_field(const char *path, const char *col, char *out, size_t n)
{
	char head[2048], row[2048], *hf[64], *rf[64];
	FILE *fp = fopen(path, "r");
	int nh, nr;

	assert_non_null(fp);
	assert_non_null(fgets(head, sizeof(head), fp));
	assert_non_null(fgets(row, sizeof(row), fp));
	fclose(fp);
	nh = split_csv(head, hf, 64);
	nr = split_csv(row, rf, 64);
	for (int i = 0; i < nh && i < nr; i++)
		if (!strcmp(hf[i], col)) {
			snprintf(out, n, "%s", rf[i]);
			return;
		}
	fail_msg("no column %s in %s", col, path);
}

static void test_roads__admission_road_nearest_differs(void **state)
{
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_import_summary s;
	sg_roads_import_options ro = SG_ROADS_IMPORT_OPTIONS_INIT;
	sg_roads_import_summary rs;
	sg_admit_options ao = SG_ADMIT_OPTIONS_INIT;
	sg_roads_distance rd = { NULL, SG_ROADS_COST_LENGTH, 300, 0 };
	sg_admit_summary sum;
	sg_ctx *ctx = new_store("admit.sqlite");
	char path[256], dir[256], csv[300], v[256];
	double road_m;

	(void)state;
	assert_sg_ok(ctx, sg_test_import(ctx, SG_IMPORT_UNITS, "units.geojson",
					 sg_fixture_wards_geojson, &o, &s));
	o.year = "2024-2025";
	assert_sg_ok(ctx, sg_test_import(ctx, SG_IMPORT_SCHOOLS, "as.csv",
					 admit_schools_csv, &o, &s));
	assert_sg_ok(ctx, sg_test_import(ctx, SG_IMPORT_APPLICANTS, "ap.csv",
					 admit_applicants_csv, &o, &s));
	assert_int_equal(s.inserted, 1);
	sg_test_path(path, sizeof(path), "river.geojson");
	write_file(path, river_roads_geojson);
	assert_sg_ok(ctx, sg_roads_import(ctx, path, &ro, &rs));
	ao.grade = 1;
	ao.overwrite = true;
	/* Straight line: P2. */
	sg_test_path(dir, sizeof(dir), "admit-straight");
	ao.out_dir = dir;
	assert_sg_ok(ctx, sg_admit(ctx, &ao, &sum));
	snprintf(csv, sizeof(csv), "%s/internal.csv", dir);
	csv_field(csv, "school_code", v, sizeof(v));
	assert_string_equal(v, "P2");
	/* By road: P1, along the street. */
	sg_test_path(dir, sizeof(dir), "admit-road");
	ao.out_dir = dir;
	ao.road = &rd;
	assert_sg_ok(ctx, sg_admit(ctx, &ao, &sum));
	snprintf(csv, sizeof(csv), "%s/internal.csv", dir);
	csv_field(csv, "school_code", v, sizeof(v));
	assert_string_equal(v, "P1");
	csv_field(csv, "nearest_school_code", v, sizeof(v));
	assert_string_equal(v, "P1");
	csv_field(csv, "distance_m", v, sizeof(v));
	road_m = atof(v);
	assert_true(fabs(road_m -
			 haversine((const double[]){ 106.5025, 10.9045 },
				   (const double[]){ 106.5110, 10.9045 })) <
		    0.005 * road_m);
	csv_field(csv, "explanation", v, sizeof(v));
	assert_non_null(strstr(v, "nearest school by road"));
	/* Grade 10 is by choices; the time cost is refused. */
	rd.cost = SG_ROADS_COST_TIME;
	assert_sg_fails(ctx, sg_admit(ctx, &ao, &sum), SG_EINVALID,
			"the length cost");
	sg_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roads__osm_file_profiles),
		cmocka_unit_test(test_roads__line_layer_columns),
		cmocka_unit_test(test_roads__catchments_by_road),
		cmocka_unit_test(test_roads__coverage_by_road),
		cmocka_unit_test(test_roads__admission_road_nearest_differs),
	};

	if (sg_global_init() != SG_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
