/*
 * schoolgis/common.h - export macro, C++ guards and library version.
 *
 * Every public header includes this one first.  Public headers include
 * only <stddef.h>, <stdint.h>, <stdbool.h> and each other, so a program
 * using libschoolgis never needs GDAL, GEOS, PROJ, SQLite or libpng headers.
 */
#ifndef SCHOOLGIS_COMMON_H
#define SCHOOLGIS_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#ifdef __cplusplus
#define SG_BEGIN_DECL extern "C" {
#define SG_END_DECL }
#else
#define SG_BEGIN_DECL
#define SG_END_DECL
#endif

/** Marks a symbol exported from the shared library (built -fvisibility=hidden). */
#if defined(__GNUC__) || defined(__clang__)
#define SG_API __attribute__((visibility("default")))
#else
#define SG_API
#endif

/** Library version, as major.minor.patch. */
#define SG_VERSION_MAJOR 0
#define SG_VERSION_MINOR 1
#define SG_VERSION_PATCH 0
#define SG_VERSION_STRING "0.1.0"

SG_BEGIN_DECL

/**
 * Version of the library that is linked at run time.
 *
 * @return a static string such as "0.1.0"; never NULL, never freed.
 */
SG_API const char *sg_version(void);

/**
 * Versions of the libraries libschoolgis is linked against, as one line,
 * e.g. "schoolgis 0.1.0; GDAL 3.6.2; GEOS 3.11.1; PROJ 9.1.1; ...".
 * Runs record it as provenance.
 *
 * @return a static string; never NULL, never freed.
 */
SG_API const char *sg_dependency_versions(void);

/**
 * Free memory that the library handed to the caller (strings, arrays).
 * NULL is a no-op.  Never pass memory obtained from another allocator.
 *
 * @param ptr  memory returned by an sg_ function that says "free with sg_free"
 */
SG_API void sg_free(void *ptr);

SG_END_DECL

#endif /* SCHOOLGIS_COMMON_H */
