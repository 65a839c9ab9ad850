/*
 * layers/admit_publish.c - the families' lookup site of an admission
 * run (`schoolgis admit ... --publish DIR`): static files, no server
 * code, no request outside the site.
 *
 * A family enters the application code and the child's birth date; the
 * page derives, with the browser's WebCrypto:
 *
 *   K   = PBKDF2-HMAC-SHA256(password = CODE "\n" YYYY-MM-DD,
 *                            salt = the run's 16 random bytes,
 *                            iterations from params.json, 32 bytes)
 *   id  = hex(HMAC-SHA256(K, "id"))       where to look
 *   key = HMAC-SHA256(K, "enc")            AES-256-GCM key
 *
 * and fetches r/<first shard_hex hex digits of id>.json, a JSON object
 * from the first 32 hex digits of id to base64(IV 12 bytes ||
 * ciphertext || tag 16 bytes); the plaintext is the result as JSON
 * (school, rank of that choice, the explanation in Vietnamese).  The
 * code is trimmed and upper-cased on both sides.  Without both values
 * nothing can be found or read: the ids are HMACs of the slow key and
 * the shard files hold only ciphertext.  This side uses OpenSSL's
 * libcrypto (PKCS5_PBKDF2_HMAC, HMAC, EVP AES-256-GCM, RAND_bytes),
 * the KDF in threads.
 *
 * The zone lookup: zones.geojson is zones.gpkg of the run (already
 * under the k rule), converted by GDAL; the page draws it with Leaflet
 * (Debian's libjs-leaflet, copied in) on a blank background and tells
 * which school's zone holds a clicked place.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <gdal_utils.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "layers/admit_int.h"
#include "util/file.h"

#define WHAT "admit"
#define LEAFLET_DIR "/usr/share/javascript/leaflet"

/*---- Keys ---------------------------------------------------------------*/

typedef struct {
	const sg_admit_data *d;
	const uint8_t *salt;
	int iterations;
	size_t from, to;
	uint8_t *k; /* 32 bytes per applicant */
	int failed;
} kdf_job;

/* The code as typed, trimmed and upper-cased, "\n", the birth date. */
static size_t password(const char *code, const char *birth, char *out, size_t n)
{
	size_t len = 0;

	while (*code == ' ' || *code == '\t')
		code++;
	for (; *code && len + 1 < n; code++)
		out[len++] = (*code >= 'a' && *code <= 'z') ? (char)(*code - 32)
							    : *code;
	while (len > 0 && (out[len - 1] == ' ' || out[len - 1] == '\t'))
		len--;
	len += (size_t)snprintf(out + len, n - len, "\n%s", birth);
	return len < n ? len : n - 1;
}

static void *kdf_thread(void *arg)
{
	kdf_job *j = arg;
	char pw[512];

	for (size_t a = j->from; a < j->to; a++) {
		size_t len;

		if (!j->d->abirth[a])
			continue;
		len = password(j->d->acode[a], j->d->abirth[a], pw, sizeof(pw));
		if (PKCS5_PBKDF2_HMAC(pw, (int)len, j->salt, 16, j->iterations,
				      EVP_sha256(), 32, j->k + 32 * a) != 1)
			j->failed = 1;
	}
	return NULL;
}

/* PBKDF2 of every applicant with a birth date, on all cores. */
static int derive_all(sg_ctx *ctx, const sg_admit_data *d,
		      const uint8_t salt[16], int iterations, uint8_t *k)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	size_t nt = ncpu < 1 ? 1 : ncpu > 16 ? 16 : (size_t)ncpu;
	pthread_t th[16];
	kdf_job job[16];
	size_t started = 0;
	int failed = 0;

	if (nt > d->napp / 64 + 1)
		nt = d->napp / 64 + 1;
	for (size_t t = 0; t < nt; t++) {
		job[t] = (kdf_job){ d,
				    salt,
				    iterations,
				    d->napp * t / nt,
				    d->napp * (t + 1) / nt,
				    k,
				    0 };
		if (t > 0 &&
		    pthread_create(&th[t], NULL, kdf_thread, &job[t]) != 0)
			kdf_thread(&job[t]); /* no thread: here */
		else if (t > 0)
			started |= (size_t)1 << t;
	}
	kdf_thread(&job[0]);
	for (size_t t = 1; t < nt; t++)
		if (started & ((size_t)1 << t))
			pthread_join(th[t], NULL);
	for (size_t t = 0; t < nt; t++)
		failed |= job[t].failed;
	if (failed)
		return sg_error__set(ctx, SG_ERROR,
				     "admit: publish: OpenSSL "
				     "PBKDF2 failed");
	return SG_OK;
}

static void hex(const uint8_t *b, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = '\0';
}

/*---- Results ------------------------------------------------------------*/

/* The result of applicant a as JSON (the plaintext). */
static size_t result_json(const sg_admit_data *d, const sg_admit_result *r,
			  size_t a, char *buf, size_t n)
{
	char ex[1024], rank[64];
	int32_t s = r->school[a];
	size_t off = 0;
	sg_sb b;

	if (d->round == 2)
		off = (size_t)snprintf(ex, sizeof(ex), "Vòng 2: ");
	if (d->grade == 10 && d->noscore[a])
		snprintf(ex + off, sizeof(ex) - off,
			 "Chưa có điểm thi; chưa "
			 "trúng tuyển.");
	else
		sg_admit__explain_vi(&d->in, r, a, d->k, ex + off,
				     sizeof(ex) - off);
	rank[0] = '\0';
	if (s >= 0)
		snprintf(rank, sizeof(rank),
			 d->grade == 10 ? "nguyện vọng %d"
					: "trường gần nhà thứ %d",
			 r->rank[a]);
	sg_sb__fixed(&b, buf, n); /* util's builder over buf */
	sg_sb__printf(&b, "{\"status\":\"%s\",\"grade\":%d,\"year\":",
		      s >= 0 ? "placed" : "unplaced", d->grade);
	sg_sb__json_text(&b, d->year);
	sg_sb__printf(&b, ",\"round\":%d,\"school_code\":", d->round);
	sg_sb__json_text(&b, s >= 0 ? d->scode[s] : "");
	sg_sb__puts(&b, ",\"school_name\":");
	sg_sb__json_text(&b, s >= 0 ? d->sname[s] : "");
	sg_sb__printf(&b,
		      ",\"rank\":%d,\"rank_text\":", s >= 0 ? r->rank[a] : 0);
	sg_sb__json_text(&b, rank);
	sg_sb__puts(&b, ",\"explanation\":");
	sg_sb__json_text(&b, ex);
	sg_sb__puts(&b, "}");
	return b.len;
}

/* AES-256-GCM of pt under key with a random IV: base64(IV || ct ||
 * tag) into out (NUL-terminated).  0, or -1 on failure. */
static int seal(const uint8_t key[32], const char *pt, size_t n, char *out,
		size_t outsz)
{
	uint8_t raw[4096 + 28];
	EVP_CIPHER_CTX *c;
	int len = 0, fin = 0, ok;

	if (n > 4096 || 4 * ((n + 28 + 2) / 3) + 1 > outsz ||
	    RAND_bytes(raw, 12) != 1 || !(c = EVP_CIPHER_CTX_new()))
		return -1;
	ok = EVP_EncryptInit_ex(c, EVP_aes_256_gcm(), NULL, key, raw) == 1 &&
	     EVP_EncryptUpdate(c, raw + 12, &len, (const uint8_t *)pt,
			       (int)n) == 1 &&
	     EVP_EncryptFinal_ex(c, raw + 12 + len, &fin) == 1 &&
	     EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16,
				 raw + 12 + len + fin) == 1;
	EVP_CIPHER_CTX_free(c);
	if (!ok)
		return -1;
	EVP_EncodeBlock((uint8_t *)out, raw, 12 + len + fin + 16);
	return 0;
}

typedef struct {
	char id[33]; /* the entry's name in the shard */
	char *sealed;
	unsigned shard;
} entry;

static int cmp_entry(const void *a, const void *b)
{
	const entry *x = a, *y = b;

	if (x->shard != y->shard)
		return x->shard < y->shard ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* The shards: r/XX.json, each an object id -> sealed result. */
static int write_shards(sg_ctx *ctx, const char *dir, entry *e, size_t n,
			int shard_hex)
{
	char path[4400];
	size_t i = 0;

	snprintf(path, sizeof(path), "%s/r", dir);
	if (mkdir(path, 0777) != 0)
		return sg_error__set(ctx, SG_EIO, "admit: cannot create %s: %s",
				     path, strerror(errno));
	qsort(e, n, sizeof(*e), cmp_entry);
	while (i < n) {
		unsigned sh = e[i].shard;
		FILE *fp;
		int bad;

		snprintf(path, sizeof(path), "%s/r/%0*x.json", dir, shard_hex,
			 sh);
		if (!(fp = fopen(path, "wb")))
			return sg_error__set(ctx, SG_EIO,
					     "admit: cannot write "
					     "%s: %s",
					     path, strerror(errno));
		fputc('{', fp);
		for (int first = 1; i < n && e[i].shard == sh; i++, first = 0)
			fprintf(fp, "%s\n\"%s\":\"%s\"", first ? "" : ",",
				e[i].id, e[i].sealed);
		fputs("}\n", fp);
		bad = ferror(fp);
		if (fclose(fp) != 0 || bad)
			return sg_error__set(ctx, SG_EIO,
					     "admit: cannot write "
					     "%s",
					     path);
	}
	return SG_OK;
}

/*---- The page -----------------------------------------------------------*/

static const char page_html[] =
	"<!DOCTYPE html>\n"
	"<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
	"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	"<title>Tra cứu kết quả tuyển sinh</title>\n"
	"<link rel=\"stylesheet\" href=\"leaflet/leaflet.css\">\n"
	"<style>\n"
	"body{font-family:sans-serif;margin:0 auto;max-width:880px;padding:1em}\n"
	"form{display:grid;grid-template-columns:max-content 1fr;gap:.5em;"
	"align-items:center;max-width:480px}\n"
	"#result{margin:1em 0;padding:.8em;border:1px solid #ccc;"
	"min-height:1.5em}\n"
	"#map{height:420px;border:1px solid #ccc}\n"
	".found{background:#eef8ee}.none{background:#fbeeee}\n"
	"</style>\n</head>\n<body>\n"
	"<h1>Tra cứu kết quả tuyển sinh <span id=\"what\"></span></h1>\n"
	"<p>Nhập mã hồ sơ và ngày sinh của học sinh. Kết quả được mã hoá: chỉ "
	"ai biết cả hai mới đọc được; trang không gửi dữ liệu đi đâu.</p>\n"
	"<form id=\"f\">\n"
	"<label for=\"code\">Mã hồ sơ</label>"
	"<input id=\"code\" autocomplete=\"off\" required>\n"
	"<label for=\"birth\">Ngày sinh</label>"
	"<input id=\"birth\" type=\"date\" required>\n"
	"<span></span><button id=\"go\" type=\"submit\">Tra cứu</button>\n"
	"</form>\n"
	"<div id=\"result\" aria-live=\"polite\"></div>\n"
	"<h2>Trường theo nơi ở</h2>\n"
	"<p>Bấm vào bản đồ tại nơi ở để xem vùng tuyển sinh của trường nào "
	"(vùng vẽ từ kết quả xếp trường năm nay; vùng có ít học sinh được gộp "
	"hoặc bỏ để bảo vệ riêng tư).</p>\n"
	"<div id=\"map\"></div>\n<p id=\"zone\" aria-live=\"polite\"></p>\n"
	"<script src=\"leaflet/leaflet.js\"></script>\n"
	"<script src=\"lookup.js\"></script>\n"
	"</body>\n</html>\n";

static const char lookup_js[] =
	"/* The families' lookup: WebCrypto only. */\n"
	"'use strict';\n"
	"const enc = new TextEncoder();\n"
	"let P = null;\n"
	"function hexOf(buf) {\n"
	"  return Array.from(new Uint8Array(buf),\n"
	"    b => b.toString(16).padStart(2, '0')).join('');\n"
	"}\n"
	"function bytesOfHex(h) {\n"
	"  const b = new Uint8Array(h.length / 2);\n"
	"  for (let i = 0; i < b.length; i++)\n"
	"    b[i] = parseInt(h.substr(2 * i, 2), 16);\n"
	"  return b;\n"
	"}\n"
	"async function hmac(k, text) {\n"
	"  return crypto.subtle.sign('HMAC', k, enc.encode(text));\n"
	"}\n"
	"/* The result of (code, birth), or null. */\n"
	"async function lookup(code, birth) {\n"
	"  const pw = code.trim().toUpperCase() + '\\n' + birth;\n"
	"  const base = await crypto.subtle.importKey('raw', enc.encode(pw),\n"
	"    'PBKDF2', false, ['deriveBits']);\n"
	"  const K = await crypto.subtle.deriveBits({name: 'PBKDF2',\n"
	"    hash: 'SHA-256', salt: bytesOfHex(P.salt),\n"
	"    iterations: P.iterations}, base, 256);\n"
	"  const hk = await crypto.subtle.importKey('raw', K,\n"
	"    {name: 'HMAC', hash: 'SHA-256'}, false, ['sign']);\n"
	"  const id = hexOf(await hmac(hk, 'id'));\n"
	"  const res = await fetch('r/' + id.substr(0, P.shard_hex) + '.json');\n"
	"  if (!res.ok) return null;\n"
	"  const shard = await res.json();\n"
	"  const sealed = shard[id.substr(0, 32)];\n"
	"  if (!sealed) return null;\n"
	"  const raw = Uint8Array.from(atob(sealed), c => c.charCodeAt(0));\n"
	"  const ek = await crypto.subtle.importKey('raw', await hmac(hk, 'enc'),\n"
	"    'AES-GCM', false, ['decrypt']);\n"
	"  const pt = await crypto.subtle.decrypt({name: 'AES-GCM',\n"
	"    iv: raw.slice(0, 12)}, ek, raw.slice(12));\n"
	"  return JSON.parse(new TextDecoder().decode(pt));\n"
	"}\n"
	"function show(r) {\n"
	"  const out = document.getElementById('result');\n"
	"  out.textContent = '';\n"
	"  out.className = r ? 'found' : 'none';\n"
	"  out.dataset.school = r ? r.school_code : '';\n"
	"  if (!r) {\n"
	"    out.textContent = 'Không tìm thấy kết quả: kiểm tra lại mã hồ sơ '\n"
	"      + 'và ngày sinh.';\n"
	"    return;\n"
	"  }\n"
	"  const add = (label, text) => {\n"
	"    const p = document.createElement('p');\n"
	"    const b = document.createElement('b');\n"
	"    b.textContent = label + ': ';\n"
	"    p.appendChild(b);\n"
	"    p.appendChild(document.createTextNode(text));\n"
	"    out.appendChild(p);\n"
	"  };\n"
	"  if (r.status === 'placed') {\n"
	"    add('Trường', r.school_name + ' (mã ' + r.school_code + ')');\n"
	"    add('Theo', r.rank_text);\n"
	"  } else {\n"
	"    add('Kết quả', 'Chưa được xếp trường');\n"
	"  }\n"
	"  add('Giải thích', r.explanation);\n"
	"}\n"
	"document.getElementById('f').addEventListener('submit', async ev => {\n"
	"  ev.preventDefault();\n"
	"  const out = document.getElementById('result');\n"
	"  out.className = '';\n"
	"  out.textContent = 'Đang tra cứu…';\n"
	"  let r = null;\n"
	"  try {\n"
	"    r = await lookup(document.getElementById('code').value,\n"
	"                     document.getElementById('birth').value);\n"
	"  } catch (e) { r = null; }\n"
	"  show(r);\n"
	"  document.body.dataset.done = (+(document.body.dataset.done || 0) + 1)\n"
	"    .toString();\n"
	"});\n"
	"/* Zones: point in polygon, even-odd over every ring. */\n"
	"function inRing(x, y, ring) {\n"
	"  let c = false;\n"
	"  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {\n"
	"    const [xi, yi] = ring[i], [xj, yj] = ring[j];\n"
	"    if ((yi > y) !== (yj > y) &&\n"
	"        x < (xj - xi) * (y - yi) / (yj - yi) + xi) c = !c;\n"
	"  }\n"
	"  return c;\n"
	"}\n"
	"function zoneAt(zones, x, y) {\n"
	"  for (const f of zones.features) {\n"
	"    const g = f.geometry, polys = g.type === 'Polygon'\n"
	"      ? [g.coordinates] : g.coordinates;\n"
	"    for (const p of polys) {\n"
	"      let inside = false;\n"
	"      for (const ring of p) if (inRing(x, y, ring)) inside = !inside;\n"
	"      if (inside) return f.properties;\n"
	"    }\n"
	"  }\n"
	"  return null;\n"
	"}\n"
	"async function init() {\n"
	"  P = await (await fetch('params.json')).json();\n"
	"  document.getElementById('what').textContent = 'lớp ' + P.grade +\n"
	"    ', năm học ' + P.year + (P.round === 2 ? ' (vòng 2)' : '');\n"
	"  const map = L.map('map', {attributionControl: false});\n"
	"  let zones = {features: []};\n"
	"  try { zones = await (await fetch('zones.geojson')).json(); }\n"
	"  catch (e) { /* no zones published */ }\n"
	"  const layer = L.geoJSON(zones, {style: () => ({weight: 1,\n"
	"    color: '#335', fillOpacity: 0.15})}).addTo(map);\n"
	"  if (zones.features.length) map.fitBounds(layer.getBounds());\n"
	"  else map.setView([P.lat || 10.8, P.lon || 106.7], 11);\n"
	"  let mark = null;\n"
	"  map.on('click', ev => {\n"
	"    const z = zoneAt(zones, ev.latlng.lng, ev.latlng.lat);\n"
	"    if (mark) mark.remove();\n"
	"    mark = L.circleMarker(ev.latlng, {radius: 6}).addTo(map);\n"
	"    document.getElementById('zone').textContent = z\n"
	"      ? 'Nơi này thuộc vùng tuyển sinh của ' + z.school_name +\n"
	"        ' (mã ' + z.school_code + ').'\n"
	"      : 'Nơi này không thuộc vùng tuyển sinh nào được công bố.';\n"
	"  });\n"
	"  window.sgZoneAt = (lon, lat) => zoneAt(zones, lon, lat);\n"
	"  document.body.dataset.ready = '1';\n"
	"}\n"
	"init();\n";

static int write_text(sg_ctx *ctx, const char *dir, const char *name,
		      const char *text)
{
	char path[4400];
	FILE *fp;
	int bad;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!(fp = fopen(path, "wb")))
		return sg_error__set(ctx, SG_EIO, "admit: cannot write %s: %s",
				     path, strerror(errno));
	fputs(text, fp);
	bad = ferror(fp);
	if (fclose(fp) != 0 || bad)
		return sg_error__set(ctx, SG_EIO, "admit: cannot write %s",
				     path);
	return SG_OK;
}

/* Leaflet's script and style sheet from Debian's libjs-leaflet. */
static int copy_leaflet(sg_ctx *ctx, const char *dir)
{
	static const char *const files[] = { "leaflet.js", "leaflet.css" };
	char from[4400], to[4400];

	snprintf(to, sizeof(to), "%s/leaflet", dir);
	if (mkdir(to, 0777) != 0)
		return sg_error__set(ctx, SG_EIO, "admit: cannot create %s: %s",
				     to, strerror(errno));
	for (size_t i = 0; i < 2; i++) {
		snprintf(from, sizeof(from), "%s/%s", LEAFLET_DIR, files[i]);
		snprintf(to, sizeof(to), "%s/leaflet/%s", dir, files[i]);
		if (CPLCopyFile(to, from) != 0)
			return sg_error__set(
				ctx, SG_ENOTFOUND,
				"admit: publish:"
				" cannot copy %s (install Debian's "
				"libjs-leaflet)",
				from);
	}
	return SG_OK;
}

/* zones.gpkg -> zones.geojson (GDAL, 6 decimals). */
static int zones_geojson(sg_ctx *ctx, const char *gpkg, const char *dir)
{
	char out[4400];
	char *argv[] = { "-f",	    "GeoJSON",
			 "-lco",    "COORDINATE_PRECISION=6",
			 "-select", "school_code,school_name",
			 NULL };
	GDALVectorTranslateOptions *vo;
	GDALDatasetH src, dst;
	int err = 0;

	snprintf(out, sizeof(out), "%s/zones.geojson", dir);
	src = GDALOpenEx(gpkg, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL,
			 NULL);
	if (!src)
		return sg_error__set(ctx, SG_EGDAL, "admit: publish: %s: %s",
				     gpkg, sg_gdal__msg(ctx));
	vo = GDALVectorTranslateOptionsNew(argv, NULL);
	dst = vo ? GDALVectorTranslate(out, NULL, 1, &src, vo, &err) : NULL;
	GDALVectorTranslateOptionsFree(vo);
	GDALClose(src);
	if (!dst || err)
		return sg_error__set(ctx, SG_EGDAL, "admit: publish: %s: %s",
				     out, sg_gdal__msg(ctx));
	GDALClose(dst);
	return SG_OK;
}

int sg_admit__publish(sg_ctx *ctx, const sg_admit_data *d,
		      const sg_admit_result *r, int iterations,
		      const char *zones_gpkg, const char *dir,
		      sg_admit_summary *sum)
{
	uint8_t salt[16], *k = NULL;
	char salt_hex[33], params[512];
	int shard_hex = d->napp > 50000 ? 3 : 2, rc = SG_OK;
	entry *e = NULL;
	size_t ne = 0;

	if (iterations <= 0)
		iterations = SG_ADMIT_KDF_ITERATIONS;
	if (RAND_bytes(salt, 16) != 1)
		return sg_error__set(ctx, SG_ERROR,
				     "admit: publish: OpenSSL "
				     "has no random bytes");
	hex(salt, 16, salt_hex);
	k = malloc((d->napp ? d->napp : 1) * 32);
	e = calloc(d->napp ? d->napp : 1, sizeof(*e));
	if (!k || !e) {
		free(k);
		free(e);
		return sg_error__oom(ctx, "admit");
	}
	rc = derive_all(ctx, d, salt, iterations, k);
	for (size_t a = 0; rc == SG_OK && a < d->napp; a++) {
		uint8_t mac[32], key[32];
		unsigned len = 32;
		char pt[4096], id[65];
		size_t n;

		if (!d->abirth[a])
			continue; /* nothing to look it up by */
		n = result_json(d, r, a, pt, sizeof(pt));
		if (!HMAC(EVP_sha256(), k + 32 * a, 32, (const uint8_t *)"id",
			  2, mac, &len) ||
		    !HMAC(EVP_sha256(), k + 32 * a, 32, (const uint8_t *)"enc",
			  3, key, &len) ||
		    !(e[ne].sealed = malloc(4 * ((n + 30) / 3) + 8)) ||
		    seal(key, pt, n, e[ne].sealed, 4 * ((n + 30) / 3) + 8)) {
			rc = sg_error__set(ctx, SG_ERROR,
					   "admit: publish: "
					   "OpenSSL could not seal a result");
			free(e[ne].sealed);
			break;
		}
		hex(mac, 32, id);
		memcpy(e[ne].id, id, 32);
		e[ne].id[32] = '\0';
		e[ne].shard = (unsigned)
			strtoul((char[]){ id[0], id[1],
					  shard_hex > 2 ? id[2] : '\0', '\0' },
				NULL, 16);
		ne++;
	}
	if (rc == SG_OK)
		rc = write_shards(ctx, dir, e, ne, shard_hex);
	if (rc == SG_OK)
		rc = zones_geojson(ctx, zones_gpkg, dir);
	if (rc == SG_OK)
		rc = copy_leaflet(ctx, dir);
	if (rc == SG_OK)
		rc = write_text(ctx, dir, "index.html", page_html);
	if (rc == SG_OK)
		rc = write_text(ctx, dir, "lookup.js", lookup_js);
	if (rc == SG_OK) {
		/* The first key marks the directory as a lookup site. */
		snprintf(params, sizeof(params),
			 "{\"schoolgis\": \"lookup\", "
			 "\"kdf\": \"PBKDF2-SHA256\", \"iterations\": %d, "
			 "\"salt\": \"%s\", \"shard_hex\": %d, \"grade\": %d, "
			 "\"year\": \"%s\", \"round\": %d, \"results\": %zu}\n",
			 iterations, salt_hex, shard_hex, d->grade, d->year,
			 d->round, ne);
		rc = write_text(ctx, dir, "params.json", params);
	}
	sum->published = (int64_t)ne;
	for (size_t i = 0; i < ne; i++)
		free(e[i].sealed);
	free(e);
	OPENSSL_cleanse(k, (d->napp ? d->napp : 1) * 32);
	free(k);
	return rc;
}
