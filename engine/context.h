/*
 * engine/context.h - the context's layout and the internal error,
 * warning and progress helpers every module uses.
 *
 * The context is created by layers/context.c (which owns the SQLite side);
 * the engine sees only the GEOS and PROJ handles and the opaque sqlite3
 * pointer, so it never needs sqlite3.h.
 */
#ifndef SG_ENGINE_CONTEXT_H
#define SG_ENGINE_CONTEXT_H

#include <stdarg.h>
#include <geos_c.h>
#include <proj.h>

#include "schoolgis/context.h"

struct sqlite3;

struct sg_ctx {
	GEOSContextHandle_t geos; /* reentrant GEOS handle */
	PJ_CONTEXT *proj;	  /* PROJ context */
	struct sqlite3 *db;	  /* open project store, or NULL */
	void *spl_cache;	  /* SpatiaLite connection cache */
	char *db_path;		  /* path of the open store */
	sg_ctx_options opts;
	int errcode;	      /* code of the last failure */
	char errmsg[2048];    /* message of the last failure */
	char geos_msg[512];   /* last message from GEOS's handler */
	char gdal_msg[512];   /* last GDAL error while captured */
	double progress_last; /* monotonic seconds of last report */
	char **kept;	      /* strings of summaries (sg_ctx__keep) */
	size_t nkept, capkept;
};

/*
 * Messages: English formats, looked up in the gettext domain "schoolgis"
 * (po/vi.po) by sg_error__set, sg_error__set_last and sg_ctx__warn before
 * they are filled in; sg__tr looks up any other text shown to people,
 * SG_N_ marks a text of a static table for extraction.  The library never
 * sets the locale: it follows the application's.
 */
#define SG_TEXTDOMAIN "schoolgis"
#define SG_N_(s) (s)
const char *sg__tr(const char *msgid);

/*
 * Record a failure on the context and return `code`, so call sites read
 * `return sg_error__set(ctx, SG_EINVALID, "...")`.  The message is
 * formatted like printf.  A NULL ctx records in the thread's last error.
 */
int sg_error__set(sg_ctx *ctx, int code, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* sg_error__set(ctx, SG_ENOMEM, "<what>: out of memory"): the one
 * allocation-failure message. */
int sg_error__oom(sg_ctx *ctx, const char *what);

/* Clear the context's message (called at the start of public calls). */
void sg_error__clear(sg_ctx *ctx);

/* Record a failure where no context exists (sg_error_last). */
int sg_error__set_last(int code, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* Send a warning to the context's message callback, if any. */
void sg_ctx__warn(sg_ctx *ctx, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/*
 * A copy of s owned by the context until sg_ctx_free, for the string
 * fields of the summaries handed to callers (no fixed-size buffer that
 * could cut a long PROJ string or path).  Equal strings are kept once.
 * Returns NULL when out of memory (s NULL: "").
 */
const char *sg_ctx__keep(sg_ctx *ctx, const char *s);

/*
 * Report progress; rate-limited to about 10 reports a second, except the
 * first and the last (done == total).  Returns SG_OK, or SG_ECANCELLED
 * (with the message set) when the callback asked to stop.
 */
int sg_ctx__progress(sg_ctx *ctx, const char *stage, uint64_t done,
		     uint64_t total);
/* (The stage is an English literal, extracted for translation and shown
 * translated: sg_progress.stage is in the messages' language.) */

/* Create and free the GEOS and PROJ handles of a context. */
int sg_ctx__engine_init(sg_ctx *ctx);
void sg_ctx__engine_free(sg_ctx *ctx);

#endif /* SG_ENGINE_CONTEXT_H */
