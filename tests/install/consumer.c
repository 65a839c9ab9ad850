/*
 * tests/install/consumer.c - a program built against the *installed*
 * libschoolgis (pkg-config or find_package): it checks the header and the
 * library agree on the version, then creates a store, reopens it and
 * counts its schools (0).  Exit 0 on success.
 */
#include <schoolgis/schoolgis.h>

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	sg_ctx *ctx = NULL;
	int64_t n = -1;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: consumer STORE\n");
		return 2;
	}
	if (strcmp(sg_version(), SG_VERSION_STRING) != 0) {
		fprintf(stderr, "header %s, library %s\n", SG_VERSION_STRING,
			sg_version());
		return 1;
	}
	if (sg_global_init() != SG_OK || sg_ctx_new(&ctx, NULL) != SG_OK) {
		fprintf(stderr, "init failed\n");
		return 1;
	}
	rc = sg_store_create(ctx, argv[1], false);
	if (rc == SG_OK) {
		sg_store_close(ctx);
		rc = sg_store_open(ctx, argv[1]);
	}
	if (rc == SG_OK)
		rc = sg_store_count(ctx, "schools", &n);
	if (rc != SG_OK || n != 0) {
		fprintf(stderr, "store: %s (rc %d, %lld schools)\n",
			sg_ctx_errmsg(ctx), rc, (long long)n);
		sg_ctx_free(ctx);
		sg_global_shutdown();
		return 1;
	}
	printf("schoolgis %s: store %s made and reopened, 0 schools\n",
	       sg_version(), argv[1]);
	sg_ctx_free(ctx);
	sg_global_shutdown();
	return 0;
}
