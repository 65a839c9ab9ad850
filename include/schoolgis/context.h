/*
 * schoolgis/context.h - the library context.
 *
 * An sg_ctx owns one of each per-thread dependency handle: a reentrant
 * GEOS handle, a PROJ context, the SQLite/SpatiaLite connection of the
 * open project store, and the capture of GDAL messages.  It also keeps the
 * message of the last failure, as SQLite keeps sqlite3_errmsg per
 * connection.  A context is used by one thread at a time; make one per
 * thread.
 *
 * The library never prints and never exits: progress and warnings go to
 * the callbacks given here.
 */
#ifndef SCHOOLGIS_CONTEXT_H
#define SCHOOLGIS_CONTEXT_H

#include "common.h"
#include "errors.h"

SG_BEGIN_DECL

/** Opaque library context; see sg_ctx_new. */
typedef struct sg_ctx sg_ctx;

/** One progress report: `done` of `total` units of work in `stage`. */
typedef struct {
	const char *stage; /**< e.g. "import schools"; borrowed */
	uint64_t done;	   /**< units done so far */
	uint64_t total;	   /**< total units, 0 when unknown */
} sg_progress;

/**
 * Progress callback.  Called at most a few times per second.
 *
 * @param p        the report; valid only during the call
 * @param payload  the options' payload
 * @return 0 to go on; non-zero to cancel (the call then fails with
 *         SG_ECANCELLED and rolls back what it wrote).
 */
typedef int (*sg_progress_cb)(const sg_progress *p, void *payload);

/** Severity of a message sent to sg_message_cb. */
typedef enum { SG_MSG_INFO = 0, SG_MSG_WARNING = 1 } sg_msg_level;

/**
 * Warning/information callback, e.g. "3 schools share one location".
 *
 * @param level    SG_MSG_INFO or SG_MSG_WARNING
 * @param msg      the message; valid only during the call
 * @param payload  the options' payload
 */
typedef void (*sg_message_cb)(sg_msg_level level, const char *msg,
			      void *payload);

#define SG_CTX_OPTIONS_VERSION 1

/** Options of sg_ctx_new.  Initialise with SG_CTX_OPTIONS_INIT. */
typedef struct {
	unsigned int version;	 /**< SG_CTX_OPTIONS_VERSION */
	sg_progress_cb progress; /**< optional */
	sg_message_cb message;	 /**< optional */
	void *payload;		 /**< passed to both callbacks */
} sg_ctx_options;

#define SG_CTX_OPTIONS_INIT                                                    \
	{                                                                      \
		SG_CTX_OPTIONS_VERSION, NULL, NULL, NULL                       \
	}

/**
 * Register GDAL drivers and initialise SpatiaLite.  Reference counted:
 * call once per sg_global_shutdown.  Thread-safe.
 *
 * @return SG_OK, or SG_EGDAL (message in sg_error_last()).
 */
SG_API int sg_global_init(void);

/** Undo one sg_global_init; the last call releases global state. */
SG_API void sg_global_shutdown(void);

/**
 * Create a context.  sg_global_init must have been called.
 *
 * @param out   OUT: the new context, owned by the caller, freed with
 *              sg_ctx_free
 * @param opts  options, or NULL for defaults
 * @return SG_OK, SG_EINVALID (bad options version), SG_ENOMEM, SG_EGEOS
 *         or SG_EPROJ; the message is in sg_error_last().
 */
SG_API int sg_ctx_new(sg_ctx **out, const sg_ctx_options *opts);

/**
 * Free a context: closes its store (rolling back an open transaction)
 * and releases its GEOS and PROJ handles.  Free every object made with
 * the context before the context itself.  NULL is a no-op.
 */
SG_API void sg_ctx_free(sg_ctx *ctx);

/**
 * Message of the last failure on this context, naming the dependency and,
 * for data, the file, row and field, e.g.
 * "import: schools.csv: row 7, field 'Vĩ độ': not a number: 'abc'".
 *
 * @return a string owned by the context, valid until the next call on it;
 *         "" when the last call succeeded or nothing failed yet.
 */
SG_API const char *sg_ctx_errmsg(const sg_ctx *ctx);

SG_END_DECL

#endif /* SCHOOLGIS_CONTEXT_H */
