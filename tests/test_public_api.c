/*
 * tests/test_public_api.c - the library through its public headers only
 * (links libschoolgis, sees nothing of engine/ or layers/).
 */
#include "sg_test.h"

static void test_api__errors_without_context(void **state)
{
	sg_ctx_options bad = SG_CTX_OPTIONS_INIT;
	sg_ctx *ctx = (sg_ctx *)1;

	(void)state;
	bad.version = 999;
	assert_int_equal(sg_ctx_new(&ctx, &bad), SG_EINVALID);
	assert_null(ctx);
	assert_non_null(strstr(sg_error_last(), "options version"));
	assert_string_equal(sg_strerror(SG_ENOTFOUND), "not found");
	assert_string_equal(sg_strerror(12345), "unknown error");
	sg_ctx_free(NULL);
	sg_validation_free(NULL);
}

static void test_api__store_import_validate(void **state)
{
	sg_import_options io = SG_IMPORT_OPTIONS_INIT;
	sg_import_summary sum;
	sg_validation *v = NULL;
	sg_ctx *ctx = NULL;
	char db[256], csv[256];
	int64_t n = 0;
	size_t outside = 0;

	(void)state;
	assert_int_equal(sg_ctx_new(&ctx, NULL), SG_OK);
	assert_sg_fails(ctx, sg_validate(ctx, &v), SG_ENOSTORE, "no project");
	sg_test_path(db, sizeof(db), "api.sqlite");
	assert_sg_ok(ctx, sg_store_create(ctx, db, false));
	sg_test_path(csv, sizeof(csv), "api.csv");
	sg_test_write(csv,
		      "code,name,levels,lon,lat,students,computers_teaching\n"
		      "P1,One,primary,106.5,11.0,480,20\n"
		      "P2,Two,primary,106.5,11.0,300,400\n");
	io.year = "2019-2020";
	assert_sg_ok(ctx, sg_import(ctx, SG_IMPORT_SCHOOLS, csv, &io, &sum));
	assert_int_equal(sum.inserted, 2);
	assert_sg_ok(ctx, sg_store_count(ctx, "school_years", &n));
	assert_int_equal(n, 2);
	assert_sg_ok(ctx, sg_validate(ctx, &v));
	/* Same location, and more computers than students at P2. */
	for (size_t i = 0; i < sg_validation_count(v); i++) {
		const sg_finding *f = sg_validation_get(v, i);

		outside += strcmp(f->check, "school_same_location") == 0;
		if (strcmp(f->check, "figures_computers") == 0)
			assert_string_equal(f->code, "P2");
	}
	assert_int_equal(outside, 1);
	assert_null(sg_validation_get(v, sg_validation_count(v)));
	sg_validation_free(v);
	sg_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_api__errors_without_context),
		cmocka_unit_test(test_api__store_import_validate),
	};
	int rc;

	sg_global_init();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	sg_test_cleanup();
	sg_global_shutdown();
	return rc;
}
