/*
 * layers/standards_file.c - reading a standards config file; the parsing
 * itself is engine/standards.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/standards.h"

int sg_standards_load(sg_ctx *ctx, const char *path, sg_standards **out)
{
	sg_standards *s;
	char *text;
	long n;
	FILE *fp;
	int rc;

	*out = NULL;
	sg_error__clear(ctx);
	if (sg_standards_new(&s) != SG_OK)
		return sg_error__set(ctx, SG_ENOMEM, "standards: out of memory");
	if (!path) {
		*out = s;
		return SG_OK;
	}
	fp = fopen(path, "rb");
	if (!fp) {
		sg_standards_free(s);
		return sg_error__set(ctx, SG_ENOTFOUND, "standards: %s: %s",
				     path, strerror(errno));
	}
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	text = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (!text || fread(text, 1, (size_t)n, fp) != (size_t)n) {
		fclose(fp);
		free(text);
		sg_standards_free(s);
		return sg_error__set(ctx, SG_EIO, "standards: cannot read %s",
				     path);
	}
	fclose(fp);
	text[n] = '\0';
	rc = sg_standards__parse(ctx, s, text, path);
	free(text);
	if (rc != SG_OK) {
		sg_standards_free(s);
		return rc;
	}
	*out = s;
	return SG_OK;
}
