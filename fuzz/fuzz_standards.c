/*
 * fuzz/fuzz_standards.c - libFuzzer harness of the standards file parser
 * (sg_standards_load).  What loads must format, and the formatted text
 * must load back to the same text (sg_standards_format's promise).
 */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sg_ctx *ctx = sgf_ctx();
	sg_standards *s = NULL, *s2 = NULL;
	char *t1 = NULL, *t2 = NULL;
	const char *path;
	int rc;

	if (size > 16384)
		return -1;
	path = sgf_write(data, size, ".ini");
	rc = sg_standards_load(ctx, path, &s);
	sgf_check_rc(ctx, rc, "sg_standards_load");
	if (rc != SG_OK)
		return 0;
	if (sg_standards_format(s, &t1) != SG_OK)
		abort();
	path = sgf_write((const uint8_t *)t1, strlen(t1), ".ini");
	rc = sg_standards_load(ctx, path, &s2);
	if (rc != SG_OK) {
		fprintf(stderr, "formatted standards do not load: %s\n%s\n",
			sg_ctx_errmsg(ctx), t1);
		abort();
	}
	if (sg_standards_format(s2, &t2) != SG_OK)
		abort();
	if (strcmp(t1, t2) != 0) {
		fprintf(stderr, "standards round trip differs:\n%s\n---\n%s\n",
			t1, t2);
		abort();
	}
	sg_free(t1);
	sg_free(t2);
	sg_standards_free(s);
	sg_standards_free(s2);
	return 0;
}
