/*
 * layers/rtree.c - a SpatiaLite spatial index rebuilt in one packed
 * pass (layers/rtree.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layers/rtree.h"

#define CELL_BYTES 24 /* 64-bit id + 4 x 32-bit float */

sg_rbox sg_rtree__box(int64_t id, double minx, double miny, double maxx,
		      double maxy)
{
	sg_rbox b = { id, (float)minx, (float)maxx, (float)miny, (float)maxy };

	if (b.x0 > minx)
		b.x0 = nextafterf(b.x0, -INFINITY);
	if (b.x1 < maxx)
		b.x1 = nextafterf(b.x1, INFINITY);
	if (b.y0 > miny)
		b.y0 = nextafterf(b.y0, -INFINITY);
	if (b.y1 < maxy)
		b.y1 = nextafterf(b.y1, INFINITY);
	return b;
}

/*---- Sort-tile-recursive packing -----------------------------------------*/

static int by_x(const void *a, const void *b)
{
	const sg_rbox *p = a, *q = b;
	double u = (double)p->x0 + p->x1, v = (double)q->x0 + q->x1;

	return (u > v) - (u < v) ? (u > v) - (u < v)
				 : (p->id > q->id) - (p->id < q->id);
}

static int by_y(const void *a, const void *b)
{
	const sg_rbox *p = a, *q = b;
	double u = (double)p->y0 + p->y1, v = (double)q->y0 + q->y1;

	return (u > v) - (u < v) ? (u > v) - (u < v)
				 : (p->id > q->id) - (p->id < q->id);
}

/* Order e[0..n-1] so that runs of m are the nodes of one level: slices
 * of about sqrt(n/m) nodes by x, each slice by y. */
static void str_order(sg_rbox *e, size_t n, size_t m)
{
	size_t nodes = (n + m - 1) / m;
	size_t slices = (size_t)ceil(sqrt((double)nodes));
	size_t per = slices ? ((nodes + slices - 1) / slices) * m : n;

	qsort(e, n, sizeof(*e), by_x);
	for (size_t i = 0; i < n; i += per)
		qsort(e + i, n - i < per ? n - i : per, sizeof(*e), by_y);
}

typedef struct {
	const sg_rbox *cell; /* its cells (ids: rows, or child nodes) */
	size_t n;
	int level; /* 0: leaf */
	size_t parent;
} node;

static void put_be(unsigned char *p, uint64_t v, int bytes)
{
	for (int i = bytes - 1; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)(v & 0xFF);
}

static void put_float(unsigned char *p, float f)
{
	uint32_t u;

	memcpy(&u, &f, 4);
	put_be(p, u, 4);
}

/*---- The index's tables --------------------------------------------------*/

/* Node size (the root's blob, as SQLite reads it) of a 2-D R*Tree of
 * floats without auxiliary columns; 0 when it is not one. */
static int node_size(sg_ctx *ctx, const char *what, const char *index,
		     int *size)
{
	char sql[256];
	sqlite3_stmt *st;
	int ok = 0, rc;

	*size = 0;
	rc = sg_db__prepare(ctx, what,
			    "SELECT sql FROM sqlite_master WHERE type = "
			    "'table' AND name = ?1",
			    &st);
	if (rc != SG_OK)
		return rc;
	sqlite3_bind_text(st, 1, index, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *s = (const char *)sqlite3_column_text(st, 0);

		ok = s && strstr(s, "rtree(") && !strstr(s, "rtree_i32");
	}
	sqlite3_finalize(st);
	snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\" LIMIT 0", index);
	if (ok && (rc = sg_db__prepare(ctx, what, sql, &st)) == SG_OK) {
		ok = sqlite3_column_count(st) == 5;
		sqlite3_finalize(st);
	}
	snprintf(sql, sizeof(sql), "SELECT * FROM \"%s_rowid\" LIMIT 0", index);
	if (ok && rc == SG_OK &&
	    (rc = sg_db__prepare(ctx, what, sql, &st)) == SG_OK) {
		ok = sqlite3_column_count(st) == 2;
		sqlite3_finalize(st);
	}
	snprintf(sql, sizeof(sql),
		 "SELECT length(data) FROM \"%s_node\" WHERE nodeno = 1",
		 index);
	if (ok && rc == SG_OK &&
	    (rc = sg_db__prepare(ctx, what, sql, &st)) == SG_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			*size = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	if (rc != SG_OK)
		return rc;
	if (*size < 4 + 2 * CELL_BYTES || *size > 65536)
		return sg_error__set(ctx, SG_EINVALID,
				     "%s: %s is not a two-dimensional R*Tree "
				     "of floats",
				     what, index);
	return SG_OK;
}

/* The entries of the index and add[], in one array. */
static int read_entries(sg_ctx *ctx, const char *what, const char *index,
			const sg_rbox *add, size_t n, sg_rbox **out,
			size_t *nout)
{
	char sql[256];
	sqlite3_stmt *st;
	size_t cap = n + 64, k = 0;
	sg_rbox *e = malloc(cap * sizeof(*e));
	int rc, step;

	*out = NULL;
	*nout = 0;
	if (!e)
		return sg_error__oom(ctx, what);
	snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\"", index);
	if ((rc = sg_db__prepare(ctx, what, sql, &st)) != SG_OK) {
		free(e);
		return rc;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (k == cap) {
			sg_rbox *m = realloc(e, 2 * cap * sizeof(*e));

			if (!m) {
				sqlite3_finalize(st);
				free(e);
				return sg_error__oom(ctx, what);
			}
			e = m;
			cap *= 2;
		}
		/* The stored values are floats: the casts are exact. */
		e[k].id = sqlite3_column_int64(st, 0);
		e[k].x0 = (float)sqlite3_column_double(st, 1);
		e[k].x1 = (float)sqlite3_column_double(st, 2);
		e[k].y0 = (float)sqlite3_column_double(st, 3);
		e[k].y1 = (float)sqlite3_column_double(st, 4);
		k++;
	}
	if (step != SQLITE_DONE) {
		rc = sg_db__fail(ctx, what);
		sqlite3_finalize(st);
		free(e);
		return rc;
	}
	sqlite3_finalize(st);
	if (k + n > cap) {
		sg_rbox *m = realloc(e, (k + n) * sizeof(*e));

		if (!m) {
			free(e);
			return sg_error__oom(ctx, what);
		}
		e = m;
	}
	if (n)
		memcpy(e + k, add, n * sizeof(*e));
	*out = e;
	*nout = k + n;
	return SG_OK;
}

/* Node k's number: the root (the last node) is 1, the others 2, 3, ... */
static int64_t node_no(size_t k, size_t root)
{
	return k == root ? 1 : (int64_t)k + 2;
}

static int write_tree(sg_ctx *ctx, const char *what, const char *index,
		      const node *nd, size_t nn, int size)
{
	sqlite3_stmt *ins_node = NULL, *ins_row = NULL, *ins_par = NULL;
	unsigned char *buf = malloc((size_t)size);
	char sql[256];
	size_t root = nn - 1;
	int rc = SG_OK;

	if (!buf)
		return sg_error__oom(ctx, what);
	snprintf(sql, sizeof(sql),
		 "DELETE FROM \"%s_node\"; DELETE FROM \"%s_rowid\"; "
		 "DELETE FROM \"%s_parent\"",
		 index, index, index);
	rc = sg_db__exec(ctx, what, sql);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO \"%s_node\" (nodeno, data) VALUES (?1, ?2)",
		 index);
	if (rc == SG_OK)
		rc = sg_db__prepare(ctx, what, sql, &ins_node);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO \"%s_rowid\" (rowid, nodeno) VALUES (?1, ?2)",
		 index);
	if (rc == SG_OK)
		rc = sg_db__prepare(ctx, what, sql, &ins_row);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO \"%s_parent\" (nodeno, parentnode) "
		 "VALUES (?1, ?2)",
		 index);
	if (rc == SG_OK)
		rc = sg_db__prepare(ctx, what, sql, &ins_par);
	for (size_t k = 0; k < nn && rc == SG_OK; k++) {
		const node *d = &nd[k];
		int64_t no = node_no(k, root);

		memset(buf, 0, (size_t)size);
		put_be(buf, k == root ? (uint64_t)d->level : 0, 2);
		put_be(buf + 2, d->n, 2);
		for (size_t i = 0; i < d->n; i++) {
			unsigned char *c = buf + 4 + i * CELL_BYTES;
			const sg_rbox *b = &d->cell[i];

			put_be(c,
			       d->level ? (uint64_t)node_no((size_t)b->id, root)
					: (uint64_t)b->id,
			       8);
			put_float(c + 8, b->x0);
			put_float(c + 12, b->x1);
			put_float(c + 16, b->y0);
			put_float(c + 20, b->y1);
			if (d->level == 0) {
				sqlite3_bind_int64(ins_row, 1, b->id);
				sqlite3_bind_int64(ins_row, 2, no);
				if (sqlite3_step(ins_row) != SQLITE_DONE)
					rc = sg_db__fail(ctx, what);
				sqlite3_reset(ins_row);
				if (rc != SG_OK)
					break;
			}
		}
		if (rc != SG_OK)
			break;
		sqlite3_bind_int64(ins_node, 1, no);
		sqlite3_bind_blob(ins_node, 2, buf, size, SQLITE_STATIC);
		if (sqlite3_step(ins_node) != SQLITE_DONE)
			rc = sg_db__fail(ctx, what);
		sqlite3_reset(ins_node);
		if (rc == SG_OK && k != root) {
			sqlite3_bind_int64(ins_par, 1, no);
			sqlite3_bind_int64(ins_par, 2,
					   node_no(d->parent, root));
			if (sqlite3_step(ins_par) != SQLITE_DONE)
				rc = sg_db__fail(ctx, what);
			sqlite3_reset(ins_par);
		}
	}
	sqlite3_finalize(ins_node);
	sqlite3_finalize(ins_row);
	sqlite3_finalize(ins_par);
	free(buf);
	return rc;
}

int sg_rtree__pack(sg_ctx *ctx, const char *what, const char *index,
		   const sg_rbox *add, size_t n)
{
	sg_rbox *lv[64] = { 0 }; /* the cells of each level */
	node *nd = NULL;
	size_t nn = 0, cap = 0, m, count;
	int size, rc, level = 0;

	if ((rc = node_size(ctx, what, index, &size)) != SG_OK)
		return rc;
	m = (size_t)(size - 4) / CELL_BYTES;
	if ((rc = read_entries(ctx, what, index, add, n, &lv[0], &count)) !=
	    SG_OK)
		return rc;
	for (;;) {
		size_t first = nn, made = count ? (count + m - 1) / m : 1;
		sg_rbox *up;

		if (nn + made > cap) {
			size_t nc = (nn + made) * 2;
			node *q = realloc(nd, nc * sizeof(*nd));

			if (!q) {
				rc = sg_error__oom(ctx, what);
				goto done;
			}
			nd = q;
			cap = nc;
		}
		str_order(lv[level], count, m);
		for (size_t i = 0; i < made; i++) {
			size_t from = i * m;

			nd[nn].cell = lv[level] + from;
			nd[nn].n = count - from < m ? count - from : m;
			if (count == 0)
				nd[nn].n = 0;
			nd[nn].level = level;
			nd[nn].parent = 0;
			nn++;
		}
		if (made == 1)
			break;
		/* The nodes just made are the cells of the next level. */
		if (level + 1 >= (int)(sizeof(lv) / sizeof(*lv)) ||
		    !(up = malloc(made * sizeof(*up)))) {
			rc = sg_error__oom(ctx, what);
			goto done;
		}
		for (size_t i = 0; i < made; i++) {
			const node *d = &nd[first + i];

			up[i] = d->cell[0];
			up[i].id = (int64_t)(first + i);
			for (size_t j = 1; j < d->n; j++) {
				up[i].x0 = fminf(up[i].x0, d->cell[j].x0);
				up[i].x1 = fmaxf(up[i].x1, d->cell[j].x1);
				up[i].y0 = fminf(up[i].y0, d->cell[j].y0);
				up[i].y1 = fmaxf(up[i].y1, d->cell[j].y1);
			}
		}
		lv[++level] = up;
		count = made;
	}
	/* Parents: the cells of a level above name their children. */
	for (size_t k = 0; k < nn; k++)
		if (nd[k].level > 0)
			for (size_t i = 0; i < nd[k].n; i++)
				nd[(size_t)nd[k].cell[i].id].parent = k;
	rc = write_tree(ctx, what, index, nd, nn, size);
done:
	for (int i = 0; i <= level && i < (int)(sizeof(lv) / sizeof(*lv)); i++)
		free(lv[i]);
	free(nd);
	return rc;
}
