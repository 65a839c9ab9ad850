/*
 * fuzz/fuzz_mapping.c - libFuzzer harness of the column mapping parser:
 * the input is a --map file (sg_import_options.map_path) applied to a
 * small schools CSV.  Any failure must be a documented code with a
 * message.
 */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Columns a mapping has to name: none is a built-in alias. */
static const char csv[] = "ID,Title,Tier,Ward,X,Y,Kids,PCs\n"
			  "TH1,Truong A,Tieu hoc,00001,106.67,21.52,300,12\n"
			  "TH2,Truong B,THCS,00013,106.6,21.4,-4,x\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char input[700];
	sg_ctx *ctx = sgf_ctx();
	sg_import_options o = SG_IMPORT_OPTIONS_INIT;
	int rc;

	if (size > 16384)
		return -1;
	if (!input[0]) {
		FILE *fp;

		snprintf(input, sizeof(input), "%s", sgf_path("schools.csv"));
		fp = fopen(input, "w");
		if (!fp || fputs(csv, fp) < 0 || fclose(fp) != 0)
			abort();
	}
	o.year = "2019-2020";
	o.map_path = sgf_write(data, size, ".map");
	o.rejects_path = sgf_path("rejects.csv");
	rc = sg_import(ctx, SG_IMPORT_SCHOOLS, input, &o, NULL);
	sgf_check_rc(ctx, rc, "sg_import --map");
	sgf_iteration_done();
	return 0;
}
