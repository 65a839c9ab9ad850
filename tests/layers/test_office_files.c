/*
 * tests/layers/test_office_files.c - files shaped the way district and
 * school offices send them, written here by the test itself through GDAL
 * (and iconv for legacy encodings), imported into a real store.
 *
 * Each case states the rows, codes and names the file holds, so the
 * expectation comes from the file, not from the importer.
 */
#include <iconv.h>
#include <math.h>
#include <unistd.h>

#include <cpl_vsi.h>
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
static const char *const num_codes[] = { "79000701", "79000702", "7900070312" };

/*
 * A file of schools with a numeric code field of type `type`, written by
 * GDAL's driver `drv`: geometry for GIS formats, Kinh độ/Vĩ độ columns
 * for spreadsheets.  Shapefile field names are short ASCII.
 */
static void write_numeric(const char *drv, const char *path, OGRFieldType type,
			  int with_geom)
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
				    "typeof(code) <> 'text'"),
			 0);
	for (int i = 0; i < 3; i++) {
		const char *want = i == 2 && type == OFTInteger ? "79000703"
								: num_codes[i];

		snprintf(sql, sizeof(sql),
			 "SELECT name FROM schools WHERE "
			 "code = '%s'",
			 want);
		assert_string_equal(q_text(ctx, sql, buf, sizeof(buf)),
				    num_schools[i].name);
	}
	sg_ctx_free(ctx);
}

static void numeric_case(const char *drv, const char *file, OGRFieldType type,
			 int with_geom)
{
	char path[256], store[80];

	sg_test_path(path, sizeof(path), file);
	write_numeric(drv, path, type, with_geom);
	snprintf(store, sizeof(store), "%s.sqlite", file);
	check_numeric(path, store, type);
}

/*---- Writing workbooks as offices make them ---------------------------*/

/*
 * A workbook written part by part into a zip through GDAL's /vsizip/
 * (what Excel writes, reduced to what a reader needs): inline strings,
 * numbers, rows numbered as given (a row left out is a blank row), and
 * merged cells as Excel keeps them, the value in the first cell only.
 * A sheet is rows of cells separated by '|'; a cell "#79000701" is a
 * number; an empty row string is a blank row.
 */
struct sheet {
	const char *name;
	const char *const *rows;
	size_t nrows;
	const char *merged; /* e.g. "<mergeCell ref=\"E4:F4\"/>", or NULL */
};

static void zput(const char *zip, const char *part, const char *text)
{
	char path[512];
	VSILFILE *fp;

	snprintf(path, sizeof(path), "/vsizip/%s/%s", zip, part);
	fp = VSIFOpenL(path, "wb");
	assert_non_null(fp);
	assert_int_equal(VSIFWriteL(text, 1, strlen(text), fp), strlen(text));
	VSIFCloseL(fp);
}

/* XML-escape s onto the end of buf. */
static void xml_cat(char *buf, size_t n, const char *s, size_t len)
{
	size_t at = strlen(buf);

	for (size_t i = 0; i < len && at + 7 < n; i++) {
		const char *e = s[i] == '&'   ? "&amp;"
				: s[i] == '<' ? "&lt;"
				: s[i] == '>' ? "&gt;"
					      : NULL;

		if (e) {
			memcpy(buf + at, e, strlen(e));
			at += strlen(e);
		} else {
			buf[at++] = s[i];
		}
	}
	buf[at] = '\0';
}

static void write_xlsx(const char *path, const struct sheet *sh, size_t n)
{
	static char xml[65536];
	char part[64], line[512];

	unlink(path);
	snprintf(xml, sizeof(xml),
		 "<?xml version=\"1.0\" encoding=\"UTF-8\""
		 "?>\n<Types xmlns=\"http://schemas.openxmlformats.org/"
		 "package/2006/content-types\"><Default Extension=\"rels\" "
		 "ContentType=\"application/vnd.openxmlformats-package."
		 "relationships+xml\"/><Default Extension=\"xml\" "
		 "ContentType=\"application/xml\"/><Override PartName=\"/xl/"
		 "workbook.xml\" ContentType=\"application/vnd.openxmlformats-"
		 "officedocument.spreadsheetml.sheet.main+xml\"/>");
	for (size_t i = 0; i < n; i++) {
		snprintf(line, sizeof(line),
			 "<Override PartName=\"/xl/"
			 "worksheets/sheet%zu.xml\" ContentType=\"application/"
			 "vnd.openxmlformats-officedocument.spreadsheetml."
			 "worksheet+xml\"/>",
			 i + 1);
		strcat(xml, line);
	}
	strcat(xml, "</Types>");
	zput(path, "[Content_Types].xml", xml);
	zput(path, "_rels/.rels",
	     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Relationships "
	     "xmlns=\"http://schemas.openxmlformats.org/package/2006/"
	     "relationships\"><Relationship Id=\"rId1\" Type=\"http://"
	     "schemas.openxmlformats.org/officeDocument/2006/relationships/"
	     "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
	zput(path, "xl/sharedStrings.xml",
	     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sst xmlns=\""
	     "http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
	     "count=\"0\" uniqueCount=\"0\"/>");
	zput(path, "xl/styles.xml",
	     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<styleSheet "
	     "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/"
	     "main\"><cellXfs count=\"1\"><xf numFmtId=\"0\"/></cellXfs>"
	     "</styleSheet>");
	snprintf(xml, sizeof(xml),
		 "<?xml version=\"1.0\" encoding=\"UTF-8\""
		 "?>\n<workbook xmlns=\"http://schemas.openxmlformats.org/"
		 "spreadsheetml/2006/main\" xmlns:r=\"http://schemas."
		 "openxmlformats.org/officeDocument/2006/relationships\">"
		 "<sheets>");
	for (size_t i = 0; i < n; i++) {
		strcat(xml, "<sheet name=\"");
		xml_cat(xml, sizeof(xml), sh[i].name, strlen(sh[i].name));
		snprintf(line, sizeof(line),
			 "\" sheetId=\"%zu\" r:id=\"rId%zu"
			 "\"/>",
			 i + 1, i + 1);
		strcat(xml, line);
	}
	strcat(xml, "</sheets></workbook>");
	zput(path, "xl/workbook.xml", xml);
	snprintf(xml, sizeof(xml),
		 "<?xml version=\"1.0\" encoding=\"UTF-8\""
		 "?>\n<Relationships xmlns=\"http://schemas.openxmlformats."
		 "org/package/2006/relationships\">");
	for (size_t i = 0; i < n; i++) {
		snprintf(line, sizeof(line),
			 "<Relationship Id=\"rId%zu\" "
			 "Type=\"http://schemas.openxmlformats.org/"
			 "officeDocument/2006/relationships/worksheet\" "
			 "Target=\"worksheets/sheet%zu.xml\"/>",
			 i + 1, i + 1);
		strcat(xml, line);
	}
	strcat(xml, "</Relationships>");
	zput(path, "xl/_rels/workbook.xml.rels", xml);
	for (size_t i = 0; i < n; i++) {
		snprintf(xml, sizeof(xml),
			 "<?xml version=\"1.0\" encoding=\""
			 "UTF-8\"?>\n<worksheet xmlns=\"http://schemas."
			 "openxmlformats.org/spreadsheetml/2006/main\">"
			 "<sheetData>");
		for (size_t r = 0; r < sh[i].nrows; r++) {
			const char *p = sh[i].rows[r];
			int col = 0;

			if (!*p)
				continue; /* a blank row: no <row> at all */
			snprintf(line, sizeof(line), "<row r=\"%zu\">", r + 1);
			strcat(xml, line);
			while (1) {
				size_t len = strcspn(p, "|");

				if (len > 0 && *p == '#') {
					snprintf(line, sizeof(line),
						 "<c r=\""
						 "%c%zu\"><v>%.*s</v></c>",
						 'A' + col, r + 1, (int)len - 1,
						 p + 1);
					strcat(xml, line);
				} else if (len > 0) {
					snprintf(line, sizeof(line),
						 "<c r=\""
						 "%c%zu\" t=\"inlineStr\"><is>"
						 "<t>",
						 'A' + col, r + 1);
					strcat(xml, line);
					xml_cat(xml, sizeof(xml), p, len);
					strcat(xml, "</t></is></c>");
				}
				col++;
				if (!p[len])
					break;
				p += len + 1;
			}
			strcat(xml, "</row>");
		}
		strcat(xml, "</sheetData>");
		if (sh[i].merged) {
			strcat(xml, "<mergeCells>");
			strcat(xml, sh[i].merged);
			strcat(xml, "</mergeCells>");
		}
		strcat(xml, "</worksheet>");
		snprintf(part, sizeof(part), "xl/worksheets/sheet%zu.xml",
			 i + 1);
		zput(path, part, xml);
	}
}

/* The whole text of a file (static buffer). */
static const char *slurp(const char *path)
{
	static char buf[65536];
	FILE *fp = fopen(path, "rb");
	size_t n;

	assert_non_null(fp);
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* Whether the rejects CSV lists `line` (file,row,field,value,reason,
 * action) as one of its lines. */
static int lists(const char *rejects, const char *line)
{
	const char *all = slurp(rejects), *p = all;
	size_t n = strlen(line);

	while ((p = strstr(p, line)) != NULL) {
		if ((p == all || p[-1] == '\n') &&
		    (p[n] == '\n' || p[n] == '\0'))
			return 1;
		p++;
	}
	fprintf(stderr, "%s does not list\n  %s\nbut:\n%s", rejects, line, all);
	return 0;
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
	sg_test_write(path,
		      "Mã trường,Tên trường,Cấp học,Kinh độ,Vĩ độ\n"
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

/*---- An office workbook -----------------------------------------------*/

static const char *const sheet_th[] = {
	"UBND HUYỆN CỦ CHI",
	"PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
	"BẢNG THỐNG KÊ MÁY TÍNH NĂM HỌC 2023-2024",
	"",
	"STT|Mã trường|Tên trường|Cấp học|Số máy tính||Tọa độ|",
	"||||Phục vụ dạy học|Phục vụ quản lý|Kinh độ|Vĩ độ",
	"#1|#79000701|Trường Tiểu học An Nhơn Tây|Tiểu học|#25|#4|#106.49|"
	"#11.08",
	"#2|#79000702|Trường Tiểu học Phú Hòa Đông|TH|#30|#5|#106.55|#11.01",
	"",
	"#3|#79000703|Trường THCS Tân Thạnh Đông|THCS|#40|#6|#106.6|#10.95",
	"|Tổng cộng|||#95|#15||",
	"",
	"|||||Củ Chi, ngày 15 tháng 9 năm 2023",
	"|Người lập biểu||||Trưởng phòng",
	"",
	"|Nguyễn Văn A||||Trần Thị B",
};

static const char *const sheet_thcs[] = {
	"STT|Mã trường|Tên trường|Cấp học|Kinh độ|Vĩ độ",
	"#1|#79000801|Trường THCS Phước Hiệp|THCS|#106.45|#11",
	"#2||Trường Mầm non Sen Hồng|Mầm non|#106.46|#11.01",
	"|Cộng||||",
};

static const char *const sheet_help[] = {
	"HƯỚNG DẪN NHẬP LIỆU",
	"Mỗi trường một dòng; mã trường theo mã định danh của Bộ.",
};

static void test_office__workbook_layouts(void **state)
{
	const struct sheet book[] = {
		{ "Hướng dẫn", sheet_help, 2, NULL },
		{ "Trường TH", sheet_th, sizeof(sheet_th) / sizeof(*sheet_th),
		  "<mergeCell ref=\"A5:A6\"/><mergeCell ref=\"B5:B6\"/>"
		  "<mergeCell ref=\"E5:F5\"/><mergeCell ref=\"G5:H5\"/>" },
		{ "Trường THCS", sheet_thcs, 4, NULL },
	};
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_ctx *ctx = new_store("book.sqlite");
	sg_import_summary s;
	char path[256], rej[300], buf[128];

	(void)state;
	sg_test_path(path, sizeof(path), "thong_ke.xlsx");
	write_xlsx(path, book, 3);
	o.year = "2023-2024";
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, &s));
	/* Five data rows: four schools and one without a code. */
	assert_int_equal(s.rows, 5);
	assert_int_equal(s.inserted, 4);
	assert_int_equal(s.rejected, 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM schools"), 4);
	assert_string_equal(q_text(ctx,
				   "SELECT group_concat(code, ' ') FROM"
				   " (SELECT code FROM schools ORDER BY code)",
				   buf, sizeof(buf)),
			    "79000701 79000702 79000703 79000801");
	assert_string_equal(q_text(ctx,
				   "SELECT name FROM schools WHERE code"
				   " = '79000702'",
				   buf, sizeof(buf)),
			    "Trường Tiểu học Phú Hòa Đông");
	/* The merged header's sub-columns. */
	assert_int_equal(q_int(ctx,
			       "SELECT computers_teaching * 100 + "
			       "computers_management FROM school_years JOIN "
			       "schools ON id = school_id WHERE code = "
			       "'79000701'"),
			 2504);
	assert_true(fabs(q_double(ctx, "SELECT X(geom) FROM schools WHERE "
				       "code = '79000703'") -
			 106.6) < 1e-9);
	assert_true(fabs(q_double(ctx, "SELECT Y(geom) FROM schools WHERE "
				       "code = '79000801'") -
			 11.0) < 1e-9);
	/* What was not read, each with its row and reason. */
	snprintf(rej, sizeof(rej), "%s.rejects.csv", path);
	assert_true(
		lists(rej,
		      "thong_ke.xlsx,,Hướng dẫn,,sheet not imported:"
		      " no column for 'code' (name it in a column mapping); "
		      "columns seen in the header row: 'HƯỚNG DẪN NHẬP "
		      "LIỆU',skipped"));
	assert_true(lists(rej, "thong_ke.xlsx,5,Trường TH!,,rows 1-4 above "
			       "the header (titles) not read,skipped"));
	assert_true(lists(rej, "thong_ke.xlsx,9,Trường TH!,,blank row,"
			       "skipped"));
	assert_true(lists(rej, "thong_ke.xlsx,12,Trường TH!,,blank row,"
			       "skipped"));
	assert_true(lists(rej, "thong_ke.xlsx,11,Trường TH!,Tổng cộng,"
			       "totals row,skipped"));
	assert_true(lists(rej, "thong_ke.xlsx,13,Trường TH!,\"Củ Chi, ngày "
			       "15 tháng 9 năm 2023\",\"below the table "
			       "(signature, date or note)\",skipped"));
	assert_true(lists(rej, "thong_ke.xlsx,14,Trường TH!,Người lập biểu,"
			       "\"below the table (signature, date or note)\","
			       "skipped"));
	assert_true(lists(rej, "thong_ke.xlsx,16,Trường TH!,Nguyễn Văn A,"
			       "\"below the table (signature, date or note)\","
			       "skipped"));
	assert_true(lists(rej, "thong_ke.xlsx,3,Trường THCS!Mã trường,,"
			       "missing school code,rejected"));
	assert_true(lists(rej, "thong_ke.xlsx,4,Trường THCS!,Cộng,totals "
			       "row,skipped"));
	/* Notes are no errors: validate reports only the rejected row. */
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM import_issues"), 1);
	/* Importing again changes nothing. */
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, &s));
	assert_int_equal(s.inserted, 0);
	assert_int_equal(s.unchanged, 4);
	/* One sheet by its name without diacritics. */
	o.layer = "truong thcs";
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, &s));
	assert_int_equal(s.rows, 2);
	assert_int_equal(s.unchanged, 1);
	/* --header-row names the header's first row. */
	o.layer = "Trường TH";
	o.header_row = 5;
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, &s));
	assert_int_equal(s.rows, 3);
	assert_int_equal(s.unchanged, 3);
	o.header_row = 1; /* a title: no header there */
	assert_sg_fails(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, &s),
			SG_EINVALID, "no column for 'code'");
	sg_ctx_free(ctx);
}

/*---- Encodings -----------------------------------------------------------*/

static const char enc_csv[] =
	"Mã trường,Tên trường,Cấp học,Kinh độ,Vĩ độ\n"
	"79000701,Trường Tiểu học Tân Thạnh Đông,Tiểu học,106.49,11.08\n"
	"79000702,Trường THCS Nguyễn Văn Xơ,THCS,106.55,11.01\n";

/* text in `to` (iconv), after an optional BOM, written to path. */
static void write_encoded(const char *path, const char *to, const char *bom,
			  size_t nbom, const char *text)
{
	static char out[8192];
	char *in = (char *)text, *o = out;
	size_t left = strlen(text), room = sizeof(out);
	iconv_t cd = iconv_open(to, "UTF-8");
	FILE *fp;

	assert_true(cd != (iconv_t)-1);
	assert_true(iconv(cd, &in, &left, &o, &room) != (size_t)-1);
	iconv_close(cd);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	fwrite(bom, 1, nbom, fp);
	fwrite(out, 1, (size_t)(o - out), fp);
	fclose(fp);
}

static void check_enc(const char *file, const char *store)
{
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_ctx *ctx = new_store(store);
	sg_import_summary s;
	char path[256], buf[128];

	sg_test_path(path, sizeof(path), file);
	o.year = "2023-2024";
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, &s));
	assert_int_equal(s.inserted, 2);
	assert_int_equal(s.rejected, 0);
	/* Names as written, composed (NFC). */
	assert_string_equal(q_text(ctx,
				   "SELECT name FROM schools WHERE code"
				   " = '79000701'",
				   buf, sizeof(buf)),
			    "Trường Tiểu học Tân Thạnh Đông");
	assert_string_equal(q_text(ctx,
				   "SELECT name FROM schools WHERE code"
				   " = '79000702'",
				   buf, sizeof(buf)),
			    "Trường THCS Nguyễn Văn Xơ");
	sg_ctx_free(ctx);
}

static void test_office__encodings(void **state)
{
	char path[256], tsv[sizeof(enc_csv)];

	(void)state;
	/* Excel's "Unicode text": UTF-16LE with a BOM, tab-separated. */
	snprintf(tsv, sizeof(tsv), "%s", enc_csv);
	for (char *p = tsv; *p; p++)
		if (*p == ',')
			*p = '\t';
	write_encoded(sg_test_path(path, sizeof(path), "u16le.txt"), "UTF-16LE",
		      "\xff\xfe", 2, tsv);
	check_enc("u16le.txt", "u16le.sqlite");
	write_encoded(sg_test_path(path, sizeof(path), "u16be.csv"), "UTF-16BE",
		      "\xfe\xff", 2, enc_csv);
	check_enc("u16be.csv", "u16be.sqlite");
	write_encoded(sg_test_path(path, sizeof(path), "bom.csv"), "UTF-8",
		      "\xef\xbb\xbf", 3, enc_csv);
	check_enc("bom.csv", "bom.sqlite");
	/* Windows-1258: glibc writes tone marks as combining characters,
	 * as Excel on Vietnamese Windows does. */
	write_encoded(sg_test_path(path, sizeof(path), "cp1258.csv"),
		      "WINDOWS-1258", "", 0, enc_csv);
	/* ư, ơ and a combining grave accent */
	assert_non_null(strstr(slurp(path), "Tr\xfd\xf5\xcc"
					    "ng"));
	check_enc("cp1258.csv", "cp1258.sqlite");
	/* Decomposed UTF-8 (NFD, from a Mac): composed on import. */
	write_encoded(sg_test_path(path, sizeof(path), "nfd.csv"), "UTF-8", "",
		      0,
		      "Mã trường,Tên trường,Cấp học,Kinh độ,Vĩ độ\n"
		      "79000701,Tru\xcc\x9bo\xcc\x9b\xcc\x80ng Tie\xcc"
		      "\x82\xcc\x89u ho\xcc\xa3"
		      "c Ta\xcc\x82n Tha\xcc"
		      "\xa3nh \xc4\x90o\xcc\x82ng,Tiểu học,106.49,11.08\n"
		      "79000702,Trường THCS Nguyễn Văn Xơ,THCS,106.55,11.01"
		      "\n");
	check_enc("nfd.csv", "nfd.sqlite");
}

/*---- Unusable input (exit 5) ---------------------------------------------*/

static void test_office__unusable_input(void **state)
{
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_ctx *ctx = new_store("bad.sqlite");
	char path[256], map[256];
	unsigned char junk[2048];
	unsigned seed = 12345;
	const char *book;
	FILE *fp;
	size_t n;

	(void)state;
	o.year = "2023-2024";
	sg_test_write(sg_test_path(path, sizeof(path), "empty.csv"), "");
	assert_sg_fails(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, NULL),
			SG_EINVALID, "the file is empty");
	sg_test_write(sg_test_path(path, sizeof(path), "empty.xlsx"), "");
	assert_sg_fails(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, NULL),
			SG_EINVALID, "the file is empty");
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (unsigned char)((seed = seed * 1103515245u +
						  12345u) >>
					  16);
	fp = fopen(sg_test_path(path, sizeof(path), "junk.csv"), "wb");
	fwrite(junk, 1, sizeof(junk), fp);
	fclose(fp);
	assert_sg_fails(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, NULL),
			SG_EINVALID, "junk.csv");
	fp = fopen(sg_test_path(path, sizeof(path), "junk.geojson"), "wb");
	fwrite(junk, 1, sizeof(junk), fp);
	fclose(fp);
	assert_sg_fails(ctx, sg_import(ctx, SG_IMPORT_UNITS, path, &o, NULL),
			SG_EINVALID, "not a file schoolgis can read");
	/* A workbook cut short. */
	sg_test_path(path, sizeof(path), "cut.xlsx");
	{
		const struct sheet one[] = { { "S", sheet_thcs, 4, NULL } };

		write_xlsx(path, one, 1);
	}
	book = slurp(path);
	n = 200;
	fp = fopen(path, "wb");
	fwrite(book, 1, n, fp);
	fclose(fp);
	assert_sg_fails(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, NULL),
			SG_EINVALID, "damaged or truncated");
	/* Units without a single feature. */
	sg_test_write(sg_test_path(path, sizeof(path), "none.geojson"),
		      "{\"type\":\"FeatureCollection\",\"features\":[]}");
	assert_sg_fails(ctx, sg_import(ctx, SG_IMPORT_UNITS, path, &o, NULL),
			SG_EINVALID, "no rows (0 features)");
	/* A mapping file saved by Notepad, with a BOM. */
	sg_test_write(sg_test_path(path, sizeof(path), "map.csv"),
		      "So hieu,Ten,Bac,Lon,Lat\n"
		      "TH01,Trường A,Tiểu học,106.5,11\n");
	sg_test_write(sg_test_path(map, sizeof(map), "map.txt"),
		      "\xef\xbb\xbf"
		      "code = So hieu\nlevels = Bac\n");
	o.map_path = map;
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, NULL));
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM schools WHERE "
				    "code = 'TH01'"),
			 1);
	/* A year written short is refused before any row is read. */
	o.map_path = NULL;
	o.year = "2023-24";
	assert_sg_fails(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, NULL),
			SG_EINVALID, "2023-2024");
	assert_int_equal(sg_import_year_check(SG_IMPORT_SCHOOLS, "2023-24",
					      NULL, 0),
			 -1);
	assert_int_equal(sg_import_year_check(SG_IMPORT_SCHOOLS, "2023-2024",
					      NULL, 0),
			 0);
	assert_int_equal(sg_import_year_check(SG_IMPORT_SCHOOLS, "2019", NULL,
					      0),
			 -1);
	assert_int_equal(sg_import_year_check(SG_IMPORT_POPULATION, "2019",
					      NULL, 0),
			 0);
	sg_ctx_free(ctx);
}

/*---- Store checks: own parent, damaged codes, (0, 0), stale issues -------*/

static void test_office__store_checks(void **state)
{
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_ctx *ctx = new_store("checks.sqlite");
	sg_validation *v = NULL;
	sg_import_summary s;
	char path[256];
	int own = 0, damaged = 0, stale = 0;

	(void)state;
	/* A unit that names itself as its parent is refused. */
	sg_test_write(sg_test_path(path, sizeof(path), "own.geojson"),
		      "{\"type\":\"FeatureCollection\",\"features\":[{"
		      "\"type\":\"Feature\",\"properties\":{\"Mã\":"
		      "\"27538\",\"Tên\":\"Xã Nhuận Đức\",\"Mã cấp trên"
		      "\":\"27538\"},\"geometry\":{\"type\":\"Polygon\","
		      "\"coordinates\":[[[106.4,11.0],[106.5,11.0],[106.5,"
		      "11.1],[106.4,11.1],[106.4,11.0]]]}}]}");
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_UNITS, path, &o, &s));
	assert_int_equal(s.rejected, 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM units"), 0);
	/* "-0" coordinates are not a location. */
	o.year = "2023-2024";
	sg_test_write(sg_test_path(path, sizeof(path), "zero.csv"),
		      "Mã trường,Cấp học,Kinh độ,Vĩ độ\n"
		      "T1,Tiểu học,-0,-0\nT2,Tiểu học,106.5,11.0\n");
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, &s));
	assert_int_equal(s.rejected, 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM schools"), 1);
	/* Fixed and imported again: the earlier rejection is gone. */
	sg_test_write(path, "Mã trường,Cấp học,Kinh độ,Vĩ độ\n"
			    "T1,Tiểu học,106.4,11.0\nT2,Tiểu học,106.5,11.0\n");
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, &s));
	assert_int_equal(s.rejected, 0);
	/* A damaged code (random bytes, as the buffer bug stored) and a
	 * unit made its own parent behind the importer's back. */
	assert_int_equal(
		sqlite3_exec(
			ctx->db,
			"INSERT INTO schools (code, levels, geom) VALUES (CAST("
			"x'EA21C5C2E955' AS TEXT), 'primary', MakePoint(106.45, 11.0,"
			" 4326)); INSERT INTO units (code, name, kind, geom) VALUES "
			"('27538', 'Xã Nhuận Đức', 'ward', CastToMulti(BuildMbr("
			"106.3, 10.9, 106.6, 11.2, 4326))); UPDATE units SET "
			"parent_id = id",
			NULL, NULL, NULL),
		SQLITE_OK);
	assert_sg_ok(ctx, sg_validate(ctx, &v));
	for (size_t i = 0; i < sg_validation_count(v); i++) {
		const sg_finding *f = sg_validation_get(v, i);

		own += strcmp(f->check, "unit_own_parent") == 0 &&
		       strcmp(f->code, "27538") == 0;
		damaged += strcmp(f->check, "code_damaged") == 0 &&
			   strcmp(f->code, "EA21C5C2E955") == 0;
		stale += strcmp(f->check, "import_rejected") == 0 &&
			 strstr(f->code, "zero.csv") != NULL;
	}
	assert_int_equal(own, 1);
	assert_int_equal(damaged, 1);
	assert_int_equal(stale, 0);
	sg_validation_free(v);
	sg_ctx_free(ctx);
}

/*---- Damaged codes repaired on store open --------------------------------*/

static void keep_msg(sg_msg_level level, const char *msg, void *payload)
{
	char *buf = payload;
	size_t at = strlen(buf);

	(void)level;
	snprintf(buf + at, 8192 - at, "%s\n", msg);
}

static void test_office__store_open_repairs_codes(void **state)
{
	static char msgs[8192];
	sg_ctx_options co = SG_CTX_OPTIONS_INIT;
	sg_ctx *ctx = new_store("repair.sqlite");
	sg_validation *v = NULL;
	char path[256], buf[128];
	size_t damaged = 0;

	(void)state;
	sg_test_path(path, sizeof(path), "repair.sqlite");
	/* A store from before the fix: codes written as bytes (a blob keeps
	 * its type in a TEXT column), as a real's text, and as the random
	 * bytes the buffer bug stored; one blob whose text is already
	 * another school's code. */
	assert_int_equal(
		sqlite3_exec(
			ctx->db,
			"INSERT INTO units (set_id, code, name, kind) VALUES "
			"(1, x'3030303034', 'Phường 4', 'ward'), "
			"(1, '00005.0', 'Phường 5', 'ward');"
			"INSERT INTO schools (code, name, levels) VALUES "
			"('T1', 'A', 'primary'), (x'3739303030373031', 'B', 'primary'),"
			" ('79000702.0', 'C', 'primary'), ('7.9000704E+07', 'D', "
			"'primary'), (CAST(x'EA21C5C2E955' AS TEXT), 'E', 'primary'),"
			" ('79000703', 'F', 'primary'), (x'3739303030373033', 'G', "
			"'primary');"
			"INSERT INTO applicants (code, year, grade) VALUES "
			"(x'48533031', '2025-2026', 10);"
			"DELETE FROM meta WHERE key = 'codes_checked'",
			NULL, NULL, NULL),
		SQLITE_OK);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM schools WHERE "
				    "typeof(code) = 'blob'"),
			 2);
	sg_ctx_free(ctx);

	co.message = keep_msg;
	co.payload = msgs;
	msgs[0] = '\0';
	assert_int_equal(sg_ctx_new(&ctx, &co), SG_OK);
	assert_sg_ok(ctx, sg_store_open(ctx, path));
	/* Repaired in place: same rows, their text as codes. */
	assert_string_equal(q_text(ctx,
				   "SELECT group_concat(code, ' ') FROM "
				   "(SELECT code FROM units ORDER BY name)",
				   buf, sizeof(buf)),
			    "00004 00005");
	assert_string_equal(q_text(ctx,
				   "SELECT group_concat(name || '=' || "
				   "code, ' ') FROM (SELECT * FROM schools "
				   "WHERE name IN ('B', 'C', 'D') ORDER BY "
				   "name)",
				   buf, sizeof(buf)),
			    "B=79000701 C=79000702 D=79000704");
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM applicants WHERE "
				    "code = 'HS01' AND typeof(code) = 'text'"),
			 1);
	/* What cannot be repaired is named and left for validate. */
	assert_non_null(strstr(msgs, "school id 5, code x'EA21C5C2E955' is "
				     "not valid UTF-8 text"));
	assert_non_null(strstr(msgs,
			       "school id 7, code x'3739303030373033' "
			       "its text '79000703' is already the code of "
			       "another school"));
	assert_non_null(strstr(msgs, "school codes stored as numbers or "
				     "bytes, now stored as their text (3): "
				     "79000701, 79000702, 79000704"));
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM meta WHERE key = "
				    "'codes_checked'"),
			 0);
	assert_sg_ok(ctx, sg_validate(ctx, &v));
	for (size_t i = 0; i < sg_validation_count(v); i++)
		damaged += strcmp(sg_validation_get(v, i)->check,
				  "code_damaged") == 0;
	assert_int_equal(damaged, 2);
	sg_validation_free(v);
	/* Once those rows are gone, the next open marks the store as
	 * checked and says nothing. */
	assert_int_equal(sqlite3_exec(ctx->db,
				      "DELETE FROM schools WHERE "
				      "name IN ('E', 'G')",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	msgs[0] = '\0';
	assert_sg_ok(ctx, sg_store_open(ctx, path));
	assert_string_equal(msgs, "");
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM meta WHERE key = "
				    "'codes_checked'"),
			 1);
	sg_ctx_free(ctx);
}

/*---- Unit polygons with vertices out of range ------------------------------*/

static void test_office__units_out_of_range(void **state)
{
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_ctx *ctx = new_store("range.sqlite");
	sg_import_summary s;
	char path[256], rej[300], buf[64];

	(void)state;
	/* Metres (VN-2000 / UTM easting, northing) in a file without a
	 * CRS, read as degrees: the second feature; the first is good. */
	sg_test_write(sg_test_path(path, sizeof(path), "range.geojson"),
		      "{\"type\":\"FeatureCollection\",\"features\":["
		      "{\"type\":\"Feature\",\"properties\":{\"Mã\":\"27538\"},"
		      "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[["
		      "106.4,11.0],[106.5,11.0],[106.5,11.1],[106.4,11.0]]]}},"
		      "{\"type\":\"Feature\",\"properties\":{\"Mã\":\"27541\"},"
		      "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[["
		      "583000,1208000],[583100,1208000],[583100,1208100],"
		      "[583000,1208000]]]}}]}");
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_UNITS, path, &o, &s));
	assert_int_equal(s.rows, 2);
	assert_int_equal(s.inserted, 1);
	assert_int_equal(s.rejected, 1);
	assert_string_equal(q_text(ctx, "SELECT group_concat(code) FROM units",
				   buf, sizeof(buf)),
			    "27538");
	snprintf(rej, sizeof(rej), "%s.rejects.csv", path);
	assert_true(lists(rej,
			  "range.geojson,2,geometry,\"lon 583000 to "
			  "583100, lat 1208000 to 1208100\",\"unit 27541: "
			  "vertices out of range for longitude (-180 to 180)"
			  " and latitude (-90 to 90) (read as degrees: "
			  "projected metres need their CRS named, e.g. a UTM "
			  "zone or VN-2000)\",rejected"));
	/* Absurd metres in UTM 48N: no transform brings them onto the
	 * Earth. */
	sg_test_write(sg_test_path(path, sizeof(path), "absurd.geojson"),
		      "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":"
		      "\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:"
		      "EPSG::32648\"}},\"features\":["
		      "{\"type\":\"Feature\",\"properties\":{\"Mã\":\"1\"},"
		      "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[["
		      "683000,1218000],[684000,1218000],[684000,1219000],"
		      "[683000,1218000]]]}},"
		      "{\"type\":\"Feature\",\"properties\":{\"Mã\":\"2\"},"
		      "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[["
		      "683000,1218000],[6.84e13,1218000],[684000,1219000],"
		      "[683000,1218000]]]}}]}");
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_UNITS, path, &o, &s));
	assert_int_equal(s.inserted, 1);
	assert_int_equal(s.rejected, 1);
	assert_int_equal(q_int(ctx,
			       "SELECT count(*) FROM units WHERE code = "
			       "'1' AND X(Centroid(geom)) BETWEEN 106 AND 107"),
			 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM units WHERE code = "
				    "'2'"),
			 0);
	assert_int_equal(
		q_int(ctx, "SELECT count(*) FROM import_issues WHERE"
			   " file LIKE '%absurd.geojson' AND row = 2 AND "
			   "action = 'rejected' AND reason LIKE 'unit 2: %'"),
		1);
	sg_ctx_free(ctx);
}

/*---- CSV lines, a deep header, a unit list without polygons --------------*/

/* Rows named by the file's own line numbers, although GDAL's reader
 * skips empty lines and reads a quoted cell across lines as one row. */
static void test_office__csv_line_numbers(void **state)
{
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_ctx *ctx = new_store("lines.sqlite");
	sg_import_summary s;
	char path[256], rej[300], buf[128];

	(void)state;
	o.year = "2023-2024";
	/* Line 1 title, 2 empty, 3 header, 4 empty, 5-6 one row (a cell
	 * across two lines), 7-8 empty, 9 a bad row, 10 good, 11 ",,,,"
	 * (Excel's blank row), 12 bad. */
	sg_test_write(sg_test_path(path, sizeof(path), "lines.csv"),
		      "DANH SÁCH TRƯỜNG\r\n\r\n"
		      "Mã trường,Tên trường,Cấp học,Kinh độ,Vĩ độ\r\n\r\n"
		      "T1,\"Trường A\r\n(cơ sở 2)\",Tiểu học,106.5,11\r\n"
		      "\r\n\r\n"
		      "T2,Trường B,Tiểu học,abc,11\r\n"
		      "T3,Trường C,Tiểu học,106.6,11\r\n"
		      ",,,,\r\n"
		      "T4,Trường D,Tiểu học,106.6,north\r\n");
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, &s));
	assert_int_equal(s.inserted, 2);
	assert_int_equal(s.rejected, 2);
	assert_string_equal(q_text(ctx,
				   "SELECT group_concat(code, ' ') FROM "
				   "(SELECT code FROM schools ORDER BY code)",
				   buf, sizeof(buf)),
			    "T1 T3");
	/* The cell across two lines reads as one line. */
	assert_string_equal(q_text(ctx,
				   "SELECT name FROM schools WHERE code"
				   " = 'T1'",
				   buf, sizeof(buf)),
			    "Trường A (cơ sở 2)");
	snprintf(rej, sizeof(rej), "%s.rejects.csv", path);
	assert_true(lists(rej, "lines.csv,3,,,rows 1-2 above the header "
			       "(titles) not read,skipped"));
	assert_true(lists(rej, "lines.csv,4,,,blank row,skipped"));
	assert_true(lists(rej, "lines.csv,7,,,blank row,skipped"));
	assert_true(lists(rej, "lines.csv,8,,,blank row,skipped"));
	assert_true(lists(rej, "lines.csv,9,Kinh độ,abc,coordinate is not a "
			       "number,rejected"));
	assert_true(lists(rej, "lines.csv,11,,,blank row,skipped"));
	assert_true(lists(rej, "lines.csv,12,Vĩ độ,north,coordinate is not "
			       "a number,rejected"));
	/* A units CSV (read with its first line as the header): empty
	 * lines skipped, rows still named by their lines. */
	sg_test_write(sg_test_path(path, sizeof(path), "units_lines.csv"),
		      "Mã,Tên,WKT\n\n"
		      "W1,Phường 1,\"POLYGON ((106.4 11,106.5 11,106.5 11.1,"
		      "106.4 11))\"\n\n"
		      "W2,Phường 2,\"POLYGON ((583000 1208000,583100 1208000,"
		      "583100 1208100,583000 1208000))\"\n");
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_UNITS, path, &o, &s));
	assert_int_equal(s.inserted, 1);
	assert_int_equal(s.rejected, 1);
	assert_int_equal(q_int(ctx, "SELECT row FROM import_issues WHERE file"
				    " LIKE '%units_lines.csv' AND reason LIKE "
				    "'unit W2: vertices out of range%'"),
			 5);
	sg_ctx_free(ctx);
}

/* A header under 44 lines of instructions, in a workbook and a CSV. */
static void test_office__header_below_row_40(void **state)
{
	static const char *rows[48];
	static char lines[44][48];
	const struct sheet book[] = { { "Danh sách", rows, 48, NULL } };
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_ctx *ctx = new_store("deep.sqlite");
	sg_import_summary s;
	char path[256], rej[300], csv[8192];
	size_t len = 0;

	(void)state;
	for (int i = 0; i < 44; i++) {
		snprintf(lines[i], sizeof(lines[i]), "Hướng dẫn, mục %d",
			 i + 1);
		rows[i] = lines[i];
		len += (size_t)snprintf(csv + len, sizeof(csv) - len,
					"Hướng dẫn mục %d\n", i + 1);
	}
	rows[44] = "Mã trường|Tên trường|Cấp học|Kinh độ|Vĩ độ";
	rows[45] = "#79000701|Trường A|Tiểu học|#106.5|#11";
	rows[46] = "#79000702|Trường B|Tiểu học|#106.6|#11";
	rows[47] = "#79000703|Trường C|Tiểu học|x|#11";
	o.year = "2023-2024";
	sg_test_path(path, sizeof(path), "deep.xlsx");
	write_xlsx(path, book, 1);
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, &s));
	assert_int_equal(s.inserted, 2);
	assert_int_equal(s.rejected, 1);
	snprintf(rej, sizeof(rej), "%s.rejects.csv", path);
	assert_true(lists(rej, "deep.xlsx,45,,,rows 1-44 above the header "
			       "(titles) not read,skipped"));
	assert_true(lists(rej, "deep.xlsx,48,Kinh độ,x,coordinate is not a "
			       "number,rejected"));
	/* The same as a CSV whose title lines have no separators. */
	len += (size_t)snprintf(csv + len, sizeof(csv) - len,
				"Mã trường,Tên trường,Cấp học,Kinh độ,Vĩ độ\n"
				"79000704,Trường D,Tiểu học,106.5,11.1\n"
				"79000705,Trường E,Tiểu học,y,11\n");
	sg_test_write(sg_test_path(path, sizeof(path), "deep.csv"), csv);
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, &s));
	assert_int_equal(s.inserted, 1);
	assert_int_equal(s.rejected, 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM schools WHERE code "
				    "= '79000704' AND name = 'Trường D'"),
			 1);
	snprintf(rej, sizeof(rej), "%s.rejects.csv", path);
	assert_true(lists(rej, "deep.csv,47,Kinh độ,y,coordinate is not a "
			       "number,rejected"));
	sg_ctx_free(ctx);
}

static void test_office__unit_list_without_polygons(void **state)
{
	const struct sheet book[] = { { "DVHC", NULL, 0, NULL } };
	static const char *const gso[] = {
		"DANH MỤC ĐƠN VỊ HÀNH CHÍNH",
		"Mã tỉnh|Tên tỉnh|Mã huyện|Tên huyện|Mã xã|Tên xã",
		"79|Thành phố Hồ Chí Minh|783|Huyện Củ Chi|27496|Thị trấn Củ "
		"Chi",
	};
	struct sheet b = book[0];
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_ctx *ctx = new_store("nopoly.sqlite");
	char path[256];

	(void)state;
	b.rows = gso;
	b.nrows = 3;
	sg_test_write(sg_test_path(path, sizeof(path), "dvhc.csv"),
		      "Mã tỉnh,Tên tỉnh,Mã huyện,Tên huyện,Mã xã,Tên xã\n"
		      "79,TP Hồ Chí Minh,783,Huyện Củ Chi,27496,Thị trấn Củ "
		      "Chi\n");
	assert_sg_fails(ctx, sg_import(ctx, SG_IMPORT_UNITS, path, &o, NULL),
			SG_EINVALID,
			"dvhc.csv: no polygons: a unit list of "
			"codes and names alone is not imported");
	/* ... and says where such a list goes, without naming the
	 * command line (the CLI adds its command). */
	assert_non_null(strstr(sg_ctx_errmsg(ctx),
			       "goes in as the list of an administrative set"));
	assert_null(strstr(sg_ctx_errmsg(ctx), "--"));
	sg_test_path(path, sizeof(path), "dvhc.xlsx");
	write_xlsx(path, &b, 1);
	assert_sg_fails(ctx, sg_import(ctx, SG_IMPORT_UNITS, path, &o, NULL),
			SG_EINVALID, "dvhc.xlsx: no polygons");
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM units"), 0);
	sg_ctx_free(ctx);
}

/* A CSV in none of the encodings read names the ones tried. */
static void test_office__undecodable_csv(void **state)
{
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_ctx *ctx = new_store("undec.sqlite");
	char path[256];

	(void)state;
	o.year = "2023-2024";
	/* 0x81 and 0x8d are no characters of Windows-1258, and the bytes
	 * are no UTF-8. */
	sg_test_write(sg_test_path(path, sizeof(path), "undec.csv"),
		      "M\xe3 tr\x81\xeang,C\xe2p h\x8d"
		      "c,Kinh \xf0\xf4,"
		      "V\xec \xf0\xf4\nT1,TH,106.5,11\n");
	assert_sg_fails(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, NULL),
			SG_EINVALID,
			"undec.csv: the text is not in any "
			"encoding tried: UTF-8, UTF-8 with BOM, UTF-16LE/BE "
			"(BOM), Windows-1258, TCVN3 (ABC), VNI; name the "
			"encoding");
	/* A wrong --encoding garbles the headers: the message says how
	 * the file was read. */
	write_encoded(sg_test_path(path, sizeof(path), "tcvn3.csv"),
		      "TCVN5712-1", "", 0, enc_csv);
	o.encoding = "VNI";
	assert_sg_fails(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, NULL),
			SG_EINVALID, "tcvn3.csv: no column for 'code'");
	/* iconv's name for TCVN3 reads it too. */
	o.encoding = "TCVN5712-1";
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, NULL));
	assert_int_equal(q_int(ctx,
			       "SELECT count(*) FROM schools WHERE (code"
			       " = '79000701' AND name = 'Trường Tiểu học Tân "
			       "Thạnh Đông') OR (code = '79000702' AND name = "
			       "'Trường THCS Nguyễn Văn Xơ')"),
			 2);
	sg_ctx_free(ctx);
}

/*---- Legacy Vietnamese font encodings: TCVN3 (ABC) and VNI --------------*/

/* The rows of enc_csv as the fonts' bytes, written by hand from their
 * published tables (not by the decoder under test).  TCVN3: ư 0xad,
 * ờ 0xea, ể 0xd3, ọ 0xe4, â 0xa9, ạ 0xb9, Đ 0xa7, ô 0xab ... */
static const char tcvn3_csv[] =
	"M\xb7 tr\xad\xeang,T\xaan tr\xad\xeang,C\xca"
	"p h\xe4"
	"c,Kinh \xae\xe9,V\xdc \xae\xe9\r\n"
	"79000701,Tr\xad\xeang Ti\xd3u h\xe4"
	"c T\xa9n Th\xb9nh \xa7\xabng,Ti\xd3u h\xe4"
	"c,106.49,11.08\r\n"
	"79000702,Tr\xad\xeang THCS Nguy\xd4n V\xa8n X\xac,THCS,106.55,"
	"11.01\r\n";

/* VNI-Windows: a vowel, then a byte for its marks (õ tilde, ø grave,
 * ï dot below, â circumflex, á circumflex+acute, å circumflex+hook,
 * ã circumflex+tilde, ä circumflex+dot, ê breve), ô = ơ, ö = ư,
 * ñ/Ñ = đ/Đ, ó = ĩ; as Windows-1252 glyphs, converted to bytes here. */
static const char vni_glyphs[] =
	"Maõ tröôøng,Teân tröôøng,Caáp hoïc,Kinh ñoä,Vó ñoä\r\n"
	"79000701,Tröôøng Tieåu hoïc Taân Thaïnh Ñoâng,Tieåu hoïc,106.49,"
	"11.08\r\n"
	"79000702,Tröôøng THCS Nguyeãn Vaên Xô,THCS,106.55,11.01\r\n";

static void test_office__legacy_font_encodings(void **state)
{
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_ctx *ctx;
	char path[256], rej[300];

	(void)state;
	/* TCVN3 (ABC), found without --encoding. */
	sg_test_write(sg_test_path(path, sizeof(path), "abc.csv"), tcvn3_csv);
	check_enc("abc.csv", "abc.sqlite");
	snprintf(rej, sizeof(rej), "%s.rejects.csv", path);
	assert_true(lists(rej, "abc.csv,,,TCVN3,read as TCVN3 (ABC) text "
			       "(found from its letters; name another "
			       "encoding to read it so),note"));
	/* VNI-Windows, found without --encoding. */
	write_encoded(sg_test_path(path, sizeof(path), "vni.csv"),
		      "WINDOWS-1252", "", 0, vni_glyphs);
	assert_non_null(strstr(slurp(path), "Tr\xf6\xf4\xf8ng"));
	check_enc("vni.csv", "vni.sqlite");
	snprintf(rej, sizeof(rej), "%s.rejects.csv", path);
	assert_true(lists(rej, "vni.csv,,,VNI,read as VNI-Windows text (found "
			       "from its letters; name another encoding to "
			       "read it so),note"));
	/* Windows-1258 is not mistaken for either (cp1258.csv of
	 * test_office__encodings, and short ward names here). */
	write_encoded(
		sg_test_path(path, sizeof(path), "w1258.csv"), "WINDOWS-1258",
		"", 0,
		"Mã trường,Tên trường,Cấp học,Kinh độ,Vĩ độ\n"
		"79000701,Trường Tiểu học Tân Thạnh Đông,Tiểu học,106.49,"
		"11.08\n"
		"79000702,Trường THCS Nguyễn Văn Xơ,THCS,106.55,11.01\n"
		"79000703,Mẫu giáo Hoa Mai - Phú Mỹ Hưng,Mầm non,106.7,"
		"10.73\n"
		"79000704,Tư thục Hà Nội - Đà Lạt,Tiểu học,106.7,10.74\n");
	ctx = new_store("w1258.sqlite");
	o.year = "2023-2024";
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, NULL));
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM schools WHERE name "
				    "IN ('Trường Tiểu học Tân Thạnh Đông', "
				    "'Trường THCS Nguyễn Văn Xơ', 'Mẫu giáo "
				    "Hoa Mai - Phú Mỹ Hưng', 'Tư thục Hà Nội "
				    "- Đà Lạt')"),
			 4);
	snprintf(rej, sizeof(rej), "%s.rejects.csv", path);
	assert_true(lists(rej, "w1258.csv,,,WINDOWS-1258,read as Windows-1258 "
			       "text (found from its letters; name another "
			       "encoding to read it so),note"));
	/* --encoding VNI (and its other spellings) forces the decoder. */
	o.encoding = "vni-windows";
	sg_test_path(path, sizeof(path), "vni.csv");
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, NULL));
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM schools WHERE name "
				    "= 'Trường THCS Nguyễn Văn Xơ'"),
			 1);
	/* --encoding TCVN3 (or ABC) reads ABC bytes. */
	o.encoding = "ABC";
	sg_test_path(path, sizeof(path), "abc.csv");
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, NULL));
	sg_ctx_free(ctx);
}

/*---- Units CSV: titles above the header; --header-row is a line -----------*/

static void test_office__units_csv_titles(void **state)
{
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_ctx *ctx = new_store("utitles.sqlite");
	sg_import_summary s;
	char path[256], rej[300], buf[128];
	static const char body[] =
		"Mã,Tên,WKT\n"
		"W1,Phường 1,\"POLYGON ((106.4 11,106.5 11,106.5 11.1,"
		"106.4 11))\"\n"
		"W2,Phường 2,\"POLYGON ((583000 1208000,583100 1208000,"
		"583100 1208100,583000 1208000))\"\n";
	char text[1024];

	(void)state;
	/* Lines 1-3 titles (the second padded with Excel's commas), 4 the
	 * header, 5 a unit, 6 a unit out of range. */
	snprintf(text, sizeof(text),
		 "DANH MỤC ĐƠN VỊ HÀNH CHÍNH\nHUYỆN CỦ CHI,,\n\n%s", body);
	sg_test_write(sg_test_path(path, sizeof(path), "utitles.csv"), text);
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_UNITS, path, &o, &s));
	assert_int_equal(s.inserted, 1);
	assert_int_equal(s.rejected, 1);
	assert_string_equal(q_text(ctx,
				   "SELECT name FROM units WHERE code = "
				   "'W1'",
				   buf, sizeof(buf)),
			    "Phường 1");
	snprintf(rej, sizeof(rej), "%s.rejects.csv", path);
	assert_true(lists(rej, "utitles.csv,4,,,rows 1-3 above the header "
			       "(titles) not read,skipped"));
	assert_int_equal(q_int(ctx, "SELECT row FROM import_issues WHERE file"
				    " LIKE '%utitles.csv' AND reason LIKE "
				    "'unit W2: vertices out of range%'"),
			 6);
	/* --header-row 4 names the same line. */
	o.header_row = 4;
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_UNITS, path, &o, &s));
	assert_int_equal(s.unchanged, 1);
	o.header_row = 9;
	assert_sg_fails(ctx, sg_import(ctx, SG_IMPORT_UNITS, path, &o, NULL),
			SG_EINVALID, "header row 9: the file has fewer lines");
	/* A units CSV whose header is line 1 reads as before. */
	o.header_row = 0;
	sg_test_write(sg_test_path(path, sizeof(path), "uplain.csv"), body);
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_UNITS, path, &o, &s));
	assert_int_equal(s.unchanged, 1);
	assert_int_equal(s.rejected, 1);
	assert_int_equal(q_int(ctx, "SELECT row FROM import_issues WHERE file"
				    " LIKE '%uplain.csv' AND reason LIKE "
				    "'unit W2: vertices out of range%'"),
			 3);
	sg_ctx_free(ctx);
}

static void test_office__header_row_is_a_line(void **state)
{
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_ctx *ctx = new_store("hrow.sqlite");
	sg_import_summary s;
	char path[256], rej[300];

	(void)state;
	o.year = "2023-2024";
	/* Lines 1-2: one record (a quoted title across two lines); line 3
	 * the header, as the user sees it in an editor; 4-5 schools. */
	sg_test_write(sg_test_path(path, sizeof(path), "hrow.csv"),
		      "\"BÁO CÁO\nNĂM HỌC 2023-2024\",,,,\n"
		      "Mã trường,Tên trường,Cấp học,Kinh độ,Vĩ độ\n"
		      "79000701,Trường A,Tiểu học,106.5,11\n"
		      "79000702,Trường B,Tiểu học,x,11\n");
	o.header_row = 3;
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, &s));
	assert_int_equal(s.inserted, 1);
	assert_int_equal(s.rejected, 1);
	snprintf(rej, sizeof(rej), "%s.rejects.csv", path);
	assert_true(lists(rej, "hrow.csv,3,,,rows 1-2 above the header "
			       "(titles) not read,skipped"));
	assert_true(lists(rej, "hrow.csv,5,Kinh độ,x,coordinate is not a "
			       "number,rejected"));
	/* Line 2 is inside the title's cell: that record is no header. */
	o.header_row = 2;
	assert_sg_fails(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, NULL),
			SG_EINVALID, "no column for 'code'");
	o.header_row = 6;
	assert_sg_fails(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, NULL),
			SG_EINVALID, "header row 6: the file has 5 lines");
	sg_ctx_free(ctx);
}

/*---- A legacy Excel workbook (.xls, read by GDAL's XLS driver) ----------*/

/*
 * A BIFF8 workbook of one sheet in a compound file, as Excel 97-2003
 * saves it, reduced to what a reader needs: a sheet is rows of cells as
 * for write_xlsx ("#79000701" a number, else text; "" a blank row).
 * Compound file: header, one FAT sector (0), one directory sector (1),
 * then the "Workbook" stream, kept above the 4096-byte mini-stream
 * cutoff so it lives in ordinary sectors.
 */
struct xbuf {
	unsigned char b[32768];
	size_t n;
};

static void xput(struct xbuf *x, const void *p, size_t n)
{
	assert_true(x->n + n <= sizeof(x->b));
	memcpy(x->b + x->n, p, n);
	x->n += n;
}

static void x16(struct xbuf *x, unsigned v)
{
	unsigned char b[2] = { v & 255, (v >> 8) & 255 };

	xput(x, b, 2);
}

static void x32(struct xbuf *x, uint32_t v)
{
	x16(x, v & 0xffff);
	x16(x, v >> 16);
}

/* A record: type, length, body. */
static void xrec(struct xbuf *x, unsigned type, const struct xbuf *body)
{
	x16(x, type);
	x16(x, (unsigned)body->n);
	xput(x, body->b, body->n);
}

/* UTF-16 code units of UTF-8 text (the Basic Multilingual Plane). */
static size_t xutf16(const char *s, uint16_t *w, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;

	while (*p && n < max) {
		if (*p < 0x80) {
			w[n++] = *p++;
		} else if ((*p & 0xe0) == 0xc0) {
			w[n++] = (uint16_t)((*p & 0x1f) << 6 | (p[1] & 0x3f));
			p += 2;
		} else {
			w[n++] = (uint16_t)((*p & 0x0f) << 12 |
					    (p[1] & 0x3f) << 6 | (p[2] & 0x3f));
			p += 3;
		}
	}
	return n;
}

/* A string of UTF-16 characters: count (16 or 8 bits), flags 1. */
static void xstr(struct xbuf *x, const char *s, int short_count)
{
	uint16_t w[256];
	size_t n = xutf16(s, w, 256);

	if (short_count)
		xput(x, (unsigned char[]){ (unsigned char)n }, 1);
	else
		x16(x, (unsigned)n);
	xput(x, "\x01", 1);
	for (size_t i = 0; i < n; i++)
		x16(x, w[i]);
}

static void xbof(struct xbuf *x, unsigned dt)
{
	struct xbuf b = { .n = 0 };

	x16(&b, 0x0600); /* BIFF8 */
	x16(&b, dt);	 /* 5 workbook globals, 0x10 a worksheet */
	x16(&b, 0x0DBB);
	x16(&b, 0x07CC);
	x32(&b, 0);
	x32(&b, 6);
	xrec(x, 0x0809, &b);
}

static void write_xls(const char *path, const char *sheet,
		      const char *const *rows, size_t nrows)
{
	static struct xbuf g, b;
	unsigned char hdr[512], fat[512], dir[512];
	size_t at, nsec;
	uint32_t pos;
	FILE *fp;

	g.n = 0;
	xbof(&g, 0x0005);
	b.n = 0;
	x16(&b, 1200); /* CODEPAGE: UTF-16 */
	xrec(&g, 0x0042, &b);
	b.n = 0;
	x16(&b, 200);
	x16(&b, 0);
	x16(&b, 0x7fff);
	x16(&b, 400);
	x32(&b, 0);
	x16(&b, 0);
	xstr(&b, "Arial", 1);
	for (int i = 0; i < 4; i++)
		xrec(&g, 0x0031, &b);  /* FONT */
	for (int i = 0; i < 16; i++) { /* XF: 15 style, 1 cell, General */
		b.n = 0;
		x16(&b, 0);
		x16(&b, 0);
		x16(&b, i < 15 ? 0xfff5 : 0x0001);
		x16(&b, 0x20);
		x16(&b, 0);
		x32(&b, 0);
		x32(&b, 0);
		x16(&b, 0x20c0);
		xrec(&g, 0x00E0, &b);
	}
	b.n = 0;
	x32(&b, 0); /* the sheet's offset, set below */
	x16(&b, 0);
	xstr(&b, sheet, 1);
	at = g.n + 4;
	xrec(&g, 0x0085, &b); /* BOUNDSHEET8 */
	b.n = 0;
	while (g.n < 4200)
		xrec(&g, 0x00E2, &b); /* INTERFACEEND: padding */
	xrec(&g, 0x000A, &b);	      /* EOF */
	pos = (uint32_t)g.n;
	memcpy(g.b + at,
	       (unsigned char[]){ pos & 255, (pos >> 8) & 255,
				  (pos >> 16) & 255, pos >> 24 },
	       4);
	xbof(&g, 0x0010);
	b.n = 0;
	x32(&b, 0);
	x32(&b, (uint32_t)nrows);
	x16(&b, 0);
	x16(&b, 8);
	x16(&b, 0);
	xrec(&g, 0x0200, &b); /* DIMENSIONS */
	for (size_t r = 0; r < nrows; r++) {
		const char *p = rows[r];
		unsigned col = 0;

		while (*p || col == 0) {
			size_t len = strcspn(p, "|");
			char cell[256];

			snprintf(cell, sizeof(cell), "%.*s", (int)len, p);
			b.n = 0;
			x16(&b, (unsigned)r);
			x16(&b, col);
			x16(&b, 15);
			if (len > 0 && cell[0] == '#') {
				double d = strtod(cell + 1, NULL);

				xput(&b, &d, 8);      /* little-endian IEEE */
				xrec(&g, 0x0203, &b); /* NUMBER */
			} else if (len > 0) {
				xstr(&b, cell, 0);
				xrec(&g, 0x0204, &b); /* LABEL */
			}
			col++;
			if (!p[len])
				break;
			p += len + 1;
		}
	}
	b.n = 0;
	xrec(&g, 0x000A, &b);
	nsec = (g.n + 511) / 512;
	assert_true(nsec + 2 <= 128);
	memset(hdr, 0, sizeof(hdr));
	memcpy(hdr, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
	hdr[0x18] = 0x3E; /* minor version */
	hdr[0x1A] = 3;	  /* major version: 512-byte sectors */
	hdr[0x1C] = 0xFE; /* byte order */
	hdr[0x1D] = 0xFF;
	hdr[0x1E] = 9;				   /* sector shift */
	hdr[0x20] = 6;				   /* mini sector shift */
	hdr[0x2C] = 1;				   /* one FAT sector */
	hdr[0x30] = 1;				   /* directory at sector 1 */
	hdr[0x39] = 0x10;			   /* mini stream cutoff 4096 */
	memcpy(hdr + 0x3C, "\xFE\xFF\xFF\xFF", 4); /* no mini FAT */
	memcpy(hdr + 0x44, "\xFE\xFF\xFF\xFF", 4); /* no DIFAT sectors */
	memset(hdr + 0x4C, 0xFF, 436);
	memset(hdr + 0x4C, 0, 4); /* the FAT is sector 0 */
	memset(fat, 0xFF, sizeof(fat));
	for (size_t i = 0; i < nsec + 2; i++) {
		uint32_t v = i == 0		       ? 0xFFFFFFFDu
			     : i == 1 || i == nsec + 1 ? 0xFFFFFFFEu
						       : (uint32_t)(i + 1);

		memcpy(fat + 4 * i,
		       (unsigned char[]){ v & 255, (v >> 8) & 255,
					  (v >> 16) & 255, v >> 24 },
		       4);
	}
	memset(dir, 0, sizeof(dir));
	for (int e = 0; e < 4; e++)
		memset(dir + 128 * e + 0x44, 0xFF, 12); /* no siblings */
	for (int e = 0; e < 2; e++) {
		const char *name = e ? "Workbook" : "Root Entry";
		unsigned char *d = dir + 128 * e;

		for (size_t i = 0; name[i]; i++)
			d[2 * i] = (unsigned char)name[i];
		d[0x40] = (unsigned char)(2 * (strlen(name) + 1));
		d[0x42] = e ? 2 : 5; /* stream, root */
		d[0x43] = 1;	     /* black */
	}
	memcpy(dir + 0x4C, "\x01\0\0\0", 4);	   /* root's child */
	memcpy(dir + 0x74, "\xFE\xFF\xFF\xFF", 4); /* no mini stream */
	memcpy(dir + 128 + 0x74, "\x02\0\0\0", 4); /* stream: sector 2 */
	memcpy(dir + 128 + 0x78,
	       (unsigned char[]){ g.n & 255, (g.n >> 8) & 255, 0, 0 }, 4);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	fwrite(hdr, 1, sizeof(hdr), fp);
	fwrite(fat, 1, sizeof(fat), fp);
	fwrite(dir, 1, sizeof(dir), fp);
	fwrite(g.b, 1, g.n, fp);
	for (size_t i = g.n; i < nsec * 512; i++)
		fputc(0, fp);
	fclose(fp);
}

static void test_office__legacy_xls(void **state)
{
	static const char *const rows[] = {
		"UBND HUYỆN CỦ CHI",
		"PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
		"",
		"STT|Mã trường|Tên trường|Cấp học|Kinh độ|Vĩ độ",
		"#1|#79000701|Trường Tiểu học An Nhơn Tây|Tiểu học|#106.49|"
		"#11.08",
		"#2|#7900070312|Trường THCS Phú Hòa Đông|THCS|#106.55|#11.01",
		"#3|#79000703|Trường THCS Tân Thạnh Đông|THCS|#106.6|north",
		"|Tổng cộng||||",
		"",
		"|Người lập biểu",
	};
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_ctx *ctx = new_store("xls.sqlite");
	sg_import_summary s;
	char path[256], rej[300], buf[128];
	GDALDatasetH ds;

	(void)state;
	if (!GDALGetDriverByName("XLS"))
		skip(); /* GDAL built without FreeXL */
	sg_test_path(path, sizeof(path), "thong_ke.xls");
	write_xls(path, "Trường", rows, sizeof(rows) / sizeof(*rows));
	/* GDAL itself reads the file written above. */
	ds = GDALOpenEx(path, GDAL_OF_VECTOR, NULL, NULL, NULL);
	assert_non_null(ds);
	assert_string_equal(OGR_L_GetName(GDALDatasetGetLayer(ds, 0)),
			    "Trường");
	GDALClose(ds);
	o.year = "2023-2024";
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, &s));
	assert_int_equal(s.rows, 3);
	assert_int_equal(s.inserted, 2);
	assert_int_equal(s.rejected, 1);
	assert_string_equal(q_text(ctx,
				   "SELECT group_concat(code || '=' || "
				   "name, '; ') FROM (SELECT * FROM schools "
				   "ORDER BY code)",
				   buf, sizeof(buf)),
			    "79000701=Trường Tiểu học An Nhơn Tây; "
			    "7900070312=Trường THCS Phú Hòa Đông");
	assert_true(fabs(q_double(ctx, "SELECT X(geom) FROM schools WHERE "
				       "code = '79000701'") -
			 106.49) < 1e-9);
	snprintf(rej, sizeof(rej), "%s.rejects.csv", path);
	assert_true(lists(rej, "thong_ke.xls,4,,,rows 1-3 above the header "
			       "(titles) not read,skipped"));
	assert_true(lists(rej, "thong_ke.xls,7,Vĩ độ,north,coordinate is not "
			       "a number,rejected"));
	assert_true(lists(rej, "thong_ke.xls,8,,Tổng cộng,totals row,"
			       "skipped"));
	assert_true(lists(rej, "thong_ke.xls,10,,Người lập biểu,\"below the "
			       "table (signature, date or note)\",skipped"));
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, &s));
	assert_int_equal(s.inserted, 0);
	assert_int_equal(s.unchanged, 2);
	sg_ctx_free(ctx);
}

/*---- Admission files: priority labels and scores ------------------------*/

static void test_office__priority_labels_and_scores(void **state)
{
	static const struct {
		const char *code, *label, *score;
		int group; /* 0 none, -1 the row is rejected */
	} rows[] = {
		{ "P1", "UT1", "38", 1 },	{ "P2", "UT 1", "38", 1 },
		{ "P3", "Ưu tiên 2", "38", 2 }, { "P4", "Nhóm 3", "38", 3 },
		{ "P5", "Diện 1", "38", 1 },	{ "P6", "1", "38", 1 },
		{ "P7", "", "38", 0 },		{ "P8", "ĐT2", "38", 2 },
		{ "P9", "UT1", "1e308", -1 },	{ "P10", "", "50.5", -1 },
		{ "P11", "", "50", 0 },
	};
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_ctx *ctx = new_store("prio.sqlite");
	sg_import_summary s;
	char path[256], csv[4096], sql[128];
	size_t len;

	(void)state;
	sg_test_write(sg_test_path(path, sizeof(path), "w.geojson"),
		      "{\"type\":\"FeatureCollection\",\"features\":[{"
		      "\"type\":\"Feature\",\"properties\":{\"Mã\":"
		      "\"W1\"},\"geometry\":{\"type\":\"Polygon\","
		      "\"coordinates\":[[[106.4,10.9],[106.6,10.9],[106.6,"
		      "11.1],[106.4,11.1],[106.4,10.9]]]}}]}");
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_UNITS, path, &o, NULL));
	o.year = "2025-2026";
	sg_test_write(sg_test_path(path, sizeof(path), "u.csv"),
		      "Mã trường,Cấp học,Kinh độ,Vĩ độ\nU1,THPT,106.5,11\n");
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, path, &o, NULL));
	len = (size_t)snprintf(csv, sizeof(csv),
			       "Mã hồ sơ,Lớp,Kinh độ,Vĩ độ,"
			       "Đối tượng ưu tiên,NV1,Điểm xét tuyển\n");
	for (size_t i = 0; i < sizeof(rows) / sizeof(*rows); i++)
		len += (size_t)snprintf(csv + len, sizeof(csv) - len,
					"%s,10,106.5%zu,11,%s,U1,%s\n",
					rows[i].code, i, rows[i].label,
					rows[i].score);
	sg_test_write(sg_test_path(path, sizeof(path), "a.csv"), csv);
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_APPLICANTS, path, &o, &s));
	assert_int_equal(s.rejected, 2);
	for (size_t i = 0; i < sizeof(rows) / sizeof(*rows); i++) {
		snprintf(sql, sizeof(sql),
			 "SELECT coalesce(priority, 0) FROM "
			 "applicants WHERE code = '%s'",
			 rows[i].code);
		if (rows[i].group < 0) {
			snprintf(sql, sizeof(sql),
				 "SELECT count(*) FROM "
				 "applicants WHERE code = '%s'",
				 rows[i].code);
			assert_int_equal(q_int(ctx, sql), 0);
		} else if (q_int(ctx, sql) != rows[i].group) {
			fail_msg("%s: '%s' gave group %d, not %d", rows[i].code,
				 rows[i].label, (int)q_int(ctx, sql),
				 rows[i].group);
		}
	}
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM import_issues WHERE"
				    " reason LIKE 'exam score out of range%'"),
			 2);
	sg_ctx_free(ctx);
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
		cmocka_unit_test(test_office__workbook_layouts),
		cmocka_unit_test(test_office__encodings),
		cmocka_unit_test(test_office__unusable_input),
		cmocka_unit_test(test_office__store_checks),
		cmocka_unit_test(test_office__store_open_repairs_codes),
		cmocka_unit_test(test_office__units_out_of_range),
		cmocka_unit_test(test_office__csv_line_numbers),
		cmocka_unit_test(test_office__header_below_row_40),
		cmocka_unit_test(test_office__unit_list_without_polygons),
		cmocka_unit_test(test_office__undecodable_csv),
		cmocka_unit_test(test_office__legacy_font_encodings),
		cmocka_unit_test(test_office__units_csv_titles),
		cmocka_unit_test(test_office__header_row_is_a_line),
		cmocka_unit_test(test_office__legacy_xls),
		cmocka_unit_test(test_office__priority_labels_and_scores),
	};

	GDALAllRegister();
	return cmocka_run_group_tests(tests, sg_test_setup, sg_test_teardown);
}
