/*
 * tiles/viewer.js - the offline web viewer written beside an XYZ tile
 * pyramid (embedded into the library by cmake/SgEmbed.cmake; viewer.c
 * writes it after the `var SG = {...}` settings).  Vietnamese first,
 * English by a switch (or #en); every text from SG.msg, the report's
 * message table.  Tiles (only those written), the legend, unit names,
 * schools with popups, a search over schools (name, code) and units, and
 * a click that tells whose catchment a place is in and how far its
 * school is.  It loads nothing but the files beside it.
 */
(function () {
  'use strict';
  var state = { tilesLoaded: 0, tileErrors: 0, schools: -1, units: -1,
                catchments: -1, errors: [], lang: 'vi', click: null };
  function report() {
    document.documentElement.setAttribute('data-sg-state',
                                          JSON.stringify(state));
  }
  window.addEventListener('error', function (e) {
    state.errors.push(String(e.message)); report();
  });
  state.lang = SG.lang === 'en' ? 'en' : 'vi';
  var asked = /(?:^|[#&?])(?:lang=)?(vi|en)\b/.exec(location.hash +
                                                     location.search);
  if (asked) state.lang = asked[1];
  function t(k) {
    var m = SG.msg[state.lang];
    return m[k] !== undefined ? m[k] : (SG.msg.vi[k] !== undefined ?
                                        SG.msg.vi[k] : k);
  }
  /* Numbers: vi 1.234,5 - en 1,234.5; d decimals, whole numbers bare. */
  function num(v, d) {
    if (v === null || v === undefined || !isFinite(v)) return '–';
    if (Math.round(v) === v) d = 0;
    var s = Math.abs(v).toFixed(d), p = s.split('.');
    var th = state.lang === 'vi' ? '.' : ',', dec = state.lang === 'vi' ?
      ',' : '.';
    var i = p[0].replace(/\B(?=(\d{3})+(?!\d))/g, th);
    return (v < 0 && Number(s) !== 0 ? '-' : '') + i +
      (p[1] ? dec + p[1] : '');
  }
  /* Legend numbers: up to 3 significant digits, trailing zeros gone. */
  function lnum(v) {
    var a = Math.abs(v);
    var d = a >= 1000 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
    var s = num(Number(v.toFixed(d)), d);
    return s;
  }
  function metres(m) {
    return m >= 1000 ? num(m / 1000, 2) + ' km' : num(Math.round(m), 0) +
      ' m';
  }
  function levels(s) {
    return (s || '').split(',').filter(Boolean).map(function (l) {
      return t('level:' + l);
    }).join(', ') || '–';
  }
  function fold(s) {
    return String(s || '').toLowerCase().normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd');
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  document.title = SG.name + ' – ' + t('title');
  var b = SG.bounds;
  var bounds = L.latLngBounds([b[1], b[0]], [b[3], b[2]]);
  var map = L.map('map', { minZoom: SG.minzoom, maxZoom: SG.maxzoom + 2,
                           maxBounds: bounds.pad(1),
                           zoomControl: false });
  map.fitBounds(bounds);
  if (map.getZoom() < SG.minzoom) map.setZoom(SG.minzoom);
  if (map.getZoom() > SG.maxzoom) map.setZoom(SG.maxzoom);
  var zoom = L.control.zoom({ position: 'topright' }).addTo(map);

  /* Tiles: only those written are asked for. */
  function present(c) {
    var z = SG.index[c.z], row = z && z[c.y];
    if (!row) return false;
    for (var i = 0; i < row.length; i++)
      if (c.x >= row[i][0] && c.x <= row[i][1]) return true;
    return false;
  }
  var Tiles = L.TileLayer.extend({
    getTileUrl: function (c) {
      return present(c) ? L.TileLayer.prototype.getTileUrl.call(this, c)
                        : L.Util.emptyImageUrl;
    }
  });
  var tiles = new Tiles('{z}/{x}/{y}.png', {
    minZoom: SG.minzoom, maxZoom: SG.maxzoom + 2,
    minNativeZoom: SG.minzoom, maxNativeZoom: SG.maxzoom, bounds: bounds,
    tileSize: 256, attribution: SG.attribution
  });
  tiles.on('tileload', function (e) {
    if (e.tile.src.indexOf('data:') !== 0) state.tilesLoaded++;
    report();
  });
  tiles.on('tileerror', function () { state.tileErrors++; report(); });
  tiles.addTo(map);

  /* The legend, in the current language, from the legend's data. */
  function entryLabel(l, e) {
    var lo = e.min, hi = e.max;
    var hasLo = lo !== null && lo !== undefined;
    var hasHi = hi !== null && hi !== undefined;
    if (e.value) return t('cat:' + e.value);
    if (hasLo && hasHi) return lnum(lo) + ' – ' + lnum(hi);
    if (hasHi) return '< ' + lnum(hi);
    if (hasLo) return '≥ ' + lnum(lo);
    if (l.type === 'single') return t('one:' + l.layer);
    /* One class (no breaks) comes first; no data comes last. */
    if (l.type === 'classes' && e === l.entries[0]) return t('all_values');
    return t('no_data');
  }
  function layerTitle(l) {
    /* The map's own language: its full title (with the run's level and
     * method); the other: the indicator's title. */
    if (state.lang === (SG.lang === 'en' ? 'en' : 'vi')) return l.title;
    return l.indicator ? t('ind:' + l.indicator) : t('layer:' + l.layer);
  }
  var legend = L.control({ position: 'bottomright' });
  var legendDiv;
  function swatch(e, fill) {
    var i = el('i', e.shape || '');
    i.style.background = fill || e.color || '#fff';
    return i;
  }
  function drawLegend() {
    legendDiv.textContent = '';
    legendDiv.appendChild(el('h3', '', t('legend')));
    SG.legend.layers.forEach(function (l) {
      legendDiv.appendChild(el('h4', '', layerTitle(l)));
      l.entries.forEach(function (e) {
        var row = el('div');
        row.appendChild(swatch(e));
        row.appendChild(document.createTextNode(entryLabel(l, e) + ' (' +
                                                num(e.count, 0) + ')'));
        legendDiv.appendChild(row);
      });
      (l.shapes || []).forEach(function (e) {
        var row = el('div');
        row.appendChild(swatch(e, '#777'));
        row.appendChild(document.createTextNode(t('cat:' + e.value)));
        legendDiv.appendChild(row);
      });
    });
  }
  legend.onAdd = function () {
    legendDiv = L.DomUtil.create('div', 'sg-legend');
    drawLegend();
    return legendDiv;
  };
  legend.addTo(map);
  L.control.scale({ imperial: false }).addTo(map);

  /* The panel: language switch, search, what a click found. */
  var panel = L.control({ position: 'topleft' });
  var ui = {};
  panel.onAdd = function () {
    var div = L.DomUtil.create('div', 'sg-panel');
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    ui.title = el('h2', '', SG.name);
    ui.lang = el('button', 'sg-lang');
    ui.lang.type = 'button';
    ui.search = el('input', 'sg-search');
    ui.search.type = 'search';
    ui.hits = el('div', 'sg-hits');
    ui.info = el('div', 'sg-info');
    ui.info.setAttribute('role', 'status');
    [ui.lang, ui.title, ui.search, ui.hits, ui.info].forEach(function (e) {
      div.appendChild(e);
    });
    return div;
  };
  panel.addTo(map);
  function drawPanel() {
    ui.lang.textContent = t('lang');
    ui.search.placeholder = t('search');
    ui.search.setAttribute('aria-label', t('search'));
    zoom._zoomInButton.title = t('zoom_in');
    zoom._zoomOutButton.title = t('zoom_out');
    if (state.click) showClick(state.click);
    else ui.info.textContent = t('click_hint');
    document.documentElement.lang = state.lang;
  }
  ui.lang.addEventListener('click', function () {
    state.lang = state.lang === 'vi' ? 'en' : 'vi';
    drawPanel();
    drawLegend();
    runSearch();
    map.closePopup();
    report();
  });

  /* Schools: markers (invisible over the school tiles), popups. */
  var schools = [], byCode = {}, units = [], catchments = [];
  function popup(p) {
    var tbl = el('table', 'sg-popup');
    var tc = p.computers_teaching, mc = p.computers_management;
    var all = tc === null || mc === null ? null : tc + mc;
    var rows = [
      [t('school'), p.name + ' (' + p.code + ')'],
      [t('levels'), levels(p.levels)],
      [t('students'), num(p.students, 0)],
      [t('teaching'), num(tc, 0)],
      [t('management'), num(mc, 0)],
      /* Both ratios from the counts shown above them. */
      [t('per_teaching'), tc > 0 && p.students !== null ?
        num(p.students / tc, 1) : '–'],
      [t('per_computer'), all > 0 && p.students !== null ?
        num(p.students / all, 1) : '–'],
      [t('compliant'), t('cat:' + (p.compliance || 'unknown'))]];
    rows.forEach(function (r) {
      var tr = tbl.insertRow(), th = el('th', '', r[0]);
      tr.appendChild(th);
      tr.insertCell().textContent = r[1];
    });
    return tbl;
  }
  var overlays = {};
  var layers = L.control.layers(null, null, { collapsed: true,
                                              position: 'topright' })
    .addTo(map);
  layers.addOverlay(tiles, t('layers'));

  function load(file) {
    return fetch(file).then(function (r) {
      if (r.status === 404) return null;
      if (!r.ok) throw new Error(file + ': HTTP ' + r.status);
      return r.json();
    });
  }

  /* Unit names as labels; one that would overlap a name already shown
   * is hidden until a zoom makes room. */
  var labels = L.layerGroup();
  function declutter() {
    var shown = [];
    labels.eachLayer(function (m) {
      var e = m.getElement();
      if (!e) return;
      e.style.visibility = '';
      var r = e.getBoundingClientRect();
      var hit = shown.some(function (o) {
        return r.left < o.right && o.left < r.right && r.top < o.bottom &&
          o.top < r.bottom;
      });
      if (hit) e.style.visibility = 'hidden'; else shown.push(r);
    });
  }
  map.on('zoomend', declutter);
  function drawLabels() {
    labels.clearLayers();
    units.forEach(function (u) {
      labels.addLayer(L.marker([u.lat, u.lon], {
        interactive: false, keyboard: false,
        icon: L.divIcon({ className: 'sg-label', html: '',
                          iconSize: null })
      }).on('add', function (e) {
        e.target.getElement().textContent = u.name;
      }));
    });
  }

  /* Which catchment holds a point, and how far its school is. */
  function inRing(x, y, r) {
    var c = false;
    for (var i = 0, j = r.length - 1; i < r.length; j = i++) {
      var xi = r[i][0], yi = r[i][1], xj = r[j][0], yj = r[j][1];
      if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
        c = !c;
    }
    return c;
  }
  function inGeom(x, y, g) {
    var polys = g.type === 'MultiPolygon' ? g.coordinates :
      g.type === 'Polygon' ? [g.coordinates] : [];
    var c = false;
    polys.forEach(function (p) {
      p.forEach(function (r) { if (inRing(x, y, r)) c = !c; });
    });
    return c;
  }
  function distance(a, b) {
    var R = 6371008.8, rad = Math.PI / 180;
    var dl = (b[1] - a[1]) * rad, dn = (b[0] - a[0]) * rad;
    var h = Math.sin(dl / 2) * Math.sin(dl / 2) + Math.cos(a[1] * rad) *
      Math.cos(b[1] * rad) * Math.sin(dn / 2) * Math.sin(dn / 2);
    return 2 * R * Math.asin(Math.sqrt(h));
  }
  function whose(lon, lat) {
    for (var i = 0; i < catchments.length; i++) {
      var c = catchments[i];
      if (c.properties.school_code && inGeom(lon, lat, c.geometry)) {
        var s = byCode[c.properties.school_code];
        return { school: c.properties.school_code, inside: true,
                 name: s ? s.properties.name : c.properties.school_name,
                 distance: s ? distance([lon, lat],
                                        s.geometry.coordinates) : null };
      }
    }
    var best = null;
    schools.forEach(function (s) {
      var d = distance([lon, lat], s.geometry.coordinates);
      if (!best || d < best.distance)
        best = { school: s.properties.code, inside: false,
                 name: s.properties.name, distance: d };
    });
    return best;
  }
  function showClick(r) {
    ui.info.textContent = !r ? t('no_match') :
      t(r.inside ? 'in_zone' : 'outside')
        .replace('{school}', r.name + ' (' + r.school + ')')
        .replace('{distance}', r.distance === null ? '–' :
                 metres(r.distance));
  }
  var mark = null;
  map.on('click', function (e) {
    var r = whose(e.latlng.lng, e.latlng.lat);
    state.click = r;
    showClick(r);
    if (mark) map.removeLayer(mark);
    mark = L.circleMarker(e.latlng, { radius: 4, color: '#000',
                                      weight: 2, fill: false })
      .addTo(map);
    report();
  });

  /* Search: schools by name or code, units by name; accents optional. */
  function runSearch() {
    var q = fold(ui.search.value.trim());
    ui.hits.textContent = '';
    if (!q) return;
    var hits = [];
    schools.forEach(function (s) {
      var p = s.properties;
      if (fold(p.name).indexOf(q) >= 0 || fold(p.code).indexOf(q) >= 0)
        hits.push({ kind: 'school', code: p.code, text: p.name + ' (' +
                    p.code + ')', feature: s });
    });
    units.forEach(function (u) {
      if (fold(u.name).indexOf(q) >= 0 || fold(u.code) === q)
        hits.push({ kind: 'unit', code: u.code, text: u.name + ' – ' +
                    t('unit'), unit: u });
    });
    if (!hits.length) {
      ui.hits.appendChild(el('div', 'sg-none', t('no_match')));
      return;
    }
    hits.slice(0, 12).forEach(function (h) {
      var d = el('button', 'sg-hit', h.text);
      d.type = 'button';
      d.setAttribute('data-kind', h.kind);
      d.setAttribute('data-code', h.code);
      d.addEventListener('click', function () { go(h); });
      ui.hits.appendChild(d);
    });
  }
  function go(h) {
    if (h.kind === 'school') {
      var c = h.feature.geometry.coordinates;
      map.setView([c[1], c[0]], Math.max(map.getZoom(), SG.maxzoom));
      L.popup().setLatLng([c[1], c[0]])
        .setContent(popup(h.feature.properties)).openOn(map);
    } else {
      var u = h.unit.bbox;
      map.fitBounds([[u[1], u[0]], [u[3], u[2]]]);
    }
  }
  ui.search.addEventListener('input', runSearch);
  ui.search.addEventListener('keydown', function (e) {
    var first = ui.hits.querySelector('.sg-hit');
    if (e.key === 'Enter' && first) first.click();
  });
  drawPanel();

  Promise.all([load('schools.geojson'), load('units.geojson'),
               load('catchments.geojson')]).then(function (r) {
    var gj = r[0];
    if (!gj) throw new Error('schools.geojson: not found');
    schools = gj.features;
    schools.forEach(function (s) { byCode[s.properties.code] = s; });
    var colors = { yes: '#009e73', no: '#d55e00', 'no computers': '#000' };
    var pts = L.geoJSON(gj, {
      pointToLayer: function (f, ll) {
        return L.circleMarker(ll, SG.schoolTiles ?
          { radius: 7, stroke: false, fillOpacity: 0.01 } :
          { radius: 5, color: '#fff', weight: 1, fillOpacity: 0.9,
            fillColor: colors[f.properties.compliance] || '#999' });
      },
      onEachFeature: function (f, l) {
        l.bindPopup(function () { return popup(f.properties); });
      }
    }).addTo(map);
    overlays.schools = pts;
    layers.addOverlay(pts, t('school'));
    state.schools = schools.length;
    if (r[1]) {
      units = r[1].features.map(function (f) {
        return { code: f.properties.code, name: f.properties.name,
                 lon: f.geometry.coordinates[0],
                 lat: f.geometry.coordinates[1], bbox: f.properties.bbox };
      });
      drawLabels();
      labels.addTo(map);
      declutter();
      layers.addOverlay(labels, t('unit'));
    }
    state.units = units.length;
    catchments = r[2] ? r[2].features : [];
    state.catchments = catchments.length;
    report();
  }).catch(function (e) { state.errors.push(String(e)); report(); });
  window.SGV = { map: map, state: state, whose: whose };
  report();
})();
