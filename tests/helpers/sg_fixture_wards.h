/*
 * tests/helpers/sg_fixture_wards.h - a small study area for the suites
 * that compute catchments and draw them: three wards near Cu Chi as a
 * GeoJSON unit file (import with SG_IMPORT_UNITS).
 */
#ifndef SG_FIXTURE_WARDS_H
#define SG_FIXTURE_WARDS_H

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

#endif /* SG_FIXTURE_WARDS_H */
