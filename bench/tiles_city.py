#!/usr/bin/python3
"""bench/tiles_city.py - a synthetic city for the tiles benchmark.

Writes into OUTDIR, seeded, nothing real:
  wards.geojson   322 wards (EPSG:4326): Voronoi cells of seeds crowded
                  towards the centre, clipped to a smooth outline of about
                  2,095 km2 around Ho Chi Minh City's centre, with a
                  population field "pop"
  schools.csv     1,000 primary schools placed where people live, with
                  students, classes and teaching computers

Usage: bench/tiles_city.py OUTDIR [--seed N] [--wards N] [--schools N]

The Voronoi diagram is GEOS's (libgeos_c through ctypes), computed in UTM
48N metres, so neighbouring wards share their vertices exactly; the rest
is python3-gdal (OGR, OSR).
"""
import argparse
import ctypes
import ctypes.util
import json
import math
import os
import random

from osgeo import ogr, osr

CENTRE = (106.70, 10.78)      # lon, lat: District 1
AREA_KM2 = 2095.0


def geos_voronoi(points, env_wkt):
    """Voronoi cells (WKT polygons) of points [(x, y)] with GEOS."""
    lib = ctypes.CDLL(ctypes.util.find_library('geos_c') or 'libgeos_c.so.1')
    vp = ctypes.c_void_p
    for name, res, args in [
            ('GEOS_init_r', vp, []),
            ('GEOS_finish_r', None, [vp]),
            ('GEOSWKTReader_create_r', vp, [vp]),
            ('GEOSWKTReader_destroy_r', None, [vp, vp]),
            ('GEOSWKTReader_read_r', vp, [vp, vp, ctypes.c_char_p]),
            ('GEOSWKTWriter_create_r', vp, [vp]),
            ('GEOSWKTWriter_destroy_r', None, [vp, vp]),
            ('GEOSWKTWriter_write_r', vp, [vp, vp, vp]),
            ('GEOSVoronoiDiagram_r', vp, [vp, vp, vp, ctypes.c_double, ctypes.c_int]),
            ('GEOSGetNumGeometries_r', ctypes.c_int, [vp, vp]),
            ('GEOSGetGeometryN_r', vp, [vp, vp, ctypes.c_int]),
            ('GEOSGeom_destroy_r', None, [vp, vp]),
            ('GEOSFree_r', None, [vp, vp])]:
        f = getattr(lib, name)
        f.restype = res
        f.argtypes = args
    h = lib.GEOS_init_r()
    rd = lib.GEOSWKTReader_create_r(h)
    wr = lib.GEOSWKTWriter_create_r(h)
    mp = lib.GEOSWKTReader_read_r(
        h, rd, ('MULTIPOINT(' + ','.join('(%.3f %.3f)' % p for p in points)
                + ')').encode())
    env = lib.GEOSWKTReader_read_r(h, rd, env_wkt.encode())
    vor = lib.GEOSVoronoiDiagram_r(h, mp, env, 0.0, 0)
    cells = []
    for i in range(lib.GEOSGetNumGeometries_r(h, vor)):
        s = lib.GEOSWKTWriter_write_r(h, wr, lib.GEOSGetGeometryN_r(h, vor, i))
        cells.append(ctypes.string_at(s).decode())
        lib.GEOSFree_r(h, s)
    for g in (vor, env, mp):
        lib.GEOSGeom_destroy_r(h, g)
    lib.GEOSWKTWriter_destroy_r(h, wr)
    lib.GEOSWKTReader_destroy_r(h, rd)
    lib.GEOS_finish_r(h)
    return cells


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('outdir')
    ap.add_argument('--seed', type=int, default=322)
    ap.add_argument('--wards', type=int, default=322)
    ap.add_argument('--schools', type=int, default=1000)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    os.makedirs(a.outdir, exist_ok=True)

    wgs = osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    utm = osr.SpatialReference()
    utm.ImportFromEPSG(32648)
    utm.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_utm = osr.CoordinateTransformation(wgs, utm)
    to_wgs = osr.CoordinateTransformation(utm, wgs)
    cx, cy, _ = to_utm.TransformPoint(*CENTRE)

    # The outline: a smooth blob of the city's area.
    ph = [rnd.uniform(0, 2 * math.pi) for _ in range(3)]
    def radius(t):
        return (1 + 0.16 * math.sin(3 * t + ph[0]) + 0.07 * math.cos(5 * t + ph[1])
                + 0.04 * math.sin(9 * t + ph[2]))
    pts = [(radius(2 * math.pi * i / 360), 2 * math.pi * i / 360) for i in range(360)]
    unit_area = 0.5 * sum(pts[i][0] * pts[(i + 1) % 360][0] * math.sin(2 * math.pi / 360)
                          for i in range(360))
    r0 = math.sqrt(AREA_KM2 * 1e6 / unit_area)
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for r, t in pts + [pts[0]]:
        ring.AddPoint_2D(cx + r0 * r * math.cos(t), cy + r0 * r * math.sin(t))
    outline = ogr.Geometry(ogr.wkbPolygon)
    outline.AddGeometry(ring)

    # Ward seeds, denser in the centre (urban wards are small).
    minx, maxx, miny, maxy = outline.GetEnvelope()
    seeds = []
    while len(seeds) < a.wards:
        x, y = rnd.uniform(minx, maxx), rnd.uniform(miny, maxy)
        d = math.hypot(x - cx, y - cy)
        if rnd.random() > math.exp(-d / 9000.0) + 0.05:
            continue
        p = ogr.Geometry(ogr.wkbPoint)
        p.AddPoint_2D(x, y)
        if outline.Contains(p):
            seeds.append((x, y))
    env = 'POLYGON((%f %f,%f %f,%f %f,%f %f,%f %f))' % (
        minx - 5000, miny - 5000, maxx + 5000, miny - 5000, maxx + 5000,
        maxy + 5000, minx - 5000, maxy + 5000, minx - 5000, miny - 5000)
    cells = [ogr.CreateGeometryFromWkt(w) for w in geos_voronoi(seeds, env)]

    wards = []
    for c in cells:
        g = c.Intersection(outline)
        if g is None or g.IsEmpty() or g.GetArea() < 1:
            continue
        wards.append(g)
    wards.sort(key=lambda g: (-g.Centroid().GetY(), g.Centroid().GetX()))

    # Population: dense core, sparse edge (about 9 million).
    pops = []
    for g in wards:
        c = g.Centroid()
        d = math.hypot(c.GetX() - cx, c.GetY() - cy)
        density = 42000 * math.exp(-d / 5500.0) + 900   # per km2
        pops.append(int(g.GetArea() / 1e6 * density * rnd.uniform(0.8, 1.2)))

    fc = {'type': 'FeatureCollection', 'features': []}
    for i, (g, pop) in enumerate(zip(wards, pops)):
        w = g.Clone()
        w.Transform(to_wgs)
        fc['features'].append({
            'type': 'Feature',
            'properties': {'code': '%05d' % (26000 + i),
                           'name': 'Phường %d' % (i + 1), 'kind': 'ward',
                           'pop': pop},
            'geometry': json.loads(w.ExportToJson(['COORDINATE_PRECISION=7']))})
    with open(os.path.join(a.outdir, 'wards.geojson'), 'w', encoding='utf-8') as f:
        json.dump(fc, f, ensure_ascii=False)

    # Schools where the people are: a ward by population, a point in it.
    total = float(sum(pops))
    cum, acc = [], 0.0
    for p in pops:
        acc += p / total
        cum.append(acc)
    with open(os.path.join(a.outdir, 'schools.csv'), 'w', encoding='utf-8') as f:
        f.write('code,name,levels,lon,lat,students,classes,computers_teaching\n')
        for k in range(a.schools):
            u = rnd.random()
            i = next((j for j, c in enumerate(cum) if c >= u), len(cum) - 1)
            g = wards[i]
            gx0, gx1, gy0, gy1 = g.GetEnvelope()
            while True:
                x, y = rnd.uniform(gx0, gx1), rnd.uniform(gy0, gy1)
                p = ogr.Geometry(ogr.wkbPoint)
                p.AddPoint_2D(x, y)
                if g.Contains(p):
                    break
            lon, lat, _ = to_wgs.TransformPoint(x, y)
            students = rnd.randint(300, 1800)
            classes = max(1, round(students / 35 * rnd.uniform(0.75, 1.35)))
            computers = rnd.randint(0, 80)
            f.write('TH%05d,Tiểu học %d,primary,%.7f,%.7f,%d,%d,%d\n'
                    % (k + 1, k + 1, lon, lat, students, classes, computers))
    print('%d wards, %.0f km2, %d people, %d schools'
          % (len(wards), sum(g.GetArea() for g in wards) / 1e6, sum(pops),
             a.schools))


if __name__ == '__main__':
    main()
