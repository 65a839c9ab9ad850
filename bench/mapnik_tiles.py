#!/usr/bin/python3
"""bench/mapnik_tiles.py - the reference renderer of bench/tiles.sh.

Renders the same tiles as `schoolgis tiles` with Mapnik (Debian's
python3-mapnik) in the same style, read from the legend schoolgis wrote:
one polygon rule per class of the indicator (fill at the layer's
opacity), a rule for unknown values, and the outline (line width in
pixels, round caps and joins as schoolgis' buffered lines).

The outlines are the same map as schoolgis': schoolgis merges the
polygons' boundaries (GEOS union and line merge) and draws every border
once, after all the fills.  Given OUTLINES (a file of those merged
lines, made once per bench run by bench/tiles.sh with ogr2ogr:
ST_LineMerge(ST_Union(ST_Boundary(geom))), one feature per line), Mapnik
draws them the same way, as a second layer over the fills.  With
OUTLINES '-' it strokes every polygon's ring right after its fill (a
line rule in the polygons' style, Mapnik's usual way), which draws each
shared border twice and lets the next polygon's fill cover part of the
first stroke: a different map, heavier lines on dense tiles.  Runs of
bench/tiles.sh before session 8 (2026-12-06) used that per-feature style
(5 of 8,170 tiles over the image bound, largest 5.73; at zoom 10-14
with the merged lines: 0 over, the largest 1.70).

Every tile z/x/y of the box at each zoom is rendered; tiles
with nothing drawn are not written, as schoolgis does.  Tiles are split
over PROCESSES worker processes (default: all cores), each with its own
map, the way renderd / TileStache run Mapnik.

Usage: bench/mapnik_tiles.py GPKG LAYER LEGEND.json FIELD W,S,E,N ZMIN-ZMAX
                             OUTDIR [PROCESSES [FORMAT [OUTLINES]]]
GPKG is in EPSG:3857 (projected beforehand, as schoolgis projects once).
FORMAT is Mapnik's image format string (default 'png', Mapnik's 32-bit
PNG at zlib's default level): e.g. 'png32:z=1' (32-bit, zlib level 1,
the fastest) or 'png8' (a 256-colour palette, Mapnik's hextree).
OUTLINES is a vector file (its first layer, EPSG:3857) of the merged
outlines, or '-' (default) for each polygon's ring stroked after its
fill.
Prints one line: tiles, written, bytes.
"""
import json
import math
import multiprocessing
import os
import sys

import mapnik

R = 6378137.0
M = math.pi * R
# Web mercator as Mapnik 3.0 recognises it (no PROJ call per tile).
MERC = ('+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 '
        '+y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs')


def merc(lon, lat):
    return (R * math.radians(lon),
            R * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def tile_bounds(z, x, y):
    w = 2 * M / (1 << z)
    return (-M + x * w, M - (y + 1) * w, -M + (x + 1) * w, M - y * w)


def tile_range(b, z):
    w = 2 * M / (1 << z)
    x0 = int(math.floor((b[0] + M) / w))
    x1 = int(math.ceil((b[2] + M) / w)) - 1
    y0 = int(math.floor((M - b[3]) / w))
    y1 = int(math.ceil((M - b[1]) / w)) - 1
    return x0, y0, x1, y1


def hex_rgba(c, opacity):
    c = c.lstrip('#')
    return mapnik.Color(int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16),
                        int(round(opacity * 255)))


def line_rule(outline):
    rule = mapnik.Rule()
    ls = mapnik.LineSymbolizer()
    ls.stroke = hex_rgba(outline['color'], 1.0)
    ls.stroke_width = outline['width']
    ls.stroke_linecap = mapnik.stroke_linecap.ROUND_CAP
    ls.stroke_linejoin = mapnik.stroke_linejoin.ROUND_JOIN
    rule.symbols.append(ls)
    return rule


def make_map(gpkg, layer, legend, field, outlines):
    lg = legend['layers'][0]
    m = mapnik.Map(256, 256, MERC)
    m.background = mapnik.Color(0, 0, 0, 0)
    style = mapnik.Style()
    for e in lg['entries']:
        rule = mapnik.Rule()
        conds = []
        if 'min' in e or 'max' in e:
            if e.get('min') is not None:
                conds.append('[%s] >= %.17g' % (field, e['min']))
            if e.get('max') is not None:
                conds.append('[%s] < %.17g' % (field, e['max']))
            rule.filter = mapnik.Expression(' and '.join(conds) or 'true')
        elif e['label'] == 'no data':
            rule.filter = mapnik.Expression('[%s] = null' % field)
        ps = mapnik.PolygonSymbolizer()
        ps.fill = hex_rgba(e['color'], 1.0)
        ps.fill_opacity = lg['opacity']
        ps.gamma = 1.0   # no gap-hiding gamma: plain coverage, like ours
        rule.symbols.append(ps)
        style.rules.append(rule)
    if lg.get('outline') and outlines == '-':
        style.rules.append(line_rule(lg['outline']))
    m.append_style('s', style)
    lyr = mapnik.Layer('l', MERC)
    lyr.datasource = mapnik.Ogr(file=gpkg, layer=layer)
    lyr.styles.append('s')
    m.layers.append(lyr)
    if lg.get('outline') and outlines != '-':
        style = mapnik.Style()
        style.rules.append(line_rule(lg['outline']))
        m.append_style('o', style)
        lyr = mapnik.Layer('o', MERC)
        lyr.datasource = mapnik.Ogr(file=outlines, layer_by_index=0)
        lyr.styles.append('o')
        m.layers.append(lyr)
    return m


_state = {}


def init(gpkg, layer, legend, field, outdir, fmt, outlines):
    _state['map'] = make_map(gpkg, layer, legend, field, outlines)
    _state['outdir'] = outdir
    _state['format'] = fmt


def render(job):
    z, x, y = job
    m = _state['map']
    b = tile_bounds(z, x, y)
    m.zoom_to_box(mapnik.Box2d(*b))
    im = mapnik.Image(256, 256)
    mapnik.render(m, im)
    if im.is_solid() and im.get_pixel(0, 0) == 0:
        return 0
    d = os.path.join(_state['outdir'], str(z), str(x))
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, '%d.png' % y)
    im.save(path, _state['format'])
    return os.path.getsize(path)


def main():
    gpkg, layer, legend_path, field, bbox, zooms, outdir = sys.argv[1:8]
    procs = int(sys.argv[8]) if len(sys.argv) > 8 else os.cpu_count()
    fmt = sys.argv[9] if len(sys.argv) > 9 else 'png'
    outlines = sys.argv[10] if len(sys.argv) > 10 else '-'
    legend = json.load(open(legend_path, encoding='utf-8'))
    w, s, e, n = map(float, bbox.split(','))
    z0, z1 = map(int, zooms.split('-'))
    b = merc(w, s) + merc(e, n)
    jobs = []
    for z in range(z0, z1 + 1):
        x0, y0, x1, y1 = tile_range(b, z)
        jobs += [(z, x, y) for y in range(y0, y1 + 1) for x in range(x0, x1 + 1)]
    with multiprocessing.Pool(procs, init,
                              (gpkg, layer, legend, field, outdir, fmt,
                               outlines)) as p:
        sizes = p.map(render, jobs, chunksize=32)
    print(len(jobs), sum(1 for s in sizes if s), sum(sizes))


if __name__ == '__main__':
    main()
