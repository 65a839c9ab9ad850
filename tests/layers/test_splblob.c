/*
 * tests/layers/test_splblob.c - the SpatiaLite BLOB-Geometry written from
 * GEOS coordinates (layers/splblob.h) against SpatiaLite's own: the bytes
 * equal what CastToMultiPolygon(GeomFromWKB(wkb, 4326)) makes of GEOS's
 * WKB of the same polygon, and SpatiaLite reads the blob back (type,
 * SRID, validity, area and text equal to GEOS's).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layers/splblob.h"
#include "sg_db_test.h"

static const char *const shapes[] = {
	"POLYGON ((106.5 10.9, 106.6 10.9, 106.6 11.0, 106.5 11.0, "
	"106.5 10.9))",
	/* a hole */
	"POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2))",
	/* two parts, the second with two holes, negative coordinates */
	"MULTIPOLYGON (((-1 -1, -0.5 -1, -0.5 -0.5, -1 -1)), "
	"((5 5, 9 5, 9 9, 5 9, 5 5), (6 6, 6 7, 7 7, 6 6), "
	"(8 8, 8 8.5, 8.5 8.5, 8 8)))",
	/* a Voronoi-like cell in degrees with digits to the last bit */
	"POLYGON ((106.52398712345671 10.98765432109877, "
	"106.5240001234567 10.987700000000001, "
	"106.52395555555556 10.987744444444445, "
	"106.52390000000001 10.987711111111111, "
	"106.52398712345671 10.98765432109877))",
};

/* SpatiaLite's blob of GEOS's WKB of g. */
static unsigned char *spatialite_blob(sg_ctx *ctx, const GEOSGeometry *g,
				      int *len)
{
	GEOSWKBWriter *wr = GEOSWKBWriter_create_r(ctx->geos);
	size_t n = 0;
	unsigned char *wkb = GEOSWKBWriter_write_r(ctx->geos, wr, g, &n);
	unsigned char *out = NULL;
	sqlite3_stmt *st;

	assert_non_null(wkb);
	assert_int_equal(sqlite3_prepare_v2(ctx->db,
					    "SELECT CastToMultiPolygon("
					    "GeomFromWKB(?1, 4326))",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_blob(st, 1, wkb, (int)n, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	*len = sqlite3_column_bytes(st, 0);
	assert_true(*len > 0);
	out = malloc((size_t)*len);
	assert_non_null(out);
	memcpy(out, sqlite3_column_blob(st, 0), (size_t)*len);
	sqlite3_finalize(st);
	GEOSFree_r(ctx->geos, wkb);
	GEOSWKBWriter_destroy_r(ctx->geos, wr);
	return out;
}

static void test_splblob__as_spatialite(void **state)
{
	sg_ctx *ctx = new_store("splblob.sqlite");
	GEOSWKTReader *rd = GEOSWKTReader_create_r(ctx->geos);
	sqlite3_stmt *st;

	(void)state;
	assert_int_equal(
		sqlite3_prepare_v2(ctx->db,
				   "SELECT GeometryType(?1), ST_Srid(?1), "
				   "ST_IsValid(?1), ST_Area(?1), "
				   "ST_Equals(?1, ST_Multi(GeomFromText(?2, "
				   "4326))), MbrMinX(?1), MbrMaxY(?1), "
				   "ST_NumGeometries(?1)",
				   -1, &st, NULL),
		SQLITE_OK);
	for (size_t i = 0; i < sizeof(shapes) / sizeof(*shapes); i++) {
		GEOSGeometry *g = GEOSWKTReader_read_r(ctx->geos, rd,
						       shapes[i]);
		unsigned char *mine = NULL, *theirs;
		size_t len = 0;
		int tlen = 0;
		double box[4], area = 0, x0 = 0, y1 = 0;

		assert_non_null(g);
		assert_int_equal(sg_splblob__multipolygon(ctx->geos, g, 4326,
							  &mine, &len, box),
				 0);
		theirs = spatialite_blob(ctx, g, &tlen);
		/* Byte for byte what SpatiaLite writes. */
		assert_int_equal(len, (size_t)tlen);
		assert_memory_equal(mine, theirs, len);
		/* And read back by SpatiaLite as the same polygon. */
		GEOSArea_r(ctx->geos, g, &area);
		GEOSGeom_getXMin_r(ctx->geos, g, &x0);
		GEOSGeom_getYMax_r(ctx->geos, g, &y1);
		sqlite3_bind_blob(st, 1, mine, (int)len, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, shapes[i], -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(st, 0),
				    "MULTIPOLYGON");
		assert_int_equal(sqlite3_column_int(st, 1), 4326);
		assert_int_equal(sqlite3_column_int(st, 2), 1);
		assert_true(fabs(sqlite3_column_double(st, 3) - area) <=
			    1e-12 * area);
		assert_int_equal(sqlite3_column_int(st, 4), 1);
		assert_true(sqlite3_column_double(st, 5) == x0 && box[0] == x0);
		assert_true(sqlite3_column_double(st, 6) == y1 && box[3] == y1);
		assert_int_equal(sqlite3_column_int(st, 7),
				 GEOSGetNumGeometries_r(ctx->geos, g));
		sqlite3_reset(st);
		free(mine);
		free(theirs);
		GEOSGeom_destroy_r(ctx->geos, g);
	}
	sqlite3_finalize(st);
	/* What the writer leaves to SpatiaLite. */
	{
		const char *other[] = { "POINT (1 2)", "POLYGON EMPTY",
					"MULTIPOLYGON EMPTY",
					"LINESTRING (0 0, 1 1)" };

		for (size_t i = 0; i < sizeof(other) / sizeof(*other); i++) {
			GEOSGeometry *g = GEOSWKTReader_read_r(ctx->geos, rd,
							       other[i]);
			unsigned char *b = (unsigned char *)"x";
			size_t len = 7;
			double box[4];

			assert_non_null(g);
			assert_int_equal(sg_splblob__multipolygon(ctx->geos, g,
								  4326, &b,
								  &len, box),
					 -2);
			assert_null(b);
			assert_int_equal(len, 0);
			GEOSGeom_destroy_r(ctx->geos, g);
		}
	}
	GEOSWKTReader_destroy_r(ctx->geos, rd);
	sg_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_splblob__as_spatialite),
	};

	return cmocka_run_group_tests(tests, sg_test_setup, sg_test_teardown);
}
