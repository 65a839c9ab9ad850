/*
 * tests/helpers/sg_test.h - what the cmocka suites share: temporary
 * directories, writing and importing small fixture files, group setup
 * and teardown, and assertions that print the context's message.
 */
#ifndef SG_TEST_H
#define SG_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <schoolgis/schoolgis.h>

/* Fail with the context's message when expr is not SG_OK. */
#define assert_sg_ok(ctx, expr)                                                \
	do {                                                                   \
		int rc_ = (expr);                                              \
		if (rc_ != SG_OK)                                              \
			fail_msg("%s = %d: %s", #expr, rc_,                    \
				 sg_ctx_errmsg(ctx));                          \
	} while (0)

/* Assert a failure code and a substring of the context's message. */
#define assert_sg_fails(ctx, expr, code, substr)                               \
	do {                                                                   \
		int rc_ = (expr);                                              \
		if (rc_ != (code))                                             \
			fail_msg("%s = %d, expected %d: %s", #expr, rc_,       \
				 (code), sg_ctx_errmsg(ctx));                  \
		if (!strstr(sg_ctx_errmsg(ctx), (substr)))                     \
			fail_msg("message '%s' lacks '%s'",                    \
				 sg_ctx_errmsg(ctx), (substr));                \
	} while (0)

/* A fresh temporary directory (static buffer; one per suite). */
static inline const char *sg_test_tmpdir(void)
{
	static char dir[64];

	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "/tmp/sgtest-XXXXXX");
		if (!mkdtemp(dir))
			abort();
	}
	return dir;
}

/* dir/name into buf; returns buf. */
static inline char *sg_test_path(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "%s/%s", sg_test_tmpdir(), name);
	return buf;
}

/* Write text to dir/name; returns the path (static per call site). */
static inline void sg_test_write(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* Remove the temporary directory and its files. */
static inline void sg_test_cleanup(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", sg_test_tmpdir());
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", sg_test_tmpdir());
}

/* Write text to dir/name and import it as kind (opts, sum: as
 * sg_import takes them); returns sg_import's code. */
static inline int sg_test_import(sg_ctx *ctx, sg_import_kind kind,
				 const char *name, const char *text,
				 const sg_import_options *opts,
				 sg_import_summary *sum)
{
	char path[256];

	sg_test_path(path, sizeof(path), name);
	sg_test_write(path, text);
	return sg_import(ctx, kind, path, opts, sum);
}

/*
 * Group setup and teardown of the suites that make their stores in the
 * temporary directory: the library's global state, and the directory
 * removed at the end.
 */
static inline int sg_test_setup(void **state)
{
	(void)state;
	return sg_global_init();
}

static inline int sg_test_teardown(void **state)
{
	(void)state;
	sg_test_cleanup();
	sg_global_shutdown();
	return 0;
}

/* Group setup and teardown of the suites that need a context and no
 * store: the library's global state and one sg_ctx in *state. */
static inline int sg_test_ctx_setup(void **state)
{
	sg_ctx *ctx;

	if (sg_global_init() != SG_OK || sg_ctx_new(&ctx, NULL) != SG_OK)
		return -1;
	*state = ctx;
	return 0;
}

static inline int sg_test_ctx_teardown(void **state)
{
	sg_ctx_free(*state);
	sg_global_shutdown();
	return 0;
}

#endif /* SG_TEST_H */
