/*
 * layers/context.c - global initialisation and the context's life cycle.
 *
 * The context is built here rather than in engine/ because it owns the
 * SQLite/SpatiaLite connection, and only layers/ may include sqlite3.h.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gdal.h>
#include <cpl_error.h>
#include <sqlite3.h>
#include <spatialite.h>

#include "layers/layers.h"
#include "schoolgis/store.h"

static atomic_int init_count;

const char *sg_version(void)
{
	return SG_VERSION_STRING;
}

const char *sg_dependency_versions(void)
{
	static _Thread_local char buf[256];
	PJ_INFO pi = proj_info();

	snprintf(buf, sizeof(buf),
		 "schoolgis %s; GDAL %s; GEOS %s; PROJ %s; SQLite %s; "
		 "SpatiaLite %s",
		 SG_VERSION_STRING, GDALVersionInfo("RELEASE_NAME"),
		 GEOSversion(), pi.version, sqlite3_libversion(),
		 spatialite_version());
	return buf;
}

void sg_free(void *ptr)
{
	free(ptr);
}

int sg_global_init(void)
{
	if (atomic_fetch_add(&init_count, 1) == 0) {
		GDALAllRegister();
		spatialite_initialize();
	}
	return SG_OK;
}

void sg_global_shutdown(void)
{
	int n = atomic_load(&init_count);

	/* Unbalanced calls are ignored rather than going negative. */
	while (n > 0 && !atomic_compare_exchange_weak(&init_count, &n, n - 1))
		;
	if (n == 1) {
		spatialite_shutdown();
		GDALDestroyDriverManager();
	}
}

int sg_ctx_new(sg_ctx **out, const sg_ctx_options *opts)
{
	sg_ctx *ctx;
	int rc;

	*out = NULL;
	if (opts && opts->version != SG_CTX_OPTIONS_VERSION)
		return sg_error__set_last(SG_EINVALID,
					  "context: options version %u, "
					  "expected %u",
					  opts->version,
					  SG_CTX_OPTIONS_VERSION);
	if (atomic_load(&init_count) == 0)
		return sg_error__set_last(SG_EINVALID,
					  "context: sg_global_init not called");
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return sg_error__set_last(SG_ENOMEM, "context: out of memory");
	if (opts)
		ctx->opts = *opts;
	else
		ctx->opts = (sg_ctx_options)SG_CTX_OPTIONS_INIT;
	rc = sg_ctx__engine_init(ctx);
	if (rc != SG_OK) {
		sg_ctx__engine_free(ctx);
		free(ctx);
		return rc;
	}
	*out = ctx;
	return SG_OK;
}

void sg_ctx_free(sg_ctx *ctx)
{
	if (!ctx)
		return;
	sg_store_close(ctx);
	sg_ctx__engine_free(ctx);
	free(ctx);
}

/*---- GDAL message capture ---------------------------------------------*/

static void CPL_STDCALL gdal_handler(CPLErr cls, CPLErrorNum num,
				     const char *msg)
{
	sg_ctx *ctx = CPLGetErrorHandlerUserData();

	(void)num;
	if (cls >= CE_Failure && ctx) {
		size_t n;

		snprintf(ctx->gdal_msg, sizeof(ctx->gdal_msg), "%s", msg);
		/* libpq's messages (PostgreSQL driver) end in newlines. */
		n = strlen(ctx->gdal_msg);
		while (n > 0 && (ctx->gdal_msg[n - 1] == '\n' ||
				 ctx->gdal_msg[n - 1] == ' '))
			ctx->gdal_msg[--n] = '\0';
	}
}

void sg_gdal__begin(sg_ctx *ctx)
{
	ctx->gdal_msg[0] = '\0';
	CPLPushErrorHandlerEx(gdal_handler, ctx);
}

void sg_gdal__end(sg_ctx *ctx)
{
	(void)ctx;
	CPLPopErrorHandler();
}

const char *sg_gdal__msg(const sg_ctx *ctx)
{
	return ctx->gdal_msg[0] ? ctx->gdal_msg : "unknown error";
}
