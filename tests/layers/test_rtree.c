/*
 * tests/layers/test_rtree.c - the packed R*Tree build (layers/rtree.h)
 * checked by SQLite itself: rtreecheck() accepts the tree, a window
 * query through the index (SQLite's R*Tree search) finds exactly the
 * boxes a brute-force scan of the boxes kept here finds, and SQLite's
 * own inserts and deletes on the packed tree keep it valid.
 */
#include <math.h>
#include <stdlib.h>

#include "layers/rtree.h"
#include "sg_db_test.h"

#define TREE "idx_t_geom"

static double rnd(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return (double)((*s >> 8) & 0xFFFFF) / (double)0x100000;
}

static void check_tree(sg_ctx *ctx)
{
	char buf[256];

	assert_string_equal(q_text(ctx, "SELECT rtreecheck('" TREE "')", buf,
				   sizeof(buf)),
			    "ok");
}

/* Window queries through the index against a scan of `all` (alive[i]:
 * the box is in the tree). */
static void check_windows(sg_ctx *ctx, const sg_rbox *all,
			  const unsigned char *alive, size_t n, unsigned seed)
{
	sqlite3_stmt *st;

	assert_int_equal(
		sqlite3_prepare_v2(ctx->db,
				   "SELECT count(*), total(id) FROM " TREE
				   " WHERE x1 >= ?1 AND x0 <= ?2 AND "
				   "y1 >= ?3 AND y0 <= ?4",
				   -1, &st, NULL),
		SQLITE_OK);
	for (int w = 0; w < 60; w++) {
		double x = rnd(&seed) * 100, y = rnd(&seed) * 100;
		double dx = rnd(&seed) * 20, dy = rnd(&seed) * 20;
		size_t cnt = 0;
		double sum = 0;

		for (size_t i = 0; i < n; i++)
			if (alive[i] && all[i].x1 >= x && all[i].x0 <= x + dx &&
			    all[i].y1 >= y && all[i].y0 <= y + dy) {
				cnt++;
				sum += (double)all[i].id;
			}
		sqlite3_bind_double(st, 1, x);
		sqlite3_bind_double(st, 2, x + dx);
		sqlite3_bind_double(st, 3, y);
		sqlite3_bind_double(st, 4, y + dy);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int64(st, 0), (int64_t)cnt);
		assert_true(sqlite3_column_double(st, 1) == sum);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
}

static void test_rtree__pack(void **state)
{
	sg_ctx *ctx = new_store("rtree.sqlite");
	enum { OLD = 300, NEW = 5000, N = OLD + NEW };
	sg_rbox *all = malloc(N * sizeof(*all));
	unsigned char *alive = calloc(N, 1);
	sqlite3_stmt *st;
	unsigned seed = 7;
	char buf[64];

	(void)state;
	assert_non_null(all);
	assert_non_null(alive);
	assert_int_equal(sqlite3_exec(ctx->db,
				      "CREATE VIRTUAL TABLE " TREE
				      " USING rtree(id, x0, x1, y0, y1)",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	/* Empty: a valid empty tree. */
	assert_sg_ok(ctx, sg_rtree__pack(ctx, "t", TREE, NULL, 0));
	check_tree(ctx);
	assert_true(q_int(ctx, "SELECT count(*) FROM " TREE) == 0);
	for (size_t i = 0; i < N; i++) {
		double x = rnd(&seed) * 100, y = rnd(&seed) * 100;

		all[i] = sg_rtree__box((int64_t)i + 1, x, y, x + rnd(&seed) * 3,
				       y + rnd(&seed) * 3);
		/* Outward: the float box holds the double one. */
		assert_true(all[i].x0 <= x && all[i].y0 <= y);
	}
	/* A few entries inserted by SQLite, then one only (a leaf root),
	 * then the many. */
	assert_int_equal(sqlite3_prepare_v2(ctx->db,
					    "INSERT INTO " TREE
					    " VALUES (?1, ?2, ?3, ?4, ?5)",
					    -1, &st, NULL),
			 SQLITE_OK);
	for (size_t i = 0; i < OLD; i++) {
		sqlite3_bind_int64(st, 1, all[i].id);
		sqlite3_bind_double(st, 2, all[i].x0);
		sqlite3_bind_double(st, 3, all[i].x1);
		sqlite3_bind_double(st, 4, all[i].y0);
		sqlite3_bind_double(st, 5, all[i].y1);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_reset(st);
		alive[i] = 1;
	}
	assert_sg_ok(ctx, sg_rtree__pack(ctx, "t", TREE, all + OLD, 1));
	alive[OLD] = 1;
	check_tree(ctx);
	check_windows(ctx, all, alive, N, 11);
	assert_sg_ok(ctx,
		     sg_rtree__pack(ctx, "t", TREE, all + OLD + 1, NEW - 1));
	memset(alive, 1, N);
	check_tree(ctx);
	assert_true(q_int(ctx, "SELECT count(*) FROM " TREE) == N);
	/* Three levels: 5,300 entries in nodes of 51. */
	assert_string_equal(q_text(ctx,
				   "SELECT hex(substr(data, 1, 2)) FROM " TREE
				   "_node WHERE nodeno = 1",
				   buf, sizeof(buf)),
			    "0002");
	check_windows(ctx, all, alive, N, 12);

	/* SQLite's own deletes and inserts on the packed tree. */
	assert_int_equal(sqlite3_exec(ctx->db,
				      "DELETE FROM " TREE " WHERE id % 3 = 0",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	for (size_t i = 0; i < N; i++)
		if (all[i].id % 3 == 0)
			alive[i] = 0;
	for (size_t i = 0; i < N; i += 7)
		if (!alive[i]) {
			sqlite3_bind_int64(st, 1, all[i].id);
			sqlite3_bind_double(st, 2, all[i].x0);
			sqlite3_bind_double(st, 3, all[i].x1);
			sqlite3_bind_double(st, 4, all[i].y0);
			sqlite3_bind_double(st, 5, all[i].y1);
			assert_int_equal(sqlite3_step(st), SQLITE_DONE);
			sqlite3_reset(st);
			alive[i] = 1;
		}
	sqlite3_finalize(st);
	check_tree(ctx);
	check_windows(ctx, all, alive, N, 13);
	/* Packed again over what SQLite left. */
	assert_sg_ok(ctx, sg_rtree__pack(ctx, "t", TREE, NULL, 0));
	check_tree(ctx);
	check_windows(ctx, all, alive, N, 14);

	/* Not an R*Tree of floats. */
	assert_int_equal(sqlite3_exec(ctx->db,
				      "CREATE VIRTUAL TABLE i32 USING "
				      "rtree_i32(id, x0, x1, y0, y1)",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(sg_rtree__pack(ctx, "t", "i32", NULL, 0), SG_EINVALID);
	free(all);
	free(alive);
	sg_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rtree__pack),
	};

	return cmocka_run_group_tests(tests, sg_test_setup, sg_test_teardown);
}
