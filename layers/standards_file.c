/*
 * layers/standards_file.c - reading a standards config file; the parsing
 * itself is engine/standards.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/standards.h"
#include "util/file.h"

int sg_standards_load(sg_ctx *ctx, const char *path, sg_standards **out)
{
	sg_standards *s;
	char *text;
	int rc;

	*out = NULL;
	sg_error__clear(ctx);
	if (sg_standards_new(&s) != SG_OK)
		return sg_error__oom(ctx, "standards");
	if (!path) {
		*out = s;
		return SG_OK;
	}
	/* Refuses a directory, a NUL byte, a huge file (util/). */
	rc = sg_file__read_config(ctx, "standards", path, 1 << 20, &text);
	if (rc != SG_OK) {
		sg_standards_free(s);
		return rc;
	}
	rc = sg_standards__parse(ctx, s, text, path);
	free(text);
	if (rc != SG_OK) {
		sg_standards_free(s);
		return rc;
	}
	*out = s;
	return SG_OK;
}
