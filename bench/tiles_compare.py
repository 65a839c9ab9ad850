#!/usr/bin/python3
"""bench/tiles_compare.py - per-tile image comparison for bench/tiles.sh.

Compares two XYZ tile directories (DIR/z/x/y.png) tile by tile: every
tile present on either side (a tile missing on one side is fully
transparent there, as neither schoolgis nor the Mapnik script writes
empty tiles).  Both PNGs are decoded with GDAL (palette PNGs expanded
through their colour table, tRNS alpha included) to 8-bit RGBA, and the
colours premultiplied by alpha (a transparent pixel is (0,0,0,0)
whatever its stored colour), so that only what a viewer would see counts.
The difference of a tile is the mean absolute difference of its R, G, B
and A values over all its pixels (0-255 scale).

Usage: bench/tiles_compare.py DIR_A DIR_B BOUND
Prints one line of key=value pairs: tiles compared, only_a, only_b,
mean (of the per-tile differences), max (the largest per-tile
difference) and its tile, over (tiles whose difference exceeds BOUND),
p99 (99th percentile of the per-tile differences).
Exit status 0 when every tile is within BOUND, 2 otherwise.
"""
import multiprocessing
import os
import sys

import numpy
from osgeo import gdal

gdal.UseExceptions()


def tiles(root):
    out = set()
    for dirpath, _, files in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        for f in files:
            if f.endswith('.png'):
                out.add(os.path.join(rel, f))
    return out


def rgba(path):
    """Premultiplied RGBA, int16, shape (4, h, w)."""
    ds = gdal.Open(path)
    b1 = ds.GetRasterBand(1)
    ct = b1.GetColorTable()
    if ct is not None:
        idx = b1.ReadAsArray()
        lut = numpy.zeros((256, 4), dtype=numpy.int16)
        for i in range(ct.GetCount()):
            lut[i] = ct.GetColorEntry(i)
        a = numpy.moveaxis(lut[idx], 2, 0)
    else:
        n = ds.RasterCount
        bands = [ds.GetRasterBand(i + 1).ReadAsArray().astype(numpy.int16)
                 for i in range(n)]
        if n == 1:      # grey
            bands = bands * 3 + [numpy.full_like(bands[0], 255)]
        elif n == 2:    # grey + alpha
            bands = [bands[0]] * 3 + [bands[1]]
        elif n == 3:
            bands.append(numpy.full_like(bands[0], 255))
        a = numpy.stack(bands[:4])
    al = a[3].astype(numpy.int32)
    pre = (a[:3].astype(numpy.int32) * al + 127) // 255
    return numpy.concatenate([pre, al[numpy.newaxis]]).astype(numpy.int16)


def diff(job):
    """Mean absolute difference of one tile (None: sizes differ)."""
    da, db, t, in_a, in_b = job
    a = rgba(os.path.join(da, t)) if in_a else None
    b = rgba(os.path.join(db, t)) if in_b else None
    if a is None:
        a = numpy.zeros_like(b)
    if b is None:
        b = numpy.zeros_like(a)
    if a.shape != b.shape:
        return t, None
    return t, float(numpy.abs(a - b).mean())


def main():
    da, db, bound = sys.argv[1], sys.argv[2], float(sys.argv[3])
    ta, tb = tiles(da), tiles(db)
    jobs = [(da, db, t, t in ta, t in tb) for t in sorted(ta | tb)]
    diffs = []
    worst, worst_tile = -1.0, ''
    with multiprocessing.Pool(os.cpu_count()) as p:
        for t, d in p.imap(diff, jobs, chunksize=64):
            if d is None:
                print('tile %s: sizes differ' % t, file=sys.stderr)
                sys.exit(1)
            diffs.append(d)
            if d > worst:
                worst, worst_tile = d, t[:-4]
    diffs.sort()
    n = len(diffs)
    over = sum(1 for d in diffs if d > bound)
    p99 = diffs[min(n - 1, int(0.99 * n))] if n else 0.0
    print('tiles=%d only_a=%d only_b=%d mean=%.3f p99=%.3f max=%.3f '
          'max_tile=%s over=%d bound=%g' %
          (n, len(ta - tb), len(tb - ta), sum(diffs) / n if n else 0.0,
           p99, worst, worst_tile, over, bound))
    sys.exit(0 if over == 0 else 2)


if __name__ == '__main__':
    main()
