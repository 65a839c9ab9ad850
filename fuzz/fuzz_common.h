/*
 * fuzz/fuzz_common.h - what the libFuzzer harnesses share: a context, a
 * store in a private temporary directory (with the sample district's
 * units and schools when $SG_FUZZ_BASE names the seed generator's base/
 * directory, so that applicants and crosswalks have something to match),
 * and writing an input to a temporary file.  Public API only.
 */
#ifndef SG_FUZZ_COMMON_H
#define SG_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include <schoolgis/schoolgis.h>

/* The harness' context with its store open (made on first call). */
sg_ctx *sgf_ctx(void);

/* Write data to a fresh temporary file name ending in ext (".csv");
 * returns the path (static storage, overwritten by the next call). */
const char *sgf_write(const uint8_t *data, size_t size, const char *ext);

/* A path in the harness' directory (static storage, like sgf_write). */
const char *sgf_path(const char *name);

/* Every failure must say what went wrong: abort when rc is an error and
 * the context's message is empty, or rc is not a documented code. */
void sgf_check_rc(sg_ctx *ctx, int rc, const char *what);

/* Every so many inputs the store is put back as it was at the start, so
 * that long runs do not grow it without end. */
void sgf_iteration_done(void);

#endif
