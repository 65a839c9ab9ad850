/*
 * tests/layers/test_office_files.c - files shaped the way district and
 * school offices send them, written here by the test itself through GDAL
 * (and iconv for legacy encodings), imported into a real store.
 *
 * Each case states the rows, codes and names the file holds, so the
 * expectation comes from the file, not from the importer.
 */
#include <math.h>

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "sg_db_test.h"

/*---- Writing files with GDAL -------------------------------------------*/

/* One school row: its code as the number an office's file holds. */
struct num_school {
	double code;
	const char *name;
	double lon, lat;
};

static const struct num_school num_schools[] = {
	{ 79000701, "Trường Tiểu học An Nhơn Tây", 106.49, 11.08 },
	{ 79000702, "Trường THCS Phú Hòa Đông", 106.55, 11.01 },
	{ 7900070312.0, "Trường THPT Củ Chi", 106.50, 10.97 },
};
static const char *const num_codes[] = { "79000701", "79000702",
					 "7900070312" };

/*
 * A file of schools with a numeric code field of type `type`, written by
 * GDAL's driver `drv`: geometry for GIS formats, Kinh độ/Vĩ độ columns
 * for spreadsheets.  Shapefile field names are short ASCII.
 */
static void write_numeric(const char *drv, const char *path,
			  OGRFieldType type, int with_geom)
{
	static const char *const utf8[] = { "ENCODING=UTF-8", NULL };
	int shp = strcmp(drv, "ESRI Shapefile") == 0;
	GDALDriverH d = GDALGetDriverByName(drv);
	GDALDatasetH ds;
	OGRLayerH l;
	OGRSpatialReferenceH srs = NULL;
	OGRFieldDefnH fd;

	assert_non_null(d);
	ds = GDALCreate(d, path, 0, 0, 0, GDT_Unknown, NULL);
	assert_non_null(ds);
	if (with_geom) {
		srs = OSRNewSpatialReference(NULL);
		OSRImportFromEPSG(srs, 4326);
		OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
	}
	l = GDALDatasetCreateLayer(ds, "truong", srs,
				   with_geom ? wkbPoint : wkbNone,
				   shp ? (char **)utf8 : NULL);
	assert_non_null(l);
	fd = OGR_Fld_Create(shp ? "ma" : "Mã trường", type);
	if (type == OFTReal && shp) {
		OGR_Fld_SetWidth(fd, 19);
		OGR_Fld_SetPrecision(fd, 1);
	}
	assert_int_equal(OGR_L_CreateField(l, fd, 1), OGRERR_NONE);
	OGR_Fld_Destroy(fd);
	fd = OGR_Fld_Create(shp ? "ten" : "Tên trường", OFTString);
	OGR_L_CreateField(l, fd, 1);
	OGR_Fld_Destroy(fd);
	fd = OGR_Fld_Create(shp ? "cap" : "Cấp học", OFTString);
	OGR_L_CreateField(l, fd, 1);
	OGR_Fld_Destroy(fd);
	if (!with_geom) {
		fd = OGR_Fld_Create("Kinh độ", OFTReal);
		OGR_L_CreateField(l, fd, 1);
		OGR_Fld_Destroy(fd);
		fd = OGR_Fld_Create("Vĩ độ", OFTReal);
		OGR_L_CreateField(l, fd, 1);
		OGR_Fld_Destroy(fd);
	}
	for (size_t i = 0; i < 3; i++) {
		const struct num_school *s = &num_schools[i];
		OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));

		if (type == OFTInteger && s->code > 2147483647.0)
			OGR_F_SetFieldDouble(f, 0, 79000703);
		else if (type == OFTReal)
			OGR_F_SetFieldDouble(f, 0, s->code);
		else
			OGR_F_SetFieldInteger64(f, 0, (GIntBig)s->code);
		OGR_F_SetFieldString(f, 1, s->name);
		OGR_F_SetFieldString(f, 2, i == 2 ? "THPT" : "Tiểu học");
		if (with_geom) {
			OGRGeometryH g = OGR_G_CreateGeometry(wkbPoint);

			OGR_G_SetPoint_2D(g, 0, s->lon, s->lat);
			OGR_F_SetGeometryDirectly(f, g);
		} else {
			OGR_F_SetFieldDouble(f, 3, s->lon);
			OGR_F_SetFieldDouble(f, 4, s->lat);
		}
		assert_int_equal(OGR_L_CreateFeature(l, f), OGRERR_NONE);
		OGR_F_Destroy(f);
	}
	if (srs)
		OSRDestroySpatialReference(srs);
	GDALClose(ds);
}

/* Import `path` twice: three schools the first time, none new the
 * second; every code the digits of the cell, stored as text. */
static void check_numeric(const char *path, const char *store,
			  OGRFieldType type)
{
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_ctx *ctx = new_store(store);
	sg_import_summary s;
	char buf[64], sql[160];

	o.year = "2023-2024";

	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, &s));
	assert_int_equal(s.rows, 3);
	assert_int_equal(s.inserted, 3);
	assert_int_equal(s.rejected, 0);
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, &s));
	assert_int_equal(s.inserted, 0);
	assert_int_equal(s.unchanged + s.updated, 3);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM schools"), 3);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM schools WHERE "
			       "typeof(code) <> 'text'"), 0);
	for (int i = 0; i < 3; i++) {
		const char *want = i == 2 && type == OFTInteger ? "79000703"
								: num_codes[i];

		snprintf(sql, sizeof(sql), "SELECT name FROM schools WHERE "
			 "code = '%s'", want);
		assert_string_equal(q_text(ctx, sql, buf, sizeof(buf)),
				    num_schools[i].name);
	}
	sg_ctx_free(ctx);
}

static void numeric_case(const char *drv, const char *file,
			 OGRFieldType type, int with_geom)
{
	char path[256], store[80];

	sg_test_path(path, sizeof(path), file);
	write_numeric(drv, path, type, with_geom);
	snprintf(store, sizeof(store), "%s.sqlite", file);
	check_numeric(path, store, type);
}

/*---- Numeric codes, one case per format --------------------------------*/

static void test_office__numeric_codes_xlsx(void **state)
{
	(void)state;
	numeric_case("XLSX", "num_int.xlsx", OFTInteger64, 0);
	numeric_case("XLSX", "num_real.xlsx", OFTReal, 0);
}

static void test_office__numeric_codes_ods(void **state)
{
	(void)state;
	numeric_case("ODS", "num_int.ods", OFTInteger64, 0);
	numeric_case("ODS", "num_real.ods", OFTReal, 0);
}

static void test_office__numeric_codes_geojson(void **state)
{
	(void)state;
	numeric_case("GeoJSON", "num_int.geojson", OFTInteger64, 1);
	numeric_case("GeoJSON", "num_real.geojson", OFTReal, 1);
}

static void test_office__numeric_codes_gpkg(void **state)
{
	(void)state;
	numeric_case("GPKG", "num_int.gpkg", OFTInteger, 1);
	numeric_case("GPKG", "num_int64.gpkg", OFTInteger64, 1);
	numeric_case("GPKG", "num_real.gpkg", OFTReal, 1);
}

static void test_office__numeric_codes_shapefile(void **state)
{
	(void)state;
	numeric_case("ESRI Shapefile", "num_int.shp", OFTInteger64, 1);
	numeric_case("ESRI Shapefile", "num_real.shp", OFTReal, 1);
}

/* A CSV whose .csvt sidecar makes GDAL read the code as a number. */
static void test_office__numeric_codes_csvt(void **state)
{
	char path[256], csvt[256];

	(void)state;
	sg_test_path(path, sizeof(path), "num.csv");
	sg_test_path(csvt, sizeof(csvt), "num.csvt");
	sg_test_write(path, "Mã trường,Tên trường,Cấp học,Kinh độ,Vĩ độ\n"
		      "79000701,Trường Tiểu học An Nhơn Tây,Tiểu học,106.49,"
		      "11.08\n"
		      "79000702,Trường THCS Phú Hòa Đông,Tiểu học,106.55,"
		      "11.01\n"
		      "7900070312,Trường THPT Củ Chi,THPT,106.50,10.97\n");
	sg_test_write(csvt, "Integer64,String,String,Real,Real\n");
	check_numeric(path, "num_csvt.sqlite", OFTInteger64);
	sg_test_write(csvt, "Real,String,String,Real,Real\n");
	check_numeric(path, "num_csvt_real.sqlite", OFTReal);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_office__numeric_codes_xlsx),
		cmocka_unit_test(test_office__numeric_codes_ods),
		cmocka_unit_test(test_office__numeric_codes_geojson),
		cmocka_unit_test(test_office__numeric_codes_gpkg),
		cmocka_unit_test(test_office__numeric_codes_shapefile),
		cmocka_unit_test(test_office__numeric_codes_csvt),
	};

	GDALAllRegister();
	return cmocka_run_group_tests(tests, sg_test_setup,
				      sg_test_teardown);
}
