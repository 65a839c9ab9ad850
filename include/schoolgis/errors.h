/*
 * schoolgis/errors.h - error codes and the last-error fallback.
 *
 * Functions that can fail return an int: SG_OK (0) on success, a negative
 * SG_E* code on failure.  The message describing the failure is kept on
 * the context (sg_ctx_errmsg).  Only the calls that run before a context
 * exists (sg_global_init, sg_ctx_new) report through sg_error_last(),
 * which is kept per thread.
 *
 * Messages (and sg_strerror's names, and warnings) are written in English
 * and translated with GNU gettext, domain "schoolgis" (po/vi.po, the
 * schoolgis CLI's catalogue), in the application's LC_MESSAGES locale.
 * The library never sets the locale: an application that wants them
 * translated calls setlocale(LC_MESSAGES, "") and, when the catalogue is
 * not installed in the system's locale directory,
 * bindtextdomain("schoolgis", DIR).
 */
#ifndef SCHOOLGIS_ERRORS_H
#define SCHOOLGIS_ERRORS_H

#include "common.h"

SG_BEGIN_DECL

/** Return codes.  Expected failures each have their own code. */
typedef enum {
	SG_OK = 0,	    /**< success */
	SG_ERROR = -1,	    /**< generic, unexpected failure */
	SG_ENOTFOUND = -2,  /**< file, layer, field, unit or school not found */
	SG_EINVALID = -3,   /**< invalid argument or invalid input data */
	SG_EEXISTS = -4,    /**< object already exists (e.g. init on a store) */
	SG_ENOMEM = -5,	    /**< out of memory */
	SG_EIO = -6,	    /**< read or write failed */
	SG_ECANCELLED = -7, /**< a progress callback asked to stop */
	SG_EGDAL = -8,	    /**< GDAL/OGR reported an error */
	SG_EPROJ = -9,	    /**< PROJ could not build or run a transform */
	SG_EGEOS = -10,	    /**< GEOS reported an error */
	SG_ESQLITE = -11,   /**< SQLite or SpatiaLite reported an error */
	SG_EPNG = -12,	    /**< libpng reported an error */
	SG_EVERSION = -13,  /**< store schema is newer than this library */
	SG_ENOSTORE = -14   /**< no project store is open on the context */
} sg_error_code;

/**
 * Short name of an error code, e.g. "not found" (translated as the
 * messages are: see the top of this file).
 *
 * @param code  an sg_error_code value
 * @return a static string, never NULL.
 */
SG_API const char *sg_strerror(int code);

/**
 * Message of the last failure on this thread that happened where no
 * context was available (sg_global_init, sg_ctx_new).
 *
 * @return a thread-local string, valid until the next failing call on
 *         this thread; "" when there is none.  Never freed by the caller.
 */
SG_API const char *sg_error_last(void);

SG_END_DECL

#endif /* SCHOOLGIS_ERRORS_H */
