/*
 * fuzz/fuzz_import.c - libFuzzer harness of sg_import: the input is a
 * file of kind SGF_KIND with extension SGF_EXT (built as fuzz_csv,
 * fuzz_xlsx, fuzz_geojson and fuzz_applicants).  Any failure must be a
 * documented code with a message; the store is reset every 500 inputs.
 */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sg_ctx *ctx = sgf_ctx();
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	sg_import_summary sum;
	const char *path;
	int rc;

	if (size > 65536)
		return -1;
	path = sgf_write(data, size, SGF_EXT);
	o.year = "2019-2020";
	o.rejects_path = sgf_path("rejects.csv");
	memset(&sum, 0, sizeof(sum));
	rc = sg_import(ctx, SGF_KIND, path, &o, &sum);
	sgf_check_rc(ctx, rc, "sg_import");
	if (rc == SG_OK &&
	    (sum.inserted + sum.updated + sum.unchanged + sum.rejected >
		     sum.rows ||
	     sum.rows < 0)) {
		fprintf(stderr,
			"sg_import: counts do not add up: %lld rows, "
			"%lld+%lld+%lld+%lld\n",
			(long long)sum.rows, (long long)sum.inserted,
			(long long)sum.updated, (long long)sum.unchanged,
			(long long)sum.rejected);
		abort();
	}
	sgf_iteration_done();
	return 0;
}
