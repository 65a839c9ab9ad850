/*
 * tests/helpers/sg_fixture_wards.h - a small study area for the suites
 * that compute catchments and draw them: three wards near Cu Chi as a
 * GeoJSON unit file (import with SG_IMPORT_UNITS), a census of them, and
 * a store holding both.
 */
#ifndef SG_FIXTURE_WARDS_H
#define SG_FIXTURE_WARDS_H

#include "sg_db_test.h"

/* Wards A and C side by side (about 1.1 x 1.0 km each), B 9 km east. */
static const char sg_fixture_wards_geojson[] =
	"{\"type\":\"FeatureCollection\",\"features\":[\n"
	"{\"type\":\"Feature\",\"properties\":{\"code\":\"A\",\"name\":\"Xã A\","
	"\"kind\":\"ward\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
	"[[[106.50,10.900],[106.51,10.900],[106.51,10.909],[106.50,10.909],"
	"[106.50,10.900]]]}},\n"
	"{\"type\":\"Feature\",\"properties\":{\"code\":\"C\",\"name\":\"Xã C\","
	"\"kind\":\"ward\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
	"[[[106.51,10.900],[106.52,10.900],[106.52,10.909],[106.51,10.909],"
	"[106.51,10.900]]]}},\n"
	"{\"type\":\"Feature\",\"properties\":{\"code\":\"B\",\"name\":\"Xã B\","
	"\"kind\":\"ward\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
	"[[[106.60,10.900],[106.61,10.900],[106.61,10.909],[106.60,10.909],"
	"[106.60,10.900]]]}}\n]}\n";

/* A: 2019 bands (120 children aged 6-10) and an older 2009 band; B and
 * C: 2019 totals only (1000 and 500 people). */
static const char sg_fixture_population_csv[] =
	"Mã xã,Năm,Từ tuổi,Đến tuổi,Số người\n"
	"A,2019,0,120,1500\nA,2019,3,5,50\nA,2019,6,10,120\n"
	"A,2009,6,10,999\n"
	"B,2019,0,120,1000\nC,2019,0,120,500\n";

/* A new store `name` in the temporary directory holding the three wards
 * and sg_fixture_population_csv. */
static inline sg_ctx *sg_fixture_wards_store(const char *name)
{
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_import_summary s;
	sg_ctx *ctx = new_store(name);

	assert_sg_ok(ctx, sg_test_import(ctx, SG_IMPORT_UNITS, "units.geojson",
					 sg_fixture_wards_geojson, &o, &s));
	assert_sg_ok(ctx,
		     sg_test_import(ctx, SG_IMPORT_POPULATION, "population.csv",
				    sg_fixture_population_csv, &o, &s));
	return ctx;
}

#endif /* SG_FIXTURE_WARDS_H */
