"""tests/helpers/districts.py - a multi-district city from sg-gensample.

Usage: districts.py GEN OUTDIR N [MARGIN_M KEEP]

Generates N sample districts with sg-gensample (seeds 783, 784, ...),
shifts district k east by k times the district's width (so that the
districts' boxes touch and schools of a neighbour lie within a few km of
the border), renames its codes (district 80k, wards k<code>, schools
<code>-k) and writes one city of them in OUTDIR: city.geojson,
district.geojson, communes.geojson, population.csv, schools.csv.

With MARGIN_M and KEEP, also writes OUTDIR/only/ holding district KEEP
alone: its district, wards, population and schools, plus the schools of
the other districts whose point lies within the district's bounding box
widened by MARGIN_M metres (the documented margin of a unit scope), with
their ward code left empty (their ward is not in that store).
"""
import csv, json, math, os, subprocess, sys

gen, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
margin = float(sys.argv[4]) if len(sys.argv) > 5 else None
keep = int(sys.argv[5]) if len(sys.argv) > 5 else None
os.makedirs(out, exist_ok=True)


def coords(geom):
    g = geom['coordinates']
    rings = [g] if geom['type'] == 'Polygon' else g
    for poly in rings:
        for ring in poly:
            for pt in ring:
                yield pt


def shift_geom(geom, dx):
    def walk(c):
        if isinstance(c[0], (int, float)):
            return [c[0] + dx, c[1]]
        return [walk(x) for x in c]
    return {'type': geom['type'], 'coordinates': walk(geom['coordinates'])}


def bbox(feats):
    xs, ys = [], []
    for f in feats:
        for x, y in coords(f['geometry']):
            xs.append(x)
            ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


dists, wards, pop, schools = [], [], [], []
header = pheader = None
width = None
for k in range(n):
    src = os.path.join(out, 'src%d' % k)
    subprocess.run([gen, '--quiet', '--seed', str(783 + k), '--years',
                    '2016-2017,2017-2018', src], check=True)
    d = json.load(open(os.path.join(src, 'district.geojson'),
                       encoding='utf-8'))
    c = json.load(open(os.path.join(src, 'communes.geojson'),
                       encoding='utf-8'))
    if width is None:
        b = bbox(d['features'])
        width = b[2] - b[0]
    dx = k * width
    dcode = str(800 + k)
    for f in d['features']:
        p = dict(f['properties'])
        p['Mã'] = dcode
        p['Tên'] = 'Huyện %d' % k
        dists.append({'type': 'Feature', 'properties': p,
                      'geometry': shift_geom(f['geometry'], dx)})
    for f in c['features']:
        p = dict(f['properties'])
        p['Mã xã'] = '%d%s' % (k, p['Mã xã'])
        p['Mã huyện'] = dcode
        wards.append({'type': 'Feature', 'properties': p,
                      'geometry': shift_geom(f['geometry'], dx)})
    with open(os.path.join(src, 'population.csv'), encoding='utf-8') as fh:
        r = csv.reader(fh)
        pheader = next(r)
        for row in r:
            row[0] = '%d%s' % (k, row[0])
            pop.append((k, row))
    with open(os.path.join(src, 'schools.csv'), encoding='utf-8') as fh:
        r = csv.reader(fh)
        header = next(r)
        ic, iw = header.index('Mã trường'), header.index('Mã xã')
        ix, iy = header.index('Kinh độ'), header.index('Vĩ độ')
        for row in r:
            row[ic] = '%s-%d' % (row[ic], k)
            row[iw] = '%d%s' % (k, row[iw])
            row[ix] = '%.6f' % (float(row[ix]) + dx)
            schools.append((k, row))


def write(dirname, ks, extra=()):
    os.makedirs(dirname, exist_ok=True)
    fc = lambda name, feats: json.dump(
        {'type': 'FeatureCollection', 'name': name, 'features': feats},
        open(os.path.join(dirname, name + '.geojson'), 'w',
             encoding='utf-8'), ensure_ascii=False)
    fc('district', [dists[k] for k in ks])
    fc('communes', [w for w in wards
                    if w['properties']['Mã huyện'] in
                    [str(800 + k) for k in ks]])
    with open(os.path.join(dirname, 'population.csv'), 'w',
              encoding='utf-8', newline='') as fh:
        w = csv.writer(fh)
        w.writerow(pheader)
        w.writerows(row for k, row in pop if k in ks)
    with open(os.path.join(dirname, 'schools.csv'), 'w',
              encoding='utf-8', newline='') as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(row for k, row in schools if k in ks)
        w.writerows(extra)


write(out, list(range(n)))
b = bbox(dists)
city = {'type': 'FeatureCollection', 'name': 'city', 'features': [
    {'type': 'Feature', 'properties': {'code': '79', 'name': 'Thành phố'},
     'geometry': {'type': 'Polygon', 'coordinates': [[
         [b[0] - .1, b[1] - .1], [b[2] + .1, b[1] - .1],
         [b[2] + .1, b[3] + .1], [b[0] - .1, b[3] + .1],
         [b[0] - .1, b[1] - .1]]]}}]}
json.dump(city, open(os.path.join(out, 'city.geojson'), 'w',
                     encoding='utf-8'), ensure_ascii=False)
if keep is not None:
    x0, y0, x1, y1 = bbox([dists[keep]])
    dy = margin / 111320.0
    lat = max(abs(y0), abs(y1))
    dxm = dy / max(math.cos(math.radians(lat)), 0.01)
    ix, iy = header.index('Kinh độ'), header.index('Vĩ độ')
    iw = header.index('Mã xã')
    extra = []
    for k, row in schools:
        x, y = float(row[ix]), float(row[iy])
        if k != keep and x0 - dxm <= x <= x1 + dxm and \
                y0 - dy <= y <= y1 + dy:
            row = list(row)
            row[iw] = ''
            extra.append(row)
    write(os.path.join(out, 'only'), [keep], extra)
    print(len(extra))
