/*
 * fuzz/fuzz_crosswalk.c - libFuzzer harness of the crosswalk reader
 * (sg_crosswalk_import, `schoolgis import crosswalk`): an input starting
 * with '{' is read as the JSON new -> old list, anything else as CSV.
 * The old set is "default" (the base units); the new set "2025-07-01",
 * created by the import.  Any failure must be a documented code with a
 * message.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sg_ctx *ctx = sgf_ctx();
	sg_crosswalk_options o = SG_CROSSWALK_OPTIONS_INIT;
	sg_crosswalk_summary sum;
	sg_table *unmatched = NULL;
	const char *path;
	int rc;

	if (size > 65536)
		return -1;
	path = sgf_write(data, size, size && data[0] == '{' ? ".json" : ".csv");
	o.from_set = "default";
	o.to_set = "2025-07-01";
	o.create_units = size > 1 && (data[size - 1] & 1);
	rc = sg_crosswalk_import(ctx, path, &o, &sum, &unmatched);
	sgf_check_rc(ctx, rc, "sg_crosswalk_import");
	sg_table_free(unmatched);
	sgf_iteration_done();
	return 0;
}
