/*
 * engine/context.c - errors, warnings and progress on the context, and
 * the context's GEOS and PROJ handles.
 *
 * Messages live on the context (as SQLite keeps sqlite3_errmsg per
 * connection); only failures before a context exists go to a C11
 * thread-local buffer, as libgit2's git_error_last does.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/context.h"

/*
 * The library's messages are translatable the C ecosystem's way (GNU
 * gettext, as libc, GLib and e2fsprogs' libraries do): every message is
 * an English format string at its call site, extracted by xgettext's
 * keywords (sg_error__set:3, sg_error__set_last:2, sg_ctx__warn:2,
 * sg__tr, SG_N_; see scripts/po-update.sh) into the one catalogue
 * po/vi.po, domain "schoolgis", the CLI's too.  The format is looked up
 * with dgettext before it is filled in, so a translation keeps every
 * conversion (msgfmt --check verifies them).  The library never calls
 * setlocale, textdomain or bindtextdomain: it follows the application's
 * LC_MESSAGES (and LANGUAGE); under the C locale, or without a
 * catalogue, the messages stay English.
 */
const char *sg__tr(const char *msgid)
{
	return dgettext(SG_TEXTDOMAIN, msgid);
}

static _Thread_local char last_error[1024];

static const char *const error_names[] = {
	SG_N_("success"),	 SG_N_("error"),
	SG_N_("not found"),	 SG_N_("invalid"),
	SG_N_("already exists"), SG_N_("out of memory"),
	SG_N_("I/O error"),	 SG_N_("cancelled"),
	SG_N_("GDAL error"),	 SG_N_("PROJ error"),
	SG_N_("GEOS error"),	 SG_N_("SQLite error"),
	SG_N_("PNG error"),	 SG_N_("store version not supported"),
	SG_N_("no store open"),
};

const char *sg_strerror(int code)
{
	int i = -code;

	if (i < 0 || i >= (int)(sizeof(error_names) / sizeof(*error_names)))
		return sg__tr("unknown error");
	return sg__tr(error_names[i]);
}

const char *sg_error_last(void)
{
	return last_error;
}

int sg_error__set_last(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), sg__tr(fmt), ap);
	va_end(ap);
	return code;
}

int sg_error__set(sg_ctx *ctx, int code, const char *fmt, ...)
{
	va_list ap;
	char *buf = ctx ? ctx->errmsg : last_error;
	size_t n = ctx ? sizeof(ctx->errmsg) : sizeof(last_error);

	va_start(ap, fmt);
	vsnprintf(buf, n, sg__tr(fmt), ap);
	va_end(ap);
	if (ctx)
		ctx->errcode = code;
	return code;
}

int sg_error__oom(sg_ctx *ctx, const char *what)
{
	return sg_error__set(ctx, SG_ENOMEM, "%s: out of memory", what);
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
	vsnprintf(msg, sizeof(msg), sg__tr(fmt), ap);
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
	stage = sg__tr(stage);
	p.stage = stage;
	p.done = done;
	p.total = total;
	if (ctx->opts.progress(&p, ctx->opts.payload) != 0)
		return sg_error__set(ctx, SG_ECANCELLED, "%s: cancelled",
				     stage);
	return SG_OK;
}

const char *sg_ctx__keep(sg_ctx *ctx, const char *s)
{
	char *copy;

	if (!s || !*s)
		return "";
	for (size_t i = 0; i < ctx->nkept; i++)
		if (strcmp(ctx->kept[i], s) == 0)
			return ctx->kept[i];
	if (ctx->nkept == ctx->capkept) {
		size_t cap = ctx->capkept ? 2 * ctx->capkept : 8;
		char **p = realloc(ctx->kept, cap * sizeof(*p));

		if (!p)
			return NULL;
		ctx->kept = p;
		ctx->capkept = cap;
	}
	if (!(copy = strdup(s)))
		return NULL;
	ctx->kept[ctx->nkept++] = copy;
	return copy;
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
	for (size_t i = 0; i < ctx->nkept; i++)
		free(ctx->kept[i]);
	free(ctx->kept);
	ctx->kept = NULL;
	ctx->nkept = ctx->capkept = 0;
}
