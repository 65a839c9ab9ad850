/*
 * report/strings.h - every text of the report, in Vietnamese and
 * English, in one table (report/strings.c).  Sentences are whole format
 * strings, never assembled from fragments.
 */
#ifndef SG_REPORT_STRINGS_H
#define SG_REPORT_STRINGS_H

typedef enum { SR_LANG_VI = 0, SR_LANG_EN = 1 } sr_lang;

typedef enum {
	SR_TITLE_DISTRICT, /* %s unit name, %s year */
	SR_TITLE_CITY,
	SR_SUBTITLE, /* %s unit code, %s date */
	SR_STANDARDS,
	SR_STANDARDS_SOURCE, /* %s source */
	SR_KEY_FIGURES,
	SR_FIGURE,
	SR_VALUE,
	SR_K_SCHOOLS,
	SR_K_STUDENTS,
	SR_K_TEACHING,
	SR_K_MANAGEMENT,
	SR_K_RATIO,
	SR_K_COMPLIANT,
	SR_K_MISSING,
	SR_K_COST,
	SR_K_EQUIPMENT,
	SR_K_COVERAGE,		 /* %s level name, %.0f metres */
	SR_K_OVER_CAPACITY,	 /* %s level name */
	SR_K_UNSERVED,		 /* %s level name */
	SR_K_SCHOOLS_LEVEL,	 /* %s level name */
	SR_K_COVERAGE_ROAD,	 /* %s level name, %.0f metres, by road */
	SR_K_COVERAGE_ROAD_TIME, /* %s level name, %g minutes, by road */
	SR_METHOD_ROAD,		 /* %s network, %s profile, %.0f snap metres */
	SR_CHARTS,
	SR_CHART_RATIO,
	SR_CHART_COMPLIANT_WARD,
	SR_CHART_COMPLIANT_DISTRICT,
	SR_CHART_TREND,
	SR_MAPS,
	SR_MAP_CATCHMENTS,
	SR_MAP_SCHOOLS,
	SR_MAP_UNSERVED,
	SR_MAP_ROLLUP,
	SR_MAP_CITY_RATIO,
	SR_MAP_CITY_COMPLIANT,
	SR_MAP_CITY_FIBRE,
	SR_MAP_NO_RUN,
	SR_TABLES,
	SR_T_LEVELS,
	SR_T_UNITS_WARD,
	SR_T_UNITS_DISTRICT,
	SR_T_IT,
	SR_T_SCHOOLS,
	SR_T_OVER,
	SR_T_TRENDS,
	SR_NONE_OVER,
	SR_T_ADMIT,	  /* %d grade, %lld run */
	SR_ADMIT_SUMMARY, /* %.0f applicants, placed, unplaced, at first */
	SR_ANNEX_METHOD,
	SR_METHOD_TEXT,
	SR_ANNEX_QUALITY,
	SR_QUALITY_SUMMARY, /* %zu errors, %zu warnings */
	SR_QUALITY_MORE,    /* %zu more */
	SR_ANNEX_PROVENANCE,
	SR_PROVENANCE_TEXT,
	SR_CSV_NOTE, /* %s file prefix */
	SR_LEVEL_PRESCHOOL,
	SR_LEVEL_PRIMARY,
	SR_LEVEL_LOWER,
	SR_LEVEL_UPPER,
	SR_LEVEL_MULTI,
	SR_LEVEL_ALL,
	SR_YES,
	SR_NO,
	SR_UNKNOWN,
	SR_NA,
	SR_NO_COMPUTERS,
	SR_SEV_ERROR,
	SR_SEV_WARNING,
	SR_SEV_INFO,
	/* Maps: legends, titles, furniture. */
	SR_MAP_NO_DATA,
	SR_MAP_ALL_VALUES,
	SR_MAP_ONE_UNSERVED,
	SR_MAP_ONE_CATCHMENT,
	SR_MAP_ONE_SCHOOL,
	SR_MAP_ONE_UNIT,
	SR_MAP_L_UNSERVED,
	SR_MAP_L_CATCHMENTS,
	SR_MAP_L_SCHOOLS,
	SR_MAP_L_UNITS,
	SR_MAP_RUN, /* %s level name, %s method name */
	SR_METHOD_VORONOI,
	SR_METHOD_DISTANCE,
	SR_METHOD_CAPACITY,
	SR_NORTH,      /* the letter of the north arrow */
	SR_SCALE,      /* %s "1:25.000" */
	SR_MAP_EXTENT, /* %s minlon, %s minlat, %s maxlon, %s maxlat */
	SR_MAP_NEIGHBOURS,
	SR_STD_UNSET,
	SR_STD_DEFAULTS,
	SR_PAGE, /* page number label */
	/* Viewer. */
	SR_V_TITLE,
	SR_V_LAYERS,
	SR_V_LEGEND,
	SR_V_SEARCH,
	SR_V_NO_MATCH,
	SR_V_CLICK_HINT,
	SR_V_IN_ZONE, /* {school} {distance} */
	SR_V_OUTSIDE, /* {school} {distance} */
	SR_V_NEAREST,
	SR_V_DISTANCE,
	SR_V_SCHOOL,
	SR_V_UNIT,
	SR_V_LEVELS,
	SR_V_STUDENTS,
	SR_V_TEACHING,
	SR_V_MANAGEMENT,
	SR_V_PER_TEACHING,
	SR_V_PER_COMPUTER,
	SR_V_COMPLIANT,
	SR_V_SEATS,
	SR_V_UTILIZATION,
	SR_V_LANG,
	SR_V_ZOOM_IN,
	SR_V_ZOOM_OUT,
	SR_V_ATTRIBUTION,
	SR_V_CATCHMENT_OF,
	SR_V_CODE,
	SR__COUNT
} sr_key;

/* The text of key in lang. */
const char *sr_text(sr_lang lang, sr_key key);

/* "vi" or "en" (NULL: vi) into *out; -1 for another name. */
int sr_lang_parse(const char *name, sr_lang *out);

/*
 * A number in the language's format into out: vi "1.234,5", en
 * "1,234.5", with `decimals` decimals (whole numbers print without;
 * decimals < 0: as many as needed up to 3 significant ones after the
 * point).  NaN prints "–".  Returns out.
 */
char *sr_fmt_num(sr_lang lang, double v, int decimals, char *out, size_t n);

/* Is a column a count (students, schools, computers, ...) that prints as
 * a whole number? */
int sr_is_count(const char *column);

/* A column's label ("students" -> "Số học sinh"), or the name itself. */
const char *sr_column(sr_lang lang, const char *column);

/* A level group's name ("primary" -> "Tiểu học"), or the name itself. */
const char *sr_level(sr_lang lang, const char *level);

/* A yes/no/unknown cell of the statistics ("yes" -> "Đạt"). */
const char *sr_value(sr_lang lang, const char *value);

/* A map indicator's title ("compliant_pct" -> "Tỷ lệ trường đạt chuẩn
 * máy tính (%)"), or the name itself. */
const char *sr_indicator(sr_lang lang, const char *by);

/* A map legend's category label ("yes" -> "Đạt chuẩn máy tính",
 * "primary" -> "Tiểu học"), or the value itself. */
const char *sr_category(sr_lang lang, const char *value);

/* What a data check looks for, as a sentence ("figures_multilevel" ->
 * "Trường nhiều cấp học không có số học sinh theo cấp"), or NULL. */
const char *sr_check(sr_lang lang, const char *check);

/* A standards key's label ("ratios.primary" -> "Số học sinh trên một
 * máy tính dạy học, tiểu học"); NULL for an unknown key.  sr_standard_key
 * gives the i-th key (NULL past the end) in the order of the annex. */
const char *sr_standard(sr_lang lang, const char *key);
const char *sr_standard_key(size_t i);

/* A comma-separated list of levels ("primary,lower_secondary") as
 * "Tiểu học, Trung học cơ sở" into out.  Returns out. */
char *sr_levels(sr_lang lang, const char *levels, char *out, size_t n);

/*
 * Every text of every table, for the tests and the viewer: fn is called
 * with a stable id ("key:12", "column:students", ...), the Vietnamese and
 * the English text.
 */
void sr_each(void (*fn)(const char *id, const char *vi, const char *en,
			void *payload),
	     void *payload);

#endif /* SG_REPORT_STRINGS_H */
