/*
 * bench/tiles_compare.c - per-tile image comparison for bench/tiles.sh
 * (the C version of bench/tiles_compare.py, which decodes through GDAL
 * and numpy and took 8-25 minutes per pair of 8,170 tiles on the loaded
 * machine; this takes seconds).
 *
 * Compares two XYZ tile directories (DIR/z/x/y.png) tile by tile: every
 * tile present on either side (a tile missing on one side is fully
 * transparent there: neither schoolgis nor bench/mapnik_tiles.py writes
 * empty tiles).  Both PNGs are decoded by libpng to 8-bit RGBA (palette
 * PNGs through their PLTE and tRNS) and the colours premultiplied by
 * alpha ((c * a + 127) / 255: a transparent pixel is (0,0,0,0) whatever
 * its stored colour), so that only what a viewer would see counts.  The
 * difference of a tile is the mean absolute difference of its R, G, B and
 * A values over all its pixels (0-255 scale).
 *
 * Usage: tiles_compare DIR_A DIR_B BOUND
 * Prints one line of key=value pairs: tiles compared, only_a, only_b,
 * mean (of the per-tile differences), p99 (99th percentile), max (the
 * largest per-tile difference) and max_tile, over (tiles whose difference
 * exceeds BOUND), bound, and identical (tiles whose premultiplied pixels
 * are all equal), and per pixel: pixels (compared), px_diff (pixels whose
 * premultiplied values differ at all), px_over4 (pixels with a value
 * more than 4 apart) and px_max (the largest difference of one value);
 * then, when tiles exceed BOUND, a line "over:" with the
 * first 20 of them (tile=difference).  Exit status 0 when every tile is within BOUND, 2
 * otherwise, 1 on an error (a PNG that does not decode, sizes that
 * differ).
 *
 * Built by bench/tiles.sh: cc -O2 bench/tiles_compare.c -lpng.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	char **v;
	size_t n, cap;
} list;

static list found;
static size_t root_len;

static int visit(const char *path, const struct stat *st, int type,
		 struct FTW *f)
{
	size_t n = strlen(path);

	(void)st;
	(void)f;
	if (type != FTW_F || n < 4 || strcmp(path + n - 4, ".png"))
		return 0;
	if (found.n == found.cap) {
		found.cap = found.cap ? 2 * found.cap : 4096;
		found.v = realloc(found.v, found.cap * sizeof(char *));
		if (!found.v)
			return -1;
	}
	found.v[found.n] = strdup(path + root_len + 1);
	return found.v[found.n++] ? 0 : -1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The .png files under dir, relative to it, sorted. */
static list tiles(const char *dir)
{
	list l;

	found = (list){ 0 };
	root_len = strlen(dir);
	if (nftw(dir, visit, 32, FTW_PHYS)) {
		fprintf(stderr, "tiles_compare: cannot read %s\n", dir);
		exit(1);
	}
	l = found;
	if (l.n)
		qsort(l.v, l.n, sizeof(char *), cmp_str);
	return l;
}

/* dir/rel decoded to premultiplied RGBA; *w x *h. */
static unsigned char *rgba(const char *dir, const char *rel, unsigned *w,
			   unsigned *h)
{
	char path[4096];
	png_image p;
	unsigned char *px;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	memset(&p, 0, sizeof(p));
	p.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_file(&p, path)) {
		fprintf(stderr, "tiles_compare: %s: %s\n", path, p.message);
		exit(1);
	}
	p.format = PNG_FORMAT_RGBA;
	px = malloc(PNG_IMAGE_SIZE(p));
	if (!px || !png_image_finish_read(&p, NULL, px, 0, NULL)) {
		fprintf(stderr, "tiles_compare: %s: %s\n", path, p.message);
		exit(1);
	}
	*w = p.width;
	*h = p.height;
	for (size_t i = 0; i < (size_t)*w * *h; i++) {
		unsigned a = px[4 * i + 3];

		for (int c = 0; c < 3; c++)
			px[4 * i + c] = (unsigned char)((px[4 * i + c] * a +
							 127) /
							255);
	}
	return px;
}

int main(int argc, char **argv)
{
	list a, b;
	size_t i = 0, j = 0, n = 0, only_a = 0, only_b = 0, over = 0, same = 0;
	double *d, sum = 0, worst = -1, bound;
	char worst_tile[4096] = "", overs[1024] = "";
	size_t overs_len = 0;
	unsigned long long npx = 0, px_diff = 0, px_over4 = 0;
	int px_max = 0;

	if (argc != 4) {
		fprintf(stderr, "usage: tiles_compare DIR_A DIR_B BOUND\n");
		return 1;
	}
	bound = atof(argv[3]);
	a = tiles(argv[1]);
	b = tiles(argv[2]);
	d = malloc((a.n + b.n + 1) * sizeof(double));
	if (!d)
		return 1;
	while (i < a.n || j < b.n) {
		int c = i == a.n ? 1 : j == b.n ? -1 : strcmp(a.v[i], b.v[j]);
		const char *t = c <= 0 ? a.v[i] : b.v[j];
		unsigned wa = 0, ha = 0, wb = 0, hb = 0;
		unsigned char *pa = c <= 0 ? rgba(argv[1], t, &wa, &ha) : NULL;
		unsigned char *pb = c >= 0 ? rgba(argv[2], t, &wb, &hb) : NULL;
		size_t m, k;
		unsigned long long s = 0;

		if (pa && pb && (wa != wb || ha != hb)) {
			fprintf(stderr, "tiles_compare: %s: sizes differ\n", t);
			return 1;
		}
		m = 4 * (size_t)(pa ? wa : wb) * (pa ? ha : hb);
		for (k = 0; k < m; k += 4) {
			int worst_c = 0;

			for (size_t c = k; c < k + 4; c++) {
				int x = pa ? pa[c] : 0, y = pb ? pb[c] : 0;
				int e = x > y ? x - y : y - x;

				s += (unsigned)e;
				worst_c = e > worst_c ? e : worst_c;
			}
			npx++;
			px_diff += worst_c > 0;
			px_over4 += worst_c > 4;
			px_max = worst_c > px_max ? worst_c : px_max;
		}
		d[n] = m ? (double)s / (double)m : 0;
		same += s == 0;
		sum += d[n];
		if (d[n] > bound && over++ < 20 && overs_len < sizeof(overs))
			overs_len += (size_t)snprintf(overs + overs_len,
						      sizeof(overs) - overs_len,
						      " %.*s=%.2f",
						      (int)strlen(t) - 4, t,
						      d[n]);
		if (d[n] > worst) {
			worst = d[n];
			snprintf(worst_tile, sizeof(worst_tile), "%.*s",
				 (int)strlen(t) - 4, t);
		}
		n++;
		only_a += c < 0;
		only_b += c > 0;
		i += c <= 0;
		j += c >= 0;
		free(pa);
		free(pb);
	}
	if (n)
		qsort(d, n, sizeof(double), cmp_dbl);
	printf("tiles=%zu only_a=%zu only_b=%zu mean=%.3f p99=%.3f max=%.3f "
	       "max_tile=%s over=%zu bound=%g identical=%zu pixels=%llu "
	       "px_diff=%llu px_over4=%llu px_max=%d\n",
	       n, only_a, only_b, n ? sum / (double)n : 0.0,
	       n ? d[(size_t)(0.99 * (double)n) < n ? (size_t)(0.99 * (double)n)
						    : n - 1]
		 : 0.0,
	       n ? worst : 0.0, worst_tile, over, bound, same, npx, px_diff,
	       px_over4, px_max);
	if (over)
		printf("over:%s\n", overs);
	return over ? 2 : 0;
}
