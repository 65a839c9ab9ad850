/*
 * layers/splblob.c - a SpatiaLite BLOB-Geometry from a GEOS geometry
 * (layers/splblob.h).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "layers/splblob.h"

#define MARK_START 0x00
#define MARK_LITTLE 0x01
#define MARK_MBR 0x7C
#define MARK_ENTITY 0x69
#define MARK_END 0xFE
#define CLASS_POLYGON 3
#define CLASS_MULTIPOLYGON 6

static unsigned char *put_i32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
	return p + 4;
}

static unsigned char *put_f64(unsigned char *p, double d)
{
	uint64_t v;

	memcpy(&v, &d, sizeof(v));
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
	return p + 8;
}

/* Ring r of polygon poly (-1: exterior), NULL on failure. */
static const GEOSCoordSequence *
ring_seq(GEOSContextHandle_t h, const GEOSGeometry *poly, int r, unsigned *n)
{
	const GEOSGeometry *ring = r < 0 ? GEOSGetExteriorRing_r(h, poly)
					 : GEOSGetInteriorRingN_r(h, poly, r);
	const GEOSCoordSequence *cs = ring ? GEOSGeom_getCoordSeq_r(h, ring)
					   : NULL;

	if (!cs || !GEOSCoordSeq_getSize_r(h, cs, n))
		return NULL;
	return cs;
}

int sg_splblob__multipolygon(GEOSContextHandle_t h, const GEOSGeometry *g,
			     int srid, unsigned char **out, size_t *len,
			     double box[4])
{
	int type = GEOSGeomTypeId_r(h, g);
	int np = type == GEOS_POLYGON	     ? 1
		 : type == GEOS_MULTIPOLYGON ? GEOSGetNumGeometries_r(h, g)
					     : -1;
	int kept = 0;
	size_t size = 43 + 4 + 1; /* header, count, end */
	unsigned char *b, *p;
	double xy[2];

	*out = NULL;
	*len = 0;
	if (np < 0)
		return -2;
	box[0] = box[1] = INFINITY;
	box[2] = box[3] = -INFINITY;
	/* The size and the MBR of the exterior rings.  An empty polygon:
	 * -2 (the caller lets SpatiaLite decide). */
	for (int k = 0; k < np; k++) {
		const GEOSGeometry *poly = type == GEOS_POLYGON
						   ? g
						   : GEOSGetGeometryN_r(h, g,
									k);
		int nh;
		unsigned n;
		const GEOSCoordSequence *cs;

		if (!poly || GEOSGeomTypeId_r(h, poly) != GEOS_POLYGON)
			return -1;
		if (GEOSisEmpty_r(h, poly) == 1)
			return -2;
		if ((nh = GEOSGetNumInteriorRings_r(h, poly)) < 0 ||
		    !(cs = ring_seq(h, poly, -1, &n)))
			return -1;
		for (unsigned v = 0; v < n; v++) {
			if (!GEOSCoordSeq_getXY_r(h, cs, v, &xy[0], &xy[1]))
				return -1;
			box[0] = fmin(box[0], xy[0]);
			box[1] = fmin(box[1], xy[1]);
			box[2] = fmax(box[2], xy[0]);
			box[3] = fmax(box[3], xy[1]);
		}
		size += 1 + 4 + 4 + 4 + 16 * (size_t)n;
		for (int r = 0; r < nh; r++) {
			if (!ring_seq(h, poly, r, &n))
				return -1;
			size += 4 + 16 * (size_t)n;
		}
		kept++;
	}
	if (kept == 0) /* an empty multipolygon */
		return -2;
	if (!(b = malloc(size)))
		return -1;
	p = b;
	*p++ = MARK_START;
	*p++ = MARK_LITTLE;
	p = put_i32(p, (uint32_t)srid);
	for (int i = 0; i < 4; i++)
		p = put_f64(p, box[i]);
	*p++ = MARK_MBR;
	p = put_i32(p, CLASS_MULTIPOLYGON);
	p = put_i32(p, (uint32_t)kept);
	for (int k = 0; k < np; k++) {
		const GEOSGeometry *poly = type == GEOS_POLYGON
						   ? g
						   : GEOSGetGeometryN_r(h, g,
									k);
		int nh = GEOSGetNumInteriorRings_r(h, poly);

		*p++ = MARK_ENTITY;
		p = put_i32(p, CLASS_POLYGON);
		p = put_i32(p, (uint32_t)(nh + 1));
		for (int r = -1; r < nh; r++) {
			unsigned n;
			const GEOSCoordSequence *cs = ring_seq(h, poly, r, &n);

			if (!cs) {
				free(b);
				return -1;
			}
			p = put_i32(p, n);
			for (unsigned v = 0; v < n; v++) {
				if (!GEOSCoordSeq_getXY_r(h, cs, v, &xy[0],
							  &xy[1])) {
					free(b);
					return -1;
				}
				p = put_f64(p, xy[0]);
				p = put_f64(p, xy[1]);
			}
		}
	}
	*p++ = MARK_END;
	*out = b;
	*len = (size_t)(p - b);
	return 0;
}
