/*
 * schoolgis/validate.h - the data-quality report of a store.
 *
 * Checks what the store holds now (units, schools, school years,
 * population) and lists what the imports rejected, repaired or flagged:
 * the report a district office reads before trusting any figure.
 */
#ifndef SCHOOLGIS_VALIDATE_H
#define SCHOOLGIS_VALIDATE_H

#include "common.h"
#include "context.h"

SG_BEGIN_DECL

/** Opaque list of findings; see sg_validate. */
typedef struct sg_validation sg_validation;

/** How serious a finding is. */
typedef enum {
	SG_SEVERITY_INFO = 0,	 /**< worth knowing */
	SG_SEVERITY_WARNING = 1, /**< suspicious; figures may be off */
	SG_SEVERITY_ERROR = 2	 /**< wrong; figures will be off */
} sg_severity;

/** One finding.  Strings are borrowed from the sg_validation. */
typedef struct {
	const char *check; /**< e.g. "school_outside_units" */
	sg_severity severity;
	const char *subject; /**< "school", "unit", "school_year", "import",
				 "code" */
	const char *code;    /**< school or unit code, or the file */
	const char *message; /**< human-readable, English */
	int64_t row;	     /**< source row for import findings, else 0 */
	bool has_location;   /**< lon/lat are set */
	double lon, lat;     /**< EPSG:4326 */
	/** Import findings: the reason's stable code, e.g.
	 * "count.not_whole" (sg_validation_message writes its sentence);
	 * NULL for the other checks and for rows imported by a schoolgis
	 * before schema 5, whose message keeps the English text stored. */
	const char *reason;
	/** The reason's values, a JSON array of strings ("[\"23\"]");
	 * NULL when reason is. */
	const char *reason_args;
} sg_finding;

/**
 * Run every check on the context's store.
 *
 * @param out  OUT: the findings, owned by the caller, freed with
 *             sg_validation_free
 * @return SG_OK; SG_ENOSTORE; SG_ESQLITE; SG_ENOMEM.
 */
SG_API int sg_validate(sg_ctx *ctx, sg_validation **out);

/** Number of findings. */
SG_API size_t sg_validation_count(const sg_validation *v);

/** Number of findings of a severity. */
SG_API size_t sg_validation_count_severity(const sg_validation *v,
					   sg_severity s);

/**
 * Finding i (0-based), borrowed from v; NULL when i is out of range.
 * Findings come ordered by severity (errors first), then check.
 */
SG_API const sg_finding *sg_validation_get(const sg_validation *v, size_t i);

/**
 * Finding i's message in a language: "vi" or "en", or NULL for the
 * messages' language (gettext, domain "schoolgis").  An import
 * finding's reason is written from its code in that language; the other
 * checks' messages, and the reasons of rows from before schema 5, stay
 * English as sg_finding.message has them.
 *
 * @return a string kept in v until sg_validation_free; NULL when i is
 *         out of range.
 */
SG_API const char *sg_validation_message(sg_validation *v, size_t i,
					 const char *lang);

/** "info", "warning" or "error". */
SG_API const char *sg_severity_name(sg_severity s);

/** Free a validation; NULL is a no-op. */
SG_API void sg_validation_free(sg_validation *v);

SG_END_DECL

#endif /* SCHOOLGIS_VALIDATE_H */
