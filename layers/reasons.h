/*
 * layers/reasons.h - why an import rejected, repaired, flagged or
 * skipped a value: stable codes with their English and Vietnamese
 * sentences, one table (layers/reasons.c).
 *
 * Each SG_R_ macro is a reason's code and its English format, the two
 * arguments sg_import__issue takes after the action, so the compiler
 * checks the format against the values given.  The store keeps the
 * code and the values filled in (import_issues.code, .args: a JSON
 * array of the values as text); the rejects CSV, `validate` and the
 * report's data-quality annex write the sentence of their language from
 * them.  Stores made before the codes (schema 4) keep their English
 * text, shown as it is.
 */
#ifndef SG_LAYERS_REASONS_H
#define SG_LAYERS_REASONS_H

#include <stdarg.h>
#include <stddef.h>

#define SG_R_NOT_WHOLE "count.not_whole", "not a whole number"
#define SG_R_NEGATIVE_COUNT "count.negative", "negative count"
#define SG_R_NOT_BOOL                                                          \
	"bool.invalid", "not a yes/no value (expected Có/Không, yes/no, 1/0)"
#define SG_R_NOT_NUMBER "number.invalid", "not a number"
#define SG_R_NEGATIVE_VALUE "number.negative", "negative value"
#define SG_R_COORD_MISSING "coord.missing", "missing coordinate"
#define SG_R_COORD_NOT_NUMBER "coord.not_number", "coordinate is not a number"
#define SG_R_GEOMETRY_MISSING "geometry.missing", "missing geometry"
#define SG_R_NOT_POINT "geometry.not_point", "not a point"
#define SG_R_COORD_ZERO                                                        \
	"coord.zero",                                                          \
		"coordinates 0, 0 are not a location (empty cells saved as "   \
		"0?)"
#define SG_R_LONLAT_SWAPPED                                                    \
	"coord.range_swapped",                                                 \
		"longitude/latitude out of range (are the columns swapped?)"
#define SG_R_LONLAT_RANGE "coord.range", "longitude/latitude out of range"
#define SG_R_COORD_TRANSFORM                                                   \
	"coord.transform",                                                     \
		"cannot be transformed to EPSG:4326 (outside the CRS's area?)"
#define SG_R_ROW_TOTALS "row.totals", "totals row"
#define SG_R_ROW_FOOTER                                                        \
	"row.footer", "below the table (signature, date or note)"
#define SG_R_ROW_NO_DATA "row.no_data", "no data in the table's columns"
#define SG_R_ROW_BLANK "row.blank", "blank row"
#define SG_R_CODE_ZEROS                                                        \
	"code.leading_zeros",                                                  \
		"read as %s (the spreadsheet dropped its leading zeros)"
#define SG_R_ROWS_ABOVE_HEADER                                                 \
	"row.above_header", "rows 1-%lld above the header (titles) not read"
#define SG_R_ENCODING_GUESSED                                                  \
	"file.encoding",                                                       \
		"read as %s text (found from its letters; name another "       \
		"encoding to read it so)"
#define SG_R_XY_SWAPPED                                                        \
	"coord.xy_swapped",                                                    \
		"X/Y read as northing/easting: as written no point lies in "   \
		"the study area, swapped %d of %d do"
#define SG_R_SHEET_SKIPPED "file.sheet_skipped", "sheet not imported: %s"
#define SG_R_WARD_UNKNOWN "applicant.ward_unknown", "unknown declared ward code"
#define SG_R_HOME_OUTSIDE                                                      \
	"applicant.home_outside",                                              \
		"home point outside the study area (outside every unit; kept)"
#define SG_R_HOME_ELSEWHERE                                                    \
	"applicant.home_elsewhere",                                            \
		"home point outside the declared ward (a known source of "     \
		"false addresses)"
#define SG_R_UNIT_UNKNOWN "school.unit_unknown", "unknown unit code"
#define SG_R_POINT_OUTSIDE                                                     \
	"school.point_outside",                                                \
		"point outside every unit of the study area (kept)"
#define SG_R_POINT_ELSEWHERE                                                   \
	"school.point_elsewhere",                                              \
		"the point lies in another ward than the one declared"
#define SG_R_CHOICE_GAP                                                        \
	"choice.gap",                                                          \
		"choice %d is empty but choice %d is given (choices are "      \
		"ranked: fill them in order)"
#define SG_R_CHOICE_REPEAT                                                     \
	"choice.repeat", "choice %d repeats choice %d (school %s)"
#define SG_R_CHOICE_UNKNOWN                                                    \
	"choice.unknown_school",                                               \
		"choice %d: unknown school '%s' (import schools first)"
#define SG_R_CHOICE_GRADE                                                      \
	"choice.grade", "choice %d: school '%s' does not teach grade %ld"
#define SG_R_AGE_UNUSUAL                                                       \
	"applicant.age_unusual",                                               \
		"age %d in %.4s is unusual for grade %ld (expected about %d)"
#define SG_R_APPLICANT_SAME                                                    \
	"applicant.same_person",                                               \
		"duplicate applicant: same name, birth date and home as row "  \
		"%lld (code %s)"
#define SG_R_APPLICANT_CODE_MISSING                                            \
	"applicant.code_missing", "missing applicant code"
#define SG_R_GRADE_MISSING "grade.missing", "missing grade"
#define SG_R_GRADE_INVALID "grade.invalid", "not a grade (expected 1, 6 or 10)"
#define SG_R_GRADE_NOT_ENTRY                                                   \
	"grade.not_entry", "the entry grade must be 1, 6 or 10"
#define SG_R_APPLICANT_YEAR_INVALID                                            \
	"applicant.year_invalid", "not a school year like 2024-2025"
#define SG_R_YEAR_MISSING "year.missing", "missing school year"
#define SG_R_BIRTH_INVALID                                                     \
	"applicant.birth_invalid", "not a date (dd/mm/yyyy or yyyy-mm-dd)"
#define SG_R_PRIORITY_RANGE                                                    \
	"applicant.priority_range",                                            \
		"the priority group must be 1, 2 or 3 (empty or 0: none)"
#define SG_R_PRIORITY_INVALID                                                  \
	"applicant.priority_invalid",                                          \
		"not a priority group (1, 2 or 3, UT1, Ưu tiên 1, Nhóm 1, " \
		"Diện 1 ...; add the label to [priority_labels] of the "     \
		"standards)"
#define SG_R_SCORE_RANGE                                                       \
	"applicant.score_range",                                               \
		"exam score out of range (%g to %g; admission.score_min and "  \
		"score_max of the standards)"
#define SG_R_SCORE_MISSING                                                     \
	"applicant.score_missing", "grade 10 needs the admission exam score"
#define SG_R_CHOICE_NONE                                                       \
	"applicant.no_choice", "grade 10 needs at least one school choice (NV1)"
#define SG_R_APPLICANT_DUPLICATE                                               \
	"applicant.duplicate",                                                 \
		"duplicate applicant code for %s (first at row %lld)"
#define SG_R_POP_UNIT_OUTSIDE                                                  \
	"population.unit_outside",                                             \
		"unit not in the store (outside the study area?): row not "    \
		"read"
#define SG_R_POP_UNIT_UNKNOWN                                                  \
	"population.unit_unknown",                                             \
		"unknown unit code: matches no unit of the store (import "     \
		"units first)"
#define SG_R_UNIT_CODE_MISSING "unit.code_missing", "missing unit code"
#define SG_R_CENSUS_YEAR_INVALID                                               \
	"population.year_invalid", "not a year like 2019"
#define SG_R_AGE_BAND_HALF                                                     \
	"population.age_band_half", "age band needs both ages"
#define SG_R_AGE_BAND_REVERSED                                                 \
	"population.age_band_reversed", "age band ends before it starts"
#define SG_R_COUNT_MISSING "population.count_missing", "missing count"
#define SG_R_POP_DUPLICATE                                                     \
	"population.duplicate",                                                \
		"duplicate unit, year and age band (first at row %lld)"
#define SG_R_STUDENTS_FEWER                                                    \
	"school.students_fewer",                                               \
		"fewer students than the sum of the levels' students (%lld)"
#define SG_R_TEACHERS_IT_MORE                                                  \
	"school.teachers_it_more",                                             \
		"more IT-standard teachers than teachers (%lld)"
#define SG_R_SCHOOL_CODE_MISSING "school.code_missing", "missing school code"
#define SG_R_LEVEL_UNKNOWN "school.level_unknown", "unknown level name"
#define SG_R_LEVEL_MISSING "school.level_missing", "missing level"
#define SG_R_SCHOOL_YEAR_INVALID                                               \
	"school.year_invalid", "not a school year like 2016-2017"
#define SG_R_SCHOOL_DUPLICATE                                                  \
	"school.duplicate", "duplicate school code for %s (first at row %lld)"
#define SG_R_UNIT_RANGE_TRANSFORMED                                            \
	"unit.range_transformed",                                              \
		"unit %s: vertices out of range for longitude (-180 to 180) "  \
		"and latitude (-90 to 90) after the transform to EPSG:4326 "   \
		"(absurd coordinates or the wrong coordinate system)"
#define SG_R_UNIT_RANGE_DEGREES                                                \
	"unit.range_degrees",                                                  \
		"unit %s: vertices out of range for longitude (-180 to 180) "  \
		"and latitude (-90 to 90) (read as degrees: projected metres " \
		"need their CRS named, e.g. a UTM zone or VN-2000)"
#define SG_R_NOT_POLYGON "geometry.not_polygon", "not a polygon"
#define SG_R_UNIT_GEOMETRY_UNREADABLE                                          \
	"unit.geometry_unreadable",                                            \
		"unit %s: cannot read or transform the geometry"
#define SG_R_POLYGON_REPAIRED                                                  \
	"geometry.repaired", "invalid polygon made valid with GEOS"
#define SG_R_POLYGON_INVALID                                                   \
	"geometry.invalid", "invalid polygon that cannot be repaired"
#define SG_R_POLYGON_EMPTY "geometry.empty", "empty polygon"
#define SG_R_SET_NO_DATE                                                       \
	"unit.set_no_date",                                                    \
		"no date: the column names the unit's administrative set (or " \
		"name the set)"
#define SG_R_SET_INVALID                                                       \
	"unit.set_invalid",                                                    \
		"neither a date (YYYY-MM-DD or DD/MM/YYYY) nor an "            \
		"administrative set of the store"
#define SG_R_UNIT_OWN_PARENT                                                   \
	"unit.own_parent", "a unit cannot be its own parent"
#define SG_R_UNIT_KIND_UNKNOWN                                                     \
	"unit.kind_unknown", "unknown kind of unit (expected ward/xã/phường, " \
			     "district/huyện/quận or city/tỉnh)"
#define SG_R_UNIT_POP_INVALID                                                  \
	"unit.population_invalid", "not a population count"
#define SG_R_UNIT_DUPLICATE                                                    \
	"unit.duplicate", "duplicate unit code (first at row %lld)"
#define SG_R_PARENT_MISSING                                                    \
	"unit.parent_missing", "parent unit code not in the store"

/* One reason: its code, English and Vietnamese formats (the same
 * conversions in the same order). */
typedef struct {
	const char *code;
	const char *en;
	const char *vi;
} sg_reason;

/* The reason of a code, or NULL. */
const sg_reason *sg_reason__find(const char *code);

/* Reason i of the table (0-based), NULL past its end. */
const sg_reason *sg_reason__at(size_t i);

/* The values a format filled in, each as its conversion wrote it. */
#define SG_REASON_ARGS_MAX 8
typedef struct {
	int n;
	char v[SG_REASON_ARGS_MAX][256];
} sg_reason_args;

/* Collect the values of fmt's conversions from ap into *a. */
void sg_reason__collect(const char *fmt, va_list ap, sg_reason_args *a);

/* The values as a JSON array of strings (malloc'd), NULL when out of
 * memory. */
char *sg_reason__args_json(const sg_reason_args *a);

/* Parse a JSON array of strings (NULL or "": none).  0, or -1 when it
 * is not one. */
int sg_reason__args_parse(const char *json, sg_reason_args *a);

/*
 * Write fmt with its conversions replaced by the values, in order (a
 * real number's point becomes a comma in Vietnamese); "%%" is "%".
 * Returns 0, or -1 when fmt wants more values than a holds.
 */
int sg_reason__fill(const char *fmt, const sg_reason_args *a, int vi, char *out,
		    size_t n);

/*
 * The sentence of a stored reason in Vietnamese (vi) or English: the
 * code's format filled with the values (args: their JSON array), else
 * `fallback` (the stored English text of a store older than the codes,
 * or of a code this version does not know).  Returns out or fallback.
 */
const char *sg_reason__text(const char *code, const char *args, int vi,
			    const char *fallback, char *out, size_t n);

/* Whether the messages' language (gettext, domain "schoolgis") is
 * Vietnamese: the catalogue in use says "Language: vi". */
int sg_reason__msg_vi(void);

#endif /* SG_LAYERS_REASONS_H */
