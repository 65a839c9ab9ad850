/*
 * report/strings.h - every text of the report, in Vietnamese and
 * English, in one table (report/strings.c).  Sentences are whole format
 * strings, never assembled from fragments.
 */
#ifndef SG_REPORT_STRINGS_H
#define SG_REPORT_STRINGS_H

typedef enum {
	SR_LANG_VI = 0,
	SR_LANG_EN = 1
} sr_lang;

typedef enum {
	SR_TITLE_DISTRICT,   /* %s unit name, %s year */
	SR_TITLE_CITY,
	SR_SUBTITLE,         /* %s unit code, %s date */
	SR_STANDARDS,
	SR_STANDARDS_SOURCE, /* %s source */
	SR_KEY_FIGURES,
	SR_FIGURE, SR_VALUE,
	SR_K_SCHOOLS, SR_K_STUDENTS, SR_K_TEACHING, SR_K_MANAGEMENT,
	SR_K_RATIO, SR_K_COMPLIANT, SR_K_MISSING, SR_K_COST, SR_K_EQUIPMENT,
	SR_K_COVERAGE,       /* %s level name, %.0f metres */
	SR_K_OVER_CAPACITY,  /* %s level name */
	SR_K_UNSERVED,       /* %s level name */
	SR_K_SCHOOLS_LEVEL,  /* %s level name */
	SR_CHARTS,
	SR_CHART_RATIO,
	SR_CHART_COMPLIANT_WARD,
	SR_CHART_COMPLIANT_DISTRICT,
	SR_CHART_TREND,
	SR_MAPS,
	SR_MAP_CATCHMENTS, SR_MAP_SCHOOLS, SR_MAP_UNSERVED, SR_MAP_ROLLUP,
	SR_MAP_CITY_RATIO, SR_MAP_CITY_COMPLIANT, SR_MAP_CITY_FIBRE,
	SR_MAP_NO_RUN,
	SR_TABLES,
	SR_T_LEVELS, SR_T_UNITS_WARD, SR_T_UNITS_DISTRICT, SR_T_IT,
	SR_T_SCHOOLS, SR_T_OVER, SR_T_TRENDS,
	SR_NONE_OVER,
	SR_T_ADMIT,          /* %d grade, %lld run */
	SR_ADMIT_SUMMARY,    /* %.0f applicants, placed, unplaced, at first */
	SR_ANNEX_METHOD, SR_METHOD_TEXT,
	SR_ANNEX_QUALITY, SR_QUALITY_SUMMARY, /* %zu errors, %zu warnings */
	SR_QUALITY_MORE,     /* %zu more */
	SR_ANNEX_PROVENANCE, SR_PROVENANCE_TEXT,
	SR_CSV_NOTE,         /* %s file prefix */
	SR_LEVEL_PRESCHOOL, SR_LEVEL_PRIMARY, SR_LEVEL_LOWER, SR_LEVEL_UPPER,
	SR_LEVEL_MULTI, SR_LEVEL_ALL,
	SR_YES, SR_NO, SR_UNKNOWN, SR_NA, SR_NO_COMPUTERS,
	SR_SEV_ERROR, SR_SEV_WARNING, SR_SEV_INFO,
	SR__COUNT
} sr_key;

/* The text of key in lang. */
const char *sr_text(sr_lang lang, sr_key key);

/* A column's label ("students" -> "Số học sinh"), or the name itself. */
const char *sr_column(sr_lang lang, const char *column);

/* A level group's name ("primary" -> "Tiểu học"), or the name itself. */
const char *sr_level(sr_lang lang, const char *level);

/* A yes/no/unknown cell of the statistics ("yes" -> "Đạt"). */
const char *sr_value(sr_lang lang, const char *value);

#endif /* SG_REPORT_STRINGS_H */
