/*
 * engine/context.c - errors, warnings and progress on the context, and
 * the context's GEOS and PROJ handles.
 *
 * Messages live on the context (as SQLite keeps sqlite3_errmsg per
 * connection); only failures before a context exists go to a C11
 * thread-local buffer, as libgit2's git_error_last does.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "engine/context.h"

static _Thread_local char last_error[1024];

static const char *const error_names[] = {
	"success", "error", "not found", "invalid", "already exists",
	"out of memory", "I/O error", "cancelled", "GDAL error",
	"PROJ error", "GEOS error", "SQLite error", "PNG error",
	"store version not supported", "no store open",
};

const char *sg_strerror(int code)
{
	int i = -code;

	if (i < 0 || i >= (int)(sizeof(error_names) / sizeof(*error_names)))
		return "unknown error";
	return error_names[i];
}

const char *sg_error_last(void)
{
	return last_error;
}

int sg_error__set_last(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	return code;
}

int sg_error__set(sg_ctx *ctx, int code, const char *fmt, ...)
{
	va_list ap;
	char *buf = ctx ? ctx->errmsg : last_error;
	size_t n = ctx ? sizeof(ctx->errmsg) : sizeof(last_error);

	va_start(ap, fmt);
	vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	if (ctx)
		ctx->errcode = code;
	return code;
}

void sg_error__clear(sg_ctx *ctx)
{
	ctx->errmsg[0] = '\0';
	ctx->errcode = SG_OK;
}

const char *sg_ctx_errmsg(const sg_ctx *ctx)
{
	return ctx ? ctx->errmsg : last_error;
}

void sg_ctx__warn(sg_ctx *ctx, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (!ctx->opts.message)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ctx->opts.message(SG_MSG_WARNING, msg, ctx->opts.payload);
}

static double monotonic_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int sg_ctx__progress(sg_ctx *ctx, const char *stage, uint64_t done,
		     uint64_t total)
{
	sg_progress p;
	double now;

	if (!ctx->opts.progress)
		return SG_OK;
	now = monotonic_seconds();
	if (done != 0 && done != total && now - ctx->progress_last < 0.1)
		return SG_OK;
	ctx->progress_last = now;
	p.stage = stage;
	p.done = done;
	p.total = total;
	if (ctx->opts.progress(&p, ctx->opts.payload) != 0)
		return sg_error__set(ctx, SG_ECANCELLED, "%s: cancelled",
				     stage);
	return SG_OK;
}

/* GEOS calls this with its message; keep it for the next error. */
static void geos_message(const char *msg, void *userdata)
{
	sg_ctx *ctx = userdata;

	snprintf(ctx->geos_msg, sizeof(ctx->geos_msg), "%s", msg);
}

int sg_ctx__engine_init(sg_ctx *ctx)
{
	ctx->geos = GEOS_init_r();
	if (!ctx->geos)
		return sg_error__set_last(SG_EGEOS, "GEOS: cannot initialise");
	GEOSContext_setErrorMessageHandler_r(ctx->geos, geos_message, ctx);
	ctx->proj = proj_context_create();
	if (!ctx->proj)
		return sg_error__set_last(SG_EPROJ,
					  "PROJ: cannot create a context");
	/* The library never prints: PROJ's own log goes nowhere; its
	 * errors come back through proj_context_errno. */
	proj_log_level(ctx->proj, PJ_LOG_NONE);
	/* Only PROJ's own files: never reach out to the network. */
	proj_context_set_enable_network(ctx->proj, 0);
	return SG_OK;
}

void sg_ctx__engine_free(sg_ctx *ctx)
{
	if (ctx->proj)
		proj_context_destroy(ctx->proj);
	if (ctx->geos)
		GEOS_finish_r(ctx->geos);
	ctx->proj = NULL;
	ctx->geos = NULL;
}
