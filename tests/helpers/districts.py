"""tests/helpers/districts.py - a city or a country of sg-gensample districts.

Usage: districts.py GEN OUTDIR N [MARGIN_M KEEP] [--schools S]
                    [--per-province P] [--keep-province]

Generates N sample districts with sg-gensample (seeds 783, 784, ...; S
schools each, default the generator's), lays district k out on a grid
(columns of ceil(sqrt(N)) districts, each shifted by the district's width
and height, so that neighbours' boxes touch and their schools lie within
a few km of the border), renames its codes (district 800+k, wards
k<code>, schools <code>-k) and writes them in OUTDIR: city.geojson (one
city "79" around all, or with --per-province P one province, kind city,
code 10+j, around each P consecutive districts), district.geojson,
communes.geojson, population.csv, schools.csv.

With MARGIN_M and KEEP, also writes OUTDIR/only/ holding district KEEP
(with --keep-province: province KEEP) alone: its units, population and
schools, plus the other schools whose point lies within its bounding box
widened by MARGIN_M metres (the documented margin of a unit scope), with
their ward code left empty (their ward is not in that store).  Prints
the number of margin rows.
"""
import csv, json, math, os, subprocess, sys

args = [a for a in sys.argv[1:] if not a.startswith('--')]
opts = sys.argv[1:]
def opt(name, default=None):
    return opts[opts.index(name) + 1] if name in opts else default
for name in ('--schools', '--per-province'):
    if name in opts:
        args.remove(opt(name))
gen, out, n = args[0], args[1], int(args[2])
margin = float(args[3]) if len(args) > 4 else None
keep = int(args[4]) if len(args) > 4 else None
nschools = opt('--schools')
per = int(opt('--per-province', 0))
keep_province = '--keep-province' in opts
os.makedirs(out, exist_ok=True)


def coords(geom):
    g = geom['coordinates']
    rings = [g] if geom['type'] == 'Polygon' else g
    for poly in rings:
        for ring in poly:
            for pt in ring:
                yield pt


def shift_geom(geom, dx, dy=0):
    def walk(c):
        if isinstance(c[0], (int, float)):
            return [c[0] + dx, c[1] + dy]
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
cols = max(1, math.ceil(math.sqrt(n)))
for k in range(n):
    src = os.path.join(out, 'src%d' % k)
    cmd = [gen, '--quiet', '--seed', str(783 + k), '--years',
           '2016-2017,2017-2018']
    if nschools:
        cmd += ['--schools', nschools]
    subprocess.run(cmd + [src], check=True)
    d = json.load(open(os.path.join(src, 'district.geojson'),
                       encoding='utf-8'))
    c = json.load(open(os.path.join(src, 'communes.geojson'),
                       encoding='utf-8'))
    if width is None:
        b = bbox(d['features'])
        width, height = b[2] - b[0], b[3] - b[1]
    dx, dy = (k % cols) * width, -(k // cols) * height
    dcode = str(800 + k)
    for f in d['features']:
        p = dict(f['properties'])
        p['Mã'] = dcode
        p['Tên'] = 'Huyện %d' % k
        p['Mã cấp trên'] = str(10 + k // per) if per else '79'
        dists.append({'type': 'Feature', 'properties': p,
                      'geometry': shift_geom(f['geometry'], dx, dy)})
    for f in c['features']:
        p = dict(f['properties'])
        p['Mã xã'] = '%d%s' % (k, p['Mã xã'])
        p['Mã huyện'] = dcode
        wards.append({'type': 'Feature', 'properties': p,
                      'geometry': shift_geom(f['geometry'], dx, dy)})
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
            row[iy] = '%.6f' % (float(row[iy]) + dy)
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


def around(code, name, feats):
    b = bbox(feats)
    return {'type': 'Feature', 'properties': {'code': code, 'name': name},
            'geometry': {'type': 'Polygon', 'coordinates': [[
                [b[0] - .01, b[1] - .01], [b[2] + .01, b[1] - .01],
                [b[2] + .01, b[3] + .01], [b[0] - .01, b[3] + .01],
                [b[0] - .01, b[1] - .01]]]}}


if per:
    cities = [around(str(10 + j), 'Tỉnh %d' % j, dists[j * per:(j + 1) * per])
              for j in range((n + per - 1) // per)]
else:
    cities = [around('79', 'Thành phố', dists)]
json.dump({'type': 'FeatureCollection', 'name': 'city', 'features': cities},
          open(os.path.join(out, 'city.geojson'), 'w', encoding='utf-8'),
          ensure_ascii=False)
if keep is not None:
    ks = list(range(keep * per, min(n, (keep + 1) * per))) \
        if keep_province else [keep]
    x0, y0, x1, y1 = bbox([dists[k] for k in ks])
    dy = margin / 111320.0
    lat = max(abs(y0), abs(y1))
    dxm = dy / max(math.cos(math.radians(lat)), 0.01)
    ix, iy = header.index('Kinh độ'), header.index('Vĩ độ')
    iw = header.index('Mã xã')
    extra = []
    for k, row in schools:
        x, y = float(row[ix]), float(row[iy])
        if k not in ks and x0 - dxm <= x <= x1 + dxm and \
                y0 - dy <= y <= y1 + dy:
            row = list(row)
            row[iw] = ''
            extra.append(row)
    write(os.path.join(out, 'only'), ks, extra)
    if keep_province:
        json.dump({'type': 'FeatureCollection', 'name': 'city',
                   'features': [cities[keep]]},
                  open(os.path.join(out, 'only', 'city.geojson'), 'w',
                       encoding='utf-8'), ensure_ascii=False)
    print(len(extra))
