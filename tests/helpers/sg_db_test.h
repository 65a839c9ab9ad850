/*
 * tests/helpers/sg_db_test.h - reading the store back in unit tests,
 * through the context's own SpatiaLite connection (internal header).
 */
#ifndef SG_DB_TEST_H
#define SG_DB_TEST_H

#include <sqlite3.h>

#include "engine/context.h"
#include "sg_test.h"

/* The single integer a query returns (fails the test on error). */
static inline int64_t q_int(sg_ctx *ctx, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = 0;

	if (sqlite3_prepare_v2(ctx->db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(ctx->db));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The single real a query returns. */
static inline double q_double(sg_ctx *ctx, const char *sql)
{
	sqlite3_stmt *st;
	double v = 0;

	if (sqlite3_prepare_v2(ctx->db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(ctx->db));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_double(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The single text a query returns, copied into buf. */
static inline const char *q_text(sg_ctx *ctx, const char *sql, char *buf,
				 size_t n)
{
	sqlite3_stmt *st;

	buf[0] = '\0';
	if (sqlite3_prepare_v2(ctx->db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(ctx->db));
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(buf, n, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return buf;
}

/* A context with a new store at dir/name. */
static inline sg_ctx *new_store(const char *name)
{
	char path[256];
	sg_ctx *ctx = NULL;

	assert_int_equal(sg_ctx_new(&ctx, NULL), SG_OK);
	sg_test_path(path, sizeof(path), name);
	assert_sg_ok(ctx, sg_store_create(ctx, path, true));
	return ctx;
}

#endif /* SG_DB_TEST_H */
